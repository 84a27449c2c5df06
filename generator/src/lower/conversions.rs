//! Decides which union variants get a `From` impl, by the Rust type each converts from.

use std::collections::BTreeMap;

use crate::ir::{Model, ModelKind, Type};

/// Gives a union variant `From<T>` when no other variant of the union converts from the same
/// Rust type `T`. Types are compared after resolving aliases (`pub type Mode = String;` is
/// `String`), since two impls of `From<String>` do not compile (E0119) even when the spec's
/// members are different schemas. An untagged union leaves out every variant whose type is
/// shared (which one the value belongs to is not knowable from the type); a tagged union keeps
/// the first, as it always converts a model into the variant its mapping names first.
pub(crate) fn choose_conversions(models: &mut [Model]) {
    let aliases: BTreeMap<String, Type> = models
        .iter()
        .filter_map(|m| match &m.kind {
            ModelKind::Alias(ty) => Some((m.name.clone(), ty.clone())),
            _ => None,
        })
        .collect();
    for model in models.iter_mut() {
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
                    let source = rust_type(&Type::Model(v.model.clone()), &aliases);
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
fn rust_type(ty: &Type, aliases: &BTreeMap<String, Type>) -> Type {
    let mut seen = Vec::new();
    resolve(ty, aliases, &mut seen)
}

fn resolve(ty: &Type, aliases: &BTreeMap<String, Type>, seen: &mut Vec<String>) -> Type {
    match ty {
        Type::Model(name) => match aliases.get(name) {
            Some(target) if !seen.contains(name) => {
                seen.push(name.clone());
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
    use crate::ir::{TaggedUnion, TaggedVariant, UntaggedVariant};

    fn model(name: &str, kind: ModelKind) -> Model {
        Model {
            name: name.into(),
            module: name.to_lowercase(),
            file: name.to_lowercase(),
            spec_name: name.into(),
            description: None,
            kind,
        }
    }

    fn untagged(variants: &[(&str, Type)]) -> ModelKind {
        ModelKind::Untagged(
            variants.iter().map(|(ident, ty)| UntaggedVariant { ident: (*ident).into(), ty: ty.clone(), from_impl: true }).collect(),
        )
    }

    fn from_impls(model: &Model) -> Vec<bool> {
        match &model.kind {
            ModelKind::Untagged(vs) => vs.iter().map(|v| v.from_impl).collect(),
            ModelKind::Tagged(t) => t.variants.iter().map(|v| v.from_impl).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn an_alias_and_its_target_are_one_type() {
        let list = |t: Type| Type::List(Box::new(t));
        let mut models = vec![
            model("Mode", ModelKind::Alias(Type::String)),
            model("Modes", ModelKind::Alias(list(Type::Model("Mode".into())))),
            model("Either", untagged(&[("Mode", Type::Model("Mode".into())), ("String", Type::String), ("I64", Type::I64)])),
            model("Lists", untagged(&[("Modes", Type::Model("Modes".into())), ("List", list(Type::String))])),
            model("Distinct", untagged(&[("String", Type::String), ("Bool", Type::Bool)])),
        ];
        choose_conversions(&mut models);
        assert_eq!(from_impls(&models[2]), [false, false, true]);
        assert_eq!(from_impls(&models[3]), [false, false]);
        assert_eq!(from_impls(&models[4]), [true, true]);
    }

    #[test]
    fn a_tagged_union_converts_each_model_into_its_first_variant() {
        let variant = |ident: &str, model: &str| TaggedVariant {
            ident: ident.into(),
            value: ident.to_lowercase(),
            model: model.into(),
            from_impl: false,
        };
        let mut models = vec![
            model("Dog", ModelKind::Alias(Type::Model("Animal".into()))),
            model(
                "Pet",
                ModelKind::Tagged(TaggedUnion {
                    tag: "kind".into(),
                    variants: vec![variant("Animal", "Animal"), variant("Dog", "Dog"), variant("Cat", "Cat")],
                    unknown_variant: "Unknown".into(),
                    malformed_variant: "Malformed".into(),
                }),
            ),
            // An alias loop ends without running forever.
            model("Loop", ModelKind::Alias(Type::Model("Loop".into()))),
            model("Looped", untagged(&[("Loop", Type::Model("Loop".into())), ("String", Type::String)])),
        ];
        choose_conversions(&mut models);
        assert_eq!(from_impls(&models[1]), [true, false, true]);
        assert_eq!(from_impls(&models[3]), [true, true]);
    }
}
