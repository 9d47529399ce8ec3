//! Hostile user text in reports: HTML shows it as text, report CSV cells that a spreadsheet
//! would run as formulas get a leading `'`, XLSX keeps it as a plain string. Also the big-plan
//! cut of HTML/PDF and the progress callback.

use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use opsplan::report::{ReportFormat, ReportOptions};
use scraper::{Html, Selector};
use serde_json::Value;

const SCRIPT_NAME: &str = "<script>alert(1)</script>";
const FORMULA_NAME: &str = "=HYPERLINK(\"http://x\",\"y\")";

fn opsplan(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_opsplan"))
        .args(args)
        .output()
        .expect("run opsplan");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// The manufacturer sample with a script as plan name, a formula as CITY's name, `+cmd` as the
/// first defect type and `@lot` as the first inspection lot, written as JSON into `dir`.
fn hostile_plan(dir: &Path) -> std::path::PathBuf {
    let source = format!("{}/data/manufacturer.json", env!("CARGO_MANIFEST_DIR"));
    let mut json: Value =
        serde_json::from_str(&std::fs::read_to_string(source).expect("sample")).expect("JSON");
    json["plan"]["name"] = Value::from(SCRIPT_NAME);
    let items = json["items"].as_array_mut().expect("items");
    let city = items
        .iter_mut()
        .find(|i| i["code"] == "CITY")
        .expect("CITY");
    city["name"] = Value::from(FORMULA_NAME);
    let defect_type = json["defects"][0]["type"]
        .as_str()
        .expect("type")
        .to_string();
    for defect in json["defects"].as_array_mut().expect("defects") {
        if defect["type"] == defect_type.as_str() {
            defect["type"] = Value::from("+cmd");
        }
    }
    let lot = json["inspections"][0]["lot"]
        .as_str()
        .expect("lot")
        .to_string();
    for table in ["inspections", "defects"] {
        for row in json[table].as_array_mut().expect("rows") {
            if row["lot"] == lot.as_str() {
                row["lot"] = Value::from("@lot");
            }
        }
    }
    let file = dir.join("hostile.json");
    std::fs::write(&file, serde_json::to_string(&json).expect("JSON")).expect("write");
    file
}

#[test]
fn html_shows_a_script_plan_name_as_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = hostile_plan(dir.path());
    let out = dir.path().join("r.html");
    opsplan(&["report", path(&plan), "-o", path(&out)]);
    let text = std::fs::read_to_string(&out).expect("html");
    assert!(!text.contains("<script"), "raw script tag in the report");
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let html = Html::parse_document(&text);
    let h1 = Selector::parse("h1").expect("selector");
    let title: String = html.select(&h1).next().expect("h1").text().collect();
    assert_eq!(title, SCRIPT_NAME);
    let script = Selector::parse("script").expect("selector");
    assert_eq!(html.select(&script).count(), 0);
}

fn csv_rows(file: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(file).expect("CSV");
    reader.records().map(|r| r.expect("row")).collect()
}

#[test]
fn report_csv_defuses_formulas_but_plan_csv_export_does_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = hostile_plan(dir.path());
    let out = dir.path().join("csv");
    opsplan(&["report", path(&plan), "-o", path(&out), "--format", "csv"]);
    let cost = csv_rows(&out.join("cost_items.csv"));
    let city = cost.iter().find(|r| &r[0] == "CITY").expect("CITY");
    assert_eq!(&city[1], format!("'{FORMULA_NAME}"));
    let pareto = csv_rows(&out.join("pareto.csv"));
    assert!(pareto.iter().any(|r| &r[0] == "'+cmd"));
    assert!(!pareto.iter().any(|r| &r[0] == "+cmd"));
    let p_charts = csv_rows(&out.join("p_charts.csv"));
    assert!(p_charts.iter().any(|r| &r[1] == "'@lot"));
    // Negative numbers are numbers, not text: they are never prefixed.
    let cost_text = std::fs::read_to_string(out.join("cost_items.csv")).expect("csv");
    assert!(cost_text.contains(",-"), "negative margins stay numbers");
    assert!(!cost_text.contains(",'-"));

    let export = dir.path().join("export");
    opsplan(&[
        "export",
        path(&plan),
        "-o",
        path(&export),
        "--format",
        "csv",
    ]);
    let items = csv_rows(&export.join("items.csv"));
    let city = items.iter().find(|r| &r[0] == "CITY").expect("CITY");
    assert_eq!(&city[1], FORMULA_NAME, "plan CSV export is never altered");
}

