//! Every check: its message, help and `file:line:col`, and that nothing else is reported.

use error_catalog_schema::parse;

/// A valid provider head: lines 1 to 6.
const HEAD: &str = r#"[[provider]]
key = "acme"
name = "Acme"

[provider.format]
code = "code"
"#;

/// A valid code: lines 7 to 14 after [`HEAD`] (the header is line 8).
const CODE: &str = r#"
[[provider.code]]
code = "not_found"
status = 404
category = "not_found"
retry = "never"
summary = "Not found."
fix = "Check the id."
"#;

/// Every diagnostic as `file:line:col: message` and its help on the next line.
fn diagnose(source: &str) -> Vec<String> {
    let Err(failed) = parse(source) else {
        panic!("no error for:\n{source}");
    };
    failed
        .diagnostics
        .iter()
        .map(|d| {
            let short = d.short("catalog.toml", source);
            match &d.help {
                Some(help) => format!("{short}\n= help: {help}"),
                None => short,
            }
        })
        .collect()
}

#[track_caller]
fn assert_errors(source: &str, expected: &[&str]) {
    assert_eq!(diagnose(source), expected, "\nsource:\n{source}");
}

/// [`HEAD`] + [`CODE`] + `rest` (which starts on line 15).
fn with(rest: &str) -> String {
    format!("{HEAD}{CODE}{rest}")
}

#[test]
fn valid_base() {
    assert!(parse(&with("")).is_ok());
}

// --- TOML, keys and types -------------------------------------------------------------------

#[test]
fn toml_syntax_error() {
    assert_errors(
        &with("notes = = 3\n"),
        // The parser's second error on the line is a consequence of the first: not shown.
        &["catalog.toml:15:9: extra `=`\n= help: write one `=` between a key and its value"],
    );
    assert_errors(
        &with("notes = [1, 2\n"),
        &["catalog.toml:15:14: unclosed array, expected `]`"],
    );
}

#[test]
fn toml_unquoted_strings() {
    assert_errors(
        &with("").replace("retry = \"never\"", "retry = never"),
        &["catalog.toml:12:9: unquoted string `never`\n= help: write `retry = \"never\"`"],
    );
    assert_errors(
        &with("").replace("\"Check the id.\"", "Check the id."),
        &[
            "catalog.toml:14:7: unquoted string `Check the id.`\n= help: write `fix = \"Check the id.\"`",
        ],
    );
    assert_errors(
        &with("docs_url = https://acme.com/\"errors\"\n"),
        &[
            "catalog.toml:15:12: unquoted string `https://acme.com/\"errors\"`\n= help: write `docs_url = 'https://acme.com/\"errors\"'`",
        ],
    );
    assert_errors(
        &with(
            "[[provider.retry_from]]\nheader = \"X-Wait\"\nform = \"seconds\"\ncategories = [rate_limited]\n",
        ),
        &["catalog.toml:18:15: unquoted string `rate_limited`\n= help: write `\"rate_limited\"`"],
    );
    assert_errors(
        &with("notes =\n"),
        &[
            "catalog.toml:15:8: missing value after `=`\n= help: write the value, e.g. `notes = \"…\"`",
        ],
    );
}

#[test]
fn toml_duplicate_key() {
    assert_errors(
        &with("code = \"again\"\n"),
        &[
            "catalog.toml:15:1: duplicate key `code`\n= help: each key appears once per table: remove one of them, or start a new table (e.g. `[[provider.code]]`) before it",
        ],
    );
}

#[test]
fn toml_duplicate_table() {
    // The keys of the second table repeat those of the first: one error, on the header.
    assert_errors(
        &with(
            "[provider.format]\ncode = \"error.code\"\n\n[[provider.code]]\ncode = \"gone\"\ncode = \"again\"\n",
        ),
        &[
            "catalog.toml:15:11: duplicate table `[provider.format]`\n= help: this table is already defined above: merge the two, or start a new item of the enclosing array (e.g. `[[provider]]`) before it",
            "catalog.toml:20:1: duplicate key `code`\n= help: each key appears once per table: remove one of them, or start a new table (e.g. `[[provider.code]]`) before it",
        ],
    );
}

#[test]
fn unknown_key_suggests_the_closest() {
    assert_errors(
        &with("stauts = 500\n"),
        &["catalog.toml:15:1: unknown key `stauts` in code\n= help: did you mean `status`?"],
    );
}

#[test]
fn a_misspelled_key_is_not_also_missing() {
    assert_errors(
        &with("").replace("fix = ", "fixx = "),
        &["catalog.toml:14:1: unknown key `fixx` in code\n= help: did you mean `fix`?"],
    );
    assert_errors(
        &with("").replace("[provider.format]", "[provider.formt]"),
        &["catalog.toml:5:11: unknown key `formt` in provider\n= help: did you mean `format`?"],
    );
}

#[test]
fn unknown_key_lists_the_valid_ones() {
    assert_errors(
        &format!("{HEAD}colour = \"red\"\n{CODE}"),
        &[
            "catalog.toml:7:1: unknown key `colour` in format\n= help: expected one of: code, message, type, status, request_id, should_retry, normalize, unwrap_array",
        ],
    );
}

#[test]
fn unknown_key_at_top_level() {
    assert_errors(
        &format!("version = 1\n{HEAD}{CODE}"),
        &["catalog.toml:1:1: unknown key `version` in catalog\n= help: expected one of: provider"],
    );
}

#[test]
fn unknown_table() {
    assert_errors(
        &with("[[provider.code.patern]]\ncontains = \"x\"\n"),
        &["catalog.toml:15:17: unknown key `patern` in code\n= help: did you mean `pattern`?"],
    );
}

#[test]
fn wrong_type() {
    assert_errors(
        &with(
            "[[provider.code]]\ncode = \"gone\"\nstatus = \"410\"\ncategory = \"not_found\"\nretry = \"never\"\nsummary = \"Gone.\"\nfix = \"Stop.\"\n",
        ),
        &[
            "catalog.toml:17:10: `status` must be an integer, found string\n= help: remove the quotes: `status = 410`",
        ],
    );
}

