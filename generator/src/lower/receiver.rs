//! Lowers the operations the API sends to you: `x-webhook` operations and `callbacks`.
//!
//! The extension says that an operation is received, not called, and how it is signed:
//!
//! ```yaml
//! x-webhook:
//!   signature:
//!     header: x-line-signature     # the header that carries the signature
//!     algorithm: hmac-sha256       # hmac-sha256 | hmac-sha512, over the raw body
//!     encoding: base64             # base64 | hex
//!     prefix: ""                   # text before the encoded MAC (GitHub: "sha256=")
//!     key: channel secret          # what the sender calls the key
//! ```
//!
//! `x-webhook: true` (or a mapping without `signature`) marks an unsigned receiver; operations
//! under `callbacks` are receivers without it, signed when they carry the extension too.

use openapiv3::Operation;
use serde_json::Value;

use super::names;
use super::schema::SchemaRef;
use super::{Lowerer, Pointer};
use super::models::{Hint, Ids, Type};
use crate::ir;

/// The extension that marks a received operation.
pub const EXTENSION: &str = "x-webhook";

/// What an operation's `x-webhook` says.
pub(crate) enum Direction {
    Called,
    Received(Option<ir::Signature>),
}

impl<'a> Lowerer<'a> {
    /// Reads the `x-webhook` extension of the operation at `at`, reporting what is wrong with it.
    pub(crate) fn direction(&mut self, op: &Operation, at: &Pointer) -> Direction {
        let Some(ext) = op.extensions.get(EXTENSION) else {
            return Direction::Called;
        };
        let at = at.join(EXTENSION);
        match ext {
            Value::Bool(false) => Direction::Called,
            Value::Bool(true) | Value::Null => Direction::Received(None),
            Value::Object(map) => {
                for key in map.keys().filter(|k| *k != "signature" && !k.starts_with("x-")) {
                    self.problem(&at.join(key), format!("`{key}` is not a field of `{EXTENSION}`; it has `signature`"));
                }
                match map.get("signature") {
                    None | Some(Value::Null) => Direction::Received(None),
                    Some(Value::Object(sig)) => Direction::Received(self.signature(sig, &at.join("signature"))),
                    Some(other) => {
                        self.problem(&at.join("signature"), format!("`signature` must be a mapping with `header`, `algorithm` and `encoding`, found {}", crate::load::kind_of(other)));
                        Direction::Received(None)
                    }
                }
            }
            other => {
                self.problem(&at, format!("`{EXTENSION}` must be true, false or a mapping with `signature`, found {}", crate::load::kind_of(other)));
                Direction::Called
            }
        }
    }

    fn signature(&mut self, sig: &serde_json::Map<String, Value>, at: &Pointer) -> Option<ir::Signature> {
        const FIELDS: [&str; 5] = ["header", "algorithm", "encoding", "prefix", "key"];
        for key in sig.keys().filter(|k| !FIELDS.contains(&k.as_str()) && !k.starts_with("x-")) {
            let near = crate::load::check::closest(key, FIELDS.iter().copied())
                .map(|f| format!(" (did you mean `{f}`?)"))
                .unwrap_or_default();
            self.problem(&at.join(key), format!("`{key}` is not a field of a signature{near}; known: {}", FIELDS.join(", ")));
        }
        let text = |this: &mut Self, field: &str, required: bool| -> Option<String> {
            match sig.get(field) {
                Some(Value::String(s)) => Some(s.clone()),
                None if !required => None,
                None => {
                    this.problem(at, format!("the signature has no `{field}`"));
                    None
                }
                Some(other) => {
                    this.problem(&at.join(field), format!("`{field}` must be a string, found {}", crate::load::kind_of(other)));
                    None
                }
            }
        };
        let header = text(self, "header", true);
        let algorithm = text(self, "algorithm", true);
        let encoding = text(self, "encoding", true);
        let prefix = text(self, "prefix", false).unwrap_or_default();
        let key_name = text(self, "key", false).unwrap_or_else(|| "secret".into());
        let header = header.filter(|h| {
            let ok = !h.is_empty() && h.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !ok {
                self.problem(&at.join("header"), format!("`{h}` is not an HTTP header name (RFC 9110 token characters)"));
            }
            ok
        });
        let algorithm = algorithm.and_then(|a| match a.to_ascii_lowercase().as_str() {
            "hmac-sha256" => Some(ir::SignatureAlgorithm::HmacSha256),
            "hmac-sha512" => Some(ir::SignatureAlgorithm::HmacSha512),
            _ => {
                self.problem(&at.join("algorithm"), format!("unsupported signature algorithm `{a}`; expected hmac-sha256 or hmac-sha512"));
                None
            }
        });
        let encoding = encoding.and_then(|e| match e.to_ascii_lowercase().as_str() {
            "base64" => Some(ir::SignatureEncoding::Base64),
            "hex" => Some(ir::SignatureEncoding::Hex),
            _ => {
                self.problem(&at.join("encoding"), format!("unsupported signature encoding `{e}`; expected base64 or hex"));
                None
            }
        });
        // Prefix and key name are written into string literals and docs; control characters
        // could not be sent in a header anyway.
        for (field, value) in [("prefix", &prefix), ("key", &key_name)] {
            if value.chars().any(char::is_control) {
                self.problem(&at.join(field), format!("`{field}` must be one line of text without control characters"));
                return None;
            }
        }
        Some(ir::Signature { header: header?.to_ascii_lowercase(), algorithm: algorithm?, encoding: encoding?, prefix, key_name })
    }

