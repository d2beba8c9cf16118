//! The validated catalog: what the derive and tooling consume.
//!
//! Every value that came from the file carries its byte [`Span`] in the source, so later
//! stages (the derive's own checks, `errcat lint`) can report positions too.

use core::ops::Range;

/// A byte range in the catalog source.
pub type Span = Range<usize>;

/// A value with the byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A whole catalog, providers in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// Every `[[provider]]`.
    pub providers: Vec<Provider>,
}

/// One HTTP API: a `[[provider]]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    /// `[a-z][a-z0-9_]*`
    pub key: Spanned<String>,
    /// The display name (non-empty).
    pub name: String,
    /// The generated enum's identifier (given, or UpperCamelCase(key) + "Error"), validated.
    pub enum_name: Spanned<String>,
    /// The provider's error documentation (an http(s) URL).
    pub docs_url: Option<String>,
    /// The provider's status page (an http(s) URL).
    pub status_page: Option<String>,
    /// Mark the generated enum `#[non_exhaustive]`.
    pub non_exhaustive: bool,
    /// Free text for the enum's docs.
    pub notes: Option<String>,
    /// Commands to diagnose problems with this provider (shown as a text block).
    pub diagnostic: Option<String>,
    /// Where the error body keeps its fields.
    pub format: Format,
    /// Where the retry time comes from, in precedence order.
    pub retry_from: Vec<RetrySource>,
    /// Status fallbacks, in file order (they never partially overlap).
    pub fallbacks: Vec<Fallback>,
    /// The codes, in file order (at least one; codes and variants unique).
    pub codes: Vec<Code>,
    /// The span of the `[[provider]]` table's header (for errors about the provider as a
    /// whole).
    pub span: Span,
}

impl Provider {
    /// The rule of `Unrecognized` where no status fallback applies: unknown, not
    /// retryable, and a hint that points at the provider's documentation. The derive and
    /// run-time tooling both use this, so they classify alike.
    pub fn unrecognized_rule(&self) -> Rule {
        let see = self
            .docs_url
            .as_deref()
            .or(self.status_page.as_deref())
            .map_or_else(String::new, |url| format!(" See {url}."));
        Rule {
            category: Category::Unknown,
            retry: RetryRule::Never,
            summary: format!("A response the {} catalog does not describe.", self.name),
            fix: format!(
                "Inspect the status, code and raw body; if the provider added a code, add it \
                 to the catalog.{see}"
            ),
            docs_url: None,
        }
    }
}

/// `[provider.format]`: dotted JSON paths, already split: `"error.code"` is
/// `["error", "code"]` (never empty, no empty segment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    /// The field whose value selects the variant.
    pub code: Vec<String>,
    /// The human message.
    pub message: Option<Vec<String>>,
    /// The provider's own type/category string (`type` in the catalog).
    pub provider_type: Option<Vec<String>>,
    /// The status the body claims (informational only).
    pub status: Option<Vec<String>>,
}

/// Where a retry time is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A response header (a valid HTTP token, matched case-insensitively).
    Header(String),
    /// A JSON body field, as a split dotted path.
    Body(Vec<String>),
}

/// How a retry time is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeForm {
    /// RFC 9110 `Retry-After`: delta-seconds or an HTTP-date.
    RetryAfter,
    /// A number (integer or fraction) of seconds to wait.
    Seconds,
    /// A number of milliseconds to wait.
    Milliseconds,
    /// An HTTP-date to wait for.
    HttpDate,
    /// A Unix time in seconds to wait for.
    UnixSeconds,
    /// A Unix time in milliseconds to wait for.
    UnixMilliseconds,
}

impl TimeForm {
    /// `(catalog name, form)`
    pub const ALL: &'static [(&'static str, TimeForm)] = &[
        ("retry-after", TimeForm::RetryAfter),
        ("seconds", TimeForm::Seconds),
        ("milliseconds", TimeForm::Milliseconds),
        ("http-date", TimeForm::HttpDate),
        ("unix-seconds", TimeForm::UnixSeconds),
        ("unix-milliseconds", TimeForm::UnixMilliseconds),
    ];

    /// The catalog name, e.g. `"retry-after"`.
    pub fn as_str(self) -> &'static str {
        TimeForm::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n)
    }
}

