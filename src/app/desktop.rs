//! `opsplan install-desktop`: a `.desktop` entry, the icon and the `application/x-opsplan` MIME
//! type for `*.opsplan` in the user's data folder, so double-clicking a plan file opens it.

use std::path::{Path, PathBuf};
use std::process::Command;

use thiserror::Error;

/// The application icon (256×256 PNG), also used as the window icon.
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/opsplan.png");

/// DejaVu Sans, the font the PDF report embeds (one copy in the binary): the GUI puts it
/// behind egui's own fonts for the characters they lack, such as the combining macron of X̄.
pub fn fallback_font() -> &'static [u8] {
    crate::report::pdf::REGULAR_FONT
}

/// MIME type of plan files.
pub const PLAN_MIME_TYPE: &str = "application/x-opsplan";

/// File name of the desktop entry.
pub const DESKTOP_FILE_NAME: &str = "opsplan.desktop";

/// Why the desktop integration could not be installed.
#[derive(Debug, Error)]
pub enum DesktopError {
    /// Neither `XDG_DATA_HOME` nor `HOME` says where the user's data folder is.
    #[error("cannot find the user's data folder: set HOME or XDG_DATA_HOME")]
    NoDataHome,
    /// The path of the running program is unknown, so the entry could not name it.
    #[error("cannot find the opsplan program's own path: {0}")]
    NoExecutable(String),
    /// A file or folder could not be written.
    #[error("{path}: {message}")]
    Write { path: PathBuf, message: String },
    /// A desktop tool ran but failed.
    #[error("{tool} failed: {message}")]
    Tool { tool: &'static str, message: String },
}

/// What `install-desktop` did: the files written and, per desktop tool, whether it ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesktopInstall {
    /// The `.desktop` entry written.
    pub desktop_file: PathBuf,
    /// Every file written (entry, icon, MIME package).
    pub written: Vec<PathBuf>,
    /// The desktop tools in the order tried, each with `true` when it ran (successfully) and
    /// `false` when it is not installed and was skipped.
    pub tools: Vec<(&'static str, bool)>,
}

impl DesktopInstall {
    /// True when `*.opsplan` files are associated with Opsplan: the MIME database was rebuilt
    /// and `xdg-mime` made Opsplan the default application.
    pub fn associated(&self) -> bool {
        ["update-mime-database", "xdg-mime"]
            .iter()
            .all(|needed| self.tools.iter().any(|(tool, ran)| tool == needed && *ran))
    }

    /// One line per thing done or skipped, then the outcome, for the terminal.
    pub fn report(&self) -> String {
        let mut lines: Vec<String> = self
            .written
            .iter()
            .map(|path| format!("wrote {}", path.display()))
            .collect();
        for (tool, ran) in &self.tools {
            lines.push(if *ran {
                format!("ran {tool}")
            } else {
                format!("skipped {tool}: not installed ({})", package_of(tool))
            });
        }
        lines.push(if self.associated() {
            "*.opsplan files now open with Opsplan".to_string()
        } else {
            "the *.opsplan file association could not be made: install the skipped tools and \
             run `opsplan install-desktop` again"
                .to_string()
        });
        lines.join("\n")
    }
}

/// The Debian/Ubuntu package that provides a desktop tool.
fn package_of(tool: &str) -> &'static str {
    match tool {
        "update-mime-database" => "apt-get install shared-mime-info",
        "update-desktop-database" => "apt-get install desktop-file-utils",
        _ => "apt-get install xdg-utils",
    }
}

/// Installs the desktop entry, icon and MIME type for the current user, pointing at the
/// running program, and says what was done and what was skipped.
pub fn install_desktop() -> Result<DesktopInstall, DesktopError> {
    let data_home = data_home().ok_or(DesktopError::NoDataHome)?;
    let exe = std::env::current_exe().map_err(|e| DesktopError::NoExecutable(e.to_string()))?;
    install_desktop_into(&data_home, &exe)
}

/// `$XDG_DATA_HOME` when set to an absolute path, else `$HOME/.local/share`.
pub fn data_home() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    xdg.or_else(|| {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|home| PathBuf::from(home).join(".local/share"))
    })
}

/// Installs into `data_home` with the entry launching `exe`; runs `update-mime-database`,
/// `update-desktop-database` and `xdg-mime default` when they are installed.
pub fn install_desktop_into(data_home: &Path, exe: &Path) -> Result<DesktopInstall, DesktopError> {
    install_with_tools(data_home, exe, &tool_is_present)
}

