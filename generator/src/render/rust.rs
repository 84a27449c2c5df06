//! How the IR is written as Rust: types, argument types, serde attributes, and the expressions
//! the operation template uses to put parameters on the wire.
//!
//! Each IR type gets a small trait so templates call methods on IR values (`p.call_arg()`);
//! the IR stays data.

use super::escape::rust_string;
use crate::ir::{
    ErrorStatus, Example, Field, Literal, Method, Operation, Param, ParamLocation, PathPart, ResponseBody, Struct, Type,
};

/// Rust text of a [`Type`].
pub trait TypeRust {
    /// The Rust type used inside the crate, written with `crate::models` paths.
    fn rust(&self) -> String;
    /// Whether values of this type are passed by value in method signatures.
    fn is_copy(&self) -> bool;
    /// The argument type of a parameter, borrowed with `lifetime` (`"'a "`, or `""` to elide
    /// it): `&'a str`, `&'a [T]`, `&'a crate::models::Foo`, or the value for `Copy` types.
    fn arg(&self, lifetime: &str) -> String;
}

impl TypeRust for Type {
    fn rust(&self) -> String {
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

    fn is_copy(&self) -> bool {
        matches!(self, Type::Bool | Type::I32 | Type::I64 | Type::F32 | Type::F64)
    }

    fn arg(&self, lifetime: &str) -> String {
        match self {
            Type::String => format!("&{lifetime}str"),
            Type::Bytes => "Vec<u8>".into(),
            Type::List(inner) => format!("&{lifetime}[{}]", inner.rust()),
            t if t.is_copy() => t.rust(),
            t => format!("&{lifetime}{}", t.rust()),
        }
    }
}

/// Rust text of an [`Example`].
pub trait ExampleRust {
    /// The Rust type the example decodes into.
    fn rust(&self) -> String;
}

impl ExampleRust for Example {
    fn rust(&self) -> String {
        if self.null {
            format!("Option<{}>", self.ty.rust())
        } else {
            self.ty.rust()
        }
    }
}

/// Rust text of a struct [`Field`].
pub trait FieldRust {
    /// The field's full Rust type, including `Option` and `Box`.
    fn rust_type(&self) -> String;
    /// The serde attribute arguments for this field.
    fn serde_attr(&self) -> String;
    /// The type `new` (for a required field) or the setter (for an optional one) takes: as
    /// accepting as the value allows (`impl Into<String>`, `impl Into<Vec<T>>`).
    fn value_arg(&self) -> String;
    /// Expression turning the argument `var` into what the field stores (boxing it where needed).
    fn value_from(&self, var: &str) -> String;
    /// What `new` stores: its argument for a required field, the spec default or nothing otherwise.
    fn initial(&self) -> String;
    /// What the setter stores from its argument `value`.
    fn set_expr(&self) -> String;
    /// The field in `new`'s struct expression (`name: value`, or the shorthand `name`).
    fn init_field(&self) -> String {
        let value = self.initial();
        let name = self.ident();
        if value == name {
            value
        } else {
            format!("{name}: {value}")
        }
    }
    fn ident(&self) -> &str;
    /// The local holding the field's value while a hand-written `Deserialize` reads the object.
    fn de_slot(&self) -> String;
    /// The field's value once the object is read, from its slot: a missing required field is
    /// an error, a missing optional or nullable one `None`, as serde's derive does.
    fn de_finish(&self) -> String;
}

/// What the crate-wide Rust of an [`crate::ir::Crate`] needs to know.
pub trait CrateRust {
    /// Some struct with fields decodes with the hand-written `Deserialize`, which shares helpers
    /// from `models/mod.rs`.
    fn decodes_structs_by_hand(&self) -> bool;
    /// Some of those fields is not lenient (`models::next_field` is used): a crate whose only
    /// hand-decoded structs are delivery envelopes of lenient fields (a webhooks-only crate) has none.
    fn decodes_strict_fields_by_hand(&self) -> bool;
    /// Some of those fields is required and not an `Option` (`models::required_field` is used).
    fn decodes_required_fields_by_hand(&self) -> bool;
    /// Some struct is a delivery envelope with lenient fields (`models::DefaultedField`,
    /// `next_lenient_field`, `lenient_field`).
    fn decodes_envelopes(&self) -> bool;
    /// Some struct left to serde's derive has an optional nullable field, which it decodes with
    /// `models::deserialize_nullable`.
    fn derive_decodes_nullable(&self) -> bool;
    /// Some operation takes a retry key header (LINE's `X-Line-Retry-Key`).
    fn takes_retry_keys(&self) -> bool;
    /// Some security scheme has an OAuth 2.0 client-credentials flow the client runs.
    fn has_client_credentials(&self) -> bool;
}

/// The fields of the structs that decode with the hand-written `Deserialize`.
fn hand_decoded_fields(krate: &crate::ir::Crate) -> impl Iterator<Item = &Field> {
    krate
        .models
        .iter()
        .filter_map(|m| match &m.kind {
            crate::ir::ModelKind::Struct(s) if s.decodes_by_hand() => Some(s),
            _ => None,
        })
        .flat_map(|s| s.fields.iter())
}

impl CrateRust for crate::ir::Crate {
    fn decodes_structs_by_hand(&self) -> bool {
        hand_decoded_fields(self).next().is_some()
    }

