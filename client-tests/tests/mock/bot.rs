//! A small LINE bot on the `line_bot` crate, and its tests: each starts the crate's mock
//! server, says what LINE answers, runs the bot, and asserts on what LINE received, typed. No
//! trait, no hand-written double: the bot takes the crate's own `Client`.

use std::path::Path;

use line_bot::apis::messaging_api_api::{GetFollowersError, PushMessageError, ReplyMessageError};
use line_bot::apis::messaging_api_blob_api::GetMessageContentError;
use line_bot::mock::MockServer;
use line_bot::models::{GetFollowersResponse, PushMessageRequest, PushMessageResponse, ReplyMessageRequest, ReplyMessageResponse, SentMessage, TextMessage};
use line_bot::{Client, Error};

/// The bot under test: what it does with LINE, through the generated client.
pub struct Bot {
    client: Client,
}

impl Bot {
    pub fn new(client: Client) -> Self {
        Bot { client }
    }

    /// Echoes a text message back to its sender.
    pub async fn on_text(&self, reply_token: &str, text: &str) -> Result<(), Error<ReplyMessageError>> {
        let request = ReplyMessageRequest::new(reply_token, [TextMessage::new(format!("you said: {text}"))]);
        self.client.messaging_api_api().reply_message(&request).await?;
        Ok(())
    }

    /// Pushes an announcement under `retry_key`, so LINE accepts it once however often it is
    /// sent; returns the sent message's id.
    pub async fn announce(&self, user: &str, text: &str, retry_key: &str) -> Result<String, Error<PushMessageError>> {
        let request = PushMessageRequest::new(user, [TextMessage::new(text)]);
        let sent = self.client.messaging_api_api().push_message(&request, Some(retry_key)).await?;
        Ok(sent.sent_messages.first().map(|m| m.id.clone()).unwrap_or_default())
    }

    /// Saves the image a user sent to `path`, streamed; returns its size.
    pub async fn save_image(&self, message_id: &str, path: &Path) -> Result<u64, Box<dyn std::error::Error>> {
        let download = self.client.messaging_api_blob_api().get_message_content(message_id).stream().await?;
        let mut file = tokio::fs::File::create(path).await?;
        let mut data = download.data;
        Ok(tokio::io::copy(&mut data, &mut file).await?)
    }

    /// Every follower's id, two per page: the client walks the pages.
    pub async fn followers(&self) -> Result<Vec<String>, Error<GetFollowersError>> {
        self.client.messaging_api_api().get_followers(None, Some(2)).items().try_collect().await
    }
}

/// The bot's webhook: the receiver lives in the bot's own state (`#[derive(FromRef)]` lets the
/// extractor find it), and each text message is echoed.
pub mod webhook {
    use std::sync::Arc;

    use axum::extract::{FromRef, State};
    use axum::http::StatusCode;
    use axum::routing::post;
    use axum::Router;
    use line_webhook::models::{Event, MessageContent};
    use line_webhook::webhooks::{CallbackReceiver, Webhook};

    use super::Bot;

    #[derive(Clone, FromRef)]
    pub struct BotState {
        pub receiver: CallbackReceiver,
        pub bot: Arc<Bot>,
    }

    pub fn router(state: BotState) -> Router {
        Router::new().route("/callback", post(callback)).with_state(state)
    }

    async fn callback(State(bot): State<Arc<Bot>>, Webhook(delivery): Webhook<CallbackReceiver>) -> StatusCode {
        for event in delivery.events {
            if let Event::Message(m) = event {
                if let (Some(token), MessageContent::Text(text)) = (m.reply_token, m.message) {
                    if bot.on_text(&token, &text.text).await.is_err() {
                        return StatusCode::INTERNAL_SERVER_ERROR;
                    }
                }
            }
        }
        StatusCode::OK
    }
}

/// A signed delivery made from models goes through the bot's router; the reply reaches the mock.
#[tokio::test]
async fn a_signed_text_message_is_echoed_through_the_webhook() {
    use tower::ServiceExt as _;
    let mock = MockServer::start().await;
    mock.reply_message().once().respond(ReplyMessageResponse::new([SentMessage::new("m9")]));
    let app = webhook::router(webhook::BotState {
        receiver: line_webhook::webhooks::CallbackReceiver::new("channel-secret"),
        bot: std::sync::Arc::new(Bot::new(mock.client())),
    });
    let delivery: line_webhook::models::CallbackRequest = serde_json::from_value(serde_json::json!({"destination": "U0", "events": [{
        "type": "message", "mode": "active", "timestamp": 1, "webhookEventId": "01H", "deliveryContext": {"isRedelivery": false},
        "replyToken": "token-9", "message": {"type": "text", "id": "1", "quoteToken": "q", "text": "ping"}
    }]}))
    .unwrap();
    let request = line_webhook::webhooks::CallbackReceiver::test_delivery("channel-secret", &delivery).request::<axum::body::Body>("/callback");

    let response = app.clone().oneshot(request).await.unwrap();

    assert_eq!(response.status(), 200);
    let replies = mock.reply_message().received();
    assert_eq!(replies[0].reply_message_request.reply_token, "token-9");
    let forged = line_webhook::webhooks::CallbackReceiver::test_delivery("other-secret", &delivery).request::<axum::body::Body>("/callback");
    assert_eq!(app.oneshot(forged).await.unwrap().status(), 401);
}

