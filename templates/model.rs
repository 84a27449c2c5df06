{%- import "macros.txt" as m -%}
//! The `{{ model.name }}` model.
{% match model.kind %}
{%- when ir::ModelKind::Struct(s) %}
{% call m::doc_opt(model.description, false) %}{% endcall %}
{%- if let Some(tag) = s.tag %}
{%- if model.description.is_some() %}
#[doc = ""]
{%- endif %}
#[doc = {{ tag.doc_line()|lit }}]
{%- endif %}
#[derive(Clone, PartialEq{% if !s.decodes_by_hand() %}, serde::Serialize, serde::Deserialize{% endif %}{% if !s.has_secrets %}, Debug{% endif %}{% if s.derives_default %}, Default{% endif %})]
#[non_exhaustive]
{%- if !s.decodes_by_hand() %}
{%- if let Some(tag) = s.tag %}
#[serde(tag = {{ tag.property|lit }}, rename = {{ tag.value|lit }})]
{%- endif %}
{%- endif %}
pub struct {{ model.name }} {
{%- for f in s.fields %}
    {% call m::doc_opt(f.description, false) %}{% endcall %}
{%- if let Some(d) = f.default %}
{%- let shown = d|code %}
    #[doc = {{ format!(" Defaults to {}.", shown)|lit }}]
{%- endif %}
{%- if !s.decodes_by_hand() %}
    #[serde({{ f.serde_attr() }})]
{%- endif %}
    pub {{ f.ident }}: {{ f.rust_type() }},
{%- endfor %}
{%- if let Some(d) = s.defaulted %}
    /// The fields of this delivery envelope that were absent or not of their declared type
    /// and hold `None` or their type's default instead, so the delivery's events still reach
    /// you; empty for a delivery that matches the spec. Never sent: serializing skips it.
    pub {{ d }}: Vec<crate::models::DefaultedField>,
{%- endif %}
}

impl {{ model.name }} {
    /// Builds the model from its required fields. Each optional field starts unset (or at the
    /// spec's default) and has a method that sets it, named after it{% if s.renames_setters() %} (or `set_` and
    /// its name where the model already has a method of that name: {% for f in s.fields %}{% if !f.required && !f.flatten && f.setter != f.ident %}`{{ f.setter|bare }}`{% endif %}{% endfor %}){% endif %}.
{%- if s.many_required() %}
    #[allow(clippy::too_many_arguments, reason = "one argument per required field of the spec")]
{%- endif %}
    pub fn new({% for f in s.fields %}{% if f.is_new_argument() %}{{ f.ident }}: {{ f.value_arg() }}, {% endif %}{% endfor %}) -> Self {
        Self {
{%- for f in s.fields %}
            {{ f.init_field() }},
{%- endfor %}
{%- if let Some(d) = s.defaulted %}
            {{ d }}: Vec::new(),
{%- endif %}
        }
    }
{%- for f in s.fields %}
{%- if !f.required && !f.flatten %}

    /// Sets `{{ f.ident|bare }}`.
    pub fn {{ f.setter }}(mut self, value: {{ f.value_arg() }}) -> Self {
        self.{{ f.ident }} = {{ f.set_expr() }};
        self
    }
{%- endif %}
{%- endfor %}
}
{%- if s.decodes_by_hand() %}

impl serde::Serialize for {{ model.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let {% if !s.fields.is_empty() || s.tag.is_some() %}mut {% endif %}map = serializer.serialize_map(None)?;
{%- if let Some(tag) = s.tag %}
        map.serialize_entry({{ tag.property|lit }}, {{ tag.value|lit }})?;
{%- endif %}
{%- for f in s.fields %}
{%- if f.required %}
        map.serialize_entry({{ f.wire_name|lit }}, &self.{{ f.ident }})?;
{%- else %}
        if let Some(value) = &self.{{ f.ident }} {
            map.serialize_entry({{ f.wire_name|lit }}, value)?;
        }
{%- endif %}
{%- endfor %}
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for {{ model.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;

        impl<'de> serde::de::Visitor<'de> for FieldsVisitor {
            type Value = crate::models::{{ model.name }};

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!("struct ", {{ model.name|lit }}))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
{%- if s.fields.is_empty() %}
                while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
{%- else %}
{%- for f in s.fields %}
                let mut {{ f.de_slot() }} = None;
{%- endfor %}
{%- if s.defaulted.is_some() %}
                let mut defaulted_fields = Vec::new();
{%- endif %}
                while let Some(key) = map.next_key::<crate::models::FieldName<'de>>()? {
                    match key.as_str() {
{%- for f in s.fields %}
{%- if f.lenient %}
                        {{ f.wire_name|lit }} => crate::models::next_lenient_field(&mut {{ f.de_slot() }}, &mut map, {{ f.wire_name|lit }}, &mut defaulted_fields)?,
{%- else %}
                        {{ f.wire_name|lit }} => crate::models::next_field(&mut {{ f.de_slot() }}, &mut map, {{ f.wire_name|lit }})?,
{%- endif %}
{%- endfor %}
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
{%- endif %}
                Ok(crate::models::{{ model.name }} {
{%- for f in s.fields %}
                    {{ f.ident }}: {{ f.de_finish() }},
{%- endfor %}
{%- if let Some(d) = s.defaulted %}
                    {{ d }}: defaulted_fields,
{%- endif %}
                })
            }
        }

        deserializer.deserialize_map(FieldsVisitor)
    }
}
{%- endif %}
{%- if s.default_from_new %}

impl Default for {{ model.name }} {
    /// The spec's defaults, every other field unset.
    fn default() -> Self {
        Self::new()
    }
}
{%- endif %}
{%- if s.has_secrets %}

/// Shows every field except credentials, which print as `[redacted]`.
impl std::fmt::Debug for {{ model.name }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct({{ model.name|lit }})
{%- for field in s.fields %}
{%- if field.secret %}
            .field({{ field.ident|bare|lit }}, &"[redacted]")
{%- else %}
            .field({{ field.ident|bare|lit }}, &self.{{ field.ident }})
{%- endif %}
{%- endfor %}
{%- if let Some(d) = s.defaulted %}
            .field({{ d|bare|lit }}, &self.{{ d }})
{%- endif %}
            .finish()
    }
}
{%- endif %}
{%- when ir::ModelKind::Enum(e) %}
{% call m::doc_opt(model.description, false) %}{% endcall %}
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum {{ model.name }} {
{%- for v in e.variants %}
    {% if let Some(d) = v.description %}{{ d|doc }}{% else %}{% let shown = v.value|code %}#[doc = {{ format!(" {}", shown)|lit }}]{% endif %}
    {{ v.ident }},
{%- endfor %}
    /// A value this version of the crate does not know, kept as received. To send a value
    /// newer than the crate, make it with [`Self::from_wire`].
    {{ e.unknown_variant }}(String),
}

