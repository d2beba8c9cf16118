//! The `errcat` binary, run as a user runs it: output and exit status of every command, on
//! the workspace's catalog (the working directory is the workspace root), the built-in and
//! shipped catalogs, and broken ones.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use error_catalog::{FromResponse, MAX_PARSED_BODY, NormalizedError, ProblemDetails};
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

/// errcat as a script runs it: no terminal, no colour or width settings inherited.
fn errcat(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_errcat"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn finish(output: Output) -> Run {
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn output(mut command: Command) -> Run {
    finish(
        command
            .output()
            .unwrap_or_else(|e| panic!("run errcat: {e}")),
    )
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut command = errcat(dir, args);
    let Some(input) = stdin else {
        return output(command);
    };
    command.stdin(Stdio::piped());
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("spawn errcat: {e}"));
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all(input)
            .unwrap_or_else(|e| panic!("write stdin: {e}"));
    }
    finish(
        child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("wait for errcat: {e}")),
    )
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

/// A fresh directory under cargo's scratch directory.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
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

/// A character that would act on a terminal: control characters but the line break,
/// bidirectional overrides, line separators.
fn acts_on_a_terminal(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[track_caller]
fn assert_no_raw_controls(text: &str) {
    assert!(
        !text.chars().any(acts_on_a_terminal),
        "raw control character in:\n{text:?}"
    );
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
        "completions",
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

/// The example commands of every `--help`: a line of an `Examples:` block (or of a block
/// after it) that starts a command, joined with its continuation lines, the comment after
/// three spaces left off.
fn help_examples() -> Vec<String> {
    let mut examples = Vec::new();
    for command in ["", "explain", "classify", "lint", "list", "completions"] {
        let args: Vec<&str> = [command, "--help"]
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect();
        let help = run(&args).stdout;
        let Some((_, after)) = help.split_once("Examples:\n") else {
            panic!("no examples in `errcat {command} --help`");
        };
        let mut current: Option<String> = None;
        for line in after.lines() {
            let text = line.trim_start();
            let text = text.split("   ").next().unwrap_or_default().trim_end();
            if let Some(mut command) = current.take() {
                command.push(' ');
                command.push_str(text.trim_end_matches('\\'));
                if text.ends_with('\\') || text.ends_with('|') {
                    current = Some(command);
                } else {
                    examples.push(command);
                }
                continue;
            }
            let starts = ["errcat ", "echo ", "source "];
            if line.starts_with("  ") && starts.iter().any(|s| text.starts_with(s)) {
                let command = text.trim_end_matches('\\').to_owned();
                if text.ends_with('\\') || text.ends_with('|') {
                    current = Some(command);
                } else {
                    examples.push(command);
                }
            }
        }
    }
    examples
}

#[test]
fn every_help_example_runs() {
    let examples = help_examples();
    assert!(examples.len() > 25, "{examples:#?}");
    assert!(examples.iter().any(|e| e.contains("--catalog stripe")));
    // Where an installed errcat runs: no catalog.toml, so the built-in catalog.
    let dir = scratch_dir("help-examples");
    let bin = Path::new(env!("CARGO_BIN_EXE_errcat"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap_or_default();
    for example in &examples {
        let mut command = Command::new("bash");
        command
            .args(["-o", "pipefail", "-c", example])
            .current_dir(&dir)
            .env("PATH", &path)
            .env_remove("COLUMNS")
            .stdin(Stdio::null());
        let r = output(command);
        assert_eq!(r.code, Some(0), "`{example}`:\n{}{}", r.stdout, r.stderr);
        let writes_elsewhere = example.contains('>') || example.starts_with("source ");
        assert!(!r.stdout.is_empty() || writes_elsewhere, "`{example}`");
    }
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
        "  retry time  header Retry-After (retry-after); else 1 s (the catalog's",
        "  also for    a 429 whose body names no known code",
        "  any code    a 5xx takes the fallback's rule (server, backoff)",
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
    assert!(
        flat(out).contains("at least 0.1 s (the catalog's minimum)"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "no colour when piped:\n{out}");
}

#[test]
fn explain_shows_causes_tables_and_troubleshooting() {
    let r = run(&["explain", "insufficient_scopes"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_has(&r.stdout, "Required scopes\n  Operation ");
    assert_has(&r.stdout, "Manage webhooks        webhook:read-write");

    let r = run(&["explain", "invalid_request"]);
    assert_has(
        &r.stdout,
        "Troubleshoot\n    # List attributes to verify types",
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
    // The hint names the catalog it was asked about; --json prints an empty array.
    let r = run(&["--catalog", "stripe", "explain", "qqqqqqqq", "--json"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stdout.trim(), "[]");
    assert_has(&r.stderr, "`errcat --catalog stripe list` shows every code");

    // A shipped catalog's key is not a provider of this catalog: say where it is.
    let r = run(&["explain", "stripe"]);
    assert_eq!(r.code, Some(1));
    assert_has(
        &r.stderr,
        "help: `stripe` is a catalog shipped with errcat: `errcat --catalog stripe explain stripe`",
    );
    let r = run(&["--catalog", "stripe", "explain", "stripe"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.starts_with("Stripe (stripe)  StripeError"),
        "{}",
        r.stdout
    );
}

#[test]
fn explain_a_provider_shows_its_format_and_fallbacks() {
    let r = run(&["explain", "attractos"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    for line in [
        "AttractOS (attractos)  AttractOsError",
        "  body fields  code = code, message = error",
        "Status fallbacks (when the body names no known code; the first that holds)\n",
        "  429: Unrecognized (rate_limited, after-delay): Rate limit or event quota\n      exceeded (429).\n",
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
fn explain_json_has_every_part_of_a_code_or_a_provider() {
    let r = run(&["explain", "rate_limit_exceeded", "--json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let found = json(&r.stdout);
    let code = &found[0];
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found:#}");
    assert_eq!(code["kind"], "code");
    assert_eq!(code["provider"], "attio");
    assert_eq!(code["code"], "rate_limit_exceeded");
    assert_eq!(code["variant"], "AttioError::RateLimitExceeded");
    assert_eq!(code["status"], 429);
    assert_eq!(code["category"], "rate_limited");
    assert_eq!(code["retry"], "after-delay");
    assert_eq!(code["retryable"], true);
    assert_eq!(code["default_delay_secs"], 1.0);
    assert_eq!(code["retry_from"][0], "header Retry-After (retry-after)");
    assert_eq!(code["also_for"][0], "429");
    assert_eq!(code["patterns"][0]["contains"], "complexity");
    assert_eq!(code["patterns"][0]["retry"], "never");
    assert_eq!(code["docs_url"], "https://docs.attio.com/rest-api/overview");
    assert!(
        code["example"]
            .as_str()
            .is_some_and(|e| e.contains("rate_limit_exceeded"))
    );

    let r = run(&["explain", "attractos", "--json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let provider = &json(&r.stdout)[0];
    assert_eq!(provider["kind"], "provider");
    assert_eq!(provider["enum"], "AttractOsError");
    assert_eq!(provider["format"]["code"][0], "code");
    assert_eq!(provider["codes"], 11);
    // In the order they are tried: single statuses before the 5xx range.
    let statuses: Vec<&str> = provider["fallbacks"]
        .as_array()
        .map(|f| f.iter().filter_map(|f| f["status"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(statuses, ["429", "401", "403", "400", "5xx"]);
    assert_eq!(provider["fallbacks"][0]["retry"], "after-delay");
    assert_eq!(provider["fallbacks"][0]["code"], serde_json::Value::Null);
    assert_eq!(provider["fallbacks"][4]["any_code"], false);

    // Attio's 5xx fallback rules over a known code too: the text says so, and so does the JSON.
    let r = run(&["explain", "attio"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        flat(&r.stdout).contains(
            "5xx: Unrecognized (server, backoff): Attio server error (5xx). A known code keeps \
             its variant and takes this rule."
        ),
        "{}",
        r.stdout
    );
    let r = run(&["explain", "attio", "--json"]);
    let fallbacks = &json(&r.stdout)[0]["fallbacks"];
    let five = fallbacks
        .as_array()
        .and_then(|f| f.iter().find(|f| f["status"] == "5xx"))
        .expect("the 5xx fallback");
    assert_eq!(five["any_code"], true);
    assert_eq!(five["category"], "server");

    // An unknown code is still a finding; standard output is the empty array.
    let r = run(&["explain", "no_such_code", "--json"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stdout, "[]\n");
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

  variant    AttioError::RateLimitExceeded (attio::rate_limit_exceeded)
  category   rate_limited
  retry      yes, in 1.0 s (after-delay), at Sat, 22 Mar 2025 14:30:01 GMT
  wait from  the response: header Retry-After (retry-after)
  summary    Rate limit exceeded (10-second sliding window); the request was not
             processed.
  fix        Wait until the time in the Retry-After header (an HTTP date,
             usually the next second), then retry; the request was not
             processed, so retrying is safe.
  docs       https://docs.attio.com/rest-api/overview
";
    assert_eq!(r.stdout, expected);
    let readme = std::fs::read_to_string(workspace().join("errcat/README.md")).unwrap_or_default();
    assert_has(&readme, expected);
}

#[test]
fn classify_says_where_the_wait_came_from() {
    let classify = |provider: &str, headers: &[&str], body: Option<&str>| {
        let mut args = vec![
            "classify",
            "--provider",
            provider,
            "--status",
            "429",
            "--received-at",
            RECEIVED_AT,
        ];
        for h in headers {
            args.extend(["-H", h]);
        }
        args.extend(body);
        flat(&run(&args).stdout)
    };
    let out = classify("attio", &["Retry-After: 2"], None);
    assert_has(
        &out,
        "wait from the response: header Retry-After (retry-after)",
    );
    // No time in the response: the code's default delay.
    let out = classify("attio", &[], None);
    assert_has(
        &out,
        "wait from the catalog's default delay of 1.0 s: the response gave no retry time",
    );
    // A time sooner than the code's minimum delay.
    let out = classify("attio", &["Retry-After: 0"], None);
    assert_has(
        &out,
        "retry yes, in 0.1 s (after-delay), at Sat, 22 Mar 2025 14:30:00 GMT \
         wait from the catalog's minimum delay of 0.1 s: the response's retry time was sooner",
    );
    // A body field, the first source in the catalog's order.
    let body = "examples/responses/attractos-429.json";
    let out = classify("attractos", &["X-RateLimit-Reset: 1742653860"], Some(body));
    assert_has(&out, "retry yes, in 23 s (after-delay)");
    assert_has(
        &out,
        "wait from the response: body field retry_after (seconds)",
    );
    // The second source, when the body has none.
    let out = classify("attractos", &["X-RateLimit-Reset: 1742653860"], None);
    assert_has(
        &out,
        "wait from the response: header X-RateLimit-Reset (unix-seconds, for rate_limited only)",
    );
    // No time at all: nothing to say where it came from.
    let out = classify("attractos", &[], None);
    assert!(!out.contains("wait from"), "{out}");
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
    assert_has(&r.stdout, "  retry      no (never)");
    assert!(
        flat(&r.stdout).contains("(the provider suggests 2.0 s, but waiting does not help)"),
        "{}",
        r.stdout
    );
    assert_has(&r.stdout, "  cause      The query's complexity score");
    assert_has(
        &r.stdout,
        "  fix        Reduce the query's sorts and filters.\n",
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
    assert_has(&r.stdout, "  retry      yes, in 1.0 s (after-delay)");

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
    assert_eq!(r.stderr, "");
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
            "retry_after_from": "response",
            "fix_hint": "Wait for the time specified in retry_after. Consider upgrading for higher limits."
        })
    );
}

/// The contract of API.md ("errcat classify (scripts rely on it)"), word for word:
/// `errcat --color never --catalog FILE classify --provider KEY --status N
/// [--header 'Name: value']... [--received-at HTTP-DATE] --json BODY-FILE`.
#[test]
fn classify_json_keeps_the_scripting_contract() {
    let catalog = error_catalog_schema::shipped("stripe").unwrap_or_default();
    let catalog = scratch("contract-stripe.toml", catalog.as_bytes());
    let catalog = catalog.display().to_string();
    let classify = |status: &str, headers: &[&str], body: &[u8], name: &str| {
        let body = scratch(name, body);
        let body = body.display().to_string();
        let mut args = vec!["--color", "never", "--catalog", &catalog, "classify"];
        args.extend(["--provider", "stripe", "--status", status]);
        for h in headers {
            args.extend(["--header", h]);
        }
        args.extend(["--received-at", RECEIVED_AT, "--json", &body]);
        let r = run(&args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        assert_eq!(
            r.stdout.matches("\"type\"").count(),
            1,
            "one object: {}",
            r.stdout
        );
        json(&r.stdout)
    };

    // A rate limit: retryable, the wait in whole seconds rounded up, the request id.
    let problem = classify(
        "429",
        &[
            "Retry-After: Sat, 22 Mar 2025 14:30:02 GMT",
            "Request-Id: req_Ab12",
        ],
        br#"{"error":{"code":"rate_limit","message":"Too many requests","type":"invalid_request_error"}}"#,
        "contract-429.json",
    );
    assert_eq!(
        problem,
        serde_json::json!({
            "type": "urn:error-catalog:stripe:RateLimit",
            "title": problem["title"],
            "status": 429,
            "detail": "Too many requests",
            "provider": "stripe",
            "code": "rate_limit",
            "category": "rate_limited",
            "retryable": true,
            "retry_after": 2,
            "retry_after_from": "response",
            "fix_hint": problem["fix_hint"],
            "docs_url": problem["docs_url"],
            "request_id": "req_Ab12"
        })
    );
    for member in ["title", "fix_hint"] {
        assert!(
            problem[member].as_str().is_some_and(|t| !t.is_empty()),
            "{member}: {problem:#}"
        );
    }

    // A fraction of a second rounds up.
    let problem = classify(
        "429",
        &["Retry-After: 1.2"],
        br#"{"error":{"code":"rate_limit"}}"#,
        "contract-429-fraction.json",
    );
    assert_eq!(problem["retry_after"], 2, "{problem:#}");
    assert_eq!(problem["retry_after_from"], "response", "{problem:#}");

    // Not retryable: no retry_after, even with a Retry-After header; no request id.
    let problem = classify(
        "402",
        &["Retry-After: 5"],
        br#"{"error":{"code":"card_declined","message":"Your card was declined.","type":"card_error"}}"#,
        "contract-402.json",
    );
    assert_eq!(problem["retryable"], false);
    assert_eq!(problem["category"], "validation");
    assert_eq!(problem["code"], "card_declined");
    assert!(problem.get("retry_after").is_none(), "{problem:#}");
    assert!(problem.get("request_id").is_none(), "{problem:#}");

    // No message and no code (an HTML 503 from a proxy): `detail` and `code` are still there,
    // empty, as the contract lists them.
    let problem = classify(
        "503",
        &[],
        b"<html><body>Service Unavailable</body></html>",
        "contract-503-html.json",
    );
    assert_eq!(problem["detail"], "", "{problem:#}");
    assert_eq!(problem["code"], "", "{problem:#}");
    assert_eq!(problem["category"], "server", "{problem:#}");

    // The key of the shipped catalog works as --catalog too, with the same answer.
    let body = scratch(
        "contract-402-again.json",
        br#"{"error":{"code":"card_declined"}}"#,
    );
    let body = body.display().to_string();
    let args = [
        "--color",
        "never",
        "--catalog",
        "stripe",
        "classify",
        "--provider",
        "stripe",
    ];
    let r = run(&[&args[..], &["--status", "402", "--json", &body]].concat());
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        json(&r.stdout)["type"],
        "urn:error-catalog:stripe:CardDeclined"
    );
}

/// A response that is no error is classified too, exit 0, and `--json` says so with
/// `"is_error": false`; an error (Slack's `"ok": false` with a 200 among them) has no such key.
#[test]
fn classify_json_says_when_a_response_is_no_error() {
    let classify = |status: &str, body: &[u8], name: &str| {
        let body = scratch(name, body);
        let body = body.display().to_string();
        let args = ["--color", "never", "--catalog", "slack", "classify"];
        let r = run(&[&args[..], &["--status", status, "--json", &body]].concat());
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        json(&r.stdout)
    };
    // Where a wait came from: the catalog's default when the response gave none.
    let limited = classify(
        "200",
        br#"{"ok": false, "error": "ratelimited"}"#,
        "no-time.json",
    );
    assert_eq!(limited["retry_after"], 1, "{limited:#}");
    assert_eq!(
        limited["retry_after_from"], "catalog_default",
        "{limited:#}"
    );
    let ok = classify(
        "200",
        br#"{"ok": true, "channel": "C1"}"#,
        "no-error-ok.json",
    );
    assert_eq!(ok["is_error"], false, "{ok:#}");
    assert_eq!(ok["retryable"], false, "{ok:#}");
    assert!(ok.get("retry_after").is_none(), "{ok:#}");
    let r = run(&["--catalog", "slack", "classify", "--status", "200"]);
    assert_has(&r.stdout, "no error");
    for (status, body) in [
        ("200", &br#"{"ok": false, "error": "ratelimited"}"#[..]),
        ("200", br#"{"ok": false}"#),
        ("500", b""),
    ] {
        let problem = classify(status, body, "no-error-err.json");
        assert!(problem.get("is_error").is_none(), "{problem:#}");
    }
}

#[test]
fn classify_json_escapes_c1_and_bidi_characters() {
    let body =
        br#"{"code":"not_found","message":"gone \u009b31m \u202e txt \u0085 \u2028 \u007f"}"#;
    let r = run_in(
        &workspace(),
        &[
            "classify",
            "--provider",
            "attio",
            "--status",
            "404",
            "--json",
            "-",
        ],
        Some(body),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_no_raw_controls(&r.stdout);
    for escape in ["\\u009b", "\\u202e", "\\u0085", "\\u2028", "\\u007f"] {
        assert_has(&r.stdout, escape);
    }
    // The same text, once parsed.
    assert_eq!(
        json(&r.stdout)["detail"],
        "gone \u{9b}31m \u{202e} txt \u{85} \u{2028} \u{7f}"
    );
    // The report for people escapes the message too (the runtime's Display does).
    let r = run_in(
        &workspace(),
        &["classify", "--provider", "attio", "--status", "404", "-"],
        Some(body),
    );
    assert_no_raw_controls(&r.stdout);
}

/// errcat reads the catalog at run time; the derive compiled it. Same model, same
/// responses, same answers: the problem details of both must be identical.
#[test]
fn classify_agrees_with_the_derived_enums() {
    let source = std::fs::read_to_string(workspace().join("catalog.toml")).unwrap_or_default();
    let catalog = error_catalog_schema::parse(&source).unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!(catalog.providers.len(), 2);
    assert!(catalog.providers[0] == *AttioError::provider_spec());
    assert!(catalog.providers[1] == *AttractOsError::provider_spec());

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
        ("attio", 429, &[("Retry-After", "0")], Vec::new()),
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
    for (i, (provider, status, headers, body)) in cases.into_iter().enumerate() {
        let file = scratch(&format!("parity-{i}-{provider}-{status}.body"), &body);
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

        let (expected, is_error, origin) = match provider {
            "attio" => {
                let e = AttioError::from_response_at(status, headers, &body, received_at());
                let p = ProblemDetails::from_error_at(&e, received_at());
                (p, e.is_error(), e.wait_origin())
            }
            _ => {
                let e = AttractOsError::from_response_at(status, headers, &body, received_at());
                let p = ProblemDetails::from_error_at(&e, received_at());
                (p, e.is_error(), e.wait_origin())
            }
        };
        let origin = expected.retry_after.and(origin);
        let mut expected = serde_json::to_value(&expected).unwrap_or_default();
        // errcat's contract has `detail` and `code` always, empty when the response had none;
        // errcat says when a response is no error, and where a wait came from.
        if let Some(object) = expected.as_object_mut() {
            for member in ["detail", "code"] {
                object.entry(member).or_insert_with(|| "".into());
            }
            if !is_error {
                object.insert("is_error".into(), false.into());
            }
            if let Some(origin) = origin {
                object.insert("retry_after_from".into(), origin.as_str().into());
            }
        }
        assert_eq!(json(&r.stdout), expected, "{args:?}");
    }
}

#[test]
fn classify_says_when_a_body_is_too_large_to_parse() {
    // Over the limit, but read whole: a JSON body that names a code is still not parsed.
    let mut body = br#"{"code":"not_found","message":"Record not found","pad":""#.to_vec();
    body.resize(MAX_PARSED_BODY + 10, b'x');
    body.extend_from_slice(b"\"}");
    let file = scratch("large-body.json", &body);
    let file = file.display().to_string();
    let r = run(&["classify", "--provider", "attio", "--status", "404", &file]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.starts_with("Attio 404: "),
        "no code, no message: {}",
        r.stdout
    );
    assert!(!r.stdout.contains("Record not found"), "{}", r.stdout);
    assert!(
        flat(&r.stdout).contains(
            "body 1,048,588 bytes: a body over 1,048,576 bytes is not parsed, so no field \
             was read from it"
        ),
        "{}",
        r.stdout
    );
    // JSON keeps standard output one document: the note goes to standard error.
    let r = run(&[
        "classify",
        "--provider",
        "attio",
        "--status",
        "404",
        "--json",
        &file,
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let problem = json(&r.stdout);
    // Nothing was read from the body: no message, no code.
    assert_eq!(problem["detail"], "", "{problem:#}");
    assert_eq!(problem["code"], "", "{problem:#}");
    assert!(
        r.stderr.starts_with("note: body: 1,048,588 bytes"),
        "{}",
        r.stderr
    );

    // A body within the limit says nothing of its size.
    let r = run(&["classify", "--provider", "attio", "--status", "404"]);
    assert!(!r.stdout.contains("body"), "{}", r.stdout);
}

/// `yes | errcat classify ... -` must not read forever: errcat stops after what can be
/// classified plus its margin, says so, and exits, so the writer meets a closed pipe long
/// before it has written everything.
#[test]
fn classify_reads_a_bounded_amount_of_standard_input() {
    const OFFERED: usize = 64 * 1024 * 1024;
    let mut child = errcat(
        &workspace(),
        &["classify", "--provider", "attio", "--status", "500", "-"],
    )
    .stdin(Stdio::piped())
    .spawn()
    .unwrap_or_else(|e| panic!("spawn errcat: {e}"));
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'x'; 64 * 1024];
        let mut written = 0;
        while written < OFFERED {
            match stdin.write_all(&chunk) {
                Ok(()) => written += chunk.len(),
                Err(e) => return (written, Some(e.kind())),
            }
        }
        (written, None)
    });
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    let status = child.wait().unwrap_or_else(|e| panic!("wait: {e}"));
    let (written, error) = writer.join().unwrap_or_else(|_| panic!("writer panicked"));
    assert_eq!(status.code(), Some(0), "{stdout}");
    assert_eq!(
        error,
        Some(std::io::ErrorKind::BrokenPipe),
        "wrote {written} bytes"
    );
    assert!(written < 8 * 1024 * 1024, "errcat read {written} bytes");
    assert_has(&stdout, "AttioError::Unrecognized");
    assert!(
        flat(&stdout).contains(
            "body more than 1,114,112 bytes: errcat stopped reading there; a body over \
             1,048,576 bytes is not parsed"
        ),
        "{stdout}"
    );
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
fn arguments_echoed_in_errors_are_escaped() {
    let hostile = "x\x1b]0;owned\x07\x1b[2J\u{9b}31m\u{202e}";
    let header = format!("Retry-After {hostile}");
    let cases: Vec<Vec<&str>> = vec![
        vec!["explain", hostile],
        vec!["explain", "code", "--provider", hostile],
        vec!["classify", "--provider", hostile, "--status", "429"],
        vec!["classify", "--provider", "attio", "--status", hostile],
        vec![
            "classify",
            "--provider",
            "attio",
            "--status",
            "429",
            "-H",
            &header,
        ],
        vec![
            "classify",
            "--provider",
            "attio",
            "--status",
            "429",
            "--received-at",
            hostile,
        ],
        vec![
            "classify",
            "--provider",
            "attio",
            "--status",
            "429",
            hostile,
        ],
        vec!["--catalog", hostile, "list"],
        vec!["lint", hostile],
        vec!["completions", hostile],
        vec![hostile],
    ];
    for args in &cases {
        let r = run(args);
        assert!(matches!(r.code, Some(1 | 2)), "{args:?}: {}", r.stderr);
        assert_no_raw_controls(&r.stderr);
        assert_no_raw_controls(&r.stdout);
        assert!(
            r.stderr.contains("\\u{1b}]0;owned\\u{7}"),
            "{args:?}: the argument is shown, escaped: {}",
            r.stderr
        );
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
fn lint_the_workspace_catalog_is_clean() {
    let r = run(&["lint"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout,
        "catalog.toml: OK (2 providers, 18 codes, 13 status fallbacks)\n"
    );

    let r = run(&["lint", "catalog.toml"]);
    assert_eq!(r.code, Some(0));
}

#[test]
fn lint_checks_the_shipped_catalogs_by_key() {
    for (key, _) in error_catalog_schema::SHIPPED {
        let r = run(&["lint", key]);
        assert_eq!(r.code, Some(0), "{key}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stdout
                .starts_with(&format!("<shipped catalog {key}>: OK (1 provider, ")),
            "{}",
            r.stdout
        );
    }
    let r = run(&["--catalog", "github", "lint"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_has(&r.stdout, "<shipped catalog github>: OK");
}

#[test]
fn lint_reports_warnings_and_stays_clean() {
    let old_key = BAD_CATALOG
        .replace("category = \"notfound\"", "category = \"not_found\"")
        .replace(
            "fix = \"Check the id.\"",
            "fix = \"Check the id.\"\ndiagnostic = \"curl -s x\"",
        );
    let path = scratch("deprecated-key.toml", old_key.as_bytes());
    let shown = path.display().to_string();
    let r = run(&["lint", &shown]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.starts_with(&format!("{shown}:15:1: warning: ")),
        "{}",
        r.stdout
    );
    assert_has(&r.stdout, "troubleshoot");
    assert_has(
        &r.stdout,
        "OK (1 provider, 1 code, 0 status fallbacks, 1 warning)\n",
    );
    // Beside problems, the warnings are printed too.
    let both = BAD_CATALOG.replace(
        "fix = \"Check the id.\"",
        "fix = \"Check the id.\"\ndiagnostic = \"curl -s x\"",
    );
    let path = scratch("deprecated-key-and-problems.toml", both.as_bytes());
    let r = run(&["lint", &path.display().to_string()]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    assert_has(&r.stdout, ": warning: ");
    assert_has(&r.stdout, "problem");
}

/// The most exact reading of a query wins: a code or a variant as written, then a provider
/// (its key, name or enum), then a code or a variant in any case.
/// A catalog is read up to 16 MiB: an endless file is refused, not read into all memory.
#[test]
fn an_endless_catalog_file_is_refused() {
    if !Path::new("/dev/zero").exists() {
        eprintln!("skipped: no /dev/zero");
        return;
    }
    let r = run(&["--catalog", "/dev/zero", "lint"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert_has(&r.stderr, "larger than 16 MiB");
}

#[test]
fn explain_takes_the_most_exact_match() {
    let first_line = |args: &[&str]| {
        let r = run(args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        r.stdout.lines().next().unwrap_or_default().to_owned()
    };
    assert!(
        first_line(&["--catalog", "slack", "explain", "RateLimited"])
            .starts_with("slack::rate_limited "),
        "the exact variant before the code `ratelimited` in another case"
    );
    assert!(first_line(&["explain", "AttioError::NotFound"]).starts_with("attio::not_found "));
    assert!(first_line(&["explain", "AttioError"]).starts_with("Attio (attio)"));
    // A pattern that makes a code retryable says where its wait comes from.
    let r = run(&["--catalog", "discord", "explain", "discord::0"]);
    let patterns = r
        .stdout
        .split("Message patterns")
        .nth(1)
        .unwrap_or_default();
    assert_has(patterns, "retry time");
    let r = run(&["--catalog", "discord", "explain", "discord::0", "--json"]);
    let patterns = json(&r.stdout)[0]["patterns"].clone();
    assert!(
        patterns.as_array().is_some_and(|p| p
            .iter()
            .any(|p| p["retry_from"].as_array().is_some_and(|s| !s.is_empty()))),
        "{patterns:#}"
    );
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

/// Catalogs with terminal escapes in their text: raw in a comment, raw in a value (a
/// bidirectional override), escaped in TOML (`\u001b`). The schema rejects them, and every
/// command that quotes them shows them escaped.
#[test]
fn lint_escapes_the_catalog_lines_it_quotes() {
    let in_a_comment = "[[provider]]\nkey = \"acme\" # \x1b]0;owned\x07\n";
    let in_values = "[[provider]]\nkey = \"acme\"\nname = \"Ac\u{202e}me\"\n\
                     notes = \"a\\u001b[2J b\"\n\n[provider.format]\ncode = \"code\"\n";
    for (name, catalog) in [("comment", in_a_comment), ("values", in_values)] {
        let path = scratch(&format!("hostile-{name}.toml"), catalog.as_bytes());
        let shown = path.display().to_string();
        for args in [
            vec!["lint", &shown],
            vec!["lint", "--full", &shown],
            vec!["--catalog", &shown, "list"],
            vec!["--catalog", &shown, "explain", "acme"],
            vec!["--color", "always", "lint", "--full", &shown],
        ] {
            let r = run(&args);
            let all = format!("{}{}", r.stdout, r.stderr);
            assert!(matches!(r.code, Some(1 | 2)), "{args:?}: {all}");
            // errcat's own colour aside, nothing acts on the terminal.
            let plain = anstream::adapter::strip_str(&all).to_string();
            assert_no_raw_controls(&plain);
            assert!(
                !all.contains("\x1b]0;") && !all.contains("\x1b[2J"),
                "{all:?}"
            );
            let quotes = args.contains(&"--full") || (name == "values" && args[0] == "lint");
            if quotes {
                assert!(
                    plain.contains("\\u{1b}") || plain.contains("\\u{202e}"),
                    "{args:?}: the bad text is shown, escaped:\n{plain}"
                );
            }
        }
    }
}

#[test]
fn commands_refuse_an_invalid_or_missing_catalog_with_exit_2() {
    let path = scratch("bad-catalog-for-list.toml", BAD_CATALOG.as_bytes());
    let shown = path.display().to_string();
    for command in [
        &["list"][..],
        &["explain", "not_found"],
        &["classify", "--provider", "acme", "--status", "404"],
    ] {
        let r = run(&[&["--catalog", &shown][..], command].concat());
        assert_eq!(r.code, Some(2), "{command:?}: {}", r.stderr);
        assert_has(&r.stderr, "is not a valid catalog (1 problem)");
        assert_has(&r.stderr, &format!("help: run `errcat lint {shown}`"));
        assert_eq!(r.stdout, "");
    }

    let r = run(&["--catalog", "no-such-catalog.toml", "explain", "not_found"]);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .starts_with("error: cannot read the catalog `no-such-catalog.toml`"),
        "{}",
        r.stderr
    );
    assert_has(
        &r.stderr,
        "help: check the path; --catalog also takes the key",
    );

    // A typo of a shipped catalog's key.
    let r = run(&["--catalog", "strpe", "list"]);
    assert_eq!(r.code, Some(2));
    assert_has(&r.stderr, "did you mean `--catalog stripe`?");

    // A directory, a file that is not UTF-8.
    let dir = scratch_dir("catalog-is-a-directory");
    let r = run(&["--catalog", &dir.display().to_string(), "list"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert_has(&r.stderr, "cannot read the catalog");
    let latin1 = scratch(
        "latin1-for-list.toml",
        b"[[provider]]\nname = \"Caf\xe9\"\n",
    );
    let r = run(&["--catalog", &latin1.display().to_string(), "list"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert_has(&r.stderr, "the catalog is not valid UTF-8");

    // Lint's job is to report the problems: exit 1, as its help says.
    let r = run(&["--catalog", &shown, "lint"]);
    assert_eq!(r.code, Some(1));
}

/// A directory without a `catalog.toml`, as where an installed errcat usually runs.
fn dir_without_catalog() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-catalog-here");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(!dir.join("catalog.toml").exists());
    dir
}

#[test]
fn without_a_catalog_file_errcat_uses_the_built_in_catalog() {
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
        "<built-in catalog>: OK (2 providers, 18 codes, 13 status fallbacks)\n"
    );

    let r = run_in(&dir, &["explain", "nope_nope_nope"], None);
    assert_eq!(r.code, Some(1));
    assert_has(&r.stderr, "in <built-in catalog>");
}

#[test]
fn a_shipped_catalog_by_key() {
    let r = run(&["--catalog", "stripe", "explain", "card_declined"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("stripe::card_declined  StripeError::CardDeclined\n"),
        "{}",
        r.stdout
    );
    // One provider: no --provider needed.
    let r = run(&["--catalog", "github", "classify", "--status", "404"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_has(&r.stdout, "GitHubError::");

    let r = run(&["--catalog", "stripe", "explain", "card_decline"]);
    assert_eq!(r.code, Some(1));
    assert_has(&r.stderr, "in <shipped catalog stripe>");
    assert_has(&r.stderr, "stripe::card_declined");
}

#[test]
fn list_prints_every_code_then_the_shipped_catalogs() {
    let r = run(&["list"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let (codes_part, shipped_part) = r
        .stdout
        .split_once("\n\n")
        .unwrap_or_else(|| panic!("two parts: {}", r.stdout));
    let lines: Vec<&str> = codes_part.lines().collect();
    assert_eq!(
        lines
            .first()
            .map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec![
            "PROVIDER", "CODE", "STATUS", "CATEGORY", "RETRY", "SUMMARY"
        ])
    );
    let source = std::fs::read_to_string(workspace().join("catalog.toml")).unwrap_or_default();
    let catalog = error_catalog_schema::parse(&source).unwrap_or_else(|f| panic!("{f:?}"));
    let codes: Vec<(String, String)> = catalog
        .providers
        .iter()
        .flat_map(|p| {
            p.codes
                .iter()
                .map(|c| (p.key.to_string(), c.code.to_string()))
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

    // The shipped catalogs: key, name, number of codes.
    let mut shipped = shipped_part.lines();
    assert_eq!(
        shipped.next(),
        Some("Shipped catalogs (errcat --catalog KEY list):")
    );
    assert_eq!(
        shipped
            .next()
            .map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec!["KEY", "CODES", "NAME"])
    );
    let rows: Vec<&str> = shipped.collect();
    assert_eq!(rows.len(), error_catalog_schema::SHIPPED.len());
    for ((key, text), row) in error_catalog_schema::SHIPPED.iter().zip(&rows) {
        let catalog = error_catalog_schema::parse(text).unwrap_or_else(|f| panic!("{f:?}"));
        let p = &catalog.providers[0];
        let expected = format!("{key} {} {}", p.codes.len(), p.name);
        assert_eq!(flat(row), expected);
    }
    assert!(
        rows.iter().any(|r| flat(r) == "stripe 204 Stripe"),
        "{rows:?}"
    );

    let r = run(&["list", "--provider", "attio"]);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stdout.lines().count(), 1 + 7);
    assert!(!r.stdout.contains("attractos"));
    assert!(!r.stdout.contains("Shipped"));
}

#[test]
fn list_json_has_the_codes_and_the_shipped_catalogs() {
    let r = run(&["list", "--json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let list = json(&r.stdout);
    assert_eq!(list["catalog"], "catalog.toml");
    let codes = list["codes"].as_array().cloned().unwrap_or_default();
    assert_eq!(codes.len(), 18);
    assert_eq!(
        codes[6],
        serde_json::json!({
            "provider": "attio",
            "code": "rate_limit_exceeded",
            "variant": "AttioError::RateLimitExceeded",
            "status": 429,
            "category": "rate_limited",
            "retry": "after-delay",
            "retryable": true,
            "summary": "Rate limit exceeded (10-second sliding window); the request was not processed."
        })
    );
    let shipped = list["shipped"].as_array().cloned().unwrap_or_default();
    assert_eq!(shipped.len(), error_catalog_schema::SHIPPED.len());
    assert!(
        shipped.contains(&serde_json::json!({"key": "stripe", "name": "Stripe", "codes": 204})),
        "{shipped:?}"
    );

    let r = run(&[
        "--catalog",
        "stripe",
        "list",
        "--provider",
        "stripe",
        "--json",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let list = json(&r.stdout);
    assert_eq!(list["catalog"], "<shipped catalog stripe>");
    assert_eq!(list["codes"].as_array().map(Vec::len), Some(204));
    assert!(list.get("shipped").is_none());
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _errcat"),
        ("zsh", "#compdef errcat"),
        ("fish", "complete -c errcat"),
        ("elvish", "errcat"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, Some(0), "{shell}: {}", r.stderr);
        assert_has(&r.stdout, marker);
        for command in ["explain", "classify", "lint", "list", "completions"] {
            assert_has(&r.stdout, command);
        }
    }
    let r = run(&["completions", "tcsh"]);
    assert_eq!(r.code, Some(2));
    assert_has(&r.stderr, "invalid value 'tcsh'");
}

/// The longest line of a text, in characters.
fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn prose_wraps_to_80_columns_or_to_columns() {
    // The example response is printed as it is; everything before it is wrapped.
    let prose = |out: &str| {
        let prose = out.split("Example response").next();
        prose.unwrap_or_default().to_owned()
    };
    let explain = ["explain", "invalid_api_key"];
    let r = run(&explain);
    assert!(widest(&prose(&r.stdout)) <= 80, "{}", r.stdout);
    assert!(widest(&prose(&r.stdout)) > 70, "{}", r.stdout);

    let mut command = errcat(&workspace(), &explain);
    command.env("COLUMNS", "60");
    let narrow = output(command).stdout;
    assert!(widest(&prose(&narrow)) <= 60, "{narrow}");
    assert_eq!(
        flat(&narrow),
        flat(&r.stdout),
        "the same words, wrapped otherwise"
    );

    let mut command = errcat(
        &workspace(),
        &["classify", "--provider", "attio", "--status", "500"],
    );
    command.env("COLUMNS", "60");
    let narrow = output(command).stdout;
    let body = narrow
        .split_once("\n\n")
        .map(|(_, b)| b)
        .unwrap_or_default();
    assert!(widest(body) <= 60, "{narrow}");
}

/// On a terminal (a pseudo-terminal made by `script`), errcat wraps to the terminal's width
/// and cuts table cells to fit it.
#[test]
fn on_a_terminal_output_fits_the_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to make a pseudo-terminal");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_errcat");
    for (columns, args) in [
        (60, "explain invalid_api_key"),
        (60, "classify --provider attio --status 500"),
        (80, "explain invalid_api_key"),
        (80, "classify --provider attio --status 500"),
        // Tables cut their last column to fit (as far as the other columns leave room).
        (80, "list"),
        (80, "explain attractos"),
    ] {
        {
            let shell = format!("stty rows 50 cols {columns}; {bin} --color never {args}");
            let mut command = Command::new("script");
            command
                .args(["-qec", &shell, "/dev/null"])
                .current_dir(workspace())
                .env_remove("COLUMNS")
                .stdin(Stdio::null());
            let r = output(command);
            assert_eq!(r.code, Some(0), "{args}: {}{}", r.stdout, r.stderr);
            let out = r.stdout.replace('\r', "");
            let prose = out.split("Example response").next().unwrap_or_default();
            assert!(
                widest(prose) <= columns,
                "{columns} columns, {args}:\n{out}"
            );
            if args == "list" {
                assert_has(&out, "…");
            }
        }
    }
}

#[test]
fn colour_only_when_asked_for_or_on_a_terminal() {
    let r = run(&["list"]);
    assert!(!r.stdout.contains('\x1b'), "piped output is plain");
    let r = run(&["--color", "always", "list"]);
    assert_has(&r.stdout, "\x1b[1mPROVIDER\x1b[0m");
    assert_has(&r.stdout, "\x1b[36mrate_limit_exceeded\x1b[0m");
    let mut command = errcat(&workspace(), &["--color", "always", "list"]);
    command.env("NO_COLOR", "1");
    assert!(
        output(command).stdout.contains("\x1b[1mPROVIDER\x1b[0m"),
        "--color always wins over NO_COLOR"
    );
    let mut command = errcat(&workspace(), &["list"]);
    command.env("CLICOLOR_FORCE", "1");
    assert!(
        output(command).stdout.contains("\x1b[1mPROVIDER\x1b[0m"),
        "CLICOLOR_FORCE colours a pipe"
    );
    let mut command = errcat(&workspace(), &["--color", "never", "list"]);
    command.env("CLICOLOR_FORCE", "1");
    assert!(
        !output(command).stdout.contains('\x1b'),
        "--color never wins"
    );
    let r = run(&["--color", "always", "explain", "nope_nope_nope"]);
    assert!(
        r.stderr.starts_with("\x1b[1m\x1b[31merror:\x1b[0m"),
        "{}",
        r.stderr
    );
}

/// clap's own help and usage errors follow `--color` too, in either spelling and wherever it
/// stands; the last one counts.
#[test]
fn colour_of_help_and_usage_errors_follows_the_color_option() {
    let usage = ["classify", "--provider", "attio", "--status", "99"];
    for color in [
        &["--color", "always"][..],
        &["--color=always"],
        &["--color", "never", "--color", "always"],
    ] {
        let r = run(&[color, &usage[..]].concat());
        assert_eq!(r.code, Some(2));
        assert!(r.stderr.contains("\x1b["), "{color:?}: {}", r.stderr);
        let r = run(&[&usage[..], color].concat());
        assert!(r.stderr.contains("\x1b["), "after the command, {color:?}");
        let r = run(&[color, &["classify", "--help"][..]].concat());
        assert_eq!(r.code, Some(0));
        assert!(r.stdout.contains("\x1b["), "help, {color:?}");
    }
    for color in [&["--color", "never"][..], &["--color=never"]] {
        for args in [&usage[..], &["classify", "--help"]] {
            let mut command = errcat(&workspace(), &[color, args].concat());
            command.env("CLICOLOR_FORCE", "1");
            let r = output(command);
            assert!(
                !r.stdout.contains('\x1b'),
                "{color:?} {args:?}: {}",
                r.stdout
            );
            assert!(
                !r.stderr.contains('\x1b'),
                "{color:?} {args:?}: {}",
                r.stderr
            );
        }
    }
    // A value that is no choice is clap's to report.
    let r = run(&["--color", "sometimes", "list"]);
    assert_eq!(r.code, Some(2));
    assert_has(&r.stderr, "sometimes");
}
