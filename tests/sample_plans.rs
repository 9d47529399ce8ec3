//! The bundled sample plans in `data/` parse into the domain model and pass validation.
//!
//! Reads the DESIGN.md §3 envelope directly with serde_json so the samples are checked even
//! while the `io` module evolves; the analytics effects they are built to show (the overloaded
//! powder-coating line, the late spoke-tension shift) are checked by `tools/check_plan.py`.

use std::path::Path;

use opsplan::domain::{Plan, validate};

/// Reads `data/NAME`, checks the envelope and returns the plan without it.
fn load_sample(name: &str) -> Plan {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("sample file is readable");
    let mut document: serde_json::Value = serde_json::from_str(&text).expect("sample is JSON");
    let envelope = document.as_object_mut().expect("sample is a JSON object");
    assert_eq!(
        envelope.remove("format"),
        Some(serde_json::json!("opsplan-plan"))
    );
    assert_eq!(envelope.remove("version"), Some(serde_json::json!(1)));
    serde_json::from_value(document).expect("sample matches the plan model")
}

#[test]
fn manufacturer_sample_is_a_valid_twelve_week_plan() {
    let plan = load_sample("manufacturer.json");
    let report = validate(&plan);
    assert!(report.is_valid(), "{report}");
    assert_eq!(plan.settings.periods, 12);
    assert_eq!(plan.settings.start_date.as_deref(), Some("2026-03-02"));
    assert!(plan.items.len() >= 12);
    assert!(plan.resources.len() >= 6);
    assert_eq!(plan.characteristics.len(), 2);
    assert_eq!(plan.chart_settings.len(), 1);
}

#[test]
fn service_sample_is_a_valid_plan_with_a_closed_day() {
    let plan = load_sample("service.json");
    let report = validate(&plan);
    assert!(report.is_valid(), "{report}");
    assert_eq!(plan.settings.periods, 12);
    assert_eq!(plan.queues.len(), 3);
    // Period 7 is Sunday 8 March 2026: every queue is closed.
    let closed: Vec<&str> = plan
        .queue_arrivals
        .iter()
        .filter(|row| row.period == 7 && row.arrival_per_hour == 0.0)
        .map(|row| row.queue.as_str())
        .collect();
    assert_eq!(closed, vec!["COUNTER", "RECEPTION", "WALKIN"]);
}
