//! `cargo xtask conformance DIR...`: generate every spec in the directories into one workspace
//! under `target/conformance/`, compile it with clippy and rustdoc (`-D warnings`) and
//! round-trip every `example` of every spec through its generated type.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use generator::ir;
use generator::write::{self, WriteOptions};

use crate::Verbosity;

/// One spec of the run and what became of it.
struct Entry {
    spec: PathBuf,
    crate_name: String,
    operations: usize,
    models: usize,
    examples: usize,
    /// `None` when the crate was generated; the error otherwise.
    generate_error: Option<String>,
    clippy_ok: bool,
    rustdoc_ok: bool,
    examples_result: Option<ExampleSummary>,
}

/// The counts one crate's examples test printed.
#[derive(Default, Clone, Copy)]
struct ExampleSummary {
    checked: usize,
    exact: usize,
    dropped: usize,
    failed: usize,
}

/// `cargo xtask conformance DIR...`
#[derive(clap::Args)]
pub struct ConformanceArgs {
    /// Directories whose *.yml, *.yaml and *.json files are specs (not searched recursively).
    #[arg(required = true, value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// A directory of overlays: a spec STEM.yml is generated with DIR/STEM.overlay.yml applied
    /// when that file exists (the project keeps LINE's in spec/overlays).
    #[arg(long, value_name = "DIR")]
    overlays: Option<PathBuf>,
}

pub fn run(args: &ConformanceArgs, verbosity: Verbosity) -> Result<bool, String> {
    let specs = find_specs(&args.dirs)?;
    if specs.is_empty() {
        let dirs: Vec<String> = args.dirs.iter().map(|d| d.display().to_string()).collect();
        return Err(format!("no *.yml, *.yaml or *.json files in {}", dirs.join(", ")));
    }
    let out = crate::root().join("target").join("conformance");
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let progress = |line: &str| {
        if verbosity > Verbosity::Quiet {
            eprintln!("{line}");
        }
    };

    let mut entries = Vec::new();
    for (spec, crate_name) in crate_names(&specs) {
        progress(&format!("== generate {} → target/conformance/{crate_name}", spec.display()));
        let dir = out.join(&crate_name);
        let overlays: Vec<PathBuf> = args
            .overlays
            .iter()
            .filter_map(|d| Some(d.join(format!("{}.overlay.yml", spec.file_stem()?.to_string_lossy()))))
            .filter(|p| p.is_file())
            .collect();
        entries.push(generate_one(&spec, crate_name, &dir, &overlays, verbosity));
    }
    write_workspace(&out, &entries)?;

    let generated: Vec<&Entry> = entries.iter().filter(|e| e.generate_error.is_none()).collect();
    let cargo = Cargo { out: &out, verbosity };
    if !generated.is_empty() {
        cargo.fetch_if_needed()?;
    }
    let failed_clippy = if generated.is_empty() {
        BTreeSet::new()
    } else {
        progress("== cargo clippy --workspace --all-targets -- -D warnings (in target/conformance)");
        let mut failed = cargo.failed_crates(&["clippy", "--workspace", "--all-targets", "--keep-going", "--", "-D", "warnings"], "could not compile `")?;
        // Again with every feature on: the mock server (`mock`) and the axum extractor.
        progress("== cargo clippy --workspace --all-targets --all-features -- -D warnings (in target/conformance)");
        failed.extend(cargo.failed_crates(
            &["clippy", "--workspace", "--all-targets", "--all-features", "--keep-going", "--", "-D", "warnings"],
            "could not compile `",
        )?);
        failed
    };
    let failed_rustdoc = if generated.is_empty() {
        BTreeSet::new()
    } else {
        progress("== RUSTDOCFLAGS=\"-D warnings\" cargo doc --workspace --no-deps --all-features (in target/conformance)");
        cargo.failed_crates(&["doc", "--workspace", "--no-deps", "--all-features", "--keep-going"], "could not document `")?
    };
    let summaries = if generated.is_empty() {
        BTreeMap::new()
    } else {
        progress("== cargo test --workspace --test examples (in target/conformance)");
        cargo.example_tests()?
    };
    for e in &mut entries {
        if e.generate_error.is_none() {
            e.clippy_ok = !failed_clippy.contains(&e.crate_name) && !failed_clippy.contains("*");
            e.rustdoc_ok = !failed_rustdoc.contains(&e.crate_name) && !failed_rustdoc.contains("*");
            e.examples_result = summaries.get(&e.crate_name).copied();
        }
    }
    Ok(print_table(&entries))
}

