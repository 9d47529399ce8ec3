//! The plan lock: one editor per plan file, stale locks taken over.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use opsplan::app::lock::{LockHolder, LockOutcome, PlanLock, current_host, lock_path};
use tempfile::TempDir;

fn acquired(plan: &Path) -> PlanLock {
    match PlanLock::acquire(plan).expect("acquire") {
        LockOutcome::Acquired(lock) => lock,
        LockOutcome::HeldBy(holder) => panic!("held by {holder:?}"),
    }
}

fn held_by(plan: &Path) -> LockHolder {
    match PlanLock::acquire(plan).expect("acquire") {
        LockOutcome::Acquired(lock) => panic!("acquired {:?}", lock.holder()),
        LockOutcome::HeldBy(holder) => holder,
    }
}

fn write_lock_file(plan: &Path, host: &str, pid: u32, since: u64) {
    let json = format!(r#"{{"user":"bob","host":"{host}","pid":{pid},"since":{since}}}"#);
    fs::write(lock_path(plan), json).expect("write lock file");
}

fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

#[test]
fn second_acquire_sees_the_first_holder_and_drop_frees_the_plan() {
    let dir = TempDir::new().expect("temp dir");
    let plan = dir.path().join("demo.opsplan");
    let first = acquired(&plan);
    let lock_file = dir.path().join(".demo.opsplan.lock");
    assert_eq!(first.path(), lock_file);
    let written: LockHolder =
        serde_json::from_str(&fs::read_to_string(&lock_file).expect("read")).expect("json");
    assert_eq!(written.pid, std::process::id());
    assert_eq!(written.host, current_host());
    assert_eq!(&written, first.holder());

    assert_eq!(held_by(&plan), written);

    drop(first);
    assert!(!lock_file.exists(), "dropping the lock removes the file");
    let again = acquired(&plan);
    assert_eq!(again.holder().pid, std::process::id());
}

#[test]
fn stale_lock_of_a_dead_process_on_this_host_is_taken_over() {
    let dir = TempDir::new().expect("temp dir");
    let plan = dir.path().join("demo.opsplan");
    // A child that has exited: its pid no longer runs (pids are not reused this fast).
    let mut child = Command::new("true")
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    let dead_pid = child.id();
    child.wait().expect("wait");
    write_lock_file(&plan, &current_host(), dead_pid, now_seconds());
    let lock = acquired(&plan);
    assert_eq!(lock.holder().pid, std::process::id());
    assert_eq!(lock.holder().user, LockHolder::this_process().user);
}

#[test]
fn lock_of_a_running_process_on_this_host_is_honoured() {
    let dir = TempDir::new().expect("temp dir");
    let plan = dir.path().join("demo.opsplan");
    let mut child = Command::new("sleep").arg("30").spawn().expect("spawn");
    write_lock_file(&plan, &current_host(), child.id(), now_seconds());
    let holder = held_by(&plan);
    assert_eq!(holder.user, "bob");
    assert_eq!(holder.pid, child.id());
    let _ = child.kill();
    let _ = child.wait();
    // Once it has ended, the same lock file is stale.
    let lock = acquired(&plan);
    assert_eq!(lock.holder().pid, std::process::id());
}

#[test]
fn lock_from_another_host_is_honoured_until_it_is_old() {
    let dir = TempDir::new().expect("temp dir");
    let plan = dir.path().join("demo.opsplan");
    write_lock_file(&plan, "other-host.example", 4242, now_seconds() - 60);
    let holder = held_by(&plan);
    assert_eq!(holder.host, "other-host.example");
    assert!(
        holder
            .describe()
            .starts_with("bob on other-host.example (process 4242) since "),
        "{}",
        holder.describe()
    );
    // 13 hours old: past STALE_AFTER (12 h), so it is taken over.
    write_lock_file(&plan, "other-host.example", 4242, now_seconds() - 13 * 3600);
    acquired(&plan);
}

#[test]
fn unreadable_lock_file_nobody_holds_is_taken_over() {
    let dir = TempDir::new().expect("temp dir");
    let plan = dir.path().join("demo.opsplan");
    fs::write(lock_path(&plan), "{\"user\": \"bo").expect("write half a lock file");
    let lock = acquired(&plan);
    assert_eq!(lock.holder().pid, std::process::id());
}

#[test]
fn lock_in_a_missing_folder_is_an_error_naming_the_lock_file() {
    let dir = TempDir::new().expect("temp dir");
    let plan = dir.path().join("missing").join("demo.opsplan");
    let error = PlanLock::acquire(&plan).expect_err("no folder");
    assert!(
        error.to_string().starts_with(&format!(
            "{}: cannot create the lock file: ",
            lock_path(&plan).display()
        )),
        "{error}"
    );
}
