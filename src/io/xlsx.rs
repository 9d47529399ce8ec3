//! Plan as an Excel workbook (DESIGN.md §3, XLSX): one sheet per table, named and laid out like
//! the CSV files of [`super::csv`], whose table specs are the one description of each table's
//! columns.
//!
//! Reading (calamine): the first row of a sheet is its header of field names, every further
//! non-blank row one record; the `plan` sheet has exactly one. Absent sheets are empty tables, a
//! sheet named `README` is ignored, and scenarios stay out of workbooks (a scenario is a whole
//! plan and an Excel cell holds at most 32,767 characters). A cell holding a formula is read as
//! its cached value; an empty cell means the field's default; a number keeps its full precision
//! and, in a text column, reads as its shortest text (1001, not 1001.0); a date cell reads as
//! its ISO date. Errors name the sheet, the row as Excel numbers it and the column header.
//!
//! Writing (rust_xlsxwriter): a `README` sheet first, then every table with a frozen header row,
//! columns as wide as their contents, numbers as numbers, and drop-down lists on every choice
//! column (item kind, resource kind, order policy, period unit, forecast method) and on every
//! reference to another table (an item code column offers the codes of the `items` sheet).

use crate::domain::count_of;
use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Formula, Workbook, Worksheet,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use thiserror::Error;

use super::csv::{
    Need, TABLES, TableSink, TableSource, TableSpec, assemble_plan, deserialize_row, visit_tables,
};
use super::xlsx_readme::{field_help, table_help};
use crate::domain::{
    ForecastMethod, ItemKind, OrderPolicy, PeriodUnit, Plan, PlanSettings, ResourceKind, Scenario,
};

/// Name of the sheet of explanations, ignored on import (in any letter case).
pub const README_SHEET: &str = "README";

/// The table kept out of workbooks: a scenario is a whole plan, too long for one cell.
const SCENARIOS_TABLE: &str = "scenarios";

/// Rows below the last record that still get the drop-downs, for records a user adds.
const ENTRY_ROWS: u32 = 1000;

/// Last row index (0-based) of an Excel sheet.
const LAST_SHEET_ROW: u32 = 1_048_575;

/// Rows looked at to size a column.
const WIDTH_SAMPLE_ROWS: usize = 200;

/// Why a workbook could not be read or written.
#[derive(Debug, Error)]
pub enum XlsxError {
    /// The bytes are not an XLSX workbook calamine can open.
    #[error("not a readable Excel workbook (.xlsx): {message}")]
    Unreadable { message: String },
    /// One sheet could not be read.
    #[error("sheet \"{sheet}\" cannot be read: {message}")]
    UnreadableSheet { sheet: String, message: String },
    /// A sheet whose name is not one of the plan tables.
    #[error(
        "unknown sheet \"{sheet}\"; a plan workbook has only the sheets {expected} \
         (and {README_SHEET}, which is ignored); rename or delete it"
    )]
    UnknownSheet { sheet: String, expected: String },
    /// A `scenarios` sheet: scenarios are not kept in workbooks.
    #[error(
        "sheet \"scenarios\": scenarios are not kept in workbooks (a scenario is a whole plan \
         and an Excel cell holds at most 32,767 characters); delete the sheet and import \
         scenarios from plan JSON"
    )]
    ScenariosSheet,
    /// The workbook has no `plan` sheet, which every plan needs.
    #[error(
        "the sheet \"plan\" is missing; every plan workbook needs it (a header row and one row \
         with name and periods)"
    )]
    MissingPlanSheet,
    /// A header cell names a column the table does not have.
    #[error(
        "sheet \"{sheet}\", row {row}, column \"{column}\" (cell {cell}): unknown column; \
         expected one of {expected}"
    )]
    UnknownColumn {
        sheet: String,
        row: u32,
        column: String,
        cell: String,
        expected: String,
    },
    /// A header names the same column twice.
    #[error(
        "sheet \"{sheet}\", row {row}, column \"{column}\" (cell {cell}): the column appears \
         twice in the header row"
    )]
    DuplicateColumn {
        sheet: String,
        row: u32,
        column: String,
        cell: String,
    },
    /// A column every row needs is absent from the header row.
    #[error("sheet \"{sheet}\", row {row}: missing required column \"{column}\" in the header row")]
    MissingColumn {
        sheet: String,
        row: u32,
        column: String,
    },
    /// A value stands below an empty header cell.
    #[error(
        "sheet \"{sheet}\", row {row} (cell {cell}): a value in a column without a header; \
         give the column a field name in row {header_row} or clear it"
    )]
    UnnamedColumn {
        sheet: String,
        row: u32,
        cell: String,
        header_row: u32,
    },
    /// The `plan` sheet must have exactly one record.
    #[error("sheet \"plan\": must have exactly one data row below the header, has {rows}")]
    PlanRowCount { rows: usize },
    /// A cell is empty where a value is required, or does not parse as the field's type.
    #[error("sheet \"{sheet}\", row {row}, column \"{column}\" (cell {cell}): {message}")]
    BadValue {
        sheet: String,
        row: u32,
        column: String,
        cell: String,
        message: String,
    },
    /// A record is wrong as a whole.
    #[error("sheet \"{sheet}\", row {row}: {message}")]
    BadRow {
        sheet: String,
        row: u32,
        message: String,
    },
    /// The workbook could not be built.
    #[error("cannot write the workbook: {message}")]
    Write { message: String },
}

