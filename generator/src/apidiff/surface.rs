//! The public Rust API of a generated crate, read off the IR: what `apidiff` compares.
//!
//! Only the facts the classifier looks at are kept, so fields the IR gains later change
//! nothing here. Descriptions are kept as a hash: a doc change is reported, not shown. The
//! surface is also what `cargo xtask generate` stores in the generated crate
//! ([`SURFACE_FILE`]) so the next run can say what it changed without the previous spec.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::ir;

/// File in the generated crate's directory holding the surface it was generated with.
pub const SURFACE_FILE: &str = ".api-surface.json";

/// Bumped when the stored form changes; a stored surface of another format is not compared.
pub const FORMAT: u32 = 1;

/// Everything a user of the generated crate can name, with the wire facts behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    pub format: u32,
    /// The crate's package version when it was generated (what `--bump` moves on from). Absent
    /// from surfaces stored before versions were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Base URL builder method → URL.
    pub servers: BTreeMap<String, String>,
    /// Credential builder method → scheme kind (`bearer`, `basic`, `api-key header X`).
    pub security: BTreeMap<String, String>,
    /// API type (`MessagingApi`) → its operations.
    pub apis: BTreeMap<String, Api>,
    /// Model name → model.
    pub models: BTreeMap<String, Model>,
    /// Receiver type (`CallbackReceiver`) → the operation it receives. Absent from surfaces
    /// stored before receivers existed, which had none.
    #[serde(default)]
    pub receivers: BTreeMap<String, Receiver>,
}

/// An operation the API sends, received by a type in `webhooks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receiver {
    pub operation_id: String,
    /// `POST /callback`
    pub request_line: String,
    pub deprecated: bool,
    pub doc: String,
    /// The Rust type a delivery decodes into.
    pub body: String,
    /// `x-line-signature hmac-sha256 base64` (with the prefix), or empty when unsigned.
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Api {
    /// The `Client` method that returns it (`messaging_api`).
    pub module: String,
    /// Method name → operation.
    pub operations: BTreeMap<String, Operation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    pub operation_id: String,
    /// `POST /v2/bot/message/push`
    pub request_line: String,
    pub server: String,
    pub deprecated: bool,
    pub doc: String,
    /// In signature order.
    pub params: Vec<Param>,
    /// How the body is sent: `json`, `form`, `multipart`, `binary image/png`, or empty.
    pub body: String,
    /// The Rust type a successful call returns.
    pub returns: String,
    /// The per-operation error enum (`PushMessageError`).
    pub error_type: String,
    /// Error enum variant → payload type.
    pub errors: BTreeMap<String, String>,
    /// Credential builder methods the operation uses.
    pub auth: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    pub ident: String,
    pub wire_name: String,
    /// `path`, `query`, `header`, `body`, `form`, `multipart`.
    pub location: String,
    /// The value's type, without the `Option` of an optional parameter.
    pub ty: String,
    pub required: bool,
    pub doc: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub doc: String,
    pub usage: Usage,
    pub shape: Shape,
}

/// Where values of a model travel: sent in requests, received in responses, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

impl Usage {
    pub fn union(self, other: Usage) -> Usage {
        Usage { request: self.request || other.request, response: self.response || other.response }
    }

