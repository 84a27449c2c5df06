//! Checks the parsed document against the objects OpenAPI 3.0 defines, before typed parsing.
//!
//! `openapiv3` is lenient: a misspelt key (`requried`) vanishes, `type: strin` or `type: long`
//! becomes an untyped schema, `$ref: 12` and a response code `abc` are dropped. This walk sees
//! the document as written and reports all of them in one run, each at its JSON pointer, with
//! the known key or type it most likely meant. Keys starting with `x-` (extensions) are allowed
//! wherever OpenAPI allows them.

use serde_json::{Map, Value};

/// How bad a finding is: errors stop the run, warnings are reported beside the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One thing the check found, at a JSON pointer into the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub severity: Severity,
    pub pointer: String,
    pub message: String,
}

/// Every finding in `doc`, in document order.
pub fn check(doc: &Value) -> Vec<Finding> {
    let mut walk = Walk { path: Vec::new(), findings: Vec::new() };
    walk.object(doc, Kind::OpenApi);
    walk.findings
}

/// The objects of the OpenAPI 3.0 specification (§4.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    OpenApi,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Components,
    Paths,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    RequestBody,
    MediaType,
    Encoding,
    Responses,
    Response,
    Callback,
    Example,
    Link,
    Header,
    Tag,
    Schema,
    Discriminator,
    Xml,
    SecurityScheme,
    OAuthFlows,
    OAuthFlow,
    SecurityRequirement,
}

/// What a fixed field holds.
#[derive(Debug, Clone, Copy)]
enum Field {
    /// A value this check does not look into (text, flags, examples, free-form maps).
    Any,
    Obj(Kind),
    /// The object or a Reference Object (`$ref`).
    RefOr(Kind),
    /// A map from names the spec chooses to objects.
    MapOf(Kind),
    MapOfRefOr(Kind),
    ListOf(Kind),
    ListOfRefOr(Kind),
    /// `additionalProperties`: a boolean or a schema.
    BoolOrSchema,
}

use Field::{Any, BoolOrSchema, ListOf, ListOfRefOr, MapOf, MapOfRefOr, Obj, RefOr};

