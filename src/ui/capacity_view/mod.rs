//! Capacity dashboard: load against available hours per period for one resource (bars, the
//! available and available + overtime step lines, bands behind holiday, maintenance and
//! shutdown periods, and their list), a utilisation heat-map of every resource × period drawn
//! as a texture, the bottleneck highlighted, and the list of overloaded periods.
//!
//! What takes a pass over the analysis (the heat-map, the chosen resource's chart, the
//! overloaded cells) is built once per analysis and kept, so a frame on plan L (1,000
//! resources × 52 periods) only draws.

mod heat_map;
mod load_chart;

use super::page::{PageContext, PageView};
use super::{problems, style};
use eframe::egui::{self, RichText};

use super::Navigate;
use super::format;
use super::long_combo::long_combo_ui;
use crate::analytics::capacity::ResourceLoad;
use crate::analytics::{Analysis, AnalysisError};
use crate::app::Document;

pub use load_chart::LoadChart;

/// Most resources offered as a row of buttons; more get a drop-down list.
const MAX_PICKER_BUTTONS: usize = 40;
/// Utilisation above `1 + this` counts as overloaded (as in the overview).
const OVERLOAD_TOLERANCE: f64 = 1e-9;

/// The overloaded resource × period cells of one analysis.
struct Overloaded {
    revision: u64,
    cells: Vec<(usize, usize)>,
}

/// State of the capacity dashboard.
#[derive(Default)]
pub struct CapacityView {
    resource: Option<String>,
    heat_map: Option<heat_map::HeatMap>,
    chart: Option<LoadChart>,
    overloaded: Option<Overloaded>,
}

impl CapacityView {
    /// Chooses the resource whose chart is shown (a code the plan does not have shows the
    /// bottleneck).
    pub fn select_resource(&mut self, code: &str) {
        self.resource = Some(code.to_string());
    }

    /// The chart of the resource shown, once the page has been drawn.
    pub fn load_chart(&self) -> Option<&LoadChart> {
        self.chart.as_ref()
    }

    /// Cells of the heat-map with load but no available hours, and with neither, once drawn.
    pub fn heat_map_counts(&self) -> Option<(usize, usize)> {
        (self.heat_map.as_ref()).map(|h| (h.no_hours_cells(), h.closed_cells()))
    }

