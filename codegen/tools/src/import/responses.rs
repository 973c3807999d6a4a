//! Responses: the Response Parameters tables per status code, the Status Codes table, the
//! Error Codes table.

use std::collections::BTreeMap;

use serde_yaml::Value;

use super::PageCx;
use super::examples::ResponseExample;
use super::fragment::SchemaOrigin;
use super::objects::{ITEMS_ROW, NamedTables, Objects, field_rows};
use super::page::{Line, Section, SectionKind, ignored, is_none, status_line};
use super::request::{Role, role};
use super::table::{Block, Cell, Table, blocks};
use super::types::PageType;
use crate::diagnostics::{Diagnostic, KeyPath};
use crate::parse::document::{
    Entries, ErrorCode, Header, Integer, Response, ResponseBody, Type, Typed,
};

/// The tables of one `Status code: N` group.
struct Group<'a> {
    status: u16,
    line: Line<'a>,
    tables: Vec<Table<'a>>,
}

/// One documented response.
#[derive(Debug, Default)]
pub(crate) struct ResponseParts {
    /// `description`
    pub description: Option<String>,
    /// `body`
    pub body: Option<ResponseBody>,
    /// `headers`
    pub headers: Entries<Header>,
}

impl ResponseParts {
    /// The response as the format's section.
    pub fn to_response(&self) -> Response {
        Response {
            description: self.description.clone(),
            body: self.body.clone(),
            headers: (!self.headers.0.is_empty()).then(|| self.headers.clone()),
        }
    }
}

/// What the response sections say, by status code.
#[derive(Debug, Default)]
pub(crate) struct Responses {
    /// The responses by status code, ascending.
    pub responses: BTreeMap<u16, ResponseParts>,
    /// Whether the page has a Response Parameters section (it then states the bodies).
    pub states_bodies: bool,
}

/// Reads the Response Parameters section into groups per status code.
fn groups<'a>(cx: &mut PageCx<'_>, section: &Section<'a>) -> Vec<Group<'a>> {
    let path = section.kind.path();
    let mut out: Vec<Group<'a>> = Vec::new();
    let section_blocks = blocks(section.kind, &section.lines, &mut cx.diags);
    let captions: Vec<usize> = section_blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => t.caption.map(|c| c.number),
            Block::Text(_) => None,
        })
        .collect();
    for block in section_blocks {
        match block {
            Block::Text(line) => {
                if let Some(status) = status_line(&line) {
                    out.push(Group {
                        status,
                        line,
                        tables: Vec::new(),
                    });
                } else if !(is_none(&line) || captions.contains(&line.number)) {
                    cx.diags.push(ignored(&path, line));
                }
            }
            Block::Table(t) => match out.last_mut() {
                Some(g) => g.tables.push(t),
                None => cx.diags.push(
                    Diagnostic::error(
                        "page-table",
                        &path,
                        "this response table comes before any `Status code:` line",
                    )
                    .at(t.start.start())
                    .with_help(
                        "start each status code's tables with a line like `Status code: 200`",
                    ),
                ),
            },
        }
    }
    out
}

/// Whether a caption only repeats the status line (tables right under `Status code: 200`).
fn caption_is_status(t: &Table<'_>) -> bool {
    t.caption.is_some_and(|c| status_line(&c).is_some())
}

