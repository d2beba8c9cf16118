//! `error_catalog::reqwest::ResponseExt` against a real HTTP server on 127.0.0.1.

use std::time::Duration;

use error_catalog::reqwest::ResponseExt;
use error_catalog::{Category, MAX_PARSED_BODY, NormalizedError, WaitOrigin};
use error_catalog_workspace::{AttioError, AttractOsError};

use crate::common::WallClock;
use crate::common::support::attio::{
    self, CONFLICT_BODY, RATE_LIMITED_BODY, UNAVAILABLE_HTML, client,
};
use crate::common::support::server::{LocalServer, Reply, reply, response};

async fn fetch<E: error_catalog::FromResponse>(script: Vec<Reply>) -> Result<reqwest::Response, E> {
    let server = LocalServer::start(script).expect("a local server");
    client()
        .get(server.url("/v2/objects"))
        .send()
        .await
        .expect("the local server answers")
        .error_for_status_as::<E>()
        .await
}

#[tokio::test]
async fn a_success_passes_through_with_its_body_unread() {
    let script = vec![reply(200, &[("X-Request-Id", "abc")], b"{\"data\":[]}")];
    let response = fetch::<AttioError>(script)
        .await
        .expect("a 200 is no error");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "abc");
    assert_eq!(response.text().await.expect("the body"), "{\"data\":[]}");

    let no_content = fetch::<AttioError>(vec![reply(204, &[], b"")]).await;
    assert_eq!(no_content.expect("a 204 is no error").status(), 204);
}

#[tokio::test]
async fn a_429_becomes_the_rate_limit_variant_with_its_retry_time() {
    let script = vec![reply(
        429,
        &[("Retry-After", "2")],
        RATE_LIMITED_BODY.as_bytes(),
    )];
    let clock = WallClock::start();
    let err = fetch::<AttioError>(script)
        .await
        .expect_err("a 429 is an error");
    assert!(matches!(err, AttioError::RateLimitExceeded(_)), "{err:?}");
    assert!(err.is_retryable());
    // Retry-After was read from the headers: two seconds after the response was classified.
    assert_eq!(
        err.details().wait_origin(),
        Some(WaitOrigin::Provider { source: 0 })
    );
    clock.assert_retry_at(&err, Duration::from_secs(2));
    assert_eq!(err.raw_body(), RATE_LIMITED_BODY.as_bytes());
}

#[tokio::test]
async fn a_409_is_a_conflict_that_is_not_retryable() {
    let err = fetch::<AttioError>(vec![attio::conflict()])
        .await
        .expect_err("a 409 is an error");
    assert!(matches!(err, AttioError::Conflict(_)), "{err:?}");
    assert_eq!(err.category(), Category::Conflict);
    assert!(!err.is_retryable());
    assert_eq!(err.raw_body(), CONFLICT_BODY.as_bytes());
}

#[tokio::test]
async fn a_503_html_page_is_a_retryable_server_error_that_keeps_the_page() {
    let err = fetch::<AttioError>(vec![attio::unavailable_html()])
        .await
        .expect_err("a 503 is an error");
    assert!(matches!(err, AttioError::Unrecognized(_)), "{err:?}");
    assert_eq!(err.category(), Category::Server);
    assert!(err.is_retryable());
    assert_eq!(err.retry_after(), None);
    assert_eq!(err.raw_body(), UNAVAILABLE_HTML.as_bytes());
}

#[tokio::test]
async fn a_retry_time_in_the_body_is_read_too() {
    let body = br#"{"error":"Too many requests","code":"RATE_LIMITED","retry_after":30}"#;
    let clock = WallClock::start();
    let err = fetch::<AttractOsError>(vec![reply(429, &[], body)])
        .await
        .expect_err("a 429 is an error");
    assert!(matches!(err, AttractOsError::RateLimited(_)), "{err:?}");
    // retry_after was read from the body: 30 seconds after the response was classified.
    assert_eq!(
        err.details().wait_origin(),
        Some(WaitOrigin::Provider { source: 0 })
    );
    clock.assert_retry_at(&err, Duration::from_secs(30));
}

#[tokio::test]
async fn a_huge_error_body_is_read_only_up_to_the_limit() {
    let body: Vec<u8> = b"<html>"
        .iter()
        .copied()
        .cycle()
        .take(3 * MAX_PARSED_BODY)
        .collect();
    let err = fetch::<AttioError>(vec![reply(502, &[], &body)])
        .await
        .expect_err("a 502 is an error");
    assert_eq!(err.raw_body().len(), MAX_PARSED_BODY);
    assert_eq!(err.raw_body(), &body[..MAX_PARSED_BODY]);
    assert_eq!(err.category(), Category::Server, "the status still decides");
}

#[tokio::test]
async fn a_body_cut_short_yields_the_bytes_that_arrived() {
    // The head promises 1000 bytes; the connection closes after the JSON.
    let mut raw = response(409, &[], CONFLICT_BODY.as_bytes());
    let promised = format!("Content-Length: {}", CONFLICT_BODY.len());
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8(raw[..head_end].to_vec()).expect("ASCII head");
    let head = head.replace(&promised, "Content-Length: 1000");
    raw.splice(..head_end, head.into_bytes());
    let again = raw.clone();
    let script: Vec<Reply> = vec![Box::new(move |_| raw), Box::new(move |_| again)];
    let server = LocalServer::start(script).expect("a local server");
    let send = || async {
        client()
            .get(server.url("/"))
            .send()
            .await
            .expect("a response")
    };

    // reqwest itself sees a broken body...
    assert!(send().await.bytes().await.is_err());
    // ...of which the error keeps what arrived, and still reads its code.
    let err = send()
        .await
        .error_for_status_as::<AttioError>()
        .await
        .expect_err("a 409");
    assert_eq!(err.raw_body(), CONFLICT_BODY.as_bytes());
    assert!(matches!(err, AttioError::Conflict(_)), "{err:?}");
}
