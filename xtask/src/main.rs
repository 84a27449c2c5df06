//! `cargo xtask`: the project's commands (generate, check, conformance, diff-spec, bench).

mod bench;
mod build_bench;
mod conformance;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::apidiff;
use generator::write::{self, ChangeKind};

const USAGE: &str = "\
usage:
  cargo xtask generate [--check] [--spec FILE] [--out DIR] [--crate-name NAME] [--readme-example FILE] [--force]
  cargo xtask conformance DIR...
  cargo xtask diff-spec [--format text|markdown|json] OLD_SPEC NEW_SPEC
  cargo run --release -p xtask -- bench [--runs N] [SPEC...]
  cargo run --release -p xtask -- build-bench [--runs N] [--jobs J] [--oag-version V] [--oag-properties P] [SPEC]
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // A panic is a bug, but the run still ends like any other failure: status 1, not 101.
    let result = std::panic::catch_unwind(|| run(&args)).unwrap_or_else(|_| {
        Err("internal error: the generator panicked (message above); please report it with the spec".into())
    });
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<bool, String> {
    match args.first().map(String::as_str) {
        Some("generate") => generate(args.get(1..).unwrap_or(&[])),
        Some("conformance") => conformance::run(args.get(1..).unwrap_or(&[])),
        Some("diff-spec") => diff_spec(args.get(1..).unwrap_or(&[])),
        Some("bench") => bench::run(args.get(1..).unwrap_or(&[])),
        Some("build-bench") => build_bench::run(args.get(1..).unwrap_or(&[])),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(true)
        }
        _ => Err(format!("unknown or missing command\n{USAGE}")),
    }
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Parsed `generate` arguments.
pub struct GenerateArgs {
    pub check: bool,
    pub force: bool,
    pub spec: PathBuf,
    pub out: PathBuf,
    pub crate_name: String,
    pub readme_example: Option<PathBuf>,
}

impl GenerateArgs {
    fn parse(args: &[String]) -> Result<Self, String> {
        let root = root();
        let mut parsed = GenerateArgs {
            check: false,
            force: false,
            spec: root.join("spec/channel-access-token.yml"),
            out: root.join("generated"),
            crate_name: "line_channel_access_token".into(),
            readme_example: None,
        };
        let mut spec_given = false;
        let mut name_given = false;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = |flag: &str| it.next().cloned().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"));
            match arg.as_str() {
                "--check" => parsed.check = true,
                "--force" => parsed.force = true,
                "--spec" => {
                    parsed.spec = PathBuf::from(value("--spec")?);
                    spec_given = true;
                }
                "--out" => parsed.out = PathBuf::from(value("--out")?),
                "--crate-name" => {
                    parsed.crate_name = value("--crate-name")?;
                    name_given = true;
                }
                "--readme-example" => parsed.readme_example = Some(PathBuf::from(value("--readme-example")?)),
                other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
            }
        }
        if spec_given && !name_given {
            parsed.crate_name = crate_name_for(&parsed.spec);
        }
        if !is_crate_name(&parsed.crate_name) {
            return Err(format!(
                "--crate-name `{}` is not a valid crate name (letters, digits, `_` and `-`, starting with a letter)",
                parsed.crate_name
            ));
        }
        if parsed.readme_example.is_none() {
            // A usage example kept beside the spec (`foo.yml` → `foo.readme.rs`) goes into the README.
            let beside = parsed.spec.with_extension("readme.rs");
            if beside.is_file() {
                parsed.readme_example = Some(beside);
            }
        }
        Ok(parsed)
    }
}

/// `line_` + the spec's file stem in snake_case (`messaging-api.yml` → `line_messaging_api`).
pub fn crate_name_for(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let snake: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    format!("line_{}", snake.trim_matches('_'))
}

fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Renders a spec in memory with the given arguments.
pub fn render(args: &GenerateArgs) -> Result<generator::Generated, String> {
    let readme_example = match &args.readme_example {
        Some(path) => Some(
            std::fs::read_to_string(path).map_err(|e| format!("cannot read the README example {}: {e}", path.display()))?,
        ),
        None => None,
    };
    // Formatting dominates a run; the cache under target/ makes regenerating an unchanged spec cheap.
    let cache = root().join("target/xtask-format-cache").join(format!("{}.cache", args.crate_name));
    let options = generator::Options {
        spec: args.spec.clone(),
        spec_text: None,
        crate_name: args.crate_name.clone(),
        readme_example,
        format_cache: Some(cache),
    };
    // The error's Display names the stage and then the stage's located message.
    generator::generate(&options).map_err(|e| e.to_string())
}

