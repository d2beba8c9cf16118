//! One error type for a call to an API: the provider's error, or no (complete) response.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderMap, Method};

use crate::{Category, NormalizedError};

/// A call to an API that failed: the provider answered with an error (`Api`), or no
/// complete response arrived (`Transport`: a timeout, a refused or reset connection, a body
/// that broke off).
///
/// What the integrations return (`reqwest::RequestBuilderExt::send_as` with the `reqwest`
/// feature, the `tower` layer with `tower`), and what a hand-written retry loop decides on:
/// [`Backoff::decide`](crate::retry::Backoff::decide) takes it like any catalog error.
///
/// - [`is_retryable`](Self::is_retryable): the provider's error says for itself (a rate
///   limit, a server error: yes; a conflict, a bad key: no). A transport failure is
///   retryable when the request never left (the connection was refused), or when sending it
///   twice does no harm: the request is *idempotent* (see [`Idempotency`]).
/// - [`retry_after`](Self::retry_after): the provider's time; none for a transport failure.
/// - `?` works from the catalog error `E` and from a [`TransportError`] (and, with the
///   `reqwest` feature, from a `reqwest::Error`, e.g. reading a success body).
///
/// ```
/// use error_catalog::{CallError, Idempotency, RequestInfo, TransportError, TransportKind};
/// # use error_catalog::{FromResponse, Headers};
/// # #[derive(Debug)] struct ApiError;
///
/// let get = RequestInfo::new(http::Method::GET, "http://127.0.0.1/v2/objects", &http::HeaderMap::new(), Idempotency::ByMethod);
/// let post = RequestInfo::new(http::Method::POST, "http://127.0.0.1/v2/objects", &http::HeaderMap::new(), Idempotency::ByMethod);
/// let reset = |request| CallError::<ApiError>::Transport(TransportError::new(TransportKind::Reset, request));
/// assert!(reset(get).transport().is_some());
/// assert!(!reset(post).transport().is_some_and(TransportError::is_retryable));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum CallError<E> {
    /// The provider answered with an error response: `error` says what it means.
    Api {
        /// The classified error.
        error: E,
        /// The request it answered, when the integration knew it.
        request: RequestInfo,
    },
    /// No complete response arrived.
    Transport(TransportError),
}

/// The provider's error followed by the request (`" (GET https://host/path)"`), or the
/// transport failure's text.
impl<E: fmt::Display> fmt::Display for CallError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Api { error, request } => write!(f, "{error}{request}"),
            CallError::Transport(t) => fmt::Display::fmt(t, f),
        }
    }
}

/// An API error has no source: it is the provider's answer. A transport failure is
/// transparent: its source is the underlying error's.
impl<E: fmt::Debug + fmt::Display> std::error::Error for CallError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::Api { .. } => None,
            CallError::Transport(t) => std::error::Error::source(t),
        }
    }
}

impl<E: NormalizedError> CallError<E> {
    /// Whether sending the same request again can succeed, and does no harm: the provider's
    /// say for an API error, unless the request is marked
    /// [`Idempotency::NotIdempotent`] and the provider may have acted on it
    /// ([`RequestInfo::may_not_repeat`]); for a transport failure, see
    /// [`TransportError::is_retryable`].
    pub fn is_retryable(&self) -> bool {
        match self {
            CallError::Api { error, request } => {
                error.is_retryable() && !request.may_not_repeat(error.category())
            }
            CallError::Transport(t) => t.is_retryable(),
        }
    }

    /// How long to wait before retrying, when the provider said; `None` for a transport
    /// failure.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            CallError::Api { error, .. } => error.retry_after(),
            CallError::Transport(_) => None,
        }
    }

    /// The provider's request id, for a support ticket.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            CallError::Api { error, .. } => error.request_id(),
            CallError::Transport(_) => None,
        }
    }
}

impl<E> CallError<E> {
    /// An API error for a request the caller does not describe.
    pub fn api(error: E) -> Self {
        CallError::Api {
            error,
            request: RequestInfo::unknown(),
        }
    }

