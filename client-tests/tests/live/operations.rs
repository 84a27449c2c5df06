//! Each of the 8 operations: method, path, headers, exact body or query, decoded result.

use client_tests::{Recorded, Reply, TestServer};
use line_channel_access_token::models::{
    ChannelAccessTokenKeyIdsResponse, IssueChannelAccessTokenResponse,
    IssueShortLivedChannelAccessTokenResponse, IssueStatelessChannelAccessTokenResponse,
    VerifyChannelAccessTokenResponse,
};

use super::{api, FORM, JSON, JWT_BEARER, JWT_BEARER_ENCODED};

/// A JWT-shaped assertion: dots, dashes and underscores pass through percent-encoding unchanged.
const JWT: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiIxMjM0In0.c2ln-_x";

fn assert_form_post(request: &Recorded, path: &str, body: &str) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, path);
    assert_eq!(request.query, None);
    assert_eq!(request.header("content-type"), Some(FORM));
    assert_eq!(request.header("content-length"), Some(body.len().to_string().as_str()));
    assert_eq!(request.body_text(), body);
}

fn assert_get(request: &Recorded, path: &str, query: &str) {
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, path);
    assert_eq!(request.query.as_deref(), Some(query));
    assert_eq!(request.header("content-type"), None);
    assert!(request.body.is_empty());
    assert_eq!(request.header("accept"), Some(JSON));
}

