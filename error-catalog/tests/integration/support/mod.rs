//! A scripted HTTP/1.1 server on 127.0.0.1 for the integration tests, and the catalogs they
//! classify with. Each connection gets one reply, in its own thread; the server stops when
//! dropped, or after [`LIFETIME`].

#![allow(dead_code)] // each test file uses a part

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use error_catalog::ApiError;

/// `AttioError`, `AttractOsError` (the workspace's catalog) and `SlackError` (shipped).
#[derive(ApiError)]
#[api_error(catalog = "../catalog.toml", shipped = ["slack"])]
pub struct Catalog;

/// The longest a server lives.
pub const LIFETIME: Duration = Duration::from_secs(60);

pub const RATE_LIMITED: &str = r#"{"status_code":429,"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded, please try again later"}"#;
pub const CONFLICT: &str = r#"{"status_code":409,"type":"invalid_request_error","code":"conflict","message":"A record with this unique attribute already exists"}"#;
pub const BAD_KEY: &str = r#"{"status_code":401,"type":"auth_error","code":"invalid_api_key","message":"Invalid API key"}"#;
pub const HTML_503: &str = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>";

/// What the server does with one request.
pub enum Reply {
    /// Sends these bytes, then closes.
    Bytes(Vec<u8>),
    /// Sends `head`, then `body` one byte every `every`.
    Trickle {
        head: Vec<u8>,
        body: Vec<u8>,
        every: Duration,
    },
    /// Closes at once, without a response.
    Close,
}

/// A complete response with `Content-Length` and `Connection: close`.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut bytes = head(status, headers, Some(body.len()));
    bytes.extend_from_slice(body);
    bytes
}

/// A response head; `length: None` for a chunked body.
pub fn head(status: u16, headers: &[(&str, &str)], length: Option<usize>) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} Status\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match length {
        Some(n) => head.push_str(&format!("Content-Length: {n}\r\n")),
        None => head.push_str("Transfer-Encoding: chunked\r\n"),
    }
    head.push_str("Connection: close\r\n\r\n");
    head.into_bytes()
}

/// `body` as one HTTP/1.1 chunk and the last chunk.
pub fn chunked(body: &[u8]) -> Vec<u8> {
    let mut out = format!("{:x}\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out.extend_from_slice(b"\r\n0\r\n\r\n");
    out
}

pub fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    Reply::Bytes(response(status, headers, body.as_bytes()))
}

pub fn json(status: u16, body: &str) -> Reply {
    reply(status, &[("Content-Type", "application/json")], body)
}

/// A running server; dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Answers request `n` (from 0) with `script(n)`.
    pub fn start(script: impl Fn(usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("an address");
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let script = Arc::new(script);
        let thread = std::thread::spawn({
            let requests = Arc::clone(&requests);
            let stop = Arc::clone(&stop);
            move || {
                let deadline = Instant::now() + LIFETIME;
                while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let n = requests.fetch_add(1, Ordering::SeqCst);
                            let script = Arc::clone(&script);
                            let stop = Arc::clone(&stop);
                            std::thread::spawn(move || serve(stream, script(n), &stop));
                        }
                        Err(e) if e.kind() == ErrorKind::WouldBlock => {
                            std::thread::sleep(Duration::from_millis(2));
                        }
                        Err(_) => break,
                    }
                }
            }
        });
        Server {
            addr,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    /// Always the same reply.
    pub fn always(reply: impl Fn() -> Reply + Send + Sync + 'static) -> Server {
        Server::start(move |_| reply())
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Connections accepted so far (one per request: every reply closes).
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(mut stream: TcpStream, reply: Reply, stop: &AtomicBool) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    read_request(&mut stream);
    match reply {
        Reply::Bytes(bytes) => {
            let _ = stream.write_all(&bytes);
        }
        Reply::Trickle { head, body, every } => {
            let _ = stream.write_all(&head);
            for byte in body {
                if stop.load(Ordering::Relaxed) || stream.write_all(&[byte]).is_err() {
                    break;
                }
                std::thread::sleep(every);
            }
        }
        Reply::Close => {}
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// Reads the request head and a `Content-Length` body.
fn read_request(stream: &mut TcpStream) {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
        if data.len() > 1 << 20 {
            return;
        }
    }
}

/// An address where nothing listens: connecting is refused.
pub fn refusing_url(path: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("an address");
    drop(listener);
    format!("http://{addr}{path}")
}

/// A reqwest client for the local server: no proxy, bounded.
#[cfg(feature = "reqwest")]
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("a plain HTTP client builds")
}
