//! `opsplan optimize` and `opsplan compare` through the binary (DESIGN.md §4), on plan files made
//! with `opsplan import` in a temp folder.

mod cli_support;
use cli_support::{fails, succeeds, text};

use std::path::{Path, PathBuf};

use opsplan::app::scenarios::save_as_scenario;
use opsplan::io::json::{parse_plan, plan_to_json};
use serde_json::Value;

/// Wyndor Glass (Hillier & Lieberman §3.1) as a plan; see tests/analytics_mix.rs for the mapping:
/// max 3·DOOR + 5·WINDOW, DOOR ≤ 4 h on PLANT1, 2·WINDOW ≤ 12 h on PLANT2,
/// 3·DOOR + 2·WINDOW ≤ 18 h on PLANT3 → (2, 6), Z = 36, duals (0, 1.5, 1).
const WYNDOR: &str = include_str!("data/planning/wyndor.json");

/// One product P (price 60) with one step on CUT (30 min, 40 €/h, 10 h per period, 1 period)
/// and a bought part at 10. Unit cost = 10 + 40·30/60 = 30; 10 units of demand load CUT with
/// 10·0.5 = 5 h of 10 → utilisation 0.5; profit = 10·(60 − 30) = 300.
/// In scenario "slow cut" the step takes 45 min: unit cost = 10 + 40·45/60 = 40 (Δ +10),
/// load 7.5 h → 0.75 (Δ +0.25), profit 10·(60 − 40) = 200.
const ONE_STEP: &str = r#"{
  "format": "opsplan-plan", "version": 1,
  "plan": {"name": "One step", "periods": 1},
  "items": [{"code": "P", "kind": "finished", "price": 60, "purchase_cost": 10}],
  "resources": [{"code": "CUT", "hours_per_period": 10, "cost_per_hour": 40}],
  "routing": [{"item": "P", "seq": 10, "resource": "CUT", "run_min": 30}],
  "demand": [{"item": "P", "period": 1, "qty": 10}]
}"#;

/// Writes `json` into `dir` and imports it as `NAME.opsplan`.
fn plan_file(dir: &Path, name: &str, json: &str) -> PathBuf {
    let input = dir.join(format!("{name}.json"));
    std::fs::write(&input, json).expect("write plan JSON");
    let output = dir.join(format!("{name}.opsplan"));
    succeeds(&["import", text(&input), "-o", text(&output)]);
    output
}

/// ONE_STEP with the scenario "slow cut" (run time 45 min instead of 30).
fn one_step_with_scenario() -> String {
    let mut plan = parse_plan(ONE_STEP).expect("valid JSON");
    save_as_scenario(&mut plan, "slow cut").expect("new name");
    plan.scenarios[0].plan.routing[0].run_min = 45.0;
    plan_to_json(&plan)
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).expect("stdout is JSON")
}

fn close(value: &Value, expected: f64) -> bool {
    value
        .as_f64()
        .is_some_and(|v| (v - expected).abs() <= 1e-6 * expected.abs().max(1.0))
}

#[test]
fn optimize_json_gives_the_wyndor_optimum_and_duals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path(), "wyndor", WYNDOR);
    let result = json(&succeeds(&["optimize", text(&plan), "--json"]));
    // serde_json::Value sorts its keys.
    let keys: Vec<&String> = result.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["binding", "mix", "objective", "shadow_prices"]);
    assert!(close(&result["objective"], 36.0), "{result}");
    assert_eq!(result["mix"][0]["item"], "DOOR");
    assert!(close(&result["mix"][0]["qty"], 2.0), "{result}");
    assert_eq!(result["mix"][1]["item"], "WINDOW");
    assert!(close(&result["mix"][1]["qty"], 6.0), "{result}");
    assert_eq!(result["binding"], serde_json::json!(["PLANT2", "PLANT3"]));
    let prices = &result["shadow_prices"];
    assert_eq!(prices[0]["resource"], "PLANT1");
    assert!(close(&prices[0]["value"], 0.0), "{result}");
    assert!(close(&prices[1]["value"], 1.5), "{result}");
    assert!(close(&prices[2]["value"], 1.0), "{result}");
}

#[test]
fn optimize_without_json_prints_a_readable_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path(), "wyndor", WYNDOR);
    let table = succeeds(&["optimize", text(&plan)]);
    assert!(table.contains("36.00"), "{table}");
    let window = table
        .lines()
        .find(|l| l.starts_with("WINDOW"))
        .expect("a WINDOW row");
    assert!(window.contains("6.0000"), "{window}");
    let plant2 = table
        .lines()
        .find(|l| l.starts_with("PLANT2"))
        .expect("a PLANT2 row");
    assert!(
        plant2.contains("1.5000") && plant2.contains("yes"),
        "{plant2}"
    );
}

