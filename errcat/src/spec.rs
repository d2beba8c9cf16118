//! The schema's catalog model as the runtime's `spec` data: the one place they meet.
//!
//! The derive writes the same data as `static`s (`error-catalog-derive/src/expand/spec.rs`);
//! this builds it at run time so that `error_catalog::DynError` classifies with the very
//! algorithm of the generated enums. The data is leaked: errcat builds one provider, uses
//! it, and exits.

use error_catalog::spec as rt;
use error_catalog::{Category, RetryRule};
use error_catalog_schema as schema;
use std::time::Duration;

/// The runtime spec of a provider.
pub fn provider(p: &schema::Provider) -> &'static rt::Provider {
    let unrecognized = p.unrecognized_rule();
    leak(rt::Provider {
        key: text(&p.key.value),
        name: text(&p.name),
        enum_name: text(&p.enum_name.value),
        docs_url: p.docs_url.as_deref().map(text),
        status_page: p.status_page.as_deref().map(text),
        format: format(&p.format),
        retry_from: slice(p.retry_from.iter().map(retry_source)),
        codes: slice(p.codes.iter().map(code)),
        fallbacks: slice(p.fallbacks.iter().map(fallback)),
        unrecognized: rule(&unrecognized),
        index: rt::CodeIndex::new(),
    })
}

fn format(f: &schema::Format) -> rt::Format {
    rt::Format {
        code: path(&f.code),
        message: f.message.as_deref().map(path),
        provider_type: f.provider_type.as_deref().map(path),
        status: f.status.as_deref().map(path),
    }
}

fn retry_source(s: &schema::RetrySource) -> rt::RetrySource {
    rt::RetrySource {
        location: match &s.location {
            schema::Location::Header(name) => rt::Location::Header(text(name)),
            schema::Location::Body(p) => rt::Location::Body(path(p)),
        },
        form: time_form(s.form),
        categories: slice(s.categories.iter().map(|c| category(*c))),
    }
}

fn code(c: &schema::Code) -> rt::Code {
    rt::Code {
        code: text(&c.code.value),
        variant: text(&c.variant.value),
        status: c.status,
        provider_type: c.provider_type.as_deref().map(text),
        rule: rule(&c.rule),
        patterns: slice(c.patterns.iter().map(pattern)),
        default_delay: c
            .default_delay
            .and_then(|s| Duration::try_from_secs_f64(s).ok()),
        min_delay: c
            .min_delay
            .and_then(|s| Duration::try_from_secs_f64(s).ok()),
    }
}

fn pattern(p: &schema::Pattern) -> rt::Pattern {
    rt::Pattern {
        contains: text(&p.contains),
        cause: text(&p.cause),
        fix: text(&p.fix),
        retry: p.retry.map(retry_rule),
        category: p.category.map(category),
    }
}

fn fallback(f: &schema::Fallback) -> rt::Fallback {
    rt::Fallback {
        min: f.min,
        max: f.max,
        target: match &f.target {
            schema::FallbackTarget::Code(i) => rt::FallbackTarget::Code(*i),
            schema::FallbackTarget::Rule(r) => rt::FallbackTarget::Rule(rule(r)),
        },
    }
}

fn rule(r: &schema::Rule) -> rt::Rule {
    rt::Rule {
        category: category(r.category),
        retry: retry_rule(r.retry),
        summary: text(&r.summary),
        fix: text(&r.fix),
        docs_url: r.docs_url.as_deref().map(text),
    }
}

/// Exhaustive: a category added to the schema does not compile until it is mapped here.
pub fn category(c: schema::Category) -> Category {
    match c {
        schema::Category::InvalidRequest => Category::InvalidRequest,
        schema::Category::Authentication => Category::Authentication,
        schema::Category::Authorization => Category::Authorization,
        schema::Category::NotFound => Category::NotFound,
        schema::Category::Conflict => Category::Conflict,
        schema::Category::Validation => Category::Validation,
        schema::Category::RateLimited => Category::RateLimited,
        schema::Category::QuotaExceeded => Category::QuotaExceeded,
        schema::Category::Server => Category::Server,
        schema::Category::Unknown => Category::Unknown,
    }
}

/// Exhaustive, like [`category`].
pub fn retry_rule(r: schema::RetryRule) -> RetryRule {
    match r {
        schema::RetryRule::Never => RetryRule::Never,
        schema::RetryRule::AfterDelay => RetryRule::AfterDelay,
        schema::RetryRule::Backoff => RetryRule::Backoff,
    }
}

fn time_form(f: schema::TimeForm) -> rt::TimeForm {
    match f {
        schema::TimeForm::RetryAfter => rt::TimeForm::RetryAfter,
        schema::TimeForm::Seconds => rt::TimeForm::Seconds,
        schema::TimeForm::Milliseconds => rt::TimeForm::Milliseconds,
        schema::TimeForm::HttpDate => rt::TimeForm::HttpDate,
        schema::TimeForm::UnixSeconds => rt::TimeForm::UnixSeconds,
        schema::TimeForm::UnixMilliseconds => rt::TimeForm::UnixMilliseconds,
    }
}

fn path(segments: &[String]) -> rt::FieldPath {
    slice(segments.iter().map(|s| text(s)))
}

fn text(s: &str) -> &'static str {
    Box::leak(s.into())
}

fn slice<T>(items: impl Iterator<Item = T>) -> &'static [T] {
    Box::leak(items.collect())
}

fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

#[cfg(test)]
mod tests {
    use error_catalog_workspace::{AttioError, AttractOsError};

    use super::*;

    /// The shipped catalog, as the derive compiled it.
    fn shipped() -> schema::Catalog {
        let source = include_str!("../../catalog.toml");
        error_catalog_schema::parse(source).unwrap_or_else(|d| panic!("{d:?}"))
    }

    /// `Debug` of a spec without its lookup cache (filled or not depending on what ran).
    fn shape(p: &rt::Provider) -> String {
        let debug = format!("{p:#?}");
        debug
            .split("    index: CodeIndex(")
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    #[test]
    fn spec_equals_the_derived_one() {
        let catalog = shipped();
        let derived = [AttioError::provider_spec(), AttractOsError::provider_spec()];
        assert_eq!(catalog.providers.len(), derived.len());
        for (p, derived) in catalog.providers.iter().zip(derived) {
            let built = provider(p);
            assert_eq!(shape(built), shape(derived), "provider {}", p.key.value);
            assert!(shape(built).contains("codes: ["), "{}", shape(built));
        }
    }
}
