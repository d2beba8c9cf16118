use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/retry-from-bad-header.toml")]
pub struct Catalog;

fn main() {}
