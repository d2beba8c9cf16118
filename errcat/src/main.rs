//! `errcat`: the command-line tool of error-catalog.
//!
//! It works on any catalog, read while it runs, so it does not use the derive:
//! `error-catalog-schema` loads and validates the catalog ([`catalog`]), [`spec`] turns a
//! provider into the runtime's spec data, and `error_catalog::DynError` classifies with the
//! same algorithm as the generated enums.
//!
//! One module a command: [`explain`], [`classify`], [`lint`], [`list`]. [`style`] holds the
//! terminal output (colour only on a terminal, wrapping, tables), [`suggest`] the "did you
//! mean" of unknown names.
//!
//! Exit status: 0 success, 1 a finding (an unknown code, a catalog with errors), 2 a usage
//! or I/O error (including a catalog that cannot be read or is invalid for a command that
//! needs a valid one).

mod catalog;
mod classify;
mod explain;
mod lint;
mod list;
mod spec;
mod style;
mod suggest;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::style::{ColorChoice, Style};

const EXAMPLES: &str = "\
Examples:
  errcat explain not_found
  errcat explain acme::not_found
  errcat classify --provider acme --status 429 --header 'Retry-After: 2' response.json
  curl -s https://api.example.com/x | errcat classify --provider acme --status 404 -
  errcat lint catalog.toml
  errcat list --provider acme

The catalog is --catalog PATH, else ./catalog.toml if it exists, else the catalog shipped
with errcat (built in).
Exit status: 0 ok, 1 finding (unknown code, catalog errors), 2 usage or I/O error.";

/// Explain, classify, lint and list the HTTP API errors of an error-catalog catalog.
#[derive(Parser)]
#[command(name = "errcat", version, after_help = EXAMPLES)]
struct Cli {
    /// The catalog to read [default: ./catalog.toml if it exists, else the shipped catalog]
    #[arg(long, global = true, value_name = "PATH")]
    catalog: Option<PathBuf>,

    /// When to colour the output (auto: only on a terminal, without NO_COLOR set or TERM=dumb;
    /// always: even with NO_COLOR set)
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (stdout, stderr) = (io::stdout(), io::stderr());
    let style = Style::new(cli.color, stdout.is_terminal());
    let err_style = Style::new(cli.color, stderr.is_terminal());
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
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

fn run(command: Command, cx: &mut Ctx<'_>) -> Result<Outcome, Failure> {
    match command {
        Command::Explain(args) => explain::run(&args, cx),
        Command::Classify(args) => classify::run(&args, cx),
        Command::Lint(args) => lint::run(&args, cx),
        Command::List(args) => list::run(&args, cx),
    }
}

fn report(failure: &Failure, err: &mut dyn Write, style: Style) -> io::Result<()> {
    let label = style.error("error:");
    match failure {
        Failure::Usage { message, help } => {
            writeln!(err, "{label} {message}")?;
            if let Some(help) = help {
                writeln!(err, "{} {help}", style.help("help:"))?;
            }
        }
        Failure::Io(e) => writeln!(err, "{label} {e}")?,
    }
    Ok(())
}
