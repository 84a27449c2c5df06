//! Messages built with constructors, setters and `.into()`, as a bot writes them.

use client_tests::{Reply, TestServer};
use line_bot::models::{FlexBox, FlexBubble, FlexButton, FlexMessage, FlexText, PushMessageRequest, UriAction};

/// The bubble the README shows, built with the crate's constructors.
fn hello_bubble() -> FlexMessage {
    let bubble = FlexBubble::new().body(
        FlexBox::new(
            "vertical",
            [
                FlexText::new().text("Hello, world").weight("bold").size("xl").into(),
                FlexButton::new(UriAction::new().label("Open").uri("https://example.com")).style("primary").into(),
            ],
        )
        .spacing("md"),
    );
    FlexMessage::new("Hello", bubble)
}

/// The same message, written by hand from LINE's flex message reference.
fn hello_json() -> serde_json::Value {
    serde_json::json!({
        "type": "flex",
        "altText": "Hello",
        "contents": {
            "type": "bubble",
            "body": {
                "type": "box",
                "layout": "vertical",
                "spacing": "md",
                "contents": [
                    {"type": "text", "text": "Hello, world", "weight": "bold", "size": "xl"},
                    {"type": "button", "style": "primary", "action": {"type": "uri", "label": "Open", "uri": "https://example.com"}}
                ]
            }
        }
    })
}

#[test]
fn a_flex_message_built_with_constructors_is_the_json_from_the_spec() {
    let message: line_bot::models::Message = hello_bubble().into();
    assert_eq!(serde_json::to_value(&message).unwrap(), hello_json());
    // And it reads back as the same value.
    let back: line_bot::models::Message = serde_json::from_value(hello_json()).unwrap();
    assert_eq!(back, message);
}

#[test]
fn spec_defaults_are_filled_in_by_new_and_default() {
    let item = line_bot::models::QuickReplyItem::default();
    assert_eq!(serde_json::to_value(&item).unwrap(), serde_json::json!({"type": "action"}));
    let request = PushMessageRequest::new("U1", [hello_bubble().into()]);
    assert_eq!(request.notification_disabled, Some(false));
}

#[tokio::test]
async fn a_push_carries_the_message_and_a_per_call_header() {
    let server = TestServer::start(Reply::json(200, r#"{"sentMessages":[{"id":"461230966842064897"}]}"#)).await;
    let api = super::client(&server).messaging_api_api();
    let request = PushMessageRequest::new("U4af4980629", [hello_bubble().into()]);
    let response = api.push_message(&request, None).header("X-Test-Run", "flex-1").await.unwrap();
    assert_eq!(response.sent_messages[0].id, "461230966842064897");

    let recorded = server.single_request();
    assert_eq!(recorded.method, "POST");
    assert_eq!(recorded.path, "/v2/bot/message/push");
    assert_eq!(recorded.header("x-test-run"), Some("flex-1"));
    assert_eq!(recorded.header("authorization"), Some("Bearer test-token"));
    let body: serde_json::Value = serde_json::from_slice(&recorded.body).unwrap();
    assert_eq!(body["messages"][0], hello_json());
    assert_eq!(body["to"], "U4af4980629");
}

#[tokio::test]
async fn a_per_call_timeout_applies_to_that_call_only() {
    let server = TestServer::start(Reply::json(200, r#"{"displayName":"A","userId":"U1"}"#).delayed(std::time::Duration::from_millis(300))).await;
    let api = super::client(&server).messaging_api_api();
    let err = api.get_profile("U1").timeout(std::time::Duration::from_millis(50)).await.unwrap_err();
    assert!(matches!(&err, line_bot::Error::Transport(e) if e.is_timeout()), "{err}");
    let profile = api.get_profile("U1").await.unwrap();
    assert_eq!(profile.display_name, "A");
}
