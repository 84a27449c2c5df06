{%- import "macros.txt" as m -%}
//! The operations the API sends to you, one receiver each: it checks the signature (where the
//! spec declares one) over the raw body, bounds the body's size and decodes it. Receivers work
//! with any framework (raw bytes and an `http::HeaderMap` in); with the `axum` feature,
//! `Webhook` is an extractor that runs the handler only for a verified delivery.

{%- if let Some(rt) = runtime %}
use {{ rt.ident }}::receive;
{%- else %}
#[allow(dead_code, reason = "the receiver runtime is the same in every generated crate; a spec uses only part of it")]
mod receive;
{%- endif %}

#[cfg(feature = "axum")]
pub use receive::axum::{Webhook, WebhookRejection};
pub use receive::{Algorithm, Encoding, Receive, Scheme, WebhookError, DEFAULT_MAX_BODY_BYTES};
#[cfg(feature = "mock")]
pub use receive::TestDelivery;
{% for r in krate.receivers %}
{%- let name = r.type_name() %}
{%- let body = r.body_rust() %}
{%- call m::doc_opt(r.summary, true) %}{% endcall %}
{%- call m::doc_opt(r.description, true) %}{% endcall %}
/// Receives {{ format!("{} {}", r.method.as_str(), r.path)|code }}
{%- match r.origin %}
{%- when ir::ReceiverOrigin::Callback { operation, name: callback } %} (the {{ callback|code }} callback of `{{ operation|bare }}`)
{%- when ir::ReceiverOrigin::Webhook %}
{%- endmatch %}.
{%- if let Some(s) = r.signature %}
/// Deliveries are signed: the {{ s.header|code }} header holds {{ r.signature_words()|doc_inline }}.
/// [`Self::verify_and_parse`] checks it against every secret the receiver accepts, so a
/// secret can be rotated without turning verification off ([`Self::also_accept`]).
{%- else %}
/// The spec declares no signature for it: [`Self::parse`] checks the size and decodes.
{%- endif %}
{%- if r.deprecated %}
#[deprecated(note = "the spec marks this operation deprecated")]
{%- endif %}
#[derive(Debug, Clone)]
pub struct {{ name }} {
{%- if r.signature.is_some() %}
    verifier: receive::Verifier,
{%- else %}
    max_body_bytes: usize,
{%- endif %}
}

{% if r.deprecated %}#[allow(deprecated)]{% endif %}
impl {{ name }} {
{%- if let Some(s) = r.signature %}
    /// How the API signs these deliveries.
    pub const SCHEME: Scheme = {{ r.scheme() }};

    /// A receiver that accepts deliveries signed with `secret` (the {{ s.key_name|doc_inline }}).
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        Self { verifier: receive::Verifier::new(Self::SCHEME, secret) }
    }

    /// A receiver that accepts deliveries signed with any of `secrets` (the current and the
    /// previous one while rotating); `None` when there is none.
    pub fn from_secrets<S: AsRef<[u8]>>(secrets: impl IntoIterator<Item = S>) -> Option<Self> {
        receive::Verifier::from_keys(Self::SCHEME, secrets).map(|verifier| Self { verifier })
    }

    /// Also accepts deliveries signed with `secret`: keep the previous one here while the API
    /// switches to the new one, instead of turning verification off.
    pub fn also_accept(self, secret: impl AsRef<[u8]>) -> Self {
        Self { verifier: self.verifier.also_accept(secret) }
    }

    /// Refuses bodies longer than `limit` bytes ([`DEFAULT_MAX_BODY_BYTES`] until set).
    pub fn max_body_bytes(self, limit: usize) -> Self {
        Self { verifier: self.verifier.max_body_bytes(limit) }
    }

    /// Checks the signature in `headers` against the raw `body` bytes, exactly as received
    /// (never re-serialized JSON), and decodes the body.
    pub fn verify_and_parse(&self, headers: &http::HeaderMap, body: &[u8]) -> Result<{{ body }}, WebhookError> {
        self.verifier.verify(headers, body)?;
        {{ r.decode() }}
    }

    /// Decodes a body without checking its signature: only for bodies whose origin you have
    /// verified some other way. The size limit still applies.
    pub fn parse_unverified(&self, body: &[u8]) -> Result<{{ body }}, WebhookError> {
        receive::check_size(body, self.verifier.body_limit())?;
        {{ r.decode() }}
    }
{%- else %}
    /// A receiver with the default body limit.
    pub fn new() -> Self {
        Self { max_body_bytes: DEFAULT_MAX_BODY_BYTES }
    }

    /// Refuses bodies longer than `limit` bytes ([`DEFAULT_MAX_BODY_BYTES`] until set).
    pub fn max_body_bytes(self, limit: usize) -> Self {
        Self { max_body_bytes: limit }
    }

    /// Checks the size of the raw `body` and decodes it.
    pub fn parse(&self, body: &[u8]) -> Result<{{ body }}, WebhookError> {
        receive::check_size(body, self.max_body_bytes)?;
        {{ r.decode() }}
    }
{%- endif %}
}

#[cfg(feature = "mock")]
{% if r.deprecated %}#[allow(deprecated)]{% endif %}
impl {{ name }} {
    /// A delivery of `body` for tests, as the API sends it{% if r.signature.is_some() %}, signed with `secret`{% endif %}: send
    /// it to your router (`tower::ServiceExt::oneshot(router, delivery.request("/path"))`) or over
    /// HTTP.
    pub fn test_delivery({% if r.signature.is_some() %}secret: impl AsRef<[u8]>{% if r.body.is_some() %}, {% endif %}{% endif %}{% if r.body.is_some() %}body: {{ r.test_body_arg() }}{% endif %}) -> TestDelivery {
        {{ r.test_delivery_expr() }}{% if r.signature.is_some() %}.signed(&Self::SCHEME, secret){% endif %}
    }
}
{%- if r.signature.is_none() %}

{% if r.deprecated %}#[allow(deprecated)]{% endif %}
impl Default for {{ name }} {
    fn default() -> Self {
        Self::new()
    }
}
{%- endif %}

{% if r.deprecated %}#[allow(deprecated)]{% endif %}
impl Receive for {{ name }} {
    type Body = {{ body }};

    fn receive(&self, {% if r.signature.is_some() %}headers{% else %}_headers{% endif %}: &http::HeaderMap, body: &[u8]) -> Result<Self::Body, WebhookError> {
{%- if r.signature.is_some() %}
        self.verify_and_parse(headers, body)
{%- else %}
        self.parse(body)
{%- endif %}
    }

    fn body_limit(&self) -> usize {
{%- if r.signature.is_some() %}
        self.verifier.body_limit()
{%- else %}
        self.max_body_bytes
{%- endif %}
    }
}
{% endfor %}
