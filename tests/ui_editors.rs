//! Editing a number in the Settings, Items, Bills of materials and Resources editors moves a
//! figure on a dashboard by a hand-computed amount, and Undo puts it back. The cell is typed
//! into as a user does: click it, type, press Enter.
//!
//! The plan is `tests/data/ui/small.json` (figures worked out in `tests/ui_app.rs`):
//! TUBE costs 5; FRAME = 2 TUBE (10) + 12 min on WELD at 60/h (12) = 22; BIKE = 1 FRAME (22) +
//! 30 min on ASSY at 30/h (15) = 37. Demand BIKE 100 + 150 = 250, price 300. ASSY has 2 units
//! × 40 h × 0.5 = 40 h a week, 80 h in all, for a load of 250 · 30/60 = 125 h: 156.25 %, shown
//! 156.2 % (one decimal, ties to even). WELD: 250 · 12/60 = 50 h of 80 h = 62.5 %.

mod ui_support;

use ui_support::{ScriptedDialogs, app_harness_on, count_text, isolated_home};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::app::Document;
use opsplan::ui::OpsplanApp;

fn small_plan_text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ui/small.json");
    std::fs::read_to_string(path).expect("small plan")
}

/// The app on plan JSON text, as a clean document.
fn app_on(text: &str) -> Harness<'static, OpsplanApp> {
    isolated_home();
    let doc = Document::from_json_text(text, "small.json").expect("plan JSON parses");
    app_harness_on(doc, ScriptedDialogs::default())
}

fn go_to(harness: &mut Harness<'_, OpsplanApp>, page: &str) {
    harness.get_by_label(page).click();
    harness.run();
}

/// The field labelled `label`: a table cell (a label until it is clicked), or the number
/// field of a form rather than the text beside it that carries the same name.
fn field<'h>(harness: &'h Harness<'_, OpsplanApp>, label: &str) -> egui_kittest::Node<'h> {
    let wanted = label.to_string();
    let form_field = harness.query_by(move |node| {
        node.label().as_deref() == Some(wanted.as_str())
            && !matches!(
                node.role(),
                egui::accesskit::Role::Label | egui::accesskit::Role::TextRun
            )
    });
    form_field.unwrap_or_else(|| {
        let label = label.to_string();
        harness.get_by(move |node| node.label().as_deref() == Some(label.as_str()))
    })
}

