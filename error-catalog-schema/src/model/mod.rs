//! The one model of a provider: what the loader builds, the derive prints, the runtime
//! interprets, and `errcat` renders.
//!
//! Text is [`Text`] (`Cow<'static, str>`) and lists are [`List`] (`Cow<'static, [T]>`):
//! borrowed from `static` data in the code the derive generates, owned when a catalog is
//! loaded at run time. Every type is `#[non_exhaustive]`, so a field added later is not a
//! breaking change; values are built by the loader ([`crate::parse`]), and by the derive
//! through `#[doc(hidden)]` constructors.
//!
//! Besides what the catalog says, a [`Provider`] holds what it fixes once and for all,
//! computed when it is loaded: the merged rule of every message pattern, the fallbacks in
//! precedence order, the pre-folded needles, the code table ([`CodeTable`]) and the body
//! layout ([`Layout`]).

mod layout;
mod lookup;
mod vocab;

use std::borrow::Cow;
use std::time::Duration;

pub use layout::{Layout, MAX_SLOTS, Node, Step};
#[cfg(feature = "load")]
pub(crate) use layout::{Segment, build as build_layout, parse_path};
pub use lookup::CodeTable;
pub use vocab::{Category, RetryRule, TimeForm};

/// Text of the model: borrowed from static data, or owned.
pub type Text = Cow<'static, str>;

/// A list of the model: borrowed from static data, or owned.
pub type List<T> = Cow<'static, [T]>;

/// What the derive prints, in place of `Cow::Borrowed(…)`, `Some(…)` and `None` for the model's
/// text, and `Cow::Borrowed(&[])` for empty lists: functions of concrete types, which the
/// compiler checks much faster in a `static` of thousands of codes than generic
/// constructors, and one empty slice for all empty lists rather than one per list.
///
/// The items of a list whose type owns text are kept in their `static` as
/// [`Kept`](__print::Kept) values, which need no drop: the compiler then has no drop to
/// schedule, qualify and borrow-check for each of thousands of temporaries in one `static`
/// initialiser.
#[doc(hidden)]
pub mod __print {
    use std::borrow::Cow;
    use std::mem::ManuallyDrop;
    use std::time::Duration;

    use super::{List, Text};

    /// An item of a `static` list: never dropped, as nothing in a `static` is.
    pub type Kept<T> = ManuallyDrop<T>;

    /// An item kept in a `static` list.
    pub const fn keep<T>(item: T) -> Kept<T> {
        ManuallyDrop::new(item)
    }

    /// `Cow::Borrowed(text)`.
    pub const fn text(text: &'static str) -> Text {
        Cow::Borrowed(text)
    }

    /// `Some(Cow::Borrowed(text))`.
    pub const fn some_text(text: &'static str) -> Option<Text> {
        Some(Cow::Borrowed(text))
    }

    /// No text.
    pub const NO_TEXT: Option<Text> = None;

    /// `Some(Duration::new(secs, nanos))`.
    pub const fn some_duration(secs: u64, nanos: u32) -> Option<Duration> {
        Some(Duration::new(secs, nanos))
    }

    /// No duration.
    pub const NO_DURATION: Option<Duration> = None;

    /// A list of static items.
    pub const fn list<T: Clone>(items: &'static [T]) -> List<T> {
        Cow::Borrowed(items)
    }

    /// The empty list.
    pub const fn empty<T: Clone>() -> List<T> {
        Cow::Borrowed(&[])
    }

    /// A rule with no docs URL and no delays: most rules.
    ///
    /// Here and in the constructors below, `category` and `retry` are indexes of
    /// [`Category::ALL`](super::Category::ALL) and [`RetryRule::ALL`](super::RetryRule::ALL):
    /// in a `static` of thousands of codes, a literal costs the compiler less to check than a
    /// path to an enum variant. An index out of range is a compile error.
    pub const fn rule(
        category: u8,
        retry: u8,
        summary: &'static str,
        fix: &'static str,
    ) -> super::Rule {
        super::Rule::__new(
            super::Category::ALL[category as usize],
            super::RetryRule::ALL[retry as usize],
            Cow::Borrowed(summary),
            Cow::Borrowed(fix),
            None,
            None,
            None,
        )
    }

