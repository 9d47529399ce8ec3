//! `opsplan export --format csv` into a folder that holds an earlier export: tables now empty
//! lose their stale file, other files stay, and the folder imports back to the same plan.

use std::process::Command;

fn opsplan(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_opsplan"))
        .args(args)
        .output()
        .expect("the opsplan binary runs")
}

#[test]
fn a_csv_export_replaces_an_earlier_one_and_imports_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/manufacturer.json");
    let plan = dir.path().join("bikes.opsplan");
    let folder = dir.path().join("bikes_csv");
    let made = opsplan(&[
        "import".as_ref(),
        sample.as_os_str(),
        "-o".as_ref(),
        plan.as_os_str(),
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    std::fs::create_dir_all(&folder).expect("folder");
    // An earlier export had scenarios; the manufacturer sample has none.
    std::fs::write(folder.join("scenarios.csv"), "name,plan\n").expect("stale table");
    std::fs::write(folder.join("notes.txt"), "keep me").expect("user file");

    let export = opsplan(&[
        "export".as_ref(),
        plan.as_os_str(),
        "-o".as_ref(),
        folder.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
    ]);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    assert!(
        !folder.join("scenarios.csv").exists(),
        "stale table file removed"
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("notes.txt")).expect("kept"),
        "keep me"
    );
    assert!(folder.join("items.csv").exists() && folder.join("measurements.csv").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folder left: {leftovers:?}"
    );

    // notes.txt is not a plan table: move it away before importing the folder back.
    std::fs::remove_file(folder.join("notes.txt")).expect("remove");
    let again = dir.path().join("again.opsplan");
    let back = opsplan(&[
        "import".as_ref(),
        folder.as_os_str(),
        "-o".as_ref(),
        again.as_os_str(),
    ]);
    assert!(
        back.status.success(),
        "{}",
        String::from_utf8_lossy(&back.stderr)
    );
    let first = opsplan::app::files::read_plan(&plan).expect("read");
    let second = opsplan::app::files::read_plan(&again).expect("read");
    assert_eq!(
        first, second,
        "CSV export → import round-trips the plan exactly"
    );
}
