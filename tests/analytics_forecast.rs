//! Demand forecasting (DESIGN.md §7): SES and Holt against statsmodels, hand-worked moving
//! average, Croston, additive Holt-Winters, error measures, the grid-fit tie rule and auto.

use opsplan::analytics::forecast::{ForecastResults, ItemForecast, forecast};
use opsplan::domain::{
    ForecastMethod, ForecastSetting, HistoryRow, Item, ItemKind, Plan, PlanSettings,
};

/// A plan of `periods` periods with one finished item `code` whose history is `values`, the last
/// one in period 0, and its forecast settings.
fn plan_with_history(values: &[f64], setting: ForecastSetting, periods: i64) -> Plan {
    let first = 1 - values.len() as i64;
    Plan {
        settings: PlanSettings {
            name: "Forecast".to_string(),
            periods,
            ..PlanSettings::default()
        },
        items: vec![Item {
            code: setting.item.clone(),
            kind: ItemKind::Finished,
            ..Item::default()
        }],
        history: values
            .iter()
            .enumerate()
            .map(|(index, &qty)| HistoryRow {
                item: setting.item.clone(),
                period: first + index as i64,
                qty,
            })
            .collect(),
        forecast_settings: vec![setting],
        ..Plan::default()
    }
}

fn setting(method: ForecastMethod) -> ForecastSetting {
    ForecastSetting {
        item: "A".to_string(),
        method,
        ..ForecastSetting::default()
    }
}

fn only_item(results: &ForecastResults) -> &ItemForecast {
    assert!(results.messages.is_empty(), "{:?}", results.messages);
    assert_eq!(results.items.len(), 1);
    &results.items[0]
}

fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: got {actual}, expected {expected} ± {tolerance}"
    );
}

fn assert_all_close(actual: &[f64], expected: &[f64], tolerance: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: length");
    for (index, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_close(*a, *e, tolerance, &format!("{what}[{index}]"));
    }
}

/// The fitted values inside the window (k = s + 1..H), asserting None before it.
fn fitted_from(item: &ItemForecast, start: usize) -> Vec<f64> {
    assert!(
        item.fitted[..start].iter().all(Option::is_none),
        "fitted is null before the window"
    );
    item.fitted[start..]
        .iter()
        .map(|value| value.expect("fitted inside the window"))
        .collect()
}

/// Saudi Arabian oil production 1996–2007 (Hyndman & Athanasopoulos, fpp `oil`), as in
/// statsmodels' own tests (statsmodels/tsa/holtwinters/tests/test_holtwinters.py, `oildata_oil`).
const OIL: [f64; 12] = [
    446.6565229, 454.4733065, 455.662974, 423.6322388, 456.2713279, 440.5880501, 425.3325201,
    485.1494479, 506.0481621, 526.7919833, 514.268889, 494.2110193,
];

/// Air passengers in Australia 1990–2004 (fpp `ausair`), statsmodels' `air_ausair`.
const AUSAIR: [f64; 15] = [
    17.5534, 21.8601, 23.8866, 26.9293, 26.8885, 28.8314, 30.0751, 30.9535, 30.1857, 31.5797,
    32.577569, 33.477398, 39.021581, 41.386432, 41.596552,
];

// Reference values: statsmodels 0.15.0 with the initialisation of DESIGN.md §7
// (l_0 = y_1, b_0 = y_2 − y_1), printed to 9 decimals:
//   from statsmodels.tsa.holtwinters import SimpleExpSmoothing, Holt
//   f = SimpleExpSmoothing(oil, initialization_method="known", initial_level=oil[0]) \
//         .fit(smoothing_level=0.2, optimized=False)
//   f.fittedvalues, f.forecast(3)
//   f = Holt(air, damped_trend=phi is not None, initialization_method="known",
//            initial_level=air[0], initial_trend=air[1] - air[0]) \
//         .fit(smoothing_level=0.8, smoothing_trend=0.2, [damping_trend=0.9,] optimized=False)
//   f.fittedvalues, f.forecast(5)
// (statsmodels' test_simple_exp_smoothing and test_holt assert the same series to 4 and 2
// decimals under "legacy-heuristic", which is this initialisation.)

