//! `rust-version` is the real minimum of the locked dependency tree: every workspace package
//! declares one no older than what its locked dependencies declare, the workspace's value is
//! exactly the newest any locked dependency needs, and the README says the same.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

type Version = (u64, u64, u64);

fn parse_version(text: &str) -> Option<Version> {
    let mut parts = text.trim().split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().flatten().unwrap_or(0);
    let patch = parts.next().flatten().unwrap_or(0);
    Some((major, minor, patch))
}

fn show((major, minor, patch): Version) -> String {
    if patch == 0 {
        format!("{major}.{minor}")
    } else {
        format!("{major}.{minor}.{patch}")
    }
}

/// For each workspace member of `cargo metadata` output: its declared `rust-version` (if any)
/// and the locked dependencies (transitively, every kind) that declare a newer one.
fn too_new(metadata: &Value) -> BTreeMap<String, (Option<Version>, Vec<String>)> {
    let packages: BTreeMap<&str, &Value> =
        metadata["packages"].as_array().unwrap().iter().map(|p| (p["id"].as_str().unwrap(), p)).collect();
    let members: BTreeSet<&str> = metadata["workspace_members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    let deps: BTreeMap<&str, Vec<&str>> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let id = n["id"].as_str().unwrap();
            (id, n["deps"].as_array().unwrap().iter().map(|d| d["pkg"].as_str().unwrap()).collect())
        })
        .collect();
    let rust_version = |id: &str| packages[id]["rust_version"].as_str().and_then(parse_version);
    let mut out = BTreeMap::new();
    for member in &members {
        let declared = rust_version(member);
        let mut seen = BTreeSet::new();
        let mut stack = vec![*member];
        while let Some(id) = stack.pop() {
            for dep in deps.get(id).into_iter().flatten() {
                if seen.insert(*dep) {
                    stack.push(dep);
                }
            }
        }
        let newer: Vec<String> = seen
            .iter()
            .filter(|id| !members.contains(*id))
            .filter_map(|id| rust_version(id).map(|v| (id, v)))
            .filter(|(_, v)| declared.is_none_or(|d| *v > d))
            .map(|(id, v)| format!("{} {} needs {}", packages[id]["name"].as_str().unwrap(), packages[id]["version"].as_str().unwrap(), show(v)))
            .collect();
        out.insert(packages[member]["name"].as_str().unwrap().to_string(), (declared, newer));
    }
    out
}

/// The newest `rust-version` any locked, non-workspace package declares.
fn newest_needed(metadata: &Value) -> Option<Version> {
    let members: BTreeSet<&str> = metadata["workspace_members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !members.contains(p["id"].as_str().unwrap()))
        .filter_map(|p| p["rust_version"].as_str().and_then(parse_version))
        .max()
}

/// `cargo metadata` of the workspace for this host, offline first (the crates are in the
/// local registry once the workspace was built), online if something is missing.
fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let host_info = Command::new(rustc).arg("-vV").output().unwrap();
    let host_info = String::from_utf8(host_info.stdout).unwrap();
    let host = host_info.lines().find_map(|l| l.strip_prefix("host: ")).unwrap().to_string();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let run = |offline: bool| {
        let mut cmd = Command::new(&cargo);
        cmd.current_dir(root).args(["metadata", "--format-version", "1", "--locked", "--filter-platform", &host]);
        if offline {
            cmd.arg("--offline");
        }
        cmd.output().unwrap()
    };
    let mut output = run(true);
    if !output.status.success() {
        output = run(false);
    }
    assert!(output.status.success(), "cargo metadata failed:\n{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn every_package_declares_a_rust_version_its_locked_dependencies_accept() {
    let metadata = metadata();
    let checked = too_new(&metadata);
    assert!(checked.len() >= 4, "{checked:?}");
    for (member, (declared, newer)) in &checked {
        assert!(declared.is_some(), "{member} declares no rust-version");
        assert!(
            newer.is_empty(),
            "{member} declares rust-version {} but its locked dependencies need more: {}",
            show(declared.unwrap_or_default()),
            newer.join(", ")
        );
    }
}

#[test]
fn the_workspace_rust_version_is_the_newest_a_locked_dependency_needs_and_the_readme_says_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let declared = manifest
        .split("[workspace.package]")
        .nth(1)
        .and_then(|section| section.lines().find_map(|l| l.strip_prefix("rust-version = ")))
        .map(|v| v.trim().trim_matches('"').to_string())
        .expect("[workspace.package] has a rust-version");
    let needed = newest_needed(&metadata()).expect("some locked dependency declares a rust-version");
    assert_eq!(
        parse_version(&declared),
        Some(needed),
        "Cargo.toml's [workspace.package] rust-version is {declared}; the locked dependencies need exactly {}",
        show(needed)
    );
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains(&format!("Rust toolchain ({declared} or newer)")), "the README does not name Rust {declared}");
    let template = std::fs::read_to_string(root.join("templates/cargo_toml.txt")).unwrap();
    assert!(template.contains(&format!("rust-version = \"{declared}\"")), "templates/cargo_toml.txt does not say {declared}");
}

/// The check itself: a locked dependency that needs a newer Rust than its dependent declares is found.
#[test]
fn a_dependency_needing_a_newer_rust_is_reported() {
    let metadata = serde_json::json!({
        "packages": [
            {"id": "app", "name": "app", "version": "0.1.0", "rust_version": "1.85"},
            {"id": "mid", "name": "mid", "version": "1.0.0", "rust_version": "1.70"},
            {"id": "leaf", "name": "leaf", "version": "2.4.0", "rust_version": "1.88"},
            {"id": "old", "name": "old", "version": "0.3.0", "rust_version": "1.85.1"},
            {"id": "none", "name": "none", "version": "1.0.0", "rust_version": null}
        ],
        "workspace_members": ["app"],
        "resolve": {"nodes": [
            {"id": "app", "deps": [{"pkg": "mid"}, {"pkg": "none"}]},
            {"id": "mid", "deps": [{"pkg": "leaf"}, {"pkg": "old"}]},
            {"id": "leaf", "deps": []},
            {"id": "old", "deps": []},
            {"id": "none", "deps": []}
        ]}
    });
    let checked = too_new(&metadata);
    assert_eq!(checked["app"], (Some((1, 85, 0)), vec!["leaf 2.4.0 needs 1.88".to_string(), "old 0.3.0 needs 1.85.1".to_string()]));
    assert_eq!(newest_needed(&metadata), Some((1, 88, 0)));
}
