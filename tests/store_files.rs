//! Plan files on disk: exact round-trips, refusal of files that are not intact Opsplan plans
//! (leaving them byte-identical), and atomic saves that never damage the target.

use std::fs;
use std::path::{Path, PathBuf};

use opsplan::domain::{
    BomLine, CalendarPeriod, Characteristic, ChartSetting, ControlLimit, Defect, Demand,
    DowntimeRow, ForecastMethod, ForecastSetting, HistoryRow, Inspection, Item, ItemKind,
    MasterScheduleRow, Measurement, OrderPolicy, PeriodUnit, Plan, PlanSettings, ProductionLogRow,
    Queue, QueueArrival, Receipt, Resource, ResourceKind, ResourcePeriod, RoutingStep, Scenario,
};
use opsplan::store::{self, APPLICATION_ID, SCHEMA_VERSION, StoreError};
use rusqlite::Connection;
use tempfile::TempDir;

fn text(value: &str) -> String {
    value.to_string()
}

/// Numbers whose bits are easy to lose: signed zero, extremes, subnormals, non-terminating
/// decimals and values whose shortest decimal form needs 17 digits.
const TRICKY: [f64; 8] = [
    -0.0,
    0.1 + 0.2,
    f64::MAX,
    f64::MIN_POSITIVE,
    5e-324,
    1.0715660391465826e-75,
    -1.603964615428183e143,
    123_456_789.012_345_68,
];

/// A plan touching every table and every optional field both as `Some` and as `None`, with every
/// reference resolving (so the file has no foreign-key violation). Text includes Unicode, quotes, a newline,
/// a NUL character and empty strings.
fn full_plan() -> Plan {
    Plan {
        settings: PlanSettings {
            name: text("Werk Süd — \"Q3\"\nplan"),
            currency: text("CHF"),
            period_unit: PeriodUnit::Month,
            periods: 6,
            periods_per_year: Some(11.5),
            start_date: Some(text("2026-04-01")),
            holding_rate: 0.18,
            backorder_factor: TRICKY[1],
        },
        items: full_items(),
        bom: vec![
            BomLine {
                parent: text("BIKE"),
                child: text("FRAME"),
                qty: 1.0,
            },
            BomLine {
                parent: text("FRAME"),
                child: text("TUBE"),
                qty: TRICKY[1],
            },
        ],
        resources: full_resources(),
        routing: full_routing(),
        demand: vec![
            Demand {
                item: text("BIKE"),
                period: 1,
                qty: 120.0,
            },
            Demand {
                item: text("SERVICE"),
                period: 6,
                qty: TRICKY[4],
            },
        ],
        characteristics: full_characteristics(),
        measurements: vec![
            Measurement {
                characteristic: text("D1"),
                subgroup: 2,
                value: 25.01,
            },
            Measurement {
                characteristic: text("D1"),
                subgroup: -1,
                value: TRICKY[5],
            },
        ],
        control_limits: vec![ControlLimit {
            characteristic: text("D1"),
            from_subgroup: 1,
            to_subgroup: i64::MAX,
        }],
        chart_settings: vec![
            ChartSetting {
                characteristic: text("D1"),
                ewma_lambda: 0.1,
                ewma_l: 2.7,
                cusum_k: 0.25,
                cusum_h: 4.0,
                center: Some(25.0),
                sigma: None,
            },
            ChartSetting {
                characteristic: text("W2"),
                center: None,
                sigma: Some(TRICKY[3]),
                ..ChartSetting::default()
            },
        ],
        inspections: vec![Inspection {
            item: text("FRAME"),
            lot: text("L1"),
            inspected: 200,
            defective: 5,
        }],
        defects: vec![Defect {
            item: text("FRAME"),
            lot: text(""),
            defect_type: text("porosity\0hidden"),
            count: 7,
        }],
        queues: vec![Queue {
            code: text("HELP"),
            name: text("Customer service"),
            resource: text("DESK"),
            arrival_per_hour: 30.0,
            service_min: 5.0,
            target_wait_min: 2.0,
            target_service_level: 0.8,
        }],
        queue_arrivals: vec![QueueArrival {
            queue: text("HELP"),
            period: 3,
            arrival_per_hour: 0.0,
        }],
        scenarios: vec![],
        ..full_planning_and_shop_floor_tables()
    }
}

