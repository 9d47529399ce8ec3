//! Product-mix LP (DESIGN.md §2) on plans whose optimum is known by hand, shadow prices checked by
//! re-solving with one more hour, the unbounded case, and the comparison of a plan with a
//! scenario (DESIGN.md §4 `compare`).

use opsplan::analytics::analyze;
use opsplan::analytics::compare::compare;
use opsplan::analytics::mix::{MixError, MixResult, optimize};
use opsplan::app::scenarios::{save_as_scenario, scenario_plan};
use opsplan::domain::Plan;
use opsplan::io::json::parse_plan;

/// Wyndor Glass Co. (Hillier & Lieberman, *Introduction to Operations Research*, §3.1):
/// max Z = 3·x1 + 5·x2 subject to x1 ≤ 4 (plant 1), 2·x2 ≤ 12 (plant 2), 3·x1 + 2·x2 ≤ 18
/// (plant 3). Optimum x = (2, 6), Z = 36; duals y = (0, 1.5, 1) (ibid. §6.1).
///
/// Mapping: DOOR = x1, WINDOW = x2. Margins: DOOR 5 − purchase 2 = 3, WINDOW 9 − 4 = 5 (no
/// hourly rates, yields 1, so unit_cost = purchase_cost). Hours per unit: DOOR 60 min on PLANT1
/// and 180 min on PLANT3 (1 h, 3 h); WINDOW 120 min on PLANT2 and 120 min on PLANT3 (2 h, 2 h).
/// Capacity over 2 periods: PLANT1 2 h × 2 = 4; PLANT2 6 h × 2 = 12; PLANT3 2 units × 5 h × 0.9
/// efficiency × 2 periods = 18.
const WYNDOR: &str = include_str!("data/planning/wyndor.json");

/// Two levels of BOM: A (price 100) needs 2 C per unit started; C needs 1 M (bought at 10);
/// B (price 50) has no BOM. A's one step on ASSY (30 min, yield 0.8) gives e_1(A) = 1.25;
/// C is milled for 12 min on MILL (40 h, 20/h); B takes 60 min on ASSY (100 h, 8/h).
///
/// Unit costs: C = 10 + 20·12/60 = 14; A = 1.25·2·14 + 8·1.25·30/60 = 35 + 5 = 40; B = 8·1 = 8.
/// Margins: A 60, B 42. Hours per unit: A on MILL 2·1.25·12/60 = 0.5, on ASSY 1.25·0.5 = 0.625;
/// B on ASSY 1. LP: max 60a + 42b s.t. 0.5a ≤ 40, 0.625a + b ≤ 100, a ≤ 100 (demand).
/// A earns 60/0.625 = 96 per ASSY hour against B's 42, so a = 80 (MILL full), b = 100 − 50 = 50,
/// Z = 4800 + 2100 = 6900. Duals: b basic → y_ASSY = 42; a basic → 0.5·y_MILL + 0.625·42 = 60
/// → y_MILL = 67.5.
const TWO_LEVEL: &str = r#"{
  "format": "opsplan-plan", "version": 1,
  "plan": {"name": "Two levels", "periods": 1},
  "items": [{"code": "A", "kind": "finished", "price": 100},
            {"code": "B", "kind": "finished", "price": 50},
            {"code": "C", "kind": "component"},
            {"code": "M", "kind": "material", "purchase_cost": 10}],
  "bom": [{"parent": "A", "child": "C", "qty": 2}, {"parent": "C", "child": "M", "qty": 1}],
  "resources": [{"code": "MILL", "hours_per_period": 40, "cost_per_hour": 20},
                {"code": "ASSY", "hours_per_period": 100, "cost_per_hour": 8}],
  "routing": [{"item": "A", "seq": 10, "resource": "ASSY", "run_min": 30, "yield": 0.8},
              {"item": "C", "seq": 10, "resource": "MILL", "run_min": 12},
              {"item": "B", "seq": 10, "resource": "ASSY", "run_min": 60}],
  "demand": [{"item": "A", "period": 1, "qty": 100}]
}"#;

const CLOSE: f64 = 1e-6;