/// Every spec file directly inside the directories, sorted per directory.
fn find_specs(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut specs = Vec::new();
    for dir in dirs {
        let read = std::fs::read_dir(dir).map_err(|e| format!("cannot read the directory {}: {e}", dir.display()))?;
        let mut found: Vec<PathBuf> = read
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "yml" | "yaml" | "json"))
            })
            .collect();
        found.sort();
        specs.extend(found);
    }
    Ok(specs)
}

/// `crate_name_for` each spec; when two specs share a stem, the directory name is appended.
fn crate_names(specs: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for s in specs {
        *counts.entry(crate::crate_name_for(s)).or_default() += 1;
    }
    let mut taken = BTreeSet::new();
    specs
        .iter()
        .map(|s| {
            let base = crate::crate_name_for(s);
            let mut name = if counts.get(&base).copied().unwrap_or(0) > 1 {
                format!("{base}_{}", snake_dir(s))
            } else {
                base
            };
            let stem = name.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{stem}_{n}");
                n += 1;
            }
            (s.clone(), name)
        })
        .collect()
}

/// The name of a spec's directory in snake_case (`line-history` → `line_history`).
fn snake_dir(spec: &Path) -> String {
    let dir = spec
        .parent()
        .and_then(Path::file_name)
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_default();
    let s: String = dir
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    let s = s.trim_matches('_').to_string();
    if s.is_empty() {
        "dir".into()
    } else {
        s
    }
}

fn generate_one(spec: &Path, crate_name: String, dir: &Path, overlays: &[PathBuf], verbosity: Verbosity) -> Entry {
    let mut entry = Entry {
        spec: spec.to_path_buf(),
        crate_name: crate_name.clone(),
        operations: 0,
        models: 0,
        examples: 0,
        generate_error: None,
        clippy_ok: false,
        rustdoc_ok: false,
        examples_result: None,
    };
    let result = (|| -> Result<(), String> {
        let generated = crate::pipeline::render(&crate::pipeline::Render {
            spec,
            crate_name: &crate_name,
            readme_example: None,
            readme_sections: &[],
            format_cache: None,
            crate_dir: None,
            overlays,
        })?;
        let krate = &generated.krate;
        entry.operations = krate.apis.iter().map(|a| a.operations.len()).sum();
        entry.models = krate.models.len();
        entry.examples = krate.examples.len();
        if verbosity > Verbosity::Quiet {
            for place in untyped_places(krate) {
                eprintln!("   note: {place} is any JSON (serde_json::Value): its schema has no properties");
            }
        }
        for w in &generated.warnings {
            eprintln!("   warning: {w}");
        }
        let test = examples_test(&crate_name, &krate.examples, &krate.models)?;
        let mut files = generated.files;
        files.insert(PathBuf::from("tests/examples.rs"), test.into_bytes());
        write::write(dir, files, WriteOptions { force: true, ..WriteOptions::default() }).map_err(|e| format!("write: {e}"))?;
        Ok(())
    })();
    if let Err(e) = result {
        eprintln!("   error: {e}");
        entry.generate_error = Some(e);
    }
    entry
}

