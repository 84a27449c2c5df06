//! The opt-in retry policy against loopback servers: what is retried, how often, how long it
//! waits, and that every attempt is the same request.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use runtime::{is_idempotent, new_retry_key, send_with_retry, RetryPolicy, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// One request as the server saw it: when its head was complete, and the head itself.
struct Seen {
    at: Instant,
    head: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        header(&self.head, name)
    }
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// A server on 127.0.0.1 whose n-th connection gets `replies[n]` (the last one once they run
/// out), reporting every request it read.
async fn serve(replies: Vec<String>) -> (u16, mpsc::UnboundedReceiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut n = 0;
        while let Ok((mut socket, _)) = listener.accept().await {
            let Some(head) = read_request(&mut socket).await else { continue };
            let _ = tx.send(Seen { at: Instant::now(), head });
            let reply = replies.get(n).or(replies.last()).unwrap();
            n += 1;
            let _ = socket.write_all(reply.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (port, rx)
}

/// Reads a request head and its body (by `content-length`, or chunked to the last chunk), so
/// that closing the socket afterwards never resets the connection under the client.
async fn read_request(socket: &mut TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length: usize = header(&head, "content-length").map_or(0, |v| v.parse().unwrap());
    let chunked = header(&head, "transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    loop {
        let body = &data[head_end..];
        let complete = if chunked { body.ends_with(b"0\r\n\r\n") } else { body.len() >= length };
        if complete {
            return Some(head);
        }
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
}

fn reply(status: &str, headers: &str) -> String {
    format!("HTTP/1.1 {status}\r\n{headers}content-length: 0\r\nconnection: close\r\n\r\n")
}

fn ok() -> String {
    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}".into()
}

/// Everything the server has seen so far (every attempt has been answered when a call returns).
fn drain(rx: &mut mpsc::UnboundedReceiver<Seen>) -> Vec<Seen> {
    let mut all = Vec::new();
    while let Ok(seen) = rx.try_recv() {
        all.push(seen);
    }
    all
}

/// A policy whose backoff is too short to slow the tests down.
fn quick(max_retries: u32) -> RetryPolicy {
    RetryPolicy::new(max_retries).initial_backoff(Duration::from_millis(1)).max_backoff(Duration::from_millis(5))
}

fn post(http: &reqwest::Client, port: u16, key: &str) -> reqwest::Request {
    http.post(format!("http://127.0.0.1:{port}/v2/bot/message/push"))
        .header("x-line-retry-key", key)
        .header("content-type", "application/json")
        .body(r#"{"to":"U1","messages":[]}"#)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_429_is_retried_after_the_wait_retry_after_asks_for_with_the_same_retry_key() {
    let (port, mut seen) = serve(vec![reply("429 Too Many Requests", "retry-after: 1\r\n"), ok()]).await;
    let http = reqwest::Client::new();
    let key = new_retry_key();
    let policy = quick(3).max_backoff(Duration::from_secs(10));
    let response = send_with_retry(&http, post(&http, port, &key), Some(&policy), true).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let seen = drain(&mut seen);
    assert_eq!(seen.len(), 2, "one retry");
    let waited = seen[1].at - seen[0].at;
    assert!(waited >= Duration::from_secs(1), "Retry-After: 1 honoured, not the 1 ms backoff: waited {waited:?}");
    for attempt in &seen {
        assert_eq!(attempt.header("x-line-retry-key"), Some(key.as_str()));
        assert!(attempt.head.starts_with("POST /v2/bot/message/push "), "{}", attempt.head);
    }
}

#[tokio::test]
async fn a_retry_after_date_is_honoured() {
    // HTTP-dates have whole seconds, so "2 s from now" is at least 1 s away.
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let (port, mut seen) =
        serve(vec![reply("503 Service Unavailable", &format!("retry-after: {at}\r\n")), ok()]).await;
    let http = reqwest::Client::new();
    let policy = quick(1).max_backoff(Duration::from_secs(10));
    let response = send_with_retry(&http, post(&http, port, "k"), Some(&policy), true).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let seen = drain(&mut seen);
    assert_eq!(seen.len(), 2);
    let waited = seen[1].at - seen[0].at;
    assert!(waited >= Duration::from_secs(1), "waited until {at}: {waited:?}");
}

#[tokio::test]
async fn a_retry_after_longer_than_max_backoff_returns_the_answer_at_once() {
    // Retrying before the hour is up would come earlier than the server asked: wasted.
    let (port, mut seen) = serve(vec![reply("429 Too Many Requests", "retry-after: 3600\r\n"), ok()]).await;
    let http = reqwest::Client::new();
    let policy = quick(3);
    let started = Instant::now();
    let call = send_with_retry(&http, post(&http, port, "k"), Some(&policy), true);
    let response = tokio::time::timeout(Duration::from_secs(10), call).await.expect("returns at once").unwrap();
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "3600");
    assert_eq!(drain(&mut seen).len(), 1, "sent once");
}

#[tokio::test]
async fn a_503_is_retried_with_exponential_backoff() {
    let unavailable = reply("503 Service Unavailable", "");
    let (port, mut seen) = serve(vec![unavailable.clone(), unavailable.clone(), unavailable, ok()]).await;
    let http = reqwest::Client::new();
    let initial = Duration::from_millis(40);
    let policy = RetryPolicy::new(5).initial_backoff(initial).max_backoff(Duration::from_secs(10));
    let response = send_with_retry(&http, post(&http, port, "k"), Some(&policy), true).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let seen = drain(&mut seen);
    assert_eq!(seen.len(), 4, "three retries, then success");
    // Equal jitter: at least half of initial * 2^n before retry n + 1, so the third wait is at
    // least 2 * initial, where a backoff that did not grow would wait at most initial.
    for n in 0..3 {
        let waited = seen[n + 1].at - seen[n].at;
        assert!(waited >= initial * 2u32.pow(n as u32) / 2, "wait {n}: {waited:?}");
    }
}

#[tokio::test]
async fn the_backoff_is_capped() {
    let (port, mut seen) = serve(vec![reply("500 Internal Server Error", ""), ok()]).await;
    let http = reqwest::Client::new();
    let policy = RetryPolicy::new(1).initial_backoff(Duration::from_secs(3600)).max_backoff(Duration::from_millis(5));
    // The timeout only keeps a broken cap from hanging the test.
    let call = send_with_retry(&http, post(&http, port, "k"), Some(&policy), true);
    let response = tokio::time::timeout(Duration::from_secs(120), call).await.expect("capped").unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(drain(&mut seen).len(), 2);
}

#[tokio::test]
async fn max_retries_is_respected_and_the_last_response_returned() {
    let (port, mut seen) = serve(vec![reply("500 Internal Server Error", "x-attempt: any\r\n")]).await;
    let http = reqwest::Client::new();
    let response = send_with_retry(&http, post(&http, port, "k"), Some(&quick(2)), true).await.unwrap();
    assert_eq!(response.status().as_u16(), 500, "the last answer comes back, not an error");
    assert_eq!(response.headers()["x-attempt"], "any");
    assert_eq!(drain(&mut seen).len(), 3, "max_retries 2: three attempts");

    let response = send_with_retry(&http, post(&http, port, "k"), Some(&quick(0)), true).await.unwrap();
    assert_eq!(response.status().as_u16(), 500);
    assert_eq!(drain(&mut seen).len(), 1, "max_retries 0: one attempt");
}

#[tokio::test]
async fn nothing_is_retried_unless_it_is_safe_and_a_policy_is_set() {
    let (port, mut seen) = serve(vec![reply("503 Service Unavailable", "")]).await;
    let http = reqwest::Client::new();
    let response = send_with_retry(&http, post(&http, port, "k"), Some(&quick(3)), false).await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(drain(&mut seen).len(), 1, "not retry-safe: one attempt");

    let response = send_with_retry(&http, post(&http, port, "k"), None, true).await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(drain(&mut seen).len(), 1, "no policy: one attempt");
}

#[tokio::test]
async fn success_and_other_client_errors_are_not_retried() {
    let http = reqwest::Client::new();
    for (status, expected) in [("200 OK", 200), ("400 Bad Request", 400), ("404 Not Found", 404)] {
        let (port, mut seen) = serve(vec![reply(status, ""), ok()]).await;
        let request = http.get(format!("http://127.0.0.1:{port}/")).build().unwrap();
        let response = send_with_retry(&http, request, Some(&quick(3)), true).await.unwrap();
        assert_eq!(response.status().as_u16(), expected);
        assert_eq!(drain(&mut seen).len(), 1, "{status}");
    }
}

#[tokio::test]
async fn every_attempt_carries_the_same_retry_key() {
    let (port, mut seen) =
        serve(vec![reply("500 Internal Server Error", ""), reply("502 Bad Gateway", ""), ok()]).await;
    let http = reqwest::Client::new();
    let key = new_retry_key();
    let response = send_with_retry(&http, post(&http, port, &key), Some(&quick(3)), true).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let seen = drain(&mut seen);
    assert_eq!(seen.len(), 3);
    let keys: Vec<_> = seen.iter().map(|s| s.header("x-line-retry-key")).collect();
    assert_eq!(keys, vec![Some(key.as_str()); 3]);
    // The body went out every time too.
    assert!(seen.iter().all(|s| s.header("content-length") == Some("25")), "{:?}", seen[2].head);
}

#[tokio::test]
async fn a_streaming_body_is_sent_once() {
    let (port, mut seen) = serve(vec![reply("503 Service Unavailable", ""), ok()]).await;
    let http = reqwest::Client::new();
    let request = http
        .put(format!("http://127.0.0.1:{port}/upload"))
        .body(reqwest::Body::wrap(String::from("streamed content")))
        .build()
        .unwrap();
    assert!(request.try_clone().is_none(), "the body really is a stream");
    let response = send_with_retry(&http, request, Some(&quick(3)), true).await.unwrap();
    assert_eq!(response.status().as_u16(), 503, "cannot be re-sent, so the first answer comes back");
    assert_eq!(drain(&mut seen).len(), 1);
}

/// Resolves every name to 127.0.0.1 (the port comes from the URL), counting the lookups: one per
/// connection attempt, since no connection is ever pooled when none succeeds.
struct CountingResolver(Arc<AtomicUsize>);

impl reqwest::dns::Resolve for CountingResolver {
    fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
        self.0.fetch_add(1, Ordering::SeqCst);
        let addrs: reqwest::dns::Addrs = Box::new(std::iter::once(SocketAddr::from(([127, 0, 0, 1], 0))));
        Box::pin(std::future::ready(Ok(addrs)))
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_returned_as_a_transport_error() {
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let lookups = Arc::new(AtomicUsize::new(0));
    let http = reqwest::Client::builder().dns_resolver(Arc::new(CountingResolver(lookups.clone()))).build().unwrap();
    let request = http.get(format!("http://refused.test:{refused}/")).build().unwrap();
    let error = send_with_retry(&http, request, Some(&quick(2)), true).await.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Connect, "{error}");
    assert_eq!(lookups.load(Ordering::SeqCst), 3, "three connection attempts");
}

#[tokio::test]
async fn a_timeout_is_retried() {
    // Accepts and reads, never answers: every attempt times out.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            open.push(socket);
        }
    });
    let http = reqwest::Client::builder().timeout(Duration::from_millis(100)).build().unwrap();
    let request = http.get(format!("http://127.0.0.1:{port}/")).build().unwrap();
    let error = send_with_retry(&http, request, Some(&quick(1)), true).await.unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert_eq!(accepted.load(Ordering::SeqCst), 2, "the first attempt and one retry");
}

#[test]
fn idempotent_methods_are_those_of_rfc_9110() {
    use reqwest::Method;
    for method in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS, Method::TRACE] {
        assert!(is_idempotent(&method), "{method}");
    }
    for method in [Method::POST, Method::PATCH, Method::CONNECT, Method::from_bytes(b"PURGE").unwrap()] {
        assert!(!is_idempotent(&method), "{method}");
    }
}

#[test]
fn retry_keys_are_distinct_lowercase_uuid_v4() {
    let keys: std::collections::BTreeSet<String> = (0..100).map(|_| new_retry_key()).collect();
    assert_eq!(keys.len(), 100, "all distinct");
    for key in &keys {
        let groups: Vec<&str> = key.split('-').collect();
        assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{key}");
        assert!(key.chars().all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)), "{key}");
        assert!(groups[2].starts_with('4'), "version 4: {key}");
        assert!(groups[3].starts_with(['8', '9', 'a', 'b']), "RFC 4122 variant: {key}");
    }
}

#[test]
fn the_default_policy_allows_three_retries() {
    assert_eq!(RetryPolicy::default().max_retries(), 3);
    assert_eq!(RetryPolicy::new(7).max_retries(), 7);
}
