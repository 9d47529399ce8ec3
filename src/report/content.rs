//! The format-neutral content of a report: typed tables and chart data built once from the
//! plan and its analysis, then drawn by each writer (HTML, PDF, XLSX, CSV).

use std::collections::HashMap;

use super::chart::{
    CENTER, Chart, ControlSeries, GRID, LineSeries, Lines, LoadCapacity, PALETTE, Pareto, Series,
    StackedBars,
};
use super::{BIG_PLAN_ITEMS, BIG_PLAN_TOP_ITEMS, PeriodRange, ReportOptions, Section};
use crate::analytics::Analysis;
use crate::analytics::capacity::ResourceLoad;
use crate::analytics::cost::ItemCost;
use crate::analytics::forecast::{ForecastResults, ItemForecast, forecast};
use crate::analytics::quality::{ChartKind, ControlChart};
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

/// A table column: a machine key (CSV header), a display header and the decimals of numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Header in CSV files and the HTML `data-key` attribute.
    pub key: &'static str,
    /// Header shown in HTML, PDF and XLSX.
    pub header: &'static str,
    /// Digits after the point for number cells.
    pub decimals: usize,
}

/// A text column.
pub(super) const fn text(key: &'static str, header: &'static str) -> Column {
    Column {
        key,
        header,
        decimals: 0,
    }
}

