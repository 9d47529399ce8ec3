//! The SQL schema of plan files, version 2: one table per domain table (DESIGN.md §1).
//!
//! Version 1 is [`TABLES_V1`] and [`INDEXES_V1`]; version 2 adds the planning, calendar,
//! forecasting and shop-floor fields and tables ([`TABLES_V2`], [`INDEXES_V2`]). A new file runs
//! the same scripts, in order, as an upgraded one, so both end with the same schema text (the
//! open-time schema check compares that text exactly).
//!
//! # Why the constraints are what they are
//!
//! A plan file must hold whatever the user has, including a plan they have not finished fixing:
//! two new rows that both still have an empty code, a routing step naming a resource not yet
//! created, a yield of 1.5 typed by mistake. Refusing to save such a plan would lose work, so the
//! schema only encodes what the Rust domain types themselves guarantee, and leaves every business
//! rule (uniqueness, ranges, references) to `domain::validate`:
//!
//! - `NOT NULL` on every non-optional field; `STRICT` tables, so integers and text keep their type.
//! - Enum fields hold their lowercase name and are checked against the list of names.
//! - Numbers (`f64`) are finite reals. They are declared `ANY` with a `typeof(x) = 'real'` check
//!   instead of `REAL`: a `REAL` column stores integral values as integers and turns `-0.0` into
//!   `0.0`, while round-trips must be bit-exact. Save refuses NaN and ±∞ before writing (SQLite
//!   would store NaN as NULL, and JSON has no infinity). Save builds every row so that it meets
//!   these checks and writes with `PRAGMA ignore_check_constraints` on (a sixth of the save time
//!   of a large plan); `PRAGMA integrity_check` on a writable connection evaluates them on a
//!   saved file (tested). Read-only connections, as load uses, do not evaluate CHECK
//!   constraints at all, so load checks every value's type and name itself.
//! - The `plan` table has exactly one row (`id = 1`); scenario plans must be valid JSON.
//! - Codes are **not** unique in `items`, `resources`, `characteristics` and `queues`: duplicates
//!   happen while editing. Foreign keys need a unique parent, so each code namespace has a key table
//!   (`item_codes`, …) holding the distinct codes defined by its table; the defining table and every
//!   referencing column have a `REFERENCES …_codes(code)` foreign key, and each of those columns is
//!   indexed. Save writes with `PRAGMA foreign_keys` off, so a plan with dangling references is
//!   kept exactly as it is; `PRAGMA foreign_key_check` lists them, and lists nothing for a plan
//!   whose references all resolve (tested). Enforcing the keys while writing would only re-check
//!   rows this module builds itself, for about a quarter of the save time of a large plan.
//! - Every data table has `pos INTEGER PRIMARY KEY`, the 1-based row number in plan order; load reads
//!   `ORDER BY pos`, so row order survives and validation messages' row numbers match the file.

/// Creates every table of schema version 1 in an empty database.
///
/// Frozen: a later schema version is reached by a new migration step, never by editing this text.
pub(crate) const TABLES_V1: &str = r#"
CREATE TABLE plan (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    period_unit TEXT NOT NULL CHECK (period_unit IN ('day', 'week', 'month')),
    periods INTEGER NOT NULL,
    periods_per_year ANY CHECK (periods_per_year IS NULL OR (typeof(periods_per_year) = 'real'
        AND abs(periods_per_year) <= 1.7976931348623157e308)),
    start_date TEXT
) STRICT;

CREATE TABLE item_codes (code TEXT PRIMARY KEY NOT NULL) STRICT, WITHOUT ROWID;
CREATE TABLE resource_codes (code TEXT PRIMARY KEY NOT NULL) STRICT, WITHOUT ROWID;
CREATE TABLE characteristic_codes (code TEXT PRIMARY KEY NOT NULL) STRICT, WITHOUT ROWID;
CREATE TABLE queue_codes (code TEXT PRIMARY KEY NOT NULL) STRICT, WITHOUT ROWID;

