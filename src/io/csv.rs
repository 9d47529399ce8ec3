//! Plan as a folder of CSV files, one `TABLE.csv` per non-empty table (DESIGN.md §3).
//!
//! Each file's header row holds the table's field names in the JSON order; `plan.csv` is always
//! present with exactly one row. An empty cell means "none" for an optional field and the
//! default for a defaulted one (so an item whose unit is the empty text reads back as "pcs").
//! `scenarios.csv` has the columns `name,plan`, the plan being the scenario's plan JSON text.
//!
//! Reading is strict: an unknown file, an unknown or missing required column, or a value that
//! does not parse is an error naming the file, the data row (1-based, with its line in the file)
//! and the field. Numbers are written with Rust's shortest round-trip formatting and read with
//! an exact parser, so every finite number round-trips bit for bit; NaN and infinity are
//! rejected on reading (the domain validation rejects them too).

use std::collections::HashSet;
use std::fs;
use std::io::ErrorKind;
use std::num::IntErrorKind;
use std::path::{Path, PathBuf};

use serde::de::value::{Error as ValueError, MapDeserializer, StrDeserializer};
use serde::de::{DeserializeOwned, Deserializer, Error as _, IntoDeserializer, Visitor};
use serde::{Serialize, forward_to_deserialize_any};
use serde_json::Value;
use thiserror::Error;

use crate::domain::{Plan, PlanSettings, Scenario};
use crate::io::json::{parse_scenario_plan, plain_words, scenario_plan_to_json};

/// Why a CSV folder could not be read or written.
#[derive(Debug, Error)]
pub enum CsvError {
    /// The folder or one of its files could not be read, written or removed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The folder holds a file that is not one of the plan tables.
    #[error(
        "{}: unknown file \"{name}\" in a plan CSV folder; expected only {expected}",
        dir.display()
    )]
    UnknownFile {
        dir: PathBuf,
        name: String,
        expected: String,
    },
    /// The folder has no `plan.csv`, which every plan needs.
    #[error(
        "{}: plan.csv is missing; every plan CSV folder needs it (one row with name and periods)",
        dir.display()
    )]
    MissingPlanFile { dir: PathBuf },
    /// A header names a column the table does not have.
    #[error("{}: unknown column \"{column}\"; expected one of {expected}", file.display())]
    UnknownColumn {
        file: PathBuf,
        column: String,
        expected: String,
    },
    /// A header names the same column twice.
    #[error("{}: column \"{column}\" appears twice in the header", file.display())]
    DuplicateColumn { file: PathBuf, column: String },
    /// A column every row needs is absent from the header.
    #[error("{}: missing required column \"{column}\"", file.display())]
    MissingColumn { file: PathBuf, column: String },
    /// `plan.csv` must have exactly one data row.
    #[error("{}: must have exactly one data row, has {rows}", file.display())]
    PlanRowCount { file: PathBuf, rows: usize },
    /// A cell is empty where a value is required, or does not parse as the field's type.
    #[error("{} row {row} (line {line}), field {field}: {message}", file.display())]
    BadValue {
        file: PathBuf,
        row: usize,
        line: u64,
        field: String,
        message: String,
    },
    /// A row is malformed as a whole (wrong number of cells, invalid UTF-8).
    #[error("{} row {row} (line {line}): {message}", file.display())]
    BadRow {
        file: PathBuf,
        row: usize,
        line: u64,
        message: String,
    },
    /// The file is not readable as CSV at all (for example an invalid header).
    #[error("{}: {message}", file.display())]
    Malformed { file: PathBuf, message: String },
    /// A table could not be encoded as CSV.
    #[error("{}: cannot write: {message}", file.display())]
    Write { file: PathBuf, message: String },
}

/// Reads a plan from a folder of CSV files.
///
/// Tables without a file are empty; `plan.csv` is required. Files whose name starts with a dot
/// (`.DS_Store` and the like) are ignored; any other unknown file is an error, so a misnamed
/// table (`item.csv`) is never silently skipped.
pub fn read_plan_dir(dir: &Path) -> Result<Plan, CsvError> {
    let present = table_files_in(dir)?;
    if !present.contains(PLAN.name) {
        return Err(CsvError::MissingPlanFile {
            dir: dir.to_path_buf(),
        });
    }
    let folder = Folder { dir, present };
    assemble_plan(&folder)
}

