//! What only the macro does: attribute misuse, finding and reading the catalog file, shipped
//! catalogs, stub enums when a catalog has errors (no cascade of errors of their own), every
//! error of a catalog in one build, and warnings. One case per file in `tests/ui/`, each with
//! the compiler output it must produce beside it. Each catalog check itself is tested in
//! `error-catalog-schema`. Refresh the `.stderr` files after a compiler upgrade with
//! `TRYBUILD=overwrite cargo test -p error-catalog-compile-tests`, then read them.

#[test]
fn ui() {
    // trybuild builds every case in a project of its own under `target/`; the cases name their
    // catalogs relative to this package, so point the derive here.
    // SAFETY: set before any other thread of this test binary reads the environment.
    unsafe { std::env::set_var("ERROR_CATALOG_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR")) };
    let t = trybuild::TestCases::new();
    // Compile-fail cases only: with no case to run, trybuild checks instead of building, and
    // what compiles is tested as ordinary tests (the shipped catalogs' cases run through the
    // derived enums, the workspace's own catalog under `forbid(unsafe_code)`).
    t.compile_fail("tests/ui/*.rs");
}
