//! The SDK manifest: a TOML file listing several crates to generate, each from its own spec and
//! overlays, around one shared runtime crate (read, resolved and checked here; every problem
//! named with the manifest's file, line and column).

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

/// The first version of a crate the manifest gives none for.
pub const DEFAULT_VERSION: &str = "0.1.0";

/// A manifest that could not be read or makes no sense, with the place in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestError {
    pub file: PathBuf,
    pub line_column: Option<(usize, usize)>,
    /// The key the problem is at (`crates[2].spec`), when known.
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ManifestError {}

/// What the crates of the SDK share (`[sdk]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Sdk {
    /// The runtime crate's package name (`line-bot-sdk-runtime`).
    pub runtime: String,
    /// The runtime crate's version.
    pub runtime_version: String,
    /// Its folder under the SDK's root.
    pub runtime_dir: PathBuf,
    /// Where the SDK is written when `--out` does not say, resolved against the manifest's folder.
    pub out: Option<PathBuf>,
    pub package: Package,
    /// Folders of the SDK's workspace the generator does not write (your examples, a bot).
    pub members: Vec<PathBuf>,
}

/// Package metadata every crate of the SDK gets in its `Cargo.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    pub edition: String,
    pub license: String,
    pub authors: Vec<String>,
    pub repository: Option<String>,
}

impl Default for Package {
    /// What a crate generated alone gets.
    fn default() -> Self {
        Package { edition: "2021".into(), license: "Apache-2.0".into(), authors: Vec::new(), repository: None }
    }
}

/// One crate of the SDK (`[[crates]]`), its paths resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct CrateEntry {
    pub name: String,
    pub spec: PathBuf,
    /// The spec's path as the manifest writes it (relative to the specs' folder).
    pub spec_name: PathBuf,
    pub overlays: Vec<PathBuf>,
    pub readme_example: Option<PathBuf>,
    pub readme_sections: Vec<PathBuf>,
    /// Its folder under the SDK's root.
    pub dir: PathBuf,
    /// The version it starts at (a later `--bump` moves it on from the version it was generated with).
    pub version: String,
}

