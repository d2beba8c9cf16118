//! The shipped catalog, exercised as a user would: realistic bodies for every code and
//! message pattern of both source documents, retry times in each form, and the fallbacks.

use std::time::Duration;

use error_catalog::spec::RuleRef;
use error_catalog::{Bytes, Category, FromResponse, NormalizedError, RetryRule, WaitOrigin};
use error_catalog_workspace::{AttioError, AttractOsError};

use crate::common::{NOW_SECS, now};

/// An Attio error with Attio's body: `status_code`, `type`, `code` and `message`.
fn attio(status: u16, code: &str, kind: &str, message: &str) -> AttioError {
    let body =
        serde_json::json!({"status_code": status, "type": kind, "code": code, "message": message});
    crate::common::attio(status, &[], body.to_string().as_bytes())
}

/// An AttractOS error with AttractOS's body: `error` (the message) and `code`.
fn attractos(status: u16, code: &str, message: &str) -> AttractOsError {
    let body = serde_json::json!({"error": message, "code": code});
    crate::common::attractos(status, &[], body.to_string().as_bytes())
}

/// A code of the catalog and what it must mean.
struct CodeCase<E> {
    status: u16,
    code: &'static str,
    is_variant: fn(&E) -> bool,
    category: Category,
    retry: RetryRule,
    /// A phrase of its fix hint, found in no other code's hint.
    fix: &'static str,
}

#[test]
fn every_attio_code_maps_to_its_variant_with_its_meaning() {
    use AttioError as A;
    /// Attio's `type` of each code, as the body sends it.
    struct Attio {
        kind: &'static str,
        case: CodeCase<AttioError>,
    }
    let cases = [
        Attio {
            kind: "invalid_request_error",
            case: CodeCase {
                status: 400,
                code: "invalid_request",
                is_variant: |e| matches!(e, A::InvalidRequest(_)),
                category: Category::InvalidRequest,
                retry: RetryRule::Never,
                fix: "GET /v2/objects/{obj}/attributes",
            },
        },
        Attio {
            kind: "authentication_error",
            case: CodeCase {
                status: 401,
                code: "invalid_api_key",
                is_variant: |e| matches!(e, A::InvalidApiKey(_)),
                category: Category::Authentication,
                retry: RetryRule::Never,
                fix: "Bearer <token>",
            },
        },
        Attio {
            kind: "authorization_error",
            case: CodeCase {
                status: 403,
                code: "insufficient_scopes",
                is_variant: |e| matches!(e, A::InsufficientScopes(_)),
                category: Category::Authorization,
                retry: RetryRule::Never,
                fix: "Settings > Developers > Access tokens",
            },
        },
        Attio {
            kind: "not_found_error",
            case: CodeCase {
                status: 404,
                code: "not_found",
                is_variant: |e| matches!(e, A::NotFound(_)),
                category: Category::NotFound,
                retry: RetryRule::Never,
                fix: "api_slug",
            },
        },
        Attio {
            kind: "conflict_error",
            case: CodeCase {
                status: 409,
                code: "conflict",
                is_variant: |e| matches!(e, A::Conflict(_)),
                category: Category::Conflict,
                retry: RetryRule::Never,
                fix: "PUT",
            },
        },
        Attio {
            kind: "validation_error",
            case: CodeCase {
                status: 422,
                code: "validation_error",
                is_variant: |e| matches!(e, A::ValidationError(_)),
                category: Category::Validation,
                retry: RetryRule::Never,
                fix: "E.164",
            },
        },
        Attio {
            kind: "rate_limit_error",
            case: CodeCase {
                status: 429,
                code: "rate_limit_exceeded",
                is_variant: |e| matches!(e, A::RateLimitExceeded(_)),
                category: Category::RateLimited,
                retry: RetryRule::AfterDelay,
                fix: "Retry-After",
            },
        },
    ];
    let mut hints = Vec::new();
    for Attio { kind, case } in &cases {
        let e = attio(case.status, case.code, kind, "Something went wrong");
        assert_eq!(e.provider(), "attio");
        assert_eq!(e.details().provider_type(), Some(*kind));
        assert_eq!(e.message(), "Something went wrong");
        hints.push(assert_code_case(&e, case));
    }
    assert_fixes_are_distinct(&hints);
}