    /// `request model`, `response model`, … for report details.
    pub fn noun(self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "request and response model",
            (true, false) => "request model",
            (false, true) => "response model",
            (false, false) => "model used by no operation",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Shape {
    Struct {
        fields: Vec<Field>,
        derives_default: bool,
        /// `type=text` when the struct writes a union tag itself.
        tag: Option<String>,
    },
    Enum {
        values: Vec<Value>,
        unknown: String,
    },
    Tagged {
        tag: String,
        variants: Vec<Variant>,
        unknown: String,
    },
    Untagged {
        variants: Vec<Variant>,
    },
    Alias {
        ty: String,
    },
}

impl Shape {
    pub fn noun(&self) -> &'static str {
        match self {
            Shape::Struct { .. } => "struct",
            Shape::Enum { .. } => "string enum",
            Shape::Tagged { .. } => "tagged union",
            Shape::Untagged { .. } => "untagged union",
            Shape::Alias { .. } => "type alias",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub ident: String,
    pub wire_name: String,
    /// The field's full Rust type, `Option` and `Box` included.
    pub ty: String,
    pub required: bool,
    pub nullable: bool,
    pub default: Option<String>,
    pub doc: String,
}

/// A string enum value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Value {
    pub ident: String,
    pub value: String,
    pub doc: String,
}

/// A union variant: for tagged unions `wire` is the tag value and `ty` the variant's model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub ident: String,
    pub wire: String,
    pub ty: String,
}

impl Surface {
    pub fn of(krate: &ir::Crate) -> Surface {
        let usage = usages(krate);
        let scheme_setter = |i: &usize| krate.security_schemes.get(*i).map(|s| s.setter.clone());
        let server_url = |i: usize| krate.servers.get(i).map(|s| s.url.clone()).unwrap_or_default();
        Surface {
            format: FORMAT,
            version: Some(krate.version.clone()),
            servers: krate.servers.iter().map(|s| (s.setter.clone(), s.url.clone())).collect(),
            security: krate.security_schemes.iter().map(|s| (s.setter.clone(), security_kind(&s.kind))).collect(),
            apis: krate
                .apis
                .iter()
                .map(|g| {
                    let operations = g
                        .operations
                        .iter()
                        .map(|op| {
                            let o = Operation {
                                operation_id: op.operation_id.clone(),
                                request_line: format!("{} {}", op.method.as_str(), op.path),
                                server: server_url(op.server),
                                deprecated: op.deprecated,
                                doc: hash_all(&[op.summary.as_deref(), op.description.as_deref()]),
                                params: op.params.iter().map(param).collect(),
                                body: body(op.body.as_ref()),
                                returns: response_type(&op.success),
                                error_type: format!("{}Error", op.type_stem),
                                errors: op.errors.iter().map(|e| (e.variant.clone(), type_text(&e.ty))).collect(),
                                auth: op.auth.iter().filter_map(scheme_setter).collect(),
                            };
                            (op.name.clone(), o)
                        })
                        .collect();
                    (g.class_name.clone(), Api { module: g.module.clone(), operations })
                })
                .collect(),
            models: krate
                .models
                .iter()
                .map(|m| {
                    let model = Model {
                        doc: hash_all(&[m.description.as_deref()]),
                        usage: usage.get(m.name.as_str()).copied().unwrap_or_default(),
                        shape: shape(&m.kind),
                    };
                    (m.name.clone(), model)
                })
                .collect(),
            receivers: krate
                .receivers
                .iter()
                .map(|r| {
                    let receiver = Receiver {
                        operation_id: r.operation_id.clone(),
                        request_line: format!("{} {}", r.method.as_str(), r.path),
                        deprecated: r.deprecated,
                        doc: hash_all(&[r.summary.as_deref(), r.description.as_deref()]),
                        body: r.body.as_ref().map(type_text).unwrap_or_else(|| "()".into()),
                        signature: r
                            .signature
                            .as_ref()
                            .map(|s| format!("{} {:?} {:?} {}", s.header, s.algorithm, s.encoding, s.prefix).trim_end().to_string())
                            .unwrap_or_default(),
                    };
                    (format!("{}Receiver", r.type_stem), receiver)
                })
                .collect(),
        }
    }

    /// The stored form: one JSON document, keys sorted, so regenerating an unchanged spec
    /// writes the same bytes.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a stored surface; `None` when it is not one this version can compare.
    pub fn from_json(text: &str) -> Option<Surface> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        if value.get("format").and_then(serde_json::Value::as_u64) != Some(u64::from(FORMAT)) {
            return None;
        }
        serde_json::from_value(value).ok()
    }
}

fn param(p: &ir::Param) -> Param {
    let location = match p.location {
        ir::ParamLocation::Path => "path",
        ir::ParamLocation::Query => "query",
        ir::ParamLocation::Header => "header",
        ir::ParamLocation::Cookie => "cookie",
        ir::ParamLocation::Body => "body",
        ir::ParamLocation::Form => "form",
        ir::ParamLocation::Multipart => "multipart",
    };
    Param {
        ident: p.ident.clone(),
        wire_name: p.wire_name.clone(),
        location: location.into(),
        ty: type_text(&p.ty),
        required: p.required,
        doc: hash_all(&[p.description.as_deref()]),
    }
}

fn body(b: Option<&ir::Body>) -> String {
    match b {
        None => String::new(),
        Some(ir::Body::Json) => "json".into(),
        Some(ir::Body::Form) => "form".into(),
        Some(ir::Body::Multipart) => "multipart".into(),
        Some(ir::Body::Binary { content_type }) => format!("binary {content_type}"),
    }
}

fn response_type(r: &ir::ResponseBody) -> String {
    match r {
        ir::ResponseBody::Empty => "()".into(),
        ir::ResponseBody::Json(t) => type_text(t),
        ir::ResponseBody::Bytes => "Vec<u8>".into(),
        ir::ResponseBody::Text => "String".into(),
    }
}

fn security_kind(k: &ir::SecurityKind) -> String {
    match k {
        ir::SecurityKind::Bearer => "bearer".into(),
        ir::SecurityKind::Basic => "basic".into(),
        ir::SecurityKind::ApiKeyHeader(h) => format!("api-key header {h}"),
        ir::SecurityKind::ApiKeyQuery(q) => format!("api-key query {q}"),
    }
}

