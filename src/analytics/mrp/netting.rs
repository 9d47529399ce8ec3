//! The netting of one item over the horizon (DESIGN.md §5): projected on hand, net requirements
//! and planned receipts from gross requirements, scheduled receipts, stock and the order policy.
//!
//! Kept apart from the plan so that each rule can be checked on a hand-made series (Orlicky's
//! lot-sizing example, a textbook record) without building a whole plan.

/// Tolerance of the netting: stock within this of the safety stock needs no order, and a
/// quantity within it of a whole number of multiples is not rounded up to one more.
pub const NETTING_TOLERANCE: f64 = 1e-9;

/// How an item's planned orders are sized once it needs one (DESIGN.md §5).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LotRule {
    /// Order exactly the net requirement.
    LotForLot,
    /// Order whole multiples of this quantity (`fixed` with its `order_qty`).
    Fixed(f64),
    /// Cover this many periods, the ordering one included (`poq` with its `order_periods`).
    PeriodsOfSupply(usize),
    /// Order at least this economic order quantity (`eoq`, already rounded up to whole units).
    Economic(f64),
    /// The cheapest plan of orders by dynamic programming (`wagner_whitin`), with the cost of
    /// one order and of one unit held for one period.
    WagnerWhitin {
        /// Cost of one planned order, S.
        order_cost: f64,
        /// Cost of one unit held for one period, h.
        holding_per_period: f64,
    },
}

/// Everything the netting of one item needs besides its series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NettingRule {
    /// Stock at the start of period 1 (`POH_0`).
    pub on_hand: f64,
    /// Stock the plan keeps in hand at the end of every period.
    pub safety_stock: f64,
    /// How an order is sized.
    pub lot_rule: LotRule,
    /// Smallest order.
    pub order_min: f64,
    /// Orders are whole multiples of this (when positive).
    pub order_multiple: Option<f64>,
}

impl NettingRule {
    /// The rule of an item without stock or order rules: lot-for-lot from zero stock.
    pub const LOT_FOR_LOT: NettingRule = NettingRule {
        on_hand: 0.0,
        safety_stock: 0.0,
        lot_rule: LotRule::LotForLot,
        order_min: 0.0,
        order_multiple: None,
    };

    /// `Q = max(Q, order_min)`, then up to a whole multiple of `order_multiple`.
    fn round(&self, quantity: f64) -> f64 {
        let at_least = quantity.max(self.order_min);
        match self.order_multiple.filter(|&m| m > 0.0) {
            Some(multiple) => multiple * (at_least / multiple - NETTING_TOLERANCE).ceil(),
            None => at_least,
        }
    }
}

/// The rows of one item's record that the netting fills, each one value per period.
#[derive(Debug)]
pub struct NettingRows<'a> {
    /// Projected on hand at the end of each period, `POH_t`.
    pub on_hand: &'a mut [f64],
    /// Net requirements `max(0, safety_stock − avail_t)`.
    pub net: &'a mut [f64],
    /// Planned receipts `PR_t`.
    pub planned_receipts: &'a mut [f64],
}

/// `safety_stock − avail`, or 0 when the stock is within the tolerance of the safety stock.
fn shortfall(safety_stock: f64, available: f64) -> f64 {
    let short = safety_stock - available;
    if short > NETTING_TOLERANCE {
        short
    } else {
        0.0
    }
}

/// Nets one item. `gross` and `receipts` hold one value per period; `master`, when given, holds
/// the item's firm planned receipts per period: the item is then not netted, its stock may go
/// negative (a shortage). Every row of `rows` has the length of `gross`.
pub fn net_item(
    rule: &NettingRule,
    gross: &[f64],
    receipts: &[f64],
    master: Option<&[f64]>,
    rows: NettingRows<'_>,
) {
    if let Some(master) = master {
        project(rule, gross, receipts, master, rows);
        return;
    }
    if let LotRule::WagnerWhitin {
        order_cost,
        holding_per_period,
    } = rule.lot_rule
    {
        let lot_for_lot = NettingRule {
            lot_rule: LotRule::LotForLot,
            order_min: 0.0,
            order_multiple: None,
            ..*rule
        };
        net_by_policy(
            &lot_for_lot,
            gross,
            receipts,
            rows.on_hand,
            rows.net,
            rows.planned_receipts,
        );
        let requirements = rows.planned_receipts.to_vec();
        let orders = wagner_whitin(&requirements, order_cost, holding_per_period);
        let planned: Vec<f64> = orders
            .iter()
            .map(|&q| if q > 0.0 { rule.round(q) } else { 0.0 })
            .collect();
        project(rule, gross, receipts, &planned, rows);
        return;
    }
    net_by_policy(
        rule,
        gross,
        receipts,
        rows.on_hand,
        rows.net,
        rows.planned_receipts,
    );
}

