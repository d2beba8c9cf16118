//! From a response to a variant: the one algorithm every generated enum runs.
//!
//! 1. Read the format's fields from the body (bounded, total: see [`crate::body`]).
//! 2. The code selects a catalog entry; its first matching message pattern refines it.
//! 3. No known code: the narrowest status fallback decides (a code's variant, or
//!    `Unrecognized` with the fallback's rule).
//! 4. The retry time comes from the first of the format's sources that yields one.

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;

use crate::body::{self, Scalar};
use crate::details::{Bounded, Details, Parts, Text};
use crate::spec::{Code, Fallback, FallbackTarget, Location, Pattern, Provider, Rule};
use crate::{Category, Headers, Normalized, RetryRule, retry_time};

/// The rule of a response with a success status: passing one to `from_response` is a
/// caller's mistake, reported as such rather than guessed at.
const NOT_AN_ERROR: Rule = Rule {
    category: Category::Unknown,
    retry: RetryRule::Never,
    summary: "The response status is not an HTTP error status (400 to 599).",
    fix: "Only error responses (status 400 to 599) describe an error: check the status \
          before classifying the response.",
    docs_url: None,
};

/// Classifies a response: the index of the code whose variant to produce (`None`:
/// `Unrecognized`), and the wire data.
pub fn classify(
    provider: &'static Provider,
    status: u16,
    headers: &dyn Headers,
    body: &[u8],
    now: SystemTime,
) -> (Option<usize>, Details) {
    let format = &provider.format;
    let body_sources = provider.retry_from.iter().filter_map(|s| match s.location {
        Location::Body(path) => Some(path),
        Location::Header(_) => None,
    });
    let fields = [
        Some(format.code),
        format.message,
        format.provider_type,
        format.status,
    ];
    // The paths and their values live on the stack for any sane number of body sources.
    let mut paths: Short<&[&str]> = Short::default();
    fields
        .iter()
        .flatten()
        .copied()
        .chain(body_sources)
        .for_each(|p| paths.push(p));
    let mut values: Short<Option<Scalar<'_>>> = Short::default();
    (0..paths.as_slice().len()).for_each(|_| values.push(None));
    body::extract(body, paths.as_slice(), values.as_mut_slice());

    let mut values = values.as_mut_slice().iter_mut().map(Option::take);
    let mut field = |present: bool| {
        if present {
            values.next().flatten()
        } else {
            None
        }
    };
    let code = field(true);
    let message = field(format.message.is_some());
    let provider_type = field(format.provider_type.is_some());
    let body_status = field(format.status.is_some()).and_then(|s| s.as_number());
    let mut body_delays: Short<Option<Scalar<'_>>> = Short::default();
    values.for_each(|v| body_delays.push(v));

    let code_text = code.as_ref().and_then(Scalar::text);
    let code_index = code_text.as_deref().and_then(|c| provider.find_code(c));
    let code_spec = code_index.and_then(|i| provider.codes.get(i));
    let message_text = message.as_ref().and_then(Scalar::text).unwrap_or_default();
    let pattern_index = code_spec.filter(|c| !c.patterns.is_empty()).and_then(|c| {
        let message = message_text.to_ascii_lowercase();
        c.patterns
            .iter()
            .position(|p| contains_folded(&message, p.contains))
    });
    // A success or redirect is no error, whatever its body says: it stays `Unrecognized`.
    let variant = if is_success_or_redirect(status) {
        None
    } else {
        code_index.or_else(|| match provider.fallback_for(status)?.target {
            FallbackTarget::Code(index) => Some(index),
            FallbackTarget::Rule(_) => None,
        })
    };

    // A known code is the catalog's own string; so is a type the catalog documents.
    let code = match (code_spec, code_text) {
        (Some(spec), _) => Text::Static(spec.code),
        (None, Some(text)) => Text::new(text, body),
        (None, None) => Text::EMPTY,
    };
    let known_type = code_spec.and_then(|c| c.provider_type);
    let provider_type = provider_type
        .as_ref()
        .and_then(Scalar::text)
        .map(|t| match known_type {
            Some(known) if known == t => Text::Static(known),
            _ => Text::new(t, body),
        });
    let message = Text::new(message_text, body);
    let body_status = body_status
        .filter(|n| (0.0..=f64::from(u16::MAX)).contains(n) && n.fract() == 0.0)
        .map(|n| n as u16);
    let mut details = Details::new(Parts {
        status,
        code,
        message,
        provider_type,
        body_status,
        raw_body: Bytes::copy_from_slice(body),
        received_at: now,
        retry_at: None,
        code_index,
        pattern_index,
    });
    let category = View::new(provider, variant, &details).rule().category;
    let retry_at = retry_time(provider, category, headers, body_delays.as_slice(), now);
    let retry_at = match variant.and_then(|i| provider.codes.get(i)) {
        Some(code) => with_code_delays(code, retry_at, now),
        None => retry_at,
    };
    details.set_retry_at(retry_at);
    (variant, details)
}

