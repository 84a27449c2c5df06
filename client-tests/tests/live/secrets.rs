//! Credentials sent in calls never show up in the `Debug` or `Display` of anything the caller
//! can format afterwards: errors (including transport errors, whose reqwest source would print
//! a URL with the query-string JWT), successful responses, the client, its builder.

use std::time::Duration;

use client_tests::{refused_url, Reply, TestServer};
use line_channel_access_token::Client;

use super::JWT_BEARER;

const CLIENT_SECRET: &str = "SECRETclientsecret0f9e8d7c";
const CLIENT_ASSERTION: &str = "eyJhbGciOiJSUzI1NiJ9.SECRETassertionpayload.SECRETassertionsig";
const ACCESS_TOKEN: &str = "SECRETaccesstoken5c4b3a2";
const ISSUED_TOKEN: &str = "SECRETissuedtoken77aa";

/// Every secret, and the fragments a partial leak would show.
const SECRETS: &[&str] = &[
    CLIENT_SECRET,
    CLIENT_ASSERTION,
    ACCESS_TOKEN,
    ISSUED_TOKEN,
    "SECRET",
    "assertionpayload",
    "access_token=",
    "client_assertion=",
    "client_secret=",
];

fn assert_clean(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} leaks {secret:?}: {text}");
    }
}

fn assert_formats_clean<T: std::error::Error>(what: &str, value: &T) {
    assert_clean(what, &format!("{value:?}"));
    assert_clean(what, &format!("{value:#?}"));
    assert_clean(what, &format!("{value}"));
    // The whole source chain, as error reporters (anyhow, eyre) print it.
    let mut source = value.source();
    while let Some(s) = source {
        assert_clean(what, &format!("{s:?}"));
        assert_clean(what, &format!("{s}"));
        source = s.source();
    }
}

macro_rules! check_err {
    ($what:expr, $result:expr) => {{
        let err = $result.await.expect_err($what);
        assert_formats_clean($what, &err);
        err
    }};
}

