//! The analysis of the document's current revision: computed at once for a small plan, on a
//! worker thread for a large one (`analytics::is_large`), so the frame after an edit stays short.
//! The worker calls the [`AnalysisWaker`] when its result is in, so the GUI need not poll.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::memory;
use crate::analytics::plan_index::PlanStructure;
use crate::analytics::{Analysis, AnalysisError, Threads, analyze, analyze_reusing, is_large};
use crate::domain::Plan;

/// Called by the worker thread once its result can be collected (the GUI passes a function
/// that asks egui for a repaint).
pub type AnalysisWaker = Arc<dyn Fn() + Send + Sync>;

/// Analysis of one revision of the plan.
#[derive(Debug)]
struct CachedAnalysis {
    revision: u64,
    /// Row counts of the analysed plan (see [`PlanShape`]).
    shape: PlanShape,
    result: Result<Analysis, AnalysisError>,
}

/// Row counts of the tables whose rows the dashboards pair with analysis results by position.
/// While a newer analysis is being computed, the last one is shown only if these still match,
/// so a view never pairs a result with the wrong row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PlanShape([usize; 5]);

impl PlanShape {
    fn of(plan: &Plan) -> Self {
        PlanShape([
            plan.items.len(),
            plan.resources.len(),
            plan.characteristics.len(),
            plan.queues.len(),
            plan.scenarios.len(),
        ])
    }
}

/// Item × period tables of `f64` an analysis of a large plan keeps in its results, rounded up:
/// plan L's first edit faulted in 38 MB, 4.6 tables of 20,000 × 52 (BENCHMARKS.md, session 10).
const RESULT_TABLES: usize = 6;

/// About how much memory the results of an analysis of `plan` hold: what the analysis after the
/// first one needs fresh while the first results are still shown (see `memory::warm_heap`).
fn result_table_bytes(plan: &Plan) -> usize {
    let periods = usize::try_from(plan.settings.periods).unwrap_or(0);
    plan.items
        .len()
        .saturating_mul(periods)
        .saturating_mul(RESULT_TABLES * std::mem::size_of::<f64>())
}

/// Where the analysis a new one replaces is freed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dropping {
    /// Right away (a small plan's analysis frees in microseconds).
    Here,
    /// On a short-lived thread: freeing a large plan's results (tens of thousands of
    /// allocations, tables of megabytes) would otherwise lengthen the GUI frame that shows the
    /// new ones by several milliseconds.
    OffThread,
}

/// Frees `value` on a thread of its own; when the system refuses a thread, the refused closure,
/// and `value` with it, is freed here.
fn drop_off_thread<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("free analysis".to_string())
        .spawn(move || drop(value));
}

/// What the worker thread sends back: the analysis and the structure it stood on.
type WorkerResult = (Result<Analysis, AnalysisError>, Option<Arc<PlanStructure>>);

/// An analysis running on a worker thread for one revision of a large plan.
#[derive(Debug)]
struct PendingAnalysis {
    revision: u64,
    shape: PlanShape,
    result: Receiver<WorkerResult>,
}

/// The index structure of the last analysed revision of a large plan, kept for the next one.
#[derive(Debug)]
struct KeptStructure {
    /// The revision it was built for (or found to fit).
    revision: u64,
    structure: Arc<PlanStructure>,
}

/// The cached analysis, the one being computed and how to wake the GUI when it is done.
#[derive(Default)]
pub(super) struct AnalysisWorker {
    analysis: Option<CachedAnalysis>,
    /// The analysis being computed off the GUI thread, for a large plan.
    pending: Option<PendingAnalysis>,
    /// A demand edit leaves items, resources, BOM and routing alone: the next analysis of a
    /// large plan reuses their index (a fifth of an analysis of plan L) instead of building it.
    structure: Option<KeptStructure>,
    /// Analyses installed so far; also the key of `Document::analysis_key`.
    runs: u64,
    waker: Option<AnalysisWaker>,
}

impl std::fmt::Debug for AnalysisWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnalysisWorker")
            .field("analysis", &self.analysis)
            .field("pending", &self.pending)
            .field(
                "structure",
                &self.structure.as_ref().map(|kept| kept.revision),
            )
            .field("runs", &self.runs)
            .field("waker", &self.waker.is_some())
            .finish()
    }
}

