//! `error_catalog::http`: any client that hands you an `http::Response` with its body in
//! memory. Here, a few lines of HTTP/1.1 over a `TcpStream` against a local server that
//! answers first with an AttractOS rate limit (`retry_after` in the body), then with a 200;
//! a `retry::Backoff` decides when to retry, as in every other integration.
//!
//! Run it with `cargo run --example http` (offline: the server runs on 127.0.0.1).

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use error_catalog::NormalizedError;
use error_catalog::http::ResponseExt;
use error_catalog::retry::{Backoff, Decision};
use error_catalog_workspace::AttractOsError;
use support::server::{LocalServer, reply};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rate_limited = br#"{"error":"Rate limit exceeded","code":"RATE_LIMITED","retry_after":1}"#;
    let server = LocalServer::start(vec![
        reply(429, &[("X-RateLimit-Remaining", "0")], rate_limited),
        reply(
            200,
            &[("Content-Type", "application/json")],
            br#"{"ok":true}"#,
        ),
    ])?;

    let mut retrying = Backoff::default()
        .with_max_attempts(3)
        .with_max_wait(Duration::from_secs(5))
        .start();
    loop {
        let attempt = retrying.attempts() + 1;
        // A reset or refused connection is an `Err` here: returned, never a panic.
        let response = get(server.addr(), "/v1/events")?;
        match response.error_for_status_as::<AttractOsError>() {
            Ok(response) => {
                retrying.succeeded();
                let body = String::from_utf8_lossy(response.body());
                println!("attempt {attempt}: {} {body}", response.status());
                return Ok(());
            }
            Err(err) => {
                println!("attempt {attempt}: {err}");
                println!(
                    "  category {}, retryable {}",
                    err.category(),
                    err.is_retryable()
                );
                match retrying.next(&err) {
                    Decision::RetryAfter(wait) => {
                        println!(
                            "  waiting {:.1} s (the body's retry_after)",
                            wait.as_secs_f64()
                        );
                        std::thread::sleep(wait);
                    }
                    Decision::Stop => return Err(err.into()),
                }
            }
        }
    }
}

/// A minimal HTTP/1.1 GET: the server closes the connection after its response.
fn get(
    addr: SocketAddr,
    path: &str,
) -> Result<http::Response<Vec<u8>>, Box<dyn std::error::Error>> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;

    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no response head")?;
    let head = std::str::from_utf8(&raw[..split])?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or("no status line")?;
    let status = status_line.split(' ').nth(1).ok_or("no status")?;
    let mut response = http::Response::builder().status(status);
    for line in lines {
        let (name, value) = line.split_once(':').ok_or("a bad header line")?;
        response = response.header(name.trim(), value.trim());
    }
    Ok(response.body(raw[split + 4..].to_vec())?)
}
