// A catalog error is the only error: the enums are still emitted (as stubs), so code that
// uses them adds no "cannot find type" or "no variant" errors of its own.
use error_catalog::{ApiError, NormalizedError};

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/errors-do-not-cascade.toml")]
pub struct Catalog;

fn main() {
    for provider in Catalog::providers() {
        let _ = provider;
    }
    let e = AcmeError::from_response(503, (), b"");
    let _ = match &e {
        AcmeError::Busy(_) => e.is_retryable(),
        AcmeError::Gone(_) | AcmeError::Unrecognized(_) => false,
    };
}
