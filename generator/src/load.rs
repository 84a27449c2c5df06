//! Reads a spec file into `openapiv3::OpenAPI`, checking the version and the document's shape
//! (see [`check`]) before typed parsing; OpenAPI 3.1 and 3.2 documents are first brought to the
//! 3.0 shape (see [`v31`]), keeping where each node was written.

mod bounded;
pub mod check;
mod locate;
pub mod overlay;
pub mod v31;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

pub use bounded::{MAX_DEPTH, MAX_NODES};
pub use locate::position_of;

/// Specs larger than this are refused before parsing (LINE's largest is 183 KB; parsing YAML
/// costs tens of bytes of memory per byte of input, so this bounds the memory of a run).
pub const MAX_SPEC_BYTES: usize = 16 * 1024 * 1024;

/// A spec file that could not be read or is not an OpenAPI 3.0 document.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub file: PathBuf,
    /// 1-based line and column, where the parser knows them.
    pub line_column: Option<(usize, usize)>,
    pub message: String,
    /// Every error the document check found (see [`check`]), each printed on its own line.
    pub problems: Vec<Located>,
}

/// A check finding with the file it is in (the spec, or the overlay that wrote that part) and
/// the line and column of its pointer, where the text could be searched.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub file: PathBuf,
    pub line_column: Option<(usize, usize)>,
    pub pointer: String,
    pub message: String,
}

impl Located {
    pub fn show(&self) -> String {
        let file = self.file.display();
        match self.line_column {
            Some((line, column)) => format!("{file}:{line}:{column}: {}: {}", self.pointer, self.message),
            None => format!("{file}: {}: {}", self.pointer, self.message),
        }
    }
}

/// Finds where a pointer into the loaded document was written: in the spec, or in the overlay
/// that added that part. It keeps every source's text, so it needs no file read later.
#[derive(Debug, Clone)]
pub struct Locator {
    /// The spec first, then each overlay applied, in order: path and text.
    sources: Vec<(PathBuf, String)>,
    provenance: overlay::Provenance,
}

impl Locator {
    /// The file a pointer into the document lands in, and the line and column of the nearest
    /// enclosing node that could be found in its text.
    pub fn place(&self, doc_pointer: &str) -> (PathBuf, Option<(usize, usize)>) {
        let origin = self.provenance.origin_of(doc_pointer);
        let Some((file, text)) = self.sources.get(origin.source).or_else(|| self.sources.first()) else {
            return (PathBuf::new(), None);
        };
        (file.clone(), nearest_position(text, &origin.pointer))
    }

    /// A finding at a node of the spec or an overlay as written (not of the loaded document).
    pub fn locate_origin(&self, origin: &overlay::Origin, message: String) -> Located {
        let (file, line_column) = match self.sources.get(origin.source).or_else(|| self.sources.first()) {
            Some((file, text)) => (file.clone(), nearest_position(text, &origin.pointer)),
            None => (PathBuf::new(), None),
        };
        Located { file, line_column, pointer: origin.pointer.clone(), message }
    }

    /// A finding at `pointer`, placed.
    pub fn locate(&self, pointer: String, message: String) -> Located {
        let (file, line_column) = self.place(&pointer);
        Located { file, line_column, pointer, message }
    }
}

/// The position of `pointer` in `text`, or of its nearest ancestor that can be found.
/// Inside flow style (`{a: 1, typo: 2}`) the line search stops; the nearest enclosing node
/// it finds is on the same line, or the line the flow collection starts on.
fn nearest_position(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let mut at = pointer;
    loop {
        if let Some(found) = locate::position_of(text, at) {
            return Some(found);
        }
        at = at.rsplit_once('/')?.0;
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)?;
        for p in &self.problems {
            write!(f, "\n  {}", p.show())?;
        }
        Ok(())
    }
}

/// A loaded spec and what the document check found odd but allowed, one line each
/// (`file:line:column: #/pointer: message`).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub api: OpenAPI,
    pub warnings: Vec<String>,
    /// Where each part of the document was written, for errors found after loading.
    pub locator: Locator,
    /// The file names of the overlays applied, in order.
    pub overlays: Vec<String>,
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// A single error in `file`, at a line and column where known.
    fn at(file: &Path, line_column: Option<(usize, usize)>, message: String) -> LoadError {
        LoadError { file: file.to_path_buf(), line_column, message, problems: Vec::new() }
    }
}

