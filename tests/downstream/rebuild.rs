//! Editing the catalog and running `cargo build` regenerates the enums: no stale build.
//!
//! Checks a small crate that derives `ApiError` from its own catalog and names a variant the
//! catalog does not have yet: `cargo check` fails. Then adds that code to the catalog and
//! checks again: it passes. Nothing but the catalog changes between the two builds, so only
//! the derive's `include_bytes!` of the catalog can make cargo rebuild. (`cargo check`, not
//! `cargo run`: the same proof without generating code for every dependency.)

use std::path::{Path, PathBuf};
use std::process::Command;

const CATALOG_V1: &str = r#"
[[provider]]
key = "probe"
name = "Probe"

[provider.format]
code = "code"

[[provider.code]]
code = "first"
status = 400
category = "invalid_request"
retry = "never"
summary = "The first code."
fix = "Fix the first thing."
"#;

const CATALOG_V2_EXTRA: &str = r#"
[[provider.code]]
code = "second_code"
status = 409
category = "conflict"
retry = "never"
summary = "A code added after the first build."
fix = "Fix the second thing."
"#;

const MAIN: &str = r##"
use error_catalog::{ApiError, NormalizedError};

#[derive(ApiError)]
#[api_error(catalog = "catalog.toml")]
pub struct Catalog;

fn main() {
    let e = ProbeError::from_response(409, (), br#"{"code":"second_code"}"#);
    assert!(matches!(e, ProbeError::SecondCode(_)));
    println!("{} {}", e.variant_name(), e.category());
}
"##;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

/// `cargo check` of the probe: whether it passed, and what cargo said.
fn check(probe: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline", "--message-format=short"])
        .current_dir(probe)
        .env("CARGO_TARGET_DIR", probe.join("target"))
        .env_remove("ERROR_CATALOG_MANIFEST_DIR")
        .output()
        .expect("cargo runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
#[test]
fn editing_the_catalog_rebuilds_the_enums() {
    let probe = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rebuild-probe");
    std::fs::create_dir_all(probe.join("src")).expect("probe dir");
    let runtime = workspace().join("error-catalog");
    write(
        &probe.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"rebuild-probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nerror-catalog = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    );
    // The workspace's lock file pins the same, already downloaded, dependency versions.
    std::fs::copy(workspace().join("Cargo.lock"), probe.join("Cargo.lock")).expect("lock file");
    write(&probe.join("src/main.rs"), MAIN);

    write(&probe.join("catalog.toml"), CATALOG_V1);
    // Before the edit, the catalog has no `second_code`, so no `SecondCode` variant.
    let (passed, said) = check(&probe);
    assert!(
        !passed,
        "the probe names a variant the catalog lacks, yet checks:\n{said}"
    );
    assert!(
        said.contains("no variant") && said.contains("SecondCode"),
        "cargo failed for another reason:\n{said}"
    );

    write(
        &probe.join("catalog.toml"),
        &format!("{CATALOG_V1}{CATALOG_V2_EXTRA}"),
    );
    let (passed, said) = check(&probe);
    assert!(passed, "the edited catalog was not read again:\n{said}");
}
