//! "Level the plan" page (planning, DESIGN.md §6): the master schedule that fits capacity at
//! least cost, trading stock built ahead, overtime and late delivery.
//!
//! The inputs it depends on (the plan's holding rate and backorder factor, the chosen resource's
//! overtime hours and premium) are edited here as normal undoable edits. "Level" solves on a
//! worker thread ([`LevelJob`]) with the phase shown and a Cancel; the result is kept with the
//! levelling inputs it was computed from and marked out of date when an edit changes them.
//! It shows, for the chosen resource, the load as demanded (each period's demand made in that
//! period) against the levelled load, available hours and available + overtime; the stock
//! built up and the backlog per item; the cost parts beside the overload of the plan as it
//! stands; and the binding resource-periods with their shadow prices. "Use as master schedule"
//! writes the levelled schedule into master_schedule as one undo step.

mod charts;

use crate::domain::count_of;
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui::{self, RichText};

use super::long_combo::long_combo_ui;
use super::page::{Navigate, Page, PageContext, PageView};
use super::settings::stock_cost_rows_ui;
use super::{format, style};
use crate::analytics::level::{LevelError, LevelPhase, LevelResult};
use crate::app::analysis_worker::AnalysisWaker;
use crate::app::levelling::{LevelDone, LevelInputs, LevelJob, levelled_master_schedule};
use crate::app::{Command, Document, TableKind};
use crate::domain::Resource;
use charts::Derived;

/// Label of the button that starts a solve.
pub const LEVEL_BUTTON: &str = "Level";
/// Label of the button that stops a running solve.
pub const CANCEL_BUTTON: &str = "Cancel";
/// Label of the button that adopts the levelled schedule.
pub const USE_BUTTON: &str = "Use as master schedule";

/// How often the phase shown is refreshed while a solve runs.
const PHASE_REFRESH: Duration = Duration::from_millis(100);

/// A finished solve: the result, the inputs it was computed from and what the charts need.
struct Solved {
    result: LevelResult,
    inputs: Arc<LevelInputs>,
    seconds: f64,
    derived: Derived,
    /// The plan revision `current` and `adopted` were last checked against.
    checked: Option<u64>,
    /// True while the plan's levelling inputs are the ones solved.
    current: bool,
    /// True while the plan's master schedule is this result's.
    adopted: bool,
}

/// A solve in progress.
struct Running {
    job: LevelJob,
    started: Instant,
    /// False in the frame the job was started: its result is collected from the next frame on,
    /// so the Cancel button shown by that frame is still there in the next one to be pressed.
    collect: bool,
}

/// State of the Level the plan page.
#[derive(Default)]
pub struct LevelView {
    running: Option<Running>,
    solved: Option<Solved>,
    /// Why the last solve gave no result.
    error: Option<String>,
    /// The resource the before/after chart and the overtime inputs are for.
    resource: Option<String>,
}

impl LevelView {
    /// The last result, whether or not it still fits the plan.
    pub fn result(&self) -> Option<&LevelResult> {
        self.solved.as_ref().map(|s| &s.result)
    }

    /// True while a solve runs on the worker thread.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// True when there is a result and the plan's levelling inputs are still the ones solved.
    pub fn is_current(&self) -> bool {
        self.solved.as_ref().is_some_and(|s| s.current)
    }

