//! GUI tests of File ▸ Export report…: the real app driven through egui_kittest, the output
//! path answered by a scripted file dialog, the report written on the dialog's worker thread.
//!
//! The plan is `data/manufacturer.json` ("Velora Bikes — spring 2026", EUR, 12 weeks). Its
//! revenue by DESIGN.md §2 is Σ demand × price over the horizon:
//! CITY 1,298 × 389 = 504,922; TREK 770 × 479 = 368,830; KIDS 532 × 209 = 111,188;
//! WHEEL28 212 × 69 = 14,628; total 999,568, which the report prints as `999,568.00`.

mod ui_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use ui_support::{app_harness_on, isolated_home};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::app::Document;
use opsplan::app::operations::ReportFormat;
use opsplan::ui::OpsplanApp;
use opsplan::ui::dialogs::FileDialogs;

/// Revenue of the manufacturer plan as the report formats it (hand sum in the module comment).
const REVENUE_IN_REPORT: &str = "999,568.00";

/// Name of the manufacturer plan.
const PLAN_NAME: &str = "Velora Bikes — spring 2026";

/// Longest wait for the worker thread to finish one export.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(60);

/// Answers the report dialog with a fixed path and records the format it was asked for.
struct ReportDialogs {
    report_path: PathBuf,
}

impl FileDialogs for ReportDialogs {
    fn open_plan(&mut self) -> Option<PathBuf> {
        None
    }
    fn save_plan(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        None
    }
    fn import_json(&mut self) -> Option<PathBuf> {
        None
    }
    fn import_csv_folder(&mut self) -> Option<PathBuf> {
        None
    }
    fn export_json(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        None
    }
    fn export_csv_folder(&mut self) -> Option<PathBuf> {
        None
    }
    fn export_report(&mut self, suggested_name: &str, _format: ReportFormat) -> Option<PathBuf> {
        assert_eq!(
            suggested_name, PLAN_NAME,
            "the dialog suggests the plan's name"
        );
        Some(self.report_path.clone())
    }
}

fn manufacturer_harness(report_path: PathBuf) -> Harness<'static, OpsplanApp> {
    isolated_home();
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/manufacturer.json");
    let doc = Document::open(&plan).expect("manufacturer plan opens");
    let dialogs = ReportDialogs { report_path };
    app_harness_on(doc, dialogs)
}

