
/// Stronger than an equal API: LINE's specs converted to 3.1 generate the very same files as
/// today (but for the spec's file name in the headers), so the wire tests of the crates made
/// from them (client-tests) hold for the 3.1 renditions unchanged.
#[test]
fn line_specs_converted_to_31_generate_the_same_files() {
    let Some(specs) = shared_line_specs() else { return };
    for spec in specs {
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let overlay = manifest().join(format!("../spec/overlays/{stem}.overlay.yml"));
        let overlays = if overlay.is_file() { vec![overlay] } else { Vec::new() };
        let mut doc: serde_json::Value = serde_yaml::from_str(&std::fs::read_to_string(&spec).unwrap()).unwrap();
        to_31(&mut doc);
        doc["openapi"] = serde_json::json!("3.1.0");
        let generate = |path: &Path, text: Option<String>| {
            let options = generator::Options {
                overlays: overlays.clone(),
                spec_text: text.map(String::into_bytes),
                ..generator::Options::new(path, "api")
            };
            generator::generate(&options).unwrap_or_else(|e| panic!("{}: {e}", path.display())).files
        };
        let old = generate(&spec, None);
        let converted = spec.with_file_name(format!("{stem}.json"));
        let new = generate(&converted, Some(serde_json::to_string_pretty(&doc).unwrap()));
        assert_eq!(old.keys().collect::<Vec<_>>(), new.keys().collect::<Vec<_>>(), "{stem}");
        let old_name = format!("{stem}.yml");
        let new_name = format!("{stem}.json");
        for (path, bytes) in &old {
            let old_text = String::from_utf8_lossy(bytes).replace(&old_name, &new_name);
            let new_text = String::from_utf8_lossy(&new[path]).into_owned();
            if old_text != new_text {
                let line = old_text.lines().zip(new_text.lines()).position(|(a, b)| a != b).unwrap_or(0);
                panic!(
                    "{stem}: {} differs from line {}:\n- {}\n+ {}",
                    path.display(),
                    line + 1,
                    old_text.lines().nth(line).unwrap_or(""),
                    new_text.lines().nth(line).unwrap_or("")
                );
            }
        }
    }
}
