use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;

/// What arrived: the wire data every variant of a generated enum carries.
///
/// The variant says what the error *means*; `Details` keeps what the provider *sent*:
/// the status, the code, message and type read from the body, the retry time read from
/// wherever the format puts it, and the raw body, byte for byte. Cloning is cheap (the body
/// is shared).
#[derive(Clone)]
pub struct Details(Box<Inner>);

#[derive(Clone)]
struct Inner {
    status: u16,
    code: Text,
    message: Text,
    provider_type: Option<Text>,
    body_status: Option<u16>,
    raw_body: Bytes,
    received_at: SystemTime,
    retry_at: Option<SystemTime>,
    code_index: Option<usize>,
    pattern_index: Option<usize>,
}

/// The fields of [`Details`], for its constructor in [`crate::__private`].
pub(crate) struct Parts {
    pub status: u16,
    pub code: Text,
    pub message: Text,
    pub provider_type: Option<Text>,
    pub body_status: Option<u16>,
    pub raw_body: Bytes,
    pub received_at: SystemTime,
    pub retry_at: Option<SystemTime>,
    pub code_index: Option<usize>,
    pub pattern_index: Option<usize>,
}

impl Details {
    pub(crate) fn new(p: Parts) -> Self {
        Details(Box::new(Inner {
            status: p.status,
            code: p.code,
            message: p.message,
            provider_type: p.provider_type,
            body_status: p.body_status,
            raw_body: p.raw_body,
            received_at: p.received_at,
            retry_at: p.retry_at,
            code_index: p.code_index,
            pattern_index: p.pattern_index,
        }))
    }

    /// The HTTP status received on the wire (not the one the body may claim).
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// The code as received, `""` when the body had none.
    pub fn code(&self) -> &str {
        self.0.code.get(&self.0.raw_body)
    }

    /// The provider's message as received, `""` when the body had none.
    pub fn message(&self) -> &str {
        self.0.message.get(&self.0.raw_body)
    }

    /// The provider's own type or category string, where its format has one.
    pub fn provider_type(&self) -> Option<&str> {
        self.0
            .provider_type
            .as_ref()
            .map(|t| t.get(&self.0.raw_body))
    }

    /// The status the body claims, where the format has such a field and it held one.
    pub fn body_status(&self) -> Option<u16> {
        self.0.body_status
    }

    /// Exactly the bytes received.
    pub fn raw_body(&self) -> &[u8] {
        &self.0.raw_body
    }

    /// The received body as a cheaply clonable buffer.
    pub fn raw_bytes(&self) -> &Bytes {
        &self.0.raw_body
    }

    /// When the response was classified (the `now` of `from_response_at`).
    pub fn received_at(&self) -> SystemTime {
        self.0.received_at
    }

    /// When the provider says a retry may succeed, when it says so.
    pub fn retry_at(&self) -> Option<SystemTime> {
        self.0.retry_at
    }

    /// The wait from `now` until [`retry_at`](Self::retry_at), zero when that has passed.
    pub fn retry_after_from(&self, now: SystemTime) -> Option<Duration> {
        self.0
            .retry_at
            .map(|t| t.duration_since(now).unwrap_or(Duration::ZERO))
    }

    pub(crate) fn set_retry_at(&mut self, retry_at: Option<SystemTime>) {
        self.0.retry_at = retry_at;
    }

    pub(crate) fn code_index(&self) -> Option<usize> {
        self.0.code_index
    }

    pub(crate) fn pattern_index(&self) -> Option<usize> {
        self.0.pattern_index
    }
}

/// Equal when everything received is equal (however the text is held).
impl PartialEq for Details {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        a.status == b.status
            && a.raw_body == b.raw_body
            && self.code() == other.code()
            && self.message() == other.message()
            && self.provider_type() == other.provider_type()
            && a.body_status == b.body_status
            && a.received_at == b.received_at
            && a.retry_at == b.retry_at
            && a.code_index == b.code_index
            && a.pattern_index == b.pattern_index
    }
}

impl Eq for Details {}

/// Text read from the body, held without a copy where possible: most codes are the
/// catalog's own strings, and most messages have no escapes, so they are a range of the raw
/// body that `Details` keeps anyway.
#[derive(Clone, Debug)]
pub(crate) enum Text {
    Static(&'static str),
    /// A byte range of the raw body that held this text when made (it is re-checked as
    /// UTF-8 when read, so a `Details` can never hand out a broken `&str`).
    Raw(core::ops::Range<usize>),
    Owned(Box<str>),
}

impl Text {
    pub(crate) const EMPTY: Text = Text::Static("");

    /// Text read from `body`: a range of it when `s` lies inside it, a copy otherwise.
    pub(crate) fn new(s: std::borrow::Cow<'_, str>, body: &[u8]) -> Text {
        let start = (s.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
        let range = start..start.wrapping_add(s.len());
        match body.get(range.clone()) {
            Some(bytes) if bytes == s.as_bytes() => Text::Raw(range),
            _ => Text::Owned(s.into_owned().into_boxed_str()),
        }
    }

    fn get<'a>(&'a self, raw: &'a [u8]) -> &'a str {
        match self {
            Text::Static(s) => s,
            Text::Owned(s) => s,
            Text::Raw(range) => raw
                .get(range.clone())
                .and_then(|b| core::str::from_utf8(b).ok())
                .unwrap_or(""),
        }
    }
}

/// Bounded: the message and body are cut, so logging an error never dumps a huge body.
impl fmt::Debug for Details {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.0;
        f.debug_struct("Details")
            .field("status", &i.status)
            .field("code", &Bounded(self.code()))
            .field("message", &Bounded(self.message()))
            .field("provider_type", &self.provider_type().map(Bounded))
            .field("retry_at", &i.retry_at)
            .field("raw_body", &BoundedBytes(&i.raw_body))
            .finish()
    }
}

/// At most this many characters of a message in `Display` and `Debug`.
pub(crate) const MAX_SHOWN_CHARS: usize = 1024;

/// Text shown at most [`MAX_SHOWN_CHARS`] long, on one line: control characters, line
/// separators and bidirectional overrides are escaped, so a message cannot forge log lines
/// or reorder what a terminal shows.
pub(crate) struct Bounded<'a>(pub &'a str);

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

/// Control characters (C0, DEL, C1), U+2028/U+2029 and the bidirectional formatting
/// characters: what changes the layout of a line without being seen.
fn is_invisible_break(c: char) -> bool {
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