/// Reads all response information of a page.
pub(crate) fn responses(
    cx: &mut PageCx<'_>,
    id: &str,
    params: Option<&Section<'_>>,
    status_codes: Option<&Section<'_>>,
    examples: &[ResponseExample<'_>],
) -> Responses {
    let mut out = Responses::default();
    let descriptions = status_codes
        .map(|s| status_table(cx, s))
        .unwrap_or_default();
    let groups = params.map(|s| groups(cx, s)).unwrap_or_default();
    out.states_bodies = params.is_some();
    let all_tables: Vec<&Table<'_>> = groups.iter().flat_map(|g| g.tables.iter()).collect();
    let first_success = groups
        .iter()
        .map(|g| g.status)
        .find(|s| (200..300).contains(s));
    for group in &groups {
        if out.responses.contains_key(&group.status) {
            cx.diags.push(
                Diagnostic::error(
                    "page-duplicate-status",
                    &SectionKind::ResponseParameters
                        .path()
                        .key(group.status.to_string()),
                    format!("status code {} is described twice", group.status),
                )
                .at(group.line.start()),
            );
            continue;
        }
        // Named tables of this status first, then those of the others.
        let mut named_tables: Vec<&Table<'_>> = group
            .tables
            .iter()
            .filter(|t| matches!(role(t.title()), Role::Named(_)) && !caption_is_status(t))
            .collect();
        let others: Vec<&Table<'_>> = all_tables
            .iter()
            .copied()
            .filter(|t| {
                matches!(role(t.title()), Role::Named(_))
                    && !caption_is_status(t)
                    && !named_tables.iter().any(|n| std::ptr::eq(*n, *t))
            })
            .collect();
        named_tables.extend(others);
        let named = NamedTables {
            tables: named_tables,
        };
        let samples: Vec<&Value> = examples
            .iter()
            .filter(|e| e.status == group.status)
            .filter_map(|e| e.body.as_ref())
            .collect();
        let root = if Some(group.status) == first_success {
            format!("{id}Response")
        } else {
            format!("{id}Response{}", group.status)
        };
        let response = group_response(cx, &Objects { named: &named }, group, &root, &samples);
        out.responses.insert(group.status, response);
        for t in &group.tables {
            if let Role::Named(name) = role(t.title())
                && !caption_is_status(t)
                && !cx.schemas.has(&name)
            {
                cx.diags.push(
                    Diagnostic::warning(
                        "page-unused-table",
                        &SectionKind::ResponseParameters
                            .path()
                            .key(group.status.to_string()),
                        format!("no field has the type `{name} object`: the table is not read"),
                    )
                    .at(t.start.start()),
                );
            }
        }
    }
    for (status, description) in descriptions {
        out.responses.entry(status).or_default().description =
            Some(description).filter(|d| !d.is_empty());
    }
    for e in examples {
        let documented = out
            .responses
            .get(&e.status)
            .is_some_and(|r| r.body.is_some());
        if e.body.is_some() && !documented && out.states_bodies {
            cx.diags.push(
                Diagnostic::error(
                    "page-example",
                    &SectionKind::ExampleResponses.path().key(e.status.to_string()),
                    format!("this example has a body for status {}, but Response Parameters describes none", e.status),
                )
                .at(e.line.start())
                .with_help(format!("add a `Status code: {}` table to Response Parameters", e.status)),
            );
        }
        let r = out.responses.entry(e.status).or_default();
        if r.description.is_none() {
            r.description.clone_from(&e.description);
        }
    }
    out
}

fn group_response(
    cx: &mut PageCx<'_>,
    objects: &Objects<'_, '_, '_>,
    group: &Group<'_>,
    root: &str,
    samples: &[&Value],
) -> ResponseParts {
    let path = SectionKind::ResponseParameters
        .path()
        .key(group.status.to_string());
    let mut response = ResponseParts::default();
    for t in &group.tables {
        let title = if caption_is_status(t) {
            None
        } else {
            t.title()
        };
        let lower = title.map(str::to_ascii_lowercase).unwrap_or_default();
        let is_header = lower.contains("header param");
        let is_body = title.is_none() || lower.contains("body param");
        if is_header {
            for row in field_rows(cx, t, &path.key("headers")) {
                let PageType::Builtin(b) = row.ty else {
                    cx.diags.push(
                        Diagnostic::error(
                            "page-type",
                            &path.key("headers").key(row.name.as_str()),
                            format!(
                                "a response header cannot be of type `{}`",
                                row.type_cell.text
                            ),
                        )
                        .at(row.type_cell.line.start()),
                    );
                    continue;
                };
                let header = Header {
                    description: row.doc.description.clone(),
                    range: row.doc.range.clone(),
                    ..Header::default()
                };
                response
                    .headers
                    .insert(row.name.as_str(), header.with_type(Type::builtin(b)));
            }
        } else if is_body {
            if response.body.is_some() {
                cx.diags.push(
                    Diagnostic::error(
                        "page-table",
                        &path,
                        "a second body table for this status code",
                    )
                    .at(t.start.start())
                    .with_help("caption tables of nested objects with the object's name"),
                );
                continue;
            }
            response.body = body(cx, objects, t, root, samples, &path);
        } else if !matches!(role(title), Role::Named(_)) {
            cx.diags.push(
                Diagnostic::error("page-table", &path, format!("cannot tell what the table `{}` describes", title.unwrap_or_default()))
                    .at(t.start.start())
                    .with_help("caption it `Response body parameters`, `Response header parameters`, or the name of the object it describes"),
            );
        }
    }
    response
}

fn body(
    cx: &mut PageCx<'_>,
    objects: &Objects<'_, '_, '_>,
    table: &Table<'_>,
    root: &str,
    samples: &[&Value],
    path: &KeyPath,
) -> Option<ResponseBody> {
    let is_items = table.rows.len() == 1
        && table
            .column(&["parameter", "name", "field"])
            .is_some_and(|c| table.rows[0].cells[c].text == ITEMS_ROW);
    if is_items {
        let row = field_rows(cx, table, path).into_iter().next()?;
        let ty = objects.resolve(
            cx,
            &row.ty,
            &row.type_cell,
            root,
            samples,
            &path.key(ITEMS_ROW),
        )?;
        return Some(ResponseBody::default().with_type(ty.typed()));
    }
    let name = objects.table_schema(cx, table, root, SchemaOrigin::Rule, samples, path);
    Some(ResponseBody::default().with_type(Type::reference(&name)))
}

/// The Status Codes table: status → description.
fn status_table(cx: &mut PageCx<'_>, section: &Section<'_>) -> BTreeMap<u16, String> {
    let path = section.kind.path();
    let mut out = BTreeMap::new();
    for block in blocks(section.kind, &section.lines, &mut cx.diags) {
        let Block::Table(t) = block else { continue };
        let (Some(code), desc) = (
            t.column(&["status code", "status"]),
            t.column(&["description"]),
        ) else {
            cx.diags.push(
                Diagnostic::error(
                    "page-table",
                    &path,
                    "the status code table needs a `Status Code` column",
                )
                .at(t.start.start()),
            );
            continue;
        };
        for row in &t.rows {
            let Some(status) = status_cell(cx, &path, &row.cells[code]) else {
                continue;
            };
            let text = desc.map(|c| row.cells[c].text.clone()).unwrap_or_default();
            out.insert(status, text);
        }
    }
    out
}

/// The status code in a table cell, or a diagnostic at the cell.
fn status_cell(cx: &mut PageCx<'_>, path: &KeyPath, cell: &Cell<'_>) -> Option<u16> {
    let status = cell
        .text
        .parse::<u16>()
        .ok()
        .filter(|s| (100..=599).contains(s));
    if status.is_none() {
        cx.diags.push(
            Diagnostic::error(
                "page-status",
                path,
                format!("`{}` is not an HTTP status code", cell.text),
            )
            .at(cell.line.start()),
        );
    }
    status
}

/// The Error Codes table, when the page has one (often it only links the service's list).
pub(crate) fn errors(cx: &mut PageCx<'_>, section: &Section<'_>) -> Option<Vec<ErrorCode>> {
    let path = section.kind.path();
    let mut out: Option<Vec<ErrorCode>> = None;
    for block in blocks(section.kind, &section.lines, &mut cx.diags) {
        let Block::Table(t) = block else { continue };
        let cols = (
            t.column(&["status code", "http status"]),
            t.column(&["error code"]),
            t.column(&["error message"]),
            t.column(&["description", "solution"]),
        );
        let (Some(status_col), Some(code_col), message_col, desc_col) = cols else {
            cx.diags.push(
                Diagnostic::error(
                    "page-table",
                    &path,
                    "the error code table needs `Status Code` and `Error Code` columns",
                )
                .at(t.start.start()),
            );
            continue;
        };
        let list = out.get_or_insert_with(Vec::new);
        for row in &t.rows {
            let Some(status) = status_cell(cx, &path, &row.cells[status_col]) else {
                continue;
            };
            let text = |col: Option<usize>| {
                col.map(|c| row.cells[c].text.as_str())
                    .filter(|t| !t.is_empty() && *t != "-")
                    .map(str::to_owned)
            };
            list.push(ErrorCode {
                status: Some(Integer::Number(status.into())),
                code: Some(row.cells[code_col].text.clone()),
                message: text(message_col),
                description: text(desc_col),
            });
        }
    }
    out
}
