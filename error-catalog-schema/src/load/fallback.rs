//! `[[provider.fallback]]`: what a status means when the body does not say.

use toml::de::{DeTable, DeValue};

use super::fields::{Fields, Value, type_error};
use super::{placeholder_rule, rule, values};
use crate::diagnostic::Ctxt;
use crate::model::{self, Code, Fallback, FallbackTarget, Span, Spanned};
use crate::suggest;

const FALLBACK_KEYS: &[&str] = &[
    "status", "category", "retry", "summary", "fix", "docs_url", "code",
];
/// The keys of a rule: a fallback has either these or a `code`.
const RULE_KEYS: &[&str] = &["category", "retry", "summary", "fix", "docs_url"];

const HELP_STATUS: &str = "write an error status (`503`), a class (`\"4xx\"`, `\"5xx\"`) or a range \
     (`\"500-599\"`) within 400 to 599: a response below 400 is not an error";

pub(super) fn fallback(
    cx: &mut Ctxt,
    table: (&DeTable<'_>, Span),
    codes: &[Code],
    provider: &str,
) -> Option<Fallback> {
    let mut f = Fields::open(cx, table, "fallback", FALLBACK_KEYS);
    f.name(format!("a fallback of {provider}"));
    let status = f.get("status");
    if status.is_none() {
        f.missing(cx, "status", &format!("add `status = …`: {HELP_STATUS}"));
    }
    let range = status.and_then(|status| fallback_status(cx, status));
    if let Some((min, max)) = range {
        let label = model::status_label(min, max);
        f.name(format!("the fallback for `{label}` of {provider}"));
    }
    let target = match f.string(cx, "code") {
        Some(code) => fallback_code(cx, &f, code, codes, provider),
        None if f.has("code") => None,
        None => Some(FallbackTarget::Rule(rule(cx, &f))),
    };
    let (min, max) = range?;
    Some(Fallback {
        min,
        max,
        target: target.unwrap_or_else(|| FallbackTarget::Rule(placeholder_rule())),
        span: f.span.clone(),
        status_span: status.map(toml::Spanned::span)?,
    })
}

/// `503`, `"5xx"` or `"500-599"`, as an inclusive range.
fn fallback_status(cx: &mut Ctxt, value: &Value<'_>) -> Option<(u16, u16)> {
    match value.get_ref() {
        DeValue::Integer(integer) => {
            let range = values::status_in_range(integer).map(|status| (status, status));
            match range {
                None => {
                    let message = format!("fallback status {integer} is not an HTTP status");
                    cx.error(value.span(), message, HELP_STATUS);
                }
                // A response below 400 is reported as not an error, whatever the catalog says.
                Some((status, _)) if status < 400 => {
                    let message = format!("fallback status {integer} is not an error status");
                    cx.error(value.span(), message, HELP_STATUS);
                    return None;
                }
                Some(_) => {}
            }
            range
        }
        DeValue::String(text) => {
            let range = status_class(text).or_else(|| status_range(text));
            if range.is_none() {
                let message = format!("invalid fallback status `{text}`");
                cx.error(value.span(), message, HELP_STATUS);
            }
            range
        }
        other => type_error(cx, "status", "an integer or a string", other, value.span()),
    }
}

/// `"4xx"` or `"5xx"`.
fn status_class(text: &str) -> Option<(u16, u16)> {
    let digit = text.strip_suffix("xx")?;
    let hundreds = match digit {
        "4" => 400,
        "5" => 500,
        _ => return None,
    };
    Some((hundreds, hundreds + 99))
}

/// `"min-max"` with `400 <= min <= max <= 599`.
fn status_range(text: &str) -> Option<(u16, u16)> {
    let (min, max) = text.split_once('-')?;
    let number = |n: &str| {
        let digits = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| n.parse::<u16>().ok()).flatten()
    };
    let (min, max) = (number(min)?, number(max)?);
    (400 <= min && min <= max && max <= 599).then_some((min, max))
}

/// `code = "…"`: the variant of an existing code, with that code's rule and nothing else.
fn fallback_code(
    cx: &mut Ctxt,
    f: &Fields<'_, '_>,
    code: Spanned<&str>,
    codes: &[Code],
    provider: &str,
) -> Option<FallbackTarget> {
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
    let index = codes.iter().position(|c| c.code.value == code.value);
    if index.is_none() {
        let message = format!("unknown code `{}` in fallback", code.value);
        let names = codes.iter().map(|c| c.code.value.as_str());
        let help = suggest::guess(code.value, names).unwrap_or_else(|| {
            format!("a fallback's `code` names a `[[provider.code]]` of {provider}")
        });
        cx.error(code.span, message, help);
    }
    index.map(FallbackTarget::Code)
}
