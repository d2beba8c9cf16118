//! Reading a response body to classify it: bounded in size and in time, and handing the
//! body on intact.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Buf, Bytes, BytesMut};
use http_body::{Body, Frame, SizeHint};

use crate::{BoxError, MAX_PARSED_BODY};

/// How long reading an error body may take by default: 10 seconds from the response head.
///
/// An error body is small and usually arrives with the head; a body that trickles in (a
/// byte every few hundred milliseconds keeps any read timeout from firing) must not hold a
/// retry loop forever. After the deadline the error keeps what arrived, as it does when
/// the body breaks off.
pub const DEFAULT_BODY_DEADLINE: Duration = Duration::from_secs(10);

/// How much of a body to read, and for how long, before classifying it.
///
/// The default reads at most [`MAX_PARSED_BODY`] bytes (a larger body is not parsed
/// anyway) for at most [`DEFAULT_BODY_DEADLINE`].
///
/// ```
/// use std::time::Duration;
/// use error_catalog::ReadLimits;
///
/// let limits = ReadLimits::default().with_deadline(Duration::from_secs(2));
/// assert_eq!(limits.deadline(), Duration::from_secs(2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReadLimits {
    max_bytes: usize,
    deadline: Duration,
}

impl Default for ReadLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl ReadLimits {
    /// [`MAX_PARSED_BODY`] bytes, [`DEFAULT_BODY_DEADLINE`].
    pub const DEFAULT: ReadLimits = ReadLimits {
        max_bytes: MAX_PARSED_BODY,
        deadline: DEFAULT_BODY_DEADLINE,
    };

    /// Reads at most `max_bytes` (at most [`MAX_PARSED_BODY`] are parsed).
    pub const fn with_max_bytes(mut self, max_bytes: usize) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// Stops reading `deadline` after starting.
    pub const fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The most bytes read.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// The longest time spent reading.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }
}

/// How reading a body for classification ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyEnd {
    /// The whole body was read.
    Complete,
    /// Reading stopped at [`ReadLimits::max_bytes`]; the rest was not waited for.
    Limit,
    /// Reading stopped at [`ReadLimits::deadline`].
    Deadline,
    /// The body broke off (a reset connection, a truncated chunk).
    BrokeOff,
}

impl BodyEnd {
    /// `complete`, `limit`, `deadline`, `broke_off`.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyEnd::Complete => "complete",
            BodyEnd::Limit => "limit",
            BodyEnd::Deadline => "deadline",
            BodyEnd::BrokeOff => "broke_off",
        }
    }
}

impl fmt::Display for BodyEnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What was read of a body to classify it: put in the extensions of a response that an
/// integration classified and handed on (`response.extensions().get::<BodyRead>()`).
///
/// The error was built from the first `len` bytes; unless `end` is
/// [`BodyEnd::Complete`], that was not the whole body. The body handed on is still the
/// whole body: the bytes read, then the rest as it arrives (or the error it broke off
/// with).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct BodyRead {
    /// Bytes the error was classified from.
    pub len: usize,
    /// How reading ended.
    pub end: BodyEnd,
}

impl BodyRead {
    /// Whether the error saw the whole body.
    pub fn is_complete(&self) -> bool {
        self.end == BodyEnd::Complete
    }
}

/// A body read for classification: its first bytes, how reading ended, and the body to
/// hand on.
pub(crate) struct Peeked<B> {
    /// The bytes to classify: at most `max_bytes`.
    pub(crate) bytes: Bytes,
    pub(crate) read: BodyRead,
    /// The whole body again: what was read, then the rest.
    pub(crate) body: PeekedBody<B>,
}