#[test]
fn optimize_names_the_item_that_makes_the_mix_unbounded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let unbounded = WYNDOR.replace(
        r#"{"code": "DOOR""#,
        r#"{"code": "GIFT", "kind": "service", "price": 10}, {"code": "DOOR""#,
    );
    let plan = plan_file(dir.path(), "gift", &unbounded);
    let stderr = fails(&["optimize", text(&plan), "--json"]);
    assert!(stderr.contains("unbounded"), "{stderr}");
    assert!(stderr.contains("\"GIFT\""), "{stderr}");
    assert!(stderr.contains("gift.opsplan"), "names the file: {stderr}");
}

#[test]
fn compare_two_files_gives_deltas_b_minus_a() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = plan_file(dir.path(), "a", ONE_STEP);
    let b = plan_file(
        dir.path(),
        "b",
        &ONE_STEP.replace(r#""run_min": 30"#, r#""run_min": 45"#),
    );
    let result = json(&succeeds(&["compare", text(&a), text(&b), "--json"]));
    assert_one_step_deltas(&result);
}

#[test]
fn compare_with_a_scenario_gives_the_hand_computed_deltas() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path(), "scenarios", &one_step_with_scenario());
    let stdout = succeeds(&["compare", text(&plan), "--scenario", "slow cut", "--json"]);
    assert_one_step_deltas(&json(&stdout));
}

fn assert_one_step_deltas(result: &Value) {
    let keys: Vec<&String> = result.as_object().expect("object").keys().collect();
    // serde_json::Value sorts its keys.
    assert_eq!(
        keys,
        [
            "bottleneck_a",
            "bottleneck_b",
            "items",
            "profit_a",
            "profit_b",
            "resources"
        ]
    );
    let item = &result["items"][0];
    assert_eq!(item["code"], "P");
    assert!(close(&item["unit_cost_a"], 30.0), "{result}");
    assert!(close(&item["unit_cost_b"], 40.0), "{result}");
    assert!(close(&item["delta"], 10.0), "{result}");
    let cut = &result["resources"][0];
    assert_eq!(cut["code"], "CUT");
    assert!(close(&cut["total_utilization_a"], 0.5), "{result}");
    assert!(close(&cut["total_utilization_b"], 0.75), "{result}");
    assert!(close(&cut["delta"], 0.25), "{result}");
    assert_eq!(result["bottleneck_a"], "CUT");
    assert_eq!(result["bottleneck_b"], "CUT");
    assert!(close(&result["profit_a"], 300.0), "{result}");
    assert!(close(&result["profit_b"], 200.0), "{result}");
}

#[test]
fn compare_without_json_prints_a_readable_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path(), "scenarios", &one_step_with_scenario());
    let table = succeeds(&["compare", text(&plan), "--scenario", "slow cut"]);
    let row = table
        .lines()
        .find(|l| l.starts_with("P "))
        .expect("a P row");
    assert!(
        row.contains("30.0000") && row.contains("40.0000") && row.contains("10.0000"),
        "{row}"
    );
    assert!(
        table.contains("300.00") && table.contains("200.00"),
        "{table}"
    );
}

#[test]
fn compare_with_an_unknown_scenario_names_it_and_the_ones_there_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path(), "scenarios", &one_step_with_scenario());
    let stderr = fails(&["compare", text(&plan), "--scenario", "fast cut", "--json"]);
    assert!(
        stderr.contains("no scenario named \"fast cut\" (the plan has: slow cut)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("scenarios.opsplan"),
        "names the file: {stderr}"
    );
}

#[test]
fn compare_needs_a_second_plan_or_a_scenario() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path(), "one", ONE_STEP);
    let stderr = fails(&["compare", text(&plan), "--json"]);
    assert!(stderr.contains("--scenario"), "{stderr}");
    let stderr = fails(&[
        "compare",
        text(&plan),
        text(&plan),
        "--scenario",
        "x",
        "--json",
    ]);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

#[test]
fn compare_reports_a_missing_plan_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path(), "one", ONE_STEP);
    let missing = dir.path().join("missing.opsplan");
    let stderr = fails(&["compare", text(&plan), text(&missing), "--json"]);
    assert!(stderr.contains("missing.opsplan"), "{stderr}");
}
