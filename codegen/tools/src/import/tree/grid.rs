//! Grid tables and simple tables of reStructuredText, read into rows of cell texts.
//!
//! Grid tables: the first border line (`+----+----+`) fixes the column boundaries (its `+`
//! characters); a row is the lines between two border lines; `+====+` ends the header. A
//! cell's lines are kept as lines (joined with `\n`), so bullet lists stay readable. A
//! missing `|` at a boundary spans the cell over the next column. Simple tables: the first
//! `=== ===` line fixes the columns, the second ends the header; a line whose first column
//! is blank continues the row above. Columns are counted in characters, not bytes.

use super::doc::{Row, Table};
use crate::import::warning::{Warning, Warnings};

fn is_grid_border(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('+') && t.len() > 1 && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ':'))
}

/// Whether a line is a simple-table border: runs of `=` separated by spaces, at least two.
pub(crate) fn is_simple_border(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('=')
        && t.chars().all(|c| c == '=' || c == ' ')
        && t.split_whitespace().count() >= 2
}

/// The table's lines as characters, without the first line's indentation.
fn dedented_chars(lines: &[&str]) -> Vec<Vec<char>> {
    let indent = lines.first().map_or(0, |l| l.len() - l.trim_start().len());
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()).chars().collect())
        .collect()
}

/// Reads a grid table from `lines` (the first is on line `first`). `None` when nothing
/// could be read (with a warning).
pub(crate) fn grid(
    file: &str,
    first: usize,
    lines: &[&str],
    warnings: &mut Warnings,
) -> Option<Table> {
    let rows_chars = dedented_chars(lines);
    let top = rows_chars.first()?;
    let bounds: Vec<usize> = top
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '+')
        .map(|(i, _)| i)
        .collect();
    if bounds.len() < 2 {
        warnings.push(Warning::unreadable(
            file,
            first,
            "a grid table border without columns",
        ));
        return None;
    }
    let columns = bounds.len() - 1;
    let mut header: Vec<String> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut pending: Vec<Vec<String>> = vec![Vec::new(); columns];
    let mut pending_line: Option<usize> = None;
    let mut reported_short = false;
    let flush = |pending: &mut Vec<Vec<String>>, pending_line: &mut Option<usize>| -> Option<Row> {
        let line = pending_line.take()?;
        let cells = pending
            .iter_mut()
            .map(|c| {
                let text = c.join("\n");
                c.clear();
                text.trim_matches('\n').to_owned()
            })
            .collect();
        Some(Row { cells, line })
    };
    for (n, chars) in rows_chars.iter().enumerate().skip(1) {
        let number = first + n;
        let line: String = chars.iter().collect();
        if is_grid_border(&line) {
            if let Some(row) = flush(&mut pending, &mut pending_line) {
                if line.contains('=') && header.is_empty() && rows.is_empty() {
                    header = row.cells;
                } else {
                    rows.push(row);
                }
            }
            continue;
        }
        if pending_line.is_none() {
            pending_line = Some(number);
        }
        if chars.len() <= *bounds.last().unwrap_or(&0) && !reported_short {
            warnings.push(Warning::unreadable(
                file,
                number,
                "a table line is shorter than the table's border: cells may be cut",
            ));
            reported_short = true;
        }
        let mut col = 0;
        while col < columns {
            // Span over boundaries that have no `|` on this line.
            let mut end = col + 1;
            while end < columns && chars.get(bounds[end]) != Some(&'|') {
                end += 1;
            }
            let from = (bounds[col] + 1).min(chars.len());
            let to = bounds[end].min(chars.len());
            let text: String = chars[from..to.max(from)].iter().collect();
            pending[col].push(text.trim().to_owned());
            col = end;
        }
    }
    if let Some(row) = flush(&mut pending, &mut pending_line) {
        warnings.push(Warning::unreadable(
            file,
            row.line,
            "this table ends without a closing border line: the last row may be incomplete",
        ));
        rows.push(row);
    }
    Some(Table {
        label: None,
        caption: None,
        context: None,
        file: file.to_owned(),
        line: first,
        header,
        rows,
    })
}

/// Reads a simple table from `lines` (the first is on line `first`).
pub(crate) fn simple(
    file: &str,
    first: usize,
    lines: &[&str],
    warnings: &mut Warnings,
) -> Option<Table> {
    let chars = dedented_chars(lines);
    let border = chars.first()?;
    let mut starts = Vec::new();
    for (i, c) in border.iter().enumerate() {
        if *c == '=' && (i == 0 || border[i - 1] == ' ') {
            starts.push(i);
        }
    }
    let borders: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| is_simple_border(l))
        .map(|(i, _)| i)
        .collect();
    if borders.len() < 2 {
        warnings.push(Warning::unreadable(
            file,
            first,
            "a simple table without its closing `===` line",
        ));
    }
    let header_end = if borders.len() >= 3 { borders[1] } else { 0 };
    let mut header = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    for (n, line) in chars.iter().enumerate().skip(1) {
        if is_simple_border(&line.iter().collect::<String>()) {
            continue;
        }
        let cells: Vec<String> = starts
            .iter()
            .enumerate()
            .map(|(k, &s)| {
                let e = if k + 1 < starts.len() {
                    starts[k + 1]
                } else {
                    line.len()
                };
                let s = s.min(line.len());
                line[s..e.min(line.len()).max(s)]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_owned()
            })
            .collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if n < header_end {
            header = cells;
            continue;
        }
        match rows.last_mut() {
            Some(last) if cells[0].is_empty() => {
                for (c, t) in last.cells.iter_mut().zip(cells) {
                    if !t.is_empty() {
                        c.push('\n');
                        c.push_str(&t);
                    }
                }
            }
            _ => rows.push(Row {
                cells,
                line: first + n,
            }),
        }
    }
    Some(Table {
        label: None,
        caption: None,
        context: None,
        file: file.to_owned(),
        line: first,
        header,
        rows,
    })
}
