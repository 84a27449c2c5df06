//! Lowers schemas into models and types: structs, enums, tagged unions, aliases.
//!
//! An object that also matches one of several shapes (a `oneOf`/`anyOf` inside its `allOf`, or
//! beside its `properties`) becomes a struct of the properties it always has plus a
//! `#[serde(flatten)]` field holding the union, rather than a union of merged structs: the
//! common fields stay plain fields (`payment.id`, not a `match` over every variant), a union
//! component keeps its one model wherever it is used, and several unions in one `allOf` do not
//! multiply into a cross product of structs. serde hands the flattened field the keys the
//! struct did not take, so a variant whose own properties repeat the parent's does not see them.
//! A union whose discriminator selects the schema itself is its parent (`Dog: allOf: [$ref:
//! Pet]`, Pet choosing between Dog and Cat), not part of it, and is left out. A form body cannot
//! hold a union: the fields of every shape become optional parameters.
//!
//! Properties beside `additionalProperties` keep the extra keys in a flattened map field.

use std::borrow::Cow;
use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat,
    Type as OaType, VariantOrUnknownOrEmpty,
};

use super::models::{Draft, Hint, Ids, ModelId, Name, NameRequest, Type};
use super::names::{self, Scope};
use super::{component_ref_name, Lowerer, Plan, Pointer};
use crate::ir::{self, ModelKind};

/// How deep `$ref` chains and nested inline schemas may go before the spec is refused.
pub(crate) const MAX_DEPTH: usize = 64;

/// Most schema visits one spec may cost (each LINE spec needs under 3 000). Inline schemas
/// that reach each other through `$ref`s and `allOf` can otherwise expand exponentially within
/// the depth limit: a 300-byte spec would never finish.
const MAX_SCHEMA_VISITS: usize = 50_000;

/// A schema reference as written: a `$ref` string or an inline schema.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

/// Properties gathered from an object schema and everything it `allOf`s.
#[derive(Default)]
pub(crate) struct ObjectShape<'a> {
    pub(crate) properties: IndexMap<String, (SchemaRef<'a>, Pointer)>,
    pub(crate) required: BTreeSet<String>,
    /// The `additionalProperties` schema and its pointer.
    pub(crate) additional: Option<(SchemaRef<'a>, Pointer)>,
    /// `oneOf`/`anyOf`s met in the `allOf` chain: each becomes a flattened field holding the union.
    pub(crate) unions: Vec<UnionPart<'a>>,
    /// The component schema being collected, when it is one: a union it is a variant of is its
    /// parent, not part of it.
    pub(crate) owner: Option<&'a str>,
}

/// A `oneOf`/`anyOf` that is part of an object (an `allOf` member, or beside `properties`).
pub(crate) struct UnionPart<'a> {
    /// The union as a schema of its own; `None` when it sits beside properties in one schema.
    pub(crate) schema: Option<SchemaRef<'a>>,
    pub(crate) members: &'a [ReferenceOr<Schema>],
    /// Pointer of the schema holding the `oneOf`/`anyOf`.
    pub(crate) at: Pointer,
    /// The discriminator property, which the union's variants write themselves.
    pub(crate) tag: Option<&'a str>,
}

impl<'a> Lowerer<'a> {
    /// Resolves a local `$ref` to a component schema, following chains of references.
    pub(crate) fn resolve(&mut self, reference: &str, at: &Pointer) -> Option<(&'a str, &'a Schema)> {
        let mut current = reference;
        for _ in 0..MAX_DEPTH {
            let Some(name) = component_ref_name(current) else {
                if current.starts_with('#') {
                    self.problem(at, format!("unresolved $ref `{current}`: only #/components/schemas/… is expected here"));
                } else {
                    self.problem(at, format!("external $ref `{current}` is not supported; bundle the spec into one file first"));
                }
                return None;
            };
            let found = self.component_schemas().and_then(|s| s.get_key_value(name));
            match found {
                Some((key, ReferenceOr::Item(schema))) => return Some((key.as_str(), schema)),
                Some((_, ReferenceOr::Reference { reference })) => current = reference,
                None => {
                    self.problem(at, format!("unresolved $ref `{current}`: no schema `{name}` in #/components/schemas"));
                    return None;
                }
            }
        }
        self.problem(at, format!("$ref `{reference}` is part of a cycle of references that never reaches a schema"));
        None
    }

