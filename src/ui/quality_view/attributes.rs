//! Attribute charts: p/np charts of inspection lots and c/u charts of defect counts.

use eframe::egui::{self, RichText};
use egui_plot::{HLine, Line, Plot, Points};

use super::*;

/// The x axis of attribute charts: lot labels at whole positions 1..n.
pub(super) fn lot_axis(
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
pub(super) struct AttributeSeries {
    id: String,
    title: String,
    y_label: String,
    lots: Vec<String>,
    values: Vec<Option<f64>>,
    ucl: Vec<Option<f64>>,
    lcl: Vec<Option<f64>>,
    centre: f64,
}

pub(super) fn attribute_plot_ui(ui: &mut egui::Ui, series: AttributeSeries) {
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
            plot.add(Line::new("UCL", steps(&series.ucl)).color(style::ERROR));
            plot.add(Line::new("LCL", steps(&series.lcl)).color(style::ERROR));
            plot.add(HLine::new("centre", series.centre).color(CENTRE_COLOR));
            plot.add(Line::new("lots", points.clone()).color(SERIES_COLOR));
            plot.add(Points::new("lots", points).color(SERIES_COLOR).radius(2.5));
            plot.add(
                Points::new("outside the limits", outside)
                    .color(style::ERROR)
                    .radius(5.0),
            );
        });
}

pub(super) fn p_chart_ui(ui: &mut egui::Ui, chart: &PChart) {
    let lots = chart.points.iter().map(|p| p.lot.clone()).collect();
    let series = match chart.kind {
        PChartKind::Np => {
            let n = chart.points.first().map_or(0, |p| p.inspected) as f64;
            AttributeSeries {
                id: format!("np-{}", chart.item),
                title: format!(
                    "{}: lots of {}, centre {}",
                    SpcChart::Defectives.title(),
                    format::number(n, 0),
                    format::number(n * chart.p_bar, 2)
                ),
                y_label: SpcChart::Defectives.label().into(),
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
                "{}: centre {} (pooled)",
                SpcChart::FractionDefective.title(),
                format::percent(chart.p_bar)
            ),
            y_label: SpcChart::FractionDefective.label().into(),
            lots,
            values: chart.points.iter().map(|p| Some(p.p)).collect(),
            ucl: chart.points.iter().map(|p| Some(p.ucl)).collect(),
            lcl: chart.points.iter().map(|p| Some(p.lcl)).collect(),
            centre: chart.p_bar,
        },
    };
    attribute_plot_ui(ui, series);
}

pub(super) fn c_chart_ui(ui: &mut egui::Ui, chart: &CChart) {
    let count = chart.points.len();
    attribute_plot_ui(
        ui,
        AttributeSeries {
            id: format!("c-{}", chart.item),
            title: format!(
                "{}: centre {}, UCL {}, LCL {}",
                SpcChart::Defects.title(),
                format::number(chart.center, 2),
                format::number(chart.ucl, 2),
                format::number(chart.lcl, 2)
            ),
            y_label: SpcChart::Defects.label().into(),
            lots: chart.points.iter().map(|p| p.lot.clone()).collect(),
            values: chart.points.iter().map(|p| Some(p.count)).collect(),
            ucl: vec![Some(chart.ucl); count],
            lcl: vec![Some(chart.lcl); count],
            centre: chart.center,
        },
    );
}

pub(super) fn u_chart_ui(ui: &mut egui::Ui, chart: &CChart) {
    let Some(u_bar) = chart.u_bar else {
        let text = format!(
            "No {} chart: no lot of this item has an inspection row.",
            SpcChart::DefectsPerUnit.name()
        );
        ui.label(RichText::new(text).weak());
        return;
    };
    attribute_plot_ui(
        ui,
        AttributeSeries {
            id: format!("u-{}", chart.item),
            title: format!(
                "{}: centre {}",
                SpcChart::DefectsPerUnit.title(),
                format::number(u_bar, 4)
            ),
            y_label: SpcChart::DefectsPerUnit.label().into(),
            lots: chart.points.iter().map(|p| p.lot.clone()).collect(),
            values: chart.points.iter().map(|p| p.u).collect(),
            ucl: chart.points.iter().map(|p| p.u_ucl).collect(),
            lcl: chart.points.iter().map(|p| p.u_lcl).collect(),
            centre: u_bar,
        },
    );
}
