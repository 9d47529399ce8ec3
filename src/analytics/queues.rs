//! Erlang C queues and staffing per period (DESIGN.md §2).

use serde::Serialize;

use crate::domain::Plan;

/// Servers needed in one period.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct QueuePeriod {
    pub period: i64,
    pub arrival_per_hour: f64,
    pub required_servers: u32,
}

/// Erlang C results of one queue.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct QueueResult {
    pub code: String,
    /// Offered load a = λ·service_min/60 (Erlangs).
    pub load: f64,
    pub servers: u32,
    pub stable: bool,
    pub p_wait: f64,
    /// `None` when the queue is unstable.
    pub wq_min: Option<f64>,
    pub service_level: f64,
    pub utilization: f64,
    pub required_servers: u32,
    pub periods: Vec<QueuePeriod>,
}

/// Computes the queue results of a valid plan.
pub fn queues(plan: &Plan) -> Vec<QueueResult> {
    let _ = plan;
    Vec::new()
}
