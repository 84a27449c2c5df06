//! OpenAPI Overlay 1.0.0 documents: read, checked, and applied to the untyped spec in order.
//!
//! An overlay is a list of actions, each an RFC 9535 JSONPath `target` with an `update` merged
//! into every node it selects, or `remove: true`. While the actions run, a shadow tree records
//! where each node of the result was written (the spec or an overlay, and its pointer there), so
//! an error in content an overlay added is reported in the overlay file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Map, Value};
use serde_json_path::{JsonPath, PathElement};

use super::locate::{pointer, segment};

/// One overlay file as read: its path, text and checked actions.
#[derive(Debug, Clone)]
pub struct Overlay {
    pub path: PathBuf,
    pub text: String,
    /// `info.title` of the overlay.
    pub title: String,
    actions: Vec<Action>,
}

#[derive(Debug, Clone)]
struct Action {
    /// Index in `actions`, for pointers into the overlay.
    index: usize,
    target: JsonPath,
    target_text: String,
    change: Change,
    /// `x-optional: true`: the target may select nothing (a part the API added in a later version
    /// of the spec); otherwise that is an error, as a misspelt target would be.
    optional: bool,
}

#[derive(Debug, Clone)]
enum Change {
    Update(Value),
    Remove,
}

/// A problem in an overlay or in applying it, at a pointer into the overlay document.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlayProblem {
    pub pointer: String,
    pub message: String,
}

impl Overlay {
    /// Checks a parsed overlay document against Overlay 1.0.0; every problem at its pointer.
    pub fn parse(path: PathBuf, text: String, doc: &Value) -> Result<Overlay, Vec<OverlayProblem>> {
        let mut problems = Vec::new();
        let mut problem = |at: &[&str], message: String| {
            problems.push(OverlayProblem { pointer: pointer(at.iter().copied()), message });
        };
        let Some(root) = doc.as_object() else {
            problem(&[], format!("an overlay is a mapping with `overlay: 1.0.0`, `info` and `actions`; found {}", super::kind_of(doc)));
            return Err(problems);
        };
        unknown_keys(root, &["overlay", "info", "extends", "actions"], &[], &mut problem);
        match root.get("overlay") {
            None => problem(&["overlay"], "missing `overlay: 1.0.0`: this is not an Overlay document".into()),
            Some(Value::String(v)) if is_version_1_0(v) => {}
            Some(v) => problem(
                &["overlay"],
                format!("`overlay` is {}; this generator applies Overlay 1.0.x (`overlay: 1.0.0`, a string)", show(v)),
            ),
        }
        let mut title = String::new();
        match root.get("info") {
            None => problem(&["info"], "missing `info` (a mapping with `title` and `version`)".into()),
            Some(Value::Object(info)) => {
                unknown_keys(info, &["title", "version"], &["info"], &mut problem);
                for field in ["title", "version"] {
                    match info.get(field) {
                        Some(Value::String(s)) if field == "title" => title = s.clone(),
                        Some(Value::String(_)) => {}
                        Some(v) => problem(&["info", field], format!("`info.{field}` must be a string, found {}", super::kind_of(v))),
                        None => problem(&["info", field], format!("missing `info.{field}` (a string)")),
                    }
                }
            }
            Some(v) => problem(&["info"], format!("`info` must be a mapping, found {}", super::kind_of(v))),
        }
        if let Some(v) = root.get("extends").filter(|v| !v.is_string()) {
            problem(&["extends"], format!("`extends` must be a URI string, found {}", super::kind_of(v)));
        }
        let mut actions = Vec::new();
        match root.get("actions") {
            None => problem(&["actions"], "missing `actions` (a sequence of at least one action)".into()),
            Some(Value::Array(list)) if list.is_empty() => {
                problem(&["actions"], "`actions` is empty; an overlay has at least one action".into())
            }
            Some(Value::Array(list)) => {
                for (index, action) in list.iter().enumerate() {
                    let i = index.to_string();
                    let at = ["actions", i.as_str()];
                    let Some(action) = action.as_object() else {
                        problem(&at, format!("an action is a mapping with `target` and `update` or `remove`; found {}", super::kind_of(action)));
                        continue;
                    };
                    unknown_keys(action, &["target", "description", "update", "remove"], &at, &mut problem);
                    if let Some(v) = action.get("description").filter(|v| !v.is_string()) {
                        problem(&["actions", &i, "description"], format!("`description` must be a string, found {}", super::kind_of(v)));
                    }
                    let target = match action.get("target") {
                        None => {
                            problem(&at, "the action has no `target` (a JSONPath expression starting with `$`)".into());
                            None
                        }
                        Some(Value::String(t)) => match JsonPath::parse(t) {
                            Ok(path) => Some((path, t.clone())),
                            Err(e) => {
                                problem(&["actions", &i, "target"], format!("`{t}` is not an RFC 9535 JSONPath expression: {e}"));
                                None
                            }
                        },
                        Some(v) => {
                            problem(&["actions", &i, "target"], format!("`target` must be a JSONPath string, found {}", super::kind_of(v)));
                            None
                        }
                    };
                    let remove = match action.get("remove") {
                        None | Some(Value::Bool(false)) => false,
                        Some(Value::Bool(true)) => true,
                        Some(v) => {
                            problem(&["actions", &i, "remove"], format!("`remove` must be true or false, found {}", show(v)));
                            false
                        }
                    };
                    let change = match (action.get("update"), remove) {
                        (_, true) => Some(Change::Remove),
                        (Some(update), false) => Some(Change::Update(update.clone())),
                        (None, false) => {
                            problem(&at, "the action has neither `update` nor `remove: true`, so it does nothing".into());
                            None
                        }
                    };
                    let optional = match action.get("x-optional") {
                        None | Some(Value::Bool(false)) => false,
                        Some(Value::Bool(true)) => true,
                        Some(v) => {
                            problem(&["actions", &i, "x-optional"], format!("`x-optional` must be true or false, found {}", show(v)));
                            false
                        }
                    };
                    if let (Some((target, target_text)), Some(change)) = (target, change) {
                        actions.push(Action { index, target, target_text, change, optional });
                    }
                }
            }
            Some(v) => problem(&["actions"], format!("`actions` must be a sequence, found {}", super::kind_of(v))),
        }
        if problems.is_empty() {
            Ok(Overlay { path, text, title, actions })
        } else {
            Err(problems)
        }
    }
}

