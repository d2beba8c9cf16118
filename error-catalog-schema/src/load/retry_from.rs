//! `[[provider.retry_from]]`: where the retry time comes from.

use toml::de::DeTable;

use super::fields::Fields;
use super::values;
use crate::diagnostic::Ctxt;
use crate::model::{Location, RetrySource, Span, TimeForm};
use crate::suggest;

const RETRY_FROM_KEYS: &[&str] = &["header", "body", "form", "categories"];

pub(super) fn retry_source(
    cx: &mut Ctxt,
    table: (&DeTable<'_>, Span),
    provider: &str,
) -> Option<RetrySource> {
    let mut f = Fields::open(cx, table, "retry_from", RETRY_FROM_KEYS);
    f.name(format!("a retry_from of {provider}"));
    let location = location(cx, &f);
    let names: Vec<&str> = TimeForm::ALL.iter().map(|(name, _)| *name).collect();
    let help = format!("add `form = \"…\"`: {}", suggest::one_of(&names));
    let form = f
        .required_string(cx, "form", &help)
        .and_then(|v| values::form(cx, v));
    let categories = f.strings(cx, "categories").map_or_else(Vec::new, |list| {
        if list.value.is_empty() {
            let help = "remove `categories` to consult this source for every category";
            cx.error(list.span, "`categories` is empty", help);
        }
        let list = list.value.into_iter();
        list.filter_map(|name| values::category(cx, name)).collect()
    });
    Some(RetrySource {
        location: location?,
        form: form.unwrap_or(TimeForm::RetryAfter),
        categories,
    })
}

/// Exactly one of `header` and `body`.
fn location(cx: &mut Ctxt, f: &Fields<'_, '_>) -> Option<Location> {
    match (f.string(cx, "header"), f.string(cx, "body")) {
        (Some(header), None) => {
            if !values::is_header_name(header.value) {
                let message = format!("invalid header name `{}`", header.value);
                let help = "a header name is ASCII letters, digits and any of !#$%&'*+-.^_`|~, e.g. `Retry-After`";
                cx.error(header.span, message, help);
            }
            Some(Location::Header(header.value.to_owned()))
        }
        (None, Some(body)) => Some(Location::Body(values::path(cx, "body", body))),
        (Some(_), Some(body)) => {
            let help =
                "read one source per `[[provider.retry_from]]`; add another table for the other";
            cx.error(body.span, "`retry_from` has both `header` and `body`", help);
            None
        }
        (None, None) => {
            if !f.has("header") && !f.has("body") {
                let message = format!("missing `header` or `body` in {}", f.subject());
                let help = "add `header = \"Retry-After\"` or `body = \"…\"` (a dotted JSON path)";
                cx.error(f.span.clone(), message, help);
            }
            None
        }
    }
}
