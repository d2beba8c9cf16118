//! The catalog and a [`Backoff`] in a [reqwest-retry](https://docs.rs/reqwest-retry)
//! middleware stack.
//!
//! Needs the `reqwest-retry` feature (reqwest-retry 0.9, reqwest-middleware 0.5, reqwest
//! 0.13).
//!
//! reqwest-retry splits a retry in two: a [`RetryableStrategy`] says whether a result is
//! worth retrying, and a [`RetryPolicy`] says how many times and how long to wait. Neither
//! sees the body or the request, and the policy does not see the response at all, so
//! neither can honour a provider's `Retry-After` or tell a `GET` from a `POST`. Here the
//! decision is made once per attempt by [`RetryAfterMiddleware<E>`], placed *after*
//! (inside) the retry middleware, which sees everything, with the same [`Backoff`] every
//! other integration uses; [`CatalogStrategy<E>`] and [`BackoffPolicy`] carry it out:
//!
//! ```ignore
//! use error_catalog::retry::{Backoff, RetryBudget};
//!
//! let policy = Backoff::default().with_budget(RetryBudget::default());
//! let (retry, classify) = error_catalog::reqwest_retry::middleware::<AttioError>(policy);
//! let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
//!     .with(retry)     // outer: repeats the request
//!     .with(classify)  // inner, once per attempt: classifies, decides, waits
//!     .build();
//! let response = client.get(url).send().await?;
//! // An error response comes back classified, with the decision that ended the retries:
//! let last_error = response.extensions().get::<AttioError>();
//! ```
//!
//! # What the middleware changes
//!
//! - An error response (4xx, 5xx; or a success the catalog marks as an error) gains three
//!   extensions: the `E` it was classified as, the [`Verdict`] (decision and reason), and a
//!   [`BodyRead`] that says how much of the body `E` saw and how reading ended (complete,
//!   at the [`MAX_PARSED_BODY`](crate::MAX_PARSED_BODY) limit, at the deadline, broken
//!   off). The body itself is handed on whole and unchanged: the bytes read, then the rest
//!   as it arrives, or the error it broke off with (reading it then fails, as it does with
//!   plain reqwest). Status, headers (`Content-Length` included), URL and other
//!   extensions are unchanged.
//! - Reading the error body is bounded: [`ReadLimits`] (by default 1 MiB and
//!   [10 s](crate::DEFAULT_BODY_DEADLINE)); a body that trickles in cannot hold `send()`.
//! - A request that got no response fails with `reqwest_middleware::Error::Middleware`
//!   holding a [`TransportFailure`] (find it with [`transport_failure`]): the
//!   [`TransportError`] (kind, method,
//!   URL, idempotency; its source is reqwest's error) and the decision. A timeout or reset
//!   of a request that is not idempotent is not retried (see
//!   [`Idempotency`]; mark a request with
//!   `reqwest_middleware::RequestBuilder::with_extension(Idempotency::Idempotent)`).
//! - Success responses pass through untouched (and refill the policy's budget).

use std::fmt;
use std::marker::PhantomData;
use std::time::{Duration, Instant, SystemTime};

use ::reqwest_middleware::{Middleware, Next};
use ::reqwest_retry::{
    RetryDecision, RetryPolicy, RetryTransientMiddleware, Retryable, RetryableStrategy,
    default_on_request_failure,
};

use crate::http::is_error_status;
use crate::read::{BodyRead, ReadLimits};
use crate::reqwest::{inspect, request_info};
use crate::retry::{Backoff, Decision, RetrySignal, Retrying, Verdict};
use crate::{FromResponse, Idempotency, NormalizedError, TransportError};

/// The retry middleware and the classifying middleware for `E` under `policy`, to add in
/// this order to a `reqwest_middleware::ClientBuilder`.
pub fn middleware<E>(
    policy: Backoff,
) -> (
    RetryTransientMiddleware<BackoffPolicy, CatalogStrategy<E>>,
    RetryAfterMiddleware<E>,
)
where
    E: FromResponse + NormalizedError + Clone,
{
    (
        RetryTransientMiddleware::new_with_policy_and_strategy(
            BackoffPolicy::new(policy.clone()),
            CatalogStrategy::with_policy(policy.clone()),
        ),
        RetryAfterMiddleware::with_policy(policy),
    )
}

