//! The request line of an API reference page, `METHOD /path`, in every form the published
//! trees write it:
//!
//! - `METHOD /path`, `METHOD /path?query` and `METHOD /path HTTP/1.1`;
//! - with the endpoint: `METHOD https://{Endpoint}/path`, `https://{{endpoint}}/path`,
//!   `https://{*Endpoint*}/path`, `https://iam.example.com/path`, `{endpoint}/path`: the
//!   scheme and host are dropped (a client is given its endpoint; the path is what the
//!   spec describes);
//! - as a list item (`-  GET /path`), in bold (`**GET** /path`), in a code block of the
//!   URI section, or with the method in title case (`Get /path`);
//! - with emphasis in a parameter (`/rds/{*versionId*}`), spaces in one (`{ id }`) or
//!   doubled braces (`{{id}}`): the parameter's plain name;
//! - with a query template: `?a={a}&b={b}` or the RFC 6570 form `/servers{?a,b}`
//!   (`{?a={a}&b={b}}` too): the names become query parameters;
//! - with a parameter left open (`/nodes/{node_id`): closed at the end of its segment.

use super::doc::clean_inline;

/// `METHOD /path?query` as the page writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Uri {
    /// Upper-case method.
    pub method: String,
    /// The path template, without host and query.
    pub path: String,
    /// Query parameter names of a query template (`?type={type}&limit={limit}`).
    pub query: Vec<String>,
    /// The line it is on.
    pub line: usize,
    /// The host the page writes (`{Endpoint}`, `iam.example.com`), when it writes one.
    pub host: Option<String>,
    /// Whether it reads as an example rather than a template: a concrete host, query
    /// values, or an id in the path.
    pub example: bool,
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// The words of a request line, split at whitespace outside a closed `{...}`: a host or
/// parameter placeholder written with a space (`https://{BMS Endpoint}/v1/x`) stays in its
/// word. A `{` that no `}` closes before the next `/` is an ordinary character.
pub(crate) fn words(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut skip_to = 0usize;
    for (i, c) in line.char_indices() {
        if i < skip_to {
            continue;
        }
        if c == '{' {
            start.get_or_insert(i);
            if let Some(end) = closing_brace(&line[i..]) {
                skip_to = i + end + 1;
            }
        } else if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(&line[s..i]);
            }
        } else {
            start.get_or_insert(i);
        }
    }
    if let Some(s) = start {
        out.push(&line[s..]);
    }
    out
}

/// The offset of the `}` closing the `{` that `text` starts with, `None` when a `/` or the
/// end of the text comes first.
fn closing_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            '/' => return None,
            _ => {}
        }
    }
    None
}

/// Whether `word` is an HTTP method the importer reads.
pub(crate) fn is_method(word: &str) -> bool {
    METHODS.contains(&word)
}

impl Uri {
    /// Whether this URI, beside `other` on one page, is an example rather than a second
    /// operation: it reads as one (see `example`), or it is `other` with values in place
    /// of its parameters (`/v3/0483b6b1.../backups` for `/v3/{project_id}/backups`).
    pub(crate) fn instantiates(&self, other: &Uri) -> bool {
        if self.method != other.method {
            return false;
        }
        if self.example {
            return true;
        }
        if self.path.contains('{') {
            return false;
        }
        let mine: Vec<&str> = self.path.split('/').collect();
        let theirs: Vec<&str> = other.path.split('/').collect();
        let filled = mine.len() >= theirs.len()
            && mine
                .iter()
                .zip(&theirs)
                .all(|(a, b)| a == b || b.starts_with('{'));
        filled || mine.iter().any(|s| looks_like_id(s))
    }
}

/// A segment that is a value no docs would write as a literal path part: 16 or more
/// letters and digits with at least 4 digits (a project or resource id).
pub(crate) fn looks_like_id(segment: &str) -> bool {
    segment.len() >= 16
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && segment.chars().filter(char::is_ascii_digit).count() >= 4
}

