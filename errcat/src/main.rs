//! `errcat`: the command-line tool of error-catalog.
//!
//! It works on any catalog, read while it runs, so it does not use the derive:
//! `error-catalog-schema` loads and validates the catalog into its provider model
//! ([`catalog`]), and `error_catalog::DynError` classifies with that very model and the
//! same algorithm as the generated enums.
//!
//! One module a command: [`explain`], [`classify`], [`lint`], [`list`] (completions are
//! clap_complete's). [`style`] holds the terminal output (colour as anstream decides,
//! wrapping to the terminal's width, tables), [`escape`] keeps text errcat did not write
//! from reaching the terminal raw.
//!
//! Exit status: 0 success, 1 a finding (`explain` of an unknown code, problems found by
//! `lint`), 2 a usage or I/O error (including a catalog that cannot be read or is invalid for
//! a command that needs a valid one).

#![deny(unreachable_pub)]

mod catalog;
mod classify;
mod escape;
mod explain;
mod lint;
mod list;
mod style;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::Styles;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::style::{ColorChoice, Style};

const EXAMPLES: &str = "\
Examples:
  errcat explain rate_limit_exceeded
  errcat explain attio::rate_limit_exceeded
  errcat classify --provider attio --status 429 --header 'Retry-After: 2'
  echo '{\"code\":\"not_found\"}' |
    errcat classify --provider attio --status 404 -
  errcat --catalog stripe explain card_declined
  echo '{\"error\":{\"code\":\"rate_limit\"}}' |
    errcat --catalog stripe classify --provider stripe --status 429 --json -
  errcat lint
  errcat list --provider attio
  errcat completions bash

The catalog is --catalog PATH, or the key of a catalog shipped with errcat (stripe, github, ...: `errcat list` shows them); else ./catalog.toml if it exists; else the catalog built into errcat (Attio and AttractOS).

Exit status: 0 ok (`classify` included, whatever the response); 1 a finding (`explain` of an unknown code, problems found by `lint`); 2 a usage or I/O error, including a --catalog that cannot be read or is not a valid catalog (for `lint`, an invalid catalog is a finding: 1).";

/// Explain, classify, lint and list the HTTP API errors of an error-catalog catalog.
#[derive(Parser)]
#[command(name = "errcat", version, after_help = EXAMPLES)]
struct Cli {
    /// The catalog: a path, or the key of a shipped catalog (`stripe`) [default:
    /// ./catalog.toml if it exists, else the built-in catalog]
    #[arg(long, global = true, value_name = "PATH|KEY", value_hint = clap::ValueHint::FilePath)]
    catalog: Option<PathBuf>,

    /// When to colour the output (auto: only on a terminal, unless NO_COLOR, CLICOLOR=0 or
    /// TERM=dumb says not to, or CLICOLOR_FORCE says to; always: even with NO_COLOR set)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Explain(explain::Args),
    Classify(classify::Args),
    Lint(lint::Args),
    List(list::Args),
    Completions(Completions),
}

/// Print a shell completion script
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  errcat completions bash
  source <(errcat completions bash)       bash: in ~/.bashrc
  errcat completions zsh > _errcat        zsh: into a directory of $fpath
  errcat completions fish > errcat.fish   fish: in ~/.config/fish/completions")]
struct Completions {
    /// The shell
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// How a command that ran to its end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: the command found a problem it reported (an unknown code, catalog errors).
    Finding,
}

/// Why a command could not do its job: exit 2.
#[derive(Debug)]
enum Failure {
    /// A bad argument or unusable input, with what to do instead.
    Usage {
        message: String,
        help: Option<String>,
    },
    /// Reading input or writing output failed.
    Io(io::Error),
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Failure::Usage {
            message: message.into(),
            help: None,
        }
    }

    fn with_help(self, help: impl Into<String>) -> Self {
        match self {
            Failure::Usage { message, .. } => Failure::Usage {
                message,
                help: Some(help.into()),
            },
            io => io,
        }
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

/// What every command gets: where the catalog is and the two output streams.
struct Ctx<'a> {
    catalog: &'a catalog::Source,
    out: &'a mut dyn Write,
    style: Style,
    err: &'a mut dyn Write,
    err_style: Style,
}

/// Prints a value as JSON, pretty, with the characters serde_json leaves raw escaped.
fn print_json(cx: &mut Ctx<'_>, value: &impl serde::Serialize) -> Result<(), Failure> {
    let json = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::usage(format!("cannot write JSON: {e}")))?;
    writeln!(cx.out, "{}", escape::json(&json))?;
    Ok(())
}

