//! The catalog in a [tower](https://docs.rs/tower) stack: hyper, axum and tonic clients
//! behave like reqwest.
//!
//! Needs the `tower` feature (tower 0.5, `http` 1 services).
//!
//! - [`CatalogLayer<E>`] turns an `http` client service into one whose error is
//!   [`CallError<E>`]: an error response (or a success the catalog marks as an error)
//!   becomes `CallError::Api`, classified from its body (read within [`ReadLimits`]: 1 MiB,
//!   10 s by default); a failure of the inner service becomes `CallError::Transport`, with
//!   the request's method, URL and [`Idempotency`](crate::Idempotency) (from the request's
//!   extensions, else its method). A success comes back with its body untouched (or, when
//!   it was read to look for an error, whole again: see [`PeekedBody`]).
//! - [`CatalogPolicy`] is a [`tower::retry::Policy`] for the same errors, driven by a
//!   [`Backoff`]: it agrees with every other integration on what to retry and how long to
//!   wait, and counts the overall deadline from the first attempt.
//!
//! ```ignore
//! use error_catalog::retry::{Backoff, RetryBudget};
//! use error_catalog::tower::{CatalogLayer, CatalogPolicy};
//!
//! let policy = Backoff::default().with_budget(RetryBudget::default());
//! let client = tower::ServiceBuilder::new()
//!     .retry(CatalogPolicy::new(policy))          // outer: retries as the policy decides
//!     .layer(CatalogLayer::<AttioError>::new())   // inner: responses to `CallError<AttioError>`
//!     .service(hyper_client);                     // any `Service<http::Request<B>>`, B: Clone
//! ```

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use http_body::Body;

use crate::http::is_error_status;
use crate::read::{Peeked, PeekedBody, ReadLimits, is_error, peek};
use crate::retry::{Backoff, Decision, RetrySignal, Retrying};
use crate::{BoxError, CallError, FromResponse, NormalizedError, RequestInfo, TransportError};

/// A [`tower::Layer`] that turns error responses into [`CallError<E>`].
pub struct CatalogLayer<E> {
    limits: ReadLimits,
    error: PhantomData<fn() -> E>,
}

impl<E> CatalogLayer<E> {
    /// The layer for the catalog enum `E`, reading error bodies within the default limits.
    pub fn new() -> Self {
        CatalogLayer {
            limits: ReadLimits::default(),
            error: PhantomData,
        }
    }

    /// Reads error bodies within `limits`.
    pub fn read_limits(mut self, limits: ReadLimits) -> Self {
        self.limits = limits;
        self
    }
}

impl<E> Default for CatalogLayer<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Clone for CatalogLayer<E> {
    fn clone(&self) -> Self {
        CatalogLayer {
            limits: self.limits,
            error: PhantomData,
        }
    }
}

impl<E> fmt::Debug for CatalogLayer<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CatalogLayer<{}>", std::any::type_name::<E>())
    }
}

impl<S, E> ::tower::Layer<S> for CatalogLayer<E> {
    type Service = CatalogService<S, E>;

    fn layer(&self, inner: S) -> Self::Service {
        CatalogService {
            inner,
            limits: self.limits,
            error: PhantomData,
        }
    }
}

/// The service of [`CatalogLayer`].
pub struct CatalogService<S, E> {
    inner: S,
    limits: ReadLimits,
    error: PhantomData<fn() -> E>,
}

impl<S: Clone, E> Clone for CatalogService<S, E> {
    fn clone(&self) -> Self {
        CatalogService {
            inner: self.inner.clone(),
            limits: self.limits,
            error: PhantomData,
        }
    }
}

impl<S: fmt::Debug, E> fmt::Debug for CatalogService<S, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CatalogService")
            .field("inner", &self.inner)
            .field("error", &std::any::type_name::<E>())
            .finish()
    }
}

/// The future of [`CatalogService`].
pub type ResponseFuture<B, E> =
    Pin<Box<dyn Future<Output = Result<http::Response<PeekedBody<B>>, CallError<E>>> + Send>>;

