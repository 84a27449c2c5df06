//! The generated READMEs work when pasted: a fresh binary crate outside this workspace, made of
//! the README's dependency snippets and programs exactly as printed, builds against the
//! generated crate (build only: nothing is run, so no request can go to LINE). A guide that
//! uses another generated crate beside this one (the channel-access-token README feeds tokens
//! to the Messaging API client) gets that crate generated beside it, from LINE's spec in
//! `../shared`; without `../shared`, that guide's programs are left out, with a printed reason.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The contents of the first fenced block of `lang` in `markdown`.
fn block(markdown: &str, lang: &str) -> String {
    blocks(markdown, lang).into_iter().next().unwrap_or_else(|| panic!("no ```{lang} block"))
}

/// The contents of every fenced block of `lang` in `markdown`, in order.
fn blocks(markdown: &str, lang: &str) -> Vec<String> {
    let fence = format!("```{lang}\n");
    let mut out = Vec::new();
    let mut rest = markdown;
    while let Some(at) = rest.find(&fence) {
        let start = at + fence.len();
        let len = rest[start..].find("\n```").expect("the block is closed");
        out.push(format!("{}\n", &rest[start..start + len]));
        rest = &rest[start + len..];
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The crates a README's guides may use beside the crate it documents: the folder its
/// dependency line names, the crate name, and LINE's spec it is generated from.
const SIBLINGS: &[(&str, &str, &str)] = &[("line-messaging-api", "line_messaging_api", "specs/line/messaging-api.yml")];

/// The `[dependencies]` of every ```toml block, in order; a later line for the same crate
/// replaces an earlier one (a guide asking for more tokio features, say).
fn dependencies(markdown: &str) -> Vec<(String, String)> {
    let mut deps: Vec<(String, String)> = Vec::new();
    for block in blocks(markdown, "toml") {
        for line in block.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('[') && !l.starts_with('#')) {
            let (name, _) = line.split_once('=').expect("a dependency line");
            let name = name.trim().to_string();
            match deps.iter_mut().find(|(n, _)| *n == name) {
                Some(dep) => dep.1 = line.to_string(),
                None => deps.push((name, line.to_string())),
            }
        }
    }
    deps
}

/// Generates each sibling crate the README's dependencies name into `scratch`; returns the
/// crate names that cannot be made (no `../shared`), after saying why.
fn make_siblings(deps: &[(String, String)], scratch: &Path) -> Vec<&'static str> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let mut missing = Vec::new();
    for (folder, name, spec) in SIBLINGS {
        if !deps.iter().any(|(n, _)| n == name) {
            continue;
        }
        let spec = shared.join(spec);
        if !spec.is_file() {
            println!("skipping the README programs that use {name}: {} is absent (no ../shared)", spec.display());
            missing.push(*name);
            continue;
        }
        let generated = generator::generate(&generator::Options::new(&spec, *name)).expect("LINE's spec generates");
        for (path, bytes) in &generated.files {
            let target = scratch.join(folder).join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
    }
    missing
}

fn build_from_readme(crate_dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(crate_dir.join("README.md")).unwrap();
    let scratch = std::env::temp_dir().join(format!(
        "readme-{}-{}",
        crate_dir.file_name().unwrap().to_string_lossy(),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&scratch);
    // The snippet's path is the crate folder as seen from a crate beside it.
    copy_dir(crate_dir, &scratch.join(crate_dir.file_name().unwrap()));
    let app = scratch.join("app");
    std::fs::create_dir_all(app.join("src")).unwrap();
    let mut deps = dependencies(&readme);
    assert_eq!(block(&readme, "toml").lines().next(), Some("[dependencies]"));
    let missing = make_siblings(&deps, &scratch);
    deps.retain(|(name, _)| !missing.contains(&name.as_str()));
    let lines: Vec<&str> = deps.iter().map(|(_, line)| line.as_str()).collect();
    let manifest = format!(
        "[package]\nname = \"readme-app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n{}\n\n[workspace]\n",
        lines.join("\n")
    );
    std::fs::write(app.join("Cargo.toml"), manifest).unwrap();
    let mut programs = blocks(&readme, "rust");
    programs.retain(|program| !missing.iter().any(|name| program.contains(name)));
    write_programs(&app, &programs);
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    let stderr = cargo_build(&app, &[]);
    assert!(stderr.is_empty(), "the README of {} does not build as printed, or builds with warnings:\n{stderr}", crate_dir.display());
    if programs.iter().any(|p| is_test(p)) {
        let said = cargo_test(&app, &[]);
        assert!(said.is_empty(), "the tests in the README of {} do not pass as printed:\n{said}", crate_dir.display());
    }
    std::fs::remove_dir_all(&scratch).ok();
}

/// Whether a README block is an integration test (the Testing section's) rather than a program.
fn is_test(program: &str) -> bool {
    program.contains("#[tokio::test]") && !program.contains("fn main(")
}

/// Every Rust block of a README as a program of its own: the first is the app's binary, the
/// rest are bins, and a block of tests is a file of the app's `tests/`.
fn write_programs(app: &Path, programs: &[String]) {
    let (tests, programs): (Vec<&String>, Vec<&String>) = programs.iter().partition(|p| is_test(p));
    write_if_changed(&app.join("src/main.rs"), programs[0]);
    // Named after the app: the apps of one workspace share a target directory, where two bins
    // of one name would overwrite each other.
    let stem = app.file_name().unwrap().to_string_lossy().into_owned();
    for (i, program) in programs.iter().enumerate().skip(1) {
        std::fs::create_dir_all(app.join("src/bin")).unwrap();
        write_if_changed(&app.join(format!("src/bin/{stem}-example{i}.rs")), program);
    }
    for (i, test) in tests.iter().enumerate() {
        std::fs::create_dir_all(app.join("tests")).unwrap();
        write_if_changed(&app.join(format!("tests/readme{i}.rs")), test);
    }
}

/// `cargo test --offline` in `dir` (plus `args`): runs the README's tests as printed (they talk
/// only to the crate's mock server on 127.0.0.1). Empty when they built without warning and
/// passed, otherwise what cargo and the tests said.
fn cargo_test(dir: &Path, args: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["test", "--offline", "--message-format", "short"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() && !stderr.contains("warning:") {
        String::new()
    } else {
        format!("{stderr}\n{}", String::from_utf8_lossy(&output.stdout))
    }
}

/// `cargo build --offline` in `dir` (plus `args`) in the workspace's target dir: empty when it
/// built with no warning, otherwise what cargo said.
fn cargo_build(dir: &Path, args: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--offline", "--message-format", "short"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() && !stderr.contains("warning:") {
        String::new()
    } else {
        stderr
    }
}

#[test]
#[ignore = "builds a crate outside the workspace; run with --ignored (as .ci/run does)"]
fn the_generated_readmes_build_as_printed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // Its guide keeps a Messaging API client supplied with stateless tokens.
    build_from_readme(&root.join("generated"));
    build_from_readme(&root.join("client-tests/line-bot"));
    build_from_readme(&root.join("client-tests/hooks"));
    build_from_readme(&root.join("client-tests/line-webhook"));
}

#[test]
fn the_flex_bubble_in_the_readme_takes_at_most_15_lines() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("line-bot/README.md")).unwrap();
    let example = block(&readme, "rust");
    let start = example.find("let bubble").expect("the example builds a bubble");
    let end = start + example[start..].find(");\n").expect("the bubble statement ends");
    let lines = example[start..end].lines().count();
    assert!(lines <= 15, "the bubble takes {lines} lines");
}

