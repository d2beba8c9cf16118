use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/duplicate-provider-key.toml")]
pub struct Catalog;

fn main() {}
