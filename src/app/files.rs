//! Reading and writing plans in every supported form, shared by the GUI and the CLI.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::domain::Plan;
use crate::io::csv::CsvError;
use crate::io::json::JsonError;
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
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
}

/// How a plan path is read: a plan file, a plan JSON, or a folder of CSV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanSource {
    PlanFile,
    Json,
    CsvFolder,
}

impl PlanSource {
    /// Guesses the source from the path: a folder is CSV, `.json` is JSON, anything else a plan file.
    pub fn of(path: &Path) -> PlanSource {
        if path.is_dir() {
            PlanSource::CsvFolder
        } else if path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
        {
            PlanSource::Json
        } else {
            PlanSource::PlanFile
        }
    }
}

/// Reads a plan from a `.opsplan` file, a `.json` plan or a CSV folder.
pub fn read_plan(path: &Path) -> Result<Plan, FileError> {
    match PlanSource::of(path) {
        PlanSource::PlanFile => Ok(crate::store::load(path)?),
        PlanSource::Json => {
            let text = std::fs::read_to_string(path).map_err(|e| FileError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
            crate::io::json::parse_plan(&text).map_err(|source| FileError::Json {
                path: path.to_path_buf(),
                source,
            })
        }
        PlanSource::CsvFolder => Ok(crate::io::csv::read_plan_dir(path)?),
    }
}

/// Saves a plan file atomically.
pub fn save_plan(plan: &Plan, path: &Path) -> Result<(), FileError> {
    Ok(crate::store::save(plan, path)?)
}
