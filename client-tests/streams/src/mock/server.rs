//! The static part of every generated mock server: an HTTP/1.1 server on 127.0.0.1 that
//! resolves each request to the spec's operation, records it, answers it from the first
//! expectation that matches, and at verification lists what was expected and what came.
//!
//! This is ordinary Rust, compiled and tested in the generator's `mock/` crate and copied byte
//! for byte into each generated client crate as `src/mock/server.rs`, behind its `mock`
//! feature; the typed layer over it (a method per operation, the typed requests, the success
//! bodies and error enums) is rendered from the spec.

use std::convert::Infallible;
use std::fmt::{self, Write as _};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt as _;

/// The largest request body the server reads; a larger one is answered with 413.
pub const MAX_REQUEST_BODY: usize = 64 * 1024 * 1024;

/// The status of the answer to a request no expectation matches. Not a 5xx, so a client with
/// a retry policy does not send it again.
pub const UNMATCHED_STATUS: u16 = 404;

/// One operation of the spec, as the server routes it.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// The operation's method name in the crate (`reply_message`).
    pub operation: &'static str,
    /// The HTTP method, upper case (`POST`).
    pub method: &'static str,
    /// The index of the operation's server in the spec.
    pub server: usize,
    /// The path template as the spec writes it (`/v2/bot/message/{messageId}/content`).
    pub path: &'static str,
}

/// A request the server received, as it came, with the operation it resolved to.
#[derive(Debug, Clone)]
pub struct Request {
    /// The HTTP method.
    pub method: http::Method,
    /// The path as sent, without the prefix that tells the spec's servers apart.
    pub path: String,
    /// The query string as sent, without `?`.
    pub query: Option<String>,
    /// The headers; `Authorization`, `Cookie` and `Proxy-Authorization` are marked sensitive,
    /// so `Debug` does not show them.
    pub headers: http::HeaderMap,
    /// The body bytes.
    pub body: Bytes,
    /// The operation the method and path resolved to; `None` when no operation has them.
    pub operation: Option<&'static str>,
    path_params: Vec<(String, String)>,
}

impl Request {
    /// The percent-decoded value of the path parameter `name`.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.path_params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Every value of the query parameter `name`, decoded, in order.
    pub fn query_values(&self, name: &str) -> Vec<String> {
        let query = self.query.as_deref().unwrap_or("");
        form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k == name).map(|(_, v)| v.into_owned()).collect()
    }

    /// Every value of the header `name` that is text.
    pub fn header_values(&self, name: &str) -> Vec<String> {
        self.headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect()
    }

    /// The value of the cookie `name`, percent-decoded.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.header_values("cookie").iter().flat_map(|h| h.split(';')).find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned())
        })
    }

    /// Every value of the field `name` of an `application/x-www-form-urlencoded` body.
    pub fn form_values(&self, name: &str) -> Vec<String> {
        form_urlencoded::parse(&self.body).filter(|(k, _)| k == name).map(|(_, v)| v.into_owned()).collect()
    }

    /// The parts of a `multipart/form-data` body.
    pub fn multipart(&self) -> Result<Vec<Part>, String> {
        let content_type = self.header_values("content-type").into_iter().next().unwrap_or_default();
        parse_multipart(&content_type, &self.body)
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The part's field name.
    pub name: String,
    /// The file name, for a file part.
    pub file_name: Option<String>,
    /// The part's `Content-Type`, when it has one.
    pub content_type: Option<String>,
    /// The part's bytes.
    pub data: Bytes,
}

/// How often an expectation must be met, checked when the server is verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Times {
    /// Any number of times, none included.
    Any,
    /// Exactly this many times; once met, a later expectation for the same request answers.
    Exactly(usize),
    /// At least this many times.
    AtLeast(usize),
    /// At most this many times; once met, a later expectation for the same request answers.
    AtMost(usize),
}

impl Times {
    fn allows(self, hits: usize) -> bool {
        match self {
            Times::Any => true,
            Times::Exactly(n) => hits == n,
            Times::AtLeast(n) => hits >= n,
            Times::AtMost(n) => hits <= n,
        }
    }

