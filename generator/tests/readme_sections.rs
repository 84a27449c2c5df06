//! The README's extra sections: a Downloads section exactly when the crate has binary
//! downloads, and the project's own sections after the usage section, in the order given.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

const SPEC: &str = r#"
openapi: 3.0.0
info: { title: Files, version: "1" }
servers: [{ url: "https://files.example.com" }]
paths:
  /files/{id}:
    get:
      operationId: getFile
      tags: [files]
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        "200": { description: the file, content: { application/octet-stream: { schema: { type: string, format: binary } } } }
  /names:
    get:
      operationId: listNames
      tags: [files]
      responses:
        "200": { description: names, content: { application/json: { schema: { type: array, items: { type: string } } } } }
"#;

fn render_readme(spec: &str, sections: &[&str]) -> String {
    let options = generator::Options {
        spec_text: Some(spec.as_bytes().to_vec()),
        readme_sections: sections.iter().map(|s| s.to_string()).collect(),
        ..generator::Options::new("files.yml", "files")
    };
    let generated = generator::generate(&options).expect("the spec generates");
    String::from_utf8(generated.files[std::path::Path::new("README.md")].clone()).unwrap()
}

#[test]
fn a_crate_with_downloads_says_they_can_be_streamed() {
    let readme = render_readme(SPEC, &[]);
    let downloads = readme.find("## Downloads").expect("a Downloads section");
    assert!(readme.find("## Usage").unwrap() < downloads);
    assert!(downloads < readme.find("## Documentation for API Endpoints").unwrap());
    assert!(readme.contains("`files_api().get_file(…)` returns a file."), "{readme}");
    assert!(readme.contains("tokio::io::copy(&mut api.get_file(…).stream().await?.data, &mut file).await?;"), "{readme}");
    assert!(!readme.contains("list_names(…)"), "only binary downloads are listed");

    let without = SPEC.replace("application/octet-stream: { schema: { type: string, format: binary } }", "application/json: { schema: { type: string } }");
    assert!(!render_readme(&without, &[]).contains("## Downloads"));
}

#[test]
fn the_projects_sections_follow_the_usage_section_in_order() {
    let readme = render_readme(SPEC, &["## First guide\n\nOne.\n", "\n## Second guide\n\nTwo.\n\n\n"]);
    let first = readme.find("## First guide\n\nOne.\n\n## Second guide\n\nTwo.\n\n").expect("both, in order, one blank line apart");
    assert!(readme.find("## Downloads").unwrap() < first);
    assert!(first < readme.find("## Documentation for API Endpoints").unwrap());
}
