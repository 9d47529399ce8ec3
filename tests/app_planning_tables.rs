//! The generic table commands on the tables and columns of MRP, levelling, forecasting and OEE
//! (DESIGN.md §1): typed cells, drop-down words, empty optional cells, paste and undo, the same
//! path the table editor takes.

use opsplan::app::command::{ColumnKind, parse_cell, split_clipboard};
use opsplan::app::{Command, Document, TableKind};
use opsplan::domain::{
    ForecastMethod, Item, ItemKind, OrderPolicy, Plan, PlanSettings, ProductionLogRow, Resource,
};

fn document() -> Document {
    Document::from_plan(Plan {
        settings: PlanSettings {
            name: "Shop".to_string(),
            periods: 4,
            ..PlanSettings::default()
        },
        items: vec![Item {
            code: "BIKE".to_string(),
            kind: ItemKind::Finished,
            ..Item::default()
        }],
        resources: vec![Resource {
            code: "PAINT".to_string(),
            ..Resource::default()
        }],
        ..Plan::default()
    })
}

fn apply(doc: &mut Document, command: Command) {
    if let Err(error) = doc.apply(command) {
        panic!("command refused: {error}");
    }
}

fn undo(doc: &mut Document) {
    assert!(matches!(doc.undo(), Ok(true)), "nothing to undo");
}

fn column(table: TableKind, field: &str) -> usize {
    match table.column_index(field) {
        Some(index) => index,
        None => panic!("{} has no column {field}", table.name()),
    }
}

fn set(doc: &mut Document, table: TableKind, row: usize, field: &str, text: &str) {
    apply(
        doc,
        Command::SetCell {
            table,
            row,
            column: column(table, field),
            text: text.to_string(),
        },
    );
}

#[test]
fn the_items_editor_edits_the_planning_fields_and_undo_restores_them() {
    let mut doc = document();
    let items = TableKind::Items;
    assert_eq!(
        items.columns()[column(items, "order_policy")].kind,
        ColumnKind::Choice(&["lot_for_lot", "fixed", "poq", "eoq", "wagner_whitin"])
    );
    set(&mut doc, items, 0, "lead_time", "2");
    set(&mut doc, items, 0, "order_policy", "poq");
    set(&mut doc, items, 0, "order_periods", "3");
    set(&mut doc, items, 0, "on_hand", "1,250");
    let bike = &doc.plan().items[0];
    assert_eq!(
        (bike.lead_time, bike.order_policy, bike.order_periods),
        (2, OrderPolicy::Poq, Some(3))
    );
    assert_eq!(bike.on_hand, 1250.0);
    set(&mut doc, items, 0, "order_periods", "");
    assert_eq!(doc.plan().items[0].order_periods, None);
    doc.refresh_analysis();
    assert!(
        doc.problems().iter().any(|p| p.to_string()
            == "items row 1 (BIKE), field order_periods: is required by order_policy poq \
                (the periods one order covers)"),
        "{:?}",
        doc.problems()
    );
    for _ in 0..5 {
        undo(&mut doc);
    }
    assert_eq!(doc.plan().items[0], document().plan().items[0]);
}

#[test]
fn the_resources_editor_edits_overtime() {
    let mut doc = document();
    let resources = TableKind::Resources;
    set(&mut doc, resources, 0, "overtime_hours_per_period", "8");
    set(&mut doc, resources, 0, "overtime_premium_per_hour", "12.5");
    let paint = &doc.plan().resources[0];
    assert_eq!(
        (
            paint.overtime_hours_per_period,
            paint.overtime_premium_per_hour
        ),
        (8.0, Some(12.5))
    );
    set(&mut doc, resources, 0, "overtime_premium_per_hour", " ");
    assert_eq!(doc.plan().resources[0].overtime_premium_per_hour, None);
}

#[test]
fn a_new_row_of_each_new_table_is_one_undo_step() {
    let new_tables = [
        TableKind::Receipts,
        TableKind::MasterSchedule,
        TableKind::Calendar,
        TableKind::ResourcePeriods,
        TableKind::History,
        TableKind::ForecastSettings,
        TableKind::ProductionLog,
        TableKind::Downtime,
    ];
    for table in new_tables {
        let mut doc = document();
        let reference = table.columns().iter().position(|c| {
            matches!(
                c.kind,
                ColumnKind::Reference(_) | ColumnKind::OptionalReference(_)
            )
        });
        let code = match reference.map(|i| table.columns()[i].kind) {
            Some(ColumnKind::Reference(TableKind::Resources)) => "PAINT",
            _ => "BIKE",
        };
        apply(
            &mut doc,
            Command::AddRow {
                table,
                preset: reference
                    .map(|i| (i, code.to_string()))
                    .into_iter()
                    .collect(),
            },
        );
        assert_eq!(doc.row_count(table), 1, "{}", table.name());
        undo(&mut doc);
        assert_eq!(doc.row_count(table), 0, "{}", table.name());
    }
}

#[test]
fn a_pasted_block_fills_the_production_log_with_empty_cells_as_none() {
    let mut doc = document();
    let table = TableKind::ProductionLog;
    // resource, period, item, planned_min, downtime_min, ideal_cycle_min, total_count, good_count
    // A block copied from a spreadsheet: empty item and good_count cells in the second row.
    let clipboard = "PAINT\t-1\tBIKE\t2780\t960\t0.9606\t1626\t1618\r\n\
                     PAINT\t0\t\t480\t0\t2\t100\t\r\n";
    apply(
        &mut doc,
        Command::PasteCells {
            table,
            rows: Vec::new(),
            top: 0,
            left: 0,
            cells: split_clipboard(clipboard),
            preset: Vec::new(),
        },
    );
    assert_eq!(
        doc.plan().production_log,
        vec![
            ProductionLogRow {
                resource: "PAINT".to_string(),
                period: -1,
                item: Some("BIKE".to_string()),
                planned_min: 2780.0,
                downtime_min: 960.0,
                ideal_cycle_min: 0.9606,
                total_count: 1626,
                good_count: Some(1618),
            },
            ProductionLogRow {
                resource: "PAINT".to_string(),
                period: 0,
                item: None,
                planned_min: 480.0,
                downtime_min: 0.0,
                ideal_cycle_min: 2.0,
                total_count: 100,
                good_count: None,
            },
        ]
    );
    doc.refresh_analysis();
    assert!(doc.analysis().is_some_and(|a| a.is_ok()));
    undo(&mut doc);
    assert!(doc.plan().production_log.is_empty());
}

#[test]
fn forecast_settings_take_a_method_word_and_refuse_others() {
    let mut doc = document();
    let table = TableKind::ForecastSettings;
    apply(
        &mut doc,
        Command::AddRow {
            table,
            preset: vec![(column(table, "item"), "BIKE".to_string())],
        },
    );
    set(&mut doc, table, 0, "method", "Holt_Winters");
    set(&mut doc, table, 0, "season_length", "52");
    let setting = &doc.plan().forecast_settings[0];
    assert_eq!(
        (setting.method, setting.season_length, setting.window),
        (ForecastMethod::HoltWinters, Some(52), 3)
    );
    let method = table.columns()[column(table, "method")];
    assert_eq!(
        parse_cell(table, 0, &method, "arima").map_err(|e| e.to_string()),
        Err(
            "forecast_settings row 1, field method: \"arima\" is not one of auto, \
             moving_average, ses, holt, holt_winters, croston"
                .to_string()
        )
    );
}
