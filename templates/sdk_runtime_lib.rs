//! The runtime the crates of this SDK share: {% for c in crates %}{% if !loop.first %}, {% endif %}`{{ c }}`{% endfor %}.
//!
//! Each API crate re-exports what its users name (`Error`, `TransportError`, `RetryPolicy`,
//! `AccessToken`, …), so code does not need this crate; depend on it to handle the errors of
//! several API crates in one place (`Error<E>` is one type whatever crate it comes from;
//! `Error::map_entity` turns each crate's error bodies into a type of yours), or to name the
//! runtime's types once for all of them.
//!
//! Its parts are features, turned on by the crates that use them: `client` (the HTTP client
//! runtime), `client-credentials` (OAuth 2.0 client credentials), `receive` (webhook receivers),
//! `axum` (their extractor), `mock` and `mock-server` (test deliveries and the mock server).
#![forbid(unsafe_code)]

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub use client::*;
#[cfg(feature = "mock-server")]
pub mod mock;
#[cfg(feature = "receive")]
pub mod receive;
