//! `errcat explain CODE`: everything the catalog says about a code, like `rustc --explain`.

use std::fmt::Write as _;

use error_catalog_schema::{
    Catalog, Code, FallbackTarget, Location, Provider, RetryRule, RetrySource,
};

use crate::style::{Style, Table, block, wrap};
use crate::{Ctx, Failure, Outcome, catalog, suggest};

const EXAMPLES: &str = "\
Examples:
  errcat explain not_found                 a code, in any provider
  errcat explain NOT_FOUND --provider acme
  errcat explain acme::not_found           provider::code, as miette reports it
  errcat explain NotFound                  a variant name
  errcat explain acme                      a provider: formats, retry sources, fallbacks

An unknown code suggests the nearest known ones and exits with status 1.";

/// Explain a code: status, category, retry rule, fix, causes, diagnostics, docs
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// A code (`not_found`), `provider::code`, a variant name, or a provider key; in any case
    #[arg(value_name = "CODE")]
    code: String,

    /// Look only in this provider
    #[arg(long, value_name = "NAME")]
    provider: Option<String>,
}

pub fn run(args: &Args, cx: &mut Ctx<'_>) -> Result<Outcome, Failure> {
    let (catalog, path) = catalog::load(cx.catalog)?;
    let (provider, query) = match args.code.split_once("::") {
        Some((provider, code)) => {
            if let Some(flag) = args.provider.as_deref() {
                agree(&catalog, provider, flag, &args.code)?;
            }
            (Some(provider), code)
        }
        None => (args.provider.as_deref(), args.code.as_str()),
    };
    let providers: Vec<&Provider> = match provider {
        Some(name) => vec![catalog::provider(&catalog, Some(name))?],
        None => catalog.providers.iter().collect(),
    };

    let found = find(&providers, query);
    if !found.is_empty() {
        let text = found
            .iter()
            .map(|(p, c)| code(p, c, cx.style))
            .collect::<Vec<_>>()
            .join("\n");
        cx.out.write_all(text.as_bytes())?;
        return Ok(Outcome::Clean);
    }
    if provider.is_none() {
        if let Some(p) = catalog::find_provider(&catalog, query) {
            cx.out
                .write_all(provider_overview(p, cx.style).as_bytes())?;
            return Ok(Outcome::Clean);
        }
    }
    not_found(&catalog, &providers, query, &path, cx)?;
    Ok(Outcome::Finding)
}

/// The codes named `query`: exactly, else by code or variant name in any case.
/// `explain PROVIDER::CODE --provider NAME`: both must name the same provider.
fn agree(catalog: &Catalog, prefix: &str, flag: &str, code: &str) -> Result<(), Failure> {
    let from_code = catalog::provider(catalog, Some(prefix))?;
    let from_flag = catalog::provider(catalog, Some(flag))?;
    if from_code.key.value == from_flag.key.value {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "`{code}` and `--provider {flag}` disagree: the code names provider `{}`, the flag `{}`",
        from_code.key.value, from_flag.key.value
    ))
    .with_help(format!(
        "drop --provider (the `{prefix}::` prefix already says the provider), or the prefix"
    )))
}

fn find<'c>(providers: &[&'c Provider], query: &str) -> Vec<(&'c Provider, &'c Code)> {
    let all = || {
        providers
            .iter()
            .flat_map(|p| p.codes.iter().map(move |c| (*p, c)))
    };
    let exact: Vec<_> = all().filter(|(_, c)| c.code.value == query).collect();
    if !exact.is_empty() {
        return exact;
    }
    all()
        .filter(|(_, c)| {
            c.code.value.eq_ignore_ascii_case(query) || c.variant.value.eq_ignore_ascii_case(query)
        })
        .collect()
}

fn not_found(
    catalog: &Catalog,
    providers: &[&Provider],
    query: &str,
    path: &str,
    cx: &mut Ctx<'_>,
) -> Result<(), Failure> {
    let s = cx.err_style;
    let within = match providers {
        [only] if catalog.providers.len() > 1 => format!(" of provider `{}`", only.key.value),
        _ => String::new(),
    };
    writeln!(
        cx.err,
        "{} no code `{query}`{within} in {path}",
        s.error("error:")
    )?;
    let candidates = providers.iter().flat_map(|p| {
        p.codes.iter().map(|c| {
            let names = vec![c.code.value.as_str(), c.variant.value.as_str()];
            (format!("{}::{}", p.key.value, c.code.value), names)
        })
    });
    let near = suggest::nearest(query, candidates, 5);
    if near.is_empty() {
        writeln!(
            cx.err,
            "{} `errcat list` shows every code of the catalog",
            s.help("help:")
        )?;
    } else {
        let near: Vec<String> = near.iter().map(|n| s.code(n)).collect();
        writeln!(
            cx.err,
            "{} did you mean {}?",
            s.help("help:"),
            near.join(", ")
        )?;
    }
    Ok(())
}