fn is_version_1_0(v: &str) -> bool {
    v.strip_prefix("1.0.").is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{}\"", s.chars().take(40).collect::<String>()),
        Value::Object(_) | Value::Array(_) => super::kind_of(v).to_string(),
        other => other.to_string(),
    }
}

/// Keys an Overlay object does not define, other than `x-` extensions, with the nearest known one.
fn unknown_keys(map: &Map<String, Value>, known: &[&str], at: &[&str], problem: &mut impl FnMut(&[&str], String)) {
    for key in map.keys().filter(|k| !k.starts_with("x-") && !known.contains(&k.as_str())) {
        let nearest = super::check::closest(key, known.iter().copied())
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        let mut path: Vec<&str> = at.to_vec();
        path.push(key);
        problem(&path, format!("`{key}` is not a field of this Overlay object{nearest}; known: {}", known.join(", ")));
    }
}

/// Where a node of the document was written: `source` 0 is the spec, `n` the n-th overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub source: usize,
    pub pointer: String,
}

/// The shadow of one document node.
#[derive(Debug, Clone)]
pub(super) enum Node {
    /// This node and everything under it is as written at the origin.
    Copied(Origin),
    /// A mapping some action changed: its own origin and each key's.
    Object(Origin, BTreeMap<String, Node>),
    /// A sequence some action changed: its own origin and each item's.
    Array(Origin, Vec<Node>),
}

impl Node {
    fn origin(&self) -> &Origin {
        match self {
            Node::Copied(o) | Node::Object(o, _) | Node::Array(o, _) => o,
        }
    }

