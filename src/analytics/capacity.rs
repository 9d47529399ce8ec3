//! Requirements by BOM explosion, lots, and load against available hours per resource and period
//! (DESIGN.md §2).

use std::sync::Arc;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::availability::{Availability, ReducedPeriod};
use super::mrp::MaterialPlan;
use super::plan_index::PlanIndex;
use crate::domain::{Plan, Resource};

/// Load and availability of one resource, one value per period (index 0 = period 1).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ResourceLoad {
    /// Resource code.
    pub code: String,
    /// Available hours per period: `units_r,t · hours_r,t · efficiency` (calendar and
    /// resource_periods rows included).
    pub available: Vec<f64>,
    /// Load hours per period (run and set-up time of every step on the resource), from the
    /// planned releases of the material plan.
    pub load: Vec<f64>,
    /// load / available per period; `None` in a period with no hours available but load to do
    /// (overloaded without measure), 0 with neither.
    pub utilization: Vec<Option<f64>>,
    /// Σ load / Σ available over the horizon; `None` when nothing is available but load is.
    pub total_utilization: Option<f64>,
    /// Highest utilisation of the periods that have one; `None` if none has.
    pub peak_utilization: Option<f64>,
    /// Overtime hours the resource may add per period (resource_periods rows included; §6).
    /// Not part of `analyze --json`.
    #[serde(skip)]
    pub overtime: Vec<f64>,
    /// The periods with fewer hours than a normal one (holiday, maintenance, shutdown), see
    /// [`Availability::reduced_periods`]. Not part of `analyze --json`.
    #[serde(skip)]
    pub reduced: Vec<ReducedPeriod>,
}

/// One value of an item in a period, as listed in `analyze --json`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemPeriodEntry<'a> {
    /// Item code.
    pub item: &'a str,
    /// 1-based period.
    pub period: i64,
    /// The requirement (units) or the number of lots.
    pub value: f64,
}

/// A value of every item in every period (gross requirements, or lots started), stored flat
/// item-major. A plan of 20,000 items over 52 periods has a million cells, so the table is kept as
/// numbers and listed entry by entry when serialised, never as a million-entry list of structs.
/// Cloning is cheap: the codes and values are shared.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemPeriodTable {
    codes: Arc<[String]>,
    periods: usize,
    values: Arc<Vec<f64>>,
    value_key: &'static str,
}

impl ItemPeriodTable {
    /// Gross requirements (`qty` in JSON): `values[item · periods + t]` for the item codes in
    /// plan order.
    pub fn requirements(codes: Arc<[String]>, periods: usize, values: Vec<f64>) -> Self {
        Self::new(codes, periods, values, "qty")
    }

    /// Lots started (`lots` in JSON), laid out as for [`ItemPeriodTable::requirements`].
    pub fn lots(codes: Arc<[String]>, periods: usize, values: Vec<f64>) -> Self {
        Self::new(codes, periods, values, "lots")
    }

    fn new(
        codes: Arc<[String]>,
        periods: usize,
        values: Vec<f64>,
        value_key: &'static str,
    ) -> Self {
        ItemPeriodTable {
            codes,
            periods,
            values: Arc::new(values),
            value_key,
        }
    }

    /// The item codes, in plan order (row `i` of the table is item `codes()[i]`).
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// The item codes, shared: a table of the same items takes them without copying 20,000
    /// strings.
    pub fn shared_codes(&self) -> Arc<[String]> {
        Arc::clone(&self.codes)
    }

    /// The number of periods (values per item).
    pub fn periods(&self) -> usize {
        self.periods
    }

    /// The JSON name of an entry's value: `qty` or `lots`.
    pub fn value_key(&self) -> &'static str {
        self.value_key
    }

    /// The values of one item per period (index 0 = period 1); empty for an unknown index.
    pub fn row(&self, item: usize) -> &[f64] {
        row_of(&self.values, self.periods, item)
    }

    /// The non-zero entries, items in plan order then period ascending.
    pub fn entries(&self) -> impl Iterator<Item = ItemPeriodEntry<'_>> + '_ {
        self.codes.iter().enumerate().flat_map(move |(item, code)| {
            self.row(item)
                .iter()
                .enumerate()
                .filter(|(_, value)| **value != 0.0)
                .map(move |(t, &value)| ItemPeriodEntry {
                    item: code,
                    period: t as i64 + 1,
                    value,
                })
        })
    }

    /// True when every value is zero (nothing is listed).
    pub fn is_empty(&self) -> bool {
        self.entries().next().is_none()
    }
}

