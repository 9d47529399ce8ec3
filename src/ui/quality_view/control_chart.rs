//! The control chart of a characteristic: the X̄/I chart with zones, limits, violations and
//! hover values, its R/S/MR chart, EWMA and CUSUM, and the list of rule violations.

use crate::domain::count_of;
use eframe::egui::{self, RichText};
use egui_plot::{
    HLine, HoverPosition, Legend, Line, LineStyle, MarkerShape, Plot, Points, Polygon, VLine,
};

use super::*;
use crate::analytics::quality::RunRule;

/// Decimals that show a chart's values to about a hundredth of σ: 2 for σ in [1, 10),
/// 4 for σ in [0.01, 0.1); 3 when there is no variation.
pub(super) fn value_decimals(sigma: f64) -> usize {
    if sigma > 0.0 && sigma.is_finite() {
        (2.0 - sigma.log10().floor()).clamp(0.0, 8.0) as usize
    } else {
        3
    }
}

/// A value of a chart with its unit: `114.84 kgf`.
pub(super) fn value_text(value: f64, decimals: usize, unit: &str) -> String {
    let number = format::number(value, decimals);
    if unit.is_empty() {
        number
    } else {
        format!("{number} {unit}")
    }
}

/// Centre, limits and σ of the chart as labels (also what the tests read).
pub(super) fn chart_summary_ui(ui: &mut egui::Ui, chart: &ControlChart, unit: &str) {
    let decimals = value_decimals(chart.sigma_within);
    let text = |value| value_text(value, decimals, unit);
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("Centre {}", text(chart.center)));
        ui.separator();
        ui.label(format!("UCL {}", text(chart.ucl)));
        ui.separator();
        ui.label(format!("LCL {}", text(chart.lcl)));
        ui.separator();
        ui.label(format!("σ within {}", text(chart.sigma_within)));
        ui.separator();
        ui.label(format!(
            "{} subgroups of {}",
            chart.points.len(),
            size_text(chart)
        ));
    });
}

/// "5" for equal sizes, "3–7" for unequal ones.
pub(super) fn size_text(chart: &ControlChart) -> String {
    let min = chart.points.iter().map(|p| p.size).min().unwrap_or(0);
    let max = chart.points.iter().map(|p| p.size).max().unwrap_or(0);
    if min == max {
        min.to_string()
    } else {
        format!("{min}–{max}")
    }
}

/// The most common subgroup size of a chart (ties: the smaller).
pub(super) fn most_common_size(chart: &ControlChart) -> Option<usize> {
    let mut counts = std::collections::BTreeMap::new();
    for point in &chart.points {
        *counts.entry(point.size).or_insert(0usize) += 1;
    }
    let best = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|&(_, count)| count == best)
        .map(|(size, _)| size)
}

/// The frozen Phase I range of a characteristic (the span of its control_limits rows).
pub(super) fn frozen_range(plan: &Plan, code: &str) -> Option<(i64, i64)> {
    (plan.control_limits.iter())
        .filter(|l| l.characteristic == code)
        .map(|l| (l.from_subgroup, l.to_subgroup))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}

/// A band `centre ± m·σ_k` following the points, as a closed polygon (steps of ±0.5 around
/// each subgroup so equal sizes give a rectangle).
pub(super) fn zone_band(chart: &ControlChart, multiple: f64) -> Vec<[f64; 2]> {
    let mut upper = Vec::with_capacity(chart.points.len() * 2);
    for point in &chart.points {
        let x = point.subgroup as f64;
        let y = chart.center + multiple * point.sigma;
        upper.push([x - 0.5, y]);
        upper.push([x + 0.5, y]);
    }
    let lower = upper
        .iter()
        .rev()
        .map(|&[x, y]| [x, 2.0 * chart.center - y]);
    upper.iter().copied().chain(lower).collect()
}

/// Step line through per-subgroup limits.
pub(super) fn limit_steps(points: impl Iterator<Item = (i64, f64)>) -> Vec<[f64; 2]> {
    points
        .flat_map(|(label, y)| [[label as f64 - 0.5, y], [label as f64 + 0.5, y]])
        .collect()
}

