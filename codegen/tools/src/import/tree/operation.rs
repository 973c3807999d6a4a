//! A page model to a spec operation.
//!
//! - **Parameters**: the rows of the URI section's tables, and of request tables whose
//!   caption says `path`, `query` or `header`. A row is a path parameter when the path has
//!   `{name}`, a header when its caption says so or its name starts with `X-`, otherwise a
//!   query parameter. Path parameters the tables leave out, and query parameters only the
//!   URI's query template names, are added as strings. Headers the client sets itself
//!   (`X-Auth-Token`, `Authorization`, `Content-Type`, `X-Sdk-Date`, `Host`, the
//!   credentials' `X-Project-Id`, `X-Domain-Id`, `X-Security-Token`, ...) are no
//!   parameters. A `GET` or `HEAD` page's other request tables are query parameters too
//!   (those methods carry no body).
//! - **Body**: the first other request table, as the schema `<Id>RequestBody` (required
//!   when one of its fields is); a table whose one row is `[items]` is that row's type.
//! - **Responses**: the success status is the first 2xx of the response tables' `Status
//!   code: N` lines, else of the status code table, else of the example responses, else
//!   200. The first response table of that status is the body `<Id>Response`. The other
//!   documented statuses are listed without bodies. A response table whose caption says
//!   `header` (`Response header parameters`) gives the `headers` of its status.
//! - **Errors**: rows of the page's error code table: status, code, message, and the
//!   Description or Solution column besides the message as `description`.
//! - **Examples**: every example request and every example response of the success
//!   status, in page order (see [`super::examples`]).

use serde_yaml::{Mapping, Sequence, Value};

use super::fields::{self, Cx, describe, field_type};
use super::from_examples::Side;
use crate::import::warning::Warning;

const CLIENT_HEADERS: &[&str] = &[
    "x-auth-token",
    "authorization",
    "content-type",
    "x-sdk-date",
    "host",
    // The rest of the headers the client sets itself, which `check` refuses as parameters.
    "x-sdk-content-sha256",
    "x-security-token",
    "x-project-id",
    "x-domain-id",
    "content-length",
    "transfer-encoding",
    "user-agent",
];

/// Where a parameter table's rows go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Path,
    Query,
    Header,
}

fn place_of(caption: Option<&str>) -> Option<Place> {
    let c = caption?.to_ascii_lowercase();
    Some(if c.contains("header") {
        Place::Header
    } else if c.contains("path param") {
        Place::Path
    } else if c.contains("query param") {
        Place::Query
    } else {
        return None;
    })
}

