//! Shared set-up of the GUI tests: an isolated HOME and scripted file dialogs.

#![allow(dead_code)]

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::OnceLock;

use opsplan::ui::dialogs::FileDialogs;

/// HOME and the XDG folders point into one temp folder for the whole test binary, so the app's
/// recent-files list, autosave snapshots and desktop files never touch the user's own.
pub fn isolated_home() -> &'static Path {
    static HOME: OnceLock<tempfile::TempDir> = OnceLock::new();
    HOME.get_or_init(|| {
        let home = tempfile::tempdir().expect("temp home");
        // SAFETY: set once, before any harness starts, by whichever test gets here first; all
        // tests set the same values, and nothing in this process reads them concurrently yet.
        unsafe {
            std::env::set_var("HOME", home.path());
            std::env::set_var("XDG_CONFIG_HOME", home.path().join("config"));
            std::env::set_var("XDG_DATA_HOME", home.path().join("data"));
        }
        home
    })
    .path()
}

/// Dialog answers given by the test instead of a person: Open and Save (As) answer the given
/// paths, Import workbook answers `import_path`, the workbook exports `export_path`; everything
/// else cancels. Every question asked is recorded in `asked`.
#[derive(Default)]
pub struct ScriptedDialogs {
    pub save_path: Option<PathBuf>,
    pub open_path: Option<PathBuf>,
    pub import_path: Option<PathBuf>,
    pub export_path: Option<PathBuf>,
    pub asked: Rc<RefCell<Vec<&'static str>>>,
}

impl FileDialogs for ScriptedDialogs {
    fn open_plan(&mut self) -> Option<PathBuf> {
        self.asked.borrow_mut().push("open");
        self.open_path.clone()
    }
    fn save_plan(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        self.asked.borrow_mut().push("save");
        self.save_path.clone()
    }
    fn import_json(&mut self) -> Option<PathBuf> {
        self.asked.borrow_mut().push("import json");
        None
    }
    fn import_csv_folder(&mut self) -> Option<PathBuf> {
        self.asked.borrow_mut().push("import csv");
        None
    }
    fn export_json(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        self.asked.borrow_mut().push("export json");
        None
    }
    fn export_csv_folder(&mut self) -> Option<PathBuf> {
        self.asked.borrow_mut().push("export csv");
        None
    }
    fn import_workbook(&mut self) -> Option<PathBuf> {
        self.asked.borrow_mut().push("import workbook");
        self.import_path.clone()
    }
    fn export_workbook(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        self.asked.borrow_mut().push("export workbook");
        self.export_path.clone()
    }
    fn export_workbook_template(&mut self) -> Option<PathBuf> {
        self.asked.borrow_mut().push("export workbook template");
        self.export_path.clone()
    }
}

/// Steps the app until the analysis of a large plan, which runs on a worker thread, is in
/// (at most 60 s); small plans are analysed within the first frame and return at once.
pub fn wait_for_analysis(harness: &mut egui_kittest::Harness<'_, opsplan::ui::OpsplanApp>) {
    let start = std::time::Instant::now();
    harness.step();
    while harness.state().document().analysis_pending() && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(2));
        harness.step();
    }
    assert!(
        !harness.state().document().analysis_pending(),
        "the analysis finished"
    );
}

/// The app on the bundled manufacturer sample (data/manufacturer.json, an unsaved import) in a
/// 1280 × 800 window, with scripted dialogs.
pub fn sample_app() -> egui_kittest::Harness<'static, opsplan::ui::OpsplanApp> {
    isolated_home();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/manufacturer.json");
    let doc = opsplan::app::Document::open(&path).expect("the sample opens");
    egui_kittest::Harness::builder()
        .with_size(eframe::egui::vec2(1280.0, 800.0))
        .with_max_steps(16)
        .build_eframe(move |_cc| {
            opsplan::ui::OpsplanApp::with_document(doc, Box::new(ScriptedDialogs::default()))
        })
}

/// Nodes whose accessible label or value is exactly `text` (egui labels carry their text as the
/// value, which `get_by_label` skips).
pub fn count_text(
    harness: &egui_kittest::Harness<'_, opsplan::ui::OpsplanApp>,
    text: &str,
) -> usize {
    use egui_kittest::kittest::Queryable;
    let text = text.to_string();
    harness
        .query_all_by(move |node| {
            node.role() != eframe::egui::accesskit::Role::TextRun
                && (node.label().as_deref() == Some(text.as_str())
                    || node.value().as_deref() == Some(text.as_str()))
        })
        .count()
}

/// The app on `doc` with `dialogs` in a 1280 × 800 window (the isolated HOME set), after its
/// first frames.
pub fn app_harness_on(
    doc: opsplan::app::Document,
    dialogs: impl FileDialogs + 'static,
) -> egui_kittest::Harness<'static, opsplan::ui::OpsplanApp> {
    isolated_home();
    let mut harness = egui_kittest::Harness::builder()
        .with_size(eframe::egui::vec2(1280.0, 800.0))
        .with_max_steps(16)
        .build_eframe(move |_cc| opsplan::ui::OpsplanApp::with_document(doc, Box::new(dialogs)));
    harness.run();
    harness
}

/// The text shown by the one widget named `label` (a cell whose accessible name is set), or
/// `None` when no widget has that name.
pub fn shown(
    harness: &egui_kittest::Harness<'_, opsplan::ui::OpsplanApp>,
    label: &str,
) -> Option<String> {
    use egui_kittest::kittest::Queryable;
    let label = label.to_string();
    harness
        .query_by(move |node| node.label().as_deref() == Some(label.as_str()))
        .and_then(|node| node.value())
}

/// The whole app on the bundled manufacturer sample (data/manufacturer.json, opened as an
/// unsaved import), 1280 points wide and `height` tall, with scripted dialogs; not yet run.
pub fn sample_app_sized(height: f32) -> egui_kittest::Harness<'static, opsplan::ui::OpsplanApp> {
    isolated_home();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/manufacturer.json");
    let doc = opsplan::app::Document::open(&path).expect("the sample opens");
    egui_kittest::Harness::builder()
        .with_size(eframe::egui::vec2(1280.0, height))
        .with_max_steps(16)
        .build_eframe(move |_cc| {
            opsplan::ui::OpsplanApp::with_document(doc, Box::new(ScriptedDialogs::default()))
        })
}

/// Whether a node shows exactly `text` (as its label or value).
pub fn shows(harness: &egui_kittest::Harness<'_, opsplan::ui::OpsplanApp>, text: &str) -> bool {
    count_text(harness, text) > 0
}

/// Load per period of the resource `code` in the app's cached analysis (None: no such resource).
pub fn resource_load(
    harness: &egui_kittest::Harness<'_, opsplan::ui::OpsplanApp>,
    code: &str,
) -> Option<Vec<f64>> {
    let Some(Ok(analysis)) = harness.state().document().analysis() else {
        panic!("no analysis");
    };
    analysis
        .capacity
        .resources
        .iter()
        .find(|r| r.code == code)
        .map(|r| r.load.clone())
}

/// The app's view of the page whose view type is `V` (every page has one).
pub fn page_view<'h, V: opsplan::ui::PageView>(
    harness: &'h mut egui_kittest::Harness<'_, opsplan::ui::OpsplanApp>,
) -> &'h mut V {
    harness
        .state_mut()
        .page_view::<V>()
        .expect("the app has a view of this type")
}
