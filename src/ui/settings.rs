//! Plan settings form: name, currency, period unit, number of periods, periods per year, start
//! date, holding rate and backorder factor. Each field edit is one command; consecutive edits of
//! a field are one undo step.

use super::page::{PageContext, PageView};
use super::style;
use eframe::egui::{self, RichText};

use crate::app::{Command, Document};
use crate::domain::{PeriodUnit, PlanSettings, is_iso_date};

/// Largest horizon the validation accepts (domain `MAX_PERIODS`).
const MAX_PERIODS: i64 = 10_000;

/// The plan settings page (stateless: it edits a copy of the settings each frame).
#[derive(Debug, Clone, Copy, Default)]
pub struct SettingsView;

impl SettingsView {
    /// Draws the form; a changed field emits a `SetSettings` command.
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        let original = &doc.plan().settings;
        let mut settings = original.clone();
        let mut changed = None;
        egui::Grid::new("settings")
            .num_columns(3)
            .spacing([16.0, 10.0])
            .show(ui, |ui| {
                text_row(
                    ui,
                    doc,
                    "Plan name",
                    "name",
                    &mut settings.name,
                    &mut changed,
                );
                text_row(
                    ui,
                    doc,
                    "Currency (ISO code)",
                    "currency",
                    &mut settings.currency,
                    &mut changed,
                );
                period_unit_row(ui, doc, &mut settings, &mut changed);
                periods_row(ui, doc, &mut settings, &mut changed);
                periods_per_year_row(ui, doc, &mut settings, &mut changed);
                start_date_row(ui, doc, &mut settings, &mut changed);
                stock_cost_rows_ui(ui, doc, &mut settings, &mut changed);
            });
        if let Some(field) = changed
            && settings != *original
        {
            out.push(Command::SetSettings { settings, field });
        }
    }
}

/// The two grid rows of the settings that price stock and lateness, holding rate and backorder
/// factor (also on the Level the plan page, whose result depends on them).
pub(super) fn stock_cost_rows_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    settings: &mut PlanSettings,
    changed: &mut Option<&'static str>,
) {
    let holding = NumberField {
        label: "Holding rate (share of unit cost per year)",
        field: "holding_rate",
        hint: "carrying cost of stock, e.g. 0.25 = 25 % a year",
    };
    holding.ui(ui, doc, &mut settings.holding_rate, changed);
    let backorder = NumberField {
        label: "Backorder factor (× holding cost)",
        field: "backorder_factor",
        hint: "cost of a unit late for a period, for items without their own",
    };
    backorder.ui(ui, doc, &mut settings.backorder_factor, changed);
}

/// The validation message about a settings field, if any.
fn problem_of(doc: &Document, field: &str) -> Option<String> {
    doc.problems()
        .iter()
        .find(|p| p.table == "plan" && p.field == field)
        .map(|p| p.message.clone())
}

fn message_cell(ui: &mut egui::Ui, message: Option<String>, hint: &str) {
    match message {
        Some(message) => ui.colored_label(style::ERROR, message),
        None => ui.label(RichText::new(hint).weak()),
    };
}

fn text_row(
    ui: &mut egui::Ui,
    doc: &Document,
    label: &str,
    field: &'static str,
    value: &mut String,
    changed: &mut Option<&'static str>,
) {
    ui.label(label);
    let response = ui.add_sized([280.0, 22.0], egui::TextEdit::singleline(value));
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_label(label.to_string());
    });
    if response.changed() {
        *changed = Some(field);
    }
    message_cell(ui, problem_of(doc, field), "");
    ui.end_row();
}

/// A plain number setting with its label, JSON field name and hint.
struct NumberField {
    label: &'static str,
    field: &'static str,
    hint: &'static str,
}

impl NumberField {
    /// One grid row: label, drag value, and the field's validation message or the hint.
    fn ui(
        &self,
        ui: &mut egui::Ui,
        doc: &Document,
        value: &mut f64,
        changed: &mut Option<&'static str>,
    ) {
        ui.label(self.label);
        let drag = egui::DragValue::new(value)
            .speed(0.01)
            .range(0.0..=1000.0)
            .clamp_existing_to_range(false);
        let response = ui.add(drag);
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_label(self.label.to_string());
        });
        if response.changed() {
            *changed = Some(self.field);
        }
        message_cell(ui, problem_of(doc, self.field), self.hint);
        ui.end_row();
    }
}

