//! What an import reports about a page, and how strictly it takes it.
//!
//! A [`Warning`] is a page (or a fixes file), a line, a column when known, what happened
//! there, a suggestion when one is likely, and its [`Kind`]: text the importer could not
//! read, or text it skipped or guessed at. A [`Strictness`] says what an unreadable part
//! does: [`Strictness::Lenient`] (the tree import's default) reports it and goes on,
//! [`Strictness::Strict`] makes it an error (the page import's default). The text form's
//! readers report located diagnostics, whose errors are what cannot be read and whose
//! warnings are what was skipped; [`Warning::from_diagnostic`] turns one into the other.
//! An import gives each warning without a column its line's first character's, so that
//! every one reads `file:line:column`.
//!
//! Shown as every other diagnostic is: [`located`] makes them [`FileDiagnostics`] (one per
//! file, with its text) for `render_human`, which prints each like rustc, with the page's
//! line and a caret, the help, and colour on a terminal; an unreadable part is
//! `error[import-unreadable]` when strict, `warning[import-unreadable]` when not, skipped text
//! `warning[import-skipped]`. A warning's `Display` is the compact one-line form,
//! `file:line[:column]: warning|error: message` with `  = help: ...` below, for logs and
//! test messages.

use std::fmt;

use crate::diagnostics::{Diagnostic, FileDiagnostics, KeyPath, Position};

/// Whether a warning is about something the importer could not read or text it skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Text the importer could not read (a truncated table, a second URI, an unknown type,
    /// bytes that are not UTF-8, an example that is not JSON): an error when strict.
    Unreadable,
    /// Text skipped, or a guess made where the page says too little: always a warning.
    Skipped,
}

/// What an unreadable part of a page does to an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Strictness {
    /// Reported as a warning; the rest is imported.
    #[default]
    Lenient,
    /// An error: the import fails and writes nothing.
    Strict,
}

impl Strictness {
    /// Whether `warning` is an error at this strictness.
    pub fn fails(self, warning: &Warning) -> bool {
        self == Self::Strict && warning.kind == Kind::Unreadable
    }
}

/// A warning about one line of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The page, relative to the tree.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// What was skipped or guessed.
    pub message: String,
    /// A suggested fix, when one is likely.
    pub help: Option<String>,
    /// Unreadable or skipped.
    pub kind: Kind,
}

impl Warning {
    /// Skipped text (or a guess) at `file:line`.
    pub fn new(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line,
            column: None,
            message: message.into(),
            help: None,
            kind: Kind::Skipped,
        }
    }

    /// Text the importer could not read at `file:line`.
    pub fn unreadable(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            kind: Kind::Unreadable,
            ..Self::new(file, line, message)
        }
    }

    /// A diagnostic of `file` (one of the page readers') as a warning at its position (the
    /// first line when it has none), keeping its column and help; an error is unreadable
    /// text, a warning skipped text.
    pub fn from_diagnostic(file: &str, diagnostic: Diagnostic) -> Self {
        let kind = if diagnostic.is_error() {
            Kind::Unreadable
        } else {
            Kind::Skipped
        };
        Self {
            file: file.to_owned(),
            line: diagnostic.position.map_or(1, |p| p.line),
            column: diagnostic.position.map(|p| p.column),
            message: diagnostic.message,
            help: diagnostic.help,
            kind,
        }
    }

    /// The warning as shown at `strictness`: an error when strictness makes it one.
    pub fn at(&self, strictness: Strictness) -> impl fmt::Display + '_ {
        Shown {
            warning: self,
            error: strictness.fails(self),
        }
    }
}

struct Shown<'a> {
    warning: &'a Warning,
    error: bool,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.warning;
        write!(f, "{}:{}", w.file, w.line)?;
        if let Some(column) = w.column {
            write!(f, ":{column}")?;
        }
        let level = if self.error { "error" } else { "warning" };
        write!(f, ": {level}: {}", w.message)?;
        if let Some(help) = &w.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Shown leniently: always a warning.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.at(Strictness::Lenient).fmt(f)
    }
}