/// Projects the stock from given planned receipts: `POH_t = POH_t−1 + SR_t − GR_t + PR_t`.
fn project(
    rule: &NettingRule,
    gross: &[f64],
    receipts: &[f64],
    planned: &[f64],
    rows: NettingRows<'_>,
) {
    let mut on_hand = rule.on_hand;
    for t in 0..gross.len() {
        let available = on_hand + at(receipts, t) - at(gross, t);
        let receipt = at(planned, t);
        on_hand = available + receipt;
        set(rows.on_hand, t, on_hand);
        set(rows.net, t, shortfall(rule.safety_stock, available));
        set(rows.planned_receipts, t, receipt);
    }
}

/// The netting loop with an order sized by the policy whenever the stock would fall below the
/// safety stock (every policy but Wagner-Whitin).
fn net_by_policy(
    rule: &NettingRule,
    gross: &[f64],
    receipts: &[f64],
    on_hand_row: &mut [f64],
    net_row: &mut [f64],
    planned_row: &mut [f64],
) {
    let periods = gross.len();
    let mut on_hand = rule.on_hand;
    for t in 0..periods {
        let available = on_hand + at(receipts, t) - at(gross, t);
        let need = shortfall(rule.safety_stock, available);
        let receipt = if need > 0.0 {
            let quantity = match rule.lot_rule {
                LotRule::LotForLot | LotRule::WagnerWhitin { .. } => need,
                LotRule::Fixed(order_qty) if order_qty > 0.0 => {
                    order_qty * (need / order_qty - NETTING_TOLERANCE).ceil()
                }
                LotRule::Fixed(_) => need,
                LotRule::PeriodsOfSupply(covered) => {
                    let last = periods.min(t + covered.max(1));
                    let later_net: f64 =
                        (t + 1..last).map(|k| at(receipts, k) - at(gross, k)).sum();
                    need.max(rule.safety_stock - available - later_net)
                }
                LotRule::Economic(quantity) => need.max(quantity),
            };
            rule.round(quantity)
        } else {
            0.0
        };
        on_hand = available + receipt;
        set(on_hand_row, t, on_hand);
        set(net_row, t, need);
        set(planned_row, t, receipt);
    }
}

/// The Wagner-Whitin plan for net requirements `n_1..n_T`: the order quantity per period (the
/// sum of the periods it covers in its first one, 0 elsewhere).
///
/// `f(k) = min_j f(j−1) + cost(j, k)` with `cost(j, k) = S + h · Σ_{m=j}^{k} (m−j) · n_m`; a
/// segment whose requirements sum to 0 costs 0, a segment with an order starts in a period with
/// a requirement, and ties keep the smallest j (DESIGN.md §5). O(T²) with prefix sums.
pub fn wagner_whitin(requirements: &[f64], order_cost: f64, holding_per_period: f64) -> Vec<f64> {
    let periods = requirements.len();
    // prefix[k] = Σ_{m<k} n_m and weighted[k] = Σ_{m<k} m · n_m, so that for a segment j..=k
    // Σ (m − j) · n_m = (weighted[k+1] − weighted[j]) − j · (prefix[k+1] − prefix[j]).
    let mut prefix = vec![0.0; periods + 1];
    let mut weighted = vec![0.0; periods + 1];
    for (m, &n) in requirements.iter().enumerate() {
        prefix[m + 1] = prefix[m] + n;
        weighted[m + 1] = weighted[m] + m as f64 * n;
    }
    let mut best = vec![0.0; periods + 1];
    let mut start_of_last = vec![0usize; periods + 1];
    for k in 0..periods {
        let mut best_here = f64::INFINITY;
        let mut best_start = k;
        for j in 0..=k {
            let quantity = prefix[k + 1] - prefix[j];
            let segment = if quantity <= NETTING_TOLERANCE {
                0.0
            } else if requirements[j] <= 0.0 {
                continue;
            } else {
                let carried =
                    (weighted[k + 1] - weighted[j]) - j as f64 * (prefix[k + 1] - prefix[j]);
                order_cost + holding_per_period * carried
            };
            let total = best[j] + segment;
            if total < best_here {
                best_here = total;
                best_start = j;
            }
        }
        best[k + 1] = best_here;
        start_of_last[k + 1] = best_start;
    }
    let mut orders = vec![0.0; periods];
    let mut end = periods;
    while end > 0 {
        let start = start_of_last[end];
        let quantity = prefix[end] - prefix[start];
        if quantity > NETTING_TOLERANCE {
            orders[start] = quantity;
        }
        end = start;
    }
    orders
}

