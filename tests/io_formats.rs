//! Plan JSON and CSV folders: exact round trips, defaults, and errors that name their place.

use std::fs;
use std::path::Path;

use opsplan::domain::{
    BomLine, CalendarPeriod, Characteristic, ChartSetting, ControlLimit, Defect, Demand,
    DowntimeRow, ForecastMethod, ForecastSetting, HistoryRow, Inspection, Item, ItemKind,
    MasterScheduleRow, Measurement, OrderPolicy, PeriodUnit, Plan, PlanSettings, ProductionLogRow,
    Queue, QueueArrival, Receipt, Resource, ResourceKind, ResourcePeriod, RoutingStep, Scenario,
};
use opsplan::io::csv::{CsvError, read_plan_dir, write_plan_dir};
use opsplan::io::json::{JsonError, parse_plan, plan_to_json};

/// A plan with every table filled and every optional field given, with numbers that are hard
/// to print exactly (0.1, 1e-7, 97/0.97, 1/3, 1e300, the smallest subnormal, -0.0) and text
/// that needs CSV quoting (commas, quotes, line breaks, a leading `=`, leading spaces).
fn full_plan() -> Plan {
    let mut plan = Plan {
        settings: PlanSettings {
            name: "Bikes, \"city\" line".to_string(),
            currency: "CHF".to_string(),
            period_unit: PeriodUnit::Month,
            periods: 3,
            periods_per_year: Some(12.5),
            start_date: Some("2026-04-01".to_string()),
            holding_rate: 0.1 + 0.2,
            backorder_factor: 2.5,
        },
        items: vec![
            Item {
                code: "BIKE".to_string(),
                name: "City bike\nwith two lines".to_string(),
                kind: ItemKind::Finished,
                unit: "pcs".to_string(),
                price: 0.1,
                purchase_cost: 1e-7,
                lot_size: Some(97.0 / 0.97),
                on_hand: 12.5,
                safety_stock: 1.0 / 3.0,
                lead_time: 2,
                order_policy: OrderPolicy::Fixed,
                order_qty: Some(40.0),
                order_periods: Some(3),
                order_min: 5.0,
                order_multiple: Some(0.1),
                order_cost: 75.0,
                backorder_cost: Some(1e-9),
            },
            Item {
                code: "TUBE".to_string(),
                name: "=SUM(A1)".to_string(),
                kind: ItemKind::Material,
                unit: "m".to_string(),
                price: 0.0,
                purchase_cost: 1.0 / 3.0,
                lot_size: None,
                order_policy: OrderPolicy::WagnerWhitin,
                ..Item::default()
            },
            Item {
                code: "FIX".to_string(),
                name: "  spaced  ".to_string(),
                kind: ItemKind::Service,
                unit: "h".to_string(),
                price: 1e300,
                purchase_cost: 5e-324,
                lot_size: Some(-0.0),
                ..Item::default()
            },
            Item {
                code: "FRAME".to_string(),
                kind: ItemKind::Component,
                ..Item::default()
            },
        ],
        bom: vec![BomLine {
            parent: "BIKE".to_string(),
            child: "TUBE".to_string(),
            qty: 3.2,
        }],
        resources: vec![Resource {
            code: "WELD".to_string(),
            name: "Welding cell".to_string(),
            kind: ResourceKind::Line,
            units: 2,
            hours_per_period: 37.5,
            efficiency: 0.85,
            cost_per_hour: 35.25,
            fixed_cost_per_period: 500.0,
            capital_cost: 120_000.0,
            life_years: 8.0,
            overtime_hours_per_period: 7.5,
            overtime_premium_per_hour: Some(0.0),
        }],
        routing: vec![RoutingStep {
            item: "BIKE".to_string(),
            seq: 10,
            name: "Weld".to_string(),
            resource: "WELD".to_string(),
            setup_min: 30.0,
            run_min: 12.0,
            yield_: 0.97,
        }],
        demand: vec![Demand {
            item: "BIKE".to_string(),
            period: 2,
            qty: 120.0,
        }],
        characteristics: vec![Characteristic {
            code: "D1".to_string(),
            item: "TUBE".to_string(),
            name: "Diameter".to_string(),
            unit: "mm".to_string(),
            lsl: Some(24.9),
            target: Some(25.0),
            usl: Some(25.1),
        }],
        measurements: vec![Measurement {
            characteristic: "D1".to_string(),
            subgroup: -4,
            value: 25.01,
        }],
        control_limits: vec![ControlLimit {
            characteristic: "D1".to_string(),
            from_subgroup: 1,
            to_subgroup: 20,
        }],
        chart_settings: vec![ChartSetting {
            characteristic: "D1".to_string(),
            ewma_lambda: 0.1,
            ewma_l: 2.7,
            cusum_k: 0.25,
            cusum_h: 4.0,
            center: Some(25.0),
            sigma: Some(0.02),
        }],
        inspections: vec![Inspection {
            item: "BIKE".to_string(),
            lot: "L1".to_string(),
            inspected: 200,
            defective: 5,
        }],
        defects: vec![Defect {
            item: "BIKE".to_string(),
            lot: "L1".to_string(),
            defect_type: "porosity, fine".to_string(),
            count: 7,
        }],
        queues: vec![Queue {
            code: "SERVICE".to_string(),
            name: "Customer service".to_string(),
            resource: "WELD".to_string(),
            arrival_per_hour: 30.0,
            service_min: 5.0,
            target_wait_min: 2.0,
            target_service_level: 0.9,
        }],
        queue_arrivals: vec![QueueArrival {
            queue: "SERVICE".to_string(),
            period: 3,
            arrival_per_hour: 0.0,
        }],
        receipts: vec![
            Receipt {
                item: "TUBE".to_string(),
                period: 1,
                qty: 0.1,
            },
            Receipt {
                item: "TUBE".to_string(),
                period: 1,
                qty: 1e300,
            },
        ],
        master_schedule: vec![MasterScheduleRow {
            item: "BIKE".to_string(),
            period: 3,
            qty: -0.0,
        }],
        calendar: vec![CalendarPeriod {
            period: 2,
            working_share: 0.8,
        }],
        resource_periods: vec![
            ResourcePeriod {
                resource: "WELD".to_string(),
                period: 2,
                units: Some(0),
                hours_per_period: Some(7.25),
                overtime_hours: Some(0.0),
            },
            ResourcePeriod {
                resource: "WELD".to_string(),
                period: 3,
                units: None,
                hours_per_period: None,
                overtime_hours: None,
            },
        ],
        history: vec![
            HistoryRow {
                item: "BIKE".to_string(),
                period: -10_000,
                qty: 1.0 / 3.0,
            },
            HistoryRow {
                item: "BIKE".to_string(),
                period: 0,
                qty: 0.0,
            },
        ],
        forecast_settings: vec![
            ForecastSetting {
                item: "BIKE".to_string(),
                method: ForecastMethod::HoltWinters,
                window: 4,
                alpha: Some(0.1),
                beta: Some(0.2),
                gamma: Some(0.30000000000000004),
                phi: 0.98,
                season_length: Some(52),
            },
            ForecastSetting {
                item: "TUBE".to_string(),
                ..ForecastSetting::default()
            },
        ],
        production_log: vec![
            ProductionLogRow {
                resource: "WELD".to_string(),
                period: -7,
                item: Some("BIKE".to_string()),
                planned_min: 2780.0,
                downtime_min: 960.0,
                ideal_cycle_min: 1.0 / 1.041,
                total_count: 1626,
                good_count: Some(1618),
            },
            ProductionLogRow {
                resource: "WELD".to_string(),
                period: 0,
                item: None,
                planned_min: 480.0,
                downtime_min: 0.0,
                ideal_cycle_min: 2.5,
                total_count: 0,
                good_count: None,
            },
        ],
        downtime: vec![DowntimeRow {
            resource: "WELD".to_string(),
            period: -7,
            reason: "changeover, \"long\"\nsecond line".to_string(),
            minutes: 960.0,
        }],
        scenarios: Vec::new(),
    };
    let mut what_if = plan.clone();
    what_if.items[0].price = 0.30000000000000004;
    plan.scenarios = vec![Scenario {
        name: "Price +10%, \"high\"".to_string(),
        plan: Box::new(what_if),
    }];
    plan
}

