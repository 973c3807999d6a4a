//! The catalogue regression: every published API reference tree (the 50 of
//! `../shared/apidocs/catalogue/`, VPC and NAT) imports at least as faithfully as
//! `docs/catalogue.tsv` records, figure by figure (the figures of `docs/catalogue.md`, made
//! by `hwcloud-codegen catalogue`). Only the import and the counting run here; compiling the
//! generated crates is the report command's part.
//!
//! The catalogue lives outside the repository: without `../shared/apidocs`, the test says so
//! and passes. The archive is unpacked once (see `shared::catalogue`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hwcloud_codegen_tools::catalogue::{self, Figures};
use hwcloud_codegen_tools::import::tree::{import_tree, read_tree};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The source directory of a baseline row's tree.
fn tree_dir(name: &str, apidocs: &Path, catalogue: &Path) -> PathBuf {
    match name {
        "vpc" => apidocs.join("vpc/2026-04-16"),
        "nat" => apidocs.join("nat/2025-06-16"),
        _ => catalogue.join(name).join("api-ref/source"),
    }
}

/// The baseline: tree → (service, figures by name).
fn baseline() -> BTreeMap<String, (String, BTreeMap<String, usize>)> {
    let text =
        std::fs::read_to_string(root().join("docs/catalogue.tsv")).expect("docs/catalogue.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            let figures = header[2..]
                .iter()
                .zip(&cells[2..])
                .map(|(k, v)| ((*k).to_owned(), v.parse().expect("a count")))
                .collect();
            (cells[0].to_owned(), (cells[1].to_owned(), figures))
        })
        .collect()
}

/// What may not get worse, and in which direction: more is better, or fewer is.
const MORE: &[&str] = &[
    "covered",
    "paged",
    "examples",
    "example_requests",
    "example_responses",
    "perms",
];
const FEWER: &[&str] = &["untyped_with_table", "numbered_ids"];

fn regressions(name: &str, now: &Figures, was: &BTreeMap<String, usize>) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in now.pairs() {
        let Some(&b) = was.get(k) else { continue };
        if (MORE.contains(&k) && v < b) || (FEWER.contains(&k) && v > b) {
            out.push(format!("{name}: {k} {b} -> {v}"));
        }
    }
    out
}

#[test]
fn no_tree_imports_worse_than_the_report_records() {
    let Some(apidocs) = crate::shared::path("apidocs", module_path!()) else {
        return;
    };
    let Some(catalogue) = crate::shared::catalogue(module_path!()) else {
        return;
    };
    let base: Vec<_> = baseline().into_iter().collect();
    assert!(base.len() >= 52, "the baseline lists every tree");
    // The trees are independent: import them on every core (the slowest test otherwise).
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut problems: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut found = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((name, (service, was))) = base.get(i) else {
                            return found;
                        };
                        let dir = tree_dir(name, &apidocs, &catalogue);
                        let pages = read_tree(&dir).unwrap_or_else(|e| panic!("{name}: {e}"));
                        let imported = import_tree(&pages, service);
                        let yaml = if imported.problem().is_some() {
                            ""
                        } else {
                            imported.yaml.as_str()
                        };
                        let now = catalogue::measure(name, &pages, yaml);
                        found.extend(regressions(name, &now, was));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a tree's import does not panic"))
            .collect()
    });
    problems.sort();
    assert!(
        problems.is_empty(),
        "figures below docs/catalogue.tsv (rerun `hwcloud-codegen catalogue` only for an improvement):\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_regression_is_noticed() {
    let was: BTreeMap<String, usize> = [("covered", 10), ("untyped_with_table", 1), ("paged", 3)]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    let same = Figures {
        covered: 10,
        untyped_with_table: 1,
        paged: 3,
        ..Figures::default()
    };
    assert!(regressions("t", &same, &was).is_empty());
    let worse = Figures {
        covered: 9,
        untyped_with_table: 2,
        paged: 4,
        ..Figures::default()
    };
    assert_eq!(
        regressions("t", &worse, &was),
        ["t: covered 10 -> 9", "t: untyped_with_table 1 -> 2"]
    );
}
