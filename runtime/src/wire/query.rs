//! Query values and the official canonical query string.
//!
//! Mirrors `Signer._process_canonical_query_string` of the official Python SDK core,
//! including its `quote(s, safe='~')` percent-encoding.

use std::cmp::Ordering;
use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters Python's `quote(s, safe='~')` escapes: all but `A-Z a-z 0-9 - _ . ~`.
const QUOTE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `s` like Python's `urllib.parse.quote(s, safe='~')`.
///
/// `A-Z a-z 0-9 - _ . ~` are kept; every other byte of the UTF-8 form becomes `%XX`
/// (upper-case hex). Space is `%20`, never `+`.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_encoded(&mut out, s);
    out
}

/// Appends `s` encoded as [`encode_component`] does, without an intermediate string.
///
/// Text of only the characters kept (ids, numbers, most names: the usual case) is
/// copied in one go; checking a byte costs a fraction of encoding it.
pub(crate) fn push_encoded(out: &mut String, s: &str) {
    if s.bytes().all(is_kept) {
        out.push_str(s);
    } else {
        out.extend(utf8_percent_encode(s, QUOTE_SET));
    }
}

/// Whether encoding keeps the byte `b` as it is: `A-Z a-z 0-9 - _ . ~`, the bytes
/// [`QUOTE_SET`] does not hold.
pub(crate) fn is_kept(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Encodes a `{name}` path parameter like the SDK's `quote(str(v), safe='')`.
///
/// The set is the same as [`encode_component`] (`~` is always safe in Python 3.7+),
/// so `/` becomes `%2F`.
pub fn encode_path_param(s: &str) -> String {
    encode_component(s)
}

/// A query parameter value, as the official SDK receives it.
///
/// Ordering follows Python: strings by code point, numbers numerically with
/// `false == 0` and `true == 1`, lists element by element. Where Python would raise
/// `TypeError` (comparing a number with a string, say), this crate orders
/// numbers (`Int`/`Bool`) before strings before lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryValue {
    /// A string, written as is.
    Str(String),
    /// An integer, written in decimal.
    Int(i64),
    /// A boolean, written `true`/`false` (but `True`/`False` inside a list, as the SDK does).
    Bool(bool),
    /// A list: sorted, then written as repeated `key=value` pairs.
    List(Vec<QueryValue>),
}

impl From<&str> for QueryValue {
    fn from(value: &str) -> Self {
        Self::Str(value.to_owned())
    }
}

impl From<String> for QueryValue {
    fn from(value: String) -> Self {
        Self::Str(value)
    }
}

impl From<&String> for QueryValue {
    fn from(value: &String) -> Self {
        Self::Str(value.clone())
    }
}

impl From<i32> for QueryValue {
    fn from(value: i32) -> Self {
        Self::Int(i64::from(value))
    }
}

impl From<i64> for QueryValue {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<u32> for QueryValue {
    fn from(value: u32) -> Self {
        Self::Int(i64::from(value))
    }
}

impl From<bool> for QueryValue {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl<T: Into<QueryValue>> From<Vec<T>> for QueryValue {
    fn from(value: Vec<T>) -> Self {
        Self::List(value.into_iter().map(Into::into).collect())
    }
}

impl QueryValue {
    /// Compares two values the way Python's `<`/`==` would (see the type docs for mixed types).
    pub fn py_cmp(&self, other: &Self) -> Ordering {
        match (self.as_number(), other.as_number()) {
            (Some(a), Some(b)) => return a.cmp(&b),
            (Some(_), None) => return Ordering::Less,
            (None, Some(_)) => return Ordering::Greater,
            (None, None) => {}
        }
        match (self, other) {
            (Self::Str(a), Self::Str(b)) => a.cmp(b),
            (Self::List(a), Self::List(b)) => a
                .iter()
                .zip(b)
                .map(|(x, y)| x.py_cmp(y))
                .find(|o| o.is_ne())
                .unwrap_or_else(|| a.len().cmp(&b.len())),
            (Self::Str(_), _) => Ordering::Less,
            _ => Ordering::Greater,
        }
    }

    fn as_number(&self) -> Option<i64> {
        match self {
            Self::Int(i) => Some(*i),
            Self::Bool(b) => Some(i64::from(*b)),
            Self::Str(_) | Self::List(_) => None,
        }
    }