/// Serialises as the list of non-zero entries `{"item", "period", "qty" | "lots"}`.
impl Serialize for ItemPeriodTable {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.entries().map(|entry| KeyedEntry {
            entry,
            value_key: self.value_key,
        }))
    }
}

/// One entry with the JSON name of its value.
struct KeyedEntry<'a> {
    entry: ItemPeriodEntry<'a>,
    value_key: &'static str,
}

impl Serialize for KeyedEntry<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("ItemPeriodEntry", 3)?;
        map.serialize_field("item", self.entry.item)?;
        map.serialize_field("period", &self.entry.period)?;
        map.serialize_field(self.value_key, &self.entry.value)?;
        map.end()
    }
}

/// The `capacity` key of `analyze --json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CapacityResults {
    /// One entry per resource, in plan order.
    pub resources: Vec<ResourceLoad>,
    /// Resource with the highest total utilisation (first in plan order on ties).
    pub bottleneck: Option<String>,
    /// Gross requirements `GR_i,t` of the material plan, listed by item in plan order then
    /// period (non-zero only).
    pub requirements: ItemPeriodTable,
    /// Lots released, listed by item in plan order then period (non-zero only).
    pub lots: ItemPeriodTable,
}

/// Lots are `ceil(req / lot_size − LOT_TOLERANCE)`, so that 97/0.97 units in lots of 100 is one
/// lot even though floating point makes it 100.00000000000001.
pub const LOT_TOLERANCE: f64 = 1e-9;

/// Standard requirements of every item in every period, from the BOM explosion of demand alone
/// (DESIGN.md §2: no stock, receipts, lead times or order rules). They fix the effective lots of
/// the cost roll-up, so unit costs do not move with stock or order timing. Stored flat,
/// item-major (`item · periods + period index`).
#[derive(Debug, Clone, PartialEq)]
pub struct Explosion {
    periods: usize,
    requirements: Vec<f64>,
    demand_totals: Vec<f64>,
}

