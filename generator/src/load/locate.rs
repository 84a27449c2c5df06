//! Finds where in the document typed parsing failed, as a JSON pointer.
//!
//! Deserializing into `openapiv3::OpenAPI` reports only what was wrong, not where. On that
//! error path (never on success) the document is parsed again piece by piece, descending into
//! the first piece that fails, until the smallest failing piece is found.

use openapiv3::{
    Components, Header, Info, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response,
    Schema, SecurityScheme, Server,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Builds `#/a/b` from raw segments, escaping `~` and `/`.
pub fn pointer<'a>(segments: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("#");
    for s in segments {
        out.push('/');
        out.push_str(&segment(s));
    }
    out
}

/// One pointer segment, escaped (`~` → `~0`, `/` → `~1`).
pub fn segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The pointer and message of the innermost piece of `doc` that does not parse.
pub fn typed_error(doc: &Value) -> Option<(String, String)> {
    let mut path: Vec<String> = Vec::new();
    let mut message = check::<openapiv3::OpenAPI>(doc)?;
    let mut here = doc;
    let mut kind = Kind::Document;
    // Each step goes one level down, so this ends within the (bounded) depth of the document.
    'descend: loop {
        for (key, child, child_kind) in children(here, kind) {
            if let Some(m) = child_kind.check(child) {
                path.push(key);
                message = m;
                here = child;
                kind = child_kind;
                continue 'descend;
            }
        }
        break;
    }
    Some((pointer(path.iter().map(String::as_str)), message))
}