    /// The provider's error, if the provider answered.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            CallError::Api { error, .. } => Some(error),
            CallError::Transport(_) => None,
        }
    }

    /// The provider's error by value; the transport failure stays an `Err`.
    pub fn into_api_error(self) -> Result<E, TransportError> {
        match self {
            CallError::Api { error, .. } => Ok(error),
            CallError::Transport(t) => Err(t),
        }
    }

    /// The transport failure, if no complete response arrived.
    pub fn transport(&self) -> Option<&TransportError> {
        match self {
            CallError::Api { .. } => None,
            CallError::Transport(t) => Some(t),
        }
    }

    /// The request that failed, as far as the integration knew it.
    pub fn request(&self) -> &RequestInfo {
        match self {
            CallError::Api { request, .. } => request,
            CallError::Transport(t) => &t.request,
        }
    }
}

/// `?` from a catalog error: an API error of an unknown request.
impl<E: NormalizedError> From<E> for CallError<E> {
    fn from(error: E) -> Self {
        CallError::api(error)
    }
}

impl<E> From<TransportError> for CallError<E> {
    fn from(t: TransportError) -> Self {
        CallError::Transport(t)
    }
}

/// What failed on the way: the kinds of [`TransportError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection: refused, unreachable, DNS. The request was never sent.
    Connect,
    /// A timeout: the request may or may not have reached the provider.
    Timeout,
    /// The connection was reset or closed before a response arrived.
    Reset,
    /// The response's body broke off (a reset, a truncated chunk) after its head arrived.
    Body,
    /// Anything else (a request that could not be built, a TLS or protocol error): not
    /// worth retrying.
    Other,
}

impl TransportKind {
    /// `connect`, `timeout`, `reset`, `body`, `other`: for logs.
    pub fn as_str(self) -> &'static str {
        match self {
            TransportKind::Connect => "connect",
            TransportKind::Timeout => "timeout",
            TransportKind::Reset => "reset",
            TransportKind::Body => "body",
            TransportKind::Other => "other",
        }
    }

    /// The kind of an error, from its chain of sources: I/O error kinds (refused, reset,
    /// timed out, unexpected end) and the words timeout libraries use in their types'
    /// names; `Other` when nothing says.
    pub fn of(error: &(dyn std::error::Error + 'static)) -> TransportKind {
        use std::io::ErrorKind as K;
        let mut next = Some(error);
        while let Some(e) = next {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                match io.kind() {
                    K::ConnectionRefused | K::NotConnected | K::AddrNotAvailable => {
                        return TransportKind::Connect;
                    }
                    K::TimedOut | K::WouldBlock => return TransportKind::Timeout,
                    K::ConnectionReset
                    | K::ConnectionAborted
                    | K::BrokenPipe
                    | K::UnexpectedEof => return TransportKind::Reset,
                    _ => {}
                }
            }
            #[cfg(feature = "tower")]
            if e.is::<::tower::timeout::error::Elapsed>() {
                return TransportKind::Timeout;
            }
            #[cfg(any(feature = "reqwest", feature = "tower"))]
            if let Some(h) = e.downcast_ref::<::hyper::Error>() {
                if h.is_timeout() {
                    return TransportKind::Timeout;
                }
                if h.is_incomplete_message()
                    || h.is_closed()
                    || h.is_canceled()
                    || h.is_body_write_aborted()
                {
                    return TransportKind::Reset;
                }
            }
            #[cfg(feature = "reqwest")]
            if let Some(r) = e.downcast_ref::<::reqwest::Error>() {
                // A connect timeout is both: nothing was sent, which is what counts.
                if r.is_connect() {
                    return TransportKind::Connect;
                }
                if r.is_timeout() {
                    return TransportKind::Timeout;
                }
                if r.is_body() || r.is_decode() {
                    return TransportKind::Body;
                }
            }
            next = e.source();
        }
        TransportKind::Other
    }
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// No complete response to a request: what failed, the request, and the underlying error.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportKind,
    request: RequestInfo,
    source: Option<BoxError>,
}

/// What failed, the underlying error's text (`"no detail"` without one) and the request:
/// `"timed out: operation timed out (GET https://host/path)"`.
impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(describe(self.kind))?;
        match &self.source {
            Some(source) => write!(f, " {source}")?,
            None => f.write_str(" no detail")?,
        }
        fmt::Display::fmt(&self.request, f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// An error of any type, as the HTTP stacks pass them around.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn describe(kind: TransportKind) -> &'static str {
    match kind {
        TransportKind::Connect => "could not connect:",
        TransportKind::Timeout => "timed out:",
        TransportKind::Reset => "connection closed before a response:",
        TransportKind::Body => "the response body broke off:",
        TransportKind::Other => "request failed:",
    }
}

