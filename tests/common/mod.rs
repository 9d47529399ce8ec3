//! Shared test helpers: a deliberately simple reference implementation of the cost and capacity
//! formulas of DESIGN.md §2 and of the material plan of §5 (string maps, recursion, no indexing
//! tricks), used to check the real analytics on the sample plans and on generated plans.

#![allow(dead_code)]

use std::collections::HashMap;

use opsplan::domain::{Item, OrderPolicy, Plan, RoutingStep};
use serde_json::Value;

/// Reference results, keyed by code.
pub struct Reference {
    pub requirements: HashMap<(String, i64), f64>,
    pub lots: HashMap<(String, i64), f64>,
    pub load: HashMap<String, Vec<f64>>,
    pub available: HashMap<String, Vec<f64>>,
    /// Gross requirements GR_i,t of the material plan.
    pub gross: HashMap<(String, i64), f64>,
    pub holding_cost: f64,
    pub ordering_cost: f64,
    pub inventory_value: Vec<f64>,
    pub unit_cost: HashMap<String, f64>,
    pub full_unit_cost: HashMap<String, f64>,
    pub copq: HashMap<String, f64>,
    pub rty: HashMap<String, f64>,
    pub revenue: f64,
    pub variable_cost: f64,
    pub fixed_cost: f64,
    pub profit: f64,
    pub bottleneck: Option<String>,
}

/// Plain lookups built once: steps per item (in seq order), parents and children per item.
struct Lookups<'a> {
    steps: HashMap<&'a str, Vec<&'a RoutingStep>>,
    parents: HashMap<&'a str, Vec<(&'a str, f64)>>,
    children: HashMap<&'a str, Vec<(&'a str, f64)>>,
    demand: HashMap<(&'a str, i64), f64>,
}

impl<'a> Lookups<'a> {
    fn new(plan: &'a Plan) -> Self {
        let mut steps: HashMap<&str, Vec<&RoutingStep>> = HashMap::new();
        for s in &plan.routing {
            steps.entry(&s.item).or_default().push(s);
        }
        for list in steps.values_mut() {
            list.sort_by_key(|s| s.seq);
        }
        let mut parents: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
        let mut children: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
        for l in &plan.bom {
            parents
                .entry(&l.child)
                .or_default()
                .push((&l.parent, l.qty));
            children
                .entry(&l.parent)
                .or_default()
                .push((&l.child, l.qty));
        }
        let mut demand = HashMap::new();
        for d in &plan.demand {
            *demand.entry((d.item.as_str(), d.period)).or_insert(0.0) += d.qty;
        }
        Lookups {
            steps,
            parents,
            children,
            demand,
        }
    }

    fn steps(&self, item: &str) -> &[&'a RoutingStep] {
        self.steps.get(item).map(Vec::as_slice).unwrap_or(&[])
    }

    fn e1(&self, item: &str) -> f64 {
        entering(self.steps(item), false)
            .first()
            .copied()
            .unwrap_or(1.0)
    }
}

/// e_s for each step of the item (in seq order), with all yields taken as 1 when `ideal`.
fn entering(steps: &[&RoutingStep], ideal: bool) -> Vec<f64> {
    (0..steps.len())
        .map(|s| {
            let downstream: f64 = steps[s..]
                .iter()
                .map(|st| if ideal { 1.0 } else { st.yield_ })
                .product();
            1.0 / downstream
        })
        .collect()
}

fn requirement(look: &Lookups, item: &str, t: i64, memo: &mut HashMap<(String, i64), f64>) -> f64 {
    if let Some(&v) = memo.get(&(item.to_string(), t)) {
        return v;
    }
    let mut req = look.demand.get(&(item, t)).copied().unwrap_or(0.0);
    for &(parent, qty) in look.parents.get(item).map(Vec::as_slice).unwrap_or(&[]) {
        req += requirement(look, parent, t, memo) * look.e1(parent) * qty;
    }
    memo.insert((item.to_string(), t), req);
    req
}

/// Unit cost of an item by the roll-up formula, memoised per item.
struct CostVariant<'a, 'b> {
    plan: &'a Plan,
    look: &'b Lookups<'a>,
    rate: &'b dyn Fn(&str) -> f64,
    ideal: bool,
    lot: &'b HashMap<String, f64>,
    memo: HashMap<String, f64>,
}