/// The fixed fields of `kind`; `None` for objects whose keys are chosen by the spec.
fn fields(kind: Kind) -> Option<&'static [(&'static str, Field)]> {
    Some(match kind {
        Kind::OpenApi => &[
            ("openapi", Any),
            ("info", Obj(Kind::Info)),
            ("servers", ListOf(Kind::Server)),
            ("paths", Obj(Kind::Paths)),
            ("components", Obj(Kind::Components)),
            ("security", ListOf(Kind::SecurityRequirement)),
            ("tags", ListOf(Kind::Tag)),
            ("externalDocs", Obj(Kind::ExternalDocs)),
        ],
        Kind::Info => &[
            ("title", Any),
            ("description", Any),
            ("termsOfService", Any),
            ("contact", Obj(Kind::Contact)),
            ("license", Obj(Kind::License)),
            ("version", Any),
        ],
        Kind::Contact => &[("name", Any), ("url", Any), ("email", Any)],
        Kind::License => &[("name", Any), ("url", Any)],
        Kind::Server => &[("url", Any), ("description", Any), ("variables", MapOf(Kind::ServerVariable))],
        Kind::ServerVariable => &[("enum", Any), ("default", Any), ("description", Any)],
        Kind::Components => &[
            ("schemas", MapOfRefOr(Kind::Schema)),
            ("responses", MapOfRefOr(Kind::Response)),
            ("parameters", MapOfRefOr(Kind::Parameter)),
            ("examples", MapOfRefOr(Kind::Example)),
            ("requestBodies", MapOfRefOr(Kind::RequestBody)),
            ("headers", MapOfRefOr(Kind::Header)),
            ("securitySchemes", MapOfRefOr(Kind::SecurityScheme)),
            ("links", MapOfRefOr(Kind::Link)),
            ("callbacks", MapOfRefOr(Kind::Callback)),
        ],
        Kind::PathItem => &[
            ("$ref", Any),
            ("summary", Any),
            ("description", Any),
            ("get", Obj(Kind::Operation)),
            ("put", Obj(Kind::Operation)),
            ("post", Obj(Kind::Operation)),
            ("delete", Obj(Kind::Operation)),
            ("options", Obj(Kind::Operation)),
            ("head", Obj(Kind::Operation)),
            ("patch", Obj(Kind::Operation)),
            ("trace", Obj(Kind::Operation)),
            // An OpenAPI 3.2 `query` operation, where `load` moved it (see `load::v31`).
            ("x-query", Obj(Kind::Operation)),
            // OpenAPI 3.2's other `additionalOperations`, by method, where `load` moved them.
            ("x-additional-operations", MapOf(Kind::Operation)),
            ("servers", ListOf(Kind::Server)),
            ("parameters", ListOfRefOr(Kind::Parameter)),
        ],
        Kind::Operation => &[
            ("tags", Any),
            ("summary", Any),
            ("description", Any),
            ("externalDocs", Obj(Kind::ExternalDocs)),
            ("operationId", Any),
            ("parameters", ListOfRefOr(Kind::Parameter)),
            ("requestBody", RefOr(Kind::RequestBody)),
            ("responses", Obj(Kind::Responses)),
            ("callbacks", MapOfRefOr(Kind::Callback)),
            ("deprecated", Any),
            ("security", ListOf(Kind::SecurityRequirement)),
            ("servers", ListOf(Kind::Server)),
        ],
        Kind::ExternalDocs => &[("description", Any), ("url", Any)],
        Kind::Parameter => &[
            ("name", Any),
            ("in", Any),
            ("description", Any),
            ("required", Any),
            ("deprecated", Any),
            ("allowEmptyValue", Any),
            ("style", Any),
            ("explode", Any),
            ("allowReserved", Any),
            ("schema", RefOr(Kind::Schema)),
            ("example", Any),
            ("examples", MapOfRefOr(Kind::Example)),
            ("content", MapOf(Kind::MediaType)),
        ],
        Kind::Header => &[
            ("description", Any),
            ("required", Any),
            ("deprecated", Any),
            ("allowEmptyValue", Any),
            ("style", Any),
            ("explode", Any),
            ("allowReserved", Any),
            ("schema", RefOr(Kind::Schema)),
            ("example", Any),
            ("examples", MapOfRefOr(Kind::Example)),
            ("content", MapOf(Kind::MediaType)),
        ],
        Kind::RequestBody => &[("description", Any), ("content", MapOf(Kind::MediaType)), ("required", Any)],
        Kind::MediaType => &[
            ("schema", RefOr(Kind::Schema)),
            // OpenAPI 3.2's `itemSchema`, where `load` moved it (see `load::v31`).
            ("x-item-schema", RefOr(Kind::Schema)),
            ("example", Any),
            ("examples", MapOfRefOr(Kind::Example)),
            ("encoding", MapOf(Kind::Encoding)),
        ],
        Kind::Encoding => &[
            ("contentType", Any),
            ("headers", MapOfRefOr(Kind::Header)),
            ("style", Any),
            ("explode", Any),
            ("allowReserved", Any),
        ],
        Kind::Response => &[
            ("description", Any),
            ("headers", MapOfRefOr(Kind::Header)),
            ("content", MapOf(Kind::MediaType)),
            ("links", MapOfRefOr(Kind::Link)),
        ],
        Kind::Example => &[("summary", Any), ("description", Any), ("value", Any), ("externalValue", Any)],
        Kind::Link => &[
            ("operationRef", Any),
            ("operationId", Any),
            ("parameters", Any),
            ("requestBody", Any),
            ("description", Any),
            ("server", Obj(Kind::Server)),
        ],
        Kind::Tag => &[("name", Any), ("description", Any), ("externalDocs", Obj(Kind::ExternalDocs))],
        Kind::Schema => &[
            ("title", Any),
            ("multipleOf", Any),
            ("maximum", Any),
            ("exclusiveMaximum", Any),
            ("minimum", Any),
            ("exclusiveMinimum", Any),
            ("maxLength", Any),
            ("minLength", Any),
            ("pattern", Any),
            ("maxItems", Any),
            ("minItems", Any),
            ("uniqueItems", Any),
            ("maxProperties", Any),
            ("minProperties", Any),
            ("required", Any),
            ("enum", Any),
            ("type", Any),
            ("allOf", ListOfRefOr(Kind::Schema)),
            ("oneOf", ListOfRefOr(Kind::Schema)),
            ("anyOf", ListOfRefOr(Kind::Schema)),
            ("not", RefOr(Kind::Schema)),
            ("items", RefOr(Kind::Schema)),
            ("properties", MapOfRefOr(Kind::Schema)),
            ("additionalProperties", BoolOrSchema),
            ("description", Any),
            ("format", Any),
            ("default", Any),
            ("nullable", Any),
            ("discriminator", Obj(Kind::Discriminator)),
            ("readOnly", Any),
            ("writeOnly", Any),
            ("xml", Obj(Kind::Xml)),
            ("externalDocs", Obj(Kind::ExternalDocs)),
            ("example", Any),
            ("deprecated", Any),
        ],
        Kind::Discriminator => &[("propertyName", Any), ("mapping", Any)],
        Kind::Xml => &[("name", Any), ("namespace", Any), ("prefix", Any), ("attribute", Any), ("wrapped", Any)],
        Kind::SecurityScheme => &[
            ("type", Any),
            ("description", Any),
            ("name", Any),
            ("in", Any),
            ("scheme", Any),
            ("bearerFormat", Any),
            ("flows", Obj(Kind::OAuthFlows)),
            ("openIdConnectUrl", Any),
        ],
        Kind::OAuthFlows => &[
            ("implicit", Obj(Kind::OAuthFlow)),
            ("password", Obj(Kind::OAuthFlow)),
            ("clientCredentials", Obj(Kind::OAuthFlow)),
            ("authorizationCode", Obj(Kind::OAuthFlow)),
        ],
        Kind::OAuthFlow => &[("authorizationUrl", Any), ("tokenUrl", Any), ("refreshUrl", Any), ("scopes", Any)],
        Kind::Paths | Kind::Responses | Kind::Callback | Kind::SecurityRequirement => return None,
    })
}