/// `tests/examples.rs`: decodes every example into its type and compares the re-encoded JSON.
///
/// A spec without examples gets a test that only reports the count (zero, which the run checks
/// against the spec): the round-trip helpers would be dead code, which clippy rejects.
fn examples_test(crate_name: &str, examples: &[ir::Example], models: &[ir::Model]) -> Result<String, String> {
    let lib = crate_name.replace('-', "_");
    if examples.is_empty() {
        let source = format!(
            r#"//! The spec has no `example` values, so there is nothing to round-trip.
//!
//! Written by `cargo xtask conformance`, which compares the count printed here with the spec's.

#[test]
fn every_example_round_trips() {{
    println!("conformance-examples: crate={lib} checked=0 exact=0 dropped=0 failed=0");
}}
"#
        );
        let formatted = generator::render::format_rust(&source).map_err(|e| format!("tests/examples.rs does not parse: {e}"))?;
        return Ok(format!("// @generated by `cargo xtask conformance`; do not edit.\n{formatted}"));
    }
    let fallbacks = unknown_variants(models);
    let fallback_list: String = fallbacks
        .iter()
        .map(|v| format!("{}, ", generator::render::escape::rust_string(&format!("{v}("))))
        .collect();
    let mut table = String::new();
    for ex in examples {
        let ty = generator::render::rust::ExampleRust::rust(ex).replace("crate::models::", &format!("{lib}::models::"));
        let undeclared: Vec<String> = ex.undeclared.iter().map(|k| generator::render::escape::rust_string(k)).collect();
        table.push_str(&format!(
            "    ({}, {}, &[{}], round_trip::<{ty}>),\n",
            generator::render::escape::rust_string(&ex.pointer),
            generator::render::escape::rust_string(&ex.json),
            undeclared.join(", "),
        ));
    }
    let source = format!(
        r#"//! Every `example` in the spec decodes into its generated type and encodes back to the same JSON.
//!
//! Written by `cargo xtask conformance`. The re-encoded JSON must equal the example except for
//! the keys the generator found undeclared by walking the spec's schema (the example is then
//! wrong about its own schema; those are reported, not hidden). Losing any other key, or not
//! losing an undeclared one, fails the test, and so does an example that only decodes into an
//! unknown-value fallback variant (the round trip would then prove nothing).

use serde_json::Value;

/// `Debug` text of the fallback variants that keep values the spec does not declare.
const FALLBACKS: &[&str] = &[{fallback_list}];

/// Decodes and re-encodes one example; returns the keys that did not come back.
type Check = fn(&str) -> Result<Vec<String>, String>;

/// (pointer in the spec, example, keys its schema does not declare, check)
const EXAMPLES: &[(&str, &str, &[&str], Check)] = &[
{table}];

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(json: &str) -> Result<Vec<String>, String> {{
    let original: Value = serde_json::from_str(json).map_err(|e| format!("the example is not JSON: {{e}}"))?;
    let typed: T = serde_json::from_value(original.clone()).map_err(|e| format!("does not decode: {{e}}"))?;
    let debug = format!("{{typed:?}}");
    if let Some(fallback) = FALLBACKS.iter().find(|f| debug.contains(*f)) {{
        return Err(format!("decodes only into the fallback {{}}…)", fallback));
    }}
    let back = serde_json::to_value(&typed).map_err(|e| format!("does not encode: {{e}}"))?;
    let mut dropped = Vec::new();
    compare(&original, &back, "", &mut dropped)?;
    dropped.sort();
    Ok(dropped)
}}

/// Equal JSON, except that keys of `original` missing from `back` are collected in `dropped`.
fn compare(original: &Value, back: &Value, path: &str, dropped: &mut Vec<String>) -> Result<(), String> {{
    match (original, back) {{
        (Value::Object(a), Value::Object(b)) => {{
            for (key, value) in b {{
                let at = format!("{{path}}/{{key}}");
                match a.get(key) {{
                    Some(old) => compare(old, value, &at, dropped)?,
                    None => return Err(format!("{{at}}: added {{value}}")),
                }}
            }}
            for (key, value) in a.iter().filter(|(k, _)| !b.contains_key(*k)) {{
                let null = if value.is_null() {{ " (null)" }} else {{ "" }};
                dropped.push(format!("{{path}}/{{key}}{{null}}"));
            }}
            Ok(())
        }}
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {{
            for (i, (x, y)) in a.iter().zip(b).enumerate() {{
                compare(x, y, &format!("{{path}}/{{i}}"), dropped)?;
            }}
            Ok(())
        }}
        // `5` decoded into an f64 comes back as `5.0`: the same JSON number.
        (Value::Number(a), Value::Number(b)) if (a.is_f64() || b.is_f64()) && a.as_f64() == b.as_f64() => Ok(()),
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{{path}}: {{a}} came back as {{b}}")),
    }}
}}

#[test]
fn every_example_round_trips() {{
    let (mut exact, mut dropped, mut failed) = (0usize, 0usize, 0usize);
    for (pointer, json, undeclared, check) in EXAMPLES {{
        match check(json) {{
            Ok(keys) if keys.is_empty() && undeclared.is_empty() => exact += 1,
            Ok(keys) if keys == *undeclared => {{
                dropped += 1;
                println!("conformance-example-dropped: {{pointer}}: {{}}", keys.join(", "));
            }}
            Ok(keys) => {{
                failed += 1;
                println!(
                    "conformance-example-failed: {{pointer}}: lost [{{}}], the schema leaves undeclared [{{}}]",
                    keys.join(", "),
                    undeclared.join(", ")
                );
            }}
            Err(e) => {{
                failed += 1;
                println!("conformance-example-failed: {{pointer}}: {{e}}");
            }}
        }}
    }}
    println!(
        "conformance-examples: crate={lib} checked={{}} exact={{exact}} dropped={{dropped}} failed={{failed}}",
        EXAMPLES.len()
    );
    assert_eq!(failed, 0, "{{failed}} example(s) did not round-trip");
}}
"#
    );
    let formatted = generator::render::format_rust(&source).map_err(|e| format!("tests/examples.rs does not parse: {e}"))?;
    Ok(format!("// @generated by `cargo xtask conformance`; do not edit.\n{formatted}"))
}

