//! A webhook delivery where one event does not match its schema: the others still decode.

use line_bot::models::{CallbackRequest, Event};

#[test]
fn one_malformed_event_does_not_fail_the_delivery() {
    let body = serde_json::json!({
        "destination": "Uxxxxxxxxxxxxxx",
        "events": [
            {
                "type": "follow", "mode": "active", "timestamp": 1462629479859i64,
                "source": {"type": "user", "userId": "U4af4980629"},
                "webhookEventId": "01FZ74A0TDDPYRVKNK77XKC3ZR",
                "deliveryContext": {"isRedelivery": false},
                "replyToken": "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA"
            },
            {
                // A known type from an older payload: no webhookEventId, no deliveryContext.
                "type": "message", "mode": "active", "timestamp": 1462629479859i64,
                "replyToken": "b60d1a1c", "message": {"type": "text", "id": "444573844083572737", "text": "Hi"}
            },
            {
                "type": "unfollow", "mode": "active", "timestamp": 1462629479860i64,
                "webhookEventId": "01FZ74A0TDDPYRVKNK77XKC3ZS",
                "deliveryContext": {"isRedelivery": true}
            },
            {"type": "membered", "timestamp": 1}
        ]
    });
    let callback: CallbackRequest = serde_json::from_value(body.clone()).expect("the delivery decodes");
    assert_eq!(callback.events.len(), 4);
    match &callback.events[0] {
        Event::Follow(follow) => assert_eq!(follow.reply_token, "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA"),
        other => panic!("expected a follow event, got {other:?}"),
    }
    match &callback.events[1] {
        Event::Malformed(bad) => {
            assert_eq!(bad.value, body["events"][1], "kept as received");
            assert!(bad.error.contains("webhookEventId"), "{}", bad.error);
        }
        other => panic!("expected the malformed message event, got {other:?}"),
    }
    assert!(matches!(&callback.events[2], Event::Unfollow(u) if u.delivery_context.is_redelivery));
    // An unknown type is told apart from a known one with a bad body.
    assert!(matches!(&callback.events[3], Event::Unknown(v) if v["type"] == "membered"));
    // Written back, every event is what was received.
    assert_eq!(serde_json::to_value(&callback).unwrap()["events"][1], body["events"][1]);
}
