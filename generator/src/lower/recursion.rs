//! Finds model fields that make a type contain itself by value, and boxes only those.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Model, ModelKind, Type};

/// Boxes every struct field whose model reaches back to the struct without passing a `Vec` or map.
pub fn box_recursive_fields(models: &mut [Model]) {
    let edges: BTreeMap<String, BTreeSet<String>> = models
        .iter()
        .map(|m| (m.name.clone(), by_value_children(&m.kind)))
        .collect();
    for model in models.iter_mut() {
        let name = model.name.clone();
        if let ModelKind::Struct(s) = &mut model.kind {
            for field in &mut s.fields {
                if let Type::Model(target) = &field.ty {
                    if reaches(&edges, target, &name) {
                        field.boxed = true;
                    }
                }
            }
        }
    }
}

/// Models held by value (not behind `Vec` or a map) by a model of this kind.
fn by_value_children(kind: &ModelKind) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    match kind {
        ModelKind::Struct(s) => {
            for f in &s.fields {
                if let Type::Model(m) = &f.ty {
                    out.insert(m.clone());
                }
            }
        }
        ModelKind::Tagged(t) => out.extend(t.variants.iter().map(|v| v.model.clone())),
        ModelKind::Untagged(vs) => {
            for v in vs {
                if let Type::Model(m) = &v.ty {
                    out.insert(m.clone());
                }
            }
        }
        ModelKind::Alias(Type::Model(m)) => {
            out.insert(m.clone());
        }
        ModelKind::Alias(_) | ModelKind::Enum(_) => {}
    }
    out
}

/// Whether `to` is reachable from `from` through by-value edges.
fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if !seen.insert(n.clone()) {
            continue;
        }
        if let Some(next) = edges.get(&n) {
            stack.extend(next.iter().cloned());
        }
    }
    false
}
