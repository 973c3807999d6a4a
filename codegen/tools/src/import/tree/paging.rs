//! Paging read off an imported operation's shape, since the pages state it only in prose.
//! A `GET` pages when its query has an optional integer `limit` and one of:
//!
//! - an optional string `marker`: marker paging; the next marker is
//!   `page_info.next_marker` when the body has that field, else a top-level `next_marker`,
//!   else the last item's `id`, else the marker of a documented next link (`<items>_links`,
//!   a string or a list of `{ href, rel }`: `next_link`) for items without an `id`;
//! - an optional integer `offset` (or `start`): offset paging;
//! - an optional integer page number (`page`, `page_no`, `pageNo`, `page_num`,
//!   `page_number`, `page_index`, `current_page`, ...): page paging, `limit` being the
//!   page size.
//!
//! The items are the body's one list (lists named `*_links` are links, not items), or the
//! one list of its one object field (`result.data`); when the body has several lists, the
//! one named like the path's last segment (`/servers` → `servers`), else `data`,
//! `data_list`, `items`, `list` or `records`, else its one list of objects. A `limit`,
//! `offset` or page number the docs type as a string or a number becomes `int32` (in a
//! query it is the same digits). Paging parameters the docs mark mandatory are left alone:
//! the spec's paging parameters are optional ones. A top-level integer
//! `total`, `total_count`, `count`, `totalCount` or `total_num` is the total. Without items
//! nothing is added.

use serde_yaml::{Mapping, Value};

/// Adds `pagination` to every operation that pages; returns how many.
pub fn infer_paging(operations: &mut Mapping, schemas: &Mapping) -> usize {
    let mut count = 0;
    for (_, op) in operations.iter_mut() {
        let Some(op) = op.as_mapping_mut() else {
            continue;
        };
        if op.contains_key("pagination") {
            continue;
        }
        if let Some(pagination) = paging(op, schemas) {
            retype_counters(op, &pagination);
            // Written in its place by the spec writer (`parse::document`'s order).
            op.insert("pagination".into(), pagination);
            count += 1;
        }
    }
    count
}

const PAGE_KEYS: &[&str] = &[
    "page",
    "page_no",
    "pageno",
    "page_num",
    "pagenum",
    "page_number",
    "pagenumber",
    "page_index",
    "pageindex",
    "current_page",
    "currentpage",
    "cur_page",
];

