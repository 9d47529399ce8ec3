//! The levelling section (DESIGN.md §6), for a plan with a master schedule: the schedule with
//! the demand it serves and the stock it builds, and the overtime the resulting load needs.
//!
//! Everything comes from the plan's own analysis, so the section agrees with the Capacity and
//! material-plan sections: the material plan does not net a master-scheduled item, so its
//! projected on-hand is the stock built ahead (negative: units owed late), and the capacity
//! load (setups included) is set against available hours and the overtime each resource may
//! add (resource_periods overtime_hours, else overtime_hours_per_period).

use crate::domain::count_of;
use std::collections::HashMap;

use super::super::chart::{Chart, Series, StackedBars};
use super::{Block, Cell, DocSection, ReportInput, Table, num, text};
use crate::analytics::availability::Availability;
use crate::domain::period_label;

/// Items drawn one by one in the stock chart (one colour each); the rest are summed.
const STOCK_CHART_ITEMS: usize = 3;

/// Loads above available by more than this share of the period's hours need overtime.
const FIT_TOLERANCE: f64 = 1e-6;

/// One master-scheduled item: its code, unit costs and per-period figures.
struct Scheduled<'a> {
    code: &'a str,
    /// Cost of holding one unit a period and of one unit a period late.
    holding: f64,
    backorder: f64,
    demand: Vec<f64>,
    schedule: Vec<f64>,
    /// Projected on-hand of the material plan (negative = owed late).
    position: Vec<f64>,
}

/// The master-scheduled items in plan order, with demand, schedule and projected stock.
fn scheduled_items<'a>(input: &ReportInput<'a>) -> Vec<Scheduled<'a>> {
    let plan = input.plan;
    let periods = usize::try_from(plan.settings.periods).unwrap_or(0);
    let slot = |period: i64| usize::try_from(period - 1).ok().filter(|t| *t < periods);
    let mut by_code: HashMap<&str, (Vec<f64>, Vec<f64>)> = HashMap::new();
    for row in &plan.master_schedule {
        let entry = by_code
            .entry(row.item.as_str())
            .or_insert_with(|| (vec![0.0; periods], vec![0.0; periods]));
        if let Some(cell) = slot(row.period).and_then(|t| entry.1.get_mut(t)) {
            *cell += row.qty;
        }
    }
    for row in &plan.demand {
        if let Some(entry) = by_code.get_mut(row.item.as_str())
            && let Some(cell) = slot(row.period).and_then(|t| entry.0.get_mut(t))
        {
            *cell += row.qty;
        }
    }
    let per_year = plan.settings.periods_per_year();
    let material = &input.analysis.mrp.plan;
    (plan.items.iter().enumerate())
        .filter_map(|(index, item)| {
            let (demand, schedule) = by_code.remove(item.code.as_str())?;
            let unit_cost = input
                .analysis
                .cost
                .items
                .get(index)
                .map_or(0.0, |c| c.unit_cost);
            let holding = unit_cost * plan.settings.holding_rate / per_year;
            let position = material
                .record(index)
                .map_or_else(|| vec![0.0; periods], |record| record.on_hand.to_vec());
            Some(Scheduled {
                code: item.code.as_str(),
                holding,
                backorder: item
                    .backorder_cost
                    .unwrap_or(plan.settings.backorder_factor * holding),
                demand,
                schedule,
                position,
            })
        })
        .collect()
}

/// The master schedule in long form: per master-scheduled item and period shown, its demand,
/// the scheduled quantity, the stock at the end of the period and the units owed late.
pub fn level_schedule_table(input: &ReportInput) -> Table {
    let mut table = Table::new(
        "level_schedule",
        "Master schedule, demand and stock",
        &[
            text("item", "Item"),
            num("period", "Period", 0),
            num("demand", "Demand", 2),
            num("scheduled", "Master schedule", 2),
            num("stock", "Stock", 2),
            num("late", "Late", 2),
        ],
    );
    for item in scheduled_items(input) {
        for t in input.range.indexes() {
            let at = |values: &[f64]| values.get(t).copied().unwrap_or(0.0);
            let position = at(&item.position);
            let values = [
                at(&item.demand),
                at(&item.schedule),
                position.max(0.0),
                (-position).max(0.0),
            ];
            if values.iter().all(|v| *v == 0.0) {
                continue;
            }
            let mut row = vec![Cell::text(item.code), Cell::Number(t as f64 + 1.0)];
            row.extend(values.into_iter().map(Cell::Number));
            table.rows.push(row);
        }
    }
    table
}

