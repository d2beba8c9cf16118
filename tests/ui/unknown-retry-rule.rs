use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/unknown-retry-rule.toml")]
pub struct Catalog;

fn main() {}
