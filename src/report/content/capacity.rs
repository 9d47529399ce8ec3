//! The capacity section: load against available hours per resource and period, the gross
//! requirements and the load charts.

use super::*;

/// Per resource: hours over the periods shown, whole-horizon utilisation, overloaded periods.
pub fn capacity_summary_table<'a>(
    input: &ReportInput,
    resources: impl Iterator<Item = &'a ResourceLoad>,
) -> Table {
    let names = Names::new(input.plan);
    let mut table = Table::new(
        "capacity_summary",
        "Capacity",
        &[
            text("resource", "Resource"),
            text("name", "Name"),
            num("available", "Available h", 1),
            num("load", "Load h", 1),
            num("utilization", "Utilization", 1),
            num("total_utilization", "Horizon utilization", 1),
            num("peak_utilization", "Peak utilization", 1),
            num("overloaded_periods", "Overloaded periods", 0),
        ],
    );
    for resource in resources {
        let sum =
            |values: &[f64]| -> f64 { input.range.indexes().filter_map(|t| values.get(t)).sum() };
        let (available, load) = (sum(&resource.available), sum(&resource.load));
        let overloaded = input
            .range
            .indexes()
            .filter(|t| resource.utilization.get(*t).is_some_and(|u| is_over(*u)))
            .count();
        table.rows.push(vec![
            Cell::text(resource.code.clone()),
            Cell::text(names.resource(&resource.code)),
            Cell::Number(available),
            Cell::Number(load),
            Cell::ratio((available > 0.0).then(|| load / available)),
            Cell::ratio(resource.total_utilization),
            Cell::ratio(resource.peak_utilization),
            Cell::Number(overloaded as f64),
        ]);
    }
    table
}

/// Long-form capacity: one row per resource and period shown.
pub fn capacity_long_table<'a>(
    range: PeriodRange,
    resources: impl Iterator<Item = &'a ResourceLoad>,
) -> Table {
    let mut table = Table::new(
        "capacity",
        "Capacity by period",
        &[
            text("resource", "Resource"),
            num("period", "Period", 0),
            num("available", "Available h", 2),
            num("load", "Load h", 2),
            num("utilization", "Utilization", 1),
        ],
    );
    for resource in resources {
        for t in range.indexes() {
            let (Some(available), Some(load), Some(utilization)) = (
                resource.available.get(t),
                resource.load.get(t),
                resource.utilization.get(t),
            ) else {
                continue;
            };
            table.rows.push(vec![
                Cell::text(resource.code.clone()),
                Cell::Number(t as f64 + 1.0),
                Cell::Number(*available),
                Cell::Number(*load),
                Cell::ratio(*utilization),
            ]);
        }
    }
    table
}

/// Gross requirements per item and period shown (non-zero only).
pub fn requirements_table(input: &ReportInput) -> Table {
    let mut table = Table::new(
        "requirements",
        "Requirements",
        &[
            text("item", "Item"),
            num("period", "Period", 0),
            num("qty", "Quantity", 2),
        ],
    );
    for row in input.analysis.capacity.requirements.entries() {
        if input.range.contains(row.period) {
            table.rows.push(vec![
                Cell::text(row.item.to_string()),
                Cell::Number(row.period as f64),
                Cell::Number(row.value),
            ]);
        }
    }
    table
}

/// Most load-vs-capacity charts in the HTML/PDF report.
pub const LOAD_CHARTS: usize = 8;

/// Load against available hours of one resource over the periods shown.
pub fn load_chart(
    resource: &ResourceLoad,
    name: &str,
    range: PeriodRange,
    settings: &PlanSettings,
) -> Chart {
    let pick = |values: &[f64]| -> Vec<f64> {
        range
            .indexes()
            .map(|t| values.get(t).copied().unwrap_or(0.0))
            .collect()
    };
    let title = if name.is_empty() {
        format!("{}: load vs capacity (h)", resource.code)
    } else {
        format!("{} {}: load vs capacity (h)", resource.code, name)
    };
    Chart::LoadCapacity(LoadCapacity {
        title,
        periods: (range.from..=range.to)
            .map(|period| period_label(settings, period))
            .collect(),
        load: pick(&resource.load),
        available: pick(&resource.available),
    })
}

pub(super) fn capacity_section(input: &ReportInput, chosen: &Selection) -> DocSection {
    let names = Names::new(input.plan);
    let mut blocks = Vec::new();
    if chosen.resources.is_empty() {
        let note = if chosen.is_cut {
            "No resource is overloaded in the periods shown."
        } else {
            "The plan has no resources."
        };
        blocks.push(Block::Note(note.to_string()));
        return DocSection {
            id: "capacity",
            title: "Capacity",
            blocks,
        };
    }
    if let Some(code) = &input.analysis.capacity.bottleneck {
        blocks.push(Block::Note(format!(
            "Bottleneck: {code} (highest utilization over the horizon)."
        )));
    }
    blocks.push(Block::Table(capacity_summary_table(
        input,
        chosen.resources.iter().copied(),
    )));
    let mut busiest = chosen.resources.clone();
    let peak = |r: &ResourceLoad| r.peak_utilization.unwrap_or(f64::INFINITY);
    busiest.sort_by(|a, b| peak(b).total_cmp(&peak(a)));
    busiest.truncate(LOAD_CHARTS);
    if chosen.resources.len() > LOAD_CHARTS {
        blocks.push(Block::Note(format!(
            "Charts for the {LOAD_CHARTS} resources with the highest peak utilization."
        )));
    }
    for resource in busiest {
        blocks.push(Block::Chart(load_chart(
            resource,
            &names.resource(&resource.code),
            input.range,
            &input.plan.settings,
        )));
    }
    DocSection {
        id: "capacity",
        title: "Capacity",
        blocks,
    }
}
