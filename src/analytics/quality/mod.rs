//! SPC control charts, run rules, EWMA/CUSUM, capability, attribute charts, Pareto and RTY
//! (DESIGN.md §2).
//!
//! [`quality`] is the one entry point; the sub-modules each hold one family of formulas. Data
//! that cannot give a chart (no values, a single value, no variation) never produces NaN: the
//! chart is skipped or the missing numbers are `None`, and a sentence goes to
//! [`QualityResults::messages`].

mod attributes;
pub mod capability;
mod ewma_cusum;
mod names;
mod run_rules;
pub mod spc_constants;
mod variables;

use serde::Serialize;

use crate::analytics::plan_index::PlanIndex;
use crate::domain::Plan;
use crate::domain::fxhash::FxHashMap;

pub use attributes::{c_charts, p_charts, pareto, rty};
pub use capability::{Capability, capability};
pub use ewma_cusum::{cusum, ewma};
pub use names::{RunRule, SpcChart};
pub use run_rules::violations;
pub use variables::{control_chart, control_chart_of};

/// One point of a variables chart: the subgroup mean (or individual) with its own limits.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ChartPoint {
    /// Label of the subgroup (the series is ordered by it).
    pub subgroup: i64,
    /// Subgroup mean, or the individual value on an I chart.
    pub value: f64,
    /// Upper control limit at this point (differs per point when subgroup sizes differ).
    pub ucl: f64,
    /// Lower control limit at this point.
    pub lcl: f64,
    /// Number of values in the subgroup.
    pub size: usize,
    /// One standard deviation of the plotted statistic at this point: the run-rule zones are
    /// `centre ± 1, 2, 3 × sigma` (for equal sizes `(ucl − centre)/3`, for unequal sizes
    /// `σ_within/√n`). 0 when the data show no variation.
    pub sigma: f64,
}

/// One point of the R, S or MR chart under the X̄ or I chart.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SpreadPoint {
    /// Label of the subgroup (for MR: the later of the two individuals).
    pub subgroup: i64,
    /// Range, standard deviation or moving range of the subgroup.
    pub value: f64,
    /// Upper control limit at this point.
    pub ucl: f64,
    /// Lower control limit at this point.
    pub lcl: f64,
}

/// A Western Electric rule violated at a 1-based position of the series.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Violation {
    /// Rule number 1–4 (DESIGN.md §2).
    pub rule: u8,
    /// 1-based position of the flagged point in the series.
    pub index: usize,
}

/// One EWMA statistic with its limits.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct EwmaPoint {
    /// `z_k = λ·x̄_k + (1−λ)·z_{k−1}`.
    pub z: f64,
    /// Upper limit at this point (widens towards the asymptote).
    pub ucl: f64,
    /// Lower limit at this point.
    pub lcl: f64,
}

/// One tabular CUSUM pair.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CusumPoint {
    /// Upper cumulative sum C⁺ (detects upward shifts).
    pub c_plus: f64,
    /// Lower cumulative sum C⁻ (detects downward shifts).
    pub c_minus: f64,
}

/// Type of variables chart chosen from the subgroup sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Equal subgroups of 2..10: means and ranges.
    #[default]
    XbarR,
    /// Equal subgroups above 10, or unequal sizes: means and standard deviations.
    XbarS,
    /// All subgroups of one value: individuals and moving ranges.
    IMr,
}

/// Variables control chart of one characteristic, with capability and EWMA/CUSUM.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ControlChart {
    /// Code of the characteristic.
    pub characteristic: String,
    /// Which chart pair the subgroup sizes call for.
    pub kind: ChartKind,
    /// Centre line of the X̄ or I chart (X̄̄, or the known standard).
    pub center: f64,
    /// Upper control limit of the X̄ or I chart (for unequal sizes: at the most common size).
    pub ucl: f64,
    /// Lower control limit of the X̄ or I chart.
    pub lcl: f64,
    /// Centre line of the R, S or MR chart (R̄, s̄ or MR̄).
    pub range_center: f64,
    /// Upper control limit of the R, S or MR chart.
    pub range_ucl: f64,
    /// Lower control limit of the R, S or MR chart.
    pub range_lcl: f64,
    /// Within-subgroup σ (R̄/d2, s̄/c4, MR̄/1.128, or the known standard).
    pub sigma_within: f64,
    /// Potential capability; `None` without both specification limits or without variation.
    pub cp: Option<f64>,
    /// Actual capability around the chart centre; `None` without a specification limit.
    pub cpk: Option<f64>,
    /// Overall performance from all values' sample standard deviation; needs both limits.
    pub pp: Option<f64>,
    /// Overall performance around the mean of all values.
    pub ppk: Option<f64>,
    /// The X̄ or I series, ordered by subgroup label.
    pub points: Vec<ChartPoint>,
    /// The R, S or MR series (MR starts at the second point).
    pub range_points: Vec<SpreadPoint>,
    /// Run-rule violations on the X̄ or I chart, by index then rule.
    pub violations: Vec<Violation>,
    /// `None` when subgroup sizes are unequal.
    pub ewma: Option<Vec<EwmaPoint>>,
    /// `None` when subgroup sizes are unequal.
    pub cusum: Option<Vec<CusumPoint>>,
    /// CUSUM decision interval H = h·σ_x̄ in the characteristic's unit; `None` without CUSUM.
    pub cusum_h: Option<f64>,
}

