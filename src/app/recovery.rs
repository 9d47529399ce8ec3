//! Autosave and crash recovery: a snapshot of unsaved work, written every few minutes.
//!
//! The snapshot is a complete plan file (same format, written atomically like a save, without a
//! `.bak`), kept apart from the plan so the user's file only changes when they save:
//! - beside a saved plan as `.NAME.recovery` (e.g. `.demo.opsplan.recovery`);
//! - for a plan never saved, in `$XDG_DATA_HOME/opsplan/recovery/` (default
//!   `~/.local/share/opsplan/recovery/`) as `unsaved-PID.opsplan.recovery`.
//!
//! On open, [`find_recovery`] reports a snapshot newer than the plan file: the app then offers to
//! restore it. After a save, or when the user declines, [`discard_recovery`] removes it.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use thiserror::Error;

use crate::domain::Plan;
use crate::store::{self, StoreError};

/// Autosave interval when `OPSPLAN_AUTOSAVE_SECS` is unset or not a whole number.
pub const DEFAULT_AUTOSAVE_SECS: u64 = 60;

/// The environment variable that sets the autosave interval in seconds.
pub const AUTOSAVE_ENV: &str = "OPSPLAN_AUTOSAVE_SECS";

/// Why a recovery snapshot could not be written, read or removed.
#[derive(Debug, Error)]
pub enum RecoveryError {
    /// Writing or reading the snapshot as a plan file failed (message names the file).
    #[error("recovery snapshot: {0}")]
    Store(#[from] StoreError),
    /// The file system refused an operation on the snapshot or its folder.
    #[error("{}: cannot {action}: {source}", path.display())]
    Io {
        /// The snapshot or its folder.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// A snapshot found for a plan: where it is and when it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The snapshot file.
    pub path: PathBuf,
    /// When it was last written (its modification time).
    pub saved_at: SystemTime,
}

impl Recovery {
    /// Reads the snapshot's plan.
    pub fn load(&self) -> Result<Plan, RecoveryError> {
        Ok(store::load(&self.path)?)
    }
}

/// Where the snapshot of the plan at `plan_path` goes; `None` for a plan never saved.
pub fn recovery_path(plan_path: Option<&Path>) -> PathBuf {
    match plan_path {
        Some(plan_path) => beside_plan(plan_path),
        None => unsaved_recovery_folder(
            std::env::var_os("XDG_DATA_HOME").map(PathBuf::from),
            std::env::var_os("HOME").map(PathBuf::from),
        )
        .join(format!("unsaved-{}.opsplan.recovery", std::process::id())),
    }
}

/// `.NAME.recovery` beside the plan.
fn beside_plan(plan_path: &Path) -> PathBuf {
    let name = plan_path
        .file_name()
        .map_or_else(|| "plan".into(), |name| name.to_string_lossy());
    plan_path.with_file_name(format!(".{name}.recovery"))
}

/// `DATA_HOME/opsplan/recovery`, DATA_HOME being `$XDG_DATA_HOME` when set to an absolute path
/// (XDG Base Directory rules), else `$HOME/.local/share`, else the temporary folder.
fn unsaved_recovery_folder(xdg_data_home: Option<PathBuf>, home: Option<PathBuf>) -> PathBuf {
    let data_home = xdg_data_home
        .filter(|path| path.is_absolute())
        .or_else(|| home.map(|home| home.join(".local").join("share")))
        .unwrap_or_else(std::env::temp_dir);
    data_home.join("opsplan").join("recovery")
}

/// Writes `plan` as the snapshot at `recovery_file` (from [`recovery_path`]), atomically.
///
/// Creates the folder when needed. An interrupted write leaves the previous snapshot.
pub fn write_recovery(plan: &Plan, recovery_file: &Path) -> Result<(), RecoveryError> {
    if let Some(folder) = recovery_file.parent()
        && !folder.as_os_str().is_empty()
    {
        fs::create_dir_all(folder).map_err(|source| RecoveryError::Io {
            path: folder.to_path_buf(),
            action: "create the recovery folder",
            source,
        })?;
    }
    store::save_without_backup(plan, recovery_file)?;
    Ok(())
}

/// The snapshot of the plan at `plan_path` if it is newer than the plan file (or the plan file
/// is gone); `None` when there is none or it is not newer (the plan was saved after it).
pub fn find_recovery(plan_path: &Path) -> Option<Recovery> {
    let path = recovery_path(Some(plan_path));
    let saved_at = fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    let plan_saved_at = fs::metadata(plan_path).and_then(|m| m.modified()).ok();
    match plan_saved_at {
        Some(plan_time) if plan_time >= saved_at => None,
        _ => Some(Recovery { path, saved_at }),
    }
}

/// Removes the snapshot at `recovery_file`; a snapshot that is already gone is fine.
pub fn discard_recovery(recovery_file: &Path) -> Result<(), RecoveryError> {
    match fs::remove_file(recovery_file) {
        Err(source) if source.kind() != ErrorKind::NotFound => Err(RecoveryError::Io {
            path: recovery_file.to_path_buf(),
            action: "remove the recovery snapshot",
            source,
        }),
        _ => Ok(()),
    }
}

/// How often to autosave: `OPSPLAN_AUTOSAVE_SECS` seconds, default 60 (see [`interval_from`]).
pub fn autosave_interval() -> Duration {
    interval_from(std::env::var(AUTOSAVE_ENV).ok().as_deref())
}

/// The interval a value of `OPSPLAN_AUTOSAVE_SECS` asks for: a whole number of seconds, at least 1
/// (0 would autosave every frame); unset or anything else gives [`DEFAULT_AUTOSAVE_SECS`].
pub fn interval_from(value: Option<&str>) -> Duration {
    let seconds = value
        .and_then(|text| text.trim().parse::<u64>().ok())
        .map_or(DEFAULT_AUTOSAVE_SECS, |seconds| seconds.max(1));
    Duration::from_secs(seconds)
}

/// A recovery snapshot found at start-up, with what the restore prompt shows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundRecovery {
    /// The snapshot file and when it was written.
    pub recovery: Recovery,
    /// The plan's name inside the snapshot.
    pub plan_name: String,
    /// The plan file the changes belong to; `None` for a plan never saved (an import, a new
    /// plan or the bundled sample).
    pub plan_file: Option<PathBuf>,
}

/// The never-saved plans' snapshots in the per-user recovery folder left by an Opsplan that no
/// longer runs (`unsaved-PID.opsplan.recovery` whose process has ended, never this process's
/// own), plus the snapshots beside `plan_files` newer than the files: everything a start after
/// a crash offers to restore, newest first. Snapshots that cannot be read are skipped.
pub fn find_all_recoveries(plan_files: &[PathBuf]) -> Vec<FoundRecovery> {
    let folder = recovery_path(None)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut found: Vec<FoundRecovery> = fs::read_dir(&folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid = unsaved_snapshot_pid(&entry.file_name().to_string_lossy())?;
            let ended =
                pid != std::process::id() && super::lock::process_is_alive(pid) != Some(true);
            ended.then(|| entry.path())
        })
        .filter_map(|path| {
            let saved_at = fs::metadata(&path).and_then(|m| m.modified()).ok()?;
            described(Recovery { path, saved_at }, None)
        })
        .collect();
    for plan_file in plan_files {
        if let Some(recovery) = find_recovery(plan_file)
            && found.iter().all(|f| f.recovery.path != recovery.path)
            && let Some(entry) = described(recovery, Some(plan_file.clone()))
        {
            found.push(entry);
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.recovery.saved_at));
    found
}

