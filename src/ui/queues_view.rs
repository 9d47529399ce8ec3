//! Queues and staffing page: Erlang C figures of every queue (offered load, P(wait), mean wait,
//! service level at the target wait, utilisation, stability, required servers), the staffing
//! curve of the chosen queue (service level and mean wait against the number of servers), the
//! servers it needs per period against the servers it has, and the queue and arrival editors.

use super::page::{PageContext, PageView};
use super::style;
use eframe::egui::{self, Color32, RichText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Corner, Legend, Line, Plot, PlotPoints};

use super::format;
use super::table_editor::TableEditor;
use crate::analytics::QueueResult;
use crate::analytics::queues::{StaffingPoint, staffing_curve};
use crate::app::{Command, Document, TableKind};
use crate::domain::{Plan, Queue};

/// Headings of the queue table with their initial widths (points).
const HEADINGS: [(&str, f32); 10] = [
    ("Queue", 100.0),
    ("Servers", 64.0),
    ("Load (Erlang)", 100.0),
    ("P(wait)", 70.0),
    ("Mean wait (min)", 100.0),
    ("Service level", 96.0),
    ("Target", 140.0),
    ("Utilisation", 84.0),
    ("Stable", 80.0),
    ("Required servers", 110.0),
];

/// Servers shown beyond the larger of the current and the required count on the staffing curve.
const CURVE_MARGIN: u32 = 4;

/// Most servers the staffing curve draws (a guard against absurd loads).
const MAX_CURVE_SERVERS: u32 = 500;

/// Colours of the service-level and mean-wait curves.
const SERVICE_LEVEL_COLOR: Color32 = style::SERIES_BLUE;
const WAIT_COLOR: Color32 = style::SERIES_ORANGE;
const REQUIRED_COLOR: Color32 = style::SERIES_GREEN;

/// State of the queues page: the queue whose charts are shown and the two editors.
#[derive(Debug, Clone)]
pub struct QueuesView {
    selected: Option<String>,
    editing: TableKind,
    queues: TableEditor,
    arrivals: TableEditor,
}

impl Default for QueuesView {
    fn default() -> Self {
        QueuesView {
            selected: None,
            editing: TableKind::Queues,
            queues: TableEditor::new(TableKind::Queues),
            arrivals: TableEditor::new(TableKind::QueueArrivals),
        }
    }
}

impl QueuesView {
    /// Shows row `row` of the queue or arrivals table in its editor.
    pub fn reveal_row(&mut self, table: TableKind, row: usize) {
        match table {
            TableKind::QueueArrivals => self.arrivals.reveal_row(row),
            _ => self.queues.reveal_row(row),
        }
        self.editing = table;
    }

    /// Draws the figures, the charts and the editors; edits go into `out`.
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        egui::ScrollArea::vertical()
            .id_salt("queues-page")
            .show(ui, |ui| {
                match doc.analysis() {
                    Some(Ok(analysis)) if analysis.queues.is_empty() => {
                        ui.label(
                            RichText::new("The plan has no queues yet: add one below.").weak(),
                        );
                    }
                    Some(Ok(analysis)) => self.figures_ui(ui, doc.plan(), &analysis.queues),
                    Some(Err(_)) => {
                        ui.colored_label(
                            style::ERROR,
                            "The plan has validation problems; queue figures need a valid plan.",
                        );
                    }
                    None => {}
                }
                ui.separator();
                self.editors_ui(ui, doc, out);
            });
    }

    fn figures_ui(&mut self, ui: &mut egui::Ui, plan: &Plan, results: &[QueueResult]) {
        queue_table_ui(ui, plan, results);
        ui.add_space(8.0);
        let selected = self
            .selected
            .clone()
            .filter(|code| results.iter().any(|r| &r.code == code))
            .unwrap_or_else(|| results[0].code.clone());
        ui.horizontal(|ui| {
            ui.label("Charts of queue");
            let inner = egui::ComboBox::from_id_salt("queue-chart-choice")
                .selected_text(&selected)
                .show_ui(ui, |ui| {
                    for result in results {
                        ui.selectable_value(
                            &mut self.selected,
                            Some(result.code.clone()),
                            &result.code,
                        );
                    }
                });
            ui.ctx().accesskit_node_builder(inner.response.id, |node| {
                node.set_label("Charts of queue".to_string());
            });
        });
        let (Some(result), Some(queue)) = (
            results.iter().find(|r| r.code == selected),
            plan.queues.iter().find(|q| q.code == selected),
        ) else {
            return;
        };
        ui.columns(2, |columns| {
            staffing_curve_ui(&mut columns[0], queue, result);
            staffing_by_period_ui(&mut columns[1], plan, result);
        });
    }

    fn editors_ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            for table in [TableKind::Queues, TableKind::QueueArrivals] {
                let label = format!("{} ({})", table.name(), doc.row_count(table));
                ui.selectable_value(&mut self.editing, table, label);
            }
        });
        if self.editing == TableKind::QueueArrivals {
            ui.label(
                RichText::new(
                    "A period's rate replaces the queue's base rate; 0 means closed (no servers).",
                )
                .weak(),
            );
            self.arrivals.editor_ui(ui, doc, None, out);
        } else {
            self.queues.editor_ui(ui, doc, None, out);
        }
    }
}

