//! Sources (where a value is read) and conditions (what must hold), wherever they appear.

use std::borrow::Cow;

use toml::de::{DeTable, DeValue};

use super::fields::{Fields, Value, type_error};
use super::values;
use crate::diagnostic::Ctxt;
use crate::diagnostic::Span;
use crate::model::{BodyPath, Condition, List, Literal, Needle, Segment, Source, Test};

const SOURCE_KEYS: &[&str] = &["header", "body"];
const RETRY_SOURCE_KEYS: &[&str] = &["header", "body", "message"];
const CONDITION_KEYS: &[&str] = &["header", "body", "equals", "non_empty", "present"];

/// Every body path of a provider, in the order met: a [`BodyPath`]'s `slot` is its index here
/// until the layout is built.
#[derive(Default)]
pub(crate) struct Paths {
    /// `(what reads it, where it is written, its segments)`.
    pub(crate) paths: Vec<(String, Span, Vec<Segment>)>,
}

impl Paths {
    /// Checks a written path and records it; a malformed one is reported and yields `None`.
    pub(super) fn add(
        &mut self,
        cx: &mut Ctxt,
        what: &str,
        text: &str,
        span: Span,
    ) -> Option<BodyPath> {
        match crate::model::parse_path(text) {
            Ok(segments) => {
                let id = u16::try_from(self.paths.len()).unwrap_or(u16::MAX);
                self.paths.push((what.to_owned(), span, segments));
                Some(BodyPath::__new(Cow::Owned(text.to_owned()), id))
            }
            Err(problem) => {
                let help = "write the dotted path of a JSON field of the error body, with \
                            `[N]` for an array index, `[key=value]` to select an element and \
                            `[\"key\"]` for a key with `.` in it: e.g. `\"error.code\"`, \
                            `\"errors[0].type\"`, `'error[\".tag\"]'`";
                cx.error(span, format!("{} {problem}", named(what)), help);
                None
            }
        }
    }
}

/// How a message names what is being read: a key in backticks (`` `code` ``), a description
/// as it is (``a `when` condition``).
fn named(what: &str) -> String {
    if what.contains(' ') {
        what.to_owned()
    } else {
        format!("`{what}`")
    }
}

/// Where a source may read from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Allowed {
    /// A header or a body path.
    HeaderOrBody,
    /// A header, a body path, or text after a needle in the message (retry times).
    WithMessage,
}

/// `key = "path"`, `key = { header = "…" }`, or an array of those in precedence order.
pub(super) fn sources(
    cx: &mut Ctxt,
    f: &Fields<'_, '_>,
    key: &str,
    paths: &mut Paths,
) -> List<Source> {
    let Some(value) = f.get(key) else {
        return List::Borrowed(&[]);
    };
    let what = key.to_owned();
    let list: Vec<Source> = match value.get_ref() {
        DeValue::Array(items) => {
            if items.is_empty() {
                let help = format!("remove `{key}`, or name where it is read");
                cx.error(value.span(), format!("`{key}` is an empty list"), help);
            }
            items
                .iter()
                .filter_map(|item| one_source(cx, &what, item, paths, Allowed::HeaderOrBody))
                .collect()
        }
        _ => one_source(cx, &what, value, paths, Allowed::HeaderOrBody)
            .into_iter()
            .collect(),
    };
    List::Owned(list)
}

/// One source: a string (a body path) or a table with one of `header`, `body` (and
/// `message` where allowed).
fn one_source(
    cx: &mut Ctxt,
    what: &str,
    value: &Value<'_>,
    paths: &mut Paths,
    allowed: Allowed,
) -> Option<Source> {
    match value.get_ref() {
        DeValue::String(text) => paths.add(cx, what, text, value.span()).map(Source::Body),
        DeValue::Table(table) => {
            let keys = match allowed {
                Allowed::HeaderOrBody => SOURCE_KEYS,
                Allowed::WithMessage => RETRY_SOURCE_KEYS,
            };
            let f = Fields::open(cx, (table, value.span()), what, keys);
            located(cx, &f, what, paths, allowed)
        }
        other => {
            let help = format!(
                "write a dotted body path (`{what} = \"error.code\"`), a header \
                 (`{what} = {{ header = \"X-Error-Code\" }}`), or a list of those"
            );
            let message = format!(
                "`{what}` must be a path or a table, found {}",
                other.type_str()
            );
            cx.error(value.span(), message, help);
            None
        }
    }
}