/// Every table added in schema version 2, each with non-default values, optional fields both
/// given and not, and every enumeration value where a table has one.
fn full_planning_and_shop_floor_tables() -> Plan {
    Plan {
        receipts: vec![
            Receipt {
                item: text("TUBE"),
                period: 2,
                qty: 300.0,
            },
            Receipt {
                item: text("TUBE"),
                period: 2,
                qty: TRICKY[4],
            },
        ],
        master_schedule: vec![MasterScheduleRow {
            item: text("BIKE"),
            period: 3,
            qty: -0.0,
        }],
        calendar: vec![
            CalendarPeriod {
                period: 4,
                working_share: 0.8,
            },
            CalendarPeriod {
                period: 5,
                working_share: 0.0,
            },
        ],
        resource_periods: vec![
            ResourcePeriod {
                resource: text("WELD"),
                period: 5,
                units: Some(0),
                hours_per_period: Some(TRICKY[7]),
                overtime_hours: Some(6.5),
            },
            ResourcePeriod {
                resource: text("LINE"),
                period: 1,
                ..ResourcePeriod::default()
            },
        ],
        history: vec![
            HistoryRow {
                item: text("BIKE"),
                period: -10_000,
                qty: 95.0,
            },
            HistoryRow {
                item: text("BIKE"),
                period: 0,
                qty: TRICKY[5],
            },
        ],
        forecast_settings: ForecastMethod::ALL
            .into_iter()
            .zip(1_i64..)
            .map(|(method, n)| ForecastSetting {
                item: text(["BIKE", "FRAME", "TUBE"][n as usize % 3]),
                method,
                window: n,
                alpha: (n % 2 == 0).then_some(0.3),
                beta: (n % 3 == 0).then_some(TRICKY[1]),
                gamma: (n == 5).then_some(0.15),
                phi: 0.98,
                season_length: (n > 3).then_some(52),
            })
            .collect(),
        production_log: vec![
            ProductionLogRow {
                resource: text("WELD"),
                period: -7,
                item: Some(text("FRAME")),
                planned_min: 2780.0,
                downtime_min: 960.0,
                ideal_cycle_min: 1.0 / 1.041,
                total_count: 1626,
                good_count: Some(1618),
            },
            ProductionLogRow {
                resource: text("LINE"),
                period: 0,
                item: None,
                planned_min: 480.0,
                downtime_min: 0.0,
                ideal_cycle_min: TRICKY[3],
                total_count: i64::MAX,
                good_count: None,
            },
        ],
        downtime: vec![DowntimeRow {
            resource: text("WELD"),
            period: -7,
            reason: text("changeover «A→B»"),
            minutes: 960.0,
        }],
        ..Plan::default()
    }
}

fn full_items() -> Vec<Item> {
    let item = |code: &str, kind: ItemKind, lot_size: Option<f64>| Item {
        code: text(code),
        kind,
        lot_size,
        ..Item::default()
    };
    vec![
        Item {
            name: text("City bike"),
            price: 420.0,
            on_hand: 35.0,
            safety_stock: 10.0,
            lead_time: 1,
            order_policy: OrderPolicy::Fixed,
            order_qty: Some(50.0),
            order_cost: 120.0,
            backorder_cost: Some(TRICKY[1]),
            ..item("BIKE", ItemKind::Finished, Some(20.0))
        },
        Item {
            unit: text(""),
            price: TRICKY[0],
            lead_time: 10_000,
            order_policy: OrderPolicy::Poq,
            order_periods: Some(3),
            order_min: 25.0,
            order_multiple: Some(TRICKY[3]),
            ..item("FRAME", ItemKind::Component, Some(TRICKY[7]))
        },
        Item {
            name: text("Rohr Ø 25 mm"),
            unit: text("m"),
            purchase_cost: TRICKY[2],
            on_hand: TRICKY[6].abs(),
            lead_time: 3,
            order_policy: OrderPolicy::WagnerWhitin,
            order_cost: 100.0,
            ..item("TUBE", ItemKind::Material, None)
        },
        Item {
            code: text("SPARE"),
            order_policy: OrderPolicy::Eoq,
            safety_stock: TRICKY[5],
            ..Item::default()
        },
        Item {
            price: TRICKY[6],
            ..item("SERVICE", ItemKind::Service, None)
        },
    ]
}

fn full_resources() -> Vec<Resource> {
    let kinds = [
        ("WELD", ResourceKind::Machine),
        ("LINE", ResourceKind::Line),
        ("TEAM", ResourceKind::Labour),
        ("DESK", ResourceKind::Desk),
        ("CLOUD", ResourceKind::Server),
    ];
    kinds
        .into_iter()
        .zip(1_i64..)
        .map(|((code, kind), units)| Resource {
            code: text(code),
            name: format!("{code} resource"),
            kind,
            units,
            hours_per_period: 40.0 / units as f64,
            efficiency: 0.85,
            cost_per_hour: 35.5,
            fixed_cost_per_period: 500.0,
            capital_cost: 120_000.0,
            life_years: 8.0,
            overtime_hours_per_period: units as f64 * 4.5,
            overtime_premium_per_hour: (units % 2 == 0).then_some(TRICKY[1] * units as f64),
        })
        .collect()
}

fn full_routing() -> Vec<RoutingStep> {
    vec![
        RoutingStep {
            item: text("FRAME"),
            seq: 20,
            name: text("Weld"),
            resource: text("WELD"),
            setup_min: 30.0,
            run_min: 12.0,
            yield_: 0.98,
        },
        RoutingStep {
            item: text("FRAME"),
            seq: 10,
            name: text(""),
            resource: text("LINE"),
            setup_min: 0.0,
            run_min: TRICKY[1],
            yield_: 1.0,
        },
        RoutingStep {
            item: text("BIKE"),
            seq: 10,
            resource: text("TEAM"),
            ..RoutingStep::default()
        },
    ]
}

