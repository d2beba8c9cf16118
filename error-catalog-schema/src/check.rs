//! Stage 2: rules that look at several items of a loaded catalog at once.
//!
//! Each error is reported on the later item, with the line of the earlier one in the help.

use crate::diagnostic::{Ctxt, line_col};
use crate::model::{Catalog, Code, Fallback, Location, Pattern, Provider, Span};

/// Runs every cross-item check.
pub(crate) fn check(cx: &mut Ctxt, catalog: &Catalog, source: &str) {
    let lines = Lines(source);
    unique_provider_keys(cx, &catalog.providers, lines);
    unique_enum_names(cx, &catalog.providers, lines);
    for provider in &catalog.providers {
        unique_codes(cx, provider, lines);
        unique_variants(cx, provider, lines);
        fallbacks_nest(cx, provider, lines);
        paths_independent(cx, provider);
        for code in &provider.codes {
            patterns_reachable(cx, code, lines);
        }
    }
}

/// Turns spans into line numbers for help lines.
#[derive(Clone, Copy)]
struct Lines<'s>(&'s str);

impl Lines<'_> {
    fn of(self, span: &Span) -> usize {
        line_col(self.0, span.start).0
    }

    /// A fallback's status as written (`500-599`, not `5xx`), without its quotes.
    fn status(self, fallback: &Fallback) -> String {
        match self.0.get(fallback.status_span.clone()) {
            Some(written) => written.trim_matches(['"', '\'']).to_owned(),
            None => fallback.status_label(),
        }
    }
}

/// The body is read in one pass: a field that is read whole (a leaf) is not also descended
/// into, so a path that is a proper prefix of another would silently hide the longer one.
fn paths_independent(cx: &mut Ctxt, provider: &Provider) {
    let format = &provider.format;
    let mut paths: Vec<(String, &[String])> = vec![("code".to_owned(), &format.code)];
    let optional = [
        ("message", &format.message),
        ("type", &format.provider_type),
        ("status", &format.status),
    ];
    for (name, path) in optional {
        if let Some(path) = path {
            paths.push((name.to_owned(), path));
        }
    }
    for source in &provider.retry_from {
        if let Location::Body(path) = &source.location {
            paths.push(("retry_from body".to_owned(), path));
        }
    }
    // A malformed path is reported where it is loaded.
    paths.retain(|(_, path)| !path.is_empty() && path.iter().all(|s| !s.is_empty()));
    for (outer_name, outer) in &paths {
        for (inner_name, inner) in &paths {
            if outer.len() < inner.len() && inner.starts_with(outer) {
                let message = format!(
                    "the `{outer_name}` field `{}` of provider `{}` contains the `{inner_name}` field `{}`",
                    outer.join("."),
                    provider.key.value,
                    inner.join(".")
                );
                let help = "a field read whole cannot also be read into: point both at fields \
                            side by side, e.g. `error.message` and `error.code`";
                cx.error(provider.span.clone(), message, help.to_owned());
            }
        }
    }
}

/// The first item before `items[index]` for which `same` holds.
fn earlier<T>(items: &[T], index: usize, same: impl Fn(&T) -> bool) -> Option<&T> {
    items.iter().take(index).find(|item| same(item))
}

/// `NormalizedError::provider()` returns the key: two providers with one key are
/// indistinguishable at runtime.
fn unique_provider_keys(cx: &mut Ctxt, providers: &[Provider], lines: Lines<'_>) {
    for (index, provider) in providers.iter().enumerate() {
        let key = &provider.key;
        if let Some(first) = earlier(providers, index, |p| p.key.value == key.value) {
            let message = format!("duplicate provider key `{}`", key.value);
            let help = format!(
                "provider `{}` is first defined on line {}; each key appears once in a catalog: rename one of them",
                key.value,
                lines.of(&first.key.span)
            );
            cx.error(key.span.clone(), message, help);
        }
    }
}

/// Every provider becomes an enum beside the derive: two enums of one name do not compile.
fn unique_enum_names(cx: &mut Ctxt, providers: &[Provider], lines: Lines<'_>) {
    for (index, provider) in providers.iter().enumerate() {
        let name = &provider.enum_name;
        let clash =
            |p: &Provider| p.enum_name.value == name.value && p.key.value != provider.key.value;
        if let Some(first) = earlier(providers, index, clash) {
            let message = format!(
                "providers `{}` and `{}` both generate enum `{}`",
                first.key.value, provider.key.value, name.value
            );
            let help = format!(
                "provider `{}` is on line {}; add `enum = \"…\"` with another name to one of them",
                first.key.value,
                lines.of(&first.key.span)
            );
            cx.error(name.span.clone(), message, help);
        }
    }
}

