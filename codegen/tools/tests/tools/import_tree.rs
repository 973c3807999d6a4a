//! `hwcloud-codegen import DIR --service NAME`: whole reStructuredText API reference trees
//! to one spec.
//!
//! The committed `spec/vpc.yaml` and `spec/nat.yaml` must be exactly what the importer makes
//! of the newest trees; every operation page must become an operation; broken pages give
//! located warnings while the rest of their tree imports.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hwcloud_codegen_tools::import::tree::{
    Fixes, Kind, SdkFacts, Strictness, TreeOptions, TreePage, import_dir, import_tree,
    import_tree_with, read_tree,
};
use hwcloud_codegen_tools::import::{ImportOptions, PageText, import_pages, merge};
use hwcloud_spec::Error;
use serde_yaml::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A reference tree of `../shared/apidocs`; when it is absent, the test calling this says
/// it is skipped and returns.
macro_rules! apidocs {
    ($tree:expr) => {
        match crate::shared::path(&format!("apidocs/{}", $tree), module_path!()) {
            Some(dir) => dir,
            None => return,
        }
    };
}

fn check_passes(name: &str, yaml: &str) {
    let report = hwcloud_spec::check(name, yaml);
    assert!(
        !report.has_errors(),
        "{name} does not pass check:\n{}",
        hwcloud_spec::diagnostics::render_human(
            &[report],
            hwcloud_spec::diagnostics::ColorChoice::Never
        )
    );
}

/// Operation pages counted independently of the importer: pages with a line at the margin
/// that is exactly `METHOD /path` (indented ones are examples in code blocks).
fn operation_pages(tree: &Path) -> usize {
    read_tree(tree)
        .expect("tree is readable")
        .iter()
        .filter(|p| !p.path.starts_with("permissions"))
        .filter(|p| {
            String::from_utf8_lossy(&p.bytes).lines().any(|l| {
                if l.starts_with(char::is_whitespace) {
                    return false;
                }
                let mut w = l.split_whitespace();
                matches!(w.next(), Some("GET" | "POST" | "PUT" | "DELETE" | "PATCH"))
                    && w.next().is_some_and(|p| p.starts_with('/'))
                    && w.next().is_none()
            })
        })
        .count()
}

fn spec(yaml: &str) -> Value {
    serde_yaml::from_str(yaml).expect("the import is YAML")
}

fn operations(v: &Value) -> &serde_yaml::Mapping {
    v["operations"].as_mapping().expect("operations")
}

/// The official SDK's facts and the fixes file of a service, as the committed specs use them.
fn committed_options(service: &str) -> TreeOptions {
    let facts = SdkFacts::locate(&root().join("tests/data/sdk/facts"), service).expect("facts");
    let mut options = TreeOptions::default().with_sdk(facts);
    let fixes = root().join(format!("spec/fixes/{service}.yaml"));
    if fixes.is_file() {
        let text = std::fs::read_to_string(&fixes).expect("fixes are readable");
        options = options.with_fixes(
            Fixes::parse(&format!("spec/fixes/{service}.yaml"), &text).expect("fixes parse"),
        );
    }
    options
}

/// How each committed spec is made: NAT from its one tree; VPC from its 2022 tree, then the
/// 2026 tree imported and merged into that, so its names date from 2022 (see
/// docs/vpc-2022-to-2026.md). The import, and the spec's text. `None` (the test is skipped)
/// without `../shared`.
fn committed_import(
    service: &str,
) -> Option<(hwcloud_codegen_tools::import::tree::TreeImport, String)> {
    let options = committed_options(service);
    let import = |tree: &str, options: &TreeOptions| {
        let dir = crate::shared::path(&format!("apidocs/{tree}"), module_path!())?;
        Some(import_tree_with(
            &read_tree(&dir).expect("tree"),
            service,
            options,
        ))
    };
    match service {
        "vpc" => {
            let old = import("vpc/2022-10-17", &options)?;
            let into = options
                .clone()
                .into_spec("vpc-2022.yaml", &old.yaml)
                .expect("the 2022 import is a spec");
            let new = import("vpc/2026-04-16", &into)?;
            let merged = merge("vpc-2022.yaml", &old.yaml, &new).expect("the 2026 tree merges");
            Some((new, merged.text))
        }
        _ => import("nat/2025-06-16", &options).map(|i| {
            let yaml = i.yaml.clone();
            (i, yaml)
        }),
    }
}

