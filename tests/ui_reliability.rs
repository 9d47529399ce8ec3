//! GUI reliability: autosave and the restore prompt, the read-only banner of a locked plan, and
//! File ▸ Check plan, driven through egui_kittest.
//!
//! The plan is `tests/data/ui/small.json` saved as a plan file; the edit is BIKE's run time
//! (routing row 2) from 30 to 36 min, as in `tests/ui_app.rs`.

mod ui_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use ui_support::{ScriptedDialogs, isolated_home};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use opsplan::app::Document;
use opsplan::app::lock::{LockHolder, lock_path};
use opsplan::app::recovery::{recovery_path, write_recovery};
use opsplan::ui::OpsplanApp;

/// The small plan saved as `small.opsplan` in `folder` (the saving document is dropped, so the
/// file is not locked).
fn saved_small_plan(folder: &Path) -> PathBuf {
    isolated_home();
    let json = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ui/small.json");
    let mut doc = Document::open(&json).expect("small plan opens");
    let target = folder.join("small.opsplan");
    doc.save_as(&target).expect("small plan saves");
    target
}

/// The app on the plan file at `plan`, opened as at start-up.
fn harness_on(plan: &Path, dialogs: ScriptedDialogs) -> Harness<'static, OpsplanApp> {
    let doc = Document::open(plan).expect("plan opens");
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(16)
        .build_eframe(move |_cc| OpsplanApp::with_document(doc, Box::new(dialogs)))
}

fn label_node<'h>(
    harness: &'h Harness<'_, OpsplanApp>,
    label: &'static str,
) -> egui_kittest::Node<'h> {
    harness.get_by(move |node| node.label().as_deref() == Some(label))
}

