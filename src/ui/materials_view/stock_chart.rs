//! The inventory value of all items per period as bars, with the average as a line and the
//! capital tied in stock (average and peak), holding and ordering cost stated beside the chart.

use eframe::egui::{self, RichText};
use egui_plot::{Bar, BarChart, HLine, Plot};

use super::{format, style};
use crate::analytics::mrp::MrpResults;
use crate::domain::PlanSettings;

/// Height of the chart in points.
const CHART_HEIGHT: f32 = 190.0;
/// Width of the figures beside the chart in points.
const FIGURES_WIDTH: f32 = 230.0;

/// The peak of a series: (0-based period, value); `None` when it is empty.
pub fn peak(values: &[f64]) -> Option<(usize, f64)> {
    values
        .iter()
        .copied()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// The chart and, beside it, the capital tied in stock.
pub fn stock_ui(ui: &mut egui::Ui, material: &MrpResults, settings: &PlanSettings) {
    let currency = settings.currency.as_str();
    ui.label(RichText::new("Inventory value of all items per period").strong());
    ui.horizontal_top(|ui| {
        let chart_width = (ui.available_width() - FIGURES_WIDTH - 12.0).max(200.0);
        ui.allocate_ui(egui::vec2(chart_width, CHART_HEIGHT), |ui| {
            let values = &material.inventory_value;
            let step = label_step(values.len(), chart_width);
            chart_ui(ui, values, material.average_inventory_value, step, settings);
        });
        ui.vertical(|ui| {
            ui.set_width(FIGURES_WIDTH);
            figure_ui(
                ui,
                "Capital tied in stock (average)",
                format::money(material.average_inventory_value, currency),
            );
            if let Some((t, value)) = peak(&material.inventory_value) {
                figure_ui(
                    ui,
                    &format!("Peak, in {}", format::period_label(settings, t as i64 + 1)),
                    format::money(value, currency),
                );
            }
            figure_ui(
                ui,
                "Holding cost over the horizon",
                format::money(material.holding_cost, currency),
            );
            figure_ui(
                ui,
                "Ordering cost over the horizon",
                format::money(material.ordering_cost, currency),
            );
            ui.label(
                RichText::new(
                    "Bars: projected stock × standard unit cost at the end of each period; \
                     orange line: their average.",
                )
                .small()
                .weak(),
            );
        });
    });
}

/// A figure: its name small, its value below.
fn figure_ui(ui: &mut egui::Ui, name: &str, value: String) {
    ui.label(RichText::new(name).small().weak());
    let response = ui.label(RichText::new(&value).strong());
    style::accessible_label(ui, &response, format!("{name}: {value}"));
    ui.add_space(2.0);
}

/// Space a period label needs on the x axis, in points (egui_plot fades labels in from 60 to
/// 80 points apart).
const LABEL_SPACING: f32 = 80.0;

/// Every how many periods the x axis is labelled so that labels of `width / periods` points
/// each stay `LABEL_SPACING` apart: 1, 2 or 4, then 13 (a quarter of weeks) and its doubles.
pub fn label_step(periods: usize, width: f32) -> usize {
    let per_period = width / (periods.max(1) as f32 + 1.0);
    [1, 2, 4, 13, 26, 52]
        .into_iter()
        .chain((1..).map(|n| 104 * n))
        .find(|&step| step as f32 * per_period >= LABEL_SPACING)
        .unwrap_or(1)
}

/// Bars of the inventory value per period and a line at its average; the x axis is labelled
/// every `step` periods.
fn chart_ui(ui: &mut egui::Ui, values: &[f64], average: f64, step: usize, settings: &PlanSettings) {
    let currency = settings.currency.clone();
    let bars: Vec<Bar> = values
        .iter()
        .enumerate()
        .map(|(t, &value)| {
            Bar::new(t as f64 + 1.0, value).name(format::period_label(settings, t as i64 + 1))
        })
        .collect();
    let chart = BarChart::new("inventory value", bars)
        .color(style::SERIES_BLUE)
        .width(0.7)
        .element_formatter(Box::new(move |bar, _| {
            format!("{}: {}", bar.name, format::money(bar.value, &currency))
        }));
    let labels: Vec<String> = (1..=values.len())
        .map(|p| format::period_label(settings, p as i64))
        .collect();
    Plot::new("materials-inventory-value")
        .height(CHART_HEIGHT)
        .x_axis_label(format!("period ({})", settings.period_unit.as_str()))
        .y_axis_label(format!("value ({})", settings.currency))
        .x_axis_formatter(move |mark, _| format::category_tick(&labels, mark.value))
        .x_grid_spacer(egui_plot::uniform_grid_spacer(move |_| {
            let step = step as f64;
            [step, 2.0 * step, 4.0 * step]
        }))
        .include_y(0.0)
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.add(chart);
            plot.add(
                HLine::new("average", average)
                    .color(style::SERIES_ORANGE)
                    .width(2.0),
            );
        });
}
