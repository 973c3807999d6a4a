//! The spec an import ends with is checked as `hwcloud-codegen check` would. What the check
//! rejects is repaired when the tables are known to be loose (see `repair`), else dropped:
//! an example first, then paging, a whole operation last; each with a warning at its page.

use serde_yaml::{Mapping, Value};

use super::repair;
use crate::import::warning::{Warning, Warnings};

/// An example `check` rejects: its operation, kind (`requests`, `responses`) and index, or
/// only the operation (all its examples).
type ExampleAt = (String, Option<String>, Option<usize>);

/// Removes the examples `at` (several of one operation's list at once, so that removing one
/// does not move the others), each once; the removed ones, each with the first message
/// about it, in the order given.
fn drop_examples(doc: &mut Mapping, at: Vec<(ExampleAt, String)>) -> Vec<(ExampleAt, String)> {
    let mut unique: Vec<(ExampleAt, String)> = Vec::new();
    for (key, message) in at {
        if !unique.iter().any(|(k, _)| *k == key) {
            unique.push((key, message));
        }
    }
    // Highest index first within each list, so the lower ones stay where they are.
    let mut order: Vec<usize> = (0..unique.len()).collect();
    order.sort_by(|&a, &b| {
        let (ka, kb) = (&unique[a].0, &unique[b].0);
        (&ka.0, &ka.1, std::cmp::Reverse(ka.2)).cmp(&(&kb.0, &kb.1, std::cmp::Reverse(kb.2)))
    });
    let mut removed = vec![false; unique.len()];
    for i in order {
        let (id, kind, index) = &unique[i].0;
        if let Some(Value::Mapping(op)) = doc
            .get_mut("operations")
            .and_then(|o| o.get_mut(id.as_str()))
        {
            removed[i] = drop_example(op, kind.as_deref(), *index);
        }
    }
    unique
        .into_iter()
        .zip(removed)
        .filter_map(|(u, r)| r.then_some(u))
        .collect()
}

/// Removes the example `kind[index]` (or all examples) of an operation; whether one was
/// there.
fn drop_example(op: &mut Mapping, kind: Option<&str>, index: Option<usize>) -> bool {
    let Some(Value::Mapping(examples)) = op.get_mut("examples") else {
        return false;
    };
    let removed = match (kind, index) {
        (Some(k), Some(i)) => match examples.get_mut(k) {
            Some(Value::Sequence(list)) if i < list.len() => {
                list.remove(i);
                if list.is_empty() {
                    examples.remove(k);
                }
                true
            }
            _ => false,
        },
        _ => {
            examples.clear();
            true
        }
    };
    if examples.is_empty() {
        op.remove("examples");
    }
    removed
}

/// The spec text, after dropping what `check` rejects (examples first, then whole
/// operations), each with a warning at its page.
/// The key path of a diagnostic as strings.
fn segments(d: &crate::diagnostics::Diagnostic) -> Vec<String> {
    d.path
        .segments()
        .iter()
        .map(|s| match s {
            crate::diagnostics::Segment::Key(k) => k.clone(),
            crate::diagnostics::Segment::Index(i) => i.to_string(),
        })
        .collect()
}

