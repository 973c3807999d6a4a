//! What the runtime never renders: values whose names say they are secrets, values the
//! spec marks sensitive, credentials, tokens and cookies. One rule for every rendering
//! (`Debug` of requests and responses, error messages and their `Debug`, logs).
//!
//! The name rule is the one of the spec format (`docs/spec-format.md`, "Sensitive
//! values"), defined once in `hwcloud-common` ([`is_secret_name`]) and applied here again
//! at run time so that it also covers parameters, headers and response fields no spec
//! flagged. Headers add `Authorization`, `Proxy-Authorization`, `Cookie` and `Set-Cookie`.
//!
//! Bodies (kept verbatim in errors) are redacted by a small scanner of our own rather than
//! by parsing: the bodies to redact are the ones that did not parse (a decode error), and
//! the scanner works on truncated or malformed JSON too, and on text that is not JSON at
//! all (a proxy's HTML or plain-text page, a form, `password=x` inside a message).

use std::borrow::Cow;

/// What a hidden value is shown as.
pub(crate) const HIDDEN: &str = "***";

/// Headers that always carry credentials, whatever the name rule says.
const CREDENTIAL_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// A value in `Debug` output, or `"***"` in its place.
pub(crate) struct Masked<'a, T: std::fmt::Debug + ?Sized>(pub(crate) Option<&'a T>);

impl<'a, T: std::fmt::Debug + ?Sized> Masked<'a, T> {
    /// `value`, hidden when `hide`.
    pub(crate) fn unless(hide: bool, value: &'a T) -> Self {
        Self((!hide).then_some(value))
    }
}

impl<T: std::fmt::Debug + ?Sized> std::fmt::Debug for Masked<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(value) => value.fmt(f),
            None => write!(f, "{HIDDEN:?}"),
        }
    }
}

/// Whether the item named `name` (a parameter, header or JSON key) holds a secret by the
/// name rule (defined once, in `hwcloud-common`, for the generator and the runtime).
pub use hwcloud_common::is_secret_name;

/// Whether header `name`'s value is never shown: a credential header or a secret by the
/// name rule (`X-Auth-Token`, `X-Subject-Token`, `X-Security-Token`), or one of `also`.
pub fn is_secret_header(name: &str, also: &[&str]) -> bool {
    CREDENTIAL_HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name))
        || is_hidden(name, also)
}

/// Whether a value named `name` is hidden: a secret by the name rule, or one of `also`
/// (the names a spec marks sensitive).
pub(crate) fn is_hidden(name: &str, also: &[&str]) -> bool {
    also.contains(&name) || is_secret_name(name)
}

/// `body` with the value of every key that is hidden ([`is_hidden`]) replaced by `***`;
/// borrowed when nothing is hidden. Works on any text, JSON or not:
///
/// - a quoted key and `:` (JSON): strings are followed with their escapes, the value is
///   whatever follows up to the next `,`, `}` or `]` at its own depth (or the end of the
///   text), and becomes `"***"`;
/// - a bare word and `=` (a form, a query, `password=x` in a message, also inside a JSON
///   string): the value runs up to white space or one of `&,;"'<>}]\`;
/// - a bare word and `:` (a header line, `token: x` in a message, also inside a JSON
///   string): the value runs up to the end of the line or one of `&,;"'<>}]\`.
pub(crate) fn redact_json<'a>(body: &'a str, also: &[&str]) -> Cow<'a, str> {
    let bytes = body.as_bytes();
    // What to replace: (start, end, quoted).
    let mut hidden: Vec<(usize, usize, bool)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            match bare_value(body, i, also) {
                Some((start, end)) => {
                    hidden.push((start, end, false));
                    i = end;
                }
                None => i += 1,
            }
            continue;
        }
        let key_end = string_end(bytes, i);
        let mut j = skip_space(bytes, key_end);
        if bytes.get(j) != Some(&b':') {
            // A string that is not a key: text, in which `password=x` is still a secret.
            let mut k = i + 1;
            while k < key_end {
                match bare_value(body, k, also) {
                    Some((start, end)) => {
                        hidden.push((start, end, false));
                        k = end;
                    }
                    None => k += 1,
                }
            }
            i = key_end;
            continue;
        }
        let raw_key = &body[i..key_end];
        // Escapes are rare in keys: only those are decoded (into a copy).
        let key: Cow<'_, str> = if raw_key.contains('\\') {
            serde_json::from_str::<String>(raw_key)
                .map(Cow::Owned)
                .unwrap_or(Cow::Borrowed(raw_key.trim_matches('"')))
        } else {
            Cow::Borrowed(raw_key.trim_matches('"'))
        };
        j = skip_space(bytes, j + 1);
        if !is_hidden(&key, also) || j >= bytes.len() {
            i = j;
            continue;
        }
        let end = value_end(bytes, j);
        hidden.push((j, end, true));
        i = end;
    }
    if hidden.is_empty() {
        return Cow::Borrowed(body);
    }
    let mut text = String::with_capacity(body.len());
    let mut copied = 0;
    for (start, end, quoted) in hidden {
        text.push_str(&body[copied..start]);
        if quoted {
            text.push('"');
            text.push_str(HIDDEN);
            text.push('"');
        } else {
            text.push_str(HIDDEN);
        }
        copied = end;
    }
    text.push_str(&body[copied..]);
    Cow::Owned(text)
}