/// Reads `body` within `limits`; `announced`: its `Content-Length`, if any (a hint for the
/// buffer, never larger than the limit: a `Content-Length` is only a claim).
pub(crate) async fn peek<B>(body: B, announced: Option<u64>, limits: ReadLimits) -> Peeked<B>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    let mut body = Box::pin(body);
    let hint = announced
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0)
        .min(limits.max_bytes);
    let mut read = BytesMut::with_capacity(hint);
    let mut trailers = None;
    let mut error = None;
    let deadline = tokio::time::Instant::now() + limits.deadline;
    let end = loop {
        if read.len() >= limits.max_bytes {
            break BodyEnd::Limit;
        }
        let frame = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx));
        match tokio::time::timeout_at(deadline, frame).await {
            Err(_elapsed) => break BodyEnd::Deadline,
            Ok(None) => break BodyEnd::Complete,
            Ok(Some(Ok(frame))) => match frame.into_data() {
                Ok(mut data) => {
                    while data.has_remaining() {
                        let chunk = data.chunk();
                        read.extend_from_slice(chunk);
                        let n = chunk.len();
                        data.advance(n);
                    }
                }
                Err(frame) => trailers = frame.into_trailers().ok(),
            },
            Ok(Some(Err(e))) => {
                error = Some(e.into());
                break BodyEnd::BrokeOff;
            }
        }
    };
    let prefix = read.freeze();
    let bytes = prefix.slice(..prefix.len().min(limits.max_bytes));
    let rest = matches!(end, BodyEnd::Limit | BodyEnd::Deadline).then_some(body);
    Peeked {
        read: BodyRead {
            len: bytes.len(),
            end,
        },
        bytes,
        body: PeekedBody::new(prefix, rest, trailers, error),
    }
}

/// The body of a response an integration read to classify: the bytes it read, then the
/// rest of the original body as it arrives, then the error the original body broke off
/// with, if it did. Nothing is lost or changed: what a caller reads is what the server
/// sent, and a body that broke off still ends in an error.
pub struct PeekedBody<B> {
    prefix: Bytes,
    rest: Option<Pin<Box<B>>>,
    trailers: Option<http::HeaderMap>,
    error: Option<BoxError>,
}

impl<B> PeekedBody<B> {
    fn new(
        prefix: Bytes,
        rest: Option<Pin<Box<B>>>,
        trailers: Option<http::HeaderMap>,
        error: Option<BoxError>,
    ) -> Self {
        PeekedBody {
            prefix,
            rest,
            trailers,
            error,
        }
    }

    /// `prefix`, then `rest`.
    #[cfg_attr(not(feature = "reqwest-blocking"), allow(dead_code))]
    pub(crate) fn prefixed(prefix: Bytes, rest: B) -> Self {
        PeekedBody::new(prefix, Some(Box::pin(rest)), None, None)
    }

    /// A body that was never read: `body` itself.
    pub fn unread(body: B) -> Self {
        PeekedBody::new(Bytes::new(), Some(Box::pin(body)), None, None)
    }
}

impl<B> fmt::Debug for PeekedBody<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PeekedBody")
            .field("prefix_len", &self.prefix.len())
            .field("rest", &self.rest.is_some())
            .field("error", &self.error)
            .finish()
    }
}

impl<B> Body for PeekedBody<B>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        // `Pin<Box<B>>` and the rest are `Unpin`: the struct may move.
        let this = self.get_mut();
        if !this.prefix.is_empty() {
            return Poll::Ready(Some(Ok(Frame::data(std::mem::take(&mut this.prefix)))));
        }
        if let Some(rest) = this.rest.as_mut() {
            match rest.as_mut().poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(frame))) => {
                    let frame = match frame.into_data() {
                        Ok(mut data) => Frame::data(data.copy_to_bytes(data.remaining())),
                        Err(frame) => match frame.into_trailers() {
                            Ok(trailers) => Frame::trailers(trailers),
                            Err(_) => return Poll::Ready(None),
                        },
                    };
                    return Poll::Ready(Some(Ok(frame)));
                }
                Poll::Ready(Some(Err(e))) => {
                    this.rest = None;
                    return Poll::Ready(Some(Err(e.into())));
                }
                Poll::Ready(None) => this.rest = None,
            }
        }
        if let Some(error) = this.error.take() {
            return Poll::Ready(Some(Err(error)));
        }
        Poll::Ready(this.trailers.take().map(|t| Ok(Frame::trailers(t))))
    }

    fn is_end_stream(&self) -> bool {
        self.prefix.is_empty()
            && self.rest.as_ref().is_none_or(|r| r.is_end_stream())
            && self.error.is_none()
            && self.trailers.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        let prefix = self.prefix.len() as u64;
        match (&self.rest, &self.error) {
            (_, Some(_)) => {
                let mut hint = SizeHint::new();
                hint.set_lower(prefix);
                hint
            }
            (Some(rest), None) => {
                let inner = rest.size_hint();
                let mut hint = SizeHint::new();
                hint.set_lower(inner.lower().saturating_add(prefix));
                if let Some(upper) = inner.upper() {
                    hint.set_upper(upper.saturating_add(prefix));
                }
                hint
            }
            (None, None) => SizeHint::with_exact(prefix),
        }
    }
}

