//! Acceptance tests of the cost and capacity analytics (DESIGN.md §2) on a small plan whose every
//! number is worked out by hand below.
//!
//! # The plan (3 weekly periods, 52 periods per year)
//! Resources:
//! - ASM: 1 unit × 40 h × efficiency 1 = 40 h available per period; 30 €/h; fixed 200/period,
//!   capital 52 000 over 10 years → fixed per period 200 + 52 000/(10·52) = 300;
//!   fixed rate 300/40 = 7.5 €/h.
//! - MILL: 2 units × 40 h × 0.75 = 60 h per period; 60 €/h; capital 31 200 over 5 years →
//!   fixed per period 31 200/(5·52) = 120; fixed rate 120/60 = 2 €/h.
//!
//! Items (plan order), BOM and routing:
//! - BIKE (finished, price 500, lot 20) = 1 FRAME + 4 BOLT; step 10 ASSY on ASM, setup 30,
//!   run 10, yield 0.97.
//! - FRAME (component, price 0, lot 100) = 2.5 TUBE; step 10 CUT on MILL (setup 60, run 30,
//!   yield 0.8), step 20 PAINT on ASM (setup 15, run 4, yield 0.9) — listed 20 before 10.
//! - TUBE (material, bought at 8, lot-for-lot); step 10 INSPECT on ASM, setup 10, run 1.5,
//!   yield 0.96.
//! - BOLT (material, bought at 0.5, lot-for-lot, no routing).
//! - SERVICE (service, price 80, lot-for-lot, no demand); step 10 on ASM, setup 12, run 30.
//!
//! Demand: BIKE 97 in period 1 and 40 in period 2; FRAME 10 in period 3 (unpriced spares).
//!
//! # Hand computation
//! e_s = 1/(y_s·…·y_n): BIKE e_1 = 1/0.97 = 1.030928; FRAME e_CUT = 1/(0.8·0.9) = 1/0.72 =
//! 1.388889, e_PAINT = 1/0.9 = 1.111111; TUBE e_1 = 1/0.96 = 1.041667; BOLT e_1 = 1 (no routing);
//! SERVICE e_1 = 1. rty: BIKE 0.97, FRAME 0.72, TUBE 0.96, BOLT 1, SERVICE 1.
//!
//! Requirements (req = demand + Σ parents' req·e_1·qty):
//! - BIKE: 97, 40, 0.
//! - FRAME: 97/0.97·1 = 100, 40/0.97 = 41.237113, 10 (its own demand).
//! - BOLT: 4·100 = 400, 4·41.237113 = 164.948454, 0.
//! - TUBE: 2.5·100/0.72 = 347.222222, 2.5·41.237113/0.72 = 143.184422, 2.5·10/0.72 = 34.722222.
//!
//! Lots: BIKE ceil(97/20 = 4.85) = 5, ceil(40/20 = 2) = 2; FRAME: 97·(1/0.97) is
//! 100.00000000000001 in floating point, ceil(1.0000000000000002 − 1e-9) = 1 lot (not 2), then
//! 1 and 1; BOLT and TUBE lot-for-lot: 1 in every period with a requirement.
//!
//! Load hours ([req·e_s·run + lots·setup]/60):
//! - ASM p1 = (100·10 + 5·30 + 100/0.9·4 + 15 + 347.222222/0.96·1.5 + 10)/60
//!   = (1000 + 150 + 444.444444 + 15 + 542.534722 + 10)/60 = 36.032986 → utilisation 0.900825.
//! - ASM p2 = (40/0.97·10 + 2·30 + 41.237113/0.9·4 + 15 + 143.184422/0.96·1.5 + 10)/60 = 15.072881.
//! - ASM p3 = (10/0.9·4 + 15 + 34.722222/0.96·1.5 + 10)/60 = 2.061632.
//! - MILL p1 = (100/0.72·30 + 60)/60 = 70.444444 → utilisation 1.174074 (overloaded);
//!   p2 = (41.237113/0.72·30 + 60)/60 = 29.636884; p3 = (10/0.72·30 + 60)/60 = 7.944444.
//! - total utilisation ASM 53.167499/120 = 0.443062, MILL 108.025773/180 = 0.600143 →
//!   bottleneck MILL; peak ASM 0.900825, MILL 1.174074.
//!
//! Effective lots: BIKE 20, FRAME 100, TUBE (347.222222 + 143.184422 + 34.722222)/3 = 175.042955,
//! BOLT (400 + 164.948454)/2 = 282.474227, SERVICE 1 (no requirement).
//!
//! Unit costs (variable rates ASM 30, MILL 60):
//! - TUBE: purchase 8/0.96 = 8.333333; conversion 30·(1.5/0.96 + 10/175.042955)/60 = 0.809814;
//!   unit cost 9.143148.
//! - BOLT: purchase 0.5 = unit cost.
//! - FRAME: material (1/0.72)·2.5·9.143148 = 31.747041; conversion 60·(30/0.72 + 60/100)/60
//!   + 30·(4/0.9 + 15/100)/60 = 42.266667 + 2.297222 = 44.563889; unit cost 76.310930.
//! - BIKE: material (1/0.97)·(1·76.310930 + 4·0.5) = 80.732917; conversion 30·(10/0.97 + 30/20)/60
//!   = 5.904639; unit cost 86.637556.
//! - SERVICE: conversion 30·(30 + 12/1)/60 = 21.
//!
//! COPQ (all yields 1, same effective lots): TUBE 8 + 30·(1.5 + 10/175.042955)/60 = 8.778564 →
//! copq 0.364583; FRAME 2.5·8.778564 + 60·30.6/60 + 30·4.15/60 = 54.621411 → copq 21.689519;
//! BIKE 54.621411 + 4·0.5 + 30·(10 + 1.5)/60 = 62.371411 → copq 24.266145; BOLT and SERVICE 0.
//!
//! Full unit cost (rates ASM 37.5, MILL 62): TUBE 8/0.96 + 37.5·(1.5/0.96 + 10/175.042955)/60 =
//! 9.345601; FRAME (2.5/0.72)·9.345601 + 62·(30/0.72 + 0.6)/60 + 37.5·(4/0.9 + 0.15)/60 =
//! 78.997088; BIKE (78.997088 + 2)/0.97 + 37.5·(10/0.97 + 1.5)/60 = 90.882952; SERVICE 37.5·42/60
//! = 26.25.
//!
//! Idle cost: ASM 3·300 − 7.5·53.167499 = 501.243758; MILL 3·120 − 2·108.025773 = 143.948454.
//!
//! Margins: BIKE 500 − 86.637556 = 413.362444 (82.67 %); SERVICE 80 − 21 = 59 (73.75 %);
//! FRAME −76.310930, TUBE −9.143148, BOLT −0.5 with margin_pct null (price 0).
//!
//! Break-even: fixed cost (300 + 120)·3 = 1260; contribution over items with demand =
//! 137·413.362444 + 10·(−76.310930) = 55 867.545479; ratio = 1260/55 867.545479 = 0.022553345;
//! break-even BIKE 137·ratio = 3.089808, FRAME 10·ratio = 0.225533; no demand → null.
//!
//! Totals: revenue 137·500 = 68 500; variable cost 137·86.637556 + 10·76.310930 = 12 632.454521;
//! profit 68 500 − 12 632.454521 − 1260 = 54 607.545479; profit margin 0.797190.

