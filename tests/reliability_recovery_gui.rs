//! End-to-end crash recovery of a plan never saved (defect 1): the real `opsplan` window under
//! Xvfb opens a plan JSON (an unsaved import), autosaves it to `unsaved-PID.opsplan.recovery`,
//! and is killed with SIGKILL; started again with no argument, it must offer that snapshot (it
//! notes every offer on stderr, which this test reads, since nobody can look at the prompt).
//!
//! The app gets `OPSPLAN_AUTOSAVE_SECS=1`. Skipped, with a note, when `xvfb-run` is not
//! installed (`.ci/run` installs it).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use opsplan::app::Document;
use opsplan::app::recovery::Recovery;

/// How long the app may take to start under Xvfb and write its first snapshot (a debug build
/// on two shared cores).
const START_LIMIT: Duration = Duration::from_secs(90);

/// How long the app runs after its first autosave before it is killed.
const RUN_FOR: Duration = Duration::from_secs(3);

fn xvfb_run() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|folder| folder.join("xvfb-run"))
        .find(|candidate| candidate.is_file())
}

fn small_json() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ui/small.json")
}

/// Starts the app under Xvfb with `args` and its own HOME; stderr is piped.
fn start_app(xvfb_run: &Path, args: &[&Path], home: &Path) -> Child {
    Command::new(xvfb_run)
        .arg("-a")
        .arg(env!("CARGO_BIN_EXE_opsplan"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("OPSPLAN_AUTOSAVE_SECS", "1")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xvfb-run starts")
}

/// The never-saved snapshots in the recovery folder under `home`, with the PID in each name.
fn unsaved_snapshots(home: &Path) -> Vec<(u32, PathBuf)> {
    let folder = home.join("data").join("opsplan").join("recovery");
    std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let pid = name
                .strip_prefix("unsaved-")?
                .strip_suffix(".opsplan.recovery")?
                .parse()
                .ok()?;
            Some((pid, entry.path()))
        })
        .collect()
}

/// Waits until `ready` gives a value; panics if the app ends first or the limit passes.
fn wait_for<T>(app: &mut Child, what: &str, ready: impl Fn() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(value) = ready() {
            return value;
        }
        if let Ok(Some(status)) = app.try_wait() {
            panic!("the app ended ({status}) before {what}");
        }
        assert!(
            started.elapsed() < START_LIMIT,
            "no {what} after {START_LIMIT:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Checks `pid` is the `opsplan` process (not the `xvfb-run` script) and kills it with SIGKILL.
fn kill_hard(pid: u32) {
    let command_line = std::fs::read(format!("/proc/{pid}/cmdline")).expect("pid runs");
    assert!(
        String::from_utf8_lossy(&command_line).contains("opsplan"),
        "pid {pid} is the app"
    );
    let status = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -9 {pid}");
}

/// The PID of the `opsplan` process whose environment has `HOME` = `home`.
fn app_process_with_home(home: &Path) -> Option<u32> {
    let wanted = format!("HOME={}", home.display());
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let command_line = std::fs::read(entry.path().join("cmdline")).ok()?;
            let program = command_line.split(|&b| b == 0).next()?;
            if !String::from_utf8_lossy(program).ends_with("opsplan") {
                return None;
            }
            let environment = std::fs::read(entry.path().join("environ")).ok()?;
            environment
                .split(|&b| b == 0)
                .any(|variable| variable == wanted.as_bytes())
                .then_some(pid)
        })
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
fn a_killed_json_import_is_offered_again_at_the_next_start() {
    let Some(xvfb_run) = xvfb_run() else {
        eprintln!("note: xvfb-run is not installed; the GUI crash-recovery test is skipped");
        return;
    };
    let folder = tempfile::tempdir().expect("temp folder");
    let home = folder.path().join("home");
    let json = small_json();
    let plan_name = Document::open(&json)
        .expect("small plan")
        .plan()
        .settings
        .name
        .clone();

    let mut app = start_app(&xvfb_run, &[&json], &home);
    let (pid, snapshot) = wait_for(&mut app, "the autosave of the import", || {
        unsaved_snapshots(&home).into_iter().next()
    });
    std::thread::sleep(RUN_FOR);
    kill_hard(pid);
    reap(app);
    assert!(
        snapshot.is_file(),
        "{} survives the kill",
        snapshot.display()
    );
    let saved_at = std::fs::metadata(&snapshot)
        .and_then(|m| m.modified())
        .expect("snapshot time");
    let recovered = Recovery {
        path: snapshot.clone(),
        saved_at,
    }
    .load()
    .expect("the snapshot is a whole plan file");
    assert_eq!(recovered.settings.name, plan_name);

    // Started again with no argument, the app offers the crashed import.
    let mut app = start_app(&xvfb_run, &[], &home);
    let stderr = app.stderr.take().expect("stderr piped");
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let expected = format!("offering to restore “{plan_name}”");
    let offer = wait_for(&mut app, "the restore offer on stderr", || {
        received.try_iter().find(|line| line.contains(&expected))
    });
    assert!(offer.contains("(never saved)"), "{offer}");
    assert!(offer.contains(" UTC were recovered"), "{offer}");
    // Stop the second app: the opsplan process (not xvfb-run) that runs with this test's HOME.
    let second = wait_for(&mut app, "the second app's process", || {
        app_process_with_home(&home)
    });
    kill_hard(second);
    reap(app);
    assert!(
        snapshot.is_file(),
        "nothing was answered, so the snapshot stays"
    );
}
