use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/unquoted-string.toml")]
pub struct Catalog;

fn main() {}
