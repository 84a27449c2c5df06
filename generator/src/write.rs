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
    /// A unified diff of this change, `a/` and `b/` prefixed like git when `dir` is relative;
    /// an absolute `dir` is shown as it is (`/tmp/out/src/lib.rs`, never `b//tmp/...`).
    pub fn unified_diff(&self, dir: &Path) -> String {
        let name = dir.join(&self.path);
        let side = |prefix: &str| {
            if name.has_root() {
                name.display().to_string()
            } else {
                format!("{prefix}/{}", name.display())
            }
        };
        let old_name = match self.kind {
            ChangeKind::Added => "/dev/null".to_string(),
            _ => side("a"),
        };
        let new_name = match self.kind {
            ChangeKind::Removed => "/dev/null".to_string(),
            _ => side("b"),
        };
        diff::unified(&String::from_utf8_lossy(&self.old), &String::from_utf8_lossy(&self.new), &old_name, &new_name)
    }
}

/// Options for [`write()`].
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Write into a non-empty directory that has no manifest of ours, beside the files already
    /// there. It never allows replacing one of those files: only `overwrite` does.
    pub force: bool,
    /// Files the generator did not write that the user named to be replaced, relative to the
    /// output directory. Every other such file in the way makes the write fail.
    pub overwrite: Vec<PathBuf>,
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
            Err(_) if path.is_dir() => {
                return Err(WriteError { path, message: "a directory is in the way of a generated file; nothing was changed".into() })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
                return Err(WriteError {
                    path,
                    message: "a file is in the way of a generated directory (a parent of this path is a file); nothing was changed".into(),
                })
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

/// Whether [`write()`] would refuse `files` (which include the manifest) in `dir`, and the changes
/// it would make if not; writes nothing. Several directories written together (an SDK) are all
/// checked first, so a refusal leaves every one of them untouched.
pub fn refusal(dir: &Path, files: &Files, options: &WriteOptions) -> Result<Vec<Change>, WriteError> {
    let owned = owned_files(dir)?;
    let changes = plan(dir, files)?;
    let in_the_way = files_in_the_way(&changes, owned.as_ref(), &options.overwrite);
    if !options.force && owned.is_none() && !is_empty_dir(dir)? {
        let clash = if in_the_way.is_empty() {
            "none of its files is in the way".to_string()
        } else {
            format!(
                "even then, these files it holds are in the way and stay untouched unless named with --overwrite: {}",
                list(&in_the_way)
            )
        };
        return Err(WriteError {
            path: dir.to_path_buf(),
            message: format!(
                "the directory is not empty and has no {MANIFEST}, so it was not made by this generator; nothing was changed. \
                 Choose another --out, or pass --force to write beside the files already there ({clash})"
            ),
        });
    }
    if !in_the_way.is_empty() {
        return Err(WriteError {
            path: dir.to_path_buf(),
            message: format!(
                "refusing to overwrite {} that this generator did not write (not in {MANIFEST}): {}; nothing was changed. \
                 Move {} away, choose another --out, or name each file to replace with --overwrite FILE (relative to --out)",
                if in_the_way.len() == 1 { "a file".to_string() } else { format!("{} files", in_the_way.len()) },
                list(&in_the_way),
                if in_the_way.len() == 1 { "it" } else { "them" },
            ),
        });
    }
    Ok(changes)
}

/// Writes `files` (plus the manifest) into `dir`; returns what changed.
///
/// Nothing is touched until every check passed; new contents then go to temporary files, which
/// are renamed into place only once all of them were written. If a rename still fails, the files
/// already replaced are put back from the bytes read before, so an error leaves every existing
/// file as it was.
pub fn write(dir: &Path, files: Files, options: WriteOptions) -> Result<Vec<Change>, WriteError> {
    let files = with_manifest(files);
    let changes = refusal(dir, &files, &options)?;
    preflight(dir, &changes)?;
    let mut created_dirs = Vec::new();
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    if let Err(e) = stage(dir, &changes, &mut staged, &mut created_dirs) {
        discard(&staged, &created_dirs);
        return Err(e);
    }
    let mut done: Vec<&Change> = Vec::new();
    for (c, (tmp, target)) in changes.iter().filter(|c| c.kind != ChangeKind::Removed).zip(&staged) {
        if let Err(e) = move_into_place(tmp, target, done.len()) {
            let rest: Vec<(PathBuf, PathBuf)> = staged.iter().skip(done.len()).cloned().collect();
            discard(&rest, &[]);
            restore(dir, &done);
            remove_created_dirs(&created_dirs);
            return Err(WriteError { path: target.clone(), message: format!("cannot move into place: {e}; nothing was changed") });
        }
        done.push(c);
    }
    for c in changes.iter().filter(|c| c.kind == ChangeKind::Removed) {
        let path = dir.join(&c.path);
        std::fs::remove_file(&path).map_err(|e| WriteError { path: path.clone(), message: format!("cannot remove stale file: {e}") })?;
        remove_empty_parents(dir, &path);
    }
    Ok(changes)
}

#[cfg(test)]
thread_local! {
    /// Makes the n-th rename of a write fail, to test what a failure halfway through leaves.
    static FAIL_RENAME_AT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

fn move_into_place(tmp: &Path, target: &Path, index: usize) -> std::io::Result<()> {
    #[cfg(test)]
    if FAIL_RENAME_AT.with(|f| f.get()) == Some(index) {
        return Err(std::io::Error::other("injected failure"));
    }
    let _ = index;
    std::fs::rename(tmp, target)
}

/// Existing files the generator would replace although it did not write them and the user did
/// not name them. Without a manifest nothing in the directory is ours.
fn files_in_the_way(changes: &[Change], owned: Option<&BTreeSet<PathBuf>>, named: &[PathBuf]) -> Vec<PathBuf> {
    changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Changed && c.path != Path::new(MANIFEST))
        .filter(|c| !owned.is_some_and(|o| o.contains(&c.path)))
        .filter(|c| !named.iter().any(|n| same_relative_path(n, &c.path)))
        .map(|c| c.path.clone())
        .collect()
}

/// `./docs/Pet.md` names `docs/Pet.md`.
fn same_relative_path(named: &Path, path: &Path) -> bool {
    let normal = |p: &Path| -> Vec<std::ffi::OsString> {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .map(|c| c.as_os_str().to_os_string())
            .collect()
    };
    normal(named) == normal(path)
}

fn list(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

/// Checks everything else that would make writing fail, before any write.
fn preflight(dir: &Path, changes: &[Change]) -> Result<(), WriteError> {
    for c in changes.iter().filter(|c| c.kind != ChangeKind::Removed) {
        let target = dir.join(&c.path);
        if target.is_dir() {
            return Err(WriteError { path: target, message: "a directory is in the way of a generated file; nothing was changed".into() });
        }
        // A file where a generated directory must go.
        let mut parent = c.path.parent();
        while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
            let on_disk = dir.join(p);
            if on_disk.exists() && !on_disk.is_dir() {
                return Err(WriteError { path: on_disk, message: "a file is in the way of a generated directory; nothing was changed".into() });
            }
            parent = p.parent();
        }
    }
    Ok(())
}

fn stage(dir: &Path, changes: &[Change], staged: &mut Vec<(PathBuf, PathBuf)>, created_dirs: &mut Vec<PathBuf>) -> Result<(), WriteError> {
    for c in changes.iter().filter(|c| c.kind != ChangeKind::Removed) {
        let target = dir.join(&c.path);
        if let Some(parent) = target.parent() {
            create_dirs(parent, created_dirs)?;
        }
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(target.file_name().unwrap_or_default());
        tmp_name.push(format!(".{}.generating", std::process::id()));
        let tmp = target.with_file_name(tmp_name);
        std::fs::write(&tmp, &c.new).map_err(|e| WriteError { path: tmp.clone(), message: format!("cannot write: {e}; nothing was changed") })?;
        staged.push((tmp, target));
    }
    Ok(())
}

/// `create_dir_all` that remembers which directories it created, outermost first.
fn create_dirs(path: &Path, created: &mut Vec<PathBuf>) -> Result<(), WriteError> {
    let mut missing = Vec::new();
    let mut p = Some(path);
    while let Some(d) = p.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        missing.push(d.to_path_buf());
        p = d.parent();
    }
    for d in missing.into_iter().rev() {
        std::fs::create_dir(&d).map_err(|e| WriteError { path: d.clone(), message: format!("cannot create directory: {e}; nothing was changed") })?;
        created.push(d);
    }
    Ok(())
}

