//! Exit codes and outputs of `hwcloud-codegen import` and `hwcloud-codegen diff`, run as
//! the real binary.

use super::{repo, run, text};

/// The seed page (its text form), kept in the repository.
const SEED: &str = "tests/fixtures/seed/reset_user_password.txt";

#[test]
fn import_prints_the_operation_and_succeeds() {
    let out = run(&["import", SEED]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("\n  ResetUserPassword:\n"), "{stdout}");
    assert!(stdout.contains("inferred: example"), "{stdout}");
}

#[test]
fn import_of_a_malformed_page_fails_with_its_line() {
    let out = run(&["import", "tests/fixtures/pages/malformed/bad_json.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error[import-unreadable]: this example response is not JSON, even with comments and elisions removed (expected `:` after the key"),
        "{stderr}"
    );
    assert!(stderr.contains("bad_json.txt:54:12"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn lenient_import_of_a_malformed_page_warns_at_its_line_and_writes() {
    let page = "tests/fixtures/pages/malformed/bad_json.txt";
    let out = run(&["import", page, "--lenient"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warning[import-unreadable]: this example response is not JSON, even with comments and elisions removed (expected `:` after the key"),
        "{stderr}"
    );
    assert!(stderr.contains("bad_json.txt:54:12"), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(text(&out.stdout).contains("\n  ResetUserPassword:\n"));
    // `--strict` is the pages' default, and says the opposite of `--lenient`.
    let out = run(&["import", page, "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["import", page, "--strict", "--lenient"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn import_into_a_spec_writes_it_and_reimport_is_stable() {
    let dir = std::env::temp_dir().join(format!("hwcloud-cli-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("spec.yaml");
    let original =
        std::fs::read_to_string(repo().join("spec/codeartsartifact.yaml")).expect("spec");
    std::fs::write(&spec, &original).expect("copy");
    let spec_arg = spec.to_str().expect("utf-8 path");

    // The seed page leaves the spec exactly as it is.
    let out = run(&["import", SEED, "--into", spec_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&spec).expect("spec"), original);

    // Another page changes it, in place; `-o -` prints instead of writing.
    let page = "tests/fixtures/pages/delete_repository.txt";
    let printed = run(&["import", page, "--into", spec_arg, "-o", "-"]);
    assert_eq!(printed.status.code(), Some(0), "{}", text(&printed.stderr));
    assert_eq!(
        std::fs::read_to_string(&spec).expect("spec"),
        original,
        "`-o -` does not write"
    );
    let out = run(&["import", page, "--into", spec_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let merged = std::fs::read_to_string(&spec).expect("spec");
    assert_eq!(merged, text(&printed.stdout));
    assert!(merged.contains("codeartsartifact:repository:delete"));
    assert!(run(&["check", spec_arg]).status.success());

    // `diff` sees what the page changed; the permission added is breaking.
    let before = dir.join("before.yaml");
    std::fs::write(&before, &original).expect("copy");
    let before_arg = before.to_str().expect("utf-8 path");
    let out = run(&["diff", before_arg, spec_arg, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let added = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["kind"] == "permission-added")
        .expect("a permission was added");
    assert_eq!(added["action"], "codeartsartifact:repository:delete");
    assert_eq!(
        run(&["diff", before_arg, spec_arg, "--deny", "breaking"])
            .status
            .code(),
        Some(1)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn import_with_a_bad_id_argument_fails() {
    let out = run(&["import", SEED, "--id", "nonsense"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--id <page>=<OperationId>"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn diff_exit_codes() {
    let d = |case: &str| {
        [
            format!("tests/fixtures/diff/{case}_old.yaml"),
            format!("tests/fixtures/diff/{case}_new.yaml"),
        ]
    };
    let [old, new] = d("operations");
    // Breaking changes are listed but only fail with `--deny breaking`.
    let listed = run(&["diff", &old, &new]);
    assert_eq!(listed.status.code(), Some(0));
    assert!(
        text(&listed.stdout).starts_with("Breaking changes, a major release (4):\n"),
        "{}",
        text(&listed.stdout)
    );
    assert_eq!(
        run(&["diff", &old, &new, "--deny", "breaking"])
            .status
            .code(),
        Some(1)
    );
    // With the crate's version, the next one: breaking changes to a 0.y.z crate bump y.
    let next = run(&["diff", &old, &new, "--version", "0.3.1"]);
    assert!(
        text(&next.stdout).ends_with("next version: 0.3.1 -> 0.4.0\n"),
        "{}",
        text(&next.stdout)
    );
    let json = run(&["diff", &old, &new, "--format", "json"]);
    assert!(
        text(&json.stdout).contains("\"bump\": \"major\""),
        "{}",
        text(&json.stdout)
    );
    // No change at all passes `--deny breaking`.
    let same = run(&["diff", &old, &old, "--deny", "breaking"]);
    assert_eq!(same.status.code(), Some(0));
    assert!(
        text(&same.stdout).starts_with("no changes"),
        "{}",
        text(&same.stdout)
    );
    // An invalid spec is an error, whatever the flags.
    let broken = run(&["diff", &old, "tests/fixtures/pages/show_maven_info.txt"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        text(&broken.stderr).contains("error["),
        "{}",
        text(&broken.stderr)
    );
}

#[test]
fn diff_of_non_breaking_changes_passes_deny() {
    let dir = std::env::temp_dir().join(format!("hwcloud-cli-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let old = repo().join("tests/fixtures/diff/permissions_old.yaml");
    let text_old = std::fs::read_to_string(&old).expect("fixture");
    let new = dir.join("new.yaml");
    std::fs::write(
        &new,
        text_old.replace(
            "regions: [cn-north-4, cn-east-3]",
            "regions: [cn-north-4, cn-east-3, ap-southeast-1]",
        ),
    )
    .expect("write");
    let out = run(&[
        "diff",
        old.to_str().expect("path"),
        new.to_str().expect("path"),
        "--deny",
        "breaking",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("[region-added]"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `import DIR --service` with SDK facts, fixes and `--into`: names from the SDK, fixes
/// applied or reported at their line, names kept on the second import; a bad fixes file is
/// an error at its line and column.
#[test]
fn tree_import_with_facts_fixes_and_into() {
    let dir = std::env::temp_dir().join(format!("hwcloud-cli-tree-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    std::fs::write(
        path("widgets.json"),
        r#"{"v1:ShowWidgetDetail": {"method": "GET", "path": "/v1/{project_id}/widgets/{id}"}}"#,
    )
    .expect("facts");
    std::fs::write(
        path("fixes.yaml"),
        "fixes:\n  - at: operations.ShowWidgetDetail.description\n    set: One widget.\n  - at: operations.Gone.group\n    set: widgets\n",
    )
    .expect("fixes");
    let tree = "tests/fixtures/tree/broken";
    let (facts, fixes, first) = (path("widgets.json"), path("fixes.yaml"), path("first.yaml"));
    let out = run(&[
        "import",
        tree,
        "--service",
        "widgets",
        "--sdk",
        &facts,
        "--fixes",
        &fixes,
        "-o",
        &first,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert_shown(
        &stderr,
        "warning[import-skipped]: the fix at `operations.Gone.group` no longer applies",
        "fixes.yaml:4:3",
    );
    assert!(
        stderr.contains("4 |   - at: operations.Gone.group\n  |   ^^^"),
        "the fix's line under a caret:\n{stderr}"
    );
    assert!(stderr.contains("ids: 0 kept, 1 the SDK's"), "{stderr}");
    assert!(
        stderr.contains("fixes: 1 applied, 1 no longer apply"),
        "{stderr}"
    );
    let spec = std::fs::read_to_string(&first).expect("written");
    assert!(spec.contains("  ShowWidgetDetail:\n"), "{spec}");
    assert!(spec.contains("description: One widget."), "{spec}");
    // Into the first import: every id kept, the same bytes.
    let into = |more: &[&str]| {
        let mut args = vec![
            "import",
            tree,
            "--service",
            "widgets",
            "--sdk",
            &facts,
            "--fixes",
            &fixes,
            "--into",
            &first,
        ];
        args.extend_from_slice(more);
        run(&args)
    };
    let again = into(&["-o", "-"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert_eq!(text(&again.stdout), spec);
    // Without `-o`, into the spec itself: a hand comment stays, the notes say what changed.
    let commented = format!("# Widgets: re-import with --into.\n{spec}");
    std::fs::write(&first, &commented).expect("comment");
    let in_place = into(&[]);
    assert_eq!(
        in_place.status.code(),
        Some(0),
        "{}",
        text(&in_place.stderr)
    );
    assert!(in_place.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&first).expect("spec"), commented);
    let stderr = text(&in_place.stderr);
    for line in [
        "note: 6 operation(s) unchanged",
        "note: 4 schema(s) unchanged",
        "wrote ",
    ] {
        assert!(stderr.contains(line), "no `{line}` in:\n{stderr}");
    }
    assert!(
        // Five pages, one of them with two URIs: six operations.
        text(&again.stderr).contains("ids: 6 kept, 0 the SDK's"),
        "{}",
        text(&again.stderr)
    );
    // `--id` names a page's operation, over the spec's kept id; a page the tree does not
    // have is an error naming it.
    let given = run(&[
        "import",
        tree,
        "--service",
        "widgets",
        "--into",
        &first,
        "--id",
        "show_widget.rst=GetWidget",
        "-o",
        "-",
    ]);
    assert_eq!(given.status.code(), Some(0), "{}", text(&given.stderr));
    assert!(text(&given.stdout).contains("  GetWidget:\n"));
    assert!(!text(&given.stdout).contains("  ShowWidgetDetail:\n"));
    assert!(
        text(&given.stderr).contains("note: operation `ShowWidgetDetail` removed: the tree documents it as `GetWidget` (the same method and path)"),
        "{}",
        text(&given.stderr)
    );
    assert!(
        text(&given.stderr).contains("ids: 1 given, 5 kept"),
        "{}",
        text(&given.stderr)
    );
    let unknown = run(&[
        "import",
        tree,
        "--service",
        "widgets",
        "--id",
        "nope.rst=GetWidget",
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        text(&unknown.stderr)
            .contains("`--id nope.rst=GetWidget`: the tree has no page `nope.rst`"),
        "{}",
        text(&unknown.stderr)
    );
    // A fixes file with a typo: an error at its place, nothing imported.
    std::fs::write(
        path("bad.yaml"),
        "fixes:\n  - at: operations.X\n    sett: 1\n",
    )
    .expect("bad");
    let bad = run(&[
        "import",
        tree,
        "--service",
        "widgets",
        "--fixes",
        &path("bad.yaml"),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("bad.yaml:3:5: fixes[0]: unknown key `sett`"),
        "{}",
        text(&bad.stderr)
    );
    // Facts that are not facts: the file and what is wrong.
    std::fs::write(path("bad.json"), "{\"v1:X\": {\"method\": 1}}").expect("bad facts");
    let bad = run(&[
        "import",
        tree,
        "--service",
        "widgets",
        "--sdk",
        &path("bad.json"),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("not SDK facts: `v1:X` lacks"),
        "{}",
        text(&bad.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `import DIR --service --strict`: a page part the importer cannot read fails the import,
/// every one listed as an error at its file and line, skipped text still a warning, nothing
/// written; a tree whose pages all read imports as without `--strict`.
#[test]
fn strict_tree_import_fails_on_an_unreadable_page() {
    let dir = std::env::temp_dir().join(format!("hwcloud-cli-strict-{}", std::process::id()));
    let good = dir.join("good");
    std::fs::create_dir_all(&good).expect("temp dir");
    let broken = "tests/fixtures/tree/broken";
    let out = dir.join("broken.yaml").to_string_lossy().into_owned();
    let failed = run(&[
        "import",
        broken,
        "--service",
        "widgets",
        "--strict",
        "-o",
        &out,
    ]);
    assert_eq!(failed.status.code(), Some(1), "{}", text(&failed.stderr));
    let stderr = text(&failed.stderr);
    for (unreadable, at) in [
        ("the page is not UTF-8", "latin1.rst:12:1"),
        (
            "this table ends without a closing border line",
            "malformed.rst:3:1",
        ),
        ("`color` has the unknown type `Frob`", "truncated.rst:19:4"),
        (
            "a table line is shorter than the table's border",
            "truncated.rst:21:4",
        ),
    ] {
        assert_shown(
            &stderr,
            &format!("error[import-unreadable]: {unreadable}"),
            at,
        );
    }
    assert_shown(
        &stderr,
        "warning[import-skipped]: path parameter `widget_id`",
        "show_widget.rst:7:1",
    );
    assert!(
        stderr.contains("19 |    | color     | No        | Frob   | A colour.   |\n   |    ^^^"),
        "the page's line under a caret:\n{stderr}"
    );
    assert!(
        stderr.contains("5 part(s) of the pages could not be read (a strict import)"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!std::path::Path::new(&out).exists());
    // Leniently, the same tree imports, each of those a warning.
    let lenient = run(&["import", broken, "--service", "widgets", "-o", &out]);
    assert_eq!(lenient.status.code(), Some(0), "{}", text(&lenient.stderr));
    assert_shown(
        &text(&lenient.stderr),
        "warning[import-unreadable]: the page is not UTF-8",
        "latin1.rst:12:1",
    );
    // Pages that all read: `--strict` writes the same spec as a lenient import.
    for page in ["index.rst", "show_widget.rst"] {
        std::fs::copy(repo().join(broken).join(page), good.join(page)).expect("copy page");
    }
    let good = good.to_string_lossy().into_owned();
    let strict = run(&["import", &good, "--service", "widgets", "--strict"]);
    assert_eq!(strict.status.code(), Some(0), "{}", text(&strict.stderr));
    assert!(text(&strict.stderr).contains("warning[import-skipped]: path parameter `widget_id`"));
    assert!(!text(&strict.stderr).contains("error"));
    let plain = run(&["import", &good, "--service", "widgets"]);
    assert_eq!(text(&strict.stdout), text(&plain.stdout));
    assert!(
        text(&strict.stdout).contains("  ShowWidget"),
        "{}",
        text(&strict.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `stderr` shows a diagnostic whose first line starts with `header`, located at `at`
/// (`file:line:column`) on the line after it, as rustc does.
fn assert_shown(stderr: &str, header: &str, at: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    let found = lines.windows(2).any(|w| {
        w[0].starts_with(header)
            && w[1].trim_start().starts_with("--> ")
            && w[1].ends_with(&format!("/{at}"))
            || w[1].trim_start() == format!("--> {at}")
    });
    assert!(found, "no `{header}` at {at} in:\n{stderr}");
}

/// `import DIR --service --into SPEC` whose merged result does not pass `check` (the spec
/// has an operation the tree does not document, and it refers to a schema nobody has):
/// the errors are shown, located in the merged spec, and nothing is written.
#[test]
fn a_tree_merge_that_fails_check_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("hwcloud-cli-into-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let tree = "tests/fixtures/tree/broken";
    let spec = dir.join("widgets.yaml");
    let first = run(&["import", tree, "--service", "widgets"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let broken = text(&first.stdout).replace(
        "operations:\n",
        "operations:\n  Dangling:\n    method: GET\n    path: /dangling\n    responses:\n      200:\n        description: OK\n        body: { ref: Nowhere }\n\n",
    );
    std::fs::write(&spec, &broken).expect("spec");
    let spec_arg = spec.to_str().expect("utf-8 path");
    let out = run(&["import", tree, "--service", "widgets", "--into", spec_arg]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warning: operation `Dangling` kept as the spec has it"),
        "{stderr}"
    );
    assert!(stderr.contains("`Nowhere`"), "{stderr}");
    assert!(
        stderr
            .contains("the merged spec does not pass `hwcloud-codegen check`; nothing was written"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&spec).expect("spec"), broken);
    let _ = std::fs::remove_dir_all(&dir);
}