    /// A code with no notes, commands, example, causes or tables, and a rule without docs URL
    /// or delays, as a struct expression: each constructor below builds it in its own body,
    /// since the compiler interprets every nested call for each of thousands of codes.
    macro_rules! usual_code {
        ($code:expr, $variant:expr, $status:expr, $provider_type:expr,
         $category:expr, $retry:expr, $summary:expr, $fix:expr, $patterns:expr) => {
            super::Code {
                code: Cow::Borrowed($code),
                variant: Cow::Borrowed($variant),
                status: $status,
                provider_type: match $provider_type {
                    Some(t) => Some(Cow::Borrowed(t)),
                    None => None,
                },
                rule: super::Rule {
                    category: super::Category::ALL[$category as usize],
                    retry: super::RetryRule::ALL[$retry as usize],
                    summary: Cow::Borrowed($summary),
                    fix: Cow::Borrowed($fix),
                    docs_url: None,
                    default_delay: None,
                    min_delay: None,
                },
                notes: None,
                troubleshoot: None,
                example: None,
                patterns: $patterns,
                causes: Cow::Borrowed(&[]),
                tables: Cow::Borrowed(&[]),
            }
        };
    }

    /// A code with no notes, commands, example, patterns, causes or tables, and a rule
    /// without docs URL or delays (most codes), in one call: the compiler evaluates every call
    /// in a `static` of thousands of codes, so the usual code is one call with no nested ones.
    #[allow(clippy::too_many_arguments)]
    pub const fn code_rule(
        code: &'static str,
        variant: &'static str,
        status: u16,
        category: u8,
        retry: u8,
        summary: &'static str,
        fix: &'static str,
    ) -> Kept<super::Code> {
        let no_type: Option<&'static str> = None;
        ManuallyDrop::new(usual_code! {
            code, variant, status, no_type, category, retry, summary, fix, Cow::Borrowed(&[])
        })
    }

    /// [`code_rule`] with the provider's own error type.
    #[allow(clippy::too_many_arguments)]
    pub const fn code_typed_rule(
        code: &'static str,
        variant: &'static str,
        status: u16,
        provider_type: &'static str,
        category: u8,
        retry: u8,
        summary: &'static str,
        fix: &'static str,
    ) -> Kept<super::Code> {
        let provider_type = Some(provider_type);
        ManuallyDrop::new(usual_code! {
            code, variant, status, provider_type, category, retry, summary, fix, Cow::Borrowed(&[])
        })
    }

    /// [`code_typed_rule`] with message patterns, `patterns[start..start + len]`: a code
    /// with patterns is otherwise the usual code, and one call keeps it cheap to check.
    #[allow(clippy::too_many_arguments)]
    pub const fn code_patterns(
        code: &'static str,
        variant: &'static str,
        status: u16,
        provider_type: Option<&'static str>,
        category: u8,
        retry: u8,
        summary: &'static str,
        fix: &'static str,
        patterns: &'static [Kept<super::Pattern>],
        start: usize,
        len: usize,
    ) -> Kept<super::Code> {
        let patterns = sub_kept(patterns, start, len);
        ManuallyDrop::new(usual_code! {
            code, variant, status, provider_type, category, retry, summary, fix, patterns
        })
    }

    /// A pattern with a text to find, no other conditions, and a rule without docs URL or
    /// delays (most patterns), in one call; `folded` is `contains` in ASCII lowercase.
    #[allow(clippy::too_many_arguments)]
    pub const fn pattern(
        contains: &'static str,
        folded: &'static str,
        cause: &'static str,
        retry: Option<super::RetryRule>,
        category: Option<super::Category>,
        rule_category: u8,
        rule_retry: u8,
        summary: &'static str,
        fix: &'static str,
    ) -> Kept<super::Pattern> {
        ManuallyDrop::new(super::Pattern {
            contains: Some(super::Needle {
                text: Cow::Borrowed(contains),
                folded: Cow::Borrowed(folded),
            }),
            when: Cow::Borrowed(&[]),
            cause: Cow::Borrowed(cause),
            retry,
            category,
            rule: super::Rule {
                category: super::Category::ALL[rule_category as usize],
                retry: super::RetryRule::ALL[rule_retry as usize],
                summary: Cow::Borrowed(summary),
                fix: Cow::Borrowed(fix),
                docs_url: None,
                default_delay: None,
                min_delay: None,
            },
        })
    }

