//! Live tests of the generated `line_channel_access_token` client against the loopback server
//! in `client_tests` (src/lib.rs): what goes on the wire, what comes back, and what never leaks.

mod config;
mod errors;
mod operations;
mod secrets;

use client_tests::TestServer;
use line_channel_access_token::apis::ChannelAccessTokenApi;
use line_channel_access_token::Client;

/// The operations of a client pointed at `server`.
fn api(server: &TestServer) -> ChannelAccessTokenApi {
    Client::builder()
        .base_url(server.url())
        .build()
        .expect("client builds")
        .channel_access_token_api()
}

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const JWT_BEARER_ENCODED: &str = "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer";
