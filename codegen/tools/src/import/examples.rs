//! The Example Requests and Example Responses sections.
//!
//! A request example is some lines of description, the request URL (optionally after the
//! method: `POST https://...`) and, when the request has one, its JSON body. A response
//! example is a `Status code: N` line, some lines of description (`OK`) and the JSON body,
//! or `None`.

use serde_yaml::Value;

use super::PageCx;
use super::json::parse_json;
use super::page::{Line, Section, ignored, is_none, status_line};
use crate::diagnostics::{Diagnostic, KeyPath, Position};
use crate::model::Method;

/// A documented request.
#[derive(Debug, Clone)]
pub(crate) struct RequestExample {
    /// What it shows.
    pub description: Option<String>,
    /// The URL.
    pub url: Option<String>,
    /// The JSON body.
    pub body: Option<Value>,
}

/// A documented response.
#[derive(Debug, Clone)]
pub(crate) struct ResponseExample<'a> {
    /// Its status code.
    pub status: u16,
    /// The `Status code:` line.
    pub line: Line<'a>,
    /// What it shows (`OK`).
    pub description: Option<String>,
    /// The JSON body.
    pub body: Option<Value>,
}

/// Reads the Example Requests section.
pub(crate) fn requests(cx: &mut PageCx<'_>, section: &Section<'_>) -> Vec<RequestExample> {
    let path = section.kind.path();
    let lines = &section.lines;
    let mut out: Vec<RequestExample> = Vec::new();
    let mut pending: Vec<Line<'_>> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.is_blank() || (is_none(&line) && out.is_empty() && pending.is_empty()) {
            i += 1;
            continue;
        }
        if let Some(url) = url_of(line.trimmed()) {
            out.push(RequestExample {
                description: joined(&pending),
                url: Some(url.to_owned()),
                body: None,
            });
            pending.clear();
            i += 1;
            continue;
        }
        if starts_json(&line) {
            let body = json_at(cx, lines, &mut i, &path.index(out.len()));
            match out.last_mut() {
                Some(last) if last.body.is_none() && pending.is_empty() => last.body = body,
                _ => {
                    out.push(RequestExample {
                        description: joined(&pending),
                        url: None,
                        body,
                    });
                    pending.clear();
                }
            }
            continue;
        }
        pending.push(line);
        i += 1;
    }
    for line in pending {
        cx.diags.push(ignored(&path, line));
    }
    out
}

/// Reads the Example Responses section.
pub(crate) fn responses<'a>(
    cx: &mut PageCx<'_>,
    section: &Section<'a>,
) -> Vec<ResponseExample<'a>> {
    let path = section.kind.path();
    let lines = &section.lines;
    let mut out: Vec<ResponseExample<'a>> = Vec::new();
    // The open status group: its code and line, its description lines, whether it has
    // produced an example yet.
    let mut group: Option<(u16, Line<'a>, Vec<Line<'a>>, bool)> = None;
    let flush = |group: &mut Option<(u16, Line<'a>, Vec<Line<'a>>, bool)>,
                 out: &mut Vec<ResponseExample<'a>>| {
        if let Some((status, line, pending, done)) = group.take()
            && !done
        {
            out.push(ResponseExample {
                status,
                line,
                description: joined(&pending),
                body: None,
            });
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        if let Some(status) = status_line(&line) {
            flush(&mut group, &mut out);
            group = Some((status, line, Vec::new(), false));
            i += 1;
            continue;
        }
        match &mut group {
            None if is_none(&line) => i += 1,
            None => {
                if starts_json(&line) {
                    cx.diags.push(
                        Diagnostic::error(
                            "page-example",
                            &path,
                            "this example response has no `Status code:` line before it",
                        )
                        .at(line.start()),
                    );
                    return out;
                }
                cx.diags.push(ignored(&path, line));
                i += 1;
            }
            Some((status, status_line, pending, done)) => {
                if is_none(&line) {
                    i += 1;
                } else if starts_json(&line) {
                    let body = json_at(cx, lines, &mut i, &path.key(status.to_string()));
                    out.push(ResponseExample {
                        status: *status,
                        line: *status_line,
                        description: joined(pending),
                        body,
                    });
                    pending.clear();
                    *done = true;
                } else {
                    pending.push(line);
                    i += 1;
                }
            }
        }
    }
    flush(&mut group, &mut out);
    out
}

/// The URL of a request line: `https://...`, or `POST https://...`.
fn url_of(text: &str) -> Option<&str> {
    let rest = match text.split_once(' ') {
        Some((method, rest)) if Method::ALL.iter().any(|m| m.as_str() == method) => rest.trim(),
        _ => text,
    };
    (rest.starts_with("https://") || rest.starts_with("http://")).then_some(rest)
}

