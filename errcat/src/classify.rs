//! `errcat classify`: what a captured error response means, as the generated enums see it.

use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use error_catalog::{DynError, NormalizedError, ProblemDetails};

use crate::style::{Style, wrap};
use crate::{Ctx, Failure, Outcome, catalog, spec};

const EXAMPLES: &str = "\
Examples:
  errcat classify --provider acme --status 429 --header 'Retry-After: 2' response.json
  errcat classify --provider acme --status 502 page.html
  errcat classify --provider acme --status 429           a response without a body
  errcat classify --provider acme --status 404 --json - < body.json

Replay a captured response, waits counted from when it arrived:
  errcat classify --provider acme --status 429 --received-at 'Sat, 22 Mar 2025 14:30:00 GMT' \\
      -H 'Retry-After: Sat, 22 Mar 2025 14:30:01 GMT' body.json

Without FILE the body is empty; `-` reads it from standard input.";

/// Classify a captured HTTP error response: category, variant, retry decision and fix
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The provider that sent the response (may be omitted when the catalog has only one)
    #[arg(long, value_name = "NAME")]
    provider: Option<String>,

    /// The HTTP status of the response
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(100..=599))]
    status: u16,

    /// A response header, `Name: value` (repeat for more)
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE", value_parser = header)]
    headers: Vec<(String, String)>,

    /// Classify as if received at this time (an HTTP-date, e.g. the response's Date header,
    /// or Unix seconds): waits count from it [default: now]
    #[arg(long, value_name = "TIME", value_parser = time)]
    received_at: Option<SystemTime>,

    /// Print RFC 9457 problem details (application/problem+json) instead
    #[arg(long)]
    json: bool,

    /// The response body; `-` reads standard input [default: an empty body]
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

pub fn run(args: &Args, cx: &mut Ctx<'_>) -> Result<Outcome, Failure> {
    let (catalog, _) = catalog::load(cx.catalog)?;
    let provider = catalog::provider(&catalog, args.provider.as_deref())?;
    let body = read_body(args.file.as_ref())?;
    let now = args.received_at.unwrap_or_else(SystemTime::now);
    let error = DynError::from_response_at(
        spec::provider(provider),
        args.status,
        &args.headers,
        &body,
        now,
    );
    if args.json {
        let problem = ProblemDetails::from_error_at(&error, now);
        let json = serde_json::to_string_pretty(&problem)
            .map_err(|e| Failure::usage(format!("cannot write JSON: {e}")))?;
        writeln!(cx.out, "{json}")?;
    } else {
        cx.out.write_all(report(&error, now, cx.style).as_bytes())?;
    }
    Ok(Outcome::Clean)
}

fn read_body(file: Option<&PathBuf>) -> Result<Vec<u8>, Failure> {
    let Some(file) = file else {
        return Ok(Vec::new());
    };
    let mut body = Vec::new();
    let read = if file.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut body).map(|_| body)
    } else {
        std::fs::read(file)
    };
    read.map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", file.display())))
}

/// The report a person reads.
fn report(e: &DynError, now: SystemTime, s: Style) -> String {
    let provider = e.provider_spec();
    let code = e.code_spec().map_or("unrecognized", |c| c.code);
    let mut fields = vec![
        (
            "variant",
            format!(
                "{}::{}  {}",
                provider.enum_name,
                e.variant_name(),
                s.dim(&format!("({}::{code})", provider.key))
            ),
        ),
        ("category", e.category().to_string()),
        ("retry", retry_decision(e, now, s)),
        ("summary", e.summary().to_owned()),
    ];
    if let Some(pattern) = e.pattern() {
        fields.push(("cause", pattern.cause.to_owned()));
    }
    fields.push(("fix", e.fix_hint().to_owned()));
    if let Some(url) = e.docs_url() {
        fields.push(("docs", s.code(url)));
    }
    let width = fields.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let mut out = format!("{}\n\n", s.heading(&e.to_string()));
    for (label, value) in fields {
        let pad = " ".repeat(width.saturating_sub(label.len()) + 2);
        let wrapped = wrap(&value, &" ".repeat(width + 4));
        out += &format!("  {}{pad}{}", s.label(label), wrapped.trim_start());
    }
    out
}

