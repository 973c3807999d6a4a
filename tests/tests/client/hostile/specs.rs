//! Round two, specs and values that could turn the client against itself: header
//! parameters that would replace the signature or the host, paths that cannot be sent as
//! signed, description text that would run as a doctest, and a required field that leads
//! back to its own type.

use hwcloud_runtime::{ApiRequest, Error, Operation, RequestWriter};
use hwcloud_tests::scripted::Server;

use super::{SHOW, client_for, reply};

/// A spec with one operation: `extra` is spliced into the operation, `schemas` at the end.
fn spec(extra: &str, schemas: &str) -> String {
    format!(
        r#"
service: {{ name: Demo, module: demo, endpoints: [{{ template: "https://demo.{{region}}.example.com", regions: [xx-east-1] }}] }}
operations:
  GetThing:
    method: GET
    permissions: [{{ action: "demo:thing:get", access_level: Read }}]
{extra}
{schemas}
"#
    )
}

fn error_codes(text: &str) -> Vec<String> {
    let report = hwcloud_codegen::check("demo.yaml", text);
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == hwcloud_codegen::diagnostics::Severity::Error)
        .map(|d| d.code.to_owned())
        .collect()
}

#[test]
fn check_refuses_headers_the_client_sets_whatever_their_case() {
    for name in hwcloud_runtime::request::CLIENT_HEADERS {
        for spelled in [
            name.to_string(),
            name.to_ascii_lowercase(),
            name.to_ascii_uppercase(),
        ] {
            let text = spec(
                &format!(
                    "    path: /v1/thing\n    parameters:\n      - {{ name: {spelled}, in: header, type: string }}\n    responses: {{ 200: {{}} }}"
                ),
                "",
            );
            assert_eq!(error_codes(&text), ["client-header"], "{spelled}");
        }
    }
    let text = spec(
        "    path: /v1/thing\n    parameters:\n      - { name: X-Auth-Token, in: header, type: string }\n    responses: { 200: {} }",
        "",
    );
    assert!(
        error_codes(&text).is_empty(),
        "X-Auth-Token is the caller's"
    );
}

#[test]
fn check_refuses_paths_that_cannot_be_sent_as_written() {
    for path in [
        "/v1/thing?x=1",
        "/v1/thing#frag",
        "/v1/./thing",
        "/v1/../admin",
        "/v1/a/..",
        "/v1/a b",
        "/v1/a\\\\b",
        "/v1/50%",
        "/v1/中文",
    ] {
        let text = spec(
            &format!("    path: \"{path}\"\n    responses: {{ 200: {{}} }}"),
            "",
        );
        assert_eq!(error_codes(&text), ["invalid-path"], "{path}");
    }
    for path in ["/v1/a.b/..c/...", "/v1/a%20b/{x}:action", "/v1/@x;y=1,~z"] {
        let params = if path.contains("{x}") {
            "\n    parameters:\n      - { name: x, in: path, type: string }"
        } else {
            ""
        };
        let text = spec(
            &format!("    path: \"{path}\"{params}\n    responses: {{ 200: {{}} }}"),
            "",
        );
        assert!(error_codes(&text).is_empty(), "{path}");
    }
}

#[test]
fn check_refuses_a_required_field_that_leads_back_to_its_type() {
    let schemas = "schemas:\n  Node:\n    type: object\n    properties:\n      name: { type: string }\n      child: { ref: Node, required: true }";
    let text = spec(
        "    path: /v1/node\n    responses:\n      200:\n        body: { ref: Node }",
        schemas,
    );
    assert_eq!(error_codes(&text), ["required-cycle"]);
    // Optional, nullable or in a list, the same field is fine.
    for field in [
        "{ ref: Node }",
        "{ ref: Node, required: true, nullable: true }",
        "{ type: array, items: { ref: Node }, required: true }",
    ] {
        let text = text.replace("{ ref: Node, required: true }", field);
        assert!(error_codes(&text).is_empty(), "{field}");
    }
}

#[test]
fn a_tilde_fence_in_a_description_is_text_not_a_doctest() {
    let text = spec(
        "    path: /v1/thing\n    description: |-\n      Runs this:\n      ~~~\n      std::process::exit(1);\n      ~~~\n    responses: { 200: {} }",
        "",
    );
    let code = hwcloud_codegen::Config::new()
        .cargo_directives(false)
        .split_files(false)
        .generate_source("demo.yaml", &text)
        .expect("the spec is valid")
        .into_code();
    assert!(code.contains("std::process::exit(1);"), "{code}");
    for line in code.lines() {
        let doc = line.trim_start().trim_start_matches("///").trim_start();
        assert!(!doc.starts_with("~~~"), "a fence: {line}");
    }
}

/// `ShowThing`, setting a header the signer owns.
struct Forged(&'static str);

impl ApiRequest for Forged {
    type Output = hwcloud_runtime::Empty;
    const OPERATION: &'static Operation = &SHOW;
    fn write(&self, request: &mut RequestWriter) {
        request.path("id", "t1");
        request.header(self.0, "forged");
    }
}

#[tokio::test]
async fn a_request_cannot_set_the_headers_the_client_signs() {
    let server = Server::start(vec![reply(200, &[], "{}")]).await;
    let client = client_for(&server);
    for name in [
        "Authorization",
        "authorization",
        "HOST",
        "X-Sdk-Date",
        "x-security-token",
    ] {
        let error = client.send(&Forged(name)).await.expect_err("refused");
        assert!(
            matches!(&error, Error::Request(e) if e.message.contains("set by the client")),
            "{name}: {error:?}"
        );
    }
    assert_eq!(server.requests(), 0, "nothing was sent");
}

/// A node whose required child is another node: no JSON decodes into it.
#[derive(Debug)]
struct Node {
    name: String,
    child: Box<Node>,
}
hwcloud_runtime::object_serde!(Node { Req name "name", Req child "child" });

/// `ShowThing` answering a node.
struct ShowNode;

impl ApiRequest for ShowNode {
    type Output = Node;
    const OPERATION: &'static Operation = &SHOW;
    fn write(&self, request: &mut RequestWriter) {
        request.path("id", "n1");
    }
}

#[tokio::test]
async fn a_required_field_of_its_own_type_is_a_decode_error_not_a_crash() {
    let server = Server::start(vec![reply(200, &[], r#"{"name": "leaf"}"#)]).await;
    let error = client_for(&server)
        .send(&ShowNode)
        .await
        .expect_err("no finite node");
    assert!(
        matches!(&error, Error::Decode(e) if e.source.to_string().contains("child")),
        "{error:?}"
    );
    let _ = |n: Node| (n.name, n.child);
}
