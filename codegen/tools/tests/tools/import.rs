//! `hwcloud-codegen import`: API reference pages to spec YAML, merged into a service spec.
//!
//! The seed page must give back the seed operation of `spec/`, as data; the fixture pages
//! (other CodeArts Artifact operations) and the malformed pages are pinned by snapshots.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use hwcloud_codegen_tools::import::{ImportOptions, Imported, PageText, import_pages, merge};
use hwcloud_spec::Error;
use hwcloud_spec::diagnostics::{ColorChoice, render_human};
use serde_yaml::{Mapping, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn page(path: &Path) -> PageText {
    PageText {
        name: path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("page")
            .to_owned(),
        text: std::fs::read_to_string(path).expect("page is readable"),
    }
}

fn seed_page() -> PageText {
    page(&root().join("tests/fixtures/seed/reset_user_password.txt"))
}

fn spec_text() -> String {
    std::fs::read_to_string(root().join("spec/codeartsartifact.yaml"))
        .expect("the spec is readable")
}

fn pages_in(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .expect("fixture dir is readable")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn import(pages: &[PageText], options: &ImportOptions) -> Imported {
    match import_pages(pages, options) {
        Ok(i) => i,
        Err(e) => panic!("import failed:\n{}", e.render(ColorChoice::Never)),
    }
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ snapshot_path => "snapshots/import", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
}

/// Schema names referenced (`ref`) below `v`, examples skipped.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m {
                match k.as_str() {
                    Some("examples") => {}
                    Some("ref") => out.extend(v.as_str().map(str::to_owned)),
                    _ => refs(v, out),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|i| refs(i, out)),
        _ => {}
    }
}

/// Pairs the schema names two documents use at the same places, walking from an
/// operation's response bodies through `ref`s in property order.
fn pair_names(a: &Value, b: &Value, op: &str) -> BTreeMap<String, String> {
    let mut pairs = BTreeMap::new();
    let mut todo = vec![(
        a["operations"][op]["responses"].clone(),
        b["operations"][op]["responses"].clone(),
    )];
    while let Some((x, y)) = todo.pop() {
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        refs(&x, &mut xs);
        refs(&y, &mut ys);
        assert_eq!(
            xs.len(),
            ys.len(),
            "the two documents reference different numbers of schemas"
        );
        for (n, m) in xs.into_iter().zip(ys) {
            if pairs.insert(n.clone(), m.clone()).is_none() {
                todo.push((
                    a["schemas"][n.as_str()].clone(),
                    b["schemas"][m.as_str()].clone(),
                ));
            }
        }
    }
    pairs
}

fn rename_refs(v: &mut Value, names: &BTreeMap<String, String>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m.iter_mut() {
                if k.as_str() == Some("ref")
                    && let Some(n) = v.as_str().and_then(|n| names.get(n))
                {
                    *v = Value::from(n.as_str());
                } else {
                    rename_refs(v, names);
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|i| rename_refs(i, names)),
        _ => {}
    }
}

#[test]
fn the_seed_page_gives_the_seed_operation_as_data() {
    let imported = import(&[seed_page()], &ImportOptions::default());
    let got = Value::Mapping(imported.document());
    let spec: Value = serde_yaml::from_str(&spec_text()).expect("the spec is YAML");
    let id = "ResetUserPassword";

    // The operation itself is equal as it stands.
    assert_eq!(got["operations"][id], spec["operations"][id]);

    // Its schemas are equal modulo the names of schemas the importer names by rule: the
    // spec calls the inferred `result` object `MavenRepoUser` (a name chosen by hand).
    let names = pair_names(&got, &spec, id);
    let renamed: BTreeMap<&str, &str> = names
        .iter()
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(renamed, BTreeMap::from([("Result", "MavenRepoUser")]));
    assert_eq!(got["schemas"]["Result"]["inferred"], Value::from("example"));

    // The page has no text for the schemas as a whole: the spec's two schema descriptions
    // are hand-written, and the only other difference.
    let mut hand_written = BTreeSet::new();
    for (ours, theirs) in &names {
        let mut ours_value = got["schemas"][ours.as_str()].clone();
        rename_refs(&mut ours_value, &names);
        let mut theirs_value = spec["schemas"][theirs.as_str()].clone();
        if ours_value.get("description").is_none()
            && let Some(m) = theirs_value.as_mapping_mut()
            && m.remove("description").is_some()
        {
            hand_written.insert(theirs.clone());
        }
        assert_eq!(
            ours_value, theirs_value,
            "schema `{ours}` (the spec's `{theirs}`)"
        );
    }
    assert_eq!(
        hand_written,
        BTreeSet::from([
            "MavenRepoUser".to_owned(),
            "ResetUserPasswordResponse".to_owned()
        ])
    );
}

