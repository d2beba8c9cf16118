use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/missing-provider-name.toml")]
pub struct Catalog;

fn main() {}
