//! `error_catalog::reqwest::ResponseExt::error_for_status_as`: from a `reqwest::Response` to
//! `Result<Response, AttioError>`, against a local server that answers four requests with a
//! 200, an Attio 429 (HTTP-date `Retry-After`), a 409 and a proxy's HTML 503.
//!
//! Run it with `cargo run --example reqwest` (offline: the server runs on 127.0.0.1).

mod support;

use error_catalog::NormalizedError;
use error_catalog::reqwest::ResponseExt;
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
    ])?;
    let client = attio::client();

    for path in [
        "/v2/objects",
        "/v2/objects/people/records/query",
        "/v2/objects/people/records",
        "/v2/lists",
    ] {
        let response = client.get(server.url(path)).send().await?; // transport errors: yours
        match response.error_for_status_as::<AttioError>().await {
            Ok(response) => println!("{path}: {} {}", response.status(), response.text().await?),
            Err(err) => {
                println!("{path}: {err}");
                println!("  variant:  {}", err.variant_name());
                println!("  category: {}", err.category());
                match (err.is_retryable(), err.retry_after()) {
                    (true, Some(wait)) => println!("  retry:    after {:.1} s", wait.as_secs_f64()),
                    (true, None) => println!("  retry:    with backoff"),
                    (false, _) => println!("  retry:    no"),
                }
                println!("  fix:      {}", err.fix_hint());
                println!("  body:     {} bytes kept", err.raw_body().len());
            }
        }
    }
    Ok(())
}
