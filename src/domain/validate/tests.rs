//! Validation tests: each rule with a plan that breaks it, the message it gives.

use super::*;
use crate::domain::{
    BomLine, CalendarPeriod, Demand, DowntimeRow, ForecastSetting, HistoryRow, Inspection, Item,
    ItemKind, MasterScheduleRow, Measurement, ProductionLogRow, Receipt, Resource, ResourcePeriod,
    RoutingStep,
};

fn item(code: &str, kind: ItemKind) -> Item {
    Item {
        code: code.to_string(),
        kind,
        ..Item::default()
    }
}

fn bom(parent: &str, child: &str, qty: f64) -> BomLine {
    BomLine {
        parent: parent.to_string(),
        child: child.to_string(),
        qty,
    }
}

fn valid_plan() -> Plan {
    Plan {
        settings: PlanSettings {
            name: "Demo".to_string(),
            periods: 4,
            start_date: Some("2026-01-05".to_string()),
            ..PlanSettings::default()
        },
        items: vec![
            item("BIKE", ItemKind::Finished),
            item("FRAME", ItemKind::Component),
            item("TUBE", ItemKind::Material),
        ],
        bom: vec![bom("BIKE", "FRAME", 1.0), bom("FRAME", "TUBE", 3.2)],
        resources: vec![Resource {
            code: "WELD".to_string(),
            ..Resource::default()
        }],
        routing: vec![RoutingStep {
            item: "FRAME".to_string(),
            resource: "WELD".to_string(),
            run_min: 12.0,
            yield_: 0.98,
            ..RoutingStep::default()
        }],
        demand: vec![Demand {
            item: "BIKE".to_string(),
            period: 1,
            qty: 120.0,
        }],
        ..Plan::default()
    }
}

fn messages(plan: &Plan) -> Vec<String> {
    validate(plan)
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn a_consistent_plan_has_no_problem() {
    assert_eq!(messages(&valid_plan()), Vec::<String>::new());
}

#[test]
fn every_problem_is_reported_at_once_with_its_place() {
    let mut plan = valid_plan();
    plan.items.push(item("BIKE", ItemKind::Finished));
    plan.bom[1].qty = -2.0;
    plan.routing[0].resource = "PAINT".to_string();
    plan.demand.push(Demand {
        item: "BIKE".to_string(),
        period: 1,
        qty: 5.0,
    });
    plan.demand.push(Demand {
        item: "BIKE".to_string(),
        period: 9,
        qty: 5.0,
    });
    assert_eq!(
        messages(&plan),
        vec![
            "items row 4 (BIKE), field code: duplicate code \"BIKE\"",
            "bom row 2 (FRAME → TUBE), field qty: must be > 0, is -2",
            "routing row 1 (FRAME step 10), field resource: unknown resource \"PAINT\"",
            "demand row 2 (BIKE period 1), field period: duplicate (item, period) demand",
            "demand row 3 (BIKE period 9), field period: 9 is outside the horizon 1..4",
        ]
    );
}

#[test]
fn a_bom_cycle_is_named_along_its_path() {
    let mut plan = valid_plan();
    plan.bom.push(bom("FRAME", "BIKE", 1.0));
    assert_eq!(
        messages(&plan),
        vec!["bom, field child: cycle in the bill of materials: BIKE → FRAME → BIKE"]
    );
    plan.bom.push(bom("TUBE", "TUBE", 1.0));
    assert!(messages(&plan).contains(
        &"bom row 4 (TUBE → TUBE), field child: an item cannot be its own component".to_string()
    ));
}

#[test]
fn a_longer_cycle_is_found_once() {
    let mut plan = valid_plan();
    plan.bom.push(bom("TUBE", "BIKE", 1.0));
    let cycles = bom_cycles(&plan);
    assert_eq!(cycles, vec![vec!["BIKE", "FRAME", "TUBE", "BIKE"]]);
}

#[test]
fn out_of_range_numbers_name_their_field() {
    let mut plan = valid_plan();
    plan.resources[0].efficiency = 1.2;
    plan.resources[0].units = 0;
    plan.routing[0].yield_ = 0.0;
    plan.items[0].lot_size = Some(0.0);
    plan.items[2].price = f64::NAN;
    plan.inspections.push(Inspection {
        item: "FRAME".to_string(),
        lot: "L1".to_string(),
        inspected: 10,
        defective: 11,
    });
    assert_eq!(
        messages(&plan),
        vec![
            "items row 1 (BIKE), field lot_size: must be > 0, is 0",
            "items row 3 (TUBE), field price: NaN is not a finite number",
            "resources row 1 (WELD), field units: must be an integer ≥ 1, is 0",
            "resources row 1 (WELD), field efficiency: must be in (0, 1], is 1.2",
            "routing row 1 (FRAME step 10), field yield: must be in (0, 1], is 0",
            "inspections row 1 (FRAME lot L1), field defective: must be between 0 and inspected (10), is 11",
        ]
    );
}

#[test]
fn single_values_mixed_with_subgroups_are_refused() {
    let mut plan = valid_plan();
    plan.characteristics.push(crate::domain::Characteristic {
        code: "D1".to_string(),
        item: "FRAME".to_string(),
        ..Default::default()
    });
    for (subgroup, value) in [(1, 25.0), (1, 25.1), (2, 25.2)] {
        plan.measurements.push(Measurement {
            characteristic: "D1".to_string(),
            subgroup,
            value,
        });
    }
    let found = messages(&plan);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("measurements (D1), field subgroup: subgroup 2 has a single value")
    );
}