/// A short list kept on the stack: a format has at most four fields plus its body retry
/// sources. A longer list (a catalog with many body sources) spills to the heap.
struct Short<T> {
    inline: [T; 8],
    len: usize,
    spill: Vec<T>,
}

impl<T: Default> Default for Short<T> {
    fn default() -> Self {
        Short {
            inline: Default::default(),
            len: 0,
            spill: Vec::new(),
        }
    }
}

impl<T: Default> Short<T> {
    fn push(&mut self, value: T) {
        if self.spill.is_empty() {
            if let Some(slot) = self.inline.get_mut(self.len) {
                *slot = value;
                self.len += 1;
                return;
            }
            let inline = self.inline.iter_mut().take(self.len);
            self.spill.extend(inline.map(core::mem::take));
        }
        self.spill.push(value);
    }

    fn as_slice(&self) -> &[T] {
        if self.spill.is_empty() {
            self.inline.get(..self.len).unwrap_or_default()
        } else {
            &self.spill
        }
    }

    fn as_mut_slice(&mut self) -> &mut [T] {
        if self.spill.is_empty() {
            self.inline.get_mut(..self.len).unwrap_or_default()
        } else {
            &mut self.spill
        }
    }
}

/// The first retry time the provider's sources yield for an error of `category`.
fn retry_time(
    provider: &Provider,
    category: Category,
    headers: &dyn Headers,
    body_delays: &[Option<Scalar<'_>>],
    now: SystemTime,
) -> Option<SystemTime> {
    let mut body_delays = body_delays.iter();
    provider.retry_from.iter().find_map(|source| {
        // Advance through the body values in step with the body sources, consulted or not.
        let body_value = match source.location {
            Location::Header(_) => None,
            Location::Body(_) => body_delays.next().and_then(Option::as_ref),
        };
        if !source.categories.is_empty() && !source.categories.contains(&category) {
            return None;
        }
        match (source.location, body_value) {
            (Location::Header(name), _) => {
                retry_time::from_text(headers.header(name)?, source.form, now)
            }
            (Location::Body(_), Some(Scalar::Str(s))) => retry_time::from_text(s, source.form, now),
            (Location::Body(_), Some(scalar)) => {
                retry_time::from_number(scalar.as_number()?, source.form, now)
            }
            (Location::Body(_), None) => None,
        }
    })
}

/// The code's own delays: its default when the provider sent no time, and its floor.
fn with_code_delays(
    code: &Code,
    retry_at: Option<SystemTime>,
    now: SystemTime,
) -> Option<SystemTime> {
    let after = |delay: Option<Duration>| delay.and_then(|d| now.checked_add(d));
    let retry_at = retry_at.or_else(|| after(code.default_delay));
    match (retry_at, after(code.min_delay)) {
        (Some(at), Some(floor)) => Some(at.max(floor)),
        (at, _) => at,
    }
}

/// 1xx, 2xx and 3xx: statuses HTTP defines as no error.
fn is_success_or_redirect(status: u16) -> bool {
    (100..=399).contains(&status)
}

/// Whether `needle` occurs in `folded` (already ASCII-lowercased), ignoring ASCII case.
/// `str::contains` is linear in the message, however adversarial the message is.
fn contains_folded(folded: &str, needle: &str) -> bool {
    if needle.bytes().any(|b| b.is_ascii_uppercase()) {
        folded.contains(&needle.to_ascii_lowercase())
    } else {
        folded.contains(needle)
    }
}

/// An error seen through its catalog entry: what the generated impls delegate to.
#[derive(Clone, Copy)]
pub struct View<'a> {
    provider: &'static Provider,
    variant: Option<usize>,
    details: &'a Details,
}

