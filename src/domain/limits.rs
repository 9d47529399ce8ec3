//! Size limits of a plan: rows per table and characters per text field, and the magnitude
//! limits that keep every computation on valid data exact and fast (whole numbers, queue loads).
//!
//! A plan is typed in or imported by people; a million rows in one table or a text field longer
//! than a page is a broken or hostile file, not a plan. Refusing such input early, with a message
//! naming the table, row and field, keeps the app responsive and its memory bounded. The same
//! limits apply when a plan file is opened, when JSON or CSV is imported and when a plan is saved,
//! so a plan that was accepted once can always be opened again.

use thiserror::Error;

use super::fxhash::FxHashMap;
use super::model::Plan;
use super::validate::Problem;

/// Most rows one table of a plan may hold.
pub const MAX_ROWS_PER_TABLE: usize = 1_000_000;

/// Most characters (Unicode scalar values) one text field may hold.
///
/// A scenario's stored plan is not a text field in this sense: it is a whole plan, whose own
/// tables and fields are held to these limits instead.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// A plan larger than the limits allow; the message names the table, and the row and field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LimitError {
    /// A table has more than [`MAX_ROWS_PER_TABLE`] rows.
    #[error(
        "table {table} has {rows} rows, more than the {MAX_ROWS_PER_TABLE} rows a table may hold"
    )]
    TooManyRows {
        /// The table, prefixed by its scenario when it belongs to one.
        table: String,
        /// How many rows it has.
        rows: usize,
    },
    /// A text field has more than [`MAX_TEXT_CHARS`] characters.
    #[error(
        "{place}, field {field}: {chars} characters, more than the {MAX_TEXT_CHARS} a text field \
         may hold"
    )]
    TextTooLong {
        /// Table and 1-based row, e.g. `items row 3`.
        place: String,
        /// The field name as in the plan JSON format.
        field: String,
        /// How many characters it has.
        chars: usize,
    },
}

/// Largest magnitude of a whole number in a plan that no other rule bounds: counts (inspected,
/// defective, defect counts, production counts), labels (subgroups and control-limit ranges,
/// routing `seq`, production and downtime periods) and sizes (units, `order_periods`, forecast
/// `window` and `season_length`).
///
/// Why 10^12: it is far beyond any real count, and a table of [`MAX_ROWS_PER_TABLE`] rows of
/// such values sums to at most 10^18, below `i64::MAX` (about 9.2·10^18). So no sum of one
/// column and no `label + 1` of a valid plan can wrap: two inspection lots of 6·10^18 units
/// would otherwise sum to a negative number and give p̄ = −0.78.
pub const MAX_WHOLE_NUMBER: i64 = 1_000_000_000_000;

/// Largest magnitude of a real number in a plan: 10^15 (validation's `finite`, which every
/// real-number rule starts with, reports a number beyond it with its table, row and field).
///
/// Why 10^15: it is beyond any price, quantity, hour or cost of a real plan (a thousand million
/// million), and keeps every product of two such numbers (10^30), summed over a million rows and
/// ten thousand periods (10^40), far inside `f64` (about 1.8·10^308).
pub const MAX_REAL_MAGNITUDE: f64 = 1e15;

/// Smallest positive value of a number the analytics divide by (a yield, an efficiency, a lot
/// size, a resource's hours, a working share, …): 10^-6.
///
/// Why 10^-6: a yield of one in a million or an hour of 3.6 ms is already no real process, and
/// dividing a number within [`MAX_REAL_MAGNITUDE`] by it stays within 10^21.
pub const MIN_DIVISOR: f64 = 1e-6;

/// Largest offered load of a queue, `λ · service_min / 60`, in Erlangs (servers busy at once).
///
/// Why 10,000: the Erlang B recursion behind every queue figure takes about one step per
/// server up to the load (then stops once the probability of waiting underflows), so its cost
/// grows with the load, not with the servers. Ten thousand servers busy at all times is beyond
/// any branch, clinic or call centre; a queue at this load costs about 10^4 steps (tens of
/// microseconds) per period, so the queues of a valid plan take well under a second.
pub const MAX_OFFERED_LOAD: f64 = 10_000.0;

