//! Errors of a provider that is known only at run time.

use std::time::SystemTime;

use crate::classify::{self, View};
use crate::spec::{Code, Pattern, Provider};
use crate::{Details, Headers, RetryRule};

/// An error classified against a provider spec given at run time.
///
/// The derived enums are the way to go when the catalog is known when the program is
/// compiled. A tool that loads a catalog while it runs (such as `errcat`) builds a
/// [`spec::Provider`](crate::spec::Provider) from it instead and classifies with
/// `DynError`: the same algorithm, the same answers, but the variant is an index into
/// [`Provider::codes`] rather than an enum variant. It implements [`NormalizedError`](crate::NormalizedError),
/// `Display`, `Debug` (bounded) and `std::error::Error` exactly like the derived enums, and
/// `miette::Diagnostic` with the `miette` feature.
///
/// The provider must be `'static`. A short-lived tool can leak what it builds; a long-lived
/// one builds each provider once and keeps it (a `OnceLock`, say).
///
/// ```
/// use error_catalog::spec::{CodeIndex, Code, Format, Provider, Rule};
/// use error_catalog::{Category, DynError, NormalizedError, RetryRule};
///
/// // Strings and slices read at run time are leaked (`Box::leak(s.into_boxed_str())`).
/// let rule = |category, retry, summary, fix| Rule { category, retry, summary, fix, docs_url: None };
/// let codes = vec![Code {
///     code: "busy",
///     variant: "Busy",
///     status: 503,
///     provider_type: None,
///     rule: rule(Category::Server, RetryRule::Backoff, "Acme is busy.", "Retry later."),
///     patterns: &[],
///     default_delay: None,
///     min_delay: None,
/// }];
/// let acme: &'static Provider = Box::leak(Box::new(Provider {
///     key: "acme",
///     name: "Acme",
///     enum_name: "AcmeError",
///     docs_url: None,
///     status_page: None,
///     format: Format {
///         code: &["error", "code"],
///         message: Some(&["error", "message"]),
///         provider_type: None,
///         status: None,
///     },
///     retry_from: &[],
///     codes: Box::leak(codes.into_boxed_slice()),
///     fallbacks: &[],
///     unrecognized: rule(Category::Unknown, RetryRule::Never, "Unknown.", "Look at the body."),
///     index: CodeIndex::new(),
/// }));
///
/// let err = DynError::from_response(acme, 503, (), br#"{"error":{"code":"busy","message":"try later"}}"#);
/// assert_eq!(err.variant_name(), "Busy");
/// assert_eq!(err.category(), Category::Server);
/// assert!(err.is_retryable());
/// assert_eq!(err.to_string(), "Acme 503 busy: try later");
/// ```
#[derive(Clone)]
pub struct DynError {
    provider: &'static Provider,
    variant: Option<usize>,
    details: Details,
}

impl DynError {
    /// Classifies an HTTP error response against `provider`. Total: never panics, never
    /// fails; a response the catalog does not describe is unrecognized, raw bytes kept.
    pub fn from_response(
        provider: &'static Provider,
        status: u16,
        headers: impl Headers,
        body: &[u8],
    ) -> Self {
        Self::from_response_at(provider, status, headers, body, SystemTime::now())
    }

    /// [`from_response`](Self::from_response) with the clock given: delta-seconds and body
    /// delays count from `now`.
    pub fn from_response_at(
        provider: &'static Provider,
        status: u16,
        headers: impl Headers,
        body: &[u8],
        now: SystemTime,
    ) -> Self {
        let (variant, details) = classify::classify(provider, status, &headers, body, now);
        DynError {
            provider,
            variant,
            details,
        }
    }

    /// The provider spec the error was classified against.
    pub fn provider_spec(&self) -> &'static Provider {
        self.provider
    }

    /// The index of the variant's code in [`Provider::codes`]; `None` for an unrecognized
    /// response.
    pub fn variant_index(&self) -> Option<usize> {
        self.variant
    }

    /// The variant's name, e.g. `"RateLimitExceeded"`, or `"Unrecognized"`.
    pub fn variant_name(&self) -> &'static str {
        self.__view().variant_name()
    }

    /// The variant's catalog entry; `None` for an unrecognized response.
    pub fn code_spec(&self) -> Option<&'static Code> {
        self.__view().code_spec()
    }

    /// The message pattern of the variant's code that matched the message, if one did.
    pub fn pattern(&self) -> Option<&'static Pattern> {
        self.__view().pattern()
    }

    /// The retry rule in force (the code's, its pattern's, or the fallback's).
    pub fn retry_rule(&self) -> RetryRule {
        self.__view().rule().retry
    }

    /// One line: what happened, from the catalog.
    pub fn summary(&self) -> &'static str {
        self.__view().rule().summary
    }

    /// Documentation for this error, or for the provider.
    pub fn docs_url(&self) -> Option<&'static str> {
        self.__view().docs_url()
    }

    /// The wire data.
    pub fn details(&self) -> &Details {
        &self.details
    }

    /// The wire data, by value.
    pub fn into_details(self) -> Details {
        self.details
    }

    fn __view(&self) -> View<'_> {
        View::new(self.provider, self.variant, &self.details)
    }
}