/// [`install_desktop_into`] with the test of which tools are installed given.
fn install_with_tools(
    data_home: &Path,
    exe: &Path,
    present: &dyn Fn(&str) -> bool,
) -> Result<DesktopInstall, DesktopError> {
    let applications = data_home.join("applications");
    let desktop_file = applications.join(DESKTOP_FILE_NAME);
    let icon = data_home.join("icons/hicolor/256x256/apps/opsplan.png");
    let mime_dir = data_home.join("mime");
    let package = mime_dir.join("packages/opsplan.xml");
    write_file(&desktop_file, desktop_entry(exe).as_bytes())?;
    write_file(&icon, ICON_PNG)?;
    write_file(&package, MIME_PACKAGE.as_bytes())?;
    let steps: [(&'static str, Vec<&std::ffi::OsStr>); 3] = [
        ("update-mime-database", vec![mime_dir.as_os_str()]),
        ("update-desktop-database", vec![applications.as_os_str()]),
        (
            "xdg-mime",
            vec![
                "default".as_ref(),
                DESKTOP_FILE_NAME.as_ref(),
                PLAN_MIME_TYPE.as_ref(),
            ],
        ),
    ];
    let mut tools = Vec::new();
    for (tool, args) in steps {
        let installed = present(tool);
        if installed {
            run_tool(tool, &args)?;
        }
        tools.push((tool, installed));
    }
    Ok(DesktopInstall {
        desktop_file: desktop_file.clone(),
        written: vec![desktop_file, icon, package],
        tools,
    })
}

/// The shared-mime-info package declaring `*.opsplan` plan files; the Debian package installs
/// the same file as `/usr/share/mime/packages/opsplan.xml`.
pub const MIME_PACKAGE: &str = include_str!("../../packaging/opsplan.xml");

/// The desktop entry as the Debian package installs it (`Exec=opsplan %f`, found on `PATH`).
pub const PACKAGED_DESKTOP_ENTRY: &str = include_str!("../../packaging/opsplan.desktop");

/// The `Exec` line of [`PACKAGED_DESKTOP_ENTRY`], replaced by the running program's path when
/// installing for one user.
const PACKAGED_EXEC_LINE: &str = "Exec=opsplan %f\n";

/// The `.desktop` entry text launching `exe` on a plan file: the packaged entry with its
/// `Exec` line naming `exe`.
pub fn desktop_entry(exe: &Path) -> String {
    let exec = format!("Exec={} %f\n", quote_exec_argument(&exe.to_string_lossy()));
    PACKAGED_DESKTOP_ENTRY.replacen(PACKAGED_EXEC_LINE, &exec, 1)
}

/// Quotes a program path for the `Exec` key when it holds characters the spec reserves.
fn quote_exec_argument(path: &str) -> String {
    let reserved = |c: char| " \t\n\"'\\><~|&;$*?#()`".contains(c);
    if path.chars().any(reserved) {
        let escaped: String = path
            .chars()
            .flat_map(|c| match c {
                '"' | '`' | '$' | '\\' => vec!['\\', c],
                _ => vec![c],
            })
            .collect();
        format!("\"{escaped}\"")
    } else {
        path.to_string()
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), DesktopError> {
    let error = |e: std::io::Error| DesktopError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(error)?;
    }
    std::fs::write(path, bytes).map_err(error)
}

/// True when `tool` is an executable file on `PATH`.
pub fn tool_is_present(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

fn run_tool(tool: &'static str, args: &[&std::ffi::OsStr]) -> Result<(), DesktopError> {
    let output = Command::new(tool)
        .args(args)
        .output()
        .map_err(|e| DesktopError::Tool {
            tool,
            message: e.to_string(),
        })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(DesktopError::Tool {
            tool,
            message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_names_the_program_and_the_mime_type() {
        let entry = desktop_entry(Path::new("/opt/ops plan/opsplan"));
        assert!(
            entry.contains("Exec=\"/opt/ops plan/opsplan\" %f\n"),
            "{entry}"
        );
        assert!(entry.contains("MimeType=application/x-opsplan;\n"));
        assert!(entry.contains("Icon=opsplan\n"));
    }

    #[test]
    fn the_packaged_entry_runs_opsplan_from_the_path() {
        assert!(PACKAGED_DESKTOP_ENTRY.contains(PACKAGED_EXEC_LINE));
        assert_eq!(
            desktop_entry(Path::new("opsplan")),
            PACKAGED_DESKTOP_ENTRY,
            "a program on the PATH gives the packaged entry unchanged"
        );
        assert!(MIME_PACKAGE.contains("<glob pattern=\"*.opsplan\""));
    }

    #[test]
    fn the_bundled_icon_is_a_png() {
        assert_eq!(&ICON_PNG[1..4], b"PNG");
    }

    #[test]
    fn without_the_desktop_tools_it_says_what_was_skipped_and_that_nothing_was_associated() {
        let home = tempfile::tempdir().expect("temp home");
        let install = install_with_tools(home.path(), Path::new("/usr/bin/opsplan"), &|_| false)
            .expect("files are written");
        assert!(!install.associated());
        assert!(install.desktop_file.is_file());
        let report = install.report();
        assert!(report.contains("skipped xdg-mime: not installed (apt-get install xdg-utils)"));
        assert!(report.contains("skipped update-mime-database"));
        assert!(report.contains("could not be made"), "{report}");
        assert!(!report.contains("now open with Opsplan"), "{report}");
    }
}
