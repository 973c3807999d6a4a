//! Rewrites only the changed entries of a spec file's `operations` and `schemas`, so that a
//! merge leaves every other line (comments, formatting of untouched operations) as it was.
//!
//! The file must use block style for these two sections with one entry per key at a common
//! indentation, like the specs in `spec/`. Anything else makes [`splice`] return `None`, and
//! the caller writes the whole document instead. Another top-level key whose value changes
//! (the `service` section a tree import updates) is rewritten as a whole, the comments and
//! blank lines after it kept.

use serde_yaml::{Mapping, Value};

use super::yaml;

/// Sections spliced entry by entry.
const SECTIONS: &[&str] = &["operations", "schemas"];

/// The text of `text` (which reads as `old`) changed so that it reads as `new`, touching only
/// entries of `operations` and `schemas` that differ, and other top-level entries (each as a
/// whole) that differ. `None` when the file's layout is not
/// one this can edit safely, or when the result would not read as `new`.
pub(crate) fn splice(text: &str, old: &Mapping, new: &Mapping) -> Option<String> {
    if new
        .keys()
        .any(|k| !old.contains_key(k) && !k.as_str().is_some_and(|k| SECTIONS.contains(&k)))
        || old.keys().any(|k| !new.contains_key(k))
    {
        return None;
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::new();
    let tops = top_level(&lines);
    // Text before the first top-level key.
    let first = tops.first().map_or(lines.len(), |(i, _)| *i);
    out.push_str(&lines[..first].concat());
    let mut done: Vec<&str> = Vec::new();
    for (n, (start, key)) in tops.iter().enumerate() {
        let end = tops.get(n + 1).map_or(lines.len(), |(i, _)| *i);
        let block = &lines[*start..end];
        let section = SECTIONS.iter().find(|s| **s == key.as_str()).copied();
        match section {
            Some(s) if old.get(s) != new.get(s) => {
                out.push_str(&section_text(
                    block,
                    old.get(s)?.as_mapping()?,
                    new.get(s)?.as_mapping()?,
                )?);
                done.push(s);
            }
            _ if old.get(key.as_str()) != new.get(key.as_str()) => {
                out.push_str(&entry_text(block, key, new.get(key.as_str())?));
            }
            _ => out.push_str(&block.concat()),
        }
    }
    for s in SECTIONS {
        let missing = !tops.iter().any(|(_, k)| k == s);
        if let (true, Some(Value::Mapping(m))) = (missing, new.get(*s)) {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("\n{s}:\n"));
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(&yaml::entry(k, v, 2));
            }
        }
    }
    let back: Value = serde_yaml::from_str(&out).ok()?;
    (back == Value::Mapping(new.clone())).then_some(out)
}

/// A top-level entry's block (its lines up to the next top-level key) written anew with
/// `value`, keeping the blank lines and comments that end the block.
fn entry_text(block: &[&str], key: &str, value: &Value) -> String {
    let mut end = block.len();
    while end > 1 && is_gap(block[end - 1], 0) {
        end -= 1;
    }
    let mut out = yaml::entry(&Value::from(key), value, 0);
    out.push_str(&block[end..].concat());
    out
}

/// Lines starting a top-level key, with the key.
fn top_level(lines: &[&str]) -> Vec<(usize, String)> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '\t', '#', '-', '\n', '\r']) && !l.starts_with("..."))
        .filter_map(|(i, l)| key_of(l.trim_end()).map(|k| (i, k)))
        .collect()
}

/// The key of a `key:` or `key: value` line.
fn key_of(line: &str) -> Option<String> {
    let raw = if let Some(k) = line.strip_suffix(':') {
        k
    } else if let Some((k, _)) = line.split_once(": ") {
        k
    } else if let Some((k, _)) = line.split_once(":\t") {
        k
    } else {
        return None;
    };
    let raw = raw.trim();
    if raw.starts_with(['"', '\'']) {
        return serde_yaml::from_str::<String>(raw).ok();
    }
    (!raw.is_empty() && !raw.contains(['#', '{', '[', '&', '*', '!', '|', '>']))
        .then(|| raw.to_owned())
}

/// One entry of a section: the gap before it (blank lines, comments) and its own lines.
struct Entry<'a> {
    key: String,
    gap: String,
    body: &'a [&'a str],
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_gap(line: &str, entry_indent: usize) -> bool {
    let t = line.trim();
    t.is_empty() || (t.starts_with('#') && indent_of(line) <= entry_indent)
}