#[test]
fn wrong_type_for_tables() {
    assert_errors(
        "[provider]\nkey = \"acme\"\n",
        &[
            "catalog.toml:1:1: `provider` must be an array of tables, found table\n= help: write each one as a `[[provider]]` table",
        ],
    );
    assert_errors(
        "[[provider]]\nkey = \"acme\"\nname = \"Acme\"\nformat = \"code\"\ncode = [1]\n",
        &[
            "catalog.toml:4:10: `format` must be a table, found string\n= help: write a `[provider.format]` table with its keys on the lines below (or an inline `format = { … }`)",
            "catalog.toml:5:9: `code` must contain only tables, found integer\n= help: write each one as a `[[provider.code]]` table",
        ],
    );
}

#[test]
fn wrong_type_in_arrays() {
    assert_errors(
        &with(
            "[[provider.code.table]]\ntitle = \"T\"\ncolumns = [\"A\", 2]\nrows = [[\"a\", \"b\"], \"c\"]\n",
        ),
        &[
            "catalog.toml:17:17: `columns` must contain only strings, found integer\n= help: put each element in quotes: `\"…\"`",
            "catalog.toml:18:21: `rows` must be an array of arrays of strings, found string\n= help: write `rows = [[\"…\", \"…\"], …]`: one array of cells per row",
        ],
    );
}

#[test]
fn missing_key_points_at_the_table_header() {
    let source = format!("{HEAD}{}", CODE.replace("fix = \"Check the id.\"\n", ""));
    assert_errors(
        &source,
        &[
            "catalog.toml:8:1: missing `fix` in code `not_found`\n= help: add `fix = \"…\"`: the hint NormalizedError::fix_hint returns",
        ],
    );
}

#[test]
fn missing_keys_of_a_provider() {
    assert_errors(
        &format!("[[provider]]\n{CODE}"),
        &[
            "catalog.toml:1:1: missing `key` in provider\n= help: add `key = \"…\"`: the provider's id, lowercase, e.g. `key = \"acme\"`",
            "catalog.toml:1:1: missing `name` in provider\n= help: add `name = \"…\"`: the provider's display name",
            "catalog.toml:1:1: missing `format` in provider\n= help: add a `[provider.format]` table with `code = \"…\"`: the JSON field that holds the error code (an empty table for a provider classified by its status fallbacks alone)",
        ],
    );
}

#[test]
fn no_providers() {
    assert_errors(
        "# nothing yet\n",
        &[
            "catalog.toml:1:1: no `[[provider]]` in catalog\n= help: add a `[[provider]]` table for each HTTP API",
        ],
    );
}

// --- provider -------------------------------------------------------------------------------

#[test]
fn provider_key_format() {
    assert_errors(
        &with("").replace("key = \"acme\"", "key = \"Acme-Corp\""),
        &[
            "catalog.toml:2:7: invalid provider key `Acme-Corp`\n= help: a provider key is lowercase ASCII letters, digits and `_`, starting with a letter, e.g. `acme`",
        ],
    );
}

#[test]
fn duplicate_provider_key() {
    let second = with("").replace("Acme", "Acme 2").replace(
        "key = \"acme\"\n",
        "key = \"acme\"\nenum = \"Acme2Error\"\n",
    );
    assert_errors(
        &format!("{}\n{second}", with("")),
        &[
            "catalog.toml:17:7: duplicate provider key `acme`\n= help: provider `acme` is first defined on line 2; each key appears once in a catalog: rename one of them",
        ],
    );
}

#[test]
fn duplicate_enum_name() {
    let second = with("").replace("key = \"acme\"\n", "key = \"beta\"\nenum = \"AcmeError\"\n");
    assert_errors(
        &format!("{}\n{second}", with("")),
        &[
            "catalog.toml:18:8: providers `acme` and `beta` both generate enum `AcmeError`\n= help: provider `acme` is on line 2; add `enum = \"…\"` with another name to one of them",
        ],
    );
}

#[test]
fn enum_name_must_be_an_identifier() {
    assert_errors(
        &with("").replace(
            "name = \"Acme\"\n",
            "name = \"Acme\"\nenum = \"acme-error\"\n",
        ),
        &[
            "catalog.toml:4:8: enum name `acme-error` is not a Rust identifier\n= help: write an UpperCamelCase identifier, e.g. `AcmeError`",
        ],
    );
    assert_errors(
        &with("").replace("name = \"Acme\"\n", "name = \"Acme\"\nenum = \"type\"\n"),
        &[
            "catalog.toml:4:8: enum name `type` is not a Rust identifier\n= help: write an UpperCamelCase identifier, e.g. `Type`",
        ],
    );
    assert_errors(
        &with("").replace(
            "name = \"Acme\"\n",
            "name = \"Acme\"\nenum = \"acme_error\"\n",
        ),
        &[
            "catalog.toml:4:8: enum name `acme_error` is not UpperCamelCase\n= help: write an UpperCamelCase identifier, e.g. `AcmeError`",
        ],
    );
}

#[test]
fn empty_provider() {
    assert_errors(
        HEAD,
        &[
            "catalog.toml:1:1: provider `acme` has no codes and no fallbacks\n= help: add a `[[provider.code]]` table for each code the API sends, or `[[provider.fallback]]` tables that classify its errors by status",
        ],
    );
    assert_errors(
        "[[provider]]\nkey = \"acme\"\nname = \"Acme\"\ncode = []\n[provider.format]\ncode = \"code\"\n",
        &[
            "catalog.toml:1:1: provider `acme` has no codes and no fallbacks\n= help: add a `[[provider.code]]` table for each code the API sends, or `[[provider.fallback]]` tables that classify its errors by status",
        ],
    );
}

#[test]
fn empty_name() {
    assert_errors(
        &with("").replace("name = \"Acme\"", "name = \" \""),
        &["catalog.toml:3:8: `name` of provider `acme` is empty\n= help: write the display name"],
    );
}

