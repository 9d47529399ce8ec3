//! Acceptance tests of the material plan (DESIGN.md §5) and of available hours per period
//! (DESIGN.md §2), each worked out by hand in its comments.

use opsplan::analytics::mrp::{ExceptionKind, ItemRecord, MrpException};
use opsplan::analytics::{Analysis, analyze};
use opsplan::domain::{
    BomLine, CalendarPeriod, Demand, Item, ItemKind, MasterScheduleRow, OrderPolicy, Plan,
    PlanSettings, Receipt, Resource, ResourcePeriod, RoutingStep,
};

fn settings(periods: i64) -> PlanSettings {
    PlanSettings {
        name: "MRP test".to_string(),
        periods,
        ..PlanSettings::default()
    }
}

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

fn demand(item: &str, period: i64, qty: f64) -> Demand {
    Demand {
        item: item.to_string(),
        period,
        qty,
    }
}

fn analysis_of(plan: &Plan) -> Analysis {
    match analyze(plan) {
        Ok(analysis) => analysis,
        Err(error) => panic!("the test plan is invalid: {error}"),
    }
}

fn record<'a>(analysis: &'a Analysis, plan: &Plan, code: &str) -> ItemRecord<'a> {
    let index = plan
        .items
        .iter()
        .position(|i| i.code == code)
        .unwrap_or_else(|| panic!("no item {code}"));
    analysis
        .mrp
        .plan
        .record(index)
        .unwrap_or_else(|| panic!("no record of {code}"))
}

fn assert_row(actual: &[f64], expected: &[f64], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: {actual:?}");
    for (t, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() <= 1e-9 * e.abs().max(1.0),
            "{what} period {}: got {a}, expected {e} (row {actual:?})",
            t + 1
        );
    }
}

fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{what}: got {actual}, expected {expected}"
    );
}

/// The product structure of Stevenson's MRP problem (W. J. Stevenson, *Operations Management*,
/// ch. 12: A = B + 2C + D, C = 2D + 3E), over 8 weeks, with on hand, a scheduled receipt,
/// lot-for-lot, a minimum order, an order multiple and lead times of 1 and 2 weeks. The
/// quantities are ours; every row below is worked by hand (avail = POH_t−1 + SR − GR; when
/// avail < 0 the order is −avail, raised to the minimum and to a multiple).
///
/// - A (lead 1, on hand 30): GR p6 100, p8 150. POH 30 until p5; p6 avail −70 → PR 70, POH 0;
///   p8 avail −150 → PR 150. Releases p5 70, p7 150.
/// - B (1 per A, lead 2, on hand 20): GR p5 70, p7 150. p5 avail −50 → PR 50; p7 PR 150.
///   Releases p3 50, p5 150.
/// - C (2 per A, lead 1, on hand 10, receipt 50 in p3, minimum 100): GR p5 140, p7 300.
///   POH 10, 10, 60, 60; p5 avail −80 → PR max(80, 100) = 100, POH 20; p6 20; p7 avail −280 →
///   PR 280, POH 0. NR p5 80, p7 280. Releases p4 100, p6 280.
/// - D (1 per A, 2 per C, lead 1, multiples of 50): GR p4 2·100 = 200, p5 70, p6 2·280 = 560,
///   p7 150. p4 avail −200 → PR 200, POH 0; p5 avail −70 → NR 70, PR 100, POH 30; p6 avail
///   30 − 560 = −530 → PR 550, POH 20; p7 avail −130 → PR 150, POH 20; p8 POH 20.
///   Releases p3 200, p4 100, p5 550, p6 150.
/// - E (3 per C, lead 2, on hand 40): GR p4 300, p6 840. p4 avail −260 → PR 260, POH 0; p6 PR
///   840. Releases p2 260, p4 840.
///
/// Levels: A 0; B and C 1; D 2 (under C, the longest path); E 2.
fn stevenson_plan() -> Plan {
    let material = |code: &str, purchase_cost: f64| Item {
        purchase_cost,
        ..item(code, ItemKind::Material)
    };
    Plan {
        settings: settings(8),
        items: vec![
            Item {
                on_hand: 30.0,
                lead_time: 1,
                ..item("A", ItemKind::Finished)
            },
            Item {
                on_hand: 20.0,
                lead_time: 2,
                purchase_cost: 8.0,
                ..item("B", ItemKind::Component)
            },
            Item {
                on_hand: 10.0,
                lead_time: 1,
                order_min: 100.0,
                ..item("C", ItemKind::Component)
            },
            Item {
                lead_time: 1,
                order_multiple: Some(50.0),
                order_cost: 10.0,
                ..material("D", 5.0)
            },
            Item {
                on_hand: 40.0,
                lead_time: 2,
                ..material("E", 2.0)
            },
        ],
        bom: vec![
            bom("A", "B", 1.0),
            bom("A", "C", 2.0),
            bom("A", "D", 1.0),
            bom("C", "D", 2.0),
            bom("C", "E", 3.0),
        ],
        resources: vec![Resource {
            code: "ASM".to_string(),
            hours_per_period: 200.0,
            ..Resource::default()
        }],
        routing: vec![RoutingStep {
            item: "A".to_string(),
            seq: 10,
            resource: "ASM".to_string(),
            run_min: 60.0,
            ..RoutingStep::default()
        }],
        demand: vec![demand("A", 6, 100.0), demand("A", 8, 150.0)],
        receipts: vec![Receipt {
            item: "C".to_string(),
            period: 3,
            qty: 50.0,
        }],
        ..Plan::default()
    }
}

