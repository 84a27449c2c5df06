//! A 200 MB download streamed through the generated client with flat memory. In a test binary
//! of its own, so the peak RSS it reports is this download's alone.

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