/// Clicks BIKE's run-time cell in the routing editor, types `text` and presses Enter.
fn edit_bike_run_time(harness: &mut Harness<'_, OpsplanApp>, text: &str) {
    harness.get_by_label("Routings").click();
    harness.run();
    label_node(harness, "routing row 2 run_min").click();
    harness.run();
    label_node(harness, "routing row 2 run_min").type_text(text);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

/// Runs the autosave clock forward past the interval. The frame of the edit started the wait
/// (at most one interval, 60 s by default), so a tick now is still waiting and one a whole
/// interval and a second later writes the snapshot.
fn autosave_now(harness: &mut Harness<'_, OpsplanApp>) {
    let start = Instant::now();
    let app = harness.state_mut();
    let every = app.autosave_every();
    let wait = app.autosave_tick(start).expect("an autosave is due later");
    assert!(wait > Duration::ZERO && wait <= every, "waits {wait:?}");
    assert_eq!(
        app.autosave_tick(start + every + Duration::from_secs(1)),
        None
    );
}

/// True when some node's label or value (a text label's text) contains `text`.
fn shows_text_containing(harness: &Harness<'_, OpsplanApp>, text: &str) -> bool {
    harness
        .query_all_by(move |node| {
            node.role() != egui::accesskit::Role::TextRun
                && (node.label().is_some_and(|label| label.contains(text))
                    || node.value().is_some_and(|value| value.contains(text)))
        })
        .next()
        .is_some()
}

#[test]
fn autosave_writes_a_snapshot_and_restore_brings_the_edit_back() {
    let folder = tempfile::tempdir().expect("temp folder");
    let plan = saved_small_plan(folder.path());
    let snapshot = recovery_path(Some(&plan));
    assert_eq!(snapshot, folder.path().join(".small.opsplan.recovery"));

    let mut harness = harness_on(&plan, ScriptedDialogs::default());
    harness.run();
    assert!(
        !harness.state().is_offering_recovery(),
        "nothing to recover yet"
    );
    edit_bike_run_time(&mut harness, "36");
    assert!(harness.state().document().is_dirty());
    assert!(!snapshot.exists(), "nothing is written before the interval");
    autosave_now(&mut harness);
    assert!(
        snapshot.is_file(),
        "the autosave wrote {}",
        snapshot.display()
    );
    // The snapshot is a plan file holding the edit; the plan file itself still has 30 min.
    let found = opsplan::app::recovery::find_recovery(&plan).expect("snapshot newer than plan");
    assert_eq!(
        found.load().expect("snapshot loads").routing[1].run_min,
        36.0
    );
    assert_eq!(
        Document::open(&plan).expect("plan").plan().routing[1].run_min,
        30.0
    );
    // The app ends without saving (as after a crash: nothing removes the snapshot).
    drop(harness);
    assert!(snapshot.is_file());

    let mut harness = harness_on(&plan, ScriptedDialogs::default());
    harness.run();
    assert!(harness.state().is_offering_recovery());
    assert!(shows_text_containing(&harness, "Unsaved changes from "));
    assert!(shows_text_containing(&harness, " UTC were recovered"));
    harness.get_by_label("Restore").click();
    harness.run();
    assert!(!harness.state().is_offering_recovery());
    let doc = harness.state().document();
    assert_eq!(doc.plan().routing[1].run_min, 36.0);
    assert!(doc.is_dirty(), "restored changes are unsaved");
    assert!(
        snapshot.is_file(),
        "the snapshot stays until the plan is saved"
    );

    // Saving writes the edit into the plan file and removes the snapshot.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    assert!(!harness.state().document().is_dirty());
    assert!(!snapshot.exists(), "saving removes the snapshot");
    drop(harness);
    assert_eq!(
        Document::open(&plan).expect("plan").plan().routing[1].run_min,
        36.0
    );
}

#[test]
fn discard_removes_the_snapshot_and_keeps_the_saved_plan() {
    let folder = tempfile::tempdir().expect("temp folder");
    let plan = saved_small_plan(folder.path());
    let snapshot = recovery_path(Some(&plan));
    let mut harness = harness_on(&plan, ScriptedDialogs::default());
    harness.run();
    edit_bike_run_time(&mut harness, "36");
    autosave_now(&mut harness);
    drop(harness);

    let mut harness = harness_on(&plan, ScriptedDialogs::default());
    harness.run();
    harness.get_by_label("Discard").click();
    harness.run();
    assert!(!harness.state().is_offering_recovery());
    assert!(!snapshot.exists(), "Discard removes the snapshot");
    let doc = harness.state().document();
    assert_eq!(doc.plan().routing[1].run_min, 30.0);
    assert!(!doc.is_dirty());
}

#[test]
fn undoing_back_to_the_saved_plan_removes_the_snapshot() {
    let folder = tempfile::tempdir().expect("temp folder");
    let plan = saved_small_plan(folder.path());
    let snapshot = recovery_path(Some(&plan));
    let mut harness = harness_on(&plan, ScriptedDialogs::default());
    harness.run();
    edit_bike_run_time(&mut harness, "36");
    autosave_now(&mut harness);
    assert!(snapshot.is_file());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(!harness.state().document().is_dirty());
    assert!(!snapshot.exists(), "a clean plan has nothing to recover");
}

#[test]
fn a_second_app_on_a_locked_plan_is_read_only_with_a_banner() {
    let folder = tempfile::tempdir().expect("temp folder");
    let plan = saved_small_plan(folder.path());
    let first = Document::open(&plan).expect("first opens");
    assert!(first.holds_lock() && !first.is_read_only());
    let holder: LockHolder = serde_json::from_str(
        &std::fs::read_to_string(lock_path(&plan)).expect("lock file written"),
    )
    .expect("lock file is JSON");

    let copy = folder.path().join("copy.opsplan");
    let dialogs = ScriptedDialogs {
        save_path: Some(copy.clone()),
        ..ScriptedDialogs::default()
    };
    let mut harness = harness_on(&plan, dialogs);
    harness.run();
    assert_eq!(harness.state().document().read_only_holder(), Some(&holder));
    let banner = format!("Read-only: {}", holder.describe());
    assert!(
        shows_text_containing(&harness, &banner),
        "banner {banner:?} shown"
    );

    // Typing into a cell changes nothing: the edit is refused with the reason.
    edit_bike_run_time(&mut harness, "36");
    assert_eq!(harness.state().document().plan().routing[1].run_min, 30.0);
    let notice = harness.state().notice().unwrap_or_default().to_string();
    assert!(notice.starts_with("read-only: "), "{notice}");

    // Save is disabled in the menu; Save As to another file works and makes the copy editable.
    harness.get_by_label("File").click();
    harness.run();
    assert!(
        harness
            .get_by_label("Save Ctrl+S")
            .accesskit_node()
            .is_disabled()
    );
    harness.get_by_label("Save As… Ctrl+Shift+S").click();
    harness.run();
    assert!(copy.is_file());
    let doc = harness.state().document();
    assert!(!doc.is_read_only() && doc.holds_lock());
    assert_eq!(doc.path(), Some(copy.as_path()));
    drop(first);
}

#[test]
fn check_plan_on_a_good_file_says_ok() {
    let folder = tempfile::tempdir().expect("temp folder");
    let plan = saved_small_plan(folder.path());
    let mut harness = harness_on(&plan, ScriptedDialogs::default());
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Check plan").click();
    harness.run();
    let report = harness
        .state()
        .integrity_report()
        .expect("a report")
        .clone();
    assert!(report.ok);
    let expected = format!(
        "{}: OK — SQLite's full integrity check found no problems in the saved file.",
        plan.display()
    );
    assert_eq!(report.text, expected);
    assert!(shows_text_containing(&harness, &expected));
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.state().integrity_report().is_none());
}

#[test]
fn opening_the_same_plan_again_keeps_it_editable() {
    let folder = tempfile::tempdir().expect("temp folder");
    let plan = saved_small_plan(folder.path());
    let dialogs = ScriptedDialogs {
        open_path: Some(plan.clone()),
        ..ScriptedDialogs::default()
    };
    let mut harness = harness_on(&plan, dialogs);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    // The old document let its lock go before the file was opened again, so the new one holds
    // it instead of finding itself in the way.
    let doc = harness.state().document();
    assert!(doc.holds_lock() && !doc.is_read_only());
    assert!(lock_path(&plan).is_file());
    drop(harness);
    assert!(!lock_path(&plan).exists(), "closing releases the lock");
}

