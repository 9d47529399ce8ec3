//! The XLSX report: one worksheet per table with numbers stored as numbers (formatted), a frozen
//! header row and an autofilter, plus a "Charts" sheet with native Excel charts (unit cost by
//! item as stacked columns, load vs capacity of the ten busiest resources). Table sheets are
//! written row by row in constant-memory mode.

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};

use super::content::{self, Cell, ReportInput, Table};
use super::{ReportError, Section, oee};
use crate::analytics::capacity::ResourceLoad;
use crate::analytics::cost::ItemCost;

/// Data rows that fit on one sheet below the header (Excel has 1,048,576 rows).
const ROWS_PER_SHEET: usize = 1_048_575;

/// Resources in the load-vs-capacity chart.
const BUSIEST_RESOURCES: usize = 10;

/// Longest text Excel keeps in one cell.
const CELL_CHARS: usize = 32_767;

/// Builds the workbook and returns the `.xlsx` bytes.
pub fn render(input: &ReportInput, progress: &mut dyn FnMut(f32)) -> Result<Vec<u8>, ReportError> {
    let tables = sheet_tables(input);
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let count = tables.len() as f32 + 1.0;
    for (done, sheet) in tables.iter().enumerate() {
        write_table_sheets(&mut workbook, sheet, &formats).map_err(xlsx_error)?;
        progress((done + 1) as f32 / count * 0.8);
    }
    write_charts_sheet(&mut workbook, input, &formats).map_err(xlsx_error)?;
    let bytes = workbook.save_to_buffer().map_err(xlsx_error)?;
    progress(0.95);
    Ok(bytes)
}

fn xlsx_error(error: XlsxError) -> ReportError {
    ReportError::Xlsx(error.to_string())
}

/// A table sheet: its name, an optional note row above the header, and the table.
struct TableSheet {
    name: &'static str,
    note: Option<String>,
    table: Table,
}

/// Every table of the workbook with its sheet name, in sheet order.
fn sheet_tables(input: &ReportInput) -> Vec<TableSheet> {
    let (plan, analysis, options) = (input.plan, input.analysis, input.options);
    let mut tables = vec![
        ("Summary", content::summary_table(input)),
        ("Totals", content::totals_table(analysis)),
        ("Items", content::plan_items_table(plan)),
        ("BOM", content::plan_bom_table(plan)),
        ("Routing", content::plan_routing_table(plan)),
        ("Resources", content::plan_resources_table(plan)),
        ("Demand", content::plan_demand_table(plan, input.range)),
    ];
    if options.includes(Section::Cost) {
        tables.push((
            "Cost",
            content::cost_items_table(plan, analysis.cost.items.iter()),
        ));
        tables.push(("Break-even", content::break_even_table(analysis)));
        tables.push(("Idle cost", content::idle_table(input, &|_| true)));
    }
    if options.includes(Section::Capacity) {
        tables.push((
            "Capacity",
            content::capacity_long_table(input.range, analysis.capacity.resources.iter()),
        ));
        tables.push((
            "Utilization",
            content::capacity_summary_table(input, analysis.capacity.resources.iter()),
        ));
        tables.push(("Requirements", content::requirements_table(input)));
    }
    if options.includes(Section::Quality) {
        tables.push(("Quality", content::control_summary_table(analysis)));
        tables.push(("Control points", content::control_points_table(analysis)));
        tables.push(("P charts", content::p_charts_table(analysis)));
        tables.push(("C charts", content::c_charts_table(analysis)));
        tables.push(("Pareto", content::pareto_table(analysis)));
    }
    if options.includes(Section::Queues) {
        tables.push(("Queues", content::queues_table(input)));
        tables.push(("Staffing", content::queue_periods_table(input)));
    }
    let mut notes: Vec<(&'static str, String)> = Vec::new();
    if options.includes(Section::Mrp) {
        // Every item of plan L is a million rows: the sheet keeps the records that matter.
        let (items, note) = content::mrp_sheet_items(input).unzip();
        tables.push(("Material plan", content::mrp_table(input, items.as_deref())));
        notes.extend(note.map(|note| ("Material plan", note)));
        tables.push(("MRP exceptions", content::mrp_exceptions_table(input)));
        tables.push(("Inventory value", content::inventory_value_table(input)));
    }
    if options.includes(Section::Level) && !plan.master_schedule.is_empty() {
        tables.push(("Master schedule", content::level_schedule_table(input)));
        tables.push(("Overtime", content::level_overtime_table(input)));
    }
    if options.includes(Section::Oee) {
        let oee = &analysis.oee;
        tables.push(("OEE", oee::resources_table(plan, oee.resources.iter())));
        tables.push(("OEE periods", oee::periods_table(oee.resources.iter())));
        tables.push(("OEE quality", oee::item_quality_table(oee, usize::MAX)));
        tables.push(("Downtime", oee::downtime_table(oee, usize::MAX)));
    }
    tables
        .into_iter()
        .map(|(name, table)| TableSheet {
            name,
            note: (notes.iter())
                .find(|(noted, _)| *noted == name)
                .map(|(_, note)| note.clone()),
            table,
        })
        .collect()
}

/// Cell formats shared by every sheet.
struct Formats {
    header: Format,
    note: Format,
    numbers: [Format; 5],
    ratio: Format,
}

impl Formats {
    fn new() -> Formats {
        let number = |pattern: &str| Format::new().set_num_format(pattern);
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color("#EEF2F7")
                .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin),
            note: Format::new().set_italic(),
            numbers: [
                number("#,##0"),
                number("#,##0.0"),
                number("#,##0.00"),
                number("#,##0.000"),
                number("#,##0.0000"),
            ],
            ratio: number("0.0%"),
        }
    }

    fn number(&self, decimals: usize) -> &Format {
        &self.numbers[decimals.min(self.numbers.len() - 1)]
    }
}

