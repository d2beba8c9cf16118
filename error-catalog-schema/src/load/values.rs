//! Checks of single values: names, statuses, URLs, paths.

use toml::de::DeValue;

use super::fields::{Value, type_error};
use crate::diagnostic::{Ctxt, Diagnostic};
use crate::model::{Category, RetryRule, Spanned, TimeForm};
use crate::suggest;

/// Statuses HTTP can send.
pub(super) const STATUSES: core::ops::RangeInclusive<i64> = 100..=599;

/// Reports "`key` of {subject} is empty" for an empty or blank string.
pub(super) fn non_empty(
    cx: &mut Ctxt,
    key: &str,
    value: Option<Spanned<&str>>,
    subject: &str,
    help: &str,
) -> Option<String> {
    let value = value?;
    if value.value.trim().is_empty() {
        let message = format!("`{key}` of {subject} is empty");
        cx.error(value.span, message, help);
    }
    Some(value.value.to_owned())
}

/// An http(s) URL without whitespace.
pub(super) fn url(cx: &mut Ctxt, key: &str, Spanned { value, span }: Spanned<&str>) -> String {
    let host = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    if host.is_none_or(str::is_empty) {
        let message = format!("`{key}` is not an http(s) URL: `{value}`");
        let schemeless = !value.is_empty() && !value.contains("://");
        let help = if schemeless && !value.contains(char::is_whitespace) {
            format!("write an absolute URL: `{key} = \"https://{value}\"`")
        } else {
            "write an absolute URL starting with `https://`".to_owned()
        };
        cx.error(span, message, help);
    } else if value.contains(char::is_whitespace) {
        let message = format!("`{key}` contains whitespace: `{value}`");
        cx.error(span, message, "percent-encode spaces as `%20`");
    }
    value.to_owned()
}

/// A dotted JSON path, split: `"error.code"` is `["error", "code"]`.
pub(super) fn path(
    cx: &mut Ctxt,
    key: &str,
    Spanned { value, span }: Spanned<&str>,
) -> Vec<String> {
    let help = "write the dotted path of a JSON field of the error body, e.g. `\"error.code\"`";
    if value.is_empty() {
        cx.error(span, format!("`{key}` is an empty path"), help);
    } else if value.split('.').any(str::is_empty) {
        let message = format!("`{key}` path `{value}` has an empty segment");
        cx.error(span, message, help);
    }
    value.split('.').map(str::to_owned).collect()
}

pub(super) fn category(cx: &mut Ctxt, Spanned { value, span }: Spanned<&str>) -> Option<Category> {
    let found = Category::from_name(value);
    if found.is_none() {
        let names = Category::ALL.iter().map(|(name, _, _)| *name);
        let help = suggest::one_of_with_guess(value, names);
        cx.error(span, format!("unknown category `{value}`"), help);
    }
    found
}

pub(super) fn retry(cx: &mut Ctxt, Spanned { value, span }: Spanned<&str>) -> Option<RetryRule> {
    let found = RetryRule::from_name(value);
    if found.is_none() {
        let names = RetryRule::ALL.iter().map(|(name, _, _)| *name);
        let help = suggest::one_of_with_guess(value, names);
        cx.error(span, format!("unknown retry rule `{value}`"), help);
    }
    found
}

pub(super) fn form(cx: &mut Ctxt, Spanned { value, span }: Spanned<&str>) -> Option<TimeForm> {
    let found = TimeForm::ALL
        .iter()
        .find(|(name, _)| *name == value)
        .map(|(_, form)| *form);
    if found.is_none() {
        let names = TimeForm::ALL.iter().map(|(name, _)| *name);
        let help = suggest::one_of_with_guess(value, names);
        cx.error(span, format!("unknown form `{value}`"), help);
    }
    found
}

/// A status as an integer from 100 to 599.
pub(super) fn status(cx: &mut Ctxt, key: &str, value: &Value<'_>) -> Option<u16> {
    match value.get_ref() {
        DeValue::Integer(integer) => {
            let status = status_in_range(integer);
            if status.is_none() {
                let message = format!("`{key}` {integer} is not an HTTP status");
                cx.error(value.span(), message, "use a status from 100 to 599");
            }
            status
        }
        other => type_error(cx, key, "an integer", other, value.span()),
    }
}

/// The integer as a status, if it is one.
pub(super) fn status_in_range(integer: &toml::de::DeInteger<'_>) -> Option<u16> {
    i64::from_str_radix(integer.as_str(), integer.radix())
        .ok()
        .filter(|status| STATUSES.contains(status))
        .and_then(|status| u16::try_from(status).ok())
}

/// A provider key: `[a-z][a-z0-9_]*`.
pub(super) fn provider_key(cx: &mut Ctxt, key: &Spanned<&str>) -> bool {
    let mut chars = key.value.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        let message = format!("invalid provider key `{}`", key.value);
        let help = "a provider key is lowercase ASCII letters, digits and `_`, starting with a letter, e.g. `acme`";
        cx.push(Diagnostic::new(key.span.clone(), message).with_help(help));
    }
    valid
}

/// Whether `name` is an HTTP field name (an RFC 9110 token).
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}
