//! RFC 9457 problem details: an error of any provider, as your own API would report it.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use error_catalog_schema::model::is_layout_char;

use crate::{Category, NormalizedError};

/// The `type` of a problem the catalog does not describe (RFC 9457, section 4.2.1): it
/// means "no more than the status code says".
pub const ABOUT_BLANK: &str = "about:blank";

/// The prefix of the `type` of a problem the catalog describes:
/// `urn:error-catalog:{provider}:{variant}`.
pub const TYPE_PREFIX: &str = "urn:error-catalog:";

/// The prefix of the `type` of a [gateway](ProblemDetails::gateway) problem:
/// `urn:error-catalog:upstream:{category}` (`rate_limited`, `authentication`, …), or
/// `urn:error-catalog:upstream:transport` when the upstream did not answer.
pub const GATEWAY_TYPE_PREFIX: &str = "urn:error-catalog:upstream:";

/// An [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) problem details object
/// (`application/problem+json`) for an error of any provider.
///
/// A service that calls several APIs can hand their errors on to its own clients in one
/// standard shape, with what the catalog knows added as extension members:
///
/// ```json
/// {
///   "type": "urn:error-catalog:acme:SlowDown",
///   "title": "Too many requests.",
///   "status": 429,
///   "detail": "Slow down, please",
///   "provider": "acme",
///   "code": "slow_down",
///   "category": "rate_limited",
///   "retryable": true,
///   "retry_after": 2,
///   "fix_hint": "Wait for the Retry-After time, then retry.",
///   "docs_url": "https://acme.example/errors"
/// }
/// ```
///
/// - `type` identifies the problem type. For an error the catalog describes it is
///   `urn:error-catalog:{provider}:{variant}` (the variant's name, as you `match` on it in
///   Rust): a stable, opaque identifier that RFC 9457 allows to be non-resolvable. The docs
///   URL is not used as the type, because one documentation page often covers several
///   codes (two problem types must not share an identifier), and because adding a link to
///   the catalog would then change the identifier clients match on; it is given in
///   `docs_url` instead. For an unrecognized response the type is `about:blank` (the
///   problem has no meaning beyond its status) and the `title` is the status's reason
///   phrase, as RFC 9457 recommends (for a status without one, the rule's summary).
/// - `title` is the catalog's summary of the rule in force: the code's (a message pattern
///   keeps it), or that of a status fallback for any code, which can give a known code
///   another meaning (Attio's 5xx fallback); `detail` is the provider's own message for
///   this occurrence, when it sent one. `status` is the status the provider
///   sent: if your API answers with another one, set it to that (the member is advisory).
/// - `retry_after` is the number of whole seconds to wait, rounded up (a client that waits
///   that long never retries early, like the delta-seconds of a `Retry-After` header). It is
///   present only when the error is retryable and its wait is known: the provider's time,
///   or the catalog's default wait when the provider gave none
///   ([`NormalizedError::wait_origin`] says which).
///
/// Absent values are omitted, never `null`. `instance` is never filled in: only your API
/// knows the URI of the occurrence. Deserializing reads documents of this shape back
/// (unknown members, such as other extensions, are ignored, as RFC 9457 asks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemDetails {
    /// A URI that identifies the problem type (RFC 9457 `type`).
    #[serde(rename = "type", default = "about_blank")]
    pub type_uri: String,
    /// A short summary of the problem type (the catalog's summary).
    pub title: String,
    /// The HTTP status of the error.
    pub status: u16,
    /// What went wrong this time: the provider's message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A URI that identifies this occurrence; `None` from [`from_error`](Self::from_error).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Extension: the catalog's provider key; omitted when empty (a [gateway](Self::gateway)
    /// view).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provider: String,
    /// Extension: the wire code as received; omitted when the body had none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
    /// Extension: the normalised category.
    pub category: Category,
    /// Extension: whether sending the same request again can succeed.
    pub retryable: bool,
    /// Extension: whole seconds to wait before retrying, rounded up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// Extension: how to fix it (refined by the message); omitted when empty (a
    /// [gateway](Self::gateway) view).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fix_hint: String,
    /// Extension: documentation for this error or its provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    /// Extension: the provider's request id, for a support ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The variant name of an error the catalog does not describe; the catalog reserves it, so
/// no code's variant has it.
const UNRECOGNIZED_VARIANT: &str = "Unrecognized";

