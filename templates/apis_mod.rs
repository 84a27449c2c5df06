//! The client, its configuration, and the types every operation returns.

{% for g in krate.apis -%}
pub mod {{ g.module }};
pub use {{ g.module }}::{{ g.class_name }};
{% endfor %}

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The response header LINE sets on every reply; quote it when you contact LINE support.
pub const REQUEST_ID_HEADER: &str = "x-line-request-id";

/// The `User-Agent` sent when none is configured (and no own `reqwest::Client` is given).
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Default server URLs from the spec.
pub mod servers {
{%- for s in krate.servers %}
    /// {{ s.url|code }}
    pub const {{ s.setter|upper }}: &str = {{ s.url|lit }};
{%- endfor %}
}

/// A cheap-to-clone handle for calling the API; share one per process.
///
/// Credentials are kept out of its `Debug` output.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    http: reqwest::Client,
    servers: Vec<String>,
    user_agent: Option<String>,
    timeout: Option<Duration>,
{%- for s in krate.security_schemes %}
    {{ s.field }}: Option<{% if s.kind.is_basic() %}(Secret, Secret){% else %}Secret{% endif %}>,
{%- endfor %}
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Client");
        d.field("servers", &self.inner.servers)
            .field("user_agent", &self.inner.user_agent)
            .field("timeout", &self.inner.timeout);
{%- for s in krate.security_schemes %}
        d.field({{ s.field|lit }}, &self.inner.{{ s.field }}.as_ref().map(|_| "[redacted]"));
{%- endfor %}
        d.finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the spec's default servers with default settings.
    pub fn new() -> Result<Self, BuildError> {
        Self::builder().build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests to the default server go to.
    pub fn base_url(&self) -> &str {
        self.server_url(0)
    }
{% for g in krate.apis %}
    /// The operations tagged `{{ g.class_name }}`.
    pub fn {{ g.module }}(&self) -> {{ g.class_name }} {
        {{ g.class_name }}::new(self.clone())
    }
{% endfor %}
    fn server_url(&self, index: usize) -> &str {
        self.inner.servers.get(index).map(String::as_str).unwrap_or_default()
    }

    /// Starts a request to `path` (already percent-encoded) on server `server`.
    pub(crate) fn request(&self, method: reqwest::Method, server: usize, path: &str) -> reqwest::RequestBuilder {
        let url = join_url(self.server_url(server), path);
        let mut request = self.inner.http.request(method, url);
        if let Some(agent) = &self.inner.user_agent {
            request = request.header(reqwest::header::USER_AGENT, agent);
        }
        if let Some(timeout) = self.inner.timeout {
            request = request.timeout(timeout);
        }
        request
    }
{% for s in krate.security_schemes %}
    /// Adds the {{ s.spec_name|code }} credential, when one was configured.
    #[allow(dead_code, reason = "Called only by operations that use this scheme")]
    pub(crate) fn auth_{{ s.field }}(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.inner.{{ s.field }} {
{%- match s.kind %}
{%- when ir::SecurityKind::Bearer %}
            Some(token) => request.bearer_auth(token.expose()),
{%- when ir::SecurityKind::Basic %}
            Some((user, password)) => request.basic_auth(user.expose(), Some(password.expose())),
{%- when ir::SecurityKind::ApiKeyHeader(name) %}
            Some(key) => request.header({{ name|lit }}, key.expose()),
{%- when ir::SecurityKind::ApiKeyQuery(name) %}
            Some(key) => request.query(&[({{ name|lit }}, key.expose())]),
{%- endmatch %}
            None => request,
        }
    }
{% endfor %}
    /// Sends a request and reads the whole response.
    pub(crate) async fn execute(&self, request: reqwest::RequestBuilder) -> Result<RawResponse, TransportError> {
        let mut response = request.send().await.map_err(TransportError::from_reqwest)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(TransportError::from_reqwest)?;
        // Reuses the buffer when reqwest holds the only reference to it (the usual case).
        Ok(RawResponse { status, headers, body: Vec::from(body) })
    }
}

