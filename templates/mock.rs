//! A mock server of this API, for testing the code that calls it (the `mock` feature).
//!
//! [`MockServer::start`] listens on 127.0.0.1 with a port of its own and hands out a
//! [`crate::Client`] pointed at it, every server of the spec included, so a test exercises the
//! client's real request encoding, credentials, retries, timeouts and decoding over real HTTP.
//! Each operation has a method returning a [`Mock`]: `when` narrows it with a predicate over the
//! operation's typed request (a struct in [`operations`], one field per parameter and the body),
//! `times`, `once`, `at_least` and `at_most` say how often it must be met, and `respond` (a
//! typed success body), `respond_error` (the operation's own error enum) or `reply` (any status,
//! headers and body, a delay, a streamed body or a dropped connection) adds it. `received`
//! reads back every call the operation got, typed.
//!
//! A request no expectation matches is answered with 404 and a text that says so, naming the
//! operation it resolved to (or that none did). [`MockServer::verify`] panics with a report of
//! what was expected and what came when an expectation was not met as often as it says or a
//! request went unmatched, and dropping the server verifies too (unless the test is already
//! failing).
//!
//! How it differs from the HTTP mocking crates:
//!
//! - progenitor generates typed `When`/`Then` wrappers over `httpmock`: matching is on the wire
//!   (a path, a JSON value), the answer is typed. Here both sides are typed: the predicate and
//!   `received` see the operation's parameters and body as this crate's types, and declared
//!   errors are answered with the operation's own error enum, so a test never spells a path or
//!   a JSON key, and a spec change that breaks a test breaks its build.
//! - `wiremock` and `mockito` match method, path and body by hand for any HTTP API. This server
//!   knows the spec's routes: every request resolves to an operation, and an unmatched one says
//!   which operation it was.
//! - There is no framework to learn beyond these methods, and nothing to mount: expectations are
//!   tried in the order they were added, and one that has been met as often as it says (`once`,
//!   `times`, `at_most`) lets a later one answer, so a retried call can fail once and succeed after.

{%- if let Some(rt) = runtime %}
use {{ rt.ident }}::mock as server;
{%- else %}
#[allow(dead_code, reason = "the mock server runtime is the same in every generated crate; a spec uses only part of it")]
mod server;
{%- endif %}

pub use server::{Expected, Mock, Part, Reply, Request, Times};

/// Each operation's method, server and path template, as the server routes requests.
static ROUTES: &[server::Route] = &[
{%- for group in krate.apis %}
{%- for op in group.operations %}
    server::Route { operation: {{ op.name|bare|lit }}, method: {{ op.method.as_str()|lit }}, server: {{ op.server }}, path: {{ op.path|lit }} },
{%- endfor %}
{%- endfor %}
];

/// A mock server of the API on 127.0.0.1: one method per operation to expect its calls and read
/// them back typed; see the [module docs](self).
#[derive(Debug)]
pub struct MockServer {
    server: server::Server,
}

impl MockServer {
    /// Starts the server on 127.0.0.1 with an ephemeral port, on the current tokio runtime.
    ///
    /// # Panics
    ///
    /// When no loopback port can be had.
    pub async fn start() -> Self {
        match server::Server::start(ROUTES).await {
            Ok(server) => MockServer { server },
            Err(e) => panic!("mock server: cannot listen on 127.0.0.1: {e}"),
        }
    }

    /// The server's URL (`http://127.0.0.1:PORT`): a request under it is resolved against every
    /// operation of the spec.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// A [`crate::ClientBuilder`] with every server of the spec pointed at the mock and no
    /// credentials: add your own, a retry policy or a timeout, then build.
    pub fn client_builder(&self) -> crate::ClientBuilder {
        crate::Client::builder()
{%- for s in krate.servers %}
            .{{ s.setter }}(self.server.server_url({{ loop.index0 }}))
{%- endfor %}
    }

    /// A [`crate::Client`] with every server of the spec pointed at the mock and a placeholder
    /// for each credential (`mock-credential`; `mock-user` and `mock-password` for basic).
    pub fn client(&self) -> crate::Client {
        let builder = self.client_builder()
{%- for s in krate.security_schemes %}
{%- match s.kind %}
{%- when ir::SecurityKind::Basic %}
            .{{ s.setter }}("mock-user", "mock-password")
{%- else %}
            .{{ s.setter }}("mock-credential")
{%- endmatch %}
{%- endfor %};
        match builder.build() {
            Ok(client) => client,
            Err(e) => panic!("mock server: cannot build a client for {}: {e}", self.server.url()),
        }
    }

