//! The receiver runtime every generated crate with webhooks shares: signature checks, the body
//! limit, errors, and (behind the `axum` feature) an extractor.
//!
//! This is ordinary Rust, compiled and tested in the generator's `receiver/` crate and copied
//! byte for byte into each generated crate that has receivers as `src/webhooks/receive/`; the
//! receivers themselves (one type per received operation, with its scheme and body type) are
//! rendered from a template. It is framework-free: raw body bytes and an `http::HeaderMap` in,
//! a verified, decoded body or a [`WebhookError`] out.

#[cfg(feature = "axum")]
pub mod axum;

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use hmac::{Hmac, Mac};

/// The body limit a receiver starts with: 1 MiB. A LINE delivery of a full batch of events is a
/// few tens of KB; change it with the receiver's `max_body_bytes`.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// The MAC a sender computes over the raw body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Algorithm {
    HmacSha256,
    HmacSha512,
}

/// How the MAC is written into the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoding {
    /// Standard base64 with padding (RFC 4648 §4), as LINE sends it.
    Base64,
    /// Lowercase or uppercase hexadecimal, as GitHub sends it.
    Hex,
}

/// How a sender signs its deliveries: which header carries what MAC of the raw body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The header holding the signature (`x-line-signature`), matched case-insensitively.
    pub header: &'static str,
    pub algorithm: Algorithm,
    pub encoding: Encoding,
    /// Text before the encoded MAC (`sha256=` for GitHub); empty when there is none.
    pub prefix: &'static str,
    /// What the sender calls the key (`channel secret`), for messages.
    pub key_name: &'static str,
}

impl Scheme {
    fn mac_len(&self) -> usize {
        match self.algorithm {
            Algorithm::HmacSha256 => 32,
            Algorithm::HmacSha512 => 64,
        }
    }

    /// Whether `key` signed `body` with the MAC `expected`, compared in constant time.
    fn verifies(&self, key: &[u8], body: &[u8], expected: &[u8]) -> bool {
        match self.algorithm {
            Algorithm::HmacSha256 => keyed::<Hmac<sha2::Sha256>>(key, body).is_some_and(|m| m.verify_slice(expected).is_ok()),
            Algorithm::HmacSha512 => keyed::<Hmac<sha2::Sha512>>(key, body).is_some_and(|m| m.verify_slice(expected).is_ok()),
        }
    }

    /// The MAC a header value carries, or why it cannot be one.
    fn decode(&self, value: &[u8]) -> Result<Vec<u8>, &'static str> {
        let value = std::str::from_utf8(value).map_err(|_| "it is not ASCII text")?.trim();
        let Some(encoded) = value.strip_prefix(self.prefix) else {
            return Err("it does not start with the scheme's prefix");
        };
        let mac = match self.encoding {
            Encoding::Base64 => {
                base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|_| "it is not base64")?
            }
            Encoding::Hex => hex::decode(encoded).map_err(|_| "it is not hexadecimal")?,
        };
        if mac.len() != self.mac_len() {
            return Err("it has the wrong length for the scheme's MAC");
        }
        Ok(mac)
    }

    /// The signature header value for `body` under `key`, as the sender writes it (for tests
    /// and for sending deliveries to your own receiver).
    pub fn sign(&self, key: &[u8], body: &[u8]) -> String {
        // HMAC takes keys of any length, so `keyed` is never `None` here.
        let bytes = match self.algorithm {
            Algorithm::HmacSha256 => keyed::<Hmac<sha2::Sha256>>(key, body).map(|m| m.finalize().into_bytes().to_vec()),
            Algorithm::HmacSha512 => keyed::<Hmac<sha2::Sha512>>(key, body).map(|m| m.finalize().into_bytes().to_vec()),
        }
        .unwrap_or_default();
        let encoded = match self.encoding {
            Encoding::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
            Encoding::Hex => hex::encode(bytes),
        };
        format!("{}{encoded}", self.prefix)
    }
}