/// A wire code selects one variant: a second entry could never be reached.
fn unique_codes(cx: &mut Ctxt, provider: &Provider, lines: Lines<'_>) {
    let codes = &provider.codes;
    for (index, code) in codes.iter().enumerate() {
        if let Some(first) = earlier(codes, index, |c| c.code.value == code.code.value) {
            let message = format!(
                "duplicate code `{}` in provider `{}`",
                code.code.value, provider.key.value
            );
            let help = format!(
                "`{}` is first defined on line {}; each code appears once per provider: remove or rename one of them",
                code.code.value,
                lines.of(&first.code.span)
            );
            cx.error(code.code.span.clone(), message, help);
        }
    }
}

/// Distinct codes can meet after case conversion (`rate_limited`, `RATE_LIMITED`); two
/// variants of one name do not compile.
fn unique_variants(cx: &mut Ctxt, provider: &Provider, lines: Lines<'_>) {
    let codes = &provider.codes;
    for (index, code) in codes.iter().enumerate() {
        let variant = &code.variant;
        // Equal codes are reported as duplicates already.
        let clash = |c: &Code| c.variant.value == variant.value && c.code.value != code.code.value;
        if let Some(first) = earlier(codes, index, clash) {
            let message = format!(
                "codes `{}` and `{}` both become variant `{}`",
                first.code.value, code.code.value, variant.value
            );
            let help = format!(
                "`{}` is on line {}; add `variant = \"…\"` with another UpperCamelCase name to one of them",
                first.code.value,
                lines.of(&first.code.span)
            );
            cx.error(variant.span.clone(), message, help);
        }
    }
}

/// The runtime picks the narrowest fallback containing a status: that is only well defined
/// if any two ranges are disjoint or nested, and never equal.
fn fallbacks_nest(cx: &mut Ctxt, provider: &Provider, lines: Lines<'_>) {
    let fallbacks = &provider.fallbacks;
    for (index, fallback) in fallbacks.iter().enumerate() {
        let Some(first) = earlier(fallbacks, index, |f| conflict(f, fallback)) else {
            continue;
        };
        let (label, first_label) = (lines.status(fallback), lines.status(first));
        let line = lines.of(&first.status_span);
        let (message, help) = if (first.min, first.max) == (fallback.min, fallback.max) {
            (
                format!(
                    "fallback status `{label}` covers the same statuses as `{first_label}` on line {line}"
                ),
                "each status range has one fallback: remove one of them".to_owned(),
            )
        } else {
            (
                format!("fallback status `{label}` overlaps `{first_label}` on line {line}"),
                "fallbacks may nest (the narrower wins) but not straddle each other: split one range at the other's edge".to_owned(),
            )
        };
        cx.error(fallback.status_span.clone(), message, help);
    }
}

/// Equal, or intersecting without one containing the other.
fn conflict(a: &Fallback, b: &Fallback) -> bool {
    let contains =
        |outer: &Fallback, inner: &Fallback| outer.min <= inner.min && inner.max <= outer.max;
    let intersect = a.min <= b.max && b.min <= a.max;
    let equal = (a.min, a.max) == (b.min, b.max);
    equal || (intersect && !contains(a, b) && !contains(b, a))
}

/// The first matching pattern wins, ASCII case-insensitively (as the runtime matches): a
/// pattern that contains an earlier one's text (or repeats it) never matches.
fn patterns_reachable(cx: &mut Ctxt, code: &Code, lines: Lines<'_>) {
    let patterns = &code.patterns;
    for (index, pattern) in patterns.iter().enumerate() {
        let text = pattern.contains.to_ascii_lowercase();
        // An empty pattern is reported on its own.
        let shadows =
            |p: &Pattern| !p.contains.is_empty() && text.contains(&p.contains.to_ascii_lowercase());
        let Some(first) = earlier(patterns, index, shadows) else {
            continue;
        };
        let line = lines.of(&first.contains_span);
        if first.contains.to_ascii_lowercase() == text {
            let message = format!(
                "duplicate pattern `{}` in code `{}`",
                pattern.contains, code.code.value
            );
            let help = format!(
                "the pattern on line {line} matches the same messages (case-insensitively): remove one of them"
            );
            cx.error(pattern.contains_span.clone(), message, help);
        } else {
            let message = format!(
                "pattern `{}` is shadowed by the earlier pattern `{}`",
                pattern.contains, first.contains
            );
            let help = format!(
                "every message containing it also contains the pattern on line {line}, which wins: move this more specific pattern before it"
            );
            cx.error(pattern.contains_span.clone(), message, help);
        }
    }
}