/// What a key people carry over from Swagger 2.0 or JSON Schema is called in OpenAPI 3.0.
fn habit(kind: Kind, key: &str) -> Option<&'static str> {
    Some(match (kind, key) {
        (Kind::Parameter | Kind::Header, "type" | "format" | "items" | "enum" | "default" | "minimum" | "maximum" | "pattern") => {
            "OpenAPI 3.0 puts a parameter's type under `schema` (Swagger 2.0 put it on the parameter)"
        }
        (Kind::Parameter, "collectionFormat") => "OpenAPI 3.0 uses `style` and `explode` instead of `collectionFormat`",
        (Kind::Response, "schema") => "OpenAPI 3.0 puts a response's schema under `content: {<media type>: {schema: …}}`",
        (Kind::Response, "examples") => "OpenAPI 3.0 puts a response's examples under `content: {<media type>: {examples: …}}`",
        (Kind::Operation, "consumes" | "produces") => {
            "OpenAPI 3.0 lists media types under `requestBody.content` and each response's `content`"
        }
        (Kind::OpenApi, "host" | "basePath" | "schemes") => "OpenAPI 3.0 uses `servers: [{url: …}]`",
        (Kind::OpenApi, "definitions") => "OpenAPI 3.0 puts schemas under `components: {schemas: …}`",
        (Kind::OpenApi, "securityDefinitions") => "OpenAPI 3.0 puts them under `components: {securitySchemes: …}`",
        (Kind::Schema, "$schema" | "$id" | "const" | "examples" | "prefixItems" | "$defs" | "contentMediaType") => {
            "this is JSON Schema (OpenAPI 3.1), not part of an OpenAPI 3.0 schema"
        }
        _ => return None,
    })
}

const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Formats OpenAPI 3.0 and JSON Schema define; other formats are allowed, only near misses are reported.
const FORMATS: [&str; 27] = [
    "int32", "int64", "float", "double", "byte", "binary", "date", "date-time", "password", "time", "duration",
    "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6", "uri", "uri-reference", "iri",
    "iri-reference", "uri-template", "uuid", "json-pointer", "relative-json-pointer", "regex", "base64",
];

