//! Unit cost roll-up through the BOM, full cost, COPQ, margins, idle capacity, break-even and plan
//! totals (DESIGN.md §2).

use serde::Serialize;
use thiserror::Error;

use super::arithmetic::{ratio_or_zero, total};
use super::availability::Availability;
use super::capacity::{CapacityResults, Explosion};
use super::mrp::MrpResults;
use super::plan_index::{IndexedStep, PlanIndex};
use crate::domain::{Plan, Resource};

/// Why a cost drill-down could not be made.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CostError {
    /// The drill-down asked for an item code that the plan does not have.
    #[error("no item with code \"{code}\" in the plan: pick an item from the items table")]
    UnknownItem {
        /// The code that was asked for.
        code: String,
    },
}

/// Whole-horizon money totals of the plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Totals {
    /// Σ total demand · price.
    pub revenue: f64,
    /// Σ total demand · unit_cost.
    pub variable_cost: f64,
    /// Σ resources' fixed cost over the horizon.
    pub fixed_cost: f64,
    /// Cost of carrying the material plan's stock (DESIGN.md §5).
    pub holding_cost: f64,
    /// Cost of the material plan's planned orders (DESIGN.md §5).
    pub ordering_cost: f64,
    /// revenue − variable_cost − fixed_cost − holding_cost − ordering_cost.
    pub profit: f64,
    /// profit / revenue; `None` when revenue is 0.
    pub profit_margin: Option<f64>,
}

/// Cost roll-up of one item, per good unit.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ItemCost {
    /// Item code.
    pub code: String,
    /// `e_1 · Σ_children qty · unit_cost`.
    pub material: f64,
    /// `Σ_s rate · (e_s · run_min + setup_min / L) / 60` at cost_per_hour.
    pub conversion: f64,
    /// `e_1 · purchase_cost`.
    pub purchase: f64,
    /// purchase + material + conversion: variable cost per good unit.
    pub unit_cost: f64,
    /// The unit cost roll-up with every rate = cost_per_hour + fixed rate per available hour.
    pub full_unit_cost: f64,
    /// Selling price per unit.
    pub price: f64,
    /// price − unit_cost.
    pub margin: f64,
    /// margin / price; `None` when price is 0.
    pub margin_pct: Option<f64>,
    /// Cost of poor quality: unit_cost − unit_cost with every yield in the BOM set to 1.
    pub copq: f64,
    /// Rolled throughput yield of the item's own routing.
    pub rty: f64,
    /// Break-even quantity at the planned mix; `None` without demand or positive contribution.
    pub break_even_qty: Option<f64>,
}

/// Multi-product break-even at the planned sales mix.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct BreakEven {
    /// Σ resources' fixed cost over the horizon.
    pub fixed_cost: f64,
    /// Σ total demand · margin over the items with demand.
    pub contribution: f64,
    /// fixed_cost / contribution; `None` when contribution ≤ 0.
    pub ratio: Option<f64>,
}

/// Idle-capacity cost of one resource over the horizon (negative when overloaded).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct IdleCost {
    /// Resource code.
    pub resource: String,
    /// Fixed cost over the horizon − fixed rate · load hours.
    pub idle_cost: f64,
}

/// The `cost` key of `analyze --json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CostResults {
    /// One entry per item, in plan order.
    pub items: Vec<ItemCost>,
    /// Break-even of the whole plan at its planned mix.
    pub break_even: BreakEven,
    /// One entry per resource, in plan order.
    pub idle: Vec<IdleCost>,
    /// Independent demand of each item over the horizon (Σ_t demand_i,t), in plan order: what
    /// the dashboards multiply the per-unit figures by. Not part of `analyze --json`.
    #[serde(skip)]
    pub demand: Vec<f64>,
}

impl CostResults {
    /// Cost of poor quality over the horizon: `Σ_i copq_i · Σ_t demand_i,t`.
    pub fn copq_over_horizon(&self) -> f64 {
        (self.items.iter().zip(&self.demand))
            .map(|(item, &qty)| item.copq * qty)
            .sum()
    }