/// A source of plan tables: a CSV folder or a workbook. Each gives its rows typed, with errors
/// that name its own places (file and line, or sheet and cell).
pub(crate) trait TableSource {
    /// Why a table could not be read.
    type Error;
    /// The one `plan` row.
    fn settings(&self) -> Result<PlanSettings, Self::Error>;
    /// The rows of one table, none when the source does not have it.
    fn rows<T: DeserializeOwned>(&self, spec: &TableSpec) -> Result<Vec<T>, Self::Error>;
    /// The scenarios, each a whole plan.
    fn scenarios(&self) -> Result<Vec<Scenario>, Self::Error>;
}

/// Builds a plan from every table of `source`, in the order of DESIGN.md §1: the one list of
/// which table fills which field of [`Plan`], shared by the CSV and workbook readers.
pub(crate) fn assemble_plan<S: TableSource>(source: &S) -> Result<Plan, S::Error> {
    Ok(Plan {
        settings: source.settings()?,
        items: source.rows(&ITEMS)?,
        bom: source.rows(&BOM)?,
        resources: source.rows(&RESOURCES)?,
        routing: source.rows(&ROUTING)?,
        demand: source.rows(&DEMAND)?,
        characteristics: source.rows(&CHARACTERISTICS)?,
        measurements: source.rows(&MEASUREMENTS)?,
        control_limits: source.rows(&CONTROL_LIMITS)?,
        chart_settings: source.rows(&CHART_SETTINGS)?,
        inspections: source.rows(&INSPECTIONS)?,
        defects: source.rows(&DEFECTS)?,
        queues: source.rows(&QUEUES)?,
        queue_arrivals: source.rows(&QUEUE_ARRIVALS)?,
        receipts: source.rows(&RECEIPTS)?,
        master_schedule: source.rows(&MASTER_SCHEDULE)?,
        calendar: source.rows(&CALENDAR)?,
        resource_periods: source.rows(&RESOURCE_PERIODS)?,
        history: source.rows(&HISTORY)?,
        forecast_settings: source.rows(&FORECAST_SETTINGS)?,
        production_log: source.rows(&PRODUCTION_LOG)?,
        downtime: source.rows(&DOWNTIME)?,
        scenarios: source.scenarios()?,
    })
}

/// Writes a plan into `dir` (created if missing) as one CSV file per non-empty table.
///
/// Every file is encoded in memory before the first one is written. A table file left from an
/// earlier export of a table that is now empty is removed, so reading the folder back gives
/// exactly this plan; other files in the folder are not touched.
pub fn write_plan_dir(plan: &Plan, dir: &Path) -> Result<(), CsvError> {
    let files = encode_plan(plan, dir)?;
    fs::create_dir_all(dir).map_err(|source| CsvError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for (spec, contents) in files {
        let path = spec.path_in(dir);
        let outcome = match contents {
            Some(bytes) => fs::write(&path, bytes),
            None => remove_if_present(&path),
        };
        outcome.map_err(|source| CsvError::Io { path, source })?;
    }
    Ok(())
}

/// Whether every row must give a value in a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// No default: the column must be in the header and every cell non-empty.
    Required,
    /// Has a default (or is optional): the column and its cells may be left out.
    Defaulted,
}

pub(crate) use Need::{Defaulted, Required};

/// One table's file name and columns, in the JSON field order.
#[derive(Debug)]
pub(crate) struct TableSpec {
    /// The table name of DESIGN.md §1: the file stem, the sheet name and the JSON key.
    pub(crate) name: &'static str,
    /// Every column with whether it is required.
    pub(crate) columns: &'static [(&'static str, Need)],
}

impl TableSpec {
    fn file_name(&self) -> String {
        format!("{}.csv", self.name)
    }

    fn path_in(&self, dir: &Path) -> PathBuf {
        dir.join(self.file_name())
    }

    /// The field names, in the JSON order.
    pub(crate) fn column_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.columns.iter().map(|(name, _)| *name)
    }

    /// Whether `column` is required; `None` when the table has no such column.
    pub(crate) fn need_of(&self, column: &str) -> Option<Need> {
        self.columns
            .iter()
            .find(|(name, _)| *name == column)
            .map(|(_, need)| *need)
    }
}

