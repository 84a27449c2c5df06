//! `ItemStream` against a loopback server that writes its body piece by piece: items arrive as
//! their bytes do, a stall past the idle timeout ends the stream, and a malformed item is an
//! error that names its position while the items after it are still read.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::time::{Duration, Instant};

use runtime::{ByteStream, Framing, ItemError, ItemStream, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Tick {
    n: u32,
}

/// A server on 127.0.0.1 that answers one request with a chunked body of `media`, writing each
/// piece when the test sends it (so the test decides when bytes arrive); dropping the sender ends the body.
async fn serve(media: &'static str) -> (u16, mpsc::UnboundedSender<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, mut rx) = mpsc::unbounded_channel::<Vec<u8>>();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let answer = format!("HTTP/1.1 200 OK\r\ncontent-type: {media}\r\ntransfer-encoding: chunked\r\n\r\n");
        socket.write_all(answer.as_bytes()).await.unwrap();
        while let Some(piece) = rx.recv().await {
            let chunk = [format!("{:x}\r\n", piece.len()).into_bytes(), piece, b"\r\n".to_vec()].concat();
            if socket.write_all(&chunk).await.is_err() {
                return;
            }
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
        let _ = socket.shutdown().await;
    });
    (port, tx)
}

async fn open(port: u16, framing: Framing, idle: Duration) -> ItemStream<Tick> {
    let response = reqwest::get(format!("http://127.0.0.1:{port}/ticks")).await.unwrap();
    ItemStream::new(ByteStream::with_idle_timeout(response, Some(idle)), framing)
}

#[tokio::test]
async fn json_lines_items_are_decoded_as_their_bytes_arrive() {
    let (port, tx) = serve("application/jsonl").await;
    let mut items = open(port, Framing::JsonLines, Duration::from_secs(5)).await;
    // The first item arrives whole, the second split across pieces; the third is still to come.
    tx.send(b"{\"n\": 1}\n{\"n\"".to_vec()).unwrap();
    assert_eq!(items.next().await.unwrap().unwrap(), Tick { n: 1 });
    tx.send(b": 2}\r\n\n".to_vec()).unwrap();
    assert_eq!(items.next().await.unwrap().unwrap(), Tick { n: 2 });
    // The last line needs no newline: the end of the body ends it.
    tx.send(b"{\"n\": 3}".to_vec()).unwrap();
    drop(tx);
    assert_eq!(items.next().await.unwrap().unwrap(), Tick { n: 3 });
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn a_malformed_item_names_its_position_and_the_stream_goes_on() {
    let (port, tx) = serve("application/x-ndjson").await;
    let mut items = open(port, Framing::JsonLines, Duration::from_secs(5)).await;
    tx.send(b"{\"n\": 1}\n{\"n\": \"secret-token\"}\n{\"n\": 3}\n".to_vec()).unwrap();
    drop(tx);
    assert_eq!(items.next().await.unwrap().unwrap(), Tick { n: 1 });
    let e = items.next().await.unwrap().unwrap_err();
    match &e {
        ItemError::Malformed { item, offset, .. } => assert_eq!((*item, *offset), (2, 9)),
        other => panic!("{other:?}"),
    }
    let shown = e.to_string();
    assert!(shown.starts_with("item 2 of the stream (at byte 9 of the body) does not decode: invalid type: string"), "{shown}");
    assert!(!shown.contains("secret-token"), "{shown}");
    assert_eq!(items.next().await.unwrap().unwrap(), Tick { n: 3 });
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn a_stall_past_the_idle_timeout_ends_the_stream() {
    let (port, tx) = serve("application/jsonl").await;
    let mut items = open(port, Framing::JsonLines, Duration::from_millis(300)).await;
    tx.send(b"{\"n\": 1}\n".to_vec()).unwrap();
    assert_eq!(items.next().await.unwrap().unwrap(), Tick { n: 1 });
    // Half an item, then nothing: the sender is kept, so the connection stays open.
    tx.send(b"{\"n\":".to_vec()).unwrap();
    let started = Instant::now();
    let e = items.next().await.unwrap().unwrap_err();
    let waited = started.elapsed();
    match &e {
        ItemError::Transport(t) => assert_eq!(t.kind(), TransportErrorKind::Timeout, "{e}"),
        other => panic!("{other:?}"),
    }
    assert!(waited >= Duration::from_millis(250) && waited < Duration::from_secs(3), "{waited:?}");
    assert!(items.next().await.is_none(), "a stall ends the stream");
    drop(tx);
}

#[tokio::test]
async fn the_idle_timeout_is_between_items_not_for_the_whole_stream() {
    let (port, tx) = serve("application/jsonl").await;
    let mut items = open(port, Framing::JsonLines, Duration::from_millis(300)).await;
    let writer = tokio::spawn(async move {
        for n in 1..=5 {
            tokio::time::sleep(Duration::from_millis(150)).await;
            tx.send(format!("{{\"n\": {n}}}\n").into_bytes()).unwrap();
        }
    });
    let mut seen = Vec::new();
    while let Some(item) = items.next().await {
        seen.push(item.unwrap().n);
    }
    assert_eq!(seen, [1, 2, 3, 4, 5], "750 ms in all, never 300 ms without a byte");
    writer.await.unwrap();
}

#[tokio::test]
async fn server_sent_events_and_json_sequences() {
    let (port, tx) = serve("text/event-stream").await;
    let mut items = open(port, Framing::EventStream, Duration::from_secs(5)).await;
    tx.send(b": keep-alive\n\nevent: tick\nid: 1\ndata: {\"n\":\ndata: 1}\n\n".to_vec()).unwrap();
    assert_eq!(items.next().await.unwrap().unwrap(), Tick { n: 1 });
    tx.send(b"event: ping\n\ndata: {\"n\": 2}\r\n\r\ndata: nope\n\n".to_vec()).unwrap();
    drop(tx);
    assert_eq!(items.next().await.unwrap().unwrap(), Tick { n: 2 });
    assert!(matches!(items.next().await, Some(Err(ItemError::Malformed { item: 3, .. }))));
    assert!(items.next().await.is_none());

    let (port, tx) = serve("application/json-seq").await;
    let items = open(port, Framing::JsonSeq, Duration::from_secs(5)).await;
    tx.send(b"\x1e{\"n\": 1}\n\x1e{\"n\": 2}\n".to_vec()).unwrap();
    drop(tx);
    let all: Vec<u32> = items.try_collect().await.unwrap().into_iter().map(|t| t.n).collect();
    assert_eq!(all, [1, 2]);
}
