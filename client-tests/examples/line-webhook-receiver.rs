//! A LINE webhook receiver on the crate generated from LINE's `webhook.yml` with the project's
//! overlay: `cargo run -q -p client-tests --example line-webhook-receiver -- --listen ADDR`,
//! with the channel secret(s) in `LINE_CHANNEL_SECRET` (comma-separated while rotating).
//!
//! It answers each delivery as the extractor decides (200, or 401/413/400 before the handler
//! runs) and prints one JSON line per accepted event on stdout:
//! `{"type": "message", "webhookEventId": "01H…", "kind": "known"}` (`kind` is `unknown` for an
//! event type the crate does not know, `malformed` for a known one that does not match its
//! schema). It stops on Ctrl-C (SIGINT), SIGTERM or when stdin closes, giving deliveries in flight up
//! to 5 s to finish.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::extract::FromRef;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use line_webhook::models::Event;
use line_webhook::webhooks::{CallbackReceiver, Webhook};

/// Where the event lines go (stdout in the program, a buffer in tests).
pub type Sink = Arc<Mutex<dyn Write + Send>>;

#[derive(Clone)]
pub struct State {
    pub receiver: CallbackReceiver,
    pub sink: Sink,
}

impl FromRef<State> for CallbackReceiver {
    fn from_ref(state: &State) -> Self {
        state.receiver.clone()
    }
}

/// The receiver's routes: `POST /callback`.
pub fn router(receiver: CallbackReceiver, sink: Sink) -> Router {
    Router::new().route("/callback", post(callback)).with_state(State { receiver, sink })
}

/// One line per event: its type, its id and how it decoded.
pub fn event_line(event: &Event) -> String {
    let kind = match event {
        Event::Unknown(_) => "unknown",
        Event::Malformed(_) => "malformed",
        _ => "known",
    };
    // Every variant writes the JSON it was decoded from (or kept) back unchanged.
    let json = serde_json::to_value(event).unwrap_or_default();
    let line = serde_json::json!({
        "type": json.get("type").cloned().unwrap_or(serde_json::Value::Null),
        "webhookEventId": json.get("webhookEventId").filter(|v| v.is_string()).cloned().unwrap_or(serde_json::Value::Null),
        "kind": kind,
    });
    line.to_string()
}

async fn callback(axum::extract::State(state): axum::extract::State<State>, Webhook(delivery): Webhook<CallbackReceiver>) -> StatusCode {
    let lines: Vec<String> = delivery.events.iter().map(event_line).collect();
    if let Ok(mut out) = state.sink.lock() {
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
        let _ = out.flush();
    }
    StatusCode::OK
}

#[allow(dead_code, reason = "the tests include this file for its router and do not call main")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("line-webhook-receiver: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

async fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut listen = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--listen" => listen = args.next(),
            other => return Err(format!("unknown argument `{other}`; usage: line-webhook-receiver --listen 127.0.0.1:PORT")),
        }
    }
    let listen = listen.ok_or("missing --listen ADDR (e.g. --listen 127.0.0.1:8080)")?;
    let secrets = std::env::var("LINE_CHANNEL_SECRET").map_err(|_| "set LINE_CHANNEL_SECRET to the channel secret (comma-separated while rotating)")?;
    let receiver = CallbackReceiver::from_secrets(secrets.split(',').map(str::trim).filter(|s| !s.is_empty()))
        .ok_or("LINE_CHANNEL_SECRET holds no secret")?;
    let listener = tokio::net::TcpListener::bind(&listen).await.map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let sink: Sink = Arc::new(Mutex::new(std::io::stdout()));
    let server = axum::serve(listener, router(receiver, sink)).with_graceful_shutdown(stop_requested());
    // After the stop, deliveries in flight get a bounded time to finish; a client that holds
    // its connection open longer does not keep the program running.
    let (stopped_tx, stopped_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(async move {
        let result = server.await;
        let _ = stopped_tx.send(());
        result
    });
    let _ = stopped_rx.await;
    match tokio::time::timeout(GRACE, serving).await {
        Ok(Ok(result)) => result.map_err(|e| e.to_string()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Ok(()),
    }
}

/// How long deliveries in flight may take to finish once the program is told to stop.
const GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Resolves on Ctrl-C (SIGINT), SIGTERM, or when stdin closes, whichever comes first.
///
/// Stdin is read on a thread of its own, not with `tokio::io::stdin`: tokio reads it on its
/// blocking pool, a read there cannot be cancelled, and the runtime waits for it on shutdown,
/// so a program stopped by a signal while its stdin stayed open would never exit.
async fn stop_requested() {
    let (closed_tx, closed_rx) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        use std::io::Read;
        let mut stdin = std::io::stdin();
        let mut buf = [0u8; 256];
        while matches!(stdin.read(&mut buf), Ok(n) if n > 0) {}
        let _ = closed_tx.send(());
    });
    let stdin_closed = async {
        let _ = closed_rx.await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
        _ = stdin_closed => {}
    }
}
