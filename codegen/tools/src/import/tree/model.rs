//! One model of an API reference page, whatever form it was written in: what the builder of
//! operations reads.
//!
//! Sections are told apart by their headings (no case, a trailing `:` ignored): `Function`;
//! `URI`; headings starting with `Request` or `Response` (`Request Parameters`, `Request
//! Message`, `Response`); headings naming an example (`Example Request`, `Example
//! Responses`, `Examples`); `Status Code(s)`; `Error Code(s)`. A heading the importer does
//! not know belongs to the section it is nested in. The URI is the first line of the URI
//! section (or, without one, of the page) that reads `METHOD /path` (see `uri`). A second
//! URI of the same method is another operation documented by the same page (Nova's `v2`
//! and `v2.1` paths), unless it only fills the first one's parameters with values (an
//! example); one of another method is reported and ignored.

use std::collections::BTreeMap;

use super::doc::{Block, Doc, Origin, Table, clean_inline, mandatory, place_in};
use super::text_page::shorten;
use super::uri::{Uri, is_method, parse_uri};
use super::words::Legends;
use crate::import::warning::{Warning, Warnings};

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
    /// Examples of both kinds, told apart by their content: a block with a request line,
    /// or a body after words naming a request (`Example request`) before any status line,
    /// is a request; the other blocks are responses.
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

/// A code block and the text that introduces it.
#[derive(Debug, Clone)]
pub(crate) struct Code {
    /// The block's text.
    pub text: String,
    /// Its directive's line.
    pub line: usize,
    /// Where each line of `text` is on the page.
    pub origin: Vec<Origin>,
    /// The status code the page gives for it (responses), if any.
    pub status: Option<u16>,
    /// What the page says it shows: the text between the previous block (or the status
    /// line) and this one, without labels (see `words`).
    pub description: Option<String>,
}

impl Code {
    /// The page line and column of byte `offset` of `text`; the block's line when that
    /// cannot be told.
    pub(crate) fn place(&self, offset: usize) -> (usize, Option<usize>) {
        place_in(&self.text, &self.origin, offset)
            .map_or((self.line, None), |(line, column)| (line, Some(column)))
    }

    /// The text after the request line (`METHOD URL`), if the block starts with one: the
    /// body of an example request; else the whole text.
    pub(crate) fn body_text(&self) -> &str {
        &self.text[self.body_start()..]
    }

    /// Where [`Code::body_text`] starts in `text`.
    pub(crate) fn body_start(&self) -> usize {
        let first = self.text.lines().next().unwrap_or("");
        let first_word = super::uri::words(first).into_iter().next().unwrap_or("");
        if is_method(first_word) || first_word.contains("://") {
            self.text.find('\n').unwrap_or(self.text.len())
        } else {
            0
        }
    }
}

/// A row of the page's own permission table (the text form's Authorization Information).
#[derive(Debug, Clone)]
pub(crate) struct PagePermission {
    /// The IAM action.
    pub action: String,
    /// The Access Level cell, if given.
    pub level: Option<String>,
    /// The resource types, condition keys, aliases and dependencies its columns list (in
    /// that order; empty without the column).
    pub lists: [Vec<String>; 4],
}

/// A row of an error code table.
#[derive(Debug, Clone)]
pub(crate) struct ErrorRow {
    /// The HTTP status, if the table (or the tree) gives it.
    pub status: Option<u16>,
    /// The error code.
    pub code: String,
    /// The error message (the Description column when there is no message column).
    pub message: String,
    /// What to do about it: a Description or Solution column besides the message column.
    pub description: String,
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
    /// Further URIs of the same method the page documents the same way (Nova's `v2` and
    /// `v2.1` paths): each is an operation of its own.
    pub other_uris: Vec<Uri>,
    /// Tables of the URI section.
    pub uri_tables: Vec<Table>,
    /// Tables of the request section.
    pub request_tables: Vec<Table>,
    /// Tables of the response section.
    pub response_tables: Vec<StatusTable>,
    /// Every labelled table of the page, by label.
    pub labelled: BTreeMap<String, Table>,
    /// Every table of the page, in order.
    pub tables: Vec<Table>,
    /// Example requests.
    pub request_examples: Vec<Code>,
    /// Example responses.
    pub response_examples: Vec<Code>,
    /// Rows of status code tables: code and description.
    pub statuses: Vec<(u16, String)>,
    /// Rows of error code tables.
    pub errors: Vec<ErrorRow>,
    /// The line of the first error code table.
    pub errors_line: usize,
    /// The page's own permission rows.
    pub permissions: Vec<PagePermission>,
    /// The operation id the page names, if any.
    pub id: Option<String>,
    /// Whether the page says the operation is deprecated (see `forms`).
    pub deprecated: bool,
}

