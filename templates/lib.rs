#![doc = {{ title|lit }}]
{%- if let Some(d) = krate.description %}
#![doc = ""]
{{ d|inner_doc }}
{%- endif %}
#![doc = ""]
{%- if krate.apis.is_empty() && krate.receivers.is_empty() %}
#![doc = " The spec declares no operations: this crate has its models alone, in [`models`]."]
{%- else if krate.receives_only() %}
#![doc = " The API calls you, so this crate has no client: [`webhooks`] has one receiver for each"]
#![doc = " operation the API sends, which checks the delivery's signature over the raw body and"]
#![doc = " decodes it into [`models`]. With the `axum` feature, `webhooks::Webhook` is an extractor"]
#![doc = " that does the same before a handler runs."]
#![doc = ""]
#![doc = " ```no_run"]
{{ example|inner_doc_code }}
#![doc = " ```"]
{%- else %}
#![doc = " Build one [`Client`] and share it (it is cheap to clone, `Send` and `Sync`). The operations"]
#![doc = " are grouped by tag in [`apis`]; each returns a call value: await it for the decoded body, or"]
#![doc = " set optional parameters, per-call headers or a timeout on it first. Request and response"]
#![doc = " bodies are in [`models`], built with `new` and a setter per optional field."]
#![doc = ""]
#![doc = " ```no_run"]
{{ example|inner_doc_code }}
#![doc = " ```"]
#![doc = ""]
#![doc = " [`ClientBuilder`] sets the credentials, `base_url` (a test server, a proxy), a `retry_policy`"]
#![doc = " and the `timeout`."]
#![doc = ""]
#![doc = " Errors are [`Error`]: `Transport` (no response), `Status` (a non-success status, with the"]
#![doc = " body decoded as the spec declares it) and `Decode` (a body that does not match the spec)."]
#![doc = " None of them shows request URLs, query strings or credentials."]
{%- if !krate.receivers.is_empty() %}
#![doc = ""]
#![doc = " The operations the API sends to you (webhooks and callbacks) are receivers in [`webhooks`]."]
{%- endif %}
{%- endif %}
#![forbid(unsafe_code)]
#![allow(clippy::disallowed_names, reason = "names come from the spec")]
#![allow(clippy::type_complexity, reason = "types are the spec's, nested as deep as it nests them")]

{% if krate.apis.is_empty() -%}
pub mod models;
{%- if !krate.receivers.is_empty() %}
pub mod webhooks;
{%- endif %}
{%- else -%}
pub mod apis;
pub mod models;
{%- if let Some(rt) = runtime %}
use {{ rt.ident }} as runtime;
{%- else %}
#[allow(dead_code, unused_imports, reason = "the runtime is the same in every generated crate; a spec uses only part of it")]
mod runtime;
{%- endif %}
#[cfg(feature = "mock")]
pub mod mock;
{%- if !krate.receivers.is_empty() %}
pub mod webhooks;
{%- endif %}

pub use apis::{
    AccessToken, ApiResponse, BuildError, ByteStream, Client, ClientBuilder, DecodeError, Error, Items, PageCursor, Pages,
    ResponseError, RetryPolicy, TokenCache, TokenError, TransportError, TransportErrorKind,
};
#[cfg(feature = "client-credentials")]
pub use apis::{ClientAuth, ClientCredentials};
{%- endif %}