/// Overlay problems placed in the overlay's own text.
fn in_overlay(file: &Path, text: &str, problems: Vec<overlay::OverlayProblem>) -> Vec<Located> {
    problems
        .into_iter()
        .map(|p| Located {
            file: file.to_path_buf(),
            line_column: nearest_position(text, &p.pointer),
            pointer: p.pointer,
            message: p.message,
        })
        .collect()
}

/// Reads at most one byte past [`MAX_SPEC_BYTES`] of a file, so a huge file (or /dev/zero)
/// costs nothing; `what` names it in the error ("the spec", "the overlay").
pub fn read_bounded(path: &Path, what: &str) -> Result<Vec<u8>, LoadError> {
    let cannot_read = |e: std::io::Error| LoadError::at(path, None, format!("cannot read {what}: {e}"));
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let limit = u64::try_from(MAX_SPEC_BYTES).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes).map_err(cannot_read)?;
    Ok(bytes)
}

/// Reads and parses the spec at `path`.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    load_bytes(path, &read_bounded(path, "the spec")?)
}

/// Parses spec bytes; `path` names the file in errors and picks JSON for `.json`.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Loaded, LoadError> {
    load_with_overlays(path, bytes, &[])
}

/// The text of a spec or overlay file, checked for size, encoding and content.
fn source_text<'b>(path: &Path, bytes: &'b [u8], what: &str, expected: &str) -> Result<&'b str, LoadError> {
    let err = |line_column: Option<(usize, usize)>, message: String| LoadError::at(path, line_column, message);
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(err(
            None,
            format!(
                "{what} is larger than {MAX_SPEC_BYTES} bytes and was refused without parsing \
                 (LINE's largest spec is under 200 KB)"
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column_of(bytes, e.valid_up_to());
        err(Some((line, column)), format!("{what} is not valid UTF-8 text; expected {expected} in YAML or JSON"))
    })?;
    // Editors on Windows may start a UTF-8 file with a byte order mark; neither parser wants it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(err(None, format!("{what} is empty; expected {expected} in YAML or JSON")));
    }
    Ok(text)
}

fn is_json_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Reads and checks each overlay file (Overlay 1.0.0), in order.
pub fn read_overlays(paths: &[PathBuf]) -> Result<Vec<(PathBuf, Vec<u8>)>, LoadError> {
    paths.iter().map(|p| Ok((p.clone(), read_bounded(p, "the overlay")?))).collect()
}

fn parse_overlay(path: &Path, bytes: &[u8]) -> Result<overlay::Overlay, LoadError> {
    let err = |line_column: Option<(usize, usize)>, message: String| LoadError::at(path, line_column, message);
    let text = source_text(path, bytes, "the overlay", "an Overlay 1.0.0 document")?;
    let value = bounded::parse(text, is_json_file(path)).map_err(|e| err(e.line_column, e.message))?;
    overlay::Overlay::parse(path.to_path_buf(), text.to_string(), &value).map_err(|problems| {
        let n = problems.len();
        LoadError {
            problems: in_overlay(path, text, problems),
            ..err(None, format!("not a valid Overlay 1.0 document: {n} problem{}", if n == 1 { "" } else { "s" }))
        }
    })
}

