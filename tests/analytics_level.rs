//! Levelling LP (DESIGN.md §6) on plans whose optimum is worked out by hand, and a feasibility
//! checker that recomputes balance, capacity and every cost part from the returned schedule alone.
//!
//! Common figures of the small plans: one week = one period, 52 periods a year, holding rate
//! 0.25, so an item bought at 52 has `h = 52 · 0.25 / 52 = 0.25` per unit and period and the
//! default backorder cost `b = 4 · 0.25 = 1.0`. Resources have cost_per_hour 0 so unit costs are
//! the purchase costs; a 60-minute step is one hour per unit.

use std::collections::HashMap;

use opsplan::analytics::availability::Availability;
use opsplan::analytics::level::{CapacityRows, LevelControl, LevelResult, level, level_with};
use opsplan::app::generate::{GenerateSpec, generate};
use opsplan::domain::{ItemKind, Plan};
use opsplan::io::json::parse_plan;

const CLOSE: f64 = 1e-6;

fn plan(text: &str) -> Plan {
    parse_plan(text).expect("test plans are valid JSON")
}

fn solved(plan: &Plan) -> LevelResult {
    let result = level(plan).expect("the test plan levels");
    assert_feasible(plan, &result);
    result
}

/// x per period (index 0 = period 1) of one item, from `schedule`.
fn schedule_of(result: &LevelResult, item: &str, periods: usize) -> Vec<f64> {
    let mut series = vec![0.0; periods];
    for row in result.schedule.iter().filter(|row| row.item == item) {
        series[(row.period - 1) as usize] += row.qty;
    }
    series
}

fn load_of(result: &LevelResult, resource: &str) -> Vec<f64> {
    result
        .resources
        .iter()
        .find(|r| r.code == resource)
        .map(|r| r.load.clone())
        .expect("the resource is reported")
}

fn price_of(result: &LevelResult, resource: &str, period: i64) -> Option<f64> {
    result
        .binding
        .iter()
        .find(|b| b.resource == resource && b.period == period)
        .map(|b| b.shadow_price)
}

fn assert_series(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < CLOSE, "{got:?} vs {want:?}");
    }
}

fn assert_close(got: f64, want: f64) {
    assert!((got - want).abs() < CLOSE, "got {got}, want {want}");
}

/// One product P (bought at 52, price 100) on one resource R of 12 h a period, 1 h per unit,
/// demand 5, 5, 15, 5. Period 3 needs 15 h: 3 units are built one week ahead in period 2
/// (3 · 0.25 = 0.75) rather than delivered a week late (3 · 1.0 = 3). x = (5, 8, 12, 5).
/// One more hour in period 3 saves one unit held a week: shadow price 0.25.
const PEAK: &str = r#"{
  "format": "opsplan-plan", "version": 1,
  "plan": {"name": "Peak", "periods": 4},
  "items": [{"code": "P", "kind": "finished", "price": 100, "purchase_cost": 52}],
  "resources": [{"code": "R", "hours_per_period": 12}],
  "routing": [{"item": "P", "seq": 10, "resource": "R", "run_min": 60}],
  "demand": [{"item": "P", "period": 1, "qty": 5}, {"item": "P", "period": 2, "qty": 5},
             {"item": "P", "period": 3, "qty": 15}, {"item": "P", "period": 4, "qty": 5}]
}"#;

#[test]
fn a_peak_is_built_ahead_at_the_holding_cost() {
    let result = solved(&plan(PEAK));
    assert_series(&schedule_of(&result, "P", 4), &[5.0, 8.0, 12.0, 5.0]);
    assert_close(result.holding_cost, 0.75);
    assert_close(result.objective, 0.75);
    assert_close(
        result.backorder_cost + result.lost_sales_cost + result.overtime_cost,
        0.0,
    );
    assert!(result.late.is_empty() && result.overtime.is_empty());
    assert_series(&load_of(&result, "R"), &[5.0, 8.0, 12.0, 5.0]);
    assert_eq!(result.binding.len(), 1, "{:?}", result.binding);
    assert_close(price_of(&result, "R", 3).expect("period 3 binds"), 0.25);
}

