//! The intermediate model: what the templates render, with every naming and layout decision made.
//!
//! Nothing here refers to `openapiv3`; another front end could produce the same model. It is data:
//! the few methods below answer questions about it, and everything that turns it into Rust or
//! markdown text lives in `render`. Types that refer to a model are generic over how ([`Refs`]):
//! by Rust name, the default and all that render sees, or by `lower`'s ids before its naming pass.

/// What the IR's references are: [`Named`], every reference a Rust name, which is the IR render
/// reads; inside `lower`, models by id and the names made from a model's name not decided yet.
pub trait Refs {
    /// How a model is referred to.
    type Model: std::fmt::Debug + Clone + PartialEq + Eq + PartialOrd + Ord + std::hash::Hash;
    /// An identifier that may be made from a model's name (an untagged variant, a flattened
    /// union field, a JSON body parameter).
    type Name: std::fmt::Debug + Clone + PartialEq;
}

/// Every reference a Rust name: the IR as render and the API report read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Named;

impl Refs for Named {
    type Model = String;
    type Name = String;
}

/// Everything needed to render one client crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Crate {
    /// Cargo package name, snake_case (`line_channel_access_token`).
    pub name: String,
    /// The package version the generated `Cargo.toml` gives the crate (what a spec change's
    /// semver bump starts from).
    pub version: String,
    /// `info.title` of the spec.
    pub title: String,
    /// `info.version` of the spec.
    pub spec_version: String,
    pub description: Option<String>,
    /// Servers the operations call; index 0 is the default base URL (`servers[0].url`).
    pub servers: Vec<Server>,
    /// One API group per tag, sorted by class name: the operations the crate calls.
    pub apis: Vec<ApiGroup>,
    /// The operations the API sends to you (webhooks marked `x-webhook`, and `callbacks`),
    /// sorted by name: each becomes a receiver in `webhooks`, not a client method.
    pub receivers: Vec<Receiver>,
    /// Every model, sorted by Rust name.
    pub models: Vec<Model>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Whether any operation sends multipart bodies (the crate then needs reqwest's `multipart`).
    pub uses_multipart: bool,
    /// Whether a model has an optional nullable field, which needs `models::deserialize_nullable`.
    pub uses_nullable_fields: bool,
    /// Whether a tagged union exists, which needs `models::Malformed`.
    pub uses_tagged_unions: bool,
    /// Whether an operation sends a raw binary body, which may come from a file or stream
    /// (reqwest's `stream` feature).
    pub uses_binary_bodies: bool,
    /// Things the generator decided on its own that a maintainer should know about.
    pub warnings: Vec<String>,
    /// Every JSON `example` in the spec with the type it must decode into, sorted by pointer.
    pub examples: Vec<Example>,
}

/// An `example` value from the spec (schema, property, parameter or media type).
#[derive(Debug, Clone, PartialEq)]
pub struct Example<R: Refs = Named> {
    /// Where the example sits in the spec (`#/paths/~1v2~1bot~1info/get/responses/200/content/application~1json/example`).
    pub pointer: String,
    /// The type the value belongs to.
    pub ty: Type<R>,
    /// The value is `null`, which the type accepts only as `Option<ty>`.
    pub null: bool,
    /// The value as compact JSON text.
    pub json: String,
    /// Object keys in the value that its schema does not declare (`/audienceGroup/activated`;
    /// ` (null)` is appended when a non-nullable property is given `null`). Found by walking the
    /// spec's schema, not the generated code, so a round trip may lose exactly these and no others.
    pub undeclared: Vec<String>,
}

/// An operation the API sends to you: the crate verifies and decodes it instead of calling it.
#[derive(Debug, Clone, PartialEq)]
pub struct Receiver<R: Refs = Named> {
    /// The spec's `operationId` (or the one derived from the callback).
    pub operation_id: String,
    /// snake_case name (`callback`).
    pub name: String,
    /// PascalCase stem of the receiver type (`Callback` → `CallbackReceiver`).
    pub type_stem: String,
    pub method: Method,
    /// The path (or, for a callback, the URL expression) as written in the spec.
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The decoded request body: a JSON type, [`Type::Bytes`] for any other media type, `None`
    /// when the operation has no body.
    pub body: Option<Type<R>>,
    /// The request's media type (`application/json`), for the docs.
    pub media_type: Option<String>,
    /// How deliveries are signed; `None` for an unsigned receiver.
    pub signature: Option<Signature>,
    pub origin: ReceiverOrigin,
    /// The first success status the spec declares for the answer (`200`).
    pub success_status: Option<u16>,
}

