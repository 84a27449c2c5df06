//! A scripted HTTP/1.1 server on 127.0.0.1 that the client tests and the overhead benchmark
//! talk to: it records every request it receives and answers with the reply it was given.
//!
//! It is deliberately tiny (request line, headers, a `Content-Length` body, keep-alive) so the
//! tests see exactly the bytes the generated client put on the wire, with no framework between.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub method: String,
    /// The path without the query string, still percent-encoded.
    pub path: String,
    /// The raw query string (after `?`), if the target had one.
    pub query: Option<String>,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The body as UTF-8 text (panics otherwise: a test helper).
    pub fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("request body is UTF-8")
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub reason: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering (to trigger client timeouts).
    pub delay: Option<Duration>,
    /// Send `body` as the whole response, byte for byte, then close the connection.
    pub raw: bool,
    /// After answering, keep the connection open this long, sending nothing more.
    pub stall: Option<Duration>,
}

impl Reply {
    /// A reply with `status` and a JSON body.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Reply::new(status, "application/json", body.into().into_bytes())
    }

    /// A reply with `status`, a `Content-Type` and a body.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            reason: reason(status),
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: None,
            raw: false,
            stall: None,
        }
    }

    /// Sends exactly `bytes` (status line, headers and all) and closes the connection.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Self {
        Reply { status: 0, reason: "", headers: Vec::new(), body: bytes.into(), delay: None, raw: true, stall: None }
    }

    /// A reply with `status` and no body at all (`Content-Length: 0`).
    pub fn empty(status: u16) -> Self {
        Reply { status, reason: reason(status), headers: Vec::new(), body: Vec::new(), delay: None, raw: false, stall: None }
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Answers only after `delay`.
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// After answering, keeps the connection open for `stall` without sending more.
    pub fn stalled(mut self, stall: Duration) -> Self {
        self.stall = Some(stall);
        self
    }

    fn to_bytes(&self) -> Vec<u8> {
        if self.raw {
            return self.body.clone();
        }
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, self.reason);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", self.body.len()));
        let mut out = head.into_bytes();
        out.extend_from_slice(&self.body);
        out
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

type Script = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// A server on an ephemeral 127.0.0.1 port; stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl TestServer {
    /// Answers every request with `reply`.
    pub async fn start(reply: Reply) -> Self {
        Self::start_with(move |_| reply.clone()).await
    }

    /// Answers each request with what `script` returns for it.
    pub async fn start_with(script: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let recorded = Arc::clone(&requests);
        let connections = Arc::new(AtomicUsize::new(0));
        let accepted = Arc::clone(&connections);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                accepted.fetch_add(1, Ordering::SeqCst);
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve_connection(stream, Arc::clone(&script), Arc::clone(&recorded)));
            }
        });
        TestServer { addr, requests, connections, task }
    }

    /// `http://127.0.0.1:PORT` (no trailing `/`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The only request received so far (panics unless there was exactly one).
    pub fn single_request(&self) -> Recorded {
        let mut all = self.requests();
        assert_eq!(all.len(), 1, "expected exactly one request, got {all:#?}");
        all.remove(0)
    }

    /// How many connections the server has accepted so far: a client that reuses its
    /// connection pool opens one for requests made one after another.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Forgets the requests recorded so far.
    pub fn clear(&self) {
        self.requests.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// An address on 127.0.0.1 where nothing listens: bound, then released.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    drop(listener);
    format!("http://{addr}")
}

async fn serve_connection(mut stream: TcpStream, script: Arc<Script>, recorded: Arc<Mutex<Vec<Recorded>>>) {
    let mut buf = Vec::with_capacity(4096);
    loop {
        let Some(request) = read_request(&mut stream, &mut buf).await else { return };
        let reply = script(&request);
        let close = request.header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
        recorded.lock().unwrap_or_else(PoisonError::into_inner).push(request);
        if let Some(delay) = reply.delay {
            tokio::time::sleep(delay).await;
        }
        let written = stream.write_all(&reply.to_bytes()).await;
        if let Some(stall) = reply.stall {
            tokio::time::sleep(stall).await;
        }
        if written.is_err() || close || reply.raw {
            return;
        }
    }
}

/// Reads one request from `stream`; `buf` carries bytes already read past the previous one.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_string();
    let target = request_line.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    buf.drain(..head_end + 4);
    let chunked = headers.iter().any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        read_chunked(stream, buf).await?
    } else {
        while buf.len() < length {
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        buf.drain(..length).collect()
    };
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (target, None),
    };
    Some(Recorded { method, path, query, headers, body })
}

/// Reads a `Transfer-Encoding: chunked` body (a streamed upload): size line, data, CRLF, until
/// the zero-size chunk and the blank line after it.
async fn read_chunked(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = loop {
            if let Some(i) = buf.windows(2).position(|w| w == b"\r\n") {
                break i;
            }
            fill(stream, buf).await?;
        };
        let size_text = String::from_utf8_lossy(&buf[..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        buf.drain(..line_end + 2);
        while buf.len() < size + 2 {
            fill(stream, buf).await?;
        }
        body.extend(buf.drain(..size));
        buf.drain(..2);
        if size == 0 {
            return Some(body);
        }
    }
}

async fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 4096];
    let n = stream.read(&mut chunk).await.ok()?;
    if n == 0 {
        return None;
    }
    buf.extend_from_slice(&chunk[..n]);
    Some(())
}

/// What the generated API refuses at compile time, proved by doc tests that must fail to build
/// (`compile_fail` with the error code rustc gives). Each has a twin in `tests/bot/flex.rs`
/// that builds.
///
/// A misspelt enum value does not compile: string enums are typed where they are set.
///
/// ```compile_fail,E0277
/// use line_bot::models::{FlexBox, FlexText};
/// let _ = FlexBox::new("vertikal", [FlexText::new().text("hi")]);
/// ```
///
/// Naming the variant is the way, and a misspelt variant is no variant:
///
/// ```compile_fail,E0599
/// use line_bot::models::{FlexBox, FlexBoxLayout, FlexText};
/// let _ = FlexBox::new(FlexBoxLayout::Vertikal, [FlexText::new().text("hi")]);
/// ```
///
/// A string is not an enum value even when it is a right one; the value that is newer than the
/// crate goes through the documented escape hatch, `from_wire`:
///
/// ```compile_fail,E0277
/// use line_bot::models::{FlexBox, FlexText};
/// let _ = FlexBox::new("vertical", [FlexText::new().text("hi")]);
/// ```
///
/// A list of mixed union members written with `.into()` on every member does not say what they
/// convert into: rustc asks for a type (E0283, "type annotations needed"). Naming the item type
/// once (`[FlexComponent::from(text), button.into()]`) builds.
///
/// ```compile_fail,E0283
/// use line_bot::models::{FlexBox, FlexBoxLayout, FlexButton, FlexText, UriAction};
/// let text = FlexText::new().text("hi");
/// let button = FlexButton::new(UriAction::new().uri("https://example.com"));
/// let _ = FlexBox::new(FlexBoxLayout::Vertical, vec![text.into(), button.into()]);
/// ```
pub mod refused {}
