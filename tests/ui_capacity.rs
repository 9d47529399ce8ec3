//! GUI tests of the Capacity page's calendar (issue 13) on the bundled manufacturer sample: the
//! periods with fewer hours are listed under the chart with reason and hours (SAW's maintenance
//! day in 2026-W11, the Easter week 2026-W15 at calendar 0.8), PAINT's available + overtime
//! line lies 4 h above its available hours (1 h in the Easter week), and a resource shut in a
//! period with load shows "no hours" in the list, the heat-map legend and the cell's hover.

mod ui_support;

use std::path::Path;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::ui::capacity_view::CapacityView;
use opsplan::ui::{OpsplanApp, Page};
use ui_support::{page_view, resource_load, sample_app_sized, shows};

/// The sample's resources in plan order: SAW is the first.
const SAW_ROW: usize = 0;

fn capacity_page() -> Page {
    Page::from_start_name("capacity").expect("the Capacity page is listed")
}

/// Shows the Capacity page and chooses `code` with its button in the resource row.
fn show_resource(harness: &mut Harness<'_, OpsplanApp>, code: &str) {
    harness.state_mut().show_page(capacity_page());
    harness.run();
    let prefix = format!("{code} ");
    harness
        .get_by(|node| {
            node.role() == egui::accesskit::Role::Button
                && node.label().is_some_and(|l| l.starts_with(&prefix))
        })
        .click();
    harness.run();
}

/// The calendar list of the chart shown.
fn calendar(harness: &mut Harness<'_, OpsplanApp>) -> Vec<String> {
    let chart = page_view::<CapacityView>(harness)
        .load_chart()
        .expect("a chart is drawn");
    chart.calendar().to_vec()
}

/// The sample's harness on the Capacity page, tall enough for the chart, its list and the
/// heat-map.
fn sample_on(code: &str) -> Harness<'static, OpsplanApp> {
    let mut harness = sample_app_sized(1100.0);
    harness.run();
    show_resource(&mut harness, code);
    harness
}

#[test]
fn the_maintenance_day_and_the_easter_week_are_listed_with_their_hours() {
    let mut harness = sample_on("SAW");
    assert_eq!(
        page_view::<CapacityView>(&mut harness)
            .load_chart()
            .map(|c| c.resource()),
        Some("SAW")
    );
    // SAW: 1 unit × 40 h × efficiency 0.8 = 32 h a normal week. Its resource_periods row in
    // period 2 (2026-W11, the maintenance day) sets 32 h: 1 × 32 × 0.8 = 25.6 h. The Easter
    // week (period 6, 2026-W15) has calendar 0.8: 1 × 40 × 0.8 × 0.8 = 25.6 h.
    let maintenance = "2026-W11 (maintenance): 25.6 of 32 h";
    let easter = "2026-W15 (holiday, calendar 0.8): 25.6 of 32 h";
    assert_eq!(calendar(&mut harness), vec![maintenance, easter]);
    assert!(shows(&harness, maintenance) && shows(&harness, easter));
    assert!(shows(
        &harness,
        "Calendar: periods of SAW with fewer than its normal 32 h (2)"
    ));

    // PAINT: 1 × 40 h × 0.85 = 34 h a week; the Easter week 1 × 40 × 0.8 × 0.85 = 27.2 h. Its
    // own row in that week only sets overtime, so the week stays a holiday.
    show_resource(&mut harness, "PAINT");
    let paint_easter = "2026-W15 (holiday, calendar 0.8): 27.2 of 34 h";
    assert_eq!(calendar(&mut harness), vec![paint_easter]);
    assert!(shows(&harness, paint_easter));
    assert!(!shows(&harness, maintenance));
}

