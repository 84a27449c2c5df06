//! Merges inline string enums that declare the same values into one model.
//!
//! LINE repeats `position: [relative, absolute]` on five flex components and a currency list on
//! five price schemas; one `Position` type serves them all better than five identical ones.

use std::collections::BTreeMap;

use super::models::{Fold, ModelId, Models};
use super::names;
use super::Pointer;
use crate::ir::ModelKind;

/// Folds each group of identical inline enums (same values, same value descriptions) into one
/// model: references to any member are references to the group's model. Which member stands for
/// the group is decided with the names (`naming`): the first by name, named after the property
/// when every member comes from a property of that name (other than `type`) and the name is free.
pub(crate) fn merge_inline_enums(models: &mut Models) {
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
    let mut folds = Vec::new();
    for members in groups.into_values().filter(|g| g.len() > 1) {
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
        folds.push((Fold { members, shared }, same_description));
    }
    for (fold, same_description) in folds {
        // Properties with different descriptions keep them on their fields; the shared type
        // cannot pick one.
        if !same_description {
            for id in &fold.members {
                if let Some(member) = models.get_mut(*id) {
                    member.description = None;
                }
            }
        }
        models.fold(fold);
    }
}

/// `position` for `#/components/schemas/FlexBox/allOf/1/properties/position`.
fn property_name(at: &Pointer) -> Option<String> {
    let holder = at.parent();
    (holder.last()? == "properties").then(|| at.last().map(|p| p.into_owned())).flatten()
}