/// Reads a plan from the bytes of an `.xlsx` workbook.
pub fn read_workbook(bytes: &[u8]) -> Result<Plan, XlsxError> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|error| XlsxError::Unreadable {
        message: error.to_string(),
    })?;
    let mut tables = Vec::new();
    for name in book.sheet_names() {
        if name.eq_ignore_ascii_case(README_SHEET) {
            continue;
        }
        if name == SCENARIOS_TABLE {
            return Err(XlsxError::ScenariosSheet);
        }
        let Some(spec) = workbook_tables().find(|spec| spec.name == name) else {
            return Err(XlsxError::UnknownSheet {
                sheet: name,
                expected: workbook_tables()
                    .map(|spec| spec.name)
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        };
        tables.push((name, spec));
    }
    if !tables.iter().any(|(_, spec)| spec.name == "plan") {
        return Err(XlsxError::MissingPlanSheet);
    }
    let mut sheets = HashMap::new();
    for (name, spec) in tables {
        let range = book
            .worksheet_range(&name)
            .map_err(|error| XlsxError::UnreadableSheet {
                sheet: name.clone(),
                message: error.to_string(),
            })?;
        sheets.insert(spec.name, Sheet::load(spec, &range)?);
    }
    assemble_plan(&Book { sheets })
}

/// Writes `plan` as a workbook (without its scenarios; the README sheet says so) and returns
/// the `.xlsx` bytes.
pub fn plan_workbook(plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let references = ReferenceRows::of(Some(plan));
    let mut writer = WorkbookWriter::new(references);
    write_readme(&mut writer.workbook, &writer.formats, plan.scenarios.len())?;
    visit_tables(plan, &mut writer)?;
    save(writer.workbook)
}

/// Writes the empty workbook a new user fills in: every table's header row with its
/// drop-downs, and the README sheet explaining each table and field.
pub fn template_workbook() -> Result<Vec<u8>, XlsxError> {
    let mut writer = WorkbookWriter::new(ReferenceRows::of(None));
    write_readme(&mut writer.workbook, &writer.formats, 0)?;
    for spec in workbook_tables() {
        writer.table::<()>(spec, &[])?;
    }
    save(writer.workbook)
}

/// The tables a workbook holds: every table but scenarios.
fn workbook_tables() -> impl Iterator<Item = &'static TableSpec> {
    TABLES
        .iter()
        .copied()
        .filter(|spec| spec.name != SCENARIOS_TABLE)
}

