//! Native file dialogs behind a trait, so tests can answer them with paths in a temp folder.

use std::path::PathBuf;

use crate::app::operations::ReportFormat;

/// The file questions the app asks the user. Each returns `None` when the user cancels.
pub trait FileDialogs {
    /// A `*.opsplan` (or `.json`) plan to open.
    fn open_plan(&mut self) -> Option<PathBuf>;
    /// Where to save the plan; `suggested_name` is the plan's name.
    fn save_plan(&mut self, suggested_name: &str) -> Option<PathBuf>;
    /// A plan JSON file to import.
    fn import_json(&mut self) -> Option<PathBuf>;
    /// A folder of CSV files to import.
    fn import_csv_folder(&mut self) -> Option<PathBuf>;
    /// Where to write a plan JSON export.
    fn export_json(&mut self, suggested_name: &str) -> Option<PathBuf>;
    /// The folder to write a CSV export into.
    fn export_csv_folder(&mut self) -> Option<PathBuf>;
    /// An `.xlsx` plan workbook to import. The default answers "cancelled", like every
    /// workbook question, so dialog doubles written before workbooks existed need not change.
    fn import_workbook(&mut self) -> Option<PathBuf> {
        None
    }
    /// Where to write the plan as an `.xlsx` workbook; `suggested_name` is the plan's name.
    fn export_workbook(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        None
    }
    /// Where to write the empty plan workbook (the template a new user fills in).
    fn export_workbook_template(&mut self) -> Option<PathBuf> {
        None
    }
    /// Where to write a report in `format`: a file with the format's extension, or the folder
    /// to fill for [`ReportFormat::Csv`]. The default answers "cancelled", so dialog doubles
    /// written before reports existed need not change.
    fn export_report(&mut self, _suggested_name: &str, _format: ReportFormat) -> Option<PathBuf> {
        None
    }
}

/// The extension of plan workbooks.
pub const WORKBOOK_EXTENSION: &str = "xlsx";

/// The file extension of a report format, `None` for the CSV folder.
pub fn report_extension(format: ReportFormat) -> Option<&'static str> {
    match format {
        ReportFormat::Html => Some("html"),
        ReportFormat::Pdf => Some("pdf"),
        ReportFormat::Xlsx => Some("xlsx"),
        ReportFormat::Csv => None,
    }
}

/// Native dialogs through `rfd` (desktop portal, or zenity as fallback).
#[derive(Debug, Default)]
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open_plan(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open plan")
            .add_filter("Opsplan plan", &["opsplan"])
            .add_filter("Plan JSON", &["json"])
            .pick_file()
    }

    fn save_plan(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Save plan as")
            .add_filter("Opsplan plan", &["opsplan"])
            .set_file_name(format!("{}.opsplan", file_stem(suggested_name)))
            .save_file()
    }

    fn import_json(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Import plan JSON")
            .add_filter("Plan JSON", &["json"])
            .pick_file()
    }

    fn import_csv_folder(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Import a folder of CSV tables")
            .pick_folder()
    }

    fn export_json(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Export plan JSON")
            .add_filter("Plan JSON", &["json"])
            .set_file_name(format!("{}.json", file_stem(suggested_name)))
            .save_file()
    }

    fn export_csv_folder(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Export CSV tables into folder")
            .pick_folder()
    }

    fn import_workbook(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Import plan workbook")
            .add_filter("Excel workbook", &[WORKBOOK_EXTENSION])
            .pick_file()
    }

    fn export_workbook(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Export plan workbook")
            .add_filter("Excel workbook", &[WORKBOOK_EXTENSION])
            .set_file_name(format!(
                "{}.{WORKBOOK_EXTENSION}",
                file_stem(suggested_name)
            ))
            .save_file()
    }

    fn export_workbook_template(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Save the empty plan workbook")
            .add_filter("Excel workbook", &[WORKBOOK_EXTENSION])
            .set_file_name(format!("plan template.{WORKBOOK_EXTENSION}"))
            .save_file()
    }

    fn export_report(&mut self, suggested_name: &str, format: ReportFormat) -> Option<PathBuf> {
        let dialog = rfd::FileDialog::new();
        match report_extension(format) {
            Some(extension) => dialog
                .set_title("Export report")
                .add_filter(extension.to_uppercase(), &[extension])
                .set_file_name(format!("{} report.{extension}", file_stem(suggested_name)))
                .save_file(),
            None => dialog
                .set_title("Export report CSV files into folder")
                .pick_folder(),
        }
    }
}

/// A plan name made safe as a file name: path separators and control characters replaced.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .trim()
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if stem.is_empty() {
        "plan".to_string()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_names_become_safe_file_stems() {
        assert_eq!(file_stem(" Plant A/B "), "Plant A_B");
        assert_eq!(file_stem(""), "plan");
    }
}
