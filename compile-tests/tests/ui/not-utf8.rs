use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/not-utf8.toml")]
pub struct Catalog;

fn main() {}