#[test]
fn importing_the_seed_page_into_the_spec_changes_nothing() {
    let text = spec_text();
    let imported = import(&[seed_page()], &ImportOptions::default());
    let merged = merge("spec/codeartsartifact.yaml", &text, &imported).expect("merge");
    // Not one byte: the operation and its schemas are equal as data, so their text is kept.
    assert_eq!(merged.text, text);
    let messages: Vec<&str> = merged.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(
        messages.contains(&"schema `Result` keeps the spec's name `MavenRepoUser`"),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("operation `ResetUserPassword` unchanged")),
        "{messages:?}"
    );
}

#[test]
fn fixture_pages_import_to_the_pinned_yaml_and_warnings() {
    let files = pages_in("tests/fixtures/pages");
    assert!(files.len() >= 6, "fixture pages are present");
    for file in files {
        let p = page(&file);
        let imported = import(std::slice::from_ref(&p), &ImportOptions::default());
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("page");
        let yaml = imported.to_yaml().expect("writes YAML");
        // What is written reads back as what was imported.
        let back: Mapping = serde_yaml::from_str(&yaml).expect("the output is YAML");
        assert_eq!(back, imported.document(), "{stem}: round trip");
        snapshot(&format!("page_{stem}"), &yaml);
        snapshot(
            &format!("page_{stem}_warnings"),
            &render_human(&imported.warnings, ColorChoice::Never),
        );
        let check = imported.validate().expect("validates");
        assert!(
            !check.has_errors(),
            "{stem}:\n{}",
            render_human(&[check], ColorChoice::Never)
        );
    }
}

#[test]
fn malformed_pages_are_reported_at_their_lines() {
    let files = pages_in("tests/fixtures/pages/malformed");
    assert!(files.len() >= 7, "malformed pages are present");
    for file in files {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("page")
            .to_owned();
        let Err(Error::Spec(reports)) = import_pages(&[page(&file)], &ImportOptions::default())
        else {
            panic!("{stem} imports without errors");
        };
        assert!(
            reports
                .iter()
                .all(|r| r.diagnostics.iter().all(|d| d.position.is_some())),
            "{stem}: every problem has a line"
        );
        snapshot(
            &format!("malformed_{stem}"),
            &render_human(&reports, ColorChoice::Never),
        );
    }
}

