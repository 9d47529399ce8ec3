//! Fuzzing the plan file loader (mutated bytes of a valid `.opsplan` file never panic or hang;
//! every failure is a typed `StoreError`) and the round-trip property: any valid plan survives
//! save → open → export unchanged. Cases per target: `OPSPLAN_FUZZ_CASES` (default 2000).

mod fuzz_support;

use std::cell::Cell;
use std::fs;
use std::time::{Duration, Instant};

use fuzz_support::analysis_check::{analysis_problems, non_finite_numbers};
use fuzz_support::{cases, runner, runner_with};
use opsplan::domain::{
    BomLine, CalendarPeriod, Characteristic, Demand, DowntimeRow, ForecastMethod, ForecastSetting,
    HistoryRow, Inspection, Item, ItemKind, MasterScheduleRow, Measurement, OrderPolicy,
    PeriodUnit, Plan, PlanSettings, ProductionLogRow, Queue, Receipt, Resource, ResourceKind,
    ResourcePeriod, RoutingStep, Scenario, validate,
};
use opsplan::io::json::{parse_plan, plan_to_json};
use opsplan::store;
use proptest::prelude::*;
use tempfile::TempDir;

const PAGE: usize = 4096;

/// One edit of a plan file's bytes: bit flips anywhere or in the 100-byte header, a page filled
/// with a pattern, a truncation, or a header field set to a chosen value.
#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, bit: u8 },
    FlipHeader { at: usize, bit: u8 },
    FillPage { page: usize, byte: u8 },
    Truncate { at: usize },
    HeaderWord { at: usize, value: u32 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), 0..8_u8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        2 => (0..100_usize, 0..8_u8).prop_map(|(at, bit)| Mutation::FlipHeader { at, bit }),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(page, byte)| Mutation::FillPage { page, byte }),
        1 => any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        1 => (prop::sample::select(vec![16_usize, 24, 28, 32, 36, 40, 44, 52, 56, 60, 64, 68, 92]),
              prop_oneof![Just(0_u32), Just(1), Just(u32::MAX), any::<u32>()])
            .prop_map(|(at, value)| Mutation::HeaderWord { at, value }),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len();
    if len < PAGE {
        return;
    }
    match *mutation {
        Mutation::Flip { at, bit } => bytes[at % len] ^= 1 << bit,
        Mutation::FlipHeader { at, bit } => bytes[at] ^= 1 << bit,
        Mutation::FillPage { page, byte } => {
            let start = (page % (len / PAGE)) * PAGE;
            bytes[start..start + PAGE].fill(byte);
        }
        Mutation::Truncate { at } => bytes.truncate(at % len),
        Mutation::HeaderWord { at, value } => {
            // Offset 16 is the 2-byte page size; the others are 4-byte big-endian words.
            if at == 16 {
                bytes[16..18].copy_from_slice(&(value as u16).to_be_bytes());
            } else {
                bytes[at..at + 4].copy_from_slice(&value.to_be_bytes());
            }
        }
    }
}

/// The manufacturer sample saved as a plan file.
fn base_file() -> Vec<u8> {
    let plan = parse_plan(include_str!("../data/manufacturer.json")).expect("sample");
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("base.opsplan");
    store::save(&plan, &path).expect("save");
    fs::read(path).expect("read")
}

