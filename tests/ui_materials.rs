//! GUI acceptance tests of the Materials page (DESIGN.md §5) on the bundled manufacturer sample
//! (data/manufacturer.json, 12 weeks from 2026-03-02 = ISO week 10, so period t is 2026-W(9+t)).
//!
//! Hand computations, from the sample's demand, BOM and routings (e_1 = units started per good
//! unit = 1 / the product of the routing yields):
//! - CITY and TREK (assemble on ASSY, yield 1; inspect on QC, yield 0.995) have no stock or lead
//!   time, so they release their demand: CITY 79, 86, 95, …; TREK 47, 51, 56, …; e_1 = 1/0.995.
//! - WHEEL28 (2 per bike; LACE, then ASSY at yield 0.995: e_1 = 1/0.995) has no stock: its
//!   gross requirement is its spare-wheel demand plus 2/0.995 per bike released, e.g. week 10:
//!   13 + 79 · 2/0.995 (= 158.79 from CITY) + 47 · 2/0.995 (= 94.47 from TREK) = 266.27, and
//!   week 12: 15 + 2 · (95 + 56)/0.995 = 318.52. Lot-for-lot, lead time 0: it releases that.
//! - RIM28 (1 per WHEEL28 started, so 1/0.995 per WHEEL28 released; rolled on ROLL, setup 40
//!   min per lot of 200, run 3.0 min, yield 0.97: e_1 = 1/0.97) releases, lead time 0:
//!   week 11 (14 + 2 · (86 + 51)/0.995 = 289.38)/0.995 = 290.83, week 12 318.52/0.995 = 320.12.
//!   ROLL load in week t = (R_t · 3.0/0.97 + ceil(R_t/200) · 40)/60; week 11:
//!   (290.83 · 3.0/0.97 + 2 · 40)/60 = 16.32 h; week 12: (320.12 · 3.0/0.97 + 2 · 40)/60 =
//!   17.83 h. ROLL has 1 × 40 h × 0.9 = 36.0 h a week outside the Easter week 15.
//! - With RIM28's lead time 1, every release moves one week earlier: week 11 releases the 320.12
//!   due in week 12, so ROLL carries 17.83 h in week 11; week 10 releases its own 267.60 (past
//!   due) and week 11's 290.83, 558.44 in all: (558.44 · 3.0/0.97 + 3 · 40)/60 = 30.79 h; week
//!   21 releases nothing.
//! - HUB (1 per WHEEL28 started and per WHEEL20; on hand 100, a receipt of 400 in week 11, lead
//!   time 2): week 10 needs 266.27/0.995 + 2 · 32/0.995 (WHEEL20 under 32 KIDS, e_1 1/0.995) =
//!   267.60 + 64.32 = 331.93, so 231.93 must arrive in week 10: released in week 8 (period −1),
//!   before the horizon: past due, the sample's one exception.

mod ui_support;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::ui::materials_view::{MaterialsList, MaterialsView};
use opsplan::ui::{OpsplanApp, Page};
use ui_support::{count_text, page_view, sample_app, shown};

/// RIM28's row in the sample's items table (1-based: CITY, TREK, KIDS, FRAME-C, FRAME-T,
/// FRAME-K, WHEEL28, WHEEL20, RIM28).
const RIM28_ROW: usize = 9;

/// Index of ROLL in the resources table (SAW, WELD, PAINT, ROLL, …).
const ROLL: usize = 3;

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0)
}

/// ROLL's load per week, from the analysis the Capacity page draws.
fn roll_load(harness: &Harness<'_, OpsplanApp>) -> Vec<f64> {
    let Some(Ok(analysis)) = harness.state().document().analysis() else {
        panic!("no analysis");
    };
    analysis.capacity.resources[ROLL].load.clone()
}

/// ROLL's load in week t: `(R · 3.0/0.97 + lots · 40)/60` (module comment).
fn roll_hours(release: f64, lots: f64) -> f64 {
    (release * 3.0 / 0.97 + lots * 40.0) / 60.0
}

