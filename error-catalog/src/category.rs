use core::fmt;

use serde::{Deserialize, Serialize};

/// What kind of failure an error is, normalised across providers.
///
/// Each catalog code names one; a message pattern or a status fallback may name another.
/// New categories may be added in minor releases, so a `match` needs a wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// The request is malformed: bad syntax, a missing parameter, an unsupported value.
    InvalidRequest,
    /// The caller is not authenticated: missing, invalid or revoked credentials.
    Authentication,
    /// The caller is authenticated but lacks a permission, scope or plan.
    Authorization,
    /// The addressed resource does not exist (or is not visible to the caller).
    NotFound,
    /// The request conflicts with the current state of a resource.
    Conflict,
    /// The request is well formed but a value fails validation.
    Validation,
    /// Too many requests in a short window; the window will reset.
    RateLimited,
    /// A longer-term quota is used up; waiting seconds or minutes does not help.
    QuotaExceeded,
    /// The provider failed to handle a valid request.
    Server,
    /// The catalog does not say.
    Unknown,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: &'static [Category] = &[
        Category::InvalidRequest,
        Category::Authentication,
        Category::Authorization,
        Category::NotFound,
        Category::Conflict,
        Category::Validation,
        Category::RateLimited,
        Category::QuotaExceeded,
        Category::Server,
        Category::Unknown,
    ];

    /// The name used in `catalog.toml` and in serialized form, e.g. `"rate_limited"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::InvalidRequest => "invalid_request",
            Category::Authentication => "authentication",
            Category::Authorization => "authorization",
            Category::NotFound => "not_found",
            Category::Conflict => "conflict",
            Category::Validation => "validation",
            Category::RateLimited => "rate_limited",
            Category::QuotaExceeded => "quota_exceeded",
            Category::Server => "server",
            Category::Unknown => "unknown",
        }
    }

    /// The category named `name` in `catalog.toml` form, if there is one.
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When retrying the same request can succeed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RetryRule {
    /// Retrying cannot succeed until the caller changes something.
    Never,
    /// Retry once the provider's delay ([`retry_after`](crate::NormalizedError::retry_after))
    /// has passed; without one, back off.
    AfterDelay,
    /// Retry with exponential backoff, honouring a provider delay when one is sent.
    Backoff,
}

impl RetryRule {
    /// Every rule, in declaration order.
    pub const ALL: &'static [RetryRule] =
        &[RetryRule::Never, RetryRule::AfterDelay, RetryRule::Backoff];

    /// The name used in `catalog.toml`, e.g. `"after-delay"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RetryRule::Never => "never",
            RetryRule::AfterDelay => "after-delay",
            RetryRule::Backoff => "backoff",
        }
    }

    /// Whether sending the same request again can succeed.
    pub const fn is_retryable(self) -> bool {
        !matches!(self, RetryRule::Never)
    }
}

impl fmt::Display for RetryRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
