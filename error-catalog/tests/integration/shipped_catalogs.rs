//! Each shipped catalog against real responses from its API's documentation and official
//! SDKs: `tests/cases/KEY.toml`, each case naming its source. Every case runs twice: through
//! the catalog loaded at run time (`DynError`) and through the enum the derive generates.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use error_catalog::{ApiError, Category, DynError, NormalizedError};
use serde::Deserialize;

/// The clock of every case: Sat, 22 Mar 2025 14:30:00 GMT.
const NOW: u64 = 1_742_653_800;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    source: String,
    status: u16,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: String,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    variant: String,
    code: String,
    category: Category,
    retryable: bool,
    /// Seconds from the clock; absent: no retry time at all.
    retry_after: Option<f64>,
    request_id: Option<String>,
    message: Option<String>,
}

/// What a response classified as, read the same way from a `DynError` and a generated enum.
struct Seen {
    variant: String,
    code: String,
    category: Category,
    retryable: bool,
    wait: Option<Duration>,
    request_id: Option<String>,
    message: String,
}

/// Reads a [`Seen`] from anything with `variant_name()`, `details()` and `NormalizedError`.
macro_rules! seen {
    ($error:expr, $now:expr) => {{
        let error = $error;
        Seen {
            variant: error.variant_name().to_owned(),
            code: error.code().to_owned(),
            category: error.category(),
            retryable: error.is_retryable(),
            wait: error.details().retry_after_from($now),
            request_id: error.request_id().map(str::to_owned),
            message: error.message().to_owned(),
        }
    }};
}

/// The derived enums of every shipped catalog.
#[derive(ApiError)]
#[api_error(shipped = [
    "anthropic", "aws", "discord", "github", "github_graphql", "google",
    "notion", "openai", "shopify", "slack", "stripe", "twilio",
])]
struct Shipped;

/// A case's response through the generated enum of the catalog `key`.
fn derived(key: &str, status: u16, headers: &[(&str, &str)], body: &[u8], now: SystemTime) -> Seen {
    macro_rules! by_key {
        ($($key:literal => $enum:ident),* $(,)?) => {
            match key {
                $($key => seen!($enum::from_response_at(status, headers, body, now), now),)*
                other => panic!("no derived enum for the shipped catalog `{other}`: add it here"),
            }
        };
    }
    by_key! {
        "anthropic" => AnthropicError,
        "aws" => AwsError,
        "discord" => DiscordError,
        "github" => GitHubError,
        "github_graphql" => GitHubGraphqlError,
        "google" => GoogleError,
        "notion" => NotionError,
        "openai" => OpenAiError,
        "shopify" => ShopifyError,
        "slack" => SlackError,
        "stripe" => StripeError,
        "twilio" => TwilioError,
    }
}

/// Where what a response classified as differs from what its case expects.
fn mismatches(seen: &Seen, expect: &Expect) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut check = |what: &str, got: String, want: String| {
        if got != want {
            wrong.push(format!("{what}: got {got}, expected {want}"));
        }
    };
    check("variant", seen.variant.clone(), expect.variant.clone());
    check(
        "code",
        format!("{:?}", seen.code),
        format!("{:?}", expect.code),
    );
    check(
        "category",
        seen.category.to_string(),
        expect.category.to_string(),
    );
    check(
        "retryable",
        seen.retryable.to_string(),
        expect.retryable.to_string(),
    );
    let close = match (seen.wait, expect.retry_after) {
        (Some(got), Some(want)) => (got.as_secs_f64() - want).abs() < 0.001,
        (None, None) => true,
        _ => false,
    };
    if !close {
        check(
            "retry_after (s)",
            format!("{:?}", seen.wait.map(|w| w.as_secs_f64())),
            format!("{:?}", expect.retry_after),
        );
    }
    if let Some(id) = &expect.request_id {
        check(
            "request_id",
            format!("{:?}", seen.request_id),
            format!("{:?}", Some(id)),
        );
    }
    if let Some(message) = &expect.message {
        check(
            "message",
            format!("{:?}", seen.message),
            format!("{message:?}"),
        );
    }
    wrong
}

/// The derive prints each catalog's model as static data through short constructors; the
/// result must be the model the loader builds from the same file, field for field.
#[test]
fn derived_models_equal_the_loaded_ones() {
    let derived = Shipped::providers();
    assert_eq!(derived.len(), error_catalog_schema::SHIPPED.len());
    for (key, text) in error_catalog_schema::SHIPPED {
        let catalog = error_catalog_schema::parse(text)
            .unwrap_or_else(|f| panic!("catalogs/{key}.toml: {:?}", f.diagnostics));
        let loaded = &catalog.providers[0];
        let found = derived.iter().find(|p| p.key == loaded.key);
        assert!(
            found.is_some_and(|p| *p == loaded),
            "catalogs/{key}.toml: the derived model differs from the loaded one"
        );
    }
}

/// The schema's fixture that uses every key (pattern waits, selectors, delays, conditions,
/// causes, tables, any_code…), derived in a module of its own.
mod every_key {
    #[derive(error_catalog::ApiError)]
    #[api_error(catalog = "../error-catalog-schema/tests/fixtures/catalog.toml")]
    pub(super) struct EveryKey;
}

/// What the derive prints is what the loader built, for every key the schema has (the
/// shipped catalogs do not use them all).
#[test]
fn the_derived_model_of_every_key_equals_the_loaded_one() {
    let text = include_str!("../../../error-catalog-schema/tests/fixtures/catalog.toml");
    let catalog = error_catalog_schema::parse(text)
        .unwrap_or_else(|f| panic!("the fixture: {:?}", f.diagnostics));
    let derived = every_key::EveryKey::providers();
    assert_eq!(derived.len(), catalog.providers.len());
    for (derived, loaded) in derived.iter().zip(&catalog.providers) {
        assert!(
            **derived == *loaded,
            "provider {}: the derived model differs from the loaded one",
            loaded.key
        );
    }
}

#[test]
fn every_shipped_catalog_classifies_its_documented_responses() {
    let now = UNIX_EPOCH + Duration::from_secs(NOW);
    let mut failures = Vec::new();
    let mut counted = Vec::new();
    for (key, text) in error_catalog_schema::SHIPPED {
        let catalog = error_catalog_schema::parse(text)
            .unwrap_or_else(|f| panic!("catalogs/{key}.toml: {:?}", f.diagnostics));
        let provider = Arc::new(catalog.providers[0].clone());
        let path = format!("{}/tests/cases/{key}.toml", env!("CARGO_MANIFEST_DIR"));
        let cases = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let cases: Cases = toml::from_str(&cases).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(cases.case.len() >= 8, "{path}: at least 8 cases");
        for case in &cases.case {
            assert!(
                !case.source.trim().is_empty(),
                "{path}: {} names no source",
                case.name
            );
            let headers: Vec<(&str, &str)> = case
                .headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let body = case.body.as_bytes();
            let at_run_time = seen!(
                DynError::from_response_at(&provider, case.status, headers.as_slice(), body, now),
                now
            );
            let generated = derived(key, case.status, &headers, body, now);
            for (how, seen) in [("run-time model", at_run_time), ("derived enum", generated)] {
                let wrong = mismatches(&seen, &case.expect);
                if !wrong.is_empty() {
                    failures.push(format!(
                        "{key} ({how}): {}\n    {}",
                        case.name,
                        wrong.join("\n    ")
                    ));
                }
            }
        }
        counted.push(format!("{key} {}", cases.case.len()));
    }
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(counted.len(), 12, "{counted:?}");
}
