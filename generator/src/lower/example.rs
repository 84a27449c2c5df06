//! Spec examples: each is recorded with the type it must decode into, and its keys are checked
//! against its schema (keys the schema does not declare would be lost on a round trip).

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, Schema, SchemaKind, Type as OaType};

use super::schema::{discriminator_values, union_members, ObjectShape, SchemaRef, MAX_DEPTH};
use super::{component_ref_name, Lowerer, Pointer};
use super::models::Type;
use crate::ir;

impl<'a> Lowerer<'a> {
    /// Remembers an `example` value found at `at` and the type it belongs to.
    /// Binary values are not JSON, so they are left out.
    /// `schema` is the schema the value claims to follow, walked to find keys it does not declare.
    pub(crate) fn record_example(
        &mut self,
        at: Pointer,
        ty: &Type,
        value: &serde_json::Value,
        schema: Option<SchemaRef<'a>>,
    ) {
        if *ty == Type::Bytes || self.examples.contains_key(at.as_str()) {
            return;
        }
        let mut undeclared = Vec::new();
        if let Some(schema) = schema {
            self.undeclared_keys(schema, value, "", &mut undeclared, &at, 0);
        }
        undeclared.sort();
        self.examples.insert(
            at.to_string(),
            ir::Example {
                pointer: at.into(),
                ty: ty.clone(),
                null: value.is_null(),
                json: value.to_string(),
                undeclared,
            },
        );
    }

    /// A JSON media type's `example` and `examples`, which must decode into the body type.
    pub(crate) fn record_media_examples(&mut self, mt: &'a MediaType, at: &Pointer, ty: &Type) {
        let schema = mt.schema.as_ref().map(SchemaRef::from);
        if let Some(example) = &mt.example {
            self.record_example(at.join("example"), ty, example, schema);
        }
        self.record_named_examples(&mt.examples, at, ty, schema);
    }

    /// Examples of a body that is not JSON (form, multipart, binary) have no type to round-trip
    /// through; say so rather than skip them silently.
    pub(crate) fn note_unchecked_examples(&mut self, mt: &MediaType, at: &Pointer, media: &str) {
        let count = usize::from(mt.example.is_some()) + mt.examples.len();
        if count > 0 {
            self.warnings.push(format!("{at}: {count} example(s) of the {media} body are not checked (only JSON examples are round-tripped)"));
        }
    }

    /// The values of an `examples` map; `$ref`s to `#/components/examples` are followed.
    pub(crate) fn record_named_examples(
        &mut self,
        examples: &'a IndexMap<String, ReferenceOr<openapiv3::Example>>,
        at: &Pointer,
        ty: &Type,
        schema: Option<SchemaRef<'a>>,
    ) {
        for (name, example) in examples {
            let eat = at.join("examples").join(name).join("value");
            let example = match example {
                ReferenceOr::Item(e) => Some(e),
                ReferenceOr::Reference { reference } => {
                    let found = reference
                        .strip_prefix("#/components/examples/")
                        .and_then(|n| self.api.components.as_ref().and_then(|c| c.examples.get(n)));
                    match found {
                        Some(ReferenceOr::Item(e)) => Some(e),
                        _ => {
                            self.problem(&eat, format!("unresolved example $ref `{reference}`"));
                            None
                        }
                    }
                }
            };
            if let Some(value) = example.and_then(|e| e.value.as_ref()) {
                self.record_example(eat, ty, value, schema);
            }
        }
    }

    /// Collects the object keys of `value` that `schema` does not declare, following `$ref`s,
    /// `allOf`, discriminator mappings, `items` and `additionalProperties`. Values under a
    /// `oneOf`/`anyOf` without discriminator, an unknown tag or a free-form object are not
    /// looked into: the generated code keeps them whole.
    fn undeclared_keys(
        &mut self,
        schema: SchemaRef<'a>,
        value: &serde_json::Value,
        path: &str,
        out: &mut Vec<String>,
        example_at: &Pointer,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let (name, s) = match schema {
            SchemaRef::Ref(r) => match self.resolve(r, example_at) {
                Some((name, s)) => (Some(name), s),
                None => return,
            },
            // A component's own example (`#/components/schemas/Dog/example`) is checked against
            // that component, which knows which unions are its parents.
            SchemaRef::Inline(s) if path.is_empty() => (self.component_of_example(example_at), s),
            SchemaRef::Inline(s) => (None, s),
        };
        self.undeclared_keys_in(name, s, value, path, out, example_at, depth);
    }

