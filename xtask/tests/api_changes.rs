//! The API change report in the commands: `generate` says what a spec change did to the crate's
//! API (on stderr, just above its summary line), `diff-spec --format json|markdown` prints it for
//! tools and pull requests.

use std::path::{Path, PathBuf};
use std::process::Command;

const V1: &str = r##"
openapi: 3.0.0
info: {title: Shop, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
components:
  schemas:
    Item:
      type: object
      required: [id]
      properties:
        id: {type: string}
"##;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-api-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn xtask(args: &[&str]) -> (bool, String) {
    let (ok, stdout, _) = xtask_full(args);
    (ok, stdout)
}

/// Status, stdout (data) and stderr (verdicts, the summary line last).
fn xtask_full(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

/// V1 with the limit made required (breaking), a new operation and a new model (additive).
fn v2() -> String {
    V1.replace("{name: limit, in: query, schema", "{name: limit, in: query, required: true, schema").replace(
        "components:",
        "  /items/count:\n    get:\n      operationId: countItems\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/Count\"}\ncomponents:",
    ).replace("  schemas:\n", "  schemas:\n    Count:\n      type: object\n      properties:\n        n: {type: integer}\n")
}

/// The verdict lines of a `generate` run (stderr): the API line, if any, then the summary line.
fn generate(spec: &Path, out: &Path) -> String {
    let (ok, _, stderr) = xtask_full(&["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--crate-name", "shop"]);
    assert!(ok, "{stderr}");
    stderr
}

/// The line above the summary line.
fn api_line(verdicts: &str) -> Option<&str> {
    verdicts.lines().rev().nth(1)
}

#[test]
fn generate_ends_with_the_api_change_and_the_bump() {
    let dir = scratch("generate");
    let (spec, out) = (dir.join("shop.yml"), dir.join("crate"));
    std::fs::write(&spec, V1).unwrap();
    let first = generate(&spec, &out);
    assert!(!first.contains("API:"), "a new directory has nothing to compare with:\n{first}");
    assert!(out.join(".api-surface.json").is_file());

    std::fs::write(&spec, v2()).unwrap();
    let second = generate(&spec, &out);
    assert_eq!(api_line(&second), Some("API: 1 breaking, 2 additive change(s): bump to 0.2.0"), "{second}");

    // Regenerating the same spec changes nothing, so says nothing but that.
    let same = generate(&spec, &out);
    assert!(!same.contains("API:") && same.lines().last().is_some_and(|l| l.contains("/ is up to date (") && l.ends_with(" files)")), "{same}");
    // A description-only change is patch-level.
    std::fs::write(&spec, v2().replace("description: ok\n", "description: fine\n")).unwrap();
    let third = generate(&spec, &out);
    assert!(!third.contains("API:"), "response descriptions are not part of the API:\n{third}");
    std::fs::write(&spec, v2().replace("operationId: countItems\n", "operationId: countItems\n      description: How many.\n")).unwrap();
    let fourth = generate(&spec, &out);
    assert_eq!(api_line(&fourth), Some("API: 1 patch-level change(s): bump to 0.1.1"), "{fourth}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn diff_spec_prints_the_report_for_tools_and_for_pull_requests() {
    let dir = scratch("diff");
    let (old, new) = (dir.join("old.yml"), dir.join("new.yml"));
    std::fs::write(&old, V1).unwrap();
    std::fs::write(&new, v2()).unwrap();
    let (ok, json, verdict) = xtask_full(&["diff-spec", "--format", "json", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(ok);
    // The JSON report renders no docs, so its summary line is the report's verdict.
    assert_eq!(verdict, "API: 1 breaking, 2 additive change(s): bump to 0.2.0\n");
    let (_, _, same) = xtask_full(&["diff-spec", "--format", "json", new.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(same, "API: no changes\n");
    let value: serde_json::Value = serde_json::from_str(&json).expect("only JSON on stdout");
    assert_eq!(value["semver"], "minor");
    assert_eq!(value["breaking"], true);
    let kinds: Vec<(&str, &str)> = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["item"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("param-changed", "DefaultApi::list_items(limit)"),
            ("operation-added", "DefaultApi::count_items"),
            ("model-added", "models::Count"),
        ]
    );

    let (ok, md, verdict) = xtask_full(&["diff-spec", "--format", "markdown", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(ok);
    assert!(verdict.ends_with(" doc file(s) differ\n"), "{verdict}");
    assert!(md.starts_with("**API changes: 1 breaking, 2 additive change(s).** Semver: minor, 0.1.0 → 0.2.0"), "{md}");
    assert!(md.contains("| **breaking** | param changed | `DefaultApi::list_items(limit)` |"), "{md}");
    assert!(md.contains("<details><summary>"), "the doc diff follows, folded:\n{md}");

    let (ok, text) = xtask(&["diff-spec", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(ok);
    let api = text.find("API: 1 breaking, 2 additive change(s): bump to 0.2.0").expect("the report");
    let docs = text.find("--- a/").expect("the doc diff");
    assert!(api < docs, "the report comes above the doc diff:\n{text}");

    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff-spec", "--format", "yaml", old.to_str().unwrap(), new.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("invalid value 'yaml' for '--format <FORMAT>'") && stderr.contains("[possible values: text, markdown, json]"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}