/// Parses spec bytes and applies each overlay (path and bytes) to the document, in order,
/// before the document check; errors in what an overlay wrote are placed in that overlay.
pub fn load_with_overlays(path: &Path, bytes: &[u8], overlays: &[(PathBuf, Vec<u8>)]) -> Result<Loaded, LoadError> {
    let err = |line_column: Option<(usize, usize)>, message: String| LoadError::at(path, line_column, message);
    let text = source_text(path, bytes, "the spec", "an OpenAPI 3.0 document")?;
    let is_json = is_json_file(path);
    let mut value = bounded::parse(text, is_json).map_err(|e| err(e.line_column, e.message))?;
    let parsed: Vec<overlay::Overlay> =
        overlays.iter().map(|(p, b)| parse_overlay(p, b)).collect::<Result<_, _>>()?;
    let mut provenance = overlay::Provenance::default();
    for (n, o) in parsed.iter().enumerate() {
        overlay::apply(&mut value, &mut provenance, o, n + 1).map_err(|problems| {
            let count = problems.len();
            LoadError {
                file: o.path.clone(),
                line_column: None,
                message: format!(
                    "the overlay cannot be applied to {}: {count} problem{}",
                    path.display(),
                    if count == 1 { "" } else { "s" }
                ),
                problems: in_overlay(&o.path, &o.text, problems),
            }
        })?;
    }
    // OpenAPI 3.1 and 3.2 become the 3.0 shape after the overlays (which target the document
    // as the user wrote it) and before the check and typed parsing.
    let notes = match value.get("openapi").and_then(serde_json::Value::as_str) {
        Some(version) if v31::is_31_or_32(version) => v31::to_30(&mut value, &mut provenance),
        _ => Vec::new(),
    };
    let mut sources = vec![(path.to_path_buf(), text.to_string())];
    sources.extend(parsed.iter().map(|o| (o.path.clone(), o.text.clone())));
    let locator = Locator { sources, provenance };
    let overlay_names: Vec<String> = parsed
        .iter()
        .map(|o| o.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
        .collect();
    check_version(&value).map_err(|m| {
        let (file, line_column) = locator.place("#/openapi");
        LoadError { file, line_column: line_column.filter(|_| !parsed.is_empty()), ..err(None, m) }
    })?;
    let (errors, warnings): (Vec<check::Finding>, Vec<check::Finding>) =
        check::check(&value).into_iter().partition(|f| f.severity == check::Severity::Error);
    // Positions are searched for only when there is something to report.
    let locate = |f: check::Finding| locator.locate(f.pointer, f.message);
    if !errors.is_empty() {
        let n = errors.len();
        return Err(LoadError {
            problems: errors.into_iter().map(locate).collect(),
            ..err(None, format!("{n} problem{} in the spec", if n == 1 { "" } else { "s" }))
        });
    }
    let warnings = notes
        .into_iter()
        .map(|n| locator.locate_origin(&n.origin, n.message).show())
        .chain(warnings.into_iter().map(|f| locate(f).show()))
        .collect();
    let api = <OpenAPI as serde::Deserialize>::deserialize(&value).map_err(|e| {
        let (pointer, message) = locate::typed_error(&value).unwrap_or_else(|| ("#".to_string(), e.to_string()));
        // The tree lost its positions: the failing node is searched for in the text, and where
        // that search cannot follow (flow style), the text is parsed again for the parser's place.
        let (file, found) = if pointer == "#" { (path.to_path_buf(), None) } else { locator.place(&pointer) };
        if !locator.provenance.is_empty() {
            return LoadError {
                file,
                line_column: found,
                message: format!("not a valid OpenAPI 3.0 document: at {pointer}: {}", strip_location(&message)),
                problems: Vec::new(),
            };
        }
        let found = if pointer == "#" { None } else { locate::position_of(text, &pointer) };
        let at = found.or_else(|| if is_json {
            serde_json::from_str::<OpenAPI>(text).err().map(|e| (e.line(), e.column()))
        } else {
            serde_yaml::from_str::<OpenAPI>(text)
                .err()
                .and_then(|e| e.location().map(|l| (l.line(), l.column())))
        });
        err(
            at,
            format!("not a valid OpenAPI 3.0 document: at {pointer}: {}", strip_location(&message)),
        )
    })?;
    Ok(Loaded { api, warnings, locator, overlays: overlay_names })
}

/// The `openapi` field must say 3.0.x (3.1.x and 3.2.x were rewritten to 3.0.3 before this);
/// Swagger 2.0 gets its own message.
fn check_version(value: &serde_json::Value) -> Result<(), String> {
    let Some(map) = value.as_object() else {
        return Err(format!(
            "expected a mapping (`openapi: 3.0.x`, `info`, `paths`, …) at the top level (#) of an \
             OpenAPI 3.0 document, found {}",
            kind_of(value)
        ));
    };
    if let Some(swagger) = map.get("swagger") {
        return Err(format!(
            "this is a Swagger {} document (`swagger` at #/swagger); only OpenAPI 3.0.x, 3.1.x and 3.2.x are supported: convert it to OpenAPI 3.0 first",
            display_scalar(swagger)
        ));
    }
    let Some(version) = map.get("openapi") else {
        return Err("missing the `openapi` field at #/openapi; expected `openapi: 3.0.x`".into());
    };
    let Some(version) = version.as_str() else {
        return Err(format!(
            "`openapi` at #/openapi is {}, expected a string such as \"3.0.3\"",
            display_scalar(version)
        ));
    };
    if !version.starts_with("3.0") {
        return Err(format!(
            "unsupported `openapi` version \"{version}\" at #/openapi; this generator reads OpenAPI 3.0.x, \
             3.1.x and 3.2.x (a full version such as \"3.1.0\")"
        ));
    }
    for field in ["info", "paths"] {
        match map.get(field) {
            None => return Err(format!("missing the required `{field}` field at #/{field}")),
            Some(v) if !v.is_object() => {
                return Err(format!("`{field}` at #/{field} must be a mapping, found {}", kind_of(v)))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

pub(crate) fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "nothing (null)",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a sequence",
        serde_json::Value::Object(_) => "a mapping",
    }
}

fn display_scalar(v: &serde_json::Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// serde_yaml and serde_json write " at line X column Y" into their messages (yaml_serde also in
/// the middle: "did not find expected ',' at line 4 column 1, while parsing …"); the location is
/// printed separately, so every such phrase is removed.
fn strip_location(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let after = after.strip_prefix(" at line ").unwrap_or(after);
        let after = after.trim_start_matches(|c: char| c.is_ascii_digit());
        rest = match after.strip_prefix(" column ") {
            Some(tail) => tail.trim_start_matches(|c: char| c.is_ascii_digit()),
            None => after,
        };
    }
    out.push_str(rest);
    out
}

fn line_column_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}
#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<OpenAPI, LoadError> {
        load_bytes(Path::new("spec.yml"), text.as_bytes()).map(|l| l.api)
    }

    #[test]
    fn version_is_checked_before_typed_parsing() {
        let e = load("swagger: '2.0'\ninfo: {title: t, version: v}\npaths: {}\n").unwrap_err();
        assert!(e.message.contains("Swagger \"2.0\""), "{e}");
        let e = load("openapi: '3.1'\ninfo: {title: t, version: v}\npaths: {}\n").unwrap_err();
        assert!(e.message.contains("unsupported `openapi` version \"3.1\""), "{e}");
        let e = load("openapi: 3.3.0\ninfo: {title: t, version: v}\npaths: {}\n").unwrap_err();
        assert!(e.message.contains("3.0.x, 3.1.x and 3.2.x"), "{e}");
        assert!(load("openapi: 3.1.0\ninfo: {title: t, version: v}\n").is_ok());
        let e = load("info: {title: t, version: v}\npaths: {}\n").unwrap_err();
        assert!(e.message.contains("missing the `openapi` field"), "{e}");
    }

    #[test]
    fn yaml_errors_carry_line_and_column() {
        let e = load("openapi: 3.0.0\ninfo: [\n").unwrap_err();
        assert_eq!(e.file, PathBuf::from("spec.yml"));
        assert!(e.line_column.is_some(), "{e}");
        assert!(e.to_string().starts_with("spec.yml:"), "{e}");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let api = load("\u{feff}openapi: 3.0.0\ninfo: {title: t, version: v}\npaths: {}\n").unwrap();
        assert_eq!(api.info.title, "t");
        let json = "\u{feff}{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\", \"version\": \"v\"}, \"paths\": {}}";
        assert!(load_bytes(Path::new("spec.json"), json.as_bytes()).is_ok());
    }

    #[test]
    fn several_documents_are_refused_by_name() {
        let e = load("openapi: 3.0.0\ninfo: {title: t, version: v}\npaths: {}\n---\nopenapi: 3.0.0\n").unwrap_err();
        assert!(e.message.contains("more than one YAML document"), "{e}");
    }

    #[test]
    fn minimal_document_loads() {
        let api = load("openapi: 3.0.0\ninfo: {title: t, version: v}\npaths: {}\n").unwrap();
        assert_eq!(api.info.title, "t");
    }
}
