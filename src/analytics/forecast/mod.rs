//! Demand forecasting from sales history (DESIGN.md §7): moving average, simple exponential
//! smoothing, Holt, additive Holt-Winters and Croston, parameters fitted on a grid, automatic
//! choice by MAD, error measures and a prediction band.
//!
//! Computed on demand (the Forecast page, `opsplan forecast`, the report's forecast section),
//! never as part of every analysis: fitting Holt-Winters tries 729 parameter sets per item.

pub mod fit;
pub mod methods;

use std::collections::HashMap;

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::domain::{ForecastMethod, ForecastSetting, Plan};
use fit::{Given, Kind, Measures, Scratch, Spec};

/// Plans with more history rows than this forecast their items on two threads.
const PARALLEL_HISTORY_ROWS: usize = 20_000;

/// z of the two-sided 95 % normal interval used for the prediction band.
pub const BAND_Z: f64 = 1.96;

/// The forecasts of every item with history, and why other items got none.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ForecastResults {
    /// One entry per item with history and a method that has enough of it, in plan item order.
    pub items: Vec<ItemForecast>,
    /// Items left out and why (not enough history for the method, settings without history).
    pub messages: Vec<String>,
}

impl ForecastResults {
    /// The forecast of one item, if it has one.
    pub fn item(&self, code: &str) -> Option<&ItemForecast> {
        self.items.iter().find(|item| item.item == code)
    }
}

/// One item's forecast: the method used with its parameters, the one-step fitted values over
/// the history, the forecast per plan period with its band, and the error measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemForecast {
    pub item: String,
    /// The method used (never `auto`: auto's choice).
    pub method: ForecastMethod,
    pub alpha: Option<f64>,
    pub beta: Option<f64>,
    pub gamma: Option<f64>,
    pub phi: Option<f64>,
    pub window: Option<i64>,
    pub season_length: Option<i64>,
    /// f_k for k = 1..H (history periods first..0); None outside the method's error window.
    pub fitted: Vec<Option<f64>>,
    /// max(0, F(t)) for plan periods t = 1..T.
    pub forecast: Vec<f64>,
    /// max(0, forecast − 1.96·√mse).
    pub lower: Vec<f64>,
    /// forecast + 1.96·√mse.
    pub upper: Vec<f64>,
    pub mad: f64,
    pub mse: f64,
    pub mape: Option<f64>,
    pub bias: f64,
    pub tracking_signal: Option<f64>,
    /// Each auto candidate's MAD over the common window; None unless the method was auto.
    pub scores: Option<Scores>,
    /// The history period of y_1 (≤ 0); y_H is period 0. Not in the JSON: the GUI and reports
    /// label the chart with it.
    #[serde(skip)]
    pub first_period: i64,
    /// y_1..y_H, zeros filled in (for the chart).
    #[serde(skip)]
    pub history: Vec<f64>,
}

impl ItemForecast {
    /// The history period of fitted/history entry `index` (0-based).
    pub fn history_period(&self, index: usize) -> i64 {
        self.first_period + index as i64
    }

    /// The forecast rounded to whole units (half away from zero), as (period, qty) for every
    /// period whose rounded value is > 0: the demand rows `--apply` writes (§7).
    pub fn rounded_demand(&self) -> Vec<(i64, f64)> {
        self.forecast
            .iter()
            .enumerate()
            .map(|(index, qty)| (index as i64 + 1, qty.round()))
            .filter(|(_, qty)| *qty > 0.0)
            .collect()
    }
}

/// Auto's candidates with their MAD, in candidate order; serialises as a JSON object
/// `{method: MAD}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scores(pub Vec<(ForecastMethod, f64)>);

impl Serialize for Scores {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (method, mad) in &self.0 {
            map.serialize_entry(method.as_str(), mad)?;
        }
        map.end()
    }
}