    fn decodes_strict_fields_by_hand(&self) -> bool {
        hand_decoded_fields(self).any(|f| !f.lenient)
    }

    fn decodes_required_fields_by_hand(&self) -> bool {
        hand_decoded_fields(self).any(|f| !f.is_option() && !f.lenient)
    }

    fn has_client_credentials(&self) -> bool {
        self.security_schemes.iter().any(|s| s.client_credentials.is_some())
    }

    fn takes_retry_keys(&self) -> bool {
        self.apis.iter().flat_map(|g| &g.operations).any(|o| o.retry_key.is_some())
    }

    fn decodes_envelopes(&self) -> bool {
        self.models.iter().any(|m| matches!(&m.kind, crate::ir::ModelKind::Struct(s) if s.defaulted.is_some()))
    }

    fn derive_decodes_nullable(&self) -> bool {
        self.models.iter().any(|m| {
            matches!(&m.kind, crate::ir::ModelKind::Struct(s)
                if !s.decodes_by_hand() && s.fields.iter().any(|f| f.is_absent_or_null()))
        })
    }
}

/// Rust text of a [`Struct`].
pub trait StructRust {
    /// More arguments to `new` than clippy's `too_many_arguments` allows (7; `new` has no `self`).
    fn many_required(&self) -> bool;
    /// The struct gets the small hand-written `Deserialize` (one match arm per field) instead of
    /// serde's derive, which costs several times as much to compile; a struct with flattened
    /// fields keeps the derive, which hands the keys it does not know on to them.
    fn decodes_by_hand(&self) -> bool;
    /// Some optional field's setter is not named after it (`set_next`: `next` is taken).
    fn renames_setters(&self) -> bool;
}

impl StructRust for Struct {
    fn many_required(&self) -> bool {
        self.fields.iter().filter(|f| f.is_new_argument()).count() > 7
    }

    fn decodes_by_hand(&self) -> bool {
        !self.fields.iter().any(|f| f.flatten)
    }

    fn renames_setters(&self) -> bool {
        self.fields.iter().any(|f| !f.required && !f.flatten && f.setter != f.ident)
    }
}

impl FieldRust for Field {
    fn rust_type(&self) -> String {
        let inner = if self.boxed { format!("Box<{}>", self.ty.rust()) } else { self.ty.rust() };
        wrap_option(self, inner)
    }

    fn serde_attr(&self) -> String {
        if self.flatten {
            return "flatten".into();
        }
        let mut out = format!("rename = {}", rust_string(&self.wire_name));
        if !self.required {
            out.push_str(", default, skip_serializing_if = \"Option::is_none\"");
        }
        if self.is_absent_or_null() {
            out.push_str(", deserialize_with = \"crate::models::deserialize_nullable\"");
        }
        out
    }

    fn value_arg(&self) -> String {
        if self.required && self.nullable {
            return format!("Option<{}>", self.ty.rust());
        }
        match &self.ty {
            Type::String | Type::Json | Type::Model(_) | Type::Bytes => format!("impl Into<{}>", self.ty.rust()),
            Type::List(item) => list_arg(item),
            other => other.rust(),
        }
    }

    fn value_from(&self, var: &str) -> String {
        if self.required && self.nullable {
            return if self.boxed { format!("{var}.map(Box::new)") } else { var.to_string() };
        }
        let value = match &self.ty {
            Type::String | Type::Json | Type::Model(_) | Type::Bytes => format!("{var}.into()"),
            Type::List(item) if item.is_copy() => format!("{var}.into_iter().collect()"),
            Type::List(_) => format!("{var}.into_iter().map(Into::into).collect()"),
            _ => var.to_string(),
        };
        if self.boxed {
            format!("Box::new({value})")
        } else {
            value
        }
    }

