//! The shipped catalog, exercised as a user would: realistic bodies for every code and
//! message pattern of both source documents, retry times in each form, and the fallbacks.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use error_catalog::{Category, NormalizedError, RetryRule};
use error_catalog_workspace::{AttioError, AttractOsError};

/// Sat, 22 Mar 2025 14:30:00 GMT
fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_742_653_800)
}

fn attio(status: u16, code: &str, kind: &str, message: &str) -> AttioError {
    let body =
        serde_json::json!({"status_code": status, "type": kind, "code": code, "message": message});
    AttioError::from_response_at(status, (), body.to_string().as_bytes(), now())
}

fn attractos(status: u16, code: &str, message: &str) -> AttractOsError {
    let body = serde_json::json!({"error": message, "code": code});
    AttractOsError::from_response_at(status, (), body.to_string().as_bytes(), now())
}

#[test]
fn every_attio_code_maps_to_its_variant_with_its_meaning() {
    use AttioError as A;
    type Case = (
        u16,
        &'static str,
        &'static str,
        Category,
        bool,
        fn(&AttioError) -> bool,
        &'static str,
    );
    let cases: &[Case] = &[
        (
            400,
            "invalid_request",
            "invalid_request_error",
            Category::InvalidRequest,
            false,
            |e| matches!(e, A::InvalidRequest(_)),
            "GET /v2/objects/{obj}/attributes",
        ),
        (
            401,
            "invalid_api_key",
            "authentication_error",
            Category::Authentication,
            false,
            |e| matches!(e, A::InvalidApiKey(_)),
            "Bearer <token>",
        ),
        (
            403,
            "insufficient_scopes",
            "authorization_error",
            Category::Authorization,
            false,
            |e| matches!(e, A::InsufficientScopes(_)),
            "Settings > Developers > Access tokens",
        ),
        (
            404,
            "not_found",
            "not_found_error",
            Category::NotFound,
            false,
            |e| matches!(e, A::NotFound(_)),
            "api_slug",
        ),
        (
            409,
            "conflict",
            "conflict_error",
            Category::Conflict,
            false,
            |e| matches!(e, A::Conflict(_)),
            "PUT",
        ),
        (
            422,
            "validation_error",
            "validation_error",
            Category::Validation,
            false,
            |e| matches!(e, A::ValidationError(_)),
            "E.164",
        ),
        (
            429,
            "rate_limit_exceeded",
            "rate_limit_error",
            Category::RateLimited,
            true,
            |e| matches!(e, A::RateLimitExceeded(_)),
            "Retry-After",
        ),
    ];
    let mut hints = Vec::new();
    for &(status, code, kind, category, retryable, is_variant, fix) in cases {
        let e = attio(status, code, kind, "Something went wrong");
        assert!(is_variant(&e), "{code}: got {e:?}");
        assert_eq!(e.provider(), "attio");
        assert_eq!(e.status(), status);
        assert_eq!(e.code(), code);
        assert_eq!(e.message(), "Something went wrong");
        assert_eq!(e.details().provider_type(), Some(kind));
        assert_eq!(e.category(), category, "{code}");
        assert_eq!(e.is_retryable(), retryable, "{code}");
        assert!(e.fix_hint().contains(fix), "{code}: {}", e.fix_hint());
        hints.push((code, fix, e.fix_hint().to_owned()));
    }
    assert_fixes_are_distinct(&hints);
}