impl<S, ReqB, ResB, E> ::tower::Service<http::Request<ReqB>> for CatalogService<S, E>
where
    S: ::tower::Service<http::Request<ReqB>, Response = http::Response<ResB>>,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
    ResB: Body + Send + 'static,
    ResB::Error: Into<BoxError>,
    E: FromResponse + NormalizedError,
{
    type Response = http::Response<PeekedBody<ResB>>;
    type Error = CallError<E>;
    type Future = ResponseFuture<ResB, E>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner
            .poll_ready(cx)
            .map_err(|e| TransportError::from_source(e, RequestInfo::unknown()).into())
    }

    fn call(&mut self, request: http::Request<ReqB>) -> Self::Future {
        let info = RequestInfo::of(&request);
        let response = self.inner.call(request);
        let limits = self.limits;
        Box::pin(async move {
            let response = response
                .await
                .map_err(|e| TransportError::from_source(e, info.clone()))?;
            inspect::<E, ResB>(response, limits)
                .await
                .map_err(|error| CallError::Api {
                    error,
                    request: info,
                })
        })
    }
}

/// An error response to `E`; anything else handed on, its body whole.
async fn inspect<E, B>(
    response: http::Response<B>,
    limits: ReadLimits,
) -> Result<http::Response<PeekedBody<B>>, E>
where
    E: FromResponse + NormalizedError,
    B: Body,
    B::Error: Into<BoxError>,
{
    let status = response.status();
    let error_status = is_error_status(status);
    if !error_status && !E::errors_in_success() {
        return Ok(response.map(PeekedBody::unread));
    }
    let announced = response.body().size_hint().exact();
    let (parts, body) = response.into_parts();
    let Peeked { bytes, read, body } = peek(body, announced, limits).await;
    let error = E::from_response_bytes(status.as_u16(), &parts.headers, bytes);
    if error_status || is_error(&error) {
        return Err(error);
    }
    let mut response = http::Response::from_parts(parts, body);
    response.extensions_mut().insert(read);
    Ok(response)
}

/// A [`tower::retry::Policy`] for services whose error is [`CallError<E>`] (put
/// [`CatalogLayer`] inside it), driven by a [`Backoff`].
///
/// Each request gets its own count of attempts; the policy's [`RetryBudget`] (if any) is
/// shared by all of them. A request is retried only when its body can be cloned
/// (`http::Request<B>` with `B: Clone`, such as `String`, `Bytes` or
/// `http_body_util::Full<Bytes>`).
///
/// [`RetryBudget`]: crate::retry::RetryBudget
#[derive(Debug, Clone)]
pub struct CatalogPolicy {
    retrying: Retrying,
}

impl CatalogPolicy {
    /// The retry policy of `policy`.
    pub fn new(policy: Backoff) -> Self {
        CatalogPolicy {
            retrying: policy.start(),
        }
    }
}

/// When the first attempt of a request went out, kept in the request's extensions.
#[derive(Debug, Clone, Copy)]
struct FirstAttempt(Instant);

impl<B, Res, E> ::tower::retry::Policy<http::Request<B>, Res, CallError<E>> for CatalogPolicy
where
    B: Clone,
    E: NormalizedError,
{
    type Future = tokio::time::Sleep;

    fn retry(
        &mut self,
        request: &mut http::Request<B>,
        result: &mut Result<Res, CallError<E>>,
    ) -> Option<Self::Future> {
        match result {
            Ok(_) => {
                self.retrying.succeeded();
                None
            }
            Err(error) => {
                let elapsed = request
                    .extensions()
                    .get::<FirstAttempt>()
                    .map(|first| first.0.elapsed())
                    .unwrap_or_default();
                let verdict = self
                    .retrying
                    .next_verdict_after(error.retry_signal(), elapsed);
                match verdict.decision {
                    Decision::RetryAfter(wait) => Some(tokio::time::sleep(wait)),
                    Decision::Stop => None,
                }
            }
        }
    }

    fn clone_request(&mut self, request: &http::Request<B>) -> Option<http::Request<B>> {
        let mut clone = http::Request::new(request.body().clone());
        *clone.method_mut() = request.method().clone();
        *clone.uri_mut() = request.uri().clone();
        *clone.version_mut() = request.version();
        *clone.headers_mut() = request.headers().clone();
        *clone.extensions_mut() = request.extensions().clone();
        if clone.extensions().get::<FirstAttempt>().is_none() {
            clone.extensions_mut().insert(FirstAttempt(Instant::now()));
        }
        Some(clone)
    }
}