#[test]
fn the_report_is_capped_at_fifty_lines() {
    let mut plan = valid_plan();
    for period in 0..60 {
        plan.demand.push(Demand {
            item: "NOPE".to_string(),
            period: 1000 + period,
            qty: 1.0,
        });
    }
    let report = validate(&plan);
    assert_eq!(report.problems.len(), 120);
    let text = report.to_string();
    assert_eq!(text.lines().count(), 1 + 50 + 1);
    assert!(text.starts_with("the plan has 120 problems:"));
    assert!(text.ends_with("and 70 more"));
}

/// One bad value: the change that makes it and the problem expected.
type Case<T, M> = (fn(&mut T), M);

/// The problems of the valid plan after one change.
fn problems_after(change: impl FnOnce(&mut Plan)) -> Vec<String> {
    let mut plan = valid_plan();
    change(&mut plan);
    messages(&plan)
}

#[test]
fn plan_cost_rates_are_checked() {
    assert_eq!(
        problems_after(|p| p.settings.holding_rate = -0.1),
        ["plan row 1, field holding_rate: must be ≥ 0, is -0.1"]
    );
    assert_eq!(
        problems_after(|p| p.settings.backorder_factor = 0.0),
        ["plan row 1, field backorder_factor: must be > 0, is 0"]
    );
    assert_eq!(
        problems_after(|p| p.settings.holding_rate = 0.0),
        Vec::<String>::new(),
        "a holding rate of 0 is allowed"
    );
}

#[test]
fn item_stock_and_order_numbers_are_non_negative() {
    let cases: [Case<Item, &str>; 6] = [
        (|i| i.on_hand = -1.0, "on_hand: must be ≥ 0, is -1"),
        (
            |i| i.safety_stock = -2.0,
            "safety_stock: must be ≥ 0, is -2",
        ),
        (|i| i.order_min = -3.0, "order_min: must be ≥ 0, is -3"),
        (|i| i.order_cost = -4.0, "order_cost: must be ≥ 0, is -4"),
        (
            |i| i.backorder_cost = Some(-5.0),
            "backorder_cost: must be ≥ 0, is -5",
        ),
        (
            |i| i.on_hand = f64::INFINITY,
            "on_hand: inf is not a finite number",
        ),
    ];
    for (change, message) in cases {
        assert_eq!(
            problems_after(|p| change(&mut p.items[1])),
            [format!("items row 2 (FRAME), field {message}")]
        );
    }
}

#[test]
fn lead_times_are_whole_periods_up_to_ten_thousand() {
    assert_eq!(
        problems_after(|p| p.items[0].lead_time = -1),
        [
            "items row 1 (BIKE), field lead_time: must be a whole number of periods between 0 \
          and 10000, is -1"
        ]
    );
    assert_eq!(
        problems_after(|p| p.items[0].lead_time = 10_001),
        [
            "items row 1 (BIKE), field lead_time: must be a whole number of periods between 0 \
          and 10000, is 10001"
        ]
    );
    assert_eq!(
        problems_after(|p| p.items[0].lead_time = 10_000),
        Vec::<String>::new()
    );
}

