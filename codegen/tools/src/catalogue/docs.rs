//! What a tree's pages say, estimated from their text alone (never from the importer): the
//! operation pages and their `METHOD path` pairs, the pages with an example code block, and
//! the tables that describe objects. Each rule is the one the figures of `docs/catalogue.md`
//! are defined by (see the module docs of [`super`]), so that anyone can recount them.

use std::collections::{BTreeMap, BTreeSet};

use crate::import::tree::{TreePage, words};

const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];
const HEADING_CHARS: &str = "=-~^\"'*+#`:.";

/// A path for comparing: scheme and host, query and a trailing `/` dropped, every
/// `{...}` (also `{{...}}`) written `{}`.
pub fn norm(url: &str) -> String {
    let mut u = url;
    for scheme in ["https://", "http://"] {
        if let Some(rest) = u.strip_prefix(scheme) {
            // The host: up to the first `/` (a `}` right after it belongs to the host).
            let end = rest.find(['/', ' ']).unwrap_or(rest.len());
            let mut host_end = end;
            if let Some(close) = rest[end..].find('}')
                && !rest[end..end + close].contains('/')
            {
                host_end = end + close + 1;
            }
            u = &rest[host_end..];
        }
    }
    let u = u
        .split('?')
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('/');
    let mut out = String::with_capacity(u.len());
    let mut chars = u.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' {
            while chars.peek() == Some(&'{') {
                chars.next();
            }
            let mut closed = false;
            let mut skipped = String::new();
            for n in chars.by_ref() {
                if n == '}' {
                    closed = true;
                    break;
                }
                skipped.push(n);
            }
            if closed {
                while chars.peek() == Some(&'}') {
                    chars.next();
                }
                out.push_str("{}");
            } else {
                out.push('{');
                out.push_str(&skipped);
            }
        } else {
            out.push(c);
        }
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

/// The first request line of a page: a line that is only `METHOD /path` or `METHOD
/// http(s)://...` (optionally as a list item, in bold, or with `HTTP/1.1`).
fn method_line(text: &str) -> Option<(String, String)> {
    text.lines().find_map(|line| {
        let t = line.trim();
        let t = t
            .strip_prefix(['-', '*'])
            .filter(|r| r.starts_with(char::is_whitespace))
            .map_or(t, str::trim_start);
        let mut w = t.split_whitespace();
        let method = w.next()?;
        let method = method
            .strip_prefix("**")
            .and_then(|m| m.strip_suffix("**"))
            .unwrap_or(method);
        let target = w.next()?;
        let rest: Vec<&str> = w.collect();
        let ok_rest = rest.is_empty() || rest == ["HTTP/1.1"];
        (METHODS.contains(&method)
            && ok_rest
            && (target.starts_with('/')
                || target.starts_with("http://")
                || target.starts_with("https://")))
        .then(|| (method.to_owned(), norm(target)))
    })
}

/// A page's title: its first heading.
fn headings(lines: &[&str]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for i in 0..lines.len().saturating_sub(1) {
        let line = lines[i];
        let t = line.trim();
        if t.is_empty() || line.starts_with(' ') || t.starts_with(['|', '+']) || t.starts_with("..")
        {
            continue;
        }
        let u = lines[i + 1].trim_end();
        if u.len() >= 3
            && !lines[i + 1].starts_with(' ')
            && u.chars().all(|c| u.starts_with(c))
            && HEADING_CHARS.contains(u.chars().next().unwrap_or('a'))
            && u.chars().count() >= t.chars().count()
        {
            out.push((i, t.to_owned()));
        }
    }
    out
}

