//! The OEE part of the report (DESIGN.md §8): the factors per resource as bars against the
//! world-class 85 %, the table per resource and per period (`oee.csv`), measured quality
//! against the routing yields, and the downtime Pareto.
//!
//! The production log describes past periods (≤ 0 as a rule), so `--from`/`--to`, which select
//! periods of the plan's horizon, do not filter it: every logged period is reported.

use std::collections::HashMap;

use super::chart::{Chart, GroupedBars, Pareto, Series};
use super::content::{Block, Cell, DocSection, ReportInput, Table, num, text};
use crate::analytics::oee::{OeeResults, ResourceOee, WORLD_CLASS_OEE};
use crate::domain::Plan;

/// Resources drawn in the OEE chart and listed in the HTML/PDF tables: the lowest OEE first
/// when there are more.
pub const OEE_RESOURCES_SHOWN: usize = 20;

/// Stop reasons drawn in the downtime Pareto chart and listed in the HTML/PDF table.
pub const DOWNTIME_REASONS_SHOWN: usize = 20;

/// Findings of the OEE analysis printed as notes; the rest are counted.
pub const MESSAGES_SHOWN: usize = 20;

/// Rows of the measured-quality table in the HTML/PDF report.
pub const ITEM_QUALITY_SHOWN: usize = 50;

/// OEE over the whole log per resource, with the measured and the planned efficiency.
pub fn resources_table<'a>(plan: &Plan, resources: impl Iterator<Item = &'a ResourceOee>) -> Table {
    let names = resource_names(plan);
    let mut table = Table::new(
        "oee_resources",
        "OEE by resource",
        &[
            text("resource", "Resource"),
            text("name", "Name"),
            num("planned_min", "Planned min", 0),
            num("availability", "Availability", 1),
            num("performance", "Performance", 1),
            num("quality", "Quality", 1),
            num("oee", "OEE", 1),
            num("measured_efficiency", "Measured efficiency", 1),
            num("planned_efficiency", "Planned efficiency", 1),
        ],
    );
    for resource in resources {
        let factors = &resource.factors;
        table.rows.push(vec![
            Cell::text(resource.code.clone()),
            Cell::text(names.get(resource.code.as_str()).copied().unwrap_or("")),
            Cell::Number(resource.planned_min),
            Cell::ratio(factors.availability),
            Cell::ratio(factors.performance),
            Cell::ratio(factors.quality),
            Cell::ratio(factors.oee),
            Cell::ratio(resource.measured_efficiency),
            Cell::ratio(Some(resource.planned_efficiency)),
        ]);
    }
    table
}

/// One row per resource and logged period: the columns of `oee.csv` (DESIGN.md §4).
pub fn periods_table<'a>(resources: impl Iterator<Item = &'a ResourceOee>) -> Table {
    let mut table = Table::new(
        "oee",
        "OEE per period",
        &[
            text("resource", "Resource"),
            num("period", "Period", 0),
            num("planned_min", "Planned min", 0),
            num("availability", "Availability", 1),
            num("performance", "Performance", 1),
            num("quality", "Quality", 1),
            num("oee", "OEE", 1),
        ],
    );
    for resource in resources {
        for period in &resource.periods {
            let factors = &period.factors;
            table.rows.push(vec![
                Cell::text(resource.code.clone()),
                Cell::Number(period.period as f64),
                Cell::Number(period.planned_min),
                Cell::ratio(factors.availability),
                Cell::ratio(factors.performance),
                Cell::ratio(factors.quality),
                Cell::ratio(factors.oee),
            ]);
        }
    }
    table
}

/// Measured quality per (resource, item) against the product of the item's routing yields
/// on that resource; at most `limit` rows.
pub fn item_quality_table(oee: &OeeResults, limit: usize) -> Table {
    let mut table = Table::new(
        "oee_quality",
        "Measured quality against routing yields",
        &[
            text("resource", "Resource"),
            text("item", "Item"),
            num("total_count", "Made", 0),
            num("good_count", "Good", 0),
            num("measured_quality", "Measured quality", 1),
            num("routing_yield", "Routing yield", 1),
        ],
    );
    for row in oee.item_quality.iter().take(limit) {
        table.rows.push(vec![
            Cell::text(row.resource.clone()),
            Cell::text(row.item.clone()),
            Cell::Number(row.total_count),
            Cell::Number(row.good_count),
            Cell::ratio(row.measured_quality),
            Cell::ratio(row.routing_yield),
        ]);
    }
    table
}

/// Stop reasons by minutes with the cumulative percentage; at most `limit` rows.
pub fn downtime_table(oee: &OeeResults, limit: usize) -> Table {
    let mut table = Table::new(
        "downtime_pareto",
        "Downtime by reason",
        &[
            text("reason", "Reason"),
            num("minutes", "Minutes", 0),
            num("cum_pct", "Cumulative %", 1),
        ],
    );
    for bar in oee.downtime_pareto.iter().take(limit) {
        table.rows.push(vec![
            Cell::text(bar.reason.clone()),
            Cell::Number(bar.minutes),
            Cell::Number(bar.cum_pct),
        ]);
    }
    table
}

