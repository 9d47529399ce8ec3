//! Quality analytics against published examples (Montgomery, *Introduction to Statistical
//! Quality Control*, 6th ed.) and hand-computed cases. Data files and their sources are in
//! `tests/data/quality/README.md`.

use opsplan::analytics::quality::{
    ChartKind, ControlChart, PChartKind, QualityResults, Violation, quality,
};
use opsplan::domain::{
    Characteristic, ChartSetting, ControlLimit, Defect, Inspection, Item, ItemKind, Measurement,
    Plan, Resource, RoutingStep, validate,
};

/// Reads a `label,value` file, skipping `#` comments and the header.
fn read_series(name: &str) -> Vec<(i64, f64)> {
    let path = format!("{}/tests/data/quality/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .skip(1)
        .map(|line| {
            let (label, value) = line.split_once(',').expect("two columns");
            (label.parse().expect("label"), value.parse().expect("value"))
        })
        .collect()
}

/// A valid plan with item PART and one characteristic C1 holding `series`.
fn plan_with_series(characteristic: Characteristic, series: &[(i64, f64)]) -> Plan {
    let plan = Plan {
        items: vec![item("PART")],
        measurements: series
            .iter()
            .map(|&(subgroup, value)| Measurement {
                characteristic: characteristic.code.clone(),
                subgroup,
                value,
            })
            .collect(),
        characteristics: vec![characteristic],
        ..Plan::default()
    };
    assert!(validate(&plan).is_valid(), "{:?}", validate(&plan));
    plan
}

fn item(code: &str) -> Item {
    Item {
        code: code.to_string(),
        kind: ItemKind::Component,
        ..Item::default()
    }
}

fn characteristic(lsl: Option<f64>, usl: Option<f64>) -> Characteristic {
    Characteristic {
        code: "C1".to_string(),
        item: "PART".to_string(),
        lsl,
        usl,
        ..Characteristic::default()
    }
}

fn settings(center: Option<f64>, sigma: Option<f64>) -> ChartSetting {
    ChartSetting {
        characteristic: "C1".to_string(),
        center,
        sigma,
        ..ChartSetting::default()
    }
}

fn only_chart(results: &QualityResults) -> &ControlChart {
    assert_eq!(results.charts.len(), 1, "messages: {:?}", results.messages);
    &results.charts[0]
}

fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= tolerance
}

#[track_caller]
fn assert_close(actual: f64, expected: f64, tolerance: f64) {
    assert!(
        close(actual, expected, tolerance),
        "{actual} is not within {tolerance} of {expected}"
    );
}

fn rules(chart: &ControlChart) -> Vec<(u8, usize)> {
    chart.violations.iter().map(|v| (v.rule, v.index)).collect()
}

#[test]
fn piston_rings_xbar_r_chart_matches_montgomery_example_6_1() {
    let series = read_series("piston_rings_table_6_3.csv");
    assert_eq!(series.len(), 125);
    let results = quality(&plan_with_series(characteristic(None, None), &series));
    let chart = only_chart(&results);
    assert_eq!(chart.kind, ChartKind::XbarR);
    assert_eq!(chart.points.len(), 25);
    // Book: X̄̄ = 1850.028/25 = 74.001, R̄ = 0.581/25 = 0.023 (three decimals).
    assert_close(chart.center, 74.001, 0.0005);
    assert_close(chart.range_center, 0.023, 0.0005);
    // Unrounded: Σ of the 125 values / 125 = 74.001176, ΣR = 0.581 exactly, R̄ = 0.02324.
    assert_close(chart.center, 74.001_176, 1e-9);
    assert_close(chart.range_center, 0.023_24, 1e-12);
    // Book: limits 74.001 ± 0.577·0.023 = 74.014 / 73.988, from the rounded X̄̄ and R̄.
    // Unrounded: 74.001176 ± 0.577·0.02324 = 74.01458548 / 73.98776652, which is within one unit
    // of the printed third decimal (the book rounds X̄̄ and R̄ before multiplying).
    assert_close(chart.ucl, 74.014, 0.001);
    assert_close(chart.lcl, 73.988, 0.0005);
    assert_close(chart.ucl, 74.014_585_48, 1e-9);
    assert_close(chart.lcl, 73.987_766_52, 1e-9);
    // Book: R chart UCL = D4·R̄ = 2.114·0.023 = 0.049; LCL = 0 (D3 = 0 at n = 5).
    assert_close(chart.range_ucl, 0.049, 0.0005);
    assert_close(chart.range_ucl, 2.114 * 0.023_24, 1e-12);
    assert_eq!(chart.range_lcl, 0.0);
    // Book's first subgroup: x̄1 = 74.010, R1 = 0.038; subgroup 14: x̄ = 73.990, R = 0.039.
    assert_close(chart.points[0].value, 74.010, 0.0005);
    assert_close(chart.range_points[0].value, 0.038, 1e-9);
    assert_close(chart.points[13].value, 73.990, 0.0005);
    assert_close(chart.range_points[13].value, 0.039, 1e-9);
    // The book finds the process in control: no point outside the limits, no run rule.
    assert!(
        chart
            .points
            .iter()
            .all(|p| p.value < p.ucl && p.value > p.lcl)
    );
    assert_eq!(chart.violations, Vec::<Violation>::new());
    // σ_within = R̄/d2 = 0.02324/2.326 = 0.0099914 (book: 0.023/2.326 = 0.0099).
    assert_close(chart.sigma_within, 0.023_24 / 2.326, 1e-12);
}