fn full_characteristics() -> Vec<Characteristic> {
    vec![
        Characteristic {
            code: text("D1"),
            item: text("FRAME"),
            name: text("Tube diameter"),
            unit: text("mm"),
            lsl: Some(24.9),
            target: Some(25.0),
            usl: Some(25.1),
        },
        Characteristic {
            code: text("W2"),
            item: text("TUBE"),
            ..Characteristic::default()
        },
        Characteristic {
            code: text("H3"),
            item: text("BIKE"),
            lsl: None,
            target: Some(TRICKY[0]),
            usl: Some(1e-300),
            ..Characteristic::default()
        },
    ]
}

/// The full plan with two scenarios: a changed copy with every optional setting unset, and an
/// empty plan.
fn plan_with_scenarios() -> Plan {
    let mut peak = full_plan();
    peak.settings.periods_per_year = None;
    peak.settings.start_date = None;
    peak.settings.period_unit = PeriodUnit::Day;
    peak.demand[0].qty = TRICKY[6].abs();
    peak.items[2].lot_size = Some(TRICKY[5]);
    peak.items[0].order_policy = OrderPolicy::LotForLot;
    peak.settings.holding_rate = 0.3;
    peak.production_log[1].good_count = Some(12);
    peak.calendar.clear();
    let mut plan = full_plan();
    plan.scenarios = vec![
        Scenario {
            name: text("Peak season ☀"),
            plan: Box::new(peak),
        },
        Scenario {
            name: text(""),
            plan: Box::new(Plan::default()),
        },
    ];
    plan
}

/// Equality that also tells `-0.0` from `0.0`: with `float_roundtrip`, serde_json writes the
/// shortest decimal that reads back to the same bits, so equal text means equal bits.
fn assert_bit_exact(loaded: &Plan, saved: &Plan) {
    assert_eq!(loaded, saved);
    let json = |plan: &Plan| serde_json::to_string(plan).expect("plan serialises");
    assert_eq!(json(loaded), json(saved));
}

fn folder_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn saved_plan_file(dir: &TempDir, plan: &Plan) -> PathBuf {
    let path = dir.path().join("plan.opsplan");
    store::save(plan, &path).expect("save");
    path
}

/// Loads `path` expecting an error, and checks that the file and its folder are unchanged.
fn load_error_leaving_file_intact(path: &Path) -> StoreError {
    let folder = path.parent().expect("folder");
    let bytes_before = fs::read(path).ok();
    let entries_before = folder_entries(folder);
    let error = store::load(path).expect_err("load must fail");
    assert_eq!(fs::read(path).ok(), bytes_before, "file bytes changed");
    assert_eq!(folder_entries(folder), entries_before, "folder changed");
    error
}

#[test]
fn full_plan_round_trips_bit_exact() {
    let dir = TempDir::new().expect("temp dir");
    let plan = full_plan();
    let path = saved_plan_file(&dir, &plan);
    let loaded = store::load(&path).expect("load");
    assert_bit_exact(&loaded, &plan);
    assert_eq!(loaded.items[1].price.to_bits(), (-0.0_f64).to_bits());
    assert_eq!(loaded.defects[0].defect_type, "porosity\0hidden");
    assert_eq!(
        loaded.master_schedule[0].qty.to_bits(),
        (-0.0_f64).to_bits()
    );
    assert_eq!(loaded.production_log[1].total_count, i64::MAX);
    assert_eq!(loaded.items[2].order_policy, OrderPolicy::WagnerWhitin);
}

#[test]
fn full_plan_differs_from_the_defaults_in_every_version_2_field_and_table() {
    // The round trip above only proves something for fields that hold a non-default value
    // somewhere: a field the store forgot would come back as its default and still compare
    // equal if the test plan held the default. Check that every one is exercised.
    let plan = full_plan();
    let items = &plan.items;
    let default_item = Item::default();
    let any_item = |differs: &dyn Fn(&Item) -> bool| items.iter().any(differs);
    assert!(any_item(&|i| i.on_hand != default_item.on_hand));
    assert!(any_item(&|i| i.safety_stock != default_item.safety_stock));
    assert!(any_item(&|i| i.lead_time != default_item.lead_time));
    assert!(any_item(&|i| i.order_qty.is_some()));
    assert!(any_item(&|i| i.order_periods.is_some()));
    assert!(any_item(&|i| i.order_min != default_item.order_min));
    assert!(any_item(&|i| i.order_multiple.is_some()));
    assert!(any_item(&|i| i.order_cost != default_item.order_cost));
    assert!(any_item(&|i| i.backorder_cost.is_some()));
    for policy in OrderPolicy::ALL {
        assert!(any_item(&|i| i.order_policy == policy), "{policy:?}");
    }
    let default_resource = Resource::default();
    assert!(
        plan.resources
            .iter()
            .any(|r| { r.overtime_hours_per_period != default_resource.overtime_hours_per_period })
    );
    assert!(
        plan.resources
            .iter()
            .any(|r| r.overtime_premium_per_hour.is_some())
    );
    let default_settings = PlanSettings::default();
    assert_ne!(plan.settings.holding_rate, default_settings.holding_rate);
    assert_ne!(
        plan.settings.backorder_factor,
        default_settings.backorder_factor
    );
    let rp = &plan.resource_periods[0];
    assert!(rp.units.is_some() && rp.hours_per_period.is_some() && rp.overtime_hours.is_some());
    let log = &plan.production_log[0];
    assert!(log.item.is_some() && log.good_count.is_some() && log.downtime_min != 0.0);
    let forecast = &plan.forecast_settings;
    assert!(forecast.iter().any(|f| f.alpha.is_some()));
    assert!(forecast.iter().any(|f| f.beta.is_some()));
    assert!(forecast.iter().any(|f| f.gamma.is_some()));
    assert!(forecast.iter().any(|f| f.season_length.is_some()));
    assert!(forecast.iter().any(|f| f.window != 3 && f.phi != 1.0));
    for method in ForecastMethod::ALL {
        assert!(forecast.iter().any(|f| f.method == method), "{method:?}");
    }
    for rows in [
        plan.receipts.len(),
        plan.master_schedule.len(),
        plan.calendar.len(),
        plan.history.len(),
        plan.downtime.len(),
    ] {
        assert!(rows > 0);
    }
}

