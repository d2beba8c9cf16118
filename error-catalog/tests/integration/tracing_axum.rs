//! Feature `tracing`: an error as structured fields, one event per retry. Feature `axum`:
//! problem details as a response, and the gateway view that leaks nothing.

#![cfg(all(feature = "tracing", feature = "axum"))]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{AttioError, SlackError};
use axum_core::response::IntoResponse;
use error_catalog::retry::Backoff;
use error_catalog::{Gateway, NormalizedError, ProblemDetails};
use http_body_util::BodyExt;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// An event's target, level and fields, as text.
type Captured = (String, String, BTreeMap<String, String>);

/// Every event.
#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<Captured>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Subscriber for Events {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let meta = event.metadata();
        self.0.lock().expect("not poisoned").push((
            meta.target().to_owned(),
            meta.level().to_string(),
            fields,
        ));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn captured(f: impl FnOnce()) -> Vec<Captured> {
    let events = Events::default();
    tracing::subscriber::with_default(events.clone(), f);
    events.0.lock().expect("not poisoned").clone()
}

fn rate_limited() -> SlackError {
    SlackError::from_response(
        429,
        [("Retry-After", "30"), ("x-slack-req-id", "req-7")],
        br#"{"ok":false,"error":"ratelimited"}"#,
    )
}

#[test]
fn one_call_records_an_error_as_fields() {
    let err = rate_limited();
    let events = captured(|| error_catalog::tracing::record(&err));
    assert_eq!(events.len(), 1);
    let (target, level, fields) = &events[0];
    assert_eq!((target.as_str(), level.as_str()), ("error_catalog", "WARN"));
    assert_eq!(fields["error.type"], "ratelimited");
    assert_eq!(fields["provider"], "slack");
    assert_eq!(fields["status"], "429");
    assert_eq!(fields["code"], "ratelimited");
    assert_eq!(fields["category"], "rate_limited");
    assert_eq!(fields["retryable"], "true");
    let ms: u64 = fields["retry_after_ms"].parse().expect("a number");
    assert!((29_000..=30_000).contains(&ms), "{ms}");
    assert_eq!(fields["request_id"], "req-7");
    assert!(
        fields["message"].starts_with("Slack 429 ratelimited"),
        "{fields:?}"
    );
}

#[test]
fn every_retry_is_one_event_with_its_wait_and_source() {
    let err = rate_limited();
    let html = AttioError::from_response(503, (), b"<html>down</html>");
    let policy = Backoff::default().with_jitter(false).with_max_attempts(3);
    let events = captured(|| {
        let mut retrying = policy.start();
        let _ = retrying.next(&err);
        let _ = retrying.next(&html);
        let _ = retrying.next(&html);
    });
    let retries: Vec<_> = events
        .iter()
        .filter(|(t, l, _)| t == "error_catalog::retry" && l == "INFO")
        .map(|(_, _, f)| f)
        .collect();
    assert_eq!(retries.len(), 2, "{events:?}");
    assert_eq!(
        retries[0]["source"], "provider",
        "the Retry-After of the response"
    );
    assert_eq!(retries[0]["attempt"], "1");
    let ms: u64 = retries[0]["wait_ms"].parse().expect("a number");
    assert!((29_000..=30_000).contains(&ms));
    assert_eq!(retries[1]["source"], "backoff");
    assert_eq!(retries[1]["wait_ms"], "1000");
    let stops: Vec<_> = events.iter().filter(|(_, l, _)| l == "DEBUG").collect();
    assert_eq!(stops.len(), 1);
    assert_eq!(stops[0].2["reason"], "attempts_used_up");
}

async fn parts(r: axum_core::response::Response) -> (u16, http::HeaderMap, String) {
    let (parts, body) = r.into_parts();
    let bytes = body.collect().await.expect("a body").to_bytes();
    (
        parts.status.as_u16(),
        parts.headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

#[tokio::test]
async fn problem_details_are_a_response() {
    let err = rate_limited();
    let (status, headers, body) = parts(ProblemDetails::from_error(&err).into_response()).await;
    assert_eq!(status, 429);
    assert_eq!(headers["content-type"], "application/problem+json");
    let secs: u64 = headers["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((29..=30).contains(&secs));
    assert!(body.contains(r#""code":"ratelimited""#), "{body}");
    // A status HTTP does not define goes out as 502, in the body too (RFC 9457: they match).
    for upstream in [42, 999] {
        let err = AttioError::from_response(upstream, (), b"{}");
        let (status, _, body) = parts(ProblemDetails::from_error(&err).into_response()).await;
        assert_eq!(status, 502, "{upstream}");
        let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(json["status"], 502, "{upstream}: {body}");
    }
}

#[tokio::test]
async fn the_gateway_view_leaks_nothing() {
    let bad_key = AttioError::from_response(401, (), crate::support::BAD_KEY.as_bytes());
    assert!(!bad_key.fix_hint().is_empty());
    let events = Arc::new(Mutex::new(Vec::new()));
    let gateway = {
        let sub = Events(Arc::clone(&events));
        tracing::subscriber::with_default(sub, || Gateway::from(bad_key.clone()))
    };
    let (status, headers, body) = parts(gateway.into_response()).await;
    assert_eq!(status, 502, "your credentials, not the caller's");
    assert_eq!(headers["content-type"], "application/problem+json");
    assert!(headers.get("retry-after").is_none());
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(json["type"], "urn:error-catalog:upstream:authentication");
    assert_eq!(json["title"], "Bad Gateway");
    assert_eq!(json["retryable"], false);
    for leak in [
        "attio",
        "Attio",
        "invalid_api_key",
        "Invalid API key",
        bad_key.fix_hint(),
    ] {
        assert!(!body.contains(leak), "{leak:?} in {body}");
    }
    // The operator's side: the whole error, logged once.
    let logged = events.lock().expect("not poisoned").clone();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].2["code"], "invalid_api_key");

    let limited = ProblemDetails::gateway(&rate_limited());
    assert_eq!((limited.status, limited.retryable), (503, true));
    assert!(limited.retry_after.is_some_and(|s| (29..=30).contains(&s)));
    let (status, headers, _) = parts(limited.into_response()).await;
    assert_eq!(status, 503);
    assert!(headers.contains_key("retry-after"));

    let not_found = AttioError::from_response(
        404,
        (),
        br#"{"code":"not_found","message":"no such record"}"#,
    );
    let view = ProblemDetails::gateway(&not_found);
    assert_eq!((view.status, view.detail.as_deref()), (404, None));
    let _ = Duration::ZERO;
}