/// Forecasts every item of the plan that has history rows (DESIGN.md §7), in plan item order.
/// The plan is expected to be valid; rows naming unknown items are ignored.
pub fn forecast(plan: &Plan) -> ForecastResults {
    let series = history_series(plan);
    let settings: HashMap<&str, (usize, &ForecastSetting)> = plan
        .forecast_settings
        .iter()
        .enumerate()
        .map(|(row, setting)| (setting.item.as_str(), (row, setting)))
        .collect();
    let default_setting = ForecastSetting::default();
    let horizon = usize::try_from(plan.settings.periods).unwrap_or(0);
    let season_default = plan.settings.periods_per_year().round().max(2.0) as usize;
    let jobs: Vec<Job> = plan
        .items
        .iter()
        .filter_map(|item| {
            let (first_period, history) = series.get(item.code.as_str())?.clone();
            let setting = settings
                .get(item.code.as_str())
                .map_or(&default_setting, |(_, setting)| *setting);
            Some(Job {
                item: item.code.clone(),
                first_period,
                history,
                setting: setting.clone(),
            })
        })
        .collect();
    let run = |jobs: &[Job]| -> Vec<Result<ItemForecast, String>> {
        let mut scratch = Scratch::default();
        jobs.iter()
            .map(|job| forecast_item(job, horizon, season_default, &mut scratch))
            .collect()
    };
    let outcomes = if plan.history.len() > PARALLEL_HISTORY_ROWS && jobs.len() > 1 {
        let (first, second) = jobs.split_at(jobs.len() / 2);
        let (mut a, b) = std::thread::scope(|scope| {
            let spawned = std::thread::Builder::new().spawn_scoped(scope, || run(second));
            let a = run(first);
            let b = match spawned {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => run(second),
            };
            (a, b)
        });
        a.extend(b);
        a
    } else {
        run(&jobs)
    };
    let mut results = ForecastResults::default();
    for outcome in outcomes {
        match outcome {
            Ok(item) => results.items.push(item),
            Err(message) => results.messages.push(message),
        }
    }
    for (row, setting) in plan.forecast_settings.iter().enumerate() {
        if !series.contains_key(setting.item.as_str()) {
            results.messages.push(format!(
                "forecast_settings row {}: item {} has no history rows, so it is not forecast",
                row + 1,
                setting.item
            ));
        }
    }
    results
}

/// One item to forecast: its series and settings.
struct Job {
    item: String,
    first_period: i64,
    history: Vec<f64>,
    setting: ForecastSetting,
}

/// Per item: the first history period and y_1..y_H with the missing periods as 0.
fn history_series(plan: &Plan) -> HashMap<&str, (i64, Vec<f64>)> {
    let mut first: HashMap<&str, i64> = HashMap::new();
    for row in &plan.history {
        let entry = first.entry(row.item.as_str()).or_insert(row.period);
        *entry = (*entry).min(row.period);
    }
    let mut series: HashMap<&str, (i64, Vec<f64>)> = first
        .into_iter()
        .map(|(item, period)| {
            let first_period = period.min(0);
            let len = usize::try_from(1 - first_period).unwrap_or(1);
            (item, (first_period, vec![0.0; len]))
        })
        .collect();
    for row in &plan.history {
        if let Some((first_period, values)) = series.get_mut(row.item.as_str())
            && let Some(slot) = usize::try_from(row.period - *first_period)
                .ok()
                .and_then(|index| values.get_mut(index))
        {
            *slot += row.qty;
        }
    }
    series
}

/// The methods auto tries, in its tie order (§7).
const AUTO_ORDER: [ForecastMethod; 5] = [
    ForecastMethod::Ses,
    ForecastMethod::Holt,
    ForecastMethod::HoltWinters,
    ForecastMethod::Croston,
    ForecastMethod::MovingAverage,
];

/// Share of zero periods from which auto also tries Croston.
const CROSTON_ZERO_SHARE: f64 = 0.3;

/// How much history `method` needs, as a sentence ending, or None when `y` has enough.
fn missing_history(method: Kind, y: &[f64]) -> Option<String> {
    let h = y.len();
    let periods = |n: usize| if n == 1 { "period" } else { "periods" };
    match method {
        Kind::MovingAverage { window } if h <= window => Some(format!(
            "moving_average with window {window} needs more than {window} {} of history",
            periods(window)
        )),
        Kind::Ses if h < 2 => Some("ses needs at least 2 periods of history".to_string()),
        Kind::Holt if h < 3 => Some("holt needs at least 3 periods of history".to_string()),
        Kind::HoltWinters { season_length } if h <= 2 * season_length => Some(format!(
            "holt_winters with season_length {season_length} needs more than {} periods of \
             history (two seasons)",
            2 * season_length
        )),
        Kind::Croston if y.iter().filter(|&&value| value > 0.0).count() < 2 => {
            Some("croston needs at least 2 periods with sales > 0".to_string())
        }
        _ => None,
    }
}

/// The method kind of `method` for this item's settings; None for auto.
fn kind_of(
    method: ForecastMethod,
    setting: &ForecastSetting,
    season_length: usize,
) -> Option<Kind> {
    Some(match method {
        ForecastMethod::Auto => return None,
        ForecastMethod::MovingAverage => Kind::MovingAverage {
            window: usize::try_from(setting.window).unwrap_or(1).max(1),
        },
        ForecastMethod::Ses => Kind::Ses,
        ForecastMethod::Holt => Kind::Holt,
        ForecastMethod::HoltWinters => Kind::HoltWinters { season_length },
        ForecastMethod::Croston => Kind::Croston,
    })
}

/// A fitted candidate: its values, start of window and outlook, and its one-step forecasts.
struct Fitted {
    method: ForecastMethod,
    spec: Spec,
    recursion: methods::Recursion,
    one_step: Vec<f64>,
}

fn fit_candidate(
    method: ForecastMethod,
    kind: Kind,
    y: &[f64],
    given: Given,
    scratch: &mut Scratch,
) -> Fitted {
    let spec = fit::fit(kind, y, given, scratch);
    let recursion = fit::run(spec, y, scratch);
    Fitted {
        method,
        spec,
        recursion,
        one_step: scratch.one_step.clone(),
    }
}

