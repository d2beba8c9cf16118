//! From a response to a variant: the one algorithm every generated enum and `DynError` run.
//!
//! 1. Read the values the provider's layout names from the body, in one pass.
//! 2. Decide whether the response is an error: a 4xx or 5xx, or a 1xx to 3xx that one of the
//!    provider's `success_error` conditions marks as one.
//! 3. The code selects a catalog entry (the first code source whose value the catalog
//!    knows), and so the variant. Its rule is that of the first fallback marked `any_code`
//!    (in fallback order) that covers the status and holds; else its first message pattern
//!    that holds refines the code's own rule.
//! 4. No known code: the first status fallback (narrowest first) whose conditions hold
//!    decides; else `Unrecognized`.
//! 5. The provider's `should_retry` signal may override the retry rule; the retry time comes
//!    from the first of the provider's sources that yields one, then the rule's default and
//!    least wait (for an error that is retried: one that is not keeps only the provider's).
//!
//! A body that is no JSON object (an HTML page from a proxy, an empty body; an array, unless
//! the provider's format has `unwrap_array`) or is larger than
//! [`MAX_PARSED_BODY`](crate::MAX_PARSED_BODY) has no value, so for a provider whose
//! code and message come from the body alone, step 1, step 3 and the body sources of step 5
//! are skipped: the status, the headers and the fallbacks decide (see `classify_unread`; a
//! test checks that both paths decide alike). An object cut short is found out by the parse,
//! and takes the full path with every body value missing.
//!
//! Everything the error keeps goes into one buffer (see [`Details`]): at most one
//! allocation, none when the body arrives as `Bytes` and no text needs decoding.

use std::borrow::Cow;
use std::time::SystemTime;

use bytes::Bytes;

use crate::body::{self, CodeText, RawText, Value};
use crate::details::{Buf, Parts, Slice, WaitOrigin};
use crate::spec::{
    Condition, Fallback, FallbackRef, Literal, MAX_SLOTS, Needle, Provider, RuleRef, Source, Test,
};
use crate::{Details, Headers, RetryRule, retry_time};

/// A body as the caller has it.
pub(crate) enum Body<'a> {
    /// Borrowed: copied into the error.
    Slice(&'a [u8]),
    /// Owned: kept as it is, unless a text needs decoding.
    Shared(Bytes),
}

impl Body<'_> {
    /// The bytes, however they are held.
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Slice(slice) => slice,
            Body::Shared(b) => b,
        }
    }
}