    /// `&all[start..start + len]`, written out in each caller rather than called: the
    /// compiler interprets every call in a `static`. Most lists have one item: no
    /// `split_at` for those.
    macro_rules! range {
        ($all:expr, $start:expr, $len:expr) => {
            if $len == 1 {
                core::slice::from_ref(&$all[$start])
            } else {
                $all.split_at($start).1.split_at($len).0
            }
        };
    }

    /// The list `all[start..start + len]`: the lists of one type share one `static`. The
    /// derive writes ranges within `all`; in a `static`, one outside it is a compile error.
    pub const fn sub<T: Clone>(all: &'static [T], start: usize, len: usize) -> List<T> {
        Cow::Borrowed(range!(all, start, len))
    }

    /// [`sub`] of a list of [`Kept`] items.
    pub const fn sub_kept<T: Clone>(all: &'static [Kept<T>], start: usize, len: usize) -> List<T> {
        let items: &'static [Kept<T>] = range!(all, start, len);
        // SAFETY: `ManuallyDrop<T>` is `repr(transparent)` over `T`, so `len` of them are `len`
        // `T`s; the items are in a `static`, so the borrow is `'static`, and not dropped.
        Cow::Borrowed(unsafe {
            core::slice::from_raw_parts(items.as_ptr().cast::<T>(), items.len())
        })
    }
}

/// One HTTP API: a `[[provider]]` of a catalog.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Provider {
    /// The provider's key, e.g. `"attio"`: [`NormalizedError::provider`].
    ///
    /// [`NormalizedError::provider`]: https://docs.rs/error-catalog/latest/error_catalog/trait.NormalizedError.html#tymethod.provider
    pub key: Text,
    /// The display name, e.g. `"Attio"`.
    pub name: Text,
    /// The name of the generated enum, e.g. `"AttioError"`.
    pub enum_name: Text,
    /// The provider's error documentation.
    pub docs_url: Option<Text>,
    /// The provider's status page.
    pub status_page: Option<Text>,
    /// Whether the generated enum is `#[non_exhaustive]`.
    pub non_exhaustive: bool,
    /// Prose for the enum's documentation.
    pub notes: Option<Text>,
    /// Shell commands that help diagnose problems with this provider.
    pub troubleshoot: Option<Text>,
    /// Where the fields of an error body are.
    pub format: Format,
    /// What marks an error inside a success response (any one of them).
    pub success_errors: List<Condition>,
    /// Where the retry time comes from, in precedence order.
    pub retry_from: List<RetrySource>,
    /// The codes, in catalog order; a code's index is its variant's.
    pub codes: List<Code>,
    /// Status fallbacks, in catalog order.
    pub fallbacks: List<Fallback>,
    /// The [`fallbacks`](Self::fallbacks) in the order they are tried: narrowest status range
    /// first; among equal ranges, those with conditions first; then catalog order.
    pub fallback_order: List<FallbackRef>,
    /// Where the walk through [`fallback_order`](Self::fallback_order) starts for each status
    /// class (`status / 100`: 0 for a status below 100, 1 to 5, and 6 for 600 and above): the
    /// position of the first fallback whose range reaches into the class, or the order's
    /// length when none does. The fallbacks before it cover no status of the class, so the
    /// walk skips them: a 502 passes over the exact 4xx statuses that are tried before the
    /// first fallback reaching into the 5xx (wider 4xx ranges, tried later, it still passes
    /// one by one). See [`fallbacks_for`](Self::fallbacks_for).
    pub fallback_start: [u32; 7],
    /// The fallbacks that apply whatever code the body carries ([`Fallback::any_code`]), in
    /// the order of [`fallback_order`](Self::fallback_order): the first that holds gives its
    /// rule to a known code. Usually empty.
    pub any_code_order: List<FallbackRef>,
    /// Whether the [`format`](Self::format)'s code or message has a header source. When
    /// neither has, a response whose body is no JSON object (an HTML page from a proxy) has
    /// no code and no message: its status, headers and the fallbacks decide, and the
    /// classifier looks for nothing else.
    pub code_or_message_from_headers: bool,
    /// The rule of an error no code or fallback describes.
    pub unrecognized: Rule,
    /// The code lookup table.
    pub code_table: CodeTable,
    /// The body paths of every source, as one tree.
    pub layout: Layout,
}

