//! The utilisation heat-map of every resource × period on the Capacity page: one texture pixel
//! per cell, drawn once per analysis ([`HeatMap`]); cells with load but no available hours
//! ("no hours") are dark red and hatched, cells with neither ("closed") grey; a legend under
//! it explains the scale and counts those cells; hovering a cell names resource, period,
//! utilisation, load and available hours.

use eframe::egui::{self, Color32, RichText};

use super::super::{format, style};
use super::load_chart::reduced_reason;
use crate::analytics::capacity::ResourceLoad;
use crate::domain::PlanSettings;

/// Height of one heat-map row in points.
const ROW_HEIGHT: f32 = 22.0;
/// Width of the resource labels left of the heat-map.
const LABEL_WIDTH: f32 = 110.0;
/// A cell with load to do but no available hours.
const NO_HOURS_COLOR: Color32 = Color32::from_rgb(90, 10, 30);
/// The stripes over a "no hours" cell.
const HATCH_COLOR: Color32 = Color32::from_rgb(235, 120, 130);
/// Points between two stripes of the hatching.
const HATCH_STEP: f32 = 6.0;
/// A cell with neither available hours nor load (a resource shut with nothing to do).
const CLOSED_COLOR: Color32 = Color32::from_rgb(185, 185, 185);
/// Utilisation at the right end of the legend's scale (the red deepens up to it).
const SCALE_TOP: f64 = 1.5;
/// Size of the legend's colour scale and swatches in points.
const SCALE_WIDTH: f32 = 150.0;
const SWATCH: f32 = 14.0;

/// Colour of a utilisation: white at 0, amber at 100 %, deepening red above.
pub fn utilization_color(utilization: f64) -> Color32 {
    let lerp =
        |a: u8, b: u8, t: f64| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    if utilization <= 1.0 {
        let t = utilization.max(0.0);
        Color32::from_rgb(lerp(250, 245, t), lerp(250, 170, t), lerp(250, 40, t))
    } else {
        let t = ((utilization - 1.0) / (SCALE_TOP - 1.0)).min(1.0);
        Color32::from_rgb(lerp(225, 160, t), lerp(60, 20, t), lerp(50, 30, t))
    }
}

/// What a heat-map cell shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellKind {
    /// Hours available: the utilisation (load / available).
    Utilization(f64),
    /// Load to do but no hours available.
    NoHours,
    /// Neither hours nor load.
    Closed,
}

impl CellKind {
    /// The kind of the cell of `resource` in period index `t`.
    pub fn of(resource: &ResourceLoad, t: usize) -> CellKind {
        let available = resource.available.get(t).copied().unwrap_or(0.0);
        match resource.utilization.get(t).copied().unwrap_or(Some(0.0)) {
            None => CellKind::NoHours,
            Some(_) if available <= 0.0 => CellKind::Closed,
            Some(utilization) => CellKind::Utilization(utilization),
        }
    }

    /// The cell's colour.
    pub fn color(self) -> Color32 {
        match self {
            CellKind::Utilization(utilization) => utilization_color(utilization),
            CellKind::NoHours => NO_HOURS_COLOR,
            CellKind::Closed => CLOSED_COLOR,
        }
    }
}

/// The heat-map texture and what the legend and hatching need, for one analysis.
pub struct HeatMap {
    revision: u64,
    texture: egui::TextureHandle,
    periods: usize,
    /// The "no hours" cells as (resource row, period index), row-major.
    no_hours: Vec<(usize, usize)>,
    closed: usize,
}

impl HeatMap {
    /// Draws the texture of `resources` for the analysis `revision`.
    pub fn new(ctx: &egui::Context, revision: u64, resources: &[ResourceLoad]) -> HeatMap {
        let periods = resources.iter().map(|r| r.load.len()).max().unwrap_or(0);
        let mut pixels = Vec::with_capacity(resources.len() * periods);
        let mut no_hours = Vec::new();
        let mut closed = 0;
        for (row, resource) in resources.iter().enumerate() {
            for t in 0..periods {
                let kind = CellKind::of(resource, t);
                match kind {
                    CellKind::NoHours => no_hours.push((row, t)),
                    CellKind::Closed => closed += 1,
                    CellKind::Utilization(_) => {}
                }
                pixels.push(kind.color());
            }
        }
        let image = egui::ColorImage::new([periods.max(1), resources.len().max(1)], {
            if pixels.is_empty() {
                vec![Color32::TRANSPARENT]
            } else {
                pixels
            }
        });
        let texture =
            ctx.load_texture("utilisation-heat-map", image, egui::TextureOptions::NEAREST);
        HeatMap {
            revision,
            texture,
            periods,
            no_hours,
            closed,
        }
    }

