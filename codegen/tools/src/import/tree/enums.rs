//! Open enums from the docs' words: a string field or parameter whose description lists
//! its values becomes a string enum schema (the generated enum keeps values it does not
//! know in `Unknown`, so a value the docs left out still decodes).
//!
//! A list is read from these forms, and only when every value is one word (letters,
//! digits, `_`, `-`, `.`, `:`, `/`) and there are at least two; a list that ends in words
//! ("..., or a dedicated pool name"), only `true`/`false`, or only numbers is no enum, nor
//! is the `rel` of a link object (`{ href, rel }`), which a pager compares with `next`:
//!
//! - `Enumerated values:` followed by `- value` lines;
//! - `The value can be:` (also `Value range:`, `Range:`, `Options:`, `Possible values:`)
//!   followed by `- value: what it means` lines, whose text becomes the value's description;
//! - the same words followed by the values in the sentence: `The value can be ACTIVE,
//!   BUILD, or DOWN.`, `The value can be **ingress** or **egress**`.
//!
//! Names: the field's name in UpperCamelCase (`direction` → `Direction`) when every field of
//! that name lists the same values; otherwise the most common list keeps it and each other is
//! qualified by its owner, the schema holding the field or the resource of the operation
//! (`SecurityGroupRuleDirection`), then `<Field>Value`, then by context (the owner every
//! other owner's name ends with, then each owner, the most uses first: `PublicipStatus`),
//! and only then a number. A name some other schema has is qualified the same way.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_yaml::{Mapping, Value};

use super::schemas::resource_of;

/// Values with their descriptions, in the docs' order.
type Values = Vec<(String, Option<String>)>;

/// Where a listed field is: a schema property or an operation parameter.
#[derive(Debug, Clone)]
enum Place {
    Property { schema: String, field: String },
    Parameter { op: String, index: usize },
}

#[derive(Debug, Clone)]
struct Found {
    place: Place,
    /// Whether the type is an array of strings (the enum goes into `items`).
    array: bool,
    candidate: String,
    owner: String,
    values: Values,
}

