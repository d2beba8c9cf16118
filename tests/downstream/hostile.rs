//! The worst day of a service: responses no provider documents. `from_response` must classify
//! every one of them without panicking, keep the bytes it was given, and never derive an
//! absurd wait from what it reads.

use std::time::{Duration, UNIX_EPOCH};

use error_catalog::{Category, MAX_PARSED_BODY, MAX_RETRY_DELAY, NormalizedError, RetryRule};
use error_catalog_workspace::{AttioError, AttractOsError};

use crate::common::{NOW_SECS, attio, attractos, now, wait};

// --- statuses -------------------------------------------------------------------------------

#[test]
fn statuses_outside_http_are_kept_and_not_errors() {
    for status in [0, 1, 99, 600, 999, 65535] {
        let e = attio(status, &[], b"");
        assert_eq!(e.status(), status);
        assert!(matches!(e, AttioError::Unrecognized(_)), "{status}: {e:?}");
        assert_eq!(e.category(), Category::Unknown, "{status}");
        assert!(!e.is_retryable(), "{status}");
        assert!(!e.fix_hint().is_empty());
        let e = attractos(status, &[], b"");
        assert_eq!(e.status(), status);
        assert_eq!(e.category(), Category::Unknown, "{status}");
    }
}

#[test]
fn a_known_code_is_read_whatever_the_status_but_a_success_is_no_error() {
    let body = br#"{"code":"RATE_LIMITED","error":"slow down"}"#;
    // Statuses HTTP does not define: the code decides.
    for status in [0, 600, 65535] {
        let e = attractos(status, &[], body);
        assert!(matches!(e, AttractOsError::RateLimited(_)), "{status}");
        assert_eq!(e.status(), status);
    }
    // A success or redirect is reported as no error, with what it said kept.
    for status in [200, 202, 302] {
        let e = attractos(status, &[], body);
        assert!(matches!(e, AttractOsError::Unrecognized(_)), "{status}");
        assert_eq!(e.code(), "RATE_LIMITED");
        assert_eq!(e.category(), Category::Unknown);
        assert!(!e.is_retryable(), "{status}");
    }
}

#[test]
fn success_and_redirect_statuses_are_not_errors() {
    for status in [100, 200, 201, 204, 301, 304, 399] {
        for body in [&b""[..], br#"{"data":[]}"#, b"<html>ok</html>"] {
            let e = attio(status, &[("Retry-After", "5")], body);
            assert!(matches!(e, AttioError::Unrecognized(_)), "{status}");
            assert_eq!(e.category(), Category::Unknown, "{status}");
            assert!(!e.is_retryable(), "{status}");
            assert_eq!(e.retry_rule(), RetryRule::Never);
            let e = attractos(status, &[], body);
            assert_eq!(e.category(), Category::Unknown, "{status}");
            assert!(!e.is_retryable(), "{status}");
        }
    }
}

#[test]
fn a_429_without_a_body_is_a_retryable_rate_limit() {
    let e = attio(429, &[("Retry-After", "7")], b"");
    assert!(matches!(e, AttioError::RateLimitExceeded(_)));
    assert_eq!(e.category(), Category::RateLimited);
    assert!(e.is_retryable());
    assert_eq!(wait(&e), Some(Duration::from_secs(7)));

    let reset = (NOW_SECS + 40).to_string();
    let e = attractos(429, &[("X-RateLimit-Reset", &reset)], b"");
    assert!(matches!(e, AttractOsError::Unrecognized(_)));
    assert_eq!(e.category(), Category::RateLimited);
    assert!(e.is_retryable());
    assert_eq!(wait(&e), Some(Duration::from_secs(40)));
}

#[test]
fn a_5xx_without_a_body_is_a_retryable_server_error() {
    for status in [500, 502, 503, 504, 520, 599] {
        for body in [&b""[..], b"<html><body>Bad Gateway</body></html>", b"{"] {
            let e = attio(status, &[], body);
            assert_eq!(e.category(), Category::Server, "{status}");
            assert!(e.is_retryable(), "{status}");
            assert_eq!(e.retry_rule(), RetryRule::Backoff);
            let e = attractos(status, &[], body);
            assert_eq!(e.category(), Category::Server, "{status}");
            assert!(e.is_retryable(), "{status}");
        }
    }
}

// --- bodies ---------------------------------------------------------------------------------

