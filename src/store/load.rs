//! Reading a plan file: check the file before SQLite touches it, open it read-only and defensively,
//! verify its identity and integrity, then read every table in one read transaction.

use std::fs::{self, File};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags};

mod tables;

use tables::{BesideTables, PlacedError, read_beside, read_plan_beside};

use super::StoreError;
use super::migrate::{FileVersion, IdentityProblem, SCHEMA_VERSION, classify, migrate};
use super::schema::{CURRENT_INDEXES, CURRENT_TABLES};
use crate::domain::limits::{LimitError, MAX_ROWS_PER_TABLE, check_limits};
use crate::domain::{Plan, TABLE_NAMES};

/// The 16 bytes every SQLite database file starts with.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Length of the SQLite database header.
const HEADER_LEN: usize = 100;

/// Distinguishes private upgrade copies made at the same time in one process.
static UPGRADE_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Loads the plan in `path`; see [`super::load`].
pub(super) fn load(path: &Path) -> Result<Plan, StoreError> {
    match check_file(path)? {
        FileVersion::Current => read_plan_file(path, path),
        FileVersion::Older(version) => load_upgraded_copy(path, version),
    }
}

/// Checks existence, size, the SQLite header, identity, version and length, without SQLite.
///
/// Files that are not Opsplan plans are refused here, before SQLite opens them at all.
fn check_file(path: &Path) -> Result<FileVersion, StoreError> {
    let metadata = fs::metadata(path).map_err(|source| match source.kind() {
        ErrorKind::NotFound => StoreError::NotFound {
            path: path.to_path_buf(),
        },
        _ => read_io_error(path, source),
    })?;
    if !metadata.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if metadata.len() == 0 {
        return Err(StoreError::Empty {
            path: path.to_path_buf(),
        });
    }
    let prefix = read_prefix(path).map_err(|source| read_io_error(path, source))?;
    let header = Header::parse(&prefix).map_err(|problem| match problem {
        HeaderProblem::NotSqlite => StoreError::NotSqlite {
            path: path.to_path_buf(),
        },
        HeaderProblem::Truncated { expected_bytes } => StoreError::Truncated {
            path: path.to_path_buf(),
            actual_bytes: metadata.len(),
            expected_bytes,
        },
    })?;
    let version = classify(header.application_id, header.user_version)
        .map_err(|problem| identity_error(path, problem))?;
    if let Some(expected_bytes) = header.database_bytes
        && metadata.len() < expected_bytes
    {
        return Err(StoreError::Truncated {
            path: path.to_path_buf(),
            actual_bytes: metadata.len(),
            expected_bytes,
        });
    }
    Ok(version)
}

/// The first [`HEADER_LEN`] bytes of the file (fewer if the file is shorter).
fn read_prefix(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut prefix = Vec::with_capacity(HEADER_LEN);
    File::open(path)?
        .take(HEADER_LEN as u64)
        .read_to_end(&mut prefix)?;
    Ok(prefix)
}

/// The fields of the SQLite header that decide whether and how to read the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Header {
    application_id: i32,
    user_version: i64,
    /// Page size × page count, when the header's page count is trustworthy.
    database_bytes: Option<u64>,
}

/// Why the first bytes of a file rule out reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeaderProblem {
    NotSqlite,
    Truncated { expected_bytes: u64 },
}

impl Header {
    /// Decodes the header from the file's first bytes (layout: sqlite.org/fileformat.html §1.3).
    fn parse(prefix: &[u8]) -> Result<Header, HeaderProblem> {
        let magic_len = prefix.len().min(SQLITE_MAGIC.len());
        if prefix[..magic_len] != SQLITE_MAGIC[..magic_len] {
            return Err(HeaderProblem::NotSqlite);
        }
        let Some(header) = prefix.get(..HEADER_LEN) else {
            return Err(HeaderProblem::Truncated {
                expected_bytes: HEADER_LEN as u64,
            });
        };
        let u16_at = |at: usize| u16::from_be_bytes([header[at], header[at + 1]]);
        let u32_at = |at: usize| {
            u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
        };
        // A stored page size of 1 means 65536; the page count is only valid when the
        // "version-valid-for" number equals the change counter.
        let page_size = match u16_at(16) {
            1 => 65_536,
            size => u64::from(size),
        };
        let page_count = u64::from(u32_at(28));
        let size_is_valid = u32_at(92) == u32_at(24) && page_count > 0;
        Ok(Header {
            application_id: u32_at(68) as i32,
            user_version: i64::from(u32_at(60) as i32),
            database_bytes: size_is_valid.then_some(page_size * page_count),
        })
    }
}