/// The OpenAPI 3.0 spelling of a type other languages or Swagger habits use.
fn type_hint(typ: &str) -> Option<&'static str> {
    Some(match typ.to_ascii_lowercase().as_str() {
        "long" | "int64" => "`type: integer` with `format: int64`",
        "int" | "int32" => "`type: integer` with `format: int32`",
        "float" => "`type: number` with `format: float`",
        "double" | "decimal" => "`type: number` with `format: double`",
        "file" => "`type: string` with `format: binary` (Swagger 2.0's `file` type is gone in OpenAPI 3.0)",
        "date" | "datetime" | "date-time" => "`type: string` with `format: date` or `format: date-time`",
        "bool" => "`type: boolean`",
        "str" | "text" => "`type: string`",
        "map" | "dict" | "dictionary" => "`type: object` with `additionalProperties`",
        "list" => "`type: array` with `items`",
        "null" => "`nullable: true` on the schema (`type: null` is JSON Schema, not OpenAPI 3.0)",
        _ => return None,
    })
}

struct Walk {
    /// Raw keys and indices from the root to the value being checked.
    path: Vec<String>,
    findings: Vec<Finding>,
}

impl Walk {
    fn pointer(&self) -> String {
        super::locate::pointer(self.path.iter().map(String::as_str))
    }

    fn report(&mut self, severity: Severity, message: String) {
        let pointer = self.pointer();
        self.findings.push(Finding { severity, pointer, message });
    }

    /// Checks `v` at the current path as one child of `key`, then steps back out.
    fn at(&mut self, key: &str, f: impl FnOnce(&mut Self)) {
        self.path.push(key.to_string());
        f(self);
        self.path.pop();
    }

    fn field(&mut self, v: &Value, field: Field) {
        match field {
            Any => {}
            Obj(kind) => self.object(v, kind),
            RefOr(kind) => self.ref_or(v, kind),
            MapOf(kind) => self.map(v, |w, c| w.object(c, kind)),
            MapOfRefOr(kind) => self.map(v, |w, c| w.ref_or(c, kind)),
            ListOf(kind) => self.list(v, |w, c| w.object(c, kind)),
            ListOfRefOr(kind) => self.list(v, |w, c| w.ref_or(c, kind)),
            BoolOrSchema => {
                if !v.is_boolean() {
                    self.ref_or(v, Kind::Schema);
                }
            }
        }
    }

    fn map(&mut self, v: &Value, each: impl Fn(&mut Self, &Value)) {
        if let Value::Object(map) = v {
            for (k, c) in map {
                self.at(k, |w| each(w, c));
            }
        }
    }

    fn list(&mut self, v: &Value, each: impl Fn(&mut Self, &Value)) {
        if let Value::Array(items) = v {
            for (i, c) in items.iter().enumerate() {
                self.at(&i.to_string(), |w| each(w, c));
            }
        }
    }

    /// A Reference Object (`$ref` and nothing else that counts) or an object of `kind`.
    fn ref_or(&mut self, v: &Value, kind: Kind) {
        let Value::Object(map) = v else {
            // Not a mapping at all: typed parsing names what was expected.
            return;
        };
        let Some(reference) = map.get("$ref") else {
            return self.object(v, kind);
        };
        // OpenAPI 3.0 reads nothing else in a Reference Object: a `description` or
        // `nullable: true` written beside `$ref` is dropped without a word otherwise.
        for key in map.keys().filter(|k| *k != "$ref" && !k.starts_with("x-")) {
            self.at(key, |w| {
                w.report(
                    Severity::Warning,
                    format!(
                        "`{key}` beside `$ref` is ignored (OpenAPI 3.0 reads only `$ref` in a Reference Object); \
                         to change the referenced schema, wrap it: `allOf: [{{$ref: …}}]` with `{key}` beside `allOf`"
                    ),
                )
            });
        }
        if !reference.is_string() {
            self.at("$ref", |w| {
                w.report(
                    Severity::Error,
                    format!(
                        "`$ref` must be a string such as \"#/components/schemas/User\", found {}",
                        super::kind_of(reference)
                    ),
                )
            });
        }
    }

