//! OEE page (DESIGN.md §8): availability, performance, quality and OEE per resource as bars
//! against the world-class 85 % line, the OEE trend per period, the downtime Pareto for all
//! resources or one, the planned-versus-measured efficiency table with "Plan with measured
//! efficiency" (one undoable edit of the resource's efficiency), measured quality against the
//! routing yields, and the editors of the production_log and downtime tables.
//!
//! Every figure comes from the cached analysis; the view only draws it and emits [`Command`]s.

use eframe::egui::{self, Color32, RichText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, HLine, Legend, Line, LineStyle, Plot, Points};

use super::Navigate;
use super::format;
use super::page::{PageContext, PageView};
use super::problems;
use super::table_editor::TableEditor;
use crate::analytics::oee::{
    DowntimeBar, OeeResults, ResourceOee, WORLD_CLASS_OEE, downtime_pareto_of,
};
use crate::analytics::{Analysis, AnalysisError};
use crate::app::{Command, Document, TableKind};
use crate::domain::PlanSettings;

/// Bar colours of availability, performance, quality and OEE.
const FACTOR_COLORS: [Color32; 4] = [
    Color32::from_rgb(90, 140, 210),
    Color32::from_rgb(230, 145, 56),
    Color32::from_rgb(106, 168, 79),
    Color32::from_rgb(142, 100, 195),
];
/// Line colours of the resources in the OEE trend, in turn.
const TREND_COLORS: [Color32; 6] = [
    Color32::from_rgb(90, 140, 210),
    Color32::from_rgb(230, 145, 56),
    Color32::from_rgb(106, 168, 79),
    Color32::from_rgb(142, 100, 195),
    Color32::from_rgb(70, 180, 180),
    Color32::from_rgb(200, 170, 40),
];
/// Colour of the world-class reference line and of findings.
const REFERENCE_COLOR: Color32 = Color32::from_rgb(200, 60, 60);
/// Top of the factor chart's y axis (%): room above 100 % for the legend.
const LEGEND_HEADROOM: f64 = 175.0;
/// Height of each chart in points.
const CHART_HEIGHT: f32 = 230.0;
/// Most resources drawn in the bar chart and the trend (the lowest OEE first when more).
const CHART_RESOURCES: usize = 12;
/// Height of one table row.
const ROW_HEIGHT: f32 = 22.0;
/// Most table rows shown without scrolling.
const TABLE_ROWS_SHOWN: usize = 12;

/// The three tabs of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OeeTab {
    /// Charts and tables computed from the log.
    #[default]
    Dashboard,
    /// The production_log editor.
    ProductionLog,
    /// The downtime editor.
    Downtime,
}

/// The downtime Pareto of one resource, kept until the plan changes.
struct CachedPareto {
    revision: u64,
    resource: String,
    bars: Vec<DowntimeBar>,
}

/// State of the OEE page.
pub struct OeeView {
    tab: OeeTab,
    /// Resource whose downtime Pareto is shown; `None` = all resources.
    pareto_resource: Option<String>,
    pareto_cache: Option<CachedPareto>,
    log_editor: TableEditor,
    downtime_editor: TableEditor,
}

impl Default for OeeView {
    fn default() -> Self {
        OeeView {
            tab: OeeTab::Dashboard,
            pareto_resource: None,
            pareto_cache: None,
            log_editor: TableEditor::new(TableKind::ProductionLog),
            downtime_editor: TableEditor::new(TableKind::Downtime),
        }
    }
}

impl OeeView {
    /// Shows the editor of `table` (production_log or downtime) with row `row` selected; false
    /// for any other table.
    pub fn reveal(&mut self, table: TableKind, row: Option<usize>) -> bool {
        let (tab, editor) = match table {
            TableKind::ProductionLog => (OeeTab::ProductionLog, &mut self.log_editor),
            TableKind::Downtime => (OeeTab::Downtime, &mut self.downtime_editor),
            _ => return false,
        };
        self.tab = tab;
        if let Some(row) = row {
            editor.reveal_row(row);
        }
        true
    }

