//! Writing a generated crate: a failure changes nothing, user files survive, stale files go.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use generator::render::Files;
use generator::write::{self, ChangeKind, WriteOptions, MANIFEST};

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("output-safety-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every file and directory below `dir` with its bytes (directories as `None`).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            if path.is_dir() {
                out.insert(rel, None);
                stack.push(path);
            } else {
                out.insert(rel, Some(std::fs::read(&path).unwrap()));
            }
        }
    }
    out
}

fn files(entries: &[(&str, &str)]) -> Files {
    entries.iter().map(|(p, c)| (PathBuf::from(p), c.as_bytes().to_vec())).collect()
}

fn spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn render(spec_path: &Path) -> Files {
    let options = generator::Options::new(spec_path, "safety");
    generator::generate(&options).unwrap().files
}

/// The project's own spec rendered into `dir`: a populated output directory.
fn populate(dir: &Path) -> Files {
    let rendered = render(&spec("../spec/channel-access-token.yml"));
    write::write(dir, rendered.clone(), WriteOptions::default()).unwrap();
    rendered
}

#[test]
fn a_bad_spec_leaves_a_populated_directory_byte_identical() {
    let tmp = TempDir::new("bad-spec");
    populate(&tmp.0);
    let before = snapshot(&tmp.0);
    for bad in ["tests/bad_specs/unresolved_ref.yml", "tests/bad_specs/not_utf8.yml", "tests/bad_specs/alias_bomb.yml"] {
        let options = generator::Options::new(spec(bad), "safety");
        assert!(generator::generate(&options).is_err(), "{bad} should not render");
    }
    assert_eq!(snapshot(&tmp.0), before);
}

#[test]
fn a_directory_in_the_way_fails_before_anything_is_written() {
    let tmp = TempDir::new("dir-in-the-way");
    let first = files(&[("a.txt", "a1"), ("m/b.txt", "b1")]);
    write::write(&tmp.0, first, WriteOptions::default()).unwrap();
    // The user made a directory where the next run wants a file; earlier files in the same
    // run (`a.txt` changes, `new/c.txt` is added) must not be written either.
    std::fs::create_dir_all(tmp.0.join("z.txt/inside")).unwrap();
    std::fs::write(tmp.0.join("z.txt/inside/keep"), "user").unwrap();
    let before = snapshot(&tmp.0);
    let second = files(&[("a.txt", "a2"), ("m/b.txt", "b2"), ("new/c.txt", "c"), ("z.txt", "z")]);
    let e = write::write(&tmp.0, second, WriteOptions::default()).unwrap_err();
    assert!(e.to_string().contains("z.txt: a directory is in the way of a generated file; nothing was changed"), "{e}");
    assert_eq!(snapshot(&tmp.0), before);
}

#[test]
fn a_file_in_the_way_of_a_directory_fails_before_anything_is_written() {
    let tmp = TempDir::new("file-in-the-way");
    write::write(&tmp.0, files(&[("a.txt", "a1")]), WriteOptions::default()).unwrap();
    std::fs::write(tmp.0.join("sub"), "a user file named like a generated directory").unwrap();
    let before = snapshot(&tmp.0);
    let e = write::write(&tmp.0, files(&[("a.txt", "a2"), ("sub/deep/b.txt", "b")]), WriteOptions::default()).unwrap_err();
    assert!(e.to_string().contains("a file is in the way of a generated directory"), "{e}");
    assert_eq!(snapshot(&tmp.0), before);
}

#[test]
fn a_failed_regeneration_of_a_real_crate_leaves_it_byte_identical() {
    let tmp = TempDir::new("real-crate");
    populate(&tmp.0);
    let before = snapshot(&tmp.0);
    // A different spec changes and adds files; one of the new files has a directory in its way.
    let next = render(&spec("tests/bad_specs/hostile_docs.yml"));
    let blocked = next.keys().rev().find(|p| !tmp.0.join(p).exists()).unwrap().clone();
    std::fs::create_dir_all(tmp.0.join(&blocked)).unwrap();
    let before_blocked = snapshot(&tmp.0);
    assert!(write::write(&tmp.0, next, WriteOptions::default()).is_err());
    assert_eq!(snapshot(&tmp.0), before_blocked);
    std::fs::remove_dir(tmp.0.join(&blocked)).unwrap();
    assert_eq!(snapshot(&tmp.0), before);
}

