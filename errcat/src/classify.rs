//! `errcat classify`: what a captured error response means, as the generated enums see it.

use std::fs::File;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use error_catalog::{DynError, MAX_PARSED_BODY, NormalizedError, ProblemDetails, WaitOrigin};

use crate::escape::line as esc;
use crate::explain::{field_list, retry_source};
use crate::style::Style;
use crate::{Ctx, Failure, Outcome, catalog, print_json};

const EXAMPLES: &str = "\
Examples:
  errcat classify --provider attio --status 429 --header 'Retry-After: 2'
  errcat classify --provider attractos --status 503
  echo '{\"code\":\"not_found\"}' |
    errcat classify --provider attio --status 404 -
  echo '{\"error\":{\"code\":\"card_declined\"}}' |
    errcat --catalog stripe classify --provider stripe --status 402 --json -

Replay a captured response, waits counted from when it arrived:
  errcat classify --provider attio --status 429 \\
    --received-at 'Sat, 22 Mar 2025 14:30:00 GMT' \\
    -H 'Retry-After: Sat, 22 Mar 2025 14:30:01 GMT'

Without FILE the body is empty; `-` reads it from standard input. Of a header given more than once, the first counts (as `http::HeaderMap::get`).

A response that is no error (a 1xx to 3xx status the catalog does not mark as an error, as Slack's `\"ok\": true`) is classified too: the output says so, `--json` prints `\"is_error\": false` (the key is absent for an error), and the exit status is 0.

Beside `retry_after`, `--json` says where the time came from: `\"retry_after_from\"` is `response`, `catalog_default` (the response gave none) or `catalog_minimum` (it gave a sooner one).

errcat reads at most 1 MiB + 64 KiB of a body: the runtime parses no body over 1 MiB (MAX_PARSED_BODY), so the rest would change nothing. The output says when a body was cut, or too large to be parsed.";

/// Bytes read of a body beyond [`MAX_PARSED_BODY`]: enough to know that a body is over the
/// limit, and what errcat hands to the runtime then (which parses no body over the limit, so
/// the bytes after it change nothing).
pub(crate) const READ_MARGIN: usize = 64 * 1024;

/// The most errcat reads of a body.
pub(crate) const MAX_READ: usize = MAX_PARSED_BODY + READ_MARGIN;

/// Classify a captured HTTP error response: category, variant, retry decision and fix
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Args {
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

/// A body as read: at most [`MAX_READ`] bytes.
pub(crate) struct Body {
    pub(crate) bytes: Vec<u8>,
    /// Whether there was more than [`MAX_READ`] (and errcat stopped reading).
    pub(crate) cut: bool,
}

pub(crate) fn run(args: &Args, cx: &mut Ctx<'_>) -> Result<Outcome, Failure> {
    let (catalog, _) = catalog::load(cx.catalog)?;
    let provider = catalog::provider(&catalog, args.provider.as_deref())?;
    let provider = Arc::new(provider.clone());
    let body = read_body(args.file.as_ref())?;
    let now = args.received_at.unwrap_or_else(SystemTime::now);
    let error = DynError::from_response_at(
        Arc::clone(&provider),
        args.status,
        &args.headers,
        &body.bytes,
        now,
    );
    if args.json {
        let mut problem = ProblemDetails::from_error_at(&error, now);
        // The interface scripts rely on has `detail` and `code` always (API.md): empty when the
        // response had none, where the library's problem details leave them out.
        problem.detail.get_or_insert_with(String::new);
        let code = problem.code.is_empty().then_some("");
        print_json(
            cx,
            &Classified {
                problem: &problem,
                code,
                is_error: error.is_error(),
                retry_after_from: problem
                    .retry_after
                    .and(error.wait_origin())
                    .map(|o| o.as_str()),
            },
        )?;
        // Standard output stays one JSON document: what a person should know goes aside.
        if let Some(note) = body_note(&body) {
            writeln!(cx.err, "{} body: {note}", cx.err_style.warn("note:"))?;
        }
    } else {
        cx.out
            .write_all(report(&error, &body, now, cx.style).as_bytes())?;
    }
    Ok(Outcome::Clean)
}

/// `classify --json`: the problem details, with `code` even when it is empty.
#[derive(serde::Serialize)]
struct Classified<'a> {
    #[serde(flatten)]
    problem: &'a ProblemDetails,
    /// `Some("")` when the problem details leave `code` out.
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    /// Written only when `false`: the response is no error (a success status the catalog
    /// does not mark as an error).
    #[serde(skip_serializing_if = "is_true")]
    is_error: bool,
    /// Beside `retry_after`: whether the response gave the time (`response`) or the catalog
    /// did (`catalog_default`: the response gave none; `catalog_minimum`: it gave a sooner one).
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_from: Option<&'static str>,
}

fn is_true(b: &bool) -> bool {
    *b
}

/// Reads at most [`MAX_READ`] bytes of the body, and one more to know whether it goes on.
fn read_body(file: Option<&PathBuf>) -> Result<Body, Failure> {
    let Some(file) = file else {
        return Ok(Body {
            bytes: Vec::new(),
            cut: false,
        });
    };
    let failed = |e: std::io::Error| {
        Failure::usage(format!(
            "cannot read `{}`: {e}",
            esc(&file.to_string_lossy())
        ))
    };
    if file.as_os_str() == "-" {
        read_bounded(std::io::stdin().lock()).map_err(failed)
    } else {
        read_bounded(File::open(file).map_err(failed)?).map_err(failed)
    }
}

fn read_bounded(reader: impl Read) -> std::io::Result<Body> {
    let limit = u64::try_from(MAX_READ).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    let mut reader = reader.take(limit.saturating_add(1));
    reader.read_to_end(&mut bytes)?;
    let cut = bytes.len() > MAX_READ;
    bytes.truncate(MAX_READ);
    Ok(Body { bytes, cut })
}

/// What the output says about a body that was not parsed for its size.
fn body_note(body: &Body) -> Option<String> {
    let limit = thousands(MAX_PARSED_BODY);
    if body.cut {
        Some(format!(
            "more than {} bytes: errcat stopped reading there; a body over {limit} bytes \
             is not parsed, so no field was read from it",
            thousands(MAX_READ)
        ))
    } else if body.bytes.len() > MAX_PARSED_BODY {
        Some(format!(
            "{} bytes: a body over {limit} bytes is not parsed, so no field was read from it",
            thousands(body.bytes.len())
        ))
    } else {
        None
    }
}

/// `1,048,576`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The report a person reads.
pub(crate) fn report(e: &DynError, body: &Body, now: SystemTime, s: Style) -> String {
    let provider = e.provider_spec();
    let code = e.code_spec().map_or("unrecognized", |c| &c.code);
    let mut fields = vec![
        (
            "variant",
            format!(
                "{}::{}  {}",
                esc(&provider.enum_name),
                esc(e.variant_name()),
                s.dim(&esc(&format!("({}::{code})", provider.key)))
            ),
        ),
        ("category", e.category().to_string()),
        ("retry", retry_decision(e, now, s)),
    ];
    if let Some(origin) = wait_origin(e) {
        fields.push(("wait from", origin));
    }
    fields.push(("summary", esc(e.summary()).into_owned()));
    if let Some(pattern) = e.pattern() {
        fields.push(("cause", esc(&pattern.cause).into_owned()));
    }
    fields.push(("fix", esc(e.fix_hint()).into_owned()));
    if let Some(id) = e.request_id() {
        fields.push(("request id", esc(id).into_owned()));
    }
    if let Some(url) = e.docs_url() {
        fields.push(("docs", s.code(&esc(url))));
    }
    if let Some(note) = body_note(body) {
        fields.push(("body", s.warn(&note)));
    }
    // The runtime's Display escapes and bounds the provider's message.
    let mut out = format!("{}\n\n", s.heading(&e.to_string()));
    out += &field_list(&fields, "  ", s);
    out
}

/// Where the retry time came from: the source the catalog names, or its default or minimum.
fn wait_origin(e: &DynError) -> Option<String> {
    let rule = e.rule();
    let origin = match e.details().wait_origin()? {
        WaitOrigin::Provider { source } => {
            let source = e.provider_spec().retry_from.get(usize::from(source));
            match source {
                Some(source) => format!("the response: {}", esc(&retry_source(source))),
                None => "the response".to_owned(),
            }
        }
        WaitOrigin::CatalogDefault => match rule.default_delay {
            Some(d) => format!(
                "the catalog's default delay of {}: the response gave no retry time",
                seconds(d)
            ),
            None => "the catalog's default delay: the response gave no retry time".to_owned(),
        },
        WaitOrigin::CatalogMinimum => match rule.min_delay {
            Some(d) => format!(
                "the catalog's minimum delay of {}: the response's retry time was sooner",
                seconds(d)
            ),
            None => "the catalog's minimum delay: the response's retry time was sooner".to_owned(),
        },
        _ => "the catalog".to_owned(),
    };
    Some(origin)
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
        .ok_or_else(|| format!("expected `Name: value`, found `{}`", esc(arg)))?;
    let name = name.trim();
    // RFC 9110 token characters.
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(token) {
        return Err(format!("`{}` is not a header name", esc(name)));
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
            "expected an HTTP-date (`Sat, 22 Mar 2025 14:30:00 GMT`) or Unix seconds, found `{}`",
            esc(arg)
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
        assert_eq!(
            header("\x1b[2J"),
            Err("expected `Name: value`, found `\\u{1b}[2J`".to_owned())
        );
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

    #[test]
    fn a_body_is_read_up_to_the_limit_and_its_cut_is_known() {
        let exact = read_bounded(&vec![b'x'; MAX_READ][..]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((exact.bytes.len(), exact.cut), (MAX_READ, false));
        let over =
            read_bounded(std::io::repeat(b'x').take(4 << 20)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((over.bytes.len(), over.cut), (MAX_READ, true));
        assert!(body_note(&over).is_some_and(|n| n.contains("stopped reading")));
        let big =
            read_bounded(&vec![b'x'; MAX_PARSED_BODY + 1][..]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            body_note(&big).as_deref(),
            Some(
                "1,048,577 bytes: a body over 1,048,576 bytes is not parsed, so no field was \
                 read from it"
            )
        );
        let small = read_bounded(&b"{}"[..]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(body_note(&small), None);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_114_112), "1,114,112");
    }
}