CREATE TABLE items (
    pos INTEGER PRIMARY KEY,
    code TEXT NOT NULL REFERENCES item_codes (code),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('finished', 'component', 'material', 'service')),
    unit TEXT NOT NULL,
    price ANY NOT NULL CHECK (typeof(price) = 'real' AND abs(price) <= 1.7976931348623157e308),
    purchase_cost ANY NOT NULL CHECK (typeof(purchase_cost) = 'real'
        AND abs(purchase_cost) <= 1.7976931348623157e308),
    lot_size ANY CHECK (lot_size IS NULL OR (typeof(lot_size) = 'real'
        AND abs(lot_size) <= 1.7976931348623157e308))
) STRICT;

CREATE TABLE bom (
    pos INTEGER PRIMARY KEY,
    parent TEXT NOT NULL REFERENCES item_codes (code),
    child TEXT NOT NULL REFERENCES item_codes (code),
    qty ANY NOT NULL CHECK (typeof(qty) = 'real' AND abs(qty) <= 1.7976931348623157e308)
) STRICT;

CREATE TABLE resources (
    pos INTEGER PRIMARY KEY,
    code TEXT NOT NULL REFERENCES resource_codes (code),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('machine', 'line', 'labour', 'desk', 'server')),
    units INTEGER NOT NULL,
    hours_per_period ANY NOT NULL CHECK (typeof(hours_per_period) = 'real'
        AND abs(hours_per_period) <= 1.7976931348623157e308),
    efficiency ANY NOT NULL CHECK (typeof(efficiency) = 'real'
        AND abs(efficiency) <= 1.7976931348623157e308),
    cost_per_hour ANY NOT NULL CHECK (typeof(cost_per_hour) = 'real'
        AND abs(cost_per_hour) <= 1.7976931348623157e308),
    fixed_cost_per_period ANY NOT NULL CHECK (typeof(fixed_cost_per_period) = 'real'
        AND abs(fixed_cost_per_period) <= 1.7976931348623157e308),
    capital_cost ANY NOT NULL CHECK (typeof(capital_cost) = 'real'
        AND abs(capital_cost) <= 1.7976931348623157e308),
    life_years ANY NOT NULL CHECK (typeof(life_years) = 'real'
        AND abs(life_years) <= 1.7976931348623157e308)
) STRICT;

CREATE TABLE routing (
    pos INTEGER PRIMARY KEY,
    item TEXT NOT NULL REFERENCES item_codes (code),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    resource TEXT NOT NULL REFERENCES resource_codes (code),
    setup_min ANY NOT NULL CHECK (typeof(setup_min) = 'real'
        AND abs(setup_min) <= 1.7976931348623157e308),
    run_min ANY NOT NULL CHECK (typeof(run_min) = 'real'
        AND abs(run_min) <= 1.7976931348623157e308),
    "yield" ANY NOT NULL CHECK (typeof("yield") = 'real'
        AND abs("yield") <= 1.7976931348623157e308)
) STRICT;

CREATE TABLE demand (
    pos INTEGER PRIMARY KEY,
    item TEXT NOT NULL REFERENCES item_codes (code),
    period INTEGER NOT NULL,
    qty ANY NOT NULL CHECK (typeof(qty) = 'real' AND abs(qty) <= 1.7976931348623157e308)
) STRICT;

CREATE TABLE characteristics (
    pos INTEGER PRIMARY KEY,
    code TEXT NOT NULL REFERENCES characteristic_codes (code),
    item TEXT NOT NULL REFERENCES item_codes (code),
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    lsl ANY CHECK (lsl IS NULL OR (typeof(lsl) = 'real'
        AND abs(lsl) <= 1.7976931348623157e308)),
    target ANY CHECK (target IS NULL OR (typeof(target) = 'real'
        AND abs(target) <= 1.7976931348623157e308)),
    usl ANY CHECK (usl IS NULL OR (typeof(usl) = 'real'
        AND abs(usl) <= 1.7976931348623157e308))
) STRICT;

CREATE TABLE measurements (
    pos INTEGER PRIMARY KEY,
    characteristic TEXT NOT NULL REFERENCES characteristic_codes (code),
    subgroup INTEGER NOT NULL,
    value ANY NOT NULL CHECK (typeof(value) = 'real' AND abs(value) <= 1.7976931348623157e308)
) STRICT;

