use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/enum-named-like-the-marker.toml")]
pub struct Catalog;

fn main() {}
