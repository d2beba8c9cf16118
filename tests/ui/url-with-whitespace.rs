use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/url-with-whitespace.toml")]
pub struct Catalog;

fn main() {}
