//! The one place app-level actions are carried out: [`OpsplanApp::run_command`] runs each
//! [`AppCommand`] drained from the queue at the end of the frame (open, save, import, export,
//! undo, navigate, compare, quit and the prompts' answers).

use crate::domain::count_of;
use std::path::Path;

use eframe::egui;

use super::app_command::{AppCommand, UnsavedAnswer};
use super::compare_view::{CompareView, ScenarioPrompt};
use super::materials_view::MaterialsView;
use super::notices::NoticeLevel;
use super::page::{Navigate, Page};
use super::recovery_prompt::{IntegrityReport, RecoveryAnswer, recovery_message, recovery_origin};
use super::{BUNDLED_SAMPLE, OpsplanApp, new_views, offers_of};
use crate::app::files::PlanSource;
use crate::app::recovery::{FoundRecovery, find_all_recoveries};
use crate::app::{Command, Document, DocumentError};

/// Most recent files remembered.
const MAX_RECENT_FILES: usize = 10;

/// What File ▸ Export plan writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlanExport {
    /// The plan as plan JSON.
    Json,
    /// One CSV file per table, into a folder.
    CsvFolder,
    /// The plan as an `.xlsx` workbook.
    Workbook,
    /// The empty workbook a new user fills in.
    WorkbookTemplate,
}

impl OpsplanApp {
    /// Carries out one app-level action.
    pub(super) fn run_command(&mut self, command: AppCommand, ctx: &egui::Context) {
        match command {
            AppCommand::Save => {
                self.save_plan();
            }
            AppCommand::SaveAs => {
                self.save_plan_as();
            }
            AppCommand::SaveAsScenario => self.open_scenario_prompt(),
            AppCommand::SaveScenarioNamed(name) => self.save_scenario(&name),
            AppCommand::CompareWithPlanFile => self.compare_with_plan_file(),
            AppCommand::ExportJson => self.export(PlanExport::Json),
            AppCommand::ExportCsvFolder => self.export(PlanExport::CsvFolder),
            AppCommand::ExportWorkbook => self.export(PlanExport::Workbook),
            AppCommand::ExportWorkbookTemplate => self.export(PlanExport::WorkbookTemplate),
            AppCommand::ExportReport => self.export_dialog.open = true,
            AppCommand::CheckPlan => self.check_plan(),
            AppCommand::Undo => {
                let undone = self.doc.undo().map(|_| ());
                self.report(undone);
            }
            AppCommand::Redo => {
                let redone = self.doc.redo().map(|_| ());
                self.report(redone);
            }
            AppCommand::Navigate(target) => self.navigate(target),
            AppCommand::ToggleProblems => self.show_problems = !self.show_problems,
            AppCommand::AnswerUnsaved(answer) => self.answer_unsaved(answer, ctx),
            AppCommand::AnswerRecovery(index, answer) => self.answer_recovery(index, answer),
            AppCommand::NewPlan
            | AppCommand::Open
            | AppCommand::OpenRecent(_)
            | AppCommand::ImportJson
            | AppCommand::ImportCsvFolder
            | AppCommand::ImportWorkbook
            | AppCommand::Quit => self.ask_then(command, ctx),
        }
    }

    /// Runs an action that replaces the document, asking first when there are unsaved changes.
    fn ask_then(&mut self, command: AppCommand, ctx: &egui::Context) {
        if self.doc.is_dirty() {
            self.pending = Some(command);
        } else {
            self.replace_with(command, ctx);
        }
    }

    /// Carries out the answer to "save changes?" for the pending action.
    fn answer_unsaved(&mut self, answer: UnsavedAnswer, ctx: &egui::Context) {
        let Some(action) = self.pending.take() else {
            return;
        };
        let proceed = match answer {
            UnsavedAnswer::Save => self.save_plan(),
            // The changes go only once another plan has taken their place: a cancelled file
            // dialog or a file that does not open leaves them, and their recovery snapshot.
            UnsavedAnswer::Discard => {
                self.discard_replaced = true;
                true
            }
            UnsavedAnswer::Cancel => false,
        };
        if proceed {
            self.replace_with(action, ctx);
        }
        self.discard_replaced = false;
    }

    /// The document-replacing actions, once unsaved changes are dealt with.
    fn replace_with(&mut self, action: AppCommand, ctx: &egui::Context) {
        let path = match action {
            AppCommand::NewPlan => {
                self.replace_document(Document::new_plan());
                return;
            }
            AppCommand::Quit => {
                if std::mem::take(&mut self.discard_replaced) {
                    let discarded = self.doc.discard_snapshot();
                    self.report(discarded);
                }
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                return;
            }
            AppCommand::OpenRecent(path) => Some(path),
            AppCommand::Open => self.dialogs.open_plan(),
            AppCommand::ImportJson => self.dialogs.import_json(),
            AppCommand::ImportCsvFolder => self.dialogs.import_csv_folder(),
            AppCommand::ImportWorkbook => self.dialogs.import_workbook(),
            _ => None,
        };
        if let Some(path) = path {
            self.open_now(&path);
        }
    }

