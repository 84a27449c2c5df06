//! The lowering stage's error: every problem found in one pass, each with its place in the spec.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// One thing in the spec the generator cannot turn into Rust.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// JSON pointer to the place in the spec (`#/paths/~1v2~1oauth~1verify/post`).
    pub pointer: String,
    pub message: String,
}

/// All the problems lowering found in one spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct LowerError {
    pub file: PathBuf,
    pub problems: Vec<Problem>,
    /// The file (the spec, or the overlay that wrote that part) and line and column of a
    /// problem's pointer, where they could be found.
    pub positions: BTreeMap<String, (PathBuf, (usize, usize))>,
}

impl LowerError {
    /// The problems found in `file`, not yet placed (see [`LowerError::locate`]).
    pub fn new(file: PathBuf, problems: Vec<Problem>) -> Self {
        LowerError { file, problems, positions: BTreeMap::new() }
    }

    /// Places every problem with the locator the document was loaded with (it holds the
    /// texts, so nothing is read again and a spec given as text is placed too).
    pub fn locate(mut self, locator: &crate::load::Locator) -> Self {
        self.positions = self
            .problems
            .iter()
            .filter_map(|p| match locator.place(&p.pointer) {
                (file, Some(at)) => Some((p.pointer.clone(), (file, at))),
                (_, None) => None,
            })
            .collect();
        self
    }
}

impl fmt::Display for LowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{}: {} problem{} in the spec",
            self.file.display(),
            n,
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  ")?;
            if let Some((file, (line, column))) = self.positions.get(&p.pointer) {
                write!(f, "{}:{line}:{column}: ", file.display())?;
            }
            write!(f, "{}: {}", p.pointer, p.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for LowerError {}
