//! A complete valid catalog loads into the expected model, in file order.

use error_catalog_schema::{
    Category, Cause, FallbackTarget, Format, Location, RetryRule, RetrySource, Rule, Table,
    TimeForm, parse,
};

const SOURCE: &str = include_str!("fixtures/catalog.toml");

/// The span of the `nth` (0-based) occurrence of `needle`.
fn span_of(needle: &str, nth: usize) -> core::ops::Range<usize> {
    let start = SOURCE
        .match_indices(needle)
        .nth(nth)
        .map(|(start, _)| start)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in fixture"));
    start..start + needle.len()
}

fn path(dotted: &str) -> Vec<String> {
    dotted.split('.').map(String::from).collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn providers_in_file_order() {
    let catalog = parse(SOURCE).unwrap_or_else(|errors| panic!("{errors:#?}"));
    let keys: Vec<_> = catalog
        .providers
        .iter()
        .map(|p| p.key.value.as_str())
        .collect();
    assert_eq!(keys, ["attio", "open_ai"]);
}

#[test]
fn provider_fields() {
    let catalog = parse(SOURCE).unwrap_or_else(|errors| panic!("{errors:#?}"));
    let attio = &catalog.providers[0];
    assert_eq!(attio.key.span, span_of("\"attio\"", 0));
    assert_eq!(attio.name, "Attio");
    assert_eq!(attio.enum_name.value, "AttioError");
    assert_eq!(attio.enum_name.span, attio.key.span, "derived from the key");
    assert_eq!(
        attio.docs_url.as_deref(),
        Some("https://developers.attio.com/reference/errors")
    );
    assert_eq!(
        attio.status_page.as_deref(),
        Some("https://status.attio.com")
    );
    assert!(attio.non_exhaustive);
    assert_eq!(
        attio.notes.as_deref(),
        Some("Attio's REST API v2 — “naïve” clients beware.")
    );
    assert_eq!(attio.span, span_of("[[provider]]", 0));
    assert_eq!(
        attio.format,
        Format {
            code: path("code"),
            message: Some(path("message")),
            provider_type: Some(path("type")),
            status: Some(path("status_code")),
        }
    );

    let open_ai = &catalog.providers[1];
    assert_eq!(open_ai.enum_name.value, "OpenAiApiError");
    assert_eq!(open_ai.enum_name.span, span_of("\"OpenAiApiError\"", 0));
    assert!(!open_ai.non_exhaustive);
    assert_eq!(
        (open_ai.docs_url.as_ref(), open_ai.notes.as_ref()),
        (None, None)
    );
    assert_eq!(open_ai.format.code, path("error.code"));
    assert_eq!(open_ai.format.message, None);
    assert!(open_ai.retry_from.is_empty() && open_ai.fallbacks.is_empty());
}

#[test]
fn retry_sources_in_precedence_order() {
    let catalog = parse(SOURCE).unwrap_or_else(|errors| panic!("{errors:#?}"));
    assert_eq!(
        catalog.providers[0].retry_from,
        [
            RetrySource {
                location: Location::Header("Retry-After".into()),
                form: TimeForm::RetryAfter,
                categories: vec![],
            },
            RetrySource {
                location: Location::Body(path("error.retry_after")),
                form: TimeForm::Seconds,
                categories: vec![Category::RateLimited, Category::QuotaExceeded],
            },
        ]
    );
}

#[test]
fn fallbacks() {
    let catalog = parse(SOURCE).unwrap_or_else(|errors| panic!("{errors:#?}"));
    let fallbacks = &catalog.providers[0].fallbacks;
    let ranges: Vec<_> = fallbacks.iter().map(|f| (f.min, f.max)).collect();
    assert_eq!(ranges, [(500, 599), (429, 429), (400, 403)]);
    let labels: Vec<_> = fallbacks.iter().map(|f| f.status_label()).collect();
    assert_eq!(labels, ["5xx", "429", "400-403"]);
    assert_eq!(
        fallbacks[0].target,
        FallbackTarget::Rule(Rule {
            category: Category::Server,
            retry: RetryRule::Backoff,
            summary: "Server error.".into(),
            fix: "Retry with exponential backoff; check the status page if it persists.".into(),
            docs_url: None,
        })
    );
    assert_eq!(fallbacks[0].span, span_of("[[provider.fallback]]", 0));
    assert_eq!(fallbacks[0].status_span, span_of("\"5xx\"", 0));
    assert_eq!(
        fallbacks[1].target,
        FallbackTarget::Code(1),
        "rate_limit_exceeded"
    );
    assert!(fallbacks[1].matches(429) && !fallbacks[1].matches(430));
    let FallbackTarget::Rule(rule) = &fallbacks[2].target else {
        panic!("{:?}", fallbacks[2].target);
    };
    assert_eq!(
        rule.docs_url.as_deref(),
        Some("https://developers.attio.com/reference/errors#4xx")
    );
}

#[test]
fn codes_in_file_order() {
    let catalog = parse(SOURCE).unwrap_or_else(|errors| panic!("{errors:#?}"));
    let codes = &catalog.providers[0].codes;
    let names: Vec<_> = codes
        .iter()
        .map(|c| (c.code.value.as_str(), c.variant.value.as_str(), c.status))
        .collect();
    assert_eq!(
        names,
        [
            ("validation_type", "ValidationType", 400),
            ("rate_limit_exceeded", "RateLimitExceeded", 429),
            ("NOT-FOUND", "RecordNotFound", 404),
        ]
    );
    assert_eq!(codes[2].variant.span, span_of("\"RecordNotFound\"", 0));
    assert_eq!(
        codes[1].variant.span, codes[1].code.span,
        "derived from the code"
    );
    assert_eq!(codes[1].span, span_of("[[provider.code]]", 1));
    assert_eq!(catalog.providers[1].codes[0].variant.value, "InvalidApiKey");
}

#[test]
fn code_fields() {
    let catalog = parse(SOURCE).unwrap_or_else(|errors| panic!("{errors:#?}"));
    let code = &catalog.providers[0].codes[0];
    assert_eq!(code.code.span, span_of("\"validation_type\"", 0));
    assert_eq!(code.provider_type.as_deref(), Some("invalid_request_error"));
    assert_eq!(
        code.rule,
        Rule {
            category: Category::Validation,
            retry: RetryRule::Never,
            summary: "A value has the wrong type.".into(),
            fix: "Send each attribute in the type the attribute expects.".into(),
            docs_url: Some("https://developers.attio.com/reference/errors#validation".into()),
        }
    );
    assert_eq!(
        code.notes.as_deref(),
        Some("Attio names the attribute in the message.")
    );
    assert_eq!(
        code.diagnostic.as_deref(),
        Some("curl -s https://api.attio.com/v2/objects -H \"Authorization: Bearer $ATTIO_KEY\"\n")
    );
    assert!(
        code.example
            .as_deref()
            .is_some_and(|e| e.starts_with("{\"status_code\": 400"))
    );

    let patterns: Vec<_> = code
        .patterns
        .iter()
        .map(|p| (p.contains.as_str(), p.retry, p.category))
        .collect();
    assert_eq!(
        patterns,
        [
            ("Invalid email", None, None),
            (
                "Unknown select option",
                Some(RetryRule::Never),
                Some(Category::NotFound)
            ),
        ]
    );
    assert_eq!(code.patterns[0].fix, "Send a valid email address.");
    assert_eq!(
        code.patterns[0].contains_span,
        span_of("\"Invalid email\"", 0)
    );
    assert_eq!(
        code.patterns[1].span,
        span_of("[[provider.code.pattern]]", 1)
    );
    assert_eq!(
        code.causes,
        [Cause {
            cause: "The attribute slug belongs to another object.".into(),
            fix: "List the object's attributes and use one of their slugs.".into(),
        }]
    );
    assert_eq!(
        code.tables,
        [Table {
            title: "Required scopes".into(),
            columns: strings(&["Operation", "Required scopes"]),
            rows: vec![
                strings(&[
                    "List/get records",
                    "object_configuration:read + record_permission:read"
                ]),
                strings(&["Create records", "record_permission:read-write"]),
            ],
        }]
    );
    let others = &catalog.providers[0].codes[1];
    assert!(others.patterns.is_empty() && others.causes.is_empty() && others.tables.is_empty());
    assert_eq!(
        (others.notes.as_ref(), others.example.as_ref()),
        (None, None)
    );
}

#[test]
fn inline_arrays_of_tables_are_accepted() {
    let source = r#"
[[provider]]
key = "acme"
name = "Acme"
format = { code = "code" }
code = [
  { code = "b", status = 400, category = "validation", retry = "never", summary = "B.", fix = "Fix b." },
  { code = "a", status = 401, category = "authentication", retry = "never", summary = "A.", fix = "Fix a." },
]
"#;
    let catalog = parse(source).unwrap_or_else(|errors| panic!("{errors:#?}"));
    let codes: Vec<_> = catalog.providers[0]
        .codes
        .iter()
        .map(|c| c.code.value.as_str())
        .collect();
    assert_eq!(codes, ["b", "a"], "file order, not key order");
}