use opsplan::analytics::capacity::{CapacityResults, capacity};
use opsplan::analytics::cost::{CostError, CostResults, ItemCost, Totals, cost, rollup_breakdown};
use opsplan::analytics::plan_index::PlanIndex;
use opsplan::analytics::{analyze, capacity::ItemPeriodEntry};
use opsplan::domain::{BomLine, Demand, Item, ItemKind, Plan, PlanSettings, Resource, RoutingStep};

/// Asserts `actual` equals `expected` within 1e-9 relative (absolute below magnitude 1).
fn assert_close(actual: f64, expected: f64, what: &str) {
    let tolerance = 1e-9 * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: got {actual}, expected {expected}"
    );
}

/// Utilisations that must all exist (every resource here has hours in every period).
fn defined(utilization: &[Option<f64>]) -> Vec<f64> {
    utilization
        .iter()
        .map(|u| u.expect("a utilisation in every period"))
        .collect()
}

/// Asserts two series element by element.
fn assert_all_close(actual: &[f64], expected: &[f64], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: length");
    for (t, (&a, &e)) in actual.iter().zip(expected).enumerate() {
        assert_close(a, e, &format!("{what}[{t}]"));
    }
}

fn item(code: &str, kind: ItemKind, price: f64, purchase_cost: f64, lot_size: Option<f64>) -> Item {
    Item {
        code: code.to_string(),
        kind,
        price,
        purchase_cost,
        lot_size,
        ..Item::default()
    }
}

#[allow(clippy::too_many_arguments)]
fn resource(
    code: &str,
    units: i64,
    efficiency: f64,
    cost_per_hour: f64,
    fixed_cost_per_period: f64,
    capital_cost: f64,
    life_years: f64,
) -> Resource {
    Resource {
        code: code.to_string(),
        units,
        hours_per_period: 40.0,
        efficiency,
        cost_per_hour,
        fixed_cost_per_period,
        capital_cost,
        life_years,
        ..Resource::default()
    }
}

