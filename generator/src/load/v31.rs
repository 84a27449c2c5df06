//! Brings an OpenAPI 3.1 or 3.2 document to the OpenAPI 3.0 shape `openapiv3` reads, keeping where each node was written.
//!
//! The document is turned into a tree whose every node carries its [`Origin`] (the spec or an
//! overlay, and the pointer there), rewritten, and turned back into a value and a
//! [`Provenance`]: a node that moved (a `$defs` entry hoisted to `components/schemas`, a webhook
//! moved under `paths`) or was derived from another (`nullable: true` from `type: [string,
//! "null"]`) still points at the text the user wrote. What the 3.0 shape cannot say is dropped
//! with a [`Note`] at the keyword, and the schema keeps the narrowest Rust type that still
//! decodes every value the schema accepts (`serde_json::Value` where nothing narrower does).

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::locate::segment;
use super::overlay::{Node, Origin, Provenance};

/// Something the rewrite dropped or could not express, at the node that said it.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub origin: Origin,
    pub message: String,
}

/// The version this rewrite reads: `openapi: 3.1.x` or `3.2.x`.
pub fn is_31_or_32(version: &str) -> bool {
    ["3.1.", "3.2."].iter().any(|p| version.strip_prefix(p).is_some_and(|rest| !rest.is_empty()))
}

/// The version the rewritten document declares.
const TARGET: &str = "3.0.3";

/// Rewrites a 3.1 or 3.2 document (as changed by overlays, with their `provenance`) into the
/// 3.0 shape, in place; what could not be kept is returned as notes.
pub fn to_30(doc: &mut Value, provenance: &mut Provenance) -> Vec<Note> {
    let mut tree = Tree::build(std::mem::take(doc), provenance, "#");
    let mut cx = Cx { notes: Vec::new() };
    hoist_definitions(&mut tree);
    document(&mut tree, &mut cx);
    let (value, root) = tree.into_parts();
    *doc = value;
    *provenance = Provenance { root };
    cx.notes
}

/// A document node with where it was written.
#[derive(Debug, Clone)]
struct Tree {
    at: Origin,
    body: Body,
}

#[derive(Debug, Clone)]
enum Body {
    Map(IndexMap<String, Tree>),
    List(Vec<Tree>),
    Leaf(Value),
}

impl Tree {
    fn build(value: Value, provenance: &Provenance, pointer: &str) -> Tree {
        let at = provenance.origin_of(pointer);
        let body = match value {
            Value::Object(map) => Body::Map(
                map.into_iter()
                    .map(|(k, v)| {
                        let child = format!("{pointer}/{}", segment(&k));
                        (k, Tree::build(v, provenance, &child))
                    })
                    .collect(),
            ),
            Value::Array(items) => Body::List(
                items.into_iter().enumerate().map(|(i, v)| Tree::build(v, provenance, &format!("{pointer}/{i}"))).collect(),
            ),
            leaf => Body::Leaf(leaf),
        };
        Tree { at, body }
    }

    /// The value and its shadow; a subtree still where it was written is one `Copied` node.
    fn into_parts(self) -> (Value, Node) {
        let at = self.at;
        match self.body {
            Body::Leaf(v) => (v, Node::Copied(at)),
            Body::Map(map) => {
                let mut value = Map::new();
                let mut nodes = BTreeMap::new();
                let mut in_place = true;
                for (key, child) in map {
                    let expected = format!("{}/{}", at.pointer, segment(&key));
                    let (v, n) = child.into_parts();
                    in_place &= matches!(&n, Node::Copied(o) if o.source == at.source && o.pointer == expected);
                    value.insert(key.clone(), v);
                    nodes.insert(key, n);
                }
                let node = if in_place { Node::Copied(at) } else { Node::Object(at, nodes) };
                (Value::Object(value), node)
            }
            Body::List(items) => {
                let mut value = Vec::with_capacity(items.len());
                let mut nodes = Vec::with_capacity(items.len());
                let mut in_place = true;
                for (i, child) in items.into_iter().enumerate() {
                    let expected = format!("{}/{i}", at.pointer);
                    let (v, n) = child.into_parts();
                    in_place &= matches!(&n, Node::Copied(o) if o.source == at.source && o.pointer == expected);
                    value.push(v);
                    nodes.push(n);
                }
                let node = if in_place { Node::Copied(at) } else { Node::Array(at, nodes) };
                (Value::Array(value), node)
            }
        }
    }

    fn leaf(value: Value, at: &Origin) -> Tree {
        Tree { at: at.clone(), body: Body::Leaf(value) }
    }

    fn empty_map(at: &Origin) -> Tree {
        Tree { at: at.clone(), body: Body::Map(IndexMap::new()) }
    }

    fn map(&self) -> Option<&IndexMap<String, Tree>> {
        match &self.body {
            Body::Map(m) => Some(m),
            _ => None,
        }
    }

    fn map_mut(&mut self) -> Option<&mut IndexMap<String, Tree>> {
        match &mut self.body {
            Body::Map(m) => Some(m),
            _ => None,
        }
    }

    fn list_mut(&mut self) -> Option<&mut Vec<Tree>> {
        match &mut self.body {
            Body::List(l) => Some(l),
            _ => None,
        }
    }

