use line_channel_access_token::apis::channel_access_token_api::IssueChannelTokenError;
use line_channel_access_token::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // One client per process: it is cheap to clone and can be shared across tasks.
    let client = Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .user_agent("my-line-bot/1.0")
        .build()?;
    let api = client.channel_access_token_api();

    let channel_id = std::env::var("LINE_CHANNEL_ID")?;
    let channel_secret = std::env::var("LINE_CHANNEL_SECRET")?;

    // Issue a short-lived token (valid 30 days), naming the optional form fields it needs.
    // `with_http_info` also returns the status and headers: log LINE's x-line-request-id,
    // which LINE support asks for.
    let issued = api
        .issue_channel_token_request()
        .grant_type("client_credentials")
        .client_id(&channel_id)
        .client_secret(&channel_secret)
        .with_http_info()
        .await;
    let token = match issued {
        Ok(response) => {
            println!("issued a token, x-line-request-id {:?}", response.request_id());
            response.into_data().access_token
        }
        // LINE answered with an error status; a 400 carries LINE's ErrorResponse, decoded.
        Err(Error::Status(e)) => {
            if let Some(IssueChannelTokenError::Status400(body)) = &e.entity {
                eprintln!("LINE refused: {:?}: {:?}", body.error, body.error_description);
            }
            eprintln!("HTTP {}, x-line-request-id {:?}, body {}", e.status, e.request_id(), e.body_text());
            return Err(Error::Status(e).into());
        }
        // No answer (refused, timed out) or an answer that does not match the spec.
        Err(other) => return Err(other.into()),
    };

    // Check the token and see how long it has left.
    let verified = api.verify_channel_token(Some(&token)).await?;
    println!(
        "token for channel {} expires in {} s (scope {:?})",
        verified.client_id, verified.expires_in, verified.scope
    );

    // Revoke it when done.
    api.revoke_channel_token(Some(&token)).await?;
    Ok(())
}
