//! A 200 MB download streamed through the generated client with flat memory. In a test binary
//! of its own, so the peak RSS it reports is this download's alone (the other tests here move
//! a few MB at most): a download saved to a file with `tokio::io::copy`, and the idle timeout
//! of a download read as an `AsyncRead`.

use std::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The process's peak resident set size (VmHWM), in bytes, where /proc tells it.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Serves one download of `size` bytes, written 64 KiB at a time from one buffer.
async fn serve_download(size: u64) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let mut head = Vec::new();
        let mut buf = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let header = format!("HTTP/1.1 200 OK\r\ncontent-type: video/mp4\r\ncontent-length: {size}\r\nconnection: close\r\n\r\n");
        if socket.write_all(header.as_bytes()).await.is_err() {
            return;
        }
        let chunk = vec![0x5au8; 64 * 1024];
        let mut left = size;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            if socket.write_all(&chunk[..n]).await.is_err() {
                return;
            }
            left -= n as u64;
        }
    });
    url
}

#[tokio::test]
async fn a_200_mb_download_streams_with_flat_memory() {
    const SIZE: u64 = 200 * 1024 * 1024;
    let url = serve_download(SIZE).await;
    let client = line_bot::Client::builder().base_url(url).build().unwrap();
    let before = peak_rss();
    let started = Instant::now();
    let response = client.messaging_api_blob_api().get_message_content("video").stream().await.unwrap();
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.data.content_length(), Some(SIZE));
    let mut body = response.data;
    let mut total = 0u64;
    while let Some(chunk) = body.next_chunk().await.unwrap() {
        total += chunk.len() as u64;
        assert!(chunk.first() == Some(&0x5a) && chunk.last() == Some(&0x5a));
    }
    assert_eq!(total, SIZE);
    let after = peak_rss();
    if let (Some(before), Some(after)) = (before, after) {
        println!(
            "streamed {} MB in {:?}; peak RSS {:.1} MB before, {:.1} MB after",
            SIZE >> 20,
            started.elapsed(),
            before as f64 / 1048576.0,
            after as f64 / 1048576.0
        );
        // Buffering the body would raise the peak by its whole size.
        assert!(after.saturating_sub(before) < 32 * 1024 * 1024, "peak RSS grew from {before} to {after} bytes");
    }
}


/// Serves one download of `body` in pieces of `piece` bytes, then stalls for `stall` when set
/// (the connection stays open and the body unfinished).
async fn serve_pieces(body: Vec<u8>, piece: usize, stall: Option<std::time::Duration>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let mut head = Vec::new();
        let mut buf = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let announced = body.len() + if stall.is_some() { 100 } else { 0 };
        let header = format!("HTTP/1.1 200 OK\r\ncontent-type: image/jpeg\r\ncontent-length: {announced}\r\n\r\n");
        if socket.write_all(header.as_bytes()).await.is_err() {
            return;
        }
        for part in body.chunks(piece) {
            if socket.write_all(part).await.is_err() {
                return;
            }
            socket.flush().await.ok();
        }
        if let Some(stall) = stall {
            tokio::time::sleep(stall).await;
        }
    });
    url
}

#[tokio::test]
async fn a_streamed_download_is_saved_to_a_file_with_tokio_io_copy() {
    let content: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let url = serve_pieces(content.clone(), 100_000, None).await;
    let client = line_bot::Client::builder().base_url(url).build().unwrap();
    let api = client.messaging_api_blob_api();
    let path = std::env::temp_dir().join(format!("streamed-download-{}.jpg", std::process::id()));
    let mut file = tokio::fs::File::create(&path).await.unwrap();
    let copied = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        // The one line the docs show.
        tokio::io::copy(&mut api.get_message_content("325708").stream().await.unwrap().data, &mut file).await
    })
    .await
    .unwrap()
    .unwrap();
    file.sync_all().await.unwrap();
    drop(file);
    let saved = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).ok();
    assert_eq!(copied, content.len() as u64);
    assert!(saved == content, "the file holds {} bytes, not the download's {}", saved.len(), content.len());
}

#[tokio::test]
async fn a_download_read_as_async_read_still_gives_up_when_a_piece_stalls() {
    let url = serve_pieces(vec![7u8; 10_000], 1_000, Some(std::time::Duration::from_secs(10))).await;
    let client = line_bot::Client::builder().base_url(url).timeout(std::time::Duration::from_millis(300)).build().unwrap();
    let started = Instant::now();
    let mut download = client.messaging_api_blob_api().get_message_content("1").stream().await.unwrap().data;
    let mut sink = tokio::io::sink();
    let err = tokio::time::timeout(std::time::Duration::from_secs(10), tokio::io::copy(&mut download, &mut sink))
        .await
        .expect("the idle timeout ends the copy, not the test's bound")
        .expect_err("the body never ends");
    assert_eq!(err.kind(), std::io::ErrorKind::TimedOut, "{err}");
    assert!(err.to_string().starts_with("timed out reading the response body"), "{err}");
    // The transport error is inside, for whoever wants the details.
    let inner = err.get_ref().and_then(|e| e.downcast_ref::<line_bot::TransportError>()).expect("a TransportError inside");
    assert!(inner.is_timeout() && inner.is_body());
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
}
