//! Opt-in retries: which requests may be sent again, on which answers, and how long to wait.

use std::time::{Duration, SystemTime};

use super::call::{read_limited, ByteStream};
use super::error::TransportError;
use super::response::{ApiResponse, RawResponse};

/// Opt-in retry policy (set on the client builder by the user).
///
/// Which calls are retried, on what, after how long, and when the client gives up:
///
/// | | |
/// |---|---|
/// | **Which requests** | Only those that are safe to send twice: an idempotent method (GET, HEAD, PUT, DELETE, OPTIONS, TRACE, and OpenAPI 3.2's QUERY), or an operation that takes a retry key (LINE's `X-Line-Retry-Key`, the same on every attempt, made up by the client when the call gives none). A request whose body is a stream is sent once. Any other request is sent exactly once, whatever happens. |
/// | **On which answers** | `429 Too Many Requests` and every `5xx`. |
/// | **On which failures** | No connection could be made; the connection closed, reset or broke before a response arrived; the timeout of your own `reqwest::Client` elapsed; the body of the response (a success, or an error the policy does not retry) was cut off while it was read. Not a request that cannot be built, a body over the size limit, or the call's own timeout. |
/// | **How long it waits** | What the server's `Retry-After` asks for (seconds, or an HTTP-date; a past date is no wait), never less. Without one, an exponential backoff with jitter: from [`initial_backoff`](Self::initial_backoff) (500 ms), doubling on every retry, never over [`max_backoff`](Self::max_backoff) (30 s). |
/// | **When it gives up** | After [`max_retries`](Self::max_retries) retries (3), returning the last answer or failure. At once, with that answer, when `Retry-After` asks for more than `max_backoff` (see [`Error::retry_after`](super::Error::retry_after)), or when the wait would end after the call's deadline. |
/// | **The deadline** | The call's timeout (the client's, 30 s unless changed, or the call's own `.timeout(…)`) bounds the whole call: every attempt, every wait and reading the body. An attempt gets what is left of it; a wait that would outlast it is not started. |
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl RetryPolicy {
    /// Up to `max_retries` retries, so at most `max_retries + 1` attempts; the backoff starts at
    /// 500 ms and never exceeds 30 s unless changed.
    pub fn new(max_retries: u32) -> Self {
        RetryPolicy { max_retries, initial_backoff: Duration::from_millis(500), max_backoff: Duration::from_secs(30) }
    }

    /// The backoff before the first retry; it doubles for every further one.
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// The longest backoff between two attempts, and the longest `Retry-After` the client waits
    /// for: when a server asks for more, its answer is returned at once instead.
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// How many times a call may be sent again after its first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The wait before retry number `retry + 1` (counting from 0): `initial * 2^retry`, capped,
    /// with "equal jitter": half of it fixed, the other half random, so that clients rejected
    /// together do not all come back at the same instant, yet none comes back at once.
    fn backoff(&self, retry: u32) -> Duration {
        let ceiling = 2u32
            .checked_pow(retry)
            .and_then(|factor| self.initial_backoff.checked_mul(factor))
            .map_or(self.max_backoff, |d| d.min(self.max_backoff));
        let half = ceiling / 2;
        half + random_up_to(ceiling - half)
    }

    /// How long it waits before retrying `response`, or `None` when the server asked for longer
    /// than this policy allows (the response is then the answer).
    fn wait_after(&self, retry: u32, response: &reqwest::Response) -> Option<Duration> {
        match retry_after(response.headers(), SystemTime::now()) {
            Some(asked) if asked > self.max_backoff => None,
            Some(asked) => Some(asked),
            None => Some(self.backoff(retry)),
        }
    }
}

impl Default for RetryPolicy {
    /// Three retries, the backoff from 500 ms up to 30 s.
    fn default() -> Self {
        RetryPolicy::new(3)
    }
}

