//! reqwest-retry with the catalog: `CatalogStrategy` decides which responses to retry,
//! `RetryAfterMiddleware` waits until the provider's retry time and attaches the classified
//! error to the response.
//!
//! The local server answers with a proxy's HTML 503, then an Attio 429 whose `Retry-After`
//! is an HTTP-date a second or two ahead, then a 200; a second call gets a 409, which is not
//! retried.
//!
//! Run it with `cargo run --example reqwest_retry` (offline: the server runs on 127.0.0.1).

mod support;

use std::time::{Duration, Instant};

use error_catalog::NormalizedError;
use error_catalog::reqwest_retry::{CatalogStrategy, RetryAfterMiddleware};
use error_catalog_workspace::AttioError;
use reqwest_retry::RetryTransientMiddleware;
use reqwest_retry::policies::ExponentialBackoff;
use support::attio;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = attio::retry_scenario()?;

    let policy = ExponentialBackoff::builder()
        .retry_bounds(Duration::from_millis(200), Duration::from_secs(10))
        .build_with_max_retries(3);
    let client = reqwest_middleware::ClientBuilder::new(attio::client())
        // Outer: counts attempts and backs off; asks the catalog whether to retry.
        .with(RetryTransientMiddleware::new_with_policy_and_strategy(
            policy,
            CatalogStrategy::<AttioError>::new(),
        ))
        // Inner, once per attempt: classifies error responses, honours Retry-After.
        .with(RetryAfterMiddleware::<AttioError>::new().max_wait(Duration::from_secs(30)))
        .build();

    for path in ["/v2/objects", "/v2/objects/people/records"] {
        let started = Instant::now();
        let response = client.get(server.url(path)).send().await?;
        println!(
            "{path}: {} after {:.1} s",
            response.status(),
            started.elapsed().as_secs_f64()
        );
        match response.extensions().get::<AttioError>() {
            Some(err) => println!(
                "  {err}\n  retryable: {}, fix: {}",
                err.is_retryable(),
                err.fix_hint()
            ),
            None => println!("  {}", response.text().await?),
        }
    }
    println!("the server saw {} requests", server.requests());
    Ok(())
}
