//! The files of an SDK that belong to no single API crate: the shared runtime crate, the
//! workspace's `Cargo.toml`, and each crate's `CHANGELOG.md` around the entry a bump adds.

use std::path::PathBuf;

use askama::Template;

#[allow(unused_imports, reason = "used by the askama-generated code")]
use super::filters;
use super::{format, runtime, Files, RenderError, SharedRuntime};
use crate::apidiff::changelog::Entry;
use crate::manifest::Package;

#[derive(Template)]
#[template(path = "sdk_runtime_cargo_toml.txt", escape = "none")]
struct RuntimeToml<'a> {
    rt: &'a SharedRuntime,
    package: &'a Package,
    description: String,
}

#[derive(Template)]
#[template(path = "sdk_runtime_lib.rs", escape = "none")]
struct RuntimeLib<'a> {
    /// The API crates that use it, by package name.
    crates: &'a [String],
}

#[derive(Template)]
#[template(path = "sdk_workspace_toml.txt", escape = "none")]
struct WorkspaceToml<'a> {
    members: &'a [String],
}

#[derive(Template)]
#[template(path = "changelog.md", escape = "none")]
struct ChangelogHead<'a> {
    crate_name: &'a str,
}

#[derive(Template)]
#[template(path = "changelog_entry.md", escape = "none")]
struct ChangelogEntry<'a> {
    entry: &'a Entry,
}

/// The runtime crate: the same sources every crate generated alone embeds, as the modules
/// `client` (re-exported at the root), `receive` and `mock`, each behind its feature.
/// `notice_from` names what it was generated from (the manifest's file name).
pub fn runtime_crate(rt: &SharedRuntime, package: &Package, crates: &[String], notice_from: &str) -> Result<Files, RenderError> {
    let notice = format::generated_notice(notice_from, &[])?;
    let mut files = Files::new();
    let description = format!("The runtime shared by {}: errors, retries, credentials, webhook signatures, the mock server", crates.join(", "));
    let toml = render(&RuntimeToml { rt, package, description }, "Cargo.toml")?;
    files.insert(PathBuf::from("Cargo.toml"), format!("# {notice}\n{}\n", toml.trim_end()).into_bytes());
    let lib = render(&RuntimeLib { crates }, "src/lib.rs")?;
    let lib = super::format_rust(&lib).map_err(|message| RenderError { file: PathBuf::from("src/lib.rs"), message })?;
    files.insert(PathBuf::from("src/lib.rs"), format!("// {notice}\n{lib}").into_bytes());
    let moved = [("src/runtime/", "src/client/"), ("src/webhooks/receive/", "src/receive/"), ("src/mock/server.rs", "src/mock.rs")];
    for (path, source) in runtime::FILES.iter().chain(runtime::RECEIVER_FILES).chain(runtime::MOCK_FILES) {
        let path = moved
            .iter()
            .find_map(|(from, to)| path.strip_prefix(from).map(|rest| format!("{to}{rest}")))
            .unwrap_or_else(|| path.to_string());
        files.insert(PathBuf::from(path), source.as_bytes().to_vec());
    }
    Ok(files)
}

/// The SDK's workspace `Cargo.toml`, listing every crate folder.
pub fn workspace(members: &[String], notice_from: &str) -> Result<Files, RenderError> {
    let notice = format::generated_notice(notice_from, &[])?;
    let toml = render(&WorkspaceToml { members }, "Cargo.toml")?;
    Ok(Files::from([(PathBuf::from("Cargo.toml"), format!("# {notice}\n{}\n", toml.trim_end()).into_bytes())]))
}

/// A crate's `CHANGELOG.md`: the one it had (`previous`, as this generator wrote it) with `entry`
/// added on top of the older entries; a new file when there was none; `None` when there is
/// neither.
pub fn changelog(crate_name: &str, previous: Option<&str>, entry: Option<&Entry>) -> Result<Option<String>, RenderError> {
    let Some(entry) = entry else { return Ok(previous.map(str::to_string)) };
    let entry = render(&ChangelogEntry { entry }, "CHANGELOG.md")?;
    let entry = entry.trim_end();
    let previous = match previous {
        Some(p) => p.to_string(),
        None => render(&ChangelogHead { crate_name }, "CHANGELOG.md")?,
    };
    // The newest entry goes above the older ones, below the introduction.
    let text = match previous.find("\n## [") {
        Some(at) => {
            let (head, older) = previous.split_at(at + 1);
            format!("{}\n\n{entry}\n\n{}", head.trim_end(), older.trim_start())
        }
        None => format!("{}\n\n{entry}\n", previous.trim_end()),
    };
    Ok(Some(if text.ends_with('\n') { text } else { text + "\n" }))
}

fn render(template: &dyn askama::DynTemplate, file: &str) -> Result<String, RenderError> {
    super::render_template(file, template)
}