/// The line of the page's first code block under an example heading or label
/// (`Example Requests`, `-  Example request`, `**Response example**`, `Sample Request`).
pub fn example_line(text: &str) -> Option<usize> {
    let lines: Vec<&str> = text.split('\n').collect();
    let heads: BTreeSet<usize> = headings(&lines).into_iter().map(|(i, _)| i).collect();
    let mut head = String::new();
    let mut sub = String::new();
    let example = |s: &str| {
        let l = s.to_ascii_lowercase();
        l.contains("example") || l.contains("sample")
    };
    for (i, line) in lines.iter().enumerate() {
        let s = line.trim();
        let indent = line.len() - line.trim_start().len();
        if heads.contains(&i) {
            head = s.to_owned();
            sub.clear();
            continue;
        }
        if indent <= 3 {
            if let Some(item) = s
                .strip_prefix(['-', '*'])
                .filter(|r| r.starts_with(char::is_whitespace))
            {
                sub = item.trim().to_owned();
            } else if s.len() > 4
                && s.starts_with("**")
                && (s.ends_with("**") || s.ends_with("**:"))
                && !s[2..s.len() - 2].contains('*')
            {
                sub = s.to_owned();
            }
        }
        let mut is_code =
            s.starts_with(".. code-block::") || s.starts_with(".. code::") || s == "::";
        if !is_code && s.ends_with("::") && !s.starts_with("..") && !s.starts_with('|') {
            let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
            is_code = next.is_some_and(|l| l.len() - l.trim_start().len() > indent);
        }
        if is_code && (example(&head) || example(&sub)) {
            return Some(i);
        }
    }
    None
}

/// One operation page: its path in the tree, title, request line and example.
#[derive(Debug, Clone)]
pub struct OpPage {
    /// Path relative to the tree.
    pub path: String,
    /// Title (markup removed), lower case.
    pub title: String,
    /// (method, normalised path).
    pub pair: (String, String),
    /// Whether it has an example code block.
    pub example: bool,
}

/// The operation pages of a tree (permission pages and, outside IAM trees, `/v3/auth/`
/// pages left out).
pub fn op_pages(pages: &[TreePage], keep_auth: bool) -> Vec<OpPage> {
    let mut out = Vec::new();
    for p in pages {
        if p.path.contains("permission") || !p.path.ends_with(".rst") {
            continue;
        }
        let text = String::from_utf8_lossy(&p.bytes);
        let Some(pair) = method_line(&text) else {
            continue;
        };
        if !keep_auth && pair.1.starts_with("/v3/auth/") {
            continue;
        }
        let lines: Vec<&str> = text.split('\n').collect();
        let title = headings(&lines)
            .first()
            .map(|(_, t)| crate::import::tree::clean_inline(t).to_lowercase())
            .unwrap_or_default();
        out.push(OpPage {
            path: p.path.clone(),
            title,
            example: example_line(&text).is_some(),
            pair,
        });
    }
    out
}

/// The distinct request lines of the operation pages.
pub fn doc_pairs(pages: &[OpPage]) -> BTreeMap<(String, String), Vec<usize>> {
    let mut out: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        out.entry(p.pair.clone()).or_default().push(i);
    }
    out
}

/// Whether a caption or heading names `word` (whole word, no case).
pub fn names(text: &str, word: &str) -> bool {
    let w = word.to_lowercase();
    words(text).contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_as_the_figures_define() {
        assert_eq!(
            norm("https://{Endpoint}/v1/{project_id}/vpcs?limit=1"),
            "/v1/{}/vpcs"
        );
        assert_eq!(
            norm("https://{{endpoint}}/v3/auth/tokens"),
            "/v3/auth/tokens"
        );
        assert_eq!(norm("/v1/x/"), "/v1/x");
        assert_eq!(norm("https://host"), "/");
        // The query goes first, even from a `{?...}` expansion.
        assert_eq!(norm("/v2.1/{p}/servers{?a,b}"), "/v2.1/{}/servers{");
    }

    #[test]
    fn request_lines_and_examples_are_found() {
        let page = "Title\n=====\n\nURI\n---\n\n-  GET /v1/{project_id}/x\n\nExample Request\n---------------\n\n.. code-block::\n\n   GET https://x/v1/p/x\n";
        assert_eq!(method_line(page), Some(("GET".into(), "/v1/{}/x".into())));
        assert_eq!(example_line(page), Some(11));
        assert_eq!(method_line("GET the servers\n"), None);
    }
}
