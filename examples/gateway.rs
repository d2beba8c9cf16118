//! A service that calls Attio for its own callers: the upstream error goes to the logs whole
//! (`tracing`), and the caller gets only what it can act on (`axum`: problem details as a
//! response). An upstream 401 (this service's key is wrong) is a 502 for the caller; an
//! upstream rate limit is a 503 with `Retry-After`; no fix hint, provider or message leaks.
//!
//! Run it with `cargo run --example gateway` (offline: no network at all).

use axum_core::response::IntoResponse;
use error_catalog::{Gateway, ProblemDetails};
use error_catalog_workspace::AttioError;
use http_body_util::BodyExt;

/// What an axum handler returns: `Result<_, Gateway>`, and `?` on the upstream error.
fn handler(upstream: AttioError) -> Result<String, Gateway> {
    Err(upstream)?
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_target(false)
        .with_ansi(false)
        .init();
    let upstream = [
        AttioError::from_response(
            401,
            (),
            br#"{"status_code":401,"type":"auth_error","code":"invalid_api_key","message":"Invalid API key"}"#,
        ),
        AttioError::from_response(
            429,
            [("Retry-After", "7")],
            br#"{"status_code":429,"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded"}"#,
        ),
    ];
    for error in upstream {
        println!("upstream: {error}");
        println!(
            "  as RFC 9457 for your own logs: {}",
            ProblemDetails::from_error(&error).to_json()
        );
        let response = match handler(error) {
            Ok(body) => body.into_response(),
            Err(gateway) => gateway.into_response(),
        };
        let (parts, body) = response.into_parts();
        let body = body.collect().await?.to_bytes();
        println!("  to your caller: {} {:?}", parts.status, parts.headers);
        println!("  {}", String::from_utf8_lossy(&body));
    }
    Ok(())
}
