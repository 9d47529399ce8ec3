//! Fuzzing the plan JSON reader: arbitrary text and mutated valid documents never panic or hang;
//! every failure is a typed `JsonError`. Cases per target: `OPSPLAN_FUZZ_CASES` (default 2000).

use std::cell::Cell;
use std::time::{Duration, Instant};

use opsplan::domain::validate;
use opsplan::io::json::{JsonError, parse_plan};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// The sample plans: real, valid documents touching every table.
const SAMPLES: [&str; 2] = [
    include_str!("../data/manufacturer.json"),
    include_str!("../data/service.json"),
];

/// Bytes a mutation inserts: mostly JSON's own punctuation, digits and keywords' letters.
const JSON_BYTES: &[u8] = b"{}[]\":,.-+eE0123456789 \\nultrfasx\n\t\x00\xff";

/// Replacement tokens that stress number and nesting handling.
const TOKENS: [&str; 10] = [
    "1e999",
    "-1e999",
    "1e-400",
    "-0",
    "18446744073709551616",
    "-9223372036854775809",
    "NaN",
    "\"\\ud800\"",
    "[[[[[[[[[[[[[[[[[[[[",
    "null",
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
        (any::<usize>(), prop::sample::select(JSON_BYTES))
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

/// Parses `text`, which must give a plan or a typed error, quickly; a plan is then validated.
/// Returns whether it gave a plan.
fn parse_quickly(text: &str) -> Result<bool, TestCaseError> {
    let started = Instant::now();
    let result: Result<_, JsonError> = parse_plan(text);
    if let Ok(plan) = &result {
        // Whatever was read must be checkable too.
        let _ = validate(plan);
    }
    prop_assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    Ok(result.is_ok())
}

#[test]
fn samples_parse_as_the_base_of_the_mutations() {
    for sample in SAMPLES {
        let plan = parse_plan(sample).expect("sample is valid JSON");
        assert!(validate(&plan).is_valid());
    }
}

#[test]
fn arbitrary_text_never_panics() {
    runner()
        .run(
            &prop_oneof![
                any::<String>(),
                prop::collection::vec(any::<u8>(), 0..512)
                    .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
                prop::collection::vec(prop::sample::select(JSON_BYTES), 0..512)
                    .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
            ],
            |text| parse_quickly(&text).map(drop),
        )
        .expect("no panic, no hang");
}

#[test]
fn mutated_valid_documents_never_panic() {
    let strategy = (0..SAMPLES.len(), prop::collection::vec(mutation(), 1..8));
    let (parsed, total) = (Cell::new(0_u32), Cell::new(0_u32));
    runner()
        .run(&strategy, |(sample, mutations)| {
            let mut bytes = SAMPLES[sample].as_bytes().to_vec();
            for mutation in &mutations {
                apply(&mut bytes, mutation);
            }
            let ok = parse_quickly(&String::from_utf8_lossy(&bytes))?;
            parsed.set(parsed.get() + u32::from(ok));
            total.set(total.get() + 1);
            Ok(())
        })
        .expect("no panic, no hang");
    eprintln!(
        "mutated JSON: {} of {} documents still parsed",
        parsed.get(),
        total.get()
    );
    // Some mutations (a flipped letter inside a name) keep the document readable: the cases
    // reach past the first syntax error into the plan reader.
    assert!(parsed.get() > 0 && parsed.get() < total.get());
}

#[test]
fn deep_nesting_is_a_typed_error_not_a_stack_overflow() {
    // 100,000 levels would overflow the stack of a naive recursive reader; serde_json skips them
    // without recursion (envelope pass) or stops at its limit of 128 levels.
    for value in ["[", "{\"a\": "] {
        let deep = format!(
            r#"{{"plan": {{"name": "P", "periods": 1}}, "items": {}}}"#,
            value.repeat(100_000)
        );
        let error = parse_plan(&deep).expect_err("unbalanced and too deep");
        assert!(
            matches!(error, JsonError::Schema { .. } | JsonError::Syntax { .. }),
            "{error:?}"
        );
    }
}