fn step(
    item: &str,
    seq: i64,
    resource: &str,
    setup_min: f64,
    run_min: f64,
    yield_: f64,
) -> RoutingStep {
    RoutingStep {
        item: item.to_string(),
        seq,
        name: format!("{item}-{seq}"),
        resource: resource.to_string(),
        setup_min,
        run_min,
        yield_,
    }
}

fn bom(parent: &str, child: &str, qty: f64) -> BomLine {
    BomLine {
        parent: parent.to_string(),
        child: child.to_string(),
        qty,
    }
}

fn demand(item: &str, period: i64, qty: f64) -> Demand {
    Demand {
        item: item.to_string(),
        period,
        qty,
    }
}

/// The hand-worked plan described in the module comment.
fn hand_plan() -> Plan {
    Plan {
        settings: PlanSettings {
            name: "Hand-worked".to_string(),
            periods: 3,
            ..PlanSettings::default()
        },
        items: vec![
            item("BIKE", ItemKind::Finished, 500.0, 0.0, Some(20.0)),
            item("FRAME", ItemKind::Component, 0.0, 0.0, Some(100.0)),
            item("TUBE", ItemKind::Material, 0.0, 8.0, None),
            item("BOLT", ItemKind::Material, 0.0, 0.5, None),
            item("SERVICE", ItemKind::Service, 80.0, 0.0, None),
        ],
        bom: vec![
            bom("BIKE", "FRAME", 1.0),
            bom("BIKE", "BOLT", 4.0),
            bom("FRAME", "TUBE", 2.5),
        ],
        resources: vec![
            resource("ASM", 1, 1.0, 30.0, 200.0, 52_000.0, 10.0),
            resource("MILL", 2, 0.75, 60.0, 0.0, 31_200.0, 5.0),
        ],
        routing: vec![
            step("FRAME", 20, "ASM", 15.0, 4.0, 0.9),
            step("BIKE", 10, "ASM", 30.0, 10.0, 0.97),
            step("FRAME", 10, "MILL", 60.0, 30.0, 0.8),
            step("TUBE", 10, "ASM", 10.0, 1.5, 0.96),
            step("SERVICE", 10, "ASM", 12.0, 30.0, 1.0),
        ],
        demand: vec![
            demand("BIKE", 1, 97.0),
            demand("BIKE", 2, 40.0),
            demand("FRAME", 3, 10.0),
        ],
        ..Plan::default()
    }
}

/// Requirements of the hand plan, per item and period, from the module comment.
struct HandRequirements {
    frame: [f64; 3],
    bolt: [f64; 2],
    tube: [f64; 3],
}

fn hand_requirements() -> HandRequirements {
    let frame = [97.0 / 0.97, 40.0 / 0.97, 10.0];
    HandRequirements {
        frame,
        bolt: [4.0 * frame[0], 4.0 * frame[1]],
        tube: [
            2.5 * frame[0] / 0.72,
            2.5 * frame[1] / 0.72,
            2.5 * frame[2] / 0.72,
        ],
    }
}

/// Effective lot of TUBE: (347.222222 + 143.184422 + 34.722222)/3 = 175.042955.
fn tube_lot() -> f64 {
    hand_requirements().tube.iter().sum::<f64>() / 3.0
}

/// Unit costs per item at the given rates (ASM, MILL) and yields, as worked by hand.
struct HandCosts {
    tube: f64,
    frame: f64,
    bike: f64,
    service: f64,
}

fn hand_costs(asm_rate: f64, mill_rate: f64, with_yields: bool) -> HandCosts {
    let e = |value: f64| if with_yields { value } else { 1.0 };
    let tube = e(1.0 / 0.96) * 8.0 + asm_rate * (e(1.0 / 0.96) * 1.5 + 10.0 / tube_lot()) / 60.0;
    let frame = e(1.0 / 0.72) * 2.5 * tube
        + mill_rate * (e(1.0 / 0.72) * 30.0 + 60.0 / 100.0) / 60.0
        + asm_rate * (e(1.0 / 0.9) * 4.0 + 15.0 / 100.0) / 60.0;
    let bike = e(1.0 / 0.97) * (frame + 4.0 * 0.5)
        + asm_rate * (e(1.0 / 0.97) * 10.0 + 30.0 / 20.0) / 60.0;
    let service = asm_rate * (30.0 + 12.0 / 1.0) / 60.0;
    HandCosts {
        tube,
        frame,
        bike,
        service,
    }
}

/// Load hours per period of ASM and MILL, as worked by hand.
fn hand_load() -> ([f64; 3], [f64; 3]) {
    let r = hand_requirements();
    let bike = [97.0, 40.0, 0.0];
    let bike_lots = [5.0, 2.0, 0.0];
    let asm: Vec<f64> = (0..3)
        .map(|t| {
            (bike[t] / 0.97 * 10.0
                + bike_lots[t] * 30.0
                + r.frame[t] / 0.9 * 4.0
                + 15.0
                + r.tube[t] / 0.96 * 1.5
                + 10.0)
                / 60.0
        })
        .collect();
    let mill: Vec<f64> = (0..3)
        .map(|t| (r.frame[t] / 0.72 * 30.0 + 60.0) / 60.0)
        .collect();
    ([asm[0], asm[1], asm[2]], [mill[0], mill[1], mill[2]])
}