/// Whether a classified response is an error: a success (1xx to 3xx) is one only when a
/// `success_error` condition of the catalog marked it.
pub(crate) fn is_error<E: crate::FromResponse>(error: &E) -> bool {
    error.is_error()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Script(Vec<Result<&'static [u8], &'static str>>);

    impl Body for Script {
        type Data = Bytes;
        type Error = BoxError;
        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
            if self.0.is_empty() {
                return Poll::Ready(None);
            }
            Poll::Ready(Some(match self.0.remove(0) {
                Ok(b) => Ok(Frame::data(Bytes::from_static(b))),
                Err(e) => Err(e.into()),
            }))
        }
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime")
            .block_on(f)
    }

    async fn drain<B: Body<Data = Bytes, Error = BoxError> + Unpin>(
        mut b: B,
    ) -> (Vec<u8>, Option<String>) {
        let mut out = Vec::new();
        while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut b).poll_frame(cx)).await {
            match frame {
                Ok(f) => out.extend_from_slice(&f.into_data().unwrap_or_default()),
                Err(e) => return (out, Some(e.to_string())),
            }
        }
        (out, None)
    }

    #[test]
    fn a_cut_body_is_classified_short_and_handed_on_whole() {
        let limits = ReadLimits::default().with_max_bytes(4);
        block_on(async {
            let p = peek(
                Script(vec![Ok(b"abc"), Ok(b"def"), Ok(b"gh")]),
                None,
                limits,
            )
            .await;
            assert_eq!(&p.bytes[..], b"abcd");
            assert_eq!(p.read.end, BodyEnd::Limit);
            assert_eq!(drain(p.body).await, (b"abcdefgh".to_vec(), None));
        });
    }

    #[test]
    fn a_broken_body_ends_in_its_error_again() {
        block_on(async {
            let p = peek(
                Script(vec![Ok(b"ab"), Err("reset")]),
                None,
                ReadLimits::default(),
            )
            .await;
            assert_eq!((&p.bytes[..], p.read.end), (&b"ab"[..], BodyEnd::BrokeOff));
            assert_eq!(p.body.size_hint().exact(), None);
            assert_eq!(drain(p.body).await, (b"ab".to_vec(), Some("reset".into())));
        });
    }

    #[test]
    fn a_complete_body_has_an_exact_size() {
        block_on(async {
            let p = peek(
                Script(vec![Ok(b"ab"), Ok(b"c")]),
                Some(3),
                ReadLimits::default(),
            )
            .await;
            assert_eq!(
                p.read,
                BodyRead {
                    len: 3,
                    end: BodyEnd::Complete
                }
            );
            assert_eq!(p.body.size_hint().exact(), Some(3));
            // A Content-Length is only a claim: the body is read within the limit.
            let p = peek(
                Script(vec![Ok(b"ab")]),
                Some(1 << 40),
                ReadLimits::default(),
            )
            .await;
            assert_eq!(p.read.end, BodyEnd::Complete);
            assert_eq!(p.bytes, &b"ab"[..]);
            assert_eq!(drain(p.body).await.0, b"ab");
        });
    }
}
