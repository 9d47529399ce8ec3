//! `opsplan analyze PLAN --json` through the real binary writes exactly the bytes it wrote before
//! the document was streamed to stdout (issue 17 part 3): the length and FNV-1a hash of each
//! output below were taken from main at 52c882c, which built the whole document as one string
//! with `serde_json::to_string(_pretty)` and printed it with `println!`.
//!
//! A change to the analysis that is meant to change the output changes these figures too; take
//! the new ones from the failure message after checking the change in the JSON itself.

mod cli_support;

use cli_support::{succeeds, text};

/// FNV-1a, 64 bits (offset basis and prime from the FNV reference, isthe.com/chongo/tech/comp/fnv).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `analyze --json` on `plan`, as (length in bytes, hash).
fn analyze_json(plan: &str) -> (usize, u64) {
    let out = succeeds(&["analyze", plan, "--json"]);
    (out.len(), fnv1a(out.as_bytes()))
}

/// Generates the plan of `args` (seed 1) into a temp folder and returns its `analyze --json`.
fn generated_analyze_json(args: &[&str]) -> (usize, u64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("generated.opsplan");
    let mut generate = vec!["generate"];
    generate.extend_from_slice(args);
    generate.extend_from_slice(&["--seed", "1", "-o", text(&plan)]);
    succeeds(&generate);
    analyze_json(text(&plan))
}

fn sample(name: &str) -> String {
    format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn fnv1a_matches_the_reference_values() {
    // FNV-1a 64 test vectors: "" is the offset basis, "a" = 0xaf63dc4c8601ec8c.
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
}

#[test]
fn manufacturer_sample_output_is_unchanged() {
    assert_eq!(
        analyze_json(&sample("manufacturer.json")),
        (MANUFACTURER_LEN, MANUFACTURER_HASH)
    );
}

#[test]
fn service_sample_output_is_unchanged() {
    assert_eq!(
        analyze_json(&sample("service.json")),
        (SERVICE_LEN, SERVICE_HASH)
    );
}

#[test]
fn small_generated_plan_output_is_unchanged_and_pretty() {
    let (len, hash) =
        generated_analyze_json(&["--items", "200", "--resources", "20", "--periods", "12"]);
    assert!(len < opsplan::app::operations::PRETTY_JSON_LIMIT);
    assert_eq!((len, hash), (SMALL_LEN, SMALL_HASH));
}

#[test]
fn larger_generated_plan_output_is_unchanged_and_compact() {
    let (len, hash) =
        generated_analyze_json(&["--items", "1000", "--resources", "50", "--periods", "52"]);
    assert!(len > opsplan::app::operations::PRETTY_JSON_LIMIT);
    assert_eq!((len, hash), (COMPACT_LEN, COMPACT_HASH));
}

// Taken from main at 52c882c (before the streaming writer); the release binary gives the same.
const MANUFACTURER_LEN: usize = 110_113;
const MANUFACTURER_HASH: u64 = 13_219_346_304_762_801_056;
const SERVICE_LEN: usize = 28_912;
const SERVICE_HASH: u64 = 11_246_299_961_889_956_955;
const SMALL_LEN: usize = 602_422;
const SMALL_HASH: u64 = 15_869_503_961_022_965_096;
const COMPACT_LEN: usize = 5_468_488;
const COMPACT_HASH: u64 = 10_391_009_184_585_840_723;
