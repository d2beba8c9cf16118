//! backon driving retries of a reqwest call, with the catalog choosing what to retry and
//! how long to wait, against a real HTTP server on 127.0.0.1.
//!
//! The pattern under test:
//! `.when(|e| e.is_retryable()).adjust(error_catalog::retry::prefer_provider_delay)`.

use std::time::{Duration, Instant};

use crate::common::support::attio::{self, client};
use crate::common::support::server::LocalServer;
use backon::{ExponentialBuilder, Retryable};
use error_catalog::NormalizedError;
use error_catalog::reqwest::ResponseExt;
use error_catalog::retry::prefer_provider_delay;
use error_catalog_workspace::AttioError;

/// Short backoff, so that only the provider's delay can explain a wait of a second.
fn backoff(max_times: usize) -> ExponentialBuilder {
    ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(10))
        .with_max_delay(Duration::from_millis(100))
        .with_max_times(max_times)
        .with_jitter()
}

async fn get(client: &reqwest::Client, url: &str) -> Result<String, AttioError> {
    let response = client
        .get(url)
        .send()
        .await
        .expect("the local server answers")
        .error_for_status_as::<AttioError>()
        .await?;
    Ok(response.text().await.expect("the body"))
}

#[tokio::test]
async fn a_429_with_an_http_date_waits_until_that_date_then_succeeds() {
    let (rate_limited, sent_date) = attio::rate_limited_until_next_seconds();
    let server =
        LocalServer::start(vec![rate_limited, attio::ok("{\"data\":[]}")]).expect("server");
    let (client, url) = (client(), server.url("/v2/objects/people/records/query"));

    let started = Instant::now();
    let body = (|| get(&client, &url))
        .retry(backoff(3))
        .when(|e: &AttioError| e.is_retryable())
        .adjust(prefer_provider_delay)
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(body, "{\"data\":[]}");
    attio::assert_retried_at_the_date(&server.arrivals(), &sent_date, elapsed);
}

#[tokio::test]
async fn a_409_is_not_retried() {
    let server = LocalServer::start(vec![attio::conflict(), attio::ok("{}")]).expect("server");
    let (client, url) = (client(), server.url("/v2/objects/people/records"));

    let err = (|| get(&client, &url))
        .retry(backoff(3))
        .when(|e: &AttioError| e.is_retryable())
        .adjust(prefer_provider_delay)
        .await
        .expect_err("a conflict is final");

    assert!(matches!(err, AttioError::Conflict(_)), "{err:?}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_503_html_page_is_retried_with_backoff() {
    let server = attio::unavailable_twice_then_ok().expect("server");
    let (client, url) = (client(), server.url("/v2/objects"));

    let mut waits = Vec::new();
    let body = (|| get(&client, &url))
        .retry(backoff(3))
        .when(|e: &AttioError| e.is_retryable())
        .adjust(prefer_provider_delay)
        .notify(|_, wait| waits.push(wait))
        .await
        .expect("the third attempt succeeds");

    assert_eq!(body, "{}");
    assert_eq!(server.requests(), 3);
    assert_eq!(waits.len(), 2);
    assert!(
        waits.iter().all(|w| *w <= Duration::from_millis(200)),
        "backoff: {waits:?}"
    );
}

#[tokio::test]
async fn the_backoffs_budget_still_counts_when_the_provider_gives_a_delay() {
    let script = (0..4).map(|_| attio::rate_limited_now()).collect();
    let server = LocalServer::start(script).expect("server");
    let (client, url) = (client(), server.url("/v2/objects"));

    let err = (|| get(&client, &url))
        .retry(backoff(1))
        .when(|e: &AttioError| e.is_retryable())
        .adjust(prefer_provider_delay)
        .await
        .expect_err("one retry allowed, both rate limited");

    assert!(matches!(err, AttioError::RateLimitExceeded(_)), "{err:?}");
    assert_eq!(server.requests(), 2, "the first request and one retry");
}

#[tokio::test]
async fn the_naive_adjust_ignores_the_budget() {
    // `e.retry_after().or(d)` turns backon's "stop" (d = None) into a wait whenever the
    // provider sent a delay: with a budget of one retry, it makes four requests here, and
    // only stops because the server's script (not the budget) ran out of 429s.
    let mut script: Vec<_> = (0..3).map(|_| attio::rate_limited_now()).collect();
    script.push(attio::ok("{}"));
    let server = LocalServer::start(script).expect("server");
    let (client, url) = (client(), server.url("/v2/objects"));

    let result = (|| get(&client, &url))
        .retry(backoff(1))
        .when(|e: &AttioError| e.is_retryable())
        .adjust(|e, d| e.retry_after().or(d))
        .await;

    assert!(result.is_ok());
    assert_eq!(server.requests(), 4, "a budget of 2 requests was exceeded");
}
