//! The `catalog.toml` schema of error-catalog: loading, validation and diagnostics.
//!
//! `#[derive(ApiError)]` (in `error-catalog-derive`) and `errcat lint` both start here: they
//! hand the catalog text to [`parse`] and get back either a validated [`Catalog`] or every
//! problem of the file at once, as [`Diagnostic`]s they can render with the offending line.
//! Nothing here depends on `proc_macro`, so it is all plain, unit-tested Rust.
//!
//! The pipeline, one module a stage:
//!
//! 1. `load`: TOML → [`model`], checking keys, types and single values;
//! 2. `check`: rules across items (duplicates, name collisions, overlapping fallbacks);
//! 3. [`diagnostic`]: what went wrong and where, rendered like rustc.
//!
//! [`case`] holds the name conversion shared with code generation. The schema itself is
//! documented in `docs/catalog-schema.md`.
//!
//! ```
//! let catalog = error_catalog_schema::parse(r#"
//! [[provider]]
//! key = "acme"
//! name = "Acme"
//!
//! [provider.format]
//! code = "error.code"
//!
//! [[provider.code]]
//! code = "not_found"
//! status = 404
//! category = "not_found"
//! retry = "never"
//! summary = "The record does not exist."
//! fix = "Check the id."
//! "#);
//! let catalog = catalog.expect("a valid catalog");
//! assert_eq!(catalog.providers[0].enum_name.value, "AcmeError");
//! assert_eq!(catalog.providers[0].codes[0].variant.value, "NotFound");
//! ```

#![warn(missing_docs)]

pub mod case;
mod check;
pub mod diagnostic;
mod load;
pub mod model;
mod outline;
mod suggest;

pub use diagnostic::{Diagnostic, line_col};
pub use model::*;
pub use outline::{Outline, outline};
pub use suggest::edit_distance;

/// Parses and validates catalog text.
///
/// Returns every problem at once, in source order (TOML syntax errors alone if the text is
/// not valid TOML). Never panics, whatever the input.
pub fn parse(source: &str) -> Result<Catalog, Vec<Diagnostic>> {
    let mut cx = diagnostic::Ctxt::default();
    let catalog = load::load(&mut cx, source);
    if let Some(catalog) = &catalog {
        check::check(&mut cx, catalog, source);
    }
    cx.finish(catalog)
}
