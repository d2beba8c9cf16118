//! `DynError` (a provider given at run time) against the derived enums: one model and one
//! algorithm, so the same answers for every response. Then what the shipped `catalog.toml`
//! does not declare, seen through catalogs loaded at run time and the shipped Slack catalog:
//! request ids, errors inside a success response, RFC 3339 and duration retry times.

use std::sync::Arc;
use std::time::Duration;

use error_catalog::spec::{Provider, RuleRef};
use error_catalog::{
    ApiError, Bytes, Category, DynError, FromResponse, Normalized, NormalizedError, RetryRule,
    WaitOrigin,
};
use error_catalog_workspace::{AttioError, AttractOsError};

use crate::common::{acme, acme_at, now, wait};

/// The shipped Slack catalog, derived: a provider with a request id header and errors inside
/// success responses.
#[derive(ApiError)]
#[api_error(shipped = ["slack"])]
struct Shipped;

/// A response of a case table.
#[derive(Debug, Clone, Copy)]
struct Response {
    status: u16,
    headers: &'static [(&'static str, &'static str)],
    body: &'static [u8],
}

/// Everything a caller can observe of an error, derived or dynamic.
#[derive(Debug, PartialEq)]
struct Answers {
    normalized: Normalized,
    display: String,
    debug: String,
    retry_at: Option<std::time::SystemTime>,
    variant: String,
    code: Option<String>,
    cause: Option<String>,
    summary: String,
    docs_url: Option<String>,
    retry_rule: RetryRule,
    details: error_catalog::Details,
}

/// The [`Answers`] of a generated enum or a `DynError`: both have these inherent methods.
macro_rules! answers {
    ($e:expr) => {{
        let e = &$e;
        let mut normalized = NormalizedError::normalize(e);
        // Measured from the clock at the call: compared through `retry_at` instead.
        normalized.retry_after_secs = None;
        Answers {
            normalized,
            display: e.to_string(),
            debug: format!("{e:?}"),
            retry_at: NormalizedError::retry_at(e),
            variant: e.variant_name().to_owned(),
            code: e.code_spec().map(|c| c.code.to_string()),
            cause: e.pattern().map(|p| p.cause.to_string()),
            summary: e.summary().to_owned(),
            docs_url: e.docs_url().map(str::to_owned),
            retry_rule: e.retry_rule(),
            details: e.details().clone(),
        }
    }};
}

const ATTIO: &[Response] = &[
    Response {
        status: 429,
        headers: &[("Retry-After", "Sat, 22 Mar 2025 14:30:01 GMT")],
        body: br#"{"code":"rate_limit_exceeded","message":"slow"}"#,
    },
    Response {
        status: 429,
        headers: &[("Retry-After", "3")],
        body: br#"{"code":"rate_limit_exceeded","message":"complexity"}"#,
    },
    Response {
        status: 429,
        headers: &[],
        body: b"",
    },
    Response {
        status: 404,
        headers: &[],
        body: br#"{"code":"not_found","message":"Record not found"}"#,
    },
    Response {
        status: 422,
        headers: &[],
        body: br#"{"code":"validation_error","message":"Invalid email address"}"#,
    },
    Response {
        status: 502,
        headers: &[],
        body: b"<html>502</html>",
    },
    Response {
        status: 418,
        headers: &[],
        body: br#"{"code":"brand_new"}"#,
    },
    Response {
        status: 200,
        headers: &[],
        body: b"{}",
    },
];

const ATTRACTOS: &[Response] = &[
    Response {
        status: 429,
        headers: &[("X-RateLimit-Reset", "1742653860")],
        body: br#"{"error":"x","code":"RATE_LIMITED","retry_after":23}"#,
    },
    Response {
        status: 429,
        headers: &[("X-RateLimit-Reset", "1742653860")],
        body: br#"{"error":"x","code":"LIMIT_EXCEEDED"}"#,
    },
    Response {
        status: 429,
        headers: &[("X-RateLimit-Reset", "1742653860")],
        body: b"",
    },
    Response {
        status: 403,
        headers: &[],
        body: br#"{"error":"plan","code":"PLAN_REQUIRED"}"#,
    },
    Response {
        status: 503,
        headers: &[],
        body: b"down",
    },
];