#[test]
fn a_100_mib_body_is_kept_exactly_and_not_parsed() {
    let mut body = br#"{"code":"RATE_LIMITED","error":"big","retry_after":5,"pad":""#.to_vec();
    body.resize(100 * 1024 * 1024 - 2, b'x');
    body.extend_from_slice(b"\"}");
    let e = attractos(429, &[], &body);
    assert_eq!(e.raw_body().len(), body.len());
    assert!(e.raw_body() == body.as_slice());
    // Not parsed: the status fallback decides, and nothing is read from the body.
    assert!(matches!(e, AttractOsError::Unrecognized(_)));
    assert_eq!(e.code(), "");
    assert_eq!(e.message(), "");
    assert_eq!(e.category(), Category::RateLimited);
    assert_eq!(e.retry_at(), None);
    assert!(format!("{e:?}").len() < 4096);
    assert!(e.to_string().len() < 4096);
}

#[test]
fn the_parse_limit_is_inclusive() {
    let body_of = |len: usize| {
        let mut body = br#"{"code":"INVALID_KEY","pad":""#.to_vec();
        body.resize(len - 2, b' ');
        body.extend_from_slice(b"\"}");
        body
    };
    let at_limit = body_of(MAX_PARSED_BODY);
    assert!(matches!(
        attractos(401, &[], &at_limit),
        AttractOsError::InvalidKey(_)
    ));
    let over = body_of(MAX_PARSED_BODY + 1);
    let e = attractos(401, &[], &over);
    assert!(matches!(e, AttractOsError::Unrecognized(_)));
    assert_eq!(e.category(), Category::Authentication);
    assert_eq!(e.raw_body(), over.as_slice());
}

