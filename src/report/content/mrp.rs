//! The material plan section (DESIGN.md §5): exceptions, inventory value and the time-phased
//! records, and the long-form `mrp.csv` table.

use super::{Block, Cell, DocSection, ReportInput, Table, num, text};

/// Items whose records the HTML/PDF report prints: those with exceptions, then those with the
/// highest average stock value, at most this many.
const MRP_RECORDS: usize = 10;

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
    let chosen = mrp_record_items(input);
    blocks.push(Block::Table(mrp_table(input, Some(&chosen))));
    DocSection {
        id: "mrp",
        title: "Material plan",
        blocks,
    }
}

/// Item indices (plan order) whose records the document prints: every item with an exception
/// first, then the highest average stock value, up to [`MRP_RECORDS`].
fn mrp_record_items(input: &ReportInput) -> Vec<usize> {
    let material = &input.analysis.mrp;
    let plan = input.plan;
    let mut chosen: Vec<usize> = Vec::new();
    for exception in &material.exceptions {
        if let Some(index) = plan.items.iter().position(|i| i.code == exception.item)
            && !chosen.contains(&index)
            && chosen.len() < MRP_RECORDS
        {
            chosen.push(index);
        }
    }
    let mut by_value: Vec<(usize, f64)> = (0..plan.items.len())
        .filter_map(|item| {
            let record = material.plan.record(item)?;
            let unit_cost = input.analysis.cost.items.get(item)?.unit_cost;
            let stock: f64 = record.on_hand.iter().map(|q| q.max(0.0)).sum();
            Some((item, stock * unit_cost))
        })
        .filter(|(_, value)| *value > 0.0)
        .collect();
    by_value.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (item, _) in by_value {
        if chosen.len() >= MRP_RECORDS {
            break;
        }
        if !chosen.contains(&item) {
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
/// any non-zero value, for the chosen items (plan order) or every item.
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
            let values = [
                record.gross.get(t),
                record.receipts.get(t),
                record.on_hand.get(t),
                record.net.get(t),
                record.planned_receipts.get(t),
                record.planned_releases.get(t),
            ];
            let values: Vec<f64> = values.iter().map(|v| v.copied().unwrap_or(0.0)).collect();
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