fn minimal_plan() -> Plan {
    Plan {
        settings: PlanSettings {
            name: "Tiny".to_string(),
            periods: 1,
            ..PlanSettings::default()
        },
        ..Plan::default()
    }
}

fn parsed(text: &str) -> Plan {
    match parse_plan(text) {
        Ok(plan) => plan,
        Err(error) => panic!("plan JSON did not parse: {error}"),
    }
}

fn read_dir_ok(dir: &Path) -> Plan {
    match read_plan_dir(dir) {
        Ok(plan) => plan,
        Err(error) => panic!("CSV folder did not read: {error}"),
    }
}

fn write_dir_ok(plan: &Plan, dir: &Path) {
    if let Err(error) = write_plan_dir(plan, dir) {
        panic!("CSV folder not written: {error}");
    }
}

fn temp_dir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(error) => panic!("no temp dir: {error}"),
    }
}

/// A folder holding `plan.csv` (a valid one-row plan) and the given extra files.
fn csv_folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = temp_dir();
    let mut all = vec![("plan.csv", "name,periods\nTiny,4\n")];
    all.extend_from_slice(files);
    for (name, contents) in all {
        if let Err(error) = fs::write(dir.path().join(name), contents) {
            panic!("cannot write {name}: {error}");
        }
    }
    dir
}

fn csv_error(files: &[(&str, &str)]) -> (CsvError, String) {
    let dir = csv_folder(files);
    match read_plan_dir(dir.path()) {
        Ok(plan) => panic!("expected an error, read {plan:?}"),
        Err(error) => {
            let text = error.to_string();
            (error, text)
        }
    }
}

fn json_error(text: &str) -> JsonError {
    match parse_plan(text) {
        Ok(plan) => panic!("expected an error, parsed {plan:?}"),
        Err(error) => error,
    }
}

// ---------------------------------------------------------------------------------------------
// Round trips

