// Every shipped catalog derives, beside a catalog of one's own, with no file copied.
use error_catalog::{ApiError, NormalizedError};

#[derive(ApiError)]
#[api_error(
    catalog = "catalog.toml",
    shipped = [
        "stripe", "github", "github_graphql", "slack", "openai", "anthropic",
        "google", "aws", "discord", "notion", "twilio", "shopify",
    ]
)]
pub struct Catalog;

fn main() {
    assert_eq!(Catalog::providers().len(), 14);
    let e = StripeError::from_response(
        402,
        [("Request-Id", "req_1")],
        br#"{"error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}}"#,
    );
    assert_eq!(e.code(), "card_declined");
    assert_eq!(e.request_id(), Some("req_1"));
    assert!(!e.is_retryable());
    let e = SlackError::from_response(200, (), br#"{"ok":false,"error":"ratelimited"}"#);
    assert_eq!(e.code(), "ratelimited");
    assert!(e.is_retryable());
}