/// Reads an older-version file by upgrading a private copy in the temporary folder.
///
/// The user's file stays untouched; the copy is deleted whatever happens.
fn load_upgraded_copy(path: &Path, from_version: i64) -> Result<Plan, StoreError> {
    let copy = std::env::temp_dir().join(format!(
        "opsplan-upgrade-{}-{}.opsplan",
        std::process::id(),
        UPGRADE_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = upgrade_copy(path, &copy, from_version).and_then(|()| read_plan_file(&copy, path));
    // The copy is ours and only ever read; if removing it fails there is nothing better to do.
    let _ = fs::remove_file(&copy);
    result
}

fn upgrade_copy(path: &Path, copy: &Path, from_version: i64) -> Result<(), StoreError> {
    fs::copy(path, copy).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        action: "copy the file to upgrade it",
        source,
    })?;
    let upgrade = || -> rusqlite::Result<()> {
        let mut conn = Connection::open(copy)?;
        // Steps may rebuild tables, which enforced foreign keys would block midway.
        conn.execute_batch("PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = OFF;")?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        let tx = conn.transaction()?;
        migrate(&tx, from_version)?;
        tx.commit()
    };
    upgrade().map_err(|source| StoreError::Sqlite {
        path: path.to_path_buf(),
        action: "upgrade the plan to the current version",
        source,
    })
}

/// Opens `database` read-only, checks it and reads the plan; errors name `shown_path`.
///
/// Order matters for hostile files: identity, then the schema (so nothing but a plan file's own
/// tables and checks is ever evaluated), then SQLite's quick check beside the row counts (so an
/// oversized table is refused before it is read), and only then the rows.
///
/// Two connections share the work. The second runs the quick check (on plan L about 60 ms)
/// while the first counts rows and reads; it then reads the BOM and the demand while the first
/// reads the rest ([`tables::read_plan_beside`]), which shortens the open of plan L by about a
/// quarter. The check's verdict comes first: a damaged file is reported as the quick check
/// reports it, as when the check ran before the rows were read, and a failed check interrupts
/// the reading. Both connections are opened before anything is read and both must pass the
/// identity check; the first one's read transaction lasts until the second has finished, so in
/// a rollback-journal file (how Opsplan writes them) no writer can commit between the two
/// connections' reads: they read the same plan. A file in WAL mode is read on one connection.
fn read_plan_file(database: &Path, shown_path: &Path) -> Result<Plan, StoreError> {
    let to_store_error = |error: ReadError| error.into_store_error(shown_path);
    let conn = open_read_only(database).map_err(|e| to_store_error(e.into()))?;
    let checker = open_read_only(database).map_err(|e| to_store_error(e.into()))?;
    check_identity(&conn, shown_path)?;
    check_identity(&checker, shown_path)?;
    check_schema(&conn).map_err(to_store_error)?;
    let split = !is_wal(&conn).map_err(to_store_error)?;
    let reading = conn.get_interrupt_handle();
    let (counts_checked, counts_known) = mpsc::channel::<bool>();
    // The second connection's work: its verdict, then (on a good file whose row counts passed)
    // the BOM and the demand, all in one read transaction.
    let check_and_read = move || {
        let verdict = checker
            .execute_batch("BEGIN")
            .map_err(ReadError::from)
            .and_then(|()| run_check(&checker, "quick_check"));
        if verdict.is_err() {
            reading.interrupt();
            return (verdict, None);
        }
        let beside = (split && counts_known.recv() == Ok(true)).then(|| read_beside(&checker));
        let _ = checker.execute_batch("COMMIT");
        (verdict, beside)
    };
    let plan = std::thread::scope(|scope| {
        match std::thread::Builder::new().spawn_scoped(scope, check_and_read) {
            Ok(second) => {
                let join = || {
                    second
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                };
                read_rows(&conn, counts_checked, join)
            }
            // No second thread: check first on the reading connection, then read every table
            // on it (no second connection's work to join).
            Err(_) => run_check(&conn, "quick_check")
                .and_then(|()| read_rows(&conn, counts_checked, || (Ok(()), None))),
        }
    })
    .map_err(to_store_error)?;
    check_limits(&plan).map_err(|limit| to_store_error(ReadError::Limit(limit)))?;
    Ok(plan)
}

