//! Product mix by linear programming (DESIGN.md §2 "Product mix (LP)"): which quantities of the
//! priced finished goods and services earn the most contribution margin within the hours the
//! resources have over the horizon, and what one more hour of each resource would be worth.
//!
//! The LP is
//! `max Σ_i margin_i · x_i` subject to `Σ_i h_(i,r) · x_i ≤ Σ_t available_r,t` for every resource r,
//! `0 ≤ x_i ≤ Σ_t demand_i,t` where item i has demand rows (else no upper bound), where
//! `h_(i,r)` = run hours on r per good unit of i, exploded through the BOM like requirements
//! (setups ignored). It is solved with the interior-point solver Clarabel (through `good_lp`),
//! which also gives the dual values: the shadow price of a resource hour.

use std::collections::{BTreeMap, HashMap};

use good_lp::constraint::ConstraintReference;
use good_lp::solvers::{DualValues, SolutionWithDual};
use good_lp::{
    Constraint, Expression, ProblemVariables, Solution, SolverModel, Variable, clarabel, variable,
};
use serde::Serialize;
use thiserror::Error;

use super::capacity::capacity;
use super::cost::cost;
use crate::domain::{ItemKind, Plan, RoutingStep, ValidationReport, validate};

/// A resource is binding when its slack is at most this share of its capacity (DESIGN.md §2).
pub const TOLERANCE: f64 = 1e-6;

/// Relative accuracy of the solver's values: residues below this share are noise.
const SOLVER_NOISE: f64 = 1e-9;

/// The optimal product mix; serialises to the `optimize --json` document (DESIGN.md §4).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MixResult {
    /// Σ margin · x at the optimum (fixed cost not subtracted).
    pub objective: f64,
    /// One entry per priced finished or service item, in plan order.
    pub mix: Vec<MixQuantity>,
    /// Codes of the resources whose slack is at most 1e-6 of their capacity, in plan order.
    pub binding: Vec<String>,
    /// One entry per resource, in plan order: extra margin per extra hour of capacity.
    pub shadow_prices: Vec<ShadowPrice>,
}

/// The optimal quantity of one item over the whole horizon.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MixQuantity {
    /// Item code.
    pub item: String,
    /// Units to make and sell over the horizon.
    pub qty: f64,
}

/// The dual value of a resource's capacity row: margin gained per extra available hour (≥ 0).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ShadowPrice {
    /// Resource code.
    pub resource: String,
    /// Margin per extra hour over the horizon; 0 for a resource with slack.
    pub value: f64,
}

/// Why the product mix could not be optimised.
#[derive(Debug, Error)]
pub enum MixError {
    /// An invalid plan is never analysed (DESIGN.md §1).
    #[error("{0}")]
    Invalid(ValidationReport),
    /// An item earns a positive margin, uses no resource hours and has no demand cap.
    #[error(
        "the product mix is unbounded: item \"{item}\" earns a margin of {margin} per unit, uses no \
         resource hours and has no demand rows; add a routing step or demand for it"
    )]
    Unbounded {
        /// Code of the first such item in plan order.
        item: String,
        /// Its margin per unit.
        margin: f64,
    },
    /// The LP solver gave up (numerical trouble, iteration limit).
    #[error("the LP solver failed: {0}")]
    Solver(String),
}

/// Finds the margin-maximising mix of the plan's priced finished goods and services.
pub fn optimize(plan: &Plan) -> Result<MixResult, MixError> {
    let report = validate(plan);
    if !report.is_valid() {
        return Err(MixError::Invalid(report));
    }
    let model = MixModel::new(plan);
    model.check_bounded()?;
    model.solve()
}

/// One decision variable of the LP: a priced finished good or service.
#[derive(Debug, Clone)]
struct Candidate {
    code: String,
    margin: f64,
    /// Total demand over the horizon when the item has demand rows.
    demand_cap: Option<f64>,
    /// Run hours per good unit, by resource index (only resources the item uses).
    hours: BTreeMap<usize, f64>,
}

