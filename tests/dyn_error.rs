//! `DynError` (a provider spec given at run time) against the derived enums of the same
//! catalog: the same algorithm, so the same answers for every response.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use error_catalog::{DynError, Normalized, NormalizedError};
use error_catalog_workspace::{AttioError, AttractOsError};

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_742_653_800)
}

/// Everything observable, for one error.
fn observed(e: &dyn NormalizedError) -> (Normalized, String, Option<SystemTime>, Vec<u8>) {
    let mut n = e.normalize();
    // Measured from the clock at the call: compared through `retry_at` instead.
    n.retry_after_secs = None;
    (n, e.to_string(), e.retry_at(), e.raw_body().to_vec())
}

type Case = (u16, &'static [(&'static str, &'static str)], &'static [u8]);

const ATTIO: &[Case] = &[
    (
        429,
        &[("Retry-After", "Sat, 22 Mar 2025 14:30:01 GMT")],
        br#"{"code":"rate_limit_exceeded","message":"slow"}"#,
    ),
    (
        429,
        &[("Retry-After", "3")],
        br#"{"code":"rate_limit_exceeded","message":"complexity"}"#,
    ),
    (429, &[], b""),
    (
        404,
        &[],
        br#"{"code":"not_found","message":"Record not found"}"#,
    ),
    (
        422,
        &[],
        br#"{"code":"validation_error","message":"Invalid email address"}"#,
    ),
    (502, &[], b"<html>502</html>"),
    (418, &[], br#"{"code":"brand_new"}"#),
    (200, &[], b"{}"),
];

const ATTRACTOS: &[Case] = &[
    (
        429,
        &[("X-RateLimit-Reset", "1742653860")],
        br#"{"error":"x","code":"RATE_LIMITED","retry_after":23}"#,
    ),
    (
        429,
        &[("X-RateLimit-Reset", "1742653860")],
        br#"{"error":"x","code":"LIMIT_EXCEEDED"}"#,
    ),
    (429, &[("X-RateLimit-Reset", "1742653860")], b""),
    (403, &[], br#"{"error":"plan","code":"PLAN_REQUIRED"}"#),
    (503, &[], b"down"),
];

#[test]
fn dyn_error_answers_like_the_derived_enums() {
    for &(status, headers, body) in ATTIO {
        let derived = AttioError::from_response_at(status, headers, body, now());
        let dynamic =
            DynError::from_response_at(AttioError::provider_spec(), status, headers, body, now());
        assert_eq!(
            observed(&dynamic),
            observed(&derived),
            "attio {status} {body:?}"
        );
        assert_eq!(dynamic.variant_name(), derived.variant_name());
        assert_eq!(dynamic.summary(), derived.summary());
        assert_eq!(dynamic.docs_url(), derived.docs_url());
        assert_eq!(dynamic.retry_rule(), derived.retry_rule());
        assert_eq!(format!("{dynamic:?}"), format!("{derived:?}"));
        assert_eq!(dynamic.details(), derived.details());
    }
    for &(status, headers, body) in ATTRACTOS {
        let derived = AttractOsError::from_response_at(status, headers, body, now());
        let dynamic = DynError::from_response_at(
            AttractOsError::provider_spec(),
            status,
            headers,
            body,
            now(),
        );
        assert_eq!(
            observed(&dynamic),
            observed(&derived),
            "attractos {status} {body:?}"
        );
        assert_eq!(
            dynamic.code_spec().map(|c| c.code),
            derived.code_spec().map(|c| c.code)
        );
    }
}

#[test]
fn dyn_error_exposes_the_matched_pattern() {
    let body = br#"{"code":"validation_error","message":"Invalid email address: bob@"}"#;
    let e = DynError::from_response_at(AttioError::provider_spec(), 422, (), body, now());
    let pattern = e.pattern().map(|p| p.contains);
    assert_eq!(pattern, Some("Invalid email address"));
    assert_eq!(Some(e.fix_hint()), e.pattern().map(|p| p.fix));
    let n: Normalized = e.clone().into();
    assert_eq!(n.variant, "ValidationError");
    assert_eq!(e.into_details().status(), 422);
}
