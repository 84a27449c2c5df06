//! Merges inline string enums that declare the same values into one model.
//!
//! LINE repeats `position: [relative, absolute]` on five flex components and a currency list on
//! five price schemas; one `Position` type serves them all better than five identical ones.

use std::collections::BTreeMap;

use super::models::{ModelId, Models};
use super::naming::TypeNames;
use super::names;
use super::Pointer;
use crate::ir::ModelKind;

/// Folds each group of identical inline enums (same values, same value descriptions) into one
/// model. The merged model is named after the property when every member comes from a property
/// of that name (other than `type`) and the name is free; otherwise it keeps the name of the
/// first member (by name). The others are folded into it: references to them name it.
pub(crate) fn merge_inline_enums(models: &mut Models, names: &mut TypeNames) {
    let origin: BTreeMap<ModelId, &Pointer> = models.inline().iter().map(|(at, id)| (*id, at)).collect();
    let mut groups: BTreeMap<Vec<(String, String)>, Vec<ModelId>> = BTreeMap::new();
    for (id, m) in models.iter() {
        if let ModelKind::Enum(e) = &m.kind {
            if origin.contains_key(&id) {
                let mut key: Vec<(String, String)> = e
                    .variants
                    .iter()
                    .map(|v| (v.value.clone(), v.description.clone().unwrap_or_default()))
                    .collect();
                key.sort();
                groups.entry(key).or_default().push(id);
            }
        }
    }
    let mut plan = Vec::new();
    for mut members in groups.into_values().filter(|g| g.len() > 1) {
        members.sort_by(|a, b| names.name(*a).cmp(names.name(*b)));
        let Some((&keep, rest)) = members.split_first() else {
            continue;
        };
        let properties: Vec<Option<String>> =
            members.iter().map(|id| origin.get(id).and_then(|at| property_name(at))).collect();
        // `Type` alone would say nothing (and `type` is the discriminator property in LINE's specs).
        let shared = match properties.first() {
            Some(Some(p)) if p != "type" && properties.iter().all(|q| q.as_deref() == Some(p.as_str())) => {
                Some(names::pascal(p))
            }
            _ => None,
        };
        let descriptions: Vec<Option<&String>> =
            members.iter().map(|id| models.get(*id).and_then(|m| m.description.as_ref())).collect();
        let same_description = descriptions.windows(2).all(|w| w.first() == w.get(1));
        plan.push((keep, rest.to_vec(), shared, same_description));
    }
    for (keep, rest, shared, same_description) in plan {
        if let Some(shared) = shared {
            names.rename_if_free(keep, shared);
        }
        // Properties with different descriptions keep them on their fields; the shared type
        // cannot pick one.
        if !same_description {
            if let Some(kept) = models.get_mut(keep) {
                kept.description = None;
            }
        }
        for id in rest {
            models.merge(id, keep);
        }
    }
}

/// `position` for `#/components/schemas/FlexBox/allOf/1/properties/position`.
fn property_name(at: &Pointer) -> Option<String> {
    let holder = at.parent();
    (holder.last()? == "properties").then(|| at.last().map(|p| p.into_owned())).flatten()
}
