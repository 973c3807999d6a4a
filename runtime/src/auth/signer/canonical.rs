//! The canonical request, byte for byte as the SDK writes it: the method upper-cased, the
//! path unquoted and each segment encoded, the sorted query, the signed headers
//! lower-cased and sorted, and the payload hash; and Python's `str.strip()` for header
//! values.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::ops::Range;

use percent_encoding::percent_decode_str;
use sha2::{Digest, Sha256};

use super::{EMPTY_SHA256, HEADER_CONTENT_SHA256, HEADER_CONTENT_TYPE, Hex, UNSIGNED_PAYLOAD};
use crate::wire::query::{canonical_query_capacity, is_kept, push_canonical_query, push_encoded};
use crate::wire::{Headers, WireRequest};

/// `UNSIGNED-PAYLOAD` for a non-empty, non-JSON/BSON `Content-Type` (exact key only).
pub(super) fn add_content_sha256_header(headers: &mut Headers) {
    let unsigned = headers.get_exact(HEADER_CONTENT_TYPE).is_some_and(|ct| {
        !ct.is_empty() && !ct.starts_with("application/json") && !ct.starts_with("application/bson")
    });
    if unsigned {
        headers.insert_static(HEADER_CONTENT_SHA256, UNSIGNED_PAYLOAD);
    }
}

/// A canonical request, with where two of its parts are in it.
pub(super) struct Canonical {
    /// The canonical request.
    pub(super) text: String,
    /// The range of the `;`-joined signed header names in `text`.
    pub(super) names: Range<usize>,
    /// The range of the canonical query string in `text`.
    pub(super) query: Range<usize>,
}

/// Writes the canonical request of `req` (header values already trimmed) into one string.
pub(super) fn canonical_request(req: &WireRequest) -> Canonical {
    let signed = SignedHeaders::of(&req.headers);
    let mut out = String::with_capacity(canonical_request_capacity(req));
    push_upper(&mut out, &req.method);
    out.push('\n');
    push_canonical_uri(&mut out, &req.path);
    out.push('\n');
    let query_start = out.len();
    push_canonical_query(&mut out, &req.query);
    let query = query_start..out.len();
    out.push('\n');
    signed.push_lines(&mut out);
    out.push('\n');
    let names_start = out.len();
    signed.push_names(&mut out);
    let names = names_start..out.len();
    out.push('\n');
    push_payload_hash(&mut out, &req.headers, req.body.as_deref());
    Canonical {
        text: out,
        names,
        query,
    }
}

/// A capacity that usually fits the canonical request of `req` without growing: encoding
/// can triple the path, and each header name is written twice.
fn canonical_request_capacity(req: &WireRequest) -> usize {
    let headers: usize = req
        .headers
        .iter()
        .map(|(name, value)| 2 * name.len() + value.len() + 3)
        .sum();
    req.method.len()
        + 3 * req.path.len()
        + canonical_query_capacity(&req.query)
        + headers
        + EMPTY_SHA256.len()
        + 8
}

/// Appends `method` upper-cased, as Python's `str.upper()`.
fn push_upper(out: &mut String, method: &str) {
    if method.is_ascii() {
        let start = out.len();
        out.push_str(method);
        out[start..].make_ascii_uppercase();
    } else {
        out.push_str(&method.to_uppercase());
    }
}

/// A header name lower-cased as Python's `str.lower()`, without a copy for ASCII names.
///
/// An ASCII name is kept as given and lower-cased as it is compared or written; any
/// other name is lower-cased (Unicode) up front. Either way the ASCII lower-casing of
/// the held text is the lower-cased name.
#[derive(Debug)]
struct LowerName<'a>(Cow<'a, str>);

impl<'a> LowerName<'a> {
    fn new(name: &'a str) -> Self {
        if name.is_ascii() {
            Self(Cow::Borrowed(name))
        } else {
            Self(Cow::Owned(name.to_lowercase()))
        }
    }

