//! The `examples` of an operation, from the code blocks of its page (see [`super::model`]
//! for which blocks are example requests and responses, and the words kept about each).
//!
//! Every example is kept, in page order: in a spec, an example is a test (its body is
//! checked against its type, and the generated crate round-trips or decodes it) and
//! documentation, so a page's second and third examples are as much worth keeping as its
//! first.
//!
//! - **Requests**: each block's URL (its `METHOD URL` line, with or without the host) and,
//!   for an operation with a body, its JSON body; a request without a body is its URL alone.
//!   A block that is only a request line followed by a block that is only a body (a `URI
//!   example` and then the body) is one example, described by the body's words when it has
//!   some.
//! - **Responses**: each JSON object shown for the success status, when that status has a
//!   body; an example the page gives no status is the success status's, unless its words
//!   and keys say it shows an error (`Example abnormal response`, `{"code": ..,
//!   "message": ..}`). Examples of the other statuses are not kept: the spec documents a
//!   body for the success status only (an error's body is the runtime's one error shape),
//!   and `check` refuses an example body for a status without one.
//! - **Duplicates**: a request with the URL and body of an earlier one, or a response with
//!   the status and body of an earlier one, is left out (the earlier one takes its words
//!   when it has none).
//!
//! Bodies are read once `//` comments, `...` elisions and trailing commas are removed
//! (`crate::import::json::lenient_at`); one that still is not JSON is a warning at the page
//! line and column where its reading stopped, saying why, and no example.

use serde_yaml::{Mapping, Sequence, Value};

use super::fields::Cx;
use super::model::Code;
use crate::import::warning::Warning;

/// The `examples` of the operation of `cx`'s page (`None` when it shows none):
/// `with_body` when the operation takes a request body, `response_body` when its `success`
/// status has a body.
pub(crate) fn examples(
    cx: &mut Cx<'_, '_, '_>,
    with_body: bool,
    response_body: bool,
    success: u16,
) -> Option<Mapping> {
    let mut examples = Mapping::new();
    let requests = requests(cx, with_body);
    if !requests.is_empty() {
        examples.insert("requests".into(), Value::Sequence(requests));
    }
    if response_body {
        let responses = responses(cx, success);
        if !responses.is_empty() {
            examples.insert("responses".into(), Value::Sequence(responses));
        }
    }
    (!examples.is_empty()).then_some(examples)
}

/// Every example request of the page, duplicates left out.
fn requests(cx: &mut Cx<'_, '_, '_>, with_body: bool) -> Sequence {
    let page = cx.page;
    let mut out: Vec<Mapping> = Vec::new();
    // Whether the last example is a request line alone, which a body alone completes.
    let mut open_url = false;
    for code in &page.request_examples {
        let Some(mut m) = request_example(cx, code, with_body) else {
            open_url = false;
            continue;
        };
        let has = |m: &Mapping, k: &str| m.contains_key(k);
        if open_url
            && has(&m, "body")
            && !has(&m, "url")
            && let Some(last) = out.last_mut()
        {
            if let Some(body) = m.remove("body") {
                last.insert("body".into(), body);
            }
            if let Some(d) = m.remove("description") {
                last.insert("description".into(), d);
            }
            open_url = false;
            continue;
        }
        open_url = with_body && has(&m, "url") && !has(&m, "body");
        out.push(m);
    }
    dedup(out, &["url", "body"])
}

/// Every JSON object the page shows as a response of the `success` status, duplicates
/// left out.
fn responses(cx: &mut Cx<'_, '_, '_>, success: u16) -> Sequence {
    let page = cx.page;
    let mut out: Vec<Mapping> = Vec::new();
    for code in page.success_examples() {
        if !code.text.contains(['{', '[']) {
            continue;
        }
        match crate::import::json::lenient_at(&code.text) {
            Ok(body) if body.is_mapping() => {
                let mut m = Mapping::new();
                m.insert("status".into(), u64::from(success).into());
                if let Some(d) = &code.description {
                    m.insert("description".into(), d.as_str().into());
                }
                m.insert("body".into(), body);
                out.push(m);
            }
            Ok(body) => cx.warnings.push(Warning::unreadable(
                &page.file,
                code.line,
                format!(
                    "this example response is {}, not a JSON object: not imported",
                    crate::import::json::kind_of(&body)
                ),
            )),
            Err(e) => cx
                .warnings
                .push(not_json(&page.file, code, 0, &e, "example response")),
        }
    }
    dedup(out, &["status", "body"])
}

/// The examples without those whose `keys` are all those of an earlier one; an earlier one
/// without a description takes the dropped one's.
fn dedup(examples: Vec<Mapping>, keys: &[&str]) -> Sequence {
    let mut kept: Vec<Mapping> = Vec::with_capacity(examples.len());
    for mut m in examples {
        let same = |k: &Mapping| keys.iter().all(|key| k.get(*key) == m.get(*key));
        match kept.iter_mut().find(|k| same(k)) {
            Some(earlier) => {
                if !earlier.contains_key("description")
                    && let Some(d) = m.remove("description")
                {
                    // Descriptions come first in an example.
                    let rest = std::mem::take(earlier);
                    earlier.insert("description".into(), d);
                    earlier.extend(rest);
                }
            }
            None => kept.push(m),
        }
    }
    kept.into_iter().map(Value::Mapping).collect()
}

/// An example request: its URL (the `METHOD URL` line) and, when the operation has a body,
/// its JSON body. `None` when the block has neither, or its body is not JSON (a warning).
fn request_example(cx: &mut Cx<'_, '_, '_>, code: &Code, with_body: bool) -> Option<Mapping> {
    let first = code.text.lines().next().unwrap_or("");
    // The URL as the page writes it, a placeholder with a space (`https://{BMS Endpoint}/..`)
    // included: with its host, or only the path (`POST /v1/...`).
    let mut words = super::uri::words(first).into_iter();
    let url = match (words.next(), words.next()) {
        (Some(u), _) if u.starts_with("https://") || u.starts_with("http://") => Some(u.to_owned()),
        (Some(_), Some(u)) if u.contains("://") => Some(u.to_owned()),
        (Some(m), Some(u)) if super::uri::is_method(m) && u.starts_with('/') => Some(u.to_owned()),
        _ => None,
    };
    let mut m = Mapping::new();
    if let Some(d) = &code.description {
        m.insert("description".into(), d.as_str().into());
    }
    if let Some(u) = url {
        m.insert("url".into(), u.into());
    }
    // The body follows the request line; a block without one is all body.
    let after_line = code.body_text();
    if with_body && after_line.contains(['{', '[']) {
        match crate::import::json::lenient_at(after_line) {
            Ok(v) => {
                m.insert("body".into(), v);
            }
            Err(e) => {
                cx.warnings.push(not_json(
                    &cx.page.file,
                    code,
                    code.body_start(),
                    &e,
                    "example request's body",
                ));
                return None;
            }
        }
    }
    // Words alone are no example.
    (m.contains_key("url") || m.contains_key("body")).then_some(m)
}

/// The warning for an example (`what`) whose text from byte `start` of `code` is not JSON,
/// at the place the reading stopped, saying why.
fn not_json(
    file: &str,
    code: &Code,
    start: usize,
    e: &crate::import::json::JsonError,
    what: &str,
) -> Warning {
    let (line, column) = code.place(start + e.offset);
    let mut w = Warning::unreadable(
        file,
        line,
        format!(
            "this {what} is not JSON, even with comments and elisions removed ({}): not imported",
            e.message
        ),
    );
    w.column = column;
    w
}