#[test]
fn urls() {
    let source = with("docs_url = \"developers.acme.com/errors\"\n").replace(
        "name = \"Acme\"\n",
        "name = \"Acme\"\ndocs_url = \"ftp://acme.com\"\nstatus_page = \"https://status.acme.com/a b\"\n",
    );
    assert_errors(
        &source,
        &[
            "catalog.toml:4:12: `docs_url` is not an http(s) URL: `ftp://acme.com`\n= help: write an absolute URL starting with `https://`",
            "catalog.toml:5:15: `status_page` contains whitespace: `https://status.acme.com/a b`\n= help: percent-encode spaces as `%20`",
            "catalog.toml:17:12: `docs_url` is not an http(s) URL: `developers.acme.com/errors`\n= help: write an absolute URL: `docs_url = \"https://developers.acme.com/errors\"`",
        ],
    );
    assert_errors(
        &with("docs_url = \"https://\"\n"),
        &[
            "catalog.toml:15:12: `docs_url` is not an http(s) URL: `https://`\n= help: write an absolute URL starting with `https://`",
        ],
    );
}

// --- format ---------------------------------------------------------------------------------

#[test]
fn format_code_is_required() {
    assert_errors(
        &with("").replace("code = \"code\"", "message = \"message\""),
        &[
            "catalog.toml:5:1: missing `code` in the format of provider `acme`\n= help: add `code = \"…\"` to `[provider.format]`: the dotted path of the JSON field (or a `{ header = \"…\" }`) that holds the code the `[[provider.code]]` tables name",
        ],
    );
}

#[test]
fn format_paths() {
    assert_errors(
        &with("").replace(
            "code = \"code\"",
            "code = \"error..code\"\nmessage = \"\"\ntype = \"error.\"",
        ),
        &[
            "catalog.toml:6:8: `code` path `error..code` has an empty segment\n= help: write the dotted path of a JSON field of the error body, with `[N]` for an array index, `[key=value]` to select an element and `[\"key\"]` for a key with `.` in it: e.g. `\"error.code\"`, `\"errors[0].type\"`, `'error[\".tag\"]'`",
            "catalog.toml:7:11: `message` is an empty path\n= help: write the dotted path of a JSON field of the error body, with `[N]` for an array index, `[key=value]` to select an element and `[\"key\"]` for a key with `.` in it: e.g. `\"error.code\"`, `\"errors[0].type\"`, `'error[\".tag\"]'`",
            "catalog.toml:8:8: `type` path `error.` has an empty segment\n= help: write the dotted path of a JSON field of the error body, with `[N]` for an array index, `[key=value]` to select an element and `[\"key\"]` for a key with `.` in it: e.g. `\"error.code\"`, `\"errors[0].type\"`, `'error[\".tag\"]'`",
        ],
    );
}

// --- retry_from -----------------------------------------------------------------------------

const FORMS: &str = "retry-after, seconds, milliseconds, http-date, unix-seconds, unix-milliseconds, duration, rfc3339";

#[test]
fn retry_from_needs_exactly_one_location() {
    assert_errors(
        &with(
            "[[provider.retry_from]]\nheader = \"Retry-After\"\nbody = \"retry_after\"\nform = \"seconds\"\n\n[[provider.retry_from]]\nform = \"seconds\"\n",
        ),
        &[
            "catalog.toml:17:8: `retry_from` has both `header` and `body`\n= help: read one source per `[[provider.retry_from]]`; add another table for the other",
            "catalog.toml:20:1: missing `header`, `body` or `message` in a retry_from of provider `acme`\n= help: add `header = \"Retry-After\"`, `body = \"…\"` (a dotted JSON path) or `message = \"…\"` (the text before the time in the message)",
        ],
    );
}

#[test]
fn retry_from_header_name() {
    assert_errors(
        &with("[[provider.retry_from]]\nheader = \"Retry After:\"\nform = \"retry-after\"\n"),
        &[
            "catalog.toml:16:10: invalid header name `Retry After:`\n= help: a header name is ASCII letters, digits and any of !#$%&'*+-.^_`|~, e.g. `Retry-After`",
        ],
    );
}

#[test]
fn retry_from_form() {
    assert_errors(
        &with(
            "[[provider.retry_from]]\nbody = \"error.retry_after\"\nform = \"secs\"\n\n[[provider.retry_from]]\nbody = \"retry_after_ms\"\n",
        ),
        &[
            &format!("catalog.toml:17:8: unknown form `secs`\n= help: expected one of: {FORMS}"),
            &format!(
                "catalog.toml:19:1: missing `form` in a retry_from of provider `acme`\n= help: add `form = \"…\"`: expected one of: {FORMS}"
            ),
        ],
    );
    assert_errors(
        &with("[[provider.retry_from]]\nheader = \"Retry-After\"\nform = \"retry_after\"\n"),
        &[&format!(
            "catalog.toml:17:8: unknown form `retry_after`\n= help: expected one of: {FORMS}; did you mean `retry-after`?"
        )],
    );
}

#[test]
fn retry_from_categories() {
    assert_errors(
        &with(
            "[[provider.retry_from]]\nheader = \"Retry-After\"\nform = \"retry-after\"\ncategories = [\"rate_limited\", \"ratelimited\"]\n\n[[provider.retry_from]]\nheader = \"X-Wait\"\nform = \"seconds\"\ncategories = []\n",
        ),
        &[
            "catalog.toml:18:31: unknown category `ratelimited`\n= help: expected one of: invalid_request, authentication, authorization, not_found, conflict, validation, rate_limited, quota_exceeded, server, unknown; did you mean `rate_limited`?",
            "catalog.toml:23:14: `categories` is empty\n= help: remove `categories` to consult this source for every category",
        ],
    );
}

// --- fallback -------------------------------------------------------------------------------

const RULE: &str = "category = \"server\"\nretry = \"backoff\"\nsummary = \"Server error.\"\nfix = \"Retry later.\"\n";

/// A fallback table with `status` and the rest of [`RULE`]: the status is on line 16.
fn fallback(status: &str) -> String {
    format!("[[provider.fallback]]\nstatus = {status}\n{RULE}")
}

