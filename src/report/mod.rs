//! Report writers (HTML, PDF, XLSX, CSV) built from analytics results.
//!
//! One format-neutral description of the report ([`content`]) feeds every writer, so the four
//! formats show the same numbers. Writers return bytes; the caller (`app`) writes them to disk
//! atomically. Nothing here does file I/O.

pub mod chart;
pub mod content;
pub mod csv;
pub mod escape;
pub mod html;
pub mod oee;
pub mod pdf;
pub mod svg;
pub mod xlsx;

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use thiserror::Error;

use crate::analytics::Analysis;
use crate::domain::Plan;

/// Above this many items the HTML and PDF reports show only the costliest items and the
/// overloaded resources, so they stay readable and printable.
pub const BIG_PLAN_ITEMS: usize = 500;

/// How many items a big plan's HTML and PDF report show (largest total cost first).
pub const BIG_PLAN_TOP_ITEMS: usize = 50;

/// Why a report could not be produced; each message says what to change.
#[derive(Debug, Error)]
pub enum ReportError {
    /// `--sections` named something that is not a report section.
    #[error(
        "unknown report section \"{0}\" (choose from cost, capacity, quality, queues, mrp, level, forecast, oee)"
    )]
    UnknownSection(String),
    /// `--from`/`--to` lie outside the plan's horizon or are reversed.
    #[error(
        "period range {from}..{to} is not within the plan's periods 1..{periods} (--from must be ≥ 1, --to ≤ {periods}, and --from ≤ --to)"
    )]
    PeriodRange { from: i64, to: i64, periods: i64 },
    /// The output's extension does not name a report format.
    #[error(
        "{path}: cannot tell the report format from the extension; use .html, .xlsx, .pdf or --format csv"
    )]
    UnknownFormat { path: String },
    /// The XLSX writer failed.
    #[error("could not build the XLSX workbook: {0}")]
    Xlsx(String),
    /// The PDF writer failed.
    #[error("could not build the PDF document: {0}")]
    Pdf(String),
    /// The CSV writer failed.
    #[error("could not write {file}: {message}")]
    Csv { file: String, message: String },
}

/// A part of the report that `--sections` can choose. The plan summary and totals are always
/// included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// Unit cost roll-up, margins, break-even, idle capacity cost.
    Cost,
    /// Load against available hours per resource and period, requirements.
    Capacity,
    /// Control charts, capability, p/c charts, Pareto.
    Quality,
    /// Erlang C queues and staffing per period.
    Queues,
    /// The material plan: exceptions, inventory value, time-phased records.
    Mrp,
    /// The master schedule with its stock and the overtime its load needs (only when the plan
    /// has a master schedule).
    Level,
    /// Demand forecasts from sales history: chart and error table per item (only when the
    /// plan has history).
    Forecast,
    /// OEE per resource and period, measured against planned efficiency, downtime Pareto.
    Oee,
}

impl Section {
    /// Every section, in report order.
    pub const ALL: [Section; 8] = [
        Section::Cost,
        Section::Capacity,
        Section::Quality,
        Section::Queues,
        Section::Mrp,
        Section::Level,
        Section::Forecast,
        Section::Oee,
    ];

    /// The CLI name of the section.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Cost => "cost",
            Section::Capacity => "capacity",
            Section::Quality => "quality",
            Section::Queues => "queues",
            Section::Mrp => "mrp",
            Section::Level => "level",
            Section::Oee => "oee",
            Section::Forecast => "forecast",
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Section {
    type Err = ReportError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_ascii_lowercase();
        Section::ALL
            .into_iter()
            .find(|s| s.as_str() == wanted)
            .ok_or_else(|| ReportError::UnknownSection(text.to_string()))
    }
}

/// What the report holds: which sections and which periods (1-based, inclusive). Period
/// limits filter per-period rows and charts; totals stay whole-horizon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// Sections to include, in any order (the report uses its own order).
    pub sections: Vec<Section>,
    /// First period shown; `None` = 1.
    pub from: Option<i64>,
    /// Last period shown; `None` = the plan's last period.
    pub to: Option<i64>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            sections: Section::ALL.to_vec(),
            from: None,
            to: None,
        }
    }
}

impl ReportOptions {
    /// Parses a comma-separated section list such as `cost,quality`.
    pub fn parse_sections(list: &str) -> Result<Vec<Section>, ReportError> {
        list.split(',')
            .filter(|part| !part.trim().is_empty())
            .map(Section::from_str)
            .collect()
    }

    /// Whether the section is part of the report.
    pub fn includes(&self, section: Section) -> bool {
        self.sections.contains(&section)
    }

    /// The inclusive period range to show, checked against the plan's horizon.
    pub fn period_range(&self, periods: i64) -> Result<PeriodRange, ReportError> {
        let from = self.from.unwrap_or(1);
        let to = self.to.unwrap_or(periods);
        if from < 1 || to > periods || from > to {
            return Err(ReportError::PeriodRange { from, to, periods });
        }
        Ok(PeriodRange { from, to })
    }
}

/// An inclusive, validated range of 1-based periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodRange {
    /// First period shown.
    pub from: i64,
    /// Last period shown.
    pub to: i64,
}