/// The allowed values of a choice column, `None` for any other column.
fn choices(table: &str, column: &str) -> Option<Vec<&'static str>> {
    let names = match (table, column) {
        ("plan", "period_unit") => [PeriodUnit::Day, PeriodUnit::Week, PeriodUnit::Month]
            .map(PeriodUnit::as_str)
            .to_vec(),
        ("items", "kind") => ItemKind::ALL.map(ItemKind::as_str).to_vec(),
        ("items", "order_policy") => OrderPolicy::ALL.map(OrderPolicy::as_str).to_vec(),
        ("resources", "kind") => ResourceKind::ALL.map(ResourceKind::as_str).to_vec(),
        ("forecast_settings", "method") => ForecastMethod::ALL.map(ForecastMethod::as_str).to_vec(),
        _ => return None,
    };
    Some(names)
}

/// The table whose codes a column refers to, by the field naming rule of DESIGN.md §1:
/// `item`, `parent` and `child` name items, `resource` a resource, `characteristic` and `queue`
/// theirs. The code columns of those tables themselves refer to nothing.
fn referenced_table(column: &str) -> Option<&'static str> {
    match column {
        "item" | "parent" | "child" => Some("items"),
        "resource" => Some("resources"),
        "characteristic" => Some("characteristics"),
        "queue" => Some("queues"),
        _ => None,
    }
}

/// Excel's letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA.
fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A cell's reference as Excel writes it, from 0-based column and 1-based row: `C7`.
fn cell_name(column: usize, row: u32) -> String {
    format!("{}{row}", column_letters(column))
}

// ---------------------------------------------------------------------------------------------
// Reading

/// The table sheets of a workbook, by table name.
struct Book {
    sheets: HashMap<&'static str, Sheet>,
}

impl TableSource for Book {
    type Error = XlsxError;

    fn settings(&self) -> Result<PlanSettings, XlsxError> {
        let sheet = self.sheets.get("plan").ok_or(XlsxError::MissingPlanSheet)?;
        if sheet.rows.len() != 1 {
            return Err(XlsxError::PlanRowCount {
                rows: sheet.rows.len(),
            });
        }
        let mut rows = sheet.typed_rows::<PlanSettings>()?;
        rows.pop().ok_or(XlsxError::PlanRowCount { rows: 0 })
    }

    fn rows<T: DeserializeOwned>(&self, spec: &TableSpec) -> Result<Vec<T>, XlsxError> {
        match self.sheets.get(spec.name) {
            Some(sheet) => sheet.typed_rows(),
            None => Ok(Vec::new()),
        }
    }

    fn scenarios(&self) -> Result<Vec<Scenario>, XlsxError> {
        Ok(Vec::new())
    }
}

/// One column of a sheet: its field and where it sits.
struct SheetColumn {
    field: &'static str,
    /// 0-based column index in the sheet (A = 0).
    index: usize,
}

/// One non-blank record: its Excel row number and the text of each column's cell.
struct SheetRow {
    row: u32,
    /// By the position of the column in [`Sheet::columns`]; `None` for an empty cell.
    cells: Vec<Option<String>>,
}

/// One table sheet, read into text cells with its header checked against the table's columns.
struct Sheet {
    name: &'static str,
    spec: &'static TableSpec,
    columns: Vec<SheetColumn>,
    rows: Vec<SheetRow>,
}

impl Sheet {
    /// Reads the used range of a sheet: the header row, then every non-blank row. A sheet
    /// without any cell is an empty table, like an absent one.
    fn load(spec: &'static TableSpec, range: &calamine::Range<Data>) -> Result<Sheet, XlsxError> {
        let mut sheet = Sheet {
            name: spec.name,
            spec,
            columns: Vec::new(),
            rows: Vec::new(),
        };
        let Some((top, left)) = range.start() else {
            return Ok(sheet);
        };
        let left = left as usize;
        let header_row = top + 1;
        let mut rows = range.rows();
        if let Some(header) = rows.next() {
            sheet.read_header(header, left, header_row)?;
        }
        sheet.check_required_columns(header_row)?;
        for (offset, cells) in rows.enumerate() {
            let row = header_row + 1 + offset as u32;
            sheet.read_row(cells, left, row, header_row)?;
        }
        Ok(sheet)
    }

