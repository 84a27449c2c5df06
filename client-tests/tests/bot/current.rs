//! `line-bot/` is exactly what the generator makes of `line-bot.yml`.

use std::path::Path;

#[test]
fn the_line_bot_crate_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = generator::Options {
        readme_example: Some(std::fs::read_to_string(root.join("line-bot.readme.rs")).expect("line-bot.readme.rs")),
        crate_dir: Some("line-bot".into()),
        ..generator::Options::new(root.join("line-bot.yml"), "line_bot")
    };
    let generated = generator::generate(&options).expect("line-bot.yml renders");
    let files = generator::write::with_manifest(generated.files);
    let changes = generator::write::plan(&root.join("line-bot"), &files).expect("line-bot/ is readable");
    let stale: Vec<String> = changes.iter().map(|c| c.path.display().to_string()).collect();
    assert!(
        stale.is_empty(),
        "client-tests/line-bot is stale in {stale:?}; run `cargo xtask generate --spec client-tests/line-bot.yml --out client-tests/line-bot --crate-name line_bot`"
    );
}
