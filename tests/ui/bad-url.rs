use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/bad-url.toml")]
pub struct Catalog;

fn main() {}