/// Rewrites one section block (its header line and everything up to the next top-level key).
fn section_text(block: &[&str], old: &Mapping, new: &Mapping) -> Option<String> {
    let (header, rest) = block.split_first()?;
    let header_key = header.trim_end();
    // Only `key:` (optionally with a comment) starts a block mapping.
    if key_of(header_key).is_none() || !(header_key.ends_with(':') || header_key.contains(": #")) {
        return None;
    }
    let entry_indent = rest
        .iter()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or(2, |l| indent_of(l));
    if entry_indent == 0 {
        return None;
    }
    let starts: Vec<usize> = rest
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            indent_of(l) == entry_indent
                && !is_gap(l, entry_indent)
                && !l.trim_start().starts_with('-')
        })
        .map(|(i, _)| i)
        .collect();
    let mut entries: Vec<Entry<'_>> = Vec::new();
    let mut prev_end = 0;
    for (n, &s) in starts.iter().enumerate() {
        let next = starts.get(n + 1).copied().unwrap_or(rest.len());
        let mut end = next;
        while end > s + 1 && is_gap(rest[end - 1], entry_indent) {
            end -= 1;
        }
        entries.push(Entry {
            key: key_of(rest[s].trim())?,
            gap: rest[prev_end..s].concat(),
            body: &rest[s..end],
        });
        prev_end = end;
    }
    let tail = rest[prev_end..].concat();
    let old_keys: Vec<&str> = old.keys().filter_map(Value::as_str).collect();
    let found: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    if old_keys != found || old_keys.len() != old.len() {
        return None;
    }
    let blank_between = entries
        .get(1)
        .is_none_or(|e| e.gap.contains("\n\n") || e.gap.starts_with('\n'));
    let mut out = (*header).to_owned();
    let mut first = true;
    for (k, v) in new {
        let key = k.as_str()?;
        let (mut gap, body) = match entries.iter().find(|e| e.key == key) {
            Some(e) if old.get(key) == Some(v) => (e.gap.clone(), e.body.concat()),
            Some(e) => (e.gap.clone(), yaml::entry(k, v, entry_indent)),
            None => (String::new(), yaml::entry(k, v, entry_indent)),
        };
        if first {
            first = false;
        } else if blank_between && !gap.starts_with('\n') && !gap.contains("\n\n") {
            gap.insert(0, '\n');
        }
        out.push_str(&gap);
        out.push_str(&body);
    }
    out.push_str(&tail);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Mapping {
        serde_yaml::from_str(text).unwrap()
    }

    const SPEC: &str = "# Header comment.\nservice:\n  name: X\n\noperations:\n  # About A.\n  A:\n    method: GET   # odd spacing kept\n    path: /a\n\n  C:\n    method: GET\n    path: /c\n\nschemas:\n  S: { type: string }\n";

    #[test]
    fn rewrites_only_changed_entries_and_inserts_in_order() {
        let old = doc(SPEC);
        let mut new = old.clone();
        let ops = new
            .get_mut("operations")
            .and_then(Value::as_mapping_mut)
            .unwrap();
        ops.insert(
            "C".into(),
            serde_yaml::from_str("{ method: POST, path: /c }").unwrap(),
        );
        let mut sorted = Mapping::new();
        for (k, v) in ops.iter() {
            if k.as_str() == Some("C") {
                sorted.insert(
                    "B".into(),
                    serde_yaml::from_str("{ method: GET, path: /b }").unwrap(),
                );
            }
            sorted.insert(k.clone(), v.clone());
        }
        *ops = sorted;
        let text = splice(SPEC, &old, &new).unwrap();
        assert_eq!(
            text,
            "# Header comment.\nservice:\n  name: X\n\noperations:\n  # About A.\n  A:\n    method: GET   # odd spacing kept\n    path: /a\n\n  B: { method: GET, path: /b }\n\n  C: { method: POST, path: /c }\n\nschemas:\n  S: { type: string }\n"
        );
    }

    #[test]
    fn removes_entries_and_adds_missing_sections() {
        let text = "service:\n  name: X\noperations:\n  A:\n    path: /a\n  B:\n    path: /b\n";
        let old = doc(text);
        let new = doc(
            "service:\n  name: X\noperations:\n  A:\n    path: /a\nschemas:\n  S: { type: string }\n",
        );
        let out = splice(text, &old, &new).unwrap();
        assert_eq!(
            out,
            "service:\n  name: X\noperations:\n  A:\n    path: /a\n\nschemas:\n  S: { type: string }\n"
        );
    }

    #[test]
    fn refuses_layouts_it_cannot_edit() {
        let text = "service: { name: X }\noperations: { A: { path: /a } }\n";
        let old = doc(text);
        let new = doc("service: { name: X }\noperations: { A: { path: /b } }\n");
        assert!(splice(text, &old, &new).is_none());
        let added = doc("service: { name: X }\nextra: 1\noperations: { A: { path: /a } }\n");
        assert!(splice(text, &old, &added).is_none());
    }

    #[test]
    fn rewrites_a_changed_top_level_entry_keeping_what_follows_it() {
        let text = "# Header.\nservice: { name: X }   # the old name\n\n# The operations.\noperations:\n  A:\n    path: /a   # kept\n";
        let old = doc(text);
        let new = doc("service: { name: Demo, module: demo }\noperations: { A: { path: /a } }\n");
        assert_eq!(
            splice(text, &old, &new).unwrap(),
            "# Header.\nservice: { name: Demo, module: demo }\n\n# The operations.\noperations:\n  A:\n    path: /a   # kept\n"
        );
    }
}