    /// The priced items with demand and their demand over the horizon, in plan order: the
    /// choices of the break-even chart.
    pub fn priced_items_with_demand(&self) -> Vec<(String, f64)> {
        (self.items.iter().zip(&self.demand))
            .filter(|(item, qty)| item.price > 0.0 && **qty > 0.0)
            .map(|(item, &qty)| (item.code.clone(), qty))
            .collect()
    }
}

/// What one BOM child adds to its parent's material cost, per good unit of the parent.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ChildCost {
    /// Code of the child item.
    pub code: String,
    /// Quantity of the child per unit of the parent started.
    pub qty: f64,
    /// The child's own rolled-up unit cost.
    pub unit_cost: f64,
    /// `qty · e_1(parent) · unit_cost`: this child's share of the parent's material cost.
    pub contribution: f64,
}

/// What one routing step adds to an item's conversion cost, per good unit.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct StepCost {
    /// The step's `seq`.
    pub seq: i64,
    /// The step's name.
    pub name: String,
    /// Code of the step's resource.
    pub resource: String,
    /// `e_s`: units entering the step per good unit of the item.
    pub entering: f64,
    /// Variable cost rate of the resource (cost_per_hour).
    pub rate: f64,
    /// `rate · (e_s · run_min + setup_min / L) / 60`.
    pub conversion: f64,
}

/// One level of an item's cost roll-up, for a drill-down through the BOM in the GUI: the parts of
/// its unit cost, each child's contribution and each step's conversion.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CostBreakdown {
    /// Code of the item.
    pub code: String,
    /// `e_1`: units started per good unit.
    pub entering_first: f64,
    /// Effective lot `L` used to spread set-ups (lot size, or the average lot for lot-for-lot).
    pub effective_lot: f64,
    /// `e_1 · purchase_cost`.
    pub purchase: f64,
    /// `Σ` of the children's contributions.
    pub material: f64,
    /// `Σ` of the steps' conversion.
    pub conversion: f64,
    /// `purchase + material + conversion`.
    pub unit_cost: f64,
    /// Children in BOM row order.
    pub children: Vec<ChildCost>,
    /// Steps in `seq` order.
    pub steps: Vec<StepCost>,
}

/// Parts of one item's cost per good unit, as DESIGN.md §2 adds them up.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct UnitCost {
    purchase: f64,
    material: f64,
    conversion: f64,
    unit_cost: f64,
}

/// How routing yields enter a roll-up: as planned, or all set to 1 (for COPQ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Yields {
    Planned,
    Perfect,
}

/// What a roll-up variant needs besides the plan: a cost rate per resource, the effective lot
/// per item and the yields to use.
#[derive(Debug, Clone, Copy)]
struct RollupBasis<'a> {
    rates: &'a [f64],
    effective_lots: &'a [f64],
    yields: Yields,
}

impl RollupBasis<'_> {
    /// `e_s` of a step under this basis.
    fn entering(&self, step: &IndexedStep) -> f64 {
        match self.yields {
            Yields::Planned => step.entering,
            Yields::Perfect => 1.0,
        }
    }

    /// `e_1` of an item under this basis.
    fn entering_first(&self, index: &PlanIndex, item: usize) -> f64 {
        match self.yields {
            Yields::Planned => index.entering_first(item),
            Yields::Perfect => 1.0,
        }
    }

    /// Rate of a step's resource (0 for an unknown resource).
    fn rate(&self, step: &IndexedStep) -> f64 {
        step.resource
            .and_then(|r| self.rates.get(r))
            .copied()
            .unwrap_or(0.0)
    }

    /// Effective lot of an item (1 for an unknown index).
    fn lot(&self, item: usize) -> f64 {
        self.effective_lots.get(item).copied().unwrap_or(1.0)
    }

    /// `rate · (e_s · run_min + setup_min / L) / 60` of one step of an item.
    fn step_conversion(&self, step: &IndexedStep, item: usize) -> f64 {
        let setup_per_unit = ratio_or_zero(step.setup_min, self.lot(item));
        self.rate(step) * (self.entering(step) * step.run_min + setup_per_unit) / 60.0
    }
}

