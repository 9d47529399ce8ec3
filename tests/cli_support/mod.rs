//! Shared helpers of the CLI tests: run the real binary and check how it ended.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `opsplan` with `args` and returns how it ended.
pub fn opsplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opsplan"))
        .args(args)
        .output()
        .expect("the opsplan binary runs")
}

/// A temp path as a command-line argument.
pub fn text(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// Runs `opsplan`, asserts it succeeded and returns its stdout.
pub fn succeeds(args: &[&str]) -> String {
    let output = opsplan(args);
    assert!(
        output.status.success(),
        "opsplan {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs `opsplan`, asserts it failed with nothing on stdout and returns its stderr.
pub fn fails(args: &[&str]) -> String {
    let output = opsplan(args);
    assert!(!output.status.success(), "opsplan {args:?} succeeded");
    assert!(output.stdout.is_empty(), "nothing on stdout on failure");
    String::from_utf8_lossy(&output.stderr).into_owned()
}
