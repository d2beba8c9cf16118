//! Stage 2: rules that look at several items of a loaded catalog at once.
//!
//! Each error is reported on the later item, with the line of the earlier one in the help.

use crate::diagnostic::{Ctxt, Span, line_col};
use crate::load::{CodeSpans, FallbackSpans, ProviderSpans};
use crate::model::{Code, Fallback, Provider};

/// A provider and where its items are.
type Loaded = (Provider, ProviderSpans);

/// Runs every cross-item check.
pub(crate) fn check(cx: &mut Ctxt, providers: &[Loaded], source: &str) {
    let lines = Lines(source);
    unique_provider_keys(cx, providers, lines);
    unique_enum_names(cx, providers, lines);
    for (provider, spans) in providers {
        unique_codes(cx, provider, spans, lines);
        unique_variants(cx, provider, spans, lines);
        fallbacks_nest(cx, provider, spans, lines);
        for (code, code_spans) in provider.codes.iter().zip(&spans.codes) {
            patterns_reachable(cx, code, code_spans, lines);
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
    fn status(self, fallback: &Fallback, spans: &FallbackSpans) -> String {
        match self.0.get(spans.status.clone()) {
            Some(written) => written.trim_matches(['"', '\'']).to_owned(),
            None => fallback.status_label(),
        }
    }
}

/// The first item before `items[index]` for which `same` holds.
fn earlier<T>(items: &[T], index: usize, same: impl Fn(&T) -> bool) -> Option<&T> {
    items.iter().take(index).find(|item| same(item))
}

/// For each item, the index of the first earlier item with the same key: linear in the
/// number of items (a catalog may have thousands of codes).
fn first_of_each<'a, T>(items: &'a [T], key: impl Fn(&'a T) -> &'a str) -> Vec<Option<usize>> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match seen.entry(key(item)) {
            std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(i);
                None
            }
        })
        .collect()
}

/// `NormalizedError::provider()` returns the key: two providers with one key are
/// indistinguishable at runtime.
fn unique_provider_keys(cx: &mut Ctxt, providers: &[Loaded], lines: Lines<'_>) {
    for (index, (provider, spans)) in providers.iter().enumerate() {
        let key = &provider.key;
        if let Some((_, first)) = earlier(providers, index, |(p, _)| p.key == *key) {
            let message = format!("duplicate provider key `{key}`");
            let help = format!(
                "provider `{key}` is first defined on line {}; each key appears once in a catalog: rename one of them",
                lines.of(&first.key)
            );
            cx.error(spans.key.clone(), message, help);
        }
    }
}

/// Every provider becomes an enum beside the derive: two enums of one name do not compile.
fn unique_enum_names(cx: &mut Ctxt, providers: &[Loaded], lines: Lines<'_>) {
    for (index, (provider, spans)) in providers.iter().enumerate() {
        let name = &provider.enum_name;
        let clash = |(p, _): &Loaded| p.enum_name == *name && p.key != provider.key;
        if let Some((first, first_spans)) = earlier(providers, index, clash) {
            let message = format!(
                "providers `{}` and `{}` both generate enum `{name}`",
                first.key, provider.key
            );
            let help = format!(
                "provider `{}` is on line {}; add `enum = \"…\"` with another name to one of them",
                first.key,
                lines.of(&first_spans.key)
            );
            cx.error(spans.enum_name.clone(), message, help);
        }
    }
}

/// A wire code selects one variant: a second entry could never be reached.
fn unique_codes(cx: &mut Ctxt, provider: &Provider, spans: &ProviderSpans, lines: Lines<'_>) {
    let codes: Vec<(&Code, &CodeSpans)> = provider.codes.iter().zip(&spans.codes).collect();
    let firsts = first_of_each(&codes, |(c, _)| c.code.as_ref());
    for ((code, code_spans), first) in codes.iter().zip(firsts) {
        if let Some((_, first)) = first.and_then(|i| codes.get(i)) {
            let message = format!(
                "duplicate code `{}` in provider `{}`",
                code.code, provider.key
            );
            let help = format!(
                "`{}` is first defined on line {}; each code appears once per provider: remove or rename one of them",
                code.code,
                lines.of(&first.code)
            );
            cx.error(code_spans.code.clone(), message, help);
        }
    }
}