    fn str(&self) -> Option<&str> {
        match &self.body {
            Body::Leaf(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    fn get(&self, key: &str) -> Option<&Tree> {
        self.map().and_then(|m| m.get(key))
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Tree> {
        self.map_mut().and_then(|m| m.get_mut(key))
    }

    /// The value this node holds, without origins (for comparing subtrees).
    fn to_value(&self) -> Value {
        match &self.body {
            Body::Leaf(v) => v.clone(),
            Body::Map(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), v.to_value())).collect()),
            Body::List(l) => Value::Array(l.iter().map(Tree::to_value).collect()),
        }
    }

    /// The node at a document pointer (`#/a/b`).
    fn at_pointer(&self, pointer: &str) -> Option<&Tree> {
        let mut node = self;
        for seg in segments(pointer)? {
            node = match &node.body {
                Body::Map(m) => m.get(&seg)?,
                Body::List(l) => l.get(seg.parse::<usize>().ok()?)?,
                Body::Leaf(_) => return None,
            };
        }
        Some(node)
    }

    /// The node at a document pointer, to change it.
    fn at_pointer_mut(&mut self, pointer: &str) -> Option<&mut Tree> {
        let mut node = self;
        for seg in segments(pointer)? {
            node = match &mut node.body {
                Body::Map(m) => m.get_mut(&seg)?,
                Body::List(l) => l.get_mut(seg.parse::<usize>().ok()?)?,
                Body::Leaf(_) => return None,
            };
        }
        Some(node)
    }
}

/// The unescaped segments of a pointer `#/a/b`; `None` when it is not a local pointer.
fn segments(pointer: &str) -> Option<Vec<String>> {
    let rest = pointer.strip_prefix('#')?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    Some(rest.strip_prefix('/')?.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect())
}

/// The origin of something written under `at` as `key` (for a node the rewrite makes up).
fn child(at: &Origin, key: &str) -> Origin {
    Origin { source: at.source, pointer: format!("{}/{}", at.pointer, segment(key)) }
}

struct Cx {
    notes: Vec<Note>,
}

impl Cx {
    fn note(&mut self, at: &Origin, message: String) {
        self.notes.push(Note { origin: at.clone(), message });
    }
}

// ---------------------------------------------------------------------------------------------
// `$defs`, `$id` and `$anchor`: every definition becomes a component schema.

/// Maps whose keys are names chosen by the spec, not keywords.
const NAME_MAPS: [&str; 13] = [
    "properties",
    "patternProperties",
    "$defs",
    "dependentSchemas",
    "schemas",
    "paths",
    "webhooks",
    "pathItems",
    "responses",
    "parameters",
    "headers",
    "content",
    "callbacks",
];

/// Keywords whose values are data, not schemas.
const DATA_KEYWORDS: [&str; 5] = ["example", "examples", "default", "enum", "const"];

#[derive(Default)]
struct Found {
    /// `$id` value and the pointer of its schema.
    ids: Vec<(String, String)>,
    /// `$anchor` name, the pointer of its resource (nearest `$id`, or `#`), and of its schema.
    anchors: Vec<(String, String, String)>,
    /// Pointer of each `$defs` entry, with its name.
    defs: Vec<(String, String)>,
    /// Pointer of each `$ref` string, its text, and its resource's pointer.
    refs: Vec<(String, String, String)>,
}

fn find(tree: &Tree, pointer: &str, base: &str, names: bool, found: &mut Found, depth: usize) {
    let Body::Map(map) = &tree.body else {
        if let Body::List(items) = &tree.body {
            for (i, item) in items.iter().enumerate() {
                find(item, &format!("{pointer}/{i}"), base, false, found, depth + 1);
            }
        }
        return;
    };
    if depth > super::MAX_DEPTH {
        return;
    }
    let mut base = base.to_string();
    if !names {
        if let Some(id) = map.get("$id").and_then(Tree::str) {
            found.ids.push((id.to_string(), pointer.to_string()));
            base = pointer.to_string();
        }
        if let Some(anchor) = map.get("$anchor").and_then(Tree::str) {
            found.anchors.push((anchor.to_string(), base.clone(), pointer.to_string()));
        }
        if let Some(r) = map.get("$ref").and_then(Tree::str) {
            found.refs.push((format!("{pointer}/$ref"), r.to_string(), base.clone()));
        }
        if let Some(Body::Map(defs)) = map.get("$defs").map(|d| &d.body) {
            for name in defs.keys() {
                found.defs.push((format!("{pointer}/$defs/{}", segment(name)), name.clone()));
            }
        }
    }
    for (key, c) in map {
        if !names && (key.starts_with("x-") || DATA_KEYWORDS.contains(&key.as_str())) {
            continue;
        }
        let child_names = !names && NAME_MAPS.contains(&key.as_str());
        find(c, &format!("{pointer}/{}", segment(key)), &base, child_names, found, depth + 1);
    }
}

/// Where a `$ref` written in the resource at `base` points, as a local pointer.
fn resolve(r: &str, base: &str, found: &Found) -> Option<String> {
    let anchor_in = |name: &str, base: &str| {
        let mut all = found.anchors.iter().filter(|(a, _, _)| a == name);
        let first = all.clone().next().map(|(_, _, p)| p.clone());
        all.find(|(_, b, _)| b == base).map(|(_, _, p)| p.clone()).or(first)
    };
    if let Some(fragment) = r.strip_prefix('#') {
        if fragment.is_empty() {
            return Some(base.to_string());
        }
        if fragment.starts_with('/') {
            return Some(if base == "#" { r.to_string() } else { format!("{base}{fragment}") });
        }
        return anchor_in(fragment, base);
    }
    let (uri, fragment) = r.split_once('#').unwrap_or((r, ""));
    let same = |id: &str| {
        let id = id.trim_end_matches('#');
        id == uri || id.ends_with(&format!("/{uri}")) || uri.ends_with(&format!("/{id}"))
    };
    let (_, resource) = found.ids.iter().find(|(id, _)| same(id))?;
    if fragment.is_empty() {
        Some(resource.clone())
    } else if fragment.starts_with('/') {
        Some(format!("{resource}{fragment}"))
    } else {
        anchor_in(fragment, resource)
    }
}

/// A name for a hoisted schema, not yet taken.
fn unique(wanted: &str, owner: Option<&str>, taken: &mut Vec<String>) -> String {
    let clean: String = wanted.chars().map(|c| if c.is_alphanumeric() || c == '_' || c == '-' || c == '.' { c } else { '_' }).collect();
    let clean = if clean.is_empty() { "Schema".to_string() } else { clean };
    let mut candidates = vec![clean.clone()];
    if let Some(owner) = owner {
        candidates.push(format!("{owner}{clean}"));
    }
    let name = candidates
        .into_iter()
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| (2..).map(|n| format!("{clean}{n}")).find(|c| !taken.contains(c)).unwrap_or(clean));
    taken.push(name.clone());
    name
}

/// The component schema a pointer is under, if any.
fn owner_of(pointer: &str) -> Option<String> {
    let segs = segments(pointer)?;
    match segs.as_slice() {
        [c, s, name, ..] if c == "components" && s == "schemas" => Some(name.clone()),
        _ => None,
    }
}

/// Moves every `$defs` entry, and every schema a `$ref` reaches by `$id` or `$anchor` that is
/// not a component already, to `components/schemas`, and points the references at them.
fn hoist_definitions(root: &mut Tree) {
    let mut found = Found::default();
    find(root, "#", "#", false, &mut found, 0);
    if found.defs.is_empty() && found.ids.is_empty() && found.anchors.is_empty() {
        // Only plain pointers: nothing to move, nothing to rewrite.
        return;
    }
    let mut taken: Vec<String> =
        root.get("components").and_then(|c| c.get("schemas")).and_then(Tree::map).map(|m| m.keys().cloned().collect()).unwrap_or_default();
    // Old pointer → new component name, in document order.
    let mut hoisted: Vec<(String, String)> = Vec::new();
    for (pointer, name) in &found.defs {
        let owner = owner_of(pointer);
        hoisted.push((pointer.clone(), unique(name, owner.as_deref(), &mut taken)));
    }
    let is_component = |p: &str| segments(p).is_some_and(|s| s.len() == 3 && s.first().is_some_and(|c| c == "components") && s.get(1).is_some_and(|c| c == "schemas"));
    let mut rewrites: Vec<(String, String)> = Vec::new();
    for (at, r, base) in &found.refs {
        // As JSON Schema reads it first; then, for a pointer that finds nothing there, as
        // OpenAPI documents are often written: from the document's root (`#/components/…`
        // inside a schema with an `$id`), or from the component it is in (`#/$defs/…`).
        let mut candidates: Vec<String> = resolve(r, base, &found).into_iter().collect();
        if r.starts_with("#/") {
            candidates.push(r.clone());
            if let Some(owner) = owner_of(at) {
                candidates.push(format!("#/components/schemas/{}{}", segment(&owner), r.get(1..).unwrap_or("")));
            }
        }
        let Some(target) = candidates.iter().find(|c| root.at_pointer(c).is_some()).or(candidates.first()).cloned() else { continue };
        let new = match hoisted
            .iter()
            .filter(|(p, _)| target == *p || target.starts_with(&format!("{p}/")))
            .max_by_key(|(p, _)| p.len())
        {
            Some((p, name)) => format!("#/components/schemas/{}{}", segment(name), target.get(p.len()..).unwrap_or("")),
            None if is_component(&target) || r.starts_with("#/") && base == "#" => target,
            None => {
                // A schema named by `$id` or `$anchor` somewhere inside another one.
                let named = found
                    .anchors
                    .iter()
                    .find(|(_, _, p)| *p == target)
                    .map(|(a, _, _)| a.clone())
                    .or_else(|| {
                        found.ids.iter().find(|(_, p)| *p == target).map(|(id, _)| {
                            let last = id.trim_end_matches(['/', '#']).rsplit('/').next().unwrap_or(id);
                            last.split('.').next().unwrap_or(last).to_string()
                        })
                    });
                match named {
                    Some(name) => {
                        let name = unique(&name, owner_of(&target).as_deref(), &mut taken);
                        hoisted.push((target.clone(), name.clone()));
                        format!("#/components/schemas/{}", segment(&name))
                    }
                    None => target,
                }
            }
        };
        if new != *r {
            rewrites.push((at.clone(), new));
        }
    }
    for (at, new) in rewrites {
        if let Some(node) = root.at_pointer_mut(&at) {
            node.body = Body::Leaf(Value::String(new));
        }
    }
    // The deepest first, so a definition inside another moves before its parent does.
    let mut order: Vec<usize> = (0..hoisted.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(hoisted.get(*i).map_or(0, |(p, _)| p.len())));
    let mut taken_out: Vec<Option<Tree>> = vec![None; hoisted.len()];
    for i in order {
        let Some((pointer, name)) = hoisted.get(i) else { continue };
        let Some((parent, last)) = pointer.rsplit_once('/') else { continue };
        let last = last.replace("~1", "/").replace("~0", "~");
        let Some(parent) = root.at_pointer_mut(parent) else { continue };
        let in_defs = pointer.ends_with(&format!("/$defs/{}", segment(&last)));
        let moved = match &mut parent.body {
            Body::Map(m) if in_defs => m.shift_remove(&last),
            Body::Map(m) => m.get_mut(&last).map(|node| replace_with_ref(node, name)),
            Body::List(l) => last.parse::<usize>().ok().and_then(|n| l.get_mut(n)).map(|node| replace_with_ref(node, name)),
            Body::Leaf(_) => None,
        };
        if let Some(slot) = taken_out.get_mut(i) {
            *slot = moved;
        }
    }
    let Some(root_map) = root.map_mut() else { return };
    let root_at = Origin { source: 0, pointer: "#".into() };
    let components = root_map.entry("components".into()).or_insert_with(|| Tree::empty_map(&child(&root_at, "components")));
    let components_at = components.at.clone();
    let Some(components) = components.map_mut() else { return };
    let schemas = components.entry("schemas".into()).or_insert_with(|| Tree::empty_map(&child(&components_at, "schemas")));
    let Some(schemas) = schemas.map_mut() else { return };
    for ((_, name), moved) in hoisted.into_iter().zip(taken_out) {
        if let Some(moved) = moved {
            schemas.insert(name, moved);
        }
    }
}

