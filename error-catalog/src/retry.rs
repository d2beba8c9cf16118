//! Retry decisions: from a failed attempt to "stop" or "wait this long", the same in every
//! integration.
//!
//! The catalog says whether an error is worth retrying ([`NormalizedError::is_retryable`])
//! and, where the provider says, when ([`NormalizedError::retry_after`]). A [`Backoff`]
//! policy adds what only the caller knows: how many attempts to make, how long to back off
//! when the provider gives no time, the longest wait it accepts, an overall deadline, and
//! optionally a [`RetryBudget`] shared by every request to a provider.
//!
//! [`Backoff::decide`] answers, in this order:
//!
//! 1. [`Decision::Stop`] when the error is not retryable (a conflict, a bad key, a monthly
//!    quota; a transport failure of a request that is not idempotent), or when `attempt`
//!    requests have been made and the policy allows no more;
//! 2. the error's retry time when it has one (a `Retry-After` header, a body field, a reset
//!    time); **when that is longer than [`max_wait`](Backoff::with_max_wait), `Stop`**: the
//!    caller gets the error back and reads its `retry_after()`. The policy never retries
//!    before the provider's time and never sleeps longer than it allows. A time capped at
//!    [`MAX_RETRY_DELAY`](crate::MAX_RETRY_DELAY) (a day) thus stops any policy that waits
//!    less than a day;
//! 3. else an exponential backoff with full jitter: a uniformly random wait between zero and
//!    `base × 2^(attempt − 1)`, capped at `max_backoff`;
//! 4. `Stop` when the wait would end past the overall [deadline](Backoff::with_deadline)
//!    (counted from the first request, when the caller tells the elapsed time), or when the
//!    [`RetryBudget`] is spent; else [`Decision::RetryAfter`] the wait.
//!
//! | response (default policy) | decision |
//! |---|---|
//! | 429, `Retry-After: 2` | wait 2 s |
//! | 503, no retry time | backoff: up to 500 ms, then 1 s, 2 s, 4 s |
//! | 429, `Retry-After: 3600` | stop (longer than the 60 s `max_wait`) |
//! | 409 conflict, 401 bad key | stop |
//! | connection refused | backoff |
//! | timeout or reset of a `POST` | stop (not idempotent, see [`Idempotency`](crate::Idempotency)) |
//!
//! Every integration asks the same policy: [`Retrying`] for a hand-written loop,
//! [`Backoff::backon`] for backon's `.adjust`, `reqwest_retry` (feature `reqwest-retry`)
//! and `tower` (feature `tower`).
//!
//! ```
//! use std::time::Duration;
//! use error_catalog::retry::{Backoff, Decision};
//! # use error_catalog::NormalizedError;
//!
//! # fn send() -> Result<String, Box<dyn NormalizedError>> { Ok(String::new()) }
//! let policy = Backoff::default();
//! let mut retrying = policy.start(); // counts attempts and the time since the first
//! let body = loop {
//!     match send() {
//!         Ok(body) => {
//!             retrying.succeeded(); // refills the retry budget, if the policy has one
//!             break Ok(body);
//!         }
//!         Err(err) => match retrying.next(&*err) {
//!             Decision::RetryAfter(wait) => std::thread::sleep(wait),
//!             Decision::Stop => break Err(err), // err.retry_after() says when, if ever
//!         },
//!     }
//! };
//! # assert!(body.is_ok());
//! ```
//!
//! For [backon](https://docs.rs/backon), let the policy decide each retry:
//!
//! ```ignore
//! use backon::{ExponentialBuilder, Retryable};
//! use error_catalog::retry::Backoff;
//!
//! let policy = Backoff::default();
//! let body = fetch
//!     .retry(ExponentialBuilder::default().without_max_times()) // the policy counts
//!     .adjust(policy.backon())  // stop, or the policy's wait
//!     .await?;
//! ```

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::call::{CallError, TransportError};
use crate::{NormalizedError, WaitOrigin};

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[must_use]
pub enum Decision {
    /// Give up: hand the error back.
    Stop,
    /// Send the same request again after this long.
    RetryAfter(Duration),
}

impl Decision {
    /// The wait before the next attempt; `None` for [`Decision::Stop`].
    pub fn delay(self) -> Option<Duration> {
        match self {
            Decision::Stop => None,
            Decision::RetryAfter(wait) => Some(wait),
        }
    }
}

/// Why a [`Decision`] came out as it did: for logs, and for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// Retry after the error's own time; where it came from, when the error says.
    ErrorTime(Option<WaitOrigin>),
    /// Retry after the policy's backoff: the error gave no time.
    Backoff,
    /// Stop: retrying the same request cannot succeed, or could do harm.
    NotRetryable,
    /// Stop: `attempt` requests were made, the most the policy allows.
    AttemptsUsedUp,
    /// Stop: the error asks for a wait longer than the policy's `max_wait`.
    WaitTooLong {
        /// The wait the error asked for.
        asked: Duration,
    },
    /// Stop: the wait would end past the overall deadline.
    Deadline,
    /// Stop: the shared [`RetryBudget`] has no tokens left.
    BudgetSpent,
}

