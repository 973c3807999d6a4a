//! Writes spec YAML the way the hand-written specs look: block style, two-space indents,
//! keys in the order given, small mappings and lists of scalars on one line
//! (`{ type: string }`, `[repository*]`), multi-line text as `|-` blocks, a blank line
//! between top-level sections and between operations and between schemas.
//!
//! Every scalar is written plain only when reading it back gives the same value; otherwise
//! it is quoted. [`document`] checks the whole round trip.

use serde_yaml::{Mapping, Value};

use crate::document::canonical;
use crate::parse::document::Document;

/// Longest line a one-line `{ ... }` or `[ ... ]` may make.
const WIDTH: usize = 100;

/// Keys whose entries are separated by blank lines.
const SPACED: &[&str] = &["operations", "schemas"];

/// Writes a spec (or a fragment of one: `operations` and `schemas`) with every key in the
/// format's order (`parse::document`), whichever order the importer's passes added them
/// in. An error says where `doc` holds what the format does not have.
pub fn spec(doc: &Mapping) -> Result<String, String> {
    let doc = canonical::<Document>(doc)?;
    document(&doc).ok_or_else(|| "the spec does not survive a YAML round trip".to_owned())
}

/// Writes a whole document. Returns `None` only if the text would not read back as
/// `doc` (which would be a bug in this writer).
pub fn document(doc: &Mapping) -> Option<String> {
    let out = document_text(doc);
    let back: Value = serde_yaml::from_str(&out).ok()?;
    (back == Value::Mapping(doc.clone())).then_some(out)
}

/// The text [`document`] writes, without reading it back to make sure it is the same
/// document.
pub fn document_text(doc: &Mapping) -> String {
    let mut out = String::new();
    for (i, (k, v)) in doc.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let spaced = k.as_str().is_some_and(|k| SPACED.contains(&k));
        match v {
            Value::Mapping(m) if spaced && !m.is_empty() => {
                out.push_str(&format!("{}:\n", key(k)));
                for (j, (ek, ev)) in m.iter().enumerate() {
                    if j > 0 {
                        out.push('\n');
                    }
                    out.push_str(&entry(ek, ev, 2));
                }
            }
            _ => out.push_str(&entry(k, v, 0)),
        }
    }
    out
}

/// Writes one `key: value` entry at `indent` spaces, ending with a line break.
pub fn entry(k: &Value, v: &Value, indent: usize) -> String {
    let mut out = String::new();
    write_entry(&mut out, indent, &key(k), v);
    out
}

fn key(k: &Value) -> String {
    scalar(k, false).unwrap_or_else(|| "\"?\"".to_owned())
}

fn pad(indent: usize) -> String {
    " ".repeat(indent)
}

/// `prefix` is what precedes the value on its line (`key:` or `- key:`), already indented.
fn write_entry(out: &mut String, indent: usize, k: &str, v: &Value) {
    let head = format!("{}{k}:", pad(indent));
    write_value(out, indent, head, v);
}

/// Writes `v` after `head` (the text before it on the first line); nested lines are
/// indented relative to `indent`.
fn write_value(out: &mut String, indent: usize, head: String, v: &Value) {
    if let Some(text) = v.as_str()
        && let Some(block) = literal_block(text, indent + 2)
    {
        out.push_str(&head);
        out.push_str(&block);
        return;
    }
    // `properties` and `body` mappings read better as blocks, as hand-written specs have them.
    let block_only = (head.trim_end().ends_with("properties:")
        || head.trim_end().ends_with("body:"))
        && v.as_mapping().is_some_and(|m| !m.is_empty());
    if let Some(inline) = inline(v).filter(|_| !block_only)
        && (head.len() + 1 + inline.len() <= WIDTH || !is_collection(v))
    {
        out.push_str(&format!("{head} {inline}\n"));
        return;
    }
    match v {
        Value::Mapping(m) => {
            out.push_str(&head);
            out.push('\n');
            for (k, v) in m {
                write_entry(out, indent + 2, &key(k), v);
            }
        }
        Value::Sequence(items) => {
            out.push_str(&head);
            out.push('\n');
            for item in items {
                write_item(out, indent + 2, item);
            }
        }
        Value::Tagged(t) => {
            let text = serde_yaml::to_string(&Value::Tagged(t.clone())).unwrap_or_default();
            out.push_str(&head);
            out.push('\n');
            for line in text.lines() {
                out.push_str(&format!("{}{line}\n", pad(indent + 2)));
            }
        }
        // Scalars always have an inline form.
        _ => out.push_str(&format!("{head} null\n")),
    }
}

