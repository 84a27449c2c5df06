//! Live tests of a LINE bot crate (`line-bot/`, generated from `line-bot.yml`, our test subset
//! of the Messaging API and webhook) against loopback servers: building messages, per-call
//! options, bodiless POSTs, servers, streaming, retries, faults and lenient webhook decoding.

mod credentials;
mod current;
mod faults;
mod flex;
mod retry;
mod transfer;
mod webhook;

use client_tests::TestServer;
use line_bot::Client;

/// A client whose every server is `server` (only the base URL is set).
fn client(server: &TestServer) -> Client {
    Client::builder().base_url(server.url()).bearer_token("test-token").build().expect("client builds")
}