fn run(plan: &Plan) -> (CapacityResults, CostResults, Totals) {
    let capacity_results = capacity(plan);
    let (cost_results, totals) = cost(plan, &capacity_results);
    (capacity_results, cost_results, totals)
}

fn item_cost<'a>(results: &'a CostResults, code: &str) -> &'a ItemCost {
    results
        .items
        .iter()
        .find(|c| c.code == code)
        .unwrap_or_else(|| panic!("no cost line for {code}"))
}

#[test]
fn entering_units_and_rty_follow_the_routing_yields_in_seq_order() {
    let plan = hand_plan();
    let index = PlanIndex::new(&plan);
    let frame = index.item("FRAME").expect("FRAME indexed");
    let entering: Vec<f64> = index.steps(frame).iter().map(|s| s.entering).collect();
    // CUT (seq 10) first although listed second: e_CUT = 1/0.72, e_PAINT = 1/0.9.
    assert_all_close(&entering, &[1.0 / 0.72, 1.0 / 0.9], "FRAME e_s");
    assert_close(index.entering_first(0), 1.0 / 0.97, "BIKE e_1");
    assert_close(index.entering_first(3), 1.0, "BOLT e_1 without routing");
    let (_, costs, _) = run(&plan);
    let rty: Vec<f64> = costs.items.iter().map(|c| c.rty).collect();
    assert_all_close(&rty, &[0.97, 0.72, 0.96, 1.0, 1.0], "rty");
}

#[test]
fn requirements_explode_demand_through_three_bom_levels() {
    let (capacity_results, _, _) = run(&hand_plan());
    let r = hand_requirements();
    let expected = [
        ("BIKE", 1, 97.0),
        ("BIKE", 2, 40.0),
        ("FRAME", 1, r.frame[0]),
        ("FRAME", 2, r.frame[1]),
        ("FRAME", 3, r.frame[2]),
        ("TUBE", 1, r.tube[0]),
        ("TUBE", 2, r.tube[1]),
        ("TUBE", 3, r.tube[2]),
        ("BOLT", 1, r.bolt[0]),
        ("BOLT", 2, r.bolt[1]),
    ];
    let found: Vec<(&str, i64)> = capacity_results
        .requirements
        .entries()
        .map(|q: ItemPeriodEntry| (q.item, q.period))
        .collect();
    let wanted: Vec<(&str, i64)> = expected.iter().map(|&(i, p, _)| (i, p)).collect();
    assert_eq!(
        found, wanted,
        "non-zero requirements in plan order, period ascending"
    );
    for (requirement, &(code, period, qty)) in
        capacity_results.requirements.entries().zip(&expected)
    {
        assert_close(requirement.value, qty, &format!("req {code} p{period}"));
    }
}

#[test]
fn lots_round_up_with_the_97_over_0_97_tolerance_and_lot_for_lot() {
    let (capacity_results, _, _) = run(&hand_plan());
    let lots: Vec<(&str, i64, f64)> = capacity_results
        .lots
        .entries()
        .map(|l: ItemPeriodEntry| (l.item, l.period, l.value))
        .collect();
    // FRAME p1 needs 100.00000000000001 in lots of 100: 1 lot thanks to the 1e-9 tolerance.
    assert!(hand_requirements().frame[0] <= 100.0 + 1e-9);
    assert_eq!(
        lots,
        vec![
            ("BIKE", 1, 5.0),
            ("BIKE", 2, 2.0),
            ("FRAME", 1, 1.0),
            ("FRAME", 2, 1.0),
            ("FRAME", 3, 1.0),
            ("TUBE", 1, 1.0),
            ("TUBE", 2, 1.0),
            ("TUBE", 3, 1.0),
            ("BOLT", 1, 1.0),
            ("BOLT", 2, 1.0),
        ]
    );
}