/// The resource-periods whose load exceeds the available hours, in the periods shown: the
/// overtime that covers it (up to what the resource may add), at its premium, and the hours
/// still beyond.
pub fn level_overtime_table(input: &ReportInput) -> Table {
    let mut table = Table::new(
        "level_overtime",
        "Overtime the load needs",
        &[
            text("resource", "Resource"),
            num("period", "Period", 0),
            num("available", "Available h", 1),
            num("overtime_allowed", "Allowed h", 1),
            num("load", "Load h", 1),
            num("overtime", "Overtime h", 1),
            num("beyond_overtime", "Beyond h", 1),
            num("overtime_cost", "Premium", 2),
        ],
    );
    let plan = input.plan;
    let availability = Availability::new(plan);
    let loads = &input.analysis.capacity.resources;
    for (r, (resource, load)) in plan.resources.iter().zip(loads).enumerate() {
        let allowed = availability.overtime(r);
        for t in input.range.indexes() {
            let available = load.available.get(t).copied().unwrap_or(0.0);
            let hours = load.load.get(t).copied().unwrap_or(0.0);
            let excess = hours - available;
            if excess <= FIT_TOLERANCE * available.max(1.0) {
                continue;
            }
            let most = allowed.get(t).copied().unwrap_or(0.0);
            let overtime = excess.min(most);
            table.rows.push(vec![
                Cell::text(resource.code.clone()),
                Cell::Number(t as f64 + 1.0),
                Cell::Number(available),
                Cell::Number(most),
                Cell::Number(hours),
                Cell::Number(overtime),
                Cell::Number(excess - overtime),
                Cell::Number(overtime * resource.overtime_premium()),
            ]);
        }
    }
    table
}

/// Stock at the end of each period shown, stacked by master-scheduled item (the largest
/// first, the rest together).
fn stock_chart(input: &ReportInput, items: &[Scheduled]) -> Chart {
    let settings = &input.plan.settings;
    let shown = input.range.indexes();
    let stock = |item: &Scheduled| -> Vec<f64> {
        shown
            .clone()
            .map(|t| item.position.get(t).copied().unwrap_or(0.0).max(0.0))
            .collect()
    };
    let mut ranked: Vec<(f64, &Scheduled)> = (items.iter())
        .map(|item| (stock(item).iter().sum::<f64>(), item))
        .filter(|(total, _)| *total > 0.0)
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut series: Vec<Series> = (ranked.iter().take(STOCK_CHART_ITEMS))
        .map(|(_, item)| Series {
            name: item.code.to_string(),
            values: stock(item),
        })
        .collect();
    if ranked.len() > STOCK_CHART_ITEMS {
        let mut values = vec![0.0; shown.len()];
        for (_, item) in ranked.iter().skip(STOCK_CHART_ITEMS) {
            for (sum, value) in values.iter_mut().zip(stock(item)) {
                *sum += value;
            }
        }
        series.push(Series {
            name: format!("{} other items", ranked.len() - STOCK_CHART_ITEMS),
            values,
        });
    }
    Chart::StackedBars(StackedBars {
        title: "Stock of the master-scheduled items at the end of each period".to_string(),
        categories: shown
            .map(|t| period_label(settings, t as i64 + 1))
            .collect(),
        series,
    })
}

/// The levelling section: a summary of the schedule's cost, the stock chart, the schedule and
/// the overtime tables.
pub(super) fn level_section(input: &ReportInput) -> DocSection {
    let items = scheduled_items(input);
    let (mut holding, mut backorder, mut late) = (0.0, 0.0, 0.0);
    for item in &items {
        for position in &item.position {
            holding += item.holding * position.max(0.0);
            backorder += item.backorder * (-position).max(0.0);
            late += (-position).max(0.0);
        }
    }
    let overtime = level_overtime_table(input);
    let column = |key: &str| overtime.columns.iter().position(|c| c.key == key);
    let sum = |key: &str| -> f64 {
        column(key).map_or(0.0, |k| {
            (overtime.rows.iter())
                .filter_map(|row| row.get(k).and_then(Cell::value))
                .sum()
        })
    };
    let currency = &input.plan.settings.currency;
    let mut note = format!(
        "The master schedule fixes {} in {}. Holding their stock costs {:.2} {currency}; \
         {:.1} unit-periods are late (backorder cost {:.2} {currency}). The load needs {:.1} overtime hours \
         in the periods shown (premium {:.2} {currency}).",
        count_of(items.len(), "item", "items"),
        count_of(input.plan.master_schedule.len(), "row", "rows"),
        holding,
        late,
        backorder,
        sum("overtime"),
        sum("overtime_cost"),
    );
    let beyond = sum("beyond_overtime");
    if beyond > 0.0 {
        note.push_str(&format!(
            " {beyond:.1} hours are beyond the overtime allowed: the load counts setups, which the \
             levelling LP (a rough cut) does not."
        ));
    }
    DocSection {
        id: "level",
        title: "Levelling",
        blocks: vec![
            Block::Note(note),
            Block::Chart(stock_chart(input, &items)),
            Block::Table(level_schedule_table(input)),
            Block::Table(overtime),
        ],
    }
}
