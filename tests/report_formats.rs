//! `opsplan report` through the real binary for each sample plan (imported into a `.opsplan`
//! file) and each format, read back with real readers — calamine (XLSX), lopdf (PDF), scraper
//! (HTML), csv (CSV) — with the numbers compared to `analyze --json` of the same plan file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use scraper::{Html, Selector};
use serde_json::Value;

const SAMPLES: [&str; 2] = ["manufacturer.json", "service.json"];

fn opsplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opsplan"))
        .args(args)
        .output()
        .expect("run opsplan")
}

fn ok(output: Output) -> Output {
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

/// Imports the sample into `dir/plan.opsplan` and returns its path and `analyze --json`.
fn plan_and_analysis(dir: &Path, sample: &str) -> (PathBuf, Value) {
    let source = format!("{}/data/{sample}", env!("CARGO_MANIFEST_DIR"));
    let plan = dir.join("plan.opsplan");
    ok(opsplan(&["import", &source, "-o", path(&plan)]));
    let analysis = ok(opsplan(&["analyze", path(&plan), "--json"]));
    let json = serde_json::from_slice(&analysis.stdout).expect("analyze JSON");
    (plan, json)
}

fn number(value: &Value) -> f64 {
    value.as_f64().expect("a number")
}

/// The first resource and item in the JSON with a non-zero load / unit cost, to compare.
fn busiest_resource(json: &Value) -> (String, usize, f64) {
    let resources = json["capacity"]["resources"].as_array().expect("resources");
    let resource = resources
        .iter()
        .max_by(|a, b| number(&a["total_utilization"]).total_cmp(&number(&b["total_utilization"])))
        .expect("a resource");
    let loads = resource["load"].as_array().expect("loads");
    let (period, load) = loads
        .iter()
        .map(number)
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("a period");
    (
        resource["code"].as_str().expect("code").to_string(),
        period,
        load,
    )
}

fn costliest_item(json: &Value) -> (String, f64) {
    let items = json["cost"]["items"].as_array().expect("items");
    let item = items
        .iter()
        .max_by(|a, b| number(&a["unit_cost"]).total_cmp(&number(&b["unit_cost"])))
        .expect("an item");
    (
        item["code"].as_str().expect("code").to_string(),
        number(&item["unit_cost"]),
    )
}

fn sheet(workbook: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<Data>> {
    let range = workbook.worksheet_range(name).expect("sheet");
    range.rows().map(|r| r.to_vec()).collect()
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn cell_number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The row whose first cells equal `keys`.
fn find_row<'a>(rows: &'a [Vec<Data>], keys: &[&str]) -> &'a Vec<Data> {
    rows.iter()
        .find(|row| {
            keys.iter()
                .enumerate()
                .all(|(i, k)| row.get(i).map(cell_text).as_deref() == Some(*k))
        })
        .unwrap_or_else(|| panic!("no row {keys:?}"))
}

fn column(rows: &[Vec<Data>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|c| cell_text(c) == header)
        .unwrap_or_else(|| panic!("no column {header}"))
}

#[test]
fn xlsx_sheets_hold_the_numbers_of_analyze_json() {
    for sample in SAMPLES {
        let dir = tempfile::tempdir().expect("temp dir");
        let (plan, json) = plan_and_analysis(dir.path(), sample);
        let out = dir.path().join("r.xlsx");
        ok(opsplan(&["report", path(&plan), "-o", path(&out)]));
        let mut workbook: Xlsx<_> = open_workbook(&out).expect("XLSX opens");
        let names = workbook.sheet_names();
        for wanted in [
            "Items",
            "BOM",
            "Routing",
            "Resources",
            "Demand",
            "Cost",
            "Capacity",
            "Quality",
            "Queues",
            "Charts",
        ] {
            assert!(
                names.iter().any(|n| n == wanted),
                "{sample}: no sheet {wanted} in {names:?}"
            );
        }
        let totals = sheet(&mut workbook, "Totals");
        for key in ["revenue", "variable_cost", "fixed_cost", "profit"] {
            let row = find_row(&totals, &[key]);
            assert_eq!(
                cell_number(&row[2]),
                number(&json["totals"][key]),
                "{sample} {key}"
            );
        }
        let (item, unit_cost) = costliest_item(&json);
        let cost = sheet(&mut workbook, "Cost");
        let unit_cost_col = column(&cost, "Unit cost");
        assert_eq!(
            cell_number(&find_row(&cost, &[&item])[unit_cost_col]),
            unit_cost
        );
        let (resource, period, load) = busiest_resource(&json);
        let capacity = sheet(&mut workbook, "Capacity");
        let row = find_row(&capacity, &[&resource]);
        let first_period = cell_number(&row[1]) as usize;
        let rows_of_resource: Vec<&Vec<Data>> = capacity
            .iter()
            .filter(|r| cell_text(&r[0]) == resource)
            .collect();
        assert_eq!(
            cell_number(&rows_of_resource[period + 1 - first_period][3]),
            load
        );
        // Native charts are parts of the zip; their names are stored uncompressed.
        let bytes = std::fs::read(&out).expect("read xlsx");
        let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(contains(b"xl/charts/chart1.xml") && contains(b"xl/charts/chart2.xml"));
    }
}

fn pdf_text(file: &Path) -> (usize, String) {
    let document = lopdf::Document::load(file).expect("PDF parses");
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = document.extract_text(&pages).expect("PDF text");
    (pages.len(), text)
}

#[test]
fn pdf_pages_show_the_numbers_of_analyze_json_and_number_their_pages() {
    for sample in SAMPLES {
        let dir = tempfile::tempdir().expect("temp dir");
        let (plan, json) = plan_and_analysis(dir.path(), sample);
        let out = dir.path().join("r.pdf");
        ok(opsplan(&["report", path(&plan), "-o", path(&out)]));
        let (pages, text) = pdf_text(&out);
        assert!(pages >= 3, "{sample}: {pages} pages");
        assert!(
            text.contains(&format!("Page 1 of {pages}")),
            "{sample}: {text}"
        );
        assert!(text.contains(&format!("Page {pages} of {pages}")));
        let revenue = opsplan::report::escape::number(number(&json["totals"]["revenue"]), 2);
        assert!(text.contains(&revenue), "{sample}: no revenue {revenue}");
        let (item, unit_cost) = costliest_item(&json);
        let shown = opsplan::report::escape::number(unit_cost, 2);
        assert!(
            text.contains(&item) && text.contains(&shown),
            "{sample}: {item} {shown}"
        );
        let name = json_plan_name(sample);
        assert!(text.contains(&name), "{sample}: plan name in the footer");
    }
}

fn json_plan_name(sample: &str) -> String {
    let source = format!("{}/data/{sample}", env!("CARGO_MANIFEST_DIR"));
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(source).expect("sample")).expect("JSON");
    json["plan"]["name"].as_str().expect("name").to_string()
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).expect("selector");
    html.select(&selector).collect()
}

