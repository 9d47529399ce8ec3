//! The tables of a plan file read into a [`Plan`], each row through [`Cells`], whose errors
//! name the table, the row and the column.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};

use super::ReadError;
use crate::domain::limits::{LimitError, chars_over_limit};
use crate::domain::{
    BomLine, CalendarPeriod, Characteristic, ChartSetting, ControlLimit, Defect, Demand,
    DowntimeRow, ForecastMethod, ForecastSetting, HistoryRow, Inspection, Item, ItemKind,
    MasterScheduleRow, Measurement, OrderPolicy, PeriodUnit, Plan, PlanSettings, ProductionLogRow,
    Queue, QueueArrival, Receipt, Resource, ResourceKind, ResourcePeriod, RoutingStep, Scenario,
};

/// The tables a second connection reads beside the others (see [`read_plan_beside`]): the BOM
/// and the demand, about a quarter of plan L's cells. With SQLite's quick check before them, the
/// second thread takes about as long as the first one reading the rest.
pub(super) struct BesideTables {
    bom: Vec<BomLine>,
    demand: Vec<Demand>,
}

/// A read error with the place of its table in the reading order (the order of [`Plan`]'s
/// fields): of the two connections' first errors, the one a single reader would have met first
/// is reported.
pub(super) struct PlacedError {
    order: usize,
    error: ReadError,
}

impl PlacedError {
    /// Stands for tables left unread because the file failed its quick check, whose problem is
    /// reported instead.
    pub(super) fn not_read() -> Self {
        PlacedError {
            order: BOM_ORDER,
            error: ReadError::Content("not read: the file failed its quick check".into()),
        }
    }
}

/// Places of the BOM and the demand in the reading order (settings 0, items 1, bom 2, …).
const BOM_ORDER: usize = 2;
const DEMAND_ORDER: usize = 5;

/// Reads the BOM and the demand: the part of the plan `beside` gives [`read_plan_beside`].
pub(super) fn read_beside(conn: &Connection) -> Result<BesideTables, PlacedError> {
    let placed = |order| move |error| PlacedError { order, error };
    Ok(BesideTables {
        bom: read_bom(conn).map_err(placed(BOM_ORDER))?,
        demand: read_demand(conn).map_err(placed(DEMAND_ORDER))?,
    })
}

/// Reads every table but the BOM and the demand on `conn`, then takes those from `beside`
/// (called once this reading is done: another connection's thread is joined there). The error
/// is the one of the first table in the reading order that failed, as with one reader.
pub(super) fn read_plan_beside(
    conn: &Connection,
    beside: impl FnOnce() -> Result<BesideTables, PlacedError>,
) -> Result<Plan, ReadError> {
    let own = read_own_tables(conn);
    match (own, beside()) {
        (Ok(plan), Ok(BesideTables { bom, demand })) => Ok(Plan {
            bom,
            demand,
            ..plan
        }),
        (Err(own), Err(beside)) if beside.order < own.order => Err(beside.error),
        (Err(first), _) | (_, Err(first)) => Err(first.error),
    }
}

/// Every table but those of [`BesideTables`] (left empty), in the reading order.
fn read_own_tables(conn: &Connection) -> Result<Plan, PlacedError> {
    // Each table's place in the reading order; struct fields are evaluated as written.
    macro_rules! placed {
        ($order:expr, $read:expr) => {
            $read.map_err(|error| PlacedError {
                order: $order,
                error,
            })?
        };
    }
    Ok(Plan {
        settings: placed!(0, read_settings(conn)),
        items: placed!(1, read_items(conn)),
        bom: Vec::new(),
        resources: placed!(3, read_resources(conn)),
        routing: placed!(4, read_routing(conn)),
        demand: Vec::new(),
        characteristics: placed!(6, read_characteristics(conn)),
        measurements: placed!(7, read_measurements(conn)),
        control_limits: placed!(8, read_control_limits(conn)),
        chart_settings: placed!(9, read_chart_settings(conn)),
        inspections: placed!(10, read_inspections(conn)),
        defects: placed!(11, read_defects(conn)),
        queues: placed!(12, read_queues(conn)),
        queue_arrivals: placed!(13, read_queue_arrivals(conn)),
        receipts: placed!(14, read_receipts(conn)),
        master_schedule: placed!(15, read_master_schedule(conn)),
        calendar: placed!(16, read_calendar(conn)),
        resource_periods: placed!(17, read_resource_periods(conn)),
        history: placed!(18, read_history(conn)),
        forecast_settings: placed!(19, read_forecast_settings(conn)),
        production_log: placed!(20, read_production_log(conn)),
        downtime: placed!(21, read_downtime(conn)),
        scenarios: placed!(22, read_scenarios(conn)),
    })
}

