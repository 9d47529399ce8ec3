//! Overall equipment effectiveness (OEE) from the production log, the downtime Pareto, and the
//! measured efficiency and quality set against what the capacity plan assumes (DESIGN.md §8).
//!
//! The capacity plan runs on each resource's planned `efficiency`; the log says what the shop
//! floor really achieved. Availability × performance is the measured efficiency, so a gap between
//! the two is reported (and the GUI offers to plan with the measured figure).

use std::cmp::Ordering;

use serde::Serialize;

use super::plan_index::PlanIndex;
use crate::domain::Plan;
use crate::domain::code_index::CodeIndex;
use crate::domain::fxhash::FxHashMap;

/// A planned efficiency more than this above the measured one gives a message (DESIGN.md §8).
pub const EFFICIENCY_GAP: f64 = 0.05;

/// Tolerance on the comparisons of §8, so that a gap of exactly 5 % or a performance of exactly
/// 100 % computed in floating point does not flip the message.
const COMPARE_TOLERANCE: f64 = 1e-9;

/// Relative tolerance when the downtime reasons are checked against the log's downtime_min.
const DOWNTIME_TOLERANCE: f64 = 1e-6;

/// The world-class OEE that the GUI and the reports draw as a reference line (85 %).
pub const WORLD_CLASS_OEE: f64 = 0.85;

/// The OEE factors of one set of log rows; `None` where a factor does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct OeeFactors {
    /// Σ run / Σ planned_min, with run = planned_min − downtime_min.
    pub availability: Option<f64>,
    /// Σ ideal_cycle_min · total_count / Σ run (none without running time).
    pub performance: Option<f64>,
    /// Σ good_count / Σ total_count (none when nothing was made).
    pub quality: Option<f64>,
    /// availability · performance · quality (none if one of them is none).
    pub oee: Option<f64>,
}

/// OEE of one resource in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodOee {
    /// The period (may be ≤ 0: a past period).
    pub period: i64,
    /// Σ planned_min of the period's rows (in `oee.csv`, not in the JSON).
    #[serde(skip)]
    pub planned_min: f64,
    /// The period's factors.
    #[serde(flatten)]
    pub factors: OeeFactors,
}

/// OEE of one resource over its whole log, with the measured and the planned efficiency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceOee {
    /// Resource code.
    pub code: String,
    /// Σ planned_min of all its log rows.
    pub planned_min: f64,
    /// The factors over all its rows.
    #[serde(flatten)]
    pub factors: OeeFactors,
    /// availability · performance: the share of planned time turned into ideal output time,
    /// which is what the capacity plan's `efficiency` stands for.
    pub measured_efficiency: Option<f64>,
    /// The resource's `efficiency` in the plan.
    pub planned_efficiency: f64,
    /// One entry per period with log rows, ascending.
    pub periods: Vec<PeriodOee>,
}

impl ResourceOee {
    /// The measured efficiency when the capacity plan could use it: 0 < measured ≤ 1 (DESIGN.md
    /// §8; a resource's efficiency must lie in (0, 1]).
    pub fn plannable_efficiency(&self) -> Option<f64> {
        self.measured_efficiency
            .filter(|measured| *measured > 0.0 && *measured <= 1.0)
    }
}

/// Measured quality of one item on one resource against its planned routing yields there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemQuality {
    /// Resource code.
    pub resource: String,
    /// Item code.
    pub item: String,
    /// Σ total_count of the item's log rows on the resource.
    pub total_count: f64,
    /// Σ good_count of those rows.
    pub good_count: f64,
    /// good / total (none when nothing was made).
    pub measured_quality: Option<f64>,
    /// Product of the yields of the item's routing steps on the resource; none when the item's
    /// routing has no step there.
    pub routing_yield: Option<f64>,
}

/// One bar of the downtime Pareto.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DowntimeBar {
    /// Stop reason.
    pub reason: String,
    /// Σ minutes of the reason over every resource and period.
    pub minutes: f64,
    /// Share of all downtime up to and including this bar, 0–100.
    pub cum_pct: f64,
}

