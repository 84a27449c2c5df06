//! OAuth 2.0 client credentials (RFC 6749 §4.4): the bot's client is built with the channel's id
//! and secret alone and gets its tokens from the token endpoint, served here by the mock.

use std::time::Duration;

use line_bot::mock::{MockServer, Reply};
use line_bot::models::UserProfileResponse;
use line_bot::{Client, ClientAuth, ClientCredentials, Error, TransportErrorKind};

async fn bounded<T>(f: impl std::future::IntoFuture<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), f.into_future()).await.expect("finishes within 20 s")
}

fn token(value: &str, expires_in: u32) -> serde_json::Value {
    serde_json::json!({"access_token": value, "expires_in": expires_in, "token_type": "Bearer"})
}

fn bearer(request: &line_bot::mock::Request) -> String {
    request.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

#[tokio::test]
async fn the_client_is_built_with_the_channel_id_and_secret_alone() {
    let mock = MockServer::start().await;
    mock.issue_stateless_channel_token().reply(Reply::status(200).json(&token("tok-1", 900)));
    mock.get_profile().respond(UserProfileResponse::new("Brown", "U1"));
    // The token URL is on the API's host, so it follows the base URL to the mock.
    let client = Client::builder().base_url(mock.url()).bearer_client_credentials("1234567890", "chan-s3cret").build().unwrap();

    let profile = bounded(client.messaging_api_api().get_profile("U1")).await.unwrap();

    assert_eq!(profile.user_id, "U1");
    let calls = mock.get_profile().received_requests();
    assert_eq!(bearer(&calls[0]), "Bearer tok-1");
    let grants = mock.issue_stateless_channel_token().received();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].grant_type.as_deref(), Some("client_credentials"));
    assert_eq!((grants[0].client_id.as_deref(), grants[0].client_secret.as_deref()), (Some("1234567890"), Some("chan-s3cret")));
    let raw = mock.issue_stateless_channel_token().received_requests();
    assert!(raw[0].headers.get("authorization").is_none(), "LINE's style puts the secret in the body only");
    assert!(!format!("{client:?}").contains("chan-s3cret") && !format!("{client:?}").contains("tok-1"));
}

#[tokio::test]
async fn concurrent_calls_share_one_token_and_an_expiring_one_is_renewed() {
    let mock = MockServer::start().await;
    mock.issue_stateless_channel_token().once().reply(Reply::status(200).json(&token("tok-short", 1)));
    mock.issue_stateless_channel_token().reply(Reply::status(200).json(&token("tok-next", 900)));
    mock.get_profile().respond(UserProfileResponse::new("Brown", "U1"));
    let client = Client::builder().base_url(mock.url()).bearer_client_credentials("1", "s").build().unwrap();

    let api = client.messaging_api_api();
    let calls: Vec<_> = (0..20).map(|_| api.get_profile("U1").send()).collect();
    for result in bounded(async { futures_join(calls).await }).await {
        result.unwrap();
    }
    assert_eq!(mock.issue_stateless_channel_token().received().len(), 1, "one token for 20 concurrent calls");
    // A 1 s token is renewed halfway through its life.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    bounded(api.get_profile("U1")).await.unwrap();
    assert_eq!(mock.issue_stateless_channel_token().received().len(), 2);
    let last = mock.get_profile().received_requests().pop().unwrap();
    assert_eq!(bearer(&last), "Bearer tok-next");
}

/// Polls every future together until all are done; their results in order.
async fn futures_join<'a, T>(futures: Vec<std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>>) -> Vec<T> {
    let mut pending: Vec<Option<_>> = futures.into_iter().map(Some).collect();
    let mut results: Vec<Option<T>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for (slot, result) in pending.iter_mut().zip(results.iter_mut()) {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        *result = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => done = false,
                }
            }
        }
        if done { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
    })
    .await;
    results.into_iter().flatten().collect()
}

#[tokio::test]
async fn http_basic_authentication_sends_the_encoded_id_and_secret_in_the_header() {
    let mock = MockServer::start().await;
    mock.issue_stateless_channel_token().reply(Reply::status(200).json(&token("tok-b", 900)));
    mock.get_profile().respond(UserProfileResponse::new("Brown", "U1"));
    let grant = ClientCredentials::new("https://api.line.me/oauth2/v3/token", "id:1", "p@ss w").auth(ClientAuth::Basic);
    let client = Client::builder().base_url(mock.url()).bearer_client_credentials_grant(grant).build().unwrap();

    bounded(client.messaging_api_api().get_profile("U1")).await.unwrap();

    let raw = mock.issue_stateless_channel_token().received_requests();
    // RFC 6749 §2.3.1: each is form-encoded, then `id:secret` is base64'd.
    assert_eq!(raw[0].headers.get("authorization").unwrap(), "Basic aWQlM0ExOnAlNDBzcyUyMHc=");
    let grants = mock.issue_stateless_channel_token().received();
    assert_eq!((grants[0].client_id.as_deref(), grants[0].client_secret.as_deref()), (None, None));
    assert_eq!(grants[0].grant_type.as_deref(), Some("client_credentials"));
}

#[tokio::test]
async fn a_refused_grant_fails_the_call_cleanly_and_sends_nothing() {
    let mock = MockServer::start().await;
    mock.issue_stateless_channel_token().reply(Reply::status(400).json(&serde_json::json!({"error": "invalid_client", "error_description": "bad secret"})));
    mock.get_profile().respond(UserProfileResponse::new("Brown", "U1"));
    let client = Client::builder().base_url(mock.url()).bearer_client_credentials("1", "wrong-s3cret").build().unwrap();

    let error = bounded(client.messaging_api_api().get_profile("U1")).await.unwrap_err();

    let Error::Transport(t) = &error else { panic!("{error}") };
    assert_eq!(t.kind(), TransportErrorKind::Credentials);
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("400") && shown.contains("invalid_client"), "{shown}");
    assert!(!shown.contains("wrong-s3cret"), "{shown}");
    assert!(mock.get_profile().received().is_empty(), "the call was not sent without a token");
    mock.reset();
}
