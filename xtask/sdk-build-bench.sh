#!/usr/bin/env bash
# The build of one program on three LINE crates (messaging, webhook, channel access token): as
# crates of an SDK sharing one runtime crate, and as three stand-alone crates each with its own
# copy of the runtime. Same program, same dependencies; each side has its own target dir.
# Prints every sample and the medians, side by side:
#   bash xtask/sdk-build-bench.sh [RUNS]       (needs ../shared/specs/line; run from the project)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
specs=../shared/specs/line
if [ ! -d "$specs" ]; then echo "skipped: $specs is absent"; exit 0; fi
work=target/sdk-build-bench
rm -rf "$work"; mkdir -p "$work"
cargo build -q --release -p xtask
x=target/release/xtask
$x generate -q --manifest spec/line-sdk.toml --specs "$specs" --out "$work/sdk" \
  --crate line_messaging_api --crate line_webhook --crate line_channel_access_token
mkdir -p "$work/alone"
$x generate -q --spec "$specs/messaging-api.yml" --overlay spec/overlays/messaging-api.overlay.yml --out "$work/alone/messaging-api" --crate-name line_messaging_api
$x generate -q --spec "$specs/webhook.yml" --overlay spec/overlays/webhook.overlay.yml --out "$work/alone/webhook" --crate-name line_webhook
$x generate -q --spec "$specs/channel-access-token.yml" --out "$work/alone/channel-access-token" --crate-name line_channel_access_token

program() { # $1: side folder, $2: where the crates are (relative to the program)
  mkdir -p "$work/$1/src"
  cat > "$work/$1/Cargo.toml" <<TOML
[package]
name = "bench-bot"
version = "0.1.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
line_channel_access_token = { path = "$2/channel-access-token" }
line_messaging_api = { path = "$2/messaging-api" }
line_webhook = { path = "$2/webhook" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
TOML
  cat > "$work/$1/src/main.rs" <<'RUST'
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let messaging = line_messaging_api::Client::builder().bearer_token("token").build()?;
    let tokens = line_channel_access_token::Client::new()?;
    let receiver = line_webhook::webhooks::CallbackReceiver::new("secret");
    println!("{} {} {:?}", messaging.base_url(), tokens.base_url(), receiver.verify_and_parse(&Default::default(), b"{}").is_err());
    Ok(())
}
RUST
}
program shared-bot ../sdk
program alone-bot ../alone

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
# The medians of the wall and the cpu figures of "wall/cpu" samples: "wall s wall, cpu s cpu".
medians() { local w c; w=$(tr ' ' '\n' | grep . | tee /tmp/sdk-bench-samples.$$ | cut -d/ -f1 | median); c=$(cut -d/ -f2 < /tmp/sdk-bench-samples.$$ | median); rm -f /tmp/sdk-bench-samples.$$; echo "$w s wall, $c s cpu"; }
# "wall/cpu" seconds of one build (cpu = user + system of cargo and every compiler it ran).
seconds() { local TIMEFORMAT='%R %U %S' t; t=$( { time "$@" >/dev/null 2>&1; } 2>&1 ); awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.2f/%.2f", a[1], a[2] + a[3] }'; }
build() { (cd "$work/$1" && CARGO_TARGET_DIR="../target-$1" CARGO_INCREMENTAL=0 cargo build -q --offline); }
ours() { # the crates the program's own build compiles beyond the registry dependencies
  if [ "$1" = shared-bot ]; then echo "-p bench-bot -p line_messaging_api -p line_webhook -p line_channel_access_token -p line-bot-sdk-runtime"
  else echo "-p bench-bot -p line_messaging_api -p line_webhook -p line_channel_access_token"; fi
}
declare -A cold crates
for side in shared-bot alone-bot; do build "$side"; done   # fetch and warm the registry once
for i in $(seq "$runs"); do
  for side in shared-bot alone-bot; do
    rm -rf "$work/target-$side"
    cold[$side]+="$(seconds build "$side") "
    (cd "$work/$side" && CARGO_TARGET_DIR="../target-$side" cargo clean -q $(ours "$side"))
    crates[$side]+="$(seconds build "$side") "
  done
done
for side in shared-bot alone-bot; do
  units=$(cd "$work/$side" && CARGO_TARGET_DIR="../target-$side" cargo build --offline --message-format json 2>/dev/null | grep -c '"reason":"compiler-artifact"' || true)
  echo "$side: cold (wall/cpu s) ${cold[$side]}→ median $(echo ${cold[$side]} | medians); the three crates (and the runtime crate) alone ${crates[$side]}→ median $(echo ${crates[$side]} | medians); $units units"
done
