//! End-to-end crash recovery: the real `opsplan` window under Xvfb is killed with SIGKILL after
//! it autosaved an edit; the recovery snapshot must be on disk and hold the edit.
//!
//! The app gets `OPSPLAN_AUTOSAVE_SECS=1` and the test hook `OPSPLAN_TEST_EDIT` (renames the plan
//! at start-up, since nobody can click). Skipped, with a note, when `xvfb-run` is not installed
//! (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use opsplan::app::Document;
use opsplan::app::lock::{LockHolder, LockOutcome, PlanLock, lock_path};
use opsplan::app::recovery::{find_recovery, recovery_path};

/// The name the test hook gives the plan.
const EDITED_NAME: &str = "Renamed before the crash";

/// How long the app may take to start under Xvfb and write its first snapshot (a debug build
/// on two shared cores).
const START_LIMIT: Duration = Duration::from_secs(60);

/// How long the app runs after the edit before it is killed (several 1 s autosave intervals).
const RUN_FOR: Duration = Duration::from_secs(4);

fn xvfb_run() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|folder| folder.join("xvfb-run"))
        .find(|candidate| candidate.is_file())
}

/// The small plan saved as a plan file in `folder`.
fn saved_plan(folder: &Path) -> PathBuf {
    let json = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ui/small.json");
    let mut doc = Document::open(&json).expect("small plan opens");
    let plan = folder.join("crash.opsplan");
    doc.save_as(&plan).expect("plan saves");
    plan
}

fn start_app(xvfb_run: &Path, plan: &Path, home: &Path) -> Child {
    Command::new(xvfb_run)
        .arg("-a")
        .arg(env!("CARGO_BIN_EXE_opsplan"))
        .arg(plan)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("OPSPLAN_AUTOSAVE_SECS", "1")
        .env("OPSPLAN_TEST_EDIT", EDITED_NAME)
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xvfb-run starts")
}

/// Waits until `ready` holds; panics with the app's error output if the app ends first or the
/// limit passes.
fn wait_for(app: &mut Child, what: &str, ready: impl Fn() -> bool) {
    let started = Instant::now();
    while !ready() {
        if let Ok(Some(status)) = app.try_wait() {
            let mut errors = String::new();
            if let Some(mut stderr) = app.stderr.take() {
                std::io::Read::read_to_string(&mut stderr, &mut errors).ok();
            }
            panic!("the app ended ({status}) before {what}: {errors}");
        }
        assert!(
            started.elapsed() < START_LIMIT,
            "no {what} after {START_LIMIT:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The process id the app wrote into the plan's lock file: the `opsplan` process itself, not
/// the `xvfb-run` script around it.
fn app_pid(plan: &Path) -> u32 {
    let text = std::fs::read_to_string(lock_path(plan)).expect("lock file");
    let holder: LockHolder = serde_json::from_str(&text).expect("lock file is JSON");
    let command_line = std::fs::read(format!("/proc/{}/cmdline", holder.pid)).expect("pid runs");
    assert!(
        String::from_utf8_lossy(&command_line).contains("opsplan"),
        "pid {} is the app",
        holder.pid
    );
    holder.pid
}

fn kill_hard(pid: u32) {
    let status = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -9 {pid}");
}

/// Waits for `xvfb-run` to notice its child died and to stop Xvfb; kills it if it does not.
fn reap(mut app: Child) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = app.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    app.kill().ok();
    app.wait().ok();
}

#[test]
fn killing_the_app_after_an_autosave_leaves_a_snapshot_with_the_edit() {
    let Some(xvfb_run) = xvfb_run() else {
        eprintln!("note: xvfb-run is not installed; the GUI crash-recovery test is skipped");
        return;
    };
    let folder = tempfile::tempdir().expect("temp folder");
    let plan = saved_plan(folder.path());
    let original = std::fs::read(&plan).expect("plan bytes");
    let snapshot = recovery_path(Some(&plan));
    let home = folder.path().join("home");

    let mut app = start_app(&xvfb_run, &plan, &home);
    wait_for(&mut app, "the plan lock", || lock_path(&plan).is_file());
    wait_for(&mut app, "the autosave", || snapshot.is_file());
    std::thread::sleep(RUN_FOR);
    kill_hard(app_pid(&plan));
    reap(app);

    assert!(
        snapshot.is_file(),
        "{} survives the kill",
        snapshot.display()
    );
    let found = find_recovery(&plan).expect("the snapshot is newer than the plan");
    let recovered = found.load().expect("the snapshot is a whole plan file");
    assert_eq!(recovered.settings.name, EDITED_NAME);
    assert_eq!(recovered.routing.len(), 2, "the rest of the plan is there");
    assert_eq!(
        std::fs::read(&plan).expect("plan bytes"),
        original,
        "the plan file itself is untouched"
    );
    // The killed app's lock is stale (its process is gone), so the plan can be opened again.
    assert!(matches!(
        PlanLock::acquire(&plan).expect("lock check"),
        LockOutcome::Acquired(_)
    ));
}