#[test]
fn order_policies_need_their_quantities() {
    assert_eq!(
        problems_after(|p| p.items[2].order_policy = OrderPolicy::Fixed),
        [
            "items row 3 (TUBE), field order_qty: is required by order_policy fixed (the \
          quantity of each order)"
        ]
    );
    assert_eq!(
        problems_after(|p| {
            p.items[2].order_policy = OrderPolicy::Fixed;
            p.items[2].order_qty = Some(0.0);
        }),
        ["items row 3 (TUBE), field order_qty: must be > 0, is 0"]
    );
    assert_eq!(
        problems_after(|p| p.items[2].order_policy = OrderPolicy::Poq),
        [
            "items row 3 (TUBE), field order_periods: is required by order_policy poq (the \
          periods one order covers)"
        ]
    );
    assert_eq!(
        problems_after(|p| {
            p.items[2].order_policy = OrderPolicy::Poq;
            p.items[2].order_periods = Some(0);
        }),
        ["items row 3 (TUBE), field order_periods: must be an integer ≥ 1, is 0"]
    );
    assert_eq!(
        problems_after(|p| p.items[2].order_multiple = Some(-10.0)),
        ["items row 3 (TUBE), field order_multiple: must be > 0, is -10"]
    );
    assert_eq!(
        problems_after(|p| {
            p.items[2].order_policy = OrderPolicy::Poq;
            p.items[2].order_periods = Some(2);
            p.items[1].order_policy = OrderPolicy::Fixed;
            p.items[1].order_qty = Some(50.0);
        }),
        Vec::<String>::new()
    );
}

fn with_service(change: impl FnOnce(&mut Item)) -> Vec<String> {
    problems_after(|p| {
        let mut service = item("INSTALL", ItemKind::Service);
        change(&mut service);
        p.items.push(service);
    })
}

#[test]
fn a_service_holds_no_stock_and_takes_no_order_rules() {
    let at = "items row 4 (INSTALL), field";
    assert_eq!(with_service(|_| {}), Vec::<String>::new());
    assert_eq!(
        with_service(|i| i.on_hand = 2.0),
        [format!(
            "{at} on_hand: must be 0 for a service (a service holds no stock), is 2"
        )]
    );
    assert_eq!(
        with_service(|i| i.safety_stock = 1.5),
        [format!(
            "{at} safety_stock: must be 0 for a service (a service holds no stock), is 1.5"
        )]
    );
    assert_eq!(
        with_service(|i| i.on_hand = f64::NAN),
        [format!("{at} on_hand: NaN is not a finite number")]
    );
    assert_eq!(
        with_service(|i| i.order_min = 10.0),
        [format!(
            "{at} order_min: must be 0 for a service (a service holds no stock), is 10"
        )]
    );
    assert_eq!(
        with_service(|i| i.order_policy = OrderPolicy::Eoq),
        [format!(
            "{at} order_policy: must be lot_for_lot for a service (a service holds no \
             stock), is eoq"
        )]
    );
    assert_eq!(
        with_service(|i| i.order_multiple = Some(5.0)),
        [format!(
            "{at} order_multiple: must be empty for a service (a service holds no stock), \
             is 5"
        )]
    );
}

#[test]
fn resource_overtime_is_non_negative() {
    assert_eq!(
        problems_after(|p| p.resources[0].overtime_hours_per_period = -8.0),
        ["resources row 1 (WELD), field overtime_hours_per_period: must be ≥ 0, is -8"]
    );
    assert_eq!(
        problems_after(|p| p.resources[0].overtime_premium_per_hour = Some(-1.0)),
        ["resources row 1 (WELD), field overtime_premium_per_hour: must be ≥ 0, is -1"]
    );
}

fn receipt(item: &str, period: i64, qty: f64) -> Receipt {
    Receipt {
        item: item.to_string(),
        period,
        qty,
    }
}

