//! Typed, exhaustive Rust enums for the error responses of HTTP APIs, generated at compile
//! time from a `catalog.toml`.
//!
//! A service that calls several APIs gets their errors in different shapes. Describe each
//! API once in a catalog: its codes, statuses, categories, retry rules and fix hints, and
//! where its error bodies keep them. `#[derive(ApiError)]` turns the catalog into one enum
//! per API, with a variant per code and the shared [`NormalizedError`] trait.
//!
//! ```
//! use error_catalog::{ApiError, NormalizedError};
//!
//! // A catalog shipped with the crate, here; your own with `catalog = "catalog.toml"`
//! // (relative to your crate's CARGO_MANIFEST_DIR), or both.
//! #[derive(ApiError)]
//! #[api_error(shipped = ["openai"])]
//! pub struct Catalog;
//!
//! // Emitted beside `Catalog`: `pub enum OpenAiError { InvalidApiKey(Details), …, Unrecognized(Details) }`
//! let body = br#"{"error":{"code":"rate_limit_exceeded","message":"Please try again in 1.5s."}}"#;
//! let err = OpenAiError::from_response(429, [("x-request-id", "req_1")], body);
//! match &err {
//!     OpenAiError::RateLimitExceeded(_) => {
//!         assert!(err.is_retryable());
//!         assert!(err.retry_after().is_some_and(|w| w.as_millis() <= 1500));
//!     }
//!     OpenAiError::InsufficientQuota(_) => unreachable!("a monthly quota: not retryable"),
//!     other => eprintln!("{other}: {}", other.fix_hint()),
//! }
//! assert_eq!(err.request_id(), Some("req_1"));
//! ```
//!
//! # What the derive generates
//!
//! For each `[[provider]]` of the catalog, a `pub enum` beside the type the derive is on:
//!
//! - one variant per catalog code, named in UpperCamelCase (`rate_limit_exceeded` →
//!   `RateLimitExceeded`, `RATE_LIMITED` → `RateLimited`), each holding the [`Details`] that
//!   arrived, and documented with its status, code, type, category, retry rule, fix hint
//!   and message patterns;
//! - `Unrecognized(Details)` for everything else: an unknown code, a body that is not JSON
//!   (an HTML 502 from a proxy), no body at all. Nothing is lost: the raw bytes are kept;
//! - `from_response(status, headers, body)`, `from_response_at(…, now)` and
//!   `from_response_bytes(status, headers, bytes)` (keeps a body you own as [`Bytes`]
//!   without copying it), which never panic and never fail;
//! - `Debug` (bounded), `Clone`, `PartialEq`, `Eq`, `Display`, `std::error::Error`,
//!   [`NormalizedError`], [`FromResponse`], and `From<…> for` [`Normalized`].
//!
//! Editing the catalog and running `cargo build` regenerates the enums; a bad catalog is a
//! compile error that points at the line and column in `catalog.toml`.
//!
//! An exhaustive `match` is the point of the enums, and it means a new code in the catalog
//! is a breaking change for code that matches without a wildcard. A provider whose catalog
//! grows often can set `non_exhaustive = true`.
//!
//! # From a response to a variant
//!
//! Everything the catalog fixes is computed once, when it is loaded (at compile time for the
//! derive): the code table (a perfect hash), the body layout, the merged rule of every
//! message pattern, the fallbacks in order. A classification then reads the body once and
//! makes one allocation (the buffer that keeps the body; none when the body arrives as
//! [`Bytes`] and no text needs decoding), and every accessor is a field read.
//!
//! 1. The body is read as JSON, once, looking only at the paths the provider's sources
//!    name. A body larger than [`MAX_PARSED_BODY`], or one that is not one complete JSON
//!    object in UTF-8 (a byte order mark before it is skipped), is kept but not read; a
//!    provider with `format.unwrap_array` also reads an array, as its first element that is
//!    an object with the key it names.
//! 2. A 4xx or 5xx is an error; a 1xx to 3xx is not, unless the catalog says what marks an
//!    error in a success response (Slack's `"ok": false`, GraphQL's `errors`).
//! 3. The code selects its variant (the first code source whose value the catalog knows);
//!    the first message pattern of that code that holds refines the fix hint, and may
//!    override the retry rule and category. A status fallback marked `any_code` that covers
//!    the status and holds gives its rule instead (Attio: any 5xx is a server error).
//! 4. Without a known code, the first status fallback that holds decides (narrowest range
//!    first, then those with conditions): a code's variant, or `Unrecognized` with the
//!    fallback's category and retry rule.
//! 5. A `should_retry` signal of the provider may override the retry rule. The retry time
//!    comes from the first of the provider's `retry_from` sources that yields one, else the
//!    rule's `default_delay`; a time sooner than the rule's `min_delay` is raised to it. An
//!    error that is not retried (its rule, or `should_retry`, says never) gets neither of the
//!    catalog's waits, only a time the provider sent.
//!    Without a least wait, `retry_at()` keeps a date in the past as it was sent and
//!    `retry_after()` is zero; with one, the wait is at least that long from the response.
//!    Times further ahead than [`MAX_RETRY_DELAY`] are capped to it;
//!    [`Details::wait_origin`] says where the wait came from.
//!
//! The catalog schema is documented in [`error_catalog_schema::reference`] (the
//! repository's `docs/catalog-schema.md`); the twelve catalogs shipped with the crate
//! (`shipped = ["stripe", …]`) are listed in `error_catalog_schema::SHIPPED`.
//!
//! # Integrations
//!
//! Each is an opt-in feature, so that the default build pays for none of their
//! dependencies.
//!
//! - [`FromResponse`]: the trait behind `from_response`, for code generic over catalogs.
//! - [`CallError`]: one error type for a call to an API: the provider's error, or a
//!   [`TransportError`] (a timeout, a refused or reset connection, a body that broke off),
//!   with the request's method, URL and [`Idempotency`]. Always on.
//! - [`retry`]: the one retry policy every integration asks, [`retry::Backoff`]: attempts,
//!   backoff, the longest wait, an overall deadline and a shared [`retry::RetryBudget`];
//!   a provider's wait longer than the policy allows stops, never sleeps. Always on.
//! - [`http`]: `error_for_status_as` and `from_response` for an `http::Response` whose
//!   body is in memory. Always on (the `http` feature is a no-op kept for compatibility).
//! - `reqwest` (feature `reqwest`): `RequestBuilderExt::send_as`, to
//!   `Result<Response, CallError<E>>`, and `ResponseExt::error_for_status_as`; error bodies
//!   read within a size and a time limit (`ReadLimits`). Feature `reqwest-blocking` adds
//!   the blocking client.
//! - `reqwest_retry` (feature `reqwest-retry`): reqwest-retry's middleware driven by a
//!   `Backoff`, and a middleware that classifies each attempt's response and says what it
//!   read of the body.
//! - `tower` (feature `tower`): a layer from error responses to `CallError<E>` and a
//!   `tower::retry::Policy`, for hyper, axum and tonic clients.
//! - `tracing` (feature `tracing`): an error as structured fields (OpenTelemetry's
//!   `error.type`), one event per retry.
//! - [`ProblemDetails`]: any error as RFC 9457 problem details (`application/problem+json`),
//!   and [`ProblemDetails::gateway`], the view of an upstream error that your own callers
//!   may see. Feature `axum`: both as axum responses (`Gateway`).
//! - `miette` (feature `miette`): every generated enum, and [`DynError`], implements
//!   `miette::Diagnostic`: code `provider::code` (`acme::not_found`, or
//!   `acme::unrecognized` for `Unrecognized`), help = the fix hint, url = the docs URL.
//!   `Diagnostic` and [`NormalizedError`] both have a `code` method: with both traits in
//!   scope, call `Diagnostic::code(&e)` or `NormalizedError::code(&e)`.
//! - [`DynError`] and [`spec`]: classify against a catalog read at run time, as the `errcat`
//!   command-line tool does.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]
#![deny(unreachable_pub)]