/// The rule of a response whose status is no error (1xx to 3xx) and that no
/// [`Provider::success_errors`] condition marks as one.
pub static NOT_AN_ERROR: Rule = Rule {
    category: Category::Unknown,
    retry: RetryRule::Never,
    summary: Cow::Borrowed(
        "The response is no error: its status is not an HTTP error status (400 to 599), and \
         the catalog marks nothing in it as an error.",
    ),
    fix: Cow::Borrowed(
        "Nothing to fix: hand on the response. Classify the responses that are errors: a 4xx or \
         5xx status, or a success response the catalog marks as one.",
    ),
    docs_url: None,
    default_delay: None,
    min_delay: None,
};

impl Provider {
    /// What the derive prints.
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub const fn __new(
        key: Text,
        name: Text,
        enum_name: Text,
        docs_url: Option<Text>,
        status_page: Option<Text>,
        non_exhaustive: bool,
        notes: Option<Text>,
        troubleshoot: Option<Text>,
        format: Format,
        success_errors: List<Condition>,
        retry_from: List<RetrySource>,
        codes: List<Code>,
        fallbacks: List<Fallback>,
        fallback_order: List<FallbackRef>,
        fallback_start: [u32; 7],
        any_code_order: List<FallbackRef>,
        code_or_message_from_headers: bool,
        unrecognized: Rule,
        code_table: CodeTable,
        layout: Layout,
    ) -> Self {
        Provider {
            key,
            name,
            enum_name,
            docs_url,
            status_page,
            non_exhaustive,
            notes,
            troubleshoot,
            format,
            success_errors,
            retry_from,
            codes,
            fallbacks,
            fallback_order,
            fallback_start,
            any_code_order,
            code_or_message_from_headers,
            unrecognized,
            code_table,
            layout,
        }
    }

    /// The part of [`fallback_order`](Self::fallback_order) that may cover `status`: from
    /// [`fallback_start`](Self::fallback_start) of its class on.
    #[inline]
    pub fn fallbacks_for(&self, status: u16) -> &[FallbackRef] {
        let class = usize::from(status / 100).min(6);
        let start = self.fallback_start.get(class).copied().unwrap_or(0);
        self.fallback_order
            .get(usize::try_from(start).unwrap_or(usize::MAX)..)
            .unwrap_or_default()
    }

    /// The index of the code whose wire value is `code`.
    #[inline]
    pub fn find_code(&self, code: &str) -> Option<usize> {
        let index = self.code_table.candidate(code.as_bytes())?;
        let found = self.codes.get(index)?;
        (found.code == code).then_some(index)
    }

    /// The code named `code`, if the catalog has it.
    pub fn code(&self, code: &str) -> Option<&Code> {
        self.codes.get(self.find_code(code)?)
    }

