//! What errcat prints of text it did not write (catalog strings, response fields, its own
//! arguments) never reaches a terminal raw: control characters (ESC, BEL, NUL, C1 such as
//! U+009B CSI) and the characters that change a line's layout unseen (bidirectional
//! overrides, line separators) are shown as escapes (`\u{1b}`), as the runtime shows a
//! provider's message.

use std::borrow::Cow;
use std::fmt::Write as _;

pub(crate) use error_catalog_schema::model::is_layout_char;

/// Text for one line: every layout character escaped, line breaks and tabs too.
pub(crate) fn line(text: &str) -> Cow<'_, str> {
    escape(text, |_| true)
}

/// Text of several lines (notes, scripts, examples, rendered diagnostics): line breaks and
/// tabs kept, a carriage return before a line break dropped, every other layout character
/// escaped.
pub(crate) fn block(text: &str) -> Cow<'_, str> {
    let text: Cow<'_, str> = if text.contains("\r\n") {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    };
    match escape(&text, |c| !matches!(c, '\n' | '\t')) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => Cow::Owned(escaped),
    }
}

fn escape(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_layout_char(c) && escaped(c);
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "{}", c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text as serde_json wrote it, with every layout character it leaves raw (DEL, C1
/// such as U+009B, U+2028/U+2029, bidirectional overrides such as U+202E) written as a
/// `\uXXXX` escape. serde_json escapes the C0 controls inside strings itself, so the C0
/// characters left (the line breaks of pretty output) are structure and stay; the others
/// can only be inside strings, where the escape means the same character.
pub(crate) fn json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_layout_char(c) && u32::from(c) >= 0x7f {
            // Every such character is in the Basic Multilingual Plane: one escape each.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\x1b]0;title\x07b\x1b[2Jc\0d\u{9b}31me\u{202e}f\u{2028}g\u{7f}";

    #[test]
    fn one_line_text_escapes_every_layout_character() {
        let escaped = line(HOSTILE);
        assert_eq!(
            escaped,
            "a\\u{1b}]0;title\\u{7}b\\u{1b}[2Jc\\u{0}d\\u{9b}31me\\u{202e}f\\u{2028}g\\u{7f}"
        );
        assert!(!escaped.chars().any(is_layout_char));
        assert_eq!(line("two\nlines\tand a tab"), "two\\nlines\\tand a tab");
        assert!(matches!(line("plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn blocks_keep_line_breaks_and_tabs() {
        assert_eq!(
            block("one\r\n\ttwo\x1b[2J\rthree"),
            "one\n\ttwo\\u{1b}[2J\\rthree"
        );
        assert!(matches!(block("a\n\tb"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escapes_what_serde_json_leaves_raw() {
        let raw = serde_json::to_string_pretty(&serde_json::json!({ "detail": HOSTILE }))
            .unwrap_or_default();
        assert!(
            raw.contains('\u{9b}') && raw.contains('\u{202e}'),
            "{raw:?}"
        );
        let escaped = json(&raw);
        assert!(
            !escaped.chars().any(|c| is_layout_char(c) && c != '\n'),
            "{escaped:?}"
        );
        assert!(escaped.contains("\\u009b") && escaped.contains("\\u202e"));
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap_or_default();
        assert_eq!(back["detail"], HOSTILE);
    }
}
