//! The catalog in a [reqwest-retry](https://docs.rs/reqwest-retry) middleware stack.
//!
//! Needs the `reqwest-retry` feature (reqwest-retry 0.9, reqwest-middleware 0.5, reqwest
//! 0.13).
//!
//! reqwest-retry splits a retry in two: a [`RetryableStrategy`] says whether a result is
//! worth retrying, and a [`RetryPolicy`](reqwest_retry::RetryPolicy) says how many times
//! and how long to back off. Neither sees the body, and the policy does not see the
//! response at all, so neither can honour a provider's `Retry-After`. This module adds the
//! two missing pieces:
//!
//! - [`CatalogStrategy<E>`]: retries exactly the responses the catalog calls retryable (a
//!   rate limit, a server error; not a conflict or a bad key), and network failures as
//!   reqwest-retry's default does;
//! - [`RetryAfterMiddleware<E>`]: placed *after* (inside) the retry middleware, it
//!   classifies each error response with its body, attaches the `E` to the response's
//!   extensions for the strategy (and for you), and before the next attempt of the same
//!   request waits until the provider's retry time.
//!
//! ```ignore
//! use error_catalog::reqwest_retry::{CatalogStrategy, RetryAfterMiddleware};
//! use reqwest_retry::{RetryTransientMiddleware, policies::ExponentialBackoff};
//!
//! let policy = ExponentialBackoff::builder().build_with_max_retries(3);
//! let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
//!     .with(RetryTransientMiddleware::new_with_policy_and_strategy(
//!         policy,
//!         CatalogStrategy::<AttioError>::new(),
//!     ))
//!     .with(RetryAfterMiddleware::<AttioError>::new())
//!     .build();
//! let response = client.get(url).send().await?;
//! // The last error response, if any, is classified already:
//! let last_error = response.extensions().get::<AttioError>();
//! ```
//!
//! The wait is the longer of the policy's backoff and the provider's time: the retry
//! middleware sleeps its backoff first, then [`RetryAfterMiddleware`] sleeps whatever is left
//! until the provider's time.

use std::fmt;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime};

use ::reqwest_middleware::{Middleware, Next};
use ::reqwest_retry::{Retryable, RetryableStrategy, default_on_request_failure};

use crate::http::is_error_status;
use crate::reqwest::read_bounded;
use crate::{FromResponse, MAX_PARSED_BODY, MAX_RETRY_DELAY, NormalizedError};

/// A [`RetryableStrategy`] that asks the catalog which responses to retry.
///
/// - a status below 400: no retry;
/// - an error status: [`Retryable::Transient`] when `E` says
///   [`is_retryable`](NormalizedError::is_retryable), else [`Retryable::Fatal`]. The `E`
///   attached by [`RetryAfterMiddleware<E>`] is used when there is one (it has read the
///   body); without that middleware, `E` is built from the status and headers alone, so a
///   retry rule that depends on the body's code or message is not seen;
/// - a request that failed before any response: reqwest-retry's
///   [`default_on_request_failure`] (timeouts and connection errors are transient).
pub struct CatalogStrategy<E> {
    error: PhantomData<fn() -> E>,
}

impl<E> CatalogStrategy<E> {
    /// The strategy for the catalog enum `E`.
    pub const fn new() -> Self {
        CatalogStrategy { error: PhantomData }
    }
}

impl<E> Default for CatalogStrategy<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Clone for CatalogStrategy<E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E> Copy for CatalogStrategy<E> {}

impl<E> fmt::Debug for CatalogStrategy<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CatalogStrategy<{}>", std::any::type_name::<E>())
    }
}

impl<E> RetryableStrategy for CatalogStrategy<E>
where
    E: FromResponse + NormalizedError + Clone,
{
    fn handle(
        &self,
        result: &Result<::reqwest::Response, ::reqwest_middleware::Error>,
    ) -> Option<Retryable> {
        let response = match result {
            Ok(response) => response,
            Err(error) => return default_on_request_failure(error),
        };
        if !is_error_status(response.status()) {
            return None;
        }
        let retryable = match response.extensions().get::<E>() {
            Some(error) => error.is_retryable(),
            None => {
                E::from_response(response.status().as_u16(), response.headers(), b"").is_retryable()
            }
        };
        Some(if retryable {
            Retryable::Transient
        } else {
            Retryable::Fatal
        })
    }
}

