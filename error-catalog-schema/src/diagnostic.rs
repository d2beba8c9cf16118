//! Problems found in a catalog, and how to show them.
//!
//! A [`Diagnostic`] is plain data (a byte span, a message, an optional help line) so that each
//! front end can show it its own way: the derive attaches [`Diagnostic::render`] to a
//! `compile_error!`, `errcat lint` prints [`Diagnostic::short`] one-liners.

use core::fmt::{self, Write as _};

/// A byte range in the catalog source.
pub type Span = core::ops::Range<usize>;

/// A value with the byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub(crate) fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// One problem in a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where in the catalog source, if the problem has a place (a byte range).
    pub span: Option<Span>,
    /// What is wrong: lowercase, one sentence, no trailing period.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without help.
    pub fn new(span: impl Into<Option<Span>>, message: impl Into<String>) -> Self {
        Diagnostic {
            span: span.into(),
            message: message.into(),
            help: None,
        }
    }

    /// Adds the help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Renders the diagnostic like rustc, with the offending line of `source`:
    ///
    /// ```text
    /// duplicate code `not_found` in provider `attio`
    ///   --> catalog.toml:12:8
    ///    |
    /// 12 | code = "not_found"
    ///    |        ^^^^^^^^^^^
    ///    = help: each code appears once per provider; remove or rename one of them
    /// ```
    ///
    /// `path` is printed as given. Lines and columns are 1-based, columns counted in
    /// characters. The carets cover the part of the span on its first line (at least one).
    /// The result has no trailing newline.
    ///
    /// Characters that would rewrite a terminal (controls but tabs, bidirectional formatting
    /// characters) are escaped everywhere, in the message and the help as in the excerpt: both
    /// may quote what the catalog holds.
    pub fn render(&self, path: &str, source: &str) -> String {
        let mut out = Shown(&self.message).to_string();
        let gutter = match &self.span {
            Some(span) => {
                let excerpt = Excerpt::new(source, span);
                excerpt.write(&mut out, path);
                excerpt.gutter()
            }
            None => {
                let _ = write!(out, "\n --> {path}");
                " ".to_owned()
            }
        };
        if let Some(help) = &self.help {
            let _ = write!(out, "\n{gutter} = help: {}", Shown(help));
        }
        out
    }

    /// The one-line form `path:LINE:COL: message` (`path: message` without a span), escaped
    /// like [`render`](Self::render).
    pub fn short(&self, path: &str, source: &str) -> String {
        let message = Shown(&self.message);
        match &self.span {
            Some(span) => {
                let (line, col) = line_col(source, span.start);
                format!("{path}:{line}:{col}: {message}")
            }
            None => format!("{path}: {message}"),
        }
    }
}

/// The message, escaped like [`Diagnostic::render`].
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Shown(&self.message).fmt(f)
    }
}

impl std::error::Error for Diagnostic {}

/// The 1-based line and column (in characters) of byte `offset` in `source`.
///
/// An offset past the end is clamped to the end; an offset inside a character points at that
/// character.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let line = Line::containing(source, offset);
    (line.number, line.column_of(offset))
}

/// The line of the source that contains an offset.
struct Line<'s> {
    /// 1-based.
    number: usize,
    /// Byte offset of the line's first character.
    start: usize,
    /// The line without its `\n` (nor a `\r` before it).
    text: &'s str,
}

impl<'s> Line<'s> {
    fn containing(source: &'s str, offset: usize) -> Self {
        let bytes = source.as_bytes();
        let offset = offset.min(bytes.len());
        let before = bytes.get(..offset).unwrap_or_default();
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |newline| newline + 1);
        let end = bytes
            .get(start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(bytes.len(), |len| start + len);
        // `start` and `end` sit next to a `\n` or at an end of `source`: char boundaries.
        let text = source.get(start..end).unwrap_or_default();
        // A byte order mark before the first line is not one of its columns.
        let (start, text) = match text.strip_prefix('\u{feff}') {
            Some(rest) if start == 0 => ('\u{feff}'.len_utf8(), rest),
            _ => (start, text),
        };
        Line {
            number: before.iter().filter(|&&b| b == b'\n').count() + 1,
            start,
            text: text.strip_suffix('\r').unwrap_or(text),
        }
    }

    /// The characters of the line that end at or before `offset`.
    fn chars_before(&self, offset: usize) -> impl Iterator<Item = char> + '_ {
        let relative = offset.saturating_sub(self.start);
        self.text
            .char_indices()
            .take_while(move |&(index, c)| index + c.len_utf8() <= relative)
            .map(|(_, c)| c)
    }

    fn column_of(&self, offset: usize) -> usize {
        self.chars_before(offset).count() + 1
    }
}

