//! egui views: the app shell and one file per page; pages read `app` state and emit commands.
//!
//! [`OpsplanApp`] owns the [`Document`] and the page views. Each frame, [`eframe::App::logic`]
//! turns keyboard shortcuts into [`AppCommand`]s, refreshes the analysis and autosaves;
//! [`eframe::App::ui`] draws the menu, navigation, status bar, notices, the current page and the
//! prompts, which push plan edits ([`Command`]) and [`AppCommand`]s into two queues; both are
//! drained once, at the end of the frame (`command_handling.rs`). See docs/ARCHITECTURE.md.

pub mod app_command;
pub mod break_even;
pub mod capacity_view;
mod command_handling;
pub mod compare_view;
pub mod cost_view;
pub mod demand;
pub mod dialogs;
pub mod export_dialog;
pub mod forecast_view;
pub mod format;
pub mod item_picker;
pub mod level_view;
pub mod long_combo;
pub mod materials_view;
pub mod mix_view;
pub mod notices;
pub mod oee_view;
pub mod overview;
pub mod page;
pub mod plan_views;
pub mod problems;
pub mod quality_view;
pub mod queues_view;
pub mod recovery_prompt;
mod rows_by_item;
pub mod settings;
mod shell_ui;
pub mod style;
pub mod table_editor;
#[cfg(any(test, feature = "testing"))]
mod testing;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use eframe::egui;

pub use app_command::AppCommand;
pub use page::{Navigate, Page, PageContext, PageView, Section};

use crate::app::recovery::{FoundRecovery, autosave_interval};
use crate::app::{Command, Document};
use dialogs::{FileDialogs, NativeDialogs};
use notices::Notices;
use recovery_prompt::IntegrityReport;

/// Plan JSON opened when there is no file to open (DESIGN.md §4 start-up rule).
pub const BUNDLED_SAMPLE: &str = include_str!("../../data/manufacturer.json");

/// Environment variable naming the page shown at start-up (a page key such as `quality`, or a
/// title), for screenshots and demos.
pub const START_PAGE_VARIABLE: &str = "OPSPLAN_START_PAGE";

/// eframe storage key of the recent-files list.
const RECENT_FILES_KEY: &str = "recent_files";

/// Starts the desktop app: on `start` if given, else on the last plan opened if it still
/// exists, else on the bundled sample plan.
pub fn run(start: Option<PathBuf>) -> eframe::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Opsplan")
        .with_app_id("opsplan")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([900.0, 560.0]);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(crate::app::desktop::ICON_PNG) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "opsplan",
        options,
        Box::new(move |cc| Ok(Box::new(OpsplanApp::new(cc, start)))),
    )
}

/// The plan to open at start-up: the one given, else the last plan opened if it still exists;
/// `None` means the bundled sample.
pub fn start_path(start: Option<PathBuf>, recent: &[PathBuf]) -> Option<PathBuf> {
    start.or_else(|| recent.first().filter(|p| p.exists()).cloned())
}

/// The desktop application: document, page views, dialogs, prompts and the two command queues.
pub struct OpsplanApp {
    doc: Document,
    page: Page,
    /// One view per entry of [`Page::ALL`], in that order, each keeping its own UI state.
    views: Vec<Box<dyn PageView>>,
    dialogs: Box<dyn FileDialogs>,
    recent: Vec<PathBuf>,
    /// The action waiting for the answer to "save changes?".
    pending: Option<AppCommand>,
    /// Errors and information shown above the page.
    notices: Notices,
    show_problems: bool,
    /// Set once the user agreed to close, so the close request goes through.
    close_confirmed: bool,
    /// Set while a "Don't save" answer waits for its action: the plan that gets replaced (or
    /// closed) then loses its recovery snapshot, and only then.
    discard_replaced: bool,
    last_title: String,
    /// The "Save as scenario" name prompt, while it is open.
    scenario_prompt: Option<compare_view::ScenarioPrompt>,
    /// App-level actions asked for during this frame, run at its end.
    commands: Vec<AppCommand>,
    /// How long unsaved changes wait before they are autosaved as a recovery snapshot.
    autosave_every: Duration,
    /// When the changes not yet in the snapshot are due to be autosaved.
    autosave_due: Option<Instant>,
    /// Recovered changes the restore prompt offers, newest first (empty: no prompt).
    recovery_offers: Vec<FoundRecovery>,
    /// The result of File ▸ Check plan, while its window is open.
    integrity_report: Option<IntegrityReport>,
    /// File ▸ Export report…: its window, choices and running export.
    export_dialog: export_dialog::ExportDialog,
    /// Set once the fallback font is added to egui's fonts (on the first frame).
    fonts_installed: bool,
}

