//! Whole-file operations behind the CLI subcommands and the GUI's File menu: import, export,
//! analyse. Each either succeeds completely or writes nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::files::{FileError, read_plan, replace_files_in_folder, write_atomically};
use crate::analytics::compare::{Comparison, compare};
use crate::analytics::mix::{MixError, MixResult, optimize};
use crate::analytics::{Analysis, AnalysisError, analyze};
use crate::domain::{Plan, ValidationReport, validate};
use crate::report::{self, ReportError, ReportOutput};
/// The report choices the GUI's export dialog offers (re-exported so `ui` needs only `app`).
pub use crate::report::{ReportFormat, ReportOptions, Section as ReportSection};

/// Why an operation failed; the message names the file and, for validation, every problem.
#[derive(Debug, Error)]
pub enum OperationError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("{path}: {report}")]
    Invalid {
        path: PathBuf,
        report: ValidationReport,
    },
    #[error("could not write the results as JSON: {0}")]
    Serialize(String),
    #[error("{path}: {source}")]
    Report { path: PathBuf, source: ReportError },
    #[error("{path}: no scenario named \"{name}\" (the plan has: {available})")]
    UnknownScenario {
        path: PathBuf,
        name: String,
        available: String,
    },
    /// The product-mix LP has no finite optimum or the solver failed.
    #[error("{path}: {source}")]
    Optimize { path: PathBuf, source: MixError },
    /// The levelling LP failed (DESIGN.md §6).
    #[error("{path}: {source}")]
    Level {
        path: PathBuf,
        source: crate::analytics::level::LevelError,
    },
}

/// The forms a plan can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One plan JSON file (DESIGN.md §3).
    Json,
    /// A folder with one CSV file per non-empty table.
    Csv,
    /// An Excel workbook with one sheet per table (scenarios left out).
    Xlsx,
}

impl ExportFormat {
    /// The format an output path asks for when none is given: `.xlsx` a workbook, else JSON.
    pub fn from_path(output: &Path) -> ExportFormat {
        if output
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("xlsx"))
        {
            ExportFormat::Xlsx
        } else {
            ExportFormat::Json
        }
    }
}

/// Reads `input` (plan JSON, CSV folder or workbook), validates it and saves it as the plan file `output`.
/// An invalid input writes nothing.
pub fn import(input: &Path, output: &Path) -> Result<Plan, OperationError> {
    let plan = read_plan(input)?;
    ensure_valid(&plan, input)?;
    super::files::save_plan(&plan, output)?;
    Ok(plan)
}

/// Writes the plan stored in `plan_path` as JSON, a CSV folder or a workbook.
pub fn export(plan_path: &Path, output: &Path, format: ExportFormat) -> Result<(), OperationError> {
    let plan = read_plan(plan_path)?;
    export_plan(&plan, output, format)
}

/// Writes an in-memory plan as JSON, a CSV folder or a workbook.
pub fn export_plan(plan: &Plan, output: &Path, format: ExportFormat) -> Result<(), OperationError> {
    match format {
        ExportFormat::Json => {
            let text = crate::io::json::plan_to_json(plan);
            write_atomically(output, text.as_bytes())?;
        }
        ExportFormat::Csv => super::files::write_csv_folder(plan, output)?,
        ExportFormat::Xlsx => super::files::write_workbook(plan, output)?,
    }
    Ok(())
}

/// Writes the empty plan workbook a new user fills in (headers, drop-downs, README sheet).
pub fn export_template(output: &Path) -> Result<(), OperationError> {
    Ok(super::files::write_workbook_template(output)?)
}

/// Analyses the plan (or one of its scenarios) stored in `plan_path`.
pub fn analyze_file(plan_path: &Path, scenario: Option<&str>) -> Result<Analysis, OperationError> {
    Ok(analyze_file_keeping_plan(plan_path, scenario)?.1)
}

