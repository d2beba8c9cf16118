//! `[[provider.retry_from]]`: where the retry time comes from.

use toml::de::DeTable;

use super::fields::Fields;
use super::source::{self, Paths};
use super::values;
use crate::diagnostic::{Ctxt, Span};
use crate::model::{List, RetrySource, Source, TimeForm};
use crate::suggest;

const RETRY_FROM_KEYS: &[&str] = &["header", "body", "message", "form", "categories", "when"];

pub(super) fn retry_source(
    cx: &mut Ctxt,
    table: (&DeTable<'_>, Span),
    provider: &str,
    paths: &mut Paths,
) -> Option<RetrySource> {
    let mut f = Fields::open(cx, table, "retry_from", RETRY_FROM_KEYS);
    f.name(format!("a retry_from of {provider}"));
    let place = source::retry_place(cx, &f, paths);
    let names: Vec<&str> = TimeForm::ALL.iter().map(|form| form.as_str()).collect();
    let help = format!("add `form = \"…\"`: {}", suggest::one_of(&names));
    let form = f
        .required_string(cx, "form", &help)
        .and_then(|v| values::form(cx, v));
    if let (Some(Source::Message(_)), Some(form)) = (&place, form) {
        if (form.is_absolute() && form != TimeForm::Rfc3339) || form == TimeForm::RetryAfter {
            let span = f.value_span("form").unwrap_or(f.span.clone());
            let help = "a time quoted in a message is read as a delay (`duration`, `seconds` \
                        or `milliseconds`) or as an `rfc3339` timestamp";
            cx.error(
                span,
                format!("form `{form}` cannot be read from a message"),
                help,
            );
        }
    }
    let categories = f.strings(cx, "categories").map_or_else(Vec::new, |list| {
        if list.value.is_empty() {
            let help = "remove `categories` to consult this source for every category";
            cx.error(list.span, "`categories` is empty", help);
        }
        let list = list.value.into_iter();
        list.filter_map(|name| values::category(cx, name)).collect()
    });
    let when = source::when(cx, &f, paths);
    Some(RetrySource::__new(
        place?,
        form.unwrap_or(TimeForm::RetryAfter),
        List::Owned(categories),
        when,
    ))
}
