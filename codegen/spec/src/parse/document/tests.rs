//! The sections' hand-spelled serde impls: the keys, their order, every form of a value,
//! and serde's messages for what is not the format.

use super::*;

#[test]
fn keys_follow_the_field_order_and_the_spelling_of_the_format() {
    assert_eq!(keys::<Document>(), ["service", "operations", "schemas"]);
    assert_eq!(
        keys::<Parameter>(),
        [
            "name",
            "in",
            "type",
            "ref",
            "items",
            "values",
            "required",
            "sensitive",
            "rust_name",
            "description",
            "range"
        ]
    );
    assert_eq!(keys::<Schema>().last(), Some(&"enum"));
    assert_eq!(keys::<Type>(), ["type", "ref", "items", "values"]);
}

/// Every section and every form of a value, keys in the format's order.
const EVERY_FORM: &str = "\
service:
  name: svc
  endpoint_prefix:
    huawei_cloud: a
    open_telekom_cloud: b
  endpoints:
  - template: https://x.{region}
    regions:
    - r1
  global: false
operations:
  A:
    group: g
    method: GET
    path: /a/{id}
    parameters:
    - name: id
      in: path
      type: array
      items:
        type: map
        values:
          ref: S
      required: true
    body:
      ref: S
      required: false
    responses:
      200:
        description: ok
        body:
          type: string
        headers:
          X-Request-Id:
            type: string
      '201': null
    errors:
    - status: 404
      code: E.1
    - status: '500'
    pagination:
      marker: marker
      next_marker: next
    examples:
      requests:
      - url: /a/1
        body:
          k:
          - 1
          - true
      responses:
      - status: 200
    permissions:
    - action: svc:a:get
      resource_types:
      - repo*
      - name: other
        required: false
schemas:
  S:
    type: string
    enum:
    - a
    - value: b
      description: the b
  Endpoint:
    type: object
    properties:
      id:
        type: string
        required: true
        nullable: true
";

#[test]
fn every_form_reads_and_writes_back_the_same() {
    let doc: Document = serde_yaml::from_str(EVERY_FORM).unwrap();
    let op = &doc.operations.as_ref().unwrap().0[0].1;
    assert_eq!(
        op.errors.as_ref().unwrap()[1].status,
        Some(Integer::Text("500".into()))
    );
    assert!(matches!(
        op.permissions.as_ref().unwrap()[0]
            .resource_types
            .as_ref()
            .unwrap()[..],
        [ResourceType::Text(_), ResourceType::Spelled(_)]
    ));
    assert!(matches!(
        doc.service.as_ref().unwrap().endpoint_prefix,
        Some(EndpointPrefix::PerCloud(_))
    ));
    assert_eq!(serde_yaml::to_string(&doc).unwrap(), EVERY_FORM);
    let value: Value = serde_yaml::from_str(EVERY_FORM).unwrap();
    assert_eq!(serde_yaml::to_value(&doc).unwrap(), value);
}

#[test]
fn writing_puts_keys_in_the_format_order_and_leaves_out_what_is_absent() {
    let p: Parameter =
        serde_yaml::from_str("description: d\nrequired: true\ntype: string\nname: n\nin: query\n")
            .unwrap();
    assert_eq!(
        serde_yaml::to_string(&p).unwrap(),
        "name: n\nin: query\ntype: string\nrequired: true\ndescription: d\n"
    );
    let prefix: Service = serde_yaml::from_str("endpoint_prefix: vpc\nname: v\n").unwrap();
    assert_eq!(
        serde_yaml::to_string(&prefix).unwrap(),
        "name: v\nendpoint_prefix: vpc\n"
    );
    assert_eq!(serde_yaml::to_string(&Type::default()).unwrap(), "{}\n");
    let null: Option<Response> = serde_yaml::from_str("null").unwrap();
    assert_eq!(null, None);
}

fn error<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
    serde_yaml::from_str::<T>(text).unwrap_err().to_string()
}

#[test]
fn what_is_not_the_format_gets_serdes_messages() {
    let cases = [
        (
            error::<Operation>("method: GET\nparamters: []\n"),
            "unknown field `paramters`, expected one of `group`, `summary`",
        ),
        (
            error::<Parameter>("name: a\nname: b\n"),
            "duplicate field `name`",
        ),
        (
            error::<Property>("required: yes\n"),
            "required: invalid type: string \"yes\", expected a boolean",
        ),
        (
            error::<Body>("- a\n"),
            "invalid type: sequence, expected struct Body",
        ),
        (
            error::<Service>("endpoint_prefix: 5\n"),
            "endpoint_prefix: invalid type: integer `5`, expected a prefix, or one per cloud",
        ),
        (
            error::<Service>("endpoint_prefix: { huawei_cloud: a, azure: b }\n"),
            "endpoint_prefix: unknown field `azure`",
        ),
        (
            error::<ErrorCode>("status: -1\n"),
            "status: invalid value: integer `-1`, expected a whole number",
        ),
        (
            error::<Permission>("resource_types: [[a]]\n"),
            "resource_types[0]: invalid type: sequence, expected a resource type",
        ),
        (
            error::<Schema>("enum: [1]\n"),
            "enum[0]: invalid type: integer `1`, expected an enum value",
        ),
        (error::<Operation>("1: x\n"), "unknown field `1`"),
        (
            error::<Operation>("[a]: x\n"),
            "invalid type: sequence, expected field identifier",
        ),
    ];
    for (e, expected) in cases {
        assert!(e.starts_with(expected), "{e}\n  expected: {expected}");
    }
}
