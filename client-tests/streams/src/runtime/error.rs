//! Everything that can go wrong with a call, shown without URLs, query strings or credentials.

use std::fmt;

use super::response::{request_id, RawResponse};

/// Why the client could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// A server URL is not an absolute `http` or `https` URL.
    InvalidUrl(String),
    /// reqwest could not set up its client (TLS roots, resolver).
    Http(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidUrl(url) => write!(f, "invalid server URL {url:?}: expected an absolute http(s) URL"),
            BuildError::Http(e) => write!(f, "cannot build the HTTP client: {e}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// Everything that can go wrong with a call; `E` holds the error bodies the operation declares.
///
/// Neither `Debug` nor `Display` shows request URLs, query strings or credentials.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// No response: the connection was refused, timed out, or broke off.
    Transport(TransportError),
    /// The server answered with a status the operation does not treat as success.
    Status(Box<ResponseError<E>>),
    /// The server answered with success, but the body is not what the spec describes.
    Decode(Box<DecodeError>),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Transport(_) => None,
            Error::Status(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
        }
    }

    /// LINE's `x-line-request-id` header, when the server answered with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Transport(_) => None,
            Error::Status(e) => e.request_id(),
            Error::Decode(e) => e.request_id(),
        }
    }

    /// How long the server asked to wait before trying again (`Retry-After` on a 429 or 503),
    /// when it answered with one. A call the server asked to wait longer than the retry policy
    /// allows comes back at once, with this set.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            Error::Status(e) => e.retry_after(),
            Error::Transport(_) | Error::Decode(_) => None,
        }
    }

    /// The raw response body, when the server answered.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Transport(_) => None,
            Error::Status(e) => Some(&e.body),
            Error::Decode(e) => Some(&e.body),
        }
    }

    /// The same error with its decoded error body turned into another type: errors of
    /// different operations (or, in an SDK of several crates sharing one runtime, of different
    /// crates) become one type to return with `?` and handle in one `match`.
    pub fn map_entity<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Transport(e) => Error::Transport(e),
            Error::Status(e) => Error::Status(Box::new(e.map_entity(f))),
            Error::Decode(e) => Error::Decode(e),
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(e) => fmt::Display::fmt(e, f),
            Error::Status(e) => write!(f, "{e}"),
            Error::Decode(e) => fmt::Display::fmt(e, f),
        }
    }
}

/// `Display` already shows the whole story (the transport error's causes included), so there is
/// no `source`: error reporters that walk sources would print every cause twice.
impl<E: fmt::Debug> std::error::Error for Error<E> {}

impl<E> From<TransportError> for Error<E> {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The timeout elapsed (the call's, the client's, or one set on your own `reqwest::Client`).
    Timeout,
    /// No connection could be made (refused, DNS, TLS handshake).
    Connect,
    /// The connection broke while sending or reading.
    Io,
    /// The request could not be built (an invalid header value, say).
    Request,
    /// The response body is larger than the client's response size limit; it was not read.
    TooLarge,
    /// The client's token source failed or did not answer in time, so the request was not sent.
    /// The source's own error is part of the message (the token itself never is).
    Credentials,
}

/// Where in the exchange a transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before a response head arrived.
    Request,
    /// While reading the body of a response whose head had arrived.
    Body,
}

/// A request that got no (complete) response. The URL is never kept: it may hold credentials.
pub struct TransportError {
    kind: TransportErrorKind,
    phase: Phase,
    /// What the runtime itself knows (the timeout that elapsed, the limit that was exceeded).
    detail: Option<String>,
    source: Option<reqwest::Error>,
    /// A token source's error, shared by every call that waited for the same refresh.
    cause: Option<std::sync::Arc<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    /// Classifies a reqwest error from sending a request, and drops its URL.
    pub fn from_reqwest(e: reqwest::Error) -> Self {
        let kind = if e.is_timeout() {
            TransportErrorKind::Timeout
        } else if e.is_connect() {
            TransportErrorKind::Connect
        } else if e.is_builder() {
            TransportErrorKind::Request
        } else {
            TransportErrorKind::Io
        };
        TransportError { kind, phase: Phase::Request, detail: None, source: Some(e.without_url()), cause: None }
    }

