//! The plan's own tables as report tables (the XLSX report's data sheets).

use super::*;

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