fn check<T: DeserializeOwned>(v: &Value) -> Option<String> {
    T::deserialize(v).err().map(|e| e.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Document,
    Info,
    Servers,
    Server,
    Paths,
    PathItem,
    Operation,
    Parameters,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Components,
    Schemas,
    Schema,
    Headers,
    Header,
    SecuritySchemes,
    SecurityScheme,
    Named(&'static str),
    Leaf,
}

impl Kind {
    fn check(self, v: &Value) -> Option<String> {
        match self {
            Kind::Document => check::<openapiv3::OpenAPI>(v),
            Kind::Info => check::<Info>(v),
            Kind::Servers => check::<Vec<Server>>(v),
            Kind::Server => check::<Server>(v),
            Kind::Paths => check::<openapiv3::Paths>(v),
            Kind::PathItem => check::<ReferenceOr<PathItem>>(v),
            Kind::Operation => check::<Operation>(v),
            Kind::Parameters => check::<Vec<ReferenceOr<Parameter>>>(v),
            Kind::Parameter => check::<ReferenceOr<Parameter>>(v),
            Kind::RequestBody => check::<ReferenceOr<RequestBody>>(v),
            Kind::Responses => check::<openapiv3::Responses>(v),
            Kind::Response => check::<ReferenceOr<Response>>(v),
            Kind::Components => check::<Components>(v),
            Kind::Schemas => check::<indexmap::IndexMap<String, ReferenceOr<Schema>>>(v),
            Kind::Schema => check::<ReferenceOr<Schema>>(v),
            Kind::Headers => check::<indexmap::IndexMap<String, ReferenceOr<Header>>>(v),
            Kind::Header => check::<ReferenceOr<Header>>(v),
            Kind::SecuritySchemes => check::<indexmap::IndexMap<String, ReferenceOr<SecurityScheme>>>(v),
            Kind::SecurityScheme => check::<ReferenceOr<SecurityScheme>>(v),
            // Plain containers: they fail where one of their children fails.
            Kind::Named(_) => children(v, self).into_iter().find_map(|(_, c, k)| k.check(c)),
            Kind::Leaf => None,
        }
    }
}

/// The parts of `v` (of kind `kind`) worth descending into, in document order.
fn children(v: &Value, kind: Kind) -> Vec<(String, &Value, Kind)> {
    let entries = |kind_of: &dyn Fn(&str) -> Kind| -> Vec<(String, &Value, Kind)> {
        match v {
            Value::Object(map) => map.iter().map(|(k, c)| (k.clone(), c, kind_of(k))).collect(),
            Value::Array(items) => items.iter().enumerate().map(|(i, c)| (i.to_string(), c, kind_of(""))).collect(),
            _ => Vec::new(),
        }
    };
    match kind {
        Kind::Document => entries(&|k| match k {
            "info" => Kind::Info,
            "servers" => Kind::Servers,
            "paths" => Kind::Paths,
            "components" => Kind::Components,
            _ => Kind::Leaf,
        }),
        Kind::Servers => entries(&|_| Kind::Server),
        Kind::Paths => entries(&|_| Kind::PathItem),
        Kind::PathItem => entries(&|k| match k {
            "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => Kind::Operation,
            "parameters" => Kind::Parameters,
            "servers" => Kind::Servers,
            _ => Kind::Leaf,
        }),
        Kind::Operation => entries(&|k| match k {
            "parameters" => Kind::Parameters,
            "requestBody" => Kind::RequestBody,
            "responses" => Kind::Responses,
            "servers" => Kind::Servers,
            _ => Kind::Leaf,
        }),
        Kind::Parameters => entries(&|_| Kind::Parameter),
        Kind::Parameter | Kind::Header => entries(&|k| match k {
            "schema" => Kind::Schema,
            _ => Kind::Leaf,
        }),
        Kind::RequestBody | Kind::Response => entries(&|k| match k {
            "content" => Kind::Named("content"),
            "headers" => Kind::Headers,
            _ => Kind::Leaf,
        }),
        Kind::Named("content") => entries(&|_| Kind::Named("media")),
        Kind::Named("media") => entries(&|k| match k {
            "schema" => Kind::Schema,
            _ => Kind::Leaf,
        }),
        Kind::Named("schema map") => entries(&|_| Kind::Schema),
        Kind::Named("schema list") => entries(&|_| Kind::Schema),
        Kind::Responses => entries(&|_| Kind::Response),
        Kind::Components => entries(&|k| match k {
            "schemas" => Kind::Schemas,
            "parameters" => Kind::Named("parameter map"),
            "responses" => Kind::Named("response map"),
            "requestBodies" => Kind::Named("request body map"),
            "headers" => Kind::Headers,
            "securitySchemes" => Kind::SecuritySchemes,
            _ => Kind::Leaf,
        }),
        Kind::Named("parameter map") => entries(&|_| Kind::Parameter),
        Kind::Named("response map") => entries(&|_| Kind::Response),
        Kind::Named("request body map") => entries(&|_| Kind::RequestBody),
        Kind::Schemas => entries(&|_| Kind::Schema),
        Kind::Headers => entries(&|_| Kind::Header),
        Kind::SecuritySchemes => entries(&|_| Kind::SecurityScheme),
        Kind::Schema => entries(&|k| match k {
            "properties" => Kind::Named("schema map"),
            "items" | "additionalProperties" | "not" => Kind::Schema,
            "allOf" | "oneOf" | "anyOf" => Kind::Named("schema list"),
            _ => Kind::Leaf,
        }),
        Kind::Info | Kind::Server | Kind::SecurityScheme | Kind::Named(_) | Kind::Leaf => Vec::new(),
    }
}

/// The 1-based line and column of the node at `pointer` in `text`: exact for JSON, and for
/// block-style YAML (what people write, and what LINE publishes). `None` when a YAML path goes
/// through flow style (`{…}`, `[…]`) or anything else this line-based search cannot follow for sure.
pub fn position_of(text: &str, pointer: &str) -> Option<(usize, usize)> {
    occurrence_of(text, pointer, 0)
}

/// Like [`position_of`], for the `nth` (0-based) occurrence of the pointer's last key in its
/// mapping: `1` finds a duplicate key, which a parsed document no longer holds.
pub fn occurrence_of(text: &str, pointer: &str, nth: usize) -> Option<(usize, usize)> {
    let rest = pointer.strip_prefix('#')?;
    let segments: Vec<String> = if rest.is_empty() {
        Vec::new()
    } else {
        rest.strip_prefix('/')?.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect()
    };
    if text.trim_start().starts_with('{') {
        return json_position(text, &segments, nth);
    }
    // Lines that carry content: (1-based line number, indent, content).
    let mut region: Vec<(usize, usize, &str)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let content = line.trim_start_matches(' ');
            let skip = content.is_empty() || content.starts_with('#') || content.starts_with("---") || content.starts_with('%');
            (!skip).then(|| (i + 1, line.len() - content.len(), content.trim_end()))
        })
        .collect();
    let mut at = (1, 1);
    let last = segments.len().saturating_sub(1);
    for (depth, segment) in segments.iter().enumerate() {
        let skip = if depth == last { nth } else { 0 };
        let first = *region.first()?;
        let indent = first.1;
        if first.2.starts_with("- ") || first.2 == "-" {
            let n: usize = segment.parse().ok()?;
            let mut items = region.iter().enumerate().filter(|(_, l)| l.1 == indent && (l.2.starts_with("- ") || l.2 == "-"));
            let (i, line) = items.nth(n)?;
            let inner = line.2.strip_prefix('-').unwrap_or("").trim_start_matches(' ');
            let inner_indent = indent + (line.2.len() - inner.len());
            at = (line.0, inner_indent + 1);
            let mut next: Vec<(usize, usize, &str)> = Vec::new();
            if !inner.is_empty() {
                next.push((line.0, inner_indent, inner));
            }
            next.extend(region.iter().skip(i + 1).take_while(|l| l.1 > indent).copied());
            region = next;
        } else {
            let (i, line, value) = region
                .iter()
                .enumerate()
                .filter(|(_, l)| l.1 == indent)
                .filter_map(|(i, l)| {
                    let (key, value) = split_key(l.2)?;
                    (key == *segment).then_some((i, *l, value))
                })
                .nth(skip)?;
            at = (line.0, line.1 + 1);
            let mut next: Vec<(usize, usize, &str)> = Vec::new();
            let value = value.trim();
            let is_block = value.is_empty() || value.starts_with(['|', '>', '&', '!', '#']);
            // An inline value (a scalar or flow style) leaves nothing below it to search.
            if is_block {
                next.extend(region.iter().skip(i + 1).take_while(|l| l.1 > indent).copied());
            }
            region = next;
        }
    }
    // A segment below an inline value finds an empty region and returns `None` above, so
    // reaching here means the last segment itself was found.
    Some(at)
}