/// A [`RetryableStrategy`] that carries out the decision [`RetryAfterMiddleware<E>`] made.
///
/// - a success: no retry;
/// - a response or failure with the middleware's [`Verdict`]: retry exactly when it says
///   [`Decision::RetryAfter`];
/// - without the middleware (it was not added): an error response is classified from its
///   status and headers alone (a rule that depends on the body is not seen) and retried
///   when retryable with a wait the policy accepts; a failure without a response follows
///   reqwest-retry's [`default_on_request_failure`] (which cannot tell a `POST`).
pub struct CatalogStrategy<E> {
    policy: Backoff,
    error: PhantomData<fn() -> E>,
}

impl<E> CatalogStrategy<E> {
    /// The strategy for the catalog enum `E`, under the default policy.
    pub fn new() -> Self {
        Self::with_policy(Backoff::default())
    }

    /// The strategy for `E` under `policy`.
    pub fn with_policy(policy: Backoff) -> Self {
        CatalogStrategy {
            policy,
            error: PhantomData,
        }
    }
}

impl<E> Default for CatalogStrategy<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Clone for CatalogStrategy<E> {
    fn clone(&self) -> Self {
        Self::with_policy(self.policy.clone())
    }
}

impl<E> fmt::Debug for CatalogStrategy<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CatalogStrategy<{}>", std::any::type_name::<E>())
    }
}

fn carry_out(decision: Decision) -> Option<Retryable> {
    Some(match decision {
        Decision::RetryAfter(_) => Retryable::Transient,
        Decision::Stop => Retryable::Fatal,
    })
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
            Err(::reqwest_middleware::Error::Middleware(e)) => {
                return match e.downcast_ref::<TransportFailure>() {
                    Some(failure) => carry_out(failure.verdict.decision),
                    None => Some(Retryable::Fatal),
                };
            }
            Err(error) => return default_on_request_failure(error),
        };
        if let Some(verdict) = response.extensions().get::<Verdict>() {
            return carry_out(verdict.decision);
        }
        if !is_error_status(response.status()) {
            return None;
        }
        let error = E::from_response(response.status().as_u16(), response.headers(), b"");
        let signal = error.retry_signal();
        let retry = signal.retryable
            && signal
                .retry_after
                .is_none_or(|w| w <= self.policy.max_wait());
        Some(if retry {
            Retryable::Transient
        } else {
            Retryable::Fatal
        })
    }
}

/// reqwest-retry's [`RetryPolicy`] for a [`Backoff`] whose waits [`RetryAfterMiddleware`]
/// sleeps: it bounds the attempts and the deadline, and retries at once (the middleware
/// sleeps the wait it decided before the next attempt goes out).
///
/// Use it with [`RetryAfterMiddleware`] only ([`middleware`] pairs them); alone, it
/// would retry without waiting.
#[derive(Debug, Clone)]
pub struct BackoffPolicy {
    policy: Backoff,
}

impl BackoffPolicy {
    /// The retry policy of `policy`.
    pub fn new(policy: Backoff) -> Self {
        BackoffPolicy { policy }
    }
}

impl RetryPolicy for BackoffPolicy {
    fn should_retry(&self, request_start_time: SystemTime, n_past_retries: u32) -> RetryDecision {
        let attempts = n_past_retries.saturating_add(1);
        let elapsed = request_start_time.elapsed().unwrap_or_default();
        let past_deadline = self.policy.deadline().is_some_and(|d| elapsed > d);
        if attempts >= self.policy.max_attempts() || past_deadline {
            RetryDecision::DoNotRetry
        } else {
            RetryDecision::Retry {
                execute_after: SystemTime::now(),
            }
        }
    }
}

/// A [`Middleware`] that classifies error responses, decides on each failed attempt with a
/// [`Backoff`], and waits before the next attempt for as long as it decided.
///
/// Put it after [`RetryTransientMiddleware`] in the
/// [`ClientBuilder`](reqwest_middleware::ClientBuilder), so that it runs once per attempt;
/// see the [module](self) for what it changes. With a retry policy other than
/// [`BackoffPolicy`] (reqwest-retry's `ExponentialBackoff`, say), the wait before a retry is
/// the longer of that policy's and this one's.
pub struct RetryAfterMiddleware<E> {
    policy: Backoff,
    limits: ReadLimits,
    error: PhantomData<fn() -> E>,
}

impl<E> RetryAfterMiddleware<E> {
    /// The middleware for the catalog enum `E`, under the default [`Backoff`].
    pub fn new() -> Self {
        Self::with_policy(Backoff::default())
    }

    /// The middleware for `E` under `policy`.
    pub fn with_policy(policy: Backoff) -> Self {
        RetryAfterMiddleware {
            policy,
            limits: ReadLimits::default(),
            error: PhantomData,
        }
    }

