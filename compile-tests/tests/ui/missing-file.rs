use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/no-such-catalog.toml")]
pub struct Catalog;

fn main() {}
