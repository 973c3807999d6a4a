//! One model of an API reference page, whatever form it was written in: what the builder of
//! operations reads.
//!
//! Sections are told apart by their headings (no case, a trailing `:` ignored): `Function`;
//! `URI`; headings starting with `Request` or `Response` (`Request Parameters`, `Request
//! Message`, `Response`); headings naming an example (`Example Request`, `Example
//! Responses`, `Examples`); `Status Code(s)`; `Error Code(s)`. A heading the importer does
//! not know belongs to the section it is nested in. The URI is the first line of the URI
//! section (or, without one, of the page) that reads `METHOD /path`; a second, different
//! URI is reported and ignored.

use std::collections::BTreeMap;

use super::grid::Table;
use super::rst::{Block, Doc, clean_inline};
use super::{Warning, Warnings};

/// What a section is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// What the API does.
    Function,
    /// Method, path and the parameter tables of the URI.
    Uri,
    /// Request body (and header) tables.
    Request,
    /// Response body tables.
    Response,
    /// Example requests.
    ExampleRequest,
    /// Example responses.
    ExampleResponse,
    /// Examples of both kinds, told apart by their content.
    Examples,
    /// Status codes.
    Status,
    /// Error codes.
    Errors,
    /// The page's own permission table (`Action`, `Access Level`, ...).
    Authorization,
    /// Anything else.
    Other,
}

fn kind_of(heading: &str) -> Option<Kind> {
    let h = heading.trim().trim_end_matches(':').to_ascii_lowercase();
    let example = h.contains("example");
    Some(match () {
        _ if h == "function" || h == "description" => Kind::Function,
        _ if h == "uri" => Kind::Uri,
        _ if example && h.contains("request") => Kind::ExampleRequest,
        _ if example && h.contains("response") => Kind::ExampleResponse,
        _ if example => Kind::Examples,
        _ if h.starts_with("request") => Kind::Request,
        _ if h.starts_with("response") => Kind::Response,
        _ if h.starts_with("status code") => Kind::Status,
        _ if h.starts_with("error code") => Kind::Errors,
        _ if h.starts_with("authorization") => Kind::Authorization,
        _ => return None,
    })
}

/// `METHOD /path?query` as the page writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Uri {
    /// Upper-case method.
    pub method: String,
    /// The path template, without the query.
    pub path: String,
    /// Query parameter names of a query template (`?type={type}&limit={limit}`).
    pub query: Vec<String>,
    /// The line it is on.
    pub line: usize,
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// Reads `METHOD /path[?query]` at the start of `text`.
pub(crate) fn parse_uri(text: &str, line: usize) -> Option<Uri> {
    let text = close_braces(&clean_inline(text));
    let mut words = text.split_whitespace();
    let method = words.next()?;
    let target = words.next()?;
    if !METHODS.contains(&method) || !target.starts_with('/') {
        return None;
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, q),
        None => (target, ""),
    };
    let query = query
        .split('&')
        .filter_map(|kv| {
            let name = kv.split('=').next()?.trim();
            (!name.is_empty()).then(|| name.to_owned())
        })
        .collect();
    Some(Uri {
        method: method.to_owned(),
        path: path.to_owned(),
        query,
        line,
    })
}

/// Whitespace inside `{...}` removed (`{dnat_rule_id }` → `{dnat_rule_id}`).
fn close_braces(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|c| {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            !(depth > 0 && c.is_whitespace())
        })
        .collect()
}

/// A code block and the text that introduces it.
#[derive(Debug, Clone)]
pub(crate) struct Code {
    /// The block's text.
    pub text: String,
    /// Its directive's line.
    pub line: usize,
    /// The status code the page gives for it (responses), if any.
    pub status: Option<u16>,
}

/// A table with the response status it documents (response tables only).
#[derive(Debug, Clone)]
pub(crate) struct StatusTable {
    /// `Status code: 201` before the table, if the page says so.
    pub status: Option<u16>,
    /// The table.
    pub table: Table,
}

/// Everything the importer reads from one page.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageModel {
    /// File name, for messages.
    pub file: String,
    /// The title.
    pub title: String,
    /// The title's line.
    pub title_line: usize,
    /// The Function section's text.
    pub description: Option<String>,
    /// The URI; `None` for pages that are not operations.
    pub uri: Option<Uri>,
    /// Tables of the URI section.
    pub uri_tables: Vec<Table>,
    /// Tables of the request section.
    pub request_tables: Vec<Table>,
    /// Tables of the response section.
    pub response_tables: Vec<StatusTable>,
    /// Every labelled table of the page, by label.
    pub labelled: BTreeMap<String, Table>,
    /// Example requests.
    pub request_examples: Vec<Code>,
    /// Example responses.
    pub response_examples: Vec<Code>,
    /// Rows of status code tables: code and description.
    pub statuses: Vec<(u16, String)>,
    /// Rows of error code tables: status (if given), code, message.
    pub errors: Vec<(Option<u16>, String, String)>,
    /// The page's own permission rows: action, access level (if given), line.
    pub permissions: Vec<(String, Option<String>, usize)>,
    /// The operation id the page names, if any.
    pub id: Option<String>,
}

/// A status code at the start of `text` or after `status code` (`Status code: 200`, `201
/// Created`).
fn status_in(text: &str) -> Option<u16> {
    let lower = text.to_ascii_lowercase();
    let rest = match lower.find("status code") {
        Some(p) => &lower[p + 11..],
        None => lower.as_str(),
    };
    let digits: String = rest
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let code: u16 = digits.parse().ok()?;
    (digits.len() == 3 && (100..600).contains(&code) && rest.len() < 60 + digits.len())
        .then_some(code)
}

