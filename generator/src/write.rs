//! Writes a rendered crate: only changed files, stale files it owns removed, nothing half-done.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diff;
use crate::render::Files;

/// The list of files the generator owns in an output directory, one relative path per line.
pub const MANIFEST: &str = ".generated-files";

const MANIFEST_HEADER: &str = "# Files written by openapi-line-generator; it removes only these when they go stale.\n";

#[derive(Debug, Clone, PartialEq)]
pub struct WriteError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for WriteError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
}

/// One file that differs between the rendered crate and the disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Relative to the output directory.
    pub path: PathBuf,
    pub kind: ChangeKind,
    pub added_lines: usize,
    pub removed_lines: usize,
    /// The bytes on disk now (empty for added files).
    pub old: Vec<u8>,
    /// The rendered bytes (empty for removed files).
    pub new: Vec<u8>,
}

impl Change {
    /// A unified diff of this change, `a/` and `b/` prefixed like git.
    pub fn unified_diff(&self, dir: &Path) -> String {
        let name = dir.join(&self.path);
        let old_name = match self.kind {
            ChangeKind::Added => "/dev/null".to_string(),
            _ => format!("a/{}", name.display()),
        };
        let new_name = match self.kind {
            ChangeKind::Removed => "/dev/null".to_string(),
            _ => format!("b/{}", name.display()),
        };
        diff::unified(&String::from_utf8_lossy(&self.old), &String::from_utf8_lossy(&self.new), &old_name, &new_name)
    }
}

/// Options for [`write`].
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Write into a non-empty directory that has no manifest of ours.
    pub force: bool,
}

/// Adds the manifest listing every rendered file.
pub fn with_manifest(mut files: Files) -> Files {
    let mut text = String::from(MANIFEST_HEADER);
    for path in files.keys() {
        text.push_str(&path.to_string_lossy().replace('\\', "/"));
        text.push('\n');
    }
    text.push_str(MANIFEST);
    text.push('\n');
    files.insert(PathBuf::from(MANIFEST), text.into_bytes());
    files
}

/// Files the manifest in `dir` lists, if there is one.
fn owned_files(dir: &Path) -> Result<Option<BTreeSet<PathBuf>>, WriteError> {
    let path = dir.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .filter(|l| is_safe_relative(l))
                .map(PathBuf::from)
                .collect(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(WriteError { path, message: format!("cannot read the manifest: {e}") }),
    }
}

/// A manifest entry may name only files below the directory.
fn is_safe_relative(line: &str) -> bool {
    let p = Path::new(line);
    p.is_relative() && p.components().all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// What writing `files` into `dir` would change. `files` must already include the manifest.
pub fn plan(dir: &Path, files: &Files) -> Result<Vec<Change>, WriteError> {
    let owned = owned_files(dir)?.unwrap_or_default();
    let mut changes = Vec::new();
    for (rel, new) in files {
        let path = dir.join(rel);
        match std::fs::read(&path) {
            Ok(old) if &old == new => {}
            Ok(old) => changes.push(change(rel, ChangeKind::Changed, old, new.clone())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                changes.push(change(rel, ChangeKind::Added, Vec::new(), new.clone()))
            }
            Err(e) => return Err(WriteError { path, message: format!("cannot read: {e}") }),
        }
    }
    for rel in owned.iter().filter(|p| !files.contains_key(*p)) {
        let path = dir.join(rel);
        if let Ok(old) = std::fs::read(&path) {
            changes.push(change(rel, ChangeKind::Removed, old, Vec::new()));
        }
    }
    Ok(changes)
}

fn change(rel: &Path, kind: ChangeKind, old: Vec<u8>, new: Vec<u8>) -> Change {
    let (added_lines, removed_lines) = diff::line_counts(&String::from_utf8_lossy(&old), &String::from_utf8_lossy(&new));
    Change { path: rel.to_path_buf(), kind, added_lines, removed_lines, old, new }
}

/// Writes `files` (plus the manifest) into `dir`; returns what changed.
///
/// New contents go to temporary files first and are renamed into place only once all of them
/// were written, so an error leaves every existing file as it was.
pub fn write(dir: &Path, files: Files, options: WriteOptions) -> Result<Vec<Change>, WriteError> {
    let files = with_manifest(files);
    if !options.force && owned_files(dir)?.is_none() && !is_empty_dir(dir)? {
        return Err(WriteError {
            path: dir.to_path_buf(),
            message: format!(
                "the directory is not empty and has no {MANIFEST}, so it was not made by this generator; \
                 choose another --out, empty it, or pass --force"
            ),
        });
    }
    let changes = plan(dir, &files)?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = stage(dir, &changes, &mut staged);
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (tmp, target) in &staged {
        std::fs::rename(tmp, target).map_err(|e| WriteError { path: target.clone(), message: format!("cannot move into place: {e}") })?;
    }
    for c in changes.iter().filter(|c| c.kind == ChangeKind::Removed) {
        let path = dir.join(&c.path);
        std::fs::remove_file(&path).map_err(|e| WriteError { path: path.clone(), message: format!("cannot remove stale file: {e}") })?;
        remove_empty_parents(dir, &path);
    }
    Ok(changes)
}

fn stage(dir: &Path, changes: &[Change], staged: &mut Vec<(PathBuf, PathBuf)>) -> Result<(), WriteError> {
    for c in changes.iter().filter(|c| c.kind != ChangeKind::Removed) {
        let target = dir.join(&c.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| WriteError { path: parent.to_path_buf(), message: format!("cannot create directory: {e}") })?;
        }
        let mut tmp_name = target.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        tmp_name.push(".generating");
        let tmp = target.with_file_name(tmp_name);
        std::fs::write(&tmp, &c.new).map_err(|e| WriteError { path: tmp.clone(), message: format!("cannot write: {e}") })?;
        staged.push((tmp, target));
    }
    Ok(())
}

fn is_empty_dir(dir: &Path) -> Result<bool, WriteError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(WriteError { path: dir.to_path_buf(), message: format!("cannot read directory: {e}") }),
    }
}

/// Removes directories left empty by a removal, up to (not including) `dir`.
fn remove_empty_parents(dir: &Path, file: &Path) {
    let mut current = file.parent();
    while let Some(p) = current {
        if p == dir || !p.starts_with(dir) || std::fs::remove_dir(p).is_err() {
            break;
        }
        current = p.parent();
    }
}

/// A one-line total: `3 files changed (1 added, 2 changed, 0 removed), +10 −4 lines`.
pub fn summary_line(changes: &[Change]) -> String {
    let count = |k| changes.iter().filter(|c| c.kind == k).count();
    let added: usize = changes.iter().map(|c| c.added_lines).sum();
    let removed: usize = changes.iter().map(|c| c.removed_lines).sum();
    format!(
        "{} file{} changed ({} added, {} changed, {} removed), +{} −{} lines",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        count(ChangeKind::Added),
        count(ChangeKind::Changed),
        count(ChangeKind::Removed),
        added,
        removed
    )
}

/// Orders changes for reviewers: markdown docs first, then everything else, each by path.
pub fn review_order(changes: &mut [Change]) {
    changes.sort_by(|a, b| {
        let md = |c: &Change| c.path.extension().is_none_or(|e| e != "md");
        (md(a), &a.path).cmp(&(md(b), &b.path))
    });
}
