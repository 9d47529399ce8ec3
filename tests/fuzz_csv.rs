//! Fuzzing CSV import: a valid CSV folder (the manufacturer sample) with one file mutated never
//! panics or hangs; every failure is a typed error naming the file. Cases per target:
//! `OPSPLAN_FUZZ_CASES` (default 2000).

use std::cell::Cell;
use std::fs;
use std::time::{Duration, Instant};

use opsplan::app::files::read_plan;
use opsplan::domain::validate;
use opsplan::io::json::parse_plan;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
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

fn cases() -> u32 {
    std::env::var("OPSPLAN_FUZZ_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(2000)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

/// One edit of a byte string; positions are taken modulo the current length.
#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, bit: u8 },
    Insert { at: usize, byte: u8 },
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
    Token { at: usize, len: usize, token: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..8_u8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        (any::<usize>(), prop::sample::select(CSV_BYTES))
            .prop_map(|(at, byte)| Mutation::Insert { at, byte }),
        (any::<usize>(), 1..64_usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 1..256_usize).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), 1..12_usize, 0..TOKENS.len())
            .prop_map(|(at, len, token)| Mutation::Token { at, len, token }),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let len = bytes.len();
    match *mutation {
        Mutation::Flip { at, bit } => bytes[at % len] ^= 1 << bit,
        Mutation::Insert { at, byte } => bytes.insert(at % (len + 1), byte),
        Mutation::Delete { at, len: count } => {
            let start = at % len;
            bytes.drain(start..(start + count).min(len));
        }
        Mutation::Duplicate { at, len: count } => {
            let start = at % len;
            let slice = bytes[start..(start + count).min(len)].to_vec();
            bytes.splice(start..start, slice);
        }
        Mutation::Truncate { at } => bytes.truncate(at % len),
        Mutation::Token {
            at,
            len: count,
            token,
        } => {
            let start = at % len;
            let end = (start + count).min(len);
            bytes.splice(start..end, TOKENS[token].bytes());
        }
    }
}

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
    let strategy = (0..files.len(), prop::collection::vec(mutation(), 1..6));
    let (read, total) = (Cell::new(0_u32), Cell::new(0_u32));
    runner()
        .run(&strategy, |(target, mutations)| {
            let dir = TempDir::new().expect("temp dir");
            for (index, (name, bytes)) in files.iter().enumerate() {
                let mut bytes = bytes.clone();
                if index == target {
                    for mutation in &mutations {
                        apply(&mut bytes, mutation);
                    }
                }
                fs::write(dir.path().join(name), bytes).expect("write");
            }
            let started = Instant::now();
            let result = read_plan(dir.path());
            if let Ok(plan) = &result {
                let _ = validate(plan);
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