const SLACK: &[Response] = &[
    Response {
        status: 200,
        headers: &[("x-slack-req-id", "9rj4io2i10iawjdasdfas")],
        body: br#"{"ok": false, "error": "invalid_auth"}"#,
    },
    Response {
        status: 429,
        headers: &[("Retry-After", "1")],
        body: br#"{"ok":false,"error":"ratelimited"}"#,
    },
    Response {
        status: 200,
        headers: &[],
        body: br#"{"ok": true, "channel": "C123"}"#,
    },
    Response {
        status: 503,
        headers: &[("x-slack-req-id", "abc")],
        body: b"<html>Server Error</html>",
    },
];

#[test]
fn dyn_error_answers_like_the_derived_enums() {
    for r in ATTIO {
        let derived = AttioError::from_response_at(r.status, r.headers, r.body, now());
        let spec = AttioError::provider_spec();
        let dynamic = DynError::from_response_at(spec, r.status, r.headers, r.body, now());
        assert_eq!(answers!(dynamic), answers!(derived), "attio {r:?}");
    }
    for r in ATTRACTOS {
        let derived = AttractOsError::from_response_at(r.status, r.headers, r.body, now());
        let spec = AttractOsError::provider_spec();
        let dynamic = DynError::from_response_at(spec, r.status, r.headers, r.body, now());
        assert_eq!(answers!(dynamic), answers!(derived), "attractos {r:?}");
    }
}

#[test]
fn a_catalog_loaded_at_run_time_is_the_one_the_derive_compiled() {
    let catalog = error_catalog_schema::parse(include_str!("../../catalog.toml"))
        .unwrap_or_else(|failed| panic!("{:?}", failed.diagnostics));
    let [attio, attractos]: [Provider; 2] = catalog.providers.try_into().expect("two providers");
    assert_eq!(&attio, AttioError::provider_spec());
    assert_eq!(&attractos, AttractOsError::provider_spec());

    let attio = Arc::new(attio);
    for r in ATTIO {
        let loaded = DynError::from_response_at(&attio, r.status, r.headers, r.body, now());
        let spec = AttioError::provider_spec();
        let compiled = DynError::from_response_at(spec, r.status, r.headers, r.body, now());
        assert_eq!(answers!(loaded), answers!(compiled), "{r:?}");
        assert_eq!(loaded, compiled, "{r:?}");
    }
}

#[test]
fn the_shipped_slack_catalog_answers_alike_derived_and_loaded() {
    let text = error_catalog_schema::shipped("slack").expect("slack is shipped");
    let catalog = error_catalog_schema::parse(text)
        .unwrap_or_else(|failed| panic!("{:?}", failed.diagnostics));
    let slack = Arc::new(catalog.providers.into_iter().next().expect("one provider"));
    assert_eq!(&*slack, SlackError::provider_spec());
    for r in SLACK {
        let derived = SlackError::from_response_at(r.status, r.headers, r.body, now());
        let dynamic = DynError::from_response_at(&slack, r.status, r.headers, r.body, now());
        assert_eq!(answers!(dynamic), answers!(derived), "slack {r:?}");
    }
}

#[test]
fn dyn_error_exposes_the_matched_pattern() {
    let body = br#"{"code":"validation_error","message":"Invalid email address: bob@"}"#;
    let e = DynError::from_response_at(AttioError::provider_spec(), 422, (), body, now());
    let pattern = e.pattern().expect("a pattern matched");
    let needle = pattern.contains.as_ref().map(|n| &*n.text);
    assert_eq!(needle, Some("Invalid email address"));
    assert_eq!(e.fix_hint(), pattern.rule.fix);
    assert_eq!(e.rule(), &pattern.rule);
    let n: Normalized = e.clone().into();
    assert_eq!(n.variant, "ValidationError");
    assert_eq!(e.into_details().status(), 422);
}

