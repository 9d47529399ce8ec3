//! Quality dashboard: a control chart per characteristic (zones, limits, violations, hover
//! values) with its R/S/MR chart, EWMA and CUSUM, Phase I limit freezing, capability with a
//! histogram, the attribute charts (p/np, c, u), the defect Pareto and rolled throughput yield.
//!
//! Every number comes from the cached [`QualityResults`]; the view only draws them and emits
//! [`Command`]s (freeze limits, add pasted measurements). Data that gives no chart shows the
//! analytics' message instead of a chart.

use crate::domain::count_of;
use eframe::egui::{self, Color32, RichText};

mod attributes;
mod capability;
mod control_chart;
mod defects;

use attributes::*;
use capability::*;
use control_chart::*;
use defects::*;

use super::Navigate;
use super::format;
use super::page::{PageContext, PageView};
use super::problems;
use super::style;
use crate::analytics::quality::{
    CChart, ControlChart, PChart, PChartKind, QualityResults, SpcChart,
};
use crate::analytics::{Analysis, AnalysisError};
use crate::app::command::parse_value_column;
use crate::app::{Command, Document};
use crate::domain::{Characteristic, Plan};

/// Colour of the centre lines.
const CENTRE_COLOR: Color32 = style::GOOD;
/// Colour of the plotted series.
const SERIES_COLOR: Color32 = style::POINT_BLUE;
/// Colour of the specification limits and the Phase I range.
const SPEC_COLOR: Color32 = style::SPEC_AMBER;
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
    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        out: &mut Vec<Command>,
    ) -> Option<Navigate> {
        let analysis = match doc.analysis() {
            Some(Ok(analysis)) => analysis,
            Some(Err(AnalysisError::Invalid(report))) => {
                return problems::invalid_plan_ui(ui, report.problems.len(), "dashboards need");
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
                style::with_marks(
                    ui,
                    &chart.kind.main_chart().title(),
                    egui::TextStyle::Button,
                ),
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
                        "{} make {} from label {}",
                        count_of(values.len(), "value", "values"),
                        count_of(groups, "subgroup", "subgroups"),
                        last_label.saturating_add(1)
                    ))
                    .weak(),
                );
                if values.len() % *size != 0 {
                    ui.colored_label(
                        SPEC_COLOR,
                        format!(
                            "The last subgroup gets {}",
                            count_of(values.len() % *size, "value", "values")
                        ),
                    );
                }
            }
            Ok(_) => {}
            Err(error) => {
                ui.colored_label(style::ERROR, error.to_string());
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
    style::accessible_label(ui, response, label);
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

impl PageView for QualityView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        if let Some(target) = self.contents_ui(ui, cx.doc, cx.edits) {
            cx.navigate(target);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_matched_by_whole_code() {
        let message = "characteristic SPOKE-T has a single value";
        assert!(mentions(message, "SPOKE-T"));
        assert!(!mentions(message, "SPOKE"));
    }
}