/// [`analyze_file`] that also hands back the plan analysed, so that a caller about to exit can
/// leave both to the operating system instead of freeing their million allocations (plan L).
pub fn analyze_file_keeping_plan(
    plan_path: &Path,
    scenario: Option<&str>,
) -> Result<(Plan, Analysis), OperationError> {
    let plan = read_plan(plan_path)?;
    let plan = match scenario {
        None => plan,
        Some(name) => scenario_plan(plan, name, plan_path)?,
    };
    let analysis = analyze_read(&plan, plan_path)?;
    Ok((plan, analysis))
}

/// Analyses a plan read from `plan_path` (named in the error of an invalid plan).
pub(crate) fn analyze_read(plan: &Plan, plan_path: &Path) -> Result<Analysis, OperationError> {
    analyze(plan).map_err(|AnalysisError::Invalid(report)| OperationError::Invalid {
        path: plan_path.to_path_buf(),
        report,
    })
}

/// Largest `analyze --json` document (compact bytes) that is printed pretty. A large plan's
/// document is printed compact: pretty-printing doubles its size (plan L: 109 MB → 208 MB) and
/// its writing time (215 ms → 400 ms), and nobody reads a hundred megabytes by eye.
pub const PRETTY_JSON_LIMIT: usize = 5_000_000;