    fn object(&mut self, v: &Value, kind: Kind) {
        let Value::Object(map) = v else {
            return;
        };
        match kind {
            Kind::Paths => return self.paths(map),
            Kind::Responses => return self.responses(map),
            Kind::Callback => {
                // Keys are runtime expressions (`{$request.body#/url}`), each a Path Item.
                for (k, c) in map.iter().filter(|(k, _)| !k.starts_with("x-")) {
                    self.at(k, |w| w.object(c, Kind::PathItem));
                }
                return;
            }
            // Scheme names to scope lists; the names are checked against the schemes by lowering.
            Kind::SecurityRequirement => return,
            _ => {}
        }
        let Some(known) = fields(kind) else {
            return;
        };
        for (key, child) in map {
            match known.iter().find(|(name, _)| name == key) {
                Some((_, field)) => self.at(key, |w| w.field(child, *field)),
                None if key.starts_with("x-") => {}
                None => self.at(key, |w| w.unknown_key(kind, key, known)),
            }
        }
        if kind == Kind::Schema {
            self.schema_type(map);
        }
    }

    fn unknown_key(&mut self, kind: Kind, key: &str, known: &[(&str, Field)]) {
        let what = object_name(kind);
        let mut message = format!("unknown key `{key}` in {what}");
        if let Some(hint) = habit(kind, key) {
            message.push_str(&format!(": {hint}"));
        } else if let Some(near) = closest(key, known.iter().map(|(k, _)| *k)) {
            message.push_str(&format!("; did you mean `{near}`?"));
        } else {
            // Not a typo of a field this object has: it changes no meaning, so the peers
            // generate such specs and so does this generator, with a warning.
            message.push_str(&format!(
                " (OpenAPI 3.0 defines no such field, so it is ignored; to silence this, remove it, \
                 rename it to `x-{key}`, or apply an overlay action `{{target: \"{}\", remove: true}}` with --overlay)",
                self.json_path()
            ));
            self.report(Severity::Warning, message);
            return;
        }
        self.report(Severity::Error, message);
    }

    /// The RFC 9535 normalized path of the value being checked (`$['paths']['/a']['get']`).
    fn json_path(&self) -> String {
        let mut out = String::from("$");
        for segment in &self.path {
            let escaped: String = segment
                .chars()
                .flat_map(|c| match c {
                    '\'' => vec!['\\', '\''],
                    '\\' => vec!['\\', '\\'],
                    '"' => vec!['\\', '"'],
                    c if c.is_control() => format!("\\u{:04x}", c as u32).chars().collect(),
                    c => vec![c],
                })
                .collect();
            out.push_str(&format!("['{escaped}']"));
        }
        out
    }

    fn paths(&mut self, map: &Map<String, Value>) {
        for (k, c) in map {
            if k.starts_with("x-") {
                continue;
            }
            self.at(k, |w| {
                if !k.starts_with('/') {
                    w.report(Severity::Error, format!("path `{k}` must start with `/`"));
                }
                w.object(c, Kind::PathItem);
            });
        }
    }

    fn responses(&mut self, map: &Map<String, Value>) {
        for (k, c) in map {
            if k.starts_with("x-") {
                continue;
            }
            self.at(k, |w| {
                if !is_status_key(k) {
                    let mut message = format!(
                        "response code `{k}` is not `default`, a status code from 100 to 599, or a range `1XX` to `5XX`"
                    );
                    if k.len() == 3 && k.get(1..).is_some_and(|r| r.eq_ignore_ascii_case("xx")) && is_status_key(&k.to_ascii_uppercase()) {
                        message.push_str(&format!("; did you mean `{}`?", k.to_ascii_uppercase()));
                    } else if k.eq_ignore_ascii_case("default") {
                        message.push_str("; did you mean `default`?");
                    }
                    w.report(Severity::Error, message);
                }
                w.ref_or(c, Kind::Response);
            });
        }
    }

