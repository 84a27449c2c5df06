//! A seeded fuzzer: mutated LINE specs, mutated corpus specs and random small specs, each also
//! rewritten as OpenAPI 3.1 with JSON Schema 2020-12 keywords sprinkled in, go through
//! load → lower → render. No input may panic; every input ends rendered (every `.rs` parsing)
//! or with an error that names the file (and, for lowering, a JSON pointer for every problem).
//!
//! Bounded by `FUZZ_CASES` (default 150) and `FUZZ_SECONDS` (default none); `FUZZ_SEED` picks
//! the sequence (default fixed, so `cargo test` is repeatable). `.ci/run` runs it for 60 s.
//! A failing input is saved under `target/fuzz-failures/` with the seed and case number.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

/// xorshift64*: small, seedable, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Names that stress identifier sanitising: keywords, case collisions, digits, symbols, unicode.
const NAMES: &[&str] = &[
    "User", "user", "USER", "user_name", "userName", "UserName", "user-name", "type", "Self", "self",
    "crate", "super", "fn", "async", "new", "build", "client", "Error", "String", "Option", "Vec",
    "Box", "Result", "Value", "1st", "2", "", " ", "_", "__", "a b", "日本", "🚀", "URIAction",
    "UriAction", "x-line-request-id", "$ref", "r#type", "foo/bar", "foo~bar", "get_user_with_http_info",
    "Default", "None", "Some",
];

/// Text that stresses escaping wherever it lands.
const TEXTS: &[&str] = &[
    "plain", "*/", "/*", "\"#[cfg(any())] fn injected() {}", "`", "``", "```", "```rust\nfn injected() {}\n```",
    "</code>", "<script>alert(1)</script>", "|", "a | b", "line\nbreak", "\r\n", "\\", "\"", "'",
    "\u{202e}rtl", "\u{0}", "\t", "日本語", "[link]", "[[x]]", "http://example.com/a_b", "# heading",
    "- item", "~~~", "{", "}", "${x}", "%s", "&amp;",
];

const MEDIA: &[&str] = &[
    "application/json", "application/x-www-form-urlencoded", "multipart/form-data", "*/*", "text/plain",
    "application/octet-stream", "image/png", "application/problem+json", "weird",
];

const TYPES: &[&str] = &["string", "string", "integer", "number", "boolean", "array", "object", "string", "integer"];

/// Types OpenAPI 3.0 does not have, used now and then.
const BAD_TYPES: &[&str] = &["null", "file", ""];

const FORMATS: &[&str] = &["int32", "int64", "float", "double", "date-time", "date", "binary", "byte", "uri", "email", "uuid"];

/// A random small schema, at most `depth` levels deep, referring to `names` sometimes.
fn random_schema(rng: &mut Rng, depth: usize, names: &[String]) -> Value {
    if depth == 0 || rng.chance(25) {
        if !names.is_empty() && rng.chance(50) {
            let name = rng.pick(names);
            let target = if rng.chance(97) { format!("#/components/schemas/{name}") } else { rng.pick(&["#/nope", "other.yml#/X", "#/components/schemas/", "#/components/parameters/p"]).to_string() };
            return json!({ "$ref": target });
        }
        // Rare: the load stage's document check refuses the whole spec for one bad type, and
        // most random specs should reach lowering and rendering.
        let ty = if rng.chance(3) && rng.chance(20) { *rng.pick(BAD_TYPES) } else { *rng.pick(TYPES) };
        let mut s = Map::new();
        s.insert("type".into(), json!(ty));
        if rng.chance(30) {
            s.insert("format".into(), json!(rng.pick(FORMATS)));
        }
        if rng.chance(20) {
            let mut values = Vec::new();
            for _ in 0..rng.below(5) {
                let pool = if rng.chance(50) { NAMES } else { TEXTS };
                values.push(json!(rng.pick(pool)));
            }
            s.insert("enum".into(), Value::Array(values));
        }
        if rng.chance(15) {
            s.insert("enum".into(), json!([1, 2, -3]));
        }
        if rng.chance(15) {
            s.insert("nullable".into(), json!(true));
        }
        if rng.chance(15) {
            s.insert("default".into(), json!(rng.pick(TEXTS)));
        }
        if rng.chance(15) {
            s.insert("example".into(), json!(rng.pick(TEXTS)));
        }
        if rng.chance(20) {
            s.insert("description".into(), json!(rng.pick(TEXTS)));
        }
        return Value::Object(s);
    }
    match rng.below(6) {
        0 => json!({ "type": "array", "items": random_schema(rng, depth - 1, names) }),
        1 | 2 => {
            let mut props = Map::new();
            let mut required = Vec::new();
            for _ in 0..rng.below(5) {
                let name = rng.pick(NAMES).to_string();
                if rng.chance(40) {
                    required.push(json!(name.clone()));
                }
                props.insert(name, random_schema(rng, depth - 1, names));
            }
            let mut s = json!({ "type": "object", "properties": props, "required": required });
            if rng.chance(20) {
                s["additionalProperties"] = if rng.chance(50) { json!(true) } else { random_schema(rng, depth - 1, names) };
            }
            if rng.chance(20) {
                s["description"] = json!(rng.pick(TEXTS));
            }
            s
        }
        3 => {
            let key = *rng.pick(&["allOf", "oneOf", "anyOf"]);
            let branches: Vec<Value> = (0..1 + rng.below(3)).map(|_| random_schema(rng, depth - 1, names)).collect();
            let mut s = json!({ key: branches });
            if key == "oneOf" && rng.chance(40) {
                let prop = rng.pick(NAMES).to_string();
                let mut mapping = Map::new();
                for n in names.iter().take(rng.below(3)) {
                    mapping.insert(rng.pick(TEXTS).to_string(), json!(format!("#/components/schemas/{n}")));
                }
                s["discriminator"] = json!({ "propertyName": prop, "mapping": mapping });
            }
            s
        }
        4 => json!({ "type": "object", "additionalProperties": random_schema(rng, depth - 1, names) }),
        _ => json!({ "not": random_schema(rng, depth - 1, names) }),
    }
}

