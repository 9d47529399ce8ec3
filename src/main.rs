//! The `opsplan` binary: starts the GUI, or runs a CLI subcommand.

fn main() {}
