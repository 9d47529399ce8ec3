//! The optimised analytics agree with the simple reference implementation (tests/common) to
//! 1e-9 relative on a generated plan of size M (2,000 items, 100 resources, 52 periods).

mod common;

use opsplan::analytics::analyze;
use opsplan::app::generate::{GenerateSpec, generate};

#[test]
fn plan_m_matches_the_reference_implementation() {
    let plan = generate(GenerateSpec {
        items: 2_000,
        resources: 100,
        periods: 52,
        seed: 42,
    });
    let analysis = analyze(&plan).expect("a generated plan is valid");
    let json = serde_json::to_value(&analysis).expect("serialisable");
    let compared = common::check_against_reference(&plan, &json);
    // 2,000 items × 5 cost figures + 100 resources × 52 periods × 2 + requirements and lots.
    assert!(compared > 20_000, "only {compared} numbers compared");
}
