//! Catalog text that would act on a terminal never reaches it raw, whatever path prints it.
//!
//! The schema rejects such text in a catalog file, so these tests put it into a loaded
//! model by hand: every string the catalog has, in every command's output, human and JSON.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use error_catalog::{DynError, ProblemDetails};
use error_catalog_schema::model::{Needle, Rule, Source};
use error_catalog_schema::{Catalog, Provider};

use crate::classify::{self, Body};
use crate::escape::{self, is_layout_char};
use crate::style::Style;
use crate::{catalog, explain, list};

/// ESC sequences (a window title, a screen clear), BEL, NUL, C1 CSI, a bidi override, a line
/// separator, a carriage return.
const HOSTILE: &str = "\x1b]0;owned\x07\x1b[2J\0\u{9b}31m\u{202e}\u{2028}\r";

fn h(text: &str) -> Cow<'static, str> {
    // Before and after: a cell cut to fit a terminal line still starts with it.
    Cow::Owned(format!("{HOSTILE}{text}{HOSTILE}"))
}

fn rule(r: &mut Rule) {
    r.summary = h(&r.summary);
    r.fix = h(&r.fix);
    r.docs_url = Some(h("https://docs.example/"));
}

fn source(s: &mut Source) {
    match s {
        Source::Header(name) => *name = h(name),
        Source::Body(path) => path.path = h(&path.path),
        Source::Message(needle) => *needle = Needle::new(h(&needle.text)),
        _ => {}
    }
}

/// Every text of the provider made hostile; the wire codes too unless `classifiable`.
fn hostile(p: &mut Provider, classifiable: bool) {
    if !classifiable {
        p.key = h(&p.key);
    }
    p.name = h(&p.name);
    p.enum_name = h(&p.enum_name);
    p.docs_url = Some(h("https://docs.example/"));
    p.status_page = Some(h("https://status.example/"));
    p.notes = Some(h("notes\nsecond line"));
    p.troubleshoot = Some(h("curl -s https://api.example/\n  | jq ."));
    let f = &mut p.format;
    for sources in [
        &mut f.code,
        &mut f.message,
        &mut f.provider_type,
        &mut f.request_id,
    ] {
        if !classifiable {
            sources.to_mut().iter_mut().for_each(source);
        }
    }
    // A header keeps working under its hostile name: the test's responses send it so.
    for r in p.retry_from.to_mut() {
        if !classifiable || matches!(r.source, Source::Header(_)) {
            source(&mut r.source);
        }
    }
    if classifiable {
        p.format.request_id = Cow::Owned(vec![Source::Header(h("X-Request-Id"))]);
    }
    for c in p.codes.to_mut() {
        if !classifiable {
            c.code = h(&c.code);
        }
        c.variant = h(&c.variant);
        c.provider_type = Some(h("type"));
        rule(&mut c.rule);
        c.notes = Some(h("notes"));
        c.troubleshoot = Some(h("script"));
        c.example = Some(h("{\"example\": 1}"));
        for pattern in c.patterns.to_mut() {
            pattern.cause = h(&pattern.cause);
            rule(&mut pattern.rule);
        }
        for cause in c.causes.to_mut() {
            cause.cause = h(&cause.cause);
            cause.fix = h(&cause.fix);
        }
        for table in c.tables.to_mut() {
            table.title = h(&table.title);
            table.columns.to_mut().iter_mut().for_each(|t| *t = h(t));
            for row in table.rows.to_mut() {
                row.to_mut().iter_mut().for_each(|t| *t = h(t));
            }
        }
    }
    for f in p.fallbacks.to_mut() {
        if !classifiable {
            f.contains = Some(Needle::new(h("needle")));
        }
        rule(&mut f.rule);
    }
    rule(&mut p.unrecognized);
}

fn built_in(classifiable: bool) -> Catalog {
    let parsed = catalog::parse(&catalog::Source::BuiltIn).unwrap_or_else(|_| panic!("parse"));
    let mut catalog = parsed.result.unwrap_or_else(|d| panic!("{d:?}"));
    for p in &mut catalog.providers {
        hostile(p, classifiable);
    }
    catalog
}

