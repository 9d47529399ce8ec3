//! Capacity dashboard: load against available hours per period for one resource (bars and a
//! capacity line), a utilisation heat-map of every resource × period drawn as a texture, the
//! bottleneck highlighted, and the list of overloaded periods.

use super::page::{PageContext, PageView};
use super::style;
use eframe::egui::{self, Color32, RichText};
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoints};

use super::Navigate;
use super::format;
use super::long_combo::long_combo_ui;
use crate::analytics::capacity::ResourceLoad;
use crate::analytics::{Analysis, AnalysisError};
use crate::app::Document;
use crate::domain::PlanSettings;

/// Bar colour of a period within capacity.
const LOAD_COLOR: Color32 = style::SERIES_BLUE;
/// Height of one heat-map row in points.
const HEAT_ROW_HEIGHT: f32 = 22.0;
/// Width of the resource labels left of the heat-map.
const HEAT_LABEL_WIDTH: f32 = 110.0;
/// Most resources offered as a row of buttons; more get a drop-down list.
const MAX_PICKER_BUTTONS: usize = 40;
/// Utilisation above `1 + this` counts as overloaded (as in the overview).
const OVERLOAD_TOLERANCE: f64 = 1e-9;

/// The heat-map texture and the revision it was drawn for.
struct HeatMap {
    revision: u64,
    texture: egui::TextureHandle,
}

/// State of the capacity dashboard.
#[derive(Default)]
pub struct CapacityView {
    resource: Option<String>,
    heat_map: Option<HeatMap>,
}

impl CapacityView {
    /// Draws the dashboard; returns a navigation request (to the problems when invalid).
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document) -> Option<Navigate> {
        let analysis = match doc.analysis() {
            Some(Ok(analysis)) => analysis,
            Some(Err(AnalysisError::Invalid(report))) => {
                ui.colored_label(
                    style::ERROR,
                    format!(
                        "The plan has {} validation problem(s); dashboards need a valid plan.",
                        report.problems.len()
                    ),
                );
                return ui
                    .button("Show the problems")
                    .clicked()
                    .then_some(Navigate::Problems);
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
        if let Some(load) = resources.iter().find(|r| r.code == chosen) {
            load_chart_ui(ui, load, settings);
        }
        ui.add_space(8.0);
        ui.label(RichText::new("Utilisation by resource and period").strong());
        self.heat_map_ui(ui, doc, resources, bottleneck.as_deref());
        ui.add_space(8.0);
        overloaded_ui(ui, analysis, doc);
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

    fn heat_map_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        resources: &[ResourceLoad],
        bottleneck: Option<&str>,
    ) {
        let periods = resources
            .iter()
            .map(|r| r.utilization.len())
            .max()
            .unwrap_or(0);
        if periods == 0 {
            return;
        }
        if self.heat_map.as_ref().map(|h| h.revision) != Some(doc.analysis_key()) {
            let image = heat_map_image(resources, periods);
            let texture =
                ui.ctx()
                    .load_texture("utilisation-heat-map", image, egui::TextureOptions::NEAREST);
            self.heat_map = Some(HeatMap {
                revision: doc.analysis_key(),
                texture,
            });
        }
        let Some(heat_map) = &self.heat_map else {
            return;
        };
        let width = (ui.available_width() - HEAT_LABEL_WIDTH).max(100.0);
        let height = HEAT_ROW_HEIGHT * resources.len() as f32;
        ui.horizontal(|ui| {
            heat_map_labels_ui(ui, resources, bottleneck, height);
            let image = egui::Image::new((heat_map.texture.id(), egui::vec2(width, height)))
                .sense(egui::Sense::hover());
            let response = ui.add(image);
            if let Some(pointer) = response.hover_pos() {
                let column = ((pointer.x - response.rect.left()) / width * periods as f32) as usize;
                let row = ((pointer.y - response.rect.top()) / HEAT_ROW_HEIGHT) as usize;
                if let Some(resource) = resources.get(row)
                    && let Some(utilization) = resource.utilization.get(column)
                {
                    let settings = &doc.plan().settings;
                    let load = resource.load.get(column).copied().unwrap_or_default();
                    let available = resource.available.get(column).copied().unwrap_or_default();
                    response.on_hover_text(format!(
                        "{} in {}: {} ({} of {} h)",
                        resource.code,
                        format::period_label(settings, column as i64 + 1),
                        format::utilization(*utilization),
                        format::number(load, 1),
                        format::number(available, 1)
                    ));
                }
            }
        });
        ui.label(
            RichText::new("white = idle, amber = 100 % loaded, red = overloaded (above 100 %)")
                .small()
                .weak(),
        );
    }
}

/// Colour of a utilisation: white at 0, amber at 100 %, deepening red above.
pub fn utilization_color(utilization: f64) -> Color32 {
    let lerp =
        |a: u8, b: u8, t: f64| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    if utilization <= 1.0 {
        let t = utilization.max(0.0);
        Color32::from_rgb(lerp(250, 245, t), lerp(250, 170, t), lerp(250, 40, t))
    } else {
        let t = ((utilization - 1.0) / 0.5).min(1.0);
        Color32::from_rgb(lerp(225, 160, t), lerp(60, 20, t), lerp(50, 30, t))
    }
}

/// The resource codes left of the heat-map, one per row. Only the rows inside the visible part
/// of the page are painted: a plan with a thousand resources would otherwise lay out a thousand
/// labels every frame.
fn heat_map_labels_ui(
    ui: &mut egui::Ui,
    resources: &[ResourceLoad],
    bottleneck: Option<&str>,
    height: f32,
) {
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(HEAT_LABEL_WIDTH - 8.0, height),
        egui::Sense::hover(),
    );
    let visible = ui.clip_rect().intersect(rect);
    if !visible.is_positive() {
        return;
    }
    let first = ((visible.top() - rect.top()) / HEAT_ROW_HEIGHT)
        .floor()
        .max(0.0) as usize;
    let last = ((visible.bottom() - rect.top()) / HEAT_ROW_HEIGHT).ceil() as usize;
    let font = egui::TextStyle::Body.resolve(ui.style());
    let painter = ui.painter_at(rect);
    for (row, resource) in resources
        .iter()
        .enumerate()
        .take(last.min(resources.len()))
        .skip(first)
    {
        let is_bottleneck = bottleneck == Some(resource.code.as_str());
        let color = if is_bottleneck {
            style::ERROR
        } else {
            ui.visuals().text_color()
        };
        let centre_y = rect.top() + (row as f32 + 0.5) * HEAT_ROW_HEIGHT;
        painter.text(
            egui::pos2(rect.left(), centre_y),
            egui::Align2::LEFT_CENTER,
            &resource.code,
            font.clone(),
            color,
        );
    }
}