/// The usage example the generator writes when the project gives none, for each of LINE's nine
/// specs (webhook.yml with the project's overlay) and each spec of the clean corpus: every one
/// awaits an operation of its crate, and all of them build as printed, with no warning, as apps
/// of one scratch workspace (one cargo build, this workspace's target directory and lock file).
/// The workspace stays in `target/readme-specs/`, written only where it changed, so a second run
/// rebuilds only what changed.
#[test]
#[ignore = "builds a crate per spec outside the workspace; run with --ignored (as .ci/run does)"]
fn the_readmes_written_from_specs_build_as_printed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs: Vec<(PathBuf, String, Vec<PathBuf>)> = Vec::new();
    for spec in yml_files(&root.join("generator/tests/clean_specs")) {
        let name = format!("clean_{}", snake(&spec));
        specs.push((spec, name, Vec::new()));
    }
    let line = root.join("../shared/specs/line");
    if line.is_dir() {
        for spec in yml_files(&line) {
            let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
            let overlay = root.join(format!("spec/overlays/{stem}.overlay.yml"));
            let overlays = if overlay.is_file() { vec![overlay] } else { Vec::new() };
            specs.push((spec.clone(), format!("line_{}", snake(&spec)), overlays));
        }
    } else {
        println!("skipped LINE's specs: {} is absent (no ../shared beside this clone)", line.display());
    }

    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let scratch = target.join("readme-specs");
    let mut apps = Vec::new();
    for (spec, name, overlays) in specs {
        let options = generator::Options {
            crate_dir: Some(name.clone()),
            overlays,
            ..generator::Options::new(&spec, name.as_str())
        };
        let generated = generator::generate(&options).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        let krate = generated.krate;
        generator::write::write(&scratch.join(&name), generated.files, generator::write::WriteOptions::default()).unwrap();
        let readme = std::fs::read_to_string(scratch.join(&name).join("README.md")).unwrap();
        let programs = blocks(&readme, "rust");
        if krate.apis.is_empty() && krate.receivers.is_empty() {
            assert!(programs.is_empty(), "{}: a crate of models only shows no program", spec.display());
            continue;
        }
        if !krate.receives_only() {
            let calls = awaited_operations(&krate, &programs[0]);
            assert!(!calls.is_empty(), "{}: the usage example awaits no operation:\n{}", spec.display(), programs[0]);
            println!("{name}: awaits {}", calls.join(", "));
            assert!(programs.iter().any(|p| is_test(p)), "{}: the README has no Testing section", spec.display());
        }
        // Beside the crate, so the snippet's `../<crate>` path points at it.
        let app = scratch.join(format!("{name}-app"));
        std::fs::create_dir_all(app.join("src")).unwrap();
        // Every dependency line of the README, a later line for a crate replacing an earlier
        // one: the Testing section's turns the `mock` feature on.
        let lines: Vec<String> = dependencies(&readme).into_iter().map(|(_, line)| line).collect();
        let manifest = format!(
            "[package]\nname = \"{name}-app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{}\n",
            lines.join("\n")
        );
        write_if_changed(&app.join("Cargo.toml"), &manifest);
        write_programs(&app, &programs);
        apps.push(format!("\"{name}-app\""));
    }
    write_if_changed(&scratch.join("Cargo.toml"), &format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", apps.join(", ")));
    write_if_changed(&scratch.join("Cargo.lock"), &std::fs::read_to_string(root.join("Cargo.lock")).unwrap());
    let started = std::time::Instant::now();
    let stderr = cargo_build(&scratch, &["--workspace", "--bins"]);
    println!("built {} README apps in {:?}", apps.len(), started.elapsed());
    assert!(stderr.is_empty(), "a README written from its spec does not build as printed, or builds with warnings (in {}):\n{stderr}", scratch.display());
    // Each client crate's Testing section is a test against its mock server: run them all.
    let started = std::time::Instant::now();
    let said = cargo_test(&scratch, &["--workspace"]);
    println!("ran the README tests of {} apps in {:?}", apps.len(), started.elapsed());
    assert!(said.is_empty(), "a README's Testing section does not pass as printed (in {}):\n{said}", scratch.display());
}

/// Writes `contents` to `path` unless it holds them already (so cargo sees no change).
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap();
    }
}

/// The `.yml` files of `dir`, sorted.
fn yml_files(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    specs.sort();
    specs
}

/// A spec's file stem in snake_case (`messaging-api` → `messaging_api`).
fn snake(spec: &Path) -> String {
    spec.file_stem().unwrap().to_string_lossy().replace('-', "_")
}

/// The operations of `krate` that `program` calls and awaits in the same statement, positionally
/// (`api.op(…)`) or named (`api.op_request(…)`).
fn awaited_operations(krate: &generator::ir::Crate, program: &str) -> Vec<String> {
    let mut found = Vec::new();
    for op in krate.apis.iter().flat_map(|g| &g.operations) {
        let name = op.name.trim_start_matches("r#");
        for call in [format!(".{}(", op.name), format!(".{name}_request(")] {
            let Some(at) = program.find(&format!("api{call}")) else { continue };
            let rest = &program[at..];
            let statement = &rest[..[";\n", " {\n"].iter().filter_map(|end| rest.find(end)).min().unwrap_or(rest.len())];
            if statement.contains(".await") {
                found.push(name.to_string());
            }
        }
    }
    found
}
