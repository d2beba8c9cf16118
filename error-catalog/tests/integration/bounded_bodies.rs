//! Issue 11, items 1 and 4: reading an error body is bounded in time as well as size, and the
//! middleware hands the body on as it came, saying what it read. Against local servers.

#![cfg(feature = "reqwest-retry")]

use std::time::{Duration, Instant};

use crate::support::{AttioError, RATE_LIMITED, Reply, Server, client, head, response};
use error_catalog::reqwest::ResponseExt;
use error_catalog::reqwest_retry::RetryAfterMiddleware;
use error_catalog::retry::Backoff;
use error_catalog::{BodyEnd, BodyRead, Category, MAX_PARSED_BODY, NormalizedError, ReadLimits};

/// A 429 whose body arrives one byte every 200 ms (the whole body would take ~27 s).
fn trickling_429() -> Reply {
    Reply::Trickle {
        head: head(
            429,
            &[("Content-Type", "application/json"), ("Retry-After", "1")],
            Some(RATE_LIMITED.len()),
        ),
        body: RATE_LIMITED.as_bytes().to_vec(),
        every: Duration::from_millis(200),
    }
}

const ONE_SECOND: ReadLimits = ReadLimits::DEFAULT.with_deadline(Duration::from_secs(1));

/// Fails (rather than hangs) a test whose call does not come back in time.
async fn within<F: std::future::Future>(limit: Duration, f: F) -> F::Output {
    tokio::time::timeout(limit, f)
        .await
        .unwrap_or_else(|_| panic!("still waiting after {limit:?}"))
}

/// What the middleware says it read of the body it hands on.
fn marker(response: &reqwest::Response) -> BodyRead {
    response
        .extensions()
        .get::<BodyRead>()
        .copied()
        .expect("the middleware marks every error response")
}

/// A client with the classifying middleware between it and the server.
fn through_middleware(
    middleware: RetryAfterMiddleware<AttioError>,
) -> reqwest_middleware::ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(client())
        .with(middleware)
        .build()
}

#[tokio::test]
async fn a_trickling_error_body_stops_at_the_deadline_and_keeps_what_arrived() {
    let server = Server::always(trickling_429);
    let started = Instant::now();
    let response = client()
        .get(server.url("/v2/objects"))
        .send()
        .await
        .expect("a head");
    let err = within(
        Duration::from_secs(5),
        response.error_for_status_with::<AttioError>(ONE_SECOND),
    )
    .await
    .expect_err("a 429");
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(err.status(), 429);
    assert!(err.is_retryable(), "the status and headers still decide");
    let kept = err.raw_body();
    assert!(
        !kept.is_empty() && kept.len() < RATE_LIMITED.len(),
        "{} bytes",
        kept.len()
    );
    assert!(RATE_LIMITED.as_bytes().starts_with(kept));
}

#[test]
fn the_default_deadline_is_ten_seconds() {
    assert_eq!(ReadLimits::default().deadline(), Duration::from_secs(10));
    assert_eq!(
        error_catalog::DEFAULT_BODY_DEADLINE,
        Duration::from_secs(10)
    );
    assert_eq!(ReadLimits::default().max_bytes(), MAX_PARSED_BODY);
}

#[tokio::test]
async fn a_trickling_error_body_does_not_hold_the_middleware() {
    let server = Server::always(trickling_429);
    let client =
        through_middleware(RetryAfterMiddleware::<AttioError>::new().read_limits(ONE_SECOND));
    let started = Instant::now();
    let response = within(
        Duration::from_secs(5),
        client.get(server.url("/v2/objects")).send(),
    )
    .await
    .expect("a response");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let read = marker(&response);
    assert_eq!(read.end, BodyEnd::Deadline);
    assert!(read.len < RATE_LIMITED.len());
    // What arrived is no complete body, so the status alone classifies it.
    let classified = response
        .extensions()
        .get::<AttioError>()
        .expect("classified");
    assert_eq!(classified.status(), 429);
    assert_eq!(classified.category(), Category::RateLimited);
}

/// A chunked 429 of 3 MiB: larger than what is parsed.
fn huge_429() -> Vec<u8> {
    let mut body = RATE_LIMITED.as_bytes().to_vec();
    body.resize(3 << 20, b' ');
    body
}

#[tokio::test]
async fn a_body_over_the_limit_is_handed_on_whole_and_marked() {
    let body = huge_429();
    let server = Server::always({
        let body = body.clone();
        move || {
            let mut bytes = head(429, &[("Content-Type", "application/json")], None);
            bytes.extend_from_slice(&crate::support::chunked(&body));
            Reply::Bytes(bytes)
        }
    });
    let client = through_middleware(RetryAfterMiddleware::<AttioError>::new());
    let response = client
        .get(server.url("/v2/objects"))
        .send()
        .await
        .expect("a response");
    let read = marker(&response);
    assert_eq!((read.len, read.end), (MAX_PARSED_BODY, BodyEnd::Limit));
    assert!(!read.is_complete());
    let err = response
        .extensions()
        .get::<AttioError>()
        .cloned()
        .expect("classified");
    assert_eq!(err.raw_body().len(), MAX_PARSED_BODY);
    let got = response.bytes().await.expect("the whole body");
    assert_eq!(got.len(), body.len(), "nothing cut");
    assert!(got == body);
}

#[tokio::test]
async fn a_body_that_broke_off_still_fails_to_read_as_with_plain_reqwest() {
    // `Content-Length: 1000`, 131 bytes, then the connection closes.
    let broken = || {
        let mut bytes = head(503, &[("Content-Type", "application/json")], Some(1000));
        bytes.extend_from_slice(RATE_LIMITED.as_bytes());
        Reply::Bytes(bytes)
    };
    let server = Server::always(broken);
    let plain = client().get(server.url("/a")).send().await.expect("a head");
    assert!(plain.bytes().await.is_err(), "plain reqwest: an error");

    let client = through_middleware(RetryAfterMiddleware::<AttioError>::new());
    let response = client
        .get(server.url("/b"))
        .send()
        .await
        .expect("a response");
    assert_eq!(
        response.headers()["content-length"],
        "1000",
        "the head is the server's"
    );
    let read = marker(&response);
    assert_eq!(
        (read.len, read.end),
        (RATE_LIMITED.len(), BodyEnd::BrokeOff)
    );
    assert!(
        response.bytes().await.is_err(),
        "through the middleware: the same error"
    );
}

#[tokio::test]
async fn a_complete_error_body_is_marked_complete_and_unchanged() {
    let server = Server::always(|| {
        Reply::Bytes(response(
            409,
            &[("Content-Type", "application/json")],
            crate::support::CONFLICT.as_bytes(),
        ))
    });
    let client = through_middleware(RetryAfterMiddleware::<AttioError>::with_policy(
        Backoff::default(),
    ));
    let response = client
        .get(server.url("/c"))
        .send()
        .await
        .expect("a response");
    let read = marker(&response);
    assert!(read.is_complete());
    assert_eq!(
        response.content_length(),
        Some(crate::support::CONFLICT.len() as u64)
    );
    assert_eq!(
        response.text().await.expect("the body"),
        crate::support::CONFLICT
    );
}
