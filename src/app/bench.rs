//! `opsplan analyze PLAN --bench`: min and median wall time of every phase a user waits for,
//! measured on the user's own file: open, validate, analytics, JSON output, save, JSON import
//! and the report in each format.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::files::{FileError, read_plan, save_plan};
use super::operations::{OperationError, write_analysis_json};
use crate::analytics::availability::Availability;
use crate::analytics::capacity::Explosion;
use crate::analytics::cost::StandardCosts;
use crate::analytics::mrp::material_plan;
use crate::analytics::plan_index::PlanIndex;
use crate::analytics::{Analysis, analyze_valid};
use crate::domain::{Plan, check_limits, validate};
use crate::io::json::{parse_plan, plan_to_json};
use crate::report::{self, ReportFormat, ReportOptions};

/// Timing of one phase over several runs.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseTiming {
    /// The phase's name as printed in the table (`open`, `save`, `report_pdf`, …).
    pub phase: &'static str,
    /// The fastest run.
    pub min: Duration,
    /// The middle run (the upper one of the two middle runs of an even count).
    pub median: Duration,
}

/// The report formats timed, with their phase names, in table order.
const REPORT_PHASES: [(ReportFormat, &str); 4] = [
    (ReportFormat::Html, "report_html"),
    (ReportFormat::Xlsx, "report_xlsx"),
    (ReportFormat::Pdf, "report_pdf"),
    (ReportFormat::Csv, "report_csv"),
];

/// Every phase [`bench_analyze`] times, in the order it runs and lists them.
pub const PHASES: [&str; 12] = [
    "open",
    "validate",
    "analytics",
    "mrp",
    "oee",
    "json",
    "save",
    "json_import",
    REPORT_PHASES[0].1,
    REPORT_PHASES[1].1,
    REPORT_PHASES[2].1,
    REPORT_PHASES[3].1,
];

/// Times every phase of [`PHASES`] `runs` times (at least once) on the plan file at `path`.
///
/// Each phase runs `runs` times in a row on the plan opened by the `open` phase:
/// - `open` reads the plan file; `validate` checks it (an invalid plan stops here with its
///   problems); `analytics` computes every result; `oee` recomputes the OEE part alone
///   (DESIGN.md §8, included in `analytics`) on the plan index the analysis shares; `json`
///   writes the `analyze --json` document to a sink, as `analyze --json > /dev/null` does;
/// - `save` writes the whole plan to a new file in a temporary folder through the real atomic
///   save ([`save_plan`], flush to disk included); the folder is removed afterwards;
/// - `json_import` parses the plan's JSON text (made once, untimed) and checks its limits and
///   validity, as `opsplan import` does before it saves;
/// - `report_*` renders the whole report (every section and period) to bytes in that format.
pub fn bench_analyze(path: &Path, runs: usize) -> Result<Vec<PhaseTiming>, OperationError> {
    let runs = runs.max(1);
    let (open, plan) = time_runs("open", runs, || Ok(read_plan(path)?))?;
    let validate = bench_validate(&plan, path, runs)?;
    let (analytics, analysis) = time_runs("analytics", runs, || Ok(analyze_valid(&plan)))?;
    let material = bench_material_plan(&plan, runs)?;
    let oee = bench_oee(&plan, runs)?;
    let (json, _) = time_runs("json", runs, || {
        write_analysis_json(&analysis, std::io::sink())
    })?;
    let save = bench_save(&plan, runs)?;
    let json_import = bench_json_import(&plan, path, runs)?;
    let mut timings = vec![
        open,
        validate,
        analytics,
        material,
        oee,
        json,
        save,
        json_import,
    ];
    for (format, phase) in REPORT_PHASES {
        timings.push(bench_report(&plan, &analysis, path, format, phase, runs)?);
    }
    Ok(timings)
}

/// Times the material plan alone (DESIGN.md §5: netting, lot sizing, releases, exceptions,
/// inventory value), on the index and standard unit costs that `analyze` builds before it.
fn bench_material_plan(plan: &Plan, runs: usize) -> Result<PhaseTiming, OperationError> {
    let index = PlanIndex::new(plan);
    let explosion = Explosion::new(&index);
    let availability = Availability::new(plan);
    let unit_costs = StandardCosts::new(&index, &explosion, &availability).unit_costs();
    let (timing, _) = time_runs("mrp", runs, || Ok(material_plan(&index, &unit_costs)))?;
    Ok(timing)
}