/// The PID in a never-saved plan's snapshot name `unsaved-PID.opsplan.recovery`.
fn unsaved_snapshot_pid(file_name: &str) -> Option<u32> {
    file_name
        .strip_prefix("unsaved-")?
        .strip_suffix(".opsplan.recovery")?
        .parse()
        .ok()
}

/// The snapshot with its plan's name, or `None` when it cannot be read.
fn described(recovery: Recovery, plan_file: Option<PathBuf>) -> Option<FoundRecovery> {
    FoundRecovery::read(recovery, plan_file)
}

impl FoundRecovery {
    /// Reads the plan name from the snapshot; `None` when the snapshot cannot be read.
    pub fn read(recovery: Recovery, plan_file: Option<PathBuf>) -> Option<FoundRecovery> {
        let plan_name = recovery.load().ok()?.settings.name;
        Some(FoundRecovery {
            recovery,
            plan_name,
            plan_file,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Item;

    fn plan_with_item(code: &str) -> Plan {
        let mut plan = Plan::default();
        plan.items.push(Item {
            code: code.to_string(),
            price: 12.5,
            ..Item::default()
        });
        plan
    }

    fn set_modified(path: &Path, time: SystemTime) {
        let file = fs::File::options()
            .write(true)
            .open(path)
            .expect("open for times");
        file.set_modified(time).expect("set mtime");
    }

    #[test]
    fn recovery_path_of_a_saved_plan_is_a_hidden_sibling() {
        assert_eq!(
            recovery_path(Some(Path::new("/plans/demo.opsplan"))),
            PathBuf::from("/plans/.demo.opsplan.recovery")
        );
    }

    #[test]
    fn unsaved_plans_go_to_the_xdg_data_folder() {
        let folder = unsaved_recovery_folder(
            Some(PathBuf::from("/data")),
            Some(PathBuf::from("/home/anna")),
        );
        assert_eq!(folder, PathBuf::from("/data/opsplan/recovery"));
        // A relative XDG_DATA_HOME is invalid by the XDG rules and ignored.
        let folder = unsaved_recovery_folder(
            Some(PathBuf::from("rel")),
            Some(PathBuf::from("/home/anna")),
        );
        assert_eq!(
            folder,
            PathBuf::from("/home/anna/.local/share/opsplan/recovery")
        );
        let file = recovery_path(None);
        assert_eq!(
            file.file_name().and_then(|n| n.to_str()),
            Some(format!("unsaved-{}.opsplan.recovery", std::process::id()).as_str())
        );
    }

    #[test]
    fn snapshot_newer_than_the_plan_is_found_and_restores_the_plan() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let plan_path = dir.path().join("demo.opsplan");
        store::save(&plan_with_item("SAVED"), &plan_path).expect("save plan");
        let snapshot = recovery_path(Some(&plan_path));
        write_recovery(&plan_with_item("EDITED"), &snapshot).expect("write snapshot");
        let now = SystemTime::now();
        set_modified(&plan_path, now - Duration::from_secs(120));
        set_modified(&snapshot, now - Duration::from_secs(60));
        let found = find_recovery(&plan_path).expect("newer snapshot");
        assert_eq!(found.path, snapshot);
        assert_eq!(found.load().expect("load"), plan_with_item("EDITED"));
        assert!(
            !store::backup_path(&snapshot).exists(),
            "snapshots keep no .bak"
        );
    }

    #[test]
    fn snapshot_older_than_the_plan_is_ignored_and_discard_removes_it() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let plan_path = dir.path().join("demo.opsplan");
        store::save(&plan_with_item("SAVED"), &plan_path).expect("save plan");
        let snapshot = recovery_path(Some(&plan_path));
        write_recovery(&plan_with_item("EDITED"), &snapshot).expect("write snapshot");
        let now = SystemTime::now();
        set_modified(&snapshot, now - Duration::from_secs(120));
        set_modified(&plan_path, now - Duration::from_secs(60));
        assert_eq!(find_recovery(&plan_path), None);
        discard_recovery(&snapshot).expect("discard");
        assert!(!snapshot.exists());
        discard_recovery(&snapshot).expect("discarding twice is fine");
    }

    #[test]
    fn snapshot_of_a_deleted_plan_is_found() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let plan_path = dir.path().join("gone.opsplan");
        let snapshot = recovery_path(Some(&plan_path));
        write_recovery(&plan_with_item("ONLY"), &snapshot).expect("write snapshot");
        assert_eq!(
            find_recovery(&plan_path).map(|r| r.path),
            Some(snapshot.clone())
        );
    }