/// The Erlang C figures of every queue, one row each.
fn queue_table_ui(ui: &mut egui::Ui, plan: &Plan, results: &[QueueResult]) {
    let mut table = TableBuilder::new(ui)
        .id_salt("queue-figures")
        .striped(true)
        .cell_layout(egui::Layout::right_to_left(egui::Align::Center));
    for (_, width) in HEADINGS {
        table = table.column(Column::initial(width).at_least(50.0).clip(true));
    }
    table
        .header(22.0, |mut header| {
            for (heading, _) in HEADINGS {
                header.col(|ui| {
                    ui.strong(heading);
                });
            }
        })
        .body(|mut body| {
            for result in results {
                let queue = plan.queues.iter().find(|q| q.code == result.code);
                body.row(22.0, |mut row| {
                    let cells = queue_cells(result, queue);
                    for ((heading, _), text) in HEADINGS.iter().zip(cells) {
                        row.col(|ui| {
                            let response = ui.label(text);
                            // "COUNTER P(wait)": screen readers and tests find a figure by name.
                            let name = format!("{} {heading}", result.code);
                            ui.ctx()
                                .accesskit_node_builder(response.id, |node| node.set_label(name));
                        });
                    }
                });
            }
        });
}

/// The formatted cells of one queue row.
fn queue_cells(result: &QueueResult, queue: Option<&Queue>) -> Vec<RichText> {
    let target_wait = queue.map_or(0.0, |q| q.target_wait_min);
    let target_level = queue.map_or(0.0, |q| q.target_service_level);
    let meets_target = result.stable && result.service_level >= target_level;
    let level_color = if meets_target {
        style::GOOD
    } else {
        style::ERROR
    };
    let stable = if result.stable {
        RichText::new("yes").color(style::GOOD)
    } else {
        RichText::new("no (overloaded)").color(style::ERROR)
    };
    let required = RichText::new(result.required_servers.to_string()).strong();
    vec![
        RichText::new(&result.code).strong(),
        RichText::new(result.servers.to_string()),
        RichText::new(format::number(result.load, 2)),
        RichText::new(format::percent(result.p_wait)),
        RichText::new(result.wq_min.map_or("—".into(), |w| format::number(w, 2))),
        RichText::new(format::percent(result.service_level)).color(level_color),
        RichText::new(format!(
            "{} within {} min",
            format::percent(target_level),
            format::quantity(target_wait)
        )),
        RichText::new(format::percent(result.utilization)),
        stable,
        required,
    ]
}