#[test]
fn full_plan_round_trips_through_json_exactly() {
    let plan = full_plan();
    let text = plan_to_json(&plan);
    let back = parsed(&text);
    assert_eq!(back, plan);
    // PartialEq cannot tell -0.0 from 0.0; equal texts show the bits survived too.
    assert_eq!(plan_to_json(&back), text);
    assert_eq!(
        back.items[2].lot_size.map(f64::to_bits),
        Some((-0.0_f64).to_bits())
    );
    assert_eq!(back.items[0].lot_size, Some(97.0 / 0.97));
    assert_eq!(back.master_schedule[0].qty.to_bits(), (-0.0_f64).to_bits());
    assert_eq!(back.scenarios[0].plan.downtime, plan.downtime);
}

#[test]
fn full_plan_round_trips_through_csv_exactly() {
    let plan = full_plan();
    let dir = temp_dir();
    write_dir_ok(&plan, dir.path());
    let back = read_dir_ok(dir.path());
    assert_eq!(back, plan);
    assert_eq!(plan_to_json(&back), plan_to_json(&plan));
    assert_eq!(back.items[2].purchase_cost.to_bits(), 5e-324_f64.to_bits());
    assert_eq!(back.master_schedule[0].qty.to_bits(), (-0.0_f64).to_bits());
    assert_eq!(back.production_log[1].item, None);
    assert_eq!(back.production_log[1].good_count, None);
    assert_eq!(back.scenarios[0].plan.production_log, plan.production_log);
}

#[test]
fn json_to_csv_to_json_is_identical() {
    let text = plan_to_json(&full_plan());
    let dir = temp_dir();
    write_dir_ok(&parsed(&text), dir.path());
    assert_eq!(plan_to_json(&read_dir_ok(dir.path())), text);
}

