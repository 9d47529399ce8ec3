//! Cost dashboard layout at the default window size (1280 × 800): the break-even section is
//! open without any click, its figures can be found by label, and the roll-up table's last
//! column (break-even quantity) is not cut off at the right edge.
//!
//! Plan `tests/data/ui/small.json` (see tests/ui_app.rs for its unit costs), worked by hand
//! with DESIGN.md §2 (break-even at the planned sales mix):
//! - revenue R = 250 BIKE × 300 = 75,000; variable cost V = 250 × 37 = 9,250;
//! - fixed cost F = WELD 100 per period × 2 periods = 200;
//! - ratio = F / (R − V) = 200 / 65,750 = 0.0030418; break-even qty = 0.0030418 × 250 = 0.76 BIKE;
//! - revenue at break-even = 300 × 0.760456 = 228.14.

mod ui_support;

use std::path::Path;
use ui_support::{ScriptedDialogs, isolated_home};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::app::Document;
use opsplan::ui::{OpsplanApp, Page};

/// Window size the app opens at.
const WINDOW: egui::Vec2 = egui::vec2(1280.0, 800.0);

fn cost_page() -> Harness<'static, OpsplanApp> {
    isolated_home();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ui/small.json");
    let doc = Document::open(&path).expect("small plan opens");
    let mut harness = Harness::builder()
        .with_size(WINDOW)
        .with_max_steps(16)
        .build_eframe(move |_cc| {
            OpsplanApp::with_document(doc, Box::new(ScriptedDialogs::default()))
        });
    harness.state_mut().show_page(Page::COST);
    harness.run();
    harness
}

/// The one node whose label or text is exactly `text` (labels carry their text as value).
fn node_with_text<'h>(
    harness: &'h Harness<'_, OpsplanApp>,
    text: &'static str,
) -> egui_kittest::Node<'h> {
    harness.get_by(move |node| {
        node.role() != egui::accesskit::Role::TextRun
            && (node.label().as_deref() == Some(text) || node.value().as_deref() == Some(text))
    })
}

/// Bounds of a node in window points.
fn bounds(node: &egui_kittest::Node<'_>) -> egui::Rect {
    node.rect()
}

#[test]
fn break_even_is_open_and_readable_without_expanding_anything() {
    let harness = cost_page();
    let figure = node_with_text(
        &harness,
        "Break-even at 0.76 BIKE (planned 250), revenue €228.14",
    );
    // Shown inside the first screen, not scrolled away below it.
    assert!(
        bounds(&figure).max.y <= WINDOW.y,
        "break-even figure below the window: {:?}",
        bounds(&figure)
    );
    assert!(
        harness.query_by_label("Break-even item").is_some(),
        "the break-even item chooser is shown"
    );
}

#[test]
fn the_break_even_column_fits_in_the_window() {
    let harness = cost_page();
    let heading = node_with_text(&harness, "Break-even qty");
    let right_edge = bounds(&heading).max.x;
    assert!(
        right_edge <= WINDOW.x,
        "break-even column ends at {right_edge}, past the window's {}",
        WINDOW.x
    );
    // BIKE's break-even quantity (hand computation above) is in the row.
    let value = node_with_text(&harness, "0.76");
    assert!(bounds(&value).max.x <= WINDOW.x);
}

#[test]
fn the_drill_down_walks_the_first_sold_items_bill_of_materials() {
    // data/manufacturer.json: the first sold item is CITY, whose BOM is FRAME-C × 1,
    // WHEEL28 × 2, DRIVE-8 × 1 and FITKIT × 1. Each line names its quantity per top unit; the
    // first level is open, so the children's own build-up lines show too.
    let mut harness = ui_support::sample_app_sized(2_400.0);
    harness.state_mut().show_page(Page::COST);
    harness.run();
    let has = |prefix: &str, suffix: &str| {
        let (prefix, suffix) = (prefix.to_string(), suffix.to_string());
        harness
            .query_all_by(move |node| {
                node.role() != egui::accesskit::Role::TextRun
                    && [node.label(), node.value()]
                        .iter()
                        .flatten()
                        .any(|t| t.starts_with(&prefix) && t.ends_with(&suffix))
            })
            .count()
            > 0
    };
    assert!(
        has("Cost build-up of one CITY", ""),
        "the drill-down heading"
    );
    assert!(has("CITY: purchase ", " per unit"), "CITY's own line");
    for (qty, child) in [
        ("1", "FRAME-C"),
        ("2", "WHEEL28"),
        ("1", "DRIVE-8"),
        ("1", "FITKIT"),
    ] {
        assert!(
            has(
                &format!("{qty} × {child} = "),
                &format!(" per unit of CITY ({qty} per top unit)")
            ),
            "the {child} line"
        );
        assert!(
            has(&format!("{child}: purchase "), " per unit"),
            "{child}'s build-up"
        );
    }
}