#[test]
fn user_files_survive_and_stale_owned_files_are_removed() {
    let tmp = TempDir::new("user-files");
    write::write(
        &tmp.0,
        files(&[("README.md", "r1"), ("src/lib.rs", "l1"), ("src/models/gone.rs", "g"), ("docs/Gone.md", "g")]),
        WriteOptions::default(),
    )
    .unwrap();
    // What a user adds beside the generated files.
    std::fs::create_dir_all(tmp.0.join("tests")).unwrap();
    std::fs::write(tmp.0.join("tests/live.rs"), "// user test").unwrap();
    std::fs::write(tmp.0.join(".gitignore"), "target/\n").unwrap();
    std::fs::write(tmp.0.join("docs/NOTES.md"), "user notes").unwrap();

    let changes = write::write(&tmp.0, files(&[("README.md", "r2"), ("src/lib.rs", "l1")]), WriteOptions::default()).unwrap();
    let kinds: Vec<(String, ChangeKind)> = changes.iter().map(|c| (c.path.display().to_string(), c.kind)).collect();
    assert!(kinds.contains(&("README.md".into(), ChangeKind::Changed)), "{kinds:?}");
    assert!(kinds.contains(&("src/models/gone.rs".into(), ChangeKind::Removed)), "{kinds:?}");
    assert!(kinds.contains(&("docs/Gone.md".into(), ChangeKind::Removed)), "{kinds:?}");

    let after = snapshot(&tmp.0);
    assert_eq!(std::fs::read_to_string(tmp.0.join("tests/live.rs")).unwrap(), "// user test");
    assert_eq!(std::fs::read_to_string(tmp.0.join(".gitignore")).unwrap(), "target/\n");
    assert_eq!(std::fs::read_to_string(tmp.0.join("docs/NOTES.md")).unwrap(), "user notes");
    assert!(!tmp.0.join("src/models/gone.rs").exists());
    assert!(!tmp.0.join("src/models").exists(), "the directory emptied by a removal goes too");
    assert!(!tmp.0.join("docs/Gone.md").exists());
    assert!(tmp.0.join("docs").is_dir(), "docs/ still holds the user's notes");
    let leftovers: Vec<_> = after.keys().filter(|p| p.to_string_lossy().contains(".generating")).collect();
    assert!(leftovers.is_empty(), "temporary files left behind: {leftovers:?}");
    let manifest = std::fs::read_to_string(tmp.0.join(MANIFEST)).unwrap();
    assert!(!manifest.contains("live.rs") && !manifest.contains("gone.rs"), "{manifest}");
}

#[test]
fn a_directory_that_is_not_ours_is_refused_unless_forced() {
    let tmp = TempDir::new("not-ours");
    std::fs::write(tmp.0.join("important.txt"), "do not touch").unwrap();
    let before = snapshot(&tmp.0);
    let e = write::write(&tmp.0, files(&[("a.txt", "a")]), WriteOptions::default()).unwrap_err();
    assert!(e.to_string().contains("is not empty and has no .generated-files"), "{e}");
    assert!(e.to_string().contains("--force"), "{e}");
    assert_eq!(snapshot(&tmp.0), before);

    write::write(&tmp.0, files(&[("a.txt", "a")]), WriteOptions { force: true, ..WriteOptions::default() }).unwrap();
    assert_eq!(std::fs::read_to_string(tmp.0.join("important.txt")).unwrap(), "do not touch");
    // Forcing adopts the directory, but the user's file is still not ours: later runs keep it.
    write::write(&tmp.0, files(&[("b.txt", "b")]), WriteOptions::default()).unwrap();
    assert_eq!(std::fs::read_to_string(tmp.0.join("important.txt")).unwrap(), "do not touch");
    assert!(!tmp.0.join("a.txt").exists());
}