/// Sends `request` with `http` and returns the response unread, even a 429/5xx, or the last
/// transport error, retrying as [`RetryPolicy`] describes when `policy` is Some AND
/// `retry_safe` is true AND the request can be cloned (`try_clone()`; a streaming body cannot,
/// it is sent once). The request's own timeout, when set, is the deadline of all attempts and
/// waits together. The same request (same headers, so the same retry key) is re-sent on every
/// attempt.
///
/// A wait needs the Tokio timer (`#[tokio::main]` and `Runtime::new` enable it; a runtime built
/// by hand needs `enable_time`).
pub async fn send_with_retry(
    http: &reqwest::Client,
    request: reqwest::Request,
    policy: Option<&RetryPolicy>,
    retry_safe: bool,
) -> Result<reqwest::Response, TransportError> {
    match exchange(http, request, policy, retry_safe, Read::Head).await? {
        Answer::Head(response) => Ok(response),
        // Never happens: `Read::Head` reads no body.
        Answer::Whole(_) => Err(TransportError::timed_out(Duration::ZERO, true)),
    }
}

/// Sends `request` like [`send_with_retry`] and reads the answer whole: a success body up to
/// `max_response_size` bytes when `limit_success` (a decoded body), any other body up to
/// `max_response_size` bytes. A body cut off while read is a failure to retry like any other.
pub async fn fetch(
    http: &reqwest::Client,
    request: reqwest::Request,
    policy: Option<&RetryPolicy>,
    retry_safe: bool,
    max_response_size: usize,
    limit_success: bool,
) -> Result<RawResponse, TransportError> {
    let success = limit_success.then_some(max_response_size);
    match exchange(http, request, policy, retry_safe, Read::Whole { success, other: max_response_size }).await? {
        Answer::Whole(raw) => Ok(raw),
        // Never happens: `Read::Whole` reads every body.
        Answer::Head(response) => read_limited(response, success).await,
    }
}

/// Sends `request` like [`send_with_retry`]; a success comes back as a stream of its body
/// (`Ok`), unlimited and with no deadline but each piece within the call's timeout; any other
/// answer is read whole up to `max_response_size` bytes (`Err`).
pub async fn fetch_stream(
    http: &reqwest::Client,
    request: reqwest::Request,
    policy: Option<&RetryPolicy>,
    retry_safe: bool,
    max_response_size: usize,
) -> Result<Result<ApiResponse<ByteStream>, RawResponse>, TransportError> {
    let idle = request.timeout().copied();
    match exchange(http, request, policy, retry_safe, Read::Stream { other: max_response_size }).await? {
        Answer::Head(response) => {
            let (status, headers) = (response.status(), response.headers().clone());
            Ok(Ok(ApiResponse::new(status, headers, ByteStream::with_idle_timeout(response, idle))))
        }
        Answer::Whole(raw) => Ok(Err(raw)),
    }
}

/// What of the final answer is read before it is returned.
#[derive(Debug, Clone, Copy)]
enum Read {
    /// Nothing: the response comes back unread, whatever its status.
    Head,
    /// The whole body, a success up to `success` bytes (if Some), any other up to `other`.
    Whole { success: Option<usize>, other: usize },
    /// A success comes back unread (to be streamed); any other body is read up to `other`.
    Stream { other: usize },
}

/// The final answer of [`exchange`]: unread, or read whole.
enum Answer {
    Head(reqwest::Response),
    Whole(RawResponse),
}

/// When the call must be over, and the timeout it came from (for the error message).
#[derive(Debug, Clone, Copy)]
struct Deadline {
    at: tokio::time::Instant,
    after: Duration,
}

/// Runs `work` until the deadline, if any; past it, a timeout error (`body`: while reading it).
async fn within<T>(
    deadline: Option<Deadline>,
    body: bool,
    work: impl std::future::Future<Output = Result<T, TransportError>>,
) -> Result<T, TransportError> {
    match deadline {
        Some(deadline) => tokio::time::timeout_at(deadline.at, work)
            .await
            .unwrap_or_else(|_| Err(TransportError::timed_out(deadline.after, body))),
        None => work.await,
    }
}

