//! `opsplan level` through the binary (DESIGN.md §4, §6): JSON, the text summary, `--apply`
//! in place and to `-o`, and bad input refused without writing anything.

mod cli_support;
use cli_support::{opsplan, succeeds, text};

use std::path::{Path, PathBuf};

use opsplan::app::files::read_plan;
use serde_json::Value;

/// P (price 100, bought part 46.8 + one SPARE at 5.2: unit cost 52, h = 52 · 0.25 / 52 = 0.25,
/// b = 1.0) on R with 12 h a period; P's own step is 54 min, SPARE's 6 min, so one P is 1 h of
/// R. Demand 5, 5, 15, 5: three P are made a week ahead, x = (5, 8, 12, 5), holding
/// 3 · 0.25 = 0.75 (as in tests/analytics_level.rs). SPARE also has demand of its own (2 in
/// period 1, 0.2 h, h = 0.025 > 0 so it is made on time): levelled, but with parents it gets no
/// master_schedule rows. P has an old master-schedule row that `--apply` replaces. IDLE has a
/// demand row of 0: it keeps one row (IDLE, 1, 0).
const PEAK: &str = r#"{
  "format": "opsplan-plan", "version": 1,
  "plan": {"name": "Peak", "periods": 4},
  "items": [{"code": "P", "kind": "finished", "price": 100, "purchase_cost": 46.8},
            {"code": "SPARE", "kind": "component", "purchase_cost": 5.2},
            {"code": "IDLE", "kind": "finished", "price": 1}],
  "bom": [{"parent": "P", "child": "SPARE", "qty": 1}],
  "resources": [{"code": "R", "hours_per_period": 12}],
  "routing": [{"item": "P", "seq": 10, "resource": "R", "run_min": 54},
              {"item": "SPARE", "seq": 10, "resource": "R", "run_min": 6}],
  "demand": [{"item": "P", "period": 1, "qty": 5}, {"item": "P", "period": 2, "qty": 5},
             {"item": "P", "period": 3, "qty": 15}, {"item": "P", "period": 4, "qty": 5},
             {"item": "SPARE", "period": 1, "qty": 2}, {"item": "IDLE", "period": 1, "qty": 0}],
  "master_schedule": [{"item": "P", "period": 4, "qty": 99}]
}"#;

/// Writes a plan JSON file `dir/name.json` (the app opens `.json` plans directly, §3).
fn plan_file(dir: &Path, name: &str, json: &str) -> PathBuf {
    let source = dir.join(format!("{name}.json"));
    std::fs::write(&source, json).expect("temp folder is writable");
    source
}

#[test]
fn level_json_reports_the_schedule_and_cost_parts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path(), "peak", PEAK);
    let json: Value =
        serde_json::from_str(&succeeds(&["level", text(&plan), "--json"])).expect("JSON");
    assert!((json["objective"].as_f64().expect("number") - 0.75).abs() < 1e-6);
    assert!((json["holding_cost"].as_f64().expect("number") - 0.75).abs() < 1e-6);
    for key in ["backorder_cost", "lost_sales_cost", "overtime_cost"] {
        assert!(json[key].as_f64().expect("number").abs() < 1e-6, "{key}");
    }
    let p_rows: Vec<(i64, f64)> = json["schedule"]
        .as_array()
        .expect("schedule")
        .iter()
        .filter(|row| row["item"] == "P")
        .map(|row| {
            (
                row["period"].as_i64().expect("period"),
                row["qty"].as_f64().expect("qty"),
            )
        })
        .collect();
    let want = [(1, 5.0), (2, 8.0), (3, 12.0), (4, 5.0)];
    assert_eq!(p_rows.len(), want.len(), "{p_rows:?}");
    for ((period, qty), (want_period, want_qty)) in p_rows.iter().zip(want) {
        assert_eq!(*period, want_period);
        assert!((qty - want_qty).abs() < 1e-6, "{p_rows:?}");
    }
    let spare: Vec<&Value> = json["schedule"]
        .as_array()
        .expect("schedule")
        .iter()
        .filter(|row| row["item"] == "SPARE")
        .collect();
    assert_eq!(spare.len(), 1);
    assert_eq!(spare[0]["period"], 1);
    let load_r1 = json["resources"][0]["load"][0].as_f64().expect("load");
    assert!(
        (load_r1 - 5.2).abs() < 1e-6,
        "5 P + 2 SPARE · 0.1 h = 5.2 h, got {load_r1}"
    );
    for key in ["late", "overtime", "resources", "binding"] {
        assert!(json[key].is_array(), "{key}");
    }
    assert!(
        json.get("items").is_none(),
        "GUI-only fields stay out of the JSON"
    );
}

