//! The benchmark figures, each a function that prepares its inputs under the work
//! directory, measures, and returns its rows of the table.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::measure::{self, Stats, median};
use crate::report::{Row, count, kib, mib, ms, secs};
use crate::synth::Api;
use crate::{decode, progen, sign};

/// API sizes for generation; progenitor is measured up to [`PROGENITOR_MAX_GEN`].
const GEN_SIZES: [usize; 4] = [10, 100, 1000, 5000];
/// The largest API progenitor generates here.
const PROGENITOR_MAX_GEN: usize = 1000;
/// API sizes whose generated crates are checked and built.
const COMPILE_SIZES: [usize; 3] = [10, 100, 1000];
/// The largest API whose progenitor crate is checked and built (1000 takes minutes and
/// many GiB).
const PROGENITOR_MAX_COMPILE: usize = 100;
/// progenitor's two interface styles.
const STYLES: [&str; 2] = ["positional", "builder"];

/// Where things are and how many runs to count.
pub struct Env {
    /// The repository root.
    pub repo: PathBuf,
    /// Scratch space: specs, throwaway crates, their target directories, logs.
    pub work: PathBuf,
    /// The release `hwcloud-codegen` binary.
    pub cli: PathBuf,
    /// A Python with `huaweicloudsdkcore` installed, if any.
    pub python: Option<PathBuf>,
    /// Counted runs of generation and incremental builds.
    pub runs: usize,
    /// Counted runs of clean builds.
    pub build_runs: usize,
}

pub(crate) fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

pub(crate) fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

impl Env {
    fn log(&self, name: &str) -> PathBuf {
        let dir = self.work.join("logs");
        let _ = std::fs::create_dir_all(&dir);
        dir.join(format!("{name}.log"))
    }

    /// Writes the synthetic API of `ops` operations as `bench.yaml` and `openapi.json`
    /// (the variant with one extra query parameter when `variant`); returns their folder.
    pub(crate) fn specs(&self, ops: usize, variant: bool) -> Result<PathBuf, String> {
        let dir = self
            .work
            .join("specs")
            .join(format!("{ops}{}", if variant { "b" } else { "" }));
        let api = Api::new(ops, variant);
        write(&dir.join("bench.yaml"), &api.to_yaml())?;
        write(&dir.join("openapi.json"), &api.to_openapi())?;
        Ok(dir)
    }

    /// Times `script` in `dir` with one warm-up and [`Env::runs`] counted runs.
    fn time(&self, script: &str, dir: &Path, log: &str) -> Result<Stats, String> {
        measure::time(script, dir, &self.log(log), 1, self.runs)
    }
}

/// Our generator on spec text, as a library: parse, validate, generate, format. The text
/// of every file, main file first (for sizes).
fn generate_ours(yaml: &str) -> Result<String, String> {
    Ok(
        ours_files(hwcloud_codegen::Config::new().cargo_directives(false), yaml)?
            .into_iter()
            .map(|(_, text)| text)
            .collect(),
    )
}

/// The files `config` generates from `yaml`: the main one as `generated.rs`, then those it
/// includes.
pub(crate) fn ours_files(
    config: &hwcloud_codegen::Config,
    yaml: &str,
) -> Result<Vec<(String, String)>, String> {
    let g = config
        .generate_source("bench.yaml", yaml)
        .map_err(|e| e.to_string())?;
    let mut files = vec![("generated.rs".to_owned(), g.code().to_owned())];
    files.extend(g.files().map(|(n, t)| (n.to_owned(), t.to_owned())));
    Ok(files)
}

/// Median seconds of `f` over `runs` calls after one warm-up, and its last output.
fn in_process(
    runs: usize,
    mut f: impl FnMut() -> Result<String, String>,
) -> Result<(f64, String), String> {
    let mut out = f()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        out = f()?;
        times.push(start.elapsed().as_secs_f64());
    }
    Ok((median(times), out))
}