/// A random small OpenAPI 3.0 document.
fn random_spec(rng: &mut Rng) -> Value {
    let names: Vec<String> = (0..rng.below(6)).map(|_| rng.pick(NAMES).to_string()).collect();
    let mut schemas = Map::new();
    for n in &names {
        schemas.insert(n.clone(), random_schema(rng, 3, &names));
    }
    let mut security_schemes = Map::new();
    for _ in 0..rng.below(3) {
        let scheme = match rng.below(20) {
            0..=4 => json!({ "type": "http", "scheme": "bearer" }),
            5..=8 => json!({ "type": "http", "scheme": "basic" }),
            9..=13 => json!({ "type": "apiKey", "in": "header", "name": rng.pick(TEXTS) }),
            14..=18 => json!({ "type": "apiKey", "in": "query", "name": rng.pick(NAMES) }),
            _ => json!({ "type": "apiKey", "in": "cookie", "name": "c" }),
        };
        security_schemes.insert(rng.pick(NAMES).to_string(), scheme);
    }
    let scheme_names: Vec<String> = security_schemes.keys().cloned().collect();
    let mut paths = Map::new();
    for _ in 0..rng.below(5) {
        let params: Vec<String> = (0..rng.below(3)).map(|_| rng.pick(NAMES).to_string()).collect();
        let mut path = String::new();
        for _ in 0..1 + rng.below(3) {
            path.push('/');
            let segment = if rng.chance(5) { *rng.pick(&["{", "}", "", "{}"]) } else { *rng.pick(&["users", "a b", "v2", "日本", "x.json", "%20", "items"]) };
            path.push_str(segment);
        }
        for p in &params {
            path.push_str(&format!("/{{{p}}}"));
        }
        let mut item = Map::new();
        for _ in 0..1 + rng.below(3) {
            let method = *rng.pick(&["get", "post", "put", "delete", "patch", "head", "options", "trace"]);
            let mut op = Map::new();
            if rng.chance(85) {
                op.insert("operationId".into(), json!(rng.pick(NAMES)));
            }
            if rng.chance(50) {
                op.insert("tags".into(), json!([rng.pick(NAMES)]));
            }
            if rng.chance(30) {
                op.insert("summary".into(), json!(rng.pick(TEXTS)));
            }
            if rng.chance(30) {
                op.insert("description".into(), json!(rng.pick(TEXTS)));
            }
            let mut parameters = Vec::new();
            for p in &params {
                if rng.chance(90) {
                    parameters.push(json!({ "name": p, "in": "path", "required": true, "schema": random_schema(rng, 1, &names) }));
                }
            }
            for _ in 0..rng.below(3) {
                let location = if rng.chance(5) { "cookie" } else { *rng.pick(&["query", "header", "query", "path"]) };
                parameters.push(json!({
                    "name": rng.pick(NAMES), "in": location, "required": rng.chance(50),
                    "description": rng.pick(TEXTS), "schema": random_schema(rng, 2, &names),
                }));
            }
            op.insert("parameters".into(), Value::Array(parameters));
            if rng.chance(50) {
                let mut content = Map::new();
                for _ in 0..1 + rng.below(2) {
                    content.insert(rng.pick(MEDIA).to_string(), json!({ "schema": random_schema(rng, 3, &names) }));
                }
                op.insert("requestBody".into(), json!({ "required": rng.chance(50), "content": content }));
            }
            let mut responses = Map::new();
            for _ in 0..1 + rng.below(3) {
                let code = *rng.pick(&["200", "201", "204", "400", "404", "default", "2XX", "500"]);
                let mut response = json!({ "description": rng.pick(TEXTS) });
                if rng.chance(70) {
                    response["content"] = json!({ rng.pick(MEDIA).to_string(): { "schema": random_schema(rng, 3, &names) } });
                }
                responses.insert(code.to_string(), response);
            }
            op.insert("responses".into(), Value::Object(responses));
            if !scheme_names.is_empty() && rng.chance(50) {
                op.insert("security".into(), json!([{ rng.pick(&scheme_names).clone(): [] }]));
            }
            item.insert(method.to_string(), Value::Object(op));
        }
        paths.insert(path, Value::Object(item));
    }
    let mut doc = json!({
        "openapi": if rng.chance(3) { *rng.pick(&["3.1.0", "2.0"]) } else { *rng.pick(&["3.0.0", "3.0.3"]) },
        "info": { "title": rng.pick(TEXTS), "version": rng.pick(TEXTS), "description": rng.pick(TEXTS) },
        "paths": paths,
        "components": { "schemas": schemas, "securitySchemes": security_schemes },
    });
    if rng.chance(70) {
        doc["servers"] = json!([{ "url": rng.pick(&["https://api.example.com/v1", "http://x", "", "/relative", "https://a\"b"]) }]);
    }
    doc
}