#[test]
fn mutated_plan_files_never_panic() {
    let base = base_file();
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("fuzzed.opsplan");
    let (opened, total) = (Cell::new(0_u32), Cell::new(0_u32));
    runner()
        .run(&prop::collection::vec(mutation(), 1..5), |mutations| {
            let mut bytes = base.clone();
            for mutation in &mutations {
                apply(&mut bytes, mutation);
            }
            fs::write(&path, &bytes).expect("write");
            let started = Instant::now();
            let loaded = store::load(&path);
            if let Ok(plan) = &loaded {
                let _ = validate(plan);
            }
            let checked = store::check_integrity(&path);
            prop_assert!(started.elapsed() < Duration::from_secs(2));
            prop_assert_eq!(
                fs::read(&path).expect("read"),
                bytes,
                "opening changed the file"
            );
            if let Err(error) = loaded.as_ref().and(checked.as_ref()) {
                let message = error.to_string();
                prop_assert!(message.starts_with(&*path.to_string_lossy()), "{}", message);
            }
            opened.set(opened.get() + u32::from(loaded.is_ok()));
            total.set(total.get() + 1);
            Ok(())
        })
        .expect("no panic, no hang");
    eprintln!(
        "mutated plan files: {} of {} still opened",
        opened.get(),
        total.get()
    );
    assert!(opened.get() < total.get());
}

/// Text of up to 12 characters of any kind (NUL, quotes, newlines, non-Latin scripts).
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter)
}

/// A finite number ≥ 0 (−0.0 included: it must keep its sign).
fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(-0.0), 0.0..1e6, 0.0..1.0]
}

fn settings() -> impl Strategy<Value = PlanSettings> {
    (
        text(),
        text(),
        0..3_usize,
        1..13_i64,
        prop::option::of(1.0..400.0),
        any::<bool>(),
        amount(),
        0.1..10.0,
    )
        .prop_map(
            |(name, currency, unit, periods, per_year, dated, holding_rate, backorder_factor)| {
                PlanSettings {
                    name: format!("P{name}"),
                    currency: format!("C{currency}"),
                    period_unit: [PeriodUnit::Day, PeriodUnit::Week, PeriodUnit::Month][unit],
                    periods,
                    periods_per_year: per_year,
                    start_date: dated.then(|| "2026-02-28".to_string()),
                    holding_rate,
                    backorder_factor,
                }
            },
        )
}

fn items(count: usize) -> impl Strategy<Value = Vec<Item>> {
    prop::collection::vec(
        (
            text(),
            0..4_usize,
            text(),
            amount(),
            amount(),
            prop::option::of(0.5..500.0),
            planning(),
        ),
        count,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(
                |(index, (name, kind, unit, price, purchase_cost, lot_size, planning))| {
                    let item = Item {
                        code: format!("I{index}"),
                        name,
                        kind: ItemKind::ALL[kind],
                        unit,
                        price,
                        purchase_cost,
                        lot_size,
                        ..planning
                    };
                    if item.kind == ItemKind::Service {
                        // A service holds no stock and is ordered as needed (DESIGN.md §1).
                        Item {
                            on_hand: 0.0,
                            safety_stock: 0.0,
                            order_policy: OrderPolicy::LotForLot,
                            order_min: 0.0,
                            order_multiple: None,
                            ..item
                        }
                    } else {
                        item
                    }
                },
            )
            .collect()
    })
}

/// The material-planning fields of an item (§1, §5), valid for every policy: `fixed` gets an
/// order_qty and `poq` order_periods; other policies may carry either or none.
fn planning() -> impl Strategy<Value = Item> {
    (
        (amount(), amount(), 0..5_i64, 0..OrderPolicy::ALL.len()),
        (
            prop::option::of(0.5..500.0),
            prop::option::of(1..5_i64),
            amount(),
            prop::option::of(0.1..50.0),
            amount(),
            prop::option::of(amount()),
        ),
    )
        .prop_map(
            |(
                (on_hand, safety_stock, lead_time, policy),
                (order_qty, order_periods, order_min, order_multiple, order_cost, backorder_cost),
            )| {
                let order_policy = OrderPolicy::ALL[policy];
                Item {
                    on_hand,
                    safety_stock,
                    lead_time,
                    order_policy,
                    order_qty: match order_policy {
                        OrderPolicy::Fixed => order_qty.or(Some(25.0)),
                        _ => order_qty,
                    },
                    order_periods: match order_policy {
                        OrderPolicy::Poq => order_periods.or(Some(2)),
                        _ => order_periods,
                    },
                    order_min,
                    order_multiple,
                    order_cost,
                    backorder_cost,
                    ..Item::default()
                }
            },
        )
}

