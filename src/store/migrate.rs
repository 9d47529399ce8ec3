//! File identity (`application_id`), schema versions (`user_version`) and the steps between them.
//!
//! The steps are the whole history of the schema, starting from an empty database (version 0). A
//! new file gets the newest schema directly (`schema::CURRENT_TABLES` and `CURRENT_INDEXES`, with
//! the indexes built after the rows); a test checks that this equals running every step. A file of
//! an older version is upgraded step by step on a private copy (opening a plan never writes the
//! user's file); a file of a newer version is refused.
//!
//! History: version 1 is the first released schema; version 2 adds the material plan (item stock,
//! lead time and order rule fields, receipts, master schedule), calendars and resource periods,
//! levelling inputs (holding rate, backorder factor and cost, overtime), sales history and
//! forecast settings, and production logs and downtime.

use rusqlite::Connection;

use super::schema::{INDEXES_V1, INDEXES_V2, TABLES_V1, TABLES_V2};

/// `PRAGMA application_id` of every Opsplan plan file: the ASCII bytes "OPSL".
pub const APPLICATION_ID: i32 = 0x4F50_534C;

/// Schema version written by this build and the newest one it reads (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 2;

/// The SQL scripts upgrading the schema from version `i` to version `i + 1`, at index `i`.
///
/// Step 0 creates the first schema in an empty database. Steps are frozen once released.
pub(crate) const MIGRATIONS: [&[&str]; SCHEMA_VERSION as usize] =
    [&[TABLES_V1, INDEXES_V1], &[TABLES_V2, INDEXES_V2]];

/// What a file's identity header says about how to read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileVersion {
    /// Written by this version: read as is.
    Current,
    /// An older schema: upgrade a copy with [`migrate`] before reading.
    Older(i64),
}

/// Why a file's identity header rules out reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdentityProblem {
    /// Another application's SQLite database (its `application_id`).
    OtherApplication(i32),
    /// Our `application_id` but version 0: the file's creation never finished.
    Incomplete,
    /// Made by a newer Opsplan with this schema version.
    TooNew(i64),
}

/// Classifies a file from its `application_id` and `user_version`.
pub(crate) fn classify(
    application_id: i32,
    user_version: i64,
) -> Result<FileVersion, IdentityProblem> {
    if application_id != APPLICATION_ID {
        return Err(IdentityProblem::OtherApplication(application_id));
    }
    match user_version {
        version if version <= 0 => Err(IdentityProblem::Incomplete),
        SCHEMA_VERSION => Ok(FileVersion::Current),
        version if version > SCHEMA_VERSION => Err(IdentityProblem::TooNew(version)),
        version => Ok(FileVersion::Older(version)),
    }
}

/// Upgrades the schema of `conn` from version `from` to [`SCHEMA_VERSION`], one step at a time.
///
/// Each step sets `user_version` to the version it reaches. The caller holds the transaction, so
/// an interrupted upgrade leaves nothing behind.
pub(crate) fn migrate(conn: &Connection, from: i64) -> rusqlite::Result<()> {
    apply_steps(conn, from, &MIGRATIONS)
}