#[test]
fn load_available_and_utilization_per_resource_and_period() {
    let (capacity_results, _, _) = run(&hand_plan());
    let (asm_load, mill_load) = hand_load();
    let [asm, mill] = capacity_results.resources.as_slice() else {
        panic!("two resources expected");
    };
    assert_eq!((asm.code.as_str(), mill.code.as_str()), ("ASM", "MILL"));
    // ASM p1 = 2161.979167/60 = 36.032986 h.
    assert_close(
        asm.load[0],
        36.032_986_111_111_11,
        "ASM load p1 in decimals",
    );
    assert_all_close(&asm.load, &asm_load, "ASM load");
    assert_all_close(&mill.load, &mill_load, "MILL load");
    assert_all_close(&asm.available, &[40.0; 3], "ASM available");
    assert_all_close(&mill.available, &[60.0; 3], "MILL available (2·40·0.75)");
    let asm_utilization: Vec<f64> = asm_load.iter().map(|h| h / 40.0).collect();
    let mill_utilization: Vec<f64> = mill_load.iter().map(|h| h / 60.0).collect();
    assert_all_close(
        &defined(&asm.utilization),
        &asm_utilization,
        "ASM utilization",
    );
    assert_all_close(
        &defined(&mill.utilization),
        &mill_utilization,
        "MILL utilization",
    );
    // MILL p1 = (100/0.72·30 + 60)/60 = 70.444444 h of 60: overloaded at 1.174074.
    assert_close(
        mill.utilization[0].expect("MILL has hours"),
        70.444_444_444_444_44 / 60.0,
        "MILL overload p1",
    );
    assert!(mill.utilization[0] > Some(1.0) && asm.utilization[0] < Some(1.0));
}

#[test]
fn total_and_peak_utilization_and_bottleneck() {
    let (capacity_results, _, _) = run(&hand_plan());
    let (asm_load, mill_load) = hand_load();
    let asm = &capacity_results.resources[0];
    let mill = &capacity_results.resources[1];
    // ASM 53.167499/120 = 0.443062; MILL 108.025773/180 = 0.600143.
    assert_close(
        asm.total_utilization.expect("ASM has hours"),
        asm_load.iter().sum::<f64>() / 120.0,
        "ASM total",
    );
    assert_close(
        mill.total_utilization.expect("MILL has hours"),
        mill_load.iter().sum::<f64>() / 180.0,
        "MILL total",
    );
    assert_close(
        asm.peak_utilization.expect("a peak"),
        asm_load[0] / 40.0,
        "ASM peak",
    );
    assert_close(
        mill.peak_utilization.expect("a peak"),
        mill_load[0] / 60.0,
        "MILL peak",
    );
    assert_eq!(capacity_results.bottleneck.as_deref(), Some("MILL"));
}

#[test]
fn purchase_material_conversion_and_unit_cost_roll_up_three_levels() {
    let (_, costs, _) = run(&hand_plan());
    let hand = hand_costs(30.0, 60.0, true);
    let tube = item_cost(&costs, "TUBE");
    assert_close(tube.purchase, 8.0 / 0.96, "TUBE purchase = e_1·8");
    assert_close(tube.material, 0.0, "TUBE material");
    assert_close(
        tube.conversion,
        30.0 * (1.5 / 0.96 + 10.0 / tube_lot()) / 60.0,
        "TUBE conversion",
    );
    assert_close(tube.unit_cost, hand.tube, "TUBE unit cost");
    assert_close(
        tube.unit_cost,
        9.143_147_750_511_249,
        "TUBE unit cost in decimals",
    );
    let frame = item_cost(&costs, "FRAME");
    assert_close(frame.purchase, 0.0, "FRAME purchase");
    assert_close(
        frame.material,
        2.5 * hand.tube / 0.72,
        "FRAME material = e_1·2.5·TUBE",
    );
    let frame_conversion =
        60.0 * (30.0 / 0.72 + 60.0 / 100.0) / 60.0 + 30.0 * (4.0 / 0.9 + 15.0 / 100.0) / 60.0;
    assert_close(frame.conversion, frame_conversion, "FRAME conversion");
    assert_close(
        frame.conversion,
        44.563_888_888_888_88,
        "FRAME conversion decimals",
    );
    assert_close(frame.unit_cost, hand.frame, "FRAME unit cost");
    let bike = item_cost(&costs, "BIKE");
    assert_close(
        bike.material,
        (hand.frame + 4.0 * 0.5) / 0.97,
        "BIKE material",
    );
    assert_close(
        bike.conversion,
        30.0 * (10.0 / 0.97 + 30.0 / 20.0) / 60.0,
        "BIKE conversion",
    );
    assert_close(bike.unit_cost, hand.bike, "BIKE unit cost");
    assert_close(
        bike.unit_cost,
        86.637_556_380_696_04,
        "BIKE unit cost in decimals",
    );
    let bolt = item_cost(&costs, "BOLT");
    assert_close(bolt.purchase, 0.5, "BOLT purchase with e_1 = 1");
    assert_close(bolt.unit_cost, 0.5, "BOLT unit cost");
    // SERVICE has no requirement, so its lot-for-lot effective lot is 1: 30·(30 + 12/1)/60 = 21.
    assert_close(
        item_cost(&costs, "SERVICE").unit_cost,
        21.0,
        "SERVICE unit cost",
    );
    assert_close(hand.service, 21.0, "SERVICE by the formula");
}

