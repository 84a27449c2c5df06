//! Renders the IR into an in-memory file tree: everything that turns IR into text lives here.
//!
//! The askama templates (`templates/`) format; `rust.rs` and `markdown.rs` say how IR values are
//! written as Rust and in the docs; `format.rs` parses and pretty-prints every Rust file;
//! `runtime.rs` embeds the static client runtime; `reserved.rs` lists the names the templates use.

pub mod cache;
pub mod escape;
mod example;
mod format;
pub mod markdown;
mod reserved;
mod runtime;
pub mod rust;
pub mod sdk;
mod sections;
mod usage;

pub use reserved::RESERVED;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use askama::Template;

use crate::ir;
// The templates call these traits' methods on IR values.
#[allow(unused_imports, reason = "used by the askama-generated code")]
use markdown::{FieldDoc, MethodDoc, ParamDoc, ReceiverDoc, ResponseDoc, TagDoc, TypeDoc};
#[allow(unused_imports, reason = "used by the askama-generated code")]
use rust::{
    CrateRust, ErrorStatusRust, ExampleRust, FieldRust, FramingRust, MethodRust, MockParamRust, MockRust, OperationRust, PagingRust, ParamRust, ReceiverRust, ResponseRust, StructRust, TypeRust,
};

/// The rendered crate: relative path → file contents.
pub type Files = BTreeMap<PathBuf, Vec<u8>>;

/// A template failed, or rendered Rust that does not parse.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderError {
    /// The output file being rendered.
    pub file: PathBuf,
    pub message: String,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rendering {}: {}", self.file.display(), self.message)
    }
}

impl std::error::Error for RenderError {}

/// What the renderer needs besides the IR.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// File name of the spec, for the `@generated` header.
    pub spec_name: String,
    /// A complete program shown as the usage example of the README and the crate docs (where
    /// it is compiled as a doctest); a small default one when `None`.
    pub readme_example: Option<String>,
    /// Markdown sections added to the README after its usage section, in order.
    pub readme_sections: Vec<String>,
    /// The name of the folder the crate is written to, for the README's dependency snippet.
    pub crate_dir: String,
    /// File names of the overlays applied to the spec, in order (named in the header and README).
    pub overlays: Vec<String>,
    /// The `[package]` metadata of the crate's `Cargo.toml`.
    pub package: crate::manifest::Package,
    /// The SDK's runtime crate, when the crate is one of a manifest's: the crate then depends
    /// on it instead of carrying its own copy of the runtime.
    pub shared_runtime: Option<SharedRuntime>,
}

/// The runtime crate the API crates of an SDK share, as one of them names it.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedRuntime {
    /// Its package name (`line-bot-sdk-runtime`).
    pub package: String,
    /// Its name in Rust code (`line_bot_sdk_runtime`).
    pub ident: String,
    pub version: String,
    /// The path from the API crate's folder to the runtime's (`../line-bot-sdk-runtime`).
    pub path: String,
}

mod filters {
    use std::fmt::Display;

    /// Rustdoc attributes for a description.
    #[askama::filter_fn]
    pub fn doc(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::escape::doc_attrs(&s.to_string()))
    }

    /// Crate-level rustdoc (`#![doc]`) for a description.
    #[askama::filter_fn]
    pub fn inner_doc(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::escape::inner_doc_attrs(&s.to_string()))
    }

    /// Crate-level rustdoc lines holding `s` verbatim (the inside of a code block).
    #[askama::filter_fn]
    pub fn inner_doc_code(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::escape::inner_doc_verbatim(&s.to_string()))
    }

    /// A description inside a one-line doc list item.
    #[askama::filter_fn]
    pub fn doc_inline(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::escape::doc_inline(&s.to_string()))
    }

    /// Spec text shown literally as inline code in a doc comment, on one line.
    #[askama::filter_fn]
    pub fn code(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::escape::code_span(&s.to_string()))
    }

    /// A URL as a markdown autolink, or inline code when it is not a plain URL.
    #[askama::filter_fn]
    pub fn url_link(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::escape::md_url_link(&s.to_string()))
    }

    /// A URL as markdown text, or inline code when it is not a plain URL.
    #[askama::filter_fn]
    pub fn url_text(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::escape::md_url_text(&s.to_string()))
    }

    /// A Rust string literal.
    #[askama::filter_fn]
    pub fn lit(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::escape::rust_string(&s.to_string()))
    }

    /// A TOML basic string.
    #[askama::filter_fn]
    pub fn toml(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        let mut out = String::from("\"");
        for c in s.to_string().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04X}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        Ok(out)
    }

    /// An identifier without its raw prefix (`r#type` → `type`), for docs and strings.
    #[askama::filter_fn]
    pub fn bare(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::rust::unraw(&s.to_string()).to_string())
    }

    /// A markdown table cell.
    #[askama::filter_fn]
    pub fn cell(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::escape::md_cell(&s.to_string()))
    }

    /// Text on one markdown line.
    #[askama::filter_fn]
    pub fn line(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::escape::md_line(&s.to_string()))
    }

    /// A markdown heading anchor.
    #[askama::filter_fn]
    pub fn anchor(s: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(s.to_string()
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect())
    }
}

