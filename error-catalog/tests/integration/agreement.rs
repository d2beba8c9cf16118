//! Every integration makes the same retry decision on the same response: `Backoff`, a
//! `Retrying` loop, the backon adapter, the reqwest-retry middleware and the tower policy, on
//! one table of responses served by a local server.

#![cfg(all(feature = "reqwest-retry", feature = "tower"))]

use std::time::{Duration, Instant};

use crate::support::{AttioError, Reply, Server, client, json, reply};
use backon::{ConstantBuilder, Retryable};
use bytes::Bytes;
use error_catalog::reqwest::RequestBuilderExt;
use error_catalog::retry::{Backoff, Decision, Reason, RetryBudget, Verdict};
use error_catalog::tower::{CatalogLayer, CatalogPolicy};
use error_catalog::{CallError, NormalizedError};
use http_body_util::Full;
use tower::{Service, ServiceBuilder, ServiceExt};

/// One response of the table and what every integration must do with it.
struct Row {
    name: &'static str,
    status: u16,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    expect: Decision,
}

/// The default policy, without jitter so that the backoff is exact: 500 ms first.
fn policy() -> Backoff {
    Backoff::default().with_jitter(false)
}

const TABLE: &[Row] = &[
    Row {
        name: "429, Retry-After 3600: longer than the policy waits",
        status: 429,
        headers: &[("Retry-After", "3600")],
        body: crate::support::RATE_LIMITED,
        expect: Decision::Stop,
    },
    Row {
        name: "503 HTML page: backoff",
        status: 503,
        headers: &[("Content-Type", "text/html")],
        body: crate::support::HTML_503,
        expect: Decision::RetryAfter(Duration::from_millis(500)),
    },
    Row {
        name: "409 conflict: never",
        status: 409,
        headers: &[],
        body: crate::support::CONFLICT,
        expect: Decision::Stop,
    },
    Row {
        name: "401 bad key: never",
        status: 401,
        headers: &[],
        body: crate::support::BAD_KEY,
        expect: Decision::Stop,
    },
    Row {
        name: "429, Retry-After 2: the provider's time",
        status: 429,
        headers: &[("Retry-After", "2")],
        body: crate::support::RATE_LIMITED,
        expect: Decision::RetryAfter(Duration::from_secs(2)),
    },
];

impl Row {
    fn error(&self) -> AttioError {
        AttioError::from_response(self.status, self.headers, self.body.as_bytes())
    }

    /// The row's response, then a 200.
    fn server(&self) -> Server {
        let (status, headers, body) = (self.status, self.headers, self.body);
        Server::start(move |n| match n {
            0 => reply(status, headers, body),
            _ => json(200, "{}"),
        })
    }
}

/// What a live integration did: how many requests, how long the whole call took.
fn observed(name: &str, requests: usize, elapsed: Duration) -> Decision {
    match requests {
        1 => Decision::Stop,
        2 => Decision::RetryAfter(elapsed),
        n => panic!("{name}: {n} requests"),
    }
}

/// The same decision: a stop, or a retry after the expected wait (measured live: at least
/// the wait, and not a second more; the provider's seconds are rounded to whole seconds).
fn agrees(expect: Decision, got: Decision) -> bool {
    match (expect, got) {
        (Decision::Stop, Decision::Stop) => true,
        (Decision::RetryAfter(want), Decision::RetryAfter(got)) => {
            got + Duration::from_millis(50) >= want && got < want + Duration::from_secs(1)
        }
        _ => false,
    }
}

#[test]
fn the_policy_the_loop_and_the_backon_adapter_agree() {
    for row in TABLE {
        let err = row.error();
        let decided = policy().decide(&err, 1);
        assert!(
            agrees(row.expect, decided),
            "Backoff::decide: {}: {decided:?}",
            row.name
        );
        let decided = policy().start().next(&err);
        assert!(
            agrees(row.expect, decided),
            "Retrying::next: {}: {decided:?}",
            row.name
        );
        let mut adjust = policy().backon::<AttioError>();
        let backon = adjust(&err, Some(Duration::from_millis(1)));
        let decided = backon.map_or(Decision::Stop, Decision::RetryAfter);
        assert!(
            agrees(row.expect, decided),
            "backon: {}: {decided:?}",
            row.name
        );
    }
}

