//! `hwcloud-codegen check` and `generate` as CI and editors use them: exit codes, human and
//! JSON output, no panics.

use std::path::PathBuf;

use super::{run, text};

const GOOD: &str = r#"
service: { name: Demo, module: demo, endpoints: [{ template: "https://demo.{region}.example.com", regions: [xx-east-1] }] }
operations:
  ListRepos:
    method: GET
    path: /v1/repos
    permissions: [{ action: "demo:repository:list", access_level: List }]
    responses: { 200: {} }
"#;

/// A temporary directory holding `files`, removed when dropped.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str, files: &[(&str, &str)]) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "hwcloud-codegen-check-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        for (file, text) in files {
            std::fs::write(dir.join(file), text).expect("write spec");
        }
        Self(dir)
    }

    fn path(&self, file: &str) -> String {
        self.0.join(file).display().to_string()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn check_passes_a_clean_spec() {
    let dir = Dir::new("clean", &[("demo.yaml", GOOD)]);
    let out = run(&["check", &dir.path("demo.yaml")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "no problems found\n");
}

#[test]
fn check_passes_with_warnings_only() {
    let spec = GOOD.replace(
        "    permissions: [{ action: \"demo:repository:list\", access_level: List }]\n",
        "",
    );
    let dir = Dir::new("warnings", &[("demo.yaml", &spec)]);
    let out = run(&["check", &dir.path("demo.yaml")]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning[no-permissions]"), "{stderr}");
    assert!(stderr.ends_with("1 warning emitted\n"), "{stderr}");
}

#[test]
fn check_fails_on_errors_and_reports_every_file() {
    let bad = GOOD.replace("method: GET", "method: GTE");
    let worse = GOOD.replace("module: demo", "module: Demo");
    let dir = Dir::new("errors", &[("a.yaml", &bad), ("b.yaml", &worse)]);
    let out = run(&["check", &dir.0.display().to_string()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[invalid-method]: `GTE` is not an HTTP method"),
        "{stderr}"
    );
    assert!(stderr.contains("--> a.yaml:5:13"), "{stderr}");
    assert!(stderr.contains("= help: did you mean `GET`?"), "{stderr}");
    assert!(stderr.contains("error[invalid-module]"), "{stderr}");
    assert!(stderr.contains("--> b.yaml:2:"), "{stderr}");
    assert!(stderr.ends_with("spec rejected: 2 errors\n"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "no colour when NO_COLOR is set");
}

#[test]
fn check_prints_json_and_keeps_the_exit_codes() {
    let bad = GOOD.replace("path: /v1/repos", "path: /v1/repos/{id}");
    let dir = Dir::new("json", &[("bad.yaml", &bad), ("good.yaml", GOOD)]);
    let out = run(&["check", "--format", "json", &dir.path("bad.yaml")]);
    assert_eq!(out.status.code(), Some(1));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let first = &items[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "undeclared-path-param");
    assert_eq!(first["file"], "bad.yaml");
    assert_eq!(first["line"], 6);
    assert_eq!(first["column"], 11);
    assert_eq!(first["path"], "operations.ListRepos.path");
    assert!(
        first["help"]
            .as_str()
            .is_some_and(|h| h.contains("in: path"))
    );

    let out = run(&["check", "--format", "json", &dir.path("good.yaml")]);
    assert_eq!(out.status.code(), Some(0));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(items, serde_json::json!([]));
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let out = run(&["check", "/nonexistent/spec.yaml"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: /nonexistent/spec.yaml: "),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn generate_fails_on_a_broken_spec_with_the_same_diagnostics() {
    let bad = GOOD.replace(
        "responses: { 200: {} }",
        "responses: { 200: { body: { ref: Nope } } }",
    );
    let dir = Dir::new("generate", &[("bad.yaml", &bad)]);
    let out = run(&["generate", &dir.path("bad.yaml"), "--output", "-"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty(), "no code for a broken spec");
    assert!(
        stderr.contains("error[unknown-schema]: unknown schema `Nope`"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let dir = Dir::new("generate-ok", &[("demo.yaml", GOOD)]);
    let out = run(&["generate", &dir.path("demo.yaml"), "--output", "-"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("// @generated"));
}
