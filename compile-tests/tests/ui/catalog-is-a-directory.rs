use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui")]
pub struct Catalog;

fn main() {}
