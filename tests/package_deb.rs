//! The Debian package (`cargo deb`, metadata in Cargo.toml): it holds the program, the desktop
//! entry, the MIME type, the icon in three hicolor sizes and the sample plans, at the paths the
//! desktop looks in. Skipped with a note when cargo-deb or dpkg-deb is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The files the package must hold, as `dpkg -x` puts them under the install root.
const PACKAGED_FILES: [&str; 10] = [
    "usr/bin/opsplan",
    "usr/share/applications/opsplan.desktop",
    "usr/share/mime/packages/opsplan.xml",
    "usr/share/icons/hicolor/48x48/apps/opsplan.png",
    "usr/share/icons/hicolor/128x128/apps/opsplan.png",
    "usr/share/icons/hicolor/256x256/apps/opsplan.png",
    "usr/share/opsplan/samples/manufacturer.json",
    "usr/share/opsplan/samples/service.json",
    "usr/share/opsplan/samples/README.md",
    "usr/share/doc/opsplan/copyright",
];

fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|output| output.status.success())
}

/// The target folder this test was built into (the test binary sits in `TARGET/debug/deps`).
fn target_dir() -> PathBuf {
    let program = PathBuf::from(env!("CARGO_BIN_EXE_opsplan"));
    program
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .expect("the program lies in TARGET/debug")
}

/// Width and height of a PNG from its IHDR chunk.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let word = |at: usize| {
        let four: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
        Some(u32::from_be_bytes(four))
    };
    (bytes.get(1..4) == Some(b"PNG")).then_some(())?;
    Some((word(16)?, word(20)?))
}

#[test]
fn debian_package_holds_the_program_and_the_desktop_integration() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    if !succeeds(&cargo, &["deb", "--version"]) || !succeeds("dpkg-deb", &["--version"]) {
        eprintln!("skipped: cargo-deb or dpkg-deb is not installed (cargo install cargo-deb)");
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let deb = out.path().join("opsplan.deb");
    // --no-build packages the program this test run already built (the dev profile), so the
    // test does not start a release build; `cargo deb` alone builds and packages the release.
    let output = Command::new(&cargo)
        .args([
            "deb",
            "--no-build",
            "--no-strip",
            "--profile",
            "dev",
            "--output",
        ])
        .arg(&deb)
        .env("CARGO_TARGET_DIR", target_dir())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo deb");
    assert!(
        output.status.success(),
        "cargo deb failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    let fields = Command::new("dpkg-deb")
        .arg("--field")
        .arg(&deb)
        .output()
        .expect("dpkg-deb --field");
    let fields = String::from_utf8_lossy(&fields.stdout);
    assert!(fields.contains("Package: opsplan\n"), "{fields}");
    assert!(fields.contains("Depends: libc6"), "{fields}");

    let root = out.path().join("root");
    let status = Command::new("dpkg-deb")
        .arg("-x")
        .arg(&deb)
        .arg(&root)
        .status()
        .expect("dpkg-deb -x");
    assert!(status.success());
    for file in PACKAGED_FILES {
        assert!(root.join(file).is_file(), "{file} is not in the package");
    }

    let program = root.join("usr/bin/opsplan");
    let version = Command::new(&program)
        .arg("--version")
        .output()
        .expect("run the packaged program");
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("opsplan {}", env!("CARGO_PKG_VERSION"))
    );

    let entry = std::fs::read_to_string(root.join("usr/share/applications/opsplan.desktop"))
        .expect("desktop entry");
    assert_eq!(entry, opsplan::app::desktop::PACKAGED_DESKTOP_ENTRY);
    assert!(entry.contains("Exec=opsplan %f\n") && entry.contains("Icon=opsplan\n"));
    let mime = std::fs::read_to_string(root.join("usr/share/mime/packages/opsplan.xml"))
        .expect("MIME package");
    assert_eq!(mime, opsplan::app::desktop::MIME_PACKAGE);
    if succeeds("desktop-file-validate", &["--help"]) {
        let check = Command::new("desktop-file-validate")
            .arg(root.join("usr/share/applications/opsplan.desktop"))
            .output()
            .expect("desktop-file-validate");
        assert!(
            check.status.success() && check.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }

    for size in [48, 128, 256] {
        let icon = root.join(format!(
            "usr/share/icons/hicolor/{size}x{size}/apps/opsplan.png"
        ));
        let bytes = std::fs::read(&icon).expect("icon");
        assert_eq!(png_size(&bytes), Some((size, size)), "{}", icon.display());
    }

    // The packaged samples are the bundled ones and import as valid plans.
    for sample in ["manufacturer.json", "service.json"] {
        let packaged = root.join("usr/share/opsplan/samples").join(sample);
        let plan_file = out.path().join(sample).with_extension("opsplan");
        let import = Command::new(&program)
            .arg("import")
            .arg(&packaged)
            .arg("-o")
            .arg(&plan_file)
            .output()
            .expect("import a sample");
        assert!(
            import.status.success(),
            "{sample}: {}",
            String::from_utf8_lossy(&import.stderr)
        );
    }
}
