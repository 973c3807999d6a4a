//! The request as it goes on the wire: what the signer reads and changes; and below it,
//! how requests are written (`request`: path, query, headers, body), the official query
//! encoding (`query`), the official JSON bytes (`json`), and how response JSON is read
//! tolerantly (`tolerant`, with `blank`, the empty value of a missing field). Depends on `error` and `operation` only.

mod blank;
pub mod json;
pub mod query;
pub mod request;
pub mod tolerant;

use std::borrow::Cow;
use std::fmt;

use crate::error::sensitive::{Masked, is_hidden, is_secret_header, redact_json};
use crate::wire::query::{
    QueryValue, canonical_query_capacity, canonical_query_string, push_canonical_query,
};
pub(crate) use blank::Blank;

/// An ordered, case-preserving header list that behaves like a Python `dict`.
///
/// Names are kept exactly as given; two names that differ only in case are two
/// entries (as in the official SDK). The wire bytes of a value are its UTF-8 form.
/// Names known at compile time (the ones the runtime and signer add) are not copied.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(Cow<'static, str>, String)>);

impl Headers {
    /// An empty header list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `name` (exact match) to `value`: replaced in place if present, else appended.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.insert_name(Cow::Owned(name.into()), value.into());
    }

    /// [`Headers::insert`] for a name known at compile time, which is kept without a copy.
    pub(crate) fn insert_static(&mut self, name: &'static str, value: impl Into<String>) {
        self.insert_name(Cow::Borrowed(name), value.into());
    }

    fn insert_name(&mut self, name: Cow<'static, str>, value: String) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// The value of the header named exactly `name`.
    pub fn get_exact(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of the first header whose lower-cased name equals `name` lower-cased.
    pub fn get_ignore_case(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| eq_lowercased(n, name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether a header named `name` exists, ignoring case.
    pub fn contains_ignore_case(&self, name: &str) -> bool {
        self.get_ignore_case(name).is_some()
    }

    /// Removes the header named exactly `name` and returns its value.
    pub fn remove_exact(&mut self, name: &str) -> Option<String> {
        let index = self.0.iter().position(|(n, _)| n == name)?;
        Some(self.0.remove(index).1)
    }

    /// The `(name, value)` pairs in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_ref(), v.as_str()))
    }

    /// The names with mutable values, in insertion order (names stay fixed).
    pub(crate) fn entries_mut(&mut self) -> impl Iterator<Item = (&str, &mut String)> {
        self.0.iter_mut().map(|(n, v)| (&**n, v))
    }

    /// The `(name, value)` pairs in insertion order, taken out of the list.
    pub(crate) fn into_entries(self) -> impl Iterator<Item = (Cow<'static, str>, String)> {
        self.0.into_iter()
    }

    /// Makes room for `additional` more headers.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.0.reserve(additional);
    }

    /// The number of headers.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no headers.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Whether `a` and `b` are equal once lower-cased as Python's `str.lower()` does (Unicode).
///
/// ASCII names, the usual case, are compared in place; others are lower-cased into copies
/// so that multi-character and context-dependent mappings (final sigma) stay exact.
fn eq_lowercased(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        let mut headers = Self::new();
        for (name, value) in iter {
            headers.insert(name, value);
        }
        headers
    }
}

/// Credentials, tokens, cookies and other secrets by the
/// [`sensitive`](crate::sensitive) rule show as `"***"`.
impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.debug_hiding(f, &[])
    }
}

impl Headers {
    /// `Debug` output hiding secret headers and those named in `also`.
    fn debug_hiding(&self, f: &mut fmt::Formatter<'_>, also: &[&str]) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in &self.0 {
            map.entry(name, &Masked::unless(is_secret_header(name, also), value));
        }
        map.finish()
    }
}

/// An HTTP request in the form the official SDK signs and sends it.
///
/// Its `Debug` output hides what the [`sensitive`](crate::sensitive) rule hides
/// (credentials, tokens, cookies, values whose names say they are secrets, values the spec
/// marks sensitive) in the path, query, headers and JSON body.
#[derive(Clone, PartialEq, Eq)]
pub struct WireRequest {
    /// The HTTP method, e.g. `GET` (upper-cased in the canonical request).
    pub method: String,
    /// `http` or `https`.
    pub scheme: String,
    /// The netloc, including any `:port`.
    pub host: String,
    /// The resource path exactly as sent, path parameters already encoded.
    pub path: String,
    /// Query pairs in the order given; they are sorted and encoded when sent.
    pub query: Vec<(String, QueryValue)>,
    /// The headers, in order.
    pub headers: Headers,
    /// The body bytes, if any.
    pub body: Option<Vec<u8>>,
    /// The names the spec marks sensitive.
    pub(crate) sensitive: &'static [&'static str],
    /// The path with sensitive path parameters as `***`, when it has any.
    pub(crate) shown_path: Option<String>,
}

