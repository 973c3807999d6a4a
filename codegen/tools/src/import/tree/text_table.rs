//! Tables in the text form of a page.
//!
//! A row starts with a line holding only `|` (at the start of the line). Each cell follows
//! as one or more lines, the last one ending with ` |`; a cell line holding only ` |`
//! (indented) is an empty cell. The header row is closed by a separator line `|---|---|`,
//! which also fixes the number of columns; every data row must have exactly that many
//! cells.
//!
//! ```text
//! |
//! Parameter |
//! Type |
//! |---|---|
//! |
//! status |
//! String |
//! ```

use super::text_page::{Line, SectionKind};
use crate::diagnostics::{Diagnostic, KeyPath};

/// One cell: its text (lines joined with `\n`, the closing `|` removed) and first line.
#[derive(Debug, Clone)]
pub(crate) struct Cell<'a> {
    /// The text without surrounding whitespace.
    pub text: String,
    /// The line the cell starts on.
    pub line: Line<'a>,
}

/// A data row.
#[derive(Debug, Clone)]
pub(crate) struct Row<'a> {
    /// Exactly one cell per column.
    pub cells: Vec<Cell<'a>>,
}

/// A table with its caption (the text line just before it, if any).
#[derive(Debug, Clone)]
pub(crate) struct Table<'a> {
    /// The line of text right before the table, e.g. `Table 2 Query Parameters`.
    pub caption: Option<Line<'a>>,
    /// The `|` line that starts the table.
    pub start: Line<'a>,
    /// Column titles.
    pub header: Vec<String>,
    /// Data rows.
    pub rows: Vec<Row<'a>>,
}

impl Table<'_> {
    /// The caption's text without a leading `Table N`, e.g. `Query Parameters`.
    pub fn title(&self) -> Option<&str> {
        let text = self.caption?.trimmed();
        let rest = match text.get(..5) {
            Some(p) if p.eq_ignore_ascii_case("table") => text[5..].trim_start(),
            _ => return Some(text),
        };
        let after_number = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        Some(if after_number.len() < rest.len() {
            after_number.trim()
        } else {
            text
        })
    }
}

