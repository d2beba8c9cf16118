//! `ProblemDetails` and [`Gateway`] as axum responses (feature `axum`: `axum-core`'s
//! `IntoResponse`, which axum re-exports).

use axum_core::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

use crate::{CallError, NormalizedError, ProblemDetails, TransportError};

/// `application/problem+json` with the problem's status, and a `Retry-After` header
/// (delta-seconds) when `retry_after` is set. A status HTTP does not define (a provider's
/// `42` or `999`) goes out as 502 Bad Gateway, in the body too: RFC 9457 has the body's
/// `status` match the response's.
impl IntoResponse for ProblemDetails {
    fn into_response(mut self) -> Response {
        let status = match StatusCode::from_u16(self.status) {
            Ok(status) if (100..=599).contains(&self.status) => status,
            _ => {
                self.status = StatusCode::BAD_GATEWAY.as_u16();
                StatusCode::BAD_GATEWAY
            }
        };
        let retry_after = self.retry_after;
        let mut response = (status, self.to_json()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// An upstream error on its way to your own caller: the [gateway
/// view](ProblemDetails::gateway) of it, the full error left in the logs.
///
/// Return it from an axum handler; `?` converts a catalog error, a [`CallError`] or a
/// [`TransportError`]. The conversion records the whole error first (with the `tracing`
/// feature: [`tracing::record`](crate::tracing::record) or
/// [`record_call`](crate::tracing::record_call), with the code, category and request id;
/// the message is the error's `Display`), then keeps only what the caller can act on.
///
/// ```ignore
/// async fn show(State(client): State<Client>) -> Result<String, Gateway> {
///     let response = client.get(url).send_as::<AttioError>().await?; // an upstream 401 → 502
///     Ok(response.text().await.map_err(CallError::<AttioError>::from)?)
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gateway(Box<ProblemDetails>);

impl Gateway {
    /// The problem your caller gets.
    pub fn problem(&self) -> &ProblemDetails {
        &self.0
    }

    /// The problem, by value.
    pub fn into_problem(self) -> ProblemDetails {
        *self.0
    }
}

impl<E: NormalizedError> From<E> for Gateway {
    fn from(error: E) -> Self {
        #[cfg(feature = "tracing")]
        crate::tracing::record(&error);
        Gateway(Box::new(ProblemDetails::gateway(&error)))
    }
}

impl<E: NormalizedError> From<CallError<E>> for Gateway {
    fn from(error: CallError<E>) -> Self {
        #[cfg(feature = "tracing")]
        crate::tracing::record_call(&error);
        match &error {
            CallError::Api { error, .. } => Gateway(Box::new(ProblemDetails::gateway(error))),
            CallError::Transport(t) => Gateway(Box::new(ProblemDetails::gateway_transport(t))),
        }
    }
}

impl From<TransportError> for Gateway {
    fn from(error: TransportError) -> Self {
        Gateway::from(CallError::<crate::DynError>::Transport(error))
    }
}

impl IntoResponse for Gateway {
    fn into_response(self) -> Response {
        (*self.0).into_response()
    }
}
