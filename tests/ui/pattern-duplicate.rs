use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/pattern-duplicate.toml")]
pub struct Catalog;

fn main() {}