impl Reason {
    /// Where the wait came from, for a retry: `provider`, `catalog_default`,
    /// `catalog_minimum`, `error` (the error's time, origin not told) or `backoff`; for a
    /// stop, why: `not_retryable`, `attempts_used_up`, `wait_too_long`, `deadline`,
    /// `budget_spent`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::ErrorTime(Some(WaitOrigin::Provider { .. })) => "provider",
            Reason::ErrorTime(Some(WaitOrigin::CatalogDefault)) => "catalog_default",
            Reason::ErrorTime(Some(WaitOrigin::CatalogMinimum)) => "catalog_minimum",
            Reason::ErrorTime(_) => "error",
            Reason::Backoff => "backoff",
            Reason::NotRetryable => "not_retryable",
            Reason::AttemptsUsedUp => "attempts_used_up",
            Reason::WaitTooLong { .. } => "wait_too_long",
            Reason::Deadline => "deadline",
            Reason::BudgetSpent => "budget_spent",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A [`Decision`] and its [`Reason`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Verdict {
    /// What to do.
    pub decision: Decision,
    /// Why.
    pub reason: Reason,
}

/// What a retry decision reads from a failed attempt.
///
/// Implemented for every [`NormalizedError`] (the generated enums, `DynError`,
/// `dyn NormalizedError`), for [`CallError`] and for [`TransportError`]; implement it for an
/// error type of your own to use it with [`Backoff`].
pub trait RetrySignal {
    /// Whether to retry, and when.
    fn retry_signal(&self) -> Signal;
}

/// Whether a failed attempt can be retried, and when: what [`RetrySignal`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Signal {
    /// Whether sending the same request again can succeed, and does no harm.
    pub retryable: bool,
    /// How long to wait from now, when the error says.
    pub retry_after: Option<Duration>,
    /// Where `retry_after` came from, when the error says.
    pub origin: Option<WaitOrigin>,
    /// No response arrived: a retry costs [`RetryBudget`] more.
    pub transport: bool,
}

impl Signal {
    /// A provider's answer: retryable or not, with its wait.
    pub fn new(retryable: bool, retry_after: Option<Duration>) -> Self {
        Signal {
            retryable,
            retry_after,
            origin: None,
            transport: false,
        }
    }
}

impl<T: NormalizedError + ?Sized> RetrySignal for T {
    fn retry_signal(&self) -> Signal {
        let retryable = self.is_retryable();
        Signal {
            retryable,
            retry_after: if retryable { self.retry_after() } else { None },
            origin: if retryable { self.wait_origin() } else { None },
            transport: false,
        }
    }
}

impl RetrySignal for TransportError {
    fn retry_signal(&self) -> Signal {
        Signal {
            retryable: self.is_retryable(),
            retry_after: None,
            origin: None,
            transport: true,
        }
    }
}

impl<E: NormalizedError> RetrySignal for CallError<E> {
    fn retry_signal(&self) -> Signal {
        match self {
            CallError::Api { error, request } => api_signal(error, request),
            CallError::Transport(t) => t.retry_signal(),
        }
    }
}

/// The signal of an error response to `request`: the provider's say, unless the caller
/// marked the request [`Idempotency::NotIdempotent`](crate::Idempotency::NotIdempotent)
/// and the provider may have acted on it ([`RequestInfo::may_not_repeat`](crate::RequestInfo::may_not_repeat)).
pub(crate) fn api_signal<E: NormalizedError + ?Sized>(
    error: &E,
    request: &crate::RequestInfo,
) -> Signal {
    let signal = error.retry_signal();
    if signal.retryable && request.may_not_repeat(error.category()) {
        return Signal::new(false, None);
    }
    signal
}

/// A retry policy: attempts, backoff, the longest wait, an overall deadline, and an
/// optional [`RetryBudget`]. Build one per provider and share it (clones share the budget).
///
/// The default: up to 5 attempts; backoff from 500 ms, doubling, at most 30 s, with full
/// jitter; a provider's wait of at most 60 s (a longer one stops); no retry that would end
/// more than 2 minutes after the first request; no budget.
///
/// The error's time is waited as it is ([`WaitOrigin::Provider`], and a provider's time
/// raised to the catalog's minimum, [`WaitOrigin::CatalogMinimum`]); the catalog's default
/// delay ([`WaitOrigin::CatalogDefault`], the provider sent no time) is the least wait, and
/// the backoff takes over once it is longer.
///
/// ```
/// use std::time::Duration;
/// use error_catalog::retry::{Backoff, RetryBudget};
///
/// let policy = Backoff::default()
///     .with_max_attempts(3)
///     .with_max_wait(Duration::from_secs(10))
///     .with_deadline(Duration::from_secs(30))
///     .with_budget(RetryBudget::default()); // one per provider, shared by its clones
/// assert_eq!(policy.max_attempts(), 3);
/// ```
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    max_backoff: Duration,
    max_wait: Duration,
    max_attempts: u32,
    jitter: bool,
    deadline: Option<Duration>,
    budget: Option<RetryBudget>,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_wait: Duration::from_secs(60),
            max_attempts: 5,
            jitter: true,
            deadline: Some(Duration::from_secs(120)),
            budget: None,
        }
    }
}

