//! YAML syntax errors as diagnostics: the YAML parser's terse problem told in plain words,
//! pointing at the place to fix, with the key path where the parser stopped.

use crate::diagnostics::{Diagnostic, DuplicateKey, KeyPath, Position, Segment, SpanIndex};

/// A parser message split into its parts: `<problem> at line L column C, while <context>
/// at line L column C`.
struct Parts<'a> {
    problem: &'a str,
    at: Option<(usize, usize)>,
    context: Option<(&'a str, (usize, usize))>,
}

/// Splits `"... at line 6 column 4"` into the text and the position.
fn split_position(s: &str) -> (&str, Option<(usize, usize)>) {
    let Some(i) = s.rfind(" at line ") else {
        return (s, None);
    };
    let rest = &s[i + " at line ".len()..];
    let mut numbers = rest
        .split(" column ")
        .map(|n| n.trim().parse::<usize>().ok());
    match (numbers.next().flatten(), numbers.next().flatten()) {
        (Some(line), Some(column)) => (&s[..i], Some((line, column))),
        _ => (s, None),
    }
}

fn split(raw: &str) -> Parts<'_> {
    let (head, context) = match raw.split_once(", while ") {
        Some((head, ctx)) => (head, Some(split_position(ctx))),
        None => (raw, None),
    };
    let (problem, at) = split_position(head);
    Parts {
        problem,
        at,
        context: context.and_then(|(text, at)| Some((text, at?))),
    }
}

/// The position of 1-based `line` and `column` (in characters) in `text`.
fn position(text: &str, line: usize, column: usize) -> Position {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let column_bytes: usize = text[line_start..]
        .chars()
        .take_while(|c| *c != '\n')
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    Position {
        line,
        column,
        offset: line_start + column_bytes,
    }
}

/// The diagnostics for a document `serde_yaml` could not read.
pub fn syntax_errors(text: &str, e: &serde_yaml::Error) -> Vec<Diagnostic> {
    let raw = e.to_string();
    let index = SpanIndex::build(text);
    if raw.contains("duplicate entry with key") && !index.duplicates().is_empty() {
        return index.duplicates().iter().map(duplicate).collect();
    }
    let parts = split(&raw);
    let at = parts.at.map(|(l, c)| position(text, l, c));
    let context = parts
        .context
        .map(|(what, (l, c))| (what, position(text, l, c)));
    let mut d = describe(text, &parts, at, context);
    if d.position.is_none()
        && let Some(p) = at
    {
        d = d.at(p);
    }
    if let Some(path) = index.stopped_in() {
        d.path = path.clone();
    }
    vec![d.on_key()]
}

fn duplicate(dup: &DuplicateKey) -> Diagnostic {
    let key = dup.path.last_key().unwrap_or_default();
    let segments = dup.path.segments();
    let section = match segments.as_slice() {
        [Segment::Key(section), Segment::Key(_)] => section.as_str(),
        _ => "",
    };
    let (code, message, help) = match section {
        "operations" => (
            "duplicate-operation-id",
            format!("operation id `{key}` is used twice"),
            format!(
                "operation ids must be unique: the first `{key}` is on line {}; rename or remove one of them",
                dup.first.line
            ),
        ),
        "schemas" => (
            "duplicate-schema",
            format!("schema `{key}` is declared twice"),
            format!(
                "the first `{key}` is on line {}; rename or remove one of them",
                dup.first.line
            ),
        ),
        _ => (
            "duplicate-key",
            format!("key `{key}` is written twice in the same mapping"),
            format!(
                "each key may appear once; the first `{key}` is on line {}",
                dup.first.line
            ),
        ),
    };
    Diagnostic::error(code, &dup.path, message)
        .on_key()
        .at(dup.again)
        .with_label("written again here")
        .with_help(help)
}

