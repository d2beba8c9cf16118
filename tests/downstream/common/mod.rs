//! Fixtures shared by the root package's tests: the fixed clock, the providers
//! (the shipped catalog's enums read at that clock, and a small catalog loaded at run time),
//! the wall clock around an integration's call, and the local HTTP server.
//!
//! `main.rs` declares them once; each test module uses `crate::common`.

#![allow(dead_code)] // a build without some integration uses a part

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use error_catalog::spec::Provider;
use error_catalog::{DynError, Headers, NormalizedError};
use error_catalog_workspace::{AttioError, AttractOsError};

/// The scripted HTTP server on 127.0.0.1 and the Attio-like replies it sends: one copy,
/// shared with the examples (`examples/support/`).
#[path = "../../../examples/support/mod.rs"]
pub mod support;

// --- the fixed clock -----------------------------------------------------------------------

/// The clock of every test that fixes one: Sat, 22 Mar 2025 14:30:00 GMT, in Unix seconds.
pub const NOW_SECS: u64 = 1_742_653_800;

/// [`NOW_SECS`] as a `SystemTime`.
pub fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW_SECS)
}

/// The wait from [`now`] until the error's retry time, zero once it has passed.
pub fn wait(e: &(impl NormalizedError + ?Sized)) -> Option<Duration> {
    e.retry_at()
        .map(|at| at.duration_since(now()).unwrap_or(Duration::ZERO))
}

// --- the shipped catalog at the fixed clock ------------------------------------------------

/// An Attio response classified at [`now`].
pub fn attio(status: u16, headers: &[(&str, &str)], body: &[u8]) -> AttioError {
    AttioError::from_response_at(status, headers, body, now())
}

/// An AttractOS response classified at [`now`].
pub fn attractos(status: u16, headers: &[(&str, &str)], body: &[u8]) -> AttractOsError {
    AttractOsError::from_response_at(status, headers, body, now())
}

// --- a catalog loaded at run time ----------------------------------------------------------

/// A provider with what the shipped `catalog.toml` does not use: a request id (a header, else
/// a body field), an error inside a success response, and retry times written as an RFC 3339
/// date (a header) or as a duration (a body field).
pub const ACME_CATALOG: &str = r#"
[[provider]]
key = "acme"
name = "Acme"
docs_url = "https://acme.example/errors"

[provider.format]
code = "error.code"
message = "error.message"
request_id = [{ header = "X-Request-Id" }, "error.request_id"]

[[provider.success_error]]
body = "ok"
equals = false

[[provider.retry_from]]
header = "Retry-At"
form = "rfc3339"

[[provider.retry_from]]
body = "error.retry_in"
form = "duration"

[[provider.fallback]]
status = "5xx"
category = "server"
retry = "backoff"
summary = "Acme server error."
fix = "Retry with exponential backoff."

[[provider.code]]
code = "slow_down"
status = 429
category = "rate_limited"
retry = "after-delay"
summary = "Too many requests."
fix = "Wait for the retry time, then retry."

[[provider.code]]
code = "invalid_token"
status = 401
category = "authentication"
retry = "never"
summary = "The token is invalid."
fix = "Send a valid token."
"#;

/// The provider of [`ACME_CATALOG`], loaded as a tool loads a catalog at run time.
pub fn acme() -> Arc<Provider> {
    let catalog = error_catalog_schema::parse(ACME_CATALOG)
        .unwrap_or_else(|failed| panic!("ACME_CATALOG is invalid: {:?}", failed.diagnostics));
    let provider = catalog.providers.into_iter().next().expect("one provider");
    Arc::new(provider)
}

/// An Acme response classified at [`now`].
pub fn acme_at(status: u16, headers: impl Headers, body: &[u8]) -> DynError {
    DynError::from_response_at(acme(), status, headers, body, now())
}

// --- the wall clock --------------------------------------------------------------------------

/// The wall-clock span of a call that classifies at `SystemTime::now()`, as the integrations
/// do (they take no clock): a delay the provider sent counts from a moment inside it.
pub struct WallClock {
    started: SystemTime,
}

impl WallClock {
    /// Starts the span; it ends when [`assert_retry_at`](Self::assert_retry_at) is called.
    pub fn start() -> Self {
        WallClock {
            started: SystemTime::now(),
        }
    }

    /// Asserts that the error's retry time is `delay` after a moment of the span.
    #[track_caller]
    pub fn assert_retry_at(&self, e: &(impl NormalizedError + ?Sized), delay: Duration) {
        let ended = SystemTime::now();
        let at = e.retry_at().expect("a retry time");
        assert!(
            self.started + delay <= at && at <= ended + delay,
            "retry time {at:?} is not {delay:?} after a moment between {:?} and {ended:?}",
            self.started
        );
    }
}