#[test]
fn piston_rings_capability_within_specs_74_plus_minus_0_05() {
    // Montgomery §6.2: specs 74.000 ± 0.05 → Cp = 0.10/(6·0.0099) = 1.68 with the rounded σ.
    // Unrounded: σ = 0.0099914, Cp = 0.1/0.0599484 = 1.66810;
    // Cpk = min(74.05 − 74.001176, 74.001176 − 73.95)/(3σ) = 0.048824/0.0299742 = 1.62887.
    let series = read_series("piston_rings_table_6_3.csv");
    let results = quality(&plan_with_series(
        characteristic(Some(73.95), Some(74.05)),
        &series,
    ));
    let chart = only_chart(&results);
    assert_close(chart.cp.expect("two-sided specs"), 1.68, 0.015);
    assert_close(chart.cp.expect("two-sided specs"), 1.668_100_98, 1e-6);
    assert_close(chart.cpk.expect("specs"), 1.628_867_24, 1e-6);
    // pp/ppk use all 125 values. In thousandths of a mm above 74: Σd = 147, Σd² = 13071, so
    // s² = (13071 − 147²/125)/124 = 104.017164 → s = 0.01019888 mm;
    // pp = 0.1/(6s) = 1.634166, ppk = min(74.05 − 74.001176, 74.001176 − 73.95)/(3s)
    // = 0.048824/0.03059664 = 1.595731.
    assert_close(chart.pp.expect("two-sided specs"), 1.634_166_30, 1e-6);
    assert_close(chart.ppk.expect("specs"), 1.595_730_71, 1e-6);
}

/// Montgomery Table 9.1 as an individuals chart with the known standards μ0 = 10, σ = 1 and the
/// chapter-9 CUSUM/EWMA parameters.
fn montgomery_chapter_9_chart() -> ControlChart {
    let series = read_series("cusum_table_9_1.csv");
    assert_eq!(series.len(), 30);
    let mut plan = plan_with_series(characteristic(None, None), &series);
    plan.chart_settings = vec![ChartSetting {
        ewma_lambda: 0.1,
        ewma_l: 2.7,
        cusum_k: 0.5,
        cusum_h: 5.0,
        ..settings(Some(10.0), Some(1.0))
    }];
    assert!(validate(&plan).is_valid());
    only_chart(&quality(&plan)).clone()
}

#[test]
fn cusum_matches_montgomery_table_9_2() {
    let chart = montgomery_chapter_9_chart();
    assert_eq!(chart.kind, ChartKind::IMr);
    // Table 9.2 as printed (two decimals): C⁺ with K = 0.5 (x − 10.5), C⁻ with (9.5 − x).
    let printed_c_plus = [
        0.0, 0.0, 0.0, 1.16, 2.82, 2.50, 0.04, 1.00, 0.0, 0.0, 0.0, 0.97, 0.98, 0.0, 0.0, 0.0,
        0.12, 0.0, 0.0, 0.34, 0.74, 0.0, 1.79, 2.79, 2.89, 3.47, 3.35, 4.47, 5.28, 5.30,
    ];
    let printed_c_minus = [
        0.05, 1.56, 1.77, 0.0, 0.0, 0.0, 1.46, 0.0, 0.30, 0.0, 0.47, 0.0, 0.0, 0.10, 0.0, 0.13,
        0.0, 0.0, 0.98, 0.0, 0.0, 0.17, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    ];
    let cusum = chart.cusum.as_ref().expect("equal sizes have a CUSUM");
    for (k, point) in cusum.iter().enumerate() {
        assert_close(point.c_plus, printed_c_plus[k], 0.005 + 1e-9);
        assert_close(point.c_minus, printed_c_minus[k], 0.005 + 1e-9);
    }
    // H = h·σ = 5; C⁺ first exceeds it at observation 29 with C⁺29 = 5.28.
    assert_eq!(chart.cusum_h, Some(5.0));
    let first_signal = cusum.iter().position(|p| p.c_plus > 5.0).map(|i| i + 1);
    assert_eq!(first_signal, Some(29));
    // Known standards set the I chart too: 10 ± 3·1.
    assert_eq!((chart.center, chart.ucl, chart.lcl), (10.0, 13.0, 7.0));
    assert_eq!(chart.sigma_within, 1.0);
}