fn period_unit_row(
    ui: &mut egui::Ui,
    doc: &Document,
    settings: &mut PlanSettings,
    changed: &mut Option<&'static str>,
) {
    ui.label("Period unit");
    let inner = egui::ComboBox::from_id_salt("period_unit")
        .selected_text(settings.period_unit.as_str())
        .show_ui(ui, |ui| {
            for unit in [PeriodUnit::Day, PeriodUnit::Week, PeriodUnit::Month] {
                if ui
                    .selectable_value(&mut settings.period_unit, unit, unit.as_str())
                    .changed()
                {
                    *changed = Some("period_unit");
                }
            }
        });
    ui.ctx().accesskit_node_builder(inner.response.id, |node| {
        node.set_label("Period unit".to_string());
    });
    message_cell(
        ui,
        problem_of(doc, "period_unit"),
        "labels periods and sets the default periods per year",
    );
    ui.end_row();
}

fn periods_row(
    ui: &mut egui::Ui,
    doc: &Document,
    settings: &mut PlanSettings,
    changed: &mut Option<&'static str>,
) {
    ui.label("Periods in the horizon");
    let drag = egui::DragValue::new(&mut settings.periods).range(1..=MAX_PERIODS);
    let response = ui.add(drag);
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_label("Periods in the horizon".to_string());
    });
    if response.changed() {
        *changed = Some("periods");
    }
    message_cell(
        ui,
        problem_of(doc, "periods"),
        "demand and capacity are planned per period",
    );
    ui.end_row();
}

fn periods_per_year_row(
    ui: &mut egui::Ui,
    doc: &Document,
    settings: &mut PlanSettings,
    changed: &mut Option<&'static str>,
) {
    ui.label("Periods per year");
    ui.horizontal(|ui| {
        let mut custom = settings.periods_per_year.is_some();
        if ui.checkbox(&mut custom, "custom").changed() {
            settings.periods_per_year =
                custom.then(|| settings.period_unit.default_periods_per_year());
            *changed = Some("periods_per_year");
        }
        match settings.periods_per_year.as_mut() {
            Some(value) => {
                if ui
                    .add(egui::DragValue::new(value).range(0.0..=10_000.0))
                    .changed()
                {
                    *changed = Some("periods_per_year");
                }
            }
            None => {
                ui.label(format!(
                    "{}",
                    settings.period_unit.default_periods_per_year()
                ));
            }
        }
    });
    message_cell(
        ui,
        problem_of(doc, "periods_per_year"),
        "spreads capital cost over the resource's life",
    );
    ui.end_row();
}

fn start_date_row(
    ui: &mut egui::Ui,
    doc: &Document,
    settings: &mut PlanSettings,
    changed: &mut Option<&'static str>,
) {
    ui.label("Start date (YYYY-MM-DD)");
    let mut text = settings.start_date.clone().unwrap_or_default();
    let malformed = !text.is_empty() && !is_iso_date(&text);
    let mut edit = egui::TextEdit::singleline(&mut text)
        .desired_width(120.0)
        .hint_text("none");
    if malformed {
        edit = edit.text_color(style::ERROR);
    }
    let response = ui.add(edit);
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_label("Start date (YYYY-MM-DD)".to_string());
    });
    if response.changed() {
        let trimmed = text.trim();
        settings.start_date = (!trimmed.is_empty()).then(|| trimmed.to_string());
        *changed = Some("start_date");
    }
    let hint = match &settings.start_date {
        Some(_) if !malformed => format!(
            "labels periods: period 1 is {}",
            super::format::period_label(settings, 1)
        ),
        _ => "labels periods by date, e.g. 2026-W14".to_string(),
    };
    message_cell(ui, problem_of(doc, "start_date"), &hint);
    ui.end_row();
}

impl PageView for SettingsView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        self.contents_ui(ui, cx.doc, cx.edits);
    }
}