#[test]
fn a_million_levels_of_nesting_do_not_overflow_the_stack() {
    let depth = 1_000_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let unclosed = "[".repeat(depth);
    let objects = format!("{}1{}", r#"{"code":"#.repeat(depth), "}".repeat(depth));
    let in_a_leaf = format!(
        r#"{{"code":{}{},"error":"x"}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let in_a_skipped_field = format!(
        r#"{{"code":"INVALID_KEY","x":{}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    for body in [
        &arrays,
        &unclosed,
        &objects,
        &in_a_leaf,
        &in_a_skipped_field,
    ] {
        let e = attractos(503, &[], body.as_bytes());
        assert_eq!(e.raw_body(), body.as_bytes());
        assert_eq!(e.status(), 503);
        let e = attio(503, &[], body.as_bytes());
        assert_eq!(e.raw_body(), body.as_bytes());
    }
}

#[test]
fn wrong_json_types_are_no_code_or_message() {
    for value in [
        "null",
        "true",
        "false",
        "[]",
        "[\"RATE_LIMITED\"]",
        "{}",
        r#"{"code":"RATE_LIMITED"}"#,
        "1.5",
        "-0.0",
        "1e999",
    ] {
        let body = format!(r#"{{"code":{value},"error":{value},"retry_after":{value}}}"#);
        let e = attractos(400, &[], body.as_bytes());
        assert!(
            matches!(e, AttractOsError::Unrecognized(_)),
            "{value}: {e:?}"
        );
        assert_eq!(e.code(), "", "{value}");
        assert_eq!(e.message(), "", "{value}");
        assert_eq!(e.category(), Category::InvalidRequest, "{value}");
        assert_eq!(e.raw_body(), body.as_bytes());
    }
}

#[test]
fn integer_codes_and_messages_read_as_text() {
    let e = attractos(418, &[], br#"{"code":404,"error":-7}"#);
    assert!(matches!(e, AttractOsError::Unrecognized(_)));
    assert_eq!(e.code(), "404");
    assert_eq!(e.message(), "-7");
    let e = attio(404, &[], br#"{"code":18446744073709551615}"#);
    assert_eq!(e.code(), "18446744073709551615");
}

#[test]
fn a_body_that_is_not_an_object_has_no_fields() {
    for body in [
        &br#""RATE_LIMITED""#[..],
        b"[{\"code\":\"RATE_LIMITED\"}]",
        b"42",
        b"null",
        b" ",
        b"\xef\xbb\xbf[{\"code\":\"RATE_LIMITED\"}]",
        b"\xef\xbb\xbf\xef\xbb\xbf{\"code\":\"RATE_LIMITED\"}",
    ] {
        let e = attractos(500, &[], body);
        assert!(matches!(e, AttractOsError::Unrecognized(_)));
        assert_eq!(e.code(), "");
        assert_eq!(e.category(), Category::Server);
        assert_eq!(e.raw_body(), body);
    }
}

/// RFC 8259 lets a parser ignore a UTF-8 byte order mark before the JSON text: one is skipped,
/// and the error keeps it with every other byte.
#[test]
fn a_byte_order_mark_before_the_object_is_skipped_and_kept() {
    for body in [
        &b"\xef\xbb\xbf{\"code\":\"RATE_LIMITED\",\"error\":\"slow\"}"[..],
        b"\xef\xbb\xbf \n{\"code\":\"RATE_LIMITED\",\"error\":\"slow\"}",
    ] {
        let e = attractos(429, &[], body);
        assert!(matches!(e, AttractOsError::RateLimited(_)), "{e:?}");
        assert_eq!(e.code(), "RATE_LIMITED");
        assert_eq!(e.message(), "slow");
        assert_eq!(e.raw_body(), body);
        let bytes = error_catalog::Bytes::copy_from_slice(body);
        let shared =
            <AttractOsError as error_catalog::FromResponse>::from_response_bytes(429, (), bytes);
        assert_eq!(shared.message(), "slow");
        assert_eq!(shared.raw_body(), body);
    }
}

#[test]
fn a_repeated_key_takes_its_last_value() {
    let body = br#"{"code":"RATE_LIMITED","code":"INVALID_KEY","error":"a","error":"b"}"#;
    let e = attractos(401, &[], body);
    assert!(matches!(e, AttractOsError::InvalidKey(_)));
    assert_eq!(e.message(), "b");
    let body = br#"{"retry_after":5,"code":"RATE_LIMITED","retry_after":9}"#;
    assert_eq!(
        wait(&attractos(429, &[], body)),
        Some(Duration::from_secs(9))
    );
}

#[test]
fn invalid_utf8_keeps_the_bytes_and_falls_back_by_status() {
    for body in [
        &b"\xff\xfe\xfd"[..],
        b"{\"code\":\"RATE_\xffLIMITED\"}",
        b"{\"code\":\"RATE_LIMITED\",\"error\":\"caf\xe9\"}",
        b"{\"code\":\"RATE_LIMITED\"}\xff",
    ] {
        let e = attractos(429, &[], body);
        assert_eq!(e.raw_body(), body);
        assert_eq!(e.category(), Category::RateLimited);
        assert!(e.is_retryable());
    }
}

#[test]
fn lone_surrogates_do_not_lose_the_code() {
    let body = br#"{"code":"RATE_LIMITED","error":"bad \ud800 text \udc00!","retry_after":3}"#;
    let e = attractos(429, &[], body);
    assert!(matches!(e, AttractOsError::RateLimited(_)), "{e:?}");
    assert_eq!(e.message(), "bad \u{fffd} text \u{fffd}!");
    assert_eq!(wait(&e), Some(Duration::from_secs(3)));
    assert_eq!(e.raw_body(), body);
    // A surrogate pair is one character.
    let e = attractos(
        429,
        &[],
        br#"{"code":"RATE_LIMITED","error":"\ud83d\ude00"}"#,
    );
    assert_eq!(e.message(), "\u{1f600}");
    // In the code itself: no code of the catalog, so the status decides.
    let e = attractos(401, &[], br#"{"code":"INVALID_KEY\ud800"}"#);
    assert!(matches!(e, AttractOsError::Unrecognized(_)));
    assert_eq!(e.code(), "INVALID_KEY\u{fffd}");
    assert_eq!(e.category(), Category::Authentication);
}

#[test]
fn escapes_are_decoded() {
    let e = attractos(
        401,
        &[],
        br#"{"code":"\u0049NVALID_KEY","error":"tab\there \"quoted\" \\ \/"}"#,
    );
    assert!(matches!(e, AttractOsError::InvalidKey(_)));
    assert_eq!(e.message(), "tab\there \"quoted\" \\ /");
}

#[test]
fn truncated_and_trailing_garbage_bodies_are_not_trusted() {
    for body in [
        &br#"{"code":"INVALID_KEY""#[..],
        br#"{"code":"INVALID_KEY"} {"code":"RATE_LIMITED"}"#,
        br#"{"code":"INVALID_KEY",}"#,
        br#"{'code':'INVALID_KEY'}"#,
    ] {
        let e = attractos(503, &[], body);
        assert!(matches!(e, AttractOsError::Unrecognized(_)));
        assert_eq!(e.category(), Category::Server);
        assert_eq!(e.raw_body(), body);
    }
}

// --- body delays (AttractOS: `retry_after` in seconds) --------------------------------------

fn body_delay(value: &str) -> Option<Duration> {
    let body = format!(r#"{{"code":"RATE_LIMITED","error":"slow down","retry_after":{value}}}"#);
    let e = attractos(429, &[], body.as_bytes());
    assert!(
        matches!(e, AttractOsError::RateLimited(_)),
        "{value}: {e:?}"
    );
    wait(&e)
}

#[test]
fn body_delays_accept_integers_and_fractions() {
    assert_eq!(body_delay("30"), Some(Duration::from_secs(30)));
    assert_eq!(body_delay("0"), Some(Duration::ZERO));
    assert_eq!(body_delay("0.25"), Some(Duration::from_millis(250)));
    assert_eq!(body_delay("2.5e1"), Some(Duration::from_secs(25)));
    assert_eq!(body_delay("\"12.5\""), Some(Duration::from_millis(12_500)));
    assert_eq!(body_delay("\" 7 \""), Some(Duration::from_secs(7)));
}

#[test]
fn absurd_body_delays_are_ignored_or_capped() {
    for ignored in [
        "-1", "-0.5", "null", "true", "false", "\"abc\"", "\"\"", "[]", "[5]", "{}", "\"NaN\"",
        "\"inf\"", "\"-3\"", "1e999", "-1e999",
    ] {
        assert_eq!(body_delay(ignored), None, "{ignored}");
    }
    for capped in [
        "1e308",
        "18446744073709551615",
        "99999999999999999999999",
        "86401",
        "\"1e300\"",
    ] {
        assert_eq!(body_delay(capped), Some(MAX_RETRY_DELAY), "{capped}");
    }
}

#[test]
fn an_ignored_body_delay_falls_through_to_the_reset_header() {
    let reset = (NOW_SECS + 45).to_string();
    let headers = [("X-RateLimit-Reset", reset.as_str())];
    for value in ["-1", "null", "\"abc\"", "true", "{}"] {
        let body = format!(r#"{{"code":"RATE_LIMITED","retry_after":{value}}}"#);
        let e = attractos(429, &headers, body.as_bytes());
        assert_eq!(wait(&e), Some(Duration::from_secs(45)), "{value}");
    }
}

#[test]
fn the_body_delay_wins_over_the_header_as_the_catalog_orders_them() {
    let reset = (NOW_SECS + 300).to_string();
    let headers = [("X-RateLimit-Reset", reset.as_str())];
    let e = attractos(
        429,
        &headers,
        br#"{"code":"RATE_LIMITED","retry_after":30}"#,
    );
    assert_eq!(wait(&e), Some(Duration::from_secs(30)));
    // The reset header is consulted for rate limits only; the body delay for any error.
    let e = attractos(
        500,
        &headers,
        br#"{"code":"SERVER_ERROR","retry_after":12}"#,
    );
    assert_eq!(wait(&e), Some(Duration::from_secs(12)));
    let e = attractos(500, &headers, br#"{"code":"SERVER_ERROR"}"#);
    assert_eq!(wait(&e), None);
}

#[test]
fn reset_headers_in_the_past_or_garbled() {
    let wait_for = |reset: &str| {
        let e = attractos(
            429,
            &[("X-RateLimit-Reset", reset)],
            br#"{"code":"RATE_LIMITED"}"#,
        );
        wait(&e)
    };
    assert_eq!(
        wait_for(&(NOW_SECS - 100).to_string()),
        Some(Duration::ZERO)
    );
    assert_eq!(wait_for("0"), Some(Duration::ZERO));
    assert_eq!(wait_for("99999999999999999999"), Some(MAX_RETRY_DELAY));
    assert_eq!(wait_for("1e300"), Some(MAX_RETRY_DELAY));
    for garbage in [
        "",
        "soon",
        "-5",
        "NaN",
        "inf",
        "0x10",
        "Sat, 22 Mar 2025 14:31:00 GMT",
    ] {
        assert_eq!(wait_for(garbage), None, "{garbage:?}");
    }
}

#[test]
fn a_reset_that_can_only_be_milliseconds_is_read_as_milliseconds() {
    let wait_for = |reset: u64| {
        let reset = reset.to_string();
        let e = attractos(
            429,
            &[("X-RateLimit-Reset", &reset)],
            br#"{"code":"RATE_LIMITED"}"#,
        );
        wait(&e)
    };
    let ms = NOW_SECS * 1000;
    assert_eq!(wait_for(ms + 45_000), Some(Duration::from_secs(45)));
    assert_eq!(wait_for(ms + 1_500), Some(Duration::from_millis(1_500)));
    assert_eq!(wait_for(ms - 100_000), Some(Duration::ZERO));
    // The threshold: 10^11 seconds is the year 5138, so from there on a value is milliseconds
    // (10^11 ms is March 1973: past); just below it, seconds far ahead (capped).
    assert_eq!(wait_for(100_000_000_000), Some(Duration::ZERO));
    assert_eq!(wait_for(99_999_999_999), Some(MAX_RETRY_DELAY));
}

// --- Retry-After (Attio: RFC 9110 delta-seconds or HTTP-date) -------------------------------

/// The wait a `Retry-After` value gives on its own: a 503 reads the same header as a 429,
/// without the rate-limit code's default and least wait.
fn retry_after(value: &str) -> Option<Duration> {
    let body = br#"{"code":"overloaded","message":"Service unavailable"}"#;
    let e = attio(503, &[("Retry-After", value)], body);
    assert!(matches!(e, AttioError::Unrecognized(_)));
    wait(&e)
}

#[test]
fn retry_after_delta_seconds() {
    assert_eq!(retry_after("0"), Some(Duration::ZERO));
    assert_eq!(retry_after("120"), Some(Duration::from_secs(120)));
    assert_eq!(retry_after("  5\t"), Some(Duration::from_secs(5)));
    assert_eq!(retry_after("0005"), Some(Duration::from_secs(5)));
    assert_eq!(retry_after("86400"), Some(MAX_RETRY_DELAY));
    assert_eq!(retry_after("86401"), Some(MAX_RETRY_DELAY));
    assert_eq!(retry_after("18446744073709551616"), Some(MAX_RETRY_DELAY));
    assert_eq!(retry_after(&"9".repeat(10_000)), Some(MAX_RETRY_DELAY));
}

#[test]
fn retry_after_delta_seconds_with_a_decimal_fraction() {
    assert_eq!(retry_after("2.0"), Some(Duration::from_secs(2)));
    assert_eq!(retry_after("12.5"), Some(Duration::from_millis(12_500)));
    assert_eq!(retry_after("0.25"), Some(Duration::from_millis(250)));
    assert_eq!(retry_after(" 1.5 "), Some(Duration::from_millis(1_500)));
    assert_eq!(retry_after("86400.5"), Some(MAX_RETRY_DELAY));
}

#[test]
fn retry_after_dates_in_all_three_forms() {
    let in_five = Some(Duration::from_secs(5));
    assert_eq!(retry_after("Sat, 22 Mar 2025 14:30:05 GMT"), in_five);
    assert_eq!(retry_after("Saturday, 22-Mar-25 14:30:05 GMT"), in_five);
    assert_eq!(retry_after("Sat Mar 22 14:30:05 2025"), in_five);
    assert_eq!(
        retry_after("Sun, 23 Mar 2025 14:30:00 GMT"),
        Some(MAX_RETRY_DELAY)
    );
    assert_eq!(
        retry_after("Fri, 31 Dec 9999 23:59:59 GMT"),
        Some(MAX_RETRY_DELAY)
    );
}

#[test]
fn retry_after_in_the_past_waits_zero() {
    for past in [
        "Sat, 22 Mar 2025 14:29:59 GMT",
        "Thu, 01 Jan 1970 00:00:00 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ] {
        assert_eq!(retry_after(past), Some(Duration::ZERO), "{past}");
    }
}

#[test]
fn retry_after_garbage_is_no_time() {
    for garbage in [
        "",
        "soon",
        "-5",
        "+5",
        "12.",
        ".5",
        "1.2.3",
        "-1.5",
        "1e3",
        "5 seconds",
        "0x10",
        "NaN",
        "Sat, 32 Mar 2025 14:30:05 GMT",
        "Sat, 22 Mar 2025 25:30:05 GMT",
        "Sat, 22 Mar 2025 14:30:05 PST",
        "2025-03-22T14:30:05Z",
        "Sat, 22 Mar 1969 14:30:05 GMT",
        "\u{0}",
        "５",
    ] {
        assert_eq!(retry_after(garbage), None, "{garbage:?}");
    }
}

#[test]
fn the_first_retry_after_header_counts_and_names_ignore_case() {
    let body = br#"{"code":"overloaded"}"#;
    let e = attio(503, &[("RETRY-AFTER", "3"), ("retry-after", "9")], body);
    assert_eq!(wait(&e), Some(Duration::from_secs(3)));

    let mut map = http::HeaderMap::new();
    map.append("retry-after", http::HeaderValue::from_static("4"));
    map.append("retry-after", http::HeaderValue::from_static("8"));
    let e = AttioError::from_response_at(503, &map, body, now());
    assert_eq!(wait(&e), Some(Duration::from_secs(4)));

    // A value that is not text is no time.
    let mut map = http::HeaderMap::new();
    let opaque = http::HeaderValue::from_bytes(b"\xff5").expect("obs-text is a valid value");
    map.insert("retry-after", opaque);
    let e = AttioError::from_response_at(503, &map, body, now());
    assert_eq!(wait(&e), None);
}

#[test]
fn retry_after_counts_from_the_given_clock() {
    let body = br#"{"code":"rate_limit_exceeded"}"#;
    let headers = [("Retry-After", "10")];
    for secs in [0, 1, NOW_SECS, 4_000_000_000] {
        let at = UNIX_EPOCH + Duration::from_secs(secs);
        let e = AttioError::from_response_at(429, headers, body, at);
        assert_eq!(e.retry_at(), Some(at + Duration::from_secs(10)));
        assert_eq!(
            e.details().retry_after_from(at + Duration::from_secs(4)),
            Some(Duration::from_secs(6))
        );
        assert_eq!(
            e.details().retry_after_from(at + Duration::from_secs(60)),
            Some(Duration::ZERO)
        );
    }
}

// --- Display and Debug ----------------------------------------------------------------------

#[test]
fn display_is_one_escaped_bounded_line_and_message_is_intact() {
    let message = format!(
        "line1\nline2\r\u{1b}[31mred\u{0}\u{7f}\u{85}\u{2028}\u{2029}\u{202e}tail\t{}",
        "é".repeat(50_000)
    );
    let body = serde_json::json!({"code": "invalid_request\nX-Injected: 1", "message": message});
    let body = body.to_string();
    let e = attio(400, &[], body.as_bytes());
    assert!(e.message() == message);
    assert_eq!(e.code(), "invalid_request\nX-Injected: 1");
    let shown = e.to_string();
    assert!(
        shown.starts_with(
            "Attio 400 invalid_request\\nX-Injected: 1: line1\\nline2\\r\\u{1b}[31mred\\u{0}\\u{7f}\\u{85}\\u{2028}\\u{2029}\\u{202e}tail\\t"
        ),
        "{}",
        shown.chars().take(200).collect::<String>()
    );
    assert!(!shown.chars().any(|c| c.is_control()));
    assert!(shown.len() < 8 * 1024, "{}", shown.len());
    assert!(shown.ends_with(" more characters)"));
}

#[test]
fn display_without_a_message_shows_the_summary() {
    let e = attio(502, &[], b"<html>");
    let shown = e.to_string();
    assert!(shown.starts_with("Attio 502: "), "{shown}");
    assert!(shown.ends_with(e.summary()), "{shown}");
}

#[test]
fn debug_is_bounded_and_escaped() {
    let mut body = b"\x00\x01binary\xff".to_vec();
    body.resize(10 * 1024 * 1024, b'z');
    let e = attio(500, &[], &body);
    let debug = format!("{e:?}");
    assert!(
        debug.starts_with("AttioError::Unrecognized(Details {"),
        "{debug}"
    );
    assert!(debug.contains(r#"b"\x00\x01binary\xffzzz"#), "{debug}");
    assert!(debug.contains("(10485760 bytes)"), "{debug}");
    assert!(debug.len() < 4096, "{}", debug.len());
    assert!(!debug.contains('\n'));

    let message = "m\n".repeat(300_000);
    let body = serde_json::json!({"code": "SERVER_ERROR", "error": message}).to_string();
    let e = attractos(500, &[], body.as_bytes());
    assert!(e.message() == message);
    let debug = format!("{e:?}");
    assert!(debug.len() < 8 * 1024, "{}", debug.len());
    assert!(!debug.contains('\n'));
    let pretty = format!("{e:#?}");
    assert!(pretty.len() < 8 * 1024, "{}", pretty.len());
}