/// A table row's name, how to read its value from a measurement, and how to print it.
type Column<T> = (&'static str, fn(&T) -> f64, fn(f64) -> String);

/// Figures for one generator at one size.
#[derive(Clone, Copy)]
struct Gen {
    in_process: f64,
    whole: Stats,
    lines: f64,
    bytes: f64,
}

/// Generation time (in-process and whole-process), peak memory, generated size.
pub fn generation(env: &Env) -> Result<Vec<Row>, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut results: Vec<(usize, Gen, [Option<Gen>; 2])> = Vec::new();
    for ops in GEN_SIZES {
        let dir = env.specs(ops, false)?;
        let yaml = read(&dir.join("bench.yaml"))?;
        let json = read(&dir.join("openapi.json"))?;
        let (t, code) = in_process(env.runs, || generate_ours(&yaml))?;
        let cli = format!("{} generate bench.yaml -o ours.rs", env.cli.display());
        let ours = Gen {
            in_process: t,
            whole: env.time(&cli, &dir, &format!("gen-ours-{ops}"))?,
            lines: code.lines().count() as f64,
            bytes: code.len() as f64,
        };
        let mut theirs = [None, None];
        if ops <= PROGENITOR_MAX_GEN {
            for (slot, style) in theirs.iter_mut().zip(STYLES) {
                let s = progen::style(style)?;
                let (t, code) = in_process(env.runs, || progen::generate(&json, s.clone()))?;
                let cmd = format!(
                    "{} progenitor openapi.json {style}.rs {style}",
                    exe.display()
                );
                *slot = Some(Gen {
                    in_process: t,
                    whole: env.time(&cmd, &dir, &format!("gen-{style}-{ops}"))?,
                    lines: code.lines().count() as f64,
                    bytes: code.len() as f64,
                });
            }
        }
        results.push((ops, ours, theirs));
    }
    let figures: [Column<Gen>; 5] = [
        ("generation, in-process (ms)", |g| g.in_process, ms),
        ("generation, whole process (ms)", |g| g.whole.wall, ms),
        (
            "generation, peak memory (MiB)",
            |g| g.whole.max_rss as f64,
            mib,
        ),
        ("generated code (lines)", |g| g.lines, count),
        ("generated code (KiB)", |g| g.bytes, kib),
    ];
    let mut rows = Vec::new();
    for (name, get, fmt) in figures {
        for (ops, ours, theirs) in &results {
            let v = get(ours);
            rows.push(Row::new(name, ops, fmt(v)).against(
                v,
                (theirs[0].as_ref().map(get), theirs[1].as_ref().map(get)),
                fmt,
            ));
        }
    }
    Ok(rows)
}

/// Creates the throwaway crate `kind-ops` (`kind`: `ours`, `positional` or `builder`)
/// whose `src/lib.rs` includes `src/generated.rs` (and so the files it includes), with the
/// files of both spec variants in `a/` and `b/`; returns its folder.
pub(crate) fn generated_crate(env: &Env, kind: &str, ops: usize) -> Result<PathBuf, String> {
    throwaway_crate(env, &format!("{kind}-{ops}"), kind == "ours", |variant| {
        let spec = env.specs(ops, variant)?;
        match kind {
            "ours" => ours_files(
                hwcloud_codegen::Config::new().cargo_directives(false),
                &read(&spec.join("bench.yaml"))?,
            ),
            style => Ok(vec![(
                "generated.rs".to_owned(),
                progen::generate(&read(&spec.join("openapi.json"))?, progen::style(style)?)?,
            )]),
        }
    })
}

/// Writes the crate `name` (depending on our runtime when `ours`, else on progenitor's
/// stack) with the files of `files(false)` and `files(true)` (the main one named
/// `generated.rs`) in `a/` and `b/`, and those of `a/` in `src/`.
pub(crate) fn throwaway_crate(
    env: &Env,
    name: &str,
    ours: bool,
    files: impl Fn(bool) -> Result<Vec<(String, String)>, String>,
) -> Result<PathBuf, String> {
    let dir = env.work.join("crates").join(name);
    let deps = if ours {
        format!(
            "hwcloud-runtime = {{ path = \"{}\" }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n",
            env.repo.join("runtime").display()
        )
    } else {
        // progenitor's README list; reqwest without default TLS, as progenitor-client has it.
        "futures = \"0.3\"\nprogenitor-client = \"0.15\"\nreqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"stream\"] }\nserde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n".to_owned()
    };
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"bench-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{deps}\n[workspace]\n"
        ),
    )?;
    write(
        &dir.join("src/lib.rs"),
        "//! Generated client under test.\ninclude!(\"generated.rs\");\n",
    )?;
    for (sub, variant) in [("a", false), ("b", true)] {
        let _ = std::fs::remove_dir_all(dir.join(sub));
        for (file, text) in files(variant)? {
            write(&dir.join(sub).join(&file), &text)?;
            if !variant {
                write(&dir.join("src").join(&file), &text)?;
            }
        }
    }
    Ok(dir)
}

