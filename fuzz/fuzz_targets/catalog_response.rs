//! Catalogs and responses together: a catalog written from fuzzer-chosen parts (names,
//! texts, paths, conditions, retry sources, codes, fallbacks), loaded, and when it is valid,
//! used to classify a fuzzer-chosen response at run time (`DynError`).
//!
//! Hostile catalogs are searched as well as hostile responses: whatever text the catalog
//! holds, loading never panics, a valid catalog's model classifies any response without
//! panicking, keeps the status and the body, and prints one bounded line (`Display`), a
//! bounded `Debug`, and problem details that serialize.

#![no_main]

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use arbitrary::Arbitrary;
use error_catalog::{DynError, NormalizedError, ProblemDetails};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    name: &'a str,
    summary: &'a str,
    notes: &'a str,
    code_paths: Vec<Path<'a>>,
    message_path: Path<'a>,
    code_header: Option<&'a str>,
    normalize: (bool, bool, bool),
    /// `unwrap_array = "…"`: an array body read as its first object with this key.
    unwrap_array: Option<&'a str>,
    success_error: Option<Condition<'a>>,
    retry: Vec<Retry<'a>>,
    codes: Vec<Code<'a>>,
    fallbacks: Vec<Fallback<'a>>,
    response: Response<'a>,
}

#[derive(Arbitrary, Debug)]
enum Path<'a> {
    Code,
    Nested,
    Indexed(u8),
    Selected(&'a str),
    Any(&'a str),
}

impl Path<'_> {
    fn text(&self) -> String {
        match self {
            Path::Code => "code".to_owned(),
            Path::Nested => "error.code".to_owned(),
            Path::Indexed(i) => format!("errors[{i}].code"),
            Path::Selected(v) => format!("error.details[@type={v}].reason"),
            Path::Any(s) => (*s).to_owned(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Condition<'a> {
    header: Option<&'a str>,
    path: Path<'a>,
    test: u8,
    value: &'a str,
}

impl Condition<'_> {
    fn toml(&self) -> String {
        let place = match self.header {
            Some(h) => format!("header = {}", quote(h)),
            None => format!("body = {}", quote(&self.path.text())),
        };
        let test = match self.test % 4 {
            0 => format!("equals = {}", quote(self.value)),
            1 => "non_empty = true".to_owned(),
            2 => "present = false".to_owned(),
            _ => "equals = false".to_owned(),
        };
        format!("{{ {place}, {test} }}")
    }
}

#[derive(Arbitrary, Debug)]
struct Retry<'a> {
    place: u8,
    text: &'a str,
    form: u8,
    when: Option<Condition<'a>>,
}

#[derive(Arbitrary, Debug)]
struct Code<'a> {
    code: &'a str,
    status: u16,
    category: u8,
    retry: u8,
    fix: &'a str,
    pattern: Option<(&'a str, Option<Condition<'a>>)>,
    default_delay: Option<u8>,
}

#[derive(Arbitrary, Debug)]
struct Fallback<'a> {
    status: u16,
    width: u8,
    contains: Option<&'a str>,
    when: Option<Condition<'a>>,
    category: u8,
    any_code: bool,
}

#[derive(Arbitrary, Debug)]
struct Response<'a> {
    status: u16,
    headers: Vec<(&'a str, &'a str)>,
    body: &'a [u8],
}

const CATEGORIES: [&str; 10] = [
    "invalid_request", "authentication", "authorization", "not_found", "conflict",
    "validation", "rate_limited", "quota_exceeded", "server", "unknown",
];
const RULES: [&str; 3] = ["never", "after-delay", "backoff"];
const FORMS: [&str; 8] = [
    "retry-after", "seconds", "milliseconds", "http-date", "unix-seconds",
    "unix-milliseconds", "duration", "rfc3339",
];

