//! Variables control charts of one characteristic: I-MR, X̄-R and X̄-S (equal or unequal
//! subgroup sizes), with Phase I limits, known standards, run rules, EWMA/CUSUM and capability
//! (DESIGN.md §2; Montgomery ch. 6).

use std::collections::BTreeMap;

use super::capability::{capability, mean_and_sd};
use super::ewma_cusum::{cusum, ewma};
use super::run_rules::violations;
use super::spc_constants::{s_constants, table_row};
use super::{ChartKind, ChartPoint, ControlChart, SpreadPoint};
use crate::domain::{Characteristic, ChartSetting, Measurement, Plan};

/// The values of one subgroup label.
struct Subgroup {
    label: i64,
    values: Vec<f64>,
}

impl Subgroup {
    fn size(&self) -> usize {
        self.values.len()
    }

    fn mean(&self) -> f64 {
        self.values.iter().sum::<f64>() / self.values.len() as f64
    }

    fn range(&self) -> f64 {
        let max = self.values.iter().copied().fold(f64::MIN, f64::max);
        let min = self.values.iter().copied().fold(f64::MAX, f64::min);
        max - min
    }

    fn sd(&self) -> f64 {
        mean_and_sd(&self.values).map_or(0.0, |(_, sd)| sd)
    }
}

/// The characteristic's subgroups ordered by label; values keep their order of entry.
fn subgroups_of(measurements: &[&Measurement]) -> Vec<Subgroup> {
    let mut by_label: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    for m in measurements {
        by_label.entry(m.subgroup).or_default().push(m.value);
    }
    by_label
        .into_iter()
        .map(|(label, values)| Subgroup { label, values })
        .collect()
}

/// The chart the sizes call for and whether all subgroups have one size; `Err` says why the
/// data give no chart.
fn chart_kind(subgroups: &[Subgroup]) -> Result<(ChartKind, bool), &'static str> {
    let total: usize = subgroups.iter().map(Subgroup::size).sum();
    match total {
        0 => return Err("has no measurements"),
        1 => return Err("has a single value"),
        _ => {}
    }
    let first = subgroups[0].size();
    let equal = subgroups.iter().all(|s| s.size() == first);
    if !equal && subgroups.iter().any(|s| s.size() == 1) {
        return Err("mixes single values with subgroups of several values");
    }
    let kind = match (equal, first) {
        (true, 1) => ChartKind::IMr,
        (true, 2..=10) => ChartKind::XbarR,
        _ => ChartKind::XbarS,
    };
    Ok((kind, equal))
}

/// The chart constants one subgroup size needs, whatever the kind: σ = spread_centre/bias,
/// X̄ half-width = mean·spread_centre, spread limits = lower/upper·spread_centre.
struct Factors {
    bias: f64,
    mean: f64,
    lower: f64,
    upper: f64,
}

/// Factors of `kind` at size `n` (I-MR always uses the n = 2 row: a moving range spans two
/// individuals, so MR UCL = 3.267·MR̄ and σ = MR̄/1.128).
fn factors(kind: ChartKind, n: usize) -> Option<Factors> {
    match kind {
        ChartKind::IMr => table_row(2).map(|r| Factors {
            bias: r.d2,
            mean: 3.0 / r.d2,
            lower: r.range_d3,
            upper: r.range_d4,
        }),
        ChartKind::XbarR => table_row(n).map(|r| Factors {
            bias: r.d2,
            mean: r.a2,
            lower: r.range_d3,
            upper: r.range_d4,
        }),
        ChartKind::XbarS => s_constants(n).map(|s| Factors {
            bias: s.c4,
            mean: s.a3,
            lower: s.b3,
            upper: s.b4,
        }),
    }
}

/// The spread series: moving ranges (from the second point), ranges, or standard deviations,
/// each with the index of its subgroup.
fn spread_series(kind: ChartKind, subgroups: &[Subgroup]) -> Vec<(usize, f64)> {
    match kind {
        ChartKind::IMr => (1..subgroups.len())
            .map(|k| (k, (subgroups[k].mean() - subgroups[k - 1].mean()).abs()))
            .collect(),
        ChartKind::XbarR => subgroups.iter().map(Subgroup::range).enumerate().collect(),
        ChartKind::XbarS => subgroups.iter().map(Subgroup::sd).enumerate().collect(),
    }
}