#[test]
fn ewma_matches_montgomery_example() {
    let chart = montgomery_chapter_9_chart();
    let ewma = chart.ewma.as_ref().expect("equal sizes have an EWMA");
    // z1 = 0.1·9.45 + 0.9·10 = 9.945; z2 = 0.1·7.99 + 0.9·9.945 = 9.7495;
    // z3 = 0.1·9.29 + 0.9·9.7495 = 9.70355 (values as printed by Montgomery).
    assert_close(ewma[0].z, 9.945, 1e-9);
    assert_close(ewma[1].z, 9.7495, 1e-9);
    assert_close(ewma[2].z, 9.703_55, 1e-9);
    // k = 1: 10 ± 2.7·1·sqrt(0.1/1.9·(1 − 0.9²)) = 10 ± 2.7·0.1 = 10.27 / 9.73.
    assert_close(ewma[0].ucl, 10.27, 1e-9);
    assert_close(ewma[0].lcl, 9.73, 1e-9);
    // k = 2: 10 ± 2.7·sqrt(0.1/1.9·(1 − 0.9⁴)) = 10 ± 0.36324 (book: 10.36 / 9.64).
    assert_close(ewma[1].ucl, 10.36, 0.005);
    // Asymptote: 2.7·sqrt(0.1/1.9) = 0.61943 (book: ±0.62); at k = 30 within 1e-3 of it.
    let asymptote = 2.7 * (0.1_f64 / 1.9).sqrt();
    assert_close(asymptote, 0.62, 0.005);
    assert_close(ewma[29].ucl - 10.0, asymptote, 1e-3);
    assert_close(10.0 - ewma[29].lcl, asymptote, 1e-3);
    // z29 = 10.64682 by the recursion (book: 10.6468) is the first above its UCL 10.6187.
    assert_close(ewma[28].z, 10.6468, 0.000_05);
    let first_signal = ewma.iter().position(|p| p.z > p.ucl).map(|i| i + 1);
    assert_eq!(first_signal, Some(29));
}

#[test]
fn unequal_subgroups_give_xbar_s_with_pooled_s_and_per_subgroup_limits() {
    // Subgroups (hand computation):
    //   1: 10 12 14      n 3, x̄ 12, s² = (4+0+4)/2 = 4
    //   2: 11 13 15 9    n 4, x̄ 12, s² = (1+1+9+9)/3 = 20/3
    //   3: 12 16 14      n 3, x̄ 14, s² = (4+4+0)/2 = 4
    //   4: 8 10 12 10    n 4, x̄ 10, s² = (4+0+4+0)/3 = 8/3
    // X̄̄ = (3·12 + 4·12 + 3·14 + 4·10)/14 = 166/14 = 11.857142857
    // s̄ = sqrt((2·4 + 3·20/3 + 2·4 + 3·8/3)/10) = sqrt(4.4) = 2.097617696
    // Sizes 3 and 4 are tied (twice each): n* = 3, c4 = 0.8862 → σ_within = 2.366980023.
    // Top-level X̄ limits: X̄̄ ± A3(3)·s̄ = ± 1.954·2.097617696 = 15.955887836 / 7.758397878.
    // n = 4 points: ± A3(4)·s̄ = ± 1.628·2.097617696 → 15.272064467 / 8.442221248.
    // S chart: centre s̄; n*: B4(3)·s̄ = 5.386682244, B3 = 0; n = 4 points: 2.266·s̄ = 4.753201700.
    let series = [
        (1, 10.0),
        (1, 12.0),
        (1, 14.0),
        (2, 11.0),
        (2, 13.0),
        (2, 15.0),
        (2, 9.0),
        (3, 12.0),
        (3, 16.0),
        (3, 14.0),
        (4, 8.0),
        (4, 10.0),
        (4, 12.0),
        (4, 10.0),
    ];
    let results = quality(&plan_with_series(
        characteristic(Some(4.0), Some(20.0)),
        &series,
    ));
    let chart = only_chart(&results);
    assert_eq!(chart.kind, ChartKind::XbarS);
    assert_close(chart.center, 166.0 / 14.0, 1e-12);
    assert_close(chart.range_center, 4.4_f64.sqrt(), 1e-12);
    assert_close(chart.sigma_within, 2.366_980_023, 1e-9);
    assert_close(chart.ucl, 15.955_887_836, 1e-9);
    assert_close(chart.lcl, 7.758_397_878, 1e-9);
    assert_close(chart.points[0].ucl, 15.955_887_836, 1e-9);
    assert_close(chart.points[1].ucl, 15.272_064_467, 1e-9);
    assert_close(chart.points[1].lcl, 8.442_221_248, 1e-9);
    assert_close(chart.range_ucl, 5.386_682_244, 1e-9);
    assert_eq!(chart.range_lcl, 0.0);
    assert_close(chart.range_points[1].value, (20.0_f64 / 3.0).sqrt(), 1e-12);
    assert_close(chart.range_points[1].ucl, 4.753_201_700, 1e-9);
    // Standardised run-rule σ per point: σ_within/√n = 1.366576 (n 3) and 1.183490 (n 4).
    assert_close(chart.points[0].sigma, 2.366_980_023 / 3f64.sqrt(), 1e-9);
    assert_close(chart.points[3].sigma, 2.366_980_023 / 2.0, 1e-9);
    // Standardised points 0.105, 0.121, 1.568, −1.569: no rule fires.
    assert!(chart.violations.is_empty());
    // Unequal sizes: no EWMA, no CUSUM.
    assert_eq!(chart.ewma, None);
    assert_eq!(chart.cusum, None);
    assert_eq!(chart.cusum_h, None);
    // cp = 16/(6·2.366980) = 1.126611; cpk = min(8.142857, 7.857143)/(3·2.366980) = 1.106493.
    // All 14 values: mean 11.857143, Σx² = 2040, s² = (2040 − 166²/14)/13 = 5.516484,
    // s = 2.348720 → pp = 16/(6s) = 1.135370, ppk = 7.857143/(3s) = 1.115096.
    assert_close(chart.cp.expect("cp"), 1.126_611_395, 1e-8);
    assert_close(chart.cpk.expect("cpk"), 1.106_493_335, 1e-8);
    assert_close(chart.pp.expect("pp"), 1.135_370_406, 1e-8);
    assert_close(chart.ppk.expect("ppk"), 1.115_095_934, 1e-8);
}

