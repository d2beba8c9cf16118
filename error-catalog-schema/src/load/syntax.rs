//! TOML syntax errors, as the catalog's author needs them.
//!
//! The TOML parser recovers and goes on, so one mistake often yields several errors: a second
//! one on the same line, or a "duplicate key" for every key of a table that was itself
//! defined twice. Only the first is news. Its messages are also about the parser
//! (`invalid float, expected nan` for `retry = never`); where the mistake is plain, they are
//! reworded to say what to write instead.

use crate::diagnostic::Span;
use crate::diagnostic::{Ctxt, Diagnostic};

/// Reports the syntax errors worth reading: the first of each line, reworded.
pub(super) fn report(cx: &mut Ctxt, source: &str, errors: Vec<toml::de::Error>) {
    let end = source.len();
    let mut errors: Vec<(Span, String)> = errors
        .into_iter()
        .map(|e| (e.span().unwrap_or(end..end), e.message().to_owned()))
        .collect();
    crate::sort::sort_by_key(&mut errors, |(span, _)| (crate::sort::key(span.start), 0));

    let mut last_line = None;
    // Inside a table whose header was a duplicate, every key repeats one of the first table.
    let mut in_duplicate_table = false;
    let mut scanned = 0;
    for (span, message) in errors {
        let line = Line::at(source, span.start);
        if last_line == Some(line.start) {
            continue;
        }
        last_line = Some(line.start);
        if starts_a_table(source.get(scanned..line.start).unwrap_or_default()) {
            in_duplicate_table = false;
        }
        scanned = scanned.max(line.start);
        let is_duplicate = message == "duplicate key";
        if is_duplicate && in_duplicate_table && !line.is_header() {
            continue;
        }
        if is_duplicate && line.is_header() {
            in_duplicate_table = true;
        }
        cx.push(reword(source, &line, span, &message));
    }
}

/// Whether any line of `text` after its first starts a table.
fn starts_a_table(text: &str) -> bool {
    text.lines()
        .skip(1)
        .any(|l| l.trim_start().starts_with('['))
}

/// What the parser says when a value is an unquoted word (`retry = never`).
const BARE_WORD_ERRORS: &[&str] = &[
    "invalid float",
    "invalid integer",
    "invalid boolean",
    "missing opening quote",
];

fn reword(source: &str, line: &Line<'_>, span: Span, message: &str) -> Diagnostic {
    let spanned = source.get(span.clone()).unwrap_or_default().trim();
    if message == "duplicate key" {
        return duplicate(line, span, spanned);
    }
    // `abc"x"`: the parser stops at the start of the value.
    let (span, spanned) = if message.starts_with("missing opening quote") {
        let rest = line.rest_from(span.start).trim_end();
        (span.start..span.start + rest.len(), rest.trim_start())
    } else {
        (span, spanned)
    };
    let bare_word = spanned.starts_with(|c: char| c.is_ascii_alphanumeric());
    let unquoted = message.starts_with("string values must be quoted")
        || (bare_word && BARE_WORD_ERRORS.iter().any(|m| message.starts_with(m)));
    let key = line.key_before(span.start);
    if unquoted && spanned.is_empty() {
        let help = match key {
            Some(key) => format!("write the value, e.g. `{key} = \"…\"`"),
            None => "write the value, e.g. `\"…\"`".to_owned(),
        };
        return Diagnostic::new(span, "missing value after `=`").with_help(help);
    }
    if unquoted {
        let quoted = quote(spanned);
        let help = match key {
            Some(key) => format!("write `{key} = {quoted}`"),
            None => format!("write `{quoted}`"),
        };
        let message = format!("unquoted string `{spanned}`");
        return Diagnostic::new(span, message).with_help(help);
    }
    let message = message
        .strip_suffix(", expected nothing")
        .unwrap_or(message);
    let diagnostic = Diagnostic::new(span, message);
    if message == "extra `=`" {
        return diagnostic.with_help("write one `=` between a key and its value");
    }
    diagnostic
}

/// A repeated key, or a repeated `[table]` header.
fn duplicate(line: &Line<'_>, span: Span, key: &str) -> Diagnostic {
    if line.is_header() {
        let header = line.text.trim();
        let message = format!("duplicate table `{header}`");
        let help = "this table is already defined above: merge the two, or start a new item of \
                    the enclosing array (e.g. `[[provider]]`) before it";
        Diagnostic::new(span, message).with_help(help)
    } else {
        let message = format!("duplicate key `{key}`");
        let help = "each key appears once per table: remove one of them, or start a new table \
                    (e.g. `[[provider.code]]`) before it";
        Diagnostic::new(span, message).with_help(help)
    }
}

/// `text` as a TOML string: basic if it needs no escape, literal if it can be, else basic
/// with escapes.
fn quote(text: &str) -> String {
    if !text.contains(['"', '\\']) {
        format!("\"{text}\"")
    } else if !text.contains('\'') {
        format!("'{text}'")
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The line of the source around an offset.
struct Line<'s> {
    /// Byte offset of the line's first character.
    start: usize,
    text: &'s str,
}

impl<'s> Line<'s> {
    fn at(source: &'s str, offset: usize) -> Self {
        let bytes = source.as_bytes();
        let before = bytes.get(..offset).unwrap_or(bytes);
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |newline| newline + 1);
        let rest = source.get(start..).unwrap_or_default();
        let text = rest.split('\n').next().unwrap_or_default();
        Line { start, text }
    }

    fn is_header(&self) -> bool {
        self.text.trim_start().starts_with('[')
    }

    /// The line from `offset` on.
    fn rest_from(&self, offset: usize) -> &'s str {
        let relative = offset.saturating_sub(self.start);
        self.text.get(relative..).unwrap_or_default()
    }

    /// The key of `key = ` when `offset` is right after the `=`.
    fn key_before(&self, offset: usize) -> Option<&'s str> {
        let before = self.text.get(..offset.checked_sub(self.start)?)?;
        let (key, gap) = before.rsplit_once('=')?;
        let key = key.trim();
        let is_key = !key.is_empty() && !key.contains(['[', '{', ',', '=', '#']);
        (gap.trim().is_empty() && is_key).then_some(key)
    }
}
