//! Typed access to the keys of one TOML table, reporting unknown, missing and mistyped keys.

use std::borrow::Cow;

use toml::de::{DeArray, DeTable, DeValue};

use super::values;
use crate::diagnostic::Ctxt;
use crate::diagnostic::{Span, Spanned};
use crate::model::Text;
use crate::suggest;

/// A spanned value as the TOML parser gives it.
pub(super) type Value<'i> = toml::Spanned<DeValue<'i>>;

/// The keys of one table, checked against the keys its kind allows.
pub(crate) struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    /// The table's header (or inline table, or dotted key): where "missing" errors point.
    pub(super) span: Span,
    /// Names the table in "missing `x` in …" messages: "code `not_found`".
    subject: String,
    /// The keys that unknown keys are a typo of: not reported missing as well.
    misspelled: Vec<&'static str>,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// Reports every key of `table` that `allowed` does not list ("unknown key `x` in
    /// {kind}").
    pub(super) fn open(
        cx: &mut Ctxt,
        (table, span): (&'a DeTable<'i>, Span),
        kind: &str,
        allowed: &[&'static str],
    ) -> Self {
        let mut misspelled = Vec::new();
        // Most tables have only known keys: the file order matters only to report the others.
        let all_known = table
            .iter()
            .all(|(key, _)| allowed.contains(&key.get_ref().as_ref()));
        let unknown = if all_known {
            Vec::new()
        } else {
            entries_in_file_order(table)
        };
        for (key, _) in unknown {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                cx.error(
                    key.span(),
                    format!("unknown key `{name}` in {kind}"),
                    suggest::did_you_mean(name, allowed.iter().copied()),
                );
                misspelled.extend(suggest::closest(name, allowed));
            }
        }
        Fields {
            table,
            span,
            subject: kind.to_owned(),
            misspelled,
        }
    }

    /// Names the table in later "missing" messages, once its identifying key is known.
    pub(super) fn name(&mut self, subject: String) {
        self.subject = subject;
    }

    pub(super) fn subject(&self) -> &str {
        &self.subject
    }

    pub(super) fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.table.get(key)
    }

    /// The span of the key itself (`diagnostic` in `diagnostic = "…"`), if present.
    pub(super) fn key_span(&self, key: &str) -> Option<Span> {
        self.table
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(k, _)| k.span())
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The span of a key's value, if the key is present.
    pub(super) fn value_span(&self, key: &str) -> Option<Span> {
        self.get(key).map(toml::Spanned::span)
    }

    /// Reports "missing `key` in {subject}" on the table, unless an unknown key was reported
    /// as a typo of it: `stauts = 404` is one mistake, not two.
    pub(super) fn missing(&self, cx: &mut Ctxt, key: &str, help: &str) {
        if self.misspelled.contains(&key) {
            return;
        }
        let message = format!("missing `{key}` in {}", self.subject);
        cx.error(self.span.clone(), message, help);
    }

    pub(super) fn string(&self, cx: &mut Ctxt, key: &str) -> Option<Spanned<&'a str>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(text) => Some(Spanned::new(text.as_ref(), value.span())),
            other => type_error(cx, key, "a string", other, value.span()),
        }
    }

    pub(super) fn required_string(
        &self,
        cx: &mut Ctxt,
        key: &str,
        help: &str,
    ) -> Option<Spanned<&'a str>> {
        if !self.has(key) {
            self.missing(cx, key, help);
        }
        self.string(cx, key)
    }

    /// An optional one-line string (see [`values::one_line`]), owned for the model.
    pub(super) fn line(&self, cx: &mut Ctxt, key: &str) -> Option<Text> {
        let value = self.string(cx, key)?;
        values::one_line(cx, key, &value);
        Some(Text::Owned(value.value.to_owned()))
    }

    /// An optional one-line string that, when written, is not empty (a separator, a key).
    pub(super) fn filled_line(&self, cx: &mut Ctxt, key: &str, empty_help: &str) -> Option<Text> {
        let value = self.string(cx, key)?;
        if value.value.is_empty() {
            cx.error(value.span.clone(), format!("`{key}` is empty"), empty_help);
        }
        values::one_line(cx, key, &value);
        Some(Text::Owned(value.value.to_owned()))
    }

    /// An optional block of text (see [`values::block`]), owned for the model.
    pub(super) fn block(&self, cx: &mut Ctxt, key: &str) -> Option<Text> {
        let value = self.string(cx, key)?;
        values::block(cx, key, &value);
        Some(Text::Owned(value.value.to_owned()))
    }

    /// A required one-line string that must not be blank.
    pub(super) fn required_line(
        &self,
        cx: &mut Ctxt,
        key: &str,
        help: &str,
        blank_help: &str,
    ) -> Option<Text> {
        let value = self.required_string(cx, key, help)?;
        if value.value.trim().is_empty() {
            let message = format!("`{key}` of {} is empty", self.subject);
            cx.error(value.span.clone(), message, blank_help);
        }
        values::one_line(cx, key, &value);
        Some(Text::Owned(value.value.to_owned()))
    }

    /// An optional number of seconds (integer or float), from 0 to a day, as a duration.
    pub(super) fn delay(&self, cx: &mut Ctxt, key: &str) -> Option<std::time::Duration> {
        let seconds = self.seconds(cx, key)?;
        std::time::Duration::try_from_secs_f64(seconds).ok()
    }

    /// An optional number of seconds (integer or float), from 0 to a day.
    pub(super) fn seconds(&self, cx: &mut Ctxt, key: &str) -> Option<f64> {
        let value = self.get(key)?;
        let seconds = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            other => return type_error(cx, key, "a number of seconds", other, value.span()),
        };
        match seconds {
            Some(s) if (0.0..=86_400.0).contains(&s) => Some(s),
            _ => {
                let message = format!("`{key}` must be from 0 to 86400 seconds");
                let help = format!("write a number of seconds, e.g. `{key} = 1` or `{key} = 0.1`");
                cx.error(value.span(), message, help);
                None
            }
        }
    }

    pub(super) fn boolean(&self, cx: &mut Ctxt, key: &str) -> Option<bool> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(flag) => Some(*flag),
            other => type_error(cx, key, "a boolean", other, value.span()),
        }
    }

    /// An array of strings; `None` if any element is not one (each is reported).
    pub(super) fn strings(
        &self,
        cx: &mut Ctxt,
        key: &str,
    ) -> Option<Spanned<Vec<Spanned<&'a str>>>> {
        let value = self.get(key)?;
        let items = array(cx, key, "an array of strings", value)?;
        let strings: Vec<_> = items
            .iter()
            .map(|item| element_string(cx, key, item))
            .collect();
        let strings = strings.into_iter().collect::<Option<_>>()?;
        Some(Spanned::new(strings, value.span()))
    }

    /// The elements of an array of tables (`header`s such as `[[provider.code]]`, or
    /// `[{…}, …]`), in file order; none if the key is absent.
    pub(super) fn tables(
        &self,
        cx: &mut Ctxt,
        key: &str,
        header: &str,
    ) -> Vec<(&'a DeTable<'i>, Span)> {
        let help = format!("write each one as a `{header}` table");
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            let message = format!(
                "`{key}` must be an array of tables, found {}",
                value.get_ref().type_str()
            );
            cx.error(value.span(), message, help);
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(table) => Some((table, item.span())),
                other => {
                    let message = format!(
                        "`{key}` must contain only tables, found {}",
                        other.type_str()
                    );
                    cx.error(item.span(), message, help.clone());
                    None
                }
            })
            .collect()
    }

    /// A table (`[a.key]` header, inline or dotted).
    pub(super) fn table(&self, cx: &mut Ctxt, key: &str) -> Option<(&'a DeTable<'i>, Span)> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Table(table) => Some((table, value.span())),
            other => type_error(cx, key, "a table", other, value.span()),
        }
    }
}

