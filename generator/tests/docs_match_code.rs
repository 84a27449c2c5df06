//! The docs say what the code has: for every operation of every LINE spec (with the project's
//! overlays) and of the clean corpus, the parameters the markdown API doc lists are the
//! generated method's, in order, and the body type it shows is the one the method takes; every
//! `ClientBuilder` method is in the README; every union variant is in its model doc.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};

use quote::ToTokens;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every spec to check, with its overlays.
fn specs() -> Vec<(PathBuf, Vec<PathBuf>)> {
    let mut out = Vec::new();
    let mut dirs = vec![root().join("generator/tests/clean_specs")];
    let line = root().join("../shared/specs/line");
    if line.is_dir() {
        dirs.push(line);
    } else {
        println!("skipped LINE's specs: {} is absent (no ../shared beside this clone)", line.display());
    }
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "yml")).collect();
        files.sort();
        for spec in files {
            let overlay = root().join(format!("spec/overlays/{}.overlay.yml", spec.file_stem().unwrap().to_string_lossy()));
            let overlays = if overlay.is_file() && !spec.starts_with(root().join("generator")) { vec![overlay] } else { Vec::new() };
            out.push((spec, overlays));
        }
    }
    out
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A type as the signature writes it, without lifetimes and crate paths.
fn sig_type(ty: &syn::Type) -> String {
    squash(&ty.to_token_stream().to_string()).replace(",>", ">").replace("&'a", "").replace("crate::models::", "")
}

/// A type as the markdown writes it, without emphasis and links.
fn doc_type(cell: &str) -> String {
    let mut out = String::new();
    let mut rest = cell.trim();
    // `[**Foo**](Foo.md)` → `**Foo**`
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find("](").map(|c| open + c).expect("a link");
        out.push_str(&rest[open + 1..close]);
        let end = rest[close..].find(')').map(|c| close + c).expect("a link target");
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    squash(&out.replace("**", ""))
}

#[test]
fn the_api_docs_show_the_parameters_and_body_types_the_methods_take() {
    let mut checked = 0;
    for (spec, overlays) in specs() {
        let shown = spec.display().to_string();
        let options = generator::Options { overlays, ..generator::Options::new(&spec, "docs_check") };
        let generated = generator::generate(&options).unwrap_or_else(|e| panic!("{shown}: {e}"));
        let file = |path: &str| String::from_utf8(generated.files.get(Path::new(path)).unwrap_or_else(|| panic!("{shown}: no {path}")).clone()).unwrap();
        for group in &generated.krate.apis {
            let code = syn::parse_file(&file(&format!("src/apis/{}.rs", group.module.trim_start_matches("r#")))).unwrap();
            let doc = file(&format!("docs/{}.md", group.class_name));
            for op in &group.operations {
                let name = op.name.trim_start_matches("r#");
                let method = code
                    .items
                    .iter()
                    .filter_map(|i| if let syn::Item::Impl(imp) = i { Some(imp) } else { None })
                    .filter(|imp| imp.trait_.is_none() && imp.self_ty.to_token_stream().to_string() == group.class_name)
                    .flat_map(|imp| &imp.items)
                    .find_map(|i| match i {
                        syn::ImplItem::Fn(f) if f.sig.ident.to_string().trim_start_matches("r#") == name => Some(f),
                        _ => None,
                    })
                    .unwrap_or_else(|| panic!("{shown}: no method {name} on {}", group.class_name));
                let args: Vec<(String, String)> = method
                    .sig
                    .inputs
                    .iter()
                    .filter_map(|a| match a {
                        syn::FnArg::Typed(t) => Some((t.pat.to_token_stream().to_string().trim_start_matches("r#").to_string(), sig_type(&t.ty))),
                        syn::FnArg::Receiver(_) => None,
                    })
                    .collect();
                let section = doc.split(&format!("\n## {name}\n")).nth(1).unwrap_or_else(|| panic!("{shown}: docs/{}.md has no section {name}", group.class_name));
                let section = section.split("### Return type").next().unwrap();
                let rows: Vec<(String, String)> = section
                    .lines()
                    .filter(|l| l.starts_with("**"))
                    .map(|l| {
                        let cells: Vec<&str> = l.split(" | ").collect();
                        (cells[0].trim_matches('*').to_string(), doc_type(cells[1]))
                    })
                    .collect();
                let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
                assert_eq!(names(&rows), names(&args), "{shown}: {name}: the doc's parameters are not the method's");
                for p in op.params.iter().filter(|p| p.location == generator::ir::ParamLocation::Body) {
                    let pname = p.ident.trim_start_matches("r#");
                    let (_, doc_ty) = rows.iter().find(|(n, _)| n == pname).unwrap();
                    let (_, sig_ty) = args.iter().find(|(n, _)| n == pname).unwrap();
                    assert_eq!(doc_ty, sig_ty, "{shown}: {name}: the doc gives the body `{pname}` another type than the method takes");
                }
                checked += 1;
            }
        }
    }
    println!("{checked} operations: the docs list the methods' parameters and body types");
    assert!(checked > 0);
}

#[test]
fn every_builder_method_is_in_the_readme_and_every_union_variant_in_its_doc() {
    for (spec, overlays) in specs() {
        let shown = spec.display().to_string();
        let options = generator::Options { overlays, ..generator::Options::new(&spec, "docs_check") };
        let generated = generator::generate(&options).unwrap_or_else(|e| panic!("{shown}: {e}"));
        let file = |path: &str| generated.files.get(Path::new(path)).map(|b| String::from_utf8(b.clone()).unwrap());
        let readme = file("README.md").unwrap();
        if let Some(apis) = file("src/apis/mod.rs") {
            let code = syn::parse_file(&apis).unwrap();
            let builder: Vec<String> = code
                .items
                .iter()
                .filter_map(|i| if let syn::Item::Impl(imp) = i { Some(imp) } else { None })
                .filter(|imp| imp.trait_.is_none() && imp.self_ty.to_token_stream().to_string() == "ClientBuilder")
                .flat_map(|imp| &imp.items)
                .filter_map(|i| match i {
                    syn::ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => Some(f.sig.ident.to_string()),
                    _ => None,
                })
                .filter(|n| n != "build")
                .collect();
            assert!(!builder.is_empty(), "{shown}: no builder methods found");
            for m in builder {
                assert!(readme.contains(&format!("`{m}(")), "{shown}: the README does not list `ClientBuilder::{m}`");
            }
        }
        for model in &generated.krate.models {
            if let generator::ir::ModelKind::Tagged(t) = &model.kind {
                let doc = file(&format!("docs/{}.md", model.name)).unwrap();
                for v in t.variants.iter().map(|v| v.ident.as_str()).chain([t.unknown_variant.as_str(), t.malformed_variant.as_str()]) {
                    assert!(doc.contains(v), "{shown}: docs/{}.md does not name the variant `{v}`", model.name);
                }
            }
        }
    }
}