    /// The rule a [`RuleRef`] points at; [`NOT_AN_ERROR`] for a reference that does not fit
    /// this provider.
    #[inline]
    pub fn rule(&self, rule: RuleRef) -> &Rule {
        let at = |i: u32| usize::try_from(i).unwrap_or(usize::MAX);
        let found = match rule {
            RuleRef::Code(c) => self.codes.get(at(c)).map(|c| &c.rule),
            RuleRef::Pattern(c, p) => self
                .codes
                .get(at(c))
                .and_then(|c| c.patterns.get(at(p)))
                .map(|p| &p.rule),
            RuleRef::Fallback(f) => self.fallbacks.get(at(f)).map(|f| &f.rule),
            RuleRef::Unrecognized => Some(&self.unrecognized),
            RuleRef::NotAnError => None,
        };
        found.unwrap_or(&NOT_AN_ERROR)
    }

    /// The documentation of an error under `rule`: its own, else the provider's.
    pub fn docs_url(&self, rule: RuleRef) -> Option<&str> {
        self.rule(rule)
            .docs_url
            .as_deref()
            .or(self.docs_url.as_deref())
    }
}

/// Which rule of a provider an error is under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleRef {
    /// The rule of `codes[i]`.
    Code(u32),
    /// The merged rule of `codes[i].patterns[j]`.
    Pattern(u32, u32),
    /// The rule of `fallbacks[i]`.
    Fallback(u32),
    /// [`Provider::unrecognized`].
    Unrecognized,
    /// [`NOT_AN_ERROR`].
    NotAnError,
}

/// What an error means and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rule {
    /// The normalised category.
    pub category: Category,
    /// When retrying can succeed.
    pub retry: RetryRule,
    /// One line: what happened.
    pub summary: Text,
    /// How to fix it. Never empty.
    pub fix: Text,
    /// Documentation for this error.
    pub docs_url: Option<Text>,
    /// The wait when the provider sends no retry time, for an error that is retried (a retry
    /// policy takes it as the least wait, and backs off beyond it when failures repeat).
    pub default_delay: Option<Duration>,
    /// The least wait, even when the provider's retry time has passed, for an error that is
    /// retried.
    pub min_delay: Option<Duration>,
}

impl Rule {
    /// What the derive prints.
    #[doc(hidden)]
    pub const fn __new(
        category: Category,
        retry: RetryRule,
        summary: Text,
        fix: Text,
        docs_url: Option<Text>,
        default_delay: Option<Duration>,
        min_delay: Option<Duration>,
    ) -> Self {
        Rule {
            category,
            retry,
            summary,
            fix,
            docs_url,
            default_delay,
            min_delay,
        }
    }
}

/// `[provider.format]`: where the fields of an error body are. Each field lists its sources
/// in precedence order: the first that yields a value wins.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Format {
    /// The code that selects the variant.
    pub code: List<Source>,
    /// The human-readable message.
    pub message: List<Source>,
    /// The provider's own type or category string.
    pub provider_type: List<Source>,
    /// The status the body claims (informational; the wire status is authoritative).
    pub status: List<Source>,
    /// The provider's request id.
    pub request_id: List<Source>,
    /// A `true`/`false` that overrides the retry rule.
    pub should_retry: List<Source>,
    /// How a code is normalised before it is looked up.
    pub normalize: Normalize,
    /// A body that is a JSON array is read as its first element that is an object with this
    /// key: the paths start at that object's keys (`"error"`: Google's streaming endpoints
    /// answer `[{"error": {…}}]`). Without it, only a body that is a JSON object is read.
    pub unwrap_array: Option<Text>,
}

impl Format {
    /// What the derive prints.
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub const fn __new(
        code: List<Source>,
        message: List<Source>,
        provider_type: List<Source>,
        status: List<Source>,
        request_id: List<Source>,
        should_retry: List<Source>,
        normalize: Normalize,
        unwrap_array: Option<Text>,
    ) -> Self {
        Format {
            code,
            message,
            provider_type,
            status,
            request_id,
            should_retry,
            normalize,
            unwrap_array,
        }
    }
}

/// `[provider.format.normalize]`: what is cut from a code before it is looked up, in this
/// order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Normalize {
    /// Cut at the first occurrence: `":"` turns `FooError:http://internal/` into `FooError`.
    pub strip_suffix_from: Option<Text>,
    /// Drop up to the last occurrence: `"#"` turns `com.amazonaws.dynamodb#Foo` into `Foo`.
    pub strip_prefix_through: Option<Text>,
    /// A value with a `/` becomes its last non-empty path segment, query and fragment
    /// dropped (RFC 9457 `type` URIs).
    pub uri_last_segment: bool,
}