    /// Whether the expectation should answer one more request (before falling back to it when
    /// nothing else matches).
    fn wants_more(self, hits: usize) -> bool {
        match self {
            Times::Exactly(n) | Times::AtMost(n) => hits < n,
            Times::Any | Times::AtLeast(_) => true,
        }
    }
}

impl fmt::Display for Times {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let calls = |n: usize| if n == 1 { "call" } else { "calls" };
        match self {
            Times::Any => f.write_str("any number of calls"),
            Times::Exactly(n) => write!(f, "exactly {n} {}", calls(*n)),
            Times::AtLeast(n) => write!(f, "at least {n} {}", calls(*n)),
            Times::AtMost(n) => write!(f, "at most {n} {}", calls(*n)),
        }
    }
}

/// What the server answers: a status, headers and a body, or a dropped connection; after an
/// optional delay.
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: ReplyBody,
    delay: Duration,
}

#[derive(Debug, Clone)]
enum ReplyBody {
    Full(Bytes),
    /// Sent one chunk at a time, `pause` apart.
    Stream { chunks: Vec<Bytes>, pause: Duration },
    /// The connection is closed without an answer.
    Drop,
}

impl Reply {
    /// An answer with this status and no body.
    pub fn status(status: u16) -> Self {
        Reply { status, headers: Vec::new(), body: ReplyBody::Full(Bytes::new()), delay: Duration::ZERO }
    }

    /// No answer at all: the server closes the connection once the request is read, as a
    /// server that crashed or a proxy that gave up would.
    pub fn drop_connection() -> Self {
        Reply { body: ReplyBody::Drop, ..Reply::status(0) }
    }

    /// Adds the header `name: value` to the answer.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The body, as bytes.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = ReplyBody::Full(body.into());
        self
    }

    /// The body as JSON, with `Content-Type: application/json`.
    pub fn json<T: serde::Serialize + ?Sized>(self, value: &T) -> Self {
        let body = serde_json::to_vec(value).unwrap_or_default();
        self.header("content-type", "application/json").body(body)
    }

    /// The body as text, with `Content-Type: text/plain; charset=utf-8`.
    pub fn text(self, text: impl Into<String>) -> Self {
        self.header("content-type", "text/plain; charset=utf-8").body(text.into())
    }

    /// The body sent in these chunks, `pause` apart, without a `Content-Length`: a download
    /// that arrives piece by piece.
    pub fn stream<C: Into<Bytes>>(mut self, chunks: impl IntoIterator<Item = C>, pause: Duration) -> Self {
        self.body = ReplyBody::Stream { chunks: chunks.into_iter().map(Into::into).collect(), pause };
        self
    }

    /// Waits this long before answering (or before dropping the connection).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Sets the status, keeping the rest.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    fn describe(&self) -> String {
        let mut out = match &self.body {
            ReplyBody::Drop => "drop the connection".to_string(),
            ReplyBody::Full(b) => format!("{} with {} body bytes", self.status, b.len()),
            ReplyBody::Stream { chunks, .. } => format!("{} streaming {} chunks", self.status, chunks.len()),
        };
        if !self.delay.is_zero() {
            let _ = write!(out, " after {:?}", self.delay);
        }
        out
    }
}

type Matcher = Arc<dyn Fn(&Request) -> bool + Send + Sync>;

/// A predicate over an operation's typed request.
type Predicate<O> = Arc<dyn Fn(&O) -> bool + Send + Sync>;

/// A rule: when `operation` is called (and the matcher, if any, accepts the request), answer
/// with the reply; `times` is checked when the server is verified.
#[derive(Clone)]
pub struct Expectation {
    operation: &'static str,
    matcher: Option<Matcher>,
    times: Times,
    reply: Reply,
}

impl fmt::Debug for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation")
            .field("operation", &self.operation)
            .field("when", &self.matcher.is_some())
            .field("times", &self.times)
            .field("reply", &self.reply)
            .finish()
    }
}

impl Expectation {
    /// Answers every call of `operation` with `reply`.
    pub fn new(operation: &'static str, reply: Reply) -> Self {
        Expectation { operation, matcher: None, times: Times::Any, reply }
    }

    /// Only requests the matcher accepts.
    pub fn matching(mut self, matcher: impl Fn(&Request) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Some(Arc::new(matcher));
        self
    }

