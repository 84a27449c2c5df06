//! The opt-in retry policy: what is retried, with which key, after how long.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use client_tests::{Reply, TestServer};
use line_bot::models::{PushMessageRequest, TextMessage};
use line_bot::{Client, RetryPolicy};

/// A server answering the first `failures` requests with `first`, then `then`.
async fn flaky(failures: usize, first: Reply, then: Reply) -> TestServer {
    let seen = Arc::new(AtomicUsize::new(0));
    TestServer::start_with(move |_| if seen.fetch_add(1, Ordering::SeqCst) < failures { first.clone() } else { then.clone() }).await
}

fn retrying(server: &TestServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .retry_policy(RetryPolicy::new(3).initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_push_is_retried_after_429_with_one_retry_key() {
    let server = flaky(
        1,
        Reply::json(429, r#"{"message":"Too many requests"}"#).header("Retry-After", "1"),
        Reply::json(200, r#"{"sentMessages":[{"id":"1"}]}"#),
    )
    .await;
    let request = PushMessageRequest::new("U1", [TextMessage::new("hi")]);
    let started = Instant::now();
    let sent = retrying(&server).messaging_api_api().push_message(&request, None).await.unwrap();
    assert_eq!(sent.sent_messages[0].id, "1");
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After: 1 was honoured");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let keys: Vec<Option<&str>> = requests.iter().map(|r| r.header("x-line-retry-key")).collect();
    let key = keys[0].expect("the client made up a retry key");
    assert_eq!(key.len(), 36, "a UUID: {key}");
    assert_eq!(keys[1], Some(key), "the same key on every attempt");
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn a_given_retry_key_is_kept() {
    let server = flaky(2, Reply::json(503, "{}"), Reply::json(200, r#"{"sentMessages":[]}"#)).await;
    let request = PushMessageRequest::new("U1", [TextMessage::new("hi")]);
    let key = "123e4567-e89b-12d3-a456-426614174000";
    retrying(&server).messaging_api_api().push_message(&request, Some(key)).await.unwrap();
    let keys: Vec<String> = server.requests().iter().map(|r| r.header("x-line-retry-key").unwrap_or("").to_string()).collect();
    assert_eq!(keys, [key, key, key]);
}

#[tokio::test]
async fn a_post_without_a_retry_key_is_never_retried() {
    let server = flaky(1, Reply::json(500, "{}"), Reply::json(200, "{}")).await;
    let err = retrying(&server).messaging_api_api().leave_group("C1").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(server.requests().len(), 1, "a POST without a retry key could be applied twice");
}

#[tokio::test]
async fn an_idempotent_get_is_retried_and_nothing_is_retried_without_a_policy() {
    let server = flaky(1, Reply::json(503, "{}"), Reply::json(200, r#"{"displayName":"A","userId":"U1"}"#)).await;
    let profile = retrying(&server).messaging_api_api().get_profile("U1").await.unwrap();
    assert_eq!(profile.user_id, "U1");
    assert_eq!(server.requests().len(), 2);

    let server = flaky(1, Reply::json(503, "{}"), Reply::json(200, r#"{"displayName":"A","userId":"U1"}"#)).await;
    let err = super::client(&server).messaging_api_api().get_profile("U1").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1);
    assert!(server.requests()[0].header("x-line-retry-key").is_none());
}
