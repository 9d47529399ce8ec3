//! Shared test helpers: a deliberately simple reference implementation of the cost and capacity
//! formulas of DESIGN.md §2 (string maps, recursion, no indexing tricks), used to check the real
//! analytics on the sample plans and on generated plans.

#![allow(dead_code)]

use std::collections::HashMap;

use opsplan::domain::{Plan, RoutingStep};
use serde_json::Value;

/// Reference results, keyed by code.
pub struct Reference {
    pub requirements: HashMap<(String, i64), f64>,
    pub lots: HashMap<(String, i64), f64>,
    pub load: HashMap<String, Vec<f64>>,
    pub available: HashMap<String, f64>,
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
    let mut lots = HashMap::new();
    let mut effective_lot = HashMap::new();
    for item in &plan.items {
        let reqs: Vec<f64> = (1..=periods)
            .map(|t| requirements[&(item.code.clone(), t)])
            .collect();
        for (t, &r) in reqs.iter().enumerate() {
            let n = match item.lot_size {
                Some(size) => (r / size - 1e-9).ceil().max(0.0),
                None => f64::from(u8::from(r > 0.0)),
            };
            lots.insert((item.code.clone(), t as i64 + 1), n);
        }
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
    let mut load: HashMap<String, Vec<f64>> = plan
        .resources
        .iter()
        .map(|r| (r.code.clone(), vec![0.0; periods as usize]))
        .collect();
    for item in &plan.items {
        let steps = look.steps(&item.code);
        let e = entering(steps, false);
        for t in 1..=periods {
            let req = requirements[&(item.code.clone(), t)];
            let n = lots[&(item.code.clone(), t)];
            for (s, e_s) in steps.iter().zip(&e) {
                if let Some(v) = load.get_mut(&s.resource) {
                    v[(t - 1) as usize] += (req * e_s * s.run_min + n * s.setup_min) / 60.0;
                }
            }
        }
    }
    let available: HashMap<String, f64> = plan
        .resources
        .iter()
        .map(|r| {
            (
                r.code.clone(),
                r.units as f64 * r.hours_per_period * r.efficiency,
            )
        })
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
        let avail = available[code];
        let fixed = if avail > 0.0 {
            fixed_per_period[code] / avail
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
    let mut bottleneck: Option<(String, f64)> = None;
    for r in &plan.resources {
        let total = load[&r.code].iter().sum::<f64>() / (available[&r.code] * periods as f64);
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
        profit: revenue - variable_cost - fixed_cost,
        bottleneck: bottleneck.map(|(code, _)| code),
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
                r.available[&code],
                format!("{code} available"),
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
            r.requirements[&key],
            format!("requirement {key:?}"),
        );
        listed += 1;
    }
    let non_zero = r.requirements.values().filter(|&&v| v != 0.0).count();
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
