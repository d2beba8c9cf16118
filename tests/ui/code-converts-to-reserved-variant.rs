use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/code-converts-to-reserved-variant.toml")]
pub struct Catalog;

fn main() {}