    /// Decides which component schemas become models, and names them all up front.
    pub(crate) fn plan_models(&mut self) -> Plan {
        let mut plan = Plan::default();
        let Some(schemas) = self.component_schemas() else {
            return plan;
        };
        let mut form_roots = BTreeSet::new();
        let mut used = BTreeSet::new();
        for (_, _, op) in self.api.operations() {
            for r in &op.parameters {
                collect_refs_in_param(r, &mut used);
            }
            if let Some(ReferenceOr::Item(body)) = &op.request_body {
                for (media, content) in &body.content {
                    let form = is_form(media) || is_multipart(media);
                    if let Some(schema) = &content.schema {
                        if form {
                            for name in form_schema_roots(schema) {
                                form_roots.insert(name.to_string());
                            }
                            collect_refs_below_form_root(schema, &mut used, self);
                        } else {
                            collect_refs(SchemaRef::from(schema), &mut used);
                        }
                    }
                }
            }
            for (_, resp) in op.responses.responses.iter().chain(op.responses.default.iter().map(|d| (&openapiv3::StatusCode::Code(0), d))) {
                if let ReferenceOr::Item(resp) = resp {
                    for content in resp.content.values() {
                        if let Some(schema) = &content.schema {
                            collect_refs(SchemaRef::from(schema), &mut used);
                        }
                    }
                } else if let ReferenceOr::Reference { reference } = resp {
                    used.insert(reference.clone());
                }
            }
        }
        if let Some(components) = self.api.components.as_ref() {
            for (_, r) in &components.responses {
                if let ReferenceOr::Item(resp) = r {
                    for content in resp.content.values() {
                        if let Some(schema) = &content.schema {
                            collect_refs(SchemaRef::from(schema), &mut used);
                        }
                    }
                }
            }
            for (_, p) in &components.parameters {
                collect_refs_in_param(p, &mut used);
            }
        }
        for (name, schema) in schemas {
            if form_roots.contains(name) {
                continue;
            }
            collect_refs(SchemaRef::from(schema), &mut used);
        }
        let used: BTreeSet<&str> = used.iter().filter_map(|r| component_ref_name(r)).collect();
        plan.form_only = form_roots
            .into_iter()
            .filter(|name| !used.contains(name.as_str()))
            .collect();
        for (name, schema) in schemas {
            if let ReferenceOr::Item(schema) = schema {
                if let Some(d) = &schema.schema_data.discriminator {
                    for (value, target) in discriminator_values(schema, d) {
                        if let Some(child) = component_ref_name(&target) {
                            if child != name {
                                plan.tag_of_variant.entry(child.to_string()).or_insert_with(|| ir::StructTag {
                                    property: d.property_name.clone(),
                                    value: value.to_string(),
                                });
                            }
                        }
                    }
                }
            }
        }
        let mut sorted: Vec<&String> = schemas.keys().collect();
        sorted.sort();
        for name in sorted {
            if plan.form_only.contains(name) || self.is_inlined_component(name) {
                continue;
            }
            let id = self.models.add(NameRequest::Exact(names::pascal(name)));
            plan.component_models.insert(name.clone(), id);
        }
        plan
    }

