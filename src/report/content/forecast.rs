//! The forecast section: error table and one chart per forecast item (DESIGN.md §7).

use super::super::PeriodRange;
use super::super::chart::{CENTER, Chart, Color, LineSeries, Lines, PALETTE};
use super::{Block, Cell, DocSection, Names, ReportInput, Table, num, text};
use crate::analytics::forecast::{ForecastResults, ItemForecast, forecast};
use crate::domain::{Plan, PlanSettings, period_label};

/// The prediction band's dashed edges: a grey that stays visible on white.
const BAND: Color = Color(140, 140, 140);

/// At most this many forecast charts are drawn (the error table lists every item).
pub const FORECAST_CHARTS: usize = 20;

/// The forecast error table: one row per forecast item with its method, parameters and errors.
pub fn forecast_table(plan: &Plan, results: &ForecastResults) -> Table {
    let names = Names::new(plan);
    let mut table = Table::new(
        "forecast",
        "Forecast methods and errors (one-step, over each method's own window)",
        &[
            text("item", "Item"),
            text("name", "Name"),
            text("method", "Method"),
            num("alpha", "α", 1),
            num("beta", "β", 1),
            num("gamma", "γ", 1),
            num("mad", "MAD", 2),
            num("mape", "MAPE", 1),
            num("bias", "Bias", 2),
            num("tracking_signal", "Tracking signal", 2),
            num("total_forecast", "Forecast total", 0),
        ],
    );
    for item in &results.items {
        table.rows.push(vec![
            Cell::text(&item.item),
            Cell::text(names.item(&item.item)),
            Cell::text(item.method.as_str()),
            Cell::number(item.alpha),
            Cell::number(item.beta),
            Cell::number(item.gamma),
            Cell::number(Some(item.mad)),
            Cell::ratio(item.mape),
            Cell::number(Some(item.bias)),
            Cell::number(item.tracking_signal),
            Cell::number(Some(item.forecast.iter().sum())),
        ]);
    }
    table
}

/// One item's forecast chart: history and one-step fitted values labelled by their dates, then
/// the forecast with its band over the periods shown.
pub fn forecast_chart(
    item: &ItemForecast,
    name: &str,
    settings: &PlanSettings,
    range: PeriodRange,
) -> Chart {
    let past = item.history.len();
    let shown = range.indexes();
    let future = shown.len();
    let mut categories: Vec<String> = (0..past)
        .map(|index| period_label(settings, item.history_period(index)))
        .collect();
    categories.extend(range_periods(range).map(|period| period_label(settings, period)));
    let past_only = |values: Vec<Option<f64>>| {
        let mut values = values;
        values.extend(std::iter::repeat_n(None, future));
        values
    };
    let future_only = |values: &[f64]| {
        let mut line = vec![None; past];
        line.extend(shown.clone().map(|index| values.get(index).copied()));
        line
    };
    let title = if name.is_empty() {
        format!("{}: {} forecast", item.item, item.method.as_str())
    } else {
        format!("{} {name}: {} forecast", item.item, item.method.as_str())
    };
    Chart::Lines(Lines {
        title,
        categories,
        series: vec![
            LineSeries {
                name: "History".to_string(),
                values: past_only(item.history.iter().copied().map(Some).collect()),
                color: PALETTE[0],
                dashed: false,
            },
            LineSeries {
                name: "Fitted (one step)".to_string(),
                values: past_only(item.fitted.clone()),
                color: PALETTE[1],
                dashed: false,
            },
            LineSeries {
                name: "Forecast".to_string(),
                values: future_only(&item.forecast),
                color: CENTER,
                dashed: false,
            },
            LineSeries {
                name: "95 % band".to_string(),
                values: future_only(&item.upper),
                color: BAND,
                dashed: true,
            },
            LineSeries {
                name: String::new(),
                values: future_only(&item.lower),
                color: BAND,
                dashed: true,
            },
        ],
    })
}

/// The 1-based periods of a range.
fn range_periods(range: PeriodRange) -> impl Iterator<Item = i64> {
    range.from..=range.to
}

pub(super) fn forecast_section(input: &ReportInput) -> DocSection {
    let results = forecast(input.plan);
    let names = Names::new(input.plan);
    let mut blocks = Vec::new();
    if results.items.is_empty() {
        blocks.push(Block::Note(
            "No item has enough sales history for a forecast.".to_string(),
        ));
    } else {
        blocks.push(Block::Table(forecast_table(input.plan, &results)));
        let warned: Vec<&str> = results
            .items
            .iter()
            .filter(|item| item.tracking_signal.is_some_and(|ts| ts.abs() > 4.0))
            .map(|item| item.item.as_str())
            .collect();
        if !warned.is_empty() {
            blocks.push(Block::Note(format!(
                "Tracking signal beyond ±4 (the forecast is biased; check the method): {}.",
                warned.join(", ")
            )));
        }
        if results.items.len() > FORECAST_CHARTS {
            blocks.push(Block::Note(format!(
                "The plan forecasts {} items; charts for the first {FORECAST_CHARTS}.",
                results.items.len()
            )));
        }
        for item in results.items.iter().take(FORECAST_CHARTS) {
            blocks.push(Block::Chart(forecast_chart(
                item,
                &names.item(&item.item),
                &input.plan.settings,
                input.range,
            )));
        }
    }
    blocks.extend(results.messages.into_iter().map(Block::Note));
    DocSection {
        id: "forecast",
        title: "Forecast",
        blocks,
    }
}