/// Removes staged temporary files and the directories made for them.
fn discard(staged: &[(PathBuf, PathBuf)], created_dirs: &[PathBuf]) {
    for (tmp, _) in staged {
        let _ = std::fs::remove_file(tmp);
    }
    remove_created_dirs(created_dirs);
}

fn remove_created_dirs(created_dirs: &[PathBuf]) {
    for d in created_dirs.iter().rev() {
        let _ = std::fs::remove_dir(d);
    }
}

/// Puts back files already moved into place: the old bytes for changed files, nothing for added ones.
fn restore(dir: &Path, done: &[&Change]) {
    for c in done {
        let path = dir.join(&c.path);
        let _ = match c.kind {
            ChangeKind::Added => std::fs::remove_file(&path),
            _ => std::fs::write(&path, &c.old),
        };
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> Files {
        entries.iter().map(|(p, c)| (PathBuf::from(p), c.as_bytes().to_vec())).collect()
    }

    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    out.push((path.clone(), Vec::new()));
                    stack.push(path);
                } else {
                    out.push((path.clone(), std::fs::read(&path).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_rename_failing_halfway_puts_back_what_was_already_replaced() {
        let dir = std::env::temp_dir().join(format!("write-rollback-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write(&dir, files(&[("a.txt", "a1"), ("b/b.txt", "b1"), ("c.txt", "c1")]), WriteOptions::default()).unwrap();
        std::fs::write(dir.join("user.txt"), "mine").unwrap();
        let before = snapshot(&dir);
        let next = files(&[("a.txt", "a2"), ("b/b.txt", "b2"), ("c.txt", "c2"), ("d/new.txt", "d"), ("e.txt", "e")]);
        for fail_at in 0..6 {
            FAIL_RENAME_AT.with(|f| f.set(Some(fail_at)));
            let e = write(&dir, next.clone(), WriteOptions::default()).unwrap_err();
            FAIL_RENAME_AT.with(|f| f.set(None));
            assert!(e.message.contains("injected failure; nothing was changed"), "{e}");
            assert_eq!(snapshot(&dir), before, "failing rename {fail_at} left changes behind");
        }
        write(&dir, next, WriteOptions::default()).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("d/new.txt")).unwrap(), "d");
        assert_eq!(std::fs::read_to_string(dir.join("user.txt")).unwrap(), "mine");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