/// `url` with the values of hidden query parameters and any user information as `***`
/// (`https://u:p@h/x?token=t&a=1` → `https://***@h/x?token=***&a=1`); borrowed when
/// nothing is hidden.
pub(crate) fn redact_url<'a>(url: &'a str, also: &[&str]) -> Cow<'a, str> {
    let (head, query) = match url.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (url, None),
    };
    let head: Cow<'_, str> = match hide_userinfo(head) {
        Some(shown) => Cow::Owned(shown),
        None => Cow::Borrowed(head),
    };
    let query = query.map(|q| {
        let mut changed = false;
        let pairs: Vec<String> = q
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) if is_hidden(&percent_decoded(name), also) => {
                    changed = true;
                    format!("{name}={HIDDEN}")
                }
                _ => pair.to_owned(),
            })
            .collect();
        (changed, pairs.join("&"))
    });
    match (head, query) {
        (Cow::Borrowed(_), None | Some((false, _))) => Cow::Borrowed(url),
        (head, None) => Cow::Owned(head.into_owned()),
        (head, Some((_, query))) => Cow::Owned(format!("{head}?{query}")),
    }
}

/// `text` (a URL or an endpoint) with what lies between `://` and an `@` before the path
/// replaced by `***`; `None` when it has no user information.
pub(crate) fn hide_userinfo(text: &str) -> Option<String> {
    let start = text.find("://").map_or(0, |i| i + 3);
    let rest = &text[start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let at = rest[..authority_end].rfind('@')?;
    Some(format!("{}{HIDDEN}{}", &text[..start], &rest[at..]))
}

fn percent_decoded(text: &str) -> Cow<'_, str> {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy()
}

/// Whether `b` may be part of a bare key (`X-Auth-Token`, `user_password`).
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// For a bare word starting at `start` whose name is hidden and which is followed by `=`
/// or `:` and a value, where its value starts and ends; `None` otherwise.
fn bare_value(body: &str, start: usize, also: &[&str]) -> Option<(usize, usize)> {
    let bytes = body.as_bytes();
    if !is_word(bytes[start]) || start > 0 && is_word(bytes[start - 1]) {
        return None;
    }
    let mut end = start;
    while bytes.get(end).copied().is_some_and(is_word) {
        end += 1;
    }
    let (value_start, stops_at_space) = match bytes.get(end) {
        Some(b'=') => (end + 1, true),
        Some(b':') => {
            let mut j = end + 1;
            while matches!(bytes.get(j), Some(b' ' | b'\t')) {
                j += 1;
            }
            (j, false)
        }
        _ => return None,
    };
    if !is_hidden(&body[start..end], also) {
        return None;
    }
    let mut value_end = value_start;
    while let Some(&b) = bytes.get(value_end) {
        let stop = matches!(
            b,
            b'&' | b',' | b';' | b'"' | b'\'' | b'<' | b'>' | b'}' | b']' | b'\\' | b'\n' | b'\r'
        ) || stops_at_space && b.is_ascii_whitespace();
        if stop {
            break;
        }
        value_end += 1;
    }
    (value_end > value_start).then_some((value_start, value_end))
}

