//! `opsplan mrp` through the binary (DESIGN.md §4, §5) on a plan JSON file in a temp folder.

mod cli_support;
use cli_support::{opsplan, succeeds, text};

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// P (on hand 3, lead time 1) takes 2 BOLT (bought in multiples of 10, lead time 1).
/// P: GR 0, 10, 5 → POH 3, then avail 3 − 10 = −7 → PR 7, POH 0; avail −5 → PR 5.
///    Releases 7 (p1), 5 (p2). NR 0, 7, 5.
/// BOLT: GR 2 · releases = 14, 10, 0. p1 avail −14 → PR 10 · ceil(1.4) = 20, POH 6; p2 avail
///    6 − 10 = −4 → PR 10, POH 6; p3 POH 6. PR p1 should have been released in period 0: past
///    due, released in p1 with p2's: releases 30, 0, 0.
/// BOLT costs 1.5 and P 2 · 1.5 = 3: value p1 3 · 3 + 6 · 1.5 = 18, then 6 · 1.5 = 9, 9;
/// average 36 / 3 = 12; holding 36 · 0.25 / 52.
const PLAN: &str = r#"{
  "format": "opsplan-plan", "version": 1,
  "plan": {"name": "MRP CLI", "periods": 3},
  "items": [{"code": "P", "kind": "finished", "on_hand": 3, "lead_time": 1},
            {"code": "BOLT", "kind": "material", "purchase_cost": 1.5, "lead_time": 1,
             "order_multiple": 10}],
  "bom": [{"parent": "P", "child": "BOLT", "qty": 2}],
  "demand": [{"item": "P", "period": 2, "qty": 10}, {"item": "P", "period": 3, "qty": 5}]
}"#;

fn plan_file(dir: &Path) -> PathBuf {
    let path = dir.join("mrp.json");
    std::fs::write(&path, PLAN).expect("write plan JSON");
    path
}

#[test]
fn mrp_json_lists_every_record_and_the_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path());
    let stdout = succeeds(&["mrp", text(&plan), "--json"]);
    let document: Value = serde_json::from_str(&stdout).expect("stdout is JSON");
    assert_eq!(
        document["items"][0],
        json!({"item": "P", "level": 0, "gross": [0.0, 10.0, 5.0], "receipts": [0.0, 0.0, 0.0],
               "on_hand": [3.0, 0.0, 0.0], "net": [0.0, 7.0, 5.0],
               "planned_receipts": [0.0, 7.0, 5.0], "planned_releases": [7.0, 5.0, 0.0]})
    );
    let bolt = &document["items"][1];
    assert_eq!(bolt["level"], 1);
    assert_eq!(bolt["gross"], json!([14.0, 10.0, 0.0]));
    assert_eq!(bolt["planned_receipts"], json!([20.0, 10.0, 0.0]));
    assert_eq!(bolt["on_hand"], json!([6.0, 6.0, 6.0]));
    assert_eq!(bolt["planned_releases"], json!([30.0, 0.0, 0.0]));
    assert_eq!(
        document["exceptions"],
        json!([{"item": "BOLT", "kind": "past_due", "period": 1, "release_period": 0,
                "qty": 20.0}])
    );
    assert_eq!(document["inventory_value"], json!([18.0, 9.0, 9.0]));
    assert_eq!(document["average_inventory_value"], json!(12.0));
    let holding = document["holding_cost"].as_f64().expect("number");
    assert!((holding - 36.0 * 0.25 / 52.0).abs() < 1e-12, "{holding}");
    assert_eq!(document["ordering_cost"], json!(0.0));
}

#[test]
fn mrp_item_filter_keeps_one_record_and_its_exceptions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path());
    let stdout = succeeds(&["mrp", text(&plan), "--json", "--item", "P"]);
    let document: Value = serde_json::from_str(&stdout).expect("stdout is JSON");
    assert_eq!(document["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(document["items"][0]["item"], "P");
    assert_eq!(document["exceptions"], json!([]));
    // The summary stays the whole plan's.
    assert_eq!(document["inventory_value"], json!([18.0, 9.0, 9.0]));
}

#[test]
fn mrp_text_prints_the_time_phased_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path());
    let stdout = succeeds(&["mrp", text(&plan), "--item", "BOLT"]);
    assert!(
        stdout.starts_with("BOLT (level 1, lot_for_lot, lead time 1, on hand 0, safety stock 0)\n"),
        "{stdout}"
    );
    let line = |label: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(label))
            .map(|l| l.split_whitespace().rev().take(3).collect::<Vec<_>>())
            .unwrap_or_else(|| panic!("no {label} line in {stdout}"))
    };
    // Columns read right to left: periods 3, 2, 1.
    assert_eq!(line("Gross requirements"), vec!["0", "10", "14"]);
    assert_eq!(line("Projected on hand"), vec!["6", "6", "6"]);
    assert_eq!(line("Planned receipts"), vec!["0", "10", "20"]);
    assert_eq!(line("Planned releases"), vec!["0", "0", "30"]);
    assert!(
        stdout.contains("BOLT past_due in period 1: 20, should have been released in period 0"),
        "{stdout}"
    );
}

#[test]
fn mrp_unknown_item_or_scenario_fails_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan_file(dir.path());
    for (args, named) in [
        (vec!["--item", "NOPE"], "\"NOPE\""),
        (vec!["--scenario", "ghost"], "\"ghost\""),
    ] {
        let mut all = vec!["mrp", text(&plan), "--json"];
        all.extend(args);
        let output = opsplan(&all);
        assert!(!output.status.success());
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(named), "{stderr}");
        assert!(stderr.contains("mrp.json"), "names the file: {stderr}");
    }
}