#[test]
fn ses_reproduces_statsmodels_on_the_oil_series() {
    for (alpha, expected_fitted, expected_forecast) in [
        (
            0.2,
            [
                446.6565229, 448.21987962, 449.708498496, 444.493246557, 446.848862825,
                445.59670028, 441.543864244, 450.264980975, 461.4216172, 474.49569042,
                482.450330136,
            ],
            484.802467969,
        ),
        (
            0.6,
            [
                446.6565229, 451.34659306, 453.936421624, 435.75391193, 448.064361512,
                443.578574665, 432.630941926, 464.14204551, 489.285715464, 511.789476166,
                513.277123866,
            ],
            501.837461127,
        ),
    ] {
        let mut settings = setting(ForecastMethod::Ses);
        settings.alpha = Some(alpha);
        let results = forecast(&plan_with_history(&OIL, settings, 3));
        let item = only_item(&results);
        assert_eq!(item.method, ForecastMethod::Ses);
        assert_eq!(item.alpha, Some(alpha));
        assert_eq!((item.beta, item.phi, item.window), (None, None, None));
        // SES's window starts at k = 2: statsmodels' fittedvalues[1..].
        assert_all_close(&fitted_from(item, 1), &expected_fitted, 1e-6, "ses fitted");
        assert_all_close(&item.forecast, &[expected_forecast; 3], 1e-6, "ses forecast");
    }
}

#[test]
fn holt_reproduces_statsmodels_on_the_ausair_series() {
    let undamped_fitted = [
        25.48461872, 27.540585869, 30.28813356, 30.261061728, 31.581221485, 32.599233999,
        33.242239062, 32.267553825, 33.077760165, 33.958066047, 34.777083536, 40.055353028,
        43.215860362,
    ];
    let undamped_forecast = [
        43.756968491, 45.593523309, 47.430078127, 49.266632946, 51.103187764,
    ];
    let damped_fitted = [
        24.463682754, 26.370359871, 29.02950834, 28.999193197, 30.355038795, 31.431848712,
        32.150972386, 31.287377633, 32.201090787, 33.168355955, 34.059565983, 39.323286912,
        42.435593899,
    ];
    let damped_forecast = [
        42.959150171, 44.034460983, 45.002240715, 45.873242472, 46.657144055,
    ];
    for (phi, expected_fitted, expected_forecast) in [
        (1.0, undamped_fitted, undamped_forecast),
        (0.9, damped_fitted, damped_forecast),
    ] {
        let settings = ForecastSetting {
            alpha: Some(0.8),
            beta: Some(0.2),
            phi,
            ..setting(ForecastMethod::Holt)
        };
        let results = forecast(&plan_with_history(&AUSAIR, settings, 5));
        let item = only_item(&results);
        assert_eq!(item.method, ForecastMethod::Holt);
        assert_eq!((item.alpha, item.beta, item.phi), (Some(0.8), Some(0.2), Some(phi)));
        // Holt's window starts at k = 3: statsmodels' fittedvalues[2..].
        assert_all_close(&fitted_from(item, 2), &expected_fitted, 1e-6, "holt fitted");
        assert_all_close(&item.forecast, &expected_forecast, 1e-6, "holt forecast");
    }
}

#[test]
fn moving_average_by_hand_with_measures_and_band() {
    // y = 10 12 14 16 18, n = 3: f_4 = (10+12+14)/3 = 12, f_5 = (12+14+16)/3 = 14; e = 4, 4.
    // MAD 4, MSE 16, bias 4, MAPE (4/16 + 4/18)/2 = 0.2361111, TS = 8/4 = 2.
    // F = (14+16+18)/3 = 16; band 16 ± 1.96·4 = 8.16 .. 23.84.
    let results = forecast(&plan_with_history(
        &[10.0, 12.0, 14.0, 16.0, 18.0],
        setting(ForecastMethod::MovingAverage),
        2,
    ));
    let item = only_item(&results);
    assert_eq!(item.method, ForecastMethod::MovingAverage);
    assert_eq!(item.window, Some(3));
    assert_eq!((item.alpha, item.season_length), (None, None));
    assert_all_close(&fitted_from(item, 3), &[12.0, 14.0], 1e-12, "fitted");
    assert_close(item.mad, 4.0, 1e-12, "mad");
    assert_close(item.mse, 16.0, 1e-12, "mse");
    assert_close(item.bias, 4.0, 1e-12, "bias");
    assert_close(item.mape.unwrap_or(f64::NAN), (0.25 + 4.0 / 18.0) / 2.0, 1e-12, "mape");
    assert_close(item.tracking_signal.unwrap_or(f64::NAN), 2.0, 1e-12, "ts");
    assert_all_close(&item.forecast, &[16.0, 16.0], 1e-12, "forecast");
    assert_all_close(&item.lower, &[8.16, 8.16], 1e-12, "lower");
    assert_all_close(&item.upper, &[23.84, 23.84], 1e-12, "upper");
    assert_eq!(item.rounded_demand(), vec![(1, 16.0), (2, 16.0)]);
    assert!(item.scores.is_none(), "scores only for auto");
}

