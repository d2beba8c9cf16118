//! `errcat lint`: the derive's checks, without compiling anything.

use std::path::PathBuf;

use crate::catalog::{self, Source, plural};
use crate::{Ctx, Failure, Outcome};

const EXAMPLES: &str = "\
Examples:
  errcat lint                       --catalog PATH, else ./catalog.toml, else the shipped one
  errcat lint vendor/catalog.toml
  errcat lint --full catalog.toml   with the offending line, like rustc

Each problem is printed as PATH:LINE:COL: message, with a help line saying what to write
instead. Exit status 1 when there are problems, 0 when the catalog is clean.";

/// Check a catalog with the same checks as #[derive(ApiError)]
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The catalog to check [default: --catalog, else ./catalog.toml, else the shipped one]
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,

    /// Show each problem with its line of the catalog, as the compiler does
    #[arg(long)]
    full: bool,
}

pub fn run(args: &Args, cx: &mut Ctx<'_>) -> Result<Outcome, Failure> {
    let source = match &args.path {
        Some(path) => &Source::File(path.clone()),
        None => cx.catalog,
    };
    let parsed = catalog::parse(source)?;
    let s = cx.style;
    let diagnostics = match &parsed.result {
        Ok(catalog) => {
            let providers = catalog.providers.len();
            let codes: usize = catalog.providers.iter().map(|p| p.codes.len()).sum();
            let fallbacks: usize = catalog.providers.iter().map(|p| p.fallbacks.len()).sum();
            writeln!(
                cx.out,
                "{}: {} ({providers} provider{}, {codes} code{}, {fallbacks} status fallback{})",
                parsed.path,
                s.good("OK"),
                plural(providers),
                plural(codes),
                plural(fallbacks),
            )?;
            return Ok(Outcome::Clean);
        }
        Err(diagnostics) => diagnostics,
    };
    for d in diagnostics {
        if args.full {
            let rendered = d.render(&parsed.path, &parsed.source);
            let (message, rest) = rendered.split_once('\n').unwrap_or((&rendered, ""));
            writeln!(cx.out, "{} {message}\n{rest}\n", s.error("error:"))?;
        } else {
            writeln!(cx.out, "{}", d.short(&parsed.path, &parsed.source))?;
            if let Some(help) = &d.help {
                writeln!(cx.out, "  = {} {help}", s.help("help:"))?;
            }
        }
    }
    let n = diagnostics.len();
    writeln!(
        cx.out,
        "{}: {} problem{}",
        parsed.path,
        s.error(&n.to_string()),
        plural(n)
    )?;
    Ok(Outcome::Finding)
}
