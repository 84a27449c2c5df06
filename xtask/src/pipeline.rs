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
    generator::generate(&options(what)?).map_err(|e| e.to_string())
}

/// The generator's options for what to render, README files read.
pub fn options(what: &Render<'_>) -> Result<generator::Options, String> {
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
    Ok(generator::Options {
        readme_example,
        readme_sections,
        format_cache: what.format_cache.clone(),
        crate_dir: what.crate_dir.clone(),
        overlays: what.overlays.to_vec(),
        ..generator::Options::new(what.spec, what.crate_name)
    })
}

/// What the previous run left in `out` for the version and the changelog: the stored API
/// surface and `CHANGELOG.md` (each `None` when absent).
pub fn previous_release(out: &Path, bump: bool) -> generator::Release {
    let read = |name: &str| std::fs::read_to_string(out.join(name)).ok();
    generator::Release {
        version: None,
        bump,
        date: today(),
        previous_surface: read(generator::apidiff::SURFACE_FILE),
        previous_changelog: read(generator::CHANGELOG_FILE),
    }
}

/// Today's date in UTC (`YYYY-MM-DD`), or the day of `SOURCE_DATE_EPOCH` when it is set, as
/// reproducible builds ask.
pub fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
        });
    civil_date(seconds / 86_400)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}


/// The format cache `generate` uses for a crate: formatting dominates a run, and the cache makes
/// regenerating an unchanged spec cheap.
pub fn format_cache_for(crate_name: &str) -> PathBuf {
    crate::root().join("target/xtask-format-cache").join(format!("{crate_name}.cache"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(11_016), "2000-02-29");
        assert_eq!(super::civil_date(20_794), "2026-12-07");
    }
}