    /// `Dog` for `#/components/schemas/Dog/example`, as the document's own key.
    fn component_of_example(&self, example_at: &Pointer) -> Option<&'a str> {
        if example_at.segments().count() != 4 || example_at.last()? != "example" {
            return None;
        }
        let name = example_at.component_schema()?;
        self.component_schemas()?.get_key_value(name.as_ref()).map(|(k, _)| k.as_str())
    }

    /// [`Self::undeclared_keys`] for a resolved schema, `name` being its component key if it has one.
    #[allow(clippy::too_many_arguments, reason = "the walk's state, passed down unchanged")]
    fn undeclared_keys_in(
        &mut self,
        name: Option<&'a str>,
        s: &'a Schema,
        value: &serde_json::Value,
        path: &str,
        out: &mut Vec<String>,
        example_at: &Pointer,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            serde_json::Value::Object(map) => {
                if let Some(d) = &s.schema_data.discriminator {
                    // A union (see `lower_model_kind`): the tag picks the variant to look into.
                    let values = discriminator_values(s, d);
                    if !values.is_empty() {
                        let tag = map.get(&d.property_name).and_then(serde_json::Value::as_str);
                        let target = values.into_iter().find(|(v, _)| Some(*v) == tag).map(|(_, t)| t);
                        if let Some(target) = target.filter(|t| component_ref_name(t) != name) {
                            if let Some((child, child_schema)) = self.resolve(&target, example_at) {
                                self.undeclared_keys_in(Some(child), child_schema, value, path, out, example_at, depth + 1);
                            }
                        }
                        return;
                    }
                }
                if !union_members(s).is_empty() {
                    return;
                }
                let mut shape = ObjectShape { owner: name, ..ObjectShape::default() };
                self.collect_object(SchemaRef::Inline(s), example_at, &mut shape, depth + 1);
                if shape.properties.is_empty() && shape.additional.is_none() && shape.unions.is_empty() {
                    return;
                }
                // Keys the object leaves to its flattened unions: declared when some shape has them.
                let mut union_properties: IndexMap<String, SchemaRef<'a>> = IndexMap::new();
                let mut union_tags: BTreeSet<&str> = BTreeSet::new();
                for union in std::mem::take(&mut shape.unions) {
                    union_tags.extend(union.tag);
                    for member in union.members {
                        let mut member_shape = ObjectShape::default();
                        self.collect_object(SchemaRef::from(member), example_at, &mut member_shape, depth + 1);
                        for (key, (ps, _)) in member_shape.properties {
                            union_properties.entry(key).or_insert(ps);
                        }
                    }
                }
                let tag = name.and_then(|n| self.plan.tag_of_variant.get(n)).map(|t| t.property.clone());
                for (key, v) in map {
                    let at = format!("{path}/{key}");
                    let null = if v.is_null() { " (null)" } else { "" };
                    if let Some((ps, _)) = shape.properties.get(key).cloned() {
                        if v.is_null() && !self.is_nullable(ps, example_at) {
                            out.push(format!("{at}{null}"));
                        } else {
                            self.undeclared_keys(ps, v, &at, out, example_at, depth + 1);
                        }
                    } else if let Some(ps) = union_properties.get(key).copied() {
                        self.undeclared_keys(ps, v, &at, out, example_at, depth + 1);
                    } else if tag.as_deref() == Some(key.as_str()) || union_tags.contains(key.as_str()) {
                        // A variant's tag is written by the struct itself.
                    } else if let Some((additional, _)) = shape.additional {
                        self.undeclared_keys(additional, v, &at, out, example_at, depth + 1);
                    } else {
                        out.push(format!("{at}{null}"));
                    }
                }
            }
            serde_json::Value::Array(items) => {
                let item_schema = match &s.schema_kind {
                    SchemaKind::Type(OaType::Array(a)) => a.items.as_ref().map(SchemaRef::from),
                    SchemaKind::Any(any) => any.items.as_ref().map(SchemaRef::from),
                    _ => None,
                };
                if let Some(item_schema) = item_schema {
                    for (i, item) in items.iter().enumerate() {
                        self.undeclared_keys(item_schema, item, &format!("{path}/{i}"), out, example_at, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }

    fn is_nullable(&mut self, schema: SchemaRef<'a>, at: &Pointer) -> bool {
        match schema {
            SchemaRef::Inline(s) => s.schema_data.nullable,
            SchemaRef::Ref(r) => self.resolve(r, at).is_some_and(|(_, s)| s.schema_data.nullable),
        }
    }
}
