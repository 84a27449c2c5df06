//! A CHANGELOG entry written from a [`Report`]: each change in the Keep a Changelog section it
//! belongs to, in words for the people who use the crate, with what to do where code breaks.

use super::{Bump, Change, Class, Report};

/// One entry: `## [version] - date`, a summary line, then its sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub version: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub summary: String,
    pub sections: Vec<Section>,
}

/// `### Heading` and its bullet points (markdown, one line each).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: &'static str,
    pub items: Vec<String>,
}

/// The entry for the version a report bumps `previous` to; `None` when nothing changed.
pub fn entry(report: &Report, previous: &str, date: &str) -> Option<Entry> {
    if report.changes.is_empty() {
        return None;
    }
    let version = report.next_version(previous);
    let bump = report.bump(previous);
    let breaking = report.count(Class::Breaking);
    let summary = if breaking > 0 {
        format!(
            "**Breaking:** {breaking} change{} may stop code written for {previous} from compiling (see Removed and Changed); {}.",
            plural(breaking),
            bump_words(bump, previous, &version)
        )
    } else if report.count(Class::Wire) > 0 {
        format!(
            "Code written for {previous} compiles unchanged, but builds made from the older spec talk to the API the old way: rebuild and redeploy ({}).",
            bump_words(bump, previous, &version)
        )
    } else {
        format!("Code written for {previous} compiles unchanged ({}).", bump_words(bump, previous, &version))
    };
    // Keep a Changelog's order.
    let order = ["Added", "Changed", "Deprecated", "Removed", "Fixed"];
    let mut sections: Vec<Section> = order.iter().map(|heading| Section { heading, items: Vec::new() }).collect();
    for c in &report.changes {
        let (heading, line) = describe(c);
        if let Some(s) = sections.iter_mut().find(|s| s.heading == heading) {
            s.items.push(line);
        }
    }
    sections.retain(|s| !s.items.is_empty());
    Some(Entry { version, date: date.to_string(), summary, sections })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn bump_words(bump: Bump, previous: &str, next: &str) -> String {
    let what = match bump {
        Bump::Major => "a major",
        Bump::Minor => "a minor",
        Bump::Patch => "a patch",
        Bump::None => "no",
    };
    format!("{what} release, {previous} → {next}")
}

/// The section a change goes in and its bullet text.
fn describe(c: &Change) -> (&'static str, String) {
    let item = format!("`{}`", c.item.replace('`', "'"));
    let detail = c.detail.trim_end_matches('.');
    match c.class {
        Class::Breaking => {
            let heading = if c.kind.ends_with("-removed") { "Removed" } else { "Changed" };
            (heading, format!("**Breaking:** {item}: {detail}. {}", advice(c.kind)))
        }
        Class::Additive if c.kind.ends_with("-deprecated") => ("Deprecated", format!("{item}: {detail}.")),
        Class::Additive => ("Added", format!("{item}: {detail}.")),
        Class::Wire => (
            "Changed",
            format!("On the wire only (the Rust API is the same): {item}: {detail}. Builds made before this release talk to the API the old way; rebuild and redeploy."),
        ),
        Class::Patch if c.kind.contains("doc") => ("Changed", format!("Documentation: {item}: {detail}.")),
        Class::Patch => ("Changed", format!("{item}: {detail}.")),
    }
}

/// What a user whose code breaks does about it.
fn advice(kind: &str) -> &'static str {
    match kind {
        "operation-removed" | "api-removed" => "The API no longer offers it: remove the calls.",
        "receiver-removed" => "The API no longer sends it: remove the receiver.",
        "model-removed" => "Remove the code that names it.",
        "field-removed" => "Stop setting or reading it.",
        "param-removed" => "Drop the argument from the calls.",
        "error-removed" => "Remove the `match` arms that name it.",
        "enum-value-removed" | "variant-removed" => "Remove the `match` arms and the code that names it.",
        "server-removed" | "auth-removed" => "Remove the builder calls that name it.",
        "param-added" => "Pass the new argument in every call.",
        "field-added" => "Give the new field where the struct is built.",
        "params-reordered" => "Reorder the arguments of the calls.",
        "operation-moved" => "Call it through its new API group.",
        "enum-value-added" | "variant-added" => "Add a `match` arm for it.",
        _ => "Update the code to the new type shown.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(class: Class, kind: &'static str, item: &str, detail: &str) -> Change {
        Change { class, kind, item: item.into(), detail: detail.into() }
    }

    #[test]
    fn each_change_lands_in_its_section_with_advice_where_code_breaks() {
        let report = Report {
            changes: vec![
                change(Class::Breaking, "operation-removed", "MessagingApi::old", "`GET /old` is gone"),
                change(Class::Breaking, "field-changed", "models::A.b", "type `i32` → `i64` (response)"),
                change(Class::Wire, "operation-changed", "MessagingApi::x", "server `a` → `b`"),
                change(Class::Additive, "operation-added", "MessagingApi::new_one", "new `GET /new`"),
                change(Class::Additive, "operation-deprecated", "MessagingApi::y", "now `#[deprecated]`"),
                change(Class::Patch, "doc-changed", "MessagingApi::z", "description or summary changed"),
            ],
        };
        let e = entry(&report, "1.4.2", "2026-12-07").unwrap();
        assert_eq!(e.version, "2.0.0");
        assert!(e.summary.starts_with("**Breaking:** 2 changes") && e.summary.contains("1.4.2 → 2.0.0"), "{}", e.summary);
        let headings: Vec<&str> = e.sections.iter().map(|s| s.heading).collect();
        assert_eq!(headings, ["Added", "Changed", "Deprecated", "Removed"]);
        let removed = &e.sections[3].items[0];
        assert!(removed.contains("`MessagingApi::old`") && removed.contains("remove the calls"), "{removed}");
        let changed = e.sections[1].items.join("\n");
        assert!(changed.contains("**Breaking:** `models::A.b`"), "{changed}");
        assert!(changed.contains("On the wire only") && changed.contains("`MessagingApi::x`"), "{changed}");
        assert!(changed.contains("Documentation: `MessagingApi::z`"), "{changed}");
        assert_eq!(entry(&Report { changes: Vec::new() }, "1.0.0", "2026-12-07"), None);
    }

    #[test]
    fn below_one_the_words_follow_cargos_rules() {
        let additive = Report { changes: vec![change(Class::Additive, "model-added", "models::M", "new struct (response)")] };
        let e = entry(&additive, "0.3.1", "2026-01-01").unwrap();
        assert_eq!(e.version, "0.3.2");
        assert!(e.summary.contains("a patch release, 0.3.1 → 0.3.2"), "{}", e.summary);
    }
}
