//! `opsplan mrp`: the time-phased material plan of a plan file as JSON or as the textbook record
//! printed as text (DESIGN.md §4, §5).

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use thiserror::Error;

use super::operations::{OperationError, PRETTY_JSON_LIMIT, analyze_read};
use crate::analytics::Analysis;
use crate::analytics::mrp::{ItemRecord, MrpException};
use crate::domain::Plan;

/// Why the material plan could not be shown.
#[derive(Debug, Error)]
pub enum MaterialError {
    /// The plan could not be read, was invalid, or had no such scenario.
    #[error(transparent)]
    Operation(#[from] OperationError),
    /// `--item` named a code the plan does not have.
    #[error("{path}: no item with code \"{code}\" in the items table")]
    UnknownItem {
        /// The plan file.
        path: String,
        /// The code asked for.
        code: String,
    },
    /// The result could not be written as JSON.
    #[error("could not write the material plan as JSON: {0}")]
    Serialize(String),
}

/// The `opsplan mrp --json` document: the chosen records and the `mrp` summary of `analyze`.
#[derive(Debug, Serialize)]
pub struct MaterialReport<'a> {
    /// Records of every item (plan order), or of the one asked for.
    pub items: Vec<ItemRecord<'a>>,
    /// `Σ_t V_t · holding_rate / periods_per_year`.
    pub holding_cost: f64,
    /// `Σ_i order_cost_i · #orders`.
    pub ordering_cost: f64,
    /// Inventory value per period.
    pub inventory_value: &'a [f64],
    /// Average inventory value over the horizon.
    pub average_inventory_value: f64,
    /// Exceptions of the chosen items, in item order then period.
    pub exceptions: Vec<&'a MrpException>,
}

/// A plan (or scenario) read from a file and its analysis.
pub struct AnalysedPlan {
    /// The plan analysed (the scenario's when one was asked for).
    pub plan: Plan,
    /// Its analysis.
    pub analysis: Analysis,
}

/// Reads and analyses the plan in `plan_path` (or its named scenario).
pub fn analyse_for_mrp(
    plan_path: &Path,
    scenario: Option<&str>,
) -> Result<AnalysedPlan, MaterialError> {
    let plan = super::files::read_plan(plan_path).map_err(OperationError::from)?;
    let plan = match scenario {
        None => plan,
        Some(name) => super::operations::scenario_plan(plan, name, plan_path)?,
    };
    let analysis = analyze_read(&plan, plan_path)?;
    Ok(AnalysedPlan { plan, analysis })
}

/// The output of `opsplan mrp`: the JSON document (with `json`) or the text records, for every
/// item or only `item`.
pub fn mrp_output(
    plan_path: &Path,
    scenario: Option<&str>,
    item: Option<&str>,
    json: bool,
) -> Result<String, MaterialError> {
    let analysed = analyse_for_mrp(plan_path, scenario)?;
    let report = material_report(&analysed, item, plan_path)?;
    if json {
        Ok(material_json(&report)? + "\n")
    } else {
        Ok(material_table(&report, &analysed.plan))
    }
}

/// The records to show: every item's, or only `item`'s (an unknown code is an error naming it).
pub fn material_report<'a>(
    analysed: &'a AnalysedPlan,
    item: Option<&str>,
    plan_path: &Path,
) -> Result<MaterialReport<'a>, MaterialError> {
    let material = &analysed.analysis.mrp;
    let items: Vec<ItemRecord<'a>> = match item {
        None => material.plan.records().collect(),
        Some(code) => {
            let index = analysed
                .plan
                .items
                .iter()
                .position(|row| row.code == code)
                .and_then(|index| material.plan.record(index))
                .ok_or_else(|| MaterialError::UnknownItem {
                    path: plan_path.display().to_string(),
                    code: code.to_string(),
                })?;
            vec![index]
        }
    };
    let exceptions = material
        .exceptions
        .iter()
        .filter(|exception| item.is_none_or(|code| exception.item == code))
        .collect();
    Ok(MaterialReport {
        items,
        holding_cost: material.holding_cost,
        ordering_cost: material.ordering_cost,
        inventory_value: &material.inventory_value,
        average_inventory_value: material.average_inventory_value,
        exceptions,
    })
}

