//! OpenAPI 3.1 and 3.2 documents: our 3.0 specs written again as 3.1 give the same Rust API
//! (compared through the API change report, as `cargo xtask diff-spec` does), LINE's specs
//! converted to 3.1 do too, and every keyword that falls back says so at its place in the text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};

use generator::apidiff::{self, Rules, Surface};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn lower(spec: &Path, overlays: &[PathBuf], text: Option<String>) -> generator::Lowered {
    let mut options = generator::Options::new(spec, "api");
    options.overlays = overlays.to_vec();
    options.spec_text = text.map(String::into_bytes);
    generator::lower_spec(&options).unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
}

/// Asserts that two renditions of one API have the same Rust API: equal surfaces, and a
/// change report (the one `diff-spec` prints) without a single change.
fn assert_same_api(what: &str, old: &generator::Lowered, new: &generator::Lowered) {
    let report = apidiff::compare(&old.krate, &new.krate, Rules::CURRENT);
    assert!(report.changes.is_empty(), "{what}: the 3.1 rendition changes the Rust API:\n{}", apidiff::terminal(&report, "1.0.0"));
    assert_eq!(Surface::of(&old.krate), Surface::of(&new.krate), "{what}: surfaces differ");
    let count = |k: &generator::ir::Crate| k.apis.iter().map(|a| a.operations.len()).sum::<usize>() + k.receivers.len();
    assert_eq!(count(&old.krate), count(&new.krate), "{what}");
}

#[test]
fn hooks_written_as_31_by_hand_has_the_same_rust_api() {
    let old = lower(&manifest().join("../client-tests/hooks.yml"), &[], None);
    let new = lower(&manifest().join("tests/v31/hooks.yml"), &[], None);
    assert_same_api("hooks", &old, &new);
    assert_eq!(new.krate.receivers.len(), 2, "the webhook and the callback are receivers");
    assert!(new.warnings.is_empty(), "{:?}", new.warnings);
}

#[test]
fn channel_access_token_written_as_31_by_hand_has_the_same_rust_api() {
    let old = lower(&manifest().join("../spec/channel-access-token.yml"), &[], None);
    let new = lower(&manifest().join("tests/v31/channel-access-token.yml"), &[], None);
    assert_same_api("channel-access-token", &old, &new);
    assert!(new.warnings.is_empty(), "{:?}", new.warnings);
}

/// The six types of an OpenAPI 3.0 schema (a security scheme's `type` is something else).
const SCHEMA_TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Keywords whose values are data, not more of the document.
const DATA: [&str; 4] = ["example", "examples", "default", "enum"];

/// Rewrites a 3.0 document as 3.1 says the same things: `nullable` as a type list (or a `null`
/// member beside the rest), a schema's `example` as `examples`, boolean exclusive bounds as
/// numbers, `format: binary`/`byte` as `contentMediaType`/`contentEncoding`.
fn to_31(v: &mut serde_json::Value) {
    use serde_json::{json, Value};
    let Value::Object(map) = v else {
        if let Value::Array(items) = v {
            items.iter_mut().for_each(to_31);
        }
        return;
    };
    let is_schema = map.get("type").and_then(Value::as_str).is_some_and(|t| SCHEMA_TYPES.contains(&t))
        || ["allOf", "oneOf", "anyOf", "properties"].iter().any(|k| map.contains_key(*k));
    for (key, child) in map.iter_mut() {
        if !(key.starts_with("x-") || is_schema && DATA.contains(&key.as_str())) {
            to_31(child);
        }
    }
    if !is_schema {
        return;
    }
    if let Some(example) = map.shift_remove("example") {
        map.insert("examples".into(), json!([example]));
    }
    for (flag, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if map.get(flag) == Some(&Value::Bool(true)) {
            if let Some(b) = map.shift_remove(bound) {
                map.insert(flag.into(), b);
            }
        } else if map.get(flag) == Some(&Value::Bool(false)) {
            map.shift_remove(flag);
        }
    }
    match map.get("format").and_then(Value::as_str) {
        Some("binary") => {
            map.shift_remove("format");
            map.insert("contentMediaType".into(), json!("application/octet-stream"));
        }
        Some("byte") => {
            map.shift_remove("format");
            map.insert("contentEncoding".into(), json!("base64"));
        }
        _ => {}
    }
    if map.shift_remove("nullable") == Some(Value::Bool(true)) {
        match map.get("type").cloned() {
            Some(Value::String(t)) => {
                map.insert("type".into(), json!([t, "null"]));
            }
            _ => {
                let rest: serde_json::Map<String, Value> = std::mem::take(map);
                map.insert("anyOf".into(), json!([Value::Object(rest), {"type": "null"}]));
            }
        }
    }
}

