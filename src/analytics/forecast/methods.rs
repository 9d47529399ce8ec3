//! The five forecasting recursions of DESIGN.md §7 over one history series y_1..y_H.
//!
//! Each method writes its one-step forecasts f_k into a caller's buffer (index k − 1, so the
//! parameter grid reuses one allocation) and returns what it needs for the h-step forecast F(h).
//! Entries before the method's error window hold no meaning and are never read: the window is
//! k = s + 1..H with s from [`window_start`].

/// What a recursion knows after the last history period: enough to give F(h) for any h ≥ 1.
#[derive(Debug, Clone, PartialEq)]
pub enum Outlook {
    /// The same value for every h (moving average, SES, Croston).
    Flat(f64),
    /// Holt: level l_H, trend b_H and damping φ; F(h) = l_H + (φ + … + φ^h)·b_H.
    Trend { level: f64, trend: f64, phi: f64 },
    /// Additive Holt-Winters: l_H + h·b_H + the season index of h among the last m (s_{H−m+1..H}).
    Seasonal {
        level: f64,
        trend: f64,
        seasons: Vec<f64>,
    },
}

impl Outlook {
    /// The forecast F(h) for h = 1, 2, … periods after the last history period (not floored).
    pub fn at(&self, h: usize) -> f64 {
        match self {
            Outlook::Flat(value) => *value,
            Outlook::Trend { level, trend, phi } => {
                let mut damping_sum = 0.0;
                let mut power = 1.0;
                for _ in 0..h {
                    power *= phi;
                    damping_sum += power;
                }
                level + damping_sum * trend
            }
            Outlook::Seasonal {
                level,
                trend,
                seasons,
            } => {
                let season = if seasons.is_empty() {
                    0.0
                } else {
                    seasons[(h.max(1) - 1) % seasons.len()]
                };
                level + h as f64 * trend + season
            }
        }
    }
}

/// The one-step forecasts of one method, the first index of its error window and its outlook.
pub struct Recursion {
    /// s: errors run over k = s + 1..H, i.e. buffer indices s..H.
    pub start: usize,
    pub outlook: Outlook,
}

/// Moving average of the last `window` values: f_k = mean(y_{k−n}..y_{k−1}) for k > n.
/// Needs H > n (the caller checks).
pub fn moving_average(y: &[f64], window: usize, one_step: &mut Vec<f64>) -> Recursion {
    reset(one_step, y.len());
    let n = window.max(1).min(y.len());
    let mut sum: f64 = y[..n].iter().sum();
    for k in n..y.len() {
        one_step[k] = sum / n as f64;
        sum += y[k] - y[k - n];
    }
    Recursion {
        start: n,
        outlook: Outlook::Flat(sum / n as f64),
    }
}

/// Simple exponential smoothing: l_0 = y_1, f_k = l_{k−1}, l_k = α·y_k + (1 − α)·l_{k−1}.
/// Needs H ≥ 2.
pub fn ses(y: &[f64], alpha: f64, one_step: &mut Vec<f64>) -> Recursion {
    reset(one_step, y.len());
    let mut level = y.first().copied().unwrap_or(0.0);
    for (k, &value) in y.iter().enumerate() {
        one_step[k] = level;
        level = alpha * value + (1.0 - alpha) * level;
    }
    Recursion {
        start: 1,
        outlook: Outlook::Flat(level),
    }
}

/// Holt's (damped) trend method: l_0 = y_1, b_0 = y_2 − y_1, f_k = l_{k−1} + φ·b_{k−1},
/// l_k = α·y_k + (1 − α)·f_k, b_k = β·(l_k − l_{k−1}) + (1 − β)·φ·b_{k−1}. Needs H ≥ 3.
pub fn holt(y: &[f64], alpha: f64, beta: f64, phi: f64, one_step: &mut Vec<f64>) -> Recursion {
    reset(one_step, y.len());
    let first = y.first().copied().unwrap_or(0.0);
    let mut level = first;
    let mut trend = y.get(1).map_or(0.0, |second| second - first);
    for (k, &value) in y.iter().enumerate() {
        let forecast = level + phi * trend;
        one_step[k] = forecast;
        let new_level = alpha * value + (1.0 - alpha) * forecast;
        trend = beta * (new_level - level) + (1.0 - beta) * phi * trend;
        level = new_level;
    }
    Recursion {
        start: 2,
        outlook: Outlook::Trend { level, trend, phi },
    }
}

/// Additive Holt-Winters with season length m: l_0 = mean(y_1..y_m), b_0 = (mean(y_{m+1}..y_{2m})
/// − l_0)/m, s_{j−m} = y_j − l_0; f_k = l_{k−1} + b_{k−1} + s_{k−m}; the level, trend and season
/// updates of §7. Needs H > 2m; `seasons` is scratch space the grid reuses.
pub fn holt_winters(
    y: &[f64],
    smoothing: [f64; 3],
    season_length: usize,
    one_step: &mut Vec<f64>,
    seasons: &mut Vec<f64>,
) -> Recursion {
    let [alpha, beta, gamma] = smoothing;
    let m = season_length.max(1);
    reset(one_step, y.len());
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len().max(1) as f64;
    let first = &y[..m.min(y.len())];
    let second = &y[m.min(y.len())..(2 * m).min(y.len())];
    let mut level = mean(first);
    let mut trend = (mean(second) - level) / m as f64;
    // seasons[k + m − 1] holds s_k, for k = 1 − m..H.
    seasons.clear();
    seasons.extend(first.iter().map(|value| value - level));
    seasons.resize(m, 0.0);
    for (k, &value) in y.iter().enumerate() {
        let season = seasons[k];
        one_step[k] = level + trend + season;
        let new_level = alpha * (value - season) + (1.0 - alpha) * (level + trend);
        trend = beta * (new_level - level) + (1.0 - beta) * trend;
        level = new_level;
        seasons.push(gamma * (value - level) + (1.0 - gamma) * season);
    }
    Recursion {
        start: 2 * m,
        outlook: Outlook::Seasonal {
            level,
            trend,
            seasons: seasons[y.len()..].to_vec(),
        },
    }
}

/// Croston's method with the Syntetos–Boylan correction: sizes z and intervals p smoothed at
/// each demand, f_{k+1} = (1 − α/2)·z/p from the first period with demand k0 on. Needs two
/// periods with y > 0 (the caller checks); `start` is k0.
pub fn croston(y: &[f64], alpha: f64, one_step: &mut Vec<f64>) -> Recursion {
    reset(one_step, y.len());
    let first_demand = y.iter().position(|&value| value > 0.0).unwrap_or(y.len());
    let correction = 1.0 - alpha / 2.0;
    let mut size = y.get(first_demand).copied().unwrap_or(0.0);
    let mut interval = (first_demand + 1) as f64;
    let mut since_last = 1.0;
    let mut next = correction * size / interval;
    for k in first_demand + 1..y.len() {
        one_step[k] = next;
        if y[k] > 0.0 {
            size = alpha * y[k] + (1.0 - alpha) * size;
            interval = alpha * since_last + (1.0 - alpha) * interval;
            since_last = 1.0;
        } else {
            since_last += 1.0;
        }
        next = correction * size / interval;
    }
    Recursion {
        start: first_demand + 1,
        outlook: Outlook::Flat(next),
    }
}

/// Sizes the buffer to H entries; old values are overwritten where the window needs them.
fn reset(one_step: &mut Vec<f64>, len: usize) {
    one_step.clear();
    one_step.resize(len, 0.0);
}