/// The `oee` key of `analyze --json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OeeResults {
    /// Resources with log rows, in plan order.
    pub resources: Vec<ResourceOee>,
    /// Measured quality per (resource, item) for log rows that name an item: resources in plan
    /// order, items by code. Shown by the GUI and the reports; not part of the JSON contract.
    #[serde(skip)]
    pub item_quality: Vec<ItemQuality>,
    /// Stop reasons by minutes, largest first (ties by reason).
    pub downtime_pareto: Vec<DowntimeBar>,
    /// One sentence per finding: planned efficiency above the measured one, a performance above
    /// 100 %, downtime reasons that do not add up to the log's downtime.
    pub messages: Vec<String>,
}

impl OeeResults {
    /// The resource with the lowest whole-log OEE (the first of ties, in plan order).
    pub fn lowest(&self) -> Option<&ResourceOee> {
        self.resources
            .iter()
            .filter(|r| r.factors.oee.is_some())
            .min_by(|a, b| {
                let (a, b) = (a.factors.oee.unwrap_or(0.0), b.factors.oee.unwrap_or(0.0));
                a.partial_cmp(&b).unwrap_or(Ordering::Equal)
            })
    }

    /// The OEE results of one resource, if it has log rows.
    pub fn resource(&self, code: &str) -> Option<&ResourceOee> {
        self.resources.iter().find(|r| r.code == code)
    }
}

/// Running sums of a group of log rows.
#[derive(Debug, Clone, Copy, Default)]
struct LogSums {
    planned_min: f64,
    downtime_min: f64,
    ideal_min: f64,
    total_count: f64,
    good_count: f64,
}

impl LogSums {
    fn add(&mut self, other: &LogSums) {
        self.planned_min += other.planned_min;
        self.downtime_min += other.downtime_min;
        self.ideal_min += other.ideal_min;
        self.total_count += other.total_count;
        self.good_count += other.good_count;
    }

    fn factors(&self) -> OeeFactors {
        let run_min = self.planned_min - self.downtime_min;
        let availability = ratio(run_min, self.planned_min);
        let performance = ratio(self.ideal_min, run_min);
        let quality = ratio(self.good_count, self.total_count);
        let oee = match (availability, performance, quality) {
            (Some(a), Some(p), Some(q)) => finite(a * p * q),
            _ => None,
        };
        OeeFactors {
            availability,
            performance,
            quality,
            oee,
        }
    }
}

/// `numerator / denominator`, none when the denominator is not positive or the result is not
/// finite.
fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    if denominator > 0.0 {
        finite(numerator / denominator)
    } else {
        None
    }
}

fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

/// Slots for (resource, period) pairs, in which the log and the downtime rows are summed. When
/// the resource × period cells the periods of both tables span are at most
/// [`DENSE_CELLS_PER_ROW`] per row (a log of recent weeks), a slot is
/// `resource · span + period − first`: no hashing, and slot order is (resource, period) order.
/// Otherwise the pairs are numbered as they come, in a hash map.
#[derive(Debug)]
enum PeriodSlots {
    Dense {
        first: i64,
        span: usize,
        len: usize,
    },
    Sparse {
        slot_of: FxHashMap<(usize, i64), usize>,
        keys: Vec<(usize, i64)>,
    },
}

/// Cells a dense table may have per log or downtime row (plus a few for tiny logs): beyond
/// that, most cells would stay empty and hashing the pairs costs less.
const DENSE_CELLS_PER_ROW: usize = 4;

impl PeriodSlots {
    /// Slots for the periods of `plan`'s production_log and downtime rows.
    fn new(plan: &Plan) -> Self {
        let rows = plan.production_log.len() + plan.downtime.len();
        let periods = (plan.production_log.iter().map(|r| r.period))
            .chain(plan.downtime.iter().map(|r| r.period));
        let (first, last) =
            periods.fold((i64::MAX, i64::MIN), |(lo, hi), p| (lo.min(p), hi.max(p)));
        let span = last
            .checked_sub(first)
            .and_then(|d| usize::try_from(d).ok())
            .and_then(|d| d.checked_add(1));
        let cells = span.and_then(|span| span.checked_mul(plan.resources.len().max(1)));
        match (span, cells) {
            (Some(span), Some(len)) if len <= DENSE_CELLS_PER_ROW * rows + 1024 => {
                PeriodSlots::Dense { first, span, len }
            }
            _ => PeriodSlots::Sparse {
                slot_of: FxHashMap::default(),
                keys: Vec::new(),
            },
        }
    }