/// Every whole number beyond ±[`MAX_WHOLE_NUMBER`] and every queue load beyond
/// [`MAX_OFFERED_LOAD`], each as a problem naming the table, row and field (validation adds
/// these to its own). Fields other rules already bound (periods of the horizon, history
/// periods, lead times) are left to them.
pub fn magnitude_problems(plan: &Plan) -> Vec<Problem> {
    let mut found = Vec::new();
    let mut check = |table: &'static str, row: usize, key: &str, field: &'static str, n: i64| {
        if n.unsigned_abs() > MAX_WHOLE_NUMBER.unsigned_abs() {
            found.push(Problem {
                table,
                row: Some(row + 1),
                key: (!key.is_empty()).then(|| key.to_string()),
                field,
                message: format!(
                    "{n} is beyond the ±{MAX_WHOLE_NUMBER} a whole number in a plan may be"
                ),
            });
        }
    };
    for (row, item) in plan.items.iter().enumerate() {
        if let Some(periods) = item.order_periods {
            check("items", row, &item.code, "order_periods", periods);
        }
    }
    for (row, r) in plan.resources.iter().enumerate() {
        check("resources", row, &r.code, "units", r.units);
    }
    for (row, step) in plan.routing.iter().enumerate() {
        check("routing", row, &step.item, "seq", step.seq);
    }
    for (row, m) in plan.measurements.iter().enumerate() {
        check(
            "measurements",
            row,
            &m.characteristic,
            "subgroup",
            m.subgroup,
        );
    }
    for (row, limit) in plan.control_limits.iter().enumerate() {
        let key = &limit.characteristic;
        check(
            "control_limits",
            row,
            key,
            "from_subgroup",
            limit.from_subgroup,
        );
        check("control_limits", row, key, "to_subgroup", limit.to_subgroup);
    }
    for (row, lot) in plan.inspections.iter().enumerate() {
        check("inspections", row, &lot.item, "inspected", lot.inspected);
        check("inspections", row, &lot.item, "defective", lot.defective);
    }
    for (row, defect) in plan.defects.iter().enumerate() {
        check("defects", row, &defect.item, "count", defect.count);
    }
    for (row, rp) in plan.resource_periods.iter().enumerate() {
        if let Some(units) = rp.units {
            check("resource_periods", row, &rp.resource, "units", units);
        }
    }
    for (row, f) in plan.forecast_settings.iter().enumerate() {
        check("forecast_settings", row, &f.item, "window", f.window);
        if let Some(season) = f.season_length {
            check("forecast_settings", row, &f.item, "season_length", season);
        }
    }
    for (row, log) in plan.production_log.iter().enumerate() {
        check("production_log", row, &log.resource, "period", log.period);
        check(
            "production_log",
            row,
            &log.resource,
            "total_count",
            log.total_count,
        );
        if let Some(good) = log.good_count {
            check("production_log", row, &log.resource, "good_count", good);
        }
    }
    for (row, stop) in plan.downtime.iter().enumerate() {
        check("downtime", row, &stop.resource, "period", stop.period);
    }
    found.extend(queue_load_problems(plan));
    found
}

