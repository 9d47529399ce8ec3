//! The time-phased material plan (DESIGN.md §5): gross requirements from demand and the parents'
//! planned releases, netted against stock, scheduled receipts and safety stock, sized by each
//! item's order policy and offset by its lead time; exceptions, inventory value and the holding
//! and ordering cost of the plan.
//!
//! Items are planned parents first, so a parent's releases are final before they become its
//! children's gross requirements. The releases `R_i,t` are what capacity loads (§2).

pub mod netting;
pub mod pegging;

use std::sync::Arc;

use serde::Serialize;

use super::arithmetic::{ratio_or_zero, total};
use super::capacity::{ItemPeriodTable, written_zeros};
use super::plan_index::PlanIndex;
use crate::domain::{Item, OrderPolicy};
use netting::{LotRule, NettingRows, NettingRule, net_item};
use pegging::BomLinks;
pub use pegging::{PegSource, PeggedRequirement, Pegging, pegging};

/// Stock below minus this is a shortage (rounding noise is not).
pub const SHORTAGE_TOLERANCE: f64 = 1e-9;

/// What kind of trouble the material plan found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    /// A planned receipt whose release falls before period 1: the order must be expedited.
    PastDue,
    /// Projected stock below zero (a master-scheduled item receives too little).
    Shortage,
}

impl ExceptionKind {
    /// The JSON name, also shown in tables and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ExceptionKind::PastDue => "past_due",
            ExceptionKind::Shortage => "shortage",
        }
    }
}

/// One exception of the material plan (`mrp.exceptions[]` of `analyze --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MrpException {
    /// Item code.
    pub item: String,
    /// Past due or shortage.
    pub kind: ExceptionKind,
    /// 1-based period of the planned receipt (past due) or of the negative stock (shortage).
    pub period: i64,
    /// For a past-due order, the period it should have been released in (≤ 0); `None` for a
    /// shortage.
    pub release_period: Option<i64>,
    /// Units to expedite, or units short.
    pub qty: f64,
}

/// Every item's gross requirements and planned releases (the rows capacity and pegging read),
/// item-major, one value per period, and what the other rows of a record are netted from.
/// Cloning is cheap: the tables are shared.
///
/// Projected on hand, net requirements and planned receipts are not kept for every item: a
/// record nets its one item again when asked for (52 periods take about a microsecond), so an
/// analysis of plan L writes two item × period tables instead of six (17 MB instead of 50 MB of
/// fresh memory after each edit).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MaterialPlan {
    codes: Arc<[String]>,
    periods: usize,
    /// Each item's low-level code, shared with the plan index.
    levels: Arc<[u32]>,
    gross: ItemPeriodTable,
    releases: Arc<Vec<f64>>,
    netting: Arc<NettingInputs>,
    /// Every item's BOM parents and children, for pegging.
    links: Arc<BomLinks>,
}

/// What an item's record is netted from besides its gross requirements.
#[derive(Debug, PartialEq, Default)]
struct NettingInputs {
    periods: usize,
    /// Each item's stock and order rules (plan order).
    rules: Vec<NettingRule>,
    /// Scheduled receipts, item-major; empty when the plan has none.
    receipts: Vec<f64>,
    /// Master schedule, item-major; empty without one.
    master: Vec<f64>,
    /// Which items are master-scheduled.
    is_master: Vec<bool>,
    /// One row of zeros: the scheduled receipts of every item of a plan without any.
    zeros: Vec<f64>,
}

impl NettingInputs {
    /// Scheduled receipts of item `item` per period.
    fn receipts(&self, item: usize) -> &[f64] {
        if self.receipts.is_empty() {
            &self.zeros
        } else {
            row_of(&self.receipts, self.periods, item)
        }
    }

    /// Firm planned receipts of a master-scheduled item; `None` for a netted one.
    fn master(&self, item: usize) -> Option<&[f64]> {
        let scheduled = self.is_master.get(item).copied().unwrap_or(false);
        scheduled.then(|| row_of(&self.master, self.periods, item))
    }
}

