//! The material plan section (DESIGN.md §5): exceptions, inventory value and the time-phased
//! records, and the long-form `mrp.csv` table.

use std::collections::HashMap;

use super::{Block, Cell, DocSection, ReportInput, Table, num, text};

/// Items whose records the HTML/PDF report prints: those with exceptions, then those with the
/// highest stock value, at most this many.
const MRP_RECORDS: usize = 10;

/// Most items whose records the XLSX report's "Material plan" sheet holds. A plan with more
/// items gets the records of those with exceptions, then those with the highest stock value
/// (see [`mrp_sheet_items`]); `mrp.csv` always holds every item.
pub const XLSX_MRP_ITEMS: usize = 200;

/// The material plan section: exceptions, inventory value per period and the records of the
/// items with exceptions or the most capital in stock.
pub(super) fn mrp_section(input: &ReportInput) -> DocSection {
    let material = &input.analysis.mrp;
    let mut blocks = vec![Block::Note(format!(
        "Average inventory value {:.2}; holding cost {:.2}; ordering cost {:.2}; {} exceptions.",
        material.average_inventory_value,
        material.holding_cost,
        material.ordering_cost,
        material.exceptions.len()
    ))];
    blocks.push(Block::Table(mrp_exceptions_table(input)));
    blocks.push(Block::Table(inventory_value_table(input)));
    let chosen = ranked_record_items(input, MRP_RECORDS, true);
    blocks.push(Block::Table(mrp_table(input, Some(&chosen))));
    DocSection {
        id: "mrp",
        title: "Material plan",
        blocks,
    }
}

/// The items of the XLSX "Material plan" sheet and the note that says the rule: `None` (every
/// item, no note) for a plan of at most [`XLSX_MRP_ITEMS`] items; else the records of
/// [`XLSX_MRP_ITEMS`] items, every item with an exception first, then the highest stock value.
pub fn mrp_sheet_items(input: &ReportInput) -> Option<(Vec<usize>, String)> {
    let count = input.analysis.mrp.plan.item_count();
    if count <= XLSX_MRP_ITEMS {
        return None;
    }
    let chosen = ranked_record_items(input, XLSX_MRP_ITEMS, false);
    let note = format!(
        "The records of {} of the plan's {count} items: every item with an exception first, \
         then those with the highest stock value (Σ on hand × unit cost over the periods \
         shown). mrp.csv holds every item.",
        chosen.len()
    );
    Some((chosen, note))
}

/// Item indices whose records a report prints, at most `limit`: every item with an exception
/// (in the periods shown) first, in exception order; then the others by stock value
/// `Σ_t max(0, POH_i,t) · unit_cost_i` over the periods shown, highest first, ties in plan
/// order. `with_stock_only` leaves out items without stock value; items whose record is all
/// zeros in the periods shown (no rows to print) are always left out.
fn ranked_record_items(input: &ReportInput, limit: usize, with_stock_only: bool) -> Vec<usize> {
    let material = &input.analysis.mrp;
    let plan = input.plan;
    let index_of: HashMap<&str, usize> = (plan.items.iter().enumerate())
        .map(|(index, item)| (item.code.as_str(), index))
        .collect();
    let mut taken = vec![false; plan.items.len()];
    let mut chosen: Vec<usize> = Vec::new();
    let exceptions = (material.exceptions.iter()).filter(|e| input.range.contains(e.period));
    for exception in exceptions {
        if chosen.len() >= limit {
            return chosen;
        }
        if let Some(&index) = index_of.get(exception.item.as_str())
            && let Some(slot) = taken.get_mut(index)
            && !*slot
        {
            *slot = true;
            chosen.push(index);
        }
    }
    let mut by_value: Vec<(usize, f64)> = (0..plan.items.len())
        .filter(|&item| !taken[item])
        .filter_map(|item| {
            let record = material.plan.record(item)?;
            let unit_cost = input.analysis.cost.items.get(item)?.unit_cost;
            let stock: f64 = (input.range.indexes())
                .filter_map(|t| record.on_hand.get(t))
                .map(|q| q.max(0.0))
                .sum();
            Some((item, stock * unit_cost))
        })
        .filter(|(_, value)| *value > 0.0 || !with_stock_only)
        .collect();
    // A stable sort keeps plan order among equal values.
    by_value.sort_by(|a, b| b.1.total_cmp(&a.1));
    let has_rows = |item: usize| {
        material.plan.record(item).is_some_and(|record| {
            input.range.indexes().any(|t| {
                record
                    .rows()
                    .iter()
                    .any(|values| values.get(t).is_some_and(|v| *v != 0.0))
            })
        })
    };
    for (item, _) in by_value {
        if chosen.len() >= limit {
            break;
        }
        if has_rows(item) {
            chosen.push(item);
        }
    }
    chosen
}

/// Past-due orders and shortages (DESIGN.md §5), in the periods shown.
pub fn mrp_exceptions_table(input: &ReportInput) -> Table {
    let mut table = Table::new(
        "mrp_exceptions",
        "Material plan exceptions",
        &[
            text("item", "Item"),
            text("kind", "Kind"),
            num("period", "Period", 0),
            num("release_period", "Release period", 0),
            num("qty", "Quantity", 2),
        ],
    );
    for exception in &input.analysis.mrp.exceptions {
        if input.range.contains(exception.period) {
            table.rows.push(vec![
                Cell::text(exception.item.clone()),
                Cell::text(exception.kind.as_str()),
                Cell::Number(exception.period as f64),
                Cell::number(exception.release_period.map(|p| p as f64)),
                Cell::Number(exception.qty),
            ]);
        }
    }
    table
}

