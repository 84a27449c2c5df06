//! Every way a call can fail becomes an `Error` carrying what is known, never a panic.

use std::time::{Duration, Instant};

use client_tests::{refused_url, Reply, TestServer};
use line_channel_access_token::apis::channel_access_token_api::IssueChannelTokenError;
use line_channel_access_token::models::ErrorResponse;
use line_channel_access_token::{Client, Error, TransportErrorKind};

use super::api;

const LINE_400: &str = r#"{"error":"invalid_client","error_description":"invalid client_secret"}"#;

#[tokio::test]
async fn a_declared_400_is_decoded_into_the_error_entity() {
    let server = TestServer::start(Reply::json(400, LINE_400).header("x-line-request-id", "rid-400")).await;
    let err = api(&server)
        .issue_channel_token(Some("client_credentials"), Some("1234567890"), Some("wrong"))
        .await
        .expect_err("a 400 is an error");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.request_id(), Some("rid-400"));
    assert_eq!(err.body(), Some(LINE_400.as_bytes()));
    let Error::Status(status) = &err else { panic!("expected Error::Status, got {err:?}") };
    assert_eq!(status.status.as_u16(), 400);
    assert_eq!(status.body, LINE_400.as_bytes());
    assert_eq!(status.body_text(), LINE_400);
    assert_eq!(status.request_id(), Some("rid-400"));
    assert_eq!(
        status.entity,
        Some(IssueChannelTokenError::Status400(
            ErrorResponse::new().error("invalid_client").error_description("invalid client_secret")
        ))
    );
    assert_eq!(
        err.to_string(),
        format!("HTTP 400 Bad Request (x-line-request-id rid-400): {LINE_400}")
    );
    let debug = format!("{err:?}");
    assert!(debug.contains("400") && debug.contains("rid-400"), "{debug}");
    // Debug shows the decoded entity, and the body as an escaped string.
    assert!(debug.contains(r#"entity: Some(Status400(ErrorResponse { error: Some("invalid_client")"#), "{debug}");
    assert!(debug.contains(r#"body: "{\"error\":\"invalid_client\""#), "{debug}");
}

#[tokio::test]
async fn a_declared_400_whose_body_is_not_json_keeps_the_raw_body() {
    let server = TestServer::start(Reply::new(400, "text/plain", "bad request")).await;
    let err = api(&server).issue_channel_token(None, None, None).await.expect_err("a 400 is an error");
    let Error::Status(status) = &err else { panic!("expected Error::Status, got {err:?}") };
    assert_eq!(status.status.as_u16(), 400);
    assert_eq!(status.entity, None);
    assert_eq!(status.body_text(), "bad request");
    assert_eq!(status.request_id(), None);
}

#[tokio::test]
async fn an_undeclared_500_is_a_status_error_with_the_raw_body() {
    let body = r#"{"message":"Internal error"}"#;
    let server = TestServer::start(Reply::json(500, body).header("x-line-request-id", "rid-500")).await;
    let err = api(&server).verify_channel_token(Some("t")).await.expect_err("a 500 is an error");
    let Error::Status(status) = &err else { panic!("expected Error::Status, got {err:?}") };
    assert_eq!(status.status.as_u16(), 500);
    assert_eq!(status.entity, None);
    assert_eq!(status.body, body.as_bytes());
    assert_eq!(err.request_id(), Some("rid-500"));
    assert_eq!(err.to_string(), format!("HTTP 500 Internal Server Error (x-line-request-id rid-500): {body}"));
}

#[tokio::test]
async fn a_400_on_an_operation_that_declares_no_error_body_keeps_line_s_json_raw() {
    let server = TestServer::start(Reply::json(400, LINE_400)).await;
    let err = api(&server).verify_channel_token_by_jwt("t").await.expect_err("a 400 is an error");
    let Error::Status(status) = &err else { panic!("expected Error::Status, got {err:?}") };
    assert_eq!(status.status.as_u16(), 400);
    assert_eq!(status.body, LINE_400.as_bytes());
}

#[tokio::test]
async fn an_html_502_page_is_a_status_error_not_a_decode_error() {
    let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
    let server = TestServer::start(Reply::new(502, "text/html", page)).await;
    let err = api(&server).issue_channel_token(None, None, None).await.expect_err("a 502 is an error");
    let Error::Status(status) = &err else { panic!("expected Error::Status, got {err:?}") };
    assert_eq!(status.status.as_u16(), 502);
    assert_eq!(status.entity, None);
    assert_eq!(status.body_text(), page);
    assert!(err.to_string().starts_with("HTTP 502 Bad Gateway: <html>"), "{err}");
}

#[tokio::test]
async fn malformed_json_on_200_is_a_decode_error() {
    let server = TestServer::start(Reply::json(200, "{not json").header("x-line-request-id", "rid-bad")).await;
    let err = api(&server).verify_channel_token(Some("t")).await.expect_err("malformed JSON is an error");
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(decode.status.as_u16(), 200);
    assert_eq!(decode.body, b"{not json");
    assert_eq!(decode.request_id(), Some("rid-bad"));
    assert!(!decode.detail.is_empty());
    assert!(err.to_string().starts_with("HTTP 200 OK response body could not be decoded: "), "{err}");
    // Display already tells the whole story; a source would make reporters print it twice.
    assert!(std::error::Error::source(&err).is_none());
}

#[tokio::test]
async fn truncated_json_on_200_is_a_decode_error() {
    let body = r#"{"client_id":"1350031035","expires_in":31380"#;
    let server = TestServer::start(Reply::json(200, body)).await;
    let err = api(&server).verify_channel_token_by_jwt("t").await.expect_err("truncated JSON is an error");
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(decode.status.as_u16(), 200);
    assert_eq!(decode.body, body.as_bytes());
    assert!(decode.detail.contains("EOF"), "{}", decode.detail);
}

#[tokio::test]
async fn json_missing_a_required_field_is_a_decode_error() {
    let server = TestServer::start(Reply::json(200, r#"{"expires_in":1}"#)).await;
    let err = api(&server).verify_channel_token(Some("t")).await.expect_err("a missing field is an error");
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert!(decode.detail.contains("missing field"), "{}", decode.detail);
}

#[tokio::test]
async fn a_body_cut_short_of_its_content_length_is_a_transport_error() {
    let server = TestServer::start(Reply::raw(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"client_id\":",
    ))
    .await;
    let err = api(&server).verify_channel_token(Some("t")).await.expect_err("a cut body is an error");
    let Error::Transport(transport) = &err else { panic!("expected Error::Transport, got {err:?}") };
    assert_eq!(transport.kind(), TransportErrorKind::Io);
    assert_eq!(err.status(), None);
    assert_eq!(err.body(), None);
}

#[tokio::test]
async fn a_slow_server_is_a_timeout_error() {
    let server = TestServer::start(Reply::json(200, "{}").delayed(Duration::from_secs(5))).await;
    let api = Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client builds")
        .channel_access_token_api();
    let started = Instant::now();
    let err = api.verify_channel_token(Some("t")).await.expect_err("a timeout is an error");
    assert!(started.elapsed() < Duration::from_secs(3), "gave up after {:?}", started.elapsed());
    let Error::Transport(transport) = &err else { panic!("expected Error::Transport, got {err:?}") };
    assert!(transport.is_timeout(), "{transport:?}");
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert!(err.to_string().starts_with("request timed out"), "{err}");
    assert_eq!(err.status(), None);
    assert_eq!(err.request_id(), None);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let api = Client::builder().base_url(refused_url()).build().expect("client builds").channel_access_token_api();
    let err = api.revoke_channel_token(Some("t")).await.expect_err("nobody listens");
    let Error::Transport(transport) = &err else { panic!("expected Error::Transport, got {err:?}") };
    assert!(transport.is_connect(), "{transport:?}");
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    assert!(err.to_string().starts_with("could not connect"), "{err}");
    // Display already tells the whole story; a source would make reporters print it twice.
    assert!(std::error::Error::source(&err).is_none());
}

#[tokio::test]
async fn a_body_that_stalls_after_the_headers_is_a_timeout_error() {
    let server = TestServer::start(
        Reply::raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"client_id\":")
            .stalled(Duration::from_secs(5)),
    )
    .await;
    let api = Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client builds")
        .channel_access_token_api();
    let started = Instant::now();
    let err = api.verify_channel_token(Some("t")).await.expect_err("a stalled body is an error");
    assert!(started.elapsed() < Duration::from_secs(3), "gave up after {:?}", started.elapsed());
    let Error::Transport(transport) = &err else { panic!("expected Error::Transport, got {err:?}") };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout, "{transport:?}");
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_a_transport_error() {
    let server = TestServer::start(Reply::raw("")).await;
    let err = api(&server).verify_channel_token_by_jwt("t").await.expect_err("no answer is an error");
    let Error::Transport(transport) = &err else { panic!("expected Error::Transport, got {err:?}") };
    assert_eq!(transport.kind(), TransportErrorKind::Io, "{transport:?}");
}

#[tokio::test]
async fn a_204_with_no_body_where_json_is_declared_is_a_decode_error() {
    let server = TestServer::start(Reply::empty(204)).await;
    let err = api(&server).verify_channel_token(Some("t")).await.expect_err("no body is an error");
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(decode.status.as_u16(), 204);
    assert!(decode.body.is_empty());
}

#[tokio::test]
async fn an_invalid_header_value_is_a_request_error_not_a_panic() {
    let server = TestServer::start(Reply::json(200, "{}")).await;
    let api = Client::builder()
        .base_url(server.url())
        .user_agent("bad\nagent")
        .build()
        .expect("client builds")
        .channel_access_token_api();
    let err = api.verify_channel_token_by_jwt("t").await.expect_err("an invalid header is an error");
    let Error::Transport(transport) = &err else { panic!("expected Error::Transport, got {err:?}") };
    assert_eq!(transport.kind(), TransportErrorKind::Request, "{transport:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_long_error_body_is_shortened_in_display_but_kept_whole() {
    let body = "x".repeat(2000);
    let server = TestServer::start(Reply::new(500, "text/plain", body.clone())).await;
    let err = api(&server).verify_channel_token(Some("t")).await.expect_err("a 500 is an error");
    assert_eq!(err.body(), Some(body.as_bytes()));
    let shown = err.to_string();
    assert!(shown.ends_with(&format!("{}… (2000 bytes)", "x".repeat(16))), "{shown}");
    assert!(shown.len() < 600, "{} bytes shown", shown.len());
}

#[tokio::test]
async fn a_byte_order_mark_before_json_is_ignored_in_success_and_error_bodies() {
    let bom = "\u{feff}";
    let server = TestServer::start(Reply::json(200, format!("{bom}{{\"client_id\":\"1\",\"expires_in\":30}}"))).await;
    let verified = tokio::time::timeout(Duration::from_secs(10), api(&server).verify_channel_token(Some("t")))
        .await
        .expect("no hang")
        .expect("the BOM is ignored");
    assert_eq!((verified.client_id.as_str(), verified.expires_in), ("1", 30));

    let server = TestServer::start(Reply::json(400, format!("{bom}{LINE_400}"))).await;
    let err = tokio::time::timeout(Duration::from_secs(10), api(&server).issue_channel_token(None, None, None))
        .await
        .expect("no hang")
        .expect_err("a 400 is an error");
    let Error::Status(status) = &err else { panic!("expected Error::Status, got {err:?}") };
    assert!(matches!(status.entity, Some(IssueChannelTokenError::Status400(_))), "{err:?}");
    assert!(status.body.starts_with(b"\xef\xbb\xbf"), "the body is kept exactly as received");
}