/// Takes a schema out of its place, leaving a `$ref` to the component it becomes.
fn replace_with_ref(node: &mut Tree, name: &str) -> Tree {
    let reference = Tree::leaf(Value::String(format!("#/components/schemas/{}", segment(name))), &node.at);
    let stub = Tree { at: node.at.clone(), body: Body::Map(IndexMap::from([("$ref".to_string(), reference)])) };
    std::mem::replace(node, stub)
}

// ---------------------------------------------------------------------------------------------
// The document: OpenAPI objects that changed between 3.0 and 3.1/3.2.

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many `components/pathItems` references are followed in a row.
const MAX_PATH_ITEM_REFS: usize = 16;

fn document(root: &mut Tree, cx: &mut Cx) {
    let root_at = root.at.clone();
    let Some(map) = root.map_mut() else { return };
    if let Some(v) = map.get_mut("openapi") {
        v.body = Body::Leaf(Value::String(TARGET.into()));
    }
    map.shift_remove("jsonSchemaDialect");
    map.shift_remove("$self");
    if let Some(info) = map.get_mut("info").and_then(Tree::map_mut) {
        rename(info, "summary", "x-summary");
        if let Some(license) = info.get_mut("license").and_then(Tree::map_mut) {
            rename(license, "identifier", "x-identifier");
        }
    }
    // `components/pathItems` is read here and removed: OpenAPI 3.0 has no such component.
    let path_items: IndexMap<String, Tree> = map
        .get_mut("components")
        .and_then(Tree::map_mut)
        .and_then(|c| c.shift_remove("pathItems"))
        .and_then(|p| match p.body {
            Body::Map(m) => Some(m),
            _ => None,
        })
        .unwrap_or_default();
    if !map.contains_key("paths") {
        // A webhooks-only (or components-only) document: a crate without client operations.
        map.insert("paths".into(), Tree::empty_map(&root_at));
    }
    if let Some(paths) = map.get_mut("paths").and_then(Tree::map_mut) {
        for (key, item) in paths.iter_mut() {
            if !key.starts_with("x-") {
                inline_path_item(item, &path_items, 0);
            }
        }
    }
    if let Some(webhooks) = map.shift_remove("webhooks") {
        move_webhooks(map, webhooks, &path_items);
    }
    if let Some(paths) = map.get_mut("paths").and_then(Tree::map_mut) {
        for (key, item) in paths.iter_mut() {
            if !key.starts_with("x-") {
                path_item(item, &path_items, cx);
            }
        }
    }
    let mut mutual_tls = Vec::new();
    if let Some(components) = map.get_mut("components").and_then(Tree::map_mut) {
        components_object(components, &path_items, cx, &mut mutual_tls);
    }
    if !mutual_tls.is_empty() {
        drop_requirements(root, &mutual_tls);
    }
}

fn rename(map: &mut IndexMap<String, Tree>, from: &str, to: &str) {
    if let Some(v) = map.shift_remove(from) {
        map.entry(to.into()).or_insert(v);
    }
}

/// Replaces a Path Item's `$ref` to `components/pathItems` by the item it names, keeping the
/// fields written beside the reference.
fn inline_path_item(item: &mut Tree, path_items: &IndexMap<String, Tree>, depth: usize) {
    if depth > MAX_PATH_ITEM_REFS {
        return;
    }
    let Some(name) = item.get("$ref").and_then(Tree::str).and_then(|r| r.strip_prefix("#/components/pathItems/")) else {
        return;
    };
    let name = name.replace("~1", "/").replace("~0", "~");
    let Some(target) = path_items.get(&name) else { return };
    let mut target = target.clone();
    inline_path_item(&mut target, path_items, depth + 1);
    let Some(beside) = item.map_mut() else { return };
    beside.shift_remove("$ref");
    let beside = std::mem::take(beside);
    if let Some(target_map) = target.map_mut() {
        for (k, v) in beside {
            target_map.insert(k, v);
        }
    }
    *item = target;
}

/// Top-level `webhooks` become operations under `paths` marked `x-webhook`, as a 3.0 spec of
/// ours writes them; a signature scheme already there (written in the spec or by an overlay) stays.
fn move_webhooks(root: &mut IndexMap<String, Tree>, webhooks: Tree, path_items: &IndexMap<String, Tree>) {
    let Body::Map(hooks) = webhooks.body else { return };
    let Some(paths) = root.get_mut("paths").and_then(Tree::map_mut) else { return };
    for (name, mut item) in hooks {
        if name.starts_with("x-") {
            continue;
        }
        inline_path_item(&mut item, path_items, 0);
        let item_at = item.at.clone();
        if let Some(ops) = item.map_mut() {
            let mark = |op: &mut Tree| {
                let op_at = op.at.clone();
                if let Some(op) = op.map_mut() {
                    op.entry(crate::lower::receiver::EXTENSION.into())
                        .or_insert_with(|| Tree::leaf(Value::Bool(true), &op_at));
                }
            };
            for (method, op) in ops.iter_mut() {
                if METHODS.contains(&method.as_str()) || method == "query" {
                    mark(op);
                } else if method == "additionalOperations" {
                    // Marked too, so that lowering refuses them as webhooks rather than calling them.
                    if let Some(extra) = op.map_mut() {
                        extra.values_mut().for_each(mark);
                    }
                }
            }
        }
        let wanted = if name.starts_with('/') { name.clone() } else { format!("/{name}") };
        let key = std::iter::once(wanted.clone())
            .chain((2..).map(|n| format!("{wanted}-{n}")))
            .find(|k| !paths.contains_key(k))
            .unwrap_or(wanted);
        let _ = item_at;
        paths.insert(key, item);
    }
}

