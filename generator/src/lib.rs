//! OpenAPI 3.0 → Rust client generator: load → lower → ir → render → write, run by [`generate`]
//! ([`lower_spec`] stops at the IR; [`render_docs`] renders the markdown docs alone).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic))]

pub mod apidiff;
pub mod diff;
pub mod ir;
pub mod load;
pub mod lower;
pub mod manifest;
pub mod render;
pub mod write;

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The changelog `--bump` writes beside the crate's `Cargo.toml`.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The spec file; named in errors and in the `@generated` header.
    pub spec: PathBuf,
    /// The spec's bytes when they are already in memory (tests, fuzzing); otherwise `spec` is read.
    pub spec_text: Option<Vec<u8>>,
    pub crate_name: String,
    /// Rust code for the README's usage example, if the project provides one.
    pub readme_example: Option<String>,
    /// Markdown sections the project adds to the README after its usage section, in order
    /// (each starts with its own `## ` heading): a guide that needs more than one program.
    pub readme_sections: Vec<String>,
    /// Where formatted Rust is cached between runs (see [`render::cache`]); `None` formats all.
    pub format_cache: Option<PathBuf>,
    /// The name of the folder the crate goes to (for the README's dependency snippet); the
    /// crate name when `None`.
    pub crate_dir: Option<String>,
    /// Overlay 1.0.0 files applied to the spec, in order, before it is checked (see [`load::overlay`]).
    pub overlays: Vec<PathBuf>,
    /// The `[package]` metadata of the generated `Cargo.toml`.
    pub package: manifest::Package,
    /// The SDK runtime crate the crate depends on (a manifest's crates); `None` embeds the runtime.
    pub shared_runtime: Option<render::SharedRuntime>,
    /// The version, and what the previous run left for `--bump` to compare with.
    pub release: Release,
}

/// How the crate's version is decided.
#[derive(Debug, Clone, Default)]
pub struct Release {
    /// The lowest version the crate may have (a manifest's `version`): the starting one, or a
    /// version set by hand above the one the previous run recorded.
    pub version: Option<String>,
    /// Move the version on as the API-change report against `previous_surface` says, and add a
    /// CHANGELOG entry; without it the version is the previous run's.
    pub bump: bool,
    /// The date of a CHANGELOG entry (`YYYY-MM-DD`).
    pub date: String,
    /// The API surface the previous run stored ([`apidiff::SURFACE_FILE`] in the output).
    pub previous_surface: Option<String>,
    /// The CHANGELOG.md the previous run wrote; kept, with a new entry on top when bumped.
    pub previous_changelog: Option<String>,
}

/// What `--bump` did: the version moved from, and the report that moved it.
#[derive(Debug, Clone)]
pub struct Bumped {
    pub from: String,
    pub to: String,
    pub report: apidiff::Report,
}

impl Options {
    /// Generates `crate_name` from the spec file at `spec`, without a README example or cache.
    pub fn new(spec: impl Into<PathBuf>, crate_name: impl Into<String>) -> Self {
        Options {
            spec: spec.into(),
            spec_text: None,
            crate_name: crate_name.into(),
            readme_example: None,
            readme_sections: Vec::new(),
            format_cache: None,
            crate_dir: None,
            overlays: Vec::new(),
            package: manifest::Package::default(),
            shared_runtime: None,
            release: Release::default(),
        }
    }
}

/// An error from any stage, naming the stage.
#[derive(Debug)]
pub enum Error {
    Load(load::LoadError),
    Lower(lower::LowerError),
    Render(render::RenderError),
    Write(write::WriteError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Load(e) => write!(f, "load: {e}"),
            Error::Lower(e) => write!(f, "lower: {e}"),
            Error::Render(e) => write!(f, "render: {e}"),
            Error::Write(e) => write!(f, "write: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Load(e) => Some(e),
            Error::Lower(e) => Some(e),
            Error::Render(e) => Some(e),
            Error::Write(e) => Some(e),
        }
    }
}

/// The generated crate in memory, with what lowering had to say about the spec.
#[derive(Debug)]
pub struct Generated {
    pub files: render::Files,
    pub warnings: Vec<String>,
    /// The IR the files were rendered from (counts, examples and models for `cargo xtask conformance`).
    pub krate: ir::Crate,
    pub timings: Timings,
    /// Set when `release.bump` changed the version.
    pub bumped: Option<Bumped>,
}

/// Where the time of a run went (for the benchmark).
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load: Duration,
    pub lower: Duration,
    /// Templates, excluding formatting.
    pub render: Duration,
    /// Parsing and pretty-printing the rendered Rust (what the format cache saves).
    pub format: Duration,
}

/// The options lowering gets from the rest of the pipeline: the names the templates reserve.
pub fn lower_options(crate_name: &str) -> lower::LowerOptions {
    lower::LowerOptions { crate_name: crate_name.to_string(), reserved: render::RESERVED }
}

/// A spec loaded and lowered: the IR, and what rendering needs to know about how it was read.
#[derive(Debug)]
pub struct Lowered {
    pub krate: ir::Crate,
    /// The document check's warnings, then lowering's.
    pub warnings: Vec<String>,
    /// File names of the overlays applied, in order (named in the header and README).
    overlays: Vec<String>,
    /// `load` and `lower` filled in.
    pub timings: Timings,
}

