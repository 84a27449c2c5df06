//! OpenAPI 3.2 through the generated client (`streams/`, from our `streams.yml`) against a
//! loopback server on 127.0.0.1: a `query` operation goes out as `QUERY` with its body, and the
//! JSON Lines and server-sent event responses come back as typed items, each decoded as its
//! bytes arrive; a stall past the client's timeout ends the stream, and a malformed item is an
//! error naming its position.

use std::time::{Duration, Instant};

use streams_test::apis::ItemError;
use streams_test::{Client, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};

/// A server that answers one request with a chunked body of `media`, writing each piece when the
/// test sends it; dropping the sender ends the body. The request's head and body come back on
/// the returned receiver.
async fn serve(media: &'static str) -> (String, mpsc::UnboundedSender<Vec<u8>>, oneshot::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, mut rx) = mpsc::unbounded_channel::<Vec<u8>>();
    let (seen_tx, seen_rx) = oneshot::channel();
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if request.len() >= end + 4 + length {
                    break;
                }
            }
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
        let _ = seen_tx.send(String::from_utf8_lossy(&request).into_owned());
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: {media}\r\ntransfer-encoding: chunked\r\n\r\n");
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        while let Some(piece) = rx.recv().await {
            let chunk = [format!("{:x}\r\n", piece.len()).into_bytes(), piece, b"\r\n".to_vec()].concat();
            if socket.write_all(&chunk).await.is_err() {
                return;
            }
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
        let _ = socket.shutdown().await;
    });
    (url, tx, seen_rx)
}

fn client(url: String, timeout: Duration) -> Client {
    Client::builder().base_url(url).timeout(timeout).build().unwrap()
}

#[tokio::test]
async fn a_query_operation_is_sent_as_query_with_its_body() {
    let (url, tx, seen) = serve("application/json").await;
    tx.send(br#"[{"n": 7}, {"n": 9}]"#.to_vec()).unwrap();
    drop(tx);
    let filter = streams_test::models::Filter::new().above(5);
    let ticks = client(url, Duration::from_secs(5)).streams_api().search(&filter).send().await.unwrap();
    assert_eq!(ticks.iter().map(|t| t.n).collect::<Vec<_>>(), [7, 9]);
    let request = seen.await.unwrap();
    assert!(request.starts_with("QUERY /search HTTP/1.1\r\n"), "{request}");
    assert!(request.ends_with(r#"{"above":5}"#), "{request}");
}

#[tokio::test]
async fn json_lines_items_arrive_one_by_one() {
    let (url, tx, seen) = serve("application/jsonl").await;
    let api = client(url, Duration::from_secs(5));
    let mut items = api.streams_api().ticks().item_stream().await.unwrap().data;
    assert!(seen.await.unwrap().starts_with("GET /ticks HTTP/1.1\r\n"));
    // Each item is handed over before the next byte is even sent.
    for n in 1..=3 {
        tx.send(format!("{{\"n\": {n}}}\n").into_bytes()).unwrap();
        assert_eq!(items.next().await.unwrap().unwrap().n, n);
    }
    tx.send(b"{\"n\": \"four\"}\n{\"n\": 5}".to_vec()).unwrap();
    drop(tx);
    let e = items.next().await.unwrap().unwrap_err();
    assert!(matches!(e, ItemError::Malformed { item: 4, offset: 27, .. }), "{e:?}");
    assert!(e.to_string().starts_with("item 4 of the stream (at byte 27 of the body) does not decode"), "{e}");
    assert!(!e.to_string().contains("four"), "{e}");
    assert_eq!(items.next().await.unwrap().unwrap().n, 5);
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn a_stall_longer_than_the_timeout_ends_the_stream() {
    let (url, tx, _seen) = serve("application/jsonl").await;
    let api = client(url, Duration::from_millis(400));
    let mut items = api.streams_api().ticks().item_stream().await.unwrap().data;
    tx.send(b"{\"n\": 1}\n".to_vec()).unwrap();
    assert_eq!(items.next().await.unwrap().unwrap().n, 1);
    let started = Instant::now();
    let e = items.next().await.unwrap().unwrap_err();
    match &e {
        ItemError::Transport(t) => assert_eq!(t.kind(), TransportErrorKind::Timeout, "{e}"),
        other => panic!("{other:?}"),
    }
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(350) && waited < Duration::from_secs(4), "{waited:?}");
    assert!(items.next().await.is_none());
    drop(tx);
}

#[tokio::test]
async fn server_sent_events_are_a_stream_of_typed_items() {
    let (url, tx, _seen) = serve("text/event-stream").await;
    let api = client(url, Duration::from_secs(5));
    let items = api.streams_api().events().item_stream().await.unwrap().data;
    tx.send(b": hello\n\nevent: tick\ndata: {\"n\": 1, \"note\": null}\n\n".to_vec()).unwrap();
    tx.send(b"data: {\"n\": 2,\ndata:  \"note\": \"two\"}\n\n".to_vec()).unwrap();
    drop(tx);
    // The `Stream` trait, as a user's `StreamExt` would poll it.
    let mut items = std::pin::pin!(items);
    let mut seen = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| futures_core::Stream::poll_next(items.as_mut(), cx)).await {
        let item = item.unwrap();
        seen.push((item.n, item.note.flatten()));
    }
    assert_eq!(seen, [(1, None), (2, Some("two".to_string()))]);
}

/// A server that answers every request with `503` and returns the request lines it got: after
/// three, or after 3 s.
async fn unavailable() -> (String, tokio::task::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let counted = tokio::spawn(async move {
        let mut lines = Vec::new();
        let deadline = tokio::time::sleep(Duration::from_secs(3));
        tokio::pin!(deadline);
        loop {
            let (mut socket, _) = tokio::select! {
                _ = &mut deadline => return lines,
                accepted = listener.accept() => match accepted { Ok(a) => a, Err(_) => return lines },
            };
            let mut buf = vec![0u8; 4096];
            let n = tokio::time::timeout(Duration::from_secs(1), socket.read(&mut buf)).await.ok().and_then(Result::ok).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).into_owned();
            lines.push(request.lines().next().unwrap_or("").to_string());
            let _ = socket.write_all(b"HTTP/1.1 503 Service Unavailable\r\nretry-after: 0\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
            let _ = socket.shutdown().await;
            if lines.len() >= 3 {
                return lines;
            }
        }
    });
    (url, counted)
}

#[tokio::test]
async fn an_additional_operation_goes_out_with_its_method_and_is_never_sent_twice() {
    let policy = streams_test::RetryPolicy::new(2).initial_backoff(Duration::from_millis(10));
    // PURGE: no retry, whatever the policy says.
    let (url, counted) = unavailable().await;
    let api = Client::builder().base_url(url).timeout(Duration::from_secs(2)).retry_policy(policy.clone()).build().unwrap();
    let e = api.streams_api().purge_tick(7).send().await.unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(503), "{e}");
    drop(api);
    assert_eq!(counted.await.unwrap(), ["PURGE /ticks/7 HTTP/1.1"]);
    // QUERY is safe: the same policy sends it three times.
    let (url, counted) = unavailable().await;
    let api = Client::builder().base_url(url).timeout(Duration::from_secs(2)).retry_policy(policy).build().unwrap();
    let e = api.streams_api().search(&streams_test::models::Filter::new()).send().await.unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(503), "{e}");
    assert_eq!(counted.await.unwrap(), ["QUERY /search HTTP/1.1"; 3]);
}