/// Model fields, aliases and operation bodies whose type is (or holds) `serde_json::Value`.
fn untyped_places(krate: &ir::Crate) -> Vec<String> {
    fn holds_json(ty: &ir::Type) -> bool {
        match ty {
            ir::Type::Json => true,
            ir::Type::List(inner) | ir::Type::Map(inner) => holds_json(inner),
            _ => false,
        }
    }
    let mut out = Vec::new();
    for m in &krate.models {
        match &m.kind {
            ir::ModelKind::Struct(s) => out.extend(
                s.fields
                    .iter()
                    .filter(|f| holds_json(&f.ty))
                    .map(|f| format!("{}.{}", m.name, f.wire_name)),
            ),
            ir::ModelKind::Alias(ty) if holds_json(ty) => out.push(m.name.clone()),
            ir::ModelKind::Untagged(vs) => {
                out.extend(vs.iter().filter(|v| holds_json(&v.ty)).map(|v| format!("{}::{}", m.name, v.ident)))
            }
            _ => {}
        }
    }
    for op in krate.apis.iter().flat_map(|a| &a.operations) {
        out.extend(op.params.iter().filter(|p| holds_json(&p.ty)).map(|p| format!("{}({})", op.name, p.ident)));
        if matches!(&op.success, ir::ResponseBody::Json(ty) if holds_json(ty)) {
            out.push(format!("{} response", op.name));
        }
    }
    out
}

/// Names of the variants that keep unknown enum values and unknown union tags.
fn unknown_variants(models: &[ir::Model]) -> BTreeSet<String> {
    models
        .iter()
        .filter_map(|m| match &m.kind {
            ir::ModelKind::Enum(e) => Some(e.unknown_variant.clone()),
            ir::ModelKind::Tagged(t) => Some(t.unknown_variant.clone()),
            _ => None,
        })
        .collect()
}

