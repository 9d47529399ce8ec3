//! GUI frame times with the large plan L open (20,000 items, 1,000 resources, 52 periods; the
//! plan of BENCHMARKS.md): the real app driven through egui_kittest visits every page and times
//! each frame, split into building the UI (`step`: layout, widgets, AccessKit tree) and
//! tessellating its shapes into triangles (`ctx.tessellate`), the work a real frame does before
//! the GPU draws. A frame must stay under 16 ms (60 frames per second).
//!
//! Besides every page of [`Page::ALL`], it times the views inside pages that a user switches to
//! with one click (each table of "Quality & queues", the quality dashboard's sections, the
//! queue arrivals editor) and the Routings item drop-down opened over the 20,000 items. Then it
//! edits one demand cell on each of eight pages (the dashboards, Materials, and the BOM,
//! Routings and Items editors, whose indexes must not be rebuilt for a demand edit), then a
//! BOM quantity on the BOM page and a run time on the Routings page, and times the frame after
//! the edit, the frames while the worker analyses and the wait for the new results. Last, it opens a plan with 2,000 items × 120 weeks of sales history and times the
//! Forecast page once its forecasts are in.
//!
//! Slow (generates and analyses plan L), so ignored by default. Run with
//! `cargo test --release --test ui_frame_times -- --ignored --nocapture`.

mod ui_support;

use std::time::{Duration, Instant};
use ui_support::{ScriptedDialogs, wait_for_analysis};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opsplan::app::files::save_plan;
use opsplan::app::generate::{GenerateSpec, generate, history_plan};
use opsplan::app::{Command, Document, TableKind};
use opsplan::ui::forecast_view::ForecastView;
use opsplan::ui::{OpsplanApp, Page};

/// Budget of one frame at 60 frames per second.
const FRAME_BUDGET: Duration = Duration::from_millis(16);

/// Budget of the first frame of a view, which builds its per-revision caches: a frame like any
/// other (it was 50 ms until the BOM and Routings pages stopped copying codes when opened).
const FIRST_FRAME_BUDGET: Duration = FRAME_BUDGET;

/// Frames timed per page after the first frames on it (which lay out and cache for the first
/// time and are reported separately).
const TIMED_FRAMES: usize = 5;

/// Frames run on a page before timing starts.
const WARM_UP_FRAMES: usize = 2;

/// Times of one view: the first frame, and the slowest and median of the timed frames.
struct ViewTimes {
    name: String,
    first: Duration,
    slowest_step: Duration,
    slowest_tessellate: Duration,
    median_total: Duration,
    slowest_total: Duration,
}

/// Runs one frame and returns (step time, tessellation time).
fn timed_frame(harness: &mut Harness<'_, OpsplanApp>) -> (Duration, Duration) {
    let start = Instant::now();
    harness.step();
    let step = start.elapsed();
    let shapes = harness.output().shapes.clone();
    let pixels_per_point = harness.ctx.pixels_per_point();
    let start = Instant::now();
    let primitives = harness.ctx.tessellate(shapes, pixels_per_point);
    let tessellate = start.elapsed();
    std::hint::black_box(primitives);
    (step, tessellate)
}

