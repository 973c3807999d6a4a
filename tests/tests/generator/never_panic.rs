//! Never panic: whatever text a spec holds, checking it, rendering its diagnostics and
//! generating code from it returns without a panic; and every spec the generator accepts
//! yields code that formats. (Hangs are the business of the `cargo fuzz` target in
//! `codegen/fuzz`, whose `-timeout` flags an input that runs too long; these tests assert
//! no wall-clock time, which would flake on a busy machine.)
//!
//! Inputs come from a seeded mutator over the spec corpus (`fixtures/specs`,
//! `fixtures/broken`, `fixtures/regressions`): byte-level edits, and structure-aware edits
//! of the parsed YAML (keys dropped, renamed or duplicated, values of another kind, deep
//! nesting, huge strings, references bent). CI runs a fixed seed; for a long run:
//!
//! ```text
//! HWCLOUD_FUZZ_SECS=1200 cargo test --release -p hwcloud-tests --test generator \
//!     -- --ignored --nocapture never_panic
//! ```
//!
//! Inputs that panic are written to `HWCLOUD_FUZZ_OUT` (default: the system temp dir) and
//! belong, once fixed, in `fixtures/regressions`, which every run replays.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hwcloud_codegen::diagnostics::{ColorChoice, render_human, render_json};
use hwcloud_codegen::{Config, Error};
use serde_yaml::{Mapping, Value};

/// The seeded generator (`fastrand`, as elsewhere in the workspace) with the few choices
/// the mutator makes.
struct Rng(fastrand::Rng);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0.u64(..)
    }

    fn below(&mut self, n: usize) -> usize {
        self.0.usize(..n.max(1))
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(dir);
    hwcloud_spec::files::spec_files_in(&dir).unwrap_or_default()
}

fn corpus() -> Vec<String> {
    ["specs", "broken", "regressions"]
        .iter()
        .flat_map(|d| fixtures(d))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// Words a mutation may put in as keys, names or values: the spec's own vocabulary, Rust
/// keywords and names the generated code uses, and awkward text.
const WORDS: &[&str] = &[
    "service",
    "operations",
    "schemas",
    "name",
    "module",
    "method",
    "path",
    "parameters",
    "body",
    "responses",
    "type",
    "ref",
    "items",
    "values",
    "properties",
    "enum",
    "required",
    "nullable",
    "rust_name",
    "in",
    "query",
    "header",
    "permissions",
    "action",
    "access_level",
    "examples",
    "requests",
    "status",
    "pagination",
    "page",
    "size",
    "offset",
    "limit",
    "total",
    "errors",
    "code",
    "description",
    "string",
    "int32",
    "int64",
    "float",
    "double",
    "boolean",
    "any",
    "array",
    "map",
    "object",
    "GET",
    "POST",
    "DELETE",
    "200",
    "404",
    "self",
    "Self",
    "crate",
    "super",
    "_",
    "r#type",
    "r#self",
    "fn",
    "Option",
    "String",
    "Client",
    "SERVICE",
    "Unknown",
    "1st",
    "名称",
    "🚀",
    "",
    " ",
    "a b",
    "a-b",
    "{id}",
    "/v1/{id}",
    "{",
    "}",
    "x:y:z",
    "Write",
    "List",
    "demo:repository:get",
    "\t",
    "\u{0}",
    "\\",
    "\"",
    "'",
    "#",
    "&a",
    "*a",
    "!tag",
    "- x",
    ": ",
    "---",
    "\u{feff}",
];

fn word(rng: &mut Rng) -> String {
    (*rng.pick(WORDS)).to_owned()
}

fn any_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 3 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(2)),
        2 => Value::from(rng.next() as i64 >> rng.below(64)),
        3 => Value::from(f64::from_bits(rng.next())),
        4 => Value::from(word(rng)),
        5 => Value::Sequence(
            (0..rng.below(4))
                .map(|_| any_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut m = Mapping::new();
            for _ in 0..rng.below(4) {
                m.insert(Value::from(word(rng)), any_value(rng, depth + 1));
            }
            Value::Mapping(m)
        }
    }
}

/// A random node of `value` (a mapping or a list, when there is one).
fn random_container<'a>(rng: &mut Rng, value: &'a mut Value) -> &'a mut Value {
    let mut node = value;
    for _ in 0..rng.below(8) {
        let children = match &node {
            Value::Mapping(m) => m.len(),
            Value::Sequence(s) => s.len(),
            _ => 0,
        };
        if children == 0 {
            break;
        }
        let i = rng.below(children);
        let is_container = |v: &Value| matches!(v, Value::Mapping(_) | Value::Sequence(_));
        let child_ok = match &node {
            Value::Mapping(m) => m.values().nth(i).is_some_and(is_container),
            Value::Sequence(s) => s.get(i).is_some_and(is_container),
            _ => false,
        };
        if !child_ok {
            break;
        }
        node = match node {
            Value::Mapping(m) => m.values_mut().nth(i).expect("index in range"),
            Value::Sequence(s) => &mut s[i],
            _ => unreachable!("checked above"),
        };
    }
    node
}

