//! Reads a spec file into `openapiv3::OpenAPI`, checking the version before typed parsing.

use std::fmt;
use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

/// Specs larger than this are refused before parsing (LINE's largest is 183 KB).
pub const MAX_SPEC_BYTES: usize = 64 * 1024 * 1024;

/// A spec file that could not be read or is not an OpenAPI 3.0 document.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub file: PathBuf,
    /// 1-based line and column, where the parser knows them.
    pub line_column: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LoadError {}

/// Reads and parses the spec at `path`.
pub fn load_file(path: &Path) -> Result<OpenAPI, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        file: path.to_path_buf(),
        line_column: None,
        message: format!("cannot read the spec: {e}"),
    })?;
    load_bytes(path, &bytes)
}

/// Parses spec bytes; `path` names the file in errors and picks JSON for `.json`.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<OpenAPI, LoadError> {
    let err = |line_column: Option<(usize, usize)>, message: String| LoadError {
        file: path.to_path_buf(),
        line_column,
        message,
    };
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(err(
            None,
            format!(
                "the spec is {} bytes; specs larger than {} bytes are refused",
                bytes.len(),
                MAX_SPEC_BYTES
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column_of(bytes, e.valid_up_to());
        err(
            Some((line, column)),
            "the spec is not valid UTF-8 text; expected an OpenAPI 3.0 document in YAML or JSON"
                .to_string(),
        )
    })?;
    if text.trim().is_empty() {
        return Err(err(
            None,
            "the spec is empty; expected an OpenAPI 3.0 document in YAML or JSON".to_string(),
        ));
    }
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let value: serde_json::Value = if is_json {
        serde_json::from_str(text).map_err(|e| {
            err(Some((e.line(), e.column())), format!("not valid JSON: {e}"))
        })?
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let at = e.location().map(|l| (l.line(), l.column()));
            err(at, format!("not valid YAML: {}", strip_location(&e.to_string())))
        })?
    };
    check_version(&value).map_err(|m| err(None, m))?;
    serde_json::from_value::<OpenAPI>(value).map_err(|e| {
        // The tree lost its positions; parse the text again only on this error path to find them.
        let at = if is_json {
            serde_json::from_str::<OpenAPI>(text).err().map(|e| (e.line(), e.column()))
        } else {
            serde_yaml::from_str::<OpenAPI>(text)
                .err()
                .and_then(|e| e.location().map(|l| (l.line(), l.column())))
        };
        err(
            at,
            format!("not a valid OpenAPI 3.0 document: {}", strip_location(&e.to_string())),
        )
    })
}

/// The `openapi` field must say 3.0.x; Swagger 2.0 and 3.1 get their own message.
fn check_version(value: &serde_json::Value) -> Result<(), String> {
    let Some(map) = value.as_object() else {
        return Err("expected a YAML or JSON mapping at the top level of an OpenAPI 3.0 document".into());
    };
    if let Some(swagger) = map.get("swagger") {
        return Err(format!(
            "this is a Swagger {} document (`swagger` at #/swagger); only OpenAPI 3.0.x is supported: convert it to OpenAPI 3.0 first",
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
    if version.starts_with("3.1") {
        return Err(format!(
            "OpenAPI {version} (#/openapi) is not supported; this generator reads OpenAPI 3.0.x"
        ));
    }
    if !version.starts_with("3.0") {
        return Err(format!(
            "unsupported `openapi` version \"{version}\" at #/openapi; this generator reads OpenAPI 3.0.x"
        ));
    }
    for field in ["info", "paths"] {
        if !map.contains_key(field) {
            return Err(format!("missing the required `{field}` field at #/{field}"));
        }
    }
    Ok(())
}

fn display_scalar(v: &serde_json::Value) -> String {
    let s = v.to_string();
    if s.len() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// serde_yaml appends " at line X column Y"; the location is printed separately.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
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
        load_bytes(Path::new("spec.yml"), text.as_bytes())
    }

    #[test]
    fn version_is_checked_before_typed_parsing() {
        let e = load("swagger: '2.0'\ninfo: {title: t, version: v}\npaths: {}\n").unwrap_err();
        assert!(e.message.contains("Swagger \"2.0\""), "{e}");
        let e = load("openapi: 3.1.0\ninfo: {title: t, version: v}\npaths: {}\n").unwrap_err();
        assert!(e.message.contains("OpenAPI 3.1.0 (#/openapi) is not supported"), "{e}");
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
    fn minimal_document_loads() {
        let api = load("openapi: 3.0.0\ninfo: {title: t, version: v}\npaths: {}\n").unwrap();
        assert_eq!(api.info.title, "t");
    }
}