fn read_settings(conn: &Connection) -> Result<PlanSettings, ReadError> {
    let mut stmt = conn.prepare(
        "SELECT name, currency, period_unit, periods, periods_per_year, start_date, \
         holding_rate, backorder_factor FROM plan WHERE id = 1",
    )?;
    let mut rows = stmt.query([])?;
    let Some(row) = rows.next()? else {
        return Err(ReadError::Content(
            "plan: the settings row is missing".into(),
        ));
    };
    let mut cells = Cells::new(row, "plan", 1, 0);
    Ok(PlanSettings {
        name: cells.text()?,
        currency: cells.text()?,
        period_unit: cells.named(PeriodUnit::parse, "day, week, month")?,
        periods: cells.integer()?,
        periods_per_year: cells.optional_number()?,
        start_date: cells.optional_text()?,
        holding_rate: cells.number()?,
        backorder_factor: cells.number()?,
    })
}

fn read_items(conn: &Connection) -> Result<Vec<Item>, ReadError> {
    read_table(
        conn,
        "items",
        "code, name, kind, unit, price, purchase_cost, lot_size, on_hand, safety_stock, \
         lead_time, order_policy, order_qty, order_periods, order_min, order_multiple, \
         order_cost, backorder_cost",
        |c| {
            Ok(Item {
                code: c.text()?,
                name: c.text()?,
                kind: c.named(ItemKind::parse, "finished, component, material, service")?,
                unit: c.text()?,
                price: c.number()?,
                purchase_cost: c.number()?,
                lot_size: c.optional_number()?,
                on_hand: c.number()?,
                safety_stock: c.number()?,
                lead_time: c.integer()?,
                order_policy: c.named(
                    OrderPolicy::parse,
                    "lot_for_lot, fixed, poq, eoq, wagner_whitin",
                )?,
                order_qty: c.optional_number()?,
                order_periods: c.optional_integer()?,
                order_min: c.number()?,
                order_multiple: c.optional_number()?,
                order_cost: c.number()?,
                backorder_cost: c.optional_number()?,
            })
        },
    )
}

fn read_bom(conn: &Connection) -> Result<Vec<BomLine>, ReadError> {
    read_table(conn, "bom", "parent, child, qty", |c| {
        Ok(BomLine {
            parent: c.text()?,
            child: c.text()?,
            qty: c.number()?,
        })
    })
}

fn read_resources(conn: &Connection) -> Result<Vec<Resource>, ReadError> {
    read_table(
        conn,
        "resources",
        "code, name, kind, units, hours_per_period, efficiency, cost_per_hour, \
         fixed_cost_per_period, capital_cost, life_years, overtime_hours_per_period, \
         overtime_premium_per_hour",
        |c| {
            Ok(Resource {
                code: c.text()?,
                name: c.text()?,
                kind: c.named(ResourceKind::parse, "machine, line, labour, desk, server")?,
                units: c.integer()?,
                hours_per_period: c.number()?,
                efficiency: c.number()?,
                cost_per_hour: c.number()?,
                fixed_cost_per_period: c.number()?,
                capital_cost: c.number()?,
                life_years: c.number()?,
                overtime_hours_per_period: c.number()?,
                overtime_premium_per_hour: c.optional_number()?,
            })
        },
    )
}

fn read_routing(conn: &Connection) -> Result<Vec<RoutingStep>, ReadError> {
    read_table(
        conn,
        "routing",
        "item, seq, name, resource, setup_min, run_min, \"yield\"",
        |c| {
            Ok(RoutingStep {
                item: c.text()?,
                seq: c.integer()?,
                name: c.text()?,
                resource: c.text()?,
                setup_min: c.number()?,
                run_min: c.number()?,
                yield_: c.number()?,
            })
        },
    )
}

