//! `CallError<E>` from reqwest (`send_as`, async and blocking), against local servers:
//! provider errors and transport failures in one type, with the request kept.

#![cfg(feature = "reqwest-blocking")]

use std::time::Duration;

use crate::support::{
    AttioError, Reply, Server, SlackError, client, head, json, refusing_url, reply,
};
use error_catalog::reqwest::{RequestBuilderExt, ResponseExt};
use error_catalog::retry::{Backoff, Decision};
use error_catalog::{CallError, Idempotency, NormalizedError, ReadLimits, TransportKind};

#[tokio::test]
async fn an_error_response_keeps_the_request_and_the_provider_error() {
    let server = Server::always(|| json(409, crate::support::CONFLICT));
    let url = server.url("/v2/objects/people/records?api_key=secret");
    let err = client()
        .post(&url)
        .body("{}")
        .send_as::<AttioError>()
        .await
        .expect_err("a 409");
    let CallError::Api { error, request } = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(error, AttioError::Conflict(_)), "{error:?}");
    assert_eq!(request.method(), Some(&http::Method::POST));
    assert_eq!(request.url(), Some(url.as_str()));
    assert!(!err.is_retryable());
    let shown = err.to_string();
    assert!(
        shown.ends_with(&format!(
            "(POST {})",
            server.url("/v2/objects/people/records")
        )),
        "{shown}"
    );
    assert!(!shown.contains("secret"), "{shown}");
}

/// A connect timeout: nothing was sent, so it is a `Connect` failure, retryable for a `POST`.
/// A listener whose backlog is full and that never accepts makes the kernel drop the next
/// connection's SYN; where the system answers otherwise (the connection is made or refused),
/// there is no connect timeout to look at and the test says so.
#[tokio::test]
async fn a_connect_timeout_is_a_connect_failure() {
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket
        .bind("127.0.0.1:0".parse().expect("an address"))
        .expect("bind");
    let listener = socket.listen(0).expect("listen");
    let addr = listener.local_addr().expect("its address");
    let mut held = Vec::new();
    for _ in 0..4 {
        let connect = tokio::net::TcpStream::connect(addr);
        if let Ok(Ok(stream)) = tokio::time::timeout(Duration::from_millis(200), connect).await {
            held.push(stream);
        }
    }
    let client = reqwest::Client::builder()
        .no_proxy()
        .connect_timeout(Duration::from_millis(300))
        .timeout(Duration::from_secs(5))
        .build()
        .expect("a client");
    let err = client
        .post(format!("http://{addr}/v2/objects"))
        .body("{}")
        .send_as::<AttioError>()
        .await
        .expect_err("nothing accepts");
    let t = err.transport().expect("a transport failure");
    let timed_out = std::error::Error::source(t)
        .and_then(|s| s.downcast_ref::<reqwest::Error>())
        .is_some_and(|r| r.is_connect() && r.is_timeout());
    if !timed_out {
        eprintln!("skipped: this system gave no connect timeout ({t})");
        return;
    }
    assert_eq!(t.kind(), TransportKind::Connect, "{t}");
    assert!(err.is_retryable());
    drop(held);
}

#[tokio::test]
async fn a_refused_connection_is_retryable_even_for_a_post() {
    let err = client()
        .post(refusing_url("/v2/objects"))
        .send_as::<AttioError>()
        .await
        .expect_err("nothing listens");
    let t = err.transport().expect("a transport failure");
    assert_eq!(t.kind(), TransportKind::Connect, "{t}");
    assert!(err.is_retryable(), "the request never left");
    assert_eq!(err.retry_after(), None);
}