#[test]
fn scenarios_round_trip_bit_exact() {
    let dir = TempDir::new().expect("temp dir");
    let plan = plan_with_scenarios();
    let path = saved_plan_file(&dir, &plan);
    let loaded = store::load(&path).expect("load");
    assert_bit_exact(&loaded, &plan);
    assert_eq!(loaded.scenarios[0].plan.settings.start_date, None);
    assert_eq!(
        loaded.scenarios[0].plan.items[2].lot_size.map(f64::to_bits),
        Some(TRICKY[5].to_bits())
    );
    // The version 2 fields and tables live inside the scenario's stored plan too.
    let peak = &loaded.scenarios[0].plan;
    assert_eq!(peak.settings.holding_rate, 0.3);
    assert_eq!(peak.items[1].order_policy, OrderPolicy::Poq);
    assert_eq!(peak.production_log[1].good_count, Some(12));
    assert_eq!(peak.forecast_settings.len(), 6);
    assert_eq!(peak.calendar, vec![]);
}

#[test]
fn default_and_empty_plans_round_trip() {
    let dir = TempDir::new().expect("temp dir");
    for plan in [Plan::default(), plan_with_no_rows()] {
        let path = saved_plan_file(&dir, &plan);
        assert_bit_exact(&store::load(&path).expect("load"), &plan);
    }
}

fn plan_with_no_rows() -> Plan {
    Plan {
        settings: PlanSettings {
            name: text(""),
            currency: text(""),
            periods: 1,
            ..PlanSettings::default()
        },
        ..Plan::default()
    }
}

#[test]
fn invalid_plan_is_saved_as_it_is_and_keeps_its_dangling_references() {
    // Duplicate and empty codes, a routing step on a missing resource, a yield above 1 and zero
    // periods: all break validation rules, none may stop the user from saving their work.
    let mut plan = full_plan();
    plan.settings.periods = 0;
    plan.items.push(Item::default());
    plan.items.push(Item::default());
    plan.items.push(full_plan().items[0].clone());
    plan.routing[0].resource = text("GONE");
    plan.routing[0].yield_ = 1.5;
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &plan);
    assert_bit_exact(&store::load(&path).expect("load"), &plan);
    // SQLite itself lists the one dangling reference: routing row 1 → resource GONE.
    assert_eq!(foreign_key_violations(&path), vec![(text("routing"), 1)]);
}

#[test]
fn valid_plan_file_has_no_foreign_key_violation() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &full_plan());
    assert_eq!(foreign_key_violations(&path), vec![]);
}

fn foreign_key_violations(path: &Path) -> Vec<(String, i64)> {
    let conn = Connection::open(path).expect("open");
    let mut stmt = conn.prepare("PRAGMA foreign_key_check").expect("prepare");
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn plan_file_is_marked_with_application_id_and_schema_version() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &full_plan());
    let conn = Connection::open(&path).expect("open");
    let pragma = |name: &str| -> i64 {
        conn.pragma_query_value(None, name, |row| row.get(0))
            .expect("pragma")
    };
    assert_eq!(pragma("application_id"), 0x4F50_534C);
    assert_eq!(pragma("user_version"), 2);
}

#[test]
fn successful_open_leaves_the_file_byte_identical() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &plan_with_scenarios());
    let bytes = fs::read(&path).expect("read");
    let modified = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    store::load(&path).expect("load");
    assert_eq!(fs::read(&path).expect("read"), bytes);
    assert_eq!(
        fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime"),
        modified
    );
    assert_eq!(folder_entries(dir.path()), vec![text("plan.opsplan")]);
}

#[test]
fn text_file_renamed_to_opsplan_is_not_a_plan() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("notes.opsplan");
    fs::write(&path, "code,name\nBIKE,City bike\n").expect("write");
    let error = load_error_leaving_file_intact(&path);
    assert!(matches!(error, StoreError::NotSqlite { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: not an Opsplan plan file (it is not a SQLite database)",
            path.display()
        )
    );
}

