//! README sections after the usage section: streaming downloads, when the crate has any, and
//! the sections the project keeps beside the spec (`STEM.readme-*.md`).

use askama::Template;

use super::filters;
use crate::ir;

/// The operations whose success body is binary, which `.stream()` can hand over piece by piece.
#[derive(Template)]
#[template(path = "readme_downloads.md", escape = "none")]
struct Downloads<'a> {
    downloads: Vec<(&'a ir::ApiGroup, &'a ir::Operation)>,
}

/// The operations that page (`x-pagination`), and a program walking the items of one.
#[derive(Template)]
#[template(path = "readme_pages.md", escape = "none")]
struct Paging<'a> {
    paged: Vec<(&'a ir::ApiGroup, &'a ir::Operation)>,
    program: String,
}

/// The sections, each starting on a new line with its `## ` heading; empty when there are none.
pub(super) fn readme_sections(krate: &ir::Crate, extra: &[String]) -> Result<String, askama::Error> {
    let downloads: Vec<(&ir::ApiGroup, &ir::Operation)> = super::grouped_operations(krate)
        .filter(|(_, op)| op.success == ir::ResponseBody::Bytes)
        .collect();
    let mut out = String::new();
    if !downloads.is_empty() {
        out.push('\n');
        out.push_str(Downloads { downloads }.render()?.trim());
        out.push('\n');
    }
    let paged: Vec<(&ir::ApiGroup, &ir::Operation)> = super::grouped_operations(krate)
        .filter(|(_, op)| op.pagination.is_some())
        .collect();
    if let Some(program) = super::usage::paging_program(krate) {
        out.push('\n');
        out.push_str(Paging { paged, program }.render()?.trim());
        out.push('\n');
    }
    for section in extra {
        out.push('\n');
        out.push_str(section.trim());
        out.push('\n');
    }
    Ok(out)
}
