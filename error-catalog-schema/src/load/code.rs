//! `[[provider.code]]` and the tables inside it.

use std::borrow::Cow;

use toml::de::DeTable;

use super::fields::{Fields, array, element_string};
use super::source::{self, Paths};
use super::{CodeSpans, HELP_FIX, rule, troubleshoot, values};
use crate::case;
use crate::diagnostic::{Ctxt, Span, Spanned};
use crate::model::{Cause, Code, List, Needle, Pattern, Rule, Table, Text};

const CODE_KEYS: &[&str] = &[
    "code",
    "variant",
    "status",
    "type",
    "category",
    "retry",
    "summary",
    "fix",
    "docs_url",
    "notes",
    "troubleshoot",
    "diagnostic",
    "example",
    "default_delay",
    "min_delay",
    "pattern",
    "cause",
    "table",
];
const PATTERN_KEYS: &[&str] = &[
    "contains",
    "when",
    "cause",
    "fix",
    "retry",
    "category",
    "default_delay",
    "min_delay",
];
const CAUSE_KEYS: &[&str] = &["cause", "fix"];
const TABLE_KEYS: &[&str] = &["title", "columns", "rows"];

/// The variant the generated enum keeps for codes the catalog does not know.
pub(crate) const RESERVED_VARIANT: &str = "Unrecognized";

const HELP_CAUSE: &str = "add `cause = \"…\"`: what makes the provider send this";