/// The recovery snapshot of the document's plan file newer than the file, as a restore offer.
fn offers_of(doc: &Document) -> Vec<FoundRecovery> {
    doc.pending_recovery()
        .and_then(|recovery| FoundRecovery::read(recovery, doc.path().map(PathBuf::from)))
        .into_iter()
        .collect()
}

/// A fresh view for every page of [`Page::ALL`].
fn new_views() -> Vec<Box<dyn PageView>> {
    Page::ALL.iter().map(|page| (page.create)()).collect()
}

impl OpsplanApp {
    /// The app as eframe starts it: native dialogs, recent files from eframe storage, and the
    /// start-up plan chosen by the rule of [`run`].
    pub fn new(cc: &eframe::CreationContext<'_>, start: Option<PathBuf>) -> Self {
        let recent: Vec<PathBuf> = cc
            .storage
            .and_then(|s| s.get_string(RECENT_FILES_KEY))
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        let mut app = OpsplanApp::with_document(Document::new_plan(), Box::new(NativeDialogs));
        app.recent = recent;
        let opened = start_path(start, &app.recent).is_some_and(|path| app.open_now(&path));
        if !opened {
            app.load_sample();
        }
        app.offer_recoveries_found();
        if let Some(page) = std::env::var(START_PAGE_VARIABLE)
            .ok()
            .and_then(|name| Page::from_start_name(&name))
        {
            app.page = page;
        }
        app
    }

    /// An app on a given document with given dialogs (tests pass scripted dialogs here). A
    /// recovery snapshot newer than the document's plan file is offered with the restore prompt.
    pub fn with_document(doc: Document, dialogs: Box<dyn FileDialogs>) -> Self {
        let recovery_offers = offers_of(&doc);
        OpsplanApp {
            doc,
            page: Page::OVERVIEW,
            views: new_views(),
            dialogs,
            recent: Vec::new(),
            pending: None,
            notices: Notices::default(),
            show_problems: false,
            close_confirmed: false,
            discard_replaced: false,
            last_title: String::new(),
            scenario_prompt: None,
            commands: Vec::new(),
            autosave_every: autosave_interval(),
            autosave_due: None,
            recovery_offers,
            integrity_report: None,
            export_dialog: export_dialog::ExportDialog::default(),
            fonts_installed: false,
        }
    }

    /// Autosaves when it is due at `now` (called every frame with the current time). Writes
    /// the recovery snapshot once the plan has had changes not in the snapshot for the
    /// autosave interval; removes the snapshot when the plan is back to its saved state.
    /// Returns how long until the next autosave is due, so the frame loop can wake up for it
    /// while the user is idle.
    fn autosave_if_due(&mut self, now: Instant) -> Option<Duration> {
        if !self.doc.needs_snapshot() {
            self.autosave_due = None;
            if !self.doc.is_dirty() && self.doc.has_snapshot() {
                let discarded = self.doc.discard_snapshot();
                self.report(discarded);
            }
            return None;
        }
        let due = *self.autosave_due.get_or_insert(now + self.autosave_every);
        if now < due {
            return Some(due - now);
        }
        self.autosave_due = None;
        if let Err(error) = self.doc.write_snapshot() {
            self.notices.error(format!("Could not autosave: {error}"));
        }
        None
    }

