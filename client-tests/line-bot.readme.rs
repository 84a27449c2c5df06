use line_bot::models::{
    FlexBox, FlexBoxLayout, FlexBubble, FlexComponent, FlexButton, FlexButtonStyle, FlexMessage, FlexText, FlexTextWeight, PushMessageRequest,
    UriAction,
};
use line_bot::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder().bearer_token(std::env::var("LINE_CHANNEL_TOKEN")?).build()?;

    // A flex bubble: constructors take the required fields, setters the optional ones, and
    // enum values are typed (`FlexBoxLayout::Vertical`). A list of mixed components names
    // its item type once (`FlexComponent::from`); `.into()` converts the others.
    let bubble = FlexBubble::new().body(
        FlexBox::new(FlexBoxLayout::Vertical, [
            FlexComponent::from(FlexText::new().text("Hello, world").weight(FlexTextWeight::Bold).size("xl")),
            FlexButton::new(UriAction::new().label("Open").uri("https://example.com")).style(FlexButtonStyle::Primary).into(),
        ])
        .spacing("md"),
    );
    // A list of one kind of member needs no conversion: each becomes a `Message`.
    let request = PushMessageRequest::new("U4af4980629", [FlexMessage::new("Hello", bubble)]);

    // Pushes may be retried safely: the client sends one retry key with every attempt.
    let sent = client.messaging_api_api().push_message(&request, None).await?;
    println!("sent {:?}", sent.sent_messages.first().map(|m| &m.id));
    Ok(())
}
