use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = catalog.toml)]
pub struct Catalog;

fn main() {}
