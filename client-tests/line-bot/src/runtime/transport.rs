//! Sending a request: the URL it goes to, the redirects it may follow, the response it reads.

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
