//! Messages built with constructors, setters and `.into()`, as a bot writes them.

use client_tests::{Reply, TestServer};
use line_bot::models::{
    FlexBox, FlexBoxLayout, FlexBubble, FlexComponent, FlexButton, FlexButtonStyle, FlexMessage, FlexText, FlexTextWeight, PushMessageRequest,
    TextMessage, UriAction,
};

/// The bubble the README shows, built with the crate's constructors.
fn hello_bubble() -> FlexMessage {
    let bubble = FlexBubble::new().body(
        FlexBox::new(
            FlexBoxLayout::Vertical,
            [
                FlexComponent::from(FlexText::new().text("Hello, world").weight(FlexTextWeight::Bold).size("xl")),
                FlexButton::new(UriAction::new().label("Open").uri("https://example.com")).style(FlexButtonStyle::Primary).into(),
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
    let request = PushMessageRequest::new("U1", [hello_bubble()]);
    assert_eq!(request.notification_disabled, Some(false));
}

/// The three ways to write a list where one is taken (the forms that do not build are in
/// `client_tests::refused`, as `compile_fail` doc tests).
#[test]
fn lists_take_members_mixed_members_and_strs() {
    // A list of one kind of member: each becomes the union the list holds.
    let request = PushMessageRequest::new("U1", vec![TextMessage::new("one"), TextMessage::new("two")]);
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(body["messages"], serde_json::json!([{"type": "text", "text": "one"}, {"type": "text", "text": "two"}]));

    // Mixed members: the item type named once, `.into()` for the rest.
    let text = FlexText::new().text("hi");
    let button = FlexButton::new(UriAction::new().uri("https://example.com"));
    let flex_box = FlexBox::new(FlexBoxLayout::Vertical, vec![FlexComponent::from(text), button.into()]);
    let body = serde_json::to_value(&flex_box).unwrap();
    assert_eq!(body["contents"][0]["type"], "text");
    assert_eq!(body["contents"][1]["type"], "button");

    // A list of strings from `&str`s, and from `String`s.
    let request = PushMessageRequest::new("U1", [TextMessage::new("hi")]).custom_aggregation_units(vec!["promo", "autumn"]);
    assert_eq!(request.custom_aggregation_units, Some(vec!["promo".to_string(), "autumn".to_string()]));
    let units: Vec<String> = vec!["promo".into()];
    let request = request.custom_aggregation_units(units);
    assert_eq!(request.custom_aggregation_units, Some(vec!["promo".to_string()]));

    // The list itself, as decoded from a response or built elsewhere, is taken as it is.
    let messages: Vec<line_bot::models::Message> = vec![TextMessage::new("kept").into()];
    let request = PushMessageRequest::new("U1", messages.clone());
    assert_eq!(request.messages, messages);
}

/// Enum values are typed; a value newer than the crate is sent through `from_wire`, and a known
/// one given there is the variant.
#[test]
fn enum_values_are_variants_and_newer_ones_go_through_from_wire() {
    assert_eq!(FlexBoxLayout::from_wire("vertical"), FlexBoxLayout::Vertical);
    let newer = FlexBoxLayout::from_wire("diagonal");
    assert_eq!(newer, FlexBoxLayout::Unknown("diagonal".into()));
    let flex_box = FlexBox::new(newer, [FlexText::new().text("hi")]);
    assert_eq!(serde_json::to_value(&flex_box).unwrap()["layout"], "diagonal");
    let back: FlexBox = serde_json::from_value(serde_json::json!({"type": "box", "layout": "baseline", "contents": []})).unwrap();
    assert_eq!(back.layout, FlexBoxLayout::Baseline);
}

#[tokio::test]
async fn a_push_carries_the_message_and_a_per_call_header() {
    let server = TestServer::start(Reply::json(200, r#"{"sentMessages":[{"id":"461230966842064897"}]}"#)).await;
    let api = super::client(&server).messaging_api_api();
    let request = PushMessageRequest::new("U4af4980629", [hello_bubble()]);
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

/// What serde's derive would make of `FlexBox`'s shape: the models' hand-written serde impls
/// must decode and encode exactly like it.
#[derive(serde::Deserialize, serde::Serialize, Debug)]
#[serde(tag = "type", rename = "box")]
struct DerivedBox {
    layout: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    flex: Option<i64>,
    contents: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    spacing: Option<String>,
}

#[test]
fn hand_written_serde_of_models_behaves_as_the_derive() {
    let cases = [
        r#"{"type":"box","layout":"vertical","contents":[]}"#,
        r#"{"layout":"vertical","contents":[]}"#,
        r#"{"type":"carousel","layout":"vertical","contents":[]}"#,
        r#"{"type":"box","layout":"vertical","contents":[],"spacing":null,"flex":null}"#,
        r#"{"type":"box","layout":"vertical","contents":[],"spacing":"md","flex":2,"unknown":{"a":[1,2]}}"#,
        r#"{"type":"box","contents":[]}"#,
        r#"{"type":"box","layout":"vertical"}"#,
        r#"{"type":"box","layout":"vertical","contents":[],"flex":1,"flex":2}"#,
        r#"{"type":"box","layout":"vertical","contents":[],"flex":"2"}"#,
        r#"{"type":"box","layout":"vertical","contents":{}}"#,
        r#"{"type":"box","layout":"vertical","contents":[],"spacing":"md""#,
        r#"{"type":"box","lay\u006fut":"vertical","contents":[]}"#,
        r#""box""#,
        "null",
    ];
    for json in cases {
        let ours = serde_json::from_str::<FlexBox>(json);
        let derived = serde_json::from_str::<DerivedBox>(json);
        match (&ours, &derived) {
            (Ok(ours), Ok(derived)) => {
                // Encoded again, both write the same JSON, key for key and in the same order.
                assert_eq!(serde_json::to_string(ours).unwrap(), serde_json::to_string(derived).unwrap(), "{json}");
            }
            (Err(ours), Err(derived)) => {
                assert_eq!(ours.to_string().replace("FlexBox", "DerivedBox"), derived.to_string(), "{json}");
            }
            _ => panic!("{json}: ours {ours:?}, derived {derived:?}"),
        }
        // Decoding from a `serde_json::Value` (as unions do) agrees with the derive too.
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(json) {
            let ours = serde_json::from_value::<FlexBox>(value.clone()).map_err(|e| e.to_string().replace("FlexBox", "DerivedBox"));
            let derived = serde_json::from_value::<DerivedBox>(value).map_err(|e| e.to_string());
            assert_eq!(ours.is_ok(), derived.is_ok(), "{json}");
            if let (Err(ours), Err(derived)) = (ours, derived) {
                assert_eq!(ours, derived, "{json}");
            }
        }
    }
}
