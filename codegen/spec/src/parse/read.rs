//! Reads a spec document into the [`SpecAst`], checking the shape of every entry.

use serde_yaml::Value;

use super::ast::*;
use super::document::{
    Body, CloudPrefixes, DescribedValue, Document, EndpointGroup, ErrorCode, Examples, Header,
    Operation, Pagination, Parameter, Permission, Property, RequestExample, ResourceTypeEntry,
    Response, ResponseBody, ResponseExample, Schema, Service, keys,
};
use super::reader::{Cx, Map, Node, Spanned, kind_of};
use super::types::{read_type, read_type_required};
use crate::diagnostics::{Diagnostic, KeyPath};

/// Reads the whole document.
pub fn read_spec(cx: &mut Cx, root: &Value) -> SpecAst {
    let root_path = KeyPath::root();
    let node = Node {
        value: root,
        path: &root_path,
    };
    if root.is_null() {
        cx.report(
            Diagnostic::error("empty-spec", &root_path, "the spec is empty")
                .with_help("a spec is a mapping with `service`, `operations` and `schemas`; see docs/spec-format.md"),
        );
        return SpecAst::default();
    }
    let Some(top) = node.map(cx) else {
        return SpecAst::default();
    };
    top.check_keys(cx, "the spec", keys::<Document>());
    let service = match top.map(cx, "service") {
        Some(m) => read_service(cx, &m),
        None => {
            if !top.has("service") {
                top.missing(cx, "service", "the spec");
            }
            ServiceAst::default()
        }
    };
    let operations = match top.map(cx, "operations") {
        Some(m) => m
            .entries(cx)
            .into_iter()
            .filter_map(|(id, path, value)| read_operation(cx, id, path, value))
            .collect(),
        None => Vec::new(),
    };
    let schemas = match top.map(cx, "schemas") {
        Some(m) => m
            .entries(cx)
            .into_iter()
            .filter_map(|(name, path, value)| read_schema(cx, name, path, value))
            .collect(),
        None => Vec::new(),
    };
    SpecAst {
        service,
        operations,
        schemas,
    }
}

fn read_service(cx: &mut Cx, m: &Map<'_>) -> ServiceAst {
    m.check_keys(cx, "`service`", keys::<Service>());
    let endpoints = m
        .seq(cx, "endpoints")
        .into_iter()
        .filter_map(|(path, value)| {
            let e = Node { value, path: &path }.map(cx)?;
            e.check_keys(cx, "an endpoint group", keys::<EndpointGroup>());
            let template = e.req_string(cx, "template", "this endpoint group");
            let regions = e.string_list(cx, "regions");
            if !e.has("regions") {
                e.missing(cx, "regions", "this endpoint group");
            }
            Some(EndpointGroupAst {
                template: template?,
                regions,
            })
        })
        .collect();
    ServiceAst {
        path: m.path.clone(),
        name: m.req_string(cx, "name", "`service`"),
        module: m.req_string(cx, "module", "`service`"),
        title: m.string(cx, "title").map(|s| s.value),
        description: m.string(cx, "description"),
        content_type: m.string(cx, "content_type"),
        endpoint_env: m.string(cx, "endpoint_env"),
        endpoints,
        endpoint_prefix: read_endpoint_prefix(cx, m),
        global: m.boolean(cx, "global").unwrap_or(false),
    }
}

/// `endpoint_prefix: vpc` (every cloud) or `endpoint_prefix: { huawei_cloud: dc,
/// open_telekom_cloud: dcaas }`.
fn read_endpoint_prefix(cx: &mut Cx, m: &Map<'_>) -> Vec<EndpointPrefixAst> {
    let Some((path, value)) = m.get("endpoint_prefix") else {
        return Vec::new();
    };
    let node = Node { value, path: &path };
    if !matches!(value, Value::Mapping(_)) {
        return node
            .string(cx)
            .map(|prefix| EndpointPrefixAst {
                cloud: None,
                prefix,
            })
            .into_iter()
            .collect();
    }
    let Some(map) = node.map(cx) else {
        return Vec::new();
    };
    let clouds = keys::<CloudPrefixes>();
    map.check_keys(cx, "`endpoint_prefix`", clouds);
    map.entries(cx)
        .into_iter()
        .filter(|(key, _, _)| clouds.contains(&key.as_str()))
        .filter_map(|(key, path, value)| {
            let prefix = Node { value, path: &path }.string(cx)?;
            Some(EndpointPrefixAst {
                cloud: Some(key),
                prefix,
            })
        })
        .collect()
}