/// Lenient, a damaged page imports what can be read: each of its errors is a warning at
/// its line, an example its tables contradict is dropped with a warning, and the result
/// passes `check`; a page that gives no operation is skipped with a warning, and a list of
/// only such pages fails. The same pages fail strictly (above).
#[test]
fn malformed_pages_import_leniently_with_warnings_at_their_lines() {
    use hwcloud_codegen_tools::import::Strictness;
    use hwcloud_spec::diagnostics::Severity;
    let lenient = ImportOptions {
        strictness: Strictness::Lenient,
        ..ImportOptions::default()
    };
    let mut skipped = Vec::new();
    for file in pages_in("tests/fixtures/pages/malformed") {
        let p = page(&file);
        match import_pages(std::slice::from_ref(&p), &lenient) {
            Ok(imported) => {
                assert_eq!(imported.operations.len(), 1, "{}", p.name);
                let warnings: Vec<_> = imported
                    .warnings
                    .iter()
                    .flat_map(|r| &r.diagnostics)
                    .collect();
                assert!(!warnings.is_empty(), "{}: what it skipped is said", p.name);
                assert!(
                    warnings
                        .iter()
                        .all(|d| d.severity == Severity::Warning && d.position.is_some()),
                    "{}: warnings, each at a line",
                    p.name
                );
                let check = imported.validate().expect("validates");
                assert!(
                    !check.has_errors(),
                    "{}:\n{}",
                    p.name,
                    render_human(&[check], ColorChoice::Never)
                );
            }
            Err(Error::Spec(reports)) => {
                let codes: Vec<&str> = reports
                    .iter()
                    .flat_map(|r| &r.diagnostics)
                    .filter(|d| d.is_error())
                    .map(|d| d.code)
                    .collect();
                assert_eq!(codes, ["page-nothing-imported"], "{}", p.name);
                skipped.push(p.name.clone());
            }
            Err(e) => panic!("{}: {e}", p.name),
        }
    }
    assert_eq!(skipped, ["no_operation_id.txt", "no_uri.txt"]);
    // Beside a good page, a page without an operation is skipped with a warning.
    let pages = [
        seed_page(),
        page(&root().join("tests/fixtures/pages/malformed/no_uri.txt")),
    ];
    let imported = import(&pages, &lenient);
    assert_eq!(imported.operations.len(), 1);
    let skipped = imported
        .warnings
        .iter()
        .find(|r| r.file == "no_uri.txt")
        .expect("the skipped page is reported");
    assert!(
        skipped
            .diagnostics
            .iter()
            .any(|d| d.code == "page-skipped" && d.position.is_some_and(|p| p.line == 1))
    );
    // The example `missing_tables.txt` shows a field its tables leave out: dropped.
    let damaged = page(&root().join("tests/fixtures/pages/malformed/missing_tables.txt"));
    let imported = import(std::slice::from_ref(&damaged), &lenient);
    assert!(!imported.operations[0].states.example_responses);
    assert!(
        imported.operations[0]
            .operation
            .get("examples")
            .is_none_or(|e| e.get("responses").is_none())
    );
}

#[test]
fn all_pages_merge_into_the_spec_keeping_what_they_do_not_state() {
    let text = spec_text();
    let before: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    let mut pages: Vec<PageText> = pages_in("tests/fixtures/pages")
        .iter()
        .map(|p| page(p))
        .collect();
    pages.push(seed_page());
    let imported = import(&pages, &ImportOptions::knowing(&before));
    let merged = merge("spec/codeartsartifact.yaml", &text, &imported).expect("merge");
    let check = hwcloud_spec::check("merged.yaml", &merged.text);
    assert!(
        !check.has_errors(),
        "{}",
        render_human(&[check], ColorChoice::Never)
    );
    let after: Value = serde_yaml::from_str(&merged.text).expect("the result is YAML");

    // Operations the pages do not describe are untouched.
    let ids: BTreeSet<&str> = imported.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids.len(), 7);
    for (id, op) in before["operations"].as_mapping().expect("operations") {
        if !ids.contains(id.as_str().unwrap_or_default()) {
            assert_eq!(after["operations"][id], *op, "{id:?} changed");
        }
    }
    // A hand-written `pagination` survives the page, which has none.
    assert_eq!(
        after["operations"]["ListAllRepositories"]["pagination"],
        before["operations"]["ListAllRepositories"]["pagination"]
    );
    assert!(!after["operations"]["ListAllRepositories"]["pagination"].is_null());
    // A schema the spec describes by hand is not replaced by one inferred from the example,
    // and the spec's names are kept where the page names by rule only.
    assert_eq!(
        after["schemas"]["ListAllRepositoriesResult"],
        before["schemas"]["ListAllRepositoriesResult"]
    );
    assert!(
        after["schemas"]
            .get("ListAllRepositoriesResultRepositories")
            .is_none()
    );
    assert_eq!(
        after["operations"]["UpdateRepoRolesPrivilege"]["body"]["ref"],
        Value::from("RolePrivilegeV5")
    );
    assert_eq!(
        after["operations"]["DeleteRepository"]["body"]["ref"],
        Value::from("IDERepoRevisionModel")
    );
    // The page's response table has no Mandatory column: the spec's `required` flags stay.
    assert_eq!(
        after["schemas"]["Privilege"]["properties"]["role_id"]["required"],
        Value::from(true)
    );
    // A path parameter is always required: the import leaves `required` out, and the
    // spec's `required: true` stays as written.
    let params = &after["operations"]["ListAllRepositories"]["parameters"];
    assert_eq!(params[0]["in"], Value::from("path"));
    assert_eq!(params[0]["required"], Value::from(true));
    assert!(
        imported.operations.iter().all(|o| o
            .operation
            .get("parameters")
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .all(|p| p.get("in") != Some(&Value::from("path")) || p.get("required").is_none())),
        "no imported path parameter says `required`"
    );
    // What the pages state replaces the spec's version.
    assert_eq!(
        after["operations"]["ShowRepositoryRolesPrivilege"]["parameters"][2]["name"],
        Value::from("x-language")
    );
    assert_eq!(
        after["operations"]["UpdateRepoRolesPrivilege"]["permissions"][0]["access_level"],
        Value::from("Permission management")
    );
    // Importing the same pages again is a no-op.
    let again = merge("merged.yaml", &merged.text, &imported).expect("merge again");
    assert_eq!(again.text, merged.text);
}