/// Clicks the field labelled `label` on `page`, types `text` over its value, presses Enter.
fn type_into(harness: &mut Harness<'_, OpsplanApp>, page: &str, label: &str, text: &str) {
    go_to(harness, page);
    field(harness, label).click();
    harness.run();
    field(harness, label).type_text(text);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

fn undo(harness: &mut Harness<'_, OpsplanApp>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
}

#[test]
fn a_material_cost_edit_moves_the_parents_unit_cost_by_the_bom_quantity() {
    // TUBE purchase cost 5 → 6: FRAME holds 2 TUBE, so FRAME 22 + 2 · 1 = 24 and BIKE (1 FRAME)
    // 37 + 1 · 2 = 39.
    let mut harness = app_on(&small_plan_text());
    go_to(&mut harness, "Cost");
    assert_eq!(count_text(&harness, "€37.00"), 1, "BIKE before");
    type_into(&mut harness, "Items", "items row 3 purchase_cost", "6");
    assert_eq!(
        harness.state().document().plan().items[2].purchase_cost,
        6.0
    );
    go_to(&mut harness, "Cost");
    assert_eq!(count_text(&harness, "€39.00"), 1, "BIKE 37 + 2 · 1");
    // 24 twice: FRAME's unit cost 22 + 2 · 1, and BIKE's material cost (1 FRAME).
    assert_eq!(
        count_text(&harness, "€24.00"),
        2,
        "FRAME, and BIKE's material"
    );
    assert_eq!(count_text(&harness, "€37.00"), 0);
    undo(&mut harness);
    assert_eq!(
        harness.state().document().plan().items[2].purchase_cost,
        5.0
    );
    assert_eq!(count_text(&harness, "€37.00"), 1, "BIKE back to 37");
    assert_eq!(count_text(&harness, "€39.00"), 0);
}

#[test]
fn a_bom_quantity_edit_adds_the_childs_unit_cost_to_the_parent() {
    // BIKE's line BIKE → FRAME, qty 1 → 2: BIKE material 2 · 22 = 44, unit cost 44 + 15 = 59,
    // i.e. 37 + (2 − 1) · FRAME's 22.
    let mut harness = app_on(&small_plan_text());
    type_into(&mut harness, "Bills of materials", "bom row 1 qty", "2");
    assert_eq!(harness.state().document().plan().bom[0].qty, 2.0);
    go_to(&mut harness, "Cost");
    assert_eq!(count_text(&harness, "€59.00"), 1, "BIKE 37 + 1 · 22");
    undo(&mut harness);
    assert_eq!(harness.state().document().plan().bom[0].qty, 1.0);
    assert_eq!(count_text(&harness, "€37.00"), 1, "BIKE back to 37");
    assert_eq!(count_text(&harness, "€59.00"), 0);
}

#[test]
fn a_resources_hours_edit_changes_its_utilisation_on_capacity() {
    // ASSY hours per period 40 → 50: 2 · 50 · 0.5 = 50 h a week, 100 h in all; 125 / 100 =
    // 125.0 % (from 156.25 %, shown 156.2 %). WELD's 62.5 % keeps ASSY the bottleneck.
    let mut harness = app_on(&small_plan_text());
    go_to(&mut harness, "Capacity");
    assert_eq!(count_text(&harness, "ASSY 156.2 % (bottleneck)"), 1);
    type_into(
        &mut harness,
        "Resources",
        "resources row 2 hours_per_period",
        "50",
    );
    assert_eq!(
        harness.state().document().plan().resources[1].hours_per_period,
        50.0
    );
    go_to(&mut harness, "Capacity");
    assert_eq!(count_text(&harness, "ASSY 125.0 % (bottleneck)"), 1);
    assert_eq!(count_text(&harness, "ASSY 156.2 % (bottleneck)"), 0);
    undo(&mut harness);
    assert_eq!(count_text(&harness, "ASSY 156.2 % (bottleneck)"), 1);
}

#[test]
fn a_holding_rate_edit_changes_the_stock_cost_in_the_profit() {
    // TUBE starts with 1,000 on hand. FRAME needs 2 TUBE per unit: 200 in week 1, 300 in week 2,
    // so TUBE's stock ends the weeks at 800 and 500, worth 800 · 5 + 500 · 5 = 6,500 (§5).
    // Holding cost = 6,500 · rate / 52: 6,500 · 0.25 / 52 = 31.25 at the default rate, and
    // 6,500 · 0.5 / 52 = 62.50 at 0.5. Profit = 250 · 300 − 250 · 37 − 2 · 100 − holding:
    // 65,550 − 31.25 = 65,518.75, then 65,550 − 62.50 = 65,487.50.
    let mut json: serde_json::Value = serde_json::from_str(&small_plan_text()).expect("plan JSON");
    json["items"][2]["on_hand"] = 1000.into();
    let mut harness = app_on(&json.to_string());
    assert_eq!(count_text(&harness, "Profit: €65,518.75"), 1, "Overview");
    type_into(
        &mut harness,
        "Plan settings",
        "Holding rate (share of unit cost per year)",
        "0.5",
    );
    assert_eq!(harness.state().document().plan().settings.holding_rate, 0.5);
    go_to(&mut harness, "Overview");
    assert_eq!(count_text(&harness, "Profit: €65,487.50"), 1, "31.25 lower");
    undo(&mut harness);
    assert_eq!(
        harness.state().document().plan().settings.holding_rate,
        0.25
    );
    assert_eq!(count_text(&harness, "Profit: €65,518.75"), 1, "profit back");
}

/// True when a widget labelled `label` is in the accessibility tree (laid out this frame).
fn laid_out(harness: &Harness<'_, OpsplanApp>, label: &str) -> bool {
    let label = label.to_string();
    harness
        .query_by(move |node| node.label().as_deref() == Some(label.as_str()))
        .is_some()
}

#[test]
fn columns_scrolled_out_of_view_sideways_are_not_laid_out_until_scrolled_in() {
    // The items table has 18 columns; in a 1280-point window the last ones (order cost,
    // backorder cost) lie right of the view, so their cells are not laid out.
    let mut harness = app_on(&small_plan_text());
    go_to(&mut harness, "Items");
    assert!(laid_out(&harness, "items row 1 code"));
    assert!(!laid_out(&harness, "items row 1 backorder_cost"));
    // The user scrolls the table sideways (a horizontal wheel or trackpad swipe over it): the
    // last columns come into view and the first ones leave it.
    let over_table = field(&harness, "items row 1 code").rect().center();
    harness.hover_at(over_table);
    harness.run();
    for _ in 0..5 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(-600.0, 0.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        harness.run();
    }
    assert!(laid_out(&harness, "items row 1 backorder_cost"));
    assert!(!laid_out(&harness, "items row 1 code"));
    // A cell scrolled into view edits as any other: BIKE's order cost 0 → 25.
    field(&harness, "items row 1 order_cost").click();
    harness.run();
    field(&harness, "items row 1 order_cost").type_text("25");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    let bike = &harness.state().document().plan().items[0];
    assert_eq!((bike.code.as_str(), bike.order_cost), ("BIKE", 25.0));
}