impl fmt::Debug for WireRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Shown<'a>(&'a WireRequest);
        impl fmt::Debug for Shown<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.headers.debug_hiding(f, self.0.sensitive)
            }
        }
        let query: Vec<_> = self
            .query
            .iter()
            .map(|(n, v)| (n, Masked::unless(is_hidden(n, self.sensitive), v)))
            .collect();
        let body = self
            .body
            .as_deref()
            .map(|b| redact_json(&String::from_utf8_lossy(b), self.sensitive).into_owned());
        f.debug_struct("WireRequest")
            .field("method", &self.method)
            .field("scheme", &self.scheme)
            .field("host", &self.host)
            .field("path", &self.shown_path())
            .field("query", &query)
            .field("headers", &Shown(self))
            .field("body", &body)
            .finish()
    }
}

impl WireRequest {
    /// A request without query, headers or body.
    pub fn new(
        method: impl Into<String>,
        scheme: impl Into<String>,
        host: impl Into<String>,
        path: impl Into<String>,
    ) -> Self {
        Self {
            method: method.into(),
            scheme: scheme.into(),
            host: host.into(),
            path: path.into(),
            query: Vec::new(),
            headers: Headers::new(),
            body: None,
            sensitive: &[],
            shown_path: None,
        }
    }

    /// The path as errors and `Debug` show it: sensitive path parameters as `***`.
    pub fn shown_path(&self) -> &str {
        self.shown_path.as_deref().unwrap_or(&self.path)
    }

    /// `scheme://host` and [`shown_path`](Self::shown_path), without the query: the URL
    /// errors name.
    pub fn shown_url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host, self.shown_path())
    }

    /// The canonical query string (see [`canonical_query_string`]).
    pub fn canonical_query(&self) -> String {
        canonical_query_string(&self.query)
    }

    /// The path plus `?` and the canonical query when that is non-empty, as the SDK sends it.
    ///
    /// Call it after signing: signing sorts list values in place, as the SDK does, which
    /// can reorder repeated list-valued keys relative to the signed query.
    pub fn request_uri(&self) -> String {
        let mut out =
            String::with_capacity(self.path.len() + 1 + canonical_query_capacity(&self.query));
        out.push_str(&self.path);
        out.push('?');
        push_canonical_query(&mut out, &self.query);
        if out.len() == self.path.len() + 1 {
            out.pop();
        }
        out
    }

    /// `scheme://host` followed by [`WireRequest::request_uri`].
    pub fn url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host, self.request_uri())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_replaces_exact_key_in_place_and_keeps_case_variants() {
        let mut h = Headers::new();
        h.insert("A", "1");
        h.insert("b", "2");
        h.insert("A", "3");
        h.insert("a", "4");
        let got: Vec<_> = h.iter().collect();
        assert_eq!(got, vec![("A", "3"), ("b", "2"), ("a", "4")]);
        assert_eq!(h.get_exact("a"), Some("4"));
        assert_eq!(h.get_ignore_case("a"), Some("3"));
        // Unicode lower-casing, as Python's: KELVIN SIGN lower-cases to `k`.
        h.insert("X-Sd\u{212a}-Date", "d");
        assert_eq!(h.get_ignore_case("x-sdk-date"), Some("d"));
        assert_eq!(h.get_ignore_case("X-SD\u{212a}-DATE"), Some("d"));
        h.remove_exact("X-Sd\u{212a}-Date");
        assert!(h.contains_ignore_case("B"));
        assert_eq!(h.get_exact("B"), None);
        assert_eq!(h.remove_exact("A"), Some("3".to_owned()));
        assert_eq!(h.len(), 2);
        assert!(!h.is_empty());
    }

    #[test]
    fn debug_hides_credentials() {
        let h: Headers = [
            ("X-Security-Token", "tok"),
            ("authorization", "SDK sig"),
            ("X-A", "v"),
        ]
        .into_iter()
        .collect();
        let dbg = format!("{h:?}");
        assert!(!dbg.contains("tok"), "{dbg}");
        assert!(!dbg.contains("SDK sig"), "{dbg}");
        assert!(dbg.contains("\"X-A\": \"v\""), "{dbg}");
    }

    #[test]
    fn request_uri_and_url() {
        let mut r = WireRequest::new("GET", "https", "h.example:8443", "/v1/a b");
        assert_eq!(r.request_uri(), "/v1/a b");
        r.query.push(("b".into(), "2".into()));
        r.query.push(("a".into(), "x y".into()));
        assert_eq!(r.request_uri(), "/v1/a b?a=x%20y&b=2");
        assert_eq!(r.url(), "https://h.example:8443/v1/a b?a=x%20y&b=2");
        r.query = vec![("e".into(), QueryValue::List(vec![]))];
        assert_eq!(r.url(), "https://h.example:8443/v1/a b");
    }
}
