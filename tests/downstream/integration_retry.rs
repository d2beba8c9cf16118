//! A hand-written retry loop with `error_catalog::retry::Backoff`, against a real HTTP server
//! on 127.0.0.1.

use std::time::{Duration, Instant};

use crate::common::support::attio::{self, client};
use crate::common::support::server::LocalServer;
use error_catalog::reqwest::ResponseExt;
use error_catalog::retry::{Backoff, Decision};
use error_catalog_workspace::AttioError;

/// Short backoff, so that only the provider's delay can explain a wait of a second.
fn policy() -> Backoff {
    Backoff::default()
        .with_base(Duration::from_millis(10))
        .with_max_backoff(Duration::from_secs(5))
        .with_max_wait(Duration::from_secs(5))
        .with_max_attempts(4)
        .with_jitter(true)
}

/// The loop a user writes: send, classify, ask the policy, sleep or stop. Returns the body
/// or the last error, and the waits it decided on.
async fn get_with_retries(url: &str) -> (Result<String, AttioError>, Vec<Duration>) {
    let client = client();
    let mut waits = Vec::new();
    let mut attempt = 0;
    loop {
        attempt += 1;
        let response = client
            .get(url)
            .send()
            .await
            .expect("the local server answers");
        let err = match response.error_for_status_as::<AttioError>().await {
            Ok(response) => return (Ok(response.text().await.expect("body")), waits),
            Err(err) => err,
        };
        match policy().decide(&err, attempt) {
            Decision::RetryAfter(wait) => {
                waits.push(wait);
                tokio::time::sleep(wait).await;
            }
            Decision::Stop => return (Err(err), waits),
        }
    }
}

#[tokio::test]
async fn a_429_with_an_http_date_waits_until_that_date_then_succeeds() {
    let (rate_limited, sent_date) = attio::rate_limited_until_next_seconds();
    let server =
        LocalServer::start(vec![rate_limited, attio::ok("{\"data\":[]}")]).expect("server");

    let started = Instant::now();
    let (result, waits) = get_with_retries(&server.url("/v2/objects/people/records/query")).await;
    let elapsed = started.elapsed();

    assert_eq!(result.expect("the retry succeeds"), "{\"data\":[]}");
    assert_eq!(waits.len(), 1, "{waits:?}");
    attio::assert_retried_at_the_date(&server.arrivals(), &sent_date, elapsed);
}

#[tokio::test]
async fn a_409_is_not_retried() {
    let server = LocalServer::start(vec![attio::conflict(), attio::ok("{}")]).expect("server");

    let (result, waits) = get_with_retries(&server.url("/v2/objects/people/records")).await;

    let err = result.expect_err("a conflict is final");
    assert!(matches!(err, AttioError::Conflict(_)), "{err:?}");
    assert!(waits.is_empty());
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_503_html_page_is_retried_with_backoff() {
    let server = attio::unavailable_twice_then_ok().expect("server");

    let (result, waits) = get_with_retries(&server.url("/v2/objects")).await;

    assert_eq!(result.expect("the third attempt succeeds"), "{}");
    assert_eq!(server.requests(), 3);
    // Full jitter under a ceiling of 10 ms, then 20 ms.
    assert_eq!(waits.len(), 2);
    assert!(waits[0] <= Duration::from_millis(10), "{waits:?}");
    assert!(waits[1] <= Duration::from_millis(20), "{waits:?}");
}

#[tokio::test]
async fn the_attempts_run_out_on_a_server_that_stays_down() {
    let script = (0..policy().max_attempts())
        .map(|_| attio::unavailable_html())
        .collect();
    let server = LocalServer::start(script).expect("server");

    let (result, waits) = get_with_retries(&server.url("/v2/objects")).await;

    let err = result.expect_err("still down");
    assert!(matches!(err, AttioError::Unrecognized(_)), "{err:?}");
    assert_eq!(server.requests(), policy().max_attempts() as usize);
    assert_eq!(waits.len(), policy().max_attempts() as usize - 1);
}
