//! `errcat explain CODE`: everything the catalog says about a code, like `rustc --explain`.

use std::fmt::Write as _;
use std::time::Duration;

use error_catalog_schema::model::{Condition, Literal, RetrySource, Source, Test};
use error_catalog_schema::{Catalog, Code, Fallback, Provider, RetryRule, Rule};
use serde_json::{Value, json};

use crate::escape::{block as esc_block, line as esc};
use crate::style::{Style, Table, block};
use crate::{Ctx, Failure, Outcome, catalog, print_json};

const EXAMPLES: &str = "\
Examples:
  errcat explain rate_limit_exceeded          a code, in any provider
  errcat explain attio::rate_limit_exceeded   provider::code, as miette has it
  errcat explain RATE_LIMITED --provider attractos
  errcat explain RateLimitExceeded            a variant name
  errcat explain attractos                    a provider as a whole
  errcat --catalog stripe explain card_declined
  errcat explain rate_limit_exceeded --json

An unknown code suggests the nearest known ones and exits with status 1.";

/// Explain a code: status, category, retry rule, fix, causes, troubleshooting, docs
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Args {
    /// A code (`not_found`), `provider::code`, a variant name, or a provider key; in any case
    #[arg(value_name = "CODE")]
    code: String,

    /// Look only in this provider
    #[arg(long, value_name = "NAME")]
    provider: Option<String>,

    /// Print JSON: an array of what was found, each {"kind": "code"} or {"kind": "provider"}
    #[arg(long)]
    json: bool,
}

/// A code of a provider, with its index.
pub(crate) type Found<'c> = (&'c Provider, usize, &'c Code);

pub(crate) fn run(args: &Args, cx: &mut Ctx<'_>) -> Result<Outcome, Failure> {
    let (catalog, name) = catalog::load(cx.catalog)?;
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

    // What the query names, the most exact first: a code or a variant as written, a provider,
    // then a code or a variant in any case.
    let exact = find(&providers, query, false);
    if !exact.is_empty() {
        print_codes(&exact, args.json, cx)?;
        return Ok(Outcome::Clean);
    }
    if provider.is_none() {
        if let Some(p) = catalog::find_provider(&catalog, query) {
            if args.json {
                print_json(cx, &Value::Array(vec![provider_json(p)]))?;
            } else {
                cx.out
                    .write_all(provider_overview(p, cx.style).as_bytes())?;
            }
            return Ok(Outcome::Clean);
        }
    }
    let loose = find(&providers, query, true);
    if !loose.is_empty() {
        print_codes(&loose, args.json, cx)?;
        return Ok(Outcome::Clean);
    }
    if args.json {
        // Scripts read an array, empty when nothing is found (the exit status says so too).
        print_json(cx, &Value::Array(Vec::new()))?;
    }
    not_found(&catalog, &providers, query, &name, cx)?;
    Ok(Outcome::Finding)
}

fn print_codes(found: &[Found<'_>], json: bool, cx: &mut Ctx<'_>) -> Result<(), Failure> {
    if json {
        let all: Vec<Value> = found.iter().map(|f| code_json(*f)).collect();
        return print_json(cx, &Value::Array(all));
    }
    let text = found
        .iter()
        .map(|f| code(*f, cx.style))
        .collect::<Vec<_>>()
        .join("\n");
    cx.out.write_all(text.as_bytes())?;
    Ok(())
}

/// `explain PROVIDER::CODE --provider NAME`: both must name the same provider.
fn agree(catalog: &Catalog, prefix: &str, flag: &str, code: &str) -> Result<(), Failure> {
    let from_code = catalog::provider(catalog, Some(prefix))?;
    let from_flag = catalog::provider(catalog, Some(flag))?;
    if from_code.key == from_flag.key {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "`{code}` and `--provider {flag}` disagree: the code names provider `{}`, the flag `{}`",
        from_code.key, from_flag.key
    ))
    .with_help(format!(
        "drop --provider (the `{prefix}::` prefix already says the provider), or the prefix"
    )))
}