/// Table entries in the order of the file: without toml's `preserve_order` feature the map
/// is sorted by key.
pub(super) fn entries_in_file_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(&'a toml::Spanned<Cow<'i, str>>, &'a Value<'i>)> {
    let mut entries: Vec<_> = table.iter().collect();
    crate::sort::sort_by_key(&mut entries, |(key, _)| {
        (crate::sort::key(key.span().start), 0)
    });
    entries
}

/// Reports "`key` must be {expected}, found {type}"; always `None` so callers can return it.
pub(super) fn type_error<T>(
    cx: &mut Ctxt,
    key: &str,
    expected: &str,
    found: &DeValue<'_>,
    span: Span,
) -> Option<T> {
    let message = format!("`{key}` must be {expected}, found {}", found.type_str());
    cx.error(span, message, type_help(key, expected, found));
    None
}

/// Whether `text` unquoted is a TOML integer that is not negative: digits, no leading zero
/// (TOML refuses `0503`). Only then is "remove the quotes" the fix.
pub(super) fn is_toml_integer(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
}

/// Whether `text` unquoted is a TOML number that is not negative: an integer as
/// [`is_toml_integer`] has it, with an optional fraction (`0.5`, `10`).
fn is_toml_number(text: &str) -> bool {
    match text.split_once('.') {
        Some((whole, fraction)) => {
            is_toml_integer(whole)
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
        None => is_toml_integer(text),
    }
}

/// What to write instead of a value of the wrong type.
fn type_help(key: &str, expected: &str, found: &DeValue<'_>) -> String {
    match (expected, found) {
        ("an integer" | "an integer or a string", DeValue::String(text))
            if is_toml_integer(text) =>
        {
            format!("remove the quotes: `{key} = {text}`")
        }
        ("an integer", _) => format!("write a number without quotes, e.g. `{key} = 404`"),
        ("an integer or a string", _) => {
            "write a status (`503`), a class (`\"5xx\"`) or a range (`\"500-599\"`)".to_owned()
        }
        ("a boolean", _) => format!("write `{key} = true` or `{key} = false`, without quotes"),
        ("a number of seconds", DeValue::String(text)) if is_toml_number(text) => {
            format!("remove the quotes: `{key} = {text}`")
        }
        ("a number of seconds", _) => {
            format!("write a number of seconds, e.g. `{key} = 1` or `{key} = 0.1`")
        }
        ("a table", _) if key == "when" => {
            "write a condition, `when = { body = \"…\", equals = … }`, or a list of them".to_owned()
        }
        ("a table", _) => format!(
            "write a `[provider.{key}]` table with its keys on the lines below (or an inline \
             `{key} = {{ … }}`)"
        ),
        ("an array of strings", _) => format!("write `{key} = [\"…\", \"…\"]`"),
        ("an array of arrays of strings", _) => {
            format!("write `{key} = [[\"…\", \"…\"], …]`: one array of cells per row")
        }
        ("a string", DeValue::Integer(n)) => format!("quote it: `{key} = \"{}\"`", n.as_str()),
        ("a string", DeValue::Float(n)) => format!("quote it: `{key} = \"{}\"`", n.as_str()),
        ("a string", DeValue::Boolean(b)) => format!("quote it: `{key} = \"{b}\"`"),
        _ => format!("write `{key} = \"…\"`, in quotes"),
    }
}

pub(super) fn array<'a, 'i>(
    cx: &mut Ctxt,
    key: &str,
    expected: &str,
    value: &'a Value<'i>,
) -> Option<&'a DeArray<'i>> {
    match value.get_ref() {
        DeValue::Array(items) => Some(items),
        other => type_error(cx, key, expected, other, value.span()),
    }
}

/// An element of an array that must hold strings.
pub(super) fn element_string<'a>(
    cx: &mut Ctxt,
    key: &str,
    item: &'a Value<'_>,
) -> Option<Spanned<&'a str>> {
    match item.get_ref() {
        DeValue::String(text) => Some(Spanned::new(text.as_ref(), item.span())),
        other => {
            let message = format!(
                "`{key}` must contain only strings, found {}",
                other.type_str()
            );
            cx.error(item.span(), message, "put each element in quotes: `\"…\"`");
            None
        }
    }
}