#[test]
fn overtime_cheaper_than_holding_is_used() {
    // The peak plan with 5 overtime hours a period at 0.1 an hour: one unit's hour of overtime
    // (0.1) is cheaper than holding it a week (0.25), so period 3 works 3 h overtime
    // (cost 0.3) and nothing is built ahead. An extra regular hour saves 0.1 of premium.
    let mut text = PEAK.replace(
        r#""hours_per_period": 12}"#,
        r#""hours_per_period": 12, "overtime_hours_per_period": 5, "overtime_premium_per_hour": 0.1}"#,
    );
    text = text.replace(r#""name": "Peak""#, r#""name": "Overtime""#);
    let result = solved(&plan(&text));
    assert_series(&schedule_of(&result, "P", 4), &[5.0, 5.0, 15.0, 5.0]);
    assert_eq!(result.overtime.len(), 1);
    assert_eq!(
        (
            result.overtime[0].resource.as_str(),
            result.overtime[0].period
        ),
        ("R", 3)
    );
    assert_close(result.overtime[0].hours, 3.0);
    assert_close(result.overtime_cost, 0.3);
    assert_close(result.holding_cost, 0.0);
    assert_close(result.objective, 0.3);
    assert_close(price_of(&result, "R", 3).expect("period 3 binds"), 0.1);
}

#[test]
fn short_capacity_is_delivered_late_then_lost_at_the_price() {
    // Capacity 10 h a period over 3 periods, demand 15, 10, 10 (35 > 30): every period runs
    // full, x = (10, 10, 10); 5 units are owed at the end of each period:
    // backorder 3 · 5 · 1.0 = 15, lost sales 5 · 100 = 500, objective 515.
    // One more hour in period 3 saves one period of backlog and a lost sale (101); in period 2
    // also period 2's backlog (102); in period 1 three periods of backlog (103).
    let text = r#"{
      "format": "opsplan-plan", "version": 1,
      "plan": {"name": "Short", "periods": 3},
      "items": [{"code": "P", "kind": "finished", "price": 100, "purchase_cost": 52}],
      "resources": [{"code": "R", "hours_per_period": 10}],
      "routing": [{"item": "P", "seq": 10, "resource": "R", "run_min": 60}],
      "demand": [{"item": "P", "period": 1, "qty": 15}, {"item": "P", "period": 2, "qty": 10},
                 {"item": "P", "period": 3, "qty": 10}]
    }"#;
    let result = solved(&plan(text));
    assert_series(&schedule_of(&result, "P", 3), &[10.0, 10.0, 10.0]);
    let periods: Vec<i64> = result.late.iter().map(|l| l.period).collect();
    assert_eq!(periods, vec![1, 2, 3]);
    let late: Vec<f64> = result.late.iter().map(|l| l.qty).collect();
    assert_series(&late, &[5.0, 5.0, 5.0]);
    assert_close(result.backorder_cost, 15.0);
    assert_close(result.lost_sales_cost, 500.0);
    assert_close(result.objective, 515.0);
    assert_close(price_of(&result, "R", 1).expect("binds"), 103.0);
    assert_close(price_of(&result, "R", 2).expect("binds"), 102.0);
    assert_close(price_of(&result, "R", 3).expect("binds"), 101.0);
}

#[test]
fn a_backlog_is_caught_up_when_capacity_frees() {
    // Demand 15, 10, 5 on 10 h a period (30 = 30): 5 units late at the end of periods 1 and 2,
    // delivered in period 3: backorder 2 · 5 · 1.0 = 10, nothing lost.
    let text = r#"{
      "format": "opsplan-plan", "version": 1,
      "plan": {"name": "Catch up", "periods": 3},
      "items": [{"code": "P", "kind": "finished", "price": 100, "purchase_cost": 52}],
      "resources": [{"code": "R", "hours_per_period": 10}],
      "routing": [{"item": "P", "seq": 10, "resource": "R", "run_min": 60}],
      "demand": [{"item": "P", "period": 1, "qty": 15}, {"item": "P", "period": 2, "qty": 10},
                 {"item": "P", "period": 3, "qty": 5}]
    }"#;
    let result = solved(&plan(text));
    assert_series(&schedule_of(&result, "P", 3), &[10.0, 10.0, 10.0]);
    assert_close(result.backorder_cost, 10.0);
    assert_close(result.lost_sales_cost, 0.0);
    assert_close(result.objective, 10.0);
}