/// The shell command that swaps in the other variant's files of a [`throwaway_crate`].
pub(crate) const SWAP: &str =
    "if cmp -s src/generated.rs a/generated.rs; then cp b/* src/; else cp a/* src/; fi";

/// Swaps in the other variant's code, then runs `cargo <cmd>` with `target` as the
/// target directory: the cost of a spec change.
fn after_a_change(
    env: &Env,
    dir: &Path,
    target: &Path,
    cmd: &str,
    log: &str,
) -> Result<Stats, String> {
    let script = format!(
        "{SWAP} && CARGO_TARGET_DIR={} exec cargo {cmd}",
        target.display()
    );
    env.time(&script, dir, log)
}

/// `cargo check` and `cargo build` of the generated crate after a spec change, with its
/// dependencies built: each run swaps in the code of the other spec variant first.
pub fn compile(env: &Env) -> Result<Vec<Row>, String> {
    let mut results = Vec::new();
    for ops in COMPILE_SIZES {
        let mut per_kind = Vec::new();
        for kind in ["ours", STYLES[0], STYLES[1]] {
            if kind != "ours" && ops > PROGENITOR_MAX_COMPILE {
                per_kind.push(None);
                continue;
            }
            let dir = generated_crate(env, kind, ops)?;
            let target = env.work.join(if kind == "ours" {
                "target-ours"
            } else {
                "target-progenitor"
            });
            let mut stats = Vec::new();
            for cmd in ["check", "build"] {
                let log = format!("{cmd}-{kind}-{ops}");
                stats.push(after_a_change(env, &dir, &target, cmd, &log)?);
            }
            per_kind.push(Some((stats[0], stats[1])));
        }
        results.push((ops, per_kind));
    }
    let figures: [Column<(Stats, Stats)>; 3] = [
        ("`cargo check` after a spec change (s)", |s| s.0.wall, secs),
        (
            "`cargo check` peak memory (MiB)",
            |s| s.0.max_rss as f64,
            mib,
        ),
        (
            "`cargo build` (debug) after a spec change (s)",
            |s| s.1.wall,
            secs,
        ),
    ];
    let mut rows = Vec::new();
    for (name, get, fmt) in figures {
        for (ops, k) in &results {
            let ours = k[0].as_ref().map(get).ok_or("ours was not measured")?;
            rows.push(Row::new(name, ops, fmt(ours)).against(
                ours,
                (k[1].as_ref().map(get), k[2].as_ref().map(get)),
                fmt,
            ));
        }
    }
    Ok(rows)
}

/// Writes a crate whose `build.rs` runs a generator on a four-operation spec and whose
/// library only embeds the output: the generator is its one build-dependency stack.
fn build_dependency_crate(env: &Env, kind: &str) -> Result<PathBuf, String> {
    let dir = env.work.join("crates").join(format!("builddep-{kind}"));
    let api = Api::new(4, false);
    let (build_deps, build_rs, out) = if kind == "ours" {
        write(&dir.join("spec/bench.yaml"), &api.to_yaml())?;
        (
            format!(
                "hwcloud-codegen = {{ path = \"{}\", default-features = false }}\n",
                env.repo.join("codegen").display()
            ),
            "fn main() {\n    hwcloud_codegen::compile(&[\"spec\"]).unwrap();\n}\n".to_owned(),
            "bench.rs",
        )
    } else {
        write(&dir.join("openapi.json"), &api.to_openapi())?;
        (
            "prettyplease = \"0.2\"\nprogenitor = { version = \"0.15\", default-features = false }\nserde_json = \"1\"\nsyn = \"2\"\n".to_owned(),
            // The build script of progenitor's README.
            "fn main() {\n    println!(\"cargo:rerun-if-changed=openapi.json\");\n    let file = std::fs::File::open(\"openapi.json\").unwrap();\n    let spec = serde_json::from_reader(file).unwrap();\n    let mut generator = progenitor::Generator::default();\n    let tokens = generator.generate_tokens(&spec).unwrap();\n    let ast = syn::parse2(tokens).unwrap();\n    let content = prettyplease::unparse(&ast);\n    let out = std::path::Path::new(&std::env::var(\"OUT_DIR\").unwrap()).join(\"codegen.rs\");\n    std::fs::write(out, content).unwrap();\n}\n".to_owned(),
            "codegen.rs",
        )
    };
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"bench-builddep-{kind}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[build-dependencies]\n{build_deps}\n[workspace]\n"
        ),
    )?;
    write(&dir.join("build.rs"), &build_rs)?;
    write(
        &dir.join("src/lib.rs"),
        &format!(
            "//! The generated code, as text.\n/// What the build script generated.\npub const GENERATED: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/{out}\"));\n"
        ),
    )?;
    Ok(dir)
}

