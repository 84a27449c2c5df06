//! How the IR is written in the markdown docs (and the doc comments that quote them): type
//! names as openapi-generator's docs show them, method names, the tag sentence of union variants.

use super::escape::code_span;
use super::rust::{wrap_option, TypeRust};
use crate::ir::{Field, Method, ResponseBody, StructTag, Type};

/// How the docs write a [`Type`] (`**String**`, `[**Foo**](Foo.md)`).
pub trait TypeDoc {
    fn doc(&self) -> String;
}

impl TypeDoc for Type {
    fn doc(&self) -> String {
        match self {
            Type::Model(name) => format!("[**{name}**]({name}.md)"),
            Type::List(inner) => match inner.as_ref() {
                Type::Model(name) => format!("[**Vec<{name}>**]({name}.md)"),
                other => format!("**Vec<{}>**", doc_plain(other)),
            },
            Type::Map(inner) => match inner.as_ref() {
                Type::Model(name) => format!("[**std::collections::BTreeMap<String, {name}>**]({name}.md)"),
                other => format!("**std::collections::BTreeMap<String, {}>**", doc_plain(other)),
            },
            other => format!("**{}**", doc_plain(other)),
        }
    }
}

/// The type as the code has it (`Vec<u8>` for bytes, `BTreeMap` for maps), with models by name.
fn doc_plain(ty: &Type) -> String {
    match ty {
        Type::Bytes => "Vec<u8>".into(),
        Type::Json => "serde_json::Value".into(),
        Type::Model(name) => name.clone(),
        Type::List(inner) => format!("Vec<{}>", doc_plain(inner)),
        Type::Map(inner) => format!("std::collections::BTreeMap<String, {}>", doc_plain(inner)),
        other => other.rust(),
    }
}

/// How the API docs write a parameter's type: as the type docs do, except a binary body, which
/// the method takes as anything that becomes a request body.
pub trait ParamDoc {
    fn doc_type(&self) -> String;
}

impl ParamDoc for crate::ir::Param {
    fn doc_type(&self) -> String {
        use super::rust::ParamRust as _;
        match (self.is_body_stream(), self.required) {
            (true, true) => "**impl Into<reqwest::Body>**".to_string(),
            (true, false) => "Option<**Vec<u8>**>".to_string(),
            (false, true) => self.ty.doc(),
            (false, false) => format!("Option<{}>", self.ty.doc()),
        }
    }
}

/// How the model docs write a [`Field`]'s type (`Option<**String**>`).
pub trait FieldDoc {
    fn doc_type(&self) -> String;
}

impl FieldDoc for Field {
    fn doc_type(&self) -> String {
        wrap_option(self, self.ty.doc())
    }
}

/// How the docs write a [`ResponseBody`]: `crate::models::X`, or nothing for an empty body.
pub trait ResponseDoc {
    fn doc(&self) -> Option<String>;
}

impl ResponseDoc for ResponseBody {
    fn doc(&self) -> Option<String> {
        match self {
            ResponseBody::Empty => None,
            ResponseBody::Json(Type::Model(m)) => Some(format!("crate::models::{m}")),
            ResponseBody::Json(t) => Some(t.rust()),
            ResponseBody::Bytes => Some("Vec<u8>".into()),
            ResponseBody::Text => Some("String".into()),
        }
    }
}

/// How the docs write a [`Method`].
pub trait MethodDoc {
    /// `Get`, as the docs show it.
    fn pascal(self) -> String;
}

impl MethodDoc for Method {
    fn pascal(self) -> String {
        let name = match self {
            Method::Get => "Get",
            Method::Put => "Put",
            Method::Post => "Post",
            Method::Delete => "Delete",
            Method::Options => "Options",
            Method::Head => "Head",
            Method::Patch => "Patch",
            Method::Trace => "Trace",
            Method::Query => "Query",
            // As written: the method is case-sensitive.
            Method::Other(token) => return token.as_str().to_string(),
        };
        name.to_string()
    }
}

/// The sentence a tagged union variant's docs carry.
pub trait TagDoc {
    /// With a leading space, as rustdoc lines have.
    fn doc_line(&self) -> String;
}

impl TagDoc for StructTag {
    fn doc_line(&self) -> String {
        let pair = format!("\"{}\": \"{}\"", self.property, self.value);
        format!(
            " Serialized with {}, the tag that selects it in its union; it has no field for the tag.",
            code_span(&pair)
        )
    }
}

/// Markdown text of a [`crate::ir::Receiver`].
pub trait ReceiverDoc {
    /// The decoded body for the docs, linking a model's doc in `dir` (`docs/` from the README,
    /// empty from a doc beside it).
    fn body_doc(&self, dir: &str) -> String;
}

impl ReceiverDoc for crate::ir::Receiver {
    fn body_doc(&self, dir: &str) -> String {
        match &self.body {
            None => "(no body)".into(),
            Some(Type::Model(name)) => format!("[**{name}**]({dir}{name}.md)"),
            Some(Type::Bytes) => "**Vec<u8>** (the raw body)".into(),
            Some(other) => format!("**{}**", doc_plain(other)),
        }
    }
}
