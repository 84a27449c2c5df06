//! The API change report as text: for a terminal, for a pull request (markdown), for tools (JSON).

use super::{Bump, Change, Class, Report};

fn heading(class: Class) -> &'static str {
    match class {
        Class::Breaking => "breaking for Rust code",
        Class::Wire => "breaking on the wire only (the Rust API is the same)",
        Class::Additive => "additive",
        Class::Patch => "patch-level (docs and defaults)",
    }
}

/// `1 breaking, 3 additive change(s)`; empty when there are none.
fn counts(report: &Report) -> String {
    let parts: Vec<String> = [
        (Class::Breaking, "breaking"),
        (Class::Wire, "wire-breaking"),
        (Class::Additive, "additive"),
        (Class::Patch, "patch-level"),
    ]
    .into_iter()
    .filter_map(|(class, word)| {
        let n = report.count(class);
        (n > 0).then(|| format!("{n} {word}"))
    })
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{} change(s)", parts.join(", "))
    }
}

/// Why the bump is what it is, for the 0.x cases people get wrong.
fn bump_reason(report: &Report, version: &str) -> &'static str {
    let below_one = version.starts_with("0.");
    match (report.bump(version), below_one) {
        (Bump::Minor, true) => " (below 1.0 a breaking change bumps the minor)",
        (Bump::Patch, true) if report.is_breaking() => " (at 0.0.z every change bumps the patch)",
        (Bump::Patch, true) if report.count(Class::Additive) > 0 => " (below 1.0 an additive change bumps the patch)",
        _ => "",
    }
}

/// `API: 1 breaking, 3 additive change(s): bump to 0.2.0`, or `None` when nothing changed:
/// the line `cargo xtask generate` ends with.
pub fn summary_line(report: &Report, version: &str) -> Option<String> {
    if report.changes.is_empty() {
        return None;
    }
    Some(format!("API: {}: bump to {}", counts(report), report.next_version(version)))
}

/// For people at a terminal: the summary, then the changes grouped by class.
pub fn terminal(report: &Report, version: &str) -> String {
    let Some(summary) = summary_line(report, version) else {
        return "API: no changes\n".into();
    };
    let mut out = format!("{summary}{}\n", bump_reason(report, version));
    let mut class = None;
    for c in &report.changes {
        if class != Some(c.class) {
            class = Some(c.class);
            out.push_str(&format!("\n{}:\n", heading(c.class)));
        }
        out.push_str(&format!("  {:<20} {}\n  {:<20} {}\n", c.kind, c.item, "", c.detail));
    }
    out
}

/// For a pull request comment: a one-line verdict and a table, breaking changes first.
pub fn markdown(report: &Report, version: &str) -> String {
    if report.changes.is_empty() {
        return "**API changes: none.** The generated crate's Rust API is the same.\n".into();
    }
    let mut out = format!(
        "**API changes: {}.** Semver: {}, {} → {}{}.\n\n| Impact | Change | Item | Detail |\n|---|---|---|---|\n",
        counts(report),
        report.bump(version).as_str(),
        version,
        report.next_version(version),
        bump_reason(report, version)
    );
    for c in &report.changes {
        let impact = match c.class {
            Class::Breaking => "**breaking**",
            Class::Wire => "wire only",
            Class::Additive => "additive",
            Class::Patch => "patch",
        };
        out.push_str(&format!(
            "| {impact} | {} | `{}` | {} |\n",
            c.kind.replace('-', " "),
            cell(&c.item),
            cell(&c.detail)
        ));
    }
    out
}

/// A table cell stays one cell: `|` escaped, line breaks folded.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// For tools; the format is documented in the README ("Reviewing a spec change") and stable:
/// fields may be added, none renamed or removed.
pub fn json(report: &Report, version: &str) -> String {
    let changes: Vec<serde_json::Value> = report.changes.iter().map(change_json).collect();
    let value = serde_json::json!({
        "semver": report.bump(version).as_str(),
        "version": version,
        "next_version": report.next_version(version),
        "breaking": report.is_breaking(),
        "changes": changes,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn change_json(c: &Change) -> serde_json::Value {
    serde_json::json!({
        "kind": c.kind,
        "item": c.item,
        "breaking": c.class == Class::Breaking,
        "class": c.class.as_str(),
        "detail": c.detail,
    })
}