#[test]
fn every_attractos_code_maps_to_its_variant_with_its_meaning() {
    use AttractOsError as O;
    let cases: [CodeCase<AttractOsError>; 11] = [
        CodeCase {
            status: 401,
            code: "MISSING_KEY",
            is_variant: |e| matches!(e, O::MissingKey(_)),
            category: Category::Authentication,
            retry: RetryRule::Never,
            fix: "Bearer YOUR_API_KEY",
        },
        CodeCase {
            status: 401,
            code: "INVALID_KEY",
            is_variant: |e| matches!(e, O::InvalidKey(_)),
            category: Category::Authentication,
            retry: RetryRule::Never,
            fix: "Generate a new key",
        },
        CodeCase {
            status: 401,
            code: "USER_NOT_FOUND",
            is_variant: |e| matches!(e, O::UserNotFound(_)),
            category: Category::Authentication,
            retry: RetryRule::Never,
            fix: "Create a new account",
        },
        CodeCase {
            status: 403,
            code: "SITE_NOT_FOUND",
            is_variant: |e| matches!(e, O::SiteNotFound(_)),
            category: Category::Authorization,
            retry: RetryRule::Never,
            fix: "GET /api/v1/sites",
        },
        CodeCase {
            status: 403,
            code: "PLAN_REQUIRED",
            is_variant: |e| matches!(e, O::PlanRequired(_)),
            category: Category::Authorization,
            retry: RetryRule::Never,
            fix: "Upgrade to Pro",
        },
        CodeCase {
            status: 400,
            code: "MISSING_SITE_ID",
            is_variant: |e| matches!(e, O::MissingSiteId(_)),
            category: Category::InvalidRequest,
            retry: RetryRule::Never,
            fix: "/api/v1/sites/{siteId}/stats",
        },
        CodeCase {
            status: 400,
            code: "INVALID_DATE_RANGE",
            is_variant: |e| matches!(e, O::InvalidDateRange(_)),
            category: Category::InvalidRequest,
            retry: RetryRule::Never,
            fix: "ISO 8601",
        },
        CodeCase {
            status: 400,
            code: "INVALID_JSON",
            is_variant: |e| matches!(e, O::InvalidJson(_)),
            category: Category::InvalidRequest,
            retry: RetryRule::Never,
            fix: "JSON validator",
        },
        CodeCase {
            status: 429,
            code: "RATE_LIMITED",
            is_variant: |e| matches!(e, O::RateLimited(_)),
            category: Category::RateLimited,
            retry: RetryRule::AfterDelay,
            fix: "retry_after",
        },
        CodeCase {
            status: 429,
            code: "LIMIT_EXCEEDED",
            is_variant: |e| matches!(e, O::LimitExceeded(_)),
            category: Category::QuotaExceeded,
            retry: RetryRule::Never,
            fix: "billing cycle",
        },
        CodeCase {
            status: 500,
            code: "SERVER_ERROR",
            is_variant: |e| matches!(e, O::ServerError(_)),
            category: Category::Server,
            retry: RetryRule::Backoff,
            fix: "support@attractos.com",
        },
    ];
    let mut hints = Vec::new();
    for case in &cases {
        let e = attractos(case.status, case.code, "Human-readable error message");
        assert_eq!(e.provider(), "attractos");
        assert_eq!(e.message(), "Human-readable error message");
        hints.push(assert_code_case(&e, case));
    }
    assert_fixes_are_distinct(&hints);
}