    /// How often it must be met.
    pub fn times(mut self, times: Times) -> Self {
        self.times = times;
        self
    }

    fn accepts(&self, request: &Request) -> bool {
        request.operation == Some(self.operation) && self.matcher.as_ref().is_none_or(|m| m(request))
    }

    fn describe(&self) -> String {
        format!(
            "`{}`{}: {}, answered with {}",
            self.operation,
            if self.matcher.is_some() { " (when its predicate holds)" } else { "" },
            self.times,
            self.reply.describe()
        )
    }
}

/// A registered expectation: how often it has been met so far.
#[derive(Debug, Clone)]
pub struct Expected {
    state: Arc<State>,
    index: usize,
}

impl Expected {
    /// How many requests this expectation has answered.
    pub fn hits(&self) -> usize {
        self.state.lock().expectations.get(self.index).map_or(0, |s| s.hits)
    }
}

#[derive(Debug)]
struct State {
    routes: &'static [Route],
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    expectations: Vec<Slot>,
    /// Every request, with the index of the expectation that answered it.
    requests: Vec<(Request, Option<usize>)>,
}

#[derive(Debug)]
struct Slot {
    expectation: Expectation,
    hits: usize,
}

impl State {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while the lock was held (in a user's predicate) leaves the data whole.
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records the request and picks its answer: the first expectation that accepts it and
    /// wants more calls, else the last one that accepts it (so an over-called expectation is
    /// reported, not hidden), else the unmatched answer.
    fn answer(&self, request: Request) -> Reply {
        let mut inner = self.lock();
        let accepting: Vec<usize> =
            inner.expectations.iter().enumerate().filter(|(_, s)| s.expectation.accepts(&request)).map(|(i, _)| i).collect();
        let chosen = accepting
            .iter()
            .copied()
            .find(|i| inner.expectations.get(*i).is_some_and(|s| s.expectation.times.wants_more(s.hits)))
            .or_else(|| accepting.last().copied());
        let reply = match chosen.and_then(|i| inner.expectations.get_mut(i)) {
            Some(slot) => {
                slot.hits += 1;
                slot.expectation.reply.clone()
            }
            None => Reply::status(UNMATCHED_STATUS).text(unmatched_text(&request)),
        };
        inner.requests.push((request, chosen));
        reply
    }
}

fn unmatched_text(request: &Request) -> String {
    match request.operation {
        Some(op) => format!("mock server: no expectation matches {} {} (operation `{op}`)", request.method, request.path),
        None => format!("mock server: {} {} is no operation of the spec", request.method, request.path),
    }
}

/// The mock server: started on 127.0.0.1 with a port of its own; stopped when dropped.
#[derive(Debug)]
pub struct Server {
    state: Arc<State>,
    addr: SocketAddr,
    accept: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

impl Server {
    /// Starts the server for these routes on 127.0.0.1 and an ephemeral port, on the current
    /// tokio runtime.
    pub async fn start(routes: &'static [Route]) -> std::io::Result<Server> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State { routes, inner: Mutex::new(Inner::default()) });
        let shared = state.clone();
        let accept = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { continue };
                let state = shared.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| handle(state.clone(), request));
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
                });
            }
        });
        Ok(Server { state, addr, accept })
    }

    /// `http://127.0.0.1:PORT`: every request under it is resolved against all the routes.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The URL that stands for the spec's server `index` (`http://127.0.0.1:PORT/s1`): a request
    /// under it is resolved against that server's operations only.
    pub fn server_url(&self, index: usize) -> String {
        format!("http://{}/s{index}", self.addr)
    }

    /// Adds an expectation; earlier ones are tried first.
    pub fn expect(&self, expectation: Expectation) -> Expected {
        let mut inner = self.state.lock();
        inner.expectations.push(Slot { expectation, hits: 0 });
        Expected { state: self.state.clone(), index: inner.expectations.len() - 1 }
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().requests.iter().map(|(r, _)| r.clone()).collect()
    }

    /// The requests received so far that resolved to `operation`, in order.
    pub fn requests_for(&self, operation: &str) -> Vec<Request> {
        self.state.lock().requests.iter().filter(|(r, _)| r.operation == Some(operation)).map(|(r, _)| r.clone()).collect()
    }

    /// Forgets every expectation and request.
    pub fn reset(&self) {
        let mut inner = self.state.lock();
        inner.expectations.clear();
        inner.requests.clear();
    }

    /// `Ok` when every expectation was met as often as it says and every request matched one;
    /// otherwise a report of what was wrong, what was expected and what came.
    pub fn verify(&self) -> Result<(), String> {
        let inner = self.state.lock();
        let mut problems = Vec::new();
        for (i, slot) in inner.expectations.iter().enumerate() {
            if !slot.expectation.times.allows(slot.hits) {
                let times = if slot.hits == 1 { "once".to_string() } else { format!("{} times", slot.hits) };
                problems.push(format!("expectation #{} was met {times}; it wants {}", i + 1, slot.expectation.times));
            }
        }
        for (request, chosen) in &inner.requests {
            if chosen.is_none() {
                problems.push(unmatched_text(request).replacen("mock server: ", "", 1));
            }
        }
        if problems.is_empty() {
            return Ok(());
        }
        let mut report = format!("mock server: {} problem{}\n", problems.len(), if problems.len() == 1 { "" } else { "s" });
        for p in &problems {
            let _ = writeln!(report, "  - {p}");
        }
        report.push_str("expected:\n");
        if inner.expectations.is_empty() {
            report.push_str("  (nothing)\n");
        }
        for (i, slot) in inner.expectations.iter().enumerate() {
            let _ = writeln!(report, "  #{} {} (met {} times)", i + 1, slot.expectation.describe(), slot.hits);
        }
        report.push_str("received:\n");
        if inner.requests.is_empty() {
            report.push_str("  (nothing)\n");
        }
        for (i, (request, chosen)) in inner.requests.iter().enumerate() {
            let operation = request.operation.map_or("no operation".to_string(), |o| format!("`{o}`"));
            let answer = chosen.map_or("unmatched".to_string(), |c| format!("answered by #{}", c + 1));
            let _ = writeln!(report, "  {}. {} {} → {operation}, {answer}", i + 1, request.method, request.path);
        }
        Err(report)
    }
}