CREATE TABLE control_limits (
    pos INTEGER PRIMARY KEY,
    characteristic TEXT NOT NULL REFERENCES characteristic_codes (code),
    from_subgroup INTEGER NOT NULL,
    to_subgroup INTEGER NOT NULL
) STRICT;

CREATE TABLE chart_settings (
    pos INTEGER PRIMARY KEY,
    characteristic TEXT NOT NULL REFERENCES characteristic_codes (code),
    ewma_lambda ANY NOT NULL CHECK (typeof(ewma_lambda) = 'real'
        AND abs(ewma_lambda) <= 1.7976931348623157e308),
    ewma_l ANY NOT NULL CHECK (typeof(ewma_l) = 'real'
        AND abs(ewma_l) <= 1.7976931348623157e308),
    cusum_k ANY NOT NULL CHECK (typeof(cusum_k) = 'real'
        AND abs(cusum_k) <= 1.7976931348623157e308),
    cusum_h ANY NOT NULL CHECK (typeof(cusum_h) = 'real'
        AND abs(cusum_h) <= 1.7976931348623157e308),
    center ANY CHECK (center IS NULL OR (typeof(center) = 'real'
        AND abs(center) <= 1.7976931348623157e308)),
    sigma ANY CHECK (sigma IS NULL OR (typeof(sigma) = 'real'
        AND abs(sigma) <= 1.7976931348623157e308))
) STRICT;

CREATE TABLE inspections (
    pos INTEGER PRIMARY KEY,
    item TEXT NOT NULL REFERENCES item_codes (code),
    lot TEXT NOT NULL,
    inspected INTEGER NOT NULL,
    defective INTEGER NOT NULL
) STRICT;

CREATE TABLE defects (
    pos INTEGER PRIMARY KEY,
    item TEXT NOT NULL REFERENCES item_codes (code),
    lot TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "count" INTEGER NOT NULL
) STRICT;

CREATE TABLE queues (
    pos INTEGER PRIMARY KEY,
    code TEXT NOT NULL REFERENCES queue_codes (code),
    name TEXT NOT NULL,
    resource TEXT NOT NULL REFERENCES resource_codes (code),
    arrival_per_hour ANY NOT NULL CHECK (typeof(arrival_per_hour) = 'real'
        AND abs(arrival_per_hour) <= 1.7976931348623157e308),
    service_min ANY NOT NULL CHECK (typeof(service_min) = 'real'
        AND abs(service_min) <= 1.7976931348623157e308),
    target_wait_min ANY NOT NULL CHECK (typeof(target_wait_min) = 'real'
        AND abs(target_wait_min) <= 1.7976931348623157e308),
    target_service_level ANY NOT NULL CHECK (typeof(target_service_level) = 'real'
        AND abs(target_service_level) <= 1.7976931348623157e308)
) STRICT;

CREATE TABLE queue_arrivals (
    pos INTEGER PRIMARY KEY,
    queue TEXT NOT NULL REFERENCES queue_codes (code),
    period INTEGER NOT NULL,
    arrival_per_hour ANY NOT NULL CHECK (typeof(arrival_per_hour) = 'real'
        AND abs(arrival_per_hour) <= 1.7976931348623157e308)
) STRICT;

CREATE TABLE scenarios (
    pos INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    plan TEXT NOT NULL CHECK (json_valid(plan))
) STRICT;
"#;