/// A (bought-in part of 52, no routing of its own) needs 1 C per unit; C has lead time 1 and
/// takes 60 min on R. BOR(A) = (R, offset 0 + 1, 1 h): making A for period u loads R in u − 1.
const TWO_LEVEL: &str = r#"{
  "format": "opsplan-plan", "version": 1,
  "plan": {"name": "Two levels", "periods": 4},
  "items": [{"code": "A", "kind": "finished", "price": 100, "purchase_cost": 52},
            {"code": "C", "kind": "component", "lead_time": 1}],
  "bom": [{"parent": "A", "child": "C", "qty": 1}],
  "resources": [{"code": "R", "hours_per_period": 5}],
  "routing": [{"item": "C", "seq": 10, "resource": "R", "run_min": 60}],
  "demand": [{"item": "A", "period": 3, "qty": 8}]
}"#;

#[test]
fn a_components_load_falls_one_lead_time_earlier() {
    // 8 A in period 3 need 8 h of R in period 2, which has 5: 3 A are made for period 2 (their
    // C in period 1) and held a week: 3 · 0.25 = 0.75 (a week late would cost 3 · 1.0).
    let result = solved(&plan(TWO_LEVEL));
    assert_series(&schedule_of(&result, "A", 4), &[0.0, 3.0, 5.0, 0.0]);
    assert_series(&load_of(&result, "R"), &[3.0, 5.0, 0.0, 0.0]);
    assert_close(result.holding_cost, 0.75);
    assert_close(result.objective, 0.75);
    // C has no demand rows: it is not levelled on its own.
    assert!(result.schedule.iter().all(|row| row.item == "A"));
}

#[test]
fn an_offset_before_period_one_loads_period_one() {
    // A with lead time 1 over C with lead time 1: C's work comes 2 periods before A's receipt.
    // A in period 1 (4 units) and period 3 (2 units) both put their hours in period 1
    // (max(1, 1 − 2) = max(1, 3 − 2) = 1), 6 h within 10.
    let text = TWO_LEVEL
        .replace(
            r#""purchase_cost": 52}"#,
            r#""purchase_cost": 52, "lead_time": 1}"#,
        )
        .replace(r#""hours_per_period": 5"#, r#""hours_per_period": 10"#)
        .replace(
            r#"[{"item": "A", "period": 3, "qty": 8}]"#,
            r#"[{"item": "A", "period": 1, "qty": 4}, {"item": "A", "period": 3, "qty": 2}]"#,
        );
    let result = solved(&plan(&text));
    assert_series(&schedule_of(&result, "A", 4), &[4.0, 0.0, 2.0, 0.0]);
    assert_series(&load_of(&result, "R"), &[6.0, 0.0, 0.0, 0.0]);
    assert_close(result.objective, 0.0);
}

#[test]
fn a_shutdown_period_is_covered_by_building_ahead() {
    // Period 2 is a shutdown (working share 0): its 5 units are made in period 1 and held a
    // week (5 · 0.25 = 1.25) instead of being 5 units a week late (5 · 1.0). Period 2's row
    // binds at 0 h: an hour there would save at least the 0.25 of holding a unit.
    let text = r#"{
      "format": "opsplan-plan", "version": 1,
      "plan": {"name": "Shutdown", "periods": 3},
      "items": [{"code": "P", "kind": "finished", "price": 100, "purchase_cost": 52}],
      "resources": [{"code": "R", "hours_per_period": 10}],
      "routing": [{"item": "P", "seq": 10, "resource": "R", "run_min": 60}],
      "demand": [{"item": "P", "period": 1, "qty": 5}, {"item": "P", "period": 2, "qty": 5},
                 {"item": "P", "period": 3, "qty": 5}],
      "calendar": [{"period": 2, "working_share": 0}]
    }"#;
    let result = solved(&plan(text));
    assert_series(&schedule_of(&result, "P", 3), &[10.0, 0.0, 5.0]);
    assert_series(&result.resources[0].available, &[10.0, 0.0, 10.0]);
    assert_close(result.holding_cost, 1.25);
    assert_close(result.objective, 1.25);
    let shutdown = price_of(&result, "R", 2).expect("the shutdown row binds");
    assert!(shutdown >= 0.25 - CLOSE, "{shutdown}");
}

