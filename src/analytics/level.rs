//! Levelling the master schedule (DESIGN.md §6): the production plan of every item with demand
//! that fits the resources' hours at least cost, trading stock built ahead (holding cost),
//! overtime (its premium) and late delivery (backorder cost per period, and the price of what is
//! still owed at the end of the horizon, a lost sale).
//!
//! The LP, for every item i with demand rows and t = 1..T:
//! `x_i,t ≥ 0` good units received, `I_i,t ≥ 0` stock (0 for a service), `B_i,t ≥ 0` backlog;
//! `I_i,t − B_i,t = I_i,t−1 − B_i,t−1 + x_i,t + SR_i,t − demand_i,t` with `I_i,0 = on_hand`,
//! `B_i,0 = 0`; `Σ_t x_i,t ≤ max(0, Σ_t demand_i,t − on_hand_i − Σ_t SR_i,t)`; for every resource
//! r and period t, `Σ w · x_i,u` over the bill-of-resources entries (r, o, w) of i with
//! `max(1, u − o) = t`, minus the overtime `0 ≤ O_r,t ≤ overtime_r,t`, at most `available_r,t`.
//! Minimised: `Σ h_i · I_i,t + Σ b_i · B_i,t + Σ price_i · B_i,T + Σ p_r · O_r,t`.
//!
//! It is solved with the interior-point solver Clarabel (through `good_lp`, pure Rust like the
//! product mix), which also gives the duals of the capacity rows: the shadow price of one more
//! hour in a resource-period. An interior point returns a point near the centre of the optimal
//! face, not necessarily a vertex: where the optimum is not unique any optimal plan is right
//! (§6), and quantities below 1e-6 of the item's demand are cleaned to 0.
//!
//! The capacity rows are generated lazily: the first LP holds only the resource-periods the
//! chase plan overloads or nearly fills, and rows a solution overloads are added until none is
//! (each item's x touches every row of its bill of resources, so the full set of rows makes the
//! factorisation fill in; plan M needs 594 of its 5,200). The last LP's optimum is the full LP's.
//!
//! The reported figures are recomputed from the schedule after the solve (stock, backlog, late
//! units, loads and the overtime each period needs), so every number in the result agrees with
//! the schedule it reports, whatever the solver's last-digit noise.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};

use good_lp::constraint::ConstraintReference;
use good_lp::solvers::{DualValues, SolutionWithDual};
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, Variable, clarabel, variable};
use serde::Serialize;
use thiserror::Error;

mod bill_of_resources;

use bill_of_resources::load_period;
pub use bill_of_resources::{BorEntry, bills_of_resources};

use super::availability::Availability;
use super::capacity::capacity;
use super::cost::cost;
use super::plan_index::PlanIndex;
use crate::domain::{ItemKind, Plan, ValidationReport, validate};

/// Relative tolerance of §6: values at most this share of their scale count as 0, and a plan
/// is feasible when it breaks no row by more than this share of the row's size.
pub const TOLERANCE: f64 = 1e-6;

/// The levelled plan; serialises to the `level --json` document (DESIGN.md §4, §6).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct LevelResult {
    /// Total cost minimised: holding + backorder + lost sales + overtime.
    pub objective: f64,
    /// `Σ h_i · stock_i,t`: the cost of carrying stock built ahead (and stock on hand).
    pub holding_cost: f64,
    /// `Σ b_i · backlog_i,t`: the cost of delivering late, per unit and period.
    pub backorder_cost: f64,
    /// `Σ price_i · backlog_i,T`: the sales still owed at the end of the horizon, lost.
    pub lost_sales_cost: f64,
    /// `Σ p_r · O_r,t`: the premium paid for overtime hours.
    pub overtime_cost: f64,
    /// Good units received per item and period (x > 0), items in plan order, then period.
    pub schedule: Vec<ItemPeriodQty>,
    /// Units owed to customers at the end of a period (> 0), items in plan order, then period.
    pub late: Vec<ItemPeriodQty>,
    /// Overtime hours per resource and period (> 0), resources in plan order, then period.
    pub overtime: Vec<OvertimeHours>,
    /// Every resource in plan order, with its levelled rough-cut load.
    pub resources: Vec<LevelledResource>,
    /// The capacity rows at their limit, with what one more hour there is worth.
    pub binding: Vec<BindingCapacity>,
    /// Per levelled item, its stock and backlog over time (the GUI's build-up chart).
    #[serde(skip)]
    pub items: Vec<LevelledItem>,
    /// The size of the last LP solved (benchmarks, the page's status line).
    #[serde(skip)]
    pub size: LpSize,
    /// The LPs solved, in order: constraint generation adds the capacity rows each one breaks.
    #[serde(skip)]
    pub rounds: Vec<SolveRound>,
}

