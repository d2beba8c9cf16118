//! The generated code names everything by its absolute path: a user's own `None`, `Some`,
//! `Option` or `Result` in scope, or no prelude at all, changes nothing.

#[allow(dead_code)]
mod variants_named_like_the_prelude {
    pub enum Auth {
        None,
        Some,
        Token,
    }
    pub struct Option;
    pub type Result = ();
    #[allow(unused_imports)]
    use Auth::*;

    #[derive(error_catalog::ApiError)]
    #[api_error(catalog = "catalog.toml")]
    pub struct Catalog;
}

#[no_implicit_prelude]
mod without_a_prelude {
    #[derive(::error_catalog::ApiError)]
    #[api_error(catalog = "catalog.toml")]
    pub struct Catalog;
}

#[test]
fn the_enums_work_whatever_the_names_in_scope() {
    use error_catalog::NormalizedError;
    let e = variants_named_like_the_prelude::AttioError::from_response(404, (), b"");
    assert_eq!(e.status(), 404);
    let e = without_a_prelude::AttractOsError::from_response(
        429,
        [("Retry-After", "3")],
        br#"{"code":"RATE_LIMITED"}"#,
    );
    assert!(matches!(
        e,
        without_a_prelude::AttractOsError::RateLimited(_)
    ));
    assert_eq!(
        variants_named_like_the_prelude::Catalog::providers().len(),
        2
    );
}
