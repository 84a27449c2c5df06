//! `cargo xtask build-bench`: the cold `cargo build` time of the crate we generate for a spec,
//! measured side by side with the crate openapi-generator's `rust` generator makes from the same
//! spec. A benchmark, not a test: it prints a table and exits 1 when ours is not faster.
//!
//! Run it in release: `cargo run --release -p xtask -- build-bench [--runs N] [--jobs J] [SPEC]`.
//!
//! What "cold" means here: every build starts from an empty target directory, with every
//! dependency already downloaded (`cargo fetch` runs first, the builds run `--offline`), so a
//! build is the generated crate's own compile plus its whole dependency tree and nothing else.
//! Each crate sits in its own scratch workspace under `target/build-bench/` (a `[workspace]`
//! table of its own, default profiles), so the project's settings do not leak in. After each
//! cold build the crate alone is rebuilt (`cargo clean -p` of that crate, then `cargo build`),
//! to show how much of the cold time is the generated code and how much its dependencies.
//! Every build runs with `CARGO_INCREMENTAL=0`. The bench fails when the cold build is not
//! faster than theirs, or when the crate alone takes more than 0.6x of theirs.
//!
//! openapi-generator comes from PyPI: the `openapi-generator-cli` wheel carries the generator's
//! jar and runs it with the `java` on PATH. The bench installs the pinned version into a venv
//! under `target/build-bench/` itself; nothing installed by hand is used.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use generator::write::{self, WriteOptions};

/// The most the crate alone may take, as a share of openapi-generator's crate alone (wall time,
/// medians, incremental compilation off): the generated code must cost well under what theirs does.
const CRATE_TARGET: f64 = 0.6;

/// The openapi-generator release the figures are measured against (PyPI `openapi-generator-cli`).
const OAG_VERSION: &str = "7.26.0";

/// The `rust` generator options closest to our crate: reqwest, async, rustls (our crate uses
/// reqwest with `rustls-tls` and no native TLS), no timestamp in the output.
const OAG_PROPERTIES: &str = "library=reqwest,supportAsync=true,reqwestDefaultFeatures=rustls,hideGenerationTimestamp=true";

/// `build-bench [--runs N] [--jobs J] [--oag-version V] [--oag-properties P] [SPEC]`
#[derive(clap::Args)]
pub struct BuildBenchArgs {
    /// Side-by-side runs, each a cold build of both crates (the alternation flips every run).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Parallel jobs of each `cargo build` (`-j J`).
    #[arg(long, short = 'j', value_name = "J", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    jobs: u32,
    /// The openapi-generator-cli release installed from PyPI.
    #[arg(long, value_name = "V", default_value = OAG_VERSION)]
    oag_version: String,
    /// The rust generator's --additional-properties after packageName [default: the options
    /// closest to our crate; `library=reqwest,supportAsync=true` measures their TLS default, native-tls].
    #[arg(long, value_name = "P", default_value = OAG_PROPERTIES, hide_default_value = true)]
    oag_properties: String,
    /// Cargo features of our crate to build with (`--features mock`: what the mock server adds);
    /// openapi-generator's crate is built as it is.
    #[arg(long, value_name = "FEATURES")]
    features: Option<String>,
    /// The spec [default: ../shared/specs/line/messaging-api.yml, relative to the workspace root].
    #[arg(value_name = "SPEC")]
    spec: Option<PathBuf>,
}

/// One crate under measurement: where its scratch workspace is and what its package is called.
struct Subject {
    label: &'static str,
    workspace: PathBuf,
    package: String,
    rust_lines: usize,
    /// `--features` of its builds, when any.
    features: Option<String>,
}

/// What one cold build and the crate-only rebuild after it took.
struct Sample {
    cold: Duration,
    /// User + system CPU time of the whole cold build (cargo, rustc, build scripts, cc).
    cold_cpu: Option<Duration>,
    units: usize,
    crate_only: Duration,
    crate_cpu: Option<Duration>,
}

