use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/status-out-of-range.toml")]
pub struct Catalog;

fn main() {}