/// One LP of the constraint generation: how many capacity rows it held and how many rows its
/// schedule broke (added to the next LP; 0 in the last round).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SolveRound {
    /// Capacity rows in this LP.
    pub capacity_rows: usize,
    /// Capacity rows left out that its schedule overloads or loads near their limit, added to
    /// the next LP (0 when none is overloaded: the last round).
    pub added_rows: usize,
    /// The size of this LP.
    pub size: LpSize,
}

/// Which capacity rows the LP starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CapacityRows {
    /// Constraint generation: the rows the chase plan overloads, then every row a solution
    /// breaks, until none is broken (the default; same optimum as [`CapacityRows::All`]).
    #[default]
    Lazy,
    /// Every resource-period some production loads, in one LP (the reference formulation).
    All,
}

/// Rows left out loaded above this share below their available hours join the next LP with
/// the overloaded ones: building ahead fills the periods next to a peak, and every round is a
/// whole solve. On plan M the rows overloaded alone take 7 rounds (320 → 514 rows), with this
/// margin 1 (594 rows; BENCHMARKS.md "Levelling"); a wider margin makes each LP slower.
const NEAR_LIMIT: f64 = 0.05;

/// A capacity row left out of an LP, against the schedule it returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowCheck {
    /// The row was in the LP.
    InLp,
    /// Loaded above its available hours by more than the §6 tolerance.
    Broken,
    /// Within its hours but above `1 − NEAR_LIMIT` of them.
    NearLimit,
    /// Below that.
    Slack,
}

impl RowCheck {
    /// True for a row the next LP gets.
    fn is_added(self) -> bool {
        matches!(self, RowCheck::Broken | RowCheck::NearLimit)
    }
}

/// The cleaned schedule of one LP and the shadow prices of the capacity rows it held.
struct RoundSolution {
    quantities: Vec<Vec<f64>>,
    prices: Vec<Option<f64>>,
    size: LpSize,
}

/// A quantity of one item in one period (1-based).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ItemPeriodQty {
    /// Item code.
    pub item: String,
    /// Period, 1-based.
    pub period: i64,
    /// Units.
    pub qty: f64,
}

/// Overtime hours one resource works in one period.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OvertimeHours {
    /// Resource code.
    pub resource: String,
    /// Period, 1-based.
    pub period: i64,
    /// Overtime hours (load hours, all units together).
    pub hours: f64,
}

/// A resource's hours per period under the levelled schedule (index 0 = period 1).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct LevelledResource {
    /// Resource code.
    pub code: String,
    /// Available hours per period (calendar and resource_periods applied).
    pub available: Vec<f64>,
    /// Rough-cut load of the levelled schedule per period.
    pub load: Vec<f64>,
    /// Overtime hours the schedule needs per period.
    pub overtime: Vec<f64>,
    /// Overtime hours the resource may add per period (the bound of `overtime`).
    #[serde(skip)]
    pub overtime_limit: Vec<f64>,
    /// Rough-cut load when each period's demand is produced in that period (chase), for the
    /// before/after comparison.
    #[serde(skip)]
    pub chase_load: Vec<f64>,
}

/// A capacity row of the LP at its limit.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct BindingCapacity {
    /// Resource code.
    pub resource: String,
    /// Period, 1-based.
    pub period: i64,
    /// Cost saved by one more available hour in that period (≥ 0; duals need not be unique).
    pub shadow_price: f64,
}