fn plan(text: &str) -> Plan {
    parse_plan(text).expect("test plans are valid JSON")
}

fn solved(plan: &Plan) -> MixResult {
    optimize(plan).expect("the test plan has a finite optimum")
}

fn qty(result: &MixResult, item: &str) -> f64 {
    result
        .mix
        .iter()
        .find(|line| line.item == item)
        .map(|line| line.qty)
        .unwrap_or_else(|| panic!("{item} missing from {:?}", result.mix))
}

fn shadow_prices(result: &MixResult) -> Vec<(String, f64)> {
    result
        .shadow_prices
        .iter()
        .map(|p| (p.resource.clone(), p.value))
        .collect()
}

fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= CLOSE * expected.abs().max(1.0),
        "{what}: got {actual}, expected {expected}"
    );
}

/// The plan with exactly one more available hour of `resource` over the whole horizon.
fn with_one_more_hour(plan: &Plan, resource: &str) -> Plan {
    let mut more = plan.clone();
    let periods = more.settings.periods as f64;
    let r = more
        .resources
        .iter_mut()
        .find(|r| r.code == resource)
        .expect("resource exists");
    r.hours_per_period += 1.0 / (r.units as f64 * r.efficiency * periods);
    more
}

#[test]
fn wyndor_glass_reaches_the_textbook_vertex_and_duals() {
    let result = solved(&plan(WYNDOR));
    assert_close(qty(&result, "DOOR"), 2.0, "x1");
    assert_close(qty(&result, "WINDOW"), 6.0, "x2");
    assert_close(result.objective, 36.0, "Z");
    assert_eq!(result.binding, ["PLANT2", "PLANT3"]);
    let prices = shadow_prices(&result);
    let codes: Vec<&str> = prices.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["PLANT1", "PLANT2", "PLANT3"]);
    assert_eq!(prices[0].1, 0.0, "PLANT1 has 2 h of slack");
    assert_close(prices[1].1, 1.5, "y2");
    assert_close(prices[2].1, 1.0, "y3");
}

#[test]
fn a_binding_demand_cap_limits_the_mix() {
    // Wyndor with WINDOW demand 2 + 2.5 = 4.5: x2 = 4.5 uses 9 h of PLANT3, leaving 9 h for
    // 3 DOOR (PLANT1: 3 ≤ 4, slack). Z = 3·3 + 5·4.5 = 31.5. Only PLANT3 binds; its dual stays 1
    // (DOOR basic: 3·y3 = 3), PLANT2 now has 12 − 9 = 3 h of slack, so its dual is 0.
    let mut capped = plan(WYNDOR);
    capped.demand = plan(
        r#"{"plan": {"name": "d", "periods": 2},
            "demand": [{"item": "WINDOW", "period": 1, "qty": 2},
                       {"item": "WINDOW", "period": 2, "qty": 2.5}]}"#,
    )
    .demand;
    let result = solved(&capped);
    assert_close(qty(&result, "WINDOW"), 4.5, "x2 at its demand cap");
    assert_close(qty(&result, "DOOR"), 3.0, "x1");
    assert_close(result.objective, 31.5, "Z");
    assert_eq!(result.binding, ["PLANT3"]);
    let prices = shadow_prices(&result);
    assert_eq!((prices[0].1, prices[1].1), (0.0, 0.0));
    assert_close(prices[2].1, 1.0, "y3");
}

#[test]
fn a_component_resource_binds_through_a_two_level_bom() {
    let result = solved(&plan(TWO_LEVEL));
    assert_close(qty(&result, "A"), 80.0, "a");
    assert_close(qty(&result, "B"), 50.0, "b");
    assert_close(result.objective, 6900.0, "Z");
    assert_eq!(result.binding, ["MILL", "ASSY"]);
    let prices = shadow_prices(&result);
    assert_close(prices[0].1, 67.5, "y_MILL");
    assert_close(prices[1].1, 42.0, "y_ASSY");
    let items: Vec<&str> = result.mix.iter().map(|l| l.item.as_str()).collect();
    assert_eq!(
        items,
        ["A", "B"],
        "only priced finished/service items are decided"
    );
}

