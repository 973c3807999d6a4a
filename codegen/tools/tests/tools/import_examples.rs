//! Every example of a page reaches the spec: each example request in page order with the
//! page's words about it, each example response of the success status, duplicates once,
//! and the objects no table describes are typed from all of them.

use hwcloud_codegen_tools::import::tree::{TreePage, import_tree};
use serde_yaml::Value;

fn page(path: &str, text: &str) -> TreePage {
    TreePage {
        path: path.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }
}

/// A create page whose request examples are numbered list items, one of them twice, and
/// whose success status shows one response per request, told apart by a legend.
const CREATE: &str = r#"Creating a Widget
=================

Function
--------

This API is used to create a widget.

URI
---

POST /v1/{project_id}/widgets

Request Parameters
------------------

.. table:: **Table 1** Request body parameters

   ========= ========= ======= ================================================
   Parameter Mandatory Type    Description
   ========= ========= ======= ================================================
   name      Yes       String  The widget name.
   spec      No        Object  The widget's specification.
   ========= ========= ======= ================================================

Response Parameters
-------------------

**Status code: 201**

.. table:: **Table 2** Response body parameters

   ========= ======= ================
   Parameter Type    Description
   ========= ======= ================
   id        String  The widget ID.
   name      String  The widget name.
   ========= ======= ================

Example Requests
----------------

-  Example request 1: Creating a small widget

   .. code-block:: text

      POST https://{Endpoint}/v1/{project_id}/widgets

      {
        "name" : "small",
        "spec" : { "size" : 1 }
      }

-  Example request 2 (Creating a widget with a colour)

   .. code-block:: text

      POST https://{Endpoint}/v1/{project_id}/widgets

      {
        "name" : "red",
        "spec" : { "size" : 2, "colour" : "red" }
      }

-  The first example again.

   .. code-block:: text

      POST https://{Endpoint}/v1/{project_id}/widgets

      {
        "name" : "small",
        "spec" : { "size" : 1 }
      }

Example Responses
-----------------

**Status code: 201**

Created.

-  Example 1: the response to the first request

-  Example 2: the response to the second request

-  Example 1

   .. code-block::

      { "id" : "w-1", "name" : "small" }

-  Example 2

   .. code-block::

      { "id" : "w-2", "name" : "red" }

**Status code: 400**

.. code-block::

   { "error_code" : "WGT.0001", "error_msg" : "Bad name" }

Status Codes
------------

=========== ===========
Status Code Description
=========== ===========
201         Created.
400         Bad request.
=========== ===========
"#;

/// An update page with one section of both kinds: the request line and its body in two
/// blocks, a body alone after `Example request 2`, a success response and an error one
/// without a status line.
const UPDATE: &str = r#"Updating a Widget
=================

URI
---

PUT /v1/{project_id}/widgets/{widget_id}

Request Parameters
------------------

.. table:: **Table 1** Request body parameters

   ========= ========= ======= ================
   Parameter Mandatory Type    Description
   ========= ========= ======= ================
   name      Yes       String  The widget name.
   ========= ========= ======= ================

Response Parameters
-------------------

.. table:: **Table 2** Response body parameters

   ========= ======= ================
   Parameter Type    Description
   ========= ======= ================
   id        String  The widget ID.
   name      String  The widget name.
   ========= ======= ================

Example
-------

-  Example request 1: Renaming a widget

   .. code-block:: text

      PUT https://{Endpoint}/v1/{project_id}/widgets/w-1

   .. code-block::

      { "name" : "big" }

-  Example request 2: Renaming it again

   .. code-block::

      { "name" : "huge" }

-  Example response

   .. code-block::

      { "id" : "w-1", "name" : "big" }

-  Example abnormal response

   .. code-block::

      { "code" : "WGT.0002", "message" : "Request is invalid" }
"#;

fn imported() -> Value {
    let pages = [
        page("widgets/creating_a_widget.rst", CREATE),
        page("widgets/updating_a_widget.rst", UPDATE),
    ];
    let imported = import_tree(&pages, "widget");
    assert_eq!(imported.problem(), None, "{:#?}", imported.warnings);
    let report = hwcloud_spec::check("widget.yaml", &imported.yaml);
    assert!(!report.has_errors(), "{}", imported.yaml);
    serde_yaml::from_str(&imported.yaml).expect("the spec is YAML")
}

fn field<'v>(examples: &'v Value, kind: &str, key: &str) -> Vec<&'v Value> {
    examples[kind]
        .as_sequence()
        .unwrap_or_else(|| panic!("{kind} in {examples:?}"))
        .iter()
        .map(|e| &e[key])
        .collect()
}

#[test]
fn every_example_request_is_kept_in_page_order_with_its_words_and_duplicates_once() {
    let doc = imported();
    let examples = &doc["operations"]["CreateWidget"]["examples"];
    let names: Vec<&Value> = examples["requests"]
        .as_sequence()
        .expect("requests")
        .iter()
        .map(|e| &e["body"]["name"])
        .collect();
    assert_eq!(names, ["small", "red"], "{examples:?}");
    assert_eq!(
        field(examples, "requests", "description"),
        ["Creating a small widget", "Creating a widget with a colour"]
    );
    assert_eq!(
        field(examples, "requests", "url"),
        [
            "https://{Endpoint}/v1/{project_id}/widgets",
            "https://{Endpoint}/v1/{project_id}/widgets"
        ]
    );
}

