//! `cargo xtask bench`: median time of each generator stage per spec, against the YAML parse floor,
//! and `diff-spec` on LINE's largest real change as the whole process a user waits for.
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

/// `bench [--runs N] [SPEC...]`
#[derive(clap::Args)]
pub struct BenchArgs {
    /// How many times each spec is timed, per stage and as a whole process.
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Specs to time [default: spec/*.yml and, when present, ../shared/specs/line/*.yml].
    #[arg(value_name = "SPEC")]
    specs: Vec<PathBuf>,
}

pub fn run(args: &BenchArgs) -> Result<bool, String> {
    let runs = args.runs as usize;
    let mut specs = args.specs.clone();
    if specs.is_empty() {
        let root = crate::root();
        specs.extend(yaml_files(&root.join("spec")));
        let line = root.join("../shared/specs/line");
        if line.is_dir() {
            specs.extend(yaml_files(&line));
        } else {
            eprintln!("note: ../shared/specs/line is absent: benchmarking spec/ only");
        }
    }
    if cfg!(debug_assertions) {
        eprintln!("note: this is a debug build; run `cargo run --release -p xtask -- bench` for real figures");
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let scratch = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
    let mut rows = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        // One scratch crate per spec: two specs may well share a crate name.
        let out = scratch.join(format!("{i}-{}", crate::crate_name_for(spec)));
        rows.push(bench_spec(spec, runs, &exe, &out)?);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let width = rows.iter().map(|r| r.spec.chars().count()).max().unwrap_or(0).max(4);
    outln!(
        "\nmedians of {runs} runs each (ms)\n{:<width$} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>8} {:>7} {:>8} {:>8} {:>8} {:>9}",
        "spec", "KB", "parse", "load", "lower", "render", "format", "write", "whole", "whole/pf", "cached", "cache/pf", "process", "proc/pf", "proc ms/KB",
        width = width
    );
    for r in &rows {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        outln!(
            "{:<width$} {:>6.1} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>7.2} {:>7.1}x {:>7.2} {:>7.1}x {:>8.2} {:>7.1}x {:>9.3}",
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
            width = width
        );
    }
    outln!("\nparse = YAML text → tree only (the floor); load = read + parse + version check + typed parse;");
    outln!("render = templates, format = syn + prettyplease (part of render's files), write = compare with disk (unchanged);");
    outln!("whole = load..write in process, formatting every file (no format cache); cached = the same with the format cache warm;");
    outln!("process = `xtask generate` as a whole process, start to exit, output already current, format cache warm.");
    let reports = api_report_rows(runs)?;
    diff_spec_rows(&exe)?;
    eprintln!("benchmarked {} spec(s) and {reports} API change report(s), {runs} runs each", rows.len());
    Ok(true)
}

/// The API change report of each real LINE change in `../shared/specs/line-changes`
/// (`<commit>/before/*.yml` → `<commit>/after/*.yml`), as `diff-spec` computes it: both specs
/// loaded and lowered, compared, and written as markdown.
fn api_report_rows(runs: usize) -> Result<usize, String> {
    let dir = crate::root().join("../shared/specs/line-changes");
    let mut commits: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    if commits.is_empty() {
        eprintln!("note: ../shared/specs/line-changes is absent: no API report rows");
        return Ok(0);
    }
    commits.sort();
    let mut count = 0;
    outln!("\nAPI change report (load + lower both specs, compare, markdown), medians of {runs} runs (ms)");
    outln!("{:<34} {:>7} {:>8} {:>8} {:>8} {:>8}", "change", "KB", "load", "lower", "compare", "report");
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
                let old_api = generator::load::load_file(&old).map_err(|e| e.to_string())?.api;
                let new_api = generator::load::load_file(&new).map_err(|e| e.to_string())?.api;
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
            outln!(
                "{:<34} {:>7.1} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
                name,
                kb,
                ms(median(load)),
                ms(median(lower)),
                ms(median(compare)),
                ms(median(whole))
            );
            count += 1;
        }
    }
    outln!("KB = the new spec; report = the whole, load..markdown (the budget: 100 ms in release).");
    Ok(count)
}

/// How many times `diff-spec` is timed as a whole process.
const DIFF_SPEC_RUNS: usize = 7;

/// `diff-spec` on LINE's largest real change (b4589bc, messaging-api) as the user waits for it: the
/// whole process, start to exit, for each format. Skipped when `../shared` is absent.
fn diff_spec_rows(exe: &Path) -> Result<(), String> {
    let dir = crate::root().join("../shared/specs/line-changes/b4589bc");
    let (old, new) = (dir.join("before/messaging-api.yml"), dir.join("after/messaging-api.yml"));
    if !old.is_file() || !new.is_file() {
        eprintln!("note: {} is absent: no diff-spec process rows", crate::display_path(&dir).display());
        return Ok(());
    }
    outln!("\n`xtask diff-spec` on b4589bc/messaging-api.yml as a whole process, medians of {DIFF_SPEC_RUNS} runs (ms)");
    for format in ["json", "markdown", "text"] {
        let mut times = Vec::new();
        for _ in 0..DIFF_SPEC_RUNS {
            let t = Instant::now();
            let output = Command::new(exe)
                .args(["diff-spec", "--format", format])
                .arg(&old)
                .arg(&new)
                .output()
                .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
            times.push(t.elapsed());
            if !output.status.success() || output.stdout.is_empty() {
                return Err(format!("`xtask diff-spec --format {format}` failed:\n{}", String::from_utf8_lossy(&output.stderr)));
            }
        }
        outln!("--format {format:<9} {:>8.2}", median(times).as_secs_f64() * 1000.0);
    }
    outln!("json = the report from the two IRs (load + lower); markdown and text add the markdown docs of both sides and their diff.");
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

fn bench_spec(spec: &Path, runs: usize, exe: &Path, out: &Path) -> Result<Row, String> {
    let shown = crate::display_path(spec).display().to_string();
    let bytes = std::fs::read(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let crate_name = crate::crate_name_for(spec);
    // The README example and sections `generate` picks up beside the spec, so that the
    // in-process runs and the process runs render the same files.
    let readme_example = Some(spec.with_extension("readme.rs")).filter(|p| p.is_file());
    let readme_sections = crate::readme_sections_beside(spec);
    let plain = crate::pipeline::Render {
        spec,
        crate_name: &crate_name,
        readme_example: readme_example.as_deref(),
        readme_sections: &readme_sections,
        format_cache: None,
        crate_dir: out.file_name().map(|n| n.to_string_lossy().into_owned()),
        overlays: &[],
    };
    // The same run as `xtask generate` makes it: formatting served from a cache file.
    let cached_run = crate::pipeline::Render { format_cache: Some(out.with_extension("cache")), ..plain.clone() };
    // Prime the output directory so the write stage measures the common case: nothing changed.
    let first = crate::pipeline::render(&plain)?;
    generator::write::write(out, first.files, generator::write::WriteOptions::default()).map_err(|e| e.to_string())?;
    crate::pipeline::render(&cached_run)?;

    let (mut floor, mut load, mut lower, mut render, mut format, mut write, mut whole) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut cached = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let tree: Result<serde_json::Value, _> = serde_yaml::from_str(&text);
        floor.push(t.elapsed());
        drop(tree);

        let t0 = Instant::now();
        let generated = crate::pipeline::render(&plain)?;
        let t3 = Instant::now();
        let timings = generated.timings;
        let changes = generator::write::write(out, generated.files, generator::write::WriteOptions::default()).map_err(|e| e.to_string())?;
        let t4 = Instant::now();
        if !changes.is_empty() {
            return Err(format!("{shown}: output changed between identical runs (not deterministic)"));
        }
        let c0 = Instant::now();
        let generated = crate::pipeline::render(&cached_run)?;
        generator::write::write(out, generated.files, generator::write::WriteOptions::default()).map_err(|e| e.to_string())?;
        cached.push(c0.elapsed());
        load.push(timings.load);
        lower.push(timings.lower);
        render.push(timings.render);
        format.push(timings.format);
        write.push(t4 - t3);
        whole.push(t4 - t0);
    }
    let mut process = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let output = Command::new(exe)
            .args(["--quiet", "generate", "--spec"])
            .arg(spec)
            .arg("--out")
            .arg(out)
            .args(["--crate-name", &crate_name])
            .output()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        process.push(t.elapsed());
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() || !stderr.contains(" is up to date (") {
            return Err(format!("{shown}: `xtask generate` did not find its output current (the process figure would include writing):\n{stderr}"));
        }
    }
    Ok(Row {
        spec: shown,
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
