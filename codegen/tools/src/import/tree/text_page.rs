//! The text form's first reader: a page as numbered lines, split into its known sections.
//!
//! A page starts with its title, then sections introduced by a heading line of their own
//! (`Function`, `URI`, `Request Parameters`, ...). Everything from the `Feedback` heading on
//! is the site's footer and is skipped.

use crate::diagnostics::{Diagnostic, KeyPath, Position};

/// One line of a page: its 1-based number, byte offset and text without the line break.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    /// Line number, from 1.
    pub number: usize,
    /// Byte offset of the line's first character in the page.
    pub offset: usize,
    /// The text, trailing whitespace and `\r` removed.
    pub text: &'a str,
}

impl<'a> Line<'a> {
    /// The text without surrounding whitespace.
    pub fn trimmed(&self) -> &'a str {
        self.text.trim()
    }

    /// Whether the line holds nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        self.trimmed().is_empty()
    }

    /// The position of byte `column` of this line (clamped to the line).
    pub fn position(&self, column: usize) -> Position {
        let column = floor_boundary(self.text, column);
        Position {
            line: self.number,
            column: self.text[..column].chars().count() + 1,
            offset: self.offset + column,
        }
    }

    /// The position of the first non-blank character.
    pub fn start(&self) -> Position {
        self.position(self.text.len() - self.text.trim_start().len())
    }
}

fn floor_boundary(text: &str, index: usize) -> usize {
    let mut i = index.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The sections a page may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum SectionKind {
    /// What the API does.
    Function,
    /// Boilerplate about calling APIs (skipped).
    CallingMethod,
    /// Constraints on use (skipped: the spec has no place for them).
    Constraints,
    /// The IAM permission table.
    Authorization,
    /// Method and path, sometimes with path and query parameter tables.
    Uri,
    /// Parameter tables, or `None`.
    RequestParameters,
    /// Response tables per status code.
    ResponseParameters,
    /// Documented requests.
    ExampleRequests,
    /// Documented responses per status code.
    ExampleResponses,
    /// SDK samples: only the request class name is read from them.
    SdkSample,
    /// The status code table.
    StatusCodes,
    /// The error code table, or a pointer to the service-wide one.
    ErrorCodes,
    /// API Explorer hints (skipped).
    Debugging,
}

/// Heading texts (compared without case) and their sections.
const HEADINGS: &[(&str, SectionKind)] = &[
    ("function", SectionKind::Function),
    ("calling method", SectionKind::CallingMethod),
    ("constraints", SectionKind::Constraints),
    ("authorization information", SectionKind::Authorization),
    ("uri", SectionKind::Uri),
    ("request parameters", SectionKind::RequestParameters),
    ("response parameters", SectionKind::ResponseParameters),
    ("example requests", SectionKind::ExampleRequests),
    ("example responses", SectionKind::ExampleResponses),
    ("sdk sample code", SectionKind::SdkSample),
    ("status codes", SectionKind::StatusCodes),
    ("status code", SectionKind::StatusCodes),
    ("error codes", SectionKind::ErrorCodes),
    ("debugging", SectionKind::Debugging),
];

/// The heading that starts the site footer: it and everything after it are skipped.
const FOOTER: &str = "feedback";

impl SectionKind {
    /// The heading as pages write it, for messages and key paths.
    pub fn heading(self) -> &'static str {
        match self {
            SectionKind::Function => "Function",
            SectionKind::CallingMethod => "Calling Method",
            SectionKind::Constraints => "Constraints",
            SectionKind::Authorization => "Authorization Information",
            SectionKind::Uri => "URI",
            SectionKind::RequestParameters => "Request Parameters",
            SectionKind::ResponseParameters => "Response Parameters",
            SectionKind::ExampleRequests => "Example Requests",
            SectionKind::ExampleResponses => "Example Responses",
            SectionKind::SdkSample => "SDK Sample Code",
            SectionKind::StatusCodes => "Status Codes",
            SectionKind::ErrorCodes => "Error Codes",
            SectionKind::Debugging => "Debugging",
        }
    }

    /// The key path naming this section in diagnostics.
    pub fn path(self) -> KeyPath {
        KeyPath::root().key(self.heading())
    }
}

