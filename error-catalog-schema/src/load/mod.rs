//! Stage 1: catalog text → model, checking every key, type and value on the way.
//!
//! Everything is reported to the [`Ctxt`] and loading goes on, so one run shows every
//! mistake. An item is dropped only when its identity is unusable (a provider without a
//! `key`, a code without a `code`, ...); an item with any other broken field is still built
//! with a placeholder in that field, so that the cross-item checks can look at it and the
//! derive can emit stubs of the enums. Placeholders never escape: [`crate::parse`] returns no
//! model once anything was reported.

mod code;
mod fallback;
pub(crate) mod fields;
pub(crate) mod resolve;
mod retry_from;
mod source;
mod syntax;
pub(crate) mod values;
pub(crate) use code::RESERVED_VARIANT;

use std::borrow::Cow;
use std::sync::OnceLock;

use toml::de::DeTable;

use crate::case;
use crate::diagnostic::{Ctxt, Diagnostic, Span, Spanned};
use crate::model::{
    Category, CodeTable, Condition, Format, Layout, List, Normalize, Provider, RetryRule, Rule,
};
use crate::suggest;
use fields::Fields;
pub(crate) use source::Paths;

const CATALOG_KEYS: &[&str] = &["provider"];
const PROVIDER_KEYS: &[&str] = &[
    "key",
    "name",
    "enum",
    "docs_url",
    "status_page",
    "non_exhaustive",
    "notes",
    "troubleshoot",
    "diagnostic",
    "format",
    "success_error",
    "retry_from",
    "fallback",
    "code",
];
const FORMAT_KEYS: &[&str] = &[
    "code",
    "message",
    "type",
    "status",
    "request_id",
    "should_retry",
    "normalize",
    "unwrap_array",
];
const NORMALIZE_KEYS: &[&str] = &[
    "strip_suffix_from",
    "strip_prefix_through",
    "uri_last_segment",
];

const HELP_SUMMARY: &str = "add `summary = \"…\"`: one line saying what happened";
const HELP_FIX: &str = "add `fix = \"…\"`: the hint NormalizedError::fix_hint returns";

/// Where the items of a provider were written: what the cross-item checks report on.
pub(crate) struct ProviderSpans {
    /// The `[[provider]]` table.
    pub(crate) header: Span,
    pub(crate) key: Span,
    pub(crate) enum_name: Span,
    pub(crate) codes: Vec<CodeSpans>,
    pub(crate) fallbacks: Vec<FallbackSpans>,
    /// Every body path of the provider; a `BodyPath`'s slot indexes it until resolution.
    pub(crate) paths: Paths,
}

pub(crate) struct CodeSpans {
    pub(crate) code: Span,
    pub(crate) variant: Span,
    /// Each pattern's `contains` value, or its table when it has none.
    pub(crate) patterns: Vec<Span>,
}

pub(crate) struct FallbackSpans {
    pub(crate) status: Span,
    /// Whether the fallback has conditions (`when` or `contains`).
    pub(crate) conditional: bool,
}

/// Parses the TOML and loads the catalog; `None` if the text is not TOML at all.
pub(crate) fn load(cx: &mut Ctxt, source: &str) -> Option<Vec<(Provider, ProviderSpans)>> {
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
    Some(
        providers
            .into_iter()
            .filter_map(|t| provider(cx, t))
            .collect(),
    )
}