/// Equal when classified against the same provider spec (by address) into the same
/// variant, with equal wire data.
impl PartialEq for DynError {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.provider, other.provider)
            && self.variant == other.variant
            && self.details == other.details
    }
}

impl Eq for DynError {}

crate::__impl_view_traits!(DynError);

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::spec::{
        CodeIndex, Fallback, FallbackTarget, Format, Location, RetrySource, Rule, TimeForm,
    };
    use crate::{Category, NormalizedError};

    const fn rule(category: Category, retry: RetryRule, summary: &'static str) -> Rule {
        Rule {
            category,
            retry,
            summary,
            fix: "Do the thing.",
            docs_url: None,
        }
    }

    static ACME: Provider = Provider {
        key: "acme",
        name: "Acme",
        enum_name: "AcmeError",
        docs_url: Some("https://acme.example/errors"),
        status_page: None,
        format: Format {
            code: &["code"],
            message: Some(&["message"]),
            provider_type: None,
            status: None,
        },
        retry_from: &[RetrySource {
            location: Location::Header("Retry-After"),
            form: TimeForm::RetryAfter,
            categories: &[],
        }],
        codes: &[
            Code {
                code: "slow_down",
                variant: "SlowDown",
                status: 429,
                provider_type: None,
                rule: rule(Category::RateLimited, RetryRule::AfterDelay, "Too fast."),
                patterns: &[Pattern {
                    contains: "monthly",
                    cause: "The monthly quota is used up.",
                    fix: "Wait for next month.",
                    retry: Some(RetryRule::Never),
                    category: Some(Category::QuotaExceeded),
                }],
                default_delay: None,
                min_delay: None,
            },
            Code {
                code: "gone",
                variant: "Gone",
                status: 404,
                provider_type: None,
                rule: rule(Category::NotFound, RetryRule::Never, "Gone."),
                patterns: &[],
                default_delay: None,
                min_delay: None,
            },
        ],
        fallbacks: &[Fallback {
            min: 500,
            max: 599,
            target: FallbackTarget::Rule(rule(
                Category::Server,
                RetryRule::Backoff,
                "Acme failed.",
            )),
        }],
        unrecognized: rule(Category::Unknown, RetryRule::Never, "Unknown."),
        index: CodeIndex::new(),
    };

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    }

    #[test]
    fn a_known_code_selects_its_index_and_rule() {
        let e = DynError::from_response_at(
            &ACME,
            429,
            [("retry-after", "7")],
            br#"{"code":"slow_down","message":"easy"}"#,
            now(),
        );
        assert_eq!(e.variant_index(), Some(0));
        assert_eq!(e.variant_name(), "SlowDown");
        assert_eq!(e.category(), Category::RateLimited);
        assert_eq!(e.retry_rule(), RetryRule::AfterDelay);
        assert_eq!(e.retry_at(), Some(now() + Duration::from_secs(7)));
        assert_eq!(e.summary(), "Too fast.");
        assert_eq!(e.docs_url(), Some("https://acme.example/errors"));
        assert!(e.pattern().is_none());
        assert_eq!(e.to_string(), "Acme 429 slow_down: easy");
        assert!(format!("{e:?}").starts_with("AcmeError::SlowDown(Details {"));
    }

    #[test]
    fn a_pattern_refines_fix_retry_and_category() {
        let body = br#"{"code":"slow_down","message":"Your MONTHLY quota is gone"}"#;
        let e = DynError::from_response_at(&ACME, 429, (), body, now());
        assert_eq!(
            e.pattern().map(|p| p.cause),
            Some("The monthly quota is used up.")
        );
        assert_eq!(e.fix_hint(), "Wait for next month.");
        assert_eq!(e.category(), Category::QuotaExceeded);
        assert!(!e.is_retryable());
        assert_eq!(e.normalize().variant, "SlowDown");
    }

    #[test]
    fn unknown_codes_fall_back_by_status_and_keep_the_body() {
        let e = DynError::from_response_at(&ACME, 502, (), b"<html>bad gateway</html>", now());
        assert_eq!(e.variant_index(), None);
        assert_eq!(e.variant_name(), "Unrecognized");
        assert_eq!(e.category(), Category::Server);
        assert!(e.is_retryable());
        assert_eq!(e.raw_body(), b"<html>bad gateway</html>");
        assert_eq!(e.summary(), "Acme failed.");

        let other = DynError::from_response_at(&ACME, 418, (), br#"{"code":"teapot"}"#, now());
        assert_eq!(other.category(), Category::Unknown);
        assert_eq!(other.code(), "teapot");
        assert_ne!(e, other);
        assert_eq!(e.clone(), e);
    }
}
