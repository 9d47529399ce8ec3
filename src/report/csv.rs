//! The CSV report: one file per table with full-precision numbers (ratios as ratios, not
//! percentages). Text that a spreadsheet would run as a formula gets a leading `'`.

use super::content::{self, Cell, ReportInput, Table};
use super::{ReportError, Section, escape};

/// Builds the CSV files of the report as `(file name, bytes)`, in a fixed order.
pub fn render(
    input: &ReportInput,
    progress: &mut dyn FnMut(f32),
) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let analysis = input.analysis;
    let mut tables = vec![content::totals_table(analysis)];
    if input.options.includes(Section::Cost) {
        tables.push(content::cost_items_table(
            input.plan,
            analysis.cost.items.iter(),
        ));
    }
    if input.options.includes(Section::Capacity) {
        tables.push(content::capacity_long_table(
            input.range,
            analysis.capacity.resources.iter(),
        ));
        tables.push(content::requirements_table(input));
    }
    if input.options.includes(Section::Quality) {
        tables.push(content::control_points_table(analysis));
        tables.push(content::p_charts_table(analysis));
        tables.push(content::c_charts_table(analysis));
        tables.push(content::pareto_table(analysis));
    }
    if input.options.includes(Section::Queues) {
        tables.push(content::queues_table(input));
    }
    if input.options.includes(Section::Mrp) {
        tables.push(content::mrp_table(input, None));
        tables.push(content::mrp_exceptions_table(input));
    }
    if input.options.includes(Section::Level) {
        // Header-only without a master schedule, so the folder always holds the same files.
        tables.push(content::level_schedule_table(input));
        tables.push(content::level_overtime_table(input));
    }
    if input.options.includes(Section::Oee) {
        tables.push(super::oee::periods_table(analysis.oee.resources.iter()));
    }
    let count = tables.len() as f32;
    let mut files = Vec::with_capacity(tables.len());
    for (done, table) in tables.iter().enumerate() {
        let name = format!("{}.csv", table.id);
        let bytes = table_csv(table).map_err(|message| ReportError::Csv {
            file: name.clone(),
            message,
        })?;
        files.push((name, bytes));
        progress((done + 1) as f32 / count * 0.95);
    }
    Ok(files)
}

/// One table as CSV bytes: a header of column keys, then the rows.
pub fn table_csv(table: &Table) -> Result<Vec<u8>, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(table.columns.iter().map(|c| c.key))
        .map_err(|e| e.to_string())?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(cell_text))
            .map_err(|e| e.to_string())?;
    }
    writer.into_inner().map_err(|e| e.to_string())
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => escape::csv_cell(text),
        Cell::Number(value) | Cell::Ratio(value) => value.to_string(),
        Cell::Empty => String::new(),
    }
}