/// A manifest read and resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub path: PathBuf,
    pub sdk: Sdk,
    pub crates: Vec<CrateEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    sdk: Spanned<RawSdk>,
    #[serde(default)]
    crates: Vec<Spanned<RawCrate>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSdk {
    runtime: Spanned<String>,
    #[serde(default)]
    runtime_version: Option<Spanned<String>>,
    #[serde(default)]
    runtime_dir: Option<Spanned<String>>,
    #[serde(default)]
    out: Option<Spanned<String>>,
    #[serde(default)]
    edition: Option<Spanned<String>>,
    #[serde(default)]
    license: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    repository: Option<String>,
    #[serde(default)]
    members: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrate {
    name: Spanned<String>,
    spec: Spanned<String>,
    #[serde(default)]
    overlays: Vec<Spanned<String>>,
    #[serde(default)]
    readme_example: Option<Spanned<String>>,
    #[serde(default)]
    readme_sections: Vec<Spanned<String>>,
    #[serde(default)]
    dir: Option<Spanned<String>>,
    #[serde(default)]
    version: Option<Spanned<String>>,
}

/// Where paths named in a manifest are found.
#[derive(Debug, Clone, Default)]
pub struct Resolve {
    /// Read the specs from this folder instead of the manifest's (`--specs DIR`); overlays and
    /// README files stay relative to the manifest.
    pub specs: Option<PathBuf>,
    /// Accept specs that are not there (`diff-spec` looks for them in two folders itself).
    pub missing_specs: bool,
    /// Only these crates are generated (`--crate`): the other crates' specs need not be there.
    pub only: Vec<String>,
}

/// Reads, parses and checks a manifest; every path it names must exist.
pub fn load(path: &Path, resolve: &Resolve) -> Result<Manifest, ManifestError> {
    let text = std::fs::read_to_string(path).map_err(|e| ManifestError {
        file: path.to_path_buf(),
        line_column: None,
        key: None,
        message: format!("cannot read the manifest: {e}"),
    })?;
    parse(path, &text, resolve)
}

/// Parses and checks manifest text read from `path`.
pub fn parse(path: &Path, text: &str, resolve: &Resolve) -> Result<Manifest, ManifestError> {
    let at = |span: Option<Range<usize>>, key: Option<String>, message: String| ManifestError {
        file: path.to_path_buf(),
        line_column: span.map(|s| line_column(text, s.start)),
        key,
        message,
    };
    let raw: RawManifest = toml::from_str(text).map_err(|e| at(e.span(), None, e.message().trim().to_string()))?;
    let base = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let spec_base = resolve.specs.clone().unwrap_or_else(|| base.clone());
    let sdk_span = raw.sdk.span();
    let raw_sdk = raw.sdk.into_inner();

    let runtime = raw_sdk.runtime;
    if !is_crate_name(runtime.get_ref()) {
        return Err(at(Some(runtime.span()), Some("sdk.runtime".into()), not_a_crate_name(runtime.get_ref())));
    }
    let runtime_version = checked_version(raw_sdk.runtime_version.as_ref(), "sdk.runtime_version", &at)?;
    let runtime_dir = match &raw_sdk.runtime_dir {
        Some(d) => relative_dir(d, "sdk.runtime_dir", &at)?,
        None => PathBuf::from(runtime.get_ref()),
    };
    let edition = match &raw_sdk.edition {
        Some(e) if !["2018", "2021", "2024"].contains(&e.get_ref().as_str()) => {
            return Err(at(
                Some(e.span()),
                Some("sdk.edition".into()),
                format!("edition `{}` is not one of 2018, 2021, 2024", e.get_ref()),
            ));
        }
        Some(e) => e.get_ref().clone(),
        None => Package::default().edition,
    };
    let package = Package {
        edition,
        license: raw_sdk.license.unwrap_or_else(|| Package::default().license),
        authors: raw_sdk.authors,
        repository: raw_sdk.repository,
    };
    let members = raw_sdk.members.iter().map(|d| relative_dir(d, "sdk.members", &at)).collect::<Result<Vec<_>, _>>()?;
    let sdk = Sdk {
        members,
        runtime: runtime.get_ref().clone(),
        runtime_version,
        runtime_dir: runtime_dir.clone(),
        out: raw_sdk.out.as_ref().map(|o| base.join(o.get_ref())),
        package,
    };

    if raw.crates.is_empty() {
        return Err(at(Some(sdk_span), None, "the manifest lists no crates: add a [[crates]] table for each".into()));
    }
    let mut names = BTreeSet::from([runtime.get_ref().replace('-', "_")]);
    let mut dirs = BTreeSet::from([runtime_dir]);
    dirs.extend(sdk.members.iter().cloned());
    let mut crates = Vec::new();
    for (i, c) in raw.crates.into_iter().enumerate() {
        let c = c.into_inner();
        let key = |field: &str| Some(format!("crates[{i}].{field}"));
        let name = c.name.get_ref().clone();
        if !is_crate_name(&name) {
            return Err(at(Some(c.name.span()), key("name"), not_a_crate_name(&name)));
        }
        if !names.insert(name.replace('-', "_")) {
            return Err(at(
                Some(c.name.span()),
                key("name"),
                format!("`{name}` is the name of another crate of the manifest (or of its runtime)"),
            ));
        }
        let dir = match &c.dir {
            Some(d) => relative_dir(d, &format!("crates[{i}].dir"), &at)?,
            None => PathBuf::from(&name),
        };
        if !dirs.insert(dir.clone()) {
            return Err(at(
                c.dir.as_ref().map(Spanned::span).or(Some(c.name.span())),
                key("dir"),
                format!("the folder `{}` is another crate's (or the runtime's)", dir.display()),
            ));
        }
        let existing = |p: &Spanned<String>, from: &Path, field: &str| -> Result<PathBuf, ManifestError> {
            let full = from.join(p.get_ref());
            let skipped = !resolve.only.is_empty() && !resolve.only.contains(&name);
            if full.is_file() || (field == "spec" && (resolve.missing_specs || skipped)) {
                Ok(full)
            } else {
                let hint = if field == "spec" && resolve.specs.is_none() {
                    " (specs are read relative to the manifest; point --specs at the folder that holds them)"
                } else {
                    ""
                };
                Err(at(Some(p.span()), key(field), format!("{} is not a file{hint}", full.display())))
            }
        };
        let spec = existing(&c.spec, &spec_base, "spec")?;
        let overlays = c.overlays.iter().map(|o| existing(o, &base, "overlays")).collect::<Result<_, _>>()?;
        let readme_example = c.readme_example.as_ref().map(|r| existing(r, &base, "readme_example")).transpose()?;
        let readme_sections = c.readme_sections.iter().map(|r| existing(r, &base, "readme_sections")).collect::<Result<_, _>>()?;
        let version = checked_version(c.version.as_ref(), &format!("crates[{i}].version"), &at)?;
        let spec_name = PathBuf::from(c.spec.get_ref());
        crates.push(CrateEntry { name, spec, spec_name, overlays, readme_example, readme_sections, dir, version });
    }
    Ok(Manifest { path: path.to_path_buf(), sdk, crates })
}

fn checked_version(
    v: Option<&Spanned<String>>,
    key: &str,
    at: &impl Fn(Option<Range<usize>>, Option<String>, String) -> ManifestError,
) -> Result<String, ManifestError> {
    let Some(v) = v else { return Ok(DEFAULT_VERSION.to_string()) };
    if crate::apidiff::parse_version(v.get_ref()).is_none() {
        return Err(at(
            Some(v.span()),
            Some(key.to_string()),
            format!("version `{}` is not MAJOR.MINOR.PATCH (`0.1.0`)", v.get_ref()),
        ));
    }
    Ok(v.get_ref().clone())
}

/// A folder under the SDK's root: relative, without `..`.
fn relative_dir(
    d: &Spanned<String>,
    key: &str,
    at: &impl Fn(Option<Range<usize>>, Option<String>, String) -> ManifestError,
) -> Result<PathBuf, ManifestError> {
    let path = Path::new(d.get_ref());
    let inside = !d.get_ref().is_empty()
        && path.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
    if !inside {
        return Err(at(
            Some(d.span()),
            Some(key.to_string()),
            format!("`{}` must be a folder inside the SDK's output (relative, without `..`)", d.get_ref()),
        ));
    }
    Ok(path.to_path_buf())
}

fn not_a_crate_name(name: &str) -> String {
    format!("`{name}` is not a valid crate name (letters, digits, `_` and `-`, starting with a letter)")
}

/// Cargo's rule for package names, as `generate --crate-name` applies it.
pub fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[&str]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("manifest-test-{}-{}", std::process::id(), files.len()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("overlays")).unwrap();
        for f in files {
            std::fs::write(dir.join(f), "x").unwrap();
        }
        dir
    }

    #[test]
    fn a_manifest_resolves_paths_against_its_folder_or_the_specs_folder() {
        let dir = dir_with(&["a.yml", "overlays/a.overlay.yml"]);
        let text = "[sdk]\nruntime = \"my-runtime\"\nauthors = [\"Me\"]\n\n[[crates]]\nname = \"my_a\"\nspec = \"a.yml\"\noverlays = [\"overlays/a.overlay.yml\"]\nversion = \"1.2.3\"\n";
        let m = parse(&dir.join("sdk.toml"), text, &Resolve::default()).unwrap();
        assert_eq!(m.sdk.runtime, "my-runtime");
        assert_eq!(m.sdk.runtime_dir, PathBuf::from("my-runtime"));
        assert_eq!(m.sdk.package.authors, vec!["Me".to_string()]);
        assert_eq!(m.crates[0].spec, dir.join("a.yml"));
        assert_eq!(m.crates[0].overlays, vec![dir.join("overlays/a.overlay.yml")]);
        assert_eq!(m.crates[0].dir, PathBuf::from("my_a"));
        assert_eq!(m.crates[0].version, "1.2.3");

        let elsewhere = dir_with(&["a.yml", "b.yml", "c.yml"]);
        let m = parse(&dir.join("sdk.toml"), text, &Resolve { specs: Some(elsewhere.clone()), ..Resolve::default() }).unwrap();
        assert_eq!(m.crates[0].spec, elsewhere.join("a.yml"));
        assert_eq!(m.crates[0].overlays, vec![dir.join("overlays/a.overlay.yml")], "overlays stay the manifest's");
    }

    #[test]
    fn problems_name_the_line_column_and_key() {
        let dir = dir_with(&["a.yml"]);
        let file = dir.join("sdk.toml");
        let e = parse(&file, "[sdk]\nruntime = \"rt\"\n\n[[crates]]\nname = \"a\"\nspec = \"missing.yml\"\n", &Resolve::default()).unwrap_err();
        assert_eq!(e.line_column, Some((6, 8)), "{e}");
        assert_eq!(e.key.as_deref(), Some("crates[0].spec"));
        assert!(e.message.contains("missing.yml is not a file") && e.message.contains("--specs"), "{e}");

        let e = parse(&file, "[sdk]\nruntime = \"rt\"\n\n[[crates]]\nname = \"a\"\nspec = \"a.yml\"\nversion = \"one\"\n", &Resolve::default()).unwrap_err();
        assert_eq!((e.line_column, e.key.as_deref()), (Some((7, 11)), Some("crates[0].version")), "{e}");

        let e = parse(&file, "[sdk]\nruntime = \"rt\"\n\n[[crates]]\nname = \"a\"\nspec = \"a.yml\"\n[[crates]]\nname = \"a\"\nspec = \"a.yml\"\n", &Resolve::default()).unwrap_err();
        assert_eq!(e.line_column, Some((8, 8)), "{e}");
        assert!(e.message.contains("another crate"), "{e}");

        let e = parse(&file, "[sdk]\nruntime = \"rt\"\nspecs = 1\n", &Resolve::default()).unwrap_err();
        assert_eq!(e.line_column.map(|l| l.0), Some(3), "{e}");
        assert!(e.message.contains("unknown field `specs`"), "{e}");

        let e = parse(&file, "[sdk]\nruntime = \"rt\"\n\n[[crates]]\nname = \"a\"\nspec = \"a.yml\"\ndir = \"../up\"\n", &Resolve::default()).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("crates[0].dir"), "{e}");

        let e = parse(&file, "[sdk]\nruntime = \"rt\"\n", &Resolve::default()).unwrap_err();
        assert!(e.message.contains("lists no crates"), "{e}");
        assert!(e.to_string().starts_with(&format!("{}:1:1: ", file.display())), "{e}");
    }
}