/// Joins a base URL and an absolute path with exactly one `/` between them.
fn join_url(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    servers: Vec<Option<String>>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
{%- for s in krate.security_schemes %}
    {{ s.field }}: Option<{% if s.kind.is_basic() %}(Secret, Secret){% else %}Secret{% endif %}>,
{%- endfor %}
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("servers", &self.servers)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("custom_http_client", &self.http.is_some())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
{%- for s in krate.servers %}
    /// Sends requests that go to {{ s.url|code }} to `url` instead (a test server, a proxy).
    ///
    /// A trailing `/` is optional.
    pub fn {{ s.setter }}(mut self, url: impl Into<String>) -> Self {
        self.set_server({{ loop.index0 }}, url.into());
        self
    }
{%- endfor %}

    fn set_server(&mut self, index: usize, url: String) {
        if self.servers.len() <= index {
            self.servers.resize(index + 1, None);
        }
        if let Some(slot) = self.servers.get_mut(index) {
            *slot = Some(url);
        }
    }

    /// Gives up on a request after `timeout` (connecting, sending and reading the body).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header sent with every request (default: [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses your own `reqwest::Client` (proxies, connection pools, TLS settings).
    ///
    /// The timeout and user agent set here still apply, per request; its redirect policy is
    /// yours (the default client follows redirects only within the same origin).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }
{% for s in krate.security_schemes %}
{%- match s.kind %}
{%- when ir::SecurityKind::Basic %}
    /// Credentials for {{ s.spec_name|code }} (HTTP basic), sent only to operations that require them.
    pub fn {{ s.setter }}(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.{{ s.field }} = Some((Secret(user.into()), Secret(password.into())));
        self
    }
{%- else %}
    /// The credential for {{ s.spec_name|code }}, sent only to operations that require it.
    pub fn {{ s.setter }}(mut self, value: impl Into<String>) -> Self {
        self.{{ s.field }} = Some(Secret(value.into()));
        self
    }
{%- endmatch %}
{% endfor %}
    /// Builds the client; fails on a server URL that is not an absolute http(s) URL.
    pub fn build(self) -> Result<Client, BuildError> {
        let defaults = [{% for s in krate.servers %}servers::{{ s.setter|upper }}, {% endfor %}];
        let mut servers = Vec::with_capacity(defaults.len());
        for (i, default) in defaults.iter().enumerate() {
            let url = self.servers.get(i).cloned().flatten().unwrap_or_else(|| default.to_string());
            match reqwest::Url::parse(&url) {
                Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {}
                _ => return Err(BuildError::InvalidUrl(url)),
            }
            servers.push(url.trim_end_matches('/').to_string());
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(DEFAULT_USER_AGENT)
                .redirect(same_origin_redirects())
                .build()
                .map_err(|e| BuildError::Http(e.without_url().to_string()))?,
        };
        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                servers,
                user_agent: self.user_agent,
                timeout: self.timeout,
{%- for s in krate.security_schemes %}
                {{ s.field }}: self.{{ s.field }},
{%- endfor %}
            }),
        })
    }
}

/// Follows redirects only within the origin the request went to: a redirect elsewhere would
/// resend form bodies (client secrets, assertions) to another host. It comes back as a 3xx
/// [`Error::Status`] instead.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin && attempt.previous().len() < 10 {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// A credential; its `Debug` never shows the value.
#[derive(Clone)]
#[allow(dead_code, reason = "Only specs with security schemes store credentials")]
struct Secret(String);