impl Normalize {
    /// What the derive prints.
    #[doc(hidden)]
    pub const fn __new(
        strip_suffix_from: Option<Text>,
        strip_prefix_through: Option<Text>,
        uri_last_segment: bool,
    ) -> Self {
        Normalize {
            strip_suffix_from,
            strip_prefix_through,
            uri_last_segment,
        }
    }

    /// Whether the code is used as it arrives.
    pub fn is_identity(&self) -> bool {
        self.strip_suffix_from.is_none()
            && self.strip_prefix_through.is_none()
            && !self.uri_last_segment
    }

    /// The code as the catalog names it. The result is always a part of `code`.
    pub fn apply<'a>(&self, code: &'a str) -> &'a str {
        let mut code = code;
        if let Some(sep) = self.strip_suffix_from.as_deref().filter(|s| !s.is_empty()) {
            code = code.split_once(sep).map_or(code, |(before, _)| before);
        }
        if let Some(sep) = self
            .strip_prefix_through
            .as_deref()
            .filter(|s| !s.is_empty())
        {
            code = code.rsplit_once(sep).map_or(code, |(_, after)| after);
        }
        if self.uri_last_segment && code.contains('/') {
            let path = code.split(['?', '#']).next().unwrap_or(code);
            code = path.split('/').rfind(|s| !s.is_empty()).unwrap_or(code);
        }
        code
    }
}

/// Where one value is read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// A response header, matched ASCII case-insensitively.
    Header(Text),
    /// A value of the JSON body.
    Body(BodyPath),
    /// Text right after a needle in the message (retry times only).
    Message(Needle),
}

/// A path into the JSON body, and the [`Layout`] slot its value is recorded in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BodyPath {
    /// The path as written: `error.code`, `errors[0].type`.
    pub path: Text,
    /// The slot of [`Provider::layout`] that holds its value.
    pub slot: u16,
}

impl BodyPath {
    /// What the derive prints.
    #[doc(hidden)]
    pub const fn __new(path: Text, slot: u16) -> Self {
        BodyPath { path, slot }
    }
}

/// Text searched for in a message, ASCII case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Needle {
    /// As written in the catalog.
    pub text: Text,
    /// ASCII-lowercased, for the search.
    pub folded: Text,
}

impl Needle {
    /// What the derive prints.
    #[doc(hidden)]
    pub const fn __new(text: Text, folded: Text) -> Self {
        Needle { text, folded }
    }

    /// A needle for `text`.
    pub fn new(text: impl Into<Text>) -> Self {
        let text = text.into();
        let folded = if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            text.clone()
        };
        Needle { text, folded }
    }
}

/// A condition on a response: all of a list of them must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Condition {
    /// What is tested: a header or a body value.
    pub source: Source,
    /// The test.
    pub test: Test,
}

impl Condition {
    /// What the derive prints.
    #[doc(hidden)]
    pub const fn __new(source: Source, test: Test) -> Self {
        Condition { source, test }
    }
}

/// What a [`Condition`] asks of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Test {
    /// Equal to the literal (a header compares trimmed and ASCII case-insensitively).
    Equals(Literal),
    /// An array or object with an element, or a non-empty string.
    NonEmpty,
    /// Present (`true`) or absent (`false`).
    Present(bool),
}

/// A value written in a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Literal {
    /// A string.
    Str(Text),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
}

/// One `[[provider.retry_from]]`: a place a retry time may come from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetrySource {
    /// Where to read.
    pub source: Source,
    /// How the time is written.
    pub form: TimeForm,
    /// Consulted only for errors of these categories; empty means all.
    pub categories: List<Category>,
    /// Consulted only when these hold.
    pub when: List<Condition>,
}

