//! Reproduces every vector computed by the official Python SDK core, byte for byte:
//! `tests/data/signer_vectors.json` (shared reference) and
//! `tests/data/signer_vectors_extra.json` (edge cases, made by
//! `tests/data/gen_signer_vectors_extra.py` with the same SDK version).

use std::collections::BTreeSet;
use std::fmt;
use std::marker::PhantomData;

use hwcloud_runtime::{
    Credentials, Headers, QueryValue, SdkDate, Signature, SigningKey, WireRequest, sign,
    sign_derived, sign_with_credentials, to_python_json,
};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/signer_vectors.json"
);
const EXTRA_VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/signer_vectors_extra.json"
);

/// A JSON object read in document order.
#[derive(Debug)]
struct Ordered<T>(Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

#[derive(Deserialize)]
struct VectorFile {
    fixed_utc_now: String,
    empty_body_sha256: String,
    vectors: Vec<Vector>,
    #[serde(default)]
    client_vectors: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vector {
    name: String,
    #[allow(dead_code)]
    note: String,
    level: String,
    input: Input,
    output: Output,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    method: String,
    scheme: String,
    host: String,
    path: String,
    query: Vec<(String, serde_json::Value)>,
    headers: Ordered<String>,
    body: Option<String>,
    body_is_none: bool,
    ak: String,
    sk: String,
    project_id: Option<String>,
    domain_id: Option<String>,
    security_token: Option<String>,
    derived: Option<Derived>,
    fixed_utc_now: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Derived {
    service: String,
    region: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Output {
    headers_added: Ordered<String>,
    headers_changed: Ordered<Change>,
    final_headers: Ordered<String>,
    final_headers_wire_text: Ordered<String>,
    x_sdk_date: Option<String>,
    authorization: Option<String>,
    signed_headers: Option<String>,
    signature: Option<String>,
    canonical_request: Option<String>,
    string_to_sign: Option<String>,
    request_uri: String,
    url: String,
    body_after_sign: Option<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct Change {
    before: String,
    after: String,
}

fn load(path: &str) -> VectorFile {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {path}: {e}"))
}

fn query_value(v: &serde_json::Value) -> QueryValue {
    match v {
        serde_json::Value::String(s) => QueryValue::Str(s.clone()),
        serde_json::Value::Bool(b) => QueryValue::Bool(*b),
        serde_json::Value::Number(n) => {
            QueryValue::Int(n.as_i64().unwrap_or_else(|| panic!("non-i64 number {n}")))
        }
        serde_json::Value::Array(items) => {
            QueryValue::List(items.iter().map(query_value).collect())
        }
        other => panic!("unsupported query value {other}"),
    }
}

fn build_request(input: &Input) -> WireRequest {
    assert_eq!(input.body.is_none(), input.body_is_none, "body_is_none");
    let mut req = WireRequest::new(&input.method, &input.scheme, &input.host, &input.path);
    req.query = input
        .query
        .iter()
        .map(|(k, v)| (k.clone(), query_value(v)))
        .collect();
    for (name, value) in &input.headers.0 {
        req.headers.insert(name, value);
    }
    req.body = input.body.as_ref().map(|b| b.as_bytes().to_vec());
    req
}

/// What Python holds after signing: the UTF-8 bytes of the wire value read as Latin-1.
fn python_text(wire: &str) -> String {
    wire.bytes().map(char::from).collect()
}

fn pairs(h: &Headers) -> Vec<(String, String)> {
    h.iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
}

fn assert_no_extras(v: &Vector) {
    let i = &v.input;
    assert!(
        i.project_id.is_none() && i.domain_id.is_none() && i.security_token.is_none(),
        "{}: level {} cannot carry credential extras",
        v.name,
        v.level
    );
}

fn credentials(i: &Input) -> Credentials {
    let mut c = Credentials::new(&i.ak, i.sk.as_str());
    if let Some(p) = &i.project_id {
        c = c.with_project_id(p);
    }
    if let Some(d) = &i.domain_id {
        c = c.with_domain_id(d);
    }
    if let Some(t) = &i.security_token {
        c = c.with_security_token(t.as_str());
    }
    c
}

/// Signs as the vector's level says; an unknown level fails.
fn run(v: &Vector, req: &mut WireRequest) -> Option<Signature> {
    let i = &v.input;
    let now = SdkDate::parse(&i.fixed_utc_now).expect("fixed_utc_now");
    let key = SigningKey::new(&i.ak, i.sk.as_bytes());
    let derived_none = || assert!(i.derived.is_none(), "{}: unexpected derived", v.name);
    match v.level.as_str() {
        "signer" => {
            assert_no_extras(v);
            derived_none();
            Some(sign(req, key, now).expect("sign"))
        }
        "basic" => {
            derived_none();
            sign_with_credentials(req, &credentials(i), now).expect("sign basic")
        }
        "global" => {
            derived_none();
            sign_with_credentials(req, &credentials(i).global(), now).expect("sign global")
        }
        "derived" => {
            assert_no_extras(v);
            let d = i.derived.as_ref().expect("derived scope");
            // The credentials path must agree with the direct call.
            let mut via_creds = req.clone();
            let creds = credentials(i).with_derived_auth(&d.service, &d.region);
            let from_creds = sign_with_credentials(&mut via_creds, &creds, now).expect("creds");
            let direct = sign_derived(req, key, &d.region, &d.service, now).expect("derived");
            assert_eq!(from_creds.as_ref(), Some(&direct), "{}", v.name);
            assert_eq!(&via_creds, req, "{}", v.name);
            Some(direct)
        }
        other => panic!("{}: unknown vector level {other:?}", v.name),
    }
}

#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn check<T: PartialEq + fmt::Debug>(&mut self, vector: &str, field: &str, got: T, want: T) {
        if got != want {
            self.0.push(format!(
                "{vector}: {field}\n    got:  {got:?}\n    want: {want:?}"
            ));
        }
    }
}

#[test]
fn every_signer_vector_is_reproduced() {
    check_all(VECTORS, 23);
}

#[test]
fn every_extra_signer_vector_is_reproduced() {
    check_all(EXTRA_VECTORS, 35);
}

/// Signs every vector of `path` and compares every output field.
fn check_all(path: &str, expected_count: usize) {
    let file = load(path);
    assert_eq!(file.vectors.len(), expected_count, "vector count changed");
    assert_eq!(
        file.empty_body_sha256,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let mut failures = Failures::default();
    let mut levels = BTreeSet::new();

    for v in &file.vectors {
        assert_eq!(v.input.fixed_utc_now, file.fixed_utc_now, "{}", v.name);
        let mut req = build_request(&v.input);
        let before = pairs(&req.headers);
        let sig = run(v, &mut req);
        levels.insert(v.level.as_str());
        let after = pairs(&req.headers);
        let out = &v.output;
        let n = v.name.as_str();

        failures.check(
            n,
            "signed_headers",
            sig.as_ref().map(|s| &s.signed_headers),
            out.signed_headers.as_ref(),
        );
        failures.check(
            n,
            "signature",
            sig.as_ref().map(|s| &s.signature),
            out.signature.as_ref(),
        );
        failures.check(
            n,
            "canonical_request",
            sig.as_ref().map(|s| &s.canonical_request),
            out.canonical_request.as_ref(),
        );
        failures.check(
            n,
            "string_to_sign",
            sig.as_ref().map(|s| &s.string_to_sign),
            out.string_to_sign.as_ref(),
        );
        if let Some(s) = &sig {
            failures.check(
                n,
                "signature.authorization",
                Some(&s.authorization),
                out.authorization.as_ref(),
            );
        }
        failures.check(
            n,
            "authorization header",
            req.headers.get_exact("Authorization"),
            out.authorization.as_deref(),
        );
        failures.check(
            n,
            "x_sdk_date",
            req.headers.get_exact("X-Sdk-Date"),
            out.x_sdk_date.as_deref(),
        );
        failures.check(n, "request_uri", req.request_uri(), out.request_uri.clone());
        failures.check(n, "url", req.url(), out.url.clone());
        failures.check(
            n,
            "body_after_sign",
            req.body.as_deref(),
            out.body_after_sign.as_ref().map(|b| b.as_bytes()),
        );

        failures.check(
            n,
            "final_headers_wire_text",
            after.clone(),
            out.final_headers_wire_text.0.clone(),
        );
        let python: Vec<(String, String)> = after
            .iter()
            .map(|(k, v)| (k.clone(), python_text(v)))
            .collect();
        failures.check(n, "final_headers", python, out.final_headers.0.clone());

        let added: Vec<(String, String)> = after
            .iter()
            .filter(|(k, _)| !before.iter().any(|(b, _)| b == k))
            .cloned()
            .collect();
        failures.check(n, "headers_added", added, out.headers_added.0.clone());
        let changed: Vec<(String, Change)> = before
            .iter()
            .filter_map(|(k, old)| {
                let new = after.iter().find(|(a, _)| a == k).map(|(_, v)| v)?;
                (python_text(new) != *old).then(|| {
                    (
                        k.clone(),
                        Change {
                            before: old.clone(),
                            after: python_text(new),
                        },
                    )
                })
            })
            .collect();
        failures.check(n, "headers_changed", &changed, &out.headers_changed.0);
    }

    assert_eq!(
        levels.into_iter().collect::<Vec<_>>(),
        ["basic", "derived", "global", "signer"],
        "levels covered"
    );
    assert!(
        failures.0.is_empty(),
        "{} mismatch(es):\n{}",
        failures.0.len(),
        failures.0.join("\n")
    );
}

#[derive(Deserialize, Serialize)]
struct Trash {
    id: String,
    format: String,
    uri: String,
    status: String,
}

#[derive(Deserialize, Serialize)]
struct Attention {
    attention: bool,
    ids: Vec<String>,
}

fn client_vector<'a>(file: &'a VectorFile, name: &str) -> &'a serde_json::Value {
    file.client_vectors
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("client vector {name} missing"))
}

fn body_sent(v: &serde_json::Value) -> &str {
    v["output"]["body_sent"].as_str().expect("body_sent")
}

#[test]
fn client_vector_bodies_match_python_json() {
    let file = load(VECTORS);

    let v = client_vector(&file, "client_batch_delete_trashes_list_body");
    let body: Vec<Trash> =
        serde_json::from_value(v["input"]["request_fields"]["body"].clone()).expect("trash body");
    assert_eq!(
        to_python_json(&body).expect("json"),
        body_sent(v).as_bytes()
    );

    let v = client_vector(&file, "client_create_attention_model_body_non_ascii");
    let body: Attention =
        serde_json::from_value(v["input"]["request_fields"]["body"].clone()).expect("attention");
    assert_eq!(
        to_python_json(&body).expect("json"),
        body_sent(v).as_bytes()
    );
}