/// The MAC `M` keyed with `key` over `body`, ready to finalize or compare.
fn keyed<M: Mac + hmac::digest::KeyInit>(key: &[u8], body: &[u8]) -> Option<M> {
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key).ok()?;
    mac.update(body);
    Some(mac)
}

/// Checks deliveries against a [`Scheme`] with one or more keys, and bounds their size.
///
/// Several keys are accepted at once, so a key can be rotated without turning verification
/// off: accept the new and the old one until the sender uses only the new one. Its `Debug`
/// shows how many keys it holds, never the keys.
#[derive(Clone)]
pub struct Verifier {
    scheme: Scheme,
    keys: Arc<Vec<Vec<u8>>>,
    max_body_bytes: usize,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("scheme", &self.scheme)
            .field("keys", &format_args!("{} (redacted)", self.keys.len()))
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

impl Verifier {
    /// A verifier that accepts deliveries signed with `key`.
    pub fn new(scheme: Scheme, key: impl AsRef<[u8]>) -> Self {
        Verifier { scheme, keys: Arc::new(vec![key.as_ref().to_vec()]), max_body_bytes: DEFAULT_MAX_BODY_BYTES }
    }

    /// Also accepts deliveries signed with `key` (the previous one, while rotating).
    pub fn also_accept(mut self, key: impl AsRef<[u8]>) -> Self {
        Arc::make_mut(&mut self.keys).push(key.as_ref().to_vec());
        self
    }

    /// A verifier for every key in `keys`; `None` when there is none.
    pub fn from_keys<K: AsRef<[u8]>>(scheme: Scheme, keys: impl IntoIterator<Item = K>) -> Option<Self> {
        let keys: Vec<Vec<u8>> = keys.into_iter().map(|k| k.as_ref().to_vec()).collect();
        (!keys.is_empty()).then(|| Verifier { scheme, keys: Arc::new(keys), max_body_bytes: DEFAULT_MAX_BODY_BYTES })
    }

    /// Refuses bodies longer than `limit` bytes ([`DEFAULT_MAX_BODY_BYTES`] until set).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// The body limit in bytes.
    pub fn body_limit(&self) -> usize {
        self.max_body_bytes
    }

    /// The scheme deliveries are checked against.
    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    /// Checks that `body` is within the limit and that the signature header of `headers` is the
    /// MAC of exactly these bytes under one of the keys.
    pub fn verify(&self, headers: &http::HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_value(headers.get(self.scheme.header).map(http::HeaderValue::as_bytes), body)
    }

    /// [`Verifier::verify`] for a framework with its own header type: the signature header's
    /// value (`None` when the delivery has none) and the raw body.
    pub fn verify_value(&self, signature: Option<&[u8]>, body: &[u8]) -> Result<(), WebhookError> {
        check_size(body, self.max_body_bytes)?;
        let header = self.scheme.header;
        let Some(value) = signature else {
            return Err(WebhookError::MissingSignature { header });
        };
        let mac = self.scheme.decode(value).map_err(|problem| WebhookError::MalformedSignature { header, problem })?;
        // Every key is tried, so the time taken says nothing about which one matched.
        let matched = self.keys.iter().fold(false, |found, key| self.scheme.verifies(key, body, &mac) | found);
        if matched {
            Ok(())
        } else {
            Err(WebhookError::SignatureMismatch { header, keys: self.keys.len(), key_name: self.scheme.key_name })
        }
    }
}

/// Refuses a body over `limit` bytes.
pub fn check_size(body: &[u8], limit: usize) -> Result<(), WebhookError> {
    if body.len() > limit {
        return Err(WebhookError::TooLarge { limit });
    }
    Ok(())
}

/// Decodes a JSON body as `T`. The error says where and what kind of problem it was, never
/// what the body holds.
pub fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8], expected: &'static str) -> Result<T, WebhookError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(WebhookError::InvalidBody { expected, problem: "the body is empty".into() });
    }
    serde_json::from_slice(body).map_err(|e| {
        use serde_json::error::Category;
        let what = match e.classify() {
            Category::Syntax => "it is not valid JSON",
            Category::Eof => "it ends before the JSON does",
            Category::Data => "its JSON does not have the declared shape",
            Category::Io => "it could not be read",
        };
        WebhookError::InvalidBody { expected, problem: format!("{what} (line {}, column {})", e.line(), e.column()) }
    })
}