#[test]
fn stevenson_multi_level_record_nets_stock_receipts_minimum_multiple_and_lead_times() {
    let plan = stevenson_plan();
    let analysis = analysis_of(&plan);
    let z = 0.0;
    let a = record(&analysis, &plan, "A");
    assert_eq!(a.level, 0);
    assert_row(a.gross, &[z, z, z, z, z, 100.0, z, 150.0], "A gross");
    assert_row(
        &a.on_hand,
        &[30.0, 30.0, 30.0, 30.0, 30.0, z, z, z],
        "A on hand",
    );
    assert_row(&a.net, &[z, z, z, z, z, 70.0, z, 150.0], "A net");
    assert_row(
        &a.planned_receipts,
        &[z, z, z, z, z, 70.0, z, 150.0],
        "A receipts",
    );
    assert_row(
        a.planned_releases,
        &[z, z, z, z, 70.0, z, 150.0, z],
        "A releases",
    );
    let b = record(&analysis, &plan, "B");
    assert_eq!(b.level, 1);
    assert_row(b.gross, &[z, z, z, z, 70.0, z, 150.0, z], "B gross");
    assert_row(
        &b.on_hand,
        &[20.0, 20.0, 20.0, 20.0, z, z, z, z],
        "B on hand",
    );
    assert_row(
        b.planned_releases,
        &[z, z, 50.0, z, 150.0, z, z, z],
        "B releases",
    );
    let c = record(&analysis, &plan, "C");
    assert_eq!(c.level, 1);
    assert_row(c.gross, &[z, z, z, z, 140.0, z, 300.0, z], "C gross");
    assert_row(
        c.receipts,
        &[z, z, 50.0, z, z, z, z, z],
        "C scheduled receipts",
    );
    assert_row(
        &c.on_hand,
        &[10.0, 10.0, 60.0, 60.0, 20.0, 20.0, z, z],
        "C on hand",
    );
    assert_row(&c.net, &[z, z, z, z, 80.0, z, 280.0, z], "C net");
    assert_row(
        &c.planned_receipts,
        &[z, z, z, z, 100.0, z, 280.0, z],
        "C receipts",
    );
    assert_row(
        c.planned_releases,
        &[z, z, z, 100.0, z, 280.0, z, z],
        "C releases",
    );
    let d = record(&analysis, &plan, "D");
    assert_eq!(d.level, 2);
    assert_row(d.gross, &[z, z, z, 200.0, 70.0, 560.0, 150.0, z], "D gross");
    assert_row(&d.net, &[z, z, z, 200.0, 70.0, 530.0, 130.0, z], "D net");
    assert_row(
        &d.planned_receipts,
        &[z, z, z, 200.0, 100.0, 550.0, 150.0, z],
        "D receipts",
    );
    assert_row(
        &d.on_hand,
        &[z, z, z, z, 30.0, 20.0, 20.0, 20.0],
        "D on hand",
    );
    assert_row(
        d.planned_releases,
        &[z, z, 200.0, 100.0, 550.0, 150.0, z, z],
        "D releases",
    );
    let e = record(&analysis, &plan, "E");
    assert_eq!(e.level, 2);
    assert_row(e.gross, &[z, z, z, 300.0, z, 840.0, z, z], "E gross");
    assert_row(&e.on_hand, &[40.0, 40.0, 40.0, z, z, z, z, z], "E on hand");
    assert_row(
        e.planned_releases,
        &[z, 260.0, z, 840.0, z, z, z, z],
        "E releases",
    );
    assert!(
        analysis.mrp.exceptions.is_empty(),
        "{:?}",
        analysis.mrp.exceptions
    );

    // Unit costs: E 2, D 5, B 8, C = 2·5 + 3·2 = 16, A = 8 + 2·16 + 5 = 45.
    // V_t = Σ max(0, POH)·unit cost:
    // p1 = 30·45 + 20·8 + 10·16 + 40·2 = 1350 + 160 + 160 + 80 = 1750; p2 = 1750;
    // p3 = 1350 + 160 + 60·16 + 80 = 2550; p4 = 1350 + 160 + 960 = 2470;
    // p5 = 1350 + 20·16 + 30·5 = 1820; p6 = 320 + 20·5 = 420; p7 = p8 = 100.
    let value = [1750.0, 1750.0, 2550.0, 2470.0, 1820.0, 420.0, 100.0, 100.0];
    assert_row(&analysis.mrp.inventory_value, &value, "inventory value");
    // Σ V = 10 960; average 10 960/8 = 1370; holding 10 960 · 0.25/52 = 52.692308.
    assert_close(
        analysis.mrp.average_inventory_value,
        1370.0,
        "average value",
    );
    assert_close(
        analysis.mrp.holding_cost,
        10_960.0 * 0.25 / 52.0,
        "holding cost",
    );
    // D orders 4 times at 10 each.
    assert_close(analysis.mrp.ordering_cost, 40.0, "ordering cost");
    assert_close(
        analysis.totals.holding_cost,
        analysis.mrp.holding_cost,
        "totals.holding",
    );
    assert_close(analysis.totals.ordering_cost, 40.0, "totals.ordering");
    // Revenue 0 (no price), variable cost 250·45 = 11 250, no fixed cost.
    assert_close(
        analysis.totals.profit,
        -11_250.0 - 10_960.0 * 0.25 / 52.0 - 40.0,
        "profit",
    );
    // Capacity loads A's releases (1 h per unit) and lists the gross requirements.
    let asm = &analysis.capacity.resources[0];
    assert_row(&asm.load, &[z, z, z, z, 70.0, z, 150.0, z], "ASM load");
    let requirements: Vec<(&str, i64, f64)> = analysis
        .capacity
        .requirements
        .entries()
        .filter(|entry| entry.item == "C")
        .map(|entry| (entry.item, entry.period, entry.value))
        .collect();
    assert_eq!(requirements, vec![("C", 5, 140.0), ("C", 7, 300.0)]);
    // Cost keeps the standard requirements: A's effective lot is (100 + 150)/2 = 125, so it
    // does not move with A's stock.
    let unit_cost_a = analysis.cost.items[0].unit_cost;
    assert_close(unit_cost_a, 45.0, "A unit cost");
}