/// The LP's data, gathered from the plan.
struct MixModel {
    candidates: Vec<Candidate>,
    resource_codes: Vec<String>,
    /// Σ_t available hours of each resource, in plan order.
    capacities: Vec<f64>,
}

impl MixModel {
    fn new(plan: &Plan) -> Self {
        let hours = exploded_hours(plan);
        let margins = unit_margins(plan);
        let demand_caps = demand_caps(plan);
        let candidates = plan
            .items
            .iter()
            .filter(|item| item.price > 0.0)
            .filter(|item| matches!(item.kind, ItemKind::Finished | ItemKind::Service))
            .map(|item| Candidate {
                code: item.code.clone(),
                margin: margins.get(item.code.as_str()).copied().unwrap_or(0.0),
                demand_cap: demand_caps.get(item.code.as_str()).copied(),
                hours: hours.get(item.code.as_str()).cloned().unwrap_or_default(),
            })
            .collect();
        MixModel {
            candidates,
            resource_codes: plan.resources.iter().map(|r| r.code.clone()).collect(),
            capacities: horizon_capacities(plan),
        }
    }

    /// An item with a positive margin, no hours and no demand cap makes the LP unbounded
    /// (every resource has positive capacity, so any item using hours is bounded).
    fn check_bounded(&self) -> Result<(), MixError> {
        let free = self.candidates.iter().find(|c| {
            c.margin > 0.0 && c.demand_cap.is_none() && c.hours.values().all(|h| *h <= 0.0)
        });
        match free {
            Some(c) => Err(MixError::Unbounded {
                item: c.code.clone(),
                margin: c.margin,
            }),
            None => Ok(()),
        }
    }

    /// Solves the LP over the items with a positive margin. An item with margin ≤ 0 is left at
    /// 0: lowering its quantity never breaks a constraint (every coefficient is ≥ 0) and never
    /// lowers the objective, so 0 is optimal for it and the solver needs no variable.
    fn solve(&self) -> Result<MixResult, MixError> {
        let mut variables = ProblemVariables::new();
        let x: Vec<Option<Variable>> = self
            .candidates
            .iter()
            .map(|c| (c.margin > 0.0).then(|| variables.add(bounds(c))))
            .collect();
        if x.iter().all(Option::is_none) {
            let none = vec![0.0; self.candidates.len()];
            return Ok(self.result_from(&none, &vec![0.0; self.capacities.len()]));
        }
        let objective: Expression = self
            .candidates
            .iter()
            .zip(&x)
            .filter_map(|(c, v)| v.map(|v| c.margin * v))
            .sum();
        let mut problem = variables.maximise(objective).using(clarabel);
        // Clarabel stops by default at a relative duality gap of 1e-8, which on a plan earning
        // millions leaves shadow prices visibly off; tighter tolerances make them agree with
        // re-solving with one more hour, for a few more iterations.
        problem
            .settings()
            .tol_gap_rel(1e-12)
            .tol_gap_abs(1e-12)
            .tol_feas(1e-12)
            .tol_ktratio(1e-10);
        let rows: Vec<Option<ConstraintReference>> = (0..self.capacities.len())
            .map(|r| {
                self.capacity_row(r, &x)
                    .map(|row| problem.add_constraint(row))
            })
            .collect();
        let mut solution = problem
            .solve()
            .map_err(|e| MixError::Solver(e.to_string()))?;
        let quantities = self.quantities(&solution, &x);
        let duals = solution.compute_dual();
        let prices: Vec<f64> = rows
            .iter()
            .map(|row| row.as_ref().map_or(0.0, |r| duals.dual(r.clone())))
            .collect();
        Ok(self.result_from(&quantities, &prices))
    }