const STATUS_HELP: &str = "write an error status (`503`), a class (`\"4xx\"`, `\"5xx\"`) or a range \
     (`\"500-599\"`) within 400 to 599: a response below 400 is not an error, unless the \
     provider marks errors in success responses with `[[provider.success_error]]`";

#[test]
fn fallback_status_forms() {
    let source = with(
        &[
            fallback("503"),
            fallback("\"4xx\""),
            fallback("\"520-529\""),
        ]
        .join("\n"),
    );
    let catalog = parse(&source).unwrap_or_else(|failed| panic!("{:#?}", failed.diagnostics));
    let ranges: Vec<_> = catalog.providers[0]
        .fallbacks
        .iter()
        .map(|f| (f.min, f.max))
        .collect();
    assert_eq!(ranges, [(503, 503), (400, 499), (520, 529)]);
}

#[test]
fn fallback_status_invalid() {
    assert_errors(
        &with(&fallback("200")),
        &[&format!(
            "catalog.toml:16:10: fallback status 200 is not an error status\n= help: {STATUS_HELP}"
        )],
    );
    for (status, message) in [
        ("600", "fallback status 600 is not an HTTP status"),
        ("99", "fallback status 99 is not an HTTP status"),
        ("\"6xx\"", "invalid fallback status `6xx`"),
        ("\"2xx\"", "invalid fallback status `2xx`"),
        ("\"300-450\"", "invalid fallback status `300-450`"),
        ("\"599-500\"", "invalid fallback status `599-500`"),
        ("\"400-600\"", "invalid fallback status `400-600`"),
        ("\"+400-401\"", "invalid fallback status `+400-401`"),
        ("\"server\"", "invalid fallback status `server`"),
    ] {
        assert_errors(
            &with(&fallback(status)),
            &[&format!(
                "catalog.toml:16:10: {message}\n= help: {STATUS_HELP}"
            )],
        );
    }
    assert_errors(
        &with(&fallback("\"503\"")),
        &[
            "catalog.toml:16:10: invalid fallback status `503`\n= help: remove the quotes: `status = 503`",
        ],
    );
    assert_errors(
        &with(&fallback("\"0503\"")),
        &[&format!(
            "catalog.toml:16:10: invalid fallback status `0503`\n= help: {STATUS_HELP}"
        )],
    );
    assert_errors(
        &with(&fallback("true")),
        &[
            "catalog.toml:16:10: `status` must be an integer or a string, found boolean\n= help: write a status (`503`), a class (`\"5xx\"`) or a range (`\"500-599\"`)",
        ],
    );
    assert_errors(
        &with(&format!("[[provider.fallback]]\n{RULE}")),
        &[&format!(
            "catalog.toml:15:1: missing `status` in a fallback of provider `acme`\n= help: add `status = …`: {STATUS_HELP}"
        )],
    );
}

#[test]
fn fallback_to_a_code() {
    let source = with("[[provider.fallback]]\nstatus = 404\ncode = \"not_found\"\n");
    let catalog = parse(&source).unwrap_or_else(|failed| panic!("{:#?}", failed.diagnostics));
    assert_eq!(catalog.providers[0].fallbacks[0].code, Some(0));
    assert_errors(
        &with(
            "[[provider.fallback]]\nstatus = 404\ncode = \"not_fund\"\n\n[[provider.fallback]]\nstatus = 410\ncode = \"gone\"\n",
        ),
        &[
            "catalog.toml:17:8: unknown code `not_fund` in fallback\n= help: did you mean `not_found`?",
            "catalog.toml:21:8: unknown code `gone` in fallback\n= help: a fallback's `code` names a `[[provider.code]]` of provider `acme`",
        ],
    );
}

#[test]
fn fallback_for_any_code() {
    let source = with(
        &[
            format!("[[provider.fallback]]\nstatus = \"5xx\"\nany_code = true\n{RULE}"),
            fallback("503"),
            format!("[[provider.fallback]]\nstatus = 502\nany_code = false\n{RULE}"),
            format!("[[provider.fallback]]\nstatus = 500\nany_code = true\n{RULE}"),
        ]
        .join("\n"),
    );
    let catalog = parse(&source).unwrap_or_else(|failed| panic!("{:#?}", failed.diagnostics));
    let p = &catalog.providers[0];
    let flags: Vec<bool> = p.fallbacks.iter().map(|f| f.any_code).collect();
    assert_eq!(flags, [true, false, false, true]);
    // The fallbacks for any code, in the order every fallback is tried: narrowest first.
    let indices = |order: &[error_catalog_schema::model::FallbackRef]| -> Vec<u32> {
        order.iter().map(|r| r.index).collect()
    };
    assert_eq!(indices(&p.fallback_order), [1, 2, 3, 0]);
    assert_eq!(indices(&p.any_code_order), [3, 0]);

    assert_errors(
        &with(&format!(
            "[[provider.fallback]]\nstatus = \"5xx\"\nany_code = \"yes\"\n{RULE}"
        )),
        &[
            "catalog.toml:17:12: `any_code` must be a boolean, found string\n= help: write `any_code = true` or `any_code = false`, without quotes",
        ],
    );
}

#[test]
fn fallback_with_code_has_no_rule() {
    assert_errors(
        &with(
            "[[provider.fallback]]\nstatus = 404\ncode = \"not_found\"\nretry = \"never\"\nfix = \"Check.\"\n",
        ),
        &[
            "catalog.toml:18:9: fallback with `code` must not set `retry`\n= help: the fallback produces code `not_found` with that code's own rule: remove `retry`, or remove `code`",
            "catalog.toml:19:7: fallback with `code` must not set `fix`\n= help: the fallback produces code `not_found` with that code's own rule: remove `fix`, or remove `code`",
        ],
    );
}

#[test]
fn fallback_without_code_needs_a_rule() {
    assert_errors(
        &with(
            "[[provider.fallback]]\nstatus = \"5xx\"\ncategory = \"server\"\nretry = \"backoff\"\nsummary = \"\"\n",
        ),
        &[
            "catalog.toml:15:1: missing `fix` in the fallback for `5xx` of provider `acme`\n= help: add `fix = \"…\"`: the hint NormalizedError::fix_hint returns",
            "catalog.toml:19:11: `summary` of the fallback for `5xx` of provider `acme` is empty\n= help: write one line saying what happened",
        ],
    );
}

