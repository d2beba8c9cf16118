use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/enum-not-an-identifier.toml")]
pub struct Catalog;

fn main() {}
