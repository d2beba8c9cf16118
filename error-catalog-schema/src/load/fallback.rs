//! `[[provider.fallback]]`: what a status means when the body does not say.

use toml::de::{DeTable, DeValue};

use super::fields::{Fields, Value, type_error};
use super::source::{self, Paths};
use super::{FallbackSpans, placeholder_rule, rule, values};
use crate::diagnostic::{Ctxt, Span, Spanned};
use crate::model::{self, Code, Fallback, Needle, Rule};
use crate::suggest;

const FALLBACK_KEYS: &[&str] = &[
    "status",
    "category",
    "retry",
    "summary",
    "fix",
    "docs_url",
    "code",
    "when",
    "contains",
    "default_delay",
    "min_delay",
    "notes",
    "any_code",
];
/// The keys of a rule: a fallback has either these or a `code`.
const RULE_KEYS: &[&str] = &["category", "retry", "summary", "fix", "docs_url"];

const HELP_STATUS: &str = "write an error status (`503`), a class (`\"4xx\"`, `\"5xx\"`) or a range \
     (`\"500-599\"`) within 400 to 599: a response below 400 is not an error, unless the \
     provider marks errors in success responses with `[[provider.success_error]]`";

const HELP_STATUS_SUCCESS: &str = "write a status (`503`), a class (`\"2xx\"`, `\"5xx\"`) or a \
     range (`\"500-599\"`) within 100 to 599";

/// What a fallback is checked against.
pub(super) struct Context<'a> {
    pub(super) codes: &'a [Code],
    pub(super) provider: &'a str,
    /// Whether the provider declares errors inside success responses: then a fallback may
    /// cover 1xx to 3xx too.
    pub(super) success_errors: bool,
}