    /// The slot of (resource, period), numbered on first sight when sparse.
    fn slot(&mut self, resource: usize, period: i64) -> usize {
        match self {
            PeriodSlots::Dense { first, span, .. } => {
                let offset = usize::try_from(period - *first).unwrap_or(0);
                resource * *span + offset
            }
            PeriodSlots::Sparse { slot_of, keys } => {
                *slot_of.entry((resource, period)).or_insert_with(|| {
                    keys.push((resource, period));
                    keys.len() - 1
                })
            }
        }
    }

    /// Every ((resource, period), slot) in (resource, period) order.
    fn in_order(&self) -> Vec<((usize, i64), usize)> {
        match self {
            PeriodSlots::Dense { first, span, len } => (0..*len)
                .map(|slot| ((slot / span, first + (slot % span) as i64), slot))
                .collect(),
            PeriodSlots::Sparse { keys, .. } => {
                let mut ordered: Vec<((usize, i64), usize)> = keys
                    .iter()
                    .enumerate()
                    .map(|(slot, &key)| (key, slot))
                    .collect();
                ordered.sort_unstable_by_key(|(key, _)| *key);
                ordered
            }
        }
    }
}

/// A value per slot of [`PeriodSlots`], `None` until a row adds to it.
fn add_at<T: Default>(values: &mut Vec<Option<T>>, slot: usize, add: impl FnOnce(&mut T)) {
    if values.len() <= slot {
        values.resize_with(slot + 1, || None);
    }
    if let Some(value) = values.get_mut(slot) {
        add(value.get_or_insert_with(T::default));
    }
}

/// Computes every OEE result of a plan (DESIGN.md §8). Rows naming an unknown resource are left
/// out (validation refuses them); never panics.
pub fn oee(plan: &Plan) -> OeeResults {
    oee_from(&PlanIndex::new(plan))
}

/// [`oee`] on the index the analysis has built once for every result: items and routing steps
/// are looked up by number, and the log is summed per (resource, period) without hashing when
/// its periods span few values.
pub fn oee_from(index: &PlanIndex) -> OeeResults {
    let plan = index.plan();
    let resources = CodeIndex::new(plan.resources.iter().map(|r| r.code.as_str()));
    let resource_count = plan.resources.len();

    let mut slots = PeriodSlots::new(plan);
    let mut whole_log: Vec<Option<LogSums>> = vec![None; resource_count];
    let mut by_period: Vec<Option<LogSums>> = Vec::new();
    let mut by_item = ItemSums::new(plan.items.len());
    {
        let mut lookup = resources.runs();
        let mut items = index.item_runs();
        for row in &plan.production_log {
            let Some(resource) = lookup.get(&row.resource) else {
                continue;
            };
            let item = row.item.as_deref().and_then(|code| items.get(code));
            let sums = LogSums {
                planned_min: row.planned_min,
                downtime_min: row.downtime_min,
                ideal_min: row.ideal_cycle_min * row.total_count as f64,
                total_count: row.total_count as f64,
                good_count: row.good() as f64,
            };
            add_at(&mut whole_log, resource, |total| total.add(&sums));
            add_at(&mut by_period, slots.slot(resource, row.period), |total| {
                total.add(&sums)
            });
            if let Some(item) = item {
                by_item.add(resource, item, &sums);
            }
        }
    }
    // One pass over the downtime rows sums them per (resource, period) and per reason (the
    // Pareto counts rows of unknown resources too, like [`downtime_pareto`]).
    let mut reasons: Vec<Option<f64>> = Vec::new();
    let mut pareto = ReasonTotals::default();
    {
        let mut lookup = resources.runs();
        for row in &plan.downtime {
            pareto.add(&row.reason, row.minutes);
            if let Some(resource) = lookup.get(&row.resource) {
                add_at(&mut reasons, slots.slot(resource, row.period), |total| {
                    *total += row.minutes
                });
            }
        }
    }
    let ordered = slots.in_order();

    let mut results = OeeResults {
        resources: Vec::with_capacity(whole_log.iter().flatten().count()),
        ..OeeResults::default()
    };
    let mut periods_of: Vec<Vec<PeriodOee>> = vec![Vec::new(); resource_count];
    for &((resource, period), slot) in &ordered {
        if let (Some(Some(sums)), Some(list)) = (by_period.get(slot), periods_of.get_mut(resource))
        {
            list.push(PeriodOee {
                period,
                planned_min: sums.planned_min,
                factors: sums.factors(),
            });
        }
    }
    for ((resource, sums), periods) in plan.resources.iter().zip(&whole_log).zip(periods_of) {
        let Some(sums) = sums else {
            continue;
        };
        let factors = sums.factors();
        let measured_efficiency = match (factors.availability, factors.performance) {
            (Some(a), Some(p)) => finite(a * p),
            _ => None,
        };
        let entry = ResourceOee {
            code: resource.code.clone(),
            planned_min: sums.planned_min,
            factors,
            measured_efficiency,
            planned_efficiency: resource.efficiency,
            periods,
        };
        efficiency_messages(&entry, &mut results.messages);
        results.resources.push(entry);
    }

    results.item_quality = item_quality(index, by_item);
    results.downtime_pareto = pareto.into_bars();
    downtime_messages(plan, &ordered, &by_period, &reasons, &mut results.messages);
    results
}

