//! One call on the wire: per-call options, the request as sent (retried when the client's
//! policy allows), and the response read whole (up to a size limit) or as a stream.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::Body as _;

use super::error::{Error, TransportError};
use super::response::RawResponse;

/// The future of one call: awaited, it sends the request and decodes the answer. Every
/// operation's call values (`.send()`, `.with_http_info()`, `.stream()`, and `.await` on the
/// call itself) resolve through one of these.
pub type CallFuture<'a, T, E> = Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send + 'a>>;

/// What a call sends and waits for, before its operation decodes the answer: the same for
/// every operation, so it is compiled once.
pub type Exchange<'a, O> = Pin<Box<dyn Future<Output = Result<O, TransportError>> + Send + 'a>>;

/// A call's future made of the exchange every operation shares and the operation's own
/// decoding, a plain function: an operation adds no async code of its own.
pub fn call<'a, O: 'a, T: 'a, E: 'a>(exchange: Exchange<'a, O>, decode: fn(O) -> Result<T, Error<E>>) -> CallFuture<'a, T, E> {
    Box::pin(Decoded { exchange, decode })
}

/// The future [`call`] returns: the exchange, then `decode` over its answer.
struct Decoded<'a, O, T, E> {
    exchange: Exchange<'a, O>,
    decode: fn(O) -> Result<T, Error<E>>,
}

impl<O, T, E> Future for Decoded<'_, O, T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.exchange.as_mut().poll(cx) {
            Poll::Ready(Ok(answer)) => Poll::Ready((self.decode)(answer)),
            Poll::Ready(Err(e)) => Poll::Ready(Err(Error::Transport(e))),
            Poll::Pending => Poll::Pending,
        }
    }
}

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

    /// Gives up on the call after `timeout` (instead of the client's timeout). It travels on the
    /// request as reqwest's timeout, and [`fetch`](super::fetch) turns it into the deadline of the
    /// whole call.
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

/// Reads a whole response, however large.
pub async fn read(response: reqwest::Response) -> Result<RawResponse, TransportError> {
    read_limited(response, None).await
}

/// Reads a whole response, refusing a body over `limit` bytes: at once when its `Content-Length`
/// says so, and otherwise as soon as more than `limit` bytes have arrived, so that no more than
/// `limit` bytes are ever held.
pub async fn read_limited(mut response: reqwest::Response, limit: Option<usize>) -> Result<RawResponse, TransportError> {
    let announced = response.content_length();
    if let (Some(limit), Some(length)) = (limit, announced) {
        if u64::try_from(limit).is_ok_and(|limit| length > limit) {
            return Err(TransportError::too_large(limit, Some(length)));
        }
    }
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let mut body: Vec<u8> = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(TransportError::reading_body)? {
        if let Some(limit) = limit {
            if chunk.len() > limit.saturating_sub(body.len()) {
                return Err(TransportError::too_large(limit, None));
            }
        }
        if body.is_empty() {
            // Reuses the buffer when reqwest holds the only reference to it (the usual case:
            // a small body arrives in one piece).
            body = Vec::from(chunk);
        } else {
            body.extend_from_slice(&chunk);
        }
    }
    Ok(RawResponse { status, headers, body })
}

