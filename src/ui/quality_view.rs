//! Quality dashboard: a control chart per characteristic (zones, limits, violations, hover
//! values) with its R/S/MR chart, EWMA and CUSUM, Phase I limit freezing, capability with a
//! histogram, the attribute charts (p/np, c, u), the defect Pareto and rolled throughput yield.
//!
//! Every number comes from the cached [`QualityResults`]; the view only draws them and emits
//! [`Command`]s (freeze limits, add pasted measurements). Data that gives no chart shows the
//! analytics' message instead of a chart.

use eframe::egui::{self, Color32, RichText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{
    Bar, BarChart, HLine, HoverPosition, Legend, Line, LineStyle, MarkerShape, Plot, Points,
    Polygon, VLine,
};

use super::Navigate;
use super::format;
use super::overview::GOOD_COLOR;
use super::table_editor::ERROR_COLOR;
use crate::analytics::quality::{
    CChart, ChartKind, ControlChart, PChart, PChartKind, QualityResults,
};
use crate::analytics::{Analysis, AnalysisError};
use crate::app::command::parse_value_column;
use crate::app::{Command, Document};
use crate::domain::{Characteristic, Plan};

/// Colour of the centre lines.
const CENTRE_COLOR: Color32 = Color32::from_rgb(46, 140, 80);
/// Colour of the plotted series.
const SERIES_COLOR: Color32 = Color32::from_rgb(60, 110, 190);
/// Colour of the specification limits and the Phase I range.
const SPEC_COLOR: Color32 = Color32::from_rgb(200, 130, 40);
/// Fill of the ±2σ zone.
const ZONE_2_FILL: Color32 = Color32::from_rgba_premultiplied(10, 18, 32, 32);
/// Fill of the ±1σ zone (drawn over the ±2σ zone).
const ZONE_1_FILL: Color32 = Color32::from_rgba_premultiplied(12, 22, 38, 38);
/// Height of the main chart in points.
const MAIN_HEIGHT: f32 = 250.0;
/// Height of the secondary charts in points.
const SMALL_HEIGHT: f32 = 170.0;
/// Capability index at or above which a process counts as capable (common practice).
const CAPABLE_INDEX: f64 = 1.33;

/// The three parts of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    /// Variables charts, capability and measurement entry per characteristic.
    #[default]
    Variables,
    /// p/np, c and u charts per item.
    Attributes,
    /// Defect Pareto and rolled throughput yield.
    DefectsAndYield,
}

/// Which chart of a characteristic is drawn on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChartChoice {
    /// The Shewhart X-bar or I chart with zones and run rules.
    #[default]
    Shewhart,
    /// The EWMA chart.
    Ewma,
    /// The tabular CUSUM chart.
    Cusum,
}

/// The Phase I range being picked for one characteristic.
#[derive(Debug, Clone, PartialEq)]
struct RangePick {
    characteristic: String,
    from: i64,
    to: i64,
}

/// The column of values being pasted for one characteristic.
#[derive(Debug, Clone, Default)]
struct PasteState {
    text: String,
    subgroup_size: Option<usize>,
}

/// State of the quality dashboard: the section, selected characteristic and item, the chart
/// choice, the Phase I range being picked and the values being pasted.
#[derive(Debug, Clone, Default)]
pub struct QualityView {
    section: Section,
    characteristic: Option<String>,
    chart: ChartChoice,
    range: Option<RangePick>,
    paste: PasteState,
    item: Option<String>,
    /// Subgroup where a drag across the chart began (picks the Phase I range).
    drag_start: Option<i64>,
    /// Lists derived from the current plan revision.
    index: Option<QualityIndex>,
}

/// Height of one row of the RTY table and of the item drop-down in points.
const LIST_ROW_HEIGHT: f32 = 22.0;

/// Most rows of the RTY table shown at once; more scroll inside the table.
const RTY_TABLE_HEIGHT: f32 = 360.0;

/// What the dashboard lists from one plan revision, built once per revision: plan L has
/// 20,000 items, and matching them against every chart (or every cost) per frame took
/// 700 ms a frame.
#[derive(Debug, Clone)]
struct QualityIndex {
    revision: u64,
    /// Items with a p/np or c chart, in plan order.
    attribute_items: Vec<String>,
    /// Each RTY row: item, RTY and its COPQ per unit (when costed).
    rty_rows: Vec<(String, f64, Option<f64>)>,
}

impl QualityIndex {
    fn build(doc: &Document, analysis: &Analysis) -> Self {
        let quality = &analysis.quality;
        let charted: std::collections::HashSet<&str> = (quality.p_charts.iter())
            .map(|c| c.item.as_str())
            .chain(quality.c_charts.iter().map(|c| c.item.as_str()))
            .collect();
        let attribute_items = (doc.plan().items.iter())
            .filter(|i| charted.contains(i.code.as_str()))
            .map(|i| i.code.clone())
            .collect();
        let copq: std::collections::HashMap<&str, f64> = (analysis.cost.items.iter())
            .map(|c| (c.code.as_str(), c.copq))
            .collect();
        let rty_rows = (quality.rty.iter())
            .map(|r| (r.item.clone(), r.rty, copq.get(r.item.as_str()).copied()))
            .collect();
        QualityIndex {
            revision: doc.analysis_key(),
            attribute_items,
            rty_rows,
        }
    }
}

impl QualityView {
    /// Selects the characteristic whose charts are shown.
    pub fn select_characteristic(&mut self, code: &str) {
        self.section = Section::Variables;
        self.characteristic = Some(code.to_string());
    }

    /// Shows one section of the dashboard.
    pub fn show_section(&mut self, section: Section) {
        self.section = section;
    }

