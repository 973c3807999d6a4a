//! Stage 1: YAML text to a shape-checked [`ast::SpecAst`].

pub mod ast;
pub mod document;
mod read;
pub mod reader;
mod syntax;
mod types;

pub use types::BUILTIN_NAMES;

/// The clouds an `endpoint_prefix` map may name (the runtime's `Cloud::key`s).
pub fn cloud_keys() -> &'static [&'static str] {
    document::keys::<document::CloudPrefixes>()
}

use reader::Cx;

/// Parses and reads a spec. Diagnostics go to `cx`; the AST holds whatever could be read.
pub fn parse(cx: &mut Cx, text: &str) -> Option<ast::SpecAst> {
    let value = parse_yaml(cx, text)?;
    Some(read::read_spec(cx, &value))
}

/// Parses YAML text, turning a syntax error into diagnostics at the places to fix.
fn parse_yaml(cx: &mut Cx, text: &str) -> Option<serde_yaml::Value> {
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            for d in syntax::syntax_errors(text, &e) {
                cx.report(d);
            }
            None
        }
    }
}