impl AnalysisWorker {
    /// Sets the function the worker calls when a result is ready.
    pub(super) fn set_waker(&mut self, waker: AnalysisWaker) {
        self.waker = Some(waker);
    }

    /// True once a waker is set.
    pub(super) fn has_waker(&self) -> bool {
        self.waker.is_some()
    }

    /// Brings the analysis up to `revision` of `plan` (see `Document::refresh_analysis`);
    /// `structure_revision` is the revision of the plan's last change that may have touched its
    /// structure, so an index kept from that revision or a later one fits.
    pub(super) fn refresh(&mut self, plan: &Arc<Plan>, revision: u64, structure_revision: u64) {
        self.collect_finished();
        let current = self.analysis.as_ref().map(|a| a.revision) == Some(revision);
        let running = self.pending.as_ref().map(|p| p.revision) == Some(revision);
        if current || running {
            return;
        }
        if !is_large(plan) {
            self.install(revision, PlanShape::of(plan), analyze(plan), Dropping::Here);
            return;
        }
        if self.pending.is_some() {
            // Wait for the older run: two analyses of plan L at once would both be slower.
            return;
        }
        let shared = Arc::clone(plan);
        let waker = self.waker.clone();
        let kept = (self.structure.take())
            .filter(|kept| kept.revision >= structure_revision)
            .map(|kept| kept.structure);
        let (sender, result) = mpsc::channel();
        // The first results stay on screen through the next analysis: warm the heap for it.
        let warm_bytes = if self.analysis.is_none() {
            result_table_bytes(plan)
        } else {
            0
        };
        let spawned = std::thread::Builder::new()
            .name("analysis".to_string())
            .spawn(move || {
                // Validation beside a one-thread analysis: the second core is taken only while
                // validation runs (the shorter part), then stays free to draw.
                let analysis = analyze_reusing(&shared, Threads::ValidationBeside, kept);
                let valid = analysis.0.is_ok();
                let _ = sender.send(analysis);
                if let Some(wake) = waker {
                    wake();
                }
                if valid {
                    memory::warm_heap(warm_bytes);
                }
            });
        match spawned {
            Ok(_) => {
                self.pending = Some(PendingAnalysis {
                    revision,
                    shape: PlanShape::of(plan),
                    result,
                });
            }
            Err(_) => self.install(revision, PlanShape::of(plan), analyze(plan), Dropping::Here),
        }
    }

    /// Takes the worker's result if it has finished, even for an older revision: it is shown
    /// until the current one arrives.
    fn collect_finished(&mut self) {
        let Some(pending) = &self.pending else {
            return;
        };
        match pending.result.try_recv() {
            Ok((result, structure)) => {
                let (revision, shape) = (pending.revision, pending.shape);
                self.pending = None;
                self.structure = structure.map(|structure| KeptStructure {
                    revision,
                    structure,
                });
                self.install(revision, shape, result, Dropping::OffThread);
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => self.pending = None,
        }
    }

    fn install(
        &mut self,
        revision: u64,
        shape: PlanShape,
        result: Result<Analysis, AnalysisError>,
        dropping: Dropping,
    ) {
        let replaced = self.analysis.replace(CachedAnalysis {
            revision,
            shape,
            result,
        });
        self.runs += 1;
        if let (Some(replaced), Dropping::OffThread) = (replaced, dropping) {
            drop_off_thread(replaced);
        }
    }

    /// True while a worker analyses the plan.
    pub(super) fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// The analysis to show for `revision` of `plan`: that revision's, or while a newer one is
    /// being computed, the last one if the plan still has the same rows.
    pub(super) fn shown(
        &self,
        plan: &Plan,
        revision: u64,
    ) -> Option<&Result<Analysis, AnalysisError>> {
        self.analysis
            .as_ref()
            .filter(|a| {
                a.revision == revision || (self.pending.is_some() && a.shape == PlanShape::of(plan))
            })
            .map(|a| &a.result)
    }

    /// The index structure kept for the next analysis, if any (tests check that it is reused).
    #[cfg(test)]
    pub(super) fn kept_structure(&self) -> Option<&Arc<PlanStructure>> {
        self.structure.as_ref().map(|kept| &kept.structure)
    }

    /// Analyses installed so far.
    pub(super) fn runs(&self) -> u64 {
        self.runs
    }
}