/// Rolls unit costs up the BOM, each item once, children before parents. Items on a BOM cycle
/// (invalid plan) come last and see their unfinished children at cost 0.
fn roll_up(index: &PlanIndex, basis: RollupBasis) -> Vec<UnitCost> {
    let mut costs = vec![UnitCost::default(); index.item_count()];
    for &item in index.evaluation_order() {
        let cost = unit_cost_of(index, basis, item, &costs);
        if let Some(slot) = costs.get_mut(item) {
            *slot = cost;
        }
    }
    costs
}

/// Purchase, material and conversion of one item, given its children's unit costs.
fn unit_cost_of(
    index: &PlanIndex,
    basis: RollupBasis,
    item: usize,
    costs: &[UnitCost],
) -> UnitCost {
    let entering_first = basis.entering_first(index, item);
    let purchase_cost = index
        .plan()
        .items
        .get(item)
        .map_or(0.0, |row| row.purchase_cost);
    let children_cost = total(
        (index.children(item).iter())
            .map(|edge| edge.qty * costs.get(edge.item).map_or(0.0, |c| c.unit_cost)),
    );
    let conversion =
        total((index.steps(item).iter()).map(|step| basis.step_conversion(step, item)));
    let purchase = entering_first * purchase_cost;
    let material = entering_first * children_cost;
    UnitCost {
        purchase,
        material,
        conversion,
        unit_cost: purchase + material + conversion,
    }
}

/// Effective lot `L_i` of every item: its lot size, or for lot-for-lot the average lot = total
/// requirement / number of periods with a requirement (1 when there is none).
fn effective_lots(index: &PlanIndex, explosion: &Explosion) -> Vec<f64> {
    index
        .plan()
        .items
        .iter()
        .enumerate()
        .map(
            |(item, row)| match row.lot_size.filter(|&size| size > 0.0) {
                Some(size) => size,
                None => average_lot(explosion.requirements(item)),
            },
        )
        .collect()
}

/// Total requirement over the periods with one, divided by their count; 1 when there is none.
fn average_lot(requirements: &[f64]) -> f64 {
    let (total, periods_with_requirement) = requirements
        .iter()
        .filter(|&&qty| qty > 0.0)
        .fold((0.0, 0usize), |(total, count), &qty| {
            (total + qty, count + 1)
        });
    if periods_with_requirement == 0 {
        1.0
    } else {
        total / periods_with_requirement as f64
    }
}

/// Fixed cost of a resource per period: `fixed_cost_per_period + capital_cost / (life_years ·
/// periods_per_year)` (no depreciation when the life is not positive).
pub fn fixed_cost_per_period(resource: &Resource, periods_per_year: f64) -> f64 {
    let depreciation = ratio_or_zero(
        resource.capital_cost,
        resource.life_years * periods_per_year,
    );
    resource.fixed_cost_per_period + depreciation
}

/// Fixed cost charged per available hour: `fixed_cost_per_period · periods / Σ_t available_t`
/// over the horizon (0 when nothing is available), so a holiday week does not make its hours
/// dearer than the others'.
pub fn fixed_rate(resource: &Resource, periods_per_year: f64, available: &[f64]) -> f64 {
    ratio_or_zero(
        fixed_cost_per_period(resource, periods_per_year) * available.len() as f64,
        available.iter().sum(),
    )
}

/// The per-resource numbers that every cost variant needs.
#[derive(Debug, Clone)]
struct ResourceRates {
    variable: Vec<f64>,
    full: Vec<f64>,
    fixed_rate: Vec<f64>,
    fixed_per_period: Vec<f64>,
}

impl ResourceRates {
    fn new(plan: &Plan, availability: &Availability) -> Self {
        let periods_per_year = plan.settings.periods_per_year();
        let variable: Vec<f64> = plan.resources.iter().map(|r| r.cost_per_hour).collect();
        let fixed_rate: Vec<f64> = plan
            .resources
            .iter()
            .enumerate()
            .map(|(r, resource)| fixed_rate(resource, periods_per_year, availability.available(r)))
            .collect();
        let full = variable
            .iter()
            .zip(&fixed_rate)
            .map(|(v, f)| v + f)
            .collect();
        let fixed_per_period = plan
            .resources
            .iter()
            .map(|r| fixed_cost_per_period(r, periods_per_year))
            .collect();
        ResourceRates {
            variable,
            full,
            fixed_rate,
            fixed_per_period,
        }
    }
}