/// Why a delivery was refused. None of them holds a key, the expected signature or the body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The delivery has no signature header: it was not sent by the API, or a proxy dropped it.
    MissingSignature { header: &'static str },
    /// The signature header is not what the scheme writes.
    MalformedSignature { header: &'static str, problem: &'static str },
    /// No accepted key produces this signature for these bytes: the body was changed on the
    /// way, or it was signed with a key the receiver does not have.
    SignatureMismatch { header: &'static str, keys: usize, key_name: &'static str },
    /// The body is longer than the receiver's limit.
    TooLarge { limit: usize },
    /// The body is not the JSON the spec declares for the operation.
    InvalidBody { expected: &'static str, problem: String },
    /// The body could not be read to the end (the connection broke).
    Read,
}

impl WebhookError {
    /// The HTTP status to answer with: 401 for a signature problem, 413 for a body over the
    /// limit, 400 for a body that is not the declared JSON or could not be read.
    pub fn status(&self) -> u16 {
        match self {
            WebhookError::MissingSignature { .. }
            | WebhookError::MalformedSignature { .. }
            | WebhookError::SignatureMismatch { .. } => 401,
            WebhookError::TooLarge { .. } => 413,
            WebhookError::InvalidBody { .. } | WebhookError::Read => 400,
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingSignature { header } => write!(f, "the delivery has no `{header}` header, so it cannot be verified"),
            WebhookError::MalformedSignature { header, problem } => {
                write!(f, "the `{header}` header is not a signature: {problem}")
            }
            WebhookError::SignatureMismatch { header, keys, key_name } => write!(
                f,
                "the `{header}` signature does not match the body under the {keys} {key_name}{} accepted: the body was changed, or it was signed with another {key_name}",
                if *keys == 1 { "" } else { "s" }
            ),
            WebhookError::TooLarge { limit } => write!(f, "the body is larger than the receiver's limit of {limit} bytes"),
            WebhookError::InvalidBody { expected, problem } => write!(f, "the body is not a JSON {expected}: {problem}"),
            WebhookError::Read => write!(f, "the body could not be read to the end"),
        }
    }
}

impl std::error::Error for WebhookError {}

/// A delivery made in a test (the `mock` feature): the body bytes exactly as they are sent,
/// and the headers the API sends with them, signed with the secret given when the operation is
/// signed. Send it to your router with `tower::ServiceExt::oneshot(router,
/// delivery.request("/callback"))`, or over HTTP with any client (`method`, `headers`, `body`).
#[cfg(feature = "mock")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestDelivery {
    /// The operation's HTTP method.
    pub method: http::Method,
    /// `Content-Type`, and the signature header once signed.
    pub headers: http::HeaderMap,
    /// The body bytes, signed as they are.
    pub body: Vec<u8>,
}

#[cfg(feature = "mock")]
impl TestDelivery {
    /// `body` serialized as JSON, with `Content-Type: application/json`; not signed yet.
    pub fn json<T: serde::Serialize + ?Sized>(method: http::Method, body: &T) -> Self {
        let body = serde_json::to_vec(body).unwrap_or_default();
        TestDelivery::bytes(method, body, "application/json")
    }

    /// Raw body bytes with this `Content-Type` (none when empty); not signed yet.
    pub fn bytes(method: http::Method, body: Vec<u8>, content_type: &str) -> Self {
        let mut headers = http::HeaderMap::new();
        if let Ok(value) = http::HeaderValue::from_str(content_type) {
            if !content_type.is_empty() {
                headers.insert(http::header::CONTENT_TYPE, value);
            }
        }
        TestDelivery { method, headers, body }
    }