#[test]
fn fallbacks_may_nest() {
    let source = with(
        &[
            fallback("\"5xx\""),
            fallback("503"),
            fallback("\"520-529\""),
            fallback("\"4xx\""),
        ]
        .join("\n"),
    );
    assert!(parse(&source).is_ok(), "{:#?}", parse(&source));
}

#[test]
fn fallbacks_must_not_repeat_or_overlap() {
    let source = with(
        &[
            fallback("\"5xx\""),
            fallback("\"500-599\""),
            fallback("\"450-520\""),
        ]
        .join("\n"),
    );
    assert_errors(
        &source,
        &[
            "catalog.toml:23:10: fallback status `500-599` covers the same statuses as `5xx` on line 16\n= help: each status range has one fallback without conditions: remove one of them, or add `when` or `contains` to the more specific one",
            "catalog.toml:30:10: fallback status `450-520` overlaps `5xx` on line 16\n= help: fallbacks may nest (the narrower wins) but not straddle each other: split one range at the other's edge",
        ],
    );
}

// --- code -----------------------------------------------------------------------------------

/// A second code after [`CODE`], with `fields` after `code = …`; the header is line 15.
fn code(code: &str, fields: &str) -> String {
    let body = "status = 400\ncategory = \"validation\"\nretry = \"never\"\nsummary = \"Bad.\"\nfix = \"Fix it.\"\n";
    with(&format!("[[provider.code]]\ncode = {code}\n{fields}{body}"))
}

#[test]
fn delays_are_numbers_of_seconds() {
    for (fields, expected) in [
        (
            "default_delay = \"5\"\n",
            "catalog.toml:17:17: `default_delay` must be a number of seconds, found string\n= help: remove the quotes: `default_delay = 5`",
        ),
        (
            "min_delay = true\n",
            "catalog.toml:17:13: `min_delay` must be a number of seconds, found boolean\n= help: write a number of seconds, e.g. `min_delay = 1` or `min_delay = 0.1`",
        ),
        // Quotes around text that unquoted is no number TOML takes: not "remove the quotes".
        (
            "default_delay = \"Infinity\"\n",
            "catalog.toml:17:17: `default_delay` must be a number of seconds, found string\n= help: write a number of seconds, e.g. `default_delay = 1` or `default_delay = 0.1`",
        ),
        (
            "default_delay = \"0.5\"\n",
            "catalog.toml:17:17: `default_delay` must be a number of seconds, found string\n= help: remove the quotes: `default_delay = 0.5`",
        ),
    ] {
        assert_errors(&code("\"x\"", fields), &[expected]);
    }
}

#[test]
fn empty_code() {
    assert_errors(
        &code("\"\"", ""),
        &[
            "catalog.toml:16:8: empty code in provider `acme`\n= help: write the value of the format's code field that means this error",
        ],
    );
}

#[test]
fn code_status_range() {
    for status in ["99", "600", "0x3E8", "-404", "99999999999999999999"] {
        let source = with("").replace("status = 404", &format!("status = {status}"));
        assert_errors(
            &source,
            &[&format!(
                "catalog.toml:10:10: `status` {status} is not an HTTP status\n= help: use a status from 100 to 599"
            )],
        );
    }
}

#[test]
fn unknown_category_and_retry() {
    let source = with("")
        .replace("category = \"not_found\"", "category = \"missing\"")
        .replace("\"never\"", "\"nope\"");
    assert_errors(
        &source,
        &[
            "catalog.toml:11:12: unknown category `missing`\n= help: expected one of: invalid_request, authentication, authorization, not_found, conflict, validation, rate_limited, quota_exceeded, server, unknown",
            "catalog.toml:12:9: unknown retry rule `nope`\n= help: expected one of: never, after-delay, backoff",
        ],
    );
}

#[test]
fn empty_hints() {
    let source = with("")
        .replace("\"Not found.\"", "\"\"")
        .replace("\"Check the id.\"", "\"  \"");
    assert_errors(
        &source,
        &[
            "catalog.toml:13:11: `summary` of code `not_found` is empty\n= help: write one line saying what happened",
            "catalog.toml:14:7: `fix` of code `not_found` is empty\n= help: write how to fix it: the hint NormalizedError::fix_hint returns",
        ],
    );
}

#[test]
fn duplicate_code() {
    assert_errors(
        &code("\"not_found\"", ""),
        &[
            "catalog.toml:16:8: duplicate code `not_found` in provider `acme`\n= help: `not_found` is first defined on line 9; each code appears once per provider: remove or rename one of them",
        ],
    );
}

#[test]
fn code_without_identifier() {
    assert_errors(
        &code("\"404-x\"", ""),
        &[
            "catalog.toml:16:8: code `404-x` does not convert to a Rust identifier\n= help: add `variant = \"…\"` with an UpperCamelCase name, e.g. `variant = \"Code404X\"`",
        ],
    );
    assert_errors(
        &code("\"é\"", ""),
        &[
            "catalog.toml:16:8: code `é` does not convert to a Rust identifier\n= help: add `variant = \"…\"` with an UpperCamelCase name",
        ],
    );
    assert!(parse(&code("\"404-x\"", "variant = \"Error404X\"\n")).is_ok());
    assert_errors(
        &code("\"x\"", "variant = \"Bad Name\"\n"),
        &[
            "catalog.toml:17:11: variant `Bad Name` is not a Rust identifier\n= help: write an UpperCamelCase identifier, e.g. `BadName`",
        ],
    );
    // A snake_case variant could take the name of a generated method (`provider_spec`,
    // `from_response`), and fail inside the generated code: only UpperCamelCase is taken.
    for (variant, example) in [
        ("provider_spec", "ProviderSpec"),
        ("lower", "Lower"),
        ("__Hidden", "Hidden"),
        ("Not_Camel", "NotCamel"),
    ] {
        assert_errors(
            &code("\"x\"", &format!("variant = \"{variant}\"\n")),
            &[&format!(
                "catalog.toml:17:11: variant `{variant}` is not UpperCamelCase\n= help: write an UpperCamelCase identifier, e.g. `{example}`"
            )],
        );
    }
    assert_errors(
        &code("\"x\"", "variant = \"r#type\"\n"),
        &[
            "catalog.toml:17:11: variant `r#type` is not a Rust identifier\n= help: write an UpperCamelCase identifier, e.g. `Type`",
        ],
    );
    assert!(parse(&code("\"x\"", "variant = \"HTTPError2\"\n")).is_ok());
}

