//! `error_catalog::retry::Backoff` in a hand-written loop: the catalog says whether to retry,
//! the provider says when (else exponential backoff with full jitter), the policy counts.
//!
//! The local server answers with a proxy's HTML 503, then an Attio 429 whose `Retry-After`
//! is an HTTP-date a second or two ahead, then a 200; a second call gets a 409, which is not
//! retried.
//!
//! Run it with `cargo run --example retry_loop` (offline: the server runs on 127.0.0.1).

mod support;

use std::time::{Duration, Instant};

use error_catalog::reqwest::ResponseExt;
use error_catalog::retry::{Backoff, Decision};
use error_catalog_workspace::AttioError;
use support::attio;

const POLICY: Backoff = Backoff {
    base: Duration::from_millis(200),
    max_delay: Duration::from_secs(10),
    max_attempts: 4,
    jitter: true,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = attio::retry_scenario()?;
    let client = attio::client();

    for path in ["/v2/objects", "/v2/objects/people/records"] {
        let started = Instant::now();
        match get_with_retries(&client, &server.url(path)).await? {
            Ok(body) => println!("{path}: 200 {body}"),
            Err(err) => println!("{path}: gave up: {err}"),
        }
        println!("  ({:.1} s in all)", started.elapsed().as_secs_f64());
    }
    Ok(())
}

/// Transport errors end the loop (`?`); API errors are retried as the policy decides.
async fn get_with_retries(
    client: &reqwest::Client,
    url: &str,
) -> Result<Result<String, AttioError>, reqwest::Error> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let err = match client
            .get(url)
            .send()
            .await?
            .error_for_status_as::<AttioError>()
            .await
        {
            Ok(response) => return Ok(Ok(response.text().await?)),
            Err(err) => err,
        };
        match POLICY.decide(&err, attempt) {
            Decision::RetryAfter(wait) => {
                println!("  attempt {attempt}: {err}");
                println!("    -> retry in {:.2} s", wait.as_secs_f64());
                tokio::time::sleep(wait).await;
            }
            Decision::Stop => {
                println!("  attempt {attempt}: {err}");
                println!("    -> stop");
                return Ok(Err(err));
            }
        }
    }
}
