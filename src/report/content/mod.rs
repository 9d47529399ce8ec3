//! The format-neutral content of a report: typed tables and chart data built once from the
//! plan and its analysis, then drawn by each writer (HTML, PDF, XLSX, CSV).

mod capacity;
mod cost;
mod forecast;
mod level;
mod mrp;
mod plan_tables;
mod quality;
mod queues;

pub use capacity::*;
pub use cost::*;
pub use forecast::*;
pub use level::*;
pub use mrp::*;
pub use plan_tables::*;
pub use quality::*;
pub use queues::*;

use std::collections::HashMap;

use super::chart::{Chart, ControlSeries, LoadCapacity, Pareto, Series, StackedBars};
use super::{BIG_PLAN_ITEMS, BIG_PLAN_TOP_ITEMS, PeriodRange, ReportOptions, Section};
use crate::analytics::Analysis;
use crate::analytics::capacity::ResourceLoad;
use crate::analytics::cost::ItemCost;
use crate::analytics::quality::ControlChart;
use crate::domain::{Plan, PlanSettings, period_label};

/// Everything a writer needs: the plan, its analysis and the checked options.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// The analysed plan (for names and plan tables).
    pub plan: &'a Plan,
    /// Every analytics result of the plan.
    pub analysis: &'a Analysis,
    /// Sections and periods asked for.
    pub options: &'a ReportOptions,
    /// The validated period range of `options`.
    pub range: PeriodRange,
}

/// One table cell: text, a number, a ratio (shown as a percentage) or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// User or label text.
    Text(String),
    /// A number, shown with its column's decimals.
    Number(f64),
    /// A ratio such as a utilisation, shown as a percentage (0.915 → 91.5 %).
    Ratio(f64),
    /// A value that does not exist (e.g. a margin % without a price).
    Empty,
}

impl Cell {
    /// A number cell, or an empty one for `None` or a non-finite value.
    pub fn number(value: Option<f64>) -> Cell {
        match value {
            Some(v) if v.is_finite() => Cell::Number(v),
            _ => Cell::Empty,
        }
    }

    /// A ratio cell, or an empty one for `None` or a non-finite value.
    pub fn ratio(value: Option<f64>) -> Cell {
        match value {
            Some(v) if v.is_finite() => Cell::Ratio(v),
            _ => Cell::Empty,
        }
    }

    /// A text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    /// The number held, if any (ratios as ratios).
    pub fn value(&self) -> Option<f64> {
        match self {
            Cell::Number(v) | Cell::Ratio(v) => Some(*v),
            _ => None,
        }
    }

    /// The cell as shown in HTML and PDF: numbers with separators, ratios as percentages.
    pub fn display(&self, decimals: usize) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(v) => super::escape::number(*v, decimals),
            Cell::Ratio(v) => super::escape::percent(*v),
            Cell::Empty => String::new(),
        }
    }
}

/// A column of a report table: a machine key (CSV header), a display header and the decimals of
/// numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportColumn {
    /// Header in CSV files and the HTML `data-key` attribute.
    pub key: &'static str,
    /// Header shown in HTML, PDF and XLSX.
    pub header: &'static str,
    /// Digits after the point for number cells.
    pub decimals: usize,
}

/// A text column.
pub(super) const fn text(key: &'static str, header: &'static str) -> ReportColumn {
    ReportColumn {
        key,
        header,
        decimals: 0,
    }
}

/// A number column with `decimals` digits.
pub(super) const fn num(key: &'static str, header: &'static str, decimals: usize) -> ReportColumn {
    ReportColumn {
        key,
        header,
        decimals,
    }
}

/// A titled table of typed cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Stable identifier: HTML id, the base of CSV file and XLSX sheet names.
    pub id: &'static str,
    /// Title shown above the table (and the XLSX sheet name).
    pub title: &'static str,
    /// Column definitions.
    pub columns: Vec<ReportColumn>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The table without the column `key` (e.g. machine keys that the HTML/PDF report does
    /// not need to show).
    pub fn without(mut self, key: &str) -> Table {
        if let Some(index) = self.columns.iter().position(|c| c.key == key) {
            self.columns.remove(index);
            for row in &mut self.rows {
                if index < row.len() {
                    row.remove(index);
                }
            }
        }
        self
    }

    /// An empty table with these columns.
    pub(super) fn new(id: &'static str, title: &'static str, columns: &[ReportColumn]) -> Table {
        Table {
            id,
            title,
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }
}

/// A piece of a report section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A short paragraph.
    Note(String),
    /// A table.
    Table(Table),
    /// A chart.
    Chart(Chart),
}

