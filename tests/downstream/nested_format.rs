//! A catalog of one's own with a nested body format, a body delay in milliseconds and a
//! non-exhaustive enum.

use std::time::{Duration, UNIX_EPOCH};

use error_catalog::{ApiError, Category, NormalizedError};

#[derive(ApiError)]
#[api_error(catalog = "tests/downstream/nested-format.toml")]
pub struct Catalog;

#[test]
fn codes_messages_and_delays_are_read_from_nested_objects() {
    let now = UNIX_EPOCH + Duration::from_secs(1_742_653_800);
    let body =
        br#"{"error":{"code":"too_fast","detail":{"message":"Slow down"},"retry_after_ms":1500}}"#;
    let e = AcmeError::from_response_at(429, (), body, now);
    assert!(matches!(e, AcmeError::TooFast(_)));
    assert_eq!(e.message(), "Slow down");
    assert_eq!(e.retry_at(), Some(now + Duration::from_millis(1500)));
    assert!(e.is_retryable());

    let e = AcmeError::from_response(404, (), br#"{"error":{"code":"record.not-found"}}"#);
    assert!(matches!(e, AcmeError::RecordNotFound(_)));
    assert_eq!(e.category(), Category::NotFound);
}

#[test]
fn a_code_one_level_too_high_is_not_the_formats_code() {
    let e = AcmeError::from_response(503, (), br#"{"code":"too_fast"}"#);
    assert!(matches!(e, AcmeError::Unrecognized(_)));
    assert_eq!(e.category(), Category::Server);
    assert_eq!(e.to_string(), "Acme 503: Acme server error.");
}

#[test]
fn generated_errors_clone_compare_and_give_up_their_details() {
    let e = AcmeError::from_response(429, (), br#"{"error":{"code":"too_fast"}}"#);
    let copy = e.clone();
    assert_eq!(copy, e);
    assert_eq!(e.into_details().status(), 429);
}
