//! The naming pass: claims every model's type name once the models are made and merged, picks
//! the model each fold keeps, claims modules and files and the identifiers made from a model's
//! name, and writes every model reference by the type name of its id, which makes the IR.

use std::collections::BTreeMap;

use super::models::{Ids, ModelId, Models, Name, NameRequest};
use super::names::{self, Scope};
use crate::ir;

/// The type name of every model: claimed from its request in creation order, so a model made
/// from a parent's name comes after it, and a name once claimed stays taken (a model `merge`
/// folds away still numbers the later ones). The model kept for a fold may get a better name.
#[derive(Debug)]
struct TypeNames {
    /// Names taken in `crate::models`.
    scope: Scope,
    /// By model index.
    created: Vec<String>,
    renamed: BTreeMap<ModelId, String>,
}

impl TypeNames {
    /// Claims every model's type name; `reserved` are the types `crate::models` declares itself.
    fn claim(models: &Models, reserved: &[&str]) -> Self {
        let mut scope = Scope::for_types();
        for name in reserved {
            scope.claim((*name).to_string());
        }
        let mut created: Vec<String> = Vec::new();
        for (_, request) in models.requests() {
            let candidate = match request {
                NameRequest::Exact(name) => name.clone(),
                NameRequest::Hint(hint) => {
                    let parent = hint.parent.and_then(|p| created.get(p.index())).map_or("", String::as_str);
                    names::pascal(&format!("{parent}{}", hint.text))
                }
            };
            created.push(scope.claim(candidate));
        }
        TypeNames { scope, created, renamed: BTreeMap::new() }
    }

    /// The type name `id` was created with: names made from a model's name (its variant in a
    /// union, a field or body named after it) keep it when `merge` renames the model.
    fn created(&self, id: ModelId) -> &str {
        self.created.get(id.index()).map_or("", String::as_str)
    }

    /// The type name of `id`.
    fn name(&self, id: ModelId) -> &str {
        match self.renamed.get(&id) {
            Some(name) => name,
            None => self.created(id),
        }
    }

    /// Gives `id` the type name `candidate` if no model has it yet.
    fn rename_if_free(&mut self, id: ModelId, candidate: String) {
        if !self.scope.contains(&candidate) {
            let name = self.scope.claim(candidate);
            self.renamed.insert(id, name);
        }
    }
}

/// The parts of the crate that refer to models, with every reference a name.
pub(crate) struct Named {
    /// Every model, sorted by Rust name.
    pub(crate) models: Vec<ir::Model>,
    pub(crate) apis: Vec<ir::ApiGroup>,
    pub(crate) receivers: Vec<ir::Receiver>,
    /// Sorted by pointer.
    pub(crate) examples: Vec<ir::Example>,
}

/// Names `models` and writes the model references of `apis`, `receivers` and `examples` by name.
/// `reserved` are the names the templates use.
pub(crate) fn name(
    models: &Models,
    reserved: &ir::ReservedNames,
    apis: Vec<ir::ApiGroup<Ids>>,
    receivers: Vec<ir::Receiver<Ids>>,
    examples: BTreeMap<String, ir::Example<Ids>>,
) -> Named {
    let mut type_names = TypeNames::claim(models, reserved.model_types);
    // Of the models `merge` folded into one, the first by name stands for them all, named after
    // the property they share when no model has that name yet.
    let mut kept: BTreeMap<ModelId, ModelId> = BTreeMap::new();
    for fold in models.folds() {
        let Some(keep) = fold.members.iter().copied().min_by(|a, b| type_names.name(*a).cmp(type_names.name(*b))) else {
            continue;
        };
        if let Some(shared) = &fold.shared {
            type_names.rename_if_free(keep, shared.clone());
        }
        kept.extend(fold.members.iter().map(|m| (*m, keep)));
    }
    let type_names = &type_names;
    let by_name = Names { type_names, kept: &kept, reserved };
    let mut sorted: Vec<(ModelId, &str)> = models
        .iter()
        .filter(|(id, _)| kept.get(id).is_none_or(|k| k == id))
        .map(|(id, _)| (id, type_names.name(id)))
        .collect();
    sorted.sort_by(|a, b| a.1.cmp(b.1));
    // Each model gets its own file, and none may be `mod.rs`, the models module itself.
    let mut files = Scope::with_reserved(reserved.model_modules);
    let mut out = Vec::new();
    for (id, name) in sorted {
        let Some(draft) = models.get(id) else {
            continue;
        };
        let module = names::snake(name);
        let stem = names::bare(&module).to_string();
        let file = files.claim(stem.clone());
        out.push(ir::Model {
            name: name.to_string(),
            module: if file == stem { module } else { file.clone() },
            file,
            spec_name: draft.spec_name.clone(),
            description: draft.description.clone(),
            kind: by_name.kind(draft.kind.clone()),
        });
    }
    Named {
        models: out,
        apis: apis.into_iter().map(|g| by_name.api(g)).collect(),
        receivers: receivers.into_iter().map(|r| by_name.receiver(r)).collect(),
        examples: examples.into_values().map(|e| by_name.example(e)).collect(),
    }
}

