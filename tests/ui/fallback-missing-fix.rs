use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/fallback-missing-fix.toml")]
pub struct Catalog;

fn main() {}