/// The `-->` line, the source line and the carets of a spanned diagnostic.
struct Excerpt<'s> {
    line: Line<'s>,
    column: usize,
    indent: String,
    carets: usize,
}

impl<'s> Excerpt<'s> {
    fn new(source: &'s str, span: &Span) -> Self {
        let line = Line::containing(source, span.start);
        let column = line.column_of(span.start);
        // Keep tabs so the carets line up under the text in any terminal.
        let indent = line
            .chars_before(span.start)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let up_to_end = line.chars_before(span.end).count();
        Excerpt {
            carets: up_to_end.saturating_sub(column - 1).max(1),
            line,
            column,
            indent,
        }
    }

    /// Spaces as wide as the line number, like rustc.
    fn gutter(&self) -> String {
        " ".repeat(self.line.number.to_string().len())
    }

    fn write(&self, out: &mut String, path: &str) {
        let gutter = self.gutter();
        let Excerpt { line, column, .. } = self;
        let _ = write!(
            out,
            "\n{gutter}--> {path}:{number}:{column}\n{gutter} |\n{number} | {text}\n{gutter} | {indent}{carets}",
            number = line.number,
            text = Shown(line.text),
            indent = self.indent,
            carets = "^".repeat(self.carets),
        );
    }
}

/// Catalog text as a terminal or a compiler message may show it: control characters (but
/// tabs) and bidirectional formatting characters escaped, so a hostile catalog cannot rewrite
/// the screen through its diagnostics.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c != '\t' && crate::load::values::is_layout_char(c, false) {
                write!(f, "{}", c.escape_unicode())?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// Collects diagnostics while the stages keep going, like serde_derive's `Ctxt`: the user sees
/// every mistake of the catalog in one build.
#[derive(Default)]
pub(crate) struct Ctxt {
    diagnostics: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Ctxt {
    /// A problem that does not stop the catalog from being used (a deprecated key).
    pub(crate) fn warning(
        &mut self,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.warnings
            .push(Diagnostic::new(span, message).with_help(help));
    }

    /// Whether an error was reported.
    pub(crate) fn has_errors(&self) -> bool {
        !self.diagnostics.is_empty()
    }

    /// The warnings, in source order.
    pub(crate) fn take_warnings(&mut self) -> Vec<Diagnostic> {
        let mut warnings = core::mem::take(&mut self.warnings);
        crate::sort::sort_by_key(&mut warnings, source_order);
        warnings
    }

    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Shorthand for a diagnostic with a span and a help line.
    pub(crate) fn error(
        &mut self,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Diagnostic::new(span, message).with_help(help));
    }

    /// `value` if nothing was reported, else every diagnostic in source order.
    pub(crate) fn finish<T>(self, value: Option<T>) -> Result<T, Vec<Diagnostic>> {
        let mut diagnostics = self.diagnostics;
        // Stages report in their own order; the user reads the file top to bottom.
        crate::sort::sort_by_key(&mut diagnostics, source_order);
        diagnostics.dedup();
        match value {
            Some(value) if diagnostics.is_empty() => Ok(value),
            _ => Err(diagnostics),
        }
    }
}

