//! A text-form page gives the same operation imported alone (`import PAGE`, [`import_pages`])
//! and as one page of a tree (`import DIR --service` on a tree of every such page,
//! [`import_tree_with`]): what another page of the tree says (its error codes, its objects)
//! changes the names of schemas, not what the page's operation is.
//!
//! Every fixture page (`tests/fixtures/pages`, and `routes/` there for forms the others do
//! not show) and the seed page are compared so: their operations and the schemas they reach,
//! as data, schema names paired by position (a tree names its schemas over all its pages).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hwcloud_codegen_tools::import::tree::{Strictness, TreeOptions, TreePage, import_tree_with};
use hwcloud_codegen_tools::import::{ImportOptions, PageText, import_pages};
use hwcloud_spec::diagnostics::ColorChoice;
use serde_yaml::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `.txt` pages of `dir`, sorted (none when it does not exist).
fn pages_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// The fixture pages and the seed page (the shared seeds too, when present).
fn all_pages() -> Vec<(String, String)> {
    let mut dirs = vec![
        root().join("tests/fixtures/pages"),
        // Pages of forms the others do not show (response headers), not in the spec.
        root().join("tests/fixtures/pages/routes"),
        root().join("tests/fixtures/seed"),
    ];
    dirs.extend(crate::shared::path("seeds", module_path!()));
    let mut out: Vec<(String, String)> = Vec::new();
    for file in dirs.iter().flat_map(|d| pages_in(d)) {
        let text = std::fs::read_to_string(&file).expect("page is readable");
        if out.iter().any(|(_, t)| *t == text) {
            continue;
        }
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a file name")
            .to_owned();
        out.push((name, text));
    }
    out
}

