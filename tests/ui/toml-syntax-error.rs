use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/toml-syntax-error.toml")]
pub struct Catalog;

fn main() {}
