//! GUI acceptance test of the OEE page (DESIGN.md §8) on the bundled manufacturer sample:
//! "Plan with measured efficiency" for PAINT raises its utilisation on Capacity by the
//! hand-computed amount, in one undoable edit.
//!
//! The sample's PAINT log (data/manufacturer.json, periods −7..0): Σ planned_min = 8 weeks ×
//! 2,400 = 19,200 min; Σ ideal_cycle_min · total_count = 13,280.6 min. Measured efficiency =
//! availability · performance = Σ ideal / Σ planned = 13,280.6 / 19,200 = 0.691698. Available
//! hours are units · hours · efficiency (§2), so PAINT's horizon utilisation becomes
//! 93.0 % · 0.85 / 0.691698 = 114.3 % (93.0 % = 91.5 % · 408 / 401.2: the Easter week at 0.8
//! in the calendar takes 6.8 of PAINT's 12 · 40 · 0.85 = 408 hours).

mod ui_support;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::ui::oee_view::PLAN_WITH_MEASURED;
use opsplan::ui::{OpsplanApp, Page};
use ui_support::{sample_app_sized, shows};

fn sample_harness() -> Harness<'static, OpsplanApp> {
    sample_app_sized(800.0)
}

/// PAINT's total utilisation and efficiency in the app's current plan and analysis.
fn paint(harness: &Harness<'_, OpsplanApp>) -> (f64, f64) {
    let doc = harness.state().document();
    let Some(Ok(analysis)) = doc.analysis() else {
        panic!("no analysis");
    };
    let utilisation = analysis
        .capacity
        .resources
        .iter()
        .find(|r| r.code == "PAINT")
        .and_then(|r| r.total_utilization)
        .unwrap_or(f64::NAN);
    let efficiency = doc
        .plan()
        .resources
        .iter()
        .find(|r| r.code == "PAINT")
        .map_or(f64::NAN, |r| r.efficiency);
    (utilisation, efficiency)
}

#[test]
fn planning_paint_with_its_measured_efficiency_raises_its_utilisation_and_undo_restores_it() {
    let mut harness = sample_harness();
    harness.run();
    let (before, efficiency) = paint(&harness);
    assert_eq!(efficiency, 0.85);
    assert!((before - 0.930).abs() < 5e-4, "PAINT at 93.0 %: {before}");

    harness.state_mut().show_page(Page::OEE);
    harness.run();
    assert!(
        shows(
            &harness,
            "resource PAINT: the capacity plan assumes 85 %, the log shows 69.2 % (availability × performance)"
        ),
        "the OEE page states PAINT's gap"
    );
    // One button per resource whose measured efficiency differs from the planned one, in
    // plan order: WELD (84.4 %) first, then PAINT.
    let buttons = harness.query_all_by_label(PLAN_WITH_MEASURED).count();
    assert_eq!(buttons, 2);
    harness
        .query_all_by_label(PLAN_WITH_MEASURED)
        .nth(1)
        .expect("PAINT's button")
        .click();
    harness.run();

    let measured = 13_280.6 / 19_200.0;
    let (after, efficiency) = paint(&harness);
    assert!((efficiency - measured).abs() < 1e-12, "{efficiency}");
    let expected = before * 0.85 / measured;
    assert!(
        (after - expected).abs() < 1e-9,
        "utilisation {after}, expected {expected}"
    );
    assert_eq!(harness.state().document().history().undo_depth(), 1);

    harness.state_mut().show_page(Page::CAPACITY);
    harness.run();
    assert!(
        shows(&harness, "PAINT 114.3 % (bottleneck)"),
        "Capacity shows PAINT at 114.3 %"
    );

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    let (restored, efficiency) = paint(&harness);
    assert_eq!(efficiency, 0.85);
    assert_eq!(restored, before);
    assert!(shows(&harness, "PAINT 93.0 % (bottleneck)"));
}

#[test]
fn the_oee_page_edits_the_production_log_and_downtime_tables() {
    let mut harness = sample_harness();
    harness.run();
    harness.state_mut().show_page(Page::OEE);
    harness.run();
    harness.get_by_label("Production log").click();
    harness.run();
    // The generic editor labels its cells "table row N field".
    assert!(
        harness
            .query_all_by(|node| {
                node.label()
                    .is_some_and(|l| l.starts_with("production_log row 1 "))
            })
            .next()
            .is_some(),
        "the production_log editor shows its first row"
    );
    harness.get_by_label("Downtime reasons").click();
    harness.run();
    assert!(
        harness
            .query_all_by(|node| node
                .label()
                .is_some_and(|l| l.starts_with("downtime row 1 ")))
            .next()
            .is_some(),
        "the downtime editor shows its first row"
    );
}

#[test]
fn the_overview_links_the_lowest_oee_to_the_oee_page() {
    let mut harness = sample_harness();
    harness.run();
    // PAINT: availability 0.8142 · performance 0.8495 · quality 0.9851 = 68.1 % (data/README.md),
    // below WELD's 82.2 %.
    harness.get_by_label("Lowest OEE: 68.1 %").click();
    harness.run();
    assert_eq!(harness.state().page(), Page::OEE);
}
