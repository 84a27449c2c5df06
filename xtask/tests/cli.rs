//! The `cargo xtask` binary as a user meets it: bad specs exit 1 with a located error, no command
//! line can damage the workspace, every command has `--help`, misspellings get suggestions,
//! and every run ends with one summary line on stderr.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn corpus(name: &str) -> PathBuf {
    workspace().join("generator/tests/bad_specs").join(name)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn generate(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).arg("generate").args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The xtask binary run in `cwd` with its workspace root pointed at `ws`.
fn xtask(ws: &Path, cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).env("XTASK_WORKSPACE", ws).current_dir(cwd).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_dir(&entry.path(), &to.join(&name));
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// A copy of this workspace (without target/ and .git) at `<scratch>/ws`.
fn copy_of_workspace(name: &str) -> PathBuf {
    let ws = scratch(name).join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    for entry in std::fs::read_dir(workspace()).unwrap() {
        let entry = entry.unwrap();
        let file_name = entry.file_name();
        if file_name == "target" || file_name == ".git" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &ws.join(&file_name));
        } else {
            std::fs::copy(entry.path(), ws.join(&file_name)).unwrap();
        }
    }
    ws
}

/// Every file below `dir` (target/ left out: the format cache lives there) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path == dir.join("target") {
                continue;
            }
            if path.is_dir() {
                out.insert(path.clone(), b"<dir>".to_vec());
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// The command fails with status 1 and `refusal` on stderr, and leaves the workspace copy
/// byte for byte as it was, with `generate --check` still passing.
fn assert_refused_and_intact(ws: &Path, cwd: &Path, args: &[&str], refusal: &str) {
    let before = snapshot(ws);
    let outside = snapshot(ws.parent().unwrap());
    let out = xtask(ws, cwd, args);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: stderr:\n{stderr}");
    assert!(stderr.starts_with("error: refusing to "), "{args:?}: {stderr}");
    assert!(stderr.contains(refusal), "{args:?}: expected `{refusal}` in:\n{stderr}");
    assert!(stderr.contains("nothing was changed"), "{args:?}: {stderr}");
    assert!(snapshot(ws) == before, "{args:?} changed the workspace");
    assert!(snapshot(ws.parent().unwrap()) == outside, "{args:?} changed the directory above the workspace");
    let check = xtask(ws, ws, &["generate", "--check"]);
    assert!(check.status.success(), "{args:?}: generate --check fails afterwards:\n{}", text(&check.stderr));
    assert!(text(&check.stderr).starts_with("generated/ is up to date ("), "{}", text(&check.stderr));
}

#[test]
fn bad_specs_exit_1_with_the_located_error() {
    let out = scratch("bad");
    let out_arg = out.join("crate");
    let cases = [
        ("not_utf8.yml", "not_utf8.yml:3:13: the spec is not valid UTF-8 text"),
        ("openapi31.yml", "openapi31.yml:14:13: #/components/schemas/Line/properties/sku/type/1: a `type` list holds type names such as \"string\" or \"null\", found a number"),
        ("ref_to_itself.yml", "#/components/schemas/Loop: $ref `#/components/schemas/Loop` is part of a cycle"),
        ("alias_bomb.yml", "YAML aliases are expanded too many times"),
        ("typos_and_swagger_habits.yml", "typos_and_swagger_habits.yml:27:7: #/components/schemas/User/requried: unknown key `requried` in a Schema object; did you mean `required`?"),
    ];
    for (spec, expected) in cases {
        let spec_path = corpus(spec);
        let (code, stderr) = generate(&[
            "--spec",
            spec_path.to_str().unwrap(),
            "--out",
            out_arg.to_str().unwrap(),
            "--crate-name",
            "bad",
        ]);
        assert_eq!(code, 1, "{spec}: exit status {code}, stderr:\n{stderr}");
        assert!(stderr.starts_with("error: "), "{spec}: {stderr}");
        assert!(stderr.contains(expected), "{spec}: expected `{expected}` in:\n{stderr}");
        assert!(!out_arg.exists(), "{spec}: a failed run created the output directory");
    }
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn missing_spec_and_foreign_directory_exit_1() {
    let dir = scratch("foreign");
    let (code, stderr) = generate(&["--spec", dir.join("nope.yml").to_str().unwrap(), "--out", dir.join("o").to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("nope.yml: cannot read the spec"), "{stderr}");

    std::fs::write(dir.join("mine.txt"), "user file").unwrap();
    let spec = workspace().join("spec/channel-access-token.yml");
    let (code, stderr) = generate(&["--spec", spec.to_str().unwrap(), "--out", dir.to_str().unwrap(), "--crate-name", "x"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("has no .generated-files") && stderr.contains("--force"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("mine.txt")]);
    std::fs::remove_dir_all(&dir).ok();
}

/// `--spec OTHER` without `--out` used to replace generated/ with another crate, after which
/// every `cargo xtask` failed; generated/ only ever holds the workspace's own crate.
#[test]
fn another_spec_or_crate_name_never_replaces_generated() {
    let ws = copy_of_workspace("other-spec");
    let patterns = ws.join("xtask/conformance/patterns.yml");
    let patterns = patterns.to_str().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &["generate", "--spec", patterns],
            "refusing to write the crate `line_patterns` from",
        ),
        (&["generate", "--spec", "xtask/conformance/patterns.yml", "--force"], "without --out, the output is generated/"),
        (&["generate", "--crate-name", "renamed"], "refusing to write the crate `renamed`"),
        (&["generate", "--spec", patterns, "--out", "./generated/"], "--out ./generated/ is generated/"),
    ];
    for (args, refusal) in cases {
        assert_refused_and_intact(&ws, &ws, args, refusal);
    }
    let out = xtask(&ws, &ws, &["generate", "--spec", patterns]);
    assert!(text(&out.stderr).contains("Name a directory of its own with --out, e.g. --out ../line_patterns"), "{}", text(&out.stderr));
    std::fs::remove_dir_all(ws.parent().unwrap()).ok();
}

/// `--out .` was refused with advice to pass `--force`, and taking it overwrote the workspace's
/// Cargo.toml and README.md. The root, its ancestors and its packages are refused, whatever the flags.
#[test]
fn the_workspace_root_its_ancestors_and_packages_are_refused_whatever_the_flags() {
    let ws = copy_of_workspace("root");
    let parent = ws.parent().unwrap().to_str().unwrap().to_string();
    let named = ["--force", "--overwrite", "Cargo.toml", "--overwrite", "README.md"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--out", "."], "refusing to write into .: it is the workspace root"),
        (vec!["--out", ".", "--force"], "refusing to write into .: it is the workspace root"),
        ([&["--out", "."][..], &named].concat(), "it is the workspace root"),
        (vec!["--out", "..", "--force"], "refusing to write into ..: it is an ancestor of the workspace"),
        (vec!["--out", &parent, "--force"], "is an ancestor of the workspace"),
        ([&["--out", "xtask"][..], &named].concat(), "xtask is a package of this workspace that the generator did not write"),
        (vec!["--out", "generator/src/new", "--force"], "and --out is inside it"),
    ];
    for (flags, refusal) in &cases {
        let args = [&["generate"][..], flags].concat();
        assert_refused_and_intact(&ws, &ws, &args, refusal);
    }
    // A generated crate of the workspace inside another package is regenerated in place under
    // its own name, and refused under another.
    let bot = ["generate", "--spec", "client-tests/line-bot.yml", "--out", "client-tests/line-bot"];
    let same = xtask(&ws, &ws, &[&bot[..], &["--crate-name", "line_bot"]].concat());
    assert!(same.status.success(), "{}", text(&same.stderr));
    assert!(text(&same.stderr).starts_with("client-tests/line-bot/ is up to date ("), "{}", text(&same.stderr));
    assert_refused_and_intact(&ws, &ws, &bot, "it holds the generated crate `line_bot` of this workspace");
    // From a subdirectory, `..` is the root.
    assert_refused_and_intact(&ws, &ws.join("xtask"), &["generate", "--out", "..", "--force"], "it is the workspace root");
    std::fs::remove_dir_all(ws.parent().unwrap()).ok();
}

/// `--force` overwrote a user's Cargo.toml without naming it first. Now it writes beside the
/// user's files and lists those in the way; only naming them replaces them.
#[test]
fn force_lists_the_files_in_the_way_and_only_named_files_are_replaced() {
    let dir = scratch("force");
    let out = dir.join("project");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    std::fs::write(out.join("README.md"), "my readme\n").unwrap();
    let before = snapshot(&dir);
    let spec = workspace().join("spec/channel-access-token.yml");
    let base = ["generate", "--spec", spec.to_str().unwrap(), "--out", "project"];
    let run = |extra: &[&str]| {
        let o = xtask(&workspace(), &dir, &[&base[..], extra].concat());
        (o.status.code(), text(&o.stdout), text(&o.stderr))
    };

    let (code, _, stderr) = run(&[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("in the way and stay untouched unless named with --overwrite: Cargo.toml, README.md"), "{stderr}");
    let (code, _, stderr) = run(&["--force"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("refusing to overwrite 2 files that this generator did not write (not in .generated-files): Cargo.toml, README.md"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["--force", "--overwrite", "Cargo.toml"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("refusing to overwrite a file that this generator did not write (not in .generated-files): README.md;"), "{stderr}");
    assert!(snapshot(&dir) == before, "a refused run changed the user's directory");

    let (code, stdout, stderr) = run(&["--force", "--overwrite", "Cargo.toml", "--overwrite", "README.md"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("  changed   project/Cargo.toml") && stdout.contains("  added     project/src/lib.rs"), "{stdout}");
    assert!(std::fs::read_to_string(out.join("Cargo.toml")).unwrap().contains("line_channel_access_token"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn every_command_has_help_that_documents_its_flags() {
    let ws = workspace();
    let help = |args: &[&str]| {
        let o = xtask(&ws, &ws, args);
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
        text(&o.stdout)
    };
    let top = help(&["--help"]);
    for command in ["generate", "conformance", "diff-spec", "bench"] {
        assert!(top.contains(&format!("  {command} ")), "{command} missing from:\n{top}");
        let usage = format!("Usage: cargo xtask {command}");
        assert!(help(&[command, "--help"]).contains(&usage), "{command} --help");
        assert!(help(&["help", command]).contains(&usage), "help {command}");
    }
    let generate = help(&["generate", "--help"]);
    for flag in ["--check", "--spec <FILE>", "--out <DIR>", "--crate-name <NAME>", "--readme-example <FILE>", "--readme-section <FILE>", "--force", "--overwrite <FILE>", "--quiet", "--verbose"] {
        assert!(generate.contains(flag), "{flag} missing from generate --help:\n{generate}");
    }
    assert!(generate.contains("Write into a non-empty directory that the generator did not make"), "{generate}");
    assert!(generate.contains("usage example in the generated README"), "{generate}");
    assert!(help(&["bench", "--help"]).contains("--runs <N>"));
}

#[test]
fn misspelt_flags_and_commands_get_a_suggestion() {
    let ws = workspace();
    let o = xtask(&ws, &ws, &["generate", "--chekc"]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = text(&o.stderr);
    assert!(stderr.contains("unexpected argument '--chekc' found"), "{stderr}");
    assert!(stderr.contains("a similar argument exists: '--check'"), "{stderr}");

    let o = xtask(&ws, &ws, &["genrate"]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = text(&o.stderr);
    assert!(stderr.contains("unrecognized subcommand 'genrate'"), "{stderr}");
    assert!(stderr.contains("a similar subcommand exists: 'generate'"), "{stderr}");
    assert!(text(&o.stdout).is_empty());
}

#[test]
fn every_run_ends_with_one_summary_line_on_stderr() {
    let ws = workspace();
    let last_line = |o: &Output| text(&o.stderr).lines().last().unwrap_or("").to_string();

    let current = xtask(&ws, &ws, &["generate", "--check"]);
    assert!(current.status.success());
    assert!(text(&current.stdout).is_empty(), "{}", text(&current.stdout));
    let files = std::fs::read_to_string(ws.join("generated/.generated-files")).unwrap();
    let count = files.lines().filter(|l| !l.starts_with('#')).count();
    assert_eq!(text(&current.stderr), format!("generated/ is up to date ({count} files)\n"));

    // Into a new directory: the diff (data) on stdout with clean absolute paths, the verdict on stderr.
    let dir = scratch("summary");
    let new = dir.join("new");
    let check = xtask(&ws, &ws, &["generate", "--check", "--out", new.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    let diff = text(&check.stdout);
    assert!(diff.contains(&format!("--- /dev/null\n+++ {}/src/lib.rs\n", new.display())), "{diff}");
    assert!(!diff.contains("b//"), "{diff}");
    let verdict = last_line(&check);
    assert!(verdict.starts_with(&format!("{}/ is stale: {count} files changed ({count} added", new.display())), "{verdict}");
    assert!(verdict.ends_with(&format!("fix it with: cargo xtask generate --spec spec/channel-access-token.yml --out {} --crate-name line_channel_access_token", new.display())), "{verdict}");
    assert!(!new.exists(), "--check wrote files");

    // -q: the summary only; default: the changed files too; -v: every file.
    let quiet = xtask(&ws, &dir, &["generate", "-q", "--out", "new"]);
    assert!(quiet.status.success(), "{}", text(&quiet.stderr));
    assert_eq!(text(&quiet.stdout), "");
    assert!(text(&quiet.stderr).starts_with(&format!("new/: {count} files changed ({count} added, 0 changed, 0 removed)")), "{}", text(&quiet.stderr));
    std::fs::write(new.join("README.md"), "edited").unwrap();
    let normal = xtask(&ws, &dir, &["generate", "--out", "./new/"]);
    assert!(normal.status.success(), "{}", text(&normal.stderr));
    let lines: Vec<String> = text(&normal.stdout).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("  changed   new/README.md (+") && lines[0].ends_with(" −1)"), "{lines:?}");
    assert!(last_line(&normal).starts_with("new/: 1 file changed (0 added, 1 changed, 0 removed)"), "{}", text(&normal.stderr));
    let verbose = xtask(&ws, &dir, &["generate", "-v", "--out", "new"]);
    let listed = text(&verbose.stdout);
    assert_eq!(listed.lines().count(), count, "{listed}");
    assert!(listed.lines().all(|l| l.starts_with("  unchanged new/")), "{listed}");
    assert_eq!(last_line(&verbose), format!("new/ is up to date ({count} files)"));
    std::fs::remove_dir_all(&dir).ok();
}
