use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::{Category, Headers, RetryRule};

/// What every generated error enum says about itself, whatever the provider.
///
/// Object safe: `&dyn NormalizedError` handles errors of several providers alike.
pub trait NormalizedError: std::error::Error + Send + Sync + 'static {
    /// The catalog's provider key, e.g. `"attio"`.
    fn provider(&self) -> &'static str;
    /// The HTTP status as received.
    fn status(&self) -> u16;
    /// The wire code as received, `""` if there was none.
    fn code(&self) -> &str;
    /// The provider's human message, `""` if there was none.
    fn message(&self) -> &str;
    /// The normalised category.
    fn category(&self) -> Category;
    /// Whether sending the same request again, unchanged, can succeed.
    fn is_retryable(&self) -> bool;
    /// How long to wait from now before retrying, when the provider says; zero once the
    /// time has passed. Capped at [`MAX_RETRY_DELAY`](crate::MAX_RETRY_DELAY).
    fn retry_after(&self) -> Option<Duration>;
    /// When a retry may succeed, when the provider says.
    fn retry_at(&self) -> Option<SystemTime>;
    /// How to fix it: the code's hint, or the matching message pattern's. Never empty.
    fn fix_hint(&self) -> &str;
    /// Exactly the bytes received.
    fn raw_body(&self) -> &[u8];
    /// An owned, serializable summary.
    fn normalize(&self) -> Normalized;
}

/// An owned, serializable summary of an error, e.g. for logs or an API of your own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Normalized {
    /// The catalog's provider key.
    pub provider: String,
    /// The name of the generated variant, e.g. `"RateLimitExceeded"` or `"Unrecognized"`.
    pub variant: String,
    /// The HTTP status as received.
    pub status: u16,
    /// The wire code as received (`""` if none).
    pub code: String,
    /// The provider's message as received (`""` if none).
    pub message: String,
    /// The provider's own type string, where its format has one.
    pub provider_type: Option<String>,
    /// The normalised category.
    pub category: Category,
    /// The retry rule in force.
    pub retry_rule: RetryRule,
    /// Whether retrying the same request can succeed.
    pub retryable: bool,
    /// Seconds to wait from the moment of normalising, when the provider said.
    pub retry_after_secs: Option<f64>,
    /// One line: what happened.
    pub summary: String,
    /// How to fix it.
    pub fix_hint: String,
    /// Documentation for this error or provider.
    pub docs_url: Option<String>,
}

/// Types built from an HTTP error response: every generated enum.
///
/// Lets generic code ask for "any catalog error type". Generated enums also have an
/// inherent `from_response` with the same signature, so no import is needed to call it.
pub trait FromResponse: Sized {
    /// Classifies a response. Total: never panics, never fails.
    fn from_response<H: Headers>(status: u16, headers: H, body: &[u8]) -> Self;
}
