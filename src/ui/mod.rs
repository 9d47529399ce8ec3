//! egui views: one file per view; views read `app` state and emit commands.
//!
//! [`OpsplanApp`] owns the [`Document`], draws the menu, the navigation list, the status bar and
//! the current page, applies the [`Command`]s the views emit after each frame, and guards
//! unsaved changes with a Save / Don't save / Cancel prompt.

pub mod break_even;
pub mod capacity_view;
pub mod compare_view;
pub mod cost_view;
pub mod demand;
pub mod dialogs;
pub mod export_dialog;
pub mod format;
pub mod mix_view;
pub mod oee_view;
pub mod overview;
pub mod plan_views;
pub mod problems;
pub mod quality_view;
pub mod queues_view;
pub mod recovery_prompt;
pub mod settings;
pub mod table_editor;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use eframe::egui::{self, RichText};

use crate::app::recovery::{Recovery, autosave_interval};
use crate::app::{Command, Document, TableKind};
use dialogs::{FileDialogs, NativeDialogs};
use recovery_prompt::{IntegrityReport, RecoveryAnswer};

/// Plan JSON opened when there is no file to open (DESIGN.md §4 start-up rule).
pub const BUNDLED_SAMPLE: &str = include_str!("../../data/manufacturer.json");

/// Most recent files remembered.
const MAX_RECENT_FILES: usize = 10;

/// Environment variable naming the page shown at start-up (a page title such as `quality`),
/// for screenshots and demos.
pub const START_PAGE_VARIABLE: &str = "OPSPLAN_START_PAGE";

/// Test hook (used by `tests/reliability_recovery_gui.rs`, which cannot click): when set, the app
/// renames the plan to this variable's value right after start-up, an ordinary undoable edit that
/// makes the plan dirty so that autosave has something to write.
pub const TEST_EDIT_VARIABLE: &str = "OPSPLAN_TEST_EDIT";

/// How often the GUI looks for the result of an analysis running on a worker thread.
const ANALYSIS_POLL: std::time::Duration = std::time::Duration::from_millis(15);

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

/// The pages of the left navigation list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Key figures, each linking to its view.
    Overview,
    /// Plan name, currency, horizon, start date.
    Settings,
    /// Items table.
    Items,
    /// Bills of materials per parent, with the tree.
    Bom,
    /// Routing steps per item.
    Routing,
    /// Resources table.
    Resources,
    /// Demand grid, item × period.
    Demand,
    /// Characteristics, measurements, inspections, defects and queues.
    QualityData,
    /// Cost dashboard.
    Cost,
    /// Capacity dashboard.
    Capacity,
    /// Erlang C figures and staffing per queue, with the queue and arrival editors.
    Queues,
    /// Product mix that earns the most contribution ("What to make").
    Mix,
    /// Base plan against a scenario or another plan file.
    Compare,
    /// Quality dashboard: control charts, capability, attribute charts, Pareto and RTY.
    Quality,
    /// OEE and downtime from the production log, measured against planned efficiency.
    Oee,
}

impl Page {
    /// Every page, in navigation order (tests walk them all).
    pub const ALL: [Page; 15] = [
        Page::Overview,
        Page::Settings,
        Page::Items,
        Page::Bom,
        Page::Routing,
        Page::Resources,
        Page::Demand,
        Page::QualityData,
        Page::Cost,
        Page::Capacity,
        Page::Quality,
        Page::Oee,
        Page::Queues,
        Page::Mix,
        Page::Compare,
    ];

    /// Navigation groups: a heading and its pages.
    pub const GROUPS: [(&'static str, &'static [Page]); 4] = [
        ("Summary", &[Page::Overview]),
        (
            "Plan data",
            &[
                Page::Settings,
                Page::Items,
                Page::Bom,
                Page::Routing,
                Page::Resources,
                Page::Demand,
                Page::QualityData,
            ],
        ),
        (
            "Dashboards",
            &[Page::Cost, Page::Capacity, Page::Quality, Page::Oee],
        ),
        ("Planning", &[Page::Queues, Page::Mix, Page::Compare]),
    ];

