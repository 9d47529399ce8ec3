//! Defects and yield: the Pareto of defect types and rolled throughput yield beside COPQ.

use eframe::egui::{self, Color32};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, HLine, Legend, Line, LineStyle, Plot, Points};

use super::*;

/// Pareto of defect types (share of all defects with the cumulative % line) and RTY per item
/// beside COPQ.
pub(super) fn defects_and_yield_ui(
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
pub(super) fn rty_table_ui(ui: &mut egui::Ui, rows: &[(String, f64, Option<f64>)], currency: &str) {
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

pub(super) fn pareto_plot_ui(ui: &mut egui::Ui, quality: &QualityResults) {
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