/// Equal when the settings are equal and the budgets are the same (shared) one.
impl PartialEq for Backoff {
    fn eq(&self, other: &Self) -> bool {
        self.base == other.base
            && self.max_backoff == other.max_backoff
            && self.max_wait == other.max_wait
            && self.max_attempts == other.max_attempts
            && self.jitter == other.jitter
            && self.deadline == other.deadline
            && match (&self.budget, &other.budget) {
                (None, None) => true,
                (Some(a), Some(b)) => Arc::ptr_eq(&a.0, &b.0),
                _ => false,
            }
    }
}

impl Backoff {
    /// The default policy (see [`Backoff`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// The backoff ceiling after the first attempt; it doubles with each attempt.
    pub fn with_base(mut self, base: Duration) -> Self {
        self.base = base;
        self
    }

    /// The longest backoff (when the error gives no time).
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The longest wait the caller accepts: an error that asks for more stops the retries,
    /// and the caller gets it back with its `retry_after()`. Backoff is capped by it too.
    pub fn with_max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// Requests in all, the first one included: once `attempt` reaches it, stop.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Full jitter (the default): wait a uniformly random time between zero and the backoff
    /// ceiling, rather than the ceiling itself, so that many clients do not retry in step.
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// No retry whose wait would end later than `deadline` after the first request.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// No overall deadline: only the attempts and `max_wait` bound the retries.
    pub fn without_deadline(mut self) -> Self {
        self.deadline = None;
        self
    }

    /// Retries withdraw from `budget`, successes refill it (see [`RetryBudget`]).
    pub fn with_budget(mut self, budget: RetryBudget) -> Self {
        self.budget = Some(budget);
        self
    }

    /// The backoff ceiling after the first attempt.
    pub fn base(&self) -> Duration {
        self.base
    }

    /// The longest backoff.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The longest wait accepted.
    pub fn max_wait(&self) -> Duration {
        self.max_wait
    }

    /// Requests in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether the backoff is jittered.
    pub fn jitter(&self) -> bool {
        self.jitter
    }

    /// The overall deadline, from the first request.
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// The shared budget, if any.
    pub fn budget(&self) -> Option<&RetryBudget> {
        self.budget.as_ref()
    }

    /// What to do after `attempt` requests have been made, the last of which failed with
    /// `error`; `attempt` is 1 after the first request.
    ///
    /// Without the time since the first request, the deadline bounds each wait alone; a
    /// loop that keeps a [`Retrying`] ([`start`](Self::start)) gets the whole deadline.
    /// A `RetryAfter` withdraws from the budget, if the policy has one.
    pub fn decide(&self, error: &(impl RetrySignal + ?Sized), attempt: u32) -> Decision {
        self.verdict(error, attempt, Duration::ZERO).decision
    }

    /// [`decide`](Self::decide) with the jitter drawn from `random`: any `u64`, uniformly
    /// distributed for a uniform jitter. Deterministic, for tests and for your own random
    /// source.
    pub fn decide_with(
        &self,
        error: &(impl RetrySignal + ?Sized),
        attempt: u32,
        random: u64,
    ) -> Decision {
        self.verdict_with(error.retry_signal(), attempt, Duration::ZERO, random)
            .decision
    }

    /// The decision and its reason, `elapsed` after the first request was sent.
    pub fn verdict(
        &self,
        error: &(impl RetrySignal + ?Sized),
        attempt: u32,
        elapsed: Duration,
    ) -> Verdict {
        self.verdict_with(error.retry_signal(), attempt, elapsed, entropy(attempt))
    }

    /// [`verdict`](Self::verdict) from a [`Signal`], with the jitter drawn from `random`.
    pub fn verdict_with(
        &self,
        signal: Signal,
        attempt: u32,
        elapsed: Duration,
        random: u64,
    ) -> Verdict {
        let stop = |reason| Verdict {
            decision: Decision::Stop,
            reason,
        };
        if !signal.retryable {
            return stop(Reason::NotRetryable);
        }
        if attempt >= self.max_attempts {
            return stop(Reason::AttemptsUsedUp);
        }
        let (wait, reason) = match signal.retry_after {
            Some(asked) if asked > self.max_wait => return stop(Reason::WaitTooLong { asked }),
            // A catalog's default delay stands in for a time the provider did not send: it is
            // the least wait, and failures that repeat back off from it as they would without.
            Some(wait) if signal.origin == Some(WaitOrigin::CatalogDefault) => {
                let backoff = self.backoff_delay(attempt, random);
                if backoff > wait {
                    (backoff, Reason::Backoff)
                } else {
                    (wait, Reason::ErrorTime(signal.origin))
                }
            }
            Some(wait) => (wait, Reason::ErrorTime(signal.origin)),
            None => (self.backoff_delay(attempt, random), Reason::Backoff),
        };
        if self
            .deadline
            .is_some_and(|deadline| elapsed.saturating_add(wait) > deadline)
        {
            return stop(Reason::Deadline);
        }
        if let Some(budget) = &self.budget {
            if !budget.withdraw(signal.transport) {
                return stop(Reason::BudgetSpent);
            }
        }
        Verdict {
            decision: Decision::RetryAfter(wait),
            reason,
        }
    }

    /// Tells the budget that a call succeeded after `attempt` requests: it refills.
    pub fn succeeded(&self, attempt: u32) {
        if let Some(budget) = &self.budget {
            budget.succeeded(attempt > 1);
        }
    }

