//! `generate --manifest`: LINE's SDK from the project's manifest, with one runtime crate and a bot
//! on three of its crates; versions and CHANGELOG entries written by `--bump` for each of LINE's
//! real spec changes, checked against the API-change report; an unchanged spec bumps nothing.
//! LINE's specs come from `../shared` (skipped with a printed reason when it is absent).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use generator::apidiff;
use generator::manifest;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn shared() -> Option<PathBuf> {
    let dir = workspace().join("../shared/specs");
    if dir.join("line").is_dir() {
        Some(dir)
    } else {
        println!("skipped: {} is absent (LINE's specs live in ../shared beside the project)", dir.display());
        None
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("sdk-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn xtask(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().unwrap();
    assert!(out.status.success(), "xtask {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    out
}

fn manifest_path() -> PathBuf {
    workspace().join("spec/line-sdk.toml")
}

fn package_version(cargo_toml: &Path) -> String {
    let text = std::fs::read_to_string(cargo_toml).unwrap();
    let value: toml::Table = toml::from_str(&text).unwrap();
    value["package"]["version"].as_str().unwrap().to_string()
}

/// The crate of the project's manifest whose spec has this file name.
fn crate_for_spec(spec_file: &str) -> manifest::CrateEntry {
    let m = manifest::load(&manifest_path(), &manifest::Resolve { specs: None, missing_specs: true, only: Vec::new() }).unwrap();
    m.crates.into_iter().find(|c| c.spec_name == Path::new(spec_file)).unwrap_or_else(|| panic!("no crate for {spec_file}"))
}

/// The report `diff-spec` gives for a pair, lowered as the manifest's crate is.
fn report(c: &manifest::CrateEntry, before: &Path, after: &Path) -> apidiff::Report {
    let lower = |spec: &Path| {
        let options = generator::Options { overlays: c.overlays.clone(), ..generator::Options::new(spec, &c.name) };
        generator::lower_spec(&options).unwrap().krate
    };
    apidiff::compare(&lower(before), &lower(after), apidiff::Rules::CURRENT)
}

#[test]
fn each_real_line_change_bumps_the_version_the_report_asks_for_and_the_changelog_names_every_change() {
    let Some(specs) = shared() else { return };
    let changes = specs.join("line-changes");
    let mut pairs: Vec<PathBuf> = std::fs::read_dir(&changes).unwrap().map(|e| e.unwrap().path()).filter(|p| p.join("before").is_dir()).collect();
    pairs.sort();
    assert!(pairs.len() >= 5, "{pairs:?}");
    let manifest = manifest_path();
    let manifest = manifest.to_str().unwrap();
    for pair in &pairs {
        let commit = pair.file_name().unwrap().to_string_lossy().into_owned();
        let spec_file = std::fs::read_dir(pair.join("before")).unwrap().next().unwrap().unwrap().file_name();
        let spec_file = spec_file.to_string_lossy().into_owned();
        let c = crate_for_spec(&spec_file);
        let out = scratch(&format!("change-{commit}"));
        let (before, after) = (pair.join("before"), pair.join("after"));
        let sdk = out.to_str().unwrap();
        xtask(&["generate", "-q", "--manifest", manifest, "--specs", before.to_str().unwrap(), "--crate", &c.name, "--out", sdk]);
        let crate_dir = out.join(&c.dir);
        assert_eq!(package_version(&crate_dir.join("Cargo.toml")), c.version, "{commit}: the manifest's version first");
        assert!(!crate_dir.join("CHANGELOG.md").exists(), "{commit}: no changelog before a bump");

        let bumped = xtask(&["generate", "--manifest", manifest, "--specs", after.to_str().unwrap(), "--crate", &c.name, "--out", sdk, "--bump"]);
        let stderr = String::from_utf8_lossy(&bumped.stderr);
        let report = report(&c, &before.join(&spec_file), &after.join(&spec_file));
        let expected = report.next_version(&c.version);
        let version = package_version(&crate_dir.join("Cargo.toml"));
        assert_eq!(version, expected, "{commit}: the report says {} ({})", report.bump(&c.version).as_str(), apidiff::terminal(&report, &c.version));
        let changelog = std::fs::read_to_string(crate_dir.join("CHANGELOG.md")).unwrap_or_default();
        if report.changes.is_empty() {
            assert_eq!(version, c.version, "{commit}: nothing changed, nothing bumped");
            assert!(changelog.is_empty(), "{commit}: no entry without a change");
            continue;
        }
        assert!(stderr.contains(&format!("version {} → {expected}", c.version)), "{commit}: {stderr}");
        let entry_head = format!("## [{expected}] - ");
        assert_eq!(changelog.matches("\n## [").count(), 1, "{commit}: one entry\n{changelog}");
        assert!(changelog.contains(&entry_head), "{commit}:\n{changelog}");
        for change in &report.changes {
            let item = format!("`{}`", change.item.replace('`', "'"));
            assert!(changelog.contains(&item), "{commit}: the entry does not name {item} ({}):\n{changelog}", change.kind);
        }
        if report.is_breaking() {
            assert!(changelog.contains("**Breaking:**"), "{commit}:\n{changelog}");
        }
        // The version and the entry stay when the same spec is generated again, bumped or not,
        // and --check agrees the SDK is current.
        let cargo_before = std::fs::read(crate_dir.join("Cargo.toml")).unwrap();
        for extra in [&[][..], &["--bump"][..], &["--check"][..]] {
            let mut args = vec!["generate", "-q", "--manifest", manifest, "--specs", after.to_str().unwrap(), "--crate", &c.name, "--out", sdk];
            args.extend_from_slice(extra);
            xtask(&args);
            assert_eq!(std::fs::read(crate_dir.join("Cargo.toml")).unwrap(), cargo_before, "{commit} {extra:?}");
            assert_eq!(std::fs::read_to_string(crate_dir.join("CHANGELOG.md")).unwrap(), changelog, "{commit} {extra:?}");
        }
    }
}

/// The README's manifest is a valid one, and the changelog entry it shows is the one `--bump`
/// writes for LINE's removal of Audience Match.
#[test]
fn the_readme_shows_a_valid_manifest_and_the_entry_bump_writes() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let section = readme.split("## A whole SDK").nth(1).unwrap();
    let toml_block = section.split("```toml\n").nth(1).unwrap().split("```").next().unwrap();
    // The files it names, as a user would have them beside it.
    let dir = scratch("readme");
    std::fs::create_dir_all(dir.join("overlays")).unwrap();
    for file in ["overlays/messaging-api.overlay.yml", "messaging-api.readme.rs", "messaging-api.readme-push.md"] {
        std::fs::write(dir.join(file), "").unwrap();
    }
    let m = manifest::parse(&dir.join("line-sdk.toml"), toml_block, &manifest::Resolve { missing_specs: true, ..Default::default() })
        .unwrap_or_else(|e| panic!("the README's manifest: {e}"));
    assert_eq!((m.sdk.runtime.as_str(), m.crates.len(), m.sdk.members.len()), ("line-bot-sdk-runtime", 1, 1));

    let Some(specs) = shared() else { return };
    let pair = specs.join("line-changes/5ae51b6");
    let c = crate_for_spec("messaging-api.yml");
    let report = report(&c, &pair.join("before/messaging-api.yml"), &pair.join("after/messaging-api.yml"));
    let entry = apidiff::changelog::entry(&report, "0.1.0", "2026-12-07").unwrap();
    let shown = section.split("gives, with `--bump`:\n\n```text\n").nth(1).unwrap().split("```").next().unwrap();
    let written = generator::render::sdk::changelog(&c.name, None, Some(&entry)).unwrap().unwrap();
    assert!(written.ends_with(shown), "the README shows:\n{shown}\nthe generator writes:\n{written}");
}

#[test]
fn an_unchanged_spec_bumps_nothing_and_writes_no_entry() {
    let Some(specs) = shared() else { return };
    let out = scratch("unchanged");
    let (manifest, sdk, line) = (manifest_path(), out.to_str().unwrap().to_string(), specs.join("line"));
    let args = ["generate", "-q", "--manifest", manifest.to_str().unwrap(), "--specs", line.to_str().unwrap(), "--crate", "line_shop", "--out", &sdk];
    xtask(&args);
    let second = xtask(&[&args[..], &["--bump"]].concat());
    assert!(!String::from_utf8_lossy(&second.stderr).contains("version"), "{}", String::from_utf8_lossy(&second.stderr));
    assert_eq!(package_version(&out.join("shop/Cargo.toml")), "0.1.0");
    assert!(!out.join("shop/CHANGELOG.md").exists());
}

#[test]
fn diff_spec_with_the_manifest_reports_each_crate() {
    let Some(specs) = shared() else { return };
    let pair = specs.join("line-changes/5ae51b6");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff-spec", "--format", "json", "--manifest", manifest_path().to_str().unwrap()])
        .args([pair.join("before"), pair.join("after")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let reports: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports.len(), 1, "only the messaging API's spec is in the pair");
    assert_eq!(reports[0]["crate"], "line_messaging_api");
    assert_eq!(reports[0]["semver"], "minor", "Audience Match removed: breaking, below 1.0");
    assert!(String::from_utf8_lossy(&out.stderr).contains("compared 1 crate(s)"));
}

/// The whole SDK from LINE's nine specs: clippy and rustdoc with `-D warnings` (the bot
/// included), the runtime crate once in the workspace and compiled once, and the bot runs.
#[test]
#[ignore = "builds the whole SDK (a minute or more); .ci/run runs it"]
fn the_line_sdk_holds_one_runtime_and_a_bot_on_three_crates_handles_their_errors_in_one_match() {
    let Some(specs) = shared() else { return };
    let out = scratch("line");
    // The project's manifest with the bot as a member of the SDK's workspace; overlays are found
    // where the project keeps them.
    let text = std::fs::read_to_string(manifest_path()).unwrap();
    let overlays = workspace().join("spec/overlays");
    let text = text
        .replace("[sdk]\n", "[sdk]\nmembers = [\"bot\"]\n")
        .replace("\"overlays/", &format!("\"{}/", overlays.display()));
    let manifest = out.join("line-sdk.toml");
    std::fs::write(&manifest, text).unwrap();
    let sdk = out.join("sdk");
    xtask(&["generate", "-q", "--manifest", manifest.to_str().unwrap(), "--specs", specs.join("line").to_str().unwrap(), "--out", sdk.to_str().unwrap()]);
    std::fs::create_dir_all(sdk.join("bot/src")).unwrap();
    std::fs::write(sdk.join("bot/src/main.rs"), include_str!("../sdk-bot/main.rs")).unwrap();
    std::fs::write(
        sdk.join("bot/Cargo.toml"),
        r#"[package]
name = "sdk-bot"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
line-bot-sdk-runtime = { path = "../line-bot-sdk-runtime" }
line_channel_access_token = { path = "../channel-access-token", features = ["mock"] }
line_messaging_api = { path = "../messaging-api", features = ["mock"] }
line_webhook = { path = "../webhook", features = ["mock"] }
reqwest = { version = "0.12", default-features = false }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
"#,
    )
    .unwrap();
    let target = workspace().join("target/sdk");
    let cargo = |args: &[&str], rustdocflags: Option<&str>| {
        let mut command = Command::new(env!("CARGO"));
        command.current_dir(&sdk).env("CARGO_TARGET_DIR", &target).args(args);
        if let Some(flags) = rustdocflags {
            command.env("RUSTDOCFLAGS", flags);
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "cargo {args:?}:\n{}", String::from_utf8_lossy(&output.stderr));
        output
    };

    // The workspace holds the runtime once, and every API crate depends on that one.
    let metadata = cargo(&["metadata", "--format-version", "1", "--offline"], None);
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let runtimes: Vec<&serde_json::Value> = packages.iter().filter(|p| p["name"] == "line-bot-sdk-runtime").collect();
    assert_eq!(runtimes.len(), 1);
    let api_crates: Vec<&serde_json::Value> = packages.iter().filter(|p| p["name"].as_str().is_some_and(|n| n.starts_with("line_"))).collect();
    assert_eq!(api_crates.len(), 9);
    for p in &api_crates {
        let deps = p["dependencies"].as_array().unwrap();
        assert!(deps.iter().any(|d| d["name"] == "line-bot-sdk-runtime" && d["req"] == "^0.1.0"), "{}", p["name"]);
        let manifest = PathBuf::from(p["manifest_path"].as_str().unwrap());
        assert!(!manifest.parent().unwrap().join("src/runtime").exists(), "{} carries its own runtime", p["name"]);
    }

    // The bot's build compiles the runtime once for the three crates.
    let build = cargo(&["build", "--offline", "-p", "sdk-bot", "--message-format", "json"], None);
    let runtime_units = String::from_utf8_lossy(&build.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "line_bot_sdk_runtime")
        .count();
    assert_eq!(runtime_units, 1, "the runtime is compiled once");
    let run = cargo(&["run", "--offline", "-q", "-p", "sdk-bot"], None);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("token refused (400): invalid_client") && stdout.contains("push throttled (429)"), "{stdout}");
    assert!(stdout.contains("ok: U4af4980629 followed"), "{stdout}");
    assert!(stdout.contains("one token issued for two clients: true"), "{stdout}");

    cargo(&["clippy", "--offline", "--workspace", "--all-targets", "--", "-D", "warnings"], None);
    cargo(&["clippy", "--offline", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"], None);
    cargo(&["doc", "--offline", "--workspace", "--no-deps", "--all-features"], Some("-D warnings"));
    println!("the SDK of {} crates and the bot pass clippy and rustdoc; the runtime is built once", api_crates.len());
}

/// A mistake in the manifest is reported at its line and column, with the key, and nothing is
/// written; so is a `--crate` the manifest does not list.
#[test]
fn a_bad_manifest_is_located_and_writes_nothing() {
    let dir = scratch("bad-manifest");
    std::fs::write(dir.join("a.yml"), "openapi: 3.0.3\ninfo: {title: A, version: '1'}\npaths: {}\n").unwrap();
    let out = dir.join("sdk");
    let run = |manifest: &str, extra: &[&str]| {
        std::fs::write(dir.join("sdk.toml"), manifest).unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["generate", "--manifest", dir.join("sdk.toml").to_str().unwrap(), "--out", out.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert!(!out.exists(), "nothing is written");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let stderr = run("[sdk]\nruntime = \"rt\"\n\n[[crates]]\nname = \"a\"\nspec = \"b.yml\"\n", &[]);
    assert!(stderr.contains(&format!("{}:6:8: crates[0].spec: ", dir.join("sdk.toml").display())), "{stderr}");
    let stderr = run("[sdk]\nruntime = \"rt\"\n\n[[crates]]\nname = \"a\"\nspec = \"a.yml\"\n", &["--crate", "b"]);
    assert!(stderr.contains("--crate b:") && stderr.contains("it lists a"), "{stderr}");
    // A spec that does not lower stops the run before any folder is written.
    std::fs::write(dir.join("b.yml"), "openapi: 3.0.3\ninfo: {title: B, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Nope'}\n").unwrap();
    let stderr = run("[sdk]\nruntime = \"rt\"\n\n[[crates]]\nname = \"a\"\nspec = \"a.yml\"\n\n[[crates]]\nname = \"b\"\nspec = \"b.yml\"\n", &[]);
    assert!(stderr.contains("b: ") && stderr.contains("Nope"), "{stderr}");
}

/// A small SDK of our own specs, end to end: the workspace, the runtime crate and the API crates
/// are written with the manifest's metadata and no embedded runtime, a second run changes
/// nothing, and `--check` agrees until a file is edited.
#[test]
fn a_small_sdk_is_written_once_and_then_current() {
    let dir = scratch("small");
    let ws = workspace();
    let manifest = format!(
        "[sdk]\nruntime = \"my-runtime\"\nauthors = [\"Team <t@example.com>\"]\nrepository = \"https://example.com/sdk\"\n\n[[crates]]\nname = \"tokens\"\nspec = \"{}\"\n\n[[crates]]\nname = \"hooks\"\nspec = \"{}\"\ndir = \"api/hooks\"\nversion = \"1.2.0\"\n",
        ws.join("spec/channel-access-token.yml").display(),
        ws.join("client-tests/hooks.yml").display()
    );
    std::fs::write(dir.join("sdk.toml"), manifest).unwrap();
    let out = dir.join("sdk");
    let manifest = dir.join("sdk.toml");
    let args = ["generate", "--manifest", manifest.to_str().unwrap(), "--out", out.to_str().unwrap()];
    xtask(&args);
    let root: toml::Table = toml::from_str(&std::fs::read_to_string(out.join("Cargo.toml")).unwrap()).unwrap();
    assert_eq!(root["workspace"]["members"].as_array().unwrap().len(), 3);
    let hooks: toml::Table = toml::from_str(&std::fs::read_to_string(out.join("api/hooks/Cargo.toml")).unwrap()).unwrap();
    assert_eq!(hooks["package"]["version"].as_str(), Some("1.2.0"));
    assert_eq!(hooks["package"]["authors"].as_array().unwrap()[0].as_str(), Some("Team <t@example.com>"));
    assert_eq!(hooks["dependencies"]["my-runtime"]["path"].as_str(), Some("../../my-runtime"), "the path climbs out of api/hooks");
    assert_eq!(hooks["dependencies"]["my-runtime"]["features"].as_array().unwrap().len(), 2, "client and receive");
    assert!(!out.join("tokens/src/runtime").exists() && !out.join("api/hooks/src/webhooks/receive").exists());
    assert!(out.join("my-runtime/src/client/retry.rs").is_file() && out.join("my-runtime/src/receive/mod.rs").is_file());
    let lib = std::fs::read_to_string(out.join("tokens/src/lib.rs")).unwrap();
    assert!(lib.contains("use my_runtime as runtime;"), "{lib}");

    let again = xtask(&args);
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 file change(s)"), "{}", String::from_utf8_lossy(&again.stderr));
    xtask(&[&args[..], &["--check"]].concat());
    // A file changed by hand is stale for --check, which exits 1 and names the fix.
    std::fs::write(out.join("tokens/README.md"), "edited\n").unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).arg("--check").output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("fix them with: cargo xtask generate --manifest"), "{}", String::from_utf8_lossy(&check.stderr));
}
