//! The URI line and the request's parameter tables: path, query and header parameters
//! (in the URI or Request Parameters section) and the request body.

use serde_yaml::Value;

use super::PageCx;
use super::fragment::{SchemaOrigin, SpecType};
use super::objects::{ITEMS_ROW, NamedTables, Objects, field_rows};
use super::page::{Line, Section, SectionKind, ignored, is_none};
use super::table::{Block, Table, blocks};
use super::types::PageType;
use crate::diagnostics::{Diagnostic, KeyPath};
use crate::model::Method;
use crate::parse::document::{Body, Parameter, Type, Typed};

/// What a table's caption says it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// Parameters of one location (`path`, `query`, `header`).
    Params(&'static str),
    /// The body's fields.
    Body,
    /// The fields of the schema it is named after.
    Named(String),
    /// The caption does not say.
    Unknown,
}

/// The role of a table from its caption title.
pub(crate) fn role(title: Option<&str>) -> Role {
    let Some(title) = title else {
        return Role::Unknown;
    };
    let lower = title.to_ascii_lowercase();
    for (words, location) in [
        ("path param", "path"),
        ("query param", "query"),
        ("header param", "header"),
    ] {
        if lower.contains(words) {
            return Role::Params(location);
        }
    }
    if lower.contains("body param") {
        return Role::Body;
    }
    let mut chars = title.chars();
    let ident = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident {
        Role::Named(title.to_owned())
    } else {
        Role::Unknown
    }
}

/// The method and path of the URI section's `POST /path` line. A query string written into
/// the path is dropped: query parameters come from their table.
pub(crate) fn uri<'a>(
    cx: &mut PageCx<'_>,
    section: &Section<'a>,
) -> Option<(Method, String, Line<'a>)> {
    for line in section.lines.iter().filter(|l| !l.is_blank()) {
        let Some((method, rest)) = line.trimmed().split_once(char::is_whitespace) else {
            continue;
        };
        let Some(m) = Method::ALL
            .iter()
            .find(|m| m.as_str() == method.to_ascii_uppercase())
        else {
            continue;
        };
        let path = rest.trim();
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        if !path.starts_with('/') {
            cx.diags.push(
                Diagnostic::error(
                    "page-uri",
                    &section.kind.path(),
                    format!("`{path}` is not a URI path"),
                )
                .at(line.start())
                .with_help("the URI line reads like `GET /v5/{project_id}/repositories`"),
            );
            return None;
        }
        return Some((*m, path.to_owned(), *line));
    }
    cx.diags.push(
        Diagnostic::error(
            "page-uri",
            &section.kind.path(),
            "the URI section has no `METHOD /path` line",
        )
        .at(section.heading.start()),
    );
    None
}