    /// Turns a copied node into one whose children can change, matching `value`'s shape.
    fn expand(&mut self, value: &Value) {
        let Node::Copied(origin) = self else { return };
        let child = |key: &str| {
            Node::Copied(Origin { source: origin.source, pointer: format!("{}/{}", origin.pointer, segment(key)) })
        };
        *self = match value {
            Value::Object(map) => Node::Object(origin.clone(), map.keys().map(|k| (k.clone(), child(k))).collect()),
            Value::Array(items) => Node::Array(origin.clone(), (0..items.len()).map(|i| child(&i.to_string())).collect()),
            _ => return,
        };
    }
}

/// Where every node of an overlaid document came from.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub(super) root: Node,
}

impl Default for Provenance {
    fn default() -> Self {
        Provenance { root: Node::Copied(Origin { source: 0, pointer: "#".into() }) }
    }
}

impl Provenance {
    /// No overlay changed the document: every pointer is where it is in the spec.
    pub fn is_empty(&self) -> bool {
        matches!(&self.root, Node::Copied(o) if o.source == 0)
    }

    /// The source and pointer there of the node at `doc_pointer` in the overlaid document.
    pub fn origin_of(&self, doc_pointer: &str) -> Origin {
        let segments: Vec<String> = doc_pointer
            .strip_prefix('#')
            .unwrap_or(doc_pointer)
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        let mut node = &self.root;
        for (depth, key) in segments.iter().enumerate() {
            let next = match node {
                Node::Copied(_) => None,
                Node::Object(_, children) => children.get(key),
                Node::Array(_, items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            };
            match next {
                Some(n) => node = n,
                None => {
                    let origin = node.origin();
                    let mut pointer = origin.pointer.clone();
                    for rest in segments.iter().skip(depth) {
                        pointer.push('/');
                        pointer.push_str(&segment(rest));
                    }
                    return Origin { source: origin.source, pointer };
                }
            }
        }
        node.origin().clone()
    }
}

/// Applies the overlay (source number `source`) to `doc`, recording what it wrote in `provenance`.
pub fn apply(doc: &mut Value, provenance: &mut Provenance, overlay: &Overlay, source: usize) -> Result<(), Vec<OverlayProblem>> {
    let mut problems = Vec::new();
    for action in &overlay.actions {
        let i = action.index.to_string();
        let at = |field: &str| pointer(["actions", i.as_str(), field]);
        let locations: Vec<Vec<Step>> = action
            .target
            .query_located(doc)
            .locations()
            .map(|path| {
                path.iter()
                    .map(|e| match e {
                        PathElement::Name(n) => Step::Key(n.to_string()),
                        PathElement::Index(i) => Step::Index(*i),
                    })
                    .collect()
            })
            .collect();
        if locations.is_empty() && action.optional {
            continue;
        }
        if locations.is_empty() {
            problems.push(OverlayProblem {
                pointer: at("target"),
                message: format!(
                    "the target `{}` selects nothing in the document{}",
                    action.target_text,
                    if source > 1 { " (as changed by the overlays before this one)" } else { "" }
                ),
            });
            continue;
        }
        match &action.change {
            Change::Remove => {
                // Last first, so removing an item never shifts one still to be removed.
                for steps in locations.iter().rev() {
                    if let Err(message) = remove(doc, &mut provenance.root, steps) {
                        problems.push(OverlayProblem { pointer: at("target"), message });
                    }
                }
            }
            Change::Update(update) => {
                let from = Origin { source, pointer: at("update") };
                for steps in &locations {
                    if let Err(message) = update_at(doc, &mut provenance.root, steps, update, &from) {
                        problems.push(OverlayProblem { pointer: at("update"), message });
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// The value and shadow node at `steps`, expanding shadows on the way so children can change.
fn descend<'v, 'n>(mut value: &'v mut Value, mut node: &'n mut Node, steps: &[Step]) -> Option<(&'v mut Value, &'n mut Node)> {
    for step in steps {
        node.expand(value);
        let (v, n) = match (value, node, step) {
            (Value::Object(map), Node::Object(_, children), Step::Key(k)) => (map.get_mut(k)?, children.get_mut(k)?),
            (Value::Array(items), Node::Array(_, nodes), Step::Index(i)) => (items.get_mut(*i)?, nodes.get_mut(*i)?),
            _ => return None,
        };
        value = v;
        node = n;
    }
    Some((value, node))
}

fn remove(doc: &mut Value, root: &mut Node, steps: &[Step]) -> Result<(), String> {
    let Some((last, parent)) = steps.split_last() else {
        return Err("`remove` cannot remove the whole document (the target selects `$`)".into());
    };
    // A node an earlier removal of this action took with its parent is gone already.
    let Some((value, node)) = descend(doc, root, parent) else { return Ok(()) };
    node.expand(value);
    match (value, node, last) {
        (Value::Object(map), Node::Object(_, children), Step::Key(k)) => {
            map.shift_remove(k);
            children.remove(k);
        }
        (Value::Array(items), Node::Array(_, nodes), Step::Index(i)) if *i < items.len() && *i < nodes.len() => {
            items.remove(*i);
            nodes.remove(*i);
        }
        _ => {}
    }
    Ok(())
}

fn update_at(doc: &mut Value, root: &mut Node, steps: &[Step], update: &Value, from: &Origin) -> Result<(), String> {
    let Some((value, node)) = descend(doc, root, steps) else {
        return Err("the target node disappeared while the action ran".into());
    };
    node.expand(value);
    match (&mut *value, update) {
        (Value::Object(_), Value::Object(_)) => {
            merge(value, node, update, from);
            Ok(())
        }
        (Value::Object(_), other) => Err(format!(
            "the target selects a mapping, so `update` must be a mapping of the keys to set; found {}",
            super::kind_of(other)
        )),
        (Value::Array(items), _) => {
            items.push(update.clone());
            if let Node::Array(_, nodes) = node {
                nodes.push(Node::Copied(from.clone()));
            }
            Ok(())
        }
        (other, _) => Err(format!(
            "the target selects {}; Overlay 1.0 updates only mappings (merged) and sequences (appended to)",
            super::kind_of(other)
        )),
    }
}

/// Merges the mapping `update` into the mapping `value`: mappings under the same key merge,
/// anything else is replaced.
fn merge(value: &mut Value, node: &mut Node, update: &Value, from: &Origin) {
    node.expand(value);
    let (Value::Object(map), Node::Object(_, children), Value::Object(update)) = (value, node, update) else { return };
    for (key, new) in update {
        let at = Origin { source: from.source, pointer: format!("{}/{}", from.pointer, segment(key)) };
        match (map.get_mut(key), children.get_mut(key)) {
            (Some(old @ Value::Object(_)), Some(child)) if new.is_object() => merge(old, child, new, &at),
            _ => {
                map.insert(key.clone(), new.clone());
                children.insert(key.clone(), Node::Copied(at));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(doc: Value) -> Result<Overlay, Vec<OverlayProblem>> {
        Overlay::parse(PathBuf::from("o.yml"), String::new(), &doc)
    }

    fn run(doc: &mut Value, o: Value) -> Result<Provenance, Vec<OverlayProblem>> {
        let o = overlay(o).expect("valid overlay");
        let mut p = Provenance::default();
        apply(doc, &mut p, &o, 1)?;
        Ok(p)
    }

    #[test]
    fn an_optional_action_may_select_nothing_and_a_plain_one_may_not() {
        let actions = |optional: serde_json::Value| {
            json!({"overlay": "1.0.0", "info": {"title": "o", "version": "1"}, "actions": [
                {"target": "$.paths['/later'].get", "update": {"x-pagination": {}}, "x-optional": optional},
                {"target": "$.info", "update": {"title": "b"}},
            ]})
        };
        let mut doc = json!({"info": {"title": "a"}, "paths": {}});
        run(&mut doc, actions(json!(true))).unwrap();
        assert_eq!(doc["info"]["title"], "b", "the other actions still apply");
        let problems = run(&mut json!({"info": {"title": "a"}, "paths": {}}), actions(json!(false))).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("selects nothing"), "{problems:?}");
        assert_eq!(problems[0].pointer, "#/actions/0/target");
        assert!(overlay(actions(json!("yes"))).is_err(), "x-optional is a boolean");
    }

    #[test]
    fn update_merges_mappings_and_appends_to_sequences() {
        let mut doc = json!({"info": {"title": "a", "x": {"k": 1}}, "tags": [{"name": "t"}]});
        let p = run(
            &mut doc,
            json!({"overlay": "1.0.0", "info": {"title": "o", "version": "1"}, "actions": [
                {"target": "$.info", "update": {"title": "b", "x": {"j": 2}}},
                {"target": "$.tags", "update": {"name": "u"}},
            ]}),
        )
        .unwrap();
        assert_eq!(doc, json!({"info": {"title": "b", "x": {"k": 1, "j": 2}}, "tags": [{"name": "t"}, {"name": "u"}]}));
        assert_eq!(p.origin_of("#/info/title"), Origin { source: 1, pointer: "#/actions/0/update/title".into() });
        assert_eq!(p.origin_of("#/info/x/j"), Origin { source: 1, pointer: "#/actions/0/update/x/j".into() });
        assert_eq!(p.origin_of("#/info/x/k"), Origin { source: 0, pointer: "#/info/x/k".into() });
        assert_eq!(p.origin_of("#/tags/1/name"), Origin { source: 1, pointer: "#/actions/1/update/name".into() });
        assert_eq!(p.origin_of("#/tags/0/name"), Origin { source: 0, pointer: "#/tags/0/name".into() });
    }

    #[test]
    fn remove_deletes_every_selected_node_and_later_items_keep_their_origin() {
        let mut doc = json!({"a": [1, 2, 3, 4], "b": {"c": 1, "d": 2}});
        let p = run(
            &mut doc,
            json!({"overlay": "1.0.0", "info": {"title": "o", "version": "1"}, "actions": [
                {"target": "$.a[?@ < 3]", "remove": true},
                {"target": "$.b.c", "remove": true},
            ]}),
        )
        .unwrap();
        assert_eq!(doc, json!({"a": [3, 4], "b": {"d": 2}}));
        assert_eq!(p.origin_of("#/a/0"), Origin { source: 0, pointer: "#/a/2".into() });
    }

    #[test]
    fn a_target_that_selects_nothing_is_an_error() {
        let mut doc = json!({"a": 1});
        let e = run(
            &mut doc,
            json!({"overlay": "1.0.0", "info": {"title": "o", "version": "1"}, "actions": [{"target": "$.nope", "remove": true}]}),
        )
        .unwrap_err();
        assert_eq!(e[0].pointer, "#/actions/0/target");
        assert!(e[0].message.contains("`$.nope` selects nothing"), "{e:?}");
    }

    #[test]
    fn invalid_overlays_are_refused_with_each_problem_at_its_pointer() {
        let e = overlay(json!({"overlay": "1.1.0", "info": {"title": 3}, "actions": [
            {"target": "$..[", "update": {}},
            {"target": "$.a"},
            {"traget": "$.a", "remove": true},
        ]}))
        .unwrap_err();
        let at: Vec<&str> = e.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(
            at,
            ["#/overlay", "#/info/title", "#/info/version", "#/actions/0/target", "#/actions/1", "#/actions/2/traget", "#/actions/2"]
        );
        assert!(e[5].message.contains("did you mean `target`"), "{e:?}");
    }

    #[test]
    fn updating_a_scalar_is_refused() {
        let mut doc = json!({"a": 1});
        let e = run(
            &mut doc,
            json!({"overlay": "1.0.0", "info": {"title": "o", "version": "1"}, "actions": [{"target": "$.a", "update": 2}]}),
        )
        .unwrap_err();
        assert!(e[0].message.contains("updates only mappings"), "{e:?}");
    }
}