const PLAN: TableSpec = TableSpec {
    name: "plan",
    columns: &[
        ("name", Required),
        ("currency", Defaulted),
        ("period_unit", Defaulted),
        ("periods", Required),
        ("periods_per_year", Defaulted),
        ("start_date", Defaulted),
        ("holding_rate", Defaulted),
        ("backorder_factor", Defaulted),
    ],
};
const ITEMS: TableSpec = TableSpec {
    name: "items",
    columns: &[
        ("code", Required),
        ("name", Defaulted),
        ("kind", Required),
        ("unit", Defaulted),
        ("price", Defaulted),
        ("purchase_cost", Defaulted),
        ("lot_size", Defaulted),
        ("on_hand", Defaulted),
        ("safety_stock", Defaulted),
        ("lead_time", Defaulted),
        ("order_policy", Defaulted),
        ("order_qty", Defaulted),
        ("order_periods", Defaulted),
        ("order_min", Defaulted),
        ("order_multiple", Defaulted),
        ("order_cost", Defaulted),
        ("backorder_cost", Defaulted),
    ],
};
const BOM: TableSpec = TableSpec {
    name: "bom",
    columns: &[("parent", Required), ("child", Required), ("qty", Required)],
};
const RESOURCES: TableSpec = TableSpec {
    name: "resources",
    columns: &[
        ("code", Required),
        ("name", Defaulted),
        ("kind", Defaulted),
        ("units", Defaulted),
        ("hours_per_period", Required),
        ("efficiency", Defaulted),
        ("cost_per_hour", Defaulted),
        ("fixed_cost_per_period", Defaulted),
        ("capital_cost", Defaulted),
        ("life_years", Defaulted),
        ("overtime_hours_per_period", Defaulted),
        ("overtime_premium_per_hour", Defaulted),
    ],
};
const ROUTING: TableSpec = TableSpec {
    name: "routing",
    columns: &[
        ("item", Required),
        ("seq", Required),
        ("name", Defaulted),
        ("resource", Required),
        ("setup_min", Defaulted),
        ("run_min", Required),
        ("yield", Defaulted),
    ],
};
const DEMAND: TableSpec = TableSpec {
    name: "demand",
    columns: &[("item", Required), ("period", Required), ("qty", Required)],
};
const CHARACTERISTICS: TableSpec = TableSpec {
    name: "characteristics",
    columns: &[
        ("code", Required),
        ("item", Required),
        ("name", Defaulted),
        ("unit", Defaulted),
        ("lsl", Defaulted),
        ("target", Defaulted),
        ("usl", Defaulted),
    ],
};
const MEASUREMENTS: TableSpec = TableSpec {
    name: "measurements",
    columns: &[
        ("characteristic", Required),
        ("subgroup", Required),
        ("value", Required),
    ],
};
const CONTROL_LIMITS: TableSpec = TableSpec {
    name: "control_limits",
    columns: &[
        ("characteristic", Required),
        ("from_subgroup", Required),
        ("to_subgroup", Required),
    ],
};
const CHART_SETTINGS: TableSpec = TableSpec {
    name: "chart_settings",
    columns: &[
        ("characteristic", Required),
        ("ewma_lambda", Defaulted),
        ("ewma_l", Defaulted),
        ("cusum_k", Defaulted),
        ("cusum_h", Defaulted),
        ("center", Defaulted),
        ("sigma", Defaulted),
    ],
};
const INSPECTIONS: TableSpec = TableSpec {
    name: "inspections",
    columns: &[
        ("item", Required),
        ("lot", Required),
        ("inspected", Required),
        ("defective", Required),
    ],
};
const DEFECTS: TableSpec = TableSpec {
    name: "defects",
    columns: &[
        ("item", Required),
        ("lot", Required),
        ("type", Required),
        ("count", Required),
    ],
};
const QUEUES: TableSpec = TableSpec {
    name: "queues",
    columns: &[
        ("code", Required),
        ("name", Defaulted),
        ("resource", Required),
        ("arrival_per_hour", Required),
        ("service_min", Required),
        ("target_wait_min", Defaulted),
        ("target_service_level", Defaulted),
    ],
};
const QUEUE_ARRIVALS: TableSpec = TableSpec {
    name: "queue_arrivals",
    columns: &[
        ("queue", Required),
        ("period", Required),
        ("arrival_per_hour", Required),
    ],
};
const RECEIPTS: TableSpec = TableSpec {
    name: "receipts",
    columns: &[("item", Required), ("period", Required), ("qty", Required)],
};
const MASTER_SCHEDULE: TableSpec = TableSpec {
    name: "master_schedule",
    columns: &[("item", Required), ("period", Required), ("qty", Required)],
};
const CALENDAR: TableSpec = TableSpec {
    name: "calendar",
    columns: &[("period", Required), ("working_share", Required)],
};
const RESOURCE_PERIODS: TableSpec = TableSpec {
    name: "resource_periods",
    columns: &[
        ("resource", Required),
        ("period", Required),
        ("units", Defaulted),
        ("hours_per_period", Defaulted),
        ("overtime_hours", Defaulted),
    ],
};
const HISTORY: TableSpec = TableSpec {
    name: "history",
    columns: &[("item", Required), ("period", Required), ("qty", Required)],
};
const FORECAST_SETTINGS: TableSpec = TableSpec {
    name: "forecast_settings",
    columns: &[
        ("item", Required),
        ("method", Defaulted),
        ("window", Defaulted),
        ("alpha", Defaulted),
        ("beta", Defaulted),
        ("gamma", Defaulted),
        ("phi", Defaulted),
        ("season_length", Defaulted),
    ],
};
const PRODUCTION_LOG: TableSpec = TableSpec {
    name: "production_log",
    columns: &[
        ("resource", Required),
        ("period", Required),
        ("item", Defaulted),
        ("planned_min", Required),
        ("downtime_min", Defaulted),
        ("ideal_cycle_min", Required),
        ("total_count", Required),
        ("good_count", Defaulted),
    ],
};
const DOWNTIME: TableSpec = TableSpec {
    name: "downtime",
    columns: &[
        ("resource", Required),
        ("period", Required),
        ("reason", Required),
        ("minutes", Required),
    ],
};
const SCENARIOS: TableSpec = TableSpec {
    name: "scenarios",
    columns: &[("name", Required), ("plan", Required)],
};