/// The index after the string starting at `start` (a `"`), or the end of the text.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The index after the value starting at `start`: a string, a nested object or array
/// (to its matching close), or a literal up to the next `,`, `}` or `]`.
fn value_end(bytes: &[u8], start: usize) -> usize {
    if bytes[start] == b'"' {
        return string_end(bytes, start);
    }
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i = string_end(bytes, i);
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return i,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b',' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_headers_and_secret_names_are_hidden() {
        assert!(is_secret_header("X-Auth-Token", &[]));
        assert!(!is_secret_header("X-Page-Token", &[]));
        assert!(is_secret_header("Set-Cookie", &[]));
        assert!(is_secret_header("authorization", &[]));
        assert!(is_secret_header("X-Recovery", &["X-Recovery"]));
        assert!(!is_secret_header("X-Request-Id", &[]));
    }

    #[test]
    fn json_values_of_hidden_keys_are_replaced_even_in_broken_json() {
        let body = r#"{"user": "a", "password": "hunter2", "nested": {"api_key": {"x": [1, "}"]}, "n": 1}, "sk": 12, "code": "rc-1"}"#;
        assert_eq!(
            redact_json(body, &["code"]),
            r#"{"user": "a", "password": "***", "nested": {"api_key": "***", "n": 1}, "sk": "***", "code": "***"}"#
        );
        // Escaped quotes, escaped key names, truncated text.
        let body = r#"{"pass\u0077ord": "a\"b", "token": "cut"#;
        assert_eq!(
            redact_json(body, &[]),
            r#"{"pass\u0077ord": "***", "token": "***""#
        );
        assert_eq!(redact_json(r#"{"token":"#, &[]), r#"{"token":"#);
        assert!(matches!(
            redact_json(r#"{"a": "password"}"#, &[]),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn secrets_in_free_text_forms_and_header_lines_are_hidden() {
        assert_eq!(
            redact_json("Invalid password=hunter2 for user bob", &[]),
            "Invalid password=*** for user bob"
        );
        assert_eq!(
            redact_json("user=bob&client_secret=s3cr%20t&x=1", &[]),
            "user=bob&client_secret=***&x=1"
        );
        assert_eq!(
            redact_json("X-Auth-Token: MIIE two words\r\nX-Request-Id: 7", &[]),
            "X-Auth-Token: ***\r\nX-Request-Id: 7"
        );
        assert_eq!(
            redact_json(r#"{"error_msg": "bad sk=abc", "password": "p"}"#, &[]),
            r#"{"error_msg": "bad sk=***", "password": "***"}"#,
        );
        assert_eq!(
            redact_json(r#"{"m": "token=a\"b", "n": 1}"#, &[]),
            r#"{"m": "token=***\"b", "n": 1}"#,
            "an escaped quote ends the value, so the JSON stays well formed"
        );
        for untouched in [
            "token_type=bearer&next_token=abc",
            "see https://example.com/password",
            "password expired: change it",
            "the secret=",
            "at 12:30",
        ] {
            assert!(
                matches!(redact_json(untouched, &[]), Cow::Borrowed(_)),
                "{untouched}"
            );
        }
        assert_eq!(
            redact_json("code=7 reason=x", &["code"]),
            "code=*** reason=x"
        );
    }

    #[test]
    fn urls_lose_hidden_query_values_and_user_information() {
        assert_eq!(
            redact_url("https://u:p@h.example/x?token=t&a=1&pass%77ord=p", &[]),
            "https://***@h.example/x?token=***&a=1&pass%77ord=***"
        );
        assert_eq!(redact_url("/x?code=1", &["code"]), "/x?code=***");
        assert!(matches!(
            redact_url("https://h/x?a=1", &[]),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            hide_userinfo("user:pw@host:1/p@x").as_deref(),
            Some("***@host:1/p@x")
        );
        assert_eq!(hide_userinfo("https://host/a@b"), None);
    }
}
