//! The two routes a text-form page can take give the same operation: `import PAGE` (the page
//! import, [`import_pages`]) and `import DIR --service` on a tree holding that page (the
//! tree import, [`import_tree_with`]).
//!
//! Every fixture page (`tests/fixtures/pages`, and `routes/` there for forms the others do
//! not show) and the seed page go through both; their operations and the schemas
//! they reach are compared as data, schema names paired by position (names are chosen by
//! each route's own rule). What still differs is listed in [`KNOWN`], one entry per
//! difference: a difference not listed fails the test, and so does a listed one that no
//! longer occurs, so the list only shrinks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hwcloud_codegen_tools::import::tree::{Strictness, TreeOptions, TreePage, import_tree_with};
use hwcloud_codegen_tools::import::{ImportOptions, PageText, import_pages};
use hwcloud_spec::diagnostics::ColorChoice;
use serde_yaml::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Differences between the routes still to close: `page key.path`. The path starts at the
/// operation (`responses.200.headers`) or at a schema, by its page-route name
/// (`schemas.ResetUserPasswordResponse.properties.status.enum`).
const KNOWN: &[&str] = &[
    // Path parameters: the page route writes `required: true`, the tree route leaves it
    // out (a path parameter is always required).
    "list_all_repositories.txt parameters.0.required",
    "list_all_repositories.txt parameters.1.required",
    "show_repository_roles_privilege.txt parameters.0.required",
    "show_repository_roles_privilege.txt parameters.1.required",
    "update_repo_roles_privilege.txt parameters.0.required",
    // A request body with a required field: the tree route marks the body `required`.
    "delete_repository.txt body.required",
    "update_repo_roles_privilege.txt body.required",
    // Error statuses: the page route reads their body tables and example responses, the
    // tree route neither.
    "show_repository_roles_privilege.txt responses.400.body",
    "show_repository_roles_privilege.txt responses.401.body",
    "show_repository_roles_privilege.txt examples.responses.1",
    // Value lists in descriptions: the tree route makes them enums, the page route strings.
    "delete_repository.txt schemas.DeleteRepositoryRequestBody.properties.format.type",
    "delete_repository.txt schemas.DeleteRepositoryRequestBody.properties.format.ref",
    "show_maven_info.txt parameters.1.type",
    "show_maven_info.txt parameters.1.ref",
    "show_maven_info.txt parameters.2.type",
    "show_maven_info.txt parameters.2.ref",
    "show_repository_roles_privilege.txt parameters.2.type",
    "show_repository_roles_privilege.txt parameters.2.ref",
    "update_repo_roles_privilege.txt schemas.PrivilegeParam.properties.operations.type",
    "update_repo_roles_privilege.txt schemas.PrivilegeParam.properties.operations.ref",
    // A list operation with `offset` and `limit`: the tree route gives it `pagination`.
    "list_recycle_bin_files.txt pagination",
    // A field an example response shows as `null`: the tree route marks it `nullable`.
    "delete_repository.txt schemas.DeleteRepositoryResult.properties.message.nullable",
];

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

/// The page's one operation and the schemas, by the tree route (a tree of that one page).
fn by_tree(name: &str, text: &str) -> (String, Value) {
    let page = TreePage {
        path: name.to_owned(),
        bytes: text.as_bytes().to_vec(),
    };
    let imported = import_tree_with(
        &[page],
        "codeartsartifact",
        &TreeOptions::default().with_strictness(Strictness::Strict),
    );
    assert_eq!(imported.problem(), None, "{name}: {:#?}", imported.warnings);
    let doc: Value = serde_yaml::from_str(&imported.yaml).expect("the tree import is YAML");
    let ops = doc["operations"].as_mapping().expect("operations");
    assert_eq!(ops.len(), 1, "{name}: one operation");
    let id = ops.keys().next().and_then(Value::as_str).expect("an id");
    (id.to_owned(), doc)
}

/// The page's one operation and its schemas, by the page route, named `id`.
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

/// Pairs the schema names the two routes give the same place (page route's name → tree
/// route's): walks the operation of both, and then each pair of schemas, in parallel, key
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

/// Where `a` (page route) and `b` (tree route) differ: (key path, what each has). Mappings
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
            format!("page route {}, tree route {}", short(a), short(b)),
        )),
    }
}

/// Every difference between the two routes' imports of a page.
fn page_differences(name: &str, text: &str) -> Vec<(String, String)> {
    let (id, tree) = by_tree(name, text);
    let page = by_page(name, text, &id);
    let pairs = pair_names(&page, &tree, &id);
    let names: BTreeMap<&str, &str> = pairs
        .iter()
        .map(|(p, t)| (t.as_str(), p.as_str()))
        .collect();
    let mut out = Vec::new();
    differences(
        "",
        page["operations"].get(id.as_str()),
        Some(&renamed(&tree["operations"][id.as_str()], &names)),
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
fn both_routes_give_a_page_the_same_operation() {
    let pages = all_pages();
    assert!(pages.len() >= 7, "fixture and seed pages are present");
    let mut unexpected = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (name, text) in &pages {
        for (path, what) in page_differences(name, text) {
            if !KNOWN.contains(&format!("{name} {path}").as_str()) {
                unexpected.push(format!("{name}: {path}: {what}"));
            }
            seen.push(format!("{name} {path}"));
        }
    }
    let gone: Vec<&str> = KNOWN
        .iter()
        .copied()
        .filter(|k| !seen.iter().any(|s| s == k))
        .collect();
    assert!(
        unexpected.is_empty(),
        "the routes differ where they did not:\n{}",
        unexpected.join("\n")
    );
    assert!(
        gone.is_empty(),
        "the routes now agree here: take these off the list of known differences:\n{}",
        gone.join("\n")
    );
}