impl Explosion {
    /// Explodes the demand of the plan through its BOM, parents before children:
    /// `req_i,t = demand_i,t + Σ_parents req_p,t · e_1(p) · qty_(p,i)`.
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
        Explosion {
            periods,
            requirements,
            demand_totals,
        }
    }

    /// Number of periods of the horizon.
    pub fn periods(&self) -> usize {
        self.periods
    }

    /// Standard requirement of an item per period (index 0 = period 1); empty for an unknown
    /// index.
    pub fn requirements(&self, item: usize) -> &[f64] {
        row_of(&self.requirements, self.periods, item)
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

/// A table of `len` zeros whose memory is written now, for the item × period tables that are then
/// added into. `vec![0.0; len]` takes untouched pages from the system, which the first read
/// (`+=`) maps to the shared zero page and the first write then replaces, flushing the TLB of
/// every core the process runs on; with validation on the second core that was 12 % of
/// `analyze --json` on plan L (perf: `ptep_clear_flush` IPIs in the explosion and the material
/// plan). Writing the zeros first faults each page in once, by the write.
pub fn written_zeros(len: usize) -> Vec<f64> {
    let mut table = Vec::with_capacity(len);
    table.resize(len, 0.0);
    table
}

/// Demand rows summed into a flat item × period table, and each item's total demand. Rows naming
/// an unknown item or a period outside 1..=periods are ignored.
fn demand_by_period(index: &PlanIndex) -> (Vec<f64>, Vec<f64>) {
    let periods = index.periods();
    let mut table = written_zeros(index.item_count() * periods);
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

/// Lot counts for the flat table of planned releases, item by item.
fn count_lots(index: &PlanIndex, releases: &[f64]) -> Vec<f64> {
    let periods = index.periods();
    let mut lots = written_zeros(releases.len());
    for (item, row) in index.plan().items.iter().enumerate() {
        let start = item * periods;
        let (Some(required), Some(counted)) = (
            releases.get(start..start + periods),
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

/// Available hours of a resource in a normal period: `units · hours_per_period · efficiency`.
pub fn available_hours(resource: &Resource) -> f64 {
    resource.units as f64 * resource.hours_per_period * resource.efficiency
}

/// Computes the material plan, lots and load of a valid plan (every step of `analyze` that
/// capacity depends on).
pub fn capacity(plan: &Plan) -> CapacityResults {
    let index = PlanIndex::new(plan);
    let explosion = Explosion::new(&index);
    let availability = Availability::new(plan);
    let standard = super::cost::StandardCosts::new(&index, &explosion, &availability);
    let material = super::mrp::material_plan(&index, &standard.unit_costs());
    capacity_from(&index, &material.plan, &availability)
}

/// Computes the capacity results from the material plan's releases `R_i,t` and the available
/// hours per period (see `analyze`).
pub fn capacity_from(
    index: &PlanIndex,
    material: &MaterialPlan,
    availability: &Availability,
) -> CapacityResults {
    let periods = index.periods();
    let releases = material.release_table();
    let lots = count_lots(index, releases);
    let load = load_hours(index, releases, &lots);
    let resources: Vec<ResourceLoad> = index
        .plan()
        .resources
        .iter()
        .enumerate()
        .map(|(r, resource)| {
            let mut row = resource_load(
                resource,
                availability.available(r),
                row_of(&load, periods, r),
            );
            row.overtime = padded(availability.overtime(r), periods).collect();
            row.reduced = availability.reduced_periods(r, available_hours(resource));
            row
        })
        .collect();
    CapacityResults {
        bottleneck: bottleneck(&resources),
        resources,
        requirements: material.gross().clone(),
        lots: ItemPeriodTable::lots(material.gross().shared_codes(), periods, lots),
    }
}

/// A row of exactly `periods` values (zeros past the end of a shorter one).
fn padded(row: &[f64], periods: usize) -> impl Iterator<Item = f64> + '_ {
    row.iter()
        .copied()
        .chain(std::iter::repeat(0.0))
        .take(periods)
}

/// Load hours per resource and period, flat resource-major:
/// `Σ_(i,s: r(s)=r) [R_i,t · e_s · run_min_s + lots_i,t · setup_min_s] / 60`.
fn load_hours(index: &PlanIndex, releases: &[f64], lots: &[f64]) -> Vec<f64> {
    let periods = index.periods();
    let mut load = written_zeros(index.resource_count() * periods);
    for item in 0..index.item_count() {
        let released = row_of(releases, periods, item);
        let lots = row_of(lots, periods, item);
        for step in index.steps(item) {
            let Some(resource) = step.resource else {
                continue;
            };
            let start = resource * periods;
            let Some(row) = load.get_mut(start..start + periods) else {
                continue;
            };
            for ((hours, &qty), &lot_count) in row.iter_mut().zip(released).zip(lots) {
                *hours += (qty * step.entering * step.run_min + lot_count * step.setup_min) / 60.0;
            }
        }
    }
    load
}

/// Availability and utilisation of one resource from its available and load hours per period.
fn resource_load(resource: &Resource, available: &[f64], load: &[f64]) -> ResourceLoad {
    let available: Vec<f64> = padded(available, load.len()).collect();
    let per_period: Vec<Option<f64>> = available
        .iter()
        .zip(load)
        .map(|(&hours, &loaded)| utilization(loaded, hours))
        .collect();
    let peak_utilization = per_period.iter().flatten().copied().reduce(f64::max);
    ResourceLoad {
        code: resource.code.clone(),
        total_utilization: utilization(load.iter().sum(), available.iter().sum()),
        peak_utilization,
        available,
        load: load.to_vec(),
        utilization: per_period,
        overtime: Vec::new(),
        reduced: Vec::new(),
    }
}

/// `load / available`; 0 when neither is positive, `None` when only the load is (a period, or a
/// horizon, with work to do and no hours to do it in).
pub fn utilization(load: f64, available: f64) -> Option<f64> {
    if available > 0.0 {
        Some(load / available)
    } else if load > 0.0 {
        None
    } else {
        Some(0.0)
    }
}

/// How a total utilisation ranks for the bottleneck: load without any hours ranks highest.
fn rank(total_utilization: Option<f64>) -> f64 {
    total_utilization.unwrap_or(f64::INFINITY)
}

/// Code of the resource with the highest total utilisation; the first in plan order on ties.
fn bottleneck(resources: &[ResourceLoad]) -> Option<String> {
    let mut best: Option<&ResourceLoad> = None;
    for resource in resources {
        if best.is_none_or(|b| rank(resource.total_utilization) > rank(b.total_utilization)) {
            best = Some(resource);
        }
    }
    best.map(|resource| resource.code.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_period_tables_list_only_non_zero_cells_with_their_json_key() {
        // Two items over 3 periods: A = [0, 5, 0], B = [2.5, 0, 1].
        let codes: Arc<[String]> = Arc::from(vec!["A".to_string(), "B".to_string()]);
        let values = vec![0.0, 5.0, 0.0, 2.5, 0.0, 1.0];
        let requirements = ItemPeriodTable::requirements(Arc::clone(&codes), 3, values.clone());
        let listed: Vec<(&str, i64, f64)> = requirements
            .entries()
            .map(|e| (e.item, e.period, e.value))
            .collect();
        assert_eq!(listed, vec![("A", 2, 5.0), ("B", 1, 2.5), ("B", 3, 1.0)]);
        assert_eq!(requirements.row(1), &[2.5, 0.0, 1.0]);
        assert!(requirements.row(2).is_empty());
        let json = serde_json::to_string(&requirements).expect("json");
        assert_eq!(
            json,
            r#"[{"item":"A","period":2,"qty":5.0},{"item":"B","period":1,"qty":2.5},{"item":"B","period":3,"qty":1.0}]"#
        );
        let lots = ItemPeriodTable::lots(codes, 3, values);
        let json = serde_json::to_string(&lots).expect("json");
        assert!(
            json.starts_with(r#"[{"item":"A","period":2,"lots":5.0}"#),
            "{json}"
        );
        let empty = ItemPeriodTable::lots(Arc::from(vec!["A".to_string()]), 2, vec![0.0, 0.0]);
        assert!(empty.is_empty() && !lots.is_empty());
        assert_eq!(serde_json::to_string(&empty).expect("json"), "[]");
    }

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
    fn utilization_is_null_only_where_load_meets_no_hours() {
        // 30 h of load on 40 h = 0.75; 5 h on 0 h has no ratio; nothing on nothing is 0.
        assert_eq!(utilization(30.0, 40.0), Some(0.75));
        assert_eq!(utilization(5.0, 0.0), None);
        assert_eq!(utilization(0.0, 0.0), Some(0.0));
        let resource = Resource {
            code: "PRESS".to_string(),
            ..Resource::default()
        };
        // Periods: 40 h with 20 h of load, a shutdown with 4 h of load, 40 h idle.
        let row = resource_load(&resource, &[40.0, 0.0, 40.0], &[20.0, 4.0, 0.0]);
        assert_eq!(row.utilization, vec![Some(0.5), None, Some(0.0)]);
        assert_eq!(row.peak_utilization, Some(0.5));
        // Σ load 24 / Σ available 80 = 0.3.
        assert_eq!(row.total_utilization, Some(0.3));
    }

    /// WELD: 1 unit × 40 h × efficiency 1 = 40 h a normal period, 4 h of overtime. Period 2 at
    /// calendar 0.5 has 1 × 40 × 0.5 = 20 h (a holiday); period 3's row allows no overtime.
    #[test]
    fn resource_loads_carry_overtime_and_reduced_periods_per_period() {
        use crate::analytics::availability::Reduction;
        use crate::domain::{CalendarPeriod, PlanSettings, ResourcePeriod};
        let plan = Plan {
            settings: PlanSettings {
                periods: 3,
                ..PlanSettings::default()
            },
            resources: vec![Resource {
                code: "WELD".into(),
                hours_per_period: 40.0,
                overtime_hours_per_period: 4.0,
                ..Resource::default()
            }],
            calendar: vec![CalendarPeriod {
                period: 2,
                working_share: 0.5,
            }],
            resource_periods: vec![ResourcePeriod {
                resource: "WELD".into(),
                period: 3,
                units: None,
                hours_per_period: None,
                overtime_hours: Some(0.0),
            }],
            ..Plan::default()
        };
        let results = capacity(&plan);
        let weld = &results.resources[0];
        assert_eq!(weld.available, vec![40.0, 20.0, 40.0]);
        assert_eq!(weld.overtime, vec![4.0, 4.0, 0.0]);
        assert_eq!(weld.reduced.len(), 1);
        let holiday = weld.reduced[0];
        assert_eq!((holiday.period, holiday.reduction), (2, Reduction::Holiday));
        assert_eq!((holiday.available, holiday.normal), (20.0, 40.0));
        // The JSON keys stay those of DESIGN §4.
        let json = serde_json::to_value(weld).expect("json");
        assert!(json.get("overtime").is_none() && json.get("reduced").is_none());
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
            total_utilization: Some(total_utilization),
            ..ResourceLoad::default()
        };
        assert_eq!(bottleneck(&[]), None);
        let resources = [load("A", 0.5), load("B", 0.9), load("C", 0.9)];
        assert_eq!(bottleneck(&resources), Some("B".to_string()));
        assert_eq!(bottleneck(&[load("IDLE", 0.0)]), Some("IDLE".to_string()));
        // Load on a resource with no hours at all (utilisation null) is the worst overload.
        let shut = ResourceLoad {
            total_utilization: None,
            ..load("SHUT", 0.0)
        };
        let resources = [load("A", 3.0), shut];
        assert_eq!(bottleneck(&resources), Some("SHUT".to_string()));
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