/// The messages of one resource: planned efficiency above the measured one, performance above
/// 100 %.
fn efficiency_messages(entry: &ResourceOee, messages: &mut Vec<String>) {
    if let Some(measured) = entry.measured_efficiency
        && entry.planned_efficiency - measured > EFFICIENCY_GAP + COMPARE_TOLERANCE
    {
        messages.push(format!(
            "resource {}: the capacity plan assumes {}, the log shows {} (availability × performance)",
            entry.code,
            percent_text(entry.planned_efficiency),
            percent_text(measured)
        ));
    }
    if let Some(performance) = entry.factors.performance
        && performance > 1.0 + COMPARE_TOLERANCE
    {
        messages.push(format!(
            "resource {}: performance over the whole log is {}, above 100 %: the ideal_cycle_min \
             of its production_log rows is longer than the real cycle",
            entry.code,
            percent_text(performance)
        ));
    }
}

/// A share as a percentage with at most one decimal: 0.85 → "85 %", 0.7243 → "72.4 %".
pub fn percent_text(share: f64) -> String {
    let tenths = (share * 1000.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0} %")
    } else {
        format!("{tenths:.1} %")
    }
}

/// Log sums per (resource, item) of the rows that name an item, mostly without hashing: each
/// item heads a short chain of cells, one per resource that made it (an item is made on the few
/// resources of its routing). An item logged on more than [`CHAIN_CELLS`] resources keeps its
/// further cells in a hash map, so that a row never walks a long chain. Each cell sums its rows
/// in row order.
#[derive(Debug)]
struct ItemSums {
    /// Per item, its most recent chained cell (`NO_CELL` when it has none).
    head: Vec<usize>,
    cells: Vec<ItemCell>,
    /// Cells of (resource, item) pairs beyond an item's chain.
    overflow: FxHashMap<(usize, usize), usize>,
}

/// One (resource, item) cell of [`ItemSums`].
#[derive(Debug)]
struct ItemCell {
    resource: usize,
    item: usize,
    /// The item's previous cell (`NO_CELL` at the end of its chain, and for overflow cells).
    next: usize,
    sums: LogSums,
}

/// End of an item's chain in [`ItemSums`].
const NO_CELL: usize = usize::MAX;

/// Longest chain of cells of one item in [`ItemSums`].
const CHAIN_CELLS: usize = 8;

impl ItemSums {
    fn new(items: usize) -> Self {
        ItemSums {
            head: vec![NO_CELL; items],
            cells: Vec::new(),
            overflow: FxHashMap::default(),
        }
    }

