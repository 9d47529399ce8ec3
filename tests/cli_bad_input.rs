//! Bad input through the CLI: each case exits non-zero, names the problem on stderr, writes
//! nothing, and leaves an existing output file byte-identical.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VALID_PLAN: &str = r#"{
  "format": "opsplan-plan", "version": 1,
  "plan": {"name": "Demo", "periods": 4},
  "items": [{"code": "BIKE", "kind": "finished", "price": 420},
            {"code": "FRAME", "kind": "component", "lot_size": 50},
            {"code": "TUBE", "kind": "material", "purchase_cost": 4.5}],
  "bom": [{"parent": "BIKE", "child": "FRAME", "qty": 1},
          {"parent": "FRAME", "child": "TUBE", "qty": 3.2}],
  "resources": [{"code": "WELD", "hours_per_period": 40, "cost_per_hour": 35}],
  "routing": [{"item": "FRAME", "seq": 10, "resource": "WELD", "setup_min": 30, "run_min": 12}],
  "demand": [{"item": "BIKE", "period": 1, "qty": 120}]
}"#;

fn opsplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opsplan"))
        .args(args)
        .output()
        .expect("the opsplan binary runs")
}

fn text(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// A temp folder with a previous output file whose bytes must survive every failure.
struct Case {
    _dir: tempfile::TempDir,
    input: PathBuf,
    output: PathBuf,
}

const PREVIOUS_OUTPUT: &[u8] = b"previous output, must stay byte-identical";

impl Case {
    fn new(input_name: &str, input: &[u8]) -> Case {
        let dir = tempfile::tempdir().expect("temp dir");
        let input_path = dir.path().join(input_name);
        std::fs::write(&input_path, input).expect("write input");
        let output = dir.path().join("out.opsplan");
        std::fs::write(&output, PREVIOUS_OUTPUT).expect("write previous output");
        Case {
            _dir: dir,
            input: input_path,
            output,
        }
    }

    /// Runs the command, asserts the failure contract and returns stderr.
    fn fails(&self, args: &[&str]) -> String {
        let result = opsplan(args);
        let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
        assert!(
            !result.status.success(),
            "expected failure, stderr: {stderr}"
        );
        assert_eq!(
            std::fs::read(&self.output).expect("output still there"),
            PREVIOUS_OUTPUT,
            "the existing output file changed"
        );
        let entries = std::fs::read_dir(self.output.parent().expect("parent"))
            .expect("list")
            .count();
        assert_eq!(entries, 2, "a failed command left files behind");
        stderr
    }

    fn import_fails(&self) -> String {
        self.fails(&["import", text(&self.input), "-o", text(&self.output)])
    }

    fn analyze_fails(&self) -> String {
        self.fails(&["analyze", text(&self.input), "--json"])
    }
}

#[test]
fn malformed_json_names_line_and_column() {
    let broken = VALID_PLAN.replace("\"price\": 420}", "\"price\": 420,}");
    let stderr = Case::new("plan.json", broken.as_bytes()).import_fails();
    assert!(stderr.contains("plan.json"), "{stderr}");
    assert!(stderr.contains("line 4"), "{stderr}");
    assert!(stderr.contains("column"), "{stderr}");
}

#[test]
fn an_unknown_key_is_named_with_its_place() {
    let odd = VALID_PLAN.replace("\"lot_size\": 50", "\"lot_size\": 50, \"colour\": \"red\"");
    let stderr = Case::new("plan.json", odd.as_bytes()).import_fails();
    assert!(stderr.contains("colour"), "{stderr}");
    assert!(stderr.contains("items"), "{stderr}");
}

/// The message is said once: the file, the place and the key, not the same text twice over.
#[test]
fn an_unknown_top_level_key_is_named_once() {
    let odd = VALID_PLAN.replace("\"plan\":", "\"settings\": {}, \"plan\":");
    let stderr = Case::new("plan.json", odd.as_bytes()).import_fails();
    assert!(stderr.contains("plan.json: line 3"), "{stderr}");
    assert_eq!(
        stderr.matches("unknown field \"settings\"").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn a_missing_reference_is_named() {
    let odd = VALID_PLAN.replace("\"resource\": \"WELD\"", "\"resource\": \"PAINT\"");
    let stderr = Case::new("plan.json", odd.as_bytes()).import_fails();
    assert!(
        stderr
            .contains("routing row 1 (FRAME step 10), field resource: unknown resource \"PAINT\""),
        "{stderr}"
    );
}

#[test]
fn a_bom_cycle_is_named() {
    let odd = VALID_PLAN.replace(
        "{\"parent\": \"FRAME\", \"child\": \"TUBE\", \"qty\": 3.2}",
        "{\"parent\": \"FRAME\", \"child\": \"TUBE\", \"qty\": 3.2}, {\"parent\": \"FRAME\", \"child\": \"BIKE\", \"qty\": 1}",
    );
    let stderr = Case::new("plan.json", odd.as_bytes()).import_fails();
    assert!(
        stderr.contains("cycle in the bill of materials: BIKE → FRAME → BIKE"),
        "{stderr}"
    );
}

#[test]
fn a_negative_quantity_is_named() {
    let odd = VALID_PLAN.replace("\"qty\": 120", "\"qty\": -120");
    let stderr = Case::new("plan.json", odd.as_bytes()).import_fails();
    assert!(
        stderr.contains("demand row 1 (BIKE period 1), field qty: must be ≥ 0, is -120"),
        "{stderr}"
    );
}

/// A price of 1e300 made revenue infinite and profit NaN (`analyze` printed "profit NaN").
#[test]
fn an_absurd_magnitude_is_named() {
    let odd = VALID_PLAN.replace("\"price\": 420", "\"price\": 1e300");
    let stderr = Case::new("plan.json", odd.as_bytes()).import_fails();
    assert!(
        stderr.contains(
            "items row 1 (BIKE), field price: 1e300 is beyond ±1e15, the largest magnitude a \
             number in a plan may have"
        ),
        "{stderr}"
    );
    let tiny_yield = VALID_PLAN.replace("\"run_min\": 12}", "\"run_min\": 12, \"yield\": 1e-300}");
    let stderr = Case::new("plan.json", tiny_yield.as_bytes()).analyze_fails();
    assert!(
        stderr.contains("routing row 1 (FRAME step 10), field yield: 1e-300 is below 1e-6"),
        "{stderr}"
    );
}

#[test]
fn a_text_file_renamed_opsplan_is_refused() {
    let case = Case::new("notes.opsplan", b"shopping list: tubes, saddles\n");
    let stderr = case.analyze_fails();
    assert!(stderr.contains("notes.opsplan"), "{stderr}");
    assert!(stderr.contains("not an Opsplan plan"), "{stderr}");
}

#[test]
fn an_empty_file_is_refused() {
    let stderr = Case::new("empty.opsplan", b"").analyze_fails();
    assert!(stderr.contains("empty.opsplan"), "{stderr}");
    assert!(stderr.contains("empty"), "{stderr}");
}

#[test]
fn a_truncated_plan_file_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = dir.path().join("plan.json");
    std::fs::write(&json, VALID_PLAN).expect("write");
    let whole = dir.path().join("whole.opsplan");
    let made = opsplan(&["import", text(&json), "-o", text(&whole)]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let bytes = std::fs::read(&whole).expect("read");
    assert!(bytes.len() > 4096, "a plan file spans several pages");
    let case = Case::new("cut.opsplan", &bytes[..bytes.len() / 2]);
    let stderr = case.analyze_fails();
    assert!(stderr.contains("cut.opsplan"), "{stderr}");
    assert_eq!(
        std::fs::read(&case.input).expect("read"),
        &bytes[..bytes.len() / 2]
    );
}

#[test]
fn a_sqlite_file_of_another_application_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let foreign = dir.path().join("contacts.db");
    let conn = rusqlite::Connection::open(&foreign).expect("create sqlite file");
    conn.execute_batch(
        "CREATE TABLE contacts(name TEXT, phone TEXT); INSERT INTO contacts VALUES('Ann', '555');",
    )
    .expect("fill");
    drop(conn);
    let bytes = std::fs::read(&foreign).expect("read");
    let case = Case::new("contacts.opsplan", &bytes);
    let stderr = case.analyze_fails();
    assert!(stderr.contains("contacts.opsplan"), "{stderr}");
    assert!(stderr.contains("not an Opsplan plan"), "{stderr}");
    assert_eq!(std::fs::read(&case.input).expect("read"), bytes);
}

#[test]
fn an_unknown_scenario_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = dir.path().join("plan.json");
    std::fs::write(&json, VALID_PLAN).expect("write");
    let plan = dir.path().join("plan.opsplan");
    assert!(
        opsplan(&["import", text(&json), "-o", text(&plan)])
            .status
            .success()
    );
    let result = opsplan(&["analyze", text(&plan), "--json", "--scenario", "Rush"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(!result.status.success());
    assert!(
        stderr.contains("no scenario named \"Rush\" (the plan has: none)"),
        "{stderr}"
    );
}

#[test]
fn a_successful_import_replaces_the_output_and_round_trips() {
    let case = Case::new("plan.json", VALID_PLAN.as_bytes());
    let made = opsplan(&["import", text(&case.input), "-o", text(&case.output)]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let exported = case.output.with_extension("json");
    let out = opsplan(&["export", text(&case.output), "-o", text(&exported)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = case.output.with_file_name("again.opsplan");
    assert!(
        opsplan(&["import", text(&exported), "-o", text(&again)])
            .status
            .success()
    );
    let second = case.output.with_file_name("second.json");
    assert!(
        opsplan(&["export", text(&again), "-o", text(&second)])
            .status
            .success()
    );
    assert_eq!(
        std::fs::read_to_string(&exported).expect("read"),
        std::fs::read_to_string(&second).expect("read"),
        "import → export → import → export is stable"
    );
}

/// `VALID_PLAN` with `tables` (JSON members such as `"receipts": [...]`) added at the end.
fn with_tables(plan: &str, tables: &str) -> String {
    let end = plan.rfind('}').unwrap_or(plan.len());
    format!("{},\n  {tables}\n}}", &plan[..end].trim_end())
}

/// Imports each plan and asserts the failure contract and the exact problem line.
fn assert_import_refuses(cases: &[(&str, String, &str)]) {
    for (what, plan, problem) in cases {
        let stderr = Case::new("bad.json", plan.as_bytes()).import_fails();
        assert!(
            stderr.contains(problem),
            "{what}: expected \"{problem}\" in stderr: {stderr}"
        );
    }
}

#[test]
fn bad_planning_fields_of_plan_items_and_resources_are_named() {
    let service = VALID_PLAN.replace(
        "\"purchase_cost\": 4.5}",
        "\"purchase_cost\": 4.5},\n            {\"code\": \"INSTALL\", \"kind\": \"service\", \"on_hand\": 3}",
    );
    assert_import_refuses(&[
        (
            "backorder_factor 0 (issue 14)",
            VALID_PLAN.replace(
                "\"periods\": 4}",
                "\"periods\": 4, \"backorder_factor\": 0}",
            ),
            "plan row 1, field backorder_factor: must be > 0, is 0",
        ),
        (
            "negative holding rate",
            VALID_PLAN.replace(
                "\"periods\": 4}",
                "\"periods\": 4, \"holding_rate\": -0.25}",
            ),
            "plan row 1, field holding_rate: must be ≥ 0, is -0.25",
        ),
        (
            "negative lead time",
            VALID_PLAN.replace("\"lot_size\": 50}", "\"lot_size\": 50, \"lead_time\": -1}"),
            "items row 2 (FRAME), field lead_time: must be a whole number of periods between 0 \
             and 10000, is -1",
        ),
        (
            "fixed without order_qty",
            VALID_PLAN.replace(
                "\"purchase_cost\": 4.5}",
                "\"purchase_cost\": 4.5, \"order_policy\": \"fixed\"}",
            ),
            "items row 3 (TUBE), field order_qty: is required by order_policy fixed (the \
             quantity of each order)",
        ),
        (
            "poq without order_periods",
            VALID_PLAN.replace(
                "\"purchase_cost\": 4.5}",
                "\"purchase_cost\": 4.5, \"order_policy\": \"poq\"}",
            ),
            "items row 3 (TUBE), field order_periods: is required by order_policy poq (the \
             periods one order covers)",
        ),
        (
            "a service with stock",
            service,
            "items row 4 (INSTALL), field on_hand: must be 0 for a service (a service holds no \
             stock), is 3",
        ),
        (
            "negative overtime premium (issue 14)",
            VALID_PLAN.replace(
                "\"cost_per_hour\": 35}",
                "\"cost_per_hour\": 35, \"overtime_premium_per_hour\": -5}",
            ),
            "resources row 1 (WELD), field overtime_premium_per_hour: must be ≥ 0, is -5",
        ),
        (
            "negative overtime hours",
            VALID_PLAN.replace(
                "\"cost_per_hour\": 35}",
                "\"cost_per_hour\": 35, \"overtime_hours_per_period\": -4}",
            ),
            "resources row 1 (WELD), field overtime_hours_per_period: must be ≥ 0, is -4",
        ),
    ]);
}

#[test]
fn a_bad_value_in_each_new_table_is_named() {
    let service = VALID_PLAN.replace(
        "\"purchase_cost\": 4.5}",
        "\"purchase_cost\": 4.5},\n            {\"code\": \"INSTALL\", \"kind\": \"service\"}",
    );
    assert_import_refuses(&[
        (
            "receipt outside the horizon",
            with_tables(
                VALID_PLAN,
                r#""receipts": [{"item": "TUBE", "period": 5, "qty": 100}]"#,
            ),
            "receipts row 1 (TUBE period 5), field period: 5 is outside the horizon 1..4",
        ),
        (
            "receipt of a service",
            with_tables(
                &service,
                r#""receipts": [{"item": "INSTALL", "period": 1, "qty": 2}]"#,
            ),
            "receipts row 1 (INSTALL period 1), field item: \"INSTALL\" is a service; a service \
             has no scheduled receipts",
        ),
        (
            "duplicate master schedule row",
            with_tables(
                VALID_PLAN,
                r#""master_schedule": [{"item": "BIKE", "period": 2, "qty": 60},
                                       {"item": "BIKE", "period": 2, "qty": 40}]"#,
            ),
            "master_schedule row 2 (BIKE period 2), field period: duplicate (item, period) \
             master schedule row",
        ),
        (
            "negative working share",
            with_tables(
                VALID_PLAN,
                r#""calendar": [{"period": 3, "working_share": -0.5}]"#,
            ),
            "calendar row 1 (period 3), field working_share: must be ≥ 0, is -0.5",
        ),
        (
            "negative overtime hours in a period (issue 14)",
            with_tables(
                VALID_PLAN,
                r#""resource_periods": [{"resource": "WELD", "period": 2, "overtime_hours": -2}]"#,
            ),
            "resource_periods row 1 (WELD period 2), field overtime_hours: must be ≥ 0, is -2",
        ),
        (
            "history in the future",
            with_tables(
                VALID_PLAN,
                r#""history": [{"item": "BIKE", "period": 3, "qty": 10}]"#,
            ),
            "history row 1 (BIKE period 3), field period: must be between -10000 and 0 (0 is \
             the period just before period 1), is 3",
        ),
        (
            "smoothing constant 1",
            with_tables(
                VALID_PLAN,
                r#""forecast_settings": [{"item": "BIKE", "method": "ses", "alpha": 1}]"#,
            ),
            "forecast_settings row 1 (BIKE), field alpha: must be in (0, 1), is 1",
        ),
        (
            "more good units than made",
            with_tables(
                VALID_PLAN,
                r#""production_log": [{"resource": "WELD", "period": -1, "planned_min": 480,
                    "ideal_cycle_min": 2, "total_count": 100, "good_count": 101}]"#,
            ),
            "production_log row 1 (WELD period -1), field good_count: must be between 0 and \
             total_count (100), is 101",
        ),
        (
            "downtime without a reason",
            with_tables(
                VALID_PLAN,
                r#""downtime": [{"resource": "WELD", "period": -1, "reason": "", "minutes": 30}]"#,
            ),
            "downtime row 1 (WELD period -1), field reason: must not be empty",
        ),
    ]);
}

/// A reader that stops early (`opsplan mrp PLAN | head -1`) ends the output quietly: exit 0, no
/// panic on stderr. Rust's `print!` panicked there ("failed printing to stdout: Broken pipe").
#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    // Plan S's material plan is 180 KB of text and its analysis 600 KB of JSON, more than a pipe holds (64 KB).
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("S.opsplan");
    let generated = opsplan(&[
        "generate",
        "--items",
        "200",
        "--resources",
        "20",
        "--periods",
        "12",
        "--seed",
        "1",
        "-o",
        text(&plan),
    ]);
    assert!(generated.status.success(), "{generated:?}");
    for args in [
        vec!["mrp", text(&plan)],
        vec!["analyze", text(&plan), "--json"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_opsplan"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the opsplan binary runs");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut first_line = String::new();
        BufReader::new(stdout)
            .read_line(&mut first_line)
            .expect("first line of the output");
        assert!(
            !first_line.is_empty(),
            "{args:?}: the output starts with a line"
        );
        // The reader is gone: the rest of the output meets a closed pipe.
        let output = child.wait_with_output().expect("opsplan ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert!(output.status.success(), "{args:?}: {:?}", output.status);
    }
}