#[derive(Template)]
#[template(path = "cargo_toml.txt", escape = "none")]
struct CargoToml<'a> {
    krate: &'a ir::Crate,
    description: String,
    package: &'a crate::manifest::Package,
    runtime: Option<&'a SharedRuntime>,
}

#[derive(Template)]
#[template(path = "lib.rs", escape = "none")]
struct LibRs<'a> {
    krate: &'a ir::Crate,
    /// The crate docs' first line.
    title: String,
    example: &'a str,
    runtime: Option<&'a SharedRuntime>,
}

#[derive(Template)]
#[template(path = "apis_mod.rs", escape = "none")]
struct ApisMod<'a> {
    krate: &'a ir::Crate,
}

#[derive(Template)]
#[template(path = "api.rs", escape = "none")]
struct ApiRs<'a> {
    krate: &'a ir::Crate,
    group: &'a ir::ApiGroup,
}

#[derive(Template)]
#[template(path = "mock.rs", escape = "none")]
struct MockRs<'a> {
    krate: &'a ir::Crate,
    runtime: Option<&'a SharedRuntime>,
}

#[derive(Template)]
#[template(path = "webhooks_mod.rs", escape = "none")]
struct WebhooksMod<'a> {
    krate: &'a ir::Crate,
    runtime: Option<&'a SharedRuntime>,
}

#[derive(Template)]
#[template(path = "webhooks_doc.md", escape = "none")]
struct WebhooksDoc<'a> {
    krate: &'a ir::Crate,
}

#[derive(Template)]
#[template(path = "models_mod.rs", escape = "none")]
struct ModelsMod<'a> {
    krate: &'a ir::Crate,
}

#[derive(Template)]
#[template(path = "model.rs", escape = "none")]
struct ModelRs<'a> {
    model: &'a ir::Model,
}

#[derive(Template)]
#[template(path = "api_doc.md", escape = "none")]
struct ApiDoc<'a> {
    group: &'a ir::ApiGroup,
    base_url: &'a str,
    servers: &'a [ir::Server],
    security: &'a [ir::SecurityScheme],
}

#[derive(Template)]
#[template(path = "model_doc.md", escape = "none")]
struct ModelDoc<'a> {
    model: &'a ir::Model,
}

#[derive(Template)]
#[template(path = "readme.md", escape = "none")]
struct Readme<'a> {
    krate: &'a ir::Crate,
    base_url: &'a str,
    example: &'a str,
    /// The axum bot of the Webhooks section (empty without receivers).
    webhook_example: &'a str,
    /// The integration test of the Testing section (empty when no operation can be called).
    testing_example: &'a str,
    /// The receiver test of the Webhooks section (empty without receivers).
    webhook_test: &'a str,
    crate_dir: &'a str,
    overlays: &'a [String],
    /// Sections after the usage section: streaming downloads, the project's own guides.
    sections: &'a str,
}

pub use format::format_rust;
pub(crate) use format::formatter_identity;

