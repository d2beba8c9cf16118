//! `error_catalog::tower` with hyper's client against local servers: error responses and
//! transport failures become `CallError<E>`; the policy retries what is safe to retry.

#![cfg(feature = "tower")]

use std::time::Duration;

use crate::support::{AttioError, Reply, Server, SlackError, json, refusing_url, reply};
use bytes::Bytes;
use error_catalog::retry::Backoff;
use error_catalog::tower::{CatalogLayer, CatalogPolicy};
use error_catalog::{CallError, Idempotency, NormalizedError, TransportKind};
use http_body_util::{BodyExt, Full};
use tower::{Service, ServiceBuilder, ServiceExt};

type Hyper = hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    Full<Bytes>,
>;

fn hyper() -> Hyper {
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<Full<Bytes>>()
}

fn request(method: http::Method, url: &str) -> http::Request<Full<Bytes>> {
    http::Request::builder()
        .method(method)
        .uri(url)
        .body(Full::new(Bytes::from_static(b"{}")))
        .expect("a request")
}

/// One request through the service, once it is ready (hyper's client always is).
async fn send<S>(
    service: &mut S,
    request: http::Request<Full<Bytes>>,
) -> Result<S::Response, S::Error>
where
    S: Service<http::Request<Full<Bytes>>>,
    S::Error: std::fmt::Debug,
{
    service.ready().await.expect("ready").call(request).await
}

fn quick() -> Backoff {
    Backoff::default()
        .with_base(Duration::from_millis(1))
        .with_max_attempts(3)
}

#[tokio::test]
async fn an_error_response_is_the_catalogs_error_and_a_success_passes_whole() {
    let server = Server::start(|n| match n {
        0 => json(409, crate::support::CONFLICT),
        _ => json(200, r#"{"data":[]}"#),
    });
    let mut service = ServiceBuilder::new()
        .layer(CatalogLayer::<AttioError>::new())
        .service(hyper());
    let url = server.url("/v2/objects/people/records");
    let err = send(&mut service, request(http::Method::PUT, &url))
        .await
        .expect_err("a 409");
    let CallError::Api {
        error,
        request: info,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!(matches!(error, AttioError::Conflict(_)));
    assert_eq!(info.method(), Some(&http::Method::PUT));
    assert_eq!(info.url(), Some(url.as_str()));
    let ok = send(&mut service, request(http::Method::GET, &url))
        .await
        .expect("a 200");
    let body = ok.into_body().collect().await.expect("a body").to_bytes();
    assert_eq!(&body[..], br#"{"data":[]}"#);
}

#[tokio::test]
async fn resets_are_retried_for_idempotent_requests_only() {
    let server = Server::start(|n| match n {
        0 | 2 | 3 => Reply::Close,
        _ => json(200, "{}"),
    });
    let mut service = ServiceBuilder::new()
        .retry(CatalogPolicy::new(quick()))
        .layer(CatalogLayer::<AttioError>::new())
        .service(hyper());
    let url = server.url("/v2/objects");
    // GET: reset, retried, 200.
    let ok = send(&mut service, request(http::Method::GET, &url)).await;
    assert!(ok.is_ok(), "{ok:?}");
    assert_eq!(server.requests(), 2);
    // POST: reset, not retried.
    let err = send(&mut service, request(http::Method::POST, &url))
        .await
        .expect_err("a reset");
    let t = err.transport().expect("a transport failure");
    assert_eq!(t.kind(), TransportKind::Reset, "{t}");
    assert!(!err.is_retryable());
    assert_eq!(server.requests(), 3);
    // POST marked idempotent: reset, retried, 200.
    let mut marked = request(http::Method::POST, &url);
    marked.extensions_mut().insert(Idempotency::Idempotent);
    let ok = send(&mut service, marked).await;
    assert!(ok.is_ok(), "{ok:?}");
    assert_eq!(server.requests(), 5);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_failure() {
    let mut service = ServiceBuilder::new()
        .layer(CatalogLayer::<AttioError>::new())
        .service(hyper());
    let err = send(
        &mut service,
        request(http::Method::POST, &refusing_url("/")),
    )
    .await
    .expect_err("refused");
    assert_eq!(
        err.transport().map(|t| t.kind()),
        Some(TransportKind::Connect),
        "{err}"
    );
    assert!(err.is_retryable(), "never sent");
}

#[tokio::test]
async fn an_error_inside_a_success_is_an_error_here_too() {
    let server = Server::start(|n| match n {
        0 => reply(
            200,
            &[("Content-Type", "application/json")],
            r#"{"ok":false,"error":"invalid_auth"}"#,
        ),
        _ => reply(
            200,
            &[("Content-Type", "application/json")],
            r#"{"ok":true}"#,
        ),
    });
    let mut service = ServiceBuilder::new()
        .layer(CatalogLayer::<SlackError>::new())
        .service(hyper());
    let url = server.url("/api/auth.test");
    let err = send(&mut service, request(http::Method::POST, &url))
        .await
        .expect_err("ok: false");
    assert_eq!(err.api_error().map(|e| e.code()), Some("invalid_auth"));
    let ok = send(&mut service, request(http::Method::POST, &url))
        .await
        .expect("ok: true");
    let read = ok
        .extensions()
        .get::<error_catalog::BodyRead>()
        .copied()
        .expect("marked");
    assert!(read.is_complete());
    let body = ok.into_body().collect().await.expect("a body").to_bytes();
    assert_eq!(&body[..], br#"{"ok":true}"#);
}
