//! The xtask's only calls into the generator library's entry points (spec → files in memory).

use std::path::{Path, PathBuf};

/// What to render: a spec, the crate name, and the README usage example (a file's contents).
#[derive(Clone)]
pub struct Render<'a> {
    pub spec: &'a Path,
    pub crate_name: &'a str,
    pub readme_example: Option<&'a Path>,
    /// Markdown sections added to the README after its usage section, in order.
    pub readme_sections: &'a [PathBuf],
    /// Serve formatting from the cache under target/ (the `generate` command); `None` formats
    /// every file (conformance and the bench's cold figures).
    pub format_cache: Option<PathBuf>,
    /// The name of the folder the crate goes to, for the README's dependency snippet; the crate
    /// name when `None`.
    pub crate_dir: Option<String>,
    /// Overlay files applied to the spec, in order.
    pub overlays: &'a [PathBuf],
}

/// Renders a spec in memory; the error names the stage and the located message.
pub fn render(what: &Render<'_>) -> Result<generator::Generated, String> {
    let readme_example = match what.readme_example {
        Some(path) => Some(
            std::fs::read_to_string(path).map_err(|e| format!("cannot read the README example {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let readme_sections = what
        .readme_sections
        .iter()
        .map(|path| std::fs::read_to_string(path).map_err(|e| format!("cannot read the README section {}: {e}", path.display())))
        .collect::<Result<Vec<_>, _>>()?;
    let options = generator::Options {
        readme_example,
        readme_sections,
        format_cache: what.format_cache.clone(),
        crate_dir: what.crate_dir.clone(),
        overlays: what.overlays.to_vec(),
        ..generator::Options::new(what.spec, what.crate_name)
    };
    generator::generate(&options).map_err(|e| e.to_string())
}

/// The format cache `generate` uses for a crate: formatting dominates a run, and the cache makes
/// regenerating an unchanged spec cheap.
pub fn format_cache_for(crate_name: &str) -> PathBuf {
    crate::root().join("target/xtask-format-cache").join(format!("{crate_name}.cache"))
}
