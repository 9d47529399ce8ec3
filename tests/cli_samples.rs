//! Each sample plan: `import` then `analyze --json` through the real binary gives non-empty cost,
//! capacity and totals that agree with the reference formulas to 1e-9 relative.

mod common;

use std::process::Command;

fn import_and_analyze(sample: &str) -> (opsplan::domain::Plan, serde_json::Value) {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan_file = dir.path().join("x.opsplan");
    let source = format!("{}/data/{sample}", env!("CARGO_MANIFEST_DIR"));
    let import = Command::new(env!("CARGO_BIN_EXE_opsplan"))
        .args(["import", &source, "-o"])
        .arg(&plan_file)
        .output()
        .expect("run import");
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let analyze = Command::new(env!("CARGO_BIN_EXE_opsplan"))
        .arg("analyze")
        .arg(&plan_file)
        .arg("--json")
        .output()
        .expect("run analyze");
    assert!(
        analyze.status.success(),
        "{}",
        String::from_utf8_lossy(&analyze.stderr)
    );
    let stdout = String::from_utf8(analyze.stdout).expect("UTF-8 output");
    assert!(!stdout.contains("NaN") && !stdout.contains("inf"));
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let text = std::fs::read_to_string(&source).expect("read sample");
    let plan = opsplan::io::json::parse_plan(&text).expect("sample parses");
    (plan, json)
}

fn check_sample(sample: &str) -> serde_json::Value {
    let (plan, json) = import_and_analyze(sample);
    assert!(!json["cost"]["items"].as_array().expect("items").is_empty());
    assert!(
        !json["capacity"]["resources"]
            .as_array()
            .expect("resources")
            .is_empty()
    );
    for key in ["totals", "cost", "capacity", "quality", "queues"] {
        assert!(json.get(key).is_some(), "key {key} missing");
    }
    let compared = common::check_against_reference(&plan, &json);
    assert!(compared > 50, "only {compared} numbers compared");
    json
}

#[test]
fn manufacturer_sample_agrees_with_the_formulas() {
    let json = check_sample("manufacturer.json");
    let overloaded = json["capacity"]["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter(|r| {
            r["utilization"]
                .as_array()
                .expect("utilization")
                .iter()
                .any(|u| u.as_f64().unwrap_or(0.0) > 1.0)
        })
        .count();
    assert_eq!(
        overloaded, 1,
        "exactly one resource is overloaded in some periods"
    );
}

#[test]
fn service_sample_agrees_with_the_formulas() {
    check_sample("service.json");
}
