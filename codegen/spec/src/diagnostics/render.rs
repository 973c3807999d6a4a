//! Rendering diagnostics as rustc-style text or as JSON for editors and CI.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, FileDiagnostics, Severity, Target};

/// Whether human output uses colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// ANSI colours (for a terminal).
    Always,
    /// Plain text (for files, CI logs and snapshots).
    Never,
}

/// Renders every diagnostic of `files` like rustc does, followed by a one-line summary.
pub fn render_human(files: &[FileDiagnostics], color: ColorChoice) -> String {
    let renderer = match color {
        ColorChoice::Always => Renderer::styled(),
        ColorChoice::Never => Renderer::plain(),
    };
    let mut out = String::new();
    let (mut errors, mut warnings) = (0, 0);
    for file in files {
        let (e, w) = file.counts();
        errors += e;
        warnings += w;
        for d in &file.diagnostics {
            out.push_str(&renderer.render(&[group(file, d)]));
            out.push_str("\n\n");
        }
    }
    out.push_str(&summary(errors, warnings));
    out.push('\n');
    out
}

fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no problems found".to_owned(),
        (0, w) => format!("{} emitted", plural(w, "warning")),
        (e, 0) => format!("spec rejected: {}", plural(e, "error")),
        (e, w) => format!(
            "spec rejected: {}; {}",
            plural(e, "error"),
            plural(w, "warning")
        ),
    }
}

fn group<'a>(file: &'a FileDiagnostics, d: &'a Diagnostic) -> Group<'a> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code);
    let mut group = match d.position.and_then(|p| line_of(&file.source, p.offset)) {
        Some((line_start, line_text)) => {
            let pos = d.position.map(|p| p.offset).unwrap_or(line_start);
            let column = pos.saturating_sub(line_start).min(line_text.len());
            let column = floor_char_boundary(line_text, column);
            let in_flow = inside_flow(line_text, column);
            let width = token_width(&line_text[column..], d.target, in_flow);
            let mut annotation = AnnotationKind::Primary.span(column..column + width);
            if let Some(label) = &d.label {
                annotation = annotation.label(label.as_str());
            }
            let line_number = d.position.map(|p| p.line).unwrap_or(1);
            title.element(
                Snippet::source(line_text)
                    .line_start(line_number)
                    .path(file.file.as_str())
                    .annotation(annotation),
            )
        }
        None => title.element(Origin::path(file.file.as_str())),
    };
    // The root says nothing the file name does not: it is left out.
    if !d.path.is_root() {
        group = group.element(Level::NOTE.message(format!("key path: {}", d.path)));
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    group
}

/// The largest char boundary of `text` not after `index`.
fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut i = index.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The line containing byte `offset`: its start offset and its text without the newline.
fn line_of(source: &str, offset: usize) -> Option<(usize, &str)> {
    if source.is_empty() {
        return None;
    }
    let offset = floor_char_boundary(source, offset);
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    Some((start, source[start..end].trim_end_matches('\r')))
}

/// How many bytes of `rest` (the line from the caret on) the caret should underline:
/// one token. `in_flow` says whether the caret is inside a `{ ... }` or `[ ... ]` written on
/// this line, where `,`, `}` and `]` also end a plain value.
fn token_width(rest: &str, target: Target, in_flow: bool) -> usize {
    let Some(first) = rest.chars().next() else {
        return 0;
    };
    if first == '"' || first == '\'' {
        let close = rest[1..].find(first).map_or(rest.len(), |i| i + 2);
        return close;
    }
    if first == '{' || first == '[' {
        return closing_bracket(rest).map_or(1, |i| i + 1);
    }
    let mut end = match target {
        Target::Key => rest
            .find(": ")
            .or_else(|| rest.find(":\t"))
            .or_else(|| rest.strip_suffix(':').map(str::len)),
        Target::Value => rest.find(" #"),
    }
    .unwrap_or(rest.len());
    if in_flow && let Some(stop) = rest[..end].find([',', '}', ']']) {
        end = stop;
    }
    let trimmed = rest[..end].trim_end().len();
    trimmed.max(first.len_utf8())
}

/// Whether byte `column` of `line` lies inside an unclosed `{` or `[` (quotes are skipped).
fn inside_flow(line: &str, column: usize) -> bool {
    let mut depth = 0usize;
    let mut quote = None;
    for c in line[..column].chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth > 0
}

/// The byte index of the bracket closing the one `text` starts with, on the same line.
fn closing_bracket(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Renders diagnostics as a JSON array, one object per problem.
pub fn render_json(files: &[FileDiagnostics]) -> String {
    let items: Vec<serde_json::Value> = files
        .iter()
        .flat_map(|f| {
            f.diagnostics.iter().map(move |d| {
                serde_json::json!({
                    "severity": d.severity.to_string(),
                    "code": d.code,
                    "message": d.message,
                    "file": f.file,
                    "line": d.position.map(|p| p.line),
                    "column": d.position.map(|p| p.column),
                    "path": d.path.to_string(),
                    "label": d.label,
                    "help": d.help,
                })
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::KeyPath;

    fn file(source: &str, diagnostics: Vec<Diagnostic>) -> FileDiagnostics {
        let mut f = FileDiagnostics {
            file: "spec/x.yaml".to_owned(),
            source: source.to_owned(),
            diagnostics,
        };
        f.resolve_positions();
        f
    }

    #[test]
    fn renders_a_caret_under_the_key() {
        let path = KeyPath::root().key("a").key("requird");
        let d = Diagnostic::error("unknown-field", &path, "unknown field `requird`")
            .on_key()
            .with_help("did you mean `required`?");
        let text = render_human(
            &[file("a:\n  requird: true\n", vec![d])],
            ColorChoice::Never,
        );
        assert!(
            text.contains("error[unknown-field]: unknown field `requird`"),
            "{text}"
        );
        assert!(text.contains("spec/x.yaml:2:3"), "{text}");
        assert!(text.contains("^^^^^^^"), "{text}");
        assert!(text.contains("key path: a.requird"), "{text}");
        assert!(text.contains("did you mean `required`?"), "{text}");
        assert!(text.ends_with("spec rejected: 1 error\n"), "{text}");
    }

    #[test]
    fn json_has_line_and_column() {
        let path = KeyPath::root().key("a");
        let d = Diagnostic::warning("empty-description", &path, "empty");
        let json = render_json(&[file("a: ''\n", vec![d])]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v[0]["line"], 1);
        assert_eq!(v[0]["column"], 4);
        assert_eq!(v[0]["severity"], "warning");
    }
}