/// One `[[provider.retry_from]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrySource {
    /// Where the time is read.
    pub location: Location,
    /// How it is written.
    pub form: TimeForm,
    /// Empty means every category.
    pub categories: Vec<Category>,
}

/// Mirrors `error_catalog::Category` (this crate cannot depend on the runtime).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // The runtime's `Category` documents each one.
pub enum Category {
    InvalidRequest,
    Authentication,
    Authorization,
    NotFound,
    Conflict,
    Validation,
    RateLimited,
    QuotaExceeded,
    Server,
    Unknown,
}

impl Category {
    /// `(catalog name, variant name of error_catalog::Category, category)`
    pub const ALL: &'static [(&'static str, &'static str, Category)] = &[
        (
            "invalid_request",
            "InvalidRequest",
            Category::InvalidRequest,
        ),
        ("authentication", "Authentication", Category::Authentication),
        ("authorization", "Authorization", Category::Authorization),
        ("not_found", "NotFound", Category::NotFound),
        ("conflict", "Conflict", Category::Conflict),
        ("validation", "Validation", Category::Validation),
        ("rate_limited", "RateLimited", Category::RateLimited),
        ("quota_exceeded", "QuotaExceeded", Category::QuotaExceeded),
        ("server", "Server", Category::Server),
        ("unknown", "Unknown", Category::Unknown),
    ];

    /// The category of a catalog name, e.g. `"rate_limited"`.
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|e| e.2)
    }
    /// The catalog name, e.g. `"rate_limited"`.
    pub fn as_str(self) -> &'static str {
        Category::ALL
            .iter()
            .find(|e| e.2 == self)
            .map_or("", |e| e.0)
    }
    /// The variant name of `error_catalog::Category`, e.g. `"RateLimited"`.
    pub fn variant_name(self) -> &'static str {
        Category::ALL
            .iter()
            .find(|e| e.2 == self)
            .map_or("", |e| e.1)
    }
}

/// Mirrors `error_catalog::RetryRule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryRule {
    /// `never`: the same request fails again until the caller changes something.
    Never,
    /// `after-delay`: wait the provider's delay, then retry.
    AfterDelay,
    /// `backoff`: retry with exponential backoff.
    Backoff,
}

impl RetryRule {
    /// `(catalog name, variant name of error_catalog::RetryRule, rule)`
    pub const ALL: &'static [(&'static str, &'static str, RetryRule)] = &[
        ("never", "Never", RetryRule::Never),
        ("after-delay", "AfterDelay", RetryRule::AfterDelay),
        ("backoff", "Backoff", RetryRule::Backoff),
    ];

    /// The rule of a catalog name, e.g. `"after-delay"`.
    pub fn from_name(name: &str) -> Option<RetryRule> {
        RetryRule::ALL
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|e| e.2)
    }
    /// The catalog name, e.g. `"after-delay"`.
    pub fn as_str(self) -> &'static str {
        RetryRule::ALL
            .iter()
            .find(|e| e.2 == self)
            .map_or("", |e| e.0)
    }
    /// The variant name of `error_catalog::RetryRule`, e.g. `"AfterDelay"`.
    pub fn variant_name(self) -> &'static str {
        RetryRule::ALL
            .iter()
            .find(|e| e.2 == self)
            .map_or("", |e| e.1)
    }
    /// Whether retrying the same request can succeed.
    pub fn is_retryable(self) -> bool {
        self != RetryRule::Never
    }
}

/// What an error means and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// What kind of error it is.
    pub category: Category,
    /// Whether and how to retry.
    pub retry: RetryRule,
    /// One line: what happened (non-empty).
    pub summary: String,
    /// How to fix it: `NormalizedError::fix_hint` (non-empty).
    pub fix: String,
    /// Where the provider documents it (an http(s) URL).
    pub docs_url: Option<String>,
}

