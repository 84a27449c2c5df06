//! The mock kit itself, over real HTTP on 127.0.0.1 through the generated clients. Every test
//! bounds its own time.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use line_bot::mock::{MockServer, Reply};
use line_bot::models::UserProfileResponse;
use line_bot::{Error, RetryPolicy, TransportErrorKind};

/// The panic message of `f`, which must panic.
fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("it panics");
    payload.downcast_ref::<String>().cloned().or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
}

async fn bounded<T>(call: impl std::future::IntoFuture<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), call.into_future()).await.expect("the call finishes within 20 s")
}

fn profile(id: &str) -> UserProfileResponse {
    UserProfileResponse::new("Brown", id)
}

#[tokio::test]
async fn an_unmatched_request_is_answered_404_and_fails_verification_naming_it() {
    let mock = MockServer::start().await;
    mock.get_profile().when(|call| call.user_id == "U1").respond(profile("U1"));
    let client = mock.client();

    let error = bounded(client.messaging_api_api().get_profile("U2")).await.unwrap_err();
    let Error::Status(e) = &error else { panic!("{error}") };
    assert_eq!(e.status, 404);
    assert_eq!(String::from_utf8_lossy(&e.body), "mock server: no expectation matches GET /v2/bot/profile/U2 (operation `get_profile`)");
    let stray = bounded(reqwest::Client::new().get(format!("{}/v2/nothing/here", mock.url())).send()).await.unwrap();
    assert_eq!(stray.status(), 404);
    assert_eq!(stray.text().await.unwrap(), "mock server: GET /v2/nothing/here is no operation of the spec");

    let report = panic_message(|| mock.verify());
    assert!(report.starts_with("mock server: 2 problems\n"), "{report}");
    for line in [
        "  - no expectation matches GET /v2/bot/profile/U2 (operation `get_profile`)",
        "  - GET /v2/nothing/here is no operation of the spec",
        "expected:\n  #1 `get_profile` (when its predicate holds): any number of calls, answered with 200 with 37 body bytes (met 0 times)",
        "received:\n  1. GET /v2/bot/profile/U2 → `get_profile`, unmatched\n  2. GET /v2/nothing/here → no operation, unmatched",
    ] {
        assert!(report.contains(line), "the report lacks {line:?}:\n{report}");
    }
    // The report never shows the credential the client sent.
    assert!(!report.contains("mock-credential"));
    assert!(!format!("{:?}", mock.received()).contains("mock-credential"));
    mock.reset();
}

#[tokio::test]
async fn an_expectation_s_count_is_enforced_when_verified_and_when_dropped() {
    let mock = MockServer::start().await;
    let expected = mock.leave_group().times(2).respond(());
    let api = mock.client().messaging_api_api();
    bounded(api.leave_group("G1")).await.unwrap();
    let report = panic_message(|| mock.verify());
    assert!(report.contains("expectation #1 was met once; it wants exactly 2 calls"), "{report}");
    bounded(api.leave_group("G2")).await.unwrap();
    mock.verify();
    // A third call is still answered by it (nothing else matches) and reported as one too many.
    bounded(api.leave_group("G3")).await.unwrap();
    assert_eq!(expected.hits(), 3);
    let groups: Vec<String> = mock.leave_group().received().into_iter().map(|call| call.group_id).collect();
    assert_eq!(groups, ["G1", "G2", "G3"]);
    // Dropping the server verifies it.
    let report = panic_message(move || drop(mock));
    assert!(report.contains("expectation #1 was met 3 times; it wants exactly 2 calls"), "{report}");
}

#[tokio::test]
async fn a_met_expectation_lets_the_next_one_answer() {
    let mock = MockServer::start().await;
    mock.get_profile().once().reply(Reply::status(503).text("slow down"));
    mock.get_profile().respond(profile("U1"));
    let api = mock.client().messaging_api_api();
    assert!(bounded(api.get_profile("U1")).await.is_err());
    assert_eq!(bounded(api.get_profile("U1")).await.unwrap(), profile("U1"));
    assert_eq!(bounded(api.get_profile("U1")).await.unwrap(), profile("U1"));
}

#[tokio::test]
async fn a_declared_error_decodes_into_the_operation_s_error_enum() {
    use line_channel_access_token::apis::channel_access_token_api::IssueChannelTokenError;
    use line_channel_access_token::models::ErrorResponse;
    let mock = line_channel_access_token::mock::MockServer::start().await;
    let declared = IssueChannelTokenError::Status400(ErrorResponse::new().error("invalid_client").error_description("bad secret"));
    mock.issue_channel_token().respond_error(declared.clone());
    let error = bounded(mock.client().channel_access_token_api().issue_channel_token(Some("client_credentials"), Some("1"), Some("s"))).await.unwrap_err();
    let line_channel_access_token::Error::Status(e) = error else { panic!("not a status error") };
    assert_eq!(e.status, 400);
    assert_eq!(e.entity, Some(declared));
}

#[tokio::test]
async fn a_dropped_connection_is_retried_and_fails_without_a_retry_policy() {
    let mock = MockServer::start().await;
    mock.get_profile().once().reply(Reply::drop_connection());
    mock.get_profile().respond(profile("U1"));
    let retrying = mock.client_builder().bearer_token("t").retry_policy(RetryPolicy::new(2).initial_backoff(Duration::from_millis(10))).build().unwrap();
    assert_eq!(bounded(retrying.messaging_api_api().get_profile("U1")).await.unwrap(), profile("U1"));
    assert_eq!(mock.get_profile().received().len(), 2);

    mock.reset();
    mock.get_profile().reply(Reply::drop_connection());
    let error = bounded(mock.client().messaging_api_api().get_profile("U1")).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(t) if matches!(t.kind(), TransportErrorKind::Io | TransportErrorKind::Connect)), "{error:?}");
    assert_eq!(mock.get_profile().received().len(), 1, "sent once: no retry policy");
}