#[test]
fn equal_subgroups_above_ten_give_xbar_s_with_mean_s() {
    // Subgroup 1 = 1..=11 (x̄ 6, s = sqrt(110/10) = √11), subgroup 2 = 2..=12 (x̄ 7, s = √11).
    // X̄̄ = 6.5, s̄ = √11 = 3.316625; n = 11: A3 0.927, B3 0.321, B4 1.679, c4 0.9754.
    // UCL = 6.5 + 0.927·3.316625 = 9.574511; S limits 1.064637 / 5.568613; σ = 3.400271.
    let series: Vec<(i64, f64)> = (1..=11)
        .map(|v| (1, v as f64))
        .chain((2..=12).map(|v| (2, v as f64)))
        .collect();
    let results = quality(&plan_with_series(characteristic(None, None), &series));
    let chart = only_chart(&results);
    assert_eq!(chart.kind, ChartKind::XbarS);
    assert_close(chart.center, 6.5, 1e-12);
    assert_close(chart.range_center, 11f64.sqrt(), 1e-12);
    assert_close(chart.ucl, 9.574_511_181, 1e-9);
    assert_close(chart.range_ucl, 5.568_613_023, 1e-9);
    assert_close(chart.range_lcl, 1.064_636_558, 1e-9);
    assert_close(chart.sigma_within, 3.400_271_468, 1e-9);
    assert!(chart.ewma.is_some() && chart.cusum.is_some());
}

#[test]
fn phase_one_limits_come_from_the_frozen_range_only() {
    // Individuals 10 12 10 12 | 20 30; limits frozen on subgroups 1..4:
    // centre = 11, moving ranges inside the range 2, 2, 2 → MR̄ = 2, σ = 2/1.128 = 1.773050,
    // limits 11 ± 5.319149 = 16.319149 / 5.680851, MR UCL = 3.267·2 = 6.534.
    // z = (x − 11)/1.773050: −0.564, 0.564, −0.564, 0.564, 5.076, 10.716 →
    // rule 1 at 5 and 6; rule 2 at 6 (points 5 and 6 beyond 2σ); nothing else.
    let series = [
        (1, 10.0),
        (2, 12.0),
        (3, 10.0),
        (4, 12.0),
        (5, 20.0),
        (6, 30.0),
    ];
    let mut plan = plan_with_series(characteristic(None, None), &series);
    plan.control_limits = vec![ControlLimit {
        characteristic: "C1".to_string(),
        from_subgroup: 1,
        to_subgroup: 4,
    }];
    let results = quality(&plan);
    let chart = only_chart(&results);
    assert_eq!(chart.kind, ChartKind::IMr);
    assert_eq!(chart.center, 11.0);
    assert_eq!(chart.range_center, 2.0);
    assert_close(chart.sigma_within, 2.0 / 1.128, 1e-12);
    assert_close(chart.ucl, 16.319_148_936, 1e-9);
    assert_close(chart.lcl, 5.680_851_064, 1e-9);
    assert_close(chart.range_ucl, 6.534, 1e-12);
    let moving_ranges: Vec<f64> = chart.range_points.iter().map(|p| p.value).collect();
    assert_eq!(moving_ranges, vec![2.0, 2.0, 2.0, 8.0, 10.0]);
    assert_eq!(chart.range_points[0].subgroup, 2);
    assert_eq!(rules(chart), vec![(1, 5), (1, 6), (2, 6)]);
    assert!(results.messages.is_empty(), "{:?}", results.messages);
}

