//! Requirements by BOM explosion, lots, and load against available hours per resource and period
//! (DESIGN.md §2).

use std::sync::Arc;

use serde::Serialize;

use super::plan_index::PlanIndex;
use crate::domain::{Plan, Resource};

/// Load and availability of one resource, one value per period (index 0 = period 1).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ResourceLoad {
    /// Resource code.
    pub code: String,
    /// Available hours per period: units · hours_per_period · efficiency.
    pub available: Vec<f64>,
    /// Load hours per period (run and set-up time of every step on the resource).
    pub load: Vec<f64>,
    /// load / available per period.
    pub utilization: Vec<f64>,
    /// Σ load / Σ available over the horizon.
    pub total_utilization: f64,
    /// Highest utilisation of any period.
    pub peak_utilization: f64,
}

/// Gross requirement of an item in a period (1-based).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Requirement {
    /// Item code, shared by every entry of the item (a plan can have millions of entries).
    pub item: Arc<str>,
    /// 1-based period.
    pub period: i64,
    /// Demand plus dependent requirement from parents' starts.
    pub qty: f64,
}

/// Number of lots of an item started in a period (1-based).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct LotCount {
    /// Item code, shared by every entry of the item (a plan can have millions of entries).
    pub item: Arc<str>,
    /// 1-based period.
    pub period: i64,
    /// `ceil(req / lot_size − 1e-9)`, or 1 for lot-for-lot.
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

/// Lots are `ceil(req / lot_size − LOT_TOLERANCE)`, so that 97/0.97 units in lots of 100 is one
/// lot even though floating point makes it 100.00000000000001.
pub const LOT_TOLERANCE: f64 = 1e-9;

/// Gross requirements and lot counts of every item in every period, from the BOM explosion of
/// DESIGN.md §2. Stored flat, item-major (`item · periods + period index`), so that capacity and
/// cost share one explosion without string lookups.
#[derive(Debug, Clone, PartialEq)]
pub struct Explosion {
    periods: usize,
    requirements: Vec<f64>,
    lots: Vec<f64>,
    demand_totals: Vec<f64>,
}

impl Explosion {
    /// Explodes the demand of the plan through its BOM, parents before children:
    /// `req_i,t = demand_i,t + Σ_parents req_p,t · e_1(p) · qty_(p,i)`, then counts lots.
    pub fn new(index: &PlanIndex) -> Self {
        let periods = index.periods();
        let (mut requirements, demand_totals) = demand_by_period(index);
        for &parent in index.evaluation_order().iter().rev() {
            let starts_per_unit = index.entering_first(parent);
            for edge in index.children(parent) {
                let factor = starts_per_unit * edge.qty;
                add_scaled_row(&mut requirements, periods, parent, edge.item, factor);
            }
        }
        let lots = count_lots(index, &requirements);
        Explosion {
            periods,
            requirements,
            lots,
            demand_totals,
        }
    }

    /// Number of periods of the horizon.
    pub fn periods(&self) -> usize {
        self.periods
    }

    /// Requirement of an item per period (index 0 = period 1); empty for an unknown index.
    pub fn requirements(&self, item: usize) -> &[f64] {
        row_of(&self.requirements, self.periods, item)
    }

    /// Lots of an item started per period (index 0 = period 1); empty for an unknown index.
    pub fn lots(&self, item: usize) -> &[f64] {
        row_of(&self.lots, self.periods, item)
    }

    /// Independent (customer) demand of an item over the horizon; 0 for an unknown index.
    pub fn total_demand(&self, item: usize) -> f64 {
        self.demand_totals.get(item).copied().unwrap_or(0.0)
    }
}

/// The `periods` values of one item in a flat item-major table.
fn row_of(values: &[f64], periods: usize, item: usize) -> &[f64] {
    let start = item.saturating_mul(periods);
    values
        .get(start..start.saturating_add(periods))
        .unwrap_or(&[])
}

/// Demand rows summed into a flat item × period table, and each item's total demand. Rows naming
/// an unknown item or a period outside 1..=periods are ignored.
fn demand_by_period(index: &PlanIndex) -> (Vec<f64>, Vec<f64>) {
    let periods = index.periods();
    let mut table = vec![0.0; index.item_count() * periods];
    let mut totals = vec![0.0; index.item_count()];
    let demand_rows = &index.plan().demand;
    let demand_items = index.resolve_items(demand_rows.iter().map(|d| d.item.as_str()));
    for (demand, item) in demand_rows.iter().zip(demand_items) {
        let Some(item) = item else {
            continue;
        };
        let period = usize::try_from(demand.period)
            .ok()
            .and_then(|p| p.checked_sub(1));
        let Some(period) = period.filter(|&p| p < periods) else {
            continue;
        };
        if let (Some(cell), Some(total)) =
            (table.get_mut(item * periods + period), totals.get_mut(item))
        {
            *cell += demand.qty;
            *total += demand.qty;
        }
    }
    (table, totals)
}

