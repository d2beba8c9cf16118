//! reqwest-retry with the catalog: one `retry::Backoff` decides every retry, as in every other
//! integration. `error_catalog::reqwest_retry::middleware` returns the retry middleware and
//! the classifying middleware that goes inside it; an error response comes back classified,
//! with the verdict that ended the retries and what was read of its body.
//!
//! The local server answers: a reset, a proxy's HTML 503, an Attio 429 whose `Retry-After` is
//! an HTTP-date a second or two ahead, a 200; then, for a `POST`, a reset; then a 409.
//!
//! Run it with `cargo run --example reqwest_retry` (offline: the server runs on 127.0.0.1).

mod support;

use std::time::{Duration, Instant};

use error_catalog::reqwest_retry::transport_failure;
use error_catalog::retry::{Backoff, RetryBudget, Verdict};
use error_catalog::{BodyRead, NormalizedError};
use error_catalog_workspace::AttioError;
use support::attio;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = attio::retry_scenario_with_reset()?;

    let policy = Backoff::default()
        .with_base(Duration::from_millis(200))
        .with_max_wait(Duration::from_secs(10))
        .with_budget(RetryBudget::default());
    let (retry, classify) = error_catalog::reqwest_retry::middleware::<AttioError>(policy);
    let client = reqwest_middleware::ClientBuilder::new(attio::client())
        .with(retry) // outer: repeats the request while the policy says so
        .with(classify) // inner, once per attempt: classifies, decides, waits
        .build();

    for (method, path) in [
        (reqwest::Method::GET, "/v2/objects"),
        (reqwest::Method::POST, "/v2/objects/people/records"),
        (reqwest::Method::POST, "/v2/objects/people/records"),
    ] {
        let started = Instant::now();
        let elapsed = || started.elapsed().as_secs_f64();
        let response = match client
            .request(method.clone(), server.url(path))
            .send()
            .await
        {
            Ok(response) => response,
            Err(err) => {
                // No response: the transport failure and why it was not retried.
                match transport_failure(&err) {
                    Some(f) => println!(
                        "{method} {path}: {} after {:.1} s ({})",
                        f.error(),
                        elapsed(),
                        f.verdict().reason
                    ),
                    None => println!("{method} {path}: {err}"),
                }
                continue;
            }
        };
        println!(
            "{method} {path}: {} after {:.1} s",
            response.status(),
            elapsed()
        );
        match response.extensions().get::<AttioError>() {
            Some(err) => {
                let verdict = response.extensions().get::<Verdict>();
                let read = response.extensions().get::<BodyRead>();
                println!(
                    "  {err}\n  retryable: {}, fix: {}",
                    err.is_retryable(),
                    err.fix_hint()
                );
                if let (Some(v), Some(r)) = (verdict, read) {
                    println!(
                        "  stopped: {}; body read: {} bytes, {}",
                        v.reason, r.len, r.end
                    );
                }
            }
            None => println!("  {}", response.text().await?),
        }
    }
    println!("the server saw {} requests", server.requests());
    Ok(())
}