#[test]
fn random_float_bits_round_trip_through_json_and_csv() {
    // xorshift64 over raw bit patterns: every finite f64, including subnormals and extremes.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut plan = minimal_plan();
    while plan.measurements.len() < 5000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let value = f64::from_bits(state);
        if value.is_finite() {
            plan.measurements.push(Measurement {
                characteristic: "X".to_string(),
                subgroup: i64::try_from(plan.measurements.len()).unwrap_or(0),
                value,
            });
        }
    }
    let bits = |p: &Plan| {
        p.measurements
            .iter()
            .map(|m| m.value.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(bits(&parsed(&plan_to_json(&plan))), bits(&plan));
    let dir = temp_dir();
    write_dir_ok(&plan, dir.path());
    assert_eq!(bits(&read_dir_ok(dir.path())), bits(&plan));
}

#[test]
fn json_writes_every_field_with_nulls_in_a_stable_order() {
    let text = plan_to_json(&minimal_plan());
    let expected_settings = "  \"plan\": {\n    \"name\": \"Tiny\",\n    \"currency\": \"EUR\",\n    \
         \"period_unit\": \"week\",\n    \"periods\": 1,\n    \"periods_per_year\": null,\n    \
         \"start_date\": null,\n    \"holding_rate\": 0.25,\n    \"backorder_factor\": 4.0\n  },\n  \
         \"items\": [],";
    assert!(text.contains(expected_settings), "{text}");
    assert!(text.ends_with("  \"scenarios\": []\n}\n"), "{text}");
    let item = plan_to_json(&Plan {
        items: vec![Item {
            code: "A".to_string(),
            ..Item::default()
        }],
        ..minimal_plan()
    });
    let expected_item = "{\n      \"code\": \"A\",\n      \"name\": \"\",\n      \"kind\": \"finished\",\n      \
         \"unit\": \"pcs\",\n      \"price\": 0.0,\n      \"purchase_cost\": 0.0,\n      \"lot_size\": null,\n      \
         \"on_hand\": 0.0,\n      \"safety_stock\": 0.0,\n      \"lead_time\": 0,\n      \
         \"order_policy\": \"lot_for_lot\",\n      \"order_qty\": null,\n      \"order_periods\": null,\n      \
         \"order_min\": 0.0,\n      \"order_multiple\": null,\n      \"order_cost\": 0.0,\n      \
         \"backorder_cost\": null\n    }";
    assert!(item.contains(expected_item), "{item}");
}

#[test]
fn csv_files_have_json_field_order_and_exact_cells() {
    let dir = temp_dir();
    write_dir_ok(&full_plan(), dir.path());
    let items = fs::read_to_string(dir.path().join("items.csv")).unwrap_or_default();
    let lines: Vec<&str> = items.lines().collect();
    assert_eq!(
        lines[0],
        "code,name,kind,unit,price,purchase_cost,lot_size,on_hand,safety_stock,lead_time,\
         order_policy,order_qty,order_periods,order_min,order_multiple,order_cost,backorder_cost"
    );
    // Row 1 has a two-line quoted name. 0.97 is stored as 0.96999999999999997335…, so
    // 97 / 0.97 = 100.0000000000000027…, which rounds to the f64 100 exactly: printed "100".
    assert_eq!(lines[1], "BIKE,\"City bike");
    assert_eq!(
        lines[2],
        "with two lines\",finished,pcs,0.1,0.0000001,100,12.5,0.3333333333333333,2,fixed,40,3,5,\
         0.1,75,0.000000001"
    );
    assert_eq!(
        lines[3],
        "TUBE,=SUM(A1),material,m,0,0.3333333333333333,,0,0,0,wagner_whitin,,,0,,0,"
    );
    let plan_csv = fs::read_to_string(dir.path().join("plan.csv")).unwrap_or_default();
    assert_eq!(
        plan_csv,
        "name,currency,period_unit,periods,periods_per_year,start_date,holding_rate,\
         backorder_factor\n\
         \"Bikes, \"\"city\"\" line\",CHF,month,3,12.5,2026-04-01,0.30000000000000004,2.5\n"
    );
    let scenarios = fs::read_to_string(dir.path().join("scenarios.csv")).unwrap_or_default();
    assert!(scenarios.starts_with("name,plan\n\"Price +10%, \"\"high\"\"\",\"{\"\"plan\"\":{"));
}

#[test]
fn csv_writes_only_non_empty_tables_and_removes_stale_table_files() {
    let dir = temp_dir();
    write_dir_ok(&full_plan(), dir.path());
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    assert_eq!(
        names.len(),
        23,
        "one file per table of DESIGN.md §1: {names:?}"
    );

    let notes = dir.path().join("notes.txt");
    assert!(fs::write(&notes, "mine").is_ok());
    write_dir_ok(&minimal_plan(), dir.path());
    assert!(dir.path().join("plan.csv").exists());
    assert!(!dir.path().join("items.csv").exists());
    assert!(!dir.path().join("scenarios.csv").exists());
    assert_eq!(fs::read_to_string(&notes).ok().as_deref(), Some("mine"));
}

#[test]
fn csv_write_creates_missing_folders() {
    let dir = temp_dir();
    let nested = dir.path().join("a").join("b");
    write_dir_ok(&minimal_plan(), &nested);
    assert_eq!(read_dir_ok(&nested), minimal_plan());
}

// ---------------------------------------------------------------------------------------------
// Defaults

#[test]
fn design_example_parses_with_defaults_applied() {
    let text = r#"{ "format": "opsplan-plan", "version": 1,
  "plan": {"name": "Demo", "currency": "EUR", "period_unit": "week", "periods": 4, "start_date": "2026-01-05"},
  "items": [{"code": "BIKE", "name": "City bike", "kind": "finished", "price": 420, "lot_size": 20},
            {"code": "FRAME", "name": "Frame", "kind": "component", "lot_size": 50},
            {"code": "TUBE", "name": "Steel tube", "kind": "material", "unit": "m", "purchase_cost": 4.5}],
  "bom": [{"parent": "BIKE", "child": "FRAME", "qty": 1}, {"parent": "FRAME", "child": "TUBE", "qty": 3.2}],
  "resources": [{"code": "WELD", "name": "Welding cell", "units": 2, "hours_per_period": 40, "efficiency": 0.85,
                 "cost_per_hour": 35, "fixed_cost_per_period": 500, "capital_cost": 120000, "life_years": 8},
                {"code": "DESK", "name": "Service desk", "kind": "desk", "units": 3, "hours_per_period": 40}],
  "routing": [{"item": "FRAME", "seq": 10, "name": "Weld", "resource": "WELD", "setup_min": 30, "run_min": 12, "yield": 0.98},
              {"item": "BIKE", "seq": 10, "name": "Assemble", "resource": "WELD", "run_min": 20}],
  "demand": [{"item": "BIKE", "period": 1, "qty": 120}],
  "characteristics": [{"code": "D1", "item": "FRAME", "name": "Tube diameter", "unit": "mm", "lsl": 24.9, "target": 25.0, "usl": 25.1}],
  "measurements": [{"characteristic": "D1", "subgroup": 1, "value": 25.01}],
  "inspections": [{"item": "FRAME", "lot": "L1", "inspected": 200, "defective": 5}],
  "defects": [{"item": "FRAME", "lot": "L1", "type": "porosity", "count": 7}],
  "queues": [{"code": "SERVICE", "name": "Customer service", "resource": "DESK", "arrival_per_hour": 30,
              "service_min": 5, "target_wait_min": 2, "target_service_level": 0.8}] }"#;
    let plan = parsed(text);
    assert_eq!(plan.settings.periods, 4);
    assert_eq!(plan.settings.periods_per_year, None);
    assert_eq!(plan.items[0].unit, "pcs");
    assert_eq!(plan.items[0].purchase_cost, 0.0);
    assert_eq!(plan.items[1].price, 0.0);
    assert_eq!(plan.items[2].lot_size, None);
    assert_eq!(plan.resources[1].efficiency, 1.0);
    assert_eq!(plan.resources[1].life_years, 10.0);
    assert_eq!(plan.resources[1].cost_per_hour, 0.0);
    assert_eq!(plan.resources[0].kind, ResourceKind::Machine);
    assert_eq!(plan.routing[1].setup_min, 0.0);
    assert_eq!(plan.routing[1].yield_, 1.0);
    assert_eq!(plan.characteristics[0].usl, Some(25.1));
    assert!(plan.control_limits.is_empty() && plan.scenarios.is_empty());
}

#[test]
fn json_defaults_fill_missing_fields() {
    let plan = parsed(
        r#"{"plan": {"name": "P", "periods": 2},
            "items": [{"code": "A", "kind": "material"}],
            "resources": [{"code": "R", "hours_per_period": 40}],
            "chart_settings": [{"characteristic": "D1"}],
            "queues": [{"code": "Q", "resource": "R", "arrival_per_hour": 3, "service_min": 4}]}"#,
    );
    assert_defaults(&plan);
}