/// Creates the indexes of schema version 1, one per foreign-key column.
///
/// Separate from the tables so that save can build them after inserting the rows: sorting once
/// is about twice as fast as updating the indexes row by row. Frozen like [`TABLES_V1`].
pub(crate) const INDEXES_V1: &str = r#"
CREATE INDEX items_code ON items (code);
CREATE INDEX bom_parent ON bom (parent);
CREATE INDEX bom_child ON bom (child);
CREATE INDEX resources_code ON resources (code);
CREATE INDEX routing_item ON routing (item);
CREATE INDEX routing_resource ON routing (resource);
CREATE INDEX demand_item ON demand (item);
CREATE INDEX characteristics_code ON characteristics (code);
CREATE INDEX characteristics_item ON characteristics (item);
CREATE INDEX measurements_characteristic ON measurements (characteristic);
CREATE INDEX control_limits_characteristic ON control_limits (characteristic);
CREATE INDEX chart_settings_characteristic ON chart_settings (characteristic);
CREATE INDEX inspections_item ON inspections (item);
CREATE INDEX defects_item ON defects (item);
CREATE INDEX queues_code ON queues (code);
CREATE INDEX queues_resource ON queues (resource);
CREATE INDEX queue_arrivals_queue ON queue_arrivals (queue);
"#;

/// Upgrades the tables of version 1 to version 2 (DESIGN.md §1 of the MRP, levelling,
/// forecasting and OEE issues).
///
/// New columns of `plan`, `items` and `resources` are added with the domain defaults as column
/// defaults, so the rows of a version 1 file read back exactly as version 1 read them (the
/// defaults are what loading a version 1 file filled in). Enumerations hold their snake_case
/// names. Then the eight new tables, built like those of version 1. Frozen like [`TABLES_V1`].
pub(crate) const TABLES_V2: &str = r#"
ALTER TABLE plan ADD COLUMN holding_rate ANY NOT NULL DEFAULT 0.25
    CHECK (typeof(holding_rate) = 'real' AND abs(holding_rate) <= 1.7976931348623157e308);
ALTER TABLE plan ADD COLUMN backorder_factor ANY NOT NULL DEFAULT 4.0
    CHECK (typeof(backorder_factor) = 'real' AND abs(backorder_factor) <= 1.7976931348623157e308);
ALTER TABLE items ADD COLUMN on_hand ANY NOT NULL DEFAULT 0.0
    CHECK (typeof(on_hand) = 'real' AND abs(on_hand) <= 1.7976931348623157e308);
ALTER TABLE items ADD COLUMN safety_stock ANY NOT NULL DEFAULT 0.0
    CHECK (typeof(safety_stock) = 'real' AND abs(safety_stock) <= 1.7976931348623157e308);
ALTER TABLE items ADD COLUMN lead_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN order_policy TEXT NOT NULL DEFAULT 'lot_for_lot'
    CHECK (order_policy IN ('lot_for_lot', 'fixed', 'poq', 'eoq', 'wagner_whitin'));
ALTER TABLE items ADD COLUMN order_qty ANY
    CHECK (order_qty IS NULL OR (typeof(order_qty) = 'real'
        AND abs(order_qty) <= 1.7976931348623157e308));
ALTER TABLE items ADD COLUMN order_periods INTEGER;
ALTER TABLE items ADD COLUMN order_min ANY NOT NULL DEFAULT 0.0
    CHECK (typeof(order_min) = 'real' AND abs(order_min) <= 1.7976931348623157e308);
ALTER TABLE items ADD COLUMN order_multiple ANY
    CHECK (order_multiple IS NULL OR (typeof(order_multiple) = 'real'
        AND abs(order_multiple) <= 1.7976931348623157e308));
ALTER TABLE items ADD COLUMN order_cost ANY NOT NULL DEFAULT 0.0
    CHECK (typeof(order_cost) = 'real' AND abs(order_cost) <= 1.7976931348623157e308);
ALTER TABLE items ADD COLUMN backorder_cost ANY
    CHECK (backorder_cost IS NULL OR (typeof(backorder_cost) = 'real'
        AND abs(backorder_cost) <= 1.7976931348623157e308));
ALTER TABLE resources ADD COLUMN overtime_hours_per_period ANY NOT NULL DEFAULT 0.0
    CHECK (typeof(overtime_hours_per_period) = 'real'
        AND abs(overtime_hours_per_period) <= 1.7976931348623157e308);
ALTER TABLE resources ADD COLUMN overtime_premium_per_hour ANY
    CHECK (overtime_premium_per_hour IS NULL OR (typeof(overtime_premium_per_hour) = 'real'
        AND abs(overtime_premium_per_hour) <= 1.7976931348623157e308));