impl TransportError {
    /// A failure of `kind` for `request`, without an underlying error.
    pub fn new(kind: TransportKind, request: RequestInfo) -> Self {
        TransportError {
            kind,
            request,
            source: None,
        }
    }

    /// A failure for `request` caused by `source`; the kind is read from `source`'s chain
    /// ([`TransportKind::of`]). A reqwest error loses its URL (feature `reqwest`): its
    /// text would show the query string (where APIs put keys) and any credentials, and the
    /// error shows the request as [`RequestInfo`] does, without them.
    pub fn from_source(source: impl Into<BoxError>, request: RequestInfo) -> Self {
        let source = source.into();
        #[cfg(feature = "reqwest")]
        let source = match source.downcast::<::reqwest::Error>() {
            Ok(e) => Box::new(e.without_url()) as BoxError,
            Err(other) => other,
        };
        TransportError {
            kind: TransportKind::of(&*source),
            request,
            source: Some(source),
        }
    }

    /// The same failure, as `kind`.
    pub fn with_kind(mut self, kind: TransportKind) -> Self {
        self.kind = kind;
        self
    }

    /// What failed.
    pub fn kind(&self) -> TransportKind {
        self.kind
    }

    /// The request that failed.
    pub fn request(&self) -> &RequestInfo {
        &self.request
    }

    /// Whether sending the request again can succeed, and does no harm:
    ///
    /// - a connection that could not be made: always (the request never left);
    /// - a timeout, a reset, a body that broke off: only for an idempotent request
    ///   ([`RequestInfo::is_idempotent`]): the provider may have acted on it already;
    /// - anything else: never.
    pub fn is_retryable(&self) -> bool {
        match self.kind {
            TransportKind::Connect => true,
            TransportKind::Timeout | TransportKind::Reset | TransportKind::Body => {
                self.request.is_idempotent()
            }
            TransportKind::Other => false,
        }
    }
}

/// Whether a request may be sent twice: how the caller marks it.
///
/// `ByMethod`, the default, follows RFC 9110 (section 9.2.2): `GET`, `HEAD`, `OPTIONS`,
/// `TRACE`, `PUT` and `DELETE` are idempotent, `POST` and `PATCH` are not, unless the
/// request carries an `Idempotency-Key` header (the IETF draft that Stripe and others
/// implement: the provider then deduplicates). `Idempotent` and `NotIdempotent` override
/// the method: a `POST` that only reads (a search), a `PUT` with side effects.
///
/// To mark a request, put the value in its extensions: `http::Request::extensions_mut()`
/// for the `tower` layer, `reqwest_middleware::RequestBuilder::with_extension` for
/// `reqwest_retry`; with plain reqwest, whose requests have no
/// public extensions, pass it to `send_as_with`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Idempotency {
    /// By the method (RFC 9110) and the `Idempotency-Key` header.
    #[default]
    ByMethod,
    /// Safe to send twice, whatever the method.
    Idempotent,
    /// Never sent twice after it may have arrived, whatever the method: not after a timeout,
    /// a reset or a body that broke off, nor after an error response other than a rate
    /// limit (which the provider answers without acting on the request), whatever the
    /// provider says of retrying.
    NotIdempotent,
}

impl Idempotency {
    /// Whether a request with this method and these headers is idempotent.
    pub fn resolve(self, method: &Method, headers: &HeaderMap) -> bool {
        match self {
            Idempotency::Idempotent => true,
            Idempotency::NotIdempotent => false,
            Idempotency::ByMethod => {
                method.is_idempotent() || headers.contains_key("idempotency-key")
            }
        }
    }
}

/// What an error keeps of the request it belongs to: method, URL, idempotency.
///
/// Cheap to clone and small (one pointer). `Display` shows ` (GET https://host/path)`,
/// without the query string or credentials, which may hold secrets.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestInfo(Option<Arc<Known>>);

#[derive(PartialEq, Eq)]
struct Known {
    method: Method,
    url: String,
    idempotent: bool,
    /// Marked [`Idempotency::NotIdempotent`] by the caller.
    never_repeat: bool,
}

impl RequestInfo {
    /// A request the integration does not know: not idempotent.
    pub const fn unknown() -> Self {
        RequestInfo(None)
    }

