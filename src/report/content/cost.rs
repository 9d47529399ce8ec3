//! The cost section: unit costs, margins, break-even, idle capacity cost and the unit-cost
//! chart.

use super::*;

/// Columns of the cost roll-up table.
const COST_COLUMNS: [ReportColumn; 15] = [
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

/// Most items in the unit-cost chart, so bars stay readable.
pub const COST_CHART_ITEMS: usize = 30;

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

pub(super) fn cost_section(input: &ReportInput, chosen: &Selection) -> DocSection {
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
