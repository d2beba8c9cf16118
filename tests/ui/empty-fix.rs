use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/empty-fix.toml")]
pub struct Catalog;

fn main() {}