/// A response body handed over as it arrives, so a large download never sits in memory whole.
///
/// Read it piece by piece with [`next_chunk`](Self::next_chunk), as a
/// [`futures_core::Stream`] of `Result<Bytes, TransportError>` (with `futures`' `StreamExt`), or
/// as a [`tokio::io::AsyncRead`], which saves it to a file in one line (tokio's `fs` and
/// `io-util` features):
///
/// ```no_run
/// # async fn save(mut download: impl tokio::io::AsyncRead + Unpin) -> std::io::Result<()> {
/// let mut file = tokio::fs::File::create("content.jpg").await?;
/// tokio::io::copy(&mut download, &mut file).await?;
/// # Ok(())
/// # }
/// ```
///
/// The download as a whole has no deadline (it may take longer than the call's timeout), but
/// each piece must arrive within the timeout of the call that started it; otherwise reading
/// fails with [`TransportErrorKind::Timeout`](super::TransportErrorKind::Timeout) (as an
/// `AsyncRead`, an `io::Error` of kind `TimedOut` wrapping the [`TransportError`]).
pub struct ByteStream {
    body: reqwest::Body,
    content_length: Option<u64>,
    idle: Option<Duration>,
    /// The deadline of the piece being waited for, made when the first piece is awaited.
    stall: Option<Pin<Box<tokio::time::Sleep>>>,
    /// Whether `stall` counts down for the piece being waited for (not an earlier one).
    waiting: bool,
    /// What an `AsyncRead` caller's buffer had no room for, handed out first.
    leftover: Bytes,
    finished: bool,
}

impl ByteStream {
    /// Wraps a response whose body has not been read; waits for each piece as long as it takes.
    pub fn new(response: reqwest::Response) -> Self {
        Self::with_idle_timeout(response, None)
    }

    /// Wraps a response whose body has not been read; gives up when no piece arrives for `idle`.
    pub fn with_idle_timeout(response: reqwest::Response, idle: Option<Duration>) -> Self {
        ByteStream {
            content_length: response.content_length(),
            body: reqwest::Body::from(response),
            idle,
            stall: None,
            waiting: false,
            leftover: Bytes::new(),
            finished: false,
        }
    }

    /// The next piece of the body, or `None` at its end.
    pub async fn next_chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        std::future::poll_fn(|cx| self.poll_piece(cx)).await.transpose()
    }

    /// The body's length, when the server announced it.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The next non-empty piece, `None` at the end; after an error, the end.
    pub(crate) fn poll_piece(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, TransportError>>> {
        if !self.leftover.is_empty() {
            return Poll::Ready(Some(Ok(std::mem::take(&mut self.leftover))));
        }
        if self.finished {
            return Poll::Ready(None);
        }
        while let Poll::Ready(frame) = Pin::new(&mut self.body).poll_frame(cx) {
            match frame {
                // Trailers and empty pieces are skipped: an empty read means the end to `AsyncRead`.
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) if !data.is_empty() => {
                        self.waiting = false;
                        return Poll::Ready(Some(Ok(data)));
                    }
                    _ => {}
                },
                Some(Err(e)) => {
                    self.finished = true;
                    return Poll::Ready(Some(Err(TransportError::reading_body(e))));
                }
                None => {
                    self.finished = true;
                    return Poll::Ready(None);
                }
            }
        }
        let Some(idle) = self.idle else { return Poll::Pending };
        let deadline = tokio::time::Instant::now() + idle;
        let stall = self.stall.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if !self.waiting {
            // One timer for the whole download, moved to each piece's deadline.
            stall.as_mut().reset(deadline);
            self.waiting = true;
        }
        match stall.as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.finished = true;
                Poll::Ready(Some(Err(TransportError::stalled(idle))))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_piece(cx)
    }
}

/// Each read copies from one piece; what does not fit waits for the next read, so memory stays
/// at one piece however large the body.
impl tokio::io::AsyncRead for ByteStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut tokio::io::ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        match this.poll_piece(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) => Poll::Ready(Ok(())),
            Poll::Ready(Some(Err(e))) => {
                let kind = if e.is_timeout() { std::io::ErrorKind::TimedOut } else { std::io::ErrorKind::Other };
                Poll::Ready(Err(std::io::Error::new(kind, e)))
            }
            Poll::Ready(Some(Ok(mut piece))) => {
                let rest = piece.split_off(piece.len().min(buf.remaining()));
                buf.put_slice(&piece);
                this.leftover = rest;
                Poll::Ready(Ok(()))
            }
        }
    }
}

/// The response's URL may carry credentials: it is not shown.
impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("content_length", &self.content_length()).finish_non_exhaustive()
    }
}