/// Where the node at `segments` starts in JSON `text` (its key, for an object member).
fn json_position(text: &str, segments: &[String], nth: usize) -> Option<(usize, usize)> {
    enum Frame {
        Object { key: Option<(String, (usize, usize))> },
        Array { index: usize },
    }
    let path_matches = |stack: &[Frame]| {
        stack.len() == segments.len()
            && stack.iter().zip(segments).all(|(f, s)| match f {
                Frame::Object { key: Some((k, _)) } => k == s,
                Frame::Array { index } => index.to_string() == *s,
                Frame::Object { key: None } => false,
            })
    };
    if segments.is_empty() {
        return Some((1, 1));
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut skip = nth;
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    // Whether the next value starts an array element (so its position is the element's).
    let mut expect_value = true;
    let mut after_colon = false;
    while let Some(c) = chars.next() {
        let here = (line, column);
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
        if c.is_whitespace() {
            continue;
        }
        let starts_value = expect_value && !matches!(c, ']' | '}' | ',' | ':');
        if starts_value && (after_colon || matches!(stack.last(), Some(Frame::Array { .. }))) && path_matches(&stack) {
            if skip == 0 {
                return match stack.last() {
                    Some(Frame::Object { key: Some((_, at)) }) => Some(*at),
                    _ => Some(here),
                };
            }
            // An earlier occurrence of a duplicated key: its value is scanned as usual below.
            skip -= 1;
        }
        match c {
            '{' => {
                stack.push(Frame::Object { key: None });
                expect_value = false;
                after_colon = false;
            }
            '[' => {
                stack.push(Frame::Array { index: 0 });
                expect_value = true;
                after_colon = false;
            }
            '}' | ']' => {
                stack.pop();
                expect_value = false;
                after_colon = false;
            }
            ',' => match stack.last_mut() {
                Some(Frame::Array { index }) => {
                    *index += 1;
                    expect_value = true;
                }
                Some(Frame::Object { key }) => {
                    *key = None;
                    expect_value = false;
                }
                None => return None,
            },
            ':' => {
                expect_value = true;
                after_colon = true;
            }
            '"' => {
                let mut s = String::new();
                loop {
                    let d = chars.next()?;
                    column += 1;
                    match d {
                        '"' => break,
                        '\\' => {
                            let e = chars.next()?;
                            column += 1;
                            match e {
                                'n' => s.push('\n'),
                                't' => s.push('\t'),
                                'r' => s.push('\r'),
                                'b' => s.push('\u{8}'),
                                'f' => s.push('\u{c}'),
                                'u' => {
                                    let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                                    column += 4;
                                    s.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}'));
                                }
                                other => s.push(other),
                            }
                        }
                        '\n' => return None,
                        other => s.push(other),
                    }
                }
                match stack.last_mut() {
                    Some(Frame::Object { key }) if !expect_value => *key = Some((s, here)),
                    _ => {}
                }
                expect_value = false;
                after_colon = false;
            }
            _ => {
                // A number, `true`, `false` or `null`: skip to its end.
                while chars.peek().is_some_and(|d| !d.is_whitespace() && !matches!(d, ',' | ']' | '}')) {
                    chars.next();
                    column += 1;
                }
                expect_value = false;
                after_colon = false;
            }
        }
    }
    None
}