fn read_doc(cx: &mut Cx, m: &Map<'_>) -> DocAst {
    DocAst {
        description: m.string(cx, "description"),
        range: m.string(cx, "range"),
    }
}

fn read_operation(cx: &mut Cx, id: String, path: KeyPath, value: &Value) -> Option<OperationAst> {
    let m = Node { value, path: &path }.map(cx)?;
    m.check_keys(cx, &format!("operation `{id}`"), keys::<Operation>());
    let what = format!("operation `{id}`");
    let method = m.req_string(cx, "method", &what);
    let uri = m.req_string(cx, "path", &what);
    let parameters = m
        .seq(cx, "parameters")
        .into_iter()
        .filter_map(|(p, v)| read_param(cx, p, v))
        .collect();
    let body = m.raw("body").and_then(|(p, v)| read_body(cx, p, v));
    let responses = match m.map(cx, "responses") {
        Some(r) => r
            .entries(cx)
            .into_iter()
            .filter_map(|(status, p, v)| read_response(cx, status, p, v))
            .collect(),
        None => {
            if !m.has("responses") {
                m.missing(cx, "responses", &what);
            }
            Vec::new()
        }
    };
    let errors = m
        .seq(cx, "errors")
        .into_iter()
        .filter_map(|(p, v)| {
            let e = Node { value: v, path: &p }.map(cx)?;
            e.check_keys(cx, "an error code", keys::<ErrorCode>());
            Some(ErrorAst {
                status: e.with("status", |n| n.integer(cx)),
                code: e.req_string(cx, "code", "this error code"),
                message: e.string(cx, "message").map(|s| s.value),
                description: e.string(cx, "description").map(|s| s.value),
                path: p,
            })
        })
        .collect();
    let permissions = m
        .seq(cx, "permissions")
        .into_iter()
        .filter_map(|(p, v)| read_permission(cx, p, v))
        .collect();
    let pagination = m.map(cx, "pagination").map(|p| {
        p.check_keys(cx, "`pagination`", keys::<Pagination>());
        PaginationAst {
            path: p.path.clone(),
            page: p.string(cx, "page"),
            size: p.string(cx, "size"),
            offset: p.string(cx, "offset"),
            limit: p.string(cx, "limit"),
            marker: p.string(cx, "marker"),
            next_marker: p.string(cx, "next_marker"),
            item_marker: p.string(cx, "item_marker"),
            next_link: p.string(cx, "next_link"),
            items: p.string(cx, "items"),
            total: p.string(cx, "total"),
        }
    });
    let examples = m
        .map(cx, "examples")
        .map(|e| read_examples(cx, &e))
        .unwrap_or_default();
    let summary = m.string(cx, "summary");
    let description = m.string(cx, "description");
    let deprecated = m.boolean(cx, "deprecated").unwrap_or(false);
    let group = m.string(cx, "group");
    Some(OperationAst {
        id: Spanned {
            value: id,
            path: path.clone(),
        },
        group,
        summary,
        description,
        method,
        uri,
        deprecated,
        parameters,
        body,
        responses,
        errors,
        permissions,
        pagination,
        examples,
    })
}

fn read_param(cx: &mut Cx, path: KeyPath, value: &Value) -> Option<ParamAst> {
    let m = Node { value, path: &path }.map(cx)?;
    m.check_keys(cx, "a parameter", keys::<Parameter>());
    let name = m.req_string(cx, "name", "this parameter");
    let location = m.req_string(cx, "in", "this parameter");
    let ty = read_type_required(cx, &m, "this parameter");
    Some(ParamAst {
        name: name?,
        location: location?,
        ty,
        required: m.boolean(cx, "required"),
        sensitive: m.boolean(cx, "sensitive"),
        rust_name: m.string(cx, "rust_name"),
        doc: read_doc(cx, &m),
        path,
    })
}

fn read_body(cx: &mut Cx, path: KeyPath, value: &Value) -> Option<BodyAst> {
    let m = Node { value, path: &path }.map(cx)?;
    m.check_keys(cx, "a request body", keys::<Body>());
    Some(BodyAst {
        ty: read_type_required(cx, &m, "the request body"),
        required: m.boolean(cx, "required").unwrap_or(false),
        content_type: m.string(cx, "content_type"),
        doc: read_doc(cx, &m),
        path,
    })
}