/// Projected on hand, net requirements and planned receipts of one item, one value per period.
#[derive(Debug, Clone, PartialEq)]
struct NettedRows {
    on_hand: Vec<f64>,
    net: Vec<f64>,
    planned_receipts: Vec<f64>,
}

impl NettedRows {
    fn new(periods: usize) -> Self {
        NettedRows {
            on_hand: vec![0.0; periods],
            net: vec![0.0; periods],
            planned_receipts: vec![0.0; periods],
        }
    }

    /// Nets one item into these rows (overwriting every value).
    fn net(&mut self, rule: &NettingRule, gross: &[f64], receipts: &[f64], master: Option<&[f64]>) {
        net_item(
            rule,
            gross,
            receipts,
            master,
            NettingRows {
                on_hand: &mut self.on_hand,
                net: &mut self.net,
                planned_receipts: &mut self.planned_receipts,
            },
        );
    }
}

/// One item's time-phased record, as a textbook prints it and `opsplan mrp --json` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemRecord<'a> {
    /// Item code.
    pub item: &'a str,
    /// Longest BOM path from a top item (0 for an item without parents).
    pub level: u32,
    /// Gross requirements `GR_t`.
    pub gross: &'a [f64],
    /// Scheduled receipts `SR_t`.
    pub receipts: &'a [f64],
    /// Projected on hand at the end of the period, `POH_t`.
    pub on_hand: Vec<f64>,
    /// Net requirements `NR_t`.
    pub net: Vec<f64>,
    /// Planned receipts `PR_t`.
    pub planned_receipts: Vec<f64>,
    /// Planned releases `R_t` (planned receipts offset by the lead time).
    pub planned_releases: &'a [f64],
}

impl<'a> ItemRecord<'a> {
    /// The six rows in textbook order: gross requirements, scheduled receipts, projected on
    /// hand, net requirements, planned receipts, planned releases.
    pub fn rows(&self) -> [&[f64]; 6] {
        [
            self.gross,
            self.receipts,
            &self.on_hand,
            &self.net,
            &self.planned_receipts,
            self.planned_releases,
        ]
    }
}

impl MaterialPlan {
    /// Number of periods of the horizon.
    pub fn periods(&self) -> usize {
        self.periods
    }

    /// Number of items (plan order).
    pub fn item_count(&self) -> usize {
        self.codes.len()
    }

    /// The record of item `item` (plan order), netted again from its gross requirements;
    /// `None` for an unknown index.
    pub fn record(&self, item: usize) -> Option<ItemRecord<'_>> {
        let code = self.codes.get(item)?;
        let rule = self.netting.rules.get(item)?;
        let gross = self.gross.row(item);
        let receipts = self.netting.receipts(item);
        let mut rows = NettedRows::new(self.periods);
        rows.net(rule, gross, receipts, self.netting.master(item));
        Some(ItemRecord {
            item: code,
            level: self.levels.get(item).copied().unwrap_or(0),
            gross,
            receipts,
            on_hand: rows.on_hand,
            net: rows.net,
            planned_receipts: rows.planned_receipts,
            planned_releases: row_of(&self.releases, self.periods, item),
        })
    }

    /// Code of item `item` (plan order); `None` for an unknown index.
    pub fn code(&self, item: usize) -> Option<&str> {
        self.codes.get(item).map(String::as_str)
    }

    /// Every item's record, in plan order.
    pub fn records(&self) -> impl Iterator<Item = ItemRecord<'_>> + '_ {
        (0..self.item_count()).filter_map(|item| self.record(item))
    }

    /// Gross requirements of every item (the `capacity.requirements` of `analyze --json`).
    pub fn gross(&self) -> &ItemPeriodTable {
        &self.gross
    }

    /// Planned releases of an item per period; empty for an unknown index.
    pub fn releases(&self, item: usize) -> &[f64] {
        row_of(&self.releases, self.periods, item)
    }

    /// Planned releases of every item, flat item-major (`item · periods + period index`).
    pub fn release_table(&self) -> &[f64] {
        &self.releases
    }

    /// BOM level of an item (0 for an unknown index).
    pub fn level(&self, item: usize) -> u32 {
        self.levels.get(item).copied().unwrap_or(0)
    }
}

