//! A complete valid catalog loads into the expected model, in file order, resolved.

use std::time::Duration;

use error_catalog_schema::model::{Condition, Literal, Normalize, RetrySource, Source, Step, Test};
use error_catalog_schema::{Catalog, Category, RetryRule, RuleRef, TimeForm, parse};

const SOURCE: &str = include_str!("fixtures/catalog.toml");

fn catalog() -> Catalog {
    parse(SOURCE).unwrap_or_else(|failed| panic!("{:#?}", failed.diagnostics))
}

/// The span of the `nth` (0-based) occurrence of `needle`.
fn span_of(needle: &str, nth: usize) -> core::ops::Range<usize> {
    let start = SOURCE
        .match_indices(needle)
        .nth(nth)
        .map(|(start, _)| start)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in fixture"));
    start..start + needle.len()
}

/// A source as written: `header NAME`, `body PATH` or `message NEEDLE`.
fn describe(source: &Source) -> String {
    match source {
        Source::Header(name) => format!("header {name}"),
        Source::Body(path) => format!("body {}", path.path),
        Source::Message(needle) => format!("message {}", needle.text),
        other => panic!("{other:?}"),
    }
}

fn describe_all(sources: &[Source]) -> Vec<String> {
    sources.iter().map(describe).collect()
}

#[test]
fn providers_in_file_order() {
    let catalog = catalog();
    let keys: Vec<&str> = catalog.providers.iter().map(|p| p.key.as_ref()).collect();
    assert_eq!(keys, ["attio", "open_ai"]);
    assert!(catalog.warnings.is_empty(), "{:?}", catalog.warnings);
}

#[test]
fn provider_fields() {
    let catalog = catalog();
    let attio = &catalog.providers[0];
    assert_eq!(attio.name, "Attio");
    assert_eq!(attio.enum_name, "AttioError", "derived from the key");
    assert_eq!(catalog.enum_span(0), Some(span_of("\"attio\"", 0)));
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
    assert_eq!(
        attio.troubleshoot.as_deref(),
        Some("curl -s https://status.attio.com/api/v2/status.json")
    );
    assert!(
        attio
            .unrecognized
            .fix
            .contains("https://developers.attio.com/reference/errors")
    );
    assert_eq!(attio.unrecognized.category, Category::Unknown);

    let open_ai = &catalog.providers[1];
    assert_eq!(open_ai.enum_name, "OpenAiApiError");
    assert_eq!(catalog.enum_span(1), Some(span_of("\"OpenAiApiError\"", 0)));
    assert_eq!(describe_all(&open_ai.format.code), ["body error.code"]);
    assert!(open_ai.format.message.is_empty());
    assert!(open_ai.retry_from.is_empty() && open_ai.fallbacks.is_empty());
    assert!(!open_ai.non_exhaustive);
}

#[test]
fn format_sources_in_precedence_order() {
    let catalog = catalog();
    let format = &catalog.providers[0].format;
    assert_eq!(
        describe_all(&format.code),
        ["header X-Error-Code", "body code", "body errors[0].code"]
    );
    assert_eq!(describe_all(&format.message), ["body message"]);
    assert_eq!(describe_all(&format.provider_type), ["body type"]);
    assert_eq!(describe_all(&format.status), ["body status_code"]);
    assert_eq!(describe_all(&format.request_id), ["header X-Request-Id"]);
    assert_eq!(
        describe_all(&format.should_retry),
        ["header X-Should-Retry"]
    );
    assert_eq!(
        format.normalize,
        Normalize::__new(Some(":".into()), Some("#".into()), false)
    );
}

#[test]
fn success_errors_and_conditions() {
    let catalog = catalog();
    let attio = &catalog.providers[0];
    let [Condition { source, test, .. }] = &attio.success_errors[..] else {
        panic!("{:?}", attio.success_errors);
    };
    assert_eq!(describe(source), "body ok");
    assert_eq!(*test, Test::Equals(Literal::Bool(false)));
}

