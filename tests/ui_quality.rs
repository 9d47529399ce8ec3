//! GUI tests of the Quality dashboard on the bundled manufacturer sample, driven through
//! egui_kittest like a user would.
//!
//! Hand computation for SPOKE-T (spoke tension, kgf): 24 subgroups of 5 values, so an X̄-R chart
//! with A2 = 0.577 (Montgomery, Appendix VI, n = 5).
//! - All subgroups: X̄̄ = 13,859.0 / 120 = 115.4917, R̄ = 163.8 / 24 = 6.825,
//!   UCL = 115.4917 + 0.577 · 6.825 = 119.4297, LCL = 111.5536.
//! - Frozen on subgroups 1–15: X̄̄ = 8,591.3 / 75 = 114.5507, R̄ = 104.6 / 15 = 6.9733,
//!   UCL = 114.5507 + 0.577 · 6.9733 = 118.5743, LCL = 110.5271. Subgroups 18 (x̄ = 119.04)
//!   and 19 (x̄ = 118.60) then lie above the UCL: rule 1 fires at both.

mod ui_support;

use ui_support::{count_text, isolated_home};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::analytics::quality::ControlChart;
use opsplan::app::{Command, Document, TableKind};
use opsplan::ui::dialogs::NativeDialogs;
use opsplan::ui::{BUNDLED_SAMPLE, OpsplanApp, Page};

/// The app on the manufacturer sample, showing the Quality page.
fn quality_harness() -> Harness<'static, OpsplanApp> {
    quality_harness_of_height(900.0)
}

/// The same in a window `height` points tall.
fn quality_harness_of_height(height: f32) -> Harness<'static, OpsplanApp> {
    isolated_home();
    let doc = Document::from_json_text(BUNDLED_SAMPLE, "manufacturer sample").expect("sample");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, height))
        .with_max_steps(16)
        .build_eframe(move |_cc| OpsplanApp::with_document(doc, Box::new(NativeDialogs)));
    harness.run();
    harness.get_by_label("Quality").click();
    harness.run();
    assert_eq!(harness.state().page(), Page::QUALITY);
    harness
}

fn assert_shown(harness: &Harness<'_, OpsplanApp>, text: &str) {
    assert!(
        count_text(harness, text) > 0,
        "no label \"{text}\" is shown"
    );
}

/// The one node labelled `label` (widgets given an accessible name).
fn labelled<'h>(
    harness: &'h Harness<'_, OpsplanApp>,
    label: &'static str,
) -> egui_kittest::Node<'h> {
    harness.get_by(move |node| node.label().as_deref() == Some(label))
}

/// Opens the characteristic picker and chooses `title`.
fn pick_characteristic(harness: &mut Harness<'_, OpsplanApp>, current: &str, title: &str) {
    harness.get_by_value(current).click();
    harness.run();
    harness.get_by_label(title).click();
    harness.run();
}

/// Switches the page from the first characteristic, SEAT-OD, to SPOKE-T.
fn pick_spoke_tension(harness: &mut Harness<'_, OpsplanApp>) {
    pick_characteristic(
        harness,
        "SEAT-OD — Seat tube outer diameter",
        "SPOKE-T — Spoke tension",
    );
}

fn spoke_chart(harness: &Harness<'_, OpsplanApp>) -> ControlChart {
    let Some(Ok(analysis)) = harness.state().document().analysis() else {
        panic!("the sample has no analysis");
    };
    analysis
        .quality
        .charts
        .iter()
        .find(|c| c.characteristic == "SPOKE-T")
        .cloned()
        .expect("SPOKE-T has a chart")
}

fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < 5e-4,
        "{what}: expected {expected}, got {actual}"
    );
}

#[test]
fn spoke_tension_shows_the_centre_limits_and_violations_of_the_analysis() {
    let mut harness = quality_harness();
    pick_spoke_tension(&mut harness);
    let chart = spoke_chart(&harness);
    assert_close(chart.center, 115.4917, "centre");
    assert_close(chart.ucl, 119.4297, "UCL");
    assert_close(chart.lcl, 111.5536, "LCL");
    assert_shown(&harness, "Centre 115.49 kgf");
    assert_shown(&harness, "UCL 119.43 kgf");
    assert_shown(&harness, "LCL 111.55 kgf");
    assert!(
        !chart.violations.is_empty(),
        "the drift after subgroup 17 breaks run rules"
    );
    for violation in &chart.violations {
        let subgroup = chart.points[violation.index - 1].subgroup;
        assert_shown(
            &harness,
            &format!("Rule {} at subgroup {subgroup}", violation.rule),
        );
    }
}

