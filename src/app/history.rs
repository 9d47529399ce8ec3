//! Undo/redo: primitive edits that each return their own inverse, and a capped history of them.
//!
//! Rows travel as JSON objects so one set of edits serves every table; applying an edit
//! deserialises the row into the table's type, so a malformed row is refused, never stored.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::command::{EditError, TableKind};
use super::scenarios::restore_scenario;
use crate::domain::{Demand, ForecastMethod, MasterScheduleRow, Plan, PlanSettings, Scenario};

/// Most undo steps kept; older ones are dropped.
pub const MAX_UNDO_STEPS: usize = 1000;

/// A primitive change to a plan. Applying it returns the edit that undoes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Replaces row `index` of `table` with `row`.
    Replace {
        table: TableKind,
        index: usize,
        row: Value,
    },
    /// Inserts `row` at `index` (`index` = length appends).
    Insert {
        table: TableKind,
        index: usize,
        row: Value,
    },
    /// Removes row `index`.
    Remove { table: TableKind, index: usize },
    /// Replaces the plan settings.
    Settings(Box<PlanSettings>),
    /// Several edits applied in order as one step.
    Batch(Vec<Edit>),
    /// Puts a scenario into the plan's list at `index` (clamped to the end of the list).
    InsertScenario {
        index: usize,
        scenario: Box<Scenario>,
    },
    /// Takes the scenario at `index` out of the plan's list.
    RemoveScenario { index: usize },
    /// Replaces the whole demand table (Apply forecast: one edit however many rows change);
    /// the inverse holds the old table.
    Demand(Vec<Demand>),
    /// Replaces the whole master_schedule table (Use as master schedule); the inverse holds
    /// the old table.
    MasterSchedule(Vec<MasterScheduleRow>),
}

impl Edit {
    /// Whether the edit may change what [`crate::analytics::plan_index::PlanStructure`] is built
    /// from: any row of items, resources, BOM or routing (a price edit counts too: telling it
    /// from a code edit is not worth the risk of a stale index). Its inverse touches the same.
    pub fn touches_structure(&self) -> bool {
        match self {
            Edit::Replace { table, .. }
            | Edit::Insert { table, .. }
            | Edit::Remove { table, .. } => table.is_structural(),
            Edit::Batch(edits) => edits.iter().any(Edit::touches_structure),
            Edit::Settings(_)
            | Edit::InsertScenario { .. }
            | Edit::RemoveScenario { .. }
            | Edit::Demand(_)
            | Edit::MasterSchedule(_) => false,
        }
    }

    /// Applies the edit and returns its inverse. On error the plan is unchanged.
    pub fn apply(self, plan: &mut Plan) -> Result<Edit, EditError> {
        match self {
            Edit::Settings(settings) => {
                let old = std::mem::replace(&mut plan.settings, *settings);
                Ok(Edit::Settings(Box::new(old)))
            }
            Edit::Batch(edits) => apply_batch(edits, plan),
            Edit::InsertScenario { index, scenario } => insert_scenario(plan, index, *scenario),
            Edit::RemoveScenario { index } => remove_scenario(plan, index),
            Edit::Demand(demand) => Ok(Edit::Demand(std::mem::replace(&mut plan.demand, demand))),
            Edit::MasterSchedule(rows) => Ok(Edit::MasterSchedule(std::mem::replace(
                &mut plan.master_schedule,
                rows,
            ))),
            Edit::Replace { table, .. }
            | Edit::Insert { table, .. }
            | Edit::Remove { table, .. } => apply_row_edit(table, self, plan),
        }
    }
}

fn insert_scenario(plan: &mut Plan, index: usize, scenario: Scenario) -> Result<Edit, EditError> {
    let index = index.min(plan.scenarios.len());
    restore_scenario(plan, index, scenario)?;
    Ok(Edit::RemoveScenario { index })
}

