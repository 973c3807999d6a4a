//! The final operation ids of a tree: stable across releases, the official SDK's where it
//! has the endpoint, distinct without numbers.
//!
//! In order:
//!
//! 0. **Given**: an id a person gives the page (`--id page=Id`) is the page's, whatever
//!    the spec imported into or the SDK would name it; nothing else gets it.
//! 1. **Kept**: importing into an existing spec, a page whose method and path (placeholder
//!    names ignored) an operation of that spec has keeps that operation's id (and, when
//!    several share the method and path, the one with the page's title as summary and the
//!    id the page would get anyway, then the one with that summary, then the one with that
//!    id, then file order).
//! 2. **The SDK's name**: given SDK facts, a page whose method and path an SDK operation has
//!    gets that operation's name. When several SDK operations share them
//!    (`AssociateRouteTable`, `DisassociateRouteTable`), the page gets the one closest to its
//!    own id (the longest common start), each name once.
//! 3. **Made from the page** ([`super::names`]): the page's own id (a text-form SDK sample)
//!    or one from title, method and path. An id that some SDK operation of another endpoint
//!    has, or that an existing operation keeps, is taken: the page never gets it.
//!
//! Ids that clash, or that are taken, are told apart in this order, each only if the result
//! is free: the lowest API version (then item-scoped last, then file order) keeps the plain
//! id; the others get the parent resource of a sub-resource (`ListPoolMembers`), then their
//! API version (`ListVpcsV3`), then both; a list of an item's sub-collection becomes a
//! `Show`; then the id the page's title alone gives (a verb and what it acts on:
//! `ScaleUpDbInstanceStorageSpace`), which comes right after the parent for pages that
//! share their method and path (an `action` endpoint: neither the version nor the path
//! tells them apart), and first of all for such a page whose title starts with a verb the
//! plain id cannot read (its plain id is the method's guess); the page's folder last. Only when all of these are taken does a
//! number follow (`2`, `3`).

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

use super::facts::{SdkFacts, pair};
use super::names;

/// What the id of one page is made from.
#[derive(Debug, Clone)]
pub(crate) struct Page<'a> {
    /// The page title.
    pub title: &'a str,
    /// The HTTP method.
    pub method: &'a str,
    /// The URI path.
    pub path: &'a str,
    /// An id the page names itself (text-form SDK samples).
    pub named: Option<&'a str>,
    /// An id a person gives the page (`--id page=Id`).
    pub given: Option<&'a str>,
    /// The page's file, relative to the tree.
    pub file: &'a str,
}

/// An operation of an existing spec.
#[derive(Debug, Clone)]
pub(crate) struct Existing {
    /// Its id.
    pub id: String,
    /// Its method.
    pub method: String,
    /// Its path.
    pub path: String,
    /// Its summary (the title of the page it came from).
    pub summary: String,
}

/// Where each final id came from, for the import's summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Ids a person gave.
    pub given: usize,
    /// Ids kept from the existing spec.
    pub kept: usize,
    /// Ids that are the SDK's name of the endpoint.
    pub sdk: usize,
    /// Ids made from the page.
    pub made: usize,
}