    /// The request with this method, URL and headers, marked by `idempotency`.
    pub fn new(
        method: Method,
        url: impl Into<String>,
        headers: &HeaderMap,
        idempotency: Idempotency,
    ) -> Self {
        let idempotent = idempotency.resolve(&method, headers);
        RequestInfo(Some(Arc::new(Known {
            method,
            url: url.into(),
            idempotent,
            never_repeat: idempotency == Idempotency::NotIdempotent,
        })))
    }

    /// The request of an `http::Request`, marked by the [`Idempotency`] in its extensions.
    pub fn of<B>(request: &http::Request<B>) -> Self {
        let idempotency = request
            .extensions()
            .get::<Idempotency>()
            .copied()
            .unwrap_or_default();
        Self::new(
            request.method().clone(),
            request.uri().to_string(),
            request.headers(),
            idempotency,
        )
    }

    /// Whether an error response in `category` forbids sending the request again, whatever
    /// the provider says: the caller marked it [`Idempotency::NotIdempotent`], and the
    /// provider may have acted on it (any error but a rate limit, which a provider answers
    /// before doing anything).
    pub fn may_not_repeat(&self, category: Category) -> bool {
        self.0.as_ref().is_some_and(|k| k.never_repeat) && category != Category::RateLimited
    }

    /// The method, when known.
    pub fn method(&self) -> Option<&Method> {
        self.0.as_ref().map(|k| &k.method)
    }

    /// The whole URL, query included, when known.
    pub fn url(&self) -> Option<&str> {
        self.0.as_ref().map(|k| k.url.as_str())
    }

    /// The URL without credentials, query or fragment: safe for logs.
    pub fn url_for_logs(&self) -> Option<Cow<'_, str>> {
        let url = self.url()?;
        let end = url.find(['?', '#']).unwrap_or(url.len());
        let url = url.get(..end).unwrap_or(url);
        // `scheme://user:pass@host/…` (or `//user:pass@host/…`, without a scheme): drop the
        // user information of the authority.
        let split = url
            .split_once("://")
            .map(|(scheme, rest)| (url.get(..scheme.len() + 3).unwrap_or_default(), rest))
            .or_else(|| url.strip_prefix("//").map(|rest| ("//", rest)));
        if let Some((head, rest)) = split {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            if let Some(at) = rest.get(..authority_end).and_then(|a| a.rfind('@')) {
                return Some(Cow::Owned(format!(
                    "{head}{}",
                    rest.get(at + 1..).unwrap_or_default()
                )));
            }
        }
        Some(Cow::Borrowed(url))
    }

    /// Whether the request may be sent twice (see [`Idempotency`]); `false` when unknown.
    pub fn is_idempotent(&self) -> bool {
        self.0.as_ref().is_some_and(|k| k.idempotent)
    }
}

impl fmt::Debug for RequestInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            None => f.write_str("RequestInfo(unknown)"),
            Some(k) => f
                .debug_struct("RequestInfo")
                .field("method", &k.method)
                .field("url", &self.url_for_logs().unwrap_or_default())
                .field("idempotent", &k.idempotent)
                .finish(),
        }
    }
}