/// The workspace manifest over every generated crate, and the lock file of the project as a start.
fn write_workspace(out: &Path, entries: &[Entry]) -> Result<(), String> {
    let mut members = String::new();
    for e in entries.iter().filter(|e| e.generate_error.is_none()) {
        members.push_str(&format!("    \"{}\",\n", e.crate_name));
    }
    let manifest = format!(
        "# Written by `cargo xtask conformance`: one workspace, one target dir, for every generated crate.\n\
         [workspace]\n\
         resolver = \"2\"\n\
         members = [\n{members}]\n\n\
         [profile.dev]\n\
         debug = false\n\n\
         [profile.dev.package.\"*\"]\n\
         debug = false\n"
    );
    let path = out.join("Cargo.toml");
    std::fs::write(&path, manifest).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    // Start from the versions the project itself builds with, so the run needs no new downloads.
    let lock = out.join("Cargo.lock");
    if !lock.exists() {
        let _ = std::fs::copy(crate::root().join("Cargo.lock"), &lock);
    }
    Ok(())
}

/// Cargo over the conformance workspace, offline: every crate comes from the local registry.
struct Cargo<'a> {
    out: &'a Path,
    verbosity: Verbosity,
}

impl Cargo<'_> {
    /// `cargo SUBCOMMAND --offline ARGS...` in the conformance workspace.
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.current_dir(self.out).env("CARGO_TARGET_DIR", self.out.join("target"));
        if let Some((sub, rest)) = args.split_first() {
            cmd.arg(sub).arg("--offline").args(rest);
        }
        cmd
    }

    /// Makes sure every crate the workspace needs on this host is in the local registry: nothing
    /// to download once they were fetched (the common case, and the only one that works without
    /// a network); otherwise one `cargo fetch` downloads what is missing.
    fn fetch_if_needed(&self) -> Result<(), String> {
        let host = host_triple()?;
        let offline = self
            .command(&["fetch", "--target", &host])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run cargo fetch: {e}"))?;
        if offline.success() {
            return Ok(());
        }
        eprintln!("note: some crates the generated crates need are not in the local registry; fetching them (needs the network)");
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(self.out)
            .args(["fetch", "--target", &host])
            .status()
            .map_err(|e| format!("cannot run cargo fetch: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err("cargo fetch failed in target/conformance: the crates the generated crates need are neither in the local registry nor downloadable".into())
        }
    }

    /// Runs one cargo command over the workspace with warnings as errors; returns the crates
    /// that failed, found by cargo's `marker` line (`*` when it failed without naming one).
    fn failed_crates(&self, args: &[&str], marker: &str) -> Result<BTreeSet<String>, String> {
        let output = self
            .command(args)
            .env("RUSTDOCFLAGS", "-D warnings")
            .stdout(Stdio::inherit())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run cargo {}: {e}", args.join(" ")))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        eprint!("{}", self.progress(&stderr));
        let mut failed: BTreeSet<String> = stderr
            .lines()
            .filter_map(|l| l.split(marker).nth(1))
            .filter_map(|rest| rest.split('`').next())
            .map(str::to_string)
            .collect();
        if !output.status.success() && failed.is_empty() {
            failed.insert("*".into());
        }
        Ok(failed)
    }

    /// Cargo's output without the per-crate `Compiling`/`Checking` lines, which say nothing when
    /// the run works (all of it with `-v`).
    fn progress(&self, stderr: &str) -> String {
        stderr
            .lines()
            .filter(|l| {
                let t = l.trim_start();
                self.verbosity == Verbosity::Verbose
                    || !(t.starts_with("Compiling ") || t.starts_with("Checking ") || t.starts_with("Downloaded ") || t.starts_with("Fresh "))
            })
            .map(|l| format!("{l}\n"))
            .collect()
    }

    /// Runs every crate's examples test; returns the counts each printed.
    fn example_tests(&self) -> Result<BTreeMap<String, ExampleSummary>, String> {
        let output = self
            .command(&["test", "--workspace", "--test", "examples", "--no-fail-fast", "--", "--nocapture"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run cargo test: {e}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        eprint!("{}", self.progress(&stderr));
        let mut summaries = BTreeMap::new();
        for line in stdout.lines() {
            if line.starts_with("conformance-example-") && !line.starts_with("conformance-examples:") {
                outln!("   {line}");
            }
            if line.contains("panicked") || line.starts_with("thread ") {
                outln!("   {line}");
            }
            let Some(rest) = line.strip_prefix("conformance-examples: ") else {
                continue;
            };
            let fields: BTreeMap<&str, &str> = rest.split_whitespace().filter_map(|kv| kv.split_once('=')).collect();
            let num = |k: &str| fields.get(k).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
            if let Some(name) = fields.get("crate") {
                summaries.insert(
                    name.to_string(),
                    ExampleSummary {
                        checked: num("checked"),
                        exact: num("exact"),
                        dropped: num("dropped"),
                        failed: num("failed"),
                    },
                );
            }
        }
        Ok(summaries)
    }
}

/// The platform rustc builds for by default (`x86_64-unknown-linux-gnu`), so that fetching
/// skips other platforms' crates.
fn host_triple() -> Result<String, String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = Command::new(&rustc).arg("-vV").output().map_err(|e| format!("cannot run {rustc} -vV: {e}"))?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_string)
        .ok_or_else(|| format!("{rustc} -vV names no host"))
}

