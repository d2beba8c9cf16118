//! Errors of a provider that is known only at run time.

use std::sync::Arc;
use std::time::SystemTime;

use crate::classify::{self, Body};
use crate::spec::{Code, Pattern, Provider, Rule, RuleRef};
use crate::view::View;
use crate::{Bytes, Details, Headers, RetryRule};

/// An error classified against a [`Provider`](crate::spec::Provider) given at run time.
///
/// The derived enums are the way to go when the catalog is known when the program is
/// compiled. A tool that loads a catalog while it runs (such as `errcat`) gets the same
/// [`Provider`] model from `error_catalog_schema::parse` and classifies with `DynError`: the
/// same algorithm, the same answers, but the variant is an index into
/// [`Provider::codes`](crate::spec::Provider::codes) rather than an enum variant. It
/// implements [`NormalizedError`](crate::NormalizedError), `Display`, `Debug` (bounded) and
/// `std::error::Error` exactly like the derived enums, and `miette::Diagnostic` with the
/// `miette` feature.
///
/// The provider is held by [`ProviderRef`]: an `Arc` of one loaded at run time, or the
/// static one of a generated enum (`AttioError::provider_spec()`).
///
/// ```
/// use std::sync::Arc;
/// use error_catalog::{Category, DynError, NormalizedError};
///
/// let catalog = error_catalog_schema::parse(r#"
/// [[provider]]
/// key = "acme"
/// name = "Acme"
///
/// [provider.format]
/// code = "error.code"
/// message = "error.message"
///
/// [[provider.code]]
/// code = "busy"
/// status = 503
/// category = "server"
/// retry = "backoff"
/// summary = "Acme is busy."
/// fix = "Retry later."
/// "#).expect("a valid catalog");
/// let acme = Arc::new(catalog.providers.into_iter().next().expect("one provider"));
///
/// let body = br#"{"error":{"code":"busy","message":"try later"}}"#;
/// let err = DynError::from_response(&acme, 503, (), body);
/// assert_eq!(err.variant_name(), "Busy");
/// assert_eq!(err.category(), Category::Server);
/// assert!(err.is_retryable());
/// assert_eq!(err.to_string(), "Acme 503 busy: try later");
/// ```
#[derive(Clone)]
pub struct DynError {
    provider: ProviderRef,
    variant: Option<u32>,
    details: Details,
}

/// A provider model a [`DynError`] keeps: shared, or static.
#[derive(Debug, Clone)]
pub enum ProviderRef {
    /// A provider loaded at run time.
    Shared(Arc<Provider>),
    /// The provider of a generated enum (`AttioError::provider_spec()`).
    Static(&'static Provider),
}

impl ProviderRef {
    fn get(&self) -> &Provider {
        match self {
            ProviderRef::Shared(p) => p,
            ProviderRef::Static(p) => p,
        }
    }
}

impl From<Arc<Provider>> for ProviderRef {
    fn from(p: Arc<Provider>) -> Self {
        ProviderRef::Shared(p)
    }
}

impl From<&Arc<Provider>> for ProviderRef {
    fn from(p: &Arc<Provider>) -> Self {
        ProviderRef::Shared(Arc::clone(p))
    }
}

impl From<&'static Provider> for ProviderRef {
    fn from(p: &'static Provider) -> Self {
        ProviderRef::Static(p)
    }
}

impl DynError {
    /// Classifies an HTTP error response against `provider`. Total: never panics, never
    /// fails; a response the catalog does not describe is unrecognized, raw bytes kept.
    pub fn from_response(
        provider: impl Into<ProviderRef>,
        status: u16,
        headers: impl Headers,
        body: &[u8],
    ) -> Self {
        Self::classify(provider.into(), status, &headers, Body::Slice(body), None)
    }

    /// [`from_response`](Self::from_response) with the clock given: delays count from `now`.
    pub fn from_response_at(
        provider: impl Into<ProviderRef>,
        status: u16,
        headers: impl Headers,
        body: &[u8],
        now: SystemTime,
    ) -> Self {
        Self::classify(
            provider.into(),
            status,
            &headers,
            Body::Slice(body),
            Some(now),
        )
    }

    /// [`from_response`](Self::from_response) for a body you own as [`Bytes`]: kept without
    /// copying.
    pub fn from_response_bytes(
        provider: impl Into<ProviderRef>,
        status: u16,
        headers: impl Headers,
        body: Bytes,
    ) -> Self {
        Self::classify(provider.into(), status, &headers, Body::Shared(body), None)
    }

    fn classify(
        provider: ProviderRef,
        status: u16,
        headers: &dyn Headers,
        body: Body<'_>,
        now: Option<SystemTime>,
    ) -> Self {
        let (variant, details) = classify::classify(provider.get(), status, headers, body, now);
        DynError {
            provider,
            variant,
            details,
        }
    }

    /// The provider the error was classified against.
    pub fn provider_spec(&self) -> &Provider {
        self.provider.get()
    }

    /// The index of the variant's code in [`Provider::codes`]; `None` for an unrecognized
    /// response.
    pub fn variant_index(&self) -> Option<usize> {
        usize::try_from(self.variant?).ok()
    }

    /// The variant's name, e.g. `"RateLimitExceeded"`, or `"Unrecognized"`.
    pub fn variant_name(&self) -> &str {
        self.__view().variant_name()
    }

    /// The variant's catalog entry; `None` for an unrecognized response.
    pub fn code_spec(&self) -> Option<&Code> {
        self.__view().code_spec()
    }

    /// The message pattern of the variant's code that matched the message, if one did.
    pub fn pattern(&self) -> Option<&Pattern> {
        self.__view().pattern()
    }

    /// The catalog rule in force (the code's, its pattern's, or the fallback's).
    pub fn rule(&self) -> &Rule {
        self.__view().rule()
    }

    /// Whether the response is an error: `false` for a success status (1xx to 3xx) that the
    /// catalog does not mark as an error, and for a status outside 100 to 599 that nothing in
    /// the catalog names (as [`FromResponse::is_error`](crate::FromResponse::is_error)).
    pub fn is_error(&self) -> bool {
        !matches!(self.details.rule_ref(), RuleRef::NotAnError)
    }

    /// The retry rule in force.
    pub fn retry_rule(&self) -> RetryRule {
        self.details.retry_rule()
    }

    /// One line: what happened, from the catalog.
    pub fn summary(&self) -> &str {
        &self.__view().rule().summary
    }

    /// Documentation for this error, or for the provider.
    pub fn docs_url(&self) -> Option<&str> {
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

    fn __view(&self) -> View<'_, '_> {
        View::new(self.provider.get(), self.variant, &self.details)
    }
}

/// Equal when classified against equal providers into the same variant, with equal wire
/// data.
impl PartialEq for DynError {
    fn eq(&self, other: &Self) -> bool {
        let same_provider = match (&self.provider, &other.provider) {
            (ProviderRef::Shared(a), ProviderRef::Shared(b)) if Arc::ptr_eq(a, b) => true,
            (ProviderRef::Static(a), ProviderRef::Static(b)) if std::ptr::eq(*a, *b) => true,
            (a, b) => a.get() == b.get(),
        };
        same_provider && self.variant == other.variant && self.details == other.details
    }
}

impl Eq for DynError {}

crate::__impl_view_traits!(DynError);