#[allow(dead_code, reason = "Only specs with security schemes read credentials")]
impl Secret {
    fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Why a [`Client`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// A server URL is not an absolute `http` or `https` URL.
    InvalidUrl(String),
    /// reqwest could not set up its client (TLS roots, resolver).
    Http(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidUrl(url) => write!(f, "invalid server URL {url:?}: expected an absolute http(s) URL"),
            BuildError::Http(e) => write!(f, "cannot build the HTTP client: {e}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// A response as received, before decoding.
pub(crate) struct RawResponse {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl RawResponse {
    #[allow(dead_code, reason = "Only specs with JSON responses use it")]
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// Decodes a successful JSON body.
    #[allow(dead_code, reason = "Only operations with JSON responses use it")]
    pub(crate) fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<ApiResponse<T>, Error<E>> {
        match self.decode() {
            Ok(data) => Ok(self.with(data)),
            Err(e) => Err(Error::Decode(Box::new(DecodeError::new(self, &e)))),
        }
    }

    /// Keeps a successful body as text.
    #[allow(dead_code, reason = "Only operations with text responses use it")]
    pub(crate) fn text<E>(self) -> Result<ApiResponse<String>, Error<E>> {
        let RawResponse { status, headers, body } = self;
        match String::from_utf8(body) {
            Ok(text) => Ok(ApiResponse { status, headers, data: text }),
            Err(e) => Err(Error::Decode(Box::new(DecodeError {
                status,
                headers,
                body: e.into_bytes(),
                detail: "the body is not UTF-8 text".into(),
            }))),
        }
    }

    /// Keeps a successful body as bytes.
    #[allow(dead_code, reason = "Only operations with binary responses use it")]
    pub(crate) fn into_bytes(self) -> ApiResponse<Vec<u8>> {
        ApiResponse { status: self.status, headers: self.headers, data: self.body }
    }

    pub(crate) fn with<T>(self, data: T) -> ApiResponse<T> {
        ApiResponse { status: self.status, headers: self.headers, data }
    }

    /// Turns a non-success response into an error, decoding the body the spec declares for it.
    pub(crate) fn into_error<E>(self, entity: Option<E>) -> Error<E> {
        Error::Status(Box::new(ResponseError {
            status: self.status,
            headers: self.headers,
            body: self.body,
            entity,
        }))
    }
}

/// A successful response: the decoded body with the status and headers it came with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The HTTP status (a 2xx).
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The decoded body.
    pub data: T,
}

impl<T> ApiResponse<T> {
    /// LINE's `x-line-request-id` header, when present.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// The decoded body.
    pub fn into_data(self) -> T {
        self.data
    }
}

fn request_id(headers: &reqwest::header::HeaderMap) -> Option<&str> {
    headers.get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok())
}

/// Everything that can go wrong with a call; `E` holds the error bodies the operation declares.
///
/// Neither `Debug` nor `Display` shows request URLs, query strings or credentials.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// No response: the connection was refused, timed out, or broke off.
    Transport(TransportError),
    /// The server answered with a status the operation does not treat as success.
    Status(Box<ResponseError<E>>),
    /// The server answered with success, but the body is not what the spec describes.
    Decode(Box<DecodeError>),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Transport(_) => None,
            Error::Status(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
        }
    }

    /// LINE's `x-line-request-id` header, when the server answered with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Transport(_) => None,
            Error::Status(e) => e.request_id(),
            Error::Decode(e) => e.request_id(),
        }
    }

    /// The raw response body, when the server answered.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Transport(_) => None,
            Error::Status(e) => Some(&e.body),
            Error::Decode(e) => Some(&e.body),
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(e) => fmt::Display::fmt(e, f),
            Error::Status(e) => write!(f, "{e}"),
            Error::Decode(e) => fmt::Display::fmt(e, f),
        }
    }
}

/// `Display` already shows the whole story (the transport error's causes included), so there is
/// no `source`: error reporters that walk sources would print every cause twice.
impl<E: fmt::Debug> std::error::Error for Error<E> {}

impl<E> From<TransportError> for Error<E> {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The configured timeout elapsed.
    Timeout,
    /// No connection could be made (refused, DNS, TLS handshake).
    Connect,
    /// The connection broke while sending or reading.
    Io,
    /// The request could not be built (an invalid header value, say).
    Request,
}

/// A request that got no (complete) response. The URL is never kept: it may hold credentials.
pub struct TransportError {
    kind: TransportErrorKind,
    source: reqwest::Error,
}

