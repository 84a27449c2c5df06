//! The intermediate model: what the templates render, with every naming and layout decision made.
//!
//! Nothing here refers to `openapiv3`; another front end could produce the same model.

/// Everything needed to render one client crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Crate {
    /// Cargo package name, snake_case (`line_channel_access_token`).
    pub name: String,
    /// `info.title` of the spec.
    pub title: String,
    /// `info.version` of the spec.
    pub spec_version: String,
    pub description: Option<String>,
    /// Servers the operations call; index 0 is the default base URL (`servers[0].url`).
    pub servers: Vec<Server>,
    /// One API group per tag, sorted by class name.
    pub apis: Vec<ApiGroup>,
    /// Every model, sorted by Rust name.
    pub models: Vec<Model>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Whether any operation sends multipart bodies (the crate then needs reqwest's `multipart`).
    pub uses_multipart: bool,
    /// Whether a model has an optional nullable field, which needs `models::deserialize_nullable`.
    pub uses_nullable_fields: bool,
    /// Things the generator decided on its own that a maintainer should know about.
    pub warnings: Vec<String>,
    /// Every JSON `example` in the spec with the type it must decode into, sorted by pointer.
    pub examples: Vec<Example>,
}

/// An `example` value from the spec (schema, property, parameter or media type).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Where the example sits in the spec (`#/paths/~1v2~1bot~1info/get/responses/200/content/application~1json/example`).
    pub pointer: String,
    /// The type the value belongs to.
    pub ty: Type,
    /// The value is `null`, which the type accepts only as `Option<ty>`.
    pub null: bool,
    /// The value as compact JSON text.
    pub json: String,
    /// Object keys in the value that its schema does not declare (`/audienceGroup/activated`;
    /// ` (null)` is appended when a non-nullable property is given `null`). Found by walking the
    /// spec's schema, not the generated code, so a round trip may lose exactly these and no others.
    pub undeclared: Vec<String>,
}

impl Example {
    /// The Rust type the example decodes into, written with `crate::models` paths.
    pub fn rust(&self) -> String {
        if self.null {
            format!("Option<{}>", self.ty.rust())
        } else {
            self.ty.rust()
        }
    }
}

/// A server URL, and the name of the builder method that overrides it.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url: String,
    /// snake_case name used for the override (`base_url` for the default server).
    pub setter: String,
}

