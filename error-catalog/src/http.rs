//! From an [`http::Response`] whose body is in memory to a catalog error.
//!
//! Always available: `http` is a dependency of the runtime either way (the `http` feature is a
//! no-op kept for `features = ["http"]`). [`Headers`](crate::Headers) is implemented for
//! [`http::HeaderMap`], so `E::from_response(status, response.headers(), body)` works too;
//! this module saves taking the response apart.
//!
//! ```
//! # use error_catalog::{FromResponse, Headers};
//! # #[derive(Debug)]
//! # struct ApiError { status: u16, retry_after: Option<String> }
//! # impl FromResponse for ApiError {
//! #     fn from_response<H: Headers>(status: u16, headers: H, _body: &[u8]) -> Self {
//! #         ApiError { status, retry_after: headers.header("retry-after").map(str::to_owned) }
//! #     }
//! # }
//! use error_catalog::http::ResponseExt;
//!
//! let response = http::Response::builder()
//!     .status(429)
//!     .header("Retry-After", "2")
//!     .body(r#"{"code":"rate_limited"}"#)
//!     .unwrap();
//! // With the derive, `ApiError` is a generated enum such as `AttioError`.
//! let err = response.error_for_status_ref_as::<ApiError>().unwrap_err();
//! assert_eq!(err.status, 429);
//! assert_eq!(err.retry_after.as_deref(), Some("2"));
//!
//! let ok = http::Response::builder().status(200).body("fine").unwrap();
//! assert_eq!(*ok.error_for_status_as::<ApiError>().unwrap().body(), "fine");
//! ```

use crate::FromResponse;

/// Classifies a response, whatever its status: `E::from_response(status, headers, body)`.
///
/// Total, like `from_response`. A generated enum built from a success status says so (not
/// retryable, with a hint to check the status first); to turn only error statuses into
/// errors, use [`ResponseExt`].
pub fn from_response<E: FromResponse, B: AsRef<[u8]>>(response: &::http::Response<B>) -> E {
    E::from_response(
        response.status().as_u16(),
        response.headers(),
        response.body().as_ref(),
    )
}

/// `error_for_status` for [`http::Response`], yielding a catalog error.
///
/// Mirrors reqwest's `Response::error_for_status`: a client error (4xx) or server error (5xx)
/// becomes `Err(E)`; every other status (1xx, 2xx, 3xx) passes through untouched. The whole
/// body is handed to `E`; bodies longer than [`MAX_PARSED_BODY`](crate::MAX_PARSED_BODY) are
/// kept but not parsed.
///
/// Sealed: implemented for `http::Response<B>` where `B: AsRef<[u8]>` (`String`, `Vec<u8>`,
/// `bytes::Bytes`, `&str`, `&[u8]`, …).
pub trait ResponseExt: Sized + sealed::Sealed {
    /// The response itself unless its status is a client or server error (400 to 599),
    /// else the error it carries.
    fn error_for_status_as<E: FromResponse>(self) -> Result<Self, E>;

    /// Like [`error_for_status_as`](ResponseExt::error_for_status_as), by reference.
    fn error_for_status_ref_as<E: FromResponse>(&self) -> Result<&Self, E>;
}

impl<B: AsRef<[u8]>> ResponseExt for ::http::Response<B> {
    fn error_for_status_as<E: FromResponse>(self) -> Result<Self, E> {
        match self.error_for_status_ref_as::<E>() {
            Ok(_) => Ok(self),
            Err(e) => Err(e),
        }
    }

    fn error_for_status_ref_as<E: FromResponse>(&self) -> Result<&Self, E> {
        if is_error_status(self.status()) {
            Err(from_response(self))
        } else {
            Ok(self)
        }
    }
}

/// reqwest's rule for `error_for_status`: client and server errors are errors.
pub(crate) fn is_error_status(status: ::http::StatusCode) -> bool {
    status.is_client_error() || status.is_server_error()
}

mod sealed {
    pub trait Sealed {}
    impl<B: AsRef<[u8]>> Sealed for ::http::Response<B> {}
}

#[cfg(test)]
mod tests {
    use super::{ResponseExt, from_response};
    use crate::{FromResponse, Headers};

    /// Records what it was built from.
    #[derive(Debug, PartialEq)]
    struct Seen {
        status: u16,
        retry_after: Option<String>,
        body: Vec<u8>,
    }

    impl FromResponse for Seen {
        fn from_response<H: Headers>(status: u16, headers: H, body: &[u8]) -> Self {
            Seen {
                status,
                retry_after: headers.header("Retry-After").map(str::to_owned),
                body: body.to_vec(),
            }
        }
    }

    fn response(status: u16, body: &'static str) -> http::Response<&'static str> {
        let mut r = http::Response::new(body);
        *r.status_mut() = http::StatusCode::from_u16(status).expect("valid test status");
        r.headers_mut()
            .insert("retry-after", http::HeaderValue::from_static("7"));
        r
    }

    #[test]
    fn status_headers_and_body_reach_the_error() {
        let seen: Seen = from_response(&response(503, "<html>down</html>"));
        assert_eq!(
            seen,
            Seen {
                status: 503,
                retry_after: Some("7".into()),
                body: b"<html>down</html>".to_vec(),
            }
        );
    }

    #[test]
    fn only_client_and_server_errors_are_errors() {
        for status in [100, 200, 204, 301, 304, 399] {
            let r = response(status, "ok");
            assert!(r.error_for_status_ref_as::<Seen>().is_ok(), "{status}");
            let r = r.error_for_status_as::<Seen>().expect("passes through");
            assert_eq!(r.status().as_u16(), status);
            assert_eq!(*r.body(), "ok", "the body is untouched");
        }
        for status in [400, 409, 429, 499, 500, 503, 599] {
            let err = response(status, "{}")
                .error_for_status_as::<Seen>()
                .expect_err("an error status");
            assert_eq!(err.status, status);
            assert_eq!(err.body, b"{}");
        }
    }

    #[test]
    fn any_in_memory_body_works() {
        let bytes = http::Response::new(bytes::Bytes::from_static(b"x"));
        let vec = http::Response::new(vec![b'y']);
        let string = http::Response::new(String::from("z"));
        assert_eq!(from_response::<Seen, _>(&bytes).body, b"x");
        assert_eq!(from_response::<Seen, _>(&vec).body, b"y");
        assert_eq!(from_response::<Seen, _>(&string).body, b"z");
    }
}
