//! Retry decisions: from an error and an attempt number to "stop" or "wait this long".
//!
//! The catalog says whether an error is worth retrying ([`NormalizedError::is_retryable`])
//! and, where the provider says, when ([`NormalizedError::retry_after`]). A [`Backoff`]
//! policy adds what the catalog cannot know: how many attempts to make, and how long to wait
//! when the provider gives no time.
//!
//! [`Backoff::decide`] answers, in this order:
//!
//! 1. [`Decision::Stop`] when the error is not retryable (a conflict, a bad key, a monthly
//!    quota), or when `attempt` requests have been made and the policy allows no more;
//! 2. [`Decision::RetryAfter`] the provider's delay when it gave one (a `Retry-After`
//!    header, a body field, a reset time), capped at [`Backoff::max_delay`];
//! 3. else [`Decision::RetryAfter`] an exponential backoff with full jitter: a uniformly
//!    random wait between zero and `base × 2^(attempt − 1)`, capped at `max_delay`.
//!
//! ```
//! use std::time::Duration;
//! use error_catalog::retry::{Backoff, Decision};
//! # use error_catalog::NormalizedError;
//!
//! # fn send() -> Result<String, Box<dyn NormalizedError>> { Ok(String::new()) }
//! let policy = Backoff::default();
//! let mut attempt = 0;
//! let body = loop {
//!     attempt += 1;
//!     match send() {
//!         Ok(body) => break Ok(body),
//!         Err(err) => match policy.decide(&*err, attempt) {
//!             Decision::RetryAfter(wait) => std::thread::sleep(wait),
//!             Decision::Stop => break Err(err),
//!         },
//!     }
//! };
//! # assert!(body.is_ok());
//! ```
//!
//! With a retry crate, let it count attempts and let the catalog pick the errors and the
//! waits. For [backon](https://docs.rs/backon):
//!
//! ```ignore
//! use backon::{ExponentialBuilder, Retryable};
//! use error_catalog::{NormalizedError, retry::prefer_provider_delay};
//!
//! let body = fetch
//!     .retry(ExponentialBuilder::default().with_jitter())
//!     .when(|e: &AttioError| e.is_retryable())
//!     .adjust(prefer_provider_delay) // the provider's delay when it gave one
//!     .await?;
//! ```

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::NormalizedError;

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[must_use]
pub enum Decision {
    /// Give up: the error is not retryable, or the attempts are used up.
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

/// A retry policy: how many attempts, and how long to back off when the provider says
/// nothing.
///
/// The default makes up to 5 attempts, backs off from 500 ms with full jitter, and waits at
/// most 60 s (a provider's longer delay is cut to 60 s too: raise `max_delay` to honour a
/// long rate-limit window, or stop on it yourself by comparing
/// [`NormalizedError::retry_after`] first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Backoff {
    /// The backoff ceiling after the first attempt; it doubles with each attempt.
    pub base: Duration,
    /// The longest wait, whether backoff or the provider's delay.
    pub max_delay: Duration,
    /// Requests in all, the first one included: once `attempt` reaches it, stop.
    pub max_attempts: u32,
    /// Full jitter: wait a uniformly random time between zero and the ceiling, rather than
    /// the ceiling itself, so that many clients do not retry in step.
    pub jitter: bool,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            max_attempts: 5,
            jitter: true,
        }
    }
}

impl Backoff {
    /// What to do after `attempt` requests have been made, the last of which failed with
    /// `error`; `attempt` is 1 after the first request.
    ///
    /// Jitter comes from a small internal generator (seeded from the clock and a counter);
    /// [`decide_with`](Backoff::decide_with) takes the random value instead.
    pub fn decide(&self, error: &(impl NormalizedError + ?Sized), attempt: u32) -> Decision {
        self.decide_with(error, attempt, entropy(attempt))
    }

