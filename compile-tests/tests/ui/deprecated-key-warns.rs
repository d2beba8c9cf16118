// A deprecated catalog key is read, with a warning at the attribute that says where it is
// and what to write instead (denied here, so that the test sees it).
#![deny(deprecated)]
use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "tests/ui/deprecated-key-warns.toml")]
pub struct Catalog;

fn main() {}