    /// The bytes of the lower-cased name.
    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.0.bytes().map(|b| b.to_ascii_lowercase())
    }

    /// Compares by the lower-cased names' code points (= their UTF-8 bytes).
    fn cmp(&self, other: &Self) -> Ordering {
        self.bytes().cmp(other.bytes())
    }

    /// Appends the lower-cased name.
    fn push_to(&self, out: &mut String) {
        let start = out.len();
        out.push_str(&self.0);
        out[start..].make_ascii_lowercase();
    }
}

/// The signed headers: every name without `_`, lower-cased and sorted, with its value.
///
/// Names equal once lower-cased are all kept (the SDK signs `x-a;x-a`), and each of them
/// signs the value of the last such header, as the SDK's lower-cased `dict` keeps it.
struct SignedHeaders<'a>(Vec<(LowerName<'a>, &'a str)>);

impl<'a> SignedHeaders<'a> {
    fn of(headers: &'a Headers) -> Self {
        let mut names = Vec::with_capacity(headers.len());
        names.extend(
            headers
                .iter()
                .filter(|(name, _)| !name.contains('_'))
                .map(|(name, value)| (LowerName::new(name), value)),
        );
        // Stable: among equal names the last one is the latest header.
        names.sort_by(|(a, _), (b, _)| a.cmp(b));
        Self(names)
    }

    /// Appends the canonical header block: `name:value` lines joined by `\n`, plus `\n`.
    fn push_lines(&self, out: &mut String) {
        let groups = self.0.chunk_by(|(a, _), (b, _)| a.cmp(b).is_eq());
        for (i, group) in groups.enumerate() {
            let value = group.last().map_or("", |(_, value)| *value);
            for (j, (name, _)) in group.iter().enumerate() {
                if i + j > 0 {
                    out.push('\n');
                }
                name.push_to(out);
                out.push(':');
                out.push_str(value);
            }
        }
        out.push('\n');
    }

    /// Appends the `;`-joined names.
    fn push_names(&self, out: &mut String) {
        for (i, (name, _)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            name.push_to(out);
        }
    }
}

/// Whether `c` is white space to Python's `str.strip()`: Unicode white space plus
/// U+001C..=U+001F.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`, in place (no copy when nothing is trimmed).
pub(super) fn py_strip_in_place(value: &mut String) {
    let end = value.trim_end_matches(is_py_space).len();
    value.truncate(end);
    let start = value.len() - value.trim_start_matches(is_py_space).len();
    value.drain(..start);
}

/// Appends the payload hash: the empty-body hash, else a non-empty
/// `X-Sdk-Content-Sha256` (any case), else the hex SHA-256 of the body.
pub(super) fn push_payload_hash(out: &mut String, headers: &Headers, body: Option<&[u8]>) {
    let Some(body) = body.filter(|b| !b.is_empty()) else {
        out.push_str(EMPTY_SHA256);
        return;
    };
    match headers.get_ignore_case(HEADER_CONTENT_SHA256) {
        // The SDK reads the header after re-decoding its UTF-8 bytes as Latin-1.
        Some(declared) if !declared.is_empty() => out.extend(declared.bytes().map(char::from)),
        _ => out.push_str(Hex::of(Sha256::digest(body).into()).as_str()),
    }
}

/// Appends the canonical URI: the path unquoted, each `/` segment encoded, ending in `/`.
///
/// A path of only `/` and the characters encoding keeps (`A-Z a-z 0-9 - _ . ~`: no `%`)
/// unquotes and encodes to itself, the usual case; it is copied without either pass.
pub(super) fn push_canonical_uri(out: &mut String, path: &str) {
    let start = out.len();
    let unchanged = path.bytes().all(|b| b == b'/' || is_kept(b));
    if unchanged {
        out.push_str(path);
        if !out[start..].ends_with('/') {
            out.push('/');
        }
        return;
    }
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    for (i, segment) in decoded.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        push_encoded(out, segment);
    }
    if !out[start..].ends_with('/') {
        out.push('/');
    }
}