/// Orlicky's nine-period lot-sizing example (J. Orlicky, *Material Requirements Planning*,
/// 1975; reproduced in Vollmann et al., *Manufacturing Planning and Control Systems*): net
/// requirements 35, 10, 0, 40, 0, 20, 5, 10, 30 (Σ 150) with S = 100 per order and h = 1 per
/// unit and period (purchase cost 52 at holding rate 1 over 52 periods a year). Cost = orders ·
/// 100 + Σ end-of-period stock:
/// - lot-for-lot: 7 orders, no stock: 700.
/// - fixed 60: orders p1, p4, p9 of 60; stock 25, 15, 15, 35, 35, 15, 10, 0, 30 = 180 → 480.
/// - POQ 3: p1 35+10+0 = 45, p4 40+0+20 = 60, p7 5+10+30 = 45; stock 10, 0, 0, 20, 20, 0, 40,
///   30, 0 = 120 → 420.
/// - EOQ: D = 150 · 52/9 = 866.67 a year, EOQ = ceil(sqrt(2 · 866.67 · 100 / (1 · 52))) =
///   ceil(57.735) = 58; orders p1, p4, p8 of 58; stock 23, 13, 13, 31, 31, 11, 6, 54, 24 = 206
///   → 506.
/// - Wagner-Whitin: f(1) = 100, f(2) = 110 (one order covers p1–2: 100 + 10), f(4) = 210,
///   f(6) = 250 (p4 covers 4–6: 100 + 2·20 after f(3) = 110), f(7) = 265, f(8) = 305 (p4
///   covers 4–8: 110 + 100 + 2·20 + 3·5 + 4·10 = 305), f(9) = 395 (p8 covers 8–9: f(7) + 100 + 30
///   = 395); orders p1 45, p4 65, p8 40, stock 10, 0, 0, 25, 25, 5, 0, 30, 0 = 95 → 395, the
///   cheapest.
#[test]
fn orlicky_lot_sizing_every_policy_and_wagner_whitin_is_cheapest() {
    let series = [35.0, 10.0, 0.0, 40.0, 0.0, 20.0, 5.0, 10.0, 30.0];
    let policy_item = |code: &str, order_policy: OrderPolicy| Item {
        purchase_cost: 52.0,
        order_cost: 100.0,
        order_policy,
        ..item(code, ItemKind::Material)
    };
    let items = vec![
        policy_item("LFL", OrderPolicy::LotForLot),
        Item {
            order_qty: Some(60.0),
            ..policy_item("FIXED", OrderPolicy::Fixed)
        },
        Item {
            order_periods: Some(3),
            ..policy_item("POQ", OrderPolicy::Poq)
        },
        policy_item("EOQ", OrderPolicy::Eoq),
        policy_item("WW", OrderPolicy::WagnerWhitin),
    ];
    let demand_rows = items
        .iter()
        .flat_map(|i| {
            series
                .iter()
                .enumerate()
                .filter(|(_, q)| **q > 0.0)
                .map(|(t, &q)| demand(&i.code, t as i64 + 1, q))
                .collect::<Vec<_>>()
        })
        .collect();
    let plan = Plan {
        settings: PlanSettings {
            holding_rate: 1.0,
            ..settings(9)
        },
        items,
        demand: demand_rows,
        ..Plan::default()
    };
    let analysis = analysis_of(&plan);
    let z = 0.0;
    let expected: [(&str, [f64; 9], f64); 5] = [
        ("LFL", series, 700.0),
        ("FIXED", [60.0, z, z, 60.0, z, z, z, z, 60.0], 480.0),
        ("POQ", [45.0, z, z, 60.0, z, z, 45.0, z, z], 420.0),
        ("EOQ", [58.0, z, z, 58.0, z, z, z, 58.0, z], 506.0),
        ("WW", [45.0, z, z, 65.0, z, z, z, 40.0, z], 395.0),
    ];
    let mut costs = Vec::new();
    for (code, planned, cost) in expected {
        let row = record(&analysis, &plan, code);
        assert_row(&row.planned_receipts, &planned, code);
        assert_row(row.net.get(..1).unwrap_or(&[]), &[35.0], code);
        let orders = row.planned_receipts.iter().filter(|q| **q > 0.0).count() as f64;
        let held: f64 = row.on_hand.iter().sum();
        assert_close(orders * 100.0 + held, cost, code);
        costs.push((code, orders * 100.0 + held));
    }
    let cheapest = costs.iter().min_by(|a, b| a.1.total_cmp(&b.1)).map(|c| c.0);
    assert_eq!(cheapest, Some("WW"));
    // Totals: orders (7 + 3 + 3 + 3 + 3) · 100 = 1900; holding Σ stock · h = 0 + 180 + 120 +
    // 206 + 95 = 601 (V_t · 1/52 with unit cost 52 is the stock itself).
    assert_close(analysis.mrp.ordering_cost, 1900.0, "ordering cost");
    assert_close(analysis.mrp.holding_cost, 601.0, "holding cost");
}

