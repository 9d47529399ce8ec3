//! The SQL schema of plan files, version 1: one table per domain table (DESIGN.md §1).
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

/// The tables a new file gets: those of the newest schema version.
pub(crate) const CURRENT_TABLES: &str = TABLES_V1;

/// The indexes a new file gets: those of the newest schema version.
pub(crate) const CURRENT_INDEXES: &str = INDEXES_V1;

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::{INDEXES_V1, TABLES_V1};

    fn schema_db() -> Connection {
        let conn = Connection::open_in_memory().expect("in-memory database");
        // The bundled SQLite enforces foreign keys by default; these tests look at one table at a
        // time, so they turn enforcement off unless they test it.
        conn.execute_batch("PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = OFF;")
            .expect("pragma");
        conn.execute_batch(TABLES_V1)
            .expect("tables v1 are valid SQL");
        conn.execute_batch(INDEXES_V1)
            .expect("indexes v1 are valid SQL");
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
    fn schema_has_the_15_domain_tables_and_4_key_tables() {
        let names = table_names(&schema_db());
        let expected = [
            "bom",
            "characteristic_codes",
            "characteristics",
            "chart_settings",
            "control_limits",
            "defects",
            "demand",
            "inspections",
            "item_codes",
            "items",
            "measurements",
            "plan",
            "queue_arrivals",
            "queue_codes",
            "queues",
            "resource_codes",
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
}