#[tokio::test]
async fn failing_calls_carrying_secrets_leak_nothing_when_formatted() {
    // Refused: reqwest's connect error would name the URL, query string and all.
    let refused = Client::builder().base_url(refused_url()).build().expect("client builds");
    let api = refused.channel_access_token_api();
    let e = check_err!("refused key ids", api.gets_all_valid_channel_access_token_key_ids(JWT_BEARER, CLIENT_ASSERTION));
    assert!(matches!(&e, line_channel_access_token::Error::Transport(t) if t.is_connect()), "{e:?}");
    // The cause is still there, only the URL is gone.
    assert!(e.to_string().contains("Connection refused"), "{e}");
    let e = check_err!("refused verify by jwt", api.verify_channel_token_by_jwt(ACCESS_TOKEN));
    assert!(matches!(&e, line_channel_access_token::Error::Transport(t) if t.is_connect()), "{e:?}");
    check_err!("refused issue", api.issue_channel_token(Some("client_credentials"), Some("1"), Some(CLIENT_SECRET)));

    // Timed out, with the secrets in the query string and in form bodies.
    let slow = TestServer::start(Reply::json(200, "{}").delayed(Duration::from_secs(5))).await;
    let client = Client::builder()
        .base_url(slow.url())
        .timeout(Duration::from_millis(150))
        .user_agent("secret-test")
        .build()
        .expect("client builds");
    let api = client.channel_access_token_api();
    let e = check_err!("timed-out key ids", api.gets_all_valid_channel_access_token_key_ids(JWT_BEARER, CLIENT_ASSERTION));
    assert!(matches!(&e, line_channel_access_token::Error::Transport(t) if t.is_timeout()), "{e:?}");
    assert!(e.to_string().contains("timed out"), "{e}");
    let e = check_err!("timed-out verify by jwt", api.verify_channel_token_by_jwt(ACCESS_TOKEN));
    assert!(matches!(&e, line_channel_access_token::Error::Transport(t) if t.is_timeout()), "{e:?}");
    check_err!(
        "timed-out stateless",
        api.issue_stateless_channel_token(Some("client_credentials"), Some(JWT_BEARER), Some(CLIENT_ASSERTION), Some("1"), Some(CLIENT_SECRET))
    );
    // The secrets did go out: the test would prove nothing otherwise.
    let sent = slow.requests();
    assert!(sent.iter().any(|r| r.query.as_deref().is_some_and(|q| q.contains(CLIENT_ASSERTION))));
    assert!(sent.iter().any(|r| r.query.as_deref().is_some_and(|q| q.contains(ACCESS_TOKEN))));
    assert!(sent.iter().any(|r| r.body_text().contains(CLIENT_SECRET)));

    // Answered with an error status.
    let failing = TestServer::start_with(|request| match request.path.as_str() {
        "/v2/oauth/accessToken" => Reply::json(400, r#"{"error":"invalid_client","error_description":"invalid client_secret"}"#)
            .header("x-line-request-id", "rid-1"),
        "/oauth2/v2.1/revoke" => Reply::new(502, "text/html", "<html><body>502 Bad Gateway</body></html>"),
        _ => Reply::json(500, r#"{"message":"Internal error"}"#),
    })
    .await;
    let client = Client::builder().base_url(failing.url()).build().expect("client builds");
    let api = client.channel_access_token_api();
    check_err!("400 issue", api.issue_channel_token(Some("client_credentials"), Some("1"), Some(CLIENT_SECRET)));
    check_err!("500 issue by jwt", api.issue_channel_token_by_jwt(Some("client_credentials"), Some(JWT_BEARER), Some(CLIENT_ASSERTION)));
    check_err!("500 key ids", api.gets_all_valid_channel_access_token_key_ids(JWT_BEARER, CLIENT_ASSERTION));
    check_err!("500 verify", api.verify_channel_token(Some(ACCESS_TOKEN)));
    check_err!("500 verify by jwt", api.verify_channel_token_by_jwt(ACCESS_TOKEN));
    check_err!("500 revoke", api.revoke_channel_token(Some(ACCESS_TOKEN)));
    check_err!("502 revoke by jwt", api.revoke_channel_token_by_jwt(Some("1"), Some(CLIENT_SECRET), Some(ACCESS_TOKEN)));
    assert_eq!(failing.requests().len(), 7);

    // A success status whose body holds a freshly issued token but does not decode.
    let undecodable = TestServer::start(Reply::json(
        200,
        // The value serde_json quotes in its message holds an escaped `"` before the secret.
        format!(r#"{{"access_token":"{ISSUED_TOKEN}","expires_in":"x\" {ISSUED_TOKEN} \"","token_type":"Bearer"}}"#),
    ))
    .await;
    let client = Client::builder().base_url(undecodable.url()).build().expect("client builds");
    let e = check_err!(
        "undecodable issue",
        client.channel_access_token_api().issue_channel_token(Some("client_credentials"), Some("1"), Some(CLIENT_SECRET))
    );
    assert!(matches!(&e, line_channel_access_token::Error::Decode(_)), "{e:?}");

    // The clients and a builder, after all that.
    assert_clean("client", &format!("{refused:?} {client:?} {client:#?}"));
    assert_clean("api", &format!("{:?}", client.channel_access_token_api()));
    let builder = Client::builder().base_url(failing.url()).user_agent("x").timeout(Duration::from_secs(1));
    assert_clean("builder", &format!("{builder:?} {builder:#?}"));
}

#[tokio::test]
async fn successful_responses_holding_tokens_do_not_print_them() {
    let server = TestServer::start(
        Reply::json(
            200,
            format!(r#"{{"access_token":"{ISSUED_TOKEN}","expires_in":2592000,"token_type":"Bearer","key_id":"kid"}}"#),
        )
        .header("x-line-request-id", "rid-ok"),
    )
    .await;
    let api = Client::builder().base_url(server.url()).build().expect("client builds").channel_access_token_api();
    let issued = api
        .issue_channel_token_by_jwt_with_http_info(Some("client_credentials"), Some(JWT_BEARER), Some(CLIENT_ASSERTION))
        .await
        .expect("call succeeds");
    assert_eq!(issued.data.access_token, ISSUED_TOKEN);
    let printed = format!("{issued:?} {issued:#?}");
    assert_clean("issued response", &printed);
    assert!(printed.contains("rid-ok") || printed.contains("2592000"), "{printed}");
    let short = api.issue_channel_token(None, Some("1"), Some(CLIENT_SECRET)).await.expect("call succeeds");
    assert_clean("short-lived token", &format!("{short:?}"));
    let stateless = api.issue_stateless_channel_token(None, None, None, Some("1"), Some(CLIENT_SECRET)).await.expect("call succeeds");
    assert_clean("stateless token", &format!("{stateless:?}"));
}

/// Every log record (reqwest logs through `log`), formatted, from every test in this binary.
static LOGS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

struct CaptureLogs;

impl log::Log for CaptureLogs {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {}: {}", record.level(), record.target(), record.args());
        LOGS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(line);
    }
    fn flush(&self) {}
}

#[tokio::test]
async fn log_records_of_calls_carrying_secrets_leak_nothing() {
    static LOGGER: CaptureLogs = CaptureLogs;
    log::set_logger(&LOGGER).expect("the only logger in this test binary");
    log::set_max_level(log::LevelFilter::Trace);

    let server = TestServer::start_with(|request| match request.path.as_str() {
        "/oauth2/v2.1/tokens/kid" => Reply::json(200, r#"{"kids":["k"]}"#),
        _ => Reply::json(400, r#"{"error":"invalid_request"}"#),
    })
    .await;
    let api = Client::builder().base_url(server.url()).build().expect("client builds").channel_access_token_api();
    api.gets_all_valid_channel_access_token_key_ids(JWT_BEARER, CLIENT_ASSERTION).await.expect("call succeeds");
    api.verify_channel_token_by_jwt(ACCESS_TOKEN).await.expect_err("a 400");
    api.issue_channel_token(Some("client_credentials"), Some("1"), Some(CLIENT_SECRET)).await.expect_err("a 400");
    let refused = Client::builder().base_url(refused_url()).build().expect("client builds").channel_access_token_api();
    refused.verify_channel_token_by_jwt(ACCESS_TOKEN).await.expect_err("refused");

    let logs = LOGS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).join("\n");
    // reqwest did log (new connections), so the check below looked at something.
    assert!(logs.contains("starting new connection"), "{logs}");
    assert_clean("log records", &logs);
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_with_the_secrets() {
    let elsewhere = TestServer::start(Reply::json(200, r#"{"access_token":"t","expires_in":1,"token_type":"Bearer"}"#)).await;
    let location = format!("{}/v2/oauth/accessToken", elsewhere.url());
    let server = TestServer::start(Reply::empty(307).header("Location", &location)).await;
    let api = Client::builder().base_url(server.url()).build().expect("client builds").channel_access_token_api();
    let err = api
        .issue_channel_token(Some("client_credentials"), Some("1"), Some(CLIENT_SECRET))
        .await
        .expect_err("the redirect comes back as an error");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307));
    assert!(elsewhere.requests().is_empty(), "the secret went to {:?}", elsewhere.requests());
    assert_formats_clean("307", &err);
}

#[tokio::test]
async fn a_redirect_within_the_same_origin_is_followed() {
    let server = TestServer::start_with(|request| match request.path.as_str() {
        "/v2/oauth/accessToken" => Reply::empty(307).header("Location", "/moved/accessToken"),
        _ => Reply::json(200, r#"{"access_token":"t","expires_in":1,"token_type":"Bearer"}"#),
    })
    .await;
    let api = Client::builder().base_url(server.url()).build().expect("client builds").channel_access_token_api();
    api.issue_channel_token(Some("client_credentials"), Some("1"), Some("s")).await.expect("call succeeds");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].path, "/moved/accessToken");
    // A 307 keeps the method and the body.
    assert_eq!(requests[1].method, "POST");
    assert_eq!(requests[1].body_text(), "grant_type=client_credentials&client_id=1&client_secret=s");
}
