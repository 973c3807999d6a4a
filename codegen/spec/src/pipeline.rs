//! The stages chained: parse, then validate; diagnostics sorted and located.

use crate::diagnostics::{Diagnostic, FileDiagnostics};
use crate::model::Service;
use crate::parse::{self, reader::Cx};
use crate::validate;

/// Parses and validates spec text. On success returns the model and the warnings; on
/// failure every diagnostic found (errors and warnings), with positions.
pub fn resolve(name: &str, text: &str) -> Result<(Service, FileDiagnostics), FileDiagnostics> {
    let mut cx = Cx::default();
    let service = parse::parse(&mut cx, text).and_then(|ast| validate::validate(&mut cx, &ast));
    let mut report = FileDiagnostics {
        file: name.to_owned(),
        source: text.to_owned(),
        diagnostics: cx.diagnostics,
    };
    if !report.diagnostics.is_empty() {
        report.resolve_positions();
        sort(&mut report.diagnostics);
    }
    match service {
        Some(s) if !report.has_errors() => Ok((s, report)),
        _ => Err(report),
    }
}

/// The problems of spec text as `check` finds them, without their line and column (the
/// importer, which reads only their key paths, saves the second reading that locating
/// them takes).
pub fn problems(text: &str) -> Vec<crate::diagnostics::Diagnostic> {
    let mut cx = Cx::default();
    let _ = parse::parse(&mut cx, text).and_then(|ast| validate::validate(&mut cx, &ast));
    cx.diagnostics
}

/// Checks spec text without generating code: every error and warning, located.
pub fn check(name: &str, text: &str) -> FileDiagnostics {
    match resolve(name, text) {
        Ok((_, warnings)) => warnings,
        Err(all) => all,
    }
}

/// Errors before warnings, each in document order; exact duplicates dropped.
fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        let pos = |d: &Diagnostic| {
            d.position
                .map_or((usize::MAX, usize::MAX), |p| (p.line, p.column))
        };
        (a.severity, pos(a), &a.path, &a.message).cmp(&(b.severity, pos(b), &b.path, &b.message))
    });
    diagnostics.dedup();
}