async fn with_reqwest_retry(row: &Row) -> (Decision, Option<Verdict>) {
    let server = row.server();
    let (retry, classify) = error_catalog::reqwest_retry::middleware::<AttioError>(policy());
    let client = reqwest_middleware::ClientBuilder::new(client())
        .with(retry)
        .with(classify)
        .build();
    let started = Instant::now();
    let response = client
        .get(server.url("/v2/objects"))
        .send()
        .await
        .expect("a response");
    let elapsed = started.elapsed();
    let verdict = response.extensions().get::<Verdict>().copied();
    (
        observed("reqwest-retry", server.requests(), elapsed),
        verdict,
    )
}

/// hyper's client in a tower stack: the catalog's layer, retried by `policy`.
fn tower_client(
    policy: Backoff,
) -> impl Service<
    http::Request<Full<Bytes>>,
    Response = http::Response<error_catalog::PeekedBody<hyper::body::Incoming>>,
    Error = CallError<AttioError>,
    Future: Send,
> + Send {
    let hyper = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<Full<Bytes>>();
    ServiceBuilder::new()
        .retry(CatalogPolicy::new(policy))
        .layer(CatalogLayer::<AttioError>::new())
        .service(hyper)
}

async fn with_tower(row: &Row) -> Decision {
    let server = row.server();
    let mut service = tower_client(policy());
    let uri: http::Uri = server.url("/v2/objects").parse().expect("a URI");
    let request = http::Request::get(uri)
        .body(Full::new(Bytes::new()))
        .expect("a request");
    let started = Instant::now();
    let result = service.ready().await.expect("ready").call(request).await;
    let elapsed = started.elapsed();
    match (&result, row.expect) {
        (Ok(r), Decision::RetryAfter(_)) => assert_eq!(r.status(), 200),
        (Err(CallError::Api { error, .. }), Decision::Stop) => {
            assert_eq!(error.status(), row.status)
        }
        (other, _) => panic!("tower: {}: {other:?}", row.name),
    }
    observed("tower", server.requests(), elapsed)
}