/// JSON Schema 2020-12 keywords and OpenAPI 3.1 shapes, valid and not, to put into schemas.
fn keyword_31(rng: &mut Rng, names: &[String]) -> (&'static str, Value) {
    let name = if names.is_empty() { "X".to_string() } else { rng.pick(names).clone() };
    match rng.below(24) {
        0 => ("type", json!([rng.pick(TYPES), "null"])),
        1 => ("type", json!([rng.pick(TYPES), rng.pick(TYPES), rng.pick(TYPES)])),
        2 => ("type", json!("null")),
        3 => ("const", json!(rng.pick(TEXTS))),
        4 => ("examples", json!([rng.pick(TEXTS), 1])),
        5 => ("exclusiveMinimum", json!(rng.pick(&[json!(0), json!(-1.5), json!("x"), json!(true)]))),
        6 => ("exclusiveMaximum", json!(10)),
        7 => ("$defs", json!({ rng.pick(NAMES).to_string(): { "type": rng.pick(TYPES) }, "Inner": { "$ref": "#/$defs/Inner" } })),
        8 => ("$ref", json!(rng.pick(&["#/$defs/Inner", "#anchor", "https://x.test/s", "#/components/schemas/X/$defs/Inner"]))),
        9 => ("$anchor", json!("anchor")),
        10 => ("$id", json!(rng.pick(&["https://x.test/s", "s", ""]))),
        11 => ("prefixItems", json!([{ "type": "string" }, true, false])),
        12 => ("if", json!({ "required": [rng.pick(NAMES)] })),
        13 => ("then", json!(false)),
        14 => ("unevaluatedProperties", json!(rng.pick(&[json!(false), json!({ "type": "integer" }), json!(3)]))),
        15 => ("$dynamicRef", json!("#node")),
        16 => ("patternProperties", json!({ "^a": { "type": "string" }, "^b": { "$ref": format!("#/components/schemas/{name}") } })),
        17 => ("propertyNames", json!({ "pattern": "^[a-z]+$" })),
        18 => ("contentEncoding", json!("base64")),
        19 => ("contentMediaType", json!(rng.pick(&["image/png", "application/json", ""]))),
        20 => ("dependentSchemas", json!({ "a": { "required": ["b"] } })),
        21 => ("anyOf", json!([{ "$ref": format!("#/components/schemas/{name}") }, { "type": "null" }])),
        22 => ("not", json!(true)),
        _ => ("items", json!(rng.pick(&[json!(false), json!(true), json!({ "$dynamicRef": "#x" })]))),
    }
}

