// The generated code compiles in a crate that forbids `unsafe`: what the enums need is in
// the runtime crate.
#![forbid(unsafe_code)]
use error_catalog::{ApiError, NormalizedError};

#[derive(ApiError)]
#[api_error(catalog = "catalog.toml")]
pub struct Catalog;

fn main() {
    let e = AttioError::from_response(429, [("Retry-After", "2")], br#"{"code":"rate_limit_exceeded"}"#);
    assert!(matches!(e, AttioError::RateLimitExceeded(_)));
    assert!(e.is_retryable());
    let copy = e.clone();
    assert_eq!(copy, e);
    assert_eq!(e.into_details().status(), 429);
}