/// Without colour: nothing but line breaks among the layout characters; with colour: every
/// ESC starts one of errcat's own colour sequences.
#[track_caller]
fn assert_safe(output: &str, colour: bool) {
    assert!(
        output.contains("\\u{1b}"),
        "the hostile text is shown escaped:\n{output}"
    );
    let mut rest = output;
    while let Some(at) = rest.find(|c: char| is_layout_char(c) && c != '\n') {
        let tail = rest.get(at..).unwrap_or_default();
        let sgr = tail
            .strip_prefix("\x1b[")
            .and_then(|t| t.find('m').map(|end| (t, end)))
            .filter(|(t, end)| {
                t.get(..*end)
                    .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit() || b == b';'))
            });
        match sgr {
            Some((t, end)) if colour => rest = t.get(end + 1..).unwrap_or_default(),
            _ => panic!("raw {:?} in:\n{output}", tail.chars().next()),
        }
    }
}

#[test]
fn explain_and_list_escape_every_catalog_text() {
    let catalog = built_in(false);
    for (colour, terminal) in [(false, false), (false, true), (true, true)] {
        let s = Style::new(colour, terminal, 80);
        let providers: Vec<&Provider> = catalog.providers.iter().collect();
        assert_safe(&list::codes_table(&providers, s), colour);
        for p in &catalog.providers {
            assert_safe(&explain::provider_overview(p, s), colour);
            for (i, c) in p.codes.iter().enumerate() {
                assert_safe(&explain::code((p, i, c), s), colour);
            }
        }
    }
    for p in &catalog.providers {
        let json = serde_json::to_string_pretty(&explain::provider_json(p)).unwrap_or_default();
        assert_safe(&escape::json(&json).replace("\\u001b", "\\u{1b}"), false);
        for (i, c) in p.codes.iter().enumerate() {
            let json =
                serde_json::to_string_pretty(&explain::code_json((p, i, c))).unwrap_or_default();
            let json = escape::json(&json);
            assert!(
                !json.chars().any(|c| is_layout_char(c) && c != '\n'),
                "{json}"
            );
        }
    }
}

/// Provider key, status, headers, body.
type Response<'a> = (&'a str, u16, Vec<(&'a str, &'a str)>, &'a [u8]);

#[test]
fn classify_escapes_catalog_text_and_what_the_response_sent() {
    let catalog = built_in(true);
    let now = UNIX_EPOCH + Duration::from_secs(1_742_653_800);
    let (retry_after, reset, id) = (h("Retry-After"), h("X-RateLimit-Reset"), h("X-Request-Id"));
    let id_header = (&*id, "req\x1b[2J\u{202e}");
    let responses: [Response<'_>; 4] = [
        (
            "attio",
            429,
            vec![(&*retry_after, "2"), id_header],
            br#"{"code":"rate_limit_exceeded","message":"complexity \u001b[2J"}"#,
        ),
        ("attio", 502, vec![id_header], b"<html>\x1b[2J</html>"),
        (
            "attio",
            404,
            vec![],
            br#"{"code":"not_found","message":"gone\u009b"}"#,
        ),
        (
            "attractos",
            429,
            vec![(&*reset, "1742653860")],
            br#"{"code":"RATE_LIMITED","error":"\u202e"}"#,
        ),
    ];
    for (key, status, headers, body) in responses {
        let provider = catalog::find_provider(&catalog, key).unwrap_or_else(|| panic!("{key}"));
        let provider = Arc::new(provider.clone());
        let e = DynError::from_response_at(provider, status, &headers, body, now);
        if status == 429 {
            assert!(
                e.details().wait_origin().is_some(),
                "{key}: the hostile header is read"
            );
        }
        let body = Body {
            bytes: body.to_vec(),
            cut: false,
        };
        for (colour, terminal) in [(false, false), (true, true)] {
            let report = classify::report(&e, &body, now, Style::new(colour, terminal, 80));
            assert_safe(&report, colour);
        }
        let problem = ProblemDetails::from_error_at(&e, now);
        let json = escape::json(&serde_json::to_string_pretty(&problem).unwrap_or_default());
        assert!(
            !json.chars().any(|c| is_layout_char(c) && c != '\n'),
            "{json}"
        );
    }
}