    /// Signs the body with `key` as `scheme` does, in the scheme's header.
    pub fn signed(mut self, scheme: &Scheme, key: impl AsRef<[u8]>) -> Self {
        let signature = scheme.sign(key.as_ref(), &self.body);
        if let (Ok(name), Ok(value)) = (http::HeaderName::from_bytes(scheme.header.as_bytes()), http::HeaderValue::from_str(&signature)) {
            self.headers.insert(name, value);
        }
        self
    }

    /// The delivery as a request to `uri` (a path such as `/callback` for a router, or a whole
    /// URL), with a body type made from the bytes (`axum::body::Body`, `reqwest::Body`, …).
    pub fn request<B: From<Vec<u8>>>(&self, uri: &str) -> http::Request<B> {
        let mut request = http::Request::new(B::from(self.body.clone()));
        *request.method_mut() = self.method.clone();
        *request.headers_mut() = self.headers.clone();
        match uri.parse() {
            Ok(uri) => *request.uri_mut() = uri,
            Err(_) => *request.uri_mut() = http::Uri::from_static("/"),
        }
        request
    }
}

/// A receiver of one operation: how to turn a delivery into its body (the generated
/// receivers implement it; the axum extractor is written against it).
pub trait Receive {
    /// The decoded request body.
    type Body;

    /// Verifies (when the operation is signed) and decodes one delivery.
    fn receive(&self, headers: &http::HeaderMap, body: &[u8]) -> Result<Self::Body, WebhookError>;

    /// The most body bytes a delivery may have; reading stops there.
    fn body_limit(&self) -> usize;
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: Scheme = Scheme {
        header: "x-line-signature",
        algorithm: Algorithm::HmacSha256,
        encoding: Encoding::Base64,
        prefix: "",
        key_name: "channel secret",
    };

    fn headers(value: &str) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        h.insert("X-Line-Signature", http::HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn a_known_hmac_sha256_vector_verifies() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        let hex_scheme = Scheme { encoding: Encoding::Hex, ..LINE };
        assert_eq!(hex_scheme.sign(b"Jefe", b"what do ya want for nothing?"), expected);
        let v = Verifier::new(hex_scheme, "Jefe");
        assert_eq!(v.verify(&headers(expected), b"what do ya want for nothing?"), Ok(()));
        assert_eq!(v.verify(&headers(&expected.to_uppercase()), b"what do ya want for nothing?"), Ok(()));
    }

    #[test]
    fn every_failure_has_its_own_error_and_status() {
        let v = Verifier::new(LINE, "secret");
        let body = br#"{"destination":"U1","events":[]}"#;
        let good = LINE.sign(b"secret", body);
        assert_eq!(v.verify(&headers(&good), body), Ok(()));
        let e = v.verify(&http::HeaderMap::new(), body).unwrap_err();
        assert_eq!((e.status(), matches!(e, WebhookError::MissingSignature { .. })), (401, true));
        let e = v.verify(&headers("not base64!"), body).unwrap_err();
        assert!(matches!(e, WebhookError::MalformedSignature { problem: "it is not base64", .. }), "{e}");
        let e = v.verify(&headers("c2hvcnQ="), body).unwrap_err();
        assert!(matches!(e, WebhookError::MalformedSignature { .. }), "{e}");
        let mut changed = body.to_vec();
        changed[3] ^= 1;
        let e = v.verify(&headers(&good), &changed).unwrap_err();
        assert!(matches!(e, WebhookError::SignatureMismatch { keys: 1, .. }), "{e}");
        let e = Verifier::new(LINE, "other").verify(&headers(&good), body).unwrap_err();
        assert_eq!(e.status(), 401);
        let e = v.clone().max_body_bytes(4).verify(&headers(&good), body).unwrap_err();
        assert_eq!(e, WebhookError::TooLarge { limit: 4 });
        assert_eq!(e.status(), 413);
    }