/// A small spec with hand-written choices the page does not speak about.
const HAND_WRITTEN: &str = r#"service:
  name: CodeArtsArtifact
  module: codeartsartifact

operations:
  # Hand-written: note the names and the rust_name.
  ShowMavenInfo:
    summary: old summary
    method: GET
    path: /cloudartifact/v5/maven/info
    parameters:
      - { name: ids, in: query, type: string, rust_name: repository_ids }
    responses:
      200:
        body: { ref: MavenInfo }
    deprecated: true

  Untouched:
    method: GET
    path: /untouched   # a comment that must survive
    responses:
      200: { description: OK }

schemas:
  MavenInfo:
    description: Written by hand.
    type: object
    properties:
      result: { type: array, items: { ref: RepositoryBuildVO }, description: Old text. }
  RepositoryBuildVO:
    type: object
    properties:
      name: { type: string, rust_name: repo_name }
  Unused:
    type: string
"#;

#[test]
fn a_merge_keeps_hand_chosen_names_and_additions() {
    let imported = import(
        &[page(
            &root().join("tests/fixtures/pages/show_maven_info.txt"),
        )],
        &ImportOptions::default(),
    );
    let merged = merge("hand.yaml", HAND_WRITTEN, &imported).expect("merge");
    let check = hwcloud_spec::check("hand.yaml", &merged.text);
    assert!(
        !check.has_errors(),
        "{}",
        render_human(&[check], ColorChoice::Never)
    );
    let v: Value = serde_yaml::from_str(&merged.text).expect("YAML");
    let op = &v["operations"]["ShowMavenInfo"];
    assert_eq!(
        op["summary"],
        Value::from("Querying Maven Repositories and Account Credentials of a Tenant")
    );
    assert_eq!(op["deprecated"], Value::from(true));
    assert_eq!(
        op["responses"][200]["body"]["ref"],
        Value::from("MavenInfo")
    );
    let ids = op["parameters"]
        .as_sequence()
        .and_then(|p| p.iter().find(|p| p["name"] == "ids"))
        .expect("ids");
    assert_eq!(ids["rust_name"], Value::from("repository_ids"));
    assert_eq!(
        v["schemas"]["MavenInfo"]["description"],
        Value::from("Written by hand.")
    );
    assert_eq!(
        v["schemas"]["MavenInfo"]["properties"]["result"]["description"],
        Value::from("Maven repositories.")
    );
    assert_eq!(
        v["schemas"]["RepositoryBuildVO"]["properties"]["name"]["rust_name"],
        Value::from("repo_name")
    );
    assert!(
        v["schemas"].get("ShowMavenInfoResponse").is_none(),
        "no second response schema"
    );
    // Untouched text stays, comments included; a schema no operation used before stays too.
    assert!(
        merged
            .text
            .contains("    path: /untouched   # a comment that must survive\n")
    );
    assert!(
        merged
            .text
            .contains("  # Hand-written: note the names and the rust_name.\n")
    );
    assert!(v["schemas"].get("Unused").is_some());
    snapshot("merge_hand_written", &merged.text);
}