#[test]
fn every_success_response_is_kept_with_the_words_its_legend_gives() {
    let doc = imported();
    let examples = &doc["operations"]["CreateWidget"]["examples"];
    assert_eq!(field(examples, "responses", "status"), [201, 201]);
    let ids: Vec<&Value> = examples["responses"]
        .as_sequence()
        .expect("responses")
        .iter()
        .map(|e| &e["body"]["id"])
        .collect();
    assert_eq!(ids, ["w-1", "w-2"], "the 400 example is no success example");
    assert_eq!(
        field(examples, "responses", "description"),
        [
            "Created. The response to the first request",
            "The response to the second request"
        ]
    );
}

#[test]
fn a_field_only_the_second_example_shows_is_typed_from_it() {
    let doc = imported();
    let spec = &doc["schemas"]["CreateWidgetRequestBody"]["properties"]["spec"];
    let name = spec["ref"].as_str().expect("spec is a schema");
    let inferred = &doc["schemas"][name];
    assert_eq!(inferred["inferred"], "example");
    assert_eq!(inferred["properties"]["size"]["type"], "int32");
    assert_eq!(inferred["properties"]["colour"]["type"], "string");
}

#[test]
fn a_section_of_both_kinds_keeps_requests_and_leaves_errors_out() {
    let doc = imported();
    let examples = &doc["operations"]["UpdateWidget"]["examples"];
    let requests = examples["requests"].as_sequence().expect("requests");
    assert_eq!(requests.len(), 2, "{examples:?}");
    // The request line and the body that follows it in a block of its own: one example.
    assert_eq!(
        requests[0]["url"],
        "https://{Endpoint}/v1/{project_id}/widgets/w-1"
    );
    assert_eq!(requests[0]["body"]["name"], "big");
    assert_eq!(requests[0]["description"], "Renaming a widget");
    // A body after words naming a request is a request, not a response.
    assert_eq!(requests[1]["body"]["name"], "huge");
    assert_eq!(requests[1]["description"], "Renaming it again");
    assert!(requests[1].get("url").is_none());
    let responses = examples["responses"].as_sequence().expect("responses");
    assert_eq!(responses.len(), 1, "the abnormal response is an error");
    assert_eq!(responses[0]["body"]["name"], "big");
    let props = doc["schemas"]["UpdateWidgetResponse"]["properties"]
        .as_mapping()
        .expect("properties");
    assert!(
        !props.contains_key("code") && !props.contains_key("message"),
        "the error example adds no field to the success body: {props:?}"
    );
}

/// A text-form page with two example requests: the tree route keeps both, as the page
/// route does, with the same URLs, bodies and words.
#[test]
fn a_text_form_page_keeps_every_request_by_either_route() {
    use hwcloud_codegen_tools::import::{ImportOptions, PageText, import_pages};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pages");
    let text =
        std::fs::read_to_string(dir.join("update_repo_roles_privilege.txt")).expect("fixture page");
    let second = "Letting a developer download from a repository\nPUT https://{endpoint}/cloudartifact/v5/repositories/b1c2d3e4f5a6/privileges\n{\n  \"privileges\" : [ { \"role_id\" : \"r2\", \"project_id\" : \"p2\", \"area_service_id\" : \"a2\", \"granted_object_path\" : \"/g2\", \"granted_object_type_id\" : \"repository\", \"operations\" : \"download\" } ]\n}\n";
    let text = text.replacen(
        "Example Responses",
        &format!("{second}Example Responses"),
        1,
    );
    let tree = import_tree(
        &[page("update_repo_roles_privilege.txt", &text)],
        "codeartsartifact",
    );
    assert_eq!(tree.problem(), None, "{:#?}", tree.warnings);
    let tree: Value = serde_yaml::from_str(&tree.yaml).expect("yaml");
    let (id, from_tree) = tree["operations"]
        .as_mapping()
        .and_then(|m| m.iter().next())
        .expect("one operation");
    let pages = import_pages(
        &[PageText {
            name: "update_repo_roles_privilege.txt".into(),
            text,
        }],
        &ImportOptions::default(),
    )
    .expect("the page imports");
    let from_page = Value::Mapping(pages.operations[0].operation.clone());
    let requests = |op: &Value| op["examples"]["requests"].clone();
    assert_eq!(
        requests(from_tree).as_sequence().map(Vec::len),
        Some(2),
        "{id:?}: {from_tree:?}"
    );
    assert_eq!(requests(from_tree), requests(&from_page));
}

#[test]
fn an_example_that_is_not_json_is_reported_where_its_reading_stops() {
    // The fault follows a comment and an elision the reader removes, on a line indented
    // by the list item and the code block (8 spaces): the value after `"count" `.
    let text = CREATE.replace(
        "        \"name\" : \"red\",\n",
        "        // a comment\n        \"name\" : \"red\", ...\n        \"count\" 3,\n",
    );
    let line = text
        .lines()
        .position(|l| l.contains("\"count\" 3"))
        .expect("the broken line")
        + 1;
    let pages = [page("widgets/creating_a_widget.rst", &text)];
    let imported = import_tree(&pages, "widget");
    let w = imported
        .warnings
        .iter()
        .find(|w| w.message.contains("not JSON"))
        .unwrap_or_else(|| panic!("a warning for the broken example: {:#?}", imported.warnings));
    assert_eq!(
        (w.file.as_str(), w.line, w.column),
        ("widgets/creating_a_widget.rst", line, Some(17)),
        "{w:#?}"
    );
    assert!(w.message.contains("expected `:`"), "{}", w.message);
    // The other request still imports.
    let spec: Value = serde_yaml::from_str(&imported.yaml).expect("the spec is YAML");
    let requests = &spec["operations"]["CreateWidget"]["examples"]["requests"];
    assert_eq!(
        requests.as_sequence().map(Vec::len),
        Some(1),
        "{requests:?}"
    );
}