#[tokio::test]
async fn the_bot_echoes_a_text_as_a_reply() {
    let mock = MockServer::start().await;
    mock.reply_message().once().respond(ReplyMessageResponse::new([SentMessage::new("m1")]));

    Bot::new(mock.client()).on_text("token-1", "hello").await.unwrap();

    let replies = mock.reply_message().received();
    assert_eq!(replies[0].reply_message_request.reply_token, "token-1");
    let text = serde_json::to_value(&replies[0].reply_message_request.messages[0]).unwrap();
    assert_eq!(text, serde_json::json!({"type": "text", "text": "you said: hello"}));
}

#[tokio::test]
async fn the_bot_pushes_with_its_retry_key_and_the_client_retries_a_5xx() {
    let mock = MockServer::start().await;
    mock.push_message().once().status(500).respond(PushMessageResponse::new([SentMessage::new("lost")]));
    mock.push_message().once().respond(PushMessageResponse::new([SentMessage::new("m2")]));
    let client = mock.client_builder().bearer_token("t").retry_policy(line_bot::RetryPolicy::default()).build().unwrap();

    let id = Bot::new(client).announce("U1", "sale!", "123e4567-e89b-12d3-a456-426614174000").await.unwrap();

    assert_eq!(id, "m2");
    let pushes = mock.push_message().received();
    assert_eq!(pushes.len(), 2, "the 500 was retried");
    assert!(pushes.iter().all(|p| p.x_line_retry_key.as_deref() == Some("123e4567-e89b-12d3-a456-426614174000")));
    assert_eq!(pushes[1].push_message_request.to, "U1");
}

#[tokio::test]
async fn the_bot_saves_an_image_streamed() {
    let mock = MockServer::start().await;
    let image: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    mock.get_message_content().when(|call| call.message_id == "M1").respond(image.clone());
    let path = std::env::temp_dir().join(format!("mock-bot-image-{}.bin", std::process::id()));

    let size = Bot::new(mock.client()).save_image("M1", &path).await.unwrap();

    assert_eq!(size, 200_000);
    assert_eq!(std::fs::read(&path).unwrap(), image);
    std::fs::remove_file(&path).unwrap();
}

#[tokio::test]
async fn the_bot_walks_every_page_of_followers() {
    let mock = MockServer::start().await;
    mock.get_followers().when(|call| call.start.is_none()).respond(GetFollowersResponse::new(["U1", "U2"]).set_next("p2"));
    mock.get_followers().when(|call| call.start.as_deref() == Some("p2")).respond(GetFollowersResponse::new(["U3"]));

    let ids = Bot::new(mock.client()).followers().await.unwrap();

    assert_eq!(ids, ["U1", "U2", "U3"]);
    let pages: Vec<_> = mock.get_followers().received().into_iter().map(|call| (call.start, call.limit)).collect();
    assert_eq!(pages, [(None, Some(2)), (Some("p2".to_string()), Some(2))]);
}

#[tokio::test]
async fn a_declared_error_reaches_the_bot_typed() {
    let mock = MockServer::start().await;
    mock.reply_message().respond_error(ReplyMessageError::Status400(line_bot::models::ErrorResponse::new("Invalid reply token")));

    let error = Bot::new(mock.client()).on_text("expired", "hi").await.unwrap_err();

    let Error::Status(e) = error else { panic!("not a status error: {error}") };
    assert_eq!(e.status, 400);
    assert_eq!(e.entity, Some(ReplyMessageError::Status400(line_bot::models::ErrorResponse::new("Invalid reply token"))));
}

#[tokio::test]
async fn a_missing_image_is_the_operation_s_error() {
    let mock = MockServer::start().await;
    mock.get_message_content().reply(line_bot::mock::Reply::status(404).text("no such content"));
    let path = std::env::temp_dir().join(format!("mock-bot-missing-{}.bin", std::process::id()));
    let error = Bot::new(mock.client()).save_image("gone", &path).await.unwrap_err();
    let error = error.downcast::<Error<GetMessageContentError>>().unwrap();
    assert!(matches!(*error, Error::Status(ref e) if e.status == 404), "{error}");
    assert!(!path.exists());
}
