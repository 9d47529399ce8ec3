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

use crate::domain::{Plan, ValidationReport, validate};

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

/// Validates the plan, then computes every result.
pub fn analyze(plan: &Plan) -> Result<Analysis, AnalysisError> {
    let report = validate(plan);
    if !report.is_valid() {
        return Err(AnalysisError::Invalid(report));
    }
    Ok(analyze_valid(plan))
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