/// Builds the operation `id` of a page that has a URI.
pub(crate) fn build(cx: &mut Cx<'_, '_, '_>, id: &str) -> Mapping {
    let page = cx.page;
    let uri = page.uri.clone().unwrap_or_else(|| super::uri::Uri {
        method: "GET".into(),
        path: "/".into(),
        query: Vec::new(),
        line: 1,
        host: None,
        example: false,
    });
    let path_params: Vec<String> = path_params(&uri.path);
    let mut op = Mapping::new();
    if let Some(group) = super::group::group_of(&page.file) {
        op.insert("group".into(), group.into());
    }
    if !page.title.is_empty() {
        op.insert("summary".into(), page.title.as_str().into());
    }
    if let Some(d) = &page.description {
        op.insert("description".into(), d.as_str().into());
    }
    if page.deprecated {
        op.insert("deprecated".into(), true.into());
    }
    op.insert("method".into(), uri.method.as_str().into());
    op.insert("path".into(), uri.path.as_str().into());

    let no_body = matches!(uri.method.as_str(), "GET" | "HEAD");
    let mut params: Vec<(String, Mapping)> = Vec::new();
    let mut body_tables = Vec::new();
    let tables = page
        .uri_tables
        .iter()
        .map(|t| (t, true))
        .chain(page.request_tables.iter().map(|t| (t, false)));
    for (table, in_uri) in tables {
        let place = place_of(table.caption.as_deref());
        if !in_uri
            && place.is_none()
            && !(no_body && body_tables.is_empty() && is_param_table(table))
        {
            body_tables.push(table);
            continue;
        }
        for field in fields::fields(cx, table) {
            let lower = field.name.to_ascii_lowercase();
            if CLIENT_HEADERS.contains(&lower.as_str()) {
                continue;
            }
            let place = if path_params.contains(&field.name) {
                Place::Path
            } else if place == Some(Place::Header) || lower.starts_with("x-") {
                Place::Header
            } else {
                Place::Query
            };
            if params.iter().any(|(n, _)| n == &field.name) {
                continue;
            }
            let mut m = Mapping::new();
            m.insert("name".into(), field.name.as_str().into());
            m.insert(
                "in".into(),
                match place {
                    Place::Path => "path",
                    Place::Header => "header",
                    _ => "query",
                }
                .into(),
            );
            let mut ty = param_type(cx, &field);
            if place == Place::Header && ty.get("type").and_then(Value::as_str) == Some("array") {
                // A header carries one value: a list is written comma-separated.
                cx.warnings.push(Warning::new(
                    &page.file,
                    field.line,
                    format!(
                        "header `{}` is a list, which a header parameter cannot be: imported as a string (comma-separated values)",
                        field.name
                    ),
                ));
                ty = std::iter::once(("type".into(), "string".into())).collect();
            }
            for (k, v) in ty {
                m.insert(k, v);
            }
            if field.required && place != Place::Path {
                m.insert("required".into(), true.into());
            }
            describe(&mut m, &field.description);
            params.push((field.name.clone(), m));
        }
    }
    for name in &path_params {
        if !params
            .iter()
            .any(|(n, m)| n == name && m.get("in").and_then(Value::as_str) == Some("path"))
        {
            params.retain(|(n, _)| n != name);
            let mut m = Mapping::new();
            m.insert("name".into(), name.as_str().into());
            m.insert("in".into(), "path".into());
            m.insert("type".into(), "string".into());
            params.push((name.clone(), m));
            if !matches!(name.as_str(), "project_id" | "domain_id") {
                cx.warnings.push(Warning::new(
                    &page.file,
                    uri.line,
                    format!("path parameter `{name}` is not in the page's parameter tables: imported as a string"),
                ));
            }
        }
    }
    for name in &uri.query {
        if !params.iter().any(|(n, _)| n == name) {
            let mut m = Mapping::new();
            m.insert("name".into(), name.as_str().into());
            m.insert("in".into(), "query".into());
            m.insert("type".into(), "string".into());
            params.push((name.clone(), m));
        }
    }
    // Path parameters first, in path order; the others as documented.
    params.sort_by_key(|(n, m)| {
        let is_path = m.get("in").and_then(Value::as_str) == Some("path");
        (
            !is_path,
            if is_path {
                path_params.iter().position(|p| p == n).unwrap_or(0)
            } else {
                0
            },
        )
    });
    if !params.is_empty() {
        op.insert(
            "parameters".into(),
            Value::Sequence(params.into_iter().map(|(_, m)| Value::Mapping(m)).collect()),
        );
    }

    if let Some(table) = body_tables.first() {
        if no_body {
            cx.warnings.push(Warning::new(
                &page.file,
                table.line,
                format!(
                    "a {} request carries no body: this request table is not imported",
                    uri.method
                ),
            ));
        } else {
            cx.request = true;
            cx.examples.side = Some(Side::Request);
            let schema = fields::object_schema(cx, table, true);
            cx.examples.side = None;
            cx.request = false;
            let props = schema.get("properties").and_then(Value::as_mapping);
            let required = props.is_some_and(|p| {
                p.values()
                    .any(|v| v.get("required") == Some(&Value::Bool(true)))
            });
            let mut body = Mapping::new();
            // A body that is one `[items]` row is that row's type (a JSON array).
            match props.map(|p| p.iter().collect::<Vec<_>>()).as_deref() {
                Some([(k, Value::Mapping(ty))])
                    if k.as_str().is_some_and(|k| k.starts_with('[')) =>
                {
                    for (tk, tv) in ty.iter().filter(|(tk, _)| tk.as_str() != Some("required")) {
                        body.insert(tk.clone(), tv.clone());
                    }
                }
                _ => {
                    let name = cx
                        .registry
                        .fixed(&format!("{id}RequestBody"), schema.clone());
                    body.insert("ref".into(), name.into());
                }
            }
            if required {
                body.insert("required".into(), true.into());
            }
            op.insert("body".into(), Value::Mapping(body));
        }
    }

    let success = page.success_status();
    let mut responses = Mapping::new();
    let mut ok = Mapping::new();
    ok.insert(
        "description".into(),
        page.statuses
            .iter()
            .find(|(s, _)| *s == success)
            .map(|(_, d)| d.as_str())
            .filter(|d| !d.is_empty())
            .unwrap_or("OK")
            .into(),
    );
    let root = page.response_tables.iter().find(|t| {
        t.status.is_none_or(|s| s == success)
            && place_of(t.table.caption.as_deref()) != Some(Place::Header)
    });
    let mut has_body = false;
    if let Some(t) = root {
        cx.examples.side = Some(Side::Response);
        let schema = fields::object_schema(cx, &t.table, true);
        cx.examples.side = None;
        let name = cx.registry.fixed(&format!("{id}Response"), schema);
        let mut body = Mapping::new();
        body.insert("ref".into(), name.into());
        ok.insert("body".into(), Value::Mapping(body));
        has_body = true;
    }
    responses.insert(u64::from(success).into(), Value::Mapping(ok));
    for (status, desc) in &page.statuses {
        if *status != success
            && !(200..300).contains(status)
            && !responses.contains_key(Value::from(u64::from(*status)))
        {
            let mut m = Mapping::new();
            m.insert(
                "description".into(),
                (if desc.is_empty() {
                    "Error."
                } else {
                    desc.as_str()
                })
                .into(),
            );
            responses.insert(u64::from(*status).into(), Value::Mapping(m));
        }
    }
    response_headers(cx, success, &mut responses);
    op.insert("responses".into(), Value::Mapping(responses));

    let errors: Sequence = page
        .errors
        .iter()
        .map(|e| {
            let mut m = Mapping::new();
            if let Some(s) = e.status {
                m.insert("status".into(), u64::from(s).into());
            }
            m.insert("code".into(), e.code.as_str().into());
            for (key, text) in [("message", &e.message), ("description", &e.description)] {
                if !text.is_empty() && text != "-" {
                    m.insert(key.into(), text.as_str().into());
                }
            }
            Value::Mapping(m)
        })
        .collect();
    if !errors.is_empty() {
        op.insert("errors".into(), Value::Sequence(errors));
    }

    if let Some(examples) =
        super::examples::examples(cx, op.contains_key("body"), has_body, success)
    {
        op.insert("examples".into(), Value::Mapping(examples));
    }
    op
}