    /// Components that are plain primitives are written inline instead of as aliases.
    fn is_inlined_component(&self, name: &str) -> bool {
        let Some(ReferenceOr::Item(schema)) = self.component_schemas().and_then(|s| s.get(name)) else {
            return false;
        };
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) => s.enumeration.is_empty(),
            SchemaKind::Type(OaType::Integer(_) | OaType::Number(_) | OaType::Boolean(_)) => true,
            _ => false,
        }
    }

    pub(crate) fn lower_component_models(&mut self) {
        let Some(schemas) = self.component_schemas() else {
            return;
        };
        let planned: Vec<(String, ModelId)> = self.plan.component_models.iter().map(|(k, v)| (k.clone(), *v)).collect();
        for (spec_name, id) in planned {
            let at = Pointer::to(&["components", "schemas", &spec_name]);
            match schemas.get(&spec_name) {
                Some(ReferenceOr::Item(schema)) => {
                    self.lower_model(id, spec_name.clone(), schema, &at, 0);
                    if let Some(example) = &schema.schema_data.example {
                        self.record_example(at.join("example"), &Type::Model(id), example, Some(SchemaRef::Inline(schema)));
                    }
                }
                Some(ReferenceOr::Reference { reference }) => {
                    let ty = self.type_of(SchemaRef::Ref(reference), &Hint::model(id), &at, 0);
                    self.models.set(id, Draft { spec_name, description: None, kind: ModelKind::Alias(ty) });
                }
                None => {}
            }
        }
    }

    /// Counts one schema visit; past the budget, reports it once (where it ran out) and says stop.
    fn within_visit_budget(&mut self, at: &Pointer) -> bool {
        self.schema_visits += 1;
        if self.schema_visits == MAX_SCHEMA_VISITS + 1 {
            self.problem(
                at,
                format!(
                    "lowering visited more than {MAX_SCHEMA_VISITS} schemas, stopped here: inline schemas that reach each other \
                     through $ref and allOf expand without end; make the recursive schema a component referenced by $ref"
                ),
            );
        }
        self.schema_visits <= MAX_SCHEMA_VISITS
    }

    /// The Rust type for a schema; inline objects, enums and unions become new models named `hint`.
    pub(crate) fn type_of(&mut self, schema: SchemaRef<'a>, hint: &Hint, at: &Pointer, depth: usize) -> Type {
        if !self.within_visit_budget(at) {
            return Type::Json;
        }
        if depth > MAX_DEPTH {
            self.problem(at, format!("schemas nest more than {MAX_DEPTH} levels deep"));
            return Type::Json;
        }
        match schema {
            SchemaRef::Ref(reference) => {
                let Some((name, target)) = self.resolve(reference, at) else {
                    return Type::Json;
                };
                if let Some(id) = self.plan.component_models.get(name) {
                    return Type::Model(*id);
                }
                // A primitive component (or a form-only one used elsewhere by accident): inline it.
                let at = Pointer::to(&["components", "schemas", name]);
                let ty = self.inline_type(target, hint, &at, depth + 1);
                if let Some(example) = &target.schema_data.example {
                    self.record_example(at.join("example"), &ty, example, Some(SchemaRef::Inline(target)));
                }
                ty
            }
            SchemaRef::Inline(s) => {
                let ty = self.inline_type(s, hint, at, depth + 1);
                if let Some(example) = &s.schema_data.example {
                    self.record_example(at.join("example"), &ty, example, Some(SchemaRef::Inline(s)));
                }
                ty
            }
        }
    }

    fn inline_type(&mut self, schema: &'a Schema, hint: &Hint, at: &Pointer, depth: usize) -> Type {
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) => {
                if s.enumeration.iter().any(Option::is_some) {
                    return self.new_model(hint, schema, at, depth);
                }
                match &s.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Type::Bytes,
                    _ => Type::String,
                }
            }
            SchemaKind::Type(OaType::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Type::I32,
                _ => Type::I64,
            },
            SchemaKind::Type(OaType::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Type::F32,
                _ => Type::F64,
            },
            SchemaKind::Type(OaType::Boolean(_)) => Type::Bool,
            SchemaKind::Type(OaType::Array(a)) => match &a.items {
                Some(items) => {
                    let inner = self.type_of(SchemaRef::from(items), &hint.join("Item"), &at.join("items"), depth + 1);
                    Type::List(Box::new(inner))
                }
                None => Type::List(Box::new(Type::Json)),
            },
            SchemaKind::Type(OaType::Object(o)) => {
                if !o.properties.is_empty() || schema.schema_data.discriminator.is_some() {
                    return self.new_model(hint, schema, at, depth);
                }
                self.map_type(o.additional_properties.as_ref(), hint, at, depth)
            }
            // `allOf: [$ref]` beside a description or default (Kubernetes wraps every reference
            // so) is the referenced type itself: a model of its own would copy an object and
            // turn a string (a timestamp, a quantity) into an empty struct that cannot decode it.
            SchemaKind::AllOf { all_of } if schema.schema_data.discriminator.is_none() && matches!(all_of.as_slice(), [ReferenceOr::Reference { .. }]) => {
                match all_of.first() {
                    Some(member) => self.type_of(SchemaRef::from(member), hint, &at.join("allOf").join(0), depth),
                    None => Type::Json,
                }
            }
            SchemaKind::OneOf { .. } | SchemaKind::AllOf { .. } | SchemaKind::AnyOf { .. } => {
                self.new_model(hint, schema, at, depth)
            }
            SchemaKind::Not { .. } => Type::Json,
            SchemaKind::Any(any) => {
                if !any.properties.is_empty()
                    || !any.all_of.is_empty()
                    || !any.one_of.is_empty()
                    || !any.any_of.is_empty()
                    || schema.schema_data.discriminator.is_some()
                {
                    return self.new_model(hint, schema, at, depth);
                }
                match any.typ.as_deref() {
                    Some("array") => match &any.items {
                        Some(items) => Type::List(Box::new(self.type_of(SchemaRef::from(items), &hint.join("Item"), &at.join("items"), depth + 1))),
                        None => Type::List(Box::new(Type::Json)),
                    },
                    Some("string") if any.format.as_deref() == Some("binary") => Type::Bytes,
                    Some("string") => Type::String,
                    Some("integer") if any.format.as_deref() == Some("int32") => Type::I32,
                    Some("integer") => Type::I64,
                    Some("number") if any.format.as_deref() == Some("float") => Type::F32,
                    Some("number") => Type::F64,
                    Some("boolean") => Type::Bool,
                    Some("object") => self.map_type(any.additional_properties.as_ref(), hint, at, depth),
                    _ => Type::Json,
                }
            }
        }
    }

    fn map_type(&mut self, additional: Option<&'a AdditionalProperties>, hint: &Hint, at: &Pointer, depth: usize) -> Type {
        match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let inner = self.type_of(SchemaRef::from(s.as_ref()), &hint.join("Value"), &at.join("additionalProperties"), depth + 1);
                Type::Map(Box::new(inner))
            }
            Some(AdditionalProperties::Any(true)) => Type::Map(Box::new(Type::Json)),
            _ => Type::Json,
        }
    }

    /// Names and lowers an inline schema as a model of its own.
    /// One spec location is one model: a parent's inline property copied into each child of a
    /// union is lowered once.
    fn new_model(&mut self, hint: &Hint, schema: &'a Schema, at: &Pointer, depth: usize) -> Type {
        if let Some(existing) = self.models.inline_at(at) {
            return Type::Model(existing);
        }
        let id = self.models.add_inline(at, hint.clone());
        self.lower_model(id, at.to_string(), schema, at, depth);
        Type::Model(id)
    }

    /// Lowers the shape of model `id`.
    pub(crate) fn lower_model(&mut self, id: ModelId, spec_name: String, schema: &'a Schema, at: &Pointer, depth: usize) {
        let data = &schema.schema_data;
        let description = data.description.clone().or_else(|| data.title.clone());
        let kind = self.lower_model_kind(id, &spec_name, schema, at, depth);
        self.models.set(id, Draft { spec_name, description, kind });
    }

    fn lower_model_kind(&mut self, id: ModelId, spec_name: &str, schema: &'a Schema, at: &Pointer, depth: usize) -> ModelKind<Ids> {
        if let Some(d) = &schema.schema_data.discriminator {
            let targets = discriminator_targets(schema, d);
            if !targets.is_empty() {
                return self.lower_tagged(id, &d.property_name, schema, at);
            }
        }
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                ModelKind::Enum(self.lower_enum(&values, schema))
            }
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                self.lower_untagged(id, variants, at, depth)
            }
            SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.is_empty() && (!any.one_of.is_empty() || !any.any_of.is_empty()) => {
                let variants = if any.one_of.is_empty() { &any.any_of } else { &any.one_of };
                self.lower_untagged(id, variants, at, depth)
            }
            SchemaKind::Type(OaType::Object(_)) | SchemaKind::AllOf { .. } | SchemaKind::Any(_) => {
                let owner = self.component_schemas().and_then(|s| s.get_key_value(spec_name)).map(|(k, _)| k.as_str());
                let mut shape = ObjectShape { owner, ..ObjectShape::default() };
                self.collect_object(SchemaRef::Inline(schema), at, &mut shape, depth);
                let tag = self.plan.tag_of_variant.get(spec_name).cloned();
                ModelKind::Struct(self.lower_struct(id, shape, tag, depth))
            }
            _ => {
                ModelKind::Alias(self.inline_type_no_model(schema, &Hint::model(id), at, depth))
            }
        }
    }

    /// Like `inline_type`, for schemas already known not to need a model of their own.
    fn inline_type_no_model(&mut self, schema: &'a Schema, hint: &Hint, at: &Pointer, depth: usize) -> Type {
        self.inline_type(schema, &hint.join("Inner"), at, depth)
    }

    /// Gathers the properties of an object schema and of everything it `allOf`s.
    pub(crate) fn collect_object(&mut self, schema: SchemaRef<'a>, at: &Pointer, shape: &mut ObjectShape<'a>, depth: usize) {
        if !self.within_visit_budget(at) {
            return;
        }
        if depth > MAX_DEPTH {
            self.problem(at, format!("allOf chains nest more than {MAX_DEPTH} levels deep"));
            return;
        }
        let original = schema;
        let (schema, at) = match schema {
            SchemaRef::Ref(r) => match self.resolve(r, at) {
                Some((name, s)) => (s, Pointer::to(&["components", "schemas", name])),
                None => return,
            },
            SchemaRef::Inline(s) => (s, at.clone()),
        };
        // A union with a discriminator that selects the schema being collected is its parent
        // (`Dog: allOf: [$ref: Pet, …]`, Pet choosing between Dog and Cat), not part of it.
        // An inline schema is never a discriminator's variant (mappings name components).
        let is_parent_union = match (&schema.schema_data.discriminator, shape.owner) {
            (Some(d), Some(owner)) => discriminator_targets(schema, d).iter().any(|t| component_ref_name(t) == Some(owner)),
            _ => false,
        };
        match &schema.schema_kind {
            SchemaKind::Type(OaType::Object(o)) => {
                add_properties(shape, &o.properties, &o.required, &at);
                add_additional(shape, o.additional_properties.as_ref(), &at);
            }
            SchemaKind::AllOf { all_of } => {
                for (i, member) in all_of.iter().enumerate() {
                    self.collect_object(SchemaRef::from(member), &at.join("allOf").join(i), shape, depth + 1);
                }
            }
            SchemaKind::Any(any) => {
                add_properties(shape, &any.properties, &any.required, &at);
                add_additional(shape, any.additional_properties.as_ref(), &at);
                for (i, member) in any.all_of.iter().enumerate() {
                    self.collect_object(SchemaRef::from(member), &at.join("allOf").join(i), shape, depth + 1);
                }
                // Properties beside a oneOf/anyOf: the object has them and one of the shapes.
                let members = union_members(schema);
                if !members.is_empty() && !is_parent_union {
                    let tag = schema.schema_data.discriminator.as_ref().map(|d| d.property_name.as_str());
                    shape.unions.push(UnionPart { schema: None, members, at, tag });
                }
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } if !is_parent_union => {
                let tag = schema.schema_data.discriminator.as_ref().map(|d| d.property_name.as_str());
                shape.unions.push(UnionPart { schema: Some(original), members, at, tag });
            }
            _ => {}
        }
    }

    fn lower_struct(&mut self, id: ModelId, shape: ObjectShape<'a>, tag: Option<ir::StructTag>, depth: usize) -> ir::Struct<Ids> {
        let skip = tag.as_ref().map(|t| t.property.as_str());
        let mut scope = Scope::new();
        // Setters share the struct's method namespace with its own methods.
        let mut methods = Scope::with_reserved(self.reserved.model_methods);
        let mut fields = Vec::new();
        for (wire, (schema, at)) in shape.properties {
            if Some(wire.as_str()) == skip {
                continue;
            }
            // Named after the schema that declares the property (a parent, for inherited ones).
            let owner = at
                .component_schema()
                .and_then(|owner| self.plan.component_models.get(owner.as_ref()))
                .copied()
                .unwrap_or(id);
            let hint = Hint::model(owner).join(&names::pascal(&wire));
            let ty = self.type_of(schema, &hint, &at, depth + 1);
            let target = match schema {
                SchemaRef::Inline(s) => Some(s),
                SchemaRef::Ref(r) => self.resolve(r, &at).map(|(_, s)| s),
            };
            let (nullable, description, default, default_value) = match target {
                Some(s) => (
                    s.schema_data.nullable,
                    match schema {
                        SchemaRef::Inline(s) => s.schema_data.description.clone(),
                        SchemaRef::Ref(_) => None,
                    },
                    s.schema_data.default.as_ref().map(display_default),
                    s.schema_data.default.as_ref().and_then(|d| default_literal(d, &ty, s)),
                ),
                None => (false, None, None, None),
            };
            let ident = scope.claim(names::snake(&wire));
            let bare = names::bare(&ident);
            let setter = if self.reserved.model_methods.contains(&bare) {
                methods.claim(names::join_snake(&["set", bare]))
            } else {
                methods.claim(ident.clone())
            };
            fields.push(ir::Field {
                ident: Name::Given(ident),
                setter,
                default_value,
                secret: names::is_secret(&wire) && ty == Type::String,
                required: shape.required.contains(&wire),
                wire_name: wire,
                ty,
                nullable,
                boxed: false,
                description,
                default,
                flatten: false,
                lenient: false,
                local: String::new(),
            });
        }
        for union in shape.unions {
            let ty = match union.schema {
                Some(schema) => self.type_of(schema, &Hint::model(id).join("OneOf"), &union.at, depth + 1),
                None => {
                    let union_id = self.models.add(NameRequest::Hint(Hint::model(id).join("OneOf")));
                    let kind = self.lower_untagged(union_id, union.members, &union.at, depth + 1);
                    let spec_name = union.at.join("oneOf").to_string();
                    self.models.set(union_id, Draft { spec_name, description: None, kind });
                    Type::Model(union_id)
                }
            };
            let ident = match &ty {
                Type::Model(m) => Name::ClaimSnake(*m),
                _ => Name::Claim("one_of".into()),
            };
            fields.push(ir::Field {
                ident,
                wire_name: String::new(),
                ty,
                required: true,
                nullable: false,
                boxed: false,
                description: Some("The properties of the `oneOf`/`anyOf` shape the object also matches, flattened into it.".into()),
                default: None,
                default_value: None,
                setter: String::new(),
                secret: false,
                flatten: true,
                lenient: false,
                local: String::new(),
            });
        }
        if let Some((additional, additional_at)) = shape.additional {
            let ty = self.type_of(additional, &Hint::model(id).join("Value"), &additional_at, depth + 1);
            fields.push(ir::Field {
                // Claimed after the flattened unions, which are named after their models.
                ident: Name::Claim("additional_properties".into()),
                wire_name: String::new(),
                ty: Type::Map(Box::new(ty)),
                required: true,
                nullable: false,
                boxed: false,
                description: Some("Properties not named in the schema.".into()),
                default: None,
                default_value: None,
                setter: String::new(),
                secret: false,
                flatten: true,
                lenient: false,
                local: String::new(),
            });
        }
        let required = fields.iter().filter(|f| f.is_new_argument()).count();
        let has_defaults = fields.iter().any(|f| f.default_value.is_some());
        ir::Struct {
            has_secrets: fields.iter().any(|f| f.secret),
            derives_default: required == 0 && !has_defaults,
            default_from_new: required == 0 && has_defaults,
            fields,
            tag,
            defaulted: None,
        }
    }

    pub(crate) fn lower_enum(&mut self, values: &[String], schema: &Schema) -> ir::StringEnum {
        let custom: Option<Vec<String>> = schema
            .schema_data
            .extensions
            .get("x-enum-varnames")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .filter(|names: &Vec<String>| names.len() == values.len());
        let descriptions: Vec<Option<String>> = schema
            .schema_data
            .extensions
            .get("x-enum-descriptions")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, value) in values.iter().enumerate() {
            if !seen.insert(value.clone()) {
                continue;
            }
            let source = custom.as_ref().and_then(|c| c.get(i)).unwrap_or(value);
            variants.push(ir::EnumVariant {
                ident: scope.claim(names::pascal(source)),
                value: value.clone(),
                description: descriptions.get(i).cloned().flatten(),
            });
        }
        ir::StringEnum {
            variants,
            unknown_variant: scope.claim("Unknown".into()),
        }
    }

    fn lower_tagged(&mut self, id: ModelId, tag: &str, schema: &'a Schema, at: &Pointer) -> ModelKind<Ids> {
        let Some(d) = &schema.schema_data.discriminator else {
            return ModelKind::Alias(Type::Json);
        };
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        let mut targets: Vec<(String, String)> = d
            .mapping
            .iter()
            .map(|(value, target)| (value.clone(), mapping_ref(target).into_owned()))
            .collect();
        // oneOf members without a mapping entry are tagged with their schema name.
        for member in union_members(schema) {
            if let ReferenceOr::Reference { reference } = member {
                if !targets.iter().any(|(_, t)| t == reference) {
                    if let Some(n) = component_ref_name(reference) {
                        targets.push((n.to_string(), reference.clone()));
                    }
                }
            }
        }
        for (value, target) in targets {
            let mapping_at = at.join("discriminator").join("mapping");
            let Some((child, _)) = self.resolve(&target, &mapping_at) else {
                continue;
            };
            let Some(model) = self.plan.component_models.get(child).copied() else {
                self.problem(&mapping_at, format!("mapping `{value}` points at `{child}`, which is not an object schema"));
                continue;
            };
            if model == id {
                continue;
            }
            variants.push(ir::TaggedVariant {
                ident: scope.claim(names::pascal(&value)),
                value,
                model,
                // Decided once every model is known (`conversions`).
                from_impl: false,
            });
        }
        let unknown_variant = scope.claim("Unknown".into());
        ModelKind::Tagged(ir::TaggedUnion {
            tag: tag.to_string(),
            variants,
            unknown_variant,
            malformed_variant: scope.claim("Malformed".into()),
        })
    }

    fn lower_untagged(&mut self, id: ModelId, variants: &'a [ReferenceOr<Schema>], at: &Pointer, depth: usize) -> ModelKind<Ids> {
        let mut out = Vec::new();
        for (i, v) in variants.iter().enumerate() {
            let ty = self.type_of(SchemaRef::from(v), &Hint::model(id).join(&format!("Variant{}", i + 1)), &at.join("oneOf").join(i), depth + 1);
            // Each variant is named after its type.
            let ident = match &ty {
                Type::Model(m) => Name::ClaimType(*m),
                Type::List(_) => Name::Claim("List".into()),
                Type::Map(_) => Name::Claim("Map".into()),
                Type::String => Name::Claim("String".into()),
                Type::Bool => Name::Claim("Bool".into()),
                Type::I32 => Name::Claim("I32".into()),
                Type::I64 => Name::Claim("I64".into()),
                Type::F32 => Name::Claim("F32".into()),
                Type::F64 => Name::Claim("F64".into()),
                Type::Bytes => Name::Claim("Bytes".into()),
                Type::Json => Name::Claim("Json".into()),
            };
            out.push(ir::UntaggedVariant {
                ident,
                ty,
                // Decided once every model is known (`conversions`).
                from_impl: false,
            });
        }
        ModelKind::Untagged(out)
    }
}