/// Forecasts one item, or says why it cannot be.
fn forecast_item(
    job: &Job,
    horizon: usize,
    season_default: usize,
    scratch: &mut Scratch,
) -> Result<ItemForecast, String> {
    let y = &job.history;
    let setting = &job.setting;
    let given = Given {
        alpha: setting.alpha,
        beta: setting.beta,
        gamma: setting.gamma,
        phi: setting.phi,
    };
    let explicit_season = setting
        .season_length
        .and_then(|m| usize::try_from(m).ok())
        .filter(|&m| m >= 2);
    let season_length = explicit_season.unwrap_or(season_default);
    let has = |h: usize| {
        format!(
            "{}: {h} {} of history",
            job.item,
            if h == 1 { "period" } else { "periods" }
        )
    };
    let (chosen, scores) = match kind_of(setting.method, setting, season_length) {
        Some(kind) => {
            if let Some(needs) = missing_history(kind, y) {
                return Err(format!("{}; {needs}", has(y.len())));
            }
            (fit_candidate(setting.method, kind, y, given, scratch), None)
        }
        None => {
            let zero_share =
                y.iter().filter(|&&value| value == 0.0).count() as f64 / y.len().max(1) as f64;
            let mut candidates: Vec<Fitted> = Vec::new();
            for method in AUTO_ORDER {
                if method == ForecastMethod::Croston && zero_share < CROSTON_ZERO_SHARE {
                    continue;
                }
                let Some(kind) = kind_of(method, setting, season_length) else {
                    continue;
                };
                if missing_history(kind, y).is_none() {
                    candidates.push(fit_candidate(method, kind, y, given, scratch));
                }
            }
            let common_start = candidates
                .iter()
                .map(|candidate| candidate.recursion.start)
                .max()
                .unwrap_or(0);
            let mut scored: Vec<(ForecastMethod, f64)> = Vec::new();
            let mut best: Option<(usize, f64)> = None;
            for (index, candidate) in candidates.iter().enumerate() {
                let Some(measures) = fit::measures(y, &candidate.one_step, common_start) else {
                    continue;
                };
                scored.push((candidate.method, measures.mad));
                if best.is_none_or(|(_, best_mad)| measures.mad < best_mad) {
                    best = Some((index, measures.mad));
                }
            }
            let Some((best_index, _)) = best else {
                return Err(format!(
                    "{}; forecasting needs at least 2 periods of history",
                    has(y.len())
                ));
            };
            let chosen = candidates.swap_remove(best_index);
            (chosen, Some(Scores(scored)))
        }
    };
    let start = chosen.recursion.start;
    let Some(measures) = fit::measures(y, &chosen.one_step, start) else {
        return Err(format!(
            "{}; {} has no period to measure its error on",
            has(y.len()),
            chosen.method.as_str()
        ));
    };
    Ok(assemble(job, chosen, measures, scores, horizon))
}

/// Builds the result of the chosen method: parameters, fitted values, forecast and band.
fn assemble(
    job: &Job,
    chosen: Fitted,
    measures: Measures,
    scores: Option<Scores>,
    horizon: usize,
) -> ItemForecast {
    let (alpha, beta, gamma, phi, window, season_length) = match chosen.spec {
        Spec::MovingAverage { window } => (None, None, None, None, Some(window as i64), None),
        Spec::Ses { alpha } | Spec::Croston { alpha } => {
            (Some(alpha), None, None, None, None, None)
        }
        Spec::Holt { alpha, beta, phi } => (Some(alpha), Some(beta), None, Some(phi), None, None),
        Spec::HoltWinters {
            smoothing: [alpha, beta, gamma],
            season_length,
        } => (
            Some(alpha),
            Some(beta),
            Some(gamma),
            None,
            None,
            Some(season_length as i64),
        ),
    };
    let start = chosen.recursion.start;
    let fitted = chosen
        .one_step
        .iter()
        .enumerate()
        .map(|(index, value)| (index >= start).then_some(*value))
        .collect();
    let half_width = BAND_Z * measures.mse.sqrt();
    let forecast: Vec<f64> = (1..=horizon)
        .map(|h| chosen.recursion.outlook.at(h).max(0.0))
        .collect();
    let lower = forecast
        .iter()
        .map(|value| (value - half_width).max(0.0))
        .collect();
    let upper = forecast.iter().map(|value| value + half_width).collect();
    ItemForecast {
        item: job.item.clone(),
        method: chosen.method,
        alpha,
        beta,
        gamma,
        phi,
        window,
        season_length,
        fitted,
        forecast,
        lower,
        upper,
        mad: measures.mad,
        mse: measures.mse,
        mape: measures.mape,
        bias: measures.bias,
        tracking_signal: measures.tracking_signal,
        scores,
        first_period: job.first_period,
        history: job.history.clone(),
    }
}