/// Times the OEE part alone (DESIGN.md §8), on the index that `analyze` builds before it.
fn bench_oee(plan: &Plan, runs: usize) -> Result<PhaseTiming, OperationError> {
    let index = PlanIndex::new(plan);
    let (timing, _) = time_runs("oee", runs, || Ok(crate::analytics::oee::oee_from(&index)))?;
    Ok(timing)
}

/// Times validation; an invalid plan is an error listing its problems.
fn bench_validate(plan: &Plan, path: &Path, runs: usize) -> Result<PhaseTiming, OperationError> {
    let (timing, report) = time_runs("validate", runs, || Ok(validate(plan)))?;
    if report.is_valid() {
        Ok(timing)
    } else {
        Err(OperationError::Invalid {
            path: path.to_path_buf(),
            report,
        })
    }
}

/// Times saving the plan to a new file in a private temporary folder, removed afterwards.
fn bench_save(plan: &Plan, runs: usize) -> Result<PhaseTiming, OperationError> {
    let folder = ScratchFolder::create()?;
    let target = folder.path.join("bench.opsplan");
    let (timing, _saved) = time_runs("save", runs, || {
        save_plan(plan, &target)?;
        Ok(RemovedOnDrop(target.clone()))
    })?;
    Ok(timing)
}

/// Times parsing the plan's JSON text and the limit and validity checks of an import.
fn bench_json_import(plan: &Plan, path: &Path, runs: usize) -> Result<PhaseTiming, OperationError> {
    let text = plan_to_json(plan);
    let (timing, _) = time_runs("json_import", runs, || {
        let imported = parse_plan(&text).map_err(|source| FileError::Json {
            path: path.to_path_buf(),
            source,
        })?;
        check_limits(&imported).map_err(|limit| FileError::TooLarge {
            path: path.to_path_buf(),
            limit,
        })?;
        let report = validate(&imported);
        Ok((imported, report))
    })?;
    Ok(timing)
}

/// Times rendering the whole report of the analysed plan to bytes in `format`.
fn bench_report(
    plan: &Plan,
    analysis: &Analysis,
    path: &Path,
    format: ReportFormat,
    phase: &'static str,
    runs: usize,
) -> Result<PhaseTiming, OperationError> {
    let options = ReportOptions::default();
    let (timing, _) = time_runs(phase, runs, || {
        report::render(plan, analysis, format, &options, &mut |_| {}).map_err(|source| {
            OperationError::Report {
                path: path.to_path_buf(),
                source,
            }
        })
    })?;
    Ok(timing)
}

/// Runs `run` `runs` times (at least once) and returns the min and median wall time with the
/// last run's output. Only `run` itself is timed: the previous run's output is dropped before
/// the clock starts.
fn time_runs<T>(
    phase: &'static str,
    runs: usize,
    mut run: impl FnMut() -> Result<T, OperationError>,
) -> Result<(PhaseTiming, T), OperationError> {
    let mut times = Vec::with_capacity(runs);
    let mut last = time_once(&mut run, &mut times)?;
    for _ in 1..runs {
        drop(last);
        last = time_once(&mut run, &mut times)?;
    }
    times.sort();
    let timing = PhaseTiming {
        phase,
        min: times[0],
        median: times[times.len() / 2],
    };
    Ok((timing, last))
}

/// Runs `run` once, appends its wall time to `times` and returns its output.
fn time_once<T>(
    run: &mut impl FnMut() -> Result<T, OperationError>,
    times: &mut Vec<Duration>,
) -> Result<T, OperationError> {
    let start = Instant::now();
    let output = black_box(run()?);
    times.push(start.elapsed());
    Ok(output)
}

/// Distinguishes the scratch folders of benchmarks running at the same time in one process.
static SCRATCH_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The start of this process's scratch folder names: `opsplan-bench-PID-`.
fn scratch_prefix() -> String {
    format!("opsplan-bench-{}-", std::process::id())
}

/// A folder of this process under the system temp folder, removed with its content on drop.
struct ScratchFolder {
    path: PathBuf,
}

