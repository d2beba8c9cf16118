// A shipped catalog is named by its key; an unknown key says which keys there are.
use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(shipped = ["stripe", "githb"])]
pub struct Catalog;

fn main() {}
