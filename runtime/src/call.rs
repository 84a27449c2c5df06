//! One call on the wire: per-call options, the request as sent (retried when the client's
//! policy allows), and the response read whole or as a stream.

use std::fmt;
use std::time::Duration;

use super::error::TransportError;
use super::response::RawResponse;

/// Options a caller sets on one call: extra headers and a timeout of its own.
#[derive(Default, Clone)]
pub struct CallOptions {
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
}

impl CallOptions {
    /// Adds a header to the call; it replaces a header of the same name the operation sets.
    pub fn header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers.push((name.into(), value.into()));
    }

    /// Gives up on the call after `timeout` (instead of the client's timeout).
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// The request with these options applied. An invalid header name or value makes sending
    /// fail with [`TransportErrorKind::Request`](super::TransportErrorKind::Request).
    pub fn apply(self, mut request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        for (name, value) in self.headers {
            match (reqwest::header::HeaderName::from_bytes(name.as_bytes()), reqwest::header::HeaderValue::from_str(&value)) {
                (Ok(name), Ok(value)) => {
                    let mut one = reqwest::header::HeaderMap::new();
                    one.insert(name, value);
                    // `headers` replaces what the operation set under the same name.
                    request = request.headers(one);
                }
                _ => request = request.header(name.as_str(), value.as_str()),
            }
        }
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        request
    }
}

/// Header values may be credentials: only the names are shown.
impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallOptions")
            .field("headers", &self.headers.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Builds the request and sends it. A POST, PUT or PATCH without a body says
/// `Content-Length: 0` (hyper leaves the header out, and servers may answer 411 Length Required).
pub fn prepare(request: reqwest::RequestBuilder) -> Result<(reqwest::Client, reqwest::Request), TransportError> {
    let (http, request) = request.build_split();
    let mut request = request.map_err(TransportError::from_reqwest)?;
    let needs_length = matches!(*request.method(), reqwest::Method::POST | reqwest::Method::PUT | reqwest::Method::PATCH);
    if needs_length && request.body().is_none() {
        request.headers_mut().insert(reqwest::header::CONTENT_LENGTH, reqwest::header::HeaderValue::from_static("0"));
    }
    Ok((http, request))
}

/// Reads a whole response.
pub async fn read(mut response: reqwest::Response) -> Result<RawResponse, TransportError> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let body = response.bytes().await.map_err(TransportError::from_reqwest)?;
    // Reuses the buffer when reqwest holds the only reference to it (the usual case).
    Ok(RawResponse { status, headers, body: Vec::from(body) })
}

/// A response body handed over as it arrives, so a large download never sits in memory whole.
pub struct ByteStream {
    response: reqwest::Response,
}

impl ByteStream {
    /// Wraps a response whose body has not been read.
    pub fn new(response: reqwest::Response) -> Self {
        ByteStream { response }
    }

    /// The next piece of the body, or `None` at its end.
    pub async fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, TransportError> {
        self.response.chunk().await.map_err(TransportError::from_reqwest)
    }

    /// The body's length, when the server announced it.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }
}

/// The response's URL may carry credentials: it is not shown.
impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("content_length", &self.content_length()).finish_non_exhaustive()
    }
}