    /// The solver's quantities with noise removed; 0 for items left out of the LP.
    fn quantities(&self, solution: &impl Solution, x: &[Option<Variable>]) -> Vec<f64> {
        let raw: Vec<Option<f64>> = x.iter().map(|v| v.map(|v| solution.value(v))).collect();
        let scale = self.quantity_scale(&raw);
        self.candidates
            .iter()
            .zip(&raw)
            .map(|(c, value)| value.map_or(0.0, |v| snap_quantity(v, c.demand_cap, scale)))
            .collect()
    }

    /// The size of the solution, for tolerances: the largest solver value or demand cap (≥ 1).
    fn quantity_scale(&self, raw: &[Option<f64>]) -> f64 {
        let caps = self.candidates.iter().filter_map(|c| c.demand_cap);
        raw.iter()
            .flatten()
            .map(|v| v.abs())
            .chain(caps)
            .fold(1.0, f64::max)
    }

    /// `Σ_i h_(i,r) · x_i ≤ capacity_r`, or `None` when no item in the LP uses resource r.
    fn capacity_row(&self, resource: usize, x: &[Option<Variable>]) -> Option<Constraint> {
        let mut used = Expression::default();
        let mut any = false;
        for (c, v) in self.candidates.iter().zip(x) {
            if let (Some(h), Some(v)) = (c.hours.get(&resource), v) {
                used.add_mul(*h, *v);
                any = true;
            }
        }
        any.then(|| used.leq(self.capacities[resource]))
    }

    fn result_from(&self, quantities: &[f64], raw_prices: &[f64]) -> MixResult {
        let mix = self
            .candidates
            .iter()
            .zip(quantities)
            .map(|(c, qty)| MixQuantity {
                item: c.code.clone(),
                qty: *qty,
            })
            .collect();
        let objective = self
            .candidates
            .iter()
            .zip(quantities)
            .map(|(c, qty)| c.margin * qty)
            .sum();
        let price_scale = self
            .candidates
            .iter()
            .map(|c| c.margin.abs())
            .fold(1.0, f64::max);
        let shadow_prices = self
            .resource_codes
            .iter()
            .zip(raw_prices)
            .map(|(code, value)| ShadowPrice {
                resource: code.clone(),
                value: clean_dual(*value, price_scale),
            })
            .collect();
        MixResult {
            objective,
            mix,
            binding: self.binding_resources(quantities),
            shadow_prices,
        }
    }

    /// Resources used by the mix with slack ≤ 1e-6 · capacity, in plan order.
    fn binding_resources(&self, quantities: &[f64]) -> Vec<String> {
        (0..self.capacities.len())
            .filter(|&r| {
                let used: f64 = self
                    .candidates
                    .iter()
                    .zip(quantities)
                    .map(|(c, qty)| c.hours.get(&r).copied().unwrap_or(0.0) * qty)
                    .sum();
                used > 0.0 && self.capacities[r] - used <= TOLERANCE * self.capacities[r]
            })
            .map(|r| self.resource_codes[r].clone())
            .collect()
    }
}

/// `x ≥ 0`, and `x ≤ total demand` where the item has demand rows.
fn bounds(candidate: &Candidate) -> good_lp::VariableDefinition {
    match candidate.demand_cap {
        Some(cap) => variable().min(0.0).max(cap),
        None => variable().min(0.0),
    }
}

/// Interior-point values approach a vertex only to within the solver's accuracy: a quantity
/// within 1e-9 of `scale` (the size of the solution) of 0 is 0, and one within 1e-9 of itself
/// of its demand cap or of a whole number is set to it exactly. Wider snapping would move
/// real fractional optima and break capacity rows.
fn snap_quantity(value: f64, cap: Option<f64>, scale: f64) -> f64 {
    if value <= SOLVER_NOISE * scale {
        return 0.0;
    }
    let tolerance = SOLVER_NOISE * value;
    [cap, Some(value.round())]
        .into_iter()
        .flatten()
        .find(|target| (value - target).abs() <= tolerance)
        .unwrap_or(value)
        .min(cap.unwrap_or(f64::INFINITY))
}

