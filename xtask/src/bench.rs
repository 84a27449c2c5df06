//! `cargo xtask bench`: median time of each generator stage per spec, against the YAML parse floor.
//!
//! Run it in release: `cargo run --release -p xtask -- bench [--runs N] [SPEC...]`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Row {
    spec: String,
    kb: f64,
    parse_floor: Duration,
    load: Duration,
    lower: Duration,
    render: Duration,
    format: Duration,
    write: Duration,
    whole: Duration,
    cached: Duration,
    process: Duration,
}

pub fn run(args: &[String]) -> Result<bool, String> {
    let mut runs = 30usize;
    let mut specs: Vec<PathBuf> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => {
                runs = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or("--runs needs a positive number")?
            }
            other => specs.push(PathBuf::from(other)),
        }
    }
    if specs.is_empty() {
        let root = crate::root();
        specs.extend(yaml_files(&root.join("spec")));
        let line = root.join("../shared/specs/line");
        if line.is_dir() {
            specs.extend(yaml_files(&line));
        } else {
            println!("(../shared/specs/line is absent: benchmarking spec/ only)");
        }
    }
    if cfg!(debug_assertions) {
        println!("note: this is a debug build; run `cargo run --release -p xtask -- bench` for real figures");
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let scratch = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
    let mut rows = Vec::new();
    for spec in &specs {
        rows.push(bench_spec(spec, runs, &exe, &scratch)?);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!(
        "\nmedians of {runs} runs (ms)\n{:<26} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>8} {:>7} {:>8} {:>8} {:>8} {:>9}",
        "spec", "KB", "parse", "load", "lower", "render", "format", "write", "whole", "whole/pf", "cached", "cache/pf", "process", "proc/pf", "proc ms/KB"
    );
    for r in &rows {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<26} {:>6.1} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>7.2} {:>7.1}x {:>7.2} {:>7.1}x {:>8.2} {:>7.1}x {:>9.3}",
            r.spec,
            r.kb,
            ms(r.parse_floor),
            ms(r.load),
            ms(r.lower),
            ms(r.render),
            ms(r.format),
            ms(r.write),
            ms(r.whole),
            r.whole.as_secs_f64() / r.parse_floor.as_secs_f64().max(1e-9),
            ms(r.cached),
            r.cached.as_secs_f64() / r.parse_floor.as_secs_f64().max(1e-9),
            ms(r.process),
            r.process.as_secs_f64() / r.parse_floor.as_secs_f64().max(1e-9),
            ms(r.process) / r.kb.max(1e-9),
        );
    }
    println!("\nparse = YAML text → tree only (the floor); load = read + parse + version check + typed parse;");
    println!("render = templates, format = syn + prettyplease (part of render's files), write = compare with disk (unchanged);");
    println!("whole = load..write in process, formatting every file (no format cache); cached = the same with the format cache warm;");
    println!("process = `xtask generate` as a whole process, start to exit, output already current, format cache warm.");
    api_report_rows(runs)?;
    Ok(true)
}

