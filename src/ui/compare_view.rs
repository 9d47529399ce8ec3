//! Compare page: the base plan beside one of its scenarios or a second plan file — Δ unit cost
//! per item, Δ utilisation per resource, the bottleneck on each side and Δ profit, as tables and
//! bar charts (`delta = other − base`, as `opsplan compare`). Also the scenario name prompt of
//! File ▸ Save as scenario….

use super::app_command::AppCommand;
use super::page::{PageContext, PageView};
use super::style;
use std::sync::Arc;

use eframe::egui::{self, Color32, RichText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Plot};

use super::format;
use crate::analytics::compare::{Comparison, compare};
use crate::analytics::{Analysis, analyze};
use crate::app::scenarios::{scenario_names, scenario_plan};
use crate::app::{Command, Document};
use crate::domain::Plan;

/// Colour of the Δ bars.
const DELTA_COLOR: Color32 = style::SERIES_BLUE;

/// What the base plan is compared with.
#[derive(Debug, Clone, PartialEq)]
pub enum CompareTarget {
    /// A scenario stored in the plan, by name.
    Scenario(String),
    /// A plan read from another file; `label` is its file name.
    PlanFile { label: String, plan: Box<Plan> },
}

impl CompareTarget {
    /// Name of the other side in headings.
    fn label(&self) -> String {
        match self {
            CompareTarget::Scenario(name) => format!("scenario “{name}”"),
            CompareTarget::PlanFile { label, .. } => label.clone(),
        }
    }
}

/// What the compare page asks the app to do (it owns the dialogs and the prompt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareRequest {
    /// Ask for a plan file to compare with.
    PickPlanFile,
    /// Ask for a name and save the plan as a scenario.
    SaveScenario,
}

/// A comparison of one base revision with one target.
#[derive(Debug, Clone)]
struct Compared {
    revision: u64,
    /// [`CompareView::target_version`] of the target compared.
    target_version: u64,
    outcome: Result<Comparison, String>,
}

/// State of the compare page: the chosen target and the last comparison.
#[derive(Debug, Clone, Default)]
pub struct CompareView {
    /// Shared, so drawing a frame never copies a plan read from a file.
    target: Option<Arc<CompareTarget>>,
    /// Bumped whenever the target changes: the comparison is fresh while it matches, so no
    /// frame compares two plans field by field.
    target_version: u64,
    compared: Option<Compared>,
}

impl CompareView {
    /// Compares with a plan read from a file (after "Compare with plan file…").
    pub fn set_plan_file(&mut self, label: String, plan: Plan) {
        self.choose(Some(CompareTarget::PlanFile {
            label,
            plan: Box::new(plan),
        }));
    }

    /// Compares with the scenario `name` (after saving it).
    pub fn set_scenario(&mut self, name: &str) {
        self.choose(Some(CompareTarget::Scenario(name.to_string())));
    }

    /// Sets the target (or none) and marks the last comparison as stale.
    fn choose(&mut self, target: Option<CompareTarget>) {
        self.target = target.map(Arc::new);
        self.target_version += 1;
    }

    /// Draws the page; scenario deletions go into `out`, dialogs are requested by the return.
    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        out: &mut Vec<Command>,
    ) -> Option<CompareRequest> {
        let request = self.target_ui(ui, doc, out);
        ui.separator();
        let Some(target) = self.target.as_ref().map(Arc::clone) else {
            ui.label(
                RichText::new(
                    "Save the plan as a scenario (File menu, Save as scenario…), edit the base plan, \
                     then compare; or compare with another plan file.",
                )
                .weak(),
            );
            return request;
        };
        let base = match doc.analysis() {
            Some(Ok(analysis)) => analysis,
            Some(Err(_)) => {
                ui.colored_label(
                    style::ERROR,
                    "The base plan has validation problems; comparing needs a valid plan.",
                );
                return request;
            }
            None => return request,
        };
        self.refresh(doc, base, &target);
        if let Some(compared) = &self.compared {
            match &compared.outcome {
                Ok(comparison) => {
                    comparison_ui(ui, comparison, &target.label(), doc.plan());
                }
                Err(message) => {
                    ui.colored_label(style::ERROR, message);
                }
            }
        }
        request
    }

    /// Recomputes the comparison when the base revision or the target changed.
    fn refresh(&mut self, doc: &Document, base: &Analysis, target: &CompareTarget) {
        let fresh = self.compared.as_ref().is_some_and(|c| {
            c.revision == doc.analysis_key() && c.target_version == self.target_version
        });
        if fresh {
            return;
        }
        let analysed = |plan: &Plan| {
            analyze(plan)
                .map(|analysis| compare(base, &analysis))
                .map_err(|error| format!("{} cannot be analysed: {error}", target.label()))
        };
        let outcome = match target {
            CompareTarget::Scenario(name) => scenario_plan(doc.plan(), name)
                .map_err(|e| e.to_string())
                .and_then(|plan| analysed(&plan)),
            CompareTarget::PlanFile { plan, .. } => analysed(plan),
        };
        self.compared = Some(Compared {
            revision: doc.analysis_key(),
            target_version: self.target_version,
            outcome,
        });
    }

    /// The target picker, the scenario actions and the file action.
    fn target_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        out: &mut Vec<Command>,
    ) -> Option<CompareRequest> {
        let names = scenario_names(doc.plan());
        if let Some(CompareTarget::Scenario(name)) = self.target.as_deref()
            && !names.contains(&name.as_str())
        {
            self.choose(None);
        }
        let mut request = None;
        ui.horizontal_wrapped(|ui| {
            ui.label("Compare the base plan with");
            let shown = self
                .target
                .as_deref()
                .map_or("(choose)".to_string(), CompareTarget::label);
            let inner = egui::ComboBox::from_id_salt("compare-target")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    if names.is_empty() {
                        ui.label(RichText::new("No scenarios yet").weak());
                    }
                    for name in &names {
                        let target = CompareTarget::Scenario((*name).to_string());
                        let selected = self.target.as_deref() == Some(&target);
                        if ui.selectable_label(selected, *name).clicked() {
                            self.choose(Some(target));
                        }
                    }
                });
            ui.ctx().accesskit_node_builder(inner.response.id, |node| {
                node.set_label("Compare the base plan with".to_string());
            });
            if ui.button("Save as scenario…").clicked() {
                request = Some(CompareRequest::SaveScenario);
            }
            if let Some(CompareTarget::Scenario(name)) = self.target.as_deref()
                && ui
                    .button("Delete scenario")
                    .on_hover_text("Removes it from the plan (Undo brings it back)")
                    .clicked()
            {
                out.push(Command::DeleteScenario { name: name.clone() });
            }
            if ui.button("Compare with plan file…").clicked() {
                request = Some(CompareRequest::PickPlanFile);
            }
        });
        request
    }
}

