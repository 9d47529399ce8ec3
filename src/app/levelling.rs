//! Levelling as an operation (DESIGN.md §4 `opsplan level`, §6): solve the plan in a file, show
//! the result as text, and adopt the levelled schedule as the plan's master schedule; for the
//! GUI, a [`LevelJob`] solves on a worker thread with progress and cancel, and [`LevelInputs`]
//! tells whether a result still fits the plan.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::analysis_worker::AnalysisWaker;
use super::files::{read_plan, write_plan_to};
use super::operations::OperationError;
use crate::analytics::level::{
    LevelControl, LevelError, LevelPhase, LevelResult, level, level_controlled,
};
use crate::domain::{MasterScheduleRow, Plan};

/// Quantities written to master_schedule are rounded to this many decimals (§6).
const APPLY_DECIMALS: i32 = 6;

/// Levels the plan stored in `plan_path`.
pub fn level_file(plan_path: &Path) -> Result<LevelResult, OperationError> {
    let plan = read_plan(plan_path)?;
    level_plan_at(&plan, plan_path)
}

/// Levels the plan in `plan_path` and writes the schedule as its master_schedule rows, in place
/// (atomically) or to `output`. Nothing is written when the plan is invalid or the solve fails.
pub fn level_and_apply_file(
    plan_path: &Path,
    output: Option<&Path>,
) -> Result<LevelResult, OperationError> {
    let mut plan = read_plan(plan_path)?;
    let result = level_plan_at(&plan, plan_path)?;
    plan.master_schedule = levelled_master_schedule(&plan, &result);
    let target = output.unwrap_or(plan_path);
    write_plan_to(&plan, target)?;
    Ok(result)
}

fn level_plan_at(plan: &Plan, path: &Path) -> Result<LevelResult, OperationError> {
    level(plan).map_err(|error| match error {
        LevelError::Invalid(report) => OperationError::Invalid {
            path: path.to_path_buf(),
            report,
        },
        source => OperationError::Level {
            path: path.to_path_buf(),
            source,
        },
    })
}

/// The plan's master_schedule after adopting `result` (§6): every levelled item without parents
/// gets its x > 0 rounded to 6 decimals, replacing its old rows, or the single row (item, 1, 0)
/// when nothing is made, so it stays master-scheduled. Rows of other items are kept, first.
/// A levelled item with parents (a spare part with its own demand) gets no rows: the material
/// plan keeps netting its whole demand.
pub fn levelled_master_schedule(plan: &Plan, result: &LevelResult) -> Vec<MasterScheduleRow> {
    let scheduled: Vec<&str> = result
        .items
        .iter()
        .filter(|item| !item.has_parents)
        .map(|item| item.code.as_str())
        .collect();
    let replaced: HashSet<&str> = scheduled.iter().copied().collect();
    let mut rows: Vec<MasterScheduleRow> = plan
        .master_schedule
        .iter()
        .filter(|row| !replaced.contains(row.item.as_str()))
        .cloned()
        .collect();
    let scale = 10f64.powi(APPLY_DECIMALS);
    let mut by_item: HashMap<&str, Vec<MasterScheduleRow>> = HashMap::new();
    for row in &result.schedule {
        let qty = (row.qty * scale).round() / scale;
        if qty > 0.0 {
            by_item
                .entry(row.item.as_str())
                .or_default()
                .push(MasterScheduleRow {
                    item: row.item.clone(),
                    period: row.period,
                    qty,
                });
        }
    }
    for code in scheduled {
        match by_item.remove(code) {
            Some(item_rows) => rows.extend(item_rows),
            None => rows.push(MasterScheduleRow {
                item: code.to_string(),
                period: 1,
                qty: 0.0,
            }),
        }
    }
    rows
}

/// The LP rounds of constraint generation on one line: how many, and the capacity rows of each.
fn rounds_line(result: &LevelResult) -> String {
    let rows: Vec<String> = (result.rounds.iter())
        .map(|round| round.capacity_rows.to_string())
        .collect();
    format!(
        "{:<20} {:>14}  (capacity rows {})\n",
        "LP rounds",
        result.rounds.len(),
        rows.join(", ")
    )
}

/// The levelled plan as text for the terminal: the cost parts, then schedule, late units,
/// overtime and binding capacity, one line each.
pub fn level_summary(result: &LevelResult) -> String {
    let mut text = String::new();
    for (label, value) in [
        ("objective", result.objective),
        ("holding cost", result.holding_cost),
        ("backorder cost", result.backorder_cost),
        ("lost sales cost", result.lost_sales_cost),
        ("overtime cost", result.overtime_cost),
    ] {
        text.push_str(&format!("{label:<20} {value:>14.2}\n"));
    }
    text.push_str(&rounds_line(result));
    let schedule = result.schedule.iter();
    let title = format!("schedule ({} rows)", result.schedule.len());
    push_rows(
        &mut text,
        &title,
        ["item", "period", "qty"],
        schedule.map(|r| (&*r.item, r.period, r.qty)),
    );
    if !result.late.is_empty() {
        let late = result.late.iter().map(|r| (&*r.item, r.period, r.qty));
        push_rows(&mut text, "late", ["item", "period", "qty"], late);
    }
    if !result.overtime.is_empty() {
        let overtime = result
            .overtime
            .iter()
            .map(|r| (&*r.resource, r.period, r.hours));
        push_rows(
            &mut text,
            "overtime",
            ["resource", "period", "hours"],
            overtime,
        );
    }
    if !result.binding.is_empty() {
        let binding = (result.binding.iter()).map(|r| (&*r.resource, r.period, r.shadow_price));
        push_rows(
            &mut text,
            "binding capacity",
            ["resource", "period", "shadow price"],
            binding,
        );
    }
    text
}