/// Availability, performance, quality and OEE in percent per resource, against the 85 % line.
pub fn factors_chart(resources: &[&ResourceOee]) -> Chart {
    let percent = |value: Option<f64>| value.map_or(f64::NAN, |v| v * 100.0);
    let series = |name: &str, pick: &dyn Fn(&ResourceOee) -> Option<f64>| Series {
        name: name.to_string(),
        values: resources.iter().map(|r| percent(pick(r))).collect(),
    };
    Chart::GroupedBars(GroupedBars {
        title: "OEE by resource (%)".to_string(),
        categories: resources.iter().map(|r| r.code.clone()).collect(),
        series: vec![
            series("Availability", &|r| r.factors.availability),
            series("Performance", &|r| r.factors.performance),
            series("Quality", &|r| r.factors.quality),
            series("OEE", &|r| r.factors.oee),
        ],
        reference: Some((
            format!("World class {:.0} %", WORLD_CLASS_OEE * 100.0),
            WORLD_CLASS_OEE * 100.0,
        )),
    })
}

/// Downtime minutes by reason with the cumulative percentage; at most `limit` reasons.
pub fn downtime_chart(oee: &OeeResults, limit: usize) -> Chart {
    let bars = &oee.downtime_pareto[..oee.downtime_pareto.len().min(limit)];
    Chart::Pareto(Pareto {
        title: "Downtime by reason (Pareto, minutes)".to_string(),
        categories: bars.iter().map(|b| b.reason.clone()).collect(),
        counts: bars.iter().map(|b| b.minutes).collect(),
        cum_pct: bars.iter().map(|b| b.cum_pct).collect(),
    })
}

/// The resources the HTML/PDF report shows: all of them, or the [`OEE_RESOURCES_SHOWN`] with
/// the lowest OEE (those without an OEE last), in plan order.
pub fn shown_resources(oee: &OeeResults) -> Vec<&ResourceOee> {
    let mut shown: Vec<(usize, &ResourceOee)> = oee.resources.iter().enumerate().collect();
    if shown.len() > OEE_RESOURCES_SHOWN {
        shown.sort_by(|a, b| {
            let key = |r: &ResourceOee| r.factors.oee.unwrap_or(f64::INFINITY);
            key(a.1).total_cmp(&key(b.1)).then(a.0.cmp(&b.0))
        });
        shown.truncate(OEE_RESOURCES_SHOWN);
        shown.sort_by_key(|(position, _)| *position);
    }
    shown.into_iter().map(|(_, r)| r).collect()
}

/// The OEE section of the HTML/PDF report.
pub fn section(input: &ReportInput) -> DocSection {
    let oee = &input.analysis.oee;
    let mut blocks = Vec::new();
    if oee.resources.is_empty() && oee.downtime_pareto.is_empty() {
        blocks.push(Block::Note(
            "The plan has no production log or downtime rows.".to_string(),
        ));
    }
    if !oee.resources.is_empty() {
        let shown = shown_resources(oee);
        if shown.len() < oee.resources.len() {
            blocks.push(Block::Note(format!(
                "{} resources have a production log; the {} with the lowest OEE are shown here. The XLSX and CSV reports hold every resource.",
                oee.resources.len(),
                shown.len()
            )));
        }
        blocks.push(Block::Chart(factors_chart(&shown)));
        blocks.push(Block::Table(resources_table(
            input.plan,
            shown.iter().copied(),
        )));
        blocks.push(Block::Table(periods_table(shown.iter().copied())));
    }
    blocks.extend(
        oee.messages
            .iter()
            .take(MESSAGES_SHOWN)
            .cloned()
            .map(Block::Note),
    );
    if oee.messages.len() > MESSAGES_SHOWN {
        blocks.push(Block::Note(format!(
            "and {} more findings (analyze --json lists them all)",
            oee.messages.len() - MESSAGES_SHOWN
        )));
    }
    if !oee.item_quality.is_empty() {
        blocks.push(Block::Table(item_quality_table(oee, ITEM_QUALITY_SHOWN)));
    }
    if !oee.downtime_pareto.is_empty() {
        blocks.push(Block::Chart(downtime_chart(oee, DOWNTIME_REASONS_SHOWN)));
        blocks.push(Block::Table(downtime_table(oee, DOWNTIME_REASONS_SHOWN)));
    }
    DocSection {
        id: "oee",
        title: "OEE and downtime",
        blocks,
    }
}

fn resource_names(plan: &Plan) -> HashMap<&str, &str> {
    plan.resources
        .iter()
        .map(|r| (r.code.as_str(), r.name.as_str()))
        .collect()
}
