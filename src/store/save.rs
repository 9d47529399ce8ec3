//! Writing a plan file atomically: check numbers and sizes, write a temporary file in one
//! transaction, flush it, keep the replaced file as `NAME.bak`, rename the new file over the target.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::config::DbConfig;
use rusqlite::types::{ToSql, ToSqlOutput};
use rusqlite::{Connection, OpenFlags, Statement, params};

use super::StoreError;
use super::migrate::{APPLICATION_ID, SCHEMA_VERSION};
use super::schema::{CURRENT_INDEXES, CURRENT_TABLES};
use crate::domain::{Plan, check_limits};

/// Distinguishes temporary files of saves running at the same time in one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Whether a save keeps the file it replaces as `NAME.bak`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Backup {
    /// The replaced file becomes `NAME.bak` (a user's save).
    Keep,
    /// The replaced file is dropped (recovery snapshots, which are copies anyway).
    Skip,
}

/// Saves `plan` to `path`; see [`super::save`].
pub(super) fn save(plan: &Plan, path: &Path, backup: Backup) -> Result<(), StoreError> {
    if let Some((place, value)) = first_non_finite(plan) {
        return Err(StoreError::NotFinite {
            path: path.to_path_buf(),
            place,
            value,
        });
    }
    check_limits(plan).map_err(|limit| StoreError::NotSavedTooLarge {
        path: path.to_path_buf(),
        limit,
    })?;
    let scenario_json = encode_scenarios(plan, path)?;
    remove_stale_temp_files(path);
    let temp = temp_path(path, "")?;
    create_empty_file(&temp).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        action: "create a temporary file in its folder",
        source,
    })?;
    let result = write_and_replace(plan, &scenario_json, path, &temp, backup);
    if result.is_err() {
        // The temp file is ours and useless now; if removing it fails there is nothing better to do.
        let _ = fs::remove_file(&temp);
    }
    result
}

/// `NAME.bak` beside `path`: the version a save replaced.
pub(super) fn backup_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map_or_else(OsString::new, OsStr::to_os_string);
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes the database into `temp`, flushes it and renames it over `path`.
fn write_and_replace(
    plan: &Plan,
    scenario_json: &[String],
    path: &Path,
    temp: &Path,
    backup: Backup,
) -> Result<(), StoreError> {
    write_database(plan, scenario_json, temp).map_err(|source| StoreError::Sqlite {
        path: path.to_path_buf(),
        action: "write the plan",
        source,
    })?;
    let io_error = |action: &'static str| {
        move |source| StoreError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    };
    File::open(temp)
        .and_then(|file| file.sync_all())
        .map_err(io_error("flush the plan to disk"))?;
    keep_permissions(path, temp).map_err(io_error("keep the file's permissions"))?;
    if backup == Backup::Keep {
        keep_backup(path).map_err(io_error("keep the previous version as NAME.bak"))?;
    }
    fs::rename(temp, path).map_err(io_error("replace the file"))?;
    sync_folder(path);
    Ok(())
}

/// How the connection that fills a new plan file is set up; none of it is stored in the file.
///
/// - `journal_mode = MEMORY`, `synchronous = OFF`: no journal file and no syncs while writing.
///   The file is private until the rename and deleted on failure; the caller flushes it once.
/// - `ignore_check_constraints = ON`: the schema's `CHECK` constraints are not evaluated for
///   every inserted row. Everything they check is already guaranteed by how the rows are built,
///   as for the foreign keys (see the schema notes): numbers are bound from `f64` as reals and
///   refused before anything is written if not finite ([`first_non_finite`]), kinds and units
///   are written from their Rust enums, `plan.id` is the literal 1 and scenario plans are
///   serde_json's output. `PRAGMA integrity_check` on a writable connection evaluates every
///   constraint of a saved file (tested). Evaluating them took about a sixth of the save time
///   of plan L.
/// - `trusted_schema = OFF`, as everywhere.
///
/// A larger page cache, `temp_store = MEMORY` and `locking_mode = EXCLUSIVE` were measured too
/// (plan L, 7 saves each, interleaved): each made the save slower, so the defaults stay.
const WRITE_SETTINGS: &str = "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; \
     PRAGMA ignore_check_constraints = ON; PRAGMA trusted_schema = OFF;";