#[test]
fn csv_defaults_fill_missing_columns_and_empty_cells() {
    // Missing columns for items/resources, empty cells for chart_settings/queues.
    let dir = csv_folder(&[
        ("items.csv", "code,kind\nA,material\n"),
        ("resources.csv", "code,hours_per_period\nR,40\n"),
        (
            "chart_settings.csv",
            "characteristic,ewma_lambda,ewma_l,cusum_k,cusum_h,center,sigma\nD1,,,,,,\n",
        ),
        (
            "queues.csv",
            "code,name,resource,arrival_per_hour,service_min,target_wait_min,target_service_level\n\
             Q,,R,3,4,,\n",
        ),
    ]);
    let plan = read_dir_ok(dir.path());
    assert_eq!(plan.settings.name, "Tiny");
    assert_eq!(plan.settings.periods, 4);
    assert_defaults(&plan);
}

/// Defaults of DESIGN.md §1 for the rows written by the two tests above.
fn assert_defaults(plan: &Plan) {
    assert_eq!(plan.settings.currency, "EUR");
    assert_eq!(plan.settings.period_unit, PeriodUnit::Week);
    assert_eq!(plan.items[0].unit, "pcs");
    assert_eq!(plan.items[0].name, "");
    assert_eq!(plan.items[0].lot_size, None);
    let resource = &plan.resources[0];
    assert_eq!(resource.units, 1);
    assert_eq!(resource.efficiency, 1.0);
    assert_eq!(resource.life_years, 10.0);
    assert_eq!(resource.kind, ResourceKind::Machine);
    let chart = &plan.chart_settings[0];
    assert_eq!(
        (
            chart.ewma_lambda,
            chart.ewma_l,
            chart.cusum_k,
            chart.cusum_h
        ),
        (0.2, 3.0, 0.5, 5.0)
    );
    assert_eq!((chart.center, chart.sigma), (None, None));
    assert_eq!(plan.queues[0].target_service_level, 0.8);
    assert_eq!(plan.queues[0].target_wait_min, 1.0);
    assert_eq!(plan.queues[0].name, "");
}

#[test]
fn csv_empty_cell_means_default_even_for_text_with_a_default() {
    // The documented CSV rule: an empty unit cell is "no value", so the item gets "pcs".
    let dir = csv_folder(&[("items.csv", "code,kind,unit\nA,finished,\n")]);
    assert_eq!(read_dir_ok(dir.path()).items[0].unit, "pcs");
}

#[test]
fn csv_accepts_a_utf8_byte_order_mark() {
    let dir = temp_dir();
    assert!(
        fs::write(
            dir.path().join("plan.csv"),
            "\u{feff}name,periods\nTiny,1\n"
        )
        .is_ok()
    );
    assert_eq!(read_dir_ok(dir.path()), minimal_plan());
}

// ---------------------------------------------------------------------------------------------
// JSON errors