    /// Adds a row of `item` made on `resource`; an item out of range is left out.
    fn add(&mut self, resource: usize, item: usize, sums: &LogSums) {
        let Some(&first) = self.head.get(item) else {
            return;
        };
        let mut at = first;
        let mut walked = 0;
        while let Some(cell) = self.cells.get_mut(at) {
            if cell.resource == resource {
                cell.sums.add(sums);
                return;
            }
            at = cell.next;
            walked += 1;
        }
        let new_cell = self.cells.len();
        let mut next = NO_CELL;
        if walked < CHAIN_CELLS {
            next = first;
            if let Some(head) = self.head.get_mut(item) {
                *head = new_cell;
            }
        } else {
            match self.overflow.entry((resource, item)) {
                std::collections::hash_map::Entry::Occupied(known) => {
                    if let Some(cell) = self.cells.get_mut(*known.get()) {
                        cell.sums.add(sums);
                    }
                    return;
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(new_cell);
                }
            }
        }
        self.cells.push(ItemCell {
            resource,
            item,
            next,
            sums: *sums,
        });
    }
}

/// Measured quality per (resource, item), with the product of the item's routing yields on
/// that resource; resources in plan order, items by code.
fn item_quality(index: &PlanIndex, by_item: ItemSums) -> Vec<ItemQuality> {
    let plan = index.plan();
    let code = |item: usize| plan.items.get(item).map_or("", |i| i.code.as_str());
    // Sorted by (resource, code) on small keys: the first 16 bytes of the code as an integer
    // decide most comparisons without reading the code's text.
    let mut order: Vec<(usize, u128, &str, usize)> = (by_item.cells.iter().enumerate())
        .map(|(at, cell)| {
            let item_code = code(cell.item);
            (cell.resource, order_prefix(item_code), item_code, at)
        })
        .collect();
    order.sort_unstable_by(|a, b| {
        (a.0.cmp(&b.0))
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(b.2))
    });
    let mut qualities = Vec::with_capacity(order.len());
    qualities.extend(
        order
            .into_iter()
            .filter_map(|(resource, _, item_code, at)| {
                let cell = by_item.cells.get(at)?;
                let routing_yield = (index.steps(cell.item).iter())
                    .filter(|step| step.resource == Some(resource))
                    .map(|step| step.yield_)
                    .reduce(|product, y| product * y);
                Some(ItemQuality {
                    resource: plan.resources.get(resource)?.code.clone(),
                    item: item_code.to_string(),
                    total_count: cell.sums.total_count,
                    good_count: cell.sums.good_count,
                    measured_quality: ratio(cell.sums.good_count, cell.sums.total_count),
                    routing_yield,
                })
            }),
    );
    qualities
}

/// The first 16 bytes of `code`, zero-padded, as a big-endian integer: codes whose prefixes
/// differ compare as their prefixes do (code-point order); equal prefixes need the full text.
fn order_prefix(code: &str) -> u128 {
    let mut prefix = [0u8; 16];
    for (byte, &from) in prefix.iter_mut().zip(code.as_bytes()) {
        *byte = from;
    }
    u128::from_be_bytes(prefix)
}

/// Σ minutes per stop reason, in the order the reasons first appear. A plan names a handful of
/// reasons, so a row's reason is compared with the previous row's, then with the list; past
/// [`LISTED_REASONS`] distinct reasons they are found in a hash map instead.
#[derive(Debug, Default)]
struct ReasonTotals<'a> {
    totals: Vec<(&'a str, f64)>,
    /// Position of each reason in `totals`; filled only past [`LISTED_REASONS`] reasons.
    position: FxHashMap<&'a str, usize>,
    /// Position of the previous row's reason.
    last: usize,
}

/// Distinct reasons that [`ReasonTotals`] searches by comparing with each.
const LISTED_REASONS: usize = 16;

impl<'a> ReasonTotals<'a> {
    fn add(&mut self, reason: &'a str, minutes: f64) {
        let at = self.position_of(reason);
        if let Some((_, total)) = self.totals.get_mut(at) {
            *total += minutes;
        }
        self.last = at;
    }

