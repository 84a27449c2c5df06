//! Remembers what syn + prettyplease made of each rendered source, so regenerating an
//! unchanged spec skips the formatting that dominates the run.
//!
//! Formatting is a pure function of the source text and of the formatter; the cache is keyed by
//! a hash of the source and salted with the formatter's identity (its source and the locked
//! syn/prettyplease versions), which every binary built from the same tree shares. It lives
//! outside the output (under `target/`).

use std::collections::BTreeMap;
use std::path::Path;

/// Formatted Rust keyed by the FNV-1a hash of its unformatted source.
#[derive(Debug, Default)]
pub struct FormatCache {
    salt: u64,
    entries: BTreeMap<u64, String>,
    /// Keys looked up or added in this run: the only ones saved.
    used: BTreeMap<u64, ()>,
    changed: bool,
}

const MAGIC: &str = "openapi-line-generator format cache v1";

impl FormatCache {
    /// An empty cache; `salt` identifies the formatter (the formatter's identity, which every binary built from the same sources shares).
    pub fn new(salt: u64) -> Self {
        FormatCache { salt, ..Default::default() }
    }

    /// Loads the cache at `path`; a missing, unreadable, foreign or stale file gives an empty cache.
    pub fn load(path: &Path, salt: u64) -> Self {
        let mut cache = FormatCache::new(salt);
        let Ok(text) = std::fs::read_to_string(path) else {
            return cache;
        };
        let mut rest = text.as_str();
        let Some((magic, after)) = rest.split_once('\n') else {
            return cache;
        };
        let Some((salt_line, after)) = after.split_once('\n') else {
            return cache;
        };
        if magic != MAGIC || salt_line != format!("{salt:016x}") {
            return cache;
        }
        rest = after;
        // Entries: "<hash> <byte length>\n<text>".
        while let Some((head, after)) = rest.split_once('\n') {
            let mut parts = head.split(' ');
            let (Some(hash), Some(len), None) = (parts.next(), parts.next(), parts.next()) else {
                return FormatCache::new(salt);
            };
            let (Ok(hash), Ok(len)) = (u64::from_str_radix(hash, 16), len.parse::<usize>()) else {
                return FormatCache::new(salt);
            };
            let (Some(body), Some(after)) = (after.get(..len), after.get(len..)) else {
                return FormatCache::new(salt);
            };
            cache.entries.insert(hash, body.to_string());
            rest = after;
        }
        cache
    }

    /// Saves the entries used in this run, if anything changed; errors are ignored (it is a cache).
    pub fn save(&self, path: &Path) {
        let stale = self.entries.keys().any(|k| !self.used.contains_key(k));
        if !self.changed && !stale {
            return;
        }
        let mut out = format!("{MAGIC}\n{:016x}\n", self.salt);
        for (hash, text) in self.entries.iter().filter(|(k, _)| self.used.contains_key(k)) {
            out.push_str(&format!("{hash:016x} {}\n", text.len()));
            out.push_str(text);
        }
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        // Written aside and renamed, so a run reading it at the same time sees the old or the new file.
        let aside = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&aside, out).is_ok() && std::fs::rename(&aside, path).is_err() {
            let _ = std::fs::remove_file(&aside);
        }
    }

    pub(crate) fn get(&mut self, source: &str) -> Option<String> {
        let key = fnv1a(source.as_bytes());
        let hit = self.entries.get(&key).cloned();
        if hit.is_some() {
            self.used.insert(key, ());
        }
        hit
    }

    pub(crate) fn insert(&mut self, source: &str, formatted: &str) {
        let key = fnv1a(source.as_bytes());
        self.entries.insert(key, formatted.to_string());
        self.used.insert(key, ());
        self.changed = true;
    }
}

/// 64-bit FNV-1a, with the length folded in.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes.iter().chain(&(bytes.len() as u64).to_le_bytes()) {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_used_entries_and_rejects_other_salts() {
        let dir = std::env::temp_dir().join(format!("format-cache-{}", std::process::id()));
        let path = dir.join("cache");
        let mut cache = FormatCache::new(7);
        cache.insert("fn a(){}", "fn a() {}\n");
        cache.insert("line\nbreaks", "x\ny\n");
        cache.save(&path);
        let mut again = FormatCache::load(&path, 7);
        assert_eq!(again.get("fn a(){}").as_deref(), Some("fn a() {}\n"));
        assert_eq!(again.get("line\nbreaks").as_deref(), Some("x\ny\n"));
        assert_eq!(again.get("other"), None);
        let mut foreign = FormatCache::load(&path, 8);
        assert_eq!(foreign.get("fn a(){}"), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
