//! `cargo xtask`: the project's commands (generate, check, conformance, diff-spec, bench).

/// `println!` for data on stdout that stops quietly when the reader has gone (`| head`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `print!` for data on stdout that stops quietly when the reader has gone.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod bench;
mod build_bench;
mod conformance;
mod guard;
mod pipeline;
mod sdk;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use generator::apidiff;
use generator::write::{self, ChangeKind};

/// The project's commands. `cargo xtask` with no command lists them; `cargo xtask help COMMAND`
/// (or `COMMAND --help`) explains one.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print no file lists, diffs or progress: only errors, warnings, result tables and the one
    /// summary line each run ends with.
    #[arg(short, long, global = true, conflicts_with = "verbose", display_order = 100)]
    quiet: bool,
    /// Print every file, unchanged ones too (generate), and cargo's whole output (conformance).
    #[arg(short, long, global = true, display_order = 101)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate generated/ from spec/ (or any spec into --out), listing what changed.
    #[command(long_about = GENERATE_ABOUT)]
    Generate(GenerateCli),
    /// Generate every spec in the directories into one workspace under target/conformance/,
    /// then check it with clippy and rustdoc (-D warnings) and round-trip every example.
    Conformance(conformance::ConformanceArgs),
    /// Print what a spec change will do to the crate's API (with the semver bump) and the diff
    /// of its markdown docs, before regenerating.
    DiffSpec(DiffSpecArgs),
    /// Time each generator stage per spec; run it in release:
    /// `cargo run --release -p xtask -- bench`.
    Bench(bench::BenchArgs),
    /// Cold `cargo build` time of our crate vs openapi-generator's for the same spec; run it in
    /// release: `cargo run --release -p xtask -- build-bench`.
    BuildBench(build_bench::BuildBenchArgs),
}

const GENERATE_ABOUT: &str = "\
Regenerate generated/ from spec/ (or any spec into --out), listing what changed.

Without options this rebuilds the workspace's committed crate line_channel_access_token from
spec/channel-access-token.yml. Any other spec or crate name needs --out: generated/ always holds
that crate. The generator lists the files it writes in <out>/.generated-files and replaces or
removes only those; a file it did not write is never overwritten unless you name it with
--overwrite. It never writes into the workspace root, an ancestor of it or one of its other
packages.";

#[derive(Args)]
pub struct GenerateCli {
    /// Write nothing: print a diff of every stale file (stdout) and the command that fixes it,
    /// and exit 1 if anything is stale.
    #[arg(long)]
    check: bool,
    /// The OpenAPI 3.0 spec to read (YAML or JSON) [default: spec/channel-access-token.yml].
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// The directory to write the crate into [default: generated/, only for the default spec and
    /// crate name; any other spec or crate name must name its own directory].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The generated crate's name [default: line_ + the spec's file stem in snake_case,
    /// e.g. messaging-api.yml → line_messaging_api].
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// A Rust file whose code becomes the usage example in the generated README
    /// [default: the file beside the spec named STEM.readme.rs for STEM.yml, when there is one].
    #[arg(long, value_name = "FILE")]
    readme_example: Option<PathBuf>,
    /// A markdown file added to the generated README after its usage section (a guide with its
    /// own `## ` heading, ```toml dependency lines and ```rust programs). Repeat it for each
    /// [default: the files beside the spec named STEM.readme-*.md for STEM.yml, by name].
    #[arg(long, value_name = "FILE")]
    readme_section: Vec<PathBuf>,
    /// Write into a non-empty directory that the generator did not make (it has no
    /// .generated-files), beside the files already there. Files in the way are still refused
    /// and listed; replace them only by naming each with --overwrite.
    #[arg(long)]
    force: bool,
    /// Replace this file, which the generator did not write, with the generated one (a path
    /// relative to --out, as listed by the refusal). Repeat it for each file.
    #[arg(long, value_name = "FILE")]
    overwrite: Vec<PathBuf>,
    /// An OpenAPI Overlay 1.0.0 file (YAML or JSON) to apply to the spec before it is checked:
    /// ordered actions, each a JSONPath `target` with an `update` or `remove: true`. Repeat it
    /// to apply several, in the order given. The generated crate names them in its header.
    #[arg(long, value_name = "FILE")]
    overlay: Vec<PathBuf>,
    /// Move the crate's version on as the API-change report against the previous run says
    /// (Cargo's semver rules) and add an entry to its CHANGELOG.md. Without it the version is
    /// the previous run's.
    #[arg(long)]
    bump: bool,
    /// Generate every crate an SDK manifest (TOML) lists, around one shared runtime crate, into
    /// --out (or the manifest's `[sdk] out`). See the README's "A whole SDK".
    #[arg(long, value_name = "FILE", conflicts_with_all = ["spec", "crate_name", "readme_example", "readme_section", "overlay"])]
    manifest: Option<PathBuf>,
    /// Read the manifest's specs from this folder instead of the manifest's own.
    #[arg(long, value_name = "DIR", requires = "manifest")]
    specs: Option<PathBuf>,
    /// Generate only this crate of the manifest (and the runtime); repeat it for several.
    #[arg(long = "crate", value_name = "NAME", requires = "manifest")]
    only: Vec<String>,
}