/// Every table, in the order of DESIGN.md §1.
pub(crate) const TABLES: [&TableSpec; 23] = [
    &PLAN,
    &ITEMS,
    &BOM,
    &RESOURCES,
    &ROUTING,
    &DEMAND,
    &CHARACTERISTICS,
    &MEASUREMENTS,
    &CONTROL_LIMITS,
    &CHART_SETTINGS,
    &INSPECTIONS,
    &DEFECTS,
    &QUEUES,
    &QUEUE_ARRIVALS,
    &RECEIPTS,
    &MASTER_SCHEDULE,
    &CALENDAR,
    &RESOURCE_PERIODS,
    &HISTORY,
    &FORECAST_SETTINGS,
    &PRODUCTION_LOG,
    &DOWNTIME,
    &SCENARIOS,
];

/// Lists the table files in `dir` by table name; any other non-hidden entry is an error.
fn table_files_in(dir: &Path) -> Result<HashSet<&'static str>, CsvError> {
    let io_error = |source| CsvError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut present = HashSet::new();
    for entry in fs::read_dir(dir).map_err(io_error)? {
        let name = entry.map_err(io_error)?.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        match TABLES.iter().find(|spec| spec.file_name() == name) {
            Some(spec) => present.insert(spec.name),
            None => {
                return Err(CsvError::UnknownFile {
                    dir: dir.to_path_buf(),
                    name: name.into_owned(),
                    expected: list(TABLES.iter().map(|spec| spec.file_name())),
                });
            }
        };
    }
    Ok(present)
}

fn list(names: impl Iterator<Item = impl AsRef<str>>) -> String {
    names
        .map(|name| name.as_ref().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A plan CSV folder and the table files found in it.
struct Folder<'a> {
    dir: &'a Path,
    present: HashSet<&'static str>,
}

impl TableSource for Folder<'_> {
    type Error = CsvError;

    fn settings(&self) -> Result<PlanSettings, CsvError> {
        let table = CsvTable::load(&PLAN, &PLAN.path_in(self.dir))?;
        if table.rows.len() != 1 {
            return Err(CsvError::PlanRowCount {
                file: table.path,
                rows: table.rows.len(),
            });
        }
        let mut settings = table.typed_rows::<PlanSettings>()?;
        Ok(settings.remove(0))
    }

    /// The rows of a table, or none when its file is absent.
    fn rows<T: DeserializeOwned>(&self, spec: &TableSpec) -> Result<Vec<T>, CsvError> {
        if !self.present.contains(spec.name) {
            return Ok(Vec::new());
        }
        CsvTable::load(spec, &spec.path_in(self.dir))?.typed_rows()
    }

    /// Scenarios: a name and the scenario's plan as JSON text.
    fn scenarios(&self) -> Result<Vec<Scenario>, CsvError> {
        if !self.present.contains(SCENARIOS.name) {
            return Ok(Vec::new());
        }
        let table = CsvTable::load(&SCENARIOS, &SCENARIOS.path_in(self.dir))?;
        table.rows.iter().map(|row| table.scenario(row)).collect()
    }
}