    /// Draws the dashboard; commands go into `out`; returns a navigation request.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        out: &mut Vec<Command>,
    ) -> Option<Navigate> {
        let analysis = match doc.analysis() {
            Some(Ok(analysis)) => analysis,
            Some(Err(AnalysisError::Invalid(report))) => {
                return invalid_plan_ui(ui, report.problems.len());
            }
            None => return None,
        };
        ui.horizontal(|ui| {
            let sections = [
                (Section::Variables, "Control charts"),
                (Section::Attributes, "Attribute charts"),
                (Section::DefectsAndYield, "Defects & yield"),
            ];
            for (section, title) in sections {
                ui.selectable_value(&mut self.section, section, title);
            }
        });
        ui.separator();
        if self.index.as_ref().map(|i| i.revision) != Some(doc.analysis_key()) {
            self.index = Some(QualityIndex::build(doc, analysis));
        }
        let index = self.index.take()?;
        egui::ScrollArea::vertical()
            .id_salt("quality-scroll")
            .show(ui, |ui| match self.section {
                Section::Variables => self.variables_ui(ui, doc, &analysis.quality, out),
                Section::Attributes => {
                    self.attributes_ui(ui, &index.attribute_items, &analysis.quality)
                }
                Section::DefectsAndYield => defects_and_yield_ui(ui, doc, analysis, &index),
            });
        self.index = Some(index);
        None
    }

    fn variables_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        quality: &QualityResults,
        out: &mut Vec<Command>,
    ) {
        let plan = doc.plan();
        if plan.characteristics.is_empty() {
            ui.label("No characteristics yet: add them on the Quality & queues page.");
            return;
        }
        let selected = self.selected_characteristic(plan, quality);
        characteristic_picker_ui(ui, plan, &selected, &mut self.characteristic);
        let Some(characteristic) = plan.characteristics.iter().find(|c| c.code == selected) else {
            return;
        };
        let chart = quality.charts.iter().find(|c| c.characteristic == selected);
        let left_width = (ui.available_width() * 0.64).max(420.0);
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(left_width);
                match chart {
                    Some(chart) => self.chart_panel_ui(ui, doc, characteristic, chart, out),
                    None => no_chart_ui(ui, &selected, &quality.messages),
                }
            });
            ui.vertical(|ui| {
                if let Some(chart) = chart {
                    capability_ui(ui, plan, characteristic, chart);
                    ui.add_space(10.0);
                }
                self.paste_ui(ui, plan, characteristic, chart, out);
            });
        });
        notes_ui(ui, &quality.messages);
    }

    /// The characteristic shown: the one picked if it still exists, else the first with a
    /// chart, else the first.
    fn selected_characteristic(&self, plan: &Plan, quality: &QualityResults) -> String {
        let exists = |code: &str| plan.characteristics.iter().any(|c| c.code == code);
        match &self.characteristic {
            Some(code) if exists(code) => code.clone(),
            _ => quality
                .charts
                .first()
                .map(|c| c.characteristic.clone())
                .or_else(|| plan.characteristics.first().map(|c| c.code.clone()))
                .unwrap_or_default(),
        }
    }

    fn chart_panel_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        characteristic: &Characteristic,
        chart: &ControlChart,
        out: &mut Vec<Command>,
    ) {
        let unit = characteristic.unit.as_str();
        chart_summary_ui(ui, chart, unit);
        let frozen = frozen_range(doc.plan(), &chart.characteristic);
        self.phase_ui(ui, chart, frozen, out);
        ui.horizontal(|ui| {
            ui.label("Chart:");
            ui.selectable_value(
                &mut self.chart,
                ChartChoice::Shewhart,
                kind_title(chart.kind),
            );
            ui.add_enabled_ui(chart.ewma.is_some(), |ui| {
                ui.selectable_value(&mut self.chart, ChartChoice::Ewma, "EWMA");
                ui.selectable_value(&mut self.chart, ChartChoice::Cusum, "CUSUM");
            })
            .response
            .on_disabled_hover_text("EWMA and CUSUM need equal subgroup sizes");
        });
        let picked = self.range.as_ref().map(|r| (r.from, r.to));
        match (self.chart, &chart.ewma, &chart.cusum) {
            (ChartChoice::Ewma, Some(ewma), _) => ewma_plot_ui(ui, chart, ewma, unit),
            (ChartChoice::Cusum, _, Some(cusum)) => cusum_plot_ui(ui, chart, cusum, unit),
            _ => {
                if let Some((x, started)) = shewhart_plot_ui(ui, chart, unit, picked) {
                    self.drag_to(chart, x, started);
                }
            }
        }
        spread_plot_ui(ui, chart, unit);
        violations_ui(ui, chart);
    }

    /// Extends the Phase I range picked by dragging across the chart from where the drag began
    /// to subgroup position `x` (rounded and kept within the chart's subgroups).
    fn drag_to(&mut self, chart: &ControlChart, x: f64, started: bool) {
        let first = chart.points.first().map_or(1, |p| p.subgroup);
        let last = chart.points.last().map_or(1, |p| p.subgroup);
        let subgroup = (x.round() as i64).clamp(first, last);
        if started || self.drag_start.is_none() {
            self.drag_start = Some(subgroup);
        }
        let start = self.drag_start.unwrap_or(subgroup);
        self.range = Some(RangePick {
            characteristic: chart.characteristic.clone(),
            from: start.min(subgroup),
            to: start.max(subgroup),
        });
    }

    /// Phase I / II: two subgroup fields, Freeze limits and Unfreeze.
    fn phase_ui(
        &mut self,
        ui: &mut egui::Ui,
        chart: &ControlChart,
        frozen: Option<(i64, i64)>,
        out: &mut Vec<Command>,
    ) {
        let first = chart.points.first().map_or(1, |p| p.subgroup);
        let last = chart.points.last().map_or(1, |p| p.subgroup);
        if self.range.as_ref().map(|r| r.characteristic.as_str()) != Some(&chart.characteristic) {
            let (from, to) = frozen.unwrap_or((first, last));
            self.range = Some(RangePick {
                characteristic: chart.characteristic.clone(),
                from,
                to,
            });
        }
        let Some(range) = self.range.as_mut() else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            let status = match frozen {
                Some((from, to)) => format!("Phase II: limits frozen on subgroups {from}–{to}"),
                None => "Phase I: limits estimated from all subgroups".to_string(),
            };
            ui.strong(status);
            ui.separator();
            ui.label("Subgroups from");
            let from = ui.add(egui::DragValue::new(&mut range.from).range(first..=last));
            accessible_label(ui, &from, "Phase I first subgroup");
            ui.label("to");
            let to = ui.add(egui::DragValue::new(&mut range.to).range(first..=last));
            accessible_label(ui, &to, "Phase I last subgroup");
            if ui
                .button("Freeze limits")
                .on_hover_text("Estimate the limits from this range and judge all points by them")
                .clicked()
            {
                out.push(Command::FreezeLimits {
                    characteristic: chart.characteristic.clone(),
                    from_subgroup: range.from,
                    to_subgroup: range.to,
                });
            }
            if frozen.is_some() && ui.button("Unfreeze").clicked() {
                out.push(Command::UnfreezeLimits {
                    characteristic: chart.characteristic.clone(),
                });
            }
        });
    }

    fn paste_ui(
        &mut self,
        ui: &mut egui::Ui,
        plan: &Plan,
        characteristic: &Characteristic,
        chart: Option<&ControlChart>,
        out: &mut Vec<Command>,
    ) {
        ui.strong("Add measurements");
        let chart_size = chart.and_then(most_common_size);
        let size = self
            .paste
            .subgroup_size
            .get_or_insert(chart_size.unwrap_or(1));
        let field = ui.add(
            egui::TextEdit::multiline(&mut self.paste.text)
                .hint_text("Paste a column of values, one per line")
                .desired_rows(4)
                .desired_width(ui.available_width().min(260.0)),
        );
        accessible_label(ui, &field, "Values to add");
        ui.horizontal(|ui| {
            ui.label("Subgroup size");
            let field = ui.add(egui::DragValue::new(size).range(1..=100));
            accessible_label(ui, &field, "Subgroup size of the added values");
        });
        let values = parse_value_column(&self.paste.text);
        let last_label = (plan.measurements.iter())
            .filter(|m| m.characteristic == characteristic.code)
            .map(|m| m.subgroup)
            .max()
            .unwrap_or(0);
        match &values {
            Ok(values) if !values.is_empty() => {
                let groups = values.len().div_ceil(*size);
                ui.label(
                    RichText::new(format!(
                        "{} values make {groups} subgroup(s) from label {}",
                        values.len(),
                        last_label.saturating_add(1)
                    ))
                    .weak(),
                );
                if values.len() % *size != 0 {
                    ui.colored_label(
                        SPEC_COLOR,
                        format!("The last subgroup gets {} value(s)", values.len() % *size),
                    );
                }
            }
            Ok(_) => {}
            Err(error) => {
                ui.colored_label(ERROR_COLOR, error.to_string());
            }
        }
        let ready = matches!(&values, Ok(v) if !v.is_empty());
        if ui
            .add_enabled(ready, egui::Button::new("Add values"))
            .clicked()
            && let Ok(values) = values
        {
            out.push(Command::AddMeasurements {
                characteristic: characteristic.code.clone(),
                values,
                subgroup_size: *size,
            });
            self.paste.text.clear();
        }
    }

    fn attributes_ui(&mut self, ui: &mut egui::Ui, items: &[String], quality: &QualityResults) {
        let Some(first) = items.first() else {
            ui.label("No inspections or defects yet: add them on the Quality & queues page.");
            return;
        };
        let selected = match &self.item {
            Some(item) if items.contains(item) => item.clone(),
            _ => first.clone(),
        };
        egui::ComboBox::from_label("Item")
            .selected_text(&selected)
            .show_ui(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("attribute-items")
                    .max_height(320.0)
                    .show_rows(ui, LIST_ROW_HEIGHT, items.len(), |ui, range| {
                        for item in &items[range] {
                            if ui.selectable_label(*item == selected, item).clicked() {
                                self.item = Some(item.clone());
                            }
                        }
                    });
            });
        if let Some(chart) = quality.p_charts.iter().find(|c| c.item == selected) {
            p_chart_ui(ui, chart);
        }
        if let Some(chart) = quality.c_charts.iter().find(|c| c.item == selected) {
            c_chart_ui(ui, chart);
            u_chart_ui(ui, chart);
        }
    }
}

