//! GUI acceptance tests: the real app driven through egui_kittest (clicks, typing, shortcuts).
//!
//! The plan is `tests/data/ui/small.json`, chosen so every figure is easy to work out by hand
//! with the formulas of DESIGN.md §2:
//! - TUBE: material, purchase 5 → unit cost 5.
//! - FRAME: 2 TUBE per unit (material 10), weld on WELD 12 min at 60/h (conversion 12) → 22.
//! - BIKE: 1 FRAME (material 22), assemble on ASSY 30 min at 30/h (conversion 15) → 37.
//! - Demand BIKE 100 in week 1, 150 in week 2 (start 2026-03-30 = ISO week 14).
//! - ASSY available 2 units × 40 h × 0.5 = 40 h; load 100·30/60 = 50 h and 150·30/60 = 75 h.
//! - WELD available 40 h; load 100·12/60 = 20 h and 150·12/60 = 30 h.
//!
//! Changing BIKE's run time from 30 to 36 min: conversion 30·36/60 = 18, unit cost 22 + 18 = 40;
//! ASSY load 100·36/60 = 60 h and 150·36/60 = 90 h.

mod ui_support;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};
use ui_support::{ScriptedDialogs, count_text, isolated_home, resource_load, wait_for_analysis};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::app::Document;
use opsplan::ui::{OpsplanApp, Page};

fn small_plan_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ui/small.json")
}

/// The app on the small plan (an unsaved import), with scripted dialogs.
fn app_harness(dialogs: ScriptedDialogs) -> Harness<'static, OpsplanApp> {
    isolated_home();
    let doc = Document::open(&small_plan_path()).expect("small plan opens");
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(16)
        .build_eframe(move |_cc| OpsplanApp::with_document(doc, Box::new(dialogs)))
}

/// Unit cost of an item from the app's cached analysis.
fn unit_cost(harness: &Harness<'_, OpsplanApp>, code: &str) -> f64 {
    let analysis = harness.state().document().analysis();
    let Some(Ok(analysis)) = analysis else {
        panic!("no analysis: {analysis:?}");
    };
    analysis
        .cost
        .items
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.unit_cost)
        .unwrap_or(f64::NAN)
}

/// Load per period of a resource from the app's cached analysis (empty when there is none).
fn load(harness: &Harness<'_, OpsplanApp>, code: &str) -> Vec<f64> {
    resource_load(harness, code).unwrap_or_default()
}

/// The one node labelled `label` (a cell, whose label is set explicitly).
fn cell<'h>(harness: &'h Harness<'_, OpsplanApp>, label: &'static str) -> egui_kittest::Node<'h> {
    harness.get_by(move |node| node.label().as_deref() == Some(label))
}

fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, got {actual}"
    );
}