/// One lot of a p chart.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PPoint {
    /// Lot label as given in the inspections.
    pub lot: String,
    /// Fraction defective of the lot.
    pub p: f64,
    /// Upper limit for this lot's size (capped at 1).
    pub ucl: f64,
    /// Lower limit for this lot's size (floored at 0).
    pub lcl: f64,
    /// Units inspected in the lot (lets the GUI plot counts for an np chart).
    pub inspected: i64,
}

/// `p` with variable lot sizes, `np` when all lots have the same size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PChartKind {
    /// Lot sizes differ: plot proportions with per-lot limits.
    #[default]
    P,
    /// Every lot has the same size: the GUI plots counts.
    Np,
}

/// Fraction-defective chart of one item.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PChart {
    /// Item code.
    pub item: String,
    /// Pooled fraction defective Σ defective / Σ inspected.
    pub p_bar: f64,
    /// One point per inspection row, in the order given.
    pub points: Vec<PPoint>,
    /// `np` when all lots have the same size, else `p`.
    pub kind: PChartKind,
}

/// One lot of a c/u chart.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CPoint {
    /// Lot label.
    pub lot: String,
    /// Σ defect counts of the lot (0 when it has none).
    pub count: f64,
    /// Defects per unit inspected; `None` for a lot without an inspection row.
    pub u: Option<f64>,
    /// Upper u limit for this lot's size.
    pub u_ucl: Option<f64>,
    /// Lower u limit for this lot's size (floored at 0).
    pub u_lcl: Option<f64>,
}

/// Defect-count chart (c) and defects-per-unit chart (u) of one item.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CChart {
    /// Item code.
    pub item: String,
    /// c̄, the mean defect count per lot.
    pub center: f64,
    /// c̄ + 3√c̄.
    pub ucl: f64,
    /// c̄ − 3√c̄, floored at 0.
    pub lcl: f64,
    /// ū over lots with an inspection row; `None` when no lot has one.
    pub u_bar: Option<f64>,
    /// Inspection lots in order, then lots found only in defects in order of appearance.
    pub points: Vec<CPoint>,
}

/// One bar of the defect Pareto.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ParetoBar {
    /// Defect type.
    #[serde(rename = "type")]
    pub defect_type: String,
    /// Σ count of the type over all items and lots.
    pub count: f64,
    /// Cumulative share of all defects up to and including this bar, 0–100.
    pub cum_pct: f64,
}

/// Rolled throughput yield of an item's routing.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ItemRty {
    /// Item code.
    pub item: String,
    /// Product of the routing steps' planned yields.
    pub rty: f64,
}

/// The `quality` key of `analyze --json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct QualityResults {
    /// One variables chart per characteristic with enough data, in plan order.
    pub charts: Vec<ControlChart>,
    /// One p chart per item with inspections, in plan order.
    pub p_charts: Vec<PChart>,
    /// One c/u chart per item with inspections or defects, in plan order.
    pub c_charts: Vec<CChart>,
    /// Defect types over all items, largest first.
    pub pareto: Vec<ParetoBar>,
    /// One entry per item with a routing, in plan order.
    pub rty: Vec<ItemRty>,
    /// Data problems found while charting, one sentence each (e.g. a characteristic with a
    /// single value), so the GUI can say why a chart or an index is missing.
    pub messages: Vec<String>,
}

/// Computes every quality result of a valid plan. Never panics; data that cannot be charted
/// is reported in `messages`.
pub fn quality(plan: &Plan) -> QualityResults {
    quality_from(&PlanIndex::new(plan))
}

/// Computes the quality results with a plan index built once (see `analyze`).
pub fn quality_from(index: &PlanIndex) -> QualityResults {
    let plan = index.plan();
    let mut messages = Vec::new();
    let measurements = rows_by_key(&plan.measurements, |m| &m.characteristic);
    let charts = plan
        .characteristics
        .iter()
        .filter_map(|c| {
            let values = measurements
                .get(c.code.as_str())
                .map_or(&[][..], Vec::as_slice);
            control_chart_of(plan, c, values, &mut messages)
        })
        .collect();
    QualityResults {
        charts,
        p_charts: p_charts(plan),
        c_charts: c_charts(plan),
        pareto: pareto(plan),
        rty: rty(index),
        messages,
    }
}

/// Groups rows by a key (an item or characteristic code) in one pass, keeping row order, so
/// per-code charts never rescan whole tables (hashed with the crate's fast code hash).
pub(crate) fn rows_by_key<'a, T>(
    rows: &'a [T],
    key: impl Fn(&'a T) -> &'a str,
) -> FxHashMap<&'a str, Vec<&'a T>> {
    let mut groups: FxHashMap<&str, Vec<&T>> = FxHashMap::default();
    for row in rows {
        groups.entry(key(row)).or_default().push(row);
    }
    groups
}
