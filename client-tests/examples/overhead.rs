//! Per-request overhead of the generated client against a hand-written reqwest call of the
//! same request, both talking to the loopback server in `client_tests`.
//!
//! Run it in release: `cargo run --release -p client-tests --example overhead [CALLS] [ROUNDS]`.
//! Calls are sequential and interleaved in rounds (which side goes first alternates), so drift
//! in the machine's load hits both sides alike; it prints the median and p90 of every call's
//! latency and the ratio of the medians.

use std::time::{Duration, Instant};

use client_tests::{Reply, TestServer};
use line_channel_access_token::models::VerifyChannelAccessTokenResponse;
use line_channel_access_token::Client;

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl";
const BODY: &str = r#"{"client_id":"1350031035","expires_in":3138007490,"scope":"profile chat_message.write"}"#;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let calls: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(2000);
    let rounds: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(10).max(1);
    let per_round = (calls / rounds).max(1);

    let server = TestServer::start(Reply::json(200, BODY).header("x-line-request-id", "bench")).await;
    let generated = Client::builder().base_url(server.url()).build()?.channel_access_token_api();
    let http = reqwest::Client::builder().build()?;
    let url = format!("{}/oauth2/v2.1/verify", server.url());

    let generated_call = || async {
        let data = generated.verify_channel_token_by_jwt(TOKEN).await?;
        Ok::<_, Box<dyn std::error::Error>>(data)
    };
    let hand_call = || async {
        let response = http
            .get(&url)
            .query(&[("access_token", TOKEN)])
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        let data: VerifyChannelAccessTokenResponse = serde_json::from_slice(&body)?;
        Ok::<_, Box<dyn std::error::Error>>(data)
    };

    // Warm up both connection pools and caches; check both decode the same thing.
    for _ in 0..200 {
        let (a, b) = (generated_call().await?, hand_call().await?);
        assert_eq!(a, b);
    }

    let mut generated_times = Vec::with_capacity(per_round * rounds);
    let mut hand_times = Vec::with_capacity(per_round * rounds);
    for round in 0..rounds {
        for side in [round % 2, (round + 1) % 2] {
            for _ in 0..per_round {
                let started = Instant::now();
                if side == 0 {
                    std::hint::black_box(generated_call().await?);
                    generated_times.push(started.elapsed());
                } else {
                    std::hint::black_box(hand_call().await?);
                    hand_times.push(started.elapsed());
                }
            }
        }
    }

    let (g50, g90) = (percentile(&mut generated_times, 50), percentile(&mut generated_times, 90));
    let (h50, h90) = (percentile(&mut hand_times, 50), percentile(&mut hand_times, 90));
    println!(
        "{} sequential GET /oauth2/v2.1/verify calls per side, {} rounds of {}, loopback 127.0.0.1, current-thread runtime",
        per_round * rounds,
        rounds,
        per_round
    );
    println!("generated client   : median {:>7.1} µs, p90 {:>7.1} µs", micros(g50), micros(g90));
    println!("hand-written reqwest: median {:>7.1} µs, p90 {:>7.1} µs", micros(h50), micros(h90));
    println!(
        "ratio of medians (generated / hand-written): {:.3}  (difference {:+.1} µs per call)",
        g50.as_secs_f64() / h50.as_secs_f64(),
        micros(g50) - micros(h50)
    );
    println!("server saw {} requests", server.requests().len());
    Ok(())
}

fn percentile(times: &mut [Duration], p: usize) -> Duration {
    times.sort_unstable();
    times.get((times.len() * p / 100).min(times.len().saturating_sub(1))).copied().unwrap_or_default()
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