    /// The backoff after `attempt` requests: `base × 2^(attempt − 1)` capped at
    /// `max_backoff` (and `max_wait`), scaled by `random / 2^64` (rounded to the ceiling at
    /// `u64::MAX`) when `jitter` is on.
    pub fn backoff_delay(&self, attempt: u32, random: u64) -> Duration {
        let doublings = attempt.saturating_sub(1);
        let factor = 1u32.checked_shl(doublings).unwrap_or(u32::MAX);
        let ceiling = self
            .base
            .saturating_mul(factor)
            .min(self.max_backoff)
            .min(self.max_wait);
        if !self.jitter {
            return ceiling;
        }
        // Multiply-shift maps `random` onto 0..=ceiling without the bias of a modulo:
        // `random × (nanos + 1) / 2^64`, in two halves so that no product overflows.
        let span = ceiling.as_nanos().saturating_add(1);
        let (high, low) = (span >> 64, span & u128::from(u64::MAX));
        let random = u128::from(random);
        let scaled = random
            .saturating_mul(high)
            .saturating_add((random * low) >> 64);
        let secs = u64::try_from(scaled / 1_000_000_000).unwrap_or(u64::MAX);
        let sub = u32::try_from(scaled % 1_000_000_000).unwrap_or(0);
        Duration::new(secs, sub).min(ceiling)
    }

    /// The state of one call under this policy: attempts made and time since the first.
    /// Start it right before the first request.
    pub fn start(&self) -> Retrying {
        Retrying {
            policy: self.clone(),
            attempt: 0,
            started: Instant::now(),
            last: None,
        }
    }

    /// For backon's `.adjust`: each failed attempt asks this policy (counted from the call
    /// to `backon()`, so make one per call); `None` stops. Stops too when backon's own
    /// backoff gives up.
    ///
    /// backon tells no one of a success, so the adapter infers one when backon drops it at
    /// the end of the call: a call that ends after a retry the policy allowed, or without a
    /// failed attempt, succeeded, and refills the budget as [`Retrying::succeeded`] does. A
    /// call cancelled after such a retry (a timeout around it) is taken for a success too:
    /// under cancellations a [`RetryBudget`] does not hold backon's retries back (a
    /// [`Retrying`] loop, reqwest-retry and tower see each success). Without `.when`, backon
    /// hands the policy every failure, as it should: a failure that `.when` keeps from the
    /// policy would count as a success.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use error_catalog::retry::{Backoff, Signal, RetrySignal};
    /// # struct E; impl RetrySignal for E { fn retry_signal(&self) -> Signal { Signal::new(true, Some(Duration::from_secs(3600))) } }
    /// let mut adjust = Backoff::default().backon::<E>();
    /// // A `Retry-After: 3600` is longer than the policy waits: stop, rather than sleep an hour.
    /// assert_eq!(adjust(&E, Some(Duration::from_millis(100))), None);
    /// ```
    pub fn backon<E: RetrySignal + ?Sized>(
        &self,
    ) -> impl FnMut(&E, Option<Duration>) -> Option<Duration> + Send + Sync + 'static {
        let mut call = BackonCall {
            retrying: self.start(),
            asked: false,
            retried: false,
        };
        move |error: &E, backon_delay: Option<Duration>| {
            call.asked = true;
            call.retried = false;
            backon_delay?;
            let delay = call.retrying.next(error).delay();
            call.retried = delay.is_some();
            delay
        }
    }
}

/// One call under [`Backoff::backon`]: the attempts, and whether the last failure was
/// retried, which tells at the end of the call whether it succeeded.
struct BackonCall {
    retrying: Retrying,
    /// A failure was handed over.
    asked: bool,
    /// The last failure handed over was retried: the attempt after it is the last one.
    retried: bool,
}

impl Drop for BackonCall {
    fn drop(&mut self) {
        if self.retried || !self.asked {
            self.retrying.succeeded();
        }
    }
}

/// One call under a [`Backoff`]: counts the attempts and the time since the first, so
/// that the overall deadline holds; emits one `tracing` event per retry (feature
/// `tracing`).
#[derive(Debug, Clone)]
pub struct Retrying {
    policy: Backoff,
    attempt: u32,
    started: Instant,
    last: Option<Verdict>,
}

impl Retrying {
    /// The attempt at hand failed with `error`: stop, or retry after the wait.
    pub fn next(&mut self, error: &(impl RetrySignal + ?Sized)) -> Decision {
        self.next_verdict(error.retry_signal()).decision
    }

    /// [`next`](Self::next) from a [`Signal`], with the reason.
    pub fn next_verdict(&mut self, signal: Signal) -> Verdict {
        self.next_verdict_after(signal, self.started.elapsed())
    }

    /// [`next_verdict`](Self::next_verdict), `elapsed` after the first request (for an
    /// integration that keeps the start time elsewhere).
    pub fn next_verdict_after(&mut self, signal: Signal, elapsed: Duration) -> Verdict {
        self.attempt = self.attempt.saturating_add(1);
        let verdict =
            self.policy
                .verdict_with(signal, self.attempt, elapsed, entropy(self.attempt));
        #[cfg(feature = "tracing")]
        crate::tracing::retry_event(self.attempt, &verdict);
        self.last = Some(verdict);
        verdict
    }