/// Renders the whole crate in memory, reusing formatted Rust from `cache` for sources it has
/// seen. Returns the files and the time spent parsing and pretty-printing Rust.
pub(crate) fn render(krate: &ir::Crate, options: &RenderOptions, cache: &mut cache::FormatCache) -> Result<(Files, Duration), RenderError> {
    // The markdown docs come from the same function as `render_docs`, so both give the same bytes.
    let mut files = render_docs(krate, options)?;
    let notice = format::generated_notice(&options.spec_name, &options.overlays)?;

    let mut out = Output { files: &mut files, notice: &notice, pending_rust: Vec::new() };
    let description = if krate.receives_only() {
        format!("Models and webhook receivers for {} (generated from its OpenAPI spec)", krate.title)
    } else {
        format!("Client for {} (generated from its OpenAPI spec)", krate.title)
    };
    let shared = options.shared_runtime.as_ref();
    out.toml("Cargo.toml", &CargoToml { krate, description, package: &options.package, runtime: shared })?;
    let doc_example = if krate.receives_only() && options.readme_example.is_none() {
        example::core(krate).unwrap_or_default()
    } else {
        usage_example(krate, options)
    };
    // Spec text, made inert for rustdoc like every description.
    let title = format!(
        " A Rust {} for {} (spec version {}), generated from its OpenAPI document.",
        if krate.receives_only() { "crate" } else { "client" },
        escape::doc_inline(&krate.title),
        escape::doc_inline(&krate.spec_version)
    );
    out.rust("src/lib.rs", &LibRs { krate, title, example: &doc_example, runtime: shared })?;
    // A crate of an SDK uses the SDK's runtime crate; one generated alone carries a copy.
    let embed = |files: &mut Files, embedded: &[(&str, &str)]| {
        if shared.is_none() {
            for (path, source) in embedded {
                files.insert(PathBuf::from(path), source.as_bytes().to_vec());
            }
        }
    };
    // Without operations there is nothing to call: the crate is its models alone.
    if !krate.apis.is_empty() {
        out.rust("src/apis/mod.rs", &ApisMod { krate })?;
        embed(out.files, runtime::FILES);
        out.rust("src/mock/mod.rs", &MockRs { krate, runtime: shared })?;
        embed(out.files, runtime::MOCK_FILES);
    }
    if !krate.receivers.is_empty() {
        out.rust("src/webhooks/mod.rs", &WebhooksMod { krate, runtime: shared })?;
        embed(out.files, runtime::RECEIVER_FILES);
    }
    for group in &krate.apis {
        out.rust(&format!("src/apis/{}.rs", rust::unraw(&group.module)), &ApiRs { krate, group })?;
    }
    out.rust("src/models/mod.rs", &ModelsMod { krate })?;
    for model in &krate.models {
        out.rust(&format!("src/models/{}.rs", model.file), &ModelRs { model })?;
    }
    let pending = std::mem::take(&mut out.pending_rust);
    let started = std::time::Instant::now();
    let mut to_format = Vec::new();
    for (path, source) in pending {
        match cache.get(&source) {
            Some(formatted) => {
                files.insert(path, format!("// {notice}\n{formatted}").into_bytes());
            }
            None => to_format.push((path, source)),
        }
    }
    for (path, source, formatted) in format::format_all(to_format) {
        let formatted = formatted?;
        cache.insert(&source, &formatted);
        files.insert(path, format!("// {notice}\n{formatted}").into_bytes());
    }
    Ok((files, started.elapsed()))
}