/// Why an operation is received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiverOrigin {
    /// The operation carries the `x-webhook` extension.
    Webhook,
    /// A `callbacks` entry of a called operation: its Rust name and the callback's key.
    Callback { operation: String, name: String },
}

/// How a sender signs deliveries: the MAC of the raw body, encoded into a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The header that carries it (`x-line-signature`).
    pub header: String,
    pub algorithm: SignatureAlgorithm,
    pub encoding: SignatureEncoding,
    /// Text before the encoded MAC (`sha256=`); empty when there is none.
    pub prefix: String,
    /// What the sender calls the key (`channel secret`).
    pub key_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    HmacSha256,
    HmacSha512,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureEncoding {
    Base64,
    Hex,
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
pub struct ApiGroup<R: Refs = Named> {
    /// `ChannelAccessTokenApi`
    pub class_name: String,
    /// `channel_access_token_api`, the module under `src/apis/` and the `Client` method.
    pub module: String,
    /// Operations sorted by their snake_case name.
    pub operations: Vec<Operation<R>>,
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
    /// OpenAPI 3.2's `query`: safe and idempotent like `GET`, with a request body; sent as the
    /// `QUERY` method.
    Query,
    /// Another method, from OpenAPI 3.2's `additionalOperations` (`PURGE`, `LINK`, `PROPFIND`):
    /// sent as written, and never retried (nothing says it is idempotent).
    Other(MethodToken),
}

impl Method {
    /// The method as it goes on the wire (`GET`, `QUERY`, `PURGE`).
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
            Method::Query => "QUERY",
            Method::Other(token) => token.as_str(),
        }
    }
}

/// An HTTP method name other than the nine OpenAPI names, held inline so that [`Method`] stays
/// `Copy`: at most [`MethodToken::MAX`] bytes of ASCII letters, digits, `-`, `_` and `.` (RFC 9110
/// allows a few more symbols, which no registered method uses and which markdown and string
/// literals would have to escape), so it is a valid method for any HTTP library.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MethodToken {
    len: u8,
    bytes: [u8; MethodToken::MAX],
}

impl MethodToken {
    /// The longest method name kept (WebDAV's `BASELINE-CONTROL` has 16 bytes).
    pub const MAX: usize = 32;

    /// The token, or `None` when `name` is empty, longer than [`Self::MAX`] or holds another byte.
    pub fn new(name: &str) -> Option<MethodToken> {
        let tchar = |b: u8| b.is_ascii_alphanumeric() || b"-_.".contains(&b);
        if name.is_empty() || name.len() > Self::MAX || !name.bytes().all(tchar) {
            return None;
        }
        let mut bytes = [0; Self::MAX];
        bytes.iter_mut().zip(name.bytes()).for_each(|(b, n)| *b = n);
        Some(MethodToken { len: u8::try_from(name.len()).ok()?, bytes })
    }

    /// The method name as written.
    pub fn as_str(&self) -> &str {
        // Built from a `&str` of ASCII bytes only.
        self.bytes.get(..usize::from(self.len)).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default()
    }
}