/// RIM28's planned release in weeks 10, 11, 12 (the hand computation of the module comment).
fn rim_releases() -> [f64; 3] {
    let wheel = |demand: f64, city: f64, trek: f64| demand + 2.0 * (city + trek) / 0.995;
    [
        wheel(13.0, 79.0, 47.0) / 0.995,
        wheel(14.0, 86.0, 51.0) / 0.995,
        wheel(15.0, 95.0, 56.0) / 0.995,
    ]
}

/// True when a widget's accessible name (not a label's text) is exactly `name`.
fn has_name(harness: &Harness<'_, OpsplanApp>, name: &str) -> bool {
    let name = name.to_string();
    harness
        .query_by(move |node| node.label().as_deref() == Some(name.as_str()))
        .is_some()
}

/// The one widget whose accessible name is `name` (a table cell).
fn named<'h>(harness: &'h Harness<'_, OpsplanApp>, name: &str) -> egui_kittest::Node<'h> {
    let name = name.to_string();
    harness.get_by(move |node| node.label().as_deref() == Some(name.as_str()))
}

/// True when the item list has the entry `label`.
fn listed(harness: &Harness<'_, OpsplanApp>, label: &str) -> bool {
    let label = label.to_string();
    harness
        .query_by(move |node| {
            node.role() == egui::accesskit::Role::Button
                && node.label().as_deref() == Some(label.as_str())
        })
        .is_some()
}

fn go_to(harness: &mut Harness<'_, OpsplanApp>, page: &str) {
    harness.get_by_label(page).click();
    harness.run();
}

/// Types `text` into the Materials page's item filter and clicks the entry labelled `entry`.
fn pick_item(harness: &mut Harness<'_, OpsplanApp>, text: &str, entry: &str) {
    let filter = harness.get_by_label("Filter items");
    filter.click();
    harness.run();
    harness.get_by_label("Filter items").type_text(text);
    harness.run();
    harness.get_by_label(entry).click();
    harness.run();
}

/// The text of the tooltip of the Capacity heat-map cell of `resource` (row) in `period`
/// (1-based), shown by hovering over it.
fn heat_map_tooltip(
    harness: &mut Harness<'_, OpsplanApp>,
    resource: usize,
    period: usize,
) -> String {
    harness
        .ctx
        .all_styles_mut(|style| style.interaction.tooltip_delay = 0.0);
    let map = harness
        .get_by(|node| node.role() == egui::accesskit::Role::Image)
        .rect();
    let resources = harness.state().document().plan().resources.len() as f32;
    let x = map.left() + (period as f32 - 0.5) * map.width() / 12.0;
    let y = map.top() + (resource as f32 + 0.5) * map.height() / resources;
    harness.hover_at(egui::pos2(x, y));
    harness.run();
    let texts: Vec<String> = harness
        .query_all_by(|node| {
            node.value()
                .is_some_and(|v| v.starts_with(&format!("ROLL in 2026-W{}", 9 + period)))
        })
        .filter_map(|node| node.value())
        .collect();
    texts.first().cloned().unwrap_or_default()
}

