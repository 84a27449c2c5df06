//! `render_docs` renders exactly the markdown files `generate` writes, byte for byte, without the
//! Rust: the project's spec (with its README example), the clean corpus, and LINE's nine specs
//! in `../shared/specs/line` (skipped with a message when absent), one with an overlay.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The docs of the full render and of the markdown-only one are the same files with the same bytes.
fn assert_docs_match(options: &generator::Options) {
    let shown = options.spec.display();
    let full = generator::generate(options).unwrap_or_else(|e| panic!("{shown}: {e}"));
    let lowered = generator::lower_spec(options).unwrap_or_else(|e| panic!("{shown}: {e}"));
    let docs = generator::render_docs(&lowered, options).unwrap_or_else(|e| panic!("{shown}: {e}"));
    let expected: Vec<(&PathBuf, &Vec<u8>)> =
        full.files.iter().filter(|(path, _)| path.extension().is_some_and(|e| e == "md")).collect();
    let got: Vec<(&PathBuf, &Vec<u8>)> = docs.iter().collect();
    let names = |files: &[(&PathBuf, &Vec<u8>)]| files.iter().map(|(p, _)| p.display().to_string()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&expected), "{shown}: the same markdown files");
    assert!(got.iter().any(|(p, _)| p.as_path() == Path::new("README.md")), "{shown}: a README");
    for ((path, got), (_, expected)) in got.iter().zip(&expected) {
        assert!(got == expected, "{shown}: {} differs from the full render's", path.display());
    }
    assert_eq!(lowered.krate, full.krate, "{shown}: the same IR");
    assert_eq!(lowered.warnings, full.warnings, "{shown}: the same warnings");
}

#[test]
fn the_project_spec_renders_the_same_docs_alone() {
    let spec = root().join("spec/channel-access-token.yml");
    let example = std::fs::read_to_string(spec.with_extension("readme.rs")).unwrap();
    assert_docs_match(&generator::Options::new(&spec, "line_channel_access_token"));
    assert_docs_match(&generator::Options {
        readme_example: Some(example),
        crate_dir: Some("generated".into()),
        ..generator::Options::new(&spec, "line_channel_access_token")
    });
}

#[test]
fn the_clean_corpus_renders_the_same_docs_alone() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clean_specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    specs.sort();
    assert!(!specs.is_empty());
    for spec in specs {
        assert_docs_match(&generator::Options::new(&spec, "clean"));
    }
}

#[test]
fn line_specs_render_the_same_docs_alone() {
    let dir = root().join("../shared/specs/line");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: {} is absent (LINE's nine specs)", dir.display());
        return;
    };
    let mut specs: Vec<PathBuf> =
        entries.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "yml")).collect();
    specs.sort();
    assert_eq!(specs.len(), 9, "{specs:?}");
    for spec in &specs {
        assert_docs_match(&generator::Options::new(spec, "line"));
    }
    // The webhook spec with the project's overlay: receivers, docs/Webhooks.md, and the README
    // naming the overlay.
    let overlay = root().join("spec/overlays/webhook.overlay.yml");
    assert_docs_match(&generator::Options { overlays: vec![overlay], ..generator::Options::new(dir.join("webhook.yml"), "line_webhook") });
}
