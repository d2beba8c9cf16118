//! `error_catalog::reqwest`: `send_as::<AttioError>()` turns a reqwest call into
//! `Result<Response, CallError<AttioError>>`, the provider's error or a transport failure, with
//! the request kept; `error_for_status_as` does the same for a response you already have.
//!
//! The local server answers five requests with a 200, an Attio 429 (HTTP-date `Retry-After`),
//! a 409, a proxy's HTML 503 and a reset connection.
//!
//! Run it with `cargo run --example reqwest` (offline: the server runs on 127.0.0.1).

mod support;

use error_catalog::reqwest::{RequestBuilderExt, ResponseExt};
use error_catalog::{CallError, NormalizedError};
use error_catalog_workspace::AttioError;
use support::attio;
use support::server::LocalServer;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (rate_limited, _) = attio::rate_limited_until_next_seconds();
    let server = LocalServer::start(vec![
        attio::ok(r#"{"data":[]}"#),
        rate_limited,
        attio::conflict(),
        attio::unavailable_html(),
        attio::reset(),
    ])?;
    let client = attio::client();

    for path in [
        "/v2/objects",
        "/v2/objects/people/records/query",
        "/v2/objects/people/records",
        "/v2/lists",
        "/v2/self",
    ] {
        match client.get(server.url(path)).send_as::<AttioError>().await {
            Ok(response) => println!("{path}: {} {}", response.status(), response.text().await?),
            Err(CallError::Api { error, request }) => {
                println!("{path}: {error}");
                let method = request.method().map(|m| m.as_str()).unwrap_or("?");
                let url = request.url_for_logs().unwrap_or_default();
                println!("  request:  {method} {url}");
                println!("  variant:  {}", error.variant_name());
                println!("  category: {}", error.category());
                match (error.is_retryable(), error.retry_after()) {
                    (true, Some(wait)) => println!("  retry:    after {:.1} s", wait.as_secs_f64()),
                    (true, None) => println!("  retry:    with backoff"),
                    (false, _) => println!("  retry:    no"),
                }
                println!("  fix:      {}", error.fix_hint());
                println!("  body:     {} bytes kept", error.raw_body().len());
            }
            Err(CallError::Transport(failure)) => {
                println!("{path}: {failure}");
                println!(
                    "  kind: {}, retryable: {} (a GET is idempotent)",
                    failure.kind(),
                    failure.is_retryable()
                );
            }
            Err(other) => println!("{path}: {other}"),
        }
    }

    // With a response already in hand (the server is done: a fresh one for this).
    let server = LocalServer::start(vec![attio::conflict()])?;
    let response = client
        .get(server.url("/v2/objects/people/records"))
        .send()
        .await?;
    if let Err(err) = response.error_for_status_as::<AttioError>().await {
        println!("error_for_status_as: {err}");
    }
    Ok(())
}