fn provider(cx: &mut Ctxt, table: (&DeTable<'_>, Span)) -> Option<(Provider, ProviderSpans)> {
    let mut f = Fields::open(cx, table, "provider", PROVIDER_KEYS);
    let help = "add `key = \"…\"`: the provider's id, lowercase, e.g. `key = \"acme\"`";
    let key = f.required_string(cx, "key", help);
    if let Some(key) = &key {
        values::provider_key(cx, key);
        f.name(format!("provider `{}`", key.value));
    }
    let help = "add `name = \"…\"`: the provider's display name";
    let name = f.required_line(cx, "name", help, "write the display name");
    let enum_name = enum_name(cx, &f, key.as_ref());
    let docs_url = url(cx, &f, "docs_url");
    let status_page = url(cx, &f, "status_page");
    let non_exhaustive = f.boolean(cx, "non_exhaustive").unwrap_or_default();
    let notes = f.block(cx, "notes");
    let troubleshoot = troubleshoot(cx, &f);
    let mut paths = Paths::default();
    let format = format(cx, &f, &mut paths);
    // A `code` that was written but is unusable is reported where it is.
    let format_table = f.table(cx, "format");
    let format_span = format_table.as_ref().map(|(_, span)| span.clone());
    let has_code_source = format_table.is_some_and(|(t, _)| t.get("code").is_some());
    let success_errors = success_errors(cx, &f, &mut paths);
    let retry_from = f.tables(cx, "retry_from", "[[provider.retry_from]]");
    let retry_from: Vec<_> = retry_from
        .into_iter()
        .filter_map(|t| retry_from::retry_source(cx, t, f.subject(), &mut paths))
        .collect();
    let codes = f.tables(cx, "code", "[[provider.code]]");
    let (codes, code_spans): (Vec<_>, Vec<_>) = codes
        .into_iter()
        .filter_map(|t| code::code(cx, t, f.subject(), &mut paths))
        .unzip();
    if !codes.is_empty() && format.code.is_empty() && !has_code_source && format_span.is_some() {
        let help = "add `code = \"…\"` to `[provider.format]`: the dotted path of the JSON \
                    field (or a `{ header = \"…\" }`) that holds the code the \
                    `[[provider.code]]` tables name";
        let span = format_span.unwrap_or(f.span.clone());
        cx.error(
            span,
            format!("missing `code` in the format of {}", f.subject()),
            help,
        );
    }
    let fallbacks = f.tables(cx, "fallback", "[[provider.fallback]]");
    let none = |key: &str| match f.get(key).map(toml::Spanned::get_ref) {
        None => true,
        Some(toml::de::DeValue::Array(items)) => items.is_empty(),
        Some(_) => false,
    };
    if none("code") && none("fallback") && f.has("format") {
        let message = format!("{} has no codes and no fallbacks", f.subject());
        let help = "add a `[[provider.code]]` table for each code the API sends, or \
                    `[[provider.fallback]]` tables that classify its errors by status";
        cx.error(f.span.clone(), message, help);
    }
    let (fallbacks, fallback_spans): (Vec<_>, Vec<_>) = fallbacks
        .into_iter()
        .filter_map(|t| {
            let ctx = fallback::Context {
                codes: &codes,
                provider: f.subject(),
                success_errors: !success_errors.is_empty(),
            };
            fallback::fallback(cx, t, &ctx, &mut paths)
        })
        .unzip();
    let key = key?;
    let enum_name = enum_name?;
    let spans = ProviderSpans {
        header: f.span.clone(),
        key: key.span.clone(),
        enum_name: enum_name.span.clone(),
        codes: code_spans,
        fallbacks: fallback_spans,
        paths,
    };
    let provider = Provider::__new(
        Cow::Owned(key.value.to_owned()),
        name.unwrap_or_default(),
        Cow::Owned(enum_name.value),
        docs_url,
        status_page,
        non_exhaustive,
        notes,
        troubleshoot,
        format,
        success_errors,
        List::Owned(retry_from),
        List::Owned(codes),
        List::Owned(fallbacks),
        List::Borrowed(&[]),
        [0; 7],
        List::Borrowed(&[]),
        false,
        placeholder_rule(),
        CodeTable::EMPTY,
        Layout::EMPTY,
    );
    Some((provider, spans))
}

/// `troubleshoot`, or its old name `diagnostic` (read, with a deprecation warning).
pub(crate) fn troubleshoot(cx: &mut Ctxt, f: &Fields<'_, '_>) -> Option<crate::model::Text> {
    if let Some(span) = f.key_span("diagnostic") {
        if f.has("troubleshoot") {
            let help = "remove `diagnostic`: `troubleshoot` is its new name";
            cx.error(span, "both `troubleshoot` and `diagnostic` are given", help);
            return f.block(cx, "troubleshoot");
        }
        let help =
            "rename `diagnostic` to `troubleshoot`: the old name is still read, but not for long";
        cx.warning(
            span,
            "`diagnostic` is deprecated: it is now `troubleshoot`",
            help,
        );
        return f.block(cx, "diagnostic");
    }
    f.block(cx, "troubleshoot")
}

fn url(cx: &mut Ctxt, f: &Fields<'_, '_>, key: &str) -> Option<crate::model::Text> {
    let value = f.string(cx, key)?;
    values::one_line(cx, key, &value);
    Some(Cow::Owned(values::url(cx, key, value)))
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
        } else if !case::is_upper_camel(given.value) {
            let message = format!("enum name `{}` is not UpperCamelCase", given.value);
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
    let converted = case::upper_camel(found.strip_prefix("r#").unwrap_or(found));
    let example = if case::is_identifier(&converted) {
        converted.as_str()
    } else {
        example
    };
    format!("write an UpperCamelCase identifier, e.g. `{example}`")
}

fn format(cx: &mut Ctxt, provider: &Fields<'_, '_>, paths: &mut Paths) -> Format {
    let empty = || {
        Format::__new(
            List::Borrowed(&[]),
            List::Borrowed(&[]),
            List::Borrowed(&[]),
            List::Borrowed(&[]),
            List::Borrowed(&[]),
            List::Borrowed(&[]),
            Normalize::default(),
            None,
        )
    };
    if !provider.has("format") {
        let help = "add a `[provider.format]` table with `code = \"…\"`: the JSON field that \
                    holds the error code (an empty table for a provider classified by its \
                    status fallbacks alone)";
        provider.missing(cx, "format", help);
    }
    let Some(table) = provider.table(cx, "format") else {
        return empty();
    };
    let mut f = Fields::open(cx, table, "format", FORMAT_KEYS);
    f.name(format!("the format of {}", provider.subject()));
    let normalize = match f.table(cx, "normalize") {
        Some(table) => normalize(cx, table),
        None => Normalize::default(),
    };
    Format::__new(
        source::sources(cx, &f, "code", paths),
        source::sources(cx, &f, "message", paths),
        source::sources(cx, &f, "type", paths),
        source::sources(cx, &f, "status", paths),
        source::sources(cx, &f, "request_id", paths),
        source::sources(cx, &f, "should_retry", paths),
        normalize,
        // The key an element of an array body must have to stand for the body.
        f.filled_line(
            cx,
            "unwrap_array",
            "write the key the element that holds the error has, e.g. \
             `unwrap_array = \"error\"`, or remove `unwrap_array`",
        ),
    )
}

fn normalize(cx: &mut Ctxt, table: (&DeTable<'_>, Span)) -> Normalize {
    let f = Fields::open(cx, table, "normalize", NORMALIZE_KEYS);
    let separator = |cx: &mut Ctxt, key: &str| {
        let help = format!("write the separator, e.g. `{key} = \":\"`, or remove `{key}`");
        f.filled_line(cx, key, &help)
    };
    let strip_suffix_from = separator(cx, "strip_suffix_from");
    let strip_prefix_through = separator(cx, "strip_prefix_through");
    let uri_last_segment = f.boolean(cx, "uri_last_segment").unwrap_or_default();
    Normalize::__new(strip_suffix_from, strip_prefix_through, uri_last_segment)
}

/// `[[provider.success_error]]`: conditions that mark an error in a 1xx to 3xx response.
fn success_errors(cx: &mut Ctxt, f: &Fields<'_, '_>, paths: &mut Paths) -> List<Condition> {
    let tables = f.tables(cx, "success_error", "[[provider.success_error]]");
    let conditions = tables
        .into_iter()
        .filter_map(|t| source::condition(cx, t, "a success_error", paths));
    List::Owned(conditions.collect())
}

/// `category`, `retry`, `summary`, `fix` (required), `docs_url`, `default_delay` and
/// `min_delay` of a code or fallback.
fn rule(cx: &mut Ctxt, f: &Fields<'_, '_>) -> Rule {
    // Written once: every code and pattern has a rule.
    static CATEGORY_HELP: OnceLock<String> = OnceLock::new();
    static RETRY_HELP: OnceLock<String> = OnceLock::new();
    let help = CATEGORY_HELP.get_or_init(|| {
        let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        format!("add `category = \"…\"`: {}", suggest::one_of(&names))
    });
    let category = f.required_string(cx, "category", help);
    let category = category.and_then(|v| values::category(cx, v));
    let help = RETRY_HELP.get_or_init(|| {
        let names: Vec<&str> = RetryRule::ALL.iter().map(|r| r.as_str()).collect();
        format!("add `retry = \"…\"`: {}", suggest::one_of(&names))
    });
    let retry = f
        .required_string(cx, "retry", help)
        .and_then(|v| values::retry(cx, v));
    let summary = f.required_line(
        cx,
        "summary",
        HELP_SUMMARY,
        "write one line saying what happened",
    );
    let help = "write how to fix it: the hint NormalizedError::fix_hint returns";
    let fix = f.required_line(cx, "fix", HELP_FIX, help);
    let docs_url = url(cx, f, "docs_url");
    Rule::__new(
        category.unwrap_or(Category::Unknown),
        retry.unwrap_or(RetryRule::Never),
        summary.unwrap_or_default(),
        fix.unwrap_or_default(),
        docs_url,
        f.delay(cx, "default_delay"),
        f.delay(cx, "min_delay"),
    )
}

fn placeholder_rule() -> Rule {
    Rule::__new(
        Category::Unknown,
        RetryRule::Never,
        Cow::Borrowed(""),
        Cow::Borrowed(""),
        None,
        None,
        None,
    )
}