/// Service level (left axis, %) and mean wait against the number of servers, with the target.
fn staffing_curve_ui(ui: &mut egui::Ui, queue: &Queue, result: &QueueResult) {
    let top = result
        .servers
        .max(result.required_servers)
        .saturating_add(CURVE_MARGIN)
        .min(MAX_CURVE_SERVERS);
    let curve = staffing_curve(queue, top);
    let level_points: PlotPoints = curve
        .iter()
        .map(|p| [f64::from(p.servers), p.service_level * 100.0])
        .collect();
    let wait_points: PlotPoints = curve
        .iter()
        .filter_map(|p: &StaffingPoint| p.wq_min.map(|w| [f64::from(p.servers), w]))
        .collect();
    let target = queue.target_service_level * 100.0;
    ui.label(
        RichText::new(format!(
            "Service level within {} min and mean wait, by servers",
            format::quantity(queue.target_wait_min)
        ))
        .strong(),
    );
    Plot::new(("staffing-curve", &queue.code))
        .height(220.0)
        .legend(Legend::default().position(Corner::RightBottom))
        .x_axis_label("servers")
        .y_axis_label("service level % · mean wait min")
        .include_y(0.0)
        .include_y(100.0)
        .show(ui, |plot| {
            plot.add(
                Line::new("service level %", level_points)
                    .color(SERVICE_LEVEL_COLOR)
                    .width(2.0),
            );
            plot.add(
                Line::new("mean wait (min)", wait_points)
                    .color(WAIT_COLOR)
                    .width(2.0),
            );
            plot.add(
                Line::new(
                    "target service level",
                    PlotPoints::from(vec![[1.0, target], [f64::from(top), target]]),
                )
                .color(style::ERROR)
                .style(egui_plot::LineStyle::dashed_loose()),
            );
            plot.add(
                Line::new(
                    "current servers",
                    PlotPoints::from(vec![
                        [f64::from(result.servers), 0.0],
                        [f64::from(result.servers), 100.0],
                    ]),
                )
                .color(Color32::GRAY),
            );
        });
}

/// Required servers per period as bars, the servers the resource has as a line.
/// Most period labels under the servers-per-period chart (dates need about 80 points each).
const PERIOD_LABELS: f64 = 5.0;

fn staffing_by_period_ui(ui: &mut egui::Ui, plan: &Plan, result: &QueueResult) {
    ui.label(RichText::new("Servers needed per period").strong());
    let settings = plan.settings.clone();
    let bars: Vec<Bar> = result
        .periods
        .iter()
        .map(|p| {
            Bar::new(p.period as f64, f64::from(p.required_servers))
                .name(format::period_label(&settings, p.period))
        })
        .collect();
    let last = result.periods.last().map_or(1, |p| p.period) as f64;
    let current = f64::from(result.servers);
    // Whole periods only, a label every `step` periods: egui's default 1-2-5 grid left one
    // date label under the half-width chart.
    let step = (last / PERIOD_LABELS).ceil().max(1.0);
    Plot::new(("staffing-by-period", &result.code))
        .x_grid_spacer(egui_plot::uniform_grid_spacer(move |_| {
            [step, step * 2.0, step * 4.0]
        }))
        .height(220.0)
        .legend(Legend::default().position(Corner::RightBottom))
        .x_axis_label("period")
        .y_axis_label("servers")
        .include_y(0.0)
        .include_y(current + 1.0)
        .x_axis_formatter(move |mark, _| {
            let period = mark.value.round();
            if (mark.value - period).abs() < 1e-6 && period >= 1.0 && period <= last {
                format::period_label(&settings, period as i64)
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.add(
                BarChart::new("required servers", bars)
                    .color(REQUIRED_COLOR)
                    .width(0.6)
                    .element_formatter(Box::new(|bar, _| {
                        format!("{}: {} servers needed", bar.name, bar.value)
                    })),
            );
            plot.add(
                Line::new(
                    "current servers",
                    PlotPoints::from(vec![[0.5, current], [last + 0.5, current]]),
                )
                .color(style::ERROR)
                .width(2.0),
            );
        });
}

impl PageView for QueuesView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        self.contents_ui(ui, cx.doc, cx.edits);
    }

    fn reveal(&mut self, _doc: &Document, table: TableKind, row: Option<usize>) -> bool {
        if !matches!(table, TableKind::Queues | TableKind::QueueArrivals) {
            return false;
        }
        match row {
            Some(row) => self.reveal_row(table, row),
            None => self.editing = table,
        }
        true
    }
}
