#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

{% if krate.apis.is_empty() -%}
pub mod models;
{%- else -%}
pub mod apis;
pub mod models;

pub use apis::{
    ApiResponse, BuildError, Client, ClientBuilder, DecodeError, Error, ResponseError, TransportError,
    TransportErrorKind,
};
{%- endif %}