#[test]
fn empty_file_is_refused() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("empty.opsplan");
    fs::write(&path, b"").expect("write");
    let error = load_error_leaving_file_intact(&path);
    assert!(matches!(error, StoreError::Empty { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!("{}: the file is empty; it holds no plan", path.display())
    );
}

#[test]
fn truncated_plan_file_is_refused_with_both_sizes() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &full_plan());
    let bytes = fs::read(&path).expect("read");
    let half = bytes.len() / 2;
    fs::write(&path, &bytes[..half]).expect("cut");
    let error = load_error_leaving_file_intact(&path);
    match error {
        StoreError::Truncated {
            actual_bytes,
            expected_bytes,
            ..
        } => {
            assert_eq!(actual_bytes, half as u64);
            assert_eq!(expected_bytes, bytes.len() as u64);
        }
        other => panic!("expected Truncated, got {other:?}"),
    }
}

#[test]
fn sqlite_file_of_another_application_is_not_a_plan() {
    let dir = TempDir::new().expect("temp dir");
    for (name, application_id) in [("zero.opsplan", 0_i32), ("other.opsplan", 0x4750_4B47)] {
        let path = dir.path().join(name);
        let conn = Connection::open(&path).expect("create");
        conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
            .expect("table");
        conn.pragma_update(None, "application_id", application_id)
            .expect("id");
        drop(conn);
        let error = load_error_leaving_file_intact(&path);
        match &error {
            StoreError::OtherApplication {
                application_id: found,
                ..
            } => assert_eq!(*found, application_id),
            other => panic!("expected OtherApplication, got {other:?}"),
        }
        assert_eq!(
            error.to_string(),
            format!(
                "{}: not an Opsplan plan file (it is a SQLite database of another application)",
                path.display()
            )
        );
    }
}

#[test]
fn plan_file_of_a_newer_schema_version_is_refused() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &full_plan());
    set_user_version(&path, 3);
    // load_error_leaving_file_intact checks that the file stays byte-identical.
    let error = load_error_leaving_file_intact(&path);
    assert!(
        matches!(
            error,
            StoreError::TooNew {
                version: 3,
                supported: 2,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "{}: written by a newer Opsplan (schema 3); this version reads up to 2; \
             update Opsplan to open it (the file was not changed)",
            path.display()
        )
    );
}

#[test]
fn plan_file_with_version_zero_is_incomplete() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &full_plan());
    set_user_version(&path, 0);
    let error = load_error_leaving_file_intact(&path);
    assert!(matches!(error, StoreError::Incomplete { .. }), "{error:?}");
}

fn set_user_version(path: &Path, version: i64) {
    let conn = Connection::open(path).expect("open");
    conn.pragma_update(None, "user_version", version)
        .expect("user_version");
}

#[test]
fn missing_file_is_reported_as_not_found() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("nowhere.opsplan");
    let error = store::load(&path).expect_err("missing");
    assert!(matches!(error, StoreError::NotFound { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: no such file; check the folder and the file name",
            path.display()
        )
    );
    assert!(!path.exists(), "load must not create the file");
    assert_eq!(folder_entries(dir.path()), Vec::<String>::new());
}

#[test]
fn folder_is_not_a_plan_file() {
    let dir = TempDir::new().expect("temp dir");
    let error = store::load(dir.path()).expect_err("folder");
    assert!(matches!(error, StoreError::NotAFile { .. }), "{error:?}");
}

#[test]
fn damaged_page_is_reported_by_the_integrity_check() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &full_plan());
    let mut bytes = fs::read(&path).expect("read");
    // Page 2 is the `plan` table's leaf page (type 0x0D, the first table created). Claiming
    // 0x7F04 cells in it breaks the page while the file keeps its length, so only SQLite's own
    // check can notice.
    let page = 4096;
    assert_eq!(bytes[page], 0x0D, "page 2 is a table leaf page");
    bytes[page + 3] = 0x7F;
    fs::write(&path, &bytes).expect("write");
    let error = load_error_leaving_file_intact(&path);
    assert!(matches!(error, StoreError::Damaged { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: the file is damaged (quick_check: Tree 2 page 2: btreeInitPage() returns error \
             code 11)",
            path.display()
        )
    );
}

#[test]
fn page_of_garbage_is_reported_as_damaged() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &full_plan());
    let mut bytes = fs::read(&path).expect("read");
    let last_page = bytes.len() - 4096;
    bytes[last_page..].fill(0xA5);
    fs::write(&path, &bytes).expect("write");
    let error = load_error_leaving_file_intact(&path);
    assert!(
        error
            .to_string()
            .starts_with(&format!("{}: the file is damaged (", path.display())),
        "{error}"
    );
}

#[test]
fn plan_file_missing_a_table_is_damaged_and_names_it() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &full_plan());
    let conn = Connection::open(&path).expect("open");
    conn.execute_batch("PRAGMA foreign_keys = OFF; DROP TABLE queue_arrivals;")
        .expect("drop");
    drop(conn);
    let error = load_error_leaving_file_intact(&path);
    assert_eq!(
        error.to_string(),
        format!(
            "{}: the file is damaged (table queue_arrivals is missing)",
            path.display()
        )
    );
}

