//! The request and response bodies of the API.
{% for m in krate.models %}
mod {{ m.module }};
pub use self::{{ m.module }}::{{ m.name }};
{%- endfor %}
{%- if krate.uses_nullable_fields %}

/// Decodes an optional nullable field: absent stays `None` (through `default`), `null` becomes
/// `Some(None)`, so the difference survives a round trip.
pub(crate) fn deserialize_nullable<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}
{%- endif %}