#[test]
fn unrecognized_is_reserved() {
    assert_errors(
        &code("\"x\"", "variant = \"Unrecognized\"\n"),
        &[
            "catalog.toml:17:11: variant `Unrecognized` is reserved\n= help: `Unrecognized` holds the codes the catalog does not know: choose another name",
        ],
    );
    assert_errors(
        &code("\"unrecognized\"", ""),
        &[
            "catalog.toml:16:8: code `unrecognized` converts to the reserved variant `Unrecognized`\n= help: add `variant = \"…\"` with another name: `Unrecognized` holds the codes the catalog does not know",
        ],
    );
}

#[test]
fn variant_collision() {
    assert_errors(
        &code("\"NOT_FOUND\"", ""),
        &[
            "catalog.toml:16:8: codes `not_found` and `NOT_FOUND` both become variant `NotFound`\n= help: `not_found` is on line 9; add `variant = \"…\"` with another UpperCamelCase name to one of them",
        ],
    );
    assert_errors(
        &code("\"missing\"", "variant = \"NotFound\"\n"),
        &[
            "catalog.toml:17:11: codes `not_found` and `missing` both become variant `NotFound`\n= help: `not_found` is on line 9; add `variant = \"…\"` with another UpperCamelCase name to one of them",
        ],
    );
}

// --- pattern, cause, table ------------------------------------------------------------------

fn pattern(contains: &str, rest: &str) -> String {
    format!("[[provider.code.pattern]]\ncontains = {contains}\n{rest}")
}

const PATTERN_REST: &str = "cause = \"Because.\"\nfix = \"Do this.\"\n";

#[test]
fn pattern_fields() {
    assert_errors(
        &with(&pattern(
            "\"\"",
            "cause = \"\"\nretry = \"later\"\ncategory = \"missing\"\n",
        )),
        &[
            "catalog.toml:15:1: missing `fix` in a pattern of code `not_found`\n= help: add `fix = \"…\"`: the hint NormalizedError::fix_hint returns",
            "catalog.toml:16:12: `contains` of a pattern of code `not_found` is empty\n= help: write a case-insensitive substring of the message (an empty one matches every message)",
            "catalog.toml:17:9: `cause` of a pattern of code `not_found` is empty\n= help: write what makes the provider send this message",
            "catalog.toml:18:9: unknown retry rule `later`\n= help: expected one of: never, after-delay, backoff",
            "catalog.toml:19:12: unknown category `missing`\n= help: expected one of: invalid_request, authentication, authorization, not_found, conflict, validation, rate_limited, quota_exceeded, server, unknown",
        ],
    );
}

#[test]
fn duplicate_and_shadowed_patterns() {
    let patterns = [
        pattern("\"Invalid email\"", PATTERN_REST),
        pattern("\"invalid EMAIL\"", PATTERN_REST),
        pattern("\"Invalid email address\"", PATTERN_REST),
        pattern("\"address\"", PATTERN_REST),
    ];
    assert_errors(
        &with(&patterns.join("\n")),
        &[
            "catalog.toml:21:12: duplicate pattern `invalid EMAIL` in code `not_found`\n= help: the pattern on line 16 matches the same messages (case-insensitively): remove one of them",
            "catalog.toml:26:12: pattern `Invalid email address` is shadowed by the earlier pattern `Invalid email`\n= help: every message containing it also contains the pattern on line 16, which wins: move this more specific pattern before it",
        ],
    );
}

#[test]
fn patterns_compare_ascii_case_insensitively_like_the_runtime() {
    // The runtime folds ASCII case only: `É` and `é` are different patterns.
    let patterns = [
        pattern("\"Échec\"", PATTERN_REST),
        pattern("\"échec\"", PATTERN_REST),
    ];
    assert!(parse(&with(&patterns.join("\n"))).is_ok());
}

#[test]
fn cause_fields() {
    assert_errors(
        &with("[[provider.code.cause]]\ncause = \"Because.\"\n"),
        &[
            "catalog.toml:15:1: missing `fix` in a cause of code `not_found`\n= help: add `fix = \"…\"`: how to fix this cause",
        ],
    );
}

#[test]
fn table_rows_match_columns() {
    assert_errors(
        &with(
            "[[provider.code.table]]\ntitle = \"Scopes\"\ncolumns = [\"Operation\", \"Scope\"]\nrows = [\n  [\"List\", \"read\"],\n  [\"Create\"],\n  [\"Delete\", \"write\", \"admin\"],\n]\n",
        ),
        &[
            "catalog.toml:20:3: row 2 of table `Scopes` of code `not_found` has 1 cell, expected 2\n= help: give each row one cell per column: Operation, Scope",
            "catalog.toml:21:3: row 3 of table `Scopes` of code `not_found` has 3 cells, expected 2\n= help: give each row one cell per column: Operation, Scope",
        ],
    );
}

#[test]
fn table_fields() {
    assert_errors(
        &with("[[provider.code.table]]\ncolumns = []\n"),
        &[
            "catalog.toml:15:1: missing `title` in a table of code `not_found`\n= help: add `title = \"…\"`: the table's title",
            "catalog.toml:15:1: missing `rows` in a table of code `not_found`\n= help: add `rows = [[\"…\", …], …]`: one array of cells per row",
            "catalog.toml:16:11: `columns` is empty\n= help: add the column headers, e.g. `columns = [\"Operation\", \"Scope\"]`",
        ],
    );
}

// --- all at once ----------------------------------------------------------------------------

