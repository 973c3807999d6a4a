//! The imported VPC and NAT specs checked against the official Python SDKs' facts
//! (`tests/data/sdk/*.json`, extracted once from `huaweicloudsdkvpc`/`huaweicloudsdknat`
//! 3.1.219).
//!
//! Every operation both sources describe (same method, same path with parameter names
//! ignored) is compared: path template, path parameter names, query parameter names and
//! required body fields. The agreement must stay at or above the figure in
//! `docs/import-crosscheck.md`, and every disagreement must be listed there with its
//! explanation: a new one fails the test, and so does a listed one that no longer occurs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A path for matching: parameter names dropped, lower case, no trailing `/`.
fn normalize(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push('{');
            }
            '}' => {
                depth -= 1;
                out.push('}');
            }
            _ if depth > 0 => {}
            _ => out.push(c.to_ascii_lowercase()),
        }
    }
    out.trim_end_matches('/').to_owned()
}

/// What both sources say about an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Facts {
    path: String,
    path_params: Vec<String>,
    query: BTreeSet<String>,
    body: BTreeSet<String>,
}

/// An operation: its name (SDK) or id (spec), its method, and its facts.
type Op = (String, String, Facts);

fn sdk_ops(file: &str) -> Vec<Op> {
    let doc: Json = serde_json::from_str(&read(file)).expect("SDK facts are JSON");
    let strings = |v: &Json| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    doc["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap_or_default().to_owned(),
                o["method"].as_str().unwrap_or_default().to_owned(),
                Facts {
                    path: o["path"].as_str().unwrap_or_default().to_owned(),
                    path_params: strings(&o["path_params"]),
                    query: strings(&o["query_params"]).into_iter().collect(),
                    body: strings(&o["body"]).into_iter().collect(),
                },
            )
        })
        .collect()
}

fn schema<'a>(spec: &'a Yaml, name: &str) -> Option<&'a Yaml> {
    spec.get("schemas")?.get(name)
}

/// The schema an (array of) `ref` points to.
fn object_of<'a>(spec: &'a Yaml, ty: &'a Yaml) -> Option<&'a Yaml> {
    let ty = match ty.get("items") {
        Some(items) if ty.get("type").and_then(Yaml::as_str) == Some("array") => items,
        _ => ty,
    };
    let s = schema(spec, ty.get("ref")?.as_str()?)?;
    s.get("properties").is_some().then_some(s)
}

/// Required body fields as the SDK facts list them: top-level names, and the required
/// fields of the one top-level object (or array of objects) as dotted paths.
fn body_fields(spec: &Yaml, op: &Yaml) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(body) = op.get("body").and_then(|b| object_of(spec, b)) else {
        return out;
    };
    let props = body.get("properties").and_then(Yaml::as_mapping);
    let mut wrappers = Vec::new();
    for (k, v) in props.into_iter().flatten() {
        let k = k.as_str().unwrap_or_default();
        if v.get("required").and_then(Yaml::as_bool) == Some(true) {
            out.insert(k.to_owned());
        }
        if let Some(inner) = object_of(spec, v) {
            wrappers.push((k, inner));
        }
    }
    if let [(k, inner)] = wrappers.as_slice() {
        for (f, v) in inner
            .get("properties")
            .and_then(Yaml::as_mapping)
            .into_iter()
            .flatten()
        {
            if v.get("required").and_then(Yaml::as_bool) == Some(true) {
                out.insert(format!("{k}.{}", f.as_str().unwrap_or_default()));
            }
        }
    }
    out
}

fn spec_ops(file: &str) -> Vec<Op> {
    let spec: Yaml = serde_yaml::from_str(&read(file)).expect("spec is YAML");
    let mut out = Vec::new();
    for (id, op) in spec["operations"].as_mapping().expect("operations") {
        let params = op.get("parameters").and_then(Yaml::as_sequence);
        let names = |place: &str| -> Vec<String> {
            params
                .into_iter()
                .flatten()
                .filter(|p| p.get("in").and_then(Yaml::as_str) == Some(place))
                .filter_map(|p| p.get("name")?.as_str().map(str::to_owned))
                .collect()
        };
        let path = op["path"].as_str().unwrap_or_default().to_owned();
        let mut path_params: Vec<String> = Vec::new();
        let mut rest = path.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            path_params.push(rest[open + 1..open + close].to_owned());
            rest = &rest[open + close + 1..];
        }
        assert_eq!(
            path_params.iter().collect::<BTreeSet<_>>(),
            names("path").iter().collect::<BTreeSet<_>>(),
            "{file}: {id:?}: path parameters declared = path template's"
        );
        out.push((
            id.as_str().unwrap_or_default().to_owned(),
            op["method"].as_str().unwrap_or_default().to_owned(),
            Facts {
                path,
                path_params,
                query: names("query").into_iter().collect(),
                body: body_fields(&spec, op),
            },
        ));
    }
    out
}