/// The `data-value` of the `column`-th cell of the row of `table_id` whose first cell is `key`.
fn html_value(html: &Html, table_id: &str, key: &str, data_key: &str) -> f64 {
    let headers = select(html, &format!("table#{table_id} thead th"));
    let index = headers
        .iter()
        .position(|h| h.value().attr("data-key") == Some(data_key))
        .unwrap_or_else(|| panic!("no column {data_key} in {table_id}"));
    let row = select(html, &format!("table#{table_id} tbody tr"))
        .into_iter()
        .find(|tr| {
            tr.child_elements()
                .next()
                .is_some_and(|td| td.text().collect::<String>() == key)
        })
        .unwrap_or_else(|| panic!("no row {key} in {table_id}"));
    let cell = row.child_elements().nth(index).expect("cell");
    cell.value()
        .attr("data-value")
        .expect("data-value")
        .parse()
        .expect("number")
}

#[test]
fn html_is_self_contained_with_sections_charts_and_the_numbers_of_analyze_json() {
    for sample in SAMPLES {
        let dir = tempfile::tempdir().expect("temp dir");
        let (plan, json) = plan_and_analysis(dir.path(), sample);
        let out = dir.path().join("r.html");
        ok(opsplan(&["report", path(&plan), "-o", path(&out)]));
        let text = std::fs::read_to_string(&out).expect("read html");
        for external in ["<script", "<link", "src=", "url(", "http://", "https://"] {
            assert!(
                !text.contains(external),
                "{sample}: external reference {external}"
            );
        }
        let html = Html::parse_document(&text);
        for id in ["summary", "cost", "capacity", "quality", "queues"] {
            assert_eq!(
                select(&html, &format!("section#{id}")).len(),
                1,
                "{sample} {id}"
            );
        }
        assert!(select(&html, "svg.chart").len() >= 2, "{sample}: charts");
        assert_eq!(
            html_value(&html, "totals", "Revenue", "value"),
            number(&json["totals"]["revenue"])
        );
        assert_eq!(
            html_value(&html, "totals", "Profit", "value"),
            number(&json["totals"]["profit"])
        );
        let (item, unit_cost) = costliest_item(&json);
        assert_eq!(
            html_value(&html, "cost_items", &item, "unit_cost"),
            unit_cost
        );
        let (resource, _, _) = busiest_resource(&json);
        let resources = json["capacity"]["resources"].as_array().expect("resources");
        let entry = resources
            .iter()
            .find(|r| r["code"] == resource.as_str())
            .expect("resource");
        let load_sum: f64 = entry["load"]
            .as_array()
            .expect("load")
            .iter()
            .map(number)
            .sum();
        let shown = html_value(&html, "capacity_summary", &resource, "load");
        assert!(
            (shown - load_sum).abs() <= 1e-9 * load_sum.max(1.0),
            "{shown} vs {load_sum}"
        );
    }
}

