//! Deterministic synthetic plans of realistic shape, for benchmarks and demonstrations
//! (`opsplan generate`, DESIGN.md §4).
//!
//! Shape: finished items on top of a bill of materials 3–6 levels deep, 5–15 routing steps per
//! made item with yields 0.95–1, lot-for-lot and lot-sized items, weekly demand with a seasonal
//! swing on finished items, SPC measurements, inspections and defects. Resource hours are
//! calibrated after the fact so that utilisation spreads from about 45 % to 110 %.

use crate::analytics::{capacity, cost};
use crate::domain::{
    BomLine, Characteristic, Defect, Demand, HistoryRow, Inspection, Item, ItemKind, Measurement,
    PeriodUnit, Plan, PlanSettings, Resource, ResourceKind, RoutingStep,
};

/// Size and seed of a generated plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateSpec {
    pub items: usize,
    pub resources: usize,
    pub periods: usize,
    pub seed: u64,
}

/// Deepest BOM level (0 = finished items, this level = bought materials).
const LEAF_LEVEL: usize = 5;

/// SplitMix64: a tiny, fast generator whose stream never changes between versions, so a seed
/// always gives the same plan.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [low, high).
    fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Uniform integer in low..=high.
    fn int(&mut self, low: usize, high: usize) -> usize {
        low + (self.next_u64() % (high - low + 1) as u64) as usize
    }

    /// Standard normal by Box–Muller.
    fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Rounds to cents (or to the given number of decimals) so generated numbers read naturally.