#[test]
fn croston_by_hand_with_mape_over_nonzero_periods() {
    // y = 0 4 0 0 2 0, α = 0.5 (Syntetos–Boylan factor 1 − α/2 = 0.75). k0 = 2: z = 4, p = 2.
    // f_3 = f_4 = f_5 = 0.75·4/2 = 1.5; at k = 5: z = 0.5·2 + 0.5·4 = 3, p = 0.5·3 + 0.5·2 = 2.5,
    // f_6 = F = 0.75·3/2.5 = 0.9. Errors k = 3..6: −1.5, −1.5, 0.5, −0.9.
    // MAD 4.4/4 = 1.1; MSE (2.25+2.25+0.25+0.81)/4 = 1.39; bias −3.4/4 = −0.85;
    // MAPE only over y_5 = 2 > 0: 0.5/2 = 0.25; TS = −3.4/1.1.
    let settings = ForecastSetting {
        alpha: Some(0.5),
        ..setting(ForecastMethod::Croston)
    };
    let results = forecast(&plan_with_history(&[0.0, 4.0, 0.0, 0.0, 2.0, 0.0], settings, 2));
    let item = only_item(&results);
    assert_eq!(item.method, ForecastMethod::Croston);
    assert_all_close(&fitted_from(item, 2), &[1.5, 1.5, 1.5, 0.9], 1e-12, "fitted");
    assert_close(item.mad, 1.1, 1e-12, "mad");
    assert_close(item.mse, 1.39, 1e-12, "mse");
    assert_close(item.bias, -0.85, 1e-12, "bias");
    assert_close(item.mape.unwrap_or(f64::NAN), 0.25, 1e-12, "mape");
    assert_close(
        item.tracking_signal.unwrap_or(f64::NAN),
        -3.4 / 1.1,
        1e-12,
        "tracking signal",
    );
    assert_all_close(&item.forecast, &[0.9, 0.9], 1e-12, "forecast");
    // The band's lower edge is floored at 0: 0.9 − 1.96·√1.39 < 0.
    assert_all_close(&item.lower, &[0.0, 0.0], 1e-12, "lower");
    assert_close(item.upper[0], 0.9 + 1.96 * 1.39f64.sqrt(), 1e-12, "upper");
    // Rounded on apply: 0.9 → 1 in both periods.
    assert_eq!(item.rounded_demand(), vec![(1, 1.0), (2, 1.0)]);
}

#[test]
fn additive_holt_winters_by_hand() {
    // m = 2, y = 10 20 12 22 14 24, α = β = γ = 0.5.
    // l_0 = 15, b_0 = (17 − 15)/2 = 1, s_−1 = −5, s_0 = 5.
    // k=1: f = 15+1−5 = 11;  l = 0.5·15 + 0.5·16 = 15.5; b = 0.5·0.5 + 0.5·1 = 0.75;
    //      s_1 = 0.5·(10−15.5) + 0.5·(−5) = −5.25
    // k=2: f = 15.5+0.75+5 = 21.25; l = 0.5·15 + 0.5·16.25 = 15.625; b = 0.4375; s_2 = 4.6875
    // k=3: f = 15.625+0.4375−5.25 = 10.8125; l = 16.65625; b = 0.734375; s_3 = −4.953125
    // k=4: f = 22.078125; l = 17.3515625; b = 0.71484375; s_4 = 4.66796875
    // k=5: f = 17.3515625+0.71484375−4.953125 = 13.11328125; l = 18.509765625;
    //      b = 0.9365234375; s_5 = −4.7314453125
    // k=6: f = 24.1142578125; l = 19.38916015625; b = 0.907958984375; s_6 = 4.639404296875
    // F(1) = l + b + s_5 = 15.565673828125; F(2) = l + 2b + s_6 = 25.844482421875;
    // F(3) = l + 3b + s_5 = 17.381591796875.
    // Window k = 2m+1..H = 5, 6: e = 0.88671875, −0.1142578125; MAD 0.50048828125.
    let settings = ForecastSetting {
        alpha: Some(0.5),
        beta: Some(0.5),
        gamma: Some(0.5),
        season_length: Some(2),
        ..setting(ForecastMethod::HoltWinters)
    };
    let results = forecast(&plan_with_history(
        &[10.0, 20.0, 12.0, 22.0, 14.0, 24.0],
        settings,
        3,
    ));
    let item = only_item(&results);
    assert_eq!(item.method, ForecastMethod::HoltWinters);
    assert_eq!(item.season_length, Some(2));
    assert_eq!(item.phi, None);
    assert_all_close(
        &fitted_from(item, 4),
        &[13.11328125, 24.1142578125],
        1e-12,
        "fitted",
    );
    assert_all_close(
        &item.forecast,
        &[15.565673828125, 25.844482421875, 17.381591796875],
        1e-12,
        "forecast",
    );
    assert_close(item.mad, 0.50048828125, 1e-12, "mad");
    assert_close(item.bias, (0.88671875 - 0.1142578125) / 2.0, 1e-12, "bias");
}