/// Turns every value list into an enum schema; the number of enum schemas made.
pub(crate) fn infer(operations: &mut Mapping, schemas: &mut Mapping) -> usize {
    let mut found = Vec::new();
    for (name, schema) in schemas.iter() {
        let (Some(name), Some(Value::Mapping(props))) = (name.as_str(), schema.get("properties"))
        else {
            continue;
        };
        let owner = owner_of(name);
        // A link's relation (`{ href, rel }`) stays a string: a pager reads `rel: next`.
        let link = props.contains_key("href");
        for (field, ty) in props {
            let Some(field) = field.as_str() else {
                continue;
            };
            if link && field == "rel" {
                continue;
            }
            if let Some((array, values)) = listed(ty) {
                found.push(Found {
                    place: Place::Property {
                        schema: name.to_owned(),
                        field: field.to_owned(),
                    },
                    array,
                    candidate: field.to_upper_camel_case(),
                    owner: owner.clone(),
                    values,
                });
            }
        }
    }
    for (id, op) in operations.iter() {
        let (Some(id), Some(Value::Sequence(params))) = (id.as_str(), op.get("parameters")) else {
            continue;
        };
        for (index, p) in params.iter().enumerate() {
            let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
            if let Some((array, values)) = listed(p) {
                found.push(Found {
                    place: Place::Parameter {
                        op: id.to_owned(),
                        index,
                    },
                    array,
                    candidate: name.to_upper_camel_case(),
                    owner: resource_of(id),
                    values,
                });
            }
        }
    }
    found.retain(|f| {
        !f.candidate.is_empty() && f.candidate.starts_with(|c: char| c.is_ascii_alphabetic())
    });
    // Names: by candidate, the most common value list keeps it.
    // The same values in another order are the same list.
    let key = |f: &Found| {
        let mut k: Vec<String> = f.values.iter().map(|(v, _)| v.clone()).collect();
        k.sort();
        k
    };
    let mut taken: BTreeSet<String> = schemas
        .keys()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let mut by_candidate: BTreeMap<String, BTreeMap<Vec<String>, Vec<usize>>> = BTreeMap::new();
    for (i, f) in found.iter().enumerate() {
        by_candidate
            .entry(f.candidate.clone())
            .or_default()
            .entry(key(f))
            .or_default()
            .push(i);
    }
    let mut name_of: Vec<String> = vec![String::new(); found.len()];
    let mut made: BTreeMap<String, Mapping> = BTreeMap::new();
    for (candidate, lists) in by_candidate {
        let mut lists: Vec<(Vec<String>, Vec<usize>)> = lists.into_iter().collect();
        lists.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
        for (rank, (_, members)) in lists.iter().enumerate() {
            let first = &found[members[0]];
            let mut tries = Vec::new();
            if rank == 0 {
                tries.push(candidate.clone());
            }
            let owners: BTreeSet<&str> = members.iter().map(|&i| found[i].owner.as_str()).collect();
            if owners.len() == 1 && !first.owner.ends_with(&candidate) {
                tries.push(format!("{}{candidate}", first.owner));
            }
            tries.push(format!("{candidate}Value"));
            // Then by context, not by number: the owner every other owner's name ends
            // with (`Publicip` among `ResourcePublicip`, `ShowPublicipV3Publicip`), then
            // each owner, the most uses first.
            let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
            for &i in members {
                *uses.entry(found[i].owner.as_str()).or_default() += 1;
            }
            let common = uses
                .keys()
                .filter(|o| uses.keys().all(|other| other.ends_with(*o)))
                .min_by_key(|o| o.len());
            let mut by_uses: Vec<(&str, usize)> = uses.iter().map(|(o, n)| (*o, *n)).collect();
            by_uses.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            for owner in common
                .into_iter()
                .copied()
                .chain(by_uses.into_iter().map(|(o, _)| o))
            {
                if !owner.is_empty() && !owner.ends_with(&candidate) {
                    tries.push(format!("{owner}{candidate}"));
                }
            }
            let name = tries
                .into_iter()
                .chain((2..).map(|n| format!("{candidate}Value{n}")))
                .find(|n| !taken.contains(n))
                .unwrap_or_default();
            taken.insert(name.clone());
            // Value descriptions: the first occurrence that has one.
            let mut schema = Mapping::new();
            schema.insert("type".into(), "string".into());
            let values: Vec<Value> = first
                .values
                .iter()
                .map(|(v, _)| {
                    let desc = members
                        .iter()
                        .find_map(|&i| found[i].values.iter().find(|(w, _)| w == v)?.1.clone());
                    match desc {
                        Some(d) => {
                            let mut m = Mapping::new();
                            m.insert("value".into(), v.as_str().into());
                            m.insert("description".into(), d.into());
                            Value::Mapping(m)
                        }
                        None => Value::String(v.clone()),
                    }
                })
                .collect();
            schema.insert("enum".into(), Value::Sequence(values));
            made.insert(name.clone(), schema);
            for &i in members {
                name_of[i] = name.clone();
            }
        }
    }
    for (f, name) in found.iter().zip(&name_of) {
        let slot = match &f.place {
            Place::Property { schema, field } => schemas
                .get_mut(schema.as_str())
                .and_then(|s| s.get_mut("properties"))
                .and_then(|p| p.get_mut(field.as_str())),
            Place::Parameter { op, index } => operations
                .get_mut(op.as_str())
                .and_then(|o| o.get_mut("parameters"))
                .and_then(|p| p.get_mut(*index)),
        };
        let Some(Value::Mapping(m)) = slot else {
            continue;
        };
        let target = if f.array {
            match m.get_mut("items") {
                Some(Value::Mapping(items)) => items,
                _ => continue,
            }
        } else {
            m
        };
        target.remove("type");
        target.insert("ref".into(), name.as_str().into());
    }
    let count = made.len();
    let mut all: BTreeMap<String, Value> = std::mem::take(schemas)
        .into_iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v)))
        .collect();
    all.extend(made.into_iter().map(|(k, v)| (k, Value::Mapping(v))));
    *schemas = all
        .into_iter()
        .map(|(k, v)| (Value::String(k), v))
        .collect();
    count
}