    /// The analysis this heat-map was drawn for.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Cells with load but no available hours.
    pub fn no_hours_cells(&self) -> usize {
        self.no_hours.len()
    }

    /// Cells with neither hours nor load.
    pub fn closed_cells(&self) -> usize {
        self.closed
    }

    /// Draws the labels, the map with its hatching and hover text, and the legend.
    pub fn ui(
        &self,
        ui: &mut egui::Ui,
        resources: &[ResourceLoad],
        bottleneck: Option<&str>,
        settings: &PlanSettings,
    ) {
        if self.periods == 0 || resources.is_empty() {
            return;
        }
        let width = (ui.available_width() - LABEL_WIDTH).max(100.0);
        let height = ROW_HEIGHT * resources.len() as f32;
        ui.horizontal(|ui| {
            labels_ui(ui, resources, bottleneck, height);
            let image = egui::Image::new((self.texture.id(), egui::vec2(width, height)))
                .sense(egui::Sense::hover());
            let response = ui.add(image);
            self.hatch_ui(ui, response.rect);
            if let Some(pointer) = response.hover_pos() {
                let column =
                    ((pointer.x - response.rect.left()) / width * self.periods as f32) as usize;
                let row = ((pointer.y - response.rect.top()) / ROW_HEIGHT) as usize;
                if let Some(resource) = resources.get(row)
                    && column < resource.load.len()
                {
                    response.on_hover_text(cell_text(resource, column, settings));
                }
            }
        });
        self.legend_ui(ui);
    }

    /// Stripes over the "no hours" cells in view (the list is row-major, so the rows in view
    /// are a contiguous run found by binary search).
    fn hatch_ui(&self, ui: &egui::Ui, map: egui::Rect) {
        let visible = ui.clip_rect().intersect(map);
        if !visible.is_positive() || self.no_hours.is_empty() {
            return;
        }
        let first_row = ((visible.top() - map.top()) / ROW_HEIGHT).floor().max(0.0) as usize;
        let last_row = ((visible.bottom() - map.top()) / ROW_HEIGHT).ceil() as usize;
        let start = self.no_hours.partition_point(|&(row, _)| row < first_row);
        let end = self.no_hours.partition_point(|&(row, _)| row <= last_row);
        let cell_width = map.width() / self.periods as f32;
        for &(row, t) in self.no_hours.get(start..end).unwrap_or(&[]) {
            let cell = egui::Rect::from_min_size(
                egui::pos2(
                    map.left() + t as f32 * cell_width,
                    map.top() + row as f32 * ROW_HEIGHT,
                ),
                egui::vec2(cell_width, ROW_HEIGHT),
            );
            hatch(&ui.painter().with_clip_rect(cell.intersect(visible)), cell);
        }
    }

    /// The colour scale, the "no hours" and "closed" swatches with their counts.
    fn legend_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(RichText::new("0 %").small());
            let (rect, _) =
                ui.allocate_exact_size(egui::vec2(SCALE_WIDTH, SWATCH), egui::Sense::hover());
            let painter = ui.painter_at(rect);
            let steps = 60;
            for k in 0..steps {
                let left = rect.left() + rect.width() * k as f32 / steps as f32;
                let right = rect.left() + rect.width() * (k + 1) as f32 / steps as f32;
                let utilization = SCALE_TOP * (k as f64 + 0.5) / steps as f64;
                painter.rect_filled(
                    egui::Rect::from_x_y_ranges(left..=right, rect.y_range()),
                    0.0,
                    utilization_color(utilization),
                );
            }
            // The 100 % mark, two thirds along the scale.
            let hundred = rect.left() + rect.width() * (1.0 / SCALE_TOP) as f32;
            painter.vline(
                hundred,
                rect.y_range(),
                egui::Stroke::new(1.0, Color32::BLACK),
            );
            ui.label(RichText::new("150 %+").small());
            ui.add_space(16.0);
            swatch(ui, NO_HOURS_COLOR, true);
            ui.label(RichText::new(format!("no hours ({})", self.no_hours.len())).small())
                .on_hover_text("load to do but no available hours (a shutdown with work planned)");
            ui.add_space(8.0);
            swatch(ui, CLOSED_COLOR, false);
            ui.label(RichText::new(format!("closed ({})", self.closed)).small())
                .on_hover_text("no available hours and no load");
        });
        ui.label(
            RichText::new(
                "white = idle, amber = 100 % loaded (the mark), red = overloaded; no hours = load \
                 but no available hours; closed = neither hours nor load",
            )
            .small()
            .weak(),
        );
    }
}