    fn read_header(&mut self, cells: &[Data], left: usize, row: u32) -> Result<(), XlsxError> {
        for (offset, cell) in cells.iter().enumerate() {
            let index = left + offset;
            let text = match cell_text(cell) {
                Ok(Some(text)) => text,
                Ok(None) => continue,
                Err(message) => message,
            };
            let Some(field) = self.spec.column_names().find(|name| *name == text) else {
                return Err(XlsxError::UnknownColumn {
                    sheet: self.name.to_string(),
                    row,
                    column: text,
                    cell: cell_name(index, row),
                    expected: self.spec.column_names().collect::<Vec<_>>().join(", "),
                });
            };
            if self.columns.iter().any(|column| column.field == field) {
                return Err(XlsxError::DuplicateColumn {
                    sheet: self.name.to_string(),
                    row,
                    column: field.to_string(),
                    cell: cell_name(index, row),
                });
            }
            self.columns.push(SheetColumn { field, index });
        }
        Ok(())
    }

    fn check_required_columns(&self, row: u32) -> Result<(), XlsxError> {
        let missing = self.spec.columns.iter().find(|(name, need)| {
            *need == Need::Required && !self.columns.iter().any(|column| column.field == *name)
        });
        match missing {
            Some((column, _)) => Err(XlsxError::MissingColumn {
                sheet: self.name.to_string(),
                row,
                column: column.to_string(),
            }),
            None => Ok(()),
        }
    }

    /// Reads one row's cells; a row with no value at all is skipped.
    fn read_row(
        &mut self,
        cells: &[Data],
        left: usize,
        row: u32,
        header_row: u32,
    ) -> Result<(), XlsxError> {
        let mut texts: Vec<Option<String>> = vec![None; self.columns.len()];
        for (offset, cell) in cells.iter().enumerate() {
            let index = left + offset;
            let position = self.columns.iter().position(|c| c.index == index);
            let text = match (cell_text(cell), position) {
                (Ok(None), _) => continue,
                (Ok(Some(text)), Some(position)) => (position, text),
                (Err(message), Some(position)) => {
                    return Err(self.bad_value(row, position, message));
                }
                (_, None) => {
                    return Err(XlsxError::UnnamedColumn {
                        sheet: self.name.to_string(),
                        row,
                        cell: cell_name(index, row),
                        header_row,
                    });
                }
            };
            texts[text.0] = Some(text.1);
        }
        if texts.iter().any(Option::is_some) {
            self.rows.push(SheetRow { row, cells: texts });
        }
        Ok(())
    }

    /// Every record as a `T`; empty cells are left out so serde applies the field's default.
    fn typed_rows<T: DeserializeOwned>(&self) -> Result<Vec<T>, XlsxError> {
        self.rows
            .iter()
            .map(|record| {
                for (position, (column, text)) in self.columns.iter().zip(&record.cells).enumerate()
                {
                    if text.is_none() && self.spec.need_of(column.field) == Some(Need::Required) {
                        return Err(self.bad_value(
                            record.row,
                            position,
                            "a value is required".to_string(),
                        ));
                    }
                }
                let cells = self
                    .columns
                    .iter()
                    .zip(&record.cells)
                    .filter_map(|(column, text)| Some((column.field, text.as_deref()?)));
                deserialize_row(cells).map_err(|(field, message)| {
                    let position = field.and_then(|field| {
                        self.columns.iter().position(|column| column.field == field)
                    });
                    match position {
                        Some(position) => self.bad_value(record.row, position, message),
                        None => XlsxError::BadRow {
                            sheet: self.name.to_string(),
                            row: record.row,
                            message,
                        },
                    }
                })
            })
            .collect()
    }

    fn bad_value(&self, row: u32, position: usize, message: String) -> XlsxError {
        let column = &self.columns[position];
        XlsxError::BadValue {
            sheet: self.name.to_string(),
            row,
            column: column.field.to_string(),
            cell: cell_name(column.index, row),
            message,
        }
    }
}

