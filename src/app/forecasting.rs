//! Forecasting operations shared by the CLI (`opsplan forecast`) and the GUI's Forecast page:
//! forecast a validated plan, turn forecasts into demand rows (§7, rounding on apply), print
//! the text table, and write the applied plan.

use std::collections::HashSet;
use std::path::Path;

use super::files::{read_plan, write_plan_to};
use super::operations::OperationError;
use crate::analytics::forecast::{ForecastResults, forecast};
use crate::domain::{Demand, Plan, validate};

/// Validates the plan and forecasts every item with history; an invalid plan is never forecast.
pub fn forecast_checked(plan: &Plan, path: &Path) -> Result<ForecastResults, OperationError> {
    let report = validate(plan);
    if !report.is_valid() {
        return Err(OperationError::Invalid {
            path: path.to_path_buf(),
            report,
        });
    }
    Ok(forecast(plan))
}

/// Reads the plan at `plan_path` and forecasts it.
pub fn forecast_file(plan_path: &Path) -> Result<(Plan, ForecastResults), OperationError> {
    let plan = read_plan(plan_path)?;
    let results = forecast_checked(&plan, plan_path)?;
    Ok((plan, results))
}

/// The demand table after applying the forecasts of `items` (every forecast item when None):
/// their old demand rows are dropped and replaced by the rounded forecast, one row per period
/// whose rounded value is > 0 (DESIGN.md §7). Other items' rows keep their order; the new rows
/// follow them, item by item in plan order.
pub fn demand_with_forecast(
    plan: &Plan,
    results: &ForecastResults,
    items: Option<&[String]>,
) -> Vec<Demand> {
    let applied: Vec<_> = results
        .items
        .iter()
        .filter(|item| items.is_none_or(|chosen| chosen.contains(&item.item)))
        .collect();
    let replaced: HashSet<&str> = applied.iter().map(|item| item.item.as_str()).collect();
    let mut demand: Vec<Demand> = plan
        .demand
        .iter()
        .filter(|row| !replaced.contains(row.item.as_str()))
        .cloned()
        .collect();
    for item in applied {
        demand.extend(
            item.rounded_demand()
                .into_iter()
                .map(|(period, qty)| Demand {
                    item: item.item.clone(),
                    period,
                    qty,
                }),
        );
    }
    demand
}

/// `opsplan forecast --apply`: replaces the demand of every forecast item by its rounded
/// forecast and writes the plan to `output`, or back to `plan_path` when None, atomically and
/// in the format of the target (plan file, `.json`, CSV folder, `.xlsx` workbook). Returns the forecasts. Nothing
/// is written when the plan is invalid.
pub fn apply_forecast_file(
    plan_path: &Path,
    output: Option<&Path>,
) -> Result<ForecastResults, OperationError> {
    let (mut plan, results) = forecast_file(plan_path)?;
    plan.demand = demand_with_forecast(&plan, &results, None);
    let target = output.unwrap_or(plan_path);
    write_plan_to(&plan, target)?;
    Ok(results)
}

/// The forecasts as a plain-text table for the terminal: method, parameters and errors per
/// item, the forecast of the first periods, then the messages.
pub fn forecast_table(results: &ForecastResults) -> String {
    let number = |value: Option<f64>, decimals: usize| {
        value
            .filter(|v| v.is_finite())
            .map_or_else(|| "-".to_string(), |v| format!("{v:.decimals$}"))
    };
    let mut text = format!(
        "{:<16} {:<15} {:>5} {:>5} {:>5} {:>5} {:>10} {:>8} {:>10} {:>8}  forecast (first periods)\n",
        "item", "method", "alpha", "beta", "gamma", "m/n", "MAD", "MAPE %", "bias", "TS"
    );
    for item in &results.items {
        let order = item.season_length.or(item.window).map(|v| v as f64);
        let first: Vec<String> = item
            .forecast
            .iter()
            .take(6)
            .map(|qty| format!("{qty:.1}"))
            .collect();
        text.push_str(&format!(
            "{:<16} {:<15} {:>5} {:>5} {:>5} {:>5} {:>10} {:>8} {:>10} {:>8}  {}\n",
            item.item,
            item.method.as_str(),
            number(item.alpha, 1),
            number(item.beta, 1),
            number(item.gamma, 1),
            number(order, 0),
            number(Some(item.mad), 2),
            number(item.mape.map(|m| m * 100.0), 1),
            number(Some(item.bias), 2),
            number(item.tracking_signal, 2),
            first.join(" ")
        ));
    }
    if results.items.is_empty() {
        text.push_str("(no item has history to forecast from)\n");
    }
    for message in &results.messages {
        text.push_str(&format!("note: {message}\n"));
    }
    text
}