/// Adds `factor ×` the row of item `from` to the row of item `to`. A self-reference (only in an
/// invalid plan) is skipped: it has no finite explosion.
fn add_scaled_row(values: &mut [f64], periods: usize, from: usize, to: usize, factor: f64) {
    if from == to || periods == 0 {
        return;
    }
    let upper = from.max(to);
    if (upper + 1) * periods > values.len() {
        return;
    }
    let (low, high) = values.split_at_mut(upper * periods);
    let lower_start = from.min(to) * periods;
    let (Some(lower_row), Some(upper_row)) = (
        low.get_mut(lower_start..lower_start + periods),
        high.get_mut(..periods),
    ) else {
        return;
    };
    let (source, target) = if from < to {
        (lower_row, upper_row)
    } else {
        (upper_row, lower_row)
    };
    for (started, required) in source.iter().zip(target.iter_mut()) {
        *required += *started * factor;
    }
}

/// Lot counts for the flat requirement table, item by item.
fn count_lots(index: &PlanIndex, requirements: &[f64]) -> Vec<f64> {
    let periods = index.periods();
    let mut lots = vec![0.0; requirements.len()];
    for (item, row) in index.plan().items.iter().enumerate() {
        let start = item * periods;
        let (Some(required), Some(counted)) = (
            requirements.get(start..start + periods),
            lots.get_mut(start..start + periods),
        ) else {
            continue;
        };
        for (lot, &qty) in counted.iter_mut().zip(required) {
            *lot = lots_in_period(qty, row.lot_size);
        }
    }
    lots
}

/// Lots needed for a requirement: `ceil(req / lot_size − 1e-9)`, or 1 for lot-for-lot (`None`, or
/// a lot size that is not positive); 0 when nothing is required.
pub fn lots_in_period(requirement: f64, lot_size: Option<f64>) -> f64 {
    if requirement <= 0.0 {
        return 0.0;
    }
    match lot_size.filter(|&size| size > 0.0) {
        Some(size) => (requirement / size - LOT_TOLERANCE).ceil().max(0.0),
        None => 1.0,
    }
}

/// Available hours of a resource in one period: `units · hours_per_period · efficiency`.
pub fn available_hours(resource: &Resource) -> f64 {
    resource.units as f64 * resource.hours_per_period * resource.efficiency
}

/// Computes requirements, lots and load of a valid plan.
pub fn capacity(plan: &Plan) -> CapacityResults {
    let index = PlanIndex::new(plan);
    let explosion = Explosion::new(&index);
    capacity_from(&index, &explosion)
}

/// Computes the capacity results from an index and explosion built once (see `analyze`).
pub fn capacity_from(index: &PlanIndex, explosion: &Explosion) -> CapacityResults {
    let load = load_hours(index, explosion);
    let periods = index.periods();
    let resources: Vec<ResourceLoad> = index
        .plan()
        .resources
        .iter()
        .enumerate()
        .map(|(r, resource)| resource_load(resource, row_of(&load, periods, r)))
        .collect();
    let codes = shared_item_codes(index);
    CapacityResults {
        bottleneck: bottleneck(&resources),
        resources,
        requirements: requirement_list(&codes, explosion),
        lots: lot_list(&codes, explosion),
    }
}

/// Load hours per resource and period, flat resource-major:
/// `Σ_(i,s: r(s)=r) [req_i,t · e_s · run_min_s + lots_i,t · setup_min_s] / 60`.
fn load_hours(index: &PlanIndex, explosion: &Explosion) -> Vec<f64> {
    let periods = index.periods();
    let mut load = vec![0.0; index.resource_count() * periods];
    for item in 0..index.item_count() {
        let required = explosion.requirements(item);
        let lots = explosion.lots(item);
        for step in index.steps(item) {
            let Some(resource) = step.resource else {
                continue;
            };
            let start = resource * periods;
            let Some(row) = load.get_mut(start..start + periods) else {
                continue;
            };
            for ((hours, &qty), &lot_count) in row.iter_mut().zip(required).zip(lots) {
                *hours += (qty * step.entering * step.run_min + lot_count * step.setup_min) / 60.0;
            }
        }
    }
    load
}

/// Availability and utilisation of one resource from its load per period.
fn resource_load(resource: &Resource, load: &[f64]) -> ResourceLoad {
    let available_per_period = available_hours(resource);
    let utilization: Vec<f64> = load
        .iter()
        .map(|&hours| ratio_or_zero(hours, available_per_period))
        .collect();
    let available = vec![available_per_period; load.len()];
    let total_available: f64 = available.iter().sum();
    ResourceLoad {
        code: resource.code.clone(),
        total_utilization: ratio_or_zero(load.iter().sum(), total_available),
        peak_utilization: utilization.iter().copied().fold(0.0, f64::max),
        available,
        load: load.to_vec(),
        utilization,
    }
}

/// `numerator / denominator`, or 0 when the denominator is not positive (no capacity at all).
fn ratio_or_zero(numerator: f64, denominator: f64) -> f64 {
    if denominator > 0.0 {
        numerator / denominator
    } else {
        0.0
    }
}

/// Code of the resource with the highest total utilisation; the first in plan order on ties.
fn bottleneck(resources: &[ResourceLoad]) -> Option<String> {
    let mut best: Option<&ResourceLoad> = None;
    for resource in resources {
        if best.is_none_or(|b| resource.total_utilization > b.total_utilization) {
            best = Some(resource);
        }
    }
    best.map(|resource| resource.code.clone())
}

