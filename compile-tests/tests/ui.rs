//! What only the macro does: attribute misuse, finding and reading the catalog file, shipped
//! catalogs, stub enums when a catalog has errors (no cascade of errors of their own), every
//! error of a catalog in one build, warnings, and generated code that compiles where
//! `unsafe` is forbidden. One case per file in `tests/ui/`, each with the compiler output it
//! must produce beside it. Each catalog check itself is tested in `error-catalog-schema`. Refresh the
//! `.stderr` files after a compiler upgrade with `TRYBUILD=overwrite cargo test -p
//! error-catalog-compile-tests`, then read them.

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