// --- request ids ---------------------------------------------------------------------------

#[test]
fn the_request_id_comes_from_where_the_catalog_says() {
    struct Case {
        headers: &'static [(&'static str, &'static str)],
        body: &'static [u8],
        request_id: Option<&'static str>,
    }
    let cases = [
        // The header comes first in the catalog, so it wins over the body.
        Case {
            headers: &[("x-request-id", "req_header")],
            body: br#"{"error":{"code":"slow_down","request_id":"req_body"}}"#,
            request_id: Some("req_header"),
        },
        Case {
            headers: &[],
            body: br#"{"error":{"code":"slow_down","request_id":"req_body"}}"#,
            request_id: Some("req_body"),
        },
        // A blank header is no request id: the next source is read.
        Case {
            headers: &[("X-Request-Id", "  ")],
            body: br#"{"error":{"code":"slow_down","request_id":"req_body"}}"#,
            request_id: Some("req_body"),
        },
        Case {
            headers: &[],
            body: br#"{"error":{"code":"slow_down","request_id":12345}}"#,
            request_id: Some("12345"),
        },
        Case {
            headers: &[],
            body: br#"{"error":{"code":"slow_down","request_id":"a\u00e9\n"}}"#,
            request_id: Some("a\u{e9}\n"),
        },
        Case {
            headers: &[],
            body: br#"{"error":{"code":"slow_down"}}"#,
            request_id: None,
        },
        // A proxy's page carries no code, and still the request id of its header.
        Case {
            headers: &[("X-Request-Id", "req_proxy")],
            body: b"<html>502 Bad Gateway</html>",
            request_id: Some("req_proxy"),
        },
    ];
    for case in cases {
        let e = acme_at(429, case.headers, case.body);
        assert_eq!(e.request_id(), case.request_id, "{e:?}");
        assert_eq!(e.details().request_id(), case.request_id);
        assert_eq!(e.normalize().request_id.as_deref(), case.request_id);
        assert_eq!(e.raw_body(), case.body, "the body is kept as received");
    }
}

#[test]
fn normalized_serializes_the_request_id_only_when_there_is_one() {
    let body = br#"{"error":{"code":"invalid_token","message":"expired"}}"#;
    let e = acme_at(401, [("X-Request-Id", "req_42")], body);
    let json = serde_json::to_value(e.normalize()).expect("serializes");
    assert_eq!(json["request_id"], "req_42");
    let back: Normalized = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, e.normalize());

    let e = acme_at(401, (), body);
    let json = serde_json::to_value(e.normalize()).expect("serializes");
    assert_eq!(json.get("request_id"), None);
}

#[test]
fn a_provider_that_declares_no_request_id_has_none() {
    let headers = [("X-Request-Id", "req_1"), ("Request-Id", "req_2")];
    let e = crate::common::attio(
        404,
        &headers,
        br#"{"code":"not_found","request_id":"req_3"}"#,
    );
    assert_eq!(e.request_id(), None);
    assert_eq!(e.normalize().request_id, None);
}

#[test]
fn a_derived_enum_reads_its_request_id_header() {
    let headers = [("x-slack-req-id", "9rj4io2i10iawjdasdfas")];
    let e = SlackError::from_response_at(
        429,
        headers,
        br#"{"ok":false,"error":"ratelimited"}"#,
        now(),
    );
    assert!(matches!(e, SlackError::Ratelimited(_)), "{e:?}");
    assert_eq!(e.request_id(), Some("9rj4io2i10iawjdasdfas"));
}

// --- errors inside a success response --------------------------------------------------------