#[test]
fn committed_specs_are_what_the_importer_makes() {
    for (service, tree, how) in [
        (
            "vpc",
            "vpc/2026-04-16",
            "import ../shared/apidocs/vpc/2022-10-17 --service vpc --sdk tests/data/sdk/facts --fixes spec/fixes/vpc.yaml -o /tmp/vpc-2022.yaml && import ../shared/apidocs/vpc/2026-04-16 --service vpc --sdk tests/data/sdk/facts --fixes spec/fixes/vpc.yaml --into /tmp/vpc-2022.yaml -o spec/vpc.yaml",
        ),
        (
            "nat",
            "nat/2025-06-16",
            "import ../shared/apidocs/nat/2025-06-16 --service nat --sdk tests/data/sdk/facts --fixes spec/fixes/nat.yaml -o spec/nat.yaml",
        ),
    ] {
        let Some((imported, text)) = committed_import(service) else {
            return;
        };
        let committed = std::fs::read_to_string(root().join(format!("spec/{service}.yaml")))
            .expect("spec is readable");
        assert!(
            committed == text,
            "spec/{service}.yaml differs from what `hwcloud-codegen {how}` makes: re-import it"
        );
        assert_eq!(
            imported.summary.fixes_stale, 0,
            "{service}: every fix applies"
        );
        check_passes(&format!("{service}.yaml"), &text);
        let doc = spec(&text);
        assert_eq!(
            operations(&doc).len(),
            operation_pages(&apidocs!(tree)),
            "{service}: every operation page becomes an operation"
        );
        assert_eq!(imported.summary.operations, operations(&doc).len());
        assert_eq!(
            imported.summary.pages,
            read_tree(&apidocs!(tree)).expect("tree").len()
        );
        // Importing the same docs into the committed spec changes nothing, byte for byte.
        let again = import_tree_with(
            &read_tree(&apidocs!(tree)).expect("tree"),
            service,
            &committed_options(service)
                .into_spec(&format!("{service}.yaml"), &committed)
                .expect("the committed spec"),
        );
        let merged = merge(&format!("{service}.yaml"), &committed, &again).expect("merges");
        assert!(
            again.yaml == committed && merged.text == committed,
            "{service}: a re-import of the same docs into spec/{service}.yaml changes it"
        );
        assert!(
            merged
                .notes
                .iter()
                .all(|n| !n.warning && n.message.ends_with("unchanged")),
            "{service}: {:#?}",
            merged.notes
        );
        assert_eq!(again.summary.ids_kept, imported.summary.operations);
    }
}

