// Values of the attribute that cannot be right, each said at the value: an empty `shipped`
// alone, a key listed twice, an empty path. The marker's `providers()` is still there, so code
// that calls it adds no error of its own.
use error_catalog::ApiError;

#[derive(ApiError)]
#[api_error(shipped = [])]
pub struct NoKeys;

#[derive(ApiError)]
#[api_error(shipped = ["stripe", "slack", "stripe"])]
pub struct Twice;

#[derive(ApiError)]
#[api_error(catalog = "")]
pub struct EmptyPath;

fn main() {
    let _ = NoKeys::providers();
    let _ = Twice::providers();
    let _ = EmptyPath::providers();
}
