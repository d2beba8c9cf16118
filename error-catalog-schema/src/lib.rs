//! The `catalog.toml` schema of error-catalog: the one model of a provider, and (feature
//! `load`, on by default) its loader, validator and diagnostics.
//!
//! Everything that knows about providers starts here. `#[derive(ApiError)]` (in
//! `error-catalog-derive`) hands the catalog text to [`parse`] and prints the [`Provider`]s it
//! gets back as static data; `errcat` does the same at run time and hands each [`Provider`]
//! to `error_catalog::DynError`; the runtime (`error-catalog`) interprets the model, whichever
//! way it was made. The model is documented type by type in [`model`]; the file format in
//! [`reference`](mod@reference) (the repository's `docs/catalog-schema.md`).
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
// The crate docs link to the loader; without `load` (the runtime's build) those links have
// nothing to point at and render as text.
#![cfg_attr(not(feature = "load"), allow(rustdoc::broken_intra_doc_links))]
#![deny(unreachable_pub)]

pub mod model;
#[cfg(feature = "load")]
mod sort;

/// The schema reference: every key of a catalog, with examples from the shipped catalogs
/// (the repository's `docs/catalog-schema.md`).
#[doc = include_str!("../catalog-schema.md")]
pub mod reference {}

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
pub use shipped::{SHIPPED, nearest as nearest_shipped, shipped};

/// The largest catalog file read, in bytes (16 MiB): the largest shipped catalog is a
/// hundredth of it, and a path such as `/dev/zero` must not take all memory.
#[cfg(feature = "load")]
pub const MAX_CATALOG_BYTES: usize = 16 * 1024 * 1024;

/// Reads a catalog file, at most [`MAX_CATALOG_BYTES`]: a larger file is an
/// [`InvalidData`](std::io::ErrorKind::InvalidData) error that says so.
#[cfg(feature = "load")]
pub fn read_catalog(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_CATALOG_BYTES).unwrap_or(u64::MAX);
    std::fs::File::open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_CATALOG_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the file is larger than {} MiB",
                MAX_CATALOG_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

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
    /// What the loader made of each provider whose enum name could be made out, keeping
    /// only the codes whose variant names are usable: the derive emits these enums so that
    /// code using them adds no errors of its own. Their rules and tables are placeholders.
    pub stubs: Vec<Provider>,
    /// Warnings found beside the problems (a deprecated key), in source order.
    pub warnings: Vec<Diagnostic>,
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
            warnings: Vec::new(),
        });
    };
    check::check(&mut cx, &loaded, source);
    // Tables are built for a catalog without errors only: duplicate codes have no perfect
    // hash, and a stub needs no tables.
    if !cx.has_errors() {
        for (provider, spans) in &mut loaded {
            load::resolve::resolve(&mut cx, provider, spans);
        }
    }
    let warnings = cx.take_warnings();
    let enum_spans = loaded.iter().map(|(_, s)| s.enum_name.clone()).collect();
    if cx.has_errors() {
        let diagnostics = cx.finish(None::<()>).err().unwrap_or_default();
        let providers = loaded.into_iter().map(|(p, _)| p);
        return Err(Failed {
            diagnostics,
            stubs: stubs(providers),
            warnings,
        });
    }
    let providers = loaded.into_iter().map(|(p, _)| p).collect();
    Ok(Catalog {
        providers,
        warnings,
        enum_spans,
    })
}

/// The providers of a catalog with errors, as far as their names are usable: each enum once,
/// each variant an identifier, once, and not `Unrecognized`.
#[cfg(feature = "load")]
fn stubs(providers: impl Iterator<Item = Provider>) -> Vec<Provider> {
    let mut stubs: Vec<Provider> = Vec::new();
    for mut p in providers {
        let taken = stubs.iter().any(|s| s.enum_name == p.enum_name);
        if taken || !case::is_identifier(&p.enum_name) {
            continue;
        }
        let mut seen: Vec<model::Text> = Vec::new();
        p.codes.to_mut().retain(|c| {
            let usable = case::is_identifier(&c.variant)
                && c.variant != load::RESERVED_VARIANT
                && !seen.contains(&c.variant);
            seen.push(c.variant.clone());
            usable
        });
        // Fallbacks may point at codes that were dropped: a stub needs none.
        p.fallbacks = model::List::Borrowed(&[]);
        p.fallback_order = model::List::Borrowed(&[]);
        p.fallback_start = [0; 7];
        p.any_code_order = model::List::Borrowed(&[]);
        stubs.push(p);
    }
    stubs
}