/// The final ids, one per page in order, and where they came from.
pub(crate) fn assign(
    pages: &[Page<'_>],
    facts: Option<&SdkFacts>,
    existing: &[Existing],
) -> (Vec<String>, Counts) {
    let mut out: Vec<Option<String>> = vec![None; pages.len()];
    let mut counts = Counts::default();
    let own: Vec<String> = pages
        .iter()
        .map(|p| match p.named {
            Some(id) => id.to_owned(),
            None => with_folder_prefix(p, names::operation_id(p.title, p.method, p.path)),
        })
        .collect();
    // 0. Given by a person.
    for (i, p) in pages.iter().enumerate() {
        if let Some(id) = p.given {
            out[i] = Some(id.to_owned());
            counts.given += 1;
        }
    }
    let given: BTreeSet<&str> = pages.iter().filter_map(|p| p.given).collect();
    // 1. Kept from the existing spec.
    let mut old_by_pair: BTreeMap<(String, String), Vec<&Existing>> = BTreeMap::new();
    for e in existing.iter().filter(|e| !given.contains(e.id.as_str())) {
        old_by_pair
            .entry(pair(&e.method, &e.path))
            .or_default()
            .push(e);
    }
    let mut by_pair: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        by_pair.entry(pair(p.method, p.path)).or_default().push(i);
    }
    for (key, members) in &by_pair {
        let Some(olds) = old_by_pair.get(key) else {
            continue;
        };
        let mut free: Vec<&Existing> = olds.clone();
        for pass in 0..4 {
            for &i in members {
                if out[i].is_some() {
                    continue;
                }
                let found = free.iter().position(|e| match pass {
                    0 => e.summary == pages[i].title && e.id == own[i],
                    1 => e.summary == pages[i].title,
                    2 => e.id == own[i],
                    _ => true,
                });
                if let Some(k) = found {
                    out[i] = Some(free.remove(k).id.clone());
                    counts.kept += 1;
                }
            }
        }
    }
    let mut taken: BTreeSet<String> = existing.iter().map(|e| e.id.clone()).collect();
    taken.extend(given.iter().map(|id| (*id).to_owned()));
    // 2. The SDK's names.
    if let Some(facts) = facts {
        for members in by_pair.values() {
            let first = &pages[members[0]];
            let mut names: Vec<&str> = facts
                .matching(first.method, first.path)
                .iter()
                .map(|o| o.name.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            names.retain(|n| !taken.contains(*n));
            // Closest first: the page whose id shares the longest start with a name.
            let mut wanting: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| out[i].is_none())
                .collect();
            while !wanting.is_empty() && !names.is_empty() {
                let (w, n) = wanting
                    .iter()
                    .enumerate()
                    .flat_map(|(w, &i)| {
                        names
                            .iter()
                            .enumerate()
                            .map(move |(n, name)| (w, n, i, *name))
                    })
                    .max_by_key(|&(_, _, i, name)| {
                        (
                            usize::from(own[i] == name),
                            common_start(&own[i], name),
                            std::cmp::Reverse(i),
                            std::cmp::Reverse(name.to_owned()),
                        )
                    })
                    .map(|(w, n, _, _)| (w, n))
                    .unwrap_or((0, 0));
                let i = wanting.remove(w);
                let name = names.remove(n).to_owned();
                taken.insert(name.clone());
                out[i] = Some(name);
                counts.sdk += 1;
            }
        }
    }
    for id in out.iter().flatten() {
        taken.insert(id.clone());
    }
    // 3. Made from the page, told apart.
    let forbidden = |id: &str, i: usize| {
        facts.is_some_and(|f| {
            f.has_name(id) && !f.names_endpoint(id, pages[i].method, pages[i].path)
        })
    };
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, id) in own.iter().enumerate() {
        if out[i].is_none() {
            groups.entry(id.clone()).or_default().push(i);
        }
    }
    for (id, mut members) in groups {
        members.sort_by_key(|&i| {
            let v = names::version(pages[i].path).unwrap_or_default();
            (v.len(), v, names::item_scoped(pages[i].path), i)
        });
        let first_version = names::version(pages[members[0]].path).unwrap_or_default();
        for (rank, &i) in members.iter().enumerate() {
            let p = &pages[i];
            let v = names::version(p.path).unwrap_or_default();
            let (parent, qualified) = if p.named.is_some() {
                (id.clone(), id.clone())
            } else {
                (
                    with_folder_prefix(
                        p,
                        names::operation_id_with_parent(p.title, p.method, p.path),
                    ),
                    with_folder_prefix(p, names::operation_id_qualified(p.title, p.method, p.path)),
                )
            };
            // What the title alone names: for pages sharing their method and path (an
            // `action` endpoint) right after the plain names, as neither a version nor the
            // path tells them apart; for others before the folder.
            let titled = p
                .named
                .is_none()
                .then(|| names::operation_id_from_title(p.title, p.method, p.path))
                .flatten()
                .map(|t| with_folder_prefix(p, t));
            let shared = by_pair
                .get(&pair(p.method, p.path))
                .is_some_and(|m| m.len() > 1);
            let mut tries: Vec<String> = Vec::new();
            // A page of a shared endpoint whose title's verb the plain id could not read
            // (`Scaling Up ...`: `CreateInstance` is the method's guess) is its title's.
            if shared && p.named.is_none() && !names::title_has_verb(p.title) {
                tries.extend(titled.clone());
            }
            if rank == 0 {
                tries.push(id.clone());
            }
            tries.push(parent.clone());
            if shared {
                tries.extend(titled.clone());
            }
            if v != first_version || rank == 0 {
                tries.push(format!("{id}{v}"));
                tries.push(format!("{parent}{v}"));
            }
            if names::item_scoped(p.path) {
                for base in [&id, &parent] {
                    if let Some(rest) = base.strip_prefix("List") {
                        tries.push(format!("Show{rest}"));
                    }
                }
            }
            tries.push(qualified.clone());
            if v != first_version {
                tries.push(format!("{qualified}{v}"));
            }
            tries.extend(titled);
            // The page's folder, last: `ListVersions` in `version_management/`.
            if let Some(folder) = p
                .file
                .rsplit_once('/')
                .map(|(d, _)| d.rsplit('/').next().unwrap_or(d))
            {
                let folder: String = folder
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()))
                    .map(|w| w.to_upper_camel_case())
                    .collect();
                tries.push(format!("{id}{folder}"));
            }
            let free = |n: &String| !n.is_empty() && !taken.contains(n) && !forbidden(n, i);
            let name = match tries.iter().find(|n| free(n)) {
                Some(n) => n.clone(),
                None => (2..)
                    .map(|k| format!("{parent}{v}{k}"))
                    .find(|n| free(n))
                    .unwrap_or_default(),
            };
            taken.insert(name.clone());
            out[i] = Some(name);
            counts.made += 1;
        }
    }
    (
        out.into_iter().map(Option::unwrap_or_default).collect(),
        counts,
    )
}