    /// Name shown in the navigation list.
    pub fn title(self) -> &'static str {
        match self {
            Page::Overview => "Overview",
            Page::Settings => "Plan settings",
            Page::Items => "Items",
            Page::Bom => "Bills of materials",
            Page::Routing => "Routings",
            Page::Resources => "Resources",
            Page::Demand => "Demand",
            Page::QualityData => "Quality & queues",
            Page::Cost => "Cost",
            Page::Capacity => "Capacity",
            Page::Queues => "Queues & staffing",
            Page::Mix => "What to make",
            Page::Compare => "Compare",
            Page::Quality => "Quality",
            Page::Oee => "OEE",
        }
    }

    /// The page named by `OPSPLAN_START_PAGE` (screenshots and demos start on it): a short
    /// name (`quality`, `queues`, `mix`, …) or any page title, ignoring case.
    pub fn from_start_name(name: &str) -> Option<Page> {
        let by_title = Page::GROUPS
            .iter()
            .flat_map(|(_, pages)| pages.iter().copied())
            .find(|page| page.title().eq_ignore_ascii_case(name.trim()));
        if by_title.is_some() {
            return by_title;
        }
        match name.trim().to_ascii_lowercase().as_str() {
            "overview" => Some(Page::Overview),
            "cost" => Some(Page::Cost),
            "capacity" => Some(Page::Capacity),
            "queues" => Some(Page::Queues),
            "mix" => Some(Page::Mix),
            "compare" => Some(Page::Compare),
            "quality" => Some(Page::Quality),
            "oee" => Some(Page::Oee),
            _ => None,
        }
    }

    /// The page that edits a table.
    pub fn of_table(table: TableKind) -> Page {
        match table {
            TableKind::Items => Page::Items,
            TableKind::Bom => Page::Bom,
            TableKind::Resources => Page::Resources,
            TableKind::Routing => Page::Routing,
            TableKind::Demand => Page::Demand,
            TableKind::Characteristics
            | TableKind::Measurements
            | TableKind::Inspections
            | TableKind::Defects
            | TableKind::ControlLimits
            | TableKind::ChartSettings => Page::QualityData,
            TableKind::Queues | TableKind::QueueArrivals => Page::Queues,
            // Until their own pages exist, each new table opens the page of what it refers to.
            TableKind::Receipts | TableKind::MasterSchedule => Page::Items,
            TableKind::Calendar => Page::Settings,
            TableKind::ResourcePeriods => Page::Resources,
            TableKind::ProductionLog | TableKind::Downtime => Page::Oee,
            TableKind::History | TableKind::ForecastSettings => Page::Demand,
        }
    }
}

/// Where a view asks the app to go (a linked figure, a problem's row).
#[derive(Debug, Clone, PartialEq)]
pub enum Navigate {
    Page(Page),
    /// Open the list of validation problems.
    Problems,
    /// Show a table row (0-based) in its editor.
    Row(TableKind, usize),
    /// Show the plan settings (problems of the `plan` row).
    Settings,
}

/// What waits for the answer to "save changes?".
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    New,
    /// Open this file, or ask for one when `None`.
    Open(Option<PathBuf>),
    Import(ImportKind),
    Quit,
}

/// The two import sources of the File menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImportKind {
    Json,
    CsvFolder,
}

/// The views, each keeping its own UI state (filters, selections, chart settings).
struct Views {
    overview: overview::OverviewView,
    settings: settings::SettingsView,
    items: table_editor::TableEditor,
    bom: plan_views::BomView,
    routing: plan_views::RoutingView,
    resources: table_editor::TableEditor,
    demand: demand::DemandView,
    quality: plan_views::QualityDataView,
    cost: cost_view::CostView,
    capacity: capacity_view::CapacityView,
    queues: queues_view::QueuesView,
    mix: mix_view::MixView,
    compare: compare_view::CompareView,
    quality_dashboard: quality_view::QualityView,
    oee: oee_view::OeeView,
}

