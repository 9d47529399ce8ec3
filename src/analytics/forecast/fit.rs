//! Parameter fitting on the 0.1 … 0.9 grid and the error measures of DESIGN.md §7.

use super::methods::{self, Recursion};

/// The smoothing values tried for every parameter that is not given, in the order tried.
pub const GRID: [f64; 9] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/// One of the five methods with the values it runs with (after fitting).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Spec {
    MovingAverage { window: usize },
    Ses { alpha: f64 },
    Holt { alpha: f64, beta: f64, phi: f64 },
    HoltWinters { smoothing: [f64; 3], season_length: usize },
    Croston { alpha: f64 },
}

/// Buffers reused across the grid so a fit allocates once per item and method.
#[derive(Debug, Default)]
pub struct Scratch {
    /// One-step forecasts f_k at index k − 1.
    pub one_step: Vec<f64>,
    seasons: Vec<f64>,
}

/// Runs `spec` on `y`, leaving its one-step forecasts in `scratch.one_step`.
pub fn run(spec: Spec, y: &[f64], scratch: &mut Scratch) -> Recursion {
    let buffer = &mut scratch.one_step;
    match spec {
        Spec::MovingAverage { window } => methods::moving_average(y, window, buffer),
        Spec::Ses { alpha } => methods::ses(y, alpha, buffer),
        Spec::Holt { alpha, beta, phi } => methods::holt(y, alpha, beta, phi, buffer),
        Spec::HoltWinters {
            smoothing,
            season_length,
        } => methods::holt_winters(y, smoothing, season_length, buffer, &mut scratch.seasons),
        Spec::Croston { alpha } => methods::croston(y, alpha, buffer),
    }
}

/// Σ e² over the window k = start + 1..H of the forecasts in `one_step`.
pub fn squared_error_sum(y: &[f64], one_step: &[f64], start: usize) -> f64 {
    y.iter()
        .zip(one_step)
        .skip(start)
        .map(|(value, forecast)| (value - forecast).powi(2))
        .sum()
}

/// The values a parameter takes in the grid search: the given one, or every grid value.
fn candidates(given: Option<f64>) -> Vec<f64> {
    given.map_or_else(|| GRID.to_vec(), |value| vec![value])
}

/// The parameters a user fixed for an item (None = fitted); phi is never fitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Given {
    pub alpha: Option<f64>,
    pub beta: Option<f64>,
    pub gamma: Option<f64>,
    pub phi: f64,
}

/// The method kinds the fitting knows, without their values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    MovingAverage { window: usize },
    Ses,
    Holt,
    HoltWinters { season_length: usize },
    Croston,
}

/// Fits `kind` to `y`: every combination of the parameters not given, α outermost, then β, then
/// γ, keeping the first with the smallest Σ e² over the method's own window (a later one
/// replaces it only when strictly smaller). A non-finite sum never wins.
pub fn fit(kind: Kind, y: &[f64], given: Given, scratch: &mut Scratch) -> Spec {
    let specs: Vec<Spec> = match kind {
        Kind::MovingAverage { window } => vec![Spec::MovingAverage { window }],
        Kind::Ses => candidates(given.alpha)
            .into_iter()
            .map(|alpha| Spec::Ses { alpha })
            .collect(),
        Kind::Croston => candidates(given.alpha)
            .into_iter()
            .map(|alpha| Spec::Croston { alpha })
            .collect(),
        Kind::Holt => {
            let betas = candidates(given.beta);
            candidates(given.alpha)
                .into_iter()
                .flat_map(|alpha| {
                    betas.iter().map(move |&beta| Spec::Holt {
                        alpha,
                        beta,
                        phi: given.phi,
                    })
                })
                .collect()
        }
        Kind::HoltWinters { season_length } => {
            let betas = candidates(given.beta);
            let gammas = candidates(given.gamma);
            let mut specs = Vec::with_capacity(729);
            for alpha in candidates(given.alpha) {
                for &beta in &betas {
                    for &gamma in &gammas {
                        specs.push(Spec::HoltWinters {
                            smoothing: [alpha, beta, gamma],
                            season_length,
                        });
                    }
                }
            }
            specs
        }
    };
    let mut best: Option<(f64, Spec)> = None;
    for spec in specs {
        let recursion = run(spec, y, scratch);
        let sum = squared_error_sum(y, &scratch.one_step, recursion.start);
        let better = match best {
            None => true,
            Some((best_sum, _)) => sum < best_sum || (!best_sum.is_finite() && sum.is_finite()),
        };
        if better {
            best = Some((sum, spec));
        }
    }
    best.map_or(Spec::MovingAverage { window: 1 }, |(_, spec)| spec)
}

/// The error measures of one method over one window (DESIGN.md §7).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    /// Mean absolute error.
    pub mad: f64,
    /// Mean squared error.
    pub mse: f64,
    /// Mean |e|/y over the periods with y > 0, a fraction; None when there is none.
    pub mape: Option<f64>,
    /// Mean error (positive: the method forecasts too low).
    pub bias: f64,
    /// Σe / MAD; None when MAD is 0.
    pub tracking_signal: Option<f64>,
}

/// The measures of e_k = y_k − f_k over k = start + 1..H (buffer indices start..H); None for an
/// empty window.
pub fn measures(y: &[f64], one_step: &[f64], start: usize) -> Option<Measures> {
    let mut count = 0usize;
    let (mut abs_sum, mut square_sum, mut sum) = (0.0, 0.0, 0.0);
    let (mut pct_sum, mut pct_count) = (0.0, 0usize);
    for (value, forecast) in y.iter().zip(one_step).skip(start) {
        let error = value - forecast;
        count += 1;
        abs_sum += error.abs();
        square_sum += error * error;
        sum += error;
        if *value > 0.0 {
            pct_sum += error.abs() / value;
            pct_count += 1;
        }
    }
    if count == 0 {
        return None;
    }
    let n = count as f64;
    let mad = abs_sum / n;
    Some(Measures {
        mad,
        mse: square_sum / n,
        mape: (pct_count > 0).then(|| pct_sum / pct_count as f64),
        bias: sum / n,
        tracking_signal: (mad > 0.0).then(|| sum / mad),
    })
}