#[test]
fn level_text_summary_names_the_cost_parts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path(), "peak", PEAK);
    let out = succeeds(&["level", text(&plan)]);
    for label in [
        "objective",
        "holding cost",
        "overtime cost",
        "schedule",
        "binding capacity",
        // The peak plan's chase overloads (R, 3) alone: one LP round with 1 capacity row.
        "LP rounds",
        "(capacity rows 1)",
    ] {
        assert!(out.contains(label), "{label} missing in:\n{out}");
    }
}

#[test]
fn apply_writes_master_schedule_rows_to_the_output_and_leaves_the_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path(), "peak", PEAK);
    let before = std::fs::read(&plan).expect("plan file");
    let out = dir.path().join("levelled.json");
    succeeds(&["level", text(&plan), "--apply", "-o", text(&out)]);
    assert_eq!(
        std::fs::read(&plan).expect("plan file"),
        before,
        "input untouched"
    );
    let levelled = read_plan(&out).expect("levelled plan");
    let rows: Vec<(&str, i64, f64)> = levelled
        .master_schedule
        .iter()
        .map(|row| (row.item.as_str(), row.period, row.qty))
        .collect();
    // P's old row (4, 99) is replaced; SPARE has parents: no rows; IDLE keeps (1, 0).
    assert!(rows.iter().all(|row| row.0 != "SPARE"), "{rows:?}");
    assert!(rows.contains(&("IDLE", 1, 0.0)), "{rows:?}");
    assert!(!rows.contains(&("P", 4, 99.0)), "{rows:?}");
    let p_total: f64 = rows
        .iter()
        .filter(|row| row.0 == "P")
        .map(|row| row.2)
        .sum();
    assert!((p_total - 30.0).abs() < 1e-6, "{rows:?}");
    for row in rows.iter().filter(|row| row.0 == "P") {
        assert_eq!(row.2, (row.2 * 1e6).round() / 1e6, "rounded to 6 decimals");
    }
}

#[test]
fn apply_in_place_replaces_the_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path(), "peak", PEAK);
    succeeds(&["level", text(&plan), "--apply"]);
    let levelled = read_plan(&plan).expect("levelled plan");
    assert!(
        levelled
            .master_schedule
            .iter()
            .any(|row| row.item == "P" && row.period == 3)
    );
    assert!(!levelled.master_schedule.iter().any(|row| row.qty == 99.0));
}

#[test]
fn bad_levelling_input_is_refused_naming_table_row_and_field_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, from, to, table, field) in [
        (
            "premium",
            r#""hours_per_period": 12}"#,
            r#""hours_per_period": 12.2, "overtime_premium_per_hour": -1}"#,
            "resources",
            "overtime_premium_per_hour",
        ),
        (
            "factor",
            r#""periods": 4}"#,
            r#""periods": 4, "backorder_factor": 0}"#,
            "plan",
            "backorder_factor",
        ),
        (
            "hours",
            r#""master_schedule""#,
            r#""resource_periods": [{"resource": "R", "period": 2, "overtime_hours": -3}], "master_schedule""#,
            "resource_periods",
            "overtime_hours",
        ),
    ] {
        let source = dir.path().join(format!("{name}.json"));
        std::fs::write(&source, PEAK.replace(from, to)).expect("writable");
        let out = dir.path().join(format!("{name}-levelled.json"));
        let output = opsplan(&["level", text(&source), "--apply", "-o", text(&out)]);
        assert!(!output.status.success(), "{name} accepted");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(
            message.contains(table) && message.contains(field),
            "{name}: {message}"
        );
        assert!(
            message.contains("row 1") || table == "plan",
            "{name}: {message}"
        );
        assert!(!out.exists(), "{name}: nothing is written");
    }
}