#[test]
fn every_permission_row_of_the_vpc_tree_is_attached() {
    let imported = import_dir(&apidocs!("vpc/2026-04-16"), "vpc").expect("tree imports");
    assert!(
        !imported
            .warnings
            .iter()
            .any(|w| w.message.contains("permission row")),
        "unattached permission rows"
    );
    let doc = spec(&imported.yaml);
    let ops = operations(&doc);
    let actions = |id: &str| -> Vec<String> {
        ops[id]["permissions"]
            .as_sequence()
            .into_iter()
            .flatten()
            .filter_map(|p| p["action"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(actions("ListVpcs"), ["vpc:vpcs:list"]);
    assert_eq!(ops["ListVpcs"]["permissions"][0]["access_level"], "List");
    assert_eq!(actions("CreateVpc"), ["vpc:vpcs:create"]);
    // One method and path, two pages: each keeps its own id and gets the row its title
    // matches.
    assert_eq!(
        ops["AssociateRouteTable"]["path"],
        ops["DisassociateRouteTable"]["path"]
    );
    assert_eq!(
        actions("AssociateRouteTable"),
        ["vpc:routeTables:associate"]
    );
    assert_eq!(
        actions("DisassociateRouteTable"),
        ["vpc:routeTables:associate"]
    );
    assert!(imported.summary.permissions >= 140);
}

#[test]
fn one_object_documented_on_many_pages_is_one_schema() {
    let imported = import_dir(&apidocs!("vpc/2026-04-16"), "vpc").expect("tree imports");
    let doc = spec(&imported.yaml);
    let ops = operations(&doc);
    let schemas = doc["schemas"].as_mapping().expect("schemas");
    let body_ref = |id: &str| {
        ops[id]["responses"][200]["body"]["ref"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    // The route object of the VPC pages (create, query, list, update) is one schema.
    let route_of = |schema: &str, field: &str| -> String {
        let p = &schemas[schema]["properties"][field];
        let target = p["ref"].as_str().unwrap_or_default().to_owned();
        let vpc = &schemas[target.as_str()]["properties"]["routes"]["items"]["ref"];
        vpc.as_str().unwrap_or_default().to_owned()
    };
    let a = route_of(&body_ref("ShowVpc"), "vpc");
    let b = route_of(&body_ref("UpdateVpc"), "vpc");
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert!(imported.summary.shared_tables > 100);
    let names: BTreeSet<&str> = schemas.keys().filter_map(Value::as_str).collect();
    assert!(
        names.contains("Route"),
        "schemas are named after their field"
    );
}

#[test]
fn ids_are_distinct_and_deterministic() {
    let a = import_dir(&apidocs!("vpc/2026-04-16"), "vpc").expect("tree imports");
    let b = import_dir(&apidocs!("vpc/2026-04-16"), "vpc").expect("tree imports");
    assert_eq!(a.yaml, b.yaml);
    let doc = spec(&a.yaml);
    let ids: BTreeSet<&str> = operations(&doc).keys().filter_map(Value::as_str).collect();
    for id in [
        "ListVpcs",
        "ShowVpc",
        "CreateVpc",
        "UpdateVpc",
        "DeleteVpc",
        "ListVpcsV3",
    ] {
        assert!(ids.contains(id), "{id} missing");
    }
    let nat = spec(
        &import_dir(&apidocs!("nat/2025-06-16"), "nat")
            .expect("nat")
            .yaml,
    );
    assert!(operations(&nat).contains_key("CreateNatGateway"));
    assert!(operations(&nat).contains_key("ListNatGateways"));
}

fn broken() -> hwcloud_codegen_tools::import::tree::TreeImport {
    import_dir(&root().join("tests/fixtures/tree/broken"), "widget").expect("fixture tree")
}

/// Strict, what the importer cannot read is an error and the import a failure; what it
/// skipped stays a warning; leniently the same tree imports.
#[test]
fn strict_makes_unreadable_pages_errors() {
    let pages = read_tree(&root().join("tests/fixtures/tree/broken")).expect("fixture tree");
    let strict = TreeOptions::default().with_strictness(Strictness::Strict);
    let imported = import_tree_with(&pages, "widget", &strict);
    let errors: Vec<String> = imported
        .errors()
        .map(|w| format!("{}:{}", w.file, w.line))
        .collect();
    assert_eq!(
        errors,
        [
            "latin1.rst:12",
            "malformed.rst:3",
            "truncated.rst:19",
            "truncated.rst:21",
            "truncated.rst:21"
        ]
    );
    assert!(
        imported
            .problem()
            .is_some_and(|p| p.starts_with("5 part(s) of the pages could not be read")),
        "{:?}",
        imported.problem()
    );
    assert!(imported.warnings.iter().any(|w| w.kind == Kind::Skipped
        && w.file == "permissions/widgets.rst"
        && !strict.strictness.fails(w)));
    let lenient = broken();
    assert_eq!(lenient.errors().count(), 0);
    assert_eq!(lenient.problem(), None);
    assert_eq!(lenient.warnings, imported.warnings);
}

/// A text-form page whose table the page import rejects fails a strict tree import with
/// the same error, at the same line and column: the page import is the tree import.
#[test]
fn strict_tree_import_reports_a_text_table_as_the_page_import_does() {
    let name = "bad_tables.txt";
    let text = std::fs::read_to_string(root().join("tests/fixtures/pages/malformed").join(name))
        .expect("page");
    let page = PageText {
        name: name.to_owned(),
        text: text.clone(),
    };
    let Err(Error::Spec(reports)) = import_pages(&[page], &ImportOptions::default()) else {
        panic!("the page import accepts a malformed page");
    };
    let table = reports[0]
        .diagnostics
        .iter()
        .find(|d| d.code == "import-unreadable")
        .expect("a table error");
    let at = table.position.expect("located");
    let pages = [TreePage {
        path: name.to_owned(),
        bytes: text.into_bytes(),
    }];
    let strict = TreeOptions::default().with_strictness(Strictness::Strict);
    let imported = import_tree_with(&pages, "widget", &strict);
    assert!(imported.problem().is_some());
    let same = imported.errors().find(|w| {
        (w.line, w.column, &w.message, &w.help)
            == (at.line, Some(at.column), &table.message, &table.help)
    });
    assert_eq!(
        same.map(|w| w.at(Strictness::Strict).to_string()),
        Some(
            "bad_tables.txt:50:1: error: this row has 3 cells but the table header has 4\n  = help: write `-` for an empty cell"
                .to_owned()
        ),
        "{:#?}",
        imported.warnings
    );
}

#[test]
fn broken_pages_give_located_warnings_and_the_rest_imports() {
    let imported = broken();
    let located: BTreeSet<String> = imported
        .warnings
        .iter()
        .map(|w| format!("{}:{}", w.file, w.line))
        .collect();
    let has = |at: &str, text: &str| {
        assert!(
            imported
                .warnings
                .iter()
                .any(|w| format!("{}:{}", w.file, w.line) == at && w.message.contains(text)),
            "no warning `{text}` at {at}; got:\n{}",
            imported
                .warnings
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    };
    has("truncated.rst:19", "unknown type `Frob`");
    has("truncated.rst:21", "without a closing border");
    has("latin1.rst:12", "not UTF-8");
    has("permissions/widgets.rst:11", "not attached");
    assert!(located.iter().all(|l| l.contains(".rst:")));
    check_passes("widget.yaml", &imported.yaml);
    let doc = spec(&imported.yaml);
    let ids: Vec<&str> = operations(&doc).keys().filter_map(Value::as_str).collect();
    assert_eq!(
        ids,
        [
            "CreateWidget",
            "DeleteWidget",
            "DeleteWidgetV2",
            "ListWidgets",
            "ShowWidget",
            "UpdateWidget"
        ]
    );
    // A page with two URIs (`v1` and `v2`) documents two operations.
    let ops = operations(&doc);
    assert_eq!(
        ops["DeleteWidget"]["path"],
        "/v1/{project_id}/widgets/{widget_id}"
    );
    assert_eq!(
        ops["DeleteWidgetV2"]["path"],
        "/v2/{project_id}/widgets/{widget_id}"
    );
    assert_eq!(imported.summary.operations, ids.len());
    // The malformed page and the index are no operations.
    assert_eq!(imported.summary.skipped, 3);
    assert_eq!(imported.summary.permissions, 2);
}

#[test]
fn given_ids_name_their_pages_and_bad_ones_are_refused() {
    let pages = read_tree(&root().join("tests/fixtures/tree/broken")).expect("fixture tree");
    let give = |pairs: &[(&str, &str)]| {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(p, i)| ((*p).to_owned(), (*i).to_owned()))
            .collect();
        TreeOptions::default().with_ids(&pages, &pairs)
    };
    let options = give(&[("show_widget.rst", "GetWidget"), ("index.rst", "Index")]).expect("ids");
    let imported = import_tree_with(&pages, "widget", &options);
    let doc = spec(&imported.yaml);
    let ids: Vec<&str> = operations(&doc).keys().filter_map(Value::as_str).collect();
    assert!(
        ids.contains(&"GetWidget") && !ids.contains(&"ShowWidget"),
        "{ids:?}"
    );
    assert_eq!(imported.summary.ids_given, 1);
    // The index gives no operation: its id is not used, and the import says so.
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.file == "index.rst" && w.message.contains("the id is not used")),
        "{:?}",
        imported.warnings
    );
    let refused = |pairs: &[(&str, &str)], text: &str| match give(pairs) {
        Err(e) => assert!(e.to_string().contains(text), "{e}"),
        Ok(_) => panic!("{pairs:?} accepted"),
    };
    refused(&[("nope.rst", "X")], "the tree has no page `nope.rst`");
    refused(&[("show_widget.rst", "2x")], "an operation id is a letter");
    refused(
        &[("show_widget.rst", "A"), ("list_widgets.rst", "A")],
        "`A` is already given to `show_widget.rst`",
    );
    refused(
        &[("show_widget.rst", "A"), ("show_widget.rst", "B")],
        "`show_widget.rst` is already given the id `A`",
    );
}

#[test]
fn tables_links_arrays_and_examples_are_read() {
    let doc = spec(&broken().yaml);
    let ops = operations(&doc);
    let list = &ops["ListWidgets"];
    let params: Vec<(&str, &str)> = list["parameters"]
        .as_sequence()
        .expect("parameters")
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["in"].as_str().unwrap()))
        .collect();
    // The simple table, then the query template's names.
    assert_eq!(
        params,
        [
            ("project_id", "path"),
            ("name", "query"),
            ("tags", "query"),
            ("limit", "query"),
            ("marker", "query")
        ]
    );
    assert_eq!(list["parameters"][2]["type"], "array");
    let schemas = &doc["schemas"];
    assert_eq!(
        schemas["ListWidgetsResponse"]["properties"]["widgets"]["items"]["ref"],
        "Widget"
    );
    assert_eq!(
        schemas["ShowWidgetResponse"]["properties"]["widget"]["ref"],
        "Widget"
    );
    assert_eq!(schemas["Widget"]["properties"]["size"]["type"], "int32");
    // The example, its comment and elision removed.
    assert_eq!(
        list["examples"]["responses"][0]["body"]["widgets"][0]["id"],
        "w-1"
    );
    assert_eq!(
        list["examples"]["requests"][0]["url"],
        "https://{Endpoint}/v1/{project_id}/widgets?limit=10"
    );
    // A host placeholder written with a space is part of the URL, not its end.
    assert_eq!(
        ops["ShowWidget"]["examples"]["requests"][0]["url"],
        "https://{Widget Endpoint}/v1/{project_id}/widgets/w-1?fields=id"
    );
    assert_eq!(ops["CreateWidget"]["body"]["required"], true);
}

#[test]
fn hostile_bytes_never_panic() {
    let pages = [
        "",
        "\u{feff}",
        "+",
        "+-+\n|",
        "+--+--+\n| a | b | c | d |\n+==+\n",
        "== ==\n",
        "== ==\na\n== ==\n== ==\n",
        ".. table::\n.. code-block::\n   x",
        "T\n=\nURI\n---\nGET /{{{}\n",
        "T\n=\n\nURI\n---\n\nGET /a/{b\n\n.. table:: x\n\n   +-+\n   |é|\n   +=+\n",
        "X\n==\n\nGET /x?&=&a=\n",
        "Ü\n==\n\nPOST /ü\n\n+---+----+\n| Parameter | Type |\n+===+\n| a | Array of :ref:`x <missing>` objects |\n",
        "A\n===\n\nURI\n---\n\nPUT /a/{x}\n\nRequest\n-------\n\n.. _t:\n\n.. table:: t\n\n   +---+-----+\n   | p | :ref:`p <t>` object |\n   +---+-----+\n",
    ];
    let tree: Vec<TreePage> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| TreePage {
            path: format!("p{i}.rst"),
            bytes: p.as_bytes().to_vec(),
        })
        .chain(std::iter::once(TreePage {
            path: "bytes.rst".into(),
            bytes: vec![0xff, 0xfe, b'\n', 0x80, b'=', b'\n'],
        }))
        .collect();
    let imported = import_tree(&tree, "x");
    assert_eq!(imported.summary.pages, tree.len());
}