impl std::fmt::Debug for MethodToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation<R: Refs = Named> {
    /// The spec's `operationId` (or the one derived from method and path).
    pub operation_id: String,
    /// snake_case method name (`issue_channel_token_by_jwt`).
    pub name: String,
    /// The method returning the response's status and headers beside the body
    /// (`issue_channel_token_by_jwt_with_http_info`).
    pub with_http_info_name: String,
    /// The method taking only the required parameters (`issue_channel_token_by_jwt_request`).
    pub request_name: String,
    /// The mock server's method for the operation: its name, unless the mock server's own
    /// methods (`start`, `client`, `verify`, …) have it.
    pub mock_name: String,
    /// The type of the operation's typed request in `mock::operations`: the type stem, made a
    /// name of its own (`Self_`), never a prelude type's (`String2`).
    pub mock_type: String,
    /// PascalCase stem for the per-operation types (`IssueChannelTokenByJwt`), never ending in
    /// `_`, so `Call` and `Error` can follow it.
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
    pub params: Vec<Param<R>>,
    /// How the body is encoded, if the operation has one.
    pub body: Option<Body>,
    /// The decoded result of a successful call: the body of the first 2XX response declared,
    /// or, when none is, of `default` (which OpenAPI defines as every status not declared).
    pub success: ResponseBody<R>,
    /// Success status codes the spec declares (`200`, `202`, …).
    pub success_statuses: Vec<u16>,
    /// Declared non-success responses that carry a typed body.
    pub errors: Vec<ErrorCase<R>>,
    /// Request media types, for the docs' Content-Type line.
    pub content_types: Vec<String>,
    /// Union of every response's media types, sent as `Accept`.
    pub accepts: Vec<String>,
    /// Indices into [`Crate::security_schemes`] this operation sends; empty means no auth.
    pub auth: Vec<usize>,
    /// Some parameter has [`ParamLocation::Cookie`] (so the request builds a `Cookie` header).
    pub sends_cookies: bool,
    /// Index into [`Operation::params`] of the header that makes a retry safe (a retry key).
    pub retry_key: Option<usize>,
    /// How the operation pages, when its `x-pagination` extension says so.
    pub pagination: Option<Pagination<R>>,
    /// The success body is a sequence of items (OpenAPI 3.2 `itemSchema` on sequential media):
    /// [`Operation::success`] is then [`ResponseBody::Bytes`], and the call can also decode the
    /// items one by one as they arrive.
    pub item_stream: Option<ItemStream<R>>,
}

/// The items of a sequential success body.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemStream<R: Refs = Named> {
    pub item: Type<R>,
    pub framing: Framing,
    /// The media type as the spec writes it (`application/jsonl`).
    pub media_type: String,
}

/// How the items of a sequential body are delimited (the runtime's `Framing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `application/jsonl`, `application/x-ndjson`: one JSON value per line.
    JsonLines,
    /// `application/json-seq` (RFC 7464).
    JsonSeq,
    /// `text/event-stream`: one JSON value in each event's `data`.
    EventStream,
}

/// How a paged operation's pages follow one another (`x-pagination`), checked against the
/// operation's parameters and its success body, a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination<R: Refs = Named> {
    pub style: PageStyle,
    /// Index into [`Operation::params`] of the parameter carrying the cursor, page or offset.
    pub param: usize,
    /// The success body's field holding the page's items (its Rust name), and whether it is
    /// optional (an `Option`).
    pub items: String,
    pub items_optional: bool,
    /// The type of one item.
    pub item: Type<R>,
}

/// The three ways a page names the next one.
#[derive(Debug, Clone, PartialEq)]
pub enum PageStyle {
    /// The body's `next` field is the cursor to send for the next page; absent or empty on
    /// the last page.
    Cursor { next: String, next_optional: bool },
    /// The next page is the page number plus one (the first is `first` when the call names
    /// none); the last page is the one whose `has_more` field is not true, or, without one,
    /// the first empty page.
    Page { first: i64, has_more: Option<(String, bool)> },
    /// The next page starts after this page's items; the last page is an empty one, or one
    /// shorter than the page size the call sent in the parameter at `limit`.
    Offset { limit: Option<usize> },
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
pub struct Param<R: Refs = Named> {
    /// The name on the wire (`client_assertion`, `X-Line-Retry-Key`); a JSON body's is the name
    /// of its model.
    pub wire_name: R::Name,
    /// The Rust argument name.
    pub ident: R::Name,
    pub location: ParamLocation,
    pub ty: Type<R>,
    pub required: bool,
    pub description: Option<String>,
    /// Carries a credential: never shown in `Debug` or errors.
    pub secret: bool,
    /// The `Content-Type` of a multipart file part, from the body's `encoding` (`text/plain`);
    /// lowering keeps only values that are valid header text.
    pub part_content_type: Option<String>,
    /// The spec's scalar `example` for the parameter (its own, else its inline schema's), for the
    /// usage example.
    pub example: Option<Literal>,
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
pub enum ResponseBody<R: Refs = Named> {
    /// No content (revoke endpoints, 202 Accepted).
    Empty,
    Json(Type<R>),
    /// Raw bytes (images, files).
    Bytes,
    Text,
}

/// A declared non-success response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCase<R: Refs = Named> {
    /// The statuses it answers. [`Operation::errors`] holds exact codes first, then ranges,
    /// then `default`, each at most once, so no case hides a later one.
    pub status: ErrorStatus,
    /// Variant name in the per-operation error enum (`Status400`, `DefaultResponse`).
    pub variant: String,
    pub ty: Type<R>,
    pub description: String,
}

/// The statuses a declared error response answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorStatus {
    /// One status code (`404`).
    Code(u16),
    /// Every code of a class: `4` for `4XX`.
    Range(u16),
    /// Every status nothing else declares (`default`).
    Default,
}