/// A titled section of the HTML/PDF report.
#[derive(Debug, Clone, PartialEq)]
pub struct DocSection {
    /// Anchor id (`summary`, `cost`, …).
    pub id: &'static str,
    /// Heading.
    pub title: &'static str,
    /// Content in order.
    pub blocks: Vec<Block>,
}

/// The whole HTML/PDF report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDocument {
    /// The plan's name.
    pub title: String,
    /// One line saying the horizon, the periods shown and the currency.
    pub subtitle: String,
    /// Sections in order: summary first, then those asked for.
    pub sections: Vec<DocSection>,
}

/// Which items and resources the HTML/PDF report shows: all of them for normal plans; for
/// plans above [`BIG_PLAN_ITEMS`] the costliest items and the overloaded resources.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection<'a> {
    /// Items shown, in plan order (or by total cost for big plans).
    pub items: Vec<&'a ItemCost>,
    /// Resources shown, in plan order.
    pub resources: Vec<&'a ResourceLoad>,
    /// Whether the plan is big and the lists are cut.
    pub is_cut: bool,
}

/// Lookups of names and demand totals by code.
struct Names<'a> {
    item_names: HashMap<&'a str, &'a str>,
    resource_names: HashMap<&'a str, &'a str>,
    demand_totals: HashMap<&'a str, f64>,
}

impl<'a> Names<'a> {
    fn new(plan: &'a Plan) -> Names<'a> {
        let mut demand_totals: HashMap<&str, f64> = HashMap::new();
        for row in &plan.demand {
            *demand_totals.entry(row.item.as_str()).or_default() += row.qty;
        }
        Names {
            item_names: plan
                .items
                .iter()
                .map(|i| (i.code.as_str(), i.name.as_str()))
                .collect(),
            resource_names: plan
                .resources
                .iter()
                .map(|r| (r.code.as_str(), r.name.as_str()))
                .collect(),
            demand_totals,
        }
    }

    fn item(&self, code: &str) -> String {
        self.item_names.get(code).copied().unwrap_or("").to_string()
    }

    fn resource(&self, code: &str) -> String {
        self.resource_names
            .get(code)
            .copied()
            .unwrap_or("")
            .to_string()
    }

    fn demand(&self, code: &str) -> f64 {
        self.demand_totals.get(code).copied().unwrap_or(0.0)
    }
}

/// Whether a resource's load exceeds its available hours in some period of the range.
pub fn is_overloaded(resource: &ResourceLoad, range: PeriodRange) -> bool {
    range
        .indexes()
        .any(|t| resource.utilization.get(t).is_some_and(|u| is_over(*u)))
}

/// A utilisation above 100 %, or load without hours (no utilisation).
fn is_over(utilization: Option<f64>) -> bool {
    utilization.is_none_or(|u| u > 1.0)
}

/// Chooses what the HTML/PDF report shows (see [`Selection`]).
pub fn selection<'a>(input: &ReportInput<'a>) -> Selection<'a> {
    let analysis = input.analysis;
    let all_resources = analysis.capacity.resources.iter();
    if input.plan.items.len() <= BIG_PLAN_ITEMS {
        return Selection {
            items: analysis.cost.items.iter().collect(),
            resources: all_resources.collect(),
            is_cut: false,
        };
    }
    let names = Names::new(input.plan);
    let mut items: Vec<&ItemCost> = analysis.cost.items.iter().collect();
    let total_cost = |item: &ItemCost| names.demand(&item.code) * item.unit_cost;
    items.sort_by(|a, b| total_cost(b).total_cmp(&total_cost(a)));
    items.truncate(BIG_PLAN_TOP_ITEMS);
    Selection {
        items,
        resources: all_resources
            .filter(|r| is_overloaded(r, input.range))
            .collect(),
        is_cut: true,
    }
}