/// True when the spread value at `index` belongs to Phase I: its subgroup is in the frozen
/// range, and for a moving range the previous individual too.
fn spread_in_phase(kind: ChartKind, index: usize, phase: &[bool]) -> bool {
    phase[index] && (kind != ChartKind::IMr || phase[index - 1])
}

/// Which subgroups estimate the limits: those inside any `control_limits` range of the
/// characteristic, or all of them when it has none or its ranges hold too few to estimate.
fn phase_one(
    plan: &Plan,
    code: &str,
    kind: ChartKind,
    subgroups: &[Subgroup],
    messages: &mut Vec<String>,
) -> Vec<bool> {
    let ranges: Vec<(i64, i64)> = plan
        .control_limits
        .iter()
        .filter(|c| c.characteristic == code)
        .map(|c| (c.from_subgroup, c.to_subgroup))
        .collect();
    let all = vec![true; subgroups.len()];
    if ranges.is_empty() {
        return all;
    }
    let phase: Vec<bool> = subgroups
        .iter()
        .map(|s| {
            ranges
                .iter()
                .any(|&(from, to)| (from..=to).contains(&s.label))
        })
        .collect();
    let enough = spread_series(kind, subgroups)
        .iter()
        .any(|&(k, _)| spread_in_phase(kind, k, &phase));
    if enough {
        return phase;
    }
    messages.push(format!(
        "characteristic {code}: its control_limits range holds too few subgroups to estimate \
         limits; they are estimated from all subgroups"
    ));
    all
}

/// Phase I estimates: weighted grand mean, spread centre (R̄, s̄ or MR̄) and the most common
/// subgroup size n* (ties: the smaller).
struct Estimate {
    centre: f64,
    spread_centre: f64,
    n_star: usize,
}

fn estimate(
    kind: ChartKind,
    equal: bool,
    subgroups: &[Subgroup],
    spread: &[(usize, f64)],
    phase: &[bool],
) -> Estimate {
    let frozen: Vec<&Subgroup> = subgroups
        .iter()
        .zip(phase)
        .filter_map(|(s, &inside)| inside.then_some(s))
        .collect();
    let count: usize = frozen.iter().map(|s| s.size()).sum();
    let centre = frozen
        .iter()
        .map(|s| s.values.iter().sum::<f64>())
        .sum::<f64>()
        / count as f64;
    let spread_centre = if equal {
        let inside: Vec<f64> = spread
            .iter()
            .filter(|&&(k, _)| spread_in_phase(kind, k, phase))
            .map(|&(_, v)| v)
            .collect();
        inside.iter().sum::<f64>() / inside.len() as f64
    } else {
        pooled_sd(&frozen)
    };
    Estimate {
        centre,
        spread_centre,
        n_star: most_common_size(&frozen),
    }
}

/// Pooled `s̄ = sqrt(Σ(n_k−1)·s_k² / Σ(n_k−1))` (Montgomery eq. 6.31).
fn pooled_sd(subgroups: &[&Subgroup]) -> f64 {
    let (squares, freedom) = subgroups.iter().fold((0.0, 0.0), |(sq, df), s| {
        let df_k = s.size() as f64 - 1.0;
        (sq + df_k * s.sd() * s.sd(), df + df_k)
    });
    (squares / freedom).sqrt()
}

/// The most common subgroup size; ties go to the smaller size.
fn most_common_size(subgroups: &[&Subgroup]) -> usize {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for s in subgroups {
        *counts.entry(s.size()).or_default() += 1;
    }
    // Ascending sizes: `max_by_key` keeps the last maximum, so reverse to keep the smallest.
    counts
        .into_iter()
        .rev()
        .max_by_key(|&(_, count)| count)
        .map_or(1, |(size, _)| size)
}

/// Everything the limits of the X̄/I and spread charts depend on.
struct Limits {
    kind: ChartKind,
    centre: f64,
    spread_centre: f64,
    sigma_within: f64,
    known_sigma: Option<f64>,
}