/// The server prefix (`/s1`) and the rest of the path.
fn split_server(path: &str) -> (Option<usize>, &str) {
    if let Some(rest) = path.strip_prefix("/s") {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if let (Ok(index), Some(after)) = (rest.get(..digits).unwrap_or("").parse::<usize>(), rest.get(digits..)) {
            if after.is_empty() || after.starts_with('/') {
                return (Some(index), if after.is_empty() { "/" } else { after });
            }
        }
    }
    (None, path)
}

/// Matches a path against a template, returning the decoded parameters. A template segment
/// may mix text and parameters (`{name}.json`).
fn match_path(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let wanted: Vec<&str> = template.trim_matches('/').split('/').collect();
    let got: Vec<&str> = path.trim_matches('/').split('/').collect();
    if wanted.len() != got.len() {
        return None;
    }
    let mut params = Vec::new();
    for (w, g) in wanted.iter().zip(&got) {
        let decoded = percent_encoding::percent_decode_str(g).decode_utf8_lossy().into_owned();
        match_segment(w, &decoded, &mut params)?;
    }
    Some(params)
}

fn match_segment(template: &str, segment: &str, params: &mut Vec<(String, String)>) -> Option<()> {
    let Some(open) = template.find('{') else {
        return (template == segment).then_some(());
    };
    let close = open + template.get(open..)?.find('}')?;
    let prefix = template.get(..open)?;
    let name = template.get(open + 1..close)?;
    let rest_template = template.get(close + 1..)?;
    let rest = segment.strip_prefix(prefix)?;
    // The parameter takes the shortest text after which the rest of the template matches.
    let literal_end = rest_template.find('{').unwrap_or(rest_template.len());
    let next_literal = rest_template.get(..literal_end)?;
    let candidates: Vec<usize> = if next_literal.is_empty() {
        if rest_template.is_empty() { vec![rest.len()] } else { (1..=rest.len()).collect() }
    } else {
        rest.match_indices(next_literal).map(|(i, _)| i).collect()
    };
    for end in candidates {
        if end == 0 {
            continue;
        }
        let mut tried = params.clone();
        tried.push((name.to_string(), rest.get(..end)?.to_string()));
        if match_segment(rest_template, rest.get(end..)?, &mut tried).is_some() {
            *params = tried;
            return Some(());
        }
    }
    None
}

