use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/unknown-table.toml")]
pub struct Catalog;

fn main() {}
