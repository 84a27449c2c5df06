//! The LINE webhook receiver over real HTTP on 127.0.0.1: the crate generated from LINE's
//! `webhook.yml` with `spec/overlays/webhook.overlay.yml`, behind the example program's router.
//! Deliveries are signed here as LINE signs them (base64 HMAC-SHA256 of the raw body, keyed with
//! the channel secret) and sent as bytes, never re-serialized.

#[path = "../examples/line-webhook-receiver.rs"]
#[allow(dead_code, reason = "the example's main is not called here")]
mod receiver;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use line_webhook::webhooks::CallbackReceiver;

const SECRET: &str = "8f3c1e6b2d9a4f70c5e8b1a3d6f9c2e4";
const PREVIOUS: &str = "0b7d2f9e4a1c6e3b8d5f0a2c7e4b9d1f";

/// A shared buffer the router writes its event lines to.
#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Lines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Lines {
    fn take(&self) -> Vec<serde_json::Value> {
        let bytes = std::mem::take(&mut *self.0.lock().unwrap());
        String::from_utf8(bytes).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }
}

/// Serves the example's router on a free loopback port; returns its `/callback` URL.
async fn serve(receiver: CallbackReceiver) -> (String, Lines) {
    let lines = Lines::default();
    let sink: receiver::Sink = Arc::new(Mutex::new(lines.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/callback", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, receiver::router(receiver, sink)).await });
    (url, lines)
}

fn sign(secret: &str, body: &[u8]) -> String {
    CallbackReceiver::SCHEME.sign(secret.as_bytes(), body)
}

/// Posts `body` with the given signature header (none when `None`); the status and text.
async fn post(url: &str, body: &[u8], signature: Option<&str>) -> (u16, String) {
    let client = reqwest::Client::new();
    let mut request = client.post(url).header("content-type", "application/json").body(body.to_vec());
    if let Some(s) = signature {
        request = request.header("x-line-signature", s);
    }
    let response = tokio::time::timeout(Duration::from_secs(20), request.send()).await.expect("answers in time").unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn common(kind: &str, id: &str) -> String {
    format!(
        r#""type":"{kind}","timestamp":1692251666727,"mode":"active","webhookEventId":"{id}","deliveryContext":{{"isRedelivery":false}},"source":{{"type":"user","userId":"U4af4980629f0dbdbe5a6a4fb5d0e8b0a"}}"#
    )
}

/// One event of every type LINE's webhook.yml declares, as LINE's reference documents them.
fn every_event() -> Vec<(&'static str, String)> {
    let events: [(&str, &str); 19] = [
        ("message", r#""replyToken":"nHuyWiB7yP5Zw52FIkcQobQuGDXCTA","message":{"type":"text","id":"444573844083572737","quoteToken":"q3Plxr4AgKd","text":"こんにちは \u00e9 \"quoted\""}"#),
        ("unsend", r#""unsend":{"messageId":"325708"}"#),
        ("follow", r#""replyToken":"85cbe770fa8b4f45bbe077b1d4be4a36","follow":{"isUnblocked":false}"#),
        ("unfollow", r#""x":1"#),
        ("join", r#""replyToken":"0f3779fba3b349968c5d07db31eab56f""#),
        ("leave", r#""x":1"#),
        ("memberJoined", r#""replyToken":"0f3779fba3b349968c5d07db31eabf65","joined":{"members":[{"type":"user","userId":"U4af4980629f0dbdbe5a6a4fb5d0e8b0a"}]}"#),
        ("memberLeft", r#""left":{"members":[{"type":"user","userId":"U4af4980629f0dbdbe5a6a4fb5d0e8b0a"}]}"#),
        ("postback", r#""replyToken":"b60d432864f44d079f6d8efe86cf404b","postback":{"data":"storeId=12345","params":{"datetime":"2017-12-25T01:00"}}"#),
        ("videoPlayComplete", r#""replyToken":"nHuyWiB7yP5Zw52FIkcQobQuGDXCTA","videoPlayComplete":{"trackingId":"track-id"}"#),
        ("beacon", r#""replyToken":"nHuyWiB7yP5Zw52FIkcQobQuGDXCTA","beacon":{"hwid":"d41d8cd98f","type":"enter"}"#),
        ("accountLink", r#""replyToken":"b60d432864f44d079f6d8efe86cf404b","link":{"result":"ok","nonce":"xxxxxxxxxxxxxxx"}"#),
        ("membership", r#""replyToken":"3a6b8c","membership":{"type":"joined","membershipId":3189}"#),
        ("module", r#""module":{"type":"attached","botId":"U111111111111111111111111111111111","scopes":["message:send"]}"#),
        ("activated", r#""chatControl":{"expireAt":1462629479859}"#),
        ("deactivated", r#""x":1"#),
        ("botSuspended", r#""x":1"#),
        ("botResumed", r#""x":1"#),
        ("delivery", r#""delivery":{"data":"encrypted"}"#),
    ];
    events
        .iter()
        .enumerate()
        .map(|(i, (kind, rest))| (*kind, format!("{{{},{rest}}}", common(kind, &format!("01H810YECXQQZ37VAXPF6H9E{i:02}")))))
        .collect()
}

fn delivery(events: &[String]) -> Vec<u8> {
    format!(r#"{{"destination":"Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","events":[{}]}}"#, events.join(",")).into_bytes()
}

#[tokio::test]
async fn signed_deliveries_of_every_event_type_decode() {
    let (url, lines) = serve(CallbackReceiver::new(SECRET)).await;
    let events = every_event();
    let body = delivery(&events.iter().map(|(_, e)| e.clone()).collect::<Vec<_>>());
    let (status, text) = post(&url, &body, Some(&sign(SECRET, &body))).await;
    assert_eq!(status, 200, "{text}");
    let got = lines.take();
    assert_eq!(got.len(), 19);
    for (i, ((kind, _), line)) in events.iter().zip(&got).enumerate() {
        assert_eq!(line["type"], *kind);
        assert_eq!(line["kind"], "known", "{kind} did not decode as its type: {line}");
        assert_eq!(line["webhookEventId"], format!("01H810YECXQQZ37VAXPF6H9E{i:02}"));
    }
    // The empty array LINE sends to check the URL is a delivery too.
    let empty = delivery(&[]);
    assert_eq!(post(&url, &empty, Some(&sign(SECRET, &empty))).await.0, 200);
}

#[tokio::test]
async fn an_unknown_and_a_malformed_event_do_not_fail_the_delivery() {
    let (url, lines) = serve(CallbackReceiver::new(SECRET)).await;
    let unknown = format!("{{{}}}", common("somethingNew", "01UNKNOWN"));
    let malformed = r#"{"type":"follow","timestamp":"not a number","mode":"active","webhookEventId":"01BAD"}"#.to_string();
    let good = every_event()[2].1.clone();
    let body = delivery(&[unknown, malformed, good]);
    let (status, _) = post(&url, &body, Some(&sign(SECRET, &body))).await;
    assert_eq!(status, 200);
    let kinds: Vec<(String, String)> =
        lines.take().iter().map(|l| (l["type"].as_str().unwrap().to_string(), l["kind"].as_str().unwrap().to_string())).collect();
    assert_eq!(
        kinds,
        [("somethingNew".into(), "unknown".into()), ("follow".into(), "malformed".into()), ("follow".into(), "known".into())]
    );
}

/// LINE's own SDK test deliveries leave `destination` out; a platform may send it as another
/// type. The envelope is decoded as leniently as the events: every event still reaches the
/// handler, and the delivery says which envelope field it had to default and what was there.
#[tokio::test]
async fn a_delivery_without_destination_or_with_a_mistyped_one_reaches_the_handler() {
    use line_webhook::models::DefaultedField;
    let (url, lines) = serve(CallbackReceiver::new(SECRET)).await;
    let events: Vec<String> = every_event().into_iter().map(|(_, e)| e).collect();
    let joined = events.join(",");
    let cases: [(&str, String, Option<serde_json::Value>); 5] = [
        ("no destination", format!(r#"{{"events":[{joined}]}}"#), None),
        ("a number", format!(r#"{{"destination":12345,"events":[{joined}]}}"#), Some(serde_json::json!(12345))),
        ("null", format!(r#"{{"events":[{joined}],"destination":null}}"#), Some(serde_json::Value::Null)),
        ("an object", format!(r#"{{"destination":{{"id":"U1"}},"events":[{joined}]}}"#), Some(serde_json::json!({"id": "U1"}))),
        ("a list", format!(r#"{{"destination":["U1"],"events":[{joined}]}}"#), Some(serde_json::json!(["U1"]))),
    ];
    for (what, body, found) in cases {
        let body = body.into_bytes();
        let (status, text) = post(&url, &body, Some(&sign(SECRET, &body))).await;
        assert_eq!(status, 200, "{what}: {text}");
        let got = lines.take();
        assert_eq!(got.len(), 19, "{what}: not every event reached the handler");
        assert!(got.iter().all(|l| l["kind"] == "known"), "{what}: {got:?}");
        let delivery = CallbackReceiver::new(SECRET).verify_and_parse(&signed_headers(&body), &body).unwrap();
        assert_eq!(delivery.destination, "", "{what}");
        assert_eq!(delivery.events.len(), 19, "{what}");
        let defaulted: Vec<(&str, Option<&serde_json::Value>)> =
            delivery.defaulted.iter().map(|d: &DefaultedField| (d.name, d.found.as_ref())).collect();
        assert_eq!(defaulted, [("destination", found.as_ref())], "{what}");
        // The record is not part of the wire form: the delivery serializes as the spec says.
        let json = serde_json::to_value(&delivery).unwrap();
        assert_eq!(json.as_object().unwrap().keys().collect::<Vec<_>>(), ["destination", "events"], "{what}");
    }
    // A delivery that matches the spec defaults nothing.
    let body = delivery(&events);
    let delivery = CallbackReceiver::new(SECRET).verify_and_parse(&signed_headers(&body), &body).unwrap();
    assert!(delivery.defaulted.is_empty());
    assert_eq!(delivery.destination, "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
}

/// Leniency starts after the signature verified, and stops where the events are: a body
/// without its events, with events that are not a list, or that is not a JSON object is still
/// refused with 400, and an unsigned or forged lenient body with 401.
#[tokio::test]
async fn leniency_never_accepts_a_body_without_events_or_a_bad_signature() {
    let (url, lines) = serve(CallbackReceiver::new(SECRET)).await;
    let event = every_event()[3].1.clone();
    for body in [
        r#"{"destination":"U1"}"#.to_string(),
        r#"{}"#.to_string(),
        r#"{"destination":"U1","events":{"0":1}}"#.to_string(),
        r#"{"destination":"U1","events":null}"#.to_string(),
        format!("[{event}]"),
        "\"events\"".to_string(),
    ] {
        let (status, text) = post(&url, body.as_bytes(), Some(&sign(SECRET, body.as_bytes()))).await;
        assert_eq!(status, 400, "{body}: {text}");
    }
    let lenient = format!(r#"{{"events":[{event}]}}"#).into_bytes();
    assert_eq!(post(&url, &lenient, None).await.0, 401);
    assert_eq!(post(&url, &lenient, Some(&sign("another secret", &lenient))).await.0, 401);
    assert!(lines.take().is_empty(), "the handler ran for a refused delivery");
    assert_eq!(post(&url, &lenient, Some(&sign(SECRET, &lenient))).await.0, 200);
    assert_eq!(lines.take().len(), 1);
}

#[tokio::test]
async fn the_signature_is_over_the_bytes_with_non_ascii_text_and_escapes() {
    let (url, lines) = serve(CallbackReceiver::new(SECRET)).await;
    // Re-serializing this body would change its bytes (the escapes, the spacing): it must
    // verify as sent.
    let body = delivery(&[every_event()[0].1.replace("\"message\":{", "\"message\":  {")]);
    let (status, text) = post(&url, &body, Some(&sign(SECRET, &body))).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(lines.take()[0]["kind"], "known");
    let delivery = CallbackReceiver::new(SECRET).verify_and_parse(&signed_headers(&body), &body).unwrap();
    let json = serde_json::to_value(&delivery.events[0]).unwrap();
    assert_eq!(json["message"]["text"], "こんにちは é \"quoted\"");
}

fn signed_headers(body: &[u8]) -> http::HeaderMap {
    let mut h = http::HeaderMap::new();
    h.insert("x-line-signature", sign(SECRET, body).parse().unwrap());
    h
}

#[tokio::test]
async fn each_bad_delivery_gets_its_status_and_says_why() {
    let (url, lines) = serve(CallbackReceiver::new(SECRET)).await;
    let body = delivery(&[every_event()[3].1.clone()]);
    let good = sign(SECRET, &body);

    let mut changed = body.clone();
    let at = changed.iter().position(|b| *b == b'1').unwrap();
    changed[at] = b'2';
    // What is sent, the body and signature header, the status expected and what the answer says.
    type Case<'a> = (&'a str, Vec<u8>, Option<String>, u16, &'a str);
    let cases: Vec<Case> = vec![
        ("one byte changed", changed, Some(good.clone()), 401, "does not match the body"),
        ("the wrong secret", body.clone(), Some(sign("another secret", &body)), 401, "does not match the body"),
        ("no signature header", body.clone(), None, 401, "has no `x-line-signature` header"),
        ("a header that is not base64", body.clone(), Some("%%%not-base64%%%".into()), 401, "is not base64"),
        ("an empty body", Vec::new(), Some(sign(SECRET, b"")), 400, "the body is empty"),
        ("a body that is not JSON", b"<html>hi</html>".to_vec(), Some(sign(SECRET, b"<html>hi</html>")), 400, "not valid JSON"),
        ("a body of the wrong shape", b"{\"events\":3}".to_vec(), Some(sign(SECRET, b"{\"events\":3}")), 400, "does not have the declared shape"),
    ];
    for (what, body, signature, status, says) in cases {
        let (got, text) = post(&url, &body, signature.as_deref()).await;
        assert_eq!(got, status, "{what}: {text}");
        assert!(text.contains(says), "{what}: {text}");
        for secret in [SECRET, good.as_str()] {
            assert!(!text.contains(secret), "{what}: the answer shows a secret or the expected signature: {text}");
        }
    }
    assert!(lines.take().is_empty(), "the handler ran for a refused delivery");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413() {
    let (url, lines) = serve(CallbackReceiver::new(SECRET).max_body_bytes(1024)).await;
    let padding = "x".repeat(2000);
    let body = delivery(&[format!("{{{},\"padding\":\"{padding}\"}}", common("unfollow", "01BIG"))]);
    let (status, text) = post(&url, &body, Some(&sign(SECRET, &body))).await;
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("limit of 1024 bytes"), "{text}");
    // The default limit is 1 MiB.
    let (url, _) = serve(CallbackReceiver::new(SECRET)).await;
    let big = vec![b' '; 1024 * 1024 + 1];
    assert_eq!(post(&url, &big, Some(&sign(SECRET, &big))).await.0, 413);
    assert!(lines.take().is_empty());
}

#[tokio::test]
async fn a_delivery_signed_with_the_previous_secret_is_accepted_while_rotating() {
    let (url, lines) = serve(CallbackReceiver::from_secrets([SECRET, PREVIOUS]).unwrap()).await;
    let body = delivery(&[every_event()[3].1.clone()]);
    assert_eq!(post(&url, &body, Some(&sign(PREVIOUS, &body))).await.0, 200);
    assert_eq!(post(&url, &body, Some(&sign(SECRET, &body))).await.0, 200);
    assert_eq!(lines.take().len(), 2);
    // Once rotation is over, the previous secret is refused.
    let (url, _) = serve(CallbackReceiver::new(SECRET)).await;
    let (status, text) = post(&url, &body, Some(&sign(PREVIOUS, &body))).await;
    assert_eq!(status, 401, "{text}");
}

/// The example program itself: started as a user starts it, it answers, prints the event line
/// and stops when its stdin closes.
#[tokio::test]
async fn the_example_program_receives_prints_and_stops_when_stdin_closes() {
    use tokio::io::AsyncBufReadExt;
    let exe = std::env::current_exe().unwrap();
    let examples = exe.parent().unwrap().parent().unwrap().join("examples");
    let program = examples.join(format!("line-webhook-receiver{}", std::env::consts::EXE_SUFFIX));
    assert!(program.is_file(), "cargo test builds the example at {}", program.display());
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = tokio::process::Command::new(&program)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .env("LINE_CHANNEL_SECRET", format!("{SECRET},{PREVIOUS}"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}/callback");
    let body = delivery(&[every_event()[0].1.clone()]);
    let mut answered = None;
    for _ in 0..100 {
        let sent = reqwest::Client::new()
            .post(&url)
            .header("x-line-signature", sign(PREVIOUS, &body))
            .body(body.clone())
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        if let Ok(response) = sent {
            answered = Some(response.status().as_u16());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(answered, Some(200));
    let mut stdout = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let line = tokio::time::timeout(Duration::from_secs(10), stdout.next_line()).await.unwrap().unwrap().unwrap();
    let line: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(line, serde_json::json!({"type": "message", "webhookEventId": "01H810YECXQQZ37VAXPF6H9E00", "kind": "known"}));
    drop(child.stdin.take());
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait()).await.expect("stops when stdin closes").unwrap();
    assert!(status.success(), "{status}");
}

/// Starts the example program as a user would, with stdin piped and left open, and waits
/// (bounded) until it answers a signed delivery; returns the child and the client that has a
/// kept-alive connection to it.
async fn started_example() -> (tokio::process::Child, reqwest::Client) {
    let exe = std::env::current_exe().unwrap();
    let program = exe.parent().unwrap().parent().unwrap().join("examples").join(format!("line-webhook-receiver{}", std::env::consts::EXE_SUFFIX));
    assert!(program.is_file(), "cargo test builds the example at {}", program.display());
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = tokio::process::Command::new(&program)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .env("LINE_CHANNEL_SECRET", SECRET)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let body = delivery(&[every_event()[3].1.clone()]);
    for _ in 0..200 {
        let sent = client
            .post(format!("http://127.0.0.1:{port}/callback"))
            .header("x-line-signature", sign(SECRET, &body))
            .body(body.clone())
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        if let Ok(response) = sent {
            assert_eq!(response.status().as_u16(), 200);
            return (child, client);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the example program did not answer within 10 s");
}

/// Ctrl-C and SIGTERM stop the example program within a few seconds although its stdin stays
/// open and a client keeps a connection to it.
#[cfg(unix)]
#[tokio::test]
async fn the_example_program_stops_on_sigint_and_sigterm_with_stdin_open() {
    for signal in ["-INT", "-TERM"] {
        let (mut child, _kept_alive) = started_example().await;
        // Held here: `Child::wait` closes the stdin it still owns before waiting.
        let _stdin = child.stdin.take().expect("stdin is piped");
        let pid = child.id().expect("running").to_string();
        let killed = std::process::Command::new("kill").args([signal, &pid]).status().expect("kill runs");
        assert!(killed.success());
        let status = tokio::time::timeout(Duration::from_secs(8), child.wait())
            .await
            .unwrap_or_else(|_| panic!("still running 8 s after kill {signal}, with stdin open"))
            .unwrap();
        assert!(status.success(), "kill {signal}: {status}");
    }
}

/// `line-webhook/` is what the generator makes of LINE's webhook.yml with the project's overlay.
#[test]
fn the_line_webhook_crate_is_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = root.join("../../shared/specs/line/webhook.yml");
    if !spec.is_file() {
        println!("skipped: {} is absent (no ../shared beside this clone)", spec.display());
        return;
    }
    let options = generator::Options {
        crate_dir: Some("line-webhook".into()),
        overlays: vec![root.join("../spec/overlays/webhook.overlay.yml")],
        ..generator::Options::new(spec, "line_webhook")
    };
    assert_current(options, "line-webhook", "--spec ../shared/specs/line/webhook.yml --overlay spec/overlays/webhook.overlay.yml --out client-tests/line-webhook --crate-name line_webhook");
}

/// `hooks/` is what the generator makes of `hooks.yml`.
#[test]
fn the_hooks_crate_is_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = generator::Options { crate_dir: Some("hooks".into()), ..generator::Options::new(root.join("hooks.yml"), "hooks_test") };
    assert_current(options, "hooks", "--spec client-tests/hooks.yml --out client-tests/hooks --crate-name hooks_test");
}

/// `streams/` is what the generator makes of `streams.yml` (OpenAPI 3.2).
#[test]
fn the_streams_crate_is_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = generator::Options { crate_dir: Some("streams".into()), ..generator::Options::new(root.join("streams.yml"), "streams_test") };
    assert_current(options, "streams", "--spec client-tests/streams.yml --out client-tests/streams --crate-name streams_test");
}

fn assert_current(options: generator::Options, dir: &str, flags: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = generator::generate(&options).expect("the spec renders");
    let files = generator::write::with_manifest(generated.files);
    let changes = generator::write::plan(&root.join(dir), &files).expect("the crate is readable");
    let stale: Vec<String> = changes.iter().map(|c| c.path.display().to_string()).collect();
    assert!(stale.is_empty(), "client-tests/{dir} is stale in {stale:?}; run `cargo xtask generate {flags}`");
}

mod github_style {
    //! The second scheme, from our own `hooks.yml`: GitHub's `X-Hub-Signature-256`, `sha256=`
    //! and hex; and an OpenAPI 3.0 `callbacks` entry, which is an unsigned receiver.

    use std::time::Duration;

    use axum::http::StatusCode;
    use axum::routing::post;
    use axum::Router;
    use hooks_test::models::{PingEvent, PushEvent};
    use hooks_test::webhooks::{HookPingReceiver, PushEventReceiver, Webhook};

    async fn push(Webhook(event): Webhook<PushEventReceiver>) -> String {
        let event: PushEvent = event;
        format!("{} {}", event.r#ref, event.commits.len())
    }

    async fn ping(Webhook(event): Webhook<HookPingReceiver>) -> (StatusCode, String) {
        let event: PingEvent = event;
        (StatusCode::NO_CONTENT, event.zen)
    }

    async fn serve(router: Router) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        url
    }

    async fn send(url: &str, body: &[u8], signature: Option<String>) -> (u16, String) {
        let mut request = reqwest::Client::new().post(url).body(body.to_vec()).timeout(Duration::from_secs(20));
        if let Some(s) = signature {
            request = request.header("X-Hub-Signature-256", s);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    #[tokio::test]
    async fn a_github_signed_push_verifies_and_a_tampered_one_does_not() {
        let receiver = PushEventReceiver::new("It's a Secret to Everybody");
        let url = serve(Router::new().route("/github/push", post(push)).with_state(receiver)).await;
        let url = format!("{url}/github/push");
        let body = br#"{"ref":"refs/heads/main","commits":[{"id":"a1","message":"fix"}]}"#;
        let signature = PushEventReceiver::SCHEME.sign(b"It's a Secret to Everybody", body);
        assert!(signature.starts_with("sha256=") && signature.len() == 7 + 64, "{signature}");
        assert_eq!(send(&url, body, Some(signature.clone())).await, (200, "refs/heads/main 1".into()));
        // The hex without its prefix, a base64 signature and a changed body are all refused.
        let (status, text) = send(&url, body, Some(signature.trim_start_matches("sha256=").into())).await;
        assert_eq!(status, 401, "{text}");
        assert!(text.contains("prefix"), "{text}");
        let mut changed = body.to_vec();
        changed[10] = b'X';
        assert_eq!(send(&url, &changed, Some(signature)).await.0, 401);
        assert_eq!(send(&url, body, None).await.0, 401);
    }

    #[test]
    fn github_s_documented_example_verifies() {
        // GitHub's documentation of webhook signatures: secret "It's a Secret to Everybody",
        // payload "Hello, World!".
        let expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assert_eq!(PushEventReceiver::SCHEME.sign(b"It's a Secret to Everybody", b"Hello, World!"), expected);
    }

    #[tokio::test]
    async fn a_callback_is_an_unsigned_receiver() {
        let url = serve(Router::new().route("/ping", post(ping)).with_state(HookPingReceiver::new())).await;
        assert_eq!(send(&format!("{url}/ping"), br#"{"zen":"Keep it logically awesome.","hook_id":1}"#, None).await.0, 204);
        assert_eq!(send(&format!("{url}/ping"), b"not json", None).await.0, 400);
        let small = HookPingReceiver::new().max_body_bytes(8);
        let url = serve(Router::new().route("/ping", post(ping)).with_state(small)).await;
        assert_eq!(send(&format!("{url}/ping"), br#"{"zen":"too long for eight bytes"}"#, None).await.0, 413);
    }
}