fn shared_line_specs() -> Option<Vec<PathBuf>> {
    let dir = manifest().join("../../shared/specs/line");
    if !dir.is_dir() {
        println!("skipped: {} is absent (no ../shared beside this clone)", dir.display());
        return None;
    }
    let mut specs: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "yml")).collect();
    specs.sort();
    Some(specs)
}

#[test]
fn line_specs_converted_to_31_have_the_same_rust_api() {
    let Some(specs) = shared_line_specs() else { return };
    assert_eq!(specs.len(), 9, "LINE publishes nine specs");
    let mut nullable = 0;
    for spec in specs {
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let overlay = manifest().join(format!("../spec/overlays/{stem}.overlay.yml"));
        let overlays = if overlay.is_file() { vec![overlay] } else { Vec::new() };
        let text = std::fs::read_to_string(&spec).unwrap();
        nullable += text.matches("nullable: true").count();
        let mut doc: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        to_31(&mut doc);
        doc["openapi"] = serde_json::json!("3.1.0");
        let converted = serde_json::to_string_pretty(&doc).unwrap();
        assert!(!converted.contains("\"nullable\""), "{stem}: the converter left a `nullable`");
        let old = lower(&spec, &overlays, None);
        let new = lower(&spec.with_extension("json"), &overlays, Some(converted));
        assert_same_api(&stem, &old, &new);
        assert_eq!(old.warnings.len(), new.warnings.len(), "{stem}: {:#?}\n{:#?}", old.warnings, new.warnings);
    }
    assert!(nullable >= 40, "the converter saw {nullable} nullable schemas");
}

fn corpus(name: &str) -> PathBuf {
    manifest().join("tests/clean_specs").join(name)
}

/// Each keyword without a Rust type is a warning at `file:line:column` of the keyword as written.
#[test]
fn every_fallback_warns_at_its_keyword() {
    let spec = corpus("v31_fallbacks.yml");
    let lowered = lower(&spec, &[], None);
    let file = spec.display().to_string();
    let expected = [
        ("48:7", "#/components/schemas/Shape/if", "`if`/`then`/`else`"),
        ("55:7", "#/components/schemas/Shape/dependentSchemas", "`dependentSchemas`"),
        ("53:7", "#/components/schemas/Shape/dependentRequired", "`dependentRequired`"),
        ("58:7", "#/components/schemas/Shape/unevaluatedProperties", "`unevaluatedProperties`"),
        ("35:11", "#/components/schemas/Shape/properties/point/prefixItems", "`prefixItems`"),
        ("41:11", "#/components/schemas/Shape/properties/tags/contains", "`contains`"),
        ("44:11", "#/components/schemas/Shape/properties/other/not", "`not`"),
        ("47:11", "#/components/schemas/Shape/properties/node/$dynamicRef", "`$dynamicRef`"),
        ("60:7", "#/components/schemas/Tree/$dynamicAnchor", "`$dynamicAnchor`"),
        ("66:11", "#/components/schemas/Tree/properties/children/unevaluatedItems", "`unevaluatedItems`"),
    ];
    assert_eq!(lowered.warnings.len(), expected.len(), "{:#?}", lowered.warnings);
    for (warning, (place, pointer, keyword)) in lowered.warnings.iter().zip(expected) {
        let head = format!("{file}:{place}: {pointer}: {keyword}");
        assert!(warning.starts_with(&head), "{warning}\nwant it to start with {head}");
    }
    // The text at each place is the keyword itself.
    let text = std::fs::read_to_string(&spec).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (place, pointer, _) in expected {
        let (line, column) = place.split_once(':').unwrap();
        let at = &lines[line.parse::<usize>().unwrap() - 1][column.parse::<usize>().unwrap() - 1..];
        let key = pointer.rsplit('/').next().unwrap();
        assert!(at.starts_with(&format!("{key}:")), "{place} shows `{at}`, not `{key}`");
    }
    // The narrowest sound type is kept: the object stays a struct, the tuple is a list of values.
    let shape = lowered.krate.models.iter().find(|m| m.name == "Shape").unwrap();
    let generator::ir::ModelKind::Struct(s) = &shape.kind else { panic!("Shape is not a struct") };
    let ty = |field: &str| format!("{:?}", s.fields.iter().find(|f| f.wire_name == field).unwrap().ty);
    assert_eq!(ty("kind"), "String");
    assert_eq!(ty("point"), "List(Json)");
    assert_eq!(ty("tags"), "List(String)");
    assert_eq!(ty("other"), "Json");
    assert_eq!(ty("node"), "Json");
}