/// Opens a view with `open` (which queues a click or switches the page) and times its frames:
/// the first frame is the one that shows the view.
fn time_view(
    harness: &mut Harness<'_, OpsplanApp>,
    name: &str,
    open: impl FnOnce(&mut Harness<'_, OpsplanApp>),
) -> ViewTimes {
    open(harness);
    let (first_step, first_tessellate) = timed_frame(harness);
    for _ in 0..WARM_UP_FRAMES {
        timed_frame(harness);
    }
    let frames: Vec<(Duration, Duration)> =
        (0..TIMED_FRAMES).map(|_| timed_frame(harness)).collect();
    let mut totals: Vec<Duration> = frames.iter().map(|(s, t)| *s + *t).collect();
    totals.sort();
    ViewTimes {
        name: name.to_string(),
        first: first_step + first_tessellate,
        slowest_step: frames.iter().map(|f| f.0).max().unwrap_or_default(),
        slowest_tessellate: frames.iter().map(|f| f.1).max().unwrap_or_default(),
        median_total: totals[totals.len() / 2],
        slowest_total: totals.last().copied().unwrap_or_default(),
    }
}

/// Shows `page` and times its frames.
fn time_page(harness: &mut Harness<'_, OpsplanApp>, page: Page) -> ViewTimes {
    time_view(harness, page.title, |h| h.state_mut().show_page(page))
}

/// Clicks the tab (a selectable label) whose text starts with `prefix`, e.g. `measurements (`.
fn click_tab(harness: &mut Harness<'_, OpsplanApp>, prefix: &'static str) {
    harness
        .get_by(move |node| {
            node.role() != egui::accesskit::Role::TextRun
                && [node.label(), node.value()]
                    .iter()
                    .flatten()
                    .any(|text| text.starts_with(prefix))
        })
        .click();
}

/// Times the views inside pages: every tab of "Quality & queues", the quality dashboard's
/// sections, the queue arrivals editor and the Routings item drop-down.
fn time_inner_views(harness: &mut Harness<'_, OpsplanApp>) -> Vec<ViewTimes> {
    let mut times = Vec::new();
    harness.state_mut().show_page(Page::QUALITY_DATA);
    harness.step();
    for tab in [
        "measurements (",
        "control_limits (",
        "chart_settings (",
        "inspections (",
        "defects (",
        "queues (",
        "characteristics (",
    ] {
        let name = format!("Q&q: {}", tab.trim_end_matches(" ("));
        times.push(time_view(harness, &name, |h| click_tab(h, tab)));
    }
    harness.state_mut().show_page(Page::QUALITY);
    harness.step();
    for section in ["Attribute charts", "Defects & yield", "Control charts"] {
        let name = format!("Quality: {section}");
        times.push(time_view(harness, &name, |h| click_tab(h, section)));
    }
    harness.state_mut().show_page(Page::QUEUES);
    harness.step();
    times.push(time_view(harness, "Queues: arrivals", |h| {
        click_tab(h, "queue_arrivals (")
    }));
    harness.state_mut().show_page(Page::ROUTING);
    harness.step();
    times.push(time_view(harness, "Routings: item list", |h| {
        h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Item")
            .click()
    }));
    harness.key_press(egui::Key::Escape);
    harness.step();
    times
}

/// A demand edit: the quantity of demand row 0.
fn demand_edit(quantity: usize) -> Command {
    Command::SetCell {
        table: TableKind::Demand,
        row: 0,
        column: 2,
        text: quantity.to_string(),
    }
}

/// Applies `edit` on `page` and returns the time of the frame that applies the edit (it
/// starts the analysis on a worker and draws the page with the last results), the slowest
/// frame until the new results are drawn (the one that draws them rebuilds the page's caches)
/// and how long that took in all.
fn time_edit(
    harness: &mut Harness<'_, OpsplanApp>,
    page: Page,
    edit: Command,
) -> (Duration, Duration, Duration) {
    harness.state_mut().show_page(page);
    harness.step();
    harness.step();
    let start = Instant::now();
    harness.state_mut().apply(edit);
    let (step, tessellate) = timed_frame(harness);
    let mut slowest_until_fresh = Duration::ZERO;
    while harness.state().document().analysis_pending() && start.elapsed().as_secs() < 60 {
        std::thread::sleep(Duration::from_millis(2));
        let (step, tessellate) = timed_frame(harness);
        slowest_until_fresh = slowest_until_fresh.max(step + tessellate);
    }
    (step + tessellate, slowest_until_fresh, start.elapsed())
}

/// Opens the forecast benchmark's plan (2,000 items × 120 weeks of history, BENCHMARKS.md) and
/// times the Forecast page: the frames while the worker forecasts, then the page with its
/// chart, error table and item table drawn.
fn time_forecast_page(home: &std::path::Path) -> (ViewTimes, ViewTimes, Duration) {
    let path = home.join("history.opsplan");
    save_plan(&history_plan(2_000, 120), &path).expect("save the history plan");
    let doc = Document::open(&path).expect("history plan opens");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            OpsplanApp::with_document(doc, Box::new(ScriptedDialogs::default()))
        });
    wait_for_analysis(&mut harness);
    let start = Instant::now();
    let computing = time_page(&mut harness, Page::FORECAST);
    let forecasting = |h: &mut Harness<'_, OpsplanApp>| {
        (h.state_mut().page_view::<ForecastView>()).is_some_and(|v| v.is_forecasting())
    };
    while forecasting(&mut harness) && start.elapsed().as_secs() < 60 {
        std::thread::sleep(Duration::from_millis(5));
        harness.step();
    }
    let waited = start.elapsed();
    let drawn = time_view(&mut harness, "Forecast (2,000 items' history)", |_| {});
    (computing, drawn, waited)
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