/// Renders the crate's markdown docs alone (`README.md`, `docs/*.md`), byte for byte as
/// [`render`] writes them, without rendering or formatting any Rust: what a doc diff needs.
pub(crate) fn render_docs(krate: &ir::Crate, options: &RenderOptions) -> Result<Files, RenderError> {
    let mut files = Files::new();
    let base_url = krate.servers.first().map(|s| s.url.as_str()).unwrap_or_default();
    if !krate.receivers.is_empty() {
        markdown(&mut files, "docs/Webhooks.md", &WebhooksDoc { krate })?;
    }
    for group in &krate.apis {
        markdown(
            &mut files,
            &format!("docs/{}.md", group.class_name),
            &ApiDoc {
                group,
                base_url: krate.servers.get(group.server).map_or(base_url, |s| s.url.as_str()),
                servers: &krate.servers,
                security: &krate.security_schemes,
            },
        )?;
    }
    for model in &krate.models {
        markdown(&mut files, &format!("docs/{}.md", model.name), &ModelDoc { model })?;
    }
    // A crate with receivers shows an axum bot in its README; the crate docs, which build
    // without the `axum` feature, show the framework-free receiver instead.
    let webhook_example = example::axum_bot(krate).unwrap_or_default();
    let testing_example = usage::testing_program(krate).unwrap_or_default();
    let webhook_test = example::axum_test(krate).unwrap_or_default();
    let sections = sections::readme_sections(krate, &options.readme_sections)
        .map_err(|e| RenderError { file: PathBuf::from("README.md"), message: e.to_string() })?;
    markdown(
        &mut files,
        "README.md",
        &Readme {
            krate,
            base_url,
            example: &usage_example(krate, options),
            webhook_example: &webhook_example,
            testing_example: &testing_example,
            webhook_test: &webhook_test,
            crate_dir: &options.crate_dir,
            overlays: &options.overlays,
            sections: &sections,
        },
    )?;
    Ok(files)
}

/// Every operation of the crate with its group, in group and name order.
pub(super) fn grouped_operations(krate: &ir::Crate) -> impl Iterator<Item = (&ir::ApiGroup, &ir::Operation)> {
    krate.apis.iter().flat_map(|g| g.operations.iter().map(move |op| (g, op)))
}

/// The README's usage example: the project's, else a small default one.
fn usage_example(krate: &ir::Crate, options: &RenderOptions) -> String {
    match &options.readme_example {
        Some(example) => example.trim().to_string(),
        None => default_example(krate),
    }
}

fn render_template(path: &str, template: &dyn askama::DynTemplate) -> Result<String, RenderError> {
    template.dyn_render().map_err(|e| RenderError { file: PathBuf::from(path), message: e.to_string() })
}

fn markdown(files: &mut Files, path: &str, template: &dyn askama::DynTemplate) -> Result<(), RenderError> {
    let source = render_template(path, template)?;
    files.insert(PathBuf::from(path), tidy_markdown(&source).into_bytes());
    Ok(())
}

struct Output<'a> {
    files: &'a mut Files,
    /// The `@generated` notice, without its comment marker.
    notice: &'a str,
    /// Rendered Rust waiting to be parsed and pretty-printed, all at once, on every core.
    pending_rust: Vec<(PathBuf, String)>,
}

impl Output<'_> {
    fn rust(&mut self, path: &str, template: &dyn askama::DynTemplate) -> Result<(), RenderError> {
        let source = render_template(path, template)?;
        self.pending_rust.push((PathBuf::from(path), source));
        Ok(())
    }

    fn toml(&mut self, path: &str, template: &dyn askama::DynTemplate) -> Result<(), RenderError> {
        let source = render_template(path, template)?;
        let text = format!("# {}\n{}\n", self.notice, source.trim_end());
        self.files.insert(PathBuf::from(path), text.into_bytes());
        Ok(())
    }
}

/// The usage example when the project gives none: a complete program that calls one operation
/// (see [`usage::program`]), or only builds a client when no operation's arguments can be
/// written; none for a crate of models only.
fn default_example(krate: &ir::Crate) -> String {
    if krate.apis.is_empty() {
        return String::new();
    }
    if let Some(program) = usage::program(krate) {
        return program;
    }
    format!(
        "use {}::Client;\n\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    // One client per process: it is cheap to clone and can be shared across tasks.\n    let client = Client::builder().timeout(std::time::Duration::from_secs(10)).build()?;\n    println!(\"requests go to {{}}\", client.base_url());\n    Ok(())\n}}",
        krate.name
    )
}

/// Trailing spaces removed, runs of blank lines folded to one, one final newline.
fn tidy_markdown(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut blank = 0;
    for line in source.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    let trimmed = out.trim();
    format!("{trimmed}\n")
}