/// Profit and bottleneck on each side, then the item and resource deltas.
fn comparison_ui(ui: &mut egui::Ui, comparison: &Comparison, other: &str, plan: &Plan) {
    let currency = plan.settings.currency.as_str();
    let delta_profit = comparison.profit_b - comparison.profit_a;
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "Profit: base {} · {other} {}",
            format::money(comparison.profit_a, currency),
            format::money(comparison.profit_b, currency)
        ));
        ui.label(
            RichText::new(format!("Δ profit {}", signed_money(delta_profit, currency)))
                .strong()
                .color(sign_color(delta_profit)),
        );
        ui.separator();
        let bottleneck = |b: &Option<String>| b.clone().unwrap_or_else(|| "none".to_string());
        ui.label(format!(
            "Bottleneck: base {} · {other} {}",
            bottleneck(&comparison.bottleneck_a),
            bottleneck(&comparison.bottleneck_b)
        ));
    });
    ui.add_space(6.0);
    ui.columns(2, |columns| {
        items_ui(&mut columns[0], comparison, other, currency);
        resources_ui(&mut columns[1], comparison, other);
    });
}

fn items_ui(ui: &mut egui::Ui, comparison: &Comparison, other: &str, currency: &str) {
    ui.label(RichText::new("Unit cost per item").strong());
    let bars = comparison
        .items
        .iter()
        .enumerate()
        .filter_map(|(x, item)| item.delta.map(|d| (x, &item.code, d)))
        .map(|(x, code, delta)| {
            Bar::new(x as f64, delta)
                .name(code)
                .fill(sign_color(-delta))
        })
        .collect();
    let codes: Vec<String> = comparison.items.iter().map(|i| i.code.clone()).collect();
    delta_chart_ui(ui, "compare-items-chart", bars, codes, "Δ unit cost");
    let rows: Vec<[String; 4]> = comparison
        .items
        .iter()
        .map(|item| {
            [
                item.code.clone(),
                optional(item.unit_cost_a, |v| format::money(v, currency)),
                optional(item.unit_cost_b, |v| format::money(v, currency)),
                optional(item.delta, |v| signed_money(v, currency)),
            ]
        })
        .collect();
    delta_table_ui(ui, "compare-items", ["Item", "Base", other, "Δ"], &rows);
}

fn resources_ui(ui: &mut egui::Ui, comparison: &Comparison, other: &str) {
    ui.label(RichText::new("Utilisation per resource").strong());
    let bars = comparison
        .resources
        .iter()
        .enumerate()
        .filter_map(|(x, r)| r.delta.map(|d| (x, &r.code, d)))
        .map(|(x, code, delta)| {
            Bar::new(x as f64, delta * 100.0)
                .name(code)
                .fill(sign_color(-delta))
        })
        .collect();
    let codes: Vec<String> = comparison
        .resources
        .iter()
        .map(|r| r.code.clone())
        .collect();
    delta_chart_ui(
        ui,
        "compare-resources-chart",
        bars,
        codes,
        "Δ utilisation (pp)",
    );
    let rows: Vec<[String; 4]> = comparison
        .resources
        .iter()
        .map(|r| {
            [
                r.code.clone(),
                optional(r.total_utilization_a, format::percent),
                optional(r.total_utilization_b, format::percent),
                optional(r.delta, signed_points),
            ]
        })
        .collect();
    delta_table_ui(
        ui,
        "compare-resources",
        ["Resource", "Base", other, "Δ"],
        &rows,
    );
}

