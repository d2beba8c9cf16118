//! The catalog as static data, emitted by `#[derive(ApiError)]` and read by the runtime.
//!
//! The derive validates the catalog at compile time and writes one [`Provider`] per provider
//! as a `static`. Everything here is plain data: the runtime interprets it, so a new API
//! needs only a new catalog entry. The types are public for introspection
//! (`AttioError::provider_spec()`), and so that tooling which reads a catalog at run time
//! can build a [`Provider`] itself and classify with [`DynError`](crate::DynError).

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Duration;

use crate::{Category, RetryRule};

/// One provider of the catalog.
#[derive(Debug)]
pub struct Provider {
    /// The provider's key, e.g. `"attio"`.
    pub key: &'static str,
    /// The display name, e.g. `"Attio"`.
    pub name: &'static str,
    /// The name of the generated enum.
    pub enum_name: &'static str,
    /// The provider's API documentation.
    pub docs_url: Option<&'static str>,
    /// The provider's status page.
    pub status_page: Option<&'static str>,
    /// Where the fields of an error body are.
    pub format: Format,
    /// Where the retry time comes from, in precedence order.
    pub retry_from: &'static [RetrySource],
    /// The codes, in catalog order; a code's index is its variant's index.
    pub codes: &'static [Code],
    /// Status fallbacks, in catalog order.
    pub fallbacks: &'static [Fallback],
    /// The rule of `Unrecognized` when no fallback matches.
    pub unrecognized: Rule,
    /// The code lookup table, built on first use: always `CodeIndex::new()`.
    pub index: CodeIndex,
}

/// A dotted JSON path, one segment per object key: `error.code` is `&["error", "code"]`.
pub type FieldPath = &'static [&'static str];

/// The fields of a provider's error body.
#[derive(Debug)]
pub struct Format {
    /// The field whose value selects the variant.
    pub code: FieldPath,
    /// The human-readable message.
    pub message: Option<FieldPath>,
    /// The provider's own type or category string.
    pub provider_type: Option<FieldPath>,
    /// The status the body claims (informational; the wire status is authoritative).
    pub status: Option<FieldPath>,
}

/// Where a retry time is read from.
#[derive(Debug, Clone, Copy)]
pub enum Location {
    /// A response header, matched case-insensitively.
    Header(&'static str),
    /// A field of the JSON body.
    Body(FieldPath),
}

/// How a retry time is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeForm {
    /// RFC 9110 `Retry-After`: delta-seconds or an HTTP-date.
    RetryAfter,
    /// A number of seconds to wait (integer or fraction).
    Seconds,
    /// A number of milliseconds to wait.
    Milliseconds,
    /// An HTTP-date (IMF-fixdate, RFC 850 or asctime).
    HttpDate,
    /// A Unix timestamp in seconds.
    UnixSeconds,
    /// A Unix timestamp in milliseconds.
    UnixMilliseconds,
}

/// One place a retry time may come from.
#[derive(Debug)]
pub struct RetrySource {
    /// Where to read.
    pub location: Location,
    /// How to read it.
    pub form: TimeForm,
    /// Consulted only for errors of these categories; empty means all.
    pub categories: &'static [Category],
}

/// What an error means and what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The normalised category.
    pub category: Category,
    /// When retrying can succeed.
    pub retry: RetryRule,
    /// One line: what happened.
    pub summary: &'static str,
    /// How to fix it. Never empty.
    pub fix: &'static str,
    /// Documentation for this error.
    pub docs_url: Option<&'static str>,
}

/// One code of a provider.
#[derive(Debug)]
pub struct Code {
    /// The wire value.
    pub code: &'static str,
    /// The generated variant's name.
    pub variant: &'static str,
    /// The HTTP status the provider documents for it.
    pub status: u16,
    /// The provider's own type string, where documented.
    pub provider_type: Option<&'static str>,
    /// What it means.
    pub rule: Rule,
    /// Message patterns that refine the rule, in order; the first match wins.
    pub patterns: &'static [Pattern],
    /// The wait when the provider sends no retry time.
    pub default_delay: Option<Duration>,
    /// The least wait, even when the provider's retry time has passed.
    pub min_delay: Option<Duration>,
}

/// A message pattern of a code: a known cause, recognised by its message.
#[derive(Debug)]
pub struct Pattern {
    /// Matched case-insensitively as a substring of the message.
    pub contains: &'static str,
    /// The cause this message reveals.
    pub cause: &'static str,
    /// The fix for that cause; replaces the code's fix.
    pub fix: &'static str,
    /// Overrides the code's retry rule.
    pub retry: Option<RetryRule>,
    /// Overrides the code's category.
    pub category: Option<Category>,
}

/// A status fallback: applies when the body names no known code.
#[derive(Debug)]
pub struct Fallback {
    /// The lowest status it covers.
    pub min: u16,
    /// The highest status it covers (inclusive).
    pub max: u16,
    /// What a response it covers becomes.
    pub target: FallbackTarget,
}

/// What a status fallback produces.
#[derive(Debug, Clone, Copy)]
pub enum FallbackTarget {
    /// The variant of [`Provider::codes`]`[index]`, with that code's rule.
    Code(usize),
    /// `Unrecognized`, with this rule.
    Rule(Rule),
}

/// Code lookup: built on first use from [`Provider::codes`] (string `match`es compile in
/// time quadratic-ish in the number of codes; a hash map stays flat).
#[derive(Debug)]
pub struct CodeIndex(OnceLock<HashMap<&'static str, usize>>);

impl CodeIndex {
    /// An empty index, filled from [`Provider::codes`] by the first lookup.
    pub const fn new() -> Self {
        CodeIndex(OnceLock::new())
    }
}

impl Default for CodeIndex {
    fn default() -> Self {
        Self::new()
    }
}

impl Provider {
    /// The index of `code` in [`Provider::codes`].
    pub fn find_code(&self, code: &str) -> Option<usize> {
        let map = self.index.0.get_or_init(|| {
            let mut map = HashMap::with_capacity(self.codes.len());
            for (i, c) in self.codes.iter().enumerate() {
                map.entry(c.code).or_insert(i);
            }
            map
        });
        map.get(code).copied()
    }

    /// The narrowest fallback covering `status`.
    pub fn fallback_for(&self, status: u16) -> Option<&Fallback> {
        self.fallbacks
            .iter()
            .filter(|f| f.min <= status && status <= f.max)
            .min_by_key(|f| f.max - f.min)
    }
}