    /// Carries out the answer to the restore prompt about offer `index`: Restore brings that
    /// plan back as the open, unsaved document and closes the prompt (the other snapshots stay
    /// on disk for the next start); Discard removes that snapshot only.
    fn answer_recovery(&mut self, index: usize, answer: RecoveryAnswer) {
        if index >= self.recovery_offers.len() {
            return;
        }
        let found = self.recovery_offers.remove(index);
        let result = match answer {
            RecoveryAnswer::Discard => self.doc.decline_recovery(&found.recovery),
            RecoveryAnswer::Restore => {
                self.recovery_offers.clear();
                self.restore(&found)
            }
        };
        if let Err(error) = result {
            self.notices
                .error(format!("Could not use the recovered changes: {error}"));
        }
    }

    /// Restores a recovered plan: into its plan file's document (opening that file first when
    /// another is open), or as a new unsaved document for a plan that was never saved.
    fn restore(&mut self, found: &FoundRecovery) -> Result<(), DocumentError> {
        match &found.plan_file {
            Some(file) => {
                if self.doc.path() != Some(file.as_path()) && !self.open_now(file) {
                    return Ok(());
                }
                self.recovery_offers.clear();
                self.doc.restore(&found.recovery)
            }
            None => {
                let doc = Document::from_recovery(&found.recovery)?;
                self.replace_document(doc);
                Ok(())
            }
        }
    }

    /// Adds every recovery snapshot left by an Opsplan that ended without saving (never-saved
    /// plans, and the plan files in the recent list) to the restore prompt, newest first, and
    /// notes each on stderr. Called once at start-up.
    pub(super) fn offer_recoveries_found(&mut self) {
        let mut plan_files = self.recent.clone();
        plan_files.extend(self.doc.path().map(Path::to_path_buf));
        for found in find_all_recoveries(&plan_files) {
            if self
                .recovery_offers
                .iter()
                .all(|offer| offer.recovery.path != found.recovery.path)
            {
                self.recovery_offers.push(found);
            }
        }
        self.recovery_offers
            .sort_by_key(|f| std::cmp::Reverse(f.recovery.saved_at));
        for found in &self.recovery_offers {
            eprintln!(
                "opsplan: offering to restore “{}”: {} ({})",
                found.plan_name,
                recovery_message(found.recovery.saved_at),
                recovery_origin(found)
            );
        }
    }

    pub(super) fn load_sample(&mut self) {
        match Document::from_json_text(BUNDLED_SAMPLE, "bundled sample plan") {
            Ok(doc) => self.replace_document(doc),
            Err(error) => self.notices.error(error.to_string()),
        }
    }

    fn replace_document(&mut self, doc: Document) {
        let mut replaced = std::mem::replace(&mut self.doc, doc);
        if std::mem::take(&mut self.discard_replaced) {
            let discarded = replaced.discard_snapshot();
            self.report(discarded);
        }
        self.views = new_views();
        self.page = Page::OVERVIEW;
    }

    /// Opens a file at once, without asking about unsaved changes. False (with a notice) when
    /// it cannot be read; the current plan then stays. The current plan's lock is let go first
    /// (reopening the same file must not find it held), and taken again if the open fails.
    /// A recovery snapshot newer than the file is offered with the restore prompt.
    pub(super) fn open_now(&mut self, path: &Path) -> bool {
        self.doc.release_lock();
        match Document::open(path) {
            Ok(doc) => {
                self.replace_document(doc);
                if self.doc.path().is_some() {
                    self.remember(path);
                }
                if let Some(problem) = self.doc.lock_problem() {
                    let text = format!("The plan is not protected by a lock: {problem}");
                    self.notices.error(text);
                }
                self.recovery_offers = offers_of(&self.doc);
                true
            }
            Err(error) => {
                self.doc.acquire_lock();
                let what = match PlanSource::of(path) {
                    PlanSource::PlanFile => "open the plan",
                    PlanSource::Json => "import the plan JSON",
                    PlanSource::CsvFolder => "import the CSV folder",
                    PlanSource::Workbook => "import the workbook",
                };
                self.notices.error(format!("Could not {what}: {error}"));
                false
            }
        }
    }

    fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT_FILES);
    }

    /// Saves to the plan's file, asking for one first when it has none. True when saved.
    fn save_plan(&mut self) -> bool {
        if self.doc.path().is_none() {
            return self.save_plan_as();
        }
        match self.doc.save_in_place() {
            Ok(()) => true,
            Err(error) => {
                self.notices.error(format!("Could not save: {error}"));
                false
            }
        }
    }

    /// Asks where to save, then saves there. True when saved.
    fn save_plan_as(&mut self) -> bool {
        let name = self.doc.plan().settings.name.clone();
        let Some(path) = self.dialogs.save_plan(&name) else {
            return false;
        };
        match self.doc.save_as(&path) {
            Ok(()) => {
                if let Some(saved) = self.doc.path().map(Path::to_path_buf) {
                    self.remember(&saved);
                }
                true
            }
            Err(error) => {
                self.notices.error(format!("Could not save: {error}"));
                false
            }
        }
    }

    /// Asks where, then writes the plan (or the empty workbook) there; the outcome is a notice.
    fn export(&mut self, export: PlanExport) {
        let plan = self.doc.plan();
        let name = plan.settings.name.clone();
        let scenarios = plan.scenarios.len();
        let target = match export {
            PlanExport::Json => self.dialogs.export_json(&name),
            PlanExport::CsvFolder => self.dialogs.export_csv_folder(),
            PlanExport::Workbook => self.dialogs.export_workbook(&name),
            PlanExport::WorkbookTemplate => self.dialogs.export_workbook_template(),
        };
        let Some(target) = target else {
            return;
        };
        let written = match export {
            PlanExport::Json => self.doc.export_json(&target).map(|()| target),
            PlanExport::CsvFolder => self.doc.export_csv(&target).map(|()| target),
            PlanExport::Workbook => self.doc.export_workbook(&target),
            PlanExport::WorkbookTemplate => Document::export_workbook_template(&target),
        };
        match written {
            Ok(path) => {
                let mut text = format!("Exported to {}", path.display());
                if export == PlanExport::Workbook && scenarios > 0 {
                    text.push_str(&format!(
                        " without the plan's {}: a workbook does not keep scenarios (export \
                         JSON for them)",
                        count_of(scenarios, "scenario", "scenarios")
                    ));
                }
                self.notices.push(NoticeLevel::Success, text);
            }
            Err(error) => self.notices.error(format!("Could not export: {error}")),
        }
    }

    /// Runs File ▸ Check plan on the plan file and keeps the result for its window.
    fn check_plan(&mut self) {
        let Some(path) = self.doc.path().map(Path::to_path_buf) else {
            return;
        };
        self.integrity_report = Some(match self.doc.check_integrity() {
            Ok(()) => IntegrityReport {
                ok: true,
                text: format!(
                    "{}: OK — SQLite's full integrity check found no problems in the saved file.",
                    path.display()
                ),
            },
            Err(error) => IntegrityReport {
                ok: false,
                text: error.to_string(),
            },
        });
    }

    /// Opens the scenario name prompt with a free default name.
    fn open_scenario_prompt(&mut self) {
        let names = crate::app::scenarios::scenario_names(self.doc.plan());
        let name = (1..)
            .map(|n| format!("Scenario {n}"))
            .find(|candidate| !names.contains(&candidate.as_str()))
            .unwrap_or_default();
        self.scenario_prompt = Some(ScenarioPrompt { name, error: None });
    }

    /// Saves the plan as scenario `name` (one undoable edit) and compares with it; a refused
    /// name keeps the prompt open with the reason.
    fn save_scenario(&mut self, name: &str) {
        match self.doc.apply(Command::SaveScenario {
            name: name.to_string(),
        }) {
            Ok(()) => {
                self.scenario_prompt = None;
                if let Some(compare) = self.view_mut::<CompareView>() {
                    compare.set_scenario(name.trim());
                }
            }
            Err(error) => match self.scenario_prompt.as_mut() {
                Some(prompt) => prompt.error = Some(error.to_string()),
                None => self.notices.error(error.to_string()),
            },
        }
    }

    /// Asks for a plan file and shows it beside the base plan on the Compare page.
    fn compare_with_plan_file(&mut self) {
        let Some(path) = self.dialogs.open_plan() else {
            return;
        };
        match Document::open(&path) {
            Ok(other) => {
                let label = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into(),
                );
                if let Some(compare) = self.view_mut::<CompareView>() {
                    compare.set_plan_file(label, other.plan().clone());
                }
                self.page = Page::COMPARE;
            }
            Err(error) => self
                .notices
                .error(format!("Could not open the plan to compare: {error}")),
        }
    }

    /// Goes to a page, a table row (on the page that edits the table) or the problems list.
    fn navigate(&mut self, target: Navigate) {
        let (table, row) = match target {
            Navigate::Page(page) => {
                self.page = page;
                return;
            }
            Navigate::Problems => {
                self.show_problems = true;
                return;
            }
            Navigate::Settings => {
                self.page = Page::SETTINGS;
                return;
            }
            Navigate::MaterialExceptions => {
                if let Some(materials) = self.view_mut::<MaterialsView>() {
                    materials.show_exceptions();
                }
                self.page = Page::MATERIALS;
                return;
            }
            Navigate::Row(table, row) => (table, Some(row)),
            Navigate::Table(table) => (table, None),
        };
        let doc = &self.doc;
        let shown = self
            .views
            .iter_mut()
            .position(|view| view.reveal(doc, table, row));
        match shown.and_then(|index| Page::ALL.get(index)) {
            Some(page) => self.page = *page,
            None => self.show_problems = true,
        }
    }

    /// Asks to close the window; with unsaved changes the close waits for the prompt.
    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && self.doc.is_dirty()
            && !self.close_confirmed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(AppCommand::Quit);
        }
    }

    /// Keeps the window title ("plan name ● — Opsplan") in step with the document.
    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.doc.title();
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }
}