#[test]
fn unknown_kind_in_a_row_is_damaged_and_names_table_row_and_column() {
    assert_eq!(
        load_error_after("UPDATE items SET kind = 'gadget' WHERE pos = 3;"),
        "PATH: the file is damaged (items row 3, kind: 'gadget' is not one of finished, \
         component, material, service)"
    );
}

/// Saves `full_plan`, writes `tampering` past the schema's checks the way a foreign tool could
/// (keeping the schema a plan file's: a changed schema is refused before any row is read), and
/// returns the load error with the file's path shown as `PATH`.
fn load_error_after(tampering: &str) -> String {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &full_plan());
    let conn = Connection::open(&path).expect("open");
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; {tampering}"
    ))
    .expect("tamper");
    drop(conn);
    load_error_leaving_file_intact(&path)
        .to_string()
        .replace(&path.display().to_string(), "PATH")
}

/// The BOM and the demand are read on a second connection beside the other tables; of two bad
/// rows, the one in the table read first by a single reader (settings, items, bom, resources,
/// routing, demand, …) is reported, whichever connection reads it.
#[test]
fn of_two_bad_rows_the_one_in_the_earlier_table_is_reported_across_both_connections() {
    let bom = "UPDATE bom SET qty = 'one' WHERE pos = 1;";
    let resources = "UPDATE resources SET kind = 'robot' WHERE pos = 1;";
    let routing = "UPDATE routing SET run_min = 'slow' WHERE pos = 1;";
    let demand = "UPDATE demand SET qty = 'many' WHERE pos = 1;";
    let bom_error = "(bom row 1, qty: ";
    let routing_error = "(routing row 1, run_min: ";
    let demand_error = "(demand row 1, qty: ";
    for (tampering, expected) in [
        (bom.to_string(), bom_error),
        (demand.to_string(), demand_error),
        (format!("{resources} {bom}"), bom_error),
        (format!("{demand} {routing}"), routing_error),
        (format!("{bom} {demand}"), bom_error),
    ] {
        let error = load_error_after(&tampering);
        assert!(
            error.contains(expected),
            "{tampering}: expected {expected:?} in {error}"
        );
    }
}

/// A plan file another tool switched to WAL mode opens whole: its two connections could read two
/// different commits there, so one connection reads every table.
#[test]
fn plan_file_in_wal_mode_opens_with_every_row() {
    let dir = TempDir::new().expect("temp dir");
    let plan = full_plan();
    let path = saved_plan_file(&dir, &plan);
    let conn = Connection::open(&path).expect("open");
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .expect("switch to WAL");
    assert_eq!(mode, "wal");
    drop(conn);
    let loaded = store::load(&path).expect("load");
    assert_bit_exact(&loaded, &plan);
}

#[test]
fn saving_over_an_existing_file_replaces_it_and_leaves_no_temp_file() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &plan_with_scenarios());
    let second = Plan::default();
    store::save(&second, &path).expect("second save");
    assert_bit_exact(&store::load(&path).expect("load"), &second);
    assert_eq!(
        folder_entries(dir.path()),
        vec![text("plan.opsplan"), text("plan.opsplan.bak")]
    );
    assert_bit_exact(
        &store::load(&store::backup_path(&path)).expect("load backup"),
        &plan_with_scenarios(),
    );
}

/// A save killed after it linked `NAME.bak` to the target but before its rename leaves the
/// two names on one file; the next save must not leave its staging link behind (POSIX `rename`
/// of two links to one file does nothing). Found by `tests/reliability_kill.rs` in CI.
#[test]
fn saving_over_a_target_already_linked_as_bak_leaves_no_temp_file() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &Plan::default());
    fs::hard_link(&path, store::backup_path(&path)).expect("link as a killed save would");
    let plan = plan_with_scenarios();
    store::save(&plan, &path).expect("second save");
    assert_bit_exact(&store::load(&path).expect("load"), &plan);
    assert_eq!(
        folder_entries(dir.path()),
        vec![text("plan.opsplan"), text("plan.opsplan.bak")]
    );
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_permissions_of_the_replaced_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &full_plan());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
    store::save(&Plan::default(), &path).expect("save");
    let mode = fs::metadata(&path).expect("metadata").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[test]