/// Checks an error against its case; returns `(code, phrase, fix hint)`.
#[track_caller]
fn assert_code_case<E>(e: &E, case: &CodeCase<E>) -> (&'static str, &'static str, String)
where
    E: NormalizedError + std::fmt::Debug,
{
    let code = case.code;
    assert!((case.is_variant)(e), "{code}: got {e:?}");
    assert_eq!(e.status(), case.status, "{code}");
    assert_eq!(e.code(), code);
    assert_eq!(e.category(), case.category, "{code}");
    assert_eq!(e.is_retryable(), case.retry != RetryRule::Never, "{code}");
    assert_eq!(e.normalize().retry_rule, case.retry, "{code}");
    assert!(e.fix_hint().contains(case.fix), "{code}: {}", e.fix_hint());
    (code, case.fix, e.fix_hint().to_owned())
}

/// Each code's phrase (`(code, phrase, fix hint)`) is in its own fix hint only, so that a
/// hint taken from the wrong code is caught.
fn assert_fixes_are_distinct(hints: &[(&str, &str, String)]) {
    for (code, phrase, _) in hints {
        for (other, _, hint) in hints {
            if other != code {
                assert!(
                    !hint.contains(phrase),
                    "{code}'s phrase {phrase:?} is also in {other}'s fix: {hint}"
                );
            }
        }
    }
}

#[test]
fn attio_message_patterns_refine_the_fix_hint() {
    struct Case {
        status: u16,
        code: &'static str,
        message: &'static str,
        /// A phrase of the pattern's fix.
        fix: &'static str,
    }
    let cases = [
        Case {
            status: 400,
            code: "invalid_request",
            message: "Invalid value for attribute \"email_addresses\"",
            fix: "GET /v2/objects/{obj}/attributes",
        },
        Case {
            status: 400,
            code: "invalid_request",
            message: "Cannot query historic values for attribute 'name'",
            fix: "show_historic",
        },
        Case {
            status: 400,
            code: "invalid_request",
            message: "Missing required field: name",
            fix: "is_required",
        },
        Case {
            status: 400,
            code: "invalid_request",
            message: "Invalid filter format",
            fix: "shorthand",
        },
        Case {
            status: 422,
            code: "validation_error",
            message: "Invalid email address: bob@",
            fix: "Validate email format",
        },
        Case {
            status: 422,
            code: "validation_error",
            message: "Invalid phone number",
            fix: "+14155551234",
        },
        Case {
            status: 422,
            code: "validation_error",
            message: "Unknown attribute slug 'foo'",
            fix: "List attributes first",
        },
        Case {
            status: 422,
            code: "validation_error",
            message: "Invalid record reference",
            fix: "Verify record exists first",
        },
    ];
    for case in cases {
        let e = attio(case.status, case.code, "", case.message);
        assert!(
            e.fix_hint().contains(case.fix),
            "{}: {}",
            case.message,
            e.fix_hint()
        );
        assert!(e.pattern().is_some(), "{}", case.message);
        let generic = attio(case.status, case.code, "", "something else");
        assert_ne!(e.fix_hint(), generic.fix_hint(), "{}", case.message);
        assert!(generic.pattern().is_none());
    }
    // Matching ignores ASCII case.
    let e = attio(422, "validation_error", "", "INVALID PHONE NUMBER");
    assert!(e.fix_hint().contains("+14155551234"));
}

#[test]
fn a_complexity_429_is_not_retryable_but_a_window_429_is() {
    let window = attio(
        429,
        "rate_limit_exceeded",
        "rate_limit_error",
        "Rate limit exceeded, please try again later",
    );
    assert!(window.is_retryable());
    let score = attio(
        429,
        "rate_limit_exceeded",
        "rate_limit_error",
        "Query complexity score exceeds the limit",
    );
    assert!(matches!(score, AttioError::RateLimitExceeded(_)));
    assert!(!score.is_retryable());
    assert_eq!(score.category(), Category::RateLimited);
    assert!(score.fix_hint().contains("sorts and filters"));
    let cause = score.pattern().map(|p| &*p.cause).unwrap_or_default();
    assert!(cause.contains("complexity score"), "{cause}");
    assert!(window.pattern().is_none());
}