#[test]
fn receipts_need_a_known_stocked_item_a_period_and_a_quantity() {
    assert_eq!(
        problems_after(|p| p.receipts = vec![receipt("TUBE", 2, 100.0), receipt("TUBE", 2, 50.0)]),
        Vec::<String>::new(),
        "rows of one (item, period) add up"
    );
    assert_eq!(
        problems_after(|p| p.receipts.push(receipt("PIPE", 2, 100.0))),
        ["receipts row 1 (PIPE period 2), field item: unknown item \"PIPE\""]
    );
    assert_eq!(
        problems_after(|p| p.receipts.push(receipt("TUBE", 5, 100.0))),
        ["receipts row 1 (TUBE period 5), field period: 5 is outside the horizon 1..4"]
    );
    assert_eq!(
        problems_after(|p| p.receipts.push(receipt("TUBE", 0, 100.0))),
        ["receipts row 1 (TUBE period 0), field period: 0 is outside the horizon 1..4"]
    );
    assert_eq!(
        problems_after(|p| p.receipts.push(receipt("TUBE", 1, 0.0))),
        ["receipts row 1 (TUBE period 1), field qty: must be > 0, is 0"]
    );
    assert_eq!(
        problems_after(|p| {
            p.items.push(item("INSTALL", ItemKind::Service));
            p.receipts.push(receipt("INSTALL", 1, 3.0));
        }),
        [
            "receipts row 1 (INSTALL period 1), field item: \"INSTALL\" is a service; a \
          service has no scheduled receipts"
        ]
    );
}

fn scheduled(item: &str, period: i64, qty: f64) -> MasterScheduleRow {
    MasterScheduleRow {
        item: item.to_string(),
        period,
        qty,
    }
}

#[test]
fn master_schedule_rows_are_unique_per_item_and_period() {
    assert_eq!(
        problems_after(|p| {
            p.master_schedule = vec![scheduled("BIKE", 1, 0.0), scheduled("BIKE", 2, 60.0)];
        }),
        Vec::<String>::new(),
        "a quantity of 0 keeps an item master-scheduled"
    );
    assert_eq!(
        problems_after(|p| {
            p.master_schedule = vec![scheduled("BIKE", 2, 60.0), scheduled("BIKE", 2, 10.0)];
        }),
        [
            "master_schedule row 2 (BIKE period 2), field period: duplicate (item, period) \
          master schedule row"
        ]
    );
    assert_eq!(
        problems_after(|p| p.master_schedule.push(scheduled("BIKE", 1, -1.0))),
        ["master_schedule row 1 (BIKE period 1), field qty: must be ≥ 0, is -1"]
    );
    assert_eq!(
        problems_after(|p| p.master_schedule.push(scheduled("BIKE", 9, 1.0))),
        ["master_schedule row 1 (BIKE period 9), field period: 9 is outside the horizon 1..4"]
    );
    assert_eq!(
        problems_after(|p| p.master_schedule.push(scheduled("TRIKE", 1, 1.0))),
        ["master_schedule row 1 (TRIKE period 1), field item: unknown item \"TRIKE\""]
    );
}

fn share(period: i64, working_share: f64) -> CalendarPeriod {
    CalendarPeriod {
        period,
        working_share,
    }
}

#[test]
fn calendar_periods_are_unique_in_range_with_a_non_negative_share() {
    assert_eq!(
        problems_after(|p| p.calendar = vec![share(2, 0.8), share(3, 0.0)]),
        Vec::<String>::new()
    );
    assert_eq!(
        problems_after(|p| p.calendar = vec![share(2, 0.8), share(2, 1.0)]),
        ["calendar row 2 (period 2), field period: duplicate calendar period"]
    );
    assert_eq!(
        problems_after(|p| p.calendar.push(share(5, 1.0))),
        ["calendar row 1 (period 5), field period: 5 is outside the horizon 1..4"]
    );
    assert_eq!(
        problems_after(|p| p.calendar.push(share(1, -0.2))),
        ["calendar row 1 (period 1), field working_share: must be ≥ 0, is -0.2"]
    );
}

fn resource_period(resource: &str, period: i64) -> ResourcePeriod {
    ResourcePeriod {
        resource: resource.to_string(),
        period,
        ..ResourcePeriod::default()
    }
}