#[test]
fn a_phase_one_range_without_subgroups_falls_back_to_all_data_with_a_message() {
    // Range 100..200 holds none of the labels 1..4: limits come from all four individuals
    // 10 12 10 12 → centre 11, MR̄ = 2, UCL = 11 + 3·2/1.128 = 16.319149.
    let series = [(1, 10.0), (2, 12.0), (3, 10.0), (4, 12.0)];
    let mut plan = plan_with_series(characteristic(None, None), &series);
    plan.control_limits = vec![ControlLimit {
        characteristic: "C1".to_string(),
        from_subgroup: 100,
        to_subgroup: 200,
    }];
    let results = quality(&plan);
    let chart = only_chart(&results);
    assert_eq!((chart.center, chart.range_center), (11.0, 2.0));
    assert_close(chart.ucl, 16.319_148_936, 1e-9);
    assert_eq!(results.messages.len(), 1);
    assert!(results.messages[0].contains("control_limits range holds too few subgroups"));
}

#[test]
fn known_standards_replace_the_mean_chart_but_not_the_range_chart() {
    // Piston rings with center 74 and σ 0.01: X̄ limits 74 ± 3·0.01/√5 = 74.013416 / 73.986584;
    // the R chart keeps R̄ = 0.02324 and UCL 2.114·0.02324 = 0.049129.
    let series = read_series("piston_rings_table_6_3.csv");
    let mut plan = plan_with_series(characteristic(None, None), &series);
    plan.chart_settings = vec![settings(Some(74.0), Some(0.01))];
    let results = quality(&plan);
    let chart = only_chart(&results);
    assert_eq!(chart.center, 74.0);
    assert_eq!(chart.sigma_within, 0.01);
    assert_close(chart.ucl, 74.013_416_408, 1e-9);
    assert_close(chart.lcl, 73.986_583_592, 1e-9);
    assert_close(chart.range_center, 0.023_24, 1e-12);
    assert_close(chart.range_ucl, 0.049_129_36, 1e-12);
    // CUSUM H = 5·σ/√n = 5·0.01/√5 = 0.0223607.
    assert_close(chart.cusum_h.expect("equal sizes"), 0.022_360_680, 1e-9);
}

#[test]
fn crafted_series_trips_each_run_rule_exactly_once() {
    // Known standards centre 0, σ 1 on individuals, so each value is its own z.
    //   5: 3.5 beyond 3σ                                      → rule 1 at 5
    //   9 and 11: 2.5 (10 is 0.5)                             → rule 2 at 11 (2 of 9..11)
    //   13, 14, 16, 17: 1.5 (15 is 0.5)                       → rule 3 at 17 (4 of 13..17)
    //   19..26: −0.5 (18 and 27 are +0.5)                     → rule 4 at 26 (8 in a row)
    // Everything else alternates ±0.5, so no other window fills.
    let mut values = vec![
        0.5, -0.5, 0.5, -0.5, 3.5, -0.5, 0.5, -0.5, 2.5, 0.5, 2.5, -0.5,
    ];
    values.extend([1.5, 1.5, 0.5, 1.5, 1.5, 0.5]);
    values.extend([-0.5; 8]);
    values.extend([0.5, -0.5, 0.5, -0.5]);
    assert_eq!(values.len(), 30);
    let series: Vec<(i64, f64)> = (1..).zip(values).collect();
    let mut plan = plan_with_series(characteristic(None, None), &series);
    plan.chart_settings = vec![settings(Some(0.0), Some(1.0))];
    let results = quality(&plan);
    let chart = only_chart(&results);
    assert_eq!(rules(chart), vec![(1, 5), (2, 11), (3, 17), (4, 26)]);
}

