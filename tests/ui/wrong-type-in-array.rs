use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/wrong-type-in-array.toml")]
pub struct Catalog;

fn main() {}