    /// The attempt at hand succeeded: the budget refills.
    pub fn succeeded(&mut self) {
        self.attempt = self.attempt.saturating_add(1);
        self.policy.succeeded(self.attempt);
    }

    /// Requests decided on so far.
    pub fn attempts(&self) -> u32 {
        self.attempt
    }

    /// The last verdict, if any.
    pub fn last(&self) -> Option<Verdict> {
        self.last
    }

    /// The policy.
    pub fn policy(&self) -> &Backoff {
        &self.policy
    }
}

/// A token bucket shared by every request to a provider, so that an outage does not turn
/// into a retry storm: each retry withdraws tokens, each success puts some back, and when
/// the bucket is empty the policy stops retrying (the first attempt of each request still
/// goes out, and its successes refill the bucket).
///
/// The numbers are the AWS SDKs' "standard" retry mode: 500 tokens; a retry costs 5, a
/// retry after a transport failure 10; a success refills 1, or the cost of its retry when
/// it succeeded after retrying. So during a full outage at most 100 retries go out, then
/// none until successes come back; a retry that succeeds costs nothing in the end.
///
/// Clones share the bucket: give one budget to one provider's policy and clone the policy.
#[derive(Clone)]
pub struct RetryBudget(Arc<Bucket>);

struct Bucket {
    tokens: AtomicU32,
    capacity: u32,
    retry_cost: u32,
    transport_cost: u32,
    success_refill: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget::new(500)
    }
}

impl fmt::Debug for RetryBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryBudget")
            .field("available", &self.available())
            .field("capacity", &self.0.capacity)
            .field("retry_cost", &self.0.retry_cost)
            .field("transport_cost", &self.0.transport_cost)
            .field("success_refill", &self.0.success_refill)
            .finish()
    }
}

impl RetryBudget {
    /// A full bucket of `capacity` tokens; a retry costs 5 (10 after a transport failure),
    /// a success refills 1.
    pub fn new(capacity: u32) -> Self {
        Self::build(capacity, 5, 10, 1)
    }

    /// The same capacity, full again, with these costs: `retry` tokens for a retry after an
    /// error response, `transport` after a transport failure.
    pub fn with_costs(self, retry: u32, transport: u32) -> Self {
        Self::build(self.0.capacity, retry, transport, self.0.success_refill)
    }

    /// The same bucket, full again, refilled by `tokens` per success without retries.
    pub fn with_success_refill(self, tokens: u32) -> Self {
        Self::build(
            self.0.capacity,
            self.0.retry_cost,
            self.0.transport_cost,
            tokens,
        )
    }

    fn build(capacity: u32, retry_cost: u32, transport_cost: u32, success_refill: u32) -> Self {
        RetryBudget(Arc::new(Bucket {
            tokens: AtomicU32::new(capacity),
            capacity,
            retry_cost,
            transport_cost,
            success_refill,
        }))
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.0.tokens.load(Ordering::Relaxed)
    }

    /// Takes the cost of one retry; `false` (nothing taken) when there is not enough.
    pub fn withdraw(&self, transport: bool) -> bool {
        let cost = if transport {
            self.0.transport_cost
        } else {
            self.0.retry_cost
        };
        self.0
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
            .is_ok()
    }

    /// A request succeeded; `retried`: after at least one retry (whose cost comes back).
    pub fn succeeded(&self, retried: bool) {
        let refill = if retried {
            self.0.retry_cost
        } else {
            self.0.success_refill
        };
        let capacity = self.0.capacity;
        let _ = self
            .0
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                Some(t.saturating_add(refill).min(capacity))
            });
    }
}

/// The provider's delay when the error has one, else the backoff's own delay; the catalog's
/// default delay (the provider sent no time) is the least wait, as for [`Backoff`]. `None`
/// (the backoff gave up) stays `None`, and so does a delay longer than the default policy's
/// `max_wait` (60 s): stop rather than sleep.
///
/// Superseded by [`Backoff::backon`], which applies a whole policy (attempts, longest wait,
/// deadline, budget) the same way as every other integration; kept for existing callers.
pub fn prefer_provider_delay<E: NormalizedError + ?Sized>(
    error: &E,
    backoff: Option<Duration>,
) -> Option<Duration> {
    let max_wait = Backoff::default().max_wait;
    let wait = backoff?;
    match error.retry_after() {
        Some(asked) if asked > max_wait => None,
        Some(asked) if error.wait_origin() == Some(WaitOrigin::CatalogDefault) => {
            Some(asked.max(wait))
        }
        Some(asked) => Some(asked),
        None => Some(wait),
    }
}

