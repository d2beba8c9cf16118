//! The `errcat` binary, run as a user runs it: output and exit status of every command, on
//! the shipped catalog (the working directory is the workspace root) and on broken ones.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use error_catalog::ProblemDetails;
use error_catalog_workspace::{AttioError, AttractOsError};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A finished run: exit status and both streams as text.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_errcat"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("spawn errcat: {e}"));
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(input)
            .unwrap_or_else(|e| panic!("write stdin: {e}"));
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait for errcat: {e}"));
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Fails with the whole output when `text` is not in it.
#[track_caller]
fn assert_has(output: &str, text: &str) {
    assert!(output.contains(text), "missing {text:?} in:\n{output}");
}

fn run(args: &[&str]) -> Run {
    run_in(&workspace(), args, None)
}

/// A file under cargo's scratch directory for integration tests.
fn scratch(name: &str, contents: &[u8]) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    path
}

fn sample(name: &str) -> Vec<u8> {
    let path = workspace().join("examples/responses").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Sat, 22 Mar 2025 14:30:00 GMT
const RECEIVED_AT: &str = "Sat, 22 Mar 2025 14:30:00 GMT";

fn received_at() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_742_653_800)
}

/// The text with every run of whitespace (line wraps included) as one space.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn help_lists_every_command_with_examples() {
    let r = run(&["--help"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    for word in [
        "explain",
        "classify",
        "lint",
        "list",
        "Examples:",
        "--catalog",
        "Exit status",
    ] {
        assert!(
            r.stdout.contains(word),
            "{word} missing from:\n{}",
            r.stdout
        );
    }
    let r = run(&["classify", "--help"]);
    assert_eq!(r.code, Some(0));
    assert_has(&r.stdout, "--header <NAME: VALUE>");
    assert_has(&r.stdout, "--received-at");
    assert_has(&r.stdout, "Examples:");
}

#[test]
fn explain_prints_everything_the_catalog_says_about_a_code() {
    let r = run(&["explain", "rate_limit_exceeded"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let out = &r.stdout;
    assert!(
        out.starts_with("attio::rate_limit_exceeded  AttioError::RateLimitExceeded\n"),
        "{out}"
    );
    for line in [
        "  status      429",
        "  type        rate_limit_error",
        "  category    rate_limited",
        "  retry       after-delay (retryable)",
        "  retry time  header Retry-After (retry-after)",
        "  also for    a 429 whose body names no known code",
        "  docs        https://docs.attio.com/rest-api/overview",
        "Fix",
        "Notes",
        "Message patterns (the first that matches refines the fix)",
        "  message contains \"complexity\"",
        "    fix    Reduce the query's sorts and filters.",
        "    retry  never (not retryable)",
        "Example response",
        "      \"code\": \"rate_limit_exceeded\",",
    ] {
        assert!(out.contains(line), "{line:?} missing from:\n{out}");
    }
    assert!(!out.contains('\x1b'), "no colour when piped:\n{out}");
}

#[test]
fn explain_shows_causes_tables_and_diagnostics() {
    let r = run(&["explain", "insufficient_scopes"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_has(&r.stdout, "Required scopes\n  Operation ");
    assert_has(&r.stdout, "Manage webhooks        webhook:read-write");

    let r = run(&["explain", "invalid_request"]);
    assert_has(
        &r.stdout,
        "Diagnostic\n    # List attributes to verify types",
    );

    let r = run(&["explain", "INVALID_KEY"]);
    assert_has(
        &r.stdout,
        "Causes\n  - The API key is not correct\n    fix: ",
    );
}

#[test]
fn explain_finds_provider_code_variant_names_and_any_case() {
    let r = run(&["explain", "attio::not_found"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.starts_with("attio::not_found "), "{}", r.stdout);

    let r = run(&["explain", "rate_limited"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.starts_with("attractos::RATE_LIMITED "),
        "{}",
        r.stdout
    );

    let r = run(&["explain", "RateLimitExceeded"]);
    assert!(
        r.stdout.starts_with("attio::rate_limit_exceeded "),
        "{}",
        r.stdout
    );

    let r = run(&["explain", "rate_limit_exceeded", "--provider", "attractos"]);
    assert_eq!(r.code, Some(1), "only Attio has it: {}", r.stdout);
    assert_has(&r.stderr, "of provider `attractos`");
}

#[test]
fn explain_an_unknown_code_suggests_the_nearest_and_exits_1() {
    let r = run(&["explain", "rate_limit"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "error: no code `rate_limit` in catalog.toml\n\
         help: did you mean attio::rate_limit_exceeded, attractos::RATE_LIMITED?\n"
    );

    let r = run(&["explain", "NOT_FUOND"]);
    assert_eq!(r.code, Some(1));
    assert_has(&r.stderr, "did you mean attio::not_found");

    let r = run(&["explain", "qqqqqqqq"]);
    assert_eq!(r.code, Some(1));
    assert_has(&r.stderr, "`errcat list` shows every code");
}

#[test]
fn explain_a_provider_shows_its_format_and_fallbacks() {
    let r = run(&["explain", "attractos"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    for line in [
        "AttractOS (attractos)  AttractOsError",
        "  body fields  code = code, message = error",
        "  429     Unrecognized: Rate limit or event quota exceeded (429).",
    ] {
        assert!(
            r.stdout.contains(line),
            "{line:?} missing from:\n{}",
            r.stdout
        );
    }
    let sources = "retry time body field retry_after (seconds), then header X-RateLimit-Reset \
                   (unix-seconds, for rate_limited only)";
    assert!(flat(&r.stdout).contains(sources), "{}", r.stdout);
}

#[test]
fn classify_the_readme_attio_429() {
    let r = run(&[
        "classify",
        "--provider",
        "attio",
        "--status",
        "429",
        "--header",
        "Retry-After: Sat, 22 Mar 2025 14:30:01 GMT",
        "--received-at",
        RECEIVED_AT,
        "examples/responses/attio-429.json",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let expected = "\
Attio 429 rate_limit_exceeded: Rate limit exceeded, please try again later

  variant   AttioError::RateLimitExceeded (attio::rate_limit_exceeded)
  category  rate_limited
  retry     yes, in 1.0 s (after-delay), at Sat, 22 Mar 2025 14:30:01 GMT
  summary   Rate limit exceeded (10-second sliding window); the request was not
            processed.
  fix       Wait until the time in the Retry-After header (an HTTP date, usually the
            next second), then retry; the request was not processed, so retrying is
            safe.
  docs      https://docs.attio.com/rest-api/overview
";
    assert_eq!(r.stdout, expected);
}

#[test]
fn classify_shows_the_pattern_cause_and_its_retry_override() {
    let r = run(&[
        "classify",
        "--provider",
        "attio",
        "--status",
        "429",
        "-H",
        "Retry-After: 2",
        "examples/responses/attio-429-complexity.json",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_has(&r.stdout, "  retry     no (never)");
    assert!(
        flat(&r.stdout).contains("(the provider suggests 2.0 s, but waiting does not help)"),
        "{}",
        r.stdout
    );
    assert_has(&r.stdout, "  cause     The query's complexity score");
    assert_has(
        &r.stdout,
        "  fix       Reduce the query's sorts and filters.\n",
    );
}

#[test]
fn classify_without_a_known_code_falls_back_by_status() {
    let r = run(&[
        "classify",
        "--provider",
        "attio",
        "--status",
        "502",
        "examples/responses/attio-502.html",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("Attio 502: Attio server error (5xx).\n"),
        "{}",
        r.stdout
    );
    assert_has(&r.stdout, "AttioError::Unrecognized (attio::unrecognized)");
    assert_has(
        &r.stdout,
        "  retry     yes, with exponential backoff (backoff)",
    );

    // No body at all: the 429 fallback names the rate-limit code.
    let r = run(&["classify", "--provider", "attio", "--status", "429"]);
    assert_has(&r.stdout, "AttioError::RateLimitExceeded");
    // The code's own default wait applies when the response gives no time.
    assert_has(&r.stdout, "  retry     yes, in 1.0 s (after-delay)");

    // Without such a default, the wait is left to backoff.
    let r = run(&["classify", "--provider", "attractos", "--status", "429"]);
    assert_has(
        &r.stdout,
        "after a backoff (after-delay): the response gave no retry time",
    );
}

#[test]
fn classify_json_is_rfc_9457_problem_details_from_stdin() {
    let body = sample("attractos-429.json");
    let r = run_in(
        &workspace(),
        &[
            "classify",
            "--provider",
            "AttractOS",
            "--status",
            "429",
            "--json",
            "--received-at",
            RECEIVED_AT,
            "-",
        ],
        Some(&body),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        json(&r.stdout),
        serde_json::json!({
            "type": "urn:error-catalog:attractos:RateLimited",
            "title": "You have exceeded the API rate limit for your plan.",
            "status": 429,
            "detail": "Rate limit exceeded",
            "provider": "attractos",
            "code": "RATE_LIMITED",
            "category": "rate_limited",
            "retryable": true,
            "retry_after": 23,
            "fix_hint": "Wait for the time specified in retry_after. Consider upgrading for higher limits."
        })
    );
}

/// errcat reads the catalog at run time; the derive compiled it. Same responses, same
/// answers: the problem details of both must be identical.
#[test]
fn classify_agrees_with_the_derived_enums() {
    type Case = (
        &'static str,
        u16,
        &'static [(&'static str, &'static str)],
        Vec<u8>,
    );
    let cases: Vec<Case> = vec![
        (
            "attio",
            429,
            &[("Retry-After", "Sat, 22 Mar 2025 14:30:01 GMT")],
            sample("attio-429.json"),
        ),
        (
            "attio",
            429,
            &[("Retry-After", "30")],
            sample("attio-429-complexity.json"),
        ),
        ("attio", 502, &[], sample("attio-502.html")),
        ("attio", 429, &[], Vec::new()),
        (
            "attio",
            418,
            &[],
            br#"{"code":"brand_new_code","message":"?"}"#.to_vec(),
        ),
        ("attio", 200, &[], Vec::new()),
        (
            "attio",
            401,
            &[],
            br#"{"code":"invalid_api_key","message":"Invalid API key"}"#.to_vec(),
        ),
        (
            "attractos",
            403,
            &[("X-RateLimit-Remaining", "59")],
            sample("attractos-403.json"),
        ),
        (
            "attractos",
            429,
            &[("X-RateLimit-Reset", "1742653860")],
            sample("attractos-429.json"),
        ),
        (
            "attractos",
            429,
            &[("X-RateLimit-Reset", "1742653860")],
            br#"{"error":"quota","code":"LIMIT_EXCEEDED"}"#.to_vec(),
        ),
        (
            "attractos",
            429,
            &[("X-RateLimit-Reset", "1742653860")],
            Vec::new(),
        ),
        ("attractos", 503, &[], b"upstream down".to_vec()),
    ];
    for (provider, status, headers, body) in cases {
        let file = scratch(&format!("parity-{provider}-{status}.body"), &body);
        let status_arg = status.to_string();
        let mut args = vec![
            "classify",
            "--provider",
            provider,
            "--status",
            &status_arg,
            "--json",
        ];
        args.extend(["--received-at", RECEIVED_AT]);
        let header_args: Vec<String> = headers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        for h in &header_args {
            args.extend(["--header", h]);
        }
        let file_arg = file.display().to_string();
        args.push(&file_arg);
        let r = run(&args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);

        let expected = match provider {
            "attio" => {
                let e = AttioError::from_response_at(status, headers, &body, received_at());
                ProblemDetails::from_error_at(&e, received_at())
            }
            _ => {
                let e = AttractOsError::from_response_at(status, headers, &body, received_at());
                ProblemDetails::from_error_at(&e, received_at())
            }
        };
        let expected = serde_json::to_value(&expected).unwrap_or_default();
        assert_eq!(json(&r.stdout), expected, "{args:?}");
    }
}

#[test]
fn classify_usage_errors_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["classify", "--status", "429"],
            "the catalog has 2 providers",
        ),
        (
            &["classify", "--provider", "atio", "--status", "429"],
            "did you mean `attio`?",
        ),
        (
            &["classify", "--provider", "attio", "--status", "42"],
            "42 is not in 100..=599",
        ),
        (
            &[
                "classify",
                "--provider",
                "attio",
                "--status",
                "429",
                "-H",
                "Retry-After 2",
            ],
            "expected `Name: value`",
        ),
        (
            &[
                "classify",
                "--provider",
                "attio",
                "--status",
                "429",
                "--received-at",
                "soon",
            ],
            "expected an HTTP-date",
        ),
        (
            &[
                "classify",
                "--provider",
                "attio",
                "--status",
                "429",
                "no-such-file.json",
            ],
            "cannot read `no-such-file.json`",
        ),
        (&["frobnicate"], "unrecognized subcommand"),
    ];
    for (args, message) in cases {
        let r = run(args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
    }
}

#[test]
fn received_at_out_of_range_is_a_usage_error_not_a_panic() {
    let r = run(&[
        "classify",
        "--provider",
        "attio",
        "--status",
        "429",
        "--received-at",
        "18446744073709551615",
    ]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert_has(&r.stderr, "later than this system can represent");
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn a_retry_time_after_year_9999_prints_as_unix_seconds_not_a_panic() {
    let r = run(&[
        "classify",
        "--provider",
        "attio",
        "--status",
        "429",
        "--received-at",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "-H",
        "Retry-After: 5",
    ]);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        flat(&r.stdout)
            .contains("retry yes, in 5.0 s (after-delay), at 253402300804 (Unix seconds)"),
        "{}",
        r.stdout
    );
}

#[test]
fn explain_rejects_a_provider_prefix_and_flag_that_disagree() {
    let r = run(&[
        "explain",
        "attio::rate_limit_exceeded",
        "--provider",
        "attractos",
    ]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert_has(&r.stderr, "disagree");
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.stdout, "");

    // The same provider by its display name, in another case, agrees.
    let r = run(&[
        "explain",
        "attio::rate_limit_exceeded",
        "--provider",
        "ATTIO",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_has(&r.stdout, "AttioError::RateLimitExceeded");
}

#[test]
fn lint_the_shipped_catalog_is_clean() {
    let r = run(&["lint"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout,
        "catalog.toml: OK (2 providers, 18 codes, 13 status fallbacks)\n"
    );

    let r = run(&["lint", "catalog.toml"]);
    assert_eq!(r.code, Some(0));
}

const BAD_CATALOG: &str = r#"[[provider]]
key = "acme"
name = "Acme"

[provider.format]
code = "code"

[[provider.code]]
code = "not_found"
status = 404
category = "notfound"
retry = "never"
summary = "Not found."
fix = "Check the id."
"#;

#[test]
fn lint_reports_path_line_col_with_help_and_exits_1() {
    let path = scratch("bad-catalog.toml", BAD_CATALOG.as_bytes());
    let shown = path.display().to_string();
    let r = run(&["lint", &shown]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let expected = format!(
        "{shown}:11:12: unknown category `notfound`\n  = help: expected one of: invalid_request, \
         authentication, authorization, not_found, conflict, validation, rate_limited, \
         quota_exceeded, server, unknown; did you mean `not_found`?\n{shown}: 1 problem\n"
    );
    assert_eq!(r.stdout, expected);

    let r = run(&["--catalog", &shown, "lint", "--full"]);
    assert_eq!(r.code, Some(1));
    assert_has(&r.stdout, "error: unknown category `notfound`\n");
    assert_has(
        &r.stdout,
        "11 | category = \"notfound\"\n   |            ^^^^^^^^^^",
    );
}

#[test]
fn lint_reports_text_that_is_not_utf8() {
    let path = scratch("latin1-catalog.toml", b"[[provider]]\nname = \"Caf\xe9\"\n");
    let shown = path.display().to_string();
    let r = run(&["lint", &shown]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout
            .starts_with(&format!("{shown}:2:12: the catalog is not valid UTF-8\n")),
        "{}",
        r.stdout
    );
}

#[test]
fn commands_refuse_an_invalid_or_missing_catalog_with_exit_2() {
    let path = scratch("bad-catalog-for-list.toml", BAD_CATALOG.as_bytes());
    let shown = path.display().to_string();
    let r = run(&["--catalog", &shown, "list"]);
    assert_eq!(r.code, Some(2));
    assert_has(&r.stderr, "is not a valid catalog (1 problem)");
    assert_has(&r.stderr, &format!("help: run `errcat lint {shown}`"));

    let r = run(&["--catalog", "no-such-catalog.toml", "explain", "not_found"]);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .starts_with("error: cannot read the catalog `no-such-catalog.toml`"),
        "{}",
        r.stderr
    );
    assert_has(&r.stderr, "help: check the path");
}

/// A directory without a `catalog.toml`, as where an installed errcat usually runs.
fn dir_without_catalog() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-catalog-here");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(!dir.join("catalog.toml").exists());
    dir
}

#[test]
fn without_a_catalog_file_errcat_uses_the_shipped_catalog() {
    let dir = dir_without_catalog();
    let r = run_in(&dir, &["list"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, run(&["list"]).stdout);
    for code in ["rate_limit_exceeded", "LIMIT_EXCEEDED", "invalid_api_key"] {
        assert!(r.stdout.contains(code), "{code}: {}", r.stdout);
    }

    let r = run_in(&dir, &["lint"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "<shipped catalog>: OK (2 providers, 18 codes, 13 status fallbacks)\n"
    );

    let r = run_in(&dir, &["explain", "nope_nope_nope"], None);
    assert_eq!(r.code, Some(1));
    assert_has(&r.stderr, "in <shipped catalog>");
}

#[test]
fn list_prints_every_code_of_the_catalog() {
    let r = run(&["list"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines
            .first()
            .map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec![
            "PROVIDER", "CODE", "STATUS", "CATEGORY", "RETRY", "SUMMARY"
        ])
    );
    let source = std::fs::read_to_string(workspace().join("catalog.toml")).unwrap_or_default();
    let catalog = error_catalog_schema::parse(&source).unwrap_or_else(|d| panic!("{d:?}"));
    let codes: Vec<(String, String)> = catalog
        .providers
        .iter()
        .flat_map(|p| {
            p.codes
                .iter()
                .map(|c| (p.key.value.clone(), c.code.value.clone()))
        })
        .collect();
    assert_eq!(lines.len(), codes.len() + 1);
    for ((provider, code), line) in codes.iter().zip(lines.iter().skip(1)) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            words.get(..2),
            Some(&[provider.as_str(), code.as_str()][..]),
            "{line}"
        );
    }
    assert_has(
        &r.stdout,
        "attractos  LIMIT_EXCEEDED       429     quota_exceeded   never        You have exceeded your monthly event tracking quota.\n",
    );

    let r = run(&["list", "--provider", "attio"]);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stdout.lines().count(), 1 + 7);
    assert!(!r.stdout.contains("attractos"));
}

#[test]
fn colour_only_when_asked_for_or_on_a_terminal() {
    let r = run(&["list"]);
    assert!(!r.stdout.contains('\x1b'), "piped output is plain");
    let r = run(&["--color", "always", "list"]);
    assert_has(&r.stdout, "\x1b[1mPROVIDER\x1b[0m");
    assert_has(&r.stdout, "\x1b[36mrate_limit_exceeded\x1b[0m");
    let r = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(["--color", "always", "list"])
        .current_dir(workspace())
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("run errcat: {e}"));
    assert!(
        String::from_utf8_lossy(&r.stdout).contains("\x1b[1mPROVIDER\x1b[0m"),
        "--color always wins over NO_COLOR"
    );
    let r = run(&["--color", "always", "explain", "nope_nope_nope"]);
    assert!(
        r.stderr.starts_with("\x1b[1;31merror:\x1b[0m"),
        "{}",
        r.stderr
    );
}
