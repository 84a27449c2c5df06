//! `generate --manifest` and `diff-spec --manifest`: every crate an SDK manifest lists, around
//! one shared runtime crate, in one workspace.

use std::path::{Path, PathBuf};

use generator::manifest::{self, CrateEntry, Manifest};
use generator::render::{self, SharedRuntime};
use generator::{apidiff, write};

use crate::{display_path, guard, pipeline, Verbosity};

/// `generate --manifest`'s arguments.
pub struct SdkArgs {
    pub manifest: PathBuf,
    pub specs: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub check: bool,
    pub bump: bool,
    pub only: Vec<String>,
    pub write: write::WriteOptions,
}

impl SdkArgs {
    pub fn from_cli(cli: crate::GenerateCli) -> Self {
        SdkArgs {
            manifest: cli.manifest.unwrap_or_default(),
            specs: cli.specs,
            out: cli.out,
            check: cli.check,
            bump: cli.bump,
            only: cli.only,
            write: write::WriteOptions { force: cli.force, overwrite: cli.overwrite },
        }
    }
}

/// One folder of the SDK, rendered: its files and what to say about it.
struct Part {
    dir: PathBuf,
    label: String,
    files: render::Files,
    bumped: Option<generator::Bumped>,
}

/// The manifest's file name, named in the runtime crate's and the workspace's `@generated` header.
fn notice_from(m: &Manifest) -> String {
    m.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A folder as TOML and Cargo want it: `/`-separated.
fn slashed(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// Renders every selected crate, the runtime crate and the workspace `Cargo.toml` in memory;
/// any error stops the run before anything is written.
fn render_all(m: &Manifest, args: &SdkArgs, out: &Path) -> Result<(Vec<Part>, Vec<String>), String> {
    for name in &args.only {
        if !m.crates.iter().any(|c| &c.name == name) {
            let names: Vec<&str> = m.crates.iter().map(|c| c.name.as_str()).collect();
            return Err(format!("--crate {name}: {} lists no such crate (it lists {})", m.path.display(), names.join(", ")));
        }
    }
    let selected: Vec<&CrateEntry> = m.crates.iter().filter(|c| args.only.is_empty() || args.only.contains(&c.name)).collect();
    let runtime_dir = slashed(&m.sdk.runtime_dir);
    let from = notice_from(m);
    let mut parts = Vec::new();
    let mut warnings = Vec::new();
    for c in selected {
        let dir = out.join(&c.dir);
        let options = pipeline::options(&pipeline::Render {
            spec: &c.spec,
            crate_name: &c.name,
            readme_example: c.readme_example.as_deref(),
            readme_sections: &c.readme_sections,
            format_cache: Some(pipeline::format_cache_for(&c.name)),
            crate_dir: Some(slashed(&c.dir)),
            overlays: &c.overlays,
        })?;
        let up = "../".repeat(c.dir.components().count());
        let mut release = pipeline::previous_release(&dir, args.bump);
        release.version = Some(c.version.clone());
        let options = generator::Options {
            package: m.sdk.package.clone(),
            shared_runtime: Some(SharedRuntime {
                package: m.sdk.runtime.clone(),
                ident: m.sdk.runtime.replace('-', "_"),
                version: m.sdk.runtime_version.clone(),
                path: format!("{up}{runtime_dir}"),
            }),
            release,
            ..options
        };
        let generated = generator::generate(&options).map_err(|e| format!("{}: {e}", c.name))?;
        let spec = c.spec.display().to_string();
        warnings.extend(generated.warnings.iter().map(|w| {
            if w.starts_with(&spec) {
                format!("{}: {w}", c.name)
            } else {
                format!("{}: {spec}: {w}", c.name)
            }
        }));
        parts.push(Part { dir, label: c.name.clone(), files: generated.files, bumped: generated.bumped });
    }
    let rt = SharedRuntime {
        package: m.sdk.runtime.clone(),
        ident: m.sdk.runtime.replace('-', "_"),
        version: m.sdk.runtime_version.clone(),
        path: String::new(),
    };
    let names: Vec<String> = m.crates.iter().map(|c| c.name.clone()).collect();
    let files = render::sdk::runtime_crate(&rt, &m.sdk.package, &names, &from).map_err(|e| e.to_string())?;
    parts.insert(0, Part { dir: out.join(&m.sdk.runtime_dir), label: m.sdk.runtime.clone(), files, bumped: None });
    let mut members = vec![runtime_dir];
    members.extend(m.crates.iter().map(|c| slashed(&c.dir)));
    members.extend(m.sdk.members.iter().map(|d| slashed(d)));
    let files = render::sdk::workspace(&members, &from).map_err(|e| e.to_string())?;
    parts.insert(0, Part { dir: out.to_path_buf(), label: "workspace".into(), files, bumped: None });
    Ok((parts, warnings))
}

/// `generate --manifest FILE [--specs DIR] [--out DIR] [--crate NAME] [--bump] [--check]`.
pub fn generate(args: &SdkArgs, verbosity: Verbosity) -> Result<bool, String> {
    let resolve = manifest::Resolve { specs: args.specs.clone(), missing_specs: false, only: args.only.clone() };
    let m = manifest::load(&args.manifest, &resolve).map_err(|e| e.to_string())?;
    let out = args.out.clone().or_else(|| m.sdk.out.clone()).ok_or_else(|| {
        format!("{}: the manifest has no [sdk] out: name the SDK's folder with --out", args.manifest.display())
    })?;
    guard::check_out_dir(&crate::root(), &out, &display_path(&out), &m.sdk.runtime)?;
    let (parts, warnings) = render_all(&m, args, &out)?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    // Every folder is checked before any is written: a refusal leaves the whole SDK untouched.
    let mut plans = Vec::new();
    for p in &parts {
        let files = write::with_manifest(p.files.clone());
        let changes = if args.check {
            write::plan(&p.dir, &files).map_err(|e| e.to_string())?
        } else {
            write::refusal(&p.dir, &files, &args.write).map_err(|e| e.to_string())?
        };
        plans.push(changes);
    }
    let shown_out = display_path(&out);
    let mut stale = 0;
    let mut total_changes = 0;
    for (p, planned) in parts.into_iter().zip(plans) {
        let shown = display_path(&p.dir);
        let mut changes = if args.check {
            planned
        } else {
            write::write(&p.dir, p.files, args.write.clone()).map_err(|e| format!("{}: {e}", p.label))?
        };
        write::review_order(&mut changes);
        if args.check {
            if verbosity > Verbosity::Quiet {
                for c in &changes {
                    out!("{}", c.unified_diff(&shown));
                }
            }
            stale += usize::from(!changes.is_empty());
            continue;
        }
        total_changes += changes.len();
        if verbosity > Verbosity::Quiet {
            for c in &changes {
                let kind = match c.kind {
                    write::ChangeKind::Added => "added",
                    write::ChangeKind::Changed => "changed",
                    write::ChangeKind::Removed => "removed",
                };
                outln!("  {kind:<9} {} (+{} −{})", shown.join(&c.path).display(), c.added_lines, c.removed_lines);
            }
        }
        if let Some(b) = &p.bumped {
            eprintln!("{}: {}", p.label, crate::bump_line(b));
        }
        if !changes.is_empty() && verbosity > Verbosity::Quiet {
            eprintln!("{}: {}", p.label, write::summary_line(&changes));
        }
    }
    let shown = display_path(&args.manifest);
    if args.check {
        if stale > 0 {
            let mut fix = format!("cargo xtask generate --manifest {}", shown.display());
            if let Some(specs) = &args.specs {
                fix.push_str(&format!(" --specs {}", display_path(specs).display()));
            }
            if args.out.is_some() {
                fix.push_str(&format!(" --out {}", shown_out.display()));
            }
            eprintln!("{}: {stale} folder(s) stale; fix them with: {fix}", shown_out.display());
            return Ok(false);
        }
        eprintln!("{}: the SDK is up to date", shown_out.display());
        return Ok(true);
    }
    eprintln!("{}: {total_changes} file change(s) in the SDK of {}", shown_out.display(), shown.display());
    Ok(true)
}

/// `diff-spec --manifest FILE OLD_DIR NEW_DIR`: the API report of each crate whose spec is in
/// either folder, with the manifest's overlays.
pub fn diff_spec(manifest_path: &Path, old: &Path, new: &Path, format: crate::DiffFormat) -> Result<bool, String> {
    let m = manifest::load(manifest_path, &manifest::Resolve { specs: None, missing_specs: true, only: Vec::new() }).map_err(|e| e.to_string())?;
    let mut json = Vec::new();
    let mut compared = 0;
    for c in &m.crates {
        let (o, n) = (old.join(&c.spec_name), new.join(&c.spec_name));
        let lower = |spec: &Path| -> Result<Option<generator::ir::Crate>, String> {
            if !spec.is_file() {
                return Ok(None);
            }
            let options = generator::Options { overlays: c.overlays.clone(), ..generator::Options::new(spec, &c.name) };
            generator::lower_spec(&options).map(|l| Some(l.krate)).map_err(|e| format!("{}: {e}", c.name))
        };
        let (before, after) = (lower(&o)?, lower(&n)?);
        let (before, after) = match (before, after) {
            (Some(b), Some(a)) => (b, a),
            (None, None) => continue,
            (b, _) => {
                let what = if b.is_none() { "added (no old spec)" } else { "removed (no new spec)" };
                if matches!(format, crate::DiffFormat::Json) {
                    json.push(serde_json::json!({"crate": c.name, "status": what}));
                } else {
                    outln!("## {}: crate {what}\n", c.name);
                }
                continue;
            }
        };
        compared += 1;
        let version = &c.version;
        let report = apidiff::compare(&before, &after, apidiff::Rules::CURRENT);
        match format {
            crate::DiffFormat::Json => {
                let mut value: serde_json::Value =
                    serde_json::from_str(&apidiff::json(&report, version)).map_err(|e| e.to_string())?;
                if let Some(map) = value.as_object_mut() {
                    map.insert("crate".into(), serde_json::Value::String(c.name.clone()));
                }
                json.push(value);
            }
            crate::DiffFormat::Markdown => outln!("## {}\n\n{}", c.name, apidiff::markdown(&report, version)),
            crate::DiffFormat::Text => outln!("== {}\n{}", c.name, apidiff::terminal(&report, version)),
        }
    }
    if matches!(format, crate::DiffFormat::Json) {
        outln!("{}", serde_json::to_string_pretty(&json).unwrap_or_default());
    }
    eprintln!("compared {compared} crate(s) of {}", m.path.display());
    Ok(true)
}
