//! `opsplan forecast` through the binary (DESIGN.md §4, §7): JSON, the text table, `--apply`
//! in place and to `-o`, and refusal of bad input without writing anything.

mod cli_support;
use cli_support::{fails, succeeds, text};

use std::path::Path;

use opsplan::io::json::parse_plan;
use serde_json::Value;

/// P: history 10 12 14 16 18 (periods −4..0) forecast by a moving average of 3: F = 16 for
/// each of the 3 periods, MAD 4 (tests/analytics_forecast.rs works the same series by hand);
/// its old demand row (period 1, 7) is replaced on apply. Q has demand and no history: untouched.
/// S: history 0 4 0 0 2 0 with Croston α = 0.5: F = 0.9 → rounded to 1 on apply.
const PLAN: &str = r#"{
  "format": "opsplan-plan", "version": 1,
  "plan": {"name": "Forecast CLI", "periods": 3, "start_date": "2026-01-05"},
  "items": [{"code": "P", "kind": "finished", "price": 10},
            {"code": "Q", "kind": "finished", "price": 10},
            {"code": "S", "kind": "component"}],
  "demand": [{"item": "P", "period": 1, "qty": 7}, {"item": "Q", "period": 2, "qty": 5}],
  "history": [{"item": "P", "period": -4, "qty": 10}, {"item": "P", "period": -3, "qty": 12},
              {"item": "P", "period": -2, "qty": 14}, {"item": "P", "period": -1, "qty": 16},
              {"item": "P", "period": 0, "qty": 18},
              {"item": "S", "period": -4, "qty": 4}, {"item": "S", "period": -1, "qty": 2},
              {"item": "S", "period": -5, "qty": 0}, {"item": "S", "period": 0, "qty": 0}],
  "forecast_settings": [{"item": "P", "method": "moving_average", "window": 3},
                        {"item": "S", "method": "croston", "alpha": 0.5}]
}"#;

/// Writes `json` as the plan `name.json` in `dir` (the commands read plan JSON directly).
fn import(dir: &Path, name: &str, json: &str) -> std::path::PathBuf {
    let plan = dir.join(format!("{name}.json"));
    std::fs::write(&plan, json).expect("write json");
    plan
}

/// The demand rows of a plan JSON file.
fn demand_rows(plan_path: &Path) -> Vec<(String, i64, f64)> {
    let plan = parse_plan(&std::fs::read_to_string(plan_path).expect("read")).expect("parse");
    plan.demand
        .into_iter()
        .map(|row| (row.item, row.period, row.qty))
        .collect()
}

#[test]
fn forecast_json_has_the_contract_shape_and_values() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = import(dir.path(), "plan", PLAN);
    let json: Value =
        serde_json::from_str(&succeeds(&["forecast", text(&plan), "--json"])).expect("valid JSON");
    let items = json["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "P and S have history, Q has none");
    let p = &items[0];
    assert_eq!(p["item"], "P");
    assert_eq!(p["method"], "moving_average");
    assert_eq!(p["window"], 3);
    for unused in ["alpha", "beta", "gamma", "phi", "season_length", "scores"] {
        assert!(p[unused].is_null(), "{unused} is null for a moving average");
    }
    assert_eq!(
        p["fitted"],
        serde_json::json!([null, null, null, 12.0, 14.0])
    );
    assert_eq!(p["forecast"], serde_json::json!([16.0, 16.0, 16.0]));
    assert_eq!(p["mad"], 4.0);
    assert_eq!(p["mse"], 16.0);
    assert_eq!(p["tracking_signal"], 2.0);
    let lower = p["lower"][0].as_f64().expect("lower");
    assert!((lower - 8.16).abs() < 1e-9, "16 − 1.96·4 = {lower}");
    let s = &items[1];
    assert_eq!(s["method"], "croston");
    assert_eq!(s["alpha"], 0.5);
    // S's history runs from period −5: 0 4 0 0 2 0 (tests/analytics_forecast.rs: F = 0.9).
    assert!((s["forecast"][0].as_f64().expect("forecast") - 0.9).abs() < 1e-12);
    assert_eq!(json["messages"], serde_json::json!([]));
}

