//! What the GUI tests (`tests/ui_*.rs`) read and drive on [`OpsplanApp`] besides clicks and
//! keys: the document, the page, the prompts, the notices, the autosave clock.
//!
//! Compiled only under `cfg(test)` and with the `testing` feature, which the crate's own
//! integration tests turn on through its dev-dependency on itself (Cargo.toml). `cargo build`
//! and the shipped binary leave this module out, so nothing outside the tests can reach into
//! the app this way.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::export_dialog::ExportDialog;
use super::notices::Notices;
use super::recovery_prompt::IntegrityReport;
use super::{OpsplanApp, Page};
use crate::app::recovery::FoundRecovery;
use crate::app::{Command, Document};

impl OpsplanApp {
    /// The page view of type `V`, to read or set its own state (selection, filters).
    pub fn page_view<V: super::PageView>(&mut self) -> Option<&mut V> {
        self.view_mut::<V>()
    }

    /// How long unsaved changes wait before they are autosaved (`OPSPLAN_AUTOSAVE_SECS`).
    pub fn autosave_every(&self) -> Duration {
        self.autosave_every
    }

    /// Runs the autosave as the frame loop does, at a time the test chooses instead of
    /// waiting; returns how long until the next autosave is due.
    pub fn autosave_tick(&mut self, now: Instant) -> Option<Duration> {
        self.autosave_if_due(now)
    }

    /// Offers every recovery snapshot a crashed Opsplan left, as a start-up does (tests call it
    /// after placing snapshots).
    pub fn offer_recoveries(&mut self) {
        self.offer_recoveries_found();
    }

    /// The recovered plans the restore prompt offers, newest first.
    pub fn recovery_offers(&self) -> &[FoundRecovery] {
        &self.recovery_offers
    }

    /// True while the restore prompt for recovered changes is shown.
    pub fn is_offering_recovery(&self) -> bool {
        !self.recovery_offers.is_empty()
    }

    /// The File ▸ Export report… window, whose outcome tests read.
    pub fn export_dialog(&self) -> &ExportDialog {
        &self.export_dialog
    }

    /// The result of the last File ▸ Check plan, while its window is open.
    pub fn integrity_report(&self) -> Option<&IntegrityReport> {
        self.integrity_report.as_ref()
    }

    /// The open document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The page shown.
    pub fn page(&self) -> Page {
        self.page
    }

    /// Shows a page without clicking its navigation entry.
    pub fn show_page(&mut self, page: Page) {
        self.page = page;
    }

    /// True while the "save changes?" prompt is shown.
    pub fn is_prompting(&self) -> bool {
        self.pending.is_some()
    }

    /// The text of the newest notice shown, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notices.latest().map(|notice| notice.text.as_str())
    }

    /// The notices shown, oldest first.
    pub fn notices(&self) -> &Notices {
        &self.notices
    }

    /// Recently opened plan files, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.recent
    }

    /// Applies a plan edit as the editors do (one undo step), reporting errors as a notice.
    pub fn apply(&mut self, command: Command) {
        self.apply_edit(command);
    }
}