    /// Lowers a received operation: its body type, signature and docs.
    #[allow(clippy::too_many_arguments, reason = "one call site; the parts of the operation it names")]
    pub(crate) fn lower_receiver(
        &mut self,
        op: &'a Operation,
        method: ir::Method,
        path: &str,
        at: &Pointer,
        operation_id: String,
        name: String,
        signature: Option<ir::Signature>,
        origin: ir::ReceiverOrigin,
    ) -> ir::Receiver<Ids> {
        let stem = names::type_stem(names::bare(&name));
        let mut body = None;
        let mut media_type = None;
        if let Some(rb) = &op.request_body {
            let bat = at.join("requestBody");
            if let Some(rb) = self.resolve_request_body(rb, &bat) {
                let json = rb.content.iter().find(|(m, _)| super::operation::is_json(m));
                match json {
                    Some((media, mt)) => {
                        let schema_at = bat.join("content").join(media).join("schema");
                        let ty = match &mt.schema {
                            Some(s) => self.type_of(SchemaRef::from(s), &Hint::text(format!("{stem}Request")), &schema_at, 0),
                            None => Type::Json,
                        };
                        body = Some(ty);
                        media_type = Some(media.clone());
                    }
                    None => {
                        body = rb.content.first().map(|_| Type::Bytes);
                        media_type = rb.content.keys().next().cloned();
                    }
                }
            }
        }
        let success_status = op.responses.responses.keys().find_map(|code| match code {
            openapiv3::StatusCode::Code(c) if (200..300).contains(c) => Some(*c),
            _ => None,
        });
        ir::Receiver {
            operation_id,
            name,
            type_stem: stem,
            method,
            path: path.to_string(),
            summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
            description: op.description.clone().filter(|s| !s.trim().is_empty()),
            deprecated: op.deprecated,
            body,
            media_type,
            signature,
            origin,
            success_status,
        }
    }
}

/// Makes the struct each receiver decodes its JSON body into a delivery envelope: a platform
/// that leaves out (or mistypes) a field the events do not need still gets its events to the
/// handler, as the events themselves are decoded leniently (`Unknown`, `Malformed`). A field
/// carries events when it is a list or map of models; such fields, and required models and
/// secrets, stay strict. A struct with flattened fields keeps serde's derive and stays strict.
pub(crate) fn mark_envelopes(models: &mut super::models::Models, receivers: &[ir::Receiver<Ids>]) {
    for r in receivers {
        let Some(Type::Model(id)) = &r.body else { continue };
        let Some(draft) = models.get_mut(*id) else { continue };
        let ir::ModelKind::Struct(s) = &mut draft.kind else { continue };
        if s.fields.iter().any(|f| f.flatten) || s.defaulted.is_some() {
            continue;
        }
        for f in &mut s.fields {
            f.lenient = !f.secret
                && match &f.ty {
                    Type::List(item) | Type::Map(item) => !mentions_model(item),
                    Type::Model(_) => f.is_option(),
                    _ => true,
                };
        }
        if s.fields.iter().any(|f| f.lenient) {
            s.defaulted = Some(super::models::Name::Claim("defaulted".into()));
        }
    }
}

fn mentions_model(ty: &Type) -> bool {
    match ty {
        Type::Model(_) => true,
        Type::List(inner) | Type::Map(inner) => mentions_model(inner),
        _ => false,
    }
}
