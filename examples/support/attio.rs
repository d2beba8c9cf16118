//! Replies an Attio-like API sends, for [`super::server::LocalServer`] scripts.

#![allow(dead_code)] // each example and test uses a part

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::server::{LocalServer, Reply, reply, response};

pub const RATE_LIMITED_BODY: &str = r#"{"status_code":429,"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded, please try again later"}"#;
pub const CONFLICT_BODY: &str = r#"{"status_code":409,"type":"invalid_request_error","code":"conflict","message":"A record with this unique attribute already exists"}"#;
pub const UNAVAILABLE_HTML: &str = "<html><head><title>503 Service Temporarily Unavailable</title></head>\
     <body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>";

/// The date a [`rate_limited_until_next_seconds`] reply sent, once it was sent.
#[derive(Clone, Default)]
pub struct SentDate(Arc<Mutex<Option<SystemTime>>>);

impl SentDate {
    pub fn get(&self) -> Option<SystemTime> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A 429 whose `Retry-After` is an HTTP-date 1 to 2 seconds after the request arrived
/// (two seconds ahead, truncated to the whole second as HTTP-dates are), as Attio sends it.
pub fn rate_limited_until_next_seconds() -> (Reply, SentDate) {
    let sent = SentDate::default();
    let record = sent.clone();
    let reply: Reply = Box::new(move |arrived| {
        let text = httpdate::fmt_http_date(arrived + Duration::from_secs(2));
        let date = httpdate::parse_http_date(&text).unwrap_or(arrived);
        *record.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(date);
        response(
            429,
            &[("Content-Type", "application/json"), ("Retry-After", &text)],
            RATE_LIMITED_BODY.as_bytes(),
        )
    });
    (reply, sent)
}

/// Allowance for the wall clock (which Retry-After dates use) and the monotonic clock
/// (which sleeps use) drifting apart over a few seconds; only ever loosens a lower bound.
pub const CLOCK_SLACK: Duration = Duration::from_millis(10);

/// For a script of a [`rate_limited_until_next_seconds`] reply, then a success: checks that
/// the client made exactly one retry, not before the date the 429 sent, and that the whole
/// call (`elapsed`, measured around it) took at least as long as that date asked for.
#[track_caller]
pub fn assert_retried_at_the_date(arrivals: &[SystemTime], sent: &SentDate, elapsed: Duration) {
    assert_eq!(arrivals.len(), 2, "one 429, one retry");
    let date = sent.get().expect("the 429 was sent");
    let asked = date.duration_since(arrivals[0]).expect("the date is ahead");
    assert!(
        arrivals[1] + CLOCK_SLACK >= date,
        "the retry came before the date"
    );
    assert!(
        elapsed + CLOCK_SLACK >= asked,
        "waited {elapsed:?}, asked {asked:?}"
    );
}

/// A 429 with `Retry-After: 0`: retry now.
pub fn rate_limited_now() -> Reply {
    reply(
        429,
        &[("Content-Type", "application/json"), ("Retry-After", "0")],
        RATE_LIMITED_BODY.as_bytes(),
    )
}

pub fn conflict() -> Reply {
    reply(
        409,
        &[("Content-Type", "application/json")],
        CONFLICT_BODY.as_bytes(),
    )
}

/// A proxy's HTML 503 page: no JSON, no code, no retry time.
pub fn unavailable_html() -> Reply {
    reply(
        503,
        &[("Content-Type", "text/html")],
        UNAVAILABLE_HTML.as_bytes(),
    )
}

pub fn ok(body: &str) -> Reply {
    reply(
        200,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

/// A client for the local server: no proxy (whatever the environment says), bounded.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a plain HTTP client builds")
}

/// The server every retry example talks to: a 503 HTML page, a 429 until the next second or
/// two, a 200, then a 409.
pub fn retry_scenario() -> std::io::Result<LocalServer> {
    let (rate_limited, _) = rate_limited_until_next_seconds();
    LocalServer::start(vec![
        unavailable_html(),
        rate_limited,
        ok(r#"{"data":[]}"#),
        conflict(),
    ])
}

/// Two 503 HTML pages from a proxy, then a 200: a server error that backoff gets past.
pub fn unavailable_twice_then_ok() -> std::io::Result<LocalServer> {
    LocalServer::start(vec![unavailable_html(), unavailable_html(), ok("{}")])
}

/// No response at all: the connection closes as soon as the request arrived (what a client
/// sees when a proxy or the server resets it).
pub fn reset() -> Reply {
    Box::new(|_| Vec::new())
}

/// A reset, a proxy's HTML 503, an Attio 429 until the next second or two, then a 200; then
/// a reset for the POST that follows, and a 409.
pub fn retry_scenario_with_reset() -> std::io::Result<LocalServer> {
    let (rate_limited, _) = rate_limited_until_next_seconds();
    LocalServer::start(vec![
        reset(),
        unavailable_html(),
        rate_limited,
        ok(r#"{"data":[]}"#),
        reset(),
        conflict(),
    ])
}