/// Rules broken at each point of the series, as "Rule 1, Rule 4" (empty when none).
pub(super) fn rules_per_point(chart: &ControlChart) -> Vec<String> {
    let mut rules = vec![String::new(); chart.points.len()];
    for violation in &chart.violations {
        if let Some(text) = rules.get_mut(violation.index.saturating_sub(1)) {
            if !text.is_empty() {
                text.push_str(", ");
            }
            text.push_str(&violation.rule_name());
        }
    }
    rules
}

/// Draws the X-bar or I chart; returns the subgroup under the pointer while the user drags
/// across the chart (a drag picks the Phase I range) and whether the drag started this frame.
pub(super) fn shewhart_plot_ui(
    ui: &mut egui::Ui,
    chart: &ControlChart,
    unit: &str,
    picked: Option<(i64, i64)>,
) -> Option<(f64, bool)> {
    let decimals = value_decimals(chart.sigma_within);
    let rules = rules_per_point(chart);
    let series: Vec<[f64; 2]> = (chart.points.iter())
        .map(|p| [p.subgroup as f64, p.value])
        .collect();
    let flagged: Vec<[f64; 2]> = (series.iter().zip(&rules))
        .filter(|(_, r)| !r.is_empty())
        .map(|(p, _)| *p)
        .collect();
    let hover_unit = unit.to_string();
    let hover_rules: Vec<(f64, String)> = (series.iter().zip(&rules))
        .map(|(p, r)| (p[0], r.clone()))
        .collect();
    ui.label(
        RichText::new(
            "Green: centre · red lines: control limits · shaded: ±1σ and ±2σ zones · orange \
             dashes: Phase I range (drag across the chart to pick it) · red points break a run \
             rule (hover for it).",
        )
        .weak(),
    );
    let response = Plot::new(("shewhart", chart.characteristic.as_str()))
        .height(MAIN_HEIGHT)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .x_axis_label("subgroup")
        .y_axis_label(axis_label(chart.kind.main_chart().label(), unit))
        .label_formatter(move |position| hover_text(position, decimals, &hover_unit, &hover_rules))
        .show(ui, |plot| {
            plot.add(
                Polygon::new("", zone_band(chart, 2.0))
                    .fill_color(ZONE_2_FILL)
                    .stroke(egui::Stroke::NONE)
                    .allow_hover(false),
            );
            plot.add(
                Polygon::new("", zone_band(chart, 1.0))
                    .fill_color(ZONE_1_FILL)
                    .stroke(egui::Stroke::NONE)
                    .allow_hover(false),
            );
            let limits = |f: fn(&crate::analytics::quality::ChartPoint) -> f64| {
                limit_steps(chart.points.iter().map(|p| (p.subgroup, f(p))))
            };
            plot.add(Line::new("UCL", limits(|p| p.ucl)).color(style::ERROR));
            plot.add(Line::new("LCL", limits(|p| p.lcl)).color(style::ERROR));
            plot.add(HLine::new("centre", chart.center).color(CENTRE_COLOR));
            if let Some((from, to)) = picked {
                for x in [from as f64 - 0.5, to as f64 + 0.5] {
                    plot.add(
                        VLine::new("Phase I range", x)
                            .color(SPEC_COLOR)
                            .style(LineStyle::dashed_loose()),
                    );
                }
            }
            // The hover text names the series; plots draw it without `with_marks`, so the
            // words ("subgroup mean") rather than the symbol X̄.
            let name = chart.kind.main_chart().label();
            plot.add(Line::new(name, series.clone()).color(SERIES_COLOR));
            plot.add(
                Points::new(name, series)
                    .color(SERIES_COLOR)
                    .radius(3.0)
                    .shape(MarkerShape::Circle),
            );
            plot.add(
                Points::new("violation", flagged)
                    .color(style::ERROR)
                    .radius(5.0)
                    .shape(MarkerShape::Circle),
            );
            plot.pointer_coordinate()
        });
    let dragging = response.response.dragged() || response.response.drag_started();
    let pointer = response.inner.filter(|_| dragging)?;
    Some((pointer.x, response.response.drag_started()))
}