/// Prints the result table; returns whether everything passed.
fn print_table(entries: &[Entry]) -> bool {
    let rows: Vec<[String; 8]> = entries
        .iter()
        .map(|e| {
            let spec = e.spec.display().to_string();
            let generated = if e.generate_error.is_none() { "ok" } else { "error" };
            let clippy = match (&e.generate_error, e.clippy_ok) {
                (Some(_), _) => "-",
                (None, true) => "ok",
                (None, false) => "fail",
            };
            let rustdoc = match (&e.generate_error, e.rustdoc_ok) {
                (Some(_), _) => "-",
                (None, true) => "ok",
                (None, false) => "fail",
            };
            let examples = match (&e.generate_error, e.examples_result) {
                (Some(_), _) => "-".to_string(),
                (None, None) => "no result".to_string(),
                (None, Some(s)) if s.failed == 0 && s.dropped == 0 => format!("ok {}/{}", s.exact, s.checked),
                (None, Some(s)) if s.failed == 0 => format!("ok {}/{} ({} lose undeclared keys)", s.exact + s.dropped, s.checked, s.dropped),
                (None, Some(s)) => format!("fail {} of {}", s.failed, s.checked),
            };
            [spec, e.crate_name.clone(), e.operations.to_string(), e.models.to_string(), generated.into(), clippy.into(), rustdoc.into(), examples]
        })
        .collect();
    let header = ["spec", "crate", "operations", "models", "generated", "clippy", "rustdoc", "examples"].map(String::from);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |row: &[String; 8]| {
        let cells: Vec<String> = row.iter().zip(widths).map(|(c, w)| format!("{c:<w$}")).collect();
        outln!("| {} |", cells.join(" | "));
    };
    outln!();
    line(&header);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    outln!("|-{}-|", rule.join("-|-"));
    for row in &rows {
        line(row);
    }
    let total = entries.len();
    let generated = entries.iter().filter(|e| e.generate_error.is_none()).count();
    let clippy = entries.iter().filter(|e| e.generate_error.is_none() && e.clippy_ok).count();
    let rustdoc = entries.iter().filter(|e| e.generate_error.is_none() && e.rustdoc_ok).count();
    let sums = entries.iter().filter_map(|e| e.examples_result).fold(ExampleSummary::default(), |a, s| ExampleSummary {
        checked: a.checked + s.checked,
        exact: a.exact + s.exact,
        dropped: a.dropped + s.dropped,
        failed: a.failed + s.failed,
    });
    let expected_examples: usize = entries.iter().map(|e| e.examples).sum();
    let results = entries.iter().filter(|e| e.generate_error.is_none() && e.examples_result.is_some()).count();
    outln!();
    outln!(
        "examples: {} checked ({} in the specs), {} round-trip exactly, {} lose exactly the keys their schema does not declare (spec defects), {} failed",
        sums.checked, expected_examples, sums.exact, sums.dropped, sums.failed
    );
    let passed = generated == total && clippy == total && rustdoc == total && results == generated && sums.failed == 0 && sums.checked == expected_examples;
    eprintln!(
        "conformance {}: {generated}/{total} specs generated, {clippy}/{total} clippy-clean and {rustdoc}/{total} rustdoc-clean with -D warnings, \
         {}/{} examples round-trip ({} failed)",
        if passed { "passed" } else { "FAILED" },
        sums.exact + sums.dropped,
        expected_examples,
        sums.failed
    );
    passed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_with_the_same_stem_get_their_directory_as_suffix() {
        let specs = [
            PathBuf::from("specs/line/channel-access-token.yml"),
            PathBuf::from("specs/line/webhook.yml"),
            PathBuf::from("specs/line-history/channel-access-token.yml"),
        ];
        let names: Vec<String> = crate_names(&specs).into_iter().map(|(_, n)| n).collect();
        assert_eq!(
            names,
            ["line_channel_access_token_line", "line_webhook", "line_channel_access_token_line_history"]
        );
    }

    #[test]
    fn the_pattern_spec_lowers_cleanly_with_every_example_typed() {
        let spec = crate::root().join("xtask/conformance/patterns.yml");
        let Ok(generator::load::Loaded { api, warnings, .. }) = generator::load::load_file(&spec) else {
            panic!("{} does not load", spec.display());
        };
        let options = generator::lower_options("line_patterns");
        let Ok(krate) = generator::lower::lower(&spec, &api, &options) else {
            panic!("{} does not lower", spec.display());
        };
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(krate.warnings, Vec::<String>::new());
        assert_eq!(krate.examples.len(), 16);
        let defects: Vec<(&str, &[String])> = krate
            .examples
            .iter()
            .filter(|e| !e.undeclared.is_empty())
            .map(|e| (e.pointer.as_str(), e.undeclared.as_slice()))
            .collect();
        assert_eq!(
            defects,
            [(
                "#/paths/~1v2~1messages~1{messageId}/get/responses/200/content/application~1json/examples/future/value",
                &["/message/sparkle".to_string(), "/undocumented".to_string()][..]
            )]
        );
        // `{type: object}` without properties is free-form JSON; nothing else may be.
        assert_eq!(untyped_places(&krate), ["push_message response"]);
    }

    #[test]
    fn the_examples_test_lists_every_example_with_its_type_and_undeclared_keys() {
        let examples = [ir::Example {
            pointer: "#/components/schemas/Foo/example".into(),
            ty: ir::Type::List(Box::new(ir::Type::Model("Foo".into()))),
            null: false,
            json: r##"[{"a":"\"#"}]"##.into(),
            undeclared: vec!["/0/b".into()],
        }];
        let Ok(source) = examples_test("line_foo", &examples, &[]) else {
            panic!("the examples test does not parse");
        };
        assert!(source.contains("round_trip::<Vec<line_foo::models::Foo>>"), "{source}");
        assert!(source.contains(r#"&["/0/b"]"#), "{source}");
        assert!(source.contains("const FALLBACKS: &[&str] = &[];"), "{source}");
    }

    #[test]
    fn a_spec_without_examples_gets_a_test_with_no_unused_helpers() {
        let Ok(source) = examples_test("line_foo", &[], &[]) else {
            panic!("the examples test does not parse");
        };
        assert!(source.contains("conformance-examples: crate=line_foo checked=0 exact=0 dropped=0 failed=0"), "{source}");
        assert!(!source.contains("fn round_trip"), "{source}");
    }
}