#[test]
fn a_shorter_lead_time_moves_releases_and_load_one_week_earlier_and_undo_restores_them() {
    let mut harness = sample_app();
    harness.run();
    let [r10, r11, r12] = rim_releases();
    go_to(&mut harness, "Materials");
    pick_item(&mut harness, "RIM28", "RIM28 — Rim 28\", rolled and joined");
    assert_eq!(
        page_view::<MaterialsView>(&mut harness).selected_item(),
        Some("RIM28")
    );
    let release = |harness: &Harness<'_, OpsplanApp>, week: usize| {
        shown(harness, &format!("Planned order releases 2026-W{week}"))
    };
    // Lead time 0: each week releases its own requirement (290.83 in week 11, 320.12 in 12).
    assert_eq!(release(&harness, 11).as_deref(), Some("290.83"));
    assert_eq!(release(&harness, 12).as_deref(), Some("320.12"));
    assert!(has_name(&harness, "Lead time: 0 weeks"));
    let before = roll_load(&harness);
    assert!(close(before[1], roll_hours(r11, 2.0)), "{before:?}");
    assert!(close(before[2], roll_hours(r12, 2.0)), "{before:?}");
    assert!((before[2] - 17.834).abs() < 1e-3, "{before:?}");
    go_to(&mut harness, "Capacity");
    assert!(heat_map_tooltip(&mut harness, ROLL, 2).ends_with("(16.3 of 36.0 h)"));

    go_to(&mut harness, "Items");
    let cell = format!("items row {RIM28_ROW} lead_time");
    named(&harness, &cell).scroll_to_me();
    harness.run();
    named(&harness, &cell).click();
    harness.run();
    named(&harness, &cell).type_text("1");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().document().plan().items[RIM28_ROW - 1].lead_time,
        1
    );

    go_to(&mut harness, "Materials");
    assert_eq!(
        page_view::<MaterialsView>(&mut harness).selected_item(),
        Some("RIM28")
    );
    assert!(has_name(&harness, "Lead time: 1 week"));
    // Week 11 now releases week 12's 320.12; week 10 its own 267.60 (past due) and week 11's
    // 290.83 = 558.44; week 21 (period 12) releases nothing.
    assert_eq!(release(&harness, 11).as_deref(), Some("320.12"));
    assert_eq!(release(&harness, 10).as_deref(), Some("558.44"));
    assert!(close(r10 + r11, 558.435_393), "{}", r10 + r11);
    let after = roll_load(&harness);
    assert!(close(after[1], roll_hours(r12, 2.0)), "{after:?}");
    assert!(close(after[0], roll_hours(r10 + r11, 3.0)), "{after:?}");
    assert!((after[0] - 30.785).abs() < 1e-3, "{after:?}");
    assert_eq!(after[11], 0.0);
    go_to(&mut harness, "Capacity");
    assert!(heat_map_tooltip(&mut harness, ROLL, 2).ends_with("(17.8 of 36.0 h)"));

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(
        harness.state().document().plan().items[RIM28_ROW - 1].lead_time,
        0
    );
    assert_eq!(roll_load(&harness), before);
    assert!(heat_map_tooltip(&mut harness, ROLL, 2).ends_with("(16.3 of 36.0 h)"));
    go_to(&mut harness, "Materials");
    assert_eq!(release(&harness, 11).as_deref(), Some("290.83"));
    assert_eq!(release(&harness, 12).as_deref(), Some("320.12"));
}

#[test]
fn the_item_filter_matches_codes_and_names_ignoring_case() {
    let mut harness = sample_app();
    harness.run();
    go_to(&mut harness, "Materials");
    assert_eq!(
        count_text(&harness, "22 of 22 items · red: with exceptions"),
        1
    );
    harness.get_by_label("Filter items").click();
    harness.run();
    harness.get_by_label("Filter items").type_text("tyre");
    harness.run();
    // TYRE28 and TYRE20 by their codes; nothing else has "tyre" in its code or name.
    assert_eq!(
        count_text(&harness, "2 of 22 items · red: with exceptions"),
        1
    );
    assert!(listed(&harness, "TYRE28 — Tyre 28\" with tube"));
    assert!(listed(&harness, "TYRE20 — Tyre 20\" with tube"));
    assert!(!listed(&harness, "HUB — Hub"));
    // By name: "stainless" finds SPOKE (Stainless spoke).
    harness.get_by_label("Filter items").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Filter items").type_text("Stainless");
    harness.run();
    assert_eq!(
        count_text(&harness, "1 of 22 items · red: with exceptions"),
        1
    );
    harness.get_by_label("SPOKE — Stainless spoke").click();
    harness.run();
    assert_eq!(
        page_view::<MaterialsView>(&mut harness).selected_item(),
        Some("SPOKE")
    );
}