    /// Draws the page; plan edits go into `out`; returns a navigation request (to the problems
    /// when the plan is invalid).
    pub fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        out: &mut Vec<Command>,
    ) -> Option<Navigate> {
        ui.horizontal(|ui| {
            for (tab, label) in [
                (OeeTab::Dashboard, "OEE and downtime"),
                (OeeTab::ProductionLog, "Production log"),
                (OeeTab::Downtime, "Downtime reasons"),
            ] {
                if ui.selectable_label(self.tab == tab, label).clicked() {
                    self.tab = tab;
                }
            }
        });
        ui.separator();
        match self.tab {
            OeeTab::ProductionLog => {
                self.log_editor.editor_ui(ui, doc, None, out);
                None
            }
            OeeTab::Downtime => {
                self.downtime_editor.editor_ui(ui, doc, None, out);
                None
            }
            OeeTab::Dashboard => self.dashboard_ui(ui, doc, out),
        }
    }

    fn dashboard_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        out: &mut Vec<Command>,
    ) -> Option<Navigate> {
        let analysis: &Analysis = match doc.analysis() {
            Some(Ok(analysis)) => analysis,
            Some(Err(AnalysisError::Invalid(report))) => {
                let needs = "the OEE page needs";
                return problems::invalid_plan_ui(ui, report.problems.len(), needs);
            }
            None => return None,
        };
        let oee = &analysis.oee;
        if oee.resources.is_empty() && oee.downtime_pareto.is_empty() {
            ui.label(
                "No production log yet. Paste runs (resource, period, planned and down minutes, \
                 ideal cycle, counts) into the Production log tab and stop reasons into Downtime \
                 reasons to measure availability, performance and quality.",
            );
            return None;
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                messages_ui(ui, oee);
                if !oee.resources.is_empty() {
                    let shown = lowest_first(oee, CHART_RESOURCES);
                    if shown.len() < oee.resources.len() {
                        ui.label(format!(
                            "The charts show the {} resources with the lowest OEE of {}.",
                            shown.len(),
                            oee.resources.len()
                        ));
                    }
                    ui.columns(2, |columns| {
                        columns[0].label(RichText::new("OEE factors by resource").strong());
                        factors_chart_ui(&mut columns[0], &shown);
                        columns[1].label(RichText::new("OEE per period").strong());
                        trend_chart_ui(&mut columns[1], &shown, &doc.plan().settings);
                    });
                    ui.add_space(8.0);
                    ui.label(RichText::new("Planned against measured efficiency").strong());
                    efficiency_table_ui(ui, doc, oee, out);
                }
                if !oee.item_quality.is_empty() {
                    ui.add_space(8.0);
                    ui.label(RichText::new("Measured quality against routing yields").strong());
                    quality_table_ui(ui, oee);
                }
                if !doc.plan().downtime.is_empty() {
                    ui.add_space(8.0);
                    self.pareto_ui(ui, doc, oee);
                }
            });
        None
    }

    fn pareto_ui(&mut self, ui: &mut egui::Ui, doc: &Document, oee: &OeeResults) {
        ui.horizontal(|ui| {
            ui.label(RichText::new("Downtime by reason").strong());
            let selected = self
                .pareto_resource
                .clone()
                .unwrap_or_else(|| "All resources".to_string());
            let inner = egui::ComboBox::from_id_salt("oee-pareto-resource")
                .selected_text(selected)
                .height(320.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.pareto_resource, None, "All resources");
                    for resource in &doc.plan().resources {
                        let code = Some(resource.code.clone());
                        ui.selectable_value(&mut self.pareto_resource, code, &resource.code);
                    }
                });
            ui.ctx().accesskit_node_builder(inner.response.id, |node| {
                node.set_label("Downtime of".to_string());
            });
        });
        let bars: &[DowntimeBar] = match &self.pareto_resource {
            None => &oee.downtime_pareto,
            Some(code) => {
                let fresh = self
                    .pareto_cache
                    .as_ref()
                    .is_some_and(|c| c.revision == doc.revision() && &c.resource == code);
                if !fresh {
                    self.pareto_cache = Some(CachedPareto {
                        revision: doc.revision(),
                        resource: code.clone(),
                        bars: downtime_pareto_of(doc.plan(), Some(code)),
                    });
                }
                self.pareto_cache.as_ref().map_or(&[], |c| &c.bars)
            }
        };
        if bars.is_empty() {
            ui.label("No downtime rows for this resource.");
            return;
        }
        pareto_chart_ui(ui, bars);
    }
}