    fn initial(&self) -> String {
        if !self.is_new_argument() && self.flatten {
            return "Default::default()".into();
        }
        if self.required {
            return self.value_from(&self.ident);
        }
        match &self.default_value {
            Some(literal) => {
                let value = literal_expr(literal, &self.ty);
                let value = if self.boxed { format!("Box::new({value})") } else { value };
                if self.is_absent_or_null() {
                    format!("Some(Some({value}))")
                } else {
                    format!("Some({value})")
                }
            }
            None => "None".into(),
        }
    }

    fn ident(&self) -> &str {
        &self.ident
    }

    fn de_slot(&self) -> String {
        self.local.clone()
    }

    fn de_finish(&self) -> String {
        let slot = self.de_slot();
        if self.lenient && !self.is_option() {
            format!("crate::models::lenient_field({slot}, {}, &mut defaulted_fields)", rust_string(&self.wire_name))
        } else if self.is_absent_or_null() {
            slot
        } else if self.is_option() {
            format!("{slot}.flatten()")
        } else {
            format!("crate::models::required_field({slot}, {})?", rust_string(&self.wire_name))
        }
    }

    fn set_expr(&self) -> String {
        let value = self.value_from("value");
        if self.is_absent_or_null() {
            format!("Some(Some({value}))")
        } else {
            format!("Some({value})")
        }
    }
}

/// What a constructor or setter takes for a list of `item`s: anything iterable whose items
/// convert into one (`vec![TextMessage::new(t)]` for a list of `Message`s, `["a", "b"]` for a
/// list of strings, the `Vec` itself). A list of mixed members names its item type once
/// (`[Message::from(text), flex.into()]`): with `.into()` on every member nothing says what
/// they convert into, and rustc asks for a type annotation (E0283).
fn list_arg(item: &Type) -> String {
    if item.is_copy() {
        format!("impl IntoIterator<Item = {}>", item.rust())
    } else {
        format!("impl IntoIterator<Item = impl Into<{}>>", item.rust())
    }
}

/// A spec default as a Rust expression of the field's type.
fn literal_expr(literal: &Literal, ty: &Type) -> String {
    match (literal, ty) {
        (Literal::Str(s), _) => format!("String::from({})", rust_string(s)),
        (Literal::Bool(b), _) => b.to_string(),
        (Literal::Int(i), _) => i.to_string(),
        (Literal::Float(f), _) => format!("{f:?}"),
        (Literal::EnumValue(v), Type::Model(m)) => format!("crate::models::{m}::from_wire({})", rust_string(v)),
        (Literal::EnumValue(v), _) => format!("String::from({})", rust_string(v)),
    }
}

/// `inner` wrapped in the `Option`s the field needs (two for optional and nullable).
pub(super) fn wrap_option(field: &Field, inner: String) -> String {
    if field.is_absent_or_null() {
        format!("Option<Option<{inner}>>")
    } else if field.is_option() {
        format!("Option<{inner}>")
    } else {
        inner
    }
}

/// Rust expressions putting a [`Param`] on the wire.
pub trait ParamRust {
    /// A raw binary body, which the call takes as anything that becomes a `reqwest::Body`
    /// (bytes, a string, a file or a stream).
    fn is_body_stream(&self) -> bool;
    /// The parameter's type in the operation method's signature (borrowed for the call's `'a`).
    fn call_arg(&self) -> String {
        self.arg_with("'a ")
    }
    /// The signature type with references borrowed for `lifetime`.
    fn arg_with(&self, lifetime: &str) -> String;
    /// The type of the call value's field holding it.
    fn call_field(&self) -> String;
    /// The field in the call's struct expression (`name`, or `name: conversion`).
    fn call_init(&self) -> String;
    /// The type an optional parameter's setter takes.
    fn setter_arg(&self) -> String;
    /// What the setter stores from its argument `value`.
    fn setter_value(&self) -> String;
    /// Expression for the parameter's text form, where `var` holds it as passed in.
    fn to_text_of(&self, var: &str) -> String;
    /// Expression for the text form of the argument itself.
    fn to_text(&self) -> String;
    /// Expression for the `&str` put into the path (a `&str` argument is used as it is).
    fn path_text(&self) -> String;
    /// Expression adding the query parameter to `op_request`; lists repeat the key (form, exploded).
    fn query_push(&self, var: &str) -> String;
    /// Expression adding the multipart part to `op_multipart`.
    fn multipart_push(&self, var: &str) -> String;
}

impl ParamRust for Param {
    fn is_body_stream(&self) -> bool {
        self.location == ParamLocation::Body && self.ty == Type::Bytes
    }

