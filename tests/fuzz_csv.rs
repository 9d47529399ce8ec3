//! Fuzzing CSV import: a valid CSV folder (the manufacturer sample) with one file mutated never
//! panics or hangs; every failure is a typed error naming the file. Cases per target:
//! `OPSPLAN_FUZZ_CASES` (default 2000).

mod fuzz_support;

use std::cell::Cell;
use std::fs;
use std::time::{Duration, Instant};

use fuzz_support::analysis_check::analysis_problems;
use fuzz_support::{apply, mutation, runner};
use opsplan::app::files::read_plan;
use opsplan::domain::validate;
use opsplan::io::json::parse_plan;
use proptest::prelude::*;
use tempfile::TempDir;

/// Bytes a mutation inserts: CSV's own punctuation, digits, quotes and line ends.
const CSV_BYTES: &[u8] = b",\"\r\n.-+eE0123456789 abcxyz\t\x00\xff;";

/// Replacement tokens that stress number, quoting and field handling.
const TOKENS: [&str; 10] = [
    "1e999",
    "NaN",
    "-0",
    "18446744073709551616",
    "\"unterminated",
    "\"\"\"",
    ",,,,,,,,",
    "\r\n\r\n",
    "=cmd|' /C calc'!A0",
    "\u{feff}",
];

/// The manufacturer sample written as a CSV folder: (file name, bytes) per table file.
fn base_files() -> Vec<(String, Vec<u8>)> {
    let plan = parse_plan(include_str!("../data/manufacturer.json")).expect("sample");
    let dir = TempDir::new().expect("temp dir");
    opsplan::io::csv::write_plan_dir(&plan, dir.path()).expect("write csv");
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir.path())
        .expect("read folder")
        .map(|entry| {
            let entry = entry.expect("entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, fs::read(entry.path()).expect("read file"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn base_folder_reads_back_as_a_valid_plan() {
    let dir = TempDir::new().expect("temp dir");
    for (name, bytes) in base_files() {
        fs::write(dir.path().join(name), bytes).expect("write");
    }
    let plan = read_plan(dir.path()).expect("base folder reads");
    assert!(validate(&plan).is_valid());
    assert!(base_files().len() >= 8, "the sample fills most tables");
}

#[test]
fn mutated_csv_folders_never_panic() {
    let files = base_files();
    let strategy = (
        0..files.len(),
        prop::collection::vec(mutation(CSV_BYTES, TOKENS.len()), 1..6),
    );
    let (read, total) = (Cell::new(0_u32), Cell::new(0_u32));
    runner()
        .run(&strategy, |(target, mutations)| {
            let dir = TempDir::new().expect("temp dir");
            for (index, (name, bytes)) in files.iter().enumerate() {
                let mut bytes = bytes.clone();
                if index == target {
                    for mutation in &mutations {
                        apply(&mut bytes, mutation, &TOKENS);
                    }
                }
                fs::write(dir.path().join(name), bytes).expect("write");
            }
            let started = Instant::now();
            let result = read_plan(dir.path());
            if let Ok(plan) = &result
                && validate(plan).is_valid()
            {
                // A valid plan read from mutated files is analysed like any other.
                let problems = analysis_problems(plan);
                prop_assert!(problems.is_empty(), "{problems:?}");
            }
            prop_assert!(started.elapsed() < Duration::from_secs(2));
            if let Err(error) = &result {
                // Every error names where it happened: the folder or one of its files.
                let message = error.to_string();
                prop_assert!(
                    message.contains(&*dir.path().to_string_lossy()),
                    "{message}"
                );
            }
            read.set(read.get() + u32::from(result.is_ok()));
            total.set(total.get() + 1);
            Ok(())
        })
        .expect("no panic, no hang");
    eprintln!(
        "mutated CSV: {} of {} folders still read",
        read.get(),
        total.get()
    );
    assert!(read.get() < total.get());
}
