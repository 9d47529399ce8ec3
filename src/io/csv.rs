//! Plan as a folder of CSV files, one `TABLE.csv` per non-empty table (DESIGN.md §3).

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::domain::Plan;

/// Why a CSV folder could not be read or written.
#[derive(Debug, Error)]
pub enum CsvError {
    /// A problem in one file, naming row and field where known.
    #[error("{file}: {message}")]
    File { file: PathBuf, message: String },
}

/// Reads a plan from a folder of CSV files.
pub fn read_plan_dir(dir: &Path) -> Result<Plan, CsvError> {
    Err(CsvError::File {
        file: dir.to_path_buf(),
        message: "CSV import is not available yet".to_string(),
    })
}

/// Writes a plan into `dir` as one CSV file per non-empty table.
pub fn write_plan_dir(plan: &Plan, dir: &Path) -> Result<(), CsvError> {
    let _ = plan;
    Err(CsvError::File {
        file: dir.to_path_buf(),
        message: "CSV export is not available yet".to_string(),
    })
}