/// The resources with log rows, the `limit` lowest OEE first when there are more (those
/// without an OEE last), in plan order.
fn lowest_first(oee: &OeeResults, limit: usize) -> Vec<&ResourceOee> {
    let mut shown: Vec<(usize, &ResourceOee)> = oee.resources.iter().enumerate().collect();
    if shown.len() > limit {
        let key = |r: &ResourceOee| r.factors.oee.unwrap_or(f64::INFINITY);
        shown.sort_by(|a, b| key(a.1).total_cmp(&key(b.1)).then(a.0.cmp(&b.0)));
        shown.truncate(limit);
        shown.sort_by_key(|(position, _)| *position);
    }
    shown.into_iter().map(|(_, r)| r).collect()
}

fn messages_ui(ui: &mut egui::Ui, oee: &OeeResults) {
    for message in oee.messages.iter().take(TABLE_ROWS_SHOWN) {
        ui.colored_label(REFERENCE_COLOR, message);
    }
    if oee.messages.len() > TABLE_ROWS_SHOWN {
        ui.label(format!(
            "and {} more findings",
            oee.messages.len() - TABLE_ROWS_SHOWN
        ));
    }
}

/// A category axis: the label of bar `k` at x = k + 1 (also the Level the plan page's periods).
pub(super) fn category_axis(
    labels: Vec<String>,
) -> impl Fn(egui_plot::GridMark, &std::ops::RangeInclusive<f64>) -> String {
    move |mark, _| format::category_tick(&labels, mark.value)
}

fn factors_chart_ui(ui: &mut egui::Ui, resources: &[&ResourceOee]) {
    let names = ["Availability", "Performance", "Quality", "OEE"];
    let charts: Vec<BarChart> = names
        .iter()
        .enumerate()
        .map(|(f, name)| {
            let bars = resources
                .iter()
                .enumerate()
                .filter_map(|(k, r)| {
                    let factors = &r.factors;
                    let value = [
                        factors.availability,
                        factors.performance,
                        factors.quality,
                        factors.oee,
                    ][f]?;
                    let x = k as f64 + 1.0 + (f as f64 - 1.5) * 0.2;
                    Some(
                        Bar::new(x, value * 100.0)
                            .width(0.19)
                            .fill(FACTOR_COLORS[f])
                            .name(format!("{} {name}: {}", r.code, format::percent(value))),
                    )
                })
                .collect();
            BarChart::new(*name, bars).color(FACTOR_COLORS[f])
        })
        .collect();
    let codes = resources.iter().map(|r| r.code.clone()).collect();
    Plot::new("oee-factors")
        .height(CHART_HEIGHT)
        .legend(Legend::default().position(egui_plot::Corner::RightTop))
        .y_axis_label("%")
        .x_axis_formatter(category_axis(codes))
        .include_y(0.0)
        .include_y(LEGEND_HEADROOM)
        .allow_scroll(false)
        .show(ui, |plot| {
            for chart in charts {
                plot.add(chart);
            }
            plot.add(
                HLine::new("world class 85 %", WORLD_CLASS_OEE * 100.0)
                    .color(REFERENCE_COLOR)
                    .style(LineStyle::dashed_loose()),
            );
        });
}