    /// The position of `reason` in `totals`, added with 0 minutes when new.
    fn position_of(&mut self, reason: &'a str) -> usize {
        if let Some((last, _)) = self.totals.get(self.last)
            && *last == reason
        {
            return self.last;
        }
        let found = if self.position.is_empty() {
            self.totals.iter().position(|(known, _)| *known == reason)
        } else {
            self.position.get(reason).copied()
        };
        if let Some(at) = found {
            return at;
        }
        self.totals.push((reason, 0.0));
        let at = self.totals.len() - 1;
        if !self.position.is_empty() {
            self.position.insert(reason, at);
        } else if self.totals.len() > LISTED_REASONS {
            self.position = (self.totals.iter().enumerate())
                .map(|(at, (known, _))| (*known, at))
                .collect();
        }
        at
    }

    /// The Pareto bars: reasons by minutes, descending; ties by reason in ascending code-point
    /// order; reasons without minutes left out; cumulative percentage 0–100.
    fn into_bars(self) -> Vec<DowntimeBar> {
        let mut bars: Vec<(&str, f64)> = (self.totals.into_iter())
            .filter(|(_, minutes)| *minutes > 0.0)
            .collect();
        bars.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let grand_total: f64 = bars.iter().map(|b| b.1).sum();
        let mut running = 0.0;
        bars.into_iter()
            .map(|(reason, minutes)| {
                running += minutes;
                DowntimeBar {
                    reason: reason.to_string(),
                    minutes,
                    cum_pct: 100.0 * running / grand_total,
                }
            })
            .collect()
    }
}

/// Stop reasons over all downtime rows by minutes, descending; ties by reason in ascending
/// code-point order; cumulative percentage 0–100.
pub fn downtime_pareto(plan: &Plan) -> Vec<DowntimeBar> {
    downtime_pareto_of(plan, None)
}

/// The downtime Pareto of one resource's rows (`Some(code)`), or of all rows (`None`), with
/// the same order and cumulative percentage as [`downtime_pareto`].
pub fn downtime_pareto_of(plan: &Plan, resource: Option<&str>) -> Vec<DowntimeBar> {
    let mut totals = ReasonTotals::default();
    for row in &plan.downtime {
        if resource.is_none_or(|code| code == row.resource) {
            totals.add(&row.reason, row.minutes);
        }
    }
    totals.into_bars()
}

/// One message per (resource, period) whose downtime reasons do not add up to the downtime_min
/// of its log rows (0 without a log); log downtime without reason rows gives none. `ordered`
/// lists the slots in (resource, period) order; `logged` and `reasons` are summed per slot.
fn downtime_messages(
    plan: &Plan,
    ordered: &[((usize, i64), usize)],
    logged: &[Option<LogSums>],
    reasons: &[Option<f64>],
    messages: &mut Vec<String>,
) {
    for &((resource, period), slot) in ordered {
        let Some(Some(minutes)) = reasons.get(slot).copied() else {
            continue;
        };
        let logged = logged
            .get(slot)
            .copied()
            .flatten()
            .map_or(0.0, |sums| sums.downtime_min);
        if (minutes - logged).abs() > DOWNTIME_TOLERANCE * minutes.max(1.0) {
            let code = plan.resources.get(resource).map_or("", |r| r.code.as_str());
            messages.push(format!(
                "resource {code}, period {period}: the downtime rows give {} min, the \
                 production_log rows' downtime_min {} min",
                minutes_text(minutes),
                minutes_text(logged)
            ));
        }
    }
}