#[test]
fn resource_periods_are_unique_per_resource_and_period() {
    let at = "resource_periods row 1 (WELD period 2), field";
    assert_eq!(
        problems_after(|p| {
            p.resource_periods.push(ResourcePeriod {
                units: Some(0),
                hours_per_period: Some(0.0),
                overtime_hours: Some(0.0),
                ..resource_period("WELD", 2)
            });
        }),
        Vec::<String>::new(),
        "a maintenance period may close the resource"
    );
    assert_eq!(
        problems_after(|p| p.resource_periods.push(ResourcePeriod {
            units: Some(-1),
            ..resource_period("WELD", 2)
        })),
        [format!("{at} units: must be an integer ≥ 0, is -1")]
    );
    assert_eq!(
        problems_after(|p| p.resource_periods.push(ResourcePeriod {
            hours_per_period: Some(-4.0),
            ..resource_period("WELD", 2)
        })),
        [format!("{at} hours_per_period: must be ≥ 0, is -4")]
    );
    assert_eq!(
        problems_after(|p| p.resource_periods.push(ResourcePeriod {
            overtime_hours: Some(-2.5),
            ..resource_period("WELD", 2)
        })),
        [format!("{at} overtime_hours: must be ≥ 0, is -2.5")]
    );
    assert_eq!(
        problems_after(|p| {
            p.resource_periods = vec![resource_period("WELD", 2), resource_period("WELD", 2)];
        }),
        [
            "resource_periods row 2 (WELD period 2), field period: duplicate (resource, \
          period) row"
        ]
    );
    assert_eq!(
        problems_after(|p| p.resource_periods.push(resource_period("PAINT", 7))),
        [
            "resource_periods row 1 (PAINT period 7), field resource: unknown resource \
             \"PAINT\"",
            "resource_periods row 1 (PAINT period 7), field period: 7 is outside the \
             horizon 1..4",
        ]
    );
}

fn sold(item: &str, period: i64, qty: f64) -> HistoryRow {
    HistoryRow {
        item: item.to_string(),
        period,
        qty,
    }
}

#[test]
fn history_lies_in_the_past_once_per_item_and_period() {
    assert_eq!(
        problems_after(|p| p.history = vec![sold("BIKE", -10_000, 3.0), sold("BIKE", 0, 0.0)]),
        Vec::<String>::new()
    );
    let past = "must be between -10000 and 0 (0 is the period just before period 1)";
    assert_eq!(
        problems_after(|p| p.history.push(sold("BIKE", 1, 3.0))),
        [format!(
            "history row 1 (BIKE period 1), field period: {past}, is 1"
        )]
    );
    assert_eq!(
        problems_after(|p| p.history.push(sold("BIKE", -10_001, 3.0))),
        [format!(
            "history row 1 (BIKE period -10001), field period: {past}, is -10001"
        )]
    );
    assert_eq!(
        problems_after(|p| p.history.push(sold("BIKE", -3, -1.0))),
        ["history row 1 (BIKE period -3), field qty: must be ≥ 0, is -1"]
    );
    assert_eq!(
        problems_after(|p| p.history = vec![sold("BIKE", -3, 1.0), sold("BIKE", -3, 2.0)]),
        ["history row 2 (BIKE period -3), field period: duplicate (item, period) history"]
    );
    assert_eq!(
        problems_after(|p| p.history.push(sold("TRIKE", -3, 1.0))),
        ["history row 1 (TRIKE period -3), field item: unknown item \"TRIKE\""]
    );
}

fn forecast(item: &str) -> ForecastSetting {
    ForecastSetting {
        item: item.to_string(),
        ..ForecastSetting::default()
    }
}

