//! Hostile and oversized files: views, triggers and generated columns posing as plan tables,
//! huge text, too many rows; size limits on import and save; the full integrity check; `.bak`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use opsplan::app::files::{FileError, read_plan};
use opsplan::app::operations;
use opsplan::domain::{Item, ItemKind, Measurement, Plan, PlanSettings, Resource};
use opsplan::store::{self, StoreError};
use rusqlite::Connection;
use tempfile::TempDir;

/// A hostile file must be refused quickly, never by running until it is stopped.
const QUICKLY: Duration = Duration::from_secs(5);

fn small_plan() -> Plan {
    Plan {
        settings: PlanSettings {
            name: "Hostile test".to_string(),
            periods: 4,
            ..PlanSettings::default()
        },
        items: vec![
            Item {
                code: "WIDGET".to_string(),
                name: "Precision widget".to_string(),
                kind: ItemKind::Finished,
                price: 25.0,
                ..Item::default()
            },
            Item {
                code: "BOLT".to_string(),
                kind: ItemKind::Material,
                ..Item::default()
            },
        ],
        resources: vec![Resource {
            code: "SAWX9".to_string(),
            hours_per_period: 40.0,
            ..Resource::default()
        }],
        measurements: vec![Measurement {
            characteristic: "D1".to_string(),
            subgroup: 1,
            value: 25.01,
        }],
        ..Plan::default()
    }
}

fn saved(dir: &TempDir, plan: &Plan) -> PathBuf {
    let path = dir.path().join("plan.opsplan");
    store::save(plan, &path).expect("save");
    path
}

/// Changes the file with SQL the way a foreign tool could (foreign keys off).
fn tamper(path: &Path, sql: &str) {
    let conn = Connection::open(path).expect("open for tampering");
    conn.execute_batch("PRAGMA foreign_keys = OFF;")
        .expect("pragma");
    conn.execute_batch(sql).expect("tamper");
}

/// Loads `path` expecting a refusal within [`QUICKLY`], with the file left byte-identical.
fn refused_quickly(path: &Path) -> StoreError {
    let before = fs::read(path).expect("read");
    let started = Instant::now();
    let error = store::load(path).expect_err("refused");
    assert!(started.elapsed() < QUICKLY, "took {:?}", started.elapsed());
    assert_eq!(fs::read(path).expect("read"), before, "file changed");
    error
}

#[test]
fn views_triggers_and_generated_columns_are_refused_before_anything_runs() {
    let cases = [
        (
            // Reading this `items` would never end.
            "DROP TABLE items; CREATE VIEW items AS WITH RECURSIVE c(x) AS \
             (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS pos, 'A' AS code, '' AS name, \
             'finished' AS kind, 'pcs' AS unit, 0.0 AS price, 0.0 AS purchase_cost, \
             NULL AS lot_size FROM c;",
            "view items is not defined the way a plan file defines it",
        ),
        (
            "CREATE TABLE log (x); CREATE TRIGGER items_spy AFTER UPDATE ON items \
             BEGIN INSERT INTO log VALUES (1); END;",
            "table log is not part of a plan file",
        ),
        (
            "CREATE TRIGGER items_spy AFTER UPDATE ON items BEGIN SELECT 1; END;",
            "trigger items_spy is not part of a plan file",
        ),
        (
            "ALTER TABLE bom ADD COLUMN big BLOB GENERATED ALWAYS AS (zeroblob(1000000000)) \
             VIRTUAL;",
            "table bom is not defined the way a plan file defines it",
        ),
        (
            "CREATE INDEX items_name ON items (name);",
            "index items_name is not part of a plan file",
        ),
    ];
    for (sql, detail) in cases {
        let dir = TempDir::new().expect("temp dir");
        let path = saved(&dir, &small_plan());
        tamper(&path, sql);
        let error = refused_quickly(&path);
        assert_eq!(
            error.to_string(),
            format!("{}: the file is damaged ({detail})", path.display()),
            "{sql}"
        );
        let error = store::check_integrity(&path).expect_err("check refuses it too");
        assert!(matches!(error, StoreError::Damaged { .. }), "{error:?}");
    }
}

#[test]
fn huge_text_in_a_plan_file_is_refused_naming_table_row_and_field() {
    // 5,000,000 characters in items row 2, name: 500 times the limit.
    let dir = TempDir::new().expect("temp dir");
    let path = saved(&dir, &small_plan());
    tamper(
        &path,
        "UPDATE items SET name = printf('%.*c', 5000000, 'x') WHERE pos = 2;",
    );
    let error = refused_quickly(&path);
    assert!(matches!(error, StoreError::TooLarge { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: cannot open: items row 2, field name: 5000000 characters, more than the 10000 a \
             text field may hold",
            path.display()
        )
    );
}

#[test]
fn table_with_more_than_a_million_rows_is_refused_before_it_is_read() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved(&dir, &small_plan());
    // 1 saved row + 1,000,000 inserted = 1,000,001 rows.
    tamper(
        &path,
        "WITH RECURSIVE n(x) AS (SELECT 2 UNION ALL SELECT x + 1 FROM n WHERE x < 1000001) \
         INSERT INTO measurements (pos, characteristic, subgroup, value) \
         SELECT x, 'D1', x, 1.0 FROM n;",
    );
    let error = refused_quickly(&path);
    assert_eq!(
        error.to_string(),
        format!(
            "{}: cannot open: table measurements has 1000001 rows, more than the 1000000 rows a \
             table may hold",
            path.display()
        )
    );
}