/// Writes model ids as type names. One method per IR type that holds a model reference, so a
/// type that gains one does not compile until it is named here.
struct Names<'m> {
    type_names: &'m TypeNames,
    /// The model kept for each folded one.
    kept: &'m BTreeMap<ModelId, ModelId>,
    reserved: &'m ir::ReservedNames,
}

impl Names<'_> {
    /// The type name of the model standing for `id`.
    fn model(&self, id: ModelId) -> String {
        let id = self.kept.get(&id).copied().unwrap_or(id);
        self.type_names.name(id).to_string()
    }

    /// A name that is not claimed in a scope (a parameter's wire name).
    fn text(&self, name: Name) -> String {
        match name {
            Name::Given(text) | Name::Claim(text) => text,
            Name::ClaimType(id) | Name::Type(id) => self.type_names.created(id).to_string(),
            Name::ClaimSnake(id) => names::snake(self.type_names.created(id)),
        }
    }

    /// The names of one scope, in order: the given ones were claimed while lowering, and the
    /// others are claimed after them, as lowering would have.
    fn claim(&self, mut scope: Scope, names: Vec<Name>) -> Vec<String> {
        for name in &names {
            if let Some(given) = name.given() {
                scope.claim(given.to_string());
            }
        }
        names
            .into_iter()
            .map(|name| match name {
                Name::Given(text) => text,
                Name::Claim(text) => scope.claim(text),
                Name::ClaimType(id) => scope.claim(self.type_names.created(id).to_string()),
                Name::ClaimSnake(id) => scope.claim(names::snake(self.type_names.created(id))),
                Name::Type(id) => self.type_names.created(id).to_string(),
            })
            .collect()
    }

    fn ty(&self, ty: ir::Type<Ids>) -> ir::Type {
        use ir::Type as T;
        match ty {
            T::String => T::String,
            T::Bool => T::Bool,
            T::I32 => T::I32,
            T::I64 => T::I64,
            T::F32 => T::F32,
            T::F64 => T::F64,
            T::Bytes => T::Bytes,
            T::Json => T::Json,
            T::List(inner) => T::List(Box::new(self.ty(*inner))),
            T::Map(inner) => T::Map(Box::new(self.ty(*inner))),
            T::Model(id) => T::Model(self.model(id)),
        }
    }

    fn kind(&self, kind: ir::ModelKind<Ids>) -> ir::ModelKind {
        use ir::ModelKind as K;
        match kind {
            K::Struct(s) => {
                // The envelope's record of defaulted fields is claimed after the spec's fields.
                let mut requests: Vec<Name> = s.fields.iter().map(|f| f.ident.clone()).collect();
                requests.extend(s.defaulted.clone());
                let mut idents = self.claim(Scope::new(), requests);
                let defaulted = s.defaulted.as_ref().and_then(|_| idents.pop());
                K::Struct(ir::Struct {
                    fields: s.fields.into_iter().zip(idents).map(|(f, ident)| self.field(f, ident)).collect(),
                    has_secrets: s.has_secrets,
                    derives_default: s.derives_default,
                    default_from_new: s.default_from_new,
                    tag: s.tag,
                    defaulted,
                })
            }
            K::Enum(e) => K::Enum(e),
            K::Tagged(t) => K::Tagged(ir::TaggedUnion {
                tag: t.tag,
                variants: t
                    .variants
                    .into_iter()
                    .map(|v| ir::TaggedVariant { value: v.value, ident: v.ident, model: self.model(v.model), from_impl: v.from_impl })
                    .collect(),
                unknown_variant: t.unknown_variant,
                malformed_variant: t.malformed_variant,
            }),
            K::Untagged(vs) => {
                let idents = self.claim(Scope::new(), vs.iter().map(|v| v.ident.clone()).collect());
                K::Untagged(
                    vs.into_iter()
                        .zip(idents)
                        .map(|(v, ident)| ir::UntaggedVariant { ident, ty: self.ty(v.ty), from_impl: v.from_impl })
                        .collect(),
                )
            }
            K::Alias(ty) => K::Alias(self.ty(ty)),
        }
    }

    fn field(&self, f: ir::Field<Ids>, ident: String) -> ir::Field {
        ir::Field {
            wire_name: f.wire_name,
            ty: self.ty(f.ty),
            required: f.required,
            nullable: f.nullable,
            boxed: f.boxed,
            description: f.description,
            default: f.default,
            default_value: f.default_value,
            setter: f.setter,
            secret: f.secret,
            flatten: f.flatten,
            lenient: f.lenient,
            local: names::join_snake(&["f", &ident]),
            ident,
        }
    }

    fn api(&self, g: ir::ApiGroup<Ids>) -> ir::ApiGroup {
        ir::ApiGroup {
            class_name: g.class_name,
            module: g.module,
            operations: g.operations.into_iter().map(|o| self.operation(o)).collect(),
            server: g.server,
        }
    }

    fn operation(&self, o: ir::Operation<Ids>) -> ir::Operation {
        ir::Operation {
            operation_id: o.operation_id,
            name: o.name,
            with_http_info_name: o.with_http_info_name,
            request_name: o.request_name,
            mock_name: o.mock_name,
            mock_type: o.mock_type,
            type_stem: o.type_stem,
            method: o.method,
            path: o.path,
            path_parts: o.path_parts,
            server: o.server,
            summary: o.summary,
            description: o.description,
            deprecated: o.deprecated,
            params: {
                let scope = Scope::with_reserved(self.reserved.operation_locals);
                let idents = self.claim(scope, o.params.iter().map(|p| p.ident.clone()).collect());
                o.params.into_iter().zip(idents).map(|(p, ident)| self.param(p, ident)).collect()
            },
            body: o.body,
            success: self.response(o.success),
            success_statuses: o.success_statuses,
            errors: o
                .errors
                .into_iter()
                .map(|e| ir::ErrorCase { status: e.status, variant: e.variant, ty: self.ty(e.ty), description: e.description })
                .collect(),
            content_types: o.content_types,
            accepts: o.accepts,
            auth: o.auth,
            sends_cookies: o.sends_cookies,
            retry_key: o.retry_key,
            item_stream: o.item_stream.map(|s| ir::ItemStream { item: self.ty(s.item), framing: s.framing, media_type: s.media_type }),
            pagination: o.pagination.map(|p| ir::Pagination {
                style: p.style,
                param: p.param,
                items: p.items,
                items_optional: p.items_optional,
                item: self.ty(p.item),
            }),
        }
    }

    fn param(&self, p: ir::Param<Ids>, ident: String) -> ir::Param {
        ir::Param {
            wire_name: self.text(p.wire_name),
            ident,
            location: p.location,
            ty: self.ty(p.ty),
            required: p.required,
            description: p.description,
            secret: p.secret,
            part_content_type: p.part_content_type,
            example: p.example,
        }
    }

    fn response(&self, r: ir::ResponseBody<Ids>) -> ir::ResponseBody {
        use ir::ResponseBody as R;
        match r {
            R::Empty => R::Empty,
            R::Json(ty) => R::Json(self.ty(ty)),
            R::Bytes => R::Bytes,
            R::Text => R::Text,
        }
    }

    fn receiver(&self, r: ir::Receiver<Ids>) -> ir::Receiver {
        ir::Receiver {
            operation_id: r.operation_id,
            name: r.name,
            type_stem: r.type_stem,
            method: r.method,
            path: r.path,
            summary: r.summary,
            description: r.description,
            deprecated: r.deprecated,
            body: r.body.map(|ty| self.ty(ty)),
            media_type: r.media_type,
            signature: r.signature,
            origin: r.origin,
            success_status: r.success_status,
        }
    }

    fn example(&self, e: ir::Example<Ids>) -> ir::Example {
        ir::Example { pointer: e.pointer, ty: self.ty(e.ty), null: e.null, json: e.json, undeclared: e.undeclared }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::models::{Draft, Fold, Hint};

    fn enumeration() -> ir::ModelKind<Ids> {
        ir::ModelKind::Enum(ir::StringEnum { variants: Vec::new(), unknown_variant: "Unknown".into() })
    }

    fn draft(kind: ir::ModelKind<Ids>) -> Draft {
        Draft { spec_name: String::new(), description: None, kind }
    }

    #[test]
    fn type_names_are_claimed_in_creation_order_after_their_parent() {
        let mut models = Models::default();
        let button = models.add(NameRequest::Exact("FlexButton".into()));
        let style = models.add(NameRequest::Hint(Hint::model(button).join("Style")));
        let item = models.add(NameRequest::Hint(Hint::model(style).join("Item")));
        // Made later, so it is the one numbered.
        let component = models.add(NameRequest::Exact("FlexButtonStyle".into()));
        let vec = models.add(NameRequest::Hint(Hint::text("vec")));
        for id in [button, style, item, component, vec] {
            models.set(id, draft(enumeration()));
        }
        let named = name(&models, &ir::ReservedNames::default(), Vec::new(), Vec::new(), BTreeMap::new());
        let names: Vec<&str> = named.models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["FlexButton", "FlexButtonStyle", "FlexButtonStyle2", "FlexButtonStyleItem", "Vec2"]);
    }

    #[test]
    fn a_fold_keeps_its_first_member_by_name_and_names_made_from_a_member_keep_its_own() {
        let mut models = Models::default();
        let union = models.add(NameRequest::Exact("Either".into()));
        let later = models.add(NameRequest::Exact("BoxPosition".into()));
        let earlier = models.add(NameRequest::Exact("TextPosition".into()));
        models.set(later, draft(enumeration()));
        models.set(earlier, draft(enumeration()));
        let variants = [earlier, later]
            .map(|id| ir::UntaggedVariant { ident: Name::ClaimType(id), ty: ir::Type::Model(id), from_impl: false });
        models.set(union, draft(ir::ModelKind::Untagged(variants.to_vec())));
        models.fold(Fold { members: vec![later, earlier], shared: Some("Position".into()) });
        let named = name(&models, &ir::ReservedNames::default(), Vec::new(), Vec::new(), BTreeMap::new());
        let names: Vec<&str> = named.models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Either", "Position"]);
        let either = named.models.iter().find(|m| m.name == "Either").map(|m| &m.kind);
        let Some(ir::ModelKind::Untagged(vs)) = either else {
            panic!("Either is not a union: {either:?}");
        };
        let variants: Vec<(&str, &ir::Type)> = vs.iter().map(|v| (v.ident.as_str(), &v.ty)).collect();
        let position = ir::Type::Model("Position".to_string());
        assert_eq!(variants, [("TextPosition", &position), ("BoxPosition", &position)]);
    }
}
