//! Client configuration: base URL joining, timeout, user agent, your own reqwest client,
//! and sharing one client across tasks and threads.

use std::time::Duration;

use client_tests::{Reply, TestServer};
use line_channel_access_token::apis::ChannelAccessTokenApi;
use line_channel_access_token::{BuildError, Client, ClientBuilder};

const VERIFY_BODY: &str = r#"{"client_id":"1","expires_in":3138007490}"#;

#[test]
fn client_and_operations_are_clone_send_sync() {
    fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
    assert_shareable::<Client>();
    assert_shareable::<ChannelAccessTokenApi>();
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<ClientBuilder>();
    assert_send_sync::<line_channel_access_token::Error<line_channel_access_token::apis::channel_access_token_api::IssueChannelTokenError>>();
}

#[test]
fn default_base_url_is_the_spec_server() {
    let client = Client::new().expect("client builds");
    assert_eq!(client.base_url(), "https://api.line.me");
}

#[test]
fn an_invalid_base_url_is_a_build_error() {
    for url in ["not a url", "ftp://example.com", "/relative"] {
        let err = Client::builder().base_url(url).build().expect_err("invalid URL");
        assert_eq!(err, BuildError::InvalidUrl(url.into()));
    }
}

#[tokio::test]
async fn base_url_joins_with_or_without_trailing_slash_and_keeps_a_path_prefix() {
    let server = TestServer::start(Reply::json(200, VERIFY_BODY)).await;
    let cases = [
        (server.url(), "/v2/oauth/verify"),
        (format!("{}/", server.url()), "/v2/oauth/verify"),
        (format!("{}/line", server.url()), "/line/v2/oauth/verify"),
        (format!("{}/line/", server.url()), "/line/v2/oauth/verify"),
    ];
    for (base, expected) in cases {
        server.clear();
        let client = Client::builder().base_url(&base).build().expect("client builds");
        assert_eq!(client.base_url(), base.trim_end_matches('/'));
        client.channel_access_token_api().verify_channel_token(Some("t")).await.expect("call succeeds");
        assert_eq!(server.single_request().path, expected, "base URL {base}");
    }
}

#[tokio::test]
async fn user_agent_defaults_to_the_crate_name_and_version() {
    let server = TestServer::start(Reply::json(200, VERIFY_BODY)).await;
    super::api(&server).verify_channel_token_by_jwt("t").await.expect("call succeeds");
    let request = server.single_request();
    assert_eq!(request.header("user-agent"), Some(line_channel_access_token::apis::DEFAULT_USER_AGENT));
    assert!(request.header("user-agent").is_some_and(|ua| ua.starts_with("line_channel_access_token/")));
}

#[tokio::test]
async fn user_agent_is_sent() {
    let server = TestServer::start(Reply::json(200, VERIFY_BODY)).await;
    Client::builder()
        .base_url(server.url())
        .user_agent("my-bot/1.2")
        .build()
        .expect("client builds")
        .channel_access_token_api()
        .verify_channel_token_by_jwt("t")
        .await
        .expect("call succeeds");
    assert_eq!(server.single_request().header("user-agent"), Some("my-bot/1.2"));
}

#[tokio::test]
async fn a_custom_reqwest_client_is_used_and_the_timeout_still_applies() {
    let server = TestServer::start_with(|request| {
        let reply = Reply::json(200, VERIFY_BODY);
        if request.query.as_deref() == Some("access_token=slow") {
            reply.delayed(Duration::from_secs(5))
        } else {
            reply
        }
    })
    .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-custom", reqwest::header::HeaderValue::from_static("from-my-client"));
    let http = reqwest::Client::builder().default_headers(headers).build().expect("reqwest client");
    let api = Client::builder()
        .base_url(server.url())
        .http_client(http)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client builds")
        .channel_access_token_api();
    api.verify_channel_token_by_jwt("fast").await.expect("call succeeds");
    assert_eq!(server.single_request().header("x-custom"), Some("from-my-client"));
    let err = api.verify_channel_token_by_jwt("slow").await.expect_err("times out");
    assert!(matches!(&err, line_channel_access_token::Error::Transport(t) if t.is_timeout()), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_spawned_on_a_multi_thread_runtime_share_one_client() {
    let server = TestServer::start(Reply::json(200, VERIFY_BODY)).await;
    let client = Client::builder().base_url(server.url()).build().expect("client builds");
    let mut tasks = Vec::new();
    for i in 0..16 {
        let client = client.clone();
        // tokio::spawn requires the future, and so every generated future, to be Send.
        tasks.push(tokio::spawn(async move {
            let api = client.channel_access_token_api();
            let token = format!("token-{i}");
            let verified = api.verify_channel_token_by_jwt(&token).await.expect("call succeeds");
            let info = api.verify_channel_token_with_http_info(Some(&token)).await.expect("call succeeds");
            api.revoke_channel_token(Some(&token)).await.expect("call succeeds");
            (verified.expires_in, info.data.expires_in)
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task completes"), (3138007490, 3138007490));
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 48);
    for i in 0..16 {
        let query = format!("access_token=token-{i}");
        assert!(requests.iter().any(|r| r.query.as_deref() == Some(query.as_str())), "{query}");
    }
}

#[test]
fn every_operation_future_is_send() {
    fn assert_send<T: Send>(_: T) {}
    let api = Client::new().expect("client builds").channel_access_token_api();
    // Built, never polled: this is a compile-time check of every generated future.
    assert_send(api.gets_all_valid_channel_access_token_key_ids("a", "b"));
    assert_send(api.gets_all_valid_channel_access_token_key_ids_with_http_info("a", "b"));
    assert_send(api.issue_channel_token(None, None, None));
    assert_send(api.issue_channel_token_with_http_info(None, None, None));
    assert_send(api.issue_channel_token_by_jwt(None, None, None));
    assert_send(api.issue_channel_token_by_jwt_with_http_info(None, None, None));
    assert_send(api.issue_stateless_channel_token(None, None, None, None, None));
    assert_send(api.issue_stateless_channel_token_with_http_info(None, None, None, None, None));
    assert_send(api.revoke_channel_token(None));
    assert_send(api.revoke_channel_token_with_http_info(None));
    assert_send(api.revoke_channel_token_by_jwt(None, None, None));
    assert_send(api.revoke_channel_token_by_jwt_with_http_info(None, None, None));
    assert_send(api.verify_channel_token(None));
    assert_send(api.verify_channel_token_with_http_info(None));
    assert_send(api.verify_channel_token_by_jwt("t"));
    assert_send(api.verify_channel_token_by_jwt_with_http_info("t"));
}