/// A clean debug build of a crate using the generator as a build-dependency: time and
/// the number of crates compiled.
pub fn build_dependency(env: &Env) -> Result<Vec<Row>, String> {
    let mut figures = Vec::new();
    for kind in ["ours", "progenitor"] {
        let dir = build_dependency_crate(env, kind)?;
        let log = env.log(&format!("builddep-{kind}"));
        measure::run_once("cargo generate-lockfile", &dir, &log)?;
        let script = "rm -rf target && CARGO_TARGET_DIR=target cargo build 2>build.log";
        let stats = measure::time(script, &dir, &log, 0, env.build_runs)?;
        let crates = read(&dir.join("build.log"))?
            .lines()
            .filter(|l| l.trim_start().starts_with("Compiling "))
            .count();
        figures.push((stats, crates as f64));
    }
    let (ours, theirs) = (figures[0], figures[1]);
    Ok(vec![
        Row::new(
            "clean build, generator as build-dependency (s)",
            4,
            secs(ours.0.wall),
        )
        .against(ours.0.wall, (Some(theirs.0.wall), None), secs),
        Row::new("clean build, crates compiled", 4, count(ours.1)).against(
            ours.1,
            (Some(theirs.1), None),
            count,
        ),
    ])
}

/// A no-op `cargo build` of a crate whose `build.rs` runs our generator on a 100-operation
/// spec, and whether the build script ran again (from `cargo build -v`).
pub fn no_op(env: &Env) -> Result<Vec<Row>, String> {
    const OPS: usize = 100;
    let dir = env.work.join("crates/noop-ours");
    write(
        &dir.join("spec/bench.yaml"),
        &Api::new(OPS, false).to_yaml(),
    )?;
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"bench-noop-ours\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nhwcloud-runtime = {{ path = \"{runtime}\" }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\n[build-dependencies]\nhwcloud-codegen = {{ path = \"{codegen}\", default-features = false }}\n\n[workspace]\n",
            runtime = env.repo.join("runtime").display(),
            codegen = env.repo.join("codegen").display()
        ),
    )?;
    write(
        &dir.join("build.rs"),
        "fn main() {\n    hwcloud_codegen::compile(&[\"spec\"]).unwrap();\n}\n",
    )?;
    write(
        &dir.join("src/lib.rs"),
        "//! Generated client.\ninclude!(concat!(env!(\"OUT_DIR\"), \"/bench.rs\"));\n",
    )?;
    let stats = env.time("CARGO_TARGET_DIR=target cargo build", &dir, "noop-ours")?;
    measure::run_once(
        "CARGO_TARGET_DIR=target cargo build -v 2>verbose.log",
        &dir,
        &env.log("noop-ours"),
    )?;
    let verbose = read(&dir.join("verbose.log"))?;
    let reran = verbose
        .lines()
        .any(|l| l.contains("Running") && l.contains("build-script-build"));
    let fresh = verbose
        .lines()
        .any(|l| l.trim_start().starts_with("Fresh bench-noop-ours"));
    Ok(vec![
        Row::new(
            "no-op `cargo build`, build.rs runs our generator (ms)",
            OPS,
            ms(stats.wall),
        ),
        Row::new(
            "no-op build: build script ran again",
            OPS,
            format!(
                "{} (`Fresh bench-noop-ours`: {})",
                if reran { "yes" } else { "no" },
                if fresh { "yes" } else { "no" }
            ),
        ),
    ])
}