#[test]
fn characteristics_without_usable_data_give_messages_and_no_nan() {
    let mut plan = Plan {
        items: vec![item("PART")],
        ..Plan::default()
    };
    let codes = ["EMPTY", "ONE", "FLAT", "FLATSUB", "MIXED"];
    plan.characteristics = codes
        .iter()
        .map(|code| Characteristic {
            code: code.to_string(),
            item: "PART".to_string(),
            lsl: Some(1.0),
            usl: Some(9.0),
            ..Characteristic::default()
        })
        .collect();
    let rows: [(&str, i64, f64); 12] = [
        ("ONE", 1, 5.0),
        ("FLAT", 1, 5.0),
        ("FLAT", 2, 5.0),
        ("FLAT", 3, 5.0),
        // Each subgroup constant, means differ: no within-subgroup variation.
        ("FLATSUB", 1, 4.0),
        ("FLATSUB", 1, 4.0),
        ("FLATSUB", 2, 6.0),
        ("FLATSUB", 2, 6.0),
        // A single value mixed with a pair: invalid, but analytics must not panic.
        ("MIXED", 1, 4.0),
        ("MIXED", 2, 6.0),
        ("MIXED", 2, 7.0),
        ("FLAT", 4, 5.0),
    ];
    plan.measurements = rows
        .iter()
        .map(|&(code, subgroup, value)| Measurement {
            characteristic: code.to_string(),
            subgroup,
            value,
        })
        .collect();
    let results = quality(&plan);
    let expected = [
        "characteristic EMPTY has no measurements: no chart",
        "characteristic ONE has a single value: no chart",
        "characteristic FLAT has constant values (σ = 0)",
        "characteristic FLATSUB shows no variation within subgroups (σ_within = 0)",
        "characteristic MIXED mixes single values with subgroups of several values: no chart",
    ];
    assert_eq!(
        results.messages.len(),
        expected.len(),
        "{:?}",
        results.messages
    );
    for (message, start) in results.messages.iter().zip(expected) {
        assert!(
            message.starts_with(start),
            "{message:?} should start with {start:?}"
        );
    }
    let charted: Vec<&str> = results
        .charts
        .iter()
        .map(|c| c.characteristic.as_str())
        .collect();
    assert_eq!(charted, vec!["FLAT", "FLATSUB"]);
    let flat = &results.charts[0];
    assert_eq!(flat.kind, ChartKind::IMr);
    assert_eq!((flat.center, flat.ucl, flat.lcl), (5.0, 5.0, 5.0));
    assert_eq!(flat.sigma_within, 0.0);
    assert_eq!(
        (flat.cp, flat.cpk, flat.pp, flat.ppk),
        (None, None, None, None)
    );
    assert!(flat.violations.is_empty());
    let flat_sub = &results.charts[1];
    assert_eq!(flat_sub.kind, ChartKind::XbarR);
    assert_eq!((flat_sub.cp, flat_sub.cpk), (None, None));
    // Overall s of 4, 4, 6, 6 is sqrt(4/3) = 1.154701 > 0, so pp exists: 8/(6·1.154701).
    assert_close(flat_sub.pp.expect("overall variation"), 1.154_700_538, 1e-9);
    assert_no_nan(&results);
}

/// Serialises through serde_json (which writes NaN and ±inf as `null`) and checks that every
/// key that is a plain number in the Rust types is a number in JSON, and the text has no NaN.
fn assert_no_nan(results: &QualityResults) {
    let text = serde_json::to_string(results).expect("serialises");
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).expect("parses back");
    for chart in json["charts"].as_array().expect("charts") {
        for key in [
            "center",
            "ucl",
            "lcl",
            "range_center",
            "range_ucl",
            "range_lcl",
            "sigma_within",
        ] {
            assert!(chart[key].is_number(), "{key} is {}", chart[key]);
        }
        for point in chart["points"].as_array().expect("points") {
            for key in ["value", "ucl", "lcl", "sigma"] {
                assert!(point[key].is_number(), "point {key} is {}", point[key]);
            }
        }
        for point in chart["ewma"].as_array().into_iter().flatten() {
            assert!(point["z"].is_number() && point["ucl"].is_number());
        }
    }
}

/// Plan with two items: PCB (inspections A, B; defects in A, B and C) and CASE (defects only).
fn attribute_plan() -> Plan {
    let inspection = |item: &str, lot: &str, inspected: i64, defective: i64| Inspection {
        item: item.to_string(),
        lot: lot.to_string(),
        inspected,
        defective,
    };
    let defect = |item: &str, lot: &str, kind: &str, count: i64| Defect {
        item: item.to_string(),
        lot: lot.to_string(),
        defect_type: kind.to_string(),
        count,
    };
    let plan = Plan {
        items: vec![item("PCB"), item("CASE"), item("BOARD")],
        resources: vec![Resource {
            code: "LINE".to_string(),
            ..Resource::default()
        }],
        routing: vec![
            RoutingStep {
                item: "PCB".to_string(),
                seq: 10,
                resource: "LINE".to_string(),
                yield_: 0.9,
                ..RoutingStep::default()
            },
            RoutingStep {
                item: "PCB".to_string(),
                seq: 20,
                resource: "LINE".to_string(),
                yield_: 0.95,
                ..RoutingStep::default()
            },
        ],
        inspections: vec![
            inspection("BOARD", "L1", 100, 10),
            inspection("BOARD", "L2", 200, 14),
            inspection("BOARD", "L3", 50, 9),
            inspection("BOARD", "L4", 400, 27),
            inspection("PCB", "A", 10, 1),
            inspection("PCB", "B", 20, 2),
        ],
        defects: vec![
            defect("PCB", "A", "scratch", 3),
            defect("PCB", "A", "dent", 1),
            defect("PCB", "C", "dent", 6),
            defect("PCB", "B", "scratch", 2),
            defect("CASE", "X", "burr", 12),
            defect("CASE", "Y", "burr", 20),
            defect("CASE", "Y", "crack", 5),
            defect("CASE", "Y", "void", 0),
        ],
        ..Plan::default()
    };
    assert!(validate(&plan).is_valid(), "{:?}", validate(&plan));
    plan
}