/// One levelled item's position over time (index 0 = period 1).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LevelledItem {
    /// Item code.
    pub code: String,
    /// True when the item is a BOM child (a spare part): it gets no master_schedule rows.
    pub has_parents: bool,
    /// Stock at the end of each period.
    pub stock: Vec<f64>,
    /// Backlog at the end of each period.
    pub backlog: Vec<f64>,
}

/// Number of columns, rows and non-zero coefficients of the LP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LpSize {
    /// Variables.
    pub variables: usize,
    /// Constraints.
    pub rows: usize,
    /// Non-zero coefficients in the constraint matrix.
    pub nonzeros: usize,
}

/// Why a plan could not be levelled.
#[derive(Debug, Error)]
pub enum LevelError {
    /// An invalid plan is never analysed (DESIGN.md §1).
    #[error("{0}")]
    Invalid(ValidationReport),
    /// The LP solver gave up (numerical trouble, iteration limit).
    #[error("the LP solver failed: {0}")]
    Solver(String),
    /// The caller asked to stop (the page's Cancel).
    #[error("levelling was cancelled")]
    Cancelled,
}

/// Where a levelling run is, for a progress indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelPhase {
    /// Not started yet.
    Waiting,
    /// Exploding the bills of resources and writing the LP.
    Building,
    /// The solver is running.
    Solving,
    /// Reading the solution back.
    Reporting,
    /// Finished (or stopped).
    Done,
}

/// Shared between a levelling run and whoever watches it: the phase reached, the LP round and
/// its capacity rows, and a cancel flag. The solver itself cannot be interrupted; a cancel is
/// seen before and after each LP.
#[derive(Debug, Default)]
pub struct LevelControl {
    cancel: AtomicBool,
    phase: AtomicU8,
    round: AtomicUsize,
    capacity_rows: AtomicUsize,
}

impl LevelControl {
    /// Asks the run to stop at its next check.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// True once [`LevelControl::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The phase the run has reached.
    pub fn phase(&self) -> LevelPhase {
        match self.phase.load(Ordering::Relaxed) {
            1 => LevelPhase::Building,
            2 => LevelPhase::Solving,
            3 => LevelPhase::Reporting,
            4 => LevelPhase::Done,
            _ => LevelPhase::Waiting,
        }
    }

    /// The LP round under way (1-based; 0 before the first) and its number of capacity rows.
    pub fn round(&self) -> (usize, usize) {
        (
            self.round.load(Ordering::Relaxed),
            self.capacity_rows.load(Ordering::Relaxed),
        )
    }

    fn enter_round(&self, round: usize, capacity_rows: usize) -> Result<(), LevelError> {
        self.capacity_rows.store(capacity_rows, Ordering::Relaxed);
        self.round.store(round, Ordering::Relaxed);
        self.enter(LevelPhase::Building)
    }

    fn enter(&self, phase: LevelPhase) -> Result<(), LevelError> {
        let code = match phase {
            LevelPhase::Waiting => 0,
            LevelPhase::Building => 1,
            LevelPhase::Solving => 2,
            LevelPhase::Reporting => 3,
            LevelPhase::Done => 4,
        };
        self.phase.store(code, Ordering::Relaxed);
        if self.is_cancelled() && phase != LevelPhase::Done {
            return Err(LevelError::Cancelled);
        }
        Ok(())
    }
}

/// Levels the plan: validates it, builds the §6 LP and solves it.
pub fn level(plan: &Plan) -> Result<LevelResult, LevelError> {
    level_controlled(plan, &LevelControl::default())
}

/// [`level`] with a progress and cancel handle (the GUI's worker).
pub fn level_controlled(plan: &Plan, control: &LevelControl) -> Result<LevelResult, LevelError> {
    level_with(plan, control, CapacityRows::Lazy)
}

/// [`level_controlled`] starting from the chosen capacity rows (benchmarks and tests compare
/// constraint generation with the full LP).
pub fn level_with(
    plan: &Plan,
    control: &LevelControl,
    rows: CapacityRows,
) -> Result<LevelResult, LevelError> {
    control.enter(LevelPhase::Building)?;
    let report = validate(plan);
    if !report.is_valid() {
        return Err(LevelError::Invalid(report));
    }
    let data = LevelData::new(plan);
    let result = data.solve(control, rows);
    let _ = control.enter(LevelPhase::Done);
    result
}

