use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "catalog.toml")]
pub struct Catalog {
    pub name: String,
}

fn main() {}
