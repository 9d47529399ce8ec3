//! Shared pieces of the fuzz tests: the case count (`OPSPLAN_FUZZ_CASES`, default 2000), the
//! proptest runner, and byte-level mutations of a valid input with a format's own alphabet and
//! tokens.

#![allow(dead_code)]

pub mod analysis_check;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Cases per fuzz target: `OPSPLAN_FUZZ_CASES`, default 2000 (the CI short mode).
pub fn cases() -> u32 {
    std::env::var("OPSPLAN_FUZZ_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(2000)
}

/// A runner for `cases` cases that writes no regression files.
pub fn runner_with(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// A runner for the configured number of cases.
pub fn runner() -> TestRunner {
    runner_with(cases())
}

/// One edit of a byte string; positions are taken modulo the current length.
#[derive(Debug, Clone)]
pub enum Mutation {
    Flip { at: usize, bit: u8 },
    Insert { at: usize, byte: u8 },
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
    Token { at: usize, len: usize, token: usize },
}

/// Mutations inserting bytes of `alphabet` and replacing runs by one of `token_count` tokens.
pub fn mutation(alphabet: &'static [u8], token_count: usize) -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..8_u8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        (any::<usize>(), prop::sample::select(alphabet))
            .prop_map(|(at, byte)| Mutation::Insert { at, byte }),
        (any::<usize>(), 1..64_usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 1..256_usize).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), 1..12_usize, 0..token_count)
            .prop_map(|(at, len, token)| Mutation::Token { at, len, token }),
    ]
}

/// Applies one mutation; `tokens` is the list the `Token` indices refer to.
pub fn apply(bytes: &mut Vec<u8>, mutation: &Mutation, tokens: &[&str]) {
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
            if let Some(token) = tokens.get(token) {
                bytes.splice(start..end, token.bytes());
            }
        }
    }
}
