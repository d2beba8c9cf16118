use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/wrong-type-array-of-tables.toml")]
pub struct Catalog;

fn main() {}