/// What the second connection gives back: the quick check's verdict, and the BOM and demand it
/// read (`None` when it read nothing: a failed check, failed row counts or a WAL file).
type SecondConnection = (
    Result<(), ReadError>,
    Option<Result<BesideTables, PlacedError>>,
);

/// The row counts (an oversized table is refused before it is read, on either connection:
/// `counts_checked` tells the second one), then every table in one read transaction, which ends
/// only after `join` has returned the second connection's work. The quick check's verdict comes
/// before any other problem.
fn read_rows(
    conn: &Connection,
    counts_checked: mpsc::Sender<bool>,
    join: impl FnOnce() -> SecondConnection,
) -> Result<Plan, ReadError> {
    let tx = conn.unchecked_transaction()?;
    let counts = check_row_counts(&tx);
    // The second connection may have stopped already (a failed check): nothing to tell it then.
    let _ = counts_checked.send(counts.is_ok());
    let mut verdict = Ok(());
    let plan = match counts {
        Ok(()) => read_plan_beside(&tx, || {
            let (check, beside) = join();
            let failed = check.is_err();
            verdict = check;
            match beside {
                Some(tables) => tables,
                // The check's problem is reported; the rows are not worth reading.
                None if failed => Err(PlacedError::not_read()),
                None => read_beside(&tx),
            }
        }),
        Err(error) => {
            verdict = join().0;
            Err(error)
        }
    };
    verdict?;
    let plan = plan?;
    tx.commit()?;
    Ok(plan)
}

/// True for a database in WAL mode, where two connections' read transactions could see two
/// different commits.
fn is_wal(conn: &Connection) -> Result<bool, ReadError> {
    let mode: String = conn.pragma_query_value(None, "journal_mode", |row| row.get(0))?;
    Ok(mode.eq_ignore_ascii_case("wal"))
}

/// Runs the full `PRAGMA integrity_check`; see [`super::check_integrity`].
pub(super) fn check_integrity(path: &Path) -> Result<(), StoreError> {
    let to_store_error = |error: ReadError| error.into_store_error(path);
    let version = check_file(path)?;
    let conn = open_read_only(path).map_err(|e| to_store_error(e.into()))?;
    if version == FileVersion::Current {
        check_identity(&conn, path)?;
        check_schema(&conn).map_err(to_store_error)?;
    }
    run_check(&conn, "integrity_check").map_err(to_store_error)
}

/// Read-only, untrusted schema (no functions with side effects), defensive mode (no writes to
/// the schema or raw pages, even by mistake), triggers and views off (a hostile file's SQL never
/// runs), and `query_only` as a last guard. Extension loading is never enabled: rusqlite is built
/// without it and SQLite's `load_extension()` SQL function is off by default.
fn open_read_only(database: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(database, flags)?;
    conn.execute_batch("PRAGMA trusted_schema = OFF; PRAGMA query_only = ON;")?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    Ok(conn)
}

/// One row of `sqlite_schema`: type, name, table name and SQL text.
type SchemaEntry = (String, String, String, Option<String>);

/// Tables SQLite itself may add to a plan file (`ANALYZE` statistics); they hold no plan data.
const SQLITE_OWN_TABLES: [&str; 3] = ["sqlite_stat1", "sqlite_stat4", "sqlite_sequence"];

/// Checks that the file's schema is exactly a plan file's: the same tables with the same
/// definitions, the same indexes, and no views or triggers.
///
/// A file whose `items` is a view, or that carries a trigger or an extra generated column, could
/// make reading it run arbitrary (if harmless) SQL or take unbounded time; it is refused before
/// any of its rows is read.
fn check_schema(conn: &Connection) -> Result<(), ReadError> {
    let expected = expected_schema()?;
    let found = schema_entries(conn)?;
    if let Some(problem) = first_schema_difference(&found, &expected) {
        return Err(ReadError::Content(problem));
    }
    Ok(())
}