/// Where a diagnostic sorts: those without a span first, then by start and end.
fn source_order(d: &Diagnostic) -> (u64, u64) {
    match &d.span {
        None => (0, 0),
        Some(span) => (
            crate::sort::key(span.start).saturating_add(1),
            crate::sort::key(span.end),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "[[provider]]\nkey = \"attio\"\r\nname = \"Åttio\"\n\tcode = 1\n";

    #[test]
    fn line_col_counts_lines_and_chars() {
        assert_eq!(line_col(SOURCE, 0), (1, 1));
        assert_eq!(line_col(SOURCE, 13), (2, 1));
        assert_eq!(line_col(SOURCE, 19), (2, 7));
        // `Å` is two bytes: the `t` after it is the 10th character of line 3.
        let t = SOURCE.find("ttio\"\n").unwrap_or_default();
        assert_eq!(line_col(SOURCE, t), (3, 10));
        assert_eq!(line_col(SOURCE, t - 1), (3, 9), "inside `Å`");
        assert_eq!(line_col(SOURCE, SOURCE.len()), (5, 1));
        assert_eq!(line_col(SOURCE, usize::MAX), (5, 1));
        assert_eq!(line_col("", 3), (1, 1));
        // A byte order mark is no column of the first line, and only there.
        let bom = "\u{feff}bogus = 1\n\u{feff}x";
        assert_eq!(line_col(bom, 3), (1, 1));
        assert_eq!(line_col(bom, 0), (1, 1));
        assert_eq!(line_col(bom, 8), (1, 6));
        assert_eq!(line_col(bom, 16), (2, 2));
    }

    #[test]
    fn render_like_rustc() {
        let source = "a = 1\n".repeat(11) + "code = \"not_found\"\n";
        let start = source.find('"').unwrap_or_default();
        let diagnostic = Diagnostic::new(start..start + 11, "duplicate code `not_found`")
            .with_help("remove one of them");
        let expected = "\
duplicate code `not_found`
  --> catalog.toml:12:8
   |
12 | code = \"not_found\"
   |        ^^^^^^^^^^^
   = help: remove one of them";
        assert_eq!(diagnostic.render("catalog.toml", &source), expected);
        assert_eq!(
            diagnostic.short("catalog.toml", &source),
            "catalog.toml:12:8: duplicate code `not_found`"
        );
    }

    #[test]
    fn render_keeps_tabs_and_clips_to_the_first_line() {
        let start = SOURCE.find("code").unwrap_or_default();
        let diagnostic = Diagnostic::new(start..SOURCE.len(), "oops");
        let expected = "oops\n --> c.toml:4:2\n  |\n4 | \tcode = 1\n  | \t^^^^^^^^";
        assert_eq!(diagnostic.render("c.toml", SOURCE), expected);
    }

    #[test]
    fn render_strips_carriage_returns_and_shows_one_caret_for_empty_spans() {
        let end = SOURCE.find('\r').unwrap_or_default();
        let diagnostic = Diagnostic::new(end..end, "here");
        let expected = "here\n --> c.toml:2:14\n  |\n2 | key = \"attio\"\n  |              ^";
        assert_eq!(diagnostic.render("c.toml", SOURCE), expected);
    }

    #[test]
    fn render_without_span() {
        let diagnostic = Diagnostic::new(None, "no providers").with_help("add one");
        assert_eq!(
            diagnostic.render("c.toml", SOURCE),
            "no providers\n --> c.toml\n  = help: add one"
        );
        assert_eq!(diagnostic.short("c.toml", SOURCE), "c.toml: no providers");
    }

    #[test]
    fn render_escapes_what_would_rewrite_a_terminal() {
        let source = "name = \"a\u{1b}[2Jb\u{202e}c\"\tx\n";
        let rendered = Diagnostic::new(0..4, "m").render("c.toml", source);
        assert!(
            rendered.contains("name = \"a\\u{1b}[2Jb\\u{202e}c\"\tx"),
            "{rendered}"
        );
        assert!(!rendered.contains('\u{1b}') && !rendered.contains('\u{202e}'));
    }

    #[test]
    fn messages_and_help_that_quote_the_catalog_are_escaped() {
        // Found by the `catalog` fuzz target: an unquoted value of control characters is
        // quoted back by the message and the help.
        let source = "[[provider]]\nkey = \"a\"\nname =\u{0}\u{1}\u{1b}[2J\n";
        let Err(failed) = crate::parse(source) else {
            panic!("a catalog with a broken value is refused");
        };
        for d in &failed.diagnostics {
            for text in [
                d.render("c.toml", source),
                d.short("c.toml", source),
                d.to_string(),
            ] {
                assert!(
                    !text
                        .chars()
                        .any(|c| c != '\n' && c != '\t' && crate::model::is_layout_char(c)),
                    "{text:?}"
                );
            }
        }
        assert!(
            failed
                .diagnostics
                .iter()
                .any(|d| d.message.contains('\u{1b}')),
            "the message quotes the value: {:?}",
            failed.diagnostics
        );
    }

    #[test]
    fn render_never_panics_on_odd_spans() {
        let source = "é\nx";
        for start in 0..6 {
            for end in 0..6 {
                let rendered = Diagnostic::new(start..end, "m").render("p", source);
                assert!(rendered.contains('^'), "{start}..{end}: {rendered}");
            }
        }
    }

    #[test]
    fn finish_sorts_in_source_order() {
        let mut cx = Ctxt::default();
        cx.push(Diagnostic::new(9..10, "b"));
        cx.push(Diagnostic::new(None, "whole file"));
        cx.push(Diagnostic::new(2..3, "a"));
        let messages: Vec<_> = cx
            .finish(Some(()))
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(messages, ["whole file", "a", "b"]);
    }
}
