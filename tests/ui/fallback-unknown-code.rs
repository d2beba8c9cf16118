use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/fallback-unknown-code.toml")]
pub struct Catalog;

fn main() {}