/// Warnings collected over an import.
pub(crate) type Warnings = Vec<Warning>;

/// The warnings as located diagnostics, for `render_human` (the renderer of the page
/// import's and `check`'s diagnostics): one [`FileDiagnostics`] per file, in the order of
/// each file's first warning, errors first and then by line. `source` gives a file's text,
/// asked once per file; a file it does not know (or a line past its end) gets no snippet,
/// and the message names the line. A warning is an error when `strictness` makes it one.
pub fn located(
    warnings: &[Warning],
    strictness: Strictness,
    mut source: impl FnMut(&str) -> Option<String>,
) -> Vec<FileDiagnostics> {
    let mut files: Vec<FileDiagnostics> = Vec::new();
    for w in warnings {
        let at = match files.iter().position(|f| f.file == w.file) {
            Some(i) => i,
            None => {
                files.push(FileDiagnostics {
                    file: w.file.clone(),
                    source: source(&w.file).unwrap_or_default(),
                    diagnostics: Vec::new(),
                });
                files.len() - 1
            }
        };
        let file = &mut files[at];
        let d = diagnostic(w, strictness, &file.source);
        file.diagnostics.push(d);
    }
    for f in &mut files {
        f.diagnostics
            .sort_by_key(|d| (d.severity, d.position.map_or(0, |p| p.offset)));
    }
    files
}

/// Gives each warning without a column the column of its line's first character that is
/// not a space, so that every warning reads `file:line:column`. `source` gives a file's
/// text, asked once per file with such warnings (sorted by file, as an import sorts them,
/// a file is asked once); a file it does not know, or a line past its end, stays without.
pub(crate) fn with_columns(
    warnings: &mut [Warning],
    mut source: impl FnMut(&str) -> Option<String>,
) {
    let mut text: Option<(String, Option<String>)> = None;
    for w in warnings.iter_mut().filter(|w| w.column.is_none()) {
        if text.as_ref().is_none_or(|(file, _)| *file != w.file) {
            text = Some((w.file.clone(), source(&w.file)));
        }
        if let Some((_, Some(t))) = &text {
            w.column = position(t, w.line, None).map(|p| p.column);
        }
    }
}

/// One warning as a diagnostic in `text` (its file's text, empty when unknown).
fn diagnostic(w: &Warning, strictness: Strictness, text: &str) -> Diagnostic {
    let code = match w.kind {
        Kind::Unreadable => "import-unreadable",
        Kind::Skipped => "import-skipped",
    };
    let position = position(text, w.line, w.column);
    let message = match position {
        Some(_) => w.message.clone(),
        None => format!("{} (line {})", w.message, w.line),
    };
    let root = KeyPath::root();
    let mut d = if strictness.fails(w) {
        Diagnostic::error(code, &root, message)
    } else {
        Diagnostic::warning(code, &root, message)
    };
    if let Some(p) = position {
        d = d.at(p);
    }
    if let Some(help) = &w.help {
        d = d.with_help(help.as_str());
    }
    d
}

