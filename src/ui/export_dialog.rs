//! File ▸ Export report…: a window choosing format, sections and periods, which writes the
//! report of the plan as it is in memory (saved or not) on a background thread, showing a
//! progress bar meanwhile so the UI never waits on rendering or disk.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use eframe::egui::{self, RichText};

use super::dialogs::FileDialogs;
use super::style;
use crate::app::Document;
use crate::app::operations::{ReportFormat, ReportOptions, ReportSection, export_report};

/// The formats offered, with their labels, in the order shown.
const FORMATS: [(ReportFormat, &str); 4] = [
    (ReportFormat::Html, "HTML"),
    (ReportFormat::Pdf, "PDF"),
    (ReportFormat::Xlsx, "XLSX"),
    (ReportFormat::Csv, "CSV folder"),
];

/// How often the window redraws while an export runs (the worker also wakes it on progress).
const PROGRESS_REPAINT: Duration = Duration::from_millis(50);

/// What the last export ended with: the path written, or the error message.
pub type ExportOutcome = Result<PathBuf, String>;

/// An export running on its worker thread.
struct RunningExport {
    /// Share done (0..1) as `f32` bits, written by the worker.
    progress: Arc<AtomicU32>,
    /// Receives the outcome once the worker is done.
    done: Receiver<ExportOutcome>,
}

/// The export window's choices and the state of its export. The choices persist between
/// openings of the window.
pub struct ExportDialog {
    /// Whether the window is shown.
    pub open: bool,
    format: ReportFormat,
    /// Which of [`ReportSection::ALL`] are included.
    sections: [bool; ReportSection::ALL.len()],
    /// First and last period shown (1-based, inclusive); 0 = not chosen yet.
    from: i64,
    to: i64,
    running: Option<RunningExport>,
    outcome: Option<ExportOutcome>,
}

impl Default for ExportDialog {
    /// Closed, HTML, every section, the whole horizon.
    fn default() -> Self {
        ExportDialog {
            open: false,
            format: ReportFormat::Html,
            sections: [true; ReportSection::ALL.len()],
            from: 0,
            to: 0,
            running: None,
            outcome: None,
        }
    }
}

impl ExportDialog {
    /// True while an export is being written (for the GUI tests, see `ui/testing.rs`).
    #[cfg(any(test, feature = "testing"))]
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// What the last finished export ended with (for the GUI tests, see `ui/testing.rs`).
    #[cfg(any(test, feature = "testing"))]
    pub fn outcome(&self) -> Option<&ExportOutcome> {
        self.outcome.as_ref()
    }