    fn arg_with(&self, lifetime: &str) -> String {
        match (self.is_body_stream(), self.required) {
            (true, true) => "impl Into<reqwest::Body>".into(),
            (true, false) => "Option<Vec<u8>>".into(),
            (false, true) => self.ty.arg(lifetime),
            (false, false) => format!("Option<{}>", self.ty.arg(lifetime)),
        }
    }

    fn call_field(&self) -> String {
        let inner = if self.is_body_stream() { "reqwest::Body".to_string() } else { self.ty.arg("'a ") };
        if self.required {
            inner
        } else {
            format!("Option<{inner}>")
        }
    }

    fn call_init(&self) -> String {
        match (self.is_body_stream(), self.required) {
            (true, true) => format!("{0}: {0}.into()", self.ident),
            (true, false) => format!("{0}: {0}.map(Into::into)", self.ident),
            (false, _) => self.ident.clone(),
        }
    }

    fn setter_arg(&self) -> String {
        if self.is_body_stream() {
            "impl Into<reqwest::Body>".into()
        } else {
            self.ty.arg("'a ")
        }
    }

    fn setter_value(&self) -> String {
        if self.is_body_stream() {
            "Some(value.into())".into()
        } else {
            "Some(value)".into()
        }
    }

    fn to_text_of(&self, var: &str) -> String {
        match &self.ty {
            Type::String => format!("{var}.to_string()"),
            t if t.is_copy() => format!("{var}.to_string()"),
            _ => format!("crate::runtime::param_text({var})"),
        }
    }

    fn to_text(&self) -> String {
        self.to_text_of(&self.ident)
    }

    fn path_text(&self) -> String {
        match &self.ty {
            Type::String => self.ident.clone(),
            _ => format!("&{}", self.to_text()),
        }
    }

    fn query_push(&self, var: &str) -> String {
        let key = rust_string(&self.wire_name);
        match &self.ty {
            Type::List(_) => format!(
                "{var}.iter().fold(op_request, |op_request, item| op_request.query(&[({key}, crate::runtime::param_text(item))]))"
            ),
            _ => format!("op_request.query(&[({key}, {})])", self.to_text_of(var)),
        }
    }