/// Rewrites a document as OpenAPI 3.1 (or 3.2) and sprinkles 2020-12 keywords into its schemas;
/// sometimes moves an operation to top-level `webhooks` and a path item to `components.pathItems`.
fn sprinkle_31(rng: &mut Rng, doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else { return };
    root.insert("openapi".into(), json!(rng.pick(&["3.1.0", "3.1.1", "3.2.0"])));
    let names: Vec<String> = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    if rng.chance(30) {
        if let Some((path, item)) = root.get_mut("paths").and_then(Value::as_object_mut).and_then(|p| {
            let k = p.keys().next().cloned()?;
            p.shift_remove_entry(&k)
        }) {
            if rng.chance(50) {
                root.insert("webhooks".into(), json!({ path.trim_start_matches('/'): item }));
            } else {
                let components = root.entry("components").or_insert_with(|| json!({}));
                if let Some(c) = components.as_object_mut() {
                    c.insert("pathItems".into(), json!({ "Moved": item }));
                }
                if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
                    paths.insert(path, json!({ "$ref": "#/components/pathItems/Moved" }));
                }
            }
        }
    }
    if rng.chance(10) {
        root.shift_remove("paths");
    }
    let paths: Vec<Vec<String>> = node_paths(doc, 20_000)
        .into_iter()
        .filter(|p| p.iter().any(|s| s == "schemas" || s == "schema" || s == "properties"))
        .collect();
    for _ in 0..1 + rng.below(6) {
        if paths.is_empty() {
            return;
        }
        let target = rng.pick(&paths).clone();
        let (key, value) = keyword_31(rng, &names);
        if let Some(Value::Object(map)) = at_mut(doc, &target) {
            if let Some(true) = map.get("nullable").map(|n| n == &json!(true)) {
                if let Some(Value::String(t)) = map.shift_remove("type") {
                    map.insert("type".into(), json!([t, "null"]));
                }
                map.shift_remove("nullable");
            }
            map.insert(key.into(), value);
        }
    }
}

