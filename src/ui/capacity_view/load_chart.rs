//! The load chart of one resource on the Capacity page: load bars against the available hours
//! (a step line), the available + overtime line where the resource may work overtime, shaded
//! bands behind the periods with fewer hours (holiday, maintenance, shutdown), and the list of
//! those periods under the chart. Everything is built once per analysis and resource
//! ([`LoadChart`]); a frame only hands the stored series to the plot.

use std::sync::Arc;

use eframe::egui::{self, Color32, RichText};
use egui_plot::{Bar, BarChart, Corner, Legend, Line, LineStyle, Plot, PlotPoint, PlotPoints};

use super::super::{format, style};
use crate::analytics::availability::{ReducedPeriod, Reduction};
use crate::analytics::capacity::ResourceLoad;
use crate::domain::PlanSettings;

/// Bar colour of a period within capacity.
const LOAD_COLOR: Color32 = style::SERIES_BLUE;
/// The available + overtime line (as on the Level the plan page).
const OVERTIME_COLOR: Color32 = style::SERIES_PURPLE;
/// Loads above available by more than this many hours are drawn red.
const OVER_TOLERANCE: f64 = 1e-9;
/// Room above the highest bar or line, for the legend.
const HEADROOM: f64 = 1.3;
/// Most lines of the calendar list shown before it scrolls.
const CALENDAR_LIST_HEIGHT: f32 = 90.0;

/// The kinds of reduced periods in legend order.
const REDUCTIONS: [Reduction; 3] = [
    Reduction::Holiday,
    Reduction::Maintenance,
    Reduction::Shutdown,
];

/// The fill of the band behind a reduced period (light enough for the bars to stay readable).
fn band_color(reduction: Reduction) -> Color32 {
    match reduction {
        Reduction::Holiday => Color32::from_rgba_unmultiplied(240, 170, 70, 70),
        Reduction::Maintenance => Color32::from_rgba_unmultiplied(120, 140, 220, 70),
        Reduction::Shutdown => Color32::from_rgba_unmultiplied(110, 110, 110, 90),
    }
}

/// What a reduced period is called on the page, with the calendar's share when it is below 1:
/// `holiday, calendar 0.8`, `maintenance`, `shutdown`.
fn reason(period: &ReducedPeriod) -> String {
    if period.working_share < 1.0 {
        format!(
            "{}, calendar {}",
            period.reduction.as_str(),
            (period.working_share * 100.0).round() / 100.0
        )
    } else {
        period.reduction.as_str().to_string()
    }
}

/// The line of a reduced period in the calendar list and the band's hover text:
/// `2026-W15 (holiday, calendar 0.8): 27.2 of 34 h`, and for a period with load but no hours
/// `2026-W12 (shutdown): 0 of 32 h, 5.2 h of load: no hours`.
fn reduced_period_text(settings: &PlanSettings, period: &ReducedPeriod, load: f64) -> String {
    let text = format!(
        "{} ({}): {} of {} h",
        format::period_label(settings, period.period),
        reason(period),
        format::hours(period.available),
        format::hours(period.normal)
    );
    if period.available <= 0.0 && load > 0.0 {
        format!("{text}, {} h of load: no hours", format::hours(load))
    } else {
        text
    }
}

/// The reason of a heat-map cell's period for its hover text (`holiday, calendar 0.8`), if the
/// period is reduced.
pub(super) fn reduced_reason(resource: &ResourceLoad, period: i64) -> Option<String> {
    resource
        .reduced
        .iter()
        .find(|p| p.period == period)
        .map(reason)
}

/// The chart series and texts of one resource for one analysis.
pub struct LoadChart {
    revision: u64,
    code: String,
    labels: Arc<[String]>,
    bars: Vec<Bar>,
    available: Vec<PlotPoint>,
    with_overtime: Option<Vec<PlotPoint>>,
    most_overtime: f64,
    bands: Vec<(Reduction, Vec<Bar>)>,
    calendar: Vec<String>,
    normal: Option<f64>,
    top: f64,
}

/// The points of a step line: each period's value held from `t − 0.5` to `t + 0.5`.
fn steps(values: impl Iterator<Item = f64>) -> Vec<PlotPoint> {
    values
        .enumerate()
        .flat_map(|(t, v)| {
            [
                PlotPoint::new(t as f64 + 0.5, v),
                PlotPoint::new(t as f64 + 1.5, v),
            ]
        })
        .collect()
}