/// A list item: `- scalar`, or `- key: value` with the mapping's other keys below it.
fn write_item(out: &mut String, indent: usize, item: &Value) {
    match item {
        Value::Mapping(m)
            if !m.is_empty()
                && inline(item).is_none_or(|i| indent + 2 + i.len() > WIDTH || has_docs(m)) =>
        {
            let mut first = true;
            for (k, v) in m {
                let mut nested = String::new();
                write_entry(&mut nested, indent + 2, &key(k), v);
                if first {
                    // Replace the first line's indentation by the dash.
                    out.push_str(&pad(indent));
                    out.push_str("- ");
                    out.push_str(&nested[indent + 2..]);
                    first = false;
                } else {
                    out.push_str(&nested);
                }
            }
        }
        _ => write_value(out, indent, format!("{}-", pad(indent)), item),
    }
}

fn is_collection(v: &Value) -> bool {
    matches!(v, Value::Mapping(_) | Value::Sequence(_))
}

fn has_docs(m: &Mapping) -> bool {
    m.keys()
        .any(|k| matches!(k.as_str(), Some("description" | "range")))
}

/// The one-line form of a value, when it has a readable one: scalars, `[]`, `{}`, lists of
/// scalars, and mappings of at most three scalar (or small nested) values without
/// descriptions.
fn inline(v: &Value) -> Option<String> {
    match v {
        Value::Sequence(items) if items.is_empty() => Some("[]".to_owned()),
        Value::Mapping(m) if m.is_empty() => Some("{}".to_owned()),
        Value::Sequence(items) => {
            let parts: Option<Vec<String>> = items.iter().map(|i| scalar(i, true)).collect();
            Some(format!("[{}]", parts?.join(", ")))
        }
        Value::Mapping(m) => {
            if m.len() > 3 || has_docs(m) || m.contains_key("properties") {
                return None;
            }
            let parts: Option<Vec<String>> = m
                .iter()
                .map(|(k, v)| {
                    let value = match v {
                        Value::Mapping(inner) if !inner.is_empty() => inline(v),
                        _ => scalar(v, true),
                    }?;
                    Some(format!("{}: {value}", scalar(k, true)?))
                })
                .collect();
            Some(format!("{{ {} }}", parts?.join(", ")))
        }
        other => scalar(other, false),
    }
}

/// A scalar as YAML text; `flow` when it sits inside `[...]` or `{...}`. `None` for
/// collections and for multi-line text (which has no one-line form).
fn scalar(v: &Value, flow: bool) -> Option<String> {
    match v {
        Value::Null => Some("null".to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => {
            let text = serde_yaml::to_string(&Value::Number(n.clone())).ok()?;
            Some(text.trim_end().to_owned())
        }
        Value::String(s) if flow && s.contains('\n') => None,
        Value::String(s) => Some(if plain_ok(s, flow) {
            s.clone()
        } else {
            quoted(s)
        }),
        _ => None,
    }
}

/// What a plain scalar inside `[...]` or `{...}` never holds: YAML's flow indicators, which
/// end it, and `?`, which PyYAML's reader also takes for the end of a plain scalar in flow
/// context (the YAML 1.2 grammar allows it, so libyaml and serde_yaml read it either way).
/// A `:` followed by one of these or by a space is covered by them and by `": "` below.
pub(crate) const FLOW_RESERVED: [char; 6] = [',', '[', ']', '{', '}', '?'];

/// Words YAML 1.1 readers take for booleans or null; quoted so every tool agrees.
const SPECIAL_WORDS: &[&str] = &[
    "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n",
];

/// Whether `s` can be written without quotes and read back as the same string.
fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || s.contains(['\n', '\r', '\t']) || s.chars().any(char::is_control) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if flow && s.contains(FLOW_RESERVED) {
        return false;
    }
    if SPECIAL_WORDS.contains(&s.to_ascii_lowercase().as_str()) {
        return false;
    }
    // Numbers, dates and the like: anything starting like a number that YAML might read
    // as one is quoted unless it clearly is not one.
    if looks_numeric(s) {
        return false;
    }
    // Text of ordinary printable characters that passed the rules above reads back as
    // itself; anything else gets the final word from a YAML reader.
    if s.chars().all(ordinary) {
        return true;
    }
    matches!(serde_yaml::from_str::<Value>(&format!("k: {s}")), Ok(Value::Mapping(m)) if m.get("k").and_then(Value::as_str) == Some(s))
}