/// Exactly one of `header`, `body` (and `message` where allowed) in a table.
pub(super) fn located(
    cx: &mut Ctxt,
    f: &Fields<'_, '_>,
    what: &str,
    paths: &mut Paths,
    allowed: Allowed,
) -> Option<Source> {
    let header = f.string(cx, "header");
    let body = f.string(cx, "body");
    let message = match allowed {
        Allowed::WithMessage => f.string(cx, "message"),
        Allowed::HeaderOrBody => None,
    };
    let mut given: Vec<(&str, Span)> =
        [("header", &header), ("body", &body), ("message", &message)]
            .into_iter()
            .filter_map(|(name, value)| Some((name, value.as_ref()?.span.clone())))
            .collect();
    // Reported on the second one written.
    crate::sort::sort_by_key(&mut given, |(_, span)| (crate::sort::key(span.start), 0));
    let names = match allowed {
        Allowed::HeaderOrBody => "`header` or `body`",
        Allowed::WithMessage => "`header`, `body` or `message`",
    };
    if let [(first, _), (second, span), ..] = given.as_slice() {
        let help = if what == "retry_from" {
            "read one source per `[[provider.retry_from]]`; add another table for the other"
                .to_owned()
        } else if f.has("equals") || f.has("non_empty") || f.has("present") {
            "test one place per condition; write another condition for the other".to_owned()
        } else {
            format!(
                "read one place per source; list several in precedence order, e.g. \
                 `{what} = [{{ header = \"…\" }}, \"error.{what}\"]`"
            )
        };
        cx.error(
            span.clone(),
            format!("{} has both `{first}` and `{second}`", named(what)),
            help,
        );
        return None;
    }
    if let Some(header) = header {
        if !values::is_header_name(header.value) {
            let message = format!("invalid header name `{}`", header.value);
            let help = "a header name is ASCII letters, digits and any of !#$%&'*+-.^_`|~, \
                        e.g. `Retry-After`";
            cx.error(header.span, message, help);
            return None;
        }
        return Some(Source::Header(Cow::Owned(header.value.to_owned())));
    }
    if let Some(body) = body {
        return paths.add(cx, what, body.value, body.span).map(Source::Body);
    }
    if let Some(needle) = message {
        if needle.value.trim().is_empty() {
            let help = "write the text the message has right before the time, e.g. \
                        `message = \"try again in \"`";
            cx.error(needle.span, "`message` is empty", help);
            return None;
        }
        values::one_line(cx, "message", &needle);
        return Some(Source::Message(Needle::new(needle.value.to_owned())));
    }
    if !f.has("header") && !f.has("body") && !f.has("message") {
        let message = format!("missing {names} in {}", f.subject());
        let help = match allowed {
            Allowed::HeaderOrBody => "add `header = \"…\"` or `body = \"…\"` (a dotted JSON path)",
            Allowed::WithMessage => {
                "add `header = \"Retry-After\"`, `body = \"…\"` (a dotted JSON path) or \
                 `message = \"…\"` (the text before the time in the message)"
            }
        };
        cx.error(f.span.clone(), message, help);
    }
    None
}

/// `when = { … }` or `when = [{ … }, …]`: conditions that must all hold.
pub(super) fn when(cx: &mut Ctxt, f: &Fields<'_, '_>, paths: &mut Paths) -> List<Condition> {
    let Some(value) = f.get("when") else {
        return List::Borrowed(&[]);
    };
    let conditions: Vec<Condition> = match value.get_ref() {
        DeValue::Table(table) => condition(cx, (table, value.span()), "a `when` condition", paths)
            .into_iter()
            .collect(),
        DeValue::Array(items) => {
            if items.is_empty() {
                let help = "remove `when`, or write a condition";
                cx.error(value.span(), "`when` is an empty list", help);
            }
            items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::Table(table) => {
                        condition(cx, (table, item.span()), "a `when` condition", paths)
                    }
                    other => type_error(cx, "when", "a table", other, item.span()),
                })
                .collect()
        }
        other => type_error(cx, "when", "a table", other, value.span()).unwrap_or_default(),
    };
    List::Owned(conditions)
}

/// A condition table: one of `header`, `body`; one of `equals`, `non_empty`, `present`.
pub(super) fn condition(
    cx: &mut Ctxt,
    table: (&DeTable<'_>, Span),
    kind: &str,
    paths: &mut Paths,
) -> Option<Condition> {
    let f = Fields::open(cx, table, kind, CONDITION_KEYS);
    let source = located(cx, &f, kind, paths, Allowed::HeaderOrBody);
    let tests = ["equals", "non_empty", "present"];
    let given: Vec<&str> = tests.iter().copied().filter(|k| f.has(k)).collect();
    let tests_help = "`equals = …` (a string, integer or boolean), `non_empty = true` or \
                      `present = true`/`false`";
    let test = match given.as_slice() {
        [] => {
            let help = format!("add one test: {tests_help}");
            cx.error(f.span.clone(), format!("{kind} has no test"), help);
            None
        }
        ["equals"] => literal(cx, f.get("equals")?).map(Test::Equals),
        ["non_empty"] => match f.boolean(cx, "non_empty") {
            Some(true) => Some(Test::NonEmpty),
            Some(false) => {
                let span = f.value_span("non_empty").unwrap_or(f.span.clone());
                let help = "write `non_empty = true`, or test `present` or `equals` instead";
                cx.error(span, "`non_empty = false` tests nothing", help);
                None
            }
            None => None,
        },
        ["present"] => f.boolean(cx, "present").map(Test::Present),
        _ => {
            let help =
                format!("keep one test ({tests_help}); write another condition for the other");
            cx.error(f.span.clone(), format!("{kind} has several tests"), help);
            None
        }
    };
    Some(Condition::__new(source?, test?))
}

/// A string, integer or boolean.
fn literal(cx: &mut Ctxt, value: &Value<'_>) -> Option<Literal> {
    match value.get_ref() {
        DeValue::String(text) => Some(Literal::Str(Cow::Owned(text.to_string()))),
        DeValue::Boolean(b) => Some(Literal::Bool(*b)),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Some(Literal::Int(n)),
            Err(_) => {
                let help = "write an integer that fits in 64 bits";
                cx.error(value.span(), format!("integer {i} is out of range"), help);
                None
            }
        },
        other => type_error(
            cx,
            "equals",
            "a string, integer or boolean",
            other,
            value.span(),
        ),
    }
}

/// A retry source's place: one of `header`, `body`, `message`.
pub(super) fn retry_place(cx: &mut Ctxt, f: &Fields<'_, '_>, paths: &mut Paths) -> Option<Source> {
    located(cx, f, "retry_from", paths, Allowed::WithMessage)
}