fn failed_save_onto_a_folder_leaves_it_intact_and_no_temp_file() {
    // The whole plan is written to the temp file first; the rename onto a non-empty folder then
    // fails, and the temp file must be removed.
    let dir = TempDir::new().expect("temp dir");
    let target = dir.path().join("plan.opsplan");
    fs::create_dir(&target).expect("folder");
    fs::write(target.join("keep.txt"), "keep").expect("file");
    let error = store::save(&full_plan(), &target).expect_err("save onto a folder");
    assert!(
        matches!(
            error,
            StoreError::Io {
                action: "replace the file",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(folder_entries(dir.path()), vec![text("plan.opsplan")]);
    assert_eq!(
        fs::read_to_string(target.join("keep.txt")).expect("kept"),
        "keep"
    );
}

#[test]
fn non_finite_number_is_refused_naming_its_place_and_target_stays_identical() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &full_plan());
    let bytes = fs::read(&path).expect("read");
    let mut plan = full_plan();
    plan.items[1].price = f64::NAN;
    let error = store::save(&plan, &path).expect_err("NaN refused");
    assert!(matches!(error, StoreError::NotFinite { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: not saved: items row 2, field price is not a finite number (NaN); correct it \
             and save again",
            path.display()
        )
    );
    assert_eq!(fs::read(&path).expect("read"), bytes);
    assert_eq!(folder_entries(dir.path()), vec![text("plan.opsplan")]);
}

#[test]
fn save_into_a_missing_folder_fails_without_creating_anything() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("missing").join("plan.opsplan");
    let error = store::save(&full_plan(), &path).expect_err("no folder");
    assert!(
        error.to_string().starts_with(&format!(
            "{}: cannot create a temporary file",
            path.display()
        )),
        "{error}"
    );
    assert_eq!(folder_entries(dir.path()), Vec::<String>::new());
}

#[test]
fn public_constants_match_the_file_format() {
    assert_eq!(APPLICATION_ID.to_be_bytes(), *b"OPSL");
    assert_eq!(SCHEMA_VERSION, 2);
}

/// A synthetic plan with `steps` routing rows over 1000 items and 20 resources.
fn large_plan(steps: usize) -> Plan {
    let items = (0..1000)
        .map(|i| Item {
            code: format!("I{i:04}"),
            ..Item::default()
        })
        .collect();
    let resources = (0..20)
        .map(|r| Resource {
            code: format!("R{r:02}"),
            ..Resource::default()
        })
        .collect();
    let routing = (0..steps)
        .map(|s| RoutingStep {
            item: format!("I{:04}", s % 1000),
            seq: (s / 1000) as i64 * 10,
            name: format!("step {s}"),
            resource: format!("R{:02}", s % 20),
            setup_min: (s % 7) as f64 * 1.5,
            run_min: 0.1 * (s % 13) as f64,
            yield_: 0.99,
        })
        .collect();
    Plan {
        items,
        resources,
        routing,
        ..Plan::default()
    }
}

/// Timing of a 200 000-row routing save and load; run with
/// `cargo test --test store_files -- --ignored --nocapture` (the numbers depend on the build).
#[test]
#[ignore = "timing measurement, run by hand"]
fn large_plan_save_and_load_timing() {
    let plan = large_plan(200_000);
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("large.opsplan");
    let started = std::time::Instant::now();
    store::save(&plan, &path).expect("save");
    let saved = started.elapsed();
    let started = std::time::Instant::now();
    let loaded = store::load(&path).expect("load");
    let read = started.elapsed();
    assert_eq!(loaded, plan);
    let size = fs::metadata(&path).expect("metadata").len();
    println!("200k routing rows: save {saved:?}, load {read:?}, file {size} bytes");
}

/// The findings of `PRAGMA integrity_check` on a writable connection: SQLite evaluates CHECK
/// constraints there, but not on read-only connections (it does not even load them), so the
/// app's own File ▸ Check plan cannot be used to test them.
fn integrity_findings(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).expect("open");
    let mut stmt = conn.prepare("PRAGMA integrity_check").expect("prepare");
    stmt.query_map([], |row| row.get(0))
        .and_then(|rows| rows.collect())
        .expect("integrity check")
}

#[test]
fn saved_plans_meet_every_check_constraint_of_the_schema() {
    // Save skips evaluating CHECK constraints while it writes (the rows are built to meet them);
    // the integrity check evaluates every one of them on the finished file.
    let dir = TempDir::new().expect("temp dir");
    for plan in [full_plan(), plan_with_scenarios(), large_plan(300)] {
        let path = saved_plan_file(&dir, &plan);
        assert_eq!(integrity_findings(&path), ["ok"]);
    }
}

#[test]
fn integrity_check_reports_a_row_breaking_a_check_constraint() {
    // Shows that the test above can fail: a price stored as text breaks `typeof(price) = 'real'`.
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &full_plan());
    let conn = Connection::open(&path).expect("open");
    conn.execute_batch(
        "PRAGMA ignore_check_constraints = ON; UPDATE items SET price = 'cheap' WHERE pos = 2;",
    )
    .expect("tamper");
    drop(conn);
    assert_eq!(
        integrity_findings(&path),
        ["CHECK constraint failed in items"]
    );
}

#[test]
fn tables_longer_than_one_insert_batch_keep_every_row_in_order() {
    // Rows are inserted 64 at a time: 150 items are two full batches and a rest of 22, 64
    // demand rows exactly one batch, 65 routing steps one batch and a rest of 1.
    let mut plan = large_plan(65);
    plan.items.truncate(150);
    plan.demand = (0..64)
        .map(|n| Demand {
            item: format!("I{:04}", 149 - n),
            period: n + 1,
            qty: n as f64 + 0.5,
        })
        .collect();
    let dir = TempDir::new().expect("temp dir");
    let path = saved_plan_file(&dir, &plan);

    let conn = Connection::open(&path).expect("open");
    let stored: Vec<(i64, String)> = conn
        .prepare("SELECT pos, code FROM items ORDER BY pos")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect()
        })
        .expect("read items");
    drop(conn);
    let expected: Vec<(i64, String)> = (0..150).map(|n| (n + 1, format!("I{n:04}"))).collect();
    assert_eq!(stored, expected);
    let loaded = store::load(&path).expect("load");
    assert_eq!(loaded.demand[63].item, "I0086");
    assert_eq!(loaded.routing[64].name, "step 64");
    assert_bit_exact(&loaded, &plan);
}

