//! RFC 9457 problem details of the shipped catalog's errors, as a service would hand them on.

use std::time::Duration;

use error_catalog::{Category, NormalizedError, ProblemDetails};
use error_catalog_workspace::{AttioError, AttractOsError};

use crate::common::{WallClock, acme_at, now};

const ATTIO_429: &[u8] = br#"{"status_code":429,"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded, please try again later"}"#;

#[test]
fn attio_429_snapshot() {
    let e = AttioError::from_response_at(
        429,
        [("Retry-After", "Sat, 22 Mar 2025 14:30:01 GMT")],
        ATTIO_429,
        now(),
    );
    let problem = ProblemDetails::from_error_at(&e, now());
    let json = serde_json::to_string_pretty(&problem).unwrap_or_default();
    let expected = r#"{
  "type": "urn:error-catalog:attio:RateLimitExceeded",
  "title": "Rate limit exceeded (10-second sliding window); the request was not processed.",
  "status": 429,
  "detail": "Rate limit exceeded, please try again later",
  "provider": "attio",
  "code": "rate_limit_exceeded",
  "category": "rate_limited",
  "retryable": true,
  "retry_after": 1,
  "fix_hint": "Wait until the time in the Retry-After header (an HTTP date, usually the next second), then retry; the request was not processed, so retrying is safe.",
  "docs_url": "https://docs.attio.com/rest-api/overview"
}"#;
    assert_eq!(json, expected);
    assert_eq!(
        problem.to_json(),
        serde_json::to_string(&problem).unwrap_or_default()
    );

    let back: ProblemDetails = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, problem);
}

#[test]
fn from_error_takes_trait_objects_and_counts_the_wait_from_now() {
    let clock = WallClock::start();
    let e = AttractOsError::from_response(
        429,
        (),
        br#"{"error":"Rate limit exceeded","code":"RATE_LIMITED","retry_after":23}"#,
    );
    // 23 seconds after the moment of the call.
    clock.assert_retry_at(&e, Duration::from_secs(23));
    let dynamic: &dyn NormalizedError = &e;
    let problem = ProblemDetails::from_error(dynamic);
    // Counted from the wall clock's now, rounded up to whole seconds: 23 at first, less
    // on a slow machine.
    assert!(
        problem.retry_after.is_some_and(|s| (1..=23).contains(&s)),
        "{:?}",
        problem.retry_after
    );
    // `from_error_at` counts from the clock it is given: from the moment of classification,
    // exactly the body's 23 seconds.
    let classified = e.retry_at().expect("a retry time") - Duration::from_secs(23);
    let exact = ProblemDetails::from_error_at(dynamic, classified);
    assert_eq!(exact.retry_after, Some(23));
    assert_eq!(problem.type_uri, "urn:error-catalog:attractos:RateLimited");
    assert_eq!(problem.category, Category::RateLimited);
    assert_eq!(
        problem.docs_url, None,
        "AttractOS has no docs URL in the catalog"
    );
}

#[test]
fn waits_round_up_and_past_times_are_zero() {
    let body = br#"{"error":"slow down","code":"RATE_LIMITED","retry_after":1.2}"#;
    let e = AttractOsError::from_response_at(429, (), body, now());
    assert_eq!(
        ProblemDetails::from_error_at(&e, now()).retry_after,
        Some(2)
    );
    let later = now() + Duration::from_secs(5);
    assert_eq!(
        ProblemDetails::from_error_at(&e, later).retry_after,
        Some(0)
    );
}

#[test]
fn no_retry_after_when_retrying_cannot_succeed() {
    // The score-based 429: Attio sends a Retry-After, but the pattern says waiting won't help.
    let body = br#"{"code":"rate_limit_exceeded","message":"Query complexity too high"}"#;
    let e = AttioError::from_response_at(429, [("Retry-After", "3")], body, now());
    assert_eq!(e.retry_after().map(|_| ()), Some(()));
    let problem = ProblemDetails::from_error_at(&e, now());
    assert!(!problem.retryable);
    assert_eq!(problem.retry_after, None);
    assert_eq!(problem.fix_hint, "Reduce the query's sorts and filters.");
    assert!(
        !problem.to_json().contains("retry_after"),
        "{}",
        problem.to_json()
    );
}

#[test]
fn unrecognized_responses_are_about_blank_with_the_reason_phrase() {
    let e = AttioError::from_response_at(502, (), b"<html>Bad Gateway</html>", now());
    let problem = ProblemDetails::from_error_at(&e, now());
    assert_eq!(problem.type_uri, "about:blank");
    assert_eq!(problem.title, "Bad Gateway");
    assert_eq!(problem.status, 502);
    assert_eq!(problem.detail, None, "no message: no detail");
    assert_eq!(problem.category, Category::Server);
    assert!(problem.retryable);
    assert_eq!(
        serde_json::to_value(&problem).unwrap_or_default(),
        serde_json::json!({
            "type": "about:blank",
            "title": "Bad Gateway",
            "status": 502,
            "provider": "attio",
            "category": "server",
            "retryable": true,
            "fix_hint": "Retry with exponential backoff; Attio may reduce rate limits during incidents, check https://status.attio.com",
            "docs_url": "https://docs.attio.com/rest-api/overview"
        })
    );

    // An unknown code is kept as received.
    let e = AttractOsError::from_response_at(
        418,
        (),
        br#"{"code":"TEAPOT","error":"short and stout"}"#,
        now(),
    );
    let problem = ProblemDetails::from_error_at(&e, now());
    assert_eq!(
        (problem.type_uri.as_str(), problem.title.as_str()),
        ("about:blank", "I'm a teapot")
    );
    assert_eq!(problem.code, "TEAPOT");
    assert_eq!(problem.detail.as_deref(), Some("short and stout"));
}

#[test]
fn a_status_fallback_to_a_code_is_that_code_s_problem_type() {
    let e = AttioError::from_response_at(429, (), b"", now());
    let problem = ProblemDetails::from_error_at(&e, now());
    assert_eq!(
        problem.type_uri,
        "urn:error-catalog:attio:RateLimitExceeded"
    );
    assert!(
        problem
            .to_json()
            .contains(r#""status":429,"provider":"attio","category""#),
        "no code: omitted"
    );
}

#[test]
fn the_request_id_is_an_extension_member() {
    let e = acme_at(
        429,
        [("X-Request-Id", "req_7f3a")],
        br#"{"error":{"code":"slow_down","message":"Slow down","retry_in":"2s"}}"#,
    );
    let problem = ProblemDetails::from_error_at(&e, now());
    assert_eq!(
        serde_json::to_value(&problem).unwrap_or_default(),
        serde_json::json!({
            "type": "urn:error-catalog:acme:SlowDown",
            "title": "Too many requests.",
            "status": 429,
            "detail": "Slow down",
            "provider": "acme",
            "code": "slow_down",
            "category": "rate_limited",
            "retryable": true,
            "retry_after": 2,
            "fix_hint": "Wait for the retry time, then retry.",
            "docs_url": "https://acme.example/errors",
            "request_id": "req_7f3a"
        })
    );
    let back: ProblemDetails =
        serde_json::from_str(&problem.to_json()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, problem);
}
