//! Terminal output: colour only where it helps (anstyle styles, anstream's decision), prose
//! wrapped to the terminal's width, aligned tables.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style as Sgr};

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    // Plain comments: doc comments would turn `--help` into a list of these.
    // Colour on a terminal, unless NO_COLOR is set (and not empty), CLICOLOR=0 or TERM=dumb;
    // CLICOLOR_FORCE colours a pipe too.
    Auto,
    Always,
    Never,
}

impl From<ColorChoice> for clap::ColorChoice {
    fn from(choice: ColorChoice) -> Self {
        match choice {
            ColorChoice::Auto => clap::ColorChoice::Auto,
            ColorChoice::Always => clap::ColorChoice::Always,
            ColorChoice::Never => clap::ColorChoice::Never,
        }
    }
}

impl From<ColorChoice> for anstream::ColorChoice {
    fn from(choice: ColorChoice) -> Self {
        match choice {
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        }
    }
}

/// The width output is wrapped to when it goes to no terminal and `COLUMNS` is not set.
pub(crate) const DEFAULT_WIDTH: usize = 80;

/// Prose is wrapped to at most this many columns, however wide the terminal: longer lines
/// are hard to read.
pub(crate) const MAX_PROSE_WIDTH: usize = 100;

/// The width of a stream: the terminal's, else `COLUMNS` (as clap does for `--help`), else
/// [`DEFAULT_WIDTH`].
pub(crate) fn width(terminal_columns: Option<u16>, columns_env: Option<&str>) -> usize {
    terminal_columns
        .map(usize::from)
        .filter(|w| *w > 0)
        .or_else(|| columns_env?.trim().parse().ok().filter(|w| *w > 0))
        .unwrap_or(DEFAULT_WIDTH)
}

const HEADING: Sgr = Sgr::new().bold();
const CODE: Sgr = AnsiColor::Cyan.on_default();
const GOOD: Sgr = AnsiColor::Green.on_default();
const WARN: Sgr = AnsiColor::Yellow.on_default();
const ERROR: Sgr = AnsiColor::Red.on_default().bold();
const HELP: Sgr = AnsiColor::Cyan.on_default().bold();
const DIM: Sgr = Sgr::new().dimmed();

/// How one output stream is styled.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    color: bool,
    terminal: bool,
    width: usize,
}

impl Style {
    /// `color`: whether anstream decided to colour the stream (`--color`, whether it is a
    /// terminal, `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`, `TERM`); `width` in columns.
    pub(crate) fn new(color: bool, terminal: bool, width: usize) -> Self {
        Style {
            color,
            terminal,
            width,
        }
    }

    /// Whether the stream is a terminal (a person reads it, rather than a program).
    pub(crate) fn is_terminal(self) -> bool {
        self.terminal
    }

    /// The stream's width in columns.
    pub(crate) fn width(self) -> usize {
        self.width
    }

    /// The width prose is wrapped to.
    pub(crate) fn prose_width(self) -> usize {
        self.width.min(MAX_PROSE_WIDTH)
    }

    fn paint(self, sgr: Sgr, text: &str) -> String {
        if self.color {
            format!("{sgr}{text}{sgr:#}")
        } else {
            text.to_owned()
        }
    }

    /// A section heading.
    pub(crate) fn heading(self, text: &str) -> String {
        self.paint(HEADING, text)
    }
    /// A field label, a table header.
    pub(crate) fn label(self, text: &str) -> String {
        self.paint(HEADING, text)
    }
    /// A code, a name, a URL: something to copy.
    pub(crate) fn code(self, text: &str) -> String {
        self.paint(CODE, text)
    }
    /// Good news: retryable, OK.
    pub(crate) fn good(self, text: &str) -> String {
        self.paint(GOOD, text)
    }
    /// Needs attention.
    pub(crate) fn warn(self, text: &str) -> String {
        self.paint(WARN, text)
    }
    /// `error:`
    pub(crate) fn error(self, text: &str) -> String {
        self.paint(ERROR, text)
    }
    /// `help:`
    pub(crate) fn help(self, text: &str) -> String {
        self.paint(HELP, text)
    }
    /// Secondary text.
    pub(crate) fn dim(self, text: &str) -> String {
        self.paint(DIM, text)
    }

    /// `text` wrapped to [`prose_width`](Self::prose_width), each line starting with
    /// `indent`. Line breaks of the text are kept (catalog prose keeps lists and scripts on
    /// their own lines); only lines longer than the width are broken, at spaces. Widths are
    /// counted on the visible text, colour left out.
    pub(crate) fn wrap(self, text: &str, indent: &str) -> String {
        wrap(text, indent, self.prose_width())
    }
}

/// Characters shown, colour sequences left out.
pub(crate) fn visible_len(text: &str) -> usize {
    if text.contains('\x1b') {
        anstream::adapter::strip_str(text)
            .map(|part| part.chars().count())
            .sum()
    } else {
        text.chars().count()
    }
}

/// [`Style::wrap`] to a given width.
pub(crate) fn wrap(text: &str, indent: &str, width: usize) -> String {
    let width = width.saturating_sub(visible_len(indent)).max(20);
    let mut out = String::new();
    for line in text.trim_end().lines() {
        // Keep a line's indentation, on its continuation lines too.
        let lead = line
            .get(..line.len() - line.trim_start().len())
            .unwrap_or_default();
        let mut current = lead.to_owned();
        let mut len = visible_len(lead);
        let mut words = 0;
        for word in line.split_whitespace() {
            let word_len = visible_len(word);
            if words > 0 && len + 1 + word_len > width {
                push_line(&mut out, indent, &current);
                current = lead.to_owned();
                len = visible_len(lead);
                words = 0;
            }
            if words > 0 {
                current.push(' ');
                len += 1;
            }
            current.push_str(word);
            len += word_len;
            words += 1;
        }
        push_line(&mut out, indent, &current);
    }
    out
}