/// The `mrp` key of `analyze --json`, with every item's record behind it (not serialised there:
/// `opsplan mrp` lists the records).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MrpResults {
    /// `Σ_t V_t · holding_rate / periods_per_year`.
    pub holding_cost: f64,
    /// `Σ_i order_cost_i · #{t: PR_i,t > 0}`.
    pub ordering_cost: f64,
    /// `V_t = Σ_i max(0, POH_i,t) · unit_cost_i` per period.
    pub inventory_value: Vec<f64>,
    /// `Σ_t V_t / T`: the capital tied in stock.
    pub average_inventory_value: f64,
    /// Past-due orders and shortages, in item order then period.
    pub exceptions: Vec<MrpException>,
    /// Every item's time-phased record.
    #[serde(skip)]
    pub plan: MaterialPlan,
}

/// Plans materials for a valid plan with the given standard unit costs (plan order), which
/// price the stock and give the holding cost `h_i` of the lot-sizing rules.
pub fn material_plan(index: &PlanIndex, unit_costs: &[f64]) -> MrpResults {
    let plan = index.plan();
    let periods = index.periods();
    let item_count = index.item_count();
    let periods_per_year = plan.settings.periods_per_year();
    let holding_rate = plan.settings.holding_rate;
    let mut gross = item_period_sums(
        index,
        plan.demand.iter().map(|d| (&d.item, d.period, d.qty)),
    );
    let (master, is_master) = master_table(index);
    let receipts = if plan.receipts.is_empty() {
        Vec::new()
    } else {
        item_period_sums(
            index,
            plan.receipts.iter().map(|r| (&r.item, r.period, r.qty)),
        )
    };
    let mut netting = NettingInputs {
        periods,
        rules: vec![NettingRule::LOT_FOR_LOT; item_count],
        receipts,
        master,
        is_master,
        zeros: vec![0.0; periods],
    };
    let mut releases = written_zeros(item_count * periods);
    // One item's releases, added into here (a past-due order joins period 1) and then copied
    // into `releases`: adding into the table row itself waited on a cache miss per item (a
    // sixth of the material plan's time on plan L), a copy only stores.
    let mut release_row = vec![0.0; periods];
    let mut exceptions: Vec<(usize, MrpException)> = Vec::new();
    let mut inventory_value = vec![0.0; periods];
    let mut ordering_costs = vec![0.0; item_count];
    let mut rows = NettedRows::new(periods);
    for &item in index.planning_order() {
        let Some(row) = plan.items.get(item) else {
            continue;
        };
        let span = item * periods..(item + 1) * periods;
        let unit_cost = unit_costs.get(item).copied().unwrap_or(0.0);
        let holding_per_period = ratio_or_zero(unit_cost * holding_rate, periods_per_year);
        let Some(gross_row) = gross.get_mut(span.clone()) else {
            continue;
        };
        // Every parent is planned by now: its releases, started at e_1 units per good unit,
        // become this item's dependent demand, summed in BOM row order.
        for edge in index.parents(item) {
            if edge.item == item {
                continue;
            }
            let factor = index.entering_first(edge.item) * edge.qty;
            let parent_releases = row_of(&releases, periods, edge.item);
            for (required, &released) in gross_row.iter_mut().zip(parent_releases) {
                *required += released * factor;
            }
        }
        let gross_row = &*gross_row;
        let rule = netting_rule(row, gross_row, periods_per_year, holding_per_period);
        rows.net(
            &rule,
            gross_row,
            netting.receipts(item),
            netting.master(item),
        );
        if let Some(slot) = netting.rules.get_mut(item) {
            *slot = rule;
        }
        release_row.fill(0.0);
        release(
            row,
            item,
            &rows.planned_receipts,
            &mut release_row,
            &mut exceptions,
        );
        if let Some(table_row) = releases.get_mut(span) {
            table_row.copy_from_slice(&release_row);
        }
        report_shortages(row, item, &rows.on_hand, &mut exceptions);
        add_stock_value(&mut inventory_value, &rows.on_hand, unit_cost);
        if let Some(cost) = ordering_costs.get_mut(item) {
            *cost = ordering_cost(row, &rows.planned_receipts);
        }
    }
    // Exceptions in item order, then period (a past-due order before a shortage in one period).
    exceptions.sort_by_key(|(item, exception)| {
        (
            *item,
            exception.period,
            exception.kind == ExceptionKind::Shortage,
        )
    });
    let total_value = total(inventory_value.iter().copied());
    let codes: Arc<[String]> = plan.items.iter().map(|i| i.code.clone()).collect();
    MrpResults {
        holding_cost: ratio_or_zero(total_value * holding_rate, periods_per_year),
        // Summed in plan order, whatever order the items were planned in.
        ordering_cost: total(ordering_costs),
        average_inventory_value: ratio_or_zero(total_value, periods as f64),
        inventory_value,
        exceptions: exceptions.into_iter().map(|(_, e)| e).collect(),
        plan: MaterialPlan {
            gross: ItemPeriodTable::requirements(Arc::clone(&codes), periods, gross),
            codes,
            periods,
            levels: Arc::clone(index.low_level_codes()),
            releases: Arc::new(releases),
            netting: Arc::new(netting),
            links: Arc::new(BomLinks::new(index)),
        },
    }
}