    /// Checks that every expectation was met as often as it says and that every request
    /// matched one.
    ///
    /// # Panics
    ///
    /// Otherwise, with what was wrong, every expectation and every request received.
    pub fn verify(&self) {
        if let Err(report) = self.server.verify() {
            panic!("{report}");
        }
    }

    /// Every request received so far, in order, as it came (headers included).
    pub fn received(&self) -> Vec<Request> {
        self.server.requests()
    }

    /// Forgets every expectation and every request received.
    pub fn reset(&self) {
        self.server.reset();
    }
{%- for group in krate.apis %}
{%- for op in group.operations %}

    /// Expects calls of `{{ op.name|bare }}` ({{ format!("{} {}", op.method.as_str(), op.path)|code }}), or reads back the calls it got.
    pub fn {{ op.mock_name }}(&self) -> Mock<'_, operations::{{ op.mock_type }}> {
        Mock::new(&self.server)
    }
{%- endfor %}
{%- endfor %}
}

/// Verifies the server as [`MockServer::verify`] does, unless the thread is already panicking.
impl Drop for MockServer {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if let Err(report) = self.server.verify() {
            panic!("{report}");
        }
    }
}

/// The typed requests: one struct per operation, with a field per parameter (named as the
/// operation's arguments are) and the body, as the mock server received them.
pub mod operations {
    use super::server;
{%- for group in krate.apis %}
{%- for op in group.operations %}

    /// A call of `{{ op.name|bare }}` ({{ format!("{} {}", op.method.as_str(), op.path)|code }}) as the mock server received it.
    #[derive(Clone, PartialEq{% if !op.mock_has_secrets() %}, Debug{% endif %})]
    #[non_exhaustive]
    pub struct {{ op.mock_type }} {
{%- for p in op.params %}
        /// {{ p.wire_name|code }}{% if let Some(d) = p.description %}: {{ d|doc_inline }}{% endif %}
        pub {{ p.ident }}: {{ p.mock_type() }},
{%- endfor %}
    }
{%- if op.mock_has_secrets() %}

    /// Shows every parameter except credentials, which print as `[redacted]`.
    impl std::fmt::Debug for {{ op.mock_type }} {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct({{ op.mock_type|bare|lit }})
{%- for p in op.params %}
{%- if p.secret %}
                .field({{ p.ident|bare|lit }}, &"[redacted]")
{%- else %}
                .field({{ p.ident|bare|lit }}, &self.{{ p.ident }})
{%- endif %}
{%- endfor %}
                .finish()
        }
    }
{%- endif %}

    impl server::Operation for {{ op.mock_type }} {
        const NAME: &'static str = {{ op.name|bare|lit }};
        type Success = {{ op.success.rust() }};
        type Error = crate::apis::{{ group.module }}::{{ op.type_stem }}Error;

        fn decode({% if op.params.is_empty() %}_request{% else %}request{% endif %}: &server::Request) -> Result<Self, String> {
{%- if op.mock_reads_parts() %}
            let parts = request.multipart()?;
{%- endif %}
            Ok(Self {
{%- for p in op.params %}
                {{ p.ident }}: {{ p.mock_decode() }},
{%- endfor %}
            })
        }

        fn success({% if op.success == ir::ResponseBody::Empty %}_body{% else %}body{% endif %}: &Self::Success) -> server::Reply {
{%- match op.success %}
{%- when ir::ResponseBody::Json(_) %}
            server::Reply::status({{ op.mock_success_status() }}).json(body)
{%- when ir::ResponseBody::Text %}
            server::Reply::status({{ op.mock_success_status() }}).text(body.clone())
{%- when ir::ResponseBody::Bytes %}
            server::Reply::status({{ op.mock_success_status() }}).header("content-type", "application/octet-stream").body(body.clone())
{%- when ir::ResponseBody::Empty %}
            server::Reply::status({{ op.mock_success_status() }})
{%- endmatch %}
        }

        fn error(error: &Self::Error) -> server::Reply {
{%- if op.errors.is_empty() %}
            match *error {}
{%- else %}
            match error {
{%- for (variant, status) in op.mock_error_statuses() %}
                crate::apis::{{ group.module }}::{{ op.type_stem }}Error::{{ variant }}(body) => server::Reply::status({{ status }}).json(body),
{%- endfor %}
            }
{%- endif %}
        }
    }
{%- endfor %}
{%- endfor %}
}
