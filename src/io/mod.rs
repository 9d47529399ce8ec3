//! Plan JSON, CSV and XLSX import/export (DESIGN.md §3).

pub mod csv;
pub mod json;
pub mod xlsx;
mod xlsx_readme;
