//! Rust names for spec items: case conversion with heck, keyword escaping, names that start
//! with a digit or hold non-ASCII letters, and deterministic resolution of collisions.

use std::collections::HashMap;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Replaces characters that cannot appear in an identifier. Non-ASCII letters and digits
/// become `u<hex>` words so the result is plain ASCII (no lint about confusable scripts);
/// everything else becomes a word separator.
fn sanitize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!("_u{:x}_", c as u32));
        } else {
            out.push('_');
        }
    }
    out
}

fn fix_start(mut ident: String, fallback: &str) -> String {
    if ident.is_empty() {
        ident = fallback.to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    ident
}

/// A snake_case identifier (fields, parameters, methods), keywords escaped.
pub fn snake_ident(name: &str) -> String {
    let ident = fix_start(sanitize(name).to_snake_case(), "field");
    escape_keyword(ident)
}

/// An UpperCamelCase identifier (types, enum variants). A name that already is
/// UpperCamelCase ASCII, like `IDERepositoryDO`, is kept as the service spells it.
pub fn camel_ident(name: &str) -> String {
    let already_camel = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && name.chars().any(|c| c.is_ascii_lowercase());
    let ident = if already_camel {
        name.to_owned()
    } else {
        fix_start(sanitize(name).to_upper_camel_case(), "Unnamed")
    };
    escape_keyword(ident)
}

/// A SCREAMING_SNAKE_CASE identifier (constants).
pub fn screaming_ident(name: &str) -> String {
    fix_start(sanitize(name).to_shouty_snake_case(), "UNNAMED")
}

fn escape_keyword(ident: String) -> String {
    if NON_RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// The identifier without a raw prefix, e.g. for building other names from it.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The case convention of a kind of Rust item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Fields, parameters, functions: `repo_name`.
    Snake,
    /// Types and enum variants: `RepoName`.
    UpperCamel,
}

/// Why a `rust_name` from a spec cannot name a Rust item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustNameProblem {
    /// Not an ASCII identifier at all (`page-no`, `1st`, `Repo Info`).
    NotIdentifier,
    /// A keyword; `raw_ok` says whether `r#name` would be accepted.
    Keyword {
        /// Whether the keyword can be written as a raw identifier.
        raw_ok: bool,
    },
    /// A valid identifier in the wrong case: rustc would warn about the generated code.
    WrongCase,
}

fn is_ascii_ident(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && name != "_"
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// rustc's `non_snake_case` rule: no upper-case letters, no `__` inside.
fn is_snake_case(name: &str) -> bool {
    let inner = name.trim_matches('_');
    !inner.contains("__") && !inner.chars().any(|c| c.is_ascii_uppercase())
}

/// rustc's `non_camel_case_types` rule: no leading lower-case letter, no `__`, no `_`
/// next to a letter; and clippy's `upper_case_acronyms`: not all capitals (`HTTP`).
fn is_upper_camel_case(name: &str) -> bool {
    let inner = name.trim_matches('_');
    let bytes = inner.as_bytes();
    let capitals = inner.chars().filter(char::is_ascii_uppercase).count();
    let shouted = capitals > 1 && !inner.chars().any(|c| c.is_ascii_lowercase());
    !shouted
        && !inner.starts_with(|c: char| c.is_ascii_lowercase())
        && !inner.contains("__")
        && !bytes.windows(2).any(|w| {
            (w[0] == b'_' && w[1].is_ascii_alphabetic())
                || (w[1] == b'_' && w[0].is_ascii_alphabetic())
        })
}

/// Checks a `rust_name` given in a spec: an ASCII identifier, not a keyword (unless written
/// raw, `r#type`), in the case rustc expects for the item.
pub fn check_rust_name(name: &str, case: Case) -> Result<(), RustNameProblem> {
    let (plain, raw) = match name.strip_prefix("r#") {
        Some(rest) => (rest, true),
        None => (name, false),
    };
    if !is_ascii_ident(plain) {
        return Err(RustNameProblem::NotIdentifier);
    }
    if NON_RAW_KEYWORDS.contains(&plain) {
        return Err(RustNameProblem::Keyword { raw_ok: false });
    }
    if !raw && RAW_KEYWORDS.contains(&plain) {
        return Err(RustNameProblem::Keyword { raw_ok: true });
    }
    let right_case = match case {
        Case::Snake => is_snake_case(plain),
        Case::UpperCamel => is_upper_camel_case(plain),
    };
    if right_case {
        Ok(())
    } else {
        Err(RustNameProblem::WrongCase)
    }
}

/// What follows `with_` in the setter of a field: the name without a raw prefix, and
/// without the `_` put before a leading digit (`_1st` → `with_1st`, not `with__1st`).
pub fn setter_suffix(ident: &str) -> &str {
    let plain = unraw(ident);
    match plain.strip_prefix('_') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest,
        _ => plain,
    }
}

/// The base of names built from an identifier (`<base>Request`, `<base>_example_1`): no raw
/// prefix and no trailing `_`, which would make `Self_Request` or `self__example_1`.
pub fn name_base(ident: &str) -> &str {
    let base = unraw(ident).trim_end_matches('_');
    if base.is_empty() { unraw(ident) } else { base }
}

/// A collision found while naming items of one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    /// The Rust name both items wanted.
    pub wanted: String,
    /// The item that kept it.
    pub kept_by: String,
    /// The name given to the later item instead.
    pub renamed_to: String,
}

/// The names taken in one Rust scope (a struct's fields, a module's types, ...).
/// The first item to claim a name keeps it; later ones get `_2`, `_3`, ... (or `2`, `3`
/// for UpperCamelCase names), so the result only depends on the order of claims.
#[derive(Debug, Default)]
pub struct Scope {
    taken: HashMap<String, String>,
}