/// The plan summary: name, horizon, sizes, bottleneck.
pub fn summary_table(input: &ReportInput) -> Table {
    let plan = input.plan;
    let settings = &plan.settings;
    let mut table = Table::new(
        "summary",
        "Plan",
        &[text("field", "Field"), text("value", "Value")],
    );
    let bottleneck = input
        .analysis
        .capacity
        .bottleneck
        .clone()
        .unwrap_or_default();
    let shown = format!("{}–{}", input.range.from, input.range.to);
    let rows: [(&str, Cell); 9] = [
        ("Plan", Cell::text(settings.name.clone())),
        ("Currency", Cell::text(settings.currency.clone())),
        (
            "Periods",
            Cell::text(format!(
                "{} {}s",
                settings.periods,
                settings.period_unit.as_str()
            )),
        ),
        (
            "Start date",
            Cell::text(settings.start_date.clone().unwrap_or_default()),
        ),
        ("Periods shown", Cell::text(shown)),
        ("Items", Cell::text(plan.items.len().to_string())),
        ("Resources", Cell::text(plan.resources.len().to_string())),
        ("Routing steps", Cell::text(plan.routing.len().to_string())),
        ("Bottleneck", Cell::text(bottleneck)),
    ];
    table.rows = rows
        .into_iter()
        .map(|(field, value)| vec![Cell::text(field), value])
        .collect();
    table
}

/// Whole-horizon plan totals, keyed by their `analyze --json` names.
pub fn totals_table(analysis: &Analysis) -> Table {
    let t = &analysis.totals;
    let mut table = Table::new(
        "totals",
        "Totals",
        &[
            text("measure", "Measure"),
            text("label", "Label"),
            num("value", "Value", 2),
        ],
    );
    let rows = [
        ("revenue", "Revenue", Cell::Number(t.revenue)),
        (
            "variable_cost",
            "Variable cost",
            Cell::Number(t.variable_cost),
        ),
        ("fixed_cost", "Fixed cost", Cell::Number(t.fixed_cost)),
        ("holding_cost", "Holding cost", Cell::Number(t.holding_cost)),
        (
            "ordering_cost",
            "Ordering cost",
            Cell::Number(t.ordering_cost),
        ),
        ("profit", "Profit", Cell::Number(t.profit)),
        (
            "profit_margin",
            "Profit margin",
            Cell::ratio(t.profit_margin),
        ),
    ];
    table.rows = rows
        .into_iter()
        .map(|(key, label, value)| vec![Cell::text(key), Cell::text(label), value])
        .collect();
    table
}

/// Builds the HTML/PDF report: summary and totals, then each section asked for.
pub fn document(input: &ReportInput) -> ReportDocument {
    let settings = &input.plan.settings;
    let chosen = selection(input);
    let mut sections = vec![DocSection {
        id: "summary",
        title: "Plan summary",
        blocks: vec![
            Block::Table(summary_table(input)),
            Block::Table(totals_table(input.analysis).without("measure")),
        ],
    }];
    if chosen.is_cut {
        sections[0].blocks.push(Block::Note(format!(
            "This plan has {} items, so this report shows the {} items with the largest total cost (demand × unit cost) and only the overloaded resources. The XLSX and CSV reports hold the full tables.",
            input.plan.items.len(),
            chosen.items.len()
        )));
    }
    for section in Section::ALL {
        if !input.options.includes(section) {
            continue;
        }
        sections.push(match section {
            Section::Cost => cost_section(input, &chosen),
            Section::Capacity => capacity_section(input, &chosen),
            Section::Quality => quality_section(input),
            Section::Queues => queues_section(input),
            Section::Mrp => mrp::mrp_section(input),
            // Only a plan with a master schedule has a levelling section.
            Section::Level if input.plan.master_schedule.is_empty() => continue,
            Section::Level => level::level_section(input),
            Section::Oee => super::oee::section(input),
            // Only a plan with sales history has a forecast section.
            Section::Forecast if input.plan.history.is_empty() => continue,
            Section::Forecast => forecast::forecast_section(input),
        });
    }
    ReportDocument {
        title: settings.name.clone(),
        subtitle: format!(
            "{} {}s{}, periods {}–{}{} shown, amounts in {}",
            settings.periods,
            settings.period_unit.as_str(),
            settings
                .start_date
                .as_ref()
                .map(|d| format!(" from {d}"))
                .unwrap_or_default(),
            input.range.from,
            input.range.to,
            settings
                .start_date
                .as_ref()
                .map(|_| format!(
                    " ({} to {})",
                    period_label(settings, input.range.from),
                    period_label(settings, input.range.to)
                ))
                .unwrap_or_default(),
            settings.currency
        ),
        sections,
    }
}