impl CostVariant<'_, '_> {
    fn unit_cost(&mut self, item: &str) -> f64 {
        if let Some(&v) = self.memo.get(item) {
            return v;
        }
        let purchase_cost = self
            .plan
            .items
            .iter()
            .find(|i| i.code == item)
            .map_or(0.0, |i| i.purchase_cost);
        let steps = self.look.steps(item);
        let e = entering(steps, self.ideal);
        let first = e.first().copied().unwrap_or(1.0);
        let kids = self.look.children.get(item).cloned().unwrap_or_default();
        let material: f64 = kids
            .iter()
            .map(|&(child, qty)| qty * self.unit_cost(child))
            .sum();
        let l = self.lot[item];
        let conversion: f64 = steps
            .iter()
            .zip(&e)
            .map(|(s, e_s)| (self.rate)(&s.resource) * (e_s * s.run_min + s.setup_min / l) / 60.0)
            .sum();
        let cost = first * purchase_cost + first * material + conversion;
        self.memo.insert(item.to_string(), cost);
        cost
    }
}

/// Computes the reference results of a valid plan.
pub fn reference(plan: &Plan) -> Reference {
    let look = Lookups::new(plan);
    let periods = plan.settings.periods;
    let mut requirements = HashMap::new();
    for item in &plan.items {
        for t in 1..=periods {
            requirement(&look, &item.code, t, &mut requirements);
        }
    }
    let mut effective_lot = HashMap::new();
    for item in &plan.items {
        let reqs: Vec<f64> = (1..=periods)
            .map(|t| requirements[&(item.code.clone(), t)])
            .collect();
        let l = match item.lot_size {
            Some(size) => size,
            None => {
                let with = reqs.iter().filter(|&&r| r > 0.0).count();
                if with == 0 {
                    1.0
                } else {
                    reqs.iter().sum::<f64>() / with as f64
                }
            }
        };
        effective_lot.insert(item.code.clone(), l);
    }
    let available: HashMap<String, Vec<f64>> = plan
        .resources
        .iter()
        .map(|r| (r.code.clone(), available_hours(plan, r)))
        .collect();
    let fixed_per_period: HashMap<String, f64> = plan
        .resources
        .iter()
        .map(|r| {
            let f = r.fixed_cost_per_period
                + r.capital_cost / (r.life_years * plan.settings.periods_per_year());
            (r.code.clone(), f)
        })
        .collect();
    let cost_per_hour: HashMap<&str, f64> = plan
        .resources
        .iter()
        .map(|r| (r.code.as_str(), r.cost_per_hour))
        .collect();
    let variable_rate = |code: &str| cost_per_hour.get(code).copied().unwrap_or(0.0);
    let full_rate = |code: &str| {
        let avail: f64 = available[code].iter().sum();
        let fixed = if avail > 0.0 {
            fixed_per_period[code] * periods as f64 / avail
        } else {
            0.0
        };
        variable_rate(code) + fixed
    };
    let variant = |rate: &dyn Fn(&str) -> f64, ideal: bool| -> HashMap<String, f64> {
        let mut v = CostVariant {
            plan,
            look: &look,
            rate,
            ideal,
            lot: &effective_lot,
            memo: HashMap::new(),
        };
        plan.items
            .iter()
            .map(|i| (i.code.clone(), v.unit_cost(&i.code)))
            .collect()
    };
    let unit = variant(&variable_rate, false);
    let ideal = variant(&variable_rate, true);
    let full = variant(&full_rate, false);
    let copq = plan
        .items
        .iter()
        .map(|i| (i.code.clone(), unit[&i.code] - ideal[&i.code]))
        .collect();
    let rty = plan
        .items
        .iter()
        .map(|i| {
            let y: f64 = look.steps(&i.code).iter().map(|s| s.yield_).product();
            (i.code.clone(), y)
        })
        .collect();
    let price: HashMap<&str, f64> = plan
        .items
        .iter()
        .map(|i| (i.code.as_str(), i.price))
        .collect();
    let revenue: f64 = plan
        .demand
        .iter()
        .map(|d| d.qty * price[d.item.as_str()])
        .sum();
    let variable_cost: f64 = plan.demand.iter().map(|d| d.qty * unit[&d.item]).sum();
    let fixed_cost: f64 = fixed_per_period.values().sum::<f64>() * periods as f64;
    let mrp = reference_mrp(plan, &look, &unit);
    let mut lots = HashMap::new();
    for item in &plan.items {
        for t in 1..=periods {
            let r = mrp.releases[&(item.code.clone(), t)];
            let n = match item.lot_size {
                Some(size) => (r / size - 1e-9).ceil().max(0.0),
                None => f64::from(u8::from(r > 0.0)),
            };
            lots.insert((item.code.clone(), t), n);
        }
    }
    let mut load: HashMap<String, Vec<f64>> = plan
        .resources
        .iter()
        .map(|r| (r.code.clone(), vec![0.0; periods as usize]))
        .collect();
    for item in &plan.items {
        let steps = look.steps(&item.code);
        let e = entering(steps, false);
        for t in 1..=periods {
            let released = mrp.releases[&(item.code.clone(), t)];
            let n = lots[&(item.code.clone(), t)];
            for (s, e_s) in steps.iter().zip(&e) {
                if let Some(v) = load.get_mut(&s.resource) {
                    v[(t - 1) as usize] += (released * e_s * s.run_min + n * s.setup_min) / 60.0;
                }
            }
        }
    }
    let mut bottleneck: Option<(String, f64)> = None;
    for r in &plan.resources {
        let avail: f64 = available[&r.code].iter().sum();
        let total = load[&r.code].iter().sum::<f64>() / avail;
        if bottleneck.as_ref().is_none_or(|(_, best)| total > *best) {
            bottleneck = Some((r.code.clone(), total));
        }
    }
    Reference {
        requirements,
        lots,
        load,
        available,
        unit_cost: unit,
        full_unit_cost: full,
        copq,
        rty,
        revenue,
        variable_cost,
        fixed_cost,
        profit: revenue - variable_cost - fixed_cost - mrp.holding_cost - mrp.ordering_cost,
        bottleneck: bottleneck.map(|(code, _)| code),
        gross: mrp.gross,
        holding_cost: mrp.holding_cost,
        ordering_cost: mrp.ordering_cost,
        inventory_value: mrp.inventory_value,
    }
}

