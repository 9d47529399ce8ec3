//! The open document: the plan, where it lives, whether it is saved, its undo history and the
//! analysis of its current revision. The GUI reads it and hands it [`Command`]s; it never edits
//! the plan or touches files itself.
//!
//! A document opened from a plan file holds that file's [`PlanLock`] until it is dropped; when
//! someone else holds it, the document is read-only (edits and Save refused, Save As to another
//! file allowed). It also keeps track of its autosaved recovery snapshot (see [`recovery`]), so a
//! save or a discard removes it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;
use thiserror::Error;

use super::analysis_worker::{AnalysisWaker, AnalysisWorker};
use super::command::{Command, EditError, TableKind, value_text};
use super::files::{self, FileError, PlanSource};
use super::history::{History, row_count, row_value};
use super::interpret::{interpret, merge_key};
use super::lock::{LockError, LockHolder, LockOutcome, PlanLock};
use super::recovery::{self, Recovery, RecoveryError};
use crate::analytics::{Analysis, AnalysisError};
use crate::domain::{Plan, Problem};

/// Why a document operation failed.
#[derive(Debug, Error)]
pub enum DocumentError {
    /// Reading, saving or converting the plan failed.
    #[error(transparent)]
    File(#[from] FileError),
    /// The bundled or pasted plan JSON could not be read.
    #[error("{label}: {source}")]
    Json {
        label: String,
        source: crate::io::json::JsonError,
    },
    /// Save was asked for a document that has no plan file yet; use Save As.
    #[error("the plan has no file yet: choose one with Save As")]
    NoPath,
    /// An edit was refused.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// The plan file is open in another Opsplan, so this one may not change or save it.
    #[error(
        "read-only: {holder} has {} open; use Save As to keep your own copy",
        file_label(path)
    )]
    ReadOnly {
        /// The plan file.
        path: PathBuf,
        /// Who holds it, from [`LockHolder::describe`].
        holder: String,
    },
    /// The lock file of the plan could not be created or checked.
    #[error(transparent)]
    Lock(#[from] LockError),
    /// The recovery snapshot could not be written, read or removed.
    #[error(transparent)]
    Recovery(#[from] RecoveryError),
}

/// The last recovery snapshot this document wrote (or restored from).
#[derive(Debug, Clone)]
struct Snapshot {
    /// Where it is.
    file: PathBuf,
    /// The revision of the plan it holds.
    revision: u64,
}

/// One open plan with its file, saved state, history and cached analysis.
#[derive(Debug)]
pub struct Document {
    /// Shared with the worker analysing it (a large plan); an edit while the worker still
    /// holds it copies it first.
    plan: Arc<Plan>,
    /// The `.opsplan` file the plan is saved to; `None` until saved.
    path: Option<PathBuf>,
    /// The JSON file or CSV folder the plan was imported from, shown until it is saved.
    origin: Option<String>,
    history: History,
    /// History state id at the last save; `None` when the plan was never saved (an import).
    saved_state: Option<u64>,
    /// Bumped by every change of the plan (edit, undo, redo); keys the analysis cache.
    revision: u64,
    /// The revision of the last change that may have touched items, resources, BOM or routing
    /// (`Edit::touches_structure`): an analysis index built at this revision or later still
    /// fits the plan.
    structure_revision: u64,
    /// The analysis of the current revision, computed here or on a worker.
    analysis: AnalysisWorker,
    /// The plan file's lock, while this document may edit the file.
    lock: Option<PlanLock>,
    /// Who holds the plan file, when this document opened it read-only.
    held_by: Option<LockHolder>,
    /// Why the lock could not be taken (the plan then opens editable, unprotected).
    lock_problem: Option<String>,
    /// The recovery snapshot written for the current unsaved changes, if any.
    snapshot: Option<Snapshot>,
}

impl Default for Document {
    fn default() -> Self {
        Document::from_plan(Plan::default())
    }
}

impl Document {
    /// A document for a plan that has no file and nothing unsaved.
    pub fn from_plan(plan: Plan) -> Document {
        Document {
            plan: Arc::new(plan),
            path: None,
            origin: None,
            history: History::default(),
            saved_state: Some(0),
            revision: 0,
            structure_revision: 0,
            analysis: AnalysisWorker::default(),
            lock: None,
            held_by: None,
            lock_problem: None,
            snapshot: None,
        }
    }

    /// A new, empty plan (File ▸ New).
    pub fn new_plan() -> Document {
        Document::default()
    }

    /// A plan parsed from plan JSON text (the bundled sample), not tied to any file.
    pub fn from_json_text(text: &str, label: &str) -> Result<Document, DocumentError> {
        let plan = crate::io::json::parse_plan(text).map_err(|source| DocumentError::Json {
            label: label.to_string(),
            source,
        })?;
        Ok(Document::from_plan(plan))
    }

    /// Opens a plan file; a `.json` plan or a CSV folder opens as an unsaved import.
    ///
    /// A plan file is locked for this document; when another Opsplan holds it, the document
    /// opens read-only ([`Document::read_only_holder`]).
    pub fn open(path: &Path) -> Result<Document, DocumentError> {
        let plan = files::read_plan(path)?;
        let mut document = Document::from_plan(plan);
        if PlanSource::of(path) == PlanSource::PlanFile {
            document.path = Some(path.to_path_buf());
            document.acquire_lock();
        } else {
            document.origin = Some(file_label(path));
            document.saved_state = None;
        }
        Ok(document)
    }

    /// The plan as it is now.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The plan file, once the plan has one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Counter bumped by every change; equal revisions mean equal plans.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The revision of the last change that may have touched `table`: for items, resources,
    /// BOM and routing, the last change that may have touched any of the four (an edit of
    /// another table leaves it alone); for any other table, [`Document::revision`]. A view
    /// derived from a structural table keys its cache on this, so a demand edit on plan L does
    /// not make the BOM or Routings page rebuild its index in the frame after the edit.
    pub fn table_revision(&self, table: TableKind) -> u64 {
        if table.is_structural() {
            self.structure_revision
        } else {
            self.revision
        }
    }

    /// True when the plan differs from what was last saved (or was never saved).
    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.history.current_state())
    }

    /// Window title: `name — file ●`, the dot only when there are unsaved changes.
    pub fn title(&self) -> String {
        let file = match (&self.path, &self.origin) {
            (Some(path), _) => file_label(path),
            (None, Some(origin)) => format!("{origin} (imported)"),
            (None, None) => "not saved".to_string(),
        };
        let marker = if self.is_dirty() { " ●" } else { "" };
        format!("{} — {file}{marker}", self.plan.settings.name)
    }

    /// Saves to the plan's own file; refused when the document is read-only.
    pub fn save_in_place(&mut self) -> Result<(), DocumentError> {
        let path = self.path.clone().ok_or(DocumentError::NoPath)?;
        self.refuse_if_read_only()?;
        self.save_as(&path)
    }

    /// Saves to `path` (adding `.opsplan` when it has no extension) and makes it the plan's file.
    ///
    /// The new file is locked first: a file another Opsplan holds is refused. After the save
    /// the document holds that lock (and is no longer read-only) and its recovery snapshot is
    /// removed.
    pub fn save_as(&mut self, path: &Path) -> Result<(), DocumentError> {
        let path = with_extension_if_none(path, "opsplan");
        let new_lock = self.lock_for_save(&path)?;
        files::save_plan(&self.plan, &path)?;
        if let Some(lock) = new_lock {
            self.lock = Some(lock);
            self.held_by = None;
        }
        let previous_snapshot = self.snapshot.take();
        self.path = Some(path);
        self.origin = None;
        self.saved_state = Some(self.history.current_state());
        self.history.seal();
        if let Some(previous) = previous_snapshot {
            recovery::discard_recovery(&previous.file)?;
        }
        recovery::discard_recovery(&self.recovery_file())?;
        Ok(())
    }

    /// The lock to hold after saving to `path`: `None` when this document holds it already.
    fn lock_for_save(&self, path: &Path) -> Result<Option<PlanLock>, DocumentError> {
        if self.lock.is_some() && self.path.as_deref() == Some(path) {
            return Ok(None);
        }
        match PlanLock::acquire(path)? {
            LockOutcome::Acquired(lock) => Ok(Some(lock)),
            LockOutcome::HeldBy(holder) => Err(DocumentError::ReadOnly {
                path: path.to_path_buf(),
                holder: holder.describe(),
            }),
        }
    }

    /// Takes the plan file's lock, or becomes read-only when someone else holds it. A lock
    /// that cannot be checked at all (read-only folder) leaves the plan editable and is
    /// reported by [`Document::lock_problem`].
    pub fn acquire_lock(&mut self) {
        let Some(path) = self.path.clone() else {
            return;
        };
        self.lock_problem = None;
        match PlanLock::acquire(&path) {
            Ok(LockOutcome::Acquired(lock)) => {
                self.lock = Some(lock);
                self.held_by = None;
            }
            Ok(LockOutcome::HeldBy(holder)) => self.held_by = Some(holder),
            Err(error) => self.lock_problem = Some(error.to_string()),
        }
    }

    /// Gives up the plan file's lock (before opening the same file again); the document stays
    /// as it is.
    pub fn release_lock(&mut self) {
        self.lock = None;
    }

    /// True while this document holds its plan file's lock.
    pub fn holds_lock(&self) -> bool {
        self.lock.is_some()
    }

    /// Who holds the plan file when this document is read-only; `None` when it may edit.
    pub fn read_only_holder(&self) -> Option<&LockHolder> {
        self.held_by.as_ref()
    }

    /// True when edits and Save are refused because another Opsplan holds the plan file.
    pub fn is_read_only(&self) -> bool {
        self.held_by.is_some()
    }

    /// Why the plan file's lock could not be taken, if it could not.
    pub fn lock_problem(&self) -> Option<&str> {
        self.lock_problem.as_deref()
    }

    fn refuse_if_read_only(&self) -> Result<(), DocumentError> {
        match (&self.held_by, &self.path) {
            (Some(holder), Some(path)) => Err(DocumentError::ReadOnly {
                path: path.clone(),
                holder: holder.describe(),
            }),
            _ => Ok(()),
        }
    }

    /// Runs the full integrity check (`PRAGMA integrity_check`) on the saved plan file.
    pub fn check_integrity(&self) -> Result<(), DocumentError> {
        let path = self.path.as_deref().ok_or(DocumentError::NoPath)?;
        crate::store::check_integrity(path).map_err(FileError::from)?;
        Ok(())
    }

    /// Where this document's recovery snapshot goes: beside its plan file, or in the per-user
    /// recovery folder for a plan never saved.
    pub fn recovery_file(&self) -> PathBuf {
        recovery::recovery_path(self.path())
    }

    /// True when there are unsaved changes the recovery snapshot does not hold yet (never for a
    /// read-only document: the snapshot beside the plan belongs to its holder).
    pub fn needs_snapshot(&self) -> bool {
        self.is_dirty()
            && !self.is_read_only()
            && self.snapshot.as_ref().map(|s| s.revision) != Some(self.revision)
    }

    /// True while a recovery snapshot of this document exists.
    pub fn has_snapshot(&self) -> bool {
        self.snapshot.is_some()
    }

    /// Writes the plan as the recovery snapshot (autosave).
    /// A snapshot restored from another file (a never-saved plan of an Opsplan that crashed)
    /// is removed once this one is written, so the changes live in one snapshot.
    pub fn write_snapshot(&mut self) -> Result<(), DocumentError> {
        let file = self.recovery_file();
        recovery::write_recovery(&self.plan, &file)?;
        let previous = self.snapshot.replace(Snapshot {
            file: file.clone(),
            revision: self.revision,
        });
        if let Some(previous) = previous
            && previous.file != file
        {
            recovery::discard_recovery(&previous.file)?;
        }
        Ok(())
    }

    /// A never-saved plan brought back from its recovery snapshot: unsaved, with a fresh
    /// history; its next autosave moves the snapshot to this process's own file.
    pub fn from_recovery(found: &Recovery) -> Result<Document, DocumentError> {
        let mut document = Document::new_plan();
        document.restore(found)?;
        Ok(document)
    }

    /// Removes the recovery snapshot (the changes were saved, undone or thrown away).
    pub fn discard_snapshot(&mut self) -> Result<(), DocumentError> {
        if let Some(snapshot) = self.snapshot.take() {
            recovery::discard_recovery(&snapshot.file)?;
        }
        Ok(())
    }

    /// A recovery snapshot of the plan file newer than the file itself, left by an Opsplan that
    /// ended without saving; `None` for read-only documents and plans without a file.
    pub fn pending_recovery(&self) -> Option<Recovery> {
        if self.is_read_only() {
            return None;
        }
        recovery::find_recovery(self.path.as_deref()?)
    }

    /// Replaces the plan with the snapshot's: the document becomes dirty with a fresh history,
    /// and the snapshot stays until the plan is saved or discarded.
    pub fn restore(&mut self, found: &Recovery) -> Result<(), DocumentError> {
        self.refuse_if_read_only()?;
        self.plan = Arc::new(found.load()?);
        self.history = History::default();
        self.saved_state = None;
        self.revision += 1;
        self.structure_revision = self.revision;
        self.snapshot = Some(Snapshot {
            file: found.path.clone(),
            revision: self.revision,
        });
        Ok(())
    }

    /// Removes a snapshot found by [`Document::pending_recovery`] that the user declined.
    pub fn decline_recovery(&mut self, found: &Recovery) -> Result<(), DocumentError> {
        Ok(recovery::discard_recovery(&found.path)?)
    }

    /// Writes the plan as plan JSON (DESIGN.md §3).
    pub fn export_json(&self, path: &Path) -> Result<(), DocumentError> {
        let text = crate::io::json::plan_to_json(&self.plan);
        Ok(files::write_atomically(path, text.as_bytes())?)
    }

    /// Writes the plan as a folder of CSV files, one per non-empty table.
    pub fn export_csv(&self, dir: &Path) -> Result<(), DocumentError> {
        Ok(files::write_csv_folder(&self.plan, dir)?)
    }

    /// Writes the plan as an `.xlsx` workbook, one sheet per table (DESIGN.md §3; scenarios
    /// stay out), atomically; `.xlsx` is added to a path without an extension. Returns the
    /// file written.
    pub fn export_workbook(&self, path: &Path) -> Result<PathBuf, DocumentError> {
        let path = with_extension_if_none(path, "xlsx");
        files::write_workbook(&self.plan, &path)?;
        Ok(path)
    }

    /// Writes the empty plan workbook (headers, drop-downs, the README sheet) atomically, like
    /// [`Document::export_workbook`]; returns the file written.
    pub fn export_workbook_template(path: &Path) -> Result<PathBuf, DocumentError> {
        let path = with_extension_if_none(path, "xlsx");
        files::write_workbook_template(&path)?;
        Ok(path)
    }

    /// Applies a command as one undo step. A command that changes nothing records nothing.
    /// Refused when the document is read-only.
    pub fn apply(&mut self, command: Command) -> Result<(), DocumentError> {
        self.refuse_if_read_only()?;
        let label = command.label();
        let merge_key = merge_key(&command);
        let inverse = interpret(Arc::make_mut(&mut self.plan), command)?;
        if let Some(inverse) = inverse {
            let structural = inverse.touches_structure();
            self.history.record(inverse, label, merge_key);
            self.count_change(structural);
        }
        Ok(())
    }

    /// Undoes the last step; false when there was nothing to undo.
    pub fn undo(&mut self) -> Result<bool, DocumentError> {
        let structural = self.history.undo_touches_structure();
        let changed = self.history.undo(Arc::make_mut(&mut self.plan))?;
        if changed {
            self.count_change(structural);
        }
        Ok(changed)
    }

    /// Redoes the last undone step; false when there was nothing to redo.
    pub fn redo(&mut self) -> Result<bool, DocumentError> {
        let structural = self.history.redo_touches_structure();
        let changed = self.history.redo(Arc::make_mut(&mut self.plan))?;
        if changed {
            self.count_change(structural);
        }
        Ok(changed)
    }

    /// A new revision; `structural` when the change may have touched the plan's structure.
    fn count_change(&mut self, structural: bool) {
        self.revision += 1;
        if structural {
            self.structure_revision = self.revision;
        }
    }

    /// The undo history, for menu labels.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Brings the analysis up to the current revision. Call once per frame: it costs nothing
    /// when the revision is unchanged. A small plan is analysed here and now. A large one
    /// (`analytics::is_large`) is analysed on a worker thread, so that the frame after an edit
    /// stays short; [`Document::analysis_pending`] says when to look again.
    pub fn refresh_analysis(&mut self) {
        self.analysis
            .refresh(&self.plan, self.revision, self.structure_revision);
    }

    /// Sets the function the analysis worker calls when its result is ready (the GUI asks for
    /// a repaint), so nothing needs to poll while a large plan is analysed.
    pub fn set_analysis_waker(&mut self, waker: AnalysisWaker) {
        self.analysis.set_waker(waker);
    }

    /// True once [`Document::set_analysis_waker`] was called.
    pub fn has_analysis_waker(&self) -> bool {
        self.analysis.has_waker()
    }

    /// True while a worker analyses the plan: the GUI repaints soon to pick the result up.
    pub fn analysis_pending(&self) -> bool {
        self.analysis.is_pending()
    }

    /// The analysis to show: the current revision's, or while a newer one is being computed,
    /// the last one if the plan still has the same rows (an edited value rather than an added
    /// or deleted row).
    pub fn analysis(&self) -> Option<&Result<Analysis, AnalysisError>> {
        self.analysis.shown(&self.plan, self.revision)
    }

    /// Changes whenever a new analysis is installed: the key for view caches built from the
    /// analysis. A small plan is analysed in the frame of each change, so the key follows every
    /// edit; for a large plan it changes when the worker's result arrives, and the edit frame
    /// does not rebuild caches from the result it already shows.
    pub fn analysis_key(&self) -> u64 {
        self.analysis.runs()
    }

    /// How many times the analysis was computed (to check it is not recomputed per frame).
    pub fn analysis_runs(&self) -> u64 {
        self.analysis.runs()
    }

    /// Validation problems of the current revision (empty when valid or not yet analysed).
    pub fn problems(&self) -> &[Problem] {
        match self.analysis() {
            Some(Err(AnalysisError::Invalid(report))) => &report.problems,
            _ => &[],
        }
    }

    /// Text of one cell of a table (empty past the end).
    pub fn cell_text(&self, table: TableKind, row: usize, column: usize) -> String {
        let field = table.columns().get(column).map_or("", |c| c.field);
        row_value(&self.plan, table, row)
            .and_then(|value| value.get(field).map(value_text))
            .unwrap_or_default()
    }

    /// All cells of one row as text, in column order.
    pub fn row_texts(&self, table: TableKind, row: usize) -> Vec<String> {
        let value = row_value(&self.plan, table, row).unwrap_or(Value::Null);
        table
            .columns()
            .iter()
            .map(|c| value.get(c.field).map(value_text).unwrap_or_default())
            .collect()
    }

    /// Number of rows in a table.
    pub fn row_count(&self, table: TableKind) -> usize {
        row_count(&self.plan, table)
    }
}

