//! `errcat list`: every code of the catalog, one line each, and the shipped catalogs.

use error_catalog_schema::Provider;
use serde_json::json;

use crate::style::{Style, Table, truncate};
use crate::{Ctx, Failure, Outcome, catalog, escape, print_json};

const EXAMPLES: &str = "\
Examples:
  errcat list
  errcat list --provider attio
  errcat --catalog stripe list | grep card_declined
  errcat list --json

Without --provider, the shipped catalogs follow the codes: any of them is --catalog KEY.";

/// List every code (provider, code, status, category, retry rule, summary) and the shipped
/// catalogs
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Args {
    /// List only this provider's codes (and not the shipped catalogs)
    #[arg(long, value_name = "NAME")]
    provider: Option<String>,

    /// Print JSON: {"catalog", "codes": [...], "shipped": [...]}
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: &Args, cx: &mut Ctx<'_>) -> Result<Outcome, Failure> {
    let (catalog, name) = catalog::load(cx.catalog)?;
    let providers: Vec<&Provider> = match &args.provider {
        Some(name) => vec![catalog::provider(&catalog, Some(name))?],
        None => catalog.providers.iter().collect(),
    };
    let shipped = args.provider.is_none().then(catalog::shipped);
    if args.json {
        let codes: Vec<_> = providers
            .iter()
            .flat_map(|p| {
                p.codes.iter().map(|c| {
                    json!({
                        "provider": p.key,
                        "code": c.code,
                        "variant": format!("{}::{}", p.enum_name, c.variant),
                        "status": c.status,
                        "category": c.rule.category.as_str(),
                        "retry": c.rule.retry.as_str(),
                        "retryable": c.rule.retry.is_retryable(),
                        "summary": c.rule.summary,
                    })
                })
            })
            .collect();
        let mut out = json!({ "catalog": name, "codes": codes });
        if let Some(shipped) = &shipped {
            let shipped: Vec<_> = shipped
                .iter()
                .map(|c| match &c.provider {
                    Some((name, codes)) => json!({ "key": c.key, "name": name, "codes": codes }),
                    None => json!({ "key": c.key, "name": null, "codes": null }),
                })
                .collect();
            out["shipped"] = shipped.into();
        }
        print_json(cx, &out)?;
        return Ok(Outcome::Clean);
    }

    let s = cx.style;
    cx.out.write_all(codes_table(&providers, s).as_bytes())?;
    if let Some(shipped) = shipped {
        let mut table = Table::new(&["KEY", "CODES", "NAME"]);
        for c in &shipped {
            let (codes, name) = match &c.provider {
                Some((name, codes)) => (codes.to_string(), escape::line(name).into_owned()),
                None => (
                    "-".into(),
                    "(does not load: see errcat --catalog KEY lint)".into(),
                ),
            };
            table.row(vec![c.key.to_owned(), codes, name]);
        }
        writeln!(
            cx.out,
            "\n{}",
            s.heading("Shipped catalogs (errcat --catalog KEY list):")
        )?;
        // On a terminal a name is cut to fit the line.
        let room = table.room_for_last("  ", s.width());
        let rendered = table.render("  ", s, |column, cell| match column {
            0 => s.code(cell),
            2 if s.is_terminal() => truncate(cell, room),
            _ => cell.to_owned(),
        });
        cx.out.write_all(rendered.as_bytes())?;
    }
    Ok(Outcome::Clean)
}

/// The codes of `providers`, one line each.
pub(crate) fn codes_table(providers: &[&Provider], s: Style) -> String {
    let mut table = Table::new(&["PROVIDER", "CODE", "STATUS", "CATEGORY", "RETRY", "SUMMARY"]);
    for p in providers {
        for c in p.codes.iter() {
            table.row(vec![
                escape::line(&p.key).into_owned(),
                escape::line(&c.code).into_owned(),
                c.status.to_string(),
                c.rule.category.as_str().to_owned(),
                c.rule.retry.as_str().to_owned(),
                escape::line(&c.rule.summary).into_owned(),
            ]);
        }
    }
    // On a terminal a summary is cut to fit the line; piped output keeps it whole.
    let room = table.room_for_last("", s.width());
    table.render("", s, |column, cell| match column {
        1 => s.code(cell),
        4 if cell == "never" => s.warn(cell),
        4 => s.good(cell),
        5 if s.is_terminal() => truncate(cell, room),
        _ => cell.to_owned(),
    })
}