/// One data row as read: its cells by header position and where it sits in the file.
struct CsvRow {
    /// 1-based data row (the header is not counted).
    row: usize,
    /// 1-based line of the file where the row starts.
    line: u64,
    cells: csv::StringRecord,
}

/// A whole table file, read into memory, with its header checked against the table's columns.
struct CsvTable {
    path: PathBuf,
    header: Vec<&'static str>,
    rows: Vec<CsvRow>,
}

impl CsvTable {
    /// Reads `path`, checks its header and that every required cell has a value.
    fn load(spec: &TableSpec, path: &Path) -> Result<CsvTable, CsvError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(path)
            .map_err(|error| read_error(path, error))?;
        let header_record = reader
            .headers()
            .map_err(|error| read_error(path, error))?
            .clone();
        let header = check_header(spec, path, &header_record)?;
        let mut rows = Vec::new();
        for record in reader.records() {
            let cells = record.map_err(|error| read_error(path, error))?;
            let line = cells.position().map_or(0, |position| position.line());
            rows.push(CsvRow {
                row: rows.len() + 1,
                line,
                cells,
            });
        }
        let table = CsvTable {
            path: path.to_path_buf(),
            header,
            rows,
        };
        table.check_required_cells(spec)?;
        Ok(table)
    }

    fn check_required_cells(&self, spec: &TableSpec) -> Result<(), CsvError> {
        for row in &self.rows {
            for (column, text) in self.header.iter().zip(row.cells.iter()) {
                if text.is_empty() && spec.need_of(column) == Some(Required) {
                    return Err(self.bad_value(row, column, "a value is required".to_string()));
                }
            }
        }
        Ok(())
    }

    /// Every row as a `T`; empty cells are left out so serde applies the field's default.
    fn typed_rows<T: DeserializeOwned>(&self) -> Result<Vec<T>, CsvError> {
        self.rows
            .iter()
            .map(|row| {
                let cells = self.header.iter().copied().zip(row.cells.iter());
                deserialize_row(cells).map_err(|(field, message)| match field {
                    Some(field) => self.bad_value(row, &field, message),
                    None => self.bad_row(row, message),
                })
            })
            .collect()
    }

    fn scenario(&self, row: &CsvRow) -> Result<Scenario, CsvError> {
        let cell = |column: &str| {
            self.header
                .iter()
                .position(|name| *name == column)
                .and_then(|index| row.cells.get(index))
                .unwrap_or_default()
        };
        let plan = parse_scenario_plan(cell("plan"))
            .map_err(|error| self.bad_value(row, "plan", format!("plan JSON {error}")))?;
        Ok(Scenario {
            name: cell("name").to_string(),
            plan: Box::new(plan),
        })
    }

    fn bad_value(&self, row: &CsvRow, field: &str, message: String) -> CsvError {
        CsvError::BadValue {
            file: self.path.clone(),
            row: row.row,
            line: row.line,
            field: field.to_string(),
            message,
        }
    }

    fn bad_row(&self, row: &CsvRow, message: String) -> CsvError {
        CsvError::BadRow {
            file: self.path.clone(),
            row: row.row,
            line: row.line,
            message,
        }
    }
}

/// Maps each header cell to its column; unknown, duplicate and missing required columns fail.
fn check_header(
    spec: &TableSpec,
    path: &Path,
    header: &csv::StringRecord,
) -> Result<Vec<&'static str>, CsvError> {
    let mut columns: Vec<&'static str> = Vec::new();
    for text in header.iter() {
        let Some(column) = spec.column_names().find(|name| *name == text) else {
            return Err(CsvError::UnknownColumn {
                file: path.to_path_buf(),
                column: text.to_string(),
                expected: list(spec.column_names()),
            });
        };
        if columns.contains(&column) {
            return Err(CsvError::DuplicateColumn {
                file: path.to_path_buf(),
                column: column.to_string(),
            });
        }
        columns.push(column);
    }
    let missing = spec
        .columns
        .iter()
        .find(|(name, need)| *need == Required && !columns.contains(name));
    match missing {
        Some((column, _)) => Err(CsvError::MissingColumn {
            file: path.to_path_buf(),
            column: column.to_string(),
        }),
        None => Ok(columns),
    }
}