/// The operations of one tag, rendered as one `XxxApi` type and one `docs/XxxApi.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiGroup {
    /// `ChannelAccessTokenApi`
    pub class_name: String,
    /// `channel_access_token_api`, the module under `src/apis/` and the `Client` method.
    pub module: String,
    /// Operations sorted by their snake_case name.
    pub operations: Vec<Operation>,
    /// Index into [`Crate::servers`] the docs give as the group's base: the server every
    /// operation of the group uses, or the default server when they differ.
    pub server: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// `Get`, as the docs show it.
    pub fn pascal(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Put => "Put",
            Method::Post => "Post",
            Method::Delete => "Delete",
            Method::Options => "Options",
            Method::Head => "Head",
            Method::Patch => "Patch",
            Method::Trace => "Trace",
        }
    }

    /// `GET`, the `reqwest::Method` constant.
    pub fn upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's `operationId` (or the one derived from method and path).
    pub operation_id: String,
    /// snake_case method name (`issue_channel_token_by_jwt`).
    pub name: String,
    /// PascalCase stem for the per-operation types (`IssueChannelTokenByJwt`).
    pub type_stem: String,
    pub method: Method,
    /// The path template as written in the spec (`/v2/bot/message/{messageId}/content`).
    pub path: String,
    /// The path split into literal text and parameters, for building the URL.
    pub path_parts: Vec<PathPart>,
    /// Index into [`Crate::servers`].
    pub server: usize,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Parameters in signature and doc order: required first, then optional; spec order otherwise.
    pub params: Vec<Param>,
    /// How the body is encoded, if the operation has one.
    pub body: Option<Body>,
    /// The decoded result of a successful call.
    pub success: ResponseBody,
    /// Success status codes the spec declares (`200`, `202`, …).
    pub success_statuses: Vec<u16>,
    /// Declared non-success responses that carry a typed body.
    pub errors: Vec<ErrorCase>,
    /// Request media types, for the docs' Content-Type line.
    pub content_types: Vec<String>,
    /// Union of every response's media types, sent as `Accept`.
    pub accepts: Vec<String>,
    /// Indices into [`Crate::security_schemes`] this operation sends; empty means no auth.
    pub auth: Vec<usize>,
    /// Some parameter has [`ParamLocation::Cookie`] (so the request builds a `Cookie` header).
    pub sends_cookies: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// Index into [`Operation::params`].
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    /// Sent in the request's one `Cookie` header, `name=value` pairs joined by `; `.
    Cookie,
    /// A JSON (or other single-value) request body.
    Body,
    /// A field of an `application/x-www-form-urlencoded` body.
    Form,
    /// A part of a `multipart/form-data` body.
    Multipart,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire (`client_assertion`, `X-Line-Retry-Key`).
    pub wire_name: String,
    /// The Rust argument name.
    pub ident: String,
    pub location: ParamLocation,
    pub ty: Type,
    pub required: bool,
    pub description: Option<String>,
    /// Carries a credential: never shown in `Debug` or errors.
    pub secret: bool,
    /// The `Content-Type` of a multipart file part, from the body's `encoding` (`text/plain`);
    /// lowering keeps only values that are valid header text.
    pub part_content_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// JSON body from the parameter with location [`ParamLocation::Body`].
    Json,
    /// Raw bytes with the given media type (`*/*`, `image/jpeg`).
    Binary { content_type: String },
    Form,
    Multipart,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No content (revoke endpoints, 202 Accepted).
    Empty,
    Json(Type),
    /// Raw bytes (images, files).
    Bytes,
    Text,
}

/// A declared non-success response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCase {
    /// `400`; `None` for `default` and ranges such as `4XX`.
    pub status: Option<u16>,
    /// Variant name in the per-operation error enum (`Status400`, `DefaultResponse`).
    pub variant: String,
    pub ty: Type,
    pub description: String,
}

/// A Rust type as used in fields, parameters and responses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Type {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// Binary data.
    Bytes,
    /// Any JSON value.
    Json,
    List(Box<Type>),
    /// A JSON object with arbitrary keys.
    Map(Box<Type>),
    /// A model in `crate::models`, by Rust name.
    Model(String),
}

impl Type {
    /// The Rust type used inside the crate.
    pub fn rust(&self) -> String {
        match self {
            Type::String => "String".into(),
            Type::Bool => "bool".into(),
            Type::I32 => "i32".into(),
            Type::I64 => "i64".into(),
            Type::F32 => "f32".into(),
            Type::F64 => "f64".into(),
            Type::Bytes => "Vec<u8>".into(),
            Type::Json => "serde_json::Value".into(),
            Type::List(inner) => format!("Vec<{}>", inner.rust()),
            Type::Map(inner) => format!("std::collections::BTreeMap<String, {}>", inner.rust()),
            Type::Model(name) => format!("crate::models::{name}"),
        }
    }

    /// How the markdown docs write the type (`**String**`, `[**Foo**](Foo.md)`).
    pub fn doc(&self) -> String {
        match self {
            Type::Model(name) => format!("[**{name}**]({name}.md)"),
            Type::List(inner) => match inner.as_ref() {
                Type::Model(name) => format!("[**Vec<{name}>**]({name}.md)"),
                other => format!("**Vec<{}>**", other.doc_plain()),
            },
            Type::Map(inner) => match inner.as_ref() {
                Type::Model(name) => format!("[**std::collections::HashMap<String, {name}>**]({name}.md)"),
                other => format!("**std::collections::HashMap<String, {}>**", other.doc_plain()),
            },
            other => format!("**{}**", other.doc_plain()),
        }
    }