/// Clicks BIKE's run-time cell in the routing editor, types `text` and presses Enter.
fn edit_bike_run_time(harness: &mut Harness<'_, OpsplanApp>, text: &str) {
    harness.get_by_label("Routings").click();
    harness.run();
    // BIKE is the first routed item in plan order, so the editor shows its step (table row 2).
    cell(harness, "routing row 2 run_min").click();
    harness.run();
    cell(harness, "routing row 2 run_min").type_text(text);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

#[test]
fn editing_a_run_time_updates_cost_and_capacity_and_undo_restores_them() {
    let mut harness = app_harness(ScriptedDialogs::default());
    harness.run();
    assert_close(unit_cost(&harness, "BIKE"), 37.0);
    assert_eq!(load(&harness, "ASSY"), vec![50.0, 75.0]);

    edit_bike_run_time(&mut harness, "36");
    assert_eq!(harness.state().document().plan().routing[1].run_min, 36.0);
    assert_close(unit_cost(&harness, "BIKE"), 40.0);
    assert_eq!(load(&harness, "ASSY"), vec![60.0, 90.0]);

    // The cost dashboard's roll-up table shows the new unit cost of BIKE.
    harness.get_by_label("Cost").click();
    harness.run();
    assert_eq!(count_text(&harness, "€40.00"), 1);

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(harness.state().document().plan().routing[1].run_min, 30.0);
    assert_close(unit_cost(&harness, "BIKE"), 37.0);
    assert_eq!(load(&harness, "ASSY"), vec![50.0, 75.0]);
    assert_eq!(count_text(&harness, "€37.00"), 1);

    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert_close(unit_cost(&harness, "BIKE"), 40.0);
}

#[test]
fn a_value_that_is_not_a_number_stays_red_and_changes_nothing() {
    let mut harness = app_harness(ScriptedDialogs::default());
    harness.run();
    edit_bike_run_time(&mut harness, "fast");
    assert_eq!(harness.state().document().plan().routing[1].run_min, 30.0);
    // The message shows above the table and beside the row.
    let message = "routing row 2, field run_min: \"fast\" is not a number";
    assert_eq!(count_text(&harness, message), 2);
    assert_eq!(harness.state().document().history().undo_depth(), 0);
}

#[test]
fn the_unsaved_marker_appears_after_an_edit_and_clears_after_save() {
    let folder = tempfile::tempdir().expect("temp folder");
    let target = folder.path().join("small.opsplan");
    let asked = Rc::new(RefCell::new(Vec::new()));
    let dialogs = ScriptedDialogs {
        save_path: Some(target.clone()),
        asked: asked.clone(),
        ..ScriptedDialogs::default()
    };
    let mut harness = app_harness(dialogs);
    harness.run();
    // A JSON plan opens as an unsaved import.
    assert_eq!(
        harness.state().document().title(),
        "Small works — small.json (imported) ●"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    assert_eq!(*asked.borrow(), vec!["save"]);
    assert!(target.is_file(), "the plan file was written");
    assert_eq!(
        harness.state().document().title(),
        "Small works — small.opsplan"
    );
    assert_eq!(count_text(&harness, "Small works — small.opsplan"), 1);

    edit_bike_run_time(&mut harness, "36");
    assert_eq!(
        harness.state().document().title(),
        "Small works — small.opsplan ●"
    );
    assert_eq!(count_text(&harness, "Small works — small.opsplan ●"), 1);

    // Saving again writes to the same file without asking.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    assert_eq!(asked.borrow().len(), 1);
    assert!(!harness.state().document().is_dirty());
    let reopened = Document::open(&target).expect("saved plan opens");
    assert_eq!(reopened.plan().routing[1].run_min, 36.0);
}

#[test]
fn new_with_unsaved_changes_prompts_and_cancel_keeps_the_plan() {
    let mut harness = app_harness(ScriptedDialogs::default());
    harness.run();
    edit_bike_run_time(&mut harness, "36");

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("New Ctrl+N").click();
    harness.run();
    assert!(harness.state().is_prompting());
    assert_eq!(count_text(&harness, "Unsaved changes"), 1);

    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(!harness.state().is_prompting());
    assert_eq!(harness.state().document().plan().routing[1].run_min, 36.0);

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("New Ctrl+N").click();
    harness.run();
    harness.get_by_label("Don't save").click();
    harness.run();
    assert!(!harness.state().is_prompting());
    assert_eq!(harness.state().document().plan().settings.name, "New plan");
    assert!(harness.state().document().plan().items.is_empty());
}

#[test]
fn overview_figures_link_to_their_views() {
    let mut harness = app_harness(ScriptedDialogs::default());
    harness.run();
    // Revenue 250 × 300 = 75,000; variable cost 250 × 37 = 9,250; fixed cost WELD 100 × 2
    // weeks = 200; profit 75,000 − 9,250 − 200 = 65,550.
    assert!(harness.query_by_label("Revenue: €75,000.00").is_some());
    assert!(harness.query_by_label("Profit: €65,550.00").is_some());
    // ASSY: 125 h of 80 h = 156.25 % → shown with one decimal.
    assert!(harness.query_by_label("Bottleneck: ASSY").is_some());
    assert!(harness.query_by_label("Overloaded periods: 2").is_some());
    harness.get_by_label("Bottleneck: ASSY").click();
    harness.run();
    assert_eq!(harness.state().page(), Page::CAPACITY);
    harness.get_by_label("Overview").click();
    harness.run();
    harness.get_by_label("Profit: €65,550.00").click();
    harness.run();
    assert_eq!(harness.state().page(), Page::COST);
}

#[test]
fn dashboards_are_not_recomputed_per_frame_and_frames_are_fast() {
    let mut harness = app_harness(ScriptedDialogs::default());
    harness.run();
    let mut report = Vec::new();
    for page in [
        Page::OVERVIEW,
        Page::ROUTING,
        Page::DEMAND,
        Page::COST,
        Page::CAPACITY,
    ] {
        harness.state_mut().show_page(page);
        harness.run();
        let runs_before = harness.state().document().analysis_runs();
        let frames = 30;
        let start = Instant::now();
        for _ in 0..frames {
            harness.step();
        }
        let per_frame = start.elapsed() / frames;
        assert_eq!(harness.state().document().analysis_runs(), runs_before);
        report.push(format!("{page:?} {per_frame:?}"));
        assert!(
            per_frame < Duration::from_millis(500),
            "{page:?} takes {per_frame:?} per frame"
        );
    }
    println!(
        "mean frame time (debug build, headless): {}",
        report.join(", ")
    );
}

#[test]
fn a_block_pasted_from_a_spreadsheet_fills_cells_and_copy_gives_tab_separated_text() {
    let mut harness = app_harness(ScriptedDialogs::default());
    harness.run();
    harness.get_by_label("Routings").click();
    harness.run();
    // Click BIKE's seq cell, then paste two spreadsheet lines: the first overwrites the BIKE
    // step (setup 5, run 40), the second becomes a new BIKE step 20 on ASSY (run 6).
    cell(&harness, "routing row 2 seq").click();
    harness.run();
    let block = "10\tAssemble\tASSY\t5\t40\n20\tPack\tASSY\t0\t6\n";
    harness.event(egui::Event::Paste(block.to_string()));
    harness.run();
    let routing = &harness.state().document().plan().routing;
    assert_eq!(routing.len(), 3);
    assert_eq!((routing[1].setup_min, routing[1].run_min), (5.0, 40.0));
    assert_eq!(
        (routing[2].item.as_str(), routing[2].seq, routing[2].run_min),
        ("BIKE", 20, 6.0)
    );
    // One gesture, one undo step.
    assert_eq!(harness.state().document().history().undo_depth(), 1);

    // BIKE has lot-for-lot lots of 100 and 150 (one lot per period), so ASSY now loads
    // (100·40 + 5)/60 + 100·6/60 = 66.75 + 10 = 76.75 h in week 1 and
    // (150·40 + 5)/60 + 150·6/60 = 100.083… + 15 = 115.083… h in week 2.
    let assy = load(&harness, "ASSY");
    assert_close(assy[0], 76.75);
    assert_close(assy[1], 6005.0 / 60.0 + 15.0);

    harness.get_by_label("Copy").click();
    harness.step();
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    // The selected row (the one pasted into) with the header of the visible columns.
    assert_eq!(
        copied,
        vec!["seq\tname\tresource\tsetup_min\trun_min\tyield\n10\tAssemble\tASSY\t5\t40\t1\n"]
    );
}

#[test]
fn an_invalid_value_is_red_with_its_message_and_the_status_bar_jumps_to_it() {
    let mut harness = app_harness(ScriptedDialogs::default());
    harness.run();
    edit_bike_run_time(&mut harness, "-5");
    let problems = harness.state().document().problems().to_vec();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        (problems[0].table, problems[0].row, problems[0].field),
        ("routing", Some(2), "run_min")
    );
    // The message stands beside the row, in the Problems column.
    let beside = format!("run_min: {}", problems[0].message);
    assert_eq!(count_text(&harness, &beside), 1);
    // Dashboards wait for a valid plan.
    assert!(
        harness
            .state()
            .document()
            .analysis()
            .is_some_and(|a| a.is_err())
    );

    harness.get_by_label("Overview").click();
    harness.run();
    harness.get_by_label("1 validation problem").click();
    harness.run();
    harness.get_by_label(&problems[0].to_string()).click();
    harness.run();
    assert_eq!(harness.state().page(), Page::ROUTING);

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(harness.state().document().problems().is_empty());
    assert_eq!(count_text(&harness, "Plan valid"), 1);
}

#[test]
fn frame_times_on_a_generated_medium_plan() {
    isolated_home();
    // Plan M of `opsplan generate`: 2,000 items, 100 resources, 52 weeks.
    let spec = opsplan::app::generate::GenerateSpec {
        items: 2000,
        resources: 100,
        periods: 52,
        seed: 7,
    };
    let doc = Document::from_plan(opsplan::app::generate::generate(spec));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(16)
        .build_eframe(move |_cc| {
            OpsplanApp::with_document(doc, Box::new(ScriptedDialogs::default()))
        });
    let start = Instant::now();
    harness.run();
    // Plan M is large enough to be analysed on a worker thread.
    wait_for_analysis(&mut harness);
    let first = start.elapsed();
    assert!(
        matches!(harness.state().document().analysis(), Some(Ok(_))),
        "the generated plan is valid and analysed"
    );
    let mut report = vec![format!("first frames incl. analysis {first:?}")];
    for page in [
        Page::OVERVIEW,
        Page::ITEMS,
        Page::BOM,
        Page::ROUTING,
        Page::DEMAND,
        Page::COST,
        Page::CAPACITY,
    ] {
        harness.state_mut().show_page(page);
        harness.run();
        let frames = 10;
        let start = Instant::now();
        for _ in 0..frames {
            harness.step();
        }
        let per_frame = start.elapsed() / frames;
        report.push(format!("{page:?} {per_frame:?}"));
        assert!(
            per_frame < Duration::from_secs(1),
            "{page:?} takes {per_frame:?} per frame"
        );
    }
    assert_eq!(harness.state().document().analysis_runs(), 1);
    println!(
        "plan M, mean frame time (debug build, headless): {}",
        report.join(", ")
    );
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_first() {
    let mut harness = app_harness(ScriptedDialogs::default());
    harness.run();
    // The imported JSON plan is unsaved, so a close request is held back by the prompt.
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    assert!(harness.state().is_prompting());
    assert_eq!(
        count_text(
            &harness,
            "Save the changes to “Small works” before quitting?"
        ),
        1
    );
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(!harness.state().is_prompting());
    assert_eq!(
        harness.state().document().plan().settings.name,
        "Small works"
    );
}

#[test]
fn open_with_unsaved_changes_can_save_first_and_remembers_recent_files() {
    let folder = tempfile::tempdir().expect("temp folder");
    let saved = folder.path().join("edited.opsplan");
    let other = folder.path().join("other.opsplan");
    let mut source = Document::open(&small_plan_path()).expect("small plan opens");
    source.save_as(&other).expect("second plan saved");
    let asked = Rc::new(RefCell::new(Vec::new()));
    let dialogs = ScriptedDialogs {
        save_path: Some(saved.clone()),
        open_path: Some(other.clone()),
        asked: asked.clone(),
        ..ScriptedDialogs::default()
    };
    let mut harness = app_harness(dialogs);
    harness.run();
    edit_bike_run_time(&mut harness, "36");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    assert!(harness.state().is_prompting());
    harness.get_by_label("Save").click();
    harness.run();
    // The edited import was saved (asking where), then the other plan was opened.
    assert_eq!(*asked.borrow(), vec!["save", "open"]);
    let edited = Document::open(&saved).expect("edited plan saved");
    assert_eq!(edited.plan().routing[1].run_min, 36.0);
    let state = harness.state();
    assert_eq!(state.document().path(), Some(other.as_path()));
    assert!(!state.document().is_dirty());
    let canonical = |p: &Path| std::fs::canonicalize(p).expect("exists");
    assert_eq!(
        state.recent_files(),
        &[canonical(&other), canonical(&saved)]
    );
}
