//! Typed, exhaustive Rust enums for the error responses of HTTP APIs, generated at compile
//! time from a `catalog.toml`.
//!
//! A service that calls several APIs gets their errors in different shapes. Describe each
//! API once in a catalog: its codes, statuses, categories, retry rules and fix hints, and
//! where its error bodies keep them. `#[derive(ApiError)]` turns the catalog into one enum
//! per API, with a variant per code and the shared [`NormalizedError`] trait.
//!
//! ```ignore
//! use error_catalog::{ApiError, NormalizedError};
//!
//! #[derive(ApiError)]
//! #[api_error(catalog = "catalog.toml")] // relative to your crate's CARGO_MANIFEST_DIR
//! pub struct Catalog;
//!
//! // Emitted beside `Catalog`: `pub enum AttioError { InvalidRequest(Details), …, Unrecognized(Details) }`
//! let err = AttioError::from_response(429, &[("Retry-After", "2")], body);
//! match &err {
//!     AttioError::RateLimitExceeded(_) => sleep(err.retry_after().unwrap_or_default()),
//!     AttioError::InvalidApiKey(_) => return Err(reauthenticate()),
//!     other => eprintln!("{other}: {}", other.fix_hint()),
//! }
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
//! - `from_response(status, headers, body)` and `from_response_at(…, now)`, which never
//!   panic and never fail;
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
//! 1. The body is read as JSON, once, looking only at the fields the provider's `format`
//!    names. A body larger than [`MAX_PARSED_BODY`], or one that is not a complete JSON
//!    document, is kept but not read.
//! 2. The code selects its variant; the first message pattern of that code whose text
//!    appears in the message (ASCII case-insensitively) refines the fix hint, and may
//!    override the retry rule and category.
//! 3. Without a known code, the narrowest status fallback of the catalog decides: a code's
//!    variant, or `Unrecognized` with the fallback's category and retry rule. A success or
//!    redirect (100 to 399) is always `Unrecognized` and reported as not an error, whatever
//!    its body says (the code it carried is kept).
//! 4. The retry time comes from the first of the provider's `retry_from` sources that yields
//!    one (so catalog order is the precedence between, say, a body field and a header).
//!    `retry_at()` keeps a date in the past as it was sent, and `retry_after()` is then
//!    zero; times further ahead than [`MAX_RETRY_DELAY`] are capped to it.
//!
//! The catalog schema is documented in the repository's `docs/catalog-schema.md`.
//!
//! # Integrations
//!
//! - [`FromResponse`]: the trait behind `from_response`, for code generic over catalogs.
//! - [`http`]: `error_for_status_as` and `from_response` for an `http::Response` whose
//!   body is in memory. Always on (the `http` feature is a no-op kept for compatibility).
//! - `reqwest` (feature `reqwest`): `ResponseExt::error_for_status_as`, from a
//!   `reqwest::Response` to `Result<Response, E>` with a bounded body read.
//! - [`retry`]: from an error and an attempt number to "stop" or "wait this long"; and
//!   `prefer_provider_delay` for backon's `.adjust`.
//! - `reqwest_retry` (feature `reqwest-retry`): a reqwest-retry `RetryableStrategy` that
//!   asks the catalog, and a middleware that waits until the provider's retry time.
//! - [`ProblemDetails`]: any error as RFC 9457 problem details (`application/problem+json`),
//!   to hand an upstream error on from an API of your own.
//! - `miette` (feature `miette`): every generated enum, and [`DynError`], implements
//!   `miette::Diagnostic`: code `provider::code` (`acme::not_found`, or
//!   `acme::unrecognized` for `Unrecognized`), help = the fix hint, url = the docs URL.
//!   `Diagnostic` and [`NormalizedError`] both have a `code` method: with both traits in
//!   scope, call `Diagnostic::code(&e)` or `NormalizedError::code(&e)`.
//! - [`DynError`] and [`spec`]: classify against a catalog read at run time, as the `errcat`
//!   command-line tool does.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(unreachable_pub)]

mod body;
mod classify;
mod details;
mod diagnostic;
mod dynamic;
mod headers;
mod macros;
mod normalized;
mod problem;
mod repr;
mod retry_time;
mod view;

pub mod http;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub mod reqwest;
#[cfg(feature = "reqwest-retry")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest-retry")))]
pub mod reqwest_retry;
pub mod retry;

/// The catalog model the generated enums and [`DynError`] interpret: one [`Provider`] per
/// catalog provider (`AttioError::provider_spec()`), as `error_catalog_schema` builds it.
///
/// [`Provider`]: spec::Provider
pub mod spec {
    pub use error_catalog_schema::model::*;
}

pub use body::MAX_PARSED_BODY;
pub use bytes::Bytes;
pub use details::{Details, WaitOrigin};
pub use dynamic::{DynError, ProviderRef};
pub use error_catalog_derive::ApiError;
pub use error_catalog_schema::model::{Category, RetryRule};
pub use headers::Headers;
pub use normalized::{FromResponse, Normalized, NormalizedError};
pub use problem::{ABOUT_BLANK, ProblemDetails, TYPE_PREFIX};
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

    /// Classifies a response into the generated enum `E`, copying the body.
    pub fn from_slice<E: ErrorEnum>(
        status: u16,
        headers: &dyn Headers,
        body: &[u8],
        now: std::time::SystemTime,
    ) -> E {
        let (variant, details) = classify(E::provider(), status, headers, Body::Slice(body), now);
        make(variant, details)
    }

    /// Classifies a response into the generated enum `E`, keeping the body.
    pub fn from_bytes<E: ErrorEnum>(
        status: u16,
        headers: &dyn Headers,
        body: Bytes,
        now: std::time::SystemTime,
    ) -> E {
        let (variant, details) = classify(E::provider(), status, headers, Body::Shared(body), now);
        make(variant, details)
    }

    /// What the generated `miette::Diagnostic` impls report.
    pub mod diagnostic {
        pub use crate::diagnostic::{DiagnosticCode, code, help, url};
    }
}
