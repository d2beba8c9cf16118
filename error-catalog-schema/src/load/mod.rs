//! Stage 1: catalog text → model, checking every key, type and value on the way.
//!
//! Everything is reported to the [`Ctxt`] and loading goes on, so one run shows every
//! mistake. An item is dropped only when its identity is unusable (a provider without a
//! `key`, a code without a `code`, ...); an item with any other broken field is still built
//! with a placeholder in that field so the cross-item checks can look at it. Placeholders
//! never escape: [`crate::parse`] returns no model once anything was reported.

mod code;
mod fallback;
mod fields;
mod retry_from;
mod syntax;
mod values;

use toml::de::{DeTable, DeValue};

use crate::case;
use crate::diagnostic::{Ctxt, Diagnostic};
use crate::model::{Catalog, Category, Code, Format, Provider, RetryRule, Rule, Span, Spanned};
use crate::suggest;
use fields::Fields;

const CATALOG_KEYS: &[&str] = &["provider"];
const PROVIDER_KEYS: &[&str] = &[
    "key",
    "name",
    "enum",
    "docs_url",
    "status_page",
    "non_exhaustive",
    "notes",
    "diagnostic",
    "format",
    "retry_from",
    "fallback",
    "code",
];
const FORMAT_KEYS: &[&str] = &["code", "message", "type", "status"];

const HELP_SUMMARY: &str = "add `summary = \"…\"`: one line saying what happened";
const HELP_FIX: &str = "add `fix = \"…\"`: the hint NormalizedError::fix_hint returns";

/// Parses the TOML and loads the catalog; `None` if the text is not TOML at all.
pub(crate) fn load(cx: &mut Ctxt, source: &str) -> Option<Catalog> {
    let (root, syntax_errors) = DeTable::parse_recoverable(source);
    if !syntax_errors.is_empty() {
        // What the parser recovered is partial: checking it would add noise, not news.
        syntax::report(cx, source, syntax_errors);
        return None;
    }
    let top = Fields::open(cx, (root.get_ref(), 0..0), "catalog", CATALOG_KEYS);
    if !top.has("provider") {
        let help = "add a `[[provider]]` table for each HTTP API";
        // At the top of the file, where the first one would go.
        cx.push(Diagnostic::new(0..0, "no `[[provider]]` in catalog").with_help(help));
    }
    let providers = top.tables(cx, "provider", "[[provider]]");
    let providers = providers.into_iter().filter_map(|t| provider(cx, t));
    Some(Catalog {
        providers: providers.collect(),
    })
}

