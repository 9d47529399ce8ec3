//! `install_desktop` in a temp home: the entry, icon and MIME type land under `$XDG_DATA_HOME`
//! and `xdg-mime` names opsplan.desktop as the default for plan files.

use std::path::Path;
use std::process::Command;

use opsplan::app::desktop::{PLAN_MIME_TYPE, install_desktop, tool_is_present};

#[test]
fn install_desktop_registers_the_plan_mime_type() {
    let home = tempfile::tempdir().expect("temp home");
    let data = home.path().join("data");
    let config = home.path().join("config");
    // SAFETY: the other test of this binary starts its process with a cleared environment, so
    // nothing else reads the environment.
    unsafe {
        std::env::set_var("HOME", home.path());
        std::env::set_var("XDG_DATA_HOME", &data);
        std::env::set_var("XDG_CONFIG_HOME", &config);
    }
    let install = install_desktop().expect("install succeeds");
    let desktop_file = install.desktop_file.clone();
    assert_eq!(desktop_file, data.join("applications/opsplan.desktop"));
    let entry = std::fs::read_to_string(&desktop_file).expect("entry written");
    assert!(entry.contains("MimeType=application/x-opsplan;"), "{entry}");
    assert!(
        data.join("icons/hicolor/256x256/apps/opsplan.png")
            .is_file()
    );
    let package = std::fs::read_to_string(data.join("mime/packages/opsplan.xml")).expect("mime");
    assert!(package.contains(r#"<glob pattern="*.opsplan""#));

    if tool_is_present("update-mime-database") {
        let globs = std::fs::read_to_string(data.join("mime/globs2")).expect("mime database built");
        assert!(globs.contains("application/x-opsplan:*.opsplan"), "{globs}");
    } else {
        println!("note: update-mime-database is not installed; the MIME database was not built");
    }
    assert_eq!(
        install.associated(),
        tool_is_present("update-mime-database") && tool_is_present("xdg-mime")
    );
    if !tool_is_present("xdg-mime") {
        println!(
            "note: xdg-mime is not installed (apt-get install xdg-utils); default not checked"
        );
        return;
    }
    assert_eq!(
        query_default(home.path(), &data, &config),
        "opsplan.desktop"
    );
}

fn query_default(home: &Path, data: &Path, config: &Path) -> String {
    let output = Command::new("xdg-mime")
        .args(["query", "default", PLAN_MIME_TYPE])
        .env("HOME", home)
        .env("XDG_DATA_HOME", data)
        .env("XDG_CONFIG_HOME", config)
        .output()
        .expect("xdg-mime runs");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Defect 4: with `xdg-mime` and `update-mime-database` missing, `install-desktop` says what it
/// wrote and what it skipped, does not claim the association, and exits non-zero.
#[test]
fn install_desktop_without_the_tools_exits_non_zero_and_says_what_was_skipped() {
    let home = tempfile::tempdir().expect("temp home");
    let output = Command::new(env!("CARGO_BIN_EXE_opsplan"))
        .arg("install-desktop")
        .env_clear()
        .env("PATH", home.path().join("no-tools-here"))
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .expect("opsplan runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("wrote "), "{stderr}");
    assert!(
        stderr.contains("skipped xdg-mime: not installed"),
        "{stderr}"
    );
    assert!(stderr.contains("skipped update-mime-database"), "{stderr}");
    assert!(!stderr.contains("now open with Opsplan"), "{stderr}");
}
