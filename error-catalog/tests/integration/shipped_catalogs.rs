//! Each shipped catalog against real responses from its API's documentation and official
//! SDKs: `tests/cases/KEY.toml`, each case naming its source.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use error_catalog::{Category, DynError, NormalizedError};
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

/// What a case's response classified as, where it differs from what the case expects.
fn mismatches(error: &DynError, expect: &Expect, now: SystemTime) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut check = |what: &str, got: String, want: String| {
        if got != want {
            wrong.push(format!("{what}: got {got}, expected {want}"));
        }
    };
    check(
        "variant",
        error.variant_name().to_owned(),
        expect.variant.clone(),
    );
    check(
        "code",
        format!("{:?}", error.code()),
        format!("{:?}", expect.code),
    );
    check(
        "category",
        error.category().to_string(),
        expect.category.to_string(),
    );
    check(
        "retryable",
        error.is_retryable().to_string(),
        expect.retryable.to_string(),
    );
    let wait = error.details().retry_after_from(now);
    let close = match (wait, expect.retry_after) {
        (Some(got), Some(want)) => (got.as_secs_f64() - want).abs() < 0.001,
        (None, None) => true,
        _ => false,
    };
    if !close {
        check(
            "retry_after (s)",
            format!("{:?}", wait.map(|w| w.as_secs_f64())),
            format!("{:?}", expect.retry_after),
        );
    }
    if let Some(id) = &expect.request_id {
        check(
            "request_id",
            format!("{:?}", error.request_id()),
            format!("{:?}", Some(id)),
        );
    }
    if let Some(message) = &expect.message {
        check(
            "message",
            format!("{:?}", error.message()),
            format!("{message:?}"),
        );
    }
    wrong
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
            let error = DynError::from_response_at(
                &provider,
                case.status,
                headers.as_slice(),
                case.body.as_bytes(),
                now,
            );
            let wrong = mismatches(&error, &case.expect, now);
            if !wrong.is_empty() {
                failures.push(format!(
                    "{key}: {}\n    {}",
                    case.name,
                    wrong.join("\n    ")
                ));
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
