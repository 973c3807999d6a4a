//! The reStructuredText a published API reference page is written in, read into sections of
//! paragraphs, tables and code blocks.
//!
//! Only what API reference pages use is understood: the page title and section headings (a
//! line underlined with a run of one punctuation character at least as long as the text),
//! `.. _label:` targets (also as list items), `.. table:: caption` directives (a table
//! also keeps the paragraph or list item just above it, which often names its object), grid tables (`+---+` borders) and
//! simple tables (`=== ===` borders), `.. code-block::` / `.. code::` directives and `::`
//! literal blocks. Other directives (`.. note::`, `.. important::`) are dropped and their
//! indented content is read like the rest of the page. Indentation is otherwise ignored, so
//! a table or code block inside a list item belongs to the section it appears in.

use super::doc::{Block, Doc, Origin, Section, Table, clean_inline};
use super::grid;
use crate::import::warning::{Warning, Warnings};

const UNDERLINE: &[u8] = b"=-~^*+#\"'`:._";

/// Whether `line` is an underline: one punctuation character repeated (at least 3 times).
fn underline_char(line: &str) -> Option<u8> {
    let t = line.trim_end();
    let first = *t.as_bytes().first()?;
    (t.len() >= 3 && UNDERLINE.contains(&first) && t.bytes().all(|b| b == first)).then_some(first)
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Reads a page. Never fails: what cannot be read becomes a warning and is skipped.
pub(crate) fn parse(file: &str, text: &str, warnings: &mut Warnings) -> Doc {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut doc = Doc::default();
    let mut levels: Vec<u8> = Vec::new();
    let mut current = Section {
        heading: String::new(),
        level: 0,
        line: 1,
        label: None,
        blocks: Vec::new(),
    };
    let mut label: Option<String> = None;
    let mut caption: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            i += 1;
            continue;
        }
        // Heading: a text line at the margin, underlined at least as long as the text.
        if indent_of(line) == 0
            && !trimmed.starts_with("..")
            && underline_char(line).is_none()
            && let Some(&next) = lines.get(i + 1)
            && let Some(c) = underline_char(next)
            && next.trim_end().chars().count() >= trimmed.chars().count()
        {
            let level = match levels.iter().position(|&l| l == c) {
                Some(p) => p + 1,
                None => {
                    levels.push(c);
                    levels.len()
                }
            };
            doc.sections.push(std::mem::replace(
                &mut current,
                Section {
                    heading: clean_inline(trimmed),
                    level,
                    line: i + 1,
                    label: label.take().map(|l| l.to_ascii_lowercase()),
                    blocks: Vec::new(),
                },
            ));
            caption = None;
            i += 2;
            continue;
        }
        if underline_char(line).is_some() && indent_of(line) == 0 {
            // An overline or a stray underline.
            i += 1;
            continue;
        }
        // A label, also as a list item (`-  .. _label:`).
        if let Some(rest) = trimmed
            .strip_prefix(['-', '*'])
            .map(str::trim_start)
            .unwrap_or(trimmed)
            .strip_prefix(".. _")
            && let Some(name) = rest.strip_suffix(':')
        {
            label = Some(name.trim().to_owned());
            i += 1;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix(".. table::") {
            caption = Some(clean_inline(rest.trim()));
            i += 1;
            // Directive options (`:widths:`) come next.
            while i < lines.len() && lines[i].trim().starts_with(':') {
                i += 1;
            }
            continue;
        }
        if trimmed.starts_with(".. code-block::")
            || trimmed.starts_with(".. code::")
            || trimmed.starts_with(".. sourcecode::")
        {
            let (text, origin, next) = indented_block(&lines, i + 1, indent_of(line));
            current.blocks.push(Block::Code {
                text,
                line: i + 1,
                origin,
            });
            i = next;
            continue;
        }
        if trimmed.starts_with(".. ") {
            // Other directives and comments: their content is read as ordinary lines.
            i += 1;
            while i < lines.len()
                && lines[i].trim().starts_with(':')
                && !lines[i].trim().starts_with(":ref:")
            {
                i += 1;
            }
            continue;
        }
        if trimmed.starts_with('+') && (trimmed.contains("-+") || trimmed.contains("=+")) {
            let start = i;
            while i < lines.len() {
                let t = lines[i].trim_start();
                if !(t.starts_with('+') || t.starts_with('|')) {
                    break;
                }
                i += 1;
            }
            let table = grid::grid(file, start + 1, &lines[start..i], warnings);
            push_table(&mut current, table, label.take(), caption.take());
            continue;
        }
        if grid::is_simple_border(trimmed) {
            let start = i;
            let mut borders = 0;
            while i < lines.len() {
                let t = lines[i].trim();
                if grid::is_simple_border(t) {
                    borders += 1;
                    let next_blank = lines.get(i + 1).is_none_or(|l| l.trim().is_empty());
                    if borders >= 3 || (borders == 2 && next_blank) {
                        i += 1;
                        break;
                    }
                } else if t.is_empty() {
                    break;
                }
                i += 1;
            }
            let table = grid::simple(file, start + 1, &lines[start..i], warnings);
            push_table(&mut current, table, label.take(), caption.take());
            continue;
        }
        // A paragraph: consecutive non-blank lines that start nothing else.
        let start = i;
        let mut text = String::new();
        while i < lines.len() {
            let t = lines[i].trim();
            if t.is_empty() || (i > start && (t.starts_with("..") || t.starts_with('+'))) {
                break;
            }
            if i > start
                && lines.get(i + 1).and_then(|n| underline_char(n)).is_some()
                && indent_of(lines[i]) == 0
            {
                break;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(t);
            i += 1;
        }
        let literal = text.ends_with("::");
        current.blocks.push(Block::Para {
            text: text.trim_end_matches(':').to_owned() + if literal { ":" } else { "" },
            line: start + 1,
        });
        if literal {
            let (code, origin, next) = indented_block(&lines, i, indent_of(lines[start]));
            if !code.is_empty() {
                current.blocks.push(Block::Code {
                    text: code,
                    line: i + 1,
                    origin,
                });
            }
            i = next;
        }
    }
    doc.sections.push(current);
    doc.sections
        .retain(|s| !(s.heading.is_empty() && s.blocks.is_empty()));
    if doc.title().is_none() {
        warnings.push(Warning::unreadable(
            file,
            1,
            "the page has no title (a heading line underlined with `=`)",
        ));
    }
    doc
}

fn push_table(
    section: &mut Section,
    table: Option<Table>,
    label: Option<String>,
    caption: Option<String>,
) {
    if let Some(mut t) = table {
        t.label = label.map(|l| l.to_ascii_lowercase());
        t.caption = caption;
        t.context = match section.blocks.last() {
            Some(Block::Para { text, .. }) if text.len() < 300 => {
                Some(clean_inline(text.trim_start_matches(['-', '*', ' '])))
            }
            _ => None,
        };
        section.blocks.push(Block::Table(t));
    }
}

/// The lines after `start` indented deeper than `base` (blank lines included), dedented;
/// where each line of that text is on the page; and the index of the first line after them.
fn indented_block(lines: &[&str], start: usize, base: usize) -> (String, Vec<Origin>, usize) {
    let mut i = start;
    // Directive options.
    while i < lines.len() && lines[i].trim().starts_with(':') && indent_of(lines[i]) > base {
        i += 1;
    }
    let begin = i;
    while i < lines.len() {
        let l = lines[i];
        if !l.trim().is_empty() && indent_of(l) <= base {
            break;
        }
        i += 1;
    }
    let body = &lines[begin..i];
    let strip = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent_of(l))
        .min()
        .unwrap_or(0);
    let text: Vec<&str> = body
        .iter()
        .map(|l| l.get(strip..).unwrap_or("").trim_end())
        .collect();
    let text = text.join("\n");
    let leading = text.len() - text.trim_start_matches('\n').len();
    let origin = (begin + leading..i)
        .map(|k| Origin {
            line: k + 1,
            indent: strip,
        })
        .collect();
    (text.trim_matches('\n').to_owned(), origin, i)
}
