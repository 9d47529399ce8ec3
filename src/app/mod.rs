//! Document state and operations shared by the GUI and the CLI: open/save, import/export,
//! analysis, edit commands with undo/redo. No drawing.

pub mod analysis_json;
pub mod analysis_worker;
pub mod bench;
pub mod command;
pub mod desktop;
pub mod document;
pub mod files;
pub mod forecasting;
pub mod generate;
pub mod history;
mod interpret;
pub mod levelling;
pub mod lock;
pub mod material;
pub mod memory;
pub mod operations;
pub mod recovery;
pub mod scenarios;

pub use command::{Command, TableKind};
pub use document::{Document, DocumentError};