pub fn run(args: &BuildBenchArgs) -> Result<bool, String> {
    let spec = args.spec.clone().unwrap_or_else(|| crate::root().join("../shared/specs/line/messaging-api.yml"));
    if !spec.is_file() {
        return Err(format!(
            "the spec {} does not exist (the default is LINE's messaging-api.yml in ../shared/specs/line); pass a SPEC",
            spec.display()
        ));
    }
    let (runs, jobs) = (args.runs as usize, args.jobs as usize);
    if cfg!(debug_assertions) {
        println!("note: xtask is a debug build; that only slows generation, not the measured `cargo build`s");
    }
    let scratch = crate::root().join("target").join("build-bench");
    mkdir(&scratch)?;
    let cargo = std::env::var_os("CARGO").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("cargo"));
    let crate_name = crate::crate_name_for(&spec);

    println!("== ours: generate {} → target/build-bench/ours/{crate_name}", spec.display());
    let mut ours = prepare_ours(&spec, &crate_name, &scratch.join("ours"))?;
    ours.features = args.features.clone();
    if let Some(features) = &ours.features {
        println!("== ours is built with --features {features}");
    }
    println!("== theirs: openapi-generator {} (`rust` generator, {})", args.oag_version, args.oag_properties);
    let theirs = match prepare_theirs(args, &spec, &format!("{crate_name}_oag"), &scratch) {
        Ok(subject) => Some(subject),
        Err(reason) => {
            println!("\nNO RATIO: openapi-generator's crate could not be produced, so there is nothing to compare with.");
            println!("reason: {reason}");
            println!("(measuring our crate alone; the run exits 1)\n");
            None
        }
    };
    let subjects: Vec<&Subject> = std::iter::once(&ours).chain(theirs.as_ref()).collect();
    for s in &subjects {
        println!("== {}: cargo fetch (target/build-bench/{}/Cargo.lock; delete it to re-resolve)", s.label, s.label);
        cargo_ok(&cargo, &s.workspace, &["fetch"], None)?;
    }

    let build_root = scratch.join("build");
    let mut samples: Vec<Vec<Sample>> = subjects.iter().map(|_| Vec::new()).collect();
    println!("\nload average before: {}", load_average());
    for run in 0..runs {
        // Alternate who goes first, so a load change during the run does not favour one side.
        let mut order: Vec<usize> = (0..subjects.len()).collect();
        if run % 2 == 1 {
            order.reverse();
        }
        for i in order {
            let (Some(subject), Some(into)) = (subjects.get(i), samples.get_mut(i)) else { continue };
            let sample = measure(&cargo, subject, &build_root.join(format!("{}-{run}", subject.label)), jobs)?;
            println!(
                "run {}/{} {:<6} cold {:>6.1} s (cpu {} s, {} units)   crate only {:>5.1} s (cpu {} s)   load {}",
                run + 1,
                runs,
                subject.label,
                sample.cold.as_secs_f64(),
                secs(sample.cold_cpu),
                sample.units,
                sample.crate_only.as_secs_f64(),
                secs(sample.crate_cpu),
                load_average()
            );
            into.push(sample);
        }
    }
    let _ = std::fs::remove_dir_all(&build_root);

    println!(
        "\ncold `cargo build -j {}` of {} ({}), medians of {} run(s); rustc: {}",
        jobs,
        spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        spec.display(),
        runs,
        rustc_version()
    );
    println!(
        "{:<7} {:<24} {:>10} {:>6} {:>9} {:>9} {:>11} {:>11}",
        "", "package", "Rust lines", "units", "cold (s)", "cold cpu", "crate only", "crate cpu"
    );
    let mut medians = Vec::new();
    for (s, v) in subjects.iter().zip(&samples) {
        let cold = median(v.iter().map(|x| x.cold).collect());
        let crate_only = median(v.iter().map(|x| x.crate_only).collect());
        let cold_cpu = median_of(v.iter().map(|x| x.cold_cpu).collect());
        let crate_cpu = median_of(v.iter().map(|x| x.crate_cpu).collect());
        let units = v.first().map(|x| x.units).unwrap_or_default();
        println!(
            "{:<7} {:<24} {:>10} {:>6} {:>9.1} {:>9} {:>11.1} {:>11}",
            s.label,
            s.package,
            s.rust_lines,
            units,
            cold.as_secs_f64(),
            secs(cold_cpu),
            crate_only.as_secs_f64(),
            secs(crate_cpu)
        );
        medians.push((cold, crate_only, cold_cpu, crate_cpu));
    }
    println!("\ncold = empty target dir, dependencies downloaded, `cargo build --offline` (crate + dependency tree);");
    println!("crate only = `cargo clean -p <package>` then `cargo build` in that same target dir (the generated code alone);");
    println!("every build runs with CARGO_INCREMENTAL=0;");
    println!("cpu = user + system CPU seconds of the whole build process tree; wall time swings with other load");
    println!("on the machine, CPU time much less, so read the two together when the machine is shared;");
    println!("units = compilation units cargo reported compiling in the cold build (crates and build scripts).");
    let (Some(&(our_cold, our_crate, our_cpu, our_crate_cpu)), Some(&(their_cold, their_crate, their_cpu, their_crate_cpu))) =
        (medians.first(), medians.get(1))
    else {
        println!("\nNO RATIO: openapi-generator's crate was not built (see the reason above).");
        return Ok(false);
    };
    let ratio = our_cold.as_secs_f64() / their_cold.as_secs_f64().max(1e-9);
    let crate_ratio = our_crate.as_secs_f64() / their_crate.as_secs_f64().max(1e-9);
    let cpu_ratio = |a: Option<Duration>, b: Option<Duration>| match (a, b) {
        (Some(a), Some(b)) => format!("{:.2}x", a.as_secs_f64() / b.as_secs_f64().max(1e-9)),
        _ => "n/a".into(),
    };
    println!(
        "\nours/theirs: cold build {ratio:.2}x wall ({} cpu), crate only {crate_ratio:.2}x wall ({} cpu)",
        cpu_ratio(our_cpu, their_cpu),
        cpu_ratio(our_crate_cpu, their_crate_cpu)
    );
    let mut ok = true;
    if ratio >= 1.0 {
        println!("FAIL: our cold build is not faster than openapi-generator's (must stay below 1.0x)");
        ok = false;
    }
    if crate_ratio > CRATE_TARGET {
        println!("FAIL: our crate alone takes more than {CRATE_TARGET}x the time of openapi-generator's");
        ok = false;
    }
    if ok {
        println!("ok: cold build below 1.0x, crate alone at most {CRATE_TARGET}x");
    }
    Ok(ok)
}