/// File ▸ Export report…, picks `format_label`, clicks Export… and runs frames until the
/// worker is done; returns how many frames that took.
fn export_through_menu(harness: &mut Harness<'_, OpsplanApp>, format_label: &str) -> usize {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export report…").click();
    harness.run();
    harness.get_by_label(format_label).click();
    harness.run();
    harness.get_by_label("Export…").click();
    let start = Instant::now();
    let mut frames = 0;
    loop {
        harness.step();
        frames += 1;
        let state = harness.state().export_dialog();
        if !state.is_running() && state.outcome().is_some() {
            break;
        }
        assert!(
            start.elapsed() < EXPORT_TIMEOUT,
            "the export did not finish"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // One more frame draws the outcome.
    harness.step();
    frames
}

/// Whether some node's label or value contains `text` (egui labels carry their text as value).
fn shows_text(harness: &Harness<'_, OpsplanApp>, text: &str) -> bool {
    let text = text.to_string();
    harness
        .query_all_by(move |node| {
            node.role() != egui::accesskit::Role::TextRun
                && (node.label().is_some_and(|l| l.contains(&text))
                    || node.value().is_some_and(|v| v.contains(&text)))
        })
        .next()
        .is_some()
}

#[test]
fn exporting_html_writes_the_report_of_the_open_plan() {
    let folder = tempfile::tempdir().expect("temp folder");
    let out = folder.path().join("velora.html");
    let mut harness = manufacturer_harness(out.clone());
    export_through_menu(&mut harness, "HTML");
    assert_eq!(
        harness.state().export_dialog().outcome(),
        Some(&Ok(out.clone()))
    );
    let html = std::fs::read_to_string(&out).expect("the report file exists");
    assert!(html.contains(&format!("<h1>{PLAN_NAME}</h1>")), "plan name");
    assert!(html.contains(REVENUE_IN_REPORT), "revenue 999,568.00");
    assert!(shows_text(
        &harness,
        &format!("Report written to {}", out.display())
    ));
}

#[test]
fn exporting_a_csv_folder_writes_the_totals_table() {
    let folder = tempfile::tempdir().expect("temp folder");
    let out = folder.path().join("velora-csv");
    let mut harness = manufacturer_harness(out.clone());
    export_through_menu(&mut harness, "CSV folder");
    assert_eq!(
        harness.state().export_dialog().outcome(),
        Some(&Ok(out.clone()))
    );
    let totals = std::fs::read_to_string(out.join("totals.csv")).expect("totals.csv exists");
    // CSV numbers are plain (no thousands separators): revenue 999568 (module comment).
    let revenue_row = totals
        .lines()
        .find(|line| line.starts_with("revenue") || line.starts_with("Revenue"))
        .unwrap_or_default();
    assert!(revenue_row.contains("999568"), "totals.csv: {totals}");
}

#[test]
fn an_unwritable_path_shows_the_error_in_the_dialog() {
    let folder = tempfile::tempdir().expect("temp folder");
    let not_a_folder = folder.path().join("plain-file");
    std::fs::write(&not_a_folder, "a file, not a folder").expect("write file");
    let out = not_a_folder.join("missing").join("report.html");
    let mut harness = manufacturer_harness(out.clone());
    export_through_menu(&mut harness, "HTML");
    let Some(Err(message)) = harness.state().export_dialog().outcome() else {
        panic!("expected an error");
    };
    assert!(message.contains("report.html"), "names the file: {message}");
    assert!(!out.exists());
    assert!(shows_text(&harness, "Could not export the report:"));
    assert!(shows_text(&harness, &out.display().to_string()));
}

#[test]
fn exporting_pdf_writes_a_pdf_that_parses_with_the_revenue() {
    let folder = tempfile::tempdir().expect("temp folder");
    let out = folder.path().join("velora.pdf");
    let mut harness = manufacturer_harness(out.clone());
    export_through_menu(&mut harness, "PDF");
    assert_eq!(
        harness.state().export_dialog().outcome(),
        Some(&Ok(out.clone()))
    );
    let bytes = std::fs::read(&out).expect("the report file exists");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF header");
    let pdf = lopdf::Document::load_mem(&bytes).expect("the PDF parses");
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let text = pdf.extract_text(&pages).expect("PDF text");
    assert!(text.contains(REVENUE_IN_REPORT), "revenue 999,568.00");
    assert!(text.contains(&format!("Page {} of {}", pages.len(), pages.len())));
    assert!(shows_text(
        &harness,
        &format!("Report written to {}", out.display())
    ));
}

#[test]
fn exporting_xlsx_writes_a_workbook_with_the_report_sheets() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let folder = tempfile::tempdir().expect("temp folder");
    let out = folder.path().join("velora.xlsx");
    let mut harness = manufacturer_harness(out.clone());
    export_through_menu(&mut harness, "XLSX");
    assert_eq!(
        harness.state().export_dialog().outcome(),
        Some(&Ok(out.clone()))
    );
    let mut workbook: Xlsx<_> = open_workbook(&out).expect("the XLSX opens");
    let names = workbook.sheet_names();
    for wanted in ["Totals", "Items", "Cost", "Capacity", "Quality", "Charts"] {
        assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
    }
    // Totals: key, label, value; revenue is 999,568 (module comment), a number cell.
    let totals = workbook.worksheet_range("Totals").expect("Totals sheet");
    let revenue = totals
        .rows()
        .find(|row| matches!(row.first(), Some(Data::String(key)) if key == "revenue"))
        .and_then(|row| row.get(2).cloned());
    assert_eq!(revenue, Some(Data::Float(999_568.0)));
}
