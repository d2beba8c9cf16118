use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "catalog.toml")]
#[api_error(catalog = "other.toml")]
pub struct Catalog;

fn main() {}