/// Every item code once as a shared string, in plan order, for the entries of the lists.
fn shared_item_codes(index: &PlanIndex) -> Vec<Arc<str>> {
    index
        .plan()
        .items
        .iter()
        .map(|item| Arc::from(item.code.as_str()))
        .collect()
}

/// Non-zero requirements, items in plan order then period ascending.
fn requirement_list(codes: &[Arc<str>], explosion: &Explosion) -> Vec<Requirement> {
    non_zero_list(
        codes,
        |item| explosion.requirements(item),
        |code, period, qty| Requirement {
            item: Arc::clone(code),
            period,
            qty,
        },
    )
}

/// Non-zero lot counts, items in plan order then period ascending.
fn lot_list(codes: &[Arc<str>], explosion: &Explosion) -> Vec<LotCount> {
    non_zero_list(
        codes,
        |item| explosion.lots(item),
        |code, period, lots| LotCount {
            item: Arc::clone(code),
            period,
            lots,
        },
    )
}

/// One entry per non-zero cell of a per-item table, made by `entry(item code, 1-based period,
/// value)`; the list is sized up front because it can hold items × periods entries.
fn non_zero_list<'a, T>(
    codes: &[Arc<str>],
    row: impl Fn(usize) -> &'a [f64],
    entry: impl Fn(&Arc<str>, i64, f64) -> T,
) -> Vec<T> {
    let count = (0..codes.len())
        .map(|item| row(item).iter().filter(|value| **value != 0.0).count())
        .sum();
    let mut list = Vec::with_capacity(count);
    for (item, code) in codes.iter().enumerate() {
        for (t, &value) in row(item).iter().enumerate() {
            if value != 0.0 {
                list.push(entry(code, t as i64 + 1, value));
            }
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lots_use_the_tolerance_so_97_over_0_97_is_one_lot_of_100() {
        // 97 · (1/0.97) = 100.00000000000001 in floating point; without the tolerance: 2 lots.
        let requirement: f64 = 97.0 * (1.0 / 0.97);
        assert!(requirement > 100.0);
        assert_eq!((requirement / 100.0).ceil(), 2.0);
        assert_eq!(lots_in_period(requirement, Some(100.0)), 1.0);
    }

    #[test]
    fn lots_round_up_partial_lots_and_keep_exact_multiples() {
        // 97 / 20 = 4.85 → 5 lots; 40 / 20 = 2 exactly → 2 lots; 100.5 / 100 → 2 lots.
        assert_eq!(lots_in_period(97.0, Some(20.0)), 5.0);
        assert_eq!(lots_in_period(40.0, Some(20.0)), 2.0);
        assert_eq!(lots_in_period(100.5, Some(100.0)), 2.0);
    }

    #[test]
    fn lot_for_lot_is_one_lot_when_required_and_none_otherwise() {
        assert_eq!(lots_in_period(0.3, None), 1.0);
        assert_eq!(lots_in_period(0.0, None), 0.0);
        assert_eq!(lots_in_period(0.0, Some(50.0)), 0.0);
        // A lot size of 0 (invalid) falls back to lot-for-lot instead of dividing by zero.
        assert_eq!(lots_in_period(7.0, Some(0.0)), 1.0);
    }

    #[test]
    fn available_hours_multiply_units_hours_and_efficiency() {
        let resource = Resource {
            units: 2,
            hours_per_period: 40.0,
            efficiency: 0.75,
            ..Resource::default()
        };
        // 2 · 40 · 0.75 = 60.
        assert_eq!(available_hours(&resource), 60.0);
    }

    #[test]
    fn bottleneck_is_the_first_of_equal_highest_and_none_without_resources() {
        let load = |code: &str, total_utilization: f64| ResourceLoad {
            code: code.to_string(),
            total_utilization,
            ..ResourceLoad::default()
        };
        assert_eq!(bottleneck(&[]), None);
        let resources = [load("A", 0.5), load("B", 0.9), load("C", 0.9)];
        assert_eq!(bottleneck(&resources), Some("B".to_string()));
        assert_eq!(bottleneck(&[load("IDLE", 0.0)]), Some("IDLE".to_string()));
    }

    #[test]
    fn scaled_rows_are_added_in_either_direction_and_self_references_skipped() {
        // Two items × 2 periods: rows [1, 2] and [10, 20].
        let mut values = vec![1.0, 2.0, 10.0, 20.0];
        add_scaled_row(&mut values, 2, 0, 1, 3.0);
        assert_eq!(values, vec![1.0, 2.0, 13.0, 26.0]);
        add_scaled_row(&mut values, 2, 1, 0, 0.5);
        assert_eq!(values, vec![7.5, 15.0, 13.0, 26.0]);
        add_scaled_row(&mut values, 2, 1, 1, 1.0);
        add_scaled_row(&mut values, 2, 5, 0, 1.0);
        assert_eq!(values, vec![7.5, 15.0, 13.0, 26.0]);
    }
}