#[test]
fn forecast_settings_keep_parameters_in_range() {
    let at = "forecast_settings row 1 (BIKE), field";
    let cases: [Case<ForecastSetting, String>; 8] = [
        (
            |s| s.alpha = Some(0.0),
            format!("{at} alpha: must be in (0, 1), is 0"),
        ),
        (
            |s| s.beta = Some(1.0),
            format!("{at} beta: must be in (0, 1), is 1"),
        ),
        (
            |s| s.gamma = Some(-0.5),
            format!("{at} gamma: must be in (0, 1), is -0.5"),
        ),
        (
            |s| s.phi = 0.0,
            format!("{at} phi: must be in (0, 1], is 0"),
        ),
        (
            |s| s.phi = 1.01,
            format!("{at} phi: must be in (0, 1], is 1.01"),
        ),
        (
            |s| s.window = 0,
            format!("{at} window: must be an integer ≥ 1, is 0"),
        ),
        (
            |s| s.season_length = Some(1),
            format!("{at} season_length: must be an integer ≥ 2, is 1"),
        ),
        (
            |s| s.alpha = Some(f64::NAN),
            format!("{at} alpha: NaN is not a finite number"),
        ),
    ];
    for (change, message) in cases {
        assert_eq!(
            problems_after(|p| {
                let mut setting = forecast("BIKE");
                change(&mut setting);
                p.forecast_settings.push(setting);
            }),
            [message]
        );
    }
    assert_eq!(
        problems_after(|p| p.forecast_settings.push(ForecastSetting {
            alpha: Some(0.3),
            beta: Some(0.1),
            gamma: Some(0.9),
            phi: 1.0,
            window: 1,
            season_length: Some(2),
            ..forecast("BIKE")
        })),
        Vec::<String>::new()
    );
}

#[test]
fn forecast_settings_name_one_known_item_once() {
    assert_eq!(
        problems_after(|p| p.forecast_settings = vec![forecast("BIKE"), forecast("BIKE")]),
        [
            "forecast_settings row 2 (BIKE), field item: duplicate forecast settings for this \
          item"
        ]
    );
    assert_eq!(
        problems_after(|p| p.forecast_settings.push(forecast("TRIKE"))),
        ["forecast_settings row 1 (TRIKE), field item: unknown item \"TRIKE\""]
    );
}

fn run(period: i64) -> ProductionLogRow {
    ProductionLogRow {
        resource: "WELD".to_string(),
        period,
        item: Some("FRAME".to_string()),
        planned_min: 480.0,
        downtime_min: 60.0,
        ideal_cycle_min: 2.0,
        total_count: 200,
        good_count: Some(190),
    }
}

#[test]
fn production_log_counts_and_minutes_are_consistent() {
    let at = "production_log row 1 (WELD period -2), field";
    let cases: [Case<ProductionLogRow, String>; 9] = [
        (
            |r| r.planned_min = 0.0,
            format!("{at} planned_min: must be > 0, is 0"),
        ),
        (
            |r| r.downtime_min = -1.0,
            format!("{at} downtime_min: must be between 0 and planned_min (480), is -1"),
        ),
        (
            |r| r.downtime_min = 481.0,
            format!("{at} downtime_min: must be between 0 and planned_min (480), is 481"),
        ),
        (
            |r| r.ideal_cycle_min = 0.0,
            format!("{at} ideal_cycle_min: must be > 0, is 0"),
        ),
        (
            |r| {
                r.total_count = -1;
                r.good_count = None;
            },
            format!("{at} total_count: must be an integer ≥ 0, is -1"),
        ),
        (
            |r| r.good_count = Some(201),
            format!("{at} good_count: must be between 0 and total_count (200), is 201"),
        ),
        (
            |r| r.good_count = Some(-1),
            format!("{at} good_count: must be between 0 and total_count (200), is -1"),
        ),
        (
            |r| r.item = Some("TRIKE".to_string()),
            format!("{at} item: unknown item \"TRIKE\""),
        ),
        (
            |r| r.resource = "PAINT".to_string(),
            "production_log row 1 (PAINT period -2), field resource: unknown resource \
             \"PAINT\""
                .to_string(),
        ),
    ];
    for (change, message) in cases {
        assert_eq!(
            problems_after(|p| {
                let mut row = run(-2);
                change(&mut row);
                p.production_log.push(row);
            }),
            [message]
        );
    }
    assert_eq!(
        problems_after(|p| p.production_log.push(ProductionLogRow {
            item: None,
            downtime_min: 480.0,
            good_count: None,
            ..run(3)
        })),
        Vec::<String>::new(),
        "a run entirely down, in a plan period, without an item, is valid"
    );
    assert_eq!(
        problems_after(|p| p.production_log.push(run(-10_001))),
        [
            "production_log row 1 (WELD period -10001), field period: must be ≥ -10000, is \
          -10001"
        ]
    );
}

fn stop(reason: &str, minutes: f64) -> DowntimeRow {
    DowntimeRow {
        resource: "WELD".to_string(),
        period: -1,
        reason: reason.to_string(),
        minutes,
    }
}

