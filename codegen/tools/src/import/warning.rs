//! What an import reports about a page, and how strictly it takes it.
//!
//! A [`Warning`] is a page (or a fixes file), a line, a column when known, what happened
//! there, a suggestion when one is likely, and its [`Kind`]: text the importer could not
//! read, or text it skipped or guessed at. A [`Strictness`] says what an unreadable part
//! does: [`Strictness::Lenient`] (the tree import's default) reports it and goes on,
//! [`Strictness::Strict`] makes it an error. The single-page import is always strict: it
//! reports through located diagnostics, whose errors are what cannot be read and whose
//! warnings are what was skipped ([`Warning::from_diagnostic`] turns one into the other,
//! which is how the tree import's text form front end reports).
//!
//! Rendered compiler-like on one line, `file:line[:column]: warning|error: message`, with
//! `  = help: ...` below when there is a suggestion.

use std::fmt;

use crate::diagnostics::Diagnostic;

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
}