/// One code, every part the catalog has.
fn code(p: &Provider, c: &Code, s: Style) -> String {
    let rule = &c.rule;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        s.heading(&format!("{}::{}", p.key.value, c.code.value)),
        s.dim(&format!("{}::{}", p.enum_name.value, c.variant.value)),
    );
    out += "\n";
    out += &wrap(&rule.summary, "");
    out += "\n";

    let mut fields: Vec<(&str, String)> = vec![
        ("provider", format!("{} ({})", p.name, p.key.value)),
        ("status", c.status.to_string()),
    ];
    if let Some(t) = &c.provider_type {
        fields.push(("type", t.clone()));
    }
    fields.push(("category", rule.category.as_str().to_owned()));
    fields.push(("retry", retry_meaning(rule.retry, s)));
    if rule.retry.is_retryable() {
        let sources: Vec<String> = p
            .retry_from
            .iter()
            .filter(|r| r.categories.is_empty() || r.categories.contains(&rule.category))
            .map(retry_source)
            .collect();
        let wait = if sources.is_empty() {
            "none in the catalog: back off".to_owned()
        } else {
            sources.join(", then ")
        };
        fields.push(("retry time", wait));
    }
    let fallbacks: Vec<String> = p
        .fallbacks
        .iter()
        .filter(|f| match f.target {
            FallbackTarget::Code(i) => p.codes.get(i).is_some_and(|x| std::ptr::eq(x, c)),
            FallbackTarget::Rule(_) => false,
        })
        .map(|f| f.status_label())
        .collect();
    if !fallbacks.is_empty() {
        let statuses = fallbacks.join(", ");
        fields.push((
            "also for",
            format!("a {statuses} whose body names no known code"),
        ));
    }
    if let Some(url) = rule.docs_url.as_ref().or(p.docs_url.as_ref()) {
        fields.push(("docs", s.code(url)));
    }
    out += &field_list(&fields, s);

    section(&mut out, "Fix", &wrap(&rule.fix, "  "), s);
    if let Some(notes) = &c.notes {
        section(&mut out, "Notes", &wrap(notes, "  "), s);
    }

    if !c.patterns.is_empty() {
        let mut body = String::new();
        for pattern in &c.patterns {
            let _ = writeln!(
                body,
                "  message contains {}",
                s.code(&format!("{:?}", pattern.contains))
            );
            let mut fields = vec![
                ("cause", pattern.cause.clone()),
                ("fix", pattern.fix.clone()),
            ];
            if let Some(category) = pattern.category {
                fields.push(("category", category.as_str().to_owned()));
            }
            if let Some(retry) = pattern.retry {
                fields.push(("retry", retry_meaning(retry, s)));
            }
            body += &indent_fields(&fields, "    ", s);
        }
        section(
            &mut out,
            "Message patterns (the first that matches refines the fix)",
            &body,
            s,
        );
    }

    if !c.causes.is_empty() {
        let mut body = String::new();
        for cause in &c.causes {
            body += &wrap(&format!("- {}", cause.cause), "  ");
            body += &wrap(&format!("fix: {}", cause.fix), "    ");
        }
        section(&mut out, "Causes", &body, s);
    }

    for table in &c.tables {
        let columns: Vec<&str> = table.columns.iter().map(String::as_str).collect();
        let mut t = Table::new(&columns);
        for row in &table.rows {
            t.row(row.clone());
        }
        section(
            &mut out,
            &table.title,
            &t.render("  ", s, |_, cell| cell.to_owned()),
            s,
        );
    }
    if let Some(diagnostic) = &c.diagnostic {
        section(&mut out, "Diagnostic", &block(diagnostic, "    "), s);
    }
    if let Some(example) = &c.example {
        section(&mut out, "Example response", &block(example, "    "), s);
    }
    out
}

