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
        if !(is_schema && DATA.contains(&key.as_str())) && !key.starts_with("x-") {
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
