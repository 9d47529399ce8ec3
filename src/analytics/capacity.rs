//! Requirements by BOM explosion, lots, and load against available hours per resource and period
//! (DESIGN.md §2).

use serde::Serialize;

use crate::domain::Plan;

/// Load and availability of one resource, one value per period (index 0 = period 1).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ResourceLoad {
    pub code: String,
    pub available: Vec<f64>,
    pub load: Vec<f64>,
    pub utilization: Vec<f64>,
    pub total_utilization: f64,
    pub peak_utilization: f64,
}

/// Gross requirement of an item in a period (1-based).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Requirement {
    pub item: String,
    pub period: i64,
    pub qty: f64,
}

/// Number of lots of an item started in a period (1-based).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct LotCount {
    pub item: String,
    pub period: i64,
    pub lots: f64,
}

/// The `capacity` key of `analyze --json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CapacityResults {
    /// One entry per resource, in plan order.
    pub resources: Vec<ResourceLoad>,
    /// Resource with the highest total utilisation (first in plan order on ties).
    pub bottleneck: Option<String>,
    /// Non-zero requirements, by item in plan order then period.
    pub requirements: Vec<Requirement>,
    /// Non-zero lot counts, by item in plan order then period.
    pub lots: Vec<LotCount>,
}

/// Computes requirements, lots and load of a valid plan.
pub fn capacity(plan: &Plan) -> CapacityResults {
    let _ = plan;
    CapacityResults::default()
}