#[test]
fn attio_retry_after_http_date() {
    let body = br#"{"status_code":429,"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded, please try again later"}"#;
    let headers = [("retry-after", "Sat, 22 Mar 2025 14:30:01 GMT")];
    let e = AttioError::from_response_at(429, headers, body, now());
    assert_eq!(e.retry_at(), Some(now() + Duration::from_secs(1)));
    assert_eq!(
        e.details().retry_after_from(now()),
        Some(Duration::from_secs(1))
    );
    assert_eq!(
        e.details().wait_origin(),
        Some(WaitOrigin::Provider { source: 0 })
    );
    // That date is long past by the wall clock: the wait saturates at zero.
    assert_eq!(e.retry_after(), Some(Duration::ZERO));
}

#[test]
fn attio_429_waits_one_second_without_a_retry_after_and_never_under_100_ms() {
    let body = br#"{"status_code":429,"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded, please try again later"}"#;
    let e = AttioError::from_response_at(429, (), body, now());
    assert_eq!(e.retry_at(), Some(now() + Duration::from_secs(1)));
    assert_eq!(e.details().wait_origin(), Some(WaitOrigin::CatalogDefault));
    let past = [("Retry-After", "Sat, 22 Mar 2025 14:29:00 GMT")];
    let e = AttioError::from_response_at(429, past, body, now());
    assert_eq!(e.retry_at(), Some(now() + Duration::from_millis(100)));
    assert_eq!(e.details().wait_origin(), Some(WaitOrigin::CatalogMinimum));
    // Other codes have no such rule.
    let e = attio(404, "not_found", "not_found_error", "gone");
    assert_eq!(e.retry_at(), None);
    assert_eq!(e.details().wait_origin(), None);
}

#[test]
fn attio_retry_after_delta_seconds_and_http_header_map() {
    let mut map = http::HeaderMap::new();
    map.insert("Retry-After", http::HeaderValue::from_static("3"));
    let e = AttioError::from_response_at(429, &map, b"", now());
    assert!(
        matches!(e, AttioError::RateLimitExceeded(_)),
        "429 fallback names the code"
    );
    assert_eq!(e.retry_at(), Some(now() + Duration::from_secs(3)));
}

#[test]
fn attractos_body_delay_wins_over_the_reset_header() {
    let body = br#"{"error": "Rate limit exceeded", "code": "RATE_LIMITED", "retry_after": 23}"#;
    let reset = (NOW_SECS + 50).to_string();
    let headers = [
        ("X-RateLimit-Reset", reset.as_str()),
        ("X-RateLimit-Remaining", "0"),
    ];
    let e = AttractOsError::from_response_at(429, headers, body, now());
    assert!(matches!(e, AttractOsError::RateLimited(_)));
    assert_eq!(e.retry_at(), Some(now() + Duration::from_secs(23)));
    assert_eq!(
        e.details().wait_origin(),
        Some(WaitOrigin::Provider { source: 0 })
    );

    let no_delay = br#"{"error": "Rate limit exceeded", "code": "RATE_LIMITED"}"#;
    let e = AttractOsError::from_response_at(429, headers, no_delay, now());
    assert_eq!(e.retry_at(), Some(now() + Duration::from_secs(50)));
    assert_eq!(
        e.details().wait_origin(),
        Some(WaitOrigin::Provider { source: 1 })
    );
}

#[test]
fn attractos_reset_header_is_ignored_outside_rate_limits() {
    let reset = (NOW_SECS + 50).to_string();
    let headers = [("X-RateLimit-Reset", reset.as_str())];
    let body = br#"{"error": "Invalid key", "code": "INVALID_KEY"}"#;
    let e = AttractOsError::from_response_at(401, headers, body, now());
    assert_eq!(e.retry_at(), None);
}

