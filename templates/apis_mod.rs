//! The client, its configuration, and the types every operation returns.

{% for g in krate.apis -%}
pub mod {{ g.module }};
pub use {{ g.module }}::{{ g.class_name }};
{% endfor %}

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub use crate::runtime::{
    AccessToken, ApiResponse, CallFuture, BuildError, ByteStream, DecodeError, Error, Framing, ItemError, ItemStream, Items, PageCursor, Pages, ResponseError, RetryPolicy, TokenCache, TokenError,
    TransportError, TransportErrorKind, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_REFRESH_MARGIN,
    DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, REQUEST_ID_HEADER,
};
#[cfg(feature = "client-credentials")]
pub use crate::runtime::{ClientAuth, ClientCredentials};
use crate::runtime::{join_url, same_origin_redirects, Limits, RawResponse};

/// Default server URLs from the spec.
pub mod servers {
{%- for s in krate.servers %}
    /// {{ s.url|code }}
    pub const {{ s.setter|upper }}: &str = {{ s.url|lit }};
{%- endfor %}
}

/// A cheap-to-clone handle for calling the API; share one per process.
///
/// Clones share one connection pool and one set of credentials: replacing a credential on one
/// (`set_…`) replaces it on all. Credentials are kept out of its `Debug` output.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    http: reqwest::Client,
    servers: Vec<String>,
    user_agent: Option<String>,
    limits: Limits,
    retry: Option<RetryPolicy>,
{%- for s in krate.security_schemes %}
    {{ s.field }}: crate::runtime::{% if s.kind.is_basic() %}BasicCredential{% else %}Credential{% endif %},
{%- endfor %}
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Client");
        d.field("servers", &self.inner.servers)
            .field("user_agent", &self.inner.user_agent)
            .field("limits", &self.inner.limits)
            .field("retry", &self.inner.retry);
{%- for s in krate.security_schemes %}
        d.field({{ s.field|lit }}, &self.inner.{{ s.field }});
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

    /// The URL each of the spec's servers resolves to, in the order of [`servers`]: every
    /// request goes to one of these.
    pub fn servers(&self) -> &[String] {
        &self.inner.servers
    }

    /// How long a call may take as a whole, retries included, unless it sets its own
    /// (`.timeout(…)`); `None` only after [`ClientBuilder::no_timeout`].
    pub fn timeout(&self) -> Option<Duration> {
        self.inner.limits.timeout
    }

    /// How long opening a connection may take (on the `reqwest::Client` the builder made).
    pub fn connect_timeout(&self) -> Duration {
        self.inner.limits.connect_timeout
    }

    /// The largest response body read whole to decode (JSON, text, error bodies).
    pub fn max_response_size(&self) -> usize {
        self.inner.limits.max_response_size
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
        // The runtime turns it into the deadline of the whole call (a call's own replaces it).
        if let Some(timeout) = self.inner.limits.timeout {
            request = request.timeout(timeout);
        }
        request
    }
{% for s in krate.security_schemes %}
{%- match s.kind %}
{%- when ir::SecurityKind::Basic %}
    /// Sends `user` and `password` for {{ s.spec_name|code }} from now on, from this client and
    /// every clone of it (calls already sent keep the old ones).
    pub fn set_{{ s.setter }}(&self, user: impl Into<String>, password: impl Into<String>) {
        self.inner.{{ s.field }}.set(Some((crate::runtime::Secret::new(user), crate::runtime::Secret::new(password))));
    }
{%- else %}
    /// Sends `value` as the {{ s.spec_name|code }} credential from now on, from this client and
    /// every clone of it, replacing a token source (calls already sent keep the old value).
    /// The connection pool stays.
    pub fn set_{{ s.setter }}(&self, value: impl Into<String>) {
        self.inner.{{ s.field }}.set(Some(crate::runtime::Secret::new(value)));
    }

    /// Gets the {{ s.spec_name|code }} credential from `source` from now on, on this client and
    /// every clone of it: see [`ClientBuilder::{{ s.setter }}_source`].
    pub fn set_{{ s.setter }}_source<F, Fut>(&self, source: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<AccessToken, TokenError>> + Send + 'static,
    {
        self.inner.{{ s.field }}.set_source(source);
    }
{%- endmatch %}
{% endfor %}
    /// Adds the credentials of the schemes `schemes` (indexes into the spec's list) that were
    /// configured, asking a token source first when its token is about to expire, and then the
    /// call's own options (so a per-call header replaces one the operation sets).
    async fn authorize(&self, request: reqwest::RequestBuilder, options: crate::runtime::CallOptions, schemes: &[usize]) -> Result<reqwest::RequestBuilder, TransportError> {
{%- if krate.security_schemes.is_empty() %}
        let _ = schemes;
        Ok(options.apply(request))
{%- else %}
        let mut request = request;
        for scheme in schemes {
            request = match scheme {
{%- for s in krate.security_schemes %}
{%- match s.kind %}
{%- when ir::SecurityKind::Basic %}
                {{ loop.index0 }} => match self.inner.{{ s.field }}.current() {
                    Some((user, password)) => request.basic_auth(user.expose(), Some(password.expose())),
                    None => request,
                },
{%- else %}
                {{ loop.index0 }} => match self.inner.{{ s.field }}.current(self.inner.limits.timeout).await? {
{%- match s.kind %}
{%- when ir::SecurityKind::ApiKeyHeader(name) %}
                    Some(key) => request.header({{ name|lit }}, key.expose()),
{%- when ir::SecurityKind::ApiKeyQuery(name) %}
                    Some(key) => request.query(&[({{ name|lit }}, key.expose())]),
{%- else %}
                    Some(token) => request.bearer_auth(token.expose()),
{%- endmatch %}
                    None => request,
                },
{%- endmatch %}
{%- endfor %}
                _ => request,
            };
        }
        Ok(options.apply(request))
{%- endif %}
    }

    /// Sends a call's request, with the credentials of `schemes` and then the call's own
    /// options, as [`Self::fetch`] does: the one async body every operation shares.
    pub(crate) fn exchange<'a>(&'a self, request: reqwest::RequestBuilder, options: crate::runtime::CallOptions, schemes: &'static [usize], retry_safe: bool, limit_success: bool) -> crate::runtime::Exchange<'a, RawResponse> {
        Box::pin(async move {
            let request = self.authorize(request, options, schemes).await?;
            self.fetch(request, retry_safe, limit_success).await
        })
    }

    /// Like [`Self::exchange`], for a download handed over as it arrives
    /// ([`Self::fetch_stream`]).
    #[allow(dead_code, reason = "Called only by operations that download a binary body")]
    pub(crate) fn exchange_stream<'a>(&'a self, request: reqwest::RequestBuilder, options: crate::runtime::CallOptions, schemes: &'static [usize], retry_safe: bool) -> crate::runtime::Exchange<'a, Result<ApiResponse<ByteStream>, RawResponse>> {
        Box::pin(async move {
            let request = self.authorize(request, options, schemes).await?;
            self.fetch_stream(request, retry_safe).await
        })
    }

    /// Sends a request, retrying it under the client's retry policy when `retry_safe`, and reads
    /// the answer whole: within the size limit, and a success too when `limit_success`.
    pub(crate) async fn fetch(&self, request: reqwest::RequestBuilder, retry_safe: bool, limit_success: bool) -> Result<RawResponse, TransportError> {
        let (http, request) = crate::runtime::prepare(request)?;
        let limit = self.inner.limits.max_response_size;
        crate::runtime::fetch(&http, request, self.inner.retry.as_ref(), retry_safe, limit, limit_success).await
    }

    /// Sends a request like [`Self::fetch`]; a success comes back as a stream of its body, any
    /// other answer read whole within the size limit (`Err`).
    #[allow(dead_code, reason = "Called only by operations that download a binary body")]
    pub(crate) async fn fetch_stream(&self, request: reqwest::RequestBuilder, retry_safe: bool) -> Result<Result<ApiResponse<ByteStream>, RawResponse>, TransportError> {
        let (http, request) = crate::runtime::prepare(request)?;
        let limit = self.inner.limits.max_response_size;
        crate::runtime::fetch_stream(&http, request, self.inner.retry.as_ref(), retry_safe, limit).await
    }

    /// A fresh retry key when the client may retry (no key is sent otherwise).
    #[allow(dead_code, reason = "Called only by operations that take a retry key")]
    pub(crate) fn new_retry_key(&self) -> Option<String> {
        self.inner.retry.as_ref().map(|_| crate::runtime::new_retry_key())
    }
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    servers: Vec<Option<String>>,
    limits: Limits,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
{%- for s in krate.security_schemes %}
    {{ s.field }}: crate::runtime::{% if s.kind.is_basic() %}BasicCredential{% else %}Credential{% endif %},
{%- if let Some(cc) = s.client_credentials %}
    /// The client-credentials grant, run with the servers the client ends up with.
    {{ cc.setter }}: Option<crate::runtime::ClientCredentials>,
{%- endif %}
{%- endfor %}
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("servers", &self.servers)
            .field("limits", &self.limits)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("custom_http_client", &self.http.is_some())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
{%- for s in krate.servers %}
    /// Sends requests that go to {{ s.url|code }} to `url` instead (a test server, a proxy).
{%- if loop.first && krate.servers.len() > 1 %}
    ///
    /// The spec's other servers move along with it, unless set apart with their own method.
{%- endif %}
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

    /// Gives up on a call after `timeout` (default [`DEFAULT_TIMEOUT`], 30 s): connecting,
    /// sending, every retry and wait, and reading the body, together. A call's own
    /// `.timeout(…)` replaces it for that call. A streamed download (`.stream()`) is bounded
    /// only until its body starts; then each piece must arrive within `timeout`.
    ///
    /// It applies to your own `reqwest::Client` (see [`Self::http_client`]) too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.limits.timeout = Some(timeout);
        self
    }

    /// Removes the call timeout: a call then waits as long as the server takes, forever for
    /// one that never answers. The connect timeout stays.
    pub fn no_timeout(mut self) -> Self {
        self.limits.timeout = None;
        self
    }

    /// Gives up opening a connection after `timeout` (default [`DEFAULT_CONNECT_TIMEOUT`],
    /// 10 s, LINE's Java SDK's). It is set on the `reqwest::Client` the builder makes: your own
    /// client (see [`Self::http_client`]) keeps its own connect timeout, and the call timeout
    /// still bounds it.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.limits.connect_timeout = timeout;
        self
    }

    /// The largest response body the client holds to decode it (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`], 16 MiB): JSON and text successes and every error body.
    /// A larger one is refused with [`TransportErrorKind::TooLarge`], before it is read when its
    /// `Content-Length` says so, and otherwise as soon as more than `bytes` have arrived.
    /// Binary downloads are not limited, awaited whole or streamed (`.stream()`).
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.limits.max_response_size = bytes;
        self
    }

    /// Retries calls that are safe to repeat when the server answers 429 (honouring
    /// `Retry-After`) or 5xx, or the connection fails: idempotent methods (GET, PUT, DELETE, …)
    /// always, and POSTs that take a retry key (LINE's `X-Line-Retry-Key`), sent with the same
    /// key on every attempt and made up by the client when the call gives none. Off by default.
    /// [`RetryPolicy`] has the whole table: which requests, errors and statuses, how long it
    /// waits and when it gives up.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The `User-Agent` header sent with every request (default: [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses your own `reqwest::Client` (proxies, connection pools, TLS settings).
    ///
    /// The call timeout (30 s unless changed), the size limit and the user agent set here still
    /// apply, per call; its connect timeout and redirect policy are yours (the default client
    /// connects within 10 s and follows redirects only within the same origin).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }
{% for s in krate.security_schemes %}
{%- match s.kind %}
{%- when ir::SecurityKind::Basic %}
    /// Credentials for {{ s.spec_name|code }} (HTTP basic), sent only to operations that require them.
    /// [`Client::set_{{ s.setter }}`] replaces them on a client in use.
    pub fn {{ s.setter }}(self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.{{ s.field }}.set(Some((crate::runtime::Secret::new(user), crate::runtime::Secret::new(password))));
        self
    }
{%- else %}
    /// The credential for {{ s.spec_name|code }}, sent only to operations that require it.
    /// [`Client::set_{{ s.setter }}`] replaces it on a client in use (and all its clones).
    pub fn {{ s.setter }}({% if s.client_credentials.is_some() %}mut {% endif %}self, value: impl Into<String>) -> Self {
        self.{{ s.field }}.set(Some(crate::runtime::Secret::new(value)));
{%- if let Some(cc) = s.client_credentials %}
        self.{{ cc.setter }} = None;
{%- endif %}
        self
    }

    /// Gets the credential for {{ s.spec_name|code }} from `source`, an async closure that
    /// returns a new [`AccessToken`] (issue one, read one from a vault): the client asks it
    /// before the first call that needs one, keeps the token, and asks again only when the
    /// token is about to expire ([`DEFAULT_REFRESH_MARGIN`] before, or halfway through a
    /// shorter life), once for all the calls waiting at that moment. When the source fails,
    /// or does not answer within the client's timeout, the call fails with
    /// [`TransportErrorKind::Credentials`] and nothing is sent; when a refresh fails while
    /// the old token is still valid, the old token is sent and the source asked again a few
    /// seconds later. The token never shows in `Debug`, `Display` or errors.
    ///
    /// ```no_run
    /// # async fn fetch_token() -> Result<(String, u64), std::io::Error> { Ok((String::new(), 900)) }
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    ///
    /// let client = {{ krate.name }}::Client::builder()
    ///     .{{ s.setter }}_source(|| async {
    ///         let (token, expires_in) = fetch_token().await?;
    ///         Ok({{ krate.name }}::AccessToken::new(token).expires_in(Duration::from_secs(expires_in)))
    ///     })
    ///     .build()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn {{ s.setter }}_source<F, Fut>({% if s.client_credentials.is_some() %}mut {% endif %}self, source: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<AccessToken, TokenError>> + Send + 'static,
    {
        self.{{ s.field }}.set_source(source);
{%- if let Some(cc) = s.client_credentials %}
        self.{{ cc.setter }} = None;
{%- endif %}
        self
    }

    /// Gets the credential for {{ s.spec_name|code }} from `tokens`, a token cache other
    /// clients may hold too: they all send the token it keeps, and it asks its source once
    /// for all of them shortly before that token expires. Clients of several crates of an SDK
    /// that share one runtime crate can share one.
    pub fn {{ s.setter }}_shared({% if s.client_credentials.is_some() %}mut {% endif %}self, tokens: Arc<TokenCache>) -> Self {
        self.{{ s.field }}.set_shared(tokens);
{%- if let Some(cc) = s.client_credentials %}
        self.{{ cc.setter }} = None;
{%- endif %}
        self
    }
{%- if let Some(cc) = s.client_credentials %}

    /// Gets the credential for {{ s.spec_name|code }} itself, with OAuth 2.0 client credentials
    /// (RFC 6749 §4.4): the client trades `client_id` and `client_secret` for an access token at
    /// {{ cc.token_url|code }}, authenticating {% if cc.auth_in_body %}with the id and secret in the form body
    /// ([`ClientAuth::Body`], as the spec says){% else %}with HTTP Basic ([`ClientAuth::Basic`], RFC 6749's
    /// default){% endif %}, keeps the token and trades again shortly before it expires, once for all
    /// the calls waiting at that moment. A refused grant fails the call with
    /// [`TransportErrorKind::Credentials`] (the endpoint's status and error code, never the
    /// secret) and nothing is sent. The token URL moves with the server it is on when the
    /// client sends that server's calls elsewhere (`base_url`, a test server), and the token
    /// requests use the client's HTTP client. For the other authentication style or your own
    /// token URL, use [`Self::{{ cc.setter }}_grant`].
    pub fn {{ cc.setter }}(self, client_id: impl Into<String>, client_secret: impl Into<String>{% if !cc.scopes.is_empty() %}, scopes: impl IntoIterator<Item = impl Into<String>>{% endif %}) -> Self {
        let grant = crate::runtime::ClientCredentials::new({{ cc.token_url|lit }}, client_id, client_secret){% if cc.auth_in_body %}.auth(crate::runtime::ClientAuth::Body){% endif %}{% if !cc.scopes.is_empty() %}.scopes(scopes){% endif %};
        self.{{ cc.setter }}_grant(grant)
    }

    /// Gets the credential for {{ s.spec_name|code }} with this client-credentials grant, as
    /// [`Self::{{ cc.setter }}`] does: `ClientCredentials::new(token_url, id, secret)` with
    /// `.auth(ClientAuth::Basic)` or `.auth(ClientAuth::Body)`, `.scopes(…)` or `.http_client(…)`.
    pub fn {{ cc.setter }}_grant(mut self, grant: crate::runtime::ClientCredentials) -> Self {
        self.{{ cc.setter }} = Some(grant);
        self
    }
{%- endif %}
{%- endmatch %}
{% endfor %}
    /// Builds the client; fails on a server URL that is not an absolute http(s) URL.
    pub fn build(self) -> Result<Client, BuildError> {
        let defaults = [{% for s in krate.servers %}servers::{{ s.setter|upper }}, {% endfor %}];
        let mut servers = Vec::with_capacity(defaults.len());
        // The base URL moves every server of the spec along (a test server, a proxy), unless
        // one is set apart with its own setter.
        let base = self.servers.first().cloned().flatten();
        for (i, default) in defaults.iter().enumerate() {
            let url = self.servers.get(i).cloned().flatten().or_else(|| base.clone()).unwrap_or_else(|| default.to_string());
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
                .connect_timeout(self.limits.connect_timeout)
                .build()
                .map_err(|e| BuildError::Http(e.without_url().to_string()))?,
        };
{%- for s in krate.security_schemes %}
{%- if let Some(cc) = s.client_credentials %}
        if let Some(grant) = self.{{ cc.setter }} {
            self.{{ s.field }}.set_source(grant.for_client(&defaults, &servers, &http));
        }
{%- endif %}
{%- endfor %}
        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                servers,
                user_agent: self.user_agent,
                limits: self.limits,
                retry: self.retry,
{%- for s in krate.security_schemes %}
                {{ s.field }}: self.{{ s.field }},
{%- endfor %}
            }),
        })
    }
}