    /// The resource the page shows (the chosen one, else the most overloaded as demanded).
    fn chosen_resource<'a>(&self, doc: &'a Document) -> Option<&'a Resource> {
        let resources = &doc.plan().resources;
        let by_code = |code: &str| resources.iter().find(|r| r.code == code);
        self.resource
            .as_deref()
            .and_then(by_code)
            .or_else(|| {
                (self.solved.as_ref())
                    .and_then(|s| s.derived.most_overloaded.as_deref())
                    .and_then(by_code)
            })
            .or_else(|| match doc.analysis() {
                Some(Ok(analysis)) => analysis.capacity.bottleneck.as_deref().and_then(by_code),
                _ => None,
            })
            .or(resources.first())
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        let doc = cx.doc;
        self.check_against(doc);
        ui.label(
            "The production plan of every item with demand that fits the resources' hours at \
             least cost: stock built ahead (holding cost), overtime (its premium) or late \
             delivery (backorder cost, and the price of what is still owed at the end). A rough \
             cut: setups are not counted.",
        );
        ui.add_space(4.0);
        let settings = &doc.plan().settings;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                self.inputs_ui(ui, doc, cx.edits);
                ui.add_space(6.0);
                self.controls_ui(ui, cx);
                self.poll(ui.ctx());
                if let Some(error) = &self.error {
                    ui.colored_label(style::error_color(ui.visuals()), error);
                }
            });
            if let Some(solved) = &self.solved {
                ui.add_space(12.0);
                charts::costs_ui(ui, &solved.result, &solved.derived, settings);
            }
        });
        let Some(solved) = &self.solved else {
            return;
        };
        ui.separator();
        let resource = self.chosen_resource(doc).map(|r| r.code.clone());
        if let Some(code) = resource
            && let Some(levelled) = solved.result.resources.iter().find(|r| r.code == code)
        {
            charts::load_chart_ui(ui, levelled, settings);
        }
        ui.columns(2, |columns| {
            charts::stock_chart_ui(&mut columns[0], &solved.derived, settings);
            charts::binding_ui(&mut columns[1], &solved.result, &solved.derived, settings);
        });
    }

    /// Updates whether the result still fits the plan, once per plan revision.
    fn check_against(&mut self, doc: &Document) {
        let Some(solved) = &mut self.solved else {
            return;
        };
        if solved.checked == Some(doc.revision()) {
            return;
        }
        let plan = doc.plan();
        solved.checked = Some(doc.revision());
        solved.current = solved.inputs.matches(plan);
        solved.adopted = solved.current
            && plan.master_schedule == levelled_master_schedule(plan, &solved.result);
    }

    /// The levelling inputs: holding rate, backorder factor, resource, its overtime.
    fn inputs_ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        let plan = doc.plan();
        let mut settings = plan.settings.clone();
        let mut changed = None;
        let chosen = self.chosen_resource(doc).cloned();
        egui::Grid::new("level-inputs")
            .num_columns(3)
            .spacing([16.0, 6.0])
            .show(ui, |ui| {
                stock_cost_rows_ui(ui, doc, &mut settings, &mut changed);
                ui.label("Resource");
                self.resource_picker_ui(ui, doc, chosen.as_ref());
                ui.label(RichText::new("charted below, with its overtime").weak());
                ui.end_row();
                if let Some(resource) = &chosen {
                    overtime_rows_ui(ui, doc, resource, out);
                }
            });
        if let Some(field) = changed
            && settings != plan.settings
        {
            out.push(Command::SetSettings { settings, field });
        }
    }

    fn resource_picker_ui(&mut self, ui: &mut egui::Ui, doc: &Document, chosen: Option<&Resource>) {
        let resources = &doc.plan().resources;
        let selected = chosen.map_or("", |r| r.code.as_str());
        let (clicked, response) = long_combo_ui(
            ui,
            egui::ComboBox::from_id_salt("level-resource").selected_text(selected),
            resources.len(),
            |index| {
                let resource = &resources[index];
                if resource.name.is_empty() {
                    resource.code.clone()
                } else {
                    format!("{} {}", resource.code, resource.name)
                }
            },
            |index| resources[index].code == selected,
        );
        if let Some(index) = clicked {
            self.resource = Some(resources[index].code.clone());
        }
        style::accessible_label(ui, &response, "Resource");
    }

    /// The Level / Cancel buttons with the phase, the status of the result and its adoption.
    /// The worker's result is collected only after this is drawn, so a Cancel shown is always
    /// honoured: a result that arrives after it was shown is dropped with the job.
    fn controls_ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        let doc = cx.doc;
        let problems = doc.problems().len();
        ui.horizontal_wrapped(|ui| {
            // Drawn (disabled) while a solve runs too, so the widgets after it keep their ids.
            let idle = self.running.is_none();
            let level = ui
                .add_enabled(idle && problems == 0, egui::Button::new(LEVEL_BUTTON))
                .on_hover_text("Solve the levelling LP for the plan as it is now")
                .on_disabled_hover_text(if idle {
                    format!(
                        "The plan has {}: fix them first",
                        count_of(problems, "validation problem", "validation problems")
                    )
                } else {
                    "Levelling is running".to_string()
                });
            if level.clicked() {
                let repaint = ui.ctx().clone();
                let waker: AnalysisWaker = Arc::new(move || repaint.request_repaint());
                self.running = Some(Running {
                    job: LevelJob::start(doc.plan(), Some(waker)),
                    collect: false,
                    started: Instant::now(),
                });
                self.error = None;
            }
            if self.running.is_some() {
                // Cancel before the phase text, whose width changes, so it stays in place.
                if ui.button(CANCEL_BUTTON).clicked() {
                    if let Some(running) = self.running.take() {
                        running.job.cancel();
                    }
                    return;
                }
                if let Some(running) = &self.running {
                    ui.spinner();
                    let (round, rows) = running.job.round();
                    let round_text = if round > 0 {
                        format!(", LP round {round}, {rows} capacity rows")
                    } else {
                        String::new()
                    };
                    ui.label(format!(
                        "{} ({}{round_text})",
                        phase_text(running.job.phase()),
                        seconds_text(running.started.elapsed().as_secs_f64())
                    ));
                }
                ui.ctx().request_repaint_after(PHASE_REFRESH);
                return;
            }
            self.status_ui(ui);
        });
        if self.running.is_none() {
            self.adopt_ui(ui, cx);
        }
        if problems > 0 {
            let error = style::error_color(ui.visuals());
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    error,
                    format!(
                        "The plan has {}; levelling needs a valid plan.",
                        count_of(problems, "validation problem", "validation problems")
                    ),
                );
                if ui.button("Show the problems").clicked() {
                    cx.navigate(Navigate::Problems);
                }
            });
            if let Some(first) = doc.problems().first() {
                ui.colored_label(error, first.to_string());
            }
        }
    }

    /// What the result is: not there yet, out of date, or the LP solved and how fast.
    fn status_ui(&self, ui: &mut egui::Ui) {
        let Some(solved) = &self.solved else {
            ui.label(RichText::new("Not levelled yet: press Level.").weak());
            return;
        };
        let size = solved.result.size;
        let solved_text = format!(
            "LP of {} variables and {} rows ({} capacity rows, {}) solved in {}",
            format::number(size.variables as f64, 0),
            format::number(size.rows as f64, 0),
            format::number(
                solved.result.rounds.last().map_or(0, |r| r.capacity_rows) as f64,
                0
            ),
            count_of(solved.result.rounds.len(), "round", "rounds"),
            seconds_text(solved.seconds)
        );
        if !solved.current {
            ui.colored_label(
                style::error_color(ui.visuals()),
                "The plan changed since this result: press Level again.",
            );
            return;
        }
        ui.label(RichText::new(solved_text).weak());
    }

    /// The button that adopts a current result, or the note that the plan holds it.
    fn adopt_ui(&self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        let Some(solved) = self.solved.as_ref().filter(|s| s.current) else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            if solved.adopted {
                ui.colored_label(
                    style::good_color(ui.visuals()),
                    "The master schedule holds this plan (Undo restores the old one).",
                );
                if ui.button("Show it on Capacity").clicked() {
                    cx.navigate(Navigate::Page(Page::CAPACITY));
                }
                return;
            }
            let problems = cx.doc.problems().len();
            let adopt = ui
                .add_enabled(problems == 0, egui::Button::new(USE_BUTTON))
                .on_hover_text(
                    "Write the levelled schedule as master_schedule rows of the items without \
                     parents (one undo step); a spare part with its own demand stays netted",
                );
            if adopt.clicked() {
                let rows = levelled_master_schedule(cx.doc.plan(), &solved.result);
                cx.edits.push(Command::UseMasterSchedule { rows });
            }
        });
    }

    /// Collects the worker's result once it is in.
    fn poll(&mut self, ctx: &egui::Context) {
        let Some(running) = &mut self.running else {
            return;
        };
        if !running.collect {
            running.collect = true;
            return;
        }
        let Some(LevelDone { result, inputs }) = running.job.poll() else {
            return;
        };
        let seconds = running.started.elapsed().as_secs_f64();
        self.running = None;
        match result {
            Ok(result) => {
                let derived = Derived::of(&result);
                self.solved = Some(Solved {
                    result,
                    inputs,
                    seconds,
                    derived,
                    checked: None,
                    current: false,
                    adopted: false,
                });
                self.error = None;
            }
            Err(LevelError::Cancelled) => {}
            Err(LevelError::Invalid(report)) => {
                self.error = Some(format!(
                    "The plan has {}; levelling needs a valid plan.",
                    count_of(
                        report.problems.len(),
                        "validation problem",
                        "validation problems"
                    )
                ));
            }
            Err(error) => self.error = Some(format!("Levelling failed: {error}")),
        }
        ctx.request_repaint();
    }
}