fn read_demand(conn: &Connection) -> Result<Vec<Demand>, ReadError> {
    read_table(conn, "demand", "item, period, qty", |c| {
        Ok(Demand {
            item: c.text()?,
            period: c.integer()?,
            qty: c.number()?,
        })
    })
}

fn read_characteristics(conn: &Connection) -> Result<Vec<Characteristic>, ReadError> {
    read_table(
        conn,
        "characteristics",
        "code, item, name, unit, lsl, target, usl",
        |c| {
            Ok(Characteristic {
                code: c.text()?,
                item: c.text()?,
                name: c.text()?,
                unit: c.text()?,
                lsl: c.optional_number()?,
                target: c.optional_number()?,
                usl: c.optional_number()?,
            })
        },
    )
}

fn read_measurements(conn: &Connection) -> Result<Vec<Measurement>, ReadError> {
    read_table(
        conn,
        "measurements",
        "characteristic, subgroup, value",
        |c| {
            Ok(Measurement {
                characteristic: c.text()?,
                subgroup: c.integer()?,
                value: c.number()?,
            })
        },
    )
}

fn read_control_limits(conn: &Connection) -> Result<Vec<ControlLimit>, ReadError> {
    read_table(
        conn,
        "control_limits",
        "characteristic, from_subgroup, to_subgroup",
        |c| {
            Ok(ControlLimit {
                characteristic: c.text()?,
                from_subgroup: c.integer()?,
                to_subgroup: c.integer()?,
            })
        },
    )
}

fn read_chart_settings(conn: &Connection) -> Result<Vec<ChartSetting>, ReadError> {
    read_table(
        conn,
        "chart_settings",
        "characteristic, ewma_lambda, ewma_l, cusum_k, cusum_h, center, sigma",
        |c| {
            Ok(ChartSetting {
                characteristic: c.text()?,
                ewma_lambda: c.number()?,
                ewma_l: c.number()?,
                cusum_k: c.number()?,
                cusum_h: c.number()?,
                center: c.optional_number()?,
                sigma: c.optional_number()?,
            })
        },
    )
}

fn read_inspections(conn: &Connection) -> Result<Vec<Inspection>, ReadError> {
    read_table(
        conn,
        "inspections",
        "item, lot, inspected, defective",
        |c| {
            Ok(Inspection {
                item: c.text()?,
                lot: c.text()?,
                inspected: c.integer()?,
                defective: c.integer()?,
            })
        },
    )
}

fn read_defects(conn: &Connection) -> Result<Vec<Defect>, ReadError> {
    read_table(conn, "defects", "item, lot, \"type\", \"count\"", |c| {
        Ok(Defect {
            item: c.text()?,
            lot: c.text()?,
            defect_type: c.text()?,
            count: c.integer()?,
        })
    })
}

fn read_queues(conn: &Connection) -> Result<Vec<Queue>, ReadError> {
    read_table(
        conn,
        "queues",
        "code, name, resource, arrival_per_hour, service_min, target_wait_min, \
         target_service_level",
        |c| {
            Ok(Queue {
                code: c.text()?,
                name: c.text()?,
                resource: c.text()?,
                arrival_per_hour: c.number()?,
                service_min: c.number()?,
                target_wait_min: c.number()?,
                target_service_level: c.number()?,
            })
        },
    )
}

fn read_queue_arrivals(conn: &Connection) -> Result<Vec<QueueArrival>, ReadError> {
    read_table(
        conn,
        "queue_arrivals",
        "queue, period, arrival_per_hour",
        |c| {
            Ok(QueueArrival {
                queue: c.text()?,
                period: c.integer()?,
                arrival_per_hour: c.number()?,
            })
        },
    )
}

fn read_receipts(conn: &Connection) -> Result<Vec<Receipt>, ReadError> {
    read_table(conn, "receipts", "item, period, qty", |c| {
        Ok(Receipt {
            item: c.text()?,
            period: c.integer()?,
            qty: c.number()?,
        })
    })
}

fn read_master_schedule(conn: &Connection) -> Result<Vec<MasterScheduleRow>, ReadError> {
    read_table(conn, "master_schedule", "item, period, qty", |c| {
        Ok(MasterScheduleRow {
            item: c.text()?,
            period: c.integer()?,
            qty: c.number()?,
        })
    })
}