fn read_csv(file: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(file).expect("CSV opens");
    reader.records().map(|r| r.expect("CSV row")).collect()
}

#[test]
fn csv_folder_holds_every_table_with_full_precision_numbers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (plan, json) = plan_and_analysis(dir.path(), "manufacturer.json");
    let out = dir.path().join("csv");
    ok(opsplan(&[
        "report",
        path(&plan),
        "-o",
        path(&out),
        "--format",
        "csv",
    ]));
    for name in opsplan::report::CSV_FILE_NAMES {
        assert!(out.join(name).is_file(), "{name}");
    }
    let totals = read_csv(&out.join("totals.csv"));
    let revenue = totals.iter().find(|r| &r[0] == "revenue").expect("revenue");
    assert_eq!(
        revenue[2].parse::<f64>().expect("number"),
        number(&json["totals"]["revenue"])
    );
    // Long form: 7 resources × 12 weeks.
    let capacity = read_csv(&out.join("capacity.csv"));
    assert_eq!(capacity.len(), 7 * 12);
    let (resource, period, load) = busiest_resource(&json);
    let row = capacity
        .iter()
        .find(|r| r[0] == *resource && r[1] == *(period + 1).to_string())
        .expect("capacity row");
    assert_eq!(row[3].parse::<f64>().expect("load"), load);
    let header = csv::Reader::from_path(out.join("control_charts.csv"))
        .expect("open")
        .headers()
        .expect("header")
        .clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        ["characteristic", "subgroup", "value", "ucl", "lcl"]
    );
    let points = read_csv(&out.join("control_charts.csv"));
    // SEAT-OD has 25 subgroups and SPOKE-T 24 (data/README.md).
    assert_eq!(points.len(), 25 + 24);
}

#[test]
fn sections_option_limits_every_format_and_clears_stale_csv_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (plan, _) = plan_and_analysis(dir.path(), "manufacturer.json");
    let html_out = dir.path().join("r.html");
    ok(opsplan(&[
        "report",
        path(&plan),
        "-o",
        path(&html_out),
        "--sections",
        "cost,queues",
    ]));
    let html = Html::parse_document(&std::fs::read_to_string(&html_out).expect("html"));
    assert_eq!(select(&html, "section#cost").len(), 1);
    assert_eq!(select(&html, "section#queues").len(), 1);
    assert!(select(&html, "section#capacity").is_empty());
    assert!(select(&html, "section#quality").is_empty());

    let csv_out = dir.path().join("csv");
    ok(opsplan(&[
        "report",
        path(&plan),
        "-o",
        path(&csv_out),
        "--format",
        "csv",
    ]));
    assert!(csv_out.join("capacity.csv").exists());
    ok(opsplan(&[
        "report",
        path(&plan),
        "-o",
        path(&csv_out),
        "--format",
        "csv",
        "--sections",
        "cost",
    ]));
    let mut files: Vec<String> = std::fs::read_dir(&csv_out)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["cost_items.csv", "totals.csv"]);

    let xlsx_out = dir.path().join("r.xlsx");
    ok(opsplan(&[
        "report",
        path(&plan),
        "-o",
        path(&xlsx_out),
        "--sections",
        "quality",
    ]));
    let workbook: Xlsx<_> = open_workbook(&xlsx_out).expect("XLSX");
    let names = workbook.sheet_names();
    assert!(names.iter().any(|n| n == "Quality"));
    assert!(
        !names
            .iter()
            .any(|n| n == "Cost" || n == "Capacity" || n == "Queues")
    );
}