/// One item of the LP.
struct LevelledInput {
    item: usize,
    code: String,
    service: bool,
    has_parents: bool,
    on_hand: f64,
    price: f64,
    holding: f64,
    backorder: f64,
    demand: Vec<f64>,
    receipts: Vec<f64>,
    /// `max(0, Σ demand − on_hand − Σ receipts)`: no production beyond the net demand.
    cap: f64,
    /// `max(1, Σ demand)`: the scale of "counts as 0" for this item's quantities.
    scale: f64,
}

/// Everything the LP needs, gathered from a validated plan.
struct LevelData {
    periods: usize,
    items: Vec<LevelledInput>,
    bills: Vec<Vec<BorEntry>>,
    resource_codes: Vec<String>,
    premiums: Vec<f64>,
    availability: Availability,
}

impl LevelData {
    fn new(plan: &Plan) -> Self {
        let index = PlanIndex::new(plan);
        let periods = index.periods();
        let bills = bills_of_resources(&index);
        let (costs, _) = cost(plan, &capacity(plan));
        let per_year = plan.settings.periods_per_year();
        let holding_rate = plan.settings.holding_rate;
        let mut demand = vec![Vec::new(); index.item_count()];
        let demand_items = index.resolve_items(plan.demand.iter().map(|d| d.item.as_str()));
        for (row, item) in plan.demand.iter().zip(demand_items) {
            let (Some(item), Some(t)) = (item, period_slot(row.period, periods)) else {
                continue;
            };
            if let Some(series) = demand.get_mut(item) {
                if series.is_empty() {
                    *series = vec![0.0; periods];
                }
                if let Some(cell) = series.get_mut(t) {
                    *cell += row.qty;
                }
            }
        }
        let mut receipts: Vec<Vec<f64>> = vec![Vec::new(); index.item_count()];
        let receipt_items = index.resolve_items(plan.receipts.iter().map(|r| r.item.as_str()));
        for (row, item) in plan.receipts.iter().zip(receipt_items) {
            let (Some(item), Some(t)) = (item, period_slot(row.period, periods)) else {
                continue;
            };
            if let Some(series) = receipts.get_mut(item) {
                if series.is_empty() {
                    *series = vec![0.0; periods];
                }
                if let Some(cell) = series.get_mut(t) {
                    *cell += row.qty;
                }
            }
        }
        let items = plan
            .items
            .iter()
            .enumerate()
            .filter_map(|(item, row)| {
                let demand = std::mem::take(demand.get_mut(item)?);
                if demand.is_empty() {
                    return None;
                }
                let mut item_receipts = receipts.get_mut(item).map(std::mem::take)?;
                if item_receipts.is_empty() {
                    item_receipts = vec![0.0; periods];
                }
                let unit_cost = costs.items.get(item).map_or(0.0, |c| c.unit_cost);
                let holding = unit_cost * holding_rate / per_year;
                let backorder = row
                    .backorder_cost
                    .unwrap_or(plan.settings.backorder_factor * holding);
                let total_demand: f64 = demand.iter().sum();
                let total_receipts: f64 = item_receipts.iter().sum();
                Some(LevelledInput {
                    item,
                    code: row.code.clone(),
                    service: row.kind == ItemKind::Service,
                    has_parents: !index.parents(item).is_empty(),
                    on_hand: row.on_hand,
                    price: row.price,
                    holding,
                    backorder,
                    cap: (total_demand - row.on_hand - total_receipts).max(0.0),
                    scale: total_demand.max(1.0),
                    demand,
                    receipts: item_receipts,
                })
            })
            .collect();
        LevelData {
            periods,
            items,
            bills,
            resource_codes: plan.resources.iter().map(|r| r.code.clone()).collect(),
            premiums: plan
                .resources
                .iter()
                .map(|r| r.overtime_premium())
                .collect(),
            availability: Availability::new(plan),
        }
    }

