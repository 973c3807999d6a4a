//! Fixes that survive re-import, on the real history of the VPC docs: the fixes of
//! `spec/fixes/vpc.yaml` are written against the import of the 2022-10-17 tree; the
//! 2026-04-16 tree imported into that spec keeps every one of them, and every name.

use std::path::{Path, PathBuf};

use hwcloud_codegen_tools::import::tree::{
    Change, Fix, Fixes, SdkFacts, TreeImport, TreeOptions, import_tree_with, read_tree,
};
use serde_yaml::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixes(text: &str) -> Fixes {
    Fixes::parse("spec/fixes/vpc.yaml", text).expect("the fixes parse")
}

fn options(fixes: Fixes) -> TreeOptions {
    let facts = SdkFacts::locate(&root().join("tests/data/sdk/facts"), "vpc").expect("facts");
    TreeOptions::default().with_sdk(facts).with_fixes(fixes)
}

/// `None` (the test is skipped, saying so) without the reference trees.
fn import(tree: &str, options: &TreeOptions) -> Option<TreeImport> {
    let dir = crate::shared::path(&format!("apidocs/vpc/{tree}"), module_path!())?;
    let pages = read_tree(&dir).expect("tree");
    Some(import_tree_with(&pages, "vpc", options))
}

/// The 2022 import, and the 2026 tree imported into it, with the same fixes.
fn history(fixes: Fixes) -> Option<(TreeImport, TreeImport)> {
    let options = options(fixes);
    let old = import("2022-10-17", &options)?;
    let into = options
        .clone()
        .into_spec("vpc-2022.yaml", &old.yaml)
        .expect("the 2022 import is a spec");
    Some((old, import("2026-04-16", &into)?))
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("YAML")
}

/// The value a fix's path selects (list elements by `name`, `value` or position).
fn at<'a>(doc: &'a Value, keys: &[String]) -> Option<&'a Value> {
    keys.iter().try_fold(doc, |v, k| match v {
        Value::Sequence(s) => s
            .iter()
            .find(|e| e.get("name").or(e.get("value")).and_then(Value::as_str) == Some(k))
            .or_else(|| k.parse::<usize>().ok().and_then(|i| s.get(i))),
        _ => v.get(k.as_str()),
    })
}

/// Whether `have` says everything `want` says (`null` in `want`: the key is absent).
fn holds(have: Option<&Value>, want: &Value) -> bool {
    match (have, want) {
        (Some(Value::Mapping(h)), Value::Mapping(w)) => w.iter().all(|(k, v)| match v {
            Value::Null => !h.contains_key(k),
            _ => holds(h.get(k), v),
        }),
        (Some(h), w) => h == w,
        (None, _) => false,
    }
}

/// Whether the fix's change is in the spec.
fn in_effect(doc: &Value, fix: &Fix) -> bool {
    match &fix.change {
        Change::Set(v) => holds(at(doc, &fix.at), v),
        Change::Remove => at(doc, &fix.at).is_none(),
        Change::Rename(to) => {
            let (_, parent) = fix.at.split_last().expect("a path");
            let mut renamed = parent.to_vec();
            renamed.push(to.clone());
            at(doc, &fix.at).is_none() && at(doc, &renamed).is_some()
        }
    }
}

#[test]
fn every_vpc_fix_survives_the_2022_to_2026_reimport() {
    let text = std::fs::read_to_string(root().join("spec/fixes/vpc.yaml")).expect("fixes file");
    let fixes = fixes(&text);
    assert!(
        fixes.fixes.len() >= 6,
        "a type, paging, an enum, a name, a group, a description"
    );
    let kinds: Vec<&str> = fixes
        .fixes
        .iter()
        .map(|f| match (&f.change, f.at.first().map(String::as_str)) {
            (Change::Rename(_), _) => "name",
            (_, Some("service")) => "service",
            _ if f.at.last().is_some_and(|k| k == "type") => "type",
            _ if f.at.last().is_some_and(|k| k == "pagination") => "paging",
            _ if f.at.last().is_some_and(|k| k == "group") => "group",
            _ if f.at.last().is_some_and(|k| k == "description") => "description",
            (Change::Set(v), _) if v.get("enum").is_some() => "enum",
            _ => "other",
        })
        .collect();
    for kind in ["type", "paging", "enum", "name", "group", "description"] {
        assert!(
            kinds.contains(&kind),
            "the demonstration has a {kind} fix: {kinds:?}"
        );
    }
    let Some((old, new)) = history(fixes.clone()) else {
        return;
    };
    for (year, imported) in [("2022", &old), ("2026", &new)] {
        assert_eq!(
            (imported.summary.fixes_applied, imported.summary.fixes_stale),
            (fixes.fixes.len(), 0),
            "{year}: {:#?}",
            imported
                .warnings
                .iter()
                .filter(|w| w.file.contains("fixes"))
                .collect::<Vec<_>>()
        );
        let doc = yaml(&imported.yaml);
        for fix in &fixes.fixes {
            assert!(
                in_effect(&doc, fix),
                "{year}: the fix at line {} is not in the spec",
                fix.line
            );
        }
        let report = hwcloud_spec::check("vpc.yaml", &imported.yaml);
        assert!(!report.has_errors(), "{year}: the fixed spec passes check");
    }
    // Nothing that existed in 2022 was renamed or regrouped.
    let (a, b) = (yaml(&old.yaml), yaml(&new.yaml));
    for (id, op) in a["operations"].as_mapping().expect("ops") {
        let now = &b["operations"][id];
        assert_eq!(now["method"], op["method"], "{id:?}");
        assert_eq!(now["path"], op["path"], "{id:?}");
        assert_eq!(now.get("group"), op.get("group"), "{id:?}");
    }
    for name in a["schemas"].as_mapping().expect("schemas").keys() {
        assert!(
            b["schemas"].get(name).is_some(),
            "{name:?} of 2022 is gone in 2026"
        );
    }
    assert_eq!(
        new.summary.ids_kept,
        a["operations"].as_mapping().map_or(0, |m| m.len())
    );
}

#[test]
fn a_fix_the_newer_docs_made_obsolete_is_reported_at_its_line() {
    // 2022 types Neutron's `page_reverse` as a String, 2026 as a Boolean: a fix that says
    // what the docs say applies to the first and is reported, not applied, on the second.
    let fixes = fixes(
        "fixes:\n  - at: operations.NeutronListFloatingIps.parameters.page_reverse\n    docs: { type: string }\n    set: { type: boolean }\n",
    );
    let Some((old, new)) = history(fixes) else {
        return;
    };
    assert_eq!((old.summary.fixes_applied, old.summary.fixes_stale), (1, 0));
    assert_eq!((new.summary.fixes_applied, new.summary.fixes_stale), (0, 1));
    let warning = new
        .warnings
        .iter()
        .find(|w| w.file == "spec/fixes/vpc.yaml")
        .expect("a warning at the fixes file");
    assert_eq!(warning.line, 2);
    assert!(
        warning.message.contains("the docs now say") && warning.message.contains("boolean"),
        "{warning}"
    );
}
