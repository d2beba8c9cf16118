use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/retry-from-header-and-body.toml")]
pub struct Catalog;

fn main() {}