    /// Draws the window (when open), asks for the output path when Export… is clicked and
    /// collects the worker's result.
    pub fn ui(&mut self, ctx: &egui::Context, doc: &Document, dialogs: &mut dyn FileDialogs) {
        self.collect_result();
        if self.running.is_some() {
            ctx.request_repaint_after(PROGRESS_REPAINT);
        }
        if !self.open {
            return;
        }
        self.clamp_periods(doc.plan().settings.periods);
        let mut open = true;
        let mut export_clicked = false;
        egui::Window::new("Export report")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| export_clicked = self.contents_ui(ui, doc));
        self.open = open;
        if export_clicked {
            self.ask_path_and_start(ctx, doc, dialogs);
        }
    }

    /// The window's widgets; true when Export… was clicked.
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document) -> bool {
        let idle = self.running.is_none();
        ui.add_enabled_ui(idle, |ui| self.choices_ui(ui, doc.plan().settings.periods));
        ui.add_space(8.0);
        let any_section = self.sections.iter().any(|&chosen| chosen);
        let export = ui
            .add_enabled(idle && any_section, egui::Button::new("Export…"))
            .on_disabled_hover_text("Choose at least one section; wait for a running export");
        self.status_ui(ui);
        export.clicked()
    }

    fn choices_ui(&mut self, ui: &mut egui::Ui, periods: i64) {
        ui.horizontal(|ui| {
            ui.label("Format:");
            for (choice, label) in FORMATS {
                ui.radio_value(&mut self.format, choice, label);
            }
        });
        ui.horizontal(|ui| {
            ui.label("Sections:");
            for (chosen, section) in self.sections.iter_mut().zip(ReportSection::ALL) {
                ui.checkbox(chosen, section.as_str());
            }
        });
        ui.horizontal(|ui| {
            let from_label = ui.label("Periods from");
            ui.add(egui::DragValue::new(&mut self.from).range(1..=self.to.max(1)))
                .labelled_by(from_label.id);
            let to_label = ui.label("to");
            ui.add(egui::DragValue::new(&mut self.to).range(self.from..=periods.max(1)))
                .labelled_by(to_label.id);
        });
        ui.label(RichText::new("Totals always cover the whole horizon.").weak());
    }

    fn status_ui(&self, ui: &mut egui::Ui) {
        if let Some(running) = &self.running {
            let done = f32::from_bits(running.progress.load(Ordering::Relaxed));
            ui.add(egui::ProgressBar::new(done).show_percentage().animate(true));
            return;
        }
        match &self.outcome {
            Some(Ok(path)) => {
                ui.label(format!("Report written to {}", path.display()));
            }
            Some(Err(message)) => {
                ui.label(
                    RichText::new(format!("Could not export the report: {message}"))
                        .color(style::ERROR),
                );
            }
            None => {}
        }
    }

    /// Keeps the period range inside the plan's horizon (it may change while the window is
    /// open); an unset range becomes the whole horizon.
    fn clamp_periods(&mut self, periods: i64) {
        let last = periods.max(1);
        if self.to < 1 || self.to > last {
            self.to = last;
        }
        self.from = self.from.clamp(1, self.to);
    }

    fn options(&self) -> ReportOptions {
        let sections = (ReportSection::ALL.into_iter())
            .zip(self.sections)
            .filter_map(|(section, chosen)| chosen.then_some(section))
            .collect();
        ReportOptions {
            sections,
            from: Some(self.from),
            to: Some(self.to),
        }
    }

    /// Asks where to write, then starts the worker on a copy of the plan and its analysis.
    fn ask_path_and_start(
        &mut self,
        ctx: &egui::Context,
        doc: &Document,
        dialogs: &mut dyn FileDialogs,
    ) {
        let analysis = match doc.analysis() {
            Some(Ok(analysis)) => analysis.clone(),
            _ => {
                self.outcome = Some(Err(format!(
                    "the plan has {} validation problems; fix them first",
                    doc.problems().len()
                )));
                return;
            }
        };
        let Some(path) = dialogs.export_report(&doc.plan().settings.name, self.format) else {
            return;
        };
        let plan = doc.plan().clone();
        let (format, options) = (self.format, self.options());
        let progress = Arc::new(AtomicU32::new(0.0_f32.to_bits()));
        let (sender, done) = mpsc::channel();
        let worker_progress = Arc::clone(&progress);
        let worker_ctx = ctx.clone();
        std::thread::spawn(move || {
            let mut report_progress = |share: f32| {
                worker_progress.store(share.to_bits(), Ordering::Relaxed);
                worker_ctx.request_repaint();
            };
            let result = export_report(
                &plan,
                &analysis,
                &path,
                format,
                &options,
                &mut report_progress,
            );
            // The window may be gone by now; then nobody waits for the outcome.
            let _ = sender.send(result.map(|()| path).map_err(|e| e.to_string()));
            worker_ctx.request_repaint();
        });
        self.outcome = None;
        self.running = Some(RunningExport { progress, done });
    }

    /// Takes the worker's outcome once it has sent one.
    fn collect_result(&mut self) {
        let Some(running) = &self.running else {
            return;
        };
        let outcome = match running.done.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                Err("the export stopped unexpectedly before finishing".to_string())
            }
        };
        self.running = None;
        self.outcome = Some(outcome);
    }
}