/// "subgroup mean (kgf)".
pub(super) fn axis_label(name: &str, unit: &str) -> String {
    if unit.is_empty() {
        name.to_string()
    } else {
        format!("{name} ({unit})")
    }
}

/// Hover text near a data point: the subgroup, its value and the rules it breaks.
pub(super) fn hover_text(
    position: &HoverPosition<'_>,
    decimals: usize,
    unit: &str,
    rules: &[(f64, String)],
) -> Option<String> {
    let HoverPosition::NearDataPoint {
        plot_name,
        position,
        ..
    } = position
    else {
        return None;
    };
    let mut text = format!(
        "{plot_name}\nsubgroup {}: {}",
        position.x.round(),
        value_text(position.y, decimals, unit)
    );
    let broken = rules
        .iter()
        .find(|(x, r)| (x - position.x).abs() < 1e-9 && !r.is_empty());
    if let Some((_, broken)) = broken {
        text.push_str(&format!("\nbreaks {broken}"));
    }
    Some(text)
}

pub(super) fn spread_plot_ui(ui: &mut egui::Ui, chart: &ControlChart, unit: &str) {
    let decimals = value_decimals(chart.sigma_within);
    let spread = chart.kind.spread_chart();
    let name = spread.name();
    let series: Vec<[f64; 2]> = (chart.range_points.iter())
        .map(|p| [p.subgroup as f64, p.value])
        .collect();
    let hover_unit = unit.to_string();
    ui.label(RichText::new(format!(
        "{}: centre {}, UCL {}, LCL {}",
        spread.title(),
        value_text(chart.range_center, decimals, unit),
        value_text(chart.range_ucl, decimals, unit),
        value_text(chart.range_lcl, decimals, unit)
    )));
    Plot::new(("spread", chart.characteristic.as_str()))
        .height(SMALL_HEIGHT)
        .x_axis_label("subgroup")
        .y_axis_label(axis_label(spread.label(), unit))
        .include_y(0.0)
        .label_formatter(move |position| hover_text(position, decimals, &hover_unit, &[]))
        .show(ui, |plot| {
            let limits = |upper: bool| {
                limit_steps(
                    (chart.range_points.iter())
                        .map(|p| (p.subgroup, if upper { p.ucl } else { p.lcl })),
                )
            };
            plot.add(Line::new("UCL", limits(true)).color(style::ERROR));
            plot.add(Line::new("LCL", limits(false)).color(style::ERROR));
            plot.add(HLine::new("centre", chart.range_center).color(CENTRE_COLOR));
            plot.add(Line::new(name, series.clone()).color(SERIES_COLOR));
            plot.add(Points::new(name, series).color(SERIES_COLOR).radius(2.5));
        });
}

pub(super) fn ewma_plot_ui(
    ui: &mut egui::Ui,
    chart: &ControlChart,
    ewma: &[crate::analytics::quality::EwmaPoint],
    unit: &str,
) {
    let decimals = value_decimals(chart.sigma_within);
    let labels = chart.points.iter().map(|p| p.subgroup as f64);
    let z: Vec<[f64; 2]> = labels.clone().zip(ewma).map(|(x, e)| [x, e.z]).collect();
    let out: Vec<[f64; 2]> = (labels.clone().zip(ewma))
        .filter(|(_, e)| e.z > e.ucl || e.z < e.lcl)
        .map(|(x, e)| [x, e.z])
        .collect();
    let ucl: Vec<[f64; 2]> = labels.clone().zip(ewma).map(|(x, e)| [x, e.ucl]).collect();
    let lcl: Vec<[f64; 2]> = labels.zip(ewma).map(|(x, e)| [x, e.lcl]).collect();
    let hover_unit = unit.to_string();
    ui.label(format!(
        "EWMA: {} outside the limits",
        count_of(out.len(), "point", "points")
    ));
    Plot::new(("ewma", chart.characteristic.as_str()))
        .height(MAIN_HEIGHT)
        .legend(Legend::default())
        .x_axis_label("subgroup")
        .y_axis_label(axis_label("EWMA z", unit))
        .label_formatter(move |position| hover_text(position, decimals, &hover_unit, &[]))
        .show(ui, |plot| {
            plot.add(Line::new("UCL", ucl).color(style::ERROR));
            plot.add(Line::new("LCL", lcl).color(style::ERROR));
            plot.add(HLine::new("centre", chart.center).color(CENTRE_COLOR));
            plot.add(Line::new("EWMA z", z.clone()).color(SERIES_COLOR));
            plot.add(Points::new("EWMA z", z).color(SERIES_COLOR).radius(2.5));
            plot.add(Points::new("outside", out).color(style::ERROR).radius(5.0));
        });
}

