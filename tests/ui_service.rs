//! GUI acceptance tests of the service and planning pages: queues and staffing, the product mix
//! ("What to make"), scenarios and the comparison, driven through egui_kittest.
//!
//! Hand computations (DESIGN.md §2):
//! - data/service.json, queue COUNTER: λ = 23/h, service 4.8 min, 3 TELLER servers, target 80 %
//!   within 5 min. a = 23 · 4.8 / 60 = 1.84 Erl. Erlang B recursion B(k) = a·B(k−1)/(k + a·B(k−1)):
//!   B1 = 0.647887, B2 = 0.373456, B3 = 0.186364; P(wait) = 3·B3 / (3 − a·(1 − B3)) = 0.372008
//!   → shown "37.2 %". Service level with 3 servers = 1 − 0.372008·e^(−1.16·5/4.8) = 88.9 %;
//!   with 2 servers P(wait) = 0.881665 and the level 1 − 0.881665·e^(−0.16·5/4.8) = 25.4 % < 80 %,
//!   so 3 servers are required.
//! - tests/data/ui/small.json (see tests/ui_app.rs): BIKE unit cost 37; with its run time 36
//!   instead of 30 min it costs 40. ASSY total utilisation 125 h / 80 h = 156.25 % → 150 / 80 =
//!   187.5 %. Profit 250·300 − 250·37 − 2·100 = 65,550 → 250·300 − 250·40 − 200 = 64,800.
//!   A scenario saved before the edit against the edited base: Δ unit cost BIKE 37 − 40 = −3,
//!   Δ utilisation ASSY −31.25 points (shown −31.2, ties to even), Δ profit +750.

mod ui_support;

use std::path::{Path, PathBuf};
use ui_support::{ScriptedDialogs, app_harness_on, count_text, isolated_home};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::app::Document;
use opsplan::ui::{OpsplanApp, Page, format};

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The app on a plan file of the repository, with scripted dialogs.
fn app_on(relative: &str, dialogs: ScriptedDialogs) -> Harness<'static, OpsplanApp> {
    isolated_home();
    let doc = Document::open(&repo_path(relative)).expect("plan opens");
    app_harness_on(doc, dialogs)
}

/// The text shown in the cell named `label` (e.g. "COUNTER P(wait)").
fn shown(harness: &Harness<'_, OpsplanApp>, label: &str) -> String {
    let label = label.to_string();
    harness
        .get_by(move |node| node.label().as_deref() == Some(label.as_str()))
        .value()
        .unwrap_or_default()
}

fn go_to(harness: &mut Harness<'_, OpsplanApp>, page: &'static str) {
    harness.get_by_label(page).click();
    harness.run();
}

#[test]
fn the_queues_page_shows_the_erlang_c_figures_of_the_analysis() {
    let mut harness = app_on("data/service.json", ScriptedDialogs::default());
    go_to(&mut harness, "Queues & staffing");
    assert_eq!(harness.state().page(), Page::QUEUES);
    let Some(Ok(analysis)) = harness.state().document().analysis() else {
        panic!("service plan analyses");
    };
    let counter = analysis.queues.iter().find(|q| q.code == "COUNTER");
    let counter = counter.expect("COUNTER queue").clone();
    // The hand-computed values of the module comment.
    assert!(
        (counter.p_wait - 0.372008).abs() < 1e-6,
        "{}",
        counter.p_wait
    );
    assert_eq!((counter.servers, counter.required_servers), (3, 3));
    assert_eq!(shown(&harness, "COUNTER P(wait)"), "37.2 %");
    assert_eq!(shown(&harness, "COUNTER Service level"), "88.9 %");
    assert_eq!(shown(&harness, "COUNTER Required servers"), "3");
    assert_eq!(shown(&harness, "COUNTER Load (Erlang)"), "1.84");
    // Every queue's required servers as the analysis computed them.
    for queue in &analysis.queues.clone() {
        let label = format!("{} Required servers", queue.code);
        assert_eq!(shown(&harness, &label), queue.required_servers.to_string());
    }
    // The arrivals editor is on the page: 36 per-period rates in the sample.
    assert_eq!(count_text(&harness, "queue_arrivals (36)"), 1);
}

#[test]
fn what_to_make_shows_the_optimal_contribution() {
    let mut harness = app_on("data/manufacturer.json", ScriptedDialogs::default());
    go_to(&mut harness, "What to make");
    let plan = harness.state().document().plan().clone();
    let result = opsplan::analytics::mix::optimize(&plan).expect("the sample optimises");
    assert!(result.objective > 0.0);
    let objective = format::money(result.objective, &plan.settings.currency);
    assert_eq!(
        count_text(&harness, &objective),
        1,
        "{objective} shown once"
    );
}

#[test]
fn an_unbounded_mix_is_explained_in_words() {
    let mut harness = app_on("tests/data/ui/small.json", ScriptedDialogs::default());
    // BIKE loses its demand cap and every routing step of its BOM: it then costs 2 · 5 = 10 in
    // tubes, earns 300 − 10 = 290 per unit and uses no resource hours.
    let doc = harness.state().document();
    let demand_rows: Vec<usize> = (0..doc.plan().demand.len()).collect();
    harness
        .state_mut()
        .apply(opsplan::app::Command::DeleteRows {
            table: opsplan::app::TableKind::Demand,
            rows: demand_rows,
        });
    harness
        .state_mut()
        .apply(opsplan::app::Command::DeleteRows {
            table: opsplan::app::TableKind::Routing,
            rows: vec![0, 1],
        });
    harness.run();
    go_to(&mut harness, "What to make");
    let unbounded = harness.query_all_by(|node| {
        node.role() != egui::accesskit::Role::TextRun
            && node.value().is_some_and(|v| {
                v.starts_with(
                "No optimal mix: the product mix is unbounded: item \"BIKE\" earns a margin of 290",
            )
            })
    });
    assert_eq!(unbounded.count(), 1);
}