fn about_blank() -> String {
    ABOUT_BLANK.to_owned()
}

impl ProblemDetails {
    /// The problem details of an error of any provider; the retry wait counts from now.
    pub fn from_error(error: &(impl NormalizedError + ?Sized)) -> Self {
        Self::build(error, error.retry_after())
    }

    /// [`from_error`](Self::from_error) with the clock given: the retry wait counts from
    /// `now` (reproducible output, for tests and logs).
    pub fn from_error_at(error: &(impl NormalizedError + ?Sized), now: SystemTime) -> Self {
        let wait = error
            .retry_at()
            .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO));
        Self::build(error, wait)
    }

    fn build(error: &(impl NormalizedError + ?Sized), wait: Option<Duration>) -> Self {
        let n = error.normalize();
        let recognized = n.variant != UNRECOGNIZED_VARIANT;
        let (type_uri, title) = if recognized {
            (
                format!("{TYPE_PREFIX}{}:{}", n.provider, n.variant),
                n.summary,
            )
        } else {
            let reason = http::StatusCode::from_u16(n.status)
                .ok()
                .and_then(|s| s.canonical_reason());
            (about_blank(), reason.map_or(n.summary, str::to_owned))
        };
        ProblemDetails {
            type_uri,
            title,
            status: n.status,
            detail: Some(n.message).filter(|m| !m.is_empty()),
            instance: None,
            provider: n.provider,
            code: n.code,
            category: n.category,
            retryable: n.retryable,
            retry_after: wait.filter(|_| n.retryable).map(ceil_secs),
            fix_hint: n.fix_hint,
            docs_url: n.docs_url,
            request_id: n.request_id,
        }
    }

    /// What to tell *your* caller about an upstream error, without leaking it: the view of a
    /// gateway or a service that calls the provider on its caller's behalf.
    ///
    /// Only what the caller can act on goes out: a stable `type`
    /// ([`GATEWAY_TYPE_PREFIX`]`{category}`, which names no provider), the status's reason
    /// phrase as `title`, `category`, `retryable` and `retry_after`. The provider, its code,
    /// message, request id, docs and the fix hint (an operator's hint such as "check
    /// ATTIO_API_KEY") stay out: log the error itself for those (with the `tracing`
    /// feature, `error_catalog::tracing::record`). The status is the one your caller should
    /// see:
    ///
    /// | upstream | yours |
    /// |---|---|
    /// | 429 or a rate limit or quota, whatever the status (GitHub's 403 limits) | 503 (`retry_after` when retryable) |
    /// | 401, 403, 407: your credentials, not the caller's | 502 |
    /// | 408: the provider timed out waiting for your request | 504 |
    /// | 503, 504 | the same |
    /// | other 5xx, anything else not a 4xx | 502 |
    /// | other 4xx (400, 404, 409, 422…): about the request the caller made | the same |
    pub fn gateway(error: &(impl NormalizedError + ?Sized)) -> Self {
        let upstream = error.status();
        let category = error.category();
        // A rate limit first: GitHub sends its limits with a 403, which is no credentials
        // problem.
        let status = match (upstream, category) {
            (429, _) | (_, Category::RateLimited | Category::QuotaExceeded) => 503,
            (401 | 403 | 407, _) | (_, Category::Authentication | Category::Authorization) => 502,
            // The provider timed out waiting for your request: no fault of your caller's.
            (408, _) => 504,
            (503 | 504, _) => upstream,
            (400..=499, _) => upstream,
            _ => 502,
        };
        let retryable = error.is_retryable();
        let retry_after = error.retry_after().filter(|_| retryable).map(ceil_secs);
        Self::gateway_problem(
            status,
            &category.to_string(),
            category,
            retryable,
            retry_after,
        )
    }

    /// The [gateway](Self::gateway) view of an upstream that did not answer: 504 for a
    /// timeout, else 502; type `urn:error-catalog:upstream:transport`.
    pub fn gateway_transport(error: &crate::TransportError) -> Self {
        let status = match error.kind() {
            crate::TransportKind::Timeout => 504,
            _ => 502,
        };
        Self::gateway_problem(
            status,
            "transport",
            Category::Server,
            error.is_retryable(),
            None,
        )
    }

    fn gateway_problem(
        status: u16,
        kind: &str,
        category: Category,
        retryable: bool,
        retry_after: Option<u64>,
    ) -> Self {
        let title = http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Bad Gateway");
        ProblemDetails {
            type_uri: format!("{GATEWAY_TYPE_PREFIX}{kind}"),
            title: title.to_owned(),
            status,
            detail: None,
            instance: None,
            provider: String::new(),
            code: String::new(),
            category,
            retryable,
            retry_after,
            fix_hint: String::new(),
            docs_url: None,
            request_id: None,
        }
    }

    /// The JSON text, e.g. for an `application/problem+json` response body.
    ///
    /// Besides the control characters JSON itself escapes, the characters that change how a
    /// line looks without being seen (C1 controls, the bidirectional overrides, the line
    /// separators: a provider's message may hold them) are written as `\uXXXX` escapes, so
    /// the text is the same for a JSON reader and safe in a log or a terminal.
    pub fn to_json(&self) -> String {
        // Serializing plain strings, numbers and a unit enum cannot fail.
        escape_layout(serde_json::to_string(self).unwrap_or_default())
    }
}

