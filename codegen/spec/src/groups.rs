//! Resource groups as cargo features: which group compiles each operation and each
//! schema, the `[features]` table a generated crate declares, and the check that its
//! `Cargo.toml` declares it.
//!
//! An operation is compiled with its group's feature; a schema with the feature of any
//! group whose operations reach it (`#[cfg(any(feature = "a", feature = "b"))]`), so a
//! schema shared between groups is compiled once. The `full` feature enables every group
//! and is the crate's default.

use std::collections::BTreeSet;

use crate::model::Service;

/// The feature that enables every group.
pub const FULL_FEATURE: &str = "full";

/// The groups of a service and the groups each item belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gates {
    /// Every group, sorted.
    pub groups: Vec<String>,
    /// The group of each operation, by operation index.
    pub operations: Vec<String>,
    /// The groups that reach each schema, sorted, by schema index (empty: no operation
    /// reaches it, compiled with `full` only).
    pub schemas: Vec<Vec<String>>,
}

impl Gates {
    /// Groups of `service`'s operations and of the schemas they reach.
    pub fn of(service: &Service) -> Self {
        let groups: BTreeSet<&str> = service
            .operations
            .iter()
            .map(|o| o.group.as_str())
            .collect();
        let mut schemas = vec![BTreeSet::new(); service.schemas.len()];
        let mut scratch = service.clone();
        for group in &groups {
            let mut roots = Vec::new();
            for op in scratch.operations.iter_mut().filter(|o| o.group == *group) {
                crate::select::operation_types(op, &mut |ty| {
                    crate::select::schemas_in(ty, &mut roots)
                });
            }
            for i in crate::select::closure(&mut scratch, roots) {
                schemas[i].insert((*group).to_owned());
            }
        }
        Gates {
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            operations: service.operations.iter().map(|o| o.group.clone()).collect(),
            schemas: schemas
                .into_iter()
                .map(|s| s.into_iter().collect())
                .collect(),
        }
    }
}

/// The `[features]` table of a crate generated with group features `gates`: one
/// feature per group, `full` enabling them all, and `full` by default. `extra` features
/// of the crate (e.g. `blocking`) are left to the crate and not listed.
pub fn features_table(gates: &Gates) -> String {
    let mut out = String::from("[features]\ndefault = [\"full\"]\n");
    let all: Vec<String> = gates.groups.iter().map(|g| format!("\"{g}\"")).collect();
    out.push_str(&format!("{FULL_FEATURE} = [{}]\n", all.join(", ")));
    for group in &gates.groups {
        out.push_str(&format!("{group} = []\n"));
    }
    out
}

/// Checks that `manifest` (a `Cargo.toml`'s text) declares a feature per group of
/// `gates` (of service `service`) and a `full` feature listing every group. The error names what is missing
/// and gives the table to paste.
pub fn check_manifest(manifest: &str, service: &str, gates: &Gates) -> Result<(), String> {
    let declared = declared_features(manifest);
    let mut missing: Vec<String> = gates
        .groups
        .iter()
        .filter(|g| !declared.iter().any(|(name, _)| name == *g))
        .map(|g| format!("`{g}`"))
        .collect();
    match declared.iter().find(|(name, _)| name == FULL_FEATURE) {
        None => missing.push(format!("`{FULL_FEATURE}`")),
        Some((_, value)) => {
            let lacking: Vec<&str> = gates
                .groups
                .iter()
                .filter(|g| !value.contains(&format!("\"{g}\"")))
                .map(String::as_str)
                .collect();
            if !lacking.is_empty() {
                missing.push(format!(
                    "`{FULL_FEATURE}` enabling {}",
                    lacking
                        .iter()
                        .map(|g| format!("`{g}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "Cargo.toml does not declare the group features of service `{service}`: missing {}. Its `[features]` table must contain these lines (other features of the crate may follow):\n\n{}",
        missing.join(", "),
        features_table(gates)
    ))
}

/// The `name = value` entries of the `[features]` table of a `Cargo.toml` (a line-based
/// reading: enough for the one-entry-per-line tables this generator prints; a value may
/// continue over several lines until its `]`).
fn declared_features(manifest: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut in_features = false;
    let mut open = false;
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.starts_with('[') && !open {
            in_features = line == "[features]";
            continue;
        }
        if !in_features || line.is_empty() {
            continue;
        }
        if open {
            if let Some((_, value)) = out.last_mut() {
                value.push_str(line);
            }
        } else if let Some((name, value)) = line.split_once('=') {
            let name = name.trim().trim_matches('"').to_owned();
            out.push((name, value.trim().to_owned()));
        }
        if let Some((_, value)) = out.last() {
            open = value.starts_with('[') && !value.ends_with(']');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::resolve;

    fn spec() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/groups/demo.yaml"
        ))
        .expect("the fixture")
    }

    fn service() -> Service {
        resolve("demo.yaml", &spec())
            .map_err(|d| format!("{d:?}"))
            .expect("the spec resolves")
            .0
    }

    #[test]
    fn shared_schemas_belong_to_every_group_that_reaches_them() {
        let service = service();
        let gates = Gates::of(&service);
        assert_eq!(gates.groups, ["other", "port", "subnet"]);
        let by_name = |name: &str| {
            let i = service.schemas.iter().position(|s| s.name == name).unwrap();
            gates.schemas[i].clone()
        };
        assert_eq!(by_name("Subnet"), ["port", "subnet"]);
        assert_eq!(by_name("SubnetList"), ["subnet"]);
        assert_eq!(by_name("Port"), ["port"]);
        assert_eq!(by_name("PortState"), ["port"]);
    }

    #[test]
    fn the_table_lists_every_group_and_full_by_default() {
        assert_eq!(
            features_table(&Gates::of(&service())),
            "[features]\ndefault = [\"full\"]\nfull = [\"other\", \"port\", \"subnet\"]\nother = []\nport = []\nsubnet = []\n"
        );
    }

    #[test]
    fn the_manifest_check_names_what_is_missing_and_prints_the_table() {
        let gates = Gates::of(&service());
        let check = |manifest: &str| check_manifest(manifest, "demo", &gates);
        let good = format!(
            "[package]\nname = \"x\"\n\n{}blocking = []\n",
            features_table(&gates)
        );
        assert_eq!(check(&good), Ok(()));
        let multi_line = "[features]\nfull = [\n  \"other\",\n  \"port\",\n  \"subnet\",\n]\nother = []\nport = []\nsubnet = []\n";
        assert_eq!(check(multi_line), Ok(()));
        let e = check(
            "[features]\nfull = [\"port\", \"subnet\"]\nport = []\nsubnet = []\n[dependencies]\nother = \"1\"\n",
        )
        .unwrap_err();
        assert!(
            e.contains("missing `other`, `full` enabling `other`"),
            "{e}"
        );
        assert!(e.ends_with(&features_table(&gates)), "{e}");
        let e = check("[package]\nname = \"x\"\n").unwrap_err();
        assert!(
            e.contains("missing `other`, `port`, `subnet`, `full`."),
            "{e}"
        );
    }
}