#[test]
fn a_monthly_quota_is_not_retryable() {
    let e = attractos(429, "LIMIT_EXCEEDED", "Monthly event limit exceeded");
    assert_eq!(e.category(), Category::QuotaExceeded);
    assert!(!e.is_retryable());
    assert!(e.fix_hint().contains("billing cycle"));
}

#[test]
fn unknown_codes_fall_back_by_status() {
    let e = attio(503, "overloaded", "api_error", "Try later");
    assert!(matches!(e, AttioError::Unrecognized(_)));
    assert_eq!(e.code(), "overloaded");
    assert_eq!(e.category(), Category::Server);
    assert!(e.is_retryable());
    assert_eq!(e.retry_rule(), RetryRule::Backoff);

    let e = attio(418, "teapot", "", "short and stout");
    assert!(matches!(e, AttioError::Unrecognized(_)));
    assert_eq!(e.category(), Category::Unknown);
    assert!(!e.is_retryable());
    assert_eq!(e.fix_hint(), AttioError::provider_spec().unrecognized.fix);

    let e = attio(404, "gone_forever", "", "");
    assert!(
        matches!(e, AttioError::NotFound(_)),
        "404 fallback names not_found"
    );
}

/// seeds/README.md: "500+ | (any) | server error: always retry". The 5xx fallback is marked
/// `any_code`, so a 5xx with a code the catalog knows keeps that code's variant and wire code,
/// and takes the fallback's rule.
#[test]
fn an_attio_5xx_is_a_retryable_server_error_whatever_its_code() {
    let e = attio(500, "invalid_request", "invalid_request_error", "x");
    assert!(matches!(e, AttioError::InvalidRequest(_)));
    let e503 = attio(503, "rate_limit_exceeded", "rate_limit_error", "x");
    assert!(matches!(e503, AttioError::RateLimitExceeded(_)));
    let e502 = attio(502, "conflict", "", "x");
    assert!(matches!(e502, AttioError::Conflict(_)));
    for (e, code) in [
        (&e, "invalid_request"),
        (&e503, "rate_limit_exceeded"),
        (&e502, "conflict"),
    ] {
        assert_eq!(e.code(), code);
        assert_eq!(e.category(), Category::Server, "{code}");
        assert!(e.is_retryable(), "{code}");
        assert_eq!(e.retry_rule(), RetryRule::Backoff);
        assert!(
            e.fix_hint().contains("status.attio.com"),
            "{}",
            e.fix_hint()
        );
        assert!(e.pattern().is_none());
    }
    // Below 500 the code's own rule holds.
    let e = attio(400, "invalid_request", "invalid_request_error", "x");
    assert!(matches!(e, AttioError::InvalidRequest(_)));
    assert_eq!(e.category(), Category::InvalidRequest);
    assert!(!e.is_retryable());
}

#[test]
fn an_html_502_from_a_proxy_is_a_retryable_server_error_with_its_bytes() {
    let html = b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";
    for e in [
        &AttioError::from_response(502, (), html) as &dyn NormalizedError,
        &AttractOsError::from_response(502, (), html),
    ] {
        assert_eq!(e.category(), Category::Server);
        assert!(e.is_retryable());
        assert_eq!(e.raw_body(), html);
        assert_eq!(e.code(), "");
    }
}

#[test]
fn a_429_without_a_body_is_still_a_retryable_rate_limit() {
    let e = AttractOsError::from_response(429, (), b"");
    assert!(matches!(e, AttractOsError::Unrecognized(_)));
    assert_eq!(e.category(), Category::RateLimited);
    assert!(e.is_retryable());
}

