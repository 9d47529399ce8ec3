//! The XLSX report's "Material plan" sheet through the binary: a plan with more items than
//! `XLSX_MRP_ITEMS` (200) writes exactly 200 item records, those with exceptions first, then
//! the highest stock value, with the rule in a note row above the header; `mrp.csv` keeps every
//! item; a small plan's sheet has every record and no note.

mod cli_support;
use cli_support::{succeeds, text};

use std::collections::HashSet;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use opsplan::report::content::XLSX_MRP_ITEMS;
use serde_json::{Value, json};

/// Items in the big plan.
const ITEMS: usize = 250;

/// 250 bought items `I000`…`I249` (purchase cost 1) over 2 periods, each demanded 1 unit a
/// period, except:
/// - I240 has a lead time of 1: its period-1 receipt is released in period 0 — past due;
/// - I245 costs 3 with 100 on hand: on hand 99, 98, stock value (99 + 98) · 3 = 591;
/// - I230 has 100 on hand: on hand 99, 98, stock value 197.
///
/// Every other item has no stock (value 0) and a record with rows (gross 1, 1).
fn big_plan(dir: &Path) -> std::path::PathBuf {
    let items: Vec<Value> = (0..ITEMS)
        .map(|i| {
            let mut item = json!({"code": format!("I{i:03}"), "kind": "material",
                                  "purchase_cost": 1});
            match i {
                240 => item["lead_time"] = json!(1),
                245 => {
                    item["purchase_cost"] = json!(3);
                    item["on_hand"] = json!(100);
                }
                230 => item["on_hand"] = json!(100),
                _ => {}
            }
            item
        })
        .collect();
    let demand: Vec<Value> = (0..ITEMS)
        .flat_map(|i| {
            (1..=2)
                .map(move |period| json!({"item": format!("I{i:03}"), "period": period, "qty": 1}))
        })
        .collect();
    let plan = json!({
        "format": "opsplan-plan", "version": 1,
        "plan": {"name": "Many items", "periods": 2},
        "items": items,
        "demand": demand,
    });
    let path = dir.join("many.json");
    std::fs::write(&path, plan.to_string()).expect("write plan JSON");
    path
}

/// The rows of a sheet.
fn sheet(file: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook(file).expect("the workbook opens");
    let range = workbook.worksheet_range(name).expect("the sheet exists");
    range.rows().map(|r| r.to_vec()).collect()
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Item codes in order of their first row.
fn items_in_order<'a>(codes: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    codes
        .filter(|code| seen.insert(code.to_string()))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_plan_with_more_items_than_the_cap_writes_exactly_the_cap_in_the_rule_order() {
    assert_eq!(XLSX_MRP_ITEMS, 200);
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = big_plan(dir.path());
    let report = dir.path().join("report.xlsx");
    succeeds(&[
        "report",
        text(&plan),
        "-o",
        text(&report),
        "--sections",
        "mrp",
    ]);
    let rows = sheet(&report, "Material plan");
    assert_eq!(
        cell_text(&rows[0][0]),
        "The records of 200 of the plan's 250 items: every item with an exception first, then \
         those with the highest stock value (Σ on hand × unit cost over the periods shown). \
         mrp.csv holds every item."
    );
    assert_eq!(cell_text(&rows[1][0]), "Item");
    assert_eq!(cell_text(&rows[1][1]), "Period");
    let codes: Vec<String> = rows[2..].iter().map(|r| cell_text(&r[0])).collect();
    let items = items_in_order(codes.iter().map(String::as_str));
    assert_eq!(items.len(), 200);
    // The past-due item, then the stock values 591 and 197, then plan order: I000…I196.
    let mut expected = vec!["I240".to_string(), "I245".into(), "I230".into()];
    expected.extend((0..197).map(|i| format!("I{i:03}")));
    assert_eq!(items, expected);
    // Two periods with values per item: 400 data rows.
    assert_eq!(codes.len(), 400);

    // mrp.csv holds all 250 records.
    let folder = dir.path().join("csv");
    succeeds(&[
        "report",
        text(&plan),
        "-o",
        text(&folder),
        "--format",
        "csv",
        "--sections",
        "mrp",
    ]);
    let mut reader = csv::Reader::from_path(folder.join("mrp.csv")).expect("mrp.csv");
    let codes: Vec<String> = reader
        .records()
        .map(|r| r.expect("a CSV row")[0].to_string())
        .collect();
    assert_eq!(
        items_in_order(codes.iter().map(String::as_str)).len(),
        ITEMS
    );
}

#[test]
fn a_small_plans_material_plan_sheet_has_every_record_and_no_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/manufacturer.json");
    let report = dir.path().join("report.xlsx");
    succeeds(&[
        "report",
        text(&sample),
        "-o",
        text(&report),
        "--sections",
        "mrp",
    ]);
    let rows = sheet(&report, "Material plan");
    assert_eq!(cell_text(&rows[0][0]), "Item");
    let document: Value =
        serde_json::from_str(&succeeds(&["mrp", text(&sample), "--json"])).expect("JSON");
    let with_rows = document["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|record| {
            [
                "gross",
                "receipts",
                "on_hand",
                "net",
                "planned_receipts",
                "planned_releases",
            ]
            .iter()
            .any(|key| {
                (record[*key].as_array().expect("values").iter()).any(|v| v.as_f64() != Some(0.0))
            })
        })
        .count();
    let codes: Vec<String> = rows[1..].iter().map(|r| cell_text(&r[0])).collect();
    assert_eq!(
        items_in_order(codes.iter().map(String::as_str)).len(),
        with_rows
    );
}