/// The owner a schema's enums are qualified with: the schema, or for an operation's body
/// the resource of the operation.
fn owner_of(schema: &str) -> String {
    for suffix in ["RequestBody", "Response"] {
        if let Some(op) = schema.strip_suffix(suffix) {
            return resource_of(op);
        }
    }
    schema.to_owned()
}

/// The values a string (or array of strings) type's description lists.
fn listed(ty: &Value) -> Option<(bool, Values)> {
    let is_string = |t: &Value| t.get("type").and_then(Value::as_str) == Some("string");
    let array = match ty.get("type").and_then(Value::as_str) {
        Some("string") => false,
        Some("array") if ty.get("items").is_some_and(is_string) => true,
        _ => return None,
    };
    let text = |k: &str| ty.get(k).and_then(Value::as_str);
    // Values a `range` lists count as the description's.
    let desc = match (text("description"), text("range")) {
        (d, Some(r)) => format!("{}\nRange: {r}", d.unwrap_or_default()),
        (Some(d), None) => d.to_owned(),
        (None, None) => return None,
    };
    values_in(&desc).map(|v| (array, v))
}

/// The values a description lists (see the module docs).
pub(crate) fn values_in(desc: &str) -> Option<Values> {
    let lines: Vec<&str> = desc.lines().map(str::trim).collect();
    let lower = desc.to_ascii_lowercase();
    // `Enumerated values:` and `- value` lines.
    if let Some(i) = lines.iter().position(|l| {
        l.to_ascii_lowercase()
            .trim_end_matches(':')
            .ends_with("enumerated values")
    }) {
        let values: Values = lines[i + 1..]
            .iter()
            .map_while(|l| l.strip_prefix("- ").or_else(|| l.strip_prefix('-')))
            .map(|v| (clean(v), None))
            .collect();
        return accept(values);
    }
    const MARKERS: &[&str] = &[
        "the value can be",
        "value range:",
        "possible values:",
        "possible values are",
        "valid values are",
        "options:",
        "range:",
    ];
    for marker in MARKERS {
        let Some(at) = lower.find(marker) else {
            continue;
        };
        let after = &desc[at + marker.len()..];
        let after = after.strip_prefix(':').unwrap_or(after);
        // The list on the following lines.
        if after.trim_start_matches([' ', '\t']).starts_with('\n') || after.trim().is_empty() {
            let start = lines
                .iter()
                .position(|l| l.to_ascii_lowercase().contains(marker))?;
            let values: Values = lines[start + 1..]
                .iter()
                .map_while(|l| l.strip_prefix("- ").or_else(|| l.strip_prefix('-')))
                .map(|item| match item.split_once(':') {
                    Some((v, d)) if is_value(&clean(v)) => {
                        let d = d.trim().trim_end_matches('.').trim();
                        (clean(v), (!d.is_empty()).then(|| d.to_owned()))
                    }
                    _ => (clean(item), None),
                })
                .collect();
            return accept(values);
        }
        // The list in the sentence, up to its end.
        let sentence = after.lines().next().unwrap_or("");
        let sentence = sentence
            .split(". ")
            .next()
            .unwrap_or(sentence)
            .trim()
            .trim_end_matches('.');
        let mut text = String::new();
        let mut depth = 0usize;
        for c in sentence.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ if depth == 0 => text.push(c),
                _ => {}
            }
        }
        let values: Values = text
            .replace(", or ", ",")
            .replace(", and ", ",")
            .replace(" or ", ",")
            .replace(" and ", ",")
            .split([',', ';', '|'])
            .map(|v| (clean(v), None))
            .filter(|(v, _)| !v.is_empty())
            .collect();
        return accept(values);
    }
    None
}