/// The codes named `query`: by code exactly, else by variant name exactly; with `any_case`,
/// by code or variant name in any case.
fn find<'c>(providers: &[&'c Provider], query: &str, any_case: bool) -> Vec<Found<'c>> {
    let all = || {
        providers
            .iter()
            .flat_map(|p| p.codes.iter().enumerate().map(move |(i, c)| (*p, i, c)))
    };
    if any_case {
        return all()
            .filter(|(_, _, c)| {
                c.code.eq_ignore_ascii_case(query) || c.variant.eq_ignore_ascii_case(query)
            })
            .collect();
    }
    let by_code: Vec<_> = all().filter(|(_, _, c)| c.code == query).collect();
    if !by_code.is_empty() {
        return by_code;
    }
    all().filter(|(_, _, c)| c.variant == query).collect()
}

fn not_found(
    catalog: &Catalog,
    providers: &[&Provider],
    query: &str,
    name: &str,
    cx: &mut Ctx<'_>,
) -> Result<(), Failure> {
    let s = cx.err_style;
    let within = match providers {
        [only] if catalog.providers.len() > 1 => format!(" of provider `{}`", esc(&only.key)),
        _ => String::new(),
    };
    writeln!(
        cx.err,
        "{} no code `{}`{within} in {name}",
        s.error("error:"),
        esc(query)
    )?;
    let candidates = providers.iter().flat_map(|p| {
        p.codes.iter().map(|c| {
            let names = vec![&*c.code, &*c.variant];
            (esc(&format!("{}::{}", p.key, c.code)).into_owned(), names)
        })
    });
    let near = catalog::nearest(query, candidates, 5);
    let shipped = error_catalog_schema::shipped(query).is_some();
    if shipped && providers.len() == catalog.providers.len() {
        writeln!(
            cx.err,
            "{} `{query}` is a catalog shipped with errcat: `errcat --catalog {query} explain {query}`",
            s.help("help:")
        )?;
    } else if near.is_empty() {
        let catalog_arg = match cx.catalog.arg() {
            Some(arg) => format!("--catalog {} ", esc(&arg)),
            None => String::new(),
        };
        writeln!(
            cx.err,
            "{} `errcat {catalog_arg}list` shows every code of the catalog",
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
pub(crate) fn code((p, index, c): Found<'_>, s: Style) -> String {
    let rule = &c.rule;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        s.heading(&esc(&format!("{}::{}", p.key, c.code))),
        s.dim(&esc(&format!("{}::{}", p.enum_name, c.variant))),
    );
    out += "\n";
    out += &s.wrap(&esc(&rule.summary), "");
    out += "\n";

    let mut fields: Vec<(&str, String)> = vec![
        (
            "provider",
            esc(&format!("{} ({})", p.name, p.key)).into_owned(),
        ),
        ("status", c.status.to_string()),
    ];
    if let Some(t) = &c.provider_type {
        fields.push(("type", esc(t).into_owned()));
    }
    fields.push(("category", rule.category.as_str().to_owned()));
    fields.push(("retry", retry_meaning(rule.retry, s)));
    if rule.retry.is_retryable() {
        fields.push(("retry time", retry_time(p, rule)));
    }
    let fallbacks: Vec<String> = also_for(p, index)
        .map(|f| esc(&fallback_label(f)).into_owned())
        .collect();
    if !fallbacks.is_empty() {
        let statuses = fallbacks.join(", ");
        fields.push((
            "also for",
            format!("a {statuses} whose body names no known code"),
        ));
    }
    let overrides: Vec<String> = p
        .any_code_order
        .iter()
        .filter_map(|r| r.get(p))
        .map(|f| {
            let label = esc(&fallback_label(f)).into_owned();
            let rule = &f.rule;
            format!(
                "a {label} takes the fallback's rule ({}, {})",
                rule.category, rule.retry
            )
        })
        .collect();
    if !overrides.is_empty() {
        fields.push(("any code", overrides.join("; ")));
    }
    if let Some(url) = rule.docs_url.as_ref().or(p.docs_url.as_ref()) {
        fields.push(("docs", s.code(&esc(url))));
    }
    out += &field_list(&fields, "  ", s);

    section(&mut out, "Fix", &s.wrap(&esc(&rule.fix), "  "), s);
    if let Some(notes) = &c.notes {
        section(&mut out, "Notes", &s.wrap(&esc_block(notes), "  "), s);
    }

    if !c.patterns.is_empty() {
        let mut body = String::new();
        for pattern in c.patterns.iter() {
            let _ = writeln!(body, "  {}", pattern_condition(pattern, s));
            let mut fields = vec![
                ("cause", esc(&pattern.cause).into_owned()),
                ("fix", esc(&pattern.rule.fix).into_owned()),
            ];
            if let Some(category) = pattern.category {
                fields.push(("category", category.as_str().to_owned()));
            }
            if let Some(retry) = pattern.retry {
                fields.push(("retry", retry_meaning(retry, s)));
            }
            // Where the wait comes from, when the pattern's differs from the code's (or the
            // code's is not retryable: Discord's code 0 is, by its rate-limit pattern).
            let own_wait = !rule.retry.is_retryable()
                || pattern.rule.category != rule.category
                || pattern.rule.default_delay != rule.default_delay
                || pattern.rule.min_delay != rule.min_delay;
            if pattern.rule.retry.is_retryable() && own_wait {
                fields.push(("retry time", retry_time(p, &pattern.rule)));
            }
            body += &field_list(&fields, "    ", s);
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
        for cause in c.causes.iter() {
            body += &s.wrap(&format!("- {}", esc(&cause.cause)), "  ");
            body += &s.wrap(&format!("fix: {}", esc(&cause.fix)), "    ");
        }
        section(&mut out, "Causes", &body, s);
    }

    for table in c.tables.iter() {
        let columns: Vec<String> = table.columns.iter().map(|c| esc(c).into_owned()).collect();
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut t = Table::new(&columns);
        for row in table.rows.iter() {
            t.row(row.iter().map(|cell| esc(cell).into_owned()).collect());
        }
        section(
            &mut out,
            &esc(&table.title),
            &t.render("  ", s, |_, cell| cell.to_owned()),
            s,
        );
    }
    if let Some(troubleshoot) = &c.troubleshoot {
        section(
            &mut out,
            "Troubleshoot",
            &block(&esc_block(troubleshoot), "    "),
            s,
        );
    }
    if let Some(example) = &c.example {
        section(
            &mut out,
            "Example response",
            &block(&esc_block(example), "    "),
            s,
        );
    }
    out
}

/// The fallbacks in the order the runtime tries them.
fn fallbacks_in_order(p: &Provider) -> impl Iterator<Item = &Fallback> {
    p.fallback_order.iter().filter_map(|r| r.get(p))
}

/// The fallbacks that produce `codes[index]`.
fn also_for(p: &Provider, index: usize) -> impl Iterator<Item = &Fallback> {
    p.fallbacks
        .iter()
        .filter(move |f| f.code.and_then(|c| usize::try_from(c).ok()) == Some(index))
}

/// `429`, `5xx`, `403 when message contains "rate limit"`.
fn fallback_label(f: &Fallback) -> String {
    let mut label = f.status_label();
    let mut conditions: Vec<String> = Vec::new();
    if let Some(needle) = &f.contains {
        conditions.push(format!("message contains {:?}", &*needle.text));
    }
    conditions.extend(f.when.iter().map(condition));
    if !conditions.is_empty() {
        label = format!("{label} when {}", conditions.join(" and "));
    }
    label
}

/// `message contains "complexity"`, `when header X-Reason = "quota"`.
fn pattern_condition(pattern: &error_catalog_schema::model::Pattern, s: Style) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(needle) = &pattern.contains {
        parts.push(format!(
            "message contains {}",
            s.code(&esc(&format!("{:?}", &*needle.text)))
        ));
    }
    parts.extend(pattern.when.iter().map(|w| esc(&condition(w)).into_owned()));
    if parts.is_empty() {
        "always".to_owned()
    } else {
        parts.join(" and ")
    }
}

/// The retry sources that apply under `rule`, in order: none when it is not retryable.
fn retry_sources(p: &Provider, rule: &Rule) -> Vec<String> {
    if !rule.retry.is_retryable() {
        return Vec::new();
    }
    p.retry_from
        .iter()
        .filter(|r| r.categories.is_empty() || r.categories.contains(&rule.category))
        .map(retry_source)
        .collect()
}

/// Where the retry time of an error under `rule` comes from, in order, and the catalog's
/// waits.
fn retry_time(p: &Provider, rule: &Rule) -> String {
    let sources: Vec<String> = retry_sources(p, rule)
        .iter()
        .map(|r| esc(r).into_owned())
        .collect();
    let mut wait = if sources.is_empty() {
        "none from the provider".to_owned()
    } else {
        sources.join(", then ")
    };
    match rule.default_delay {
        Some(d) => {
            let _ = write!(wait, "; else {} (the catalog's default)", seconds(d));
        }
        None if sources.is_empty() => wait += ": back off",
        None => {}
    }
    if let Some(d) = rule.min_delay {
        let _ = write!(wait, "; at least {} (the catalog's minimum)", seconds(d));
    }
    wait
}

/// `1 s`, `0.5 s`.
fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

/// `header Retry-After (retry-after)`, `body field retry_after (seconds, for rate_limited
/// only)`. Not escaped.
pub(crate) fn retry_source(r: &RetrySource) -> String {
    let mut only: Vec<String> = Vec::new();
    if !r.categories.is_empty() {
        let categories: Vec<&str> = r.categories.iter().map(|c| c.as_str()).collect();
        only.push(format!("for {} only", categories.join(", ")));
    }
    if !r.when.is_empty() {
        let when: Vec<String> = r.when.iter().map(condition).collect();
        only.push(format!("when {}", when.join(" and ")));
    }
    let mut detail = r.form.as_str().to_owned();
    for o in only {
        detail += ", ";
        detail += &o;
    }
    format!("{} ({detail})", source(&r.source))
}

/// `header Retry-After`, `body field error.retry_after`, `message after "try again in"`.
/// Not escaped.
pub(crate) fn source(s: &Source) -> String {
    match s {
        Source::Header(name) => format!("header {name}"),
        Source::Body(path) => format!("body field {}", path.path),
        Source::Message(needle) => format!("message after {:?}", &*needle.text),
        _ => "another source".to_owned(),
    }
}

/// `header X-Reason = "quota"`, `body field errors is non-empty`. Not escaped.
fn condition(c: &Condition) -> String {
    let test = match &c.test {
        Test::Equals(Literal::Str(s)) => format!("= {:?}", &**s),
        Test::Equals(Literal::Int(n)) => format!("= {n}"),
        Test::Equals(Literal::Bool(b)) => format!("= {b}"),
        Test::NonEmpty => "is non-empty".to_owned(),
        Test::Present(true) => "is present".to_owned(),
        Test::Present(false) => "is absent".to_owned(),
        _ => "holds".to_owned(),
    };
    format!("{} {test}", source(&c.source))
}

/// `errcat explain PROVIDER`: what the catalog says about a provider as a whole.
pub(crate) fn provider_overview(p: &Provider, s: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        s.heading(&esc(&format!("{} ({})", p.name, p.key))),
        s.dim(&esc(&p.enum_name))
    );
    out += "\n";
    let mut fields: Vec<(&str, String)> = Vec::new();
    if let Some(url) = &p.docs_url {
        fields.push(("docs", s.code(&esc(url))));
    }
    if let Some(url) = &p.status_page {
        fields.push(("status page", s.code(&esc(url))));
    }
    let body_fields: Vec<String> = format_fields(p)
        .into_iter()
        .map(|(name, sources)| format!("{name} = {}", sources.join(" or ")))
        .collect();
    fields.push(("body fields", esc(&body_fields.join(", ")).into_owned()));
    if !p.retry_from.is_empty() {
        let sources: Vec<String> = p.retry_from.iter().map(retry_source).collect();
        fields.push(("retry time", esc(&sources.join(", then ")).into_owned()));
    }
    if !p.success_errors.is_empty() {
        let when: Vec<String> = p.success_errors.iter().map(condition).collect();
        fields.push((
            "error in a 2xx",
            esc(&format!("when {}", when.join(", or "))).into_owned(),
        ));
    }
    fields.push((
        "codes",
        format!("{} (errcat list --provider {})", p.codes.len(), esc(&p.key)),
    ));
    out += &field_list(&fields, "  ", s);

    if !p.fallbacks.is_empty() {
        // In the order they are tried (narrowest status range first), each wrapped: a
        // fallback's conditions and summary make lines no table fits in 80 columns.
        let mut body = String::new();
        for f in fallbacks_in_order(p) {
            let rule = &f.rule;
            let code = f.code.and_then(|c| p.codes.get(usize::try_from(c).ok()?));
            let result = match code {
                Some(c) => format!("{} ({}, {})", c.code, rule.category, rule.retry),
                None => format!(
                    "Unrecognized ({}, {}): {}",
                    rule.category, rule.retry, rule.summary
                ),
            };
            let any_code = if f.any_code {
                " A known code keeps its variant and takes this rule."
            } else {
                ""
            };
            let line = esc(&format!("{}: {result}{any_code}", fallback_label(f))).into_owned();
            body += "  ";
            body += s.wrap(&line, "      ").trim_start();
        }
        section(
            &mut out,
            "Status fallbacks (when the body names no known code; the first that holds)",
            &body,
            s,
        );
    }
    if let Some(troubleshoot) = &p.troubleshoot {
        section(
            &mut out,
            "Troubleshoot",
            &block(&esc_block(troubleshoot), "    "),
            s,
        );
    }
    if let Some(notes) = &p.notes {
        section(&mut out, "Notes", &s.wrap(&esc_block(notes), "  "), s);
    }
    out
}

/// The fields of the provider's `format` that it sets, each with its sources in order. Not
/// escaped.
fn format_fields(p: &Provider) -> Vec<(&'static str, Vec<String>)> {
    let f = &p.format;
    let fields = [
        ("code", &f.code),
        ("message", &f.message),
        ("type", &f.provider_type),
        ("status", &f.status),
        ("request_id", &f.request_id),
        ("should_retry", &f.should_retry),
    ];
    fields
        .into_iter()
        .filter(|(_, sources)| !sources.is_empty())
        .map(|(name, sources)| {
            let sources = sources
                .iter()
                .map(|s| match s {
                    Source::Body(path) => path.path.to_string(),
                    other => source(other),
                })
                .collect();
            (name, sources)
        })
        .chain(f.unwrap_array.as_ref().map(|key| {
            let element = format!("an array body: its first element with the key {key:?}");
            ("unwrap_array", vec![element])
        }))
        .collect()
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
        _ => (s.dim(rule.as_str()), ""),
    };
    format!("{name} {meaning}").trim_end().to_owned()
}

