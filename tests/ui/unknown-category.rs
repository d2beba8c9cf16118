use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/unknown-category.toml")]
pub struct Catalog;

fn main() {}
