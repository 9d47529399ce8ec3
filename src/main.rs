//! The `opsplan` binary: starts the GUI, or runs a CLI subcommand (DESIGN.md §4).

use std::io::Write;
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use opsplan::app::generate::{GenerateSpec, generate};
use opsplan::app::operations::{self, ExportFormat, ReportFormat, ReportOptions};
use opsplan::app::{bench, files, forecasting, levelling, material};

mod process_allocator;

/// The system allocator for the GUI, mimalloc for a CLI command (see `process_allocator`).
#[global_allocator]
static ALLOCATOR: process_allocator::ProcessAllocator = process_allocator::ProcessAllocator;

/// Opsplan: cost, capacity and quality of an operations plan.
#[derive(Parser)]
#[command(
    name = "opsplan",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<CliCommand>,
    /// Plan to open in the GUI (`.opsplan`, or `.json` as an unsaved import).
    plan: Option<PathBuf>,
}

/// The subcommands; named apart from `app::Command`, the plan edits.
#[derive(Subcommand)]
enum CliCommand {
    /// Validates a plan JSON file, CSV folder or workbook and saves it as a plan file.
    Import {
        /// A `.json` plan, a folder of CSV files or an `.xlsx` workbook.
        input: PathBuf,
        /// The `.opsplan` file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Writes a plan file as plan JSON, a folder of CSV files or a workbook; with --template,
    /// the empty workbook a new user fills in.
    Export {
        /// The plan to export (not with --template).
        #[arg(required_unless_present = "template", conflicts_with = "template")]
        plan: Option<PathBuf>,
        /// The `.json` or `.xlsx` file, or with `--format csv` the folder, to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Output format; by default `.xlsx` writes a workbook and anything else JSON.
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// Write the empty workbook with every table's headers, drop-downs and a README sheet.
        #[arg(long, conflicts_with = "format")]
        template: bool,
    },
    /// Computes every cost, capacity, quality and queue result of a plan.
    Analyze {
        /// The plan to analyse.
        plan: PathBuf,
        /// Print every result as JSON (DESIGN.md §4).
        #[arg(long)]
        json: bool,
        /// Analyse this named scenario instead of the base plan.
        #[arg(long)]
        scenario: Option<String>,
        /// Time each phase (open, validate, analytics, JSON, save, JSON import, each report format)
        /// instead of printing results.
        #[arg(long)]
        bench: bool,
        /// Number of timed runs with --bench.
        #[arg(long, default_value_t = 10)]
        runs: usize,
    },
    /// Finds the product mix that earns the most margin within the resources' hours (LP).
    Optimize {
        /// The plan to optimise.
        plan: PathBuf,
        /// Print the result as JSON (DESIGN.md §4).
        #[arg(long)]
        json: bool,
    },
    /// Levels the master schedule: the least-cost mix of building ahead, overtime and late
    /// delivery that fits capacity (LP, DESIGN.md §6).
    Level {
        /// The plan to level.
        plan: PathBuf,
        /// Print the result as JSON (DESIGN.md §6).
        #[arg(long)]
        json: bool,
        /// Write the schedule as the plan's master_schedule rows (in place, atomically).
        #[arg(long)]
        apply: bool,
        /// With --apply: write the levelled plan here instead of in place.
        #[arg(short, long, requires = "apply")]
        output: Option<PathBuf>,
    },
    /// Compares unit costs, utilisation, bottleneck and profit of two plans, or of a plan and
    /// one of its scenarios (delta = B − A).
    Compare {
        /// Plan A (with --scenario: the base plan).
        plan_a: PathBuf,
        /// Plan B; leave out when comparing against --scenario.
        #[arg(conflicts_with = "scenario")]
        plan_b: Option<PathBuf>,
        /// Compare the base plan A with this named scenario of it.
        #[arg(long)]
        scenario: Option<String>,
        /// Print the comparison as JSON (DESIGN.md §4).
        #[arg(long)]
        json: bool,
    },
    /// Forecasts demand from sales history (moving average, SES, Holt, Holt-Winters, Croston;
    /// fitted parameters, automatic choice by MAD) and can write it as the demand rows.
    Forecast {
        /// The plan to forecast.
        plan: PathBuf,
        /// Print every item's forecast, fitted values and errors as JSON (DESIGN.md §4).
        #[arg(long)]
        json: bool,
        /// Replace each forecast item's demand rows by its forecast, rounded to whole units.
        #[arg(long)]
        apply: bool,
        /// With --apply: write the result here instead of back into PLAN.
        #[arg(short, long, requires = "apply")]
        output: Option<PathBuf>,
    },
    /// Prints the time-phased material plan (MRP): per item gross requirements, scheduled
    /// receipts, projected on hand, net requirements, planned receipts and releases.
    Mrp {
        /// The plan to plan materials for.
        plan: PathBuf,
        /// Print the records and the summary as JSON (DESIGN.md §4).
        #[arg(long)]
        json: bool,
        /// Plan this named scenario instead of the base plan.
        #[arg(long)]
        scenario: Option<String>,
        /// Show only this item's record.
        #[arg(long)]
        item: Option<String>,
    },
    /// Installs the desktop entry, icon and `application/x-opsplan` file type for this user.
    InstallDesktop,
    /// Writes a report (HTML, XLSX, PDF, or a folder of CSV files) of a plan's analysis.
    Report {
        /// The plan to report on (`.opsplan` or `.json`).
        plan: PathBuf,
        /// The `.html`, `.xlsx` or `.pdf` file, or with `--format csv` the folder, to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Output format; by default taken from the output's extension.
        #[arg(long, value_enum)]
        format: Option<ReportFormatArg>,
        /// Comma-separated sections: cost, capacity, quality, queues (default: all).
        #[arg(long)]
        sections: Option<String>,
        /// First period shown (1-based, inclusive).
        #[arg(long)]
        from: Option<i64>,
        /// Last period shown (1-based, inclusive).
        #[arg(long)]
        to: Option<i64>,
    },
    /// Writes a deterministic synthetic plan (S = 200/20/12, M = 2000/100/52, L = 20000/1000/52).
    Generate {
        /// Number of items.
        #[arg(long, default_value_t = 200)]
        items: usize,
        /// Number of resources.
        #[arg(long, default_value_t = 20)]
        resources: usize,
        /// Number of weekly periods.
        #[arg(long, default_value_t = 12)]
        periods: usize,
        /// Seed: the same seed always gives the same plan.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The `.opsplan` file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Json,
    Csv,
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormatArg {
    Html,
    Xlsx,
    Pdf,
    Csv,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.command.is_some() {
        process_allocator::use_mimalloc();
    } else {
        // Where malloc cannot be tuned the GUI only waits longer after some edits.
        let _ = opsplan::app::memory::keep_freed_memory_for_reuse();
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("opsplan: error: {}", error_message(&error));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, each said once: most of the app's errors already write their
/// cause into their own message ("plan.json: line 1, column 11: …"), so a cause is added
/// only when the text so far does not hold it.
fn error_message(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
}

/// Writes `text` to standard output. A reader that has gone away (`opsplan mrp PLAN | head`)
/// ends the output quietly, as with other command-line tools; any other failure is an error.
fn print_out(text: &str) -> Result<()> {
    let mut out = ReaderWatch::new(std::io::stdout().lock());
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    Ok(out.unless_reader_gone(written)?)
}

/// A writer that notes when the reader of its pipe has gone away, so that a command's output
/// ends quietly then, also when it is written through a library call that reports only "could
/// not write".
struct ReaderWatch<W> {
    inner: W,
    reader_gone: bool,
}

impl<W: Write> ReaderWatch<W> {
    fn new(inner: W) -> Self {
        ReaderWatch {
            inner,
            reader_gone: false,
        }
    }

    /// `written`, or success when the reader went away while it was written.
    fn unless_reader_gone<E>(
        &self,
        written: std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        if self.reader_gone { Ok(()) } else { written }
    }

    fn watch<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(error) = &result {
            self.reader_gone |= error.kind() == std::io::ErrorKind::BrokenPipe;
        }
        result
    }
}

impl<W: Write> Write for ReaderWatch<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf);
        self.watch(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let flushed = self.inner.flush();
        self.watch(flushed)
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        None => opsplan::ui::run(cli.plan)
            .map_err(|e| anyhow::anyhow!("could not start the window: {e}")),
        Some(CliCommand::InstallDesktop) => {
            let install = opsplan::app::desktop::install_desktop()?;
            eprintln!("{}", install.report());
            if install.associated() {
                Ok(())
            } else {
                anyhow::bail!("install-desktop: the file association was not made")
            }
        }
        Some(CliCommand::Import { input, output }) => {
            let plan = operations::import(&input, &output)?;
            eprintln!(
                "imported {} ({} items, {} resources, {} routing steps) into {}",
                plan.settings.name,
                plan.items.len(),
                plan.resources.len(),
                plan.routing.len(),
                output.display()
            );
            Ok(())
        }
        Some(CliCommand::Export {
            plan,
            output,
            format,
            template,
        }) => {
            let format = match format {
                Some(FormatArg::Json) => ExportFormat::Json,
                Some(FormatArg::Csv) => ExportFormat::Csv,
                Some(FormatArg::Xlsx) => ExportFormat::Xlsx,
                None => ExportFormat::from_path(&output),
            };
            match plan {
                _ if template => operations::export_template(&output)?,
                Some(plan) => operations::export(&plan, &output, format)?,
                None => anyhow::bail!("export needs a PLAN to export, or --template"),
            }
            Ok(())
        }
        Some(CliCommand::Analyze {
            plan,
            bench: true,
            runs,
            ..
        }) => {
            let timings = bench::bench_analyze(&plan, runs)?;
            print_out(&bench::timings_table(&timings, runs.max(1)))?;
            Ok(())
        }
        Some(CliCommand::Analyze {
            plan,
            json,
            scenario,
            ..
        }) => {
            let (analysed_plan, analysis) =
                operations::analyze_file_keeping_plan(&plan, scenario.as_deref())?;
            if json {
                // Written through a duplicate of the stdout descriptor: Rust's own stdout is
                // line-buffered and would scan the ~100 MB of plan L for line breaks.
                let stdout = std::io::stdout().as_fd().try_clone_to_owned()?;
                let mut out = ReaderWatch::new(std::fs::File::from(stdout));
                let written = operations::write_analysis_json(&analysis, &mut out);
                out.unless_reader_gone(written)?;
            } else {
                print_out(&operations::analysis_summary(&analysis))?;
            }
            // The process ends here: the operating system takes back the memory at once, where
            // dropping the plan and the results would free them allocation by allocation
            // (about 15 ms on plan L, a million strings and rows).
            std::mem::forget((analysed_plan, analysis));
            Ok(())
        }
        Some(CliCommand::Mrp {
            plan,
            json,
            scenario,
            item,
        }) => {
            let output = material::mrp_output(&plan, scenario.as_deref(), item.as_deref(), json)?;
            print_out(&output)?;
            Ok(())
        }
        Some(CliCommand::Optimize { plan, json }) => {
            let result = operations::optimize_file(&plan)?;
            if json {
                print_out(&format!("{}\n", operations::result_json(&result)?))?;
            } else {
                print_out(&operations::mix_table(&result))?;
            }
            Ok(())
        }
        Some(CliCommand::Forecast {
            plan,
            json,
            apply,
            output,
        }) => {
            let results = if apply {
                let results = forecasting::apply_forecast_file(&plan, output.as_deref())?;
                eprintln!(
                    "replaced the demand of {} in {}",
                    opsplan::domain::count_of(results.items.len(), "item", "items"),
                    output.as_deref().unwrap_or(&plan).display()
                );
                results
            } else {
                forecasting::forecast_file(&plan)?.1
            };
            if json {
                print_out(&format!("{}\n", operations::result_json(&results)?))?;
            } else {
                print_out(&forecasting::forecast_table(&results))?;
            }
            Ok(())
        }
        Some(CliCommand::Level {
            plan,
            json,
            apply,
            output,
        }) => {
            let result = if apply {
                levelling::level_and_apply_file(&plan, output.as_deref())?
            } else {
                levelling::level_file(&plan)?
            };
            if json {
                print_out(&format!("{}\n", operations::result_json(&result)?))?;
            } else {
                print_out(&levelling::level_summary(&result))?;
            }
            if apply {
                eprintln!("wrote {}", output.as_deref().unwrap_or(&plan).display());
            }
            Ok(())
        }
        Some(CliCommand::Compare {
            plan_a,
            plan_b,
            scenario,
            json,
        }) => {
            let comparison = match (plan_b, scenario) {
                (Some(plan_b), _) => operations::compare_files(&plan_a, &plan_b)?,
                (None, Some(name)) => operations::compare_scenario(&plan_a, &name)?,
                (None, None) => anyhow::bail!(
                    "compare needs a second plan (opsplan compare A B) or a scenario of A \
                     (opsplan compare A --scenario NAME)"
                ),
            };
            if json {
                print_out(&format!("{}\n", operations::result_json(&comparison)?))?;
            } else {
                print_out(&operations::comparison_table(&comparison))?;
            }
            Ok(())
        }
        Some(CliCommand::Report {
            plan,
            output,
            format,
            sections,
            from,
            to,
        }) => {
            let format = match format {
                Some(ReportFormatArg::Html) => ReportFormat::Html,
                Some(ReportFormatArg::Xlsx) => ReportFormat::Xlsx,
                Some(ReportFormatArg::Pdf) => ReportFormat::Pdf,
                Some(ReportFormatArg::Csv) => ReportFormat::Csv,
                None => ReportFormat::from_path(&output)?,
            };
            let sections = match sections {
                Some(list) => ReportOptions::parse_sections(&list)?,
                None => ReportOptions::default().sections,
            };
            let options = ReportOptions { sections, from, to };
            operations::report_file(&plan, &output, format, &options, &mut |_| {})?;
            eprintln!("wrote {}", output.display());
            Ok(())
        }
        Some(CliCommand::Generate {
            items,
            resources,
            periods,
            seed,
            output,
        }) => {
            let spec = GenerateSpec {
                items,
                resources,
                periods,
                seed,
            };
            let plan = generate(spec);
            files::save_plan(&plan, &output)?;
            eprintln!(
                "wrote {} ({} items, {} resources, {} routing steps, {} periods)",
                output.display(),
                plan.items.len(),
                plan.resources.len(),
                plan.routing.len(),
                plan.settings.periods
            );
            Ok(())
        }
    }
}