#[test]
fn one_more_hour_raises_the_objective_by_the_shadow_price() {
    for text in [WYNDOR, TWO_LEVEL] {
        let base = plan(text);
        let result = solved(&base);
        for price in &result.shadow_prices {
            let more = solved(&with_one_more_hour(&base, &price.resource));
            let gain = more.objective - result.objective;
            assert!(
                (gain - price.value).abs() <= 1e-4,
                "{} of {}: objective rose by {gain}, shadow price {}",
                price.resource,
                base.settings.name,
                price.value
            );
        }
    }
}

#[test]
fn a_free_item_without_demand_makes_the_mix_unbounded_naming_it() {
    // GIFT earns 10 per unit, needs no resource hours and has no demand rows: x_GIFT → ∞.
    let mut free = plan(WYNDOR);
    free.items.push(opsplan::domain::Item {
        code: "GIFT".to_string(),
        kind: opsplan::domain::ItemKind::Service,
        price: 10.0,
        ..Default::default()
    });
    match optimize(&free) {
        Err(MixError::Unbounded { item, margin }) => {
            assert_eq!(item, "GIFT");
            assert_eq!(margin, 10.0);
        }
        other => panic!("expected Unbounded, got {other:?}"),
    }
    let message = optimize(&free).expect_err("unbounded").to_string();
    assert!(message.contains("\"GIFT\""), "{message}");
}

#[test]
fn a_free_item_with_demand_sells_its_whole_demand() {
    // With 7 units of demand GIFT is capped: x_GIFT = 7 adds 7 · 10 = 70 to Wyndor's 36.
    let mut free = plan(WYNDOR);
    free.items.push(opsplan::domain::Item {
        code: "GIFT".to_string(),
        kind: opsplan::domain::ItemKind::Service,
        price: 10.0,
        ..Default::default()
    });
    free.demand.push(opsplan::domain::Demand {
        item: "GIFT".to_string(),
        period: 1,
        qty: 7.0,
    });
    let result = solved(&free);
    assert_close(qty(&result, "GIFT"), 7.0, "GIFT at its cap");
    assert_close(result.objective, 106.0, "Z");
}

#[test]
fn an_invalid_plan_is_not_optimised() {
    let mut broken = plan(WYNDOR);
    broken.routing[0].resource = "NOWHERE".to_string();
    let error = optimize(&broken).expect_err("unknown resource");
    assert!(matches!(error, MixError::Invalid(_)), "{error}");
    assert!(error.to_string().contains("NOWHERE"), "{error}");
}

#[test]
fn compare_with_a_slower_milling_scenario_gives_the_hand_computed_deltas() {
    // Scenario: C's milling takes 18 min instead of 12.
    // C: 10 + 20·18/60 = 16 (was 14), Δ = +2. A: 1.25·2·16 + 5 = 45 (was 40), Δ = +5.
    // B and M unchanged (Δ 0). MILL load: req C = 100 · 1.25 · 2 = 250 units; 250·12/60 = 50 h
    // → 50/40 = 1.25, then 250·18/60 = 75 h → 1.875, Δ = 0.625. ASSY: 100·1.25·0.5 = 62.5 h of
    // 100 both times. Profit: 100·(100 − 40) = 6000, then 100·(100 − 45) = 5500 (no fixed cost).
    let mut base = plan(TWO_LEVEL);
    save_as_scenario(&mut base, "slow mill").expect("new name");
    let step = base.scenarios[0]
        .plan
        .routing
        .iter_mut()
        .find(|s| s.item == "C")
        .expect("C is milled");
    step.run_min = 18.0;
    let scenario = scenario_plan(&base, "slow mill").expect("saved");
    let comparison = compare(
        &analyze(&base).expect("valid"),
        &analyze(&scenario).expect("valid"),
    );
    let item = |code: &str| {
        comparison
            .items
            .iter()
            .find(|i| i.code == code)
            .unwrap_or_else(|| panic!("{code} compared"))
    };
    assert_close(item("C").delta.expect("both sides"), 2.0, "Δ C");
    assert_close(item("A").unit_cost_a.expect("in A"), 40.0, "A in base");
    assert_close(item("A").unit_cost_b.expect("in B"), 45.0, "A in scenario");
    assert_close(item("A").delta.expect("both sides"), 5.0, "Δ A");
    assert_eq!(item("B").delta, Some(0.0));
    assert_eq!(item("M").delta, Some(0.0));
    let mill = &comparison.resources[0];
    assert_eq!(mill.code, "MILL");
    assert_close(
        mill.total_utilization_a.expect("in A"),
        1.25,
        "MILL in base",
    );
    assert_close(mill.delta.expect("both sides"), 0.625, "Δ MILL");
    assert_close(comparison.resources[1].delta.expect("both"), 0.0, "Δ ASSY");
    assert_eq!(comparison.bottleneck_a.as_deref(), Some("MILL"));
    assert_eq!(comparison.bottleneck_b.as_deref(), Some("MILL"));
    assert_close(comparison.profit_a, 6000.0, "profit A");
    assert_close(comparison.profit_b, 5500.0, "profit B");
}