#[test]
fn an_error_inside_a_success_response_is_classified() {
    let e = acme_at(
        200,
        (),
        br#"{"ok":false,"error":{"code":"invalid_token","message":"bad"}}"#,
    );
    assert_eq!(e.variant_name(), "InvalidToken");
    assert_eq!(e.category(), Category::Authentication);
    assert_eq!(
        e.variant_index(),
        e.provider_spec().find_code("invalid_token")
    );
    assert!(matches!(e.details().rule_ref(), RuleRef::Code(_)));

    // An unknown code in a failed success response: an error the catalog does not describe.
    let e = acme_at(200, (), br#"{"ok":false,"error":{"code":"brand_new"}}"#);
    assert_eq!(e.variant_name(), "Unrecognized");
    assert_eq!(e.code(), "brand_new");
    assert_eq!(e.details().rule_ref(), RuleRef::Unrecognized);

    // Without the marker, a success is no error, whatever code it carries.
    for body in [
        &br#"{"ok":true,"error":{"code":"invalid_token"}}"#[..],
        br#"{"error":{"code":"invalid_token"}}"#,
        br#"{"ok":"false","error":{"code":"invalid_token"}}"#,
        b"",
    ] {
        let e = acme_at(200, (), body);
        assert_eq!(e.variant_name(), "Unrecognized", "{e:?}");
        assert_eq!(e.details().rule_ref(), RuleRef::NotAnError, "{e:?}");
        assert!(!e.is_retryable());
    }
}

#[test]
fn errors_in_success_says_whether_the_catalog_marks_any() {
    fn marks<E: FromResponse>() -> bool {
        E::errors_in_success()
    }
    assert!(!marks::<AttioError>());
    assert!(!marks::<AttractOsError>());
    assert!(marks::<SlackError>());
    // And the marked response is an error of the derived enum.
    let e =
        SlackError::from_response_at(200, (), br#"{"ok": false, "error": "invalid_auth"}"#, now());
    assert!(matches!(e, SlackError::InvalidAuth(_)), "{e:?}");
    assert_eq!(e.category(), Category::Authentication);
}

// --- retry times written as RFC 3339 dates and durations -------------------------------------

/// The wait from `now()` in milliseconds, rounded: durations are read as floating point.
fn wait_ms(e: &DynError) -> Option<u128> {
    wait(e).map(|w| (w.as_secs_f64() * 1000.0).round() as u128)
}

/// The wait an Acme `Retry-At` header (RFC 3339) gives.
fn rfc3339_wait_ms(header: &str) -> Option<u128> {
    let e = acme_at(
        429,
        [("Retry-At", header)],
        br#"{"error":{"code":"slow_down"}}"#,
    );
    let origin = e.retry_at().map(|_| WaitOrigin::Provider { source: 0 });
    assert_eq!(e.details().wait_origin(), origin, "{header}");
    wait_ms(&e)
}

#[test]
fn an_rfc3339_retry_time() {
    assert_eq!(rfc3339_wait_ms("2025-03-22T14:30:05Z"), Some(5_000));
    assert_eq!(rfc3339_wait_ms("2025-03-22t14:30:05z"), Some(5_000));
    assert_eq!(rfc3339_wait_ms("2025-03-22 14:30:05Z"), Some(5_000));
    assert_eq!(rfc3339_wait_ms("2025-03-22T14:30:05.5Z"), Some(5_500));
    assert_eq!(rfc3339_wait_ms("2025-03-22T15:30:05+01:00"), Some(5_000));
    assert_eq!(rfc3339_wait_ms("2025-03-22T09:30:05-05:00"), Some(5_000));
    // In the past: no wait; too far ahead: capped.
    assert_eq!(rfc3339_wait_ms("2025-03-22T14:29:00Z"), Some(0));
    assert_eq!(rfc3339_wait_ms("2025-03-24T14:30:00Z"), Some(86_400_000));
    for garbage in [
        "Sat, 22 Mar 2025 14:30:05 GMT",
        "2025-02-30T14:30:05Z",
        "2025-03-22T24:30:05Z",
        "2025-03-22T14:30:05",
        "2025-03-22T14:30:05+0100",
        "1742653805",
        "",
    ] {
        assert_eq!(rfc3339_wait_ms(garbage), None, "{garbage:?}");
    }
}

/// The wait an Acme body's `retry_in` (a duration) gives; `value` is JSON.
fn duration_wait_ms(value: &str) -> Option<u128> {
    let body = format!(r#"{{"error":{{"code":"slow_down","retry_in":{value}}}}}"#);
    wait_ms(&acme_at(429, (), body.as_bytes()))
}

#[test]
fn a_duration_retry_time() {
    assert_eq!(duration_wait_ms(r#""1s""#), Some(1_000));
    assert_eq!(duration_wait_ms(r#""6m0s""#), Some(360_000));
    assert_eq!(duration_wait_ms(r#""1h30m""#), Some(5_400_000));
    assert_eq!(duration_wait_ms(r#""7.66s""#), Some(7_660));
    assert_eq!(duration_wait_ms(r#""120ms""#), Some(120));
    assert_eq!(duration_wait_ms(r#""0.500s""#), Some(500));
    // A bare number is seconds, as text or as a JSON number.
    assert_eq!(duration_wait_ms(r#""30""#), Some(30_000));
    assert_eq!(duration_wait_ms("2.5"), Some(2_500));
    assert_eq!(duration_wait_ms(r#""48h""#), Some(86_400_000));
    for garbage in [r#""5min""#, r#""1m30""#, r#""soon""#, r#""""#, "-1", "null"] {
        assert_eq!(duration_wait_ms(garbage), None, "{garbage}");
    }
}

#[test]
fn the_catalog_orders_the_retry_sources() {
    let body = br#"{"error":{"code":"slow_down","retry_in":"30s"}}"#;
    let e = acme_at(429, [("Retry-At", "2025-03-22T14:30:05Z")], body);
    assert_eq!(wait(&e), Some(Duration::from_secs(5)));
    assert_eq!(
        e.details().wait_origin(),
        Some(WaitOrigin::Provider { source: 0 })
    );
    // A date that does not parse falls through to the next source.
    let e = acme_at(429, [("Retry-At", "tomorrow")], body);
    assert_eq!(wait(&e), Some(Duration::from_secs(30)));
    assert_eq!(
        e.details().wait_origin(),
        Some(WaitOrigin::Provider { source: 1 })
    );
}

// --- bodies owned as `Bytes` -----------------------------------------------------------------

#[test]
fn from_response_bytes_keeps_the_body_without_copying() {
    let body = Bytes::from(br#"{"error":{"code":"invalid_token","message":"expired"}}"#.to_vec());
    let e = DynError::from_response_bytes(acme(), 401, (), body.clone());
    assert_eq!(e.variant_name(), "InvalidToken");
    assert_eq!(e.message(), "expired");
    assert_eq!(e.details().raw_bytes().as_ptr(), body.as_ptr());
    assert_eq!(e.raw_body(), &body[..]);

    // A text that must be decoded (an escape, a header) is copied; the body still arrives whole.
    let body = Bytes::from(br#"{"error":{"code":"invalid_token","message":"a\tb"}}"#.to_vec());
    let e = DynError::from_response_bytes(acme(), 401, [("X-Request-Id", "req_1")], body.clone());
    assert_eq!(e.message(), "a\tb");
    assert_eq!(e.request_id(), Some("req_1"));
    assert_eq!(e.raw_body(), &body[..]);
    assert_eq!(e.details().raw_bytes(), body);
}

/// Fallbacks for any code: with a known code, only fallbacks marked `any_code` apply (in
/// fallback order), and the code keeps its variant; without one, every fallback competes as
/// usual, narrowest first.
#[test]
fn fallbacks_for_any_code_rule_over_known_codes_only_when_they_hold() {
    const CATALOG: &str = r#"
[[provider]]
key = "edge"
name = "Edge"
docs_url = "https://edge.example/errors"
format = { code = "code", message = "message" }

[[provider.code]]
code = "busy"
status = 409
category = "conflict"
retry = "never"
summary = "Busy."
fix = "Wait for the other change."

[[provider.code]]
code = "broken"
status = 500
category = "server"
retry = "never"
summary = "Broken."
fix = "Report it."

[[provider.fallback]]
status = "5xx"
any_code = true
category = "server"
retry = "backoff"
summary = "Server error."
fix = "Retry with backoff."

[[provider.fallback]]
status = 503
category = "server"
retry = "after-delay"
default_delay = 30
summary = "Maintenance."
fix = "Retry in half a minute."

[[provider.fallback]]
status = 502
any_code = true
contains = "gateway"
code = "busy"
"#;
    let catalog = error_catalog_schema::parse(CATALOG)
        .unwrap_or_else(|failed| panic!("invalid catalog: {:?}", failed.diagnostics));
    let provider = Arc::new(catalog.providers.into_iter().next().expect("one provider"));
    let classify = |status: u16, body: &str| {
        DynError::from_response_at(Arc::clone(&provider), status, (), body.as_bytes(), now())
    };

    // A known code at a 503: the narrower 503 fallback is not for any code, so the 5xx one
    // gives its rule; the variant and the wire code stay the code's.
    let e = classify(503, r#"{"code":"busy","message":"try later"}"#);
    assert_eq!((e.variant_name(), e.code()), ("Busy", "busy"));
    assert_eq!(e.details().rule_ref(), RuleRef::Fallback(0));
    assert_eq!(e.retry_rule(), RetryRule::Backoff);
    assert_eq!(e.fix_hint(), "Retry with backoff.");

    // An unknown code at a 503: every fallback competes, and the narrowest decides.
    let e = classify(503, r#"{"code":"new","message":"try later"}"#);
    assert_eq!((e.variant_name(), e.code()), ("Unrecognized", "new"));
    assert_eq!(e.details().rule_ref(), RuleRef::Fallback(1));
    assert_eq!(e.retry_rule(), RetryRule::AfterDelay);
    assert_eq!(e.retry_at(), Some(now() + Duration::from_secs(30)));

    // A known code at a 502 whose message holds the narrower fallback's condition: that
    // fallback's rule (the rule of the code it names), and still the known code's variant.
    let e = classify(502, r#"{"code":"broken","message":"Bad gateway"}"#);
    assert_eq!((e.variant_name(), e.code()), ("Broken", "broken"));
    assert_eq!(e.details().rule_ref(), RuleRef::Fallback(2));
    assert_eq!(e.category(), Category::Conflict);
    assert!(!e.is_retryable());

    // ... and when the condition fails, the 5xx fallback for any code.
    let e = classify(502, r#"{"code":"broken","message":"Upstream down"}"#);
    assert_eq!(e.variant_name(), "Broken");
    assert_eq!(e.details().rule_ref(), RuleRef::Fallback(0));
    assert_eq!(e.retry_rule(), RetryRule::Backoff);

    // Without a known code, a fallback that names a code gives that code's variant.
    let e = classify(502, r#"{"code":"new","message":"Bad gateway"}"#);
    assert_eq!((e.variant_name(), e.code()), ("Busy", "new"));

    // Below 500 no fallback covers the status: the code's own rule.
    let e = classify(409, r#"{"code":"busy","message":"locked"}"#);
    assert_eq!(e.details().rule_ref(), RuleRef::Code(0));
    assert_eq!(e.category(), Category::Conflict);
    assert!(!e.is_retryable());
}