    fn doc_plain(&self) -> String {
        match self {
            Type::Bytes => "std::path::PathBuf".into(),
            Type::Json => "serde_json::Value".into(),
            Type::Model(name) => name.clone(),
            Type::List(inner) => format!("Vec<{}>", inner.doc_plain()),
            Type::Map(inner) => format!("std::collections::HashMap<String, {}>", inner.doc_plain()),
            other => other.rust(),
        }
    }

    /// Whether values of this type are passed by reference in method signatures.
    pub fn is_copy(&self) -> bool {
        matches!(self, Type::Bool | Type::I32 | Type::I64 | Type::F32 | Type::F64)
    }

    /// The argument type of a required parameter (`&str`, `i32`, `&crate::models::Foo`).
    pub fn arg(&self) -> String {
        match self {
            Type::String => "&str".into(),
            Type::Bytes => "Vec<u8>".into(),
            Type::List(inner) => format!("&[{}]", inner.rust()),
            t if t.is_copy() => t.rust(),
            t => format!("&{}", t.rust()),
        }
    }

    /// The argument type of an optional parameter.
    pub fn opt_arg(&self) -> String {
        match self {
            Type::Bytes => "Option<Vec<u8>>".into(),
            t => format!("Option<{}>", t.arg()),
        }
    }
}

/// A model rendered into `src/models/<module>.rs` and `docs/<name>.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// PascalCase Rust name (`IssueChannelAccessTokenResponse`).
    pub name: String,
    /// snake_case module name (a raw identifier for keywords).
    pub module: String,
    /// File stem of the module (`type` for `r#type`).
    pub file: String,
    /// The schema name or location in the spec it came from.
    pub spec_name: String,
    pub description: Option<String>,
    pub kind: ModelKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    Struct(Struct),
    /// A string enum with a catch-all for values LINE adds later.
    Enum(StringEnum),
    /// An internally tagged union selected by a discriminator property.
    Tagged(TaggedUnion),
    /// A `oneOf`/`anyOf` without discriminator: the first variant that decodes wins.
    Untagged(Vec<UntaggedVariant>),
    /// A named alias for another type (`type Foo = Vec<Bar>`).
    Alias(Type),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Whether a `Debug` impl must hide secret fields.
    pub has_secrets: bool,
    /// Every field has a `Default` (all optional), so the struct derives `Default`.
    pub derives_default: bool,
    /// Set when the struct is a variant of a tagged union: it writes the tag itself, so it
    /// stays correct when used on its own, and has no field for it.
    pub tag: Option<StructTag>,
}

/// The discriminator property and value a union variant writes.
#[derive(Debug, Clone, PartialEq)]
pub struct StructTag {
    pub property: String,
    pub value: String,
}