/// Distinct codes can meet after case conversion (`rate_limited`, `RATE_LIMITED`); two
/// variants of one name do not compile.
fn unique_variants(cx: &mut Ctxt, provider: &Provider, spans: &ProviderSpans, lines: Lines<'_>) {
    let codes: Vec<(&Code, &CodeSpans)> = provider.codes.iter().zip(&spans.codes).collect();
    let firsts = first_of_each(&codes, |(c, _)| c.variant.as_ref());
    for ((code, code_spans), first) in codes.iter().zip(firsts) {
        let variant = &code.variant;
        // Equal codes are reported as duplicates already.
        let first = first
            .and_then(|i| codes.get(i))
            .filter(|(c, _)| c.code != code.code);
        if let Some((first, first_spans)) = first {
            let message = format!(
                "codes `{}` and `{}` both become variant `{variant}`",
                first.code, code.code
            );
            let help = format!(
                "`{}` is on line {}; add `variant = \"…\"` with another UpperCamelCase name to one of them",
                first.code,
                lines.of(&first_spans.code)
            );
            cx.error(code_spans.variant.clone(), message, help);
        }
    }
}

/// The runtime picks the narrowest fallback containing a status whose conditions hold: that
/// is only well defined if any two ranges are disjoint or nested, and equal only when one of
/// them has conditions.
fn fallbacks_nest(cx: &mut Ctxt, provider: &Provider, spans: &ProviderSpans, lines: Lines<'_>) {
    let fallbacks: Vec<(&Fallback, &FallbackSpans)> =
        provider.fallbacks.iter().zip(&spans.fallbacks).collect();
    for (index, (fallback, fallback_spans)) in fallbacks.iter().enumerate() {
        let clash = |(f, s): &(&Fallback, &FallbackSpans)| {
            conflict(f, fallback, s.conditional || fallback_spans.conditional)
        };
        let Some((first, first_spans)) = earlier(&fallbacks, index, clash) else {
            continue;
        };
        let (label, first_label) = (
            lines.status(fallback, fallback_spans),
            lines.status(first, first_spans),
        );
        let line = lines.of(&first_spans.status);
        let (message, help) = if (first.min, first.max) == (fallback.min, fallback.max) {
            (
                format!(
                    "fallback status `{label}` covers the same statuses as `{first_label}` on line {line}"
                ),
                "each status range has one fallback without conditions: remove one of them, or \
                 add `when` or `contains` to the more specific one"
                    .to_owned(),
            )
        } else {
            (
                format!("fallback status `{label}` overlaps `{first_label}` on line {line}"),
                "fallbacks may nest (the narrower wins) but not straddle each other: split one range at the other's edge".to_owned(),
            )
        };
        cx.error(fallback_spans.status.clone(), message, help);
    }
}

/// Equal (unless one is conditional), or intersecting without one containing the other.
fn conflict(a: &Fallback, b: &Fallback, conditional: bool) -> bool {
    let contains =
        |outer: &Fallback, inner: &Fallback| outer.min <= inner.min && inner.max <= outer.max;
    let intersect = a.min <= b.max && b.min <= a.max;
    let equal = (a.min, a.max) == (b.min, b.max);
    (equal && !conditional) || (intersect && !contains(a, b) && !contains(b, a))
}

/// The first matching pattern wins, ASCII case-insensitively (as the runtime matches): a
/// pattern that contains an earlier one's text (or repeats it) never matches, unless one of
/// them also tests headers.
fn patterns_reachable(cx: &mut Ctxt, code: &Code, spans: &CodeSpans, lines: Lines<'_>) {
    let patterns: Vec<(&str, &Span)> = code
        .patterns
        .iter()
        .zip(&spans.patterns)
        .filter(|(p, _)| p.when.is_empty())
        .filter_map(|(p, span)| Some((p.contains.as_ref()?.folded.as_ref(), span)))
        .collect();
    for (index, (text, span)) in patterns.iter().enumerate() {
        // An empty pattern is reported on its own.
        let shadows = |(p, _): &(&str, &Span)| !p.is_empty() && text.contains(*p);
        let Some((first, first_span)) = earlier(&patterns, index, shadows) else {
            continue;
        };
        let line = lines.of(first_span);
        let written = |s: &Span| {
            lines
                .0
                .get(s.clone())
                .unwrap_or_default()
                .trim_matches(['"', '\''])
                .to_owned()
        };
        if first == text {
            let message = format!(
                "duplicate pattern `{}` in code `{}`",
                written(span),
                code.code
            );
            let help = format!(
                "the pattern on line {line} matches the same messages (case-insensitively): remove one of them"
            );
            cx.error((*span).clone(), message, help);
        } else {
            let message = format!(
                "pattern `{}` is shadowed by the earlier pattern `{}`",
                written(span),
                written(first_span)
            );
            let help = format!(
                "every message containing it also contains the pattern on line {line}, which wins: move this more specific pattern before it"
            );
            cx.error((*span).clone(), message, help);
        }
    }
}