/// `{indent}label     value` lines, labels padded to the widest, values wrapped.
pub(crate) fn field_list(fields: &[(&str, String)], indent: &str, s: Style) -> String {
    let width = fields.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (label, value) in fields {
        let pad = " ".repeat(width.saturating_sub(label.len()) + 2);
        let continuation = format!("{indent}{}", " ".repeat(width + 2));
        let wrapped = s.wrap(value, &continuation);
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

fn rule_json(rule: &Rule) -> Value {
    json!({
        "category": rule.category.as_str(),
        "retry": rule.retry.as_str(),
        "retryable": rule.retry.is_retryable(),
        "summary": rule.summary,
        "fix": rule.fix,
        "docs_url": rule.docs_url,
        "default_delay_secs": rule.default_delay.map(|d| d.as_secs_f64()),
        "min_delay_secs": rule.min_delay.map(|d| d.as_secs_f64()),
    })
}

/// `explain --json` of a code.
pub(crate) fn code_json((p, index, c): Found<'_>) -> Value {
    let rule = &c.rule;
    let patterns: Vec<Value> = c
        .patterns
        .iter()
        .map(|pattern| {
            json!({
                "contains": pattern.contains.as_ref().map(|n| &n.text),
                "when": pattern.when.iter().map(condition).collect::<Vec<_>>(),
                "cause": pattern.cause,
                "fix": pattern.rule.fix,
                "category": pattern.rule.category.as_str(),
                "retry": pattern.rule.retry.as_str(),
                "default_delay_secs": pattern.rule.default_delay.map(|d| d.as_secs_f64()),
                "min_delay_secs": pattern.rule.min_delay.map(|d| d.as_secs_f64()),
                "retry_from": retry_sources(p, &pattern.rule),
            })
        })
        .collect();
    let causes: Vec<Value> = c
        .causes
        .iter()
        .map(|cause| json!({ "cause": cause.cause, "fix": cause.fix }))
        .collect();
    let tables: Vec<Value> = c
        .tables
        .iter()
        .map(|t| json!({ "title": t.title, "columns": t.columns, "rows": t.rows }))
        .collect();
    let mut out = json!({
        "kind": "code",
        "provider": p.key,
        "provider_name": p.name,
        "code": c.code,
        "variant": format!("{}::{}", p.enum_name, c.variant),
        "status": c.status,
        "type": c.provider_type,
        "docs_url": rule.docs_url.as_ref().or(p.docs_url.as_ref()),
        "retry_from": retry_sources(p, rule),
        "also_for": also_for(p, index).map(fallback_label).collect::<Vec<_>>(),
        "notes": c.notes,
        "patterns": patterns,
        "causes": causes,
        "tables": tables,
        "troubleshoot": c.troubleshoot,
        "example": c.example,
    });
    merge(&mut out, rule_json(rule));
    out
}

/// `explain --json` of a provider.
pub(crate) fn provider_json(p: &Provider) -> Value {
    let format: serde_json::Map<String, Value> = format_fields(p)
        .into_iter()
        .map(|(name, sources)| (name.to_owned(), sources.into()))
        .collect();
    let fallbacks: Vec<Value> = fallbacks_in_order(p)
        .map(|f| {
            let code = f
                .code
                .and_then(|c| p.codes.get(usize::try_from(c).ok()?))
                .map(|c| &c.code);
            let mut out =
                json!({ "status": fallback_label(f), "code": code, "any_code": f.any_code });
            merge(&mut out, rule_json(&f.rule));
            out
        })
        .collect();
    json!({
        "kind": "provider",
        "key": p.key,
        "name": p.name,
        "enum": p.enum_name,
        "docs_url": p.docs_url,
        "status_page": p.status_page,
        "format": format,
        "retry_from": p.retry_from.iter().map(retry_source).collect::<Vec<_>>(),
        "success_errors": p.success_errors.iter().map(condition).collect::<Vec<_>>(),
        "codes": p.codes.len(),
        "fallbacks": fallbacks,
        "unrecognized": rule_json(&p.unrecognized),
        "troubleshoot": p.troubleshoot,
        "notes": p.notes,
    })
}

fn merge(into: &mut Value, from: Value) {
    if let (Value::Object(into), Value::Object(from)) = (into, from) {
        for (k, v) in from {
            into.entry(k).or_insert(v);
        }
    }
}