/// Gives a widget an accessible name (screen readers, and the GUI tests that find it by it).
fn accessible_label(ui: &egui::Ui, response: &egui::Response, label: &str) {
    let label = label.to_string();
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(label));
}

fn invalid_plan_ui(ui: &mut egui::Ui, problems: usize) -> Option<Navigate> {
    ui.colored_label(
        ERROR_COLOR,
        format!("The plan has {problems} validation problem(s); dashboards need a valid plan."),
    );
    ui.button("Show the problems")
        .clicked()
        .then_some(Navigate::Problems)
}

/// `CODE — name` as the picker shows a characteristic.
fn characteristic_title(characteristic: &Characteristic) -> String {
    if characteristic.name.is_empty() {
        characteristic.code.clone()
    } else {
        format!("{} — {}", characteristic.code, characteristic.name)
    }
}

fn characteristic_picker_ui(
    ui: &mut egui::Ui,
    plan: &Plan,
    selected: &str,
    choice: &mut Option<String>,
) {
    let current = (plan.characteristics.iter())
        .find(|c| c.code == selected)
        .map(characteristic_title)
        .unwrap_or_default();
    egui::ComboBox::from_label("Characteristic")
        .selected_text(current)
        .width(300.0)
        .show_ui(ui, |ui| {
            for characteristic in &plan.characteristics {
                let title = characteristic_title(characteristic);
                if ui
                    .selectable_label(characteristic.code == selected, title)
                    .clicked()
                {
                    *choice = Some(characteristic.code.clone());
                }
            }
        });
}

