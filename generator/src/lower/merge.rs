//! Merges inline string enums that declare the same values into one model.
//!
//! LINE repeats `position: [relative, absolute]` on five flex components and a currency list on
//! five price schemas; one `Position` type serves them all better than five identical ones.

use std::collections::BTreeMap;

use super::names::{self, Scope};
use super::Pointer;
use crate::ir::{self, ModelKind, Type};

/// Replaces each group of identical inline enums (same values, same value descriptions) by one
/// model. The merged model is named after the property when every member comes from a property
/// of that name (other than `type`) and the name is free; otherwise it keeps the name of the
/// first member (by name). `inline` holds the models made from inline schemas, by pointer.
pub(crate) fn merge_inline_enums(
    models: &mut Vec<ir::Model>,
    inline: &BTreeMap<Pointer, String>,
    scope: &mut Scope,
    apis: &mut [ir::ApiGroup],
    receivers: &mut [ir::Receiver],
    examples: &mut BTreeMap<String, ir::Example>,
) {
    let origin: BTreeMap<&str, &Pointer> = inline.iter().map(|(at, name)| (name.as_str(), at)).collect();
    let mut groups: BTreeMap<Vec<(String, String)>, Vec<usize>> = BTreeMap::new();
    for (i, m) in models.iter().enumerate() {
        if let ModelKind::Enum(e) = &m.kind {
            if origin.contains_key(m.name.as_str()) {
                let mut key: Vec<(String, String)> = e
                    .variants
                    .iter()
                    .map(|v| (v.value.clone(), v.description.clone().unwrap_or_default()))
                    .collect();
                key.sort();
                groups.entry(key).or_default().push(i);
            }
        }
    }
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    let mut remove = Vec::new();
    for members in groups.into_values().filter(|g| g.len() > 1) {
        let mut members: Vec<usize> = members;
        members.sort_by(|a, b| models.get(*a).map(|m| &m.name).cmp(&models.get(*b).map(|m| &m.name)));
        let Some((&keep, rest)) = members.split_first() else {
            continue;
        };
        let properties: Vec<Option<String>> = members
            .iter()
            .filter_map(|i| models.get(*i))
            .map(|m| origin.get(m.name.as_str()).and_then(|at| property_name(at)))
            .collect();
        // `Type` alone would say nothing (and `type` is the discriminator property in LINE's specs).
        let shared = match properties.first() {
            Some(Some(p)) if p != "type" && properties.iter().all(|q| q.as_deref() == Some(p.as_str())) => {
                Some(names::pascal(p))
            }
            _ => None,
        };
        let descriptions: Vec<Option<&String>> =
            members.iter().filter_map(|i| models.get(*i)).map(|m| m.description.as_ref()).collect();
        let same_description = descriptions.windows(2).all(|w| w.first() == w.get(1));
        let Some(kept) = models.get_mut(keep) else {
            continue;
        };
        let old = kept.name.clone();
        if let Some(shared) = shared.filter(|s| !scope.contains(s)) {
            let new = scope.claim(shared);
            kept.module = names::snake(&new);
            kept.file = names::bare(&kept.module).to_string();
            kept.name = new.clone();
            renames.insert(old.clone(), new);
        }
        // Properties with different descriptions keep them on their fields; the shared type
        // cannot pick one.
        if !same_description {
            kept.description = None;
        }
        let target = renames.get(&old).cloned().unwrap_or(old);
        for &i in rest {
            if let Some(m) = models.get(i) {
                renames.insert(m.name.clone(), target.clone());
                remove.push(i);
            }
        }
    }
    if renames.is_empty() {
        return;
    }
    remove.sort_unstable();
    for i in remove.into_iter().rev() {
        if i < models.len() {
            models.remove(i);
        }
    }
    for m in models.iter_mut() {
        match &mut m.kind {
            ModelKind::Struct(s) => s.fields.iter_mut().for_each(|f| rename(&mut f.ty, &renames)),
            ModelKind::Untagged(vs) => vs.iter_mut().for_each(|v| rename(&mut v.ty, &renames)),
            ModelKind::Alias(ty) => rename(ty, &renames),
            ModelKind::Tagged(t) => t.variants.iter_mut().for_each(|v| {
                if let Some(new) = renames.get(&v.model) {
                    v.model = new.clone();
                }
            }),
            ModelKind::Enum(_) => {}
        }
    }
    for op in apis.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        op.params.iter_mut().for_each(|p| rename(&mut p.ty, &renames));
        op.errors.iter_mut().for_each(|e| rename(&mut e.ty, &renames));
        if let ir::ResponseBody::Json(ty) = &mut op.success {
            rename(ty, &renames);
        }
    }
    receivers.iter_mut().filter_map(|r| r.body.as_mut()).for_each(|ty| rename(ty, &renames));
    examples.values_mut().for_each(|e| rename(&mut e.ty, &renames));
}

fn rename(ty: &mut Type, renames: &BTreeMap<String, String>) {
    match ty {
        Type::Model(name) => {
            if let Some(new) = renames.get(name) {
                *name = new.clone();
            }
        }
        Type::List(inner) | Type::Map(inner) => rename(inner, renames),
        _ => {}
    }
}

/// `position` for `#/components/schemas/FlexBox/allOf/1/properties/position`.
fn property_name(at: &Pointer) -> Option<String> {
    let holder = at.parent();
    (holder.last()? == "properties").then(|| at.last().map(|p| p.into_owned())).flatten()
}