/// Queues and queue_arrivals rows whose offered load is over [`MAX_OFFERED_LOAD`].
fn queue_load_problems(plan: &Plan) -> Vec<Problem> {
    let mut found = Vec::new();
    let mut too_heavy = |table: &'static str, row: usize, key: &str, arrival: f64, service: f64| {
        let load = arrival * service / 60.0;
        if load > MAX_OFFERED_LOAD {
            found.push(Problem {
                table,
                row: Some(row + 1),
                key: (!key.is_empty()).then(|| key.to_string()),
                field: "arrival_per_hour",
                message: format!(
                    "{arrival} arrivals per hour of {service} min each keep {load} servers busy at \
                     once, more than the {MAX_OFFERED_LOAD} one queue may; split it into several \
                     queues"
                ),
            });
        }
    };
    let mut service_of: FxHashMap<&str, f64> = FxHashMap::default();
    for (row, queue) in plan.queues.iter().enumerate() {
        service_of.entry(&queue.code).or_insert(queue.service_min);
        too_heavy(
            "queues",
            row,
            &queue.code,
            queue.arrival_per_hour,
            queue.service_min,
        );
    }
    for (row, arrival) in plan.queue_arrivals.iter().enumerate() {
        if let Some(&service) = service_of.get(arrival.queue.as_str()) {
            too_heavy(
                "queue_arrivals",
                row,
                &arrival.queue,
                arrival.arrival_per_hour,
                service,
            );
        }
    }
    found
}

/// The number of characters of `text` when it is over [`MAX_TEXT_CHARS`], else `None`.
///
/// Counting is skipped for texts whose byte length already proves them short enough.
pub fn chars_over_limit(text: &str) -> Option<usize> {
    if text.len() <= MAX_TEXT_CHARS {
        return None;
    }
    let chars = text.chars().count();
    (chars > MAX_TEXT_CHARS).then_some(chars)
}

/// Checks every table's row count, then every text field, scenarios' plans included.
///
/// Returns the first limit exceeded, in table order (DESIGN.md §1).
pub fn check_limits(plan: &Plan) -> Result<(), LimitError> {
    check_plan(plan, "")
}

fn check_plan(plan: &Plan, prefix: &str) -> Result<(), LimitError> {
    check_row_counts(plan, prefix)?;
    check_settings_text(plan, prefix)?;
    check_production_text(plan, prefix)?;
    check_quality_text(plan, prefix)?;
    check_queue_text(plan, prefix)?;
    check_planning_text(plan, prefix)?;
    check_shop_floor_text(plan, prefix)?;
    check_scenarios(plan, prefix)
}

fn check_row_counts(plan: &Plan, prefix: &str) -> Result<(), LimitError> {
    let counts = [
        ("items", plan.items.len()),
        ("bom", plan.bom.len()),
        ("resources", plan.resources.len()),
        ("routing", plan.routing.len()),
        ("demand", plan.demand.len()),
        ("characteristics", plan.characteristics.len()),
        ("measurements", plan.measurements.len()),
        ("control_limits", plan.control_limits.len()),
        ("chart_settings", plan.chart_settings.len()),
        ("inspections", plan.inspections.len()),
        ("defects", plan.defects.len()),
        ("queues", plan.queues.len()),
        ("queue_arrivals", plan.queue_arrivals.len()),
        ("receipts", plan.receipts.len()),
        ("master_schedule", plan.master_schedule.len()),
        ("calendar", plan.calendar.len()),
        ("resource_periods", plan.resource_periods.len()),
        ("history", plan.history.len()),
        ("forecast_settings", plan.forecast_settings.len()),
        ("production_log", plan.production_log.len()),
        ("downtime", plan.downtime.len()),
        ("scenarios", plan.scenarios.len()),
    ];
    match counts
        .into_iter()
        .find(|(_, rows)| *rows > MAX_ROWS_PER_TABLE)
    {
        Some((table, rows)) => Err(LimitError::TooManyRows {
            table: format!("{prefix}{table}"),
            rows,
        }),
        None => Ok(()),
    }
}

fn check_settings_text(plan: &Plan, prefix: &str) -> Result<(), LimitError> {
    let s = &plan.settings;
    let start_date = s.start_date.as_deref().unwrap_or("");
    check_rows(&format!("{prefix}plan"), std::slice::from_ref(s), |_| {
        [
            ("name", s.name.as_str()),
            ("currency", &s.currency),
            ("start_date", start_date),
        ]
    })
}