#[test]
fn a_page_without_sdk_sample_is_named_by_the_spec_or_by_the_caller() {
    let mut p = page(&root().join("tests/fixtures/pages/show_maven_info.txt"));
    let start = p.text.find("SDK Sample Code").expect("has SDK section");
    let end = p.text.find("Status Codes").expect("has status codes");
    p.text.replace_range(start..end, "");
    let Err(Error::Spec(reports)) =
        import_pages(std::slice::from_ref(&p), &ImportOptions::default())
    else {
        panic!("an unnamed page imports");
    };
    assert!(reports[0].diagnostics.iter().any(|d| d.code == "page-id"));

    let spec: Value = serde_yaml::from_str(HAND_WRITTEN).expect("YAML");
    let by_spec = import(std::slice::from_ref(&p), &ImportOptions::knowing(&spec));
    assert_eq!(by_spec.operations[0].id, "ShowMavenInfo");
    assert!(
        by_spec.warnings[0]
            .diagnostics
            .iter()
            .any(|d| d.code == "page-id-from-spec")
    );

    let mut options = ImportOptions::default();
    options
        .ids
        .insert(p.name.clone(), "ListMavenInfo".to_owned());
    assert_eq!(import(&[p], &options).operations[0].id, "ListMavenInfo");
}

#[test]
fn pages_that_disagree_are_rejected() {
    let p = page(&root().join("tests/fixtures/pages/show_maven_info.txt"));
    let Err(Error::Spec(reports)) =
        import_pages(&[p.clone(), p.clone()], &ImportOptions::default())
    else {
        panic!("the same operation twice imports");
    };
    let codes: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(|d| d.code))
        .collect();
    assert!(codes.contains(&"page-duplicate-operation"), "{codes:?}");

    let mut other = p.clone();
    other.name = "other.txt".to_owned();
    other.text = other
        .text
        .replace("ShowMavenInfo", "ShowMavenInfoV2")
        .replace("Definition Account. Range N/A", "Definition User name.");
    let Err(Error::Spec(reports)) = import_pages(&[p, other], &ImportOptions::default()) else {
        panic!("two versions of RepositoryBuildVO import");
    };
    let codes: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(|d| d.code))
        .collect();
    assert_eq!(codes, ["page-schema-conflict"]);
}

#[test]
fn variations_of_the_seed_page_import_the_same() {
    let seed = seed_page();
    let expected = import(std::slice::from_ref(&seed), &ImportOptions::default()).document();
    let variants = [
        ("CRLF line ends", seed.text.replace('\n', "\r\n")),
        ("a byte-order mark", format!("\u{feff}{}", seed.text)),
        ("trailing spaces", seed.text.replace('\n', "  \n")),
        (
            "blank lines between rows",
            seed.text.replace("\n|\ntrace_id |", "\n\n|\ntrace_id |"),
        ),
        (
            "other spellings of headings",
            seed.text
                .replace("Status code: 200", "Status Code 200")
                .replace("\nURI\n", "\nuri\n"),
        ),
        (
            "no footer",
            seed.text[..seed.text.find("Feedback").expect("footer")].to_owned(),
        ),
        (
            "a note between tables",
            seed.text.replace(
                "Response Parameters\n",
                "Response Parameters\nThe fields are returned in JSON.\n",
            ),
        ),
    ];
    for (what, text) in variants {
        let page = PageText {
            name: "variant.txt".to_owned(),
            text,
        };
        let got = import(std::slice::from_ref(&page), &ImportOptions::default());
        assert_eq!(got.document(), expected, "{what}");
        let warnings: Vec<&str> = got
            .warnings
            .iter()
            .flat_map(|w| w.diagnostics.iter().map(|d| d.code))
            .collect();
        // A note between tables is text of the section, as in a tree: not a warning.
        let expected_warnings: &[&str] = &[];
        assert_eq!(
            warnings,
            expected_warnings,
            "{what}: {}",
            render_human(&got.warnings, ColorChoice::Never)
        );
    }
}