/// P (bought at 52: h = 0.25, price 100) takes 1 h of R1 in its own period and needs one C,
/// made a lead time (1 period) earlier on R2 (1 h): BOR(P) = (R1, 0, 1 h), (R2, 1, 1 h).
/// Q (bought at 26: h = 0.125, b = 4 · 0.125 = 0.5) takes 1 h of R2 in its own period.
/// R1 has 10 h a period, R2 20 h. Demand: P 5 in period 3 and 15 in period 4, Q 12 in period 2.
///
/// The chase plan loads R1 with (0, 0, 5, 15) and R2 with (0, 5 + 12, 15, 0) = (0, 17, 15, 0):
/// only (R1, 4) is overloaded, so the first LP holds that row alone. Its optimum builds 5 P a
/// week ahead in period 3 (x_P = (0, 0, 10, 10), 5 · 0.25 = 1.25) and makes Q as demanded, which
/// puts 10 + 12 = 22 h on (R2, 2): the move overloads an earlier period of another resource.
/// The second LP adds (R2, 2): P3 + Q2 ≤ 20, so 2 Q are built a week ahead in period 1
/// (2 · 0.125 = 0.25) rather than 2 P two weeks ahead in period 2 (2 · (0.5 − 0.25) = 0.5 more)
/// or P late (1.0 a unit and week). Optimum x_P = (0, 0, 10, 10), x_Q = (2, 10, 0, 0), cost
/// 1.25 + 0.25 = 1.5, and no other row is broken (R1,3 = 10, R2,1 = 2): two rounds.
/// Shadow price of (R2, 2): an hour more lets one more Q be made in period 2 (saves 0.125), an
/// hour less makes one more Q a week ahead (costs 0.125): 0.125 on both sides, so unique.
const TWO_ROUNDS: &str = r#"{
  "format": "opsplan-plan", "version": 1,
  "plan": {"name": "Two rounds", "periods": 4},
  "items": [{"code": "P", "kind": "finished", "price": 100, "purchase_cost": 52},
            {"code": "C", "kind": "component", "lead_time": 1},
            {"code": "Q", "kind": "finished", "price": 100, "purchase_cost": 26}],
  "bom": [{"parent": "P", "child": "C", "qty": 1}],
  "resources": [{"code": "R1", "hours_per_period": 10}, {"code": "R2", "hours_per_period": 20}],
  "routing": [{"item": "P", "seq": 10, "resource": "R1", "run_min": 60},
              {"item": "C", "seq": 10, "resource": "R2", "run_min": 60},
              {"item": "Q", "seq": 10, "resource": "R2", "run_min": 60}],
  "demand": [{"item": "P", "period": 3, "qty": 5}, {"item": "P", "period": 4, "qty": 15},
             {"item": "Q", "period": 2, "qty": 12}]
}"#;

#[test]
fn constraint_generation_adds_the_row_building_ahead_overloads_and_matches_the_full_lp() {
    let plan = plan(TWO_ROUNDS);
    let lazy = solved(&plan);
    let full =
        level_with(&plan, &LevelControl::default(), CapacityRows::All).expect("the full LP solves");
    assert_feasible(&plan, &full);
    for result in [&lazy, &full] {
        assert_series(&schedule_of(result, "P", 4), &[0.0, 0.0, 10.0, 10.0]);
        assert_series(&schedule_of(result, "Q", 4), &[2.0, 10.0, 0.0, 0.0]);
        assert_close(result.holding_cost, 1.5);
        assert_close(result.objective, 1.5);
        assert_series(&load_of(result, "R1"), &[0.0, 0.0, 10.0, 10.0]);
        // R2 carries Q in its period and C one period before P: (2, 10 + 10, 10, 0).
        assert_series(&load_of(result, "R2"), &[2.0, 20.0, 10.0, 0.0]);
        assert_close(price_of(result, "R2", 2).expect("(R2, 2) binds"), 0.125);
        // (R1, 4): one hour more saves a P held a week and lets a Q be made in its week
        // (0.25 + 0.125 = 0.375); one hour less makes a P two weeks ahead (0.5). Any dual in
        // [0.375, 0.5] is right.
        let last = price_of(result, "R1", 4).expect("(R1, 4) binds");
        assert!((0.375 - CLOSE..=0.5 + CLOSE).contains(&last), "{last}");
    }
    // Round 1 holds (R1, 4) alone (R2, 2 at 17 h is below 95 % of 20); its schedule breaks
    // (R2, 2) and fills (R1, 3) to its 10 h (above 95 %), so round 2 holds 3 rows.
    let rows: Vec<(usize, usize)> = (lazy.rounds.iter())
        .map(|round| (round.capacity_rows, round.added_rows))
        .collect();
    assert_eq!(
        rows,
        vec![(1, 2), (3, 0)],
        "capacity rows and rows added per round"
    );
    // The full LP holds all 8 resource-periods in one round.
    assert_eq!(full.rounds.len(), 1);
    assert_eq!(full.rounds[0].capacity_rows, 8);
}

