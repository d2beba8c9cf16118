use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::{Bytes, Category, Headers, RetryRule};

/// What every generated error enum says about itself, whatever the provider.
///
/// Object safe: `&dyn NormalizedError` handles errors of several providers alike.
pub trait NormalizedError: std::error::Error + Send + Sync + 'static {
    /// The catalog's provider key, e.g. `"attio"`.
    ///
    /// `&'static str` for the generated enums; a catalog loaded at run time
    /// ([`DynError`](crate::DynError)) owns its key, hence `&str`.
    fn provider(&self) -> &str;
    /// The HTTP status as received.
    fn status(&self) -> u16;
    /// The wire code as received, `""` if there was none.
    fn code(&self) -> &str;
    /// The provider's human message, `""` if there was none.
    fn message(&self) -> &str;
    /// The normalised category.
    fn category(&self) -> Category;
    /// Whether sending the same request again, unchanged, can succeed.
    fn is_retryable(&self) -> bool;
    /// How long to wait from now before retrying, when the provider says; zero once the
    /// time has passed. Capped at [`MAX_RETRY_DELAY`](crate::MAX_RETRY_DELAY).
    fn retry_after(&self) -> Option<Duration>;
    /// When a retry may succeed, when the provider says.
    fn retry_at(&self) -> Option<SystemTime>;
    /// How to fix it: the code's hint, or the matching message pattern's. Never empty.
    fn fix_hint(&self) -> &str;
    /// Exactly the bytes received.
    fn raw_body(&self) -> &[u8];
    /// An owned, serializable summary.
    fn normalize(&self) -> Normalized;
    /// The provider's request id, for support tickets, where the response carries one (the
    /// catalog says where: a header such as `Request-Id`, or a body field).
    fn request_id(&self) -> Option<&str> {
        None
    }
    /// Where [`retry_at`](Self::retry_at) came from: the provider's response (which of the
    /// catalog's sources), or the catalog's default or least wait; `None` without a time.
    fn wait_origin(&self) -> Option<crate::WaitOrigin> {
        None
    }
}

/// An owned, serializable summary of an error, e.g. for logs or an API of your own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Normalized {
    /// The catalog's provider key.
    pub provider: String,
    /// The name of the generated variant, e.g. `"RateLimitExceeded"` or `"Unrecognized"`.
    pub variant: String,
    /// The HTTP status as received.
    pub status: u16,
    /// The wire code as received (`""` if none).
    pub code: String,
    /// The provider's message as received (`""` if none).
    pub message: String,
    /// The provider's own type string, where its format has one.
    pub provider_type: Option<String>,
    /// The normalised category.
    pub category: Category,
    /// The retry rule in force.
    pub retry_rule: RetryRule,
    /// Whether retrying the same request can succeed.
    pub retryable: bool,
    /// Seconds to wait from the moment of normalising, when the provider said: whole
    /// microseconds, rounded up, so that the value reads back from JSON as it was written.
    pub retry_after_secs: Option<f64>,
    /// One line: what happened.
    pub summary: String,
    /// How to fix it.
    pub fix_hint: String,
    /// Documentation for this error or provider.
    pub docs_url: Option<String>,
    /// The provider's request id, where the response carried one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// Types built from an HTTP error response: every generated enum.
///
/// Lets generic code ask for "any catalog error type": the integrations are written
/// against it ([`http::ResponseExt`](crate::http::ResponseExt), and with the `reqwest`
/// feature `reqwest::ResponseExt::error_for_status_as::<E>()`), and so can yours. Generated
/// enums also have an inherent `from_response` with the same signature (plus
/// `from_response_at`, which takes the clock), so calling it on a concrete enum needs no
/// import.
///
/// The contract every implementation keeps:
///
/// - **total**: any status, any headers, any bytes give a value; nothing panics, nothing
///   fails. A body that is not the provider's JSON, or larger than
///   [`MAX_PARSED_BODY`](crate::MAX_PARSED_BODY), is kept and the status decides;
/// - **lossless**: the status and the body bytes are kept as received;
/// - **time-relative**: a retry time given as a delay (`Retry-After: 30`) counts from the
///   moment of the call.
///
/// Pair it with [`NormalizedError`] to act on the result without naming the provider:
///
/// ```
/// use std::time::Duration;
/// use error_catalog::{FromResponse, NormalizedError};
///
/// /// How long to wait before retrying a failed call, if at all, whatever the catalog.
/// fn wait_before_retry<E: FromResponse + NormalizedError>(
///     status: u16,
///     headers: &http::HeaderMap,
///     body: &[u8],
/// ) -> Option<Duration> {
///     let error = E::from_response(status, headers, body);
///     error.is_retryable().then(|| error.retry_after().unwrap_or(Duration::from_secs(1)))
/// }
/// ```
pub trait FromResponse: Sized {
    /// Classifies a response. Total: never panics, never fails.
    ///
    /// `headers` is anything implementing [`Headers`]: `&http::HeaderMap`, a slice, array or
    /// `Vec` of `(name, value)` pairs, or `()` for none.
    fn from_response<H: Headers>(status: u16, headers: H, body: &[u8]) -> Self;

    /// [`from_response`](Self::from_response) for a body the caller owns as [`Bytes`]: the
    /// generated enums keep it without copying (the default copies).
    fn from_response_bytes<H: Headers>(status: u16, headers: H, body: Bytes) -> Self {
        Self::from_response(status, headers, &body)
    }

    /// Whether this value is an error: `false` for a response classified as no error (a
    /// success status that the catalog does not mark as an error). Integrations that read
    /// the body of a success response ([`errors_in_success`](Self::errors_in_success)) hand
    /// the response on when this is `false`. The default: `true`.
    fn is_error(&self) -> bool {
        true
    }

    /// Whether a response with a success status (1xx to 3xx) can be an error of this type
    /// (the catalog declares `[[provider.success_error]]`, as Slack's `"ok": false` and
    /// GraphQL's `errors`): integrations then read such a response's body too.
    fn errors_in_success() -> bool {
        false
    }
}

/// A wait in seconds, rounded up to whole microseconds: `micros / 10^6` with `micros` under
/// 2^53 is a number that JSON readers (serde_json's default, which is not correctly rounded
/// for every 17-digit number) read back exactly, unlike `Duration::as_secs_f64` of any
/// nanosecond count (29.999998648000002 reads back as 29.999998648).
pub(crate) fn wait_secs(wait: Duration) -> f64 {
    let micros = wait.as_nanos().div_ceil(1000);
    // Waits are at most a day (`MAX_RETRY_DELAY`); a larger one only loses precision.
    micros as f64 / 1e6
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::wait_secs;

    #[test]
    fn waits_in_seconds_read_back_from_json_as_written() {
        let mut nanos: u64 = 29_999_998_648;
        for _ in 0..20_000 {
            let secs = wait_secs(Duration::from_nanos(nanos));
            let json = serde_json::to_string(&secs).unwrap_or_default();
            assert_eq!(
                serde_json::from_str::<f64>(&json).ok(),
                Some(secs),
                "{nanos} ns: {json}"
            );
            nanos = nanos
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407)
                % 86_400_000_000_000;
        }
        assert_eq!(wait_secs(Duration::from_nanos(29_999_998_648)), 29.999_999);
        assert_eq!(wait_secs(Duration::from_millis(1500)), 1.5);
        assert_eq!(wait_secs(Duration::ZERO), 0.0);
        assert_eq!(wait_secs(Duration::from_nanos(1)), 0.000_001);
    }
}