/// Writes the table on one sheet, or on several (`Name (2)`, …) when it has more rows than a
/// sheet holds; the note, if any, in the first row of each.
fn write_table_sheets(
    workbook: &mut Workbook,
    sheet_table: &TableSheet,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let TableSheet { name, note, table } = sheet_table;
    let rows_per_sheet = ROWS_PER_SHEET - usize::from(note.is_some());
    let chunks: Vec<&[Vec<Cell>]> = if table.rows.is_empty() {
        vec![&[]]
    } else {
        table.rows.chunks(rows_per_sheet).collect()
    };
    for (part, rows) in chunks.into_iter().enumerate() {
        // Constant-memory sheets stream finished rows to a temp file, so a plan with a million
        // requirement rows does not hold every cell in memory.
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        if part == 0 {
            sheet.set_name(*name)?;
        } else {
            sheet.set_name(format!("{name} ({})", part + 1))?;
        }
        write_rows(sheet, table, note.as_deref(), rows, formats)?;
    }
    Ok(())
}

/// Writes the note row (if any), the header row and the data rows of one sheet, with frozen
/// headers and an autofilter.
fn write_rows(
    sheet: &mut Worksheet,
    table: &Table,
    note: Option<&str>,
    rows: &[Vec<Cell>],
    formats: &Formats,
) -> Result<(), XlsxError> {
    let header_row: u32 = if let Some(note) = note {
        sheet.write_string_with_format(0, 0, note, &formats.note)?;
        1
    } else {
        0
    };
    for (col, column) in table.columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(header_row, col, column.header, &formats.header)?;
        sheet.set_column_width(col, column_width(table, rows, col as usize))?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + header_row + 1;
        for (c, (cell, column)) in row.iter().zip(&table.columns).enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(text) => {
                    let text: String = text.chars().take(CELL_CHARS).collect();
                    sheet.write_string(r, c, text)?;
                }
                Cell::Number(value) => {
                    sheet.write_number_with_format(
                        r,
                        c,
                        *value,
                        formats.number(column.decimals),
                    )?;
                }
                Cell::Ratio(value) => {
                    sheet.write_number_with_format(r, c, *value, &formats.ratio)?;
                }
                Cell::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    let last_col = table.columns.len().saturating_sub(1) as u16;
    sheet.autofilter(header_row, 0, header_row + rows.len() as u32, last_col)?;
    Ok(())
}

/// A column width from the header and the first rows' text, between 8 and 40 characters.
fn column_width(table: &Table, rows: &[Vec<Cell>], col: usize) -> f64 {
    let header = table.columns[col].header.chars().count() + 3;
    let decimals = table.columns[col].decimals;
    let longest = rows
        .iter()
        .take(200)
        .filter_map(|row| row.get(col))
        .map(|cell| cell.display(decimals).chars().count() + 1)
        .max()
        .unwrap_or(0);
    header.max(longest).clamp(8, 40) as f64
}

/// The "Charts" sheet: the two chart data tables and the charts drawn from them.
fn write_charts_sheet(
    workbook: &mut Workbook,
    input: &ReportInput,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let items = chart_items(input);
    let resources = busiest_resources(input);
    let sheet = workbook.add_worksheet();
    sheet.set_name("Charts")?;
    let headers = ["Item", "Purchase", "Material", "Conversion"];
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *header, &formats.header)?;
    }
    for (r, item) in items.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, &item.code)?;
        for (c, value) in [item.purchase, item.material, item.conversion]
            .into_iter()
            .enumerate()
        {
            sheet.write_number_with_format(r, c as u16 + 1, value, formats.number(2))?;
        }
    }
    for (c, header) in ["Resource", "Load h", "Available h"].iter().enumerate() {
        sheet.write_string_with_format(0, c as u16 + 5, *header, &formats.header)?;
    }
    for (r, (code, load, available)) in resources.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 5, code)?;
        sheet.write_number_with_format(r, 6, *load, formats.number(1))?;
        sheet.write_number_with_format(r, 7, *available, formats.number(1))?;
    }
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(5, 14)?;
    if !items.is_empty() {
        sheet.insert_chart(1, 9, &unit_cost_chart(items.len() as u32))?;
    }
    if !resources.is_empty() {
        sheet.insert_chart(18, 9, &load_chart(resources.len() as u32, input))?;
    }
    write_oee_chart_data(sheet, input, formats)
}