#[test]
fn freezing_limits_on_subgroups_1_to_15_judges_later_points_and_undoes() {
    let mut harness = quality_harness();
    pick_spoke_tension(&mut harness);
    labelled(&harness, "Phase I last subgroup").click();
    harness.run();
    labelled(&harness, "Phase I last subgroup").type_text("15");
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("Freeze limits").click();
    harness.run();

    let limits = &harness.state().document().plan().control_limits;
    let ranges: Vec<(&str, i64, i64)> = limits
        .iter()
        .map(|l| (l.characteristic.as_str(), l.from_subgroup, l.to_subgroup))
        .collect();
    assert_eq!(ranges, vec![("SPOKE-T", 1, 15)]);
    let chart = spoke_chart(&harness);
    assert_close(chart.center, 114.5507, "frozen centre");
    assert_close(chart.ucl, 118.5743, "frozen UCL");
    assert_shown(&harness, "Centre 114.55 kgf");
    assert_shown(&harness, "UCL 118.57 kgf");
    assert_shown(&harness, "Phase II: limits frozen on subgroups 1–15");
    assert_shown(&harness, "Rule 1 at subgroup 18");
    assert_shown(&harness, "Rule 1 at subgroup 19");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(harness.state().document().plan().control_limits.is_empty());
    assert_shown(&harness, "Centre 115.49 kgf");
}

#[test]
fn a_pasted_column_adds_measurements_in_new_subgroups() {
    let mut harness = quality_harness();
    pick_spoke_tension(&mut harness);
    let before = harness.state().document().plan().measurements.len();
    labelled(&harness, "Values to add").click();
    harness.run();
    harness.event(egui::Event::Paste(
        "115.0\n116.0\n114.0\n115.5\n114.5\n".to_string(),
    ));
    harness.run();
    assert_shown(&harness, "5 values make 1 subgroup from label 25");
    harness.get_by_label("Add values").click();
    harness.run();

    let plan = &harness.state().document().plan();
    assert_eq!(plan.measurements.len(), before + 5);
    let added: Vec<(i64, f64)> = plan.measurements[before..]
        .iter()
        .map(|m| (m.subgroup, m.value))
        .collect();
    assert_eq!(
        added,
        vec![
            (25, 115.0),
            (25, 116.0),
            (25, 114.0),
            (25, 115.5),
            (25, 114.5)
        ]
    );
    // 25 subgroups now: the new mean (575.0 / 5 = 115.0) joins the chart.
    let chart = spoke_chart(&harness);
    assert_eq!(chart.points.len(), 25);
    assert_close(chart.points[24].value, 115.0, "new subgroup mean");
    assert_eq!(harness.state().document().history().undo_depth(), 1);
}

#[test]
fn a_characteristic_with_a_single_value_shows_the_message() {
    let mut harness = quality_harness();
    let code_column = TableKind::Characteristics.column_index("code").unwrap_or(0);
    let item_column = TableKind::Characteristics.column_index("item").unwrap_or(1);
    harness.state_mut().apply(Command::AddRow {
        table: TableKind::Characteristics,
        preset: vec![
            (code_column, "ONE".to_string()),
            (item_column, "FRAME-C".to_string()),
        ],
    });
    harness.state_mut().apply(Command::AddMeasurements {
        characteristic: "ONE".to_string(),
        values: vec![28.6],
        subgroup_size: 1,
    });
    harness.run();
    pick_characteristic(&mut harness, "SEAT-OD — Seat tube outer diameter", "ONE");
    assert_eq!(harness.state().notice(), None);
    assert_shown(&harness, "No control chart for ONE.");
    assert_shown(
        &harness,
        "Note: characteristic ONE has a single value: no chart",
    );
}