mod body;
mod call;
mod classify;
mod details;
mod diagnostic;
mod dynamic;
#[cfg(test)]
mod fake;
mod headers;
mod macros;
mod normalized;
mod problem;
#[cfg(any(feature = "reqwest", feature = "tower"))]
mod read;
mod repr;
mod retry_time;
mod view;

#[cfg(feature = "axum")]
mod axum;
pub mod http;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub mod reqwest;
#[cfg(feature = "reqwest-retry")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest-retry")))]
pub mod reqwest_retry;
pub mod retry;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod tower;
#[cfg(feature = "tracing")]
#[cfg_attr(docsrs, doc(cfg(feature = "tracing")))]
pub mod tracing;

/// The catalog model the generated enums and [`DynError`] interpret: one [`Provider`] per
/// catalog provider (`AttioError::provider_spec()`), as `error_catalog_schema` builds it.
///
/// [`Provider`]: spec::Provider
pub mod spec {
    pub use error_catalog_schema::model::*;
}

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use axum::Gateway;
pub use body::MAX_PARSED_BODY;
pub use bytes::Bytes;
pub use call::{BoxError, CallError, Idempotency, RequestInfo, TransportError, TransportKind};
pub use details::{Details, WaitOrigin};
pub use dynamic::{DynError, ProviderRef};
pub use error_catalog_derive::ApiError;
pub use error_catalog_schema::model::{Category, RetryRule};
pub use headers::Headers;
pub use normalized::{FromResponse, Normalized, NormalizedError};
pub use problem::{ABOUT_BLANK, GATEWAY_TYPE_PREFIX, ProblemDetails, TYPE_PREFIX};
#[cfg(any(feature = "reqwest", feature = "tower"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "reqwest", feature = "tower"))))]
pub use read::{BodyEnd, BodyRead, DEFAULT_BODY_DEADLINE, PeekedBody, ReadLimits};
pub use retry_time::MAX_RETRY_DELAY;

/// Not public API: what the generated code calls.
#[doc(hidden)]
pub mod __private {
    pub use crate::__impl_api_error as impl_api_error;
    pub use crate::repr::{ErrorEnum, details, into_details, make, variant};
    pub use crate::view::View;
    #[cfg(feature = "miette")]
    pub use ::miette;

    use crate::classify::{Body, classify};
    use crate::{Bytes, Headers};

    /// Classifies a response into the generated enum `E`, copying the body. `now`: when it
    /// arrived; `None` reads the system clock, and only if a wait needs it.
    pub fn from_slice<E: ErrorEnum>(
        status: u16,
        headers: &dyn Headers,
        body: &[u8],
        now: Option<std::time::SystemTime>,
    ) -> E {
        let (variant, details) = classify(E::provider(), status, headers, Body::Slice(body), now);
        make(variant, details)
    }

    /// Classifies a response into the generated enum `E`, keeping the body (`now` as in
    /// [`from_slice`]).
    pub fn from_bytes<E: ErrorEnum>(
        status: u16,
        headers: &dyn Headers,
        body: Bytes,
        now: Option<std::time::SystemTime>,
    ) -> E {
        let (variant, details) = classify(E::provider(), status, headers, Body::Shared(body), now);
        make(variant, details)
    }

    /// What the generated `miette::Diagnostic` impls report.
    pub mod diagnostic {
        pub use crate::diagnostic::{DiagnosticCode, code, help, url};
    }
}