fn read_calendar(conn: &Connection) -> Result<Vec<CalendarPeriod>, ReadError> {
    read_table(conn, "calendar", "period, working_share", |c| {
        Ok(CalendarPeriod {
            period: c.integer()?,
            working_share: c.number()?,
        })
    })
}

fn read_resource_periods(conn: &Connection) -> Result<Vec<ResourcePeriod>, ReadError> {
    read_table(
        conn,
        "resource_periods",
        "resource, period, units, hours_per_period, overtime_hours",
        |c| {
            Ok(ResourcePeriod {
                resource: c.text()?,
                period: c.integer()?,
                units: c.optional_integer()?,
                hours_per_period: c.optional_number()?,
                overtime_hours: c.optional_number()?,
            })
        },
    )
}

fn read_history(conn: &Connection) -> Result<Vec<HistoryRow>, ReadError> {
    read_table(conn, "history", "item, period, qty", |c| {
        Ok(HistoryRow {
            item: c.text()?,
            period: c.integer()?,
            qty: c.number()?,
        })
    })
}

fn read_forecast_settings(conn: &Connection) -> Result<Vec<ForecastSetting>, ReadError> {
    read_table(
        conn,
        "forecast_settings",
        "item, method, \"window\", alpha, beta, gamma, phi, season_length",
        |c| {
            Ok(ForecastSetting {
                item: c.text()?,
                method: c.named(
                    ForecastMethod::parse,
                    "auto, moving_average, ses, holt, holt_winters, croston",
                )?,
                window: c.integer()?,
                alpha: c.optional_number()?,
                beta: c.optional_number()?,
                gamma: c.optional_number()?,
                phi: c.number()?,
                season_length: c.optional_integer()?,
            })
        },
    )
}

fn read_production_log(conn: &Connection) -> Result<Vec<ProductionLogRow>, ReadError> {
    read_table(
        conn,
        "production_log",
        "resource, period, item, planned_min, downtime_min, ideal_cycle_min, total_count, \
         good_count",
        |c| {
            Ok(ProductionLogRow {
                resource: c.text()?,
                period: c.integer()?,
                item: c.optional_text()?,
                planned_min: c.number()?,
                downtime_min: c.number()?,
                ideal_cycle_min: c.number()?,
                total_count: c.integer()?,
                good_count: c.optional_integer()?,
            })
        },
    )
}

fn read_downtime(conn: &Connection) -> Result<Vec<DowntimeRow>, ReadError> {
    read_table(conn, "downtime", "resource, period, reason, minutes", |c| {
        Ok(DowntimeRow {
            resource: c.text()?,
            period: c.integer()?,
            reason: c.text()?,
            minutes: c.number()?,
        })
    })
}

fn read_scenarios(conn: &Connection) -> Result<Vec<Scenario>, ReadError> {
    read_table(conn, "scenarios", "name, plan", |c| {
        let name = c.text()?;
        let json = c.long_text()?;
        let plan: Plan = serde_json::from_str(&json).map_err(|error| {
            ReadError::Content(format!("scenarios row {} ({name}), plan: {error}", c.pos))
        })?;
        Ok(Scenario {
            name,
            plan: Box::new(plan),
        })
    })
}

/// Reads `SELECT pos, COLUMNS FROM TABLE ORDER BY pos`, building one value per row.
///
/// `build` reads the columns in the order they are listed, through [`Cells`].
fn read_table<T>(
    conn: &Connection,
    table: &'static str,
    columns: &str,
    build: impl Fn(&mut Cells<'_, '_>) -> Result<T, ReadError>,
) -> Result<Vec<T>, ReadError> {
    let mut stmt = conn.prepare(&format!("SELECT pos, {columns} FROM {table} ORDER BY pos"))?;
    let mut rows = stmt.query([])?;
    let mut values = Vec::new();
    while let Some(row) = rows.next()? {
        let pos: i64 = row.get(0)?;
        values.push(build(&mut Cells::new(row, table, pos, 1))?);
    }
    Ok(values)
}

/// The cells of one row, read left to right; errors name the table, row and column.
struct Cells<'row, 'stmt> {
    row: &'row Row<'stmt>,
    table: &'static str,
    pos: i64,
    next: usize,
}

