//! Plan JSON (DESIGN.md §3): the `format`/`version` envelope around the plan tables.

use thiserror::Error;

use crate::domain::Plan;

/// Why a plan JSON text could not be read.
#[derive(Debug, Error)]
pub enum JsonError {
    /// Syntax or schema error, with its place in the text.
    #[error("line {line}, column {column}: {message}")]
    Parse {
        line: usize,
        column: usize,
        message: String,
    },
}

/// Parses a plan JSON text.
pub fn parse_plan(text: &str) -> Result<Plan, JsonError> {
    let _ = text;
    Err(JsonError::Parse {
        line: 1,
        column: 1,
        message: "plan JSON is not readable yet".to_string(),
    })
}

/// Writes a plan as pretty JSON with every field explicit.
pub fn plan_to_json(plan: &Plan) -> String {
    let _ = plan;
    String::new()
}
