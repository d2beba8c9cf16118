//! Response classification: status, headers, body and clock from the fuzzer, for both
//! providers of the shipped catalog, with the headers as pairs and as an `http::HeaderMap`.
//!
//! Besides not panicking, every result must keep the wire data and stay bounded.

#![no_main]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use arbitrary::Arbitrary;
use error_catalog::{MAX_RETRY_DELAY, NormalizedError};
use error_catalog_workspace::{AttioError, AttractOsError};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Response<'a> {
    status: u16,
    headers: Vec<(&'a str, &'a str)>,
    /// Seconds since the Unix epoch of the clock, within a few centuries.
    now: u32,
    body: &'a [u8],
}

fuzz_target!(|r: Response<'_>| {
    let now = UNIX_EPOCH + Duration::from_secs(u64::from(r.now) * 4);
    let mut map = http::HeaderMap::new();
    for (name, value) in &r.headers {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            map.append(name, value);
        }
    }
    let pairs = r.headers.as_slice();
    check(
        &AttioError::from_response_at(r.status, pairs, r.body, now),
        &r,
        now,
    );
    check(
        &AttioError::from_response_at(r.status, &map, r.body, now),
        &r,
        now,
    );
    check(
        &AttractOsError::from_response_at(r.status, pairs, r.body, now),
        &r,
        now,
    );
    check(
        &AttractOsError::from_response_at(r.status, &map, r.body, now),
        &r,
        now,
    );
});

fn check(e: &(impl NormalizedError + std::fmt::Debug), r: &Response<'_>, now: SystemTime) {
    assert_eq!(e.status(), r.status);
    assert_eq!(e.raw_body(), r.body);
    assert!(!e.fix_hint().is_empty());
    if let Some(at) = e.retry_at() {
        let wait = at.duration_since(now).unwrap_or(Duration::ZERO);
        assert!(wait <= MAX_RETRY_DELAY, "{wait:?}");
    }
    let shown = e.to_string();
    assert!(!shown.contains(['\n', '\r']), "{shown:?}");
    assert!(shown.len() <= 16 * 1024, "{}", shown.len());
    let debug = format!("{e:?}");
    assert!(debug.len() <= 16 * 1024, "{}", debug.len());
    let normalized = e.normalize();
    assert_eq!(normalized.status, r.status);
    assert_eq!(normalized.message, e.message());
}
