use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;

use crate::spec::RuleRef;
use crate::{Category, RetryRule};

/// What arrived: the wire data every variant of a generated enum carries.
///
/// The variant says what the error *means*; `Details` keeps what the provider *sent*: the
/// status, the code, message, type and request id read from the body or headers, the retry
/// time read from wherever the format puts it, and the raw body, byte for byte. It also
/// keeps what the classification decided (the rule in force, its category and retry rule),
/// so that every accessor is a field read.
///
/// Everything lives in one buffer: the body as received, and before it any text that had to
/// be decoded (a message with JSON escapes, a code from a header). A response classified
/// from `bytes::Bytes` whose texts need no decoding shares that buffer and copies nothing.
/// Cloning is cheap (the buffer is shared).
#[derive(Clone)]
pub struct Details {
    buf: Buf,
    body_start: u32,
    status: u16,
    body_status: Option<u16>,
    code: Slice,
    message: Slice,
    provider_type: Slice,
    request_id: Slice,
    rule: RuleRef,
    category: Category,
    retry: RetryRule,
    wait_origin: Option<WaitOrigin>,
    retry_at: Option<SystemTime>,
}

/// Where the retry time of an error came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WaitOrigin {
    /// The provider's response: `Provider::retry_from[source]` of the catalog.
    Provider {
        /// The index of the `[[provider.retry_from]]` that yielded the time.
        source: u16,
    },
    /// The catalog's `default_delay`: the provider sent no time.
    CatalogDefault,
    /// The catalog's `min_delay`: the provider's time was sooner.
    CatalogMinimum,
}

impl WaitOrigin {
    /// `"response"`, `"catalog_default"` or `"catalog_minimum"`: for logs and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            WaitOrigin::Provider { .. } => "response",
            WaitOrigin::CatalogDefault => "catalog_default",
            WaitOrigin::CatalogMinimum => "catalog_minimum",
        }
    }
}

/// The buffer of a [`Details`]: a copy made for it (freed directly), or the caller's
/// [`Bytes`] (shared, not copied).
#[derive(Clone)]
pub(crate) enum Buf {
    Owned(Box<[u8]>),
    Shared(Bytes),
}

impl core::ops::Deref for Buf {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Buf::Owned(b) => b,
            Buf::Shared(b) => b,
        }
    }
}

/// A range of [`Details::buf`] holding a text; `NONE` when the text is absent.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Slice {
    start: u32,
    len: u32,
}

impl Slice {
    pub(crate) const NONE: Slice = Slice {
        start: u32::MAX,
        len: 0,
    };

    /// The range `start..start + len` of the buffer, if it fits in 32 bits.
    pub(crate) fn new(start: usize, len: usize) -> Slice {
        match (u32::try_from(start), u32::try_from(len)) {
            (Ok(start), Ok(len)) if start != u32::MAX => Slice { start, len },
            _ => Slice::NONE,
        }
    }

    /// The text of this range of `buf`, checked to be UTF-8.
    pub(crate) fn get_in(self, buf: &[u8]) -> Option<&str> {
        core::str::from_utf8(self.bytes(buf)?).ok()
    }

    #[inline]
    fn bytes(self, buf: &[u8]) -> Option<&[u8]> {
        if self.start == u32::MAX {
            return None;
        }
        let start = usize::try_from(self.start).ok()?;
        let end = start.checked_add(usize::try_from(self.len).ok()?)?;
        buf.get(start..end)
    }

    /// The text of this range of a `Details`' buffer: made from `&str`s when the details
    /// were built (see [`Details::text`]), so it is not checked again.
    #[inline]
    fn text(self, buf: &[u8]) -> Option<&str> {
        let bytes = self.bytes(buf)?;
        debug_assert!(core::str::from_utf8(bytes).is_ok());
        // SAFETY: every `Slice` of a `Details` is made by `classify` from a `&str` that lies
        // in the buffer (a part of the body, or text written there by `str` methods), and the
        // buffer never changes afterwards: the bytes are valid UTF-8, cut at char boundaries.
        Some(unsafe { core::str::from_utf8_unchecked(bytes) })
    }
}

/// The fields of a [`Details`], for the classifier.
pub(crate) struct Parts {
    pub(crate) buf: Buf,
    pub(crate) body_start: usize,
    pub(crate) status: u16,
    pub(crate) body_status: Option<u16>,
    pub(crate) code: Slice,
    pub(crate) message: Slice,
    pub(crate) provider_type: Slice,
    pub(crate) request_id: Slice,
    pub(crate) rule: RuleRef,
    pub(crate) category: Category,
    pub(crate) retry: RetryRule,
    pub(crate) wait_origin: Option<WaitOrigin>,
    pub(crate) retry_at: Option<SystemTime>,
}

impl Details {
    #[inline]
    pub(crate) fn new(p: Parts) -> Self {
        Details {
            body_start: u32::try_from(p.body_start).unwrap_or(0),
            buf: if u32::try_from(p.body_start).is_ok() {
                p.buf
            } else {
                Buf::Owned(Box::default())
            },
            status: p.status,
            body_status: p.body_status,
            code: p.code,
            message: p.message,
            provider_type: p.provider_type,
            request_id: p.request_id,
            rule: p.rule,
            category: p.category,
            retry: p.retry,
            wait_origin: p.wait_origin,
            retry_at: p.retry_at,
        }
    }