/// Turns a `csv` reading error into one naming the file and, when known, the row and line.
fn read_error(path: &Path, error: csv::Error) -> CsvError {
    if let csv::ErrorKind::Io(_) = error.kind() {
        let source = match error.into_kind() {
            csv::ErrorKind::Io(source) => source,
            _ => std::io::Error::other("unreadable file"),
        };
        return CsvError::Io {
            path: path.to_path_buf(),
            source,
        };
    }
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("has {len} cells but the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => {
            "is not valid UTF-8 text; save the file as UTF-8".to_string()
        }
        _ => error.to_string(),
    };
    match error.position() {
        Some(position) if position.record() > 0 => CsvError::BadRow {
            file: path.to_path_buf(),
            row: usize::try_from(position.record()).unwrap_or(usize::MAX),
            line: position.line(),
            message,
        },
        _ => CsvError::Malformed {
            file: path.to_path_buf(),
            message: format!("header {message}"),
        },
    }
}

/// Deserialises one row from `(column, cell text)` pairs, skipping empty cells.
///
/// On failure returns the field (when known) and a message in plain words.
pub(crate) fn deserialize_row<'a, T: DeserializeOwned>(
    cells: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<T, (Option<String>, String)> {
    let filled = cells
        .filter(|(_, text)| !text.is_empty())
        .map(|(column, text)| (column, Cell(text)));
    let map = MapDeserializer::<_, ValueError>::new(filled);
    serde_path_to_error::deserialize(map).map_err(|error| {
        let path = error.path().to_string();
        let field = (!path.is_empty() && path != ".").then_some(path);
        (field, plain_words(&error.into_inner().to_string()))
    })
}

/// One CSV cell, parsed into whatever type the field asks for.
///
/// Numbers use Rust's exact parsers; non-finite numbers are rejected because the plan format
/// cannot hold them. Text and enum names are taken as written (no trimming).
struct Cell<'a>(&'a str);