impl RetrySource {
    /// What the derive prints.
    #[doc(hidden)]
    pub const fn __new(
        source: Source,
        form: TimeForm,
        categories: List<Category>,
        when: List<Condition>,
    ) -> Self {
        RetrySource {
            source,
            form,
            categories,
            when,
        }
    }
}

/// One `[[provider.code]]`: a variant of the generated enum.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Code {
    /// The wire value, after normalisation.
    pub code: Text,
    /// The variant's name.
    pub variant: Text,
    /// The HTTP status the provider documents for it.
    pub status: u16,
    /// The provider's own type string, where documented.
    pub provider_type: Option<Text>,
    /// What it means.
    pub rule: Rule,
    /// More prose for the docs.
    pub notes: Option<Text>,
    /// Shell commands that help diagnose it.
    pub troubleshoot: Option<Text>,
    /// An example body.
    pub example: Option<Text>,
    /// Message patterns, in order: the first that matches refines the rule.
    pub patterns: List<Pattern>,
    /// Causes no message identifies.
    pub causes: List<Cause>,
    /// Reference tables for the docs.
    pub tables: List<Table>,
}

impl Code {
    /// What the derive prints.
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub const fn __new(
        code: Text,
        variant: Text,
        status: u16,
        provider_type: Option<Text>,
        rule: Rule,
        notes: Option<Text>,
        troubleshoot: Option<Text>,
        example: Option<Text>,
        patterns: List<Pattern>,
        causes: List<Cause>,
        tables: List<Table>,
    ) -> Self {
        Code {
            code,
            variant,
            status,
            provider_type,
            rule,
            notes,
            troubleshoot,
            example,
            patterns,
            causes,
            tables,
        }
    }
}

/// A message pattern of a code: a known cause, recognised by its message or its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Pattern {
    /// Text the message contains.
    pub contains: Option<Needle>,
    /// Conditions that must hold as well.
    pub when: List<Condition>,
    /// The cause this reveals.
    pub cause: Text,
    /// The retry rule it sets, if it overrides the code's.
    pub retry: Option<RetryRule>,
    /// The category it sets, if it overrides the code's.
    pub category: Option<Category>,
    /// The code's rule with this pattern's fix, retry rule and category.
    pub rule: Rule,
}

impl Pattern {
    /// What the derive prints.
    #[doc(hidden)]
    pub const fn __new(
        contains: Option<Needle>,
        when: List<Condition>,
        cause: Text,
        retry: Option<RetryRule>,
        category: Option<Category>,
        rule: Rule,
    ) -> Self {
        Pattern {
            contains,
            when,
            cause,
            retry,
            category,
            rule,
        }
    }
}

/// A cause and its fix that no message identifies.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Cause {
    /// What causes the error.
    pub cause: Text,
    /// How to fix it.
    pub fix: Text,
}

impl Cause {
    /// What the derive prints.
    #[doc(hidden)]
    pub const fn __new(cause: Text, fix: Text) -> Self {
        Cause { cause, fix }
    }
}

/// A reference table for the docs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Table {
    /// The title.
    pub title: Text,
    /// Column headers.
    pub columns: List<Text>,
    /// Rows, one cell per column.
    pub rows: List<List<Text>>,
}

impl Table {
    /// What the derive prints.
    #[doc(hidden)]
    pub const fn __new(title: Text, columns: List<Text>, rows: List<List<Text>>) -> Self {
        Table {
            title,
            columns,
            rows,
        }
    }
}

/// A status fallback: what a response means when its body names no known code (and, with
/// [`any_code`](Self::any_code), the rule of a known code too).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fallback {
    /// The lowest status it covers.
    pub min: u16,
    /// The highest status it covers (inclusive).
    pub max: u16,
    /// Text the message must contain.
    pub contains: Option<Needle>,
    /// Conditions that must hold.
    pub when: List<Condition>,
    /// The code whose variant it produces; `None`: `Unrecognized`.
    pub code: Option<u32>,
    /// Its rule: its own, or the code's (with its own delays, if it sets any).
    pub rule: Rule,
    /// More prose for the docs.
    pub notes: Option<Text>,
    /// Whether it applies whatever code the body carries (`any_code = true`): a known code
    /// keeps its variant but takes this rule, e.g. any 5xx is a server error.
    pub any_code: bool,
}

