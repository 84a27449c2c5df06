//! The client against a misbehaving server (issue M): it never hangs, never retries earlier than
//! the server asked, retries what is safe after a dropped connection or a cut-off body, and
//! holds no more of a body than its limit. Every test bounds its own time: a hang fails it.

use std::future::IntoFuture;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use client_tests::{Reply, TestServer};
use line_bot::models::{PushMessageRequest, TextMessage};
use line_bot::apis::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT};
use line_bot::{Client, Error, RetryPolicy, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const PROFILE: &str = r#"{"displayName":"A","userId":"U1"}"#;

/// Fails the test instead of hanging it when `call` takes longer than `limit`.
async fn bounded<T>(limit: Duration, call: impl IntoFuture<Output = T>) -> T {
    tokio::time::timeout(limit, call).await.unwrap_or_else(|_| panic!("still running after {limit:?}: a hang"))
}

/// Answers request n (counting from 0) with `replies[n]`, the last one once they run out.
async fn scripted(replies: Vec<Reply>) -> TestServer {
    let seen = AtomicUsize::new(0);
    TestServer::start_with(move |_| {
        let n = seen.fetch_add(1, Ordering::SeqCst);
        replies.get(n).or(replies.last()).cloned().unwrap_or_else(|| Reply::empty(500))
    })
    .await
}

fn retrying(server: &TestServer, policy: RetryPolicy) -> Client {
    Client::builder().base_url(server.url()).retry_policy(policy).build().unwrap()
}

/// A quick policy: retries after 10 ms, so a test shows what is retried, not how long it waits.
fn quick() -> RetryPolicy {
    RetryPolicy::new(3).initial_backoff(Duration::from_millis(10))
}

/// A 200 whose body stops after `{"displayName":` and whose connection then closes.
fn cut_off() -> Reply {
    Reply::raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"displayName\":")
}

#[tokio::test]
async fn a_client_built_without_a_timeout_gives_up_on_a_silent_server() {
    let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    assert_eq!(client.timeout(), Some(DEFAULT_TIMEOUT));
    assert_eq!(DEFAULT_TIMEOUT, Duration::from_secs(30));
    assert_eq!(client.connect_timeout(), DEFAULT_CONNECT_TIMEOUT);
    assert_eq!(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
    // Own reqwest clients get the call timeout too.
    let own = Client::builder().http_client(reqwest::Client::new()).build().unwrap();
    assert_eq!(own.timeout(), Some(DEFAULT_TIMEOUT));

    // Accepts, reads the request, never answers.
    let server = TestServer::start(Reply::json(200, PROFILE).delayed(Duration::from_secs(3600))).await;
    let started = Instant::now();
    let err = bounded(Duration::from_secs(45), super::client(&server).messaging_api_api().get_profile("U1"))
        .await
        .expect_err("a silent server is an error");
    let waited = started.elapsed();
    let Error::Transport(transport) = &err else { panic!("expected a transport error, got {err:?}") };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout, "{err}");
    assert!(err.to_string().starts_with("request timed out: the call's timeout of 30s elapsed"), "{err}");
    assert!((Duration::from_secs(29)..Duration::from_secs(35)).contains(&waited), "gave up after {waited:?}");
}

#[tokio::test]
async fn the_timeout_is_removed_only_by_no_timeout() {
    let server = TestServer::start(Reply::json(200, PROFILE).delayed(Duration::from_secs(3600))).await;
    let client = Client::builder().base_url(server.url()).no_timeout().build().unwrap();
    assert_eq!(client.timeout(), None);
    assert_eq!(client.connect_timeout(), DEFAULT_CONNECT_TIMEOUT, "the connect timeout stays");
    let api = client.messaging_api_api();
    let call = api.get_profile("U1");
    assert!(tokio::time::timeout(Duration::from_millis(500), call).await.is_err(), "still waiting, as asked");
    // A call's own timeout still applies.
    let err = bounded(Duration::from_secs(10), api.get_profile("U1").timeout(Duration::from_millis(200)))
        .await
        .expect_err("the call's timeout");
    assert!(matches!(&err, Error::Transport(t) if t.is_timeout()), "{err:?}");
}

