use error_catalog::ApiError;

#[derive(ApiError)]
pub struct Catalog;

fn main() {}
