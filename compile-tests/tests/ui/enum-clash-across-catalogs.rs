// A catalog of one's own beside a shipped one: no two may generate the same enum.
use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/enum-clash-across-catalogs.toml", shipped = ["stripe"])]
pub struct Catalog;

fn main() {}
