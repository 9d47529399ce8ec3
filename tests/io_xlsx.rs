//! Plan workbooks (DESIGN.md §3, XLSX): exact round trips of every table, a workbook written by
//! another program (openpyxl), the template, and errors that name sheet, row and column.

use std::io::Read;
use std::path::Path;
use std::process::Command;

use opsplan::analytics::analyze;
use opsplan::app::operations::analysis_json;
use opsplan::domain::{Plan, TABLE_NAMES};
use opsplan::io::json::parse_plan;
use opsplan::io::xlsx::{XlsxError, plan_workbook, read_workbook, template_workbook};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

fn json_plan(path: &str) -> Plan {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_plan(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn without_scenarios(mut plan: Plan) -> Plan {
    plan.scenarios.clear();
    plan
}

fn round_trip(plan: &Plan) -> Plan {
    let bytes = plan_workbook(plan).unwrap_or_else(|e| panic!("write: {e}"));
    read_workbook(&bytes).unwrap_or_else(|e| panic!("read: {e}"))
}

/// Builds a workbook from sheets of rows (`None` leaves a cell empty; text and numbers as typed).
fn workbook(sheets: &[(&str, Vec<Vec<Cell>>)]) -> Vec<u8> {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::Text(text) => sheet.write_string(r, c, *text).map(|_| ()),
                    Cell::Number(number) => sheet.write_number(r, c, *number).map(|_| ()),
                    Cell::Empty => Ok(()),
                }
                .expect("cell");
            }
        }
    }
    book.save_to_buffer().expect("workbook")
}

enum Cell {
    Text(&'static str),
    Number(f64),
    Empty,
}

use Cell::{Empty, Number, Text};

fn plan_sheet() -> (&'static str, Vec<Vec<Cell>>) {
    (
        "plan",
        vec![
            vec![Text("name"), Text("periods")],
            vec![Text("Tiny"), Number(4.0)],
        ],
    )
}

fn read_error(sheets: &[(&str, Vec<Vec<Cell>>)]) -> String {
    match read_workbook(&workbook(sheets)) {
        Ok(plan) => panic!("read a plan from a bad workbook: {plan:?}"),
        Err(error) => error.to_string(),
    }
}

/// The files inside an `.xlsx` (a zip) by name.
fn xlsx_part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut file = archive.by_name(name).expect("part");
    let mut text = String::new();
    file.read_to_string(&mut text).expect("utf-8");
    text
}

#[test]
fn every_table_round_trips_exactly() {
    let plan = json_plan("tests/data/xlsx/every_table.json");
    // The fixture fills every table a workbook holds, so a table the workbook forgets fails here.
    let document: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/xlsx/every_table.json").expect("fixture"),
    )
    .expect("fixture JSON");
    for table in TABLE_NAMES
        .iter()
        .filter(|t| **t != "plan" && **t != "scenarios")
    {
        let rows = document.get(*table).and_then(|rows| rows.as_array());
        assert!(
            rows.is_some_and(|rows| !rows.is_empty()),
            "fixture lacks {table}"
        );
    }
    let back = round_trip(&plan);
    assert_eq!(back, plan);
    // Bit for bit, also where == cannot tell: -0.0 and the smallest subnormal.
    assert_eq!(
        back.items[2].lot_size.map(f64::to_bits),
        Some((-0.0f64).to_bits())
    );
    assert_eq!(back.items[1].on_hand.to_bits(), 5e-324f64.to_bits());
    assert_eq!(back.items[0].safety_stock, 0.1 + 0.2);
}

#[test]
fn samples_round_trip_exactly_without_their_scenarios() {
    for path in ["data/manufacturer.json", "data/service.json"] {
        let plan = json_plan(path);
        assert_eq!(round_trip(&plan), without_scenarios(plan), "{path}");
    }
}

#[test]
fn a_plan_with_scenarios_exports_without_them_and_says_so() {
    let mut plan = json_plan("tests/data/xlsx/every_table.json");
    plan.scenarios = vec![opsplan::domain::Scenario {
        name: "Rush".to_string(),
        plan: Box::new(plan.clone()),
    }];
    let bytes = plan_workbook(&plan).expect("workbook");
    assert!(read_workbook(&bytes).expect("read").scenarios.is_empty());
    let strings = xlsx_part(&bytes, "xl/sharedStrings.xml");
    assert!(
        strings.contains("This plan has 1 scenario; they are not in this workbook."),
        "{strings}"
    );
}

