//! `docs/spec-format.md` and the format's typed definition (`parse::document`) name the
//! same keys in the same order, and every committed spec is a document of that format.

use hwcloud_codegen_tools::document::canonical;
use hwcloud_spec::parse::document::{
    Body, CloudPrefixes, DescribedValue, Document, EndpointGroup, ErrorCode, Examples, Header,
    Operation, Pagination, Parameter, Permission, Property, RequestExample, ResourceTypeEntry,
    Response, ResponseBody, ResponseExample, Schema, Service, Type, keys,
};

fn doc() -> String {
    std::fs::read_to_string(hwcloud_tests::shared::root().join("docs/spec-format.md"))
        .expect("docs/spec-format.md is readable")
}

/// The `` `a`, `b` `` names of a table cell.
fn names(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The rows of the table under `heading`, as cells.
fn table(doc: &str, heading: &str) -> Vec<Vec<String>> {
    let start = doc
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("docs/spec-format.md has no `{heading}`"));
    doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn every_key_table_is_the_typed_definition() {
    let definition: &[(&str, &[&str])] = &[
        ("the spec", keys::<Document>()),
        ("`service`", keys::<Service>()),
        (
            "`service.endpoint_prefix` (per cloud)",
            keys::<CloudPrefixes>(),
        ),
        ("`service.endpoints[]`", keys::<EndpointGroup>()),
        ("an operation", keys::<Operation>()),
        ("`parameters[]`", keys::<Parameter>()),
        ("`body`", keys::<Body>()),
        ("`responses.<status>`", keys::<Response>()),
        ("`responses.<status>.body`", keys::<ResponseBody>()),
        ("`responses.<status>.headers.<name>`", keys::<Header>()),
        ("`errors[]`", keys::<ErrorCode>()),
        ("`pagination`", keys::<Pagination>()),
        ("`examples`", keys::<Examples>()),
        ("`examples.requests[]`", keys::<RequestExample>()),
        ("`examples.responses[]`", keys::<ResponseExample>()),
        ("`permissions[]`", keys::<Permission>()),
        (
            "`permissions[].resource_types[]` (spelled out)",
            keys::<ResourceTypeEntry>(),
        ),
        ("a schema", keys::<Schema>()),
        ("`properties.<name>`", keys::<Property>()),
        ("`enum[]` (with a description)", keys::<DescribedValue>()),
        ("`items`, `values` (a nested type)", keys::<Type>()),
    ];
    let doc = doc();
    let rows = table(&doc, "## Every key, in order");
    let documented: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let defined: Vec<&str> = definition.iter().map(|(m, _)| *m).collect();
    assert_eq!(documented, defined, "the mappings of the table");
    for (row, (mapping, keys)) in rows.iter().zip(definition) {
        assert_eq!(
            names(&row[1]),
            *keys,
            "docs/spec-format.md lists other keys of {mapping} than the definition"
        );
    }
}

#[test]
fn the_service_and_operation_tables_list_the_defined_keys_in_order() {
    let doc = doc();
    for (heading, keys) in [
        ("## `service`", keys::<Service>()),
        ("## `operations`", keys::<Operation>()),
    ] {
        let listed: Vec<String> = table(&doc, heading)
            .iter()
            .flat_map(|row| names(&row[0]))
            .collect();
        assert_eq!(listed, keys, "the table under {heading}");
    }
}

#[test]
fn the_committed_specs_are_documents_of_the_format() {
    let root = hwcloud_tests::shared::root();
    for name in ["codeartsartifact", "vpc", "nat"] {
        let text = std::fs::read_to_string(root.join(format!("spec/{name}.yaml")))
            .expect("the spec is readable");
        let doc: serde_yaml::Mapping = serde_yaml::from_str(&text).expect("the spec is YAML");
        let typed = canonical::<Document>(&doc)
            .unwrap_or_else(|e| panic!("spec/{name}.yaml is not a document of the format: {e}"));
        assert_eq!(
            typed, doc,
            "spec/{name}.yaml reads and writes back the same"
        );
    }
}
