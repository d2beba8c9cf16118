use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/duplicate-table.toml")]
pub struct Catalog;

fn main() {}
