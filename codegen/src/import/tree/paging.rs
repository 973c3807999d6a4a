//! Marker paging read off an imported operation's shape, since the pages state it only in
//! prose: a `GET` with optional `marker` (string) and `limit` (integer) query parameters
//! whose success body holds one list of objects (lists named `*_links` are links, not
//! items) pages by marker. The next marker is `page_info.next_marker` when the body has
//! that field, else a top-level `next_marker`, else the last item's `id`; without any of
//! them nothing is added.

use serde_yaml::{Mapping, Value};

/// Adds `pagination` to every operation that pages by marker; returns how many.
pub fn infer_marker_paging(operations: &mut Mapping, schemas: &Mapping) -> usize {
    let mut count = 0;
    for (_, op) in operations.iter_mut() {
        let Some(op) = op.as_mapping_mut() else {
            continue;
        };
        if op.contains_key("pagination") {
            continue;
        }
        if let Some(pagination) = marker_paging(op, schemas) {
            insert_before(op, "examples", "pagination", pagination);
            count += 1;
        }
    }
    count
}

fn marker_paging(op: &Mapping, schemas: &Mapping) -> Option<Value> {
    if op.get("method").and_then(Value::as_str) != Some("GET") {
        return None;
    }
    let params = op.get("parameters").and_then(Value::as_sequence)?;
    let query = |name: &str, types: &[&str]| {
        params.iter().filter_map(Value::as_mapping).any(|p| {
            p.get("name").and_then(Value::as_str) == Some(name)
                && p.get("in").and_then(Value::as_str) == Some("query")
                && p.get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| types.contains(&t))
                && p.get("required").and_then(Value::as_bool) != Some(true)
        })
    };
    if !query("marker", &["string"]) || !query("limit", &["int32", "int64"]) {
        return None;
    }
    let body = success_body(op, schemas)?;
    let props = properties(body)?;
    let lists: Vec<(&str, &Mapping)> = props
        .iter()
        .filter_map(|(k, v)| {
            let name = k.as_str()?;
            let v = v.as_mapping()?;
            if name.ends_with("_links") || v.get("type").and_then(Value::as_str) != Some("array")
            {
                return None;
            }
            let item = v.get("items")?.as_mapping()?.get("ref")?.as_str()?;
            Some((name, schemas.get(item)?.as_mapping()?))
        })
        .collect();
    let [(items, item)] = lists.as_slice() else {
        return None;
    };
    let is_string = |schema: &Mapping, field: &str| {
        properties(schema)
            .and_then(|p| p.get(field))
            .and_then(|f| f.get("type"))
            .and_then(Value::as_str)
            == Some("string")
    };
    let page_info = props
        .get("page_info")
        .and_then(|p| p.get("ref"))
        .and_then(Value::as_str)
        .and_then(|r| schemas.get(r))
        .and_then(Value::as_mapping);
    let next = if page_info.is_some_and(|p| is_string(p, "next_marker")) {
        Some("page_info.next_marker")
    } else if is_string(body, "next_marker") {
        Some("next_marker")
    } else if is_string(item, "id") {
        None
    } else {
        return None;
    };
    let mut p = Mapping::new();
    p.insert("marker".into(), "marker".into());
    p.insert("limit".into(), "limit".into());
    p.insert("items".into(), (*items).into());
    if let Some(next) = next {
        p.insert("next_marker".into(), next.into());
    }
    Some(Value::Mapping(p))
}

/// The schema of the first 2xx response's body, when it is a named object.
fn success_body<'a>(op: &Mapping, schemas: &'a Mapping) -> Option<&'a Mapping> {
    let responses = op.get("responses")?.as_mapping()?;
    let (_, response) = responses.iter().find(|(status, _)| {
        let code = match status {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        };
        code.is_some_and(|c| (200..300).contains(&c))
    })?;
    let name = response.get("body")?.get("ref")?.as_str()?;
    schemas.get(name)?.as_mapping()
}

fn properties(schema: &Mapping) -> Option<&Mapping> {
    schema.get("properties")?.as_mapping()
}

/// Inserts `key` just before `before` (or at the end), keeping the spec's key order.
fn insert_before(map: &mut Mapping, before: &str, key: &str, value: Value) {
    let entries: Vec<(Value, Value)> = std::mem::take(map).into_iter().collect();
    let mut placed = false;
    for (k, v) in entries {
        if !placed && k.as_str() == Some(before) {
            map.insert(key.into(), value.clone());
            placed = true;
        }
        map.insert(k, v);
    }
    if !placed {
        map.insert(key.into(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Mapping {
        serde_yaml::from_str(text).expect("yaml")
    }

    const SCHEMAS: &str = r#"
ListVpcsResponse:
  type: object
  properties:
    vpcs: { type: array, items: { ref: Vpc } }
    page_info: { ref: PageInfo }
PageInfo:
  type: object
  properties:
    next_marker: { type: string }
ListPortsResponse:
  type: object
  properties:
    ports: { type: array, items: { ref: Vpc } }
    ports_links: { type: array, items: { ref: Link } }
ListTagsResponse:
  type: object
  properties:
    tags: { type: array, items: { ref: Tag } }
Vpc:
  type: object
  properties:
    id: { type: string }
Tag:
  type: object
  properties:
    key: { type: string }
Link:
  type: object
  properties:
    href: { type: string }
"#;

    fn op(body: &str, limit_type: &str, method: &str) -> String {
        format!(
            "method: {method}\nparameters:\n  - {{ name: limit, in: query, type: {limit_type} }}\n  - {{ name: marker, in: query, type: string }}\nresponses:\n  200:\n    body: {{ ref: {body} }}\nexamples: {{}}\n"
        )
    }

    #[test]
    fn marker_paging_is_read_off_the_shape() {
        let schemas = doc(SCHEMAS);
        let mut ops = Mapping::new();
        for (id, body, limit, method) in [
            ("ListVpcs", "ListVpcsResponse", "int32", "GET"),
            ("ListPorts", "ListPortsResponse", "int64", "GET"),
            ("ListTags", "ListTagsResponse", "int32", "GET"),
            ("BadLimit", "ListVpcsResponse", "string", "GET"),
            ("Post", "ListVpcsResponse", "int32", "POST"),
        ] {
            ops.insert(id.into(), Value::Mapping(doc(&op(body, limit, method))));
        }
        assert_eq!(infer_marker_paging(&mut ops, &schemas), 2);
        let pagination = |id: &str| {
            serde_yaml::to_string(&ops[id].get("pagination")).expect("yaml")
        };
        assert_eq!(
            pagination("ListVpcs"),
            "marker: marker\nlimit: limit\nitems: vpcs\nnext_marker: page_info.next_marker\n"
        );
        assert_eq!(
            pagination("ListPorts"),
            "marker: marker\nlimit: limit\nitems: ports\n"
        );
        for id in ["ListTags", "BadLimit", "Post"] {
            assert!(ops[id].get("pagination").is_none(), "{id}");
        }
        let keys: Vec<&str> = ops["ListVpcs"]
            .as_mapping()
            .expect("map")
            .keys()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            keys,
            ["method", "parameters", "responses", "pagination", "examples"]
        );
    }
}