#[test]
#[ignore = "slow: generates plan L; run in release with --ignored --nocapture"]
fn every_page_of_plan_l_draws_a_frame_within_16_ms() {
    let home = tempfile::tempdir().expect("temp home");
    // SAFETY: set before the harness starts, in the only test of this binary.
    unsafe {
        std::env::set_var("HOME", home.path());
        std::env::set_var("XDG_CONFIG_HOME", home.path().join("config"));
        std::env::set_var("XDG_DATA_HOME", home.path().join("data"));
    }
    // As the binary does before it starts the GUI.
    let _ = opsplan::app::memory::keep_freed_memory_for_reuse();
    let plan = generate(GenerateSpec {
        items: 20_000,
        resources: 1_000,
        periods: 52,
        seed: 1,
    });
    let path = home.path().join("L.opsplan");
    save_plan(&plan, &path).expect("save plan L");
    let start = Instant::now();
    let doc = Document::open(&path).expect("plan L opens");
    println!("open plan L: {:.1} ms", ms(start.elapsed()));
    let start = Instant::now();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            OpsplanApp::with_document(doc, Box::new(ScriptedDialogs::default()))
        });
    println!("first frame: {:.1} ms", ms(start.elapsed()));
    // Plan L is analysed on a worker thread; the timed frames start once its result is in.
    wait_for_analysis(&mut harness);
    println!("first analysis shown after: {:.1} ms", ms(start.elapsed()));

    let mut times: Vec<ViewTimes> = Page::ALL
        .iter()
        .map(|&page| time_page(&mut harness, page))
        .collect();
    times.extend(time_inner_views(&mut harness));
    let mut edits: Vec<(&str, Page, (Duration, Duration, Duration))> = [
        Page::DEMAND,
        Page::OVERVIEW,
        Page::COST,
        Page::CAPACITY,
        Page::MATERIALS,
        Page::BOM,
        Page::ROUTING,
        Page::ITEMS,
    ]
    .into_iter()
    .enumerate()
    .map(|(n, page)| {
        (
            "demand",
            page,
            time_edit(&mut harness, page, demand_edit(500 + n)),
        )
    })
    .collect();
    // A structural edit on the page of its table: the page regroups its rows in that frame.
    let bom_edit = Command::SetCell {
        table: TableKind::Bom,
        row: 0,
        column: 2,
        text: "3".into(),
    };
    let routing_edit = Command::SetCell {
        table: TableKind::Routing,
        row: 0,
        column: 5,
        text: "2.5".into(),
    };
    for (what, page, edit) in [
        ("BOM quantity", Page::BOM, bom_edit),
        ("routing run time", Page::ROUTING, routing_edit),
    ] {
        edits.push((what, page, time_edit(&mut harness, page, edit)));
    }
    println!(
        "{:<28} {:>9} {:>10} {:>11} {:>10} {:>10}",
        "page", "first ms", "step max", "tess. max", "median ms", "max ms"
    );
    for t in &times {
        println!(
            "{:<28} {:>9.1} {:>10.1} {:>11.1} {:>10.1} {:>10.1}",
            t.name,
            ms(t.first),
            ms(t.slowest_step),
            ms(t.slowest_tessellate),
            ms(t.median_total),
            ms(t.slowest_total)
        );
    }
    for (what, page, (frame, slowest, fresh)) in &edits {
        println!(
            "{what} edit on {}: that frame {:.1} ms, slowest frame until the new results {:.1} ms, \
             new results drawn after {:.1} ms",
            page.title,
            ms(*frame),
            ms(*slowest),
            ms(*fresh)
        );
    }
    let (computing, drawn, waited) = time_forecast_page(home.path());
    println!(
        "Forecast page, 2,000 items × 120 weeks of history: while forecasting median {:.1} ms, \
         forecasts in after {:.0} ms; then first frame {:.1} ms, median {:.1} ms, slowest {:.1} ms",
        ms(computing.median_total),
        ms(waited),
        ms(drawn.first),
        ms(drawn.median_total),
        ms(drawn.slowest_total)
    );
    times.push(drawn);
    let over_budget: Vec<&str> = times
        .iter()
        .filter(|t| t.median_total > FRAME_BUDGET)
        .map(|t| t.name.as_str())
        .collect();
    assert!(
        over_budget.is_empty(),
        "pages over {} ms per frame (median): {over_budget:?}",
        FRAME_BUDGET.as_millis()
    );
    let slow_to_open: Vec<&str> = times
        .iter()
        .filter(|t| t.first > FIRST_FRAME_BUDGET)
        .map(|t| t.name.as_str())
        .collect();
    assert!(
        slow_to_open.is_empty(),
        "views whose first frame took over {} ms: {slow_to_open:?}",
        FIRST_FRAME_BUDGET.as_millis()
    );
}