#[test]
fn xlsx_keeps_formula_text_as_a_string() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = hostile_plan(dir.path());
    let out = dir.path().join("r.xlsx");
    opsplan(&["report", path(&plan), "-o", path(&out)]);
    let mut workbook: Xlsx<_> = open_workbook(&out).expect("XLSX");
    let items = workbook.worksheet_range("Items").expect("Items");
    let city = items
        .rows()
        .find(|r| r[0] == Data::String("CITY".to_string()))
        .expect("CITY");
    assert_eq!(city[1], Data::String(FORMULA_NAME.to_string()));
    let formulas = workbook.worksheet_formula("Items").expect("formulas");
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
}

#[test]
fn big_plans_show_the_costliest_fifty_items_in_html_and_pdf_but_everything_in_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("big.opsplan");
    opsplan(&[
        "generate",
        "--items",
        "600",
        "--resources",
        "20",
        "--periods",
        "8",
        "-o",
        path(&plan),
    ]);
    let out = dir.path().join("r.html");
    opsplan(&["report", path(&plan), "-o", path(&out)]);
    let text = std::fs::read_to_string(&out).expect("html");
    assert!(text.contains("This plan has 600 items, so this report shows the 50 items"));
    let html = Html::parse_document(&text);
    let rows = Selector::parse("table#cost_items tbody tr").expect("selector");
    assert_eq!(html.select(&rows).count(), 50);

    let csv_out = dir.path().join("csv");
    opsplan(&[
        "report",
        path(&plan),
        "-o",
        path(&csv_out),
        "--format",
        "csv",
    ]);
    assert_eq!(csv_rows(&csv_out.join("cost_items.csv")).len(), 600);

    // The fifty shown are the largest by demand × unit cost.
    let costs = csv_rows(&csv_out.join("cost_items.csv"));
    let mut totals: Vec<f64> = costs
        .iter()
        .map(|r| r[14].parse::<f64>().expect("total cost"))
        .collect();
    totals.sort_by(|a, b| b.total_cmp(a));
    let value = Selector::parse("table#cost_items tbody tr td:last-child").expect("selector");
    let mut shown: Vec<f64> = html
        .select(&value)
        .map(|td| {
            td.value()
                .attr("data-value")
                .expect("value")
                .parse()
                .expect("number")
        })
        .collect();
    shown.sort_by(|a, b| b.total_cmp(a));
    assert_eq!(shown, totals[..50]);
}

#[test]
fn progress_rises_from_zero_to_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/manufacturer.json");
    for (format, name) in [
        (ReportFormat::Html, "r.html"),
        (ReportFormat::Pdf, "r.pdf"),
        (ReportFormat::Xlsx, "r.xlsx"),
        (ReportFormat::Csv, "csv"),
    ] {
        let mut seen = Vec::new();
        opsplan::app::operations::report_file(
            &plan,
            &dir.path().join(name),
            format,
            &ReportOptions::default(),
            &mut |p| seen.push(p),
        )
        .expect("report");
        assert_eq!(seen.first(), Some(&0.0), "{name}");
        assert_eq!(seen.last(), Some(&1.0), "{name}");
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{name}: {seen:?}");
        assert!(seen.len() >= 5, "{name}: {seen:?}");
    }
}