/// Computes the cost results and plan totals of a valid plan. `capacity` must be the capacity
/// results of the same plan (its load gives the idle-capacity cost).
pub fn cost(plan: &Plan, capacity: &CapacityResults) -> (CostResults, Totals) {
    let index = PlanIndex::new(plan);
    let explosion = Explosion::new(&index);
    let availability = Availability::new(plan);
    let standard = StandardCosts::new(&index, &explosion, &availability);
    let material = super::mrp::material_plan(&index, &standard.unit_costs());
    cost_from(&index, &explosion, &standard, capacity, &material)
}

/// The standard cost roll-ups of a plan (DESIGN.md §2): at variable rates with planned yields,
/// with perfect yields (for COPQ) and at full rates. The material plan prices its stock with
/// them, so they are computed before it, once.
#[derive(Debug, Clone)]
pub struct StandardCosts {
    rates: ResourceRates,
    planned: Vec<UnitCost>,
    perfect: Vec<UnitCost>,
    full: Vec<UnitCost>,
}

impl StandardCosts {
    /// Rolls up every item's unit cost from the standard requirements' effective lots.
    pub fn new(index: &PlanIndex, explosion: &Explosion, availability: &Availability) -> Self {
        let rates = ResourceRates::new(index.plan(), availability);
        let lots = effective_lots(index, explosion);
        let basis = |resource_rates, yields| RollupBasis {
            rates: resource_rates,
            effective_lots: &lots,
            yields,
        };
        let planned = roll_up(index, basis(&rates.variable, Yields::Planned));
        let perfect = roll_up(index, basis(&rates.variable, Yields::Perfect));
        let full = roll_up(index, basis(&rates.full, Yields::Planned));
        StandardCosts {
            rates,
            planned,
            perfect,
            full,
        }
    }

    /// Variable unit cost of every item, plan order.
    pub fn unit_costs(&self) -> Vec<f64> {
        self.planned.iter().map(|cost| cost.unit_cost).collect()
    }
}

/// Computes the cost results from an index, explosion and roll-ups built once (see `analyze`);
/// the material plan adds its holding and ordering cost to the totals.
pub fn cost_from(
    index: &PlanIndex,
    explosion: &Explosion,
    standard: &StandardCosts,
    capacity: &CapacityResults,
    material: &MrpResults,
) -> (CostResults, Totals) {
    let plan = index.plan();
    let rates = &standard.rates;
    let mut items: Vec<ItemCost> = (0..index.item_count())
        .map(|item| {
            item_cost(
                index,
                item,
                &standard.planned,
                &standard.perfect,
                &standard.full,
            )
        })
        .collect();
    let periods = index.periods() as f64;
    let fixed_cost: f64 = rates.fixed_per_period.iter().map(|f| f * periods).sum();
    let break_even = break_even(&items, explosion, fixed_cost);
    set_break_even_quantities(&mut items, explosion, break_even.ratio);
    let totals = totals(&items, explosion, fixed_cost, material);
    let idle = idle_costs(plan, rates, capacity, periods);
    (
        CostResults {
            demand: (0..index.item_count())
                .map(|item| explosion.total_demand(item))
                .collect(),
            items,
            break_even,
            idle,
        },
        totals,
    )
}

/// The cost line of one item from its three roll-ups (break-even quantity filled in later).
fn item_cost(
    index: &PlanIndex,
    item: usize,
    planned: &[UnitCost],
    perfect: &[UnitCost],
    full: &[UnitCost],
) -> ItemCost {
    let planned_cost = planned.get(item).copied().unwrap_or_default();
    let unit_cost_of = |costs: &[UnitCost]| costs.get(item).map_or(0.0, |c| c.unit_cost);
    let (code, price) = index
        .plan()
        .items
        .get(item)
        .map_or((String::new(), 0.0), |row| (row.code.clone(), row.price));
    let margin = price - planned_cost.unit_cost;
    ItemCost {
        code,
        material: planned_cost.material,
        conversion: planned_cost.conversion,
        purchase: planned_cost.purchase,
        unit_cost: planned_cost.unit_cost,
        full_unit_cost: unit_cost_of(full),
        price,
        margin,
        margin_pct: (price != 0.0).then(|| margin / price),
        copq: planned_cost.unit_cost - unit_cost_of(perfect),
        rty: index.rty(item),
        break_even_qty: None,
    }
}