impl Fallback {
    /// What the derive prints.
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub const fn __new(
        min: u16,
        max: u16,
        contains: Option<Needle>,
        when: List<Condition>,
        code: Option<u32>,
        rule: Rule,
        notes: Option<Text>,
        any_code: bool,
    ) -> Self {
        Fallback {
            min,
            max,
            contains,
            when,
            code,
            rule,
            notes,
            any_code,
        }
    }

    /// Whether `status` is in this fallback's range.
    #[inline]
    pub fn covers(&self, status: u16) -> bool {
        self.min <= status && status <= self.max
    }

    /// The range as a catalog writes it: `503`, `5xx` or `500-549`.
    pub fn status_label(&self) -> String {
        status_label(self.min, self.max)
    }
}

/// A fallback in the order they are tried ([`Provider::fallback_order`]): its index and the
/// statuses it covers, side by side, so that passing over a fallback that does not cover the
/// status reads no more than this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FallbackRef {
    /// Its index in [`Provider::fallbacks`].
    pub index: u32,
    /// The lowest status it covers ([`Fallback::min`]).
    pub min: u16,
    /// The highest status it covers, inclusive ([`Fallback::max`]).
    pub max: u16,
}

impl FallbackRef {
    /// What the derive prints.
    #[doc(hidden)]
    pub const fn __new(index: u32, min: u16, max: u16) -> Self {
        FallbackRef { index, min, max }
    }

    /// Whether `status` is in the fallback's range.
    #[inline]
    pub fn covers(&self, status: u16) -> bool {
        self.min <= status && status <= self.max
    }

    /// The fallback it refers to, in `provider`.
    #[inline]
    pub fn get<'p>(&self, provider: &'p Provider) -> Option<&'p Fallback> {
        provider
            .fallbacks
            .get(usize::try_from(self.index).unwrap_or(usize::MAX))
    }
}

/// Whether a character changes how a line looks without being seen: control characters
/// (C0, DEL, C1), the line and paragraph separators, and the bidirectional formatting
/// characters. Catalog text may not hold them (but line breaks and tabs in blocks), and every
/// tool that prints text from a response or a catalog escapes them.
pub fn is_layout_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// An inclusive status range as a catalog writes it: `503`, `5xx` or `500-549`.
pub fn status_label(min: u16, max: u16) -> String {
    if min == max {
        min.to_string()
    } else if min % 100 == 0 && max == min + 99 {
        format!("{}xx", min / 100)
    } else {
        format!("{min}-{max}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_cuts_in_order_and_keeps_a_part_of_the_code() {
        let n = Normalize::__new(Some(Cow::Borrowed(":")), Some(Cow::Borrowed("#")), false);
        for (wire, code) in [
            (
                "ValidationException:http://internal.amazon.com/coral/x/",
                "ValidationException",
            ),
            (
                "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
                "ResourceNotFoundException",
            ),
            (
                "aws.protocoltests.restjson#FooError:http://internal/",
                "FooError",
            ),
            ("Plain", "Plain"),
            ("", ""),
        ] {
            assert_eq!(n.apply(wire), code, "{wire}");
        }
        let uri = Normalize::__new(None, None, true);
        for (wire, code) in [
            ("https://example.com/probs/out-of-credit", "out-of-credit"),
            ("https://example.com/probs/out-of-credit/", "out-of-credit"),
            ("https://example.com/probs/x?lang=en#top", "x"),
            ("about:blank", "about:blank"),
            ("/", "/"),
        ] {
            assert_eq!(uri.apply(wire), code, "{wire}");
        }
        assert!(Normalize::default().is_identity());
    }

    #[test]
    fn needles_are_folded_once() {
        let n = Needle::new("Secondary Rate Limit");
        assert_eq!(n.folded, "secondary rate limit");
        assert_eq!(n.text, "Secondary Rate Limit");
    }
}
