use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/several-errors.toml")]
pub struct Catalog;

fn main() {}