/// One structure-aware edit somewhere in `doc`; huge strings are up to `huge` words long.
fn mutate_tree(rng: &mut Rng, doc: &mut Value, huge: usize) {
    let deep = |rng: &mut Rng| {
        let mut v = Value::from("leaf");
        for _ in 0..rng.below(200) {
            v = if rng.chance(2) {
                Value::Sequence(vec![v])
            } else {
                let mut m = Mapping::new();
                m.insert(Value::from("type"), Value::from("array"));
                m.insert(Value::from("items"), v);
                Value::Mapping(m)
            };
        }
        v
    };
    let huge = |rng: &mut Rng| Value::from(word(rng).repeat(1 + rng.below(huge)));
    let kind = rng.below(9);
    let node = random_container(rng, doc);
    match node {
        Value::Mapping(m) if !m.is_empty() => {
            let i = rng.below(m.len());
            let key = m.keys().nth(i).cloned().expect("index in range");
            match kind {
                0 => {
                    m.remove(&key);
                }
                1 => {
                    let v = m.remove(&key).unwrap_or(Value::Null);
                    let renamed = match (rng.below(3), key.as_str()) {
                        (0, Some(k)) if k.len() > 1 => {
                            let mut chars: Vec<char> = k.chars().collect();
                            let j = rng.below(chars.len() - 1);
                            chars.swap(j, j + 1);
                            chars.into_iter().collect()
                        }
                        (1, Some(k)) => k.to_uppercase(),
                        _ => word(rng),
                    };
                    m.insert(Value::from(renamed), v);
                }
                2 => {
                    let v = m.get(&key).cloned().unwrap_or(Value::Null);
                    let copy = key.as_str().map_or_else(|| word(rng), |k| format!("{k}_2"));
                    m.insert(Value::from(copy), v);
                }
                3 => {
                    m.insert(key, any_value(rng, 0));
                }
                4 => {
                    m.insert(key, deep(rng));
                }
                5 => {
                    m.insert(key, huge(rng));
                }
                6 => {
                    let target = word(rng);
                    m.insert(Value::from("ref"), Value::from(target));
                }
                7 => {
                    m.insert(Value::from(word(rng)), any_value(rng, 0));
                }
                _ => {
                    let j = rng.below(m.len());
                    let other = m.values().nth(j).cloned().unwrap_or(Value::Null);
                    m.insert(key, other);
                }
            }
        }
        Value::Sequence(items) if !items.is_empty() => {
            let i = rng.below(items.len());
            match kind % 4 {
                0 => {
                    items.remove(i);
                }
                1 => {
                    let copy = items[i].clone();
                    items.push(copy);
                }
                2 => items[i] = any_value(rng, 0),
                _ => items[i] = deep(rng),
            }
        }
        other => *other = any_value(rng, 0),
    }
}