fn read_response(cx: &mut Cx, status: String, path: KeyPath, value: &Value) -> Option<ResponseAst> {
    let status = Spanned {
        value: status,
        path: path.clone(),
    };
    if value.is_null() {
        return Some(ResponseAst {
            status,
            description: None,
            body: None,
            headers: Vec::new(),
        });
    }
    let m = Node { value, path: &path }.map(cx)?;
    m.check_keys(cx, "a response", keys::<Response>());
    let body = m.map(cx, "body").and_then(|b| {
        b.check_keys(cx, "a response body", keys::<ResponseBody>());
        read_type_required(cx, &b, "the response body")
    });
    let headers = match m.map(cx, "headers") {
        Some(h) => h
            .entries(cx)
            .into_iter()
            .filter_map(|(name, p, v)| {
                let hm = Node { value: v, path: &p }.map(cx)?;
                hm.check_keys(cx, "a response header", keys::<Header>());
                Some(HeaderAst {
                    ty: read_type_required(cx, &hm, "this header"),
                    doc: read_doc(cx, &hm),
                    name: Spanned {
                        value: name,
                        path: p,
                    },
                })
            })
            .collect(),
        None => Vec::new(),
    };
    Some(ResponseAst {
        status,
        description: m.string(cx, "description"),
        body,
        headers,
    })
}

fn read_permission(cx: &mut Cx, path: KeyPath, value: &Value) -> Option<PermissionAst> {
    let m = Node { value, path: &path }.map(cx)?;
    m.check_keys(cx, "a permission row", keys::<Permission>());
    let resource_types = m
        .seq(cx, "resource_types")
        .into_iter()
        .filter_map(|(p, v)| match v {
            // `repository*` is the docs' way of marking a required resource type.
            Value::String(s) => {
                let (name, required) = match s.trim_end().strip_suffix('*') {
                    Some(n) => (n.trim_end().to_owned(), true),
                    None => (s.trim().to_owned(), false),
                };
                Some((
                    Spanned {
                        value: name,
                        path: p,
                    },
                    required,
                ))
            }
            _ => {
                let r = Node { value: v, path: &p }.map(cx)?;
                r.check_keys(cx, "a resource type", keys::<ResourceTypeEntry>());
                let name = r.req_string(cx, "name", "this resource type")?;
                Some((name, r.boolean(cx, "required").unwrap_or(false)))
            }
        })
        .collect();
    Some(PermissionAst {
        action: m.req_string(cx, "action", "this permission row"),
        access_level: m.req_string(cx, "access_level", "this permission row"),
        resource_types,
        condition_keys: m.string_list(cx, "condition_keys"),
        aliases: m.string_list(cx, "aliases"),
        dependencies: m.string_list(cx, "dependencies"),
    })
}

fn read_examples(cx: &mut Cx, m: &Map<'_>) -> ExamplesAst {
    m.check_keys(cx, "`examples`", keys::<Examples>());
    let requests = m
        .seq(cx, "requests")
        .into_iter()
        .filter_map(|(p, v)| {
            let e = Node { value: v, path: &p }.map(cx)?;
            e.check_keys(cx, "an example request", keys::<RequestExample>());
            Some(RequestExampleAst {
                description: e.string(cx, "description").map(|s| s.value),
                url: e.string(cx, "url").map(|s| s.value),
                body: e.raw("body").and_then(|(bp, bv)| to_json(cx, &bp, bv)),
                path: p,
            })
        })
        .collect();
    let responses = m
        .seq(cx, "responses")
        .into_iter()
        .filter_map(|(p, v)| {
            let e = Node { value: v, path: &p }.map(cx)?;
            e.check_keys(cx, "an example response", keys::<ResponseExample>());
            if !e.has("status") {
                e.missing(cx, "status", "this example response");
            }
            Some(ResponseExampleAst {
                status: e.with("status", |n| n.integer(cx)),
                description: e.string(cx, "description").map(|s| s.value),
                body: e.raw("body").and_then(|(bp, bv)| to_json(cx, &bp, bv)),
                path: p,
            })
        })
        .collect();
    ExamplesAst {
        requests,
        responses,
    }
}

/// Converts an example written in YAML to JSON; YAML-only constructs are reported.
fn to_json(cx: &mut Cx, path: &KeyPath, value: &Value) -> Option<serde_json::Value> {
    Some(match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into()
            } else if let Some(u) = n.as_u64() {
                u.into()
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match serde_json::Number::from_f64(f) {
                    Some(num) => serde_json::Value::Number(num),
                    None => {
                        cx.report(Diagnostic::error(
                            "example-not-json",
                            path,
                            format!("`{n}` is not a JSON number"),
                        ));
                        return None;
                    }
                }
            }
        }
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Sequence(items) => serde_json::Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| to_json(cx, &path.index(i), v))
                .collect::<Option<_>>()?,
        ),
        Value::Mapping(m) => {
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let Some(key) = super::reader::key_text(k) else {
                    cx.report(Diagnostic::error(
                        "example-not-json",
                        path,
                        format!("JSON object keys must be text, found {}", kind_of(k)),
                    ));
                    return None;
                };
                let child = to_json(cx, &path.key(key.clone()), v)?;
                out.insert(key, child);
            }
            serde_json::Value::Object(out)
        }
        Value::Tagged(_) => {
            cx.report(Diagnostic::error(
                "example-not-json",
                path,
                "YAML tags have no JSON equivalent",
            ));
            return None;
        }
    })
}