    fn bill(&self, item: usize) -> &[BorEntry] {
        self.bills.get(item).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Solves the LP by constraint generation (or with every capacity row at once for
    /// [`CapacityRows::All`]), then reports the cleaned schedule.
    ///
    /// Lazy rows: the first LP holds the capacity rows that the chase plan (each period's demand
    /// made in its period) overloads or loads above `1 − NEAR_LIMIT` of their hours; while the
    /// last schedule breaks a row left out (load above available by more than [`TOLERANCE`] of
    /// `max(1, available + overtime)`), the next LP adds those rows and the ones near their
    /// limit. The last LP is a relaxation of the full one whose optimum is
    /// feasible for it, so that optimum is the full LP's; an omitted row is slack there (no
    /// overtime, no cost), so its shadow price is 0.
    fn solve(&self, control: &LevelControl, rows: CapacityRows) -> Result<LevelResult, LevelError> {
        let periods = self.periods;
        let slots = self.resource_codes.len() * periods;
        let load_terms = self.load_terms();
        let chase: Vec<Vec<f64>> = self.items.iter().map(|i| i.demand.clone()).collect();
        let mut active: Vec<bool> = match rows {
            CapacityRows::All => load_terms.iter().map(|terms| !terms.is_empty()).collect(),
            CapacityRows::Lazy => (self.check_rows(&chase, &vec![false; slots]).iter())
                .map(|row| row.is_added())
                .collect(),
        };
        let mut rounds: Vec<SolveRound> = Vec::new();
        loop {
            let capacity_rows = active.iter().filter(|a| **a).count();
            control.enter_round(rounds.len() + 1, capacity_rows)?;
            let solved = self.solve_round(&load_terms, &active, control)?;
            let checks = self.check_rows(&solved.quantities, &active);
            let broken = checks.contains(&RowCheck::Broken);
            let added = if broken {
                checks.iter().filter(|row| row.is_added()).count()
            } else {
                0
            };
            rounds.push(SolveRound {
                capacity_rows,
                added_rows: added,
                size: solved.size,
            });
            if !broken {
                control.enter(LevelPhase::Reporting)?;
                // Rows left out of the last LP are slack at its optimum: price 0.
                let prices: Vec<Option<f64>> = (solved.prices.iter().zip(&load_terms))
                    .map(|(price, terms)| price.or((!terms.is_empty()).then_some(0.0)))
                    .collect();
                let mut result = self.report(&solved.quantities, &prices, solved.size);
                result.rounds = rounds;
                return Ok(result);
            }
            for (slot, row) in active.iter_mut().zip(checks) {
                *slot |= row.is_added();
            }
        }
    }

    /// The x terms of every capacity row (resource-major, then period): (levelled item, period
    /// of receipt, hours per unit). Items without net demand to make have no x, so no terms.
    fn load_terms(&self) -> Vec<Vec<(usize, usize, f64)>> {
        let periods = self.periods;
        let mut load_terms: Vec<Vec<(usize, usize, f64)>> =
            vec![Vec::new(); self.resource_codes.len() * periods];
        for (k, input) in self.items.iter().enumerate() {
            if input.cap <= 0.0 {
                continue;
            }
            for entry in self.bill(input.item) {
                for u in 0..periods {
                    let t = load_period(u, entry.offset);
                    if let Some(terms) = load_terms.get_mut(entry.resource * periods + t) {
                        terms.push((k, u, entry.hours));
                    }
                }
            }
        }
        load_terms
    }

    /// How `quantities` (per levelled item and period) load every capacity row not in `active`.
    fn check_rows(&self, quantities: &[Vec<f64>], active: &[bool]) -> Vec<RowCheck> {
        let periods = self.periods;
        let mut load = vec![0.0; self.resource_codes.len() * periods];
        for (input, schedule) in self.items.iter().zip(quantities) {
            if input.cap <= 0.0 {
                continue;
            }
            for entry in self.bill(input.item) {
                for (u, qty) in schedule.iter().enumerate() {
                    let t = load_period(u, entry.offset);
                    if let Some(cell) = load.get_mut(entry.resource * periods + t) {
                        *cell += entry.hours * qty;
                    }
                }
            }
        }
        load.iter()
            .enumerate()
            .map(|(slot, used)| {
                let (r, t) = (slot / periods, slot % periods);
                let have = self
                    .availability
                    .available(r)
                    .get(t)
                    .copied()
                    .unwrap_or(0.0);
                let most = self.availability.overtime(r).get(t).copied().unwrap_or(0.0);
                let tolerance = TOLERANCE * (have + most).max(1.0);
                if active.get(slot).copied().unwrap_or(true) {
                    RowCheck::InLp
                } else if *used > have + tolerance {
                    RowCheck::Broken
                } else if *used > have * (1.0 - NEAR_LIMIT) + tolerance {
                    RowCheck::NearLimit
                } else {
                    RowCheck::Slack
                }
            })
            .collect()
    }

    /// Builds and solves the LP with the capacity rows marked in `active`; returns the cleaned
    /// schedule and the shadow price of each of those rows.
    fn solve_round(
        &self,
        load_terms: &[Vec<(usize, usize, f64)>],
        active: &[bool],
        control: &LevelControl,
    ) -> Result<RoundSolution, LevelError> {
        let periods = self.periods;
        let resource_count = self.resource_codes.len();
        let mut variables = ProblemVariables::new();
        let mut objective = Expression::with_capacity(self.items.len() * periods * 2);
        let mut size = LpSize::default();
        // Production columns exist only for items with net demand to make.
        let x: Vec<Vec<Option<Variable>>> = self
            .items
            .iter()
            .map(|input| {
                (0..periods)
                    .map(|_| (input.cap > 0.0).then(|| variables.add(variable().min(0.0))))
                    .collect()
            })
            .collect();
        let stock: Vec<Vec<Option<Variable>>> = self
            .items
            .iter()
            .map(|input| {
                (0..periods)
                    .map(|_| {
                        (!input.service).then(|| {
                            let v = variables.add(variable().min(0.0));
                            objective.add_mul(input.holding, v);
                            v
                        })
                    })
                    .collect()
            })
            .collect();
        let backlog: Vec<Vec<Variable>> = self
            .items
            .iter()
            .map(|input| {
                (0..periods)
                    .map(|t| {
                        let v = variables.add(variable().min(0.0));
                        let lost = if t + 1 == periods { input.price } else { 0.0 };
                        objective.add_mul(input.backorder + lost, v);
                        v
                    })
                    .collect()
            })
            .collect();
        let in_lp = |slot: usize| {
            active.get(slot).copied().unwrap_or(false)
                && load_terms.get(slot).is_some_and(|terms| !terms.is_empty())
        };
        let mut overtime_columns: Vec<Option<Variable>> = vec![None; resource_count * periods];
        for r in 0..resource_count {
            let limits = self.availability.overtime(r);
            for t in 0..periods {
                let slot = r * periods + t;
                let limit = limits.get(t).copied().unwrap_or(0.0);
                if in_lp(slot) && limit > 0.0 {
                    let v = variables.add(variable().min(0.0).max(limit));
                    objective.add_mul(self.premiums.get(r).copied().unwrap_or(0.0), v);
                    overtime_columns[slot] = Some(v);
                }
            }
        }
        size.variables = variables.len();
        if size.variables == 0 {
            return Ok(RoundSolution {
                quantities: vec![vec![0.0; periods]; self.items.len()],
                prices: vec![None; resource_count * periods],
                size,
            });
        }
        let mut problem = variables.minimise(objective).using(clarabel);
        // Tighter than Clarabel's defaults (gap 1e-8) so that quantities and shadow prices
        // agree with the hand-worked optima to 1e-6 on plans costing thousands.
        problem
            .settings()
            .tol_gap_rel(1e-10)
            .tol_gap_abs(1e-10)
            .tol_feas(1e-10);
        for (k, input) in self.items.iter().enumerate() {
            // Balance: I_t − B_t − I_{t−1} + B_{t−1} − x_t = SR_t − d_t (+ on_hand in period 1).
            for t in 0..periods {
                let mut terms: Vec<(f64, Variable)> = Vec::with_capacity(5);
                if let Some(v) = stock[k][t] {
                    terms.push((1.0, v));
                }
                terms.push((-1.0, backlog[k][t]));
                if t > 0 {
                    if let Some(v) = stock[k][t - 1] {
                        terms.push((-1.0, v));
                    }
                    terms.push((1.0, backlog[k][t - 1]));
                }
                if let Some(v) = x[k][t] {
                    terms.push((-1.0, v));
                }
                size.nonzeros += terms.len();
                let mut row = Expression::with_capacity(terms.len());
                for (coefficient, v) in terms {
                    row.add_mul(coefficient, v);
                }
                let opening = if t == 0 { input.on_hand } else { 0.0 };
                let rhs = opening + input.receipts.get(t).copied().unwrap_or(0.0)
                    - input.demand.get(t).copied().unwrap_or(0.0);
                problem.add_constraint(row.eq(rhs));
                size.rows += 1;
            }
            if input.cap > 0.0 {
                let total: Expression = x[k].iter().flatten().copied().map(Expression::from).sum();
                size.nonzeros += periods;
                problem.add_constraint(total.leq(input.cap));
                size.rows += 1;
            }
        }
        let mut capacity_rows: Vec<Option<ConstraintReference>> =
            vec![None; resource_count * periods];
        for (slot, terms) in load_terms.iter().enumerate() {
            if !in_lp(slot) {
                continue;
            }
            let mut row = Expression::with_capacity(terms.len() + 1);
            for &(k, u, w) in terms {
                if let Some(Some(v)) = x.get(k).and_then(|columns| columns.get(u)) {
                    row.add_mul(w, *v);
                }
            }
            if let Some(v) = overtime_columns[slot] {
                row.add_mul(-1.0, v);
            }
            let r = slot / periods;
            let t = slot % periods;
            let available = self
                .availability
                .available(r)
                .get(t)
                .copied()
                .unwrap_or(0.0);
            size.nonzeros += terms.len() + usize::from(overtime_columns[slot].is_some());
            capacity_rows[slot] = Some(problem.add_constraint(row.leq(available)));
            size.rows += 1;
        }
        control.enter(LevelPhase::Solving)?;
        let mut solution = problem
            .solve()
            .map_err(|e| LevelError::Solver(e.to_string()))?;
        let quantities: Vec<Vec<f64>> = self
            .items
            .iter()
            .zip(&x)
            .map(|(input, columns)| {
                columns
                    .iter()
                    .map(|column| {
                        let value = column.map_or(0.0, |v| solution.value(v));
                        if value > TOLERANCE * input.scale {
                            value
                        } else {
                            0.0
                        }
                    })
                    .collect()
            })
            .collect();
        let duals = solution.compute_dual();
        // One more hour in a capacity row can only lower a minimum cost, so the saving is the
        // dual's magnitude whatever sign convention the solver uses for ≤ rows.
        let prices: Vec<Option<f64>> = capacity_rows
            .iter()
            .map(|row| {
                row.as_ref()
                    .map(|row| clean_price(duals.dual(row.clone()).abs()))
            })
            .collect();
        Ok(RoundSolution {
            quantities,
            prices,
            size,
        })
    }

    /// The result from the cleaned schedule: positions, costs, loads and binding rows are all
    /// recomputed from it. `prices` holds the shadow price of each (resource, period) row of
    /// the LP (`None` where no production could load it, so there is no row).
    fn report(&self, quantities: &[Vec<f64>], prices: &[Option<f64>], size: LpSize) -> LevelResult {
        let periods = self.periods;
        let mut result = LevelResult {
            size,
            ..LevelResult::default()
        };
        let mut levelled_load = vec![vec![0.0; periods]; self.resource_codes.len()];
        let mut chase_load = vec![vec![0.0; periods]; self.resource_codes.len()];
        for (input, schedule) in self.items.iter().zip(quantities) {
            let mut position = input.on_hand;
            let mut item = LevelledItem {
                code: input.code.clone(),
                has_parents: input.has_parents,
                stock: Vec::with_capacity(periods),
                backlog: Vec::with_capacity(periods),
            };
            for t in 0..periods {
                let produced = schedule.get(t).copied().unwrap_or(0.0);
                position += produced + input.receipts.get(t).copied().unwrap_or(0.0)
                    - input.demand.get(t).copied().unwrap_or(0.0);
                let stock = position.max(0.0);
                let backlog = (-position).max(0.0);
                let backlog = if backlog > TOLERANCE * input.scale {
                    backlog
                } else {
                    0.0
                };
                result.holding_cost += input.holding * stock;
                result.backorder_cost += input.backorder * backlog;
                if t + 1 == periods {
                    result.lost_sales_cost += input.price * backlog;
                }
                if produced > 0.0 {
                    result.schedule.push(ItemPeriodQty {
                        item: input.code.clone(),
                        period: period_label(t),
                        qty: produced,
                    });
                }
                if backlog > 0.0 {
                    result.late.push(ItemPeriodQty {
                        item: input.code.clone(),
                        period: period_label(t),
                        qty: backlog,
                    });
                }
                item.stock.push(stock);
                item.backlog.push(backlog);
            }
            for entry in self.bill(input.item) {
                for u in 0..periods {
                    let t = load_period(u, entry.offset);
                    let produced = schedule.get(u).copied().unwrap_or(0.0);
                    let chase = input.demand.get(u).copied().unwrap_or(0.0);
                    if let Some(cell) = levelled_load
                        .get_mut(entry.resource)
                        .and_then(|row| row.get_mut(t))
                    {
                        *cell += entry.hours * produced;
                    }
                    if let Some(cell) = chase_load
                        .get_mut(entry.resource)
                        .and_then(|row| row.get_mut(t))
                    {
                        *cell += entry.hours * chase;
                    }
                }
            }
            result.items.push(item);
        }
        for (r, code) in self.resource_codes.iter().enumerate() {
            let available = self.availability.available(r).to_vec();
            let limit = self.availability.overtime(r).to_vec();
            let load = levelled_load.get(r).cloned().unwrap_or_default();
            let premium = self.premiums.get(r).copied().unwrap_or(0.0);
            let mut overtime = Vec::with_capacity(periods);
            for t in 0..periods {
                let have = available.get(t).copied().unwrap_or(0.0);
                let most = limit.get(t).copied().unwrap_or(0.0);
                let used = load.get(t).copied().unwrap_or(0.0);
                let tolerance = TOLERANCE * (have + most).max(1.0);
                let needed = (used - have).clamp(0.0, most);
                let needed = if needed > tolerance { needed } else { 0.0 };
                if needed > 0.0 {
                    result.overtime.push(OvertimeHours {
                        resource: code.clone(),
                        period: period_label(t),
                        hours: needed,
                    });
                    result.overtime_cost += premium * needed;
                }
                if let Some(Some(price)) = prices.get(r * periods + t)
                    && used >= have - tolerance
                {
                    result.binding.push(BindingCapacity {
                        resource: code.clone(),
                        period: period_label(t),
                        shadow_price: *price,
                    });
                }
                overtime.push(needed);
            }
            result.resources.push(LevelledResource {
                code: code.clone(),
                available,
                load,
                overtime,
                overtime_limit: limit,
                chase_load: chase_load.get(r).cloned().unwrap_or_default(),
            });
        }
        result.objective = result.holding_cost
            + result.backorder_cost
            + result.lost_sales_cost
            + result.overtime_cost;
        result
    }
}

/// A shadow price as reported: never negative, and solver residue (below 1e-9) is 0.
fn clean_price(value: f64) -> f64 {
    if value.is_finite() && value > 1e-9 {
        value
    } else {
        0.0
    }
}

/// The 0-based slot of a 1-based period, `None` outside `1..=periods`.
fn period_slot(period: i64, periods: usize) -> Option<usize> {
    let t = usize::try_from(period).ok()?.checked_sub(1)?;
    (t < periods).then_some(t)
}

/// The 1-based period of a 0-based slot.
fn period_label(t: usize) -> i64 {
    i64::try_from(t).map_or(i64::MAX, |t| t.saturating_add(1))
}
