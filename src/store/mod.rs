//! SQLite plan files (`*.opsplan`): schema, migrations, load and save. The only place with SQL.
//!
//! A plan file is a SQLite database with `application_id` [`APPLICATION_ID`] and `user_version`
//! [`SCHEMA_VERSION`], one table per domain table. Loading never writes the file; saving writes a
//! temporary file beside the target and renames it over the target, so the target is either the
//! old plan or the new one, never a mix, and the replaced version stays as `NAME.bak`.
//!
//! Files are untrusted input: they are checked before SQLite opens them, opened read-only with
//! `trusted_schema` off, defensive mode on, triggers and views disabled (extension loading is never
//! enabled), and read only when their schema is exactly a plan file's and every table is within
//! the size limits of [`crate::domain::limits`].

mod load;
mod migrate;
mod save;
mod schema;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::domain::{LimitError, Plan};

pub use migrate::{APPLICATION_ID, SCHEMA_VERSION};

/// Why a plan file could not be opened or saved. Every message starts with the file's path.
#[derive(Debug, Error)]
pub enum StoreError {
    /// Nothing exists at the path.
    #[error("{}: no such file; check the folder and the file name", path.display())]
    NotFound { path: PathBuf },
    /// The path is a folder (or another non-file), not a plan file.
    #[error("{}: is a folder, not a plan file", path.display())]
    NotAFile { path: PathBuf },
    /// The file has 0 bytes.
    #[error("{}: the file is empty; it holds no plan", path.display())]
    Empty { path: PathBuf },
    /// The file does not start with the SQLite header (a text file, a spreadsheet, …).
    #[error("{}: not an Opsplan plan file (it is not a SQLite database)", path.display())]
    NotSqlite { path: PathBuf },
    /// A SQLite database whose `application_id` is not Opsplan's.
    #[error(
        "{}: not an Opsplan plan file (it is a SQLite database of another application)",
        path.display()
    )]
    OtherApplication { path: PathBuf, application_id: i32 },
    /// Opsplan's `application_id` with schema version 0: the file was never finished.
    #[error(
        "{}: the plan file is incomplete (it was never finished being written); open a backup",
        path.display()
    )]
    Incomplete { path: PathBuf },
    /// Written by a newer Opsplan whose schema this build does not know.
    #[error(
        "{}: written by a newer Opsplan (schema {version}); this version reads up to \
         {supported}; update Opsplan to open it (the file was not changed)",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        version: i64,
        supported: i64,
    },
    /// The file is shorter than its SQLite header says: cut off while copying or downloading.
    #[error(
        "{}: the file is truncated ({actual_bytes} of {expected_bytes} bytes); copy it again \
         from where it came from",
        path.display()
    )]
    Truncated {
        path: PathBuf,
        actual_bytes: u64,
        expected_bytes: u64,
    },
    /// The database is corrupt, or its tables do not hold what a plan file holds.
    #[error("{}: the file is damaged ({detail})", path.display())]
    Damaged { path: PathBuf, detail: String },
    /// A number of the plan is NaN or infinite, which a plan file cannot hold; nothing was written.
    #[error(
        "{}: not saved: {place} is not a finite number ({value}); correct it and save again",
        path.display()
    )]
    NotFinite {
        path: PathBuf,
        place: String,
        value: f64,
    },
    /// A scenario's plan could not be turned into JSON text; nothing was written.
    #[error("{}: not saved: {place} cannot be written as JSON: {detail}", path.display())]
    Encode {
        path: PathBuf,
        place: String,
        detail: String,
    },
    /// The file system refused an operation (permissions, disk full, missing folder, …).
    #[error("{}: cannot {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    /// The file holds more than a plan may (rows per table, characters per text field).
    #[error("{}: cannot open: {limit}", path.display())]
    TooLarge { path: PathBuf, limit: LimitError },
    /// The plan is larger than a plan file may hold; nothing was written.
    #[error("{}: not saved: {limit}; shorten it and save again", path.display())]
    NotSavedTooLarge { path: PathBuf, limit: LimitError },
    /// SQLite reported an error while reading or writing the database.
    #[error("{}: cannot {action}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        action: &'static str,
        source: rusqlite::Error,
    },
}

/// Loads the whole plan stored in `path`, without changing the file in any way.
///
/// The file is checked before it is read (exists, not empty, a SQLite database, Opsplan's
/// application id, a schema version this build reads, intact), then every table is read in one
/// read transaction. An older schema is upgraded on a private temporary copy.
pub fn load(path: &Path) -> Result<Plan, StoreError> {
    load::load(path)
}

/// Saves `plan` to `path` atomically: the whole plan goes into a temporary file in the same
/// folder, which is flushed to disk and then renamed over `path`. The file it replaces is kept as
/// [`backup_path`] (`NAME.bak`), so the previous version is one rename away.
///
/// Any plan whose numbers are finite and whose size is within the limits can be saved, valid or
/// not, so no work is lost while the user is still fixing it. On failure `path` is left exactly as
/// it was and no temporary file remains; temporary files of earlier saves that were killed are
/// removed.
pub fn save(plan: &Plan, path: &Path) -> Result<(), StoreError> {
    save::save(plan, path, save::Backup::Keep)
}

/// Saves like [`save`] but without keeping the replaced file as `NAME.bak`.
///
/// For files that are copies already, such as autosaved recovery snapshots.
pub fn save_without_backup(plan: &Plan, path: &Path) -> Result<(), StoreError> {
    save::save(plan, path, save::Backup::Skip)
}

/// `NAME.bak` beside `path`: where [`save`] keeps the version it replaced.
pub fn backup_path(path: &Path) -> PathBuf {
    save::backup_path(path)
}

/// Runs SQLite's full `PRAGMA integrity_check` on the plan file (File ▸ Check plan).
///
/// Slower than the quick check done on every open, because it also compares every index with its
/// table. The file's identity and structure are checked first, as on open. `Ok` means SQLite
/// found nothing wrong; a problem is reported as [`StoreError::Damaged`] with SQLite's first
/// findings. The file is never changed.
pub fn check_integrity(path: &Path) -> Result<(), StoreError> {
    load::check_integrity(path)
}