#[test]
fn copq_is_unit_cost_minus_unit_cost_at_perfect_yields() {
    let (_, costs, _) = run(&hand_plan());
    let planned = hand_costs(30.0, 60.0, true);
    let perfect = hand_costs(30.0, 60.0, false);
    assert_close(
        item_cost(&costs, "TUBE").copq,
        planned.tube - perfect.tube,
        "TUBE copq",
    );
    assert_close(
        item_cost(&costs, "TUBE").copq,
        0.364_583_333_333_333_9,
        "TUBE copq decimals",
    );
    assert_close(
        item_cost(&costs, "FRAME").copq,
        planned.frame - perfect.frame,
        "FRAME copq",
    );
    assert_close(
        item_cost(&costs, "BIKE").copq,
        planned.bike - perfect.bike,
        "BIKE copq",
    );
    assert_close(
        perfect.bike,
        62.371_411_042_944_79,
        "BIKE at perfect yields decimals",
    );
    assert_close(item_cost(&costs, "BOLT").copq, 0.0, "BOLT copq");
    assert_close(item_cost(&costs, "SERVICE").copq, 0.0, "SERVICE copq");
}

#[test]
fn full_unit_cost_adds_the_fixed_rate_per_available_hour() {
    let (_, costs, _) = run(&hand_plan());
    // Rates: ASM 30 + 300/40 = 37.5; MILL 60 + 120/60 = 62.
    let full = hand_costs(37.5, 62.0, true);
    assert_close(
        item_cost(&costs, "TUBE").full_unit_cost,
        full.tube,
        "TUBE full",
    );
    assert_close(
        item_cost(&costs, "FRAME").full_unit_cost,
        full.frame,
        "FRAME full",
    );
    assert_close(
        item_cost(&costs, "BIKE").full_unit_cost,
        full.bike,
        "BIKE full",
    );
    assert_close(
        item_cost(&costs, "BIKE").full_unit_cost,
        90.882_951_585_072_02,
        "BIKE full decimals",
    );
    assert_close(
        item_cost(&costs, "SERVICE").full_unit_cost,
        26.25,
        "SERVICE full = 37.5·42/60",
    );
    assert_close(item_cost(&costs, "BOLT").full_unit_cost, 0.5, "BOLT full");
}

#[test]
fn idle_cost_is_fixed_cost_minus_fixed_rate_times_load() {
    let (_, costs, _) = run(&hand_plan());
    let (asm_load, mill_load) = hand_load();
    let idle: Vec<(&str, f64)> = costs
        .idle
        .iter()
        .map(|i| (i.resource.as_str(), i.idle_cost))
        .collect();
    assert_eq!(idle.len(), 2);
    assert_eq!((idle[0].0, idle[1].0), ("ASM", "MILL"));
    assert_close(
        idle[0].1,
        900.0 - 7.5 * asm_load.iter().sum::<f64>(),
        "ASM idle",
    );
    assert_close(idle[0].1, 501.243_758_054_123_7, "ASM idle decimals");
    assert_close(
        idle[1].1,
        360.0 - 2.0 * mill_load.iter().sum::<f64>(),
        "MILL idle",
    );
}

#[test]
fn idle_cost_is_negative_when_a_resource_is_overloaded_over_the_horizon() {
    // One resource, 10 h per period, fixed 100 per period (rate 10/h); one item takes 30 min per
    // unit and 30 units are due in the single period: load 15 h → idle 100 − 10·15 = −50.
    let plan = Plan {
        settings: PlanSettings {
            name: "Overload".to_string(),
            periods: 1,
            ..PlanSettings::default()
        },
        items: vec![item("X", ItemKind::Finished, 0.0, 0.0, None)],
        resources: vec![Resource {
            code: "R".to_string(),
            hours_per_period: 10.0,
            fixed_cost_per_period: 100.0,
            ..Resource::default()
        }],
        routing: vec![step("X", 10, "R", 0.0, 30.0, 1.0)],
        demand: vec![demand("X", 1, 30.0)],
        ..Plan::default()
    };
    let (capacity_results, costs, _) = run(&plan);
    assert_close(capacity_results.resources[0].load[0], 15.0, "load");
    assert_close(costs.idle[0].idle_cost, -50.0, "idle when overloaded");
}

#[test]
fn margin_and_margin_pct_with_none_at_price_zero() {
    let (_, costs, _) = run(&hand_plan());
    let hand = hand_costs(30.0, 60.0, true);
    let bike = item_cost(&costs, "BIKE");
    assert_close(bike.price, 500.0, "BIKE price");
    assert_close(bike.margin, 500.0 - hand.bike, "BIKE margin");
    assert_close(
        bike.margin_pct.expect("priced"),
        (500.0 - hand.bike) / 500.0,
        "BIKE margin %",
    );
    let service = item_cost(&costs, "SERVICE");
    assert_close(service.margin, 59.0, "SERVICE margin 80 − 21");
    assert_close(
        service.margin_pct.expect("priced"),
        0.7375,
        "SERVICE margin % 59/80",
    );
    let frame = item_cost(&costs, "FRAME");
    assert_close(frame.margin, -hand.frame, "FRAME margin at price 0");
    assert_eq!(frame.margin_pct, None);
    assert_eq!(item_cost(&costs, "TUBE").margin_pct, None);
}

