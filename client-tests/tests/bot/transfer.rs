//! What goes on the wire for bodiless POSTs, which server a request goes to, and large bodies
//! streamed both ways.

use client_tests::{Reply, TestServer};

#[tokio::test]
async fn a_bodiless_post_says_content_length_zero() {
    let server = TestServer::start(Reply::json(200, "{}")).await;
    let api = super::client(&server).messaging_api_api();
    api.leave_group("C1234").await.unwrap();
    let recorded = server.single_request();
    assert_eq!((recorded.method.as_str(), recorded.path.as_str()), ("POST", "/v2/bot/group/C1234/leave"));
    assert_eq!(recorded.header("content-length"), Some("0"));
}

#[tokio::test]
async fn the_base_url_alone_moves_the_blob_server_too() {
    let server = TestServer::start(Reply::new(200, "image/jpeg", b"\xff\xd8jpeg".to_vec())).await;
    let client = super::client(&server);
    // Checked before any request is made: a client that still pointed at api-data.line.me
    // fails here, and nothing leaves the machine.
    for url in client.servers() {
        assert_eq!(url, &server.url(), "every server follows the base URL: {:?}", client.servers());
    }
    let content = client.messaging_api_blob_api().get_message_content("325708").await.unwrap();
    assert_eq!(content, b"\xff\xd8jpeg");
    assert_eq!(server.single_request().path, "/v2/bot/message/325708/content");

    // A server can still be set apart.
    let apart = line_bot::Client::builder()
        .base_url(server.url())
        .api_data_line_me_url("http://127.0.0.2:9")
        .build()
        .unwrap();
    assert_eq!(apart.servers(), [server.url(), "http://127.0.0.2:9".to_string()]);
}

#[tokio::test]
async fn an_upload_streams_from_a_file() {
    let server = TestServer::start(Reply::json(200, "{}")).await;
    let path = std::env::temp_dir().join(format!("richmenu-{}.jpg", std::process::id()));
    let image: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &image).unwrap();
    let file = tokio::fs::File::open(&path).await.unwrap();
    super::client(&server).messaging_api_blob_api().set_rich_menu_image("richmenu-1", "image/jpeg", file).await.unwrap();
    std::fs::remove_file(&path).ok();
    let recorded = server.single_request();
    assert_eq!(recorded.path, "/v2/bot/richmenu/richmenu-1/content");
    assert_eq!(recorded.header("content-type"), Some("image/jpeg"));
    assert_eq!(recorded.header("transfer-encoding"), Some("chunked"), "sent as it is read, not buffered first");
    assert!(recorded.body == image, "the server got {} bytes, not the file's {}", recorded.body.len(), image.len());
}