#[tokio::test]
async fn gets_all_valid_channel_access_token_key_ids_sends_the_jwt_in_the_query() {
    let server = TestServer::start(Reply::json(200, r#"{"kids":["U_gdnFYKTWRxxxxDVZexGg","8ro7ZgfeQ5ZEsz3bOB5hCw"]}"#)).await;
    let data = api(&server)
        .gets_all_valid_channel_access_token_key_ids(JWT_BEARER, JWT)
        .await
        .expect("call succeeds");
    assert_eq!(
        data,
        ChannelAccessTokenKeyIdsResponse::new(["U_gdnFYKTWRxxxxDVZexGg".to_string(), "8ro7ZgfeQ5ZEsz3bOB5hCw".to_string()])
    );
    assert_get(
        &server.single_request(),
        "/oauth2/v2.1/tokens/kid",
        &format!("client_assertion_type={JWT_BEARER_ENCODED}&client_assertion={JWT}"),
    );
}

#[tokio::test]
async fn required_query_parameters_are_sent_even_when_empty_and_are_percent_encoded() {
    let server = TestServer::start(Reply::json(200, r#"{"kids":[]}"#)).await;
    let data = api(&server)
        .gets_all_valid_channel_access_token_key_ids("", "a b&c=d+e/é")
        .await
        .expect("call succeeds");
    assert!(data.kids.is_empty());
    assert_get(
        &server.single_request(),
        "/oauth2/v2.1/tokens/kid",
        "client_assertion_type=&client_assertion=a+b%26c%3Dd%2Be%2F%C3%A9",
    );
}

#[tokio::test]
async fn issue_channel_token_posts_a_percent_encoded_form() {
    let server = TestServer::start(Reply::json(
        200,
        r#"{"access_token":"W1TeHCgfH2Liwa.....","expires_in":2592000,"token_type":"Bearer"}"#,
    ))
    .await;
    let data = api(&server)
        .issue_channel_token(Some("client_credentials"), Some("1234567890"), Some("s3cr&t=+/ é%"))
        .await
        .expect("call succeeds");
    assert_eq!(
        data,
        IssueShortLivedChannelAccessTokenResponse::new("W1TeHCgfH2Liwa.....", 2592000, "Bearer")
    );
    let request = server.single_request();
    assert_form_post(
        &request,
        "/v2/oauth/accessToken",
        "grant_type=client_credentials&client_id=1234567890&client_secret=s3cr%26t%3D%2B%2F+%C3%A9%25",
    );
    assert_eq!(request.header("accept"), Some(JSON));
}

#[tokio::test]
async fn absent_optional_form_fields_are_omitted_not_sent_empty() {
    let server = TestServer::start(Reply::json(
        200,
        r#"{"access_token":"t","expires_in":1,"token_type":"Bearer"}"#,
    ))
    .await;
    let api = api(&server);
    api.issue_channel_token(None, Some("1234567890"), None).await.expect("call succeeds");
    assert_form_post(&server.single_request(), "/v2/oauth/accessToken", "client_id=1234567890");

    server.clear();
    api.issue_channel_token(None, None, None).await.expect("call succeeds");
    // An empty form still says so: POST without Content-Length may be refused (411).
    assert_form_post(&server.single_request(), "/v2/oauth/accessToken", "");

    // Present but empty is not absent: it is sent, empty.
    server.clear();
    api.issue_channel_token(Some(""), None, None).await.expect("call succeeds");
    assert_form_post(&server.single_request(), "/v2/oauth/accessToken", "grant_type=");
}

#[tokio::test]
async fn issue_channel_token_by_jwt_posts_the_assertion() {
    let server = TestServer::start(Reply::json(
        200,
        r#"{"access_token":"eyJhbGciOiJIUz.....","expires_in":2592000,"token_type":"Bearer","key_id":"sDTOzw5wIfxxxxPEzcmeQA"}"#,
    ))
    .await;
    let data = api(&server)
        .issue_channel_token_by_jwt(Some("client_credentials"), Some(JWT_BEARER), Some(JWT))
        .await
        .expect("call succeeds");
    assert_eq!(
        data,
        IssueChannelAccessTokenResponse::new("eyJhbGciOiJIUz.....", 2592000, "Bearer", "sDTOzw5wIfxxxxPEzcmeQA")
    );
    let request = server.single_request();
    assert_form_post(
        &request,
        "/oauth2/v2.1/token",
        &format!("grant_type=client_credentials&client_assertion_type={JWT_BEARER_ENCODED}&client_assertion={JWT}"),
    );
    assert_eq!(request.header("accept"), Some(JSON));
}

#[tokio::test]
async fn issue_stateless_channel_token_with_a_jwt_assertion() {
    let server = TestServer::start(Reply::json(
        200,
        r#"{"token_type":"Bearer","access_token":"eyJhbGciOiJIUz.....","expires_in":899}"#,
    ))
    .await;
    let data = api(&server)
        .issue_stateless_channel_token(Some("client_credentials"), Some(JWT_BEARER), Some(JWT), None, None)
        .await
        .expect("call succeeds");
    assert_eq!(
        data,
        IssueStatelessChannelAccessTokenResponse::new("eyJhbGciOiJIUz.....", 899, "Bearer")
    );
    let request = server.single_request();
    assert_form_post(
        &request,
        "/oauth2/v3/token",
        &format!("grant_type=client_credentials&client_assertion_type={JWT_BEARER_ENCODED}&client_assertion={JWT}"),
    );
    assert_eq!(request.header("accept"), Some(JSON));
}

#[tokio::test]
async fn issue_stateless_channel_token_with_a_channel_secret() {
    let server = TestServer::start(Reply::json(
        200,
        r#"{"token_type":"Bearer","access_token":"t","expires_in":899}"#,
    ))
    .await;
    api(&server)
        .issue_stateless_channel_token(Some("client_credentials"), None, None, Some("1234567890"), Some("ab cd"))
        .await
        .expect("call succeeds");
    assert_form_post(
        &server.single_request(),
        "/oauth2/v3/token",
        "grant_type=client_credentials&client_id=1234567890&client_secret=ab+cd",
    );
}

#[tokio::test]
async fn optional_parameters_can_be_named_instead_of_counted() {
    let server = TestServer::start(Reply::json(
        200,
        r#"{"token_type":"Bearer","access_token":"t","expires_in":899}"#,
    ))
    .await;
    // The same call as above, naming only the fields of the channel-secret shape.
    let api = api(&server);
    let token = api
        .issue_stateless_channel_token_request()
        .grant_type("client_credentials")
        .client_id("1234567890")
        .client_secret("ab cd")
        .await
        .expect("call succeeds");
    assert_eq!(token.expires_in, 899);
    assert_form_post(
        &server.single_request(),
        "/oauth2/v3/token",
        "grant_type=client_credentials&client_id=1234567890&client_secret=ab+cd",
    );
}

#[tokio::test]
async fn revoke_channel_token_accepts_an_empty_200() {
    let server = TestServer::start(Reply::empty(200)).await;
    let () = api(&server)
        .revoke_channel_token(Some("W1TeHCgfH2Liwa....."))
        .await
        .expect("call succeeds");
    let request = server.single_request();
    assert_form_post(&request, "/v2/oauth/revoke", "access_token=W1TeHCgfH2Liwa.....");
    // The spec declares no response body, so no media type is asked for (reqwest's default stays).
    assert_eq!(request.header("accept"), Some("*/*"));
}

#[tokio::test]
async fn revoke_channel_token_by_jwt_accepts_an_empty_200() {
    let server = TestServer::start(Reply::empty(200)).await;
    let () = api(&server)
        .revoke_channel_token_by_jwt(Some("1234567890"), Some("s3cr3t"), Some("eyJhbGciOiJIUz....."))
        .await
        .expect("call succeeds");
    let request = server.single_request();
    assert_form_post(
        &request,
        "/oauth2/v2.1/revoke",
        "client_id=1234567890&client_secret=s3cr3t&access_token=eyJhbGciOiJIUz.....",
    );
    assert_eq!(request.header("accept"), Some("*/*"));
}

#[tokio::test]
async fn revoke_ignores_a_body_on_success() {
    // LINE documents an empty body, but a body (or a JSON content type) must not break the call.
    let server = TestServer::start(Reply::json(200, "{}")).await;
    api(&server).revoke_channel_token(Some("t")).await.expect("call succeeds");
}

#[tokio::test]
async fn verify_channel_token_decodes_an_expires_in_beyond_i32() {
    let server = TestServer::start(Reply::json(
        200,
        r#"{"client_id":"1350031035","expires_in":3138007490,"scope":"profile chat_message.write"}"#,
    ))
    .await;
    let data = api(&server)
        .verify_channel_token(Some("eyJhbGciOiJIUz....."))
        .await
        .expect("call succeeds");
    assert_eq!(
        data,
        VerifyChannelAccessTokenResponse::new("1350031035", 3138007490).scope("profile chat_message.write")
    );
    let request = server.single_request();
    assert_form_post(&request, "/v2/oauth/verify", "access_token=eyJhbGciOiJIUz.....");
    assert_eq!(request.header("accept"), Some(JSON));
}

#[tokio::test]
async fn verify_channel_token_by_jwt_sends_the_token_in_the_query() {
    let server = TestServer::start(Reply::json(
        200,
        r#"{"client_id":"1350031035","expires_in":3138007490}"#,
    ))
    .await;
    let data = api(&server)
        .verify_channel_token_by_jwt("eyJhbGciOiJIUz.....+/=")
        .await
        .expect("call succeeds");
    assert_eq!(
        data,
        VerifyChannelAccessTokenResponse::new("1350031035", 3138007490)
    );
    assert_get(
        &server.single_request(),
        "/oauth2/v2.1/verify",
        "access_token=eyJhbGciOiJIUz.....%2B%2F%3D",
    );
}

#[tokio::test]
async fn with_http_info_returns_status_headers_and_request_id() {
    let server = TestServer::start(
        Reply::json(200, r#"{"access_token":"t","expires_in":2592000,"token_type":"Bearer"}"#)
            .header("x-line-request-id", "0d2e0e2b-5b26-4d5c-8e4f-3f8a3c8d7e01")
            .header("x-extra", "yes"),
    )
    .await;
    let response = api(&server)
        .issue_channel_token_with_http_info(Some("client_credentials"), Some("1"), Some("s"))
        .await
        .expect("call succeeds");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.request_id(), Some("0d2e0e2b-5b26-4d5c-8e4f-3f8a3c8d7e01"));
    assert_eq!(response.headers.get("x-extra").map(|v| v.as_bytes()), Some(&b"yes"[..]));
    assert_eq!(response.headers.get("content-type").map(|v| v.as_bytes()), Some(JSON.as_bytes()));
    assert_eq!(response.data.expires_in, 2592000);
    assert_eq!(response.into_data().access_token, "t");
}

#[tokio::test]
async fn with_http_info_on_an_empty_response() {
    let server = TestServer::start(Reply::empty(200).header("x-line-request-id", "rid-revoke")).await;
    let response = api(&server)
        .revoke_channel_token_with_http_info(Some("t"))
        .await
        .expect("call succeeds");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.request_id(), Some("rid-revoke"));
    assert_eq!(response.data, ());
}

#[tokio::test]
async fn request_id_is_none_when_absent() {
    let server = TestServer::start(Reply::json(200, r#"{"client_id":"1","expires_in":1}"#)).await;
    let response = api(&server).verify_channel_token_by_jwt_with_http_info("t").await.expect("call succeeds");
    assert_eq!(response.request_id(), None);
}
