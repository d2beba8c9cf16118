use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/variant-collision.toml")]
pub struct Catalog;

fn main() {}