#[test]
fn malformed_json_gives_line_and_column() {
    // Line 3 lacks the comma after `"periods": 2`; the parser stops at the next key's quote,
    // column 3 of line 3.
    let text = "{\"plan\": {\"name\": \"P\",\n  \"periods\": 2\n  \"currency\": \"EUR\"}}";
    match json_error(text) {
        JsonError::Syntax {
            line,
            column,
            message,
        } => {
            assert_eq!((line, column), (3, 3));
            assert_eq!(message, "expected \",\" or \"}\"");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn truncated_json_gives_line_and_column() {
    let error = json_error("{\"plan\": {\"name\": \"P\",\n").to_string();
    // The text ends after the line break: serde_json reports line 2, column 0, shown as 1.
    assert_eq!(error, "line 2, column 1: EOF while parsing an object");
}

#[test]
fn unknown_key_names_itself_its_path_and_place() {
    let text = "{\"plan\": {\"name\": \"P\", \"periods\": 1},\n \"items\": [\n  {\"code\": \"A\", \"kind\": \"finished\"},\n  {\"code\": \"B\", \"colour\": \"red\", \"kind\": \"finished\"}]}";
    let error = json_error(text);
    // Line 4 is `  {"code": "B", "colour": …`: the key's closing quote is column 24, where
    // serde_json stops. The path counts array entries from 0, like JSON tools do.
    assert_eq!(
        error.to_string(),
        "line 4, column 24: items[1].colour: unknown field \"colour\", expected one of \"code\", \
         \"name\", \"kind\", \"unit\", \"price\", \"purchase_cost\", \"lot_size\", \"on_hand\", \
         \"safety_stock\", \"lead_time\", \"order_policy\", \"order_qty\", \"order_periods\", \
         \"order_min\", \"order_multiple\", \"order_cost\", \"backorder_cost\""
    );
}

#[test]
fn unknown_table_is_reported_with_the_tables_expected() {
    // `"robots"` spans columns 39–46.
    let error = json_error("{\"plan\": {\"name\": \"P\", \"periods\": 1}, \"robots\": []}");
    let text = error.to_string();
    assert!(
        text.starts_with("line 1, column 46: robots: unknown field \"robots\", expected one of \"format\", \"version\", \"plan\", \"items\""),
        "{text}"
    );
}

#[test]
fn wrong_type_names_the_field() {
    // Columns are those of the last character of the offending value: `"ten"` ends at 50,
    // `2.5` at 37.
    let text = r#"{"plan": {"name": "P", "periods": 1},
"bom": [{"parent": "A", "child": "B", "qty": "ten"}]}"#;
    assert_eq!(
        json_error(text).to_string(),
        "line 2, column 50: bom[0].qty: invalid type: string \"ten\", expected a number"
    );
    let integer = r#"{"plan": {"name": "P", "periods": 2.5}}"#;
    assert_eq!(
        json_error(integer).to_string(),
        "line 1, column 37: plan.periods: invalid type: floating point \"2.5\", expected a whole number"
    );
}

#[test]
fn missing_required_field_is_named() {
    // Reported at the closing brace of the object that lacks the field.
    assert_eq!(
        json_error(r#"{"plan": {"name": "P"}}"#).to_string(),
        "line 1, column 22: plan: missing field \"periods\""
    );
    assert_eq!(
        json_error(r#"{"items": []}"#).to_string(),
        "line 1, column 13: top level: missing field \"plan\""
    );
}

#[test]
fn wrong_format_tag_and_newer_version_are_refused() {
    let wrong = r#"{"format": "kicad-board", "version": 1, "plan": {"name": "P", "periods": 1}}"#;
    assert_eq!(
        json_error(wrong).to_string(),
        "format: \"kicad-board\" is not an Opsplan plan (expected \"opsplan-plan\")"
    );
    let newer = r#"{"format": "opsplan-plan", "version": 7, "plan": {"name": "P", "periods": 1}}"#;
    assert!(matches!(
        json_error(newer),
        JsonError::NewerVersion { found: 7 }
    ));
    assert!(
        json_error(newer)
            .to_string()
            .contains("made by a newer Opsplan")
    );
    let text_version = r#"{"version": "1", "plan": {"name": "P", "periods": 1}}"#;
    assert_eq!(
        json_error(text_version).to_string(),
        "line 1, column 15: version: invalid type: string \"1\", expected a whole number ≥ 0"
    );
}

#[test]
fn nested_scenarios_are_rejected_with_their_path() {
    let text = r#"{"plan": {"name": "P", "periods": 1},
"scenarios": [{"name": "S", "plan": {"plan": {"name": "S", "periods": 1},
  "scenarios": [{"name": "T", "plan": {"plan": {"name": "T", "periods": 1}}}]}}]}"#;
    match json_error(text) {
        JsonError::Schema {
            line,
            path,
            message,
            ..
        } => {
            assert_eq!((line, path.as_str()), (3, "scenarios[0].plan"));
            assert!(message.starts_with("a scenario's plan cannot hold scenarios of its own"));
        }
        other => panic!("expected a schema error, got {other:?}"),
    }
}

#[test]
fn scenario_plan_is_checked_as_strictly_as_the_document() {
    // On line 2 the key `"format"` spans columns 38–45 and `"cod"` columns 86–90.
    let envelope_inside = r#"{"plan": {"name": "P", "periods": 1},
"scenarios": [{"name": "S", "plan": {"format": "opsplan-plan", "plan": {"name": "S", "periods": 1}}}]}"#;
    let error = json_error(envelope_inside).to_string();
    assert!(
        error.starts_with("line 2, column 45: scenarios[0].plan.format: unknown field \"format\""),
        "{error}"
    );
    let typo = r#"{"plan": {"name": "P", "periods": 1},
"scenarios": [{"name": "S", "plan": {"plan": {"name": "S", "periods": 1}, "items": [{"cod": "A"}]}}]}"#;
    let error = json_error(typo).to_string();
    assert!(
        error.starts_with(
            "line 2, column 90: scenarios[0].plan.items[0].cod: unknown field \"cod\""
        ),
        "{error}"
    );
}

// ---------------------------------------------------------------------------------------------
// CSV errors

#[test]
fn csv_bad_number_names_file_row_line_and_field() {
    let (error, text) = csv_error(&[(
        "items.csv",
        "code,kind,price\nA,finished,1\nB,finished,2\nC,finished,3\nD,finished,abc\n",
    )]);
    assert!(matches!(
        error,
        CsvError::BadValue {
            row: 4,
            line: 5,
            ..
        }
    ));
    assert!(
        text.ends_with("items.csv row 4 (line 5), field price: \"abc\" is not a number"),
        "{text}"
    );
}

#[test]
fn csv_bad_integer_and_kind_name_the_field() {
    let (_, text) = csv_error(&[("demand.csv", "item,period,qty\nA,1.5,10\n")]);
    assert!(
        text.ends_with("demand.csv row 1 (line 2), field period: \"1.5\" is not a whole number"),
        "{text}"
    );
    let (_, text) = csv_error(&[("resources.csv", "code,kind,hours_per_period\nR,robot,40\n")]);
    assert!(
        text.ends_with(
            "resources.csv row 1 (line 2), field kind: unknown variant \"robot\", expected one of \
             \"machine\", \"line\", \"labour\", \"desk\", \"server\""
        ),
        "{text}"
    );
}

#[test]
fn csv_unknown_column_names_file_and_column() {
    let (error, text) = csv_error(&[("bom.csv", "parent,child,qty,colour\nA,B,1,red\n")]);
    assert!(matches!(error, CsvError::UnknownColumn { ref column, .. } if column == "colour"));
    assert!(
        text.ends_with("bom.csv: unknown column \"colour\"; expected one of parent, child, qty"),
        "{text}"
    );
}

#[test]
fn csv_missing_required_column_names_file_and_column() {
    let (_, text) = csv_error(&[("demand.csv", "item,qty\nA,10\n")]);
    assert!(
        text.ends_with("demand.csv: missing required column \"period\""),
        "{text}"
    );
}

#[test]
fn csv_empty_required_cell_names_row_and_field() {
    let (_, text) = csv_error(&[("bom.csv", "parent,child,qty\nA,B,1\nA,,2\n")]);
    assert!(
        text.ends_with("bom.csv row 2 (line 3), field child: a value is required"),
        "{text}"
    );
}

#[test]
fn csv_unknown_file_is_named() {
    let (error, text) = csv_error(&[("item.csv", "code,kind\nA,finished\n")]);
    assert!(matches!(error, CsvError::UnknownFile { ref name, .. } if name == "item.csv"));
    assert!(text.contains("unknown file \"item.csv\""), "{text}");
    assert!(
        text.contains("expected only plan.csv, items.csv, bom.csv"),
        "{text}"
    );
}

#[test]
fn csv_hidden_files_are_ignored() {
    let dir = csv_folder(&[(".DS_Store", "binary junk")]);
    assert_eq!(read_dir_ok(dir.path()).settings.periods, 4);
}

#[test]
fn csv_missing_plan_file_and_wrong_plan_row_count() {
    let dir = temp_dir();
    let missing = read_plan_dir(dir.path()).err().map(|e| e.to_string());
    assert!(missing.is_some_and(|text| text.ends_with(
        "plan.csv is missing; every plan CSV folder needs it (one row with name and periods)"
    )));
    assert!(fs::write(dir.path().join("plan.csv"), "name,periods\nA,1\nB,2\n").is_ok());
    let two_rows = read_plan_dir(dir.path()).err();
    assert!(matches!(
        two_rows,
        Some(CsvError::PlanRowCount { rows: 2, .. })
    ));
}

#[test]
fn csv_row_with_wrong_cell_count_names_row_and_line() {
    let (_, text) = csv_error(&[("demand.csv", "item,period,qty\nA,1,10\nA,2\n")]);
    assert!(
        text.ends_with("demand.csv row 2 (line 3): has 2 cells but the header has 3"),
        "{text}"
    );
}

#[test]
fn csv_duplicate_column_is_named() {
    let (_, text) = csv_error(&[("demand.csv", "item,period,qty,qty\nA,1,10,10\n")]);
    assert!(
        text.ends_with("demand.csv: column \"qty\" appears twice in the header"),
        "{text}"
    );
}

#[test]
fn csv_bad_scenario_plan_names_row_field_and_json_place() {
    let (_, text) = csv_error(&[(
        "scenarios.csv",
        "name,plan\nS,\"{\"\"plan\"\": {\"\"name\"\": \"\"S\"\", \"\"periods\"\": \"\"x\"\"}}\"\n",
    )]);
    // The cell is `{"plan": {"name": "S", "periods": "x"}}`; `"x"` ends at its column 37.
    assert!(
        text.ends_with(
            "scenarios.csv row 1 (line 2), field plan: plan JSON line 1, column 37: \
             plan.periods: invalid type: string \"x\", expected a whole number"
        ),
        "{text}"
    );
}

#[test]
fn csv_non_finite_number_is_refused() {
    let (_, text) = csv_error(&[("demand.csv", "item,period,qty\nA,1,inf\n")]);
    assert!(
        text.ends_with("demand.csv row 1 (line 2), field qty: \"inf\" is not a finite number"),
        "{text}"
    );
}

#[test]
fn csv_folder_that_does_not_exist_is_an_io_error_naming_it() {
    let dir = temp_dir();
    let absent = dir.path().join("nope");
    let error = read_plan_dir(&absent).err();
    assert!(matches!(error, Some(CsvError::Io { ref path, .. }) if path == &absent));
}

#[test]
fn non_finite_numbers_do_not_panic_and_fail_on_reading() {
    // JSON and CSV cannot hold NaN: it is written as null / an empty cell, and reading the
    // required field back fails with its place. Validation rejects such plans before export.
    let mut plan = minimal_plan();
    plan.bom.push(BomLine {
        parent: "A".to_string(),
        child: "B".to_string(),
        qty: f64::NAN,
    });
    let text = plan_to_json(&plan);
    assert!(text.contains("\"qty\": null"), "{text}");
    let error = json_error(&text).to_string();
    assert!(
        error.contains("bom[0].qty: invalid type: null, expected a number"),
        "{error}"
    );
    let dir = temp_dir();
    write_dir_ok(&plan, dir.path());
    let error = read_plan_dir(dir.path()).err().map(|e| e.to_string());
    assert!(error.is_some_and(|text| {
        text.ends_with("bom.csv row 1 (line 2), field qty: a value is required")
    }),);
}

// ---------------------------------------------------------------------------------------------
// The tables of MRP, levelling, forecasting and OEE (DESIGN.md §1)

#[test]
fn new_fields_and_tables_take_their_defaults_in_json_and_csv() {
    let json = parsed(
        r#"{"plan": {"name": "P", "periods": 4},
            "items": [{"code": "A", "kind": "material"}],
            "resources": [{"code": "R", "hours_per_period": 40}],
            "resource_periods": [{"resource": "R", "period": 2}],
            "forecast_settings": [{"item": "A"}],
            "production_log": [{"resource": "R", "period": -1, "planned_min": 480,
                                "ideal_cycle_min": 2, "total_count": 100}]}"#,
    );
    let dir = csv_folder(&[
        (
            "items.csv",
            "code,kind,order_policy,lead_time\nA,material,,\n",
        ),
        ("resources.csv", "code,hours_per_period\nR,40\n"),
        ("resource_periods.csv", "resource,period,units\nR,2,\n"),
        ("forecast_settings.csv", "item,method,window,phi\nA,,,\n"),
        (
            "production_log.csv",
            "resource,period,item,planned_min,ideal_cycle_min,total_count,good_count\n\
             R,-1,,480,2,100,\n",
        ),
    ]);
    let csv = read_dir_ok(dir.path());
    for plan in [&json, &csv] {
        assert_eq!(
            (plan.settings.holding_rate, plan.settings.backorder_factor),
            (0.25, 4.0)
        );
        let item = &plan.items[0];
        assert_eq!(
            (
                item.on_hand,
                item.safety_stock,
                item.lead_time,
                item.order_min
            ),
            (0.0, 0.0, 0, 0.0)
        );
        assert_eq!(item.order_policy, OrderPolicy::LotForLot);
        assert_eq!((item.order_qty, item.order_periods), (None, None));
        assert_eq!((item.order_multiple, item.backorder_cost), (None, None));
        let resource = &plan.resources[0];
        assert_eq!(resource.overtime_hours_per_period, 0.0);
        assert_eq!(resource.overtime_premium_per_hour, None);
        let period = &plan.resource_periods[0];
        assert_eq!(
            (period.units, period.hours_per_period, period.overtime_hours),
            (None, None, None)
        );
        let setting = &plan.forecast_settings[0];
        assert_eq!(setting.method, ForecastMethod::Auto);
        assert_eq!((setting.window, setting.phi), (3, 1.0));
        assert_eq!(
            (setting.alpha, setting.beta, setting.gamma),
            (None, None, None)
        );
        assert_eq!(setting.season_length, None);
        let run = &plan.production_log[0];
        assert_eq!((run.item.as_deref(), run.downtime_min), (None, 0.0));
        assert_eq!((run.good_count, run.good()), (None, 100));
    }
}