#[test]
fn break_even_at_the_planned_mix() {
    let (_, costs, _) = run(&hand_plan());
    let hand = hand_costs(30.0, 60.0, true);
    let contribution = 137.0 * (500.0 - hand.bike) + 10.0 * (0.0 - hand.frame);
    let ratio = 1260.0 / contribution;
    assert_close(
        costs.break_even.fixed_cost,
        1260.0,
        "fixed cost (300 + 120)·3",
    );
    assert_close(costs.break_even.contribution, contribution, "contribution");
    assert_close(
        costs.break_even.contribution,
        55_867.545_478_951_89,
        "contribution decimals",
    );
    assert_close(
        costs.break_even.ratio.expect("positive contribution"),
        ratio,
        "ratio",
    );
    let quantities: Vec<Option<f64>> = costs.items.iter().map(|c| c.break_even_qty).collect();
    assert_close(
        quantities[0].expect("BIKE has demand"),
        137.0 * ratio,
        "BIKE break-even",
    );
    assert_close(
        quantities[1].expect("FRAME has demand"),
        10.0 * ratio,
        "FRAME break-even",
    );
    assert_eq!(
        &quantities[2..],
        &[None, None, None],
        "no demand, no break-even quantity"
    );
}

#[test]
fn scaling_demand_by_the_break_even_ratio_gives_zero_profit() {
    let plan = hand_plan();
    let (_, costs, _) = run(&plan);
    let ratio = costs.break_even.ratio.expect("positive contribution");
    let mut scaled = plan.clone();
    for row in &mut scaled.demand {
        row.qty *= ratio;
    }
    // Unit costs are held at the plan's values: lot-for-lot items get their plan average lot as
    // a fixed lot size (TUBE 175.042955, BOLT 282.474227), so set-ups spread the same way.
    let bolt_lot = (400.0 + 4.0 * 40.0 / 0.97) / 2.0;
    scaled.items[2].lot_size = Some(tube_lot());
    scaled.items[3].lot_size = Some(bolt_lot);
    let (_, scaled_costs, scaled_totals) = run(&scaled);
    assert_close(
        scaled_costs.items[0].unit_cost,
        costs.items[0].unit_cost,
        "BIKE unit cost held",
    );
    assert!(
        scaled_totals.profit.abs() <= 1e-9 * scaled_totals.revenue,
        "profit at break-even: {}",
        scaled_totals.profit
    );
    assert_close(
        scaled_totals.revenue,
        137.0 * ratio * 500.0,
        "revenue at break-even",
    );
}

#[test]
fn totals_add_revenue_variable_and_fixed_cost() {
    let (_, _, totals) = run(&hand_plan());
    let hand = hand_costs(30.0, 60.0, true);
    let variable_cost = 137.0 * hand.bike + 10.0 * hand.frame;
    let profit = 68_500.0 - variable_cost - 1260.0;
    assert_close(totals.revenue, 68_500.0, "revenue 137·500");
    assert_close(totals.variable_cost, variable_cost, "variable cost");
    assert_close(totals.fixed_cost, 1260.0, "fixed cost");
    assert_close(totals.profit, profit, "profit");
    assert_close(totals.profit, 54_607.545_478_951_89, "profit decimals");
    assert_close(
        totals.profit_margin.expect("revenue"),
        profit / 68_500.0,
        "profit margin",
    );
}

#[test]
fn analyze_gives_the_same_numbers_and_json_nulls() {
    let plan = hand_plan();
    let analysis = analyze(&plan).expect("the hand plan is valid");
    let (capacity_results, costs, totals) = run(&plan);
    assert_eq!(analysis.capacity, capacity_results);
    assert_eq!(analysis.cost, costs);
    assert_eq!(analysis.totals, totals);
    let json = serde_json::to_value(&analysis).expect("serialises");
    assert_eq!(json["cost"]["items"][1]["code"], "FRAME");
    assert!(json["cost"]["items"][1]["margin_pct"].is_null());
    assert!(json["cost"]["items"][4]["break_even_qty"].is_null());
    assert_eq!(json["capacity"]["bottleneck"], "MILL");
}

