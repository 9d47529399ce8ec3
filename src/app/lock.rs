//! One editor per plan file: a lock file `.NAME.lock` beside the plan.
//!
//! Two people editing the same plan on a shared drive would overwrite each other's work on save.
//! The first to open a plan gets a [`PlanLock`]; whoever opens it next learns who holds it
//! ([`LockOutcome::HeldBy`]) and opens it read-only.
//!
//! The lock file holds JSON `{"user", "host", "pid", "since"}` (since = Unix seconds) for the
//! message, and the holder keeps it open with an exclusive advisory lock (`flock`), which the
//! operating system releases when the process ends, however it ends. A lock file is stale, and
//! taken over, when nobody holds that advisory lock and
//! - it was written on this host by a process that no longer runs (`/proc/PID` on Linux; where
//!   that cannot be told, when it is older than [`STALE_AFTER`]), or
//! - it was written on another host more than [`STALE_AFTER`] ago (the advisory lock may not reach
//!   across a network file system, so a younger one is honoured), or
//! - it cannot be read (a crash while it was being written).

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Age after which a lock whose holder cannot be checked is considered abandoned.
pub const STALE_AFTER: Duration = Duration::from_secs(12 * 60 * 60);

/// How often acquiring retries when the lock file is replaced while it is being opened.
const ATTEMPTS: usize = 3;

/// Who holds a plan open: the content of the lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    /// Login name of the holder (`$USER`).
    pub user: String,
    /// Host name of the holder's machine.
    pub host: String,
    /// Process id of the holder's Opsplan.
    pub pid: u32,
    /// When the plan was opened, in seconds since 1970-01-01 UTC.
    pub since: u64,
}

impl LockHolder {
    /// The holder this process would write: current user, host, process id and time.
    pub fn this_process() -> LockHolder {
        LockHolder {
            user: current_user(),
            host: current_host(),
            pid: std::process::id(),
            since: unix_seconds(SystemTime::now()),
        }
    }

    /// "anna on ws-12 (process 4242) since 2026-04-01 09:30 UTC", for the read-only notice.
    pub fn describe(&self) -> String {
        format!(
            "{} on {} (process {}) since {}",
            self.user,
            self.host,
            self.pid,
            utc_minutes(self.since)
        )
    }
}

/// What [`PlanLock::acquire`] found.
#[derive(Debug)]
pub enum LockOutcome {
    /// The plan is ours to edit until the lock is dropped.
    Acquired(PlanLock),
    /// Someone else edits the plan; open it read-only and say who.
    HeldBy(LockHolder),
}