/// The chart pair's name, e.g. "X̄ chart (X̄-R)".
fn kind_title(kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::XbarR => "X-bar chart (X-bar & R)",
        ChartKind::XbarS => "X-bar chart (X-bar & S)",
        ChartKind::IMr => "Individuals chart (I-MR)",
    }
}

/// Name of the spread chart under the main chart.
fn spread_title(kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::XbarR => "Range R",
        ChartKind::XbarS => "Standard deviation s",
        ChartKind::IMr => "Moving range MR",
    }
}

/// Decimals that show a chart's values to about a hundredth of σ: 2 for σ in [1, 10),
/// 4 for σ in [0.01, 0.1); 3 when there is no variation.
pub fn value_decimals(sigma: f64) -> usize {
    if sigma > 0.0 && sigma.is_finite() {
        (2.0 - sigma.log10().floor()).clamp(0.0, 8.0) as usize
    } else {
        3
    }
}

/// A value of a chart with its unit: `114.84 kgf`.
pub fn value_text(value: f64, decimals: usize, unit: &str) -> String {
    let number = format::number(value, decimals);
    if unit.is_empty() {
        number
    } else {
        format!("{number} {unit}")
    }
}

/// Centre, limits and σ of the chart as labels (also what the tests read).
fn chart_summary_ui(ui: &mut egui::Ui, chart: &ControlChart, unit: &str) {
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
fn size_text(chart: &ControlChart) -> String {
    let min = chart.points.iter().map(|p| p.size).min().unwrap_or(0);
    let max = chart.points.iter().map(|p| p.size).max().unwrap_or(0);
    if min == max {
        min.to_string()
    } else {
        format!("{min}–{max}")
    }
}

/// The most common subgroup size of a chart (ties: the smaller).
fn most_common_size(chart: &ControlChart) -> Option<usize> {
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
fn frozen_range(plan: &Plan, code: &str) -> Option<(i64, i64)> {
    (plan.control_limits.iter())
        .filter(|l| l.characteristic == code)
        .map(|l| (l.from_subgroup, l.to_subgroup))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}

/// A band `centre ± m·σ_k` following the points, as a closed polygon (steps of ±0.5 around
/// each subgroup so equal sizes give a rectangle).
fn zone_band(chart: &ControlChart, multiple: f64) -> Vec<[f64; 2]> {
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
fn limit_steps(points: impl Iterator<Item = (i64, f64)>) -> Vec<[f64; 2]> {
    points
        .flat_map(|(label, y)| [[label as f64 - 0.5, y], [label as f64 + 0.5, y]])
        .collect()
}

/// Rules broken at each point of the series, as "rule 1, rule 4" (empty when none).
fn rules_per_point(chart: &ControlChart) -> Vec<String> {
    let mut rules = vec![String::new(); chart.points.len()];
    for violation in &chart.violations {
        if let Some(text) = rules.get_mut(violation.index.saturating_sub(1)) {
            if !text.is_empty() {
                text.push_str(", ");
            }
            text.push_str(&format!("rule {}", violation.rule));
        }
    }
    rules
}

/// Draws the X-bar or I chart; returns the subgroup under the pointer while the user drags
/// across the chart (a drag picks the Phase I range) and whether the drag started this frame.
fn shewhart_plot_ui(
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
        .y_axis_label(axis_label(mean_name(chart.kind), unit))
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
            plot.add(Line::new("UCL", limits(|p| p.ucl)).color(ERROR_COLOR));
            plot.add(Line::new("LCL", limits(|p| p.lcl)).color(ERROR_COLOR));
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
            plot.add(Line::new(mean_name(chart.kind), series.clone()).color(SERIES_COLOR));
            plot.add(
                Points::new(mean_name(chart.kind), series)
                    .color(SERIES_COLOR)
                    .radius(3.0)
                    .shape(MarkerShape::Circle),
            );
            plot.add(
                Points::new("violation", flagged)
                    .color(ERROR_COLOR)
                    .radius(5.0)
                    .shape(MarkerShape::Circle),
            );
            plot.pointer_coordinate()
        });
    let dragging = response.response.dragged() || response.response.drag_started();
    let pointer = response.inner.filter(|_| dragging)?;
    Some((pointer.x, response.response.drag_started()))
}

/// "subgroup mean" or "individual value".
fn mean_name(kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::IMr => "individual value",
        _ => "subgroup mean",
    }
}

/// "subgroup mean (kgf)".
fn axis_label(name: &str, unit: &str) -> String {
    if unit.is_empty() {
        name.to_string()
    } else {
        format!("{name} ({unit})")
    }
}