impl Views {
    fn new() -> Self {
        Views {
            overview: overview::OverviewView::default(),
            settings: settings::SettingsView,
            items: table_editor::TableEditor::new(TableKind::Items),
            bom: plan_views::BomView::default(),
            routing: plan_views::RoutingView::default(),
            resources: table_editor::TableEditor::new(TableKind::Resources),
            demand: demand::DemandView::default(),
            quality: plan_views::QualityDataView::default(),
            cost: cost_view::CostView::default(),
            capacity: capacity_view::CapacityView::default(),
            queues: queues_view::QueuesView::default(),
            mix: mix_view::MixView::default(),
            compare: compare_view::CompareView::default(),
            quality_dashboard: quality_view::QualityView::default(),
            oee: oee_view::OeeView::default(),
        }
    }
}

/// The desktop application: document, navigation, dialogs and prompts.
pub struct OpsplanApp {
    doc: Document,
    page: Page,
    views: Views,
    dialogs: Box<dyn FileDialogs>,
    recent: Vec<PathBuf>,
    pending: Option<Pending>,
    /// Error or information shown until dismissed.
    notice: Option<String>,
    show_problems: bool,
    /// Set once the user agreed to close, so the close request goes through.
    close_confirmed: bool,
    last_title: String,
    /// The "Save as scenario" name prompt, while it is open.
    scenario_prompt: Option<compare_view::ScenarioPrompt>,
    /// What the compare page asked for this frame.
    compare_request: Option<compare_view::CompareRequest>,
    /// How long unsaved changes wait before they are autosaved as a recovery snapshot.
    autosave_every: Duration,
    /// When the changes not yet in the snapshot are due to be autosaved.
    autosave_due: Option<Instant>,
    /// A snapshot newer than the opened plan file, while the restore prompt asks about it.
    recovery_offer: Option<Recovery>,
    /// The result of File ▸ Check plan, while its window is open.
    integrity_report: Option<IntegrityReport>,
    /// File ▸ Export report…: its window, choices and running export.
    export_dialog: export_dialog::ExportDialog,
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
        if let Ok(name) = std::env::var(TEST_EDIT_VARIABLE) {
            app.rename_plan(name);
        }
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
        let recovery_offer = doc.pending_recovery();
        OpsplanApp {
            doc,
            page: Page::Overview,
            views: Views::new(),
            dialogs,
            recent: Vec::new(),
            pending: None,
            notice: None,
            show_problems: false,
            close_confirmed: false,
            last_title: String::new(),
            scenario_prompt: None,
            compare_request: None,
            autosave_every: autosave_interval(),
            autosave_due: None,
            recovery_offer,
            integrity_report: None,
            export_dialog: export_dialog::ExportDialog::default(),
        }
    }

    /// Renames the plan (one undoable edit), as the Plan settings page does.
    fn rename_plan(&mut self, name: String) {
        let mut settings = self.doc.plan().settings.clone();
        settings.name = name;
        self.apply(Command::SetSettings {
            settings,
            field: "name",
        });
    }

    /// How long unsaved changes wait before they are autosaved (`OPSPLAN_AUTOSAVE_SECS`).
    pub fn autosave_every(&self) -> Duration {
        self.autosave_every
    }

    /// Autosaves when it is due at `now` (called every frame with the current time; tests pass
    /// a later time instead of waiting). Writes the recovery snapshot once the plan has had
    /// changes not in the snapshot for the autosave interval; removes the snapshot when the
    /// plan is back to its saved state. Returns how long until the next autosave is due, so
    /// the frame loop can wake up for it while the user is idle.
    pub fn autosave_tick(&mut self, now: Instant) -> Option<Duration> {
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
            self.notice = Some(format!("Could not autosave: {error}"));
        }
        None
    }

    /// True while the restore prompt for recovered changes is shown.
    pub fn is_offering_recovery(&self) -> bool {
        self.recovery_offer.is_some()
    }

    /// The File ▸ Export report… window (tests read its outcome).
    pub fn export_dialog(&self) -> &export_dialog::ExportDialog {
        &self.export_dialog
    }

    /// The result of the last File ▸ Check plan, while its window is open.
    pub fn integrity_report(&self) -> Option<&IntegrityReport> {
        self.integrity_report.as_ref()
    }

    /// Shows a failed document operation as the notice.
    fn report(&mut self, result: Result<(), crate::app::DocumentError>) {
        if let Err(error) = result {
            self.notice = Some(error.to_string());
        }
    }

    /// The open document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The page shown.
    pub fn page(&self) -> Page {
        self.page
    }

    /// The quality dashboard's state (tests select a characteristic through it).
    pub fn quality_view(&mut self) -> &mut quality_view::QualityView {
        &mut self.views.quality_dashboard
    }

    /// Shows a page.
    pub fn show_page(&mut self, page: Page) {
        self.page = page;
    }

    /// True while the "save changes?" prompt is shown.
    pub fn is_prompting(&self) -> bool {
        self.pending.is_some()
    }

    /// The error or information message shown, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Recently opened plan files, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.recent
    }

    /// Applies a command as the editors do (one undo step), reporting errors as a notice.
    pub fn apply(&mut self, command: Command) {
        if let Err(error) = self.doc.apply(command) {
            self.notice = Some(error.to_string());
        }
    }

    fn load_sample(&mut self) {
        match Document::from_json_text(BUNDLED_SAMPLE, "bundled sample plan") {
            Ok(doc) => self.replace_document(doc),
            Err(error) => self.notice = Some(error.to_string()),
        }
    }

    fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.views = Views::new();
        self.page = Page::Overview;
    }

    /// Opens a file at once, without asking about unsaved changes. False (with a notice) when
    /// it cannot be read; the current plan then stays. The current plan's lock is let go first
    /// (reopening the same file must not find it held), and taken again if the open fails.
    /// A recovery snapshot newer than the file is offered with the restore prompt.
    fn open_now(&mut self, path: &Path) -> bool {
        self.doc.release_lock();
        match Document::open(path) {
            Ok(doc) => {
                self.replace_document(doc);
                if self.doc.path().is_some() {
                    self.remember(path);
                }
                if let Some(problem) = self.doc.lock_problem() {
                    self.notice = Some(format!("The plan is not protected by a lock: {problem}"));
                }
                self.recovery_offer = self.doc.pending_recovery();
                true
            }
            Err(error) => {
                self.doc.acquire_lock();
                self.notice = Some(format!("Could not open the plan: {error}"));
                false
            }
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

    /// Draws the restore prompt and carries out the answer.
    fn recovery_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(found) = self.recovery_offer.clone() else {
            return;
        };
        let Some(answer) = recovery_prompt::recovery_prompt_ui(ctx, found.saved_at) else {
            return;
        };
        self.recovery_offer = None;
        let result = match answer {
            RecoveryAnswer::Restore => self.doc.restore(&found),
            RecoveryAnswer::Discard => self.doc.decline_recovery(&found),
        };
        if let Err(error) = result {
            self.notice = Some(format!("Could not use the recovered changes: {error}"));
        }
    }

    fn integrity_window_ui(&mut self, ctx: &egui::Context) {
        let Some(report) = self.integrity_report.as_ref() else {
            return;
        };
        let mut open = true;
        recovery_prompt::integrity_window(ctx, report, &mut open);
        if !open {
            self.integrity_report = None;
        }
    }

    fn read_only_banner_ui(&mut self, ui: &mut egui::Ui) {
        let Some(holder) = self.doc.read_only_holder() else {
            return;
        };
        let text = format!("Read-only: {}", holder.describe());
        egui::Frame::new()
            .fill(egui::Color32::from_rgb(255, 236, 179))
            .inner_margin(6.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(text).color(egui::Color32::BLACK).strong());
                    ui.label(
                        RichText::new("— edits and Save are off; Save As keeps your own copy.")
                            .color(egui::Color32::DARK_GRAY),
                    );
                });
            });
    }

    fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT_FILES);
    }

    /// Saves to the plan's file, asking for one first when it has none. True when saved.
    fn save(&mut self) -> bool {
        if self.doc.path().is_none() {
            return self.save_as();
        }
        match self.doc.save() {
            Ok(()) => true,
            Err(error) => {
                self.notice = Some(format!("Could not save: {error}"));
                false
            }
        }
    }

    /// Asks where to save, then saves there. True when saved.
    fn save_as(&mut self) -> bool {
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
                self.notice = Some(format!("Could not save: {error}"));
                false
            }
        }
    }

    /// Runs an action that replaces the document, asking first when there are unsaved changes.
    fn request(&mut self, action: Pending, ctx: &egui::Context) {
        if self.doc.is_dirty() {
            self.pending = Some(action);
        } else {
            self.perform(action, ctx);
        }
    }

    fn perform(&mut self, action: Pending, ctx: &egui::Context) {
        match action {
            Pending::New => self.replace_document(Document::new_plan()),
            Pending::Open(Some(path)) => {
                self.open_now(&path);
            }
            Pending::Open(None) => {
                if let Some(path) = self.dialogs.open_plan() {
                    self.open_now(&path);
                }
            }
            Pending::Import(kind) => {
                let path = match kind {
                    ImportKind::Json => self.dialogs.import_json(),
                    ImportKind::CsvFolder => self.dialogs.import_csv_folder(),
                };
                if let Some(path) = path {
                    self.open_now(&path);
                }
            }
            Pending::Quit => {
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn export(&mut self, csv: bool) {
        let name = self.doc.plan().settings.name.clone();
        let result = if csv {
            self.dialogs
                .export_csv_folder()
                .map(|dir| self.doc.export_csv(&dir).map(|()| dir))
        } else {
            self.dialogs
                .export_json(&name)
                .map(|path| self.doc.export_json(&path).map(|()| path))
        };
        self.notice = match result {
            None => return,
            Some(Ok(path)) => Some(format!("Exported to {}", path.display())),
            Some(Err(error)) => Some(format!("Could not export: {error}")),
        };
    }

    fn undo(&mut self) {
        if let Err(error) = self.doc.undo() {
            self.notice = Some(error.to_string());
        }
    }

    fn redo(&mut self) {
        if let Err(error) = self.doc.redo() {
            self.notice = Some(error.to_string());
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let shortcut = |modifiers, key| {
            ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(modifiers, key)))
        };
        let command_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        if shortcut(command_shift, Key::S) {
            self.save_as();
        } else if shortcut(Modifiers::COMMAND, Key::S) {
            self.save();
        }
        if shortcut(Modifiers::COMMAND, Key::O) {
            self.request(Pending::Open(None), ctx);
        }
        if shortcut(Modifiers::COMMAND, Key::N) {
            self.request(Pending::New, ctx);
        }
        if shortcut(Modifiers::COMMAND, Key::Q) {
            self.request(Pending::Quit, ctx);
        }
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        if shortcut(command_shift, Key::Z) || shortcut(Modifiers::COMMAND, Key::Y) {
            self.redo();
        } else if shortcut(Modifiers::COMMAND, Key::Z) {
            self.undo();
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && self.doc.is_dirty()
            && !self.close_confirmed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(Pending::Quit);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.doc.title();
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| self.file_menu_ui(ui, &ctx));
            ui.menu_button("Edit", |ui| self.edit_menu_ui(ui));
            ui.menu_button("View", |ui| {
                for (_, pages) in Page::GROUPS {
                    for &page in pages {
                        if ui.button(page.title()).clicked() {
                            self.page = page;
                        }
                    }
                }
            });
            ui.separator();
            title_ui(ui, &self.doc);
        });
    }

    fn file_menu_ui(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        let shortcut = |ui: &mut egui::Ui, text: &str, keys: &str| {
            ui.add(egui::Button::new(text).shortcut_text(keys))
                .clicked()
        };
        if shortcut(ui, "New", "Ctrl+N") {
            self.request(Pending::New, ctx);
        }
        if shortcut(ui, "Open…", "Ctrl+O") {
            self.request(Pending::Open(None), ctx);
        }
        ui.menu_button("Open Recent", |ui| {
            if self.recent.is_empty() {
                ui.label(RichText::new("No recent plans").weak());
            }
            for path in self.recent.clone() {
                let label = path.display().to_string();
                if ui
                    .add_enabled(path.exists(), egui::Button::new(label))
                    .clicked()
                {
                    self.request(Pending::Open(Some(path)), ctx);
                }
            }
        });
        ui.separator();
        let save = egui::Button::new("Save").shortcut_text("Ctrl+S");
        if ui.add_enabled(!self.doc.is_read_only(), save).clicked() {
            self.save();
        }
        if shortcut(ui, "Save As…", "Ctrl+Shift+S") {
            self.save_as();
        }
        ui.separator();
        if ui.button("Save as scenario…").clicked() {
            self.open_scenario_prompt();
        }
        if ui.button("Compare with plan file…").clicked() {
            self.compare_with_plan_file();
        }
        ui.separator();
        if ui.button("Import JSON…").clicked() {
            self.request(Pending::Import(ImportKind::Json), ctx);
        }
        if ui.button("Import CSV folder…").clicked() {
            self.request(Pending::Import(ImportKind::CsvFolder), ctx);
        }
        if ui.button("Export JSON…").clicked() {
            self.export(false);
        }
        if ui.button("Export CSV folder…").clicked() {
            self.export(true);
        }
        if ui.button("Export report…").clicked() {
            self.export_dialog.open = true;
        }
        ui.separator();
        let check = ui
            .add_enabled(self.doc.path().is_some(), egui::Button::new("Check plan"))
            .on_disabled_hover_text("Save the plan to a file first");
        if check.clicked() {
            self.check_plan();
        }
        ui.separator();
        if shortcut(ui, "Quit", "Ctrl+Q") {
            self.request(Pending::Quit, ctx);
        }
    }

    fn edit_menu_ui(&mut self, ui: &mut egui::Ui) {
        let undo_label = self.doc.history().undo_label().map(str::to_string);
        let redo_label = self.doc.history().redo_label().map(str::to_string);
        let undo = egui::Button::new(format!("Undo {}", undo_label.clone().unwrap_or_default()))
            .shortcut_text("Ctrl+Z");
        if ui.add_enabled(undo_label.is_some(), undo).clicked() {
            self.undo();
        }
        let redo = egui::Button::new(format!("Redo {}", redo_label.clone().unwrap_or_default()))
            .shortcut_text("Ctrl+Shift+Z");
        if ui.add_enabled(redo_label.is_some(), redo).clicked() {
            self.redo();
        }
    }

    fn nav_ui(&mut self, ui: &mut egui::Ui) {
        ui.add_space(8.0);
        for (heading, pages) in Page::GROUPS {
            ui.label(RichText::new(heading.to_uppercase()).small().weak());
            for &page in pages {
                let selected = self.page == page;
                let button = egui::Button::selectable(selected, page.title())
                    .min_size(egui::vec2(ui.available_width(), 26.0));
                if ui.add(button).clicked() {
                    self.page = page;
                }
            }
            ui.add_space(10.0);
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let count = self.doc.problems().len();
            let status = if self.doc.analysis_pending() {
                RichText::new("Recalculating…").weak()
            } else if count == 0 {
                RichText::new("Plan valid").color(egui::Color32::from_rgb(60, 150, 80))
            } else {
                RichText::new(format!(
                    "{count} validation problem{}",
                    if count == 1 { "" } else { "s" }
                ))
                .color(table_editor::ERROR_COLOR)
            };
            if ui
                .add(egui::Button::new(status).frame(false))
                .on_hover_text("List the problems and jump to their rows")
                .clicked()
            {
                self.show_problems = !self.show_problems;
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

    fn page_ui(&mut self, ui: &mut egui::Ui, out: &mut Vec<Command>) -> Option<Navigate> {
        ui.heading(self.page.title());
        ui.add_space(6.0);
        let doc = &self.doc;
        let views = &mut self.views;
        match self.page {
            Page::Overview => return views.overview.ui(ui, doc),
            Page::Settings => views.settings.ui(ui, doc, out),
            Page::Items => views.items.ui(ui, doc, None, out),
            Page::Bom => views.bom.ui(ui, doc, out),
            Page::Routing => views.routing.ui(ui, doc, out),
            Page::Resources => views.resources.ui(ui, doc, None, out),
            Page::Demand => views.demand.ui(ui, doc, out),
            Page::QualityData => views.quality.ui(ui, doc, out),
            Page::Cost => return views.cost.ui(ui, doc),
            Page::Capacity => return views.capacity.ui(ui, doc),
            Page::Queues => views.queues.ui(ui, doc, out),
            Page::Mix => views.mix.ui(ui, doc),
            Page::Compare => self.compare_request = views.compare.ui(ui, doc, out),
            Page::Quality => return views.quality_dashboard.ui(ui, doc, out),
            Page::Oee => return views.oee.ui(ui, doc, out),
        }
        None
    }

    fn navigate(&mut self, target: Navigate) {
        match target {
            Navigate::Page(page) => self.page = page,
            Navigate::Problems => self.show_problems = true,
            Navigate::Settings => self.page = Page::Settings,
            Navigate::Row(table, row) => {
                self.page = Page::of_table(table);
                let doc = &self.doc;
                match table {
                    TableKind::Items => self.views.items.reveal(row),
                    TableKind::Resources => self.views.resources.reveal(row),
                    TableKind::Bom => self.views.bom.reveal(doc, row),
                    TableKind::Routing => self.views.routing.reveal(doc, row),
                    TableKind::Demand => self.views.demand.reveal(doc, row),
                    TableKind::Queues | TableKind::QueueArrivals => {
                        self.views.queues.reveal(table, row)
                    }
                    TableKind::ProductionLog | TableKind::Downtime => {
                        self.views.oee.reveal(table, Some(row));
                    }
                    _ => self.views.quality.reveal(table, row),
                }
            }
        }
    }

    fn prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(action) = self.pending.clone() else {
            return;
        };
        let mut answer = None;
        let name = self.doc.plan().settings.name.clone();
        egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
            ui.set_width(380.0);
            ui.heading("Unsaved changes");
            ui.label(format!(
                "Save the changes to “{name}” before {}?",
                match action {
                    Pending::New => "starting a new plan",
                    Pending::Open(_) | Pending::Import(_) => "opening another plan",
                    Pending::Quit => "quitting",
                }
            ));
            ui.add_space(12.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Some(PromptAnswer::Save);
                }
                if ui.button("Don't save").clicked() {
                    answer = Some(PromptAnswer::Discard);
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    answer = Some(PromptAnswer::Cancel);
                }
            });
        });
        let Some(answer) = answer else {
            return;
        };
        self.pending = None;
        let proceed = match answer {
            PromptAnswer::Save => self.save(),
            PromptAnswer::Discard => {
                let discarded = self.doc.discard_snapshot();
                self.report(discarded);
                true
            }
            PromptAnswer::Cancel => false,
        };
        if proceed {
            self.perform(action, ctx);
        }
    }

    /// Opens the scenario name prompt with a free default name.
    fn open_scenario_prompt(&mut self) {
        let names = crate::app::scenarios::scenario_names(self.doc.plan());
        let name = (1..)
            .map(|n| format!("Scenario {n}"))
            .find(|candidate| !names.contains(&candidate.as_str()))
            .unwrap_or_default();
        self.scenario_prompt = Some(compare_view::ScenarioPrompt { name, error: None });
    }

    /// Draws the scenario prompt; saving is one undoable command, a refused name keeps it open.
    fn scenario_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(prompt) = self.scenario_prompt.as_mut() else {
            return;
        };
        match compare_view::scenario_prompt_ui(ctx, prompt) {
            compare_view::PromptOutcome::Open => {}
            compare_view::PromptOutcome::Cancel => self.scenario_prompt = None,
            compare_view::PromptOutcome::Save(name) => {
                match self.doc.apply(Command::SaveScenario { name: name.clone() }) {
                    Ok(()) => {
                        self.scenario_prompt = None;
                        self.views.compare.set_scenario(name.trim());
                    }
                    Err(error) => prompt.error = Some(error.to_string()),
                }
            }
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
                self.views
                    .compare
                    .set_plan_file(label, other.plan().clone());
                self.page = Page::Compare;
            }
            Err(error) => {
                self.notice = Some(format!("Could not open the plan to compare: {error}"))
            }
        }
    }

    fn notice_ui(&mut self, ui: &mut egui::Ui) {
        let Some(notice) = self.notice.clone() else {
            return;
        };
        egui::Frame::new()
            .fill(ui.visuals().extreme_bg_color)
            .inner_margin(6.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(notice);
                    if ui.small_button("Dismiss").clicked() {
                        self.notice = None;
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
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(title.clone()));
    if doc.is_dirty() {
        let (rect, marker) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter()
            .circle_filled(rect.center(), 4.0, ui.visuals().strong_text_color());
        marker.on_hover_text("unsaved changes");
    }
}

/// The three answers of the unsaved-changes prompt.
enum PromptAnswer {
    Save,
    Discard,
    Cancel,
}

impl eframe::App for OpsplanApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.handle_close_request(&ctx);
        self.handle_shortcuts(&ctx);
        self.doc.refresh_analysis();
        if self.doc.analysis_pending() {
            // A large plan is analysed on a worker; look for its result again soon.
            ctx.request_repaint_after(ANALYSIS_POLL);
        }
        self.update_title(&ctx);
        if let Some(wait) = self.autosave_tick(Instant::now()) {
            ctx.request_repaint_after(wait);
        }
        let mut out = Vec::new();
        let mut navigation = None;
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::left("navigation")
            .resizable(false)
            .exact_size(190.0)
            .show(ui, |ui| self.nav_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| {
            self.read_only_banner_ui(ui);
            self.notice_ui(ui);
            navigation = self.page_ui(ui, &mut out);
        });
        if self.show_problems {
            let mut open = true;
            if let Some(target) = problems::problems_window(&ctx, &self.doc, &mut open) {
                navigation = Some(target);
            }
            self.show_problems = open;
        }
        self.prompt_ui(&ctx);
        self.recovery_prompt_ui(&ctx);
        self.integrity_window_ui(&ctx);
        self.scenario_prompt_ui(&ctx);
        (self.export_dialog).ui(&ctx, &self.doc, self.dialogs.as_mut());
        for command in out {
            self.apply(command);
        }
        match self.compare_request.take() {
            Some(compare_view::CompareRequest::SaveScenario) => self.open_scenario_prompt(),
            Some(compare_view::CompareRequest::PickPlanFile) => self.compare_with_plan_file(),
            None => {}
        }
        if let Some(target) = navigation {
            self.navigate(target);
        }
    }

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

    /// Its exhaustive match stops compiling when a page is added, until the page is listed in
    /// [`Page::ALL`] (and so in the navigation check below).
    fn listed_in_all(page: Page) -> bool {
        match page {
            Page::Overview
            | Page::Settings
            | Page::Items
            | Page::Bom
            | Page::Routing
            | Page::Resources
            | Page::Demand
            | Page::QualityData
            | Page::Cost
            | Page::Capacity
            | Page::Queues
            | Page::Mix
            | Page::Compare
            | Page::Quality
            | Page::Oee => Page::ALL.contains(&page),
        }
    }

    #[test]
    fn every_page_is_listed_once_and_reachable_from_the_navigation() {
        let navigation: Vec<Page> = Page::GROUPS
            .iter()
            .flat_map(|(_, pages)| pages.iter().copied())
            .collect();
        assert_eq!(navigation, Page::ALL.to_vec());
        assert!(Page::ALL.iter().all(|&page| listed_in_all(page)));
        let titles: std::collections::HashSet<&str> =
            Page::ALL.iter().map(|page| page.title()).collect();
        assert_eq!(titles.len(), 15, "one title per page");
    }

    #[test]
    fn the_bundled_sample_is_a_valid_plan() {
        let mut doc = Document::from_json_text(BUNDLED_SAMPLE, "sample").expect("sample parses");
        doc.refresh_analysis();
        assert!(matches!(doc.analysis(), Some(Ok(_))));
    }
}