/// One byte-level edit of `text` (the result is kept valid UTF-8, as specs are read).
fn mutate_text(rng: &mut Rng, text: &str, corpus: &[String]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let at = rng.below(bytes.len() + 1);
    match rng.below(7) {
        0 => {
            let end = (at + rng.below(64)).min(bytes.len());
            bytes.drain(at..end);
        }
        1 => {
            let w = word(rng);
            bytes.splice(at..at, w.bytes());
        }
        2 if at < bytes.len() => bytes[at] = rng.next() as u8,
        3 => bytes.truncate(at),
        4 => {
            // Indent or dedent a line.
            let line_start = bytes[..at]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            if rng.chance(2) {
                bytes.splice(line_start..line_start, *b" ");
            } else if bytes.get(line_start) == Some(&b' ') {
                bytes.remove(line_start);
            }
        }
        5 => {
            let other = rng.pick(corpus).as_bytes();
            let from = rng.below(other.len() + 1);
            let end = (from + rng.below(400)).min(other.len());
            bytes.splice(at..at, other[from..end].iter().copied());
        }
        _ => {
            let end = (at + rng.below(200)).min(bytes.len());
            let copy = bytes[at..end].to_vec();
            bytes.splice(end..end, copy);
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn mutant(rng: &mut Rng, corpus: &[String], huge: usize) -> String {
    let base = rng.pick(corpus).clone();
    if rng.chance(3) {
        let mut text = base;
        for _ in 0..1 + rng.below(4) {
            text = mutate_text(rng, &text, corpus);
        }
        return text;
    }
    match serde_yaml::from_str::<Value>(&base) {
        Ok(mut doc) => {
            for _ in 0..1 + rng.below(4) {
                mutate_tree(rng, &mut doc, huge);
            }
            serde_yaml::to_string(&doc).unwrap_or(base)
        }
        Err(_) => mutate_text(rng, &base, corpus),
    }
}

/// What went wrong with one input.
enum Finding {
    Panic(String),
    Unformattable(String),
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Finding::Panic(message) => write!(f, "panic: {message}"),
            Finding::Unformattable(message) => write!(f, "accepted but not generated: {message}"),
        }
    }
}

impl std::fmt::Debug for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Runs everything a user can run on `text`: check, both renderings, generation. Returns
/// whether the spec was accepted.
fn exercise(text: &str) -> Result<bool, Finding> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let report = hwcloud_codegen::check("fuzz.yaml", text);
        let files = std::slice::from_ref(&report);
        let _ = render_human(files, ColorChoice::Never);
        let _ = render_human(files, ColorChoice::Always);
        let _ = render_json(files);
        if report.has_errors() {
            return Ok(false);
        }
        let mut config = Config::new();
        config.cargo_directives(false);
        match config.generate_source("fuzz.yaml", text) {
            Ok(_) => Ok(true),
            Err(Error::Spec(_)) => Ok(false),
            Err(e) => Err(Finding::Unformattable(e.to_string())),
        }
    }));
    match outcome {
        Err(payload) => Err(Finding::Panic(
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default(),
        )),
        Ok(Err(f)) => Err(f),
        Ok(Ok(accepted)) => Ok(accepted),
    }
}

struct Stats {
    executions: usize,
    accepted: usize,
    findings: Vec<(Finding, String)>,
}

/// How big the inputs get: the CI run keeps them small, as a debug build is slow on big ones.
struct Scale {
    /// Longest spec of the corpus to mutate.
    max_len: usize,
    /// Most words in a huge string.
    huge: usize,
}

/// Mutates specs of the corpus while `budget` allows.
fn run(seed: u64, scale: Scale, budget: impl Fn(usize, Duration) -> bool) -> Stats {
    let max_len = scale.max_len;
    let corpus: Vec<String> = corpus()
        .into_iter()
        .filter(|t| t.len() <= max_len)
        .collect();
    assert!(corpus.len() >= 40, "the corpus is present");
    let mut rng = Rng(fastrand::Rng::with_seed(seed));
    let started = Instant::now();
    let mut stats = Stats {
        executions: 0,
        accepted: 0,
        findings: Vec::new(),
    };
    while budget(stats.executions, started.elapsed()) {
        let input = mutant(&mut rng, &corpus, scale.huge);
        stats.executions += 1;
        match exercise(&input) {
            Ok(accepted) => stats.accepted += usize::from(accepted),
            Err(finding) => stats.findings.push((finding, input)),
        }
    }
    stats
}

fn save(findings: &[(Finding, String)]) -> Vec<PathBuf> {
    let dir = std::env::var_os("HWCLOUD_FUZZ_OUT")
        .map_or_else(|| std::env::temp_dir().join("hwcloud-fuzz"), PathBuf::from);
    let _ = std::fs::create_dir_all(&dir);
    findings
        .iter()
        .enumerate()
        .map(|(i, (finding, input))| {
            let path = dir.join(format!("finding-{i}.yaml"));
            let note = format!("# {finding}").replace('\n', " ") + "\n";
            let _ = std::fs::write(&path, note + input);
            path
        })
        .collect()
}

fn report(stats: &Stats, elapsed: Duration) {
    println!(
        "{} executions in {elapsed:.1?} ({:.0}/s), {} accepted specs, {} findings",
        stats.executions,
        stats.executions as f64 / elapsed.as_secs_f64().max(1e-9),
        stats.accepted,
        stats.findings.len()
    );
}

#[test]
fn mutated_specs_never_panic() {
    let started = Instant::now();
    let scale = Scale {
        max_len: 8 * 1024,
        huge: 2_000,
    };
    let stats = run(0x5eed_2024, scale, |n, _| n < 1000);
    report(&stats, started.elapsed());
    assert!(stats.accepted > 0, "some mutants are still valid specs");
    let saved = save(&stats.findings);
    assert!(
        stats.findings.is_empty(),
        "{:?} (saved to {saved:?})",
        stats.findings
    );
}