/// The netting rule of an item: its stock, safety stock and order policy (DESIGN.md §5). A
/// policy missing its parameter (only in an invalid plan) acts as lot-for-lot.
fn netting_rule(
    item: &Item,
    gross: &[f64],
    periods_per_year: f64,
    holding_per_period: f64,
) -> NettingRule {
    let lot_rule = match item.order_policy {
        OrderPolicy::LotForLot => LotRule::LotForLot,
        OrderPolicy::Fixed => item
            .order_qty
            .filter(|&q| q > 0.0)
            .map_or(LotRule::LotForLot, LotRule::Fixed),
        OrderPolicy::Poq => item
            .order_periods
            .and_then(|p| usize::try_from(p).ok())
            .filter(|&p| p >= 1)
            .map_or(LotRule::LotForLot, LotRule::PeriodsOfSupply),
        OrderPolicy::Eoq => {
            economic_order_quantity(item, gross, periods_per_year, holding_per_period)
                .map_or(LotRule::LotForLot, LotRule::Economic)
        }
        OrderPolicy::WagnerWhitin => LotRule::WagnerWhitin {
            order_cost: item.order_cost,
            holding_per_period,
        },
    };
    NettingRule {
        on_hand: item.on_hand,
        safety_stock: item.safety_stock,
        lot_rule,
        order_min: item.order_min,
        order_multiple: item.order_multiple.filter(|&m| m > 0.0),
    }
}

/// `EOQ = ceil(sqrt(2 · D · S / (h · periods_per_year)) − 1e-9)` with `D = Σ_t GR_t ·
/// periods_per_year / T` the annual demand; `None` (lot-for-lot) when S or h is 0.
pub fn economic_order_quantity(
    item: &Item,
    gross: &[f64],
    periods_per_year: f64,
    holding_per_period: f64,
) -> Option<f64> {
    let annual_holding = holding_per_period * periods_per_year;
    if item.order_cost <= 0.0 || annual_holding <= 0.0 || gross.is_empty() {
        return None;
    }
    let annual_demand = gross.iter().sum::<f64>() * periods_per_year / gross.len() as f64;
    let quantity = (2.0 * annual_demand * item.order_cost / annual_holding).sqrt();
    quantity
        .is_finite()
        .then(|| (quantity - netting::NETTING_TOLERANCE).ceil().max(0.0))
}