impl<'de> IntoDeserializer<'de, ValueError> for Cell<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Cell<'de> {
    type Error = ValueError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        let text = self.0;
        match text.parse::<f64>() {
            Ok(number) if number.is_finite() => visitor.visit_f64(number),
            Ok(_) => Err(ValueError::custom(format!(
                "\"{text}\" is not a finite number"
            ))),
            Err(_) => Err(ValueError::custom(format!("\"{text}\" is not a number"))),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        let text = self.0;
        match text.parse::<i64>() {
            Ok(number) => visitor.visit_i64(number),
            Err(error) => Err(ValueError::custom(match error.kind() {
                IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => {
                    format!("\"{text}\" is too large a number")
                }
                _ => format!("\"{text}\" is not a whole number"),
            })),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        visitor.visit_enum(StrDeserializer::<ValueError>::new(self.0))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i128 u8 u16 u32 u64 u128 char str string bytes byte_buf unit unit_struct
        newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// One table and its encoded file, `None` when the table is empty (no file is written).
type EncodedTable = (&'static TableSpec, Option<Vec<u8>>);

/// A writer of plan tables: a CSV folder or a workbook. [`visit_tables`] hands it every table.
pub(crate) trait TableSink {
    /// Why a table could not be written.
    type Error;
    /// One table's rows (the `plan` table as its one row).
    fn table<T: Serialize>(
        &mut self,
        spec: &'static TableSpec,
        rows: &[T],
    ) -> Result<(), Self::Error>;
    /// The scenarios, each a whole plan.
    fn scenarios(&mut self, scenarios: &[Scenario]) -> Result<(), Self::Error>;
}

/// Hands every table of `plan` to `sink`, in [`TABLES`] order: the one list of which field of
/// [`Plan`] fills which table, shared by the CSV and workbook writers.
pub(crate) fn visit_tables<S: TableSink>(plan: &Plan, sink: &mut S) -> Result<(), S::Error> {
    sink.table(&PLAN, std::slice::from_ref(&plan.settings))?;
    sink.table(&ITEMS, &plan.items)?;
    sink.table(&BOM, &plan.bom)?;
    sink.table(&RESOURCES, &plan.resources)?;
    sink.table(&ROUTING, &plan.routing)?;
    sink.table(&DEMAND, &plan.demand)?;
    sink.table(&CHARACTERISTICS, &plan.characteristics)?;
    sink.table(&MEASUREMENTS, &plan.measurements)?;
    sink.table(&CONTROL_LIMITS, &plan.control_limits)?;
    sink.table(&CHART_SETTINGS, &plan.chart_settings)?;
    sink.table(&INSPECTIONS, &plan.inspections)?;
    sink.table(&DEFECTS, &plan.defects)?;
    sink.table(&QUEUES, &plan.queues)?;
    sink.table(&QUEUE_ARRIVALS, &plan.queue_arrivals)?;
    sink.table(&RECEIPTS, &plan.receipts)?;
    sink.table(&MASTER_SCHEDULE, &plan.master_schedule)?;
    sink.table(&CALENDAR, &plan.calendar)?;
    sink.table(&RESOURCE_PERIODS, &plan.resource_periods)?;
    sink.table(&HISTORY, &plan.history)?;
    sink.table(&FORECAST_SETTINGS, &plan.forecast_settings)?;
    sink.table(&PRODUCTION_LOG, &plan.production_log)?;
    sink.table(&DOWNTIME, &plan.downtime)?;
    sink.scenarios(&plan.scenarios)
}

/// Encodes tables into CSV file contents, remembering each with its table.
struct CsvEncoder<'a> {
    dir: &'a Path,
    files: Vec<EncodedTable>,
}

impl TableSink for CsvEncoder<'_> {
    type Error = CsvError;

    fn table<T: Serialize>(
        &mut self,
        spec: &'static TableSpec,
        rows: &[T],
    ) -> Result<(), CsvError> {
        let cells = cells_of(spec, rows, self.dir)?;
        self.files
            .push((spec, encode_table(spec, cells, self.dir)?));
        Ok(())
    }

    fn scenarios(&mut self, scenarios: &[Scenario]) -> Result<(), CsvError> {
        let cells = scenario_cells(scenarios);
        self.files
            .push((&SCENARIOS, encode_table(&SCENARIOS, cells, self.dir)?));
        Ok(())
    }
}

/// Encodes every table, in [`TABLES`] order.
fn encode_plan(plan: &Plan, dir: &Path) -> Result<Vec<EncodedTable>, CsvError> {
    let mut encoder = CsvEncoder {
        dir,
        files: Vec::new(),
    };
    visit_tables(plan, &mut encoder)?;
    Ok(encoder.files)
}

/// The cells of each row, in the table's column order.
fn cells_of<T: Serialize>(
    spec: &TableSpec,
    rows: &[T],
    dir: &Path,
) -> Result<Vec<Vec<String>>, CsvError> {
    rows.iter()
        .map(|row| {
            let value = serde_json::to_value(row).map_err(|error| CsvError::Write {
                file: spec.path_in(dir),
                message: error.to_string(),
            })?;
            Ok(spec
                .column_names()
                .map(|column| cell_text(value.get(column)))
                .collect())
        })
        .collect()
}

fn scenario_cells(scenarios: &[Scenario]) -> Vec<Vec<String>> {
    scenarios
        .iter()
        .map(|scenario| vec![scenario.name.clone(), scenario_plan_to_json(&scenario.plan)])
        .collect()
}

/// The text of one field: numbers in shortest round-trip form, none (`null`) as an empty cell.
fn cell_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => match number.as_f64() {
            Some(float) if number.is_f64() => format!("{float}"),
            _ => number.to_string(),
        },
        Some(Value::Bool(flag)) => flag.to_string(),
        Some(other @ (Value::Array(_) | Value::Object(_))) => other.to_string(),
        Some(Value::Null) | None => String::new(),
    }
}

/// The bytes of one table file (header and rows), or `None` for an empty table.
fn encode_table(
    spec: &TableSpec,
    rows: Vec<Vec<String>>,
    dir: &Path,
) -> Result<Option<Vec<u8>>, CsvError> {
    if rows.is_empty() {
        return Ok(None);
    }
    let write_error = |message: String| CsvError::Write {
        file: spec.path_in(dir),
        message,
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(spec.column_names())
        .map_err(|error| write_error(error.to_string()))?;
    for row in rows {
        writer
            .write_record(&row)
            .map_err(|error| write_error(error.to_string()))?;
    }
    writer
        .into_inner()
        .map(Some)
        .map_err(|error| write_error(error.to_string()))
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests;