fn apply_steps(conn: &Connection, from: i64, steps: &[&[&str]]) -> rusqlite::Result<()> {
    let first = usize::try_from(from).unwrap_or(0);
    for (index, scripts) in steps.iter().enumerate().skip(first) {
        for script in scripts.iter() {
            conn.execute_batch(script)?;
        }
        conn.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user_version(conn: &Connection) -> i64 {
        conn.pragma_query_value(None, "user_version", |row| row.get(0))
            .expect("user_version")
    }

    #[test]
    fn application_id_spells_opsl() {
        assert_eq!(APPLICATION_ID.to_be_bytes(), *b"OPSL");
    }

    #[test]
    fn classify_accepts_current_and_older_and_refuses_the_rest() {
        assert_eq!(classify(APPLICATION_ID, 2), Ok(FileVersion::Current));
        assert_eq!(classify(APPLICATION_ID, 1), Ok(FileVersion::Older(1)));
        assert_eq!(
            classify(APPLICATION_ID, 0),
            Err(IdentityProblem::Incomplete)
        );
        assert_eq!(classify(APPLICATION_ID, 7), Err(IdentityProblem::TooNew(7)));
        assert_eq!(classify(0, 1), Err(IdentityProblem::OtherApplication(0)));
        assert_eq!(
            classify(0x1234, 1),
            Err(IdentityProblem::OtherApplication(0x1234))
        );
    }

    #[test]
    fn migrate_from_zero_creates_the_current_schema() {
        let conn = Connection::open_in_memory().expect("db");
        migrate(&conn, 0).expect("migrate");
        assert_eq!(user_version(&conn), SCHEMA_VERSION);
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
                [],
                |row| row.get(0),
            )
            .expect("count");
        assert_eq!(tables, 27, "23 domain tables and 4 code key tables");
    }

    fn schema_sql(conn: &Connection) -> Vec<(String, String)> {
        let mut stmt = conn
            .prepare("SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
            .expect("prepare");
        stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    #[test]
    fn new_file_schema_equals_the_migrated_schema() {
        let migrated = Connection::open_in_memory().expect("db");
        migrate(&migrated, 0).expect("migrate");
        let fresh = Connection::open_in_memory().expect("db");
        let schema = crate::store::schema::CURRENT_TABLES
            .iter()
            .chain(crate::store::schema::CURRENT_INDEXES);
        for script in schema {
            fresh.execute_batch(script).expect("schema script");
        }
        let migrated_sql = schema_sql(&migrated);
        assert_eq!(migrated_sql.len(), 27 + 25, "27 tables and 25 indexes");
        assert_eq!(schema_sql(&fresh), migrated_sql);
    }

    #[test]
    fn steps_run_in_order_from_the_file_version_only() {
        // A pretend history of three versions: starting at version 1 must skip step 0 (which
        // would fail, the table exists) and run steps 1 and 2, ending at version 3.
        let steps: [&[&str]; 3] = [
            &["CREATE TABLE t (a INTEGER);"],
            &[
                "ALTER TABLE t ADD COLUMN b INTEGER;",
                "CREATE INDEX t_b ON t (b);",
            ],
            &["ALTER TABLE t ADD COLUMN c INTEGER;"],
        ];
        let conn = Connection::open_in_memory().expect("db");
        apply_steps(&conn, 0, &steps[..1]).expect("version 1");
        assert_eq!(user_version(&conn), 1);
        apply_steps(&conn, 1, &steps).expect("upgrade 1 -> 3");
        assert_eq!(user_version(&conn), 3);
        conn.execute("INSERT INTO t (a, b, c) VALUES (1, 2, 3)", [])
            .expect("every step applied");
    }

    #[test]
    fn upgrade_from_version_1_keeps_every_row_and_fills_the_defaults() {
        let conn = Connection::open_in_memory().expect("db");
        conn.execute_batch("PRAGMA foreign_keys = OFF;")
            .expect("pragma");
        apply_steps(&conn, 0, &MIGRATIONS[..1]).expect("version 1");
        conn.execute_batch(
            "INSERT INTO plan (id, name, currency, period_unit, periods) VALUES (1, 'P', 'EUR', 'week', 4);
             INSERT INTO items (pos, code, name, kind, unit, price, purchase_cost, lot_size)
                 VALUES (1, 'A', 'Alpha', 'finished', 'pcs', 9.5, 1.25, 20.0);
             INSERT INTO resources (pos, code, name, kind, units, hours_per_period, efficiency,
                 cost_per_hour, fixed_cost_per_period, capital_cost, life_years)
                 VALUES (1, 'R', '', 'machine', 2, 40.0, 0.9, 30.0, 0.0, 0.0, 10.0);",
        )
        .expect("version 1 rows");
        migrate(&conn, 1).expect("upgrade 1 -> 2");
        assert_eq!(user_version(&conn), 2);
        let item: (String, f64, f64, f64, i64, String, Option<i64>) = conn
            .query_row(
                "SELECT name, price, lot_size, safety_stock, lead_time, order_policy, \
                 order_periods FROM items",
                [],
                |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                        row.get(5)?,
                        row.get(6)?,
                    ))
                },
            )
            .expect("item");
        assert_eq!(
            item,
            (
                "Alpha".into(),
                9.5,
                20.0,
                0.0,
                0,
                "lot_for_lot".into(),
                None
            )
        );
        let overtime: (f64, Option<f64>) = conn
            .query_row(
                "SELECT overtime_hours_per_period, overtime_premium_per_hour FROM resources",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .expect("resource");
        assert_eq!(overtime, (0.0, None));
        let receipts: i64 = conn
            .query_row("SELECT count(*) FROM receipts", [], |row| row.get(0))
            .expect("receipts");
        assert_eq!(receipts, 0);
    }
}
