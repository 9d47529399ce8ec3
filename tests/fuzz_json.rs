//! Fuzzing the plan JSON reader: arbitrary text and mutated valid documents never panic or hang;
//! every failure is a typed `JsonError`. Cases per target: `OPSPLAN_FUZZ_CASES` (default 2000).

mod fuzz_support;

use std::cell::Cell;
use std::time::{Duration, Instant};

use fuzz_support::analysis_check::analysis_problems;
use fuzz_support::{apply, mutation, runner};
use opsplan::domain::validate;
use opsplan::io::json::{JsonError, parse_plan};
use proptest::prelude::*;

/// The sample plans: real, valid documents touching every table.
const SAMPLES: [&str; 2] = [
    include_str!("../data/manufacturer.json"),
    include_str!("../data/service.json"),
];

/// Bytes a mutation inserts: mostly JSON's own punctuation, digits and keywords' letters.
const JSON_BYTES: &[u8] = b"{}[]\":,.-+eE0123456789 \\nultrfasx\n\t\x00\xff";

/// Replacement tokens that stress number and nesting handling.
const TOKENS: [&str; 13] = [
    "1e999",
    "-1e999",
    "1e-400",
    // Finite but absurd: a price of 1e300 made profit NaN before the real-number limits.
    "1e300",
    "-1e300",
    "1e-300",
    "-0",
    "18446744073709551616",
    "-9223372036854775809",
    "NaN",
    "\"\\ud800\"",
    "[[[[[[[[[[[[[[[[[[[[",
    "null",
];

/// Parses `text`, which must give a plan or a typed error, quickly; a plan is then validated.
/// Returns whether it gave a plan.
fn parse_quickly(text: &str) -> Result<bool, TestCaseError> {
    let started = Instant::now();
    let result: Result<_, JsonError> = parse_plan(text);
    if let Ok(plan) = &result {
        // Whatever was read must be checkable too, and analysable when it is valid.
        if validate(plan).is_valid() {
            let problems = analysis_problems(plan);
            prop_assert!(problems.is_empty(), "{problems:?}");
        }
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
    let strategy = (
        0..SAMPLES.len(),
        prop::collection::vec(mutation(JSON_BYTES, TOKENS.len()), 1..8),
    );
    let (parsed, total) = (Cell::new(0_u32), Cell::new(0_u32));
    runner()
        .run(&strategy, |(sample, mutations)| {
            let mut bytes = SAMPLES[sample].as_bytes().to_vec();
            for mutation in &mutations {
                apply(&mut bytes, mutation, &TOKENS);
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