#[test]
fn truncated_and_empty_bodies_keep_their_bytes() {
    let truncated = br#"{"status_code":429,"type":"rate_limit_error","code":"rate_lim"#;
    let e = AttioError::from_response(500, (), truncated);
    assert_eq!(e.raw_body(), truncated);
    assert_eq!(e.code(), "");
    assert_eq!(e.category(), Category::Server);

    let e = AttractOsError::from_response(400, (), b"");
    assert!(matches!(e, AttractOsError::Unrecognized(_)));
    assert_eq!(e.category(), Category::InvalidRequest);
}

#[test]
fn a_success_status_is_reported_as_not_an_error() {
    let e = AttioError::from_response(200, (), br#"{"data":[]}"#);
    assert!(matches!(e, AttioError::Unrecognized(_)));
    assert_eq!(e.category(), Category::Unknown);
    assert!(!e.is_retryable());
    assert!(!error_catalog::FromResponse::is_error(&e));
    assert!(
        e.fix_hint().starts_with("Nothing to fix"),
        "{}",
        e.fix_hint()
    );
}

#[test]
fn the_wire_status_wins_over_the_body_status() {
    let body = br#"{"status_code":400,"type":"invalid_request_error","code":"invalid_request","message":"x"}"#;
    let e = AttioError::from_response(418, (), body);
    assert_eq!(e.status(), 418);
    assert_eq!(e.details().body_status(), Some(400));
}

#[test]
fn display_is_one_line_and_debug_is_bounded() {
    let long = "x".repeat(100_000);
    let e = attio(
        422,
        "validation_error",
        "",
        &format!("line one\nline two {long}"),
    );
    let shown = e.to_string();
    assert!(shown.starts_with("Attio 422 validation_error: line one\\nline two"));
    assert!(!shown.contains('\n'));
    assert!(shown.len() < 2_000, "{}", shown.len());
    assert_eq!(e.message().len(), "line one\nline two ".len() + long.len());
    let debug = format!("{e:?}");
    assert!(debug.starts_with("AttioError::ValidationError(Details {"));
    assert!(debug.len() < 4_000, "{}", debug.len());
}

#[test]
fn exhaustive_match_over_a_generated_enum() {
    fn advice(e: &AttractOsError) -> &'static str {
        match e {
            AttractOsError::MissingKey(_)
            | AttractOsError::InvalidKey(_)
            | AttractOsError::UserNotFound(_) => "re-authenticate",
            AttractOsError::SiteNotFound(_) | AttractOsError::PlanRequired(_) => "check access",
            AttractOsError::MissingSiteId(_)
            | AttractOsError::InvalidDateRange(_)
            | AttractOsError::InvalidJson(_) => "fix the request",
            AttractOsError::RateLimited(_) => "wait",
            AttractOsError::LimitExceeded(_) => "upgrade",
            AttractOsError::ServerError(_) => "back off",
            AttractOsError::Unrecognized(_) => "inspect",
        }
    }
    assert_eq!(advice(&attractos(429, "RATE_LIMITED", "")), "wait");
    assert_eq!(advice(&attractos(429, "LIMIT_EXCEEDED", "")), "upgrade");
    assert_eq!(advice(&attractos(400, "NEW_CODE", "")), "inspect");
}

