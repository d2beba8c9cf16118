//! `error_catalog::tower`: hyper's client in a tower stack behaves like reqwest. The layer
//! turns error responses into `CallError<AttioError>`; the retry policy, driven by the same
//! `retry::Backoff` as every other integration, retries what can be retried. With the
//! `tracing` feature every retry is one event (printed here by `tracing-subscriber`).
//!
//! The local server answers: a reset, a proxy's HTML 503, an Attio 429 whose `Retry-After`
//! is an HTTP-date a second or two ahead, a 200; then, for a `POST`, a reset; then a 409.
//!
//! Run it with `cargo run --example tower` (offline: the server runs on 127.0.0.1).

mod support;

use std::time::{Duration, Instant};

use bytes::Bytes;
use error_catalog::retry::{Backoff, RetryBudget};
use error_catalog::tower::{CatalogLayer, CatalogPolicy};
use error_catalog::{CallError, NormalizedError};
use error_catalog_workspace::AttioError;
use http_body_util::{BodyExt, Full};
use support::attio;
use tower::{Service, ServiceBuilder, ServiceExt};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_target(true)
        .with_ansi(false)
        .init();
    let server = attio::retry_scenario_with_reset()?;

    let policy = Backoff::default()
        .with_base(Duration::from_millis(200))
        .with_max_wait(Duration::from_secs(10))
        .with_budget(RetryBudget::default());
    let hyper = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<Full<Bytes>>();
    let mut client = ServiceBuilder::new()
        .retry(CatalogPolicy::new(policy))
        .layer(CatalogLayer::<AttioError>::new())
        .service(hyper);

    for (method, path) in [
        (http::Method::GET, "/v2/objects"),
        (http::Method::POST, "/v2/objects/people/records"),
        (http::Method::POST, "/v2/objects/people/records"),
    ] {
        let request = http::Request::builder()
            .method(method.clone())
            .uri(server.url(path))
            .body(Full::new(Bytes::from_static(b"{}")))?;
        let started = Instant::now();
        match client.ready().await?.call(request).await {
            Ok(response) => {
                let status = response.status();
                let body = response
                    .into_body()
                    .collect()
                    .await
                    .map_err(|e| e.to_string())?
                    .to_bytes();
                println!(
                    "{method} {path}: {status} {}",
                    String::from_utf8_lossy(&body)
                );
            }
            Err(CallError::Api { error, .. }) => {
                error_catalog::tracing::record(&error);
                println!("{method} {path}: {error}\n  fix: {}", error.fix_hint());
            }
            Err(err) => println!("{method} {path}: {err} (retryable: {})", err.is_retryable()),
        }
        println!("  ({:.1} s in all)", started.elapsed().as_secs_f64());
    }
    Ok(())
}
