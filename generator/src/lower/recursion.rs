//! Finds model fields that make a type contain itself by value, and boxes only those.

use std::collections::{BTreeMap, BTreeSet};

use super::models::{Ids, ModelId, Models, Type};
use crate::ir::ModelKind;

/// Boxes every struct field whose model reaches back to the struct without passing a `Vec` or map.
///
/// A field `X.f: T` held by value is such a field exactly when `T` reaches `X`, that is when `X`
/// and `T` are in the same strongly connected component of the by-value graph; the components
/// are found once, in time linear in the models and fields, however many models a spec makes.
pub(crate) fn box_recursive_fields(models: &mut Models) {
    // One node per model; the members of a fold are one model.
    let mut node: BTreeMap<ModelId, usize> = models.iter().enumerate().map(|(i, (id, _))| (id, i)).collect();
    let folded: Vec<(ModelId, usize)> =
        models.folded().filter_map(|(id, canonical)| node.get(&canonical).map(|n| (id, *n))).collect();
    node.extend(folded);
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|(_, m)| by_value_children(&m.kind).iter().filter_map(|c| node.get(c).copied()).collect())
        .collect();
    let component = strongly_connected_components(&edges);
    for (i, (_, model)) in models.iter_mut().enumerate() {
        if let ModelKind::Struct(s) = &mut model.kind {
            for field in &mut s.fields {
                if let Type::Model(target) = &field.ty {
                    if let Some(&t) = node.get(target) {
                        if component.get(t).is_some() && component.get(t) == component.get(i) {
                            field.boxed = true;
                        }
                    }
                }
            }
        }
    }
}

/// Tarjan's algorithm without recursion (model graphs can be deep): the component of each node.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_order = 0usize;
    let mut next_component = 0usize;
    for root in 0..n {
        if order.get(root) != Some(&UNSEEN) {
            continue;
        }
        // (node, index of the next edge to look at)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order.get(v) == Some(&UNSEEN) {
                set(&mut order, v, next_order);
                set(&mut low, v, next_order);
                next_order += 1;
                stack.push(v);
                set(&mut on_stack, v, true);
            }
            let successor = edges.get(v).and_then(|e| e.get(*edge)).copied();
            *edge += 1;
            match successor {
                Some(w) if order.get(w) == Some(&UNSEEN) => work.push((w, 0)),
                Some(w) => {
                    if on_stack.get(w) == Some(&true) {
                        let m = low.get(v).copied().unwrap_or(0).min(order.get(w).copied().unwrap_or(0));
                        set(&mut low, v, m);
                    }
                }
                None => {
                    work.pop();
                    if let Some(&(parent, _)) = work.last() {
                        let m = low.get(parent).copied().unwrap_or(0).min(low.get(v).copied().unwrap_or(0));
                        set(&mut low, parent, m);
                    }
                    if low.get(v) == order.get(v) {
                        while let Some(w) = stack.pop() {
                            set(&mut on_stack, w, false);
                            set(&mut component, w, next_component);
                            if w == v {
                                break;
                            }
                        }
                        next_component += 1;
                    }
                }
            }
        }
    }
    component
}

fn set<T>(v: &mut [T], i: usize, value: T) {
    if let Some(slot) = v.get_mut(i) {
        *slot = value;
    }
}

/// Models held by value (not behind `Vec` or a map) by a model of this kind.
fn by_value_children(kind: &ModelKind<Ids>) -> BTreeSet<ModelId> {
    let mut out = BTreeSet::new();
    match kind {
        ModelKind::Struct(s) => {
            for f in &s.fields {
                if let Type::Model(m) = &f.ty {
                    out.insert(*m);
                }
            }
        }
        ModelKind::Tagged(t) => out.extend(t.variants.iter().map(|v| v.model)),
        ModelKind::Untagged(vs) => {
            for v in vs {
                if let Type::Model(m) = &v.ty {
                    out.insert(*m);
                }
            }
        }
        ModelKind::Alias(Type::Model(m)) => {
            out.insert(*m);
        }
        ModelKind::Alias(_) | ModelKind::Enum(_) => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_exactly_the_cycles() {
        // 0 → 1 → 2 → 0 is a cycle, 3 → 0 is not part of it, 4 → 4 is a self loop.
        let c = strongly_connected_components(&[vec![1], vec![2], vec![0], vec![0], vec![4]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] }).collect();
        let c = strongly_connected_components(&edges);
        assert!(c.iter().all(|x| *x == c[0]));
    }
}
