//! Where `generate` may write: never the workspace root, an ancestor of it, or a package of the
//! workspace other than the generated crate itself, so no command line can break the workspace.

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

/// Refuses output directories that would damage the workspace at `root`; `shown` is the
/// directory as the user typed it, for the message.
pub fn check_out_dir(root: &Path, out: &Path, shown: &Path) -> Result<(), String> {
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
    if let Ok(inside) = out.strip_prefix(&root) {
        // A directory of the workspace holding a Cargo.toml is one of its packages (or the
        // conformance workspace); only a crate this generator wrote may be regenerated in place.
        let mut dir = root.clone();
        for (i, part) in inside.components().enumerate() {
            dir.push(part);
            let is_out = i + 1 == inside.components().count();
            if dir.join("Cargo.toml").is_file() && !(is_out && lists_cargo_toml(&dir)) {
                return Err(format!(
                    "refusing to write into {shown}: {} is a package of this workspace that the generator did not write \
                     (it holds a Cargo.toml{}); nothing was changed. Choose a directory outside the workspace's packages for --out",
                    dir.display(),
                    if is_out { "" } else { " and --out is inside it" }
                ));
            }
        }
    }
    Ok(())
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
        let refused = |out: PathBuf| check_out_dir(&root, &out, &out).unwrap_err();
        assert!(refused(root.clone()).contains("is the workspace root"));
        assert!(refused(root.join("xtask/..")).contains("is the workspace root"));
        assert!(refused(root.join("..")).contains("is an ancestor of the workspace"));
        assert!(refused(root.join("xtask")).contains("is a package of this workspace"));
        assert!(refused(root.join("generator/src/new")).contains("and --out is inside it"));
        assert_eq!(check_out_dir(&root, &root.join("generated"), Path::new("generated")), Ok(()));
        assert_eq!(check_out_dir(&root, &root.join("target/elsewhere"), Path::new("x")), Ok(()));
    }
}