fn resources(count: usize) -> impl Strategy<Value = Vec<Resource>> {
    prop::collection::vec(
        (
            text(),
            0..5_usize,
            1..5_i64,
            1.0..200.0,
            0.05..=1.0,
            amount(),
            amount(),
            amount(),
            0.5..40.0,
            (amount(), prop::option::of(amount())),
        ),
        count,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(
                |(
                    index,
                    (name, kind, units, hours, efficiency, rate, fixed, capital, life, overtime),
                )| {
                    Resource {
                        code: format!("R{index}"),
                        name,
                        kind: ResourceKind::ALL[kind],
                        units,
                        hours_per_period: hours,
                        efficiency,
                        cost_per_hour: rate,
                        fixed_cost_per_period: fixed,
                        capital_cost: capital,
                        life_years: life,
                        overtime_hours_per_period: overtime.0,
                        overtime_premium_per_hour: overtime.1,
                    }
                },
            )
            .collect()
    })
}

/// A valid plan: unique codes, an acyclic BOM (parents before children), resolving references,
/// periods inside the horizon, specification limits in order, equal subgroup sizes, and up to
/// two scenarios holding copies of it.
fn valid_plan() -> impl Strategy<Value = Plan> {
    (1..6_usize, 1..4_usize)
        .prop_flat_map(|(item_count, resource_count)| {
            (
                settings(),
                items(item_count),
                resources(resource_count),
                prop::collection::vec((0..item_count, 0..item_count, 0.01..50.0), 0..6),
                prop::collection::vec(
                    (
                        0..item_count,
                        0..resource_count,
                        amount(),
                        amount(),
                        0.5..=1.0,
                    ),
                    0..6,
                ),
                prop::collection::vec((0..item_count, 1..13_i64, amount()), 0..10),
                prop::collection::vec((-100.0..100.0, 0.1..10.0, 1..4_i64, 2..4_usize), 0..3),
                prop::collection::vec((0..item_count, 1..1000_i64, 0.0..=1.0), 0..3),
                prop::collection::vec((0..resource_count, 0.1..100.0, 0.5..30.0, 0.05..0.95), 0..2),
                0..3_usize,
                planning_tables(item_count, resource_count),
            )
        })
        .prop_map(
            |(
                settings,
                items,
                resources,
                bom,
                routing,
                demand,
                quality,
                lots,
                queues,
                scenarios,
                tables,
            )| {
                let mut plan = Plan {
                    settings,
                    items,
                    resources,
                    ..Plan::default()
                };
                add_bom(&mut plan, &bom);
                add_routing(&mut plan, &routing);
                add_demand(&mut plan, &demand);
                add_quality(&mut plan, &quality, &lots);
                add_queues(&mut plan, &queues);
                add_planning_tables(&mut plan, tables);
                let copy = plan.clone();
                plan.scenarios = (0..scenarios)
                    .map(|index| Scenario {
                        name: format!("S{index}"),
                        plan: Box::new(copy.clone()),
                    })
                    .collect();
                plan
            },
        )
}

fn add_bom(plan: &mut Plan, lines: &[(usize, usize, f64)]) {
    for &(a, b, qty) in lines {
        let (parent, child) = (a.min(b), a.max(b));
        let (parent, child) = (
            plan.items[parent].code.clone(),
            plan.items[child].code.clone(),
        );
        if parent != child
            && !plan
                .bom
                .iter()
                .any(|l| l.parent == parent && l.child == child)
        {
            plan.bom.push(BomLine { parent, child, qty });
        }
    }
}

