//! A page read into sections: the one model of a page every front end gives (`rst` for
//! reStructuredText, `text_form` for the text form copied from the web), whatever its form:
//! the title and the sections in order, each with its paragraphs, tables (header, rows,
//! label, caption) and code blocks. [`super::model`] reads it into the facts of an
//! operation. The inline markup helpers are here too, since tables and the model both clean
//! cell text with them.

/// A block of a section.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// Consecutive lines of text, joined with spaces; `line` is the first one's number.
    Para { text: String, line: usize },
    /// A table with its label and caption.
    Table(Table),
    /// A code block's text (dedented) and the line of its directive; `origin` says where
    /// each line of `text` is on the page (see [`Origin`]).
    Code {
        text: String,
        line: usize,
        origin: Vec<Origin>,
    },
}

/// Where a line of a code block's text is on its page: the page line, and how many
/// characters before it the reader removed (its indentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Origin {
    /// 1-based page line.
    pub line: usize,
    /// Characters removed before the text of the line.
    pub indent: usize,
}

/// The page line and 1-based column of byte `offset` of a code block's `text`, each line of
/// which is at `origin` (`None` when `origin` does not reach that line).
pub(crate) fn place_in(text: &str, origin: &[Origin], offset: usize) -> Option<(usize, usize)> {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let k = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let at = origin.get(k)?;
    Some((
        at.line,
        at.indent + before[line_start..].chars().count() + 1,
    ))
}

/// A section: its heading (empty for the text before the first heading), its nesting level
/// (1 for the page title) and its blocks.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// The heading text.
    pub heading: String,
    /// 1 for the title, 2 for its sections, and so on.
    pub level: usize,
    /// The heading's line.
    pub line: usize,
    /// The `.. _label:` right before the heading (lower case), if any.
    pub label: Option<String>,
    /// What the section holds, in order.
    pub blocks: Vec<Block>,
}

/// A page read into sections.
#[derive(Debug, Clone, Default)]
pub(crate) struct Doc {
    /// Every section in order, the title first (when the page has one).
    pub sections: Vec<Section>,
    /// The operation id the page itself names (the text form's SDK samples), if any.
    pub id: Option<String>,
}

impl Doc {
    /// The page title: the first heading.
    pub fn title(&self) -> Option<&Section> {
        self.sections.iter().find(|s| !s.heading.is_empty())
    }

    /// Every table of the page, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
        })
    }
}

/// A row: one text per column, and the line it starts on.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// Cell texts (lines joined with `\n`, each trimmed).
    pub cells: Vec<String>,
    /// First line of the row.
    pub line: usize,
}

/// A table with its header, rows, and the label and caption given before it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    /// `.. _label:` right before the table (lower case), if any.
    pub label: Option<String>,
    /// The `.. table::` caption, markup removed.
    pub caption: Option<String>,
    /// The paragraph or list item just above the table (`-  Parameter description of
    /// field **restore_req**`), markup removed: a caption in all but name.
    pub context: Option<String>,
    /// The page the table is on.
    pub file: String,
    /// First line of the table.
    pub line: usize,
    /// Column titles (empty when the table has no header).
    pub header: Vec<String>,
    /// Data rows.
    pub rows: Vec<Row>,
}

impl Table {
    /// The index of the first column whose title (markup removed, no case) starts with one
    /// of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| {
            let h = clean_inline(h).to_ascii_lowercase();
            names.iter().any(|n| h.starts_with(n))
        })
    }

    /// The caption, else the text just above the table.
    pub fn title(&self) -> Option<&str> {
        self.caption.as_deref().or(self.context.as_deref())
    }

    /// Whether the table lists fields: it has a Type column.
    pub fn is_field_table(&self) -> bool {
        self.column(&["type", "data type", "parameter type"])
            .is_some()
    }

    /// The cell of `row` in column `col`, or "".
    pub fn cell<'t>(&self, row: &'t Row, col: Option<usize>) -> &'t str {
        col.and_then(|c| row.cells.get(c))
            .map_or("", String::as_str)
    }
}

/// Inline markup removed: `` :ref:`text <label>` `` → `text`, `**b**` → `b`, ``` ``c`` ```
/// → `c`, `\ ` → nothing, whitespace collapsed.
pub(crate) fn clean_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find(":ref:`") {
        out.push_str(&rest[..p]);
        let after = &rest[p + 6..];
        match after.find('`') {
            Some(end) => {
                let inner = &after[..end];
                let shown = match inner.rfind('<') {
                    Some(lt) if inner.ends_with('>') => inner[..lt].trim_end(),
                    _ => inner,
                };
                out.push_str(shown);
                rest = &after[end + 1..];
            }
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out.replace("\\ ", "").replace("**", "").replace("``", "");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The labels of every `` :ref:`text <label>` `` in `text`, in order.
pub(crate) fn ref_labels(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(p) = rest.find(":ref:`") {
        let after = &rest[p + 6..];
        let Some(end) = after.find('`') else { break };
        let inner = &after[..end];
        let label = match inner.rfind('<') {
            Some(lt) if inner.ends_with('>') => &inner[lt + 1..inner.len() - 1],
            _ => inner,
        };
        out.push(label.trim().to_ascii_lowercase());
        rest = &after[end + 1..];
    }
    out
}

/// What a Mandatory cell says: `Some(true)` for yes (`Yes`, `Yes, when ...`, `true`,
/// `mandatory`, `required`, `是`, `必选`), `Some(false)` for no (`No`, `false`, `optional`,
/// `-`, empty, `否`, `可选`), `None` for anything else (`Maybe`, `Conditionally Yes`).
pub(crate) fn mandatory(cell: &str) -> Option<bool> {
    let v = clean_inline(cell).to_ascii_lowercase();
    let v = v.trim();
    if v.starts_with("yes") || ["true", "mandatory", "required", "是", "必选"].contains(&v) {
        Some(true)
    } else if v.is_empty()
        || v.starts_with("no")
        || ["-", "false", "optional", "否", "可选"].contains(&v)
    {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::mandatory;

    #[test]
    fn mandatory_cells_read_in_english_and_chinese() {
        for yes in [
            "Yes",
            "yes, when `type` is `x`",
            "**Yes**",
            "true",
            "Required",
            "是",
            "必选",
        ] {
            assert_eq!(mandatory(yes), Some(true), "{yes}");
        }
        for no in ["No", "", "-", "false", "Optional", "否", "可选"] {
            assert_eq!(mandatory(no), Some(false), "{no}");
        }
        for unclear in ["Maybe", "Conditionally Yes", "String"] {
            assert_eq!(mandatory(unclear), None, "{unclear}");
        }
    }
}