/// A plain-words diagnostic for the parser's problem. Its position is set when the place to
/// fix is not where the parser stopped (an unclosed quote or bracket is fixed where it opens).
fn describe(
    text: &str,
    parts: &Parts<'_>,
    at: Option<Position>,
    context: Option<(&str, Position)>,
) -> Diagnostic {
    let root = KeyPath::root();
    let error = |message: &str| Diagnostic::error("yaml-syntax", &root, message);
    let problem = parts.problem;
    let line_of = |p: Position| text.lines().nth(p.line.saturating_sub(1)).unwrap_or("");
    let opened_at = |p: Position| text[p.offset..].chars().next().unwrap_or('{');
    let tab_indented = problem.contains("tab character")
        || at.is_some_and(|a| line_of(a).trim_start_matches(' ').starts_with('\t'));
    match (problem, context) {
        _ if tab_indented => {
            error("invalid YAML: a tab is used for indentation")
                .with_label("tab")
                .with_help("YAML indents with spaces only; replace the tab with spaces")
        }
        (_, Some((ctx, open))) if ctx.contains("quoted scalar") => {
            let quote = opened_at(open);
            error("invalid YAML: this quoted string is never closed")
                .at(open)
                .with_label("the string starts here")
                .with_help(format!("end the string with `{quote}` on the same line"))
        }
        (p, Some((ctx, open)))
            if ctx.contains("flow") && p.contains("did not find expected") =>
        {
            let bracket = opened_at(open);
            let close = if bracket == '[' { ']' } else { '}' };
            if at.is_some_and(|a| a.line != open.line) {
                error(&format!("invalid YAML: this `{bracket}` is never closed"))
                    .at(open)
                    .with_label(format!("no matching `{close}`"))
                    .with_help(format!(
                        "end the entries with `{close}`, or write them one per line without brackets"
                    ))
            } else {
                error(&format!("invalid YAML: expected `,` or `{close}`"))
                    .with_label(format!("expected `,` or `{close}` before this"))
                    .with_help(format!(
                        "separate the entries of `{bracket} ... {close}` with `,` and end them with `{close}`"
                    ))
            }
        }
        (p, Some((ctx, open)))
            if p.contains("did not find expected key") && ctx.contains("block mapping") =>
        {
            error("invalid YAML: this line is not indented like the keys around it")
                .with_label("unexpected indentation")
                .with_help(format!(
                    "keys of one mapping start in the same column: the mapping that starts on line {} has its keys in column {}",
                    open.line, open.column
                ))
        }
        (p, _) if p.contains("did not find expected '-' indicator") => {
            error("invalid YAML: this line is not indented like the list items around it")
                .with_label("unexpected indentation")
                .with_help("items of one list start with `- ` in the same column")
        }
        (p, _) if p.contains("mapping values are not allowed") => {
            error("invalid YAML: `: ` is not allowed here")
                .with_label("a second `: ` on this line")
                .with_help("put a value that contains `: ` in quotes, or start a nested mapping on a new, further indented line")
        }
        (p, _) if p.contains("recursion limit exceeded") => {
            error("invalid YAML: the document is nested too deeply")
                .with_help("the parser stops at 128 levels of nesting; a spec needs only a few")
        }
        (p, _) if p.contains("repetition limit exceeded") => {
            error("invalid YAML: aliases (`*name`) expand to too much data")
                .with_help("write the values out instead of repeating aliases of aliases")
        }
        (p, _) if p.contains("more than one document") => {
            let mut d = error("the file holds more than one YAML document")
                .with_help("a spec is a single document: remove the `---` line and merge the parts");
            if let Some(p) = second_document(text) {
                d = d.at(p).with_label("a new document starts here");
            }
            d
        }
        (p, _) if p.contains("unknown anchor") => {
            error("invalid YAML: this alias refers to an anchor that is not defined")
                .with_label("unknown anchor")
                .with_help("define the anchor first, as `&name` before the value to repeat")
        }
        (p, Some((ctx, open))) => error(&format!("invalid YAML: {p}")).with_help(format!(
            "the parser was {ctx} that starts on line {}, column {}",
            open.line, open.column
        )),
        (p, None) => error(&format!("invalid YAML: {p}")),
    }
}

/// Where a second document starts (`---` after some content), if anywhere.
fn second_document(text: &str) -> Option<Position> {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed.starts_with("--- ") {
            if seen_content {
                return Some(position(text, i + 1, 1));
            }
        } else if !trimmed.is_empty() && !trimmed.starts_with('#') {
            seen_content = true;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<Diagnostic> {
        let e = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        syntax_errors(text, &e)
    }

    #[test]
    fn splits_parser_messages() {
        let p = split(
            "did not find expected key at line 6 column 4, while parsing a block mapping at line 4 column 3",
        );
        assert_eq!(p.problem, "did not find expected key");
        assert_eq!(p.at, Some((6, 4)));
        assert_eq!(p.context, Some(("parsing a block mapping", (4, 3))));
        assert_eq!(split("repetition limit exceeded").at, None);
    }

    #[test]
    fn positions_count_characters() {
        let p = position("名前: x\nb: \"y\n", 2, 4);
        assert_eq!((p.line, p.column, p.offset), (2, 4, "名前: x\n".len() + 3));
        assert_eq!(position("a", 9, 9).offset, 1);
    }

    #[test]
    fn an_unclosed_quote_points_where_it_opens() {
        let d = &errors("a:\n  z: 1\n  b: \"x\n  c: 1\n")[0];
        assert_eq!(
            d.message,
            "invalid YAML: this quoted string is never closed"
        );
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((3, 6)));
        assert_eq!(d.path.to_string(), "a.b");
    }

    #[test]
    fn every_duplicate_key_is_reported_where_it_repeats() {
        let found = errors("operations:\n  A: 1\n  A: 2\nschemas:\n  S: 1\n  S: 2\n");
        let codes: Vec<(&str, usize)> = found
            .iter()
            .map(|d| (d.code, d.position.map_or(0, |p| p.line)))
            .collect();
        assert_eq!(
            codes,
            vec![("duplicate-operation-id", 3), ("duplicate-schema", 6)]
        );
    }

    #[test]
    fn names_a_second_document() {
        let d = &errors("a: 1\n---\nb: 2\n")[0];
        assert_eq!(d.position.map(|p| p.line), Some(2));
    }
}
