//! Plain data types of a plan and their validation. No I/O, no GUI.
//!
//! Field names are the JSON keys of DESIGN.md §3; defaults are those of DESIGN.md §1, applied by
//! serde when a field is missing and by `Default` when a row is created in the editor.

pub mod calendar;
pub mod code_index;
pub mod fxhash;
pub mod grouping;
pub mod limits;
mod model;
mod validate;
pub mod wording;

pub use calendar::{days_in_month, is_iso_date, period_label};
pub use limits::{LimitError, MAX_ROWS_PER_TABLE, MAX_TEXT_CHARS, check_limits};
pub use model::*;
pub use validate::{MAX_PERIODS, Problem, ValidationReport, bom_cycles, validate};
pub use wording::count_of;