fn push_line(out: &mut String, indent: &str, line: &str) {
    if line.trim().is_empty() {
        out.push('\n');
    } else {
        let _ = writeln!(out, "{indent}{line}");
    }
}

/// `text` with every line indented, as is: for scripts and examples.
pub(crate) fn block(text: &str, indent: &str) -> String {
    text.trim_matches('\n')
        .lines()
        .map(|line| {
            if line.trim().is_empty() {
                "\n".to_owned()
            } else {
                format!("{indent}{}\n", line.trim_end())
            }
        })
        .collect()
}

/// At most `max` characters of `text`, with `…` when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// A table with a header row, columns separated by two spaces and padded to their widest
/// cell. The last column is not padded.
pub(crate) struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The widest a last cell can be for every line to fit `width` columns (at least 10: a
    /// narrower cell says nothing).
    pub(crate) fn room_for_last(&self, indent: &str, width: usize) -> usize {
        let widths = self.widths();
        let before: usize = widths.iter().rev().skip(1).map(|w| w + 2).sum();
        width.saturating_sub(visible_len(indent) + before).max(10)
    }

    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        widths
    }

    /// The table, each line starting with `indent`; `paint` styles a body cell by column
    /// (after padding is computed on the plain text).
    pub(crate) fn render(
        &self,
        indent: &str,
        style: Style,
        paint: impl Fn(usize, &str) -> String,
    ) -> String {
        let columns = self.header.len();
        let widths = self.widths();
        let line = |cells: &[String], paint: &dyn Fn(usize, &str) -> String| {
            let mut out = indent.to_owned();
            for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
                out += &paint(i, cell);
                if i + 1 < columns {
                    let pad = width.saturating_sub(cell.chars().count()) + 2;
                    out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            out.trim_end().to_owned() + "\n"
        };
        let mut out = line(&self.header, &|_, h: &str| style.label(h));
        for row in &self.rows {
            out += &line(row, &paint);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_line_breaks_and_breaks_long_lines_at_spaces() {
        let long = "word ".repeat(30);
        let wrapped = wrap(&format!("first line\n\n{long}\n#!/bin/bash"), "  ", 80);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert_eq!(lines.first(), Some(&"  first line"));
        assert_eq!(lines.get(1), Some(&""));
        assert!(lines.iter().all(|l| l.chars().count() <= 80), "{wrapped}");
        assert!(lines.len() > 4, "{wrapped}");
        assert_eq!(lines.last(), Some(&"  #!/bin/bash"));
        assert_eq!(
            wrapped.split_whitespace().filter(|w| *w == "word").count(),
            30
        );
    }

    #[test]
    fn wrap_follows_the_width_it_is_given() {
        let text = "word ".repeat(40);
        for width in [40, 80, 100] {
            let wrapped = wrap(&text, "", width);
            let longest = wrapped.lines().map(|l| l.chars().count()).max();
            assert!(longest <= Some(width), "{width}: {wrapped}");
            assert!(longest > Some(width - 5), "{width}: {wrapped}");
        }
    }

    #[test]
    fn wrap_counts_visible_characters_only() {
        let s = Style::new(true, true, 40);
        let words: Vec<String> = (0..12).map(|_| s.code("word")).collect();
        let wrapped = s.wrap(&words.join(" "), "");
        let plain = anstream::adapter::strip_str(&wrapped).to_string();
        assert_eq!(
            plain,
            "word word word word word word word word\nword word word word\n"
        );
    }

    #[test]
    fn the_width_is_the_terminal_s_else_columns_else_80() {
        assert_eq!(width(Some(80), Some("200")), 80);
        assert_eq!(width(Some(132), None), 132);
        assert_eq!(width(None, Some("120")), 120);
        assert_eq!(width(None, Some("wide")), DEFAULT_WIDTH);
        assert_eq!(width(None, Some("0")), DEFAULT_WIDTH);
        assert_eq!(width(None, None), DEFAULT_WIDTH);
        assert_eq!(Style::new(false, true, 300).prose_width(), MAX_PROSE_WIDTH);
        assert_eq!(Style::new(false, true, 72).prose_width(), 72);
    }

    #[test]
    fn tables_align_on_plain_text() {
        let mut t = Table::new(&["A", "LONG HEADER", "LAST"]);
        t.row(vec!["wide cell".into(), "x".into(), "end".into()]);
        let style = Style::new(false, false, 80);
        let out = t.render("", style, |_, c| c.to_owned());
        assert_eq!(
            out,
            "A          LONG HEADER  LAST\nwide cell  x            end\n"
        );
        assert_eq!(t.room_for_last("", 80), 80 - 11 - 13);
        assert_eq!(t.room_for_last("", 30), 10);
    }

    #[test]
    fn colour_only_when_the_stream_gets_it() {
        assert_eq!(Style::new(false, true, 80).code("x"), "x");
        assert_eq!(Style::new(true, false, 80).code("x"), "\x1b[36mx\x1b[0m");
        assert_eq!(
            Style::new(true, false, 80).error("error:"),
            "\x1b[1m\x1b[31merror:\x1b[0m"
        );
    }

    #[test]
    fn truncate_counts_characters() {
        assert_eq!(truncate("héllo", 5), "héllo");
        assert_eq!(truncate("héllo world", 6), "héllo…");
    }
}