impl Limits {
    /// Half-width of the X̄ or I limits at subgroup size n: `3σ/√n` with a known σ, else
    /// A2·R̄, A3·s̄ or 3·MR̄/1.128.
    fn half_width(&self, n: usize) -> Option<f64> {
        match self.known_sigma {
            Some(sigma) => Some(3.0 * sigma / (n as f64).sqrt()),
            None => factors(self.kind, n).map(|f| f.mean * self.spread_centre),
        }
    }

    /// (UCL, LCL) of the spread chart at subgroup size n.
    fn spread_limits(&self, n: usize) -> Option<(f64, f64)> {
        factors(self.kind, n).map(|f| (f.upper * self.spread_centre, f.lower * self.spread_centre))
    }
}

/// The X̄ or I series with per-point limits and run-rule σ.
fn mean_points(limits: &Limits, equal: bool, subgroups: &[Subgroup]) -> Option<Vec<ChartPoint>> {
    subgroups
        .iter()
        .map(|s| {
            let half_width = limits.half_width(s.size())?;
            let sigma = if equal {
                half_width / 3.0
            } else {
                limits.sigma_within / (s.size() as f64).sqrt()
            };
            Some(ChartPoint {
                subgroup: s.label,
                value: s.mean(),
                ucl: limits.centre + half_width,
                lcl: limits.centre - half_width,
                size: s.size(),
                sigma,
            })
        })
        .collect()
}

/// The R, S or MR series with per-point limits.
fn spread_points(
    limits: &Limits,
    subgroups: &[Subgroup],
    spread: &[(usize, f64)],
) -> Option<Vec<SpreadPoint>> {
    spread
        .iter()
        .map(|&(k, value)| {
            let (ucl, lcl) = limits.spread_limits(subgroups[k].size())?;
            Some(SpreadPoint {
                subgroup: subgroups[k].label,
                value,
                ucl,
                lcl,
            })
        })
        .collect()
}

/// Run-rule violations on standardised points; none when the data show no variation.
fn rule_violations(limits: &Limits, points: &[ChartPoint]) -> Vec<super::Violation> {
    if points
        .iter()
        .any(|p| p.sigma <= 0.0 || !p.sigma.is_finite())
    {
        return Vec::new();
    }
    let z: Vec<f64> = points
        .iter()
        .map(|p| (p.value - limits.centre) / p.sigma)
        .collect();
    violations(&z)
}

/// The variables chart of one characteristic, or `None` (with a message) when its data give no
/// chart: no values, a single value, or single values mixed with larger subgroups.
pub fn control_chart(
    plan: &Plan,
    characteristic: &Characteristic,
    messages: &mut Vec<String>,
) -> Option<ControlChart> {
    let measurements: Vec<&Measurement> = plan
        .measurements
        .iter()
        .filter(|m| m.characteristic == characteristic.code)
        .collect();
    control_chart_of(plan, characteristic, &measurements, messages)
}

/// [`control_chart`] from the characteristic's measurements already picked out of the plan, so
/// charting every characteristic reads the measurements once.
pub fn control_chart_of(
    plan: &Plan,
    characteristic: &Characteristic,
    measurements: &[&Measurement],
    messages: &mut Vec<String>,
) -> Option<ControlChart> {
    let code = characteristic.code.as_str();
    let subgroups = subgroups_of(measurements);
    let (kind, equal) = match chart_kind(&subgroups) {
        Ok(choice) => choice,
        Err(problem) => {
            messages.push(format!("characteristic {code} {problem}: no chart"));
            return None;
        }
    };
    let chart = build_chart(plan, characteristic, kind, equal, &subgroups, messages);
    match chart {
        Some(chart) if all_finite(&chart) => Some(chart),
        _ => {
            messages.push(format!(
                "characteristic {code}: control limits cannot be computed from its values \
                 (numbers too large): no chart"
            ));
            None
        }
    }
}

fn settings_of(plan: &Plan, code: &str) -> ChartSetting {
    plan.chart_settings
        .iter()
        .find(|s| s.characteristic == code)
        .cloned()
        .unwrap_or_default()
}