    /// The view of type `V` (a page's own state, such as the Compare page's second plan).
    fn view_mut<V: PageView>(&mut self) -> Option<&mut V> {
        self.views.iter_mut().find_map(|view| {
            let view: &mut dyn std::any::Any = view.as_mut();
            view.downcast_mut::<V>()
        })
    }

    /// Applies a plan edit as the editors do (one undo step), reporting errors as a notice.
    fn apply_edit(&mut self, command: Command) {
        if let Err(error) = self.doc.apply(command) {
            self.notices.error(error.to_string());
        }
    }

    /// Shows a failed document operation as an error notice.
    fn report(&mut self, result: Result<(), crate::app::DocumentError>) {
        if let Err(error) = result {
            self.notices.error(error.to_string());
        }
    }

    /// Draws the current page under its heading; its edits and app commands go into the queues.
    fn page_ui(&mut self, ui: &mut egui::Ui, edits: &mut Vec<Command>) {
        ui.heading(self.page.title);
        ui.add_space(style::HEADING_GAP);
        let mut context = PageContext {
            doc: &self.doc,
            edits,
            commands: &mut self.commands,
        };
        if let Some(view) = self.views.get_mut(self.page.index()) {
            view.ui(ui, &mut context);
        }
    }
}

impl eframe::App for OpsplanApp {
    /// Work that is not drawing: shortcuts, the close request, the analysis and the autosave.
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if !self.fonts_installed {
            style::install_fallback_font(ctx);
            self.fonts_installed = true;
        }
        self.handle_close_request(ctx);
        let pressed = AppCommand::from_shortcuts(ctx);
        self.commands.extend(pressed);
        if !self.doc.has_analysis_waker() {
            // The worker analysing a large plan wakes the GUI when its result is in.
            let repaint = ctx.clone();
            self.doc
                .set_analysis_waker(Arc::new(move || repaint.request_repaint()));
        }
        self.doc.refresh_analysis();
        self.update_title(ctx);
        if let Some(wait) = self.autosave_if_due(Instant::now()) {
            ctx.request_repaint_after(wait);
        }
        if let Some(wait) = self.notices.expire(SystemTime::now()) {
            ctx.request_repaint_after(wait);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let mut edits = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::left("navigation")
            .resizable(false)
            .exact_size(style::NAVIGATION_WIDTH)
            .show(ui, |ui| self.nav_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| {
            self.read_only_banner_ui(ui);
            self.notices.ui(ui);
            self.page_ui(ui, &mut edits);
        });
        self.windows_ui(&ctx);
        for command in edits {
            self.apply_edit(command);
        }
        for command in std::mem::take(&mut self.commands) {
            self.run_command(command, &ctx);
        }
    }

    /// eframe's persistence (not the plan, which `AppCommand::Save` writes): the recent files.
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Ok(text) = serde_json::to_string(&self.recent) {
            storage.set_string(RECENT_FILES_KEY, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_up_prefers_the_given_file_then_the_last_existing_plan() {
        let folder = std::env::temp_dir();
        let given = PathBuf::from("/given.opsplan");
        let gone = PathBuf::from("/no/such/plan.opsplan");
        assert_eq!(
            start_path(Some(given.clone()), std::slice::from_ref(&folder)),
            Some(given)
        );
        assert_eq!(
            start_path(None, &[folder.clone(), gone.clone()]),
            Some(folder.clone())
        );
        // Only the last plan counts: an older one that exists is not reopened.
        assert_eq!(start_path(None, &[gone, folder]), None);
        assert_eq!(start_path(None, &[]), None);
    }

    #[test]
    fn the_bundled_sample_is_a_valid_plan() {
        let mut doc = Document::from_json_text(BUNDLED_SAMPLE, "sample").expect("sample parses");
        doc.refresh_analysis();
        assert!(matches!(doc.analysis(), Some(Ok(_))));
    }
}