/// The long run: `HWCLOUD_FUZZ_SECS` seconds (default 600), seed `HWCLOUD_FUZZ_SEED`
/// (default: the clock).
#[test]
#[ignore = "long: run with --ignored, see the module docs"]
fn mutated_specs_never_panic_long() {
    let secs = std::env::var("HWCLOUD_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let seed = std::env::var("HWCLOUD_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    println!("seed {seed}, {secs} s");
    let started = Instant::now();
    let scale = Scale {
        max_len: usize::MAX,
        huge: 20_000,
    };
    let stats = run(seed, scale, |_, elapsed| {
        elapsed < Duration::from_secs(secs)
    });
    report(&stats, started.elapsed());
    let saved = save(&stats.findings);
    assert!(
        stats.findings.is_empty(),
        "{} findings saved to {saved:?}",
        saved.len()
    );
}

/// Inputs that once broke the generator.
#[test]
fn regressions_stay_fixed() {
    let files = fixtures("regressions");
    assert!(!files.is_empty(), "regression inputs are present");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        if let Err(finding) = exercise(&text) {
            panic!("{}: {finding:?}", file.display());
        }
    }
}

/// A spec of thousands of schemas referring to each other in a chain (aliases and objects)
/// with an example running through all of them: checked without exhausting the stack of a
/// test thread.
#[test]
fn long_reference_chains_do_not_exhaust_the_stack() {
    let n = 3000;
    let mut text = String::from(
        "service: { name: Demo, module: demo, endpoints: [{ template: \"https://demo.{region}.example.com\", regions: [xx-east-1] }] }\n\
         operations:\n  Get:\n    method: GET\n    path: /v1/x\n    permissions: [{ action: \"demo:x:get\", access_level: Read }]\n    parameters:\n      - { name: q, in: query, ref: A0 }\n    responses:\n      200:\n        body: { ref: A0 }\n    examples:\n      responses:\n        - status: 200\n          body: text\nschemas:\n",
    );
    for i in 0..n {
        text.push_str(&format!("  A{i}: {{ ref: A{} }}\n", i + 1));
    }
    text.push_str(&format!("  A{n}: {{ type: string }}\n"));
    for i in 0..n {
        text.push_str(&format!(
            "  O{i}:\n    type: object\n    properties:\n      next: {{ ref: O{} }}\n",
            (i + 1) % n
        ));
    }
    let report = hwcloud_codegen::check("chain.yaml", &text);
    assert!(!report.has_errors(), "{:?}", report.diagnostics.first());
    // Alias cycles are errors, found without recursing along them.
    let cyclic = text.replace(
        &format!("  A{n}: {{ type: string }}"),
        &format!("  A{n}: {{ ref: A0 }}"),
    );
    let report = hwcloud_codegen::check("cycle.yaml", &cyclic);
    assert!(report.diagnostics.iter().any(|d| d.code == "alias-cycle"));
}

/// The reStructuredText pages of the broken-tree fixture (and the never-panic fixtures'
/// RST regressions, if any).
fn rst_corpus() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tree/broken");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("fixture dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rst") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).expect("fixture")).into_owned())
        .collect()
}

/// Mutated reference pages, imported as trees of one to three pages (some not UTF-8): the
/// tree importer returns, without a panic, for every one.
#[test]
fn reference_trees_never_panic() {
    use hwcloud_codegen_tools::import::tree::{TreePage, import_tree};
    let corpus = rst_corpus();
    assert!(corpus.len() >= 5, "the RST fixtures are present");
    let mut rng = Rng(fastrand::Rng::with_seed(0x0005_eed5));
    for _ in 0..400 {
        let pages: Vec<TreePage> = (0..1 + rng.below(3))
            .map(|i| {
                let mut text = rng.pick(&corpus).clone();
                for _ in 0..1 + rng.below(6) {
                    text = mutate_text(&mut rng, &text, &corpus);
                }
                let mut bytes = text.into_bytes();
                if rng.chance(8) && !bytes.is_empty() {
                    let at = rng.below(bytes.len());
                    bytes[at] = 0xff;
                }
                TreePage {
                    path: format!("p{i}.rst"),
                    bytes,
                }
            })
            .collect();
        let outcome = catch_unwind(AssertUnwindSafe(|| import_tree(&pages, "fuzz")));
        if let Err(payload) = outcome {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            let texts: Vec<String> = pages
                .iter()
                .map(|p| String::from_utf8_lossy(&p.bytes).into_owned())
                .collect();
            panic!(
                "the tree importer panicked ({message}) on:\n{}",
                texts.join("\n----\n")
            );
        }
    }
}