fn add_routing(plan: &mut Plan, steps: &[(usize, usize, f64, f64, f64)]) {
    for (index, &(item, resource, setup_min, run_min, yield_)) in steps.iter().enumerate() {
        plan.routing.push(RoutingStep {
            item: plan.items[item].code.clone(),
            seq: 10 * (index as i64 + 1),
            name: format!("Step {index}"),
            resource: plan.resources[resource].code.clone(),
            setup_min,
            run_min,
            yield_,
        });
    }
}

fn add_demand(plan: &mut Plan, rows: &[(usize, i64, f64)]) {
    for &(item, period, qty) in rows {
        let item = plan.items[item].code.clone();
        let period = 1 + (period - 1) % plan.settings.periods;
        if !plan
            .demand
            .iter()
            .any(|d| d.item == item && d.period == period)
        {
            plan.demand.push(Demand { item, period, qty });
        }
    }
}

fn add_quality(
    plan: &mut Plan,
    characteristics: &[(f64, f64, i64, usize)],
    lots: &[(usize, i64, f64)],
) {
    for (index, &(lsl, width, subgroups, size)) in characteristics.iter().enumerate() {
        let code = format!("C{index}");
        plan.characteristics.push(Characteristic {
            code: code.clone(),
            item: plan.items[0].code.clone(),
            name: String::new(),
            unit: "mm".to_string(),
            lsl: Some(lsl),
            target: Some(lsl + width / 2.0),
            usl: Some(lsl + width),
        });
        for subgroup in 1..=subgroups {
            for k in 0..size {
                plan.measurements.push(Measurement {
                    characteristic: code.clone(),
                    subgroup,
                    value: lsl + width * (k as f64 + 1.0) / (size as f64 + 1.0),
                });
            }
        }
    }
    for (index, &(item, inspected, share)) in lots.iter().enumerate() {
        plan.inspections.push(Inspection {
            item: plan.items[item].code.clone(),
            lot: format!("L{index}"),
            inspected,
            defective: (inspected as f64 * share).floor() as i64,
        });
    }
}

fn add_queues(plan: &mut Plan, queues: &[(usize, f64, f64, f64)]) {
    for (index, &(resource, arrival, service, level)) in queues.iter().enumerate() {
        plan.queues.push(Queue {
            code: format!("Q{index}"),
            name: String::new(),
            resource: plan.resources[resource].code.clone(),
            arrival_per_hour: arrival,
            service_min: service,
            target_wait_min: 1.0,
            target_service_level: level,
        });
    }
}

/// Raw rows of the tables of MRP, levelling, forecasting and OEE, by item and resource index.
#[derive(Debug, Clone)]
struct PlanningRows {
    receipts: Vec<(usize, i64, f64)>,
    master_schedule: Vec<(usize, i64, f64)>,
    calendar: Vec<(i64, f64)>,
    resource_periods: Vec<ResourcePeriodRow>,
    history: Vec<(usize, i64, f64)>,
    forecast_settings: Vec<ForecastRow>,
    production_log: Vec<LogRow>,
    downtime: Vec<(usize, i64, String, f64)>,
}

/// (resource, period, units, hours_per_period, overtime_hours).
type ResourcePeriodRow = (usize, i64, Option<i64>, Option<f64>, Option<f64>);

/// (item, method, window, alpha, beta, gamma, phi, season_length).
type ForecastRow = (
    usize,
    usize,
    i64,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    f64,
    Option<i64>,
);

/// (resource, period, item, planned_min, down share, ideal_cycle_min, total_count, good share).
type LogRow = (usize, i64, Option<usize>, f64, f64, f64, i64, Option<f64>);