/// Per-request cost of building and signing a request, the hash floor, and the official
/// Python SDK signer on the same request.
pub fn signing(env: &Env) -> Result<Vec<Row>, String> {
    let f = sign::measure()?;
    let us = |ns: f64| format!("{:.2}", ns / 1e3);
    let op = "GET, 3 query";
    let mut rows = vec![
        Row::new(
            "request build + sign, `Client::prepare` (µs)",
            op,
            us(f.build_and_sign),
        ),
        Row::new(
            "sign only, `sign_with_credentials` incl. clone (µs)",
            op,
            us(f.sign_only),
        ),
        Row::new("clone of the request alone (µs)", op, us(f.clone_only)),
        Row::new(
            &format!(
                "hash floor: SHA-256 of {} B + HMAC-SHA256 of {} B (µs)",
                f.sizes.0, f.sizes.1
            ),
            op,
            us(f.hash_floor),
        ),
        Row::new(
            "build + sign ÷ hash floor",
            op,
            format!("{:.1}", f.build_and_sign / f.hash_floor),
        ),
    ];
    if let Some(python) = &env.python {
        let script = env.repo.join("bench/python/sign_bench.py");
        let home = env.work.join("python-home");
        std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
        let out = std::process::Command::new(python)
            .arg(&script)
            .env("HOME", &home)
            .output()
            .map_err(|e| format!("{}: {e}", python.display()))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let ns: f64 = text.trim().parse().map_err(|_| {
            format!(
                "Python signer printed {text:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
        rows.push(Row::new(
            "official Python SDK: build `SdkRequest` + `Signer.sign` (µs)",
            op,
            us(ns),
        ));
    }
    Ok(rows)
}

/// Decoding and encoding a list response with the generated crate's lean serde impls
/// against `serde_derive` on the same structs.
pub fn decoding(_env: &Env) -> Result<Vec<Row>, String> {
    const ITEMS: usize = 1000;
    let f = decode::measure(ITEMS)?;
    let what = format!("{ITEMS} items, {:.0} KiB", f.bytes as f64 / 1024.0);
    let us = |v: f64| format!("{v:.0}");
    let ratio = |(derive, lean): (f64, f64)| format!("{:.2}", lean / derive);
    Ok(vec![
        Row::new(
            "decode a list response, `serde_derive` (µs)",
            &what,
            us(f.decode.0),
        ),
        Row::new(
            "decode a list response, `object_serde!` (µs)",
            &what,
            us(f.decode.1),
        ),
        Row::new(
            "decode, `object_serde!` ÷ `serde_derive`",
            &what,
            ratio(f.decode),
        ),
        Row::new(
            "encode the same list, `serde_derive` (µs)",
            &what,
            us(f.encode.0),
        ),
        Row::new(
            "encode the same list, `object_serde!` (µs)",
            &what,
            us(f.encode.1),
        ),
        Row::new(
            "encode, `object_serde!` ÷ `serde_derive`",
            &what,
            ratio(f.encode),
        ),
        Row::new(
            "a pager's repeated-page check of the same page (µs)",
            &what,
            us(f.page_check),
        ),
        Row::new(
            "repeated-page check ÷ decode (`object_serde!`)",
            &what,
            format!("{:.2}", f.page_check / f.decode.1),
        ),
    ])
}

/// `cargo check` after a spec change of a crate generated for the first 100 operations of
/// the 1000-operation API with `Config::only_operations`, as a program using part of a
/// large service would build it (the `compile` figure has the whole API).
pub fn selected(env: &Env) -> Result<Vec<Row>, String> {
    const OPS: usize = 1000;
    const KEEP: usize = 100;
    let dir = throwaway_crate(
        env,
        &format!("ours-selected-{KEEP}-of-{OPS}"),
        true,
        |variant| {
            let yaml = read(&env.specs(OPS, variant)?.join("bench.yaml"))?;
            let (service, _) = hwcloud_spec::resolve("bench.yaml", &yaml)
                .map_err(|d| format!("the synthetic spec does not resolve: {d:?}"))?;
            let ids = service.operations.iter().take(KEEP).map(|o| o.id.clone());
            ours_files(
                hwcloud_codegen::Config::new()
                    .cargo_directives(false)
                    .only_operations(ids),
                &yaml,
            )
        },
    )?;
    let stats = after_a_change(
        env,
        &dir,
        &env.work.join("target-ours"),
        "check",
        "check-selected",
    )?;
    let what = format!("{KEEP} of {OPS}");
    Ok(vec![
        Row::new(
            "`cargo check` after a spec change, only the operations used (s)",
            &what,
            secs(stats.wall),
        ),
        Row::new(
            "`cargo check` peak memory, only the operations used (MiB)",
            &what,
            mib(stats.max_rss as f64),
        ),
    ])
}