/// Every page imported as one tree: the spec, and the operation id of each page.
fn by_tree(pages: &[(String, String)]) -> (Value, BTreeMap<String, String>) {
    let tree: Vec<TreePage> = pages
        .iter()
        .map(|(name, text)| TreePage {
            path: name.clone(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    let imported = import_tree_with(
        &tree,
        "codeartsartifact",
        &TreeOptions::default().with_strictness(Strictness::Strict),
    );
    assert_eq!(imported.problem(), None, "{:#?}", imported.warnings);
    let doc: Value = serde_yaml::from_str(&imported.yaml).expect("the tree import is YAML");
    let ids = imported
        .page_of
        .iter()
        .map(|(id, page)| (page.clone(), id.clone()))
        .collect();
    (doc, ids)
}

/// The page's one operation and its schemas, imported alone, named `id`.
fn by_page(name: &str, text: &str, id: &str) -> Value {
    let options = ImportOptions {
        ids: BTreeMap::from([(name.to_owned(), id.to_owned())]),
        ..ImportOptions::default()
    };
    let page = PageText {
        name: name.to_owned(),
        text: text.to_owned(),
    };
    match import_pages(&[page], &options) {
        Ok(i) => Value::Mapping(i.document()),
        Err(e) => panic!("{name}: {}", e.render(ColorChoice::Never)),
    }
}

/// Pairs the schema names the two imports give the same place (the page's name → the
/// tree's): walks the operation of both, and then each pair of schemas, in parallel, key
/// by key and item by item, pairing the `ref`s met at the same key path. A `ref` only one
/// side has pairs with nothing (the comparison shows it).
fn pair_names(page: &Value, tree: &Value, id: &str) -> Vec<(String, String)> {
    fn walk(a: &Value, b: &Value, out: &mut Vec<(String, String)>) {
        match (a, b) {
            (Value::Mapping(x), Value::Mapping(y)) => {
                for (k, v) in x {
                    let Some(w) = y.get(k) else { continue };
                    match (k.as_str(), v.as_str(), w.as_str()) {
                        (Some("examples"), ..) => {}
                        (Some("ref"), Some(n), Some(m)) => out.push((n.to_owned(), m.to_owned())),
                        _ => walk(v, w, out),
                    }
                }
            }
            (Value::Sequence(x), Value::Sequence(y)) => {
                x.iter().zip(y).for_each(|(v, w)| walk(v, w, out));
            }
            _ => {}
        }
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut todo = vec![(
        page["operations"][id].clone(),
        tree["operations"][id].clone(),
    )];
    while let Some((x, y)) = todo.pop() {
        let mut met = Vec::new();
        walk(&x, &y, &mut met);
        for (n, m) in met {
            if !pairs.iter().any(|(a, _)| *a == n) {
                todo.push((
                    page["schemas"][n.as_str()].clone(),
                    tree["schemas"][m.as_str()].clone(),
                ));
                pairs.push((n, m));
            }
        }
    }
    pairs
}

/// `v` with its `ref`s renamed by `names` (tree name → page name).
fn renamed(v: &Value, names: &BTreeMap<&str, &str>) -> Value {
    match v {
        Value::Mapping(m) => Value::Mapping(
            m.iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v.as_str()) {
                        (Some("ref"), Some(n)) => Value::from(names.get(n).copied().unwrap_or(n)),
                        _ => renamed(v, names),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Sequence(items) => {
            Value::Sequence(items.iter().map(|i| renamed(i, names)).collect())
        }
        other => other.clone(),
    }
}

fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

fn short(v: Option<&Value>) -> String {
    let Some(v) = v else {
        return "(absent)".to_owned();
    };
    let text = serde_json::to_string(v).unwrap_or_else(|_| format!("{v:?}"));
    if text.chars().count() > 100 {
        format!("{}...", text.chars().take(100).collect::<String>())
    } else {
        text
    }
}

/// Where `a` (the page alone) and `b` (the page in the tree) differ: (key path, what each has). Mappings
/// are compared key by key, sequences item by item, anything else as a whole.
fn differences(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<(String, String)>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    match (a, b) {
        (Some(Value::Mapping(x)), Some(Value::Mapping(y))) => {
            let keys: Vec<&Value> = x
                .keys()
                .chain(y.keys().filter(|k| !x.contains_key(*k)))
                .collect();
            for k in keys {
                differences(&join(&key_text(k)), x.get(k), y.get(k), out);
            }
        }
        (Some(Value::Sequence(x)), Some(Value::Sequence(y))) => {
            for i in 0..x.len().max(y.len()) {
                differences(&join(&i.to_string()), x.get(i), y.get(i), out);
            }
        }
        _ if a == b => {}
        _ => out.push((
            path.to_owned(),
            format!("alone {}, in the tree {}", short(a), short(b)),
        )),
    }
}

/// Every difference between a page imported alone and the same page in `tree`.
fn page_differences(name: &str, text: &str, tree: &Value, id: &str) -> Vec<(String, String)> {
    let page = by_page(name, text, id);
    let pairs = pair_names(&page, tree, id);
    let names: BTreeMap<&str, &str> = pairs
        .iter()
        .map(|(p, t)| (t.as_str(), p.as_str()))
        .collect();
    let mut out = Vec::new();
    differences(
        "",
        page["operations"].get(id),
        Some(&renamed(&tree["operations"][id], &names)),
        &mut out,
    );
    for (p, t) in &pairs {
        differences(
            &format!("schemas.{p}"),
            page["schemas"].get(p.as_str()),
            tree["schemas"]
                .get(t.as_str())
                .map(|s| renamed(s, &names))
                .as_ref(),
            &mut out,
        );
    }
    out
}

#[test]
fn a_page_alone_and_in_a_tree_gives_the_same_operation() {
    let pages = all_pages();
    assert!(pages.len() >= 7, "fixture and seed pages are present");
    let (tree, ids) = by_tree(&pages);
    let mut differ = Vec::new();
    for (name, text) in &pages {
        let id = ids
            .get(name)
            .unwrap_or_else(|| panic!("{name}: an operation of the tree"));
        for (path, what) in page_differences(name, text, &tree, id) {
            differ.push(format!("{name}: {path}: {what}"));
        }
    }
    assert!(
        differ.is_empty(),
        "a page alone and in the tree differ:\n{}",
        differ.join("\n")
    );
}
