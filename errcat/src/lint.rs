//! `errcat lint`: the derive's checks, without compiling anything.

use std::path::PathBuf;

use error_catalog_schema::{Diagnostic, line_col};

use crate::catalog::{self, Parsed, Source, plural};
use crate::escape::{block as esc_block, line as esc};
use crate::style::Style;
use crate::{Ctx, Failure, Outcome};

const EXAMPLES: &str = "\
Examples:
  errcat lint                 the --catalog, ./catalog.toml or built-in one
  errcat lint --full          with the offending line, like rustc
  errcat lint stripe          a shipped catalog, by key
  errcat --catalog github lint

Each problem is printed as PATH:LINE:COL: message, with a help line saying what to write instead; warnings (a deprecated key) likewise, after `warning:`.

Exit status 1 when there are problems, 0 when the catalog is clean (warnings or not), 2 when it cannot be read.";

/// Check a catalog with the same checks as #[derive(ApiError)]
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Args {
    /// The catalog to check: a path or a shipped catalog's key [default: --catalog, else
    /// ./catalog.toml, else the built-in one]
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,

    /// Show each problem with its line of the catalog, as the compiler does
    #[arg(long)]
    full: bool,
}

pub(crate) fn run(args: &Args, cx: &mut Ctx<'_>) -> Result<Outcome, Failure> {
    let source = match &args.path {
        Some(path) => &Source::named(path.clone()),
        None => cx.catalog,
    };
    let parsed = catalog::parse(source)?;
    let s = cx.style;
    let diagnostics = match &parsed.result {
        Ok(catalog) => {
            for w in &catalog.warnings {
                print(cx, &parsed, w, true, args.full)?;
            }
            let providers = catalog.providers.len();
            let codes: usize = catalog.providers.iter().map(|p| p.codes.len()).sum();
            let fallbacks: usize = catalog.providers.iter().map(|p| p.fallbacks.len()).sum();
            let warnings = match catalog.warnings.len() {
                0 => String::new(),
                n => format!(", {n} warning{}", plural(n)),
            };
            writeln!(
                cx.out,
                "{}: {} ({providers} provider{}, {codes} code{}, {fallbacks} status fallback{}{warnings})",
                parsed.name,
                s.good("OK"),
                plural(providers),
                plural(codes),
                plural(fallbacks),
            )?;
            return Ok(Outcome::Clean);
        }
        Err(diagnostics) => diagnostics,
    };
    for w in &parsed.warnings {
        print(cx, &parsed, w, true, args.full)?;
    }
    for d in diagnostics {
        print(cx, &parsed, d, false, args.full)?;
    }
    let n = diagnostics.len();
    writeln!(
        cx.out,
        "{}: {} problem{}",
        parsed.name,
        s.error(&n.to_string()),
        plural(n)
    )?;
    Ok(Outcome::Finding)
}

/// One problem or warning. Diagnostics quote the catalog (its values, its lines), so they
/// are escaped like any catalog text.
fn print(
    cx: &mut Ctx<'_>,
    parsed: &Parsed,
    d: &Diagnostic,
    warning: bool,
    full: bool,
) -> Result<(), Failure> {
    let s: Style = cx.style;
    let label = if warning {
        s.warn("warning:")
    } else {
        s.error("error:")
    };
    if full {
        let rendered = d.render(&parsed.name, &parsed.source);
        let rendered = esc_block(&rendered);
        let (message, rest) = rendered.split_once('\n').unwrap_or((&rendered, ""));
        writeln!(cx.out, "{label} {message}\n{rest}\n")?;
        return Ok(());
    }
    // `path:line:col: message`, as compilers write it; `warning:` before a warning's.
    let at = match &d.span {
        Some(span) => {
            let (line, col) = line_col(&parsed.source, span.start);
            format!("{}:{line}:{col}", parsed.name)
        }
        None => parsed.name.clone(),
    };
    if warning {
        writeln!(cx.out, "{at}: {label} {}", esc(&d.message))?;
    } else {
        writeln!(cx.out, "{at}: {}", esc(&d.message))?;
    }
    if let Some(help) = &d.help {
        writeln!(cx.out, "  = {} {}", s.help("help:"), esc(help))?;
    }
    Ok(())
}