/// Offsets planned receipts by the lead time into releases; a release before period 1 goes into
/// period 1 and is reported as past due. `releases` starts at zero.
fn release(
    item: &Item,
    index: usize,
    planned: &[f64],
    releases: &mut [f64],
    exceptions: &mut Vec<(usize, MrpException)>,
) {
    let lead_time = usize::try_from(item.lead_time).unwrap_or(0);
    // Receipts in the first `lead_time` periods were due to be released before period 1.
    let (past_due, in_time) = planned.split_at(lead_time.min(planned.len()));
    for (t, &receipt) in past_due.iter().enumerate() {
        if receipt <= 0.0 {
            continue;
        }
        if let Some(cell) = releases.first_mut() {
            *cell += receipt;
        }
        exceptions.push((
            index,
            MrpException {
                item: item.code.clone(),
                kind: ExceptionKind::PastDue,
                period: t as i64 + 1,
                release_period: Some(t as i64 + 1 - lead_time as i64),
                qty: receipt,
            },
        ));
    }
    // The others, one receipt per release period: adding +0.0 for a period without a receipt
    // leaves the sum as it is, and keeps the loop free of branches.
    for (cell, &receipt) in releases.iter_mut().zip(in_time) {
        *cell += if receipt <= 0.0 { 0.0 } else { receipt };
    }
}

/// Reports each period whose projected stock is below zero as a shortage.
fn report_shortages(
    item: &Item,
    index: usize,
    on_hand: &[f64],
    exceptions: &mut Vec<(usize, MrpException)>,
) {
    // Most items never run short: one pass without stores looks before the pass that reports
    // (the reporting loop kept a copy of each value on the stack).
    if !on_hand.iter().any(|&stock| stock < -SHORTAGE_TOLERANCE) {
        return;
    }
    for (t, &stock) in on_hand.iter().enumerate() {
        if stock < -SHORTAGE_TOLERANCE {
            exceptions.push((
                index,
                MrpException {
                    item: item.code.clone(),
                    kind: ExceptionKind::Shortage,
                    period: t as i64 + 1,
                    release_period: None,
                    qty: -stock,
                },
            ));
        }
    }
}

/// Rows `(item code, period, qty)` summed into a flat item × period table; rows naming an
/// unknown item or a period outside the horizon are ignored.
fn item_period_sums<'r>(
    index: &PlanIndex,
    rows: impl Iterator<Item = (&'r String, i64, f64)> + Clone,
) -> Vec<f64> {
    let periods = index.periods();
    let mut table = written_zeros(index.item_count() * periods);
    let items = index.resolve_items(rows.clone().map(|(code, _, _)| code.as_str()));
    for ((_, period, qty), item) in rows.zip(items) {
        let (Some(item), Some(t)) = (item, period_slot(period, periods)) else {
            continue;
        };
        if let Some(cell) = table.get_mut(item * periods + t) {
            *cell += qty;
        }
    }
    table
}

/// The master schedule as a flat item × period table, and which items have any row. Without
/// rows the table is empty.
fn master_table(index: &PlanIndex) -> (Vec<f64>, Vec<bool>) {
    let plan = index.plan();
    let mut is_master = vec![false; index.item_count()];
    if plan.master_schedule.is_empty() {
        return (Vec::new(), is_master);
    }
    let rows = plan.master_schedule.iter();
    let table = item_period_sums(index, rows.clone().map(|m| (&m.item, m.period, m.qty)));
    for item in index
        .resolve_items(rows.map(|m| m.item.as_str()))
        .into_iter()
        .flatten()
    {
        if let Some(flag) = is_master.get_mut(item) {
            *flag = true;
        }
    }
    (table, is_master)
}

/// Adds one item's share of `V_t = Σ_i max(0, POH_i,t) · unit_cost_i` to `value`.
fn add_stock_value(value: &mut [f64], on_hand: &[f64], unit_cost: f64) {
    if unit_cost == 0.0 {
        return;
    }
    for (total, &stock) in value.iter_mut().zip(on_hand) {
        if stock > 0.0 {
            *total += stock * unit_cost;
        }
    }
}

