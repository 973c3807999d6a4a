//! `hwcloud-codegen import DIR --service NAME --into SPEC`: a tree imported into a spec goes
//! through the same merge as pages. What a person wrote in the spec and no import writes
//! survives, unchanged entries keep their text and comments, a re-import of the same tree
//! changes nothing, and an operation the tree no longer documents stays, with a warning.

use std::path::Path;

use hwcloud_codegen_tools::import::Merged;
use hwcloud_codegen_tools::import::merge;
use hwcloud_codegen_tools::import::tree::{
    TreeOptions, TreePage, import_tree, import_tree_with, read_tree,
};

fn pages() -> Vec<TreePage> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/tree/broken");
    read_tree(&dir).expect("fixture tree")
}

/// The pages imported into `spec` and merged, as the CLI does.
fn reimport(pages: &[TreePage], spec: &str) -> Merged {
    let options = TreeOptions::default()
        .into_spec("widget.yaml", spec)
        .expect("a spec");
    let imported = import_tree_with(pages, "widget", &options);
    assert_eq!(imported.problem(), None);
    merge("widget.yaml", spec, &imported).expect("merges")
}

/// Replaces `from` (which must be there) by `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "no `{from}` in:\n{text}");
    text.replacen(from, to, 1)
}

#[test]
fn hand_comments_and_own_keys_survive_a_reimport() {
    let pages = pages();
    let first = import_tree(&pages, "widget").yaml;
    let mut spec = format!("# Widgets, from the docs; see spec/fixes for corrections.\n{first}");
    spec = edit(
        &spec,
        "service: { name: Widget, module: widget, title: Widget Service }\n",
        "service: { name: Widget, module: widget, title: Widget Service, description: Our widgets. }   # by hand\n",
    );
    spec = edit(
        &spec,
        "\n  ShowWidget:\n",
        "\n  # The dashboard calls this one.\n  ShowWidget:\n",
    );
    // A Rust name for a parameter and one for a schema: no import writes those.
    spec = edit(
        &spec,
        "      - { name: widget_id, in: path, type: string }\n    responses:\n      200:\n        description: OK\n        body:\n          ref: ShowWidgetResponse\n",
        "      - { name: widget_id, in: path, type: string, rust_name: id }   # shorter\n    responses:\n      200:\n        description: OK\n        body:\n          ref: ShowWidgetResponse\n",
    );
    spec = edit(
        &spec,
        "  Widget:\n    type: object\n",
        "  Widget:\n    rust_name: WidgetInfo\n    type: object\n",
    );
    let merged = reimport(&pages, &spec);
    assert_eq!(merged.text, spec, "every byte kept");
    assert!(
        merged
            .notes
            .iter()
            .all(|n| !n.warning && n.message.ends_with("unchanged")),
        "{:#?}",
        merged.notes
    );
    // What the tree states is the tree's: a summary edited by hand goes back to the docs'
    // (a fix is how a correction survives), and the note says which operation changed.
    let summary = edit(
        &spec,
        "    summary: Updating a Widget\n",
        "    summary: Update one widget\n",
    );
    let merged = reimport(&pages, &summary);
    assert_eq!(merged.text, spec);
    let replaced: Vec<&str> = merged
        .notes
        .iter()
        .filter(|n| n.message.contains("replaced"))
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(
        replaced,
        ["operation `UpdateWidget` replaced (from latin1.rst)"]
    );
}

#[test]
fn a_reimport_into_its_own_output_is_byte_identical() {
    let pages = pages();
    let first = import_tree(&pages, "widget").yaml;
    let once = reimport(&pages, &first);
    assert_eq!(once.text, first);
    let twice = reimport(&pages, &once.text);
    assert_eq!(twice.text, first);
    let notes: Vec<String> = twice.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "note: 6 operation(s) unchanged",
            "note: 4 schema(s) unchanged"
        ]
    );
}

#[test]
fn an_operation_the_tree_no_longer_documents_is_kept_with_a_warning() {
    let pages = pages();
    let spec = import_tree(&pages, "widget").yaml;
    let newer: Vec<TreePage> = pages
        .iter()
        .filter(|p| p.path != "list_widgets.rst")
        .cloned()
        .collect();
    let merged = reimport(&newer, &spec);
    // The operation and the schema only it uses stay as they were, text and all; `Widget`,
    // which the tree still documents (on the page of `ShowWidget`), is the tree's.
    let block = |text: &str, start: &str| -> String {
        let from = text.find(start).expect("the entry");
        let end = text[from + 1..]
            .find("\n\n")
            .map_or(text.len(), |e| from + 1 + e);
        text[from..end].to_owned()
    };
    for entry in ["\n  ListWidgets:\n", "\n  ListWidgetsResponse:\n"] {
        assert_eq!(block(&merged.text, entry), block(&spec, entry));
    }
    let widget = |text: &str| block(text, "\n  Widget:\n");
    assert_ne!(widget(&merged.text), widget(&spec));
    assert!(
        merged
            .notes
            .iter()
            .any(|n| n.message == "schema `Widget` replaced"),
        "{:#?}",
        merged.notes
    );
    let warnings: Vec<&str> = merged
        .notes
        .iter()
        .filter(|n| n.warning)
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "operation `ListWidgets` kept as the spec has it: the tree does not document it (remove it if the API no longer has it)"
        ]
    );
    let report = hwcloud_spec::check("widget.yaml", &merged.text);
    assert!(!report.has_errors());
}
