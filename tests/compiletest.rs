//! Compile-time diagnostics of `#[derive(ApiError)]`: one bad catalog (or attribute) per case
//! in `tests/ui/`, each with the compiler output it must produce beside it. Refresh the
//! `.stderr` files after a compiler upgrade with `TRYBUILD=overwrite cargo test --test
//! compiletest`, then read them.

#[test]
fn ui() {
    // trybuild builds every case in a project of its own under `target/`; the cases name their
    // catalogs relative to this package, so point the derive here.
    // SAFETY: set before any other thread of this test binary reads the environment.
    unsafe { std::env::set_var("ERROR_CATALOG_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR")) };
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    // A later glob overrides an earlier one for the files both match.
    t.pass("tests/ui/pass-*.rs");
}
