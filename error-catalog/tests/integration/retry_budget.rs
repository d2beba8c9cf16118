//! A retry budget shared by every request to a provider: against a local server that fails
//! every request, the attempts stay within the budget; successes refill it and retries start
//! again.

#![cfg(all(feature = "reqwest-retry", feature = "tower"))]

use std::time::Duration;

use crate::support::{AttioError, HTML_503, Server, client, json, reply};
use bytes::Bytes;
use error_catalog::reqwest::RequestBuilderExt;
use error_catalog::retry::{Backoff, Decision, RetryBudget};
use error_catalog::tower::{CatalogLayer, CatalogPolicy};
use http_body_util::Full;
use tower::{Service, ServiceBuilder, ServiceExt};

/// 20 tokens, 5 a retry: 4 retries in all until a success pays back.
fn budgeted() -> (Backoff, RetryBudget) {
    let budget = RetryBudget::new(20);
    let policy = Backoff::default()
        .with_base(Duration::from_millis(1))
        .with_jitter(false)
        .with_max_attempts(3)
        .with_budget(budget.clone());
    (policy, budget)
}

/// Fails requests 0 to 13 and from 19 on; 14 to 18 succeed.
fn outage_recovery_outage() -> Server {
    Server::start(|n| match n {
        14..=18 => json(200, "{}"),
        _ => reply(503, &[("Content-Type", "text/html")], HTML_503),
    })
}

/// Ten calls during the outage (3 attempts each without a budget: 30 requests), five calls
/// once it is over, two calls in a second outage.
async fn run(server: &Server, budget: &RetryBudget, call: impl AsyncFn() -> bool) {
    for _ in 0..10 {
        assert!(!call().await, "the server is down");
    }
    // Two calls of three attempts spend the 20 tokens (2 retries each); eight calls of
    // one attempt follow: 10 calls + 4 retries.
    assert_eq!(server.requests(), 14, "within the budget");
    assert_eq!(budget.available(), 0);

    for _ in 0..5 {
        assert!(call().await, "the server is back");
    }
    assert_eq!(budget.available(), 5, "each success refills 1");

    assert!(!call().await);
    assert!(!call().await);
    // One retry paid by the successes, then none.
    assert_eq!(server.requests(), 14 + 5 + 2 + 1);
    assert_eq!(budget.available(), 0);
}

#[tokio::test]
async fn a_hand_written_loop_stays_within_the_budget() {
    let server = outage_recovery_outage();
    let (policy, budget) = budgeted();
    let client = client();
    let url = server.url("/v2/objects");
    let call = async || {
        let mut retrying = policy.start();
        loop {
            match client.get(&url).send_as::<AttioError>().await {
                Ok(_) => {
                    retrying.succeeded();
                    return true;
                }
                Err(err) => match retrying.next(&err) {
                    Decision::RetryAfter(wait) => tokio::time::sleep(wait).await,
                    Decision::Stop => return false,
                },
            }
        }
    };
    run(&server, &budget, call).await;
}

#[tokio::test]
async fn reqwest_retry_stays_within_the_budget() {
    let server = outage_recovery_outage();
    let (policy, budget) = budgeted();
    let (retry, classify) = error_catalog::reqwest_retry::middleware::<AttioError>(policy);
    let client = reqwest_middleware::ClientBuilder::new(client())
        .with(retry)
        .with(classify)
        .build();
    let url = server.url("/v2/objects");
    let call = async || {
        let response = client.get(&url).send().await.expect("a response");
        response.status().is_success()
    };
    run(&server, &budget, call).await;
}

#[tokio::test]
async fn tower_stays_within_the_budget() {
    let server = outage_recovery_outage();
    let (policy, budget) = budgeted();
    let hyper = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<Full<Bytes>>();
    let service = ServiceBuilder::new()
        .retry(CatalogPolicy::new(policy))
        .layer(CatalogLayer::<AttioError>::new())
        .service(hyper);
    let uri: http::Uri = server.url("/v2/objects").parse().expect("a URI");
    let call = async || {
        let request = http::Request::get(uri.clone())
            .body(Full::new(Bytes::new()))
            .expect("a request");
        let mut service = service.clone();
        service
            .ready()
            .await
            .expect("ready")
            .call(request)
            .await
            .is_ok()
    };
    run(&server, &budget, call).await;
}