    /// `type` is one of the six OpenAPI 3.0 types; a `format` close to a known one is likely a typo.
    fn schema_type(&mut self, map: &Map<String, Value>) {
        let typ = match map.get("type") {
            None => None,
            Some(Value::String(t)) if TYPES.contains(&t.as_str()) => Some(t.as_str()),
            Some(Value::String(t)) => {
                let hint = type_hint(t)
                    .map(str::to_string)
                    .or_else(|| closest(t, TYPES.iter().copied()).map(|near| format!("`type: {near}`")));
                let mut message = format!("unknown schema type `{t}`; OpenAPI 3.0 types are {}", TYPES.join(", "));
                if let Some(hint) = hint {
                    message.push_str(&format!("; did you mean {hint}?"));
                }
                self.at("type", |w| w.report(Severity::Error, message));
                None
            }
            Some(Value::Array(items)) if items.iter().any(|t| !t.is_string()) => {
                // Only a 3.1 document keeps a list here (see `load::v31`), when an item is not a name.
                for (i, t) in items.iter().enumerate().filter(|(_, t)| !t.is_string()) {
                    let message = format!("a `type` list holds type names such as \"string\" or \"null\", found {}", super::kind_of(t));
                    self.at("type", |w| w.at(&i.to_string(), |w| w.report(Severity::Error, message)));
                }
                None
            }
            Some(Value::Array(_)) => {
                self.at("type", |w| {
                    w.report(
                        Severity::Error,
                        "`type` is a list (OpenAPI 3.1); in OpenAPI 3.0 it is one type name, with `nullable: true` for null"
                            .to_string(),
                    )
                });
                None
            }
            Some(other) => {
                let message = format!("`type` must be one of {}, found {}", TYPES.join(", "), super::kind_of(other));
                self.at("type", |w| w.report(Severity::Error, message));
                None
            }
        };
        let Some(Value::String(format)) = map.get("format") else {
            return;
        };
        if typ.is_none_or(|t| matches!(t, "boolean" | "array" | "object")) || FORMATS.contains(&format.as_str()) {
            return;
        }
        if let Some(near) = closest(format, FORMATS.iter().copied()) {
            self.at("format", |w| {
                w.report(
                    Severity::Warning,
                    format!("format `{format}` is not one OpenAPI 3.0 or JSON Schema defines (it is kept as plain {}); did you mean `{near}`?", typ.unwrap_or("text")),
                )
            });
        }
    }
}

/// `default`, `100`..`599`, or `1XX`..`5XX`.
fn is_status_key(k: &str) -> bool {
    if k == "default" {
        return true;
    }
    let bytes = k.as_bytes();
    let [first, second, third] = bytes else {
        return false;
    };
    if !(b'1'..=b'5').contains(first) {
        return false;
    }
    (second.is_ascii_digit() && third.is_ascii_digit()) || (*second == b'X' && *third == b'X')
}