#[test]
fn paint_has_an_available_plus_overtime_line_four_hours_above_its_hours() {
    let mut harness = sample_on("PAINT");
    let chart = page_view::<CapacityView>(&mut harness)
        .load_chart()
        .expect("a chart");
    let available: Vec<f64> = chart.available_line().iter().map(|p| p.y).collect();
    let with_overtime: Vec<f64> = chart
        .overtime_line()
        .expect("PAINT may work overtime")
        .iter()
        .map(|p| p.y)
        .collect();
    // Two points per week (the step's ends): 12 weeks × 2.
    assert_eq!(with_overtime.len(), 24);
    for (t, (line, hours)) in with_overtime.iter().zip(&available).enumerate() {
        // The sample's PAINT may add 4 h a week, 1 h in the Easter week (period 6 = points
        // 10 and 11): 34 + 4 = 38 h, and 27.2 + 1 = 28.2 h there.
        let (want_hours, overtime) = if t / 2 == 5 { (27.2, 1.0) } else { (34.0, 4.0) };
        assert!((hours - want_hours).abs() < 1e-9, "point {t}: {hours}");
        assert!(
            (line - (want_hours + overtime)).abs() < 1e-9,
            "point {t}: {line}"
        );
    }
    assert!(shows(
        &harness,
        "Dashed line: available + overtime (PAINT may add up to 4 h a week)"
    ));
    // SAW has no overtime: no such line, no such caption.
    show_resource(&mut harness, "SAW");
    assert!(
        page_view::<CapacityView>(&mut harness)
            .load_chart()
            .expect("a chart")
            .overtime_line()
            .is_none()
    );
    assert!(!shows(
        &harness,
        "Dashed line: available + overtime (SAW may add up to 0 h a week)"
    ));
}

/// The sample with SAW shut in period 3 (2026-W12): a resource_periods row of 0 hours.
fn sample_with_saw_shut() -> opsplan::app::Document {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/manufacturer.json");
    let text = std::fs::read_to_string(sample).expect("the sample reads");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("the sample is JSON");
    json["resource_periods"]
        .as_array_mut()
        .expect("the sample has resource_periods")
        .push(serde_json::json!({"resource": "SAW", "period": 3, "hours_per_period": 0}));
    let folder = tempfile::tempdir().expect("temp folder");
    let path = folder.path().join("saw_shut.json");
    std::fs::write(&path, json.to_string()).expect("the plan writes");
    opsplan::app::Document::open(&path).expect("the plan opens")
}

#[test]
fn a_shut_resource_with_load_shows_no_hours_in_the_list_legend_and_heat_map() {
    ui_support::isolated_home();
    let doc = sample_with_saw_shut();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1100.0))
        .with_max_steps(16)
        .build_eframe(move |_cc| {
            OpsplanApp::with_document(doc, Box::new(ui_support::ScriptedDialogs::default()))
        });
    harness.run();
    show_resource(&mut harness, "SAW");
    let load = resource_load(&harness, "SAW").expect("SAW is a resource");
    let in_w12 = load[2];
    assert!(in_w12 > 0.0, "SAW has work in 2026-W12: {load:?}");
    // 0 of the normal 32 h, with the week's load still planned on it.
    let shut = format!(
        "2026-W12 (shutdown): 0 of 32 h, {} h of load: no hours",
        opsplan::ui::format::hours(in_w12)
    );
    assert!(
        calendar(&mut harness).contains(&shut),
        "{:?}",
        calendar(&mut harness)
    );
    assert!(shows(&harness, &shut));
    // One heat-map cell has load and no hours; none is closed (every resource has hours or
    // load in every other cell).
    assert_eq!(
        page_view::<CapacityView>(&mut harness).heat_map_counts(),
        Some((1, 0))
    );
    assert!(shows(&harness, "no hours (1)") && shows(&harness, "closed (0)"));
    assert!(shows(&harness, "SAW in 2026-W12: load, no hours"));

    // Hovering SAW's cell in 2026-W12 names resource, period, utilisation, load and hours.
    harness
        .ctx
        .all_styles_mut(|style| style.interaction.tooltip_delay = 0.0);
    let map = harness
        .get_by(|node| node.role() == egui::accesskit::Role::Image)
        .rect();
    let resources = harness.state().document().plan().resources.len() as f32;
    let x = map.left() + 2.5 * map.width() / 12.0;
    let y = map.top() + (SAW_ROW as f32 + 0.5) * map.height() / resources;
    harness.hover_at(egui::pos2(x, y));
    harness.run();
    let tooltip = format!(
        "SAW in 2026-W12: no hours ({} of 0.0 h), shutdown",
        opsplan::ui::format::number(in_w12, 1)
    );
    assert!(shows(&harness, &tooltip), "no tooltip {tooltip}");
}

#[test]
fn the_plain_sample_has_no_cell_without_hours() {
    let mut harness = sample_on("SAW");
    assert_eq!(
        page_view::<CapacityView>(&mut harness).heat_map_counts(),
        Some((0, 0))
    );
    assert!(shows(&harness, "no hours (0)"));
}