/// Multi-product break-even at the planned mix: contribution = Σ total demand · margin over the
/// items with demand; ratio = fixed cost / contribution (`None` when contribution ≤ 0).
fn break_even(items: &[ItemCost], explosion: &Explosion, fixed_cost: f64) -> BreakEven {
    let contribution: f64 = items
        .iter()
        .enumerate()
        .map(|(item, cost)| (explosion.total_demand(item), cost.margin))
        .filter(|&(demand, _)| demand > 0.0)
        .map(|(demand, margin)| demand * margin)
        .sum();
    BreakEven {
        fixed_cost,
        contribution,
        ratio: (contribution > 0.0).then(|| fixed_cost / contribution),
    }
}

/// `break_even_qty = ratio · total demand` for items with demand.
fn set_break_even_quantities(items: &mut [ItemCost], explosion: &Explosion, ratio: Option<f64>) {
    for (item, cost) in items.iter_mut().enumerate() {
        let demand = explosion.total_demand(item);
        cost.break_even_qty = ratio.filter(|_| demand > 0.0).map(|r| r * demand);
    }
}

/// Whole-horizon revenue, variable cost, fixed cost, holding and ordering cost, profit and
/// profit margin.
fn totals(
    items: &[ItemCost],
    explosion: &Explosion,
    fixed_cost: f64,
    material: &MrpResults,
) -> Totals {
    let (revenue, variable_cost) =
        items
            .iter()
            .enumerate()
            .fold((0.0, 0.0), |(revenue, variable), (item, cost)| {
                let demand = explosion.total_demand(item);
                (
                    revenue + demand * cost.price,
                    variable + demand * cost.unit_cost,
                )
            });
    let (holding_cost, ordering_cost) = (material.holding_cost, material.ordering_cost);
    let profit = revenue - variable_cost - fixed_cost - holding_cost - ordering_cost;
    Totals {
        revenue,
        variable_cost,
        fixed_cost,
        holding_cost,
        ordering_cost,
        profit,
        profit_margin: (revenue != 0.0).then(|| profit / revenue),
    }
}

/// Idle-capacity cost per resource: fixed cost over the horizon − fixed_rate · load hours.
fn idle_costs(
    plan: &Plan,
    rates: &ResourceRates,
    capacity: &CapacityResults,
    periods: f64,
) -> Vec<IdleCost> {
    plan.resources
        .iter()
        .enumerate()
        .map(|(r, resource)| {
            let load_hours: f64 = capacity
                .resources
                .get(r)
                .filter(|load| load.code == resource.code)
                .map_or(0.0, |load| load.load.iter().sum());
            let fixed = rates.fixed_per_period.get(r).copied().unwrap_or(0.0);
            let rate = rates.fixed_rate.get(r).copied().unwrap_or(0.0);
            IdleCost {
                resource: resource.code.clone(),
                idle_cost: fixed * periods - rate * load_hours,
            }
        })
        .collect()
}

/// Drill-down of one item's unit cost (variable rates, planned yields): each child's
/// `qty · e_1 · unit_cost` and each step's conversion, for the GUI to walk down the BOM.
pub fn rollup_breakdown(plan: &Plan, item_code: &str) -> Result<CostBreakdown, CostError> {
    let index = PlanIndex::new(plan);
    let item = index
        .item(item_code)
        .ok_or_else(|| CostError::UnknownItem {
            code: item_code.to_string(),
        })?;
    let explosion = Explosion::new(&index);
    let rates = ResourceRates::new(plan, &Availability::new(plan));
    let lots = effective_lots(&index, &explosion);
    let basis = RollupBasis {
        rates: &rates.variable,
        effective_lots: &lots,
        yields: Yields::Planned,
    };
    let costs = roll_up(&index, basis);
    Ok(breakdown_of(&index, basis, item, &costs))
}

