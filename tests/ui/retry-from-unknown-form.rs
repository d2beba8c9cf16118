use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/retry-from-unknown-form.toml")]
pub struct Catalog;

fn main() {}