/// Every node of `v` as a JSON pointer path (bounded, so huge specs stay cheap).
fn node_paths(v: &Value, limit: usize) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut stack: Vec<(Vec<String>, &Value)> = vec![(Vec::new(), v)];
    while let Some((path, node)) = stack.pop() {
        if out.len() >= limit {
            break;
        }
        match node {
            Value::Object(map) => {
                for (k, c) in map {
                    let mut p = path.clone();
                    p.push(k.clone());
                    stack.push((p, c));
                }
            }
            Value::Array(items) => {
                for (i, c) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(i.to_string());
                    stack.push((p, c));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out
}

fn at_mut<'a>(v: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut here = v;
    for seg in path {
        here = match here {
            Value::Object(map) => map.get_mut(seg)?,
            Value::Array(items) => items.get_mut(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(here)
}

/// Structural mutations: they keep the document parseable, so lowering and rendering see them.
fn mutate_tree(rng: &mut Rng, doc: &mut Value) {
    for _ in 0..1 + rng.below(4) {
        // The root stays a mapping: replacing it is one boring error, over and over.
        let paths: Vec<Vec<String>> = node_paths(doc, 20_000).into_iter().filter(|p| !p.is_empty()).collect();
        if paths.is_empty() {
            return;
        }
        let target = rng.pick(&paths).clone();
        let donor_path = rng.pick(&paths).clone();
        let donor = at_mut(doc, &donor_path).map(|v| v.clone()).unwrap_or(Value::Null);
        let component_names: Vec<String> = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let Some(node) = at_mut(doc, &target) else { continue };
        match rng.below(10) {
            // Graft another part of the document here: type confusion, cycles through properties.
            0 | 1 => {
                if donor.to_string().len() < 200_000 {
                    *node = donor;
                }
            }
            2 => *node = json!(rng.pick(TEXTS)),
            3 => *node = random_schema(rng, 2, &component_names),
            4 => {
                if let Value::Object(map) = node {
                    if let Some(k) = map.keys().nth(rng.below(map.len())).cloned() {
                        map.shift_remove(&k);
                    }
                }
            }
            5 => {
                if let Value::Object(map) = node {
                    if let Some(k) = map.keys().nth(rng.below(map.len())).cloned() {
                        if let Some(v) = map.shift_remove(&k) {
                            map.insert(rng.pick(NAMES).to_string(), v);
                        }
                    }
                }
            }
            6 => {
                let name = if component_names.is_empty() { "X".to_string() } else { rng.pick(&component_names).clone() };
                *node = json!({ "$ref": format!("#/components/schemas/{name}") });
            }
            7 => {
                if let Value::Array(items) = node {
                    if !items.is_empty() {
                        let i = rng.below(items.len());
                        let dup = items[i].clone();
                        items.push(dup);
                    }
                } else {
                    *node = json!([node.clone(), rng.pick(NAMES)]);
                }
            }
            8 => *node = json!(rng.pick(&[json!(null), json!(true), json!(0), json!(-1), json!(1.5), json!({}), json!([])])),
            _ => {
                // A self-referencing component: `A: {$ref: A}` or through allOf.
                if let Some(name) = component_names.get(rng.below(component_names.len().max(1))) {
                    let r = json!({ "$ref": format!("#/components/schemas/{name}") });
                    let replacement = if rng.chance(50) { r } else { json!({ "allOf": [r] }) };
                    if let Some(s) = doc.pointer_mut(&format!("/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"))) {
                        *s = replacement;
                    }
                }
            }
        }
    }
}

/// Byte-level mutations of YAML text: most fail to parse, and must fail cleanly.
fn mutate_text(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = bytes.len();
        match rng.below(7) {
            0 if len > 0 => {
                let start = rng.below(len);
                let end = (start + rng.below(64)).min(len);
                bytes.drain(start..end);
            }
            1 if len > 0 => {
                let start = rng.below(len);
                let end = (start + rng.below(256)).min(len);
                let copy = bytes[start..end].to_vec();
                let at = rng.below(len);
                bytes.splice(at..at, copy);
            }
            2 => {
                let at = rng.below(len + 1);
                let token = *rng.pick(&[
                    "\n", "  ", ": ", "- ", "{", "}", "[", "]", "&a ", "*a", "'", "\"", "#", "!tag ", "? ", "|\n", ">\n",
                    "$ref: '#/components/schemas/X'\n", "\t", "\u{feff}", "\u{202e}", "\\", "%YAML 1.2\n---\n",
                ]);
                bytes.splice(at..at, token.bytes());
            }
            3 if len > 0 => {
                let at = rng.below(len);
                bytes[at] = (rng.next() & 0xff) as u8;
            }
            4 => {
                let at = rng.below(len + 1);
                let text = rng.pick(TEXTS).to_string();
                bytes.splice(at..at, text.bytes());
            }
            5 if len > 0 => {
                // Re-indent one line: YAML structure shifts.
                let at = rng.below(len);
                let line_start = bytes[..at].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
                let spaces = vec![b' '; 1 + rng.below(4)];
                bytes.splice(line_start..line_start, spaces);
            }
            _ if len > 0 => {
                let at = rng.below(len);
                bytes.truncate(at);
            }
            _ => {}
        }
    }
    bytes
}

struct Outcome {
    loaded: bool,
    rendered: bool,
    /// The error, without the file name, when the input did not render.
    error: Option<String>,
}

/// One input through load → lower → render. A panic or an unlocated error is a failure.
fn run_one(name: &Path, bytes: &[u8]) -> Result<Outcome, String> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let options = generator::Options { spec_text: Some(bytes.to_vec()), ..generator::Options::new(name, "fuzzed") };
        match generator::generate(&options) {
            Ok(generated) => Ok((true, Some(generated), String::new())),
            Err(e @ generator::Error::Load(_)) => Ok((false, None, e.to_string())),
            Err(e) => Ok((true, None, e.to_string())),
        }
    }));
    let (loaded, generated, error): (bool, Option<generator::Generated>, String) = match result {
        Ok(Ok(r)) => r,
        Ok(Err(())) => unreachable!(),
        Err(panic) => {
            let what = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            return Err(format!("panic: {}", what.unwrap_or_default()));
        }
    };
    match generated {
        Some(generated) => {
            for (file, bytes) in &generated.files {
                if file.extension().is_some_and(|e| e == "rs") {
                    let text = String::from_utf8_lossy(bytes);
                    if let Err(e) = syn::parse_file(&text) {
                        return Err(format!("{} does not parse: {e}", file.display()));
                    }
                }
            }
            Ok(Outcome { loaded, rendered: true, error: None })
        }
        None => {
            // The error path looks each problem up in the text: that must not panic either.
            let text = String::from_utf8_lossy(bytes);
            for line in error.lines().filter_map(|l| l.strip_prefix("  ")) {
                let pointer = line.split(": ").next().unwrap_or("");
                if catch_unwind(AssertUnwindSafe(|| generator::load::position_of(&text, pointer))).is_err() {
                    return Err(format!("position_of panicked for {pointer}"));
                }
            }
            if !error.contains(&name.display().to_string()) {
                return Err(format!("the error does not name the file: {error}"));
            }
            let shown = error.replace(&name.display().to_string(), "");
            Ok(Outcome { loaded, rendered: false, error: Some(shown) })
        }
    }
}