    fn multipart_push(&self, var: &str) -> String {
        let key = rust_string(&self.wire_name);
        match &self.ty {
            Type::Bytes => {
                let part = format!("reqwest::multipart::Part::bytes({var}).file_name({key})");
                match &self.part_content_type {
                    Some(ct) => format!(
                        "op_multipart.part({key}, {part}.headers(reqwest::header::HeaderMap::from_iter([(reqwest::header::CONTENT_TYPE, reqwest::header::HeaderValue::from_static({}))])))",
                        rust_string(ct)
                    ),
                    None => format!("op_multipart.part({key}, {part})"),
                }
            }
            _ => format!("op_multipart.text({key}, {})", self.to_text_of(var)),
        }
    }
}

/// Rust text of an [`Operation`].
pub trait OperationRust {
    /// The Rust expression for the request path: a string literal, or a `format!` that
    /// percent-encodes each parameter as one path segment.
    fn path_expr(&self) -> String;
    /// More arguments than clippy's `too_many_arguments` allows (7, counting `&self`): the
    /// methods take one argument per spec parameter, so the lint is allowed on them.
    fn many_arguments(&self) -> bool;
    /// Whether `p` is the operation's retry key, which the client fills in when it may retry.
    fn takes_retry_key(&self, p: &Param) -> bool;
    /// Whether some parameter is optional (the operation then also has a `…_request` form
    /// taking the required ones only).
    fn has_optional_params(&self) -> bool {
        self.params().iter().any(|p| !p.required)
    }
    /// Whether the form body has fields (a form schema may declare none: the body is then empty).
    fn has_form_fields(&self) -> bool {
        self.params().iter().any(|p| p.location == ParamLocation::Form)
    }
    fn params(&self) -> &[Param];
}

impl OperationRust for Operation {
    fn path_expr(&self) -> String {
        let mut fmt = String::new();
        let mut args = Vec::new();
        for part in &self.path_parts {
            match part {
                // Braces in the literal text are doubled for format!.
                PathPart::Literal(text) => fmt.push_str(&text.replace('{', "{{").replace('}', "}}")),
                PathPart::Param(i) => {
                    if let Some(p) = self.params.get(*i) {
                        fmt.push_str("{}");
                        args.push(format!("crate::runtime::encode_path({})", p.path_text()));
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
            return rust_string(&literal);
        }
        format!("format!({}, {})", rust_string(&fmt), args.join(", "))
    }

    fn many_arguments(&self) -> bool {
        self.params.len() + 1 > 7
    }

    fn params(&self) -> &[Param] {
        &self.params
    }

    fn takes_retry_key(&self, p: &Param) -> bool {
        !p.required && self.retry_key.and_then(|i| self.params.get(i)).is_some_and(|k| k.ident == p.ident)
    }
}

/// Rust text of a [`ResponseBody`].
pub trait ResponseRust {
    /// The Rust type a successful call returns.
    fn rust(&self) -> String;
}

impl ResponseRust for ResponseBody {
    fn rust(&self) -> String {
        match self {
            ResponseBody::Empty => "()".into(),
            ResponseBody::Json(t) => t.rust(),
            ResponseBody::Bytes => "Vec<u8>".into(),
            ResponseBody::Text => "String".into(),
        }
    }
}

/// Rust text of an [`ErrorStatus`].
pub trait ErrorStatusRust {
    /// The `match` pattern over a `u16` status: `404`, `400..=499`, or `_` for `default`.
    fn pattern(&self) -> String;
}

impl ErrorStatusRust for ErrorStatus {
    fn pattern(&self) -> String {
        match self {
            ErrorStatus::Code(c) => c.to_string(),
            ErrorStatus::Range(r) => format!("{}..={}", r * 100, r * 100 + 99),
            ErrorStatus::Default => "_".into(),
        }
    }
}

/// Rust text of an [`crate::ir::Framing`]: the runtime's `Framing` variant.
pub trait FramingRust {
    fn rust(self) -> &'static str;
}

impl FramingRust for crate::ir::Framing {
    fn rust(self) -> &'static str {
        match self {
            crate::ir::Framing::JsonLines => "crate::apis::Framing::JsonLines",
            crate::ir::Framing::JsonSeq => "crate::apis::Framing::JsonSeq",
            crate::ir::Framing::EventStream => "crate::apis::Framing::EventStream",
        }
    }
}

/// Rust text of a [`Method`].
pub trait MethodRust {
    /// The expression of this method in the `http` crate as `krate` re-exports it (`reqwest`):
    /// a constant, or `from_bytes` of a token the crate has no constant for (`QUERY`).
    fn expr(self, krate: &str) -> String;
    /// [`Self::expr`] for reqwest, as the client sends it.
    fn reqwest(self) -> String;
}

impl MethodRust for Method {
    fn expr(self, krate: &str) -> String {
        match self {
            // A valid token (`ir::MethodToken`): `from_bytes` cannot fail, the fallback is never taken.
            Method::Query | Method::Other(_) => {
                format!("{krate}::Method::from_bytes(b\"{}\").unwrap_or({krate}::Method::POST)", self.as_str())
            }
            _ => format!("{krate}::Method::{}", self.as_str()),
        }
    }

    fn reqwest(self) -> String {
        self.expr("reqwest")
    }
}

/// An identifier without its raw prefix (`r#type` → `type`), for file names, docs and strings.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Rust text of a [`crate::ir::Receiver`].
pub trait ReceiverRust {
    /// The receiver type (`CallbackReceiver`).
    fn type_name(&self) -> String;
    /// The type a delivery decodes into: the JSON body, raw bytes, or `()` without a body.
    fn body_rust(&self) -> String;
    /// The expression that decodes the checked `body` bytes into [`ReceiverRust::body_rust`].
    fn decode(&self) -> String;
    /// The `receive::Scheme` literal of a signed receiver.
    fn scheme(&self) -> String;
    /// The type `test_delivery` takes the body as (`&crate::models::CallbackRequest`, `&[u8]`).
    fn test_body_arg(&self) -> String;
    /// The `TestDelivery` of `body` (unsigned).
    fn test_delivery_expr(&self) -> String;
    /// The signature in words, for rustdoc (`the base64 HMAC-SHA256 of the raw body`).
    fn signature_words(&self) -> String;
}

impl ReceiverRust for crate::ir::Receiver {
    fn type_name(&self) -> String {
        format!("{}Receiver", self.type_stem)
    }

    fn body_rust(&self) -> String {
        match &self.body {
            Some(ty) => ty.rust(),
            None => "()".into(),
        }
    }

    fn decode(&self) -> String {
        match &self.body {
            None => "Ok(())".into(),
            Some(Type::Bytes) => "Ok(body.to_vec())".into(),
            Some(ty) => {
                let expected = match ty {
                    Type::Model(name) => name.clone(),
                    _ => ty.rust(),
                };
                format!("receive::parse_json::<{}>(body, {})", ty.rust(), rust_string(&expected))
            }
        }
    }

    fn test_body_arg(&self) -> String {
        match &self.body {
            None => String::new(),
            Some(Type::Bytes) => "&[u8]".into(),
            Some(Type::List(inner)) => format!("&[{}]", inner.rust()),
            Some(ty) => format!("&{}", ty.rust()),
        }
    }

    fn test_delivery_expr(&self) -> String {
        let method = self.method.expr("http");
        match &self.body {
            None => format!("TestDelivery::bytes({method}, Vec::new(), \"\")"),
            Some(Type::Bytes) => format!("TestDelivery::bytes({method}, body.to_vec(), \"application/octet-stream\")"),
            Some(_) => format!("TestDelivery::json({method}, body)"),
        }
    }

    fn scheme(&self) -> String {
        use crate::ir::{SignatureAlgorithm as A, SignatureEncoding as E};
        let Some(s) = &self.signature else { return String::new() };
        let algorithm = match s.algorithm {
            A::HmacSha256 => "HmacSha256",
            A::HmacSha512 => "HmacSha512",
        };
        let encoding = match s.encoding {
            E::Base64 => "Base64",
            E::Hex => "Hex",
        };
        format!(
            "receive::Scheme {{ header: {}, algorithm: receive::Algorithm::{algorithm}, encoding: receive::Encoding::{encoding}, prefix: {}, key_name: {} }}",
            rust_string(&s.header),
            rust_string(&s.prefix),
            rust_string(&s.key_name)
        )
    }

    fn signature_words(&self) -> String {
        use crate::ir::{SignatureAlgorithm as A, SignatureEncoding as E};
        let Some(s) = &self.signature else { return String::new() };
        let algorithm = match s.algorithm {
            A::HmacSha256 => "HMAC-SHA256",
            A::HmacSha512 => "HMAC-SHA512",
        };
        let encoding = match s.encoding {
            E::Base64 => "base64",
            E::Hex => "hexadecimal",
        };
        let prefix = if s.prefix.is_empty() { String::new() } else { format!("{} followed by ", s.prefix) };
        format!("{prefix}the {encoding} {algorithm} of the raw body, keyed with the {}", s.key_name)
    }
}

/// Rust text of the typed mock server's per-operation parts (`templates/mock.rs`).
pub trait MockRust {
    /// The status a success is answered with: the first the spec declares (200 when it
    /// declares none but `default`).
    fn mock_success_status(&self) -> u16;
    /// Each declared error's variant with the status the mock answers it with: its own code;
    /// for a class (`4XX`) or `default`, the first code of it that no more specific case of the
    /// operation claims, so the client decodes it back into the same variant.
    fn mock_error_statuses(&self) -> Vec<(String, u16)>;
    /// Some parameter is a multipart part (the decode reads the parts once).
    fn mock_reads_parts(&self) -> bool;
    /// Some parameter carries a credential: the typed request hides it in `Debug`.
    fn mock_has_secrets(&self) -> bool;
}

impl MockRust for Operation {
    fn mock_success_status(&self) -> u16 {
        self.success_statuses.first().copied().unwrap_or(200)
    }

    fn mock_error_statuses(&self) -> Vec<(String, u16)> {
        let exact: Vec<u16> = self.errors.iter().filter_map(|e| if let ErrorStatus::Code(c) = e.status { Some(c) } else { None }).collect();
        let ranges: Vec<u16> = self.errors.iter().filter_map(|e| if let ErrorStatus::Range(r) = e.status { Some(r) } else { None }).collect();
        let claimed = |c: u16| exact.contains(&c) || ranges.contains(&(c / 100));
        self.errors
            .iter()
            .map(|e| {
                let status = match e.status {
                    ErrorStatus::Code(c) => c,
                    ErrorStatus::Range(r) => (r * 100..r * 100 + 100).find(|c| !exact.contains(c)).unwrap_or(r * 100),
                    ErrorStatus::Default => (500..600).chain(400..500).find(|c| !claimed(*c)).unwrap_or(500),
                };
                (e.variant.clone(), status)
            })
            .collect()
    }

    fn mock_reads_parts(&self) -> bool {
        self.params.iter().any(|p| p.location == ParamLocation::Multipart)
    }

    fn mock_has_secrets(&self) -> bool {
        self.params.iter().any(|p| p.secret)
    }
}

/// Rust text of a parameter in the typed mock server.
pub trait MockParamRust {
    /// The type of the parameter in the operation's typed request: the owned form of its
    /// type, an `Option` when it is optional.
    fn mock_type(&self) -> String;
    /// The expression reading the parameter back from `request` (and `parts`, for multipart).
    fn mock_decode(&self) -> String;
}

impl MockParamRust for Param {
    fn mock_type(&self) -> String {
        if self.required {
            self.ty.rust()
        } else {
            format!("Option<{}>", self.ty.rust())
        }
    }

    fn mock_decode(&self) -> String {
        let wire = rust_string(&self.wire_name);
        let what = |kind: &str| rust_string(&format!("the {kind} `{}`", self.wire_name));
        let scalar = |values: String, kind: &str| {
            let helper = if self.required { "one" } else { "optional" };
            format!("server::{helper}({values}, {})?", what(kind))
        };
        match self.location {
            ParamLocation::Path => scalar(format!("request.path_param({wire}).map(str::to_string).into_iter().collect()"), "path parameter"),
            ParamLocation::Query => match (&self.ty, self.required) {
                (Type::List(_), true) => format!("server::list(request.query_values({wire}), {})?", what("query parameter")),
                (Type::List(_), false) => format!("server::optional_list(request.query_values({wire}), {})?", what("query parameter")),
                _ => scalar(format!("request.query_values({wire})"), "query parameter"),
            },
            ParamLocation::Header => scalar(format!("request.header_values({wire})"), "header"),
            ParamLocation::Cookie => scalar(format!("request.cookie({wire}).into_iter().collect()"), "cookie"),
            ParamLocation::Form => scalar(format!("request.form_values({wire})"), "form field"),
            ParamLocation::Multipart if self.ty == Type::Bytes => {
                if self.required {
                    let missing = rust_string(&format!("the multipart part `{}` is missing", self.wire_name));
                    format!("server::part_bytes(&parts, {wire}).ok_or({missing})?")
                } else {
                    format!("server::part_bytes(&parts, {wire})")
                }
            }
            ParamLocation::Multipart => scalar(format!("server::part_texts(&parts, {wire})"), "multipart part"),
            ParamLocation::Body if self.ty == Type::Bytes => {
                if self.required {
                    "request.body.to_vec()".into()
                } else {
                    "(!request.body.is_empty()).then(|| request.body.to_vec())".into()
                }
            }
            ParamLocation::Body => {
                if self.required {
                    "server::json_body(request)?.ok_or(\"the JSON body is missing\")?".into()
                } else {
                    "server::json_body(request)?".into()
                }
            }
        }
    }
}

/// `var` (an integer parameter) as an `i64`.
fn widen(var: &str, ty: &Type) -> String {
    if *ty == Type::I32 {
        format!("i64::from({var})")
    } else {
        var.to_string()
    }
}

/// Rust text of a paged operation's `pages` and `items` methods (`templates/api.rs`).
pub trait PagingRust {
    /// The first page's cursor, from the call's own parameter (bound by its name).
    fn page_first(&self) -> String;
    /// The call's field for the cursor parameter, from `op_cursor`.
    fn page_param_value(&self) -> String;
    /// The page after `op_page` (fetched at `op_cursor`), `None` after the last one.
    fn page_advance(&self) -> String;
    /// The items of `op_page`, taken out of it.
    fn page_items(&self) -> String;
    /// The item type.
    fn page_item_type(&self) -> String;
    /// How the advance closure binds the page's cursor: `op_cursor`, or `_` when the next page
    /// does not depend on it (a cursor the server hands out).
    fn page_cursor_binding(&self) -> &'static str;
    /// Whether parameter `i` carries the cursor, page or offset.
    fn is_page_param(&self, i: &usize) -> bool;
    /// The cursor parameter's Rust name, without a raw prefix.
    fn page_param_name(&self) -> String;
    /// The items field's Rust name, without a raw prefix.
    fn page_items_field(&self) -> String;
}

impl PagingRust for Operation {
    fn page_first(&self) -> String {
        let Some(pg) = &self.pagination else { return String::new() };
        let Some(p) = self.params.get(pg.param) else { return String::new() };
        let ident = &p.ident;
        match (&pg.style, p.required) {
            (crate::ir::PageStyle::Cursor { .. }, false) => format!("crate::runtime::PageCursor::Token({ident}.map(str::to_string))"),
            (crate::ir::PageStyle::Cursor { .. }, true) => format!("crate::runtime::PageCursor::Token(Some({ident}.to_string()))"),
            (_, false) if p.ty == Type::I32 => format!("crate::runtime::PageCursor::Number({ident}.map(i64::from))"),
            (_, false) => format!("crate::runtime::PageCursor::Number({ident})"),
            (_, true) => format!("crate::runtime::PageCursor::Number(Some({}))", widen(ident, &p.ty)),
        }
    }

    fn page_param_value(&self) -> String {
        let Some(pg) = &self.pagination else { return String::new() };
        let Some(p) = self.params.get(pg.param) else { return String::new() };
        match (&pg.style, p.required) {
            (crate::ir::PageStyle::Cursor { .. }, false) => "op_cursor.token()".into(),
            (crate::ir::PageStyle::Cursor { .. }, true) => "op_cursor.token().unwrap_or_default()".into(),
            (_, false) => "op_cursor.number()".into(),
            (_, true) => "op_cursor.number().unwrap_or_default()".into(),
        }
    }

    fn page_advance(&self) -> String {
        use crate::ir::PageStyle;
        let Some(pg) = &self.pagination else { return String::new() };
        let count = if pg.items_optional {
            format!("op_page.{}.as_ref().map_or(0, Vec::len)", pg.items)
        } else {
            format!("op_page.{}.len()", pg.items)
        };
        match &pg.style {
            PageStyle::Cursor { next, next_optional } => {
                let next = if *next_optional { format!("op_page.{next}.as_deref()") } else { format!("Some(op_page.{next}.as_str())") };
                format!("{next}.filter(|op_next| !op_next.is_empty()).map(|op_next| crate::runtime::PageCursor::Token(Some(op_next.to_string())))")
            }
            PageStyle::Page { first, has_more } => {
                let more = match has_more {
                    Some((field, true)) => format!("op_page.{field} == Some(true)"),
                    Some((field, false)) => format!("op_page.{field}"),
                    None => format!("{count} > 0"),
                };
                format!("({more}).then(|| crate::runtime::PageCursor::Number(Some(op_cursor.raw_number().unwrap_or({first}) + 1)))")
            }
            PageStyle::Offset { limit } => {
                let full = match limit.and_then(|i| self.params.get(i)) {
                    Some(l) if l.required => format!(" && i64::try_from(op_count).ok() >= Some({})", widen(&l.ident, &l.ty)),
                    Some(l) => format!(" && {}.is_none_or(|op_limit| i64::try_from(op_count).ok() >= Some({}))", l.ident, widen("op_limit", &l.ty)),
                    None => String::new(),
                };
                format!(
                    "{{ let op_count = {count}; (op_count > 0{full}).then(|| crate::runtime::PageCursor::Number(Some(op_cursor.raw_number().unwrap_or(0).saturating_add(i64::try_from(op_count).unwrap_or(i64::MAX))))) }}"
                )
            }
        }
    }

    fn page_items(&self) -> String {
        let Some(pg) = &self.pagination else { return String::new() };
        if pg.items_optional {
            format!("op_page.{}.unwrap_or_default()", pg.items)
        } else {
            format!("op_page.{}", pg.items)
        }
    }

    fn page_item_type(&self) -> String {
        self.pagination.as_ref().map(|pg| pg.item.rust()).unwrap_or_default()
    }

    fn page_cursor_binding(&self) -> &'static str {
        match self.pagination.as_ref().map(|pg| &pg.style) {
            Some(crate::ir::PageStyle::Cursor { .. }) => "_",
            _ => "op_cursor",
        }
    }

    fn is_page_param(&self, i: &usize) -> bool {
        self.pagination.as_ref().is_some_and(|pg| pg.param == *i)
    }

    fn page_param_name(&self) -> String {
        let p = self.pagination.as_ref().and_then(|pg| self.params.get(pg.param));
        p.map(|p| unraw(&p.ident).to_string()).unwrap_or_default()
    }

    fn page_items_field(&self) -> String {
        self.pagination.as_ref().map(|pg| unraw(&pg.items).to_string()).unwrap_or_default()
    }
}