impl<'row, 'stmt> Cells<'row, 'stmt> {
    fn new(row: &'row Row<'stmt>, table: &'static str, pos: i64, first: usize) -> Self {
        Cells {
            row,
            table,
            pos,
            next: first,
        }
    }

    /// The next cell and its column index (for error messages).
    fn next_value(&mut self) -> Result<(ValueRef<'row>, usize), ReadError> {
        let index = self.next;
        self.next += 1;
        Ok((self.row.get_ref(index)?, index))
    }

    /// A content error naming the table, the row and the column at `index`.
    fn wrong(&self, index: usize, what: &str) -> ReadError {
        let column = self.column_name(index);
        ReadError::Content(format!("{} row {}, {column}: {what}", self.table, self.pos))
    }

    fn column_name(&self, index: usize) -> String {
        self.row
            .as_ref()
            .column_name(index)
            .map_or_else(|_| format!("column {index}"), str::to_string)
    }

    fn optional_text(&mut self) -> Result<Option<String>, ReadError> {
        let index = self.next;
        let text = self.optional_long_text()?;
        if let Some(chars) = text.as_deref().and_then(chars_over_limit) {
            return Err(ReadError::Limit(LimitError::TextTooLong {
                place: format!("{} row {}", self.table, self.pos),
                field: self.column_name(index),
                chars,
            }));
        }
        Ok(text)
    }

    /// Text of any length: only for a scenario's stored plan, whose own fields are checked.
    fn optional_long_text(&mut self) -> Result<Option<String>, ReadError> {
        match self.next_value()? {
            (ValueRef::Null, _) => Ok(None),
            (ValueRef::Text(bytes), index) => String::from_utf8(bytes.to_vec())
                .map(Some)
                .map_err(|_| self.wrong(index, "the text is not valid UTF-8")),
            (other, index) => Err(self.wrong(index, &found(other, "text"))),
        }
    }

    fn long_text(&mut self) -> Result<String, ReadError> {
        let index = self.next;
        self.optional_long_text()?
            .ok_or_else(|| self.wrong(index, "holds nothing (NULL) where text is expected"))
    }

    fn text(&mut self) -> Result<String, ReadError> {
        let index = self.next;
        self.optional_text()?
            .ok_or_else(|| self.wrong(index, "holds nothing (NULL) where text is expected"))
    }

    fn optional_number(&mut self) -> Result<Option<f64>, ReadError> {
        match self.next_value()? {
            (ValueRef::Null, _) => Ok(None),
            (ValueRef::Real(number), _) => Ok(Some(number)),
            (ValueRef::Integer(number), _) => Ok(Some(number as f64)),
            (other, index) => Err(self.wrong(index, &found(other, "a number"))),
        }
    }

    fn number(&mut self) -> Result<f64, ReadError> {
        let index = self.next;
        self.optional_number()?
            .ok_or_else(|| self.wrong(index, "holds nothing (NULL) where a number is expected"))
    }

    fn integer(&mut self) -> Result<i64, ReadError> {
        let index = self.next;
        self.optional_integer()?.ok_or_else(|| {
            self.wrong(
                index,
                "holds nothing (NULL) where a whole number is expected",
            )
        })
    }

    fn optional_integer(&mut self) -> Result<Option<i64>, ReadError> {
        match self.next_value()? {
            (ValueRef::Null, _) => Ok(None),
            (ValueRef::Integer(number), _) => Ok(Some(number)),
            (other, index) => Err(self.wrong(index, &found(other, "a whole number"))),
        }
    }

    /// A lowercase name parsed by `parse`; `names` lists the accepted ones for the message.
    fn named<T>(&mut self, parse: fn(&str) -> Option<T>, names: &str) -> Result<T, ReadError> {
        let index = self.next;
        let text = self.text()?;
        parse(&text).ok_or_else(|| self.wrong(index, &format!("'{text}' is not one of {names}")))
    }
}

/// "holds text where a number is expected", for a cell of the wrong type.
fn found(value: ValueRef<'_>, expected: &str) -> String {
    let kind = match value {
        ValueRef::Null => "nothing (NULL)",
        ValueRef::Integer(_) => "a whole number",
        ValueRef::Real(_) => "a decimal number",
        ValueRef::Text(_) => "text",
        ValueRef::Blob(_) => "binary data",
    };
    format!("holds {kind} where {expected} is expected")
}
