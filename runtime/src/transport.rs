//! Sending a request: the URL it goes to, the redirects it may follow, the response it reads.

use super::error::TransportError;
use super::response::RawResponse;

/// The `User-Agent` sent when none is configured (and no own `reqwest::Client` is given).
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Joins a base URL and an absolute path with exactly one `/` between them.
pub fn join_url(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}

/// Follows redirects only within the origin the request went to: a redirect elsewhere would
/// resend form bodies (client secrets, assertions) to another host. It comes back as a 3xx
/// [`Error::Status`](super::Error::Status) instead.
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin && attempt.previous().len() < 10 {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Sends a request and reads the whole response.
pub async fn execute(request: reqwest::RequestBuilder) -> Result<RawResponse, TransportError> {
    let mut response = request.send().await.map_err(TransportError::from_reqwest)?;
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let body = response.bytes().await.map_err(TransportError::from_reqwest)?;
    // Reuses the buffer when reqwest holds the only reference to it (the usual case).
    Ok(RawResponse { status, headers, body: Vec::from(body) })
}