/// Builds the drill-down of one item from finished roll-up costs.
fn breakdown_of(
    index: &PlanIndex,
    basis: RollupBasis,
    item: usize,
    costs: &[UnitCost],
) -> CostBreakdown {
    let plan = index.plan();
    let entering_first = basis.entering_first(index, item);
    let item_code = |i: usize| {
        plan.items
            .get(i)
            .map_or(String::new(), |row| row.code.clone())
    };
    let children = index
        .children(item)
        .iter()
        .map(|edge| {
            let unit_cost = costs.get(edge.item).map_or(0.0, |c| c.unit_cost);
            ChildCost {
                code: item_code(edge.item),
                qty: edge.qty,
                unit_cost,
                contribution: edge.qty * entering_first * unit_cost,
            }
        })
        .collect();
    let steps = index
        .steps(item)
        .iter()
        .map(|step| {
            let routing_row = plan.routing.get(step.row);
            StepCost {
                seq: routing_row.map_or(0, |row| row.seq),
                name: routing_row.map_or(String::new(), |row| row.name.clone()),
                resource: routing_row.map_or(String::new(), |row| row.resource.clone()),
                entering: basis.entering(step),
                rate: basis.rate(step),
                conversion: basis.step_conversion(step, item),
            }
        })
        .collect();
    let cost = costs.get(item).copied().unwrap_or_default();
    CostBreakdown {
        code: item_code(item),
        entering_first,
        effective_lot: basis.lot(item),
        purchase: cost.purchase,
        material: cost.material,
        conversion: cost.conversion,
        unit_cost: cost.unit_cost,
        children,
        steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_lot_is_total_over_periods_with_a_requirement() {
        // (30 + 50) / 2 = 40; the empty period does not count.
        assert_eq!(average_lot(&[30.0, 0.0, 50.0]), 40.0);
        assert_eq!(average_lot(&[0.0, 0.0]), 1.0);
        assert_eq!(average_lot(&[]), 1.0);
    }

    #[test]
    fn fixed_cost_per_period_adds_straight_line_depreciation() {
        let resource = Resource {
            units: 2,
            hours_per_period: 40.0,
            efficiency: 0.75,
            fixed_cost_per_period: 80.0,
            capital_cost: 31_200.0,
            life_years: 5.0,
            ..Resource::default()
        };
        // 80 + 31 200 / (5 · 52) = 80 + 120 = 200 per week; available 2·40·0.75 = 60 h → 10/3.
        assert_eq!(fixed_cost_per_period(&resource, 52.0), 200.0);
        assert!((fixed_rate(&resource, 52.0, &[60.0, 60.0]) - 200.0 / 60.0).abs() < 1e-12);
        // A holiday week at 0.8 (48 h) and a shutdown (0 h) beside two normal weeks: the fixed
        // cost of 4 weeks, 800, over 60 + 60 + 48 + 0 = 168 h = 4.7619... per hour.
        let rate = fixed_rate(&resource, 52.0, &[60.0, 60.0, 48.0, 0.0]);
        assert!((rate - 800.0 / 168.0).abs() < 1e-12, "{rate}");
        let no_life = Resource {
            life_years: 0.0,
            ..resource.clone()
        };
        assert_eq!(fixed_cost_per_period(&no_life, 52.0), 80.0);
        let no_hours = Resource {
            hours_per_period: 0.0,
            ..resource
        };
        assert_eq!(fixed_rate(&no_hours, 52.0, &[0.0, 0.0]), 0.0);
    }

    #[test]
    fn unknown_item_drill_down_is_a_typed_error_naming_the_code() {
        let error = rollup_breakdown(&Plan::default(), "NOPE");
        assert_eq!(
            error,
            Err(CostError::UnknownItem {
                code: "NOPE".to_string()
            })
        );
        let message = error.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("\"NOPE\""), "{message}");
    }
}