/// The first `additionalProperties` schema met in an `allOf` chain is the one that counts.
fn add_additional<'a>(shape: &mut ObjectShape<'a>, additional: Option<&'a AdditionalProperties>, at: &Pointer) {
    if shape.additional.is_none() {
        if let Some(AdditionalProperties::Schema(s)) = additional {
            shape.additional = Some((SchemaRef::from(s.as_ref()), at.join("additionalProperties")));
        }
    }
}

fn add_properties<'a>(
    shape: &mut ObjectShape<'a>,
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    at: &Pointer,
) {
    for (name, schema) in properties {
        let p = at.join("properties").join(name);
        shape.properties.insert(name.clone(), (SchemaRef::from(schema), p));
    }
    shape.required.extend(required.iter().cloned());
}

/// A spec default `new` can fill in: a scalar the field's type holds (an enum value for a
/// reference to a string enum). Other defaults (objects, lists) are only documented.
fn default_literal(value: &serde_json::Value, ty: &Type, schema: &Schema) -> Option<ir::Literal> {
    use serde_json::Value as V;
    match (ty, value) {
        (Type::String, V::String(s)) => Some(ir::Literal::Str(s.clone())),
        (Type::Bool, V::Bool(b)) => Some(ir::Literal::Bool(*b)),
        (Type::I32, V::Number(n)) => n.as_i64().filter(|i| i32::try_from(*i).is_ok()).map(ir::Literal::Int),
        (Type::I64, V::Number(n)) => n.as_i64().map(ir::Literal::Int),
        (Type::F32, V::Number(n)) => n.as_f64().filter(|f| f.abs() <= f64::from(f32::MAX)).map(ir::Literal::Float),
        (Type::F64, V::Number(n)) => n.as_f64().filter(|f| f.is_finite()).map(ir::Literal::Float),
        (Type::Model(_), V::String(s)) => match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(st)) if !st.enumeration.is_empty() => Some(ir::Literal::EnumValue(s.clone())),
            _ => None,
        },
        _ => None,
    }
}

