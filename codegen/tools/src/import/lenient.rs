//! What a lenient page import does beyond a strict one: what a page cannot read becomes a
//! warning, and an example that does not match the operation it documents is dropped
//! (as the tree import does), so that the result passes `check`.

use super::{Imported, PageText};
use crate::diagnostics::{Diagnostic, FileDiagnostics, KeyPath, Position, Segment, Severity};
use crate::error::Error;

/// A lenient import's diagnostics of one page: what the page could not read becomes a
/// warning (its text says what was skipped); a page that gives no operation says so.
pub(crate) fn diagnostics(diags: &mut Vec<Diagnostic>, skipped: bool) {
    let first_error = diags.iter().find(|d| d.is_error()).and_then(|d| d.position);
    for d in diags.iter_mut().filter(|d| d.is_error()) {
        d.severity = Severity::Warning;
    }
    if skipped {
        diags.push(
            Diagnostic::warning(
                "page-skipped",
                &KeyPath::root(),
                "the page gives no operation (see its other warnings): not imported",
            )
            .at(first_error.unwrap_or(Position {
                line: 1,
                column: 1,
                offset: 0,
            })),
        );
    }
}

/// Drops each example `check` rejects (an example showing a field the tables left out,
/// or one whose table could not be read), with a warning on its page; a page left without
/// examples of a kind no longer states them, so a merge keeps the spec's.
pub(crate) fn drop_mismatched_examples(
    imported: &mut Imported,
    pages: &[PageText],
) -> Result<(), Error> {
    // Each round drops at least one example; an operation has few.
    for _ in 0..16 {
        let report = imported.validate()?;
        let mut dropped = false;
        for d in report.diagnostics.iter().filter(|d| d.is_error()) {
            let segs = d.path.segments();
            let [
                Segment::Key(ops),
                Segment::Key(id),
                Segment::Key(examples),
                Segment::Key(kind),
                Segment::Index(index),
                ..,
            ] = segs.as_slice()
            else {
                continue;
            };
            if ops != "operations" || examples != "examples" {
                continue;
            }
            let Some(op) = imported.operations.iter_mut().find(|o| o.id == *id) else {
                continue;
            };
            let Some(serde_yaml::Value::Mapping(ex)) = op.operation.get_mut("examples") else {
                continue;
            };
            let Some(serde_yaml::Value::Sequence(list)) = ex.get_mut(kind.as_str()) else {
                continue;
            };
            if *index >= list.len() {
                continue;
            }
            list.remove(*index);
            if list.is_empty() {
                ex.remove(kind.as_str());
                match kind.as_str() {
                    "requests" => op.states.example_requests = false,
                    _ => op.states.example_responses = false,
                }
            }
            if ex.is_empty() {
                op.operation.remove("examples");
            }
            let warning = Diagnostic::warning(
                "page-example-dropped",
                &KeyPath::root().key("examples").key(kind.as_str()),
                format!(
                    "an example of `{id}` does not match its tables ({}): not imported",
                    d.message
                ),
            )
            .at(op.title_position);
            let page = op.page.clone();
            match imported.warnings.iter_mut().find(|r| r.file == page) {
                Some(r) => r.diagnostics.push(warning),
                None => imported.warnings.push(FileDiagnostics {
                    file: page.clone(),
                    source: pages
                        .iter()
                        .find(|p| p.name == page)
                        .map(|p| p.text.clone())
                        .unwrap_or_default(),
                    diagnostics: vec![warning],
                }),
            }
            dropped = true;
            // Indices of the rest of this report may have moved: check again.
            break;
        }
        if !dropped {
            break;
        }
    }
    Ok(())
}