    #[test]
    fn write_recovery_creates_the_folder() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let snapshot = dir
            .path()
            .join("opsplan")
            .join("recovery")
            .join("unsaved-1.opsplan.recovery");
        write_recovery(&plan_with_item("NEW"), &snapshot).expect("write");
        assert_eq!(store::load(&snapshot).expect("load"), plan_with_item("NEW"));
    }

    #[test]
    fn autosave_interval_reads_whole_seconds_with_a_default_of_60() {
        assert_eq!(interval_from(None), Duration::from_secs(60));
        assert_eq!(interval_from(Some("15")), Duration::from_secs(15));
        assert_eq!(interval_from(Some(" 300 ")), Duration::from_secs(300));
        assert_eq!(interval_from(Some("0")), Duration::from_secs(1));
        assert_eq!(interval_from(Some("-5")), Duration::from_secs(60));
        assert_eq!(interval_from(Some("1.5")), Duration::from_secs(60));
        assert_eq!(interval_from(Some("")), Duration::from_secs(60));
    }
    #[test]
    fn only_snapshots_named_after_a_process_count_as_never_saved_plans() {
        assert_eq!(
            unsaved_snapshot_pid("unsaved-4242.opsplan.recovery"),
            Some(4242)
        );
        assert_eq!(unsaved_snapshot_pid("unsaved-.opsplan.recovery"), None);
        assert_eq!(unsaved_snapshot_pid(".plan.opsplan.recovery"), None);
        assert_eq!(unsaved_snapshot_pid("unsaved-12.opsplan"), None);
    }
}