fn paging(op: &Mapping, schemas: &Mapping) -> Option<Value> {
    if op.get("method").and_then(Value::as_str) != Some("GET") {
        return None;
    }
    let params = op.get("parameters").and_then(Value::as_sequence)?;
    let query = |pred: &dyn Fn(&str) -> bool, types: &[&str]| {
        params.iter().filter_map(Value::as_mapping).find_map(|p| {
            let name = p.get("name").and_then(Value::as_str)?;
            (pred(name)
                && p.get("in").and_then(Value::as_str) == Some("query")
                && p.get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| types.contains(&t))
                && p.get("required").and_then(Value::as_bool) != Some(true))
            .then(|| name.to_owned())
        })
    };
    // A count the docs type as a string or a number is sent as the same digits.
    const INT: &[&str] = &["int32", "int64", "string", "double"];
    let limit = query(&|n| n == "limit", INT)?;
    let marker = query(&|n| n == "marker", &["string"]);
    let offset = query(&|n| n == "offset" || n == "start", INT);
    let page = query(
        &|n| PAGE_KEYS.contains(&n.to_ascii_lowercase().as_str()),
        INT,
    );
    let body = success_body(op, schemas)?;
    let last = op
        .get("path")
        .and_then(Value::as_str)
        .and_then(|p| p.rsplit('/').find(|s| !s.is_empty() && !s.starts_with('{')))
        .unwrap_or("");
    let (items, item) = items_of(body, schemas, last)?;
    let mut p = Mapping::new();
    if let Some(marker) = marker {
        let is_string = |schema: &Mapping, field: &str| {
            properties(schema)
                .and_then(|p| p.get(field))
                .and_then(|f| f.get("type"))
                .and_then(Value::as_str)
                == Some("string")
        };
        let page_info = properties(body)
            .and_then(|p| p.get("page_info"))
            .and_then(|p| p.get("ref"))
            .and_then(Value::as_str)
            .and_then(|r| schemas.get(r))
            .and_then(Value::as_mapping);
        let next = if page_info.is_some_and(|p| is_string(p, "next_marker")) {
            Some(("next_marker", "page_info.next_marker".to_owned()))
        } else if is_string(body, "next_marker") {
            Some(("next_marker", "next_marker".to_owned()))
        } else if item.is_some_and(|i| is_string(i, "id")) {
            // The last item's id: also where a next link is documented, since a server
            // that leaves the link out would end a full listing early.
            None
        } else if let Some(link) = next_link(body, schemas, &items) {
            Some(("next_link", link))
        } else {
            return None;
        };
        p.insert("marker".into(), marker.into());
        p.insert("limit".into(), limit.into());
        p.insert("items".into(), items.into());
        if let Some((key, path)) = next {
            p.insert(key.into(), path.into());
        }
        return Some(Value::Mapping(p));
    }
    if let Some(offset) = offset {
        p.insert("offset".into(), offset.into());
        p.insert("limit".into(), limit.into());
    } else if let Some(page) = page {
        p.insert("page".into(), page.into());
        p.insert("size".into(), limit.into());
    } else {
        return None;
    }
    p.insert("items".into(), items.into());
    if let Some(total) = total_of(body) {
        p.insert("total".into(), total.into());
    }
    Some(Value::Mapping(p))
}

/// Makes the integer parameters of `pagination` (`limit`, `offset`, `page`, `size`)
/// `int32` where the docs type them as a string or a number: in a query the value is
/// the same digits, and the pager counts with integers.
fn retype_counters(op: &mut Mapping, pagination: &Value) {
    let names: Vec<&str> = ["limit", "offset", "page", "size"]
        .iter()
        .filter_map(|k| pagination.get(*k).and_then(Value::as_str))
        .collect();
    let Some(Value::Sequence(params)) = op.get_mut("parameters") else {
        return;
    };
    for p in params.iter_mut().filter_map(Value::as_mapping_mut) {
        let is_counter = p
            .get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| names.contains(&n))
            && p.get("in").and_then(Value::as_str) == Some("query");
        if is_counter
            && matches!(
                p.get("type").and_then(Value::as_str),
                Some("string" | "double")
            )
        {
            p.insert("type".into(), "int32".into());
            p.remove("format");
        }
    }
}

/// The JSON path of the body's list of items and the item schema (when the items are
/// objects).
fn items_of<'a>(
    body: &'a Mapping,
    schemas: &'a Mapping,
    last: &str,
) -> Option<(String, Option<&'a Mapping>)> {
    let lists = |schema: &'a Mapping| -> Vec<(String, Option<&'a Mapping>)> {
        properties(schema)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| {
                let name = k.as_str()?;
                let v = v.as_mapping()?;
                if name.ends_with("_links")
                    || v.get("type").and_then(Value::as_str) != Some("array")
                {
                    return None;
                }
                let item = v
                    .get("items")
                    .and_then(|i| i.get("ref"))
                    .and_then(Value::as_str)
                    .and_then(|r| schemas.get(r))
                    .and_then(Value::as_mapping);
                Some((name.to_owned(), item))
            })
            .collect()
    };
    let top = lists(body);
    let pick = |found: Vec<(String, Option<&'a Mapping>)>| match found.as_slice() {
        [one] => Some(one.clone()),
        [] => None,
        many => many
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(last) || n.replace('_', "-") == last)
            .or_else(|| {
                many.iter().find(|(n, _)| {
                    matches!(
                        n.as_str(),
                        "data" | "data_list" | "items" | "list" | "records"
                    )
                })
            })
            .or_else(
                || match many.iter().filter(|(_, i)| i.is_some()).collect::<Vec<_>>()[..] {
                    [one] => Some(one),
                    _ => None,
                },
            )
            .cloned(),
    };
    if !top.is_empty() {
        return pick(top);
    }
    // One object field holding the list (`result: { data: [...] }`).
    let objects: Vec<(&str, &Mapping)> = properties(body)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| {
            let r = v.get("ref")?.as_str()?;
            Some((k.as_str()?, schemas.get(r)?.as_mapping()?))
        })
        .collect();
    let [(outer, inner)] = objects.as_slice() else {
        return None;
    };
    let (name, item) = pick(lists(inner))?;
    Some((format!("{outer}.{name}"), item))
}