/// Says that only the first [`QUALITY_CHARTS`] of `count` charts are drawn, when so.
fn cap_note(blocks: &mut Vec<Block>, count: usize, what: &str) {
    if count > QUALITY_CHARTS {
        blocks.push(Block::Note(format!(
            "The plan has {count} {what}; the first {QUALITY_CHARTS} are drawn here. The XLSX and CSV reports hold every point."
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::quality::Violation;

    fn resource(code: &str, load: &[f64], available: f64) -> ResourceLoad {
        ResourceLoad {
            code: code.to_string(),
            available: vec![available; load.len()],
            load: load.to_vec(),
            utilization: load.iter().map(|l| Some(l / available)).collect(),
            ..ResourceLoad::default()
        }
    }

    #[test]
    fn load_charts_label_periods_by_week_from_the_start_date() {
        use crate::domain::PeriodUnit;
        // 2026-01-05 is the Monday of ISO week 2 (week 1 runs from Monday 2025-12-29 and
        // holds Thursday 2026-01-01), so periods 2 and 3 are weeks 3 and 4.
        let mut settings = PlanSettings {
            period_unit: PeriodUnit::Week,
            start_date: Some("2026-01-05".to_string()),
            ..PlanSettings::default()
        };
        let mill = resource("MILL", &[10.0, 20.0, 30.0], 40.0);
        let range = PeriodRange { from: 2, to: 3 };
        let Chart::LoadCapacity(chart) = load_chart(&mill, "", range, &settings) else {
            panic!("a load chart");
        };
        assert_eq!(chart.periods, vec!["2026-W03", "2026-W04"]);
        assert_eq!(chart.load, vec![20.0, 30.0]);
        settings.start_date = None;
        let Chart::LoadCapacity(chart) = load_chart(&mill, "", range, &settings) else {
            panic!("a load chart");
        };
        assert_eq!(chart.periods, vec!["P2", "P3"]);
    }

    #[test]
    fn overload_is_judged_only_inside_the_period_range() {
        // 30, 50, 35 h against 40 h: only period 2 is above capacity.
        let paint = resource("PAINT", &[30.0, 50.0, 35.0], 40.0);
        assert!(is_overloaded(&paint, PeriodRange { from: 1, to: 3 }));
        assert!(is_overloaded(&paint, PeriodRange { from: 2, to: 2 }));
        assert!(!is_overloaded(&paint, PeriodRange { from: 3, to: 3 }));
    }

    #[test]
    fn capacity_long_table_keeps_the_periods_of_the_range() {
        let paint = resource("PAINT", &[30.0, 50.0, 35.0], 40.0);
        let table = capacity_long_table(PeriodRange { from: 2, to: 3 }, [&paint].into_iter());
        assert_eq!(table.rows.len(), 2);
        // Period 2: load 50 of 40 h available, utilisation 50/40 = 1.25.
        assert_eq!(
            table.rows[0],
            vec![
                Cell::text("PAINT"),
                Cell::Number(2.0),
                Cell::Number(40.0),
                Cell::Number(50.0),
                Cell::Ratio(1.25),
            ]
        );
        assert_eq!(table.rows[1][1], Cell::Number(3.0));
    }

    #[test]
    fn without_drops_a_column_and_its_cells() {
        let paint = resource("PAINT", &[30.0], 40.0);
        let table = capacity_long_table(PeriodRange { from: 1, to: 1 }, [&paint].into_iter())
            .without("load");
        let keys: Vec<&str> = table.columns.iter().map(|c| c.key).collect();
        assert_eq!(keys, ["resource", "period", "available", "utilization"]);
        assert_eq!(table.rows[0][3], Cell::Ratio(0.75));
    }

    #[test]
    fn violations_are_grouped_by_rule_in_order_of_first_signal() {
        let chart = ControlChart {
            violations: [(2, 19), (2, 21), (3, 21), (4, 24)]
                .into_iter()
                .map(|(rule, index)| Violation { rule, index })
                .collect(),
            ..ControlChart::default()
        };
        assert_eq!(
            violations_text(&chart),
            "Rule 2 at 19, 21; Rule 3 at 21; Rule 4 at 24"
        );
    }

    #[test]
    fn cells_display_numbers_ratios_and_missing_values() {
        assert_eq!(Cell::Number(1234.5).display(2), "1,234.50");
        assert_eq!(Cell::Ratio(0.0219).display(4), "2.2 %");
        assert_eq!(Cell::number(None), Cell::Empty);
        assert_eq!(Cell::number(Some(f64::NAN)), Cell::Empty);
        assert_eq!(Cell::Empty.display(2), "");
    }
}