#[test]
fn compare_leaves_codes_of_one_side_null_in_json() {
    // B drops item B and adds item X: B has no unit_cost_b, X has no unit_cost_a, neither a delta.
    let a = plan(TWO_LEVEL);
    let mut b = a.clone();
    b.items.retain(|i| i.code != "B");
    b.routing.retain(|s| s.item != "B");
    b.items.push(opsplan::domain::Item {
        code: "X".to_string(),
        purchase_cost: 3.0,
        ..Default::default()
    });
    let comparison = compare(&analyze(&a).expect("valid"), &analyze(&b).expect("valid"));
    let json = serde_json::to_value(&comparison).expect("serialisable");
    let items = json["items"].as_array().expect("items array");
    let codes: Vec<&str> = items.iter().filter_map(|i| i["code"].as_str()).collect();
    assert_eq!(codes, ["A", "B", "C", "M", "X"]);
    assert_eq!(items[1]["unit_cost_a"], 8.0);
    assert!(items[1]["unit_cost_b"].is_null() && items[1]["delta"].is_null());
    assert!(items[4]["unit_cost_a"].is_null() && items[4]["delta"].is_null());
    assert_eq!(items[4]["unit_cost_b"], 3.0);
}

#[test]
fn shadow_prices_match_re_solving_on_a_generated_plan() {
    // A generated plan (200 items, 20 resources, 12 periods) with every sold item priced 20 %
    // above its unit cost plus 1, and demand kept only for every other one, so that the LP has
    // capacity rows that bind. Each of the five highest shadow prices must equal the gain from
    // one more hour of that resource.
    let mut base = opsplan::app::generate::generate(opsplan::app::generate::GenerateSpec {
        items: 200,
        resources: 20,
        periods: 12,
        seed: 7,
    });
    let analysis = analyze(&base).expect("generated plans are valid");
    for (item, cost) in base.items.iter_mut().zip(&analysis.cost.items) {
        if item.price > 0.0 {
            item.price = cost.unit_cost * 1.2 + 1.0;
        }
    }
    let sold: Vec<String> = base
        .items
        .iter()
        .filter(|i| i.price > 0.0)
        .map(|i| i.code.clone())
        .collect();
    base.demand.retain(|d| {
        sold.iter()
            .position(|code| *code == d.item)
            .is_some_and(|p| p % 2 == 0)
    });
    let result = solved(&base);
    assert!(!result.binding.is_empty(), "some resource must bind");
    let mut prices = result.shadow_prices.clone();
    prices.sort_by(|a, b| b.value.total_cmp(&a.value));
    assert!(
        prices[0].value > 0.0,
        "a binding resource has a positive price"
    );
    for price in prices.iter().take(5) {
        let more = solved(&with_one_more_hour(&base, &price.resource));
        let gain = more.objective - result.objective;
        assert!(
            (gain - price.value).abs() <= 1e-4 * price.value.max(1.0),
            "{}: objective rose by {gain}, shadow price {}",
            price.resource,
            price.value
        );
    }
}
