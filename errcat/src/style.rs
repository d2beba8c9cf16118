//! Terminal output: colour only where it helps, wrapped prose, aligned tables.

use std::fmt::Write as _;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    // Plain comments: doc comments would turn `--help` into a list of these.
    // Colour on a terminal, unless `NO_COLOR` is set (and not empty) or `TERM=dumb`.
    Auto,
    Always,
    Never,
}

/// The width prose is wrapped to.
pub const WIDTH: usize = 88;

/// How one output stream is styled.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    color: bool,
    terminal: bool,
}

impl Style {
    /// The style of a stream, from `--color`, whether it is a terminal, and the environment
    /// (`NO_COLOR`, `TERM`).
    pub fn new(choice: ColorChoice, terminal: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        Style {
            color: use_color(choice, terminal, no_color, dumb),
            terminal,
        }
    }

    /// Whether the stream is a terminal (a person reads it, rather than a program).
    pub fn is_terminal(self) -> bool {
        self.terminal
    }

    fn paint(self, sgr: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// A section heading.
    pub fn heading(self, text: &str) -> String {
        self.paint("1", text)
    }
    /// A field label, a table header.
    pub fn label(self, text: &str) -> String {
        self.paint("1", text)
    }
    /// A code, a name, a URL: something to copy.
    pub fn code(self, text: &str) -> String {
        self.paint("36", text)
    }
    /// Good news: retryable, OK.
    pub fn good(self, text: &str) -> String {
        self.paint("32", text)
    }
    /// Needs attention.
    pub fn warn(self, text: &str) -> String {
        self.paint("33", text)
    }
    /// `error:`
    pub fn error(self, text: &str) -> String {
        self.paint("1;31", text)
    }
    /// `help:`
    pub fn help(self, text: &str) -> String {
        self.paint("1;36", text)
    }
    /// Secondary text.
    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }
}

/// Whether to colour a stream: `--color always` and `never` decide alone (`always` wins
/// over `NO_COLOR`); `auto` colours a terminal unless `NO_COLOR` is set to a non-empty value
/// (<https://no-color.org>) or `TERM=dumb`.
fn use_color(choice: ColorChoice, terminal: bool, no_color_set: bool, term_dumb: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color_set && !term_dumb,
    }
}

/// `text` wrapped to [`WIDTH`], each line starting with `indent`. Line breaks of the text
/// are kept (catalog prose keeps lists and scripts on their own lines); only lines longer
/// than the width are broken, at spaces.
pub fn wrap(text: &str, indent: &str) -> String {
    let width = WIDTH.saturating_sub(indent.chars().count()).max(20);
    let mut out = String::new();
    for line in text.trim_end().lines() {
        // Keep a line's indentation, on its continuation lines too.
        let lead = line
            .get(..line.len() - line.trim_start().len())
            .unwrap_or_default();
        let mut current = lead.to_owned();
        let mut words = 0;
        for word in line.split_whitespace() {
            let len = current.chars().count();
            if words > 0 && len + 1 + word.chars().count() > width {
                push_line(&mut out, indent, &current);
                current = lead.to_owned();
                words = 0;
            }
            if words > 0 {
                current.push(' ');
            }
            current.push_str(word);
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
pub fn block(text: &str, indent: &str) -> String {
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
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// A table with a header row, columns separated by two spaces and padded to their widest
/// cell. The last column is not padded.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table, each line starting with `indent`; `paint` styles a body cell by column
    /// (after padding is computed on the plain text).
    pub fn render(
        &self,
        indent: &str,
        style: Style,
        paint: impl Fn(usize, &str) -> String,
    ) -> String {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
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
        let wrapped = wrap(&format!("first line\n\n{long}\n#!/bin/bash"), "  ");
        let lines: Vec<&str> = wrapped.lines().collect();
        assert_eq!(lines.first(), Some(&"  first line"));
        assert_eq!(lines.get(1), Some(&""));
        assert!(
            lines.iter().all(|l| l.chars().count() <= WIDTH),
            "{wrapped}"
        );
        assert!(lines.len() > 4, "{wrapped}");
        assert_eq!(lines.last(), Some(&"  #!/bin/bash"));
        assert_eq!(
            wrapped.split_whitespace().filter(|w| *w == "word").count(),
            30
        );
    }

    #[test]
    fn tables_align_on_plain_text() {
        let mut t = Table::new(&["A", "LONG HEADER", "LAST"]);
        t.row(vec!["wide cell".into(), "x".into(), "end".into()]);
        let style = Style::new(ColorChoice::Never, false);
        let out = t.render("", style, |_, c| c.to_owned());
        assert_eq!(
            out,
            "A          LONG HEADER  LAST\nwide cell  x            end\n"
        );
    }

    #[test]
    fn colour_only_when_asked_or_on_a_terminal() {
        assert_eq!(Style::new(ColorChoice::Auto, false).code("x"), "x");
        assert_eq!(Style::new(ColorChoice::Never, true).code("x"), "x");
        assert_eq!(
            Style::new(ColorChoice::Always, false).code("x"),
            "\x1b[36mx\x1b[0m"
        );
    }

    #[test]
    fn colour_decision_follows_choice_terminal_and_environment() {
        use ColorChoice::{Always, Auto, Never};
        for terminal in [false, true] {
            for no_color in [false, true] {
                for dumb in [false, true] {
                    assert!(use_color(Always, terminal, no_color, dumb));
                    assert!(!use_color(Never, terminal, no_color, dumb));
                    assert_eq!(
                        use_color(Auto, terminal, no_color, dumb),
                        terminal && !no_color && !dumb,
                        "terminal {terminal}, NO_COLOR {no_color}, TERM=dumb {dumb}"
                    );
                }
            }
        }
    }

    #[test]
    fn truncate_counts_characters() {
        assert_eq!(truncate("héllo", 5), "héllo");
        assert_eq!(truncate("héllo world", 6), "héllo…");
    }
}