fn mkdir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A scratch workspace holding one member, with cargo's default profiles.
fn write_workspace(dir: &Path, member: &str) -> Result<(), String> {
    write_file(
        &dir.join("Cargo.toml"),
        &format!(
            "# Written by `cargo xtask build-bench`: a standalone workspace, so no outer settings apply.\n\
             [workspace]\nresolver = \"2\"\nmembers = [\"{member}\"]\n"
        ),
    )
}

fn prepare_ours(spec: &Path, crate_name: &str, workspace: &Path) -> Result<Subject, String> {
    let dir = workspace.join(crate_name);
    mkdir(&dir)?;
    let generated = generator::generate(&generator::Options::new(spec, crate_name)).map_err(|e| e.to_string())?;
    write::write(&dir, generated.files, WriteOptions::default()).map_err(|e| e.to_string())?;
    write_workspace(workspace, crate_name)?;
    Ok(Subject { label: "ours", workspace: workspace.to_path_buf(), package: crate_name.into(), features: None, rust_lines: rust_lines(&dir.join("src")) })
}

fn prepare_theirs(args: &BuildBenchArgs, spec: &Path, package: &str, scratch: &Path) -> Result<Subject, String> {
    let java = Command::new("java").arg("-version").stdout(Stdio::null()).stderr(Stdio::null()).status();
    if !java.is_ok_and(|s| s.success()) {
        return Err("`java -version` does not run: openapi-generator needs a Java runtime (11 or newer) on PATH".into());
    }
    let cli = install_openapi_generator(&scratch.join("oag-venv"), &args.oag_version)?;
    let workspace = scratch.join("theirs");
    let dir = workspace.join(package);
    // Regenerated from nothing every time: openapi-generator does not remove files it no longer makes.
    let _ = std::fs::remove_dir_all(&dir);
    mkdir(&workspace)?;
    let out = Command::new(&cli)
        .args(["generate", "-g", "rust", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(&dir)
        .arg(format!("--additional-properties=packageName={package},{}", args.oag_properties))
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
    if !out.status.success() {
        return Err(format!("openapi-generator failed ({}):\n{}", out.status, tail(&out, 30)));
    }
    write_workspace(&workspace, package)?;
    Ok(Subject { label: "theirs", workspace, package: package.into(), features: None, rust_lines: rust_lines(&dir.join("src")) })
}

/// Makes `venv` hold openapi-generator-cli `version` from PyPI and returns its launcher.
fn install_openapi_generator(venv: &Path, version: &str) -> Result<PathBuf, String> {
    let bin = venv.join("bin");
    let cli = bin.join("openapi-generator-cli");
    let installed = Command::new(&cli).arg("version").output().ok().filter(|o| o.status.success());
    if installed.is_some_and(|o| String::from_utf8_lossy(&o.stdout).trim() == version) {
        return Ok(cli);
    }
    println!("   installing openapi-generator-cli=={version} from PyPI into {}", venv.display());
    let python = ["python3", "python"]
        .into_iter()
        .find(|p| Command::new(p).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success()))
        .ok_or("no python3 on PATH: the bench gets openapi-generator from PyPI (`openapi-generator-cli` ships its jar)")?;
    let steps: [(&Path, Vec<String>); 2] = [
        (Path::new(python), vec!["-m".into(), "venv".into(), venv.display().to_string()]),
        (
            &bin.join("python"),
            vec!["-m".into(), "pip".into(), "install".into(), "--quiet".into(), format!("openapi-generator-cli=={version}")],
        ),
    ];
    for (program, argv) in steps {
        let out = Command::new(program).args(&argv).output().map_err(|e| format!("cannot run {}: {e}", program.display()))?;
        if !out.status.success() {
            return Err(format!(
                "`{} {}` failed ({}): the jar cannot be obtained from PyPI here\n{}",
                program.display(),
                argv.join(" "),
                out.status,
                tail(&out, 20)
            ));
        }
    }
    Ok(cli)
}

/// One cold build in an empty target dir, then the crate alone rebuilt in that dir.
fn measure(cargo: &Path, subject: &Subject, target: &Path, jobs: usize) -> Result<Sample, String> {
    let _ = std::fs::remove_dir_all(target);
    let jobs = jobs.to_string();
    let mut build = vec!["build", "--offline", "-j", jobs.as_str()];
    if let Some(features) = &subject.features {
        build.extend(["--features", features.as_str()]);
    }
    let (cpu, started) = (children_cpu(), Instant::now());
    let out = cargo_ok(cargo, &subject.workspace, &build, Some(target))?;
    let (cold, cold_cpu) = (started.elapsed(), cpu_since(cpu));
    let units = String::from_utf8_lossy(&out.stderr).lines().filter(|l| l.trim_start().starts_with("Compiling ")).count();
    cargo_ok(cargo, &subject.workspace, &["clean", "--offline", "-p", subject.package.as_str()], Some(target))?;
    let (cpu, started) = (children_cpu(), Instant::now());
    cargo_ok(cargo, &subject.workspace, &build, Some(target))?;
    let (crate_only, crate_cpu) = (started.elapsed(), cpu_since(cpu));
    let _ = std::fs::remove_dir_all(target);
    Ok(Sample { cold, cold_cpu, units, crate_only, crate_cpu })
}

/// Runs cargo in `dir` and fails with the end of its output when it fails.
fn cargo_ok(cargo: &Path, dir: &Path, argv: &[&str], target: Option<&Path>) -> Result<Output, String> {
    let mut cmd = Command::new(cargo);
    cmd.args(argv).current_dir(dir);
    // Only what a user's plain `cargo build` would see: no target dir or flags from our environment.
    for var in ["CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR", "RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "CARGO_INCREMENTAL"] {
        cmd.env_remove(var);
    }
    // Incremental compilation off: what a CI or release build does, and what the crate-alone
    // target below is measured with (an incremental rebuild measures the cache, not the code).
    cmd.env("CARGO_INCREMENTAL", "0");
    if let Some(target) = target {
        cmd.env("CARGO_TARGET_DIR", target);
    }
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("`cargo {}` in {} failed ({}):\n{}", argv.join(" "), dir.display(), out.status, tail(&out, 40)));
    }
    Ok(out)
}

