//! The document commands behind the Forecast page (DESIGN.md §7): Apply to demand as one undo
//! step that moves the cost and capacity figures, the method as a forecast_settings row, and a
//! pasted history column.

use opsplan::analytics::forecast::forecast;
use opsplan::app::forecasting::demand_with_forecast;
use opsplan::app::{Command, Document};
use opsplan::domain::{ForecastMethod, ForecastSetting};
use opsplan::io::json::parse_plan;

fn sample() -> Document {
    let path = format!("{}/data/manufacturer.json", env!("CARGO_MANIFEST_DIR"));
    let plan = parse_plan(&std::fs::read_to_string(path).expect("read")).expect("parse");
    Document::from_plan(plan)
}

#[test]
fn apply_to_demand_is_one_undo_step_that_moves_cost_and_capacity() {
    let mut doc = sample();
    let before_demand = doc.plan().demand.clone();
    let before = opsplan::analytics::analyze(doc.plan()).expect("valid");
    let results = forecast(doc.plan());
    let city = results.item("CITY").expect("CITY is forecast");
    let demand = demand_with_forecast(doc.plan(), &results, Some(&["CITY".to_string()]));
    doc.apply(Command::ApplyForecast { demand }).expect("apply");
    let city_rows: Vec<(i64, f64)> = (doc.plan().demand.iter())
        .filter(|row| row.item == "CITY")
        .map(|row| (row.period, row.qty))
        .collect();
    assert_eq!(
        city_rows,
        city.rounded_demand(),
        "CITY's demand is its rounded forecast"
    );
    let trek_before: Vec<_> = before_demand.iter().filter(|r| r.item == "TREK").collect();
    let trek_after: Vec<_> = doc
        .plan()
        .demand
        .iter()
        .filter(|r| r.item == "TREK")
        .collect();
    assert_eq!(trek_before, trek_after, "other items keep their demand");
    let after = opsplan::analytics::analyze(doc.plan()).expect("valid");
    // CITY's forecast (104 … 185, data/README.md) exceeds the typed demand (79 … 136).
    assert!(after.totals.revenue > before.totals.revenue);
    let load = |analysis: &opsplan::analytics::Analysis| -> f64 {
        analysis
            .capacity
            .resources
            .iter()
            .flat_map(|r| r.load.iter())
            .sum()
    };
    assert!(
        load(&after) > load(&before),
        "capacity load moves with demand"
    );
    assert!(doc.undo().expect("undo"), "one step");
    assert_eq!(doc.plan().demand, before_demand, "undo restores demand");
}

#[test]
fn the_method_is_a_forecast_settings_row_with_undo() {
    let mut doc = sample();
    let auto_mad = forecast(doc.plan()).item("CITY").expect("CITY").mad;
    doc.apply(Command::SetForecastSetting {
        item: "CITY".to_string(),
        setting: Some(ForecastSetting {
            method: ForecastMethod::MovingAverage,
            window: 4,
            ..ForecastSetting::default()
        }),
    })
    .expect("set");
    assert_eq!(doc.plan().forecast_settings.len(), 1);
    assert_eq!(doc.plan().forecast_settings[0].item, "CITY");
    let results = forecast(doc.plan());
    let city = results.item("CITY").expect("CITY");
    assert_eq!(city.method, ForecastMethod::MovingAverage);
    assert_eq!(city.window, Some(4));
    assert!(city.mad > auto_mad, "auto's choice had the lowest MAD");
    doc.apply(Command::SetForecastSetting {
        item: "CITY".to_string(),
        setting: None,
    })
    .expect("remove");
    assert!(doc.plan().forecast_settings.is_empty());
    doc.undo().expect("undo");
    doc.undo().expect("undo");
    assert!(doc.plan().forecast_settings.is_empty(), "back to the start");
}

/// Dragging α of one item's method sends one command a frame; they become one undo step, and
/// choosing another method is a step of its own.
#[test]
fn dragging_a_forecast_parameter_is_one_undo_step() {
    let mut doc = sample();
    let ses = |alpha: f64| Command::SetForecastSetting {
        item: "CITY".to_string(),
        setting: Some(ForecastSetting {
            item: "CITY".to_string(),
            method: ForecastMethod::Ses,
            alpha: Some(alpha),
            ..ForecastSetting::default()
        }),
    };
    for alpha in [0.50, 0.51, 0.52, 0.53] {
        doc.apply(ses(alpha)).expect("drag");
    }
    doc.apply(Command::SetForecastSetting {
        item: "CITY".to_string(),
        setting: Some(ForecastSetting {
            item: "CITY".to_string(),
            method: ForecastMethod::MovingAverage,
            window: 3,
            ..ForecastSetting::default()
        }),
    })
    .expect("method");
    assert!(doc.undo().expect("undo"), "the method change");
    assert_eq!(doc.plan().forecast_settings[0].alpha, Some(0.53));
    assert_eq!(doc.plan().forecast_settings[0].method, ForecastMethod::Ses);
    assert!(doc.undo().expect("undo"), "the whole drag");
    assert!(doc.plan().forecast_settings.is_empty(), "before the drag");
    assert!(!doc.undo().expect("undo"), "nothing else to undo");
}

#[test]
fn a_pasted_history_column_ends_in_period_zero() {
    let mut doc = sample();
    let others = doc
        .plan()
        .history
        .iter()
        .filter(|r| r.item != "KIDS")
        .count();
    doc.apply(Command::SetHistory {
        item: "KIDS".to_string(),
        values: vec![5.0, 6.0, 7.0],
    })
    .expect("paste");
    let kids: Vec<(i64, f64)> = (doc.plan().history.iter())
        .filter(|row| row.item == "KIDS")
        .map(|row| (row.period, row.qty))
        .collect();
    assert_eq!(kids, vec![(-2, 5.0), (-1, 6.0), (0, 7.0)]);
    assert_eq!(doc.plan().history.len(), others + 3);
    doc.undo().expect("undo");
    assert_eq!(
        doc.plan()
            .history
            .iter()
            .filter(|r| r.item == "KIDS")
            .count(),
        117
    );
}