impl<'a> View<'a> {
    pub fn new(provider: &'static Provider, variant: Option<usize>, details: &'a Details) -> Self {
        View {
            provider,
            variant,
            details,
        }
    }

    /// The catalog entry of the variant.
    pub fn code_spec(&self) -> Option<&'static Code> {
        self.provider.codes.get(self.variant?)
    }

    /// The message pattern that matched, if it belongs to this variant's code.
    pub fn pattern(&self) -> Option<&'static Pattern> {
        let code = self.code_spec()?;
        if self.details.code_index() != self.variant {
            return None;
        }
        code.patterns.get(self.details.pattern_index()?)
    }

    /// The rule in force: the code's (refined by its pattern), or the status fallback's.
    pub fn rule(&self) -> Rule {
        if let Some(code) = self.code_spec() {
            let mut rule = code.rule;
            if let Some(p) = self.pattern() {
                rule.fix = p.fix;
                rule.retry = p.retry.unwrap_or(rule.retry);
                rule.category = p.category.unwrap_or(rule.category);
            }
            return rule;
        }
        let status = self.details.status();
        if is_success_or_redirect(status) {
            return NOT_AN_ERROR;
        }
        match self.provider.fallback_for(status) {
            Some(Fallback {
                target: FallbackTarget::Rule(rule),
                ..
            }) => *rule,
            _ if !(400..=599).contains(&status) => NOT_AN_ERROR,
            _ => self.provider.unrecognized,
        }
    }

    /// The wire data.
    pub fn details(&self) -> &'a Details {
        self.details
    }

    pub fn provider_key(&self) -> &'static str {
        self.provider.key
    }

    pub fn variant_name(&self) -> &'static str {
        self.code_spec().map_or("Unrecognized", |c| c.variant)
    }

    pub fn docs_url(&self) -> Option<&'static str> {
        self.rule().docs_url.or(self.provider.docs_url)
    }

    pub fn retry_after(&self) -> Option<Duration> {
        self.details.retry_after_from(SystemTime::now())
    }

    pub fn normalize(&self) -> Normalized {
        let d = self.details;
        let rule = self.rule();
        Normalized {
            provider: self.provider.key.to_owned(),
            variant: self.variant_name().to_owned(),
            status: d.status(),
            code: d.code().to_owned(),
            message: d.message().to_owned(),
            provider_type: d.provider_type().map(str::to_owned),
            category: rule.category,
            retry_rule: rule.retry,
            retryable: rule.retry.is_retryable(),
            retry_after_secs: self.retry_after().map(|w| w.as_secs_f64()),
            summary: rule.summary.to_owned(),
            fix_hint: rule.fix.to_owned(),
            docs_url: self.docs_url().map(str::to_owned),
        }
    }

    /// `Attio 429 rate_limit_exceeded: Rate limit exceeded…`, on one bounded line.
    pub fn fmt_display(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.details;
        write!(f, "{} {}", self.provider.name, d.status())?;
        if !d.code().is_empty() {
            write!(f, " {}", Bounded(d.code()))?;
        }
        let message = if d.message().is_empty() {
            self.rule().summary
        } else {
            d.message()
        };
        write!(f, ": {}", Bounded(message))
    }

    /// `AttioError::RateLimitExceeded(Details { … })`, bounded.
    pub fn fmt_debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}::{}(", self.provider.enum_name, self.variant_name())?;
        fmt::Debug::fmt(self.details, f)?;
        f.write_str(")")
    }
}