    /// Draws the dashboard; returns a navigation request (to the problems when invalid).
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document) -> Option<Navigate> {
        let analysis = match doc.analysis() {
            Some(Ok(analysis)) => analysis,
            Some(Err(AnalysisError::Invalid(report))) => {
                return problems::invalid_plan_ui(ui, report.problems.len(), "dashboards need");
            }
            None => return None,
        };
        let resources = &analysis.capacity.resources;
        if resources.is_empty() {
            ui.label("The plan has no resources: add some to see load and capacity.");
            return None;
        }
        let settings = &doc.plan().settings;
        let bottleneck = analysis.capacity.bottleneck.clone();
        let chosen = self
            .resource
            .clone()
            .filter(|c| resources.iter().any(|r| &r.code == c))
            .or_else(|| bottleneck.clone())
            .unwrap_or_else(|| resources[0].code.clone());
        self.resource_picker_ui(ui, resources, &chosen, bottleneck.as_deref());
        let revision = doc.analysis_key();
        if !self
            .chart
            .as_ref()
            .is_some_and(|c| c.is_for(revision, &chosen))
            && let Some(load) = resources.iter().find(|r| r.code == chosen)
        {
            self.chart = Some(LoadChart::new(revision, load, settings));
        }
        if let Some(chart) = &self.chart {
            chart.ui(ui, settings);
        }
        ui.add_space(8.0);
        ui.label(RichText::new("Utilisation by resource and period").strong());
        if self.heat_map.as_ref().map(|h| h.revision()) != Some(revision) {
            self.heat_map = Some(heat_map::HeatMap::new(ui.ctx(), revision, resources));
        }
        if let Some(heat_map) = &self.heat_map {
            heat_map.ui(ui, resources, bottleneck.as_deref(), settings);
        }
        ui.add_space(8.0);
        if self.overloaded.as_ref().map(|o| o.revision) != Some(revision) {
            self.overloaded = Some(Overloaded {
                revision,
                cells: overloaded_cells(analysis),
            });
        }
        if let Some(overloaded) = &self.overloaded {
            overloaded_ui(ui, analysis, doc, &overloaded.cells);
        }
        None
    }

    fn resource_picker_ui(
        &mut self,
        ui: &mut egui::Ui,
        resources: &[ResourceLoad],
        chosen: &str,
        bottleneck: Option<&str>,
    ) {
        if resources.len() > MAX_PICKER_BUTTONS {
            self.resource_combo_ui(ui, resources, chosen, bottleneck);
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Resource");
            for resource in resources {
                let is_bottleneck = bottleneck == Some(resource.code.as_str());
                let mut text = RichText::new(format!(
                    "{} {}",
                    resource.code,
                    format::utilization(resource.total_utilization)
                ));
                if is_bottleneck {
                    text = RichText::new(format!(
                        "{} {} (bottleneck)",
                        resource.code,
                        format::utilization(resource.total_utilization)
                    ))
                    .strong();
                    if resource.code != chosen {
                        text = text.color(style::ERROR);
                    }
                }
                if ui
                    .add(egui::Button::selectable(resource.code == chosen, text))
                    .on_hover_text(format!(
                        "total utilisation {}, peak {}",
                        format::utilization(resource.total_utilization),
                        format::utilization(resource.peak_utilization)
                    ))
                    .clicked()
                {
                    self.resource = Some(resource.code.clone());
                }
            }
        });
    }

    /// The resource picker of a plan with many resources: a drop-down whose list only lays out
    /// the rows in view, and a shortcut to the bottleneck.
    fn resource_combo_ui(
        &mut self,
        ui: &mut egui::Ui,
        resources: &[ResourceLoad],
        chosen: &str,
        bottleneck: Option<&str>,
    ) {
        ui.horizontal(|ui| {
            let (clicked, _) = long_combo_ui(
                ui,
                egui::ComboBox::from_label("Resource").selected_text(chosen),
                resources.len(),
                |index| {
                    let resource = &resources[index];
                    let utilization = format::utilization(resource.total_utilization);
                    format!("{} {utilization}", resource.code)
                },
                |index| resources[index].code == chosen,
            );
            if let Some(index) = clicked {
                self.resource = Some(resources[index].code.clone());
            }
            if let Some(code) = bottleneck {
                let text = RichText::new(format!("{code} (bottleneck)")).color(style::ERROR);
                if ui
                    .add(egui::Button::selectable(code == chosen, text))
                    .clicked()
                {
                    self.resource = Some(code.to_string());
                }
            }
        });
    }
}

/// The overloaded resource × period cells, as (resource index, period index), in plan order.
fn overloaded_cells(analysis: &Analysis) -> Vec<(usize, usize)> {
    let mut cells = Vec::new();
    for (r, resource) in analysis.capacity.resources.iter().enumerate() {
        for (t, &utilization) in resource.utilization.iter().enumerate() {
            if format::utilization_rank(utilization) > 1.0 + OVERLOAD_TOLERANCE {
                cells.push((r, t));
            }
        }
    }
    cells
}

/// The list of overloaded periods; only the lines in view are formatted and laid out.
fn overloaded_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    doc: &Document,
    overloaded: &[(usize, usize)],
) {
    if overloaded.is_empty() {
        ui.colored_label(
            style::GOOD,
            "No overloaded periods: load fits capacity everywhere.",
        );
        return;
    }
    ui.label(RichText::new(format!("Overloaded periods ({})", overloaded.len())).strong());
    let row_height = ui.text_style_height(&egui::TextStyle::Body);
    egui::ScrollArea::vertical()
        .id_salt("overloaded")
        .max_height(140.0)
        .show_rows(ui, row_height, overloaded.len(), |ui, rows| {
            let settings = &doc.plan().settings;
            let resources = &analysis.capacity.resources;
            for &(r, t) in overloaded.get(rows).unwrap_or(&[]) {
                let Some(resource) = resources.get(r) else {
                    continue;
                };
                let utilization = resource.utilization.get(t).copied().unwrap_or(Some(0.0));
                ui.colored_label(
                    style::ERROR,
                    format!(
                        "{} in {}: {}",
                        resource.code,
                        format::period_label(settings, t as i64 + 1),
                        format::utilization(utilization)
                    ),
                );
            }
        });
}

impl PageView for CapacityView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        if let Some(target) = self.contents_ui(ui, cx.doc) {
            cx.navigate(target);
        }
    }
}
