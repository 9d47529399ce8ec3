//! File ▸ Import workbook… and File ▸ Export plan ▸ Workbook… / Empty workbook template…
//! (issue 17), driven through egui_kittest with the paths answered by scripted dialogs.
//!
//! `tests/data/xlsx/manufacturer_openpyxl.xlsx` is `data/manufacturer.json` written by openpyxl
//! (`tests/io_xlsx.rs` checks that it reads back as that plan). Its revenue by DESIGN.md §2 is
//! Σ demand × price: CITY 1,298 × 389 = 504,922; TREK 770 × 479 = 368,830; KIDS 532 × 209 =
//! 111,188; WHEEL28 212 × 69 = 14,628; total 999,568, shown on the Overview as "Revenue: €999,568.00".

mod ui_support;

use std::path::{Path, PathBuf};
use ui_support::{ScriptedDialogs, app_harness_on, count_text, isolated_home};

use calamine::Reader;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::app::{Command, Document};
use opsplan::domain::Plan;
use opsplan::io::json::parse_plan;
use opsplan::ui::OpsplanApp;

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn json_plan(relative: &str) -> Plan {
    let text = std::fs::read_to_string(repo_path(relative)).expect("plan JSON");
    parse_plan(&text).expect("plan JSON parses")
}

/// The app on a plan JSON of the repository as a clean document (nothing unsaved, so an import
/// replaces it without asking).
fn app_on(relative: &str, dialogs: ScriptedDialogs) -> Harness<'static, OpsplanApp> {
    isolated_home();
    let text = std::fs::read_to_string(repo_path(relative)).expect("plan JSON");
    let doc = Document::from_json_text(&text, relative).expect("plan JSON parses");
    app_harness_on(doc, dialogs)
}

/// Clicks File, then the entries of `path` in turn (a submenu, then its entry).
fn menu(harness: &mut Harness<'_, OpsplanApp>, path: &[&str]) {
    harness.get_by_label("File").click();
    harness.run();
    for label in path {
        harness.get_by_label(label).click();
        harness.run();
    }
}

#[test]
fn importing_the_openpyxl_workbook_opens_the_factory_plan() {
    let workbook = repo_path("tests/data/xlsx/manufacturer_openpyxl.xlsx");
    let dialogs = ScriptedDialogs {
        import_path: Some(workbook),
        ..ScriptedDialogs::default()
    };
    let mut harness = app_on("tests/data/ui/small.json", dialogs);
    menu(&mut harness, &["Import workbook…"]);
    harness.run();

    let doc = harness.state().document();
    assert_eq!(*doc.plan(), json_plan("data/manufacturer.json"));
    // An imported workbook is an unsaved plan named after its file, like a JSON import.
    assert_eq!(
        doc.title(),
        "Velora Bikes — spring 2026 — manufacturer_openpyxl.xlsx (imported) ●"
    );
    assert!(doc.path().is_none());
    assert!(
        count_text(&harness, "Revenue: €999,568.00") > 0,
        "the Overview card, module comment"
    );
}

#[test]
fn a_broken_workbook_names_its_cell_and_leaves_the_plan_as_it_was() {
    let folder = tempfile::tempdir().expect("temp folder");
    let broken = folder.path().join("broken.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    // Sheets of text cells, except the plan's number of periods.
    let sheets: [(&str, &[&[&str]]); 2] = [
        ("plan", &[&["name", "periods"], &["Broken", ""]]),
        (
            "items",
            // Row 2 of the sheet, column D: a price written as a word.
            &[
                &["code", "name", "kind", "price"],
                &["BIKE", "Bike", "finished", "cheap"],
            ],
        ),
    ];
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    sheet.write_string(r as u32, c as u16, *text).expect("cell");
                }
            }
        }
        if name == "plan" {
            sheet.write_number(1, 1, 4.0).expect("periods");
        }
    }
    book.save(&broken).expect("workbook written");

    let dialogs = ScriptedDialogs {
        import_path: Some(broken.clone()),
        ..ScriptedDialogs::default()
    };
    let mut harness = app_on("tests/data/ui/small.json", dialogs);
    // An unsaved edit first: the import asks about it, and Don't save must not lose it when the
    // import then fails.
    harness.state_mut().apply(Command::SaveScenario {
        name: "Before import".into(),
    });
    harness.run();
    // The autosave has written the edit's recovery snapshot.
    harness
        .state_mut()
        .autosave_tick(std::time::Instant::now() + std::time::Duration::from_secs(3_600));
    assert!(
        harness.state().document().has_snapshot(),
        "snapshot written"
    );
    let before = harness.state().document().plan().clone();
    let title = harness.state().document().title();
    menu(&mut harness, &["Import workbook…"]);
    assert!(
        harness.state().is_prompting(),
        "asks about the unsaved edit"
    );
    harness.get_by_label("Don't save").click();
    harness.run();

    let expected = format!(
        "Could not import the workbook: {}: sheet \"items\", row 2, column \"price\" (cell D2): \
         \"cheap\" is not a number",
        broken.display()
    );
    assert_eq!(harness.state().notice(), Some(expected.as_str()));
    assert!(
        count_text(&harness, &expected) > 0,
        "the notice is on screen"
    );
    let doc = harness.state().document();
    assert_eq!(*doc.plan(), before, "the plan is unchanged");
    assert_eq!(doc.title(), title);
    assert!(doc.is_dirty(), "the edit is still there to save");
    assert!(doc.has_snapshot(), "and its recovery snapshot too");
    assert_eq!(doc.history().undo_depth(), 1);
}