/// Where 1-based `line` and `column` (in characters; without one, the line's first
/// character that is not a space) are in `text`; `None` past its end.
pub(crate) fn position(text: &str, line: usize, column: Option<usize>) -> Option<Position> {
    let line = line.max(1);
    let start = match line {
        1 => 0,
        n => text.match_indices('\n').nth(n - 2)?.0 + 1,
    };
    let rest = &text[start..];
    let line_text = rest.split('\n').next().unwrap_or_default();
    if line_text.is_empty() && rest.is_empty() {
        return None;
    }
    let byte = match column {
        Some(c) => line_text
            .char_indices()
            .nth(c.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i),
        None => line_text.len() - line_text.trim_start().len(),
    };
    Some(Position {
        line,
        column: line_text[..byte].chars().count() + 1,
        offset: start + byte,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{KeyPath, Position};

    #[test]
    fn a_diagnostic_keeps_its_place_help_and_kind() {
        let position = Position {
            line: 7,
            column: 3,
            offset: 90,
        };
        let error = Diagnostic::error("page-json", &KeyPath::root(), "invalid JSON")
            .at(position)
            .with_help("close the brace");
        let w = Warning::from_diagnostic("a.txt", error);
        assert_eq!(
            (w.line, w.column, w.kind, w.help.as_deref()),
            (7, Some(3), Kind::Unreadable, Some("close the brace"))
        );
        let skipped = Warning::from_diagnostic(
            "a.txt",
            Diagnostic::warning("page-skipped", &KeyPath::root(), "text skipped"),
        );
        assert_eq!(
            (skipped.line, skipped.column, skipped.kind),
            (1, None, Kind::Skipped)
        );
    }

    #[test]
    fn strict_makes_only_unreadable_text_an_error() {
        let unreadable = Warning::unreadable("p.rst", 4, "a table line is cut");
        let skipped = Warning::new("p.rst", 5, "a row skipped");
        assert!(Strictness::Strict.fails(&unreadable));
        assert!(!Strictness::Strict.fails(&skipped));
        assert!(!Strictness::Lenient.fails(&unreadable));
        assert_eq!(Strictness::default(), Strictness::Lenient);
        assert_eq!(
            unreadable.at(Strictness::Strict).to_string(),
            "p.rst:4: error: a table line is cut"
        );
        assert_eq!(
            unreadable.to_string(),
            "p.rst:4: warning: a table line is cut"
        );
        assert_eq!(
            skipped.at(Strictness::Strict).to_string(),
            "p.rst:5: warning: a row skipped"
        );
    }

    #[test]
    fn a_column_and_help_are_shown_when_known() {
        let w = Warning {
            column: Some(12),
            help: Some("quote the key".to_owned()),
            ..Warning::unreadable("q.txt", 3, "invalid JSON")
        };
        assert_eq!(
            w.at(Strictness::Strict).to_string(),
            "q.txt:3:12: error: invalid JSON\n  = help: quote the key"
        );
    }

    /// Warnings become the diagnostics of their files, with the page's line under a caret
    /// (at the column, else at the line's first character), strictness deciding errors; a
    /// file without text still names the line.
    #[test]
    fn located_warnings_render_like_every_diagnostic() {
        use crate::diagnostics::{ColorChoice, render_human};
        let warnings = [
            Warning::new("a.rst", 2, "a row skipped"),
            Warning {
                column: Some(5),
                help: Some("close the table".to_owned()),
                ..Warning::unreadable("a.rst", 3, "a table line is cut")
            },
            Warning::new("fixes.yaml", 4, "the fix no longer applies"),
            Warning::new("a.rst", 9, "past the end"),
        ];
        let files = located(&warnings, Strictness::Strict, |f| {
            (f == "a.rst").then(|| "Title\n   indented row\n+---+ cut\n".to_owned())
        });
        let names: Vec<&str> = files.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(names, ["a.rst", "fixes.yaml"]);
        assert_eq!(files[0].counts(), (1, 2));
        let text = render_human(&files, ColorChoice::Never);
        for want in [
            "error[import-unreadable]: a table line is cut\n --> a.rst:3:5\n  |\n3 | +---+ cut\n  |     ^^^",
            "warning[import-skipped]: a row skipped\n --> a.rst:2:4\n  |\n2 |    indented row\n  |    ^^^^^^^^^^^^",
            "= help: close the table",
            "warning[import-skipped]: past the end (line 9)\n --> a.rst",
            "warning[import-skipped]: the fix no longer applies (line 4)\n --> fixes.yaml",
        ] {
            assert!(text.contains(want), "no `{want}` in:\n{text}");
        }
        let lenient = located(&warnings[1..2], Strictness::Lenient, |_| None);
        assert_eq!(lenient[0].counts(), (0, 1));
    }
}