fn trend_chart_ui(ui: &mut egui::Ui, resources: &[&ResourceOee], settings: &PlanSettings) {
    let settings = settings.clone();
    Plot::new("oee-trend")
        .height(CHART_HEIGHT)
        .x_axis_formatter(move |mark, _| {
            let period = mark.value.round();
            if (mark.value - period).abs() < 1e-6 {
                format::period_label(&settings, period as i64)
            } else {
                String::new()
            }
        })
        .legend(Legend::default().position(egui_plot::Corner::RightBottom))
        .x_axis_label("period")
        .y_axis_label("OEE %")
        .include_y(0.0)
        .include_y(100.0)
        .allow_scroll(false)
        .show(ui, |plot| {
            for (k, resource) in resources.iter().enumerate() {
                let color = TREND_COLORS[k % TREND_COLORS.len()];
                // A period without an OEE (no running time) breaks the line into pieces.
                let mut piece: Vec<[f64; 2]> = Vec::new();
                let mut pieces = Vec::new();
                for period in &resource.periods {
                    match period.factors.oee {
                        Some(value) => piece.push([period.period as f64, value * 100.0]),
                        None => pieces.push(std::mem::take(&mut piece)),
                    }
                }
                pieces.push(piece);
                for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
                    plot.add(Line::new(resource.code.as_str(), piece.clone()).color(color));
                    plot.add(
                        Points::new(resource.code.as_str(), piece)
                            .color(color)
                            .radius(2.5),
                    );
                }
            }
            plot.add(
                HLine::new("world class 85 %", WORLD_CLASS_OEE * 100.0)
                    .color(REFERENCE_COLOR)
                    .style(LineStyle::dashed_loose()),
            );
        });
}

fn pareto_chart_ui(ui: &mut egui::Ui, bars: &[DowntimeBar]) {
    let chart_bars: Vec<Bar> = bars
        .iter()
        .enumerate()
        .map(|(k, bar)| {
            Bar::new(k as f64 + 1.0, bar.minutes)
                .width(0.7)
                .fill(FACTOR_COLORS[0])
                .name(format!(
                    "{}: {} min",
                    bar.reason,
                    format::quantity(bar.minutes)
                ))
        })
        .collect();
    let top = bars.iter().map(|b| b.minutes).fold(0.0, f64::max).max(1.0);
    // The cumulative % is drawn on the minutes scale: 100 % at the height of the largest bar.
    let cumulative: Vec<[f64; 2]> = bars
        .iter()
        .enumerate()
        .map(|(k, bar)| [k as f64 + 1.0, bar.cum_pct / 100.0 * top])
        .collect();
    let reasons = bars.iter().map(|b| b.reason.clone()).collect();
    ui.label(format!(
        "Cumulative share (orange, 100 % = {} min at the top): {}",
        format::quantity(top),
        bars.iter()
            .map(|b| format!("{} {:.1} %", b.reason, b.cum_pct))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    Plot::new("oee-downtime-pareto")
        .height(CHART_HEIGHT)
        .legend(Legend::default().position(egui_plot::Corner::RightTop))
        .y_axis_label("minutes")
        .x_axis_formatter(category_axis(reasons))
        .include_y(0.0)
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.add(BarChart::new("minutes", chart_bars).color(FACTOR_COLORS[0]));
            plot.add(Line::new("cumulative %", cumulative.clone()).color(FACTOR_COLORS[1]));
            plot.add(
                Points::new("cumulative %", cumulative)
                    .color(FACTOR_COLORS[1])
                    .radius(3.0),
            );
        });
}

/// "85 %" or "—" for a missing value.
fn share_text(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), format::percent)
}

/// The label of the button that plans a resource with its measured efficiency.
pub const PLAN_WITH_MEASURED: &str = "Plan with measured efficiency";