/// An error's message without its stage, locations and pointers, to count errors by kind.
fn error_kind(error: &str) -> String {
    let line = error.lines().nth(1).unwrap_or(error);
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| !w.starts_with("#/") && !w.starts_with(':') && *w != "load:" && *w != "lower:" && *w != "render:")
        .collect();
    // Whole words up to about 60 characters: a kind is cut between words, never inside one.
    let mut kind = String::new();
    for word in &words {
        if !kind.is_empty() && kind.chars().count() + 1 + word.chars().count() > 60 {
            kind.push_str(" …");
            break;
        }
        if !kind.is_empty() {
            kind.push(' ');
        }
        kind.push_str(word);
    }
    kind
}

#[test]
fn error_kinds_are_cut_between_words() {
    let error = "lower: spec.yml:3:1:\n  #/paths/~1a/get: the response schema of this operation is neither an object nor a reference to one, so it cannot be typed";
    let kind = error_kind(error);
    assert_eq!(kind, "the response schema of this operation is neither an object …");
    assert_eq!(error_kind("load: x\n  #/info: title is missing"), "title is missing");
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn seeds() -> Vec<(String, String)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let line = manifest.join("../../shared/specs/line");
    match std::fs::read_dir(&line) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "yml")).collect();
            paths.sort();
            for p in paths {
                out.push((p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()));
            }
        }
        Err(e) => println!("fuzz: no LINE specs to mutate ({} is absent: {e}); using the project's spec, the corpus and random specs", line.display()),
    }
    out.push(("channel-access-token.yml".into(), std::fs::read_to_string(manifest.join("../spec/channel-access-token.yml")).unwrap()));
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(manifest.join("tests/bad_specs")).unwrap().map(|e| e.unwrap().path()).collect();
    // The 3.1 documents of the clean corpus and the hand-written 3.1 renditions.
    let clean = std::fs::read_dir(manifest.join("tests/clean_specs")).unwrap().map(|e| e.unwrap().path()).filter(|p| {
        p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("v31_"))
    });
    corpus.extend(clean);
    corpus.extend(std::fs::read_dir(manifest.join("tests/v31")).unwrap().map(|e| e.unwrap().path()));
    corpus.sort();
    for p in corpus {
        if let Ok(text) = std::fs::read_to_string(&p) {
            out.push((p.file_name().unwrap().to_string_lossy().into_owned(), text));
        }
    }
    out
}