impl TransportError {
    fn from_reqwest(e: reqwest::Error) -> Self {
        let kind = if e.is_timeout() {
            TransportErrorKind::Timeout
        } else if e.is_connect() {
            TransportErrorKind::Connect
        } else if e.is_builder() {
            TransportErrorKind::Request
        } else {
            TransportErrorKind::Io
        };
        TransportError { kind, source: e.without_url() }
    }

    /// What kind of failure it was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the configured timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("message", &self.to_string())
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Timeout => "request timed out",
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Io => "connection failed",
            TransportErrorKind::Request => "could not build the request",
        };
        write!(f, "{what}: {}", self.source)?;
        let mut source = std::error::Error::source(&self.source);
        while let Some(s) = source {
            write!(f, ": {s}")?;
            source = s.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {}

/// A response with a status the operation does not treat as success.
#[non_exhaustive]
pub struct ResponseError<E> {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body exactly as received.
    pub body: Vec<u8>,
    /// The body decoded as the spec declares for this status, if it declares one and it decoded.
    pub entity: Option<E>,
}

impl<E> ResponseError<E> {
    /// LINE's `x-line-request-id` header, when present.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl<E: fmt::Debug> fmt::Debug for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseError")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("body", &Excerpt(&self.body))
            .field("entity", &self.entity)
            .finish()
    }
}

impl<E> fmt::Display for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(id) = self.request_id() {
            write!(f, " (x-line-request-id {id})")?;
        }
        if !self.body.is_empty() {
            write!(f, ": {}", Excerpt(&self.body))?;
        }
        Ok(())
    }
}

/// A success response whose body did not decode.
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status (a 2xx).
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body exactly as received.
    pub body: Vec<u8>,
    /// What was wrong, without quoting values from the body (they may be credentials).
    pub detail: String,
}

impl DecodeError {
    #[allow(dead_code, reason = "Only specs with JSON responses use it")]
    fn new(raw: RawResponse, e: &serde_json::Error) -> Self {
        DecodeError {
            status: raw.status,
            headers: raw.headers,
            body: raw.body,
            detail: describe_json_error(e),
        }
    }

    /// LINE's `x-line-request-id` header, when present.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("body_len", &self.body.len())
            .field("detail", &self.detail)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} response body could not be decoded: {}", self.status, self.detail)?;
        if let Some(id) = self.request_id() {
            write!(f, " (x-line-request-id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// serde_json's message with quoted values removed: a token in the body must not reach a log.
#[allow(dead_code, reason = "Only specs with JSON responses use it")]
fn describe_json_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) => {
                out.push_str("\"…\"");
                quoted = true;
            }
            ('"', true) => quoted = false,
            // serde_json quotes values with `Debug`, which escapes a `"` inside them.
            ('\\', true) => {
                chars.next();
            }
            (c, false) => out.push(c),
            (_, true) => {}
        }
    }
    out
}

/// At most 512 bytes of a body, as text.
struct Excerpt<'a>(&'a [u8]);

impl fmt::Debug for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl fmt::Display for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 512;
        let text = String::from_utf8_lossy(self.0.get(..LIMIT).unwrap_or(self.0));
        f.write_str(text.trim_end())?;
        if self.0.len() > LIMIT {
            write!(f, "… ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

/// Sets an `application/x-www-form-urlencoded` body of the fields present.
///
/// An empty form still gets `Content-Length: 0`: hyper omits the header for an empty body, and
/// servers may refuse a POST without one (411 Length Required).
#[allow(dead_code, reason = "Only specs with form bodies use it")]
pub(crate) fn form_body(request: reqwest::RequestBuilder, fields: &[(&str, String)]) -> reqwest::RequestBuilder {
    let request = request.form(fields);
    if fields.is_empty() {
        request.header(reqwest::header::CONTENT_LENGTH, "0")
    } else {
        request
    }
}

/// Percent-encodes a path parameter so it stays one path segment.
#[allow(dead_code, reason = "Only specs with path parameters use it")]
pub(crate) fn encode_path(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The text form of a parameter value: strings as they are, enums by their wire value, JSON otherwise.
#[allow(dead_code, reason = "Only specs with non-string parameters use it")]
pub(crate) fn param_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
