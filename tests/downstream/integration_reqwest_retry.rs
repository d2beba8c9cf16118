//! reqwest-retry's middleware with `error_catalog::reqwest_retry::{CatalogStrategy,
//! RetryAfterMiddleware}`, against a real HTTP server on 127.0.0.1.

use std::time::{Duration, Instant};

use crate::common::support::attio::{self, CONFLICT_BODY, client};
use crate::common::support::server::{LocalServer, reply};
use error_catalog::NormalizedError;
use error_catalog::reqwest::ResponseExt;
use error_catalog::reqwest_retry::{CatalogStrategy, RetryAfterMiddleware};
use error_catalog_workspace::AttioError;
use reqwest_middleware::ClientWithMiddleware;
use reqwest_retry::RetryTransientMiddleware;
use reqwest_retry::policies::ExponentialBackoff;

/// Up to `retries` retries with a short backoff, so that only the provider's delay can
/// explain a wait of a second.
fn retrying_client(retries: u32) -> ClientWithMiddleware {
    let policy = ExponentialBackoff::builder()
        .retry_bounds(Duration::from_millis(10), Duration::from_millis(100))
        .build_with_max_retries(retries);
    reqwest_middleware::ClientBuilder::new(client())
        .with(RetryTransientMiddleware::new_with_policy_and_strategy(
            policy,
            CatalogStrategy::<AttioError>::new(),
        ))
        .with(RetryAfterMiddleware::<AttioError>::new())
        .build()
}

#[tokio::test]
async fn a_429_with_an_http_date_waits_until_that_date_then_succeeds() {
    let (rate_limited, sent_date) = attio::rate_limited_until_next_seconds();
    let server =
        LocalServer::start(vec![rate_limited, attio::ok("{\"data\":[]}")]).expect("server");

    let started = Instant::now();
    let response = retrying_client(3)
        .get(server.url("/v2/objects/people/records/query"))
        .send()
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.expect("body"), "{\"data\":[]}");
    attio::assert_retried_at_the_date(&server.arrivals(), &sent_date, elapsed);
}

#[tokio::test]
async fn a_409_is_not_retried_and_arrives_classified() {
    let server = LocalServer::start(vec![attio::conflict(), attio::ok("{}")]).expect("server");

    let response = retrying_client(3)
        .get(server.url("/v2/objects/people/records"))
        .send()
        .await
        .expect("a response");

    assert_eq!(server.requests(), 1);
    assert_eq!(response.status(), 409);
    let attached = response.extensions().get::<AttioError>().cloned();
    assert!(
        matches!(attached, Some(AttioError::Conflict(_))),
        "{attached:?}"
    );
    // The body the middleware read is handed on, whole.
    let err = response
        .error_for_status_as::<AttioError>()
        .await
        .expect_err("a 409 is an error");
    assert_eq!(err.raw_body(), CONFLICT_BODY.as_bytes());
    assert!(matches!(err, AttioError::Conflict(_)), "{err:?}");
}

#[tokio::test]
async fn a_503_html_page_is_retried_with_backoff() {
    let server = attio::unavailable_twice_then_ok().expect("server");

    let response = retrying_client(3)
        .get(server.url("/v2/objects"))
        .send()
        .await
        .expect("the third attempt succeeds");

    assert_eq!(response.status(), 200);
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn the_last_error_comes_back_when_the_retries_run_out() {
    let script = (0..3).map(|_| attio::unavailable_html()).collect();
    let server = LocalServer::start(script).expect("server");
    let url = server.url("/v2/objects");

    let response = retrying_client(1)
        .get(&url)
        .send()
        .await
        .expect("a response");

    assert_eq!(server.requests(), 2, "the first request and one retry");
    assert_eq!(response.status(), 503);
    assert_eq!(
        response.url().as_str(),
        url,
        "the URL survives the re-bodied response"
    );
    let err = response
        .error_for_status_as::<AttioError>()
        .await
        .expect_err("a 503");
    assert!(err.is_retryable());
    assert_eq!(err.raw_body(), attio::UNAVAILABLE_HTML.as_bytes());
}

#[tokio::test]
async fn the_strategy_alone_classifies_by_status_and_headers() {
    // Without RetryAfterMiddleware the strategy cannot read bodies: the status decides.
    let script = vec![
        reply(409, &[], CONFLICT_BODY.as_bytes()),
        attio::unavailable_html(),
        attio::ok("{}"),
    ];
    let server = LocalServer::start(script).expect("server");
    let policy = ExponentialBackoff::builder()
        .retry_bounds(Duration::from_millis(10), Duration::from_millis(100))
        .build_with_max_retries(3);
    let client = reqwest_middleware::ClientBuilder::new(client())
        .with(RetryTransientMiddleware::new_with_policy_and_strategy(
            policy,
            CatalogStrategy::<AttioError>::new(),
        ))
        .build();

    let conflict = client
        .get(server.url("/a"))
        .send()
        .await
        .expect("a response");
    assert_eq!((conflict.status().as_u16(), server.requests()), (409, 1));
    let recovered = client
        .get(server.url("/b"))
        .send()
        .await
        .expect("a response");
    assert_eq!((recovered.status().as_u16(), server.requests()), (200, 3));
}
