//! `error_catalog::retry::Backoff` in a hand-written loop: the catalog says whether to retry,
//! the provider says when (else exponential backoff with full jitter), the policy counts the
//! attempts, the deadline and a retry budget shared by every call to the provider.
//!
//! Every call returns `Result<_, CallError<AttioError>>`: the provider's error, or a transport
//! failure (here a reset connection). A reset `GET` is retried; a reset `POST` is not (the
//! provider may have acted on it).
//!
//! The local server answers: a reset, a proxy's HTML 503, an Attio 429 whose `Retry-After` is
//! an HTTP-date a second or two ahead, a 200; then, for a `POST`, a reset; then a 409.
//!
//! Run it with `cargo run --example retry_loop` (offline: the server runs on 127.0.0.1).

mod support;

use std::time::{Duration, Instant};

use error_catalog::CallError;
use error_catalog::reqwest::RequestBuilderExt;
use error_catalog::retry::{Backoff, Decision, RetryBudget};
use error_catalog_workspace::AttioError;
use support::attio;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = attio::retry_scenario_with_reset()?;
    let client = attio::client();
    // One policy for the provider: clones share its budget.
    let policy = Backoff::default()
        .with_base(Duration::from_millis(200))
        .with_max_wait(Duration::from_secs(10))
        .with_max_attempts(5)
        .with_budget(RetryBudget::default());

    for (method, path) in [
        (reqwest::Method::GET, "/v2/objects"),
        (reqwest::Method::POST, "/v2/objects/people/records"),
        (reqwest::Method::POST, "/v2/objects/people/records"),
    ] {
        let started = Instant::now();
        let request = || client.request(method.clone(), server.url(path)).body("{}");
        match call(&policy, request).await {
            Ok(body) => println!("{method} {path}: 200 {body}"),
            Err(err) => {
                println!("{method} {path}: gave up: {err}");
                if let CallError::Api { error, .. } = &err {
                    println!("  fix: {}", error_catalog::NormalizedError::fix_hint(error));
                }
            }
        }
        println!("  ({:.1} s in all)", started.elapsed().as_secs_f64());
    }
    Ok(())
}

/// Send, classify, ask the policy, sleep or stop. No `expect`: a reset is an error like any
/// other.
async fn call(
    policy: &Backoff,
    request: impl Fn() -> reqwest::RequestBuilder,
) -> Result<String, CallError<AttioError>> {
    let mut retrying = policy.start();
    loop {
        let err = match request().send_as::<AttioError>().await {
            Ok(response) => {
                retrying.succeeded();
                return Ok(response.text().await?);
            }
            Err(err) => err,
        };
        println!("  attempt {}: {err}", retrying.attempts() + 1);
        match retrying.next(&err) {
            Decision::RetryAfter(wait) => {
                let reason = retrying
                    .last()
                    .map(|v| v.reason.to_string())
                    .unwrap_or_default();
                println!("    -> retry in {:.2} s ({reason})", wait.as_secs_f64());
                tokio::time::sleep(wait).await;
            }
            Decision::Stop => {
                let reason = retrying
                    .last()
                    .map(|v| v.reason.to_string())
                    .unwrap_or_default();
                println!("    -> stop ({reason})");
                return Err(err);
            }
        }
    }
}