#[test]
fn retry_sources_in_precedence_order() {
    let catalog = catalog();
    let sources: Vec<(String, TimeForm, Vec<Category>, usize)> = catalog.providers[0]
        .retry_from
        .iter()
        .map(|r: &RetrySource| {
            (
                describe(&r.source),
                r.form,
                r.categories.to_vec(),
                r.when.len(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            ("header Retry-After".into(), TimeForm::RetryAfter, vec![], 0),
            (
                "header X-RateLimit-Reset".into(),
                TimeForm::UnixSeconds,
                vec![],
                1
            ),
            (
                "message try again in ".into(),
                TimeForm::Duration,
                vec![],
                0
            ),
            (
                "body error.details[@type=RetryInfo].retryDelay".into(),
                TimeForm::Duration,
                vec![],
                0
            ),
            (
                "body error.retry_after".into(),
                TimeForm::Seconds,
                vec![Category::RateLimited, Category::QuotaExceeded],
                0
            ),
        ]
    );
    let Source::Message(needle) = &catalog.providers[0].retry_from[2].source else {
        panic!("a message source");
    };
    assert_eq!(needle.folded, "try again in ");
}

#[test]
fn fallbacks_and_their_order() {
    let catalog = catalog();
    let attio = &catalog.providers[0];
    let fallbacks = &attio.fallbacks;
    let labels: Vec<String> = fallbacks.iter().map(|f| f.status_label()).collect();
    assert_eq!(labels, ["5xx", "429", "403", "2xx", "400-403"]);
    // Narrowest first (a conditional one before an unconditional one of the same range),
    // then catalog order.
    let order: Vec<u32> = attio.fallback_order.iter().map(|r| r.index).collect();
    assert_eq!(order, [2, 1, 4, 0, 3]);
    // Each entry carries its fallback's range, for a walk that reads no fallback it skips.
    for r in attio.fallback_order.iter() {
        let f = r.get(attio).expect("an index in range");
        assert_eq!((r.min, r.max), (f.min, f.max));
    }

    assert_eq!(fallbacks[0].rule.category, Category::Server);
    assert_eq!(fallbacks[0].rule.retry, RetryRule::Backoff);
    assert_eq!(fallbacks[0].code, None);
    // The 5xx fallback rules over a known code too; no other does.
    assert!(fallbacks[0].any_code && fallbacks.iter().skip(1).all(|f| !f.any_code));
    // Where each status class starts: 403 (position 0) opens the 4xx, 5xx (3) the 5xx, 2xx
    // (4) the 2xx; no fallback reaches below 100, into 1xx, 3xx or past 599.
    assert_eq!(attio.fallback_start, [5, 5, 4, 5, 0, 3, 5]);
    let any_code: Vec<u32> = attio.any_code_order.iter().map(|r| r.index).collect();
    assert_eq!(any_code, [0]);

    // A code's fallback: that code's rule, with its own delays.
    assert_eq!(fallbacks[1].code, Some(1), "rate_limit_exceeded");
    assert_eq!(fallbacks[1].rule.summary, "Too many requests.");
    assert_eq!(
        fallbacks[1].rule.default_delay,
        Some(Duration::from_secs(2))
    );
    assert!(fallbacks[1].covers(429) && !fallbacks[1].covers(430));

    let secondary = &fallbacks[2];
    assert_eq!(
        secondary.contains.as_ref().map(|n| n.folded.as_ref()),
        Some("secondary rate limit")
    );
    assert_eq!(secondary.when.len(), 1);
    assert_eq!(secondary.when[0].test, Test::Present(true));
    assert_eq!(secondary.rule.min_delay, Some(Duration::from_secs(60)));
    assert_eq!(secondary.notes.as_deref(), Some("Sent instead of 429."));

    assert_eq!(
        fallbacks[4].rule.docs_url.as_deref(),
        Some("https://developers.attio.com/reference/errors#4xx")
    );
    assert_eq!(
        attio.docs_url(RuleRef::Fallback(4)),
        Some("https://developers.attio.com/reference/errors#4xx")
    );
    assert_eq!(
        attio.docs_url(RuleRef::Fallback(0)),
        attio.docs_url.as_deref(),
        "the provider's, when the rule has none"
    );
}

#[test]
fn codes_in_file_order_and_the_code_table() {
    let catalog = catalog();
    let codes = &catalog.providers[0].codes;
    let names: Vec<_> = codes
        .iter()
        .map(|c| (c.code.as_ref(), c.variant.as_ref(), c.status))
        .collect();
    assert_eq!(
        names,
        [
            ("validation_type", "ValidationType", 400),
            ("rate_limit_exceeded", "RateLimitExceeded", 429),
            ("NOT-FOUND", "RecordNotFound", 404),
        ]
    );
    assert_eq!(catalog.providers[1].codes[0].variant, "InvalidApiKey");
    let attio = &catalog.providers[0];
    for (i, c) in codes.iter().enumerate() {
        assert_eq!(attio.find_code(&c.code), Some(i));
    }
    assert_eq!(
        attio.find_code("not-found"),
        None,
        "codes are case-sensitive"
    );
    assert_eq!(attio.find_code(""), None);
}

#[test]
fn code_fields_and_merged_pattern_rules() {
    let catalog = catalog();
    let attio = &catalog.providers[0];
    let code = &attio.codes[0];
    assert_eq!(code.provider_type.as_deref(), Some("invalid_request_error"));
    assert_eq!(code.rule.category, Category::Validation);
    assert_eq!(code.rule.retry, RetryRule::Never);
    assert_eq!(code.rule.summary, "A value has the wrong type.");
    assert_eq!(
        code.rule.fix,
        "Send each attribute in the type the attribute expects."
    );
    assert_eq!(
        code.rule.docs_url.as_deref(),
        Some("https://developers.attio.com/reference/errors#validation")
    );
    assert_eq!(code.rule.default_delay, Some(Duration::from_secs(1)));
    assert_eq!(code.rule.min_delay, Some(Duration::from_millis(500)));
    assert_eq!(
        code.notes.as_deref(),
        Some("Attio names the attribute in the message.")
    );
    assert_eq!(
        code.troubleshoot.as_deref(),
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
        .map(|p| {
            (
                p.contains.as_ref().map(|n| n.text.as_ref()),
                p.retry,
                p.category,
            )
        })
        .collect();
    assert_eq!(
        patterns,
        [
            (Some("Invalid email"), None, None),
            (
                Some("Unknown select option"),
                Some(RetryRule::Never),
                Some(Category::NotFound)
            ),
            (None, None, None),
        ]
    );
    // Each pattern's rule is the code's, refined.
    let [email, option, several] = &code.patterns[..] else {
        panic!("three patterns");
    };
    assert_eq!(email.rule.fix, "Send a valid email address.");
    assert_eq!(email.rule.category, Category::Validation, "as the code");
    assert_eq!(email.rule.summary, code.rule.summary);
    assert_eq!(option.rule.category, Category::NotFound);
    assert_eq!(option.rule.retry, RetryRule::Never);
    assert_eq!(several.when.len(), 1);
    assert_eq!(several.when[0].test, Test::NonEmpty);
    // A pattern's own waits replace the code's; without them, the code's stand.
    assert_eq!(
        (several.rule.default_delay, several.rule.min_delay),
        (Some(Duration::from_secs(5)), Some(Duration::from_secs(2)))
    );
    assert_eq!(
        (email.rule.default_delay, email.rule.min_delay),
        (code.rule.default_delay, code.rule.min_delay)
    );
    assert_eq!(
        attio.rule(RuleRef::Pattern(0, 1)).category,
        Category::NotFound
    );

    assert_eq!(code.causes.len(), 1);
    assert_eq!(
        code.causes[0].cause,
        "The attribute slug belongs to another object."
    );
    assert_eq!(
        code.causes[0].fix,
        "List the object's attributes and use one of their slugs."
    );
    let table = &code.tables[0];
    assert_eq!(table.title, "Required scopes");
    assert_eq!(table.columns[..], ["Operation", "Required scopes"]);
    assert_eq!(table.rows.len(), 2);
    assert_eq!(
        table.rows[1][..],
        ["Create records", "record_permission:read-write"]
    );

    let others = &attio.codes[1];
    assert!(others.patterns.is_empty() && others.causes.is_empty() && others.tables.is_empty());
    assert_eq!(
        (others.notes.as_ref(), others.example.as_ref()),
        (None, None)
    );
}

#[test]
fn every_body_path_has_a_slot_of_one_layout() {
    let catalog = catalog();
    let attio = &catalog.providers[0];
    let layout = &attio.layout;
    let mut slots = Vec::new();
    let mut body = |s: &Source| {
        if let Source::Body(path) = s {
            slots.push((path.path.to_string(), path.slot));
        }
    };
    attio.format.code.iter().for_each(&mut body);
    attio.format.message.iter().for_each(&mut body);
    attio.retry_from.iter().for_each(|r| body(&r.source));
    attio.success_errors.iter().for_each(|c| body(&c.source));
    for (path, slot) in &slots {
        assert!(*slot < layout.slots, "{path}: {slot}");
    }
    let distinct: std::collections::BTreeSet<u16> = slots.iter().map(|(_, s)| *s).collect();
    assert_eq!(
        distinct.len(),
        slots.len(),
        "one slot per distinct path: {slots:?}"
    );

    // `errors[0].code`: a key, an index, a key.
    let root = layout.root().expect("a root");
    let errors = layout
        .children(root)
        .iter()
        .find(|n| n.step == Step::Key("errors".into()))
        .expect("errors");
    let first = &layout.children(errors)[0];
    assert_eq!(first.step, Step::Index(0));
    assert_eq!(layout.children(first)[0].step, Step::Key("code".into()));
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
    let catalog = parse(source).unwrap_or_else(|failed| panic!("{:#?}", failed.diagnostics));
    let codes: Vec<_> = catalog.providers[0]
        .codes
        .iter()
        .map(|c| c.code.as_ref())
        .collect();
    assert_eq!(codes, ["b", "a"], "file order, not key order");
}

#[test]
fn a_provider_without_codes_is_classified_by_its_fallbacks() {
    let source = r#"
[[provider]]
key = "shop"
name = "Shop"

[provider.format]
message = "errors"

[[provider.fallback]]
status = 429
category = "rate_limited"
retry = "after-delay"
summary = "Too many requests."
fix = "Wait."
"#;
    let catalog = parse(source).unwrap_or_else(|failed| panic!("{:#?}", failed.diagnostics));
    let shop = &catalog.providers[0];
    assert!(shop.codes.is_empty());
    assert!(shop.format.code.is_empty());
    assert_eq!(shop.find_code("anything"), None);
}

#[test]
fn the_deprecated_diagnostic_key_is_read_with_a_warning() {
    let source = r#"
[[provider]]
key = "acme"
name = "Acme"
diagnostic = "curl https://acme.test"
format = { code = "code" }
fallback = [{ status = "5xx", category = "server", retry = "backoff", summary = "S.", fix = "F." }]
"#;
    let catalog = parse(source).unwrap_or_else(|failed| panic!("{:#?}", failed.diagnostics));
    assert_eq!(
        catalog.providers[0].troubleshoot.as_deref(),
        Some("curl https://acme.test")
    );
    let [warning] = &catalog.warnings[..] else {
        panic!("{:?}", catalog.warnings);
    };
    assert_eq!(
        warning.short("catalog.toml", source),
        "catalog.toml:5:1: `diagnostic` is deprecated: it is now `troubleshoot`"
    );
}

/// Starting the walk at a status class's `fallback_start` skips only fallbacks that cannot
/// cover the status: for every provider of the root and shipped catalogs and every status
/// from 0 to 999, the fallbacks that cover it are the same, in the same order, as in the whole
/// `fallback_order`.
#[test]
fn the_walk_from_a_class_start_skips_no_fallback_that_covers() {
    let crossing = include_str!("fixtures/fallbacks_and_headers.toml");
    let cross = parse(crossing).unwrap_or_else(|failed| panic!("{:#?}", failed.diagnostics));
    let p = &cross.providers[0];
    // Tried as 429, 502, 500-503, 2xx, 450-549, 1xx, 300-399 (fallbacks 3, 4, 2, 0, 1, 5,
    // 6): the 4xx start at the 429, the 5xx at the 502, and 450-549 is reached from both.
    assert_eq!(p.fallback_start, [7, 5, 3, 6, 0, 1, 7]);
    let at =
        |status: u16| -> Vec<u32> { p.fallbacks_for(status).iter().map(|r| r.index).collect() };
    assert_eq!(at(450), [3, 4, 2, 0, 1, 5, 6]);
    assert_eq!(at(502), [4, 2, 0, 1, 5, 6]);
    // Nothing before it reaches into the 5xx: the crossing range opens the class itself.
    assert_eq!(cross.providers[1].fallback_start, [2, 2, 2, 2, 0, 1, 2]);

    let mut catalogs = vec![crossing, include_str!("../../catalog.toml")];
    catalogs.extend(error_catalog_schema::SHIPPED.iter().map(|(_, text)| *text));
    for text in catalogs {
        let catalog = parse(text).unwrap_or_else(|failed| panic!("{:#?}", failed.diagnostics));
        for p in &catalog.providers {
            for status in 0..1000u16 {
                let covering = |order: &[error_catalog_schema::model::FallbackRef]| -> Vec<u32> {
                    order
                        .iter()
                        .filter(|r| r.covers(status))
                        .map(|r| r.index)
                        .collect()
                };
                assert_eq!(
                    covering(p.fallbacks_for(status)),
                    covering(&p.fallback_order),
                    "{} {status}",
                    p.key
                );
            }
        }
    }
}
