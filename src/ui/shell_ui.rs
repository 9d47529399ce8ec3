//! The frame around the pages: menu bar, navigation list, status bar, read-only banner and the
//! app's windows and prompts. Everything here only draws and pushes [`AppCommand`]s.

use eframe::egui::{self, RichText};

use super::app_command::{AppCommand, UnsavedAnswer};
use super::compare_view::{self, PromptOutcome};
use super::page::{Navigate, Page, Section};
use super::{OpsplanApp, problems, recovery_prompt, style};
use crate::app::Document;

/// The File submenu of the plan exports (JSON, CSV folder, workbook, template).
const EXPORT_PLAN_MENU: &str = "Export plan";

impl OpsplanApp {
    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| self.file_menu_ui(ui));
            ui.menu_button("Edit", |ui| self.edit_menu_ui(ui));
            ui.menu_button("View", |ui| {
                for page in Page::in_navigation_order() {
                    if ui.button(page.title).clicked() {
                        self.commands
                            .push(AppCommand::Navigate(Navigate::Page(page)));
                    }
                }
            });
            ui.separator();
            title_ui(ui, &self.doc);
        });
    }

    fn file_menu_ui(&mut self, ui: &mut egui::Ui) {
        let queue = &mut self.commands;
        AppCommand::NewPlan.button_ui(ui, queue, true, None);
        AppCommand::Open.button_ui(ui, queue, true, None);
        ui.menu_button("Open Recent", |ui| {
            if self.recent.is_empty() {
                ui.label(RichText::new("No recent plans").weak());
            }
            for path in &self.recent {
                let label = path.display().to_string();
                if ui
                    .add_enabled(path.exists(), egui::Button::new(label))
                    .clicked()
                {
                    queue.push(AppCommand::OpenRecent(path.clone()));
                }
            }
        });
        ui.separator();
        AppCommand::Save.button_ui(ui, queue, !self.doc.is_read_only(), None);
        AppCommand::SaveAs.button_ui(ui, queue, true, None);
        ui.separator();
        AppCommand::SaveAsScenario.button_ui(ui, queue, true, None);
        AppCommand::CompareWithPlanFile.button_ui(ui, queue, true, None);
        ui.separator();
        for command in [
            AppCommand::ImportJson,
            AppCommand::ImportCsvFolder,
            AppCommand::ImportWorkbook,
        ] {
            command.button_ui(ui, queue, true, None);
        }
        ui.menu_button(EXPORT_PLAN_MENU, |ui| {
            for command in [
                AppCommand::ExportJson,
                AppCommand::ExportCsvFolder,
                AppCommand::ExportWorkbook,
            ] {
                command.button_ui(ui, queue, true, None);
            }
            ui.separator();
            AppCommand::ExportWorkbookTemplate.button_ui(ui, queue, true, None);
        });
        AppCommand::ExportReport.button_ui(ui, queue, true, None);
        ui.separator();
        AppCommand::CheckPlan
            .button_ui(ui, queue, self.doc.path().is_some(), None)
            .on_disabled_hover_text("Save the plan to a file first");
        ui.separator();
        AppCommand::Quit.button_ui(ui, queue, true, None);
    }

    fn edit_menu_ui(&mut self, ui: &mut egui::Ui) {
        let history = self.doc.history();
        let queue = &mut self.commands;
        for (command, what) in [
            (AppCommand::Undo, history.undo_label()),
            (AppCommand::Redo, history.redo_label()),
        ] {
            let label = format!("{} {}", command.label(), what.unwrap_or_default());
            command.button_ui(ui, queue, what.is_some(), Some(label));
        }
    }

    pub(super) fn nav_ui(&mut self, ui: &mut egui::Ui) {
        ui.add_space(8.0);
        for section in Section::ALL {
            ui.label(RichText::new(section.title().to_uppercase()).small().weak());
            for page in Page::in_section(section) {
                let button = egui::Button::selectable(self.page == page, page.title).min_size(
                    egui::vec2(ui.available_width(), style::NAVIGATION_ROW_HEIGHT),
                );
                if ui.add(button).clicked() {
                    self.commands
                        .push(AppCommand::Navigate(Navigate::Page(page)));
                }
            }
            ui.add_space(10.0);
        }
    }

    pub(super) fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let count = self.doc.problems().len();
            let status = if self.doc.analysis_pending() {
                RichText::new("Recalculating…").weak()
            } else if count == 0 {
                RichText::new("Plan valid").color(style::good_color(ui.visuals()))
            } else {
                RichText::new(format!(
                    "{count} validation problem{}",
                    if count == 1 { "" } else { "s" }
                ))
                .color(style::ERROR)
            };
            if ui
                .add(egui::Button::new(status).frame(false))
                .on_hover_text("List the problems and jump to their rows")
                .clicked()
            {
                self.commands.push(AppCommand::ToggleProblems);
            }
            ui.separator();
            ui.label(
                RichText::new(format!("{} edits to undo", self.doc.history().undo_depth())).weak(),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let file = match self.doc.path() {
                    Some(path) => path.display().to_string(),
                    None => "not saved to a file yet".to_string(),
                };
                ui.label(RichText::new(file).monospace().weak());
            });
        });
    }

    pub(super) fn read_only_banner_ui(&mut self, ui: &mut egui::Ui) {
        let Some(holder) = self.doc.read_only_holder() else {
            return;
        };
        let text = format!("Read-only: {}", holder.describe());
        egui::Frame::new()
            .fill(style::BANNER_FILL)
            .inner_margin(style::NOTICE_MARGIN)
            .corner_radius(style::CORNER_RADIUS)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(text).color(style::BANNER_TEXT).strong());
                    ui.label(
                        RichText::new("— edits and Save are off; Save As keeps your own copy.")
                            .color(egui::Color32::DARK_GRAY),
                    );
                });
            });
    }

    /// The windows and prompts over the page: problems, "save changes?", restore, Check plan,
    /// scenario name and Export report.
    pub(super) fn windows_ui(&mut self, ctx: &egui::Context) {
        if self.show_problems {
            let mut open = true;
            if let Some(target) = problems::problems_window(ctx, &self.doc, &mut open) {
                self.commands.push(AppCommand::Navigate(target));
            }
            self.show_problems = open;
        }
        self.unsaved_prompt_ui(ctx);
        if !self.recovery_offers.is_empty()
            && let Some((index, answer)) =
                recovery_prompt::recovery_prompt_ui(ctx, &self.recovery_offers)
        {
            self.commands
                .push(AppCommand::AnswerRecovery(index, answer));
        }
        if let Some(report) = &self.integrity_report {
            let mut open = true;
            recovery_prompt::integrity_window(ctx, report, &mut open);
            if !open {
                self.integrity_report = None;
            }
        }
        if let Some(prompt) = self.scenario_prompt.as_mut() {
            match compare_view::scenario_prompt_ui(ctx, prompt) {
                PromptOutcome::Open => {}
                PromptOutcome::Cancel => self.scenario_prompt = None,
                PromptOutcome::Save(name) => {
                    self.commands.push(AppCommand::SaveScenarioNamed(name));
                }
            }
        }
        (self.export_dialog).ui(ctx, &self.doc, self.dialogs.as_mut());
    }

    /// The modal "save changes?" prompt while an action waits for it.
    fn unsaved_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(action) = &self.pending else {
            return;
        };
        let before = match action {
            AppCommand::NewPlan => "starting a new plan",
            AppCommand::Quit => "quitting",
            _ => "opening another plan",
        };
        let name = &self.doc.plan().settings.name;
        let queue = &mut self.commands;
        egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
            ui.set_width(380.0);
            ui.heading("Unsaved changes");
            ui.label(format!("Save the changes to “{name}” before {before}?"));
            ui.add_space(12.0);
            ui.horizontal(|ui| {
                for answer in [
                    UnsavedAnswer::Save,
                    UnsavedAnswer::Discard,
                    UnsavedAnswer::Cancel,
                ] {
                    AppCommand::AnswerUnsaved(answer).button_ui(ui, queue, true, None);
                }
                if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    queue.push(AppCommand::AnswerUnsaved(UnsavedAnswer::Cancel));
                }
            });
        });
    }
}

/// The document title in the menu bar; the unsaved marker ● is painted (the bundled font has no
/// such glyph) and is part of the accessible label, as in the window title.
fn title_ui(ui: &mut egui::Ui, doc: &Document) {
    let title = doc.title();
    let shown = title.trim_end_matches(" ●");
    let response = ui.label(RichText::new(shown).strong());
    style::accessible_label(ui, &response, title.clone());
    if doc.is_dirty() {
        let (rect, marker) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter()
            .circle_filled(rect.center(), 4.0, ui.visuals().strong_text_color());
        marker.on_hover_text("unsaved changes");
    }
}
