//! Problems found in a spec, and how they are shown: like rustc, with the file, line and
//! column, a source snippet with a caret, the key path, and a suggestion when one is likely.
//!
//! Part of the public API: [`crate::check`] returns a [`FileDiagnostics`],
//! [`crate::Error::Spec`] carries them, and [`render_human`] / [`render_json`] show them.

mod key_path;
mod render;
mod spans;

pub use key_path::{KeyPath, Segment};
pub use render::{ColorChoice, render_human, render_json};
pub use spans::Position;
pub use spans::{DuplicateKey, SpanIndex};

use std::fmt;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The spec cannot be turned into code.
    Error,
    /// The spec works but probably not as intended.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Which part of a mapping entry a diagnostic points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The key (e.g. an unknown field name).
    Key,
    /// The value (e.g. a value of the wrong type).
    Value,
}

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable name of the check, e.g. `unknown-field`.
    pub code: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
    /// Where in the document the problem is.
    pub path: KeyPath,
    /// Whether to point at the key or at the value of `path`.
    pub target: Target,
    /// A short label shown under the caret.
    pub label: Option<String>,
    /// A suggested fix.
    pub help: Option<String>,
    /// An exact position, when the YAML parser gave one; otherwise found from `path`.
    pub position: Option<Position>,
}

impl Diagnostic {
    /// An error at the value of `path`.
    pub fn error(code: &'static str, path: &KeyPath, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, path, message)
    }

    /// A warning at the value of `path`.
    pub fn warning(code: &'static str, path: &KeyPath, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, path, message)
    }

    fn new(
        severity: Severity,
        code: &'static str,
        path: &KeyPath,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            code,
            message: message.into(),
            path: path.clone(),
            target: Target::Value,
            label: None,
            help: None,
            position: None,
        }
    }

    /// Points at the key of the entry instead of its value.
    pub fn on_key(mut self) -> Self {
        self.target = Target::Key;
        self
    }

    /// Adds a label under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a suggested fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the exact position reported by the parser.
    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The diagnostics of one spec file, with the text they point into.
#[derive(Debug, Clone)]
pub struct FileDiagnostics {
    /// The file name as shown to the user.
    pub file: String,
    /// The file's text.
    pub source: String,
    /// The problems, errors first, each group in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileDiagnostics {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Number of errors and of warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        (errors, self.diagnostics.len() - errors)
    }

    /// Fills in the position of every diagnostic that has none, from its key path.
    pub fn resolve_positions(&mut self) {
        if self.diagnostics.iter().all(|d| d.position.is_some()) {
            return;
        }
        let index = SpanIndex::build(&self.source);
        for d in &mut self.diagnostics {
            if d.position.is_some() {
                continue;
            }
            if let Some((found, span)) = index.nearest(&d.path) {
                let exact = found == d.path;
                d.position = match (d.target, exact) {
                    (Target::Key, true) => span.key.or(span.value),
                    (Target::Value, true) => span.value.or(span.key),
                    // Missing node: point at the key of the nearest parent that exists.
                    (_, false) => span.key.or(span.value),
                };
            }
        }
    }
}

/// Suggests the candidate closest to `word`, if one is close enough to be a likely typo:
/// similar by Jaro-Winkler, or the same letters in another order (`GTE` for `GET`).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let letters = |s: &str| {
        let mut chars: Vec<char> = s.to_ascii_lowercase().chars().collect();
        chars.sort_unstable();
        chars
    };
    let sorted = letters(word);
    candidates
        .into_iter()
        .map(|c| {
            let score = if sorted.len() > 1 && letters(c) == sorted {
                1.0
            } else {
                strsim::jaro_winkler(&lower, &c.to_ascii_lowercase())
            };
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let fields = ["required", "nullable", "description"];
        assert_eq!(did_you_mean("requird", fields), Some("required"));
        assert_eq!(did_you_mean("Nullable", fields), Some("nullable"));
        assert_eq!(did_you_mean("zzz", fields), None);
        assert_eq!(did_you_mean("GTE", ["GET", "PUT"]), Some("GET"));
    }
}
