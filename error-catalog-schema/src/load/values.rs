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
    let (layout_char, chars) = scan(text.value, false);
    if let Some(c) = layout_char {
        let message = format!(
            "`{key}` contains the {} {}",
            char_kind(c),
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
    } else if chars > MAX_LINE {
        let message = format!("`{key}` is longer than {MAX_LINE} characters");
        let help =
            format!("shorten it: `{key}` is shown on one line (longer prose goes in `notes`)");
        cx.error(text.span.clone(), message, help);
    }
}

/// What kind of character [`scan`] refused: a control character, or a bidirectional
/// formatting one (which reorders what a terminal shows).
fn char_kind(c: char) -> &'static str {
    if c.is_control() {
        "control character"
    } else {
        "bidirectional formatting character"
    }
}

/// A block of text: line breaks and tabs allowed, other control characters and bidirectional
/// formatting characters not, at most [`MAX_BLOCK`] characters.
pub(super) fn block(cx: &mut Ctxt, key: &str, text: &Spanned<&str>) {
    let (layout_char, chars) = scan(text.value, true);
    if let Some(c) = layout_char {
        let message = format!(
            "`{key}` contains the {} {}",
            char_kind(c),
            c.escape_unicode()
        );
        let help = format!("remove it: `{key}` is printed to terminals and rendered in rustdoc");
        cx.error(text.span.clone(), message, help);
    } else if chars > MAX_BLOCK {
        let message = format!("`{key}` is longer than {MAX_BLOCK} characters");
        cx.error(
            text.span.clone(),
            message,
            "shorten it, or link to a page that has it all",
        );
    }
}

/// The first character of `text` that [`is_layout_char`] rejects, and the number of
/// characters. Catalog text is almost always ASCII, where only C0 controls and DEL can be such
/// characters: that case is one scan of eight bytes at a time (the macro runs unoptimised in
/// most builds, where a closure per byte costs several times as much, and every text of every
/// code passes here).
fn scan(text: &str, block: bool) -> (Option<char>, usize) {
    match scan_ascii(text.as_bytes(), block) {
        Some(found) => (found.map(char::from), text.len()),
        None => (
            text.chars().find(|&c| is_layout_char(c, block)),
            text.chars().count(),
        ),
    }
}

/// In ASCII `bytes`, the first C0 control or DEL (in a block, line breaks and tabs are
/// allowed); `None` if `bytes` is not all ASCII.
fn scan_ascii(bytes: &[u8], block: bool) -> Option<Option<u8>> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let rejected =
        |b: u8| (b < 0x20 || b == 0x7f) && !(block && matches!(b, b'\n' | b'\t' | b'\r'));
    let mut found = None;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        // A pattern, not `copy_from_slice`, whose checks cost more than the test in this build.
        let &[b0, b1, b2, b3, b4, b5, b6, b7] = chunk else {
            return None;
        };
        let w = u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7]);
        if w & HIGH != 0 {
            return None;
        }
        if found.is_some() {
            continue;
        }
        // With every byte below 0x80, the high bit of `x - ONES * n` and of `!x` are both set
        // in some byte exactly when one byte of `x` is below `n` (borrows only run upwards
        // from such a byte).
        let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
        let del = w ^ (ONES * 0x7f);
        let is_del = del.wrapping_sub(ONES) & !del & HIGH;
        if below_space | is_del != 0 {
            found = chunk.iter().copied().find(|&b| rejected(b));
        }
    }
    let rest = chunks.remainder();
    if !rest.is_ascii() {
        return None;
    }
    Some(found.or_else(|| rest.iter().copied().find(|&b| rejected(b))))
}

/// A character [`is_layout_char`](crate::model::is_layout_char); a block may hold line breaks
/// and tabs.
pub(crate) fn is_layout_char(c: char, block: bool) -> bool {
    if block && matches!(c, '\n' | '\t' | '\r') {
        return false;
    }
    crate::model::is_layout_char(c)
}

#[cfg(test)]
mod tests {
    use super::{scan, scan_ascii};

    /// The byte scan, one byte at a time.
    fn naive(bytes: &[u8], block: bool) -> Option<u8> {
        bytes
            .iter()
            .copied()
            .find(|&b| (b < 0x20 || b == 0x7f) && !(block && matches!(b, b'\n' | b'\t' | b'\r')))
    }

    #[test]
    fn finds_the_first_control_byte_wherever_it_is() {
        // Every ASCII byte at every position of texts up to 20 bytes long, with a second
        // control byte after it, in both modes.
        for len in 0..20 {
            for at in 0..len {
                for b in 0..0x80u8 {
                    let mut text = vec![b'a'; len];
                    if let Some(slot) = text.get_mut(at) {
                        *slot = b;
                    }
                    if let Some(last) = text.last_mut().filter(|_| at + 1 < len) {
                        *last = 0x01;
                    }
                    for block in [false, true] {
                        assert_eq!(
                            scan_ascii(&text, block),
                            Some(naive(&text, block)),
                            "{text:?} block={block}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn plain_text_has_none() {
        let text = b"Retry with exponential backoff; see https://status.example.com (~5 s).";
        assert_eq!(scan_ascii(text, false), Some(None));
        assert_eq!(scan_ascii(b"a\nb\tc\r\n", true), Some(None));
        assert_eq!(scan_ascii(b"a\nb", false), Some(Some(b'\n')));
    }

    #[test]
    fn text_with_any_non_ascii_byte_is_scanned_by_character() {
        // A non-ASCII character in a full chunk, in the remainder, and after a control byte.
        for text in [
            "caf\u{e9} au lait ok",
            "0123456789\u{202e}",
            "a\u{1}bcdefgh\u{e9}",
        ] {
            assert_eq!(scan_ascii(text.as_bytes(), false), None, "{text:?}");
        }
        assert_eq!(
            scan("plain, then \u{202e} bidi", false),
            (Some('\u{202e}'), 18)
        );
        assert_eq!(scan("ascii \u{7}", false), (Some('\u{7}'), 7));
        assert_eq!(scan("d\u{e9}j\u{e0} vu", true), (None, 7));
    }
}