/// Available hours of a resource per period: the resource_periods row if any, else the
/// calendar's working share of the resource's hours.
fn available_hours(plan: &Plan, r: &opsplan::domain::Resource) -> Vec<f64> {
    (1..=plan.settings.periods)
        .map(|t| {
            let share = plan
                .calendar
                .iter()
                .find(|c| c.period == t)
                .map_or(1.0, |c| c.working_share);
            let row = plan
                .resource_periods
                .iter()
                .find(|p| p.resource == r.code && p.period == t);
            let units = row.and_then(|p| p.units).unwrap_or(r.units) as f64;
            let hours = row
                .and_then(|p| p.hours_per_period)
                .unwrap_or(r.hours_per_period * share);
            units * hours * r.efficiency
        })
        .collect()
}

/// The reference material plan: gross requirements and releases per (item, period), holding
/// and ordering cost, inventory value per period.
struct ReferenceMrp {
    gross: HashMap<(String, i64), f64>,
    releases: HashMap<(String, i64), f64>,
    holding_cost: f64,
    ordering_cost: f64,
    inventory_value: Vec<f64>,
}

/// Longest BOM path from a top item, by recursion over the parents.
fn level(look: &Lookups, item: &str) -> usize {
    look.parents.get(item).map_or(0, |ps| {
        ps.iter()
            .map(|(p, _)| level(look, p) + 1)
            .max()
            .unwrap_or(0)
    })
}