/// The schema a file written by this build has.
fn expected_schema() -> rusqlite::Result<Vec<SchemaEntry>> {
    let conn = Connection::open_in_memory()?;
    for script in CURRENT_TABLES.iter().chain(CURRENT_INDEXES) {
        conn.execute_batch(script)?;
    }
    schema_entries(&conn)
}

fn schema_entries(conn: &Connection) -> rusqlite::Result<Vec<SchemaEntry>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name, tbl_name",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
    })?;
    rows.collect()
}

/// The first way `found` differs from `expected`, in words; SQLite's own entries are ignored.
fn first_schema_difference(found: &[SchemaEntry], expected: &[SchemaEntry]) -> Option<String> {
    let is_sqlite_own = |(kind, name, _, sql): &SchemaEntry| {
        (kind == "index" && name.starts_with("sqlite_autoindex_") && sql.is_none())
            || (kind == "table" && SQLITE_OWN_TABLES.contains(&name.as_str()))
    };
    let unexpected = found
        .iter()
        .filter(|entry| !is_sqlite_own(entry))
        .find(|entry| !expected.contains(entry));
    if let Some((kind, name, _, _)) = unexpected {
        let redefined = expected
            .iter()
            .any(|(_, expected_name, _, _)| expected_name == name);
        return Some(if redefined {
            format!("{kind} {name} is not defined the way a plan file defines it")
        } else {
            format!("{kind} {name} is not part of a plan file")
        });
    }
    // A missing table takes its indexes with it; name the table.
    let (tables, others): (Vec<&SchemaEntry>, Vec<&SchemaEntry>) =
        expected.iter().partition(|(kind, ..)| kind == "table");
    tables
        .into_iter()
        .chain(others)
        .find(|entry| !found.contains(entry))
        .map(|(kind, name, _, _)| format!("{kind} {name} is missing"))
}

/// Counts the rows of every table before reading any, refusing a table over the limit.
fn check_row_counts(conn: &Connection) -> Result<(), ReadError> {
    for table in TABLE_NAMES {
        let rows: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
            row.get(0)
        })?;
        let rows = usize::try_from(rows).unwrap_or(usize::MAX);
        if rows > MAX_ROWS_PER_TABLE {
            return Err(ReadError::Limit(LimitError::TooManyRows {
                table: table.to_string(),
                rows,
            }));
        }
    }
    Ok(())
}

/// Checks `application_id` and `user_version` as SQLite reports them.
fn check_identity(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let pragma = |name: &str| conn.pragma_query_value(None, name, |row| row.get::<_, i64>(0));
    let (application_id, user_version) = pragma("application_id")
        .and_then(|id| Ok((id, pragma("user_version")?)))
        .map_err(|e| ReadError::from(e).into_store_error(path))?;
    match classify(application_id as i32, user_version) {
        Ok(FileVersion::Current) => Ok(()),
        Ok(FileVersion::Older(version)) => Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: format!("schema version {version} where {SCHEMA_VERSION} was expected"),
        }),
        Err(problem) => Err(identity_error(path, problem)),
    }
}

/// Runs `PRAGMA quick_check` or `integrity_check`; anything but a single "ok" means the file is
/// damaged.
///
/// SQLite may report some problems as rows and then stop with a corruption error; the rows say
/// more, so they are kept when there are any.
fn run_check(conn: &Connection, pragma: &str) -> Result<(), ReadError> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let mut rows = stmt.query([])?;
    let mut findings: Vec<String> = Vec::new();
    loop {
        match rows.next() {
            Ok(Some(row)) => findings.extend(finding_lines(&row.get::<_, String>(0)?)),
            Ok(None) => break,
            Err(error) if findings.is_empty() => return Err(error.into()),
            Err(_) => break,
        }
    }
    if findings == ["ok"] {
        return Ok(());
    }
    findings.truncate(3);
    Err(ReadError::Content(format!(
        "{pragma}: {}",
        findings.join("; ")
    )))
}

/// The lines of one `quick_check` row, without the "*** in database main ***" banner.
fn finding_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .filter(|line| !line.starts_with("***"))
        .map(str::to_string)
}

fn identity_error(path: &Path, problem: IdentityProblem) -> StoreError {
    let path = path.to_path_buf();
    match problem {
        IdentityProblem::OtherApplication(application_id) => StoreError::OtherApplication {
            path,
            application_id,
        },
        IdentityProblem::Incomplete => StoreError::Incomplete { path },
        IdentityProblem::TooNew(version) => StoreError::TooNew {
            path,
            version,
            supported: SCHEMA_VERSION,
        },
    }
}