#[test]
fn stock_on_hand_and_receipts_lower_what_is_made_and_a_service_holds_no_stock() {
    // P has 4 on hand and a receipt of 3 in period 2 against demand 5, 5, 5: net 8 to make
    // (cap Σx ≤ 15 − 4 − 3). S is a service (no stock) of 1 h a unit with demand 2, 10 on
    // R (6 h a period): it cannot be made ahead, so 4 units are late in period 2 and lost.
    let text = r#"{
      "format": "opsplan-plan", "version": 1,
      "plan": {"name": "Netting", "periods": 3},
      "items": [{"code": "P", "kind": "finished", "price": 100, "purchase_cost": 52, "on_hand": 4},
                {"code": "S", "kind": "service", "price": 10, "backorder_cost": 2}],
      "resources": [{"code": "R", "hours_per_period": 6}, {"code": "Q", "hours_per_period": 40}],
      "routing": [{"item": "P", "seq": 10, "resource": "Q", "run_min": 60},
                  {"item": "S", "seq": 10, "resource": "R", "run_min": 60}],
      "demand": [{"item": "P", "period": 1, "qty": 5}, {"item": "P", "period": 2, "qty": 5},
                 {"item": "P", "period": 3, "qty": 5},
                 {"item": "S", "period": 1, "qty": 2}, {"item": "S", "period": 2, "qty": 10}],
      "receipts": [{"item": "P", "period": 2, "qty": 3}]
    }"#;
    let result = solved(&plan(text));
    // P: period 1 needs 1 (4 on hand), period 2 needs 2 (3 received), period 3 needs 5.
    assert_series(&schedule_of(&result, "P", 3), &[1.0, 2.0, 5.0]);
    // S: 2 in period 1, 6 in period 2 (4 late), 4 in period 3 (catches up).
    assert_series(&schedule_of(&result, "S", 3), &[2.0, 6.0, 4.0]);
    assert_eq!(result.late.len(), 1, "{:?}", result.late);
    assert_eq!(
        (result.late[0].item.as_str(), result.late[0].period),
        ("S", 2)
    );
    assert_close(result.late[0].qty, 4.0);
    assert_close(result.backorder_cost, 8.0);
    assert_close(result.objective, 8.0);
}

/// The generated plan S (200 items, 20 resources, 12 periods). Plan M (2,000 / 100 / 52) is
/// too slow for an unoptimised test build (over 15 min with Clarabel at opt-level 1); its
/// figures are in BENCHMARKS.md.
#[test]
fn the_levelled_generated_plan_is_feasible() {
    let plan = generate(GenerateSpec {
        items: 200,
        resources: 20,
        periods: 12,
        seed: 1,
    });
    let result = solved(&plan);
    assert!(result.objective.is_finite());
    assert!(!result.schedule.is_empty());
    // Constraint generation reaches the full LP's optimum (any optimal plan is right, §6).
    let full =
        level_with(&plan, &LevelControl::default(), CapacityRows::All).expect("the full LP solves");
    assert_feasible(&plan, &full);
    let gap = (result.objective - full.objective).abs() / full.objective.max(1.0);
    assert!(gap < 1e-6, "{} vs {}", result.objective, full.objective);
}

/// Bill of resources recomputed here from the plan by codes (DESIGN.md §6), independent of
/// the analytics module: (resource index, offset, hours per unit).
fn bill_of_resources(
    plan: &Plan,
    code: &str,
    memo: &mut HashMap<String, Vec<(usize, i64, f64)>>,
) -> Vec<(usize, i64, f64)> {
    if let Some(bill) = memo.get(code) {
        return bill.clone();
    }
    let item = plan
        .items
        .iter()
        .find(|i| i.code == code)
        .expect("known item");
    let mut steps: Vec<_> = plan.routing.iter().filter(|s| s.item == code).collect();
    steps.sort_by_key(|s| s.seq);
    let mut entering = vec![1.0; steps.len()];
    let mut good_after = 1.0;
    for (s, step) in steps.iter().enumerate().rev() {
        good_after *= step.yield_;
        entering[s] = 1.0 / good_after;
    }
    let mut bill = Vec::new();
    for (step, e) in steps.iter().zip(&entering) {
        let r = plan
            .resources
            .iter()
            .position(|r| r.code == step.resource)
            .expect("known resource");
        bill.push((r, item.lead_time, e * step.run_min / 60.0));
    }
    let first = entering.first().copied().unwrap_or(1.0);
    for line in plan.bom.iter().filter(|b| b.parent == code) {
        for (r, o, w) in bill_of_resources(plan, &line.child, memo) {
            bill.push((r, item.lead_time + o, first * line.qty * w));
        }
    }
    memo.insert(code.to_string(), bill.clone());
    bill
}

