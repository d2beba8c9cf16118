//! The `catalog.toml` schema of error-catalog: the one model of a provider, and (feature
//! `load`, on by default) its loader, validator and diagnostics.
//!
//! Everything that knows about providers starts here. `#[derive(ApiError)]` (in
//! `error-catalog-derive`) hands the catalog text to [`parse`] and prints the [`Provider`]s it
//! gets back as static data; `errcat` does the same at run time and hands each [`Provider`]
//! to `error_catalog::DynError`; the runtime (`error-catalog`) interprets the model, whichever
//! way it was made. The model is documented type by type in [`model`]; the file format in
//! `docs/catalog-schema.md` (the repository's schema reference).
//!
//! The loader's pipeline, one module a stage:
//!
//! 1. `load`: TOML → model, checking keys, types and single values;
//! 2. `check`: rules across items (duplicates, name collisions, overlapping fallbacks);
//! 3. `load::resolve`: what the catalog fixes, computed once (code table, body layout,
//!    fallback order);
//! 4. [`diagnostic`]: what went wrong and where, rendered like rustc.
//!
//! Nothing here depends on `proc_macro`, so it is all plain, unit-tested Rust.
//!
//! ```
//! # #[cfg(feature = "load")] {
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
//! let acme = &catalog.providers[0];
//! assert_eq!(acme.enum_name, "AcmeError");
//! assert_eq!(acme.codes[0].variant, "NotFound");
//! assert_eq!(acme.find_code("not_found"), Some(0));
//! # }
//! ```
//!
//! # Features
//!
//! - `load` (default): [`parse`], the diagnostics and the [`shipped`] catalogs. Without it,
//!   only the model: what the runtime needs.
//! - `serde`: `Serialize` and `Deserialize` for [`Category`] and [`RetryRule`].

#![warn(missing_docs)]
#![deny(unreachable_pub)]

pub mod model;

#[cfg(feature = "load")]
mod case;
#[cfg(feature = "load")]
mod check;
#[cfg(feature = "load")]
pub mod diagnostic;
#[cfg(feature = "load")]
mod load;
#[cfg(feature = "load")]
mod shipped;
#[cfg(feature = "load")]
mod suggest;

#[cfg(feature = "load")]
pub use diagnostic::{Diagnostic, Span, line_col};
pub use model::{
    Category, Code, Fallback, Format, NOT_AN_ERROR, Provider, RetryRule, Rule, RuleRef, TimeForm,
};
#[cfg(feature = "load")]
pub use shipped::{SHIPPED, shipped};
#[cfg(feature = "load")]
pub use suggest::closest;

/// A valid catalog: its providers, in file order.
#[cfg(feature = "load")]
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Catalog {
    /// Every `[[provider]]`, validated and resolved.
    pub providers: Vec<Provider>,
    /// What the catalog should change but that does not stop it from being used (a
    /// deprecated key), in source order.
    pub warnings: Vec<Diagnostic>,
    /// Where each provider's enum name was written (its `enum`, else its `key`).
    enum_spans: Vec<Span>,
}

#[cfg(feature = "load")]
impl Catalog {
    /// Where the enum name of `providers[index]` is written (its `enum`, else its `key`):
    /// for diagnostics about a provider's enum as a whole.
    pub fn enum_span(&self, index: usize) -> Option<Span> {
        self.enum_spans.get(index).cloned()
    }
}

/// A catalog with errors: every problem, and the enums as far as they could be made out.
#[cfg(feature = "load")]
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Failed {
    /// Every problem, in source order (TOML syntax errors alone if the text is not TOML).
    pub diagnostics: Vec<Diagnostic>,
    /// The enum of each provider whose name could be made out, with the variants that
    /// could: the derive emits them so that code using them adds no errors of its own.
    pub stubs: Vec<Stub>,
}

/// The names of an enum a catalog with errors would generate.
#[cfg(feature = "load")]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stub {
    /// The enum's name (a valid identifier).
    pub enum_name: String,
    /// Its variants' names (valid identifiers, `Unrecognized` not included).
    pub variants: Vec<String>,
    /// Whether the enum is `#[non_exhaustive]`.
    pub non_exhaustive: bool,
}

/// Parses, validates and resolves catalog text.
///
/// Returns every problem at once, in source order (TOML syntax errors alone if the text is
/// not valid TOML). Never panics, whatever the input.
#[cfg(feature = "load")]
pub fn parse(source: &str) -> Result<Catalog, Failed> {
    let mut cx = diagnostic::Ctxt::default();
    let loaded = load::load(&mut cx, source);
    let Some(mut loaded) = loaded else {
        let diagnostics = cx.finish(None::<()>).err().unwrap_or_default();
        return Err(Failed {
            diagnostics,
            stubs: Vec::new(),
        });
    };
    check::check(&mut cx, &loaded, source);
    for (provider, spans) in &mut loaded {
        load::resolve::resolve(&mut cx, provider, spans);
    }
    let warnings = cx.take_warnings();
    let enum_spans = loaded.iter().map(|(_, s)| s.enum_name.clone()).collect();
    let stubs = || {
        loaded
            .iter()
            .filter(|(p, _)| case::is_identifier(&p.enum_name))
            .map(|(p, _)| Stub {
                enum_name: p.enum_name.to_string(),
                variants: p
                    .codes
                    .iter()
                    .map(|c| c.variant.to_string())
                    .filter(|v| case::is_identifier(v) && v != load::RESERVED_VARIANT)
                    .collect(),
                non_exhaustive: p.non_exhaustive,
            })
            .collect()
    };
    if cx.has_errors() {
        let stubs = stubs();
        let diagnostics = cx.finish(None::<()>).err().unwrap_or_default();
        return Err(Failed { diagnostics, stubs });
    }
    let providers = loaded.into_iter().map(|(p, _)| p).collect();
    Ok(Catalog {
        providers,
        warnings,
        enum_spans,
    })
}