/// A plan file written by Opsplan with schema version 1 (before the material plan, levelling,
/// forecasting and OEE): `tests/data/store/v1_plan.opsplan`, made by the version 1 build's
/// `opsplan import tests/data/store/v1_plan.json`, its scenario's stored plan in the version 1
/// JSON form (without the version 2 keys). Every version 1 table holds rows.
fn version_1_fixture(dir: &TempDir) -> PathBuf {
    let path = dir.path().join("v1_plan.opsplan");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/store/v1_plan.opsplan"),
        &path,
    )
    .expect("copy the fixture");
    path
}

fn version_1_fixture_plan() -> Plan {
    let json = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/store/v1_plan.json"),
    )
    .expect("fixture JSON");
    opsplan::io::json::parse_plan(&json).expect("fixture JSON parses")
}

fn user_version(path: &Path) -> i64 {
    let conn = Connection::open(path).expect("open");
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
        .expect("user_version")
}

#[test]
fn version_1_file_opens_with_every_value_and_the_new_defaults() {
    let dir = TempDir::new().expect("temp dir");
    let path = version_1_fixture(&dir);
    assert_eq!(user_version(&path), 1);
    let bytes = fs::read(&path).expect("read");
    let loaded = store::load(&path).expect("a version 1 file opens");
    // Opening upgrades a private copy: the user's file is still the version 1 file.
    assert_eq!(fs::read(&path).expect("read"), bytes);
    assert_eq!(folder_entries(dir.path()), vec![text("v1_plan.opsplan")]);
    assert_bit_exact(&loaded, &version_1_fixture_plan());
    // Spot checks that the comparison is not between two empty plans.
    assert_eq!(loaded.settings.name, "Werk Süd (schema 1)");
    assert_eq!(loaded.settings.periods_per_year, Some(50.5));
    assert_eq!(loaded.items.len(), 4);
    assert_eq!(loaded.items[0].lot_size, Some(20.0));
    assert_eq!(loaded.measurements.len(), 4);
    assert_eq!(loaded.queue_arrivals[0].period, 2);
    assert_eq!(loaded.scenarios[0].plan.items[0].price, 450.0);
    // The fields and tables version 1 did not have hold the DESIGN §1 defaults.
    assert_eq!(loaded.settings.holding_rate, 0.25);
    assert_eq!(loaded.settings.backorder_factor, 4.0);
    assert_eq!(loaded.items[1].order_policy, OrderPolicy::LotForLot);
    assert_eq!(loaded.items[1].lead_time, 0);
    assert_eq!(loaded.resources[0].overtime_hours_per_period, 0.0);
    assert_eq!(loaded.resources[0].overtime_premium_per_hour, None);
    assert_eq!(loaded.scenarios[0].plan.settings.holding_rate, 0.25);
    assert!(loaded.receipts.is_empty() && loaded.production_log.is_empty());
}

#[test]
fn version_1_file_saves_as_version_2_keeping_every_value() {
    let dir = TempDir::new().expect("temp dir");
    let path = version_1_fixture(&dir);
    let mut plan = store::load(&path).expect("load");
    store::save(&plan, &path).expect("save over the version 1 file");
    assert_eq!(user_version(&path), 2);
    assert_eq!(user_version(&store::backup_path(&path)), 1);
    assert_bit_exact(&store::load(&path).expect("reload"), &plan);
    assert_eq!(integrity_findings(&path), ["ok"]);
    // And the upgraded plan takes version 2 data like any other.
    plan.items[2].on_hand = 125.5;
    plan.calendar.push(CalendarPeriod {
        period: 2,
        working_share: 0.8,
    });
    store::save(&plan, &path).expect("save with version 2 data");
    assert_bit_exact(&store::load(&path).expect("reload"), &plan);
}

#[test]
fn version_1_file_with_a_damaged_schema_is_refused_after_the_upgrade() {
    // The exact-schema check still runs on the upgraded copy: a version 1 file carrying an
    // extra table is refused, and left as it was.
    let dir = TempDir::new().expect("temp dir");
    let path = version_1_fixture(&dir);
    let conn = Connection::open(&path).expect("open");
    conn.execute_batch("CREATE TABLE extra (x INTEGER)")
        .expect("tamper");
    drop(conn);
    let error = load_error_leaving_file_intact(&path);
    assert_eq!(
        error.to_string(),
        format!(
            "{}: the file is damaged (table extra is not part of a plan file)",
            path.display()
        )
    );
}

#[test]
fn newer_file_is_refused_before_sqlite_reads_it_and_stays_byte_identical() {
    // Version 3 of a version 1 file: refused from the header alone, never upgraded.
    let dir = TempDir::new().expect("temp dir");
    let path = version_1_fixture(&dir);
    set_user_version(&path, 3);
    let error = load_error_leaving_file_intact(&path);
    assert!(
        error
            .to_string()
            .contains("written by a newer Opsplan (schema 3); this version reads up to 2;"),
        "{error}"
    );
}