#[test]
fn every_attractos_code_maps_to_its_variant_with_its_meaning() {
    use AttractOsError as O;
    type Case = (
        u16,
        &'static str,
        Category,
        RetryRule,
        fn(&AttractOsError) -> bool,
        &'static str,
    );
    let cases: &[Case] = &[
        (
            401,
            "MISSING_KEY",
            Category::Authentication,
            RetryRule::Never,
            |e| matches!(e, O::MissingKey(_)),
            "Bearer YOUR_API_KEY",
        ),
        (
            401,
            "INVALID_KEY",
            Category::Authentication,
            RetryRule::Never,
            |e| matches!(e, O::InvalidKey(_)),
            "Generate a new key",
        ),
        (
            401,
            "USER_NOT_FOUND",
            Category::Authentication,
            RetryRule::Never,
            |e| matches!(e, O::UserNotFound(_)),
            "Create a new account",
        ),
        (
            403,
            "SITE_NOT_FOUND",
            Category::Authorization,
            RetryRule::Never,
            |e| matches!(e, O::SiteNotFound(_)),
            "GET /api/v1/sites",
        ),
        (
            403,
            "PLAN_REQUIRED",
            Category::Authorization,
            RetryRule::Never,
            |e| matches!(e, O::PlanRequired(_)),
            "Upgrade to Pro",
        ),
        (
            400,
            "MISSING_SITE_ID",
            Category::InvalidRequest,
            RetryRule::Never,
            |e| matches!(e, O::MissingSiteId(_)),
            "/api/v1/sites/{siteId}/stats",
        ),
        (
            400,
            "INVALID_DATE_RANGE",
            Category::InvalidRequest,
            RetryRule::Never,
            |e| matches!(e, O::InvalidDateRange(_)),
            "ISO 8601",
        ),
        (
            400,
            "INVALID_JSON",
            Category::InvalidRequest,
            RetryRule::Never,
            |e| matches!(e, O::InvalidJson(_)),
            "JSON validator",
        ),
        (
            429,
            "RATE_LIMITED",
            Category::RateLimited,
            RetryRule::AfterDelay,
            |e| matches!(e, O::RateLimited(_)),
            "retry_after",
        ),
        (
            429,
            "LIMIT_EXCEEDED",
            Category::QuotaExceeded,
            RetryRule::Never,
            |e| matches!(e, O::LimitExceeded(_)),
            "billing cycle",
        ),
        (
            500,
            "SERVER_ERROR",
            Category::Server,
            RetryRule::Backoff,
            |e| matches!(e, O::ServerError(_)),
            "support@attractos.com",
        ),
    ];
    let mut hints = Vec::new();
    for &(status, code, category, rule, is_variant, fix) in cases {
        let e = attractos(status, code, "Human-readable error message");
        assert!(is_variant(&e), "{code}: got {e:?}");
        assert_eq!(e.provider(), "attractos");
        assert_eq!(e.code(), code);
        assert_eq!(e.message(), "Human-readable error message");
        assert_eq!(e.category(), category, "{code}");
        assert_eq!(e.retry_rule(), rule, "{code}");
        assert_eq!(e.is_retryable(), rule != RetryRule::Never, "{code}");
        assert!(e.fix_hint().contains(fix), "{code}: {}", e.fix_hint());
        hints.push((code, fix, e.fix_hint().to_owned()));
    }
    assert_fixes_are_distinct(&hints);
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
    let cases = [
        (
            400,
            "invalid_request",
            "Invalid value for attribute \"email_addresses\"",
            "GET /v2/objects/{obj}/attributes",
        ),
        (
            400,
            "invalid_request",
            "Cannot query historic values for attribute 'name'",
            "show_historic",
        ),
        (
            400,
            "invalid_request",
            "Missing required field: name",
            "is_required",
        ),
        (400, "invalid_request", "Invalid filter format", "shorthand"),
        (
            422,
            "validation_error",
            "Invalid email address: bob@",
            "Validate email format",
        ),
        (
            422,
            "validation_error",
            "Invalid phone number",
            "+14155551234",
        ),
        (
            422,
            "validation_error",
            "Unknown attribute slug 'foo'",
            "List attributes first",
        ),
        (
            422,
            "validation_error",
            "Invalid record reference",
            "Verify record exists first",
        ),
    ];
    for (status, code, message, hint) in cases {
        let e = attio(status, code, "", message);
        assert!(e.fix_hint().contains(hint), "{message}: {}", e.fix_hint());
        let generic = attio(status, code, "", "something else");
        assert_ne!(e.fix_hint(), generic.fix_hint(), "{message}");
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
    let cause = score.pattern().map(|p| p.cause).unwrap_or_default();
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
    // That date is long past by the wall clock: the wait saturates at zero.
    assert_eq!(e.retry_after(), Some(Duration::ZERO));
}

#[test]
fn attio_429_waits_one_second_without_a_retry_after_and_never_under_100_ms() {
    let body = br#"{"status_code":429,"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded, please try again later"}"#;
    let e = AttioError::from_response_at(429, (), body, now());
    assert_eq!(e.retry_at(), Some(now() + Duration::from_secs(1)));
    let past = [("Retry-After", "Sat, 22 Mar 2025 14:29:00 GMT")];
    let e = AttioError::from_response_at(429, past, body, now());
    assert_eq!(e.retry_at(), Some(now() + Duration::from_millis(100)));
    // Other codes have no such rule.
    let e = attio(404, "not_found", "not_found_error", "gone");
    assert_eq!(e.retry_at(), None);
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
    let reset = (1_742_653_800 + 50).to_string();
    let headers = [
        ("X-RateLimit-Reset", reset.as_str()),
        ("X-RateLimit-Remaining", "0"),
    ];
    let e = AttractOsError::from_response_at(429, headers, body, now());
    assert!(matches!(e, AttractOsError::RateLimited(_)));
    assert_eq!(e.retry_at(), Some(now() + Duration::from_secs(23)));

    let no_delay = br#"{"error": "Rate limit exceeded", "code": "RATE_LIMITED"}"#;
    let e = AttractOsError::from_response_at(429, headers, no_delay, now());
    assert_eq!(e.retry_at(), Some(now() + Duration::from_secs(50)));
}

#[test]
fn attractos_reset_header_is_ignored_outside_rate_limits() {
    let reset = (1_742_653_800 + 50).to_string();
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
    assert!(!e.fix_hint().is_empty());

    let e = attio(404, "gone_forever", "", "");
    assert!(
        matches!(e, AttioError::NotFound(_)),
        "404 fallback names not_found"
    );
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
    assert!(e.fix_hint().contains("400"), "{}", e.fix_hint());
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