#[tokio::test]
async fn a_retry_after_far_beyond_the_cap_returns_the_429_at_once() {
    let server = scripted(vec![
        Reply::json(429, r#"{"message":"The API rate limit has been exceeded."}"#).header("Retry-After", "86400"),
        Reply::json(200, PROFILE),
    ])
    .await;
    // The default policy: its max_backoff is 30 s, a day is far beyond it.
    let client = retrying(&server, RetryPolicy::default());
    let started = Instant::now();
    let err = bounded(Duration::from_secs(10), client.messaging_api_api().get_profile("U1")).await.expect_err("a 429");
    assert!(started.elapsed() < Duration::from_secs(2), "returned after {:?}", started.elapsed());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(86400)), "the wait asked for is on the error");
    assert_eq!(server.requests().len(), 1, "sent once: a retry a day early is wasted");
}

#[tokio::test]
async fn a_retry_after_date_in_the_past_is_retried_at_once() {
    let server = scripted(vec![
        Reply::json(503, "{}").header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
        Reply::json(200, PROFILE),
    ])
    .await;
    // Were the date unreadable, the 20 s backoff would apply; were it read as a long wait, the
    // 503 would come back.
    let client = retrying(&server, RetryPolicy::new(3).initial_backoff(Duration::from_secs(20)));
    let started = Instant::now();
    let profile = bounded(Duration::from_secs(10), client.messaging_api_api().get_profile("U1")).await.unwrap();
    assert_eq!(profile.user_id, "U1");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_call_timeout_bounds_the_whole_retry_loop() {
    // Always 503, asking for 1 s each time: attempts at 0, 1 and 2 s; the wait after the third
    // would end past the 2.5 s deadline, so the third 503 is the answer.
    let server = TestServer::start(Reply::json(503, "{}").header("Retry-After", "1")).await;
    let client = Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_millis(2500))
        .retry_policy(RetryPolicy::new(10))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = bounded(Duration::from_secs(10), client.messaging_api_api().get_profile("U1")).await.expect_err("503");
    let took = started.elapsed();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err}");
    assert!(took < Duration::from_millis(2500), "the deadline was kept: {took:?}");
    assert_eq!(server.requests().len(), 3, "ten retries allowed, three fit in the deadline");

    // A server too slow for the deadline: the timeout error, not ten slow attempts.
    let server = TestServer::start(Reply::json(503, "{}").delayed(Duration::from_millis(400))).await;
    let client = Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_secs(1))
        .retry_policy(RetryPolicy::new(10).initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = bounded(Duration::from_secs(10), client.messaging_api_api().get_profile("U1")).await.expect_err("gives up");
    assert!(started.elapsed() < Duration::from_millis(1500), "took {:?}", started.elapsed());
    assert!(matches!(&err, Error::Transport(t) if t.is_timeout()) || err.status().is_some(), "{err:?}");
    assert!(server.requests().len() <= 3, "{} attempts", server.requests().len());
}

/// A server that reads each request and resets the connection (SO_LINGER 0) for the first
/// `resets` connections, then answers `PROFILE`.
async fn resetting(resets: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut buf = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            if counter.fetch_add(1, Ordering::SeqCst) < resets {
                // SO_LINGER 0 makes the close a reset; it cannot block with a zero linger.
                #[allow(deprecated)]
                let _ = socket.set_linger(Some(Duration::ZERO));
                drop(socket);
            } else {
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{PROFILE}",
                    PROFILE.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            }
        }
    });
    (url, seen)
}