/// `"Bearer"` → `Bearer`; other JSON values as written.
fn display_default(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `$ref`s a discriminator selects from: its mapping, or the oneOf/anyOf members.
pub(crate) fn discriminator_targets<'s>(schema: &'s Schema, d: &'s openapiv3::Discriminator) -> Vec<Cow<'s, str>> {
    discriminator_values(schema, d).into_iter().map(|(_, t)| t).collect()
}

/// (tag value, `$ref`) pairs: the mapping, then oneOf/anyOf members tagged with their schema name.
pub(crate) fn discriminator_values<'s>(schema: &'s Schema, d: &'s openapiv3::Discriminator) -> Vec<(&'s str, Cow<'s, str>)> {
    let mut out: Vec<(&str, Cow<'s, str>)> = d.mapping.iter().map(|(v, t)| (v.as_str(), mapping_ref(t))).collect();
    for m in union_members(schema) {
        if let ReferenceOr::Reference { reference } = m {
            if !out.iter().any(|(_, t)| *t == reference.as_str()) {
                if let Some(name) = component_ref_name(reference) {
                    out.push((name, Cow::Borrowed(reference)));
                }
            }
        }
    }
    out
}

/// A discriminator mapping value as a `$ref`. OpenAPI 3.0 lets a mapping name a component
/// schema bare (`Child` for `#/components/schemas/Child`); anything with a `#` or `/`, or
/// naming a file, is a reference already.
pub(crate) fn mapping_ref(target: &str) -> Cow<'_, str> {
    let is_file = [".yaml", ".yml", ".json"].iter().any(|ext| target.to_ascii_lowercase().ends_with(ext));
    if target.contains(['#', '/']) || is_file || target.is_empty() {
        Cow::Borrowed(target)
    } else {
        Cow::Owned(format!("#/components/schemas/{target}"))
    }
}