/// One item's share of `Σ_i order_cost_i · #{t: PR_i,t > 0}`.
fn ordering_cost(item: &Item, planned: &[f64]) -> f64 {
    if item.order_cost <= 0.0 {
        return 0.0;
    }
    item.order_cost * planned.iter().filter(|&&q| q > 0.0).count() as f64
}

/// The `periods` values of one item in a flat item-major table.
fn row_of(values: &[f64], periods: usize, item: usize) -> &[f64] {
    let start = item.saturating_mul(periods);
    values
        .get(start..start.saturating_add(periods))
        .unwrap_or(&[])
}

/// The 0-based slot of a 1-based period, `None` outside `1..=periods`.
fn period_slot(period: i64, periods: usize) -> Option<usize> {
    let t = usize::try_from(period).ok()?.checked_sub(1)?;
    (t < periods).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{BomLine, Demand, Plan, PlanSettings};

    fn plan_of(codes: &[&str], bom: &[(&str, &str, f64)]) -> Plan {
        Plan {
            settings: PlanSettings {
                periods: 4,
                ..PlanSettings::default()
            },
            items: codes
                .iter()
                .map(|code| Item {
                    code: code.to_string(),
                    ..Item::default()
                })
                .collect(),
            bom: bom
                .iter()
                .map(|&(parent, child, qty)| BomLine {
                    parent: parent.to_string(),
                    child: child.to_string(),
                    qty,
                })
                .collect(),
            ..Plan::default()
        }
    }

    #[test]
    fn a_bom_cycle_still_plans_every_item_once() {
        // Only reachable without validation (analyze refuses a cycle): no panic, one record each.
        let mut plan = plan_of(
            &["A", "B", "C"],
            &[("A", "B", 1.0), ("B", "C", 1.0), ("C", "B", 1.0)],
        );
        plan.demand.push(Demand {
            item: "A".to_string(),
            period: 2,
            qty: 10.0,
        });
        let index = PlanIndex::new(&plan);
        let mut order = index.planning_order().to_vec();
        order.sort_unstable();
        assert_eq!(order, [0, 1, 2]);
        let results = material_plan(&index, &[0.0; 3]);
        assert_eq!(results.plan.records().count(), 3);
        // A has no lead time: its 10 are released in period 2 and become B's gross requirement.
        let b = results.plan.record(1).expect("B");
        assert_eq!(b.gross.get(1).copied(), Some(10.0));
    }

    #[test]
    fn releases_offset_by_the_lead_time_and_past_due_ones_join_period_one() {
        // Lead time 2, planned receipts 5, 0, 7, 3: the 5 of period 1 was due in period -1 (past
        // due, released in period 1), the 7 of period 3 is released in period 1 (5 + 7 = 12), the
        // 3 of period 4 in period 2.
        let item = Item {
            code: "P".to_string(),
            lead_time: 2,
            ..Item::default()
        };
        let mut releases = [0.0; 4];
        let mut exceptions = Vec::new();
        release(
            &item,
            0,
            &[5.0, 0.0, 7.0, 3.0],
            &mut releases,
            &mut exceptions,
        );
        assert_eq!(releases, [12.0, 3.0, 0.0, 0.0]);
        let past_due: Vec<_> = exceptions
            .iter()
            .map(|(_, e)| (e.kind, e.period, e.release_period, e.qty))
            .collect();
        assert_eq!(past_due, [(ExceptionKind::PastDue, 1, Some(-1), 5.0)]);
        // A lead time beyond the horizon makes every receipt past due.
        let far = Item {
            lead_time: 9,
            ..item
        };
        let (mut releases, mut exceptions) = ([0.0; 2], Vec::new());
        release(&far, 0, &[1.0, 2.0], &mut releases, &mut exceptions);
        assert_eq!(releases, [3.0, 0.0]);
        assert_eq!(exceptions.len(), 2);
    }
}
