//! `errcat list`: every code of the catalog, one line each.

use error_catalog_schema::Provider;

use crate::style::{Table, truncate};
use crate::{Ctx, Failure, Outcome, catalog};

/// How much of a summary fits a terminal line; piped output keeps it whole.
const SUMMARY_ON_A_TERMINAL: usize = 60;

/// List every code: provider, code, status, category, retry rule, summary
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  errcat list\n  errcat list --provider acme\n  errcat list | grep 429"
)]
pub struct Args {
    /// List only this provider's codes
    #[arg(long, value_name = "NAME")]
    provider: Option<String>,
}

pub fn run(args: &Args, cx: &mut Ctx<'_>) -> Result<Outcome, Failure> {
    let (catalog, _) = catalog::load(cx.catalog)?;
    let providers: Vec<&Provider> = match &args.provider {
        Some(name) => vec![catalog::provider(&catalog, Some(name))?],
        None => catalog.providers.iter().collect(),
    };
    let s = cx.style;
    let mut table = Table::new(&["PROVIDER", "CODE", "STATUS", "CATEGORY", "RETRY", "SUMMARY"]);
    for p in &providers {
        for c in &p.codes {
            let summary = if s.is_terminal() {
                truncate(&c.rule.summary, SUMMARY_ON_A_TERMINAL)
            } else {
                c.rule.summary.clone()
            };
            table.row(vec![
                p.key.value.clone(),
                c.code.value.clone(),
                c.status.to_string(),
                c.rule.category.as_str().to_owned(),
                c.rule.retry.as_str().to_owned(),
                summary,
            ]);
        }
    }
    let rendered = table.render("", s, |column, cell| match column {
        1 => s.code(cell),
        4 if cell == "never" => s.warn(cell),
        4 => s.good(cell),
        _ => cell.to_owned(),
    });
    cx.out.write_all(rendered.as_bytes())?;
    Ok(Outcome::Clean)
}
