//! Unit cost roll-up through the BOM, full cost, COPQ, margins, idle capacity, break-even and plan
//! totals (DESIGN.md §2).

use serde::Serialize;

use super::capacity::CapacityResults;
use crate::domain::Plan;

/// Whole-horizon money totals of the plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Totals {
    pub revenue: f64,
    pub variable_cost: f64,
    pub fixed_cost: f64,
    pub profit: f64,
    /// profit / revenue; `None` when revenue is 0.
    pub profit_margin: Option<f64>,
}

/// Cost roll-up of one item, per good unit.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ItemCost {
    pub code: String,
    pub material: f64,
    pub conversion: f64,
    pub purchase: f64,
    pub unit_cost: f64,
    pub full_unit_cost: f64,
    pub price: f64,
    pub margin: f64,
    /// margin / price; `None` when price is 0.
    pub margin_pct: Option<f64>,
    pub copq: f64,
    pub rty: f64,
    /// Break-even quantity at the planned mix; `None` without demand or positive contribution.
    pub break_even_qty: Option<f64>,
}

/// Multi-product break-even at the planned sales mix.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct BreakEven {
    pub fixed_cost: f64,
    pub contribution: f64,
    /// fixed_cost / contribution; `None` when contribution ≤ 0.
    pub ratio: Option<f64>,
}

/// Idle-capacity cost of one resource over the horizon (negative when overloaded).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct IdleCost {
    pub resource: String,
    pub idle_cost: f64,
}

/// The `cost` key of `analyze --json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CostResults {
    /// One entry per item, in plan order.
    pub items: Vec<ItemCost>,
    pub break_even: BreakEven,
    /// One entry per resource, in plan order.
    pub idle: Vec<IdleCost>,
}

/// Computes the cost results and plan totals of a valid plan.
pub fn cost(plan: &Plan, capacity: &CapacityResults) -> (CostResults, Totals) {
    let _ = (plan, capacity);
    (CostResults::default(), Totals::default())
}