#[test]
fn a_saved_scenario_compares_with_the_edited_base_and_undo_removes_it() {
    let mut harness = app_on("tests/data/ui/small.json", ScriptedDialogs::default());
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Save as scenario…").click();
    harness.run();
    harness.get_by_label("Save scenario").click();
    harness.run();
    let names: Vec<String> = harness
        .state()
        .document()
        .plan()
        .scenarios
        .iter()
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(names, ["Scenario 1"]);

    // Edit BIKE's run time in the base plan: 30 → 36 min.
    go_to(&mut harness, "Routings");
    let run_time = |h: &Harness<'_, OpsplanApp>| {
        h.get_by(|node| node.label().as_deref() == Some("routing row 2 run_min"))
            .click()
    };
    run_time(&harness);
    harness.run();
    harness
        .get_by(|node| node.label().as_deref() == Some("routing row 2 run_min"))
        .type_text("36");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().document().plan().routing[1].run_min, 36.0);

    go_to(&mut harness, "Compare");
    assert_eq!(count_text(&harness, "−€3.00"), 1, "Δ unit cost of BIKE");
    assert_eq!(count_text(&harness, "−31.2 pp"), 1, "Δ utilisation of ASSY");
    assert_eq!(count_text(&harness, "Δ profit +€750.00"), 1);

    // Undo the edit, then the scenario; redo brings the scenario back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(harness.state().document().plan().routing[1].run_min, 30.0);
    assert_eq!(count_text(&harness, "−€3.00"), 0, "no difference left");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(harness.state().document().plan().scenarios.is_empty());
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert_eq!(harness.state().document().plan().scenarios.len(), 1);
}

#[test]
fn a_duplicate_scenario_name_keeps_the_prompt_open_with_the_reason() {
    let mut harness = app_on("tests/data/ui/small.json", ScriptedDialogs::default());
    harness
        .state_mut()
        .apply(opsplan::app::Command::SaveScenario {
            name: "Scenario 1".into(),
        });
    harness.run();
    go_to(&mut harness, "Compare");
    harness.get_by_label("Save as scenario…").click();
    harness.run();
    // The name offered skips the one in use; replace it with that name anyway.
    let field = harness.get_by_label("Scenario name");
    assert_eq!(field.value().as_deref(), Some("Scenario 2"));
    field.focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Scenario name")
        .type_text("Scenario 1");
    harness.run();
    harness.get_by_label("Save scenario").click();
    harness.run();
    assert_eq!(harness.state().document().plan().scenarios.len(), 1);
    let reason = "scenarios: a scenario named \"Scenario 1\" already exists; choose another name \
                  or delete it first";
    assert_eq!(count_text(&harness, reason), 1);
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(count_text(&harness, reason), 0);
    assert_eq!(harness.state().document().plan().scenarios.len(), 1);
}

#[test]
fn a_second_plan_file_is_compared_with_its_deltas() {
    // The second plan is small.json with TUBE's purchase cost 5 → 6 and ASSY's efficiency
    // 0.5 → 0.8 (tests/data/ui/small.json figures in the module comment):
    // - TUBE 6 (Δ +1); FRAME 2 · 6 + 12 = 24 (Δ +2); BIKE 24 + 15 = 39 (Δ +2).
    // - ASSY available 2 units · 40 h · 0.8 = 64 h a week, 128 h in all; load 125 h:
    //   125 / 128 = 97.65625 % against 156.25 %, Δ −58.59375 points, shown −58.6 pp.
    //   WELD (62.5 %) is unchanged, so ASSY stays the bottleneck.
    // - Profit 250 · 300 − 250 · 39 − 2 · 100 = 65,050 against 65,550: Δ −500.
    let folder = tempfile::tempdir().expect("temp folder");
    let changed = folder.path().join("small-changed.json");
    let text = std::fs::read_to_string(repo_path("tests/data/ui/small.json")).expect("plan");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("plan JSON");
    json["items"][2]["purchase_cost"] = 6.into();
    json["resources"][1]["efficiency"] = 0.8.into();
    std::fs::write(&changed, json.to_string()).expect("second plan written");
    let dialogs = ScriptedDialogs {
        open_path: Some(changed),
        ..ScriptedDialogs::default()
    };
    let mut harness = app_on("tests/data/ui/small.json", dialogs);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Compare with plan file…").click();
    harness.run();
    assert_eq!(harness.state().page(), Page::COMPARE);
    assert_eq!(
        count_text(
            &harness,
            "Profit: base €65,550.00 · small-changed.json €65,050.00"
        ),
        1
    );
    assert_eq!(count_text(&harness, "Δ profit −€500.00"), 1);
    assert_eq!(
        count_text(&harness, "Bottleneck: base ASSY · small-changed.json ASSY"),
        1
    );
    // Unit costs: TUBE €5.00 → €6.00, FRAME €22.00 → €24.00, BIKE €37.00 → €39.00.
    for (cost, rows) in [
        ("€6.00", 1),
        ("€24.00", 1),
        ("€39.00", 1),
        ("+€1.00", 1),
        ("+€2.00", 2),
    ] {
        assert_eq!(count_text(&harness, cost), rows, "{cost}");
    }
    assert_eq!(count_text(&harness, "97.7 %"), 1, "ASSY in the second plan");
    assert_eq!(count_text(&harness, "−58.6 pp"), 1, "Δ utilisation of ASSY");
    // The base plan itself is untouched by the comparison.
    assert_eq!(
        harness.state().document().plan().items[2].purchase_cost,
        5.0
    );
}
