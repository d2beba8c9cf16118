//! What `miette::Diagnostic` reports for a catalog error (feature `miette`).
//!
//! The impls are generated for the derived enums (`__impl_miette!` in `macros.rs`) and
//! written for [`DynError`](crate::DynError) in `dynamic.rs`; both delegate here, so a
//! derived enum and a `DynError` of the same response report the same diagnostic. These
//! functions do not need `miette` themselves, so they are always compiled.

use core::fmt::{self, Display};

use crate::classify::View;

/// The code word that an `Unrecognized` error reports in place of a catalog code.
const UNRECOGNIZED: &str = "unrecognized";

/// A diagnostic code: `provider::code`, e.g. `acme::not_found`.
///
/// The code is the catalog's code of the variant, not the wire code: a response that a
/// status fallback maps to a code's variant reports that code, and an `Unrecognized` error
/// reports `provider::unrecognized` (its wire code, if it had one, is arbitrary outside data
/// and stays in the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiagnosticCode {
    provider: &'static str,
    code: &'static str,
}

impl DiagnosticCode {
    /// The code of an error seen through its catalog entry.
    pub fn of(view: &View<'_>) -> Self {
        DiagnosticCode {
            provider: view.provider_key(),
            code: view.code_spec().map_or(UNRECOGNIZED, |c| c.code),
        }
    }
}

impl Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}::{}", self.provider, self.code)
    }
}

/// `Diagnostic::code`: `provider::code`.
pub fn code(view: &View<'_>) -> Option<Box<dyn Display>> {
    Some(Box::new(DiagnosticCode::of(view)))
}

/// `Diagnostic::help`: the fix hint in force (refined by a message pattern).
pub fn help(view: &View<'_>) -> Option<Box<dyn Display>> {
    Some(Box::new(view.rule().fix))
}

/// `Diagnostic::url`: the code's documentation, else the provider's.
pub fn url(view: &View<'_>) -> Option<Box<dyn Display>> {
    view.docs_url()
        .map(|url| -> Box<dyn Display> { Box::new(url) })
}