/// Safety stock 10 from 20 on hand, GR 5, 10, 10, 10, lot-for-lot with a minimum of 8:
/// p1 avail 15 ≥ 10, no order, POH 15; p2 avail 5 → need 5, PR max(5, 8) = 8, POH 13;
/// p3 avail 3 → need 7, PR 8, POH 11; p4 avail 1 → need 9, PR 9, POH 10.
#[test]
fn safety_stock_is_kept_and_net_requirements_count_from_it() {
    let plan = Plan {
        settings: settings(4),
        items: vec![Item {
            on_hand: 20.0,
            safety_stock: 10.0,
            order_min: 8.0,
            ..item("S", ItemKind::Material)
        }],
        demand: vec![
            demand("S", 1, 5.0),
            demand("S", 2, 10.0),
            demand("S", 3, 10.0),
            demand("S", 4, 10.0),
        ],
        ..Plan::default()
    };
    let analysis = analysis_of(&plan);
    let s = record(&analysis, &plan, "S");
    assert_row(&s.net, &[0.0, 5.0, 7.0, 9.0], "net");
    assert_row(
        &s.planned_receipts,
        &[0.0, 8.0, 8.0, 9.0],
        "planned receipts",
    );
    assert_row(&s.on_hand, &[15.0, 13.0, 11.0, 10.0], "on hand");
    assert!(analysis.mrp.exceptions.is_empty());
}

