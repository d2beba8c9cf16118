use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/fallback-repeat.toml")]
pub struct Catalog;

fn main() {}
