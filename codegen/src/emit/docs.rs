//! Rustdoc text from spec descriptions: markup that rustdoc would misread is neutralized
//! (indented code blocks, fences that would become doctests, HTML, link brackets, bare URLs).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Doc, Permission};

/// Texts that say nothing: "不涉及" ("not applicable"), "N/A", "None", "-", ...
const PLACEHOLDERS: &[&str] = &[
    "不涉及",
    "无",
    "暂无",
    "n/a",
    "na",
    "none",
    "null",
    "nil",
    "-",
    "--",
    "/",
];

/// Whether `text` is only a placeholder (compared without case, surrounding space and
/// trailing punctuation): it is left out of the docs rather than shown.
pub fn is_placeholder(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['。', '.', '；', ';', '，', ','])
        .trim()
        .to_lowercase();
    t.is_empty() || PLACEHOLDERS.contains(&t.as_str())
}

/// Turns free text into rustdoc lines that render as written and never become doctests.
/// A placeholder ([`is_placeholder`]) gives no lines.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if is_placeholder(text) {
        return out;
    }
    let mut previous_was_list_item = false;
    for raw in text.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let line = raw.replace('\t', "    ");
        let line = line.trim();
        let is_list_item = line.starts_with("- ")
            || line.starts_with("* ")
            || line.starts_with("+ ")
            || line
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if previous_was_list_item && !line.is_empty() && !is_list_item {
            // A line right after a list item would continue it lazily; keep it apart.
            out.push(String::new());
        }
        previous_was_list_item = is_list_item;
        out.push(escape_line(line));
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    out
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '`' => out.push_str("\\`"),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    // A line starting with `#` would be a heading, one starting with `~~~` a code fence
    // (a doctest): keep them as text.
    if out.starts_with('#') || out.starts_with("~~~") {
        out.insert(0, '\\');
    }
    out
}

/// Length of a URL at the start of `s`, if there is one.
fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("https://") || s.starts_with("http://")) {
        return None;
    }
    let len = s
        .find(|c: char| {
            c.is_whitespace() || !c.is_ascii() || matches!(c, '<' | '>' | '"' | '`' | '(' | ')')
        })
        .unwrap_or(s.len());
    let url = s[..len].trim_end_matches(['.', ',', ';', ':']);
    (url.len() > "https://".len()).then_some(url.len())
}

/// "[`Client::name`](super::Client::name)": a link to a client method from a child module.
/// rustdoc cannot resolve raw identifiers in links, so `r#type` is named without a link.
pub fn method_link(fn_name: &str) -> String {
    match fn_name.strip_prefix("r#") {
        Some(plain) => format!("`Client::{plain}`"),
        None => format!("[`Client::{fn_name}`](super::Client::{fn_name})"),
    }
}

/// The note on a sensitive field or parameter.
pub const SENSITIVE_NOTE: &str = "Sensitive: shown as `\"***\"` in `Debug` output.";

/// `#[doc = "..."]` attributes for `lines` (each line gets rustdoc's leading space).
pub fn attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// Doc lines for an item's description and value range.
pub fn doc_lines(doc: &Doc) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(d) = &doc.description {
        lines.extend(sanitize(d));
    }
    if let Some(r) = doc.range.as_deref().map(sanitize).filter(|r| !r.is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let mut r = r.into_iter();
        if let Some(first) = r.next() {
            lines.push(format!("Range: {first}"));
        }
        lines.extend(r);
    }
    lines
}

/// Appends a paragraph to `lines`, separated by a blank line.
pub fn push_paragraph(lines: &mut Vec<String>, paragraph: Vec<String>) {
    if paragraph.is_empty() {
        return;
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(paragraph);
}

fn cell(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_owned()
    } else {
        items
            .iter()
            .map(|i| format!("`{}`", i.replace('`', "").replace('|', "\\|")))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The permission table of an operation as rustdoc lines (a Markdown table).
pub fn permission_table(permissions: &[Permission]) -> Vec<String> {
    let mut lines = vec!["# Permissions".to_owned(), String::new()];
    if permissions.is_empty() {
        lines.push("The spec lists no IAM permission for this operation.".to_owned());
        return lines;
    }
    lines.push("| Action | Access level | Resource types (\\*: required) | Condition keys | Aliases | Dependencies |".to_owned());
    lines.push("|---|---|---|---|---|---|".to_owned());
    for p in permissions {
        let resources: Vec<String> = p
            .resource_types
            .iter()
            .map(|r| {
                if r.required {
                    format!("{} *", r.name)
                } else {
                    r.name.clone()
                }
            })
            .collect();
        lines.push(format!(
            "| {} | {} | {} | {} | {} | {} |",
            cell(std::slice::from_ref(&p.action)),
            p.access_level.as_str(),
            cell(&resources),
            cell(&p.condition_keys),
            cell(&p.aliases),
            cell(&p.dependencies)
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralizes_markup() {
        assert_eq!(sanitize("    let x = 1;"), vec!["let x = 1;"]);
        assert_eq!(
            sanitize("```\ncode\n```"),
            vec!["\\`\\`\\`", "code", "\\`\\`\\`"]
        );
        assert_eq!(sanitize("a <b> [c]"), vec!["a &lt;b&gt; \\[c\\]"]);
        assert_eq!(
            sanitize("see https://x.example/a."),
            vec!["see <https://x.example/a>."]
        );
        assert_eq!(sanitize("# not a heading"), vec!["\\# not a heading"]);
        assert_eq!(
            sanitize("~~~\nstd::process::exit(1);\n  ~~~~ rust"),
            vec!["\\~~~", "std::process::exit(1);", "\\~~~~ rust"]
        );
        assert_eq!(sanitize("1~~~10"), vec!["1~~~10"]);
        assert_eq!(sanitize("- a\nb"), vec!["- a", "", "b"]);
        assert_eq!(sanitize("\n\nx\n\n"), vec!["x"]);
    }

    #[test]
    fn drops_placeholders() {
        for text in ["不涉及。", "不涉及", " N/A ", "None", "none.", "-", "无"] {
            assert!(is_placeholder(text), "{text}");
            assert!(sanitize(text).is_empty(), "{text}");
        }
        for text in ["不涉及的仓库", "Nonexistent", "0", "-1"] {
            assert!(!is_placeholder(text), "{text}");
        }
        let doc = Doc {
            description: Some("仓库名称。".to_owned()),
            range: Some("不涉及。".to_owned()),
        };
        assert_eq!(doc_lines(&doc), vec!["仓库名称。"]);
    }

    #[test]
    fn keeps_chinese_text() {
        assert_eq!(
            sanitize("**参数解释**： 请求ID。"),
            vec!["**参数解释**： 请求ID。"]
        );
    }
}