/// The last `n` lines of a command's stderr and stdout, for error messages.
fn tail(out: &Output, n: usize) -> String {
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let lines: Vec<&str> = text.lines().collect();
    lines.iter().skip(lines.len().saturating_sub(n)).copied().collect::<Vec<_>>().join("\n")
}

fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                rust_lines(&p)
            } else if p.extension().is_some_and(|e| e == "rs") {
                std::fs::read_to_string(&p).map(|t| t.lines().count()).unwrap_or_default()
            } else {
                0
            }
        })
        .sum()
}

/// The median; the mean of the middle two for an even count.
fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    let mid = v.len() / 2;
    match (v.len() % 2, v.get(mid.wrapping_sub(1)), v.get(mid)) {
        (0, Some(a), Some(b)) => (*a + *b) / 2,
        (_, _, Some(m)) => *m,
        _ => Duration::ZERO,
    }
}

/// User + system CPU time of every finished child process of this one, and of their waited-for
/// descendants (Linux: `cutime` + `cstime` of /proc/self/stat, in USER_HZ = 100 ticks a second).
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name start at field 3; cutime and cstime are 16 and 17.
    let (_, rest) = stat.rsplit_once(')')?;
    let mut fields = rest.split_whitespace().skip(13);
    let ticks: u64 = fields.next()?.parse::<u64>().ok()? + fields.next()?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks.saturating_mul(10)))
}