#[test]
fn cut_and_damaged_pages_never_panic() {
    let seed = seed_page().text;
    let lines: Vec<&str> = seed.lines().collect();
    let mut texts: Vec<String> = Vec::new();
    // Every prefix, cut at a line end and in the middle of a line.
    for n in 0..lines.len() {
        let prefix = lines[..n].join("\n");
        let half: String = lines[n]
            .chars()
            .take(lines[n].chars().count() / 2)
            .collect();
        texts.push(format!("{prefix}\n{half}"));
        texts.push(prefix);
    }
    // Every single line removed, and every line doubled.
    for n in 0..lines.len() {
        let mut without = lines.clone();
        without.remove(n);
        texts.push(without.join("\n"));
        let mut doubled = lines.clone();
        doubled.insert(n, lines[n]);
        texts.push(doubled.join("\n"));
    }
    texts.extend([
        "".to_owned(),
        "|".to_owned(),
        "\n\n|\n|---|\n".to_owned(),
        "URI\nGET".to_owned(),
        "T\nExample Responses\nStatus code: 200\n{\"a\": \"\\u12".to_owned(),
    ]);
    for text in texts {
        let page = PageText {
            name: "cut.txt".to_owned(),
            text,
        };
        // Either outcome is fine; a panic or a problem without a line is not.
        if let Err(Error::Spec(reports)) = import_pages(&[page], &ImportOptions::default()) {
            let rendered = render_human(&reports, ColorChoice::Never);
            assert!(rendered.contains("error["), "{rendered}");
        }
    }
}

#[test]
fn a_page_without_response_tables_keeps_the_spec_response_bodies() {
    let mut seed = seed_page();
    let start = seed.text.find("Response Parameters").expect("section");
    let end = seed.text.find("Example Requests").expect("section");
    seed.text.replace_range(start..end, "");
    let spec = "service:\n  name: X\n  module: x\n\noperations:\n  ResetUserPassword:\n    method: POST\n    path: /cloudartifact/v5/maven/users/me\n    responses:\n      200: { description: OK, body: { ref: Reset } }\n      404: { description: Gone }\n\nschemas:\n  Reset:\n    type: object\n    properties:\n      status: { type: string }\n      trace_id: { type: string }\n      result: { type: any }\n";
    let imported = import(&[seed], &ImportOptions::default());
    assert!(!imported.operations[0].states.response_bodies);
    let merged = merge("x.yaml", spec, &imported).expect("merge");
    let check = hwcloud_spec::check("x.yaml", &merged.text);
    assert!(
        !check.has_errors(),
        "{}",
        render_human(&[check], ColorChoice::Never)
    );
    let v: Value = serde_yaml::from_str(&merged.text).expect("YAML");
    let responses = &v["operations"]["ResetUserPassword"]["responses"];
    assert_eq!(responses[200]["body"]["ref"], "Reset");
    assert_eq!(responses[200]["description"], "OK");
    assert_eq!(responses[404]["description"], "Gone");
    // What the page does state is taken.
    assert_eq!(
        v["operations"]["ResetUserPassword"]["permissions"][0]["action"],
        "codeartsartifact:repository:resetPassword"
    );
}