/// Shadow prices of `≤` rows in a maximisation are ≥ 0: the solver's tiny negative or positive
/// residues on rows with slack (up to 1e-9 of the largest margin) become exactly 0.
fn clean_dual(value: f64, scale: f64) -> f64 {
    if value <= SOLVER_NOISE * scale {
        0.0
    } else {
        value
    }
}

/// Σ_t available hours (units · hours_per_period · efficiency · periods) per resource.
fn horizon_capacities(plan: &Plan) -> Vec<f64> {
    let periods = plan.settings.periods.max(0) as f64;
    plan.resources
        .iter()
        .map(|r| r.units as f64 * r.hours_per_period * r.efficiency * periods)
        .collect()
}

/// Total demand over the horizon of every item that has demand rows.
fn demand_caps(plan: &Plan) -> HashMap<&str, f64> {
    let mut caps: HashMap<&str, f64> = HashMap::new();
    for row in &plan.demand {
        *caps.entry(row.item.as_str()).or_insert(0.0) += row.qty;
    }
    caps
}

/// margin = price − unit_cost from the cost roll-up.
fn unit_margins(plan: &Plan) -> HashMap<&str, f64> {
    let (costs, _) = cost(plan, &capacity(plan));
    let unit_costs: HashMap<&str, f64> = costs
        .items
        .iter()
        .map(|c| (c.code.as_str(), c.unit_cost))
        .collect();
    plan.items
        .iter()
        .map(|item| {
            let unit_cost = unit_costs.get(item.code.as_str()).copied().unwrap_or(0.0);
            (item.code.as_str(), item.price - unit_cost)
        })
        .collect()
}

/// `h_(i,r)` for every item: `e_s · run_min_s / 60` of its own steps plus, for each child,
/// `qty · e_1(i) · h_(child,r)`. Items are visited children first, so each is computed once.
fn exploded_hours(plan: &Plan) -> HashMap<&str, BTreeMap<usize, f64>> {
    let resource_index: HashMap<&str, usize> = plan
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code.as_str(), i))
        .collect();
    let steps = steps_by_item(plan);
    let mut children: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
    for line in &plan.bom {
        children
            .entry(line.parent.as_str())
            .or_default()
            .push((line.child.as_str(), line.qty));
    }
    let mut hours: HashMap<&str, BTreeMap<usize, f64>> = HashMap::new();
    for code in children_first_order(plan, &children) {
        let own_steps = steps.get(code).map(Vec::as_slice).unwrap_or(&[]);
        let entering = entering_per_good_unit(own_steps);
        let mut item_hours = BTreeMap::new();
        for (step, e) in own_steps.iter().zip(&entering) {
            if let Some(&r) = resource_index.get(step.resource.as_str()) {
                *item_hours.entry(r).or_insert(0.0) += e * step.run_min / 60.0;
            }
        }
        let first_entering = entering.first().copied().unwrap_or(1.0);
        for (child, qty) in children.get(code).map(Vec::as_slice).unwrap_or(&[]) {
            for (r, h) in hours.get(child).into_iter().flatten() {
                *item_hours.entry(*r).or_insert(0.0) += qty * first_entering * h;
            }
        }
        hours.insert(code, item_hours);
    }
    hours
}

/// Routing steps per item, in `seq` order.
fn steps_by_item(plan: &Plan) -> HashMap<&str, Vec<&RoutingStep>> {
    let mut steps: HashMap<&str, Vec<&RoutingStep>> = HashMap::new();
    for step in &plan.routing {
        steps.entry(step.item.as_str()).or_default().push(step);
    }
    for list in steps.values_mut() {
        list.sort_by_key(|s| s.seq);
    }
    steps
}

/// `e_s = 1 / (y_s · … · y_n)` for each step s of one item (steps in `seq` order).
fn entering_per_good_unit(steps: &[&RoutingStep]) -> Vec<f64> {
    let mut entering = vec![1.0; steps.len()];
    let mut good_share_after = 1.0;
    for (s, step) in steps.iter().enumerate().rev() {
        good_share_after *= step.yield_;
        entering[s] = 1.0 / good_share_after;
    }
    entering
}

