//! The request and response bodies of the API.
//!
//! Structs are built with `new(required fields…)` and a setter per optional field. Where a list
//! is taken, anything iterable whose items convert into the item type will do: a `Vec` or an
//! array of union members, of `&str`s for strings, or the `Vec` itself; a list of mixed members
//! names the item type once (`[Union::from(a), b.into()]`). String enums are typed: name a
//! variant, or send a value newer than this crate with the enum's `from_wire`.
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
{%- if krate.uses_tagged_unions %}

/// A union member whose tag this crate knows but whose body does not match the schema for that
/// tag (a field the spec marks required is missing, a value has the wrong type): the JSON as
/// received, and why it did not decode. Serializing it writes the JSON back unchanged.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Malformed {
    /// The element as received.
    pub value: serde_json::Value,
    /// Why it did not decode.
    pub error: String,
}

impl Malformed {
    pub(crate) fn new(value: serde_json::Value, error: &serde_json::Error) -> Self {
        Self { value, error: error.to_string() }
    }
}
{%- endif %}