/// The body's documented link to the next page: a top-level `<items>_links` (else the one
/// `*_links`) that is a string, or a list of objects with string `href` and `rel` (as
/// OpenStack lists give them).
fn next_link(body: &Mapping, schemas: &Mapping, items: &str) -> Option<String> {
    let props = properties(body)?;
    let links: Vec<(&str, &Mapping)> = props
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?, v.as_mapping()?)))
        .filter(|(k, _)| k.ends_with("_links"))
        .collect();
    let own = format!("{items}_links");
    let (name, field) = match links.as_slice() {
        [one] => *one,
        many => *many.iter().find(|(k, _)| *k == own)?,
    };
    let is_string = |m: &Mapping| m.get("type").and_then(Value::as_str) == Some("string");
    if is_string(field) {
        return Some(name.to_owned());
    }
    let link = field
        .get("items")
        .and_then(|i| i.get("ref"))
        .and_then(Value::as_str)
        .and_then(|r| schemas.get(r))
        .and_then(Value::as_mapping)
        .and_then(properties)?;
    let string_field = |f: &str| {
        link.get(f)
            .and_then(Value::as_mapping)
            .is_some_and(is_string)
    };
    (field.get("type").and_then(Value::as_str) == Some("array")
        && string_field("href")
        && string_field("rel"))
    .then(|| name.to_owned())
}