/// Hover text near a data point: the subgroup, its value and the rules it breaks.
fn hover_text(
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

fn spread_plot_ui(ui: &mut egui::Ui, chart: &ControlChart, unit: &str) {
    let decimals = value_decimals(chart.sigma_within);
    let name = spread_title(chart.kind);
    let series: Vec<[f64; 2]> = (chart.range_points.iter())
        .map(|p| [p.subgroup as f64, p.value])
        .collect();
    let hover_unit = unit.to_string();
    ui.label(RichText::new(format!(
        "{name}: centre {}, UCL {}, LCL {}",
        value_text(chart.range_center, decimals, unit),
        value_text(chart.range_ucl, decimals, unit),
        value_text(chart.range_lcl, decimals, unit)
    )));
    Plot::new(("spread", chart.characteristic.as_str()))
        .height(SMALL_HEIGHT)
        .x_axis_label("subgroup")
        .y_axis_label(axis_label(name, unit))
        .include_y(0.0)
        .label_formatter(move |position| hover_text(position, decimals, &hover_unit, &[]))
        .show(ui, |plot| {
            let limits = |upper: bool| {
                limit_steps(
                    (chart.range_points.iter())
                        .map(|p| (p.subgroup, if upper { p.ucl } else { p.lcl })),
                )
            };
            plot.add(Line::new("UCL", limits(true)).color(ERROR_COLOR));
            plot.add(Line::new("LCL", limits(false)).color(ERROR_COLOR));
            plot.add(HLine::new("centre", chart.range_center).color(CENTRE_COLOR));
            plot.add(Line::new(name, series.clone()).color(SERIES_COLOR));
            plot.add(Points::new(name, series).color(SERIES_COLOR).radius(2.5));
        });
}

fn ewma_plot_ui(
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
    ui.label(format!("EWMA: {} point(s) outside the limits", out.len()));
    Plot::new(("ewma", chart.characteristic.as_str()))
        .height(MAIN_HEIGHT)
        .legend(Legend::default())
        .x_axis_label("subgroup")
        .y_axis_label(axis_label("EWMA z", unit))
        .label_formatter(move |position| hover_text(position, decimals, &hover_unit, &[]))
        .show(ui, |plot| {
            plot.add(Line::new("UCL", ucl).color(ERROR_COLOR));
            plot.add(Line::new("LCL", lcl).color(ERROR_COLOR));
            plot.add(HLine::new("centre", chart.center).color(CENTRE_COLOR));
            plot.add(Line::new("EWMA z", z.clone()).color(SERIES_COLOR));
            plot.add(Points::new("EWMA z", z).color(SERIES_COLOR).radius(2.5));
            plot.add(Points::new("outside", out).color(ERROR_COLOR).radius(5.0));
        });
}

fn cusum_plot_ui(
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
        "CUSUM: decision interval H = {}; {} signal(s)",
        value_text(h, decimals, unit),
        signals.len()
    ));
    Plot::new(("cusum", chart.characteristic.as_str()))
        .height(MAIN_HEIGHT)
        .legend(Legend::default())
        .x_axis_label("subgroup")
        .y_axis_label(axis_label("cumulative sum", unit))
        .label_formatter(move |position| hover_text(position, decimals, &hover_unit, &[]))
        .show(ui, |plot| {
            plot.add(HLine::new("H", h).color(ERROR_COLOR));
            plot.add(HLine::new("−H", -h).color(ERROR_COLOR));
            plot.add(HLine::new("zero", 0.0).color(CENTRE_COLOR));
            plot.add(Line::new("C+", upper).color(SERIES_COLOR));
            plot.add(Line::new("C− (drawn negative)", lower).color(SPEC_COLOR));
            plot.add(
                Points::new("signal", signals)
                    .color(ERROR_COLOR)
                    .radius(5.0),
            );
        });
}

/// What each rule means, for the violation list.
fn rule_meaning(rule: u8) -> &'static str {
    match rule {
        1 => "beyond 3σ",
        2 => "2 of 3 beyond 2σ on one side",
        3 => "4 of 5 beyond 1σ on one side",
        _ => "8 in a row on one side of the centre",
    }
}

fn violations_ui(ui: &mut egui::Ui, chart: &ControlChart) {
    if chart.violations.is_empty() {
        ui.colored_label(
            GOOD_COLOR,
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
            ui.colored_label(
                ERROR_COLOR,
                format!("Rule {} at subgroup {subgroup}", violation.rule),
            )
            .on_hover_text(rule_meaning(violation.rule));
            ui.separator();
        }
    });
}

fn no_chart_ui(ui: &mut egui::Ui, code: &str, messages: &[String]) {
    let own: Vec<&String> = messages.iter().filter(|m| mentions(m, code)).collect();
    ui.label(RichText::new(format!("No control chart for {code}.")).strong());
    if own.is_empty() {
        ui.label("Add measurements to chart it.");
    }
    for message in own {
        note_ui(ui, message);
    }
}

/// True when a message is about the characteristic (its code as a whole word).
fn mentions(message: &str, code: &str) -> bool {
    message
        .split(|c: char| c.is_whitespace() || c == ':' || c == ',')
        .any(|word| word == code)
}

fn note_ui(ui: &mut egui::Ui, message: &str) {
    egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .inner_margin(6.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.label(RichText::new(format!("Note: {message}")).color(SPEC_COLOR));
        });
}

fn notes_ui(ui: &mut egui::Ui, messages: &[String]) {
    if messages.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.strong("Data notes");
    for message in messages {
        note_ui(ui, message);
    }
}

/// A capability index with a colour: green when capable (≥ 1.33), red below 1.
fn index_text(name: &str, value: Option<f64>) -> RichText {
    match value {
        Some(v) => {
            let text = RichText::new(format!("{name} {}", format::number(v, 2)));
            if v >= CAPABLE_INDEX {
                text.color(GOOD_COLOR)
            } else if v < 1.0 {
                text.color(ERROR_COLOR)
            } else {
                text
            }
        }
        None => RichText::new(format!("{name} —")).weak(),
    }
}