/// The API change report of each real LINE change in `../shared/specs/line-changes`
/// (`<commit>/before/*.yml` → `<commit>/after/*.yml`), as `diff-spec` computes it: both specs
/// loaded and lowered, compared, and written as markdown.
fn api_report_rows(runs: usize) -> Result<(), String> {
    let dir = crate::root().join("../shared/specs/line-changes");
    let mut commits: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    if commits.is_empty() {
        println!("\n(../shared/specs/line-changes is absent: no API report rows)");
        return Ok(());
    }
    commits.sort();
    println!("\nAPI change report (load + lower both specs, compare, markdown), medians of {runs} runs (ms)");
    println!("{:<34} {:>7} {:>8} {:>8} {:>8} {:>8}", "change", "KB", "load", "lower", "compare", "report");
    for commit in commits {
        for old in yaml_files(&commit.join("before")) {
            let Some(file) = old.file_name() else { continue };
            let new = commit.join("after").join(file);
            if !new.is_file() {
                continue;
            }
            let name = format!("{}/{}", commit.file_name().unwrap_or_default().to_string_lossy(), file.to_string_lossy());
            let kb = std::fs::metadata(&new).map(|m| m.len() as f64 / 1024.0).unwrap_or(0.0);
            let options = generator::lower_options(&crate::crate_name_for(&new));
            let (mut load, mut lower, mut compare, mut whole) = (vec![], vec![], vec![], vec![]);
            for _ in 0..runs {
                let t0 = Instant::now();
                let old_api = generator::load::load_file(&old).map_err(|e| e.to_string())?;
                let new_api = generator::load::load_file(&new).map_err(|e| e.to_string())?;
                let t1 = Instant::now();
                let old_ir = generator::lower::lower(&old, &old_api, &options).map_err(|e| e.to_string())?;
                let new_ir = generator::lower::lower(&new, &new_api, &options).map_err(|e| e.to_string())?;
                let t2 = Instant::now();
                let report = generator::apidiff::compare(&old_ir, &new_ir, generator::apidiff::Rules::CURRENT);
                let text = generator::apidiff::markdown(&report, "0.1.0");
                let t3 = Instant::now();
                std::hint::black_box(text);
                load.push(t1 - t0);
                lower.push(t2 - t1);
                compare.push(t3 - t2);
                whole.push(t3 - t0);
            }
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            println!(
                "{:<34} {:>7.1} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
                name,
                kb,
                ms(median(load)),
                ms(median(lower)),
                ms(median(compare)),
                ms(median(whole))
            );
        }
    }
    println!("KB = the new spec; report = the whole, load..markdown (the budget: 100 ms in release).");
    Ok(())
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml" || e == "json"));
    out.sort();
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn bench_spec(spec: &Path, runs: usize, exe: &Path, scratch: &Path) -> Result<Row, String> {
    let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = std::fs::read(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let crate_name = crate::crate_name_for(spec);
    let out = scratch.join(&crate_name);
    let options = generator::Options::new(spec, crate_name.clone());
    // Prime the output directory so the write stage measures the common case: nothing changed.
    let first = generator::generate(&options).map_err(|e| e.to_string())?;
    generator::write::write(&out, first.files, generator::write::WriteOptions { force: true }).map_err(|e| e.to_string())?;
    // The same run as `xtask generate` makes it: formatting served from a cache file.
    let cached_options = generator::Options { format_cache: Some(scratch.join(format!("{crate_name}.cache"))), ..options.clone() };
    generator::generate(&cached_options).map_err(|e| e.to_string())?;

    let (mut floor, mut load, mut lower, mut render, mut format, mut write, mut whole) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut cached = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let tree: Result<serde_json::Value, _> = serde_yaml::from_str(&text);
        floor.push(t.elapsed());
        drop(tree);

        let t0 = Instant::now();
        let generated = generator::generate(&options).map_err(|e| e.to_string())?;
        let t3 = Instant::now();
        let timings = generated.timings;
        let changes = generator::write::write(&out, generated.files, generator::write::WriteOptions::default()).map_err(|e| e.to_string())?;
        let t4 = Instant::now();
        if !changes.is_empty() {
            return Err(format!("{name}: output changed between identical runs (not deterministic)"));
        }
        let c0 = Instant::now();
        let generated = generator::generate(&cached_options).map_err(|e| e.to_string())?;
        generator::write::write(&out, generated.files, generator::write::WriteOptions::default()).map_err(|e| e.to_string())?;
        cached.push(c0.elapsed());
        load.push(timings.load);
        lower.push(timings.lower);
        render.push(timings.render);
        format.push(timings.format);
        write.push(t4 - t3);
        whole.push(t4 - t0);
    }
    let mut process = Vec::new();
    for _ in 0..runs.min(20) {
        let t = Instant::now();
        let status = Command::new(exe)
            .args(["generate", "--spec"])
            .arg(spec)
            .arg("--out")
            .arg(&out)
            .args(["--crate-name", &crate_name])
            .status()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        process.push(t.elapsed());
        if !status.success() {
            return Err(format!("{name}: generate failed"));
        }
    }
    Ok(Row {
        spec: name,
        kb: bytes.len() as f64 / 1024.0,
        parse_floor: median(floor),
        load: median(load),
        lower: median(lower),
        render: median(render),
        format: median(format),
        write: median(write),
        whole: median(whole),
        cached: median(cached),
        process: median(process),
    })
}