#[test]
fn attribute_and_defect_sections_draw_from_the_analysis() {
    let mut harness = quality_harness();
    harness.get_by_label("Attribute charts").click();
    harness.run();
    // FRAME-C: 12 lots of 50, 17 defectives: n·p̄ = 50 · 17/600 = 1.4167.
    assert_shown(
        &harness,
        "np chart (defectives per lot): lots of 50, centre 1.42",
    );
    harness.get_by_label("Defects & yield").click();
    harness.run();
    // 76 defects in all; the largest type holds 33: 33/76 = 43.4 %.
    assert_shown(
        &harness,
        "bent derailleur hanger: 33 defects, cumulative 43.4 %",
    );
    assert_shown(&harness, "RTY 96.0 %");
}

/// Symbols of quality control the page writes in its ordinary fonts (X̄, whose combining
/// macron needs a font of its own, is checked where it is painted).
const QUALITY_SYMBOLS: [&str; 11] = ["σ", "±", "≤", "≥", "−", "√", "Δ", "·", "×", "–", "Cpk"];

/// True for the combining marks quality names use (the macron of X̄).
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Why egui cannot draw `text` in `family`, if it cannot: a character no loaded font has, or a
/// combining mark missing from the font that draws the letter it sits on (egui picks a
/// letter's font by the letter alone and silently drops a mark that font lacks).
fn undrawable(
    harness: &Harness<'_, OpsplanApp>,
    family: &egui::FontFamily,
    text: &str,
) -> Option<String> {
    harness.ctx.fonts_mut(|fonts| {
        let fonts_of = fonts.characters(family);
        let mut letter_font: Option<String> = None;
        for c in text
            .chars()
            .filter(|c| !c.is_control() && !c.is_whitespace())
        {
            let Some(faces) = fonts_of.get(&c) else {
                return Some(format!("no glyph for {c:?} (U+{:04X})", c as u32));
            };
            if is_combining_mark(c) {
                if !letter_font
                    .as_ref()
                    .is_some_and(|font| faces.contains(font))
                {
                    return Some(format!(
                        "the mark U+{:04X} is not in {letter_font:?}, the font of its letter",
                        c as u32
                    ));
                }
            } else {
                letter_font = faces.first().cloned();
            }
        }
        None
    })
}

/// Every text the last frame painted (labels, buttons, plot axes and legends), one entry per
/// section of a text with the font it is drawn in.
fn painted_texts(harness: &Harness<'_, OpsplanApp>) -> Vec<(String, egui::FontId)> {
    fn visit(shape: &egui::Shape, out: &mut Vec<(String, egui::FontId)>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|shape| visit(shape, out)),
            egui::Shape::Text(text) => {
                let job = &text.galley.job;
                for section in &job.sections {
                    let range = section.byte_range.start.0..section.byte_range.end.0;
                    let part = job.text.get(range).unwrap_or_default();
                    out.push((part.to_string(), section.format.font_id.clone()));
                }
            }
            _ => {}
        }
    }
    let mut texts = Vec::new();
    for clipped in &harness.output().shapes {
        visit(&clipped.shape, &mut texts);
    }
    texts
}

/// Asserts that egui can draw every text painted in the last frame with the loaded fonts
/// (see [`undrawable`]); returns how many texts were checked. egui draws a box for a character
/// no font has but drops an undrawable mark without a trace, so this looks at the text.
fn assert_painted_glyphs(harness: &Harness<'_, OpsplanApp>, state: &str) -> usize {
    let texts = painted_texts(harness);
    for (text, font) in &texts {
        if let Some(problem) = undrawable(harness, &font.family, text) {
            panic!("{state}: {problem} in \"{text}\" ({font:?})");
        }
    }
    texts.len()
}

