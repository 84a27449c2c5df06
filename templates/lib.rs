#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

{% if krate.apis.is_empty() -%}
pub mod models;
{%- else -%}
pub mod apis;
pub mod models;
#[allow(dead_code, unused_imports, reason = "the runtime is the same in every generated crate; a spec uses only part of it")]
mod runtime;

pub use apis::{
    ApiResponse, BuildError, ByteStream, Client, ClientBuilder, DecodeError, Error, ResponseError, TransportError,
    TransportErrorKind,
};
{%- endif %}
