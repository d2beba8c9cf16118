use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/no-providers.toml")]
pub struct Catalog;

fn main() {}