/// The `{name}` placeholders of a path.
fn placeholders(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// The request side of an operation.
#[derive(Debug, Default)]
pub(crate) struct Request {
    /// `parameters` entries in page order.
    pub params: Vec<Parameter>,
    /// `body`, when the page documents one.
    pub body: Option<Body>,
}

/// Inputs for reading the request side.
pub(crate) struct RequestPage<'s, 'a> {
    /// The operation id (names the body schema).
    pub id: &'s str,
    /// The URI section, which may hold path and query tables.
    pub uri: Option<&'s Section<'a>>,
    /// The URI line, to skip it and check placeholders.
    pub uri_line: Option<(&'s str, Line<'a>)>,
    /// The Request Parameters section.
    pub params: Option<&'s Section<'a>>,
    /// Bodies of the request examples.
    pub example_bodies: Vec<&'s Value>,
}

/// Reads parameters and body from the URI and Request Parameters sections.
pub(crate) fn request(cx: &mut PageCx<'_>, page: &RequestPage<'_, '_>) -> Request {
    let mut tables: Vec<(SectionKind, Table<'_>)> = Vec::new();
    for section in [page.uri, page.params].into_iter().flatten() {
        let mut captions = Vec::new();
        let section_blocks = blocks(section.kind, &section.lines, &mut cx.diags);
        for block in &section_blocks {
            if let Block::Table(t) = block
                && let Some(c) = t.caption
            {
                captions.push(c.number);
            }
        }
        for block in section_blocks {
            match block {
                Block::Table(t) => tables.push((section.kind, t)),
                Block::Text(line) => {
                    let is_uri_line = page.uri_line.is_some_and(|(_, l)| l.number == line.number);
                    let skip = is_uri_line
                        || captions.contains(&line.number)
                        || (section.kind == SectionKind::RequestParameters && is_none(&line));
                    if !skip {
                        cx.diags.push(ignored(&section.kind.path(), line));
                    }
                }
            }
        }
    }
    let named = NamedTables {
        tables: tables
            .iter()
            .filter(|(_, t)| matches!(role(t.title()), Role::Named(_)))
            .map(|(_, t)| t)
            .collect(),
    };
    let objects = Objects { named: &named };
    let mut out = Request::default();
    let mut seen: Vec<(String, &'static str, usize)> = Vec::new();
    for (kind, table) in &tables {
        let path = kind.path();
        match role(table.title()) {
            Role::Params(location) => {
                read_params(cx, table, location, &path.key(location), &mut seen, &mut out.params);
            }
            Role::Body => {
                if out.body.is_some() {
                    cx.diags.push(
                        Diagnostic::error("page-table", &path, "a second request body table")
                            .at(table.start.start()),
                    );
                    continue;
                }
                out.body = body(cx, &objects, table, page, &path.key("body"));
            }
            Role::Named(_) => {}
            Role::Unknown => cx.diags.push(
                Diagnostic::error(
                    "page-table",
                    &path,
                    "cannot tell which parameters this table lists",
                )
                .at(table.start.start())
                .with_help("caption it: `Table 1 Path Parameters`, `Query Parameters`, `Request header parameters`, `Request body parameters`, or the name of the object it describes"),
            ),
        }
    }
    for t in &named.tables {
        let name = t.title().unwrap_or_default();
        if !cx.schemas.has(name) {
            cx.diags.push(
                Diagnostic::warning(
                    "page-unused-table",
                    &SectionKind::RequestParameters.path(),
                    format!("no parameter has the type `{name} object`: the table is not read"),
                )
                .at(t.start.start()),
            );
        }
    }
    if let Some((template, line)) = page.uri_line {
        for name in placeholders(template) {
            if !seen.iter().any(|(n, loc, _)| *loc == "path" && *n == name) {
                cx.diags.push(
                    Diagnostic::error(
                        "page-path-param",
                        &SectionKind::Uri.path(),
                        format!("the path parameter `{{{name}}}` is not described in a Path Parameters table"),
                    )
                    .at(line.start()),
                );
                // Lenient, imported as a string.
                if cx.lenient {
                    let param = Parameter {
                        name: Some(name.clone()),
                        location: Some("path".to_owned()),
                        required: Some(true),
                        ..Parameter::default()
                    };
                    out.params
                        .push(param.with_type(SpecType::Builtin("string").typed()));
                }
            }
        }
        for (name, loc, line_no) in &seen {
            if *loc == "path" && !placeholders(template).contains(name) {
                cx.diags.push(
                    Diagnostic::error(
                        "page-path-param",
                        &SectionKind::Uri.path().key("path").key(name.as_str()),
                        format!(
                            "the path parameter `{name}` does not appear in the URI `{template}`"
                        ),
                    )
                    .at(line.start())
                    .with_help(format!("its row is on line {line_no}")),
                );
            }
        }
    }
    out
}

fn read_params(
    cx: &mut PageCx<'_>,
    table: &Table<'_>,
    location: &'static str,
    path: &KeyPath,
    seen: &mut Vec<(String, &'static str, usize)>,
    out: &mut Vec<Parameter>,
) {
    if location != "path" && table.column(&["mandatory", "required"]).is_none() {
        cx.diags.push(
            Diagnostic::error(
                "page-table",
                path,
                format!("the {location} parameter table has no Mandatory column"),
            )
            .at(table.start.start()),
        );
        return;
    }
    for row in field_rows(cx, table, path) {
        let row_path = path.key(row.name.as_str());
        let ty = match &row.ty {
            PageType::Builtin(b) => Some(SpecType::Builtin(b)),
            PageType::Array(inner) if location == "query" => match **inner {
                PageType::Builtin(b) => Some(SpecType::Array(Box::new(SpecType::Builtin(b)))),
                _ => None,
            },
            _ => None,
        };
        let ty = if let Some(ty) = ty {
            ty
        } else {
            cx.diags.push(
                Diagnostic::error(
                    "page-type",
                    &row_path.key("Type"),
                    format!("a {location} parameter cannot be of type `{}`", row.type_cell.text),
                )
                .at(row.type_cell.line.start())
                .with_help("parameters take strings, numbers and booleans (and, in the query, lists of those)"),
            );
            // Lenient, imported as a string (the closest a parameter takes).
            if !cx.lenient {
                continue;
            }
            SpecType::Builtin("string")
        };
        if let Some((_, _, first)) = seen
            .iter()
            .find(|(n, l, _)| *l == location && n.eq_ignore_ascii_case(&row.name))
        {
            cx.diags.push(
                Diagnostic::error(
                    "page-table",
                    &row_path,
                    format!("the {location} parameter `{}` is described twice", row.name),
                )
                .at(row.name_cell.line.start())
                .with_help(format!("the first row is on line {first}")),
            );
            continue;
        }
        seen.push((row.name.clone(), location, row.name_cell.line.number));
        if location == "path" && row.required == Some(false) {
            cx.diags.push(
                Diagnostic::warning(
                    "page-mandatory",
                    &row_path.key("Mandatory"),
                    "a path parameter is always required; `No` is ignored",
                )
                .at(row.name_cell.line.start()),
            );
        }
        let param = Parameter {
            name: Some(row.name.clone()),
            location: Some(location.to_owned()),
            required: (location == "path" || row.required == Some(true)).then_some(true),
            description: row.doc.description.clone(),
            range: row.doc.range.clone(),
            ..Parameter::default()
        };
        out.push(param.with_type(ty.typed()));
    }
}

fn body(
    cx: &mut PageCx<'_>,
    objects: &Objects<'_, '_, '_>,
    table: &Table<'_>,
    page: &RequestPage<'_, '_>,
    path: &KeyPath,
) -> Option<Body> {
    let name = format!("{}RequestBody", page.id);
    let is_items = table.rows.len() == 1
        && table
            .column(&["parameter", "name", "field"])
            .is_some_and(|c| table.rows[0].cells[c].text == ITEMS_ROW);
    if !is_items {
        let name = objects.table_schema(
            cx,
            table,
            &name,
            SchemaOrigin::Rule,
            &page.example_bodies,
            path,
        );
        return Some(Body::default().with_type(Type::reference(&name)));
    }
    let row = field_rows(cx, table, path).into_iter().next()?;
    let ty = objects.resolve(
        cx,
        &row.ty,
        &row.type_cell,
        &name,
        &page.example_bodies,
        &path.key(ITEMS_ROW),
    )?;
    let body = Body {
        required: (row.required == Some(true)).then_some(true),
        description: row.doc.description.clone(),
        range: row.doc.range.clone(),
        ..Body::default()
    };
    Some(body.with_type(ty.typed()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_say_what_a_table_lists() {
        assert_eq!(role(Some("Path Parameters")), Role::Params("path"));
        assert_eq!(
            role(Some("Request header parameters")),
            Role::Params("header")
        );
        assert_eq!(role(Some("Request body parameters")), Role::Body);
        assert_eq!(
            role(Some("RepositoryBuildVO")),
            Role::Named("RepositoryBuildVO".into())
        );
        assert_eq!(role(Some("Some notes here")), Role::Unknown);
        assert_eq!(role(None), Role::Unknown);
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(
            placeholders("/v5/{project_id}/x/{id}"),
            ["project_id", "id"]
        );
        assert!(placeholders("/v5/x").is_empty());
    }
}