pub(crate) fn checked(
    module: &str,
    doc: &mut Mapping,
    pages: &[(String, String, usize)],
    warnings: &mut Warnings,
) -> String {
    let file = format!("{module}.yaml");
    for round in 0..8 {
        // The last rounds only drop: whatever the repairs left is no example.
        let repairs = round < 6;
        let text = crate::import::yaml::document_text(doc);
        let problems = crate::pipeline::problems(&text);
        let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
        if errors.is_empty() {
            break;
        }
        let mut repaired = false;
        // An example whose every error is a loose table is kept and the tables repaired;
        // one with any other error is dropped.
        let example_of = |segs: &[String]| -> Option<String> {
            (segs.first().map(String::as_str) == Some("operations")
                && segs.get(2).map(String::as_str) == Some("examples")
                && segs.len() > 4)
                .then(|| segs[..5].join("."))
        };
        let mut fixes: std::collections::BTreeMap<String, Vec<Option<repair::Repair>>> =
            std::collections::BTreeMap::new();
        for d in &errors {
            let segs = segments(d);
            if let Some(key) = example_of(&segs) {
                fixes
                    .entry(key)
                    .or_default()
                    .push(repair::repair(doc, &segs, &d.message));
            }
        }
        // The examples to drop, after the loop: dropping one moves the next of its list.
        let mut drops: Vec<(ExampleAt, String)> = Vec::new();
        for d in errors {
            let segs = segments(d);
            let (file, line) = segs
                .get(1)
                .and_then(|id| pages.iter().find(|(i, _, _)| i == id))
                .map_or((file.clone(), 1), |(_, f, l)| (f.clone(), *l));
            if repairs
                && example_of(&segs)
                    .and_then(|k| fixes.get(&k))
                    .is_some_and(|all| all.iter().all(Option::is_some))
            {
                if let Some(fix) = repair::repair(doc, &segs, &d.message)
                    && repair::apply(doc, &fix)
                {
                    repaired = true;
                    warnings.push(Warning::new(
                        &file,
                        line,
                        format!(
                            "an example of `{}` does not match its tables: {}",
                            segs[1],
                            fix.describe()
                        ),
                    ));
                }
                continue;
            }
            let ops = doc.get_mut("operations").and_then(Value::as_mapping_mut);
            match (
                segs.first().map(String::as_str),
                segs.get(1),
                segs.get(2).map(String::as_str),
                ops,
            ) {
                (Some("operations"), Some(id), Some("examples"), Some(_)) => {
                    let index = segs.get(4).and_then(|i| i.parse::<usize>().ok());
                    let kind = segs.get(3).filter(|_| index.is_some()).cloned();
                    drops.push(((id.clone(), kind, index), d.message.clone()));
                }
                (Some("operations"), Some(id), Some("pagination"), Some(ops)) => {
                    // Paging the shape suggested but `check` does not accept: no paging.
                    if let Some(Value::Mapping(op)) = ops.get_mut(id.as_str())
                        && op.remove("pagination").is_some()
                    {
                        warnings.push(Warning::new(
                            &file,
                            line,
                            format!("`{id}` gets no pagination: {}", d.message),
                        ));
                    }
                }
                (Some("operations"), Some(id), _, Some(ops)) => {
                    if ops.remove(id.as_str()).is_some() {
                        warnings.push(Warning::new(
                            &file,
                            line,
                            format!("`{id}` is not imported: {}", d.message),
                        ));
                    }
                }
                _ => warnings.push(Warning::new(
                    &file,
                    line,
                    format!("the imported spec does not pass `check`: {}", d.message),
                )),
            }
        }
        for ((id, kind, _), message) in drop_examples(doc, drops) {
            let (file, line) = pages
                .iter()
                .find(|(i, _, _)| *i == id)
                .map_or((file.clone(), 1), |(_, f, l)| (f.clone(), *l));
            let kind = match kind.as_deref() {
                Some("requests") => "a request example",
                Some("responses") => "a response example",
                _ => "an example",
            };
            warnings.push(Warning::new(
                &file,
                line,
                format!("{kind} of `{id}` does not match its tables ({message}): not imported"),
            ));
        }
        // A list the repairs made may be what a list operation pages through.
        if repaired
            && let Some(schemas) = doc.get("schemas").and_then(Value::as_mapping).cloned()
            && let Some(Value::Mapping(ops)) = doc.get_mut("operations")
        {
            super::paging::infer_paging(ops, &schemas);
        }
    }
    match crate::import::yaml::spec(doc) {
        Ok(text) => text,
        Err(e) => {
            // A fix can set what the format does not have: the spec is written as it is,
            // and the warning says where.
            warnings.push(Warning::new(
                &file,
                1,
                format!(
                    "the imported spec is written as built, not in the format's key order: {e}"
                ),
            ));
            crate::import::yaml::document_text(doc)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_examples_removes_each_once_whatever_the_order() {
        let mut doc: Mapping = serde_yaml::from_str(
            "operations:\n  A:\n    examples:\n      requests: [ { url: a0 }, { url: a1 }, { url: a2 } ]\n      responses: [ { status: 200 } ]\n",
        )
        .expect("yaml");
        let at = |kind: &str, i: usize| ("A".to_owned(), Some(kind.to_owned()), Some(i));
        // Two problems with the first request, one with the last, found in that order.
        let dropped = drop_examples(
            &mut doc,
            vec![
                (at("requests", 0), "first".into()),
                (at("requests", 2), "last".into()),
                (at("requests", 0), "first again".into()),
                (at("responses", 0), "response".into()),
            ],
        );
        let messages: Vec<&str> = dropped.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(messages, ["first", "last", "response"]);
        let examples = &doc["operations"]["A"]["examples"];
        assert_eq!(
            examples["requests"],
            serde_yaml::from_str::<Value>("[ { url: a1 } ]").expect("yaml")
        );
        assert!(examples.get("responses").is_none());
    }
}