#[tokio::test]
async fn a_delay_longer_than_the_timeout_times_the_call_out() {
    let mock = MockServer::start().await;
    mock.get_profile().delay(Duration::from_secs(3)).respond(profile("U1"));
    let started = std::time::Instant::now();
    let error = bounded(mock.client().messaging_api_api().get_profile("U1").timeout(Duration::from_millis(200))).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(t) if t.kind() == TransportErrorKind::Timeout), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "the call waited for the answer");
}

#[tokio::test]
async fn a_streamed_download_of_several_megabytes_comes_through() {
    let mock = MockServer::start().await;
    let chunks: Vec<Vec<u8>> = (0..80u8).map(|i| vec![i; 64 * 1024]).collect();
    let whole: Vec<u8> = chunks.concat();
    mock.get_message_content().reply(Reply::status(200).header("content-type", "image/jpeg").stream(chunks, Duration::from_millis(1)));
    let client = mock.client();
    let download = bounded(client.messaging_api_blob_api().get_message_content("M1").stream()).await.unwrap();
    let mut data = download.data;
    let mut got = Vec::new();
    bounded(tokio::io::AsyncReadExt::read_to_end(&mut data, &mut got)).await.unwrap();
    assert_eq!(got.len(), 80 * 64 * 1024);
    assert!(got == whole, "the bytes differ");
    // Awaited whole, too.
    let whole_again = bounded(client.messaging_api_blob_api().get_message_content("M1")).await.unwrap();
    assert_eq!(whole_again.len(), whole.len());
}

#[tokio::test]
async fn form_multipart_and_binary_bodies_read_back_typed() {
    // A form body (the channel-access-token crate).
    let tokens = line_channel_access_token::mock::MockServer::start().await;
    tokens
        .issue_channel_token()
        .respond(line_channel_access_token::models::IssueShortLivedChannelAccessTokenResponse::new("tok", 2_592_000, "Bearer"));
    let issued = bounded(tokens.client().channel_access_token_api().issue_channel_token(Some("client_credentials"), Some("16"), Some("s3cr3t"))).await.unwrap();
    assert_eq!(issued.expires_in, 2_592_000);
    let forms = tokens.issue_channel_token().received();
    assert_eq!(forms[0].grant_type.as_deref(), Some("client_credentials"));
    assert_eq!(forms[0].client_id.as_deref(), Some("16"));
    assert_eq!(forms[0].client_secret.as_deref(), Some("s3cr3t"));
    assert!(!format!("{:?}", forms[0]).contains("s3cr3t"), "the typed request hides the secret: {:?}", forms[0]);

    // A multipart body with a file part and text parts, and a binary body (the bot's crate).
    let mock = MockServer::start().await;
    mock.create_audience_for_uploading_user_ids()
        .respond(line_bot::models::CreateAudienceGroupResponse::new().audience_group_id(4_000_000_000_i64));
    mock.set_rich_menu_image().respond(());
    let blob = mock.client().messaging_api_blob_api();
    let created = bounded(blob.create_audience_for_uploading_user_ids(b"U1\nU2\n".to_vec(), Some("spring sale"), Some(false), None)).await.unwrap();
    assert_eq!(created.audience_group_id, Some(4_000_000_000));
    let image = vec![0x89, b'P', b'N', b'G', 0, 255];
    bounded(blob.set_rich_menu_image("R1", "image/png", image.clone())).await.unwrap();

    let uploads = mock.create_audience_for_uploading_user_ids().received();
    assert_eq!(uploads[0].file, b"U1\nU2\n");
    assert_eq!(uploads[0].description.as_deref(), Some("spring sale"));
    assert_eq!(uploads[0].is_ifa_audience, Some(false));
    assert_eq!(uploads[0].upload_description, None);
    let raw = mock.create_audience_for_uploading_user_ids().received_requests();
    let parts = raw[0].multipart().unwrap();
    assert_eq!(parts.iter().find(|p| p.name == "file").and_then(|p| p.content_type.as_deref()), Some("text/plain"));
    let images = mock.set_rich_menu_image().received();
    assert_eq!((images[0].rich_menu_id.as_str(), images[0].content_type.as_str(), &images[0].body), ("R1", "image/png", &image));
    // The recorded request kept the credential, hidden from Debug.
    assert_eq!(raw[0].headers.get("authorization").unwrap(), "Bearer mock-credential");
}

#[tokio::test]
async fn each_server_of_the_spec_is_its_own_prefix_and_a_base_url_alone_works_too() {
    let mock = MockServer::start().await;
    mock.get_profile().respond(profile("U1"));
    mock.get_message_content().respond(b"img".to_vec());
    // A client built with the base URL alone sends every server's operations to the mock's root.
    let plain = line_bot::Client::builder().base_url(mock.url()).bearer_token("t").build().unwrap();
    assert_eq!(bounded(plain.messaging_api_api().get_profile("U1")).await.unwrap().user_id, "U1");
    assert_eq!(bounded(plain.messaging_api_blob_api().get_message_content("M")).await.unwrap(), b"img");
    // The mock's own client keeps LINE's api and api-data hosts apart.
    let client = mock.client();
    assert_eq!(bounded(client.messaging_api_blob_api().get_message_content("M")).await.unwrap(), b"img");
    let paths: Vec<String> = mock.received().into_iter().map(|r| format!("{} {}", r.operation.unwrap_or("-"), r.path)).collect();
    assert_eq!(
        paths,
        ["get_profile /v2/bot/profile/U1", "get_message_content /v2/bot/message/M/content", "get_message_content /v2/bot/message/M/content"]
    );
}