impl PageModel {
    /// The success status: the first 2xx of the response tables' `Status code: N` lines,
    /// else of the status code table, else of the example responses, else 200.
    pub(crate) fn success_status(&self) -> u16 {
        let two = |s: &u16| (200..300).contains(s);
        self.response_tables
            .iter()
            .filter_map(|t| t.status)
            .find(two)
            .or_else(|| self.statuses.iter().map(|(s, _)| *s).find(two))
            .or_else(|| {
                self.response_examples
                    .iter()
                    .filter_map(|c| c.status)
                    .find(two)
            })
            .unwrap_or(200)
    }

    /// The example responses of the success status: those the page gives that status, and
    /// those it gives none unless they show an error (see [`Code::shows_an_error`]).
    pub(crate) fn success_examples(&self) -> impl Iterator<Item = &Code> {
        let success = self.success_status();
        self.response_examples
            .iter()
            .filter(move |c| match c.status {
                Some(s) => s == success,
                None => !c.shows_an_error(),
            })
    }
}

/// Keys of the error bodies of this API family (`{"error_code": .., "error_msg": ..}`,
/// `{"code": .., "message": ..}`) and of what comes with them.
const ERROR_KEYS: &[&str] = &[
    "error_code",
    "error_msg",
    "error_message",
    "errorCode",
    "errorMsg",
    "error",
    "code",
    "message",
    "request_id",
    "is_success",
];

