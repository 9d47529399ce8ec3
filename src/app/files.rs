//! Reading and writing plans in every supported form, shared by the GUI and the CLI.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::domain::{LimitError, Plan, check_limits};
use crate::io::csv::CsvError;
use crate::io::json::JsonError;
use crate::io::xlsx::XlsxError;
use crate::store::StoreError;

/// Why a plan could not be read or written.
#[derive(Debug, Error)]
pub enum FileError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Json { path: PathBuf, source: JsonError },
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// A workbook could not be read or written; the source names sheet, row and column.
    #[error("{}: {source}", path.display())]
    Xlsx {
        path: PathBuf,
        source: Box<XlsxError>,
    },
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    /// The imported plan is larger than a plan may be (rows per table, characters per field).
    #[error("{}: cannot import: {limit}", path.display())]
    TooLarge { path: PathBuf, limit: LimitError },
}

/// How a plan path is read: a plan file, a plan JSON, a folder of CSV files or a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanSource {
    PlanFile,
    Json,
    CsvFolder,
    Workbook,
}

impl PlanSource {
    /// Guesses the source from the path: a folder is CSV, `.json` is JSON, `.xlsx` a workbook,
    /// anything else a plan file.
    pub fn of(path: &Path) -> PlanSource {
        let has_extension = |wanted: &str| {
            path.extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case(wanted))
        };
        if path.is_dir() {
            PlanSource::CsvFolder
        } else if has_extension("json") {
            PlanSource::Json
        } else if has_extension("xlsx") {
            PlanSource::Workbook
        } else {
            PlanSource::PlanFile
        }
    }
}

/// Reads a plan from a `.opsplan` file, a `.json` plan or a CSV folder.
///
/// Imported plans are held to the size limits of [`crate::domain::limits`], like plan files.
pub fn read_plan(path: &Path) -> Result<Plan, FileError> {
    let plan = match PlanSource::of(path) {
        PlanSource::PlanFile => return Ok(crate::store::load(path)?),
        PlanSource::Json => read_json_plan(path)?,
        PlanSource::CsvFolder => crate::io::csv::read_plan_dir(path)?,
        PlanSource::Workbook => read_workbook_plan(path)?,
    };
    check_limits(&plan).map_err(|limit| FileError::TooLarge {
        path: path.to_path_buf(),
        limit,
    })?;
    Ok(plan)
}

fn read_json_plan(path: &Path) -> Result<Plan, FileError> {
    let text = std::fs::read_to_string(path).map_err(|e| FileError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    crate::io::json::parse_plan(&text).map_err(|source| FileError::Json {
        path: path.to_path_buf(),
        source,
    })
}

fn read_workbook_plan(path: &Path) -> Result<Plan, FileError> {
    let bytes = std::fs::read(path).map_err(|e| FileError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    crate::io::xlsx::read_workbook(&bytes).map_err(|source| FileError::Xlsx {
        path: path.to_path_buf(),
        source: Box::new(source),
    })
}

/// Writes the plan as a workbook (DESIGN.md §3) to `path` atomically.
pub fn write_workbook(plan: &Plan, path: &Path) -> Result<(), FileError> {
    let bytes = crate::io::xlsx::plan_workbook(plan).map_err(|source| FileError::Xlsx {
        path: path.to_path_buf(),
        source: Box::new(source),
    })?;
    write_atomically(path, &bytes)
}

/// Writes the empty workbook with headers, drop-downs and the README sheet to `path`.
pub fn write_workbook_template(path: &Path) -> Result<(), FileError> {
    let bytes = crate::io::xlsx::template_workbook().map_err(|source| FileError::Xlsx {
        path: path.to_path_buf(),
        source: Box::new(source),
    })?;
    write_atomically(path, &bytes)
}

/// Writes the whole plan to `target` in the format its name asks for: a plan file (atomic
/// save), plan JSON, a CSV folder or a workbook. `--apply` of forecast and level both end here.
pub fn write_plan_to(plan: &Plan, target: &Path) -> Result<(), FileError> {
    match PlanSource::of(target) {
        PlanSource::PlanFile => save_plan(plan, target),
        PlanSource::Json => {
            write_atomically(target, crate::io::json::plan_to_json(plan).as_bytes())
        }
        PlanSource::CsvFolder => write_csv_folder(plan, target),
        PlanSource::Workbook => write_workbook(plan, target),
    }
}

/// Saves a plan file atomically.
pub fn save_plan(plan: &Plan, path: &Path) -> Result<(), FileError> {
    Ok(crate::store::save(plan, path)?)
}

/// Writes `bytes` to `path` through a temp file in the same folder and a rename, so the target
/// holds either its old content or the new one, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let io_error = |e: std::io::Error| FileError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let temp = temp_sibling(path);
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        std::io::Write::write_all(&mut file, bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(io_error)
}

/// Writes the plan as CSV files into `dir`, replacing earlier exports of the same tables and
/// removing those of tables now empty.
pub fn write_csv_folder(plan: &Plan, dir: &Path) -> Result<(), FileError> {
    let names: Vec<String> = crate::domain::TABLE_NAMES
        .iter()
        .map(|table| format!("{table}.csv"))
        .collect();
    replace_files_in_folder(dir, &names, |staging| {
        Ok(crate::io::csv::write_plan_dir(plan, staging)?)
    })
}

/// Replaces the files called `names` in `dir` by what `fill` writes into a temp folder beside
/// it: nothing in `dir` changes until every file is written; then each named file is moved in,
/// or removed from `dir` when `fill` did not write it (a table or section now empty). Files of
/// other names in `dir` are left alone.
pub fn replace_files_in_folder(
    dir: &Path,
    names: &[impl AsRef<str>],
    fill: impl FnOnce(&Path) -> Result<(), FileError>,
) -> Result<(), FileError> {
    let io_error = |path: &Path, e: std::io::Error| FileError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    if dir.exists() && !dir.is_dir() {
        return Err(FileError::Io {
            path: dir.to_path_buf(),
            message: "exists and is not a folder".to_string(),
        });
    }
    let staging = temp_sibling(dir);
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| io_error(&staging, e))?;
    let moved = fill(&staging).and_then(|()| {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        for name in names {
            let (from, to) = (staging.join(name.as_ref()), dir.join(name.as_ref()));
            if from.exists() {
                std::fs::rename(&from, &to).map_err(|e| io_error(&to, e))?;
            } else if to.exists() {
                std::fs::remove_file(&to).map_err(|e| io_error(&to, e))?;
            }
        }
        Ok(())
    });
    let _ = std::fs::remove_dir_all(&staging);
    moved
}

/// A hidden temp path in the same folder as `path`, unique to this process.
fn temp_sibling(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "opsplan".to_string());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}
