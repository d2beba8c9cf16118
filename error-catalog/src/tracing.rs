//! Errors and retries as structured [tracing](https://docs.rs/tracing) events.
//!
//! Needs the `tracing` feature.
//!
//! [`record`] emits one event for an error (any [`NormalizedError`]), and [`record_call`]
//! for a [`CallError`] (a provider's error or a transport failure, with its request), with
//! these fields, so that logs and traces can be searched by provider, code or request id
//! rather than by message text:
//!
//! | field | value |
//! |---|---|
//! | `error.type` | the wire code (`rate_limit_exceeded`), else the status (`"503"`); for a transport failure its kind (`timeout`): the low-cardinality class OpenTelemetry's `error.type` asks for |
//! | `provider` | the catalog's provider key |
//! | `status` | the HTTP status (0 for a transport failure) |
//! | `code` | the wire code, `""` if none |
//! | `category` | the normalised category (`rate_limited`) |
//! | `retryable` | whether the same request can be retried |
//! | `retry_after_ms` | the provider's wait in milliseconds, when it gave one |
//! | `request_id` | the provider's request id, when it sent one |
//! | `http.request.method`, `url.full` | with [`record_call`], for a [`CallError`] whose request is known (the URL without query or credentials) |
//!
//! The message is the error's `Display` (one bounded line). Every retry integration
//! ([`Retrying`](crate::retry::Retrying) and all that use it: backon, reqwest-retry, tower)
//! also emits one event per retry, target `error_catalog::retry`, level `INFO`, with
//! `attempt`, `wait_ms` and `source` (`provider`, `catalog_default`, `catalog_minimum`,
//! `error` or `backoff`: see [`Reason::as_str`]); a stop is a `DEBUG` event with its
//! `reason`.
//!
//! ```
//! # use error_catalog::NormalizedError;
//! # fn f(err: &dyn NormalizedError) {
//! error_catalog::tracing::record(err); // one WARN event with the fields above
//! # }
//! ```

use tracing::Level;

use crate::retry::{Decision, Reason, Verdict};
use crate::{CallError, NormalizedError, TransportError};

/// Emits one `WARN` event for `error`, with the fields in the [module](self)'s table.
pub fn record(error: &(impl NormalizedError + ?Sized)) {
    record_at(Level::WARN, error);
}

/// [`record`] at `level`.
pub fn record_at(level: Level, error: &(impl NormalizedError + ?Sized)) {
    let code = error.code();
    let status = error.status();
    let error_type = error_type(error);
    let retry_after_ms = error.retry_after().map(millis);
    macro_rules! emit {
        ($level:expr) => {
            tracing::event!(
                target: "error_catalog",
                $level,
                error.type = %error_type,
                provider = error.provider(),
                status,
                code,
                category = %error.category(),
                retryable = error.is_retryable(),
                retry_after_ms,
                request_id = error.request_id(),
                "{error}"
            )
        };
    }
    match level {
        Level::ERROR => emit!(Level::ERROR),
        Level::WARN => emit!(Level::WARN),
        Level::INFO => emit!(Level::INFO),
        Level::DEBUG => emit!(Level::DEBUG),
        _ => emit!(Level::TRACE),
    }
}

/// Emits one `WARN` event for a failed call: the provider's error as [`record`] does (with
/// the request's method and URL), or the transport failure.
pub fn record_call<E: NormalizedError>(error: &CallError<E>) {
    let request = error.request();
    let method = request.method().map(|m| m.as_str().to_owned());
    let url = request.url_for_logs().map(|u| u.into_owned());
    match error {
        CallError::Api { error, .. } => {
            tracing::event!(
                target: "error_catalog",
                Level::WARN,
                error.type = %error_type(error),
                provider = error.provider(),
                status = error.status(),
                code = error.code(),
                category = %error.category(),
                retryable = error.is_retryable(),
                retry_after_ms = error.retry_after().map(millis),
                request_id = error.request_id(),
                http.request.method = method,
                url.full = url,
                "{error}"
            );
        }
        CallError::Transport(t) => record_transport(t, method, url),
    }
}

/// OpenTelemetry's `error.type`: the wire code, else the status.
fn error_type(error: &(impl NormalizedError + ?Sized)) -> String {
    match error.code() {
        "" => error.status().to_string(),
        code => code.to_owned(),
    }
}

/// Whole milliseconds, saturating.
fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn record_transport(error: &TransportError, method: Option<String>, url: Option<String>) {
    tracing::event!(
        target: "error_catalog",
        Level::WARN,
        error.type = error.kind().as_str(),
        status = 0u16,
        retryable = error.is_retryable(),
        http.request.method = method,
        url.full = url,
        "{error}"
    );
}

/// The event of one retry decision (see the [module](self)).
pub(crate) fn retry_event(attempt: u32, verdict: &Verdict) {
    match verdict.decision {
        Decision::RetryAfter(wait) => tracing::info!(
            target: "error_catalog::retry",
            attempt,
            wait_ms = millis(wait),
            source = verdict.reason.as_str(),
            "retrying in {:.3} s ({})",
            wait.as_secs_f64(),
            verdict.reason,
        ),
        Decision::Stop => {
            let asked_ms = match verdict.reason {
                Reason::WaitTooLong { asked } => Some(millis(asked)),
                _ => None,
            };
            tracing::debug!(
                target: "error_catalog::retry",
                attempt,
                reason = verdict.reason.as_str(),
                asked_ms,
                "not retrying ({})",
                verdict.reason,
            );
        }
    }
}