/// Item codes ordered so that every child comes before its parents (the BOM is acyclic once
/// validated): a depth-first post-order with an explicit stack, safe for deep BOMs.
fn children_first_order<'a>(
    plan: &'a Plan,
    children: &HashMap<&'a str, Vec<(&'a str, f64)>>,
) -> Vec<&'a str> {
    let mut order = Vec::with_capacity(plan.items.len());
    let mut visited: HashMap<&str, ()> = HashMap::new();
    for item in &plan.items {
        let mut stack: Vec<(&str, usize)> = vec![(item.code.as_str(), 0)];
        while let Some((code, next_child)) = stack.pop() {
            if next_child == 0 && visited.insert(code, ()).is_some() {
                continue;
            }
            let kids = children.get(code).map(Vec::as_slice).unwrap_or(&[]);
            match kids.get(next_child) {
                Some((child, _)) => {
                    stack.push((code, next_child + 1));
                    if !visited.contains_key(child) {
                        stack.push((child, 0));
                    }
                }
                None => order.push(code),
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entering_units_divide_by_the_yields_downstream() {
        // Yields 0.8 then 0.5: e_2 = 1/0.5 = 2, e_1 = 1/(0.8·0.5) = 2.5.
        let first = RoutingStep {
            yield_: 0.8,
            ..RoutingStep::default()
        };
        let second = RoutingStep {
            seq: 20,
            yield_: 0.5,
            ..RoutingStep::default()
        };
        let entering = entering_per_good_unit(&[&first, &second]);
        assert!((entering[0] - 2.5).abs() < 1e-12, "{entering:?}");
        assert!((entering[1] - 2.0).abs() < 1e-12, "{entering:?}");
    }

    #[test]
    fn quantities_snap_to_bounds_and_whole_numbers_only_within_tolerance() {
        assert_eq!(snap_quantity(5.999_999_999_9, None, 1.0), 6.0);
        assert_eq!(snap_quantity(-1e-12, None, 1.0), 0.0);
        assert_eq!(snap_quantity(4.499_999_999_9, Some(4.5), 1.0), 4.5);
        assert_eq!(snap_quantity(3.25, None, 1.0), 3.25);
        // 21776.9 is a real fractional optimum, not a whole number missed by noise.
        assert_eq!(snap_quantity(21_776.9, None, 1e5), 21_776.9);
        // In a solution of size 1e5 a residue of 3e-5 is 3e-10 of it: noise, so 0.
        assert_eq!(snap_quantity(3e-5, None, 1e5), 0.0);
        assert_eq!(snap_quantity(3e-5, None, 1.0), 3e-5);
    }

    #[test]
    fn duals_are_never_negative_and_residues_become_zero() {
        assert_eq!(clean_dual(-3e-9, 5.0), 0.0);
        assert_eq!(clean_dual(2e-9, 5.0), 0.0);
        assert_eq!(clean_dual(2e-7, 5.0), 2e-7);
        assert_eq!(clean_dual(1.5, 5.0), 1.5);
    }

    #[test]
    fn children_come_before_parents_even_when_listed_after_them() {
        // A needs B and C; B needs C. Any valid order puts C before B and B before A.
        let plan: Plan = Plan {
            items: ["A", "B", "C"]
                .iter()
                .map(|code| crate::domain::Item {
                    code: code.to_string(),
                    ..Default::default()
                })
                .collect(),
            bom: [("A", "B"), ("A", "C"), ("B", "C")]
                .iter()
                .map(|(parent, child)| crate::domain::BomLine {
                    parent: parent.to_string(),
                    child: child.to_string(),
                    qty: 1.0,
                })
                .collect(),
            ..Default::default()
        };
        let mut children: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
        for line in &plan.bom {
            children
                .entry(line.parent.as_str())
                .or_default()
                .push((line.child.as_str(), line.qty));
        }
        assert_eq!(children_first_order(&plan, &children), vec!["C", "B", "A"]);
    }
}