#[test]
fn tracking_signal_counts_errors_of_one_sign() {
    // SES α = 0.5 on 10 10 20 20 20 20: l_0 = 10; f = 10, 10, 10, 15, 17.5, 18.75.
    // Errors k = 2..6: 0, 10, 5, 2.5, 1.25 (always under): Σe = 18.75, MAD = 3.75, TS = 5 > 4.
    // MAPE = (0/10 + 10/20 + 5/20 + 2.5/20 + 1.25/20)/5 = 0.9375/5 = 0.1875.
    let settings = ForecastSetting {
        alpha: Some(0.5),
        ..setting(ForecastMethod::Ses)
    };
    let results = forecast(&plan_with_history(
        &[10.0, 10.0, 20.0, 20.0, 20.0, 20.0],
        settings,
        1,
    ));
    let item = only_item(&results);
    assert_close(item.mad, 3.75, 1e-12, "mad");
    assert_close(item.tracking_signal.unwrap_or(f64::NAN), 5.0, 1e-12, "ts");
    assert_close(item.mape.unwrap_or(f64::NAN), 0.1875, 1e-12, "mape");
    assert_close(item.forecast[0], 19.375, 1e-12, "F = 0.5·20 + 0.5·18.75");
}

#[test]
fn grid_fit_keeps_the_smallest_sum_and_the_first_of_equal_sums() {
    // SES on 0 10 10: f_2 = 0, f_3 = 10α, Σe² = 100 + 100(1 − α)², smallest at α = 0.9.
    let results = forecast(&plan_with_history(
        &[0.0, 10.0, 10.0],
        setting(ForecastMethod::Ses),
        1,
    ));
    assert_eq!(only_item(&results).alpha, Some(0.9));
    // A constant series: every (α, β) has Σe² = 0, so the first tried, α = β = 0.1, stays.
    for method in [ForecastMethod::Ses, ForecastMethod::Holt] {
        let results = forecast(&plan_with_history(&[5.0; 6], setting(method), 1));
        let item = only_item(&results);
        assert_eq!(item.alpha, Some(0.1), "{method:?}");
        if method == ForecastMethod::Holt {
            assert_eq!(item.beta, Some(0.1));
        }
        assert_eq!(item.tracking_signal, None, "MAD 0 gives no tracking signal");
    }
}

