//! The words a catalog is written in: categories, retry rules, time forms.
//!
//! Each exists once, here: the loader reads them, the derive prints them, the runtime
//! matches on them, and `error_catalog` re-exports them.

use core::fmt;

/// What kind of failure an error is, normalised across providers.
///
/// Each catalog code names one; a message pattern or a status fallback may name another.
/// New categories may be added in minor releases, so a `match` needs a wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
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
    /// The catalog does not say. Also what a category this version does not know reads as
    /// (with the `serde` feature), so that a document from a newer version still reads.
    #[cfg_attr(feature = "serde", serde(other))]
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

    /// The Rust name of the variant, e.g. `"RateLimited"`: what the derive prints.
    pub const fn variant_name(self) -> &'static str {
        match self {
            Category::InvalidRequest => "InvalidRequest",
            Category::Authentication => "Authentication",
            Category::Authorization => "Authorization",
            Category::NotFound => "NotFound",
            Category::Conflict => "Conflict",
            Category::Validation => "Validation",
            Category::RateLimited => "RateLimited",
            Category::QuotaExceeded => "QuotaExceeded",
            Category::Server => "Server",
            Category::Unknown => "Unknown",
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum RetryRule {
    /// Retrying cannot succeed until the caller changes something.
    Never,
    /// Retry once the provider's delay (`retry_after()`) has passed; without one, back off.
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

    /// The Rust name of the variant, e.g. `"AfterDelay"`: what the derive prints.
    pub const fn variant_name(self) -> &'static str {
        match self {
            RetryRule::Never => "Never",
            RetryRule::AfterDelay => "AfterDelay",
            RetryRule::Backoff => "Backoff",
        }
    }

    /// The rule named `name` in `catalog.toml` form, if there is one.
    pub fn from_name(name: &str) -> Option<RetryRule> {
        RetryRule::ALL.iter().copied().find(|r| r.as_str() == name)
    }

    /// Whether sending the same request again can succeed.
    pub const fn is_retryable(self) -> bool {
        !matches!(self, RetryRule::Never)
    }

    /// One line for people: what the rule asks of a caller.
    pub const fn describe(self) -> &'static str {
        match self {
            RetryRule::Never => "never: the same request fails again until something changes",
            RetryRule::AfterDelay => "after the provider's delay (`retry_after()`)",
            RetryRule::Backoff => "with exponential backoff",
        }
    }
}

impl fmt::Display for RetryRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a retry time is written where the provider puts it.
///
/// Every form is read totally: text that is not a time of the form is no time. What each
/// form does with values out of range is in the schema reference (`docs/catalog-schema.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeForm {
    /// RFC 9110 `Retry-After`: delta-seconds (a decimal fraction is accepted) or an
    /// HTTP-date.
    RetryAfter,
    /// A number of seconds to wait (integer or fraction).
    Seconds,
    /// A number of milliseconds to wait.
    Milliseconds,
    /// An HTTP-date (IMF-fixdate, RFC 850 or asctime) to wait for.
    HttpDate,
    /// A Unix time in seconds to wait for.
    UnixSeconds,
    /// A Unix time in milliseconds to wait for.
    UnixMilliseconds,
    /// A Go or protobuf duration to wait: `1s`, `6m0s`, `7.66s`, `120ms`, `0.500s`; a bare
    /// number is seconds.
    Duration,
    /// An RFC 3339 timestamp to wait for: `2025-03-22T14:30:05Z`.
    Rfc3339,
}

impl TimeForm {
    /// Every form, in declaration order.
    pub const ALL: &'static [TimeForm] = &[
        TimeForm::RetryAfter,
        TimeForm::Seconds,
        TimeForm::Milliseconds,
        TimeForm::HttpDate,
        TimeForm::UnixSeconds,
        TimeForm::UnixMilliseconds,
        TimeForm::Duration,
        TimeForm::Rfc3339,
    ];

    /// The name used in `catalog.toml`, e.g. `"retry-after"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TimeForm::RetryAfter => "retry-after",
            TimeForm::Seconds => "seconds",
            TimeForm::Milliseconds => "milliseconds",
            TimeForm::HttpDate => "http-date",
            TimeForm::UnixSeconds => "unix-seconds",
            TimeForm::UnixMilliseconds => "unix-milliseconds",
            TimeForm::Duration => "duration",
            TimeForm::Rfc3339 => "rfc3339",
        }
    }

    /// The Rust name of the variant, e.g. `"RetryAfter"`: what the derive prints.
    pub const fn variant_name(self) -> &'static str {
        match self {
            TimeForm::RetryAfter => "RetryAfter",
            TimeForm::Seconds => "Seconds",
            TimeForm::Milliseconds => "Milliseconds",
            TimeForm::HttpDate => "HttpDate",
            TimeForm::UnixSeconds => "UnixSeconds",
            TimeForm::UnixMilliseconds => "UnixMilliseconds",
            TimeForm::Duration => "Duration",
            TimeForm::Rfc3339 => "Rfc3339",
        }
    }

    /// The form named `name` in `catalog.toml` form, if there is one.
    pub fn from_name(name: &str) -> Option<TimeForm> {
        TimeForm::ALL.iter().copied().find(|f| f.as_str() == name)
    }

    /// Whether the form is a point in time (as opposed to a wait from the response).
    pub const fn is_absolute(self) -> bool {
        matches!(
            self,
            TimeForm::HttpDate
                | TimeForm::UnixSeconds
                | TimeForm::UnixMilliseconds
                | TimeForm::Rfc3339
        )
    }
}

impl fmt::Display for TimeForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_name(c.as_str()), Some(*c));
            assert_eq!(format!("{c:?}"), c.variant_name());
        }
        for r in RetryRule::ALL {
            assert_eq!(RetryRule::from_name(r.as_str()), Some(*r));
            assert_eq!(format!("{r:?}"), r.variant_name());
        }
        for f in TimeForm::ALL {
            assert_eq!(TimeForm::from_name(f.as_str()), Some(*f));
            assert_eq!(format!("{f:?}"), f.variant_name());
        }
        assert_eq!(Category::from_name("RateLimited"), None);
    }
}