impl StructTag {
    /// The sentence the model's docs use for it (with a leading space, as rustdoc lines have).
    pub fn doc_line(&self) -> String {
        let pair = format!("\"{}\": \"{}\"", self.property, self.value);
        format!(
            " Serialized with {}, the tag that selects it in its union; it has no field for the tag.",
            crate::render::escape::code_span(&pair)
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON property name.
    pub wire_name: String,
    /// The Rust field name (`r#type`, `expires_in`).
    pub ident: String,
    pub ty: Type,
    pub required: bool,
    /// `null` is an allowed value.
    pub nullable: bool,
    /// Stored behind `Box` to break a recursive type.
    pub boxed: bool,
    pub description: Option<String>,
    /// Default from the spec, as the docs show it.
    pub default: Option<String>,
    pub secret: bool,
    /// Holds the properties the schema does not name (`additionalProperties`).
    pub flatten: bool,
}

impl Field {
    /// The field's full Rust type, including `Option` and `Box`.
    pub fn rust_type(&self) -> String {
        let inner = if self.boxed {
            format!("Box<{}>", self.ty.rust())
        } else {
            self.ty.rust()
        };
        self.wrap_option(inner)
    }

    /// How the model docs write the field's type (`Option<**String**>`).
    pub fn doc_type(&self) -> String {
        self.wrap_option(self.ty.doc())
    }

    fn wrap_option(&self, inner: String) -> String {
        if self.is_absent_or_null() {
            format!("Option<Option<{inner}>>")
        } else if self.is_option() {
            format!("Option<{inner}>")
        } else {
            inner
        }
    }

    /// Optional or nullable fields are `Option`s.
    pub fn is_option(&self) -> bool {
        !self.flatten && (!self.required || self.nullable)
    }

    /// Optional and nullable: `None` when absent, `Some(None)` for `null`, so both survive a round trip.
    pub fn is_absent_or_null(&self) -> bool {
        !self.flatten && !self.required && self.nullable
    }

    /// The serde attribute arguments for this field.
    pub fn serde_attr(&self) -> String {
        if self.flatten {
            return "flatten".into();
        }
        let mut out = format!("rename = {}", crate::render::escape::rust_string(&self.wire_name));
        if !self.required {
            out.push_str(", default, skip_serializing_if = \"Option::is_none\"");
        }
        if self.is_absent_or_null() {
            out.push_str(", deserialize_with = \"crate::models::deserialize_nullable\"");
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// Name of the catch-all variant that keeps unknown values.
    pub unknown_variant: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub ident: String,
    pub value: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaggedUnion {
    /// The discriminator property (`type`).
    pub tag: String,
    pub variants: Vec<TaggedVariant>,
    /// Name of the variant that keeps the raw JSON of unknown tags.
    pub unknown_variant: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// The discriminator value (`text`).
    pub value: String,
    pub ident: String,
    /// The struct holding this variant's fields, in `crate::models`.
    pub model: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant {
    pub ident: String,
    pub ty: Type,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key in `components.securitySchemes`.
    pub spec_name: String,
    pub kind: SecurityKind,
    /// The builder method that sets the credential (`bearer_token`).
    pub setter: String,
    /// The client field that stores it.
    pub field: String,
    pub description: Option<String>,
    /// Where the user gets the token, for OAuth 2.0 and OpenID Connect schemes: the client
    /// sends the token it is given as a bearer token ([`SecurityKind::Bearer`]).
    pub token_source: Option<TokenSource>,
}

/// How the user obtains the bearer token of an OAuth 2.0 or OpenID Connect scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// OAuth 2.0, with the token URL of the first flow that has one (none for implicit only).
    OAuth2 { token_url: Option<String> },
    /// OpenID Connect, with its discovery document's URL.
    OpenIdConnect { discovery_url: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    Bearer,
    Basic,
    /// An API key sent in the named header.
    ApiKeyHeader(String),
    /// An API key sent in the named query parameter.
    ApiKeyQuery(String),
}

impl Param {
    /// Expression for the parameter's text form, where `var` holds it as passed in.
    pub fn to_text_of(&self, var: &str) -> String {
        match &self.ty {
            Type::String => format!("{var}.to_string()"),
            t if t.is_copy() => format!("{var}.to_string()"),
            _ => format!("super::param_text({var})"),
        }
    }

    /// Expression for the text form of the argument itself.
    pub fn to_text(&self) -> String {
        self.to_text_of(&self.ident)
    }

    /// Expression for the `&str` put into the path (a `&str` argument is used as it is).
    pub fn path_text(&self) -> String {
        match &self.ty {
            Type::String => self.ident.clone(),
            _ => format!("&{}", self.to_text()),
        }
    }

    /// Expression adding the query parameter to `op_request`; lists repeat the key (form, exploded).
    pub fn query_push(&self, var: &str) -> String {
        let key = crate::render::escape::rust_string(&self.wire_name);
        match &self.ty {
            Type::List(_) => format!(
                "{var}.iter().fold(op_request, |op_request, item| op_request.query(&[({key}, super::param_text(item))]))"
            ),
            _ => format!("op_request.query(&[({key}, {})])", self.to_text_of(var)),
        }
    }

    /// Expression adding the multipart part to `op_multipart`.
    pub fn multipart_push(&self, var: &str) -> String {
        let key = crate::render::escape::rust_string(&self.wire_name);
        match &self.ty {
            Type::Bytes => {
                let part = format!("reqwest::multipart::Part::bytes({var}).file_name({key})");
                match &self.part_content_type {
                    Some(ct) => format!(
                        "op_multipart.part({key}, {part}.headers(reqwest::header::HeaderMap::from_iter([(reqwest::header::CONTENT_TYPE, reqwest::header::HeaderValue::from_static({}))])))",
                        crate::render::escape::rust_string(ct)
                    ),
                    None => format!("op_multipart.part({key}, {part})"),
                }
            }
            _ => format!("op_multipart.text({key}, {})", self.to_text_of(var)),
        }
    }
}

impl Operation {
    /// Whether the path has parameters (and so is built with `format!`).
    pub fn path_has_params(&self) -> bool {
        self.path_parts.iter().any(|p| matches!(p, PathPart::Param(_)))
    }

    /// The Rust expression for the request path: a string literal, or a `format!` that
    /// percent-encodes each parameter as one path segment.
    pub fn path_expr(&self) -> String {
        let mut fmt = String::new();
        let mut args = Vec::new();
        for part in &self.path_parts {
            match part {
                // Braces in the literal text are doubled for format!.
                PathPart::Literal(text) => fmt.push_str(&text.replace('{', "{{").replace('}', "}}")),
                PathPart::Param(i) => {
                    if let Some(p) = self.params.get(*i) {
                        fmt.push_str("{}");
                        args.push(format!("super::encode_path({})", p.path_text()));
                    }
                }
            }
        }
        if args.is_empty() {
            let literal: String = self
                .path_parts
                .iter()
                .filter_map(|p| match p {
                    PathPart::Literal(text) => Some(text.as_str()),
                    PathPart::Param(_) => None,
                })
                .collect();
            return crate::render::escape::rust_string(&literal);
        }
        format!("format!({}, {})", crate::render::escape::rust_string(&fmt), args.join(", "))
    }

    /// More arguments than clippy's `too_many_arguments` allows (7, counting `&self`): the
    /// methods take one argument per spec parameter, so the lint is allowed on them.
    pub fn many_arguments(&self) -> bool {
        self.params.len() + 1 > 7
    }

    /// Whether a `default` response catches every undeclared status.
    pub fn has_default_error(&self) -> bool {
        self.errors.iter().any(|e| e.status.is_none())
    }
}

impl ResponseBody {
    pub fn is_empty(&self) -> bool {
        matches!(self, ResponseBody::Empty)
    }

    /// The Rust type a successful call returns.
    pub fn rust(&self) -> String {
        match self {
            ResponseBody::Empty => "()".into(),
            ResponseBody::Json(t) => t.rust(),
            ResponseBody::Bytes => "Vec<u8>".into(),
            ResponseBody::Text => "String".into(),
        }
    }

    /// How the docs write the return type: `crate::models::X`, or nothing for an empty body.
    pub fn doc(&self) -> Option<String> {
        match self {
            ResponseBody::Empty => None,
            ResponseBody::Json(Type::Model(m)) => Some(format!("crate::models::{m}")),
            ResponseBody::Json(t) => Some(t.rust()),
            ResponseBody::Bytes => Some("Vec<u8>".into()),
            ResponseBody::Text => Some("String".into()),
        }
    }
}

impl SecurityKind {
    pub fn is_basic(&self) -> bool {
        matches!(self, SecurityKind::Basic)
    }
}