/// The fixture tree with its pages reformatted as a docs maintainer might: a grid table
/// rewritten as a simple table, descriptions rewrapped and rephrased, blank lines moved.
fn reformatted() -> Vec<TreePage> {
    let mut pages = read_tree(&root().join("tests/fixtures/tree/broken")).expect("fixture tree");
    for page in &mut pages {
        let text = String::from_utf8_lossy(&page.bytes).into_owned();
        let text = match page.path.as_str() {
            "show_widget.rst" => {
                let start = text.find(".. table:: **Table 2**").expect("table 2");
                format!(
                    "{}.. table:: **Table 2** **widget** objects\n\n   ========= ======= ==============================\n   Parameter Type    Description\n   ========= ======= ==============================\n   id        String  The ID of\n                     the widget, rewrapped.\n   size      Integer How big it is.\n   ========= ======= ==============================\n",
                    &text[..start]
                )
            }
            "list_widgets.rst" => text
                .replace(
                    "This API is used to query widgets.",
                    "This API is used to\nquery widgets, in a reworded sentence.",
                )
                .replace("\n\n\n", "\n\n"),
            _ => text,
        };
        page.bytes = text.into_bytes();
    }
    pages
}

#[test]
fn reformatting_the_docs_is_no_breaking_change() {
    let before = broken().yaml;
    let after = import_tree(&reformatted(), "widget").yaml;
    assert_ne!(before, after, "the reformatting shows in the descriptions");
    let report =
        hwcloud_codegen_tools::diff::diff_specs("before.yaml", &before, "after.yaml", &after)
            .expect("both specs pass check");
    assert!(
        !report.has_breaking(),
        "breaking changes from a reformatting: {:#?}",
        report
            .changes
            .iter()
            .filter(|c| c.breaking)
            .collect::<Vec<_>>()
    );
    assert!(
        report.counts().1 > 0,
        "the reworded descriptions are docs changes"
    );
}