    /// The HTTP status received on the wire (not the one the body may claim).
    #[inline]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The code as received (after the normalisation the catalog declares), `""` when the
    /// response had none.
    #[inline]
    pub fn code(&self) -> &str {
        self.code.text(&self.buf).unwrap_or("")
    }

    /// The provider's message as received, `""` when the response had none.
    #[inline]
    pub fn message(&self) -> &str {
        self.message.text(&self.buf).unwrap_or("")
    }

    /// The provider's own type or category string, where its format has one.
    #[inline]
    pub fn provider_type(&self) -> Option<&str> {
        self.provider_type.text(&self.buf)
    }

    /// The provider's request id, for support tickets, where the response has one.
    #[inline]
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.text(&self.buf)
    }

    /// The status the body claims, where the format has such a field and it held one.
    pub fn body_status(&self) -> Option<u16> {
        self.body_status
    }

    /// Exactly the bytes received.
    pub fn raw_body(&self) -> &[u8] {
        let start = usize::try_from(self.body_start).unwrap_or(usize::MAX);
        self.buf.get(start..).unwrap_or_default()
    }

    /// The received body as [`Bytes`]: the caller's own buffer when the error was built
    /// with `from_response_bytes` (shared, not copied), else a copy.
    pub fn raw_bytes(&self) -> Bytes {
        match &self.buf {
            Buf::Shared(b) if self.body_start == 0 => b.clone(),
            _ => Bytes::copy_from_slice(self.raw_body()),
        }
    }

    /// The rule of the catalog the error is under.
    #[inline]
    pub fn rule_ref(&self) -> RuleRef {
        self.rule
    }

    /// The category in force.
    #[inline]
    pub fn category(&self) -> Category {
        self.category
    }

    /// The retry rule in force: the catalog's, or what the provider's `should_retry` signal
    /// made of it.
    #[inline]
    pub fn retry_rule(&self) -> RetryRule {
        self.retry
    }

    /// When the provider says a retry may succeed (or the catalog's default wait ends).
    #[inline]
    pub fn retry_at(&self) -> Option<SystemTime> {
        self.retry_at
    }

    /// Where [`retry_at`](Self::retry_at) came from.
    pub fn wait_origin(&self) -> Option<WaitOrigin> {
        self.wait_origin
    }

    /// The wait from `now` until [`retry_at`](Self::retry_at), zero when that has passed.
    #[inline]
    pub fn retry_after_from(&self, now: SystemTime) -> Option<Duration> {
        self.retry_at
            .map(|t| t.duration_since(now).unwrap_or(Duration::ZERO))
    }
}

/// Equal when everything received and decided is equal.
impl PartialEq for Details {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status
            && self.raw_body() == other.raw_body()
            && self.code() == other.code()
            && self.message() == other.message()
            && self.provider_type() == other.provider_type()
            && self.request_id() == other.request_id()
            && self.body_status == other.body_status
            && self.rule == other.rule
            && self.category == other.category
            && self.retry == other.retry
            && self.retry_at == other.retry_at
    }
}

impl Eq for Details {}

/// Bounded: the message and body are cut, so logging an error never dumps a huge body.
impl fmt::Debug for Details {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Details")
            .field("status", &self.status)
            .field("code", &Bounded(self.code()))
            .field("message", &Bounded(self.message()))
            .field("provider_type", &self.provider_type().map(Bounded))
            .field("request_id", &self.request_id().map(Bounded))
            .field("retry_at", &self.retry_at)
            .field("raw_body", &BoundedBytes(self.raw_body()))
            .finish()
    }
}

/// At most this many characters of a message in `Display` and `Debug`.
pub(crate) const MAX_SHOWN_CHARS: usize = 1024;

/// Text shown at most [`MAX_SHOWN_CHARS`] long, on one line: control characters, line
/// separators and bidirectional overrides are escaped, so a message cannot forge log lines
/// or reorder what a terminal shows.
pub(crate) struct Bounded<'a>(pub(crate) &'a str);

impl Bounded<'_> {
    fn write(&self, f: &mut fmt::Formatter<'_>, quoted: bool) -> fmt::Result {
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(MAX_SHOWN_CHARS) {
            if is_invisible_break(c) || (quoted && matches!(c, '"' | '\\')) {
                write!(f, "{}", c.escape_default())?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        let rest = chars.count();
        if rest > 0 {
            write!(f, "… ({rest} more characters)")?;
        }
        Ok(())
    }
}

use crate::spec::is_layout_char as is_invisible_break;

impl fmt::Display for Bounded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

/// Quoted like a `str`'s `Debug`: quotes and backslashes inside are escaped too.
impl fmt::Debug for Bounded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        self.write(f, true)?;
        f.write_str("\"")
    }
}

struct BoundedBytes<'a>(&'a [u8]);

impl fmt::Debug for BoundedBytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 256;
        let shown = self.0.get(..SHOWN).unwrap_or(self.0);
        write!(f, "b\"{}\"", shown.escape_ascii())?;
        if self.0.len() > SHOWN {
            write!(f, "… ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_stays_small() {
        // A generated enum is `Details` plus its tag: keep it under clippy's
        // `result_large_err` threshold (128 bytes) so that `Result<T, AttioError>` is fine.
        assert!(
            core::mem::size_of::<Details>() <= 120,
            "{}",
            core::mem::size_of::<Details>()
        );
    }
}