/// A small square of `color`, hatched like the "no hours" cells when `hatched`.
fn swatch(ui: &mut egui::Ui, color: Color32, hatched: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(SWATCH, SWATCH), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, color);
    if hatched {
        hatch(&painter, rect);
    }
}

/// Diagonal stripes across `cell` (the painter clips them to it).
fn hatch(painter: &egui::Painter, cell: egui::Rect) {
    let stroke = egui::Stroke::new(1.5, HATCH_COLOR);
    let mut x = cell.left() - cell.height();
    while x < cell.right() {
        painter.line_segment(
            [
                egui::pos2(x, cell.bottom()),
                egui::pos2(x + cell.height(), cell.top()),
            ],
            stroke,
        );
        x += HATCH_STEP;
    }
}

/// The hover text of a cell: `ROLL in 2026-W11: 45.3 % (16.3 of 36.0 h)`, with `no hours` or
/// `closed` for the utilisation, and the reason of a period with fewer hours than normal.
fn cell_text(resource: &ResourceLoad, t: usize, settings: &PlanSettings) -> String {
    let load = resource.load.get(t).copied().unwrap_or_default();
    let available = resource.available.get(t).copied().unwrap_or_default();
    let shown = match CellKind::of(resource, t) {
        CellKind::Utilization(utilization) => format::percent(utilization),
        CellKind::NoHours => "no hours".to_string(),
        CellKind::Closed => "closed".to_string(),
    };
    let period = t as i64 + 1;
    let text = format!(
        "{} in {}: {} ({} of {} h)",
        resource.code,
        format::period_label(settings, period),
        shown,
        format::number(load, 1),
        format::number(available, 1)
    );
    match reduced_reason(resource, period) {
        Some(reason) => format!("{text}, {reason}"),
        None => text,
    }
}

/// The resource codes left of the heat-map, one per row. Only the rows inside the visible part
/// of the page are painted: a plan with a thousand resources would otherwise lay out a thousand
/// labels every frame.
fn labels_ui(ui: &mut egui::Ui, resources: &[ResourceLoad], bottleneck: Option<&str>, height: f32) {
    let (rect, _) =
        ui.allocate_exact_size(egui::vec2(LABEL_WIDTH - 8.0, height), egui::Sense::hover());
    let visible = ui.clip_rect().intersect(rect);
    if !visible.is_positive() {
        return;
    }
    let first = ((visible.top() - rect.top()) / ROW_HEIGHT).floor().max(0.0) as usize;
    let last = ((visible.bottom() - rect.top()) / ROW_HEIGHT).ceil() as usize;
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
        let centre_y = rect.top() + (row as f32 + 0.5) * ROW_HEIGHT;
        painter.text(
            egui::pos2(rect.left(), centre_y),
            egui::Align2::LEFT_CENTER,
            &resource.code,
            font.clone(),
            color,
        );
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

    #[test]
    fn cells_without_hours_are_no_hours_with_load_and_closed_without() {
        // Periods: 40 h with 20 h of load; 0 h with 4 h of load; 0 h and no load.
        let resource = ResourceLoad {
            code: "PRESS".into(),
            available: vec![40.0, 0.0, 0.0],
            load: vec![20.0, 4.0, 0.0],
            utilization: vec![Some(0.5), None, Some(0.0)],
            ..ResourceLoad::default()
        };
        assert_eq!(CellKind::of(&resource, 0), CellKind::Utilization(0.5));
        assert_eq!(CellKind::of(&resource, 1), CellKind::NoHours);
        assert_eq!(CellKind::of(&resource, 2), CellKind::Closed);
        // The three colours differ from each other and from every colour of the scale's ends.
        let colors = [0.5, 0.0, 1.0, 1.5].map(utilization_color);
        for special in [NO_HOURS_COLOR, CLOSED_COLOR] {
            assert!(!colors.contains(&special));
        }
        assert_ne!(NO_HOURS_COLOR, CLOSED_COLOR);
        let settings = PlanSettings {
            start_date: Some("2026-03-02".into()),
            ..PlanSettings::default()
        };
        assert_eq!(
            cell_text(&resource, 1, &settings),
            "PRESS in 2026-W11: no hours (4.0 of 0.0 h)"
        );
        assert_eq!(
            cell_text(&resource, 2, &settings),
            "PRESS in 2026-W12: closed (0.0 of 0.0 h)"
        );
        assert_eq!(
            cell_text(&resource, 0, &settings),
            "PRESS in 2026-W10: 50.0 % (20.0 of 40.0 h)"
        );
    }
}