/// Reads what `read` asks of the final answer, within the deadline.
async fn answer(response: reqwest::Response, read: Read, deadline: Option<Deadline>) -> Result<Answer, TransportError> {
    let success = response.status().is_success();
    let limit = match read {
        Read::Head => return Ok(Answer::Head(response)),
        Read::Stream { .. } if success => return Ok(Answer::Head(response)),
        Read::Stream { other } => Some(other),
        Read::Whole { success: limit, .. } if success => limit,
        Read::Whole { other, .. } => Some(other),
    };
    within(deadline, true, read_limited(response, limit)).await.map(Answer::Whole)
}

/// The retry loop behind [`send_with_retry`], [`fetch`] and [`fetch_stream`].
async fn exchange(
    http: &reqwest::Client,
    mut request: reqwest::Request,
    policy: Option<&RetryPolicy>,
    retry_safe: bool,
    read: Read,
) -> Result<Answer, TransportError> {
    // The request's timeout is the whole call's: reqwest would restart it on every attempt and
    // apply it to a streamed body as a whole.
    let deadline = request.timeout_mut().take().and_then(|after| {
        tokio::time::Instant::now().checked_add(after).map(|at| Deadline { at, after })
    });
    let policy = policy.filter(|_| retry_safe);
    let mut retry = 0;
    loop {
        // The copy for the next attempt is taken before this one consumes the request; there is
        // none when no retry is left or the body is a stream, and then this attempt is the last.
        let next = match policy {
            Some(policy) if retry < policy.max_retries => request.try_clone(),
            _ => None,
        };
        let sent = within(deadline, false, async { http.execute(request).await.map_err(TransportError::from_reqwest) }).await;
        let (Some(policy), Some(next)) = (policy, next) else {
            return answer(sent?, read, deadline).await;
        };
        // What came back, and how long to wait before sending `next` instead.
        let (last, wait) = match sent {
            Err(e) if e.is_transient() => (Err(e), policy.backoff(retry)),
            Err(e) => return Err(e),
            Ok(response) if is_retryable_status(response.status()) => match policy.wait_after(retry, &response) {
                Some(wait) => (Ok(response), wait),
                // Retrying sooner than the server asked would be wasted: its answer is the call's.
                None => return answer(response, read, deadline).await,
            },
            Ok(response) => match answer(response, read, deadline).await {
                // The body was cut off: the request is safe to send again.
                Err(e) if e.is_body() && e.is_transient() => (Err(e), policy.backoff(retry)),
                done => return done,
            },
        };
        if deadline.is_some_and(|deadline| tokio::time::Instant::now().checked_add(wait).is_none_or(|end| end >= deadline.at)) {
            // The next attempt could not start before the deadline: the last answer is the call's.
            return answer(last?, read, deadline).await;
        }
        // A rejected response is dropped unread: its connection is closed rather than reused.
        drop(last);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        request = next;
        retry += 1;
    }
}

/// Whether a method is idempotent per RFC 9110 (GET, HEAD, PUT, DELETE, OPTIONS, TRACE).
pub fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS, Method::TRACE].contains(method)
}

/// A fresh retry key for LINE's `X-Line-Retry-Key` (a random UUID v4, lowercase hyphenated).
pub fn new_retry_key() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// Rate limited, or a server-side failure that may be gone on the next attempt.
fn is_retryable_status(status: reqwest::StatusCode) -> bool {
    status == reqwest::StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// The wait a `Retry-After` header asks for (RFC 9110 §10.2.3): whole seconds, or an HTTP-date
/// (a date already past asks for no wait). `None` when absent or unreadable.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is still a number of seconds: longer than any cap.
        return Some(value.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A random duration in `0..=bound`, for jitter: std's per-process random hash keys are
/// unpredictable enough to spread retries, which is all this needs.
fn random_up_to(bound: Duration) -> Duration {
    use std::hash::BuildHasher;
    let Ok(bound) = u64::try_from(bound.as_nanos()) else { return bound };
    let random = std::collections::hash_map::RandomState::new().hash_one(SystemTime::now());
    Duration::from_nanos(random % bound.saturating_add(1))
}