#[test]
fn auto_keeps_the_lowest_mad_over_the_common_window() {
    // Expected values from tools/forecast_reference.py, an independent Python implementation of
    // §7 (python3 tools/forecast_reference.py prints them).
    // y = 1..10: f_1 = l_0 + b_0 = 2 under §7's start, so no method is exact. Candidates: SES,
    // Holt, moving average (no zeros: no Croston; 10 weeks hold no two 52-week seasons: no
    // Holt-Winters). Common window k = 4..10 (s_max = 3 from the moving average of 3):
    // SES (α 0.9) MAD 1.1109347442857147, Holt (α 0.9, β 0.1) 0.06907313121146341, moving
    // average 2 (every error is 2). Holt wins; F(1) = 10.955787660644459.
    let line: Vec<f64> = (1..=10).map(f64::from).collect();
    let results = forecast(&plan_with_history(&line, setting(ForecastMethod::Auto), 2));
    let item = only_item(&results);
    assert_eq!(item.method, ForecastMethod::Holt);
    assert_eq!((item.alpha, item.beta, item.phi), (Some(0.9), Some(0.1), Some(1.0)));
    assert_close(item.forecast[0], 10.955787660644459, 1e-9, "F(1)");
    let scores = item.scores.as_ref().expect("auto has scores");
    let names: Vec<ForecastMethod> = scores.0.iter().map(|(method, _)| *method).collect();
    assert_eq!(
        names,
        vec![
            ForecastMethod::Ses,
            ForecastMethod::Holt,
            ForecastMethod::MovingAverage
        ]
    );
    assert_close(scores.0[0].1, 1.1109347442857147, 1e-9, "ses MAD");
    assert_close(scores.0[1].1, 0.06907313121146341, 1e-9, "holt MAD");
    assert_close(scores.0[2].1, 2.0, 1e-12, "moving average MAD");
    let json = serde_json::to_value(item).expect("json");
    assert_eq!(json["method"], "holt");
    assert_close(
        json["scores"]["ses"].as_f64().unwrap_or(f64::NAN),
        1.1109347442857147,
        1e-9,
        "scores are a {method: MAD} object",
    );
    assert_eq!(json["window"], serde_json::Value::Null);

    // Intermittent (70 % zeros), so Croston is a candidate too. Common window k = 4..20:
    // SES (α 0.1) 1.9854467639197662, Holt (0.1, 0.1) 2.2135699821457484, Croston (α 0.4)
    // 2.118685710834763, moving average 2.627450980392156: SES wins here.
    let sparse = [
        0.0, 0.0, 6.0, 0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 7.0, 0.0, 0.0, 0.0, 6.0, 0.0, 0.0, 5.0, 0.0,
        0.0, 0.0,
    ];
    let results = forecast(&plan_with_history(&sparse, setting(ForecastMethod::Auto), 4));
    let item = only_item(&results);
    let scores = item.scores.as_ref().expect("auto has scores");
    let expected = [
        (ForecastMethod::Ses, 1.9854467639197662),
        (ForecastMethod::Holt, 2.2135699821457484),
        (ForecastMethod::Croston, 2.118685710834763),
        (ForecastMethod::MovingAverage, 2.627450980392156),
    ];
    assert_eq!(scores.0.len(), expected.len());
    for ((method, mad), (expected_method, expected_mad)) in scores.0.iter().zip(expected) {
        assert_eq!(*method, expected_method);
        assert_close(*mad, expected_mad, 1e-9, expected_method.as_str());
    }
    assert_eq!(item.method, ForecastMethod::Ses);
    assert_eq!(item.alpha, Some(0.1));
}

#[test]
fn a_method_without_enough_history_gives_a_message_naming_the_item() {
    let settings = ForecastSetting {
        season_length: Some(6),
        ..setting(ForecastMethod::HoltWinters)
    };
    let results = forecast(&plan_with_history(&[1.0; 10], settings, 2));
    assert!(results.items.is_empty());
    assert_eq!(results.messages.len(), 1);
    let message = &results.messages[0];
    assert!(message.contains('A') && message.contains("10 periods"), "{message}");
    assert!(message.contains("more than 12 periods"), "{message}");

    // One period of history: no candidate at all, even for auto.
    let results = forecast(&plan_with_history(&[4.0], setting(ForecastMethod::Auto), 2));
    assert!(results.items.is_empty());
    assert!(results.messages[0].contains("at least 2 periods"), "{:?}", results.messages);
}

#[test]
fn missing_periods_count_as_zero_and_periods_are_labelled_from_the_first() {
    // Rows in periods −4 and −1 only: y = 3 0 0 5 0 (H = 5, from −4 to 0).
    let mut plan = plan_with_history(&[3.0], setting(ForecastMethod::MovingAverage), 1);
    plan.history = vec![
        HistoryRow {
            item: "A".to_string(),
            period: -1,
            qty: 5.0,
        },
        HistoryRow {
            item: "A".to_string(),
            period: -4,
            qty: 3.0,
        },
    ];
    let results = forecast(&plan);
    let item = only_item(&results);
    assert_eq!(item.history, vec![3.0, 0.0, 0.0, 5.0, 0.0]);
    assert_eq!(item.first_period, -4);
    // Moving average of 3: F = (0 + 5 + 0)/3.
    assert_close(item.forecast[0], 5.0 / 3.0, 1e-12, "forecast");
}
