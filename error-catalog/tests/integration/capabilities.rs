//! What a catalog can say about a response, one capability at a time, through the run-time
//! model (`DynError`): the derived enums run the same classifier.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use error_catalog::spec::Provider;
use error_catalog::{Bytes, Category, DynError, MAX_PARSED_BODY, NormalizedError, WaitOrigin};

/// Sat, 22 Mar 2025 14:30:00 GMT.
fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_742_653_800)
}

/// The one provider of a catalog written for a test.
fn provider(catalog: &str) -> Arc<Provider> {
    let catalog = error_catalog_schema::parse(catalog).unwrap_or_else(|failed| {
        let all: Vec<String> = failed
            .diagnostics
            .iter()
            .map(|d| d.render("catalog.toml", catalog))
            .collect();
        panic!("{}", all.join("\n"))
    });
    Arc::new(catalog.providers.into_iter().next().expect("one provider"))
}

fn classify(p: &Arc<Provider>, status: u16, headers: &[(&str, &str)], body: &str) -> DynError {
    DynError::from_response_at(p, status, headers, body.as_bytes(), now())
}

fn wait(e: &DynError) -> Option<Duration> {
    e.details().retry_after_from(now())
}

/// A code with a rule: `code!(name, status, category, retry)`.
fn code(code: &str, status: u16, category: &str, retry: &str) -> String {
    format!(
        "[[provider.code]]\ncode = \"{code}\"\nstatus = {status}\ncategory = \"{category}\"\n\
         retry = \"{retry}\"\nsummary = \"{code}.\"\nfix = \"Fix {code}.\"\n"
    )
}

const HEAD: &str = "[[provider]]\nkey = \"acme\"\nname = \"Acme\"\n";