pub(super) fn fallback(
    cx: &mut Ctxt,
    table: (&DeTable<'_>, Span),
    ctx: &Context<'_>,
    paths: &mut Paths,
) -> Option<(Fallback, FallbackSpans)> {
    let provider = ctx.provider;
    let mut f = Fields::open(cx, table, "fallback", FALLBACK_KEYS);
    f.name(format!("a fallback of {provider}"));
    let status = f.get("status");
    let status_help = if ctx.success_errors {
        HELP_STATUS_SUCCESS
    } else {
        HELP_STATUS
    };
    if status.is_none() {
        f.missing(cx, "status", &format!("add `status = …`: {status_help}"));
    }
    let range = status.and_then(|status| fallback_status(cx, status, ctx.success_errors));
    if let Some((min, max)) = range {
        let label = model::status_label(min, max);
        f.name(format!("the fallback for `{label}` of {provider}"));
    }
    let contains = f.string(cx, "contains");
    if let Some(contains) = &contains {
        if contains.value.is_empty() {
            let help = "write a case-insensitive substring of the message, or remove `contains`";
            cx.error(contains.span.clone(), "`contains` is empty", help);
        }
        values::one_line(cx, "contains", contains);
    }
    let when = source::when(cx, &f, paths);
    let (code, rule) = match f.string(cx, "code") {
        Some(code) => {
            let index = fallback_code(cx, &f, code, ctx.codes, provider);
            let rule = index
                .and_then(|i| ctx.codes.get(i))
                .map(|c| with_delays(cx, &f, &c.rule));
            (index, rule)
        }
        None if f.has("code") => (None, None),
        None => (None, Some(rule(cx, &f))),
    };
    let any_code = f.boolean(cx, "any_code").unwrap_or(false);
    let (min, max) = range?;
    let spans = FallbackSpans {
        status: status.map(toml::Spanned::span)?,
        conditional: contains.is_some() || !when.is_empty(),
    };
    let fallback = Fallback::__new(
        min,
        max,
        contains.map(|c| Needle::new(c.value.to_owned())),
        when,
        code.and_then(|i| u32::try_from(i).ok()),
        rule.unwrap_or_else(placeholder_rule),
        f.block(cx, "notes"),
        any_code,
    );
    Some((fallback, spans))
}

/// A rule with the table's own `default_delay` and `min_delay`, where it sets them (a
/// fallback that names a code, a pattern).
pub(super) fn with_delays(cx: &mut Ctxt, f: &Fields<'_, '_>, rule: &Rule) -> Rule {
    let mut rule = rule.clone();
    if let Some(delay) = f.delay(cx, "default_delay") {
        rule.default_delay = Some(delay);
    }
    if let Some(delay) = f.delay(cx, "min_delay") {
        rule.min_delay = Some(delay);
    }
    rule
}

/// `503`, `"5xx"` or `"500-599"`, as an inclusive range.
fn fallback_status(cx: &mut Ctxt, value: &Value<'_>, success_errors: bool) -> Option<(u16, u16)> {
    let lowest = if success_errors { 100 } else { 400 };
    let help = if success_errors {
        HELP_STATUS_SUCCESS
    } else {
        HELP_STATUS
    };
    match value.get_ref() {
        DeValue::Integer(integer) => {
            let range = values::status_in_range(integer).map(|status| (status, status));
            match range {
                None => {
                    let message = format!("fallback status {integer} is not an HTTP status");
                    cx.error(value.span(), message, help);
                }
                // A response below 400 is reported as not an error, unless the provider
                // says what marks an error in a success response.
                Some((status, _)) if status < lowest => {
                    let message = format!("fallback status {integer} is not an error status");
                    cx.error(value.span(), message, help);
                    return None;
                }
                Some(_) => {}
            }
            range
        }
        DeValue::String(text) => {
            let range = status_class(text, lowest).or_else(|| status_range(text, lowest));
            if range.is_none() {
                let message = format!("invalid fallback status `{text}`");
                if super::fields::is_toml_integer(text) {
                    let help = format!("remove the quotes: `status = {text}`");
                    cx.error(value.span(), message, help);
                } else {
                    cx.error(value.span(), message, help);
                }
            }
            range
        }
        other => type_error(cx, "status", "an integer or a string", other, value.span()),
    }
}

/// `"4xx"` or `"5xx"` (and `"1xx"` to `"3xx"` from `lowest` on).
fn status_class(text: &str, lowest: u16) -> Option<(u16, u16)> {
    let digit = text.strip_suffix("xx")?;
    let hundreds = match digit {
        "1" => 100,
        "2" => 200,
        "3" => 300,
        "4" => 400,
        "5" => 500,
        _ => return None,
    };
    (hundreds >= lowest).then_some((hundreds, hundreds + 99))
}

/// `"min-max"` with `lowest <= min <= max <= 599`.
fn status_range(text: &str, lowest: u16) -> Option<(u16, u16)> {
    let (min, max) = text.split_once('-')?;
    let number = |n: &str| {
        let digits = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| n.parse::<u16>().ok()).flatten()
    };
    let (min, max) = (number(min)?, number(max)?);
    (lowest <= min && min <= max && max <= 599).then_some((min, max))
}

/// `code = "…"`: the variant of an existing code, with that code's rule and nothing else.
fn fallback_code(
    cx: &mut Ctxt,
    f: &Fields<'_, '_>,
    code: Spanned<&str>,
    codes: &[Code],
    provider: &str,
) -> Option<usize> {
    for key in RULE_KEYS {
        if let Some(span) = f.value_span(key) {
            let message = format!("fallback with `code` must not set `{key}`");
            let help = format!(
                "the fallback produces code `{}` with that code's own rule: remove `{key}`, or remove `code`",
                code.value
            );
            cx.error(span, message, help);
        }
    }
    let index = codes.iter().position(|c| c.code == code.value);
    if index.is_none() {
        let message = format!("unknown code `{}` in fallback", code.value);
        let names = codes.iter().map(|c| c.code.as_ref());
        let help = suggest::guess(code.value, names).unwrap_or_else(|| {
            format!("a fallback's `code` names a `[[provider.code]]` of {provider}")
        });
        cx.error(code.span, message, help);
    }
    index
}