/// A master-scheduled item is not netted: on hand 10, safety stock 5, demand 30 a period,
/// firm receipts 40 in p1 and 20 in p3 (no row for p2 = 0).
/// p1 avail 10 − 30 = −20, PR 40, POH 20, NR 5 + 20 = 25; p2 avail −10, POH −10 (short 10),
/// NR 15; p3 avail −40, PR 20, POH −20 (short 20), NR 45. Its child (1 per unit, no stock)
/// gets the firm receipts as gross requirements: 40, 0, 20.
#[test]
fn master_scheduled_item_is_not_netted_and_reports_its_shortages() {
    let plan = Plan {
        settings: settings(3),
        items: vec![
            Item {
                on_hand: 10.0,
                safety_stock: 5.0,
                ..item("MS", ItemKind::Finished)
            },
            item("PART", ItemKind::Material),
        ],
        bom: vec![bom("MS", "PART", 1.0)],
        demand: vec![
            demand("MS", 1, 30.0),
            demand("MS", 2, 30.0),
            demand("MS", 3, 30.0),
        ],
        master_schedule: vec![
            MasterScheduleRow {
                item: "MS".to_string(),
                period: 1,
                qty: 40.0,
            },
            MasterScheduleRow {
                item: "MS".to_string(),
                period: 3,
                qty: 20.0,
            },
        ],
        ..Plan::default()
    };
    let analysis = analysis_of(&plan);
    let ms = record(&analysis, &plan, "MS");
    assert_row(&ms.planned_receipts, &[40.0, 0.0, 20.0], "planned receipts");
    assert_row(&ms.on_hand, &[20.0, -10.0, -20.0], "on hand");
    assert_row(&ms.net, &[25.0, 15.0, 45.0], "net");
    let part = record(&analysis, &plan, "PART");
    assert_row(part.gross, &[40.0, 0.0, 20.0], "child gross");
    let shortage = |period: i64, qty: f64| MrpException {
        item: "MS".to_string(),
        kind: ExceptionKind::Shortage,
        period,
        release_period: None,
        qty,
    };
    assert_eq!(
        analysis.mrp.exceptions,
        vec![shortage(2, 10.0), shortage(3, 20.0)]
    );
    // Negative stock holds no value: V = 20 · 0 (no cost) in every period.
    assert_row(&analysis.mrp.inventory_value, &[0.0, 0.0, 0.0], "value");
}