/// Splits `key: value` (the key plain, 'single' or "double" quoted) into the unquoted key and the rest.
fn split_key(content: &str) -> Option<(String, &str)> {
    if let Some(quote) = content.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let body = content.get(1..)?;
        let end = body.find(quote)?;
        let key = body.get(..end)?.to_string();
        let rest = body.get(end + 1..)?.trim_start();
        return rest.strip_prefix(':').map(|v| (key, v));
    }
    let colon = content.char_indices().find(|&(i, c)| {
        c == ':' && content.get(i + 1..).is_none_or(|r| r.is_empty() || r.starts_with(' '))
    })?;
    Some((content.get(..colon.0)?.trim_end().to_string(), content.get(colon.0 + 1..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3
info:
  title: t
paths:
  /users/{id}:
    get:
      parameters:
        - name: id
          in: path
        - {name: session, in: cookie}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Missing'}
";

    #[test]
    fn block_yaml_positions_are_found() {
        assert_eq!(position_of(SPEC, "#/info/title"), Some((3, 3)));
        assert_eq!(position_of(SPEC, "#/paths/~1users~1{id}/get"), Some((6, 5)));
        assert_eq!(position_of(SPEC, "#/paths/~1users~1{id}/get/parameters/0"), Some((8, 11)));
        assert_eq!(position_of(SPEC, "#/paths/~1users~1{id}/get/parameters/0/in"), Some((9, 11)));
        assert_eq!(position_of(SPEC, "#/paths/~1users~1{id}/get/parameters/1"), Some((10, 11)));
        assert_eq!(position_of(SPEC, "#/paths/~1users~1{id}/get/responses/200"), Some((12, 9)));
        assert_eq!(
            position_of(SPEC, "#/paths/~1users~1{id}/get/responses/200/content/application~1json/schema"),
            Some((16, 15))
        );
    }

    #[test]
    fn json_positions_are_exact() {
        let json = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/a/{id}\": {\"get\": {\"parameters\": [\n      {\"name\": \"x\", \"in\": \"cookie\"},\n      {\"name\": \"y\\u0041\"}\n    ]}}\n  }\n}\n";
        assert_eq!(position_of(json, "#/openapi"), Some((2, 3)));
        assert_eq!(position_of(json, "#/paths/~1a~1{id}/get"), Some((4, 17)));
        assert_eq!(position_of(json, "#/paths/~1a~1{id}/get/parameters/0"), Some((5, 7)));
        assert_eq!(position_of(json, "#/paths/~1a~1{id}/get/parameters/1/name"), Some((6, 8)));
        assert_eq!(position_of(json, "#/paths/~1a~1{id}/get/parameters/2"), None);
        assert_eq!(position_of(json, "#/nope"), None);
    }

    #[test]
    fn a_later_occurrence_of_a_key_is_found() {
        let yaml = "paths:\n  /a:\n    get: {}\n  /b: {}\n  /a:\n    post: {}\n";
        assert_eq!(occurrence_of(yaml, "#/paths/~1a", 0), Some((2, 3)));
        assert_eq!(occurrence_of(yaml, "#/paths/~1a", 1), Some((5, 3)));
        assert_eq!(occurrence_of(yaml, "#/paths/~1a", 2), None);
        let json = "{\"paths\": {\"/a\": {\"x\": \"/a\"},\n  \"/b\": 1,\n  \"/a\": {}}}";
        assert_eq!(occurrence_of(json, "#/paths/~1a", 0), Some((1, 12)));
        assert_eq!(occurrence_of(json, "#/paths/~1a", 1), Some((3, 3)));
    }

    #[test]
    fn what_cannot_be_followed_has_no_position() {
        assert_eq!(position_of(SPEC, "#/paths/~1users~1{id}/get/parameters/1/in"), None);
        assert_eq!(position_of(SPEC, "#/paths/~1nope"), None);
        assert_eq!(position_of(SPEC, "#/paths/~1users~1{id}/get/parameters/7"), None);
        assert_eq!(position_of(SPEC, ""), None);
    }
}
