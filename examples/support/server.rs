//! A scripted HTTP/1.1 server on 127.0.0.1, for the examples and the integration tests.
//!
//! It answers the requests it receives, one connection each, with the replies of its script
//! in order, then refuses further connections. It stops by itself: after its script, after
//! [`LIFETIME`], or when dropped, whichever comes first.

#![allow(dead_code)] // each example and test uses a part

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

/// The longest a server lives.
pub const LIFETIME: Duration = Duration::from_secs(30);

/// The bytes to send for one request, given the time it arrived.
pub type Reply = Box<dyn FnOnce(SystemTime) -> Vec<u8> + Send>;

/// A reply that does not depend on the time.
pub fn reply(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let bytes = response(status, headers, body);
    Box::new(move |_| bytes)
}

/// A complete HTTP/1.1 response with `Content-Length` and `Connection: close`.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        409 => "Conflict",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// A running server; dropping it stops it.
pub struct LocalServer {
    addr: SocketAddr,
    arrivals: Arc<Mutex<Vec<SystemTime>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl LocalServer {
    /// Binds a random port on 127.0.0.1 and serves `script`, one reply per request.
    pub fn start(script: Vec<Reply>) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::thread::spawn({
            let arrivals = Arc::clone(&arrivals);
            let stop = Arc::clone(&stop);
            move || serve(listener, script, &arrivals, &stop)
        });
        Ok(LocalServer {
            addr,
            arrivals,
            stop,
            thread: Some(thread),
        })
    }

    /// `127.0.0.1:PORT`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// How many requests arrived so far.
    pub fn requests(&self) -> usize {
        self.arrivals().len()
    }

    /// When each request arrived, in order.
    pub fn arrivals(&self) -> Vec<SystemTime> {
        self.arrivals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    listener: TcpListener,
    script: Vec<Reply>,
    arrivals: &Mutex<Vec<SystemTime>>,
    stop: &AtomicBool,
) {
    let deadline = Instant::now() + LIFETIME;
    let mut script = script.into_iter();
    let mut next = script.next();
    while next.is_some() && !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
        match listener.accept() {
            Ok((stream, _)) => {
                if let Some(arrived) = read_request(&stream) {
                    arrivals
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(arrived);
                    if let Some(reply) = next.take() {
                        let _ = (&stream).write_all(&reply(arrived));
                    }
                    next = script.next();
                }
                let _ = stream.shutdown(std::net::Shutdown::Write);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(_) => break,
        }
    }
}

/// Reads a request head (bodies are not expected); `None` if the client sent nothing.
fn read_request(mut stream: &TcpStream) -> Option<SystemTime> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    (!head.is_empty()).then(SystemTime::now)
}
