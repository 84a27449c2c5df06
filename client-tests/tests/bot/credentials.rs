//! Credentials that change on a live client: a token replaced on one handle reaches every clone
//! over the connections already open, and a token source (here the channel-access-token client
//! issuing stateless tokens) is asked once for many calls, again near expiry, and fails calls
//! with `TransportErrorKind::Credentials`, never showing a token.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use client_tests::{Reply, TestServer};
use line_bot::{AccessToken, Client, Error, TransportErrorKind};

const CLIENT_SECRET: &str = "SECRETclientsecret0f9e8d7c";

fn authorizations(server: &TestServer) -> Vec<String> {
    server.requests().iter().map(|r| r.header("authorization").unwrap_or("(none)").to_string()).collect()
}

#[tokio::test]
async fn a_token_set_on_one_handle_reaches_every_clone_over_the_same_connection() {
    let server = TestServer::start(Reply::json(200, "{}")).await;
    let client = Client::builder().base_url(server.url()).bearer_token("first-token").build().unwrap();
    let clones: Vec<Client> = (0..3).map(|_| client.clone()).collect();
    clones[0].messaging_api_api().leave_group("C1").await.unwrap();
    client.set_bearer_token("second-token");
    clones[1].messaging_api_api().leave_group("C2").await.unwrap();
    // Any handle can replace it, for all of them.
    clones[2].set_bearer_token("third-token");
    client.messaging_api_api().leave_group("C3").await.unwrap();
    clones[0].messaging_api_api().leave_group("C4").await.unwrap();
    assert_eq!(authorizations(&server), ["Bearer first-token", "Bearer second-token", "Bearer third-token", "Bearer third-token"]);
    // One pooled connection carried all four: no client (and no connection pool) was rebuilt.
    assert_eq!(server.connections(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_replaced_while_clones_are_calling_is_sent_by_all_of_them_from_then_on() {
    const TASKS: usize = 4;
    const CALLS: usize = 10;
    let server = TestServer::start(Reply::json(200, "{}")).await;
    let client = Client::builder().base_url(server.url()).bearer_token("old-token").build().unwrap();
    let switched = Arc::new(tokio::sync::Barrier::new(TASKS + 1));
    let ready = Arc::new(tokio::sync::Barrier::new(TASKS + 1));
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| {
            let clone = client.clone();
            let (ready, switched) = (Arc::clone(&ready), Arc::clone(&switched));
            tokio::spawn(async move {
                let api = clone.messaging_api_api();
                for i in 0..CALLS {
                    api.leave_group(&format!("C{t}-{i}")).await.unwrap();
                }
                ready.wait().await;
                switched.wait().await;
                for i in 0..CALLS {
                    api.leave_group(&format!("C{t}-{i}")).await.unwrap();
                }
            })
        })
        .collect();
    tokio::time::timeout(Duration::from_secs(10), ready.wait()).await.unwrap();
    client.set_bearer_token("new-token");
    switched.wait().await;
    for task in tasks {
        tokio::time::timeout(Duration::from_secs(10), task).await.unwrap().unwrap();
    }
    let seen = authorizations(&server);
    assert_eq!(seen.len(), 2 * TASKS * CALLS);
    assert!(seen[..TASKS * CALLS].iter().all(|a| a == "Bearer old-token"), "{seen:?}");
    assert!(seen[TASKS * CALLS..].iter().all(|a| a == "Bearer new-token"), "{seen:?}");
    // The tasks share one pool across the switch. A connection goes back to it only once
    // hyper's connection task has seen the response end, so a task's next call may find none
    // idle and open one more: two per task at most (a client rebuilt per task would add more).
    // The sequential test above shows the pool is kept: one connection for every call.
    assert!(server.connections() <= 2 * TASKS, "{} connections", server.connections());
}

/// A channel-access-token server issuing `stateless-N` tokens valid `expires_in` seconds, and a
/// count of how many it issued.
async fn token_server(expires_in: u32) -> (TestServer, Arc<AtomicUsize>) {
    let issued = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&issued);
    let server = TestServer::start_with(move |_| {
        let n = count.fetch_add(1, Ordering::SeqCst) + 1;
        Reply::json(200, format!(r#"{{"access_token":"stateless-{n}","expires_in":{expires_in},"token_type":"Bearer"}}"#))
            .delayed(Duration::from_millis(50))
    })
    .await;
    (server, issued)
}

/// A bot client whose token comes from the channel-access-token client at `issuer`.
fn bot_with_stateless_tokens(bot: &TestServer, issuer: &TestServer) -> Client {
    let cat = line_channel_access_token::Client::builder().base_url(issuer.url()).build().unwrap();
    Client::builder()
        .base_url(bot.url())
        .bearer_token_source(move || {
            let cat = cat.clone();
            async move {
                let issued = cat
                    .channel_access_token_api()
                    .issue_stateless_channel_token_request()
                    .grant_type("client_credentials")
                    .client_id("1234567890")
                    .client_secret(CLIENT_SECRET)
                    .await?;
                Ok(AccessToken::new(issued.access_token).expires_in(Duration::from_secs(u64::try_from(issued.expires_in)?)))
            }
        })
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_source_is_asked_once_for_many_concurrent_calls() {
    let bot = TestServer::start(Reply::json(200, "{}")).await;
    let (issuer, issued) = token_server(900).await;
    let client = bot_with_stateless_tokens(&bot, &issuer);
    let calls: Vec<_> = (0..20)
        .map(|i| {
            let clone = client.clone();
            tokio::spawn(async move { clone.messaging_api_api().leave_group(&format!("C{i}")).await })
        })
        .collect();
    for call in calls {
        tokio::time::timeout(Duration::from_secs(10), call).await.unwrap().unwrap().unwrap();
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1, "one token issued for 20 concurrent calls");
    let seen = authorizations(&bot);
    assert_eq!(seen.len(), 20);
    assert!(seen.iter().all(|a| a == "Bearer stateless-1"), "{seen:?}");
    // The issue request is what LINE expects.
    let request = issuer.single_request();
    assert_eq!(request.path, "/oauth2/v3/token");
    assert!(request.body_text().contains("grant_type=client_credentials"), "{}", request.body_text());
}

#[tokio::test]
async fn a_token_source_is_asked_again_shortly_before_the_token_expires() {
    let bot = TestServer::start(Reply::json(200, "{}")).await;
    // A token valid 1 s is replaced after half of it (LINE's 900 s ones 60 s before the end).
    let (issuer, issued) = token_server(1).await;
    let client = bot_with_stateless_tokens(&bot, &issuer);
    let api = client.messaging_api_api();
    api.leave_group("C1").await.unwrap();
    api.leave_group("C2").await.unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    api.leave_group("C3").await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    assert_eq!(authorizations(&bot), ["Bearer stateless-1", "Bearer stateless-1", "Bearer stateless-2"]);
    assert_eq!(bot.connections(), 1, "the bot client kept its connection across the refresh");
}

#[tokio::test]
async fn a_failing_token_source_fails_the_call_as_credentials_and_sends_nothing() {
    let bot = TestServer::start(Reply::json(200, "{}")).await;
    let issuer = TestServer::start(Reply::json(400, r#"{"error":"invalid_client","error_description":"bad secret"}"#)).await;
    let client = bot_with_stateless_tokens(&bot, &issuer);
    let e = client.messaging_api_api().leave_group("C1").await.unwrap_err();
    let Error::Transport(t) = &e else { panic!("expected a transport error, got {e:?}") };
    assert_eq!(t.kind(), TransportErrorKind::Credentials);
    assert!(t.is_credentials());
    // The source's own error says what went wrong.
    assert!(e.to_string().contains("HTTP 400") && e.to_string().contains("invalid_client"), "{e}");
    assert!(bot.requests().is_empty(), "nothing was sent without a token");
    for text in [format!("{e}"), format!("{e:?}"), format!("{e:#?}"), format!("{client:?}")] {
        assert!(!text.contains(CLIENT_SECRET) && !text.contains("SECRET"), "{text}");
    }
}

#[tokio::test]
async fn tokens_set_or_issued_never_show() {
    let bot = TestServer::start(Reply::json(200, "{}")).await;
    let (issuer, _) = token_server(900).await;
    let client = bot_with_stateless_tokens(&bot, &issuer);
    client.messaging_api_api().leave_group("C1").await.unwrap();
    let shown = format!("{client:?} {client:#?}");
    assert!(!shown.contains("stateless-1"), "{shown}");
    assert!(shown.contains("TokenSource"), "{shown}");
    client.set_bearer_token("SECRETfixedtoken");
    let shown = format!("{client:?} {client:#?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    let token = AccessToken::new("SECRETissued").expires_in(Duration::from_secs(900));
    assert!(!format!("{token:?}").contains("SECRET"));
}
