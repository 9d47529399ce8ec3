//! Shared set-up of the GUI tests.

use std::path::Path;
use std::sync::OnceLock;

/// HOME and the XDG folders point into one temp folder for the whole test binary, so the app's
/// recent-files list, autosave snapshots and desktop files never touch the user's own.
pub fn isolated_home() -> &'static Path {
    static HOME: OnceLock<tempfile::TempDir> = OnceLock::new();
    HOME.get_or_init(|| {
        let home = tempfile::tempdir().expect("temp home");
        // SAFETY: set once, before any harness starts, by whichever test gets here first; all
        // tests set the same values, and nothing in this process reads them concurrently yet.
        unsafe {
            std::env::set_var("HOME", home.path());
            std::env::set_var("XDG_CONFIG_HOME", home.path().join("config"));
            std::env::set_var("XDG_DATA_HOME", home.path().join("data"));
        }
        home
    })
    .path()
}