/// The route of a method and path, and its path parameters: among the routes of the server
/// the path names, or of every server when it names none.
fn resolve(routes: &'static [Route], method: &http::Method, server: Option<usize>, path: &str) -> Option<(&'static Route, Vec<(String, String)>)> {
    routes
        .iter()
        .filter(|r| r.method.eq_ignore_ascii_case(method.as_str()) && server.is_none_or(|s| s == r.server))
        .filter_map(|r| match_path(r.path, path).map(|params| (r, params)))
        // A route with fewer parameters is the more specific one (`/users/me` before `/users/{id}`).
        .min_by_key(|(r, params)| (params.len(), r.path.len()))
}

type ReplyBodyType = http_body_util::Either<http_body_util::Full<Bytes>, Streamed>;

async fn handle(state: Arc<State>, request: hyper::Request<hyper::body::Incoming>) -> Result<hyper::Response<ReplyBodyType>, Dropped> {
    let (parts, body) = request.into_parts();
    let body = match http_body_util::Limited::new(body, MAX_REQUEST_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Ok(full_response(413, &[], Bytes::from_static(b"mock server: request body too large or broken"))),
    };
    let (server, path) = split_server(parts.uri.path());
    let resolved = resolve(state.routes, &parts.method, server, path);
    let mut headers = parts.headers;
    for name in [http::header::AUTHORIZATION, http::header::COOKIE, http::header::PROXY_AUTHORIZATION] {
        if let http::header::Entry::Occupied(mut entry) = headers.entry(name) {
            for value in entry.iter_mut() {
                value.set_sensitive(true);
            }
        }
    }
    let recorded = Request {
        method: parts.method,
        path: path.to_string(),
        query: parts.uri.query().map(str::to_string),
        headers,
        body,
        operation: resolved.as_ref().map(|(r, _)| r.operation),
        path_params: resolved.map(|(_, p)| p).unwrap_or_default(),
    };
    let reply = state.answer(recorded);
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    match reply.body {
        ReplyBody::Drop => Err(Dropped),
        ReplyBody::Full(bytes) => Ok(full_response(reply.status, &reply.headers, bytes)),
        ReplyBody::Stream { chunks, pause } => {
            let (tx, rx) = tokio::sync::mpsc::channel(1);
            tokio::spawn(async move {
                for (i, chunk) in chunks.into_iter().enumerate() {
                    if i > 0 && !pause.is_zero() {
                        tokio::time::sleep(pause).await;
                    }
                    if tx.send(chunk).await.is_err() {
                        break;
                    }
                }
            });
            let mut response = hyper::Response::new(http_body_util::Either::Right(Streamed(rx)));
            set_head(&mut response, reply.status, &reply.headers);
            Ok(response)
        }
    }
}

fn full_response(status: u16, headers: &[(String, String)], body: Bytes) -> hyper::Response<ReplyBodyType> {
    let mut response = hyper::Response::new(http_body_util::Either::Left(http_body_util::Full::new(body)));
    set_head(&mut response, status, headers);
    response
}

fn set_head<B>(response: &mut hyper::Response<B>, status: u16, headers: &[(String, String)]) {
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (http::HeaderName::from_bytes(name.as_bytes()), http::HeaderValue::from_str(value)) {
            response.headers_mut().append(name, value);
        }
    }
}

/// The error that makes hyper close the connection without an answer.
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the mock drops this connection")
    }
}

impl std::error::Error for Dropped {}

/// A body sent as its chunks arrive on a channel.
#[derive(Debug)]
struct Streamed(tokio::sync::mpsc::Receiver<Bytes>);

impl http_body::Body for Streamed {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        self.0.poll_recv(cx).map(|chunk| chunk.map(|c| Ok(http_body::Frame::data(c))))
    }
}

