use line_bot::models::{FlexBox, FlexBubble, FlexButton, FlexMessage, FlexText, PushMessageRequest, UriAction};
use line_bot::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder().bearer_token(std::env::var("LINE_CHANNEL_TOKEN")?).build()?;

    // A flex bubble: constructors take the required fields, setters the optional ones, and
    // `.into()` turns each component into a `FlexComponent`.
    let bubble = FlexBubble::new().body(
        FlexBox::new("vertical", [
            FlexText::new().text("Hello, world").weight("bold").size("xl").into(),
            FlexButton::new(UriAction::new().label("Open").uri("https://example.com")).style("primary").into(),
        ])
        .spacing("md"),
    );
    let request = PushMessageRequest::new("U4af4980629", [FlexMessage::new("Hello", bubble).into()]);

    // Pushes may be retried safely: the client sends one retry key with every attempt.
    let sent = client.messaging_api_api().push_message(&request, None).await?;
    println!("sent {:?}", sent.sent_messages.first().map(|m| &m.id));
    Ok(())
}