/// The differences between the docs' and the SDK's facts, one line each.
fn differences(docs: &Facts, sdk: &Facts) -> Vec<String> {
    let mut out = Vec::new();
    if docs.path != sdk.path {
        out.push(format!("path: docs `{}`, SDK `{}`", docs.path, sdk.path));
    } else if docs.path_params != sdk.path_params {
        out.push("path parameters".to_owned());
    }
    let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
    if docs.query != sdk.query {
        let only_docs: BTreeSet<String> = docs.query.difference(&sdk.query).cloned().collect();
        let only_sdk: BTreeSet<String> = sdk.query.difference(&docs.query).cloned().collect();
        out.push(format!(
            "query: docs only [{}], SDK only [{}]",
            list(&only_docs),
            list(&only_sdk)
        ));
    }
    if docs.body != sdk.body {
        let only_docs: BTreeSet<String> = docs.body.difference(&sdk.body).cloned().collect();
        let only_sdk: BTreeSet<String> = sdk.body.difference(&docs.body).cloned().collect();
        out.push(format!(
            "required body: docs only [{}], SDK only [{}]",
            list(&only_docs),
            list(&only_sdk)
        ));
    }
    out
}

struct Outcome {
    shared: usize,
    agree: usize,
    /// `service operation: difference`, one per differing aspect.
    disagreements: BTreeSet<String>,
}

fn compare(service: &str) -> Outcome {
    let sdk = sdk_ops(&format!("tests/data/sdk/{service}.json"));
    let docs = spec_ops(&format!("spec/{service}.yaml"));
    let mut by_key: BTreeMap<(String, String), Vec<&Op>> = BTreeMap::new();
    for op in &sdk {
        by_key
            .entry((op.1.clone(), normalize(&op.2.path)))
            .or_default()
            .push(op);
    }
    let mut outcome = Outcome {
        shared: 0,
        agree: 0,
        disagreements: BTreeSet::new(),
    };
    for (id, method, facts) in &docs {
        let Some(candidates) = by_key.get(&(method.clone(), normalize(&facts.path))) else {
            continue;
        };
        outcome.shared += 1;
        // Several SDK operations on one method and path: the docs agree when they agree
        // with one of them (the closest one is reported otherwise).
        let diffs = candidates
            .iter()
            .map(|c| differences(facts, &c.2))
            .min_by_key(Vec::len)
            .unwrap_or_default();
        if diffs.is_empty() {
            outcome.agree += 1;
        }
        for d in diffs {
            outcome.disagreements.insert(format!("{service} {id}: {d}"));
        }
    }
    outcome
}

/// The report's listed disagreements (lines `- \`service Id: ...\`` ) and its agreement
/// floor (`Agreement floor: N%`).
fn report() -> (BTreeSet<String>, f64) {
    let text = read("docs/import-crosscheck.md");
    let listed = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- `"))
        .filter_map(|l| l.split_once("` —").or_else(|| l.split_once('`')))
        .map(|(d, _)| d.trim_end_matches('`').to_owned())
        .collect();
    let floor = text
        .lines()
        .find_map(|l| l.strip_prefix("Agreement floor: "))
        .and_then(|l| l.trim().trim_end_matches('%').parse::<f64>().ok())
        .expect("the report states `Agreement floor: N%`");
    (listed, floor)
}

#[test]
fn imported_specs_agree_with_the_official_sdks() {
    let (listed, floor) = report();
    assert!(floor >= 95.0, "the documented floor must meet the 95% aim");
    let mut shared = 0;
    let mut agree = 0;
    let mut found = BTreeSet::new();
    for service in ["vpc", "nat"] {
        let o = compare(service);
        eprintln!(
            "{service}: {} of {} shared operations agree",
            o.agree, o.shared
        );
        shared += o.shared;
        agree += o.agree;
        found.extend(o.disagreements);
    }
    let percent = 100.0 * agree as f64 / shared.max(1) as f64;
    eprintln!("together: {agree} of {shared} ({percent:.1}%)");
    assert!(
        shared > 150,
        "only {shared} operations matched: the matching is broken"
    );
    let new: Vec<&String> = found.difference(&listed).collect();
    let gone: Vec<&String> = listed.difference(&found).collect();
    assert!(
        new.is_empty(),
        "disagreements not explained in docs/import-crosscheck.md:\n{}",
        new.iter()
            .map(|s| format!("- `{s}`"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        gone.is_empty(),
        "listed in docs/import-crosscheck.md but no longer found: {gone:#?}"
    );
    assert!(
        percent >= floor,
        "agreement {percent:.1}% fell below the documented {floor}%"
    );
}

#[test]
fn matching_ignores_parameter_names_only() {
    assert_eq!(
        normalize("/v1/{project_id}/vpcs/{vpc_id}/"),
        normalize("/v1/{p}/VPCS/{id}")
    );
    assert_ne!(normalize("/v1/{p}/vpcs"), normalize("/v2/{p}/vpcs"));
    let a = Facts {
        path: "/v1/{p}/x".into(),
        path_params: vec!["p".into()],
        query: ["limit".to_owned()].into(),
        body: ["x.name".to_owned()].into(),
    };
    let mut b = a.clone();
    assert!(differences(&a, &b).is_empty());
    b.body.insert("x.cidr".into());
    assert_eq!(
        differences(&a, &b),
        ["required body: docs only [], SDK only [x.cidr]"]
    );
}