#[test]
fn period_range_filters_per_period_rows_but_not_totals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (plan, json) = plan_and_analysis(dir.path(), "manufacturer.json");
    let out = dir.path().join("csv");
    ok(opsplan(&[
        "report",
        path(&plan),
        "-o",
        path(&out),
        "--format",
        "csv",
        "--from",
        "6",
        "--to",
        "9",
    ]));
    let capacity = read_csv(&out.join("capacity.csv"));
    // 7 resources × periods 6, 7, 8, 9.
    assert_eq!(capacity.len(), 7 * 4);
    assert!(
        capacity
            .iter()
            .all(|r| (6..=9).contains(&r[1].parse::<i64>().expect("period")))
    );
    let requirements = read_csv(&out.join("requirements.csv"));
    assert!(!requirements.is_empty());
    assert!(
        requirements
            .iter()
            .all(|r| (6..=9).contains(&r[1].parse::<i64>().expect("period")))
    );
    let totals = read_csv(&out.join("totals.csv"));
    let revenue = totals.iter().find(|r| &r[0] == "revenue").expect("revenue");
    assert_eq!(
        revenue[2].parse::<f64>().expect("number"),
        number(&json["totals"]["revenue"])
    );

    // PAINT is overloaded in weeks 6–9 (data/README.md): all four periods shown are overloaded.
    let html_out = dir.path().join("r.html");
    ok(opsplan(&[
        "report",
        path(&plan),
        "-o",
        path(&html_out),
        "--from",
        "6",
        "--to",
        "9",
    ]));
    let html = Html::parse_document(&std::fs::read_to_string(&html_out).expect("html"));
    assert_eq!(
        html_value(&html, "capacity_summary", "PAINT", "overloaded_periods"),
        4.0
    );
    let paint = json["capacity"]["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .find(|r| r["code"] == "PAINT")
        .expect("PAINT");
    let load_6_to_9: f64 = paint["load"].as_array().expect("load")[5..9]
        .iter()
        .map(number)
        .sum();
    let shown = html_value(&html, "capacity_summary", "PAINT", "load");
    assert!((shown - load_6_to_9).abs() < 1e-9 * load_6_to_9);
    // The PAINT chart has one load bar per period shown, four of them.
    let paint_chart = select(&html, "svg.chart")
        .into_iter()
        .find(|svg| {
            svg.value()
                .attr("aria-label")
                .is_some_and(|l| l.starts_with("PAINT"))
        })
        .expect("PAINT chart");
    let bars = paint_chart
        .child_elements()
        .filter(|e| e.value().name() == "rect" && e.value().attr("width") != Some("9.0"))
        .count();
    assert_eq!(bars, 4);
}

#[test]
fn bad_options_fail_clearly_and_leave_an_existing_report_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (plan, _) = plan_and_analysis(dir.path(), "service.json");
    let out = dir.path().join("r.html");
    ok(opsplan(&["report", path(&plan), "-o", path(&out)]));
    let before = std::fs::read(&out).expect("report");
    let reversed = opsplan(&[
        "report",
        path(&plan),
        "-o",
        path(&out),
        "--from",
        "5",
        "--to",
        "2",
    ]);
    assert!(!reversed.status.success());
    let message = String::from_utf8_lossy(&reversed.stderr);
    assert!(
        message.contains("period range 5..2") && message.contains("1..12"),
        "{message}"
    );
    let unknown = opsplan(&[
        "report",
        path(&plan),
        "-o",
        path(&out),
        "--sections",
        "cost,money",
    ]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("\"money\""));
    let no_format = opsplan(&[
        "report",
        path(&plan),
        "-o",
        path(&dir.path().join("r.docx")),
    ]);
    assert!(String::from_utf8_lossy(&no_format.stderr).contains("r.docx"));
    assert_eq!(std::fs::read(&out).expect("report"), before);
    let leftovers = std::fs::read_dir(dir.path()).expect("dir").count();
    // plan.opsplan and r.html only: no temp files left behind.
    assert_eq!(leftovers, 2);
}
