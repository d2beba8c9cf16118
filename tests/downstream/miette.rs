//! Feature `miette` (enabled for this package's tests in Cargo.toml): every generated enum is a
//! `miette::Diagnostic` with code `provider::code`, help = the fix hint, url = the docs URL.
//!
//! Both `Diagnostic` and `NormalizedError` have a `code` method: with both traits in scope,
//! call them as `Diagnostic::code(&e)` and `NormalizedError::code(&e)`.

use error_catalog::{DynError, NormalizedError};
use error_catalog_workspace::{AttioError, AttractOsError};
use miette::Diagnostic;

use crate::common::now;

fn text(d: Option<Box<dyn std::fmt::Display + '_>>) -> Option<String> {
    d.map(|d| d.to_string())
}

#[test]
fn code_help_and_url_come_from_the_catalog() {
    let e = AttioError::from_response(
        429,
        [("Retry-After", "2")],
        br#"{"code":"rate_limit_exceeded","message":"Rate limit exceeded"}"#,
    );
    assert_eq!(
        text(Diagnostic::code(&e)).as_deref(),
        Some("attio::rate_limit_exceeded")
    );
    assert_eq!(text(Diagnostic::help(&e)).as_deref(), Some(e.fix_hint()));
    assert_eq!(
        text(Diagnostic::url(&e)).as_deref(),
        Some("https://docs.attio.com/rest-api/overview")
    );
}

#[test]
fn help_is_refined_by_the_message_pattern() {
    let body = br#"{"code":"rate_limit_exceeded","message":"query complexity too high"}"#;
    let e = AttioError::from_response(429, (), body);
    assert_eq!(
        text(Diagnostic::help(&e)).as_deref(),
        Some("Reduce the query's sorts and filters.")
    );
}

#[test]
fn the_code_is_the_catalog_code_of_the_variant() {
    // A body without a code, mapped by the 429 fallback: still the rate-limit code.
    let e = AttioError::from_response(429, (), b"");
    assert_eq!(
        text(Diagnostic::code(&e)).as_deref(),
        Some("attio::rate_limit_exceeded")
    );
    // Unrecognized: a stable word, not the wire code.
    let e = AttractOsError::from_response(418, (), br#"{"code":"TEAPOT"}"#);
    assert_eq!(
        text(Diagnostic::code(&e)).as_deref(),
        Some("attractos::unrecognized")
    );
    // AttractOS has no docs URL in the catalog: no url.
    assert_eq!(text(Diagnostic::url(&e)), None);
    let e = AttractOsError::from_response(403, (), br#"{"code":"PLAN_REQUIRED","error":"x"}"#);
    assert_eq!(
        text(Diagnostic::code(&e)).as_deref(),
        Some("attractos::PLAN_REQUIRED")
    );
}

#[test]
fn dyn_error_reports_the_same_diagnostic() {
    let body =
        br#"{"code":"insufficient_scopes","message":"Token requires 'note:read-write' scope"}"#;
    let derived = AttioError::from_response_at(403, (), body, now());
    let dynamic = DynError::from_response_at(AttioError::provider_spec(), 403, (), body, now());
    assert_eq!(
        text(Diagnostic::code(&dynamic)),
        text(Diagnostic::code(&derived))
    );
    assert_eq!(
        text(Diagnostic::help(&dynamic)),
        text(Diagnostic::help(&derived))
    );
    assert_eq!(
        text(Diagnostic::url(&dynamic)),
        text(Diagnostic::url(&derived))
    );
    assert_eq!(
        text(Diagnostic::code(&dynamic)).as_deref(),
        Some("attio::insufficient_scopes")
    );
}

#[test]
fn a_catalog_loaded_at_run_time_reports_its_own_names() {
    let e = crate::common::acme_at(401, (), br#"{"error":{"code":"invalid_token"}}"#);
    assert_eq!(
        text(Diagnostic::code(&e)).as_deref(),
        Some("acme::invalid_token")
    );
    assert_eq!(
        text(Diagnostic::help(&e)).as_deref(),
        Some("Send a valid token.")
    );
    assert_eq!(
        text(Diagnostic::url(&e)).as_deref(),
        Some("https://acme.example/errors")
    );
    let e = crate::common::acme_at(502, (), b"<html>");
    assert_eq!(
        text(Diagnostic::code(&e)).as_deref(),
        Some("acme::unrecognized")
    );
}

#[test]
fn a_report_shows_code_message_and_help() {
    let e = AttractOsError::from_response(
        403,
        (),
        br#"{"error":"This feature requires a higher plan tier","code":"PLAN_REQUIRED"}"#,
    );
    let mut rendered = String::new();
    miette::NarratableReportHandler::new()
        .render_report(&mut rendered, &e)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        rendered.contains("AttractOS 403 PLAN_REQUIRED: This feature requires a higher plan tier"),
        "{rendered}"
    );
    assert!(rendered.contains("attractos::PLAN_REQUIRED"), "{rendered}");
    assert!(rendered.contains("Upgrade to Pro"), "{rendered}");
}
