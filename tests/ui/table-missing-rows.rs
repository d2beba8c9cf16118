use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/table-missing-rows.toml")]
pub struct Catalog;

fn main() {}
