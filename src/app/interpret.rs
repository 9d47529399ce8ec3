//! Command interpretation: turns one [`Command`] into edits of the plan, applied as a
//! transaction that either fully happens (giving the one edit that undoes it) or leaves the
//! plan exactly as it was. The [`super::document::Document`] records the inverse in its history.

use serde_json::Value;

use super::command::{Command, DemandCell, EditError, TableKind, parse_cell, value_text};
use super::history::{Edit, MergeKey, row_count, row_value};
use super::scenarios::{new_scenario, position_of};
use crate::domain::{ForecastSetting, Plan};

/// Applies `command` to `plan` as one transaction. Returns the edit that undoes it, or `None`
/// when the command changed nothing; on error the plan is left exactly as it was.
pub(super) fn interpret(plan: &mut Plan, command: Command) -> Result<Option<Edit>, EditError> {
    let mut transaction = Transaction::new(plan);
    match run_command(&mut transaction, command) {
        Ok(()) => Ok(transaction.commit()),
        Err(error) => {
            transaction.roll_back();
            Err(error)
        }
    }
}

/// Applies edits one at a time and remembers their inverses, so a command either fully
/// happens or (on error) leaves the plan exactly as it was.
struct Transaction<'a> {
    plan: &'a mut Plan,
    inverses: Vec<Edit>,
}

impl<'a> Transaction<'a> {
    fn new(plan: &'a mut Plan) -> Self {
        Transaction {
            plan,
            inverses: Vec::new(),
        }
    }

    fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let inverse = edit.apply(self.plan)?;
        self.inverses.push(inverse);
        Ok(())
    }

    /// The edit that undoes the whole transaction; `None` when nothing was changed.
    fn commit(mut self) -> Option<Edit> {
        match self.inverses.len() {
            0 => None,
            1 => self.inverses.pop(),
            _ => {
                self.inverses.reverse();
                Some(Edit::Batch(self.inverses))
            }
        }
    }

    fn roll_back(self) {
        for inverse in self.inverses.into_iter().rev() {
            // The inverse of an edit just applied always fits the plan it produced.
            let _ = inverse.apply(self.plan);
        }
    }
}

/// The key under which consecutive edits of one cell or setting merge into one undo step.
pub(super) fn merge_key(command: &Command) -> Option<MergeKey> {
    match command {
        Command::SetSettings { field, .. } => Some(MergeKey::Settings(field)),
        Command::SetCell {
            table, row, column, ..
        } => Some(MergeKey::Cell {
            table: *table,
            row: *row,
            column: *column,
        }),
        Command::SetDemand(cells) if cells.len() == 1 => Some(MergeKey::Demand {
            item: cells[0].item.clone(),
            period: cells[0].period,
        }),
        Command::SetForecastSetting {
            item,
            setting: Some(setting),
        } => Some(MergeKey::ForecastSetting {
            item: item.clone(),
            method: setting.method,
        }),
        _ => None,
    }
}

fn run_command(tx: &mut Transaction<'_>, command: Command) -> Result<(), EditError> {
    match command {
        Command::SetSettings { settings, .. } => {
            if settings != tx.plan.settings {
                tx.apply(Edit::Settings(Box::new(settings)))?;
            }
            Ok(())
        }
        Command::SetCell {
            table,
            row,
            column,
            text,
        } => set_cells(tx, table, row, &[(column, text)]),
        Command::AddRow { table, preset } => {
            let index = row_count(tx.plan, table);
            let row = row_with_cells(table, table.default_row(), index, &preset)?;
            tx.apply(Edit::Insert { table, index, row })
        }
        Command::DuplicateRow { table, row } => duplicate_row(tx, table, row),
        Command::DeleteRows { table, mut rows } => {
            rows.sort_unstable();
            rows.dedup();
            for index in rows.into_iter().rev() {
                tx.apply(Edit::Remove { table, index })?;
            }
            Ok(())
        }
        Command::PasteCells {
            table,
            rows,
            top,
            left,
            cells,
            preset,
        } => paste_cells(tx, table, &rows, top, left, cells, &preset),
        Command::SetDemand(cells) => cells.into_iter().try_for_each(|cell| set_demand(tx, cell)),
        Command::SaveScenario { name } => {
            let scenario = new_scenario(tx.plan, &name)?;
            let index = tx.plan.scenarios.len();
            tx.apply(Edit::InsertScenario {
                index,
                scenario: Box::new(scenario),
            })
        }
        Command::DeleteScenario { name } => {
            let index = position_of(tx.plan, &name)?;
            tx.apply(Edit::RemoveScenario { index })
        }
        Command::FreezeLimits {
            characteristic,
            from_subgroup,
            to_subgroup,
        } => freeze_limits(tx, characteristic, from_subgroup, to_subgroup),
        Command::UnfreezeLimits { characteristic } => remove_limits(tx, &characteristic),
        Command::AddMeasurements {
            characteristic,
            values,
            subgroup_size,
        } => add_measurements(tx, &characteristic, &values, subgroup_size),
        Command::ApplyForecast { demand } => {
            if demand != tx.plan.demand {
                tx.apply(Edit::Demand(demand))?;
            }
            Ok(())
        }
        Command::UseMasterSchedule { rows } => {
            if rows != tx.plan.master_schedule {
                tx.apply(Edit::MasterSchedule(rows))?;
            }
            Ok(())
        }
        Command::SetForecastSetting { item, setting } => set_forecast_setting(tx, &item, setting),
        Command::SetHistory { item, values } => set_history(tx, &item, &values),
    }
}