/// The chosen resource's overtime hours per period and premium per hour, edited as cells of
/// its resources row.
fn overtime_rows_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    resource: &Resource,
    out: &mut Vec<Command>,
) {
    let Some(row) = doc
        .plan()
        .resources
        .iter()
        .position(|r| r.code == resource.code)
    else {
        return;
    };
    let column = |field: &str| {
        TableKind::Resources
            .columns()
            .iter()
            .position(|c| c.field == field)
    };
    let hours_field = "overtime_hours_per_period";
    let premium_field = "overtime_premium_per_hour";
    let label = format!("Overtime hours per period ({}, all units)", resource.code);
    ui.label(&label);
    let mut hours = resource.overtime_hours_per_period;
    let response = ui.add(
        egui::DragValue::new(&mut hours)
            .speed(0.5)
            .range(0.0..=10_000.0)
            .clamp_existing_to_range(false),
    );
    style::accessible_label(ui, &response, label);
    if response.changed()
        && let Some(column) = column(hours_field)
    {
        out.push(Command::SetCell {
            table: TableKind::Resources,
            row,
            column,
            text: hours.to_string(),
        });
    }
    resource_message_ui(ui, doc, row, hours_field, "load hours a period may add");
    ui.end_row();

    let label = format!("Overtime premium per hour ({})", resource.code);
    ui.label(&label);
    let mut premium = resource.overtime_premium();
    ui.horizontal(|ui| {
        let response = ui.add(
            egui::DragValue::new(&mut premium)
                .speed(0.5)
                .range(0.0..=1_000_000.0)
                .clamp_existing_to_range(false),
        );
        style::accessible_label(ui, &response, label);
        let column = column(premium_field);
        if response.changed()
            && let Some(column) = column
        {
            out.push(Command::SetCell {
                table: TableKind::Resources,
                row,
                column,
                text: premium.to_string(),
            });
        }
        if resource.overtime_premium_per_hour.is_some()
            && ui
                .button("Default")
                .on_hover_text("Back to half the hourly cost")
                .clicked()
            && let Some(column) = column
        {
            out.push(Command::SetCell {
                table: TableKind::Resources,
                row,
                column,
                text: String::new(),
            });
        }
    });
    let hint = match resource.overtime_premium_per_hour {
        Some(_) => format!(
            "extra cost of an hour (default {})",
            format::money(resource.cost_per_hour / 2.0, &doc.plan().settings.currency)
        ),
        None => format!(
            "default: half the hourly cost of {}",
            format::money(resource.cost_per_hour, &doc.plan().settings.currency)
        ),
    };
    resource_message_ui(ui, doc, row, premium_field, &hint);
    ui.end_row();
}