/// One `[[provider.fallback]]`: what a status means when the body does not say.
#[derive(Debug, Clone, PartialEq)]
pub struct Fallback {
    /// Inclusive range of statuses: `min..=max`, `100 <= min <= max <= 599`.
    pub min: u16,
    /// See `min`.
    pub max: u16,
    /// What to produce: a code's variant (index into `Provider::codes`) or a rule of its own.
    pub target: FallbackTarget,
    /// The span of the `[[provider.fallback]]` header.
    pub span: Span,
    /// The span of the `status` value.
    pub status_span: Span,
}

impl Fallback {
    /// Whether `status` is in this fallback's range.
    pub fn matches(&self, status: u16) -> bool {
        (self.min..=self.max).contains(&status)
    }

    /// The range as a catalog would write it: `503`, `5xx` or `500-549`.
    pub fn status_label(&self) -> String {
        status_label(self.min, self.max)
    }
}

/// An inclusive status range as a catalog would write it: `503`, `5xx` or `500-549`.
pub(crate) fn status_label(min: u16, max: u16) -> String {
    if min == max {
        min.to_string()
    } else if min % 100 == 0 && max == min + 99 {
        format!("{}xx", min / 100)
    } else {
        format!("{min}-{max}")
    }
}

/// What a fallback produces.
#[derive(Debug, Clone, PartialEq)]
pub enum FallbackTarget {
    /// Produce the variant of `Provider::codes[index]`.
    Code(usize),
    /// Produce `Unrecognized` with this rule.
    Rule(Rule),
}

/// One `[[provider.code]]`: a variant of the generated enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The wire value (non-empty, unique in its provider).
    pub code: Spanned<String>,
    /// The variant identifier (given, or UpperCamelCase(code)), validated. When derived, the
    /// span is the code's.
    pub variant: Spanned<String>,
    /// The HTTP status the provider sends with it (100 to 599).
    pub status: u16,
    /// The provider's type/category string (`type` in the catalog).
    pub provider_type: Option<String>,
    /// What it means and what to do.
    pub rule: Rule,
    /// More prose for the docs.
    pub notes: Option<String>,
    /// Commands to diagnose it (a text block).
    pub diagnostic: Option<String>,
    /// An example body (a text block).
    pub example: Option<String>,
    /// Seconds to wait when the provider sends no retry time.
    pub default_delay: Option<f64>,
    /// The least wait, in seconds, even when the provider's time has passed.
    pub min_delay: Option<f64>,
    /// Message patterns, in order: the first match wins.
    pub patterns: Vec<Pattern>,
    /// Causes that no message identifies.
    pub causes: Vec<Cause>,
    /// Reference tables for the docs.
    pub tables: Vec<Table>,
    /// The span of the `[[provider.code]]` header.
    pub span: Span,
}

/// One `[[provider.code.pattern]]`: a message substring that pins down the cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Case-insensitive substring of the message (non-empty).
    pub contains: String,
    /// What causes the error.
    pub cause: String,
    /// How to fix it; replaces the code's fix hint.
    pub fix: String,
    /// Overrides the code's retry rule.
    pub retry: Option<RetryRule>,
    /// Overrides the code's category.
    pub category: Option<Category>,
    /// The span of the `[[provider.code.pattern]]` header.
    pub span: Span,
    /// The span of the `contains` value.
    pub contains_span: Span,
}

/// One `[[provider.code.cause]]`: a cause and its fix that no message identifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// What causes the error.
    pub cause: String,
    /// How to fix it.
    pub fix: String,
}

/// One `[[provider.code.table]]`: a reference table for the docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The table's title.
    pub title: String,
    /// Column headers (at least one).
    pub columns: Vec<String>,
    /// Rows, each with one cell per column.
    pub rows: Vec<Vec<String>>,
}