/// Splits a `multipart/form-data` body at the boundary its `Content-Type` names.
fn parse_multipart(content_type: &str, body: &[u8]) -> Result<Vec<Part>, String> {
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"'))
        .next()
        .ok_or_else(|| format!("the Content-Type `{content_type}` names no multipart boundary"))?;
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    let start = find(rest, delimiter.as_bytes()).ok_or("the body holds no multipart boundary")?;
    rest = rest.get(start + delimiter.len()..).unwrap_or_default();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest.strip_prefix(b"\r\n").ok_or("a multipart boundary is not followed by CRLF")?;
        let end = find(rest, format!("\r\n{delimiter}").as_bytes()).ok_or("a multipart part is not closed by a boundary")?;
        let part = rest.get(..end).unwrap_or_default();
        rest = rest.get(end + 2 + delimiter.len()..).unwrap_or_default();
        let head_end = find(part, b"\r\n\r\n").ok_or("a multipart part has no blank line after its headers")?;
        let head = String::from_utf8_lossy(part.get(..head_end).unwrap_or_default()).into_owned();
        let data = Bytes::copy_from_slice(part.get(head_end + 4..).unwrap_or_default());
        let (mut name, mut file_name, mut content_type) = (None, None, None);
        for line in head.split("\r\n") {
            let Some((key, value)) = line.split_once(':') else { continue };
            if key.trim().eq_ignore_ascii_case("content-disposition") {
                for param in value.split(';').map(str::trim) {
                    if let Some(v) = param.strip_prefix("name=") {
                        name = Some(v.trim_matches('"').to_string());
                    } else if let Some(v) = param.strip_prefix("filename=") {
                        file_name = Some(v.trim_matches('"').to_string());
                    }
                }
            } else if key.trim().eq_ignore_ascii_case("content-type") {
                content_type = Some(value.trim().to_string());
            }
        }
        let name = name.ok_or("a multipart part has no name")?;
        parts.push(Part { name, file_name, content_type, data });
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A value sent as text (a path, query, header, cookie or form value, or a multipart text
/// part) read back as its type: strings and enums as they are, anything else as the JSON the
/// client writes for it.
pub fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .or_else(|_| serde_json::from_str(text))
        .map_err(|e| format!("`{text}` is not a value of the declared type: {e}"))
}

/// The one value a required parameter must have.
pub fn one<T: serde::de::DeserializeOwned>(values: Vec<String>, what: &str) -> Result<T, String> {
    match values.first() {
        Some(v) => from_text(v).map_err(|e| format!("{what}: {e}")),
        None => Err(format!("{what} is missing")),
    }
}

/// The value of an optional parameter, `None` when it was not sent.
pub fn optional<T: serde::de::DeserializeOwned>(values: Vec<String>, what: &str) -> Result<Option<T>, String> {
    values.first().map(|v| from_text(v).map_err(|e| format!("{what}: {e}"))).transpose()
}

/// Every value of a parameter sent once per item (a query list).
pub fn list<T: serde::de::DeserializeOwned>(values: Vec<String>, what: &str) -> Result<Vec<T>, String> {
    values.iter().map(|v| from_text(v).map_err(|e| format!("{what}: {e}"))).collect()
}

/// A list parameter sent once per item, `None` when no item was sent.
pub fn optional_list<T: serde::de::DeserializeOwned>(values: Vec<String>, what: &str) -> Result<Option<Vec<T>>, String> {
    if values.is_empty() { Ok(None) } else { list(values, what).map(Some) }
}

/// The text parts named `name` of a multipart body.
pub fn part_texts(parts: &[Part], name: &str) -> Vec<String> {
    parts.iter().filter(|p| p.name == name).map(|p| String::from_utf8_lossy(&p.data).into_owned()).collect()
}

/// The bytes of the part named `name`.
pub fn part_bytes(parts: &[Part], name: &str) -> Option<Vec<u8>> {
    parts.iter().find(|p| p.name == name).map(|p| p.data.to_vec())
}

/// A JSON body read back as its type; `None` for an empty body.
pub fn json_body<T: serde::de::DeserializeOwned>(request: &Request) -> Result<Option<T>, String> {
    if request.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(&request.body).map(Some).map_err(|e| format!("the JSON body does not have the declared shape: {e}"))
}

/// What a generated operation type tells the typed layer: its name, how its request reads back
/// typed, and how its declared answers are written.
pub trait Operation: Sized + 'static {
    /// The operation's method name (the route's `operation`).
    const NAME: &'static str;
    /// The decoded body of a success.
    type Success;
    /// The operation's error enum.
    type Error;
    /// The typed request, from what the server received.
    fn decode(request: &Request) -> Result<Self, String>;
    /// The first success status the spec declares, with `body`.
    fn success(body: &Self::Success) -> Reply;
    /// The status `error` is declared for, with its body.
    fn error(error: &Self::Error) -> Reply;
}

