//! Document state and operations shared by the GUI and the CLI: open/save, import/export,
//! analysis, edit commands with undo/redo. No drawing.

pub mod bench;
pub mod files;
pub mod generate;
pub mod lock;
pub mod operations;
pub mod recovery;