/// A section: its heading line and the lines up to the next heading.
#[derive(Debug, Clone)]
pub(crate) struct Section<'a> {
    /// Which section.
    pub kind: SectionKind,
    /// The heading line.
    pub heading: Line<'a>,
    /// The lines after the heading.
    pub lines: Vec<Line<'a>>,
}

/// A page split into lines and sections.
#[derive(Debug, Clone)]
pub(crate) struct Page<'a> {
    /// The first non-blank line: the page title.
    pub title: Option<Line<'a>>,
    /// The sections in page order.
    pub sections: Vec<Section<'a>>,
}

impl<'a> Page<'a> {
    /// Splits `text` into sections. Text between the title and the first heading is
    /// reported as ignored; a section that appears twice is an error.
    pub fn split(text: &'a str, diags: &mut Vec<Diagnostic>) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines = lines(text);
        let mut title = None;
        let mut sections: Vec<Section<'a>> = Vec::new();
        for line in lines {
            let trimmed = line.trimmed();
            if trimmed.eq_ignore_ascii_case(FOOTER) {
                break;
            }
            if let Some(kind) = heading(trimmed) {
                if let Some(first) = sections.iter().find(|s| s.kind == kind) {
                    diags.push(
                        Diagnostic::error(
                            "page-duplicate-section",
                            &kind.path(),
                            format!("the page has a second `{}` section", kind.heading()),
                        )
                        .at(line.start())
                        .with_help(format!(
                            "the first one starts on line {}; a page describes one operation",
                            first.heading.number
                        )),
                    );
                    continue;
                }
                sections.push(Section {
                    kind,
                    heading: line,
                    lines: Vec::new(),
                });
                continue;
            }
            match sections.last_mut() {
                Some(section) => section.lines.push(line),
                None if title.is_none() && !line.is_blank() => title = Some(line),
                None if line.is_blank() => {}
                None => diags.push(ignored(&KeyPath::root().key("title"), line)),
            }
        }
        Page { title, sections }
    }

    /// The section of a kind, if the page has it.
    pub fn section(&self, kind: SectionKind) -> Option<&Section<'a>> {
        self.sections.iter().find(|s| s.kind == kind)
    }
}

/// The section a heading line starts, if it is one.
fn heading(trimmed: &str) -> Option<SectionKind> {
    HEADINGS
        .iter()
        .find(|(h, _)| trimmed.eq_ignore_ascii_case(h))
        .map(|(_, kind)| *kind)
}

/// The lines of `text` with numbers and offsets.
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, raw) in text.split('\n').enumerate() {
        out.push(Line {
            number: i + 1,
            offset,
            text: raw.trim_end(),
        });
        offset += raw.len() + 1;
    }
    out
}

/// A warning that a line of text was skipped because it is not data the importer reads.
pub(crate) fn ignored(path: &KeyPath, line: Line<'_>) -> Diagnostic {
    Diagnostic::warning(
        "page-ignored-text",
        path,
        format!(
            "this text is not part of any table or known item: `{}`",
            shorten(line.trimmed())
        ),
    )
    .at(line.start())
    .with_help("the importer skips it; check that nothing the spec needs is written here")
}

/// The first 60 characters of `text`, with `...` when cut.
pub(crate) fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{head}...")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sections_and_skips_the_footer() {
        let text = "Title\nFunction\nDoes it.\nURI\nGET /x\nFeedback\nURI\nWas this helpful?\n";
        let mut diags = Vec::new();
        let page = Page::split(text, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(page.title.map(|l| l.text), Some("Title"));
        let kinds: Vec<SectionKind> = page.sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [SectionKind::Function, SectionKind::Uri]);
        let uri = page.section(SectionKind::Uri).unwrap();
        assert_eq!(uri.lines[0].number, 5);
        assert_eq!(uri.lines[0].offset, text.find("GET").unwrap());
    }

    #[test]
    fn a_repeated_section_is_an_error() {
        let mut diags = Vec::new();
        Page::split("T\nURI\nGET /a\nURI\nGET /b\n", &mut diags);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "page-duplicate-section");
        assert_eq!(diags[0].position.map(|p| p.line), Some(4));
    }

    #[test]
    fn positions_count_characters() {
        let line = Line {
            number: 3,
            offset: 10,
            text: "  仓库 |",
        };
        let p = line.position(line.text.find('|').unwrap());
        assert_eq!((p.line, p.column, p.offset), (3, 6, 10 + 9));
        assert_eq!(line.start().column, 3);
    }
}