/// Lead time 2, demand 10 in p1, 20 in p2 and 5 in p4: the receipts of p1 and p2 should have
/// been released in periods −1 and 0, so both are released in period 1 and reported past due;
/// p4's is released in p2. Releases 30, 5, 0, 0. In JSON the exceptions read
/// `{"item", "kind": "past_due", "period", "release_period", "qty"}`.
#[test]
fn past_due_release_goes_into_period_one_and_is_reported() {
    let plan = Plan {
        settings: settings(4),
        items: vec![Item {
            lead_time: 2,
            ..item("LATE", ItemKind::Material)
        }],
        demand: vec![
            demand("LATE", 1, 10.0),
            demand("LATE", 2, 20.0),
            demand("LATE", 4, 5.0),
        ],
        ..Plan::default()
    };
    let analysis = analysis_of(&plan);
    let late = record(&analysis, &plan, "LATE");
    assert_row(late.planned_releases, &[30.0, 5.0, 0.0, 0.0], "releases");
    let past_due = |period: i64, release_period: i64, qty: f64| MrpException {
        item: "LATE".to_string(),
        kind: ExceptionKind::PastDue,
        period,
        release_period: Some(release_period),
        qty,
    };
    assert_eq!(
        analysis.mrp.exceptions,
        vec![past_due(1, -1, 10.0), past_due(2, 0, 20.0)]
    );
    let json = serde_json::to_value(&analysis).expect("json");
    assert_eq!(
        json["mrp"]["exceptions"][0],
        serde_json::json!({"item": "LATE", "kind": "past_due", "period": 1,
                           "release_period": -1, "qty": 10.0})
    );
}

/// Resource M: 1 unit × 40 h × efficiency 1, fixed 112 a week. Calendar: week 2 at 0.8 (32 h),
/// week 3 a shutdown (0 h). Item X takes 1 h a unit on M, demand 10 a week → load 10 h a week.
/// Utilisation 0.25, 0.3125, null (load without hours), 0.25; total 40/112 = 0.357143; peak
/// 0.3125. Fixed rate = 112 · 4 / 112 h = 4 €/h, so X's full unit cost is 4 (no variable rate)
/// and the idle cost 448 − 4 · 40 = 288. A maintenance day on a second machine (resource_periods
/// row, 32 h in week 1) sets its hours there alone.
#[test]
fn calendar_week_at_0_8_and_a_shutdown_set_available_hours_and_the_fixed_rate() {
    let machine = |code: &str| Resource {
        code: code.to_string(),
        hours_per_period: 40.0,
        fixed_cost_per_period: 112.0,
        ..Resource::default()
    };
    let plan = Plan {
        settings: settings(4),
        items: vec![item("X", ItemKind::Finished)],
        resources: vec![machine("M"), machine("SPARE")],
        routing: vec![RoutingStep {
            item: "X".to_string(),
            seq: 10,
            resource: "M".to_string(),
            run_min: 60.0,
            ..RoutingStep::default()
        }],
        demand: (1..=4).map(|t| demand("X", t, 10.0)).collect(),
        calendar: vec![
            CalendarPeriod {
                period: 2,
                working_share: 0.8,
            },
            CalendarPeriod {
                period: 3,
                working_share: 0.0,
            },
        ],
        resource_periods: vec![ResourcePeriod {
            resource: "SPARE".to_string(),
            period: 1,
            units: None,
            hours_per_period: Some(32.0),
            overtime_hours: None,
        }],
        ..Plan::default()
    };
    let analysis = analysis_of(&plan);
    let m = &analysis.capacity.resources[0];
    assert_row(&m.available, &[40.0, 32.0, 0.0, 40.0], "M available");
    assert_row(&m.load, &[10.0, 10.0, 10.0, 10.0], "M load");
    assert_eq!(
        m.utilization,
        vec![Some(0.25), Some(0.3125), None, Some(0.25)]
    );
    assert_close(
        m.total_utilization.unwrap_or(f64::NAN),
        40.0 / 112.0,
        "total",
    );
    assert_eq!(m.peak_utilization, Some(0.3125));
    let spare = &analysis.capacity.resources[1];
    assert_row(
        &spare.available,
        &[32.0, 32.0, 0.0, 40.0],
        "SPARE available",
    );
    assert_close(
        analysis.cost.items[0].full_unit_cost,
        4.0,
        "X full unit cost",
    );
    assert_close(analysis.cost.idle[0].idle_cost, 288.0, "M idle cost");
    let json = serde_json::to_value(&analysis).expect("json");
    let utilization = &json["capacity"]["resources"][0]["utilization"];
    assert_eq!(utilization, &serde_json::json!([0.25, 0.3125, null, 0.25]));
}

