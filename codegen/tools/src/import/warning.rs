//! The warning a tree import reports what it skipped or guessed with: a page (or a fixes
//! file), a line, and what happened there; the import collects them and goes on. The
//! single-page import, strict, reports through located diagnostics instead (an error
//! names the page's line and column); what the page readers both imports share report as
//! diagnostics becomes a warning here ([`Warning::from_diagnostic`]).

use std::fmt;

use crate::diagnostics::Diagnostic;

/// A warning about one line of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The page, relative to the tree.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What was skipped or guessed.
    pub message: String,
}

impl Warning {
    /// A warning at `file:line`.
    pub fn new(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: warning: {}", self.file, self.line, self.message)
    }
}

/// Warnings collected over an import.
pub(crate) type Warnings = Vec<Warning>;

impl Warning {
    /// A diagnostic of `file` (one of the page readers') as a warning at its line (the first
    /// line when it has no position).
    pub(crate) fn from_diagnostic(file: &str, diagnostic: Diagnostic) -> Self {
        let line = diagnostic.position.map_or(1, |p| p.line);
        Self::new(file, line, diagnostic.message)
    }
}