/// The response tables whose caption says `header` (`Response header parameters`), each
/// as the `headers` of its status (the success status when no `Status code:` line comes
/// before it): a header takes a string, number or boolean; another type is read as a
/// string, with a warning.
fn response_headers(cx: &mut Cx<'_, '_, '_>, success: u16, responses: &mut Mapping) {
    let page = cx.page;
    for t in &page.response_tables {
        if place_of(t.table.caption.as_deref()) != Some(Place::Header) {
            continue;
        }
        let status = t.status.unwrap_or(success);
        let mut headers = Mapping::new();
        for field in fields::fields(cx, &t.table) {
            let mut m = field_type(cx, &field);
            let scalar = matches!(
                m.get("type").and_then(Value::as_str),
                Some("string" | "int32" | "int64" | "double" | "boolean")
            );
            if !scalar {
                cx.warnings.push(Warning::unreadable(
                    &page.file,
                    field.line,
                    format!(
                        "response header `{}` is typed `{}`, which a header cannot be: imported as a string",
                        field.name,
                        field.ty.trim()
                    ),
                ));
                m = std::iter::once(("type".into(), "string".into())).collect();
            }
            describe(&mut m, &field.description);
            headers.insert(field.name.as_str().into(), Value::Mapping(m));
        }
        if headers.is_empty() {
            continue;
        }
        let key = Value::from(u64::from(status));
        if !responses.contains_key(&key) {
            let description = page
                .statuses
                .iter()
                .find(|(s, _)| *s == status)
                .map(|(_, d)| d.as_str())
                .filter(|d| !d.is_empty())
                .unwrap_or(if (200..300).contains(&status) {
                    "OK"
                } else {
                    "Error."
                });
            let mut m = Mapping::new();
            m.insert("description".into(), description.into());
            responses.insert(key.clone(), Value::Mapping(m));
        }
        if let Some(Value::Mapping(response)) = responses.get_mut(&key) {
            match response.get_mut("headers") {
                Some(Value::Mapping(known)) => {
                    for (k, v) in headers {
                        if !known.contains_key(&k) {
                            known.insert(k, v);
                        }
                    }
                }
                _ => {
                    response.insert("headers".into(), Value::Mapping(headers));
                }
            }
        }
    }
}

/// A table of a bodiless request that reads like parameters (it has a Parameter column).
fn is_param_table(table: &super::doc::Table) -> bool {
    table.column(&["parameter", "name"]).is_some()
}

/// A parameter's type: scalars and arrays of scalars (a bare `Array` is an array of
/// strings); anything else is a string, with a warning (the spec's parameters take no
/// objects).
fn param_type(cx: &mut Cx<'_, '_, '_>, field: &fields::Field) -> Mapping {
    let has_type = !field.ty.trim().is_empty();
    let bare = super::doc::clean_inline(&field.ty).to_ascii_lowercase();
    if bare == "array" || bare == "list" {
        // An array of unstated items: repeated string values, the closest a query takes.
        let mut m = Mapping::new();
        m.insert("type".into(), "array".into());
        m.insert(
            "items".into(),
            Value::Mapping(std::iter::once(("type".into(), "string".into())).collect()),
        );
        return m;
    }
    let ty = if has_type {
        field_type(cx, field)
    } else {
        Mapping::new()
    };
    let scalar = |m: &Mapping| {
        matches!(
            m.get("type").and_then(Value::as_str),
            Some("string" | "int32" | "int64" | "double" | "boolean")
        )
    };
    if scalar(&ty) {
        return ty;
    }
    if ty.get("type").and_then(Value::as_str) == Some("array")
        && ty
            .get("items")
            .and_then(Value::as_mapping)
            .is_some_and(scalar)
    {
        return ty;
    }
    if has_type {
        cx.warnings.push(Warning::unreadable(
            &cx.page.file,
            field.line,
            format!(
                "parameter `{}` is typed `{}`, which a parameter cannot be: imported as a string",
                field.name,
                field.ty.trim()
            ),
        ));
    }
    let mut m = Mapping::new();
    m.insert("type".into(), "string".into());
    m
}

/// `{name}`s of a path, in order (several may share a segment: `{region}:{id}`).
pub(crate) fn path_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    out
}