#[test]
fn fuzz_load_lower_render() {
    let cases = env_number("FUZZ_CASES").unwrap_or(150);
    let budget = env_number("FUZZ_SECONDS").map(Duration::from_secs);
    let seed = env_number("FUZZ_SEED").unwrap_or(0x5EED_2026);
    let mut rng = Rng(seed | 1);
    let seeds = seeds();
    // Parsed once: structural mutations start from these trees.
    let trees: Vec<(String, Value)> = seeds
        .iter()
        .filter_map(|(name, text)| serde_yaml::from_str::<Value>(text).ok().filter(Value::is_object).map(|v| (name.clone(), v)))
        .collect();
    let started = Instant::now();
    let (mut tried, mut loaded, mut rendered) = (0u64, 0u64, 0u64);
    let mut failures = Vec::new();
    let mut unlocated = 0u64;
    let mut by_source: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    let mut errors: std::collections::BTreeMap<String, u64> = Default::default();
    let failure_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-failures");
    while tried < cases && budget.is_none_or(|b| started.elapsed() < b) {
        let (kind, bytes, ext) = match rng.below(10) {
            // Mutated trees of real specs (LINE's when present) and of the corpus.
            0..=3 if !trees.is_empty() => {
                let (name, tree) = rng.pick(&trees);
                let mut doc = tree.clone();
                mutate_tree(&mut rng, &mut doc);
                (format!("tree:{name}"), serde_json::to_vec(&doc).unwrap(), "json")
            }
            // Real specs and the corpus rewritten as 3.1, keywords sprinkled in, sometimes mutated.
            4 if !trees.is_empty() => {
                let (name, tree) = rng.pick(&trees);
                let mut doc = tree.clone();
                sprinkle_31(&mut rng, &mut doc);
                if rng.chance(50) {
                    mutate_tree(&mut rng, &mut doc);
                }
                (format!("tree31:{name}"), serde_json::to_vec(&doc).unwrap(), "json")
            }
            // Mutated text of real specs and the corpus.
            5 => {
                let (name, text) = rng.pick(&seeds);
                (format!("text:{name}"), mutate_text(&mut rng, text), "yml")
            }
            // Random small specs, as JSON, sometimes also mutated.
            _ => {
                let mut doc = random_spec(&mut rng);
                if rng.chance(30) {
                    sprinkle_31(&mut rng, &mut doc);
                }
                if rng.chance(15) {
                    mutate_tree(&mut rng, &mut doc);
                }
                ("random".to_string(), serde_json::to_vec(&doc).unwrap(), "json")
            }
        };
        let name = PathBuf::from(format!("fuzz-{tried}.{ext}"));
        if std::env::var_os("FUZZ_TRACE").is_some() {
            // Kept on disk before the run, so an input that hangs or exhausts memory is found.
            std::fs::create_dir_all(&failure_dir).ok();
            std::fs::write(failure_dir.join(format!("current.{ext}")), &bytes).ok();
            println!("case {tried}: {kind}");
        }
        let case_started = Instant::now();
        match run_one(&name, &bytes) {
            Ok(outcome) => {
                loaded += u64::from(outcome.loaded);
                rendered += u64::from(outcome.rendered);
                let source = kind.split(':').next().unwrap_or("").to_string();
                let entry = by_source.entry(source).or_insert((0u64, 0u64));
                entry.0 += 1;
                entry.1 += u64::from(outcome.rendered);
                if let Some(e) = outcome.error {
                    // Every problem lowering reports names its place in the spec.
                    // (`file:line:column: #/pointer: …` once the text could be searched).
                    let unplaced = |l: &&str| l.starts_with("  ") && !l.trim_start().starts_with('#') && !l.contains(": #");
                    if e.starts_with("lower:") && e.lines().skip(1).any(|l| unplaced(&l)) {
                        unlocated += 1;
                        std::fs::create_dir_all(&failure_dir).ok();
                        let saved = failure_dir.join(format!("seed-{seed}-case-{tried}.{ext}"));
                        std::fs::write(&saved, &bytes).ok();
                        failures.push(format!("case {tried} ({kind}), saved as {}: a problem without a JSON pointer: {e}", saved.display()));
                    }
                    if std::env::var_os("FUZZ_VERBOSE").is_some() {
                        println!("case {tried} ({kind}): {}", e.lines().take(2).collect::<Vec<_>>().join(" / "));
                    }
                    *errors.entry(error_kind(&e)).or_insert(0u64) += 1;
                }
            }
            Err(e) => {
                std::fs::create_dir_all(&failure_dir).ok();
                let saved = failure_dir.join(format!("seed-{seed}-case-{tried}.{ext}"));
                std::fs::write(&saved, &bytes).ok();
                failures.push(format!("case {tried} ({kind}), saved as {}: {e}", saved.display()));
            }
        }
        if std::env::var_os("FUZZ_TRACE").is_some() {
            println!("  {:?}", case_started.elapsed());
        }
        tried += 1;
    }
    println!(
        "fuzz: {tried} inputs in {:.1?} (seed {seed}): {loaded} loaded, {rendered} rendered, {} failed ({unlocated} for a problem without a pointer)",
        started.elapsed(),
        failures.len()
    );
    for (source, (n, ok)) in &by_source {
        println!("  {source}: {n} inputs, {ok} rendered");
    }
    let mut common: Vec<(&String, &u64)> = errors.iter().collect();
    common.sort_by(|a, b| b.1.cmp(a.1));
    for (e, n) in common.iter().take(12) {
        println!("  {n:>6} × {e}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
