//! Checks of single values: names, statuses, URLs, paths.

use toml::de::DeValue;

use super::fields::{Value, type_error};
use crate::diagnostic::Spanned;
use crate::diagnostic::{Ctxt, Diagnostic};
use crate::model::{Category, RetryRule, TimeForm};
use crate::suggest;

/// Statuses HTTP can send.
pub(super) const STATUSES: core::ops::RangeInclusive<i64> = 100..=599;

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

pub(super) fn category(cx: &mut Ctxt, Spanned { value, span }: Spanned<&str>) -> Option<Category> {
    let found = Category::from_name(value);
    if found.is_none() {
        let names = Category::ALL.iter().map(|c| c.as_str());
        let help = suggest::one_of_with_guess(value, names);
        cx.error(span, format!("unknown category `{value}`"), help);
    }
    found
}

pub(super) fn retry(cx: &mut Ctxt, Spanned { value, span }: Spanned<&str>) -> Option<RetryRule> {
    let found = RetryRule::from_name(value);
    if found.is_none() {
        let names = RetryRule::ALL.iter().map(|r| r.as_str());
        let help = suggest::one_of_with_guess(value, names);
        cx.error(span, format!("unknown retry rule `{value}`"), help);
    }
    found
}

pub(super) fn form(cx: &mut Ctxt, Spanned { value, span }: Spanned<&str>) -> Option<TimeForm> {
    let found = TimeForm::from_name(value);
    if found.is_none() {
        let names = TimeForm::ALL.iter().map(|f| f.as_str());
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

/// The longest one-line text, in characters: names, codes, summaries and fixes are read on
/// one line of a log or a terminal.
pub(super) const MAX_LINE: usize = 1000;

/// The longest block of text (notes, examples, commands), in characters.
pub(super) const MAX_BLOCK: usize = 64 * 1024;

/// Text shown on one line: no control characters (line breaks included), no bidirectional
/// formatting characters, at most [`MAX_LINE`] characters. Reports what it finds; the text
/// is used either way (the catalog is rejected).
pub(super) fn one_line(cx: &mut Ctxt, key: &str, text: &Spanned<&str>) {
    if let Some(c) = find_layout_char(text.value, false) {
        let message = format!(
            "`{key}` contains the control character {}",
            c.escape_unicode()
        );
        let help = if c == '\n' || c == '\r' {
            format!(
                "`{key}` is shown on one line: write it without line breaks (longer prose goes in `notes`)"
            )
        } else {
            format!("remove it: `{key}` is printed to terminals and logs")
        };
        cx.error(text.span.clone(), message, help);
    } else if char_count(text.value) > MAX_LINE {
        let message = format!("`{key}` is longer than {MAX_LINE} characters");
        let help =
            format!("shorten it: `{key}` is shown on one line (longer prose goes in `notes`)");
        cx.error(text.span.clone(), message, help);
    }
}

/// A block of text: line breaks and tabs allowed, other control characters and bidirectional
/// formatting characters not, at most [`MAX_BLOCK`] characters.
pub(super) fn block(cx: &mut Ctxt, key: &str, text: &Spanned<&str>) {
    if let Some(c) = find_layout_char(text.value, true) {
        let message = format!(
            "`{key}` contains the control character {}",
            c.escape_unicode()
        );
        let help = format!("remove it: `{key}` is printed to terminals and rendered in rustdoc");
        cx.error(text.span.clone(), message, help);
    } else if char_count(text.value) > MAX_BLOCK {
        let message = format!("`{key}` is longer than {MAX_BLOCK} characters");
        cx.error(
            text.span.clone(),
            message,
            "shorten it, or link to a page that has it all",
        );
    }
}

/// The first character of `text` that [`is_layout_char`] rejects. Catalog text is almost always
/// ASCII, where only C0 controls and DEL can be such characters: that case is a byte scan
/// (the macro runs unoptimised in most builds, and every text of every code passes here).
fn find_layout_char(text: &str, block: bool) -> Option<char> {
    if text.is_ascii() {
        let allowed = |b: u8| block && matches!(b, b'\n' | b'\t' | b'\r');
        return text
            .bytes()
            .find(|&b| (b < 0x20 || b == 0x7f) && !allowed(b))
            .map(char::from);
    }
    text.chars().find(|&c| is_layout_char(c, block))
}

/// The number of characters of `text`.
fn char_count(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// A character [`is_layout_char`](crate::model::is_layout_char); a block may hold line breaks
/// and tabs.
pub(crate) fn is_layout_char(c: char, block: bool) -> bool {
    if block && matches!(c, '\n' | '\t' | '\r') {
        return false;
    }
    crate::model::is_layout_char(c)
}
