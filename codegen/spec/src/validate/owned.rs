//! What the client owns and a spec cannot override: the headers it sets on every request
//! (the signature, the host, the credentials' headers) and the path as it is signed and
//! sent (no query, fragment, dot segment or text the URL layer would change).

use crate::diagnostics::Diagnostic;
use crate::parse::reader::{Cx, Spanned};

/// Headers the client sets on every request (the signer's, the credentials' and the
/// transport's, as `hwcloud_runtime::request::CLIENT_HEADERS` lists them), with what they
/// are; `None` for other names. Compared without case.
pub(super) fn client_header(name: &str) -> Option<&'static str> {
    const OWNED: &[(&str, &str)] = &[
        ("authorization", "the AK/SK signature"),
        ("host", "the endpoint, signed"),
        ("x-sdk-date", "the signing time"),
        ("x-sdk-content-sha256", "the signed body hash"),
        ("x-security-token", "the credentials' security token"),
        ("x-project-id", "the credentials' project id"),
        ("x-domain-id", "the credentials' domain id"),
        ("content-type", "the request's content type"),
        ("content-length", "the body's length"),
        ("transfer-encoding", "the body's framing"),
        ("user-agent", "the client's user agent"),
    ];
    OWNED
        .iter()
        .find(|(owned, _)| owned.eq_ignore_ascii_case(name))
        .map(|(_, what)| *what)
}

/// Characters a path template may hold outside `{...}`: those the URL layer sends as
/// written (RFC 3986 `pchar`, `/`, and `%` starting an escape).
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(c)
}

/// The literal text of a path template must be sent as written: no query (`?`), no
/// fragment (`#`), no dot segment (`/./`, `/../`, which the URL layer collapses into another
/// path), nothing the URL layer would encode or change. Otherwise every call would go to
/// another path than the one signed, and fail.
pub(super) fn check_path_literals(cx: &mut Cx, uri: &Spanned<String>) {
    let mut literal = String::new();
    let mut depth = 0usize;
    for c in uri.value.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => literal.push(c),
            _ => literal.push('x'),
        }
    }
    let problem = if let Some(c) = literal.chars().find(|&c| c == '?' || c == '#') {
        let what = if c == '?' { "a query" } else { "a fragment" };
        Some((
            format!(
                "the path holds `{c}`, which starts {what}: the client would sign and send another path"
            ),
            if c == '?' {
                "declare query values under `parameters` with `in: query`".to_owned()
            } else {
                "remove the fragment; it is never sent".to_owned()
            },
        ))
    } else if literal.split('/').any(|seg| seg == "." || seg == "..") {
        Some((
            "the path has a dot segment (`.` or `..`), which the URL layer collapses into another path".to_owned(),
            "write the path the operation is served at, without `.` and `..` segments".to_owned(),
        ))
    } else if let Some(c) = literal.chars().find(|&c| !is_path_char(c)) {
        Some((
            format!(
                "the path holds {c:?}, which the URL layer would encode: calls would not match their signature"
            ),
            "percent-encode it in the spec (`%20` for a space), or make it a path parameter"
                .to_owned(),
        ))
    } else if literal.match_indices('%').any(|(i, _)| {
        !literal[i + 1..]
            .chars()
            .take(2)
            .all(|c| c.is_ascii_hexdigit())
            || literal.len() < i + 3
    }) {
        Some((
            "the path holds a `%` that does not start an escape (`%` and two hex digits)"
                .to_owned(),
            "write `%25` for a literal `%`".to_owned(),
        ))
    } else {
        None
    };
    if let Some((message, help)) = problem {
        cx.report(Diagnostic::error("invalid-path", &uri.path, message).with_help(help));
    }
}