/// The text a cell gives a field, `None` when empty; `Err` with a message for an error cell.
///
/// A number gives its shortest round-trip text, so it parses back to the same `f64` in a
/// number column and reads as `1001` in a text column; a date gives its ISO date.
fn cell_text(cell: &Data) -> Result<Option<String>, String> {
    Ok(match cell {
        Data::Empty => None,
        Data::String(text) if text.is_empty() => None,
        Data::String(text) => Some(text.clone()),
        Data::Float(number) => Some(format!("{number}")),
        Data::Int(number) => Some(number.to_string()),
        Data::Bool(true) => Some("TRUE".to_string()),
        Data::Bool(false) => Some("FALSE".to_string()),
        Data::DateTime(date) if date.is_datetime() => {
            let (year, month, day, ..) = date.to_ymd_hms_milli();
            Some(format!("{year:04}-{month:02}-{day:02}"))
        }
        Data::DateTime(duration) => Some(format!("{}", duration.as_f64())),
        Data::DateTimeIso(text) => Some(
            text.split_once('T')
                .map_or(text.as_str(), |(date, _)| date)
                .to_string(),
        ),
        Data::DurationIso(text) => Some(text.clone()),
        Data::Error(error) => {
            return Err(format!(
                "the cell holds the error {error}; put a value in it or leave it empty"
            ));
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Writing

/// How many rows each referenced table has, to size the drop-down lists that offer its codes.
struct ReferenceRows {
    rows: HashMap<&'static str, usize>,
}

impl ReferenceRows {
    fn of(plan: Option<&Plan>) -> ReferenceRows {
        let count = |rows: fn(&Plan) -> usize| plan.map_or(0, rows);
        ReferenceRows {
            rows: HashMap::from([
                ("items", count(|plan| plan.items.len())),
                ("resources", count(|plan| plan.resources.len())),
                ("characteristics", count(|plan| plan.characteristics.len())),
                ("queues", count(|plan| plan.queues.len())),
            ]),
        }
    }

    /// The list formula offering the `code` column of `table`: its rows and the entry rows.
    fn list_formula(&self, table: &str) -> Option<Formula> {
        let spec = workbook_tables().find(|spec| spec.name == table)?;
        let column = column_letters(spec.column_names().position(|name| name == "code")?);
        let rows = self.rows.get(table).copied().unwrap_or(0);
        let last = entry_rows_end(rows) + 1;
        Some(Formula::new(format!(
            "={table}!${column}$2:${column}${last}"
        )))
    }
}

/// The last 0-based row that gets drop-downs in a sheet with `rows` records.
fn entry_rows_end(rows: usize) -> u32 {
    u32::try_from(rows)
        .unwrap_or(LAST_SHEET_ROW)
        .saturating_add(ENTRY_ROWS)
        .min(LAST_SHEET_ROW)
}

/// The cell formats of a plan workbook.
struct Formats {
    header: Format,
    title: Format,
}

/// Writes tables into a workbook, one sheet each.
struct WorkbookWriter {
    workbook: Workbook,
    formats: Formats,
    references: ReferenceRows,
}

impl WorkbookWriter {
    fn new(references: ReferenceRows) -> WorkbookWriter {
        WorkbookWriter {
            workbook: Workbook::new(),
            formats: Formats {
                header: Format::new().set_bold(),
                title: Format::new().set_bold().set_font_size(14),
            },
            references,
        }
    }
}

impl TableSink for WorkbookWriter {
    type Error = XlsxError;

    fn table<T: Serialize>(
        &mut self,
        spec: &'static TableSpec,
        rows: &[T],
    ) -> Result<(), XlsxError> {
        let values = |rows: &[T]| {
            rows.iter()
                .map(|row| serde_json::to_value(row).map_err(write_error))
                .collect::<Result<Vec<Value>, XlsxError>>()
        };
        let sample = values(&rows[..rows.len().min(WIDTH_SAMPLE_ROWS)])?;
        // Constant-memory sheets stream finished rows to a temp file, so a table of a million
        // rows does not hold every cell in memory; widths must be set before the first row.
        let sheet = self
            .workbook
            .add_worksheet_with_constant_memory()
            .map_err(write_error)?;
        sheet.set_name(spec.name).map_err(write_error)?;
        for (col, column) in spec.column_names().enumerate() {
            let width = column_width(spec.name, column, &sample);
            sheet
                .set_column_width(col as u16, width)
                .map_err(write_error)?;
            sheet
                .write_string_with_format(0, col as u16, column, &self.formats.header)
                .map_err(write_error)?;
        }
        for (index, row) in rows.iter().enumerate() {
            let value = serde_json::to_value(row).map_err(write_error)?;
            let excel_row = u32::try_from(index + 1).map_err(|_| XlsxError::Write {
                message: format!("{} has more rows than a sheet holds", spec.name),
            })?;
            write_record(sheet, spec, excel_row, &value)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(write_error)?;
        add_drop_downs(sheet, spec, entry_rows_end(rows.len()), &self.references)
    }

    fn scenarios(&mut self, _scenarios: &[Scenario]) -> Result<(), XlsxError> {
        Ok(())
    }
}

/// Writes one record's cells: numbers as numbers, text as text, none as an empty cell.
fn write_record(
    sheet: &mut Worksheet,
    spec: &TableSpec,
    row: u32,
    value: &Value,
) -> Result<(), XlsxError> {
    for (col, column) in spec.column_names().enumerate() {
        let col = col as u16;
        match value.get(column) {
            Some(Value::Number(number)) => match number.as_f64() {
                Some(number) => sheet.write_number(row, col, number).map(|_| ()),
                None => sheet.write_string(row, col, number.to_string()).map(|_| ()),
            },
            Some(Value::String(text)) => sheet.write_string(row, col, text).map(|_| ()),
            Some(Value::Bool(flag)) => sheet.write_boolean(row, col, *flag).map(|_| ()),
            Some(other @ (Value::Array(_) | Value::Object(_))) => {
                sheet.write_string(row, col, other.to_string()).map(|_| ())
            }
            Some(Value::Null) | None => Ok(()),
        }
        .map_err(write_error)?;
    }
    Ok(())
}

/// Drop-down lists on the choice and reference columns, down to `last_row`.
fn add_drop_downs(
    sheet: &mut Worksheet,
    spec: &TableSpec,
    last_row: u32,
    references: &ReferenceRows,
) -> Result<(), XlsxError> {
    for (col, column) in spec.column_names().enumerate() {
        let validation = if let Some(options) = choices(spec.name, column) {
            DataValidation::new()
                .allow_list_strings(&options)
                .map_err(write_error)?
                .set_error_title("Not one of the choices")
                .map_err(write_error)?
                .set_error_message(format!("{column} is one of: {}.", options.join(", ")))
                .map_err(write_error)?
        } else if let Some(formula) = referenced_table(column)
            .filter(|table| *table != spec.name)
            .and_then(|table| references.list_formula(table))
        {
            let table = referenced_table(column).unwrap_or_default();
            // A warning, not a stop: a code may be typed before its row is added to the sheet.
            DataValidation::new()
                .allow_list_formula(formula)
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("Unknown code")
                .map_err(write_error)?
                .set_error_message(format!(
                    "{column} should be a code of the {table} sheet; add it there."
                ))
                .map_err(write_error)?
        } else {
            continue;
        };
        let col = col as u16;
        sheet
            .add_data_validation(1, col, last_row, col, &validation)
            .map_err(write_error)?;
    }
    Ok(())
}

/// A column's width in characters: its header, its choices and its longest sampled value.
fn column_width(table: &str, column: &str, sample: &[Value]) -> f64 {
    let header = column.chars().count() + 2;
    let choice = choices(table, column)
        .map(|options| options.iter().map(|o| o.len() + 3).max().unwrap_or(0))
        .unwrap_or(0);
    let longest = sample
        .iter()
        .filter_map(|row| match row.get(column) {
            Some(Value::String(text)) => Some(text.chars().count() + 1),
            Some(Value::Number(number)) => Some(number.to_string().len() + 1),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    header.max(choice).max(longest).clamp(8, 60) as f64
}

/// The README sheet: how the workbook works, then one row per table and per field.
fn write_readme(
    workbook: &mut Workbook,
    formats: &Formats,
    scenarios: usize,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(README_SHEET).map_err(write_error)?;
    let mut lines = vec![
        "One sheet per table. Row 1 holds the field names; every row below it is one record."
            .to_string(),
        "Leave a cell empty for the field's default; fields marked required need a value."
            .to_string(),
        "The plan sheet has exactly one record; a sheet you do not need can stay empty or be \
         deleted. This README sheet is ignored on import."
            .to_string(),
        "Drop-downs offer the allowed values of each choice column and the codes of the sheet a \
         column refers to (items, resources, characteristics, queues)."
            .to_string(),
        "Scenarios are not kept in workbooks: a scenario is a whole plan and an Excel cell holds \
         at most 32,767 characters. Export the plan as JSON to keep them."
            .to_string(),
        "Import: opsplan import plan.xlsx -o plan.opsplan, or File > Import in the app."
            .to_string(),
    ];
    if scenarios > 0 {
        lines.push(format!(
            "This plan has {}; they are not in this workbook.",
            count_of(scenarios, "scenario", "scenarios")
        ));
    }
    sheet
        .write_string_with_format(0, 0, "Opsplan plan workbook", &formats.title)
        .map_err(write_error)?;
    let mut row = 1;
    for line in &lines {
        sheet.write_string(row, 0, line).map_err(write_error)?;
        row += 1;
    }
    row += 1;
    for (col, header) in ["sheet", "field", "required", "what it holds"]
        .into_iter()
        .enumerate()
    {
        sheet
            .write_string_with_format(row, col as u16, header, &formats.header)
            .map_err(write_error)?;
    }
    for spec in workbook_tables() {
        row += 1;
        let about = table_help(spec.name).map_or("", |help| help.about);
        sheet
            .write_string_with_format(row, 0, spec.name, &formats.header)
            .map_err(write_error)?;
        sheet.write_string(row, 3, about).map_err(write_error)?;
        for (field, need) in spec.columns {
            row += 1;
            sheet.write_string(row, 0, spec.name).map_err(write_error)?;
            sheet.write_string(row, 1, *field).map_err(write_error)?;
            if *need == Need::Required {
                sheet
                    .write_string(row, 2, "required")
                    .map_err(write_error)?;
            }
            let help = field_help(spec.name, field).unwrap_or("");
            sheet.write_string(row, 3, help).map_err(write_error)?;
        }
    }
    for (col, width) in [(0, 18.0), (1, 26.0), (2, 10.0), (3, 90.0)] {
        sheet.set_column_width(col, width).map_err(write_error)?;
    }
    Ok(())
}

fn save(mut workbook: Workbook) -> Result<Vec<u8>, XlsxError> {
    workbook.save_to_buffer().map_err(write_error)
}

fn write_error(error: impl std::fmt::Display) -> XlsxError {
    XlsxError::Write {
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        // 26 → AA, 27 → AB; 701 = 26 + 26·26 − 1 → ZZ; 702 → AAA.
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(cell_name(2, 7), "C7");
    }

    #[test]
    fn cells_read_as_the_text_a_field_parses() {
        let text = |cell: Data| cell_text(&cell);
        assert_eq!(text(Data::Empty), Ok(None));
        assert_eq!(text(Data::String(String::new())), Ok(None));
        // A number in a text column is its shortest text: 1001, not 1001.0.
        assert_eq!(text(Data::Float(1001.0)), Ok(Some("1001".to_string())));
        // 0.1 + 0.2 keeps every bit: its shortest round-trip text has 17 digits.
        assert_eq!(
            text(Data::Float(0.1 + 0.2)),
            Ok(Some("0.30000000000000004".to_string()))
        );
        assert_eq!(text(Data::Int(-3)), Ok(Some("-3".to_string())));
        // Excel serial 46027 (1900 system) is 2026-01-05: 45658 is 2025-01-01, plus 369 days.
        let date =
            calamine::ExcelDateTime::new(46027.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(
            text(Data::DateTime(date)),
            Ok(Some("2026-01-05".to_string()))
        );
        assert_eq!(
            text(Data::DateTimeIso("2026-01-05T00:00:00".to_string())),
            Ok(Some("2026-01-05".to_string()))
        );
        assert_eq!(
            text(Data::Error(calamine::CellErrorType::Div0)),
            Err(
                "the cell holds the error #DIV/0!; put a value in it or leave it empty".to_string()
            )
        );
    }

    /// Every enumeration column has its choices and every reference column its target: a
    /// column whose field rejects an arbitrary word as "unknown variant" must be a choice
    /// column, and each offered choice must be accepted.
    #[test]
    fn every_enumeration_column_offers_exactly_its_values() {
        for spec in workbook_tables() {
            for column in spec.column_names() {
                let rejects_words = match spec.name {
                    "plan" => probe::<PlanSettings>(spec, column, "not-a-choice"),
                    "items" => probe::<crate::domain::Item>(spec, column, "not-a-choice"),
                    "resources" => probe::<crate::domain::Resource>(spec, column, "not-a-choice"),
                    "forecast_settings" => {
                        probe::<crate::domain::ForecastSetting>(spec, column, "not-a-choice")
                    }
                    _ => false,
                };
                assert_eq!(
                    rejects_words,
                    choices(spec.name, column).is_some(),
                    "{}.{column}",
                    spec.name
                );
            }
        }
        for (table, column, count) in [
            ("plan", "period_unit", 3),
            ("items", "kind", 4),
            ("items", "order_policy", 5),
            ("resources", "kind", 5),
            ("forecast_settings", "method", 6),
        ] {
            let options = choices(table, column).unwrap_or_default();
            assert_eq!(options.len(), count, "{table}.{column}");
        }
    }

    /// Whether `column` of a row with only the required cells (code-like text) rejects `word`
    /// as an unknown enum variant.
    fn probe<T: DeserializeOwned>(spec: &TableSpec, column: &str, word: &str) -> bool {
        let mut cells: Vec<(&str, &str)> = spec
            .columns
            .iter()
            .filter(|(name, need)| *need == Need::Required && *name != column)
            .map(|(name, _)| (*name, if *name == "kind" { "finished" } else { "1" }))
            .collect();
        cells.push((column, word));
        match deserialize_row::<T>(cells.into_iter()) {
            Err((Some(field), message)) => field == column && message.contains("unknown variant"),
            _ => false,
        }
    }

    /// Records which tables [`visit_tables`] hands over.
    struct TableNames(Vec<&'static str>);

    impl TableSink for TableNames {
        type Error = ();

        fn table<T: Serialize>(&mut self, spec: &'static TableSpec, _: &[T]) -> Result<(), ()> {
            self.0.push(spec.name);
            Ok(())
        }

        fn scenarios(&mut self, _: &[Scenario]) -> Result<(), ()> {
            self.0.push(SCENARIOS_TABLE);
            Ok(())
        }
    }

    #[test]
    fn every_table_is_written_once_in_table_order() {
        let mut names = TableNames(Vec::new());
        assert_eq!(visit_tables(&Plan::default(), &mut names), Ok(()));
        let expected: Vec<&str> = TABLES.iter().map(|spec| spec.name).collect();
        assert_eq!(names.0, expected);
        assert_eq!(expected, crate::domain::TABLE_NAMES);
    }

    #[test]
    fn every_column_has_a_readme_sentence() {
        for spec in workbook_tables() {
            let help = table_help(spec.name);
            assert!(help.is_some(), "{} has no README sentence", spec.name);
            for column in spec.column_names() {
                assert!(
                    field_help(spec.name, column).is_some_and(|text| text.ends_with('.')),
                    "{}.{column} has no README sentence",
                    spec.name
                );
            }
            let fields = help.map_or(0, |help| help.fields.len());
            assert_eq!(fields, spec.columns.len(), "{}: extra sentences", spec.name);
        }
        assert_eq!(
            super::super::xlsx_readme::HELP.len(),
            workbook_tables().count()
        );
    }
}
