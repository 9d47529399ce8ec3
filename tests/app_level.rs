//! Levelling as the GUI runs it (app::levelling): a job on a worker thread with its phase and
//! wake-up, the inputs that tell whether a result still fits the plan, and the master schedule
//! written when a result is adopted.
//!
//! The plan (tests/data/planning/peak_overtime.json): P bought at 52 (h = 52 · 0.25 / 52 = 0.25
//! a unit and week), one hour a unit on R (12 h a week, 5 overtime hours at 0.1 an hour), demand
//! 5, 5, 15, 5. An overtime hour (0.1) is cheaper than holding a unit a week (0.25), so period 3
//! works 3 h overtime and P is made as demanded: x = 5, 5, 15, 5.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use opsplan::analytics::level::{LevelPhase, level};
use opsplan::app::analysis_worker::AnalysisWaker;
use opsplan::app::levelling::{LevelDone, LevelInputs, LevelJob, levelled_master_schedule};
use opsplan::domain::{BomLine, Demand, Item, ItemKind, MasterScheduleRow, Plan};
use opsplan::io::json::parse_plan;

fn peak() -> Plan {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/planning/peak_overtime.json"
    );
    parse_plan(&std::fs::read_to_string(path).expect("fixture")).expect("valid JSON")
}

fn wait(job: &LevelJob) -> LevelDone {
    let start = Instant::now();
    loop {
        if let Some(done) = job.poll() {
            return done;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the job finishes"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn a_job_levels_on_its_thread_and_wakes_the_caller() {
    let plan = peak();
    let woken = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&woken);
    let waker: AnalysisWaker = Arc::new(move || flag.store(true, Ordering::SeqCst));
    let job = LevelJob::start(&plan, Some(waker));
    let done = wait(&job);
    let result = done.result.expect("the peak levels");
    let made: Vec<f64> = result.schedule.iter().map(|row| row.qty).collect();
    assert_eq!(made.len(), 4);
    for (got, want) in made.iter().zip([5.0, 5.0, 15.0, 5.0]) {
        assert!((got - want).abs() < 1e-6, "{made:?}");
    }
    assert_eq!(result.overtime.len(), 1);
    assert_eq!(result.overtime[0].period, 3);
    assert!((result.overtime[0].hours - 3.0).abs() < 1e-6);
    assert!(done.inputs.matches(&plan));
    assert!(woken.load(Ordering::SeqCst), "the waker was called");
    assert_eq!(job.phase(), LevelPhase::Done);
}

#[test]
fn inputs_ignore_the_master_schedule_but_not_demand_or_overtime() {
    let mut plan = peak();
    let inputs = LevelInputs::of(&plan);
    plan.master_schedule.push(MasterScheduleRow {
        item: "P".to_string(),
        period: 2,
        qty: 8.0,
    });
    assert!(
        inputs.matches(&plan),
        "the LP does not read master_schedule"
    );
    plan.resources[0].overtime_hours_per_period = 3.0;
    assert!(!inputs.matches(&plan));
    plan.resources[0].overtime_hours_per_period = 5.0;
    plan.demand[2].qty = 16.0;
    assert!(!inputs.matches(&plan));
}

#[test]
fn adopting_writes_rows_for_items_without_parents_only() {
    // A spare part S with its own demand is also a child of P: it is levelled but gets no
    // rows, so the material plan nets all of its demand (§6).
    let mut plan = peak();
    plan.items.push(Item {
        code: "S".to_string(),
        kind: ItemKind::Component,
        ..Item::default()
    });
    plan.bom.push(BomLine {
        parent: "P".to_string(),
        child: "S".to_string(),
        qty: 1.0,
    });
    plan.demand.push(Demand {
        item: "S".to_string(),
        period: 1,
        qty: 2.0,
    });
    let result = level(&plan).expect("levels");
    let rows = levelled_master_schedule(&plan, &result);
    assert!(rows.iter().all(|row| row.item == "P"), "{rows:?}");
    let quantities: Vec<f64> = rows.iter().map(|row| row.qty).collect();
    assert_eq!(quantities, vec![5.0, 5.0, 15.0, 5.0], "P as demanded");
}
