//! The plan settings page shows the cost rates of stock and backlog (DESIGN.md §1 holding_rate,
//! backorder_factor) with their validation problems, and never changes a value it only shows.

mod ui_support;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::app::Document;
use opsplan::ui::{OpsplanApp, Page};
use ui_support::{ScriptedDialogs, isolated_home};

fn harness_with(plan_json: &str) -> Harness<'static, OpsplanApp> {
    isolated_home();
    let doc = Document::from_json_text(plan_json, "rates.json").expect("plan JSON reads");
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(16)
        .build_eframe(move |_cc| {
            let mut app = OpsplanApp::with_document(doc, Box::new(ScriptedDialogs::default()));
            app.show_page(Page::Settings);
            app
        })
}

#[test]
fn the_rates_are_shown_with_their_problems_and_left_as_they_are() {
    let mut harness = harness_with(
        r#"{"plan": {"name": "Rates", "periods": 4, "holding_rate": -0.5, "backorder_factor": 0}}"#,
    );
    harness.run();
    // Each label names its row's text and its number field.
    for label in [
        "Holding rate (share of unit cost per year)",
        "Backorder factor (× holding cost)",
    ] {
        assert_eq!(harness.query_all_by_label(label).count(), 2, "{label}");
    }
    assert!(harness.query_by_label("must be ≥ 0, is -0.5").is_some());
    assert!(harness.query_by_label("must be > 0, is 0").is_some());
    // Showing an out-of-range value must not clamp it into a silent edit.
    let settings = &harness.state().document().plan().settings;
    assert_eq!(
        (settings.holding_rate, settings.backorder_factor),
        (-0.5, 0.0)
    );
    assert_eq!(harness.state().document().history().undo_depth(), 0);
}

#[test]
fn valid_rates_show_their_hints() {
    let mut harness = harness_with(r#"{"plan": {"name": "Rates", "periods": 4}}"#);
    harness.run();
    assert!(
        harness
            .query_by_label("carrying cost of stock, e.g. 0.25 = 25 % a year")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("cost of a unit late for a period, for items without their own")
            .is_some()
    );
    assert!(harness.query_by_label("must be ≥ 0, is -0.5").is_none());
}
