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

// Taken from main at 52c882c (before the streaming writer), then on 2026-12-04 when the material
// plan came to net records on demand and an empty sum came to be +0.0: the ordering cost of a
// plan without orders, the material and conversion cost of an item without children or steps,
// were -0.0 (the sum of an empty f64 iterator) and are 0.0, and the manufacturer's inventory
// value, now summed in planning order, moved in the last digit of four periods (e.g.
// 23922.694654378207 to 23922.69465437821). Again on 2026-12-04 (session 9), when the material
// plan came to plan level by level and to sum an item's dependent demand over its parents in
// BOM row order: sums of two or more parents' releases moved in the last digits, checked value
// by value against the previous build (largest relative change 6e-12 on plan L, in an idle
// cost; 3e-16 on the manufacturer sample, e.g. an inventory value of 23922.69465437821 that is
// now 23922.694654378203). The release binary gives the same.
const MANUFACTURER_LEN: usize = 110_089;
const MANUFACTURER_HASH: u64 = 421_205_745_728_429_732;
const SERVICE_LEN: usize = 28_903;
const SERVICE_HASH: u64 = 17_951_568_012_316_424_226;
const SMALL_LEN: usize = 602_357;
const SMALL_HASH: u64 = 13_568_544_505_775_481_723;
const COMPACT_LEN: usize = 5_468_126;
const COMPACT_HASH: u64 = 3_830_665_754_012_919_711;