/// Inventory value per period shown: the capital tied in stock.
pub fn inventory_value_table(input: &ReportInput) -> Table {
    let mut table = Table::new(
        "inventory_value",
        "Inventory value",
        &[
            num("period", "Period", 0),
            num("value", "Inventory value", 2),
        ],
    );
    for (t, value) in input.analysis.mrp.inventory_value.iter().enumerate() {
        if input.range.contains(t as i64 + 1) {
            table
                .rows
                .push(vec![Cell::Number(t as f64 + 1.0), Cell::Number(*value)]);
        }
    }
    table
}

/// The time-phased records in long form (`mrp.csv`): one row per item and period shown with
/// any non-zero value, for the chosen items (in the order given) or every item (plan order).
pub fn mrp_table(input: &ReportInput, items: Option<&[usize]>) -> Table {
    let mut table = Table::new(
        "mrp",
        "Time-phased records",
        &[
            text("item", "Item"),
            num("period", "Period", 0),
            num("gross", "Gross", 2),
            num("receipts", "Scheduled receipts", 2),
            num("on_hand", "On hand", 2),
            num("net", "Net", 2),
            num("planned_receipts", "Planned receipts", 2),
            num("planned_releases", "Planned releases", 2),
        ],
    );
    let material = &input.analysis.mrp.plan;
    let all: Vec<usize>;
    let items = match items {
        Some(items) => items,
        None => {
            all = (0..material.item_count()).collect();
            &all
        }
    };
    for &item in items {
        let Some(record) = material.record(item) else {
            continue;
        };
        for t in input.range.indexes() {
            let values: Vec<f64> = (record.rows().iter())
                .map(|row| row.get(t).copied().unwrap_or(0.0))
                .collect();
            if values.iter().all(|v| *v == 0.0) {
                continue;
            }
            let mut row = vec![
                Cell::text(record.item.to_string()),
                Cell::Number(t as f64 + 1.0),
            ];
            row.extend(values.into_iter().map(Cell::Number));
            table.rows.push(row);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Demand, Item, ItemKind, MasterScheduleRow, Plan, PlanSettings};
    use crate::report::{PeriodRange, ReportOptions};

    /// Two periods, four bought items (unit cost = purchase cost):
    /// A: 5 demanded in period 1, no stock — stock value 0;
    /// B: cost 1, 10 on hand, 2 demanded in period 1 — stock 8 + 8, value 16;
    /// C: cost 2, master-scheduled 0 in period 1 against 10 demanded in period 2 — on hand
    ///    0 then −10: a shortage in period 2;
    /// D: cost 10, 5 on hand, nothing demanded — stock 5 + 5, value 100.
    fn plan() -> Plan {
        let item = |code: &str, cost: f64, on_hand: f64| Item {
            code: code.into(),
            kind: ItemKind::Material,
            purchase_cost: cost,
            on_hand,
            ..Item::default()
        };
        let demand = |item: &str, period: i64, qty: f64| Demand {
            item: item.into(),
            period,
            qty,
        };
        Plan {
            settings: PlanSettings {
                periods: 2,
                ..PlanSettings::default()
            },
            items: vec![
                item("A", 1.0, 0.0),
                item("B", 1.0, 10.0),
                item("C", 2.0, 0.0),
                item("D", 10.0, 5.0),
            ],
            demand: vec![
                demand("A", 1, 5.0),
                demand("B", 1, 2.0),
                demand("C", 2, 10.0),
            ],
            master_schedule: vec![MasterScheduleRow {
                item: "C".into(),
                period: 1,
                qty: 0.0,
            }],
            ..Plan::default()
        }
    }

    #[test]
    fn records_rank_exceptions_first_then_stock_value_within_the_limit() {
        let plan = plan();
        let analysis = crate::analytics::analyze(&plan).expect("a valid plan");
        let options = ReportOptions::default();
        let mut input = ReportInput {
            plan: &plan,
            analysis: &analysis,
            options: &options,
            range: PeriodRange { from: 1, to: 2 },
        };
        // C (shortage), then D (100), B (16); A has no stock value.
        assert_eq!(ranked_record_items(&input, 10, true), vec![2, 3, 1]);
        // Filling up with items without stock takes them in plan order.
        assert_eq!(ranked_record_items(&input, 10, false), vec![2, 3, 1, 0]);
        assert_eq!(ranked_record_items(&input, 2, false), vec![2, 3]);
        // Period 1 alone: C's shortage (period 2) is outside; D (50) before B (8); C's record
        // in period 1 is all zeros, so it has no rows to print.
        input.range = PeriodRange { from: 1, to: 1 };
        assert_eq!(ranked_record_items(&input, 10, false), vec![3, 1, 0]);
        // Four items fit the XLSX sheet: every record, no note.
        assert!(mrp_sheet_items(&input).is_none());
    }
}