/// A random `u64` for jitter, without a dependency: splitmix64 over the clock, a
/// process-wide counter (so that concurrent calls differ) and the attempt.
fn entropy(attempt: u32) -> u64 {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let calls = CALLS.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    splitmix64(nanos ^ splitmix64(calls) ^ (u64::from(attempt) << 32))
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{Backoff, Decision, Reason, RetryBudget, Signal, entropy};
    use crate::{Idempotency, RequestInfo, TransportError, TransportKind, WaitOrigin};

    const CONFLICT: Signal = Signal {
        retryable: false,
        retry_after: None,
        origin: None,
        transport: false,
    };
    const SERVER: Signal = Signal {
        retryable: true,
        retry_after: None,
        origin: None,
        transport: false,
    };

    fn rate_limited(secs: u64) -> Signal {
        Signal::new(true, Some(Duration::from_secs(secs)))
    }

    const MS: Duration = Duration::from_millis(1);

    /// Any error type of the caller's, with the signal it reports.
    struct Fixed(Signal);

    impl super::RetrySignal for Fixed {
        fn retry_signal(&self) -> Signal {
            self.0
        }
    }

    use crate::fake::Fake;

    fn policy(jitter: bool) -> Backoff {
        Backoff::default()
            .with_base(100 * MS)
            .with_max_backoff(1000 * MS)
            .with_max_wait(Duration::from_secs(5))
            .with_max_attempts(6)
            .with_jitter(jitter)
    }

    fn decide(p: &Backoff, s: Signal, attempt: u32, random: u64) -> Decision {
        p.verdict_with(s, attempt, Duration::ZERO, random).decision
    }

    #[test]
    fn a_non_retryable_error_stops_at_once() {
        for attempt in [0, 1, 2] {
            let v = policy(true).verdict_with(CONFLICT, attempt, Duration::ZERO, 0);
            assert_eq!(
                (v.decision, v.reason),
                (Decision::Stop, Reason::NotRetryable)
            );
        }
    }

    /// A catalog's default delay is the least wait: repeated failures back off beyond it. A
    /// provider's time, and a provider's time raised to the catalog's minimum, are waited as
    /// they are.
    #[test]
    fn a_catalogs_default_delay_is_a_floor_under_the_backoff() {
        let p = policy(false); // 100 ms, doubling, at most 1 s
        let with = |origin| Signal {
            retryable: true,
            retry_after: Some(300 * MS),
            origin: Some(origin),
            transport: false,
        };
        let default = with(WaitOrigin::CatalogDefault);
        let step = |attempt| {
            let v = p.verdict_with(default, attempt, Duration::ZERO, 0);
            (v.decision.delay(), v.reason)
        };
        let catalog = Reason::ErrorTime(Some(WaitOrigin::CatalogDefault));
        assert_eq!(step(1), (Some(300 * MS), catalog));
        assert_eq!(step(2), (Some(300 * MS), catalog));
        assert_eq!(step(3), (Some(400 * MS), Reason::Backoff));
        // A backoff equal to the default is the default's wait.
        let even = Signal {
            retry_after: Some(200 * MS),
            ..default
        };
        let v = p.verdict_with(even, 2, Duration::ZERO, 0);
        assert_eq!((v.decision.delay(), v.reason), (Some(200 * MS), catalog));
        assert_eq!(step(5), (Some(1000 * MS), Reason::Backoff));
        for origin in [
            WaitOrigin::Provider { source: 0 },
            WaitOrigin::CatalogMinimum,
        ] {
            let v = p.verdict_with(with(origin), 5, Duration::ZERO, 0);
            assert_eq!(v.decision, Decision::RetryAfter(300 * MS), "{origin:?}");
        }
        // With jitter, never below the default.
        let jittered = policy(true);
        for random in [0, u64::MAX / 2, u64::MAX] {
            let v = jittered.verdict_with(default, 4, Duration::ZERO, random);
            assert!(
                v.decision.delay().is_some_and(|d| d >= 300 * MS),
                "{random}"
            );
        }
    }

    #[test]
    fn the_attempts_run_out() {
        let p = policy(false);
        assert_ne!(decide(&p, SERVER, 5, 0), Decision::Stop);
        assert_eq!(decide(&p, SERVER, 6, 0), Decision::Stop);
        assert_eq!(decide(&p, SERVER, u32::MAX, 0), Decision::Stop);
        assert_eq!(decide(&p, rate_limited(1), 6, 0), Decision::Stop);
        assert_eq!(
            decide(&p.with_max_attempts(1), SERVER, 1, 0),
            Decision::Stop
        );
    }

    #[test]
    fn the_providers_delay_wins_and_a_longer_one_stops() {
        let p = policy(true);
        for random in [0, u64::MAX] {
            assert_eq!(
                decide(&p, rate_limited(0), 1, random),
                Decision::RetryAfter(Duration::ZERO)
            );
            assert_eq!(
                decide(&p, rate_limited(5), 1, random),
                Decision::RetryAfter(Duration::from_secs(5))
            );
            let v = p.verdict_with(rate_limited(3600), 1, Duration::ZERO, random);
            assert_eq!(v.decision, Decision::Stop, "never early, never an hour");
            assert_eq!(
                v.reason,
                Reason::WaitTooLong {
                    asked: Duration::from_secs(3600)
                }
            );
        }
        let patient = policy(true)
            .with_max_wait(Duration::from_secs(7200))
            .without_deadline();
        assert_eq!(
            decide(&patient, rate_limited(3600), 1, 0),
            Decision::RetryAfter(Duration::from_secs(3600))
        );
        // A day (`MAX_RETRY_DELAY`, where absurd times are capped) stops the default policy.
        assert_eq!(
            decide(&Backoff::default(), rate_limited(86_400), 1, 0),
            Decision::Stop
        );
    }

    #[test]
    fn the_deadline_counts_from_the_first_request() {
        let p = policy(false).with_deadline(Duration::from_secs(3));
        let at = |elapsed| p.verdict_with(rate_limited(2), 1, elapsed, 0);
        assert_eq!(
            at(Duration::ZERO).decision,
            Decision::RetryAfter(2 * 1000 * MS)
        );
        assert_eq!(
            at(Duration::from_secs(1)).decision,
            Decision::RetryAfter(2 * 1000 * MS)
        );
        let late = at(Duration::from_millis(1001));
        assert_eq!(
            (late.decision, late.reason),
            (Decision::Stop, Reason::Deadline)
        );
    }

    #[test]
    fn without_jitter_the_backoff_doubles_up_to_the_cap() {
        let p = policy(false);
        let waits: Vec<_> = (1..=5)
            .map(|n| decide(&p, SERVER, n, 12345).delay())
            .collect();
        let ms = |n| Some(n * MS);
        assert_eq!(waits, [ms(100), ms(200), ms(400), ms(800), ms(1000)]);
        assert_eq!(p.backoff_delay(0, 0), 100 * MS, "attempt 0 counts as 1");
        assert_eq!(p.backoff_delay(u32::MAX, 0), p.max_backoff(), "no overflow");
        let tight = p.clone().with_max_wait(300 * MS);
        assert_eq!(
            tight.backoff_delay(5, 0),
            300 * MS,
            "max_wait caps backoff too"
        );
    }

    #[test]
    fn full_jitter_spans_zero_to_the_ceiling() {
        let p = policy(true);
        assert_eq!(p.backoff_delay(3, 0), Duration::ZERO);
        assert_eq!(p.backoff_delay(3, u64::MAX), 400 * MS);
        assert_eq!(p.backoff_delay(3, 1 << 63), 200 * MS);
        assert_eq!(p.backoff_delay(40, 1 << 63), 500 * MS, "half of the cap");
        assert_eq!(p.backoff_delay(2, 42), p.backoff_delay(2, 42));
        let waits: Vec<_> = (0..64).map(|_| p.backoff_delay(2, entropy(2))).collect();
        assert!(waits.iter().all(|w| *w <= 200 * MS));
        assert!(waits.iter().any(|w| *w != waits[0]), "{waits:?}");
    }

    #[test]
    fn a_huge_base_saturates() {
        let p = Backoff::default()
            .with_base(Duration::MAX)
            .with_max_backoff(Duration::MAX)
            .with_max_wait(Duration::MAX)
            .with_max_attempts(10);
        let near_max = Duration::MAX - Duration::from_secs(1);
        assert!(p.backoff_delay(9, u64::MAX) > near_max, "no overflow");
        assert!(p.backoff_delay(9, 1 << 63) < Duration::MAX);
    }

    #[test]
    fn the_budget_is_shared_spent_and_refilled() {
        let budget = RetryBudget::new(12);
        let p = policy(false).with_budget(budget.clone());
        let clone = p.clone();
        assert_eq!(decide(&p, SERVER, 1, 0), Decision::RetryAfter(100 * MS));
        assert_eq!(decide(&clone, SERVER, 1, 0), Decision::RetryAfter(100 * MS));
        assert_eq!(budget.available(), 2);
        let v = p.verdict_with(SERVER, 1, Duration::ZERO, 0);
        assert_eq!(
            (v.decision, v.reason),
            (Decision::Stop, Reason::BudgetSpent)
        );
        // Not retryable: no withdrawal, whatever the budget.
        assert_eq!(decide(&p, CONFLICT, 1, 0), Decision::Stop);
        for _ in 0..3 {
            p.succeeded(1);
        }
        assert_eq!(budget.available(), 5);
        assert_ne!(decide(&p, SERVER, 1, 0), Decision::Stop, "refilled");
        p.succeeded(2);
        assert_eq!(budget.available(), 5, "a retry that succeeds costs nothing");
        for _ in 0..100 {
            p.succeeded(1);
        }
        assert_eq!(budget.available(), 12, "never above the capacity");
        let transport = Signal {
            transport: true,
            ..SERVER
        };
        assert_ne!(decide(&p, transport, 1, 0), Decision::Stop);
        assert_eq!(budget.available(), 2, "a transport failure costs 10");
    }

    #[test]
    fn transport_failures_follow_idempotency() {
        let p = policy(false);
        let failure = |method, kind| {
            let request = RequestInfo::new(
                method,
                "http://h/",
                &http::HeaderMap::new(),
                Idempotency::ByMethod,
            );
            TransportError::new(kind, request)
        };
        let get_reset = failure(http::Method::GET, TransportKind::Reset);
        let post_reset = failure(http::Method::POST, TransportKind::Reset);
        let post_refused = failure(http::Method::POST, TransportKind::Connect);
        assert_eq!(
            p.decide_with(&get_reset, 1, 0),
            Decision::RetryAfter(100 * MS)
        );
        assert_eq!(p.decide_with(&post_reset, 1, 0), Decision::Stop);
        assert_eq!(
            p.decide_with(&post_refused, 1, 0),
            Decision::RetryAfter(100 * MS)
        );
    }

    #[test]
    fn retrying_counts_attempts_and_backon_stops_with_the_policy() {
        let p = policy(false).with_max_attempts(3);
        let mut r = p.start();
        let server = Fixed(SERVER);
        assert_eq!(r.next(&server), Decision::RetryAfter(100 * MS));
        assert_eq!(r.next(&server), Decision::RetryAfter(200 * MS));
        assert_eq!(r.next(&server), Decision::Stop);
        assert_eq!(r.last().map(|v| v.reason), Some(Reason::AttemptsUsedUp));

        let mut adjust = p.backon::<Fixed>();
        assert_eq!(
            adjust(&server, Some(MS)),
            Some(100 * MS),
            "the policy's wait"
        );
        assert_eq!(adjust(&server, None), None, "backon gave up");
        let long = Fixed(rate_limited(3600));
        assert_eq!(adjust(&long, Some(MS)), None, "too long: stop");
    }

    /// backon reports no success: the budget learns of one when backon drops the closure
    /// after a retry the policy allowed, or without having handed it a failure.
    #[test]
    fn backon_refills_the_budget_when_a_retried_call_ends() {
        let budget = RetryBudget::new(10);
        let p = policy(false).with_budget(budget.clone());
        let server = Fixed(SERVER);
        for call in 0..3 {
            let mut adjust = p.backon::<Fixed>();
            assert_eq!(adjust(&server, Some(MS)), Some(100 * MS), "call {call}");
            assert_eq!(budget.available(), 5, "call {call}: the retry's cost");
            drop(adjust);
            assert_eq!(budget.available(), 10, "call {call}: the retry succeeded");
        }
        // A call that stops gets nothing back: neither when the policy stops it...
        let mut adjust = p.backon::<Fixed>();
        assert!(adjust(&server, Some(MS)).is_some());
        assert_eq!(adjust(&Fixed(CONFLICT), Some(MS)), None);
        drop(adjust);
        assert_eq!(budget.available(), 5);
        // ...nor when backon gives up.
        let mut adjust = p.backon::<Fixed>();
        assert_eq!(adjust(&server, None), None);
        drop(adjust);
        assert_eq!(budget.available(), 5);
        // A first attempt that succeeds refills as any success does (1 token).
        drop(p.backon::<Fixed>());
        assert_eq!(budget.available(), 6);
    }

    /// An error response to a request marked `NotIdempotent` is retried only when the provider
    /// cannot have acted on it (a rate limit); the provider's say otherwise, and for a request
    /// not so marked.
    #[test]
    fn a_request_marked_not_idempotent_is_not_repeated_after_a_server_error() {
        use crate::{CallError, Category};
        use http::Method;

        let p = policy(false);
        let call = |category, method, idempotency| CallError::Api {
            error: Fake::new(500, category, Some(1)),
            request: RequestInfo::new(method, "http://h/", &http::HeaderMap::new(), idempotency),
        };
        let retried = Decision::RetryAfter(Duration::from_secs(1));
        for (category, method, idempotency, expected) in [
            (
                Category::Server,
                Method::POST,
                Idempotency::NotIdempotent,
                Decision::Stop,
            ),
            (
                Category::Server,
                Method::PUT,
                Idempotency::NotIdempotent,
                Decision::Stop,
            ),
            (
                Category::Unknown,
                Method::POST,
                Idempotency::NotIdempotent,
                Decision::Stop,
            ),
            (
                Category::RateLimited,
                Method::POST,
                Idempotency::NotIdempotent,
                retried,
            ),
            (
                Category::Server,
                Method::POST,
                Idempotency::ByMethod,
                retried,
            ),
            (
                Category::Server,
                Method::POST,
                Idempotency::Idempotent,
                retried,
            ),
        ] {
            let e = call(category, method.clone(), idempotency);
            assert_eq!(
                p.decide_with(&e, 1, 0),
                expected,
                "{category} {method} {idempotency:?}"
            );
            assert_eq!(e.is_retryable(), expected != Decision::Stop);
        }
    }

    #[test]
    fn prefer_provider_delay_no_longer_sleeps_an_hour() {
        use super::prefer_provider_delay;
        let fake = |secs| Fake::new(503, crate::Category::Server, secs);
        assert_eq!(
            prefer_provider_delay(&fake(Some(2)), Some(250 * MS)),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            prefer_provider_delay(&fake(None), Some(250 * MS)),
            Some(250 * MS)
        );
        assert_eq!(prefer_provider_delay(&fake(Some(2)), None), None);
        assert_eq!(
            prefer_provider_delay(&fake(Some(3600)), Some(250 * MS)),
            None
        );
        // The catalog's default delay is the least wait: a longer backoff wins.
        let default = || fake(Some(2)).with_origin(WaitOrigin::CatalogDefault);
        assert_eq!(
            prefer_provider_delay(&default(), Some(250 * MS)),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            prefer_provider_delay(&default(), Some(Duration::from_secs(8))),
            Some(Duration::from_secs(8))
        );
        assert_eq!(
            prefer_provider_delay(&fake(Some(2)), Some(Duration::from_secs(8))),
            Some(Duration::from_secs(2)),
            "a provider's time is waited as it is"
        );
    }
}