    /// A reqwest error from reading a response body (cut off, reset, timed out).
    pub fn reading_body(e: reqwest::Error) -> Self {
        TransportError { phase: Phase::Body, ..Self::from_reqwest(e) }
    }

    /// The call's own deadline passed before a response arrived (`body` false) or while its body
    /// was being read (`body` true).
    pub fn timed_out(after: std::time::Duration, body: bool) -> Self {
        let phase = if body { Phase::Body } else { Phase::Request };
        Self::timeout(phase, format!("the call's timeout of {after:?} elapsed"))
    }

    /// No piece of a streamed body arrived for `idle` (the timeout of the call that started it).
    pub fn stalled(idle: std::time::Duration) -> Self {
        Self::timeout(Phase::Body, format!("nothing arrived for {idle:?}, the call's timeout"))
    }

    fn timeout(phase: Phase, detail: String) -> Self {
        TransportError { kind: TransportErrorKind::Timeout, phase, detail: Some(detail), source: None, cause: None }
    }

    /// A body over the response size limit of `limit` bytes (`announced`: its `Content-Length`).
    pub fn too_large(limit: usize, announced: Option<u64>) -> Self {
        let size = match announced {
            Some(length) => format!("{length} bytes announced"),
            None => "more arrived".to_string(),
        };
        TransportError {
            kind: TransportErrorKind::TooLarge,
            phase: Phase::Body,
            detail: Some(format!(
                "{size}, over the response size limit of {limit} bytes (raise it with ClientBuilder::max_response_size)"
            )),
            source: None,
            cause: None,
        }
    }

    /// The client's token source failed with `cause`.
    pub fn credentials(cause: std::sync::Arc<dyn std::error::Error + Send + Sync>) -> Self {
        TransportError {
            kind: TransportErrorKind::Credentials,
            phase: Phase::Request,
            detail: Some("the token source failed".to_string()),
            source: None,
            cause: Some(cause),
        }
    }

    /// The client's token source did not answer within `wait` (the client's timeout).
    pub fn credentials_timed_out(wait: std::time::Duration) -> Self {
        TransportError {
            kind: TransportErrorKind::Credentials,
            phase: Phase::Request,
            detail: Some(format!("the token source did not answer within {wait:?}, the client's timeout")),
            source: None,
            cause: None,
        }
    }

    /// What kind of failure it was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }

    /// Whether the client's token source failed (or did not answer), so nothing was sent.
    pub fn is_credentials(&self) -> bool {
        self.kind == TransportErrorKind::Credentials
    }

    /// Whether the response head had arrived and its body was being read when this happened.
    pub fn is_body(&self) -> bool {
        self.phase == Phase::Body
    }