#[test]
fn pegging_links_lead_to_the_parent_and_to_the_children() {
    let mut harness = sample_app();
    harness.run();
    go_to(&mut harness, "Materials");
    pick_item(
        &mut harness,
        "WHEEL28",
        "WHEEL28 — Wheel 28\" (also sold as spare)",
    );
    // Week 10's gross requirement of 266.27: 13 demand, 158.79 from CITY's 79, 94.47 from
    // TREK's 47 (2/0.995 per bike released).
    assert_eq!(
        shown(&harness, "Gross requirements 2026-W10").as_deref(),
        Some("266.27")
    );
    assert!(count_text(&harness, "158.79") >= 1);
    assert!(count_text(&harness, "94.47") >= 1);
    assert!(count_text(&harness, "releases 79 × 2.010") >= 1);
    // Every CITY link (the parents line and one per week) shows CITY's record.
    harness
        .query_all_by_label("CITY")
        .next()
        .expect("a CITY link")
        .click();
    harness.run();
    assert_eq!(
        page_view::<MaterialsView>(&mut harness).selected_item(),
        Some("CITY")
    );
    // CITY's children: FRAME-C, WHEEL28, DRIVE-8 and FITKIT, one per bike started.
    assert_eq!(
        count_text(&harness, "1 per unit started, 1.005 per unit released"),
        3
    );
    assert_eq!(
        count_text(&harness, "2 per unit started, 2.010 per unit released"),
        1
    );
    harness.get_by_label("FITKIT").click();
    harness.run();
    assert_eq!(
        page_view::<MaterialsView>(&mut harness).selected_item(),
        Some("FITKIT")
    );
}

#[test]
fn an_exception_link_selects_its_item_and_highlights_its_week() {
    let mut harness = sample_app();
    harness.run();
    // The Overview's card: the average stock value and the one exception; it opens the list.
    let card = harness
        .get_by(|node| {
            node.label()
                .is_some_and(|l| l.starts_with("Inventory value: €14,935."))
        })
        .rect();
    harness.hover_at(card.center());
    harness.run();
    harness
        .get_by(|node| {
            node.label()
                .is_some_and(|l| l.starts_with("Inventory value: €14,935."))
        })
        .click();
    harness.run();
    assert_eq!(harness.state().page(), Page::MATERIALS);
    assert_eq!(
        page_view::<MaterialsView>(&mut harness).list(),
        MaterialsList::Exceptions
    );
    harness.get_by_label("Exceptions (1)");
    harness
        .get_by_label("HUB: past due 231.93 in 2026-W10")
        .click();
    harness.run();
    let view = page_view::<MaterialsView>(&mut harness);
    assert_eq!(view.selected_item(), Some("HUB"));
    assert_eq!(view.highlighted_period(), Some(1));
    // HUB's record: the 400 on order arrives in week 11; 231.93 must arrive in week 10.
    assert_eq!(
        shown(&harness, "Scheduled receipts 2026-W11").as_deref(),
        Some("400")
    );
    assert_eq!(
        shown(&harness, "Planned order receipts 2026-W10").as_deref(),
        Some("231.93")
    );
    assert_eq!(
        shown(&harness, "Projected on hand start").as_deref(),
        Some("100")
    );
    // Picking another item drops the highlight.
    harness.get_by_label("Items (22)").click();
    harness.run();
    harness.get_by_label("Filter items").click();
    harness.run();
    harness.get_by_label("Filter items").type_text("SPOKE");
    harness.run();
    harness.get_by_label("SPOKE — Stainless spoke").click();
    harness.run();
    assert_eq!(
        page_view::<MaterialsView>(&mut harness).highlighted_period(),
        None
    );
}
