//! The client runtime: the workspace's `runtime/` crate, embedded verbatim into every generated
//! crate that has operations (its `lib.rs` becomes `src/runtime/mod.rs`).

/// Path in the generated crate → source, byte for byte as in `runtime/src/`.
pub const FILES: &[(&str, &str)] = &[
    ("src/runtime/mod.rs", include_str!("../../../runtime/src/lib.rs")),
    ("src/runtime/call.rs", include_str!("../../../runtime/src/call.rs")),
    ("src/runtime/credentials.rs", include_str!("../../../runtime/src/credentials.rs")),
    ("src/runtime/encode.rs", include_str!("../../../runtime/src/encode.rs")),
    ("src/runtime/error.rs", include_str!("../../../runtime/src/error.rs")),
    ("src/runtime/items.rs", include_str!("../../../runtime/src/items.rs")),
    ("src/runtime/oauth.rs", include_str!("../../../runtime/src/oauth.rs")),
    ("src/runtime/paging.rs", include_str!("../../../runtime/src/paging.rs")),
    ("src/runtime/response.rs", include_str!("../../../runtime/src/response.rs")),
    ("src/runtime/retry.rs", include_str!("../../../runtime/src/retry.rs")),
    ("src/runtime/secret.rs", include_str!("../../../runtime/src/secret.rs")),
    ("src/runtime/transport.rs", include_str!("../../../runtime/src/transport.rs")),
];

/// The mock server runtime: the workspace's `mock/` crate, embedded verbatim into every
/// generated crate that has operations, compiled with its `mock` feature (its `lib.rs` becomes
/// `src/mock/server.rs`).
pub const MOCK_FILES: &[(&str, &str)] = &[("src/mock/server.rs", include_str!("../../../mock/src/lib.rs"))];

/// The receiver runtime: the workspace's `receiver/` crate, embedded verbatim into every
/// generated crate that has receivers (its `lib.rs` becomes `src/webhooks/receive/mod.rs`).
pub const RECEIVER_FILES: &[(&str, &str)] = &[
    ("src/webhooks/receive/mod.rs", include_str!("../../../receiver/src/lib.rs")),
    ("src/webhooks/receive/axum.rs", include_str!("../../../receiver/src/axum.rs")),
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// A module added to `runtime/src` must be embedded too, or generated crates would not build.
    #[test]
    fn every_runtime_source_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
        let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs"))
            .map(|n| if n == "lib.rs" { "mod.rs".to_string() } else { n })
            .collect();
        let embedded: BTreeSet<String> =
            super::FILES.iter().map(|(path, _)| path.trim_start_matches("src/runtime/").to_string()).collect();
        assert_eq!(on_disk, embedded);
        for (path, text) in super::FILES {
            let name = path.trim_start_matches("src/runtime/");
            let source = if name == "mod.rs" { "lib.rs" } else { name };
            assert_eq!(std::fs::read_to_string(dir.join(source)).unwrap(), *text, "{path}");
        }
    }

    #[test]
    fn every_mock_source_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../mock/src");
        let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs"))
            .collect();
        assert_eq!(on_disk, BTreeSet::from(["lib.rs".to_string()]), "the mock runtime is one file, embedded as src/mock/server.rs");
    }

    #[test]
    fn every_receiver_source_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../receiver/src");
        let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs"))
            .map(|n| if n == "lib.rs" { "mod.rs".to_string() } else { n })
            .collect();
        let embedded: BTreeSet<String> =
            super::RECEIVER_FILES.iter().map(|(path, _)| path.trim_start_matches("src/webhooks/receive/").to_string()).collect();
        assert_eq!(on_disk, embedded);
    }
}
