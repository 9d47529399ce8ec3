//! SPC control charts, run rules, EWMA/CUSUM, capability, attribute charts, Pareto and RTY
//! (DESIGN.md §2).

use serde::Serialize;

use crate::domain::Plan;

/// One point of a variables chart: the subgroup mean (or individual) with its own limits.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ChartPoint {
    pub subgroup: i64,
    pub value: f64,
    pub ucl: f64,
    pub lcl: f64,
}

/// A Western Electric rule violated at a 1-based position of the series.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Violation {
    pub rule: u8,
    pub index: usize,
}

/// One EWMA statistic with its limits.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct EwmaPoint {
    pub z: f64,
    pub ucl: f64,
    pub lcl: f64,
}

/// One tabular CUSUM pair.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CusumPoint {
    pub c_plus: f64,
    pub c_minus: f64,
}

/// Type of variables chart chosen from the subgroup sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    #[default]
    XbarR,
    XbarS,
    IMr,
}

/// Variables control chart of one characteristic, with capability and EWMA/CUSUM.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ControlChart {
    pub characteristic: String,
    pub kind: ChartKind,
    pub center: f64,
    pub ucl: f64,
    pub lcl: f64,
    pub range_center: f64,
    pub range_ucl: f64,
    pub range_lcl: f64,
    pub sigma_within: f64,
    pub cp: Option<f64>,
    pub cpk: Option<f64>,
    pub pp: Option<f64>,
    pub ppk: Option<f64>,
    pub points: Vec<ChartPoint>,
    pub violations: Vec<Violation>,
    /// `None` when subgroup sizes are unequal.
    pub ewma: Option<Vec<EwmaPoint>>,
    /// `None` when subgroup sizes are unequal.
    pub cusum: Option<Vec<CusumPoint>>,
}

/// One lot of a p chart.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PPoint {
    pub lot: String,
    pub p: f64,
    pub ucl: f64,
    pub lcl: f64,
}

/// `p` with variable lot sizes, `np` when all lots have the same size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PChartKind {
    #[default]
    P,
    Np,
}

/// Fraction-defective chart of one item.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PChart {
    pub item: String,
    pub p_bar: f64,
    pub points: Vec<PPoint>,
    pub kind: PChartKind,
}

/// One lot of a c/u chart.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CPoint {
    pub lot: String,
    pub count: f64,
    pub u: Option<f64>,
    pub u_ucl: Option<f64>,
    pub u_lcl: Option<f64>,
}

/// Defect-count chart (c) and defects-per-unit chart (u) of one item.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CChart {
    pub item: String,
    pub center: f64,
    pub ucl: f64,
    pub lcl: f64,
    pub u_bar: Option<f64>,
    pub points: Vec<CPoint>,
}

/// One bar of the defect Pareto.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ParetoBar {
    #[serde(rename = "type")]
    pub defect_type: String,
    pub count: f64,
    pub cum_pct: f64,
}

/// Rolled throughput yield of an item's routing.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ItemRty {
    pub item: String,
    pub rty: f64,
}

/// The `quality` key of `analyze --json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct QualityResults {
    pub charts: Vec<ControlChart>,
    pub p_charts: Vec<PChart>,
    pub c_charts: Vec<CChart>,
    pub pareto: Vec<ParetoBar>,
    pub rty: Vec<ItemRty>,
}

/// Computes every quality result of a valid plan.
pub fn quality(plan: &Plan) -> QualityResults {
    let _ = plan;
    QualityResults::default()
}