/// The whole plan in one transaction, into the empty file `temp`.
///
/// No rollback journal on disk and no syncs during the write: the file is private until the
/// rename, and a failure deletes it. The caller flushes it once at the end. See
/// [`WRITE_SETTINGS`] for the other settings of this connection.
fn write_database(plan: &Plan, scenario_json: &[String], temp: &Path) -> rusqlite::Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(temp, flags)?;
    conn.execute_batch(WRITE_SETTINGS)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    // Dangling references are part of an unfinished plan and must be saved as they are; see the
    // schema notes. (The bundled SQLite enforces foreign keys unless told otherwise.)
    conn.pragma_update(None, "foreign_keys", false)?;
    let tx = conn.transaction()?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    for script in CURRENT_TABLES {
        tx.execute_batch(script)?;
    }
    insert_plan(&tx, plan, scenario_json)?;
    for script in CURRENT_INDEXES {
        tx.execute_batch(script)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    conn.close().map_err(|(_, error)| error)
}

/// `.NAME{infix}.tmp-PID-N` beside the target, so the final rename stays on one file system.
fn temp_path(path: &Path, infix: &str) -> Result<PathBuf, StoreError> {
    let Some(name) = path.file_name() else {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
        });
    };
    let mut temp_name = OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(
        "{infix}{TEMP_MARK}{}-{}",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    Ok(path.with_file_name(temp_name))
}

/// What separates a temporary file's base name from its owner's process id and counter.
const TEMP_MARK: &str = ".tmp-";

/// Makes `NAME.bak` the file currently at `path`, if there is one; `path` itself is untouched.
///
/// A hard link costs no copy; where links are not supported the file is copied. Either way the
/// new `.bak` is prepared under a temporary name and renamed over the old one, so an interrupted
/// save leaves the previous `.bak` or the new one, never a part.
fn keep_backup(path: &Path) -> std::io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_file() => {}
        Ok(_) => return Ok(()),
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    }
    let staging = temp_path(path, ".bak")
        .map_err(|_| std::io::Error::new(ErrorKind::InvalidInput, "the path has no file name"))?;
    let staged = fs::hard_link(path, &staging)
        .or_else(|_| fs::copy(path, &staging).map(drop))
        .and_then(|()| fs::rename(&staging, backup_path(path)));
    // After a failure the staging file is useless. After a success it is normally gone, except
    // when `NAME.bak` already was a hard link to the target (a save killed between linking the
    // backup and renaming its new file): POSIX `rename` then does nothing and keeps both names.
    // Either way, removing what is left is safe: `NAME.bak` holds the target's content.
    if fs::symlink_metadata(&staging).is_ok() {
        let _ = fs::remove_file(&staging);
    }
    staged
}

