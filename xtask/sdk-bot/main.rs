//! A bot built on three crates of the LINE SDK (messaging, webhook, channel access token) that
//! share one runtime crate: one HTTP connection pool for every client, one token cache fed by
//! the channel-access-token crate for the messaging clients, and the errors of both client
//! crates handled in one `match` on the runtime's `Error`. It runs against the crates' mock
//! servers, so it needs no LINE account; it exits with an error if anything is not as expected.

use std::sync::Arc;
use std::time::Duration;

use line_bot_sdk_runtime::{AccessToken, Error, TokenCache};
use line_channel_access_token::apis::channel_access_token_api::IssueChannelTokenError;
use line_messaging_api::apis::messaging_api_api::PushMessageError;
use line_webhook::models::{CallbackRequest, Event};
use line_webhook::webhooks::CallbackReceiver;

/// What went wrong in LINE's answer, whichever crate's call it was.
#[derive(Debug)]
enum LineFailure {
    Token(IssueChannelTokenError),
    Push(PushMessageError),
}

/// One `match` for the errors of every crate of the SDK.
fn describe(e: &Error<LineFailure>) -> String {
    match e {
        Error::Transport(t) => format!("no answer ({:?})", t.kind()),
        Error::Status(r) => match &r.entity {
            Some(LineFailure::Token(IssueChannelTokenError::Status400(body))) => {
                format!("token refused ({}): {}", r.status.as_u16(), body.error.as_deref().unwrap_or("?"))
            }
            Some(LineFailure::Push(PushMessageError::Status429(body))) => {
                format!("push throttled ({}): {}", r.status.as_u16(), body.message)
            }
            Some(other) => format!("LINE said {}: {other:?}", r.status.as_u16()),
            None => format!("LINE said {}: {}", r.status.as_u16(), r.body_text()),
        },
        Error::Decode(d) => format!("unreadable answer: {d}"),
        other => format!("{other}"),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = "channel-secret";
    // A delivery as LINE sends it, signed, checked and decoded by the webhook crate.
    let event: Event = serde_json::from_value(serde_json::json!({
        "type": "follow", "mode": "active", "timestamp": 1, "webhookEventId": "01H", "replyToken": "r",
        "deliveryContext": {"isRedelivery": false}, "source": {"type": "user", "userId": "U4af4980629"},
        "follow": {"isUnblocked": false}
    }))?;
    let delivery = CallbackReceiver::test_delivery(secret, &CallbackRequest::new("U0", [event]));
    let received = CallbackReceiver::new(secret).verify_and_parse(&delivery.headers, &delivery.body)?;
    let user = match received.events.first().map(serde_json::to_value).transpose()? {
        Some(v) => v["source"]["userId"].as_str().unwrap_or_default().to_string(),
        None => return Err("the delivery has no event".into()),
    };

    let token_api = line_channel_access_token::mock::MockServer::start().await;
    token_api.issue_channel_token().once().respond(
        line_channel_access_token::models::IssueShortLivedChannelAccessTokenResponse::new("issued-1", 2_592_000, "Bearer"),
    );
    token_api.issue_channel_token().once().respond_error(IssueChannelTokenError::Status400(
        line_channel_access_token::models::ErrorResponse::new().error("invalid_client"),
    ));
    let messaging_api = line_messaging_api::mock::MockServer::start().await;
    messaging_api.get_bot_info().times(2).respond(line_messaging_api::models::BotInfoResponse::new(
        "U0",
        "@bot",
        "Bot",
        line_messaging_api::models::BotInfoResponseChatMode::Bot,
        line_messaging_api::models::BotInfoResponseMarkAsReadMode::Auto,
    ));
    messaging_api.push_message().once().respond_error(PushMessageError::Status429(
        line_messaging_api::models::ErrorResponse::new("The monthly limit was reached"),
    ));

    // Every client sends through one connection pool.
    let http = reqwest::Client::new();
    let tokens = token_api.client_builder().http_client(http.clone()).build()?;
    // One token for both messaging clients, issued by the channel-access-token crate's client.
    let issuer = tokens.clone();
    let cache = Arc::new(TokenCache::new(move || {
        let issuer = issuer.clone();
        async move {
            let issued = issuer.channel_access_token_api().issue_channel_token("client_credentials", "id", "secret").await?;
            Ok(AccessToken::new(issued.access_token).expires_in(Duration::from_secs(issued.expires_in.unsigned_abs().into())))
        }
    }));
    let messaging = messaging_api.client_builder().http_client(http.clone()).bearer_token_shared(cache.clone()).build()?;
    let other = messaging_api.client_builder().http_client(http).bearer_token_shared(cache).build()?;
    messaging.messaging_api_api().get_bot_info().await?;
    other.messaging_api_api().get_bot_info().await?;

    let mut failures: Vec<Error<LineFailure>> = Vec::new();
    if let Err(e) = tokens.channel_access_token_api().issue_channel_token("client_credentials", "id", "secret").await {
        failures.push(e.map_entity(LineFailure::Token));
    }
    let push = line_messaging_api::models::PushMessageRequest::new(
        user.clone(),
        [line_messaging_api::models::TextMessage::new("Thanks for following!")],
    );
    if let Err(e) = messaging.messaging_api_api().push_message(&push, None).await {
        failures.push(e.map_entity(LineFailure::Push));
    }
    let lines: Vec<String> = failures.iter().map(describe).collect();
    for line in &lines {
        println!("{line}");
    }
    let expected = [
        "token refused (400): invalid_client".to_string(),
        "push throttled (429): The monthly limit was reached".to_string(),
    ];
    if lines != expected {
        return Err(format!("expected {expected:?}, got {lines:?}").into());
    }
    let sent = messaging_api.received();
    let pushed: Vec<_> = sent.iter().filter(|r| r.path == "/v2/bot/message/push").collect();
    if pushed.len() != 1 || !String::from_utf8_lossy(&pushed[0].body).contains(&user) {
        return Err(format!("the push did not go to {user}: {sent:?}").into());
    }
    let bearer: Vec<_> = sent.iter().map(|r| r.headers.get("authorization").and_then(|v| v.to_str().ok())).collect();
    if sent.len() != 3 || bearer.iter().any(|b| *b != Some("Bearer issued-1")) {
        return Err(format!("every call should carry the one shared token: {bearer:?}").into());
    }
    println!("one token issued for two clients: {}", token_api.received().len() == 2);
    println!("ok: {user} followed; both crates' errors handled in one match");
    Ok(())
}