/// DESIGN.md §5 written out plainly: items by level (parents first), each period netted in turn.
fn reference_mrp(plan: &Plan, look: &Lookups, unit: &HashMap<String, f64>) -> ReferenceMrp {
    let periods = plan.settings.periods;
    let ppy = plan.settings.periods_per_year();
    let mut items: Vec<&Item> = plan.items.iter().collect();
    items.sort_by_key(|i| level(look, &i.code));
    let mut gross = HashMap::new();
    let mut releases: HashMap<(String, i64), f64> = HashMap::new();
    let mut value = vec![0.0; periods as usize];
    let mut ordering_cost = 0.0;
    for item in items {
        let code = item.code.clone();
        let gr: Vec<f64> = (1..=periods)
            .map(|t| {
                let mut g = look.demand.get(&(code.as_str(), t)).copied().unwrap_or(0.0);
                for &(parent, qty) in look
                    .parents
                    .get(code.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                {
                    g += releases[&(parent.to_string(), t)] * look.e1(parent) * qty;
                }
                g
            })
            .collect();
        let sr: Vec<f64> = (1..=periods)
            .map(|t| {
                plan.receipts
                    .iter()
                    .filter(|r| r.item == code && r.period == t)
                    .map(|r| r.qty)
                    .sum()
            })
            .collect();
        let master: Vec<_> = plan
            .master_schedule
            .iter()
            .filter(|m| m.item == code)
            .collect();
        let h = unit[&code] * plan.settings.holding_rate / ppy;
        let round = |q: f64| {
            let q = q.max(item.order_min);
            match item.order_multiple {
                Some(m) => m * (q / m - 1e-9).ceil(),
                None => q,
            }
        };
        let n = periods as usize;
        let mut pr = vec![0.0; n];
        if !master.is_empty() {
            for m in &master {
                pr[(m.period - 1) as usize] += m.qty;
            }
        } else {
            let mut poh = item.on_hand;
            let mut lfl = vec![0.0; n];
            for t in 0..n {
                let avail = poh + sr[t] - gr[t];
                if avail < item.safety_stock - 1e-9 {
                    let need = item.safety_stock - avail;
                    lfl[t] = need;
                    let q = match item.order_policy {
                        OrderPolicy::LotForLot | OrderPolicy::WagnerWhitin => need,
                        OrderPolicy::Fixed => {
                            let q = item.order_qty.unwrap_or(1.0);
                            q * (need / q - 1e-9).ceil()
                        }
                        OrderPolicy::Poq => {
                            let p = item.order_periods.unwrap_or(1) as usize;
                            let later: f64 = (t + 1..n.min(t + p)).map(|k| sr[k] - gr[k]).sum();
                            need.max(item.safety_stock - avail - later)
                        }
                        OrderPolicy::Eoq => {
                            let d = gr.iter().sum::<f64>() * ppy / n as f64;
                            if item.order_cost > 0.0 && h > 0.0 {
                                let eoq =
                                    ((2.0 * d * item.order_cost / (h * ppy)).sqrt() - 1e-9).ceil();
                                need.max(eoq)
                            } else {
                                need
                            }
                        }
                    };
                    pr[t] = round(q);
                    lfl[t] = need;
                    if item.order_policy == OrderPolicy::WagnerWhitin {
                        pr[t] = need;
                    }
                }
                poh = avail + pr[t];
            }
            if item.order_policy == OrderPolicy::WagnerWhitin {
                // Plain O(T³) dynamic programme over the lot-for-lot net requirements.
                let mut f = vec![0.0; n + 1];
                let mut start = vec![0; n + 1];
                for k in 1..=n {
                    let mut best = f64::INFINITY;
                    for j in 1..=k {
                        let sum: f64 = lfl[j - 1..k].iter().sum();
                        let cost = if sum <= 1e-9 {
                            0.0
                        } else if lfl[j - 1] <= 0.0 {
                            continue;
                        } else {
                            item.order_cost
                                + h * (j..=k).map(|m| (m - j) as f64 * lfl[m - 1]).sum::<f64>()
                        };
                        if f[j - 1] + cost < best {
                            best = f[j - 1] + cost;
                            start[k] = j;
                        }
                    }
                    f[k] = best;
                }
                pr = vec![0.0; n];
                let mut k = n;
                while k > 0 {
                    let j = start[k];
                    let sum: f64 = lfl[j - 1..k].iter().sum();
                    if sum > 1e-9 {
                        pr[j - 1] = round(sum);
                    }
                    k = j - 1;
                }
            }
        }
        let mut poh = item.on_hand;
        for t in 0..n {
            poh += sr[t] - gr[t] + pr[t];
            value[t] += poh.max(0.0) * unit[&code];
            if pr[t] > 0.0 {
                ordering_cost += item.order_cost;
            }
        }
        for t in 1..=periods {
            releases.insert((code.clone(), t), 0.0);
            gross.insert((code.clone(), t), gr[(t - 1) as usize]);
        }
        for t in 1..=periods {
            let q = pr[(t - 1) as usize];
            if q > 0.0 {
                let at = (t - item.lead_time).max(1);
                *releases.entry((code.clone(), at)).or_insert(0.0) += q;
            }
        }
    }
    ReferenceMrp {
        gross,
        releases,
        holding_cost: value.iter().sum::<f64>() * plan.settings.holding_rate / ppy,
        ordering_cost,
        inventory_value: value,
    }
}

/// Asserts |actual − expected| ≤ 1e-9 · max(1, |expected|).
pub fn assert_close(actual: f64, expected: f64, what: &str) {
    let tolerance = 1e-9 * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: got {actual}, expected {expected}"
    );
}

