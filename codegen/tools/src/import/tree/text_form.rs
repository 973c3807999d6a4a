//! The text form of a page (as copied from the web: see [`crate::import`]) read into the
//! same sections as a reStructuredText page, so that both forms feed one model of a page
//! ([`super::model`]).
//!
//! The section headings and `|`-tables are read by the text form's readers (`text_page`,
//! `text_table`); a table's caption (`Table 3 MavenRepoUser`) without its `Table N` becomes
//! its caption and its label, so that a `MavenRepoUser object` type finds it. In example
//! sections a line starting with `{` or `[` starts a code block that runs until its
//! brackets balance; in Example Requests, a request line (`https://...`, after the method
//! or not) is a code block of its own, with the JSON body that follows it, if any (a
//! request without a body is an example too). The SDK samples name the operation
//! (`ResetUserPasswordRequest` → `ResetUserPassword`); the calling-method and debugging
//! sections are skipped. Problems the text form's readers report become warnings.

use super::doc::{Block, Doc, Origin, Row, Section, Table};
use super::text_page::{Line, Page, SectionKind};
use super::text_table::{self as table, Block as TextBlock};
use crate::import::warning::{Warning, Warnings};

/// Reads a text-form page into sections.
pub(crate) fn parse(file: &str, text: &str, warnings: &mut Warnings) -> Doc {
    let mut diags = Vec::new();
    let page = Page::split(text, &mut diags);
    let mut doc = Doc::default();
    if let Some(title) = page.title {
        doc.sections.push(Section {
            heading: title.trimmed().to_owned(),
            level: 1,
            line: title.number,
            label: None,
            blocks: Vec::new(),
        });
    }
    if let Some(samples) = page.section(SectionKind::SdkSample)
        && let [(id, _)] = super::sdk::request_classes(samples).as_slice()
    {
        doc.id = Some(id.clone());
    }
    for section in &page.sections {
        if matches!(
            section.kind,
            SectionKind::SdkSample | SectionKind::Debugging | SectionKind::CallingMethod
        ) {
            continue;
        }
        let example = matches!(
            section.kind,
            SectionKind::ExampleRequests | SectionKind::ExampleResponses
        );
        let mut blocks = Vec::new();
        let mut i = 0;
        let lines = &section.lines;
        while example && i < lines.len() {
            let t = lines[i].trimmed();
            let request_line = section.kind == SectionKind::ExampleRequests && is_request_line(t);
            if request_line || t.starts_with(['{', '[']) {
                let start = i;
                let mut text: Vec<&str> = Vec::new();
                let mut origin: Vec<Origin> = Vec::new();
                if request_line {
                    text.push(t);
                    origin.push(origin_of(&lines[i]));
                    i += 1;
                    while i < lines.len() && lines[i].is_blank() {
                        i += 1;
                    }
                }
                if i < lines.len() && lines[i].trimmed().starts_with(['{', '[']) {
                    let end = balanced_end(lines, i);
                    text.extend(lines[i..end].iter().map(Line::trimmed));
                    origin.extend(lines[i..end].iter().map(origin_of));
                    i = end;
                }
                blocks.push(Block::Code {
                    text: text.join("\n"),
                    line: lines[start].number,
                    origin,
                });
                continue;
            }
            if !t.is_empty() {
                blocks.push(Block::Para {
                    text: t.to_owned(),
                    line: lines[i].number,
                });
            }
            i += 1;
        }
        if !example {
            for block in table::blocks(section.kind, lines, &mut diags) {
                match block {
                    TextBlock::Text(line) => blocks.push(Block::Para {
                        text: line.trimmed().to_owned(),
                        line: line.number,
                    }),
                    TextBlock::Table(t) => {
                        let caption = t.title().map(str::to_owned);
                        blocks.push(Block::Table(Table {
                            label: caption.as_ref().map(|c| c.to_ascii_lowercase()),
                            caption,
                            context: None,
                            file: file.to_owned(),
                            line: t.start.number,
                            header: t.header.clone(),
                            rows: t
                                .rows
                                .iter()
                                .map(|r| Row {
                                    cells: r.cells.iter().map(|c| c.text.clone()).collect(),
                                    line: r.cells.first().map_or(t.start.number, |c| c.line.number),
                                })
                                .collect(),
                        }));
                    }
                }
            }
        }
        doc.sections.push(Section {
            heading: section.kind.heading().to_owned(),
            level: 2,
            line: section.heading.number,
            label: None,
            blocks,
        });
    }
    warnings.extend(diags.into_iter().map(|d| Warning::from_diagnostic(file, d)));
    doc
}

/// Where a line of the page is, as a line of a code block: the block holds it trimmed.
fn origin_of(line: &Line<'_>) -> Origin {
    Origin {
        line: line.number,
        indent: line.text.chars().take_while(|c| c.is_whitespace()).count(),
    }
}

/// Whether an example request's line is its request line: the URL (`https://...`), after
/// the method or not (`GET https://...`).
fn is_request_line(text: &str) -> bool {
    let url = match text.split_once(' ') {
        Some((method, rest)) if super::uri::is_method(method) => rest.trim(),
        _ => text,
    };
    url.starts_with("https://") || url.starts_with("http://")
}

/// The index after the line where the brackets opened at `start` close (or the end).
fn balanced_end(lines: &[Line<'_>], start: usize) -> usize {
    let mut depth = 0i64;
    let mut in_string = false;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let mut escaped = false;
        for c in line.text.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '{' | '[' if !in_string => depth += 1,
                '}' | ']' if !in_string => depth -= 1,
                _ => {}
            }
        }
        in_string = false;
        if depth <= 0 {
            return i + 1;
        }
    }
    lines.len()
}