#[test]
fn workbook_written_by_openpyxl_imports_to_the_same_analysis_as_the_json() {
    // tests/data/xlsx/manufacturer_openpyxl.xlsx is data/manufacturer.json written by
    // tools/plan_json_to_xlsx.py (openpyxl 3.1.5): only the columns in use, in their own
    // order, start_date as a date cell, and a README sheet of free text.
    let bytes = std::fs::read("tests/data/xlsx/manufacturer_openpyxl.xlsx").expect("fixture");
    let from_workbook = read_workbook(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let from_json = json_plan("data/manufacturer.json");
    assert_eq!(
        from_workbook.settings.start_date.as_deref(),
        Some("2026-03-02")
    );
    assert_eq!(
        from_workbook,
        without_scenarios(from_json.clone()),
        "when data/manufacturer.json changes, regenerate the fixture: python3 \
         tools/plan_json_to_xlsx.py data/manufacturer.json tests/data/xlsx/manufacturer_openpyxl.xlsx"
    );
    let json_of = |plan: &Plan| analysis_json(&analyze(plan).expect("valid")).expect("json");
    assert_eq!(json_of(&from_workbook), json_of(&from_json));
}

#[test]
fn cells_read_as_their_fields_want() {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let plan = book.add_worksheet().set_name("plan").expect("name");
    plan.write_string(0, 0, "name").expect("cell");
    plan.write_string(0, 1, "periods").expect("cell");
    plan.write_string(0, 2, "start_date").expect("cell");
    // A number in the text column name reads as its shortest text.
    plan.write_number(1, 0, 1001.0).expect("cell");
    plan.write_number(1, 1, 4.0).expect("cell");
    let day = ExcelDateTime::from_ymd(2026, 1, 5).expect("date");
    plan.write_datetime_with_format(1, 2, &day, &date)
        .expect("cell");
    let items = book.add_worksheet().set_name("items").expect("name");
    for (c, header) in ["code", "kind", "price", "unit"].into_iter().enumerate() {
        items.write_string(0, c as u16, header).expect("cell");
    }
    items.write_number(1, 0, 4711.0).expect("cell");
    items.write_string(1, 1, "finished").expect("cell");
    // A formula reads as the value Excel cached for it.
    items
        .write_formula(1, 2, Formula::new("=2*3.5").set_result("7"))
        .expect("cell");
    // An empty unit cell is the default, pcs; a blank row in between is skipped.
    items.write_string(3, 0, "SPARE").expect("cell");
    items.write_string(3, 1, "component").expect("cell");
    let bytes = book.save_to_buffer().expect("workbook");
    let read = read_workbook(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.settings.name, "1001");
    assert_eq!(read.settings.periods, 4);
    assert_eq!(read.settings.start_date.as_deref(), Some("2026-01-05"));
    assert_eq!(read.settings.currency, "EUR");
    assert_eq!(read.items.len(), 2);
    assert_eq!(read.items[0].code, "4711");
    assert_eq!(read.items[0].price, 7.0);
    assert_eq!(read.items[0].unit, "pcs");
    assert_eq!(read.items[1].code, "SPARE");
}

#[test]
fn template_has_every_table_header_drop_downs_and_a_readme() {
    let bytes = template_workbook().expect("template");
    let mut names = Vec::new();
    let workbook = xlsx_part(&bytes, "xl/workbook.xml");
    for part in workbook.split("<sheet name=\"").skip(1) {
        names.push(part.split('"').next().unwrap_or_default().to_string());
    }
    let mut expected = vec!["README".to_string()];
    expected.extend(
        TABLE_NAMES
            .iter()
            .filter(|t| **t != "scenarios")
            .map(|t| t.to_string()),
    );
    assert_eq!(names, expected);
    // Sheet 3 is items (README, plan, items): its kind column C offers the four kinds, its
    // order_policy column K the five policies, in rows 2 to 1001 (1000 entry rows).
    let items = xlsx_part(&bytes, "xl/worksheets/sheet3.xml");
    assert!(
        items.contains("<pane ySplit=\"1\""),
        "frozen header: {items}"
    );
    assert!(
        items.contains(
            "sqref=\"C2:C1001\"><formula1>\"finished,component,material,service\"</formula1>"
        ),
        "{items}"
    );
    assert!(
        items.contains("sqref=\"K2:K1001\"><formula1>\"lot_for_lot,fixed,poq,eoq,wagner_whitin\""),
        "{items}"
    );
    // Sheet 4 is bom: parent and child offer the codes of the items sheet.
    let bom = xlsx_part(&bytes, "xl/worksheets/sheet4.xml");
    assert!(
        bom.contains("sqref=\"A2:A1001\"><formula1>items!$A$2:$A$1001</formula1>"),
        "{bom}"
    );
    let strings = xlsx_part(&bytes, "xl/sharedStrings.xml");
    assert!(strings.contains("Units of the child per unit of the parent started"));
    assert!(strings.contains("Scenarios are not kept in workbooks"));
    // The template's plan sheet has no record yet, so importing it unfilled says so.
    let error = read_workbook(&bytes).err().map(|e| e.to_string());
    assert_eq!(
        error.as_deref(),
        Some("sheet \"plan\": must have exactly one data row below the header, has 0")
    );
}

#[test]
fn export_offers_the_plans_items_and_writes_numbers_as_numbers() {
    let plan = json_plan("data/manufacturer.json");
    let bytes = plan_workbook(&plan).expect("workbook");
    // 22 items in rows 2..23, plus 1000 entry rows: the list runs to row 1023.
    let routing = xlsx_part(&bytes, "xl/worksheets/sheet6.xml");
    assert!(
        routing.contains("<formula1>items!$A$2:$A$1023</formula1>"),
        "{routing}"
    );
    // 7 resources: rows 2..8, list to row 1008; the resource column of routing is D.
    assert!(
        routing.contains("sqref=\"D2:D1021\"><formula1>resources!$A$2:$A$1008</formula1>"),
        "{routing}"
    );
    // The first item's price 389 is a number cell (no t="s").
    let items = xlsx_part(&bytes, "xl/worksheets/sheet3.xml");
    assert!(items.contains("<c r=\"E2\"><v>389</v></c>"), "{items}");
}

#[test]
fn text_in_a_number_column_names_sheet_row_and_column() {
    let error = read_error(&[
        plan_sheet(),
        (
            "demand",
            vec![
                vec![Text("item"), Text("period"), Text("qty")],
                vec![Text("A"), Number(1.0), Number(5.0)],
                vec![Text("A"), Number(2.0), Text("ten")],
            ],
        ),
    ]);
    assert_eq!(
        error,
        "sheet \"demand\", row 3, column \"qty\" (cell C3): \"ten\" is not a number"
    );
}

#[test]
fn a_fraction_in_a_whole_number_column_names_its_cell() {
    let error = read_error(&[(
        "plan",
        vec![
            vec![Empty, Text("name"), Text("periods")],
            vec![Empty, Text("Tiny"), Number(2.5)],
        ],
    )]);
    // The used range starts in column B, so periods is column C.
    assert_eq!(
        error,
        "sheet \"plan\", row 2, column \"periods\" (cell C2): \"2.5\" is not a whole number"
    );
}

#[test]
fn unknown_sheet_is_named_with_the_sheets_expected() {
    let error = read_error(&[plan_sheet(), ("item", vec![vec![Text("code")]])]);
    assert!(
        error.starts_with(
            "unknown sheet \"item\"; a plan workbook has only the sheets plan, items, bom,"
        ),
        "{error}"
    );
    assert!(
        error.contains("downtime (and README, which is ignored)"),
        "{error}"
    );
}

#[test]
fn unknown_header_names_sheet_row_and_column() {
    let error = read_error(&[
        plan_sheet(),
        (
            "items",
            vec![
                vec![Text("code"), Text("kind"), Text("colour")],
                vec![Text("A"), Text("finished"), Text("red")],
            ],
        ),
    ]);
    assert!(
        error.starts_with(
            "sheet \"items\", row 1, column \"colour\" (cell C1): unknown column; expected one \
             of code, name, kind,"
        ),
        "{error}"
    );
}

#[test]
fn missing_required_column_names_sheet_row_and_column() {
    let error = read_error(&[
        plan_sheet(),
        (
            "routing",
            vec![
                vec![Text("item"), Text("seq"), Text("resource")],
                vec![Text("A"), Number(10.0), Text("R")],
            ],
        ),
    ]);
    assert_eq!(
        error,
        "sheet \"routing\", row 1: missing required column \"run_min\" in the header row"
    );
}

#[test]
fn empty_required_cell_and_value_without_header_name_their_cell() {
    let error = read_error(&[
        plan_sheet(),
        (
            "bom",
            vec![
                vec![Text("parent"), Text("child"), Text("qty")],
                vec![Text("A"), Empty, Number(1.0)],
            ],
        ),
    ]);
    assert_eq!(
        error,
        "sheet \"bom\", row 2, column \"child\" (cell B2): a value is required"
    );
    let error = read_error(&[
        plan_sheet(),
        (
            "bom",
            vec![
                vec![Text("parent"), Text("child"), Text("qty")],
                vec![Text("A"), Text("B"), Number(1.0), Text("note")],
            ],
        ),
    ]);
    assert_eq!(
        error,
        "sheet \"bom\", row 2 (cell D2): a value in a column without a header; give the column \
         a field name in row 1 or clear it"
    );
}

#[test]
fn unknown_choice_names_the_allowed_values() {
    let error = read_error(&[
        plan_sheet(),
        (
            "items",
            vec![
                vec![Text("code"), Text("kind")],
                vec![Text("A"), Text("gadget")],
            ],
        ),
    ]);
    assert_eq!(
        error,
        "sheet \"items\", row 2, column \"kind\" (cell B2): unknown variant \"gadget\", expected \
         one of \"finished\", \"component\", \"material\", \"service\""
    );
}

#[test]
fn plan_sheet_scenarios_sheet_and_non_workbooks_are_refused() {
    assert!(matches!(
        read_workbook(&workbook(&[("items", vec![vec![Text("code")]])])),
        Err(XlsxError::MissingPlanSheet)
    ));
    let two_rows = read_error(&[(
        "plan",
        vec![
            vec![Text("name"), Text("periods")],
            vec![Text("A"), Number(1.0)],
            vec![Text("B"), Number(1.0)],
        ],
    )]);
    assert_eq!(
        two_rows,
        "sheet \"plan\": must have exactly one data row below the header, has 2"
    );
    assert!(matches!(
        read_workbook(&workbook(&[plan_sheet(), ("scenarios", vec![])])),
        Err(XlsxError::ScenariosSheet)
    ));
    assert!(matches!(
        read_workbook(b"name,periods\nTiny,4\n"),
        Err(XlsxError::Unreadable { .. })
    ));
    // A README sheet in any letter case is ignored.
    let plan = read_workbook(&workbook(&[
        ("ReadMe", vec![vec![Text("anything"), Number(3.0)]]),
        plan_sheet(),
    ]))
    .expect("plan");
    assert_eq!(plan.settings.name, "Tiny");
}

fn opsplan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_opsplan"))
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn cli_exports_imports_and_writes_the_template() {
    let dir = temp_dir();
    let plan_file = dir.path().join("bikes.opsplan");
    let status = opsplan()
        .args(["import", "data/manufacturer.json", "-o"])
        .arg(&plan_file)
        .status()
        .expect("run");
    assert!(status.success());
    let book = dir.path().join("bikes.xlsx");
    let output = opsplan()
        .arg("export")
        .arg(&plan_file)
        .arg("-o")
        .arg(&book)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let again = dir.path().join("again.opsplan");
    let output = opsplan()
        .arg("import")
        .arg(&book)
        .arg("-o")
        .arg(&again)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read = |path: &Path| opsplan::app::files::read_plan(path).expect("plan");
    assert_eq!(read(&again), without_scenarios(read(&plan_file)));
    let template = dir.path().join("template.xlsx");
    let output = opsplan()
        .args(["export", "--template", "-o"])
        .arg(&template)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        template_workbook().ok().map(|bytes| bytes.len() > 1000),
        Some(true)
    );
    assert!(read_workbook(&std::fs::read(&template).expect("template")).is_err());
}

#[test]
fn cli_import_of_a_bad_workbook_names_the_cell_and_writes_nothing() {
    let dir = temp_dir();
    let bad = dir.path().join("bad.xlsx");
    let bytes = workbook(&[
        plan_sheet(),
        (
            "resources",
            vec![
                vec![Text("code"), Text("hours_per_period")],
                vec![Text("WELD"), Text("forty")],
            ],
        ),
    ]);
    std::fs::write(&bad, bytes).expect("write");
    let out = dir.path().join("out.opsplan");
    let output = opsplan()
        .arg("import")
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "bad.xlsx: sheet \"resources\", row 2, column \"hours_per_period\" (cell B2): \
             \"forty\" is not a number"
        ),
        "{stderr}"
    );
    assert!(!out.exists());
    let entries = std::fs::read_dir(dir.path()).expect("dir").count();
    assert_eq!(entries, 1, "only bad.xlsx is in the folder");
}