fn capability_ui(
    ui: &mut egui::Ui,
    plan: &Plan,
    characteristic: &Characteristic,
    chart: &ControlChart,
) {
    let unit = characteristic.unit.as_str();
    let decimals = value_decimals(chart.sigma_within);
    ui.strong("Capability");
    ui.horizontal(|ui| {
        ui.label(index_text("Cp", chart.cp));
        ui.label(index_text("Cpk", chart.cpk));
        ui.label(index_text("Pp", chart.pp));
        ui.label(index_text("Ppk", chart.ppk));
    });
    let spec = |name: &str, value: Option<f64>| {
        value.map(|v| {
            let plain = crate::app::command::value_text(&serde_json::json!(v));
            if unit.is_empty() {
                format!("{name} {plain}")
            } else {
                format!("{name} {plain} {unit}")
            }
        })
    };
    let specs: Vec<String> = [
        spec("LSL", characteristic.lsl),
        spec("target", characteristic.target),
        spec("USL", characteristic.usl),
    ]
    .into_iter()
    .flatten()
    .collect();
    ui.label(if specs.is_empty() {
        "No specification limits: only the control chart applies.".to_string()
    } else {
        specs.join(" · ")
    });
    let values: Vec<f64> = (plan.measurements.iter())
        .filter(|m| m.characteristic == characteristic.code)
        .map(|m| m.value)
        .collect();
    let Some(histogram) = histogram(&values) else {
        return;
    };
    histogram_plot_ui(ui, characteristic, &histogram, decimals);
}

/// Equal-width bins of all values with the fitted normal curve (scaled to counts).
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Left edge of the first bin.
    pub start: f64,
    /// Width of every bin (1 when all values are equal).
    pub width: f64,
    /// Values per bin; the last bin includes its right edge.
    pub counts: Vec<usize>,
    /// Mean of all values.
    pub mean: f64,
    /// Sample standard deviation (n − 1) of all values; 0 for a constant series.
    pub sd: f64,
}

impl Histogram {
    /// Height of the fitted normal curve at `x`, in values per bin: `n·width·φ((x−μ)/σ)/σ`.
    pub fn normal_count(&self, x: f64) -> f64 {
        if self.sd <= 0.0 {
            return 0.0;
        }
        let n: usize = self.counts.iter().sum();
        let z = (x - self.mean) / self.sd;
        n as f64 * self.width * (-0.5 * z * z).exp()
            / (self.sd * (2.0 * std::f64::consts::PI).sqrt())
    }
}

