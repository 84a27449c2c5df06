//! Where `generate` may write: never the workspace root, an ancestor of it, or a package of the
//! workspace other than a generated crate under its own name, so no command line can break the
//! workspace.

use std::path::{Component, Path, PathBuf};

use generator::write::MANIFEST;

/// `path` made absolute against the current directory, `.` and `..` resolved and symlinks of
/// the part that exists followed, without requiring the path itself to exist.
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
        if let Ok(real) = out.canonicalize() {
            out = real;
        }
    }
    out
}

/// Refuses output directories that would damage the workspace at `root` when the crate
/// `crate_name` is written there; `shown` is the directory as the user typed it, for the message.
pub fn check_out_dir(root: &Path, out: &Path, shown: &Path, crate_name: &str) -> Result<(), String> {
    let root = resolve(root);
    let out = resolve(out);
    let shown = shown.display();
    if out == root {
        return Err(format!(
            "refusing to write into {shown}: it is the workspace root ({}), which holds the workspace's own Cargo.toml; \
             nothing was changed. Choose another --out",
            root.display()
        ));
    }
    if root.starts_with(&out) {
        return Err(format!(
            "refusing to write into {shown}: it is an ancestor of the workspace ({}); nothing was changed. Choose another --out",
            root.display()
        ));
    }
    let Ok(inside) = out.strip_prefix(&root) else {
        return Ok(());
    };
    if lists_cargo_toml(&out) {
        // A crate this generator wrote (generated/, a test crate): regenerating it in place is
        // what it is for, but under another name it would break the packages that use it.
        return match package_name(&out) {
            Some(name) if name != crate_name => Err(format!(
                "refusing to write the crate `{crate_name}` into {shown}: it holds the generated crate `{name}` of this \
                 workspace, and renaming it would break the packages that depend on it; nothing was changed. \
                 Pass --crate-name {name}, or choose another --out"
            )),
            _ => Ok(()),
        };
    }
    // A directory of the workspace holding a Cargo.toml is one of its packages (or the
    // conformance workspace); nothing may be written into one or below it.
    let mut dir = root.clone();
    for (i, part) in inside.components().enumerate() {
        dir.push(part);
        let is_out = i + 1 == inside.components().count();
        if dir.join("Cargo.toml").is_file() {
            return Err(format!(
                "refusing to write into {shown}: {} is a package of this workspace that the generator did not write \
                 (it holds a Cargo.toml{}); nothing was changed. Choose a directory outside the workspace's packages for --out",
                dir.display(),
                if is_out { "" } else { " and --out is inside it" }
            ));
        }
    }
    Ok(())
}

/// The `name` of the package in `dir`'s Cargo.toml, read the simple way generated manifests allow.
fn package_name(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    text.lines()
        .find_map(|l| l.trim().strip_prefix("name = "))
        .map(|v| v.trim().trim_matches('"').to_string())
}

/// Whether the generator's manifest in `dir` lists a Cargo.toml, i.e. the crate there is ours.
fn lists_cargo_toml(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(MANIFEST)).is_ok_and(|text| text.lines().any(|l| l.trim() == "Cargo.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_removes_dot_segments_of_paths_that_do_not_exist() {
        let base = resolve(&std::env::temp_dir());
        let p = base.join("xtask-guard-none/./a/../b");
        assert_eq!(resolve(&p), base.join("xtask-guard-none/b"));
    }

    #[test]
    fn the_root_its_ancestors_and_its_packages_are_refused() {
        let root = crate::root();
        let refused = |out: PathBuf| check_out_dir(&root, &out, &out, "line_x").unwrap_err();
        assert!(refused(root.clone()).contains("is the workspace root"));
        assert!(refused(root.join("xtask/..")).contains("is the workspace root"));
        assert!(refused(root.join("..")).contains("is an ancestor of the workspace"));
        assert!(refused(root.join("xtask")).contains("is a package of this workspace"));
        assert!(refused(root.join("generator/src/new")).contains("and --out is inside it"));
        let generated = root.join("generated");
        assert_eq!(check_out_dir(&root, &generated, Path::new("generated"), "line_channel_access_token"), Ok(()));
        assert!(refused(generated).contains("it holds the generated crate `line_channel_access_token`"));
        assert_eq!(check_out_dir(&root, &root.join("target/elsewhere"), Path::new("x"), "line_x"), Ok(()));
    }
}
