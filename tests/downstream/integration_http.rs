//! `error_catalog::http`: from an `http::Response` with its body in memory to the shipped
//! catalog's enums.

use std::time::Duration;

use error_catalog::http::{ResponseExt, from_response};
use error_catalog::{Category, NormalizedError, WaitOrigin};
use error_catalog_workspace::{AttioError, AttractOsError};

use crate::common::WallClock;

fn response<B>(status: u16, headers: &[(&'static str, &str)], body: B) -> http::Response<B> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body).expect("a valid test response")
}

#[test]
fn an_attio_429_reads_the_retry_after_header() {
    let body = br#"{"status_code":429,"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded, please try again later"}"#;
    let resp = response(429, &[("Retry-After", "3")], body.to_vec());
    let clock = WallClock::start();
    let err = resp
        .error_for_status_ref_as::<AttioError>()
        .expect_err("a 429 is an error");
    assert!(matches!(err, AttioError::RateLimitExceeded(_)), "{err:?}");
    // The header was read (not the catalog's one-second default): 3 s after the call.
    assert_eq!(
        err.details().wait_origin(),
        Some(WaitOrigin::Provider { source: 0 })
    );
    clock.assert_retry_at(&err, Duration::from_secs(3));
    assert_eq!(err.raw_body(), body);
}

#[test]
fn an_attractos_quota_is_not_retryable() {
    let body = r#"{"error":"Monthly event limit exceeded","code":"LIMIT_EXCEEDED"}"#;
    let err = response(429, &[], body)
        .error_for_status_as::<AttractOsError>()
        .expect_err("a 429 is an error");
    assert!(matches!(err, AttractOsError::LimitExceeded(_)), "{err:?}");
    assert_eq!(err.category(), Category::QuotaExceeded);
    assert!(!err.is_retryable());
}

#[test]
fn a_success_passes_through_and_from_response_classifies_any_status() {
    let ok = response(200, &[], b"{}".to_vec())
        .error_for_status_as::<AttioError>()
        .expect("a 200 is no error");
    assert_eq!(ok.body(), b"{}");

    let html = response(503, &[], "<html>busy</html>");
    let err: AttioError = from_response(&html);
    assert_eq!(err.category(), Category::Server);
    assert!(err.is_retryable());

    let not_an_error: AttioError = from_response(&response(200, &[], ""));
    assert!(!not_an_error.is_retryable());
}

#[test]
fn a_body_held_as_bytes_arrives_whole() {
    let body = error_catalog::Bytes::from_static(br#"{"code":"not_found","message":"gone"}"#);
    let err = response(404, &[], body.clone())
        .error_for_status_as::<AttioError>()
        .expect_err("a 404 is an error");
    assert!(matches!(err, AttioError::NotFound(_)), "{err:?}");
    assert_eq!(err.details().raw_bytes(), body);
}