/// Minutes with at most two decimals and no trailing zeros: 120 → "120", 7.5 → "7.5".
fn minutes_text(minutes: f64) -> String {
    let text = format!("{minutes:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_text_drops_a_zero_decimal() {
        assert_eq!(percent_text(0.85), "85 %");
        // 0.72436 · 100 = 72.436 → 72.4.
        assert_eq!(percent_text(0.72436), "72.4 %");
        assert_eq!(percent_text(1.125), "112.5 %");
    }

    fn row_sums(planned_min: f64, good_count: f64) -> LogSums {
        LogSums {
            planned_min,
            good_count,
            ..LogSums::default()
        }
    }

    #[test]
    fn item_chains_keep_one_cell_per_resource_and_item() {
        let mut sums = ItemSums::new(3);
        // Item 1 on resources 0, 4, 0, 4, 0; item 2 on resource 0; item 7 does not exist.
        sums.add(0, 1, &row_sums(10.0, 1.0));
        sums.add(4, 1, &row_sums(20.0, 2.0));
        sums.add(0, 2, &row_sums(30.0, 3.0));
        sums.add(0, 1, &row_sums(40.0, 4.0));
        sums.add(4, 1, &row_sums(50.0, 5.0));
        sums.add(0, 1, &row_sums(60.0, 6.0));
        sums.add(0, 7, &row_sums(70.0, 7.0));
        let cells: Vec<(usize, usize, f64, f64)> = (sums.cells.iter())
            .map(|c| (c.resource, c.item, c.sums.planned_min, c.sums.good_count))
            .collect();
        // (0, 1): 10 + 40 + 60 = 110 min, 1 + 4 + 6 = 11 good; (4, 1): 20 + 50 = 70, 2 + 5 = 7.
        assert_eq!(
            cells,
            vec![(0, 1, 110.0, 11.0), (4, 1, 70.0, 7.0), (0, 2, 30.0, 3.0)]
        );
    }

    #[test]
    fn an_item_on_many_resources_overflows_its_chain_into_the_map() {
        let mut sums = ItemSums::new(1);
        // Item 0 on resources 0..20, three rounds: resource r gets r + 1 minutes a row.
        for _ in 0..3 {
            for resource in 0..20 {
                sums.add(resource, 0, &row_sums((resource + 1) as f64, 1.0));
            }
        }
        assert_eq!(sums.cells.len(), 20, "one cell per resource");
        assert_eq!(sums.overflow.len(), 20 - CHAIN_CELLS);
        for cell in &sums.cells {
            // 3 · (r + 1) minutes and 3 good units per resource.
            assert_eq!(cell.sums.planned_min, 3.0 * (cell.resource + 1) as f64);
            assert_eq!(cell.sums.good_count, 3.0);
        }
    }

    #[test]
    fn reasons_past_the_short_list_are_summed_like_the_first_ones() {
        let mut totals = ReasonTotals::default();
        let reasons: Vec<String> = (0..20).map(|r| format!("reason {r:02}")).collect();
        // Three rounds over 20 reasons, reason r getting r + 1 minutes a row: 3 · (r + 1) in all.
        for _ in 0..3 {
            for (r, reason) in reasons.iter().enumerate() {
                totals.add(reason, (r + 1) as f64);
            }
        }
        assert_eq!(totals.position.len(), 20, "past 16 reasons: the hash map");
        let bars = totals.into_bars();
        assert_eq!(bars.len(), 20);
        assert_eq!(bars[0].reason, "reason 19");
        assert_eq!(bars[0].minutes, 60.0);
        assert_eq!(bars[19].reason, "reason 00");
        assert_eq!(bars[19].minutes, 3.0);
        // Σ = 3 · (1 + … + 20) = 630; the first bar 60 / 630 = 9.5238… %.
        assert!((bars[0].cum_pct - 100.0 * 60.0 / 630.0).abs() < 1e-12);
        assert!((bars[19].cum_pct - 100.0).abs() < 1e-12);
    }

    #[test]
    fn order_prefixes_sort_like_the_codes() {
        let mut codes = vec![
            "B",
            "A\0",
            "AB",
            "A",
            "",
            "ABCDEFGHIJKLMNOPQ",
            "ABCDEFGHIJKLMNOP",
            "é",
            "Z",
        ];
        let mut by_prefix = codes.clone();
        codes.sort_unstable();
        by_prefix.sort_by(|a, b| order_prefix(a).cmp(&order_prefix(b)).then_with(|| a.cmp(b)));
        assert_eq!(by_prefix, codes);
        // "A" and "A\0" share a prefix (zero padding): the text decides.
        assert_eq!(order_prefix("A"), order_prefix("A\0"));
        assert!(order_prefix("AB") > order_prefix("A"));
    }

    #[test]
    fn minutes_text_keeps_what_matters() {
        assert_eq!(minutes_text(120.0), "120");
        assert_eq!(minutes_text(7.5), "7.5");
        assert_eq!(minutes_text(0.0), "0");
    }
}