fn read_io_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        action: "read the file",
        source,
    }
}

/// A failure while reading the tables: SQLite's own error, or content no plan can hold.
#[derive(Debug)]
enum ReadError {
    Sqlite(rusqlite::Error),
    /// What is wrong and where ("items row 3, kind: …").
    Content(String),
    /// More rows or longer text than a plan may hold.
    Limit(LimitError),
}

impl From<rusqlite::Error> for ReadError {
    fn from(error: rusqlite::Error) -> Self {
        ReadError::Sqlite(error)
    }
}

impl ReadError {
    /// Corruption, a missing table or column, or bad content mean a damaged file; anything else
    /// (I/O, locks, memory) is reported as SQLite's error.
    fn into_store_error(self, path: &Path) -> StoreError {
        let path: PathBuf = path.to_path_buf();
        match self {
            ReadError::Content(detail) => StoreError::Damaged { path, detail },
            ReadError::Limit(limit) => StoreError::TooLarge { path, limit },
            ReadError::Sqlite(source) if means_damaged(&source) => StoreError::Damaged {
                path,
                detail: source.to_string(),
            },
            ReadError::Sqlite(source) => StoreError::Sqlite {
                path,
                action: "read the plan",
                source,
            },
        }
    }
}

fn means_damaged(error: &rusqlite::Error) -> bool {
    match error.sqlite_error_code() {
        Some(code) => matches!(
            code,
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase | ErrorCode::Unknown
        ),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Item, ItemKind, PeriodUnit, PlanSettings};

    fn header_bytes(application_id: u32, user_version: u32, pages: u32) -> Vec<u8> {
        let mut bytes = vec![0_u8; HEADER_LEN];
        bytes[..16].copy_from_slice(SQLITE_MAGIC);
        bytes[16..18].copy_from_slice(&4096_u16.to_be_bytes());
        bytes[24..28].copy_from_slice(&7_u32.to_be_bytes());
        bytes[28..32].copy_from_slice(&pages.to_be_bytes());
        bytes[60..64].copy_from_slice(&user_version.to_be_bytes());
        bytes[68..72].copy_from_slice(&application_id.to_be_bytes());
        bytes[92..96].copy_from_slice(&7_u32.to_be_bytes());
        bytes
    }

    fn upgrade_copies_in_temp_folder() -> Vec<String> {
        let prefix = format!("opsplan-upgrade-{}-", std::process::id());
        fs::read_dir(std::env::temp_dir())
            .expect("temp folder")
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(&prefix))
            .collect()
    }

    /// Writes a version 1 plan file the way the version 1 save did: the version 1 schema, the
    /// rows, then `user_version` 1.
    fn write_version_1_file(path: &Path) {
        let conn = Connection::open(path).expect("create");
        conn.execute_batch("PRAGMA foreign_keys = OFF;")
            .expect("pragma");
        conn.pragma_update(None, "application_id", super::super::APPLICATION_ID)
            .expect("application_id");
        for script in super::super::migrate::MIGRATIONS[0] {
            conn.execute_batch(script).expect("version 1 schema");
        }
        conn.execute_batch(
            "INSERT INTO plan (id, name, currency, period_unit, periods, periods_per_year)
                 VALUES (1, 'Old', 'USD', 'month', 6, 12.0);
             INSERT INTO item_codes VALUES ('A');
             INSERT INTO items (pos, code, name, kind, unit, price, purchase_cost, lot_size)
                 VALUES (1, 'A', 'Alpha', 'component', 'kg', 2.5, -0.0, 40.0);",
        )
        .expect("version 1 rows");
        conn.pragma_update(None, "user_version", 1)
            .expect("user_version");
    }

    #[test]
    fn upgraded_copy_is_read_and_then_removed_leaving_the_file_alone() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("old.opsplan");
        write_version_1_file(&path);
        let bytes = fs::read(&path).expect("read");
        let loaded = load(&path).expect("load via an upgraded copy");
        let expected = Plan {
            settings: PlanSettings {
                name: "Old".to_string(),
                currency: "USD".to_string(),
                period_unit: PeriodUnit::Month,
                periods: 6,
                periods_per_year: Some(12.0),
                ..PlanSettings::default()
            },
            items: vec![Item {
                code: "A".to_string(),
                name: "Alpha".to_string(),
                kind: ItemKind::Component,
                unit: "kg".to_string(),
                price: 2.5,
                purchase_cost: -0.0,
                lot_size: Some(40.0),
                ..Item::default()
            }],
            ..Plan::default()
        };
        assert_eq!(loaded, expected);
        assert_eq!(
            loaded.items[0].purchase_cost.to_bits(),
            (-0.0_f64).to_bits()
        );
        assert_eq!(fs::read(&path).expect("read"), bytes);
        assert_eq!(upgrade_copies_in_temp_folder(), Vec::<String>::new());
    }

    #[test]
    fn read_connection_is_defensive_untrusted_and_cannot_load_extensions() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("plan.opsplan");
        crate::store::save(&Plan::default(), &path).expect("save");
        let conn = open_read_only(&path).expect("open");
        let config = |setting| conn.db_config(setting).expect("db_config");
        assert!(config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE));
        assert!(!config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER));
        assert!(!config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW));
        assert!(!config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA));
        let load = conn.query_row("SELECT load_extension('/no/such/extension')", [], |row| {
            row.get::<_, Option<String>>(0)
        });
        let message = load.expect_err("extension loading is off").to_string();
        assert_eq!(message, "not authorized");
        let write = conn.execute("DELETE FROM items", []);
        assert!(write.is_err(), "the connection is read-only");
    }

    #[test]
    fn schema_difference_names_the_first_extra_changed_or_missing_entry() {
        let entry = |kind: &str, name: &str, sql: &str| {
            (
                kind.to_string(),
                name.to_string(),
                name.to_string(),
                Some(sql.to_string()),
            )
        };
        let expected = vec![
            entry("table", "items", "CREATE TABLE items (a)"),
            entry("index", "items_a", "CREATE INDEX items_a ON items (a)"),
        ];
        assert_eq!(first_schema_difference(&expected, &expected), None);
        let with_stat = [
            expected.clone(),
            vec![entry(
                "table",
                "sqlite_stat1",
                "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
            )],
        ]
        .concat();
        assert_eq!(first_schema_difference(&with_stat, &expected), None);
        let with_trigger = [
            expected.clone(),
            vec![entry("trigger", "t", "CREATE TRIGGER t ...")],
        ]
        .concat();
        assert_eq!(
            first_schema_difference(&with_trigger, &expected).as_deref(),
            Some("trigger t is not part of a plan file")
        );
        let as_view = vec![
            entry("view", "items", "CREATE VIEW items AS SELECT 1"),
            expected[1].clone(),
        ];
        assert_eq!(
            first_schema_difference(&as_view, &expected).as_deref(),
            Some("view items is not defined the way a plan file defines it")
        );
        assert_eq!(
            first_schema_difference(&expected[1..], &expected).as_deref(),
            Some("table items is missing")
        );
    }

    #[test]
    fn header_gives_identity_and_database_size() {
        // 3 pages of 4096 bytes = 12288 bytes.
        let header = Header::parse(&header_bytes(0x4F50_534C, 1, 3)).expect("header");
        assert_eq!(header.application_id, 0x4F50_534C);
        assert_eq!(header.user_version, 1);
        assert_eq!(header.database_bytes, Some(12_288));
    }

    #[test]
    fn header_size_is_ignored_when_the_change_counter_disagrees() {
        let mut bytes = header_bytes(0x4F50_534C, 1, 3);
        bytes[92..96].copy_from_slice(&6_u32.to_be_bytes());
        let header = Header::parse(&bytes).expect("header");
        assert_eq!(header.database_bytes, None);
    }

    #[test]
    fn header_refuses_other_bytes_and_short_prefixes() {
        assert_eq!(
            Header::parse(b"name,code\nA,B\n"),
            Err(HeaderProblem::NotSqlite)
        );
        assert_eq!(
            Header::parse(b"SQLite for"),
            Err(HeaderProblem::Truncated {
                expected_bytes: 100
            })
        );
        assert_eq!(
            Header::parse(&header_bytes(1, 1, 1)[..60]),
            Err(HeaderProblem::Truncated {
                expected_bytes: 100
            })
        );
    }
}