fn round_to(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// A plan of `items` finished items, each with `weeks` weeks of sales history (periods
/// `1 − weeks ..= 0`): a trend, a yearly season and ±10 % noise, and every fourth item
/// intermittent (about 70 % zero weeks), so forecasting's auto choice fits every candidate,
/// Croston included. The forecast benchmark and the Forecast page's frame times use it.
pub fn history_plan(items: usize, weeks: i64) -> Plan {
    let mut state: u64 = 1;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut item_rows = Vec::with_capacity(items);
    let mut history = Vec::with_capacity(items * weeks.max(0) as usize);
    for index in 0..items {
        let code = format!("I{index:05}");
        item_rows.push(Item {
            code: code.clone(),
            kind: ItemKind::Finished,
            ..Item::default()
        });
        let base = 20.0 + 100.0 * next();
        for week in 0..weeks {
            let period = week - weeks + 1;
            let season = (std::f64::consts::TAU * week as f64 / 52.0).sin();
            let qty = if index % 4 == 3 {
                if next() < 0.3 {
                    (base * next()).round()
                } else {
                    0.0
                }
            } else {
                (base * (1.0 + 0.002 * week as f64 + 0.3 * season) * (0.9 + 0.2 * next())).round()
            };
            history.push(HistoryRow {
                item: code.clone(),
                period,
                qty,
            });
        }
    }
    Plan {
        settings: PlanSettings {
            name: "Forecast benchmark".to_string(),
            periods: 52,
            ..PlanSettings::default()
        },
        items: item_rows,
        history,
        ..Plan::default()
    }
}

/// Generates a valid plan of the requested size; the same spec always gives the same plan.
pub fn generate(spec: GenerateSpec) -> Plan {
    let mut rng = Rng(spec.seed ^ 0x0A5E_5EED);
    let items_count = spec.items.max(3);
    let periods = spec.periods.max(1);
    let levels = assign_levels(items_count, &mut rng);
    let items = make_items(&levels, &mut rng);
    let bom = make_bom(&items, &levels, &mut rng);
    let resources = make_resources(spec.resources.max(1), &mut rng);
    let routing = make_routing(&items, &resources, &mut rng);
    let demand = make_demand(&items, periods, &mut rng);
    let mut plan = Plan {
        settings: PlanSettings {
            name: format!(
                "Synthetic plant {}×{}×{} (seed {})",
                items_count, spec.resources, periods, spec.seed
            ),
            currency: "EUR".to_string(),
            period_unit: PeriodUnit::Week,
            periods: periods as i64,
            periods_per_year: None,
            start_date: Some("2026-01-05".to_string()),
            ..PlanSettings::default()
        },
        items,
        bom,
        resources,
        routing,
        demand,
        ..Plan::default()
    };
    add_quality_data(&mut plan, &mut rng);
    calibrate_hours(&mut plan, &mut rng);
    price_from_cost(&mut plan, &mut rng);
    plan
}

/// Level of each item: about 10 % finished (level 0), 75 % components (levels 1–4), 15 % bought
/// materials (level 5).
fn assign_levels(count: usize, rng: &mut Rng) -> Vec<usize> {
    let finished = (count / 10).max(1);
    let materials = (count * 15 / 100).max(1);
    (0..count)
        .map(|i| {
            if i < finished {
                0
            } else if i >= count - materials {
                LEAF_LEVEL
            } else {
                rng.int(1, LEAF_LEVEL - 1)
            }
        })
        .collect()
}

fn make_items(levels: &[usize], rng: &mut Rng) -> Vec<Item> {
    levels
        .iter()
        .enumerate()
        .map(|(i, &level)| {
            let kind = match level {
                0 => ItemKind::Finished,
                LEAF_LEVEL => ItemKind::Material,
                _ => ItemKind::Component,
            };
            let (prefix, label, unit) = match kind {
                ItemKind::Finished => ("FG", "Product", "pcs"),
                ItemKind::Material => ("RM", "Material", "kg"),
                _ => ("C", "Assembly", "pcs"),
            };
            let price = match kind {
                ItemKind::Finished => round_to(rng.range(400.0, 2500.0), 2),
                _ => 0.0,
            };
            let purchase_cost = match kind {
                ItemKind::Material => round_to(rng.range(0.5, 12.0), 2),
                _ => 0.0,
            };
            let lot_size = match kind {
                ItemKind::Material => None,
                _ if rng.chance(0.5) => None,
                _ => Some([10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 500.0][rng.int(0, 6)]),
            };
            Item {
                code: format!("{prefix}{:05}", i + 1),
                name: format!("{label} {}", i + 1),
                kind,
                unit: unit.to_string(),
                price,
                purchase_cost,
                lot_size,
                ..Item::default()
            }
        })
        .collect()
}

/// Every item below level 0 gets a parent one level up (so nothing is orphaned); every made
/// item gets 2–4 children from the next one or two levels.
fn make_bom(items: &[Item], levels: &[usize], rng: &mut Rng) -> Vec<BomLine> {
    let mut by_level: Vec<Vec<usize>> = vec![Vec::new(); LEAF_LEVEL + 1];
    for (i, &level) in levels.iter().enumerate() {
        by_level[level].push(i);
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let nearest_above = |level: usize| (0..level).rev().find(|&l| !by_level[l].is_empty());
    let nearest_below = |level: usize| (level + 1..=LEAF_LEVEL).find(|&l| !by_level[l].is_empty());
    for (child, &level) in levels.iter().enumerate() {
        if let Some(parent_level) = nearest_above(level) {
            let parents = &by_level[parent_level];
            pairs.push((parents[rng.int(0, parents.len() - 1)], child));
        }
    }
    for (parent, &level) in levels.iter().enumerate() {
        let Some(first_below) = nearest_below(level) else {
            continue;
        };
        for _ in 0..rng.int(1, 3) {
            let child_level = if rng.chance(0.75) {
                first_below
            } else {
                nearest_below(first_below).unwrap_or(first_below)
            };
            let candidates = &by_level[child_level];
            pairs.push((parent, candidates[rng.int(0, candidates.len() - 1)]));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
        .into_iter()
        .map(|(parent, child)| BomLine {
            parent: items[parent].code.clone(),
            child: items[child].code.clone(),
            qty: if items[child].kind == ItemKind::Material {
                round_to(rng.range(0.2, 3.0), 2)
            } else if rng.chance(0.8) {
                1.0
            } else {
                rng.int(2, 4) as f64
            },
        })
        .collect()
}

fn make_resources(count: usize, rng: &mut Rng) -> Vec<Resource> {
    (0..count)
        .map(|i| {
            let kind = [
                ResourceKind::Machine,
                ResourceKind::Line,
                ResourceKind::Labour,
            ][rng.int(0, 2)];
            let (prefix, label) = match kind {
                ResourceKind::Line => ("LN", "Line"),
                ResourceKind::Labour => ("LB", "Team"),
                _ => ("MC", "Machine"),
            };
            Resource {
                code: format!("{prefix}{:04}", i + 1),
                name: format!("{label} {}", i + 1),
                kind,
                units: rng.int(1, 4) as i64,
                hours_per_period: 40.0,
                efficiency: round_to(rng.range(0.8, 0.95), 2),
                cost_per_hour: round_to(rng.range(25.0, 90.0), 0),
                fixed_cost_per_period: round_to(rng.range(200.0, 3000.0), 0),
                capital_cost: round_to(rng.range(0.0, 400_000.0), -3),
                life_years: [5.0, 8.0, 10.0, 15.0][rng.int(0, 3)],
                ..Resource::default()
            }
        })
        .collect()
}

/// 5–15 steps per made item on random resources; about one step in four loses a little yield.
fn make_routing(items: &[Item], resources: &[Resource], rng: &mut Rng) -> Vec<RoutingStep> {
    let mut steps = Vec::new();
    for item in items.iter().filter(|i| i.kind != ItemKind::Material) {
        for step in 0..rng.int(5, 15) {
            let resource = &resources[rng.int(0, resources.len() - 1)];
            steps.push(RoutingStep {
                item: item.code.clone(),
                seq: 10 * (step as i64 + 1),
                name: format!("Operation {}", 10 * (step + 1)),
                resource: resource.code.clone(),
                setup_min: if rng.chance(0.6) {
                    round_to(rng.range(5.0, 90.0), 0)
                } else {
                    0.0
                },
                run_min: round_to(rng.range(0.2, 12.0), 1),
                yield_: if rng.chance(0.25) {
                    round_to(rng.range(0.95, 1.0), 3)
                } else {
                    1.0
                },
            });
        }
    }
    steps
}

/// Weekly demand on finished items with a yearly seasonal swing and noise.
fn make_demand(items: &[Item], periods: usize, rng: &mut Rng) -> Vec<Demand> {
    let mut demand = Vec::new();
    for item in items.iter().filter(|i| i.kind == ItemKind::Finished) {
        let base = rng.range(5.0, 60.0);
        let phase = rng.range(0.0, std::f64::consts::TAU);
        for period in 1..=periods {
            let season = 1.0 + 0.3 * (std::f64::consts::TAU * period as f64 / 52.0 + phase).sin();
            let qty = (base * season * rng.range(0.8, 1.2)).round();
            if qty > 0.0 {
                demand.push(Demand {
                    item: item.code.clone(),
                    period: period as i64,
                    qty,
                });
            }
        }
    }
    demand
}

/// One characteristic per 100 items (at least one), 25 subgroups of 5 measurements each, and
/// inspections with defects for the same items.
fn add_quality_data(plan: &mut Plan, rng: &mut Rng) {
    const DEFECT_TYPES: [&str; 6] = [
        "scratch",
        "dent",
        "porosity",
        "misalignment",
        "burr",
        "crack",
    ];
    let made: Vec<String> = plan
        .items
        .iter()
        .filter(|i| i.kind != ItemKind::Material)
        .map(|i| i.code.clone())
        .collect();
    let count = (plan.items.len() / 100).max(1).min(made.len());
    for k in 0..count {
        let item = made[k * made.len() / count].clone();
        let target = round_to(rng.range(10.0, 100.0), 1);
        let sigma = target * 0.002;
        let code = format!("Q{:04}", k + 1);
        plan.characteristics.push(Characteristic {
            code: code.clone(),
            item: item.clone(),
            name: format!("Diameter {}", k + 1),
            unit: "mm".to_string(),
            lsl: Some(round_to(target - 4.0 * sigma, 4)),
            target: Some(target),
            usl: Some(round_to(target + 4.0 * sigma, 4)),
        });
        for subgroup in 1..=25 {
            for _ in 0..5 {
                plan.measurements.push(Measurement {
                    characteristic: code.clone(),
                    subgroup,
                    value: round_to(target + sigma * rng.normal(), 4),
                });
            }
        }
        for lot in 1..=20 {
            let inspected = rng.int(80, 200) as i64;
            let defective = (inspected as f64 * rng.range(0.0, 0.06)).round() as i64;
            let lot = format!("L{lot:03}");
            plan.inspections.push(Inspection {
                item: item.clone(),
                lot: lot.clone(),
                inspected,
                defective,
            });
            for defect_type in DEFECT_TYPES.iter().take(rng.int(1, 4)) {
                plan.defects.push(Defect {
                    item: item.clone(),
                    lot: lot.clone(),
                    defect_type: defect_type.to_string(),
                    count: rng.int(0, 6) as i64,
                });
            }
        }
    }
}

/// Sets each resource's hours per unit so that its utilisation over the horizon lands at a
/// random target between 45 % and 110 % (a few resources end up overloaded, like a real plant).
fn calibrate_hours(plan: &mut Plan, rng: &mut Rng) {
    let loads = capacity::capacity(plan);
    let periods = plan.settings.periods.max(1) as f64;
    for (resource, result) in plan.resources.iter_mut().zip(&loads.resources) {
        let total_load: f64 = result.load.iter().sum();
        let target = rng.range(0.45, 1.1);
        let per_unit =
            total_load / (target * periods * resource.efficiency * resource.units as f64);
        resource.hours_per_period = if per_unit > 1.0 {
            round_to(per_unit, 1)
        } else {
            40.0
        };
    }
}

/// Prices each finished item at 1.1 to 1.8 times its variable unit cost, as a business prices
/// its products: a random price would leave deep products sold far below cost and every
/// generated plan deep in loss.
fn price_from_cost(plan: &mut Plan, rng: &mut Rng) {
    let loads = capacity::capacity(plan);
    let (costs, _) = cost::cost(plan, &loads);
    for (item, item_cost) in plan.items.iter_mut().zip(&costs.items) {
        if item.kind == ItemKind::Finished {
            item.price = round_to(item_cost.unit_cost * rng.range(1.1, 1.8), 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::domain::validate;

    const SMALL: GenerateSpec = GenerateSpec {
        items: 200,
        resources: 20,
        periods: 12,
        seed: 7,
    };

    #[test]
    fn the_same_seed_gives_the_same_plan_and_another_seed_another() {
        assert_eq!(generate(SMALL), generate(SMALL));
        assert_ne!(generate(SMALL), generate(GenerateSpec { seed: 8, ..SMALL }));
    }

    #[test]
    fn generated_plans_are_valid_and_of_the_asked_size() {
        let plan = generate(SMALL);
        assert_eq!(validate(&plan).problems, Vec::new());
        assert_eq!(plan.items.len(), 200);
        assert_eq!(plan.resources.len(), 20);
        assert_eq!(plan.settings.periods, 12);
        assert_eq!(plan.characteristics.len(), 2);
        assert_eq!(plan.measurements.len(), 2 * 25 * 5);
    }

    #[test]
    fn finished_items_sell_at_10_to_80_percent_above_their_unit_cost() {
        let plan = generate(SMALL);
        let loads = capacity::capacity(&plan);
        let (costs, totals) = cost::cost(&plan, &loads);
        for (item, item_cost) in plan.items.iter().zip(&costs.items) {
            if item.kind == ItemKind::Finished {
                let markup = item.price / item_cost.unit_cost;
                // 1.1 to 1.8, give or take the rounding of the price to cents.
                assert!((1.099..=1.801).contains(&markup), "{}: {markup}", item.code);
            } else {
                assert_eq!(item.price, 0.0, "{}", item.code);
            }
        }
        assert!(totals.revenue > totals.variable_cost, "{totals:?}");
    }

    #[test]
    fn made_items_have_5_to_15_steps_and_yields_from_095() {
        let plan = generate(SMALL);
        let mut steps: HashMap<&str, usize> = HashMap::new();
        for step in &plan.routing {
            *steps.entry(step.item.as_str()).or_default() += 1;
            assert!((0.95..=1.0).contains(&step.yield_), "{}", step.yield_);
        }
        for item in plan.items.iter().filter(|i| i.kind != ItemKind::Material) {
            let n = steps.get(item.code.as_str()).copied().unwrap_or(0);
            assert!((5..=15).contains(&n), "{} has {n} steps", item.code);
        }
    }

    #[test]
    fn bills_of_materials_are_3_to_6_levels_deep() {
        let plan = generate(SMALL);
        let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
        for line in &plan.bom {
            children.entry(&line.parent).or_default().push(&line.child);
        }
        fn depth<'a>(code: &'a str, children: &HashMap<&'a str, Vec<&'a str>>) -> usize {
            1 + children
                .get(code)
                .map(|kids| kids.iter().map(|k| depth(k, children)).max().unwrap_or(0))
                .unwrap_or(0)
        }
        for item in plan.items.iter().filter(|i| i.kind == ItemKind::Finished) {
            let d = depth(&item.code, &children);
            assert!((3..=6).contains(&d), "{} is {d} levels deep", item.code);
        }
        assert!(
            plan.items
                .iter()
                .any(|i| i.lot_size.is_none() && i.kind == ItemKind::Component)
        );
        assert!(plan.items.iter().any(|i| i.lot_size.is_some()));
    }
}
