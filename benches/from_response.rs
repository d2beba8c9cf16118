//! What `from_response` costs, beside the ways of parsing an error body it was designed
//! against (shared/design/PERF.md): a `serde_json::Value` tree, and a borrowed struct with
//! fixed field names (the floor).
//!
//! `cargo bench --manifest-path benches/Cargo.toml`

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use error_catalog_workspace::{AttioError, AttractOsError};

const ATTIO_429: &[u8] = br#"{"status_code":429,"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded, please try again later"}"#;
const ATTIO_ESCAPED: &[u8] = br#"{"status_code":422,"type":"validation_error","code":"validation_error","message":"Invalid email address: \"bob@\" \u00e9"}"#;
const ATTIO_UNKNOWN: &[u8] = br#"{"status_code":400,"type":"invalid_request_error","code":"brand_new_code","message":"New"}"#;
const ATTRACTOS_429: &[u8] =
    br#"{"error": "Rate limit exceeded", "code": "RATE_LIMITED", "retry_after": 23}"#;
const HTML_502: &[u8] = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";

fn from_response(c: &mut Criterion) {
    let retry = [("Retry-After", "Sat, 22 Mar 2025 14:30:01 GMT")];
    let mut g = c.benchmark_group("from_response");
    g.bench_function("attio_429_http_date", |b| {
        b.iter(|| AttioError::from_response(429, black_box(&retry), black_box(ATTIO_429)))
    });
    g.bench_function("attio_422_pattern_escaped", |b| {
        b.iter(|| AttioError::from_response(422, (), black_box(ATTIO_ESCAPED)))
    });
    g.bench_function("attio_unknown_code", |b| {
        b.iter(|| AttioError::from_response(400, (), black_box(ATTIO_UNKNOWN)))
    });
    g.bench_function("attractos_429_body_delay", |b| {
        b.iter(|| AttractOsError::from_response(429, (), black_box(ATTRACTOS_429)))
    });
    g.bench_function("html_502", |b| {
        b.iter(|| AttioError::from_response(502, (), black_box(HTML_502)))
    });
    g.finish();
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Borrowed<'a> {
    #[serde(borrow, default)]
    code: Cow<'a, str>,
    #[serde(borrow, default)]
    message: Cow<'a, str>,
    #[serde(borrow, default, rename = "type")]
    kind: Cow<'a, str>,
}

fn parse_floor(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_only");
    g.bench_function("value_tree", |b| {
        b.iter(|| {
            let v: serde_json::Value =
                serde_json::from_slice(black_box(ATTIO_429)).unwrap_or_default();
            black_box(v.get("code").and_then(|c| c.as_str()).map(str::len))
        })
    });
    g.bench_function("borrowed_struct_floor", |b| {
        b.iter(|| black_box(serde_json::from_slice::<Borrowed<'_>>(black_box(ATTIO_429)).is_ok()))
    });
    g.finish();
}

criterion_group!(benches, from_response, parse_floor);
criterion_main!(benches);