/// Reads `METHOD target` at the start of `text` (see the module docs); `None` when the text
/// is not a request line.
pub(crate) fn parse_uri(text: &str, line: usize) -> Option<Uri> {
    let text = clean_inline(text);
    let text = text
        .trim_start_matches(['-', '*', '•'])
        .trim_start()
        .replace('*', "");
    let text = close_braces(&text);
    let mut words = text.split_whitespace();
    let method = words.next()?.to_ascii_uppercase();
    let target = words.next()?;
    if !is_method(&method) {
        return None;
    }
    let (host, target) = split_host(target)?;
    let target = target.replace("{{", "{").replace("}}", "}");
    let concrete_query = target.split_once('?').is_some_and(|(_, q)| {
        q.split('&')
            .filter_map(|kv| kv.split_once('=').map(|(_, v)| v.trim()))
            .any(|v| !v.is_empty() && !v.starts_with('{'))
    });
    let (path, mut query) = split_query(&target);
    let path = close_open_params(&path);
    if !path.starts_with('/') || path.contains("//") {
        return None;
    }
    query.dedup();
    let example = concrete_query
        || host.as_deref().is_some_and(|h| !h.contains('{'))
        || path.split('/').any(looks_like_id);
    Some(Uri {
        method,
        path,
        query,
        line,
        host,
        example,
    })
}

/// The host of a target (`https://{Endpoint}/v1/x` → `{Endpoint}`, `/v1/x`), `None` when
/// the target is neither a path nor a URL.
fn split_host(target: &str) -> Option<(Option<String>, &str)> {
    if target.starts_with('/') {
        return Some((None, target));
    }
    let rest = target
        .strip_prefix("https://")
        .or_else(|| target.strip_prefix("http://"))
        .or_else(|| {
            // `{endpoint}/path` without a scheme.
            let lower = target.to_ascii_lowercase();
            (lower.starts_with('{') && lower[..lower.find('}')?].contains("endpoint"))
                .then_some(target)
        })?;
    // The host ends at the first `/` outside braces.
    let mut depth = 0usize;
    let end = rest
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            c == '/' && depth == 0
        })
        .map_or(rest.len(), |(i, _)| i);
    let host = &rest[..end];
    let path = &rest[end..];
    if host.is_empty() {
        return None;
    }
    Some((
        Some(host.to_owned()),
        if path.is_empty() { "/" } else { path },
    ))
}

/// The path and the query names of a target: `?a={a}&b=1`, `{?a,b}`, `{?a={a}&b={b}}`.
fn split_query(target: &str) -> (String, Vec<String>) {
    let mut names = Vec::new();
    let mut path = target.to_owned();
    // RFC 6570 form query expansions: `{?a,b}` or `{&a}`, as written with or without values.
    while let Some(open) = path.find("{?").or_else(|| path.find("{&")) {
        let inner_start = open + 2;
        let mut depth = 1usize;
        let mut end = path.len();
        for (i, c) in path[inner_start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = inner_start + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let inner = path[inner_start..end].to_owned();
        names.extend(query_names(&inner, &[',', '&']));
        path.replace_range(open..(end + 1).min(path.len()), "");
    }
    if let Some((p, q)) = path.clone().split_once('?') {
        names.extend(query_names(q, &['&']));
        path = p.to_owned();
    }
    (path, names)
}

fn query_names(q: &str, separators: &[char]) -> Vec<String> {
    q.split(separators)
        .filter_map(|kv| {
            let name = kv.split('=').next()?.trim().trim_matches(['{', '}']);
            (!name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']')))
            .then(|| name.to_owned())
        })
        .collect()
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

