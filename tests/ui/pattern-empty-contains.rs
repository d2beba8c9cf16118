use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/pattern-empty-contains.toml")]
pub struct Catalog;

fn main() {}
