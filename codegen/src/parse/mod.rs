//! Stage 1: YAML text to a shape-checked [`ast::SpecAst`].

pub mod ast;
mod read;
pub mod reader;

pub use read::BUILTIN_NAMES;

use crate::diagnostics::{Diagnostic, KeyPath, Position};
use reader::Cx;

/// Parses and reads a spec. Diagnostics go to `cx`; the AST holds whatever could be read.
pub fn parse(cx: &mut Cx, text: &str) -> Option<ast::SpecAst> {
    let value = parse_yaml(cx, text)?;
    Some(read::read_spec(cx, &value))
}

/// Parses YAML text, turning a syntax error into a diagnostic at the parser's position.
fn parse_yaml(cx: &mut Cx, text: &str) -> Option<serde_yaml::Value> {
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            cx.report(syntax_error(text, &e));
            None
        }
    }
}

fn syntax_error(text: &str, e: &serde_yaml::Error) -> Diagnostic {
    let raw = e.to_string();
    // serde_yaml appends " at line L column C"; the position is shown separately.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_owned(),
        None => raw.clone(),
    };
    let mut d = Diagnostic::error(
        "yaml-syntax",
        &KeyPath::root(),
        format!("invalid YAML: {message}"),
    );
    if let Some(loc) = e.location() {
        d = d.at(Position {
            line: loc.line(),
            column: loc.column(),
            offset: loc.index().min(text.len()),
        });
    }
    let line_text = e
        .location()
        .and_then(|loc| text.lines().nth(loc.line().saturating_sub(1)));
    let help = if line_text.is_some_and(|l| l.trim_start_matches(' ').starts_with('\t'))
        || message.contains("\\t")
    {
        Some("YAML does not allow tabs for indentation; indent with spaces")
    } else if message.contains("duplicate entry") {
        Some("each key may appear once in a mapping; remove or rename one of them")
    } else if message.contains("did not find expected key")
        || message.contains("mapping values are not allowed")
    {
        Some("check the indentation of this line against the lines above")
    } else if message.contains("found unexpected end of stream")
        || message.contains("quoted scalar")
    {
        Some("a quoted string is not closed; add the closing quote")
    } else {
        None
    };
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}
