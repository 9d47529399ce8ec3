//! Pure analytics over a validated plan: cost, capacity, quality, queues.
//!
//! One set of result types serves the CLI JSON (`analyze --json`, DESIGN.md §4), the GUI and the
//! reports. Every function takes `&Plan` and returns plain data; nothing here does I/O.

pub mod arithmetic;
pub mod availability;
pub mod capacity;
pub mod compare;
pub mod cost;
pub mod forecast;
pub mod level;
pub mod mix;
pub mod mrp;
pub mod oee;
pub mod plan_index;
pub mod quality;
pub mod queues;

use std::sync::Arc;

use serde::Serialize;
use thiserror::Error;

use crate::domain::{MAX_PERIODS, Plan, ValidationReport, validate};
use plan_index::{PlanIndex, PlanStructure};

pub use capacity::CapacityResults;
pub use cost::{CostResults, Totals};
pub use mrp::MrpResults;
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
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Analysis {
    pub totals: Totals,
    pub cost: CostResults,
    pub capacity: CapacityResults,
    pub quality: QualityResults,
    pub queues: Vec<QueueResult>,
    /// The material plan's summary (§5); its item records are kept for `opsplan mrp`, the GUI
    /// and the reports.
    pub mrp: MrpResults,
    /// OEE per resource, the downtime Pareto and the measured-against-planned messages (§8).
    pub oee: oee::OeeResults,
}

/// Plans with more BOM, routing, demand and item rows than this use the second core: validation
/// runs beside the analysis, and quality beside cost and capacity. Below it, a thread would
/// cost more than it saves.
pub const PARALLEL_ROWS: usize = 20_000;

/// How many threads an analysis may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// The calling thread only.
    One,
    /// On a large plan, validation on a second thread beside an analysis that uses the calling
    /// thread alone: the GUI's worker. Validation is the shorter of the two, so the second core
    /// is busy only for that while and is then left to drawing.
    ValidationBeside,
    /// On a large plan (see [`PARALLEL_ROWS`]), validation beside the analysis and quality
    /// beside cost and capacity: the CLI and benchmarks.
    Two,
}

/// Validates the plan and computes every result; an invalid plan gives its problems only.
///
/// On a large plan, validation and analysis run side by side (they only read the plan), so the
/// caller waits for the longer of the two rather than their sum. The analysis of a plan that
/// turns out invalid is discarded: it never panics on one, and a horizon outside the accepted
/// range, the one thing that would make it allocate without bound, is checked first.
pub fn analyze(plan: &Plan) -> Result<Analysis, AnalysisError> {
    analyze_using(plan, Threads::Two)
}

/// [`analyze`] with a limit on the threads used.
pub fn analyze_using(plan: &Plan, threads: Threads) -> Result<Analysis, AnalysisError> {
    analyze_reusing(plan, threads, None).0
}

/// [`analyze_using`] on the structure of an earlier revision of the plan, when the caller knows
/// that the items' and resources' codes, the BOM and the routings have not changed since (see
/// [`PlanIndex::reusing`]); `None` builds it. Returns the structure the analysis stood on, to
/// pass to the next revision, unless the plan was refused before it was built.
pub fn analyze_reusing(
    plan: &Plan,
    threads: Threads,
    structure: Option<Arc<PlanStructure>>,
) -> (Result<Analysis, AnalysisError>, Option<Arc<PlanStructure>>) {
    let horizon_ok = (1..=MAX_PERIODS).contains(&plan.settings.periods);
    let parallel = threads != Threads::One && horizon_ok && is_large(plan);
    let analysis_threads = match threads {
        Threads::Two => Threads::Two,
        Threads::One | Threads::ValidationBeside => Threads::One,
    };
    let analyze_indexed = || {
        let index = match structure {
            Some(structure) => PlanIndex::reusing(plan, structure),
            None => PlanIndex::new(plan),
        };
        let analysis = analyze_valid_indexed(&index, analysis_threads);
        (analysis, Arc::clone(index.structure()))
    };
    if parallel {
        let (report, (analysis, structure)) = side_by_side(|| validate(plan), analyze_indexed);
        let result = if report.is_valid() {
            Ok(analysis)
        } else {
            Err(AnalysisError::Invalid(report))
        };
        return (result, Some(structure));
    }
    let report = validate(plan);
    if !report.is_valid() {
        return (Err(AnalysisError::Invalid(report)), None);
    }
    let (analysis, structure) = analyze_indexed();
    (Ok(analysis), Some(structure))
}

/// Computes every result of a plan that has already passed validation (the GUI and the
/// benchmarks validate once and reuse the report).
pub fn analyze_valid(plan: &Plan) -> Analysis {
    analyze_valid_indexed(&PlanIndex::new(plan), Threads::Two)
}

fn analyze_valid_indexed(index: &PlanIndex, threads: Threads) -> Analysis {
    // One index serves every result. The standard explosion fixes the unit costs, which price
    // the material plan; its releases load the resources, whose load gives the idle cost.
    let plan = index.plan();
    let availability = availability::Availability::new(plan);
    let cost_and_capacity = || {
        let explosion = capacity::Explosion::new(index);
        let standard = cost::StandardCosts::new(index, &explosion, &availability);
        let material = mrp::material_plan(index, &standard.unit_costs());
        let capacity = capacity::capacity_from(index, &material.plan, &availability);
        let (cost, totals) = cost::cost_from(index, &explosion, &standard, &capacity, &material);
        (cost, totals, capacity, material)
    };
    let quality = || quality::quality_from(index);
    let (quality, (cost, totals, capacity, mrp)) = if threads == Threads::Two && is_large(plan) {
        side_by_side(quality, cost_and_capacity)
    } else {
        (quality(), cost_and_capacity())
    };
    Analysis {
        totals,
        cost,
        capacity,
        quality,
        queues: queues::queues_with(plan, &availability),
        mrp,
        oee: oee::oee_from(index),
    }
}

/// True for a plan large enough to use the second core (see [`PARALLEL_ROWS`]); the GUI also
/// analyses such a plan off its own thread.
pub fn is_large(plan: &Plan) -> bool {
    plan.items.len() + plan.bom.len() + plan.routing.len() + plan.demand.len() > PARALLEL_ROWS
}

/// Runs `beside` on a second thread while `here` runs on this one, and returns both results.
/// When the system refuses a thread, `beside` runs here after `here`. A panic on the second
/// thread (a bug: both are pure functions) is passed on unchanged.
fn side_by_side<A: Send, B>(beside: impl Fn() -> A + Sync, here: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let beside = &beside;
        let spawned = std::thread::Builder::new().spawn_scoped(scope, beside);
        let here = here();
        let beside = match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => beside(),
        };
        (beside, here)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_by_side_returns_the_thread_result_first_and_runs_both() {
        let here_thread = std::thread::current().id();
        let (beside, here) = side_by_side(
            || (6 * 7, std::thread::current().id()),
            || ("here", std::thread::current().id()),
        );
        assert_eq!((beside.0, here.0), (42, "here"));
        assert_eq!(here.1, here_thread);
        assert_ne!(
            beside.1, here_thread,
            "the first task runs on another thread"
        );
    }
}
