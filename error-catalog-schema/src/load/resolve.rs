//! Stage 3: what the catalog fixes, computed once: the body layout and each source's slot in
//! it, the code table, the fallbacks in precedence order and the rule of `Unrecognized`.

use std::borrow::Cow;

use super::ProviderSpans;
use crate::diagnostic::Ctxt;
use crate::model::{
    BodyPath, Category, CodeTable, Condition, FallbackRef, List, MAX_SLOTS, Provider, RetryRule,
    Rule, Source,
};

/// Fills in the resolved parts of a loaded provider.
pub(crate) fn resolve(cx: &mut Ctxt, provider: &mut Provider, spans: &ProviderSpans) {
    let segments: Vec<_> = spans
        .paths
        .paths
        .iter()
        .map(|(_, _, s)| s.clone())
        .collect();
    let (layout, slot_of) = crate::model::build_layout(&segments);
    if usize::from(layout.slots) > MAX_SLOTS {
        let message = format!(
            "provider `{}` reads {} body fields; at most {MAX_SLOTS} are supported",
            provider.key, layout.slots
        );
        let help = "read fewer distinct body paths (sources, conditions and selectors all count)";
        cx.error(spans.header.clone(), message, help);
    }
    for_each_body_path(provider, &mut |path| {
        if let Some(slot) = slot_of.get(usize::from(path.slot)) {
            path.slot = *slot;
        }
    });
    provider.layout = layout;

    let codes: Vec<&str> = provider.codes.iter().map(|c| c.code.as_ref()).collect();
    match CodeTable::build(&codes) {
        Some(table) => provider.code_table = table,
        None => {
            // Distinct codes always separate; this is here so that nothing panics if not.
            let help = "report this catalog to the error-catalog developers";
            let message = format!("no code table could be built for `{}`", provider.key);
            cx.error(spans.header.clone(), message, help);
        }
    }

    let mut order: Vec<u32> = (0..provider.fallbacks.len())
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    // Narrowest first; among equal ranges, those with conditions (the more specific) first;
    // then catalog order (the sort is stable).
    let precedence = |i: &u32| {
        let f = provider
            .fallbacks
            .get(usize::try_from(*i).unwrap_or(usize::MAX));
        f.map_or((u64::from(u16::MAX), 1), |f| {
            let unconditional = f.contains.is_none() && f.when.is_empty();
            (u64::from(f.max - f.min), u64::from(unconditional))
        })
    };
    crate::sort::sort_by_key(&mut order, precedence);
    let order: Vec<FallbackRef> = order
        .into_iter()
        .filter_map(|i| {
            let f = provider.fallbacks.get(usize::try_from(i).ok()?)?;
            Some(FallbackRef::__new(i, f.min, f.max))
        })
        .collect();
    let any_code: Vec<FallbackRef> = order
        .iter()
        .filter(|r| r.get(provider).is_some_and(|f| f.any_code))
        .copied()
        .collect();
    // Where each status class starts: the first fallback whose range reaches into it.
    let class = |status: u16| usize::from(status / 100).min(6);
    let mut start = [u32::try_from(order.len()).unwrap_or(u32::MAX); 7];
    for (position, r) in order.iter().enumerate().rev() {
        let position = u32::try_from(position).unwrap_or(u32::MAX);
        for first in start.iter_mut().take(class(r.max) + 1).skip(class(r.min)) {
            *first = position;
        }
    }
    provider.fallback_start = start;
    provider.fallback_order = List::Owned(order);
    provider.any_code_order = List::Owned(any_code);
    let format = &provider.format;
    provider.code_or_message_from_headers = [&format.code, &format.message]
        .iter()
        .any(|sources| sources.iter().any(|s| matches!(s, Source::Header(_))));
    provider.unrecognized = unrecognized_rule(provider);
}

/// The rule of `Unrecognized` where no status fallback applies: unknown, not retryable, and
/// a hint that points at the provider's documentation.
fn unrecognized_rule(p: &Provider) -> Rule {
    let see = p
        .docs_url
        .as_deref()
        .or(p.status_page.as_deref())
        .map_or_else(String::new, |url| format!(" See {url}."));
    Rule::__new(
        Category::Unknown,
        RetryRule::Never,
        Cow::Owned(format!(
            "A response the {} catalog does not describe.",
            p.name
        )),
        Cow::Owned(format!(
            "Inspect the status, code and raw body; if the provider added a code, add it to the \
             catalog.{see}"
        )),
        None,
        None,
        None,
    )
}

/// Calls `f` on every body path of a provider, wherever it is read.
fn for_each_body_path(p: &mut Provider, f: &mut dyn FnMut(&mut BodyPath)) {
    let mut source = |s: &mut Source| {
        if let Source::Body(path) = s {
            f(path);
        }
    };
    let format = &mut p.format;
    for list in [
        &mut format.code,
        &mut format.message,
        &mut format.provider_type,
        &mut format.status,
        &mut format.request_id,
        &mut format.should_retry,
    ] {
        list.to_mut().iter_mut().for_each(&mut source);
    }
    let conditions = |list: &mut List<Condition>, source: &mut dyn FnMut(&mut Source)| {
        for c in list.to_mut() {
            source(&mut c.source);
        }
    };
    conditions(&mut p.success_errors, &mut source);
    for r in p.retry_from.to_mut() {
        source(&mut r.source);
        conditions(&mut r.when, &mut source);
    }
    for code in p.codes.to_mut() {
        for pattern in code.patterns.to_mut() {
            conditions(&mut pattern.when, &mut source);
        }
    }
    for fallback in p.fallbacks.to_mut() {
        conditions(&mut fallback.when, &mut source);
    }
}