/// Writes the characters [`is_layout_char`] names that serde_json leaves raw as `\uXXXX`.
/// Outside its strings serde_json writes only ASCII, so every such character is inside one.
fn escape_layout(json: String) -> String {
    let raw = |c: char| u32::from(c) >= 0x7f && is_layout_char(c);
    if !json.chars().any(raw) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whole seconds, rounded up.
fn ceil_secs(d: Duration) -> u64 {
    d.as_secs().saturating_add(u64::from(d.subsec_nanos() > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rate limit is a 503 at the gateway whatever status it came with (GitHub sends its
    /// limits with a 403); an authentication failure, a 502.
    #[test]
    fn the_gateway_answers_a_rate_limit_with_503_whatever_its_status() {
        use crate::fake::Fake;
        for (status, category, expected) in [
            (403, Category::RateLimited, 503),
            (429, Category::RateLimited, 503),
            (401, Category::QuotaExceeded, 503),
            (403, Category::Authorization, 502),
            (401, Category::Authentication, 502),
            (404, Category::NotFound, 404),
            (408, Category::Server, 504),
            (500, Category::Server, 502),
        ] {
            let view = ProblemDetails::gateway(&Fake::new(status, category, Some(30)));
            assert_eq!(view.status, expected, "{status} {category}");
            assert_eq!(
                view.title,
                http::StatusCode::from_u16(expected)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or_default()
            );
        }
    }

    #[test]
    fn waits_round_up_to_whole_seconds() {
        assert_eq!(ceil_secs(Duration::ZERO), 0);
        assert_eq!(ceil_secs(Duration::from_millis(1)), 1);
        assert_eq!(ceil_secs(Duration::from_secs(2)), 2);
        assert_eq!(ceil_secs(Duration::from_millis(2001)), 3);
        assert_eq!(ceil_secs(Duration::MAX), u64::MAX);
    }

    #[test]
    fn characters_that_rewrite_a_line_are_escaped() {
        let json = r#"{"title":"t","status":500,"provider":"p","category":"server",
                       "retryable":true,"fix_hint":"f"}"#;
        let mut p: ProblemDetails = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        p.title = "a\u{9b}b\u{202e}c\u{2028}d\u{7f}é\n".to_owned();
        let json = p.to_json();
        assert!(
            json.contains(r#""title":"a\u009bb\u202ec\u2028d\u007fé\n""#),
            "{json}"
        );
        assert!(!json.chars().any(is_layout_char), "{json}");
        let back: ProblemDetails = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.title, p.title);
    }

    #[test]
    fn absent_members_default_when_read_back() {
        let json = r#"{"title":"t","status":500,"provider":"p","category":"server",
                       "retryable":true,"fix_hint":"f","other_extension":1}"#;
        let p: ProblemDetails = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.type_uri, ABOUT_BLANK);
        assert_eq!(p.detail, None);
        assert_eq!(p.code, "");
        assert_eq!(p.retry_after, None);
        assert_eq!(
            p.to_json(),
            r#"{"type":"about:blank","title":"t","status":500,"provider":"p","category":"server","retryable":true,"fix_hint":"f"}"#
        );
        // A category of a newer version reads as `Unknown`.
        let newer = json.replace("\"server\"", "\"payment_required\"");
        let p: ProblemDetails = serde_json::from_str(&newer).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.category, Category::Unknown);
    }
}
