//! The axum extractor: a handler that takes [`Webhook<R>`] runs only for a delivery the
//! receiver `R` (from the router's state) verified and decoded.

use ::axum::extract::{FromRef, FromRequest, Request};
use ::axum::response::{IntoResponse, Response};
use http_body_util::BodyExt as _;

use super::{Receive, WebhookError};

/// A verified, decoded delivery for the receiver `R`. Extracting it reads the raw body (at most
/// the receiver's limit), checks the signature with the keys of the `R` in the router's state
/// (`R: FromRef<S>`), and decodes the body; otherwise the request is answered with 401 (no or
/// wrong signature), 413 (body over the limit) or 400 (not the declared JSON) and the handler
/// does not run. Put it last among the handler's arguments: it consumes the body.
#[derive(Debug, Clone)]
pub struct Webhook<R: Receive>(pub R::Body);

/// Why [`Webhook`] refused a request; it answers with [`WebhookError::status`] and the error's
/// message as text, which names no key, signature or body content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookRejection(pub WebhookError);

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        let status = http::StatusCode::from_u16(self.0.status()).unwrap_or(http::StatusCode::BAD_REQUEST);
        (status, self.0.to_string()).into_response()
    }
}

impl std::fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for WebhookRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl<S, R> FromRequest<S> for Webhook<R>
where
    S: Send + Sync,
    R: Receive + FromRef<S> + Send,
{
    type Rejection = WebhookRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let receiver = R::from_ref(state);
        let limit = receiver.body_limit();
        let (parts, body) = req.into_parts();
        // A declared length over the limit is refused before a byte is read.
        let declared = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > u64::try_from(limit).unwrap_or(u64::MAX)) {
            return Err(WebhookRejection(WebhookError::TooLarge { limit }));
        }
        let bytes = match http_body_util::Limited::new(body, limit).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
                return Err(WebhookRejection(WebhookError::TooLarge { limit }));
            }
            Err(_) => return Err(WebhookRejection(WebhookError::Read)),
        };
        receiver.receive(&parts.headers, &bytes).map(Webhook).map_err(WebhookRejection)
    }
}