/// A number column with `decimals` digits.
pub(super) const fn num(key: &'static str, header: &'static str, decimals: usize) -> Column {
    Column {
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
    pub columns: Vec<Column>,
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
    pub(super) fn new(id: &'static str, title: &'static str, columns: &[Column]) -> Table {
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
        .any(|t| resource.utilization.get(t).is_some_and(|u| *u > 1.0))
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

/// Columns of the cost roll-up table.
const COST_COLUMNS: [Column; 15] = [
    text("code", "Item"),
    text("name", "Name"),
    num("purchase", "Purchase", 2),
    num("material", "Material", 2),
    num("conversion", "Conversion", 2),
    num("unit_cost", "Unit cost", 2),
    num("full_unit_cost", "Full unit cost", 2),
    num("price", "Price", 2),
    num("margin", "Margin", 2),
    num("margin_pct", "Margin %", 1),
    num("copq", "COPQ", 2),
    num("rty", "RTY", 3),
    num("break_even_qty", "Break-even qty", 0),
    num("demand", "Demand", 0),
    num("total_cost", "Total cost", 2),
];

/// Cost roll-up of the given items (DESIGN.md §2), with total demand and demand · unit cost.
pub fn cost_items_table<'a>(plan: &Plan, items: impl Iterator<Item = &'a ItemCost>) -> Table {
    let names = Names::new(plan);
    let mut table = Table::new("cost_items", "Cost", &COST_COLUMNS);
    for item in items {
        let demand = names.demand(&item.code);
        table.rows.push(vec![
            Cell::text(item.code.clone()),
            Cell::text(names.item(&item.code)),
            Cell::Number(item.purchase),
            Cell::Number(item.material),
            Cell::Number(item.conversion),
            Cell::Number(item.unit_cost),
            Cell::Number(item.full_unit_cost),
            Cell::Number(item.price),
            Cell::Number(item.margin),
            Cell::ratio(item.margin_pct),
            Cell::Number(item.copq),
            Cell::ratio(Some(item.rty)),
            Cell::number(item.break_even_qty),
            Cell::Number(demand),
            Cell::Number(demand * item.unit_cost),
        ]);
    }
    table
}

/// Break-even at the planned mix: fixed cost, contribution and ratio of planned demand.
pub fn break_even_table(analysis: &Analysis) -> Table {
    let b = &analysis.cost.break_even;
    let mut table = Table::new(
        "break_even",
        "Break-even",
        &[
            text("measure", "Measure"),
            text("label", "Label"),
            num("value", "Value", 2),
        ],
    );
    table.rows = vec![
        vec![
            Cell::text("fixed_cost"),
            Cell::text("Fixed cost"),
            Cell::Number(b.fixed_cost),
        ],
        vec![
            Cell::text("contribution"),
            Cell::text("Contribution"),
            Cell::Number(b.contribution),
        ],
        vec![
            Cell::text("ratio"),
            Cell::text("Share of planned demand"),
            Cell::ratio(b.ratio),
        ],
    ];
    table
}

/// Idle-capacity cost per resource over the horizon (negative when overloaded), for the
/// resources `keep` accepts.
pub fn idle_table(input: &ReportInput, keep: &dyn Fn(&str) -> bool) -> Table {
    let names = Names::new(input.plan);
    let mut table = Table::new(
        "idle",
        "Idle capacity cost",
        &[
            text("resource", "Resource"),
            text("name", "Name"),
            num("idle_cost", "Idle cost", 2),
        ],
    );
    for idle in input
        .analysis
        .cost
        .idle
        .iter()
        .filter(|i| keep(&i.resource))
    {
        table.rows.push(vec![
            Cell::text(idle.resource.clone()),
            Cell::text(names.resource(&idle.resource)),
            Cell::Number(idle.idle_cost),
        ]);
    }
    table
}

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
            .filter(|t| resource.utilization.get(*t).is_some_and(|u| *u > 1.0))
            .count();
        table.rows.push(vec![
            Cell::text(resource.code.clone()),
            Cell::text(names.resource(&resource.code)),
            Cell::Number(available),
            Cell::Number(load),
            Cell::ratio((available > 0.0).then(|| load / available)),
            Cell::Ratio(resource.total_utilization),
            Cell::Ratio(resource.peak_utilization),
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
                Cell::Ratio(*utilization),
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

/// The chart type's name as in `analyze --json`.
pub fn chart_kind_name(kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::XbarR => "xbar_r",
        ChartKind::XbarS => "xbar_s",
        ChartKind::IMr => "i_mr",
    }
}

/// One row per variables chart: limits, σ, capability and run-rule signals.
pub fn control_summary_table(analysis: &Analysis) -> Table {
    let mut table = Table::new(
        "control_summary",
        "Control charts",
        &[
            text("characteristic", "Characteristic"),
            text("kind", "Chart"),
            num("center", "Centre", 4),
            num("ucl", "UCL", 4),
            num("lcl", "LCL", 4),
            num("range_center", "R/S/MR centre", 4),
            num("sigma_within", "σ within", 4),
            num("cp", "Cp", 2),
            num("cpk", "Cpk", 2),
            num("pp", "Pp", 2),
            num("ppk", "Ppk", 2),
            text("violations", "Run-rule signals"),
        ],
    );
    for chart in &analysis.quality.charts {
        table.rows.push(vec![
            Cell::text(chart.characteristic.clone()),
            Cell::text(chart_kind_name(chart.kind)),
            Cell::Number(chart.center),
            Cell::Number(chart.ucl),
            Cell::Number(chart.lcl),
            Cell::Number(chart.range_center),
            Cell::Number(chart.sigma_within),
            Cell::number(chart.cp),
            Cell::number(chart.cpk),
            Cell::number(chart.pp),
            Cell::number(chart.ppk),
            Cell::text(violations_text(chart)),
        ]);
    }
    table
}

/// Run-rule signals as text, e.g. `rule 2 at 19, 21; rule 4 at 24`.
pub fn violations_text(chart: &ControlChart) -> String {
    let mut by_rule: Vec<(u8, Vec<String>)> = Vec::new();
    for v in &chart.violations {
        match by_rule.iter_mut().find(|(rule, _)| *rule == v.rule) {
            Some((_, at)) => at.push(v.index.to_string()),
            None => by_rule.push((v.rule, vec![v.index.to_string()])),
        }
    }
    by_rule
        .iter()
        .map(|(rule, at)| format!("rule {rule} at {}", at.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every plotted point of every variables chart with its limits.
pub fn control_points_table(analysis: &Analysis) -> Table {
    let mut table = Table::new(
        "control_charts",
        "Control chart points",
        &[
            text("characteristic", "Characteristic"),
            num("subgroup", "Subgroup", 0),
            num("value", "Value", 4),
            num("ucl", "UCL", 4),
            num("lcl", "LCL", 4),
        ],
    );
    for chart in &analysis.quality.charts {
        for point in &chart.points {
            table.rows.push(vec![
                Cell::text(chart.characteristic.clone()),
                Cell::Number(point.subgroup as f64),
                Cell::Number(point.value),
                Cell::Number(point.ucl),
                Cell::Number(point.lcl),
            ]);
        }
    }
    table
}

/// Every lot of every p chart.
pub fn p_charts_table(analysis: &Analysis) -> Table {
    let mut table = Table::new(
        "p_charts",
        "p charts",
        &[
            text("item", "Item"),
            text("lot", "Lot"),
            num("inspected", "Inspected", 0),
            num("p", "p", 4),
            num("ucl", "UCL", 4),
            num("lcl", "LCL", 4),
            num("p_bar", "p̄", 4),
        ],
    );
    for chart in &analysis.quality.p_charts {
        for point in &chart.points {
            table.rows.push(vec![
                Cell::text(chart.item.clone()),
                Cell::text(point.lot.clone()),
                Cell::Number(point.inspected as f64),
                Cell::Number(point.p),
                Cell::Number(point.ucl),
                Cell::Number(point.lcl),
                Cell::Number(chart.p_bar),
            ]);
        }
    }
    table
}

/// Every lot of every c/u chart.
pub fn c_charts_table(analysis: &Analysis) -> Table {
    let mut table = Table::new(
        "c_charts",
        "c and u charts",
        &[
            text("item", "Item"),
            text("lot", "Lot"),
            num("count", "Defects", 0),
            num("center", "c̄", 3),
            num("ucl", "UCL", 3),
            num("lcl", "LCL", 3),
            num("u", "u", 4),
            num("u_ucl", "u UCL", 4),
            num("u_lcl", "u LCL", 4),
        ],
    );
    for chart in &analysis.quality.c_charts {
        for point in &chart.points {
            table.rows.push(vec![
                Cell::text(chart.item.clone()),
                Cell::text(point.lot.clone()),
                Cell::Number(point.count),
                Cell::Number(chart.center),
                Cell::Number(chart.ucl),
                Cell::Number(chart.lcl),
                Cell::number(point.u),
                Cell::number(point.u_ucl),
                Cell::number(point.u_lcl),
            ]);
        }
    }
    table
}

/// Defect types by count with the cumulative percentage.
pub fn pareto_table(analysis: &Analysis) -> Table {
    let mut table = Table::new(
        "pareto",
        "Pareto of defects",
        &[
            text("type", "Defect type"),
            num("count", "Count", 0),
            num("cum_pct", "Cumulative %", 1),
        ],
    );
    for bar in &analysis.quality.pareto {
        table.rows.push(vec![
            Cell::text(bar.defect_type.clone()),
            Cell::Number(bar.count),
            Cell::Number(bar.cum_pct),
        ]);
    }
    table
}

/// Erlang C results per queue.
pub fn queues_table(input: &ReportInput) -> Table {
    let mut table = Table::new(
        "queues",
        "Queues",
        &[
            text("code", "Queue"),
            text("name", "Name"),
            num("load", "Load (Erlang)", 3),
            num("servers", "Servers", 0),
            text("stable", "Stable"),
            num("p_wait", "P(wait)", 1),
            num("wq_min", "Mean wait min", 2),
            num("service_level", "Service level", 1),
            num("utilization", "Utilization", 1),
            num("required_servers", "Required servers", 0),
        ],
    );
    let names: HashMap<&str, &str> = input
        .plan
        .queues
        .iter()
        .map(|q| (q.code.as_str(), q.name.as_str()))
        .collect();
    for queue in &input.analysis.queues {
        table.rows.push(vec![
            Cell::text(queue.code.clone()),
            Cell::text(names.get(queue.code.as_str()).copied().unwrap_or("")),
            Cell::Number(queue.load),
            Cell::Number(f64::from(queue.servers)),
            Cell::text(if queue.stable { "yes" } else { "no" }),
            Cell::Ratio(queue.p_wait),
            Cell::number(queue.wq_min),
            Cell::Ratio(queue.service_level),
            Cell::Ratio(queue.utilization),
            Cell::Number(f64::from(queue.required_servers)),
        ]);
    }
    table
}

/// Arrival rate and required servers per queue and period shown.
pub fn queue_periods_table(input: &ReportInput) -> Table {
    let mut table = Table::new(
        "queue_periods",
        "Staffing by period",
        &[
            text("queue", "Queue"),
            num("period", "Period", 0),
            num("arrival_per_hour", "Arrivals per hour", 2),
            num("required_servers", "Required servers", 0),
        ],
    );
    for queue in &input.analysis.queues {
        for period in queue
            .periods
            .iter()
            .filter(|p| input.range.contains(p.period))
        {
            table.rows.push(vec![
                Cell::text(queue.code.clone()),
                Cell::Number(period.period as f64),
                Cell::Number(period.arrival_per_hour),
                Cell::Number(f64::from(period.required_servers)),
            ]);
        }
    }
    table
}

/// The plan's items as entered.
pub fn plan_items_table(plan: &Plan) -> Table {
    let mut table = Table::new(
        "items",
        "Items",
        &[
            text("code", "Code"),
            text("name", "Name"),
            text("kind", "Kind"),
            text("unit", "Unit"),
            num("price", "Price", 2),
            num("purchase_cost", "Purchase cost", 2),
            num("lot_size", "Lot size", 0),
        ],
    );
    for item in &plan.items {
        table.rows.push(vec![
            Cell::text(item.code.clone()),
            Cell::text(item.name.clone()),
            Cell::text(item.kind.as_str()),
            Cell::text(item.unit.clone()),
            Cell::Number(item.price),
            Cell::Number(item.purchase_cost),
            Cell::number(item.lot_size),
        ]);
    }
    table
}

/// The plan's bill of materials as entered.
pub fn plan_bom_table(plan: &Plan) -> Table {
    let mut table = Table::new(
        "bom",
        "BOM",
        &[
            text("parent", "Parent"),
            text("child", "Child"),
            num("qty", "Quantity", 3),
        ],
    );
    for line in &plan.bom {
        table.rows.push(vec![
            Cell::text(line.parent.clone()),
            Cell::text(line.child.clone()),
            Cell::Number(line.qty),
        ]);
    }
    table
}

/// The plan's routing steps as entered.
pub fn plan_routing_table(plan: &Plan) -> Table {
    let mut table = Table::new(
        "routing",
        "Routing",
        &[
            text("item", "Item"),
            num("seq", "Seq", 0),
            text("name", "Step"),
            text("resource", "Resource"),
            num("setup_min", "Setup min", 2),
            num("run_min", "Run min", 3),
            num("yield", "Yield", 1),
        ],
    );
    for step in &plan.routing {
        table.rows.push(vec![
            Cell::text(step.item.clone()),
            Cell::Number(step.seq as f64),
            Cell::text(step.name.clone()),
            Cell::text(step.resource.clone()),
            Cell::Number(step.setup_min),
            Cell::Number(step.run_min),
            Cell::Ratio(step.yield_),
        ]);
    }
    table
}

/// The plan's resources as entered.
pub fn plan_resources_table(plan: &Plan) -> Table {
    let mut table = Table::new(
        "resources",
        "Resources",
        &[
            text("code", "Code"),
            text("name", "Name"),
            text("kind", "Kind"),
            num("units", "Units", 0),
            num("hours_per_period", "Hours per period", 2),
            num("efficiency", "Efficiency", 1),
            num("cost_per_hour", "Cost per hour", 2),
            num("fixed_cost_per_period", "Fixed cost per period", 2),
            num("capital_cost", "Capital cost", 2),
            num("life_years", "Life years", 1),
        ],
    );
    for r in &plan.resources {
        table.rows.push(vec![
            Cell::text(r.code.clone()),
            Cell::text(r.name.clone()),
            Cell::text(r.kind.as_str()),
            Cell::Number(r.units as f64),
            Cell::Number(r.hours_per_period),
            Cell::Ratio(r.efficiency),
            Cell::Number(r.cost_per_hour),
            Cell::Number(r.fixed_cost_per_period),
            Cell::Number(r.capital_cost),
            Cell::Number(r.life_years),
        ]);
    }
    table
}

/// The plan's demand rows in the periods shown.
pub fn plan_demand_table(plan: &Plan, range: PeriodRange) -> Table {
    let mut table = Table::new(
        "demand",
        "Demand",
        &[
            text("item", "Item"),
            num("period", "Period", 0),
            num("qty", "Quantity", 2),
        ],
    );
    for row in plan.demand.iter().filter(|d| range.contains(d.period)) {
        table.rows.push(vec![
            Cell::text(row.item.clone()),
            Cell::Number(row.period as f64),
            Cell::Number(row.qty),
        ]);
    }
    table
}

/// Most items in the unit-cost chart, so bars stay readable.
pub const COST_CHART_ITEMS: usize = 30;

/// Most load-vs-capacity charts in the HTML/PDF report.
pub const LOAD_CHARTS: usize = 8;

/// Most charts of one kind (variables, p, c) in the HTML/PDF report; the XLSX and CSV reports
/// hold every point.
pub const QUALITY_CHARTS: usize = 12;

/// Unit cost split into purchase, material and conversion for the costliest items shown.
pub fn unit_cost_chart(items: &[&ItemCost]) -> Chart {
    let mut sorted = items.to_vec();
    sorted.sort_by(|a, b| b.unit_cost.total_cmp(&a.unit_cost));
    sorted.truncate(COST_CHART_ITEMS);
    let series = |name: &str, value: fn(&ItemCost) -> f64| Series {
        name: name.to_string(),
        values: sorted.iter().map(|i| value(i)).collect(),
    };
    Chart::StackedBars(StackedBars {
        title: "Unit cost by item".to_string(),
        categories: sorted.iter().map(|i| i.code.clone()).collect(),
        series: vec![
            series("Purchase", |i| i.purchase),
            series("Material", |i| i.material),
            series("Conversion", |i| i.conversion),
        ],
    })
}

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

/// The X̄/I chart and the R/S/MR chart of one characteristic.
pub fn control_charts(chart: &ControlChart) -> [Chart; 2] {
    let (main, spread) = match chart.kind {
        ChartKind::XbarR => ("X̄", "R"),
        ChartKind::XbarS => ("X̄", "S"),
        ChartKind::IMr => ("I", "MR"),
    };
    let flagged = |index: usize| chart.violations.iter().any(|v| v.index == index + 1);
    let main_chart = ControlSeries {
        title: format!("{} — {main} chart", chart.characteristic),
        labels: chart
            .points
            .iter()
            .map(|p| p.subgroup.to_string())
            .collect(),
        values: chart.points.iter().map(|p| p.value).collect(),
        center: chart.center,
        ucl: chart.points.iter().map(|p| p.ucl).collect(),
        lcl: chart.points.iter().map(|p| p.lcl).collect(),
        flagged: (0..chart.points.len()).map(flagged).collect(),
    };
    let spread_chart = ControlSeries {
        title: format!("{} — {spread} chart", chart.characteristic),
        labels: chart
            .range_points
            .iter()
            .map(|p| p.subgroup.to_string())
            .collect(),
        values: chart.range_points.iter().map(|p| p.value).collect(),
        center: chart.range_center,
        ucl: chart.range_points.iter().map(|p| p.ucl).collect(),
        lcl: chart.range_points.iter().map(|p| p.lcl).collect(),
        flagged: vec![false; chart.range_points.len()],
    };
    [Chart::Control(main_chart), Chart::Control(spread_chart)]
}

/// Every p chart and c chart as control series, points above their UCL flagged.
pub fn attribute_charts(analysis: &Analysis) -> Vec<Chart> {
    let mut charts = Vec::new();
    for p in &analysis.quality.p_charts {
        let kind = match p.kind {
            crate::analytics::quality::PChartKind::P => "p",
            crate::analytics::quality::PChartKind::Np => "p (equal lots, np)",
        };
        charts.push(Chart::Control(ControlSeries {
            title: format!("{} — {kind} chart (fraction defective)", p.item),
            labels: p.points.iter().map(|q| q.lot.clone()).collect(),
            values: p.points.iter().map(|q| q.p).collect(),
            center: p.p_bar,
            ucl: p.points.iter().map(|q| q.ucl).collect(),
            lcl: p.points.iter().map(|q| q.lcl).collect(),
            flagged: p
                .points
                .iter()
                .map(|q| q.p > q.ucl || q.p < q.lcl)
                .collect(),
        }));
    }
    for c in &analysis.quality.c_charts {
        charts.push(Chart::Control(ControlSeries {
            title: format!("{} — c chart (defects per lot)", c.item),
            labels: c.points.iter().map(|q| q.lot.clone()).collect(),
            values: c.points.iter().map(|q| q.count).collect(),
            center: c.center,
            ucl: vec![c.ucl; c.points.len()],
            lcl: vec![c.lcl; c.points.len()],
            flagged: c
                .points
                .iter()
                .map(|q| q.count > c.ucl || q.count < c.lcl)
                .collect(),
        }));
    }
    charts
}

/// Pareto bars with the cumulative line.
pub fn pareto_chart(analysis: &Analysis) -> Chart {
    let bars = &analysis.quality.pareto;
    Chart::Pareto(Pareto {
        title: "Defects by type (Pareto)".to_string(),
        categories: bars.iter().map(|b| b.defect_type.clone()).collect(),
        counts: bars.iter().map(|b| b.count).collect(),
        cum_pct: bars.iter().map(|b| b.cum_pct).collect(),
    })
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
            Section::Oee => super::oee::section(input),
            // Only a plan with sales history has a forecast section.
            Section::Forecast if input.plan.history.is_empty() => continue,
            Section::Forecast => forecast_section(input),
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

fn cost_section(input: &ReportInput, chosen: &Selection) -> DocSection {
    let mut blocks = Vec::new();
    if chosen.items.is_empty() {
        blocks.push(Block::Note("The plan has no items.".to_string()));
    } else {
        blocks.push(Block::Chart(unit_cost_chart(&chosen.items)));
        let table = cost_items_table(input.plan, chosen.items.iter().copied())
            .without("margin")
            .without("rty")
            .without("break_even_qty");
        blocks.push(Block::Table(table));
    }
    blocks.push(Block::Table(
        break_even_table(input.analysis).without("measure"),
    ));
    let shown: std::collections::HashSet<&str> =
        chosen.resources.iter().map(|r| r.code.as_str()).collect();
    let idle = idle_table(input, &|code| shown.contains(code));
    if !idle.rows.is_empty() {
        blocks.push(Block::Table(idle));
    }
    DocSection {
        id: "cost",
        title: "Cost",
        blocks,
    }
}

fn capacity_section(input: &ReportInput, chosen: &Selection) -> DocSection {
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
    busiest.sort_by(|a, b| b.peak_utilization.total_cmp(&a.peak_utilization));
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

fn quality_section(input: &ReportInput) -> DocSection {
    let analysis = input.analysis;
    let quality = &analysis.quality;
    let mut blocks = Vec::new();
    if quality.charts.is_empty() && quality.p_charts.is_empty() && quality.c_charts.is_empty() {
        blocks.push(Block::Note(
            "The plan has no measurements, inspections or defects.".to_string(),
        ));
    }
    if !quality.charts.is_empty() {
        blocks.push(Block::Table(control_summary_table(analysis)));
        let charts = &quality.charts;
        cap_note(&mut blocks, charts.len(), "variables charts");
        for chart in charts.iter().take(QUALITY_CHARTS) {
            blocks.extend(control_charts(chart).map(Block::Chart));
        }
    }
    let (p_charts, c_charts) = (quality.p_charts.len(), quality.c_charts.len());
    cap_note(&mut blocks, p_charts, "p charts");
    cap_note(&mut blocks, c_charts, "c charts");
    let attributes = attribute_charts(analysis);
    let (p_part, c_part) = attributes.split_at(p_charts.min(attributes.len()));
    for chart in p_part
        .iter()
        .take(QUALITY_CHARTS)
        .chain(c_part.iter().take(QUALITY_CHARTS))
    {
        blocks.push(Block::Chart(chart.clone()));
    }
    if !quality.pareto.is_empty() {
        blocks.push(Block::Chart(pareto_chart(analysis)));
        blocks.push(Block::Table(pareto_table(analysis)));
    }
    blocks.extend(quality.messages.iter().cloned().map(Block::Note));
    DocSection {
        id: "quality",
        title: "Quality",
        blocks,
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

fn queues_section(input: &ReportInput) -> DocSection {
    let mut blocks = Vec::new();
    if input.analysis.queues.is_empty() {
        blocks.push(Block::Note("The plan has no queues.".to_string()));
    } else {
        blocks.push(Block::Table(queues_table(input)));
        blocks.push(Block::Table(queue_periods_table(input)));
    }
    DocSection {
        id: "queues",
        title: "Queues",
        blocks,
    }
}

/// At most this many forecast charts are drawn (the error table lists every item).
pub const FORECAST_CHARTS: usize = 20;

/// The forecast error table: one row per forecast item with its method, parameters and errors.
pub fn forecast_table(plan: &Plan, results: &ForecastResults) -> Table {
    let names = Names::new(plan);
    let mut table = Table::new(
        "forecast",
        "Forecast methods and errors (one-step, over each method's own window)",
        &[
            text("item", "Item"),
            text("name", "Name"),
            text("method", "Method"),
            num("alpha", "α", 1),
            num("beta", "β", 1),
            num("gamma", "γ", 1),
            num("mad", "MAD", 2),
            num("mape", "MAPE", 1),
            num("bias", "Bias", 2),
            num("tracking_signal", "Tracking signal", 2),
            num("total_forecast", "Forecast total", 0),
        ],
    );
    for item in &results.items {
        table.rows.push(vec![
            Cell::text(&item.item),
            Cell::text(names.item(&item.item)),
            Cell::text(item.method.as_str()),
            Cell::number(item.alpha),
            Cell::number(item.beta),
            Cell::number(item.gamma),
            Cell::number(Some(item.mad)),
            Cell::ratio(item.mape),
            Cell::number(Some(item.bias)),
            Cell::number(item.tracking_signal),
            Cell::number(Some(item.forecast.iter().sum())),
        ]);
    }
    table
}

/// One item's forecast chart: history and one-step fitted values labelled by their dates, then
/// the forecast with its band over the periods shown.
pub fn forecast_chart(
    item: &ItemForecast,
    name: &str,
    settings: &PlanSettings,
    range: PeriodRange,
) -> Chart {
    let past = item.history.len();
    let shown = range.indexes();
    let future = shown.len();
    let mut categories: Vec<String> = (0..past)
        .map(|index| period_label(settings, item.history_period(index)))
        .collect();
    categories.extend(range_periods(range).map(|period| period_label(settings, period)));
    let past_only = |values: Vec<Option<f64>>| {
        let mut values = values;
        values.extend(std::iter::repeat_n(None, future));
        values
    };
    let future_only = |values: &[f64]| {
        let mut line = vec![None; past];
        line.extend(shown.clone().map(|index| values.get(index).copied()));
        line
    };
    let title = if name.is_empty() {
        format!("{}: {} forecast", item.item, item.method.as_str())
    } else {
        format!("{} {name}: {} forecast", item.item, item.method.as_str())
    };
    Chart::Lines(Lines {
        title,
        categories,
        series: vec![
            LineSeries {
                name: "History".to_string(),
                values: past_only(item.history.iter().copied().map(Some).collect()),
                color: PALETTE[0],
                dashed: false,
            },
            LineSeries {
                name: "Fitted (one step)".to_string(),
                values: past_only(item.fitted.clone()),
                color: PALETTE[1],
                dashed: false,
            },
            LineSeries {
                name: "Forecast".to_string(),
                values: future_only(&item.forecast),
                color: CENTER,
                dashed: false,
            },
            LineSeries {
                name: "95 % band".to_string(),
                values: future_only(&item.upper),
                color: GRID,
                dashed: true,
            },
            LineSeries {
                name: String::new(),
                values: future_only(&item.lower),
                color: GRID,
                dashed: true,
            },
        ],
    })
}

/// The 1-based periods of a range.
fn range_periods(range: PeriodRange) -> impl Iterator<Item = i64> {
    range.from..=range.to
}

fn forecast_section(input: &ReportInput) -> DocSection {
    let results = forecast(input.plan);
    let names = Names::new(input.plan);
    let mut blocks = Vec::new();
    if results.items.is_empty() {
        blocks.push(Block::Note(
            "No item has enough sales history for a forecast.".to_string(),
        ));
    } else {
        blocks.push(Block::Table(forecast_table(input.plan, &results)));
        let warned: Vec<&str> = results
            .items
            .iter()
            .filter(|item| item.tracking_signal.is_some_and(|ts| ts.abs() > 4.0))
            .map(|item| item.item.as_str())
            .collect();
        if !warned.is_empty() {
            blocks.push(Block::Note(format!(
                "Tracking signal beyond ±4 (the forecast is biased; check the method): {}.",
                warned.join(", ")
            )));
        }
        if results.items.len() > FORECAST_CHARTS {
            blocks.push(Block::Note(format!(
                "The plan forecasts {} items; charts for the first {FORECAST_CHARTS}.",
                results.items.len()
            )));
        }
        for item in results.items.iter().take(FORECAST_CHARTS) {
            blocks.push(Block::Chart(forecast_chart(
                item,
                &names.item(&item.item),
                &input.plan.settings,
                input.range,
            )));
        }
    }
    blocks.extend(results.messages.into_iter().map(Block::Note));
    DocSection {
        id: "forecast",
        title: "Forecast",
        blocks,
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
            utilization: load.iter().map(|l| l / available).collect(),
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
            "rule 2 at 19, 21; rule 3 at 21; rule 4 at 24"
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