#[test]
fn every_error_in_one_call_in_source_order() {
    let source = r#"[[provider]]
key = "Acme"
name = ""

[provider.format]
code = "a..b"

[[provider.code]]
code = "x"
stauts = 404
category = "nope"
retry = "never"
summary = "X."
fix = "Fix x."

[[provider.code]]
code = "x"
status = 404
category = "validation"
retry = "never"
summary = "X."
"#;
    let lines: Vec<String> = diagnose(source)
        .iter()
        .map(|d| d.lines().next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        lines,
        [
            "catalog.toml:2:7: invalid provider key `Acme`",
            "catalog.toml:3:8: `name` of provider `Acme` is empty",
            "catalog.toml:6:8: `code` path `a..b` has an empty segment",
            "catalog.toml:10:1: unknown key `stauts` in code",
            "catalog.toml:11:12: unknown category `nope`",
            "catalog.toml:16:1: missing `fix` in code `x`",
            "catalog.toml:17:8: duplicate code `x` in provider `Acme`",
        ]
    );
}

#[test]
fn rendered_diagnostic() {
    let source = code("\"not_found\"", "");
    let errors = parse(&source)
        .err()
        .map(|f| f.diagnostics)
        .unwrap_or_default();
    let rendered: Vec<String> = errors
        .iter()
        .map(|d| d.render("catalog.toml", &source))
        .collect();
    assert_eq!(
        rendered,
        ["duplicate code `not_found` in provider `acme`
  --> catalog.toml:16:8
   |
16 | code = \"not_found\"
   |        ^^^^^^^^^^^
   = help: `not_found` is first defined on line 9; each code appears once per provider: remove or rename one of them"]
    );
}

#[test]
fn a_number_as_an_object_key_is_an_array_index_written_wrong() {
    let source = r#"[[provider]]
key = "acme"
name = "Acme"

[provider.format]
code = "errors.0.type"
message = "errors[0]].message"
"#
    .to_owned()
        + CODE;
    assert_errors(
        &source,
        &[
            "catalog.toml:6:8: `code` path `errors.0.type` has the number `0` as an object key: an array index is written `[0]`\n= help: write the dotted path of a JSON field of the error body, with `[N]` for an array index, `[key=value]` to select an element and `[\"key\"]` for a key with `.` in it: e.g. `\"error.code\"`, `\"errors[0].type\"`, `'error[\".tag\"]'`",
            "catalog.toml:7:11: `message` path `errors[0]].message` continues after a `]` without a `.`\n= help: write the dotted path of a JSON field of the error body, with `[N]` for an array index, `[key=value]` to select an element and `[\"key\"]` for a key with `.` in it: e.g. `\"error.code\"`, `\"errors[0].type\"`, `'error[\".tag\"]'`",
        ],
    );
}

#[test]
fn sources_are_paths_or_header_tables() {
    assert_errors(
        &format!(
            "[[provider]]\nkey = \"acme\"\nname = \"Acme\"\n\n[provider.format]\ncode = [{{ header = \"Bad Name\" }}, 5, {{ body = \"a\", header = \"B\" }}, {{ query = \"x\" }}]\nmessage = []\n{CODE}"
        ),
        &[
            "catalog.toml:6:20: invalid header name `Bad Name`\n= help: a header name is ASCII letters, digits and any of !#$%&'*+-.^_`|~, e.g. `Retry-After`",
            "catalog.toml:6:34: `code` must be a path or a table, found integer\n= help: write a dotted body path (`code = \"error.code\"`), a header (`code = { header = \"X-Error-Code\" }`), or a list of those",
            "catalog.toml:6:60: `code` has both `body` and `header`\n= help: read one place per source; list several in precedence order, e.g. `code = [{ header = \"…\" }, \"error.code\"]`",
            "catalog.toml:6:67: missing `header` or `body` in code\n= help: add `header = \"…\"` or `body = \"…\"` (a dotted JSON path)",
            "catalog.toml:6:69: unknown key `query` in code\n= help: expected one of: header, body",
            "catalog.toml:7:11: `message` is an empty list\n= help: remove `message`, or name where it is read",
        ],
    );
}

#[test]
fn conditions_need_one_place_and_one_test() {
    assert_errors(
        &with(
            "[[provider.success_error]]\nbody = \"ok\"\n\n[[provider.success_error]]\nbody = \"ok\"\nequals = false\nnon_empty = true\n\n[[provider.success_error]]\nbody = \"errors\"\nnon_empty = false\n\n[[provider.success_error]]\nbody = \"x\"\nequals = 1.5\n",
        ),
        &[
            "catalog.toml:15:1: a success_error has no test\n= help: add one test: `equals = …` (a string, integer or boolean), `non_empty = true` or `present = true`/`false`",
            "catalog.toml:18:1: a success_error has several tests\n= help: keep one test (`equals = …` (a string, integer or boolean), `non_empty = true` or `present = true`/`false`); write another condition for the other",
            "catalog.toml:25:13: `non_empty = false` tests nothing\n= help: write `non_empty = true`, or test `present` or `equals` instead",
            "catalog.toml:29:10: `equals` must be a string, integer or boolean, found float\n= help: write `equals = \"…\"`, in quotes",
        ],
    );
    assert_errors(
        &with(
            "[[provider.retry_from]]\nheader = \"Retry-After\"\nform = \"retry-after\"\nwhen = \"always\"\n",
        ),
        &[
            "catalog.toml:18:8: `when` must be a table, found string\n= help: write a condition, `when = { body = \"…\", equals = … }`, or a list of them",
        ],
    );
}

#[test]
fn a_message_source_reads_delays_and_timestamps_not_dates() {
    // RFC 3339, as Gmail quotes it ("Retry after 2026-09-11T20:00:00.000Z"), is accepted.
    assert_errors(
        &with(
            "[[provider.retry_from]]\nmessage = \"Retry after \"\nform = \"rfc3339\"\n\n[[provider.retry_from]]\nmessage = \"try again at \"\nform = \"http-date\"\n\n[[provider.retry_from]]\nmessage = \"reset at \"\nform = \"unix-seconds\"\n\n[[provider.retry_from]]\nmessage = \" \"\nform = \"duration\"\n",
        ),
        &[
            "catalog.toml:21:8: form `http-date` cannot be read from a message\n= help: a time quoted in a message is read as a delay (`duration`, `seconds` or `milliseconds`) or as an `rfc3339` timestamp",
            "catalog.toml:25:8: form `unix-seconds` cannot be read from a message\n= help: a time quoted in a message is read as a delay (`duration`, `seconds` or `milliseconds`) or as an `rfc3339` timestamp",
            "catalog.toml:28:11: `message` is empty\n= help: write the text the message has right before the time, e.g. `message = \"try again in \"`",
        ],
    );
}

#[test]
fn normalize_separators_are_not_empty() {
    assert_errors(
        &format!(
            "[[provider]]\nkey = \"acme\"\nname = \"Acme\"\n\n[provider.format]\ncode = \"code\"\nnormalize = {{ strip_suffix_from = \"\", uri_last_segment = \"yes\" }}\n{CODE}"
        ),
        &[
            "catalog.toml:7:35: `strip_suffix_from` is empty\n= help: write the separator, e.g. `strip_suffix_from = \":\"`, or remove `strip_suffix_from`",
            "catalog.toml:7:58: `uri_last_segment` must be a boolean, found string\n= help: write `uri_last_segment = true` or `uri_last_segment = false`, without quotes",
        ],
    );
}

#[test]
fn success_statuses_need_success_errors() {
    let rule = "category = \"unknown\"\nretry = \"never\"\nsummary = \"S.\"\nfix = \"F.\"\n";
    assert_errors(
        &with(&format!("[[provider.fallback]]\nstatus = \"2xx\"\n{rule}")),
        &[&format!(
            "catalog.toml:16:10: invalid fallback status `2xx`\n= help: {STATUS_HELP}"
        )],
    );
    let source = with(&format!(
        "[[provider.success_error]]\nbody = \"ok\"\nequals = false\n\n[[provider.fallback]]\nstatus = \"2xx\"\n{rule}"
    ));
    assert!(parse(&source).is_ok(), "{source}");
}

#[test]
fn fallbacks_for_one_status_differ_in_conditions() {
    let rule =
        "category = \"rate_limited\"\nretry = \"after-delay\"\nsummary = \"S.\"\nfix = \"F.\"\n";
    let source = with(&format!(
        "[[provider.fallback]]\nstatus = 403\nwhen = {{ header = \"x-ratelimit-remaining\", equals = \"0\" }}\n{rule}\n[[provider.fallback]]\nstatus = 403\ncontains = \"secondary rate limit\"\n{rule}\n[[provider.fallback]]\nstatus = 403\n{rule}"
    ));
    assert!(parse(&source).is_ok(), "{source}");
    assert_errors(
        &with(&format!(
            "[[provider.fallback]]\nstatus = 403\n{rule}\n[[provider.fallback]]\nstatus = 403\n{rule}"
        )),
        &[
            "catalog.toml:23:10: fallback status `403` covers the same statuses as `403` on line 16\n= help: each status range has one fallback without conditions: remove one of them, or add `when` or `contains` to the more specific one",
        ],
    );
}

#[test]
fn one_line_texts_have_no_control_characters_and_a_bounded_length() {
    let long = "x".repeat(1001);
    assert_errors(
        &format!(
            "[[provider]]\nkey = \"acme\"\nname = \"Ac\\nme\"\n\n[provider.format]\ncode = \"code\"\n\n[[provider.code]]\ncode = \"not_found\"\nstatus = 404\ncategory = \"not_found\"\nretry = \"never\"\nsummary = \"Not \\u001b[2J found.\"\nfix = \"{long}\"\nnotes = \"line one\\nline two\\u0007\"\n"
        ),
        &[
            "catalog.toml:3:8: `name` contains the control character \\u{a}\n= help: `name` is shown on one line: write it without line breaks (longer prose goes in `notes`)",
            "catalog.toml:13:11: `summary` contains the control character \\u{1b}\n= help: remove it: `summary` is printed to terminals and logs",
            "catalog.toml:14:7: `fix` is longer than 1000 characters\n= help: shorten it: `fix` is shown on one line (longer prose goes in `notes`)",
            "catalog.toml:15:9: `notes` contains the control character \\u{7}\n= help: remove it: `notes` is printed to terminals and rendered in rustdoc",
        ],
    );
    assert_errors(
        &with(
            "[[provider.code.pattern]]\ncontains = \"a\\u202eb\"\ncause = \"C.\"\nfix = \"F.\"\n",
        ),
        &[
            "catalog.toml:16:12: `contains` contains the bidirectional formatting character \\u{202e}\n= help: remove it: `contains` is printed to terminals and logs",
        ],
    );
}

#[test]
fn a_provider_may_have_fallbacks_and_no_codes() {
    let source = format!("{HEAD}\n{}", fallback("\"5xx\""));
    assert!(parse(&source).is_ok(), "{source}");
}

#[test]
fn unwrap_array_names_one_key() {
    assert_errors(
        &format!("{HEAD}unwrap_array = \"\"\n{CODE}"),
        &[
            "catalog.toml:7:16: `unwrap_array` is empty\n= help: write the key the element that holds the error has, e.g. `unwrap_array = \"error\"`, or remove `unwrap_array`",
        ],
    );
    assert_errors(
        &format!("{HEAD}unwrap_array = \"error\\nmore\"\n{CODE}"),
        &[
            "catalog.toml:7:16: `unwrap_array` contains the control character \\u{a}\n= help: `unwrap_array` is shown on one line: write it without line breaks (longer prose goes in `notes`)",
        ],
    );
    assert_errors(
        &format!("{HEAD}unwrap_array = true\n{CODE}"),
        &[
            "catalog.toml:7:16: `unwrap_array` must be a string, found boolean\n= help: quote it: `unwrap_array = \"true\"`",
        ],
    );
    let catalog = error_catalog_schema::parse(&format!("{HEAD}unwrap_array = \"error\"\n{CODE}"))
        .expect("a catalog that loads");
    let key = catalog.providers[0].format.unwrap_array.as_deref();
    assert_eq!(key, Some("error"));
}
