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

/// Plan M has about 38,000 BOM, routing and demand rows, above the row count at which
/// validation runs beside the analysis: the result must not depend on that.
#[test]
fn validation_beside_the_analysis_gives_the_same_result_and_still_refuses_bad_plans() {
    use opsplan::analytics::{AnalysisError, PARALLEL_ROWS, analyze_valid};
    let mut plan = generate(GenerateSpec {
        items: 2_000,
        resources: 100,
        periods: 52,
        seed: 7,
    });
    let rows = plan.items.len() + plan.bom.len() + plan.routing.len() + plan.demand.len();
    assert!(rows > PARALLEL_ROWS, "{rows} rows");
    let analysis = analyze(&plan).expect("a generated plan is valid");
    assert_eq!(analysis, analyze_valid(&plan));

    plan.demand[10].qty = -3.0;
    let Err(AnalysisError::Invalid(report)) = analyze(&plan) else {
        panic!("a negative demand must be refused");
    };
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].table, "demand");
    assert_eq!(report.problems[0].row, Some(11));
    assert_eq!(report.problems[0].field, "qty");

    // A horizon far outside the accepted range is refused without analysing 10^9 periods.
    plan.demand[10].qty = 3.0;
    plan.settings.periods = 1_000_000_000;
    assert!(matches!(analyze(&plan), Err(AnalysisError::Invalid(_))));
}