#[tokio::test]
async fn a_dropped_connection_is_retried_on_a_get_and_a_keyed_post() {
    // Closed before an answer ("connection closed before message completed").
    let server = scripted(vec![Reply::raw(""), Reply::json(200, PROFILE)]).await;
    let profile = bounded(Duration::from_secs(10), retrying(&server, quick()).messaging_api_api().get_profile("U1")).await;
    assert_eq!(profile.unwrap().user_id, "U1");
    assert_eq!(server.requests().len(), 2);

    // Reset before an answer.
    let (url, seen) = resetting(2).await;
    let client = Client::builder().base_url(url).retry_policy(quick()).build().unwrap();
    let profile = bounded(Duration::from_secs(10), client.messaging_api_api().get_profile("U1")).await;
    assert_eq!(profile.unwrap().user_id, "U1");
    assert_eq!(seen.load(Ordering::SeqCst), 3);

    // A POST with a retry key, sent with the same key again.
    let server = scripted(vec![Reply::raw(""), Reply::json(200, r#"{"sentMessages":[]}"#)]).await;
    let request = PushMessageRequest::new("U1", [TextMessage::new("hi")]);
    bounded(Duration::from_secs(10), retrying(&server, quick()).messaging_api_api().push_message(&request, None))
        .await
        .unwrap();
    let keys: Vec<_> = server.requests().iter().map(|r| r.header("x-line-retry-key").map(str::to_string)).collect();
    assert_eq!(keys.len(), 2);
    assert!(keys[0].is_some() && keys[0] == keys[1], "{keys:?}");
}

#[tokio::test]
async fn a_dropped_connection_on_a_post_without_a_retry_key_is_not_retried() {
    let server = scripted(vec![Reply::raw(""), Reply::json(200, "{}")]).await;
    let err = bounded(Duration::from_secs(10), retrying(&server, quick()).messaging_api_api().leave_group("C1"))
        .await
        .expect_err("not retried");
    assert!(matches!(&err, Error::Transport(t) if t.kind() == TransportErrorKind::Io), "{err:?}");
    assert_eq!(server.requests().len(), 1, "it may have been applied: never sent twice");

    let (url, seen) = resetting(1).await;
    let client = Client::builder().base_url(url).retry_policy(quick()).build().unwrap();
    let err = bounded(Duration::from_secs(10), client.messaging_api_api().leave_group("C1")).await.expect_err("reset");
    assert!(matches!(&err, Error::Transport(_)), "{err:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_truncated_body_on_a_retry_safe_call_is_retried() {
    let server = scripted(vec![cut_off(), Reply::json(200, PROFILE)]).await;
    let profile = bounded(Duration::from_secs(10), retrying(&server, quick()).messaging_api_api().get_profile("U1")).await;
    assert_eq!(profile.unwrap().user_id, "U1");
    assert_eq!(server.requests().len(), 2);

    // Without a policy, or for a POST without a retry key, the cut body is the answer.
    let server = scripted(vec![cut_off(), Reply::json(200, PROFILE)]).await;
    let err = bounded(Duration::from_secs(10), super::client(&server).messaging_api_api().get_profile("U1"))
        .await
        .expect_err("cut off");
    assert!(err.to_string().starts_with("connection failed reading the response body"), "{err}");
    assert_eq!(server.requests().len(), 1);
    let server = scripted(vec![cut_off(), Reply::json(200, "{}")]).await;
    let err = bounded(Duration::from_secs(10), retrying(&server, quick()).messaging_api_api().leave_group("C1"))
        .await
        .expect_err("cut off");
    assert!(matches!(&err, Error::Transport(t) if t.is_body()), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_timeout_while_reading_the_body_says_so() {
    let server = TestServer::start(cut_off().stalled(Duration::from_secs(5))).await;
    let client = Client::builder().base_url(server.url()).timeout(Duration::from_millis(300)).build().unwrap();
    let err = bounded(Duration::from_secs(10), client.messaging_api_api().get_profile("U1")).await.expect_err("stalls");
    assert!(matches!(&err, Error::Transport(t) if t.is_timeout() && t.is_body()), "{err:?}");
    let shown = err.to_string();
    assert!(shown.starts_with("timed out reading the response body"), "{shown}");
    assert!(!shown.contains("decoding"), "{shown}");

    // A stream whose body stalls: each piece must come within the timeout.
    let server = TestServer::start(
        Reply::raw("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 100\r\n\r\nabc").stalled(Duration::from_secs(5)),
    )
    .await;
    let client = Client::builder().base_url(server.url()).timeout(Duration::from_millis(300)).build().unwrap();
    let mut body = bounded(Duration::from_secs(10), client.messaging_api_blob_api().get_message_content("1").stream())
        .await
        .unwrap()
        .data;
    let err = bounded(Duration::from_secs(10), async {
        loop {
            match body.next_chunk().await {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("the body cannot end: 97 bytes are missing"),
                Err(e) => break e,
            }
        }
    })
    .await;
    assert!(err.is_timeout() && err.to_string().starts_with("timed out reading the response body"), "{err}");
}

/// Serves one response with `head`, then writes 64 KiB pieces of a chunked body until `total`
/// bytes are out or the client goes away; reports how many body bytes it wrote.
async fn endless(head: &'static str, total: usize) -> (String, tokio::sync::oneshot::Receiver<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
        let mut written = 0;
        if socket.write_all(head.as_bytes()).await.is_ok() {
            let piece = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
            while written < total && socket.write_all(piece.as_bytes()).await.is_ok() {
                written += 0x10000;
            }
        }
        let _ = tx.send(written);
    });
    (url, rx)
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_without_reading_it_all() {
    const LIMIT: usize = 1024 * 1024;
    // No Content-Length: refused once more than the limit has arrived, and the connection let go.
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    let (url, written) = endless(head, 1024 * 1024 * 1024).await;
    let client = Client::builder().base_url(url).max_response_size(LIMIT).build().unwrap();
    assert_eq!(client.max_response_size(), LIMIT);
    let err = bounded(Duration::from_secs(20), client.messaging_api_api().get_profile("U1")).await.expect_err("too large");
    assert!(matches!(&err, Error::Transport(t) if t.kind() == TransportErrorKind::TooLarge), "{err:?}");
    assert!(err.to_string().contains("over the response size limit of 1048576 bytes"), "{err}");
    let written = bounded(Duration::from_secs(20), written).await.unwrap();
    println!("limit {LIMIT} bytes: the server got {written} body bytes out before the client let go");
    // What the server got out is the limit plus what the sockets' buffers hold, never the GiB.
    assert!(written < 64 * LIMIT, "the server wrote {written} bytes");

    // A Content-Length over the limit: refused before reading any of it (the body never comes).
    let server = TestServer::start(
        Reply::raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n")
            .stalled(Duration::from_secs(30)),
    )
    .await;
    let client = Client::builder().base_url(server.url()).max_response_size(LIMIT).build().unwrap();
    let started = Instant::now();
    let err = bounded(Duration::from_secs(10), client.messaging_api_api().get_profile("U1")).await.expect_err("too large");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert!(err.to_string().contains("104857600 bytes announced, over the response size limit of 1048576 bytes"), "{err}");

    // The default limit applies to a client that sets none.
    assert_eq!(super::client(&server).max_response_size(), DEFAULT_MAX_RESPONSE_SIZE);
    assert_eq!(DEFAULT_MAX_RESPONSE_SIZE, 16 * 1024 * 1024);
}

#[tokio::test]
async fn the_limit_is_not_applied_to_a_stream() {
    let content: Vec<u8> = (0..3 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let server = TestServer::start(Reply::new(200, "video/mp4", content.clone())).await;
    let client = Client::builder().base_url(server.url()).max_response_size(1024 * 1024).build().unwrap();
    let mut body = bounded(Duration::from_secs(20), client.messaging_api_blob_api().get_message_content("1").stream())
        .await
        .unwrap()
        .data;
    let received = bounded(Duration::from_secs(20), async {
        let mut all = Vec::new();
        while let Some(chunk) = body.next_chunk().await.unwrap() {
            all.extend_from_slice(&chunk);
        }
        all
    })
    .await;
    assert!(received == content, "got {} of {} bytes", received.len(), content.len());
    // A binary body awaited whole is the caller's choice to hold: not limited either.
    let whole = bounded(Duration::from_secs(20), client.messaging_api_blob_api().get_message_content("1")).await.unwrap();
    assert_eq!(whole.len(), content.len());
}
