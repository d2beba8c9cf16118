use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/pattern-shadowed.toml")]
pub struct Catalog;

fn main() {}