/// `yes, in 1.0 s (after-delay), at Sat, 22 Mar 2025 14:30:01 GMT`, `no (never): …`.
fn retry_decision(e: &DynError, now: SystemTime, s: Style) -> String {
    let rule = e.retry_rule();
    let wait = e
        .retry_at()
        .map(|at| (at, at.duration_since(now).unwrap_or(Duration::ZERO)));
    if !rule.is_retryable() {
        let suggested = wait.map_or_else(String::new, |(_, w)| {
            format!(
                " (the provider suggests {}, but waiting does not help)",
                seconds(w)
            )
        });
        return format!(
            "{} ({rule}): the same request fails until something changes{suggested}",
            s.warn("no")
        );
    }
    let yes = s.good("yes");
    match wait {
        Some((_, w)) if w.is_zero() => format!("{yes}, now ({rule}): the retry time has passed"),
        Some((at, w)) => format!("{yes}, in {} ({rule}), at {}", seconds(w), http_date(at)),
        None if rule == error_catalog::RetryRule::AfterDelay => {
            format!("{yes}, after a backoff ({rule}): the response gave no retry time")
        }
        None => format!("{yes}, with exponential backoff ({rule})"),
    }
}

/// `0.5 s`, `42 s`, `3 min 20 s`, `2 h 5 min`.
fn seconds(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 10.0 {
        return format!("{secs:.1} s");
    }
    let whole = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    match whole {
        0..120 => format!("{whole} s"),
        120..7200 => format!("{} min {} s", whole / 60, whole % 60),
        _ => format!("{} h {} min", whole / 3600, whole % 3600 / 60),
    }
}

/// Seconds from the Unix epoch to 10000-01-01T00:00:00Z: `httpdate` formats only the
/// times before it (it panics on later ones).
const HTTP_DATE_END: u64 = 253_402_300_800;

/// `at` as an HTTP-date (`Sat, 22 Mar 2025 14:30:01 GMT`) when it has one (from 1970 to
/// year 9999), else as Unix seconds (`253402300805 (Unix seconds)`).
fn http_date(at: SystemTime) -> String {
    match at.duration_since(UNIX_EPOCH) {
        Ok(d) if d.as_secs() < HTTP_DATE_END => httpdate::fmt_http_date(at),
        Ok(d) => format!("{} (Unix seconds)", d.as_secs()),
        Err(before) => format!("-{} (Unix seconds)", before.duration().as_secs()),
    }
}

/// `--header 'Name: value'`.
fn header(arg: &str) -> Result<(String, String), String> {
    let (name, value) = arg
        .split_once(':')
        .ok_or_else(|| format!("expected `Name: value`, found `{arg}`"))?;
    let name = name.trim();
    // RFC 9110 token characters.
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(token) {
        return Err(format!("`{name}` is not a header name"));
    }
    Ok((name.to_owned(), value.trim().to_owned()))
}

/// `--received-at`: an HTTP-date or Unix seconds.
fn time(arg: &str) -> Result<SystemTime, String> {
    if let Ok(secs) = arg.trim().parse::<u64>() {
        return UNIX_EPOCH
            .checked_add(Duration::from_secs(secs))
            .ok_or_else(|| format!("{secs} Unix seconds is later than this system can represent"));
    }
    httpdate::parse_http_date(arg.trim()).map_err(|_| {
        format!(
            "expected an HTTP-date (`Sat, 22 Mar 2025 14:30:00 GMT`) or Unix seconds, found `{arg}`"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_naturally() {
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(seconds(Duration::from_millis(29_999)), "30 s");
        assert_eq!(seconds(Duration::from_secs(200)), "3 min 20 s");
        assert_eq!(seconds(Duration::from_secs(7500)), "2 h 5 min");
    }

    #[test]
    fn headers_are_name_colon_value() {
        assert_eq!(
            header("Retry-After:  2 "),
            Ok(("Retry-After".to_owned(), "2".to_owned()))
        );
        assert_eq!(
            header("Date: Sat, 22 Mar 2025 14:30:00 GMT").map(|h| h.1),
            Ok("Sat, 22 Mar 2025 14:30:00 GMT".to_owned())
        );
        assert!(header("Retry-After 2").is_err());
        assert!(header(": 2").is_err());
        assert!(header("Bad Name: 2").is_err());
    }

    #[test]
    fn times_are_http_dates_or_unix_seconds() {
        let t = UNIX_EPOCH + Duration::from_secs(1_742_653_800);
        assert_eq!(time("Sat, 22 Mar 2025 14:30:00 GMT"), Ok(t));
        assert_eq!(time("1742653800"), Ok(t));
        assert!(time("tomorrow").is_err());
        assert!(time("18446744073709551615").is_err());
    }

    #[test]
    fn times_past_year_9999_print_as_unix_seconds() {
        let at = |secs| UNIX_EPOCH + Duration::from_secs(secs);
        assert_eq!(
            http_date(at(1_742_653_801)),
            "Sat, 22 Mar 2025 14:30:01 GMT"
        );
        assert_eq!(
            http_date(at(HTTP_DATE_END - 1)),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
        assert_eq!(
            http_date(at(HTTP_DATE_END + 4)),
            "253402300804 (Unix seconds)"
        );
    }
}
