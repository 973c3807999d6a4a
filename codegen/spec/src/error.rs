//! The error type of the generator's library API.

use std::fmt;
use std::path::PathBuf;

use crate::diagnostics::{ColorChoice, FileDiagnostics, render_human};

/// Why generation failed.
///
/// `Debug` renders the same readable text as `Display`, because that is what Rust prints
/// when `main` (say, of a `build.rs`) returns `Err`: a failing spec then fails `cargo build`
/// with the diagnostics as the user would see them from `hwcloud-codegen check`.
#[non_exhaustive]
pub enum Error {
    /// One or more specs have errors; each file lists all of its problems.
    Spec(Vec<FileDiagnostics>),
    /// A file or directory could not be read or written.
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The generator was configured wrongly.
    Config {
        /// What is wrong.
        message: String,
    },
    /// A bug in the generator: it produced code it cannot format.
    Internal {
        /// What happened.
        message: String,
    },
}

impl Error {
    /// The spec diagnostics, when the error is about specs.
    pub fn diagnostics(&self) -> &[FileDiagnostics] {
        match self {
            Error::Spec(d) => d,
            _ => &[],
        }
    }

    /// Renders the error like the CLI does, with or without colour.
    pub fn render(&self, color: ColorChoice) -> String {
        match self {
            Error::Spec(files) => render_human(files, color),
            other => format!("error: {other}\n"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(files) => f.write_str(render_human(files, ColorChoice::Never).trim_end()),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Config { message } => f.write_str(message),
            Error::Internal { message } => write!(
                f,
                "internal generator error: {message} (please report this together with the spec)"
            ),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // `main` prints "Error: " first: start the rendered diagnostics on a fresh line.
            Error::Spec(_) => write!(f, "spec problems\n\n{self}"),
            _ => fmt::Display::fmt(self, f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_rendered_diagnostics_as_main_prints_them() {
        let error = Error::Spec(vec![crate::check("bad.yaml", "service:\n  name: 'Demo\n")]);
        let printed = format!("Error: {error:?}");
        assert!(
            printed.starts_with("Error: spec problems\n\nerror[yaml-syntax]: "),
            "{printed}"
        );
        assert!(printed.contains("--> bad.yaml:2:9"), "{printed}");
        assert!(printed.ends_with("spec rejected: 1 error"), "{printed}");
        assert!(!printed.contains("Spec(["), "{printed}");
    }

    #[test]
    fn debug_of_other_errors_is_their_message() {
        let error = Error::Config {
            message: "OUT_DIR is not set".to_owned(),
        };
        assert_eq!(format!("{error:?}"), "OUT_DIR is not set");
    }
}