/// Puts `setting` in place of the item's forecast_settings row (or appends it), or removes the
/// row when None.
fn set_forecast_setting(
    tx: &mut Transaction<'_>,
    item: &str,
    setting: Option<ForecastSetting>,
) -> Result<(), EditError> {
    let table = TableKind::ForecastSettings;
    let existing = tx
        .plan
        .forecast_settings
        .iter()
        .position(|s| s.item == item);
    let row = setting
        .map(|setting| ForecastSetting {
            item: item.to_string(),
            ..setting
        })
        .map(|setting| {
            serde_json::to_value(&setting).map_err(|e| EditError::BadRow {
                table: table.name(),
                row: existing.map_or(tx.plan.forecast_settings.len(), |i| i) + 1,
                message: e.to_string(),
            })
        })
        .transpose()?;
    match (existing, row) {
        (Some(index), Some(row)) => tx.apply(Edit::Replace { table, index, row }),
        (Some(index), None) => tx.apply(Edit::Remove { table, index }),
        (None, Some(row)) => {
            let index = tx.plan.forecast_settings.len();
            tx.apply(Edit::Insert { table, index, row })
        }
        (None, None) => Ok(()),
    }
}

/// Replaces the item's history rows by `values` in periods 1 − n..0, appended after the other
/// items' rows.
fn set_history(tx: &mut Transaction<'_>, item: &str, values: &[f64]) -> Result<(), EditError> {
    let table = TableKind::History;
    let old: Vec<usize> = (tx.plan.history.iter().enumerate())
        .filter(|(_, row)| row.item == item)
        .map(|(index, _)| index)
        .collect();
    for index in old.into_iter().rev() {
        tx.apply(Edit::Remove { table, index })?;
    }
    let first = 1 - values.len() as i64;
    for (offset, qty) in values.iter().enumerate() {
        let index = tx.plan.history.len();
        let row = serde_json::json!({"item": item, "period": first + offset as i64, "qty": qty});
        tx.apply(Edit::Insert { table, index, row })?;
    }
    Ok(())
}

/// Replaces the characteristic's `control_limits` rows with one row for the range.
fn freeze_limits(
    tx: &mut Transaction<'_>,
    characteristic: String,
    from: i64,
    to: i64,
) -> Result<(), EditError> {
    if from > to {
        return Err(EditError::EmptyRange {
            characteristic,
            from,
            to,
        });
    }
    remove_limits(tx, &characteristic)?;
    let row = serde_json::json!({
        "characteristic": characteristic,
        "from_subgroup": from,
        "to_subgroup": to,
    });
    let table = TableKind::ControlLimits;
    let index = row_count(tx.plan, table);
    tx.apply(Edit::Insert { table, index, row })
}

/// Removes every `control_limits` row of the characteristic (last first, so indices hold).
fn remove_limits(tx: &mut Transaction<'_>, characteristic: &str) -> Result<(), EditError> {
    let rows: Vec<usize> = (tx.plan.control_limits.iter().enumerate())
        .filter(|(_, limit)| limit.characteristic == characteristic)
        .map(|(index, _)| index)
        .collect();
    for index in rows.into_iter().rev() {
        tx.apply(Edit::Remove {
            table: TableKind::ControlLimits,
            index,
        })?;
    }
    Ok(())
}

/// Appends the values as new subgroups of `size` after the characteristic's highest label.
fn add_measurements(
    tx: &mut Transaction<'_>,
    characteristic: &str,
    values: &[f64],
    size: usize,
) -> Result<(), EditError> {
    if size == 0 {
        return Err(EditError::ZeroSubgroupSize {
            characteristic: characteristic.to_string(),
        });
    }
    let last_label = (tx.plan.measurements.iter())
        .filter(|m| m.characteristic == characteristic)
        .map(|m| m.subgroup)
        .max()
        .unwrap_or(0);
    let groups = values.len().div_ceil(size);
    let max = crate::domain::limits::MAX_WHOLE_NUMBER;
    let fits = i64::try_from(groups)
        .ok()
        .and_then(|groups| last_label.checked_add(groups))
        .is_some_and(|last_new| last_new <= max);
    if !fits {
        return Err(EditError::SubgroupLabelTooLarge {
            characteristic: characteristic.to_string(),
            last: last_label,
            groups,
            max,
        });
    }
    let table = TableKind::Measurements;
    for (offset, chunk) in (1_i64..).zip(values.chunks(size)) {
        // Cannot wrap: last_label + groups ≤ MAX_WHOLE_NUMBER was checked above.
        let subgroup = last_label + offset;
        for &value in chunk {
            let row = serde_json::json!({
                "characteristic": characteristic,
                "subgroup": subgroup,
                "value": value,
            });
            let index = row_count(tx.plan, table);
            tx.apply(Edit::Insert { table, index, row })?;
        }
    }
    Ok(())
}