pub(super) fn cusum_plot_ui(
    ui: &mut egui::Ui,
    chart: &ControlChart,
    cusum: &[crate::analytics::quality::CusumPoint],
    unit: &str,
) {
    let decimals = value_decimals(chart.sigma_within);
    let labels = chart.points.iter().map(|p| p.subgroup as f64);
    let upper: Vec<[f64; 2]> = labels
        .clone()
        .zip(cusum)
        .map(|(x, c)| [x, c.c_plus])
        .collect();
    // C⁻ is drawn below zero, the usual way of showing both sums on one chart.
    let lower: Vec<[f64; 2]> = labels.zip(cusum).map(|(x, c)| [x, -c.c_minus]).collect();
    let h = chart.cusum_h.unwrap_or(0.0);
    let signals: Vec<[f64; 2]> = (upper.iter().chain(&lower))
        .filter(|p| p[1].abs() > h)
        .copied()
        .collect();
    let hover_unit = unit.to_string();
    ui.label(format!(
        "CUSUM: decision interval H = {}; {}",
        value_text(h, decimals, unit),
        count_of(signals.len(), "signal", "signals")
    ));
    Plot::new(("cusum", chart.characteristic.as_str()))
        .height(MAIN_HEIGHT)
        .legend(Legend::default())
        .x_axis_label("subgroup")
        .y_axis_label(axis_label("cumulative sum", unit))
        .label_formatter(move |position| hover_text(position, decimals, &hover_unit, &[]))
        .show(ui, |plot| {
            plot.add(HLine::new("H", h).color(style::ERROR));
            plot.add(HLine::new("−H", -h).color(style::ERROR));
            plot.add(HLine::new("zero", 0.0).color(CENTRE_COLOR));
            plot.add(Line::new("C+", upper).color(SERIES_COLOR));
            plot.add(Line::new("C− (drawn negative)", lower).color(SPEC_COLOR));
            plot.add(
                Points::new("signal", signals)
                    .color(style::ERROR)
                    .radius(5.0),
            );
        });
}

pub(super) fn violations_ui(ui: &mut egui::Ui, chart: &ControlChart) {
    if chart.violations.is_empty() {
        ui.colored_label(
            style::GOOD,
            "No run-rule violations: the process looks in control.",
        );
        return;
    }
    ui.strong(format!("Run-rule violations ({})", chart.violations.len()));
    ui.horizontal_wrapped(|ui| {
        for violation in &chart.violations {
            let subgroup = chart
                .points
                .get(violation.index.saturating_sub(1))
                .map_or(0, |p| p.subgroup);
            let meaning = violation.run_rule().map_or("", RunRule::label);
            ui.colored_label(
                style::ERROR,
                format!("{} at subgroup {subgroup}", violation.rule_name()),
            )
            .on_hover_text(meaning);
            ui.separator();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_follow_the_size_of_sigma() {
        // σ 3.2 → log10 = 0.5, floor 0 → 2 decimals; σ 0.012 → floor(−1.9) = −2 → 4.
        assert_eq!(value_decimals(3.2), 2);
        assert_eq!(value_decimals(0.012), 4);
        assert_eq!(value_decimals(0.0), 3);
        assert_eq!(value_text(114.8413, 2, "kgf"), "114.84 kgf");
    }
}
