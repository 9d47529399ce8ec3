//! The report's forecast section (DESIGN.md §4 `--sections … forecast`, §7): present with an
//! error table and a chart per item when the plan has sales history, absent without history.

use opsplan::analytics::{analyze, forecast::forecast};
use opsplan::io::json::parse_plan;
use opsplan::report::content::{Block, ReportInput, document};
use opsplan::report::{ReportFormat, ReportOptions, ReportOutput, render};

fn sample(name: &str) -> opsplan::domain::Plan {
    let path = format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"));
    parse_plan(&std::fs::read_to_string(path).expect("read sample")).expect("parse sample")
}

#[test]
fn a_plan_with_history_gets_a_forecast_section_with_table_and_charts() {
    let plan = sample("manufacturer.json");
    let analysis = analyze(&plan).expect("valid sample");
    let options = ReportOptions::default();
    let range = options.period_range(plan.settings.periods).expect("range");
    let doc = document(&ReportInput {
        plan: &plan,
        analysis: &analysis,
        options: &options,
        range,
    });
    let section = doc
        .sections
        .iter()
        .find(|section| section.id == "forecast")
        .expect("a forecast section");
    let results = forecast(&plan);
    let tables: Vec<_> = section
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Table(table) => Some(table),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0].rows.len(), results.items.len());
    let charts = section
        .blocks
        .iter()
        .filter(|block| matches!(block, Block::Chart(_)))
        .count();
    assert_eq!(charts, results.items.len(), "one chart per forecast item");
    // CITY's tracking signal is above 4 (data/README.md): the section says so.
    assert!(section.blocks.iter().any(|block| matches!(
        block,
        Block::Note(text) if text.contains("Tracking signal") && text.contains("CITY")
    )));

    let ReportOutput::File(html) =
        render(&plan, &analysis, ReportFormat::Html, &options, &mut |_| {}).expect("html")
    else {
        panic!("HTML is one file");
    };
    let html = String::from_utf8(html).expect("UTF-8");
    assert!(html.contains("Forecast methods and errors"));
    // The chart's x axis labels history weeks by date: period −116 is 2023-W45.
    assert!(html.contains("2023-W4"), "history labelled by ISO week");
    assert!(html.contains("croston") && html.contains("holt_winters"));
}

#[test]
fn a_plan_without_history_has_no_forecast_section() {
    let plan = sample("service.json");
    let analysis = analyze(&plan).expect("valid sample");
    let options = ReportOptions::default();
    let range = options.period_range(plan.settings.periods).expect("range");
    let doc = document(&ReportInput {
        plan: &plan,
        analysis: &analysis,
        options: &options,
        range,
    });
    assert!(doc.sections.iter().all(|section| section.id != "forecast"));
}