    /// Python's `repr(v)`.
    fn py_repr(&self) -> String {
        match self {
            Self::Str(s) => py_repr_str(s),
            Self::Int(i) => i.to_string(),
            Self::Bool(true) => "True".to_owned(),
            Self::Bool(false) => "False".to_owned(),
            Self::List(items) => {
                let inner: Vec<String> = items.iter().map(Self::py_repr).collect();
                format!("[{}]", inner.join(", "))
            }
        }
    }
}

/// Python's `repr(str)`.
///
/// Exact for ASCII, C1 controls and Unicode spaces; other non-printable non-ASCII
/// characters (format, private-use, unassigned) are kept verbatim where Python escapes them.
fn py_repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            c if c.is_ascii() || c.is_control() || c.is_whitespace() => {
                let n = u32::from(c);
                // Writing to a String cannot fail.
                let _ = match n {
                    0..=0xff => write!(out, "\\x{n:02x}"),
                    0x100..=0xffff => write!(out, "\\u{n:04x}"),
                    _ => write!(out, "\\U{n:08x}"),
                };
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Builds the official canonical query string.
///
/// Pairs are sorted as raw Python `(key, value)` tuples *before* encoding (stable sort,
/// key by code point, then [`QueryValue::py_cmp`]); each key and value is encoded with
/// [`encode_component`]; a list is sorted and expanded into repeated `key=value`; an
/// empty value is kept as `key=`. Pairs are joined with `&`; no pairs give `""`.
pub fn canonical_query_string(params: &[(String, QueryValue)]) -> String {
    let mut out = String::with_capacity(canonical_query_capacity(params));
    push_canonical_query(&mut out, params);
    out
}

/// The most query pairs [`push_canonical_query`] sorts on the stack.
const INLINE_PAIRS: usize = 16;

/// What the unused slots of [`push_canonical_query`]'s stack array point to.
static NO_PAIR: (String, QueryValue) = (String::new(), QueryValue::Int(0));

/// Appends the [`canonical_query_string`] of `params` to `out`.
pub(crate) fn push_canonical_query(out: &mut String, params: &[(String, QueryValue)]) {
    // The pairs in order, by reference: on the stack for the usual few parameters (a
    // stable sort of up to 20 elements sorts in place), else in a vector.
    let mut inline = [&NO_PAIR; INLINE_PAIRS];
    let mut spilled = Vec::new();
    let sorted: &mut [&(String, QueryValue)] = if params.len() <= INLINE_PAIRS {
        for (slot, pair) in inline.iter_mut().zip(params) {
            *slot = pair;
        }
        &mut inline[..params.len()]
    } else {
        spilled.extend(params);
        &mut spilled
    };
    sorted.sort_by(|(ka, va), (kb, vb)| ka.cmp(kb).then_with(|| va.py_cmp(vb)));

    let start = out.len();
    for (key, value) in sorted.iter().copied() {
        match value {
            QueryValue::List(items) => {
                let mut items: Vec<&QueryValue> = items.iter().collect();
                items.sort_by(|a, b| a.py_cmp(b));
                for item in items {
                    push_key(out, start, key);
                    // Python's `str(item)`: a string as it is, anything else as `repr`.
                    match item {
                        QueryValue::Str(s) => push_encoded(out, s),
                        other => push_encoded(out, &other.py_repr()),
                    }
                }
            }
            QueryValue::Bool(b) => {
                push_key(out, start, key);
                out.push_str(if *b { "true" } else { "false" });
            }
            QueryValue::Int(i) => {
                push_key(out, start, key);
                // Writing to a String cannot fail; digits and `-` need no encoding.
                let _ = write!(out, "{i}");
            }
            QueryValue::Str(s) => {
                push_key(out, start, key);
                push_encoded(out, s);
            }
        }
    }
}

/// Starts a pair: `&` unless it is the first since `start`, then the encoded key and `=`.
///
/// Every pair holds an `=`, so text after `start` means a pair was written before.
fn push_key(out: &mut String, start: usize, key: &str) {
    if out.len() > start {
        out.push('&');
    }
    push_encoded(out, key);
    out.push('=');
}

/// A capacity that usually fits the canonical query of `params` without growing
/// (encoding can triple a string; numbers take at most 20 bytes).
pub(crate) fn canonical_query_capacity(params: &[(String, QueryValue)]) -> usize {
    params
        .iter()
        .map(|(key, value)| {
            let value_len = match value {
                QueryValue::Str(s) => s.len(),
                QueryValue::List(items) => items.len() * (key.len() + 24),
                QueryValue::Int(_) | QueryValue::Bool(_) => 20,
            };
            3 * (key.len() + value_len) + 2
        })
        .sum()
}

/// Sorts every list value in place, as the SDK's canonicalization does (`value.sort()`).
///
/// The SDK builds the canonical query twice (once to sign, once for the sent URI), so
/// the second pass compares already-sorted lists. When one key has several list values
/// the sent query can therefore differ from the signed one; this reproduces that.
pub(crate) fn sort_lists_in_place(params: &mut [(String, QueryValue)]) {
    for (_, value) in params {
        if let QueryValue::List(items) = value {
            items.sort_by(QueryValue::py_cmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: Vec<(&str, QueryValue)>) -> String {
        let owned: Vec<(String, QueryValue)> =
            pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        canonical_query_string(&owned)
    }

    #[test]
    fn encodes_like_python_quote_safe_tilde() {
        assert_eq!(encode_component("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(encode_component("*~/=-_."), "%2A~%2F%3D-_.");
        assert_eq!(encode_component("x y+z&c"), "x%20y%2Bz%26c");
        assert_eq!(encode_component("中文é"), "%E4%B8%AD%E6%96%87%C3%A9");
        assert_eq!(encode_component("%"), "%25");
        assert_eq!(encode_component(""), "");
        assert_eq!(encode_component("😀"), "%F0%9F%98%80");
        assert_eq!(encode_component("!'()"), "%21%27%28%29");
        assert_eq!(encode_path_param("a/b c"), "a%2Fb%20c");
    }

    #[test]
    fn the_kept_bytes_are_those_the_set_keeps() {
        for b in 0..=u8::MAX {
            let text = char::from(b).to_string();
            let kept = utf8_percent_encode(&text, QUOTE_SET).to_string() == text;
            assert_eq!(is_kept(b), kept, "{b}");
        }
        for c in (0u8..128).map(char::from).chain(['é', '中']) {
            let text = format!("a{c}b");
            let slow: String = utf8_percent_encode(&text, QUOTE_SET).collect();
            assert_eq!(encode_component(&text), slow, "{text:?}");
        }
    }

    #[test]
    fn sorts_raw_pairs_before_encoding() {
        // 'a~' < 'aé' by code point, while '%C3' < '~' once encoded.
        let got = q(vec![
            ("k", "b:".into()),
            ("aé", "2".into()),
            ("k", "b0".into()),
            ("a~", "1".into()),
        ]);
        assert_eq!(got, "a~=1&a%C3%A9=2&k=b0&k=b%3A");
    }

    #[test]
    fn repeated_keys_sort_by_raw_string() {
        let got = q(vec![
            ("id", "2".into()),
            ("id", "1".into()),
            ("id", "10".into()),
        ]);
        assert_eq!(got, "id=1&id=10&id=2");
    }

    #[test]
    fn ints_sort_numerically_and_bools_compare_as_numbers() {
        assert_eq!(q(vec![("n", 10.into()), ("n", 9.into())]), "n=9&n=10");
        // True == 1 in Python, so the stable sort keeps the input order.
        assert_eq!(q(vec![("n", true.into()), ("n", 1.into())]), "n=true&n=1");
        assert_eq!(q(vec![("n", 1.into()), ("n", true.into())]), "n=1&n=true");
        assert_eq!(q(vec![("n", 2.into()), ("n", false.into())]), "n=false&n=2");
    }

    #[test]
    fn mixed_types_use_documented_order() {
        let got = q(vec![
            ("m", vec!["a"].into()),
            ("m", "s".into()),
            ("m", 5.into()),
        ]);
        assert_eq!(got, "m=5&m=s&m=a");
    }

    #[test]
    fn lists_expand_sorted_and_bools_inside_lists_are_python_str() {
        assert_eq!(
            q(vec![
                ("ids", vec!["c", "a", "b"].into()),
                ("flag", true.into())
            ]),
            "flag=true&ids=a&ids=b&ids=c"
        );
        assert_eq!(q(vec![("b", vec![true, false].into())]), "b=False&b=True");
        assert_eq!(q(vec![("e", QueryValue::List(vec![]))]), "");
    }

    #[test]
    fn lists_compare_unsorted_then_expand_sorted() {
        // Python compares ['b', 'a'] > ['a', 'z'] before sorting each list in place.
        let got = q(vec![
            ("k", vec!["b", "a"].into()),
            ("k", vec!["a", "z"].into()),
        ]);
        assert_eq!(got, "k=a&k=z&k=a&k=b");
    }

    #[test]
    fn nested_lists_are_written_as_python_repr() {
        let nested = QueryValue::List(vec![QueryValue::List(vec![
            "it's".into(),
            1.into(),
            true.into(),
            "a\\b\n".into(),
        ])]);
        assert_eq!(
            q(vec![("x", nested)]),
            format!("x={}", encode_component(r#"["it's", 1, True, 'a\\b\n']"#))
        );
        assert_eq!(py_repr_str("\u{7f}\u{a0}\u{85}é"), "'\\x7f\\xa0\\x85é'");
        assert_eq!(py_repr_str("'\""), "'\\'\"'");
        assert_eq!(py_repr_str("\u{3000}"), "'\\u3000'");
    }

    #[test]
    fn empty_values_and_ints() {
        assert_eq!(
            q(vec![
                ("empty", "".into()),
                ("n", 0.into()),
                ("neg", (-3).into())
            ]),
            "empty=&n=0&neg=-3"
        );
        assert_eq!(q(vec![]), "");
        assert_eq!(q(vec![("u", u32::MAX.into())]), "u=4294967295");
        assert_eq!(q(vec![("s", String::from("v").into())]), "s=v");
    }
}
