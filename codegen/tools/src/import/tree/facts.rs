//! Facts from an official SDK package (`huaweicloudsdk<service>`): each operation's name,
//! method and path, and the JSON types of its request and response bodies.
//!
//! The facts are JSON, one object keyed `<module>:<Name>` (`"v3:ListVpcs"`), each value with
//! `method`, `path` and optionally `query`, `request` and `response` (dotted wire paths to
//! type words: `"security_group_rule.priority": "integer"`); `tests/data/sdk/sdk_facts.py`
//! extracts them from a wheel. The older form `{"operations": [{"name", "module", "method",
//! "path", ...}]}` is read too. serde_json reads the text; this module only indexes it.
//!
//! Operations are matched to pages by method and path with placeholder names blanked
//! (`/v1/{project_id}/vpcs/{vpc_id}` is `/v1/{}/vpcs/{}`), a trailing `/` and the query
//! dropped: the same rule the import's cross-checks use.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::error::Error;

/// One SDK operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkOperation {
    /// The SDK's API version module (`v2`, `v3`).
    pub module: String,
    /// The operation name (`ListVpcs`).
    pub name: String,
    /// HTTP method, upper case.
    pub method: String,
    /// The resource path as the SDK has it.
    pub path: String,
    /// Request body field types by dotted wire path (may be empty).
    pub request: BTreeMap<String, String>,
    /// Response body field types by dotted wire path (may be empty).
    pub response: BTreeMap<String, String>,
}

/// The facts of one SDK package.
#[derive(Debug, Clone, Default)]
pub struct SdkFacts {
    /// Where the facts come from (a file name), for messages.
    pub source: String,
    operations: Vec<SdkOperation>,
    by_pair: BTreeMap<(String, String), Vec<usize>>,
    names: BTreeSet<String>,
}

/// Method and path as operations are matched: placeholders blanked, trailing `/`, query
/// and scheme/host dropped.
pub(crate) fn pair(method: &str, path: &str) -> (String, String) {
    let mut p = path;
    if let Some(rest) = p
        .strip_prefix("https://")
        .or_else(|| p.strip_prefix("http://"))
    {
        p = rest.find('/').map_or("/", |i| &rest[i..]);
    }
    let p = p
        .split('?')
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('/');
    let mut out = String::new();
    let mut depth = 0usize;
    for c in p.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push_str("{}");
                }
                depth += 1;
            }
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    (method.to_ascii_uppercase(), out)
}