/// A top-level integer total of the body.
fn total_of(body: &Mapping) -> Option<String> {
    let props = properties(body)?;
    [
        "total",
        "total_count",
        "count",
        "totalCount",
        "total_num",
        "totalNum",
    ]
    .into_iter()
    .find(|k| {
        props
            .get(*k)
            .and_then(|f| f.get("type"))
            .and_then(Value::as_str)
            .is_some_and(|t| t == "int32" || t == "int64")
    })
    .map(str::to_owned)
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
    rel: { type: string }
HrefOnly:
  type: object
  properties:
    href: { type: string }
ListRoutersResponse:
  type: object
  properties:
    routers: { type: array, items: { ref: Tag } }
    routers_links: { type: array, items: { ref: Link } }
ListNetworksResponse:
  type: object
  properties:
    networks: { type: array, items: { ref: Tag } }
    networks_links: { type: array, items: { ref: HrefOnly } }
ListEventsResponse:
  type: object
  properties:
    events: { type: array, items: { ref: Tag } }
    other_links: { type: string }
    events_links: { type: string }
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
            ("ListRouters", "ListRoutersResponse", "int32", "GET"),
            ("ListNetworks", "ListNetworksResponse", "int32", "GET"),
            ("ListEvents", "ListEventsResponse", "int32", "GET"),
            ("StringLimit", "ListVpcsResponse", "string", "GET"),
            ("BadLimit", "ListVpcsResponse", "boolean", "GET"),
            ("Post", "ListVpcsResponse", "int32", "POST"),
        ] {
            ops.insert(id.into(), Value::Mapping(doc(&op(body, limit, method))));
        }
        assert_eq!(infer_paging(&mut ops, &schemas), 5);
        // A limit the docs type as a string is sent as the same digits: an integer.
        assert_eq!(ops["StringLimit"]["parameters"][0]["type"], "int32");
        let pagination =
            |id: &str| serde_yaml::to_string(&ops[id].get("pagination")).expect("yaml");
        assert_eq!(
            pagination("ListVpcs"),
            "marker: marker\nlimit: limit\nitems: vpcs\nnext_marker: page_info.next_marker\n"
        );
        // Items with an id: the last one's id is the marker, links or not.
        assert_eq!(
            pagination("ListPorts"),
            "marker: marker\nlimit: limit\nitems: ports\n"
        );
        // Items without `id`: the link is the only source (an object list, or a string).
        assert_eq!(
            pagination("ListRouters"),
            "marker: marker\nlimit: limit\nitems: routers\nnext_link: routers_links\n"
        );
        assert_eq!(
            pagination("ListEvents"),
            "marker: marker\nlimit: limit\nitems: events\nnext_link: events_links\n"
        );
        // Links without `rel` cannot tell the next page from the previous one.
        for id in ["ListTags", "ListNetworks", "BadLimit", "Post"] {
            assert!(ops[id].get("pagination").is_none(), "{id}");
        }
        let mut one = Mapping::new();
        one.insert("ListVpcs".into(), ops["ListVpcs"].clone());
        let mut doc = Mapping::new();
        doc.insert("operations".into(), Value::Mapping(one));
        let text = crate::import::yaml::spec(&doc).expect("a spec");
        let keys: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("    ") && !l.starts_with("     "))
            .filter_map(|l| l.trim().split(':').next())
            .collect();
        assert_eq!(
            keys,
            [
                "method",
                "parameters",
                "responses",
                "pagination",
                "examples"
            ]
        );
    }
    #[test]
    fn offset_and_page_paging_are_read_off_the_shape() {
        let schemas = doc(r#"
ListJobsResponse:
  type: object
  properties:
    total_count: { type: int32 }
    jobs: { type: array, items: { ref: Job } }
    tags: { type: array, items: { type: string } }
ListLogsResponse:
  type: object
  properties:
    result: { ref: LogPage }
LogPage:
  type: object
  properties:
    data: { type: array, items: { ref: Job } }
Job:
  type: object
  properties:
    name: { type: string }
"#);
        let op = |params: &str, body: &str, path: &str| {
            doc(&format!(
                "method: GET\npath: {path}\nparameters:\n{params}responses:\n  200:\n    body: {{ ref: {body} }}\n"
            ))
        };
        let mut ops = Mapping::new();
        ops.insert(
            "ListJobs".into(),
            Value::Mapping(op(
                "  - { name: offset, in: query, type: string }\n  - { name: limit, in: query, type: int32 }\n",
                "ListJobsResponse",
                "/v1/{project_id}/jobs",
            )),
        );
        ops.insert(
            "ListLogs".into(),
            Value::Mapping(op(
                "  - { name: page_no, in: query, type: int32 }\n  - { name: limit, in: query, type: int32 }\n",
                "ListLogsResponse",
                "/v1/logs",
            )),
        );
        ops.insert(
            "Required".into(),
            Value::Mapping(op(
                "  - { name: offset, in: query, type: int32, required: true }\n  - { name: limit, in: query, type: int32 }\n",
                "ListJobsResponse",
                "/v1/jobs",
            )),
        );
        assert_eq!(infer_paging(&mut ops, &schemas), 2);
        let text = |id: &str| serde_yaml::to_string(&ops[id]["pagination"]).expect("yaml");
        assert_eq!(
            text("ListJobs"),
            "offset: offset\nlimit: limit\nitems: jobs\ntotal: total_count\n"
        );
        assert_eq!(ops["ListJobs"]["parameters"][0]["type"], "int32");
        assert_eq!(
            text("ListLogs"),
            "page: page_no\nsize: limit\nitems: result.data\n"
        );
        assert!(ops["Required"].get("pagination").is_none());
    }
}