/// Removes temporary files left beside `path` by saves of processes that no longer run.
///
/// A save that is killed (power cut, crash, `kill -9`) leaves its `.NAME.tmp-PID-N` file behind.
/// Files of running processes (another save in progress) are left alone; where liveness cannot be
/// told (no `/proc`), nothing is removed and the names stay unique, so leftovers are only ignored.
fn remove_stale_temp_files(path: &Path) {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let prefix = format!(".{}", name.to_string_lossy());
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(owner) = temp_file_owner(&file_name.to_string_lossy(), &prefix) else {
            continue;
        };
        if owner != std::process::id() && process_is_alive(owner) == Some(false) {
            // Best effort: a file that cannot be removed is simply ignored again next time.
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file name `PREFIX[.bak].tmp-PID-N`, if `file_name` is one.
fn temp_file_owner(file_name: &str, prefix: &str) -> Option<u32> {
    let rest = file_name.strip_prefix(prefix)?;
    let rest = rest.strip_prefix(".bak").unwrap_or(rest);
    let (pid, counter) = rest.strip_prefix(TEMP_MARK)?.split_once('-')?;
    counter.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// Whether process `pid` runs on this machine: `Some` on Linux (from `/proc`), `None` elsewhere.
fn process_is_alive(pid: u32) -> Option<bool> {
    let proc_root = Path::new("/proc");
    if !proc_root.join("self").exists() {
        return None;
    }
    Some(proc_root.join(pid.to_string()).exists())
}

/// Creates `temp` as a new empty file, replacing a leftover of a crashed earlier process.
fn create_empty_file(temp: &Path) -> std::io::Result<()> {
    let create = || OpenOptions::new().write(true).create_new(true).open(temp);
    match create() {
        Err(error) if error.kind() == ErrorKind::AlreadyExists => {
            fs::remove_file(temp)?;
            create().map(drop)
        }
        other => other.map(drop),
    }
}

/// Gives the new file the permissions of the file it replaces, if there is one.
fn keep_permissions(path: &Path, temp: &Path) -> std::io::Result<()> {
    match fs::metadata(path) {
        Ok(existing) if existing.is_file() => fs::set_permissions(temp, existing.permissions()),
        _ => Ok(()),
    }
}

/// Flushes the folder entry of the renamed file (Unix). The plan is already in place, so a
/// failure here (some file systems cannot sync folders) is not reported as a failed save.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    {
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let _ = File::open(folder).and_then(|dir| dir.sync_all());
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Each scenario's plan as JSON text, in scenario order.
fn encode_scenarios(plan: &Plan, path: &Path) -> Result<Vec<String>, StoreError> {
    plan.scenarios
        .iter()
        .enumerate()
        .map(|(index, scenario)| {
            serde_json::to_string(&*scenario.plan).map_err(|error| StoreError::Encode {
                path: path.to_path_buf(),
                place: format!("scenarios row {} ({})", index + 1, scenario.name),
                detail: error.to_string(),
            })
        })
        .collect()
}

/// The first NaN or infinite number of the plan (scenarios included), with its place.
fn first_non_finite(plan: &Plan) -> Option<(String, f64)> {
    let settings = [
        ("periods_per_year", plan.settings.periods_per_year),
        ("holding_rate", Some(plan.settings.holding_rate)),
        ("backorder_factor", Some(plan.settings.backorder_factor)),
    ];
    non_finite_in("plan", std::slice::from_ref(&settings), |row| *row)
        .or_else(|| {
            non_finite_in("items", &plan.items, |i| {
                [
                    ("price", Some(i.price)),
                    ("purchase_cost", Some(i.purchase_cost)),
                    ("lot_size", i.lot_size),
                    ("on_hand", Some(i.on_hand)),
                    ("safety_stock", Some(i.safety_stock)),
                    ("order_qty", i.order_qty),
                    ("order_min", Some(i.order_min)),
                    ("order_multiple", i.order_multiple),
                    ("order_cost", Some(i.order_cost)),
                    ("backorder_cost", i.backorder_cost),
                ]
            })
        })
        .or_else(|| non_finite_in("bom", &plan.bom, |b| [("qty", Some(b.qty))]))
        .or_else(|| {
            non_finite_in("resources", &plan.resources, |r| {
                [
                    ("hours_per_period", Some(r.hours_per_period)),
                    ("efficiency", Some(r.efficiency)),
                    ("cost_per_hour", Some(r.cost_per_hour)),
                    ("fixed_cost_per_period", Some(r.fixed_cost_per_period)),
                    ("capital_cost", Some(r.capital_cost)),
                    ("life_years", Some(r.life_years)),
                    (
                        "overtime_hours_per_period",
                        Some(r.overtime_hours_per_period),
                    ),
                    ("overtime_premium_per_hour", r.overtime_premium_per_hour),
                ]
            })
        })
        .or_else(|| {
            non_finite_in("routing", &plan.routing, |s| {
                [
                    ("setup_min", Some(s.setup_min)),
                    ("run_min", Some(s.run_min)),
                    ("yield", Some(s.yield_)),
                ]
            })
        })
        .or_else(|| non_finite_in("demand", &plan.demand, |d| [("qty", Some(d.qty))]))
        .or_else(|| first_non_finite_in_quality(plan))
        .or_else(|| first_non_finite_in_queues(plan))
        .or_else(|| first_non_finite_in_planning(plan))
        .or_else(|| first_non_finite_in_shop_floor(plan))
        .or_else(|| first_non_finite_in_scenarios(plan))
}

fn first_non_finite_in_quality(plan: &Plan) -> Option<(String, f64)> {
    non_finite_in("characteristics", &plan.characteristics, |c| {
        [("lsl", c.lsl), ("target", c.target), ("usl", c.usl)]
    })
    .or_else(|| {
        non_finite_in("measurements", &plan.measurements, |m| {
            [("value", Some(m.value))]
        })
    })
    .or_else(|| {
        non_finite_in("chart_settings", &plan.chart_settings, |c| {
            [
                ("ewma_lambda", Some(c.ewma_lambda)),
                ("ewma_l", Some(c.ewma_l)),
                ("cusum_k", Some(c.cusum_k)),
                ("cusum_h", Some(c.cusum_h)),
                ("center", c.center),
                ("sigma", c.sigma),
            ]
        })
    })
}

fn first_non_finite_in_queues(plan: &Plan) -> Option<(String, f64)> {
    non_finite_in("queues", &plan.queues, |q| {
        [
            ("arrival_per_hour", Some(q.arrival_per_hour)),
            ("service_min", Some(q.service_min)),
            ("target_wait_min", Some(q.target_wait_min)),
            ("target_service_level", Some(q.target_service_level)),
        ]
    })
    .or_else(|| {
        non_finite_in("queue_arrivals", &plan.queue_arrivals, |a| {
            [("arrival_per_hour", Some(a.arrival_per_hour))]
        })
    })
}

fn first_non_finite_in_planning(plan: &Plan) -> Option<(String, f64)> {
    non_finite_in("receipts", &plan.receipts, |r| [("qty", Some(r.qty))])
        .or_else(|| {
            non_finite_in("master_schedule", &plan.master_schedule, |m| {
                [("qty", Some(m.qty))]
            })
        })
        .or_else(|| {
            non_finite_in("calendar", &plan.calendar, |c| {
                [("working_share", Some(c.working_share))]
            })
        })
        .or_else(|| {
            non_finite_in("resource_periods", &plan.resource_periods, |r| {
                [
                    ("hours_per_period", r.hours_per_period),
                    ("overtime_hours", r.overtime_hours),
                ]
            })
        })
        .or_else(|| non_finite_in("history", &plan.history, |h| [("qty", Some(h.qty))]))
        .or_else(|| {
            non_finite_in("forecast_settings", &plan.forecast_settings, |f| {
                [
                    ("alpha", f.alpha),
                    ("beta", f.beta),
                    ("gamma", f.gamma),
                    ("phi", Some(f.phi)),
                ]
            })
        })
}

fn first_non_finite_in_shop_floor(plan: &Plan) -> Option<(String, f64)> {
    non_finite_in("production_log", &plan.production_log, |p| {
        [
            ("planned_min", Some(p.planned_min)),
            ("downtime_min", Some(p.downtime_min)),
            ("ideal_cycle_min", Some(p.ideal_cycle_min)),
        ]
    })
    .or_else(|| {
        non_finite_in("downtime", &plan.downtime, |d| {
            [("minutes", Some(d.minutes))]
        })
    })
}

fn first_non_finite_in_scenarios(plan: &Plan) -> Option<(String, f64)> {
    plan.scenarios
        .iter()
        .enumerate()
        .find_map(|(index, scenario)| {
            first_non_finite(&scenario.plan).map(|(place, value)| {
                let row = index + 1;
                (
                    format!("scenarios row {row} ({}): {place}", scenario.name),
                    value,
                )
            })
        })
}

/// The first non-finite number among `numbers(row)` over `rows`, as "TABLE row N, field F".
fn non_finite_in<T, const N: usize>(
    table: &str,
    rows: &[T],
    numbers: impl Fn(&T) -> [(&'static str, Option<f64>); N],
) -> Option<(String, f64)> {
    rows.iter().enumerate().find_map(|(index, row)| {
        numbers(row)
            .into_iter()
            .find_map(|(field, value)| match value {
                Some(number) if !number.is_finite() => {
                    Some((format!("{table} row {}, field {field}", index + 1), number))
                }
                _ => None,
            })
    })
}

/// `Ok([value.to_sql()?, …])`: the SQL values of a row's fields, borrowed from the row where
/// they can be, so binding allocates nothing per row.
macro_rules! sql_values {
    ($($value:expr),+ $(,)?) => {
        Ok([$($value.to_sql()?),+])
    };
}

/// Inserts every table: the code key tables first, then the tables in DESIGN.md §1 order.
fn insert_plan(tx: &Connection, plan: &Plan, scenario_json: &[String]) -> rusqlite::Result<()> {
    insert_settings(tx, plan)?;
    insert_codes(tx, "item_codes", plan.items.iter().map(|i| i.code.as_str()))?;
    insert_codes(
        tx,
        "resource_codes",
        plan.resources.iter().map(|r| r.code.as_str()),
    )?;
    insert_codes(
        tx,
        "characteristic_codes",
        plan.characteristics.iter().map(|c| c.code.as_str()),
    )?;
    insert_codes(
        tx,
        "queue_codes",
        plan.queues.iter().map(|q| q.code.as_str()),
    )?;
    insert_production_tables(tx, plan)?;
    insert_quality_tables(tx, plan)?;
    insert_queue_tables(tx, plan)?;
    insert_planning_tables(tx, plan)?;
    insert_shop_floor_tables(tx, plan)?;
    let scenarios: Vec<(&str, &str)> = plan
        .scenarios
        .iter()
        .zip(scenario_json)
        .map(|(scenario, json)| (scenario.name.as_str(), json.as_str()))
        .collect();
    insert_rows(tx, "scenarios", "name, plan", &scenarios, |(name, json)| {
        sql_values![name, json]
    })
}

fn insert_settings(tx: &Connection, plan: &Plan) -> rusqlite::Result<()> {
    let s = &plan.settings;
    tx.execute(
        "INSERT INTO plan (id, name, currency, period_unit, periods, periods_per_year, \
         start_date, holding_rate, backorder_factor) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            s.name,
            s.currency,
            s.period_unit.as_str(),
            s.periods,
            s.periods_per_year,
            s.start_date,
            s.holding_rate,
            s.backorder_factor
        ],
    )?;
    Ok(())
}

/// Fills a key table with the distinct codes, duplicates collapsing into one key.
fn insert_codes<'a>(
    tx: &Connection,
    table: &str,
    codes: impl Iterator<Item = &'a str>,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare(&format!("INSERT OR IGNORE INTO {table} (code) VALUES (?1)"))?;
    for code in codes {
        stmt.execute([code])?;
    }
    Ok(())
}

fn insert_production_tables(tx: &Connection, plan: &Plan) -> rusqlite::Result<()> {
    insert_rows(
        tx,
        "items",
        "code, name, kind, unit, price, purchase_cost, lot_size, on_hand, safety_stock, \
         lead_time, order_policy, order_qty, order_periods, order_min, order_multiple, \
         order_cost, backorder_cost",
        &plan.items,
        |i| {
            sql_values![
                i.code,
                i.name,
                i.kind.as_str(),
                i.unit,
                i.price,
                i.purchase_cost,
                i.lot_size,
                i.on_hand,
                i.safety_stock,
                i.lead_time,
                i.order_policy.as_str(),
                i.order_qty,
                i.order_periods,
                i.order_min,
                i.order_multiple,
                i.order_cost,
                i.backorder_cost
            ]
        },
    )?;
    insert_rows(tx, "bom", "parent, child, qty", &plan.bom, |b| {
        sql_values![b.parent, b.child, b.qty]
    })?;
    insert_rows(
        tx,
        "resources",
        "code, name, kind, units, hours_per_period, efficiency, cost_per_hour, \
         fixed_cost_per_period, capital_cost, life_years, overtime_hours_per_period, \
         overtime_premium_per_hour",
        &plan.resources,
        |r| {
            sql_values![
                r.code,
                r.name,
                r.kind.as_str(),
                r.units,
                r.hours_per_period,
                r.efficiency,
                r.cost_per_hour,
                r.fixed_cost_per_period,
                r.capital_cost,
                r.life_years,
                r.overtime_hours_per_period,
                r.overtime_premium_per_hour
            ]
        },
    )?;
    insert_rows(
        tx,
        "routing",
        "item, seq, name, resource, setup_min, run_min, \"yield\"",
        &plan.routing,
        |s| {
            sql_values![
                s.item,
                s.seq,
                s.name,
                s.resource,
                s.setup_min,
                s.run_min,
                s.yield_
            ]
        },
    )?;
    insert_rows(tx, "demand", "item, period, qty", &plan.demand, |d| {
        sql_values![d.item, d.period, d.qty]
    })
}

fn insert_quality_tables(tx: &Connection, plan: &Plan) -> rusqlite::Result<()> {
    insert_rows(
        tx,
        "characteristics",
        "code, item, name, unit, lsl, target, usl",
        &plan.characteristics,
        |c| sql_values![c.code, c.item, c.name, c.unit, c.lsl, c.target, c.usl],
    )?;
    insert_rows(
        tx,
        "measurements",
        "characteristic, subgroup, value",
        &plan.measurements,
        |m| sql_values![m.characteristic, m.subgroup, m.value],
    )?;
    insert_rows(
        tx,
        "control_limits",
        "characteristic, from_subgroup, to_subgroup",
        &plan.control_limits,
        |c| sql_values![c.characteristic, c.from_subgroup, c.to_subgroup],
    )?;
    insert_rows(
        tx,
        "chart_settings",
        "characteristic, ewma_lambda, ewma_l, cusum_k, cusum_h, center, sigma",
        &plan.chart_settings,
        |c| {
            sql_values![
                c.characteristic,
                c.ewma_lambda,
                c.ewma_l,
                c.cusum_k,
                c.cusum_h,
                c.center,
                c.sigma
            ]
        },
    )?;
    insert_rows(
        tx,
        "inspections",
        "item, lot, inspected, defective",
        &plan.inspections,
        |i| sql_values![i.item, i.lot, i.inspected, i.defective],
    )?;
    insert_rows(
        tx,
        "defects",
        "item, lot, \"type\", \"count\"",
        &plan.defects,
        |d| sql_values![d.item, d.lot, d.defect_type, d.count],
    )
}

fn insert_queue_tables(tx: &Connection, plan: &Plan) -> rusqlite::Result<()> {
    insert_rows(
        tx,
        "queues",
        "code, name, resource, arrival_per_hour, service_min, target_wait_min, \
         target_service_level",
        &plan.queues,
        |q| {
            sql_values![
                q.code,
                q.name,
                q.resource,
                q.arrival_per_hour,
                q.service_min,
                q.target_wait_min,
                q.target_service_level
            ]
        },
    )?;
    insert_rows(
        tx,
        "queue_arrivals",
        "queue, period, arrival_per_hour",
        &plan.queue_arrivals,
        |a| sql_values![a.queue, a.period, a.arrival_per_hour],
    )
}

fn insert_planning_tables(tx: &Connection, plan: &Plan) -> rusqlite::Result<()> {
    insert_rows(tx, "receipts", "item, period, qty", &plan.receipts, |r| {
        sql_values![r.item, r.period, r.qty]
    })?;
    insert_rows(
        tx,
        "master_schedule",
        "item, period, qty",
        &plan.master_schedule,
        |m| sql_values![m.item, m.period, m.qty],
    )?;
    insert_rows(
        tx,
        "calendar",
        "period, working_share",
        &plan.calendar,
        |c| sql_values![c.period, c.working_share],
    )?;
    insert_rows(
        tx,
        "resource_periods",
        "resource, period, units, hours_per_period, overtime_hours",
        &plan.resource_periods,
        |r| {
            sql_values![
                r.resource,
                r.period,
                r.units,
                r.hours_per_period,
                r.overtime_hours
            ]
        },
    )?;
    insert_rows(tx, "history", "item, period, qty", &plan.history, |h| {
        sql_values![h.item, h.period, h.qty]
    })?;
    insert_rows(
        tx,
        "forecast_settings",
        "item, method, \"window\", alpha, beta, gamma, phi, season_length",
        &plan.forecast_settings,
        |f| {
            sql_values![
                f.item,
                f.method.as_str(),
                f.window,
                f.alpha,
                f.beta,
                f.gamma,
                f.phi,
                f.season_length
            ]
        },
    )
}

fn insert_shop_floor_tables(tx: &Connection, plan: &Plan) -> rusqlite::Result<()> {
    insert_rows(
        tx,
        "production_log",
        "resource, period, item, planned_min, downtime_min, ideal_cycle_min, total_count, \
         good_count",
        &plan.production_log,
        |p| {
            sql_values![
                p.resource,
                p.period,
                p.item,
                p.planned_min,
                p.downtime_min,
                p.ideal_cycle_min,
                p.total_count,
                p.good_count
            ]
        },
    )?;
    insert_rows(
        tx,
        "downtime",
        "resource, period, reason, minutes",
        &plan.downtime,
        |d| sql_values![d.resource, d.period, d.reason, d.minutes],
    )
}

/// How many rows one `INSERT` statement writes. One statement per row spends about a third of
/// a large save on starting and finishing statements; 64 rows of at most 18 columns (`items`)
/// stay far below SQLite's limit of 32,766 parameters per statement.
const ROWS_PER_INSERT: usize = 64;

/// Inserts `rows` into `table`: the 1-based position `pos`, then the `columns` (a comma
/// separated list, without `pos`) with the values `values` gives for each row, in that order.
///
/// Rows go in [`ROWS_PER_INSERT`] at a time through one prepared multi-row statement, and the
/// last few through a second one, in plan order, which is also primary key order.
fn insert_rows<T, const N: usize>(
    tx: &Connection,
    table: &str,
    columns: &str,
    rows: &[T],
    values: impl Fn(&T) -> rusqlite::Result<[ToSqlOutput<'_>; N]>,
) -> rusqlite::Result<()> {
    let mut chunks = rows.chunks_exact(ROWS_PER_INSERT);
    let mut first_pos = 1_i64;
    if chunks.len() > 0 {
        let mut stmt = tx.prepare(&multi_row_insert(table, columns, N, ROWS_PER_INSERT))?;
        for chunk in &mut chunks {
            first_pos = bind_rows(&mut stmt, first_pos, chunk, &values)?;
            stmt.raw_execute()?;
        }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut stmt = tx.prepare(&multi_row_insert(table, columns, N, rest.len()))?;
        bind_rows(&mut stmt, first_pos, rest, &values)?;
        stmt.raw_execute()?;
    }
    Ok(())
}

/// Binds `pos` and the values of each row of `rows`, numbering positions from `first_pos`;
/// returns the position of the row after the last.
fn bind_rows<T, const N: usize>(
    stmt: &mut Statement<'_>,
    first_pos: i64,
    rows: &[T],
    values: &impl Fn(&T) -> rusqlite::Result<[ToSqlOutput<'_>; N]>,
) -> rusqlite::Result<i64> {
    let mut parameter = 1;
    let mut pos = first_pos;
    for row in rows {
        stmt.raw_bind_parameter(parameter, pos)?;
        for value in values(row)? {
            stmt.raw_bind_parameter(parameter + 1, value)?;
            parameter += 1;
        }
        parameter += 1;
        pos += 1;
    }
    Ok(pos)
}

/// `INSERT INTO table (pos, columns) VALUES (?, …), (?, …), …` for `rows` rows of `pos` and
/// `columns_count` more values.
fn multi_row_insert(table: &str, columns: &str, columns_count: usize, rows: usize) -> String {
    let row = format!("({})", vec!["?"; columns_count + 1].join(", "));
    let all_rows = vec![row.as_str(); rows].join(", ");
    format!("INSERT INTO {table} (pos, {columns}) VALUES {all_rows}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Item, QueueArrival, Scenario};

    #[test]
    fn first_non_finite_names_table_row_and_field() {
        let plan = Plan {
            items: vec![
                Item::default(),
                Item {
                    lot_size: Some(f64::INFINITY),
                    ..Item::default()
                },
            ],
            ..Plan::default()
        };
        let (place, value) = first_non_finite(&plan).expect("found");
        assert_eq!(place, "items row 2, field lot_size");
        assert_eq!(value, f64::INFINITY);
    }

    #[test]
    fn first_non_finite_looks_inside_scenarios() {
        let inner = Plan {
            queue_arrivals: vec![QueueArrival {
                arrival_per_hour: f64::NAN,
                ..QueueArrival::default()
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
        let (place, value) = first_non_finite(&plan).expect("found");
        assert_eq!(
            place,
            "scenarios row 1 (Peak): queue_arrivals row 1, field arrival_per_hour"
        );
        assert!(value.is_nan());
    }

    #[test]
    fn finite_plan_has_no_non_finite_number() {
        let plan = Plan {
            items: vec![Item {
                price: f64::MAX,
                lot_size: Some(-0.0),
                ..Item::default()
            }],
            ..Plan::default()
        };
        assert_eq!(first_non_finite(&plan), None);
    }

    #[test]
    fn temp_path_is_a_hidden_sibling_of_the_target() {
        let temp = temp_path(Path::new("/plans/demo.opsplan"), "").expect("temp path");
        assert_eq!(temp.parent(), Some(Path::new("/plans")));
        let name = temp
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 name");
        let prefix = format!(".demo.opsplan.tmp-{}-", std::process::id());
        assert!(name.starts_with(&prefix), "{name}");
        assert_eq!(
            temp_file_owner(name, ".demo.opsplan"),
            Some(std::process::id())
        );
    }

    #[test]
    fn temp_file_owner_reads_only_temporary_file_names() {
        let prefix = ".plan.opsplan";
        assert_eq!(
            temp_file_owner(".plan.opsplan.tmp-4242-7", prefix),
            Some(4242)
        );
        assert_eq!(
            temp_file_owner(".plan.opsplan.bak.tmp-17-0", prefix),
            Some(17)
        );
        assert_eq!(temp_file_owner(".plan.opsplan.lock", prefix), None);
        assert_eq!(temp_file_owner(".plan.opsplan.recovery", prefix), None);
        assert_eq!(temp_file_owner(".plan.opsplan.tmp-12", prefix), None);
        assert_eq!(temp_file_owner(".plan.opsplan.tmp-x-1", prefix), None);
        assert_eq!(temp_file_owner(".other.opsplan.tmp-1-1", prefix), None);
    }

    #[test]
    fn backup_path_appends_bak() {
        assert_eq!(
            backup_path(Path::new("/plans/demo.opsplan")),
            PathBuf::from("/plans/demo.opsplan.bak")
        );
    }
}