/// The validation problem of a resources cell (table, row and field named), else the hint.
fn resource_message_ui(ui: &mut egui::Ui, doc: &Document, row: usize, field: &str, hint: &str) {
    let problem = doc
        .problems()
        .iter()
        .find(|p| p.table == "resources" && p.row == Some(row + 1) && p.field == field);
    match problem {
        Some(problem) => ui.colored_label(style::error_color(ui.visuals()), problem.to_string()),
        None => ui.label(RichText::new(hint).weak()),
    };
}

/// The phase of a running solve in words.
fn phase_text(phase: LevelPhase) -> &'static str {
    match phase {
        LevelPhase::Waiting => "Starting…",
        LevelPhase::Building => "Building the LP…",
        LevelPhase::Solving => "Solving…",
        LevelPhase::Reporting => "Reading the solution…",
        LevelPhase::Done => "Finishing…",
    }
}

/// Seconds for the status line: "0.08 s", "12.3 s".
fn seconds_text(seconds: f64) -> String {
    if seconds < 10.0 {
        format!("{} s", format::number(seconds, 2))
    } else {
        format!("{} s", format::number(seconds, 1))
    }
}

impl PageView for LevelView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        egui::ScrollArea::vertical()
            .id_salt("level-page")
            .show(ui, |ui| self.contents_ui(ui, cx));
    }
}