/// A warning about a keyword an overlay wrote is placed in the overlay.
#[test]
fn overlays_apply_to_31_documents_and_their_warnings_point_into_the_overlay() {
    let dir = std::env::temp_dir().join(format!("openapi31-overlay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let overlay = dir.join("fallbacks.overlay.yml");
    std::fs::write(
        &overlay,
        "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $.components.schemas.Shape.properties.kind\n    update:\n      type: [string, 'null']\n      not: {const: ''}\n",
    )
    .unwrap();
    let lowered = lower(&corpus("v31_fallbacks.yml"), std::slice::from_ref(&overlay), None);
    let warning = lowered.warnings.iter().find(|w| w.contains("#/actions/0/update/not")).unwrap_or_else(|| panic!("{:#?}", lowered.warnings));
    assert!(warning.starts_with(&format!("{}:7:7: #/actions/0/update/not: `not`", overlay.display())), "{warning}");
    let shape = lowered.krate.models.iter().find(|m| m.name == "Shape").unwrap();
    let generator::ir::ModelKind::Struct(s) = &shape.kind else { panic!() };
    let kind = s.fields.iter().find(|f| f.wire_name == "kind").unwrap();
    assert!(kind.nullable, "the overlay's type list made `kind` nullable");
    std::fs::remove_dir_all(&dir).ok();
}

fn field_types(lowered: &generator::Lowered, model: &str) -> Vec<(String, String, bool, Option<String>)> {
    let m = lowered.krate.models.iter().find(|m| m.name == model).unwrap_or_else(|| panic!("no model {model}"));
    let generator::ir::ModelKind::Struct(s) = &m.kind else { panic!("{model} is not a struct") };
    s.fields.iter().map(|f| (f.wire_name.clone(), format!("{:?}", f.ty), f.nullable, f.description.clone())).collect()
}

#[test]
fn type_lists_const_and_unions_are_the_rust_a_user_expects() {
    let lowered = lower(&corpus("v31_type_lists.yml"), &[], None);
    assert!(lowered.warnings.is_empty(), "{:#?}", lowered.warnings);
    let fields = field_types(&lowered, "Reading");
    let get = |name: &str| fields.iter().find(|f| f.0 == name).unwrap().clone();
    assert_eq!(get("unit").1, "String");
    assert!(get("unit").2, "`[string, null]` is nullable");
    assert_eq!(get("kind").1, "Model(\"ReadingKind\")", "`const` is a one-value enum");
    assert_eq!(get("label").1, "Model(\"ReadingLabel\")", "several types are a union");
    assert!(get("label").2);
    assert_eq!((get("nothing").1.as_str(), get("nothing").2), ("Json", true), "`type: null` is a nullable any value");
    assert_eq!(get("flags").1, "List(Bool)");
    let label = lowered.krate.models.iter().find(|m| m.name == "ReadingLabel").unwrap();
    assert!(matches!(&label.kind, generator::ir::ModelKind::Untagged(u) if u.len() == 2), "{:?}", label.kind);
    let kind = lowered.krate.models.iter().find(|m| m.name == "ReadingKind").unwrap();
    assert!(matches!(&kind.kind, generator::ir::ModelKind::Enum(e) if e.variants.len() == 1), "{:?}", kind.kind);
}

#[test]
fn references_keep_their_type_and_the_description_beside_them() {
    let lowered = lower(&corpus("v31_refs_and_defs.yml"), &[], None);
    assert!(lowered.warnings.is_empty(), "{:#?}", lowered.warnings);
    let fields = field_types(&lowered, "Order");
    let get = |name: &str| fields.iter().find(|f| f.0 == name).unwrap().clone();
    assert_eq!(get("total").1, "Model(\"Money\")");
    assert_eq!(get("total").3.as_deref(), Some("What the order costs, tax included."));
    assert_eq!((get("discount").1.as_str(), get("discount").2), ("Model(\"Money\")", true));
    assert_eq!(get("status").1, "Model(\"Status\")", "a `$defs` entry is a model");
    assert_eq!(get("lines").1, "List(Model(\"Line\"))");
    assert_eq!(get("shipping").1, "Model(\"Address\")", "an `$anchor` is a model");
    assert_eq!(get("billing").1, "Model(\"Address\")");
    let receipt = field_types(&lowered, "Receipt");
    assert_eq!(receipt[0].1, "Model(\"Order\")", "a reference by `$id`");
    assert_eq!(field_types(&lowered, "Line")[2].1, "String", "an `$id` with a pointer fragment");
    let names: Vec<&str> = lowered.krate.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names.len(), 6, "{names:?}");
}

#[test]
fn a_webhooks_only_document_makes_a_receiver_only_crate() {
    let lowered = lower(&corpus("v31_webhooks_only.yml"), &[], None);
    assert_eq!(lowered.krate.apis.iter().map(|a| a.operations.len()).sum::<usize>(), 0);
    let receivers: Vec<(&str, &str, bool)> =
        lowered.krate.receivers.iter().map(|r| (r.operation_id.as_str(), r.path.as_str(), r.signature.is_some())).collect();
    assert_eq!(receivers, [("orderPaid", "/orderPaid", true), ("ping", "/ping", false)]);
}

#[test]
fn mutual_tls_binary_content_and_maps() {
    let lowered = lower(&corpus("v31_path_items_and_security.yml"), &[], None);
    let schemes: Vec<&str> = lowered.krate.security_schemes.iter().map(|s| s.spec_name.as_str()).collect();
    assert_eq!(schemes, ["apiKey"]);
    let spec = corpus("v31_path_items_and_security.yml");
    assert_eq!(lowered.warnings.len(), 1, "{:#?}", lowered.warnings);
    assert!(lowered.warnings[0].starts_with(&format!("{}:24:5: #/components/securitySchemes/clientCert: the `mutualTLS`", spec.display())), "{}", lowered.warnings[0]);
    let ops: Vec<&str> = lowered.krate.apis.iter().flat_map(|a| &a.operations).map(|o| o.operation_id.as_str()).collect();
    assert_eq!(ops, ["listGadgets", "listWidgets"], "path items from components.pathItems");

    let lowered = lower(&corpus("v31_binary_and_maps.yml"), &[], None);
    assert!(lowered.warnings.is_empty(), "{:#?}", lowered.warnings);
    let stored = field_types(&lowered, "Stored");
    assert_eq!(stored.iter().map(|f| f.1.as_str()).collect::<Vec<_>>(), ["String", "Map(String)", "Map(Json)"]);
    let ops: Vec<&generator::ir::Operation> = lowered.krate.apis.iter().flat_map(|a| &a.operations).collect();
    let debug = format!("{ops:?}");
    assert!(debug.matches("Bytes").count() >= 2, "the octet-stream body and the PNG response are bytes: {debug}");
}

/// Errors found after the rewrite still point at the 3.1 text: a broken reference inside a
/// `$defs` entry (moved to `components/schemas`) and one inside a webhook (moved under `paths`).
#[test]
fn errors_in_moved_parts_point_at_the_text_as_written() {
    let text = "openapi: 3.1.0
info: {title: t, version: '1'}
webhooks:
  hook:
    post:
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Nope'
      responses:
        '200': {description: ok}
components:
  schemas:
    Outer:
      type: object
      properties:
        inner: {$ref: '#/components/schemas/Outer/$defs/Inner'}
      $defs:
        Inner:
          type: object
          properties:
            gone:
              $ref: '#/components/schemas/Missing'
";
    let spec = Path::new("broken31.yml");
    let mut options = generator::Options::new(spec, "api");
    options.spec_text = Some(text.as_bytes().to_vec());
    let e = generator::lower_spec(&options).unwrap_err().to_string();
    assert!(e.contains("broken31.yml:23:13: #/components/schemas/Inner/properties/gone"), "{e}");
    assert!(e.contains("broken31.yml:9:13: #/paths/~1hook/post/requestBody/content/application~1json/schema"), "{e}");
}

/// Stronger than an equal API: LINE's specs converted to 3.1 generate the very same files as
/// today (but for the spec's file name in the headers), so the wire tests of the crates made
/// from them (client-tests) hold for the 3.1 renditions unchanged.
#[test]
fn line_specs_converted_to_31_generate_the_same_files() {
    let Some(specs) = shared_line_specs() else { return };
    for spec in specs {
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let overlay = manifest().join(format!("../spec/overlays/{stem}.overlay.yml"));
        let overlays = if overlay.is_file() { vec![overlay] } else { Vec::new() };
        let mut doc: serde_json::Value = serde_yaml::from_str(&std::fs::read_to_string(&spec).unwrap()).unwrap();
        to_31(&mut doc);
        doc["openapi"] = serde_json::json!("3.1.0");
        let generate = |path: &Path, text: Option<String>| {
            let options = generator::Options {
                overlays: overlays.clone(),
                spec_text: text.map(String::into_bytes),
                ..generator::Options::new(path, "api")
            };
            generator::generate(&options).unwrap_or_else(|e| panic!("{}: {e}", path.display())).files
        };
        let old = generate(&spec, None);
        let converted = spec.with_file_name(format!("{stem}.json"));
        let new = generate(&converted, Some(serde_json::to_string_pretty(&doc).unwrap()));
        assert_eq!(old.keys().collect::<Vec<_>>(), new.keys().collect::<Vec<_>>(), "{stem}");
        let old_name = format!("{stem}.yml");
        let new_name = format!("{stem}.json");
        for (path, bytes) in &old {
            let old_text = String::from_utf8_lossy(bytes).replace(&old_name, &new_name);
            let new_text = String::from_utf8_lossy(&new[path]).into_owned();
            if old_text != new_text {
                let line = old_text.lines().zip(new_text.lines()).position(|(a, b)| a != b).unwrap_or(0);
                panic!(
                    "{stem}: {} differs from line {}:\n- {}\n+ {}",
                    path.display(),
                    line + 1,
                    old_text.lines().nth(line).unwrap_or(""),
                    new_text.lines().nth(line).unwrap_or("")
                );
            }
        }
    }
}

#[test]
fn query_operations_are_operations_sent_as_query() {
    let lowered = lower(&corpus("v32_query.yml"), &[], None);
    assert!(lowered.warnings.is_empty(), "{:#?}", lowered.warnings);
    let ops: Vec<(&str, generator::ir::Method, bool)> = lowered
        .krate
        .apis
        .iter()
        .flat_map(|a| &a.operations)
        .map(|o| (o.operation_id.as_str(), o.method, o.retry_safe()))
        .collect();
    use generator::ir::Method::{Get, Query};
    assert_eq!(ops, [("listProducts", Get, true), ("searchOrders", Query, true), ("searchProducts", Query, true)]);
    let generated = generator::generate(&generator::Options::new(corpus("v32_query.yml"), "q")).unwrap();
    let api = String::from_utf8(generated.files[Path::new("src/apis/search_api.rs")].clone()).unwrap();
    assert_eq!(api.matches("reqwest::Method::from_bytes(b\"QUERY\")").count(), 2, "{api}");
}

#[test]
fn a_query_operation_with_an_error_is_placed_at_query_in_the_text() {
    let text = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n  /s:\n    query:\n      operationId: s\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n";
    let mut options = generator::Options::new("q.yml", "api");
    options.spec_text = Some(text.as_bytes().to_vec());
    let e = generator::lower_spec(&options).unwrap_err().to_string();
    assert!(e.contains("q.yml:12:15: #/paths/~1s/x-query/responses/200/content/application~1json/schema"), "{e}");
}

#[test]
fn additional_operations_are_operations_sent_as_written_and_never_retried() {
    let lowered = lower(&corpus("v32_additional_operations.yml"), &[], None);
    let ops: Vec<(&str, &str, bool)> = lowered
        .krate
        .apis
        .iter()
        .flat_map(|a| &a.operations)
        .map(|o| (o.operation_id.as_str(), o.method.as_str(), o.retry_safe()))
        .collect();
    assert_eq!(ops, [("getCached", "GET", true), ("purgeCached", "PURGE", false), ("link_documents_id", "LINK", false)]);
    assert_eq!(
        lowered.warnings,
        ["#/paths/~1documents~1{id}/x-additional-operations/LINK: no operationId; named it `link_documents_id` from the method and path"]
    );
    let generated = generator::generate(&generator::Options::new(corpus("v32_additional_operations.yml"), "cdn")).unwrap();
    let file = |p: &str| String::from_utf8(generated.files[Path::new(p)].clone()).unwrap();
    let cache = file("src/apis/cache_api.rs");
    assert!(cache.contains("reqwest::Method::from_bytes(b\"PURGE\")"), "{cache}");
    assert!(file("src/apis/documents_api.rs").contains("reqwest::Method::from_bytes(b\"LINK\")"));
    assert!(file("docs/CacheApi.md").contains("[**purge_cached**](CacheApi.md#purge_cached) | **PURGE** /cache/{key} |"));
    assert!(file("src/mock/mod.rs").contains("method: \"PURGE\""));
}

#[test]
fn additional_operations_that_cannot_be_sent_are_located_errors() {
    let text = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n  /s:\n    additionalOperations:\n      GET:\n        responses: {'204': {description: ok}}\n      'PUR GE':\n        responses: {'204': {description: ok}}\n      COPY:\n        responses: {'204': {description: ok}}\nwebhooks:\n  moved:\n    additionalOperations:\n      MOVE:\n        responses: {'204': {description: ok}}\n";
    let mut options = generator::Options::new("a.yml", "api");
    options.spec_text = Some(text.as_bytes().to_vec());
    let e = generator::lower_spec(&options).unwrap_err().to_string();
    assert!(e.contains("a.yml:6:7: #/paths/~1s/x-additional-operations/GET: `GET` among `additionalOperations`: write this operation as the path item's `get` field"), "{e}");
    assert!(e.contains("a.yml:8:7: #/paths/~1s/x-additional-operations/PUR GE: `PUR GE` is not a method name this generator sends"), "{e}");
    assert!(e.contains("a.yml:15:7: #/paths/~1moved/x-additional-operations/MOVE: a `MOVE` operation the API sends (a webhook) is not supported"), "{e}");
    assert!(!e.contains("COPY"), "{e}");
}