/// The report as JSON, pretty-printed up to [`PRETTY_JSON_LIMIT`] bytes and compact above (as
/// `analyze --json`); serde_json writes non-finite numbers as null.
pub fn material_json(report: &MaterialReport<'_>) -> Result<String, MaterialError> {
    let to_error = |e: serde_json::Error| MaterialError::Serialize(e.to_string());
    let compact = serde_json::to_string(report).map_err(to_error)?;
    if compact.len() > PRETTY_JSON_LIMIT {
        return Ok(compact);
    }
    serde_json::to_string_pretty(report).map_err(to_error)
}

/// The record rows as a textbook prints them, with their labels.
const ROWS: [&str; 6] = [
    "Gross requirements",
    "Scheduled receipts",
    "Projected on hand",
    "Net requirements",
    "Planned receipts",
    "Planned releases",
];

/// The time-phased records as text: per item a heading (level, policy, lead time, on hand,
/// safety stock) and one line per row with a column per period, then the exceptions and the
/// inventory value.
pub fn material_table(report: &MaterialReport<'_>, plan: &Plan) -> String {
    let mut text = String::new();
    for record in &report.items {
        let item = plan.items.iter().find(|row| row.code == record.item);
        let _ = writeln!(
            text,
            "{} (level {}, {}, lead time {}, on hand {}, safety stock {})",
            record.item,
            record.level,
            item.map_or("lot_for_lot", |i| i.order_policy.as_str()),
            item.map_or(0, |i| i.lead_time),
            quantity(item.map_or(0.0, |i| i.on_hand)),
            quantity(item.map_or(0.0, |i| i.safety_stock)),
        );
        let periods = record.gross.len();
        let columns: Vec<String> = (1..=periods).map(|t| t.to_string()).collect();
        let rows = record.rows();
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|row| row.iter().map(|&v| quantity(v)).collect())
            .collect();
        let width = (0..periods)
            .map(|t| {
                cells
                    .iter()
                    .filter_map(|row| row.get(t))
                    .chain(columns.get(t))
                    .map(|cell| cell.chars().count())
                    .max()
                    .unwrap_or(1)
            })
            .collect::<Vec<_>>();
        let label_width = ROWS.iter().map(|l| l.len()).max().unwrap_or(0);
        let _ = write!(text, "{:label_width$}", "Period");
        for (column, w) in columns.iter().zip(&width) {
            let _ = write!(text, "  {column:>w$}");
        }
        text.push('\n');
        for (label, row) in ROWS.iter().zip(&cells) {
            let _ = write!(text, "{label:label_width$}");
            for (cell, w) in row.iter().zip(&width) {
                let _ = write!(text, "  {cell:>w$}");
            }
            text.push('\n');
        }
        text.push('\n');
    }
    if report.exceptions.is_empty() {
        text.push_str("Exceptions: none\n");
    } else {
        text.push_str("Exceptions:\n");
        for exception in &report.exceptions {
            let release = exception.release_period.map_or(String::new(), |p| {
                format!(", should have been released in period {p}")
            });
            let _ = writeln!(
                text,
                "  {} {} in period {}: {}{}",
                exception.item,
                exception.kind.as_str(),
                exception.period,
                quantity(exception.qty),
                release
            );
        }
    }
    let _ = writeln!(
        text,
        "Average inventory value {:.2}; holding cost {:.2}; ordering cost {:.2}",
        report.average_inventory_value, report.holding_cost, report.ordering_cost
    );
    text
}

/// A quantity with at most three decimals and no trailing zeros (`12.5`, `3`, `0.333`).
fn quantity(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_drop_trailing_zeros_and_keep_three_decimals() {
        assert_eq!(quantity(12.5), "12.5");
        assert_eq!(quantity(3.0), "3");
        assert_eq!(quantity(1.0 / 3.0), "0.333");
        assert_eq!(quantity(-0.0001), "0");
        assert_eq!(quantity(f64::NAN), "");
    }
}