#[test]
fn rollup_breakdown_splits_material_by_child_and_conversion_by_step() {
    let plan = hand_plan();
    let hand = hand_costs(30.0, 60.0, true);
    let bike = rollup_breakdown(&plan, "BIKE").expect("BIKE exists");
    assert_close(bike.entering_first, 1.0 / 0.97, "BIKE e_1");
    assert_close(bike.effective_lot, 20.0, "BIKE lot");
    let children: Vec<(&str, f64)> = bike
        .children
        .iter()
        .map(|c| (c.code.as_str(), c.contribution))
        .collect();
    assert_eq!(children.len(), 2);
    assert_eq!((children[0].0, children[1].0), ("FRAME", "BOLT"));
    assert_close(
        children[0].1,
        1.0 * hand.frame / 0.97,
        "FRAME share of BIKE",
    );
    assert_close(children[1].1, 4.0 * 0.5 / 0.97, "BOLT share of BIKE");
    assert_close(
        bike.material,
        children[0].1 + children[1].1,
        "material = Σ shares",
    );
    assert_close(bike.unit_cost, hand.bike, "BIKE unit cost");
    let frame = rollup_breakdown(&plan, "FRAME").expect("FRAME exists");
    let steps: Vec<(i64, &str, f64)> = frame
        .steps
        .iter()
        .map(|s| (s.seq, s.resource.as_str(), s.conversion))
        .collect();
    assert_eq!(
        (steps[0].0, steps[0].1, steps[1].0, steps[1].1),
        (10, "MILL", 20, "ASM")
    );
    assert_close(
        steps[0].2,
        60.0 * (30.0 / 0.72 + 60.0 / 100.0) / 60.0,
        "CUT conversion",
    );
    assert_close(
        steps[1].2,
        30.0 * (4.0 / 0.9 + 15.0 / 100.0) / 60.0,
        "PAINT conversion",
    );
    assert_close(
        frame.conversion,
        steps[0].2 + steps[1].2,
        "conversion = Σ steps",
    );
    assert_eq!(
        rollup_breakdown(&plan, "WHEEL"),
        Err(CostError::UnknownItem {
            code: "WHEEL".to_string()
        })
    );
}

#[test]
fn unpriced_demand_only_gives_no_break_even_ratio() {
    // Only FRAME spares are demanded (price 0): contribution = 10·(0 − 76.31) < 0 → ratio null.
    let mut plan = hand_plan();
    plan.demand = vec![demand("FRAME", 3, 10.0)];
    let (_, costs, totals) = run(&plan);
    assert!(costs.break_even.contribution < 0.0);
    assert_eq!(costs.break_even.ratio, None);
    assert!(costs.items.iter().all(|c| c.break_even_qty.is_none()));
    assert_eq!(totals.revenue, 0.0);
    assert_eq!(totals.profit_margin, None);
}

#[test]
fn a_plan_without_resources_has_no_bottleneck_and_no_conversion() {
    let mut plan = hand_plan();
    plan.resources.clear();
    let (capacity_results, costs, _) = run(&plan);
    assert_eq!(capacity_results.bottleneck, None);
    assert!(capacity_results.resources.is_empty());
    assert!(costs.idle.is_empty());
    // BIKE without rates: (FRAME + 4·0.5)/0.97 with FRAME = 2.5·(8/0.96)/0.72.
    let frame = 2.5 * (8.0 / 0.96) / 0.72;
    assert_close(
        item_cost(&costs, "BIKE").unit_cost,
        (frame + 2.0) / 0.97,
        "material only",
    );
}

#[test]
fn a_bom_cycle_neither_hangs_nor_panics() {
    // TUBE → BIKE closes BIKE → FRAME → TUBE → BIKE; analyze refuses it, cost and capacity must
    // still terminate with finite numbers.
    let mut plan = hand_plan();
    plan.bom.push(bom("TUBE", "BIKE", 1.0));
    plan.bom.push(bom("BOLT", "BOLT", 2.0));
    assert!(analyze(&plan).is_err());
    let (capacity_results, costs, totals) = run(&plan);
    assert!(costs.items.iter().all(|c| c.unit_cost.is_finite()));
    assert!(
        capacity_results
            .requirements
            .entries()
            .all(|r| r.value.is_finite())
    );
    assert!(totals.profit.is_finite());
}

#[test]
fn an_empty_horizon_and_an_empty_plan_give_empty_results() {
    let (capacity_results, costs, totals) = run(&Plan::default());
    assert!(capacity_results.resources.is_empty() && costs.items.is_empty());
    assert_eq!(totals.profit_margin, None);
    let mut plan = hand_plan();
    plan.settings.periods = 0;
    let (capacity_results, costs, totals) = run(&plan);
    assert!(capacity_results.requirements.is_empty());
    assert_eq!(capacity_results.resources[0].total_utilization, Some(0.0));
    assert_eq!(totals.fixed_cost, 0.0);
    assert_eq!(costs.items.len(), 5);
}
