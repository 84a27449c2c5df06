//! OpenAPI 3.0 → Rust client generator: load → lower → render → write.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic))]

pub mod diff;
pub mod ir;
pub mod load;
pub mod lower;
pub mod render;
pub mod write;

use std::fmt;
use std::path::{Path, PathBuf};

/// What to generate and where.
#[derive(Debug, Clone)]
pub struct Options {
    pub spec: PathBuf,
    pub crate_name: String,
    /// Rust code for the README's usage example, if the project provides one.
    pub readme_example: Option<String>,
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
}

/// Runs load → lower → render for one spec, touching nothing on disk but the spec read.
pub fn generate(options: &Options) -> Result<Generated, Error> {
    let loaded = load::load_file(&options.spec).map_err(Error::Load)?;
    let mut generated = generate_from(&options.spec, &loaded.api, options)?;
    generated.warnings.splice(0..0, loaded.warnings);
    Ok(generated)
}

/// Like [`generate`], reusing formatted Rust from the cache file at `cache` (see
/// [`render::cache`]) and updating it. A cache that cannot be read or written is ignored.
pub fn generate_with_cache(options: &Options, cache: &Path) -> Result<Generated, Error> {
    let loaded = load::load_file(&options.spec).map_err(Error::Load)?;
    let mut format_cache = render::cache::FormatCache::load(cache, render::cache::FormatCache::salt_for_current_exe());
    let mut generated = generate_inner(&options.spec, &loaded.api, options, &mut format_cache)?;
    generated.warnings.splice(0..0, loaded.warnings);
    format_cache.save(cache);
    Ok(generated)
}

/// lower → render for an already loaded spec.
pub fn generate_from(file: &Path, api: &openapiv3::OpenAPI, options: &Options) -> Result<Generated, Error> {
    generate_inner(file, api, options, &mut render::cache::FormatCache::default())
}

fn generate_inner(
    file: &Path,
    api: &openapiv3::OpenAPI,
    options: &Options,
    format_cache: &mut render::cache::FormatCache,
) -> Result<Generated, Error> {
    let krate = lower::lower(
        file,
        api,
        &lower::LowerOptions { crate_name: options.crate_name.clone() },
    )
    .map_err(Error::Lower)?;
    let spec_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (files, _) = render::render_cached(
        &krate,
        &render::RenderOptions { spec_name, readme_example: options.readme_example.clone() },
        format_cache,
    )
    .map_err(Error::Render)?;
    Ok(Generated { files, warnings: krate.warnings.clone(), krate })
}