#[test]
fn forecast_text_table_lists_method_and_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = import(dir.path(), "plan", PLAN);
    let out = succeeds(&["forecast", text(&plan)]);
    let p_line = out
        .lines()
        .find(|line| line.starts_with("P "))
        .expect("a line for P");
    assert!(p_line.contains("moving_average"), "{p_line}");
    assert!(p_line.contains("4.00"), "MAD 4: {p_line}");
    assert!(p_line.contains("16.0 16.0 16.0"), "{p_line}");
}

#[test]
fn apply_replaces_the_demand_of_forecast_items_in_place_and_to_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = import(dir.path(), "plan", PLAN);
    let before = std::fs::read(&plan).expect("read plan");
    let out = dir.path().join("applied.json");
    succeeds(&["forecast", text(&plan), "--apply", "-o", text(&out)]);
    assert_eq!(
        std::fs::read(&plan).expect("read plan"),
        before,
        "with -o the input is left byte-identical"
    );
    let expected = vec![
        ("Q".to_string(), 2, 5.0),
        ("P".to_string(), 1, 16.0),
        ("P".to_string(), 2, 16.0),
        ("P".to_string(), 3, 16.0),
        ("S".to_string(), 1, 1.0),
        ("S".to_string(), 2, 1.0),
        ("S".to_string(), 3, 1.0),
    ];
    assert_eq!(demand_rows(&out), expected);

    succeeds(&["forecast", text(&plan), "--apply"]);
    assert_eq!(demand_rows(&plan), expected, "in place");
    let analysis: Value =
        serde_json::from_str(&succeeds(&["analyze", text(&plan), "--json"])).expect("json");
    // Revenue = (16·3 + 5)·10 = 530 (S has no price).
    assert_eq!(analysis["totals"]["revenue"], 530.0);
}

#[test]
fn a_method_without_enough_history_is_a_message_not_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = PLAN.replace(
        r#"{"item": "P", "method": "moving_average", "window": 3}"#,
        r#"{"item": "P", "method": "holt_winters", "season_length": 4}"#,
    );
    let plan = import(dir.path(), "short", &json);
    let out: Value =
        serde_json::from_str(&succeeds(&["forecast", text(&plan), "--json"])).expect("json");
    let items = out["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "P is left out");
    assert_eq!(items[0]["item"], "S");
    let message = out["messages"][0].as_str().expect("a message");
    assert!(message.contains("P:"), "{message}");
    assert!(message.contains("more than 8 periods"), "{message}");
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = import(dir.path(), "plan", PLAN);
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        PLAN.replace(
            r#"{"item": "P", "period": 0, "qty": 18}"#,
            r#"{"item": "P", "period": 0, "qty": -18}"#,
        ),
    )
    .expect("write");
    let before = std::fs::read(&plan).expect("read");
    let error = fails(&["forecast", text(&bad), "--apply", "-o", text(&plan)]);
    assert!(error.contains("history"), "{error}");
    assert!(error.contains("qty"), "{error}");
    assert_eq!(
        std::fs::read(&plan).expect("read"),
        before,
        "output untouched"
    );
    let error = fails(&[
        "forecast",
        text(&dir.path().join("missing.opsplan")),
        "--json",
    ]);
    assert!(error.contains("missing.opsplan"), "{error}");
}

#[test]
fn apply_in_place_on_a_plan_file_goes_through_the_atomic_save() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = import(dir.path(), "plan", PLAN);
    let plan = dir.path().join("plan.opsplan");
    succeeds(&["import", text(&json), "-o", text(&plan)]);
    succeeds(&["forecast", text(&plan), "--apply"]);
    let exported = dir.path().join("exported.json");
    succeeds(&["export", text(&plan), "-o", text(&exported)]);
    let rows = demand_rows(&exported);
    assert_eq!(rows.len(), 7, "{rows:?}");
    assert!(rows.contains(&("P".to_string(), 3, 16.0)), "{rows:?}");
    assert!(
        !rows.contains(&("P".to_string(), 1, 7.0)),
        "old row replaced"
    );
    let history = parse_plan(&std::fs::read_to_string(&exported).expect("read"))
        .expect("parse")
        .history;
    assert_eq!(history.len(), 9, "history is kept");
}
