//! Parameter fitting on the 0.1 … 0.9 grid and the error measures of DESIGN.md §7.

use super::methods::{self, Recursion};

/// The smoothing values tried for every parameter that is not given, in the order tried.
pub const GRID: [f64; 9] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/// One of the five methods with the values it runs with (after fitting).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Spec {
    MovingAverage {
        window: usize,
    },
    Ses {
        alpha: f64,
    },
    Holt {
        alpha: f64,
        beta: f64,
        phi: f64,
    },
    HoltWinters {
        smoothing: [f64; 3],
        season_length: usize,
    },
    Croston {
        alpha: f64,
    },
}

/// Buffers reused across the grid so a fit allocates once per item and method.
#[derive(Debug, Default)]
pub struct Scratch {
    /// One-step forecasts f_k at index k − 1.
    pub one_step: Vec<f64>,
    seasons: Vec<f64>,
    /// The Holt-Winters grid's seasons, one row per season slot, one value per lane.
    season_ring: Vec<[f64; LANES]>,
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

/// Σ e² of `spec` over its window, as [`run`] followed by [`squared_error_sum`] gives it.
fn grid_error(spec: Spec, y: &[f64], scratch: &mut Scratch) -> f64 {
    let recursion = run(spec, y, scratch);
    squared_error_sum(y, &scratch.one_step, recursion.start)
}

/// Parameter sets of the Holt-Winters grid that run side by side in one pass over the history.
/// One set's recursion is a chain of dependent multiplications (each step waits for the last);
/// eight independent chains keep the floating-point units busy. On 2,000 items × 120 weeks this
/// cut `opsplan forecast --json` from 1.15 s to 0.34 s of CPU (BENCHMARKS.md, Forecasting).
const LANES: usize = 8;

/// Σ e² of Holt-Winters with each `[α, β, γ]` of `sets` over its window k = 2m + 1..H, the
/// same operations in the same order per set as [`methods::holt_winters`] followed by
/// [`squared_error_sum`], so the same bits. Seasons live in a ring of m rows, one value per lane.
fn holt_winters_grid_errors(
    y: &[f64],
    season_length: usize,
    sets: &[[f64; 3]],
    ring: &mut Vec<[f64; LANES]>,
) -> Vec<f64> {
    let m = season_length.max(1);
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len().max(1) as f64;
    let first = &y[..m.min(y.len())];
    let second = &y[m.min(y.len())..(2 * m).min(y.len())];
    let start_level = mean(first);
    let start_trend = (mean(second) - start_level) / m as f64;
    let (warm_up, counted) = y.split_at((2 * m).min(y.len()));
    let mut errors = Vec::with_capacity(sets.len());
    for chunk in sets.chunks(LANES) {
        // Pad the last chunk with its own last set; the padded lanes' sums are dropped.
        let lane_set = |lane: usize| chunk[lane.min(chunk.len() - 1)];
        let alpha: [f64; LANES] = std::array::from_fn(|lane| lane_set(lane)[0]);
        let beta: [f64; LANES] = std::array::from_fn(|lane| lane_set(lane)[1]);
        let gamma: [f64; LANES] = std::array::from_fn(|lane| lane_set(lane)[2]);
        let mut lanes = HoltWintersLanes {
            alpha,
            beta,
            gamma,
            level: [start_level; LANES],
            trend: [start_trend; LANES],
            sum: [0.0; LANES],
        };
        ring.clear();
        ring.extend(first.iter().map(|value| [value - start_level; LANES]));
        ring.resize(m, [0.0; LANES]);
        let mut slot = 0;
        for &value in warm_up {
            lanes.step::<false>(value, &mut ring[slot]);
            slot = if slot + 1 == m { 0 } else { slot + 1 };
        }
        for &value in counted {
            lanes.step::<true>(value, &mut ring[slot]);
            slot = if slot + 1 == m { 0 } else { slot + 1 };
        }
        errors.extend_from_slice(&lanes.sum[..chunk.len()]);
    }
    errors
}

/// The state of [`LANES`] Holt-Winters recursions run in lockstep.
struct HoltWintersLanes {
    alpha: [f64; LANES],
    beta: [f64; LANES],
    gamma: [f64; LANES],
    level: [f64; LANES],
    trend: [f64; LANES],
    sum: [f64; LANES],
}

impl HoltWintersLanes {
    /// One period of every lane; `COUNTED` adds the squared one-step error to the sums.
    #[inline(always)]
    fn step<const COUNTED: bool>(&mut self, value: f64, seasons: &mut [f64; LANES]) {
        for (lane, slot) in seasons.iter_mut().enumerate() {
            let season = *slot;
            let (level, trend) = (self.level[lane], self.trend[lane]);
            if COUNTED {
                self.sum[lane] += (value - (level + trend + season)).powi(2);
            }
            let alpha = self.alpha[lane];
            let new_level = alpha * (value - season) + (1.0 - alpha) * (level + trend);
            let beta = self.beta[lane];
            self.trend[lane] = beta * (new_level - level) + (1.0 - beta) * trend;
            self.level[lane] = new_level;
            let gamma = self.gamma[lane];
            *slot = gamma * (value - new_level) + (1.0 - gamma) * season;
        }
    }
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
            let mut sets = Vec::with_capacity(729);
            for alpha in candidates(given.alpha) {
                for &beta in &betas {
                    for &gamma in &gammas {
                        sets.push([alpha, beta, gamma]);
                    }
                }
            }
            let sums = holt_winters_grid_errors(y, season_length, &sets, &mut scratch.season_ring);
            let specs = sets.into_iter().map(|smoothing| Spec::HoltWinters {
                smoothing,
                season_length,
            });
            return best_of(specs.zip(sums));
        }
    };
    let sums: Vec<f64> = specs
        .iter()
        .map(|&spec| grid_error(spec, y, scratch))
        .collect();
    best_of(specs.into_iter().zip(sums))
}

/// The first spec with the smallest Σ e² (a later one wins only when strictly smaller); a
/// non-finite sum never wins over a finite one.
fn best_of(candidates: impl Iterator<Item = (Spec, f64)>) -> Spec {
    let mut best: Option<(f64, Spec)> = None;
    for (spec, sum) in candidates {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_holt_winters_grid_error_equals_the_full_recursion_bit_for_bit() {
        // A seasonal series with a trend, m = 4, H = 14 > 2m.
        let y: Vec<f64> = (0..14)
            .map(|k| 20.0 + 0.5 * k as f64 + [3.0, -1.0, 5.0, -7.0][k % 4] + (k * k % 5) as f64)
            .collect();
        let mut scratch = Scratch::default();
        // Three sets: one chunk of eight lanes, five of them padding.
        let sets = [[0.1, 0.2, 0.3], [0.9, 0.5, 0.7], [0.4, 0.9, 0.1]];
        let sums = holt_winters_grid_errors(&y, 4, &sets, &mut scratch.season_ring);
        assert_eq!(sums.len(), 3);
        for (smoothing, fast) in sets.into_iter().zip(sums) {
            let spec = Spec::HoltWinters {
                smoothing,
                season_length: 4,
            };
            let recursion = run(spec, &y, &mut scratch);
            let full = squared_error_sum(&y, &scratch.one_step, recursion.start);
            assert_eq!(
                fast.to_bits(),
                full.to_bits(),
                "{smoothing:?}: {fast} vs {full}"
            );
            assert!(full > 0.0);
        }
    }
}
