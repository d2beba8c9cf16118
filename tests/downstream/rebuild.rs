//! Editing the catalog and running `cargo build` regenerates the enums: no stale build.
//!
//! Builds a small crate that derives `ApiError` from its own catalog, runs it, adds a code to
//! the catalog, and runs it again: the second run must see the new variant. Nothing but the
//! catalog changes between the two builds, so only the derive's `include_bytes!` of the
//! catalog can make cargo rebuild.

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
    println!("{} {} {}", e.variant_name(), e.category(), ProbeError::provider_spec().codes.len());
}
"##;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

fn run(probe: &Path) -> String {
    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline"])
        .current_dir(probe)
        .env("CARGO_TARGET_DIR", probe.join("target"))
        .env_remove("ERROR_CATALOG_MANIFEST_DIR")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo run failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
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
    // Before the edit, `second_code` is unknown and a 409 has no fallback in this catalog.
    assert_eq!(run(&probe), "Unrecognized unknown 1");

    write(
        &probe.join("catalog.toml"),
        &format!("{CATALOG_V1}{CATALOG_V2_EXTRA}"),
    );
    assert_eq!(run(&probe), "SecondCode conflict 2");
}