/// ` (GET http://host/path)`, or nothing when unknown.
impl fmt::Display for RequestInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.method(), self.url_for_logs()) {
            (Some(method), Some(url)) => write!(f, " ({method} {url})"),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(
        method: Method,
        headers: &[(&'static str, &'static str)],
        i: Idempotency,
    ) -> RequestInfo {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, http::HeaderValue::from_static(v));
        }
        RequestInfo::new(
            method,
            "https://u:p@api.example.com/v2/x?key=secret",
            &map,
            i,
        )
    }

    #[test]
    fn idempotency_follows_the_method_the_key_and_the_override() {
        use Idempotency::*;
        assert!(info(Method::GET, &[], ByMethod).is_idempotent());
        assert!(info(Method::PUT, &[], ByMethod).is_idempotent());
        assert!(info(Method::DELETE, &[], ByMethod).is_idempotent());
        assert!(!info(Method::POST, &[], ByMethod).is_idempotent());
        assert!(!info(Method::PATCH, &[], ByMethod).is_idempotent());
        assert!(info(Method::POST, &[("Idempotency-Key", "k1")], ByMethod).is_idempotent());
        assert!(info(Method::POST, &[], Idempotent).is_idempotent());
        assert!(!info(Method::GET, &[], NotIdempotent).is_idempotent());
        assert!(!RequestInfo::unknown().is_idempotent());
    }

    #[test]
    fn transport_failures_are_retryable_when_harmless() {
        let get = info(Method::GET, &[], Idempotency::ByMethod);
        let post = info(Method::POST, &[], Idempotency::ByMethod);
        for (kind, on_get, on_post) in [
            (TransportKind::Connect, true, true),
            (TransportKind::Timeout, true, false),
            (TransportKind::Reset, true, false),
            (TransportKind::Body, true, false),
            (TransportKind::Other, false, false),
        ] {
            assert_eq!(
                TransportError::new(kind, get.clone()).is_retryable(),
                on_get
            );
            assert_eq!(
                TransportError::new(kind, post.clone()).is_retryable(),
                on_post
            );
        }
    }

    #[test]
    fn the_url_in_logs_has_no_secrets() {
        let get = info(Method::GET, &[], Idempotency::ByMethod);
        assert_eq!(
            get.url_for_logs().as_deref(),
            Some("https://api.example.com/v2/x")
        );
        assert_eq!(get.to_string(), " (GET https://api.example.com/v2/x)");
        assert_eq!(
            get.url(),
            Some("https://u:p@api.example.com/v2/x?key=secret")
        );
        let plain = RequestInfo::new(
            Method::GET,
            "http://h/p?q",
            &HeaderMap::new(),
            Idempotency::ByMethod,
        );
        assert_eq!(plain.url_for_logs().as_deref(), Some("http://h/p"));
        for (url, shown) in [
            ("//user:pa55@h/x?k=1", "//h/x"),
            ("HTTPS://u@h:8443", "HTTPS://h:8443"),
            ("http://h/a@b", "http://h/a@b"),
            ("/relative/path", "/relative/path"),
        ] {
            let info = RequestInfo::new(Method::GET, url, &HeaderMap::new(), Idempotency::ByMethod);
            assert_eq!(info.url_for_logs().as_deref(), Some(shown), "{url}");
        }
    }

    #[test]
    fn the_kind_is_read_from_the_chain() {
        let io = |k| std::io::Error::new(k, "x");
        use std::io::ErrorKind as K;
        assert_eq!(
            TransportKind::of(&io(K::ConnectionRefused)),
            TransportKind::Connect
        );
        assert_eq!(TransportKind::of(&io(K::TimedOut)), TransportKind::Timeout);
        assert_eq!(
            TransportKind::of(&io(K::ConnectionReset)),
            TransportKind::Reset
        );
        assert_eq!(TransportKind::of(&io(K::Other)), TransportKind::Other);
        let wrapped = TransportError::from_source(io(K::ConnectionReset), RequestInfo::unknown());
        assert_eq!(TransportKind::of(&wrapped), TransportKind::Reset);
        assert!(
            wrapped
                .to_string()
                .starts_with("connection closed before a response: x")
        );
    }

    #[test]
    fn the_texts_and_sources_of_a_failed_call() {
        use std::error::Error as _;
        #[derive(Debug)]
        struct Api;
        impl fmt::Display for Api {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("Attio 429 rate_limit_exceeded")
            }
        }
        let get = || info(Method::GET, &[], Idempotency::ByMethod);
        let timeout = std::io::Error::new(std::io::ErrorKind::TimedOut, "deadline passed");

        let with_source = TransportError::from_source(timeout, get());
        assert_eq!(
            with_source.to_string(),
            "timed out: deadline passed (GET https://api.example.com/v2/x)"
        );
        let source = with_source.source().map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("deadline passed"));

        let bare = TransportError::new(TransportKind::Connect, RequestInfo::unknown());
        assert_eq!(bare.to_string(), "could not connect: no detail");
        assert!(bare.source().is_none());

        let api = CallError::Api {
            error: Api,
            request: get(),
        };
        assert_eq!(
            api.to_string(),
            "Attio 429 rate_limit_exceeded (GET https://api.example.com/v2/x)"
        );
        assert!(api.source().is_none());
        assert_eq!(
            CallError::api(Api).to_string(),
            "Attio 429 rate_limit_exceeded"
        );

        // A transport failure is transparent: its text and its source are the failure's.
        let transport = CallError::<Api>::Transport(with_source);
        assert_eq!(
            transport.to_string(),
            "timed out: deadline passed (GET https://api.example.com/v2/x)"
        );
        let source = transport.source().map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("deadline passed"));
    }
}