CREATE TABLE receipts (
    pos INTEGER PRIMARY KEY,
    item TEXT NOT NULL REFERENCES item_codes (code),
    period INTEGER NOT NULL,
    qty ANY NOT NULL CHECK (typeof(qty) = 'real' AND abs(qty) <= 1.7976931348623157e308)
) STRICT;

CREATE TABLE master_schedule (
    pos INTEGER PRIMARY KEY,
    item TEXT NOT NULL REFERENCES item_codes (code),
    period INTEGER NOT NULL,
    qty ANY NOT NULL CHECK (typeof(qty) = 'real' AND abs(qty) <= 1.7976931348623157e308)
) STRICT;

CREATE TABLE calendar (
    pos INTEGER PRIMARY KEY,
    period INTEGER NOT NULL,
    working_share ANY NOT NULL CHECK (typeof(working_share) = 'real'
        AND abs(working_share) <= 1.7976931348623157e308)
) STRICT;

CREATE TABLE resource_periods (
    pos INTEGER PRIMARY KEY,
    resource TEXT NOT NULL REFERENCES resource_codes (code),
    period INTEGER NOT NULL,
    units INTEGER,
    hours_per_period ANY CHECK (hours_per_period IS NULL OR (typeof(hours_per_period) = 'real'
        AND abs(hours_per_period) <= 1.7976931348623157e308)),
    overtime_hours ANY CHECK (overtime_hours IS NULL OR (typeof(overtime_hours) = 'real'
        AND abs(overtime_hours) <= 1.7976931348623157e308))
) STRICT;

CREATE TABLE history (
    pos INTEGER PRIMARY KEY,
    item TEXT NOT NULL REFERENCES item_codes (code),
    period INTEGER NOT NULL,
    qty ANY NOT NULL CHECK (typeof(qty) = 'real' AND abs(qty) <= 1.7976931348623157e308)
) STRICT;

CREATE TABLE forecast_settings (
    pos INTEGER PRIMARY KEY,
    item TEXT NOT NULL REFERENCES item_codes (code),
    method TEXT NOT NULL CHECK (method IN ('auto', 'moving_average', 'ses', 'holt',
        'holt_winters', 'croston')),
    "window" INTEGER NOT NULL,
    alpha ANY CHECK (alpha IS NULL OR (typeof(alpha) = 'real'
        AND abs(alpha) <= 1.7976931348623157e308)),
    beta ANY CHECK (beta IS NULL OR (typeof(beta) = 'real'
        AND abs(beta) <= 1.7976931348623157e308)),
    gamma ANY CHECK (gamma IS NULL OR (typeof(gamma) = 'real'
        AND abs(gamma) <= 1.7976931348623157e308)),
    phi ANY NOT NULL CHECK (typeof(phi) = 'real' AND abs(phi) <= 1.7976931348623157e308),
    season_length INTEGER
) STRICT;

CREATE TABLE production_log (
    pos INTEGER PRIMARY KEY,
    resource TEXT NOT NULL REFERENCES resource_codes (code),
    period INTEGER NOT NULL,
    item TEXT REFERENCES item_codes (code),
    planned_min ANY NOT NULL CHECK (typeof(planned_min) = 'real'
        AND abs(planned_min) <= 1.7976931348623157e308),
    downtime_min ANY NOT NULL CHECK (typeof(downtime_min) = 'real'
        AND abs(downtime_min) <= 1.7976931348623157e308),
    ideal_cycle_min ANY NOT NULL CHECK (typeof(ideal_cycle_min) = 'real'
        AND abs(ideal_cycle_min) <= 1.7976931348623157e308),
    total_count INTEGER NOT NULL,
    good_count INTEGER
) STRICT;

CREATE TABLE downtime (
    pos INTEGER PRIMARY KEY,
    resource TEXT NOT NULL REFERENCES resource_codes (code),
    period INTEGER NOT NULL,
    reason TEXT NOT NULL,
    minutes ANY NOT NULL CHECK (typeof(minutes) = 'real' AND abs(minutes) <= 1.7976931348623157e308)
) STRICT;
"#;