#[test]
fn every_text_the_quality_page_draws_has_its_glyphs_in_the_loaded_fonts() {
    // Tall enough for every chart and table of a section to be on screen, hence painted.
    let mut harness = quality_harness_of_height(2400.0);
    for symbol in QUALITY_SYMBOLS {
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            let problem = undrawable(&harness, &family, symbol);
            assert_eq!(problem, None, "{symbol} in {family:?}");
        }
    }
    // X̄ in the ordinary font would lose its macron: the check sees that.
    assert!(undrawable(&harness, &egui::FontFamily::Proportional, "X̄").is_some());
    pick_spoke_tension(&mut harness);
    // The X̄ chart, whose name needs the combining macron (U+0304), is on the page.
    assert_shown(&harness, "X̄ chart (subgroup mean)");
    let mut checked = assert_painted_glyphs(&harness, "X̄-R chart of SPOKE-T");
    let chart = spoke_chart(&harness);
    let ewma = chart.ewma.as_ref().expect("equal subgroups give an EWMA");
    let outside = ewma.iter().filter(|e| e.z > e.ucl || e.z < e.lcl).count();
    harness.get_by_label("EWMA").click();
    harness.run();
    assert_shown(
        &harness,
        &format!(
            "EWMA: {outside} {} outside the limits",
            if outside == 1 { "point" } else { "points" }
        ),
    );
    checked += assert_painted_glyphs(&harness, "EWMA");
    harness.get_by_label("CUSUM").click();
    harness.run();
    // H = h · σ_x̄ = 4.77 · σ_within / √5 (chart_settings of SPOKE-T).
    let h = chart.cusum_h.expect("equal subgroups give a CUSUM");
    assert_close(
        h,
        4.77 * chart.sigma_within / 5f64.sqrt(),
        "decision interval",
    );
    checked += assert_painted_glyphs(&harness, "CUSUM");
    for section in ["Attribute charts", "Defects & yield"] {
        harness.get_by_label(section).click();
        harness.run();
        checked += assert_painted_glyphs(&harness, section);
    }
    harness.get_by_label("Quality & queues").click();
    harness.run();
    for table in ["chart_settings (1)", "control_limits (0)"] {
        harness.get_by_label(table).click();
        harness.run();
        checked += assert_painted_glyphs(&harness, table);
    }
    // Menus, navigation, charts and tables: hundreds of texts were looked at.
    assert!(checked > 300, "only {checked} texts painted");
}

#[test]
fn the_quality_page_and_the_report_name_charts_and_rules_alike() {
    let mut harness = quality_harness();
    pick_spoke_tension(&mut harness);
    let chart = spoke_chart(&harness);
    // SPOKE-T has subgroups of 5: an X̄-R pair (module comment).
    let (main, spread) = (chart.kind.main_chart(), chart.kind.spread_chart());
    assert_eq!(chart.kind.name(), "X̄-R");
    assert_eq!(main.title(), "X̄ chart (subgroup mean)");
    assert_eq!(spread.title(), "R chart (range)");
    assert_shown(&harness, &main.title());
    let spread_label = format!("{}: centre ", spread.title());
    let spread_shown = harness.query_all_by(move |node| {
        node.role() != egui::accesskit::Role::TextRun
            && node.value().is_some_and(|v| v.starts_with(&spread_label))
    });
    assert_eq!(spread_shown.count(), 1, "the R chart's line");
    let first = chart.violations.first().expect("the drift breaks a rule");
    let subgroup = chart.points[first.index - 1].subgroup;
    assert_shown(
        &harness,
        &format!("{} at subgroup {subgroup}", first.rule_name()),
    );

    // The HTML report of the same plan titles its charts and lists the rules with the same
    // names.
    let Some(Ok(analysis)) = harness.state().document().analysis() else {
        panic!("the sample analyses");
    };
    let folder = tempfile::tempdir().expect("temp folder");
    let out = folder.path().join("quality.html");
    opsplan::app::operations::export_report(
        harness.state().document().plan(),
        analysis,
        &out,
        opsplan::app::operations::ReportFormat::Html,
        &opsplan::app::operations::ReportOptions::default(),
        &mut |_| {},
    )
    .expect("report written");
    let html = std::fs::read_to_string(&out).expect("report");
    for title in [main.title(), spread.title()] {
        let wanted = format!("SPOKE-T — {title}");
        assert!(html.contains(&wanted), "the report has {wanted}");
    }
    let rule = first.run_rule().expect("a rule of 1–4");
    let signal = format!("{} at {}", first.rule_name(), first.index);
    assert!(html.contains(&signal), "the report has {signal}");
    let meaning = format!("{}: {}", rule.name(), rule.label());
    assert!(html.contains(&meaning), "the report explains {meaning}");
}
