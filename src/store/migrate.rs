//! File identity (`application_id`), schema versions (`user_version`) and the steps between them.
//!
//! A new file is made by running every step from version 0, so the steps are the whole history of
//! the schema. A file of an older version is upgraded step by step on a private copy (opening a
//! plan never writes the user's file); a file of a newer version is refused.

use rusqlite::Connection;

use super::schema::SCHEMA_V1;

/// `PRAGMA application_id` of every Opsplan plan file: the ASCII bytes "OPSL".
pub const APPLICATION_ID: i32 = 0x4F50_534C;

/// Schema version written by this build and the newest one it reads (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

/// SQL upgrading the schema from version `i` to version `i + 1`, at index `i`.
///
/// Step 0 creates the first schema in an empty database. Steps are frozen once released.
pub(crate) const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = [SCHEMA_V1];

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

fn apply_steps(conn: &Connection, from: i64, steps: &[&str]) -> rusqlite::Result<()> {
    let first = usize::try_from(from).unwrap_or(0);
    for (index, step) in steps.iter().enumerate().skip(first) {
        conn.execute_batch(step)?;
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
        assert_eq!(classify(APPLICATION_ID, 1), Ok(FileVersion::Current));
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
        assert_eq!(tables, 19, "15 domain tables and 4 code key tables");
    }

    #[test]
    fn steps_run_in_order_from_the_file_version_only() {
        // A pretend history of three versions: starting at version 1 must skip step 0 (which
        // would fail, the table exists) and run steps 1 and 2, ending at version 3.
        let steps = [
            "CREATE TABLE t (a INTEGER);",
            "ALTER TABLE t ADD COLUMN b INTEGER;",
            "ALTER TABLE t ADD COLUMN c INTEGER;",
        ];
        let conn = Connection::open_in_memory().expect("db");
        apply_steps(&conn, 0, &steps[..1]).expect("version 1");
        assert_eq!(user_version(&conn), 1);
        apply_steps(&conn, 1, &steps).expect("upgrade 1 -> 3");
        assert_eq!(user_version(&conn), 3);
        conn.execute("INSERT INTO t (a, b, c) VALUES (1, 2, 3)", [])
            .expect("every step applied");
    }
}