/// Why the lock could not be taken or checked (not: that someone else holds it).
#[derive(Debug, Error)]
pub enum LockError {
    /// The file system refused an operation on the lock file (read-only folder, permissions, …).
    #[error("{}: cannot {action}: {source}", path.display())]
    Io {
        /// The lock file.
        path: PathBuf,
        /// What was being done, e.g. "create the lock file".
        action: &'static str,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// The right to edit one plan file, held until dropped; dropping removes the lock file.
#[derive(Debug)]
pub struct PlanLock {
    /// The open lock file, holding the advisory lock.
    file: File,
    /// Where the lock file is.
    path: PathBuf,
    /// What was written into it.
    holder: LockHolder,
}

impl PlanLock {
    /// Takes the lock of the plan at `plan_path`, or reports who holds it.
    ///
    /// A stale lock (see the module notes) is taken over. The plan file itself need not exist
    /// (a plan about to be saved for the first time).
    pub fn acquire(plan_path: &Path) -> Result<LockOutcome, LockError> {
        let path = lock_path(plan_path);
        let holder = LockHolder::this_process();
        for _ in 1..ATTEMPTS {
            if let Some(outcome) = try_acquire(&path, &holder)? {
                return Ok(outcome);
            }
        }
        try_acquire(&path, &holder)?.ok_or_else(|| LockError::Io {
            path,
            action: "take the lock file (it keeps being replaced)",
            source: std::io::Error::from(std::io::ErrorKind::WouldBlock),
        })
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What this lock wrote into the lock file.
    pub fn holder(&self) -> &LockHolder {
        &self.holder
    }
}

impl Drop for PlanLock {
    fn drop(&mut self) {
        // The advisory lock is still held here, so nobody can be writing the file; it is released
        // when `file` closes right after. A lock file that cannot be removed is stale and will be
        // taken over by the next opener.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// `.NAME.lock` beside the plan.
pub fn lock_path(plan_path: &Path) -> PathBuf {
    let name = plan_path
        .file_name()
        .map_or_else(|| "plan".into(), |name| name.to_string_lossy());
    plan_path.with_file_name(format!(".{name}.lock"))
}

/// One attempt; `None` when the lock file was replaced under us and the attempt must be repeated.
fn try_acquire(path: &Path, holder: &LockHolder) -> Result<Option<LockOutcome>, LockError> {
    let io_error = |action: &'static str| {
        move |source| LockError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(io_error("create the lock file"))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let current = read_holder(&mut file).unwrap_or_else(unknown_holder);
            return Ok(Some(LockOutcome::HeldBy(current)));
        }
        Err(TryLockError::Error(source)) => return Err(io_error("lock the lock file")(source)),
    }
    if !is_still_at(&file, path) {
        return Ok(None);
    }
    if let Some(current) = read_holder(&mut file)
        && !is_stale(&current, SystemTime::now())
    {
        let _ = file.unlock();
        return Ok(Some(LockOutcome::HeldBy(current)));
    }
    write_holder(&mut file, holder).map_err(io_error("write the lock file"))?;
    Ok(Some(LockOutcome::Acquired(PlanLock {
        file,
        path: path.to_path_buf(),
        holder: holder.clone(),
    })))
}

/// Whether the open `file` is still the one at `path` (not removed or replaced meanwhile).
fn is_still_at(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// The holder recorded in the lock file, or `None` when it is empty or unreadable.
fn read_holder(file: &mut File) -> Option<LockHolder> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.take(64 * 1024).read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

fn write_holder(file: &mut File, holder: &LockHolder) -> std::io::Result<()> {
    let json = serde_json::to_string(holder).map_err(std::io::Error::other)?;
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(json.as_bytes())?;
    file.sync_all()
}

/// Shown when a held lock file cannot be read yet (its holder is writing it right now).
fn unknown_holder() -> LockHolder {
    LockHolder {
        user: "another user".to_string(),
        host: "an unknown host".to_string(),
        pid: 0,
        since: unix_seconds(SystemTime::now()),
    }
}

/// Whether a lock file nobody holds the advisory lock on may be taken over (module notes).
fn is_stale(holder: &LockHolder, now: SystemTime) -> bool {
    let too_old = unix_seconds(now).saturating_sub(holder.since) > STALE_AFTER.as_secs();
    if holder.host != current_host() {
        return too_old;
    }
    match process_is_alive(holder.pid) {
        Some(alive) => !alive || holder.pid == std::process::id(),
        None => too_old,
    }
}

/// Whether process `pid` runs on this machine: `Some` on Linux (from `/proc`), `None` elsewhere.
pub(super) fn process_is_alive(pid: u32) -> Option<bool> {
    let proc_root = Path::new("/proc");
    if !proc_root.join("self").exists() {
        return None;
    }
    Some(pid != 0 && proc_root.join(pid.to_string()).exists())
}

fn current_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
        .unwrap_or_else(|| "unknown user".to_string())
}

/// The machine's host name (`/proc/sys/kernel/hostname`, `/etc/hostname`, `$HOSTNAME`).
pub fn current_host() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|file| fs::read_to_string(file).ok())
        .map(|text| text.trim().to_string())
        .filter(|name| !name.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown host".to_string())
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// "YYYY-MM-DD HH:MM UTC" for Unix seconds (civil-from-days, H. Hinnant's algorithm).
pub fn utc_minutes(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let minute_of_day = (seconds % 86_400) / 60;
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder(host: &str, pid: u32, since: u64) -> LockHolder {
        LockHolder {
            user: "anna".to_string(),
            host: host.to_string(),
            pid,
            since,
        }
    }

    #[test]
    fn utc_minutes_formats_known_instants() {
        assert_eq!(utc_minutes(0), "1970-01-01 00:00 UTC");
        // 2000-03-01 is day 11017 after 1970-01-01: 30 years (7 of them leap) = 10957 days,
        // plus 31 (January) + 29 (leap February) = 11017; × 86400 = 951868800; + 12:34 = 45240 s.
        assert_eq!(utc_minutes(951_868_800 + 45_240), "2000-03-01 12:34 UTC");
        // 2024-12-31 23:59: 1735689540 = 2025-01-01 00:00 (1735689600) − 60 s.
        assert_eq!(utc_minutes(1_735_689_540), "2024-12-31 23:59 UTC");
    }

    #[test]
    fn stale_rules_for_this_host_and_other_hosts() {
        let now = SystemTime::now();
        let fresh = unix_seconds(now);
        let old = fresh - STALE_AFTER.as_secs() - 1;
        let here = current_host();
        // pid 1 always runs on Linux; u32::MAX is above any pid_max, so it never runs.
        assert!(!is_stale(&holder(&here, 1, old), now));
        assert!(is_stale(&holder(&here, u32::MAX, fresh), now));
        assert!(!is_stale(&holder("elsewhere", u32::MAX, fresh), now));
        assert!(is_stale(&holder("elsewhere", 1, old), now));
    }

    #[test]
    fn lock_path_is_a_hidden_sibling() {
        assert_eq!(
            lock_path(Path::new("/plans/demo.opsplan")),
            PathBuf::from("/plans/.demo.opsplan.lock")
        );
    }

    #[test]
    fn describe_names_user_host_process_and_time() {
        assert_eq!(
            holder("ws-12", 4242, 1_735_689_540).describe(),
            "anna on ws-12 (process 4242) since 2024-12-31 23:59 UTC"
        );
    }
}