#[test]
fn a_workbook_exported_from_the_menu_imports_as_the_same_plan() {
    let folder = tempfile::tempdir().expect("temp folder");
    // Chosen without an extension: the export adds .xlsx.
    let chosen = folder.path().join("velora");
    let written = folder.path().join("velora.xlsx");
    let dialogs = ScriptedDialogs {
        export_path: Some(chosen),
        import_path: Some(written.clone()),
        ..ScriptedDialogs::default()
    };
    let mut harness = app_on("data/manufacturer.json", dialogs);
    let original = harness.state().document().plan().clone();
    menu(&mut harness, &["Export plan", "Workbook…"]);
    let notice = format!("Exported to {}", written.display());
    assert_eq!(harness.state().notice(), Some(notice.as_str()));
    let bytes = std::fs::read(&written).expect("the workbook exists");
    assert!(bytes.starts_with(b"PK"), "an .xlsx is a zip file");
    assert!(
        !harness.state().document().is_dirty(),
        "exporting is not saving"
    );

    menu(&mut harness, &["Import workbook…"]);
    let doc = harness.state().document();
    assert_eq!(
        doc.title(),
        "Velora Bikes — spring 2026 — velora.xlsx (imported) ●",
        "the document was replaced by the import"
    );
    assert_eq!(*doc.plan(), original);
}

#[test]
fn exporting_a_plan_with_scenarios_says_they_stay_out() {
    let folder = tempfile::tempdir().expect("temp folder");
    let target = folder.path().join("with-scenario.xlsx");
    let dialogs = ScriptedDialogs {
        export_path: Some(target.clone()),
        ..ScriptedDialogs::default()
    };
    let mut harness = app_on("tests/data/ui/small.json", dialogs);
    harness.state_mut().apply(Command::SaveScenario {
        name: "Rush".into(),
    });
    menu(&mut harness, &["Export plan", "Workbook…"]);
    let notice = format!(
        "Exported to {} without the plan's 1 scenario: a workbook does not keep scenarios \
         (export JSON for them)",
        target.display()
    );
    assert_eq!(harness.state().notice(), Some(notice.as_str()));
    let bytes = std::fs::read(&target).expect("workbook");
    let plan = opsplan::io::xlsx::read_workbook(&bytes).expect("reads back");
    assert!(plan.scenarios.is_empty());
    assert_eq!(plan.items.len(), 3, "BIKE, FRAME and TUBE");
}

#[test]
fn the_empty_template_has_a_readme_and_every_table_sheet() {
    let folder = tempfile::tempdir().expect("temp folder");
    let target = folder.path().join("template.xlsx");
    let asked = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let dialogs = ScriptedDialogs {
        export_path: Some(target.clone()),
        asked: asked.clone(),
        ..ScriptedDialogs::default()
    };
    let mut harness = app_on("tests/data/ui/small.json", dialogs);
    menu(&mut harness, &["Export plan", "Empty workbook template…"]);
    assert_eq!(*asked.borrow(), ["export workbook template"]);
    let book = calamine::open_workbook::<calamine::Xlsx<_>, _>(&target).expect("opens as XLSX");
    let sheets = book.sheet_names();
    assert_eq!(sheets.first().map(String::as_str), Some("README"));
    for table in ["plan", "items", "bom", "resources", "routing", "demand"] {
        assert!(sheets.iter().any(|s| s == table), "{table} in {sheets:?}");
    }
    // The template is not the plan: it has no BIKE row.
    let mut book = book;
    let items = book.worksheet_range("items").expect("items sheet");
    assert_eq!(items.height(), 1, "header row only");
}
