//! Objects no table describes, typed from the page's documented examples.
//!
//! A body field typed only `Object` (or `X object` with no table `X`) is looked up in the
//! example bodies of its side: the example requests for a request body, the example
//! responses of the success status for a response. Every value the examples show at the
//! field's place is looked at (all elements of a list, every example), so a wider value
//! anywhere widens the type: strings → `string`, booleans → `boolean`, integers → `int32`
//! (`int64` when one does not fit in 32 bits), numbers with a fraction or exponent →
//! `double`, lists → arrays of their elements' type, objects → schemas marked `inferred:
//! example` whose fields are all optional, named like the objects of tables (after their
//! field, singular for list items; see [`super::schemas`]). What the examples cannot tell
//! (only `null`, an empty list or object, values of different kinds) becomes `any`, with a
//! warning, as does an object the examples show as something else (`""`); a field the
//! examples do not show stays unreadable (an error when strict). An inferred object with
//! the fields and types of a documented schema is that schema (see [`super::schemas`]).

use heck::ToUpperCamelCase;
use serde_yaml::{Mapping, Value};

use super::model::PageModel;
use super::schemas::Registry;
use super::verbs::singular;
use crate::import::json::{kind_of, number_type};
use crate::parse::document::{Entries, Property, Schema, Type, Typed, mapping};

/// Which body of the operation is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The request body (typed from the example requests).
    Request,
    /// The success response's body (typed from its example responses).
    Response,
}

/// The JSON bodies of the page's examples for `side`; those that are not JSON are left
/// out (the examples' own reading reports them).
pub(crate) fn bodies(page: &PageModel, side: Side) -> Vec<Value> {
    match side {
        Side::Request => page
            .request_examples
            .iter()
            .map(|c| c.body_text())
            .filter(|t| t.contains(['{', '[']))
            .filter_map(crate::import::json::lenient)
            .collect(),
        Side::Response => page
            .success_examples()
            .filter(|c| c.text.contains(['{', '[']))
            .filter_map(|c| crate::import::json::lenient(&c.text))
            .collect(),
    }
}

/// The values at `at` (field names from the body's root; `[items]` and lists step into
/// their elements) in `roots`; with `items`, a list found there gives its elements.
fn values_at<'v>(roots: &'v [Value], at: &[String], items: bool) -> Vec<&'v Value> {
    fn spread<'v>(v: &'v Value, out: &mut Vec<&'v Value>) {
        match v {
            Value::Sequence(s) => s.iter().for_each(|e| spread(e, out)),
            other => out.push(other),
        }
    }
    let mut here: Vec<&Value> = roots.iter().collect();
    for seg in at {
        let mut next = Vec::new();
        for v in here {
            let mut elems = Vec::new();
            spread(v, &mut elems);
            if seg.starts_with('[') {
                next.extend(elems);
            } else {
                next.extend(elems.into_iter().filter_map(|e| e.get(seg.as_str())));
            }
        }
        here = next;
    }
    if items {
        let mut out = Vec::new();
        here.into_iter().for_each(|v| spread(v, &mut out));
        out
    } else {
        here
    }
}

/// The name of an array's item from the array's name: its singular, `-es` dropped after
/// a sibilant (`matches` → `match`, `boxes` → `box`).
pub(crate) fn item_name(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    match ["ches", "shes", "xes", "zes"]
        .iter()
        .find(|es| lower.ends_with(*es))
    {
        Some(_) => word[..word.len() - 2].to_owned(),
        None => singular(word),
    }
}

/// The body an operation's reading is in, the place in it, and its examples' bodies (read
/// when first needed).
#[derive(Debug, Default)]
pub(crate) struct Examples {
    /// The body being read; `None` outside bodies (parameters).
    pub side: Option<Side>,
    /// The field names from the body's root to the field being read.
    pub at: Vec<String>,
    cache: Option<(Side, Vec<Value>)>,
}

/// Where inferred objects go: the tree's schemas, as used by operation `op`.
struct Sink<'r> {
    registry: &'r mut Registry,
    op: &'r str,
    request: bool,
}

impl Examples {
    /// The type of the object field `name` at the current place (a list item's with
    /// `item`), from the examples of `page`, with what they could not tell; `None` outside
    /// a body or when no example shows the field.
    pub(crate) fn object_type(
        &mut self,
        page: &PageModel,
        registry: &mut Registry,
        op: &str,
        request: bool,
        name: &str,
        item: bool,
    ) -> Option<(Mapping, Vec<String>)> {
        let side = self.side?;
        if self.cache.as_ref().is_none_or(|(s, _)| *s != side) {
            self.cache = Some((side, bodies(page, side)));
        }
        let roots = self.cache.as_ref().map_or(&[][..], |(_, r)| r.as_slice());
        let found = values_at(roots, &self.at, item);
        if found.iter().all(|v| v.is_null()) {
            return None;
        }
        let place = self.at.join(".");
        if let Some(other) = found.iter().find(|v| !v.is_null() && !v.is_mapping()) {
            let note = format!(
                "`{place}` is an object in the tables but {} in the examples: typed as `any`",
                kind_of(other)
            );
            return Some((
                mapping(&Property::default().with_type(Type::builtin("any"))),
                vec![note],
            ));
        }
        let mut notes = Vec::new();
        let mut sink = Sink {
            registry,
            op,
            request,
        };
        let ty = infer(&mut sink, &found, name, &place, &mut notes);
        Some((mapping(&Property::default().with_type(ty)), notes))
    }
}