/// A Rust type as used in fields, parameters and responses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Type<R: Refs = Named> {
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
    List(Box<Type<R>>),
    /// A JSON object with arbitrary keys.
    Map(Box<Type<R>>),
    /// A model in `crate::models`: by Rust name in the IR, by id inside `lower`.
    Model(R::Model),
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
pub enum ModelKind<R: Refs = Named> {
    Struct(Struct<R>),
    /// A string enum with a catch-all for values LINE adds later.
    Enum(StringEnum),
    /// An internally tagged union selected by a discriminator property.
    Tagged(TaggedUnion<R>),
    /// A `oneOf`/`anyOf` without discriminator: the first variant that decodes wins.
    Untagged(Vec<UntaggedVariant<R>>),
    /// A named alias for another type (`type Foo = Vec<Bar>`).
    Alias(Type<R>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct<R: Refs = Named> {
    pub fields: Vec<Field<R>>,
    /// Whether a `Debug` impl must hide secret fields.
    pub has_secrets: bool,
    /// Every field has a `Default` (all optional) and none has a spec default, so the struct
    /// derives `Default`.
    pub derives_default: bool,
    /// No field is an argument of `new` (none is required) but some have a spec default: the
    /// struct implements `Default` by calling `new`.
    pub default_from_new: bool,
    /// Set when the struct is a variant of a tagged union: it writes the tag itself, so it
    /// stays correct when used on its own, and has no field for it.
    pub tag: Option<StructTag>,
    /// Set when the struct is the envelope of a delivery a receiver decodes: its
    /// [`Field::lenient`] fields fall back to their defaults, and this extra field (not on the
    /// wire) lists which did and why.
    pub defaulted: Option<R::Name>,
}

/// The discriminator property and value a union variant writes.
#[derive(Debug, Clone, PartialEq)]
pub struct StructTag {
    pub property: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field<R: Refs = Named> {
    /// The JSON property name.
    pub wire_name: String,
    /// The Rust field name (`r#type`, `expires_in`; a flattened union's is named after its model).
    pub ident: R::Name,
    pub ty: Type<R>,
    pub required: bool,
    /// `null` is an allowed value.
    pub nullable: bool,
    /// Stored behind `Box` to break a recursive type.
    pub boxed: bool,
    pub description: Option<String>,
    /// Default from the spec, as the docs show it.
    pub default: Option<String>,
    /// The default as a value `new` fills in, when it is one the field's type can hold.
    pub default_value: Option<Literal>,
    /// The builder-style method that sets an optional field (the field's name, unless that is
    /// taken by the struct's own methods).
    pub setter: String,
    pub secret: bool,
    /// Holds the properties the schema does not name (`additionalProperties`).
    pub flatten: bool,
    /// A field of a delivery envelope that the events do not need: absent or of another type,
    /// it decodes to `None` or its type's default and is listed in the struct's
    /// [`Struct::defaulted`] field instead of refusing the whole delivery.
    pub lenient: bool,
    /// The local the hand-written `Deserialize` reads the field into (`f_` and its name).
    pub local: String,
}

impl<R: Refs> Field<R> {
    /// Optional or nullable fields are `Option`s.
    pub fn is_option(&self) -> bool {
        !self.flatten && (!self.required || self.nullable)
    }

    /// Whether `new` takes the field: a required field, or a flattened union (`allOf` with a
    /// `oneOf`), which has no default; a flattened map of extra keys starts empty instead.
    pub fn is_new_argument(&self) -> bool {
        self.required && !(self.flatten && matches!(self.ty, Type::Map(_)))
    }

    /// Optional and nullable: `None` when absent, `Some(None)` for `null`, so both survive a round trip.
    pub fn is_absent_or_null(&self) -> bool {
        !self.flatten && !self.required && self.nullable
    }
}

/// A scalar value from the spec (a default).
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A value of the string enum model the field refers to.
    EnumValue(String),
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
pub struct TaggedUnion<R: Refs = Named> {
    /// The discriminator property (`type`).
    pub tag: String,
    pub variants: Vec<TaggedVariant<R>>,
    /// Name of the variant that keeps the raw JSON of unknown tags.
    pub unknown_variant: String,
    /// Name of the variant that keeps a known tag whose body does not decode (`Malformed`), so
    /// one bad element never fails a whole list.
    pub malformed_variant: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant<R: Refs = Named> {
    /// The discriminator value (`text`).
    pub value: String,
    pub ident: String,
    /// The struct holding this variant's fields, in `crate::models`.
    pub model: R::Model,
    /// The union implements `From` this variant's struct (false when an earlier variant holds the same struct).
    pub from_impl: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant<R: Refs = Named> {
    /// Named after the variant's type (its model's name).
    pub ident: R::Name,
    pub ty: Type<R>,
    /// The union implements `From` this variant's type (false when another variant has the same type).
    pub from_impl: bool,
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
    /// An OAuth 2.0 client-credentials flow the client runs itself, given the client's id and
    /// secret.
    pub client_credentials: Option<ClientCredentialsFlow>,
}

/// An OAuth 2.0 `clientCredentials` flow (RFC 6749 §4.4): the builder method that takes the
/// client id and secret, and how the token is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentialsFlow {
    /// The builder method (`bearer_client_credentials`).
    pub setter: String,
    /// The flow's `tokenUrl`.
    pub token_url: String,
    /// The scopes the flow declares; the method then also takes the scopes to ask for.
    pub scopes: Vec<String>,
    /// The client authenticates with its id and secret in the form body (the flow's
    /// `x-client-authentication: body`), not with HTTP Basic (RFC 6749 §2.3.1, the default).
    pub auth_in_body: bool,
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

impl<R: Refs> Operation<R> {
    /// Whether the path has parameters.
    pub fn path_has_params(&self) -> bool {
        self.path_parts.iter().any(|p| matches!(p, PathPart::Param(_)))
    }

    /// A retry cannot do harm: the method is idempotent (RFC 9110), or the operation takes a retry key.
    pub fn retry_safe(&self) -> bool {
        self.retry_key.is_some()
            || matches!(
                self.method,
                Method::Get | Method::Head | Method::Put | Method::Delete | Method::Options | Method::Trace | Method::Query
            )
    }

    /// Whether a `default` response catches every undeclared status.
    pub fn has_default_error(&self) -> bool {
        self.errors.iter().any(|e| e.status == ErrorStatus::Default)
    }

    /// Whether one error body answers every non-success status (only `default` is declared), so
    /// the status need not be looked at.
    pub fn has_only_default_error(&self) -> bool {
        matches!(self.errors.as_slice(), [only] if only.status == ErrorStatus::Default)
    }
}

impl Crate {
    /// The API only calls you: no operation to call, some to receive (the crate has no client).
    pub fn receives_only(&self) -> bool {
        self.apis.is_empty() && !self.receivers.is_empty()
    }
}

impl<R: Refs> ResponseBody<R> {
    pub fn is_empty(&self) -> bool {
        matches!(self, ResponseBody::Empty)
    }
}

impl SecurityKind {
    pub fn is_basic(&self) -> bool {
        matches!(self, SecurityKind::Basic)
    }
}

/// Names the templates use themselves, which spec names must never take. Render owns the table
/// (it knows the templates); lower receives it and claims these names first in each scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReservedNames {
    /// Locals and closure parameters of an operation method: parameters never take these.
    pub operation_locals: &'static [&'static str],
    /// Methods of every `XxxApi` struct besides one (and its `_with_http_info` form) per operation.
    pub api_methods: &'static [&'static str],
    /// Methods of `ClientBuilder` besides the server and credential setters.
    pub builder_methods: &'static [&'static str],
    /// Methods of `Client` besides one accessor per API group.
    pub client_methods: &'static [&'static str],
    /// Methods every model struct has besides one setter per optional field; a setter that would
    /// take one of these names is called `set_<field>` instead.
    pub model_methods: &'static [&'static str],
    /// Methods of the mock server (`mock::MockServer`) besides one per operation.
    pub mock_methods: &'static [&'static str],
    /// Types `crate::models` declares itself besides the spec's models.
    pub model_types: &'static [&'static str],
    /// Names a model's module may not take in `crate::models`: `mod.rs` itself, and the crates
    /// whose paths `models/mod.rs` spells (a module `serde` there would shadow `serde::de`), and
    /// `models` (clippy's `module_inception`).
    pub model_modules: &'static [&'static str],
}