fn shape(kind: &ir::ModelKind) -> Shape {
    match kind {
        ir::ModelKind::Struct(s) => Shape::Struct {
            fields: s.fields.iter().map(field).collect(),
            derives_default: s.derives_default,
            tag: s.tag.as_ref().map(|t| format!("{}={}", t.property, t.value)),
        },
        ir::ModelKind::Enum(e) => Shape::Enum {
            values: e
                .variants
                .iter()
                .map(|v| Value { ident: v.ident.clone(), value: v.value.clone(), doc: hash_all(&[v.description.as_deref()]) })
                .collect(),
            unknown: e.unknown_variant.clone(),
        },
        ir::ModelKind::Tagged(t) => Shape::Tagged {
            tag: t.tag.clone(),
            variants: t
                .variants
                .iter()
                .map(|v| Variant { ident: v.ident.clone(), wire: v.value.clone(), ty: v.model.clone() })
                .collect(),
            unknown: t.unknown_variant.clone(),
        },
        ir::ModelKind::Untagged(vs) => Shape::Untagged {
            variants: vs
                .iter()
                .map(|v| Variant { ident: v.ident.clone(), wire: String::new(), ty: type_text(&v.ty) })
                .collect(),
        },
        ir::ModelKind::Alias(t) => Shape::Alias { ty: type_text(t) },
    }
}

/// The field's type as the struct declares it: optional or nullable fields are `Option`s,
/// optional *and* nullable ones `Option<Option<_>>`, recursive ones boxed.
fn field(f: &ir::Field) -> Field {
    let mut ty = type_text(&f.ty);
    if f.boxed {
        ty = format!("Box<{ty}>");
    }
    if !f.flatten {
        if !f.required && f.nullable {
            ty = format!("Option<Option<{ty}>>");
        } else if !f.required || f.nullable {
            ty = format!("Option<{ty}>");
        }
    }
    Field {
        ident: f.ident.clone(),
        wire_name: f.wire_name.clone(),
        ty,
        required: f.required,
        nullable: f.nullable,
        default: f.default.clone(),
        doc: hash_all(&[f.description.as_deref()]),
    }
}

/// A type as a reader of the report wants it: models by their bare name.
pub fn type_text(t: &ir::Type) -> String {
    match t {
        ir::Type::String => "String".into(),
        ir::Type::Bool => "bool".into(),
        ir::Type::I32 => "i32".into(),
        ir::Type::I64 => "i64".into(),
        ir::Type::F32 => "f32".into(),
        ir::Type::F64 => "f64".into(),
        ir::Type::Bytes => "Vec<u8>".into(),
        ir::Type::Json => "serde_json::Value".into(),
        ir::Type::List(inner) => format!("Vec<{}>", type_text(inner)),
        ir::Type::Map(inner) => format!("BTreeMap<String, {}>", type_text(inner)),
        ir::Type::Model(name) => name.clone(),
    }
}

/// Which models each operation sends and receives, followed through fields, union variants
/// and aliases: a model reached from a parameter is a request model, one reached from a
/// success or error body a response model.
fn usages(krate: &ir::Crate) -> BTreeMap<&str, Usage> {
    let models: BTreeMap<&str, &ir::Model> = krate.models.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for op in krate.apis.iter().flat_map(|g| &g.operations) {
        request_roots.extend(op.params.iter().map(|p| &p.ty));
        if let ir::ResponseBody::Json(t) = &op.success {
            response_roots.push(t);
        }
        response_roots.extend(op.errors.iter().map(|e| &e.ty));
    }
    // A delivery is decoded like a response: the API writes it, the crate reads it.
    response_roots.extend(krate.receivers.iter().filter_map(|r| r.body.as_ref()));
    let request = reachable(&models, &request_roots);
    let response = reachable(&models, &response_roots);
    models
        .keys()
        .map(|name| (*name, Usage { request: request.contains(name), response: response.contains(name) }))
        .collect()
}

fn reachable<'a>(models: &BTreeMap<&'a str, &'a ir::Model>, roots: &[&'a ir::Type]) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&'a str> = Vec::new();
    for t in roots {
        push_models(t, &mut stack);
    }
    while let Some(name) = stack.pop() {
        let Some((key, model)) = models.get_key_value(name) else { continue };
        if !seen.insert(*key) {
            continue;
        }
        match &model.kind {
            ir::ModelKind::Struct(s) => s.fields.iter().for_each(|f| push_models(&f.ty, &mut stack)),
            ir::ModelKind::Enum(_) => {}
            ir::ModelKind::Tagged(t) => stack.extend(t.variants.iter().map(|v| v.model.as_str())),
            ir::ModelKind::Untagged(vs) => vs.iter().for_each(|v| push_models(&v.ty, &mut stack)),
            ir::ModelKind::Alias(t) => push_models(t, &mut stack),
        }
    }
    seen
}

fn push_models<'a>(t: &'a ir::Type, out: &mut Vec<&'a str>) {
    match t {
        ir::Type::Model(name) => out.push(name),
        ir::Type::List(inner) | ir::Type::Map(inner) => push_models(inner, out),
        _ => {}
    }
}

/// FNV-1a over the texts (with a separator so `["ab", None]` and `["a", "b"]` differ):
/// stable across Rust versions, unlike `DefaultHasher`, so a stored surface stays comparable.
fn hash_all(texts: &[Option<&str>]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for t in texts {
        match t {
            Some(text) => text.bytes().chain([0xff]).for_each(&mut eat),
            None => eat(0xfe),
        }
    }
    format!("{h:016x}")
}