/// The type of the values `samples` (shown at `at`), objects interned as schemas named
/// after `name`.
fn infer(
    sink: &mut Sink<'_>,
    samples: &[&Value],
    name: &str,
    at: &str,
    notes: &mut Vec<String>,
) -> Type {
    let present: Vec<&Value> = samples.iter().copied().filter(|v| !v.is_null()).collect();
    let Some(first) = present.first() else {
        notes.push(format!(
            "`{at}` is only ever `null` in the examples: typed as `any`"
        ));
        return Type::builtin("any");
    };
    let kind = kind_of(first);
    if let Some(other) = present.iter().find(|v| kind_of(v) != kind) {
        notes.push(format!(
            "`{at}` is {kind} in one example and {} in another: typed as `any`",
            kind_of(other)
        ));
        return Type::builtin("any");
    }
    match first {
        Value::Bool(_) => Type::builtin("boolean"),
        Value::String(_) => Type::builtin("string"),
        Value::Number(_) => Type::builtin(number_type(&present)),
        Value::Sequence(_) => {
            let items: Vec<&Value> = present
                .iter()
                .filter_map(|v| v.as_sequence())
                .flatten()
                .collect();
            if items.is_empty() {
                notes.push(format!(
                    "`{at}` is an empty list in the examples: its items are typed as `any`"
                ));
                return Type::array(Type::builtin("any"));
            }
            Type::array(infer(
                sink,
                &items,
                &item_name(name),
                &format!("{at}[]"),
                notes,
            ))
        }
        Value::Mapping(_) => object(sink, &present, name, at, notes),
        Value::Null | Value::Tagged(_) => Type::builtin("any"),
    }
}

fn object(
    sink: &mut Sink<'_>,
    samples: &[&Value],
    name: &str,
    at: &str,
    notes: &mut Vec<String>,
) -> Type {
    let mut keys: Vec<&Value> = Vec::new();
    for m in samples.iter().filter_map(|v| v.as_mapping()) {
        for k in m.keys() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    if keys.is_empty() {
        notes.push(format!(
            "`{at}` is an empty object in the examples: typed as `any`"
        ));
        return Type::builtin("any");
    }
    let mut properties = Entries::default();
    for key in keys {
        let field = key
            .as_str()
            .map_or_else(|| format!("{key:?}"), str::to_owned);
        let values: Vec<&Value> = samples
            .iter()
            .filter_map(|v| v.as_mapping()?.get(key))
            .collect();
        let ty = infer(sink, &values, &field, &format!("{at}.{field}"), notes);
        properties
            .0
            .push((key.clone(), Property::default().with_type(ty)));
    }
    let schema = mapping(&Schema {
        inferred: Some("example".to_owned()),
        ty: Some("object".to_owned()),
        properties: Some(properties),
        ..Schema::default()
    });
    let candidate = name.to_upper_camel_case();
    let candidate = if candidate.is_empty() || candidate.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{}Item", sink.op)
    } else {
        candidate
    };
    Type::reference(
        &sink
            .registry
            .intern(&candidate, sink.request, sink.op, schema),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Value {
        crate::import::json::lenient(text).expect("json")
    }

    #[test]
    fn values_step_into_lists_and_items() {
        let roots = [json(
            r#"{"a": [{"b": {"c": 1}}, {"b": {"c": 2}}], "d": [[{"e": 1}]]}"#,
        )];
        let at = |p: &[&str]| p.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(values_at(&roots, &at(&["a", "b"]), false).len(), 2);
        assert_eq!(values_at(&roots, &at(&["d"]), true).len(), 1);
        assert_eq!(values_at(&roots, &at(&["[items]"]), false).len(), 1);
        assert!(values_at(&roots, &at(&["x"]), false).is_empty());
    }

    #[test]
    fn numbers_widen_over_every_sample() {
        let v = json("[1, 5000000000, 0.5]");
        let [a, b, c] = v.as_sequence().expect("list").as_slice() else {
            panic!("three numbers")
        };
        assert_eq!(number_type(&[a]), "int32");
        assert_eq!(number_type(&[a, b]), "int64");
        assert_eq!(number_type(&[a, b, c]), "double");
    }
}
