//! Levelling as an operation (DESIGN.md §4 `opsplan level`, §6): solve the plan in a file, show
//! the result as text, and adopt the levelled schedule as the plan's master schedule.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::files::{read_plan, write_plan_to};
use super::operations::OperationError;
use crate::analytics::level::{LevelError, LevelResult, level};
use crate::domain::{MasterScheduleRow, Plan};

/// Quantities written to master_schedule are rounded to this many decimals (§6).
const APPLY_DECIMALS: i32 = 6;

/// Levels the plan stored in `plan_path`.
pub fn level_file(plan_path: &Path) -> Result<LevelResult, OperationError> {
    let plan = read_plan(plan_path)?;
    level_plan_at(&plan, plan_path)
}

/// Levels the plan in `plan_path` and writes the schedule as its master_schedule rows, in place
/// (atomically) or to `output`. Nothing is written when the plan is invalid or the solve fails.
pub fn level_and_apply_file(
    plan_path: &Path,
    output: Option<&Path>,
) -> Result<LevelResult, OperationError> {
    let mut plan = read_plan(plan_path)?;
    let result = level_plan_at(&plan, plan_path)?;
    plan.master_schedule = levelled_master_schedule(&plan, &result);
    let target = output.unwrap_or(plan_path);
    write_plan_to(&plan, target)?;
    Ok(result)
}

fn level_plan_at(plan: &Plan, path: &Path) -> Result<LevelResult, OperationError> {
    level(plan).map_err(|error| match error {
        LevelError::Invalid(report) => OperationError::Invalid {
            path: path.to_path_buf(),
            report,
        },
        source => OperationError::Level {
            path: path.to_path_buf(),
            source,
        },
    })
}

/// The plan's master_schedule after adopting `result` (§6): every levelled item without parents
/// gets its x > 0 rounded to 6 decimals, replacing its old rows, or the single row (item, 1, 0)
/// when nothing is made, so it stays master-scheduled. Rows of other items are kept, first.
/// A levelled item with parents (a spare part with its own demand) gets no rows: the material
/// plan keeps netting its whole demand.
pub fn levelled_master_schedule(plan: &Plan, result: &LevelResult) -> Vec<MasterScheduleRow> {
    let scheduled: Vec<&str> = result
        .items
        .iter()
        .filter(|item| !item.has_parents)
        .map(|item| item.code.as_str())
        .collect();
    let replaced: HashSet<&str> = scheduled.iter().copied().collect();
    let mut rows: Vec<MasterScheduleRow> = plan
        .master_schedule
        .iter()
        .filter(|row| !replaced.contains(row.item.as_str()))
        .cloned()
        .collect();
    let scale = 10f64.powi(APPLY_DECIMALS);
    let mut by_item: HashMap<&str, Vec<MasterScheduleRow>> = HashMap::new();
    for row in &result.schedule {
        let qty = (row.qty * scale).round() / scale;
        if qty > 0.0 {
            by_item
                .entry(row.item.as_str())
                .or_default()
                .push(MasterScheduleRow {
                    item: row.item.clone(),
                    period: row.period,
                    qty,
                });
        }
    }
    for code in scheduled {
        match by_item.remove(code) {
            Some(item_rows) => rows.extend(item_rows),
            None => rows.push(MasterScheduleRow {
                item: code.to_string(),
                period: 1,
                qty: 0.0,
            }),
        }
    }
    rows
}

/// The levelled plan as text for the terminal: the cost parts, then schedule, late units,
/// overtime and binding capacity, one line each.
pub fn level_summary(result: &LevelResult) -> String {
    let mut text = String::new();
    for (label, value) in [
        ("objective", result.objective),
        ("holding cost", result.holding_cost),
        ("backorder cost", result.backorder_cost),
        ("lost sales cost", result.lost_sales_cost),
        ("overtime cost", result.overtime_cost),
    ] {
        text.push_str(&format!("{label:<20} {value:>14.2}\n"));
    }
    let schedule = result.schedule.iter();
    let title = format!("schedule ({} rows)", result.schedule.len());
    push_rows(
        &mut text,
        &title,
        ["item", "period", "qty"],
        schedule.map(|r| (&*r.item, r.period, r.qty)),
    );
    if !result.late.is_empty() {
        let late = result.late.iter().map(|r| (&*r.item, r.period, r.qty));
        push_rows(&mut text, "late", ["item", "period", "qty"], late);
    }
    if !result.overtime.is_empty() {
        let overtime = result
            .overtime
            .iter()
            .map(|r| (&*r.resource, r.period, r.hours));
        push_rows(
            &mut text,
            "overtime",
            ["resource", "period", "hours"],
            overtime,
        );
    }
    if !result.binding.is_empty() {
        let binding = (result.binding.iter()).map(|r| (&*r.resource, r.period, r.shadow_price));
        push_rows(
            &mut text,
            "binding capacity",
            ["resource", "period", "shadow price"],
            binding,
        );
    }
    text
}

/// One table of the summary: a blank line, its title, the three headings, then a line per row
/// (code, period, value to 4 decimals).
fn push_rows<'a>(
    text: &mut String,
    title: &str,
    headings: [&str; 3],
    rows: impl Iterator<Item = (&'a str, i64, f64)>,
) {
    let [code, period, value] = headings;
    text.push_str(&format!("\n{title}\n{code:<20} {period:>8} {value:>14}\n"));
    for (code, period, value) in rows {
        text.push_str(&format!("{code:<20} {period:>8} {value:>14.4}\n"));
    }
}
