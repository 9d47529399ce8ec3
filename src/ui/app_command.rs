//! Every app-level action (new, open, save, import, export, undo, navigate, compare, quit, …)
//! as one [`AppCommand`], with its label and keyboard shortcut defined once here.
//!
//! Menus, keyboard shortcuts, page buttons and prompts all push `AppCommand`s into one queue;
//! the app drains it once, at the end of the frame (`ui/command_handling.rs`). Menu entries
//! show the platform's shortcut text from [`egui::Context::format_shortcut`].

use std::path::PathBuf;

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use super::page::Navigate;
use super::recovery_prompt::RecoveryAnswer;

/// The answers of the "save changes?" prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsavedAnswer {
    /// Save, then go on with the action that asked.
    Save,
    /// Throw the changes away and go on.
    Discard,
    /// Keep the plan open and do nothing.
    Cancel,
}

/// One app-level action.
#[derive(Debug, Clone, PartialEq)]
pub enum AppCommand {
    /// Start an empty plan.
    NewPlan,
    /// Ask for a plan file and open it.
    Open,
    /// Open a recently used plan file.
    OpenRecent(PathBuf),
    /// Save to the plan's file (asks for one when it has none).
    Save,
    /// Ask for a file and save there.
    SaveAs,
    /// Ask for a name and store the plan as a scenario.
    SaveAsScenario,
    /// Store the plan as a scenario of this name (the scenario prompt's answer).
    SaveScenarioNamed(String),
    /// Ask for a second plan file and show it on the Compare page.
    CompareWithPlanFile,
    /// Ask for a plan JSON file and open it as an unsaved import.
    ImportJson,
    /// Ask for a folder of CSV files and open it as an unsaved import.
    ImportCsvFolder,
    /// Ask for an `.xlsx` plan workbook (one sheet per table) and open it as an unsaved import.
    ImportWorkbook,
    /// Write the plan as JSON.
    ExportJson,
    /// Write the plan as one CSV file per table.
    ExportCsvFolder,
    /// Write the plan as an `.xlsx` workbook, one sheet per table.
    ExportWorkbook,
    /// Write the empty plan workbook (headers, drop-downs, a README sheet) for a new plan.
    ExportWorkbookTemplate,
    /// Open the File ▸ Export report… window.
    ExportReport,
    /// Run SQLite's integrity check on the plan file.
    CheckPlan,
    /// Close the app (asks about unsaved changes first).
    Quit,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Go to a page, a table row or the problems list.
    Navigate(Navigate),
    /// Show or hide the list of validation problems.
    ToggleProblems,
    /// The answer to the "save changes?" prompt.
    AnswerUnsaved(UnsavedAnswer),
    /// The answer to the restore prompt about one recovered plan (its index in the list).
    AnswerRecovery(usize, RecoveryAnswer),
}

/// `Ctrl` (`Cmd` on macOS) plus a key.
const fn command_key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

/// `Ctrl+Shift` (`Cmd+Shift` on macOS) plus a key.
const fn command_shift_key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(
        Modifiers {
            alt: false,
            ctrl: false,
            shift: true,
            mac_cmd: false,
            command: true,
        },
        key,
    )
}

impl AppCommand {
    /// The commands that have keyboard shortcuts, in the order they are checked: a shortcut
    /// with Shift comes before the same key without it (egui matches Ctrl+S on Ctrl+Shift+S).
    pub const WITH_SHORTCUTS: [AppCommand; 7] = [
        AppCommand::SaveAs,
        AppCommand::Save,
        AppCommand::Open,
        AppCommand::NewPlan,
        AppCommand::Quit,
        AppCommand::Redo,
        AppCommand::Undo,
    ];