fn main() -> ExitCode {
    let cli = match parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let choice = anstream::ColorChoice::from(cli.color);
    let (stdout, stderr) = (io::stdout(), io::stderr());
    let columns = std::env::var("COLUMNS").ok();
    let width = |size: Option<(terminal_size::Width, terminal_size::Height)>| {
        style::width(size.map(|(w, _)| w.0), columns.as_deref())
    };
    let out_width = width(terminal_size::terminal_size_of(&stdout));
    let err_width = width(terminal_size::terminal_size_of(&stderr));
    let (out_terminal, err_terminal) = (stdout.is_terminal(), stderr.is_terminal());
    let out = anstream::AutoStream::new(stdout.lock(), choice);
    let mut err = anstream::AutoStream::new(stderr.lock(), choice);
    let colored = |c: anstream::ColorChoice| c != anstream::ColorChoice::Never;
    let style = Style::new(colored(out.current_choice()), out_terminal, out_width);
    let err_style = Style::new(colored(err.current_choice()), err_terminal, err_width);
    let mut out = io::BufWriter::new(out);
    let source = catalog::Source::resolve(cli.catalog);
    let mut cx = Ctx {
        catalog: &source,
        out: &mut out,
        style,
        err: &mut err,
        err_style,
    };
    let result = run(cli.command, &mut cx).and_then(|outcome| {
        cx.out.flush()?;
        Ok(outcome)
    });
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Finding) => ExitCode::from(1),
        // `errcat list | head`: the reader has all it wants.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(failure) => {
            let _ = cx.out.flush();
            let _ = report(&failure, cx.err, err_style);
            ExitCode::from(2)
        }
    }
}

/// The command line, or the exit status of clap's answer (help, version, a usage error).
///
/// clap's help and errors take the colour `--color` asks for, read before clap parses the
/// rest. clap echoes arguments in its errors: when an argument holds a character that would
/// act on the terminal (ESC, a bidirectional override), clap is asked for no styling of its
/// own and its message is printed escaped; otherwise it prints as usual.
fn parse(args: Vec<OsString>) -> Result<Cli, ExitCode> {
    let hostile = args
        .iter()
        .any(|a| a.to_string_lossy().chars().any(escape::is_layout_char));
    let color = color_arg(&args).unwrap_or(ColorChoice::Auto);
    let mut command = Cli::command().color(color.into());
    if hostile {
        command = command.styles(Styles::plain());
    }
    let mut for_errors = command.clone();
    let parsed = command
        .try_get_matches_from(args)
        .and_then(|mut m| Cli::from_arg_matches_mut(&mut m).map_err(|e| e.format(&mut for_errors)));
    let e = match parsed {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    if !hostile || !e.use_stderr() {
        let _ = e.print();
        return Err(ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)));
    }
    let message = e.render().ansi().to_string();
    let _ = io::stderr().write_all(escape::block(&message).as_bytes());
    Err(ExitCode::from(2))
}

/// The value of the last `--color` before any `--`, as clap will read it; `None` when there
/// is none or it is not a choice (clap then reports it).
fn color_arg(args: &[OsString]) -> Option<ColorChoice> {
    let mut choice = None;
    let mut args = args.iter().skip(1).map(|a| a.to_str());
    while let Some(arg) = args.next() {
        let value = match arg {
            Some("--") => break,
            Some("--color") => args.next().flatten(),
            Some(arg) => arg.strip_prefix("--color="),
            None => None,
        };
        if let Some(value) = value {
            choice = ColorChoice::from_str(value, false).ok();
        }
    }
    choice
}

fn run(command: Command, cx: &mut Ctx<'_>) -> Result<Outcome, Failure> {
    match command {
        Command::Explain(args) => explain::run(&args, cx),
        Command::Classify(args) => classify::run(&args, cx),
        Command::Lint(args) => lint::run(&args, cx),
        Command::List(args) => list::run(&args, cx),
        Command::Completions(args) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "errcat", &mut script);
            cx.out.write_all(&script)?;
            Ok(Outcome::Clean)
        }
    }
}

/// `error: message` and `help: …`, escaped: messages quote arguments and catalog text.
fn report(failure: &Failure, err: &mut dyn Write, style: Style) -> io::Result<()> {
    let label = style.error("error:");
    match failure {
        Failure::Usage { message, help } => {
            writeln!(err, "{label} {}", escape::line(message))?;
            if let Some(help) = help {
                writeln!(err, "{} {}", style.help("help:"), escape::line(help))?;
            }
        }
        Failure::Io(e) => writeln!(err, "{label} {}", escape::line(&e.to_string()))?,
    }
    Ok(())
}

#[cfg(test)]
mod tests;