async fn with_backon(row: &Row) -> Decision {
    let server = row.server();
    let client = client();
    let url = server.url("/v2/objects");
    let started = Instant::now();
    let fetch = || async { client.get(&url).send_as::<AttioError>().await };
    let result = fetch
        .retry(
            ConstantBuilder::default()
                .with_delay(Duration::from_millis(1))
                .without_max_times(),
        )
        .adjust(policy().backon())
        .await;
    let elapsed = started.elapsed();
    assert_eq!(
        result.is_ok(),
        row.expect != Decision::Stop,
        "backon: {}",
        row.name
    );
    observed("backon", server.requests(), elapsed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_live_integration_agrees_with_the_policy() {
    // All rows at once: the table takes as long as its longest wait.
    let runs: Vec<_> = TABLE
        .iter()
        .map(|row| tokio::spawn(check_live(row)))
        .collect();
    for run in runs {
        if let Err(e) = run.await {
            std::panic::resume_unwind(e.into_panic());
        }
    }
}

async fn check_live(row: &'static Row) {
    let ((reqwest_retry, verdict), tower, backon) =
        tokio::join!(with_reqwest_retry(row), with_tower(row), with_backon(row));
    for (name, got) in [
        ("reqwest-retry", reqwest_retry),
        ("tower", tower),
        ("backon", backon),
    ] {
        assert!(
            agrees(row.expect, got),
            "{name}: {}: {got:?}, want {:?}",
            row.name,
            row.expect
        );
    }
    if row.expect == Decision::Stop {
        let verdict = verdict.expect("the stopping response carries its verdict");
        assert_eq!(verdict.decision, Decision::Stop);
        if row.status == 429 {
            let Reason::WaitTooLong { asked } = verdict.reason else {
                panic!("{verdict:?}")
            };
            assert!(asked > Duration::from_secs(3590), "{asked:?}");
        } else {
            assert_eq!(verdict.reason, Reason::NotRetryable);
        }
    }
}

#[tokio::test]
async fn a_stop_hands_the_error_back_with_its_retry_after() {
    let row = &TABLE[0];
    let server = row.server();
    let err = client()
        .get(server.url("/"))
        .send_as::<AttioError>()
        .await
        .expect_err("a 429");
    assert_eq!(policy().decide(&err, 1), Decision::Stop);
    let wait = err.retry_after().expect("the provider's time is kept");
    assert!(wait > Duration::from_secs(3590), "{wait:?}");
    let _ = Reply::Close;
}

/// backon reports no success, yet a shared budget gets a retry's cost back when the retried
/// request succeeds, as in the other integrations: here a budget of one retry serves three
/// calls in turn, each a 503 page and then a 200.
#[tokio::test]
async fn backon_gives_a_shared_budget_back_when_a_retry_succeeds() {
    let server = Server::start(|n| match n % 2 {
        0 => reply(
            503,
            &[("Content-Type", "text/html")],
            crate::support::HTML_503,
        ),
        _ => json(200, "{}"),
    });
    let budget = RetryBudget::new(5);
    let policy = policy()
        .with_base(Duration::from_millis(1))
        .with_budget(budget.clone());
    let client = client();
    let url = server.url("/v2/objects");
    for call in 1..=3 {
        let fetch = || async { client.get(&url).send_as::<AttioError>().await };
        let result = fetch
            .retry(ConstantBuilder::default().without_max_times())
            .adjust(policy.backon())
            .await;
        assert!(result.is_ok(), "call {call}: {result:?}");
        assert_eq!(server.requests(), 2 * call, "call {call}");
        assert_eq!(budget.available(), 5, "call {call}");
    }
}

/// A `POST` marked `Idempotency::NotIdempotent` is not sent again after a 503 (the provider
/// may have acted on it), in every integration; a `POST` not so marked is, as the provider
/// says; a rate limit is retried either way (nothing was done).
#[tokio::test]
async fn a_post_marked_not_idempotent_is_not_repeated_after_a_server_error() {
    use error_catalog::Idempotency;
    const HTML: &[(&str, &str)] = &[("Content-Type", "text/html")];
    for (status, headers, body, mark, expected) in [
        (
            503,
            HTML,
            crate::support::HTML_503,
            Some(Idempotency::NotIdempotent),
            1,
        ),
        (503, HTML, crate::support::HTML_503, None, 2),
        (
            429,
            &[("Retry-After", "1")][..],
            crate::support::RATE_LIMITED,
            Some(Idempotency::NotIdempotent),
            2,
        ),
    ] {
        let policy = || policy().with_base(Duration::from_millis(1));
        let script = move |n| match n {
            0 => reply(status, headers, body),
            _ => json(200, "{}"),
        };

        let server = Server::start(script);
        let (retry, classify) = error_catalog::reqwest_retry::middleware::<AttioError>(policy());
        let reqwest = reqwest_middleware::ClientBuilder::new(client())
            .with(retry)
            .with(classify)
            .build();
        let mut request = reqwest.post(server.url("/v2/objects"));
        if let Some(mark) = mark {
            request = request.with_extension(mark);
        }
        let _ = request.send().await.expect("a response");
        assert_eq!(
            server.requests(),
            expected,
            "reqwest-retry: {status} {mark:?}"
        );

        let server = Server::start(script);
        let mut service = tower_client(policy());
        let uri: http::Uri = server.url("/v2/objects").parse().expect("a URI");
        let mut request = http::Request::post(uri)
            .body(Full::new(Bytes::new()))
            .expect("a request");
        if let Some(mark) = mark {
            request.extensions_mut().insert(mark);
        }
        let _ = service.ready().await.expect("ready").call(request).await;
        assert_eq!(server.requests(), expected, "tower: {status} {mark:?}");
    }
}