impl PeriodRange {
    /// Whether the 1-based period lies in the range.
    pub fn contains(self, period: i64) -> bool {
        (self.from..=self.to).contains(&period)
    }

    /// The 0-based indexes into a per-period vector of the periods in the range.
    pub fn indexes(self) -> std::ops::Range<usize> {
        let start = usize::try_from(self.from - 1).unwrap_or(0);
        let end = usize::try_from(self.to).unwrap_or(0);
        start..end.max(start)
    }

    /// Whether the range covers the whole horizon of `periods`.
    pub fn is_whole(self, periods: i64) -> bool {
        self.from == 1 && self.to == periods
    }
}

/// The file formats a report can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// One self-contained HTML page with inline SVG charts.
    Html,
    /// An Excel workbook: one sheet per table, native charts.
    Xlsx,
    /// A printable A4 PDF with vector charts.
    Pdf,
    /// A folder of CSV files, one per table.
    Csv,
}

impl ReportFormat {
    /// The format named by the output's extension (`.html`/`.htm`, `.xlsx`, `.pdf`).
    pub fn from_path(path: &Path) -> Result<ReportFormat, ReportError> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "html" | "htm" => Ok(ReportFormat::Html),
            "xlsx" => Ok(ReportFormat::Xlsx),
            "pdf" => Ok(ReportFormat::Pdf),
            "csv" => Ok(ReportFormat::Csv),
            _ => Err(ReportError::UnknownFormat {
                path: path.display().to_string(),
            }),
        }
    }
}

/// A finished report: one file's bytes, or named files for a folder (CSV).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportOutput {
    /// The bytes of a single output file.
    File(Vec<u8>),
    /// `(file name, bytes)` for each file of a folder report.
    Folder(Vec<(String, Vec<u8>)>),
}

/// Builds the report of an analysed plan in `format`. `progress` is called with values rising
/// from 0 to 1 so a GUI can show a progress bar.
pub fn render(
    plan: &Plan,
    analysis: &Analysis,
    format: ReportFormat,
    options: &ReportOptions,
    progress: &mut dyn FnMut(f32),
) -> Result<ReportOutput, ReportError> {
    progress(0.0);
    let range = options.period_range(plan.settings.periods)?;
    let input = content::ReportInput {
        plan,
        analysis,
        options,
        range,
    };
    let output = match format {
        ReportFormat::Html => ReportOutput::File(html::render(&input, progress).into_bytes()),
        ReportFormat::Xlsx => ReportOutput::File(xlsx::render(&input, progress)?),
        ReportFormat::Pdf => ReportOutput::File(pdf::render(&input, progress)?),
        ReportFormat::Csv => ReportOutput::Folder(csv::render(&input, progress)?),
    };
    progress(1.0);
    Ok(output)
}

/// The file names a CSV report can hold, so a folder can be cleared of ones from earlier runs
/// with other sections.
pub const CSV_FILE_NAMES: [&str; 14] = [
    "totals.csv",
    "cost_items.csv",
    "capacity.csv",
    "requirements.csv",
    "control_charts.csv",
    "p_charts.csv",
    "c_charts.csv",
    "pareto.csv",
    "queues.csv",
    "mrp.csv",
    "mrp_exceptions.csv",
    "level_schedule.csv",
    "level_overtime.csv",
    "oee.csv",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_parse_case_insensitively_and_reject_unknown_names() {
        assert_eq!(
            ReportOptions::parse_sections("Cost, queues").unwrap(),
            vec![Section::Cost, Section::Queues]
        );
        let error = ReportOptions::parse_sections("cost,money").unwrap_err();
        assert!(error.to_string().contains("\"money\""), "{error}");
    }

    #[test]
    fn period_range_defaults_to_the_horizon_and_rejects_reversed_or_outside_ranges() {
        let whole = ReportOptions::default().period_range(12).unwrap();
        assert_eq!((whole.from, whole.to), (1, 12));
        assert_eq!(whole.indexes(), 0..12);
        let part = ReportOptions {
            from: Some(3),
            to: Some(5),
            ..ReportOptions::default()
        };
        let range = part.period_range(12).unwrap();
        // Periods 3, 4, 5 are the vector slots 2, 3, 4.
        assert_eq!(range.indexes(), 2..5);
        assert!(range.contains(5) && !range.contains(6));
        for (from, to) in [(0, 3), (4, 3), (1, 13)] {
            let options = ReportOptions {
                from: Some(from),
                to: Some(to),
                ..ReportOptions::default()
            };
            assert!(matches!(
                options.period_range(12),
                Err(ReportError::PeriodRange { .. })
            ));
        }
    }

    #[test]
    fn format_comes_from_the_extension() {
        assert_eq!(
            ReportFormat::from_path(Path::new("a/R.HTML")).unwrap(),
            ReportFormat::Html
        );
        assert_eq!(
            ReportFormat::from_path(Path::new("r.pdf")).unwrap(),
            ReportFormat::Pdf
        );
        assert!(ReportFormat::from_path(Path::new("r.docx")).is_err());
    }
}