fn planning_tables(items: usize, resources: usize) -> impl Strategy<Value = PlanningRows> {
    let share = || prop::option::of(0.05..0.95);
    (
        prop::collection::vec((0..items, 1..13_i64, 0.01..1000.0), 0..4),
        prop::collection::vec((0..items, 1..13_i64, amount()), 0..4),
        prop::collection::vec((1..13_i64, 0.0..1.5), 0..3),
        prop::collection::vec(
            (
                0..resources,
                1..13_i64,
                prop::option::of(0..4_i64),
                prop::option::of(amount()),
                prop::option::of(amount()),
            ),
            0..3,
        ),
        prop::collection::vec((0..items, -30..=0_i64, amount()), 0..8),
        prop::collection::vec(
            (
                0..items,
                0..ForecastMethod::ALL.len(),
                1..6_i64,
                share(),
                share(),
                share(),
                0.05..=1.0,
                prop::option::of(2..13_i64),
            ),
            0..3,
        ),
        prop::collection::vec(
            (
                0..resources,
                -10_000..=5_i64,
                prop::option::of(0..items),
                1.0..1000.0,
                0.0..=1.0,
                0.01..10.0,
                0..2000_i64,
                prop::option::of(0.0..=1.0),
            ),
            0..4,
        ),
        prop::collection::vec((0..resources, -10..=0_i64, text(), 0.1..500.0), 0..4),
    )
        .prop_map(
            |(
                receipts,
                master_schedule,
                calendar,
                resource_periods,
                history,
                forecast_settings,
                production_log,
                downtime,
            )| PlanningRows {
                receipts,
                master_schedule,
                calendar,
                resource_periods,
                history,
                forecast_settings,
                production_log,
                downtime,
            },
        )
}

/// Adds the rows that fit the plan's rules: periods folded into the horizon, keys kept unique,
/// no receipts for a service, minutes and counts consistent.
fn add_planning_tables(plan: &mut Plan, rows: PlanningRows) {
    let periods = plan.settings.periods;
    let in_horizon = |period: i64| 1 + (period - 1) % periods;
    let item = |plan: &Plan, index: usize| plan.items[index].code.clone();
    let resource = |plan: &Plan, index: usize| plan.resources[index].code.clone();
    for (index, period, qty) in rows.receipts {
        if plan.items[index].kind != ItemKind::Service {
            let item = item(plan, index);
            let period = in_horizon(period);
            plan.receipts.push(Receipt { item, period, qty });
        }
    }
    for (index, period, qty) in rows.master_schedule {
        let (item, period) = (item(plan, index), in_horizon(period));
        if !(plan.master_schedule.iter()).any(|r| r.item == item && r.period == period) {
            let row = MasterScheduleRow { item, period, qty };
            plan.master_schedule.push(row);
        }
    }
    for (period, working_share) in rows.calendar {
        let period = in_horizon(period);
        if !plan.calendar.iter().any(|c| c.period == period) {
            let row = CalendarPeriod {
                period,
                working_share,
            };
            plan.calendar.push(row);
        }
    }
    for (index, period, units, hours_per_period, overtime_hours) in rows.resource_periods {
        let (resource, period) = (resource(plan, index), in_horizon(period));
        if !(plan.resource_periods.iter()).any(|r| r.resource == resource && r.period == period) {
            plan.resource_periods.push(ResourcePeriod {
                resource,
                period,
                units,
                hours_per_period,
                overtime_hours,
            });
        }
    }
    for (index, period, qty) in rows.history {
        let item = item(plan, index);
        if !(plan.history.iter()).any(|h| h.item == item && h.period == period) {
            plan.history.push(HistoryRow { item, period, qty });
        }
    }
    for (index, method, window, alpha, beta, gamma, phi, season_length) in rows.forecast_settings {
        let item = item(plan, index);
        if !plan.forecast_settings.iter().any(|f| f.item == item) {
            plan.forecast_settings.push(ForecastSetting {
                item,
                method: ForecastMethod::ALL[method],
                window,
                alpha,
                beta,
                gamma,
                phi,
                season_length,
            });
        }
    }
    for (index, period, made, planned_min, down, ideal_cycle_min, total_count, good) in
        rows.production_log
    {
        plan.production_log.push(ProductionLogRow {
            resource: resource(plan, index),
            period,
            item: made.map(|i| item(plan, i)),
            planned_min,
            downtime_min: planned_min * down,
            ideal_cycle_min,
            total_count,
            good_count: good.map(|share| (total_count as f64 * share).floor() as i64),
        });
    }
    for (index, period, reason, minutes) in rows.downtime {
        plan.downtime.push(DowntimeRow {
            resource: resource(plan, index),
            period,
            reason: format!("R{reason}"),
            minutes,
        });
    }
}