fn efficiency_table_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    oee: &OeeResults,
    out: &mut Vec<Command>,
) {
    let plan = doc.plan();
    let efficiency_column = TableKind::Resources.column_index("efficiency");
    let rows = oee.resources.len();
    let height = ROW_HEIGHT * (rows.min(TABLE_ROWS_SHOWN) as f32 + 1.5);
    ui.push_id("oee-efficiency", |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .max_scroll_height(height)
            .columns(Column::auto().at_least(70.0), 7)
            .column(Column::remainder().at_least(220.0))
            .header(ROW_HEIGHT, |mut header| {
                for title in [
                    "Resource",
                    "Planned efficiency",
                    "Measured",
                    "Availability",
                    "Performance",
                    "Quality",
                    "OEE",
                    "",
                ] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, rows, |mut row| {
                    let Some(resource) = oee.resources.get(row.index()) else {
                        return;
                    };
                    let factors = &resource.factors;
                    row.col(|ui| {
                        ui.label(&resource.code);
                    });
                    row.col(|ui| {
                        ui.label(format::percent(resource.planned_efficiency));
                    });
                    row.col(|ui| {
                        let text = share_text(resource.measured_efficiency);
                        let below = resource
                            .measured_efficiency
                            .is_some_and(|m| resource.planned_efficiency - m > 0.05 + 1e-9);
                        if below {
                            ui.colored_label(REFERENCE_COLOR, text);
                        } else {
                            ui.label(text);
                        }
                    });
                    for value in [factors.availability, factors.performance, factors.quality] {
                        row.col(|ui| {
                            ui.label(share_text(value));
                        });
                    }
                    row.col(|ui| {
                        ui.label(share_text(factors.oee));
                    });
                    row.col(|ui| {
                        let row_index = plan.resources.iter().position(|r| r.code == resource.code);
                        let measured = resource.plannable_efficiency();
                        match (measured, row_index, efficiency_column) {
                            (Some(measured), Some(row_index), Some(column))
                                if measured != resource.planned_efficiency =>
                            {
                                let button = ui.button(PLAN_WITH_MEASURED).on_hover_text(format!(
                                    "Set {}'s efficiency from {} to {} (undo with Ctrl+Z)",
                                    resource.code,
                                    format::percent(resource.planned_efficiency),
                                    format::percent(measured)
                                ));
                                if button.clicked() {
                                    out.push(Command::SetCell {
                                        table: TableKind::Resources,
                                        row: row_index,
                                        column,
                                        text: measured.to_string(),
                                    });
                                }
                            }
                            (Some(_), _, _) => {
                                ui.label("planned with the measured figure");
                            }
                            (None, _, _) => {
                                ui.label("not offered: measured outside (0, 100 %]");
                            }
                        }
                    });
                });
            });
    });
}

fn quality_table_ui(ui: &mut egui::Ui, oee: &OeeResults) {
    let rows = oee.item_quality.len();
    let height = ROW_HEIGHT * (rows.min(TABLE_ROWS_SHOWN) as f32 + 1.5);
    ui.push_id("oee-quality", |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .max_scroll_height(height)
            .columns(Column::auto().at_least(80.0), 6)
            .header(ROW_HEIGHT, |mut header| {
                for title in [
                    "Resource",
                    "Item",
                    "Made",
                    "Good",
                    "Measured quality",
                    "Routing yield",
                ] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, rows, |mut row| {
                    let Some(entry) = oee.item_quality.get(row.index()) else {
                        return;
                    };
                    row.col(|ui| {
                        ui.label(&entry.resource);
                    });
                    row.col(|ui| {
                        ui.label(&entry.item);
                    });
                    row.col(|ui| {
                        ui.label(format::quantity(entry.total_count));
                    });
                    row.col(|ui| {
                        ui.label(format::quantity(entry.good_count));
                    });
                    row.col(|ui| {
                        let below = matches!(
                            (entry.measured_quality, entry.routing_yield),
                            (Some(m), Some(y)) if m < y
                        );
                        let text = share_text(entry.measured_quality);
                        if below {
                            ui.colored_label(REFERENCE_COLOR, text)
                                .on_hover_text("below the routing yield the cost plan uses");
                        } else {
                            ui.label(text);
                        }
                    });
                    row.col(|ui| {
                        ui.label(share_text(entry.routing_yield));
                    });
                });
            });
    });
}

impl PageView for OeeView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        if let Some(target) = self.contents_ui(ui, cx.doc, cx.edits) {
            cx.navigate(target);
        }
    }

    fn reveal(&mut self, _doc: &Document, table: TableKind, row: Option<usize>) -> bool {
        OeeView::reveal(self, table, row)
    }
}