fn path_item(item: &mut Tree, path_items: &IndexMap<String, Tree>, cx: &mut Cx) {
    let Some(map) = item.map_mut() else { return };
    // OpenAPI 3.2's `query` (or `QUERY` among `additionalOperations`) and the other
    // `additionalOperations` go where lowering reads them: openapiv3's path item has no field for
    // them. Lowering checks the method names.
    let mut query = map.shift_remove("query");
    let mut others: Option<Tree> = None;
    if let Some(mut extra) = map.shift_remove("additionalOperations") {
        if let Some(ops) = extra.map_mut() {
            if query.is_none() {
                query = ops.shift_remove("QUERY");
            }
            for op in ops.values_mut() {
                operation(op, path_items, cx);
            }
        }
        others = Some(extra);
    }
    if let Some(mut op) = query {
        operation(&mut op, path_items, cx);
        map.insert(crate::lower::QUERY_OPERATION.into(), op);
    }
    if let Some(others) = others.filter(|o| o.map().is_none_or(|m| !m.is_empty())) {
        map.insert(crate::lower::ADDITIONAL_OPERATIONS.into(), others);
    }
    if let Some(params) = map.get_mut("parameters").and_then(Tree::list_mut) {
        for p in params {
            parameter(p, cx);
        }
    }
    for (key, op) in map.iter_mut() {
        if METHODS.contains(&key.as_str()) {
            operation(op, path_items, cx);
        }
    }
}

fn operation(op: &mut Tree, path_items: &IndexMap<String, Tree>, cx: &mut Cx) {
    let Some(map) = op.map_mut() else { return };
    if let Some(params) = map.get_mut("parameters").and_then(Tree::list_mut) {
        for p in params {
            parameter(p, cx);
        }
    }
    if let Some(body) = map.get_mut("requestBody") {
        request_body(body, cx);
    }
    if let Some(responses) = map.get_mut("responses").and_then(Tree::map_mut) {
        for (code, r) in responses.iter_mut() {
            if !code.starts_with("x-") {
                response(r, cx);
            }
        }
    }
    if let Some(callbacks) = map.get_mut("callbacks").and_then(Tree::map_mut) {
        for (_, cb) in callbacks.iter_mut() {
            callback(cb, path_items, cx);
        }
    }
}

fn callback(cb: &mut Tree, path_items: &IndexMap<String, Tree>, cx: &mut Cx) {
    if reference(cb) {
        return;
    }
    let Some(map) = cb.map_mut() else { return };
    for (key, item) in map.iter_mut() {
        if !key.starts_with("x-") {
            inline_path_item(item, path_items, 0);
            path_item(item, path_items, cx);
        }
    }
}

/// A Reference Object: in 3.1 it may carry `summary` and `description`, which 3.0 does not read.
fn reference(node: &mut Tree) -> bool {
    let Some(map) = node.map_mut() else { return false };
    if !map.contains_key("$ref") {
        return false;
    }
    map.shift_remove("summary");
    map.shift_remove("description");
    true
}

fn parameter(p: &mut Tree, cx: &mut Cx) {
    if reference(p) {
        return;
    }
    let Some(map) = p.map_mut() else { return };
    if let Some(s) = map.get_mut("schema") {
        schema(s, cx, 0);
    }
    content(map, cx);
}

fn content(map: &mut IndexMap<String, Tree>, cx: &mut Cx) {
    if let Some(content) = map.get_mut("content").and_then(Tree::map_mut) {
        for (name, media) in content.iter_mut() {
            media_type(name, media, cx);
        }
    }
}

fn media_type(name: &str, media: &mut Tree, cx: &mut Cx) {
    let Some(map) = media.map_mut() else { return };
    // OpenAPI 3.2 `itemSchema`: the schema of each item of a sequential body, where lowering
    // reads it (openapiv3's media type has no field for it).
    if let Some(mut node) = map.shift_remove("itemSchema") {
        if crate::lower::framing_of(name).is_some() {
            schema(&mut node, cx, 0);
            map.insert(crate::lower::ITEM_SCHEMA.into(), node);
        } else {
            cx.note(
                &node.at,
                format!(
                    "`itemSchema` on `{name}` is not used: items are decoded one by one for application/jsonl, \
                     application/x-ndjson, application/json-seq and text/event-stream"
                ),
            );
        }
    }
    map.shift_remove("itemEncoding");
    map.shift_remove("prefixEncoding");
    if let Some(s) = map.get_mut("schema") {
        schema(s, cx, 0);
    }
    if let Some(encoding) = map.get_mut("encoding").and_then(Tree::map_mut) {
        for (_, e) in encoding.iter_mut() {
            if let Some(headers) = e.get_mut("headers").and_then(Tree::map_mut) {
                for (_, h) in headers.iter_mut() {
                    parameter(h, cx);
                }
            }
        }
    }
}

fn request_body(body: &mut Tree, cx: &mut Cx) {
    if reference(body) {
        return;
    }
    if let Some(map) = body.map_mut() {
        content(map, cx);
    }
}

fn response(r: &mut Tree, cx: &mut Cx) {
    if reference(r) {
        return;
    }
    let at = r.at.clone();
    let Some(map) = r.map_mut() else { return };
    // OpenAPI 3.2 makes a response's `description` optional; 3.0 requires one.
    map.entry("description".into()).or_insert_with(|| Tree::leaf(Value::String(String::new()), &at));
    if let Some(headers) = map.get_mut("headers").and_then(Tree::map_mut) {
        for (_, h) in headers.iter_mut() {
            parameter(h, cx);
        }
    }
    content(map, cx);
}

fn components_object(map: &mut IndexMap<String, Tree>, path_items: &IndexMap<String, Tree>, cx: &mut Cx, mutual_tls: &mut Vec<String>) {
    if let Some(schemas) = map.get_mut("schemas").and_then(Tree::map_mut) {
        for (_, s) in schemas.iter_mut() {
            schema(s, cx, 0);
        }
    }
    for (key, each) in [
        ("parameters", parameter as fn(&mut Tree, &mut Cx)),
        ("headers", parameter),
        ("responses", response),
        ("requestBodies", request_body),
    ] {
        if let Some(objects) = map.get_mut(key).and_then(Tree::map_mut) {
            for (_, o) in objects.iter_mut() {
                each(o, cx);
            }
        }
    }
    if let Some(callbacks) = map.get_mut("callbacks").and_then(Tree::map_mut) {
        for (_, cb) in callbacks.iter_mut() {
            callback(cb, path_items, cx);
        }
    }
    if let Some(schemes) = map.get_mut("securitySchemes").and_then(Tree::map_mut) {
        let names: Vec<String> =
            schemes.iter().filter(|(_, s)| s.get("type").and_then(Tree::str) == Some("mutualTLS")).map(|(k, _)| k.clone()).collect();
        for name in names {
            if let Some(s) = schemes.shift_remove(&name) {
                cx.note(
                    &s.at,
                    format!(
                        "the `mutualTLS` security scheme `{name}` is left to the transport: the client sends no \
                         credential for it, so give it a reqwest client with your identity \
                         (`reqwest::ClientBuilder::identity`) through the client builder's `http_client`"
                    ),
                );
            }
            mutual_tls.push(name);
        }
    }
}