/// Sets several cells of one row as one edit (nothing when the row is unchanged).
fn set_cells(
    tx: &mut Transaction<'_>,
    table: TableKind,
    index: usize,
    cells: &[(usize, String)],
) -> Result<(), EditError> {
    let old = row_value(tx.plan, table, index).ok_or(EditError::NoSuchRow {
        table: table.name(),
        row: index + 1,
    })?;
    let row = row_with_cells(table, old.clone(), index, cells)?;
    if row != old {
        tx.apply(Edit::Replace { table, index, row })?;
    }
    Ok(())
}

/// Returns `row` with the given cells parsed into it.
fn row_with_cells(
    table: TableKind,
    mut row: Value,
    index: usize,
    cells: &[(usize, String)],
) -> Result<Value, EditError> {
    for (column_index, text) in cells {
        let column = table
            .columns()
            .get(*column_index)
            .ok_or(EditError::NoSuchColumn {
                table: table.name(),
                column: *column_index,
            })?;
        let value = parse_cell(table, index, column, text)?;
        if let Some(object) = row.as_object_mut() {
            object.insert(column.field.to_string(), value);
        }
    }
    Ok(row)
}

fn duplicate_row(
    tx: &mut Transaction<'_>,
    table: TableKind,
    index: usize,
) -> Result<(), EditError> {
    let mut row = row_value(tx.plan, table, index).ok_or(EditError::NoSuchRow {
        table: table.name(),
        row: index + 1,
    })?;
    if table.has_unique_code() {
        let code = row.get("code").map(value_text).unwrap_or_default();
        row["code"] = Value::String(fresh_code(tx.plan, table, &code));
    }
    tx.apply(Edit::Insert {
        table,
        index: index + 1,
        row,
    })
}

/// `CODE-2`, `CODE-3`, … whichever is not used yet in the table.
fn fresh_code(plan: &Plan, table: TableKind, code: &str) -> String {
    let used: std::collections::HashSet<String> = (0..row_count(plan, table))
        .filter_map(|i| row_value(plan, table, i))
        .filter_map(|v| v.get("code").map(value_text))
        .collect();
    (2..)
        .map(|n| format!("{code}-{n}"))
        .find(|candidate| !used.contains(candidate))
        .unwrap_or_else(|| code.to_string())
}

fn paste_cells(
    tx: &mut Transaction<'_>,
    table: TableKind,
    rows: &[usize],
    top: usize,
    left: usize,
    cells: Vec<Vec<String>>,
    preset: &[(usize, String)],
) -> Result<(), EditError> {
    let width = table.columns().len();
    for (offset, line) in cells.into_iter().enumerate() {
        let values: Vec<(usize, String)> = line
            .into_iter()
            .enumerate()
            .map(|(i, text)| (left + i, text))
            .filter(|(column, _)| *column < width)
            .collect();
        match rows.get(top + offset) {
            Some(&index) => set_cells(tx, table, index, &values)?,
            None => {
                let index = row_count(tx.plan, table);
                let row = row_with_cells(table, table.default_row(), index, preset)?;
                let row = row_with_cells(table, row, index, &values)?;
                tx.apply(Edit::Insert { table, index, row })?;
            }
        }
    }
    Ok(())
}

fn set_demand(tx: &mut Transaction<'_>, cell: DemandCell) -> Result<(), EditError> {
    let periods = tx.plan.settings.periods;
    if cell.period < 1 || cell.period > periods {
        return Err(EditError::PeriodOutOfRange {
            period: cell.period,
            periods,
        });
    }
    let existing = tx
        .plan
        .demand
        .iter()
        .position(|d| d.item == cell.item && d.period == cell.period);
    let table = TableKind::Demand;
    let row = cell
        .qty
        .map(|qty| serde_json::json!({"item": cell.item, "period": cell.period, "qty": qty}));
    match (existing, row) {
        (Some(index), Some(row)) => {
            if tx.plan.demand[index].qty != cell.qty.unwrap_or_default() {
                tx.apply(Edit::Replace { table, index, row })?;
            }
            Ok(())
        }
        (Some(index), None) => tx.apply(Edit::Remove { table, index }),
        (None, Some(row)) => {
            let index = tx.plan.demand.len();
            tx.apply(Edit::Insert { table, index, row })
        }
        (None, None) => Ok(()),
    }
}
