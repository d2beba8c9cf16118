use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/empty-code.toml")]
pub struct Catalog;

fn main() {}