/// Builds the model of a page from its sections.
pub(crate) fn model(file: &str, doc: &Doc, warnings: &mut Warnings) -> PageModel {
    let mut page = PageModel {
        file: file.to_owned(),
        id: doc.id.clone(),
        ..PageModel::default()
    };
    if let Some(t) = doc.title() {
        page.title = t.heading.clone();
        page.title_line = t.line;
    }
    let mut uris: Vec<Uri> = Vec::new();
    let mut fallback_uris: Vec<Uri> = Vec::new();
    // The kind of each level's current section, to let unknown headings inherit it.
    let mut stack: Vec<(usize, Kind)> = Vec::new();
    for section in &doc.sections {
        while stack.last().is_some_and(|(l, _)| *l >= section.level) {
            stack.pop();
        }
        let kind = kind_of(&section.heading)
            .or_else(|| stack.last().map(|(_, k)| *k))
            .unwrap_or(Kind::Other);
        if section.level > 1 {
            stack.push((section.level, kind));
        }
        let mut status: Option<u16> = None;
        let mut example_kind = match kind {
            Kind::ExampleResponse => Some(Kind::ExampleResponse),
            _ => None,
        };
        for block in &section.blocks {
            match block {
                Block::Para { text, line } => {
                    if let Some(uri) = parse_uri(text, *line) {
                        if kind == Kind::Uri {
                            uris.push(uri);
                        } else if !matches!(
                            kind,
                            Kind::ExampleRequest | Kind::Examples | Kind::Request
                        ) {
                            fallback_uris.push(uri);
                        }
                        continue;
                    }
                    if kind == Kind::Function && page.description.is_none() {
                        page.description = Some(clean_inline(text));
                    }
                    let lower = text.to_ascii_lowercase();
                    if let Some(s) = status_in(text) {
                        status = Some(s);
                    }
                    if lower.contains("response") {
                        example_kind = Some(Kind::ExampleResponse);
                    } else if lower.contains("request") {
                        example_kind = Some(Kind::ExampleRequest);
                    }
                }
                Block::Table(table) => {
                    if let Some(label) = &table.label {
                        page.labelled.insert(label.clone(), table.clone());
                    }
                    match kind {
                        Kind::Uri => page.uri_tables.push(table.clone()),
                        Kind::Request => page.request_tables.push(table.clone()),
                        Kind::Response => page.response_tables.push(StatusTable {
                            status,
                            table: table.clone(),
                        }),
                        Kind::Status => status_rows(table, &mut page.statuses),
                        Kind::Errors => error_rows(table, &mut page.errors),
                        Kind::Authorization => permission_rows(table, &mut page.permissions),
                        _ => {}
                    }
                }
                Block::Code { text, line } => {
                    let code = Code {
                        text: text.clone(),
                        line: *line,
                        status,
                    };
                    let is_request = looks_like_request(text);
                    match kind {
                        Kind::ExampleRequest | Kind::Request => page.request_examples.push(code),
                        Kind::ExampleResponse | Kind::Response => page.response_examples.push(code),
                        Kind::Examples
                        | Kind::Uri
                        | Kind::Status
                        | Kind::Other
                        | Kind::Function
                        | Kind::Errors
                        | Kind::Authorization => {
                            if is_request {
                                page.request_examples.push(code);
                            } else if example_kind == Some(Kind::ExampleResponse)
                                || kind == Kind::Examples
                            {
                                page.response_examples.push(code);
                            }
                        }
                    }
                }
            }
        }
    }
    if uris.is_empty() && !fallback_uris.is_empty() {
        uris = fallback_uris;
    }
    uris.dedup_by(|a, b| a.method == b.method && a.path == b.path);
    if let Some(second) = uris.get(1) {
        warnings.push(Warning::new(
            file,
            second.line,
            format!(
                "a second URI `{} {}` on the page: only the first, `{} {}`, is imported",
                second.method, second.path, uris[0].method, uris[0].path
            ),
        ));
    }
    page.uri = uris.into_iter().next();
    page
}

/// Whether a code block is a request: it starts with `METHOD https://` or `METHOD /`.
fn looks_like_request(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    METHODS.contains(&first)
}

fn status_rows(table: &Table, out: &mut Vec<(u16, String)>) {
    let code = table.column(&["status code", "code", "status"]).or(Some(0));
    let desc = table.column(&["description", "meaning"]);
    for row in &table.rows {
        if let Ok(c) = clean_inline(table.cell(row, code)).parse::<u16>() {
            out.push((c, clean_inline(table.cell(row, desc))));
        }
    }
}

fn error_rows(table: &Table, out: &mut Vec<(Option<u16>, String, String)>) {
    let status = table.column(&["status code", "http status"]);
    let code = table.column(&["error code"]).or(table.column(&["code"]));
    let message = table.column(&["error message", "message", "description"]);
    for row in &table.rows {
        let c = clean_inline(table.cell(row, code));
        if c.is_empty() {
            continue;
        }
        out.push((
            clean_inline(table.cell(row, status)).parse().ok(),
            c,
            clean_inline(table.cell(row, message)),
        ));
    }
}

fn permission_rows(table: &Table, out: &mut Vec<(String, Option<String>, usize)>) {
    let Some(action) = table.column(&["action"]) else {
        return;
    };
    let level = table.column(&["access level"]);
    for row in &table.rows {
        let a = clean_inline(table.cell(row, Some(action)));
        if a.split(':').count() == 3 {
            let l = clean_inline(table.cell(row, level));
            out.push((a, (!l.is_empty()).then_some(l), row.line));
        }
    }
}