/// Removes the named schemes from every security requirement (the document's and each operation's).
fn drop_requirements(root: &mut Tree, names: &[String]) {
    fn requirements(list: &mut Tree, names: &[String]) {
        if let Some(list) = list.list_mut() {
            for req in list {
                if let Some(req) = req.map_mut() {
                    req.retain(|k, _| !names.contains(k));
                }
            }
        }
    }
    let Some(map) = root.map_mut() else { return };
    if let Some(security) = map.get_mut("security") {
        requirements(security, names);
    }
    let Some(paths) = map.get_mut("paths").and_then(Tree::map_mut) else { return };
    for (_, item) in paths.iter_mut() {
        let Some(item) = item.map_mut() else { continue };
        for (method, op) in item.iter_mut() {
            if METHODS.contains(&method.as_str()) {
                if let Some(security) = op.get_mut("security") {
                    requirements(security, names);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Schemas: JSON Schema 2020-12 to the OpenAPI 3.0 schema object.

/// Keywords dropped without a word: they change no Rust type.
const DROPPED: [&str; 8] = ["$schema", "$comment", "$id", "$anchor", "$vocabulary", "$defs", "contentSchema", "definitions"];

/// Keywords that describe the value rather than constrain its type; kept when a schema falls
/// back to any value.
const ANNOTATIONS: [&str; 9] = ["description", "title", "default", "example", "deprecated", "readOnly", "writeOnly", "nullable", "externalDocs"];

/// Which of the six types a keyword applies to, when a list of types is split into a `oneOf`.
fn keyword_type(key: &str, format: Option<&str>) -> Option<&'static [&'static str]> {
    Some(match key {
        "minLength" | "maxLength" | "pattern" | "contentEncoding" | "contentMediaType" => &["string"],
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => &["integer", "number"],
        "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" | "contains" | "minContains" | "maxContains" | "unevaluatedItems" => &["array"],
        "properties" | "required" | "additionalProperties" | "patternProperties" | "propertyNames" | "minProperties" | "maxProperties"
        | "unevaluatedProperties" | "dependentRequired" | "dependentSchemas" | "discriminator" => &["object"],
        "format" => match format {
            Some("int32" | "int64") => &["integer"],
            Some("float" | "double") => &["number"],
            _ => &["string"],
        },
        _ => return None,
    })
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn set(map: &mut IndexMap<String, Tree>, key: &str, value: Value, at: &Origin) {
    map.insert(key.into(), Tree::leaf(value, at));
}

/// Rewrites one schema and everything under it.
fn schema(node: &mut Tree, cx: &mut Cx, depth: usize) {
    if depth > super::MAX_DEPTH {
        return;
    }
    match &node.body {
        Body::Leaf(Value::Bool(true)) => node.body = Body::Map(IndexMap::new()),
        Body::Leaf(Value::Bool(false)) => {
            cx.note(&node.at, "the schema `false` accepts no value; it is read as any JSON value (`serde_json::Value`)".into());
            node.body = Body::Map(IndexMap::new());
        }
        _ => {}
    }
    let at = node.at.clone();
    let Some(map) = node.map_mut() else { return };
    for key in DROPPED {
        map.shift_remove(key);
    }
    null_members(map);
    ref_siblings(map);
    dynamic_ref(map, cx);
    split_types(map, &at);
    constant(map);
    examples(map);
    exclusive_bounds(map);
    content_keywords(map);
    maps(map, &at, cx);
    fallbacks(map, cx);
    // Subschemas.
    if let Some(props) = map.get_mut("properties").and_then(Tree::map_mut) {
        // A property whose schema is `false` must be absent: the Rust type leaves it out.
        props.retain(|_, p| !matches!(p.body, Body::Leaf(Value::Bool(false))));
        for (_, p) in props.iter_mut() {
            schema(p, cx, depth + 1);
        }
    }
    if matches!(map.get("items").map(|i| &i.body), Some(Body::Leaf(Value::Bool(false)))) {
        map.shift_remove("items");
    }
    for key in ["items", "additionalProperties"] {
        if let Some(s) = map.get_mut(key) {
            if !matches!(s.body, Body::Leaf(Value::Bool(_))) || key == "items" {
                schema(s, cx, depth + 1);
            }
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(list) = map.get_mut(key).and_then(Tree::list_mut) {
            for s in list {
                schema(s, cx, depth + 1);
            }
        }
    }
}

/// A `null` member of `oneOf`/`anyOf` (how 3.1 writes a nullable reference) makes the schema
/// nullable; a single member left is the schema itself.
fn null_members(map: &mut IndexMap<String, Tree>) {
    if map.contains_key("discriminator") {
        return;
    }
    for key in ["oneOf", "anyOf"] {
        let Some(list_node) = map.get_mut(key) else { continue };
        let list_at = list_node.at.clone();
        let Some(list) = list_node.list_mut() else { continue };
        let before = list.len();
        list.retain(|m| !is_null_schema(m));
        if list.len() == before {
            continue;
        }
        set(map, "nullable", Value::Bool(true), &list_at);
        let Some(Body::List(members)) = map.get(key).map(|l| &l.body) else { continue };
        match members.as_slice() {
            [] => {
                map.shift_remove(key);
            }
            [only] => {
                let only = only.clone();
                map.shift_remove(key);
                let plain = only.map().is_some_and(|m| !m.contains_key("$ref") && m.keys().all(|k| !map.contains_key(k)));
                if plain {
                    if let Body::Map(m) = only.body {
                        for (k, v) in m {
                            map.insert(k, v);
                        }
                    }
                } else if let Some(all) = map.get_mut("allOf").and_then(Tree::list_mut) {
                    all.insert(0, only);
                } else {
                    map.insert("allOf".into(), Tree { at: list_at, body: Body::List(vec![only]) });
                }
            }
            _ => {}
        }
    }
}

fn is_null_schema(s: &Tree) -> bool {
    let Some(m) = s.map() else { return false };
    let says_null = match m.get("type").map(|t| &t.body) {
        Some(Body::Leaf(Value::String(t))) => t == "null",
        Some(Body::List(l)) => !l.is_empty() && l.iter().all(|t| t.str() == Some("null")),
        _ => matches!(m.get("const").map(|c| &c.body), Some(Body::Leaf(Value::Null))),
    };
    says_null && m.keys().all(|k| ["type", "const", "description", "title"].contains(&k.as_str()) || k.starts_with("x-"))
}

/// `$ref` beside other keywords: 3.1 applies both, 3.0 reads only `$ref`. The reference moves
/// into `allOf`, which lowering reads as the referenced type when it is the only member, so a
/// `description` beside it reaches the docs and the type stays the referenced one.
fn ref_siblings(map: &mut IndexMap<String, Tree>) {
    if !map.contains_key("$ref") {
        return;
    }
    map.shift_remove("summary");
    if map.keys().all(|k| k == "$ref" || k.starts_with("x-")) {
        return;
    }
    let Some(r) = map.shift_remove("$ref") else { return };
    let item = Tree { at: r.at.clone(), body: Body::Map(IndexMap::from([("$ref".to_string(), r.clone())])) };
    match map.get_mut("allOf").and_then(Tree::list_mut) {
        Some(all) => all.insert(0, item),
        None => {
            map.insert("allOf".into(), Tree { at: r.at, body: Body::List(vec![item]) });
        }
    }
}

/// `$dynamicRef` resolves by the dynamic scope at validation time; no static Rust type follows
/// it, so the schema is any JSON value, keeping its docs.
fn dynamic_ref(map: &mut IndexMap<String, Tree>, cx: &mut Cx) {
    if let Some(d) = map.get("$dynamicAnchor") {
        cx.note(&d.at, "`$dynamicAnchor` is not used: references resolve statically, as `$anchor` would".into());
        map.shift_remove("$dynamicAnchor");
    }
    let Some(d) = map.get("$dynamicRef") else { return };
    cx.note(
        &d.at,
        "`$dynamicRef` resolves at validation time and has no static Rust type: the schema is any JSON value (`serde_json::Value`)".into(),
    );
    map.retain(|k, _| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"));
}

/// `type` as a list: `[T, "null"]` is a nullable `T`; several types are a `oneOf` of one-type
/// schemas, each with the keywords that apply to it; `"null"` alone is a nullable any value.
fn split_types(map: &mut IndexMap<String, Tree>, at: &Origin) {
    let Some(t) = map.get("type") else { return };
    let t_at = t.at.clone();
    let (types, null): (Vec<(String, Origin)>, bool) = match &t.body {
        Body::Leaf(Value::String(s)) if s == "null" => (Vec::new(), true),
        Body::Leaf(_) => return,
        Body::Map(_) => return,
        Body::List(items) => {
            if items.iter().any(|i| i.str().is_none()) {
                return;
            }
            let mut types: Vec<(String, Origin)> = Vec::new();
            let mut null = false;
            for i in items {
                match i.str() {
                    Some("null") => null = true,
                    Some(s) if !types.iter().any(|(t, _)| t == s) => types.push((s.to_string(), i.at.clone())),
                    _ => {}
                }
            }
            (types, null)
        }
    };
    if null {
        set(map, "nullable", Value::Bool(true), &t_at);
    }
    match types.as_slice() {
        [] => {
            map.shift_remove("type");
        }
        [(one, one_at)] => {
            map.insert("type".into(), Tree::leaf(Value::String(one.clone()), one_at));
        }
        _ if map.contains_key("oneOf") && map.contains_key("anyOf") => {
            // Nowhere to put the union: each value is checked by the other keywords only.
            map.shift_remove("type");
        }
        _ => {
            map.shift_remove("type");
            let format = map.get("format").and_then(Tree::str).map(str::to_string);
            let applies = |key: &str, ty: &str| {
                keyword_type(key, format.as_deref()).is_some_and(|ts| ts.contains(&ty) || (ty == "integer" && ts.contains(&"number")))
            };
            let mut members = Vec::new();
            for (ty, ty_at) in &types {
                let mut member: IndexMap<String, Tree> = IndexMap::new();
                member.insert("type".into(), Tree::leaf(Value::String(ty.clone()), ty_at));
                for (k, v) in map.iter() {
                    if applies(k, ty) {
                        member.insert(k.clone(), v.clone());
                    }
                }
                for key in ["enum", "const"] {
                    if let Some(Body::List(values)) = map.get(key).map(|v| &v.body) {
                        let mine: Vec<Tree> = values
                            .iter()
                            .filter(|v| {
                                let jt = json_type(&v.to_value());
                                jt == ty || (ty == "number" && jt == "integer")
                            })
                            .cloned()
                            .collect();
                        if let Some(e) = map.get(key) {
                            member.insert(key.into(), Tree { at: e.at.clone(), body: Body::List(mine) });
                        }
                    } else if let Some(c) = map.get(key).filter(|c| json_type(&c.to_value()) == ty) {
                        member.insert(key.into(), c.clone());
                    }
                }
                members.push(Tree { at: ty_at.clone(), body: Body::Map(member) });
            }
            map.retain(|k, _| !types.iter().any(|(ty, _)| applies(k, ty)) && k != "enum" && k != "const");
            let key = if map.contains_key("oneOf") { "anyOf" } else { "oneOf" };
            let _ = at;
            map.insert(key.into(), Tree { at: t_at, body: Body::List(members) });
        }
    }
}

/// `const: v` is a one-value `enum`; without a `type`, the value's own type.
fn constant(map: &mut IndexMap<String, Tree>) {
    let Some(c) = map.shift_remove("const") else { return };
    let value = c.to_value();
    if !map.contains_key("type") && !map.contains_key("oneOf") && !map.contains_key("anyOf") && !map.contains_key("allOf") && !map.contains_key("$ref") {
        match json_type(&value) {
            "null" => {
                set(map, "nullable", Value::Bool(true), &c.at);
            }
            ty => set(map, "type", Value::String(ty.into()), &c.at),
        }
    }
    map.insert("enum".into(), Tree { at: c.at.clone(), body: Body::List(vec![c]) });
}

/// `examples` (a list in JSON Schema): the first one is the schema's `example`.
fn examples(map: &mut IndexMap<String, Tree>) {
    let Some(list) = map.shift_remove("examples") else { return };
    if map.contains_key("example") {
        return;
    }
    if let Body::List(items) = list.body {
        if let Some(first) = items.into_iter().next() {
            map.insert("example".into(), first);
        }
    }
}

/// Numeric `exclusiveMinimum`/`exclusiveMaximum` (2020-12) are 3.0's bound and boolean flag.
fn exclusive_bounds(map: &mut IndexMap<String, Tree>) {
    for (exclusive, bound, stricter) in [
        ("exclusiveMinimum", "minimum", (|old: f64, new: f64| old > new) as fn(f64, f64) -> bool),
        ("exclusiveMaximum", "maximum", |old, new| old < new),
    ] {
        let Some(e) = map.get(exclusive) else { continue };
        let Body::Leaf(Value::Number(n)) = &e.body else { continue };
        let (n, e_at) = (n.clone(), e.at.clone());
        let old = map.get(bound).and_then(|b| match &b.body {
            Body::Leaf(Value::Number(o)) => o.as_f64(),
            _ => None,
        });
        if let (Some(old), Some(new)) = (old, n.as_f64()) {
            if stricter(old, new) {
                map.shift_remove(exclusive);
                continue;
            }
        }
        set(map, bound, Value::Number(n), &e_at);
        set(map, exclusive, Value::Bool(true), &e_at);
    }
}

fn is_textual(media: &str) -> bool {
    let m = media.to_ascii_lowercase();
    m.starts_with("text/") || m.contains("json") || m.contains("xml") || m.contains("x-www-form-urlencoded")
}

/// `contentEncoding: base64` is `format: byte`; `contentMediaType` of binary content is
/// `format: binary`.
fn content_keywords(map: &mut IndexMap<String, Tree>) {
    let encoding = map.shift_remove("contentEncoding");
    let media = map.shift_remove("contentMediaType");
    if map.contains_key("format") || map.get("type").is_some_and(|t| t.str() != Some("string")) {
        return;
    }
    let format = match (&encoding, &media) {
        (Some(e), _) if matches!(e.str().map(str::to_ascii_lowercase).as_deref(), Some("base64" | "base64url")) => Some(("byte", e.at.clone())),
        (None, Some(m)) if m.str().is_some_and(|m| !is_textual(m)) => Some(("binary", m.at.clone())),
        _ => None,
    };
    if let Some((format, f_at)) = format {
        if !map.contains_key("type") {
            set(map, "type", Value::String("string".into()), &f_at);
        }
        set(map, "format", Value::String(format.into()), &f_at);
    }
}

/// `patternProperties` and `propertyNames` on a map: the values' schema is `additionalProperties`.
fn maps(map: &mut IndexMap<String, Tree>, at: &Origin, cx: &mut Cx) {
    let pattern = map.shift_remove("patternProperties");
    let names = map.shift_remove("propertyNames");
    let unevaluated = match map.get("unevaluatedProperties").map(|u| &u.body) {
        Some(Body::Map(_)) if !map.contains_key("additionalProperties") => map.shift_remove("unevaluatedProperties"),
        _ => None,
    };
    let untyped_or_object = map.get("type").is_none_or(|t| t.str() == Some("object"));
    let composed = ["allOf", "oneOf", "anyOf", "$ref"].iter().any(|k| map.contains_key(*k));
    let mut value_schema: Option<Tree> = unevaluated;
    if let Some(p) = pattern {
        if let Body::Map(patterns) = &p.body {
            let mut schemas = patterns.values();
            if let Some(first) = schemas.next() {
                let same = schemas.all(|s| s.to_value() == first.to_value());
                let extra = match map.get("additionalProperties").map(|a| &a.body) {
                    None | Some(Body::Leaf(Value::Bool(false))) => None,
                    Some(_) => map.get("additionalProperties"),
                };
                let agrees = extra.is_none_or(|e| e.to_value() == first.to_value());
                if same && agrees {
                    value_schema = Some(first.clone());
                } else {
                    cx.note(
                        &p.at,
                        "`patternProperties` with differing schemas: the values of properties not named in `properties` are any JSON value (`serde_json::Value`)".into(),
                    );
                    value_schema = Some(Tree::empty_map(&p.at));
                }
            }
        }
    }
    if value_schema.is_none() && names.is_some() && !map.contains_key("properties") && !map.contains_key("additionalProperties") {
        value_schema = names.map(|n| Tree::leaf(Value::Bool(true), &n.at));
    }
    let Some(values) = value_schema else { return };
    if !untyped_or_object {
        return;
    }
    if !map.contains_key("type") && !composed {
        set(map, "type", Value::String("object".into()), &values.at);
    }
    let _ = at;
    map.insert("additionalProperties".into(), values);
}

/// Keywords no Rust type expresses: each is dropped with a note, and the schema keeps what its
/// other keywords say (they describe a superset of the values the whole schema accepts).
fn fallbacks(map: &mut IndexMap<String, Tree>, cx: &mut Cx) {
    const DROPPED_WITH_NOTE: [(&str, &str); 12] = [
        ("if", "`if`/`then`/`else` is a condition no Rust type checks: the value is typed by the schema's other keywords"),
        ("then", "`then` without `if` applies nothing: dropped"),
        ("else", "`else` without `if` applies nothing: dropped"),
        ("dependentSchemas", "`dependentSchemas` applies schemas depending on which properties are present, which no Rust type checks: the value is typed by the schema's other keywords"),
        ("dependentRequired", "`dependentRequired` makes properties required together, which no Rust type checks: each stays as optional as `required` says"),
        ("unevaluatedProperties", "`unevaluatedProperties` is not checked: the Rust type reads the properties it names and ignores others"),
        ("unevaluatedItems", "`unevaluatedItems` is not checked: the items are typed by `items`"),
        ("prefixItems", "`prefixItems` (a tuple) has no Rust type here: the items are any JSON value (`Vec<serde_json::Value>`)"),
        ("not", "`not` excludes values, which no Rust type checks: the value is typed by the schema's other keywords"),
        ("contains", "`contains` is not checked: the items are typed by `items`"),
        ("minContains", "`minContains` is not checked"),
        ("maxContains", "`maxContains` is not checked"),
    ];
    let had_if = map.contains_key("if");
    for (key, message) in DROPPED_WITH_NOTE {
        let Some(node) = map.shift_remove(key) else { continue };
        if (key == "then" || key == "else") && had_if {
            continue;
        }
        if (key == "minContains" || key == "maxContains") && cx.notes.last().is_some_and(|n| n.message.starts_with("`contains`")) {
            continue;
        }
        let message = if key == "not" && map.keys().all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")) {
            "`not` excludes values, which no Rust type checks: the schema is any JSON value (`serde_json::Value`)".to_string()
        } else {
            message.to_string()
        };
        cx.note(&node.at, message);
        if key == "prefixItems" {
            // The items beyond the tuple (`items`) are not the tuple's; every item is any value.
            map.insert("items".into(), Tree::empty_map(&node.at));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(doc: Value) -> (Value, Provenance, Vec<Note>) {
        let mut doc = doc;
        let mut p = Provenance::default();
        let notes = to_30(&mut doc, &mut p);
        (doc, p, notes)
    }

    fn doc(schemas: Value) -> Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": schemas}})
    }

    fn schemas(v: &Value) -> &Value {
        &v["components"]["schemas"]
    }

    #[test]
    fn type_lists_become_nullable_types_and_unions() {
        let (out, p, notes) = run(doc(json!({
            "A": {"type": ["string", "null"], "maxLength": 3},
            "B": {"type": ["string", "integer", "null"], "maxLength": 3, "minimum": 1, "description": "d"},
            "C": {"type": "null"},
        })));
        let s = schemas(&out);
        assert_eq!(s["A"], json!({"type": "string", "maxLength": 3, "nullable": true}));
        assert_eq!(
            s["B"],
            json!({"description": "d", "nullable": true, "oneOf": [{"type": "string", "maxLength": 3}, {"type": "integer", "minimum": 1}]})
        );
        assert_eq!(s["C"], json!({"nullable": true}));
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(p.origin_of("#/components/schemas/A/nullable").pointer, "#/components/schemas/A/type");
        assert_eq!(p.origin_of("#/components/schemas/B/oneOf/1/type").pointer, "#/components/schemas/B/type/1");
        assert_eq!(out["paths"], json!({}));
        assert_eq!(out["openapi"], json!("3.0.3"));
    }

    #[test]
    fn const_examples_bounds_and_content_keywords() {
        let (out, _, _) = run(doc(json!({
            "K": {"const": "fixed"},
            "E": {"type": "integer", "examples": [3, 4], "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 5},
            "F": {"type": "string", "contentEncoding": "base64"},
            "G": {"contentMediaType": "application/octet-stream"},
            "H": {"type": "string", "contentMediaType": "application/json"},
        })));
        let s = schemas(&out);
        assert_eq!(s["K"], json!({"type": "string", "enum": ["fixed"]}));
        assert_eq!(s["E"], json!({"type": "integer", "maximum": 5, "example": 3, "minimum": 0, "exclusiveMinimum": true}));
        assert_eq!(s["F"], json!({"type": "string", "format": "byte"}));
        assert_eq!(s["G"], json!({"type": "string", "format": "binary"}));
        assert_eq!(s["H"], json!({"type": "string"}));
    }

    #[test]
    fn ref_siblings_and_nullable_refs_keep_the_referenced_type() {
        let (out, p, _) = run(doc(json!({
            "R": {"$ref": "#/components/schemas/K", "description": "why"},
            "N": {"anyOf": [{"$ref": "#/components/schemas/K"}, {"type": "null"}]},
            "M": {"oneOf": [{"type": "string"}, {"type": "null"}]},
            "K": {"type": "string"},
        })));
        let s = schemas(&out);
        assert_eq!(s["R"], json!({"description": "why", "allOf": [{"$ref": "#/components/schemas/K"}]}));
        assert_eq!(s["N"], json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/K"}]}));
        assert_eq!(s["M"], json!({"nullable": true, "type": "string"}));
        assert_eq!(p.origin_of("#/components/schemas/R/allOf/0/$ref").pointer, "#/components/schemas/R/$ref");
    }

    #[test]
    fn defs_ids_and_anchors_become_components() {
        let (out, p, _) = run(doc(json!({
            "Pet": {
                "$id": "https://example.test/pet",
                "type": "object",
                "properties": {
                    "tag": {"$ref": "#/$defs/Tag"},
                    "owner": {"$ref": "#owner"},
                    "home": {"$anchor": "owner", "type": "object", "properties": {"name": {"type": "string"}}},
                },
                "$defs": {"Tag": {"type": "string"}, "Pet": {"type": "integer"}},
            },
            "Other": {"$ref": "https://example.test/pet"},
            "Inner": {"$id": "https://example.test/inner", "properties": {"pet": {"$ref": "#/components/schemas/Other"}}},
            "Loose": {"properties": {"x": {"$ref": "#/$defs/X"}}, "$defs": {"X": {"type": "boolean"}}},
            "Deep": {"$ref": "#/components/schemas/Pet/$defs/Pet"},
        })));
        let s = schemas(&out);
        assert_eq!(s["Pet"]["properties"]["tag"], json!({"$ref": "#/components/schemas/Tag"}));
        assert_eq!(s["Pet"]["properties"]["owner"], json!({"$ref": "#/components/schemas/owner"}));
        assert_eq!(s["Pet"]["properties"]["home"], json!({"$ref": "#/components/schemas/owner"}));
        assert_eq!(s["Tag"], json!({"type": "string"}));
        assert_eq!(s["PetPet"], json!({"type": "integer"}));
        assert_eq!(s["owner"]["properties"]["name"], json!({"type": "string"}));
        assert_eq!(s["Other"], json!({"$ref": "#/components/schemas/Pet"}));
        assert_eq!(s["Deep"], json!({"$ref": "#/components/schemas/PetPet"}));
        assert_eq!(s["Inner"]["properties"]["pet"], json!({"$ref": "#/components/schemas/Other"}));
        assert_eq!(s["Loose"]["properties"]["x"], json!({"$ref": "#/components/schemas/X"}));
        assert_eq!(s["X"], json!({"type": "boolean"}));
        assert!(s["Pet"].get("$defs").is_none() && s["Pet"].get("$id").is_none());
        assert_eq!(p.origin_of("#/components/schemas/Tag/type").pointer, "#/components/schemas/Pet/$defs/Tag/type");
        assert_eq!(p.origin_of("#/components/schemas/owner/properties/name").pointer, "#/components/schemas/Pet/properties/home/properties/name");
    }

    #[test]
    fn webhooks_path_items_and_optional_paths() {
        let (out, p, _) = run(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "webhooks": {
                "newPet": {"post": {"responses": {"200": {"description": "ok"}}}},
                "signed": {"$ref": "#/components/pathItems/Signed"},
            },
            "components": {"pathItems": {"Signed": {"post": {"x-webhook": {"signature": {"header": "h"}}, "responses": {"200": {"description": "ok"}}}}}},
        }));
        assert_eq!(out["paths"]["/newPet"]["post"]["x-webhook"], json!(true));
        assert_eq!(out["paths"]["/signed"]["post"]["x-webhook"], json!({"signature": {"header": "h"}}));
        assert!(out.get("webhooks").is_none() && out.get("jsonSchemaDialect").is_none());
        assert!(out["components"].get("pathItems").is_none());
        assert_eq!(out["info"]["x-summary"], json!("s"));
        assert_eq!(out["info"]["license"]["x-identifier"], json!("MIT"));
        assert_eq!(p.origin_of("#/paths/~1newPet/post").pointer, "#/webhooks/newPet/post");
        assert_eq!(p.origin_of("#/paths/~1signed/post/responses").pointer, "#/components/pathItems/Signed/post/responses");
    }

    #[test]
    fn query_and_additional_operations_move_to_extensions() {
        let (out, p, notes) = run(json!({
            "openapi": "3.2.0", "info": {"title": "t", "version": "1"},
            "paths": {
                "/s": {
                    "query": {"responses": {"200": {"content": {"application/json": {"schema": {"type": ["string", "null"]}}}}}},
                    "additionalOperations": {"PURGE": {"responses": {"204": {"description": "gone", "content": {"application/json": {"schema": {"const": 1}}}}}}},
                },
                "/t": {"additionalOperations": {"QUERY": {"responses": {"204": {"description": "ok"}}}}},
            },
        }));
        assert_eq!(
            out["paths"]["/s"],
            json!({
                "x-query": {"responses": {"200": {"description": "", "content": {"application/json": {"schema": {"type": "string", "nullable": true}}}}}},
                "x-additional-operations": {"PURGE": {"responses": {"204": {"description": "gone", "content": {"application/json": {"schema": {"type": "integer", "enum": [1]}}}}}}},
            })
        );
        assert_eq!(out["paths"]["/t"], json!({"x-query": {"responses": {"204": {"description": "ok"}}}}));
        assert_eq!(p.origin_of("#/paths/~1s/x-query/responses").pointer, "#/paths/~1s/query/responses");
        assert_eq!(
            p.origin_of("#/paths/~1s/x-additional-operations/PURGE/responses").pointer,
            "#/paths/~1s/additionalOperations/PURGE/responses"
        );
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn item_schema_of_sequential_media_moves_to_an_extension() {
        let (out, p, notes) = run(json!({
            "openapi": "3.2.0", "info": {"title": "t", "version": "1"},
            "paths": {"/s": {"get": {"responses": {"200": {"content": {
                "application/jsonl": {"itemSchema": {"type": ["string", "null"]}},
                "application/json": {"itemSchema": {"type": "string"}},
            }}}}}},
        }));
        assert_eq!(
            out["paths"]["/s"]["get"]["responses"]["200"]["content"],
            json!({"application/jsonl": {"x-item-schema": {"type": "string", "nullable": true}}, "application/json": {}})
        );
        assert_eq!(
            p.origin_of("#/paths/~1s/get/responses/200/content/application~1jsonl/x-item-schema/type").pointer,
            "#/paths/~1s/get/responses/200/content/application~1jsonl/itemSchema/type/0"
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].origin.pointer, "#/paths/~1s/get/responses/200/content/application~1json/itemSchema");
    }

    #[test]
    fn mutual_tls_is_left_to_the_transport() {
        let (out, p, notes) = run(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "security": [{"mtls": [], "key": []}],
            "paths": {"/a": {"get": {"security": [{"mtls": []}], "responses": {"200": {"description": "ok"}}}}},
            "components": {"securitySchemes": {"mtls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "in": "header", "name": "k"}}},
        }));
        assert_eq!(out["security"], json!([{"key": []}]));
        assert_eq!(out["paths"]["/a"]["get"]["security"], json!([{}]));
        assert!(out["components"]["securitySchemes"].get("mtls").is_none());
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].origin.pointer, "#/components/securitySchemes/mtls");
        assert!(notes[0].message.contains("http_client"), "{notes:?}");
        assert_eq!(p.origin_of("#/paths/~1a/get").pointer, "#/paths/~1a/get");
    }

    #[test]
    fn inexpressible_keywords_fall_back_with_a_note_at_the_keyword() {
        let (out, _, notes) = run(doc(json!({
            "If": {"type": "object", "properties": {"a": {"type": "string"}}, "if": {}, "then": {}, "else": {}},
            "Tuple": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
            "Not": {"not": {"type": "string"}, "description": "d"},
            "Closed": {"type": "object", "properties": {"a": {"type": "string"}}, "unevaluatedProperties": false},
            "Dyn": {"$dynamicRef": "#node", "description": "d"},
        })));
        let s = schemas(&out);
        assert_eq!(s["If"], json!({"type": "object", "properties": {"a": {"type": "string"}}}));
        assert_eq!(s["Tuple"], json!({"type": "array", "items": {}}));
        assert_eq!(s["Not"], json!({"description": "d"}));
        assert_eq!(s["Closed"], json!({"type": "object", "properties": {"a": {"type": "string"}}}));
        assert_eq!(s["Dyn"], json!({"description": "d"}));
        let at: Vec<&str> = notes.iter().map(|n| n.origin.pointer.as_str()).collect();
        assert_eq!(
            at,
            [
                "#/components/schemas/If/if",
                "#/components/schemas/Tuple/prefixItems",
                "#/components/schemas/Not/not",
                "#/components/schemas/Closed/unevaluatedProperties",
                "#/components/schemas/Dyn/$dynamicRef",
            ]
        );
    }

    #[test]
    fn pattern_properties_and_property_names_are_maps() {
        let (out, _, notes) = run(doc(json!({
            "P": {"patternProperties": {"^x": {"type": "integer"}}},
            "Q": {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}},
            "U": {"type": "object", "unevaluatedProperties": {"type": "string"}},
        })));
        let s = schemas(&out);
        assert_eq!(s["P"], json!({"type": "object", "additionalProperties": {"type": "integer"}}));
        assert_eq!(s["Q"], json!({"type": "object", "additionalProperties": true}));
        assert_eq!(s["U"], json!({"type": "object", "additionalProperties": {"type": "string"}}));
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn an_overlaid_node_keeps_its_overlay_origin() {
        let mut value = doc(json!({"A": {"type": ["string", "null"]}}));
        let mut p = Provenance::default();
        let o = super::super::overlay::Overlay::parse(
            "o.yml".into(),
            String::new(),
            &json!({"overlay": "1.0.0", "info": {"title": "o", "version": "1"}, "actions": [
                {"target": "$.components.schemas.A", "update": {"type": ["integer", "null"]}}]}),
        )
        .unwrap();
        super::super::overlay::apply(&mut value, &mut p, &o, 1).unwrap();
        let _ = to_30(&mut value, &mut p);
        assert_eq!(schemas(&value)["A"], json!({"type": "integer", "nullable": true}));
        assert_eq!(p.origin_of("#/components/schemas/A/type"), Origin { source: 1, pointer: "#/actions/0/update/type/0".into() });
        assert_eq!(p.origin_of("#/info/title"), Origin { source: 0, pointer: "#/info/title".into() });
    }
}