/// Classifies a response: the index of the code whose variant to produce (`None`:
/// `Unrecognized`), and the wire data.
pub(crate) fn classify(
    provider: &Provider,
    status: u16,
    headers: &dyn Headers,
    body: Body<'_>,
    now: Option<SystemTime>,
) -> (Option<u32>, Details) {
    let bytes = body.bytes();
    let unwrap = provider.format.unwrap_array.as_deref();
    let json = body::object(bytes, unwrap.is_some());
    if json.is_none() && !provider.code_or_message_from_headers {
        return classify_unread(provider, status, headers, body, now);
    }
    // Most layouts need a few slots: initialise only what is used.
    let count = usize::from(provider.layout.slots).min(MAX_SLOTS);
    let mut small = [Value::Missing; 8];
    let mut large;
    let slots: &mut [Value<'_>] = if count <= small.len() {
        small.get_mut(..count).unwrap_or_default()
    } else {
        large = [Value::Missing; MAX_SLOTS];
        large.get_mut(..count).unwrap_or_default()
    };
    let body_read = json.is_some_and(|json| body::extract(&provider.layout, json, unwrap, slots));
    let slots: &[Value<'_>] = slots;
    let read = Read {
        headers,
        slots,
        body_read,
    };

    let format = &provider.format;
    let is_error = is_error(provider, status, &read);

    // The code: the first source whose value names a known code, else the first value.
    let mut code: Option<(Piece<'_>, Option<usize>)> = None;
    for source in format.code.iter() {
        if !body_read && matches!(source, Source::Body(_)) {
            continue;
        }
        let Some(piece) = read.code(source) else {
            continue;
        };
        let piece = piece.normalized(&format.normalize);
        let known = provider.find_code(piece.text().as_ref());
        if known.is_some() || code.is_none() {
            code = Some((piece, known));
        }
        if known.is_some() {
            break;
        }
    }
    let code_index = code.as_ref().and_then(|(_, known)| *known);
    let message = first(&format.message, body_read, |s| read.text(s));
    let provider_type = first(&format.provider_type, body_read, |s| read.text(s));
    let request_id = first(&format.request_id, body_read, |s| read.code(s));
    let body_status =
        first(&format.status, body_read, |s| read.integer(s)).and_then(|n| u16::try_from(n).ok());

    let pieces = [
        code.as_ref().map(|(p, _)| p),
        message.as_ref(),
        provider_type.as_ref(),
        request_id.as_ref(),
    ];
    let (buffer, body_start, [code_slice, message_slice, type_slice, request_id_slice]) =
        store(&body, bytes, pieces);
    let final_bytes: &[u8] = match &buffer {
        Some(b) => &b.bytes,
        None => bytes,
    };
    // A part of the body is a `&str` already; a decoded text is read back from the buffer.
    let message_text = match &message {
        Some(Piece::InBody(text)) => text,
        _ => slice_text(final_bytes, message_slice),
    };

    // The rule in force.
    let (variant, rule) = if !is_error {
        (None, RuleRef::NotAnError)
    } else if let Some(c) = code_index {
        // A fallback for any code gives its rule; else the code's first pattern that holds.
        let any_code = if provider.any_code_order.is_empty() {
            None
        } else {
            first_fallback(
                provider,
                &provider.any_code_order,
                status,
                &read,
                message_text,
            )
        };
        let patterns = provider
            .codes
            .get(c)
            .map(|c| &c.patterns[..])
            .unwrap_or_default();
        let matched = || {
            patterns.iter().position(|p| {
                p.contains
                    .as_ref()
                    .is_none_or(|n| find_folded(message_text, n).is_some())
                    && p.when.iter().all(|w| read.holds(w, message_text))
            })
        };
        let c = u32::try_from(c).unwrap_or(u32::MAX);
        let rule = match any_code {
            Some((i, _)) => RuleRef::Fallback(i),
            None => match matched().and_then(|p| u32::try_from(p).ok()) {
                Some(p) => RuleRef::Pattern(c, p),
                None => RuleRef::Code(c),
            },
        };
        (Some(c), rule)
    } else {
        status_rule(provider, status, &read, message_text)
    };
    // A status HTTP does not define, that nothing in the catalog names, is no error either:
    // no `should_retry` signal and no retry time apply to it.
    let is_error = !matches!(rule, RuleRef::NotAnError);
    let rule_data = provider.rule(rule);
    let category = rule_data.category;
    let retry = retry_rule(provider, rule_data, is_error, &read);
    let (retry_at, wait_origin) = if is_error {
        wait(provider, rule_data, retry, &read, message_text, now)
    } else {
        (None, None)
    };

    let details = Details::new(Parts {
        buf: into_buf(buffer, body),
        body_start,
        status,
        body_status,
        code: code_slice,
        message: message_slice,
        provider_type: type_slice,
        request_id: request_id_slice,
        rule,
        category,
        retry,
        wait_origin,
        retry_at,
    });
    (variant, details)
}

/// [`classify`] of a response whose body was not read, for a provider whose code and message
/// come from the body alone: there is no code to look up and no message to match, so the
/// status, the headers and the fallbacks decide. (An HTML page from a proxy takes this path;
/// it decides what `classify` decides with every body value missing, without looking for
/// each: a test compares the two.)
#[inline(always)]
fn classify_unread(
    provider: &Provider,
    status: u16,
    headers: &dyn Headers,
    body: Body<'_>,
    now: Option<SystemTime>,
) -> (Option<u32>, Details) {
    let read = Read {
        headers,
        slots: &[],
        body_read: false,
    };
    let format = &provider.format;
    let is_error = is_error(provider, status, &read);
    let provider_type = first(&format.provider_type, false, |s| read.text(s));
    let request_id = first(&format.request_id, false, |s| read.code(s));
    let body_status =
        first(&format.status, false, |s| read.integer(s)).and_then(|n| u16::try_from(n).ok());
    let (variant, rule) = if is_error {
        status_rule(provider, status, &read, "")
    } else {
        (None, RuleRef::NotAnError)
    };
    let is_error = !matches!(rule, RuleRef::NotAnError);
    let rule_data = provider.rule(rule);
    let retry = retry_rule(provider, rule_data, is_error, &read);
    let (retry_at, wait_origin) = if is_error {
        wait(provider, rule_data, retry, &read, "", now)
    } else {
        (None, None)
    };
    // Nothing to copy but a borrowed body (the usual case): one copy, without the buffer's
    // steps, which cost an HTML 502 a tenth of its instructions (739 against 676, measured).
    let (buf, body_start, type_slice, request_id_slice) = match (&body, &provider_type, &request_id)
    {
        (Body::Slice(slice), None, None) => {
            (Buf::Owned(Box::from(*slice)), 0, Slice::NONE, Slice::NONE)
        }
        _ => {
            let pieces = [None, None, provider_type.as_ref(), request_id.as_ref()];
            let (buffer, start, [_, _, kind, id]) = store(&body, body.bytes(), pieces);
            (into_buf(buffer, body), start, kind, id)
        }
    };
    let details = Details::new(Parts {
        buf,
        body_start,
        status,
        body_status,
        code: Slice::NONE,
        message: Slice::NONE,
        provider_type: type_slice,
        request_id: request_id_slice,
        rule,
        category: rule_data.category,
        retry,
        wait_origin,
        retry_at,
    });
    (variant, details)
}

/// One buffer for every text the error keeps: the body, and before it whatever must be
/// copied (a header value, a text with escapes); a part of the body stays where it is. No
/// buffer (`None`) when the caller's `Bytes` can be kept as it is. Also where the body starts
/// in the buffer, and where each piece is.
#[inline(always)]
fn store(
    body: &Body<'_>,
    bytes: &[u8],
    pieces: [Option<&Piece<'_>>; 4],
) -> (Option<Buffer>, usize, [Slice; 4]) {
    let extras: usize = pieces.iter().flatten().map(|p| p.copied_len()).sum();
    let mut buffer = match (body, extras) {
        (Body::Shared(_), 0) => None,
        _ => Some(Buffer::new(extras, bytes)),
    };
    let body_start = if buffer.is_some() { extras } else { 0 };
    let mut place = |piece: &Piece<'_>| match (piece, &mut buffer) {
        (Piece::InBody(s), _) => in_body(s, bytes, body_start),
        (piece, Some(buffer)) => buffer.push(piece),
        (_, None) => Slice::NONE,
    };
    // Absent pieces (every one, for a body that was not read) make no call.
    let slices = pieces.map(|piece| piece.map_or(Slice::NONE, &mut place));
    (buffer, body_start, slices)
}

/// The buffer an error keeps: the one [`store`] filled, else the caller's `Bytes`.
#[inline(always)]
fn into_buf(buffer: Option<Buffer>, body: Body<'_>) -> Buf {
    match (buffer, body) {
        (Some(buffer), _) => Buf::Owned(buffer.bytes.into_boxed_slice()),
        (None, Body::Shared(b)) => Buf::Shared(b),
        (None, Body::Slice(_)) => Buf::Owned(Box::default()),
    }
}

/// The retry rule in force: the rule's, unless the provider's `should_retry` signal says
/// otherwise.
#[inline(always)]
fn retry_rule(
    provider: &Provider,
    rule: &crate::spec::Rule,
    is_error: bool,
    read: &Read<'_, '_>,
) -> RetryRule {
    let retry = rule.retry;
    if !is_error {
        return retry;
    }
    match first(&provider.format.should_retry, read.body_read, |s| {
        read.flag(s)
    }) {
        Some(true) if retry == RetryRule::Never => RetryRule::Backoff,
        Some(false) => RetryRule::Never,
        _ => retry,
    }
}

/// Whether the response is an error: a 1xx to 3xx is none unless one of the provider's
/// `success_error` conditions marks it; any other status is read.
#[inline(always)]
fn is_error(provider: &Provider, status: u16, read: &Read<'_, '_>) -> bool {
    match status {
        100..=399 => provider.success_errors.iter().any(|c| read.holds(c, "")),
        _ => true,
    }
}

/// The variant and rule of an error whose body names no known code: the first status
/// fallback that holds, else `Unrecognized`.
#[inline(always)]
fn status_rule(
    provider: &Provider,
    status: u16,
    read: &Read<'_, '_>,
    message: &str,
) -> (Option<u32>, RuleRef) {
    match first_fallback(
        provider,
        provider.fallbacks_for(status),
        status,
        read,
        message,
    ) {
        Some((i, f)) => (f.code, RuleRef::Fallback(i)),
        // A status HTTP does not define as an error, that nothing in the catalog names.
        None if !(100..=599).contains(&status) => (None, RuleRef::NotAnError),
        None => (None, RuleRef::Unrecognized),
    }
}

/// The retry time of an error under `rule`, and where it came from: the first of the
/// provider's sources that yields one, else the rule's default; never sooner than the rule's
/// least wait. The clock (`None`: the system's) is read only when a wait needs it.
#[inline(always)]
fn wait(
    provider: &Provider,
    rule: &crate::spec::Rule,
    retry: RetryRule,
    read: &Read<'_, '_>,
    message_text: &str,
    now: Option<SystemTime>,
) -> (Option<SystemTime>, Option<WaitOrigin>) {
    let category = rule.category;
    let mut clock = now;
    let mut now = || *clock.get_or_insert_with(SystemTime::now);
    let mut wait_origin = None;
    let mut retry_at = None;
    for (i, source) in provider.retry_from.iter().enumerate() {
        if !source.categories.is_empty() && !source.categories.contains(&category) {
            continue;
        }
        if !source.when.iter().all(|w| read.holds(w, message_text)) {
            continue;
        }
        let at = match &source.source {
            Source::Header(name) => read
                .headers
                .header(name)
                .and_then(|v| retry_time::from_text(v, source.form, now())),
            Source::Body(path) => {
                let value = read.slot(path.slot);
                match value.raw_text() {
                    Some(text) => retry_time::from_text(&text.decoded(), source.form, now()),
                    None => value
                        .number()
                        .and_then(|n| retry_time::from_number(n, source.form, now())),
                }
            }
            Source::Message(needle) => find_folded(message_text, needle).and_then(|end| {
                let after = message_text.get(end..)?;
                retry_time::from_message(after, source.form, now())
            }),
            _ => None,
        };
        if let Some(at) = at {
            retry_at = Some(at);
            wait_origin = Some(WaitOrigin::Provider {
                source: u16::try_from(i).unwrap_or(u16::MAX),
            });
            break;
        }
    }
    // The catalog's waits say how long to wait before retrying: an error that is not
    // retried (its rule, or the provider's `should_retry`, says never) keeps only the
    // provider's own time.
    if retry == RetryRule::Never {
        return (retry_at, wait_origin);
    }
    let mut after = |delay: Option<std::time::Duration>| delay.and_then(|d| now().checked_add(d));
    if retry_at.is_none() {
        if let Some(at) = after(rule.default_delay) {
            retry_at = Some(at);
            wait_origin = Some(WaitOrigin::CatalogDefault);
        }
    }
    if let (Some(at), Some(floor)) = (retry_at, after(rule.min_delay)) {
        if floor > at {
            retry_at = Some(floor);
            wait_origin = Some(WaitOrigin::CatalogMinimum);
        }
    }
    (retry_at, wait_origin)
}

/// The first fallback of `order` (the provider's fallbacks in precedence order) that covers
/// `status` and whose conditions hold.
#[inline(always)]
fn first_fallback<'p>(
    provider: &'p Provider,
    order: &[FallbackRef],
    status: u16,
    read: &Read<'_, '_>,
    message: &str,
) -> Option<(u32, &'p Fallback)> {
    for r in order {
        if !r.covers(status) {
            continue;
        }
        let Some(f) = r.get(provider) else {
            continue;
        };
        if f.contains
            .as_ref()
            .is_none_or(|n| find_folded(message, n).is_some())
            && f.when.iter().all(|w| read.holds(w, message))
        {
            return Some((r.index, f));
        }
    }
    None
}

/// The first value one of `sources` yields: `find_map`, written out so that it is inlined
/// into `classify` (a list of sources is usually one source, often one the body did not have).
/// A body source is skipped before the call when the body was not read (`body_read`).
#[inline(always)]
fn first<T>(
    sources: &[Source],
    body_read: bool,
    mut read: impl FnMut(&Source) -> Option<T>,
) -> Option<T> {
    for source in sources {
        if !body_read && matches!(source, Source::Body(_)) {
            continue;
        }
        if let Some(value) = read(source) {
            return Some(value);
        }
    }
    None
}

/// Reads sources and conditions against one response.
struct Read<'r, 'a> {
    headers: &'r dyn Headers,
    slots: &'r [Value<'a>],
    /// Whether the body was read: when not (an HTML page, a cut body), every body source is
    /// missing, and the sources that read it are skipped before any work.
    body_read: bool,
}

