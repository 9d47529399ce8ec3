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

/// The material plan keeps only gross requirements and releases for every item and nets a record
/// again when asked for: on the manufacturer sample (stock, an open order, every order policy)
/// with TREK master-scheduled short, the records must add up to the totals of the plan.
#[test]
fn manufacturer_records_netted_on_demand_add_up_to_the_material_plan_totals() {
    let mut plan = load_sample("manufacturer.json");
    plan.master_schedule
        .push(opsplan::domain::MasterScheduleRow {
            item: "TREK".to_string(),
            period: 2,
            qty: 10.0,
        });
    let analysis = analyze(&plan).expect("the sample is valid");
    let material = &analysis.mrp;
    let periods = plan.settings.periods as usize;
    let mut value = vec![0.0; periods];
    let mut ordering_cost = 0.0;
    let mut shortages = 0;
    for (index, item) in plan.items.iter().enumerate() {
        let record = material.plan.record(index).expect("a record per item");
        assert_eq!(record.item, item.code);
        assert_eq!(record.on_hand.len(), periods);
        let unit_cost = analysis.cost.items[index].unit_cost;
        for (t, &stock) in record.on_hand.iter().enumerate() {
            value[t] += stock.max(0.0) * unit_cost;
            shortages += usize::from(stock < -1e-9);
        }
        let orders = record.planned_receipts.iter().filter(|&&q| q > 0.0).count();
        ordering_cost += item.order_cost * orders as f64;
        // Receipts released lead-time periods earlier (a past-due one in period 1).
        let lead = item.lead_time.max(0) as usize;
        let mut releases = vec![0.0; periods];
        for (t, &receipt) in record.planned_receipts.iter().enumerate() {
            releases[t.saturating_sub(lead)] += receipt;
        }
        for (t, (&got, &expected)) in record.planned_releases.iter().zip(&releases).enumerate() {
            assert!(
                (got - expected).abs() < 1e-9,
                "{} release {}",
                item.code,
                t + 1
            );
        }
    }
    for (t, (&got, &expected)) in material.inventory_value.iter().zip(&value).enumerate() {
        assert!(
            (got - expected).abs() <= 1e-9 * expected.max(1.0),
            "inventory value period {}: {got} against {expected}",
            t + 1
        );
    }
    assert!(value.iter().sum::<f64>() > 0.0, "the sample holds stock");
    assert!((material.ordering_cost - ordering_cost).abs() < 1e-9);
    assert!(ordering_cost > 0.0, "the sample places priced orders");
    let shortage_count = (material.exceptions.iter())
        .filter(|e| e.kind == opsplan::analytics::mrp::ExceptionKind::Shortage)
        .count();
    assert_eq!(shortage_count, shortages);
    assert!(shortages > 0, "TREK is master-scheduled short");
}