/// What a section is made of: lines of text and tables.
#[derive(Debug, Clone)]
pub(crate) enum Block<'a> {
    /// A line outside any table (never blank).
    Text(Line<'a>),
    /// A table.
    Table(Table<'a>),
}

fn is_row_start(line: &Line<'_>) -> bool {
    line.text == "|"
}

fn is_separator(line: &Line<'_>) -> bool {
    let t = line.trimmed();
    t.len() > 2
        && t.starts_with('|')
        && t.ends_with('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
        && t.contains('-')
}

fn is_cell_line(line: &Line<'_>) -> bool {
    line.trimmed().ends_with('|')
}

/// Splits a section's lines into text lines and tables. A table's caption is the text line
/// right before it; that line is also kept as a text block.
pub(crate) fn blocks<'a>(
    kind: SectionKind,
    lines: &[Line<'a>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Block<'a>> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut last_text: Option<Line<'a>> = None;
    while i < lines.len() {
        let line = lines[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        if is_row_start(&line) {
            let caption = last_text.take();
            match read_table(kind, lines, &mut i, caption, diags) {
                Some(t) => out.push(Block::Table(t)),
                None => {
                    // The caption belongs to the broken table: it is not stray text.
                    if caption.is_some() {
                        out.pop();
                    }
                    return out;
                }
            }
            continue;
        }
        if is_cell_line(&line) && line.trimmed() != "|" {
            diags.push(
                Diagnostic::error(
                    "page-table",
                    &kind.path(),
                    "this line looks like a table cell, but no table row is open here",
                )
                .at(line.start())
                .with_help("a row has exactly as many cells as the table header; a row starts with a line holding only `|`"),
            );
            i += 1;
            continue;
        }
        last_text = Some(line);
        out.push(Block::Text(line));
        i += 1;
    }
    out
}

/// Reads the table starting at `lines[*i]`; on a malformed table reports it and returns
/// `None` (the rest of the section is then not read).
fn read_table<'a>(
    kind: SectionKind,
    lines: &[Line<'a>],
    i: &mut usize,
    caption: Option<Line<'a>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Table<'a>> {
    let start = lines[*i];
    let path = kind.path();
    *i += 1;
    let mut header = Vec::new();
    loop {
        let Some(line) = lines.get(*i) else {
            diags.push(
                Diagnostic::error(
                    "page-table",
                    &path,
                    "the table header is not followed by a `|---|` separator line",
                )
                .at(start.start()),
            );
            return None;
        };
        if is_separator(line) {
            let columns = line.trimmed().matches('|').count() - 1;
            if columns != header.len() {
                diags.push(
                    Diagnostic::error(
                        "page-table",
                        &path,
                        format!(
                            "the separator has {columns} columns but the header has {} cells",
                            header.len()
                        ),
                    )
                    .at(line.start()),
                );
                return None;
            }
            *i += 1;
            break;
        }
        header.push(read_cell(&path, lines, i, diags)?.text);
    }
    let mut rows = Vec::new();
    loop {
        while lines.get(*i).is_some_and(|l| l.is_blank()) {
            *i += 1;
        }
        let Some(line) = lines.get(*i) else { break };
        if !is_row_start(line) {
            if is_cell_line(line) && !is_separator(line) {
                let cells = rows.last().map_or(0, |r: &Row<'_>| r.cells.len());
                diags.push(
                    Diagnostic::error(
                        "page-table",
                        &path,
                        format!("this row has more cells than the table header ({cells})"),
                    )
                    .at(line.start())
                    .with_help("each row needs exactly one cell per column"),
                );
                return None;
            }
            break;
        }
        let row_start = *line;
        *i += 1;
        let mut cells = Vec::new();
        while cells.len() < header.len() {
            match lines.get(*i) {
                Some(l) if is_row_start(l) => {
                    diags.push(
                        Diagnostic::error(
                            "page-table",
                            &path,
                            format!(
                                "this row has {} cells but the table header has {}",
                                cells.len(),
                                header.len()
                            ),
                        )
                        .at(row_start.start())
                        .with_help("write `-` for an empty cell"),
                    );
                    return None;
                }
                _ => cells.push(read_cell(&path, lines, i, diags)?),
            }
        }
        rows.push(Row { cells });
    }
    Some(Table {
        caption,
        start,
        header,
        rows,
    })
}

/// Reads one cell: lines up to and including the first one that ends with `|`.
fn read_cell<'a>(
    path: &KeyPath,
    lines: &[Line<'a>],
    i: &mut usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Cell<'a>> {
    let first = lines.get(*i).copied();
    let mut parts: Vec<&str> = Vec::new();
    while let Some(line) = lines.get(*i) {
        *i += 1;
        let t = line.trimmed();
        if let Some(content) = t.strip_suffix('|') {
            let content = content.trim();
            if !content.is_empty() {
                parts.push(content);
            }
            return Some(Cell {
                text: parts.join("\n"),
                line: first.unwrap_or(*line),
            });
        }
        if !t.is_empty() {
            parts.push(t);
        }
    }
    let mut d = Diagnostic::error(
        "page-table",
        path,
        "this table cell is not closed: no line ending with `|` follows",
    );
    if let Some(line) = first {
        d = d.at(line.start());
    }
    diags.push(d);
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tree::text_page::Page;

    fn section(text: &str) -> (Vec<Block<'_>>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let page = Page::split(text, &mut diags);
        let s = page.sections.into_iter().next().unwrap();
        let b = blocks(s.kind, &s.lines, &mut diags);
        (b, diags)
    }

    #[test]
    fn reads_caption_header_rows_and_multi_line_cells() {
        let text = "T\nURI\nTable 2 Query Parameters\n|\nParameter |\nType |\n|---|---|\n|\na |\nString |\n|\nb\nmore |\n |\n";
        let (blocks, diags) = section(text);
        assert!(diags.is_empty(), "{diags:?}");
        let Block::Table(t) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert_eq!(t.title(), Some("Query Parameters"));
        assert_eq!(t.header, ["Parameter", "Type"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells[0].text, "b\nmore");
        assert_eq!(t.rows[1].cells[1].text, "");
        assert_eq!(t.rows[1].cells[0].line.number, 12);
    }

    #[test]
    fn a_short_row_is_an_error_at_its_start() {
        let text = "T\nURI\n|\nA |\nB |\n|---|---|\n|\nx |\n|\ny |\nz |\n";
        let (_, diags) = section(text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0]
                .message
                .contains("1 cells but the table header has 2")
        );
        assert_eq!(diags[0].position.map(|p| p.line), Some(7));
    }

    #[test]
    fn a_long_row_is_an_error() {
        let text = "T\nURI\n|\nA |\n|---|\n|\nx |\ny |\n";
        let (_, diags) = section(text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("more cells"));
        assert_eq!(diags[0].position.map(|p| p.line), Some(8));
    }

    #[test]
    fn titles_without_a_table_number_are_kept_whole() {
        let text = "T\nURI\nPath Parameters\n|\nA |\n|---|\n";
        let (blocks, _) = section(text);
        let Block::Table(t) = &blocks[1] else {
            panic!()
        };
        assert_eq!(t.title(), Some("Path Parameters"));
    }
}