#[test]
fn p_chart_with_unequal_lots_has_per_lot_limits() {
    // BOARD: Σ defective 60 / Σ inspected 750 → p̄ = 0.08, p̄(1−p̄) = 0.0736.
    //   L1 n 100: p 0.10,   0.08 ± 3·sqrt(0.000736) = 0.161388 / −0.001388 → 0
    //   L2 n 200: p 0.07,   0.08 ± 3·sqrt(0.000368) = 0.137550 / 0.022450
    //   L3 n  50: p 0.18,   0.08 ± 3·sqrt(0.001472) = 0.195100 / 0
    //   L4 n 400: p 0.0675, 0.08 ± 3·sqrt(0.000184) = 0.120694 / 0.039306
    let results = quality(&attribute_plan());
    let board = results
        .p_charts
        .iter()
        .find(|c| c.item == "BOARD")
        .expect("BOARD p chart");
    assert_eq!(board.kind, PChartKind::P);
    assert_close(board.p_bar, 0.08, 1e-12);
    let expected = [
        ("L1", 0.10, 0.161_387_960, 0.0),
        ("L2", 0.07, 0.137_549_978, 0.022_450_022),
        ("L3", 0.18, 0.195_099_957, 0.0),
        ("L4", 0.0675, 0.120_693_980, 0.039_306_020),
    ];
    assert_eq!(board.points.len(), 4);
    for (point, (lot, p, ucl, lcl)) in board.points.iter().zip(expected) {
        assert_eq!(point.lot, lot);
        assert_close(point.p, p, 1e-12);
        assert_close(point.ucl, ucl, 1e-9);
        assert_close(point.lcl, lcl, 1e-9);
    }
    // Items in plan order: PCB before BOARD; CASE has no inspections.
    let items: Vec<&str> = results.p_charts.iter().map(|c| c.item.as_str()).collect();
    assert_eq!(items, vec!["PCB", "BOARD"]);
}

#[test]
fn p_chart_with_equal_lots_is_np_and_caps_the_ucl_at_one() {
    // Two lots of 2 with 1 defective each: p̄ = 0.5, UCL 0.5 + 3·sqrt(0.25/2) = 1.56 → 1.
    let plan = Plan {
        items: vec![item("PART")],
        inspections: ["L1", "L2"]
            .iter()
            .map(|lot| Inspection {
                item: "PART".to_string(),
                lot: lot.to_string(),
                inspected: 2,
                defective: 1,
            })
            .collect(),
        ..Plan::default()
    };
    let results = quality(&plan);
    let chart = &results.p_charts[0];
    assert_eq!(chart.kind, PChartKind::Np);
    assert_eq!(chart.p_bar, 0.5);
    assert_eq!((chart.points[0].ucl, chart.points[0].lcl), (1.0, 0.0));
    assert_eq!(chart.points[1].inspected, 2);
}