    /// Whether sending the request again may succeed where this attempt failed: no response
    /// arrived (no connection, the connection closed, reset or broke, a timeout of the HTTP
    /// client's own), or the body was cut off. Not a request that cannot be built, a body over
    /// the limit, or the call's own deadline (no time is left for another attempt).
    pub(crate) fn is_transient(&self) -> bool {
        match self.kind {
            TransportErrorKind::Connect => true,
            // A redirect loop is not going to end on the next attempt.
            TransportErrorKind::Io => !self.source.as_ref().is_some_and(reqwest::Error::is_redirect),
            TransportErrorKind::Timeout => self.detail.is_none(),
            TransportErrorKind::Request | TransportErrorKind::TooLarge | TransportErrorKind::Credentials => false,
        }
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("message", &self.to_string())
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match (self.kind, self.phase) {
            (TransportErrorKind::Timeout, Phase::Request) => "request timed out",
            (TransportErrorKind::Timeout, Phase::Body) => "timed out reading the response body",
            (TransportErrorKind::Connect, _) => "could not connect",
            (TransportErrorKind::Io, Phase::Request) => "connection failed",
            (TransportErrorKind::Io, Phase::Body) => "connection failed reading the response body",
            (TransportErrorKind::Request, _) => "could not build the request",
            (TransportErrorKind::TooLarge, _) => "response body too large",
            (TransportErrorKind::Credentials, _) => "no credential to send",
        };
        f.write_str(what)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        if let Some(cause) = &self.cause {
            write!(f, ": {cause}")?;
            let mut next = cause.source();
            while let Some(c) = next {
                write!(f, ": {c}")?;
                next = c.source();
            }
        }
        let Some(source) = &self.source else { return Ok(()) };
        // reqwest's own words for a body error ("error decoding response body") would contradict
        // the kind: the causes below it say what happened.
        if self.phase == Phase::Request || !(source.is_decode() || source.is_body()) {
            write!(f, ": {source}")?;
        }
        let mut cause = std::error::Error::source(source);
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {}

/// A response with a status the operation does not treat as success.
#[non_exhaustive]
pub struct ResponseError<E> {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body exactly as received.
    pub body: Vec<u8>,
    /// The body decoded as the spec declares for this status, if it declares one and it decoded.
    pub entity: Option<E>,
}

impl<E> ResponseError<E> {
    /// The same response with its decoded body turned into another type.
    pub fn map_entity<F>(self, f: impl FnOnce(E) -> F) -> ResponseError<F> {
        ResponseError { status: self.status, headers: self.headers, body: self.body, entity: self.entity.map(f) }
    }

    /// LINE's `x-line-request-id` header, when present.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// The wait the response's `Retry-After` header asks for (whole seconds, or an HTTP-date
    /// counted from now; a past date is no wait), when it has a readable one.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        super::retry::retry_after(&self.headers, std::time::SystemTime::now())
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl<E: fmt::Debug> fmt::Debug for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseError")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("body", &Excerpt(&self.body))
            .field("entity", &self.entity)
            .finish()
    }
}

impl<E> fmt::Display for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(id) = self.request_id() {
            write!(f, " (x-line-request-id {id})")?;
        }
        if !self.body.is_empty() {
            write!(f, ": {}", Excerpt(&self.body))?;
        }
        Ok(())
    }
}

/// A success response whose body did not decode.
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status (a 2xx).
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body exactly as received.
    pub body: Vec<u8>,
    /// What was wrong, without quoting values from the body (they may be credentials).
    pub detail: String,
}

impl DecodeError {
    pub(crate) fn new(raw: RawResponse, e: &serde_json::Error) -> Self {
        DecodeError {
            status: raw.status,
            headers: raw.headers,
            body: raw.body,
            detail: describe_json_error(e),
        }
    }

    /// LINE's `x-line-request-id` header, when present.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("body_len", &self.body.len())
            .field("detail", &self.detail)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} response body could not be decoded: {}", self.status, self.detail)?;
        if let Some(id) = self.request_id() {
            write!(f, " (x-line-request-id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// serde_json's message with quoted values removed: a token in the body must not reach a log.
pub(crate) fn describe_json_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) => {
                out.push_str("\"…\"");
                quoted = true;
            }
            ('"', true) => quoted = false,
            // serde_json quotes values with `Debug`, which escapes a `"` inside them.
            ('\\', true) => {
                chars.next();
            }
            (c, false) => out.push(c),
            (_, true) => {}
        }
    }
    out
}

/// At most 512 bytes of a body, as text.
struct Excerpt<'a>(&'a [u8]);

impl fmt::Debug for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl fmt::Display for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 512;
        let text = String::from_utf8_lossy(self.0.get(..LIMIT).unwrap_or(self.0));
        f.write_str(text.trim_end())?;
        if self.0.len() > LIMIT {
            write!(f, "… ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod map_tests {
    use super::*;

    #[test]
    fn map_entity_keeps_the_response_and_turns_the_body() {
        let e: Error<u8> = Error::Status(Box::new(ResponseError {
            status: reqwest::StatusCode::BAD_REQUEST,
            headers: reqwest::header::HeaderMap::new(),
            body: b"{}".to_vec(),
            entity: Some(7),
        }));
        let mapped: Error<String> = e.map_entity(|n| format!("code {n}"));
        match mapped {
            Error::Status(r) => {
                assert_eq!((r.status.as_u16(), r.body.as_slice(), r.entity.as_deref()), (400, &b"{}"[..], Some("code 7")));
            }
            other => panic!("{other:?}"),
        }
        let t: Error<u8> = Error::Transport(TransportError::timed_out(std::time::Duration::from_secs(1), false));
        assert!(matches!(t.map_entity(|n| n.to_string()), Error::Transport(e) if e.is_timeout()));
    }
}