#[test]
fn force_never_overwrites_a_file_the_user_did_not_name() {
    let tmp = TempDir::new("force-names");
    std::fs::write(tmp.0.join("Cargo.toml"), "[package] # the user's").unwrap();
    std::fs::write(tmp.0.join("README.md"), "the user's readme").unwrap();
    let before = snapshot(&tmp.0);
    let next = files(&[("Cargo.toml", "generated"), ("README.md", "generated"), ("src/lib.rs", "lib")]);
    let e = write::write(&tmp.0, next.clone(), WriteOptions::default()).unwrap_err();
    assert!(e.to_string().contains("in the way and stay untouched unless named with --overwrite: Cargo.toml, README.md"), "{e}");
    let e = write::write(&tmp.0, next.clone(), WriteOptions { force: true, ..WriteOptions::default() }).unwrap_err();
    assert!(e.to_string().contains("refusing to overwrite 2 files that this generator did not write"), "{e}");
    assert!(e.to_string().contains(": Cargo.toml, README.md; nothing was changed"), "{e}");
    assert_eq!(snapshot(&tmp.0), before);
    // Naming one file is not naming both.
    let one = WriteOptions { force: true, overwrite: vec![PathBuf::from("./Cargo.toml")] };
    let e = write::write(&tmp.0, next.clone(), one).unwrap_err();
    assert!(e.to_string().contains("refusing to overwrite a file that this generator did not write (not in .generated-files): README.md;"), "{e}");
    assert_eq!(snapshot(&tmp.0), before);
    let both = WriteOptions { force: true, overwrite: vec![PathBuf::from("Cargo.toml"), PathBuf::from("README.md")] };
    write::write(&tmp.0, next, both).unwrap();
    assert_eq!(std::fs::read_to_string(tmp.0.join("Cargo.toml")).unwrap(), "generated");
    assert_eq!(std::fs::read_to_string(tmp.0.join("README.md")).unwrap(), "generated");
}

#[test]
fn a_user_file_where_a_new_generated_file_goes_is_not_overwritten() {
    let tmp = TempDir::new("user-file-clash");
    write::write(&tmp.0, files(&[("a.txt", "a")]), WriteOptions::default()).unwrap();
    std::fs::create_dir_all(tmp.0.join("docs")).unwrap();
    std::fs::write(tmp.0.join("docs/Pet.md"), "the user's own page").unwrap();
    let before = snapshot(&tmp.0);
    let next = files(&[("a.txt", "a2"), ("docs/Pet.md", "generated")]);
    for force in [false, true] {
        let e = write::write(&tmp.0, next.clone(), WriteOptions { force, ..WriteOptions::default() }).unwrap_err();
        assert!(e.to_string().contains("refusing to overwrite a file that this generator did not write"), "{e}");
        assert!(e.to_string().contains("docs/Pet.md"), "{e}");
        assert_eq!(snapshot(&tmp.0), before);
    }
    write::write(&tmp.0, next, WriteOptions { force: false, overwrite: vec![PathBuf::from("docs/Pet.md")] }).unwrap();
    assert_eq!(std::fs::read_to_string(tmp.0.join("docs/Pet.md")).unwrap(), "generated");
}

#[test]
fn a_tampered_manifest_cannot_remove_files_outside_the_directory() {
    let tmp = TempDir::new("tampered");
    let out = tmp.0.join("out");
    write::write(&out, files(&[("a.txt", "a")]), WriteOptions::default()).unwrap();
    std::fs::write(tmp.0.join("outside.txt"), "keep").unwrap();
    let manifest = out.join(MANIFEST);
    let text = std::fs::read_to_string(&manifest).unwrap();
    let abs = tmp.0.join("outside.txt");
    std::fs::write(&manifest, format!("{text}../outside.txt\n{}\n", abs.display())).unwrap();
    write::write(&out, files(&[("b.txt", "b")]), WriteOptions::default()).unwrap();
    assert_eq!(std::fs::read_to_string(tmp.0.join("outside.txt")).unwrap(), "keep");
}

#[test]
fn an_unchanged_regeneration_writes_nothing() {
    let tmp = TempDir::new("unchanged");
    let rendered = populate(&tmp.0);
    let before = snapshot(&tmp.0);
    let changes = write::write(&tmp.0, rendered, WriteOptions::default()).unwrap();
    assert!(changes.is_empty(), "{:?}", changes.iter().map(|c| &c.path).collect::<Vec<_>>());
    assert_eq!(snapshot(&tmp.0), before);
}