fn cpu_since(before: Option<Duration>) -> Option<Duration> {
    Some(children_cpu()?.saturating_sub(before?))
}

fn secs(d: Option<Duration>) -> String {
    d.map(|d| format!("{:.1}", d.as_secs_f64())).unwrap_or_else(|| "n/a".into())
}

/// The median of the values that were measured; `None` when none was.
fn median_of(v: Vec<Option<Duration>>) -> Option<Duration> {
    let known: Vec<Duration> = v.into_iter().flatten().collect();
    (!known.is_empty()).then(|| median(known))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".into())
}

fn rustc_version() -> String {
    Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let s = Duration::from_secs;
        assert_eq!(median(vec![s(5), s(1), s(3)]), s(3));
        assert_eq!(median(vec![s(4), s(2)]), s(3));
        assert_eq!(median(vec![]), Duration::ZERO);
        assert_eq!(median_of(vec![None, Some(s(2)), Some(s(4))]), Some(s(3)));
        assert_eq!(median_of(vec![None]), None);
    }

    #[test]
    fn children_cpu_counts_a_finished_child() {
        let Some(before) = children_cpu() else {
            println!("skipped: no /proc/self/stat on this system");
            return;
        };
        // A child doing a fixed amount of work (a busy loop, ~0.1 s of CPU): its time is ours once
        // it has been waited for, however long the machine's other load makes it take.
        let status = Command::new("sh")
            .args(["-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"])
            .status()
            .expect("sh runs");
        assert!(status.success());
        let spent = cpu_since(Some(before)).expect("readable");
        assert!(spent >= Duration::from_millis(30), "{spent:?}");
    }

    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        args: BuildBenchArgs,
    }

    fn parse(argv: &[&str]) -> Result<BuildBenchArgs, clap::Error> {
        use clap::Parser as _;
        Cli::try_parse_from(std::iter::once("build-bench").chain(argv.iter().copied())).map(|c| c.args)
    }

    #[test]
    fn arguments_default_to_three_runs_two_jobs_and_the_pinned_generator() {
        let a = parse(&[]).expect("no arguments parse");
        assert_eq!((a.runs, a.jobs, a.oag_version.as_str(), a.oag_properties.as_str()), (3, 2, OAG_VERSION, OAG_PROPERTIES));
        assert_eq!(a.spec, None);
        let a = parse(&["--runs", "1", "-j", "4", "x.yml"]).expect("parses");
        assert_eq!((a.runs, a.jobs, a.spec), (1, 4, Some(PathBuf::from("x.yml"))));
        assert!(parse(&["--runs", "0"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
    }
}
