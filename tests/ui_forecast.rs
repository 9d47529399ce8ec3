//! GUI acceptance of the Forecast page (DESIGN.md §7), driven through egui_kittest on
//! data/manufacturer.json (117 weeks of history; data/README.md): change an item's method and
//! see its MAD and chart data change; Apply to demand and see the cost and capacity figures
//! move; undo restores the demand.

mod ui_support;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::analytics::forecast::forecast;
use opsplan::domain::ForecastMethod;
use opsplan::ui::{OpsplanApp, Page, format};
use ui_support::{sample_app_sized, wait_for_analysis};

fn app_on_sample() -> Harness<'static, OpsplanApp> {
    let mut harness = sample_app_sized(900.0);
    harness.run();
    harness.get_by_label("Forecast").click();
    harness.run();
    assert_eq!(harness.state().page(), Page::FORECAST);
    harness
}

/// The text shown in the figure named `label` (e.g. "CITY MAD").
fn shown(harness: &Harness<'_, OpsplanApp>, label: &str) -> String {
    let label = label.to_string();
    harness
        .get_by(move |node| node.label().as_deref() == Some(label.as_str()))
        .value()
        .unwrap_or_default()
}

#[test]
fn changing_the_method_changes_the_mad_and_the_chart() {
    let mut harness = app_on_sample();
    // The page opens on the largest MAD, WHEEL28 (croston); pick CITY (auto's holt,
    // data/README.md) in the item table.
    let mads: Vec<String> = harness
        .query_all_by(|node| node.label().is_some_and(|l| l.ends_with(" MAD")))
        .filter_map(|node| node.value())
        .collect();
    assert_eq!(
        mads,
        vec!["MAD 16.52".to_string()],
        "WHEEL28, the worst MAD, first"
    );
    harness.get_by_label("CITY").click();
    harness.run();
    let before = forecast(harness.state().document().plan());
    let city = before.item("CITY").expect("CITY").clone();
    assert_eq!(city.method, ForecastMethod::Holt);
    assert_eq!(
        shown(&harness, "CITY MAD"),
        format!("MAD {}", format::number(city.mad, 2))
    );
    // Pick moving_average in the method box (it shows auto while CITY has no settings row).
    harness
        .get_by(|node| {
            node.role() == egui::accesskit::Role::ComboBox
                && node.label().as_deref() == Some("Method")
        })
        .click();
    harness.run();
    harness.get_by_label("moving_average").click();
    harness.run();
    let plan = harness.state().document().plan().clone();
    assert_eq!(plan.forecast_settings.len(), 1, "a forecast_settings row");
    assert_eq!(
        plan.forecast_settings[0].method,
        ForecastMethod::MovingAverage
    );
    let after = forecast(&plan);
    let changed = after.item("CITY").expect("CITY");
    assert_eq!(changed.method, ForecastMethod::MovingAverage);
    assert!(changed.mad > city.mad, "auto had picked the lowest MAD");
    assert_ne!(
        changed.fitted, city.fitted,
        "the chart's fitted line changes"
    );
    assert_ne!(
        changed.forecast, city.forecast,
        "the chart's forecast changes"
    );
    assert_eq!(
        shown(&harness, "CITY MAD"),
        format!("MAD {}", format::number(changed.mad, 2))
    );
}

#[test]
fn apply_to_demand_moves_cost_and_capacity_and_undo_restores_it() {
    let mut harness = app_on_sample();
    wait_for_analysis(&mut harness);
    let demand = harness.state().document().plan().demand.clone();
    let revenue = |h: &Harness<'_, OpsplanApp>| match h.state().document().analysis() {
        Some(Ok(analysis)) => (
            analysis.totals.revenue,
            analysis
                .capacity
                .resources
                .iter()
                .filter_map(|r| r.total_utilization)
                .sum::<f64>(),
        ),
        _ => panic!("the sample analyses"),
    };
    let (revenue_before, load_before) = revenue(&harness);
    harness.get_by_label("Apply all to demand").click();
    harness.run();
    wait_for_analysis(&mut harness);
    let expected = forecast(harness.state().document().plan());
    let city_qty: f64 = (harness.state().document().plan().demand.iter())
        .filter(|row| row.item == "CITY")
        .map(|row| row.qty)
        .sum();
    let city_forecast: f64 = expected
        .item("CITY")
        .expect("CITY")
        .rounded_demand()
        .iter()
        .map(|(_, qty)| qty)
        .sum();
    assert_eq!(
        city_qty, city_forecast,
        "CITY's demand is its rounded forecast"
    );
    let (revenue_after, load_after) = revenue(&harness);
    assert_ne!(revenue_after, revenue_before, "cost figures move");
    assert_ne!(load_after, load_before, "capacity figures move");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(
        harness.state().document().plan().demand,
        demand,
        "one undo step restores the demand"
    );
}
