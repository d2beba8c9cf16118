use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/table-row-length.toml")]
pub struct Catalog;

fn main() {}