#[test]
fn text_over_the_limit_is_not_saved_and_the_target_stays_identical() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved(&dir, &small_plan());
    let before = fs::read(&path).expect("read");
    let mut plan = small_plan();
    plan.resources[0].name = "é".repeat(10_001);
    let error = store::save(&plan, &path).expect_err("too long");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: not saved: resources row 1, field name: 10001 characters, more than the 10000 a \
             text field may hold; shorten it and save again",
            path.display()
        )
    );
    assert_eq!(fs::read(&path).expect("read"), before);
    assert!(!store::backup_path(&path).exists(), "nothing was replaced");
    // Exactly at the limit is fine.
    plan.resources[0].name = "é".repeat(10_000);
    store::save(&plan, &path).expect("10,000 characters are allowed");
}

#[test]
fn json_import_over_the_limit_names_the_file_row_and_field_and_writes_nothing() {
    let dir = TempDir::new().expect("temp dir");
    let json = dir.path().join("big.json");
    let long = "y".repeat(10_001);
    fs::write(
        &json,
        format!(
            r#"{{"plan": {{"name": "P", "periods": 1}},
               "items": [{{"code": "A", "kind": "finished"}},
                         {{"code": "B", "kind": "finished", "unit": "{long}"}}]}}"#
        ),
    )
    .expect("write json");
    let output = dir.path().join("out.opsplan");
    let error = operations::import(&json, &output).expect_err("too long");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: cannot import: items row 2, field unit: 10001 characters, more than the 10000 a \
             text field may hold",
            json.display()
        )
    );
    assert!(!output.exists());
}

#[test]
fn csv_import_over_the_limit_names_the_folder_row_and_field() {
    let dir = TempDir::new().expect("temp dir");
    let folder = dir.path().join("csv");
    fs::create_dir(&folder).expect("folder");
    let mut plan = small_plan();
    plan.items[1].code = "C".repeat(20_000);
    opsplan::io::csv::write_plan_dir(&plan, &folder).expect("write csv");
    let error = read_plan(&folder).expect_err("too long");
    assert!(matches!(error, FileError::TooLarge { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: cannot import: items row 2, field code: 20000 characters, more than the 10000 a \
             text field may hold",
            folder.display()
        )
    );
}

#[test]
fn full_integrity_check_finds_an_index_that_disagrees_with_its_table() {
    let dir = TempDir::new().expect("temp dir");
    let path = saved(&dir, &small_plan());
    store::check_integrity(&path).expect("a saved plan is intact");
    // "SAWX9" is stored three times: in resource_codes (page 4), in the resources row (page 9)
    // and in the resources_code index (built last). Changing the row's copy leaves the index
    // pointing at a value the table no longer has; the b-trees themselves stay well-formed.
    let mut bytes = fs::read(&path).expect("read");
    let hits: Vec<usize> = bytes
        .windows(5)
        .enumerate()
        .filter(|(_, window)| *window == b"SAWX9")
        .map(|(at, _)| at)
        .collect();
    assert_eq!(hits.len(), 3, "{hits:?}");
    bytes[hits[1]] = b'T';
    fs::write(&path, &bytes).expect("write");
    // The quick check on open does not compare indexes with tables, so the plan still opens…
    let plan = store::load(&path).expect("quick check passes");
    assert_eq!(plan.resources[0].code, "TAWX9");
    // …but File ▸ Check plan finds it.
    let error = store::check_integrity(&path).expect_err("index mismatch");
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "{}: the file is damaged (integrity_check: ",
            path.display()
        )) && message.contains("resources_code"),
        "{message}"
    );
}

#[test]
fn save_over_a_plan_keeps_the_previous_version_as_bak() {
    let dir = TempDir::new().expect("temp dir");
    let first = small_plan();
    let path = saved(&dir, &first);
    assert!(
        !store::backup_path(&path).exists(),
        "a new file has no .bak"
    );
    let mut second = small_plan();
    second.settings.name = "Second".to_string();
    store::save(&second, &path).expect("second save");
    let mut third = small_plan();
    third.settings.name = "Third".to_string();
    store::save(&third, &path).expect("third save");
    assert_eq!(store::load(&path).expect("load"), third);
    let backup = dir.path().join("plan.opsplan.bak");
    assert_eq!(store::backup_path(&path), backup);
    assert_eq!(store::load(&backup).expect("load .bak"), second);
}