impl Scope {
    /// A scope where `reserved` names are already taken (by generated items).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        let mut scope = Scope::default();
        for r in reserved {
            scope
                .taken
                .insert((*r).to_owned(), format!("(generated `{r}`)"));
        }
        scope
    }

    /// Claims `ident` for the item called `wire`; returns the name it gets and, if it had
    /// to be changed, the collision.
    pub fn claim(&mut self, ident: String, wire: &str) -> (String, Option<Collision>) {
        if !self.taken.contains_key(&ident) {
            self.taken.insert(ident.clone(), wire.to_owned());
            return (ident, None);
        }
        // `self_` + `_2` would give `self__2`, which rustc's case lints reject.
        let base = unraw(&ident).trim_end_matches('_').to_owned();
        let camel = base.starts_with(|c: char| c.is_ascii_uppercase());
        let mut n = 2;
        let renamed = loop {
            let candidate = if camel {
                format!("{base}{n}")
            } else {
                format!("{base}_{n}")
            };
            if !self.taken.contains_key(&candidate) {
                break candidate;
            }
            n += 1;
        };
        self.taken.insert(renamed.clone(), wire.to_owned());
        let collision = Collision {
            kept_by: self.taken.get(&ident).cloned().unwrap_or_default(),
            wanted: ident,
            renamed_to: renamed.clone(),
        };
        (renamed, Some(collision))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_cases() {
        assert_eq!(snake_ident("domainId"), "domain_id");
        assert_eq!(snake_ident("x-language"), "x_language");
        assert_eq!(snake_ident("operationsIndex"), "operations_index");
        assert_eq!(camel_ident("ResetUserPassword"), "ResetUserPassword");
        assert_eq!(camel_ident("IDERepositoryDO"), "IDERepositoryDO");
        assert_eq!(camel_ident("repo_file"), "RepoFile");
        assert_eq!(camel_ident("DTO"), "Dto");
        assert_eq!(screaming_ident("ResetUserPassword"), "RESET_USER_PASSWORD");
    }

    #[test]
    fn escapes_keywords_and_digits() {
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("crate"), "crate_");
        assert_eq!(camel_ident("Self"), "Self_");
        assert_eq!(snake_ident("1st"), "_1st");
        assert_eq!(camel_ident("2fa"), "_2fa");
        assert_eq!(snake_ident(""), "field");
        assert_eq!(snake_ident("名称"), "u540d_u79f0");
        assert_eq!(unraw("r#type"), "type");
        assert_eq!(setter_suffix("_1st"), "1st");
        assert_eq!(setter_suffix("r#type"), "type");
        assert_eq!(setter_suffix("_x"), "_x");
        assert_eq!(name_base("Self_"), "Self");
        assert_eq!(name_base("r#type"), "type");
        assert_eq!(name_base("_"), "_");
    }

    #[test]
    fn checks_given_rust_names() {
        use RustNameProblem::*;
        assert_eq!(check_rust_name("repo_name", Case::Snake), Ok(()));
        assert_eq!(check_rust_name("r#type", Case::Snake), Ok(()));
        assert_eq!(check_rust_name("_1st", Case::Snake), Ok(()));
        assert_eq!(check_rust_name("RepoInfo", Case::UpperCamel), Ok(()));
        assert_eq!(check_rust_name("V2", Case::UpperCamel), Ok(()));
        assert_eq!(check_rust_name("page-no", Case::Snake), Err(NotIdentifier));
        assert_eq!(check_rust_name("1st", Case::Snake), Err(NotIdentifier));
        assert_eq!(check_rust_name("", Case::Snake), Err(NotIdentifier));
        assert_eq!(check_rust_name("_", Case::Snake), Err(NotIdentifier));
        assert_eq!(check_rust_name("名前", Case::Snake), Err(NotIdentifier));
        assert_eq!(check_rust_name("r#", Case::Snake), Err(NotIdentifier));
        assert_eq!(
            check_rust_name("type", Case::Snake),
            Err(Keyword { raw_ok: true })
        );
        assert_eq!(
            check_rust_name("r#self", Case::Snake),
            Err(Keyword { raw_ok: false })
        );
        assert_eq!(
            check_rust_name("Self", Case::UpperCamel),
            Err(Keyword { raw_ok: false })
        );
        assert_eq!(check_rust_name("RepoName", Case::Snake), Err(WrongCase));
        assert_eq!(check_rust_name("repo__name", Case::Snake), Err(WrongCase));
        assert_eq!(
            check_rust_name("repo_info", Case::UpperCamel),
            Err(WrongCase)
        );
        assert_eq!(
            check_rust_name("Repo_Info", Case::UpperCamel),
            Err(WrongCase)
        );
    }

    #[test]
    fn resolves_collisions_in_claim_order() {
        let mut scope = Scope::default();
        let (a, none) = scope.claim(snake_ident("repo_id"), "repo_id");
        assert_eq!((a.as_str(), none), ("repo_id", None));
        let (b, c) = scope.claim(snake_ident("repoId"), "repoId");
        assert_eq!(b, "repo_id_2");
        assert_eq!(c.unwrap().kept_by, "repo_id");
        let (d, _) = scope.claim(snake_ident("repo-id"), "repo-id");
        assert_eq!(d, "repo_id_3");
        scope.claim(snake_ident("self"), "self");
        assert_eq!(scope.claim(snake_ident("Self"), "Self").0, "self_2");
        let mut camel = Scope::default();
        camel.claim(camel_ident("Self"), "Self");
        assert_eq!(camel.claim(camel_ident("self"), "self").0, "Self2");
        let mut types = Scope::default();
        types.claim("Repo".into(), "Repo");
        assert_eq!(types.claim("Repo".into(), "repo").0, "Repo2");
    }
}