impl LoadChart {
    /// Builds the chart of `resource` for the analysis `revision`.
    pub fn new(revision: u64, resource: &ResourceLoad, settings: &PlanSettings) -> LoadChart {
        let labels: Arc<[String]> = (1..=resource.load.len())
            .map(|p| format::period_label(settings, p as i64))
            .collect();
        let bars = (resource.load.iter().enumerate())
            .map(|(t, &load)| {
                let available = resource.available.get(t).copied().unwrap_or_default();
                let color = if load > available + OVER_TOLERANCE {
                    style::ERROR
                } else {
                    LOAD_COLOR
                };
                let name = labels.get(t).cloned().unwrap_or_default();
                Bar::new(t as f64 + 1.0, load).name(name).fill(color)
            })
            .collect();
        let with_overtime: Vec<f64> = (resource.available.iter())
            .zip(resource.overtime.iter().chain(std::iter::repeat(&0.0)))
            .map(|(available, overtime)| available + overtime)
            .collect();
        let most_overtime = resource.overtime.iter().copied().fold(0.0, f64::max);
        let top = (resource.load.iter().chain(&with_overtime))
            .chain(resource.reduced.iter().map(|p| &p.normal))
            .copied()
            .fold(0.0, f64::max)
            * HEADROOM;
        let load_in = |period: i64| {
            usize::try_from(period - 1)
                .ok()
                .and_then(|t| resource.load.get(t))
                .copied()
                .unwrap_or(0.0)
        };
        let bands = REDUCTIONS
            .iter()
            .map(|&reduction| {
                let bars = (resource.reduced.iter())
                    .filter(|p| p.reduction == reduction)
                    .map(|p| {
                        let text = reduced_period_text(settings, p, load_in(p.period));
                        Bar::new(p.period as f64, top)
                            .width(1.0)
                            .name(text)
                            .fill(band_color(reduction))
                            .stroke(egui::Stroke::NONE)
                    })
                    .collect::<Vec<Bar>>();
                (reduction, bars)
            })
            .filter(|(_, bars)| !bars.is_empty())
            .collect();
        let calendar = (resource.reduced.iter())
            .map(|p| reduced_period_text(settings, p, load_in(p.period)))
            .collect();
        LoadChart {
            revision,
            code: resource.code.clone(),
            labels,
            bars,
            available: steps(resource.available.iter().copied()),
            with_overtime: (most_overtime > 0.0).then(|| steps(with_overtime.into_iter())),
            most_overtime,
            bands,
            calendar,
            normal: resource.reduced.first().map(|p| p.normal),
            top,
        }
    }

    /// Whether this chart was built for `resource` in the analysis `revision`.
    pub fn is_for(&self, revision: u64, resource: &str) -> bool {
        self.revision == revision && self.code == resource
    }

    /// The resource drawn.
    pub fn resource(&self) -> &str {
        &self.code
    }

    /// The points of the available-hours step line.
    pub fn available_line(&self) -> &[PlotPoint] {
        &self.available
    }

    /// The points of the available + overtime step line; `None` when the resource has no
    /// overtime in any period.
    pub fn overtime_line(&self) -> Option<&[PlotPoint]> {
        self.with_overtime.as_deref()
    }

    /// The lines of the calendar list: one per period with fewer hours than normal.
    pub fn calendar(&self) -> &[String] {
        &self.calendar
    }

    /// Draws the chart, the overtime caption and the calendar list.
    pub fn ui(&self, ui: &mut egui::Ui, settings: &PlanSettings) {
        let labels = Arc::clone(&self.labels);
        Plot::new(("capacity-chart", self.code.as_str()))
            .height(230.0)
            .legend(Legend::default().position(Corner::LeftTop))
            .x_axis_label(format!("period ({})", settings.period_unit.as_str()))
            .y_axis_label("hours per period")
            .x_axis_formatter(move |mark, _| format::category_tick(&labels, mark.value))
            .include_y(0.0)
            .include_y(self.top)
            .allow_scroll(false)
            .show(ui, |plot| {
                for (reduction, bars) in &self.bands {
                    plot.add(
                        BarChart::new(reduction.as_str(), bars.clone())
                            .color(band_color(*reduction))
                            .element_formatter(Box::new(|bar, _| bar.name.clone())),
                    );
                }
                plot.add(
                    BarChart::new("load", self.bars.clone())
                        .color(LOAD_COLOR)
                        .width(0.7)
                        .element_formatter(Box::new(|bar, _| {
                            format!("{}: load {} h", bar.name, format::number(bar.value, 1))
                        })),
                );
                plot.add(
                    Line::new("available", PlotPoints::from(self.available.as_slice()))
                        .color(style::GOOD)
                        .width(2.0)
                        // A line that dips (a holiday week) is a line, not a filled band.
                        .allow_band(false),
                );
                if let Some(points) = &self.with_overtime {
                    plot.add(
                        Line::new("available + overtime", PlotPoints::from(points.as_slice()))
                            .color(OVERTIME_COLOR)
                            .width(1.5)
                            .style(LineStyle::dashed_loose())
                            .allow_band(false),
                    );
                }
            });
        if self.with_overtime.is_some() {
            ui.label(
                RichText::new(format!(
                    "Dashed line: available + overtime ({} may add up to {} h a {})",
                    self.code,
                    format::hours(self.most_overtime),
                    settings.period_unit.as_str()
                ))
                .small()
                .weak(),
            );
        }
        self.calendar_ui(ui);
    }

    /// The periods with fewer hours than normal, one line each (scrolling past a few).
    fn calendar_ui(&self, ui: &mut egui::Ui) {
        let (Some(normal), false) = (self.normal, self.calendar.is_empty()) else {
            ui.label(
                RichText::new(format!(
                    "Calendar: no holiday, maintenance or shutdown for {}.",
                    self.code
                ))
                .weak(),
            );
            return;
        };
        ui.label(
            RichText::new(format!(
                "Calendar: periods of {} with fewer than its normal {} h ({})",
                self.code,
                format::hours(normal),
                self.calendar.len()
            ))
            .strong(),
        );
        let row_height = ui.text_style_height(&egui::TextStyle::Body);
        egui::ScrollArea::vertical()
            .id_salt("capacity-calendar")
            .max_height(CALENDAR_LIST_HEIGHT)
            .show_rows(ui, row_height, self.calendar.len(), |ui, rows| {
                for line in self.calendar.get(rows).unwrap_or(&[]) {
                    ui.label(line);
                }
            });
    }
}