    /// The menu or button label.
    pub fn label(&self) -> &'static str {
        match self {
            AppCommand::NewPlan => "New",
            AppCommand::Open => "Open…",
            AppCommand::OpenRecent(_) => "Open Recent",
            AppCommand::Save => "Save",
            AppCommand::SaveAs => "Save As…",
            AppCommand::SaveAsScenario => "Save as scenario…",
            AppCommand::SaveScenarioNamed(_) => "Save scenario",
            AppCommand::CompareWithPlanFile => "Compare with plan file…",
            AppCommand::ImportJson => "Import JSON…",
            AppCommand::ImportCsvFolder => "Import CSV folder…",
            AppCommand::ImportWorkbook => "Import workbook…",
            // The three plan exports sit in the File ▸ Export plan menu.
            AppCommand::ExportJson => "JSON…",
            AppCommand::ExportCsvFolder => "CSV folder…",
            AppCommand::ExportWorkbook => "Workbook…",
            AppCommand::ExportWorkbookTemplate => "Empty workbook template…",
            AppCommand::ExportReport => "Export report…",
            AppCommand::CheckPlan => "Check plan",
            AppCommand::Quit => "Quit",
            AppCommand::Undo => "Undo",
            AppCommand::Redo => "Redo",
            AppCommand::Navigate(_) => "Go to",
            AppCommand::ToggleProblems => "Validation problems",
            AppCommand::AnswerUnsaved(UnsavedAnswer::Save) => "Save",
            AppCommand::AnswerUnsaved(UnsavedAnswer::Discard) => "Don't save",
            AppCommand::AnswerUnsaved(UnsavedAnswer::Cancel) => "Cancel",
            AppCommand::AnswerRecovery(_, RecoveryAnswer::Restore) => "Restore",
            AppCommand::AnswerRecovery(_, RecoveryAnswer::Discard) => "Discard",
        }
    }

    /// The keyboard shortcuts, the one shown in menus first.
    pub fn shortcuts(&self) -> &'static [KeyboardShortcut] {
        const NEW: [KeyboardShortcut; 1] = [command_key(Key::N)];
        const OPEN: [KeyboardShortcut; 1] = [command_key(Key::O)];
        const SAVE: [KeyboardShortcut; 1] = [command_key(Key::S)];
        const SAVE_AS: [KeyboardShortcut; 1] = [command_shift_key(Key::S)];
        const QUIT: [KeyboardShortcut; 1] = [command_key(Key::Q)];
        const UNDO: [KeyboardShortcut; 1] = [command_key(Key::Z)];
        const REDO: [KeyboardShortcut; 2] = [command_shift_key(Key::Z), command_key(Key::Y)];
        match self {
            AppCommand::NewPlan => &NEW,
            AppCommand::Open => &OPEN,
            AppCommand::Save => &SAVE,
            AppCommand::SaveAs => &SAVE_AS,
            AppCommand::Quit => &QUIT,
            AppCommand::Undo => &UNDO,
            AppCommand::Redo => &REDO,
            _ => &[],
        }
    }

    /// False for shortcuts a text field needs for itself (Undo and Redo while typing undo the
    /// text, not the plan).
    fn works_while_typing(&self) -> bool {
        !matches!(self, AppCommand::Undo | AppCommand::Redo)
    }

    /// The commands whose shortcut was pressed this frame (each key press consumed once).
    pub fn from_shortcuts(ctx: &egui::Context) -> Vec<AppCommand> {
        let typing = ctx.egui_wants_keyboard_input();
        let mut pressed = Vec::new();
        for command in AppCommand::WITH_SHORTCUTS {
            if typing && !command.works_while_typing() {
                continue;
            }
            let hit = command
                .shortcuts()
                .iter()
                .any(|shortcut| ctx.input_mut(|i| i.consume_shortcut(shortcut)));
            if hit {
                pressed.push(command);
            }
        }
        pressed
    }

    /// The platform's text for the first shortcut ("Ctrl+S", "⌘S"), if there is one.
    pub fn shortcut_text(&self, ctx: &egui::Context) -> Option<String> {
        self.shortcuts()
            .first()
            .map(|shortcut| ctx.format_shortcut(shortcut))
    }

    /// A menu entry or button for this command with its shortcut text, pushing the command into
    /// `queue` when clicked. `label` replaces [`AppCommand::label`] when given ("Undo rename").
    pub fn button_ui(
        self,
        ui: &mut egui::Ui,
        queue: &mut Vec<AppCommand>,
        enabled: bool,
        label: Option<String>,
    ) -> egui::Response {
        let mut button = egui::Button::new(label.unwrap_or_else(|| self.label().to_string()));
        if let Some(text) = self.shortcut_text(ui.ctx()) {
            button = button.shortcut_text(text);
        }
        let response = ui.add_enabled(enabled, button);
        if response.clicked() {
            queue.push(self);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifted_shortcuts_are_checked_before_the_same_key_without_shift() {
        let position = |command: AppCommand| {
            AppCommand::WITH_SHORTCUTS
                .iter()
                .position(|c| *c == command)
                .unwrap_or(usize::MAX)
        };
        assert!(position(AppCommand::SaveAs) < position(AppCommand::Save));
        assert!(position(AppCommand::Redo) < position(AppCommand::Undo));
    }

    #[test]
    fn every_listed_command_has_a_shortcut_and_no_two_share_one() {
        let mut seen = Vec::new();
        for command in AppCommand::WITH_SHORTCUTS {
            assert!(!command.shortcuts().is_empty(), "{command:?}");
            for shortcut in command.shortcuts() {
                assert!(!seen.contains(shortcut), "{shortcut:?} used twice");
                seen.push(*shortcut);
            }
        }
        assert!(AppCommand::ExportReport.shortcuts().is_empty());
    }

    #[test]
    fn menus_show_the_platform_text_of_the_shortcut() {
        let ctx = egui::Context::default();
        let text = AppCommand::SaveAs.shortcut_text(&ctx).unwrap_or_default();
        // egui formats Ctrl+Shift+S as "Ctrl+Shift+S" off macOS and "⇧⌘S" on it.
        assert!(text == "Ctrl+Shift+S" || text == "⇧⌘S", "{text}");
        assert_eq!(AppCommand::CheckPlan.shortcut_text(&ctx), None);
    }
}
