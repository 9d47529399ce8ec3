//! The bundled sample plans in `data/` parse into the domain model and pass validation; the
//! analytics effects they are built to show (the overloaded powder-coating line, the late
//! spoke-tension shift) are checked against the real analytics.

use std::path::Path;

use opsplan::analytics::analyze;
use opsplan::domain::{Plan, validate};

/// Reads `data/NAME` with the plan JSON reader.
fn load_sample(name: &str) -> Plan {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("sample file is readable");
    opsplan::io::json::parse_plan(&text).expect("sample is a plan JSON")
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

#[test]
fn manufacturer_sample_overloads_paint_in_weeks_6_to_9_and_shifts_spoke_tension() {
    let analysis = analyze(&load_sample("manufacturer.json")).expect("valid sample");
    assert_eq!(analysis.capacity.bottleneck.as_deref(), Some("PAINT"));
    let paint = analysis
        .capacity
        .resources
        .iter()
        .find(|r| r.code == "PAINT")
        .expect("PAINT");
    let overloaded: Vec<usize> = (0..paint.utilization.len())
        .filter(|&t| paint.utilization[t].is_some_and(|u| u > 1.0))
        .map(|t| t + 1)
        .collect();
    assert_eq!(overloaded, vec![6, 7, 8, 9]);
    let spoke = analysis
        .quality
        .charts
        .iter()
        .find(|c| c.characteristic == "SPOKE-T")
        .expect("SPOKE-T chart");
    assert!(spoke.violations.iter().any(|v| v.index >= 17));
    assert!(spoke.violations.iter().all(|v| v.rule != 1));
    assert!(analysis.totals.profit > 0.0);
}