impl<'r, 'a> Read<'r, 'a> {
    fn slot(&self, slot: u16) -> Value<'a> {
        self.slots
            .get(usize::from(slot))
            .copied()
            .unwrap_or_default()
    }

    /// A code (or request id): a non-empty string or an integer.
    #[inline]
    fn code(&self, source: &Source) -> Option<Piece<'r>>
    where
        'a: 'r,
    {
        match source {
            Source::Body(_) if !self.body_read => None,
            Source::Header(name) => {
                let value = self.headers.header(name)?.trim();
                (!value.is_empty()).then_some(Piece::Header(value))
            }
            Source::Body(path) => match self.slot(path.slot) {
                Value::Missing => None,
                value => match value.code_text()? {
                    CodeText::Text(text) => Piece::of(text),
                    CodeText::Integer(n) => Some(Piece::Number(Digits::new(n))),
                },
            },
            _ => None,
        }
    }

    /// A text: a string, or an integer as its decimal text.
    #[inline]
    fn text(&self, source: &Source) -> Option<Piece<'r>>
    where
        'a: 'r,
    {
        match source {
            Source::Body(_) if !self.body_read => None,
            Source::Header(name) => self.headers.header(name).map(Piece::Header),
            Source::Body(path) => {
                let value = self.slot(path.slot);
                if let Value::Missing = value {
                    return None;
                }
                match value.text() {
                    Some(text) => Piece::of(text),
                    None => match value.code_text()? {
                        CodeText::Text(text) => Piece::of(text),
                        CodeText::Integer(n) => Some(Piece::Number(Digits::new(n))),
                    },
                }
            }
            _ => None,
        }
    }

    #[inline]
    fn integer(&self, source: &Source) -> Option<i128> {
        match source {
            Source::Body(_) if !self.body_read => None,
            Source::Header(name) => self.headers.header(name)?.trim().parse().ok(),
            Source::Body(path) => self.slot(path.slot).integer(),
            _ => None,
        }
    }

    /// `true` or `false`: a JSON boolean, or the text (any ASCII case).
    fn flag(&self, source: &Source) -> Option<bool> {
        let text = match source {
            Source::Header(name) => Cow::Borrowed(self.headers.header(name)?),
            Source::Body(path) => match self.slot(path.slot) {
                Value::Bool(b) => return Some(b),
                other => other.raw_text()?.decoded(),
            },
            _ => return None,
        };
        let text = text.trim();
        if text.eq_ignore_ascii_case("true") {
            Some(true)
        } else if text.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        }
    }

    /// Whether a condition holds. `message` is for conditions on the message text.
    fn holds(&self, condition: &Condition, message: &str) -> bool {
        match (&condition.source, &condition.test) {
            (Source::Header(name), test) => {
                let value = self.headers.header(name);
                match test {
                    Test::Equals(Literal::Str(expected)) => {
                        value.is_some_and(|v| v.trim().eq_ignore_ascii_case(expected))
                    }
                    Test::Equals(Literal::Int(expected)) => value
                        .and_then(|v| v.trim().parse::<i64>().ok())
                        .is_some_and(|v| v == *expected),
                    Test::Equals(Literal::Bool(expected)) => value.is_some_and(|v| {
                        v.trim()
                            .eq_ignore_ascii_case(if *expected { "true" } else { "false" })
                    }),
                    Test::NonEmpty => value.is_some_and(|v| !v.trim().is_empty()),
                    Test::Present(present) => value.is_some() == *present,
                    _ => false,
                }
            }
            (Source::Body(path), test) => {
                let value = self.slot(path.slot);
                match test {
                    Test::Equals(literal) => value.equals(literal),
                    Test::NonEmpty => value.is_non_empty(),
                    Test::Present(present) => value.is_present() == *present,
                    _ => false,
                }
            }
            (Source::Message(needle), Test::Present(present)) => {
                find_folded(message, needle).is_some() == *present
            }
            _ => false,
        }
    }
}

