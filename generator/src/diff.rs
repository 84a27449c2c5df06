//! Line diffs: unified diffs for `--check` and `diff-spec`, and +/− counts for the summary.

/// One line of an edit script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Keep(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// Above this many cells, the LCS table is not built and the middle is replaced wholesale.
const MAX_TABLE: usize = 40_000_000;

fn edits(a: &[&str], b: &[&str]) -> Vec<Edit> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let a_rest = a.get(prefix..).unwrap_or(&[]);
    let b_rest = b.get(prefix..).unwrap_or(&[]);
    let suffix = a_rest.iter().rev().zip(b_rest.iter().rev()).take_while(|(x, y)| x == y).count();
    let am = a_rest.get(..a_rest.len() - suffix).unwrap_or(&[]);
    let bm = b_rest.get(..b_rest.len() - suffix).unwrap_or(&[]);
    let mut out: Vec<Edit> = (0..prefix).map(|i| Edit::Keep(i, i)).collect();
    let (n, m) = (am.len(), bm.len());
    if n.saturating_mul(m) > MAX_TABLE {
        out.extend((0..n).map(|i| Edit::Delete(prefix + i)));
        out.extend((0..m).map(|j| Edit::Insert(prefix + j)));
    } else {
        // lcs[i][j] = length of the LCS of am[i..] and bm[j..].
        let width = m + 1;
        let mut lcs = vec![0u32; (n + 1) * width];
        let at = |lcs: &[u32], i: usize, j: usize| lcs.get(i * width + j).copied().unwrap_or(0);
        for (i, x) in am.iter().enumerate().rev() {
            for (j, y) in bm.iter().enumerate().rev() {
                let v = if x == y {
                    at(&lcs, i + 1, j + 1) + 1
                } else {
                    at(&lcs, i + 1, j).max(at(&lcs, i, j + 1))
                };
                if let Some(cell) = lcs.get_mut(i * width + j) {
                    *cell = v;
                }
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am.get(i) == bm.get(j) {
                out.push(Edit::Keep(prefix + i, prefix + j));
                i += 1;
                j += 1;
            } else if i < n && (j == m || at(&lcs, i + 1, j) >= at(&lcs, i, j + 1)) {
                out.push(Edit::Delete(prefix + i));
                i += 1;
            } else {
                out.push(Edit::Insert(prefix + j));
                j += 1;
            }
        }
    }
    out.extend((0..suffix).map(|k| Edit::Keep(a.len() - suffix + k, b.len() - suffix + k)));
    out
}

/// Lines added and removed going from `old` to `new`.
pub fn line_counts(old: &str, new: &str) -> (usize, usize) {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let script = edits(&a, &b);
    let added = script.iter().filter(|e| matches!(e, Edit::Insert(_))).count();
    let removed = script.iter().filter(|e| matches!(e, Edit::Delete(_))).count();
    (added, removed)
}

/// A unified diff with three lines of context; empty when the texts are equal.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let script = edits(&a, &b);
    if script.iter().all(|e| matches!(e, Edit::Keep(..))) {
        return String::new();
    }
    const CONTEXT: usize = 3;
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    let changed: Vec<usize> = script
        .iter()
        .enumerate()
        .filter(|(_, e)| !matches!(e, Edit::Keep(..)))
        .map(|(i, _)| i)
        .collect();
    let mut k = 0;
    while let Some(&first) = changed.get(k) {
        let start = first.saturating_sub(CONTEXT);
        let mut end = first;
        while let Some(&c) = changed.get(k) {
            if c > end + 2 * CONTEXT + 1 {
                break;
            }
            end = c;
            k += 1;
        }
        let end = (end + CONTEXT + 1).min(script.len());
        let hunk = script.get(start..end).unwrap_or(&[]);
        let old_start = hunk.iter().find_map(|e| match e {
            Edit::Keep(i, _) | Edit::Delete(i) => Some(*i),
            Edit::Insert(_) => None,
        });
        let new_start = hunk.iter().find_map(|e| match e {
            Edit::Keep(_, j) | Edit::Insert(j) => Some(*j),
            Edit::Delete(_) => None,
        });
        let old_len = hunk.iter().filter(|e| !matches!(e, Edit::Insert(_))).count();
        let new_len = hunk.iter().filter(|e| !matches!(e, Edit::Delete(_))).count();
        let at = |s: Option<usize>, len: usize| if len == 0 { s.unwrap_or(0) } else { s.unwrap_or(0) + 1 };
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            at(old_start, old_len),
            old_len,
            at(new_start, new_len),
            new_len
        ));
        for e in hunk {
            let (sign, line) = match *e {
                Edit::Keep(i, _) => (' ', a.get(i)),
                Edit::Delete(i) => ('-', a.get(i)),
                Edit::Insert(j) => ('+', b.get(j)),
            };
            out.push(sign);
            out.push_str(line.copied().unwrap_or(""));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_hunks() {
        let old = "a\nb\nc\nd\n";
        let new = "a\nB\nc\nd\ne\n";
        assert_eq!(line_counts(old, new), (2, 1));
        let d = unified(old, new, "old", "new");
        assert_eq!(d, "--- old\n+++ new\n@@ -1,4 +1,5 @@\n a\n-b\n+B\n c\n d\n+e\n");
        assert_eq!(unified(old, old, "x", "y"), "");
    }
}