/// First column of the OEE chart data on the "Charts" sheet (column U).
const OEE_DATA_COLUMN: u16 = 20;

/// The OEE factors of the resources shown in the HTML report, as ratios, and a clustered
/// column chart of them below the other charts.
fn write_oee_chart_data(
    sheet: &mut Worksheet,
    input: &ReportInput,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if !input.options.includes(Section::Oee) {
        return Ok(());
    }
    let shown = oee::shown_resources(&input.analysis.oee);
    if shown.is_empty() {
        return Ok(());
    }
    let headers = ["Resource", "Availability", "Performance", "Quality", "OEE"];
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, OEE_DATA_COLUMN + c as u16, *header, &formats.header)?;
    }
    for (r, resource) in shown.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, OEE_DATA_COLUMN, &resource.code)?;
        let factors = &resource.factors;
        let values = [
            factors.availability,
            factors.performance,
            factors.quality,
            factors.oee,
        ];
        for (c, value) in values.into_iter().enumerate() {
            if let Some(value) = value {
                let col = OEE_DATA_COLUMN + 1 + c as u16;
                sheet.write_number_with_format(r, col, value, &formats.ratio)?;
            }
        }
    }
    let rows = shown.len() as u32;
    let mut chart = Chart::new(ChartType::Column);
    chart
        .title()
        .set_name("OEE by resource (world class: 85 %)");
    for (offset, name) in headers.iter().enumerate().skip(1) {
        let col = OEE_DATA_COLUMN + offset as u16;
        chart
            .add_series()
            .set_name(*name)
            .set_categories(("Charts", 1, OEE_DATA_COLUMN, rows, OEE_DATA_COLUMN))
            .set_values(("Charts", 1, col, rows, col));
    }
    chart.y_axis().set_name("Share of planned time / output");
    chart.set_width(720).set_height(320);
    sheet.insert_chart(35, 9, &chart)?;
    Ok(())
}

/// The items of the unit-cost chart: the costliest by unit cost, at most
/// [`content::COST_CHART_ITEMS`].
fn chart_items<'a>(input: &ReportInput<'a>) -> Vec<&'a ItemCost> {
    if !input.options.includes(Section::Cost) {
        return Vec::new();
    }
    let mut items: Vec<&ItemCost> = input.analysis.cost.items.iter().collect();
    items.sort_by(|a, b| b.unit_cost.total_cmp(&a.unit_cost));
    items.truncate(content::COST_CHART_ITEMS);
    items
}

/// `(code, load, available)` over the periods shown for the resources with the highest
/// utilisation in those periods.
fn busiest_resources(input: &ReportInput) -> Vec<(String, f64, f64)> {
    if !input.options.includes(Section::Capacity) {
        return Vec::new();
    }
    let sum = |values: &[f64]| -> f64 { input.range.indexes().filter_map(|t| values.get(t)).sum() };
    let totals = |r: &ResourceLoad| (r.code.clone(), sum(&r.load), sum(&r.available));
    let mut rows: Vec<(String, f64, f64)> = input
        .analysis
        .capacity
        .resources
        .iter()
        .map(totals)
        .collect();
    let utilization = |row: &(String, f64, f64)| {
        if row.2 > 0.0 { row.1 / row.2 } else { 0.0 }
    };
    rows.sort_by(|a, b| utilization(b).total_cmp(&utilization(a)));
    rows.truncate(BUSIEST_RESOURCES);
    rows
}

fn unit_cost_chart(rows: u32) -> Chart {
    let mut chart = Chart::new(ChartType::ColumnStacked);
    chart.title().set_name("Unit cost by item");
    for (col, name) in [(1u16, "Purchase"), (2, "Material"), (3, "Conversion")] {
        chart
            .add_series()
            .set_name(name)
            .set_categories(("Charts", 1, 0, rows, 0))
            .set_values(("Charts", 1, col, rows, col));
    }
    chart.y_axis().set_name("Cost per unit");
    chart.set_width(720).set_height(320);
    chart
}

fn load_chart(rows: u32, input: &ReportInput) -> Chart {
    let mut chart = Chart::new(ChartType::Column);
    let title = format!(
        "Load vs capacity, {} busiest resources (periods {}–{})",
        rows, input.range.from, input.range.to
    );
    chart.title().set_name(&title);
    for (col, name) in [(6u16, "Load h"), (7, "Available h")] {
        chart
            .add_series()
            .set_name(name)
            .set_categories(("Charts", 1, 5, rows, 5))
            .set_values(("Charts", 1, col, rows, col));
    }
    chart.y_axis().set_name("Hours");
    chart.set_width(720).set_height(320);
    chart
}