    #[test]
    fn the_previous_key_is_accepted_while_rotating() {
        let body = b"{}";
        let old = LINE.sign(b"old", body);
        let new = LINE.sign(b"new", body);
        let rotating = Verifier::new(LINE, "new").also_accept("old");
        assert_eq!(rotating.verify(&headers(&old), body), Ok(()));
        assert_eq!(rotating.verify(&headers(&new), body), Ok(()));
        assert!(Verifier::new(LINE, "new").verify(&headers(&old), body).is_err());
        assert!(Verifier::from_keys(LINE, Vec::<String>::new()).is_none());
        let e = Verifier::from_keys(LINE, ["a", "b"]).unwrap().verify(&headers(&old), body).unwrap_err();
        assert!(e.to_string().contains("2 channel secrets accepted"), "{e}");
    }

    #[test]
    fn a_prefix_is_required_when_the_scheme_has_one() {
        let github = Scheme { header: "x-hub-signature-256", encoding: Encoding::Hex, prefix: "sha256=", key_name: "webhook secret", ..LINE };
        let signed = github.sign(b"k", b"payload");
        assert!(signed.starts_with("sha256="));
        let mut h = http::HeaderMap::new();
        h.insert("x-hub-signature-256", http::HeaderValue::from_str(&signed).unwrap());
        let v = Verifier::new(github, "k");
        assert_eq!(v.verify(&h, b"payload"), Ok(()));
        h.insert("x-hub-signature-256", http::HeaderValue::from_str(signed.trim_start_matches("sha256=")).unwrap());
        assert!(matches!(v.verify(&h, b"payload"), Err(WebhookError::MalformedSignature { .. })));
    }

    #[test]
    fn errors_never_show_keys_signatures_or_the_body() {
        let body = br#"{"secretText": "hunter2"}"#;
        let v = Verifier::new(LINE, "s3cr3t-key");
        let expected = LINE.sign(b"s3cr3t-key", body);
        let wrong = LINE.sign(b"other", body);
        let mut shown = Vec::new();
        shown.push(v.verify(&headers(&wrong), body).unwrap_err().to_string());
        shown.push(format!("{:?}", v.verify(&headers(&wrong), body).unwrap_err()));
        shown.push(format!("{v:?}"));
        shown.push(parse_json::<u32>(body, "number").unwrap_err().to_string());
        shown.push(parse_json::<serde_json::Value>(b"{\"hunter2\": ", "object").unwrap_err().to_string());
        for s in shown {
            for secret in ["s3cr3t-key", expected.as_str(), wrong.as_str(), "hunter2", "secretText"] {
                assert!(!s.contains(secret), "{s} shows {secret}");
            }
        }
    }

    #[cfg(feature = "mock")]
    #[test]
    fn a_test_delivery_verifies_with_its_secret_only() {
        let delivery = TestDelivery::json(http::Method::POST, &serde_json::json!({"destination": "U1", "events": []})).signed(&LINE, "s");
        assert_eq!(delivery.body, br#"{"destination":"U1","events":[]}"#);
        assert_eq!(delivery.headers.get("content-type").unwrap(), "application/json");
        assert_eq!(Verifier::new(LINE, "s").verify(&delivery.headers, &delivery.body), Ok(()));
        assert!(Verifier::new(LINE, "t").verify(&delivery.headers, &delivery.body).is_err());
        let request: http::Request<Vec<u8>> = delivery.request("/callback");
        assert_eq!((request.method(), request.uri().path(), request.body()), (&http::Method::POST, "/callback", &delivery.body));
        assert!(request.headers().contains_key("x-line-signature"));
    }

    #[test]
    fn bodies_that_are_not_json_say_so() {
        let e = parse_json::<serde_json::Value>(b"", "CallbackRequest").unwrap_err();
        assert_eq!(e.to_string(), "the body is not a JSON CallbackRequest: the body is empty");
        assert_eq!(e.status(), 400);
        let e = parse_json::<serde_json::Value>(b"<html>", "CallbackRequest").unwrap_err();
        assert!(e.to_string().contains("not valid JSON (line 1, column 1)"), "{e}");
    }
}
