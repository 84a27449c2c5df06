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
        out.push_str(&s.replace('~', "~0").replace('/', "~1"));
    }
    out
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
