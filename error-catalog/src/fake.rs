//! A `NormalizedError` of the tests' own: any status and category, retryable, with a wait.

use std::time::{Duration, SystemTime};

use crate::{Category, Normalized, NormalizedError, WaitOrigin};

/// A retryable error with a status, a category and a wait in seconds, or none.
#[derive(Debug)]
pub(crate) struct Fake {
    status: u16,
    category: Category,
    wait: Option<u64>,
    origin: Option<WaitOrigin>,
}

impl Fake {
    pub(crate) fn new(status: u16, category: Category, wait: Option<u64>) -> Self {
        Fake {
            status,
            category,
            wait,
            origin: wait.map(|_| WaitOrigin::Provider { source: 0 }),
        }
    }

    /// The same error, its wait from `origin`.
    pub(crate) fn with_origin(self, origin: WaitOrigin) -> Self {
        Fake {
            origin: Some(origin),
            ..self
        }
    }
}

impl std::fmt::Display for Fake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "fake {} {}", self.status, self.category)
    }
}

impl std::error::Error for Fake {}

impl NormalizedError for Fake {
    fn provider(&self) -> &'static str {
        "fake"
    }
    fn status(&self) -> u16 {
        self.status
    }
    fn code(&self) -> &str {
        ""
    }
    fn message(&self) -> &str {
        ""
    }
    fn category(&self) -> Category {
        self.category
    }
    fn is_retryable(&self) -> bool {
        true
    }
    fn retry_after(&self) -> Option<Duration> {
        self.wait.map(Duration::from_secs)
    }
    fn wait_origin(&self) -> Option<WaitOrigin> {
        self.origin
    }
    fn retry_at(&self) -> Option<SystemTime> {
        None
    }
    fn fix_hint(&self) -> &str {
        "retry"
    }
    fn raw_body(&self) -> &[u8] {
        b""
    }
    fn normalize(&self) -> Normalized {
        unimplemented!("not read by the tests that use it")
    }
}
