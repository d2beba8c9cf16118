//! The catalogs that ship with error-catalog, one API each, built into this crate so that a
//! user derives them without copying a file (`#[api_error(shipped = ["stripe"])]`) and
//! `errcat --catalog stripe` works anywhere.

/// `(key, catalog text)` of every shipped catalog, by key. Each has one provider, whose key
/// is the catalog's.
pub const SHIPPED: &[(&str, &str)] = &[
    ("anthropic", include_str!("../catalogs/anthropic.toml")),
    ("aws", include_str!("../catalogs/aws.toml")),
    ("discord", include_str!("../catalogs/discord.toml")),
    ("github", include_str!("../catalogs/github.toml")),
    (
        "github_graphql",
        include_str!("../catalogs/github_graphql.toml"),
    ),
    ("google", include_str!("../catalogs/google.toml")),
    ("notion", include_str!("../catalogs/notion.toml")),
    ("openai", include_str!("../catalogs/openai.toml")),
    ("shopify", include_str!("../catalogs/shopify.toml")),
    ("slack", include_str!("../catalogs/slack.toml")),
    ("stripe", include_str!("../catalogs/stripe.toml")),
    ("twilio", include_str!("../catalogs/twilio.toml")),
];

/// The text of the shipped catalog `key`, if there is one.
pub fn shipped(key: &str) -> Option<&'static str> {
    SHIPPED
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, text)| *text)
}

/// The shipped catalog key nearest to `key` (a typo away), for "did you mean".
pub fn nearest(key: &str) -> Option<&'static str> {
    let keys: Vec<&'static str> = SHIPPED.iter().map(|(k, _)| *k).collect();
    crate::suggest::closest(key, &keys)
}
