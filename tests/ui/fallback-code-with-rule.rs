use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/fallback-code-with-rule.toml")]
pub struct Catalog;

fn main() {}
