//! The report's levelling section (DESIGN.md §4 `--sections … level`, §6): present when the
//! plan has a master schedule, with the schedule, its stock and the overtime the load needs, in
//! HTML, PDF, XLSX and CSV; absent without a master schedule.
//!
//! The plan (tests/data/planning/peak_overtime.json) is the one-product peak of
//! tests/analytics_level.rs: P bought at 52 (holding rate 0.25, 52 weeks: h = 52 · 0.25 / 52 =
//! 0.25 per unit and week, backorder b = 4 · 0.25 = 1.0), one hour per unit on R (12 h a week,
//! 5 overtime hours at a premium of 0.1), demand 5, 5, 15, 5.

use calamine::{Reader, Xlsx};
use opsplan::analytics::analyze;
use opsplan::domain::Plan;
use opsplan::io::json::parse_plan;
use opsplan::report::content::{
    Block, Cell, ReportInput, Table, document, level_overtime_table, level_schedule_table,
};
use opsplan::report::{ReportFormat, ReportOptions, ReportOutput, render};

/// tests/data/planning/peak_overtime.json.
fn peak() -> Plan {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/planning/peak_overtime.json"
    );
    parse_plan(&std::fs::read_to_string(path).expect("fixture")).expect("valid JSON")
}

/// The peak plan with `schedule` (periods 1..4) as its master schedule.
fn scheduled(schedule: &[f64]) -> Plan {
    let mut plan = peak();
    plan.master_schedule = (1..)
        .zip(schedule)
        .map(|(period, &qty)| opsplan::domain::MasterScheduleRow {
            item: "P".to_string(),
            period,
            qty,
        })
        .collect();
    plan
}

fn numbers(table: &Table) -> Vec<Vec<f64>> {
    table
        .rows
        .iter()
        .map(|row| row.iter().filter_map(Cell::value).collect())
        .collect()
}

fn with_input<T>(plan: &Plan, options: &ReportOptions, f: impl FnOnce(&ReportInput) -> T) -> T {
    let analysis = analyze(plan).expect("valid plan");
    let range = options.period_range(plan.settings.periods).expect("range");
    f(&ReportInput {
        plan,
        analysis: &analysis,
        options,
        range,
    })
}

#[test]
fn a_built_ahead_schedule_reports_its_stock_and_no_overtime() {
    // x = 5, 8, 12, 5: 3 units built a week ahead, so 3 in stock at the end of week 2
    // (holding 3 · 0.25 = 0.75); the load 5, 8, 12, 5 h fits the 12 h: no overtime rows.
    let plan = scheduled(&[5.0, 8.0, 12.0, 5.0]);
    let options = ReportOptions::default();
    with_input(&plan, &options, |input| {
        let schedule = level_schedule_table(input);
        assert_eq!(
            numbers(&schedule),
            vec![
                // period, demand, scheduled, stock, late
                vec![1.0, 5.0, 5.0, 0.0, 0.0],
                vec![2.0, 5.0, 8.0, 3.0, 0.0],
                vec![3.0, 15.0, 12.0, 0.0, 0.0],
                vec![4.0, 5.0, 5.0, 0.0, 0.0],
            ]
        );
        assert!(level_overtime_table(input).rows.is_empty());
        let doc = document(input);
        let section = doc
            .sections
            .iter()
            .find(|s| s.id == "level")
            .expect("a levelling section");
        let Some(Block::Note(note)) = section.blocks.first() else {
            panic!("the section opens with its summary");
        };
        assert!(
            note.contains("fixes 1 item in 4 rows") && note.contains("costs 0.75 EUR"),
            "{note}"
        );
        assert!(note.contains("0.0 overtime hours"), "{note}");
    });
}

#[test]
fn a_chase_schedule_reports_the_overtime_its_peak_needs_in_every_format() {
    // x = demand: week 3 loads 15 h on 12 available, so 3 h of the 5 allowed are overtime at
    // 0.1 an hour (0.3), none beyond; nothing is held or late.
    let plan = scheduled(&[5.0, 5.0, 15.0, 5.0]);
    let options = ReportOptions::default();
    with_input(&plan, &options, |input| {
        let overtime = level_overtime_table(input);
        assert_eq!(overtime.rows.len(), 1);
        assert_eq!(overtime.rows[0][0], Cell::text("R"));
        // period, available, allowed, load, overtime, beyond, premium
        assert_eq!(
            numbers(&overtime)[0],
            vec![3.0, 12.0, 5.0, 15.0, 3.0, 0.0, 3.0 * 0.1]
        );
        let stock: Vec<f64> = numbers(&level_schedule_table(input))
            .iter()
            .map(|row| row[3])
            .collect();
        assert_eq!(stock, vec![0.0; 4]);
    });
    let analysis = analyze(&plan).expect("valid plan");
    let ReportOutput::File(html) =
        render(&plan, &analysis, ReportFormat::Html, &options, &mut |_| {}).expect("html")
    else {
        panic!("HTML is one file");
    };
    let html = String::from_utf8(html).expect("UTF-8");
    assert!(html.contains("Levelling") && html.contains("Overtime the load needs"));
    assert!(html.contains("3.0 overtime hours"), "the summary in HTML");
    let ReportOutput::File(pdf) =
        render(&plan, &analysis, ReportFormat::Pdf, &options, &mut |_| {}).expect("pdf")
    else {
        panic!("PDF is one file");
    };
    assert!(pdf.starts_with(b"%PDF"));
    let ReportOutput::File(xlsx) =
        render(&plan, &analysis, ReportFormat::Xlsx, &options, &mut |_| {}).expect("xlsx")
    else {
        panic!("XLSX is one file");
    };
    let sheets = Xlsx::new(std::io::Cursor::new(xlsx))
        .expect("a workbook")
        .sheet_names();
    assert!(
        sheets.iter().any(|s| s == "Master schedule") && sheets.iter().any(|s| s == "Overtime"),
        "{sheets:?}"
    );
    let ReportOutput::Folder(files) =
        render(&plan, &analysis, ReportFormat::Csv, &options, &mut |_| {}).expect("csv")
    else {
        panic!("CSV is a folder of files");
    };
    let overtime_csv = files
        .iter()
        .find(|(name, _)| name == "level_overtime.csv")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).to_string())
        .expect("level_overtime.csv");
    let row = overtime_csv.lines().nth(1).expect("one overtime row");
    assert!(row.starts_with("R,3,12,5,15,3,0,0.3"), "{row}");
}

#[test]
fn a_plan_without_a_master_schedule_has_no_levelling_section() {
    let plan = peak();
    let options = ReportOptions::default();
    with_input(&plan, &options, |input| {
        assert!(document(input).sections.iter().all(|s| s.id != "level"));
    });
}
