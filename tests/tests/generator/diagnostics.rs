//! What users see when a spec is wrong: every spec in `fixtures/broken` (one small file per
//! mistake, named for it) is checked, and its diagnostics are pinned exactly as
//! `hwcloud-codegen check` prints them without colour, plus the JSON form for a few.
//! The snapshots in `snapshots/diagnostics` double as a gallery of the messages.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hwcloud_codegen::diagnostics::{ColorChoice, FileDiagnostics, render_human, render_json};

fn broken_specs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken");
    hwcloud_spec::files::spec_files_in(&dir).expect("the corpus is readable")
}

fn check(path: &Path) -> FileDiagnostics {
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    hwcloud_codegen::check(&hwcloud_spec::files::display_name(path), &text)
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .expect("UTF-8 file name")
        .to_owned()
}

/// The spec's first comment line, which says what it breaks.
fn what_it_breaks(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("# "))
        .unwrap_or("an empty file")
        .to_owned()
}

fn snapshot(name: &str, spec: &Path, rendered: &str) {
    let input = format!(
        "tests/fixtures/broken/{}",
        hwcloud_spec::files::display_name(spec)
    );
    insta::with_settings!({
        snapshot_path => "snapshots/diagnostics",
        prepend_module_to_snapshot => false,
        description => what_it_breaks(spec),
        input_file => input,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, rendered);
    });
}

#[test]
fn every_broken_spec_is_reported_as_pinned() {
    let specs = broken_specs();
    assert!(specs.len() >= 40, "the corpus has {} specs", specs.len());
    for spec in &specs {
        let report = check(spec);
        let name = stem(spec);
        if name.starts_with("warnings_") {
            assert!(!report.has_errors(), "{name} has only warnings");
            assert!(!report.diagnostics.is_empty(), "{name} has warnings");
        } else {
            assert!(report.has_errors(), "{name} is rejected");
        }
        let located = report.source.lines().any(|l| {
            let l = l.trim();
            !l.is_empty() && !l.starts_with('#')
        });
        for d in &report.diagnostics {
            assert!(!d.message.is_empty(), "{name}: {d:?}");
            if located {
                assert!(d.position.is_some(), "{name} locates every problem: {d:?}");
            }
        }
        snapshot(&name, spec, &render_human(&[report], ColorChoice::Never));
    }
}

#[test]
fn json_output_is_pinned_for_a_few_specs() {
    for name in [
        "many_problems_at_once",
        "warnings_only",
        "yaml_unclosed_quote",
        "empty_file",
    ] {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/broken")
            .join(format!("{name}.yaml"));
        let json = render_json(&[check(&spec)]);
        let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert!(parsed.is_array());
        snapshot(&format!("{name}.json"), &spec, &json);
    }
}

/// Every semantic and syntactic check has at least one spec in the corpus that trips it.
#[test]
fn the_corpus_covers_every_check() {
    let mut codes = BTreeSet::new();
    for spec in broken_specs() {
        codes.extend(check(&spec).diagnostics.iter().map(|d| d.code));
    }
    let expected = [
        "alias-cycle",
        "body-on-get",
        "complex-key",
        "complex-param",
        "conflicting-success-bodies",
        "duplicate-enum-value",
        "duplicate-key",
        "duplicate-operation-id",
        "duplicate-param",
        "empty-description",
        "empty-enum",
        "empty-spec",
        "enum-not-string",
        "example-mismatch",
        "invalid-access-level",
        "invalid-action",
        "invalid-endpoint",
        "invalid-group",
        "invalid-header-name",
        "invalid-method",
        "invalid-module",
        "invalid-pagination",
        "invalid-param-location",
        "invalid-path",
        "invalid-rust-name",
        "invalid-status",
        "missing-field",
        "missing-type",
        "name-collision",
        "no-endpoints",
        "no-permissions",
        "type-and-ref",
        "undeclared-path-param",
        "unknown-field",
        "unknown-schema",
        "unknown-type",
        "unsupported-content-type",
        "unused-path-param",
        "unused-schema",
        "wrong-type",
        "yaml-syntax",
    ];
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|c| !codes.contains(c))
        .collect();
    assert!(missing.is_empty(), "no broken spec trips {missing:?}");
}

/// A valid operation, numbered, for building big specs.
fn operation(i: usize) -> String {
    format!(
        "  Op{i}:\n    method: GET\n    path: /v1/items/{i}\n    permissions: [{{ action: \"demo:item:get\", access_level: Read }}]\n    responses:\n      200:\n        body: {{ ref: Item{i} }}\n"
    )
}

fn schema(i: usize) -> String {
    format!("  Item{i}:\n    type: object\n    properties:\n      id: {{ type: string }}\n")
}

const HEADER: &str = "service: { name: Demo, module: demo, endpoints: [{ template: \"https://demo.{region}.example.com\", regions: [xx-east-1] }] }\n";

/// A spec of several megabytes with one mistake near the end: found and located.
#[test]
fn a_huge_spec_is_checked_and_the_problem_located() {
    let n = 4000;
    let mut text = format!("{HEADER}operations:\n");
    (0..n).for_each(|i| text.push_str(&operation(i)));
    text.push_str("schemas:\n");
    (0..n).for_each(|i| text.push_str(&schema(i)));
    let broken = text.replacen("ref: Item3999 }", "ref: Item39999 }", 1);
    assert!(broken.len() > 700_000, "{} bytes", broken.len());
    let report = hwcloud_codegen::check("huge.yaml", &broken);
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let line = broken
        .lines()
        .position(|l| l.contains("Item39999"))
        .map(|i| i + 1);
    assert_eq!(errors[0].position.map(|p| p.line), line);
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `Item3999`?"));
}

/// A problem on a line of a megabyte: the message stays readable.
#[test]
fn a_huge_line_is_not_printed_whole() {
    let description = "x".repeat(1 << 20);
    let text = format!("service: {{ name: Demo, module: Demo, description: \"{description}\" }}\n");
    let report = hwcloud_codegen::check("long.yaml", &text);
    let rendered = render_human(&[report], ColorChoice::Never);
    assert!(
        rendered.contains("error[invalid-module]"),
        "{}",
        &rendered[..500.min(rendered.len())]
    );
    assert!(rendered.len() < 4096, "{} bytes rendered", rendered.len());
}

/// Nesting far deeper than any spec needs is an error, not a stack overflow.
#[test]
fn deep_nesting_is_rejected_plainly() {
    for depth in [200, 10_000] {
        let text = format!("{HEADER}x: {}{}\n", "[".repeat(depth), "]".repeat(depth));
        let report = hwcloud_codegen::check("deep.yaml", &text);
        let first = &report.diagnostics[0];
        assert_eq!(
            first.message,
            "invalid YAML: the document is nested too deeply"
        );
        let block = (0..depth.min(1000))
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect::<String>();
        let report = hwcloud_codegen::check("deep.yaml", &block);
        assert!(report.has_errors());
    }
}