fn starts_json(line: &Line<'_>) -> bool {
    line.trimmed().starts_with(['{', '['])
}

fn joined(lines: &[Line<'_>]) -> Option<String> {
    super::page::paragraph(lines)
}

/// Reads the JSON value starting on `lines[*i]`, moves `*i` past it and reports a malformed
/// value at the exact line and column.
fn json_at(
    cx: &mut PageCx<'_>,
    lines: &[Line<'_>],
    i: &mut usize,
    path: &KeyPath,
) -> Option<Value> {
    let first = lines[*i];
    let start = first.start().offset;
    let end = lines.last().map_or(start, |l| l.offset + l.text.len());
    let text = cx.source.get(start..end.max(start)).unwrap_or("");
    match parse_json(text) {
        Ok((value, used)) => {
            let stop = start + used;
            while *i < lines.len() && lines[*i].offset + lines[*i].text.len() <= stop {
                *i += 1;
            }
            // The value ends inside lines[*i]: the rest of that line must be blank.
            if let Some(line) = lines.get(*i)
                && line.offset < stop
            {
                let rest = &line.text[stop - line.offset..];
                if !rest.trim().is_empty() {
                    cx.diags.push(
                        Diagnostic::error(
                            "page-example",
                            path,
                            "unexpected text after the example's JSON",
                        )
                        .at(line
                            .position(stop - line.offset + (rest.len() - rest.trim_start().len())))
                        .with_help("an example is one JSON value"),
                    );
                }
                *i += 1;
            }
            Some(value)
        }
        Err(e) => {
            cx.diags.push(
                Diagnostic::error(
                    "page-json",
                    path,
                    format!("the example is not valid JSON: {}", e.message),
                )
                .at(position_in(cx.source, start + e.offset)),
            );
            // Skip the rest of the section: where the value ends is unknown.
            *i = lines.len();
            None
        }
    }
}

/// The position of byte `offset` of `source`.
fn position_in(source: &str, offset: usize) -> Position {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
        offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::page::{Page, SectionKind};

    /// A response example reduced to status, description and whether it has a body.
    type Summary = (u16, Option<String>, bool);

    fn read(text: &str) -> (Vec<RequestExample>, Vec<Summary>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let page = Page::split(text, &mut diags);
        let mut cx = PageCx::new(text);
        let req = page
            .section(SectionKind::ExampleRequests)
            .map(|s| requests(&mut cx, s))
            .unwrap_or_default();
        let res = page
            .section(SectionKind::ExampleResponses)
            .map(|s| responses(&mut cx, s))
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.status, r.description, r.body.is_some()))
            .collect();
        diags.extend(cx.diags);
        (req, res, diags)
    }

    #[test]
    fn reads_requests_with_and_without_bodies() {
        let text = "T\nExample Requests\nLists things.\nhttps://h/x?a=1\nCreates one.\nPOST https://h/x\n{\n  \"a\" : 1\n}\n";
        let (req, _, diags) = read(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(req.len(), 2);
        assert_eq!(req[0].description.as_deref(), Some("Lists things."));
        assert_eq!(req[0].url.as_deref(), Some("https://h/x?a=1"));
        assert!(req[0].body.is_none());
        assert_eq!(req[1].url.as_deref(), Some("https://h/x"));
        assert_eq!(req[1].body.as_ref().unwrap()["a"].as_i64(), Some(1));
    }

    #[test]
    fn reads_responses_per_status() {
        let text = "T\nExample Responses\nStatus code: 200\nOK\n{ \"a\": 1 }\nStatus code: 400\nBad Request\n{\"error_code\": \"X\"}\nStatus code: 204\nNone\n";
        let (_, res, diags) = read(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            res,
            [
                (200, Some("OK".to_owned()), true),
                (400, Some("Bad Request".to_owned()), true),
                (204, None, false)
            ]
        );
    }

    #[test]
    fn malformed_json_is_located() {
        let text = "T\nExample Responses\nStatus code: 200\n{\n  \"a\": 1,\n  \"b\": tru\n}\n";
        let (_, _, diags) = read(text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, "page-json");
        let p = diags[0].position.unwrap();
        assert_eq!((p.line, p.column), (6, 8));
    }

    #[test]
    fn text_after_json_is_an_error() {
        let text = "T\nExample Responses\nStatus code: 200\n{ \"a\": 1 } trailing\n";
        let (_, _, diags) = read(text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("unexpected text"));
        assert_eq!(diags[0].position.unwrap().column, 12);
    }
}