/// A TOML basic string holding `s` exactly.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn catalog(i: &Input<'_>) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "[[provider]]\nkey = \"fuzz\"\nname = {}", quote(i.name));
    if !i.notes.is_empty() {
        let _ = writeln!(t, "notes = {}", quote(i.notes));
    }
    let mut codes: Vec<String> = i.code_paths.iter().take(4).map(|p| quote(&p.text())).collect();
    if let Some(h) = i.code_header {
        codes.insert(0, format!("{{ header = {} }}", quote(h)));
    }
    let _ = writeln!(t, "\n[provider.format]");
    if !codes.is_empty() {
        let _ = writeln!(t, "code = [{}]", codes.join(", "));
    }
    let _ = writeln!(t, "message = {}", quote(&i.message_path.text()));
    if let Some(key) = i.unwrap_array {
        let _ = writeln!(t, "unwrap_array = {}", quote(key));
    }
    let (suffix, prefix, uri) = i.normalize;
    if suffix || prefix || uri {
        let _ = writeln!(t, "\n[provider.format.normalize]");
        if suffix {
            let _ = writeln!(t, "strip_suffix_from = \":\"");
        }
        if prefix {
            let _ = writeln!(t, "strip_prefix_through = \"#\"");
        }
        if uri {
            let _ = writeln!(t, "uri_last_segment = true");
        }
    }
    if let Some(c) = &i.success_error {
        let body = c.toml();
        let inner = body.trim_start_matches("{ ").trim_end_matches(" }");
        let _ = writeln!(t, "\n[[provider.success_error]]\n{}", inner.replace(", ", "\n"));
    }
    for r in i.retry.iter().take(4) {
        let place = match r.place % 3 {
            0 => "header",
            1 => "body",
            _ => "message",
        };
        let form = FORMS[usize::from(r.form) % FORMS.len()];
        let _ = writeln!(t, "\n[[provider.retry_from]]\n{place} = {}\nform = \"{form}\"", quote(r.text));
        if let Some(w) = &r.when {
            let _ = writeln!(t, "when = {}", w.toml());
        }
    }
    for f in i.fallbacks.iter().take(4) {
        let status = if f.width % 3 == 0 {
            f.status.to_string()
        } else {
            format!("\"{}-{}\"", f.status, f.status.saturating_add(u16::from(f.width)))
        };
        let category = CATEGORIES[usize::from(f.category) % CATEGORIES.len()];
        let _ = writeln!(
            t,
            "\n[[provider.fallback]]\nstatus = {status}\ncategory = \"{category}\"\nretry = \"backoff\"\nsummary = {}\nfix = \"Fix.\"",
            quote(i.summary)
        );
        if let Some(c) = f.contains {
            let _ = writeln!(t, "contains = {}", quote(c));
        }
        if let Some(w) = &f.when {
            let _ = writeln!(t, "when = {}", w.toml());
        }
        if f.any_code {
            let _ = writeln!(t, "any_code = true");
        }
    }
    for c in i.codes.iter().take(8) {
        let category = CATEGORIES[usize::from(c.category) % CATEGORIES.len()];
        let rule = RULES[usize::from(c.retry) % RULES.len()];
        let _ = writeln!(
            t,
            "\n[[provider.code]]\ncode = {}\nvariant = \"V{}\"\nstatus = {}\ncategory = \"{category}\"\nretry = \"{rule}\"\nsummary = {}\nfix = {}",
            quote(c.code),
            t.len(),
            c.status,
            quote(i.summary),
            quote(c.fix)
        );
        if let Some(d) = c.default_delay {
            let _ = writeln!(t, "default_delay = {d}");
        }
        if let Some((contains, when)) = &c.pattern {
            let _ = writeln!(t, "\n[[provider.code.pattern]]\ncontains = {}\ncause = \"C.\"\nfix = \"F.\"", quote(contains));
            if let Some(w) = when {
                let _ = writeln!(t, "when = {}", w.toml());
            }
        }
    }
    t
}

fuzz_target!(|input: Input<'_>| {
    let text = catalog(&input);
    let catalog = match error_catalog_schema::parse(&text) {
        Ok(catalog) => catalog,
        Err(failed) => {
            assert!(!failed.diagnostics.is_empty());
            for d in &failed.diagnostics {
                let _ = d.render("catalog.toml", &text);
            }
            return;
        }
    };
    let now = UNIX_EPOCH + Duration::from_secs(1_742_653_800);
    for provider in catalog.providers {
        let provider = Arc::new(provider);
        let r = &input.response;
        let e = DynError::from_response_at(&provider, r.status, r.headers.as_slice(), r.body, now);
        assert_eq!(e.status(), r.status);
        assert_eq!(e.raw_body(), r.body);
        assert!(!e.fix_hint().is_empty());
        let shown = e.to_string();
        assert!(!shown.contains(|c: char| c.is_control()), "{shown:?}");
        assert!(shown.len() <= 16 * 1024, "{}", shown.len());
        let debug = format!("{e:?}");
        assert!(debug.len() <= 16 * 1024, "{}", debug.len());
        let problem = ProblemDetails::from_error_at(&e, now);
        assert_eq!(problem.status, r.status);
        let json = problem.to_json();
        assert!(json.starts_with('{'), "{json}");
        if let Some(index) = e.variant_index() {
            assert!(index < provider.codes.len());
        }
        let again = DynError::from_response_bytes(
            &provider,
            r.status,
            r.headers.as_slice(),
            error_catalog::Bytes::copy_from_slice(r.body),
        );
        assert_eq!(again.variant_name(), e.variant_name());
        assert_eq!(again.code(), e.code());
        assert_eq!(again.message(), e.message());
    }
});