fn check_production_text(plan: &Plan, prefix: &str) -> Result<(), LimitError> {
    check_rows(&format!("{prefix}items"), &plan.items, |i| {
        [
            ("code", i.code.as_str()),
            ("name", &i.name),
            ("unit", &i.unit),
        ]
    })?;
    check_rows(&format!("{prefix}bom"), &plan.bom, |b| {
        [("parent", b.parent.as_str()), ("child", &b.child)]
    })?;
    check_rows(&format!("{prefix}resources"), &plan.resources, |r| {
        [("code", r.code.as_str()), ("name", &r.name)]
    })?;
    check_rows(&format!("{prefix}routing"), &plan.routing, |s| {
        [
            ("item", s.item.as_str()),
            ("name", &s.name),
            ("resource", &s.resource),
        ]
    })?;
    check_rows(&format!("{prefix}demand"), &plan.demand, |d| {
        [("item", d.item.as_str())]
    })
}

fn check_quality_text(plan: &Plan, prefix: &str) -> Result<(), LimitError> {
    check_rows(
        &format!("{prefix}characteristics"),
        &plan.characteristics,
        |c| {
            [
                ("code", c.code.as_str()),
                ("item", &c.item),
                ("name", &c.name),
                ("unit", &c.unit),
            ]
        },
    )?;
    check_rows(&format!("{prefix}measurements"), &plan.measurements, |m| {
        [("characteristic", m.characteristic.as_str())]
    })?;
    check_rows(
        &format!("{prefix}control_limits"),
        &plan.control_limits,
        |c| [("characteristic", c.characteristic.as_str())],
    )?;
    check_rows(
        &format!("{prefix}chart_settings"),
        &plan.chart_settings,
        |c| [("characteristic", c.characteristic.as_str())],
    )?;
    check_rows(&format!("{prefix}inspections"), &plan.inspections, |i| {
        [("item", i.item.as_str()), ("lot", &i.lot)]
    })?;
    check_rows(&format!("{prefix}defects"), &plan.defects, |d| {
        [
            ("item", d.item.as_str()),
            ("lot", &d.lot),
            ("type", &d.defect_type),
        ]
    })
}

fn check_queue_text(plan: &Plan, prefix: &str) -> Result<(), LimitError> {
    check_rows(&format!("{prefix}queues"), &plan.queues, |q| {
        [
            ("code", q.code.as_str()),
            ("name", &q.name),
            ("resource", &q.resource),
        ]
    })?;
    check_rows(
        &format!("{prefix}queue_arrivals"),
        &plan.queue_arrivals,
        |a| [("queue", a.queue.as_str())],
    )
}

fn check_planning_text(plan: &Plan, prefix: &str) -> Result<(), LimitError> {
    check_rows(&format!("{prefix}receipts"), &plan.receipts, |r| {
        [("item", r.item.as_str())]
    })?;
    check_rows(
        &format!("{prefix}master_schedule"),
        &plan.master_schedule,
        |m| [("item", m.item.as_str())],
    )?;
    check_rows(
        &format!("{prefix}resource_periods"),
        &plan.resource_periods,
        |r| [("resource", r.resource.as_str())],
    )?;
    check_rows(&format!("{prefix}history"), &plan.history, |h| {
        [("item", h.item.as_str())]
    })?;
    check_rows(
        &format!("{prefix}forecast_settings"),
        &plan.forecast_settings,
        |f| [("item", f.item.as_str())],
    )
}

fn check_shop_floor_text(plan: &Plan, prefix: &str) -> Result<(), LimitError> {
    check_rows(
        &format!("{prefix}production_log"),
        &plan.production_log,
        |p| {
            [
                ("resource", p.resource.as_str()),
                ("item", p.item.as_deref().unwrap_or("")),
            ]
        },
    )?;
    check_rows(&format!("{prefix}downtime"), &plan.downtime, |d| {
        [("resource", d.resource.as_str()), ("reason", &d.reason)]
    })
}

