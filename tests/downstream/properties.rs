//! Properties of `from_response` over generated responses: the raw body is kept byte for
//! byte, no input panics or yields an unbounded result, and a later retry time (date, reset
//! or delay) never means an earlier retry: exactly as much later up to the cap, the cap after.
//!
//! Case counts are modest so that `cargo test` stays fast; `PROPTEST_CASES=100000` runs more.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use error_catalog::{MAX_RETRY_DELAY, NormalizedError};
use error_catalog_workspace::{AttioError, AttractOsError};
use proptest::prelude::*;

use crate::common::{NOW_SECS, now};

/// Fri, 31 Dec 9999 23:59:59 GMT: the last date an HTTP-date can name.
const LAST_HTTP_DATE: u64 = 253_402_300_799;

/// 256 cases each, unless `PROPTEST_CASES` says otherwise.
fn config() -> ProptestConfig {
    let default = ProptestConfig::default();
    let cases = match std::env::var_os("PROPTEST_CASES") {
        Some(_) => default.cases,
        None => 256,
    };
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..default
    }
}

/// What every result must satisfy, whatever the input.
fn check(e: &(impl NormalizedError + std::fmt::Debug), status: u16, body: &[u8]) {
    assert_eq!(e.status(), status);
    assert!(e.raw_body() == body, "raw body changed");
    assert!(!e.fix_hint().is_empty());
    if let Some(at) = e.retry_at() {
        let wait = at.duration_since(now()).unwrap_or(Duration::ZERO);
        assert!(wait <= MAX_RETRY_DELAY, "{wait:?}");
    }
    let shown = e.to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert!(shown.len() <= 24 * 1024);
    assert!(format!("{e:?}").len() <= 24 * 1024);
}

fn classify_both(status: u16, headers: &[(String, String)], body: &[u8]) {
    let a = AttioError::from_response_at(status, headers, body, now());
    check(&a, status, body);
    let b = AttractOsError::from_response_at(status, headers, body, now());
    check(&b, status, body);
}

// --- generators ------------------------------------------------------------------------------

/// Field names of both providers' formats, and a few others.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "code", "message", "error", "type", "status_code", "retry_after", "detail",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z_]{0,8}",
        1 => Just("c\\u006fde".to_owned()),
        1 => Just("\\ud800".to_owned()),
    ]
}

/// JSON string literals: real codes of the catalog, escapes, surrogates, control characters.
fn string_literal() -> impl Strategy<Value = String> {
    let text = prop_oneof![
        3 => prop::sample::select(vec![
            "rate_limit_exceeded", "invalid_api_key", "not_found", "RATE_LIMITED",
            "LIMIT_EXCEEDED", "INVALID_KEY", "SERVER_ERROR", "Query complexity score exceeds",
            "Invalid email", "30", "12.5", "-1", "1e308", "Sat, 22 Mar 2025 14:30:05 GMT",
            "\\ud800", "\\udc00\\ud800", "\\ud83d\\ude00", "\\u0000", "\\n\\r\\t", "\\\"",
        ])
        .prop_map(str::to_owned),
        1 => "[ -~&&[^\"\\\\]]{0,24}",
        1 => "\\PC{0,8}".prop_map(|s| s.replace(['"', '\\'], "")),
    ];
    text.prop_map(|t| format!("\"{t}\""))
}

fn number_literal() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
        prop::sample::select(vec![
            "1e400",
            "-1e400",
            "0.5",
            "-0",
            "1E+2",
            "18446744073709551616"
        ])
        .prop_map(str::to_owned),
    ]
}

/// JSON documents built from a grammar, keyed with the real field names.
fn json() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => string_literal(),
        2 => number_literal(),
        1 => prop::sample::select(vec!["null", "true", "false", "[]", "{}"]).prop_map(str::to_owned),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec((key(), inner.clone()), 0..6).prop_map(|fields| {
                let fields: Vec<String> =
                    fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", fields.join(","))
            }),
            prop::collection::vec(inner, 0..4).prop_map(|items| format!("[{}]", items.join(","))),
        ]
    })
}

/// A body: a generated document, sometimes cut short or with a byte changed.
fn body() -> impl Strategy<Value = Vec<u8>> {
    (json(), any::<prop::sample::Index>(), 0..4u8, any::<u8>()).prop_map(
        |(doc, at, damage, byte)| {
            let mut bytes = doc.into_bytes();
            let at = at.index(bytes.len() + 1);
            match damage {
                0 => bytes.truncate(at),
                1 => bytes.insert(at, byte),
                _ => {}
            }
            bytes
        },
    )
}

/// Header values: delta-seconds, dates in each form, Unix times, and noise.
fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        (0..=LAST_HTTP_DATE)
            .prop_map(|s| httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(s))),
        prop::sample::select(vec![
            "Saturday, 22-Mar-25 14:30:05 GMT",
            "Sat Mar 22 14:30:05 2025",
            "-5",
            "12.5",
            "1e300",
            "",
            " 5 ",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,30}",
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        3 => prop::sample::select(vec!["Retry-After", "retry-after", "X-RateLimit-Reset", "X-RateLimit-Remaining"])
            .prop_map(str::to_owned),
        1 => "\\PC{0,12}",
    ];
    prop::collection::vec((name, header_value()), 0..4)
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => prop::sample::select(vec![200, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503]),
        1 => any::<u16>(),
    ]
}