/// A transport failure's text shows the request without its query string or credentials,
/// which reqwest's own error text holds.
#[tokio::test]
async fn a_transport_failure_shows_no_query_or_credentials() {
    let url =
        refusing_url("/v1/charges?api_key=SECRET").replacen("http://", "http://user:pa55@", 1);
    let err = client()
        .get(&url)
        .send_as::<AttioError>()
        .await
        .expect_err("nothing listens");
    let shown = format!(
        "{err} {err:?} {}",
        err.transport().map(|t| t.to_string()).unwrap_or_default()
    );
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(!shown.contains("pa55"), "{shown}");
    assert!(shown.contains("/v1/charges"), "{shown}");
    // A reqwest error the caller wraps itself, as the README shows, loses its URL too.
    let plain = client()
        .get(&url)
        .send()
        .await
        .expect_err("nothing listens");
    assert!(
        plain.to_string().contains("SECRET"),
        "reqwest's own text has it"
    );
    let wrapped =
        error_catalog::TransportError::from_source(plain, error_catalog::RequestInfo::unknown());
    let shown = format!("{wrapped} {wrapped:?}");
    assert!(
        !shown.contains("SECRET") && !shown.contains("pa55"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_reset_is_retryable_for_a_get_only() {
    let server = Server::always(|| Reply::Close);
    let get = client()
        .get(server.url("/a"))
        .send_as::<AttioError>()
        .await
        .expect_err("closed");
    let post = client()
        .post(server.url("/a"))
        .send_as::<AttioError>()
        .await
        .expect_err("closed");
    let keyed = client()
        .post(server.url("/a"))
        .header("Idempotency-Key", "k-1")
        .send_as::<AttioError>()
        .await
        .expect_err("closed");
    let marked = client()
        .post(server.url("/a"))
        .send_as_with::<AttioError>(Idempotency::Idempotent, ReadLimits::default())
        .await
        .expect_err("closed");
    for e in [&get, &post, &keyed, &marked] {
        let kind = e.transport().map(|t| t.kind());
        assert_eq!(kind, Some(TransportKind::Reset), "{e}");
    }
    assert!(get.is_retryable());
    assert!(!post.is_retryable(), "a POST may have been acted on");
    assert!(keyed.is_retryable(), "the provider deduplicates by key");
    assert!(marked.is_retryable(), "the caller said so");
    let policy = Backoff::default();
    assert_ne!(policy.decide(&get, 1), Decision::Stop);
    assert_eq!(policy.decide(&post, 1), Decision::Stop);
}

#[tokio::test]
async fn question_mark_works_for_both_kinds() {
    async fn call(url: &str) -> Result<String, CallError<AttioError>> {
        let response = client().get(url).send_as::<AttioError>().await?;
        Ok(response.text().await?)
    }
    let server = Server::start(|n| match n {
        0 => json(200, r#"{"data":[]}"#),
        _ => json(429, crate::support::RATE_LIMITED),
    });
    assert_eq!(
        call(&server.url("/")).await.expect("a 200"),
        r#"{"data":[]}"#
    );
    let err = call(&server.url("/")).await.expect_err("a 429");
    assert!(matches!(
        err.api_error(),
        Some(AttioError::RateLimitExceeded(_))
    ));
}

#[tokio::test]
async fn an_error_inside_a_success_response_is_an_error() {
    let slack_headers = [
        ("Content-Type", "application/json"),
        ("x-slack-req-id", "req-42"),
    ];
    let server = Server::start(move |n| match n {
        0 => reply(
            200,
            &slack_headers,
            r#"{"ok":false,"error":"channel_not_found"}"#,
        ),
        _ => reply(200, &slack_headers, r#"{"ok":true,"channel":"C1"}"#),
    });
    let err = client()
        .get(server.url("/api/chat.postMessage"))
        .send()
        .await
        .expect("a response")
        .error_for_status_as::<SlackError>()
        .await
        .expect_err("ok: false");
    assert_eq!(err.status(), 200);
    assert_eq!(err.code(), "channel_not_found");
    assert_eq!(err.request_id(), Some("req-42"));
    let fine = client()
        .get(server.url("/api/chat.postMessage"))
        .send_as::<SlackError>()
        .await
        .expect("ok: true");
    assert_eq!(fine.content_length(), Some(26));
    assert_eq!(
        fine.text().await.expect("the body, intact"),
        r#"{"ok":true,"channel":"C1"}"#
    );
}

#[tokio::test]
async fn a_success_of_a_provider_without_success_errors_is_not_read() {
    // A body that never ends: `error_for_status_as` must not wait for it.
    let server = Server::always(|| Reply::Trickle {
        head: head(200, &[], Some(1000)),
        body: vec![b' '; 1000],
        every: Duration::from_millis(200),
    });
    let response = client().get(server.url("/")).send().await.expect("a head");
    let started = std::time::Instant::now();
    let response = response
        .error_for_status_as::<AttioError>()
        .await
        .expect("a 200");
    assert!(started.elapsed() < Duration::from_millis(150));
    assert_eq!(response.status(), 200);
}

#[test]
fn the_blocking_client_does_the_same() {
    use error_catalog::reqwest::blocking::{RequestBuilderExt, ResponseExt};

    let server = Server::start(|n| match n {
        0 => json(429, crate::support::RATE_LIMITED),
        1 => reply(
            200,
            &[("Content-Type", "application/json")],
            r#"{"ok":false,"error":"not_authed"}"#,
        ),
        2 => reply(
            200,
            &[("Content-Type", "application/json")],
            r#"{"ok":true}"#,
        ),
        _ => Reply::Trickle {
            head: head(503, &[], Some(100)),
            body: vec![b'x'; 100],
            every: Duration::from_millis(200),
        },
    });
    let client = reqwest::blocking::Client::builder()
        .no_proxy()
        .build()
        .expect("a client");
    let err = client
        .get(server.url("/v2/objects"))
        .send_as::<AttioError>()
        .expect_err("a 429");
    assert!(matches!(
        err.api_error(),
        Some(AttioError::RateLimitExceeded(_))
    ));
    assert_eq!(err.request().method(), Some(&http::Method::GET));
    let slack = client
        .get(server.url("/api/auth.test"))
        .send()
        .expect("a response")
        .error_for_status_as::<SlackError>()
        .expect_err("ok: false");
    assert_eq!(slack.code(), "not_authed");
    let fine = client
        .get(server.url("/api/auth.test"))
        .send_as::<SlackError>()
        .expect("ok: true");
    assert_eq!(fine.text().expect("intact"), r#"{"ok":true}"#);
    let started = std::time::Instant::now();
    let slow = client
        .get(server.url("/slow"))
        .send()
        .expect("a head")
        .error_for_status_with::<AttioError>(
            ReadLimits::default().with_deadline(Duration::from_secs(1)),
        )
        .expect_err("a 503");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(slow.raw_body().len() < 100);
}