/// The known name `word` most likely misspells: same letters in another case, or a few edits away.
/// The known word `word` is most likely a typo of, if any (also used for overlay and
/// extension fields).
pub(crate) fn closest<'k>(word: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    let lower = word.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in known {
        let distance = if candidate.eq_ignore_ascii_case(word) {
            0
        } else {
            strsim::damerau_levenshtein(&lower, &candidate.to_ascii_lowercase())
        };
        // One edit for short words, two for most, three for long ones: close enough to be a typo.
        let limit = match candidate.chars().count() {
            0..=3 => 1,
            4..=9 => 2,
            _ => 3,
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn object_name(kind: Kind) -> &'static str {
    match kind {
        Kind::OpenApi => "the OpenAPI object (the document's top level)",
        Kind::Info => "an Info object",
        Kind::Contact => "a Contact object",
        Kind::License => "a License object",
        Kind::Server => "a Server object",
        Kind::ServerVariable => "a Server Variable object",
        Kind::Components => "the Components object",
        Kind::Paths => "the Paths object",
        Kind::PathItem => "a Path Item object",
        Kind::Operation => "an Operation object",
        Kind::ExternalDocs => "an External Documentation object",
        Kind::Parameter => "a Parameter object",
        Kind::RequestBody => "a Request Body object",
        Kind::MediaType => "a Media Type object",
        Kind::Encoding => "an Encoding object",
        Kind::Responses => "a Responses object",
        Kind::Response => "a Response object",
        Kind::Callback => "a Callback object",
        Kind::Example => "an Example object",
        Kind::Link => "a Link object",
        Kind::Header => "a Header object",
        Kind::Tag => "a Tag object",
        Kind::Schema => "a Schema object",
        Kind::Discriminator => "a Discriminator object",
        Kind::Xml => "an XML object",
        Kind::SecurityScheme => "a Security Scheme object",
        Kind::OAuthFlows => "an OAuth Flows object",
        Kind::OAuthFlow => "an OAuth Flow object",
        Kind::SecurityRequirement => "a Security Requirement object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(yaml: &str) -> Vec<(Severity, String, String)> {
        let doc: Value = serde_yaml::from_str(yaml).unwrap();
        check(&doc).into_iter().map(|f| (f.severity, f.pointer, f.message)).collect()
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: v}\n";

    #[test]
    fn a_stray_key_with_no_near_field_is_a_warning_that_says_how_to_silence_it() {
        let f = findings(&format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          type: object\n"
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, Severity::Warning);
        assert_eq!(f[0].1, "#/paths/~1a/get/responses/200/type");
        assert!(f[0].2.contains("unknown key `type` in a Response object"), "{f:?}");
        assert!(f[0].2.contains("{target: \"$['paths']['/a']['get']['responses']['200']['type']\", remove: true}"), "{f:?}");
        // That target, in an overlay, selects exactly the key.
        let doc: Value = serde_yaml::from_str(&format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          type: object\n")).unwrap();
        let path = serde_json_path::JsonPath::parse("$['paths']['/a']['get']['responses']['200']['type']").unwrap();
        assert_eq!(path.query(&doc).all(), [&Value::String("object".into())]);
    }

    #[test]
    fn misspelt_keys_are_errors_with_the_key_they_meant() {
        let f = findings(&format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      requried: [a]\n      propeties: {{a: {{type: string}}}}\n      descripton: x\n      x-ok: 1\n"
        ));
        assert_eq!(f.len(), 3, "{f:?}");
        assert_eq!(f[0].1, "#/components/schemas/A/requried");
        assert!(f[0].2.contains("unknown key `requried` in a Schema object; did you mean `required`?"), "{f:?}");
        assert!(f[1].2.contains("did you mean `properties`?"), "{f:?}");
        assert!(f[2].2.contains("did you mean `description`?"), "{f:?}");
        assert!(f.iter().all(|f| f.0 == Severity::Error));
    }

    #[test]
    fn unknown_types_are_errors_and_odd_formats_warnings() {
        let f = findings(&format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: strin}}\n    B: {{type: long}}\n    C: {{type: float}}\n    D: {{type: file}}\n    E: {{type: integer, format: int46}}\n    F: {{type: string, format: decimal}}\n    G: {{type: [string, 'null']}}\n"
        ));
        let messages: Vec<&str> = f.iter().map(|f| f.2.as_str()).collect();
        assert!(messages[0].contains("unknown schema type `strin`") && messages[0].contains("did you mean `type: string`?"), "{messages:?}");
        assert!(messages[1].contains("`type: integer` with `format: int64`"), "{messages:?}");
        assert!(messages[2].contains("`type: number` with `format: float`"), "{messages:?}");
        assert!(messages[3].contains("`type: string` with `format: binary`"), "{messages:?}");
        assert_eq!(f[4].0, Severity::Warning);
        assert!(messages[4].contains("did you mean `int64`?"), "{messages:?}");
        assert!(messages[5].contains("`type` is a list (OpenAPI 3.1)"), "{messages:?}");
        assert_eq!(f.len(), 6, "a custom format far from any known one is allowed: {messages:?}");
        assert_eq!(f[0].1, "#/components/schemas/A/type");
    }

    #[test]
    fn references_status_codes_and_paths_are_checked() {
        let f = findings(&format!(
            "{HEAD}paths:\n  users:\n    get:\n      responses:\n        abc: {{description: x}}\n        4xx: {{description: x}}\n        '200': {{$ref: 12}}\n        '600': {{description: x}}\n        2XX: {{description: x}}\n        default: {{description: x}}\n        x-note: 1\n"
        ));
        let messages: Vec<String> = f.iter().map(|f| format!("{}: {}", f.1, f.2)).collect();
        assert_eq!(f.len(), 5, "{messages:?}");
        assert!(messages[0].starts_with("#/paths/users: path `users` must start with `/`"), "{messages:?}");
        assert!(messages[1].starts_with("#/paths/users/get/responses/abc: response code `abc`"), "{messages:?}");
        assert!(messages[2].contains("did you mean `4XX`?"), "{messages:?}");
        assert!(messages[3].starts_with("#/paths/users/get/responses/200/$ref: `$ref` must be a string"), "{messages:?}");
        assert!(messages[4].contains("`600`"), "{messages:?}");
    }

    #[test]
    fn keys_beside_a_ref_are_warned_about() {
        let f = findings(&format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: string}}\n    B: {{$ref: '#/components/schemas/A', nullable: true, x-note: 1}}\n"
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, Severity::Warning);
        assert_eq!(f[0].1, "#/components/schemas/B/nullable");
        assert!(f[0].2.starts_with("`nullable` beside `$ref` is ignored"), "{f:?}");
    }

    #[test]
    fn swagger_habits_are_named() {
        let f = findings(&format!(
            "{HEAD}paths:\n  /a:\n    get:\n      produces: [application/json]\n      parameters:\n        - {{name: q, in: query, type: string}}\n      responses:\n        '200': {{description: x, schema: {{type: string}}}}\n"
        ));
        let messages: Vec<&str> = f.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(f.len(), 3, "{messages:?}");
        assert!(messages[0].contains("`produces`") && messages[0].contains("requestBody.content"), "{messages:?}");
        assert!(messages[1].contains("under `schema`"), "{messages:?}");
        assert!(messages[2].contains("under `content:"), "{messages:?}");
    }

    #[test]
    fn every_object_kind_is_walked() {
        // One misspelling in each kind of object, reached through every kind of field.
        let spec = r#"openapi: 3.0.3
info:
  title: t
  version: v
  contactt: 1
servers:
  - url: /
    variables: {v: {default: a, enumm: [a]}}
security: [{s: []}]
tags: [{name: t, externalDocs: {url: u, descriptionn: d}}]
paths:
  /a:
    get:
      callbacks:
        cb:
          '{$request.body#/url}':
            post: {responses: {'200': {description: d, linkss: {}}}}
      requestBody: {content: {a/b: {encoding: {p: {contentTypee: x}}}}}
      responses:
        '200':
          description: d
          headers: {H: {schema: {type: string, xml: {namee: x}}}}
          links: {L: {operationId: o, serverr: {}}}
          content:
            a/b:
              examples: {e: {valuee: 1}}
              schema: {discriminator: {propertyName: k, mappingg: {}}}
components:
  securitySchemes:
    o: {type: oauth2, flows: {password: {tokenUrl: u, scopes: {}, refreshUrll: r}, implicitt: {}}}
"#;
        let f = findings(spec);
        let pointers: Vec<&str> = f.iter().map(|f| f.1.as_str()).collect();
        for want in [
            "#/info/contactt",
            "#/servers/0/variables/v/enumm",
            "#/tags/0/externalDocs/descriptionn",
            "#/paths/~1a/get/callbacks/cb/{$request.body#~1url}/post/responses/200/linkss",
            "#/paths/~1a/get/requestBody/content/a~1b/encoding/p/contentTypee",
            "#/paths/~1a/get/responses/200/headers/H/schema/xml/namee",
            "#/paths/~1a/get/responses/200/links/L/serverr",
            "#/paths/~1a/get/responses/200/content/a~1b/examples/e/valuee",
            "#/paths/~1a/get/responses/200/content/a~1b/schema/discriminator/mappingg",
            "#/components/securitySchemes/o/flows/password/refreshUrll",
            "#/components/securitySchemes/o/flows/implicitt",
        ] {
            assert!(pointers.contains(&want), "no finding at {want}: {pointers:?}");
        }
        assert_eq!(f.len(), 11, "{f:?}");
    }

    #[test]
    fn status_keys() {
        for ok in ["default", "100", "200", "599", "1XX", "5XX"] {
            assert!(is_status_key(ok), "{ok}");
        }
        for bad in ["099", "600", "6XX", "2xx", "20", "2000", "abc", "", "Default", "2X0"] {
            assert!(!is_status_key(bad), "{bad}");
        }
    }
}
