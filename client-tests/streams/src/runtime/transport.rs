//! Sending a request: the URL it goes to, the redirects it may follow, the response it reads.

/// The `User-Agent` sent when none is configured (and no own `reqwest::Client` is given).
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How long the client tries to open a connection, unless changed: LINE's Java SDK's default
/// connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How long a call may take as a whole (connecting, sending, every retry and wait, reading the
/// body), unless changed. LINE's Java SDK gives up after 10 s for each of connecting, writing
/// and reading; 30 s bounds a call by the sum of those, and leaves room for a few retries.
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The largest response body the client holds to decode (JSON, text, error bodies), unless
/// changed: 16 MiB, well above LINE's largest JSON answers (a list of 1,000 rich menus is a
/// few MB), small enough that a runaway body costs little. Streamed downloads are not limited.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 16 * 1024 * 1024;

/// A client's timeouts and response size limit, each at its default until changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The deadline of a whole call ([`DEFAULT_TIMEOUT`]); `None` only when removed explicitly.
    pub timeout: Option<std::time::Duration>,
    /// How long opening a connection may take ([`DEFAULT_CONNECT_TIMEOUT`]).
    pub connect_timeout: std::time::Duration,
    /// The largest body read whole to decode ([`DEFAULT_MAX_RESPONSE_SIZE`]).
    pub max_response_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
        }
    }
}

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