#[test]
fn normalized_round_trips_through_json() {
    let e = attractos(429, "RATE_LIMITED", "Rate limit exceeded");
    let n = e.normalize();
    assert_eq!(n.variant, "RateLimited");
    assert_eq!(n.category, Category::RateLimited);
    assert!(n.retryable);
    let json = serde_json::to_string(&n).expect("serializes");
    assert!(json.contains(r#""category":"rate_limited""#), "{json}");
    let back: error_catalog::Normalized = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, n);
}

#[test]
fn errors_are_send_sync_static_and_usable_as_trait_objects() {
    fn assert_traits<T: Send + Sync + Clone + PartialEq + std::error::Error + 'static>() {}
    assert_traits::<AttioError>();
    assert_traits::<AttractOsError>();
    let boxed: Vec<Box<dyn NormalizedError>> = vec![
        Box::new(attio(404, "not_found", "not_found_error", "gone")),
        Box::new(attractos(404, "SITE_NOT_FOUND", "gone")),
    ];
    let providers: Vec<_> = boxed.iter().map(|e| e.provider()).collect();
    assert_eq!(providers, ["attio", "attractos"]);
}

#[test]
fn details_keep_the_rule_the_classification_decided() {
    let score = attio(
        429,
        "rate_limit_exceeded",
        "",
        "Query complexity score exceeds",
    );
    let d = score.details();
    let code = AttioError::provider_spec()
        .find_code("rate_limit_exceeded")
        .and_then(|i| u32::try_from(i).ok())
        .expect("a code of the catalog");
    // Its one pattern overrides the retry rule.
    assert_eq!(d.rule_ref(), RuleRef::Pattern(code, 0));
    assert_eq!(
        (d.category(), d.retry_rule()),
        (Category::RateLimited, RetryRule::Never)
    );
    assert_eq!(score.rule(), &score.pattern().expect("a pattern").rule);
    assert_eq!(
        score.code_spec().map(|c| &*c.code),
        Some("rate_limit_exceeded")
    );

    let e = attio(429, "rate_limit_exceeded", "", "slow down");
    assert_eq!(e.details().rule_ref(), RuleRef::Code(code));
    assert_eq!(e.details().retry_rule(), RetryRule::AfterDelay);
    assert_eq!(e.rule(), &e.code_spec().expect("a code").rule);

    // No code: Attio's first fallback (5xx) with its own rule, or the one naming a code.
    let e = crate::common::attio(503, &[], b"<html>");
    assert_eq!(e.details().rule_ref(), RuleRef::Fallback(0));
    assert_eq!(e.details().retry_rule(), RetryRule::Backoff);
    assert_eq!(e.summary(), "Attio server error (5xx).");
    let e = crate::common::attio(404, &[], b"");
    assert!(matches!(e, AttioError::NotFound(_)), "{e:?}");
    assert!(matches!(e.details().rule_ref(), RuleRef::Fallback(_)));
    assert_eq!(e.details().category(), Category::NotFound);

    let e = crate::common::attio(418, &[], b"");
    assert_eq!(e.details().rule_ref(), RuleRef::Unrecognized);
    let e = crate::common::attio(200, &[], b"{}");
    assert_eq!(e.details().rule_ref(), RuleRef::NotAnError);
}

#[test]
fn a_body_owned_as_bytes_is_kept_without_a_copy() {
    let body = Bytes::from(
        br#"{"status_code":404,"type":"not_found_error","code":"not_found","message":"Record not found"}"#
            .to_vec(),
    );
    let e = AttioError::from_response_bytes(404, (), body.clone());
    assert!(matches!(e, AttioError::NotFound(_)), "{e:?}");
    assert_eq!(e.message(), "Record not found");
    assert_eq!(e.details().raw_bytes().as_ptr(), body.as_ptr());
    assert_eq!(e.details().raw_bytes(), body);
    // The same answers as from a borrowed body (no retry time: nothing depends on the clock).
    assert_eq!(e, AttioError::from_response(404, (), &body));

    // Through the trait, for code generic over catalogs.
    let e = <AttractOsError as FromResponse>::from_response_bytes(
        401,
        (),
        Bytes::from(br#"{"error":"Invalid key","code":"INVALID_KEY"}"#.to_vec()),
    );
    assert!(matches!(e, AttractOsError::InvalidKey(_)), "{e:?}");

    // A message with an escape is decoded, and the body still arrives whole.
    let body = Bytes::from(br#"{"code":"not_found","message":"line\nnext"}"#.to_vec());
    let e = AttioError::from_response_bytes(404, (), body.clone());
    assert_eq!(e.message(), "line\nnext");
    assert_eq!(e.details().raw_bytes(), body);
    assert_eq!(e.raw_body(), &body[..]);
}
