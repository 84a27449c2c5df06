//! Decides which union variants get a `From` impl, by the Rust type each converts from.

use std::collections::BTreeMap;

use super::models::{ModelId, Models, Type};
use crate::ir::ModelKind;

/// Gives a union variant `From<T>` when no other variant of the union converts from the same
/// Rust type `T`. Types are compared after resolving aliases (`pub type Mode = String;` is
/// `String`), since two impls of `From<String>` do not compile (E0119) even when the spec's
/// members are different schemas. An untagged union leaves out every variant whose type is
/// shared (which one the value belongs to is not knowable from the type); a tagged union keeps
/// the first, as it always converts a model into the variant its mapping names first.
pub(crate) fn choose_conversions(models: &mut Models) {
    let mut aliases: BTreeMap<ModelId, Type> = models
        .iter()
        .filter_map(|(id, m)| match &m.kind {
            ModelKind::Alias(ty) => Some((id, ty.clone())),
            _ => None,
        })
        .collect();
    // A model `merge` folded into another is the same type, as an alias is.
    aliases.extend(models.folded().map(|(from, into)| (from, Type::Model(into))));
    for (_, model) in models.iter_mut() {
        match &mut model.kind {
            ModelKind::Untagged(variants) => {
                let sources: Vec<Type> = variants.iter().map(|v| rust_type(&v.ty, &aliases)).collect();
                for (v, source) in variants.iter_mut().zip(&sources) {
                    v.from_impl = sources.iter().filter(|s| *s == source).count() == 1;
                }
            }
            ModelKind::Tagged(t) => {
                let mut seen = Vec::new();
                for v in &mut t.variants {
                    let source = rust_type(&Type::Model(v.model), &aliases);
                    v.from_impl = !seen.contains(&source);
                    seen.push(source);
                }
            }
            ModelKind::Struct(_) | ModelKind::Enum(_) | ModelKind::Alias(_) => {}
        }
    }
}

/// `ty` with every alias replaced by what it stands for. An alias chain that loops (which
/// rustc would refuse anyway) stops at the model where it closes.
fn rust_type(ty: &Type, aliases: &BTreeMap<ModelId, Type>) -> Type {
    let mut seen = Vec::new();
    resolve(ty, aliases, &mut seen)
}

fn resolve(ty: &Type, aliases: &BTreeMap<ModelId, Type>, seen: &mut Vec<ModelId>) -> Type {
    match ty {
        Type::Model(id) => match aliases.get(id) {
            Some(target) if !seen.contains(id) => {
                seen.push(*id);
                let resolved = resolve(target, aliases, seen);
                seen.pop();
                resolved
            }
            _ => ty.clone(),
        },
        Type::List(inner) => Type::List(Box::new(resolve(inner, aliases, seen))),
        Type::Map(inner) => Type::Map(Box::new(resolve(inner, aliases, seen))),
        _ => ty.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{StringEnum, TaggedUnion, TaggedVariant, UntaggedVariant};
    use crate::lower::models::{Draft, Fold, Ids, Name, NameRequest};

    /// Models named `names`, in order, without shapes yet, and a reference to each by name.
    fn named(names: &[&str]) -> (Models, impl Fn(&str) -> ModelId) {
        let mut models = Models::default();
        let ids: BTreeMap<String, ModelId> =
            names.iter().map(|n| (n.to_string(), models.add(NameRequest::Exact(n.to_string())))).collect();
        (models, move |name: &str| ids[name])
    }

    fn set(models: &mut Models, id: ModelId, kind: ModelKind<Ids>) {
        models.set(id, Draft { spec_name: String::new(), description: None, kind });
    }

    fn untagged(variants: &[(&str, Type)]) -> ModelKind<Ids> {
        ModelKind::Untagged(
            variants.iter().map(|(ident, ty)| UntaggedVariant { ident: Name::Given((*ident).into()), ty: ty.clone(), from_impl: true }).collect(),
        )
    }

    fn from_impls(models: &Models, id: ModelId) -> Vec<bool> {
        match models.get(id).map(|m| &m.kind) {
            Some(ModelKind::Untagged(vs)) => vs.iter().map(|v| v.from_impl).collect(),
            Some(ModelKind::Tagged(t)) => t.variants.iter().map(|v| v.from_impl).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn an_alias_and_its_target_are_one_type() {
        let list = |t: Type| Type::List(Box::new(t));
        let (mut models, id) = named(&["Mode", "Modes", "Either", "Lists", "Distinct"]);
        let model = |name: &str| Type::Model(id(name));
        set(&mut models, id("Mode"), ModelKind::Alias(Type::String));
        set(&mut models, id("Modes"), ModelKind::Alias(list(model("Mode"))));
        set(&mut models, id("Either"), untagged(&[("Mode", model("Mode")), ("String", Type::String), ("I64", Type::I64)]));
        set(&mut models, id("Lists"), untagged(&[("Modes", model("Modes")), ("List", list(Type::String))]));
        set(&mut models, id("Distinct"), untagged(&[("String", Type::String), ("Bool", Type::Bool)]));
        choose_conversions(&mut models);
        assert_eq!(from_impls(&models, id("Either")), [false, false, true]);
        assert_eq!(from_impls(&models, id("Lists")), [false, false]);
        assert_eq!(from_impls(&models, id("Distinct")), [true, true]);
    }

    #[test]
    fn models_merged_into_one_are_one_type() {
        let (mut models, id) = named(&["Position", "FlexBoxPosition", "Either"]);
        let model = |name: &str| Type::Model(id(name));
        let values = ModelKind::Enum(StringEnum { variants: Vec::new(), unknown_variant: "Unknown".into() });
        set(&mut models, id("Position"), values.clone());
        set(&mut models, id("FlexBoxPosition"), values);
        set(&mut models, id("Either"), untagged(&[("Position", model("Position")), ("FlexBoxPosition", model("FlexBoxPosition"))]));
        choose_conversions(&mut models);
        assert_eq!(from_impls(&models, id("Either")), [true, true]);
        models.fold(Fold { members: vec![id("Position"), id("FlexBoxPosition")], shared: None });
        choose_conversions(&mut models);
        assert_eq!(from_impls(&models, id("Either")), [false, false]);
    }

    #[test]
    fn a_tagged_union_converts_each_model_into_its_first_variant() {
        let (mut models, id) = named(&["Animal", "Cat", "Dog", "Pet", "Loop", "Looped"]);
        let model = |name: &str| Type::Model(id(name));
        let variant = |ident: &str, model: &str| TaggedVariant {
            ident: ident.into(),
            value: ident.to_lowercase(),
            model: id(model),
            from_impl: false,
        };
        set(&mut models, id("Dog"), ModelKind::Alias(model("Animal")));
        set(
            &mut models,
            id("Pet"),
            ModelKind::Tagged(TaggedUnion {
                tag: "kind".into(),
                variants: vec![variant("Animal", "Animal"), variant("Dog", "Dog"), variant("Cat", "Cat")],
                unknown_variant: "Unknown".into(),
                malformed_variant: "Malformed".into(),
            }),
        );
        // An alias loop ends without running forever.
        set(&mut models, id("Loop"), ModelKind::Alias(model("Loop")));
        set(&mut models, id("Looped"), untagged(&[("Loop", model("Loop")), ("String", Type::String)]));
        choose_conversions(&mut models);
        assert_eq!(from_impls(&models, id("Pet")), [true, false, true]);
        assert_eq!(from_impls(&models, id("Looped")), [true, true]);
    }
}