    /// [`decide`](Backoff::decide) with the jitter drawn from `random`: any `u64`, uniformly
    /// distributed for a uniform jitter. Deterministic, for tests and for your own random
    /// source.
    pub fn decide_with(
        &self,
        error: &(impl NormalizedError + ?Sized),
        attempt: u32,
        random: u64,
    ) -> Decision {
        if !error.is_retryable() || attempt >= self.max_attempts {
            return Decision::Stop;
        }
        match error.retry_after() {
            Some(wait) => Decision::RetryAfter(wait.min(self.max_delay)),
            None => Decision::RetryAfter(self.backoff_delay(attempt, random)),
        }
    }

    /// The backoff after `attempt` requests: `base × 2^(attempt − 1)` capped at `max_delay`,
    /// scaled by `random / 2^64` (rounded to the ceiling at `u64::MAX`) when `jitter` is on.
    pub fn backoff_delay(&self, attempt: u32, random: u64) -> Duration {
        let doublings = attempt.saturating_sub(1);
        let factor = 1u32.checked_shl(doublings).unwrap_or(u32::MAX);
        let ceiling = self.base.saturating_mul(factor).min(self.max_delay);
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
}

/// The provider's delay when the error has one, else the backoff's own delay; `None` (the
/// backoff gave up) stays `None`.
///
/// Written for retry crates that let a closure adjust each wait, such as backon's
/// `.adjust(prefer_provider_delay)`. The backoff keeps counting the attempts: an error that
/// keeps coming with a `Retry-After` does not retry forever. (The shorter
/// `.adjust(|e, d| e.retry_after().or(d))` would: it turns the backoff's "stop" into a wait.)
pub fn prefer_provider_delay<E: NormalizedError + ?Sized>(
    error: &E,
    backoff: Option<Duration>,
) -> Option<Duration> {
    backoff.map(|wait| error.retry_after().unwrap_or(wait))
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
    use std::fmt;
    use std::time::{Duration, SystemTime};

    use super::{Backoff, Decision, entropy, prefer_provider_delay};
    use crate::{Category, Normalized, NormalizedError};

    /// Only what a retry decision reads.
    #[derive(Debug)]
    struct Fake {
        retryable: bool,
        retry_after: Option<Duration>,
    }

    const CONFLICT: Fake = Fake {
        retryable: false,
        retry_after: None,
    };
    const SERVER: Fake = Fake {
        retryable: true,
        retry_after: None,
    };

    fn rate_limited(secs: u64) -> Fake {
        Fake {
            retryable: true,
            retry_after: Some(Duration::from_secs(secs)),
        }
    }

    impl fmt::Display for Fake {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("fake")
        }
    }
    impl std::error::Error for Fake {}
    impl NormalizedError for Fake {
        fn provider(&self) -> &'static str {
            "fake"
        }
        fn status(&self) -> u16 {
            500
        }
        fn code(&self) -> &str {
            ""
        }
        fn message(&self) -> &str {
            ""
        }
        fn category(&self) -> Category {
            Category::Unknown
        }
        fn is_retryable(&self) -> bool {
            self.retryable
        }
        fn retry_after(&self) -> Option<Duration> {
            self.retry_after
        }
        fn retry_at(&self) -> Option<SystemTime> {
            self.retry_after.map(|d| SystemTime::now() + d)
        }
        fn fix_hint(&self) -> &str {
            "retry"
        }
        fn raw_body(&self) -> &[u8] {
            b""
        }
        fn normalize(&self) -> Normalized {
            unimplemented!("not read by retry decisions")
        }
    }

    const MS: Duration = Duration::from_millis(1);

    fn policy(jitter: bool) -> Backoff {
        Backoff {
            base: 100 * MS,
            max_delay: 1000 * MS,
            max_attempts: 6,
            jitter,
        }
    }

    #[test]
    fn a_non_retryable_error_stops_at_once() {
        for attempt in [0, 1, 2] {
            assert_eq!(policy(true).decide(&CONFLICT, attempt), Decision::Stop);
        }
        assert_eq!(policy(true).decide(&CONFLICT, 1).delay(), None);
    }

    #[test]
    fn the_attempts_run_out() {
        let p = policy(false);
        assert_ne!(p.decide(&SERVER, 5), Decision::Stop);
        assert_eq!(p.decide(&SERVER, 6), Decision::Stop);
        assert_eq!(p.decide(&SERVER, u32::MAX), Decision::Stop);
        assert_eq!(p.decide(&rate_limited(1), 6), Decision::Stop);
        let once = Backoff {
            max_attempts: 1,
            ..p
        };
        assert_eq!(once.decide(&SERVER, 1), Decision::Stop);
    }

    #[test]
    fn the_providers_delay_wins_and_is_capped() {
        let p = policy(true);
        for random in [0, u64::MAX] {
            assert_eq!(
                p.decide_with(&rate_limited(0), 1, random),
                Decision::RetryAfter(Duration::ZERO)
            );
            assert_eq!(
                p.decide_with(&rate_limited(3600), 1, random),
                Decision::RetryAfter(p.max_delay)
            );
        }
        let patient = Backoff {
            max_delay: Duration::from_secs(7200),
            ..p
        };
        assert_eq!(
            patient.decide(&rate_limited(3600), 1).delay(),
            Some(Duration::from_secs(3600))
        );
    }

    #[test]
    fn without_jitter_the_backoff_doubles_up_to_the_cap() {
        let p = policy(false);
        let waits: Vec<_> = (1..=5)
            .map(|n| p.decide_with(&SERVER, n, 12345).delay())
            .collect();
        let ms = |n| Some(n * MS);
        assert_eq!(waits, [ms(100), ms(200), ms(400), ms(800), ms(1000)]);
        assert_eq!(p.backoff_delay(0, 0), 100 * MS, "attempt 0 counts as 1");
        assert_eq!(p.backoff_delay(u32::MAX, 0), p.max_delay, "no overflow");
    }

    #[test]
    fn full_jitter_spans_zero_to_the_ceiling() {
        let p = policy(true);
        assert_eq!(p.backoff_delay(3, 0), Duration::ZERO);
        assert_eq!(p.backoff_delay(3, u64::MAX), 400 * MS);
        assert_eq!(p.backoff_delay(3, 1 << 63), 200 * MS);
        assert_eq!(p.backoff_delay(40, 1 << 63), 500 * MS, "half of the cap");
        // The same random value always gives the same wait.
        assert_eq!(p.backoff_delay(2, 42), p.backoff_delay(2, 42));
        // The built-in source stays within bounds and is not constant.
        let waits: Vec<_> = (0..64).map(|_| p.backoff_delay(2, entropy(2))).collect();
        assert!(waits.iter().all(|w| *w <= 200 * MS));
        assert!(waits.iter().any(|w| *w != waits[0]), "{waits:?}");
    }

    #[test]
    fn a_huge_base_saturates() {
        let p = Backoff {
            base: Duration::MAX,
            max_delay: Duration::MAX,
            max_attempts: 10,
            jitter: true,
        };
        let near_max = Duration::MAX - Duration::from_secs(1);
        assert!(p.backoff_delay(9, u64::MAX) > near_max, "no overflow");
        assert!(p.backoff_delay(9, 1 << 63) < Duration::MAX);
    }

    #[test]
    fn prefer_provider_delay_keeps_the_backoffs_stop() {
        let backoff = Some(250 * MS);
        assert_eq!(
            prefer_provider_delay(&rate_limited(2), backoff),
            Some(Duration::from_secs(2))
        );
        assert_eq!(prefer_provider_delay(&SERVER, backoff), backoff);
        assert_eq!(prefer_provider_delay(&rate_limited(2), None), None);
        let object: &dyn NormalizedError = &rate_limited(1);
        assert_eq!(
            prefer_provider_delay(object, backoff),
            Some(Duration::from_secs(1))
        );
    }
}