/// What this run does to the crate's API, against the surface the previous run stored in `out`;
/// `None` when there is none (a new output directory) or nothing changed.
fn api_change_line(out: &Path, generated: &generator::Generated) -> Option<String> {
    let stored = std::fs::read_to_string(out.join(apidiff::SURFACE_FILE)).ok()?;
    let Some(old) = apidiff::Surface::from_json(&stored) else {
        return Some(format!("API: not compared ({} has another format)", apidiff::SURFACE_FILE));
    };
    let report = apidiff::compare_surfaces(&old, &apidiff::Surface::of(&generated.krate), apidiff::Rules::CURRENT);
    apidiff::summary_line(&report, &crate_version(&generated.files))
}

fn generate(args: &[String]) -> Result<bool, String> {
    let args = GenerateArgs::parse(args)?;
    let generated = render(&args)?;
    for w in &generated.warnings {
        eprintln!("warning: {}: {w}", args.spec.display());
    }
    let shown = display_path(&args.out);
    if args.check {
        let files = write::with_manifest(generated.files);
        let mut changes = write::plan(&args.out, &files).map_err(|e| e.to_string())?;
        if changes.is_empty() {
            return Ok(true);
        }
        write::review_order(&mut changes);
        for c in &changes {
            print!("{}", c.unified_diff(&shown));
        }
        println!("\n{} is stale: {}", shown.display(), write::summary_line(&changes));
        println!("fix it with: {}", fix_command(&args));
        return Ok(false);
    }
    let api_line = api_change_line(&args.out, &generated);
    let mut changes = write::write(&args.out, generated.files, write::WriteOptions { force: args.force })
        .map_err(|e| e.to_string())?;
    if changes.is_empty() {
        return Ok(true);
    }
    write::review_order(&mut changes);
    for c in &changes {
        let kind = match c.kind {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
        };
        println!("  {kind:<8} {} (+{} −{})", shown.join(&c.path).display(), c.added_lines, c.removed_lines);
    }
    println!("{}", write::summary_line(&changes));
    if let Some(line) = api_line {
        println!("{line}");
    }
    Ok(true)
}

/// The command that regenerates what `--check` found stale.
fn fix_command(args: &GenerateArgs) -> String {
    let defaults = GenerateArgs::parse(&[]).ok();
    let is_default = defaults.is_some_and(|d| d.spec == args.spec && d.out == args.out && d.crate_name == args.crate_name);
    if is_default {
        "cargo xtask generate".into()
    } else {
        format!(
            "cargo xtask generate --spec {} --out {} --crate-name {}",
            args.spec.display(),
            args.out.display(),
            args.crate_name
        )
    }
}

/// A path relative to the current directory when it is below it, for shorter messages.
fn display_path(p: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf())
}

