//! `[[provider.code]]` and the tables inside it.

use toml::de::DeTable;

use super::fields::{Fields, array, element_string};
use super::{HELP_FIX, rule, values};
use crate::case;
use crate::diagnostic::Ctxt;
use crate::model::{Cause, Code, Pattern, Span, Spanned, Table};

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
    "diagnostic",
    "example",
    "default_delay",
    "min_delay",
    "pattern",
    "cause",
    "table",
];
const PATTERN_KEYS: &[&str] = &["contains", "cause", "fix", "retry", "category"];
const CAUSE_KEYS: &[&str] = &["cause", "fix"];
const TABLE_KEYS: &[&str] = &["title", "columns", "rows"];

/// The variant the generated enum keeps for codes the catalog does not know.
const RESERVED_VARIANT: &str = "Unrecognized";

const HELP_CAUSE: &str = "add `cause = \"…\"`: what makes the provider send this";

pub(super) fn code(cx: &mut Ctxt, table: (&DeTable<'_>, Span), provider: &str) -> Option<Code> {
    let mut f = Fields::open(cx, table, "code", CODE_KEYS);
    f.name(format!("a code of {provider}"));
    let help = "add `code = \"…\"`: the value of the format's code field that means this error";
    let code = f.required_string(cx, "code", help);
    if let Some(code) = &code {
        if code.value.is_empty() {
            let help = "write the value of the format's code field that means this error";
            cx.error(code.span.clone(), format!("empty code in {provider}"), help);
        }
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
    let provider_type = f.text(cx, "type");
    let notes = f.text(cx, "notes");
    let diagnostic = f.text(cx, "diagnostic");
    let example = f.text(cx, "example");
    let default_delay = f.seconds(cx, "default_delay");
    let min_delay = f.seconds(cx, "min_delay");
    let patterns = f
        .tables(cx, "pattern", "[[provider.code.pattern]]")
        .into_iter();
    let patterns = patterns
        .filter_map(|t| pattern(cx, t, f.subject()))
        .collect();
    let causes = f.tables(cx, "cause", "[[provider.code.cause]]").into_iter();
    let causes = causes.map(|t| cause(cx, t, f.subject())).collect();
    let tables = f.tables(cx, "table", "[[provider.code.table]]").into_iter();
    let tables = tables
        .map(|t| reference_table(cx, t, f.subject()))
        .collect();
    let code = code?;
    Some(Code {
        code: Spanned::new(code.value.to_owned(), code.span),
        variant: variant?,
        status: status.unwrap_or_default(),
        provider_type,
        rule,
        notes,
        diagnostic,
        example,
        default_delay,
        min_delay,
        patterns,
        causes,
        tables,
        span: f.span.clone(),
    })
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
        let help = "add `variant = \"…\"` with an UpperCamelCase name";
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

fn pattern(cx: &mut Ctxt, table: (&DeTable<'_>, Span), code: &str) -> Option<Pattern> {
    let mut f = Fields::open(cx, table, "pattern", PATTERN_KEYS);
    f.name(format!("a pattern of {code}"));
    let help = "add `contains = \"…\"`: a case-insensitive substring of the message";
    let contains = f.required_string(cx, "contains", help);
    if let Some(contains) = &contains {
        if contains.value.is_empty() {
            let message = format!("`contains` of a pattern of {code} is empty");
            let help = "write a case-insensitive substring of the message (an empty one matches every message)";
            cx.error(contains.span.clone(), message, help);
        }
        if !contains.value.is_empty() {
            f.name(format!("pattern `{}` of {code}", contains.value));
        }
    }
    let help = "write what makes the provider send this message";
    let cause = f.required_string(cx, "cause", HELP_CAUSE);
    let cause = values::non_empty(cx, "cause", cause, f.subject(), help);
    let help = "write how to fix this cause: it replaces the code's fix hint";
    let fix = f.required_string(cx, "fix", HELP_FIX);
    let fix = values::non_empty(cx, "fix", fix, f.subject(), help);
    let retry = f.string(cx, "retry").and_then(|v| values::retry(cx, v));
    let category = f
        .string(cx, "category")
        .and_then(|v| values::category(cx, v));
    let contains = contains?;
    Some(Pattern {
        contains: contains.value.to_owned(),
        cause: cause.unwrap_or_default(),
        fix: fix.unwrap_or_default(),
        retry,
        category,
        span: f.span.clone(),
        contains_span: contains.span,
    })
}

fn cause(cx: &mut Ctxt, table: (&DeTable<'_>, Span), code: &str) -> Cause {
    let mut f = Fields::open(cx, table, "cause", CAUSE_KEYS);
    f.name(format!("a cause of {code}"));
    let help = "write what makes the provider send this code";
    let cause = f.required_string(cx, "cause", HELP_CAUSE);
    let cause = values::non_empty(cx, "cause", cause, f.subject(), help);
    let help = "write how to fix this cause";
    let fix = f.required_string(cx, "fix", "add `fix = \"…\"`: how to fix this cause");
    let fix = values::non_empty(cx, "fix", fix, f.subject(), help);
    Cause {
        cause: cause.unwrap_or_default(),
        fix: fix.unwrap_or_default(),
    }
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
    let columns: Option<Vec<String>> = columns.map(|c| {
        let names = c.value.into_iter();
        names.map(|name| name.value.to_owned()).collect()
    });
    let rows = rows(cx, &f, columns.as_deref());
    Table {
        title: title.map(|t| t.value.to_owned()).unwrap_or_default(),
        columns: columns.unwrap_or_default(),
        rows,
    }
}

/// `rows = [["…", …], …]`, each row with one cell per column.
fn rows(cx: &mut Ctxt, f: &Fields<'_, '_>, columns: Option<&[String]>) -> Vec<Vec<String>> {
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
            let help = format!("give each row one cell per column: {}", columns.join(", "));
            cx.error(row.span(), message, help);
        }
        let cells = cells
            .iter()
            .filter_map(|cell| element_string(cx, "rows", cell));
        result.push(cells.map(|cell| cell.value.to_owned()).collect());
    }
    result
}