impl Code {
    /// Whether a response example without a status shows an error rather than a success:
    /// the page's words about it say so (`Example abnormal response`, `Failed response`,
    /// `Response returned when ... fails to be updated`) and its body has only the keys of
    /// an error body, among them an error code or message.
    pub(crate) fn shows_an_error(&self) -> bool {
        let said = self
            .description
            .as_deref()
            .unwrap_or("")
            .to_ascii_lowercase();
        let words = ["abnormal", "error", "fail", "exception", "unsuccessful"];
        if !words.iter().any(|w| said.contains(w)) {
            return false;
        }
        let Some(serde_yaml::Value::Mapping(body)) = crate::import::json::lenient(&self.text)
        else {
            return false;
        };
        let keys: Vec<&str> = body.keys().map(|k| k.as_str().unwrap_or("")).collect();
        keys.iter().all(|k| ERROR_KEYS.contains(k))
            && keys
                .iter()
                .any(|k| !matches!(*k, "request_id" | "is_success"))
    }
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
    let mut bare_method: Option<(String, usize)> = None;
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
        // Text since the last code block, table or status line: the next example's words.
        let mut words: Vec<String> = Vec::new();
        let mut legends = Legends::default();
        let mut example_kind = match kind {
            Kind::ExampleResponse => Some(Kind::ExampleResponse),
            _ => None,
        };
        for block in &section.blocks {
            match block {
                Block::Para { text, line } => {
                    if kind == Kind::Uri && is_method(text.trim()) {
                        bare_method = Some((text.trim().to_owned(), *line));
                        continue;
                    }
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
                        words.clear();
                    } else if !text.contains("://") {
                        words.push(clean_inline(text));
                    }
                    if lower.contains("response") {
                        example_kind = Some(Kind::ExampleResponse);
                    } else if lower.contains("request") {
                        example_kind = Some(Kind::ExampleRequest);
                    }
                }
                Block::Table(table) => {
                    words.clear();
                    if let Some(label) = &table.label {
                        page.labelled.insert(label.clone(), table.clone());
                    }
                    page.tables.push(table.clone());
                    mandatory_cells(file, table, warnings);
                    match kind {
                        Kind::Uri => page.uri_tables.push(table.clone()),
                        Kind::Request => page.request_tables.push(table.clone()),
                        Kind::Response => page.response_tables.push(StatusTable {
                            status,
                            table: table.clone(),
                        }),
                        Kind::Status => status_rows(table, &mut page.statuses),
                        Kind::Errors => {
                            if page.errors.is_empty() {
                                page.errors_line = table.line;
                            }
                            error_rows(table, &mut page.errors);
                        }
                        Kind::Authorization => {
                            permission_rows(file, table, &mut page.permissions, warnings);
                        }
                        _ => {}
                    }
                }
                Block::Code { text, line, origin } => {
                    // A URI section's code block is its URI when the section has no other
                    // (else it is an example request).
                    if kind == Kind::Uri
                        && uris.is_empty()
                        && let Some(uri) = parse_uri(text.lines().next().unwrap_or(""), *line)
                        && !uri.example
                        && !uri.path.contains('?')
                        && !text.contains("https://")
                    {
                        uris.push(uri);
                        continue;
                    }
                    let code = Code {
                        text: text.clone(),
                        line: *line,
                        origin: origin.clone(),
                        status,
                        description: legends.describe(&std::mem::take(&mut words)),
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
                            // In a section of both kinds, a body after words naming a
                            // request (`Example request`) is the request's.
                            if is_request
                                || (kind == Kind::Examples
                                    && example_kind == Some(Kind::ExampleRequest)
                                    && status.is_none())
                            {
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
    // A URI section that gives only the method: the path is the example request's.
    if uris.is_empty()
        && let Some((method, line)) = bare_method
        && let Some(uri) = page
            .request_examples
            .iter()
            .filter_map(|c| parse_uri(c.text.lines().next().unwrap_or(""), line))
            .find(|u| u.method == method && !u.path.split('/').any(super::uri::looks_like_id))
    {
        uris.push(uri);
    }
    let mut uris = uris.into_iter();
    page.uri = uris.next();
    if let Some(first) = &page.uri {
        for uri in uris {
            let same = |u: &Uri| u.method == uri.method && u.path == uri.path;
            if same(first) || page.other_uris.iter().any(same) || uri.instantiates(first) {
                continue;
            }
            if uri.method != first.method {
                warnings.push(Warning::unreadable(
                    file,
                    uri.line,
                    format!(
                        "a second URI `{} {}` with another method on the page: only `{} {}` is imported",
                        uri.method, uri.path, first.method, first.path
                    ),
                ));
                continue;
            }
            page.other_uris.push(uri);
        }
    }
    page
}

/// Whether a code block is a request: it starts with `METHOD https://` or `METHOD /`.
fn looks_like_request(text: &str) -> bool {
    is_method(text.split_whitespace().next().unwrap_or(""))
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

fn error_rows(table: &Table, out: &mut Vec<ErrorRow>) {
    let status = table.column(&["status code", "http status"]);
    let code = table.column(&["error code"]).or(table.column(&["code"]));
    let message = table.column(&["error message", "message", "description"]);
    let description = table
        .column(&["description", "solution"])
        .filter(|c| Some(*c) != message);
    for row in &table.rows {
        let c = clean_inline(table.cell(row, code));
        if c.is_empty() {
            continue;
        }
        out.push(ErrorRow {
            status: clean_inline(table.cell(row, status)).parse().ok(),
            code: c,
            message: clean_inline(table.cell(row, message)),
            description: clean_inline(table.cell(row, description)),
        });
    }
}

/// A warning for each Mandatory cell that says neither yes nor no (`Maybe`): its field is
/// taken as optional.
fn mandatory_cells(file: &str, table: &Table, warnings: &mut Warnings) {
    let Some(column) = table.column(&["mandatory"]) else {
        return;
    };
    for row in &table.rows {
        let cell = table.cell(row, Some(column));
        if mandatory(cell).is_none() {
            warnings.push(Warning::new(
                file,
                row.line,
                format!(
                    "`{}` in the Mandatory column is neither Yes nor No: the field is taken as optional",
                    shorten(&clean_inline(cell))
                ),
            ));
        }
    }
}

/// The rows of a page's own permission table. A row whose action is not
/// `service:resource:action`, or whose access level is not one of IAM's, cannot be read:
/// the row is left out, or its level derived from the action, with a warning.
fn permission_rows(
    file: &str,
    table: &Table,
    out: &mut Vec<PagePermission>,
    warnings: &mut Warnings,
) {
    let Some(action) = table.column(&["action"]) else {
        return;
    };
    let level = table.column(&["access level"]);
    let columns = [
        table.column(&["resource type"]),
        table.column(&["condition key"]),
        table.column(&["alias"]),
        table.column(&["dependenc"]),
    ];
    for row in &table.rows {
        let a = clean_inline(table.cell(row, Some(action)));
        if a.split(':').count() == 3 {
            let mut l = clean_inline(table.cell(row, level));
            if !l.is_empty() && crate::model::AccessLevel::from_name(&l).is_none() {
                warnings.push(Warning::unreadable(
                    file,
                    row.line,
                    format!("`{l}` is not an IAM access level (List, Read, Write, Tagging, Permission management): derived from the action"),
                ));
                l.clear();
            }
            out.push(PagePermission {
                action: a,
                level: (!l.is_empty()).then_some(l),
                lists: columns.map(|c| super::cell_text::list(&clean_inline(table.cell(row, c)))),
            });
        } else if !matches!(a.to_ascii_lowercase().as_str(), "" | "-" | "n/a" | "none") {
            warnings.push(Warning::unreadable(
                file,
                row.line,
                format!("`{a}` is not an IAM action of the form `service:resource:action`: the row is not imported"),
            ));
        }
    }
}
/// The HTTP status of each error code, from every error code table of the tree that gives
/// one (an appendix's table of all codes, other operations' tables): an operation's table
/// that lists codes without their status takes it from there.
#[derive(Default)]
pub(crate) struct ErrorStatuses {
    /// Code → status; `None` when tables disagree.
    known: std::collections::BTreeMap<String, Option<u16>>,
}

impl ErrorStatuses {
    pub(crate) fn learn(&mut self, errors: &[ErrorRow]) {
        for ErrorRow { status, code, .. } in errors {
            let Some(status) = status else { continue };
            self.known
                .entry(code.clone())
                .and_modify(|s| {
                    if *s != Some(*status) {
                        *s = None;
                    }
                })
                .or_insert(Some(*status));
        }
    }

    /// Gives each status-less error of the page its status: the tree's for that code, else
    /// the page's only error status; rows left without one are dropped with a warning (an
    /// error code of the spec has a status).
    pub(crate) fn fill(&self, page: &mut PageModel, warnings: &mut Warnings) {
        let page_errors: Vec<u16> = page
            .statuses
            .iter()
            .map(|(s, _)| *s)
            .filter(|s| *s >= 400)
            .collect();
        let only = match page_errors.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        let mut dropped = 0;
        page.errors.retain_mut(|ErrorRow { status, code, .. }| {
            if status.is_none() {
                *status = self.known.get(code.as_str()).copied().flatten().or(only);
            }
            dropped += usize::from(status.is_none());
            status.is_some()
        });
        if dropped > 0 && page.uri.is_some() {
            warnings.push(Warning::new(
                &page.file,
                page.errors_line,
                format!(
                    "{dropped} error code(s) without an HTTP status here or in another error code table of the tree: not imported"
                ),
            ));
        }
    }
}
