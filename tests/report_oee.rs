//! The OEE part of `opsplan report` (DESIGN.md §4, §8) through the real binary on the
//! manufacturer sample: `oee.csv` with its contract columns, the HTML section with its chart,
//! table, findings and downtime Pareto, and the XLSX sheets, each against `analyze --json`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use scraper::{Html, Selector};
use serde_json::Value;

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

/// Imports the manufacturer sample into `dir/plan.opsplan`; returns it and `analyze --json`.
fn sample_plan(dir: &Path) -> (PathBuf, Value) {
    let source = format!("{}/data/manufacturer.json", env!("CARGO_MANIFEST_DIR"));
    let plan = dir.join("plan.opsplan");
    ok(opsplan(&["import", &source, "-o", path(&plan)]));
    let analysis = ok(opsplan(&["analyze", path(&plan), "--json"]));
    let json = serde_json::from_slice(&analysis.stdout).expect("analyze JSON");
    (plan, json)
}

/// PAINT's entry of `oee.resources` (WELD comes first in plan order).
fn paint(json: &Value) -> &Value {
    let resources = json["oee"]["resources"].as_array().expect("oee.resources");
    let codes: Vec<&str> = resources
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert_eq!(codes, ["WELD", "PAINT"]);
    &resources[1]
}

#[test]
fn oee_csv_has_the_contract_columns_and_one_row_per_resource_and_logged_period() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (plan, json) = sample_plan(dir.path());
    let out = dir.path().join("csv");
    ok(opsplan(&[
        "report",
        path(&plan),
        "-o",
        path(&out),
        "--format",
        "csv",
        "--sections",
        "oee",
    ]));
    let mut reader = csv::Reader::from_path(out.join("oee.csv")).expect("oee.csv");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "resource",
            "period",
            "planned_min",
            "availability",
            "performance",
            "quality",
            "oee"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    // WELD and PAINT, eight weeks each (periods −7..0).
    assert_eq!(rows.len(), 2 * 8);
    let week = rows
        .iter()
        .find(|r| &r[0] == "PAINT" && &r[1] == "-3")
        .expect("PAINT in week −3");
    let json_week = paint(&json)["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .find(|p| p["period"] == -3)
        .expect("week −3 in JSON");
    // One week of PAINT: 40 h = 2,400 planned minutes.
    assert_eq!(week[2].parse::<f64>().expect("planned"), 2400.0);
    for (column, key) in [
        (3, "availability"),
        (4, "performance"),
        (5, "quality"),
        (6, "oee"),
    ] {
        let csv_value: f64 = week[column].parse().expect("number");
        assert_eq!(csv_value, json_week[key].as_f64().expect(key), "{key}");
    }
    // The curing-oven breakdown week: OEE 62.2 % (data/README.md).
    assert!((week[6].parse::<f64>().expect("oee") - 0.622).abs() < 5e-4);
}

#[test]
fn html_and_xlsx_hold_the_oee_section_with_its_chart_table_findings_and_pareto() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (plan, json) = sample_plan(dir.path());
    let html_out = dir.path().join("r.html");
    ok(opsplan(&["report", path(&plan), "-o", path(&html_out)]));
    let html = Html::parse_document(&std::fs::read_to_string(&html_out).expect("html"));
    let select = |css: &str| {
        let selector = Selector::parse(css).expect("selector");
        html.select(&selector).count()
    };
    assert_eq!(select("section#oee"), 1);
    assert_eq!(
        select("section#oee svg"),
        2,
        "factor bars and the downtime Pareto"
    );
    assert_eq!(select("section#oee table#oee_resources tbody tr"), 2);
    assert_eq!(select("section#oee table#downtime_pareto tbody tr"), 5);
    let text: String = {
        let selector = Selector::parse("section#oee").expect("selector");
        html.select(&selector)
            .flat_map(|s| s.text())
            .collect::<Vec<_>>()
            .join("")
    };
    assert!(
        text.contains("resource PAINT: the capacity plan assumes 85 %, the log shows 69.2 %"),
        "the finding is printed"
    );

    let xlsx_out = dir.path().join("r.xlsx");
    ok(opsplan(&["report", path(&plan), "-o", path(&xlsx_out)]));
    let mut workbook: Xlsx<_> = open_workbook(&xlsx_out).expect("XLSX");
    for name in ["OEE", "OEE periods", "OEE quality", "Downtime"] {
        assert!(workbook.sheet_names().iter().any(|n| n == name), "{name}");
    }
    let sheet = workbook.worksheet_range("OEE").expect("OEE sheet");
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let oee_column = header.iter().position(|h| h == "OEE").expect("OEE column");
    let paint_row = rows
        .iter()
        .find(|r| r[0] == "PAINT")
        .expect("PAINT row");
    let Data::Float(value) = paint_row[oee_column] else {
        panic!("OEE is a number: {:?}", paint_row[oee_column]);
    };
    assert_eq!(value, paint(&json)["oee"].as_f64().expect("oee"));
    let downtime = workbook
        .worksheet_range("Downtime")
        .expect("Downtime sheet");
    // Changeover leads the Pareto: 3,548 of 7,414 min (data/README.md).
    let first: Vec<String> = downtime
        .rows()
        .nth(1)
        .expect("first reason")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(first[0], "changeover");
    assert_eq!(first[1], "3548");
}