/// Histogram of `values` with Sturges' rule `k = ⌈log2 n⌉ + 1` bins; `None` without values.
pub fn histogram(values: &[f64]) -> Option<Histogram> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mean = values.iter().sum::<f64>() / n as f64;
    let sd = if n > 1 {
        (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    if max <= min {
        return Some(Histogram {
            start: min - 0.5,
            width: 1.0,
            counts: vec![n],
            mean,
            sd,
        });
    }
    let bins = (n as f64).log2().ceil() as usize + 1;
    let width = (max - min) / bins as f64;
    let mut counts = vec![0; bins];
    for value in values {
        let bin = (((value - min) / width).floor() as usize).min(bins - 1);
        counts[bin] += 1;
    }
    Some(Histogram {
        start: min,
        width,
        counts,
        mean,
        sd,
    })
}

fn histogram_plot_ui(
    ui: &mut egui::Ui,
    characteristic: &Characteristic,
    histogram: &Histogram,
    decimals: usize,
) {
    let bars: Vec<Bar> = (histogram.counts.iter().enumerate())
        .map(|(i, &count)| {
            let centre = histogram.start + (i as f64 + 0.5) * histogram.width;
            Bar::new(centre, count as f64)
                .width(histogram.width * 0.95)
                .fill(SERIES_COLOR)
                .name(format!(
                    "{} – {}",
                    format::number(centre - histogram.width / 2.0, decimals),
                    format::number(centre + histogram.width / 2.0, decimals)
                ))
        })
        .collect();
    let end = histogram.start + histogram.width * histogram.counts.len() as f64;
    let curve: Vec<[f64; 2]> = (0..=80)
        .map(|i| {
            let x = histogram.start + (end - histogram.start) * i as f64 / 80.0;
            [x, histogram.normal_count(x)]
        })
        .collect();
    ui.label(
        RichText::new("Orange lines: LSL, target, USL; green curve: fitted normal (all values).")
            .weak(),
    );
    Plot::new(("histogram", characteristic.code.as_str()))
        .height(SMALL_HEIGHT + 30.0)
        .x_axis_label(axis_label("value", &characteristic.unit))
        .y_axis_label("count")
        .include_y(0.0)
        .show(ui, |plot| {
            plot.add(BarChart::new("values", bars).color(SERIES_COLOR));
            if histogram.sd > 0.0 {
                plot.add(Line::new("fitted normal", curve).color(CENTRE_COLOR));
            }
            let specs = [
                ("LSL", characteristic.lsl),
                ("target", characteristic.target),
                ("USL", characteristic.usl),
            ];
            for (name, value) in specs {
                if let Some(x) = value {
                    plot.add(VLine::new(name, x).color(SPEC_COLOR).width(1.5));
                }
            }
        });
}

/// The x axis of attribute charts: lot labels at whole positions 1..n.
fn lot_axis(
    lots: Vec<String>,
) -> impl Fn(egui_plot::GridMark, &std::ops::RangeInclusive<f64>) -> String {
    move |mark, _| {
        let index = mark.value.round();
        if (mark.value - index).abs() < 1e-6 && index >= 1.0 {
            lots.get(index as usize - 1).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    }
}

/// One attribute chart: points at lots 1..n, per-lot step limits, a centre line, points
/// outside the limits in red.
struct AttributeSeries {
    id: String,
    title: String,
    y_label: String,
    lots: Vec<String>,
    values: Vec<Option<f64>>,
    ucl: Vec<Option<f64>>,
    lcl: Vec<Option<f64>>,
    centre: f64,
}

fn attribute_plot_ui(ui: &mut egui::Ui, series: AttributeSeries) {
    let points: Vec<[f64; 2]> = (series.values.iter().enumerate())
        .filter_map(|(i, v)| v.map(|v| [i as f64 + 1.0, v]))
        .collect();
    let outside: Vec<[f64; 2]> = (series.values.iter().enumerate())
        .filter_map(|(i, v)| {
            let v = (*v)?;
            let above = series.ucl[i].is_some_and(|u| v > u + 1e-12);
            let below = series.lcl[i].is_some_and(|l| v < l - 1e-12);
            (above || below).then_some([i as f64 + 1.0, v])
        })
        .collect();
    let steps = |limits: &[Option<f64>]| {
        let labelled =
            (limits.iter().enumerate()).filter_map(|(i, l)| l.map(|l| (i as i64 + 1, l)));
        limit_steps(labelled)
    };
    ui.label(RichText::new(&series.title).strong());
    Plot::new(("attribute", series.id.as_str()))
        .height(SMALL_HEIGHT)
        .x_axis_label("lot")
        .y_axis_label(series.y_label.as_str())
        .x_axis_formatter(lot_axis(series.lots.clone()))
        .include_y(0.0)
        .show(ui, |plot| {
            plot.add(Line::new("UCL", steps(&series.ucl)).color(ERROR_COLOR));
            plot.add(Line::new("LCL", steps(&series.lcl)).color(ERROR_COLOR));
            plot.add(HLine::new("centre", series.centre).color(CENTRE_COLOR));
            plot.add(Line::new("lots", points.clone()).color(SERIES_COLOR));
            plot.add(Points::new("lots", points).color(SERIES_COLOR).radius(2.5));
            plot.add(
                Points::new("outside the limits", outside)
                    .color(ERROR_COLOR)
                    .radius(5.0),
            );
        });
}

fn p_chart_ui(ui: &mut egui::Ui, chart: &PChart) {
    let lots = chart.points.iter().map(|p| p.lot.clone()).collect();
    let series = match chart.kind {
        PChartKind::Np => {
            let n = chart.points.first().map_or(0, |p| p.inspected) as f64;
            AttributeSeries {
                id: format!("np-{}", chart.item),
                title: format!(
                    "np chart (lots of {}): centre {} defectives per lot",
                    format::number(n, 0),
                    format::number(n * chart.p_bar, 2)
                ),
                y_label: "defectives per lot".into(),
                lots,
                values: chart.points.iter().map(|p| Some(p.p * n)).collect(),
                ucl: chart.points.iter().map(|p| Some(p.ucl * n)).collect(),
                lcl: chart.points.iter().map(|p| Some(p.lcl * n)).collect(),
                centre: chart.p_bar * n,
            }
        }
        PChartKind::P => AttributeSeries {
            id: format!("p-{}", chart.item),
            title: format!(
                "p chart: centre {} defective (pooled)",
                format::percent(chart.p_bar)
            ),
            y_label: "fraction defective".into(),
            lots,
            values: chart.points.iter().map(|p| Some(p.p)).collect(),
            ucl: chart.points.iter().map(|p| Some(p.ucl)).collect(),
            lcl: chart.points.iter().map(|p| Some(p.lcl)).collect(),
            centre: chart.p_bar,
        },
    };
    attribute_plot_ui(ui, series);
}

fn c_chart_ui(ui: &mut egui::Ui, chart: &CChart) {
    let count = chart.points.len();
    attribute_plot_ui(
        ui,
        AttributeSeries {
            id: format!("c-{}", chart.item),
            title: format!(
                "c chart: centre {} defects per lot, UCL {}, LCL {}",
                format::number(chart.center, 2),
                format::number(chart.ucl, 2),
                format::number(chart.lcl, 2)
            ),
            y_label: "defects per lot".into(),
            lots: chart.points.iter().map(|p| p.lot.clone()).collect(),
            values: chart.points.iter().map(|p| Some(p.count)).collect(),
            ucl: vec![Some(chart.ucl); count],
            lcl: vec![Some(chart.lcl); count],
            centre: chart.center,
        },
    );
}

fn u_chart_ui(ui: &mut egui::Ui, chart: &CChart) {
    let Some(u_bar) = chart.u_bar else {
        ui.label(RichText::new("No u chart: no lot of this item has an inspection row.").weak());
        return;
    };
    attribute_plot_ui(
        ui,
        AttributeSeries {
            id: format!("u-{}", chart.item),
            title: format!(
                "u chart: centre {} defects per unit",
                format::number(u_bar, 4)
            ),
            y_label: "defects per unit".into(),
            lots: chart.points.iter().map(|p| p.lot.clone()).collect(),
            values: chart.points.iter().map(|p| p.u).collect(),
            ucl: chart.points.iter().map(|p| p.u_ucl).collect(),
            lcl: chart.points.iter().map(|p| p.u_lcl).collect(),
            centre: u_bar,
        },
    );
}

/// Pareto of defect types (share of all defects with the cumulative % line) and RTY per item
/// beside COPQ.
fn defects_and_yield_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    analysis: &Analysis,
    index: &QualityIndex,
) {
    let quality = &analysis.quality;
    ui.strong("Pareto of defect types");
    if quality.pareto.is_empty() {
        ui.label("No defects recorded.");
    } else {
        pareto_plot_ui(ui, quality);
        for bar in &quality.pareto {
            ui.label(format!(
                "{}: {} defects, cumulative {} %",
                bar.defect_type,
                format::quantity(bar.count),
                format::number(bar.cum_pct, 1)
            ));
        }
    }
    ui.add_space(10.0);
    ui.strong("Rolled throughput yield and cost of poor quality");
    rty_table_ui(ui, &index.rty_rows, doc.plan().settings.currency.as_str());
}

/// RTY and COPQ per item; only the rows in view are laid out.
fn rty_table_ui(ui: &mut egui::Ui, rows: &[(String, f64, Option<f64>)], currency: &str) {
    TableBuilder::new(ui)
        .id_salt("rty-table")
        .striped(true)
        .max_scroll_height(RTY_TABLE_HEIGHT)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(120.0).at_least(80.0))
        .column(Column::exact(90.0))
        .column(Column::exact(170.0))
        .column(Column::initial(120.0).at_least(90.0))
        .header(LIST_ROW_HEIGHT, |mut header| {
            for heading in ["Item", "RTY", "", "COPQ per unit"] {
                header.col(|ui| {
                    ui.strong(heading);
                });
            }
        })
        .body(|body| {
            body.rows(LIST_ROW_HEIGHT, rows.len(), |mut row| {
                let (item, rty, copq) = &rows[row.index()];
                row.col(|ui| {
                    ui.label(item);
                });
                row.col(|ui| {
                    ui.label(format!("RTY {}", format::percent(*rty)));
                });
                row.col(|ui| {
                    ui.add(egui::ProgressBar::new(*rty as f32).desired_width(160.0));
                });
                row.col(|ui| {
                    ui.label(copq.map_or("—".into(), |c| format::money(c, currency)));
                });
            });
        });
}

