//! Typed access to a `serde_yaml::Value` tree that records a diagnostic, with its key path,
//! for every value of the wrong kind, every missing key and every unknown key, and carries
//! on, so that one run reports all problems of a spec.

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, KeyPath, did_you_mean};

/// A value together with where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is in the document.
    pub path: KeyPath,
}

/// Collects diagnostics while a document is read.
#[derive(Debug, Default)]
pub struct Cx {
    /// Everything found so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl Cx {
    /// Records a diagnostic.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

/// Describes the kind of a YAML value for messages: "a string", "a list", ...
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Any node of the document.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a, 'p> {
    /// The YAML value.
    pub value: &'a Value,
    /// Where it is.
    pub path: &'p KeyPath,
}

impl<'a> Node<'a, '_> {
    fn wrong_kind(&self, cx: &mut Cx, expected: &str) {
        let found = kind_of(self.value);
        let mut d = Diagnostic::error(
            "wrong-type",
            self.path,
            format!("expected {expected}, found {found}"),
        )
        .with_label(format!("expected {expected}"));
        if expected == "a string" && matches!(self.value, Value::Number(_) | Value::Bool(_)) {
            d = d.with_help("put the value in quotes to make it a string");
        }
        if expected.contains("`true`") && matches!(self.value, Value::String(_)) {
            d = d.with_help("write `true` or `false` without quotes");
        }
        if expected == "a list" && !matches!(self.value, Value::Sequence(_)) {
            d = d.with_help("write a list as `[a, b]` or as lines starting with `- `");
        }
        cx.report(d);
    }

    /// The node as a mapping, or a diagnostic.
    pub fn map(&self, cx: &mut Cx) -> Option<Map<'a>> {
        match self.value {
            Value::Mapping(m) => Some(Map {
                entries: m,
                path: self.path.clone(),
            }),
            _ => {
                self.wrong_kind(cx, "a mapping");
                None
            }
        }
    }

    /// The node as a list of nodes, or a diagnostic.
    pub fn seq(&self, cx: &mut Cx) -> Option<Vec<(KeyPath, &'a Value)>> {
        match self.value {
            Value::Sequence(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (self.path.index(i), v))
                    .collect(),
            ),
            _ => {
                self.wrong_kind(cx, "a list");
                None
            }
        }
    }

    /// The node as text, or a diagnostic.
    pub fn string(&self, cx: &mut Cx) -> Option<Spanned<String>> {
        match self.value {
            Value::String(s) => Some(Spanned {
                value: s.clone(),
                path: self.path.clone(),
            }),
            _ => {
                self.wrong_kind(cx, "a string");
                None
            }
        }
    }

    /// The node as a boolean, or a diagnostic.
    pub fn boolean(&self, cx: &mut Cx) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(*b),
            _ => {
                self.wrong_kind(cx, "`true` or `false`");
                None
            }
        }
    }

    /// The node as an unsigned integer, or a diagnostic.
    pub fn integer(&self, cx: &mut Cx) -> Option<Spanned<u64>> {
        match self.value {
            Value::Number(n) if n.as_u64().is_some() => Some(Spanned {
                value: n.as_u64().unwrap_or_default(),
                path: self.path.clone(),
            }),
            Value::String(s) if s.parse::<u64>().is_ok() => Some(Spanned {
                value: s.parse().unwrap_or_default(),
                path: self.path.clone(),
            }),
            _ => {
                self.wrong_kind(cx, "a whole number");
                None
            }
        }
    }

    /// The node as a list of strings (a single string counts as a one-item list).
    pub fn string_list(&self, cx: &mut Cx) -> Vec<Spanned<String>> {
        match self.value {
            Value::Null => Vec::new(),
            Value::String(_) => self.string(cx).into_iter().collect(),
            _ => {
                let Some(items) = self.seq(cx) else {
                    return Vec::new();
                };
                items
                    .iter()
                    .filter_map(|(path, value)| Node { value, path }.string(cx))
                    .collect()
            }
        }
    }
}

/// A mapping node.
#[derive(Debug, Clone)]
pub struct Map<'a> {
    entries: &'a Mapping,
    /// Where the mapping is.
    pub path: KeyPath,
}

/// Turns a mapping key into text: scalars (including `200`) as written, others rejected.
pub fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some("null".to_owned()),
        _ => None,
    }
}