/// Each scenario's name, then its plan with places prefixed "scenarios row N (NAME): ".
fn check_scenarios(plan: &Plan, prefix: &str) -> Result<(), LimitError> {
    let table = format!("{prefix}scenarios");
    check_rows(&table, &plan.scenarios, |s| [("name", s.name.as_str())])?;
    for (row, scenario) in (1..).zip(&plan.scenarios) {
        check_plan(
            &scenario.plan,
            &format!("{table} row {row} ({}): ", scenario.name),
        )?;
    }
    Ok(())
}

/// The first text field over the limit among `fields(row)` over `rows`.
fn check_rows<'a, T, const N: usize>(
    table: &str,
    rows: &'a [T],
    fields: impl Fn(&'a T) -> [(&'static str, &'a str); N],
) -> Result<(), LimitError> {
    for (row, value) in (1..).zip(rows) {
        for (field, text) in fields(value) {
            if let Some(chars) = chars_over_limit(text) {
                return Err(LimitError::TextTooLong {
                    place: format!("{table} row {row}"),
                    field: field.to_string(),
                    chars,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        Defect, DowntimeRow, Inspection, Item, Measurement, ProductionLogRow, Queue, QueueArrival,
        Scenario,
    };

    #[test]
    fn text_of_exactly_the_limit_passes_and_one_more_character_fails() {
        // 'é' is 2 bytes: 10,000 of them are 20,000 bytes but only 10,000 characters.
        assert_eq!(chars_over_limit(&"é".repeat(MAX_TEXT_CHARS)), None);
        assert_eq!(
            chars_over_limit(&"é".repeat(MAX_TEXT_CHARS + 1)),
            Some(10_001)
        );
        assert_eq!(chars_over_limit(&"a".repeat(MAX_TEXT_CHARS)), None);
    }

    #[test]
    fn long_defect_type_is_named_with_table_row_and_field() {
        let plan = Plan {
            defects: vec![
                Defect::default(),
                Defect {
                    defect_type: "x".repeat(10_001),
                    ..Defect::default()
                },
            ],
            ..Plan::default()
        };
        let error = check_limits(&plan).expect_err("over the limit");
        assert_eq!(
            error.to_string(),
            "defects row 2, field type: 10001 characters, more than the 10000 a text field may hold"
        );
    }

    #[test]
    fn too_many_rows_names_the_table() {
        let plan = Plan {
            items: vec![Item::default(); MAX_ROWS_PER_TABLE + 1],
            ..Plan::default()
        };
        assert_eq!(
            check_limits(&plan),
            Err(LimitError::TooManyRows {
                table: "items".to_string(),
                rows: 1_000_001
            })
        );
    }

    #[test]
    fn scenario_plans_are_checked_with_the_scenario_named() {
        let inner = Plan {
            items: vec![Item {
                name: "n".repeat(12_345),
                ..Item::default()
            }],
            ..Plan::default()
        };
        let plan = Plan {
            scenarios: vec![Scenario {
                name: "Peak".to_string(),
                plan: Box::new(inner),
            }],
            ..Plan::default()
        };
        assert_eq!(
            check_limits(&plan),
            Err(LimitError::TextTooLong {
                place: "scenarios row 1 (Peak): items row 1".to_string(),
                field: "name".to_string(),
                chars: 12_345
            })
        );
    }

    #[test]
    fn long_text_in_the_shop_floor_tables_is_named() {
        // Loading reads every text cell against the same limit, so a longer text saved here
        // would make the file impossible to open again.
        let plan = Plan {
            production_log: vec![ProductionLogRow {
                item: Some("i".repeat(10_002)),
                ..ProductionLogRow::default()
            }],
            ..Plan::default()
        };
        assert_eq!(
            check_limits(&plan),
            Err(LimitError::TextTooLong {
                place: "production_log row 1".to_string(),
                field: "item".to_string(),
                chars: 10_002
            })
        );
        let plan = Plan {
            downtime: vec![DowntimeRow::default(); MAX_ROWS_PER_TABLE + 1],
            ..Plan::default()
        };
        assert_eq!(
            check_limits(&plan),
            Err(LimitError::TooManyRows {
                table: "downtime".to_string(),
                rows: 1_000_001
            })
        );
    }

    fn frame_plan() -> Plan {
        Plan {
            items: vec![Item {
                code: "FRAME".to_string(),
                ..Item::default()
            }],
            ..Plan::default()
        }
    }

    fn messages_of(plan: &Plan) -> Vec<String> {
        crate::domain::validate(plan)
            .problems
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn counts_whose_sums_could_wrap_are_refused_naming_table_row_and_field() {
        // Two lots of 6e18 units sum past i64::MAX (9.2e18); each is beyond 10^12.
        let mut plan = frame_plan();
        for lot in ["L1", "L2"] {
            plan.inspections.push(Inspection {
                item: "FRAME".to_string(),
                lot: lot.to_string(),
                inspected: 6_000_000_000_000_000_000,
                defective: 1,
            });
        }
        assert_eq!(
            messages_of(&plan),
            vec![
                "inspections row 1 (FRAME), field inspected: 6000000000000000000 is beyond the \
                 ±1000000000000 a whole number in a plan may be",
                "inspections row 2 (FRAME), field inspected: 6000000000000000000 is beyond the \
                 ±1000000000000 a whole number in a plan may be",
            ]
        );
        // Exactly the limit is accepted, one more is not; the same for a subgroup label
        // (where `label + 1` must not wrap) and a production count.
        plan.inspections.truncate(1);
        plan.inspections[0].inspected = MAX_WHOLE_NUMBER;
        assert_eq!(messages_of(&plan), Vec::<String>::new());
        plan.inspections[0].inspected = MAX_WHOLE_NUMBER + 1;
        plan.inspections[0].defective = -MAX_WHOLE_NUMBER - 1;
        let messages = messages_of(&plan);
        assert!(
            messages.contains(
                &"inspections row 1 (FRAME), field defective: -1000000000001 is beyond the \
                  ±1000000000000 a whole number in a plan may be"
                    .to_string()
            ),
            "{messages:?}"
        );
        let plan = Plan {
            measurements: vec![Measurement {
                characteristic: "D1".to_string(),
                subgroup: i64::MAX,
                value: 1.0,
            }],
            production_log: vec![ProductionLogRow {
                resource: "PAINT".to_string(),
                total_count: i64::MAX,
                ..ProductionLogRow::default()
            }],
            ..Plan::default()
        };
        let fields: Vec<(&str, Option<usize>, &str)> = magnitude_problems(&plan)
            .iter()
            .map(|p| (p.table, p.row, p.field))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("measurements", Some(1), "subgroup"),
                ("production_log", Some(1), "total_count"),
            ]
        );
    }

    #[test]
    fn queue_loads_beyond_ten_thousand_erlangs_are_refused() {
        // Base rate: 130,000/h × 5 min / 60 = 10,833.3 Erlangs > 10,000: refused.
        // Period row: 120,000/h × 5 / 60 = 10,000 Erlangs exactly: accepted.
        let plan = Plan {
            queues: vec![Queue {
                code: "HELP".to_string(),
                arrival_per_hour: 130_000.0,
                service_min: 5.0,
                ..Queue::default()
            }],
            queue_arrivals: vec![
                QueueArrival {
                    queue: "HELP".to_string(),
                    period: 1,
                    arrival_per_hour: 120_000.0,
                },
                QueueArrival {
                    queue: "HELP".to_string(),
                    period: 2,
                    arrival_per_hour: 1e9,
                },
            ],
            ..Plan::default()
        };
        let problems: Vec<String> = magnitude_problems(&plan)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("queues row 1 (HELP), field arrival_per_hour: 130000 arrivals"),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].starts_with("queue_arrivals row 2 (HELP), field arrival_per_hour:"),
            "{}",
            problems[1]
        );
    }
}
