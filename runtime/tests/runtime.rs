//! The runtime on its own, against loopback servers: redaction, redirects across origins,
//! errors that never show URLs or secrets, and the request id.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use runtime::{
    encode_path, form_body, join_url, param_text, prepare, read, same_origin_redirects, CallOptions, Error,
    RawResponse, Secret, TransportError, TransportErrorKind,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// A server on 127.0.0.1 answering each connection with `reply(port)` and reporting every
/// request head it read.
async fn serve(reply: impl Fn(u16) -> String + Send + 'static) -> (u16, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let _ = tx.send(String::from_utf8_lossy(&head).into_owned());
            let _ = socket.write_all(reply(port).as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (port, rx)
}

/// Sends a request the way generated operations do and reads the whole response.
async fn execute(request: reqwest::RequestBuilder) -> Result<RawResponse, TransportError> {
    let (http, request) = prepare(request)?;
    read(http.execute(request).await.map_err(TransportError::from_reqwest)?).await
}

fn http() -> reqwest::Client {
    reqwest::Client::builder().redirect(same_origin_redirects()).build().unwrap()
}

#[test]
fn secrets_never_show_in_debug() {
    let secret = Secret::new("s3cr3t-token");
    assert_eq!(format!("{secret:?}"), "[redacted]");
    assert_eq!(format!("{:?}", Some(&secret)), "Some([redacted])");
    assert_eq!(secret.expose(), "s3cr3t-token");
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed() {
    let (elsewhere, mut elsewhere_seen) =
        serve(|_| "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok".into()).await;
    let (port, _) = serve(move |_| {
        format!("HTTP/1.1 307 Temporary Redirect\r\nlocation: http://127.0.0.1:{elsewhere}/stolen\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
    })
    .await;
    let request = http().post(format!("http://127.0.0.1:{port}/token")).form(&[("client_secret", "abc")]);
    let response = execute(request).await.unwrap();
    assert_eq!(response.status.as_u16(), 307, "the redirect comes back instead of being followed");
    assert!(elsewhere_seen.try_recv().is_err(), "nothing reached the other origin");
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed() {
    let (port, mut seen) = serve(|port| {
        // The first request is redirected to /final on the same server, which then answers 200.
        format!("HTTP/1.1 307 Temporary Redirect\r\nlocation: http://127.0.0.1:{port}/final\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
    })
    .await;
    let request = http().get(format!("http://127.0.0.1:{port}/start"));
    let response = execute(request).await.unwrap();
    // The server redirects every request, so reqwest follows up to the policy's limit of 10.
    assert_eq!(response.status.as_u16(), 307);
    let mut paths = Vec::new();
    while let Ok(head) = seen.try_recv() {
        paths.push(head.split_whitespace().nth(1).unwrap().to_string());
    }
    assert_eq!(paths.first().map(String::as_str), Some("/start"));
    assert_eq!(paths.len(), 10, "followed within the origin, then stopped: {paths:?}");
    assert!(paths[1..].iter().all(|p| p == "/final"));
}

#[tokio::test]
async fn transport_errors_show_neither_url_nor_query() {
    // Nothing listens on a port we bound and dropped.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let request = http().get(format!("http://127.0.0.1:{port}/v2/oauth/verify?access_token=s3cr3t"));
    let error = execute(request).await.err().unwrap();
    assert_eq!(error.kind(), TransportErrorKind::Connect);
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(!shown.contains("/v2/oauth"), "{shown}");
        assert!(shown.contains("could not connect"), "{shown}");
    }
}

#[tokio::test]
async fn status_errors_carry_the_request_id_and_an_excerpt() {
    let (port, _) = serve(|_| {
        "HTTP/1.1 400 Bad Request\r\nx-line-request-id: req-123\r\ncontent-type: application/json\r\ncontent-length: 26\r\nconnection: close\r\n\r\n{\"message\":\"bad request\"}\n".into()
    })
    .await;
    let raw = execute(http().get(format!("http://127.0.0.1:{port}/x?token=s3cr3t"))).await.unwrap();
    let error: Error<()> = raw.into_error(None);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.request_id(), Some("req-123"));
    assert_eq!(error.to_string(), "HTTP 400 Bad Request (x-line-request-id req-123): {\"message\":\"bad request\"}");
    assert!(!format!("{error:?}").contains("s3cr3t"));
}

#[test]
fn decode_errors_do_not_quote_values_from_the_body() {
    let raw = RawResponse {
        status: reqwest::StatusCode::OK,
        headers: reqwest::header::HeaderMap::new(),
        body: br#"{"access_token": "s3cr3t", "expires_in": "soon"}"#.to_vec(),
    };
    #[derive(Debug, serde::Deserialize)]
    struct Token {
        #[allow(dead_code, reason = "only decoded")]
        expires_in: i64,
    }
    let error = raw.json::<Token, ()>().err().unwrap();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("soon"), "{shown}");
    assert!(shown.contains("could not be decoded"), "{shown}");
    assert!(matches!(error, Error::Decode(_)));
}

#[test]
fn the_request_id_is_read_from_the_headers() {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-line-request-id", "abc".parse().unwrap());
    let raw = RawResponse { status: reqwest::StatusCode::OK, headers, body: b"{}".to_vec() };
    let response = raw.json::<serde_json::Value, ()>().unwrap();
    assert_eq!(response.request_id(), Some("abc"));
    assert_eq!(response.into_data(), serde_json::json!({}));
}

#[test]
fn parameters_become_path_segments_and_text() {
    assert_eq!(encode_path("a/b c?d"), "a%2Fb%20c%3Fd");
    assert_eq!(encode_path("U4af-4980_.~"), "U4af-4980_.~");
    assert_eq!(param_text("text"), "text");
    assert_eq!(param_text(&3), "3");
    assert_eq!(param_text(&["a", "b"]), "[\"a\",\"b\"]");
    assert_eq!(join_url("http://h/base/", "/v2/x"), "http://h/base/v2/x");
    assert_eq!(join_url("http://h", "v2/x"), "http://h/v2/x");
}

#[test]
fn an_empty_form_still_says_content_length_zero() {
    let empty = form_body(reqwest::Client::new().post("http://127.0.0.1/"), &[]).build().unwrap();
    assert_eq!(empty.headers().get("content-length").unwrap(), "0");
    let full = form_body(reqwest::Client::new().post("http://127.0.0.1/"), &[("a", "b c".into())]).build().unwrap();
    assert_eq!(full.body().and_then(|b| b.as_bytes()), Some(&b"a=b+c"[..]));
}

#[test]
fn a_bodiless_post_put_or_patch_says_content_length_zero() {
    for method in [reqwest::Method::POST, reqwest::Method::PUT, reqwest::Method::PATCH] {
        let (_, request) = prepare(reqwest::Client::new().request(method.clone(), "http://127.0.0.1/leave")).unwrap();
        assert_eq!(request.headers().get("content-length").unwrap(), "0", "{method}");
    }
    let (_, get) = prepare(reqwest::Client::new().get("http://127.0.0.1/x")).unwrap();
    assert!(get.headers().get("content-length").is_none());
    let (_, with_body) = prepare(reqwest::Client::new().post("http://127.0.0.1/x").body("abc")).unwrap();
    assert_eq!(with_body.body().and_then(|b| b.as_bytes()), Some(&b"abc"[..]));
}

#[test]
fn call_options_add_or_replace_headers_and_hide_their_values() {
    let mut options = CallOptions::default();
    options.header("X-Test", "one");
    options.header("accept", "text/plain");
    options.timeout(std::time::Duration::from_secs(3));
    assert!(!format!("{options:?}").contains("one"), "{options:?}");
    let request = options.apply(reqwest::Client::new().get("http://127.0.0.1/").header("accept", "application/json"));
    let (_, request) = prepare(request).unwrap();
    assert_eq!(request.headers().get("x-test").unwrap(), "one");
    assert_eq!(request.headers().get_all("accept").iter().collect::<Vec<_>>(), ["text/plain"]);
    assert_eq!(request.timeout(), Some(&std::time::Duration::from_secs(3)));

    let mut bad = CallOptions::default();
    bad.header("bad header", "x");
    let error = prepare(bad.apply(reqwest::Client::new().get("http://127.0.0.1/"))).err().unwrap();
    assert_eq!(error.kind(), TransportErrorKind::Request);
}

/// A body read as a `futures` `Stream` and as a tokio `AsyncRead` with a small buffer: the same
/// bytes, in order, whichever way it is read.
#[tokio::test]
async fn a_byte_stream_is_a_stream_and_an_async_read() {
    use std::pin::Pin;

    let body: String = (0..5000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    let reply = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
    let (port, _) = serve(move |_| reply.clone()).await;
    let url = format!("http://127.0.0.1:{port}/");

    let response = http().get(&url).send().await.unwrap();
    let mut stream = runtime::ByteStream::with_idle_timeout(response, Some(std::time::Duration::from_secs(5)));
    let mut streamed = Vec::new();
    while let Some(piece) = std::future::poll_fn(|cx| futures_core::Stream::poll_next(Pin::new(&mut stream), cx)).await {
        streamed.extend_from_slice(&piece.unwrap());
    }
    assert_eq!(streamed, body.as_bytes());

    let response = http().get(&url).send().await.unwrap();
    let mut reader = runtime::ByteStream::new(response);
    let mut read = Vec::new();
    let mut buf = [0u8; 7];
    loop {
        let n = tokio::time::timeout(std::time::Duration::from_secs(5), reader.read(&mut buf)).await.unwrap().unwrap();
        if n == 0 {
            break;
        }
        read.extend_from_slice(&buf[..n]);
    }
    assert_eq!(read, body.as_bytes());
    // Mixing the two: what a small read left over comes first from `next_chunk`.
    let response = http().get(&url).send().await.unwrap();
    let mut mixed = runtime::ByteStream::new(response);
    let n = mixed.read(&mut buf).await.unwrap();
    let mut rest = buf[..n].to_vec();
    while let Some(piece) = mixed.next_chunk().await.unwrap() {
        rest.extend_from_slice(&piece);
    }
    assert_eq!(rest, body.as_bytes());
}
