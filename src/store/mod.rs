//! SQLite plan files (`*.opsplan`): schema, migrations, load and save. The only place with SQL.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::domain::Plan;

/// Why a plan file could not be opened or saved.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The file is not an Opsplan plan (not SQLite, empty, truncated, another application's).
    #[error("{path}: not an Opsplan plan file: {reason}")]
    NotAPlan { path: PathBuf, reason: String },
    /// Any other SQLite or file-system failure.
    #[error("{path}: {reason}")]
    Other { path: PathBuf, reason: String },
}

/// Loads the whole plan stored in `path`.
pub fn load(path: &Path) -> Result<Plan, StoreError> {
    Err(StoreError::Other {
        path: path.to_path_buf(),
        reason: "plan files are not readable yet".to_string(),
    })
}

/// Saves `plan` to `path` atomically (temp file in the same folder, then rename).
pub fn save(plan: &Plan, path: &Path) -> Result<(), StoreError> {
    let _ = plan;
    Err(StoreError::Other {
        path: path.to_path_buf(),
        reason: "plan files are not writable yet".to_string(),
    })
}