#[test]
fn valid_plans_survive_save_open_export_unchanged() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("property.opsplan");
    // A quarter of the fuzz cases: each one writes and flushes a real file.
    runner_with((cases() / 4).max(1))
        .run(&valid_plan(), |plan| {
            let report = validate(&plan);
            prop_assert!(report.is_valid(), "{}", report);
            store::save(&plan, &path).expect("save");
            let opened = store::load(&path).expect("open");
            prop_assert_eq!(&opened, &plan);
            let exported = plan_to_json(&opened);
            prop_assert_eq!(&exported, &plan_to_json(&plan));
            prop_assert_eq!(parse_plan(&exported).expect("exported JSON reads"), plan);
            Ok(())
        })
        .expect("round trip");
}

#[test]
fn valid_plans_survive_json_and_csv_unchanged() {
    let dir = TempDir::new().expect("temp dir");
    // A quarter of the fuzz cases, like the file round trip: each one writes a CSV folder.
    runner_with((cases() / 4).max(1))
        .run(&valid_plan(), |plan| {
            let report = validate(&plan);
            prop_assert!(report.is_valid(), "{}", report);
            let text = plan_to_json(&plan);
            prop_assert_eq!(&parse_plan(&text).expect("JSON reads"), &plan);
            opsplan::io::csv::write_plan_dir(&plan, dir.path()).expect("write CSV");
            let back = opsplan::io::csv::read_plan_dir(dir.path()).expect("read CSV");
            // The documented CSV rule: an empty cell is "no value", so an empty unit reads back
            // as the default "pcs" (scenarios travel as JSON text and keep theirs).
            let mut expected = plan.clone();
            for item in &mut expected.items {
                if item.unit.is_empty() {
                    item.unit = "pcs".to_string();
                }
            }
            // Text equality also tells -0.0 from 0.0, which PartialEq does not.
            prop_assert_eq!(plan_to_json(&back), plan_to_json(&expected));
            Ok(())
        })
        .expect("round trip");
}

#[test]
fn valid_plans_are_analysed_without_panic_or_non_finite_numbers() {
    // Every result of analyze (cost, capacity, quality, queues, and whatever joins it) and the
    // product mix, on every generated valid plan: no panic, no NaN or infinity, JSON that reads.
    runner()
        .run(&valid_plan(), |plan| {
            prop_assert!(validate(&plan).is_valid());
            let problems = analysis_problems(&plan);
            prop_assert!(problems.is_empty(), "{problems:?}");
            Ok(())
        })
        .expect("every valid plan is analysed");
}

#[test]
fn the_number_scan_finds_non_finite_numbers_with_their_path() {
    // Shows that the property above can fail: NaN and infinity are found where they sit, while
    // serde_json would write both as null.
    #[derive(serde::Serialize)]
    struct Row {
        load: Vec<f64>,
        utilization: Option<f64>,
    }
    #[derive(serde::Serialize)]
    struct Results {
        rows: Vec<Row>,
        total: f64,
    }
    let results = Results {
        rows: vec![
            Row {
                load: vec![1.0, 2.0],
                utilization: None,
            },
            Row {
                load: vec![0.5, f64::NAN],
                utilization: Some(f64::INFINITY),
            },
        ],
        total: 3.5,
    };
    assert_eq!(
        non_finite_numbers(&results),
        vec!["rows[1].load[1] = NaN", "rows[1].utilization = inf"]
    );
    assert_eq!(
        serde_json::to_string(&results.rows[1]).expect("json"),
        r#"{"load":[0.5,null],"utilization":null}"#
    );
}