/// Creates the indexes of the version 2 tables, one per foreign-key column (`calendar` has none).
///
/// Frozen like [`TABLES_V1`].
pub(crate) const INDEXES_V2: &str = r#"
CREATE INDEX receipts_item ON receipts (item);
CREATE INDEX master_schedule_item ON master_schedule (item);
CREATE INDEX resource_periods_resource ON resource_periods (resource);
CREATE INDEX history_item ON history (item);
CREATE INDEX forecast_settings_item ON forecast_settings (item);
CREATE INDEX production_log_resource ON production_log (resource);
CREATE INDEX production_log_item ON production_log (item);
CREATE INDEX downtime_resource ON downtime (resource);
"#;

/// The scripts creating the tables a new file gets, run in order: those of every version.
///
/// The same scripts as the migration steps, so a new file and an upgraded one have the same
/// schema text.
pub(crate) const CURRENT_TABLES: &[&str] = &[TABLES_V1, TABLES_V2];

/// The scripts creating the indexes of a new file, run in order after its rows are inserted.
pub(crate) const CURRENT_INDEXES: &[&str] = &[INDEXES_V1, INDEXES_V2];

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::{CURRENT_INDEXES, CURRENT_TABLES};

    fn schema_db() -> Connection {
        let conn = Connection::open_in_memory().expect("in-memory database");
        // The bundled SQLite enforces foreign keys by default; these tests look at one table at a
        // time, so they turn enforcement off unless they test it.
        conn.execute_batch("PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = OFF;")
            .expect("pragma");
        for script in CURRENT_TABLES.iter().chain(CURRENT_INDEXES) {
            conn.execute_batch(script)
                .expect("every script is valid SQL");
        }
        conn
    }

    fn table_names(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .expect("prepare");
        stmt.query_map([], |row| row.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("names")
    }

    #[test]
    fn schema_has_the_23_domain_tables_and_4_key_tables() {
        let names = table_names(&schema_db());
        let expected = [
            "bom",
            "calendar",
            "characteristic_codes",
            "characteristics",
            "chart_settings",
            "control_limits",
            "defects",
            "demand",
            "downtime",
            "forecast_settings",
            "history",
            "inspections",
            "item_codes",
            "items",
            "master_schedule",
            "measurements",
            "plan",
            "production_log",
            "queue_arrivals",
            "queue_codes",
            "queues",
            "receipts",
            "resource_codes",
            "resource_periods",
            "resources",
            "routing",
            "scenarios",
        ];
        assert_eq!(names, expected);
    }

    #[test]
    fn negative_zero_keeps_its_sign_in_a_number_column() {
        // A REAL column would hand back +0.0; the ANY column must keep the sign bit.
        let conn = schema_db();
        conn.execute(
            "INSERT INTO bom (pos, parent, child, qty) VALUES (1, 'A', 'B', ?1)",
            [-0.0_f64],
        )
        .expect("insert");
        let qty: f64 = conn
            .query_row("SELECT qty FROM bom", [], |row| row.get(0))
            .expect("select");
        assert_eq!(qty.to_bits(), (-0.0_f64).to_bits());
    }

    #[test]
    fn checks_refuse_infinity_integers_in_number_columns_and_unknown_kinds() {
        let conn = schema_db();
        let insert_qty = |qty: &dyn rusqlite::ToSql| {
            conn.execute(
                "INSERT INTO bom (pos, parent, child, qty) VALUES (NULL, 'A', 'B', ?1)",
                [qty],
            )
        };
        assert!(insert_qty(&f64::INFINITY).is_err());
        assert!(insert_qty(&3_i64).is_err());
        assert!(insert_qty(&3.0_f64).is_ok());
        let bad_kind = conn.execute(
            "INSERT INTO items (pos, code, name, kind, unit, price, purchase_cost) \
             VALUES (1, 'X', '', 'gadget', 'pcs', 0.0, 0.0)",
            [],
        );
        assert!(bad_kind.is_err());
        let second_plan_row = conn.execute(
            "INSERT INTO plan (id, name, currency, period_unit, periods) \
             VALUES (2, 'P', 'EUR', 'week', 4)",
            [],
        );
        assert!(second_plan_row.is_err());
    }

    #[test]
    fn foreign_keys_resolve_through_the_key_tables_and_allow_duplicate_codes() {
        let conn = schema_db();
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             INSERT INTO item_codes VALUES ('A');
             INSERT INTO items (pos, code, name, kind, unit, price, purchase_cost)
                 VALUES (1, 'A', '', 'finished', 'pcs', 0.0, 0.0),
                        (2, 'A', '', 'material', 'pcs', 0.0, 0.0);
             INSERT INTO demand (pos, item, period, qty) VALUES (1, 'A', 1, 5.0);",
        )
        .expect("duplicate codes and a resolving reference are accepted");
        let dangling = conn.execute(
            "INSERT INTO demand (pos, item, period, qty) VALUES (2, 'NOPE', 1, 5.0)",
            [],
        );
        assert!(
            dangling.is_err(),
            "a dangling reference is refused when enforced"
        );
    }

    #[test]
    fn version_2_columns_default_to_the_domain_defaults_as_reals() {
        // A row written without the version 2 columns (as every version 1 row is) reads back the
        // defaults of DESIGN.md §1, with numbers stored as reals so load accepts them.
        let conn = schema_db();
        conn.execute_batch(
            "INSERT INTO plan (id, name, currency, period_unit, periods) VALUES (1, 'P', 'EUR', 'week', 4);
             INSERT INTO items (pos, code, name, kind, unit, price, purchase_cost)
                 VALUES (1, 'A', '', 'finished', 'pcs', 0.0, 0.0);",
        )
        .expect("insert");
        let plan: (String, f64, String, f64) = conn
            .query_row(
                "SELECT typeof(holding_rate), holding_rate, typeof(backorder_factor), \
                 backorder_factor FROM plan",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .expect("plan");
        assert_eq!(plan, ("real".into(), 0.25, "real".into(), 4.0));
        let item: (String, i64, String, Option<f64>) = conn
            .query_row(
                "SELECT typeof(on_hand), lead_time, order_policy, order_qty FROM items",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .expect("item");
        assert_eq!(item, ("real".into(), 0, "lot_for_lot".into(), None));
    }

    #[test]
    fn version_2_checks_refuse_unknown_policies_and_methods_and_integers_as_numbers() {
        let conn = schema_db();
        let run = |sql: &str| conn.execute_batch(sql);
        assert!(
            run(
                "INSERT INTO items (pos, code, name, kind, unit, price, purchase_cost, \
                 order_policy) VALUES (1, 'A', '', 'finished', 'pcs', 0.0, 0.0, 'kanban')"
            )
            .is_err()
        );
        assert!(
            run(
                "INSERT INTO items (pos, code, name, kind, unit, price, purchase_cost, \
                 order_policy) VALUES (2, 'A', '', 'finished', 'pcs', 0.0, 0.0, 'wagner_whitin')"
            )
            .is_ok()
        );
        assert!(
            run(
                "INSERT INTO forecast_settings (pos, item, method, \"window\", phi) \
                 VALUES (1, 'A', 'arima', 3, 1.0)"
            )
            .is_err()
        );
        assert!(
            run(
                "INSERT INTO forecast_settings (pos, item, method, \"window\", phi) \
                 VALUES (1, 'A', 'holt_winters', 3, 1.0)"
            )
            .is_ok()
        );
        assert!(
            run("INSERT INTO receipts (pos, item, period, qty) VALUES (1, 'A', 1, 5)").is_err()
        );
        assert!(
            run("INSERT INTO calendar (pos, period, working_share) VALUES (1, 1, 0.8)").is_ok()
        );
        assert!(
            run(
                "INSERT INTO production_log (pos, resource, period, planned_min, downtime_min, \
                 ideal_cycle_min, total_count) VALUES (1, 'R', -3, 480.0, 0.0, 1.5, 2.5)"
            )
            .is_err(),
            "a count must be a whole number"
        );
    }
}