#[test]
fn errors_inside_a_success_response() {
    // Slack: {"ok": false, "error": "…"} with HTTP 200.
    let slack = provider(&format!(
        "{HEAD}[provider.format]\ncode = \"error\"\n\n[[provider.success_error]]\nbody = \"ok\"\nequals = false\n\n{}",
        code("ratelimited", 429, "rate_limited", "after-delay")
    ));
    let e = classify(&slack, 200, &[], r#"{"ok":false,"error":"ratelimited"}"#);
    assert_eq!(e.variant_name(), "Ratelimited");
    assert!(e.is_retryable());
    let ok = classify(&slack, 200, &[], r#"{"ok":true,"channel":"C1"}"#);
    assert_eq!(ok.variant_name(), "Unrecognized");
    assert!(!ok.is_retryable());
    assert!(ok.summary().contains("not an HTTP error status"));
    assert!(!ok.is_error());
    assert!(e.is_error());
    // GraphQL: a non-empty `errors` array with HTTP 200; the code inside it.
    let graphql = provider(&format!(
        "{HEAD}[provider.format]\ncode = \"errors[0].type\"\nmessage = \"errors[0].message\"\n\n\
         [[provider.success_error]]\nbody = \"errors\"\nnon_empty = true\n\n{}",
        code("NOT_FOUND", 200, "not_found", "never")
    ));
    let body = r#"{"data":null,"errors":[{"type":"NOT_FOUND","path":["repository"],"message":"Could not resolve to a Repository with the name 'x/y'."}]}"#;
    let e = classify(&graphql, 200, &[], body);
    assert_eq!(e.variant_name(), "NotFound");
    assert_eq!(
        e.message(),
        "Could not resolve to a Repository with the name 'x/y'."
    );
    let e = classify(
        &graphql,
        200,
        &[],
        r#"{"data":{"viewer":null},"errors":[]}"#,
    );
    assert_eq!(e.variant_name(), "Unrecognized");
    assert_eq!(e.category(), Category::Unknown);
}

#[test]
fn paths_into_arrays_by_index_and_by_selector() {
    // Google AIP-193: the reason is in the `ErrorInfo` element of `details`, the delay in the
    // `RetryInfo` one, whatever their order.
    let google = provider(&format!(
        "{HEAD}[provider.format]\n\
         code = [\"error.details[@type=type.googleapis.com/google.rpc.ErrorInfo].reason\", \"error.status\"]\n\
         message = \"error.message\"\n\n\
         [[provider.retry_from]]\nbody = \"error.details[@type=type.googleapis.com/google.rpc.RetryInfo].retryDelay\"\nform = \"duration\"\n\n{}{}",
        code("RATE_LIMIT_EXCEEDED", 429, "rate_limited", "after-delay"),
        code("RESOURCE_EXHAUSTED", 429, "rate_limited", "after-delay"),
    ));
    let body = r#"{"error":{"code":429,"message":"Quota exceeded.","status":"RESOURCE_EXHAUSTED","details":[
        {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7.5s"},
        {"@type":"type.googleapis.com/google.rpc.Help","links":[]},
        {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED","domain":"googleapis.com"}]}}"#;
    let e = classify(&google, 429, &[], body);
    assert_eq!(e.code(), "RATE_LIMIT_EXCEEDED");
    assert_eq!(wait(&e), Some(Duration::from_millis(7500)));
    // The selector takes the first element that matches, and only one that matches.
    let body = r#"{"error":{"status":"RESOURCE_EXHAUSTED","details":[
        {"@type":"other","reason":"NOT_THIS"},
        {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"FIRST"},
        {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SECOND"}]}}"#;
    let e = classify(&google, 429, &[], body);
    assert_eq!(
        e.code(),
        "RESOURCE_EXHAUSTED",
        "FIRST is unknown: the next source decides"
    );
    let body = r#"{"error":{"status":"RESOURCE_EXHAUSTED","details":[{"@type":"other","reason":"RATE_LIMIT_EXCEEDED"}]}}"#;
    assert_eq!(
        classify(&google, 429, &[], body).code(),
        "RESOURCE_EXHAUSTED"
    );
    // Legacy Google: by index.
    let legacy = provider(&format!(
        "{HEAD}[provider.format]\ncode = \"error.errors[0].reason\"\n\n{}",
        code("rateLimitExceeded", 403, "rate_limited", "backoff")
    ));
    let body = r#"{"error":{"errors":[{"domain":"usageLimits","reason":"rateLimitExceeded"},{"reason":"other"}],"code":403}}"#;
    assert_eq!(
        classify(&legacy, 403, &[], body).variant_name(),
        "RateLimitExceeded"
    );
    let body = r#"{"error":{"errors":[],"code":403}}"#;
    assert_eq!(
        classify(&legacy, 403, &[], body).variant_name(),
        "Unrecognized"
    );
    // GraphQL with the code under `extensions` (Shopify, Linear): a selector's key may be a
    // path, so a rate limit anywhere in `errors` wins over the first error.
    let graphql = provider(&format!(
        "{HEAD}[provider.format]\n\
         code = [\"errors[extensions.code=THROTTLED].extensions.code\", \"errors[0].extensions.code\"]\n\
         message = [\"errors[extensions.code=THROTTLED].message\", \"errors[0].message\"]\n\n\
         [[provider.success_error]]\nbody = \"errors\"\nnon_empty = true\n\n{}{}",
        code("THROTTLED", 200, "rate_limited", "backoff"),
        code("NOT_FOUND", 200, "not_found", "never"),
    ));
    let body = r#"{"errors":[
        {"message":"Not here","extensions":{"code":"NOT_FOUND"}},
        {"message":"Throttled","extensions":{"code":"THROTTLED","cost":{"requestedQueryCost":101}}}]}"#;
    let e = classify(&graphql, 200, &[], body);
    assert_eq!((e.variant_name(), e.message()), ("Throttled", "Throttled"));
    let body = r#"{"errors":[{"message":"Not here","extensions":{"code":"NOT_FOUND"}},
        {"message":"no code","extensions":{}},{"message":"flat","code":"THROTTLED"}]}"#;
    let e = classify(&graphql, 200, &[], body);
    assert_eq!((e.variant_name(), e.message()), ("NotFound", "Not here"));
    // A key with a `.` in it, quoted in brackets: Dropbox's tagged unions.
    let dropbox = provider(&format!(
        "{HEAD}[provider.format]\n\
         code = [\"error.path[\\\".tag\\\"]\", \"error[\\\".tag\\\"]\"]\n\
         message = \"error_summary\"\n\n{}",
        code("not_found", 409, "not_found", "never"),
    ));
    let body = r#"{"error_summary":"path/not_found/..","error":{".tag":"path","path":{".tag":"not_found"}}}"#;
    let e = classify(&dropbox, 409, &[], body);
    assert_eq!((e.variant_name(), e.code()), ("NotFound", "not_found"));
    let body = r#"{"error_summary":"too_many_write_operations/","error":{".tag":"too_many_write_operations"}}"#;
    assert_eq!(
        classify(&dropbox, 429, &[], body).code(),
        "too_many_write_operations"
    );
}

#[test]
fn several_code_locations_headers_first_and_normalised() {
    // AWS JSON protocols: X-Amzn-ErrorType, else `__type`, else `code`; a prefix up to `#`
    // and a suffix from `:` are not part of the code.
    let aws = provider(&format!(
        "{HEAD}[provider.format]\ncode = [{{ header = \"X-Amzn-ErrorType\" }}, \"__type\", \"code\"]\n\
         message = [\"message\", \"Message\"]\nrequest_id = {{ header = \"x-amzn-RequestId\" }}\n\n\
         [provider.format.normalize]\nstrip_suffix_from = \":\"\nstrip_prefix_through = \"#\"\n\n{}{}",
        code("ResourceNotFoundException", 400, "not_found", "never"),
        code("ThrottlingException", 400, "rate_limited", "backoff"),
    ));
    let e = classify(
        &aws,
        400,
        &[
            (
                "X-Amzn-ErrorType",
                "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/",
            ),
            ("x-amzn-RequestId", "4KN0R6Q2"),
        ],
        r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","Message":"m"}"#,
    );
    assert_eq!(e.code(), "ThrottlingException", "the header wins");
    assert_eq!(e.request_id(), Some("4KN0R6Q2"));
    assert_eq!(e.message(), "m");
    let e = classify(
        &aws,
        400,
        &[],
        r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#,
    );
    assert_eq!(e.variant_name(), "ResourceNotFoundException");
    assert_eq!(e.code(), "ResourceNotFoundException");
    // Stripe and OAuth endpoints: an object at `error` is no code; a string is.
    let stripe = provider(&format!(
        "{HEAD}[provider.format]\ncode = [\"error.code\", \"error\"]\nmessage = [\"error.message\", \"error_description\"]\n\n{}{}",
        code("card_declined", 402, "validation", "never"),
        code("invalid_grant", 400, "authentication", "never"),
    ));
    let e = classify(
        &stripe,
        400,
        &[],
        r#"{"error":"invalid_grant","error_description":"Authorization code expired"}"#,
    );
    assert_eq!(e.variant_name(), "InvalidGrant");
    assert_eq!(e.message(), "Authorization code expired");
    let e = classify(
        &stripe,
        402,
        &[],
        r#"{"error":{"type":"card_error","code":"card_declined"}}"#,
    );
    assert_eq!(e.variant_name(), "CardDeclined");
    let e = classify(
        &stripe,
        400,
        &[],
        r#"{"error":{"type":"invalid_request_error"}}"#,
    );
    assert_eq!((e.variant_name(), e.code()), ("Unrecognized", ""));
}

#[test]
fn numbers_and_uri_types_as_codes() {
    // Discord and Twilio send numeric codes.
    let discord = provider(&format!(
        "{HEAD}[provider.format]\ncode = \"code\"\nmessage = \"message\"\n\n{}variant = \"InvalidFormBody\"\n",
        code("50035", 400, "validation", "never")
    ));
    let e = classify(
        &discord,
        400,
        &[],
        r#"{"code": 50035, "errors": {}, "message": "Invalid Form Body"}"#,
    );
    assert_eq!((e.variant_name(), e.code()), ("InvalidFormBody", "50035"));
    let e = classify(&discord, 400, &[], r#"{"code": -7, "message": "x"}"#);
    assert_eq!(e.code(), "-7");
    let e = classify(&discord, 400, &[], r#"{"code": 5.5, "message": "x"}"#);
    assert_eq!(e.code(), "", "a fraction is no code");
    // RFC 9457: the type URI's last segment.
    let problem = provider(&format!(
        "{HEAD}[provider.format]\ncode = \"type\"\nmessage = \"detail\"\n\n[provider.format.normalize]\nuri_last_segment = true\n\n{}",
        code("out-of-credit", 403, "quota_exceeded", "never")
    ));
    let body = r#"{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","detail":"Your current balance is 30, but that costs 50.","status":403}"#;
    let e = classify(&problem, 403, &[], body);
    assert_eq!(
        (e.variant_name(), e.code()),
        ("OutOfCredit", "out-of-credit")
    );
    assert_eq!(
        e.message(),
        "Your current balance is 30, but that costs 50."
    );
}

#[test]
fn retry_time_forms_and_conditions() {
    // OpenAI: the reset header of whichever `x-ratelimit-remaining-*` is 0; a delay quoted in
    // the message first.
    let openai = provider(&format!(
        "{HEAD}[provider.format]\ncode = \"error.code\"\nmessage = \"error.message\"\n\n\
         [[provider.retry_from]]\nmessage = \"try again in \"\nform = \"duration\"\n\n\
         [[provider.retry_from]]\nheader = \"x-ratelimit-reset-requests\"\nform = \"duration\"\nwhen = {{ header = \"x-ratelimit-remaining-requests\", equals = \"0\" }}\n\n\
         [[provider.retry_from]]\nheader = \"x-ratelimit-reset-tokens\"\nform = \"duration\"\nwhen = {{ header = \"x-ratelimit-remaining-tokens\", equals = \"0\" }}\n\n{}",
        code("rate_limit_exceeded", 429, "rate_limited", "after-delay")
    ));
    let headers = [
        ("x-ratelimit-remaining-requests", "12"),
        ("x-ratelimit-reset-requests", "1s"),
        ("x-ratelimit-remaining-tokens", "0"),
        ("x-ratelimit-reset-tokens", "6m0s"),
    ];
    let body = r#"{"error":{"code":"rate_limit_exceeded","message":"Rate limit reached."}}"#;
    let e = classify(&openai, 429, &headers, body);
    assert_eq!(
        wait(&e),
        Some(Duration::from_secs(360)),
        "the tokens window: it is the one at 0"
    );
    assert_eq!(
        e.details().wait_origin(),
        Some(WaitOrigin::Provider { source: 2 })
    );
    let body = r#"{"error":{"code":"rate_limit_exceeded","message":"Limit 10000, Used 9800, Requested 500. Please try again in 7.66s. Visit https://platform.openai.com/account/rate-limits."}}"#;
    let e = classify(&openai, 429, &headers, body);
    assert_eq!(wait(&e), Some(Duration::from_millis(7660)));
    assert_eq!(
        e.details().wait_origin(),
        Some(WaitOrigin::Provider { source: 0 })
    );
    // Anthropic: RFC 3339 reset times; Retry-After with a fraction.
    let anthropic = provider(&format!(
        "{HEAD}[provider.format]\ncode = \"error.type\"\n\n\
         [[provider.retry_from]]\nheader = \"retry-after\"\nform = \"retry-after\"\n\n\
         [[provider.retry_from]]\nheader = \"anthropic-ratelimit-requests-reset\"\nform = \"rfc3339\"\n\n{}",
        code("rate_limit_error", 429, "rate_limited", "after-delay")
    ));
    let body = r#"{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit."}}"#;
    let e = classify(
        &anthropic,
        429,
        &[("anthropic-ratelimit-requests-reset", "2025-03-22T14:30:42Z")],
        body,
    );
    assert_eq!(wait(&e), Some(Duration::from_secs(42)));
    let e = classify(&anthropic, 429, &[("retry-after", "2.5")], body);
    assert_eq!(wait(&e), Some(Duration::from_millis(2500)));
}

#[test]
fn fallbacks_with_conditions_and_delays() {
    // GitHub: a 403 is a primary rate limit with `x-ratelimit-remaining: 0`, a secondary one
    // when the message says so (60 s at least), else forbidden.
    let rule = |category: &str, retry: &str| {
        format!(
            "category = \"{category}\"\nretry = \"{retry}\"\nsummary = \"S.\"\nfix = \"F {category}.\"\n"
        )
    };
    let github = provider(&format!(
        "{HEAD}[provider.format]\nmessage = \"message\"\nrequest_id = {{ header = \"X-GitHub-Request-Id\" }}\n\n\
         [[provider.retry_from]]\nheader = \"retry-after\"\nform = \"retry-after\"\n\n\
         [[provider.retry_from]]\nheader = \"x-ratelimit-reset\"\nform = \"unix-seconds\"\nwhen = {{ header = \"x-ratelimit-remaining\", equals = \"0\" }}\n\n\
         [[provider.fallback]]\nstatus = 403\n{}\n\
         [[provider.fallback]]\nstatus = 403\nwhen = {{ header = \"x-ratelimit-remaining\", equals = \"0\" }}\n{}\n\
         [[provider.fallback]]\nstatus = 403\ncontains = \"secondary rate limit\"\nmin_delay = 60\n{}",
        rule("authorization", "never"),
        rule("rate_limited", "after-delay"),
        rule("rate_limited", "after-delay"),
    ));
    let primary = classify(
        &github,
        403,
        &[
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "1742653890"),
            ("X-GitHub-Request-Id", "CAFE:1"),
        ],
        r#"{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest"}"#,
    );
    assert_eq!(primary.category(), Category::RateLimited);
    assert_eq!(wait(&primary), Some(Duration::from_secs(90)));
    assert_eq!(primary.request_id(), Some("CAFE:1"));
    let secondary = classify(
        &github,
        403,
        &[("x-ratelimit-remaining", "4999")],
        r#"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"#,
    );
    assert_eq!(secondary.category(), Category::RateLimited);
    assert_eq!(
        wait(&secondary),
        None,
        "no time and no default: a least wait alone sets none"
    );
    assert_eq!(secondary.fix_hint(), "F rate_limited.");
    let forbidden = classify(
        &github,
        403,
        &[],
        r#"{"message":"Resource not accessible by integration"}"#,
    );
    assert_eq!(forbidden.category(), Category::Authorization);
    assert!(!forbidden.is_retryable());
}

#[test]
fn retryability_from_a_header_overrides_the_rule() {
    let stripe = provider(&format!(
        "{HEAD}[provider.format]\ncode = \"error.code\"\nshould_retry = {{ header = \"Stripe-Should-Retry\" }}\n\n{}{}",
        code("lock_timeout", 429, "conflict", "backoff"),
        code("idempotency_key_in_use", 409, "conflict", "never"),
    ));
    let body = |c: &str| format!(r#"{{"error":{{"code":"{c}"}}}}"#);
    let e = classify(
        &stripe,
        409,
        &[("Stripe-Should-Retry", "true")],
        &body("idempotency_key_in_use"),
    );
    assert!(e.is_retryable());
    let e = classify(
        &stripe,
        429,
        &[("Stripe-Should-Retry", "false")],
        &body("lock_timeout"),
    );
    assert!(!e.is_retryable());
    let e = classify(
        &stripe,
        429,
        &[("Stripe-Should-Retry", "maybe")],
        &body("lock_timeout"),
    );
    assert!(e.is_retryable(), "neither true nor false: the rule stands");
}

#[test]
fn pattern_conditions_on_headers_and_bodies() {
    let anthropic = provider(&format!(
        "{HEAD}[provider.format]\ncode = \"error.type\"\nmessage = \"error.message\"\n\n{}\n\
         [[provider.code.pattern]]\nwhen = {{ body = \"error.details.error_code\", equals = \"enforced_spend_limit_reached\" }}\n\
         cause = \"The monthly spend limit is reached.\"\nfix = \"Raise the limit.\"\nretry = \"never\"\ncategory = \"quota_exceeded\"\n",
        code("rate_limit_error", 429, "rate_limited", "after-delay")
    ));
    let body = r#"{"type":"error","error":{"type":"rate_limit_error","message":"You have reached your specified API usage limits.","details":{"error_code":"enforced_spend_limit_reached"}}}"#;
    let e = classify(&anthropic, 429, &[], body);
    assert_eq!(e.category(), Category::QuotaExceeded);
    assert!(!e.is_retryable());
    assert_eq!(
        e.pattern().map(|p| p.cause.as_ref()),
        Some("The monthly spend limit is reached.")
    );
    let e = classify(
        &anthropic,
        429,
        &[],
        r#"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#,
    );
    assert_eq!(e.category(), Category::RateLimited);
    assert!(e.pattern().is_none());

    // A pattern's own waits (HubSpot's SDK waits 10 s after a secondly limit, 1 s otherwise).
    let hubspot = provider(&format!(
        "{HEAD}[provider.format]\ncode = \"category\"\nmessage = \"message\"\n\n{}default_delay = 1\n\n\
         [[provider.code.pattern]]\ncontains = \"secondly\"\ncause = \"The per-second limit.\"\n\
         fix = \"Wait ten seconds.\"\ndefault_delay = 10\n",
        code("RATE_LIMITS", 429, "rate_limited", "after-delay")
    ));
    let body =
        |m: &str| format!(r#"{{"status":"error","category":"RATE_LIMITS","message":"{m}"}}"#);
    for (message, secs) in [
        ("You have reached your secondly limit.", 10),
        ("You have reached your daily limit.", 1),
    ] {
        let e = classify(&hubspot, 429, &[], &body(message));
        assert_eq!(wait(&e), Some(Duration::from_secs(secs)), "{message}");
        assert_eq!(e.wait_origin(), Some(WaitOrigin::CatalogDefault));
    }
}

/// The JSON reader: what it accepts, what it refuses, and that it never loses the body.
#[test]
fn bodies_of_every_shape() {
    let p = provider(&format!(
        "{HEAD}[provider.format]\ncode = \"error.code\"\nmessage = \"message\"\n\n{}",
        code("E1", 400, "validation", "never")
    ));
    let c = |body: &str| {
        let e = classify(&p, 400, &[], body);
        assert_eq!(
            e.raw_body(),
            body.as_bytes(),
            "the body is kept, byte for byte"
        );
        (e.code().to_owned(), e.message().to_owned())
    };
    let s = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    // Nested, skipping what is not asked for.
    assert_eq!(
        c(r#"{"x":[1,{"code":"no"}],"error":{"code":"E1","detail":{"a":1}},"message":"hi"}"#),
        s("E1", "hi")
    );
    // The last of a repeated key wins.
    assert_eq!(
        c(r#"{"message":"a","message":"b","error":{"code":"E1"}}"#),
        s("E1", "b")
    );
    // Escapes are decoded; lone surrogates become U+FFFD.
    assert_eq!(
        c(r#"{"message":"\u0041\n\"\\\/\b\f\r\t","error":{"code":"E\u0031"}}"#),
        s("E1", "A\n\"\\/\u{8}\u{c}\r\t")
    );
    assert_eq!(
        c(r#"{"message":"\ud800x\udc00 \ud83d\ude00"}"#),
        s("", "\u{fffd}x\u{fffd} \u{1f600}")
    );
    // Keys with escapes, and keys serde_json cannot decode.
    assert_eq!(
        c(r#"{"\ud800":1,"m\u0065ssage":"k","error":{"code":"E1"}}"#),
        s("E1", "k")
    );
    // Numbers beyond f64 do not cost the body.
    assert_eq!(
        c(r#"{"n":1e400,"message":"big","error":{"code":"E1"}}"#),
        s("E1", "big")
    );
    // A body that is not one complete JSON object yields nothing.
    for body in [
        "",
        "{\"message\":\"cut",
        "{\"message\":\"x\"} trailing",
        "<html><body>502 Bad Gateway</body></html>",
        "[\"message\"]",
        "\"message\"",
        "{\"message\":\"\u{fffd}\"",
    ] {
        assert_eq!(c(body), s("", ""), "{body:?}");
    }
    let invalid_utf8 = b"{\"message\":\"\xff\"}";
    let e = DynError::from_response_at(&p, 400, (), invalid_utf8, now());
    assert_eq!((e.message(), e.raw_body()), ("", &invalid_utf8[..]));
    // Deep nesting is refused without overflowing the stack.
    let deep = format!(
        "{}{}",
        "{\"a\":".repeat(50_000),
        "1".to_owned() + &"}".repeat(50_000)
    );
    assert_eq!(c(&deep), s("", ""));
    // Bodies over the limit are kept, not parsed.
    let mut big = r#"{"message":"m","pad":""#.to_owned();
    big.push_str(&" ".repeat(MAX_PARSED_BODY));
    big.push_str("\"}");
    assert_eq!(c(&big), s("", ""));
}

#[test]
fn an_owned_body_is_kept_without_a_copy() {
    let p = provider(&format!(
        "{HEAD}[provider.format]\ncode = \"code\"\nmessage = \"message\"\n\n{}",
        code("E1", 400, "validation", "never")
    ));
    let body = Bytes::from(r#"{"code":"E1","message":"plain"}"#.as_bytes().to_vec());
    let start = body.as_ptr();
    let e = DynError::from_response_bytes(&p, 400, (), body);
    assert_eq!(e.details().raw_bytes().as_ptr(), start, "the same buffer");
    assert_eq!((e.code(), e.message()), ("E1", "plain"));
    // A message that needs decoding is kept beside a copy of the body.
    let body = Bytes::from(r#"{"code":"E1","message":"tab\there"}"#.as_bytes().to_vec());
    let e = DynError::from_response_bytes(&p, 400, (), body.clone());
    assert_eq!(e.message(), "tab\there");
    assert_eq!(e.raw_body(), &body[..]);
}
