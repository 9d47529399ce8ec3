//! Pure analytics over a validated plan: cost, capacity, quality, queues.
//!
//! One set of result types serves the CLI JSON (`analyze --json`, DESIGN.md §4), the GUI and the
//! reports. Every function takes `&Plan` and returns plain data; nothing here does I/O.

pub mod capacity;
pub mod compare;
pub mod cost;
pub mod mix;
pub mod plan_index;
pub mod quality;
pub mod queues;

use serde::Serialize;
use thiserror::Error;

use crate::domain::{MAX_PERIODS, Plan, ValidationReport, validate};

pub use capacity::CapacityResults;
pub use cost::{CostResults, Totals};
pub use quality::QualityResults;
pub use queues::QueueResult;

/// Why a plan could not be analysed.
#[derive(Debug, Error)]
pub enum AnalysisError {
    /// An invalid plan is never analysed (DESIGN.md §1).
    #[error("{0}")]
    Invalid(ValidationReport),
}

/// Every analytics result of a plan; serialises to the `analyze --json` document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub totals: Totals,
    pub cost: CostResults,
    pub capacity: CapacityResults,
    pub quality: QualityResults,
    pub queues: Vec<QueueResult>,
}

/// Plans with more rows than this are validated on a second thread while they are analysed.
pub const PARALLEL_VALIDATION_ROWS: usize = 20_000;

/// Validates the plan and computes every result; an invalid plan gives its problems only.
///
/// On a large plan, validation and analysis run side by side (they only read the plan), so after
/// an edit the GUI waits for the longer of the two rather than their sum. The analysis of a plan
/// that turns out invalid is discarded: it never panics on one, and a horizon outside the
/// accepted range, the one thing that would make it allocate without bound, is checked first.
pub fn analyze(plan: &Plan) -> Result<Analysis, AnalysisError> {
    let horizon_ok = (1..=MAX_PERIODS).contains(&plan.settings.periods);
    let (report, analysis) = if horizon_ok && row_count(plan) > PARALLEL_VALIDATION_ROWS {
        std::thread::scope(|scope| {
            let validation = scope.spawn(|| validate(plan));
            let analysis = analyze_valid(plan);
            let report = validation
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (report, Some(analysis))
        })
    } else {
        (validate(plan), None)
    };
    if !report.is_valid() {
        return Err(AnalysisError::Invalid(report));
    }
    Ok(analysis.unwrap_or_else(|| analyze_valid(plan)))
}

/// Rows of the tables that validation and analysis walk.
fn row_count(plan: &Plan) -> usize {
    plan.items.len() + plan.bom.len() + plan.routing.len() + plan.demand.len()
}

/// Computes every result of a plan that has already passed validation (the GUI and the
/// benchmarks validate once and reuse the report).
pub fn analyze_valid(plan: &Plan) -> Analysis {
    // One index and one BOM explosion serve both capacity and cost.
    let index = plan_index::PlanIndex::new(plan);
    let explosion = capacity::Explosion::new(&index);
    let capacity = capacity::capacity_from(&index, &explosion);
    let (cost, totals) = cost::cost_from(&index, &explosion, &capacity);
    Analysis {
        totals,
        cost,
        capacity,
        quality: quality::quality_from(&index),
        queues: queues::queues(plan),
    }
}