/// The `analyze --json` document as a string: every result, pretty-printed up to
/// [`PRETTY_JSON_LIMIT`] bytes and compact above (see [`write_analysis_json`]).
pub fn analysis_json(analysis: &Analysis) -> Result<String, OperationError> {
    let mut bytes = Vec::new();
    super::analysis_json::write_analysis_json(analysis, &mut bytes, PRETTY_JSON_LIMIT)
        .map_err(|e| OperationError::Serialize(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| OperationError::Serialize(e.to_string()))
}

/// Writes the `analyze --json` document to `out` as it is formatted, followed by a line break:
/// pretty-printed up to [`PRETTY_JSON_LIMIT`] bytes and compact above. serde_json's formatting
/// throughout, so a non-finite number is null and the output never holds NaN or infinity.
pub fn write_analysis_json(analysis: &Analysis, mut out: impl Write) -> Result<(), OperationError> {
    let to_error = |e: serde_json::Error| OperationError::Serialize(e.to_string());
    super::analysis_json::write_analysis_json(analysis, &mut out, PRETTY_JSON_LIMIT)
        .map_err(to_error)?;
    out.write_all(b"\n")
        .and_then(|()| out.flush())
        .map_err(|e| to_error(serde_json::Error::io(e)))
}

/// A short plain-text summary of an analysis for the terminal: totals and the bottleneck.
pub fn analysis_summary(analysis: &Analysis) -> String {
    let t = &analysis.totals;
    let margin = t
        .profit_margin
        .filter(|m| m.is_finite())
        .map(|m| format!("{:.1} %", m * 100.0))
        .unwrap_or_else(|| "n/a".to_string());
    let bottleneck = match &analysis.capacity.bottleneck {
        Some(code) => {
            let utilization = analysis
                .capacity
                .resources
                .iter()
                .find(|r| &r.code == code)
                .and_then(|r| r.total_utilization)
                .map_or("load without available hours".to_string(), |u| {
                    format!("{:.1} % over the horizon", u * 100.0)
                });
            format!("{code} ({utilization})")
        }
        None => "none".to_string(),
    };
    format!(
        "revenue        {:>14}\nvariable cost  {:>14}\nfixed cost     {:>14}\nprofit         {:>14}\nprofit margin  {margin:>14}\nbottleneck     {bottleneck}\n",
        money_text(t.revenue),
        money_text(t.variable_cost),
        money_text(t.fixed_cost),
        money_text(t.profit)
    )
}

/// A total with two decimals; a value that is not finite (only a plan whose numbers compound
/// beyond `f64`, e.g. a deep BOM of huge quantities) reads "—" as in the GUI, never "NaN".
fn money_text(value: f64) -> String {
    if value.is_finite() {
        // "-0.00" is a zero.
        format!("{:.2}", if value == 0.0 { 0.0 } else { value })
    } else {
        "—".to_string()
    }
}

/// Takes the scenario `name` out of `plan`, or names the scenarios there are.
pub(crate) fn scenario_plan(plan: Plan, name: &str, path: &Path) -> Result<Plan, OperationError> {
    let available = plan
        .scenarios
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    plan.scenarios
        .into_iter()
        .find(|s| s.name == name)
        .map(|s| *s.plan)
        .ok_or_else(|| OperationError::UnknownScenario {
            path: path.to_path_buf(),
            name: name.to_string(),
            available: if available.is_empty() {
                "none".to_string()
            } else {
                available
            },
        })
}

fn ensure_valid(plan: &Plan, path: &Path) -> Result<(), OperationError> {
    let report = validate(plan);
    if report.is_valid() {
        Ok(())
    } else {
        Err(OperationError::Invalid {
            path: path.to_path_buf(),
            report,
        })
    }
}

/// Solves the product-mix LP (DESIGN.md §2) for the plan stored in `plan_path`.
pub fn optimize_file(plan_path: &Path) -> Result<MixResult, OperationError> {
    let plan = read_plan(plan_path)?;
    optimize(&plan).map_err(|error| match error {
        MixError::Invalid(report) => OperationError::Invalid {
            path: plan_path.to_path_buf(),
            report,
        },
        source => OperationError::Optimize {
            path: plan_path.to_path_buf(),
            source,
        },
    })
}

/// Compares the plan in `path_a` with the plan in `path_b` (`delta = b − a`).
pub fn compare_files(path_a: &Path, path_b: &Path) -> Result<Comparison, OperationError> {
    let a = analyze_file(path_a, None)?;
    let b = analyze_file(path_b, None)?;
    Ok(compare(&a, &b))
}

/// Compares the base plan in `plan_path` (A) with its scenario `name` (B).
pub fn compare_scenario(plan_path: &Path, name: &str) -> Result<Comparison, OperationError> {
    let base = read_plan(plan_path)?;
    let scenario = scenario_plan(base.clone(), name, plan_path)?;
    let analyze_at = |plan: &Plan| {
        analyze(plan).map_err(|AnalysisError::Invalid(report)| OperationError::Invalid {
            path: plan_path.to_path_buf(),
            report,
        })
    };
    Ok(compare(&analyze_at(&base)?, &analyze_at(&scenario)?))
}

/// Any result as pretty JSON (`optimize --json`, `compare --json`); non-finite numbers are null.
pub fn result_json<T: serde::Serialize>(result: &T) -> Result<String, OperationError> {
    serde_json::to_string_pretty(result).map_err(|e| OperationError::Serialize(e.to_string()))
}

/// The optimal mix as a plain-text table for the terminal: quantities, then every resource's
/// shadow price with the binding ones marked.
pub fn mix_table(result: &MixResult) -> String {
    let mut text = format!("objective (margin) {:>14.2}\n\n", result.objective);
    text.push_str(&format!("{:<20} {:>14}\n", "item", "qty"));
    for line in &result.mix {
        text.push_str(&format!("{:<20} {:>14.4}\n", line.item, line.qty));
    }
    text.push_str(&format!(
        "\n{:<20} {:>14} {:>8}\n",
        "resource", "shadow price", "binding"
    ));
    for price in &result.shadow_prices {
        let binding = if result.binding.contains(&price.resource) {
            "yes"
        } else {
            ""
        };
        text.push_str(&format!(
            "{:<20} {:>14.4} {:>8}\n",
            price.resource, price.value, binding
        ));
    }
    text
}

/// A comparison as a plain-text table for the terminal; "-" where a side has no value.
pub fn comparison_table(comparison: &Comparison) -> String {
    let cell = |value: Option<f64>| value.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"));
    let line = |label: &str, a: &str, b: &str, delta: &str| {
        format!("{label:<20} {a:>14} {b:>14} {delta:>14}\n")
    };
    let mut text = line("item", "unit cost A", "unit cost B", "delta");
    for item in &comparison.items {
        let (a, b, delta) = (
            cell(item.unit_cost_a),
            cell(item.unit_cost_b),
            cell(item.delta),
        );
        text.push_str(&line(&item.code, &a, &b, &delta));
    }
    text.push('\n');
    text.push_str(&line("resource", "utilization A", "utilization B", "delta"));
    for resource in &comparison.resources {
        let (a, b, delta) = (
            cell(resource.total_utilization_a),
            cell(resource.total_utilization_b),
            cell(resource.delta),
        );
        text.push_str(&line(&resource.code, &a, &b, &delta));
    }
    let name = |code: &Option<String>| code.clone().unwrap_or_else(|| "none".to_string());
    text.push_str(&format!(
        "\nbottleneck A {}  B {}\nprofit     A {:.2}  B {:.2}  delta {:.2}\n",
        name(&comparison.bottleneck_a),
        name(&comparison.bottleneck_b),
        comparison.profit_a,
        comparison.profit_b,
        comparison.profit_b - comparison.profit_a
    ));
    text
}

/// Writes the report of the plan stored in `plan_path` (`.opsplan` or `.json`) to `out`: one
/// file for HTML, XLSX and PDF, a folder of CSV files for [`ReportFormat::Csv`]. `progress` is
/// called with values rising from 0 to 1. Every file is written through a temp file and a
/// rename, so a failure leaves earlier outputs byte-identical.
pub fn report_file(
    plan_path: &Path,
    out: &Path,
    format: ReportFormat,
    options: &ReportOptions,
    progress: &mut dyn FnMut(f32),
) -> Result<(), OperationError> {
    progress(0.0);
    let plan = read_plan(plan_path)?;
    progress(0.1);
    let analysis =
        analyze(&plan).map_err(|AnalysisError::Invalid(report)| OperationError::Invalid {
            path: plan_path.to_path_buf(),
            report,
        })?;
    progress(0.3);
    let mut export_progress = |share: f32| progress(0.3 + 0.7 * share);
    export_report(&plan, &analysis, out, format, options, &mut export_progress)
}

/// Renders the report of an already analysed plan and writes it to `out` (a file, or a folder
/// for CSV); the GUI's File ▸ Export report… calls this with its in-memory plan, and
/// [`report_file`] after reading the plan file, so both write exactly the same report.
/// `progress` rises from 0 to 1; nothing is left half-written when it fails.
pub fn export_report(
    plan: &Plan,
    analysis: &Analysis,
    out: &Path,
    format: ReportFormat,
    options: &ReportOptions,
    progress: &mut dyn FnMut(f32),
) -> Result<(), OperationError> {
    progress(0.0);
    let mut render_progress = |share: f32| progress(0.9 * share);
    let output = report::render(plan, analysis, format, options, &mut render_progress).map_err(
        |source| OperationError::Report {
            path: out.to_path_buf(),
            source,
        },
    )?;
    match output {
        ReportOutput::File(bytes) => write_atomically(out, &bytes)?,
        ReportOutput::Folder(files) => write_report_folder(out, &files)?,
    }
    progress(1.0);
    Ok(())
}

/// Writes the CSV report files into `dir` through a staging folder, removing report files of
/// sections no longer included.
fn write_report_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), FileError> {
    replace_files_in_folder(dir, &report::CSV_FILE_NAMES, |staging| {
        for (file, bytes) in files {
            let path = staging.join(file);
            std::fs::write(&path, bytes).map_err(|e| FileError::Io {
                path: path.clone(),
                message: e.to_string(),
            })?;
        }
        Ok(())
    })
}