#[derive(Args)]
struct DiffSpecArgs {
    /// text: the API report and the doc diff for a terminal; markdown: for a pull request, the
    /// doc diff folded; json: the API report alone, for tools.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Compare every crate of this SDK manifest: OLD and NEW are then folders of specs, each
    /// crate's spec is looked for in both under the name the manifest gives it, and its
    /// overlays are the manifest's.
    #[arg(long, value_name = "FILE", conflicts_with = "overlay")]
    manifest: Option<PathBuf>,
    /// The spec as it is now (e.g. the committed one).
    old: PathBuf,
    /// The changed spec.
    new: PathBuf,
    /// An OpenAPI Overlay 1.0.0 file applied to both specs before they are compared (repeat it
    /// to apply several, in order), as `generate --overlay` applies it.
    #[arg(long, value_name = "FILE")]
    overlay: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

/// How much a run prints on top of errors, warnings and its summary line.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    };
    // A panic is a bug, but the run still ends like any other failure: status 1, not 101.
    let result = std::panic::catch_unwind(|| run(cli.command, verbosity)).unwrap_or_else(|_| {
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

fn run(command: Command, verbosity: Verbosity) -> Result<bool, String> {
    match command {
        Command::Generate(cli) if cli.manifest.is_some() => sdk::generate(&sdk::SdkArgs::from_cli(cli), verbosity),
        Command::Generate(cli) => generate(&GenerateArgs::resolve(cli)?, verbosity),
        Command::Conformance(args) => conformance::run(&args, verbosity),
        Command::DiffSpec(args) => diff_spec(&args, verbosity),
        Command::Bench(args) => bench::run(&args),
        Command::BuildBench(args) => build_bench::run(&args),
    }
}

/// The workspace root: xtask lives one level below it. `XTASK_WORKSPACE` points the commands at
/// another copy of the workspace (the CLI tests run against one in a temporary directory).
pub fn root() -> PathBuf {
    if let Some(dir) = std::env::var_os("XTASK_WORKSPACE").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

const DEFAULT_SPEC: &str = "spec/channel-access-token.yml";
const DEFAULT_CRATE: &str = "line_channel_access_token";

/// `generate`'s arguments with every default filled in.
pub struct GenerateArgs {
    pub check: bool,
    pub spec: PathBuf,
    pub out: PathBuf,
    /// Whether `--out` was given (the defaults write the workspace's own generated/).
    pub out_given: bool,
    pub crate_name: String,
    pub readme_example: Option<PathBuf>,
    pub readme_sections: Vec<PathBuf>,
    pub write: write::WriteOptions,
    pub overlays: Vec<PathBuf>,
    pub bump: bool,
}

impl GenerateArgs {
    fn resolve(cli: GenerateCli) -> Result<Self, String> {
        let root = root();
        let spec = cli.spec.unwrap_or_else(|| root.join(DEFAULT_SPEC));
        let crate_name = cli.crate_name.unwrap_or_else(|| crate_name_for(&spec));
        if !is_crate_name(&crate_name) {
            return Err(format!(
                "--crate-name `{crate_name}` is not a valid crate name (letters, digits, `_` and `-`, starting with a letter)"
            ));
        }
        // A usage example kept beside the spec (`foo.yml` → `foo.readme.rs`) goes into the README.
        let readme_example = cli.readme_example.or_else(|| Some(spec.with_extension("readme.rs")).filter(|p| p.is_file()));
        // So do guides kept beside it (`foo.readme-tokens.md`), in the order of their names.
        let readme_sections = if cli.readme_section.is_empty() { readme_sections_beside(&spec) } else { cli.readme_section };
        Ok(GenerateArgs {
            check: cli.check,
            out_given: cli.out.is_some(),
            out: cli.out.unwrap_or_else(|| root.join("generated")),
            spec,
            crate_name,
            readme_example,
            readme_sections,
            write: write::WriteOptions { force: cli.force, overwrite: cli.overwrite },
            overlays: cli.overlay,
            bump: cli.bump,
        })
    }

    fn resolve_default_example() -> Option<PathBuf> {
        Some(root().join(DEFAULT_SPEC).with_extension("readme.rs")).filter(|p| p.is_file())
    }

    /// The defaults: `cargo xtask generate` with no options.
    #[cfg(test)]
    fn defaults() -> Self {
        let none = GenerateCli {
            check: false,
            spec: None,
            out: None,
            crate_name: None,
            readme_example: None,
            readme_section: Vec::new(),
            force: false,
            overwrite: Vec::new(),
            overlay: Vec::new(),
            bump: false,
            manifest: None,
            specs: None,
            only: Vec::new(),
        };
        match Self::resolve(none) {
            Ok(args) => args,
            Err(e) => panic!("the default arguments do not resolve: {e}"),
        }
    }

    /// Whether this run writes the workspace's own crate from the workspace's own spec.
    fn is_workspace_crate(&self) -> bool {
        guard::resolve(&self.spec) == guard::resolve(&root().join(DEFAULT_SPEC)) && self.crate_name == DEFAULT_CRATE
    }

    /// Refuses output directories that would break the workspace, before anything is rendered.
    fn check_out_dir(&self) -> Result<(), String> {
        let root = root();
        let generated = root.join("generated");
        let into_generated = guard::resolve(&self.out) == guard::resolve(&generated);
        if into_generated && !self.is_workspace_crate() {
            let what = format!("the crate `{}` from {}", self.crate_name, self.spec.display());
            let reason = if self.out_given {
                format!("--out {} is", self.out.display())
            } else {
                "without --out, the output is".to_string()
            };
            return Err(format!(
                "refusing to write {what}: {reason} generated/, which holds the workspace member {DEFAULT_CRATE} \
                 built from {DEFAULT_SPEC}; replacing it would break every cargo command in the workspace; \
                 nothing was changed. Name a directory of its own with --out, e.g. --out ../{}",
                self.crate_name
            ));
        }
        guard::check_out_dir(&root, &self.out, &display_path(&self.out), &self.crate_name)
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

/// The README sections kept beside `spec` (`STEM.readme-*.md` for `STEM.yml`), sorted by name.
pub fn readme_sections_beside(spec: &Path) -> Vec<PathBuf> {
    let Some(stem) = spec.file_stem().map(|s| s.to_string_lossy().into_owned()) else { return Vec::new() };
    let dir = spec.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let prefix = format!("{stem}.readme-");
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&prefix) && n.to_string_lossy().ends_with(".md")))
        .collect();
    found.sort();
    found
}

fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Renders the spec `generate` was given, formatting through the cache under target/; the
/// version is the previous run's, moved on with `--bump`.
pub fn render(args: &GenerateArgs) -> Result<generator::Generated, String> {
    let options = pipeline::options(&pipeline::Render {
        spec: &args.spec,
        crate_name: &args.crate_name,
        readme_example: args.readme_example.as_deref(),
        readme_sections: &args.readme_sections,
        format_cache: Some(pipeline::format_cache_for(&args.crate_name)),
        crate_dir: args.out.file_name().map(|n| n.to_string_lossy().into_owned()),
        overlays: &args.overlays,
    })?;
    let options = generator::Options { release: pipeline::previous_release(&args.out, args.bump), ..options };
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
    apidiff::summary_line(&report, &generated.krate.version)
}

/// What `--bump` did, for the summary.
pub fn bump_line(b: &generator::Bumped) -> String {
    let counts = apidiff::summary_line(&b.report, &b.from).and_then(|l| l.split(": ").nth(1).map(str::to_string)).unwrap_or_default();
    format!("API: {counts}: version {} → {}, with a CHANGELOG.md entry", b.from, b.to)
}

fn generate(args: &GenerateArgs, verbosity: Verbosity) -> Result<bool, String> {
    args.check_out_dir()?;
    let generated = render(args)?;
    let spec = args.spec.display().to_string();
    for w in &generated.warnings {
        // The document check's warnings name the file with their line and column already.
        if w.starts_with(&spec) {
            eprintln!("warning: {w}");
        } else {
            eprintln!("warning: {spec}: {w}");
        }
    }
    let shown = display_path(&args.out);
    let dir = dir_label(&shown);
    let mut all: Vec<PathBuf> = generated.files.keys().cloned().collect();
    all.push(PathBuf::from(write::MANIFEST));
    all.sort();
    let total = all.len();
    let api_line = match &generated.bumped {
        Some(b) => Some(bump_line(b)),
        None if args.check => None,
        None => api_change_line(&args.out, &generated),
    };
    let mut changes = if args.check {
        write::plan(&args.out, &write::with_manifest(generated.files)).map_err(|e| e.to_string())?
    } else {
        write::write(&args.out, generated.files, args.write.clone()).map_err(|e| e.to_string())?
    };
    write::review_order(&mut changes);
    if args.check && verbosity > Verbosity::Quiet {
        for c in &changes {
            out!("{}", c.unified_diff(&shown));
        }
    } else if !args.check {
        list_files(&shown, &changes, &all, verbosity);
    }
    if changes.is_empty() {
        eprintln!("{dir} is up to date ({total} files)");
        return Ok(true);
    }
    let counts = write::summary_line(&changes);
    if args.check {
        eprintln!("{dir} is stale: {counts}; fix it with: {}", fix_command(args));
        return Ok(false);
    }
    if let Some(line) = api_line.filter(|_| verbosity > Verbosity::Quiet) {
        eprintln!("{line}");
    }
    eprintln!("{dir}: {counts}; {total} files in all");
    Ok(true)
}

/// The changed files (stdout, one per line), and with `-v` the unchanged ones too.
fn list_files(shown: &Path, changes: &[write::Change], all: &[PathBuf], verbosity: Verbosity) {
    if verbosity == Verbosity::Quiet {
        return;
    }
    for c in changes {
        let kind = match c.kind {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
        };
        outln!("  {kind:<9} {} (+{} −{})", shown.join(&c.path).display(), c.added_lines, c.removed_lines);
    }
    if verbosity == Verbosity::Verbose {
        for path in all.iter().filter(|p| !changes.iter().any(|c| &c.path == *p)) {
            outln!("  {:<9} {}", "unchanged", shown.join(path).display());
        }
    }
}

/// A directory as messages name it: `generated/`, `/tmp/out/`.
fn dir_label(shown: &Path) -> String {
    let text = shown.display().to_string();
    if text.is_empty() {
        "./".into()
    } else if text.ends_with('/') {
        text
    } else {
        format!("{text}/")
    }
}

/// The command that regenerates what `--check` found stale.
fn fix_command(args: &GenerateArgs) -> String {
    if !args.out_given
        && args.is_workspace_crate()
        && args.readme_example == GenerateArgs::resolve_default_example()
        && args.readme_sections == readme_sections_beside(&args.spec)
        && args.overlays.is_empty()
    {
        "cargo xtask generate".into()
    } else {
        let mut command = format!(
            "cargo xtask generate --spec {} --out {} --crate-name {}",
            display_path(&args.spec).display(),
            display_path(&args.out).display(),
            args.crate_name
        );
        let beside = args.spec.with_extension("readme.rs");
        if let Some(example) = args.readme_example.as_ref().filter(|e| **e != beside) {
            command.push_str(&format!(" --readme-example {}", display_path(example).display()));
        }
        if args.readme_sections != readme_sections_beside(&args.spec) {
            for section in &args.readme_sections {
                command.push_str(&format!(" --readme-section {}", display_path(section).display()));
            }
        }
        for overlay in &args.overlays {
            command.push_str(&format!(" --overlay {}", display_path(overlay).display()));
        }
        command
    }
}

/// A path relative to the current directory when it is below it, for shorter messages, without
/// `.` segments (`./out/` → `out`).
pub fn display_path(p: &Path) -> PathBuf {
    let absolute = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|cwd| cwd.join(p)).unwrap_or_else(|_| p.to_path_buf())
    };
    let clean: PathBuf = absolute.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect();
    match std::env::current_dir().ok().and_then(|cwd| clean.strip_prefix(&cwd).ok().map(Path::to_path_buf)) {
        Some(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Some(relative) => relative,
        None => clean,
    }
}

/// `diff-spec OLD NEW`: the API change report and the doc diff on stdout, the verdict on stderr.
/// Each format does the work it prints and no more: the report needs the two IRs only, the doc
/// diff the two sides' markdown docs, and no format renders or formats any Rust.
fn diff_spec(args: &DiffSpecArgs, verbosity: Verbosity) -> Result<bool, String> {
    if let Some(manifest) = &args.manifest {
        return sdk::diff_spec(manifest, &args.old, &args.new, args.format);
    }
    let (old, new) = both(|| Side::lower(&args.old, &args.overlay), || Side::lower(&args.new, &args.overlay))?;
    let report = apidiff::compare(&old.lowered.krate, &new.lowered.krate, apidiff::Rules::CURRENT);
    let version = &new.lowered.krate.version;
    let changed = match args.format {
        DiffFormat::Json => {
            out!("{}", apidiff::json(&report, version));
            None
        }
        DiffFormat::Markdown => {
            let (diff, changed) = old.doc_diff(&new)?;
            out!("{}", apidiff::markdown(&report, version));
            if changed > 0 {
                // A fence longer than any backtick run in the docs, so their code blocks cannot close it.
                let fence = "`".repeat(longest_backtick_run(&diff).max(2) + 1);
                outln!("\n<details><summary>{changed} doc file(s) differ</summary>\n\n{fence}diff\n{diff}{fence}\n</details>");
            }
            Some(changed)
        }
        DiffFormat::Text => {
            let (diff, changed) = old.doc_diff(&new)?;
            outln!("{}", apidiff::terminal(&report, version));
            if verbosity > Verbosity::Quiet {
                out!("{diff}");
            }
            Some(changed)
        }
    };
    match changed {
        // The JSON report compares no docs: its verdict is the report's.
        None => eprintln!("{}", apidiff::summary_line(&report, version).unwrap_or_else(|| "API: no changes".into())),
        Some(0) => eprintln!("the docs are the same for both specs"),
        Some(changed) => eprintln!("{changed} doc file(s) differ"),
    }
    Ok(true)
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// One side of `diff-spec`: a spec loaded and lowered as `generate` would (crate named after the
/// file, no README example, the given overlays), kept so its docs can be rendered from it.
struct Side {
    options: generator::Options,
    lowered: generator::Lowered,
}

impl Side {
    fn lower(spec: &Path, overlays: &[PathBuf]) -> Result<Self, String> {
        let options = generator::Options { overlays: overlays.to_vec(), ..generator::Options::new(spec, crate_name_for(spec)) };
        let lowered = generator::lower_spec(&options).map_err(|e| e.to_string())?;
        Ok(Side { options, lowered })
    }

    /// The markdown docs, as `generate` would write them (no Rust is rendered).
    fn docs(&self) -> Result<generator::render::Files, String> {
        generator::render_docs(&self.lowered, &self.options).map_err(|e| e.to_string())
    }

    /// The diff of the two sides' markdown docs and how many files differ.
    fn doc_diff(&self, new: &Side) -> Result<(String, usize), String> {
        let (old_docs, new_docs) = both(|| self.docs(), || new.docs())?;
        Ok(doc_diff_files(&old_docs, &new_docs))
    }
}

/// Runs `old` here and `new` on a second thread, as the two sides of a diff are independent;
/// `old`'s error comes first, as if they ran one after the other.
fn both<T: Send>(
    old: impl FnOnce() -> Result<T, String>,
    new: impl FnOnce() -> Result<T, String> + Send,
) -> Result<(T, T), String> {
    std::thread::scope(|scope| {
        let new = scope.spawn(new);
        let old = old();
        let new = new.join().map_err(|_| "internal error: the generator panicked (message above); please report it with the spec")?;
        Ok((old?, new?))
    })
}

/// Renders both specs' markdown docs in memory and diffs them (README first, then by path).
pub fn doc_diff(old: &Path, new: &Path) -> Result<(String, usize), String> {
    Side::lower(old, &[])?.doc_diff(&Side::lower(new, &[])?)
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
        let args = GenerateArgs::defaults();
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
        let mut args = GenerateArgs::defaults();
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
