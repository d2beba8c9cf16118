use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/unknown-key-no-guess.toml")]
pub struct Catalog;

fn main() {}
