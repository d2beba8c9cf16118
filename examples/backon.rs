//! backon retries a reqwest call; a `retry::Backoff` decides each retry, as every other
//! integration does: `.adjust(policy.backon())` stops on what the catalog calls final, on a
//! transport failure of a request that is not idempotent, on a wait longer than the policy
//! allows, and when the attempts or the deadline run out.
//!
//! The local server answers: a reset, a proxy's HTML 503, an Attio 429 whose `Retry-After`
//! is an HTTP-date a second or two ahead, a 200; then, for a `POST`, a reset; then a 409.
//!
//! Run it with `cargo run --example backon` (offline: the server runs on 127.0.0.1).

mod support;

use std::time::{Duration, Instant};

use backon::{ConstantBuilder, Retryable};
use error_catalog::CallError;
use error_catalog::reqwest::RequestBuilderExt;
use error_catalog::retry::Backoff;
use error_catalog_workspace::AttioError;
use support::attio;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = attio::retry_scenario_with_reset()?;
    let client = attio::client();
    let policy = Backoff::default()
        .with_base(Duration::from_millis(200))
        .with_max_wait(Duration::from_secs(10));

    for (method, path) in [
        (reqwest::Method::GET, "/v2/objects"),
        (reqwest::Method::POST, "/v2/objects/people/records"),
        (reqwest::Method::POST, "/v2/objects/people/records"),
    ] {
        let url = server.url(path);
        let fetch = || async {
            let response = client
                .request(method.clone(), &url)
                .send_as::<AttioError>()
                .await?;
            Ok::<_, CallError<AttioError>>(response.text().await?)
        };
        let started = Instant::now();
        let result = fetch
            // backon only repeats; the policy decides, so backon's own limit is lifted.
            .retry(ConstantBuilder::default().without_max_times())
            .adjust(policy.backon())
            .notify(|e, wait| println!("  {e}\n    -> retry in {:.2} s", wait.as_secs_f64()))
            .await;
        match result {
            Ok(body) => println!("{method} {path}: 200 {body}"),
            Err(err) => println!("{method} {path}: not retried: {err}"),
        }
        println!("  ({:.1} s in all)", started.elapsed().as_secs_f64());
    }
    Ok(())
}