/// `errcat explain PROVIDER`: what the catalog says about a provider as a whole.
fn provider_overview(p: &Provider, s: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        s.heading(&format!("{} ({})", p.name, p.key.value)),
        s.dim(&p.enum_name.value)
    );
    out += "\n";
    let mut fields: Vec<(&str, String)> = Vec::new();
    if let Some(url) = &p.docs_url {
        fields.push(("docs", s.code(url)));
    }
    if let Some(url) = &p.status_page {
        fields.push(("status page", s.code(url)));
    }
    let f = &p.format;
    let mut format = vec![format!("code = {}", f.code.join("."))];
    let optional = [
        ("message", &f.message),
        ("type", &f.provider_type),
        ("status", &f.status),
    ];
    for (name, path) in optional {
        if let Some(path) = path {
            format.push(format!("{name} = {}", path.join(".")));
        }
    }
    fields.push(("body fields", format.join(", ")));
    if !p.retry_from.is_empty() {
        let sources: Vec<String> = p.retry_from.iter().map(retry_source).collect();
        fields.push(("retry time", sources.join(", then ")));
    }
    fields.push((
        "codes",
        format!("{} (errcat list --provider {})", p.codes.len(), p.key.value),
    ));
    out += &field_list(&fields, s);

    if !p.fallbacks.is_empty() {
        let mut t = Table::new(&["STATUS", "RESULT", "CATEGORY", "RETRY"]);
        for f in &p.fallbacks {
            let (result, rule) = match &f.target {
                FallbackTarget::Code(i) => match p.codes.get(*i) {
                    Some(c) => (c.code.value.clone(), &c.rule),
                    None => continue,
                },
                FallbackTarget::Rule(rule) => (format!("Unrecognized: {}", rule.summary), rule),
            };
            t.row(vec![
                f.status_label(),
                result,
                rule.category.as_str().to_owned(),
                rule.retry.as_str().to_owned(),
            ]);
        }
        let table = t.render("  ", s, |_, cell| cell.to_owned());
        section(
            &mut out,
            "Status fallbacks (when the body names no known code)",
            &table,
            s,
        );
    }
    if let Some(diagnostic) = &p.diagnostic {
        section(&mut out, "Diagnostic", &block(diagnostic, "    "), s);
    }
    if let Some(notes) = &p.notes {
        section(&mut out, "Notes", &wrap(notes, "  "), s);
    }
    out
}

/// `Retry-After header (retry-after)`, `body retry_after (seconds, for rate_limited only)`.
pub fn retry_source(r: &RetrySource) -> String {
    let place = match &r.location {
        Location::Header(name) => format!("header {name}"),
        Location::Body(path) => format!("body field {}", path.join(".")),
    };
    let only = if r.categories.is_empty() {
        String::new()
    } else {
        let categories: Vec<&str> = r.categories.iter().map(|c| c.as_str()).collect();
        format!(", for {} only", categories.join(", "))
    };
    format!("{place} ({}{only})", r.form.as_str())
}

/// `after-delay (retryable): wait for the provider's delay, then retry`.
fn retry_meaning(rule: RetryRule, s: Style) -> String {
    let (name, meaning) = match rule {
        RetryRule::Never => (
            s.warn("never"),
            "(not retryable): the same request fails until something changes",
        ),
        RetryRule::AfterDelay => (
            s.good("after-delay"),
            "(retryable): wait for the provider's delay, then retry",
        ),
        RetryRule::Backoff => (
            s.good("backoff"),
            "(retryable): retry with exponential backoff",
        ),
    };
    format!("{name} {meaning}")
}

/// `  label     value` lines, labels padded to the widest.
fn field_list(fields: &[(&str, String)], s: Style) -> String {
    indent_fields(fields, "  ", s)
}

fn indent_fields(fields: &[(&str, String)], indent: &str, s: Style) -> String {
    let width = fields.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (label, value) in fields {
        let pad = " ".repeat(width.saturating_sub(label.len()) + 2);
        let continuation = format!("{indent}{}", " ".repeat(width + 2));
        let wrapped = wrap(value, &continuation);
        let value = wrapped.trim_start();
        let _ = write!(out, "{indent}{}{pad}{value}", s.label(label));
        if !value.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

fn section(out: &mut String, title: &str, body: &str, s: Style) {
    let _ = write!(out, "\n{}\n{body}", s.heading(title));
}
