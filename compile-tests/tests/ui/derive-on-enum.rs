use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "catalog.toml")]
pub enum Catalog {
    Attio,
}

fn main() {}