fn provider(cx: &mut Ctxt, table: (&DeTable<'_>, Span)) -> Option<Provider> {
    let mut f = Fields::open(cx, table, "provider", PROVIDER_KEYS);
    let help = "add `key = \"…\"`: the provider's id, lowercase, e.g. `key = \"acme\"`";
    let key = f.required_string(cx, "key", help);
    if let Some(key) = &key {
        values::provider_key(cx, key);
        f.name(format!("provider `{}`", key.value));
    }
    let help = "add `name = \"…\"`: the provider's display name";
    let name = f.required_string(cx, "name", help);
    let name = values::non_empty(cx, "name", name, f.subject(), "write the display name");
    let enum_name = enum_name(cx, &f, key.as_ref());
    let docs_url = f
        .string(cx, "docs_url")
        .map(|v| values::url(cx, "docs_url", v));
    let status_page = f
        .string(cx, "status_page")
        .map(|v| values::url(cx, "status_page", v));
    let non_exhaustive = f.boolean(cx, "non_exhaustive").unwrap_or_default();
    let notes = f.text(cx, "notes");
    let diagnostic = f.text(cx, "diagnostic");
    let format = format(cx, &f).unwrap_or_else(placeholder_format);
    let retry_from = f
        .tables(cx, "retry_from", "[[provider.retry_from]]")
        .into_iter();
    let retry_from = retry_from.filter_map(|t| retry_from::retry_source(cx, t, f.subject()));
    let retry_from = retry_from.collect();
    let codes = f.tables(cx, "code", "[[provider.code]]").into_iter();
    let codes: Vec<Code> = codes
        .filter_map(|t| code::code(cx, t, f.subject()))
        .collect();
    check_has_codes(cx, &f);
    let fallbacks = f
        .tables(cx, "fallback", "[[provider.fallback]]")
        .into_iter();
    let fallbacks = fallbacks.filter_map(|t| fallback::fallback(cx, t, &codes, f.subject()));
    let fallbacks = fallbacks.collect();
    Some(Provider {
        key: key.map(|key| Spanned::new(key.value.to_owned(), key.span))?,
        name: name.unwrap_or_default(),
        enum_name: enum_name?,
        docs_url,
        status_page,
        non_exhaustive,
        notes,
        diagnostic,
        format,
        retry_from,
        fallbacks,
        codes,
        span: f.span.clone(),
    })
}

/// The given `enum`, or UpperCamelCase(key) + "Error".
fn enum_name(
    cx: &mut Ctxt,
    f: &Fields<'_, '_>,
    key: Option<&Spanned<&str>>,
) -> Option<Spanned<String>> {
    if let Some(given) = f.string(cx, "enum") {
        if !case::is_identifier(given.value) {
            let message = format!("enum name `{}` is not a Rust identifier", given.value);
            cx.error(
                given.span.clone(),
                message,
                identifier_help(given.value, "AcmeError"),
            );
        }
        return Some(Spanned::new(given.value.to_owned(), given.span));
    }
    let key = key?;
    // A valid key (`[a-z][a-z0-9_]*`) always converts to an identifier; an invalid one was
    // reported already.
    let derived = format!("{}Error", case::upper_camel(key.value));
    Some(Spanned::new(derived, key.span.clone()))
}

/// "write an UpperCamelCase identifier, e.g. `FooBar`", with the converted name if it works.
fn identifier_help(found: &str, example: &str) -> String {
    let converted = case::upper_camel(found);
    let example = if case::is_identifier(&converted) {
        converted.as_str()
    } else {
        example
    };
    format!("write an UpperCamelCase identifier, e.g. `{example}`")
}

/// A provider needs codes: an enum with only `Unrecognized` is a catalog mistake.
fn check_has_codes(cx: &mut Ctxt, f: &Fields<'_, '_>) {
    let empty = match f.get("code").map(toml::Spanned::get_ref) {
        None => true,
        Some(DeValue::Array(codes)) => codes.is_empty(),
        Some(_) => false,
    };
    if empty {
        let message = format!("{} has no codes", f.subject());
        let help = "add a `[[provider.code]]` table for each code the API sends";
        cx.error(f.span.clone(), message, help);
    }
}

fn format(cx: &mut Ctxt, provider: &Fields<'_, '_>) -> Option<Format> {
    if !provider.has("format") {
        let help = "add a `[provider.format]` table with `code = \"…\"`: the JSON field that holds the error code";
        provider.missing(cx, "format", help);
    }
    let table = provider.table(cx, "format")?;
    let mut f = Fields::open(cx, table, "format", FORMAT_KEYS);
    f.name(format!("the format of {}", provider.subject()));
    let help = "add `code = \"…\"`: the dotted path of the JSON field that holds the error code";
    let code = f
        .required_string(cx, "code", help)
        .map(|v| values::path(cx, "code", v));
    let mut path = |key| f.string(cx, key).map(|v| values::path(cx, key, v));
    Some(Format {
        message: path("message"),
        provider_type: path("type"),
        status: path("status"),
        code: code?,
    })
}

fn placeholder_format() -> Format {
    Format {
        code: Vec::new(),
        message: None,
        provider_type: None,
        status: None,
    }
}

/// `category`, `retry`, `summary`, `fix` (required) and `docs_url` of a code or fallback.
fn rule(cx: &mut Ctxt, f: &Fields<'_, '_>) -> Rule {
    let names: Vec<&str> = Category::ALL.iter().map(|(name, _, _)| *name).collect();
    let help = format!("add `category = \"…\"`: {}", suggest::one_of(&names));
    let category = f.required_string(cx, "category", &help);
    let category = category.and_then(|v| values::category(cx, v));
    let names: Vec<&str> = RetryRule::ALL.iter().map(|(name, _, _)| *name).collect();
    let help = format!("add `retry = \"…\"`: {}", suggest::one_of(&names));
    let retry = f
        .required_string(cx, "retry", &help)
        .and_then(|v| values::retry(cx, v));
    let summary = f.required_string(cx, "summary", HELP_SUMMARY);
    let help = "write one line saying what happened";
    let summary = values::non_empty(cx, "summary", summary, f.subject(), help);
    let fix = f.required_string(cx, "fix", HELP_FIX);
    let help = "write how to fix it: the hint NormalizedError::fix_hint returns";
    let fix = values::non_empty(cx, "fix", fix, f.subject(), help);
    let docs_url = f
        .string(cx, "docs_url")
        .map(|v| values::url(cx, "docs_url", v));
    Rule {
        category: category.unwrap_or(Category::Unknown),
        retry: retry.unwrap_or(RetryRule::Never),
        summary: summary.unwrap_or_default(),
        fix: fix.unwrap_or_default(),
        docs_url,
    }
}

fn placeholder_rule() -> Rule {
    Rule {
        category: Category::Unknown,
        retry: RetryRule::Never,
        summary: String::new(),
        fix: String::new(),
        docs_url: None,
    }
}
