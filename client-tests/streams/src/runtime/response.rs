//! A response as received, and a successful one as returned to the caller.

use super::error::{DecodeError, Error, ResponseError};

/// The response header LINE sets on every reply; quote it when you contact LINE support.
pub const REQUEST_ID_HEADER: &str = "x-line-request-id";

/// A response as received, before decoding.
pub struct RawResponse {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The whole body.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// Decodes the body as JSON, ignoring a leading UTF-8 byte order mark (RFC 8259 §8.1 lets
    /// a parser ignore one; serde_json does not).
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        let json = self.body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&self.body);
        serde_json::from_slice(json)
    }

    /// Decodes a successful JSON body.
    pub fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<ApiResponse<T>, Error<E>> {
        match self.decode() {
            Ok(data) => Ok(self.with(data)),
            Err(e) => Err(Error::Decode(Box::new(DecodeError::new(self, &e)))),
        }
    }

    /// Keeps a successful body as text.
    pub fn text<E>(self) -> Result<ApiResponse<String>, Error<E>> {
        let RawResponse { status, headers, body } = self;
        match String::from_utf8(body) {
            Ok(text) => Ok(ApiResponse { status, headers, data: text }),
            Err(e) => Err(Error::Decode(Box::new(DecodeError {
                status,
                headers,
                body: e.into_bytes(),
                detail: "the body is not UTF-8 text".into(),
            }))),
        }
    }

    /// Keeps a successful body as bytes.
    pub fn into_bytes(self) -> ApiResponse<Vec<u8>> {
        ApiResponse { status: self.status, headers: self.headers, data: self.body }
    }

    /// The status and headers with `data` as the body.
    pub fn with<T>(self, data: T) -> ApiResponse<T> {
        ApiResponse { status: self.status, headers: self.headers, data }
    }

    /// Turns a non-success response into an error, decoding the body the spec declares for it.
    pub fn into_error<E>(self, entity: Option<E>) -> Error<E> {
        Error::Status(Box::new(ResponseError {
            status: self.status,
            headers: self.headers,
            body: self.body,
            entity,
        }))
    }
}

/// A successful response: the decoded body with the status and headers it came with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The HTTP status (a 2xx).
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The decoded body.
    pub data: T,
}

impl<T> ApiResponse<T> {
    /// A response with `data` as its body (for tests and mocks of code that takes one).
    pub fn new(status: reqwest::StatusCode, headers: reqwest::header::HeaderMap, data: T) -> Self {
        ApiResponse { status, headers, data }
    }

    /// LINE's `x-line-request-id` header, when present.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// The decoded body.
    pub fn into_data(self) -> T {
        self.data
    }
}

/// The `x-line-request-id` header of a response, when it is present and text.
pub(crate) fn request_id(headers: &reqwest::header::HeaderMap) -> Option<&str> {
    headers.get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok())
}