/// A [`Middleware`] that classifies error responses and honours the provider's retry time.
///
/// Put it after [`RetryTransientMiddleware`](reqwest_retry::RetryTransientMiddleware) in
/// the [`ClientBuilder`](reqwest_middleware::ClientBuilder), so that it runs once per
/// attempt. For each response with an error status it:
///
/// 1. reads the body, up to [`MAX_PARSED_BODY`] bytes, and builds an `E` from it (a body
///    that announces a larger `Content-Length` is left unread and `E` is built from the
///    status and headers alone);
/// 2. hands the response on with the bytes it read as its body, the status, headers, URL
///    and extensions unchanged, and the `E` added to its extensions: read it with
///    `response.extensions().get::<E>()`. A chunked error body longer than
///    `MAX_PARSED_BODY` is cut there; one that failed halfway keeps what arrived;
/// 3. when `E` is retryable and has a retry time, records it in the request's extensions,
///    which the retry middleware passes to the next attempt: that attempt first sleeps
///    until then (at most [`max_wait`](RetryAfterMiddleware::max_wait)).
///
/// Success responses pass through untouched. With no retry middleware before it, nothing
/// waits: the classified response is simply returned.
pub struct RetryAfterMiddleware<E> {
    max_wait: Duration,
    error: PhantomData<fn() -> E>,
}

impl<E> RetryAfterMiddleware<E> {
    /// The middleware for the catalog enum `E`; it waits as long as the provider asks, up
    /// to [`MAX_RETRY_DELAY`].
    pub const fn new() -> Self {
        RetryAfterMiddleware {
            max_wait: MAX_RETRY_DELAY,
            error: PhantomData,
        }
    }

    /// Waits at most `max_wait` before a retry, whatever the provider asks.
    pub const fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }
}

impl<E> Default for RetryAfterMiddleware<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Clone for RetryAfterMiddleware<E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E> Copy for RetryAfterMiddleware<E> {}

impl<E> fmt::Debug for RetryAfterMiddleware<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryAfterMiddleware")
            .field("error", &std::any::type_name::<E>())
            .field("max_wait", &self.max_wait)
            .finish()
    }
}

/// The retry time the previous attempt of a request was given. Private: no other
/// middleware can read or forge it.
#[derive(Debug, Clone, Copy)]
struct NotBefore(SystemTime);

#[async_trait::async_trait]
impl<E> Middleware for RetryAfterMiddleware<E>
where
    E: FromResponse + NormalizedError + Clone,
{
    async fn handle(
        &self,
        request: ::reqwest::Request,
        extensions: &mut ::http::Extensions,
        next: Next<'_>,
    ) -> ::reqwest_middleware::Result<::reqwest::Response> {
        if let Some(NotBefore(at)) = extensions.remove::<NotBefore>() {
            let wait = at
                .duration_since(SystemTime::now())
                .unwrap_or_default()
                .min(self.max_wait);
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
        }
        let mut response = next.run(request, extensions).await?;
        if !is_error_status(response.status()) {
            return Ok(response);
        }
        let status = response.status().as_u16();
        let too_long = response
            .content_length()
            .is_some_and(|n| n > MAX_PARSED_BODY as u64);
        let error = if too_long {
            E::from_response(status, response.headers(), b"")
        } else {
            let body = read_bounded(&mut response, MAX_PARSED_BODY).await;
            let error = E::from_response(status, response.headers(), &body);
            response = with_body(response, body);
            error
        };
        if error.is_retryable() {
            if let Some(at) = error.retry_at() {
                extensions.insert(NotBefore(at));
            }
        }
        response.extensions_mut().insert(error);
        Ok(response)
    }
}

/// The same response (status, version, headers, extensions, URL) with `body` as its body.
fn with_body(response: ::reqwest::Response, body: Vec<u8>) -> ::reqwest::Response {
    use ::reqwest::ResponseBuilderExt;

    let url = response.url().clone();
    let (mut parts, _consumed) = ::http::Response::<::reqwest::Body>::from(response).into_parts();
    // reqwest keeps the URL in an extension of its own, reachable only through its builder.
    if let Ok(carrier) = ::http::Response::builder().url(url).body(()) {
        parts.extensions.extend(carrier.into_parts().0.extensions);
    }
    ::reqwest::Response::from(::http::Response::from_parts(parts, body))
}