/// An expectation for one operation being written: `when` narrows it, `times` bounds it,
/// `status`, `header` and `delay` shape the answer, and `respond`, `respond_error` or `reply`
/// adds it to the server. It also reads back what the operation received.
#[must_use = "an expectation does nothing until `respond`, `respond_error` or `reply` adds it"]
pub struct Mock<'a, O: Operation> {
    server: &'a Server,
    when: Option<Predicate<O>>,
    times: Times,
    status: Option<u16>,
    headers: Vec<(String, String)>,
    delay: Duration,
}

impl<O: Operation> fmt::Debug for Mock<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mock").field("operation", &O::NAME).field("when", &self.when.is_some()).field("times", &self.times).finish()
    }
}

impl<'a, O: Operation> Mock<'a, O> {
    /// An expectation for `O` on `server`.
    pub fn new(server: &'a Server) -> Self {
        Mock { server, when: None, times: Times::Any, status: None, headers: Vec::new(), delay: Duration::ZERO }
    }

    /// Only calls whose typed request satisfies `predicate`; a request that does not read back
    /// as the operation's types never matches.
    pub fn when(mut self, predicate: impl Fn(&O) -> bool + Send + Sync + 'static) -> Self {
        self.when = Some(Arc::new(predicate));
        self
    }

    /// Must be called exactly `n` times; after `n` calls, a later expectation answers.
    pub fn times(mut self, n: usize) -> Self {
        self.times = Times::Exactly(n);
        self
    }

    /// Must be called exactly once; after that, a later expectation answers.
    pub fn once(self) -> Self {
        self.times(1)
    }

    /// Must be called at least `n` times.
    pub fn at_least(mut self, n: usize) -> Self {
        self.times = Times::AtLeast(n);
        self
    }

    /// May be called at most `n` times; after `n` calls, a later expectation answers.
    pub fn at_most(mut self, n: usize) -> Self {
        self.times = Times::AtMost(n);
        self
    }

    /// Answers with this status instead of the declared one.
    pub fn status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Adds a header to the answer.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Waits this long before answering: longer than the client's timeout, and the call times out.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Answers with `body` as the operation's success (its first declared success status).
    pub fn respond(self, body: O::Success) -> Expected {
        let reply = O::success(&body);
        self.reply(reply)
    }

    /// Answers with one of the operation's declared errors, with the status it is declared for.
    pub fn respond_error(self, error: O::Error) -> Expected {
        let reply = O::error(&error);
        self.reply(reply)
    }

    /// Answers with `reply` as it is (any status, headers, body, a stream or a dropped
    /// connection); the status, headers and delay set on this expectation still apply.
    pub fn reply(self, reply: Reply) -> Expected {
        let Mock { server, when, times, status, headers, delay } = self;
        let mut reply = if delay.is_zero() { reply } else { reply.delay(delay) };
        if let Some(status) = status {
            reply = reply.with_status(status);
        }
        for (name, value) in headers {
            reply = reply.header(name, value);
        }
        let mut expectation = Expectation::new(O::NAME, reply).times(times);
        if let Some(when) = when {
            expectation = expectation.matching(move |request| O::decode(request).is_ok_and(|typed| when(&typed)));
        }
        server.expect(expectation)
    }

    /// Every call of the operation received so far, typed, in order.
    ///
    /// # Panics
    ///
    /// When a request does not read back as the operation's types (the client sent what the
    /// spec does not declare), with what did not.
    pub fn received(&self) -> Vec<O> {
        self.server
            .requests_for(O::NAME)
            .iter()
            .enumerate()
            .map(|(i, r)| O::decode(r).unwrap_or_else(|e| panic!("mock server: call {} of `{}` ({} {}): {e}", i + 1, O::NAME, r.method, r.path)))
            .collect()
    }