#[test]
fn csv_errors_in_the_new_tables_name_file_row_line_and_field() {
    let (_, text) = csv_error(&[(
        "production_log.csv",
        "resource,period,planned_min,ideal_cycle_min,total_count,good_count\n\
         R,-1,480,2,100,99\nR,0,480,2,100,1.5\n",
    )]);
    assert!(
        text.ends_with(
            "production_log.csv row 2 (line 3), field good_count: \"1.5\" is not a whole number"
        ),
        "{text}"
    );
    let (_, text) = csv_error(&[("forecast_settings.csv", "item,method\nA,arima\n")]);
    assert!(
        text.ends_with(
            "forecast_settings.csv row 1 (line 2), field method: unknown variant \"arima\", \
             expected one of \"auto\", \"moving_average\", \"ses\", \"holt\", \"holt_winters\", \
             \"croston\""
        ),
        "{text}"
    );
    let (_, text) = csv_error(&[("items.csv", "code,kind,order_policy\nA,material,weekly\n")]);
    assert!(
        text.ends_with(
            "items.csv row 1 (line 2), field order_policy: unknown variant \"weekly\", expected \
             one of \"lot_for_lot\", \"fixed\", \"poq\", \"eoq\", \"wagner_whitin\""
        ),
        "{text}"
    );
    let (_, text) = csv_error(&[("items.csv", "code,kind,lead_time\nA,material,1.5\n")]);
    assert!(
        text.ends_with("items.csv row 1 (line 2), field lead_time: \"1.5\" is not a whole number"),
        "{text}"
    );
    let (_, text) = csv_error(&[("downtime.csv", "resource,period,minutes\nR,-1,30\n")]);
    assert!(
        text.ends_with("downtime.csv: missing required column \"reason\""),
        "{text}"
    );
    let (_, text) = csv_error(&[("calendar.csv", "period,working_share\n2,\n")]);
    assert!(
        text.ends_with("calendar.csv row 1 (line 2), field working_share: a value is required"),
        "{text}"
    );
    let (_, text) = csv_error(&[("receipts.csv", "item,period,qty,vendor\nA,1,5,ACME\n")]);
    assert!(
        text.ends_with(
            "receipts.csv: unknown column \"vendor\"; expected one of item, period, qty"
        ),
        "{text}"
    );
}