/// One pixel per resource × period (rows = resources in plan order).
fn heat_map_image(resources: &[ResourceLoad], periods: usize) -> egui::ColorImage {
    let mut pixels = Vec::with_capacity(resources.len() * periods);
    for resource in resources {
        for t in 0..periods {
            let utilization = resource.utilization.get(t).copied().unwrap_or(Some(0.0));
            pixels.push(utilization_color(format::utilization_rank(utilization)));
        }
    }
    egui::ColorImage::new([periods, resources.len()], pixels)
}

/// Load bars (red when above capacity) and the available-hours line of one resource.
fn load_chart_ui(ui: &mut egui::Ui, resource: &ResourceLoad, settings: &PlanSettings) {
    let bars: Vec<Bar> = resource
        .load
        .iter()
        .enumerate()
        .map(|(t, &load)| {
            let available = resource.available.get(t).copied().unwrap_or_default();
            let color = if load > available + 1e-9 {
                style::ERROR
            } else {
                LOAD_COLOR
            };
            Bar::new(t as f64 + 1.0, load)
                .name(format::period_label(settings, t as i64 + 1))
                .fill(color)
        })
        .collect();
    let chart = BarChart::new("load", bars)
        .color(LOAD_COLOR)
        .width(0.7)
        .element_formatter(Box::new(|bar, _| {
            format!("{}: load {} h", bar.name, format::number(bar.value, 1))
        }));
    let capacity: PlotPoints = resource
        .available
        .iter()
        .enumerate()
        .flat_map(|(t, &a)| [[t as f64 + 0.5, a], [t as f64 + 1.5, a]])
        .collect();
    let labels: Vec<String> = (1..=resource.load.len())
        .map(|p| format::period_label(settings, p as i64))
        .collect();
    Plot::new(("capacity-chart", resource.code.as_str()))
        .height(230.0)
        .legend(Legend::default())
        .x_axis_label(format!("period ({})", settings.period_unit.as_str()))
        .y_axis_label("hours per period")
        .x_axis_formatter(move |mark, _| {
            let index = mark.value.round();
            if (mark.value - index).abs() < 1e-6 && index >= 1.0 {
                labels.get(index as usize - 1).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .include_y(0.0)
        .show(ui, |plot| {
            plot.add(chart);
            plot.add(
                Line::new("available", capacity)
                    .color(style::GOOD)
                    .width(2.0)
                    // A line that dips (a holiday week) is a line, not a filled band.
                    .allow_band(false),
            );
        });
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
fn overloaded_ui(ui: &mut egui::Ui, analysis: &Analysis, doc: &Document) {
    let overloaded = overloaded_cells(analysis);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utilisation_colours_run_white_amber_red() {
        assert_eq!(utilization_color(0.0), Color32::from_rgb(250, 250, 250));
        assert_eq!(utilization_color(1.0), Color32::from_rgb(245, 170, 40));
        assert_eq!(utilization_color(1.5), Color32::from_rgb(160, 20, 30));
        assert_eq!(utilization_color(9.0), utilization_color(1.5));
    }
}