pub(super) fn code(
    cx: &mut Ctxt,
    table: (&DeTable<'_>, Span),
    provider: &str,
    paths: &mut Paths,
) -> Option<(Code, CodeSpans)> {
    let mut f = Fields::open(cx, table, "code", CODE_KEYS);
    f.name(format!("a code of {provider}"));
    let help = "add `code = \"…\"`: the value of the format's code field that means this error";
    let code = f.required_string(cx, "code", help);
    if let Some(code) = &code {
        if code.value.is_empty() {
            let help = "write the value of the format's code field that means this error";
            cx.error(code.span.clone(), format!("empty code in {provider}"), help);
        }
        values::one_line(cx, "code", code);
        f.name(format!("code `{}`", code.value));
    }
    let variant = variant(cx, &f, code.as_ref());
    let status = f.get("status");
    if status.is_none() {
        let help = "add `status = …`: the HTTP status the provider sends with this code";
        f.missing(cx, "status", help);
    }
    let status = status.and_then(|status| values::status(cx, "status", status));
    let rule = rule(cx, &f);
    let provider_type = f.line(cx, "type");
    let notes = f.block(cx, "notes");
    let troubleshoot = troubleshoot(cx, &f);
    let example = f.block(cx, "example");
    let patterns = f.tables(cx, "pattern", "[[provider.code.pattern]]");
    let (patterns, pattern_spans): (Vec<_>, Vec<_>) = patterns
        .into_iter()
        .filter_map(|t| pattern(cx, t, f.subject(), &rule, paths))
        .unzip();
    let causes = f.tables(cx, "cause", "[[provider.code.cause]]").into_iter();
    let causes = causes.map(|t| cause(cx, t, f.subject())).collect();
    let tables = f.tables(cx, "table", "[[provider.code.table]]").into_iter();
    let tables = tables
        .map(|t| reference_table(cx, t, f.subject()))
        .collect();
    let code = code?;
    let variant = variant?;
    let spans = CodeSpans {
        code: code.span.clone(),
        variant: variant.span.clone(),
        patterns: pattern_spans,
    };
    let code = Code::__new(
        Cow::Owned(code.value.to_owned()),
        Cow::Owned(variant.value),
        status.unwrap_or_default(),
        provider_type,
        rule,
        notes,
        troubleshoot,
        example,
        List::Owned(patterns),
        List::Owned(causes),
        List::Owned(tables),
    );
    Some((code, spans))
}

/// The given `variant`, or UpperCamelCase(code); an identifier other than `Unrecognized`.
fn variant(
    cx: &mut Ctxt,
    f: &Fields<'_, '_>,
    code: Option<&Spanned<&str>>,
) -> Option<Spanned<String>> {
    if let Some(given) = f.string(cx, "variant") {
        if !case::is_identifier(given.value) {
            let message = format!("variant `{}` is not a Rust identifier", given.value);
            let help = super::identifier_help(given.value, "NotFound");
            cx.error(given.span.clone(), message, help);
        } else if !case::is_upper_camel(given.value) {
            // A generated enum's methods have snake_case names: an UpperCamelCase variant
            // never takes one of them (`provider_spec`, `from_response`).
            let message = format!("variant `{}` is not UpperCamelCase", given.value);
            let help = super::identifier_help(given.value, "NotFound");
            cx.error(given.span.clone(), message, help);
        } else if given.value == RESERVED_VARIANT {
            let message = format!("variant `{RESERVED_VARIANT}` is reserved");
            let help = format!(
                "`{RESERVED_VARIANT}` holds the codes the catalog does not know: choose another name"
            );
            cx.error(given.span.clone(), message, help);
        }
        return Some(Spanned::new(given.value.to_owned(), given.span));
    }
    let code = code?;
    let derived = case::upper_camel(code.value);
    if code.value.is_empty() {
        // Reported as an empty code.
    } else if !case::is_identifier(&derived) {
        let message = format!(
            "code `{}` does not convert to a Rust identifier",
            code.value
        );
        // A code that starts with a digit (`50013`, `2fa_required`) converts once prefixed.
        let prefixed = format!("Code{derived}");
        let help = if case::is_upper_camel(&prefixed) {
            format!(
                "add `variant = \"…\"` with an UpperCamelCase name, e.g. `variant = \"{prefixed}\"`"
            )
        } else {
            "add `variant = \"…\"` with an UpperCamelCase name".to_owned()
        };
        cx.error(code.span.clone(), message, help);
    } else if derived == RESERVED_VARIANT {
        let message = format!(
            "code `{}` converts to the reserved variant `{RESERVED_VARIANT}`",
            code.value
        );
        let help = format!(
            "add `variant = \"…\"` with another name: `{RESERVED_VARIANT}` holds the codes the catalog does not know"
        );
        cx.error(code.span.clone(), message, help);
    }
    Some(Spanned::new(derived, code.span.clone()))
}

fn pattern(
    cx: &mut Ctxt,
    table: (&DeTable<'_>, Span),
    code: &str,
    code_rule: &Rule,
    paths: &mut Paths,
) -> Option<(Pattern, Span)> {
    let mut f = Fields::open(cx, table, "pattern", PATTERN_KEYS);
    f.name(format!("a pattern of {code}"));
    let contains = f.string(cx, "contains");
    let when = source::when(cx, &f, paths);
    if contains.is_none() && !f.has("contains") && !f.has("when") {
        let help = "add `contains = \"…\"` (a case-insensitive substring of the message) or \
                    `when = { header = \"…\", equals = \"…\" }`";
        f.missing(cx, "contains", help);
    }
    if let Some(contains) = &contains {
        if contains.value.is_empty() {
            let message = format!("`contains` of a pattern of {code} is empty");
            let help = "write a case-insensitive substring of the message (an empty one matches every message)";
            cx.error(contains.span.clone(), message, help);
        } else {
            values::one_line(cx, "contains", contains);
            f.name(format!("pattern `{}` of {code}", contains.value));
        }
    }
    let help = "write what makes the provider send this message";
    let cause = f.required_line(cx, "cause", HELP_CAUSE, help);
    let help = "write how to fix this cause: it replaces the code's fix hint";
    let fix = f.required_line(cx, "fix", HELP_FIX, help);
    let retry = f.string(cx, "retry").and_then(|v| values::retry(cx, v));
    let category = f
        .string(cx, "category")
        .and_then(|v| values::category(cx, v));
    // The code's rule, refined: what an error that matches the pattern is under.
    let mut rule = super::fallback::with_delays(cx, &f, code_rule);
    if let Some(fix) = &fix {
        rule.fix = fix.clone();
    }
    rule.retry = retry.unwrap_or(rule.retry);
    rule.category = category.unwrap_or(rule.category);
    let span = contains.as_ref().map_or(f.span.clone(), |c| c.span.clone());
    let contains = contains.map(|c| Needle::new(c.value.to_owned()));
    let pattern = Pattern::__new(
        contains,
        when,
        cause.unwrap_or_default(),
        retry,
        category,
        rule,
    );
    Some((pattern, span))
}

fn cause(cx: &mut Ctxt, table: (&DeTable<'_>, Span), code: &str) -> Cause {
    let mut f = Fields::open(cx, table, "cause", CAUSE_KEYS);
    f.name(format!("a cause of {code}"));
    let help = "write what makes the provider send this code";
    let cause = f.required_line(cx, "cause", HELP_CAUSE, help);
    let help = "write how to fix this cause";
    let fix = f.required_line(cx, "fix", "add `fix = \"…\"`: how to fix this cause", help);
    Cause::__new(cause.unwrap_or_default(), fix.unwrap_or_default())
}

fn reference_table(cx: &mut Ctxt, table: (&DeTable<'_>, Span), code: &str) -> Table {
    let mut f = Fields::open(cx, table, "table", TABLE_KEYS);
    f.name(format!("a table of {code}"));
    let title = f.required_string(cx, "title", "add `title = \"…\"`: the table's title");
    if let Some(title) = &title {
        f.name(format!("table `{}` of {code}", title.value));
    }
    if !f.has("columns") {
        let help = "add `columns = [\"…\", …]`: the column headers";
        f.missing(cx, "columns", help);
    }
    let columns = f.strings(cx, "columns");
    if let Some(columns) = columns.as_ref().filter(|c| c.value.is_empty()) {
        let help = "add the column headers, e.g. `columns = [\"Operation\", \"Scope\"]`";
        cx.error(columns.span.clone(), "`columns` is empty", help);
    }
    if let Some(title) = &title {
        values::one_line(cx, "title", title);
    }
    let columns: Option<Vec<Text>> = columns.map(|c| {
        let names = c.value.into_iter();
        names
            .map(|name| {
                values::one_line(cx, "columns", &name);
                Text::Owned(name.value.to_owned())
            })
            .collect()
    });
    let rows = rows(cx, &f, columns.as_deref());
    Table::__new(
        title.map_or(Cow::Borrowed(""), |t| Cow::Owned(t.value.to_owned())),
        List::Owned(columns.unwrap_or_default()),
        List::Owned(rows),
    )
}

/// `rows = [["…", …], …]`, each row with one cell per column.
fn rows(cx: &mut Ctxt, f: &Fields<'_, '_>, columns: Option<&[Text]>) -> Vec<List<Text>> {
    let Some(value) = f.get("rows") else {
        let help = "add `rows = [[\"…\", …], …]`: one array of cells per row";
        f.missing(cx, "rows", help);
        return Vec::new();
    };
    let expected = "an array of arrays of strings";
    let Some(rows) = array(cx, "rows", expected, value) else {
        return Vec::new();
    };
    let mut result = Vec::new();
    for (number, row) in (1..).zip(rows.iter()) {
        let Some(cells) = array(cx, "rows", expected, row) else {
            continue;
        };
        if let Some(columns) = columns.filter(|columns| columns.len() != cells.len()) {
            let (found, expected) = (cells.len(), columns.len());
            let subject = f.subject();
            let message = format!(
                "row {number} of {subject} has {found} {}, expected {expected}",
                if found == 1 { "cell" } else { "cells" }
            );
            let names: Vec<&str> = columns.iter().map(|c| c.as_ref()).collect();
            let help = format!("give each row one cell per column: {}", names.join(", "));
            cx.error(row.span(), message, help);
        }
        let mut texts: Vec<Text> = Vec::new();
        for cell in cells.iter() {
            if let Some(cell) = element_string(cx, "rows", cell) {
                values::one_line(cx, "rows", &cell);
                texts.push(Text::Owned(cell.value.to_owned()));
            }
        }
        let cells = texts;
        result.push(List::Owned(cells));
    }
    result
}
