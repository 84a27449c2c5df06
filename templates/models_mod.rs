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
{%- if krate.decodes_structs_by_hand() %}

/// A key of a JSON object being decoded, borrowed from the input where it can be.
pub(crate) struct FieldName<'de>(std::borrow::Cow<'de, str>);

impl FieldName<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;

        impl<'de> serde::de::Visitor<'de> for NameVisitor {
            type Value = FieldName<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Borrowed(value)))
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Owned(value)))
            }
        }

        deserializer.deserialize_identifier(NameVisitor)
    }
}

{%- endif %}
{%- if krate.decodes_strict_fields_by_hand() %}

/// Reads the value of a field whose key was just read into `slot`; a key seen twice is an
/// error, as with serde's derive.
pub(crate) fn next_field<'de, A, T>(slot: &mut Option<T>, map: &mut A, name: &'static str) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: serde::Deserialize<'de>,
{
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

{%- endif %}
{%- if krate.decodes_required_fields_by_hand() %}

/// The value of a required field, or serde's "missing field" error.
pub(crate) fn required_field<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}
{%- endif %}
{%- if krate.decodes_envelopes() %}

/// A field of a delivery envelope that was absent, or whose value was not of its declared
/// type: the field holds `None` or its type's default instead, so the delivery's events still
/// reach the handler. The envelope lists these in its `defaulted` field.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DefaultedField {
    /// The field's name on the wire (`destination`).
    pub name: &'static str,
    /// The JSON that was there and did not decode; `None` when the field was absent.
    pub found: Option<serde_json::Value>,
}

/// Reads the value of an envelope field the events do not need: a value of another type is
/// listed in `defaulted` and leaves the slot empty instead of failing the whole delivery.
pub(crate) fn next_lenient_field<'de, A, T>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
    defaulted: &mut Vec<DefaultedField>,
) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: serde::de::DeserializeOwned,
{
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(name));
    }
    let value: serde_json::Value = map.next_value()?;
    match T::deserialize(&value) {
        Ok(decoded) => *slot = Some(decoded),
        Err(_) => defaulted.push(DefaultedField { name, found: Some(value) }),
    }
    Ok(())
}

/// The value of a required envelope field, or its type's default when it was absent (listed in
/// `defaulted`) or of another type (listed already).
pub(crate) fn lenient_field<T: Default>(slot: Option<T>, name: &'static str, defaulted: &mut Vec<DefaultedField>) -> T {
    slot.unwrap_or_else(|| {
        if !defaulted.iter().any(|d| d.name == name) {
            defaulted.push(DefaultedField { name, found: None });
        }
        T::default()
    })
}
{%- endif %}
{%- if krate.derive_decodes_nullable() %}

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
