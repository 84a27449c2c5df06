//! Builds generated crates for real: one temporary workspace of them that shares this
//! workspace's target directory and lock file, so dependencies are compiled once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

pub struct Scratch {
    dir: PathBuf,
    root: PathBuf,
    members: Vec<String>,
}

impl Scratch {
    /// An empty workspace under the system's temporary directory, named `name` and this process.
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch { dir, root: Path::new(env!("CARGO_MANIFEST_DIR")).join(".."), members: Vec::new() }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes a generated crate into the workspace as member `krate`.
    pub fn add(&mut self, krate: &str, generated: generator::Generated) {
        generator::write::write(&self.dir.join(krate), generated.files, generator::write::WriteOptions::default()).unwrap();
        self.members.push(format!("\"{krate}\""));
    }

    /// Runs `cargo <args> --offline --message-format short` over the members, with `RUSTDOCFLAGS`
    /// when given, and prints how long `what` took.
    pub fn cargo(&self, what: &str, args: &[&str], rustdocflags: Option<&str>) -> Output {
        std::fs::write(
            self.dir.join("Cargo.toml"),
            format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", self.members.join(", ")),
        )
        .unwrap();
        std::fs::copy(self.root.join("Cargo.lock"), self.dir.join("Cargo.lock")).unwrap();
        let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| self.root.join("target"));
        let (cargo_args, after) = match args.iter().position(|a| *a == "--") {
            Some(i) => args.split_at(i),
            None => (args, &[][..]),
        };
        let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        command
            .args(cargo_args)
            .args(["--offline", "--message-format", "short"])
            .args(after)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", target);
        if let Some(flags) = rustdocflags {
            command.env("RUSTDOCFLAGS", flags);
        }
        let started = Instant::now();
        let output = command.output().unwrap();
        println!("{what}: {} crates in {:?}", self.members.len(), started.elapsed());
        output
    }

    pub fn remove(self) {
        std::fs::remove_dir_all(&self.dir).ok();
    }
}