/// A bar per code with its Δ; codes on the x axis.
fn delta_chart_ui(ui: &mut egui::Ui, id: &str, bars: Vec<Bar>, codes: Vec<String>, axis: &str) {
    Plot::new(id)
        .height(180.0)
        .y_axis_label(axis)
        .include_y(0.0)
        .x_axis_formatter(move |mark, _| {
            let index = mark.value.round();
            if (mark.value - index).abs() < 1e-6 && index >= 0.0 {
                codes.get(index as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.add(BarChart::new(axis, bars).color(DELTA_COLOR).width(0.6));
        });
}

/// A four-column table: code, base value, other value, Δ.
fn delta_table_ui(ui: &mut egui::Ui, id: &str, headings: [&str; 4], rows: &[[String; 4]]) {
    ui.push_id(id, |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .max_scroll_height(260.0)
            .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
            .column(Column::initial(100.0).at_least(60.0))
            .columns(Column::initial(100.0).at_least(60.0), 3)
            .header(22.0, |mut header| {
                for heading in headings {
                    header.col(|ui| {
                        ui.strong(heading);
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, rows.len(), |mut row| {
                    let cells = &rows[row.index()];
                    for text in cells {
                        row.col(|ui| {
                            ui.label(text);
                        });
                    }
                });
            });
    });
}

/// `—` for a value missing on one side.
fn optional(value: Option<f64>, show: impl Fn(f64) -> String) -> String {
    value.map_or_else(|| "—".to_string(), show)
}

/// Money with an explicit sign: `+€1.50`, `−€3.00`, `€0.00`.
pub fn signed_money(value: f64, currency: &str) -> String {
    let text = format::money(value, currency);
    if is_positive_shown(value) {
        format!("+{text}")
    } else {
        text
    }
}

/// A utilisation difference in percentage points with an explicit sign: `−31.3 pp`.
pub fn signed_points(delta: f64) -> String {
    let text = format::number(delta * 100.0, 1);
    if is_positive_shown(delta * 100.0) {
        format!("+{text} pp")
    } else {
        format!("{text} pp")
    }
}

/// True when a value shows as positive at two decimals.
fn is_positive_shown(value: f64) -> bool {
    value >= 0.005
}

/// Green for a gain, red for a loss, grey for none.
fn sign_color(value: f64) -> Color32 {
    if value > 1e-9 {
        style::GOOD
    } else if value < -1e-9 {
        style::ERROR
    } else {
        Color32::GRAY
    }
}

/// The name being typed in the "Save as scenario" prompt and why the last try failed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScenarioPrompt {
    /// The name typed so far.
    pub name: String,
    /// The error of the last attempt (duplicate or empty name), shown under the field.
    pub error: Option<String>,
}

/// The answer of the scenario prompt in one frame.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptOutcome {
    /// Still asking.
    Open,
    /// Save the plan as a scenario with this name.
    Save(String),
    /// The user gave up.
    Cancel,
}

/// Draws the modal that asks for a scenario name.
pub fn scenario_prompt_ui(ctx: &egui::Context, prompt: &mut ScenarioPrompt) -> PromptOutcome {
    let mut outcome = PromptOutcome::Open;
    egui::Modal::new(egui::Id::unique("scenario-name")).show(ctx, |ui| {
        ui.set_width(380.0);
        ui.heading("Save as scenario");
        ui.label("Keeps a copy of the plan as it is now, inside the plan file.");
        let label = ui.label("Scenario name");
        let field = ui.add(egui::TextEdit::singleline(&mut prompt.name).desired_width(340.0));
        let field = field.labelled_by(label.id);
        field.request_focus();
        if let Some(error) = &prompt.error {
            ui.colored_label(style::ERROR, error);
        }
        ui.add_space(10.0);
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if ui.button("Save scenario").clicked() || entered {
                outcome = PromptOutcome::Save(prompt.name.clone());
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                outcome = PromptOutcome::Cancel;
            }
        });
    });
    outcome
}

impl PageView for CompareView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        match self.contents_ui(ui, cx.doc, cx.edits) {
            Some(CompareRequest::SaveScenario) => cx.send(AppCommand::SaveAsScenario),
            Some(CompareRequest::PickPlanFile) => cx.send(AppCommand::CompareWithPlanFile),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_carry_an_explicit_sign() {
        // 40 − 37 = 3 → "+€3.00"; 37 − 40 → "−€3.00"; utilisation 0.9 − 0.6 = 0.3 → +30 points;
        // 1.5625 − 1.875 = −0.3125 → −31.25 points, an exact tie shown as −31.2 (ties to even).
        assert_eq!(signed_money(3.0, "EUR"), "+€3.00");
        assert_eq!(signed_money(-3.0, "EUR"), "−€3.00");
        assert_eq!(signed_money(0.0, "EUR"), "€0.00");
        assert_eq!(signed_points(1.5625 - 1.875), "−31.2 pp");
        assert_eq!(signed_points(0.9 - 0.6), "+30.0 pp");
        assert_eq!(signed_points(0.25), "+25.0 pp");
    }
}