pub(crate) fn union_members(schema: &Schema) -> &[ReferenceOr<Schema>] {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        SchemaKind::Any(any) if !any.one_of.is_empty() => &any.one_of,
        SchemaKind::Any(any) => &any.any_of,
        _ => &[],
    }
}

pub(crate) fn is_form(media: &str) -> bool {
    media.eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

pub(crate) fn is_multipart(media: &str) -> bool {
    media.to_ascii_lowercase().starts_with("multipart/")
}

/// The component names a form body's schema is made of (itself, or its oneOf members).
fn form_schema_roots(schema: &ReferenceOr<Schema>) -> Vec<&str> {
    match schema {
        ReferenceOr::Reference { reference } => component_ref_name(reference).into_iter().collect(),
        ReferenceOr::Item(s) => union_members(s)
            .iter()
            .filter_map(|m| match m {
                ReferenceOr::Reference { reference } => component_ref_name(reference),
                ReferenceOr::Item(_) => None,
            })
            .collect(),
    }
}

/// References used by the fields of a form body (its enums, nested objects), not the roots.
fn collect_refs_below_form_root(schema: &ReferenceOr<Schema>, used: &mut BTreeSet<String>, cx: &Lowerer<'_>) {
    let mut roots = Vec::new();
    match schema {
        ReferenceOr::Reference { reference } => roots.push(reference.as_str()),
        ReferenceOr::Item(s) => {
            for m in union_members(s) {
                match m {
                    ReferenceOr::Reference { reference } => roots.push(reference.as_str()),
                    ReferenceOr::Item(inner) => collect_refs(SchemaRef::Inline(inner), used),
                }
            }
            if union_members(s).is_empty() {
                collect_refs(SchemaRef::Inline(s), used);
            }
        }
    }
    for r in roots {
        if let Some(ReferenceOr::Item(s)) = component_ref_name(r).and_then(|n| cx.component_schemas().and_then(|c| c.get(n))) {
            collect_refs(SchemaRef::Inline(s), used);
        }
    }
}

fn collect_refs_in_param(p: &ReferenceOr<openapiv3::Parameter>, used: &mut BTreeSet<String>) {
    if let ReferenceOr::Item(p) = p {
        if let openapiv3::ParameterSchemaOrContent::Schema(s) = &p.parameter_data_ref().format {
            collect_refs(SchemaRef::from(s), used);
        }
    }
}

/// Every `$ref` string inside a schema, without following them.
pub(crate) fn collect_refs(schema: SchemaRef<'_>, used: &mut BTreeSet<String>) {
    let mut stack = vec![schema];
    let mut steps = 0usize;
    while let Some(s) = stack.pop() {
        steps += 1;
        if steps > 1_000_000 {
            return;
        }
        let s = match s {
            SchemaRef::Ref(r) => {
                used.insert(r.to_string());
                continue;
            }
            SchemaRef::Inline(s) => s,
        };
        if let Some(d) = &s.schema_data.discriminator {
            used.extend(d.mapping.values().map(|t| mapping_ref(t).into_owned()));
        }
        match &s.schema_kind {
            SchemaKind::Type(OaType::Object(o)) => {
                stack.extend(o.properties.values().map(SchemaRef::from));
                if let Some(AdditionalProperties::Schema(a)) = &o.additional_properties {
                    stack.push(SchemaRef::from(a.as_ref()));
                }
            }
            SchemaKind::Type(OaType::Array(a)) => stack.extend(a.items.as_ref().map(SchemaRef::from)),
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of: v } | SchemaKind::AllOf { all_of: v } | SchemaKind::AnyOf { any_of: v } => {
                stack.extend(v.iter().map(SchemaRef::from))
            }
            SchemaKind::Not { not } => stack.push(SchemaRef::from(not.as_ref())),
            SchemaKind::Any(any) => {
                stack.extend(any.properties.values().map(SchemaRef::from));
                stack.extend(any.items.as_ref().map(SchemaRef::from));
                for v in [&any.one_of, &any.all_of, &any.any_of] {
                    stack.extend(v.iter().map(SchemaRef::from));
                }
                if let Some(AdditionalProperties::Schema(a)) = &any.additional_properties {
                    stack.push(SchemaRef::from(a.as_ref()));
                }
            }
        }
    }
}