#[allow(clippy::needless_range_loop)] // indices of several parallel series
/// Every returned plan is feasible: balance, net demand cap, service stock, capacity with the
/// overtime bounds, and the cost parts, all recomputed from `schedule` and the plan.
fn assert_feasible(plan: &Plan, result: &LevelResult) {
    let periods = plan.settings.periods as usize;
    let table = Availability::new(plan);
    let mut memo = HashMap::new();
    let mut load = vec![vec![0.0; periods]; plan.resources.len()];
    let mut late_expected = Vec::new();
    for item in &plan.items {
        let demand: Vec<f64> = (1..=periods as i64)
            .map(|t| {
                plan.demand
                    .iter()
                    .filter(|d| d.item == item.code && d.period == t)
                    .map(|d| d.qty)
                    .sum()
            })
            .collect();
        if !plan.demand.iter().any(|d| d.item == item.code) {
            assert!(result.schedule.iter().all(|s| s.item != item.code));
            continue;
        }
        let receipts: Vec<f64> = (1..=periods as i64)
            .map(|t| {
                plan.receipts
                    .iter()
                    .filter(|r| r.item == item.code && r.period == t)
                    .map(|r| r.qty)
                    .sum()
            })
            .collect();
        let x = schedule_of(result, &item.code, periods);
        let scale = demand.iter().sum::<f64>().max(1.0);
        let cap =
            (demand.iter().sum::<f64>() - item.on_hand - receipts.iter().sum::<f64>()).max(0.0);
        assert!(x.iter().all(|q| *q >= 0.0));
        assert!(
            x.iter().sum::<f64>() <= cap + 1e-6 * scale,
            "{} makes beyond its net demand",
            item.code
        );
        let mut position = item.on_hand;
        for t in 0..periods {
            position += x[t] + receipts[t] - demand[t];
            if item.kind == ItemKind::Service {
                assert!(
                    position <= 1e-6 * scale,
                    "service {} holds stock",
                    item.code
                );
            }
            if -position > 1e-6 * scale {
                late_expected.push((item.code.clone(), t as i64 + 1, -position));
            }
        }
        for (r, o, w) in bill_of_resources(plan, &item.code, &mut memo) {
            for u in 0..periods {
                let t = (u as i64 - o).max(0) as usize;
                load[r][t] += w * x[u];
            }
        }
    }
    assert_eq!(result.late.len(), late_expected.len(), "late rows");
    for (row, (item, period, qty)) in result.late.iter().zip(&late_expected) {
        assert_eq!((&row.item, row.period), (item, *period));
        assert!((row.qty - qty).abs() <= 1e-6 * qty.max(1.0));
    }
    let mut overtime_cost = 0.0;
    for (r, resource) in plan.resources.iter().enumerate() {
        let reported = &result.resources[r];
        assert_eq!(reported.code, resource.code);
        for t in 0..periods {
            let available = table.available(r)[t];
            let limit = table.overtime(r)[t];
            let tolerance = 1e-6 * (available + limit).max(1.0);
            let overtime = reported.overtime[t];
            assert!((-tolerance..=limit + tolerance).contains(&overtime));
            assert!(
                (reported.load[t] - load[r][t]).abs() <= tolerance,
                "{} load in {}",
                resource.code,
                t + 1
            );
            assert!(
                load[r][t] <= available + overtime + tolerance,
                "{} over capacity in {}",
                resource.code,
                t + 1
            );
            overtime_cost += resource.overtime_premium() * overtime;
        }
    }
    assert!((result.overtime_cost - overtime_cost).abs() <= 1e-6 * overtime_cost.max(1.0));
    let parts =
        result.holding_cost + result.backorder_cost + result.lost_sales_cost + result.overtime_cost;
    assert!((result.objective - parts).abs() <= 1e-9 * parts.max(1.0));
}