/// The file name of a path, for titles and messages.
fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// `path` with `extension` added when it has none.
fn with_extension_if_none(path: &Path, extension: &str) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension(extension)
    } else {
        path.to_path_buf()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::{analyze, is_large};
    use crate::app::command::DemandCell;
    use crate::domain::{Item, ItemKind, RoutingStep};

    fn sample() -> Document {
        let mut plan = Plan::default();
        plan.settings.periods = 4;
        plan.items.push(Item {
            code: "A".into(),
            kind: ItemKind::Finished,
            price: 10.0,
            ..Item::default()
        });
        plan.routing.push(RoutingStep {
            item: "A".into(),
            resource: "R".into(),
            run_min: 12.0,
            ..RoutingStep::default()
        });
        Document::from_plan(plan)
    }

    fn set_run_min(doc: &mut Document, text: &str) {
        let column = TableKind::Routing.column_index("run_min").unwrap_or(0);
        doc.apply(Command::SetCell {
            table: TableKind::Routing,
            row: 0,
            column,
            text: text.into(),
        })
        .unwrap();
    }

    #[test]
    fn a_demand_edit_leaves_the_structural_tables_revision_and_a_routing_edit_moves_it() {
        let mut doc = sample();
        let demand = DemandCell {
            item: "A".into(),
            period: 2,
            qty: Some(7.0),
        };
        doc.apply(Command::SetDemand(vec![demand])).unwrap();
        // Revision 1: the demand edit. The structural tables were last touched at 0.
        assert_eq!(doc.revision(), 1);
        assert_eq!(doc.table_revision(TableKind::Demand), 1);
        assert_eq!(doc.table_revision(TableKind::Bom), 0);
        assert_eq!(doc.table_revision(TableKind::Items), 0);
        set_run_min(&mut doc, "15");
        // Revision 2 touched routing, so every structural table moves with it.
        assert_eq!(doc.table_revision(TableKind::Bom), 2);
        assert_eq!(doc.table_revision(TableKind::Routing), 2);
        assert!(doc.undo().unwrap());
        assert_eq!(doc.table_revision(TableKind::Routing), 3);
        assert!(doc.undo().unwrap());
        // Undoing the demand edit is revision 4 and leaves the structure at 3.
        assert_eq!(doc.table_revision(TableKind::Demand), 4);
        assert_eq!(doc.table_revision(TableKind::Items), 3);
    }

    #[test]
    fn an_edit_dirties_and_undo_back_to_the_saved_state_cleans() {
        let mut doc = sample();
        assert!(!doc.is_dirty());
        set_run_min(&mut doc, "15");
        assert_eq!(doc.plan().routing[0].run_min, 15.0);
        assert!(doc.is_dirty());
        assert_eq!(doc.revision(), 1);
        assert!(doc.title().ends_with(" ●"), "{}", doc.title());
        assert!(doc.undo().unwrap());
        assert_eq!(doc.plan().routing[0].run_min, 12.0);
        assert!(!doc.is_dirty());
        assert_eq!(doc.revision(), 2);
    }

    #[test]
    fn consecutive_edits_of_one_cell_are_one_undo_step() {
        let mut doc = sample();
        set_run_min(&mut doc, "15");
        set_run_min(&mut doc, "18");
        assert_eq!(doc.history().undo_depth(), 1);
        doc.undo().unwrap();
        assert_eq!(doc.plan().routing[0].run_min, 12.0);
        doc.redo().unwrap();
        assert_eq!(doc.plan().routing[0].run_min, 18.0);
    }

    #[test]
    fn an_unchanged_value_records_nothing() {
        let mut doc = sample();
        set_run_min(&mut doc, "12");
        assert_eq!(doc.history().undo_depth(), 0);
        assert_eq!(doc.revision(), 0);
    }

    #[test]
    fn a_bad_number_is_a_typed_error_and_changes_nothing() {
        let mut doc = sample();
        let error = doc
            .apply(Command::SetCell {
                table: TableKind::Routing,
                row: 0,
                column: 5,
                text: "fast".into(),
            })
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "routing row 1, field run_min: \"fast\" is not a number"
        );
        assert_eq!(doc.plan().routing[0].run_min, 12.0);
    }

    #[test]
    fn paste_overwrites_visible_rows_then_appends_with_preset() {
        let mut doc = sample();
        // Paste two rows into columns seq(1), name(2) starting at visible row 0 of item A's
        // routing: the first overwrites step 1, the second becomes a new step of item A.
        doc.apply(Command::PasteCells {
            table: TableKind::Routing,
            rows: vec![0],
            top: 0,
            left: 1,
            cells: vec![
                vec!["10".into(), "Cut".into()],
                vec!["20".into(), "Weld".into()],
            ],
            preset: vec![(0, "A".into())],
        })
        .unwrap();
        let routing = &doc.plan().routing;
        assert_eq!(routing.len(), 2);
        assert_eq!((routing[0].seq, routing[0].name.as_str()), (10, "Cut"));
        assert_eq!(
            (
                routing[1].item.as_str(),
                routing[1].seq,
                routing[1].name.as_str()
            ),
            ("A", 20, "Weld")
        );
        doc.undo().unwrap();
        assert_eq!(doc.plan().routing.len(), 1);
        assert_eq!(doc.plan().routing[0].name, "");
    }

    #[test]
    fn duplicate_gives_a_fresh_code_and_delete_removes_rows() {
        let mut doc = sample();
        doc.apply(Command::DuplicateRow {
            table: TableKind::Items,
            row: 0,
        })
        .unwrap();
        assert_eq!(doc.plan().items[1].code, "A-2");
        doc.apply(Command::DeleteRows {
            table: TableKind::Items,
            rows: vec![1, 0],
        })
        .unwrap();
        assert!(doc.plan().items.is_empty());
        doc.undo().unwrap();
        let codes: Vec<&str> = doc.plan().items.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, vec!["A", "A-2"]);
    }

    #[test]
    fn demand_cells_insert_replace_and_remove_rows() {
        let mut doc = sample();
        let cell = |period, qty| DemandCell {
            item: "A".into(),
            period,
            qty,
        };
        doc.apply(Command::SetDemand(vec![
            cell(1, Some(5.0)),
            cell(2, Some(7.0)),
        ]))
        .unwrap();
        assert_eq!(doc.plan().demand.len(), 2);
        doc.apply(Command::SetDemand(vec![cell(1, None), cell(2, Some(8.0))]))
            .unwrap();
        assert_eq!(doc.plan().demand.len(), 1);
        assert_eq!(doc.plan().demand[0].qty, 8.0);
        let error = doc
            .apply(Command::SetDemand(vec![cell(9, Some(1.0))]))
            .unwrap_err();
        assert_eq!(error.to_string(), "demand: period 9 is outside 1..4");
        doc.undo().unwrap();
        assert_eq!(doc.plan().demand.len(), 2);
    }

    #[test]
    fn freezing_limits_replaces_the_range_in_one_undo_step() {
        let mut doc = sample();
        let freeze = |from, to| Command::FreezeLimits {
            characteristic: "D1".into(),
            from_subgroup: from,
            to_subgroup: to,
        };
        doc.apply(freeze(1, 10)).unwrap();
        doc.apply(freeze(1, 15)).unwrap();
        let ranges: Vec<(i64, i64)> = (doc.plan().control_limits.iter())
            .map(|l| (l.from_subgroup, l.to_subgroup))
            .collect();
        assert_eq!(ranges, vec![(1, 15)]);
        let error = doc.apply(freeze(9, 3)).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("from subgroup 9 is after to subgroup 3")
        );
        doc.undo().unwrap();
        assert_eq!(doc.plan().control_limits[0].to_subgroup, 10);
        doc.apply(Command::UnfreezeLimits {
            characteristic: "D1".into(),
        })
        .unwrap();
        assert!(doc.plan().control_limits.is_empty());
    }

    #[test]
    fn added_measurements_fill_subgroups_after_the_last_label() {
        let mut doc = sample();
        Arc::make_mut(&mut doc.plan)
            .measurements
            .push(crate::domain::Measurement {
                characteristic: "D1".into(),
                subgroup: 7,
                value: 1.0,
            });
        // Five values in subgroups of 2 after label 7: 8 = [2, 3], 9 = [4, 5], 10 = [6].
        doc.apply(Command::AddMeasurements {
            characteristic: "D1".into(),
            values: vec![2.0, 3.0, 4.0, 5.0, 6.0],
            subgroup_size: 2,
        })
        .unwrap();
        let rows: Vec<(i64, f64)> = (doc.plan().measurements.iter().skip(1))
            .map(|m| (m.subgroup, m.value))
            .collect();
        assert_eq!(
            rows,
            vec![(8, 2.0), (8, 3.0), (9, 4.0), (9, 5.0), (10, 6.0)]
        );
        assert_eq!(doc.history().undo_depth(), 1);
        doc.undo().unwrap();
        assert_eq!(doc.plan().measurements.len(), 1);
        let zero = Command::AddMeasurements {
            characteristic: "D1".into(),
            values: vec![1.0],
            subgroup_size: 0,
        };
        assert!(matches!(
            doc.apply(zero),
            Err(DocumentError::Edit(EditError::ZeroSubgroupSize { .. }))
        ));
    }

    #[test]
    fn pasting_after_the_largest_subgroup_label_is_refused_without_wrapping() {
        // The last label is i64::MAX (a plan still being fixed): `label + 1` would wrap to
        // i64::MIN. The paste is refused, naming the table and the label, and changes nothing.
        let mut doc = sample();
        Arc::make_mut(&mut doc.plan).measurements = vec![crate::domain::Measurement {
            characteristic: "D1".into(),
            subgroup: i64::MAX,
            value: 1.0,
        }];
        let paste = Command::AddMeasurements {
            characteristic: "D1".into(),
            values: vec![2.0, 3.0],
            subgroup_size: 1,
        };
        let error = doc.apply(paste).expect_err("refused");
        assert_eq!(
            error.to_string(),
            format!(
                "measurements of D1: the last subgroup label is {}, so 2 new subgroups would \
                 pass the largest label a plan may hold (1000000000000); renumber the subgroups \
                 from 1 first",
                i64::MAX
            )
        );
        assert_eq!(doc.plan().measurements.len(), 1);
        assert_eq!(doc.history().undo_depth(), 0);
    }

    /// Refreshes until the worker's analysis of the current revision is in (at most 60 s).
    fn wait_for_analysis(doc: &mut Document) {
        let start = std::time::Instant::now();
        doc.refresh_analysis();
        while doc.analysis_pending() && start.elapsed().as_secs() < 60 {
            std::thread::sleep(std::time::Duration::from_millis(2));
            doc.refresh_analysis();
        }
        assert!(!doc.analysis_pending(), "the worker finished");
    }

    /// A large plan's worker reuses the index structure across edits that leave items,
    /// resources, BOM and routing alone, builds it again after one that does (undo and redo
    /// included), and every result equals a fresh analysis of the plan it is shown for.
    #[test]
    fn a_demand_edit_reuses_the_index_structure_and_a_bom_edit_rebuilds_it() {
        use crate::analytics::analyze;
        use crate::app::generate::{GenerateSpec, generate};
        let plan = generate(GenerateSpec {
            items: 2_000,
            resources: 100,
            periods: 52,
            seed: 3,
        });
        assert!(crate::analytics::is_large(&plan));
        let mut doc = Document::from_plan(plan);
        let analysed = |doc: &mut Document| {
            wait_for_analysis(doc);
            let shown = match doc.analysis() {
                Some(Ok(analysis)) => analysis.clone(),
                other => panic!("no analysis: {other:?}"),
            };
            assert!(
                analyze(doc.plan()).is_ok_and(|fresh| fresh == shown),
                "the shown analysis is the plan's"
            );
            Arc::clone(doc.analysis.kept_structure().expect("a structure is kept"))
        };
        let set = |doc: &mut Document, table: TableKind, column: &str, text: &str| {
            let column = table.column_index(column).unwrap_or(0);
            let command = Command::SetCell {
                table,
                row: 0,
                column,
                text: text.into(),
            };
            doc.apply(command).expect("edit applies");
        };
        let first = analysed(&mut doc);
        set(&mut doc, TableKind::Demand, "qty", "12345");
        let after_demand = analysed(&mut doc);
        assert!(
            Arc::ptr_eq(&first, &after_demand),
            "a demand edit reuses it"
        );
        set(&mut doc, TableKind::Bom, "qty", "7");
        let after_bom = analysed(&mut doc);
        assert!(
            !Arc::ptr_eq(&after_demand, &after_bom),
            "a BOM edit rebuilds it"
        );
        assert!(doc.undo().expect("undo the BOM edit"));
        let after_undo = analysed(&mut doc);
        assert!(!Arc::ptr_eq(&after_bom, &after_undo), "so does its undo");
        assert!(doc.undo().expect("undo the demand edit"));
        let back = analysed(&mut doc);
        assert!(
            Arc::ptr_eq(&after_undo, &back),
            "undoing a demand edit reuses it"
        );
        assert!(doc.redo().expect("redo the demand edit"));
        assert!(doc.redo().expect("redo the BOM edit"));
        let redone = analysed(&mut doc);
        assert!(
            !Arc::ptr_eq(&back, &redone),
            "redoing the BOM edit rebuilds it"
        );
    }

    #[test]
    fn a_large_plan_is_analysed_off_thread_and_the_last_result_shown_meanwhile() {
        use crate::app::generate::{GenerateSpec, generate};
        // Plan M has about 38,000 rows: above analytics::PARALLEL_ROWS, so it is "large".
        let plan = generate(GenerateSpec {
            items: 2_000,
            resources: 100,
            periods: 52,
            seed: 3,
        });
        assert!(is_large(&plan));
        let mut doc = Document::from_plan(plan);
        doc.refresh_analysis();
        assert!(
            doc.analysis_pending(),
            "the first analysis runs on a worker"
        );
        assert!(
            doc.analysis().is_none(),
            "nothing to show before the first result"
        );
        wait_for_analysis(&mut doc);
        let first = doc.analysis().and_then(|r| r.as_ref().ok()).cloned();
        assert_eq!(first, analyze(doc.plan()).ok());
        let key = doc.analysis_key();

        // Editing a value: the last result stays on screen until the new one is in.
        doc.apply(Command::SetCell {
            table: TableKind::Demand,
            row: 0,
            column: 2,
            text: "12345".into(),
        })
        .unwrap();
        doc.refresh_analysis();
        assert!(doc.analysis_pending());
        assert_eq!(doc.analysis().and_then(|r| r.as_ref().ok()), first.as_ref());
        assert_eq!(
            doc.analysis_key(),
            key,
            "views keep their caches of the shown result"
        );
        wait_for_analysis(&mut doc);
        let second = doc.analysis().and_then(|r| r.as_ref().ok()).cloned();
        assert_eq!(second, analyze(doc.plan()).ok());
        assert_ne!(second, first, "the edit changed the results");
        assert_eq!(doc.analysis_key(), key + 1, "one new result since");
        assert_eq!(doc.analysis_runs(), 2);

        // Adding a row: the last result no longer fits the rows, so nothing is shown meanwhile.
        doc.apply(Command::AddRow {
            table: TableKind::Items,
            preset: vec![(0, "NEW-ITEM".into())],
        })
        .unwrap();
        doc.refresh_analysis();
        assert!(doc.analysis_pending());
        assert!(doc.analysis().is_none());
        wait_for_analysis(&mut doc);
        assert!(doc.analysis().is_some());
    }

    #[test]
    fn analysis_is_computed_once_per_revision() {
        let mut doc = sample();
        doc.refresh_analysis();
        doc.refresh_analysis();
        assert_eq!(doc.analysis_runs(), 1);
        set_run_min(&mut doc, "20");
        assert!(doc.analysis().is_none());
        doc.refresh_analysis();
        doc.refresh_analysis();
        assert_eq!(doc.analysis_runs(), 2);
    }

    #[test]
    fn a_plan_held_by_another_document_opens_read_only_and_save_as_frees_it() {
        let folder = tempfile::tempdir().unwrap();
        let plan_path = folder.path().join("held.opsplan");
        sample().save_as(&plan_path).unwrap();
        let first = Document::open(&plan_path).unwrap();
        assert!(first.holds_lock() && !first.is_read_only());
        let mut second = Document::open(&plan_path).unwrap();
        let holder = second.read_only_holder().cloned().unwrap();
        assert_eq!(holder.pid, std::process::id());
        // Edits and Save are refused with the holder named; nothing changes.
        let column = TableKind::Routing.column_index("run_min").unwrap_or(0);
        let edit = Command::SetCell {
            table: TableKind::Routing,
            row: 0,
            column,
            text: "15".into(),
        };
        let refused = second.apply(edit.clone()).unwrap_err().to_string();
        let expected = format!(
            "read-only: {} has held.opsplan open; use Save As to keep your own copy",
            holder.describe()
        );
        assert_eq!(refused, expected);
        assert_eq!(second.plan().routing[0].run_min, 12.0);
        assert!(matches!(
            second.save_in_place(),
            Err(DocumentError::ReadOnly { .. })
        ));
        // Save As onto the held file is refused too; to another file it works and unlocks edits.
        assert!(matches!(
            second.save_as(&plan_path),
            Err(DocumentError::ReadOnly { .. })
        ));
        second.save_as(&folder.path().join("mine.opsplan")).unwrap();
        assert!(!second.is_read_only() && second.holds_lock());
        second.apply(edit).unwrap();
        assert_eq!(second.plan().routing[0].run_min, 15.0);
        // Dropping the first document frees the plan for the next one.
        drop(first);
        assert!(!Document::open(&plan_path).unwrap().is_read_only());
    }

    #[test]
    fn a_snapshot_is_needed_once_per_revision_and_a_save_removes_it() {
        let folder = tempfile::tempdir().unwrap();
        let plan_path = folder.path().join("snap.opsplan");
        let mut doc = sample();
        doc.save_as(&plan_path).unwrap();
        assert!(!doc.needs_snapshot(), "a saved plan has nothing to keep");
        set_run_min(&mut doc, "15");
        assert!(doc.needs_snapshot());
        doc.write_snapshot().unwrap();
        let snapshot = folder.path().join(".snap.opsplan.recovery");
        assert!(snapshot.is_file());
        assert!(!doc.needs_snapshot(), "the snapshot holds this revision");
        let found = doc.pending_recovery().unwrap();
        assert_eq!(found.load().unwrap().routing[0].run_min, 15.0);
        set_run_min(&mut doc, "18");
        assert!(doc.needs_snapshot());
        doc.save_in_place().unwrap();
        assert!(!snapshot.exists());
        assert!(!doc.has_snapshot());
    }

    #[test]
    fn save_without_a_file_asks_for_save_as() {
        let mut doc = sample();
        assert!(matches!(doc.save_in_place(), Err(DocumentError::NoPath)));
    }
}