impl ScratchFolder {
    fn create() -> Result<ScratchFolder, FileError> {
        let path = std::env::temp_dir().join(format!(
            "{}{}",
            scratch_prefix(),
            SCRATCH_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).map_err(|e| FileError::Io {
            path: path.clone(),
            message: format!("cannot create a temporary folder for the save benchmark: {e}"),
        })?;
        Ok(ScratchFolder { path })
    }
}

impl Drop for ScratchFolder {
    fn drop(&mut self) {
        // Best effort: a leftover folder in the temp folder harms nothing.
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A file written by one timed save, removed (with its `.bak`, if any) when dropped, so that
/// every run saves to a new file as a first save does.
struct RemovedOnDrop(PathBuf);

impl Drop for RemovedOnDrop {
    fn drop(&mut self) {
        // Best effort, as for the folder: the folder is removed at the end anyway.
        let _ = std::fs::remove_file(&self.0);
        let _ = std::fs::remove_file(crate::store::backup_path(&self.0));
    }
}

/// Formats timings as an aligned table in milliseconds.
pub fn timings_table(timings: &[PhaseTiming], runs: usize) -> String {
    let mut out = format!(
        "{:<12} {:>10} {:>10}   ({runs} runs)\n",
        "phase", "min ms", "median ms"
    );
    for t in timings {
        out.push_str(&format!(
            "{:<12} {:>10.2} {:>10.2}\n",
            t.phase,
            t.min.as_secs_f64() * 1e3,
            t.median.as_secs_f64() * 1e3
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::analytics::Analysis;
    use crate::analytics::capacity::ItemPeriodTable;
    use crate::app::operations::{PRETTY_JSON_LIMIT, analysis_json};

    /// An analysis whose only content is `entries` requirements of item `C02001`.
    fn analysis_with_requirements(entries: usize) -> Analysis {
        let mut analysis = Analysis::default();
        // One item with `entries` periods, each requiring 12.5.
        let codes: Arc<[String]> = Arc::from(vec!["C02001".to_string()]);
        analysis.capacity.requirements =
            ItemPeriodTable::requirements(codes, entries, vec![12.5; entries]);
        analysis
    }

    #[test]
    fn bench_lists_every_phase_in_order_with_min_at_most_median() {
        let folder = tempfile::tempdir().expect("temp dir");
        let plan_file = folder.path().join("small.opsplan");
        let json = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ui/small.json");
        crate::app::operations::import(&json, &plan_file).expect("import the small plan");

        let timings = bench_analyze(&plan_file, 3).expect("bench the small plan");

        let names: Vec<&str> = timings.iter().map(|t| t.phase).collect();
        assert_eq!(
            names,
            [
                "open",
                "validate",
                "analytics",
                "mrp",
                "oee",
                "json",
                "save",
                "json_import",
                "report_html",
                "report_xlsx",
                "report_pdf",
                "report_csv"
            ]
        );
        for timing in &timings {
            assert!(timing.min <= timing.median, "{timing:?}");
            assert!(timing.median > Duration::ZERO, "{timing:?}");
        }
        // The save phase removes its scratch folder.
        let leftovers: Vec<_> = std::fs::read_dir(std::env::temp_dir())
            .expect("list the temp folder")
            .flatten()
            .filter(|entry| {
                entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with(&scratch_prefix())
            })
            .collect();
        assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
        let table = timings_table(&timings, 3);
        assert_eq!(table.lines().count(), 1 + PHASES.len());
        assert!(
            table.lines().nth(7).is_some_and(|l| l.starts_with("save ")),
            "{table}"
        );
    }

    #[test]
    fn bench_of_an_invalid_plan_names_its_problems() {
        let folder = tempfile::tempdir().expect("temp dir");
        let plan_file = folder.path().join("dangling.opsplan");
        let plan = Plan {
            bom: vec![crate::domain::BomLine {
                parent: "BIKE".into(),
                child: "NOWHERE".into(),
                qty: 1.0,
            }],
            ..Plan::default()
        };
        save_plan(&plan, &plan_file).expect("an invalid plan can be saved");

        let error = bench_analyze(&plan_file, 1).expect_err("invalid plan");
        assert!(matches!(error, OperationError::Invalid { .. }), "{error}");
    }

    #[test]
    fn small_json_is_pretty_and_large_json_is_compact_with_the_same_content() {
        let small = analysis_json(&analysis_with_requirements(3)).expect("small json");
        assert!(small.contains("\n  \"totals\""), "pretty: {small}");
        // One compact entry `{"item":"C02001","period":12,"qty":12.5},` is 41 to 42 bytes, so
        // 150,000 entries are about 6.2 MB, above the 5 MB limit.
        let large_analysis = analysis_with_requirements(150_000);
        let large = analysis_json(&large_analysis).expect("large json");
        assert!(large.len() > PRETTY_JSON_LIMIT);
        assert!(!large.contains('\n'), "compact output has no line breaks");
        let parsed: serde_json::Value = serde_json::from_str(&large).expect("valid json");
        let requirements = &parsed["capacity"]["requirements"];
        assert_eq!(requirements.as_array().map(Vec::len), Some(150_000));
        assert_eq!(requirements[51]["period"], 52);
        assert_eq!(requirements[52]["item"], "C02001");
    }
}