/// The text form of a page (`*.txt`, as the page importer reads it) feeds the same model of
/// a page: a tree of text-form pages gives the operations the page importer gives, with the
/// same ids (from the SDK samples), methods, paths and permissions; `Object` fields no
/// table describes are typed from the examples (`inferred: example`), so that a strict
/// import reads every page, `Definition X Range Y` cells give `range`, and examples keep
/// the page's words about them.
#[test]
fn text_form_pages_feed_the_same_model() {
    let dir = root().join("tests/fixtures/pages");
    let tree = read_tree(&dir).expect("fixture pages");
    let tree: Vec<TreePage> = tree.into_iter().filter(|p| !p.path.contains('/')).collect();
    assert!(tree.len() >= 5);
    let imported = import_tree_with(
        &tree,
        "codeartsartifact",
        &TreeOptions::default().with_strictness(Strictness::Strict),
    );
    assert_eq!(imported.problem(), None, "{:#?}", imported.warnings);
    check_passes("codeartsartifact.yaml", &imported.yaml);
    let schemas = spec(&imported.yaml)["schemas"].clone();
    let inferred: Vec<&str> = schemas
        .as_mapping()
        .expect("schemas")
        .iter()
        .filter(|(_, s)| s["inferred"].as_str() == Some("example"))
        .filter_map(|(k, _)| k.as_str())
        .collect();
    assert!(inferred.contains(&"Repository"), "{inferred:?}");
    assert_eq!(
        schemas["StorageSummaryInfo"]["properties"]["filesCount"]["type"].as_str(),
        Some("int64"),
        "a count beyond 32 bits widens"
    );
    assert!(
        imported.yaml.contains("\n        range: "),
        "a `Range` part is `range`"
    );
    let from_tree = spec(&imported.yaml);
    let pages: Vec<PageText> = tree
        .iter()
        .map(|p| PageText {
            name: p.path.clone(),
            text: String::from_utf8_lossy(&p.bytes).into_owned(),
        })
        .collect();
    let from_pages = import_pages(&pages, &ImportOptions::default()).expect("pages import");
    assert_eq!(from_pages.operations.len(), operations(&from_tree).len());
    let mut described = 0;
    for op in &from_pages.operations {
        let other = &operations(&from_tree)[op.id.as_str()];
        for key in ["method", "path", "summary"] {
            assert_eq!(op.operation.get(key), other.get(key), "{}: {key}", op.id);
        }
        // An example the tree import keeps has the description the page import gives it.
        for kind in ["requests", "responses"] {
            let tree_words = &other["examples"][kind][0]["description"];
            if !tree_words.is_null() {
                described += 1;
                let page = Value::Mapping(op.operation.clone());
                assert_eq!(
                    tree_words, &page["examples"][kind][0]["description"],
                    "{}: {kind}",
                    op.id
                );
            }
        }
        let actions = |v: Option<&Value>| -> Vec<String> {
            v.and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .filter_map(|p| p["action"].as_str().map(str::to_owned))
                .collect()
        };
        assert_eq!(
            actions(op.operation.get("permissions")),
            actions(other.get("permissions")),
            "{}: permissions",
            op.id
        );
    }
    assert!(
        described >= 6,
        "examples keep their descriptions ({described})"
    );
}