fn clean(v: &str) -> String {
    v.trim()
        .trim_matches(|c: char| matches!(c, '`' | '*' | '"' | '\'' | '“' | '”'))
        .trim()
        .to_owned()
}

fn is_value(v: &str) -> bool {
    v.starts_with(|c: char| c.is_ascii_alphanumeric())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/'))
}

fn accept(values: Values) -> Option<Values> {
    let mut seen = BTreeSet::new();
    let values: Values = values
        .into_iter()
        .filter(|(v, _)| seen.insert(v.clone()))
        .collect();
    let ok = values.len() >= 2
        && values.iter().all(|(v, _)| is_value(v))
        && !values
            .iter()
            .all(|(v, _)| v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"))
        && !values
            .iter()
            .all(|(v, _)| v.chars().all(|c| c.is_ascii_digit()));
    ok.then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(desc: &str) -> Option<Vec<String>> {
        values_in(desc).map(|v| v.into_iter().map(|(v, _)| v).collect())
    }

    #[test]
    fn reads_the_docs_forms() {
        assert_eq!(
            plain("Specifies the direction. The value can be **ingress** or **egress**."),
            Some(vec!["ingress".into(), "egress".into()])
        );
        assert_eq!(
            plain("Status. The value can be ACTIVE, BUILD, or DOWN. More text."),
            Some(vec!["ACTIVE".into(), "BUILD".into(), "DOWN".into()])
        );
        assert_eq!(
            plain(
                "- Sorting direction.\n- The value can be asc or desc Enumerated values:\n- asc\n- desc"
            ),
            Some(vec!["asc".into(), "desc".into()])
        );
        let with_text = values_in("- Type.\n- The value can be:\n- port: a single network interface.\n- vpc: All network interfaces in a VPC.\n").unwrap();
        assert_eq!(
            with_text[0],
            ("port".into(), Some("a single network interface".into()))
        );
        assert_eq!(with_text[1].0, "vpc");
        assert_eq!(
            plain("The value can be 4 (IPv4) or 6 (IPv6)."),
            None,
            "numbers only"
        );
        assert_eq!(plain("The value can be true or false."), None);
        assert_eq!(plain("The value can be from 1 to 1000."), None);
        assert_eq!(
            plain("The value can be 5_telcom, 5_bgp, or a dedicated pool name."),
            None
        );
        assert_eq!(plain("Just a name."), None);
    }

    #[test]
    fn lists_become_named_open_enums() {
        let mut schemas: Mapping = serde_yaml::from_str(
            "Rule: { type: object, properties: { direction: { type: string, description: The value can be ingress or egress. } } }\nOther: { type: object, properties: { direction: { type: string, description: The value can be in or out. } } }\nUse: { type: object, properties: { direction: { type: string, description: The value can be ingress or egress. } } }\n",
        )
        .unwrap();
        let mut ops: Mapping = serde_yaml::from_str(
            "ListRules:\n  parameters:\n    - { name: direction, in: query, type: array, items: { type: string }, description: 'The value can be ingress or egress.' }\n",
        )
        .unwrap();
        assert_eq!(infer(&mut ops, &mut schemas), 2);
        assert_eq!(schemas["Direction"]["enum"][1].as_str(), Some("egress"));
        assert_eq!(schemas["OtherDirection"]["enum"][0].as_str(), Some("in"));
        assert_eq!(
            schemas["Rule"]["properties"]["direction"]["ref"].as_str(),
            Some("Direction")
        );
        assert_eq!(
            ops["ListRules"]["parameters"][0]["items"]["ref"].as_str(),
            Some("Direction")
        );
    }

    #[test]
    fn a_links_relation_stays_a_string() {
        let mut schemas: Mapping = serde_yaml::from_str(
            "Link: { type: object, properties: { href: { type: string }, rel: { type: string, description: The value can be next or previous. } } }\n",
        )
        .unwrap();
        assert_eq!(infer(&mut Mapping::new(), &mut schemas), 0);
        assert_eq!(
            schemas["Link"]["properties"]["rel"]["type"].as_str(),
            Some("string")
        );
    }
}