fn build_chart(
    plan: &Plan,
    characteristic: &Characteristic,
    kind: ChartKind,
    equal: bool,
    subgroups: &[Subgroup],
    messages: &mut Vec<String>,
) -> Option<ControlChart> {
    let code = characteristic.code.as_str();
    let settings = settings_of(plan, code);
    let spread = spread_series(kind, subgroups);
    let phase = phase_one(plan, code, kind, subgroups, messages);
    let estimate = estimate(kind, equal, subgroups, &spread, &phase);
    let n_star = estimate.n_star;
    let limits = Limits {
        kind,
        centre: settings.center.unwrap_or(estimate.centre),
        spread_centre: estimate.spread_centre,
        sigma_within: settings
            .sigma
            .unwrap_or(estimate.spread_centre / factors(kind, n_star)?.bias),
        known_sigma: settings.sigma,
    };
    let all_values: Vec<f64> = subgroups.iter().flat_map(|s| s.values.clone()).collect();
    note_no_variation(code, &limits, &all_values, messages);
    let points = mean_points(&limits, equal, subgroups)?;
    let half_width = limits.half_width(n_star)?;
    let (range_ucl, range_lcl) = limits.spread_limits(n_star)?;
    let sigma_xbar = limits.sigma_within / (n_star as f64).sqrt();
    let means: Vec<f64> = points.iter().map(|p| p.value).collect();
    let indices = capability(
        characteristic.lsl,
        characteristic.usl,
        limits.centre,
        limits.sigma_within,
        &all_values,
    );
    Some(ControlChart {
        characteristic: code.to_string(),
        kind,
        center: limits.centre,
        ucl: limits.centre + half_width,
        lcl: limits.centre - half_width,
        range_center: limits.spread_centre,
        range_ucl,
        range_lcl,
        sigma_within: limits.sigma_within,
        cp: indices.cp,
        cpk: indices.cpk,
        pp: indices.pp,
        ppk: indices.ppk,
        violations: rule_violations(&limits, &points),
        range_points: spread_points(&limits, subgroups, &spread)?,
        ewma: equal.then(|| {
            let (lambda, l) = (settings.ewma_lambda, settings.ewma_l);
            ewma(&means, limits.centre, sigma_xbar, lambda, l)
        }),
        cusum: equal.then(|| cusum(&means, limits.centre, sigma_xbar, settings.cusum_k)),
        cusum_h: equal.then_some(settings.cusum_h * sigma_xbar),
        points,
    })
}

/// Records why a chart with σ_within = 0 has collapsed limits and no indices.
fn note_no_variation(code: &str, limits: &Limits, values: &[f64], messages: &mut Vec<String>) {
    if limits.sigma_within > 0.0 {
        return;
    }
    let constant = values.windows(2).all(|pair| pair[0] == pair[1]);
    let what = if constant {
        "has constant values (σ = 0)"
    } else {
        "shows no variation within subgroups (σ_within = 0)"
    };
    messages.push(format!(
        "characteristic {code} {what}: the control limits equal the centre line; no run rules \
         or capability indices"
    ));
}

/// True when every number of the chart is finite (huge inputs can overflow the sums).
fn all_finite(chart: &ControlChart) -> bool {
    let scalars = [
        chart.center,
        chart.ucl,
        chart.lcl,
        chart.range_center,
        chart.range_ucl,
        chart.range_lcl,
        chart.sigma_within,
    ];
    let optional = [chart.cp, chart.cpk, chart.pp, chart.ppk, chart.cusum_h];
    let points = chart
        .points
        .iter()
        .flat_map(|p| [p.value, p.ucl, p.lcl, p.sigma]);
    let spread = chart
        .range_points
        .iter()
        .flat_map(|p| [p.value, p.ucl, p.lcl]);
    let ewma = chart
        .ewma
        .iter()
        .flatten()
        .flat_map(|p| [p.z, p.ucl, p.lcl]);
    let cusum = chart
        .cusum
        .iter()
        .flatten()
        .flat_map(|p| [p.c_plus, p.c_minus]);
    scalars
        .into_iter()
        .chain(optional.into_iter().flatten())
        .chain(points)
        .chain(spread)
        .chain(ewma)
        .chain(cusum)
        .all(f64::is_finite)
}