fn remove_scenario(plan: &mut Plan, index: usize) -> Result<Edit, EditError> {
    if index >= plan.scenarios.len() {
        return Err(EditError::NoSuchRow {
            table: "scenarios",
            row: index + 1,
        });
    }
    let scenario = plan.scenarios.remove(index);
    Ok(Edit::InsertScenario {
        index,
        scenario: Box::new(scenario),
    })
}

fn apply_batch(edits: Vec<Edit>, plan: &mut Plan) -> Result<Edit, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match edit.apply(plan) {
            Ok(inverse) => inverses.push(inverse),
            Err(error) => {
                for inverse in inverses.into_iter().rev() {
                    // Inverses of edits just applied always fit the plan they produced.
                    let _ = inverse.apply(plan);
                }
                return Err(error);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

fn apply_row_edit(table: TableKind, edit: Edit, plan: &mut Plan) -> Result<Edit, EditError> {
    match table {
        TableKind::Items => edit_rows(&mut plan.items, table, edit),
        TableKind::Bom => edit_rows(&mut plan.bom, table, edit),
        TableKind::Resources => edit_rows(&mut plan.resources, table, edit),
        TableKind::Routing => edit_rows(&mut plan.routing, table, edit),
        TableKind::Demand => edit_rows(&mut plan.demand, table, edit),
        TableKind::Characteristics => edit_rows(&mut plan.characteristics, table, edit),
        TableKind::Measurements => edit_rows(&mut plan.measurements, table, edit),
        TableKind::Inspections => edit_rows(&mut plan.inspections, table, edit),
        TableKind::Defects => edit_rows(&mut plan.defects, table, edit),
        TableKind::Queues => edit_rows(&mut plan.queues, table, edit),
        TableKind::QueueArrivals => edit_rows(&mut plan.queue_arrivals, table, edit),
        TableKind::ControlLimits => edit_rows(&mut plan.control_limits, table, edit),
        TableKind::ChartSettings => edit_rows(&mut plan.chart_settings, table, edit),
        TableKind::Receipts => edit_rows(&mut plan.receipts, table, edit),
        TableKind::MasterSchedule => edit_rows(&mut plan.master_schedule, table, edit),
        TableKind::Calendar => edit_rows(&mut plan.calendar, table, edit),
        TableKind::ResourcePeriods => edit_rows(&mut plan.resource_periods, table, edit),
        TableKind::History => edit_rows(&mut plan.history, table, edit),
        TableKind::ForecastSettings => edit_rows(&mut plan.forecast_settings, table, edit),
        TableKind::ProductionLog => edit_rows(&mut plan.production_log, table, edit),
        TableKind::Downtime => edit_rows(&mut plan.downtime, table, edit),
    }
}

fn edit_rows<T: Serialize + DeserializeOwned>(
    rows: &mut Vec<T>,
    table: TableKind,
    edit: Edit,
) -> Result<Edit, EditError> {
    let no_row = |index: usize| EditError::NoSuchRow {
        table: table.name(),
        row: index + 1,
    };
    match edit {
        Edit::Replace { index, row, .. } => {
            let value = decode_row(table, index, row)?;
            let slot = rows.get_mut(index).ok_or_else(|| no_row(index))?;
            let old = std::mem::replace(slot, value);
            Ok(Edit::Replace {
                table,
                index,
                row: encode_row(table, index, &old)?,
            })
        }
        Edit::Insert { index, row, .. } => {
            if index > rows.len() {
                return Err(no_row(index));
            }
            rows.insert(index, decode_row(table, index, row)?);
            Ok(Edit::Remove { table, index })
        }
        Edit::Remove { index, .. } => {
            if index >= rows.len() {
                return Err(no_row(index));
            }
            let old = rows.remove(index);
            Ok(Edit::Insert {
                table,
                index,
                row: encode_row(table, index, &old)?,
            })
        }
        Edit::Settings(_)
        | Edit::Batch(_)
        | Edit::InsertScenario { .. }
        | Edit::RemoveScenario { .. }
        | Edit::Demand(_)
        | Edit::MasterSchedule(_) => Err(no_row(0)),
    }
}

fn decode_row<T: DeserializeOwned>(
    table: TableKind,
    index: usize,
    row: Value,
) -> Result<T, EditError> {
    serde_json::from_value(row).map_err(|e| EditError::BadRow {
        table: table.name(),
        row: index + 1,
        message: e.to_string(),
    })
}

/// Serialises a table row to its JSON object.
pub fn encode_row<T: Serialize>(
    table: TableKind,
    index: usize,
    row: &T,
) -> Result<Value, EditError> {
    serde_json::to_value(row).map_err(|e| EditError::BadRow {
        table: table.name(),
        row: index + 1,
        message: e.to_string(),
    })
}

/// Number of rows of a table in a plan.
pub fn row_count(plan: &Plan, table: TableKind) -> usize {
    match table {
        TableKind::Items => plan.items.len(),
        TableKind::Bom => plan.bom.len(),
        TableKind::Resources => plan.resources.len(),
        TableKind::Routing => plan.routing.len(),
        TableKind::Demand => plan.demand.len(),
        TableKind::Characteristics => plan.characteristics.len(),
        TableKind::Measurements => plan.measurements.len(),
        TableKind::Inspections => plan.inspections.len(),
        TableKind::Defects => plan.defects.len(),
        TableKind::Queues => plan.queues.len(),
        TableKind::QueueArrivals => plan.queue_arrivals.len(),
        TableKind::ControlLimits => plan.control_limits.len(),
        TableKind::ChartSettings => plan.chart_settings.len(),
        TableKind::Receipts => plan.receipts.len(),
        TableKind::MasterSchedule => plan.master_schedule.len(),
        TableKind::Calendar => plan.calendar.len(),
        TableKind::ResourcePeriods => plan.resource_periods.len(),
        TableKind::History => plan.history.len(),
        TableKind::ForecastSettings => plan.forecast_settings.len(),
        TableKind::ProductionLog => plan.production_log.len(),
        TableKind::Downtime => plan.downtime.len(),
    }
}

/// Row `index` of a table as a JSON object (`None` past the end).
pub fn row_value(plan: &Plan, table: TableKind, index: usize) -> Option<Value> {
    fn get<T: Serialize>(rows: &[T], table: TableKind, index: usize) -> Option<Value> {
        rows.get(index)
            .and_then(|row| encode_row(table, index, row).ok())
    }
    match table {
        TableKind::Items => get(&plan.items, table, index),
        TableKind::Bom => get(&plan.bom, table, index),
        TableKind::Resources => get(&plan.resources, table, index),
        TableKind::Routing => get(&plan.routing, table, index),
        TableKind::Demand => get(&plan.demand, table, index),
        TableKind::Characteristics => get(&plan.characteristics, table, index),
        TableKind::Measurements => get(&plan.measurements, table, index),
        TableKind::Inspections => get(&plan.inspections, table, index),
        TableKind::Defects => get(&plan.defects, table, index),
        TableKind::Queues => get(&plan.queues, table, index),
        TableKind::QueueArrivals => get(&plan.queue_arrivals, table, index),
        TableKind::ControlLimits => get(&plan.control_limits, table, index),
        TableKind::ChartSettings => get(&plan.chart_settings, table, index),
        TableKind::Receipts => get(&plan.receipts, table, index),
        TableKind::MasterSchedule => get(&plan.master_schedule, table, index),
        TableKind::Calendar => get(&plan.calendar, table, index),
        TableKind::ResourcePeriods => get(&plan.resource_periods, table, index),
        TableKind::History => get(&plan.history, table, index),
        TableKind::ForecastSettings => get(&plan.forecast_settings, table, index),
        TableKind::ProductionLog => get(&plan.production_log, table, index),
        TableKind::Downtime => get(&plan.downtime, table, index),
    }
}

/// Identifies the cell or field an undo step edited, so consecutive edits of it merge.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MergeKey {
    /// One table cell (0-based row and column index).
    Cell {
        table: TableKind,
        row: usize,
        column: usize,
    },
    /// One plan settings field, by JSON name.
    Settings(&'static str),
    /// One cell of the demand grid.
    Demand { item: String, period: i64 },
    /// One item's forecast settings under one method: dragging α or the window is one step;
    /// choosing another method starts a new one.
    ForecastSetting {
        item: String,
        method: ForecastMethod,
    },
}

#[derive(Debug, Clone)]
struct Step {
    /// Undoes this step (on the undo stack) or redoes it (on the redo stack).
    edit: Edit,
    label: String,
    merge_key: Option<MergeKey>,
    state_before: u64,
    state_after: u64,
}

/// Undo and redo stacks. Each plan state gets an id so that "unsaved" can be told exactly:
/// undoing back to the saved state clears the marker.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    current_state: u64,
    last_state: u64,
}

impl History {
    /// Id of the plan state the history is at.
    pub fn current_state(&self) -> u64 {
        self.current_state
    }

    /// Records an applied step, given the edit that undoes it. Consecutive steps with the same
    /// merge key become one (the first step's inverse is kept).
    pub fn record(&mut self, inverse: Edit, label: String, merge_key: Option<MergeKey>) {
        self.redo.clear();
        self.last_state += 1;
        let state_after = self.last_state;
        if let Some(last) = self.undo.last_mut()
            && merge_key.is_some()
            && last.merge_key == merge_key
        {
            last.state_after = state_after;
            self.current_state = state_after;
            return;
        }
        self.undo.push(Step {
            edit: inverse,
            label,
            merge_key,
            state_before: self.current_state,
            state_after,
        });
        if self.undo.len() > MAX_UNDO_STEPS {
            self.undo.remove(0);
        }
        self.current_state = state_after;
    }

    /// Stops the next edit from merging into the last one (e.g. after a save or an undo).
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.merge_key = None;
        }
    }

    /// Undoes the last step on `plan`; false when there is nothing to undo.
    pub fn undo(&mut self, plan: &mut Plan) -> Result<bool, EditError> {
        let Some(step) = self.undo.pop() else {
            return Ok(false);
        };
        let redo = step.edit.clone().apply(plan).inspect_err(|_| {
            self.undo.push(step.clone());
        })?;
        self.current_state = step.state_before;
        self.redo.push(Step {
            edit: redo,
            merge_key: None,
            ..step
        });
        Ok(true)
    }

    /// Redoes the last undone step on `plan`; false when there is nothing to redo.
    pub fn redo(&mut self, plan: &mut Plan) -> Result<bool, EditError> {
        let Some(step) = self.redo.pop() else {
            return Ok(false);
        };
        let undo = step.edit.clone().apply(plan).inspect_err(|_| {
            self.redo.push(step.clone());
        })?;
        self.current_state = step.state_after;
        self.undo.push(Step { edit: undo, ..step });
        Ok(true)
    }

    /// Whether the step Undo would revert touches the plan's structure (see
    /// [`Edit::touches_structure`]).
    pub fn undo_touches_structure(&self) -> bool {
        self.undo
            .last()
            .is_some_and(|step| step.edit.touches_structure())
    }

    /// Whether the step Redo would re-apply touches the plan's structure.
    pub fn redo_touches_structure(&self) -> bool {
        self.redo
            .last()
            .is_some_and(|step| step.edit.touches_structure())
    }

    /// Label of the step Undo would revert.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// Label of the step Redo would re-apply.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Number of steps that can be undone.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Item;

    fn plan_with_item(code: &str, price: f64) -> Plan {
        let mut plan = Plan::default();
        plan.items.push(Item {
            code: code.into(),
            price,
            ..Item::default()
        });
        plan
    }

    #[test]
    fn edits_of_items_resources_bom_or_routing_touch_the_structure() {
        let row = |table| Edit::Replace {
            table,
            index: 0,
            row: Value::Null,
        };
        for table in [
            TableKind::Items,
            TableKind::Resources,
            TableKind::Bom,
            TableKind::Routing,
        ] {
            assert!(row(table).touches_structure(), "{table:?}");
            assert!(
                Edit::Remove { table, index: 0 }.touches_structure(),
                "{table:?}"
            );
        }
        for table in [TableKind::Demand, TableKind::Receipts, TableKind::Calendar] {
            assert!(!row(table).touches_structure(), "{table:?}");
        }
        assert!(!Edit::Settings(Box::default()).touches_structure());
        assert!(!Edit::Demand(Vec::new()).touches_structure());
        let mixed = Edit::Batch(vec![row(TableKind::Demand), row(TableKind::Routing)]);
        assert!(
            mixed.touches_structure(),
            "one structural edit in a batch is enough"
        );
        assert!(!Edit::Batch(vec![row(TableKind::Demand)]).touches_structure());
    }

    #[test]
    fn replace_returns_the_old_row_as_inverse() {
        let mut plan = plan_with_item("A", 10.0);
        let mut row = row_value(&plan, TableKind::Items, 0).unwrap_or_default();
        row["price"] = Value::from(12.5);
        let edit = Edit::Replace {
            table: TableKind::Items,
            index: 0,
            row,
        };
        let inverse = edit.apply(&mut plan).unwrap();
        assert_eq!(plan.items[0].price, 12.5);
        inverse.apply(&mut plan).unwrap();
        assert_eq!(plan.items[0].price, 10.0);
    }

    #[test]
    fn a_failing_batch_leaves_the_plan_unchanged() {
        let mut plan = plan_with_item("A", 10.0);
        let before = plan.clone();
        let batch = Edit::Batch(vec![
            Edit::Remove {
                table: TableKind::Items,
                index: 0,
            },
            Edit::Remove {
                table: TableKind::Items,
                index: 5,
            },
        ]);
        let error = batch.apply(&mut plan).unwrap_err();
        assert_eq!(error.to_string(), "items: there is no row 6");
        assert_eq!(plan, before);
    }

    #[test]
    fn a_malformed_row_is_refused() {
        let mut plan = plan_with_item("A", 10.0);
        let edit = Edit::Insert {
            table: TableKind::Items,
            index: 1,
            row: serde_json::json!({"code": "B", "kind": "gadget"}),
        };
        assert!(matches!(
            edit.apply(&mut plan),
            Err(EditError::BadRow { row: 2, .. })
        ));
        assert_eq!(plan.items.len(), 1);
    }

    #[test]
    fn merged_steps_undo_together_and_states_track_saving() {
        let mut plan = plan_with_item("A", 10.0);
        let mut history = History::default();
        let key = Some(MergeKey::Cell {
            table: TableKind::Items,
            row: 0,
            column: 4,
        });
        for price in [11.0, 12.0] {
            let mut row = row_value(&plan, TableKind::Items, 0).unwrap_or_default();
            row["price"] = Value::from(price);
            let inverse = Edit::Replace {
                table: TableKind::Items,
                index: 0,
                row,
            }
            .apply(&mut plan)
            .unwrap();
            history.record(inverse, "Set price".into(), key.clone());
        }
        assert_eq!(history.undo_depth(), 1);
        assert_eq!(history.current_state(), 2);
        assert!(history.undo(&mut plan).unwrap());
        assert_eq!(plan.items[0].price, 10.0);
        assert_eq!(history.current_state(), 0);
        assert!(history.redo(&mut plan).unwrap());
        assert_eq!(plan.items[0].price, 12.0);
        assert_eq!(history.current_state(), 2);
        assert!(!history.redo(&mut plan).unwrap());
    }
}