// --- retry times ---------------------------------------------------------------------------

/// Unix times from a little before now to twice [`MAX_RETRY_DELAY`] ahead: about half are
/// within the uncapped window, half beyond it.
const NEAR_NOW: std::ops::RangeInclusive<u64> = NOW_SECS - 1000..=NOW_SECS + 2 * 86_400;

/// Delays in seconds up to twice [`MAX_RETRY_DELAY`].
const DELAYS: std::ops::RangeInclusive<u64> = 0..=2 * 86_400;

/// `early <= late` name the instants `origin + early` and `origin + late` (whole seconds),
/// and `*_at` are the retry times read from them. Both must be read; the later input never
/// gives the earlier retry; where both name an instant at most [`MAX_RETRY_DELAY`] after
/// now, the retry times are exactly as far apart as the inputs; beyond that, a retry time is
/// the cap.
fn check_ordered_and_capped(
    origin: SystemTime,
    (early, early_at): (u64, Option<SystemTime>),
    (late, late_at): (u64, Option<SystemTime>),
) -> Result<(), TestCaseError> {
    let cap = now() + MAX_RETRY_DELAY;
    let (Some(early_at), Some(late_at)) = (early_at, late_at) else {
        return Err(TestCaseError::fail(format!(
            "no retry time: {early} -> {early_at:?}, {late} -> {late_at:?}"
        )));
    };
    prop_assert!(
        early_at <= late_at,
        "{early} -> {early_at:?}, {late} -> {late_at:?}"
    );
    let uncapped = |n: u64| origin + Duration::from_secs(n) <= cap;
    if uncapped(late) {
        prop_assert_eq!(
            late_at.duration_since(early_at).ok(),
            Some(Duration::from_secs(late - early)),
            "{} -> {:?}, {} -> {:?}",
            early,
            early_at,
            late,
            late_at
        );
    }
    for (n, at) in [(early, early_at), (late, late_at)] {
        if !uncapped(n) {
            prop_assert_eq!(at, cap, "{} is beyond the cap", n);
        }
    }
    Ok(())
}

// --- properties ------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_are_kept_exactly(
        status in any::<u16>(),
        headers in prop::collection::vec(("\\PC{0,12}", "\\PC{0,30}"), 0..4),
        body in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        classify_both(status, &headers, &body);
    }

    #[test]
    fn generated_json_never_panics(status in status(), headers in headers(), body in body()) {
        classify_both(status, &headers, &body);
    }

    #[test]
    fn a_known_code_in_a_well_formed_body_selects_its_variant(
        code in prop::sample::select(vec!["RATE_LIMITED", "INVALID_KEY", "SERVER_ERROR", "PLAN_REQUIRED"]),
        message in string_literal(),
        delay in number_literal(),
        status in status(),
    ) {
        let body = format!(r#"{{"error":{message},"code":"{code}","retry_after":{delay}}}"#);
        let e = AttractOsError::from_response_at(status, (), body.as_bytes(), now());
        prop_assert_eq!(e.code(), code);
        // A success or redirect is no error whatever its body says; any other status takes
        // the code's variant.
        let no_error = (100..=399).contains(&status);
        prop_assert_eq!(matches!(e, AttractOsError::Unrecognized(_)), no_error);
    }

    #[test]
    fn a_later_http_date_never_means_an_earlier_retry(
        a in NEAR_NOW,
        b in NEAR_NOW,
    ) {
        let (early, late) = (a.min(b), a.max(b));
        let retry_at = |secs: u64| {
            let date = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(secs));
            // A 503 reads the header alone (a 429 adds its code's default and least wait).
            let e = AttioError::from_response_at(503, [("Retry-After", date.as_str())], b"", now());
            e.retry_at()
        };
        check_ordered_and_capped(UNIX_EPOCH, (early, retry_at(early)), (late, retry_at(late)))?;
    }

    #[test]
    fn a_later_reset_never_means_an_earlier_retry(a in NEAR_NOW, b in NEAR_NOW) {
        let (early, late) = (a.min(b), a.max(b));
        let reset_at = |n: u64| {
            let reset = n.to_string();
            let headers = [("X-RateLimit-Reset", reset.as_str())];
            AttractOsError::from_response_at(429, headers, br#"{"code":"RATE_LIMITED"}"#, now())
                .retry_at()
        };
        check_ordered_and_capped(UNIX_EPOCH, (early, reset_at(early)), (late, reset_at(late)))?;
    }

    #[test]
    fn a_longer_delay_never_means_an_earlier_retry(a in DELAYS, b in DELAYS) {
        let (short, long) = (a.min(b), a.max(b));
        let delta_at = |n: u64| {
            let delta = n.to_string();
            AttioError::from_response_at(503, [("Retry-After", delta.as_str())], b"", now())
                .retry_at()
        };
        check_ordered_and_capped(now(), (short, delta_at(short)), (long, delta_at(long)))?;
    }
}