/// Runs load → lower for one spec and stops there: the IR alone, for what needs no files (the
/// API change report). Touches nothing on disk but the spec and overlays read.
pub fn lower_spec(options: &Options) -> Result<Lowered, Error> {
    let started = Instant::now();
    let overlays = load::read_overlays(&options.overlays).map_err(Error::Load)?;
    let read;
    let spec_bytes: &[u8] = match &options.spec_text {
        Some(text) => text,
        None => {
            read = load::read_bounded(&options.spec, "the spec").map_err(Error::Load)?;
            &read
        }
    };
    let load::Loaded { api, warnings: load_warnings, locator, overlays: overlay_names } =
        load::load_with_overlays(&options.spec, spec_bytes, &overlays).map_err(Error::Load)?;
    let loaded = Instant::now();
    let krate = lower::lower(&options.spec, &api, &lower_options(&options.crate_name))
        .map_err(|e| Error::Lower(e.locate(&locator)))?;
    let lowered = Instant::now();
    // The document check's warnings come first: they are about the spec as written.
    let warnings = load_warnings.into_iter().chain(krate.warnings.iter().cloned()).collect();
    let timings = Timings { load: loaded - started, lower: lowered - loaded, ..Timings::default() };
    Ok(Lowered { krate, warnings, overlays: overlay_names, timings })
}

/// What the templates need besides the IR, from the options and the overlays applied.
fn render_options(options: &Options, lowered: &Lowered) -> render::RenderOptions {
    render::RenderOptions {
        spec_name: options.spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        readme_example: options.readme_example.clone(),
        readme_sections: options.readme_sections.clone(),
        crate_dir: options.crate_dir.clone().unwrap_or_else(|| options.crate_name.clone()),
        overlays: lowered.overlays.clone(),
        package: options.package.clone(),
        shared_runtime: options.shared_runtime.clone(),
    }
}

/// The version the crate gets and the CHANGELOG entry that goes with it: the previous run's
/// version (or the release's floor, if higher), moved on by the report when bumping.
fn decide_release(krate: &ir::Crate, release: &Release, warnings: &mut Vec<String>) -> (String, Option<apidiff::changelog::Entry>, Option<Bumped>) {
    let old = release.previous_surface.as_deref().map(apidiff::Surface::from_json);
    let stored = old.clone().flatten().and_then(|s| s.version);
    let higher = |a: String, b: String| match (apidiff::parse_version(&a), apidiff::parse_version(&b)) {
        (Some(x), Some(y)) if y > x => b,
        _ => a,
    };
    let base = match (stored, release.version.clone()) {
        (Some(s), Some(floor)) => higher(s, floor),
        (Some(v), None) | (None, Some(v)) => v,
        (None, None) => lower::CRATE_VERSION.to_string(),
    };
    if !release.bump {
        return (base, None, None);
    }
    let old = match old {
        Some(Some(old)) => old,
        Some(None) => {
            warnings.push(format!("--bump: the stored {} has another format; the version stays {base}", apidiff::SURFACE_FILE));
            return (base, None, None);
        }
        None => return (base, None, None),
    };
    let mut current = krate.clone();
    current.version = base.clone();
    let report = apidiff::compare_surfaces(&old, &apidiff::Surface::of(&current), apidiff::Rules::CURRENT);
    match apidiff::changelog::entry(&report, &base, &release.date) {
        Some(entry) => {
            let bumped = Bumped { from: base, to: entry.version.clone(), report };
            (entry.version.clone(), Some(entry), Some(bumped))
        }
        None => (base, None, None),
    }
}

/// The markdown docs (`README.md`, `docs/*.md`) of the crate [`generate`] would make from the
/// same options, byte for byte, rendered from `lowered` (what [`lower_spec`] returned for those
/// options) without rendering or formatting any Rust: what a doc diff reads.
pub fn render_docs(lowered: &Lowered, options: &Options) -> Result<render::Files, Error> {
    render::render_docs(&lowered.krate, &render_options(options, lowered)).map_err(Error::Render)
}

/// Runs load → lower → render for one spec, touching nothing on disk but the spec read (and the
/// format cache, when one is given). Writing the files is [`write::write`]'s job.
pub fn generate(options: &Options) -> Result<Generated, Error> {
    let lowered = lower_spec(options)?;
    let started = Instant::now();
    let render_options = render_options(options, &lowered);
    let mut cache = match &options.format_cache {
        Some(path) => render::cache::FormatCache::load(path, render::formatter_identity()),
        None => render::cache::FormatCache::default(),
    };
    let Lowered { mut krate, mut warnings, timings, .. } = lowered;
    let (version, entry, bumped) = decide_release(&krate, &options.release, &mut warnings);
    krate.version = version;
    let (mut files, format) = render::render(&krate, &render_options, &mut cache).map_err(Error::Render)?;
    // The crate's API as generated, so the next run can say what a spec change did to it.
    files.insert(PathBuf::from(apidiff::SURFACE_FILE), apidiff::Surface::of(&krate).to_json().into_bytes());
    let changelog = render::sdk::changelog(&krate.name, options.release.previous_changelog.as_deref(), entry.as_ref())
        .map_err(Error::Render)?;
    if let Some(text) = changelog {
        files.insert(PathBuf::from(CHANGELOG_FILE), text.into_bytes());
    }
    if let Some(path) = &options.format_cache {
        cache.save(path);
    }
    let timings = Timings { render: started.elapsed().saturating_sub(format), format, ..timings };
    Ok(Generated { files, warnings, krate, timings, bumped })
}