    /// Accepts waits of at most `max_wait`: a provider that asks for more stops the retries
    /// (see [`Backoff::with_max_wait`]).
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.policy = self.policy.with_max_wait(max_wait);
        self
    }

    /// Reads error bodies within `limits`.
    pub fn read_limits(mut self, limits: ReadLimits) -> Self {
        self.limits = limits;
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
        RetryAfterMiddleware {
            policy: self.policy.clone(),
            limits: self.limits,
            error: PhantomData,
        }
    }
}

impl<E> fmt::Debug for RetryAfterMiddleware<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryAfterMiddleware")
            .field("error", &std::any::type_name::<E>())
            .field("policy", &self.policy)
            .field("limits", &self.limits)
            .finish()
    }
}

/// A request that got no response, as [`RetryAfterMiddleware`] reports it inside
/// `reqwest_middleware::Error::Middleware`: the transport failure, and the decision.
#[derive(Debug)]
pub struct TransportFailure {
    error: TransportError,
    verdict: Verdict,
}

impl TransportFailure {
    /// What failed, for which request.
    pub fn error(&self) -> &TransportError {
        &self.error
    }

    /// The transport failure, by value.
    pub fn into_error(self) -> TransportError {
        self.error
    }

    /// Whether the middleware retries it, and why.
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }
}

impl fmt::Display for TransportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl std::error::Error for TransportFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.error)
    }
}

/// The [`TransportFailure`] inside an error of the middleware stack, however wrapped
/// (reqwest-retry wraps every error it returns in its `RetryError`).
///
/// ```ignore
/// if let Err(err) = client.get(url).send().await {
///     if let Some(failure) = error_catalog::reqwest_retry::transport_failure(&err) {
///         eprintln!("{} ({})", failure.error(), failure.verdict().reason);
///     }
/// }
/// ```
pub fn transport_failure(error: &::reqwest_middleware::Error) -> Option<&TransportFailure> {
    let ::reqwest_middleware::Error::Middleware(inner) = error else {
        return None;
    };
    if let Some(failure) = inner.downcast_ref::<TransportFailure>() {
        return Some(failure);
    }
    match inner.downcast_ref::<::reqwest_retry::RetryError>()? {
        ::reqwest_retry::RetryError::WithRetries { err, .. }
        | ::reqwest_retry::RetryError::Error(err) => transport_failure(err),
    }
}

/// One request's retries, across its attempts. Private: no other middleware can forge it.
#[derive(Debug, Clone)]
struct Attempts {
    retrying: Retrying,
    not_before: Option<Instant>,
}

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
        let mut attempts = extensions.remove::<Attempts>().unwrap_or_else(|| Attempts {
            retrying: self.policy.start(),
            not_before: None,
        });
        if let Some(at) = attempts.not_before.take() {
            tokio::time::sleep_until(at.into()).await;
        }
        let idempotency = extensions.get::<Idempotency>().copied().unwrap_or_default();
        let info = request_info(&request, idempotency);
        let result = next.run(request, extensions).await;
        let response = match result {
            Ok(response) => response,
            Err(::reqwest_middleware::Error::Reqwest(e)) => {
                let error = TransportError::from_source(e, info);
                let verdict = attempts.retrying.next_verdict(error.retry_signal());
                remember(extensions, attempts, verdict);
                return Err(::reqwest_middleware::Error::middleware(TransportFailure {
                    error,
                    verdict,
                }));
            }
            Err(other) => return Err(other),
        };
        let (mut response, failure) = inspect::<E>(response, self.limits).await;
        let Some((error, read)) = failure else {
            attempts.retrying.succeeded();
            return Ok(response);
        };
        let verdict = attempts
            .retrying
            .next_verdict(crate::retry::api_signal(&error, &info));
        remember(extensions, attempts, verdict);
        let marks = response.extensions_mut();
        marks.insert::<BodyRead>(read);
        marks.insert(verdict);
        marks.insert(error);
        Ok(response)
    }
}

/// Keeps the retry state for the next attempt, with the time it may start.
fn remember(extensions: &mut ::http::Extensions, mut attempts: Attempts, verdict: Verdict) {
    if let Decision::RetryAfter(wait) = verdict.decision {
        let now = Instant::now();
        attempts.not_before = now
            .checked_add(wait)
            .or_else(|| now.checked_add(crate::MAX_RETRY_DELAY));
    }
    extensions.insert(attempts);
}