/// A text the error keeps.
enum Piece<'a> {
    /// A part of the body, as it is there: no copy needed.
    InBody(&'a str),
    /// A header value: copied.
    Header(&'a str),
    /// A string of the body with escapes: decoded into the buffer.
    Escaped(&'a str),
    /// Decoded already (a code with escapes, normalised).
    Owned(String),
    /// An integer code, as text.
    Number(Digits),
}

/// The decimal text of an integer, on the stack.
struct Digits {
    bytes: [u8; 40],
    len: u8,
}

impl Digits {
    fn new(n: i128) -> Digits {
        let mut bytes = [0u8; 40];
        let mut len = 0;
        let mut write = |b: u8| {
            if let Some(slot) = bytes.get_mut(len) {
                *slot = b;
                len += 1;
            }
        };
        if n < 0 {
            write(b'-');
        }
        let mut magnitude = n.unsigned_abs();
        let mut digits = [0u8; 39];
        let mut count = 0;
        loop {
            if let Some(d) = digits.get_mut(count) {
                *d = b'0' + (magnitude % 10) as u8;
            }
            count += 1;
            magnitude /= 10;
            if magnitude == 0 || count >= digits.len() {
                break;
            }
        }
        for d in digits.get(..count).unwrap_or_default().iter().rev() {
            write(*d);
        }
        Digits {
            bytes,
            len: u8::try_from(len).unwrap_or(0),
        }
    }

    fn as_str(&self) -> &str {
        let digits = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        core::str::from_utf8(digits).unwrap_or("")
    }
}

impl<'a> Piece<'a> {
    fn of(text: RawText<'a>) -> Option<Piece<'a>> {
        Some(match text {
            RawText::Plain(s) => Piece::InBody(s),
            RawText::Escaped(s) => Piece::Escaped(s),
        })
    }

    /// The text, decoded.
    fn text(&self) -> Cow<'_, str> {
        match self {
            Piece::InBody(s) | Piece::Header(s) => Cow::Borrowed(s),
            Piece::Escaped(s) => RawText::Escaped(s).decoded(),
            Piece::Owned(s) => Cow::Borrowed(s),
            Piece::Number(d) => Cow::Borrowed(d.as_str()),
        }
    }

    /// The code as the catalog names it (always a part of what arrived).
    fn normalized(self, normalize: &crate::spec::Normalize) -> Piece<'a> {
        if normalize.is_identity() {
            return self;
        }
        match self {
            Piece::InBody(s) => Piece::InBody(normalize.apply(s)),
            Piece::Header(s) => Piece::Header(normalize.apply(s)),
            Piece::Number(d) => Piece::Number(d),
            other => Piece::Owned(normalize.apply(&other.text()).to_owned()),
        }
    }

    /// How many bytes it takes in the buffer before the body (at most).
    fn copied_len(&self) -> usize {
        match self {
            Piece::InBody(_) => 0,
            Piece::Header(s) | Piece::Escaped(s) => s.len(),
            Piece::Owned(s) => s.len(),
            Piece::Number(d) => d.as_str().len(),
        }
    }
}

/// The buffer of an error being built: texts to copy, then the body.
struct Buffer {
    bytes: Vec<u8>,
    /// Where the next copied text goes.
    next: usize,
}

impl Buffer {
    /// A buffer of `extras + body.len()` bytes, the body at the end, the rest zeros. Exactly
    /// that long, so that `Bytes::from` takes it over without reallocating.
    #[inline]
    fn new(extras: usize, body: &[u8]) -> Buffer {
        // Nothing to copy before the body (an HTML page, a body whose texts are all parts of
        // it): one copy, without the zeroing.
        if extras == 0 {
            return Buffer {
                bytes: body.to_vec(),
                next: 0,
            };
        }
        let mut bytes = Vec::with_capacity(extras.saturating_add(body.len()));
        bytes.resize(extras, 0);
        bytes.extend_from_slice(body);
        Buffer { bytes, next: 0 }
    }

    /// Writes a text into the space before the body.
    fn push(&mut self, piece: &Piece<'_>) -> Slice {
        let start = self.next;
        let mut write = |b: &[u8]| {
            let end = self.next.saturating_add(b.len());
            if let Some(room) = self.bytes.get_mut(self.next..end) {
                room.copy_from_slice(b);
                self.next = end;
            }
        };
        match piece {
            Piece::InBody(_) => return Slice::NONE,
            Piece::Header(s) => write(s.as_bytes()),
            Piece::Owned(s) => write(s.as_bytes()),
            Piece::Number(d) => write(d.as_str().as_bytes()),
            Piece::Escaped(s) => {
                body::unescape(s, |run| write(run.as_bytes()));
            }
        }
        Slice::new(start, self.next - start)
    }
}

/// Where a part of the body is in the buffer.
fn in_body(text: &str, body: &[u8], body_start: usize) -> Slice {
    let offset = (text.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
    match offset.checked_add(text.len()) {
        Some(end) if end <= body.len() => Slice::new(body_start + offset, text.len()),
        _ => Slice::NONE,
    }
}

fn slice_text(bytes: &[u8], slice: Slice) -> &str {
    slice.get_in(bytes).unwrap_or("")
}

/// The end of the first occurrence of `needle` in `text`, ignoring ASCII case (the needle is
/// folded already). Linear in the text, however adversarial, and without allocating: a long
/// text is folded a chunk at a time into a buffer on the stack.
pub(crate) fn find_folded(text: &str, needle: &Needle) -> Option<usize> {
    let needle = needle.folded.as_bytes();
    let n = needle.len();
    let text = text.as_bytes();
    let Some(&first) = needle.first() else {
        return Some(0);
    };
    if text.len() <= SHORT {
        // Short texts (most messages): compare in place where the needle's first byte, in
        // either case, occurs; memchr finds those many bytes at a time.
        let last = text.len().checked_sub(n)?;
        let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
        let mut from = 0;
        while from <= last {
            let at = from + memchr::memchr2(lower, upper, text.get(from..=last)?)?;
            if text
                .get(at..at + n)
                .is_some_and(|t| t.eq_ignore_ascii_case(needle))
            {
                return Some(at + n);
            }
            from = at + 1;
        }
        return None;
    }
    const CHUNK: usize = 4096;
    if n > CHUNK / 2 {
        let folded = text.to_ascii_lowercase();
        return memchr::memmem::find(&folded, needle).map(|i| i + n);
    }
    let finder = memchr::memmem::Finder::new(needle);
    let mut buf = [0u8; CHUNK];
    let mut start: usize = 0;
    loop {
        let end = start.saturating_add(CHUNK).min(text.len());
        let chunk = text.get(start..end)?;
        for (b, c) in buf.iter_mut().zip(chunk) {
            *b = c.to_ascii_lowercase();
        }
        if let Some(i) = finder.find(buf.get(..chunk.len())?) {
            return Some(start + i + n);
        }
        if end == text.len() {
            return None;
        }
        // The next chunk starts early enough to find a needle that straddles the boundary.
        start = end + 1 - n;
    }
}

/// Texts up to this long are searched in place: at most `SHORT` × needle comparisons.
const SHORT: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;

    /// Fallbacks and header fields the shipped catalogs do not exercise (see the file).
    const HEADER_FIELDS: &str =
        include_str!("../../error-catalog-schema/tests/fixtures/fallbacks_and_headers.toml");

    /// Every header name a provider reads (fields, retry sources, conditions), with the texts
    /// its conditions compare them to.
    fn headers_read(p: &Provider) -> (Vec<String>, Vec<String>) {
        let mut names = Vec::new();
        let mut literals = Vec::new();
        let mut source = |s: &Source| {
            if let Source::Header(name) = s {
                names.push(name.to_string());
            }
        };
        let f = &p.format;
        for list in [
            &f.code,
            &f.message,
            &f.provider_type,
            &f.status,
            &f.request_id,
            &f.should_retry,
        ] {
            list.iter().for_each(&mut source);
        }
        let conditions = p
            .success_errors
            .iter()
            .chain(p.retry_from.iter().flat_map(|r| r.when.iter()))
            .chain(p.fallbacks.iter().flat_map(|f| f.when.iter()));
        for c in conditions {
            source(&c.source);
            match &c.test {
                Test::Equals(Literal::Str(text)) => literals.push(text.to_string()),
                Test::Equals(Literal::Int(n)) => literals.push(n.to_string()),
                _ => {}
            }
        }
        p.retry_from.iter().for_each(|r| source(&r.source));
        (names, literals)
    }

    /// The path for an unread body decides what the full path decides with every body value
    /// missing: for every provider of the root and shipped catalogs and of
    /// [`HEADER_FIELDS`] that takes it (all but those whose code or message can be a header),
    /// over bodies that are no JSON object (HTML, empty, text, an array, invalid UTF-8 after a
    /// byte order mark, an object over the size limit), statuses of every class and some no
    /// class, and every header the provider reads set to each kind of text (a delay, a date,
    /// a flag both ways, a padded id, each text a condition compares), each error is equal
    /// (status, body, texts, rule, category, retry rule, retry time) and has the same variant
    /// and wait origin as the one the full path builds when made to take it.
    #[test]
    fn an_unread_body_is_classified_as_the_full_path_would() {
        let now = Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000));
        let large = format!(
            r#"{{"error": {{"code": "busy", "message": "{}"}}}}"#,
            "x".repeat(body::MAX_PARSED_BODY)
        );
        let bodies: [&[u8]; 6] = [
            b"<html><body><h1>502 Bad Gateway</h1></body></html>",
            b"",
            b"upstream connect error",
            b"[1, 2]",
            b"\xEF\xBB\xBF<p>\xff</p>",
            large.as_bytes(),
        ];
        let statuses = [
            0, 99, 100, 200, 204, 302, 399, 400, 401, 403, 404, 408, 409, 422, 429, 449, 450, 499,
            500, 502, 503, 504, 529, 549, 550, 599, 600, 999, 65535,
        ];
        let mut catalogs = vec![HEADER_FIELDS, include_str!("../../catalog.toml")];
        catalogs.extend(error_catalog_schema::SHIPPED.iter().map(|(_, text)| *text));
        let mut providers = 0;
        for text in catalogs {
            let catalog = error_catalog_schema::parse(text).expect("a catalog that loads");
            for provider in catalog.providers {
                if provider.code_or_message_from_headers {
                    continue;
                }
                providers += 1;
                let mut full = provider.clone();
                full.code_or_message_from_headers = true;
                let (names, literals) = headers_read(&provider);
                let mut texts: Vec<String> = [
                    "30",
                    "Wed, 21 Oct 2015 07:28:00 GMT",
                    "1700000060",
                    " true ",
                    "false",
                    "  req_123  ",
                ]
                .map(String::from)
                .to_vec();
                texts.extend(literals);
                let header_sets: Vec<Vec<(&str, &str)>> =
                    std::iter::once(Vec::new())
                        .chain(texts.iter().map(|value| {
                            names.iter().map(|n| (n.as_str(), value.as_str())).collect()
                        }))
                        .collect();
                for body in bodies {
                    for headers in &header_sets {
                        for status in statuses {
                            let classify = |p: &Provider| {
                                classify(p, status, &headers.as_slice(), Body::Slice(body), now)
                            };
                            let (variant, fast) = classify(&provider);
                            let (full_variant, slow) = classify(&full);
                            let case = format!(
                                "{} {status} {headers:?} {:?}",
                                provider.key,
                                body.get(..40)
                            );
                            assert_eq!(variant, full_variant, "{case}");
                            assert_eq!(fast, slow, "{case}");
                            assert_eq!(fast.wait_origin(), slow.wait_origin(), "{case}");
                        }
                    }
                }
            }
        }
        // Every provider but those that may read a code or message from a header.
        assert!(providers >= 15, "{providers}");
    }

    /// A header code or message is read whatever the body: a provider that may read one is
    /// classified by the full path when its body is HTML.
    #[test]
    fn a_header_code_or_message_is_read_whatever_the_body() {
        let from_header = |format: &str| {
            let text =
                HEADER_FIELDS.replace("code = \"error.code\"\nmessage = \"error.message\"", format);
            assert_ne!(text, HEADER_FIELDS);
            let catalog = error_catalog_schema::parse(&text).expect("a catalog that loads");
            catalog.providers.into_iter().next().expect("a provider")
        };
        let headers: &[(&str, &str)] =
            &[("X-Error-Code", "busy"), ("X-Error-Message", "Slow down")];
        let code = from_header("code = [{ header = \"x-error-code\" }, \"error.code\"]");
        assert!(code.code_or_message_from_headers);
        let (variant, details) = classify(&code, 502, &headers, Body::Slice(b"<html>"), None);
        assert_eq!(variant, Some(0));
        assert_eq!(details.code(), "busy");
        assert_eq!(details.category(), crate::Category::Server);
        assert_eq!(details.raw_body(), b"<html>");

        let message = from_header(
            "code = \"error.code\"\nmessage = [{ header = \"x-error-message\" }, \"error.message\"]",
        );
        assert!(message.code_or_message_from_headers);
        let (variant, details) = classify(&message, 502, &headers, Body::Slice(b"<html>"), None);
        assert_eq!(variant, None);
        assert_eq!(details.message(), "Slow down");
    }

    /// A status HTTP does not define, that no fallback covers, is no error: no retry signal
    /// or retry time applies to it, whatever the headers say.
    #[test]
    fn a_status_outside_http_is_no_error_and_has_no_retry_time() {
        let catalog = error_catalog_schema::parse(HEADER_FIELDS).expect("a catalog that loads");
        let provider = catalog.providers.first().expect("a provider");
        let headers: &[(&str, &str)] = &[("Retry-After", "30"), ("x-should-retry", "true")];
        for status in [0, 99, 600, 999, 65535] {
            for body in [&b"<html>"[..], br#"{"error": {"code": "nope"}}"#] {
                let (variant, details) =
                    classify(provider, status, &headers, Body::Slice(body), None);
                assert_eq!(variant, None, "{status}");
                assert_eq!(details.rule_ref(), RuleRef::NotAnError, "{status}");
                assert_eq!(details.retry_rule(), RetryRule::Never, "{status}");
                assert_eq!(details.retry_at(), None, "{status}");
            }
        }
        // Inside HTTP's range, the same response is an error with a retry time.
        let (_, details) = classify(provider, 503, &headers, Body::Slice(b"<html>"), None);
        assert_eq!(details.rule_ref(), RuleRef::Fallback(1));
        assert!(details.retry_at().is_some());
    }

    /// A provider with `unwrap_array = "error"` reads a body that is an array as its first
    /// element that is an object with the key `error`; without it, such a body is not read.
    #[test]
    fn an_array_body_is_read_as_its_first_object_with_the_key_when_the_format_says() {
        const CATALOG: &str = r#"
[[provider]]
key = "gapi"
name = "Gapi"

[provider.format]
code = ["error.status"]
message = "error.message"
unwrap_array = "error"

[[provider.code]]
code = "RESOURCE_EXHAUSTED"
status = 429
category = "rate_limited"
retry = "after-delay"
summary = "Exhausted."
fix = "Wait."

[[provider.code.pattern]]
contains = "per day"
cause = "A daily quota."
fix = "Wait for tomorrow."
retry = "never"
category = "quota_exceeded"
"#;
        let wrapped = error_catalog_schema::parse(CATALOG).expect("a catalog that loads");
        let plain = error_catalog_schema::parse(&CATALOG.replace("unwrap_array = \"error\"\n", ""))
            .expect("a catalog that loads");
        let (wrapped, plain) = (&wrapped.providers[0], &plain.providers[0]);
        assert!(wrapped.format.unwrap_array.is_some() && plain.format.unwrap_array.is_none());
        let error = r#"{"error": {"code": 429, "message": "Quota exceeded: requests per day", "status": "RESOURCE_EXHAUSTED"}}"#;
        let seen = |provider, body: &str| {
            let (variant, details) =
                classify(provider, 429, &(), Body::Slice(body.as_bytes()), None);
            (variant, details.code().to_owned(), details.category())
        };
        let read = (
            Some(0),
            "RESOURCE_EXHAUSTED".to_owned(),
            crate::Category::QuotaExceeded,
        );
        let unread = (None, String::new(), crate::Category::Unknown);
        assert_eq!(seen(wrapped, error), read, "an object still is the body");
        for body in [
            format!("[{error}]"),
            format!(" \n[ {error} ]"),
            format!(
                "[1, \"text\", [{error}], {{\"candidates\": []}}, {error}, {{\"error\": {{\"status\": \"OTHER\"}}}}]"
            ),
            format!("\u{feff}[{error}]"),
            // The element's other keys, after the one it must have.
            format!(
                "[{}, \"other\": 1}}]",
                error.strip_suffix('}').unwrap_or(error)
            ),
            // A key serde_json cannot decode, in an element skipped: read in the raw mode.
            format!("[{{\"\\ud800\": 1}}, {error}]"),
        ] {
            assert_eq!(seen(wrapped, &body), read, "{body}");
            assert_eq!(seen(plain, &body), unread, "{body}");
        }
        // No object with the key, a cut array, an array after the object: nothing is read.
        let no_key = r#"[{"candidates": []}, {"Error": {"status": "RESOURCE_EXHAUSTED"}}]"#;
        for body in [
            "[]",
            "[1, 2]",
            no_key,
            &format!("[{error}"),
            &format!("{error} [1]"),
        ] {
            assert_eq!(seen(wrapped, body), unread, "{body}");
        }
    }

    /// The catalog's waits are for errors that are retried: an error whose rule (or the
    /// provider's `should_retry`) says never keeps only a time the provider sent.
    #[test]
    fn the_catalogs_waits_apply_only_to_an_error_that_is_retried() {
        use std::time::{Duration, UNIX_EPOCH};
        let catalog = error_catalog_schema::parse(HEADER_FIELDS).expect("a catalog that loads");
        let provider = catalog.providers.first().expect("a provider");
        let now = UNIX_EPOCH + Duration::from_secs(1_742_653_800);
        let at = |headers: &[(&str, &str)]| {
            // 460: the fallback for 450-549, never retried, with a default delay of 3 s.
            let (_, details) = classify(provider, 460, &headers, Body::Slice(b""), Some(now));
            assert_eq!(details.rule_ref(), RuleRef::Fallback(1));
            (
                details.retry_rule(),
                details.retry_at(),
                details.wait_origin(),
            )
        };
        assert_eq!(at(&[]), (RetryRule::Never, None, None));
        assert_eq!(
            at(&[("Retry-After", "7")]),
            (
                RetryRule::Never,
                Some(now + Duration::from_secs(7)),
                Some(WaitOrigin::Provider { source: 0 })
            )
        );
        // The provider says to retry: the catalog's default delay applies again.
        assert_eq!(
            at(&[("x-should-retry", "true")]),
            (
                RetryRule::Backoff,
                Some(now + Duration::from_secs(3)),
                Some(WaitOrigin::CatalogDefault)
            )
        );
    }

    /// Every text of up to 6 characters and every needle of up to 3 over a small alphabet (both
    /// cases of a letter, a byte `| 0x20` confuses with one, a non-ASCII character): the
    /// first match is where a naive search finds it.
    #[test]
    fn find_folded_agrees_with_a_naive_search() {
        fn words(alphabet: &[&str], max: usize) -> Vec<String> {
            let mut all = vec![String::new()];
            let mut last = vec![String::new()];
            for _ in 0..max {
                last = last
                    .iter()
                    .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                    .collect();
                all.extend(last.iter().cloned());
            }
            all
        }
        let alphabet = ["a", "A", "@", "`", "é"];
        let needles = words(&alphabet, 3);
        for text in words(&alphabet, 6) {
            let folded = text.to_ascii_lowercase();
            for needle in &needles {
                let want = folded
                    .find(&needle.to_ascii_lowercase())
                    .map(|i| i + needle.len());
                assert_eq!(
                    find_folded(&text, &Needle::new(needle.clone())),
                    want,
                    "{text:?} {needle:?}"
                );
            }
        }
    }

    #[test]
    fn find_folded_ignores_ascii_case_and_straddles_chunks() {
        let needle = Needle::new("Rate Limit");
        assert_eq!(find_folded("API RATE LIMIT exceeded", &needle), Some(14));
        assert_eq!(find_folded("rate limi", &needle), None);
        assert_eq!(find_folded("", &Needle::new("")), Some(0));
        for offset in [0, 1, 250, 256, 4080, 4086, 4087, 4095, 4096, 9000] {
            let text = format!(
                "{}rAtE lImIt tail",
                "é".repeat(offset / 2) + &"x".repeat(offset % 2)
            );
            let found = find_folded(&text, &needle).expect("found");
            assert_eq!(
                text.get(found - 10..found)
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("rate limit")
            );
        }
        let long = Needle::new("x".repeat(2500));
        assert_eq!(find_folded(&"X".repeat(2499), &long), None);
        assert_eq!(find_folded(&"X".repeat(2501), &long), Some(2500));
        assert_eq!(find_folded("abcRATE LIMIT", &needle), Some(13));
    }
}