impl SdkFacts {
    /// Reads facts from a JSON file.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::from_json(&path.display().to_string(), &text)
    }

    /// The facts for `service` in a directory of `<service>.json` files (see [`Self::find`]),
    /// or in one file; none is an error.
    pub fn locate(path: &Path, service: &str) -> Result<Self, Error> {
        if path.is_dir() {
            return Self::find(path, service)?.ok_or_else(|| Error::Config {
                message: format!(
                    "{}: no SDK facts for `{service}` (expected {}.json)",
                    path.display(),
                    service.to_ascii_lowercase()
                ),
            });
        }
        Self::read(path)
    }

    /// The facts for `service` in a directory, if it has them: `<service>.json`, else the
    /// name before a `_` (`elb_lb` → `elb.json`, `as_` → `as.json`), else the one file whose
    /// name starts with the service's (`sfs` → `sfsturbo.json`).
    pub fn find(dir: &Path, service: &str) -> Result<Option<Self>, Error> {
        let service = service.to_ascii_lowercase();
        let base = service.split('_').next().unwrap_or(&service).to_owned();
        for stem in [&service, &base] {
            let file = dir.join(format!("{stem}.json"));
            if file.is_file() {
                return Self::read(&file).map(Some);
            }
        }
        let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
            path: dir.to_owned(),
            source,
        })?;
        let mut found: Vec<std::path::PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "json")
                    && p.file_stem()
                        .and_then(|s| s.to_str())
                        .is_some_and(|s| !base.is_empty() && s.starts_with(base.as_str()))
            })
            .collect();
        match found.len() {
            1 => Self::read(&found.remove(0)).map(Some),
            _ => Ok(None),
        }
    }

    /// Parses facts; `source` names them in errors.
    pub fn from_json(source: &str, text: &str) -> Result<Self, Error> {
        let bad = |what: String| Error::Config {
            message: format!("{source}: not SDK facts: {what}"),
        };
        let value: Value = serde_json::from_str(text)
            .map_err(|e| bad(format!("{e} (line {}, column {})", e.line(), e.column())))?;
        let Value::Object(map) = value else {
            return Err(bad("the top level is not an object".into()));
        };
        let mut ops = Vec::new();
        if let Some(Value::Array(list)) = map.get("operations") {
            for (i, op) in list.iter().enumerate() {
                let get = |k: &str| op.get(k).and_then(Value::as_str).map(str::to_owned);
                let (Some(name), Some(method), Some(path)) =
                    (get("name"), get("method"), get("path"))
                else {
                    return Err(bad(format!(
                        "operations[{i}] lacks a string `name`, `method` or `path`"
                    )));
                };
                ops.push(SdkOperation {
                    module: get("module").unwrap_or_default(),
                    name,
                    method,
                    path,
                    request: BTreeMap::new(),
                    response: BTreeMap::new(),
                });
            }
        } else {
            for (key, op) in &map {
                let (module, name) = key.split_once(':').unwrap_or(("", key));
                let get = |k: &str| op.get(k).and_then(Value::as_str).map(str::to_owned);
                let (Some(method), Some(path)) = (get("method"), get("path")) else {
                    return Err(bad(format!("`{key}` lacks a string `method` or `path`")));
                };
                let types = |k: &str| -> BTreeMap<String, String> {
                    op.get(k)
                        .and_then(Value::as_object)
                        .map(|m| {
                            m.iter()
                                .filter_map(|(f, t)| Some((f.clone(), t.as_str()?.to_owned())))
                                .collect()
                        })
                        .unwrap_or_default()
                };
                ops.push(SdkOperation {
                    module: module.to_owned(),
                    name: name.to_owned(),
                    method,
                    path,
                    request: types("request"),
                    response: types("response"),
                });
            }
        }
        if let Some(op) = ops.iter().find(|o| !super::sdk::is_operation_id(&o.name)) {
            return Err(bad(format!("`{}` is not an operation name", op.name)));
        }
        Ok(Self::new(source, ops))
    }

    /// Facts from operations given directly.
    pub fn new(source: &str, operations: Vec<SdkOperation>) -> Self {
        let mut by_pair: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        let mut names = BTreeSet::new();
        for (i, op) in operations.iter().enumerate() {
            by_pair
                .entry(pair(&op.method, &op.path))
                .or_default()
                .push(i);
            names.insert(op.name.clone());
        }
        Self {
            source: source.to_owned(),
            operations,
            by_pair,
            names,
        }
    }

    /// Every operation.
    pub fn operations(&self) -> &[SdkOperation] {
        &self.operations
    }

    /// The operations with this method and path.
    pub fn matching(&self, method: &str, path: &str) -> Vec<&SdkOperation> {
        self.by_pair
            .get(&pair(method, path))
            .map(|v| v.iter().map(|&i| &self.operations[i]).collect())
            .unwrap_or_default()
    }

    /// Whether some SDK operation is called `name`.
    pub fn has_name(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// Whether `name` is an SDK name for this method and path.
    pub fn names_endpoint(&self, name: &str, method: &str, path: &str) -> bool {
        self.matching(method, path).iter().any(|o| o.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_forms_and_matches_by_shape() {
        let f = SdkFacts::from_json(
            "vpc.json",
            r#"{"v2:DeleteSubnet": {"method": "DELETE", "path": "/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}"},
                "v2:NeutronDeleteSubnet": {"method": "DELETE", "path": "/v2.0/subnets/{subnet_id}",
                                           "request": {}, "response": {"x": "integer"}}}"#,
        )
        .unwrap();
        let m = f.matching("delete", "/v2.0/subnets/{id}/");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].name, "NeutronDeleteSubnet");
        assert_eq!(m[0].response["x"], "integer");
        assert!(f.names_endpoint("DeleteSubnet", "DELETE", "/v1/{p}/vpcs/{v}/subnets/{s}"));
        assert!(!f.names_endpoint("DeleteSubnet", "DELETE", "/v2.0/subnets/{s}"));
        let old = SdkFacts::from_json(
            "nat.json",
            r#"{"operations": [{"name": "ListNatGateways", "module": "v2", "method": "GET", "path": "/v2/{project_id}/nat_gateways"}]}"#,
        )
        .unwrap();
        assert!(old.has_name("ListNatGateways"));
    }

    #[test]
    fn bad_facts_say_where_and_what() {
        let e = SdkFacts::from_json("x.json", "{\"v2:A\": {\"method\": 1}}").unwrap_err();
        assert!(
            e.to_string()
                .contains("x.json: not SDK facts: `v2:A` lacks"),
            "{e}"
        );
        let e = SdkFacts::from_json("x.json", "{\n  oops").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        let e = SdkFacts::from_json(
            "x.json",
            "{\"v2:1 x\": {\"method\": \"GET\", \"path\": \"/\"}}",
        )
        .unwrap_err();
        assert!(e.to_string().contains("not an operation name"), "{e}");
    }
}
