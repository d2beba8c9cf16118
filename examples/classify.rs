//! The main job on the shipped catalog: classify two captured error responses, an Attio 429
//! and an AttractOS 403, and print what a program would act on.
//!
//! Run it with `cargo run --example classify`.

use std::time::{Duration, SystemTime};

use error_catalog::NormalizedError;
use error_catalog_workspace::{AttioError, AttractOsError};

fn main() {
    let in_two_seconds = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let attio = AttioError::from_response(
        429,
        [("Retry-After", in_two_seconds.as_str())],
        br#"{"status_code":429,"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded, please try again later"}"#,
    );
    let attractos = AttractOsError::from_response(
        403,
        [("X-RateLimit-Remaining", "59")],
        br#"{"error":"This feature requires a higher plan tier","code":"PLAN_REQUIRED"}"#,
    );
    report(&attio, attio.variant_name());
    report(&attractos, attractos.variant_name());
}

fn report(e: &dyn NormalizedError, variant: &str) {
    println!("{e}");
    println!("  variant:  {variant}");
    println!("  category: {}", e.category());
    match (e.is_retryable(), e.retry_after()) {
        (true, Some(wait)) => println!("  retry:    yes, after {:.1} s", wait.as_secs_f64()),
        (true, None) => println!("  retry:    yes, with backoff"),
        (false, _) => println!("  retry:    no"),
    }
    println!("  fix:      {}", e.fix_hint());
}