/// The value of a series in period index `t` (0 past its end).
fn at(series: &[f64], t: usize) -> f64 {
    series.get(t).copied().unwrap_or(0.0)
}

/// Sets period index `t` of a row (ignored past its end).
fn set(row: &mut [f64], t: usize, value: f64) {
    if let Some(cell) = row.get_mut(t) {
        *cell = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rule: &NettingRule, gross: &[f64], receipts: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let periods = gross.len();
        let (mut on_hand, mut net, mut planned) =
            (vec![0.0; periods], vec![0.0; periods], vec![0.0; periods]);
        net_item(
            rule,
            gross,
            receipts,
            None,
            NettingRows {
                on_hand: &mut on_hand,
                net: &mut net,
                planned_receipts: &mut planned,
            },
        );
        (on_hand, net, planned)
    }

    #[test]
    fn lot_for_lot_from_zero_stock_receives_the_gross_requirements() {
        let (on_hand, net, planned) = run(&NettingRule::LOT_FOR_LOT, &[5.0, 0.0, 7.5], &[]);
        assert_eq!(planned, vec![5.0, 0.0, 7.5]);
        assert_eq!(net, vec![5.0, 0.0, 7.5]);
        assert_eq!(on_hand, vec![0.0, 0.0, 0.0]);
    }

    #[test]
    fn minimum_and_multiple_round_the_order_after_the_policy() {
        // need 13: max(13, 20) = 20, then multiples of 8: 8 · ceil(2.5) = 24; stock 24 − 13 = 11.
        let rule = NettingRule {
            order_min: 20.0,
            order_multiple: Some(8.0),
            ..NettingRule::LOT_FOR_LOT
        };
        let (on_hand, _, planned) = run(&rule, &[13.0], &[]);
        assert_eq!((planned[0], on_hand[0]), (24.0, 11.0));
        // 16 is below the minimum: max(16, 20) = 20 → 24.
        assert_eq!(rule.round(16.0), 24.0);
        // Without a minimum, a quantity a hair above a multiple stays on it (16/8 = 2 within
        // the tolerance).
        let exact = NettingRule {
            order_multiple: Some(8.0),
            ..NettingRule::LOT_FOR_LOT
        };
        assert_eq!(exact.round(16.0 + 1e-12), 16.0);
    }

    #[test]
    fn wagner_whitin_prefers_holding_when_it_costs_less_than_an_order() {
        // n = [10, 10], S = 100, h = 1: one order of 20 costs 100 + 10 = 110 < two orders, 200.
        assert_eq!(wagner_whitin(&[10.0, 10.0], 100.0, 1.0), vec![20.0, 0.0]);
        // h = 20: holding 10 units costs 200 > 100, so two orders.
        assert_eq!(wagner_whitin(&[10.0, 10.0], 100.0, 20.0), vec![10.0, 10.0]);
        // A leading empty period is covered at no cost; the order starts where n > 0.
        assert_eq!(wagner_whitin(&[0.0, 5.0], 100.0, 1.0), vec![0.0, 5.0]);
        assert!(wagner_whitin(&[], 100.0, 1.0).is_empty());
    }
}