    /// Every call of the operation received so far, as it came (headers included).
    pub fn received_requests(&self) -> Vec<Request> {
        self.server.requests_for(O::NAME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_templates_and_decode_parameters() {
        let p = match_path("/v2/bot/message/{messageId}/content", "/v2/bot/message/a%20b/content").unwrap();
        assert_eq!(p, [("messageId".to_string(), "a b".to_string())]);
        assert!(match_path("/v2/bot/message/{messageId}/content", "/v2/bot/message/x").is_none());
        let p = match_path("/files/{name}.{ext}", "/files/report.v2.json").unwrap();
        assert_eq!(p, [("name".to_string(), "report".to_string()), ("ext".to_string(), "v2.json".to_string())]);
        assert!(match_path("/files/{name}.json", "/files/.json").is_none());
        assert_eq!(split_server("/s12/v2/x"), (Some(12), "/v2/x"));
        assert_eq!(split_server("/s1"), (Some(1), "/"));
        assert_eq!(split_server("/search/x"), (None, "/search/x"));
    }

    #[test]
    fn the_more_specific_route_wins() {
        static ROUTES: [Route; 2] = [
            Route { operation: "get_user", method: "GET", server: 0, path: "/users/{id}" },
            Route { operation: "get_me", method: "GET", server: 0, path: "/users/me" },
        ];
        let (r, _) = resolve(&ROUTES, &http::Method::GET, None, "/users/me").unwrap();
        assert_eq!(r.operation, "get_me");
        let (r, p) = resolve(&ROUTES, &http::Method::GET, Some(0), "/users/U1").unwrap();
        assert_eq!((r.operation, p[0].1.as_str()), ("get_user", "U1"));
        assert!(resolve(&ROUTES, &http::Method::POST, None, "/users/me").is_none());
        assert!(resolve(&ROUTES, &http::Method::GET, Some(1), "/users/me").is_none());
    }

    #[test]
    fn multipart_bodies_split_into_parts() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\r\n--XyZ--\r\n";
        let parts = parse_multipart("multipart/form-data; boundary=XyZ", body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].name.as_str(), &parts[0].data[..]), ("title", &b"hello"[..]));
        assert_eq!(parts[1].file_name.as_deref(), Some("a.png"));
        assert_eq!(parts[1].content_type.as_deref(), Some("image/png"));
        assert_eq!(&parts[1].data[..], b"\x89PNG\r\n");
        assert!(parse_multipart("multipart/form-data", body).is_err());
    }

    #[test]
    fn text_values_read_back_as_their_types() {
        assert_eq!(from_text::<String>("42").unwrap(), "42");
        assert_eq!(from_text::<i64>("42").unwrap(), 42);
        assert!(from_text::<bool>("true").unwrap());
        assert_eq!(from_text::<Vec<String>>(r#"["a","b"]"#).unwrap(), ["a", "b"]);
        assert!(from_text::<i32>("forty").is_err());
        assert_eq!(one::<i32>(vec!["7".into()], "`limit`").unwrap(), 7);
        assert!(one::<i32>(vec![], "`limit`").unwrap_err().contains("missing"));
        assert_eq!(optional::<i32>(vec![], "x").unwrap(), None);
        assert_eq!(optional_list::<i32>(vec!["1".into(), "2".into()], "x").unwrap(), Some(vec![1, 2]));
    }

    #[test]
    fn times_say_when_an_expectation_is_met_and_when_it_wants_more() {
        assert!(Times::Exactly(2).allows(2) && !Times::Exactly(2).allows(1) && !Times::Exactly(2).allows(3));
        assert!(Times::Exactly(1).wants_more(0) && !Times::Exactly(1).wants_more(1));
        assert!(Times::AtLeast(1).wants_more(5) && !Times::AtLeast(1).allows(0));
        assert!(Times::AtMost(1).allows(0) && !Times::AtMost(1).allows(2));
        assert_eq!(Times::Exactly(1).to_string(), "exactly 1 call");
    }
}
