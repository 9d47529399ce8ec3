//! Plan JSON and CSV import/export (DESIGN.md §3).

pub mod csv;
pub mod json;
