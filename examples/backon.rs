//! backon retries a reqwest call; the catalog picks which errors to retry and how long to
//! wait: `.when(|e| e.is_retryable()).adjust(prefer_provider_delay)`.
//!
//! The local server answers with a proxy's HTML 503, then an Attio 429 whose `Retry-After`
//! is an HTTP-date a second or two ahead, then a 200; a second call gets a 409, which is not
//! retried.
//!
//! Run it with `cargo run --example backon` (offline: the server runs on 127.0.0.1).

mod support;

use std::time::{Duration, Instant};

use backon::{ExponentialBuilder, Retryable};
use error_catalog::NormalizedError;
use error_catalog::reqwest::ResponseExt;
use error_catalog::retry::prefer_provider_delay;
use error_catalog_workspace::AttioError;
use support::attio;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = attio::retry_scenario()?;
    let client = attio::client();
    let backoff = ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(200))
        .with_max_times(3)
        .with_jitter();

    for path in ["/v2/objects", "/v2/objects/people/records"] {
        let url = server.url(path);
        let fetch = || async {
            let response = client
                .get(&url)
                .send()
                .await
                .expect("the local server answers");
            let response = response.error_for_status_as::<AttioError>().await?;
            Ok::<_, AttioError>(response.text().await.unwrap_or_default())
        };
        let started = Instant::now();
        let result = fetch
            .retry(backoff)
            .when(|e: &AttioError| e.is_retryable())
            // The provider's delay when it gave one; `None` (attempts used up) stays `None`.
            .adjust(prefer_provider_delay)
            .notify(|e, wait| println!("  {e}\n    -> retry in {:.2} s", wait.as_secs_f64()))
            .await;
        match result {
            Ok(body) => println!("{path}: 200 {body}"),
            Err(err) => println!("{path}: not retried: {err}\n  fix: {}", err.fix_hint()),
        }
        println!("  ({:.1} s in all)", started.elapsed().as_secs_f64());
    }
    Ok(())
}