#[test]
fn downtime_has_a_reason_and_minutes() {
    assert_eq!(
        problems_after(|p| p.downtime.push(stop("changeover", 45.0))),
        Vec::<String>::new()
    );
    assert_eq!(
        problems_after(|p| p.downtime.push(stop(" ", 45.0))),
        ["downtime row 1 (WELD period -1), field reason: must not be empty"]
    );
    assert_eq!(
        problems_after(|p| p.downtime.push(stop("breakdown", 0.0))),
        ["downtime row 1 (WELD period -1), field minutes: must be > 0, is 0"]
    );
    assert_eq!(
        problems_after(|p| p.downtime.push(DowntimeRow {
            resource: "PAINT".to_string(),
            ..stop("cleaning", 10.0)
        })),
        ["downtime row 1 (PAINT period -1), field resource: unknown resource \"PAINT\""]
    );
}

#[test]
fn iso_dates_are_checked_on_the_calendar() {
    assert!(is_iso_date("2024-02-29"));
    assert!(!is_iso_date("2023-02-29"));
    assert!(!is_iso_date("2026-13-01"));
    assert!(!is_iso_date("2026-1-01"));
    assert!(!is_iso_date("05/01/2026"));
}

/// The problems of the real-number magnitude rules (`MAX_REAL_MAGNITUDE`, `MIN_DIVISOR`) among
/// all of a plan's problems.
fn magnitude_problems_of(plan: &Plan) -> Vec<Problem> {
    validate(plan)
        .problems
        .into_iter()
        .filter(|p| {
            p.message
                .contains("the largest magnitude a number in a plan may have")
                || p.message
                    .contains("the smallest positive value it may have")
        })
        .collect()
}

fn magnitude_messages(plan: &Plan) -> Vec<String> {
    magnitude_problems_of(plan)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_price_beyond_ten_to_the_fifteen_is_refused_naming_table_row_and_field() {
    // 1e300 × 1e10 units made revenue infinite and profit NaN before this rule.
    let plan = Plan {
        items: vec![
            Item {
                code: "OK".to_string(),
                price: 1e15,
                purchase_cost: -1e15,
                ..Item::default()
            },
            Item {
                code: "HUGE".to_string(),
                kind: ItemKind::Finished,
                price: 1e300,
                ..Item::default()
            },
        ],
        ..Plan::default()
    };
    assert_eq!(
        magnitude_messages(&plan),
        vec![
            "items row 2 (HUGE), field price: 1e300 is beyond ±1e15, the largest magnitude \
             a number in a plan may have"
                .to_string()
        ]
    );
}

#[test]
fn a_positive_divisor_below_one_millionth_is_refused_and_zero_is_left_to_other_rules() {
    let plan = Plan {
        settings: PlanSettings {
            periods_per_year: Some(1e-7),
            ..PlanSettings::default()
        },
        resources: vec![Resource {
            code: "PAINT".to_string(),
            hours_per_period: 0.0,
            efficiency: 1e-6,
            life_years: 5e-324,
            ..Resource::default()
        }],
        routing: vec![RoutingStep {
            item: "FRAME".to_string(),
            yield_: 1e-300,
            ..RoutingStep::default()
        }],
        ..Plan::default()
    };
    let fields: Vec<(&str, Option<usize>, &str)> = magnitude_problems_of(&plan)
        .iter()
        .map(|p| (p.table, p.row, p.field))
        .collect();
    // hours_per_period 0 means "no hours" (its own rule) and efficiency 1e-6 is the least
    // accepted: neither is a problem here.
    assert_eq!(
        fields,
        vec![
            ("plan", Some(1), "periods_per_year"),
            ("resources", Some(1), "life_years"),
            ("routing", Some(1), "yield"),
        ]
    );
    assert_eq!(
        magnitude_messages(&plan)[2],
        "routing row 1 (FRAME step 10), field yield: 1e-300 is below 1e-6, the smallest \
         positive value it may have (results are divided by it)"
    );
}

#[test]
fn non_finite_numbers_are_left_to_the_finiteness_rule() {
    let plan = Plan {
        demand: vec![Demand {
            item: "A".to_string(),
            period: 1,
            qty: f64::INFINITY,
        }],
        ..Plan::default()
    };
    assert!(magnitude_messages(&plan).is_empty());
}
