//! Opt-in retries: which requests may be sent again, on which answers, and how long to wait.

use std::time::{Duration, SystemTime};

use super::error::TransportError;

/// Opt-in retry policy (set on the client builder by the user).
///
/// A call is retried on `429 Too Many Requests`, on any `5xx`, and when no connection could be
/// made or the timeout elapsed, but only when sending it twice is safe: its method is idempotent,
/// or the operation takes a retry key (LINE's `X-Line-Retry-Key`), which is then the same on
/// every attempt. Between attempts it waits what the server's `Retry-After` asks, or else an
/// exponential backoff with jitter; both are capped at [`max_backoff`](Self::max_backoff).
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

    /// The longest wait between two attempts, whether from the backoff or from `Retry-After`.
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

    /// The wait before the next attempt after a response that is to be retried.
    fn wait_after(&self, retry: u32, headers: &reqwest::header::HeaderMap) -> Duration {
        match retry_after(headers, SystemTime::now()) {
            Some(asked) => asked.min(self.max_backoff),
            None => self.backoff(retry),
        }
    }
}

impl Default for RetryPolicy {
    /// Three retries, the backoff from 500 ms up to 30 s.
    fn default() -> Self {
        RetryPolicy::new(3)
    }
}

/// Sends `request` with `http`, retrying on 429 and 5xx responses and on connect/timeout transport
/// errors, when `policy` is Some AND `retry_safe` is true, AND the request can be cloned
/// (`try_clone()`; a streaming body cannot, it is sent once). Between attempts it waits the
/// response's `Retry-After` (seconds or HTTP-date; capped at max_backoff) or else exponential
/// backoff (initial * 2^n, capped at max_backoff) with equal jitter. Returns the last response
/// (even if 429/5xx) or the last transport error. The same request (same headers, so the same
/// retry key) is re-sent on every attempt.
///
/// A wait needs the Tokio timer (`#[tokio::main]` and `Runtime::new` enable it; a runtime built
/// by hand needs `enable_time`).
pub async fn send_with_retry(
    http: &reqwest::Client,
    request: reqwest::Request,
    policy: Option<&RetryPolicy>,
    retry_safe: bool,
) -> Result<reqwest::Response, TransportError> {
    let policy = match policy {
        Some(policy) if retry_safe => policy,
        _ => return http.execute(request).await.map_err(TransportError::from_reqwest),
    };
    let mut request = request;
    let mut retry = 0;
    loop {
        // The copy for the next attempt is taken before this one consumes the request; there is
        // none when no retry is left or the body is a stream, and then this attempt is the last.
        let next = if retry < policy.max_retries { request.try_clone() } else { None };
        let outcome = http.execute(request).await;
        let Some(next) = next else {
            return outcome.map_err(TransportError::from_reqwest);
        };
        let wait = match &outcome {
            Ok(response) if is_retryable_status(response.status()) => policy.wait_after(retry, response.headers()),
            Err(e) if e.is_connect() || e.is_timeout() => policy.backoff(retry),
            _ => return outcome.map_err(TransportError::from_reqwest),
        };
        // The rejected response is dropped unread: its connection is closed rather than reused.
        drop(outcome);
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
fn retry_after(headers: &reqwest::header::HeaderMap, now: SystemTime) -> Option<Duration> {
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