fn number(value: &Value, what: &str) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("{what} is not a number: {value}"))
}

/// Checks an `analyze --json` document against the reference implementation, and returns how
/// many numbers were compared.
pub fn check_against_reference(plan: &Plan, json: &Value) -> usize {
    let r = reference(plan);
    let mut compared = 0;
    let mut close = |actual: &Value, expected: f64, what: String| {
        assert_close(number(actual, &what), expected, &what);
        compared += 1;
    };
    let totals = &json["totals"];
    close(&totals["revenue"], r.revenue, "totals.revenue".into());
    close(
        &totals["variable_cost"],
        r.variable_cost,
        "totals.variable_cost".into(),
    );
    close(
        &totals["fixed_cost"],
        r.fixed_cost,
        "totals.fixed_cost".into(),
    );
    close(&totals["profit"], r.profit, "totals.profit".into());
    close(
        &totals["holding_cost"],
        r.holding_cost,
        "totals.holding_cost".into(),
    );
    close(
        &totals["ordering_cost"],
        r.ordering_cost,
        "totals.ordering_cost".into(),
    );
    for (t, value) in r.inventory_value.iter().enumerate() {
        close(
            &json["mrp"]["inventory_value"][t],
            *value,
            format!("mrp.inventory_value period {}", t + 1),
        );
    }
    let items = json["cost"]["items"].as_array().expect("cost.items");
    assert_eq!(items.len(), plan.items.len(), "one cost row per item");
    for row in items {
        let code = row["code"].as_str().expect("code").to_string();
        close(
            &row["unit_cost"],
            r.unit_cost[&code],
            format!("{code} unit_cost"),
        );
        close(
            &row["full_unit_cost"],
            r.full_unit_cost[&code],
            format!("{code} full_unit_cost"),
        );
        close(&row["copq"], r.copq[&code], format!("{code} copq"));
        close(&row["rty"], r.rty[&code], format!("{code} rty"));
        let parts = number(&row["purchase"], "purchase")
            + number(&row["material"], "material")
            + number(&row["conversion"], "conversion");
        close(
            &row["unit_cost"],
            parts,
            format!("{code} purchase+material+conversion"),
        );
    }
    let resources = json["capacity"]["resources"]
        .as_array()
        .expect("capacity.resources");
    assert_eq!(resources.len(), plan.resources.len());
    for row in resources {
        let code = row["code"].as_str().expect("code").to_string();
        let load = row["load"].as_array().expect("load");
        let available = row["available"].as_array().expect("available");
        for (t, value) in load.iter().enumerate() {
            close(
                value,
                r.load[&code][t],
                format!("{code} load period {}", t + 1),
            );
            close(
                &available[t],
                r.available[&code][t],
                format!("{code} available period {}", t + 1),
            );
        }
    }
    assert_eq!(
        json["capacity"]["bottleneck"].as_str().map(str::to_string),
        r.bottleneck,
        "bottleneck"
    );
    let mut listed = 0;
    for row in json["capacity"]["requirements"]
        .as_array()
        .expect("requirements")
    {
        let key = (
            row["item"].as_str().expect("item").to_string(),
            row["period"].as_i64().expect("period"),
        );
        close(
            &row["qty"],
            r.gross[&key],
            format!("gross requirement {key:?}"),
        );
        listed += 1;
    }
    let non_zero = r.gross.values().filter(|&&v| v != 0.0).count();
    assert_eq!(listed, non_zero, "every non-zero requirement is listed");
    for row in json["capacity"]["lots"].as_array().expect("lots") {
        let key = (
            row["item"].as_str().expect("item").to_string(),
            row["period"].as_i64().expect("period"),
        );
        close(&row["lots"], r.lots[&key], format!("lots {key:?}"));
    }
    compared
}