fn diff_spec(args: &[String]) -> Result<bool, String> {
    let (format, specs) = match args {
        [flag, format, rest @ ..] if flag == "--format" => (format.as_str(), rest),
        rest => ("text", rest),
    };
    let [old, new] = specs else {
        return Err(format!("diff-spec needs two spec files\n{USAGE}"));
    };
    let (old, new) = (render_for_diff(Path::new(old))?, render_for_diff(Path::new(new))?);
    let report = apidiff::compare(&old.krate, &new.krate, apidiff::Rules::CURRENT);
    let version = crate_version(&new.files);
    let (diff, changed) = doc_diff_files(&old.files, &new.files);
    match format {
        "json" => print!("{}", apidiff::json(&report, &version)),
        "markdown" => {
            print!("{}", apidiff::markdown(&report, &version));
            if changed > 0 {
                // A fence longer than any backtick run in the docs, so their code blocks cannot close it.
                let fence = "`".repeat(longest_backtick_run(&diff).max(2) + 1);
                println!("\n<details><summary>{changed} doc file(s) differ</summary>\n\n{fence}diff\n{diff}{fence}\n</details>");
            }
        }
        "text" => {
            println!("{}", apidiff::terminal(&report, &version));
            print!("{diff}");
            if changed == 0 {
                println!("the docs are the same for both specs");
            } else {
                println!("\n{changed} doc file(s) differ");
            }
        }
        other => return Err(format!("unknown --format `{other}` (text, markdown or json)\n{USAGE}")),
    }
    Ok(true)
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// The version the rendered `Cargo.toml` gives the crate (`0.1.0` when it cannot be read).
pub fn crate_version(files: &generator::render::Files) -> String {
    files
        .get(Path::new("Cargo.toml"))
        .and_then(|b| std::str::from_utf8(b).ok())
        .and_then(|text| text.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim().trim_matches('"').to_string())
        .unwrap_or_else(|| "0.1.0".into())
}

/// Renders a spec in memory as `diff-spec` compares it (crate named after the file).
fn render_for_diff(spec: &Path) -> Result<generator::Generated, String> {
    render(&GenerateArgs {
        check: false,
        force: false,
        crate_name: crate_name_for(spec),
        spec: spec.to_path_buf(),
        out: PathBuf::new(),
        readme_example: None,
    })
}

/// Renders both specs in memory and diffs their markdown docs (README first, then by path).
pub fn doc_diff(old: &Path, new: &Path) -> Result<(String, usize), String> {
    Ok(doc_diff_files(&render_for_diff(old)?.files, &render_for_diff(new)?.files))
}

fn doc_diff_files(old_files: &generator::render::Files, new_files: &generator::render::Files) -> (String, usize) {
    let mut names: Vec<&PathBuf> = old_files
        .keys()
        .chain(new_files.keys())
        .filter(|n| n.extension().is_some_and(|e| e == "md"))
        .collect();
    names.sort();
    names.dedup();
    let mut out = String::new();
    let mut changed = 0;
    for name in names {
        let text = |files: &generator::render::Files| {
            files.get(name).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default()
        };
        let label = |files: &generator::render::Files, side: &str| {
            if files.contains_key(name) {
                format!("{side}/{}", name.display())
            } else {
                "/dev/null".into()
            }
        };
        let d = generator::diff::unified(&text(old_files), &text(new_files), &label(old_files, "a"), &label(new_files, "b"));
        if !d.is_empty() {
            changed += 1;
            out.push_str(&d);
        }
    }
    (out, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same check as `cargo xtask generate --check`: the committed crate is what the
    /// generator makes from spec/ today.
    #[test]
    fn generated_crate_is_current() {
        let args = GenerateArgs::parse(&[]).expect("default arguments");
        let generated = render(&args).expect("spec/ renders");
        let files = write::with_manifest(generated.files);
        let changes = write::plan(&args.out, &files).expect("generated/ is readable");
        let stale: Vec<String> = changes.iter().map(|c| c.unified_diff(Path::new("generated"))).collect();
        assert!(stale.is_empty(), "generated/ is stale; run `cargo xtask generate`:\n{}", stale.join(""));
    }

    #[test]
    fn regenerating_changes_no_byte_and_no_mtime() {
        let dir = std::env::temp_dir().join(format!("xtask-regen-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut args = GenerateArgs::parse(&[]).expect("default arguments");
        args.out = dir.clone();
        let first = write::write(&dir, render(&args).expect("renders").files, write::WriteOptions::default()).expect("writes");
        assert!(first.iter().all(|c| c.kind == ChangeKind::Added) && first.len() > 10);
        let lib = dir.join("src/lib.rs");
        let before = std::fs::metadata(&lib).and_then(|m| m.modified()).expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let second = write::write(&dir, render(&args).expect("renders").files, write::WriteOptions::default()).expect("writes");
        assert!(second.is_empty(), "second run changed {:?}", second.iter().map(|c| &c.path).collect::<Vec<_>>());
        let after = std::fs::metadata(&lib).and_then(|m| m.modified()).expect("mtime");
        assert_eq!(before, after);
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn diff_spec_shows_the_doc_changes_of_a_spec_change() {
        let history = root().join("../shared/specs/line-history/channel-access-token.yml");
        let current = root().join("../shared/specs/line/channel-access-token.yml");
        if !history.is_file() || !current.is_file() {
            println!("skipped: ../shared/specs is absent, so there is no pair of LINE specs to diff");
            return;
        }
        let (diff, changed) = doc_diff(&history, &current).expect("both render");
        assert!(changed >= 1);
        assert!(diff.contains("--- a/docs/ChannelAccessTokenApi.md\n+++ b/docs/ChannelAccessTokenApi.md\n"), "{diff}");
        assert!(diff.contains("-**grant_type** | Option<**String**> | `client_credentials` |  |"), "{diff}");
        assert!(diff.contains("+**grant_type** | **String** | `client_credentials` | [required] |"), "{diff}");
        let (same, none) = doc_diff(&current, &current).expect("renders");
        assert_eq!((same.as_str(), none), ("", 0));
    }

    #[test]
    fn crate_names_follow_the_spec_file() {
        assert_eq!(crate_name_for(Path::new("x/messaging-api.yml")), "line_messaging_api");
        assert!(!is_crate_name("1abc"));
        assert!(is_crate_name("line_channel_access_token"));
    }
}
