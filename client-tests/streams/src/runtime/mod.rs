//! The client runtime every generated crate shares: responses, errors, redaction, redirects,
//! timeouts, retries, size limits and credentials that change while the client is in use.
//!
//! This is ordinary Rust, compiled and tested in the generator's `runtime/` crate and copied
//! byte for byte into each generated crate as `src/runtime/`; only the spec-dependent parts
//! (the client, its builder, servers, credentials, operations) are rendered from templates.

mod call;
mod credentials;
mod encode;
mod error;
mod items;
#[cfg(feature = "client-credentials")]
mod oauth;
mod paging;
mod response;
mod retry;
mod secret;
mod transport;

pub use call::{call, prepare, read, read_limited, ByteStream, CallFuture, CallOptions, Exchange};
pub use credentials::{
    AccessToken, BasicCredential, Credential, TokenCache, TokenError, TokenFuture, TokenSource, DEFAULT_REFRESH_MARGIN,
};
pub use encode::{encode_path, form_body, param_text};
#[cfg(feature = "client-credentials")]
pub use oauth::{ClientAuth, ClientCredentials};
pub use items::{Framing, ItemError, ItemStream};
pub use paging::{Items, PageCursor, Pages};
pub use error::{BuildError, DecodeError, Error, ResponseError, TransportError, TransportErrorKind};
pub use response::{ApiResponse, RawResponse, REQUEST_ID_HEADER};
pub use retry::{fetch, fetch_stream, is_idempotent, new_retry_key, send_with_retry, RetryPolicy};
pub use secret::Secret;
pub use transport::{
    join_url, same_origin_redirects, Limits, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