#[test]
fn check_plan_on_a_damaged_file_shows_the_problem() {
    let folder = tempfile::tempdir().expect("temp folder");
    isolated_home();
    let mut plan = opsplan::domain::Plan::default();
    plan.settings.name = "Damaged".to_string();
    plan.resources.push(opsplan::domain::Resource {
        code: "SAWX9".to_string(),
        units: 1,
        hours_per_period: 40.0,
        efficiency: 1.0,
        ..opsplan::domain::Resource::default()
    });
    let path = folder.path().join("damaged.opsplan");
    Document::from_plan(plan).save_as(&path).expect("saves");
    // As in reliability_files.rs: "SAWX9" is stored in resource_codes, in the resources row and
    // in the resources_code index; changing the row's copy leaves the index pointing at a value
    // the table no longer has, which only the full check notices.
    let mut bytes = std::fs::read(&path).expect("read");
    let hits: Vec<usize> = (bytes.windows(5).enumerate())
        .filter(|(_, window)| *window == b"SAWX9")
        .map(|(at, _)| at)
        .collect();
    assert_eq!(hits.len(), 3, "{hits:?}");
    bytes[hits[1]] = b'T';
    std::fs::write(&path, &bytes).expect("write");

    let mut harness = harness_on(&path, ScriptedDialogs::default());
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Check plan").click();
    harness.run();
    let report = harness
        .state()
        .integrity_report()
        .expect("a report")
        .clone();
    assert!(!report.ok);
    let start = format!("{}: the file is damaged (integrity_check: ", path.display());
    assert!(report.text.starts_with(&start), "{}", report.text);
    assert!(report.text.contains("resources_code"), "{}", report.text);
    assert!(shows_text_containing(&harness, "Problems found"));
    assert!(shows_text_containing(&harness, &start));
}

/// Defect 1: a plan never saved (a JSON import, a new plan, the bundled sample) autosaves to
/// `unsaved-PID.opsplan.recovery`, and before the fix no later start offered it. A start now
/// offers every snapshot of an Opsplan that no longer runs, newest first, with the plan's name
/// and time; Discard removes one, Restore brings one back as an unsaved plan, and its next
/// autosave moves it to this process's own snapshot.
#[test]
fn never_saved_plans_left_by_a_crash_are_offered_newest_first() {
    isolated_home();
    let own_snapshot = recovery_path(None);
    let folder = own_snapshot
        .parent()
        .expect("recovery folder")
        .to_path_buf();
    // PIDs above Linux's largest (pid_max is at most 4,194,304) belong to no running process.
    let older = folder.join("unsaved-4194401.opsplan.recovery");
    let newer = folder.join("unsaved-4194402.opsplan.recovery");
    let json = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ui/small.json");
    let mut plan = Document::open(&json).expect("small plan").plan().clone();
    plan.settings.name = "Import from Monday".to_string();
    write_recovery(&plan, &older).expect("older snapshot");
    plan.settings.name = "Import from Tuesday".to_string();
    plan.routing[1].run_min = 42.0;
    write_recovery(&plan, &newer).expect("newer snapshot");
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3_600);
    std::fs::File::options()
        .write(true)
        .open(&older)
        .and_then(|file| file.set_modified(an_hour_ago))
        .expect("older snapshot dated an hour back");

    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(16)
        .build_eframe(|_cc| {
            let mut app = OpsplanApp::with_document(
                Document::new_plan(),
                Box::new(ScriptedDialogs::default()),
            );
            app.offer_recoveries();
            app
        });
    harness.run();
    let offered: Vec<String> = harness
        .state()
        .recovery_offers()
        .iter()
        .map(|found| found.plan_name.clone())
        .collect();
    assert_eq!(offered, ["Import from Tuesday", "Import from Monday"]);
    assert!(shows_text_containing(&harness, "“Import from Tuesday”"));
    assert!(shows_text_containing(
        &harness,
        " UTC were recovered (never saved)"
    ));

    // Discard the older one (the second in the list): only its file goes.
    harness
        .get_all_by_label("Discard")
        .nth(1)
        .expect("two Discard buttons")
        .click();
    harness.run();
    assert!(!older.exists(), "Discard removes that snapshot");
    assert!(newer.is_file());
    assert_eq!(harness.state().recovery_offers().len(), 1);

    harness.get_by_label("Restore").click();
    harness.run();
    assert!(!harness.state().is_offering_recovery());
    let doc = harness.state().document();
    assert_eq!(doc.plan().settings.name, "Import from Tuesday");
    assert_eq!(doc.plan().routing[1].run_min, 42.0);
    assert!(doc.is_dirty(), "the restored plan is unsaved");
    assert_eq!(doc.path(), None);

    // The next edit autosaves to this process's snapshot and retires the crashed one's.
    edit_bike_run_time(&mut harness, "36");
    autosave_now(&mut harness);
    assert!(
        own_snapshot.is_file(),
        "autosaved to {}",
        own_snapshot.display()
    );
    assert!(!newer.exists(), "the crashed process's snapshot is gone");
    std::fs::remove_file(&own_snapshot).expect("clean up");
}