/// One table of the summary: a blank line, its title, the three headings, then a line per row
/// (code, period, value to 4 decimals).
fn push_rows<'a>(
    text: &mut String,
    title: &str,
    headings: [&str; 3],
    rows: impl Iterator<Item = (&'a str, i64, f64)>,
) {
    let [code, period, value] = headings;
    text.push_str(&format!("\n{title}\n{code:<20} {period:>8} {value:>14}\n"));
    for (code, period, value) in rows {
        text.push_str(&format!("{code:<20} {period:>8} {value:>14.4}\n"));
    }
}

/// The tables levelling reads (DESIGN.md §6): settings, items, BOM, resources, routing, demand,
/// scheduled receipts, calendar and resource periods. Two plans with equal inputs level the
/// same, so a result stays current through edits elsewhere, such as adopting it as the master
/// schedule (which the LP does not read) or undoing that.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelInputs(Plan);

impl LevelInputs {
    /// Copies the levelling inputs out of `plan`.
    pub fn of(plan: &Plan) -> Self {
        LevelInputs(Plan {
            settings: plan.settings.clone(),
            items: plan.items.clone(),
            bom: plan.bom.clone(),
            resources: plan.resources.clone(),
            routing: plan.routing.clone(),
            demand: plan.demand.clone(),
            receipts: plan.receipts.clone(),
            calendar: plan.calendar.clone(),
            resource_periods: plan.resource_periods.clone(),
            ..Plan::default()
        })
    }

    /// True when `plan` has these inputs (one pass over the tables compared).
    pub fn matches(&self, plan: &Plan) -> bool {
        let mine = &self.0;
        mine.settings == plan.settings
            && mine.items == plan.items
            && mine.bom == plan.bom
            && mine.resources == plan.resources
            && mine.routing == plan.routing
            && mine.demand == plan.demand
            && mine.receipts == plan.receipts
            && mine.calendar == plan.calendar
            && mine.resource_periods == plan.resource_periods
    }
}

/// A levelling run on a worker thread (the GUI's Level button): its phase for a progress
/// indicator, a cancel, and the result once it is in. The window never waits for the solver.
pub struct LevelJob {
    control: Arc<LevelControl>,
    result: Receiver<Result<LevelResult, LevelError>>,
    inputs: Arc<LevelInputs>,
}

impl std::fmt::Debug for LevelJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LevelJob")
            .field("phase", &self.phase())
            .finish_non_exhaustive()
    }
}

/// A finished [`LevelJob`]: the result (or why there is none) and the inputs it was computed
/// from.
#[derive(Debug)]
pub struct LevelDone {
    /// The levelled plan, or the error.
    pub result: Result<LevelResult, LevelError>,
    /// What was levelled (to tell later whether the result still fits the plan).
    pub inputs: Arc<LevelInputs>,
}

impl LevelJob {
    /// Starts levelling a copy of `plan`'s inputs on a thread; `waker` is called when the
    /// result can be collected (the GUI asks for a repaint). If no thread can be started the
    /// plan is levelled here and the result is ready at once.
    pub fn start(plan: &Plan, waker: Option<AnalysisWaker>) -> LevelJob {
        let inputs = Arc::new(LevelInputs::of(plan));
        let control = Arc::new(LevelControl::default());
        let (sender, result) = mpsc::channel();
        let (shared, watched) = (Arc::clone(&inputs), Arc::clone(&control));
        let spawned = std::thread::Builder::new()
            .name("level".to_string())
            .spawn(move || {
                let _ = sender.send(level_controlled(&shared.0, &watched));
                if let Some(wake) = waker {
                    wake();
                }
            });
        if let Err(error) = spawned {
            let (sender, inline) = mpsc::channel();
            let _ = sender.send(Err(LevelError::Solver(format!(
                "could not start the levelling thread: {error}"
            ))));
            return LevelJob {
                control,
                result: inline,
                inputs,
            };
        }
        LevelJob {
            control,
            result,
            inputs,
        }
    }

    /// The phase the run has reached.
    pub fn phase(&self) -> LevelPhase {
        self.control.phase()
    }

    /// The LP round under way (1-based; 0 before the first) and its number of capacity rows.
    pub fn round(&self) -> (usize, usize) {
        self.control.round()
    }

    /// Asks the run to stop and lets it go: whatever it still produces is dropped. The solver
    /// itself cannot be interrupted, so its thread may run on briefly in the background.
    pub fn cancel(self) {
        self.control.cancel();
    }

    /// The result once the run has finished (`None` while it runs: see [`LevelJob::phase`]).
    pub fn poll(&self) -> Option<LevelDone> {
        let result = match self.result.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(LevelError::Solver(
                "the levelling thread stopped without a result".to_string(),
            )),
        };
        Some(LevelDone {
            result,
            inputs: Arc::clone(&self.inputs),
        })
    }
}