/// Pegging on Stevenson's structure with two changes: A's routing step yields 0.8, so each A
/// released starts e_1 = 1 / 0.8 = 1.25 units and needs 1.25 · qty of each child, and D is also
/// sold as a spare (30 in week 5). A still nets to releases p5 70 and p7 150 (its own yield does
/// not change its record).
/// - C (2 per A, so 2.5 per A released): GR p5 70 · 2.5 = 175, p7 150 · 2.5 = 375. POH 10, 10,
///   60, 60; p5 avail 60 − 175 = −115 → PR 115 (above the minimum 100), POH 0; p7 PR 375.
///   Releases (lead 1) p4 115, p6 375.
/// - D (1 per A → 1.25 per A released; 2 per C, no routing → 2): GR p4 2 · 115 = 230 from C,
///   p5 30 demand + 1.25 · 70 = 87.5 from A (117.5), p6 2 · 375 = 750 from C, p7 1.25 · 150 =
///   187.5 from A.
#[test]
fn pegging_splits_gross_requirements_into_demand_and_each_parents_release() {
    use opsplan::analytics::mrp::{PegSource, pegging};
    let mut plan = stevenson_plan();
    plan.routing[0].yield_ = 0.8;
    plan.demand.push(demand("D", 5, 30.0));
    let analysis = analysis_of(&plan);
    let material = &analysis.mrp.plan;
    let index = |code: &str| plan.items.iter().position(|i| i.code == code).unwrap_or(99);
    let (a, c, d, e) = (index("A"), index("C"), index("D"), index("E"));
    let z = 0.0;
    assert_row(
        record(&analysis, &plan, "D").gross,
        &[z, z, z, 230.0, 117.5, 750.0, 187.5, z],
        "D gross",
    );
    let pegged = pegging(material, d);
    let parts: Vec<(i64, f64, Option<usize>, f64)> = pegged
        .requirements
        .iter()
        .map(|part| match part.source {
            PegSource::Demand => (part.period, part.qty, None, 0.0),
            PegSource::Parent { item, release, .. } => (part.period, part.qty, Some(item), release),
        })
        .collect();
    let expected = [
        (4, 230.0, Some(c), 115.0),
        (5, 30.0, None, 0.0),
        (5, 87.5, Some(a), 70.0),
        (6, 750.0, Some(c), 375.0),
        (7, 187.5, Some(a), 150.0),
    ];
    assert_eq!(parts.len(), expected.len(), "{parts:?}");
    for (got, want) in parts.iter().zip(expected) {
        assert_eq!((got.0, got.2), (want.0, want.2), "{parts:?}");
        assert_close(got.1, want.1, "pegged qty");
        assert_close(got.3, want.3, "parent release");
    }
    // D's parents in BOM row order: A (qty 1, 1.25 per A released) and C (qty 2, 2 per C).
    let parents: Vec<(usize, f64, f64)> = (pegged.parents.iter())
        .map(|l| (l.item, l.qty, l.per_release))
        .collect();
    assert_eq!(parents.len(), 2);
    assert_eq!((parents[0].0, parents[0].1), (a, 1.0));
    assert_close(parents[0].2, 1.25, "D per A released");
    assert_eq!(parents[1], (c, 2.0, 2.0));
    assert!(pegged.children.is_empty(), "D is a bought part");
    // C's children: D (2 per C) and E (3 per C); its one parent is A (2 per A, 2.5 released).
    let of_c = pegging(material, c);
    let children: Vec<(usize, f64)> = of_c.children.iter().map(|l| (l.item, l.qty)).collect();
    assert_eq!(children, vec![(d, 2.0), (e, 3.0)]);
    assert_eq!(of_c.parents.len(), 1);
    assert_close(of_c.parents[0].per_release, 2.5, "C per A released");
    // A has only its own demand: p6 100 and p8 150.
    let of_a = pegging(material, a);
    let demand_only: Vec<(i64, f64)> = (of_a.requirements.iter())
        .map(|p| (p.period, p.qty))
        .collect();
    assert_eq!(demand_only, vec![(6, 100.0), (8, 150.0)]);
    assert!(
        (of_a.requirements.iter()).all(|p| p.source == PegSource::Demand),
        "A has no parents"
    );
    assert_eq!(pegging(material, 99), Default::default());
}
