use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/format-path-empty-segment.toml")]
pub struct Catalog;

fn main() {}