impl {{ model.name }} {
    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
{%- for v in e.variants %}
            Self::{{ v.ident }} => {{ v.value|lit }},
{%- endfor %}
            Self::{{ e.unknown_variant }}(value) => value,
        }
    }

    /// The value `value` stands for on the wire: its variant when this crate knows it, else
    /// [`Self::{{ e.unknown_variant }}`] holding it. This is the way to send a value newer than the crate;
    /// a misspelt value is sent as it is, so name the variants where you can.
    pub fn from_wire(value: &str) -> Self {
        match value {
{%- for v in e.variants %}
            {{ v.value|lit }} => Self::{{ v.ident }},
{%- endfor %}
            other => Self::{{ e.unknown_variant }}(other.to_string()),
        }
    }
}

impl std::fmt::Display for {{ model.name }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for {{ model.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for {{ model.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(Self::from_wire(value.as_ref()))
    }
}
{%- when ir::ModelKind::Tagged(t) %}
{% call m::doc_opt(model.description, true) %}{% endcall %}
/// Selected by the {{ t.tag|code }} property; values this crate does not know are kept in
/// [`Self::{{ t.unknown_variant }}`] as raw JSON.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
#[allow(clippy::large_enum_variant, reason = "variants are the spec's schemas; boxing them would make every match clumsy")]
pub enum {{ model.name }} {
{%- for v in t.variants %}
{%- let shown = format!("{}: {}", t.tag, v.value)|code %}
    #[doc = {{ format!(" {}", shown)|lit }}]
    {{ v.ident }}(crate::models::{{ v.model }}),
{%- endfor %}
    /// A {{ t.tag|code }} this version of the crate does not know, kept as received.
    {{ t.unknown_variant }}(serde_json::Value),
    /// A {{ t.tag|code }} this crate knows, with a body that does not match its schema: kept as
    /// received with the reason, so one bad element never fails the list it is in.
    {{ t.malformed_variant }}(crate::models::Malformed),
}

impl serde::Serialize for {{ model.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
{%- for v in t.variants %}
            Self::{{ v.ident }}(value) => value.serialize(serializer),
{%- endfor %}
            Self::{{ t.unknown_variant }}(value) => value.serialize(serializer),
            Self::{{ t.malformed_variant }}(malformed) => malformed.value.serialize(serializer),
        }
    }
}

impl<'de> serde::Deserialize<'de> for {{ model.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        let tag = value.get({{ t.tag|lit }}).and_then(serde_json::Value::as_str);
        match tag {
{%- for v in t.variants %}
            Some({{ v.value|lit }}) => Ok(match <crate::models::{{ v.model }} as serde::Deserialize>::deserialize(&value) {
                Ok(variant) => Self::{{ v.ident }}(variant),
                Err(error) => Self::{{ t.malformed_variant }}(crate::models::Malformed::new(value, &error)),
            }),
{%- endfor %}
            _ => Ok(Self::{{ t.unknown_variant }}(value)),
        }
    }
}
{%- for v in t.variants %}
{%- if v.from_impl %}

impl From<crate::models::{{ v.model }}> for {{ model.name }} {
    fn from(value: crate::models::{{ v.model }}) -> Self {
        Self::{{ v.ident }}(value)
    }
}
{%- endif %}
{%- endfor %}
{%- when ir::ModelKind::Untagged(vs) %}
{% call m::doc_opt(model.description, true) %}{% endcall %}
/// The first variant that matches the JSON is chosen.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant, reason = "variants are the spec's schemas; boxing them would make every match clumsy")]
pub enum {{ model.name }} {
{%- for v in vs %}
    {{ v.ident }}({{ v.ty.rust() }}),
{%- endfor %}
}
{%- for v in vs %}
{%- if v.from_impl %}

impl From<{{ v.ty.rust() }}> for {{ model.name }} {
    fn from(value: {{ v.ty.rust() }}) -> Self {
        Self::{{ v.ident }}(value)
    }
}
{%- endif %}
{%- endfor %}
{%- when ir::ModelKind::Alias(ty) %}
{% call m::doc_opt(model.description, false) %}{% endcall %}
pub type {{ model.name }} = {{ ty.rust() }};
{%- endmatch %}