#[test]
fn c_and_u_charts_by_hand() {
    // PCB lots: A (inspected 10; scratch 3 + dent 1 = 4), B (20; scratch 2), then C, found only in
    // defects (dent 6). c̄ = (4 + 2 + 6)/3 = 4, UCL = 4 + 3·2 = 10, LCL = max(0, 4 − 6) = 0.
    // ū over A and B = 6/30 = 0.2:
    //   A: u 0.4, 0.2 ± 3·sqrt(0.2/10) = 0.624264 / 0;  B: u 0.1, 0.2 ± 0.3 = 0.5 / 0;  C: null.
    let results = quality(&attribute_plan());
    let items: Vec<&str> = results.c_charts.iter().map(|c| c.item.as_str()).collect();
    assert_eq!(items, vec!["PCB", "CASE", "BOARD"]);
    let pcb = &results.c_charts[0];
    assert_eq!((pcb.center, pcb.ucl, pcb.lcl), (4.0, 10.0, 0.0));
    assert_close(pcb.u_bar.expect("PCB has inspections"), 0.2, 1e-12);
    let lots: Vec<(&str, f64)> = pcb
        .points
        .iter()
        .map(|p| (p.lot.as_str(), p.count))
        .collect();
    assert_eq!(lots, vec![("A", 4.0), ("B", 2.0), ("C", 6.0)]);
    assert_close(pcb.points[0].u.expect("A inspected"), 0.4, 1e-12);
    assert_close(
        pcb.points[0].u_ucl.expect("A inspected"),
        0.624_264_069,
        1e-9,
    );
    assert_eq!(pcb.points[0].u_lcl, Some(0.0));
    assert_close(pcb.points[1].u_ucl.expect("B inspected"), 0.5, 1e-12);
    assert_eq!(pcb.points[1].u_lcl, Some(0.0));
    assert_eq!(
        (pcb.points[2].u, pcb.points[2].u_ucl, pcb.points[2].u_lcl),
        (None, None, None)
    );
    // CASE: lots X 12, Y 20 + 5 + 0 = 25 → c̄ = 18.5, limits 18.5 ± 3·sqrt(18.5) = 18.5 ± 3·4.301163 = 18.5 ± 12.903488.
    let case = &results.c_charts[1];
    assert_eq!(case.u_bar, None);
    assert_close(case.center, 18.5, 1e-12);
    assert_close(case.ucl, 31.403_487_901, 1e-9);
    assert_close(case.lcl, 5.596_512_099, 1e-9);
    // BOARD: inspections only, no defects → four lots of 0; c̄ = 0, ū = 0, limits 0.
    let board = &results.c_charts[2];
    assert_eq!((board.center, board.ucl, board.lcl), (0.0, 0.0, 0.0));
    assert_eq!(board.u_bar, Some(0.0));
    assert_no_nan(&results);
}

#[test]
fn pareto_sorts_by_count_then_name_and_rty_multiplies_yields() {
    // Totals: burr 32, dent 1 + 6 = 7, crack 5, scratch 3 + 2 = 5, void 0 (left out).
    // Σ = 49: burr 65.306122%, dent 79.591837%, crack (tie with scratch, first by name)
    // 89.795918%, scratch 100%.
    let results = quality(&attribute_plan());
    let bars: Vec<(&str, f64)> = results
        .pareto
        .iter()
        .map(|b| (b.defect_type.as_str(), b.count))
        .collect();
    assert_eq!(
        bars,
        vec![
            ("burr", 32.0),
            ("dent", 7.0),
            ("crack", 5.0),
            ("scratch", 5.0)
        ]
    );
    let expected_pct = [65.306_122_449, 79.591_836_735, 89.795_918_367, 100.0];
    for (bar, pct) in results.pareto.iter().zip(expected_pct) {
        assert_close(bar.cum_pct, pct, 1e-9);
    }
    // RTY: only PCB has a routing, 0.9 · 0.95 = 0.855.
    assert_eq!(results.rty.len(), 1);
    assert_eq!(results.rty[0].item, "PCB");
    assert_close(results.rty[0].rty, 0.855, 1e-12);
}

#[test]
fn json_uses_the_design_keys() {
    let series = read_series("piston_rings_table_6_3.csv");
    let mut plan = plan_with_series(characteristic(Some(73.95), None), &series);
    plan.items.push(item("PCB"));
    plan.defects.push(Defect {
        item: "PCB".to_string(),
        lot: "A".to_string(),
        defect_type: "scratch".to_string(),
        count: 2,
    });
    let json = serde_json::to_value(quality(&plan)).expect("serialises");
    let chart = &json["charts"][0];
    for key in [
        "characteristic",
        "kind",
        "center",
        "ucl",
        "lcl",
        "range_center",
        "range_ucl",
        "range_lcl",
        "sigma_within",
        "cp",
        "cpk",
        "pp",
        "ppk",
        "points",
        "violations",
        "ewma",
        "cusum",
    ] {
        assert!(chart.get(key).is_some(), "missing {key}");
    }
    assert_eq!(chart["kind"], "xbar_r");
    // Only a lower spec: cp and pp are null, cpk and ppk are numbers.
    assert!(chart["cp"].is_null() && chart["pp"].is_null());
    assert!(chart["cpk"].is_number() && chart["ppk"].is_number());
    for key in ["subgroup", "value", "ucl", "lcl"] {
        assert!(chart["points"][0].get(key).is_some(), "missing point {key}");
    }
    assert_eq!(json["pareto"][0]["type"], "scratch");
    assert_eq!(json["pareto"][0]["cum_pct"], 100.0);
    assert!(json["c_charts"][0]["points"][0]["u"].is_null());
    assert!(json["messages"].as_array().expect("messages").is_empty());
}