/// A `{name` left open is closed at the end of its segment; a stray `}` is dropped.
fn close_open_params(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    let mut open = false;
    for c in path.chars() {
        match c {
            '{' if open => {}
            '{' => {
                open = true;
                out.push(c);
            }
            '}' if open => {
                open = false;
                out.push(c);
            }
            '}' => {}
            '/' if open => {
                open = false;
                out.push_str("}/");
            }
            _ => out.push(c),
        }
    }
    if open {
        out.push('}');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::parse_uri;

    fn read(text: &str) -> Option<(String, String, Vec<String>)> {
        parse_uri(text, 1).map(|u| (u.method, u.path, u.query))
    }

    fn ok(text: &str, method: &str, path: &str, query: &[&str]) {
        assert_eq!(
            read(text),
            Some((
                method.to_owned(),
                path.to_owned(),
                query.iter().map(|q| (*q).to_owned()).collect()
            )),
            "{text}"
        );
    }

    #[test]
    fn every_written_form_gives_method_path_and_query() {
        ok(
            "GET /v1/{project_id}/vpcs",
            "GET",
            "/v1/{project_id}/vpcs",
            &[],
        );
        ok(
            "GET /v1/x?limit={limit}&marker={marker}",
            "GET",
            "/v1/x",
            &["limit", "marker"],
        );
        ok(
            "POST https://{Endpoint}/v3/{project_id}/backups",
            "POST",
            "/v3/{project_id}/backups",
            &[],
        );
        ok(
            "POST https://{{endpoint}}/v3/auth/tokens",
            "POST",
            "/v3/auth/tokens",
            &[],
        );
        ok(
            "GET https://{*Endpoint*}/rds/{*versionId*}",
            "GET",
            "/rds/{versionId}",
            &[],
        );
        ok(
            "GET https://iam.example.com/v3/projects",
            "GET",
            "/v3/projects",
            &[],
        );
        ok("GET https://{Endpoint}", "GET", "/", &[]);
        ok("GET {endpoint}/v1/x", "GET", "/v1/x", &[]);
        ok("-  GET /v1/x", "GET", "/v1/x", &[]);
        ok("**DELETE** /v1/x/{ id }", "DELETE", "/v1/x/{id}", &[]);
        ok("GET /v1/x HTTP/1.1", "GET", "/v1/x", &[]);
        ok("Get /v1/x", "GET", "/v1/x", &[]);
        ok(
            "GET /v2.1/{project_id}/servers{?changes-since={changes-since}&limit={limit}}",
            "GET",
            "/v2.1/{project_id}/servers",
            &["changes-since", "limit"],
        );
        ok(
            "GET /v2/servers{?name,limit}",
            "GET",
            "/v2/servers",
            &["name", "limit"],
        );
        ok(
            "DELETE /v3/{project_id}/nodes/{node_id",
            "DELETE",
            "/v3/{project_id}/nodes/{node_id}",
            &[],
        );
        ok("PUT /v3/{project_id/x", "PUT", "/v3/{project_id}/x", &[]);
    }

    #[test]
    fn an_example_of_a_uri_is_no_second_operation() {
        let template = parse_uri("GET /v3/{project_id}/backups", 1).expect("uri");
        let example =
            parse_uri("GET /v3/0483b6b16e954cb88930a360d2c4e663/backups", 2).expect("uri");
        let longer = parse_uri(
            "GET /v1/3ac26c59e15a4a11bb680a103a29ddb6/waf/event/attack",
            2,
        )
        .expect("uri");
        let other = parse_uri("GET /v2/{project_id}/backups", 3).expect("uri");
        let plain = parse_uri("GET /v3/public/backups", 3).expect("uri");
        let query = parse_uri("GET https://{Endpoint}/v2.0/networks?limit=2", 3).expect("uri");
        assert!(query.instantiates(&other));
        assert!(example.instantiates(&template));
        assert!(longer.instantiates(&template));
        assert!(plain.instantiates(&template));
        assert!(!other.instantiates(&template));
        assert!(!template.instantiates(&example));
    }

    #[test]
    fn a_placeholder_with_a_space_stays_in_its_word() {
        use super::words;
        assert_eq!(
            words("POST https://{BMS Endpoint}/v1/{project_id}/servers/{ server_id }/metadata"),
            [
                "POST",
                "https://{BMS Endpoint}/v1/{project_id}/servers/{ server_id }/metadata"
            ]
        );
        assert_eq!(
            words("  GET https://{EPS endpoint}/  HTTP/1.1"),
            ["GET", "https://{EPS endpoint}/", "HTTP/1.1"]
        );
        assert_eq!(
            words("GET /v2/x{?a={a}&b={b c}}"),
            ["GET", "/v2/x{?a={a}&b={b c}}"]
        );
        // A brace no `}` closes within its segment splits as text does.
        assert_eq!(
            words("DELETE /v3/{node_id /x y"),
            ["DELETE", "/v3/{node_id", "/x", "y"]
        );
        assert_eq!(words("GET /v3/{a b"), ["GET", "/v3/{a", "b"]);
        assert!(words(" \t").is_empty());
    }

    #[test]
    fn prose_and_other_text_is_no_request_line() {
        for text in [
            "GET is used to query",
            "GET the list of servers",
            "GET https://",
            "GET //x",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }
}