/// An id with the OpenStack prefix the page's folder gives, unless it has one.
fn with_folder_prefix(p: &Page<'_>, id: String) -> String {
    match names::openstack_folder(p.file) {
        Some(prefix) if names::openstack_api(p.path).is_none() && !id.starts_with(prefix) => {
            format!("{prefix}{id}")
        }
        _ => id,
    }
}

fn common_start(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tree::facts::SdkOperation;

    fn page<'a>(title: &'a str, method: &'a str, path: &'a str) -> Page<'a> {
        Page {
            title,
            method,
            path,
            named: None,
            given: None,
            file: "apis/page.rst",
        }
    }

    fn sdk(ops: &[(&str, &str, &str)]) -> SdkFacts {
        SdkFacts::new(
            "test",
            ops.iter()
                .map(|(n, m, p)| SdkOperation {
                    module: "v2".into(),
                    name: (*n).into(),
                    method: (*m).into(),
                    path: (*p).into(),
                    request: BTreeMap::new(),
                    response: BTreeMap::new(),
                })
                .collect(),
        )
    }

    #[test]
    fn clashing_ids_get_their_version_then_parent_never_a_number() {
        let pages = [
            page("Querying VPCs", "GET", "/v3/{project_id}/vpc/vpcs"),
            page("Querying VPCs", "GET", "/v1/{project_id}/vpcs"),
            page("Querying a VPC", "GET", "/v1/{project_id}/vpcs/{id}"),
            page("Querying Members", "GET", "/v3/{project_id}/elb/members"),
            page(
                "Querying Members",
                "GET",
                "/v3/{project_id}/elb/pools/{pool_id}/members",
            ),
        ];
        let (ids, counts) = assign(&pages, None, &[]);
        assert_eq!(
            ids,
            [
                "ListVpcsV3",
                "ListVpcs",
                "ShowVpc",
                "ListMembers",
                "ListPoolMembers"
            ]
        );
        assert_eq!(counts.made, 5);
    }

    #[test]
    fn the_sdk_names_its_endpoints_and_no_other() {
        let facts = sdk(&[
            (
                "DeleteSubnet",
                "DELETE",
                "/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}",
            ),
            (
                "AssociateRouteTable",
                "POST",
                "/v1/{project_id}/routetables/{id}/action",
            ),
            (
                "DisassociateRouteTable",
                "POST",
                "/v1/{project_id}/routetables/{id}/action",
            ),
        ]);
        let pages = [
            // No SDK operation has this path: it must not be `DeleteSubnet`.
            page(
                "Deleting a Subnet",
                "DELETE",
                "/v2.0/{project_id}/subnets/{subnet_id}",
            ),
            page(
                "Deleting a Subnet",
                "DELETE",
                "/v1/{project_id}/vpcs/{vpc_id}/subnets/{x}",
            ),
            page(
                "Disassociating Subnets from a Route Table",
                "POST",
                "/v1/{project_id}/routetables/{routetable_id}/action",
            ),
            page(
                "Associating Subnets with a Route Table",
                "POST",
                "/v1/{project_id}/routetables/{routetable_id}/action",
            ),
        ];
        let (ids, counts) = assign(&pages, Some(&facts), &[]);
        assert_eq!(ids[1], "DeleteSubnet");
        assert_ne!(ids[0], "DeleteSubnet");
        assert_eq!(
            ids[0], "DeleteSubnetV2",
            "the version tells it apart, not a number"
        );
        assert_eq!(ids[2], "DisassociateRouteTable");
        assert_eq!(ids[3], "AssociateRouteTable");
        assert_eq!(counts.sdk, 3);
    }

    #[test]
    fn folders_and_path_words_tell_ids_apart() {
        let mut nova = page("Querying API Versions", "GET", "/");
        nova.file = "native_openstack_nova_v2.1_apis/api_version/querying_api_versions.rst";
        let pages = [
            page("Querying API Versions", "GET", "/"),
            nova,
            page(
                "Port Statistics",
                "GET",
                "/v5/{project_id}/asset/port/statistics",
            ),
            page(
                "App Statistics",
                "GET",
                "/v5/{project_id}/asset/app/statistics",
            ),
            page("Querying Versions", "GET", "/versions"),
            page("Querying Versions", "GET", "/"),
        ];
        let (ids, _) = assign(&pages, None, &[]);
        assert_eq!(
            ids,
            [
                "ListApiVersions",
                "NovaListApiVersions",
                "ListStatistics",
                "ListAssetAppStatistics",
                "ListVersions",
                "ListRootVersions"
            ]
        );
    }

    #[test]
    fn pages_of_one_action_endpoint_are_named_by_their_titles() {
        let action = "/v3/{project_id}/instances/{instance_id}/action";
        let pages = [
            page(
                "Changing a Single DB Instance to Primary/Standby DB Instances",
                "POST",
                action,
            ),
            page("Changing DB Instance Specifications", "POST", action),
            page("Scaling Up Storage Space of a DB Instance", "POST", action),
            page("Changing the Storage Type of a DB Instance", "POST", action),
            page("Rebooting a DB Instance", "POST", action),
        ];
        let (ids, counts) = assign(&pages, None, &[]);
        assert_eq!(
            ids,
            [
                "UpdateInstance",
                "UpdateDbInstanceSpecifications",
                "ScaleUpDbInstanceStorageSpace",
                "UpdateDbInstanceStorageType",
                "RebootInstance",
            ]
        );
        assert_eq!(counts.made, 5);
        // No number glued to a version, no folder name.
        assert!(
            ids.iter()
                .all(|id| !id.ends_with(|c: char| c.is_ascii_digit()))
        );
    }

    #[test]
    fn pages_alike_keep_their_own_ids() {
        // Two pages with one method, path and title, told apart by their folders.
        let mut nova = page("Querying an API Version", "GET", "/{api_version}");
        nova.file = "native_openstack_nova_apis/version.rst";
        let plain = page("Querying an API Version", "GET", "/{api_version}");
        let (first, _) = assign(&[plain.clone(), nova.clone()], None, &[]);
        let existing: Vec<Existing> = first
            .iter()
            .rev()
            .map(|id| Existing {
                id: id.clone(),
                method: "GET".into(),
                path: "/{v}".into(),
                summary: "Querying an API Version".into(),
            })
            .collect();
        let (again, counts) = assign(&[plain, nova], None, &existing);
        assert_eq!(again, first);
        assert_eq!(counts.kept, 2);
    }

    #[test]
    fn existing_ids_are_kept_and_never_reused() {
        let existing = [
            Existing {
                id: "MyVpcs".into(),
                method: "GET".into(),
                path: "/v1/{project_id}/vpcs".into(),
                summary: "Querying VPCs".into(),
            },
            Existing {
                id: "ShowVpc".into(),
                method: "GET".into(),
                path: "/v1/{project_id}/gone/{id}".into(),
                summary: "Gone".into(),
            },
        ];
        let facts = sdk(&[("ListVpcs", "GET", "/v1/{project_id}/vpcs")]);
        let pages = [
            page("Querying VPCs", "GET", "/v1/{p}/vpcs"),
            page("Querying a VPC", "GET", "/v1/{project_id}/vpcs/{id}"),
        ];
        let (ids, counts) = assign(&pages, Some(&facts), &existing);
        assert_eq!(ids[0], "MyVpcs");
        assert_ne!(ids[1], "ShowVpc");
        assert_eq!(counts.kept, 1);
    }

    #[test]
    fn a_given_id_wins_over_the_spec_and_the_sdk_and_is_nobody_else_s() {
        let mut a = page("Querying VPCs", "GET", "/v1/{project_id}/vpcs");
        a.given = Some("MyListVpcs");
        let b = page("Creating a VPC", "POST", "/v1/{project_id}/vpcs");
        let existing = [
            Existing {
                id: "ListVpcsOld".into(),
                method: "GET".into(),
                path: "/v1/{project_id}/vpcs".into(),
                summary: "Querying VPCs".into(),
            },
            // The spec gives the second page's endpoint the id the first is given: it is
            // not kept.
            Existing {
                id: "MyListVpcs".into(),
                method: "POST".into(),
                path: "/v1/{project_id}/vpcs".into(),
                summary: "Creating a VPC".into(),
            },
        ];
        let facts = sdk(&[("ListVpcs", "GET", "/v1/{project_id}/vpcs")]);
        let (ids, counts) = assign(&[a, b], Some(&facts), &existing);
        assert_eq!(ids, ["MyListVpcs", "CreateVpc"]);
        assert_eq!((counts.given, counts.kept, counts.sdk), (1, 0, 0));
    }
}