/// A character YAML reads as itself inside a plain scalar: printable ASCII, or a printable
/// non-ASCII character that is no line or paragraph separator and no byte order mark.
fn ordinary(c: char) -> bool {
    matches!(c, ' '..='~')
        || (matches!(c, '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
}

/// Text a YAML reader could take for a number, a date or a time (`1.5`, `0x1F`, `.inf`,
/// `2021-05-19`, `12:30`).
fn looks_numeric(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    if matches!(lower.trim_start_matches(['+', '-']), ".inf" | ".nan") {
        return true;
    }
    let body = s.trim_start_matches(['+', '-']);
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return false;
    }
    if s.parse::<f64>().is_ok() || body.starts_with("0x") || body.starts_with("0o") {
        return true;
    }
    // Dates (`2021-05-19 ...`) and sexagesimal numbers (`1:30`) of YAML 1.1.
    let date_like = body.len() >= 10
        && body.as_bytes()[4] == b'-'
        && body[..4].bytes().all(|b| b.is_ascii_digit());
    date_like
        || body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.' || b == b'_')
}

/// A double-quoted string with escapes.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{feff}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// ` |-` plus the indented lines, for multi-line text that a literal block keeps exactly.
fn literal_block(s: &str, indent: usize) -> Option<String> {
    if !s.contains('\n') {
        return None;
    }
    let (body, indicator) = match s.strip_suffix('\n') {
        Some(b) if !b.ends_with('\n') => (b, "|"),
        Some(_) => return None,
        None => (s, "|-"),
    };
    let safe = body.lines().all(|l| l.trim_end() == l && !l.contains('\t'))
        && !body.starts_with([' ', '\n'])
        && !body.chars().any(|c| c.is_control() && c != '\n')
        && !body.contains("\n\n\n");
    if !safe {
        return None;
    }
    let mut out = format!(" {indicator}\n");
    for line in body.split('\n') {
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!("{}{line}\n", pad(indent)));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        let doc: Mapping = serde_yaml::from_str(text).unwrap();
        document(&doc).expect("round trip")
    }

    #[test]
    fn writes_spec_shaped_yaml() {
        let text = "operations:\n  A:\n    summary: Resetting a User Password\n    method: POST\n    permissions:\n      - action: a:b:c\n        access_level: Write\n        resource_types: []\n    responses:\n      200:\n        description: OK\n        body:\n          ref: AResponse\n\nschemas:\n  AResponse:\n    type: object\n    properties:\n      trace_id: { type: string }\n      status:\n        type: string\n        range: \"success: ok\"\n";
        assert_eq!(round_trip(text), text);
    }

    #[test]
    fn quotes_what_would_read_back_differently() {
        for s in [
            "",
            " lead",
            "trail ",
            "a: b",
            "a #b",
            "#x",
            "- x",
            "yes",
            "No",
            "null",
            "~",
            "12",
            "1.5",
            "0x1F",
            ".inf",
            "2021-05-19 19:50:30",
            "1:30",
            "[x]",
            "{x}",
            "*alias",
            "&anchor",
            "!tag",
            "|",
            ">",
            "'q'",
            "\"q\"",
            "%p",
            "@a",
            "`b",
            "tab\there",
            "x:",
            "a\u{7}b",
            "ends with colon:",
        ] {
            let mut doc = Mapping::new();
            doc.insert("k".into(), s.into());
            doc.insert("l".into(), Value::Sequence(vec![s.into()]));
            let text = document(&doc).unwrap_or_else(|| panic!("{s:?} does not round-trip"));
            assert!(
                !text.contains(&format!("k: {s}\n")) || s.is_empty(),
                "{s:?} written plain: {text}"
            );
        }
    }

    #[test]
    fn keeps_plain_what_is_safe() {
        let mut doc = Mapping::new();
        for s in [
            "143002-1701244804975-630",
            "xx-xxxxx-x",
            "codeartsartifact:repository:get",
            "repository*",
            "A string of digits and hyphens (-).",
            "仓库ID",
        ] {
            doc.insert(s.into(), s.into());
        }
        let text = document(&doc).unwrap();
        assert!(!text.contains('"'), "{text}");
    }

    #[test]
    fn multi_line_text_becomes_a_literal_block() {
        let mut doc = Mapping::new();
        doc.insert("a".into(), "line one\nline two".into());
        doc.insert("b".into(), "ends\n".into());
        doc.insert("c".into(), "  odd\nindent".into());
        let text = document(&doc).unwrap();
        assert!(
            text.starts_with("a: |-\n  line one\n  line two\n"),
            "{text}"
        );
        assert!(text.contains("b: |\n  ends\n"), "{text}");
        assert!(text.contains("c: \"  odd\\nindent\""), "{text}");
    }

    #[test]
    fn long_or_documented_mappings_are_blocks() {
        let text = "x:\n  - name: page_no\n    in: query\n    type: int32\n    description: Page number.\n  - { name: a, in: path }\n\nb: [a, b]\n\nc:\n  numbers: [1, 2.5, -3]\n";
        assert_eq!(round_trip(text), text);
    }

    /// The plain scalars inside `[...]` or `{...}` of `text` that hold a character
    /// [`FLOW_RESERVED`] lists, or `: ` or ` #`, as `line:column scalar`, read by
    /// yaml-rust2's scanner (another YAML reader than the one `document` checks with).
    fn reserved_in_flow(text: &str) -> Vec<String> {
        use yaml_rust2::scanner::{Scanner, TScalarStyle, Token, TokenType};
        let mut depth = 0usize;
        let mut found = Vec::new();
        for Token(at, token) in Scanner::new(text.chars()) {
            match token {
                TokenType::FlowSequenceStart | TokenType::FlowMappingStart => depth += 1,
                TokenType::FlowSequenceEnd | TokenType::FlowMappingEnd => depth -= 1,
                TokenType::Scalar(TScalarStyle::Plain, s)
                    if depth > 0
                        && (s.contains(FLOW_RESERVED)
                            || s.contains(": ")
                            || s.contains(" #")
                            || s.ends_with(':')) =>
                {
                    found.push(format!("{}:{} {s}", at.line(), at.col() + 1));
                }
                _ => {}
            }
        }
        found
    }

    #[test]
    fn flow_scalars_quote_what_yaml_reserves_there() {
        let mut values: Vec<String> = Vec::new();
        for c in FLOW_RESERVED
            .iter()
            .chain(&[':', '#', '-', '&', '*', '!', '|', '>', '%'])
        {
            for s in [
                format!("{c}"),
                format!("{c}x"),
                format!("x{c}"),
                format!("x{c}y"),
                format!("x {c} y"),
                format!("/x{c}a=null"),
            ] {
                values.push(s);
            }
        }
        values.push("/v1/{project_id}/x?status=a&b=null".to_owned());
        values.push("https://example.com:443/x".to_owned());
        for v in &values {
            let mut doc = Mapping::new();
            let flow_map: Mapping = [("url".into(), Value::from(v.as_str()))]
                .into_iter()
                .collect();
            doc.insert(
                "requests".into(),
                Value::Sequence(vec![Value::Mapping(flow_map)]),
            );
            doc.insert(
                "list".into(),
                Value::Sequence(vec![v.as_str().into(), "b".into()]),
            );
            doc.insert(v.as_str().into(), Value::Sequence(vec!["k".into()]));
            let text = document(&doc).unwrap_or_else(|| panic!("{v:?} does not round-trip"));
            assert!(
                text.contains("- {") && text.contains(", b]"),
                "{v:?} not in flow: {text}"
            );
            let back: Mapping = serde_yaml::from_str(&text).expect("serde_yaml reads it");
            assert_eq!(back, doc, "{v:?}");
            assert_eq!(
                reserved_in_flow(&text),
                Vec::<String>::new(),
                "{v:?}:\n{text}"
            );
        }
        // What the rule leaves plain inside `[...]` stays plain.
        let mut doc = Mapping::new();
        let list = [
            "codeartsartifact:repository:name",
            "repository*",
            "a#b",
            "x-y",
        ];
        doc.insert(
            "keys".into(),
            list.iter().map(|s| Value::from(*s)).collect(),
        );
        assert_eq!(
            document(&doc).as_deref(),
            Some("keys: [codeartsartifact:repository:name, repository*, a#b, x-y]\n")
        );
    }

    /// Every spec in the repository (the committed specs, the fixtures that are valid YAML)
    /// holds no reserved character in a plain scalar inside `[...]` or `{...}`.
    #[test]
    fn committed_specs_quote_what_yaml_reserves_in_flow() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for dir in ["spec", "tests/fixtures/catalogue"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("the folder is readable") {
                let path = entry.expect("an entry").path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() >= 3, "{files:?}");
        for path in files {
            let text = std::fs::read_to_string(&path).expect("the spec is readable");
            assert_eq!(
                reserved_in_flow(&text),
                Vec::<String>::new(),
                "{}",
                path.display()
            );
        }
    }

    #[test]
    fn numbers_keep_their_kind() {
        let text = "a: 3000110176\nb: 1.0\nc: -0.5\nd: 1.0e+100\n";
        let doc: Mapping = serde_yaml::from_str(text).unwrap();
        let written = document(&doc).unwrap();
        let back: Mapping = serde_yaml::from_str(&written).unwrap();
        assert_eq!(back, doc);
        assert!(back["b"].is_f64());
    }
}
