//! An error seen through its catalog entry: what the generated enums and `DynError` share.

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::details::Bounded;
use crate::spec::{Code, Pattern, Provider, Rule, RuleRef};
use crate::{Details, Normalized};

/// An error, its provider and its variant: every trait method of a catalog error reads this.
///
/// `'p` is the provider's lifetime (`'static` for a generated enum), `'d` the error's.
#[derive(Clone, Copy)]
pub struct View<'p, 'd> {
    provider: &'p Provider,
    variant: Option<u32>,
    details: &'d Details,
}

impl<'p, 'd> View<'p, 'd> {
    /// The view of `details`, of the variant of `provider.codes[variant]` (`None`:
    /// `Unrecognized`).
    #[inline]
    pub fn new(provider: &'p Provider, variant: Option<u32>, details: &'d Details) -> Self {
        View {
            provider,
            variant,
            details,
        }
    }

    /// The provider.
    pub fn provider(&self) -> &'p Provider {
        self.provider
    }

    /// The catalog entry of the variant.
    pub fn code_spec(&self) -> Option<&'p Code> {
        self.provider
            .codes
            .get(usize::try_from(self.variant?).ok()?)
    }

    /// The message pattern that matched, if one did.
    pub fn pattern(&self) -> Option<&'p Pattern> {
        match self.details.rule_ref() {
            RuleRef::Pattern(c, p) => self
                .provider
                .codes
                .get(usize::try_from(c).ok()?)?
                .patterns
                .get(usize::try_from(p).ok()?),
            _ => None,
        }
    }

    /// The rule in force.
    #[inline]
    pub fn rule(&self) -> &'p Rule {
        self.provider.rule(self.details.rule_ref())
    }

    /// The wire data.
    #[inline]
    pub fn details(&self) -> &'d Details {
        self.details
    }

    /// The variant's name, e.g. `"RateLimitExceeded"`, or `"Unrecognized"`.
    pub fn variant_name(&self) -> &'p str {
        self.code_spec().map_or("Unrecognized", |c| &c.variant)
    }

    /// The documentation of the error: its rule's, else the provider's.
    pub fn docs_url(&self) -> Option<&'p str> {
        self.provider.docs_url(self.details.rule_ref())
    }

    /// The wait from now; the clock is read only when there is a retry time.
    #[inline]
    pub fn retry_after(&self) -> Option<Duration> {
        self.details.retry_at()?;
        self.details.retry_after_from(SystemTime::now())
    }

    /// The owned summary.
    pub fn normalize(&self) -> Normalized {
        let d = self.details;
        let rule = self.rule();
        Normalized {
            provider: self.provider.key.to_string(),
            variant: self.variant_name().to_owned(),
            status: d.status(),
            code: d.code().to_owned(),
            message: d.message().to_owned(),
            provider_type: d.provider_type().map(str::to_owned),
            category: d.category(),
            retry_rule: d.retry_rule(),
            retryable: d.retry_rule().is_retryable(),
            retry_after_secs: self.retry_after().map(crate::normalized::wait_secs),
            summary: rule.summary.to_string(),
            fix_hint: rule.fix.to_string(),
            docs_url: self.docs_url().map(str::to_owned),
            request_id: d.request_id().map(str::to_owned),
        }
    }

    /// `Attio 429 rate_limit_exceeded: Rate limit exceeded…`, on one bounded line.
    pub fn fmt_display(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.details;
        write!(f, "{} {}", Bounded(&self.provider.name), d.status())?;
        if !d.code().is_empty() {
            write!(f, " {}", Bounded(d.code()))?;
        }
        let message = if d.message().is_empty() {
            &self.rule().summary
        } else {
            d.message()
        };
        write!(f, ": {}", Bounded(message))
    }

    /// `AttioError::RateLimitExceeded(Details { … })`, bounded.
    pub fn fmt_debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}::{}(",
            Bounded(&self.provider.enum_name),
            Bounded(self.variant_name())
        )?;
        fmt::Debug::fmt(self.details, f)?;
        f.write_str(")")
    }
}