fn read_schema(cx: &mut Cx, name: String, path: KeyPath, value: &Value) -> Option<SchemaAst> {
    let m = Node { value, path: &path }.map(cx)?;
    m.check_keys(cx, &format!("schema `{name}`"), keys::<Schema>());
    let ty = m.string(cx, "type");
    let body = match ty.as_ref().map(|t| t.value.as_str()) {
        Some("object") => {
            for key in ["items", "values", "enum"] {
                if let Some((p, _)) = m.get(key) {
                    cx.report(
                        Diagnostic::error(
                            "misplaced-field",
                            &p,
                            format!("`{key}` has no meaning in an object schema"),
                        )
                        .on_key(),
                    );
                }
            }
            SchemaBodyAst::Object(read_properties(cx, &m))
        }
        Some("string") if m.has("enum") => SchemaBodyAst::Enum(read_enum(cx, &m)),
        _ if m.has("enum") => {
            let p = m.path.key("enum");
            cx.report(
                Diagnostic::error(
                    "enum-not-string",
                    &p,
                    "only `type: string` schemas can have `enum` values",
                )
                .on_key()
                .with_help("set `type: string` and write the values as text"),
            );
            SchemaBodyAst::Invalid
        }
        _ => {
            if let Some((p, _)) = m.get("properties") {
                cx.report(
                    Diagnostic::error(
                        "misplaced-field",
                        &p,
                        "`properties` only applies to `type: object`",
                    )
                    .on_key()
                    .with_help("add `type: object`"),
                );
            }
            if !m.has("type") && !m.has("ref") {
                cx.report(
                    Diagnostic::error(
                        "missing-type",
                        &path,
                        format!("schema `{name}` has no type"),
                    )
                    .on_key()
                    .with_help("add `type: object` with `properties`, or another type"),
                );
                SchemaBodyAst::Invalid
            } else {
                read_type(cx, &m).map_or(SchemaBodyAst::Invalid, SchemaBodyAst::Alias)
            }
        }
    };
    Some(SchemaAst {
        doc: read_doc(cx, &m),
        inferred: m.string(cx, "inferred").map(|s| s.value),
        rust_name: m.string(cx, "rust_name"),
        name: Spanned { value: name, path },
        body,
    })
}

fn read_properties(cx: &mut Cx, m: &Map<'_>) -> Vec<FieldAst> {
    let Some(props) = m.map(cx, "properties") else {
        return Vec::new();
    };
    props
        .entries(cx)
        .into_iter()
        .filter_map(|(name, path, value)| {
            let f = Node { value, path: &path }.map(cx)?;
            f.check_keys(cx, &format!("property `{name}`"), keys::<Property>());
            Some(FieldAst {
                ty: read_type_required(cx, &f, &format!("property `{name}`")),
                required: f.boolean(cx, "required").unwrap_or(false),
                nullable: f.boolean(cx, "nullable").unwrap_or(false),
                sensitive: f.boolean(cx, "sensitive"),
                rust_name: f.string(cx, "rust_name"),
                doc: read_doc(cx, &f),
                name: Spanned { value: name, path },
            })
        })
        .collect()
}

fn read_enum(cx: &mut Cx, m: &Map<'_>) -> Vec<EnumValueAst> {
    m.seq(cx, "enum")
        .into_iter()
        .filter_map(|(p, v)| match v {
            Value::String(s) => Some(EnumValueAst {
                value: Spanned {
                    value: s.clone(),
                    path: p,
                },
                description: None,
            }),
            Value::Mapping(_) => {
                let e = Node { value: v, path: &p }.map(cx)?;
                e.check_keys(cx, "an enum value", keys::<DescribedValue>());
                Some(EnumValueAst {
                    value: e.req_string(cx, "value", "this enum value")?,
                    description: e.string(cx, "description").map(|s| s.value),
                })
            }
            other => {
                cx.report(
                    Diagnostic::error(
                        "wrong-type",
                        &p,
                        format!("enum values are text, found {}", kind_of(other)),
                    )
                    .with_help("put the value in quotes"),
                );
                None
            }
        })
        .collect()
}
