//! OAuth 2.0 client credentials (RFC 6749 §4.4) as a token source: the client trades its id and
//! secret for an access token at the token endpoint, and the client's token cache keeps it and
//! asks again before it expires.

use std::fmt;
use std::time::Duration;

use super::call::read_limited;
use super::credentials::{AccessToken, TokenFuture, TokenSource};
use super::encode::encode_path;
use super::secret::Secret;
use super::transport::DEFAULT_CONNECT_TIMEOUT;

/// The most of a token endpoint's answer that is read.
const MAX_TOKEN_RESPONSE: usize = 64 * 1024;

/// How the client authenticates to the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClientAuth {
    /// HTTP Basic: `Authorization: Basic` of the form-encoded id and secret. Every
    /// authorization server must accept it (§2.3.1), so it is the default unless the spec says
    /// otherwise (`x-client-authentication: body` on the flow).
    #[default]
    Basic,
    /// `client_id` and `client_secret` as fields of the form body, for servers that ask for it
    /// (LINE's v3 token endpoint).
    Body,
}

/// A token source that runs the OAuth 2.0 client-credentials grant: a form `POST` of
/// `grant_type=client_credentials` (and `scope`, when scopes are asked for) to the token URL,
/// authenticated as [`ClientAuth`] says, read as `access_token`, `expires_in` and
/// `token_type` (which must be `Bearer`). Hand it to a `…_token_source` setter; the client
/// caches the token, asks again shortly before it expires, once for all the calls waiting,
/// and fails a call with `TransportErrorKind::Credentials` when the endpoint refuses. Its
/// `Debug` and errors never show the secret or the token.
#[derive(Clone)]
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    scopes: Vec<String>,
    auth: ClientAuth,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scopes", &self.scopes)
            .field("auth", &self.auth)
            .finish()
    }
}

impl ClientCredentials {
    /// The grant for this client at the token endpoint `token_url`, with [`ClientAuth::Basic`].
    pub fn new(token_url: impl Into<String>, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredentials {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
            scopes: Vec::new(),
            auth: ClientAuth::Basic,
            http: None,
        }
    }

    /// Asks for these scopes (sent space-separated as `scope`).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Authenticates to the token endpoint this way.
    pub fn auth(mut self, auth: ClientAuth) -> Self {
        self.auth = auth;
        self
    }

    /// Sends the token requests with this `reqwest::Client` (a proxy, your TLS settings); by
    /// default a client of its own, with a 10 s connect timeout and no redirects.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The token URL.
    pub fn token_url(&self) -> &str {
        &self.token_url
    }

    /// The grant as a client built with these servers sends it: a token URL on the host of one
    /// of the spec's servers (`defaults`) moves with that server when the client sends it
    /// elsewhere (`actual`: a test server, a proxy), and the client's own HTTP client is used
    /// when the grant has none.
    pub fn for_client(mut self, defaults: &[&str], actual: &[String], http: &reqwest::Client) -> Self {
        for (default, actual) in defaults.iter().zip(actual) {
            let default = default.trim_end_matches('/');
            let actual = actual.trim_end_matches('/');
            let origin = origin_of(default);
            if origin.is_empty() || default == actual {
                continue;
            }
            if let Some(path) = self.token_url.strip_prefix(origin).filter(|p| p.is_empty() || p.starts_with('/')) {
                self.token_url = format!("{actual}{path}");
                break;
            }
        }
        if self.http.is_none() {
            self.http = Some(http.clone());
        }
        self
    }

    async fn issue(&self) -> Result<AccessToken, super::TokenError> {
        let http = match &self.http {
            Some(http) => http.clone(),
            None => reqwest::Client::builder()
                .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| TokenFailure(format!("cannot make an HTTP client for the token endpoint: {}", e.without_url())))?,
        };
        let mut form: Vec<(&str, &str)> = vec![("grant_type", "client_credentials")];
        let scope = self.scopes.join(" ");
        if !scope.is_empty() {
            form.push(("scope", &scope));
        }
        let mut request = http.post(&self.token_url).header(reqwest::header::ACCEPT, "application/json");
        match self.auth {
            ClientAuth::Basic => {
                // §2.3.1: the id and secret are form-encoded before they are joined and base64'd.
                request = request.basic_auth(encode_path(&self.client_id), Some(encode_path(self.client_secret.expose())));
            }
            ClientAuth::Body => {
                form.push(("client_id", &self.client_id));
                form.push(("client_secret", self.client_secret.expose()));
            }
        }
        let response = request
            .form(&form)
            .send()
            .await
            .map_err(|e| TokenFailure(format!("the token request to {} failed: {}", self.token_url, e.without_url())))?;
        let answer = read_limited(response, Some(MAX_TOKEN_RESPONSE))
            .await
            .map_err(|e| TokenFailure(format!("the token response from {} could not be read: {e}", self.token_url)))?;
        let status = answer.status;
        let json: serde_json::Value = serde_json::from_slice(&answer.body).unwrap_or(serde_json::Value::Null);
        if !status.is_success() {
            // RFC 6749 §5.2: `error` is a code such as `invalid_client`; never the body whole.
            let code = json.get("error").and_then(|e| e.as_str()).filter(|e| e.len() <= 64 && e.chars().all(|c| c.is_ascii_graphic()));
            return Err(Box::new(TokenFailure(match code {
                Some(code) => format!("the token endpoint {} refused the client credentials: {status} ({code})", self.token_url),
                None => format!("the token endpoint {} refused the client credentials: {status}", self.token_url),
            })));
        }
        let Some(token) = json.get("access_token").and_then(|t| t.as_str()).filter(|t| !t.is_empty()) else {
            return Err(Box::new(TokenFailure(format!("the token endpoint {} answered without an `access_token`", self.token_url))));
        };
        if let Some(kind) = json.get("token_type").and_then(|t| t.as_str()) {
            if !kind.eq_ignore_ascii_case("bearer") {
                return Err(Box::new(TokenFailure(format!("the token endpoint {} issued a `{kind}` token, not a bearer token", self.token_url))));
            }
        }
        let token = AccessToken::new(token);
        Ok(match json.get("expires_in").and_then(serde_json::Value::as_u64) {
            Some(seconds) => token.expires_in(Duration::from_secs(seconds)),
            None => token,
        })
    }
}

impl TokenSource for ClientCredentials {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.issue())
    }
}

/// `https://host:port` of a URL (empty when it has none).
fn origin_of(url: &str) -> &str {
    let Some(scheme_end) = url.find("://") else { return "" };
    let rest_start = scheme_end + 3;
    match url.get(rest_start..).and_then(|rest| rest.find('/')) {
        Some(slash) => url.get(..rest_start + slash).unwrap_or(url),
        None => url,
    }
}

/// Why a token request failed; it names the endpoint and the status, never a secret or token.
#[derive(Debug)]
struct TokenFailure(String);

impl fmt::Display for TokenFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TokenFailure {}
