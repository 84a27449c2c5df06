//! `cargo xtask generate` on bad input: exit status 1 (never a panic's 101), the error printed,
//! the output directory untouched.

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/bad_specs").join(name)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn generate(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).arg("generate").args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn bad_specs_exit_1_with_the_located_error() {
    let out = scratch("bad");
    let out_arg = out.join("crate");
    let cases = [
        ("not_utf8.yml", "not_utf8.yml:3:13: the spec is not valid UTF-8 text"),
        ("openapi31.yml", "OpenAPI 3.1.0 (#/openapi) is not supported"),
        ("ref_to_itself.yml", "#/components/schemas/Loop: $ref `#/components/schemas/Loop` is part of a cycle"),
        ("alias_bomb.yml", "YAML aliases are expanded too many times"),
        ("typos_and_swagger_habits.yml", "typos_and_swagger_habits.yml:27:7: #/components/schemas/User/requried: unknown key `requried` in a Schema object; did you mean `required`?"),
    ];
    for (spec, expected) in cases {
        let spec_path = corpus(spec);
        let (code, stderr) = generate(&[
            "--spec",
            spec_path.to_str().unwrap(),
            "--out",
            out_arg.to_str().unwrap(),
            "--crate-name",
            "bad",
        ]);
        assert_eq!(code, 1, "{spec}: exit status {code}, stderr:\n{stderr}");
        assert!(stderr.starts_with("error: "), "{spec}: {stderr}");
        assert!(stderr.contains(expected), "{spec}: expected `{expected}` in:\n{stderr}");
        assert!(!out_arg.exists(), "{spec}: a failed run created the output directory");
    }
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn missing_spec_and_foreign_directory_exit_1() {
    let dir = scratch("foreign");
    let (code, stderr) = generate(&["--spec", dir.join("nope.yml").to_str().unwrap(), "--out", dir.join("o").to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("nope.yml: cannot read the spec"), "{stderr}");

    std::fs::write(dir.join("mine.txt"), "user file").unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/channel-access-token.yml");
    let (code, stderr) = generate(&["--spec", spec.to_str().unwrap(), "--out", dir.to_str().unwrap(), "--crate-name", "x"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("has no .generated-files") && stderr.contains("--force"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("mine.txt")]);
    std::fs::remove_dir_all(&dir).ok();
}