impl<'a> Map<'a> {
    /// Every entry with a scalar key, in document order; complex keys are reported, and so
    /// are keys that read the same as an earlier one (`200` and `'200'`), which are skipped.
    pub fn entries(&self, cx: &mut Cx) -> Vec<(String, KeyPath, &'a Value)> {
        let mut out: Vec<(String, KeyPath, &'a Value)> = Vec::with_capacity(self.entries.len());
        let mut seen = std::collections::HashSet::new();
        for (k, v) in self.entries {
            match key_text(k) {
                Some(key) if !seen.insert(key.clone()) => cx.report(
                    Diagnostic::error(
                        "duplicate-key",
                        &self.path.key(key.clone()),
                        format!("key `{key}` is written twice in the same mapping"),
                    )
                    .on_key()
                    .with_label("written again here")
                    .with_help("a key written with and without quotes is still one key; remove one of them"),
                ),
                Some(key) => {
                    let path = self.path.key(key.clone());
                    out.push((key, path, v));
                }
                None => cx.report(
                    Diagnostic::error(
                        "complex-key",
                        &self.path,
                        format!("mapping keys must be plain text, found {}", kind_of(k)),
                    )
                    .with_help("write the key as text; `? [a, b]` keys have no meaning in a spec"),
                ),
            }
        }
        out
    }

    /// Reports every key not in `allowed`, suggesting the closest allowed key.
    pub fn check_keys(&self, cx: &mut Cx, what: &str, allowed: &[&str]) {
        for (k, _) in self.entries {
            let Some(key) = key_text(k) else {
                continue;
            };
            if allowed.contains(&key.as_str()) {
                continue;
            }
            let mut d = Diagnostic::error(
                "unknown-field",
                &self.path.key(key.clone()),
                format!("unknown field `{key}` in {what}"),
            )
            .on_key()
            .with_label("unknown field");
            d = match did_you_mean(&key, allowed.iter().copied()) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None if key == "<<" => {
                    d.with_help("YAML merge keys are not supported: write the entries out")
                }
                None => d.with_help(format!("expected one of: {}", list(allowed))),
            };
            cx.report(d);
        }
    }

    /// The entry `key`, if present (a `null` value counts as absent).
    pub fn get(&self, key: &str) -> Option<(KeyPath, &'a Value)> {
        self.entries
            .iter()
            .find(|(k, _)| key_text(k).as_deref() == Some(key))
            .filter(|(_, v)| !v.is_null())
            .map(|(_, v)| (self.path.key(key), v))
    }

    /// Whether the entry `key` is present and not null.
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Reports a missing required key, pointing out a present key that looks like a typo
    /// of it.
    pub fn missing(&self, cx: &mut Cx, key: &str, what: &str) {
        let mut d = if self.path.is_root() {
            Diagnostic::error(
                "missing-field",
                &self.path.key(key),
                format!("{what} has no `{key}`"),
            )
            .on_key()
            .with_help(format!(
                "add a top-level `{key}:` section; see docs/spec-format.md"
            ))
        } else {
            Diagnostic::error(
                "missing-field",
                &self.path,
                format!("{what} has no `{key}`"),
            )
            .on_key()
            .with_label(format!("`{key}` is required here"))
        };
        let typo = self
            .entries
            .keys()
            .filter_map(key_text)
            .find(|k| k != key && did_you_mean(k, [key]).is_some());
        if let Some(typo) = typo {
            d = d.with_help(format!("is `{typo}` meant to be `{key}`?"));
        } else if self.entries.keys().any(|k| k.as_str() == Some("<<")) {
            d = d.with_help(format!(
                "the YAML merge key `<<` is not applied: write `{key}` out here"
            ));
        }
        cx.report(d);
    }

    /// Applies `f` to the entry `key` when present.
    pub fn with<T>(&self, key: &str, f: impl FnOnce(Node<'_, '_>) -> Option<T>) -> Option<T> {
        let (path, value) = self.get(key)?;
        f(Node { value, path: &path })
    }

    /// Optional text entry.
    pub fn string(&self, cx: &mut Cx, key: &str) -> Option<Spanned<String>> {
        self.with(key, |n| n.string(cx))
    }

    /// Required text entry.
    pub fn req_string(&self, cx: &mut Cx, key: &str, what: &str) -> Option<Spanned<String>> {
        if !self.has(key) {
            self.missing(cx, key, what);
            return None;
        }
        self.string(cx, key)
    }

    /// Optional boolean entry.
    pub fn boolean(&self, cx: &mut Cx, key: &str) -> Option<bool> {
        self.with(key, |n| n.boolean(cx))
    }

    /// Optional mapping entry.
    pub fn map(&self, cx: &mut Cx, key: &str) -> Option<Map<'a>> {
        let (path, value) = self.get(key)?;
        Node { value, path: &path }.map(cx)
    }

    /// Optional list entry (absent means empty).
    pub fn seq(&self, cx: &mut Cx, key: &str) -> Vec<(KeyPath, &'a Value)> {
        let Some((path, value)) = self.get(key) else {
            return Vec::new();
        };
        Node { value, path: &path }.seq(cx).unwrap_or_default()
    }

    /// Optional list-of-strings entry.
    pub fn string_list(&self, cx: &mut Cx, key: &str) -> Vec<Spanned<String>> {
        self.with(key, |n| Some(n.string_list(cx)))
            .unwrap_or_default()
    }

    /// The raw value of an entry.
    pub fn raw(&self, key: &str) -> Option<(KeyPath, &'a Value)> {
        self.get(key)
    }
}

/// Formats names as "`a`, `b`, `c`".
pub fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