fn pareto_plot_ui(ui: &mut egui::Ui, quality: &QualityResults) {
    let total: f64 = quality.pareto.iter().map(|b| b.count).sum();
    let bars: Vec<Bar> = (quality.pareto.iter().enumerate())
        .map(|(i, bar)| {
            let share = if total > 0.0 {
                bar.count / total * 100.0
            } else {
                0.0
            };
            Bar::new(i as f64 + 1.0, share)
                .width(0.7)
                .fill(SERIES_COLOR)
                .name(format!(
                    "{}: {} defects",
                    bar.defect_type,
                    format::quantity(bar.count)
                ))
        })
        .collect();
    let cumulative: Vec<[f64; 2]> = (quality.pareto.iter().enumerate())
        .map(|(i, bar)| [i as f64 + 1.0, bar.cum_pct])
        .collect();
    let types = quality
        .pareto
        .iter()
        .map(|b| b.defect_type.clone())
        .collect();
    Plot::new("pareto")
        .height(MAIN_HEIGHT)
        .legend(Legend::default().position(egui_plot::Corner::LeftTop))
        .x_axis_label("defect type")
        .y_axis_label("share of all defects (%)")
        .x_axis_formatter(lot_axis(types))
        .include_y(0.0)
        .include_y(100.0)
        .show(ui, |plot| {
            plot.add(BarChart::new("share of defects", bars).color(SERIES_COLOR));
            plot.add(Line::new("cumulative %", cumulative.clone()).color(SPEC_COLOR));
            plot.add(
                Points::new("cumulative %", cumulative)
                    .color(SPEC_COLOR)
                    .radius(3.0),
            );
            plot.add(
                HLine::new("80 %", 80.0)
                    .color(Color32::GRAY)
                    .style(LineStyle::dashed_loose()),
            );
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_uses_sturges_bins_and_puts_the_maximum_in_the_last_bin() {
        // Values 1..=8: n = 8, k = ⌈log2 8⌉ + 1 = 4 bins of (8 − 1)/4 = 1.75:
        // [1, 2.75) holds 1, 2; [2.75, 4.5) 3, 4; [4.5, 6.25) 5, 6; [6.25, 8] 7, 8.
        let values: Vec<f64> = (1..=8).map(f64::from).collect();
        let h = histogram(&values).expect("values give a histogram");
        assert_eq!(h.counts, vec![2, 2, 2, 2]);
        assert!((h.width - 1.75).abs() < 1e-12);
        // Mean 4.5; Σ(x−4.5)² = 42, s = √(42/7) = √6.
        assert!((h.mean - 4.5).abs() < 1e-12);
        assert!((h.sd - 6f64.sqrt()).abs() < 1e-12);
        // At the mean: 8 · 1.75 / (√6 · √(2π)) = 14 / 6.1399602 = 2.2801451.
        assert!((h.normal_count(4.5) - 2.280_145_1).abs() < 1e-6);
    }

    #[test]
    fn constant_or_missing_values_give_one_bar_or_none() {
        let h = histogram(&[3.0, 3.0, 3.0]).expect("one bar");
        assert_eq!(h.counts, vec![3]);
        assert_eq!(h.sd, 0.0);
        assert_eq!(h.normal_count(3.0), 0.0);
        assert!(histogram(&[]).is_none());
    }

    #[test]
    fn decimals_follow_the_size_of_sigma() {
        // σ 3.2 → log10 = 0.5, floor 0 → 2 decimals; σ 0.012 → floor(−1.9) = −2 → 4.
        assert_eq!(value_decimals(3.2), 2);
        assert_eq!(value_decimals(0.012), 4);
        assert_eq!(value_decimals(0.0), 3);
        assert_eq!(value_text(114.8413, 2, "kgf"), "114.84 kgf");
    }

    #[test]
    fn messages_are_matched_by_whole_code() {
        let message = "characteristic SPOKE-T has a single value";
        assert!(mentions(message, "SPOKE-T"));
        assert!(!mentions(message, "SPOKE"));
    }
}