/// Merging a page into a spec where its response schema is shared with another operation,
/// and the page types it differently: the merge says so, naming the other operation.
#[test]
fn a_merge_never_retypes_a_shared_schema_silently() {
    let spec = "service:\n  name: CodeArtsArtifact\n  module: codeartsartifact\n\noperations:\n  ResetUserPassword:\n    method: POST\n    path: /cloudartifact/v5/maven/users/me\n    responses:\n      200:\n        description: OK\n        body: { ref: SharedBody }\n\n  Other:\n    method: GET\n    path: /other\n    responses:\n      200:\n        description: OK\n        body: { ref: SharedBody }\n\nschemas:\n  SharedBody:\n    type: object\n    properties:\n      status: { type: int32 }\n";
    let page = PageText {
        name: "seed.txt".into(),
        text: std::fs::read_to_string(root().join("tests/fixtures/seed/reset_user_password.txt"))
            .expect("seed page"),
    };
    let imported = import_pages(&[page], &ImportOptions::default()).expect("seed imports");
    let merged = merge("codeartsartifact.yaml", spec, &imported).expect("merges");
    let warning = merged
        .notes
        .iter()
        .find(|n| n.warning && n.message.contains("`SharedBody` is retyped"))
        .unwrap_or_else(|| panic!("no retype warning in {:#?}", merged.notes));
    assert!(warning.message.contains("`Other`"), "{}", warning.message);
}
